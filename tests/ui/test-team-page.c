/* test-team-page.c: the "Base d'équipe" page, in French: its connection test against a real PostgreSQL says it
 * worked or what to fix, and keys IT locked in the presets file are shown but not offered. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-presets.h"
#include "chorus-team-setup-page.h"
#include "chorus-test-pg.h"
#include "chorus-test-ui.h"

#define OWNER "equipe"
#define OWNER_PASSWORD "equipe-secret"

static ChorusTestPg *pg;
static char *skip_reason;
static char *presets_dir;

static GtkWidget *
part (ChorusTeamSetupPage *page, const char *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), CHORUS_TYPE_TEAM_SETUP_PAGE, name));

  g_assert_nonnull (widget);
  return widget;
}

static ChorusTeamSetupPage *
show_page (GtkWindow **window)
{
  ChorusTeamSetupPage *page = CHORUS_TEAM_SETUP_PAGE (chorus_team_setup_page_new ());
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 720, 900);
  gtk_window_set_child (*window, GTK_WIDGET (page));
  chorus_team_setup_page_set_profile (page, profile);
  gtk_window_present (*window);
  chorus_test_settle (200);
  return page;
}

static gboolean
result_shown (gpointer data)
{
  ChorusTeamSetupPage *page = data;

  return gtk_widget_get_visible (part (page, "result_box")) &&
         gtk_widget_get_sensitive (part (page, "test_button"));
}

static const char *
run_test (ChorusTeamSetupPage *page)
{
  gtk_widget_set_visible (part (page, "result_box"), FALSE);
  g_signal_emit_by_name (part (page, "test_button"), "clicked");
  g_assert_true (chorus_test_wait_until (result_shown, page, 60000));
  return gtk_label_get_text (GTK_LABEL (part (page, "result_label")));
}

static void
test_connection_test (void)
{
  g_autofree char *database = NULL;
  g_autofree char *shot = NULL;
  GtkWindow *window = NULL;
  ChorusTeamSetupPage *page;
  const char *text;

  if (pg == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  page = show_page (&window);

  /* Off: nothing to fill, nothing to test. */
  g_assert_false (gtk_widget_get_sensitive (part (page, "host_row")));
  g_assert_false (gtk_widget_get_sensitive (part (page, "test_button")));
  gtk_switch_set_active (GTK_SWITCH (part (page, "enable_switch")), TRUE);
  g_assert_true (gtk_widget_get_sensitive (part (page, "host_row")));

  gtk_editable_set_text (GTK_EDITABLE (part (page, "host_row")), chorus_test_pg_get_socket_dir (pg));
  gtk_editable_set_text (GTK_EDITABLE (part (page, "database_row")), database);
  gtk_editable_set_text (GTK_EDITABLE (part (page, "user_row")), OWNER);
  gtk_editable_set_text (GTK_EDITABLE (part (page, "password_row")), "mauvais");
  /* A socket on this computer: no TLS to choose. */
  g_assert_false (gtk_widget_get_sensitive (part (page, "tls_row")));

  text = run_test (page);
  g_assert_nonnull (strstr (text, OWNER));
  g_assert_nonnull (strstr (text, "refusé"));
  shot = chorus_test_screenshot (GTK_WIDGET (window), "team-page-refused-fr");
  g_clear_pointer (&shot, g_free);

  gtk_editable_set_text (GTK_EDITABLE (part (page, "password_row")), OWNER_PASSWORD);
  text = run_test (page);
  g_assert_nonnull (strstr (text, "Connecté à PostgreSQL"));
  g_assert_nonnull (strstr (text, "créées"));
  shot = chorus_test_screenshot (GTK_WIDGET (window), "team-page-connected-fr");

  /* What the page hands over: the settings and the password. */
  {
    g_autoptr(ChorusTeamConfig) config = chorus_team_setup_page_dup_config (page);

    g_assert_cmpstr (config->database, ==, database);
    g_assert_cmpstr (config->host, ==, chorus_test_pg_get_socket_dir (pg));
    g_assert_cmpstr (chorus_team_setup_page_get_password (page), ==, OWNER_PASSWORD);
  }
  /* Sharing off hands over no database, whatever was typed. */
  gtk_switch_set_active (GTK_SWITCH (part (page, "enable_switch")), FALSE);
  {
    g_autoptr(ChorusTeamConfig) config = chorus_team_setup_page_dup_config (page);

    g_assert_false (chorus_team_config_is_enabled (config));
  }
  gtk_window_destroy (window);
}

static void
test_missing_database (void)
{
  GtkWindow *window = NULL;
  ChorusTeamSetupPage *page;
  const char *text;

  if (pg == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  page = show_page (&window);
  gtk_switch_set_active (GTK_SWITCH (part (page, "enable_switch")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (part (page, "host_row")), chorus_test_pg_get_socket_dir (pg));
  gtk_editable_set_text (GTK_EDITABLE (part (page, "database_row")), "pas_de_base");
  gtk_editable_set_text (GTK_EDITABLE (part (page, "user_row")), CHORUS_TEST_PG_ADMIN);
  gtk_editable_set_text (GTK_EDITABLE (part (page, "password_row")), CHORUS_TEST_PG_ADMIN_PASSWORD);
  text = run_test (page);
  g_assert_nonnull (strstr (text, "« pas_de_base » n’existe pas"));

  /* Nothing entered: said before any network. */
  gtk_editable_set_text (GTK_EDITABLE (part (page, "database_row")), "");
  text = run_test (page);
  g_assert_nonnull (strstr (text, "nom de la base"));
  gtk_window_destroy (window);
}

static void
test_locked_by_presets (void)
{
  g_autofree char *shot = NULL;
  GtkWindow *window = NULL;
  ChorusTeamSetupPage *page;
  GtkWidget *enable_row;

  page = show_page (&window);
  gtk_editable_set_text (GTK_EDITABLE (part (page, "host_row")), "pg.chu-exemple.fr");
  gtk_switch_set_active (GTK_SWITCH (part (page, "enable_switch")), TRUE);
  /* IT locked the port and the encryption: shown, not offered, with why. */
  g_assert_false (gtk_widget_get_sensitive (part (page, "port_row")));
  g_assert_false (gtk_widget_get_sensitive (part (page, "tls_row")));
  g_assert_true (gtk_widget_get_sensitive (part (page, "database_row")));
  g_assert_cmpint (adw_combo_row_get_selected (ADW_COMBO_ROW (part (page, "tls_row"))), ==, 1);
  enable_row = part (page, "enable_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (enable_row)), ==, chorus_settings_lock_reason ());
  g_assert_nonnull (strstr (chorus_settings_lock_reason (), "service informatique"));
  g_assert_nonnull (chorus_test_find_widget (part (page, "tls_row"), GTK_TYPE_IMAGE, NULL));
  shot = chorus_test_screenshot (GTK_WIDGET (window), "team-page-locked-fr");
  gtk_window_destroy (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *path = NULL;
  int status;

  chorus_test_init_locale ("fr_FR.UTF-8");
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  /* IT's presets, in place before anything reads them. */
  presets_dir = g_dir_make_tmp ("chorus-team-page-XXXXXX", NULL);
  path = g_build_filename (presets_dir, "presets.ini", NULL);
  g_assert_true (g_file_set_contents (path, "[Profile]\nteam-port=5432\nteam-tls=require\n"
                                            "[Lock]\nkeys=team-port;team-tls\n", -1, NULL));
  g_setenv ("CHORUS_DESK_PRESETS", path, TRUE);
  pg = chorus_test_pg_start (&skip_reason);

  g_test_add_func ("/ui/team/connection-test", test_connection_test);
  g_test_add_func ("/ui/team/missing-database", test_missing_database);
  g_test_add_func ("/ui/team/locked-by-presets", test_locked_by_presets);
  status = g_test_run ();
  g_clear_pointer (&pg, chorus_test_pg_free);
  chorus_test_remove_dir (presets_dir);
  g_free (presets_dir);
  g_free (skip_reason);
  return status;
}
