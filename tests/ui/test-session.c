/* test-session.c: what a session does to the user's files: removing the demo cache or a forgotten
 * profile never follows a link out of our folders, opening a profile whose database needs work
 * (an interrupted bulk load) leaves the window responsive, and actions an earlier run left in the
 * outbox are sent as soon as the session starts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-status.h"
#include "chorus-store.h"
#include "chorus-sync.h"
#include "chorus-test-sim.h"
#include "chorus-test-ui.h"
#include "chorus-test-util.h"

static char *
make_victim (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *keep = g_build_filename (dir, "keep.txt", NULL);

  g_assert_true (g_file_set_contents (keep, "precious", -1, &error));
  g_assert_no_error (error);
  return keep;
}

/* L3: ~/.cache/chorus-desk/demo is a link to a folder of the user's: the demo replaces the link,
 * and the folder keeps its files. */
static void
test_demo_keeps_link_target (void)
{
  g_autofree char *victim_dir = g_dir_make_tmp ("chorus-victim-XXXXXX", NULL);
  g_autofree char *keep = make_victim (victim_dir);
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "chorus-desk", NULL);
  g_autofree char *demo = g_build_filename (parent, "demo", NULL);
  g_autofree char *db = g_build_filename (demo, "chorus.db", NULL);
  g_autoptr(ChorusSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_cmpint (symlink (victim_dir, demo), ==, 0);

  session = chorus_session_new_demo (20, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));
  /* The demo got a folder of its own instead of the link. */
  g_assert_false (g_file_test (demo, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&session);

  g_unlink (keep);
  g_rmdir (victim_dir);
}

/* Forgetting a profile removes its folder; links inside it (or the folder itself as a link) go
 * as links. */
static void
test_forget_profile_keeps_link_targets (void)
{
  g_autofree char *victim_dir = g_dir_make_tmp ("chorus-victim-XXXXXX", NULL);
  g_autofree char *keep = make_victim (victim_dir);
  g_autofree char *dir = chorus_session_profile_dir ("forgotten");
  g_autofree char *files = g_build_filename (dir, "files", NULL);
  g_autofree char *linked_dir = g_build_filename (files, "elsewhere", NULL);
  g_autofree char *linked_file = g_build_filename (dir, "chorus.db", NULL);
  g_autofree char *linked_profile = chorus_session_profile_dir ("linked");

  g_assert_cmpint (g_mkdir_with_parents (files, 0700), ==, 0);
  g_assert_cmpint (symlink (victim_dir, linked_dir), ==, 0);
  g_assert_cmpint (symlink (keep, linked_file), ==, 0);
  chorus_session_remove_profile_data ("forgotten");
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (symlink (victim_dir, linked_profile), ==, 0);
  chorus_session_remove_profile_data ("linked");
  g_assert_false (g_file_test (linked_profile, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));

  g_unlink (keep);
  g_rmdir (victim_dir);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(ChorusSession **) user_data = chorus_session_open_finish (result, &error);
  g_assert_no_error (error);
}

#define N_INVOICES 60000

/* L2: a crash during the first pull left the database without its indexes; the next open rebuilds
 * them (indexes, full text, statistics), which must not freeze the window. */
static void
test_open_off_the_ui_thread (void)
{
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  g_autoptr(ChorusSession) session = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  ChorusTestStallProbe probe;
  gint64 started, stall, open_ms;

  chorus_profile_set_name (profile, "Interrompu");
  chorus_profile_set_environment (profile, CHORUS_PROFILE_QUALIFICATION);
  chorus_profile_set_client_id (profile, "client");
  chorus_profile_set_tech_login (profile, "TECH_1@cpro.fr");
  g_assert_true (chorus_secrets_store_sync (chorus_profile_get_id (profile), CHORUS_SECRET_CLIENT_SECRET, "s", NULL, &error));
  g_assert_true (chorus_secrets_store_sync (chorus_profile_get_id (profile), CHORUS_SECRET_TECH_PASSWORD, "p", NULL, &error));
  g_assert_no_error (error);

  dir = chorus_session_profile_dir (chorus_profile_get_id (profile));
  store = chorus_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_store_begin_bulk_load (store, &error));
  for (guint start = 0; start < N_INVOICES; start += 5000)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = start; i < start + 5000; i++)
        {
          ChorusInvoice *invoice = chorus_invoice_new ();
          g_autofree char *number = g_strdup_printf ("F-%06u", i);
          g_autofree char *supplier = g_strdup_printf ("Fournisseur %u", i % 997);

          chorus_invoice_set_id (invoice, i + 1);
          chorus_invoice_set_number (invoice, number);
          chorus_invoice_set_supplier_name (invoice, supplier);
          chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
          g_ptr_array_add (batch, invoice);
        }
      g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
      g_assert_no_error (error);
    }
  /* Dropped without chorus_store_end_bulk_load(): the next open finishes the job. */
  g_clear_object (&store);

  chorus_test_stall_probe_start (&probe);
  started = g_get_monotonic_time ();
  chorus_session_open_async (profile, NULL, opened_cb, &session);
  g_assert_true (chorus_test_wait_until (chorus_test_pointer_is_set, &session, 120000));
  stall = chorus_test_stall_probe_stop (&probe);
  open_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("open with a bulk rebuild of %u invoices: %" G_GINT64_FORMAT " ms, longest main loop stall %"
                  G_GINT64_FORMAT " ms", N_INVOICES, open_ms, stall);
  /* On the UI thread the stall would be the whole open. */
  g_assert_cmpint (stall, <, MAX (250, open_ms / 3));
  g_assert_cmpint (chorus_store_count_invoices (chorus_session_get_store (session), CHORUS_DIRECTION_RECEIVED),
                   ==, N_INVOICES);

  g_clear_object (&session);
  chorus_session_remove_profile_data (chorus_profile_get_id (profile));
  chorus_secrets_clear_sync (chorus_profile_get_id (profile), CHORUS_SECRET_ALL, NULL, NULL);
}

static gboolean
outbox_is_empty (gpointer store)
{
  return chorus_store_count_open_actions (store) == 0;
}

static void
flushed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Issue 12 item 1: a profile whose outbox still holds an action from the last run (the app was
 * closed offline, or crashed): starting the session sends it, without waiting for the sync timer
 * (minutes away) or the user's "Synchroniser". */
static void
test_start_replays_outbox (void)
{
  g_autoptr(ChorusSim) sim = chorus_test_sim_start (17, 60);
  g_autoptr(ChorusClient) client = chorus_test_sim_client (sim);
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  g_autoptr(ChorusSession) session = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  ChorusInvoiceQuery query;
  g_autoptr(ChorusInvoicePage) page = NULL;
  ChorusInvoice *invoice = NULL;
  gint64 id, key;

  chorus_profile_set_name (profile, "Hors ligne hier");
  chorus_profile_set_environment (profile, CHORUS_PROFILE_LOCAL);
  chorus_profile_set_local_url (profile, chorus_sim_get_base_url (sim));
  chorus_profile_set_client_id (profile, CHORUS_SIM_CLIENT_ID);
  chorus_profile_set_tech_login (profile, CHORUS_SIM_TECH_LOGIN);
  g_assert_true (chorus_secrets_store_sync (chorus_profile_get_id (profile), CHORUS_SECRET_CLIENT_SECRET,
                                            CHORUS_SIM_CLIENT_SECRET, NULL, &error));
  g_assert_true (chorus_secrets_store_sync (chorus_profile_get_id (profile), CHORUS_SECRET_TECH_PASSWORD,
                                            CHORUS_SIM_TECH_PASSWORD, NULL, &error));
  g_assert_no_error (error);

  /* What the last run left: one received invoice in the cache, and its "service fait" queued. */
  chorus_invoice_query_init (&query);
  query.status = CHORUS_STATUS_MISE_A_DISPOSITION;
  page = chorus_client_search_received_sync (client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->invoices->len, >, 0);
  invoice = g_ptr_array_index (page->invoices, 0);
  id = chorus_invoice_get_id (invoice);
  dir = chorus_session_profile_dir (chorus_profile_get_id (profile));
  store = chorus_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_store_upsert_invoices (store, page->invoices, &error));
  key = chorus_store_find_invoice (store, CHORUS_DIRECTION_RECEIVED, id);
  g_assert_cmpint (key, >, 0);
  actions = chorus_store_outbox_add_process (store, &key, 1, CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);

  chorus_session_open_async (profile, NULL, opened_cb, &session);
  g_assert_true (chorus_test_wait_until (chorus_test_pointer_is_set, &session, 60000));
  chorus_session_start_sync (session);
  g_assert_true (chorus_test_wait_until (outbox_is_empty, store, 30000));

  history = chorus_client_get_history_sync (client, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_SERVICE_FAIT);

  /* Nothing left running against the store when the session goes. */
  {
    gboolean flushed = FALSE;

    chorus_sync_flush_outbox_async (chorus_session_get_sync (session), NULL, flushed_cb, &flushed);
    g_assert_true (chorus_test_wait_until (chorus_test_flag_is_set, &flushed, 30000));
  }
  g_clear_object (&session);
  g_clear_object (&store);
  chorus_session_remove_profile_data (chorus_profile_get_id (profile));
  chorus_secrets_clear_sync (chorus_profile_get_id (profile), CHORUS_SECRET_ALL, NULL, NULL);
}

/* A session over a store opened elsewhere holds it, and the workspaces read every role. */
static void
test_new_from_parts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("chorus-session-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (dir, &error);
  g_autoptr(ChorusSession) session = NULL;

  g_assert_no_error (error);
  session = chorus_session_new_from_parts (NULL, NULL, store, NULL);
  g_assert_true (chorus_session_get_store (session) == store);
  g_assert_null (chorus_session_get_sync (session));
  g_assert_null (chorus_session_get_client (session));
  g_assert_false (chorus_session_is_demo (session));
  g_assert_true (chorus_profile_has_role (chorus_session_get_profile (session), "VALIDATEUR"));
  g_assert_true (chorus_profile_has_role (chorus_session_get_profile (session), "MOA"));
  g_clear_object (&session);
  g_clear_object (&store);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");
  /* The isolated XDG_DATA_DIRS below hide the system's GSettings schemas, which GIO's GNOME proxy
   * module needs as soon as the client makes its first connection: direct connections only. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Private XDG folders per test: the links these tests plant never touch real ones. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/session/demo-keeps-link-target", test_demo_keeps_link_target);
  g_test_add_func ("/session/forget-profile-keeps-link-targets", test_forget_profile_keeps_link_targets);
  g_test_add_func ("/session/open-off-the-ui-thread", test_open_off_the_ui_thread);
  g_test_add_func ("/session/start-replays-outbox", test_start_replays_outbox);
  g_test_add_func ("/session/new-from-parts", test_new_from_parts);
  return g_test_run ();
}
