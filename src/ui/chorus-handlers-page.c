/* chorus-handlers-page.c: edits the handlers kept in the store (seed 000's "Sauver les
 * gestionnaires"): add, rename everywhere, remove from the choices; and the user's own name. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-handlers-page.h"
#include "chorus-plain-text.h"

struct _ChorusHandlersPage
{
  AdwPreferencesPage   parent_instance;

  ChorusStore         *store;
  GSettings           *settings;
  AdwPreferencesGroup *list_group;
  GPtrArray           *rows;        /* the handlers' rows in list_group */
  GtkWidget           *add_row;
};

G_DEFINE_FINAL_TYPE (ChorusHandlersPage, chorus_handlers_page, ADW_TYPE_PREFERENCES_PAGE)

static void fill_list (ChorusHandlersPage *self);

static void
rename_cb (AdwEntryRow        *row,
           ChorusHandlersPage *self)
{
  const char *old_name = g_object_get_data (G_OBJECT (row), "chorus-name");
  const char *new_name = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (old_name, new_name) == 0)
    return;
  /* The invoices assigned to the old name follow. */
  if (!chorus_store_rename_gestionnaire (self->store, old_name, new_name, &error))
    {
      chorus_toast_show_plain (GTK_WIDGET (self), error->message);
      gtk_editable_set_text (GTK_EDITABLE (row), old_name);
    }
}

static void
remove_cb (GtkButton          *button,
           ChorusHandlersPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "chorus-name");
  g_autoptr(GError) error = NULL;

  if (!chorus_store_remove_gestionnaire (self->store, name, &error))
    chorus_toast_show_plain (GTK_WIDGET (self), error->message);
}

static void
add_cb (AdwEntryRow        *row,
        ChorusHandlersPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    return;
  if (!chorus_store_add_gestionnaire (self->store, name, &error))
    {
      chorus_toast_show_plain (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
fill_list (ChorusHandlersPage *self)
{
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (self->add_row != NULL)
    adw_preferences_group_remove (self->list_group, self->add_row);
  self->add_row = NULL;
  if (self->store == NULL)
    return;

  names = chorus_store_list_gestionnaires (self->store, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Handler"));
      gtk_editable_set_text (GTK_EDITABLE (row), names[i]);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "chorus-name", g_strdup (names[i]), g_free);
      g_signal_connect_object (row, "apply", G_CALLBACK (rename_cb), self, 0);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this handler from the list (the invoices keep it)"));
      g_object_set_data_full (G_OBJECT (remove), "chorus-name", g_strdup (names[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_cb), self, 0);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
  self->add_row = adw_entry_row_new ();
  gtk_widget_set_name (self->add_row, "add-handler");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), _("Add a handler"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->add_row), TRUE);
  g_signal_connect_object (self->add_row, "apply", G_CALLBACK (add_cb), self, 0);
  g_signal_connect_object (self->add_row, "entry-activated", G_CALLBACK (add_cb), self, 0);
  adw_preferences_group_add (self->list_group, self->add_row);
}

static void
setting_applied_cb (AdwEntryRow        *row,
                    ChorusHandlersPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, g_object_get_data (G_OBJECT (row), "chorus-key"), text);
}

static GtkWidget *
setting_row (ChorusHandlersPage *self,
             const char         *key,
             const char         *title,
             const char         *name)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *value = g_settings_get_string (self->settings, key);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "chorus-key", (gpointer) key);
  g_signal_connect_object (row, "apply", G_CALLBACK (setting_applied_cb), self, 0);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (setting_applied_cb), self, 0);
  return row;
}

static void
chorus_handlers_page_dispose (GObject *object)
{
  ChorusHandlersPage *self = CHORUS_HANDLERS_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_handlers_page_parent_class)->dispose (object);
}

static void
chorus_handlers_page_class_init (ChorusHandlersPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_handlers_page_dispose;
}

static void
chorus_handlers_page_init (ChorusHandlersPage *self)
{
  AdwPreferencesGroup *group;

  self->settings = g_settings_new (APP_ID);
  self->rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Handlers"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "system-users-symbolic");
  gtk_widget_set_name (GTK_WIDGET (self), "handlers");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("You"));
  adw_preferences_group_set_description (group, _("Your name as a handler: “Me” in the handler filter and the “My Invoices” filters use it."));
  adw_preferences_group_add (group, setting_row (self, "my-gestionnaire", _("Your name"), "my-name"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  self->list_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->list_group, _("Handlers of the Invoices"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->list_group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Internal Reference"));
  adw_preferences_group_set_description (group, _("What your team calls its file number, as the list’s column and the follow-up show it (“N° Dapec”…). Empty: “File No.”."));
  adw_preferences_group_add (group, setting_row (self, "internal-reference-label", _("Name of the file number"),
                                                 "reference-name"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

GtkWidget *
chorus_handlers_page_new (ChorusStore *store)
{
  ChorusHandlersPage *self = g_object_new (CHORUS_TYPE_HANDLERS_PAGE, NULL);

  g_return_val_if_fail (!store || CHORUS_IS_STORE (store), GTK_WIDGET (self));

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "gestionnaires-changed", G_CALLBACK (fill_list), self, G_CONNECT_SWAPPED);
      adw_preferences_group_set_description (self->list_group,
                                             _("The people invoices are assigned to. Renaming one renames it on its invoices; removing one takes it out of the choices only."));
    }
  else
    adw_preferences_group_set_description (self->list_group,
                                           _("Open a connection to Chorus Pro, or the demo, to manage its handlers."));
  fill_list (self);
  return GTK_WIDGET (self);
}
