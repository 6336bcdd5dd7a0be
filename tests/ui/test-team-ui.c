/* test-team-ui.c: team mode on screen, in French, against a real PostgreSQL: the "Base d'équipe" page's
 * connection test says it worked or what to fix; keys IT locked are shown but not offered; the
 * header status follows the connection and what waits; a replaced edit is told in plain words. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-presets.h"
#include "chorus-status.h"
#include "chorus-store-team.h"
#include "chorus-team-setup-page-private.h"
#include "chorus-team-status.h"
#include "chorus-team-sync-private.h"
#include "chorus-team-ui.h"
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

typedef struct {
  char           *dir;
  ChorusStore    *store;
  ChorusTeamSync *sync;
  GPtrArray      *lost;
} Desk;

static void
on_lost (ChorusTeamSync *sync, ChorusTeamLostEdit *lost, Desk *desk)
{
  g_ptr_array_add (desk->lost, chorus_team_lost_edit_copy (lost));
}

static Desk *
desk_new (const char *database, const char *login, const char *name)
{
  Desk *desk = g_new0 (Desk, 1);
  g_autoptr(ChorusTeamConfig) config = chorus_test_pg_config (pg, database, OWNER);
  g_autoptr(ChorusTeamIdentity) identity = chorus_team_identity_new (login, name);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  ChorusInvoice *invoice = chorus_invoice_new ();

  desk->dir = g_dir_make_tmp ("chorus-team-ui-XXXXXX", NULL);
  desk->store = chorus_store_open (desk->dir, &error);
  g_assert_no_error (error);
  chorus_invoice_set_id (invoice, 97);
  chorus_invoice_set_number (invoice, "FA-2026-0097");
  chorus_invoice_set_recipient_code (invoice, "26440002200015");
  chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_ptr_array_add (batch, invoice);
  g_assert_true (chorus_store_upsert_invoices (desk->store, batch, &error));
  desk->sync = chorus_team_sync_new (desk->store, config, identity, &error);
  g_assert_no_error (error);
  chorus_team_sync_set_password (desk->sync, OWNER_PASSWORD);
  chorus_team_sync_set_retry_delays (desk->sync, 100, 500);
  desk->lost = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_lost_edit_free);
  g_signal_connect (desk->sync, "edit-lost", G_CALLBACK (on_lost), desk);
  return desk;
}

static void
desk_free (Desk *desk)
{
  g_signal_handlers_disconnect_by_data (desk->sync, desk);
  g_clear_object (&desk->sync);
  g_clear_object (&desk->store);
  chorus_test_remove_dir (desk->dir);
  g_free (desk->dir);
  g_ptr_array_unref (desk->lost);
  g_free (desk);
}

static gboolean
desk_state_is (gpointer data)
{
  Desk *desk = ((gpointer *) data)[0];
  ChorusTeamState state = GPOINTER_TO_INT (((gpointer *) data)[1]);

  return chorus_team_sync_get_state (desk->sync) == state && chorus_store_team_count_pending (desk->store) ==
         (guint) GPOINTER_TO_INT (((gpointer *) data)[2]);
}

static void
wait_state (Desk *desk, ChorusTeamState state, guint pending)
{
  gpointer data[] = { desk, GINT_TO_POINTER (state), GINT_TO_POINTER (pending) };

  g_assert_true (chorus_test_wait_until (desk_state_is, data, 30000));
}

static gboolean
has_lost (gpointer data)
{
  return ((Desk *) data)->lost->len > 0;
}

static void
test_status_and_lost_edit (void)
{
  g_autofree char *database = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *text = NULL;
  g_autofree char *claim = NULL;
  Desk *marie, *paul;
  GtkWindow *window;
  ChorusTeamStatus *status;
  GtkWidget *button;
  const char *tooltip;

  if (pg == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desk_new (database, "marie", "Marie Curie");
  paul = desk_new (database, "paul", "Paul Durand");

  window = GTK_WINDOW (gtk_window_new ());
  status = CHORUS_TEAM_STATUS (chorus_team_status_new ());
  gtk_window_set_child (window, GTK_WIDGET (status));
  chorus_team_status_set_team (status, marie->sync);
  gtk_window_present (window);
  button = chorus_test_find_widget (GTK_WIDGET (status), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (button);

  chorus_team_sync_start (marie->sync);
  chorus_team_sync_start (paul->sync);
  wait_state (marie, CHORUS_TEAM_STATE_ONLINE, 0);
  wait_state (paul, CHORUS_TEAM_STATE_ONLINE, 0);
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_cmpstr (tooltip, ==, "Base d’équipe connectée");

  /* Both edit the internal reference of FA-2026-0097; Paul does it cut off, so his comes later. */
  chorus_store_set_local_fields (marie->store, 97, NULL, "DAPEC 2026/1", NULL, NULL);
  wait_state (marie, CHORUS_TEAM_STATE_ONLINE, 0);
  chorus_team_sync_stop (paul->sync);
  chorus_store_set_local_fields (paul->store, 97, NULL, "DAPEC 2026/83", NULL, NULL);
  chorus_store_set_local_fields (marie->store, 97, NULL, "DAPEC 2026/14", NULL, NULL);
  wait_state (marie, CHORUS_TEAM_STATE_ONLINE, 0);
  text = chorus_team_describe_change (marie->sync, 97, CHORUS_TEAM_FIELD_INTERNAL_REFERENCE);
  g_assert_true (g_str_has_prefix (text, "Modifié par vous à "));
  g_clear_pointer (&text, g_free);
  chorus_team_sync_start (paul->sync);
  g_assert_true (chorus_test_wait_until (has_lost, marie, 30000));
  text = chorus_team_describe_lost (g_ptr_array_index (marie->lost, 0), "FA-2026-0097");
  g_assert_cmpstr (text, ==, "Paul Durand a remplacé « DAPEC 2026/14 » par « DAPEC 2026/83 » "
                             "(référence interne de la facture FA-2026-0097)");
  g_clear_pointer (&text, g_free);
  text = chorus_team_describe_change (marie->sync, 97, CHORUS_TEAM_FIELD_INTERNAL_REFERENCE);
  g_assert_true (g_str_has_prefix (text, "Modifié par Paul Durand à "));

  /* Paul opens it: Marie's list and detail say so. */
  {
    gboolean done = FALSE;

    chorus_team_sync_claim_async (paul->sync, 97, NULL, NULL, NULL);
    while (!done)
      {
        g_main_context_iteration (NULL, FALSE);
        done = chorus_team_sync_is_claimed_by_other (marie->sync, 97);
      }
  }
  claim = chorus_team_describe_claim (marie->sync, 97);
  g_assert_true (g_str_has_prefix (claim, "En cours de traitement par Paul Durand depuis "));

  /* Cut off with a change waiting: the header says it, and how many wait. */
  chorus_test_pg_stop (pg);
  chorus_store_set_local_fields (marie->store, 97, "Marie Curie", "DAPEC 2026/83", NULL, NULL);
  wait_state (marie, CHORUS_TEAM_STATE_OFFLINE, 1);
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (strstr (tooltip, "injoignable"));
  g_assert_nonnull (strstr (tooltip, "1 modification faite ici attend d’atteindre l’équipe."));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  chorus_test_settle (300);
  shot = chorus_test_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                 "team-status-offline-fr");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  chorus_test_pg_resume (pg);
  wait_state (marie, CHORUS_TEAM_STATE_ONLINE, 0);

  gtk_window_destroy (window);
  desk_free (marie);
  desk_free (paul);
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
  g_test_add_func ("/ui/team/status-and-lost-edit", test_status_and_lost_edit);
  status = g_test_run ();
  g_clear_pointer (&pg, chorus_test_pg_free);
  chorus_test_remove_dir (presets_dir);
  g_free (presets_dir);
  g_free (skip_reason);
  return status;
}
