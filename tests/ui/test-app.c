/* test-app.c: start-up choices (welcome, --demo, last profile), the password reminder and forgetting credentials. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chorus-application.h"
#include "chorus-password-banner-private.h"
#include "chorus-preferences-window.h"
#include "chorus-profile.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-store.h"
#include "chorus-sim.h"
#include "chorus-test-ui.h"
#include "chorus-window.h"

typedef void (*CheckFunc) (ChorusApplication *app, ChorusWindow *window, gpointer data);

/* Runs the real application with @arg and calls @check once its window is up. */
static void
run_app (const char *arg,
         CheckFunc   check,
         gpointer    data)
{
  g_autoptr(ChorusApplication) app = chorus_application_new ();

  chorus_test_run_app (G_APPLICATION (app), arg, (ChorusTestAppCheck) check, data);
}

static const char *
visible_page (ChorusWindow *window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), CHORUS_TYPE_WINDOW, "main_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GtkWidget *
window_child (ChorusWindow *window,
              const char   *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), CHORUS_TYPE_WINDOW, id));
}

/* ---- first run -------------------------------------------------------------------------- */

static void
check_welcome (ChorusApplication *app,
               ChorusWindow      *window,
               gpointer           data)
{
  g_autofree char *path = NULL;

  g_assert_cmpstr (visible_page (window), ==, "welcome");
  g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, _("Welcome to Chorus Desk")));
  g_assert_false (gtk_widget_get_visible (window_child (window, "demo_badge")));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "demo"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "connect"));
  g_assert_null (chorus_application_get_session (app));
  chorus_test_settle (300);
  path = chorus_test_screenshot (GTK_WIDGET (window), "welcome");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_first_run (void)
{
  chorus_test_forget_profiles ();
  run_app (NULL, check_welcome, NULL);
}

/* ---- demo ------------------------------------------------------------------------------- */

static gboolean
demo_has_invoices (gpointer data)
{
  ChorusWindow *window = data;
  GtkWidget *workspace = chorus_test_find_widget (GTK_WIDGET (window), CHORUS_TYPE_RECIPIENT_WORKSPACE, NULL);

  return workspace != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (_chorus_recipient_workspace_get_model (CHORUS_RECIPIENT_WORKSPACE (workspace)))) > 0;
}

static void
check_demo (ChorusApplication *app,
            ChorusWindow      *window,
            gpointer           data)
{
  g_autofree char *path = NULL;
  AdwWindowTitle *title = ADW_WINDOW_TITLE (window_child (window, "window_title"));

  g_assert_nonnull (chorus_application_get_session (app));
  g_assert_cmpstr (visible_page (window), ==, "recipient");
  /* Marked as a demo in the header, whatever the workspace shows. */
  g_assert_true (gtk_widget_get_visible (window_child (window, "demo_badge")));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, _("Demo — simulated data, nothing is sent to Chorus Pro"));
  /* The current profile is left alone: the next normal start is not a demo. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *current = g_settings_get_string (settings, "current-profile");
    g_assert_cmpstr (current, ==, "");
  }
  g_assert_true (chorus_test_wait_until (demo_has_invoices, window, 60000));
  chorus_test_settle (500);
  path = chorus_test_screenshot (GTK_WIDGET (window), "demo-workspace");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_demo_option (void)
{
  chorus_test_forget_profiles ();
  run_app ("--demo", check_demo, NULL);
}

/* The welcome page's "Try the Demo" button leads to the same place. */
static void
check_demo_button (ChorusApplication *app,
                   ChorusWindow      *window,
                   gpointer           data)
{
  GtkWidget *button = chorus_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, _("_Try the Demo"));

  g_assert_cmpstr (visible_page (window), ==, "welcome");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (visible_page (window), ==, "recipient");
  g_assert_true (gtk_widget_get_visible (window_child (window, "demo_badge")));
  g_assert_true (chorus_test_wait_until (demo_has_invoices, window, 60000));
}

static void
test_demo_button (void)
{
  chorus_test_forget_profiles ();
  run_app (NULL, check_demo_button, NULL);
}

/* ---- what the app sends to the notification server of the test's session bus ---------- */

static GPtrArray *notified_bodies;   /* char *, every Notify body received */

static gboolean
notification_received (gpointer data)
{
  return notified_bodies->len > 0;
}

/* ---- a saved profile -------------------------------------------------------------------- */

typedef struct {
  ChorusSim *sim;
  char      *profile_id;
} ProfileFixture;

static void
profile_fixture_init (ProfileFixture *fixture,
                      int             expiry_in_days,
                      gboolean        store_secrets)
{
  ChorusSimConfig config = { .seed = 11, .n_invoices = 60, .data_dir = NULL };
  g_autoptr(ChorusProfile) profile = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) expiry = g_date_time_add_days (now, expiry_in_days);
  g_autofree char *expiry_iso = g_date_time_format (expiry, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  chorus_test_forget_profiles ();
  fixture->sim = chorus_sim_new (&config, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (fixture->sim, 0, &error));

  profile = chorus_profile_new ();
  chorus_profile_set_name (profile, "Simulateur");
  chorus_profile_set_environment (profile, CHORUS_PROFILE_LOCAL);
  chorus_profile_set_local_url (profile, chorus_sim_get_base_url (fixture->sim));
  chorus_profile_set_client_id (profile, CHORUS_SIM_CLIENT_ID);
  chorus_profile_set_tech_login (profile, CHORUS_SIM_TECH_LOGIN);
  chorus_profile_set_password_expiry (profile, expiry_iso);
  chorus_profile_set_gestionnaires (profile, (const char * const []) { "Claire Martin", NULL });
  chorus_profile_add_structure (profile, chorus_sim_get_recipient_id (fixture->sim),
                                chorus_sim_get_recipient_siret (fixture->sim), "Centre hospitalier");
  chorus_profile_save (profile);
  fixture->profile_id = g_strdup (chorus_profile_get_id (profile));
  g_settings_set_string (settings, "current-profile", fixture->profile_id);

  if (store_secrets)
    {
      g_assert_true (chorus_secrets_store_sync (fixture->profile_id, CHORUS_SECRET_CLIENT_SECRET,
                                                CHORUS_SIM_CLIENT_SECRET, NULL, &error));
      g_assert_true (chorus_secrets_store_sync (fixture->profile_id, CHORUS_SECRET_TECH_PASSWORD,
                                                CHORUS_SIM_TECH_PASSWORD, NULL, &error));
    }
}

static void
profile_fixture_clear (ProfileFixture *fixture)
{
  chorus_secrets_clear_sync (fixture->profile_id, CHORUS_SECRET_ALL, NULL, NULL);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->profile_id, g_free);
}

static gboolean
workspace_shown (gpointer data)
{
  return g_strcmp0 (visible_page (data), "recipient") == 0;
}

static void
check_profile_with_reminder (ChorusApplication *app,
                             ChorusWindow      *window,
                             gpointer           data)
{
  ProfileFixture *fixture = data;
  ChorusPasswordBanner *banner = CHORUS_PASSWORD_BANNER (window_child (window, "password_banner"));
  g_autoptr(GSettings) profile_settings = chorus_profile_settings_new (fixture->profile_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *reminded = NULL;
  g_autofree char *path = NULL;

  g_assert_true (chorus_test_wait_until (workspace_shown, window, 20000));
  g_assert_false (gtk_widget_get_visible (window_child (window, "demo_badge")));
  g_assert_true (chorus_test_wait_until (demo_has_invoices, window, 60000));

  /* Five days before expiry: the banner is up, and the notification went out once today. */
  g_assert_true (chorus_password_banner_is_shown (banner));
  g_assert_nonnull (strstr (chorus_password_banner_get_text (banner), "in 5 days"));
  reminded = g_settings_get_string (profile_settings, "password-reminded");
  g_assert_cmpstr (reminded, ==, today);
  g_assert_true (chorus_test_wait_until (notification_received, NULL, 10000));

  /* The wizard's gestionnaires moved into the profile's store. */
  {
    g_auto(GStrv) names = chorus_store_list_gestionnaires (chorus_session_get_store (chorus_application_get_session (app)), NULL);
    g_auto(GStrv) left = g_settings_get_strv (profile_settings, "gestionnaires");

    g_assert_true (g_strv_contains ((const char * const *) names, "Claire Martin"));
    g_assert_cmpuint (g_strv_length (left), ==, 0);
  }
  g_assert_nonnull (strstr (g_ptr_array_index (notified_bodies, 0), "in 5 days"));
  chorus_test_settle (500);
  path = chorus_test_screenshot (GTK_WIDGET (window), "password-reminder");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_profile_start_with_reminder (void)
{
  ProfileFixture fixture = { 0 };

  profile_fixture_init (&fixture, 5, TRUE);
  run_app (NULL, check_profile_with_reminder, &fixture);
  profile_fixture_clear (&fixture);
}

static void
check_no_reminder (ChorusApplication *app,
                   ChorusWindow      *window,
                   gpointer           data)
{
  ChorusPasswordBanner *banner = CHORUS_PASSWORD_BANNER (window_child (window, "password_banner"));

  g_assert_true (chorus_test_wait_until (workspace_shown, window, 20000));
  g_assert_false (chorus_password_banner_is_shown (banner));
}

static void
test_profile_far_expiry (void)
{
  ProfileFixture fixture = { 0 };

  profile_fixture_init (&fixture, 60, TRUE);
  run_app (NULL, check_no_reminder, &fixture);
  profile_fixture_clear (&fixture);
}

static gboolean
error_dialog_shown (gpointer data)
{
  return chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Secrets missing from the keyring: back to the welcome page with an explanation. */
static void
check_missing_secrets (ChorusApplication *app,
                       ChorusWindow      *window,
                       gpointer           data)
{
  AdwMessageDialog *dialog;
  g_autofree char *path = NULL;

  g_assert_true (chorus_test_wait_until (error_dialog_shown, NULL, 20000));
  dialog = ADW_MESSAGE_DIALOG (chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("The Connection Could Not Be Opened"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), _("The PISTE client secret is not in the keyring.")));
  g_assert_true (adw_message_dialog_has_response (dialog, "edit"));
  g_assert_cmpstr (visible_page (window), ==, "welcome");
  chorus_test_settle (300);
  path = chorus_test_screenshot (GTK_WIDGET (dialog), "profile-missing-secrets");
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_profile_missing_secrets (void)
{
  ProfileFixture fixture = { 0 };

  profile_fixture_init (&fixture, 60, FALSE);
  run_app (NULL, check_missing_secrets, &fixture);
  profile_fixture_clear (&fixture);
}

/* ---- preferences: forget credentials ---------------------------------------------------- */

static gboolean
welcome_shown (gpointer data)
{
  return g_strcmp0 (visible_page (data), "welcome") == 0;
}

static void
check_forget (ChorusApplication *app,
              ChorusWindow      *window,
              gpointer           data)
{
  ProfileFixture *fixture = data;
  ChorusPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  GObject *forget_button;
  g_autofree char *path = NULL;
  g_autofree char *secret = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_true (chorus_test_wait_until (workspace_shown, window, 20000));
  {
    g_autofree char *dir = chorus_session_profile_dir (fixture->profile_id);
    g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = CHORUS_PREFERENCES_WINDOW (chorus_test_find_toplevel (CHORUS_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  chorus_preferences_window_show_connection (prefs);
  chorus_test_settle (400);
  g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (prefs), GTK_TYPE_LABEL, CHORUS_SIM_TECH_LOGIN));
  path = chorus_test_screenshot (GTK_WIDGET (prefs), "preferences-connection");

  forget_button = gtk_widget_get_template_child (GTK_WIDGET (prefs), CHORUS_TYPE_PREFERENCES_WINDOW, "forget_button");
  g_signal_emit_by_name (forget_button, "clicked");
  g_assert_true (chorus_test_wait_until (error_dialog_shown, NULL, 5000));
  dialog = ADW_MESSAGE_DIALOG (chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Forget the Credentials?"));
  chorus_test_settle (300);
  g_clear_pointer (&path, g_free);
  path = chorus_test_screenshot (GTK_WIDGET (dialog), "forget-confirmation");
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The keyring is cleared, the profile is gone and the welcome page is back. */
  g_assert_true (chorus_test_wait_until (welcome_shown, window, 10000));
  ids = chorus_profile_list_ids ();
  g_assert_false (g_strv_contains ((const char * const *) ids, fixture->profile_id));
  secret = chorus_secrets_lookup_sync (fixture->profile_id, CHORUS_SECRET_TECH_PASSWORD, NULL, NULL);
  g_assert_null (secret);
  g_assert_null (chorus_application_get_session (app));
  /* Nor is the local copy of its invoices left behind. */
  {
    g_autofree char *dir = chorus_session_profile_dir (fixture->profile_id);
    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_forget_credentials (void)
{
  ProfileFixture fixture = { 0 };

  profile_fixture_init (&fixture, 60, TRUE);
  run_app (NULL, check_forget, &fixture);
  profile_fixture_clear (&fixture);
}

/* ---- preferences: columns reset --------------------------------------------------------- */

static void
check_columns_reset (ChorusApplication *app,
                     ChorusWindow      *window,
                     gpointer           data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *columns[] = { "number", "status", NULL };
  g_autoptr(GVariant) widths = NULL;
  g_autoptr(GVariant) default_widths = NULL;
  g_auto(GStrv) now = NULL;
  ChorusPreferencesWindow *prefs;
  GObject *button;

  g_settings_set_strv (settings, "invoice-columns", columns);
  g_settings_set_value (settings, "invoice-column-widths", g_variant_new_parsed ("{'number': 300}"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = CHORUS_PREFERENCES_WINDOW (chorus_test_find_toplevel (CHORUS_TYPE_PREFERENCES_WINDOW));
  button = gtk_widget_get_template_child (GTK_WIDGET (prefs), CHORUS_TYPE_PREFERENCES_WINDOW, "reset_columns_button");
  g_signal_emit_by_name (button, "clicked");

  now = g_settings_get_strv (settings, "invoice-columns");
  g_assert_false (g_strv_equal ((const char * const *) now, columns));
  widths = g_settings_get_value (settings, "invoice-column-widths");
  default_widths = g_settings_get_default_value (settings, "invoice-column-widths");
  g_assert_true (g_variant_equal (widths, default_widths));
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (prefs), "preferences-general"));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_columns_reset (void)
{
  chorus_test_forget_profiles ();
  run_app (NULL, check_columns_reset, NULL);
}

static void
run_isolated (gconstpointer data)
{
  void (*test) (void) = (void (*) (void)) data;

  if (g_test_subprocess ())
    {
      test ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  /* Each test runs in its own process: one application per process, as in real life. */
  g_test_add_data_func ("/ui/app/first-run", test_first_run, run_isolated);
  g_test_add_data_func ("/ui/app/demo-option", test_demo_option, run_isolated);
  g_test_add_data_func ("/ui/app/demo-button", test_demo_button, run_isolated);
  g_test_add_data_func ("/ui/app/columns-reset", test_columns_reset, run_isolated);
  /* These keep secrets in the keyring of the session bus that build-aux/dev test starts. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    {
      if (g_test_subprocess ())
        notified_bodies = chorus_test_start_notification_server ();
      g_test_add_data_func ("/ui/app/profile-reminder", test_profile_start_with_reminder, run_isolated);
      g_test_add_data_func ("/ui/app/profile-far-expiry", test_profile_far_expiry, run_isolated);
      g_test_add_data_func ("/ui/app/profile-missing-secrets", test_profile_missing_secrets, run_isolated);
      g_test_add_data_func ("/ui/app/forget-credentials", test_forget_credentials, run_isolated);
    }
  return g_test_run ();
}
