/* chorus-setup-structures-page.c: the setup wizard's choice of structures, from the account or by SIRET.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-setup-rows.h"
#include "chorus-setup-structures-page.h"

struct _ChorusSetupStructuresPage
{
  AdwPreferencesPage     parent_instance;

  /* Template widgets */
  AdwPreferencesGroup   *structures_group;
  AdwEntryRow           *siret_row;
  GtkLabel              *structures_error;

  /* State */
  ChorusConnectionCheck *check;              /* of the last test; NULL before */
  GCancellable          *cancellable;        /* the wizard's, for this test */
  GPtrArray             *structures;         /* ChorusStructure shown */
  GPtrArray             *structure_rows;     /* AdwActionRow, same order; owned by the group */
  GHashTable            *checked_structures; /* idStructureCPP (gint64 *) set chosen so far */
};

G_DEFINE_FINAL_TYPE (ChorusSetupStructuresPage, chorus_setup_structures_page, ADW_TYPE_PREFERENCES_PAGE)

static void
structure_toggled_cb (GtkCheckButton            *check,
                      ChorusSetupStructuresPage *self)
{
  ChorusStructure *structure = g_object_get_data (G_OBJECT (check), "structure");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->checked_structures, chorus_setup_int64_key (structure->id));
  else
    g_hash_table_remove (self->checked_structures, &structure->id);
  chorus_setup_show_error (self->structures_error, NULL);
}

static void
add_structure_row (ChorusSetupStructuresPage *self,
                   ChorusStructure           *structure,
                   gboolean                   active)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkCheckButton *check;
  AdwActionRow *row;

  g_string_append_printf (subtitle, _("SIRET %s"), structure->identifier ? structure->identifier : "—");
  if (structure->role != CHORUS_ROLE_UNKNOWN)
    g_string_append_printf (subtitle, " · %s", chorus_role_label (structure->role));
  if (structure->services != NULL && structure->services->len > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attached service",
                                                             "%u attached services", structure->services->len),
                                                structure->services->len);
      g_string_append_printf (subtitle, " · %s", count);
    }

  row = chorus_setup_new_check_row (structure->name && *structure->name ? structure->name : structure->identifier,
                                    subtitle->str, active, &check);
  g_object_set_data (G_OBJECT (check), "structure", structure);
  g_signal_connect (check, "toggled", G_CALLBACK (structure_toggled_cb), self);
  if (active)
    g_hash_table_add (self->checked_structures, chorus_setup_int64_key (structure->id));
  adw_preferences_group_add (self->structures_group, GTK_WIDGET (row));
  g_ptr_array_add (self->structure_rows, row);
}

static gboolean
structure_is_listed (ChorusSetupStructuresPage *self,
                     gint64                     id)
{
  for (guint i = 0; i < self->structures->len; i++)
    if (((ChorusStructure *) g_ptr_array_index (self->structures, i))->id == id)
      return TRUE;
  return FALSE;
}

static void
find_siret_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ChorusSetupStructuresPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ChorusStructure *structure;

  structure = chorus_connection_check_find_siret_finish (CHORUS_CONNECTION_CHECK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->siret_row), TRUE);
  if (structure == NULL)
    {
      chorus_setup_mark_invalid (self->siret_row, TRUE);
      chorus_setup_show_error (self->structures_error, error->message);
      return;
    }

  chorus_setup_mark_invalid (self->siret_row, FALSE);
  chorus_setup_show_error (self->structures_error, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->siret_row), "");
  if (structure_is_listed (self, structure->id))
    {
      for (guint i = 0; i < self->structure_rows->len; i++)
        if (((ChorusStructure *) g_ptr_array_index (self->structures, i))->id == structure->id)
          {
            GtkWidget *check = adw_action_row_get_activatable_widget (g_ptr_array_index (self->structure_rows, i));
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          }
      chorus_structure_free (structure);
      return;
    }
  g_ptr_array_add (self->structures, structure);
  add_structure_row (self, structure, TRUE);
}

static void
siret_apply_cb (ChorusSetupStructuresPage *self)
{
  g_autoptr(GString) siret = g_string_new (NULL);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->siret_row));
  g_autofree char *message = NULL;

  /* People paste SIRETs grouped as "267 300 302 00016". */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '.')
      g_string_append_c (siret, *p);

  if (siret->len == 0)
    return;
  if (siret->len != 14 || strspn (siret->str, "0123456789") != 14)
    message = g_strdup_printf (_("A SIRET has exactly 14 digits; “%s” has %u characters."), siret->str,
                               (guint) g_utf8_strlen (siret->str, -1));
  else if (!chorus_siret_is_valid (siret->str))
    message = g_strdup_printf (_("“%s” is not a valid SIRET: its check digit does not match. Look for a mistyped digit."),
                               siret->str);
  if (message != NULL || self->check == NULL)
    {
      chorus_setup_mark_invalid (self->siret_row, TRUE);
      chorus_setup_show_error (self->structures_error, message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->siret_row), FALSE);
  chorus_connection_check_find_siret_async (self->check, siret->str, self->cancellable,
                                            find_siret_done_cb, g_object_ref (self));
}

static void
clear_structure_rows (ChorusSetupStructuresPage *self)
{
  for (guint i = 0; i < self->structure_rows->len; i++)
    adw_preferences_group_remove (self->structures_group, g_ptr_array_index (self->structure_rows, i));
  g_ptr_array_set_size (self->structure_rows, 0);
}

static void
chorus_setup_structures_page_dispose (GObject *object)
{
  ChorusSetupStructuresPage *self = CHORUS_SETUP_STRUCTURES_PAGE (object);

  g_clear_object (&self->check);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (chorus_setup_structures_page_parent_class)->dispose (object);
}

static void
chorus_setup_structures_page_finalize (GObject *object)
{
  ChorusSetupStructuresPage *self = CHORUS_SETUP_STRUCTURES_PAGE (object);

  g_ptr_array_unref (self->structures);
  g_ptr_array_unref (self->structure_rows);
  g_hash_table_unref (self->checked_structures);
  G_OBJECT_CLASS (chorus_setup_structures_page_parent_class)->finalize (object);
}

static void
chorus_setup_structures_page_class_init (ChorusSetupStructuresPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_setup_structures_page_dispose;
  object_class->finalize = chorus_setup_structures_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-structures-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupStructuresPage, structures_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupStructuresPage, siret_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupStructuresPage, structures_error);
}

static void
chorus_setup_structures_page_init (ChorusSetupStructuresPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->structures = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  self->structure_rows = g_ptr_array_new ();
  self->checked_structures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_signal_connect (self->siret_row, "changed", G_CALLBACK (chorus_setup_field_changed_cb), self->structures_error);
  g_signal_connect_swapped (self->siret_row, "apply", G_CALLBACK (siret_apply_cb), self);
  g_signal_connect_swapped (self->siret_row, "entry-activated", G_CALLBACK (siret_apply_cb), self);
}

void
chorus_setup_structures_page_restart (ChorusSetupStructuresPage *self,
                                      ChorusConnectionCheck     *check,
                                      GCancellable              *cancellable)
{
  g_return_if_fail (CHORUS_IS_SETUP_STRUCTURES_PAGE (self));

  g_set_object (&self->check, check);
  g_set_object (&self->cancellable, cancellable);
  /* New credentials may see other structures: start over. */
  clear_structure_rows (self);
  g_ptr_array_set_size (self->structures, 0);
}

void
chorus_setup_structures_page_fill (ChorusSetupStructuresPage *self,
                                   ChorusProfile             *profile,
                                   gboolean                   editing)
{
  g_autoptr(GHashTable) chosen = NULL;
  GPtrArray *attached;
  GPtrArray *saved;

  g_return_if_fail (CHORUS_IS_SETUP_STRUCTURES_PAGE (self));

  saved = chorus_profile_get_structures (profile);
  if (self->structure_rows->len > 0 || self->check == NULL)
    return;

  /* Keep what the user chose before a re-test; else what the profile had; else tick everything. */
  chosen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (g_hash_table_size (self->checked_structures) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->checked_structures);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (chosen, chorus_setup_int64_key (*(gint64 *) key));
    }
  else
    for (guint i = 0; i < saved->len; i++)
      g_hash_table_add (chosen, chorus_setup_int64_key (((ChorusProfileStructure *) g_ptr_array_index (saved, i))->id));

  attached = chorus_connection_check_get_structures (self->check);
  for (guint i = 0; attached != NULL && i < attached->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (attached, i);

      if (!structure_is_listed (self, structure->id))
        g_ptr_array_add (self->structures, chorus_structure_copy (structure));
    }
  /* Structures of the profile found by SIRET rather than attached to the account. */
  for (guint i = 0; i < saved->len; i++)
    {
      ChorusProfileStructure *s = g_ptr_array_index (saved, i);

      if (!structure_is_listed (self, s->id))
        {
          ChorusStructure *structure = chorus_structure_new ();

          structure->id = s->id;
          structure->identifier = g_strdup (s->siret);
          structure->name = g_strdup (s->designation);
          g_ptr_array_add (self->structures, structure);
        }
    }

  g_hash_table_remove_all (self->checked_structures);
  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      gboolean active = g_hash_table_size (chosen) == 0 || g_hash_table_contains (chosen, &structure->id);
      gboolean listed = FALSE, locked = FALSE;

      if (!editing && chorus_setup_preset_lists ("structures", structure->identifier, &listed, &locked))
        active = listed;
      add_structure_row (self, structure, active);
      if (locked)
        gtk_widget_set_sensitive (g_ptr_array_index (self->structure_rows, self->structure_rows->len - 1), FALSE);
    }
  if (!chorus_profile_key_is_writable (profile, "structures"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->siret_row), FALSE);
}

GPtrArray *
chorus_setup_structures_page_dup_chosen (ChorusSetupStructuresPage *self)
{
  GPtrArray *chosen = g_ptr_array_new ();

  g_return_val_if_fail (CHORUS_IS_SETUP_STRUCTURES_PAGE (self), chosen);

  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);

      if (g_hash_table_contains (self->checked_structures, &structure->id))
        g_ptr_array_add (chosen, structure);
    }
  return chosen;
}

gboolean
chorus_setup_structures_page_validate (ChorusSetupStructuresPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_STRUCTURES_PAGE (self), FALSE);

  if (g_hash_table_size (self->checked_structures) == 0)
    {
      chorus_setup_show_error (self->structures_error,
                               self->structures->len == 0
                               ? _("The technical account is not attached to any structure. Add one by its SIRET above, or attach the account to your structure in the Chorus Pro portal.")
                               : _("Tick at least one structure."));
      return FALSE;
    }
  chorus_setup_show_error (self->structures_error, NULL);
  return TRUE;
}
