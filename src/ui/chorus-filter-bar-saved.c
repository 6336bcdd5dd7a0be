/* chorus-filter-bar-saved.c: ChorusFilterBar's saved filter sets: the popover listing them (with the
 * built-in "My Invoices"), saving the current filters under a name, applying and deleting one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-filter-bar-private.h"
#include "chorus-status.h"

/* "À traiter · TTC ≥ 10 000,00 € · Gestionnaire : Claire": what a set keeps, in words. */
static char *
describe_filter (ChorusFilterBar           *self,
                 const ChorusInvoiceFilter *filter)
{
  GString *text = g_string_new (chorus_status_group_label (filter->group));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *chip = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      g_string_append_printf (text, " · %s", (const char *) g_object_get_data (G_OBJECT (chip), "chorus-chip-text"));
    }
  if (filter->text != NULL)
    g_string_append_printf (text, " · « %s »", filter->text);
  return g_string_free (text, FALSE);
}

static void
delete_saved_cb (GtkButton       *button,
                 ChorusFilterBar *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "chorus-name");
  g_autoptr(GError) error = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (!chorus_store_delete_filter (self->store, name, &error))
    {
      _chorus_filter_bar_show_toast (self, error->message);
      return;
    }
  gtk_list_box_remove (self->saved_list, row);
}

static GtkWidget *
saved_row_new (const char *title,
               const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
saved_popover_show_cb (ChorusFilterBar *self)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *me = _chorus_filter_bar_my_name (self);
  g_autofree char *mine = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *current = NULL;
  ChorusInvoiceFilter filter;
  GtkWidget *child, *row;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list))) != NULL)
    gtk_list_box_remove (self->saved_list, child);

  /* Built in: the invoices waiting for me. */
  mine = me != NULL ? g_strdup_printf (_("To process, handled by %s"), me)
                    : g_strdup (_("Set your name in Preferences › Handlers first"));
  row = saved_row_new (_("My Invoices"), mine);
  gtk_widget_set_name (row, "my-invoices");
  g_object_set_data (G_OBJECT (row), "chorus-builtin", GINT_TO_POINTER (TRUE));
  gtk_widget_set_sensitive (row, me != NULL);
  gtk_list_box_append (self->saved_list, row);

  if (self->store != NULL)
    names = chorus_store_list_filters (self->store, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      ChorusInvoiceFilter saved;
      g_autofree char *description = NULL;

      if (chorus_store_load_filter (self->store, names[i], &saved, NULL))
        description = g_strdup (chorus_status_group_label (saved.group));
      row = saved_row_new (names[i], description);
      g_object_set_data_full (G_OBJECT (row), "chorus-name", g_strdup (names[i]), g_free);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Delete this saved filter"));
      g_object_set_data_full (G_OBJECT (remove), "chorus-name", g_strdup (names[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (delete_saved_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->saved_list, row);
    }

  chorus_filter_bar_get_filter (self, &filter);
  current = describe_filter (self, &filter);
  summary = g_strdup_printf (_("Saves: %s"), current);
  gtk_label_set_text (self->save_summary_label, summary);
}

static void
saved_row_activated_cb (ChorusFilterBar *self,
                        GtkListBoxRow   *row)
{
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (row), "chorus-builtin") != NULL)
    chorus_filter_bar_show_my_invoices (self);
  else if (!chorus_filter_bar_apply_saved (self, g_object_get_data (G_OBJECT (row), "chorus-name"), &error))
    _chorus_filter_bar_show_toast (self, error->message);
  gtk_popover_popdown (self->saved_popover);
}

static void
save_filter_cb (ChorusFilterBar *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->save_name_entry))));
  g_autoptr(GError) error = NULL;
  ChorusInvoiceFilter filter;

  if (*name == '\0' || self->store == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->save_name_entry));
      return;
    }
  chorus_filter_bar_get_filter (self, &filter);
  if (!chorus_store_save_filter (self->store, name, &filter, &error))
    {
      _chorus_filter_bar_show_toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->save_name_entry), "");
  gtk_popover_popdown (self->saved_popover);
  _chorus_filter_bar_show_toast (self, _("Filters saved"));
}

gboolean
chorus_filter_bar_apply_saved (ChorusFilterBar  *self,
                               const char       *name,
                               GError          **error)
{
  ChorusInvoiceFilter filter;

  g_return_val_if_fail (CHORUS_IS_FILTER_BAR (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->store == NULL || !chorus_store_load_filter (self->store, name, &filter, error))
    return FALSE;
  chorus_filter_bar_set_filter (self, &filter);
  return TRUE;
}

gboolean
chorus_filter_bar_show_my_invoices (ChorusFilterBar *self)
{
  g_autofree char *me = NULL;
  ChorusInvoiceFilter filter;

  g_return_val_if_fail (CHORUS_IS_FILTER_BAR (self), FALSE);

  me = _chorus_filter_bar_my_name (self);
  if (me == NULL)
    {
      _chorus_filter_bar_show_toast (self, _("Set your name as a handler in the preferences first"));
      return FALSE;
    }
  chorus_invoice_filter_init (&filter);
  filter.group = CHORUS_STATUS_GROUP_TO_PROCESS;
  filter.gestionnaire = me;
  chorus_filter_bar_set_filter (self, &filter);
  return TRUE;
}

void
_chorus_filter_bar_class_saved_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, saved_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_filter_cb);
}
