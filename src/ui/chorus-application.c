/* chorus-application.c: start-up (welcome, last profile or demo), the open session, app actions and accelerators. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-application.h"
#include "chorus-format.h"
#include "chorus-journal-window.h"
#include "chorus-session.h"
#include "chorus-setup-wizard.h"
#include "chorus-types.h"
#include "chorus-window.h"

struct _ChorusApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ChorusSession  *session;
  GCancellable   *opening;          /* the profile being opened, if any */
  char           *opening_id;
  gboolean        demo_requested;   /* --demo */
  gboolean        started;          /* the first window got its content */
};

G_DEFINE_FINAL_TYPE (ChorusApplication, chorus_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo: a simulated Chorus Pro with sample invoices, no account needed"), NULL },
  { NULL }
};

static ChorusWindow *
main_window (ChorusApplication *self)
{
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CHORUS_IS_WINDOW (l->data))
      {
        window = l->data;
        break;
      }
  if (window == NULL)
    window = GTK_WINDOW (chorus_window_new (self));
  return CHORUS_WINDOW (window);
}

static void
cancel_opening (ChorusApplication *self)
{
  g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  g_clear_pointer (&self->opening_id, g_free);
}

static void
update_session_actions (ChorusApplication *self)
{
  gboolean has_journal = self->session != NULL && chorus_session_get_journal (self->session) != NULL;

  for (const char *const *name = (const char *const[]) { "journal", "sollicitation", NULL }; *name != NULL; name++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), *name);

      if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), has_journal);
    }
}

static void
close_session (ChorusApplication *self)
{
  /* A journal window belongs to the session it shows. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; )
    {
      GList *next = l->next;

      if (CHORUS_IS_JOURNAL_WINDOW (l->data))
        gtk_window_destroy (l->data);
      l = next;
    }
  g_clear_object (&self->session);
  update_session_actions (self);
}

/* ---- password expiry reminder ----------------------------------------------------------- */

static void
check_password_expiry (ChorusApplication *self,
                       ChorusProfile     *profile)
{
  g_autoptr(GSettings) profile_settings = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *reminded = NULL;
  guint reminder_days = g_settings_get_uint (self->settings, "password-reminder-days");
  int days;

  if (!g_settings_get_boolean (self->settings, "notify-password-expiry") ||
      !chorus_profile_days_to_expiry (profile, now, &days) || days > (int) reminder_days)
    {
      chorus_window_show_password_reminder (main_window (self), NULL, G_MAXINT);
      return;
    }

  chorus_window_show_password_reminder (main_window (self), chorus_profile_get_password_expiry (profile), days);

  /* The desktop notification: once a day at most, the banner says it every time. */
  profile_settings = chorus_profile_settings_new (chorus_profile_get_id (profile));
  reminded = g_settings_get_string (profile_settings, "password-reminded");
  if (g_strcmp0 (reminded, today) != 0)
    {
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *body = NULL;
      g_autofree char *date = chorus_date_format (chorus_profile_get_password_expiry (profile));

      if (days < 0)
        body = g_strdup_printf (_("The password of the technical account of “%s” expired on %s. Set a new one in the Chorus Pro portal, then enter it in Chorus Desk."),
                                chorus_profile_get_name (profile), date);
      else
        body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The password of the technical account of “%s” expires on %s, in %d day. Change it in the Chorus Pro portal, then enter it in Chorus Desk.",
                                             "The password of the technical account of “%s” expires on %s, in %d days. Change it in the Chorus Pro portal, then enter it in Chorus Desk.",
                                             days),
                                chorus_profile_get_name (profile), date, days);
      notification = g_notification_new (_("Technical account password"));
      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, days <= 3 ? G_NOTIFICATION_PRIORITY_HIGH : G_NOTIFICATION_PRIORITY_NORMAL);
      g_notification_set_default_action (notification, "app.edit-connection");
      g_notification_add_button (notification, _("Update the Password"), "app.edit-connection");
      g_application_send_notification (G_APPLICATION (self), "password-expiry", notification);
      g_settings_set_string (profile_settings, "password-reminded", today);
    }
}

/* ---- opening a session ------------------------------------------------------------------ */

static void
show_session (ChorusApplication *self)
{
  update_session_actions (self);
  chorus_window_show_session (main_window (self), self->session);
  chorus_session_start_sync (self->session);
}

static void
show_welcome (ChorusApplication *self)
{
  /* The workspaces let go of the session before it closes. */
  chorus_window_show_welcome (main_window (self));
  close_session (self);
  chorus_window_show_password_reminder (main_window (self), NULL, G_MAXINT);
}

static void
open_failed_response_cb (AdwMessageDialog  *dialog,
                         const char        *response,
                         ChorusApplication *self)
{
  if (g_strcmp0 (response, "edit") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self), "edit-connection", NULL);
}

static void
session_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ChorusApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusSession) session = chorus_session_open_finish (result, &error);
  g_autofree char *id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  id = g_steal_pointer (&self->opening_id);
  g_clear_object (&self->opening);

  if (session == NULL)
    {
      g_autoptr(ChorusProfile) profile = chorus_profile_load (id);
      AdwMessageDialog *dialog;

      show_welcome (self);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (main_window (self)),
                                                           _("The Connection Could Not Be Opened"), NULL));
      adw_message_dialog_format_body (dialog, _("Profile “%s”: %s"),
                                      profile ? chorus_profile_get_name (profile) : id, error->message);
      adw_message_dialog_add_responses (dialog, "close", _("_Close"), "edit", _("_Edit Connection…"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "edit", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "edit");
      g_signal_connect_object (dialog, "response", G_CALLBACK (open_failed_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  close_session (self);
  self->session = g_steal_pointer (&session);
  show_session (self);
  check_password_expiry (self, chorus_session_get_profile (self->session));
}

void
chorus_application_open_profile (ChorusApplication *self,
                                 const char        *id)
{
  g_autoptr(ChorusProfile) profile = NULL;
  g_autofree char *current = NULL;

  g_return_if_fail (CHORUS_IS_APPLICATION (self));
  g_return_if_fail (id != NULL);

  cancel_opening (self);
  profile = chorus_profile_load (id);
  if (profile == NULL)
    {
      show_welcome (self);
      return;
    }

  self->opening = g_cancellable_new ();
  self->opening_id = g_strdup (id);
  current = g_settings_get_string (self->settings, "current-profile");
  if (g_strcmp0 (current, id) != 0)
    g_settings_set_string (self->settings, "current-profile", id);
  chorus_session_open_async (profile, self->opening, session_opened_cb, g_object_ref (self));
}

void
chorus_application_forget_profile (ChorusApplication *self,
                                   const char        *id)
{
  g_autofree char *profile_id = NULL;

  g_return_if_fail (CHORUS_IS_APPLICATION (self));
  g_return_if_fail (id != NULL && *id != '\0');

  profile_id = g_strdup (id);   /* @id may belong to what is about to be freed */
  if (g_strcmp0 (self->opening_id, profile_id) == 0)
    cancel_opening (self);
  if (self->session != NULL && !chorus_session_is_demo (self->session) &&
      g_strcmp0 (chorus_profile_get_id (chorus_session_get_profile (self->session)), profile_id) == 0)
    show_welcome (self);
  /* Moves "current-profile" on: current_profile_changed_cb opens the next profile. */
  chorus_profile_delete (profile_id);
  chorus_session_remove_profile_data (profile_id);
}

void
chorus_application_start_demo (ChorusApplication *self)
{
  g_autoptr(GError) error = NULL;
  ChorusSession *session;

  g_return_if_fail (CHORUS_IS_APPLICATION (self));

  cancel_opening (self);
  session = chorus_session_new_demo (CHORUS_DEMO_INVOICES, &error);
  if (session == NULL)
    {
      AdwMessageDialog *dialog;

      show_welcome (self);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (main_window (self)),
                                                           _("The Demo Could Not Start"), error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  close_session (self);
  self->session = session;
  chorus_window_show_password_reminder (main_window (self), NULL, G_MAXINT);
  show_session (self);
}

ChorusSession *
chorus_application_get_session (ChorusApplication *self)
{
  g_return_val_if_fail (CHORUS_IS_APPLICATION (self), NULL);
  return self->session;
}

/* Follows "current-profile" when something else changes it (a forgotten profile, for instance). */
static void
current_profile_changed_cb (ChorusApplication *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "current-profile");

  if (!self->started || g_strcmp0 (id, self->opening_id) == 0)
    return;
  if (self->session != NULL && !chorus_session_is_demo (self->session) &&
      g_strcmp0 (id, chorus_profile_get_id (chorus_session_get_profile (self->session))) == 0)
    return;
  if (self->session != NULL && chorus_session_is_demo (self->session) && *id == '\0')
    return;
  if (*id == '\0')
    {
      cancel_opening (self);
      show_welcome (self);
    }
  else
    chorus_application_open_profile (self, id);
}

/* ---- actions ---------------------------------------------------------------------------- */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window lets it save its state first. */
  for (GList *l = windows; l != NULL; )
    {
      GList *next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  static const char *developers[] = { "The Chorus Desk developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Chorus Desk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Chorus Desk developers"),
                         "developers", developers,
                         "comments", _("Receive, check and process Chorus Pro invoices from your desktop"),
                         "website", "https://github.com/chorusdesk/chorus-desk",
                         "issue-url", "https://github.com/chorusdesk/chorus-desk/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Chorus Desk developers",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  chorus_application_start_demo (CHORUS_APPLICATION (user_data));
}

static void
wizard_finished_cb (ChorusSetupWizard *wizard,
                    ChorusProfile     *profile,
                    ChorusApplication *self)
{
  chorus_application_open_profile (self, chorus_profile_get_id (profile));
}

static void
open_wizard (ChorusApplication *self,
             ChorusProfile     *profile)
{
  GtkWidget *wizard = chorus_setup_wizard_new (GTK_WINDOW (main_window (self)), profile);

  g_signal_connect_object (wizard, "finished", G_CALLBACK (wizard_finished_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
connect_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  open_wizard (CHORUS_APPLICATION (user_data), NULL);
}

static void
edit_connection_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  ChorusApplication *self = CHORUS_APPLICATION (user_data);
  g_autofree char *id = g_settings_get_string (self->settings, "current-profile");
  g_autoptr(ChorusProfile) profile = chorus_profile_load (id);

  gtk_window_present (GTK_WINDOW (main_window (self)));
  open_wizard (self, profile);
}

/* Leaves the demo for the profile used last, or the first-run page. */
static void
quit_demo_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  ChorusApplication *self = CHORUS_APPLICATION (user_data);
  g_autofree char *id = g_settings_get_string (self->settings, "current-profile");
  g_autoptr(ChorusProfile) profile = *id != '\0' ? chorus_profile_load (id) : NULL;

  if (self->session == NULL || !chorus_session_is_demo (self->session))
    return;
  if (profile != NULL)
    {
      show_welcome (self);
      chorus_application_open_profile (self, id);
    }
  else
    show_welcome (self);
}

gboolean
chorus_application_reset_simulated_data (ChorusApplication  *self,
                                         GError            **error)
{
  g_return_val_if_fail (CHORUS_IS_APPLICATION (self), FALSE);

  if (self->session == NULL || (!chorus_session_is_demo (self->session) && !chorus_session_is_training (self->session)))
    return TRUE;
  /* The workspaces let go of the old data before it goes. */
  chorus_window_show_welcome (main_window (self));
  if (!chorus_session_reset_simulated_data (self->session, error))
    return FALSE;
  show_session (self);
  return TRUE;
}

static void
reset_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   ChorusApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reset") != 0)
    return;
  if (!chorus_application_reset_simulated_data (self, &error))
    {
      AdwMessageDialog *failed = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (main_window (self)),
                                                                             _("The Data Could Not Be Reset"),
                                                                             error->message));
      adw_message_dialog_add_response (failed, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
    }
}

static void
reset_demo_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  ChorusApplication *self = CHORUS_APPLICATION (user_data);
  AdwMessageDialog *dialog;
  gboolean training;

  if (self->session == NULL || (!chorus_session_is_demo (self->session) && !chorus_session_is_training (self->session)))
    return;
  training = chorus_session_is_training (self->session);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (main_window (self)),
                                                       training ? _("Reset the Training Data?") : _("Reset the Demo?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               _("The simulated invoices go back to where every course starts: the deposits, "
                                 "processing, completions and drafts made since are deleted. Nothing of it was ever "
                                 "sent to Chorus Pro."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reset", _("_Reset"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The session's journal window, opened if needed; NULL without a journal. */
static GtkWidget *
present_journal (ChorusApplication *self)
{
  ChorusJournal *journal = self->session != NULL ? chorus_session_get_journal (self->session) : NULL;
  ChorusProfile *profile = self->session != NULL ? chorus_session_get_profile (self->session) : NULL;
  GtkWidget *window;

  if (journal == NULL)
    return NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CHORUS_IS_JOURNAL_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return l->data;
      }
  window = chorus_journal_window_new (GTK_WINDOW (main_window (self)), journal,
                                      chorus_session_describe_environment (self->session));
  if (profile != NULL && !chorus_session_is_demo (self->session) &&
      g_strcmp0 (chorus_profile_get_environment (profile), CHORUS_PROFILE_QUALIFICATION) == 0)
    chorus_journal_window_set_portal_url (CHORUS_JOURNAL_WINDOW (window), CHORUS_PORTAL_QUALIFICATION_URL);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
journal_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  present_journal (CHORUS_APPLICATION (user_data));
}

/* "Saisir une sollicitation": the journal, whose exchanges go with it, and how to. */
static void
sollicitation_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkWidget *window = present_journal (CHORUS_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (window, "journal.sollicitation", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "demo", demo_activated, NULL, NULL, NULL, { 0 } },
  { "connect", connect_activated, NULL, NULL, NULL, { 0 } },
  { "edit-connection", edit_connection_activated, NULL, NULL, NULL, { 0 } },
  { "quit-demo", quit_demo_activated, NULL, NULL, NULL, { 0 } },
  { "reset-demo", reset_demo_activated, NULL, NULL, NULL, { 0 } },
  { "journal", journal_activated, NULL, NULL, NULL, { 0 } },
  { "sollicitation", sollicitation_activated, NULL, NULL, NULL, { 0 } },
};

/* ---- GApplication ----------------------------------------------------------------------- */

static int
chorus_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  ChorusApplication *self = CHORUS_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    self->demo_requested = TRUE;
  return -1;
}

static void
chorus_application_activate (GApplication *app)
{
  ChorusApplication *self = CHORUS_APPLICATION (app);
  ChorusWindow *window = main_window (self);
  g_autoptr(ChorusProfile) profile = NULL;
  g_autofree char *id = NULL;

  gtk_window_present (GTK_WINDOW (window));
  if (self->started && !self->demo_requested)
    return;
  self->started = TRUE;

  /* --demo wins; then the profile used last; else the welcome page. */
  id = g_settings_get_string (self->settings, "current-profile");
  if (self->demo_requested)
    {
      self->demo_requested = FALSE;
      chorus_application_start_demo (self);
    }
  else if (*id != '\0' && (profile = chorus_profile_load (id)) != NULL)
    {
      chorus_window_show_welcome (window);
      chorus_application_open_profile (self, id);
    }
  else
    chorus_window_show_welcome (window);
}

static void
chorus_application_startup (GApplication *app)
{
  ChorusApplication *self = CHORUS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", "<Control>F1", NULL };

  G_APPLICATION_CLASS (chorus_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::current-profile",
                            G_CALLBACK (current_profile_changed_cb), self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  update_session_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
chorus_application_shutdown (GApplication *app)
{
  ChorusApplication *self = CHORUS_APPLICATION (app);

  /* Someone may still hold the application: it must not react to settings any more. */
  g_signal_handlers_disconnect_by_data (self->settings, self);
  cancel_opening (self);
  /* Detach the workspaces from the sync first, so a page landing during the stop does not
   * reach widgets of an application that is going away. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (CHORUS_IS_WINDOW (l->data))
      chorus_window_show_welcome (l->data);
  close_session (self);
  G_APPLICATION_CLASS (chorus_application_parent_class)->shutdown (app);
}

static void
chorus_application_finalize (GObject *object)
{
  ChorusApplication *self = CHORUS_APPLICATION (object);

  cancel_opening (self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_application_parent_class)->finalize (object);
}

static void
chorus_application_class_init (ChorusApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = chorus_application_finalize;
  app_class->activate = chorus_application_activate;
  app_class->startup = chorus_application_startup;
  app_class->shutdown = chorus_application_shutdown;
  app_class->handle_local_options = chorus_application_handle_local_options;
}

static void
chorus_application_init (ChorusApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

ChorusApplication *
chorus_application_new (void)
{
  return g_object_new (CHORUS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
