/* chorus-setup-rows.c: rows, error labels and presets the setup wizard's pages share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-presets.h"
#include "chorus-setup-rows.h"
#include "chorus-team-setup-page.h"

void
chorus_setup_show_error (GtkLabel   *label,
                         const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

void
chorus_setup_mark_invalid (gpointer widget,
                           gboolean invalid)
{
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

char *
chorus_setup_entry_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

gboolean
chorus_setup_has_whitespace (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

void
chorus_setup_field_changed_cb (GtkEditable *field,
                               GtkLabel    *error_label)
{
  chorus_setup_mark_invalid (field, FALSE);
  chorus_setup_show_error (error_label, NULL);
}

AdwActionRow *
chorus_setup_new_plain_row (const char *title,
                            const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

AdwActionRow *
chorus_setup_new_check_row (const char      *title,
                            const char      *subtitle,
                            gboolean         active,
                            GtkCheckButton **check)
{
  AdwActionRow *row = chorus_setup_new_plain_row (title, subtitle);
  GtkWidget *button = gtk_check_button_new ();

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
  adw_action_row_add_prefix (row, button);
  adw_action_row_set_activatable_widget (row, button);
  *check = GTK_CHECK_BUTTON (button);
  return row;
}

gint64 *
chorus_setup_int64_key (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

gboolean
chorus_setup_preset_lists (const char *key,
                           const char *value,
                           gboolean   *listed,
                           gboolean   *locked)
{
  ChorusPresets *presets = chorus_presets_get_default ();
  g_auto(GStrv) list = chorus_presets_get_list (presets, key);

  *listed = list != NULL && value != NULL && g_strv_contains ((const char * const *) list, value);
  *locked = list != NULL && chorus_presets_is_locked (presets, key);
  return list != NULL;
}

static void
secret_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = chorus_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (secret != NULL && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (row), secret);
  g_clear_pointer (&secret, secret_password_free);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The keyring could not be read (%s): enter the secrets again."),
                                                  error->message);
      chorus_toast_show_plain (row, message);
    }
}

void
chorus_setup_load_secret (const char       *profile_id,
                          ChorusSecretKind  kind,
                          GtkEditable      *row,
                          GCancellable     *cancellable)
{
  chorus_secrets_lookup_async (profile_id, kind, cancellable, secret_loaded_cb, g_object_ref (row));
}

void
chorus_setup_lock_row (GtkWidget *row)
{
  chorus_settings_row_show_locked (row);
  gtk_widget_set_sensitive (row, FALSE);
}
