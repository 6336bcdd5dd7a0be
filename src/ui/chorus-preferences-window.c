/* chorus-preferences-window.c: settings bound to GSettings, applied as soon as they change; connection profiles. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-application.h"
#include "chorus-delays-group.h"
#include "chorus-ecb-rates-group.h"
#include "chorus-format.h"
#include "chorus-handlers-page.h"
#include "chorus-invoice-list.h"
#include "chorus-plain-text.h"
#include "chorus-preferences-window.h"
#include "chorus-profile.h"
#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-setup-wizard.h"
#include "chorus-team-setup-page.h"
#include "chorus-types.h"

struct _ChorusPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *sync_interval_spin;
  GtkSpinButton        *delay_state_spin;
  GtkSpinButton        *delay_hospital_spin;
  AdwComboRow          *delay_kind_row;
  GtkSwitch            *notify_switch;
  GtkSwitch            *password_reminder_switch;
  AdwActionRow         *reminder_days_row;
  GtkSpinButton        *reminder_days_spin;
  GtkButton            *reset_columns_button;
  AdwPreferencesPage   *deadlines_page;
  AdwPreferencesPage   *connection_page;
  GtkWidget            *handlers_page;
  GtkButton            *add_profile_button;
  AdwComboRow          *profile_row;
  AdwPreferencesGroup  *details_group;
  GtkButton            *edit_profile_button;
  AdwPreferencesGroup  *forget_group;
  GtkButton            *forget_button;
  ChorusTeamSetupPage  *team_page;

  /* Owned references */
  GSettings            *settings;
  GStrv                 profile_ids;     /* same order as profile_row's model */
  GPtrArray            *detail_rows;     /* AdwActionRow in details_group */
  gboolean              filling;         /* profile_row being refilled: ignore "selected" */
};

G_DEFINE_FINAL_TYPE (ChorusPreferencesWindow, chorus_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const delay_kinds[] = { "state", "hospital" };

static gboolean
delay_kind_get_mapping (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char *kind = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (delay_kinds); i++)
    if (g_strcmp0 (kind, delay_kinds[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
delay_kind_set_mapping (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (delay_kinds))
    return NULL;
  return g_variant_new_string (delay_kinds[selected]);
}

static void
reset_columns_cb (ChorusPreferencesWindow *self)
{
  /* Every open list follows GSettings and shows its defaults at once. */
  chorus_invoice_list_reset_settings (self->settings);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The invoice list shows its default columns again")));
}

/* ---- connection profiles ---------------------------------------------------------------- */

/* The application of the window the preferences belong to. */
static ChorusApplication *
application (ChorusPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;

  return CHORUS_APPLICATION (app != NULL ? G_APPLICATION (app) : g_application_get_default ());
}

static ChorusProfile *
current_profile (ChorusPreferencesWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "current-profile");

  return chorus_profile_load (id);
}

static void
add_detail_row (ChorusPreferencesWindow *self,
                const char              *title,
                const char              *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (self->details_group, row);
  g_ptr_array_add (self->detail_rows, row);
}

static void
fill_details (ChorusPreferencesWindow *self)
{
  g_autoptr(ChorusProfile) profile = current_profile (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expiry = NULL;
  g_autofree char *structures = NULL;
  g_autofree char *roles = NULL;
  const char *environment;

  for (guint i = 0; i < self->detail_rows->len; i++)
    adw_preferences_group_remove (self->details_group, g_ptr_array_index (self->detail_rows, i));
  g_ptr_array_set_size (self->detail_rows, 0);

  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_profile_button), profile != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->forget_group), profile != NULL);
  if (profile == NULL)
    {
      add_detail_row (self, _("No connection yet"), _("Add a profile to connect to Chorus Pro."));
      return;
    }

  environment = chorus_profile_get_environment (profile);
  add_detail_row (self, _("Environment"), chorus_profile_environment_label (environment));
  add_detail_row (self, _("PISTE client ID"), chorus_profile_get_client_id (profile));
  add_detail_row (self, _("Technical account"), chorus_profile_get_tech_login (profile));

  expiry = chorus_profile_describe_password_expiry (profile, now);
  if (expiry != NULL)
    add_detail_row (self, _("Password expires"), expiry);
  structures = chorus_profile_describe_structures (profile);
  add_detail_row (self, _("Structures"), *structures ? structures : "—");
  roles = chorus_profile_describe_roles (profile);
  add_detail_row (self, _("Roles"), *roles ? roles : "—");
}

static void fill_team_page (ChorusPreferencesWindow *self);

static void
fill_profiles (ChorusPreferencesWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *current = g_settings_get_string (self->settings, "current-profile");
  guint selected = GTK_INVALID_LIST_POSITION;

  g_strfreev (self->profile_ids);
  self->profile_ids = chorus_profile_list_ids ();
  for (guint i = 0; self->profile_ids[i] != NULL; i++)
    {
      g_autoptr(ChorusProfile) profile = chorus_profile_load (self->profile_ids[i]);

      gtk_string_list_append (names, profile ? chorus_profile_get_name (profile) : self->profile_ids[i]);
      if (g_strcmp0 (current, self->profile_ids[i]) == 0)
        selected = i;
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->profile_row, selected);
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_row), self->profile_ids[0] != NULL);
  fill_details (self);
  fill_team_page (self);
}

/* The team page follows the current profile; there is nothing to share without one. */
static void
fill_team_page (ChorusPreferencesWindow *self)
{
  g_autoptr(ChorusProfile) profile = current_profile (self);

  gtk_widget_set_visible (GTK_WIDGET (self->team_page), profile != NULL);
  if (profile != NULL)
    chorus_team_setup_page_set_profile (self->team_page, profile);
}

static void
team_password_saved_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(ChorusPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_object_steal_data (G_OBJECT (self), "team-saving");

  if (!chorus_team_setup_page_save_password_finish (self->team_page, result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The password could not be saved in the keyring: %s. Check that "
                                                    "a keyring is running and unlocked, then save again."),
                                                  error->message);
      chorus_team_setup_page_show_message (self->team_page, FALSE, message);
      return;
    }
  /* The session reads its team settings when it opens: open it again on them. */
  chorus_application_open_profile (application (self), id);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Team database settings saved")));
}

static void
team_save_requested_cb (ChorusPreferencesWindow *self)
{
  g_autoptr(ChorusProfile) profile = current_profile (self);
  g_autoptr(ChorusTeamConfig) config = NULL;

  if (profile == NULL)
    return;
  config = chorus_team_setup_page_dup_config (self->team_page);
  chorus_profile_set_team_config (profile, config);
  chorus_profile_save (profile);
  chorus_team_setup_page_save_identity (self->team_page);
  g_object_set_data_full (G_OBJECT (self), "team-saving", g_strdup (chorus_profile_get_id (profile)), g_free);
  chorus_team_setup_page_save_password_async (self->team_page, chorus_profile_get_id (profile), NULL,
                                              team_password_saved_cb, g_object_ref (self));
}

static void
profile_selected_cb (ChorusPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->profile_row);
  ChorusApplication *app = application (self);

  g_autofree char *current = g_settings_get_string (self->settings, "current-profile");

  if (self->filling || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (self->profile_ids) ||
      g_strcmp0 (current, self->profile_ids[selected]) == 0)
    return;
  chorus_application_open_profile (app, self->profile_ids[selected]);
}

static void
profiles_changed_cb (ChorusPreferencesWindow *self)
{
  fill_profiles (self);
}

static void
wizard_finished_cb (ChorusSetupWizard       *wizard,
                    ChorusProfile           *profile,
                    ChorusPreferencesWindow *self)
{
  chorus_application_open_profile (application (self), chorus_profile_get_id (profile));
  fill_profiles (self);
}

static void
open_wizard (ChorusPreferencesWindow *self,
             ChorusProfile           *profile)
{
  GtkWidget *wizard = chorus_setup_wizard_new (GTK_WINDOW (self), profile);

  g_signal_connect_object (wizard, "finished", G_CALLBACK (wizard_finished_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
add_profile_cb (ChorusPreferencesWindow *self)
{
  open_wizard (self, NULL);
}

static void
edit_profile_cb (ChorusPreferencesWindow *self)
{
  g_autoptr(ChorusProfile) profile = current_profile (self);

  if (profile != NULL)
    open_wizard (self, profile);
}

static void
secrets_cleared_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ChorusPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_object_steal_data (G_OBJECT (self), "forgetting");

  if (!chorus_secrets_clear_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The keyring could not be cleared: %s. The profile was kept."),
                                                  error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), chorus_toast_new_plain (message));
      return;
    }
  chorus_application_forget_profile (application (self), id);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The credentials were removed from this computer")));
}

static void
forget_response_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    ChorusPreferencesWindow *self)
{
  g_autoptr(ChorusProfile) profile = NULL;

  if (g_strcmp0 (response, "forget") != 0)
    return;
  profile = current_profile (self);
  if (profile == NULL)
    return;
  g_object_set_data_full (G_OBJECT (self), "forgetting", g_strdup (chorus_profile_get_id (profile)), g_free);
  chorus_secrets_clear_async (chorus_profile_get_id (profile), CHORUS_SECRET_ALL, NULL,
                              secrets_cleared_cb, g_object_ref (self));
}

static void
forget_cb (ChorusPreferencesWindow *self)
{
  g_autoptr(ChorusProfile) profile = current_profile (self);
  AdwMessageDialog *dialog;

  if (profile == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Forget the Credentials?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("The client secret and the technical-account password of “%s” will be removed from the keyring, and the profile deleted with its local copy of the invoices. Invoices on Chorus Pro are not affected, but actions not yet sent to Chorus Pro are lost. To connect again, you will need the secrets."),
                                  chorus_profile_get_name (profile));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "forget", _("_Forget"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
chorus_preferences_window_dispose (GObject *object)
{
  ChorusPreferencesWindow *self = CHORUS_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_preferences_window_parent_class)->dispose (object);
}

static void
chorus_preferences_window_finalize (GObject *object)
{
  ChorusPreferencesWindow *self = CHORUS_PREFERENCES_WINDOW (object);

  g_strfreev (self->profile_ids);
  g_ptr_array_unref (self->detail_rows);
  G_OBJECT_CLASS (chorus_preferences_window_parent_class)->finalize (object);
}

static void
chorus_preferences_window_class_init (ChorusPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_preferences_window_dispose;
  object_class->finalize = chorus_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, delay_state_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, delay_hospital_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, delay_kind_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, password_reminder_switch);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, reminder_days_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, reminder_days_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, reset_columns_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, deadlines_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, connection_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, add_profile_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, profile_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, details_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, edit_profile_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, forget_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, forget_button);
}

static void
chorus_preferences_window_init (ChorusPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->detail_rows = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "sync-interval", self->sync_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "payment-delay-state", self->delay_state_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "payment-delay-hospital", self->delay_hospital_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "payment-delay-kind", self->delay_kind_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, delay_kind_get_mapping, delay_kind_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "notify-new-invoices", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-password-expiry", self->password_reminder_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "password-reminder-days", self->reminder_days_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-password-expiry", self->reminder_days_row, "sensitive", G_SETTINGS_BIND_GET);

  g_signal_connect_swapped (self->reset_columns_button, "clicked", G_CALLBACK (reset_columns_cb), self);
  g_signal_connect_swapped (self->add_profile_button, "clicked", G_CALLBACK (add_profile_cb), self);
  g_signal_connect_swapped (self->edit_profile_button, "clicked", G_CALLBACK (edit_profile_cb), self);
  g_signal_connect_swapped (self->forget_button, "clicked", G_CALLBACK (forget_cb), self);
  g_signal_connect_swapped (self->profile_row, "notify::selected", G_CALLBACK (profile_selected_cb), self);
  g_signal_connect_swapped (self->settings, "changed::profiles", G_CALLBACK (profiles_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::current-profile", G_CALLBACK (profiles_changed_cb), self);

  self->team_page = CHORUS_TEAM_SETUP_PAGE (chorus_team_setup_page_new ());
  chorus_team_setup_page_set_show_save (self->team_page, TRUE);
  g_signal_connect_swapped (self->team_page, "save-requested", G_CALLBACK (team_save_requested_cb), self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->team_page));
  fill_profiles (self);
}

/* The open session's store: the handlers and the recipients are the session's. */
static ChorusStore *
session_store (ChorusPreferencesWindow *self)
{
  ChorusApplication *app = application (self);
  ChorusSession *session = app != NULL ? chorus_application_get_session (app) : NULL;

  return session != NULL ? chorus_session_get_store (session) : NULL;
}

GtkWidget *
chorus_preferences_window_new (GtkWindow *parent)
{
  ChorusPreferencesWindow *self = g_object_new (CHORUS_TYPE_PREFERENCES_WINDOW,
                                                "transient-for", parent,
                                                "modal", TRUE,
                                                NULL);
  ChorusStore *store = session_store (self);

  adw_preferences_page_add (self->deadlines_page, ADW_PREFERENCES_GROUP (chorus_delays_group_new (store)));
  /* Late-payment interest: the ECB rates, after the deadlines they follow from. */
  adw_preferences_page_add (self->deadlines_page, ADW_PREFERENCES_GROUP (chorus_ecb_rates_group_new ()));
  self->handlers_page = chorus_handlers_page_new (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->handlers_page));
  return GTK_WIDGET (self);
}

void
chorus_preferences_window_show_handlers (ChorusPreferencesWindow *self)
{
  g_return_if_fail (CHORUS_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->handlers_page));
}

void
chorus_preferences_window_show_team (ChorusPreferencesWindow *self)
{
  g_return_if_fail (CHORUS_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->team_page));
}

void
chorus_preferences_window_show_connection (ChorusPreferencesWindow *self)
{
  g_return_if_fail (CHORUS_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), self->connection_page);
}
