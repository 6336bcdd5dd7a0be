/* chorus-setup-gestionnaires-page.c: the setup wizard's list of gestionnaires (who handles an invoice).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-setup-gestionnaires-page.h"
#include "chorus-setup-rows.h"

struct _ChorusSetupGestionnairesPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *gestionnaires_group;
  AdwEntryRow         *gestionnaire_row;
  GtkLabel            *gestionnaires_error;

  /* State */
  GPtrArray           *gestionnaires;      /* char * */
  GPtrArray           *gestionnaire_rows;  /* AdwActionRow */
};

G_DEFINE_FINAL_TYPE (ChorusSetupGestionnairesPage, chorus_setup_gestionnaires_page, ADW_TYPE_PREFERENCES_PAGE)

static void
remove_gestionnaire_cb (GtkButton                    *button,
                        ChorusSetupGestionnairesPage *self)
{
  AdwActionRow *row = g_object_get_data (G_OBJECT (button), "row");
  guint index;

  if (g_ptr_array_find (self->gestionnaire_rows, row, &index))
    {
      adw_preferences_group_remove (self->gestionnaires_group, GTK_WIDGET (row));
      g_ptr_array_remove_index (self->gestionnaire_rows, index);
      g_ptr_array_remove_index (self->gestionnaires, index);
    }
}

static void
gestionnaire_apply_cb (ChorusSetupGestionnairesPage *self)
{
  g_autofree char *name = chorus_setup_entry_text (self->gestionnaire_row);

  if (*name == '\0')
    return;
  for (guint i = 0; i < self->gestionnaires->len; i++)
    if (g_utf8_collate (g_ptr_array_index (self->gestionnaires, i), name) == 0)
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is already in the list."), name);
        chorus_setup_show_error (self->gestionnaires_error, message);
        return;
      }
  chorus_setup_show_error (self->gestionnaires_error, NULL);
  chorus_setup_gestionnaires_page_add (self, name);
  gtk_editable_set_text (GTK_EDITABLE (self->gestionnaire_row), "");
}

static void
chorus_setup_gestionnaires_page_finalize (GObject *object)
{
  ChorusSetupGestionnairesPage *self = CHORUS_SETUP_GESTIONNAIRES_PAGE (object);

  g_ptr_array_unref (self->gestionnaires);
  g_ptr_array_unref (self->gestionnaire_rows);
  G_OBJECT_CLASS (chorus_setup_gestionnaires_page_parent_class)->finalize (object);
}

static void
chorus_setup_gestionnaires_page_class_init (ChorusSetupGestionnairesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_setup_gestionnaires_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-gestionnaires-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupGestionnairesPage, gestionnaires_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupGestionnairesPage, gestionnaire_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupGestionnairesPage, gestionnaires_error);
}

static void
chorus_setup_gestionnaires_page_init (ChorusSetupGestionnairesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->gestionnaires = g_ptr_array_new_with_free_func (g_free);
  self->gestionnaire_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->gestionnaire_row, "apply", G_CALLBACK (gestionnaire_apply_cb), self);
  g_signal_connect_swapped (self->gestionnaire_row, "entry-activated", G_CALLBACK (gestionnaire_apply_cb), self);
}

void
chorus_setup_gestionnaires_page_add (ChorusSetupGestionnairesPage *self,
                                     const char                   *name)
{
  AdwActionRow *row;
  GtkWidget *button;

  g_return_if_fail (CHORUS_IS_SETUP_GESTIONNAIRES_PAGE (self));

  row = chorus_setup_new_plain_row (name, NULL);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_gestionnaire_cb), self);
  adw_action_row_add_suffix (row, button);
  adw_preferences_group_add (self->gestionnaires_group, GTK_WIDGET (row));
  g_ptr_array_add (self->gestionnaire_rows, row);
  g_ptr_array_add (self->gestionnaires, g_strdup (name));
}

GStrv
chorus_setup_gestionnaires_page_dup_names (ChorusSetupGestionnairesPage *self)
{
  GStrv names;

  g_return_val_if_fail (CHORUS_IS_SETUP_GESTIONNAIRES_PAGE (self), NULL);

  names = g_new0 (char *, self->gestionnaires->len + 1);
  for (guint i = 0; i < self->gestionnaires->len; i++)
    names[i] = g_strdup (g_ptr_array_index (self->gestionnaires, i));
  return names;
}
