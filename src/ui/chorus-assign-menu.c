/* chorus-assign-menu.c: builds the "Attribuer à…" menu from the managed handlers, and a row's menu. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-assign-menu.h"

void
chorus_assign_menu_fill (GMenu       *menu,
                         ChorusStore *store,
                         const char  *action)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GMenu) people = g_menu_new ();
  g_autoptr(GMenu) others = g_menu_new ();
  g_autoptr(GMenuItem) nobody = g_menu_item_new (_("_Nobody"), NULL);

  g_return_if_fail (G_IS_MENU (menu));
  g_return_if_fail (action != NULL);

  g_menu_remove_all (menu);
  if (store != NULL)
    names = chorus_store_list_gestionnaires (store, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      /* Menu labels take "_" as a mnemonic: a name shows as typed. */
      g_auto(GStrv) parts = g_strsplit (names[i], "_", -1);
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (names[i]));
      g_menu_append_item (people, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (people));
  g_menu_item_set_action_and_target_value (nobody, action, g_variant_new_string (""));
  g_menu_append_item (others, nobody);
  g_menu_append (others, _("_Manage Handlers…"), "win.manage-handlers");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (others));
}

GMenuModel *
chorus_assign_menu_new_row_menu (GMenuModel *assign_menu)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) second = g_menu_new ();

  g_menu_append (first, _("_Open"), "recipient.open-invoice");
  g_menu_append (first, _("Open the _PDF"), "recipient.open-pdf");
  g_menu_append_submenu (first, _("_Assign to"), assign_menu);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append (second, _("_Copy the Invoice Number"), "recipient.copy-number");
  g_menu_append (second, _("_Download the PDF…"), "recipient.download-pdfs");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (second));
  return G_MENU_MODEL (menu);
}

char *
chorus_assign_invoices (ChorusStore  *store,
                        const GArray *ids,
                        const char   *name)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL && name != NULL, NULL);

  if (ids->len == 0)
    return g_strdup (_("Select at least one invoice first"));
  if (!chorus_store_assign_gestionnaire (store, (const gint64 *) (gpointer) ids->data, ids->len, name, &error))
    return g_strdup_printf (_("The handler could not be saved: %s"), error->message);
  if (*name != '\0')
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice assigned to %s", "%u invoices assigned to %s",
                                         ids->len), ids->len, name);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice assigned to nobody",
                                       "%u invoices assigned to nobody", ids->len), ids->len);
}

char *
chorus_assign_menu_numbers (ChorusStore  *store,
                            const GArray *ids)
{
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GString) numbers = g_string_new (NULL);

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  if (ids->len > 0)
    invoices = chorus_store_load_invoices (store, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    {
      const char *number = chorus_invoice_get_number (g_ptr_array_index (invoices, i));

      if (number != NULL)
        g_string_append_printf (numbers, "%s%s", numbers->len > 0 ? "\n" : "", number);
    }
  return numbers->len > 0 ? g_string_free (g_steal_pointer (&numbers), FALSE) : NULL;
}
