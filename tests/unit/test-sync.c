/* test-sync.c: ChorusSync against the simulator: full and incremental pulls, resume, detail and
 * PDF cache, the outbox, 1,000 actions under 20 % faults applied exactly once, and SIGKILL in the
 * middle of a pull and of an outbox replay (a child process of this binary is killed). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-store-unreadable.h"
#include "chorus-store-validation.h"
#include "chorus-sync-validation.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"

static const char *self_path;

typedef struct {
  ChorusSim    *sim;
  char         *dir;
  ChorusClient *client;
  ChorusStore  *store;
  ChorusSync   *sync;
} Fixture;

static ChorusClient *
make_client (const char *base_url)
{
  ChorusClient *client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, base_url);

  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  /* The simulator's "timeouts" hang for minutes: give up quickly, retry quickly. */
  chorus_client_set_timeout (client, 1);
  chorus_client_set_retry_policy (client, 3, 20, 200, 2000);
  return client;
}

static void
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->sync = chorus_sync_new (fixture->client, fixture->store);
  chorus_sync_set_parallel_sends (fixture->sync, 8);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->sim = chorus_test_sim_start (11, GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 400);
  fixture->dir = g_dir_make_tmp ("chorus-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->client = make_client (chorus_sim_get_base_url (fixture->sim));
  open_store (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  chorus_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Async plumbing ------------------------------------------------------------------------------- */

static gboolean
pull (ChorusSync *sync, GCancellable *cancellable, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_pull_async (sync, cancellable, chorus_test_store_result, &result);
  return chorus_sync_pull_finish (sync, chorus_test_wait_result (&result), error);
}

static gboolean
flush (ChorusSync *sync, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_flush_outbox_async (sync, NULL, chorus_test_store_result, &result);
  return chorus_sync_flush_outbox_finish (sync, chorus_test_wait_result (&result), error);
}

/* Lets the signals queued by the workers run. */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static ChorusHistory *
server_history (ChorusClient *client, gint64 id)
{
  g_autoptr(GError) error = NULL;
  ChorusHistory *history = chorus_client_get_history_sync (client, id, NULL, &error);

  g_assert_no_error (error);
  return history;
}

/* The ids of the store's invoices of @direction at @status. */
static GArray *
stored_ids_in (ChorusStore *store, ChorusDirection direction, ChorusStatus status)
{
  ChorusInvoiceFilter filter;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));

  chorus_invoice_filter_init (&filter);
  filter.direction = direction;
  ids = chorus_store_query_ids (store, &filter, CHORUS_SORT_NUMBER, FALSE, NULL);
  invoices = chorus_store_load_invoices (store, (gint64 *) (gpointer) ids->data, ids->len, NULL);
  for (guint i = 0; i < invoices->len; i++)
    if (chorus_invoice_get_status (g_ptr_array_index (invoices, i)) == status)
      g_array_append_val (out, g_array_index (ids, gint64, i));
  return out;
}

/* Every invoice the simulator lists on @direction's side at @status (UNKNOWN: any), every page;
 * received invoices of both payment request types. */
static GPtrArray *
server_invoices (Fixture *fixture, ChorusDirection direction, ChorusStatus status)
{
  static const char *const received_types[] = { "FACTURE", "FACTURE_TRAVAUX" };
  GPtrArray *invoices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_types = direction == CHORUS_DIRECTION_RECEIVED ? G_N_ELEMENTS (received_types) : 1;

  for (guint t = 0; t < n_types; t++)
    for (guint page = 1;; page++)
      {
        g_autoptr(ChorusInvoicePage) result = NULL;
        ChorusInvoiceQuery query;

        chorus_invoice_query_init (&query);
        query.status = status;
        query.page = page;
        query.page_size = 500;
        if (direction == CHORUS_DIRECTION_RECEIVED)
          {
            query.request_type = received_types[t];
            result = chorus_client_search_received_sync (fixture->client, &query, NULL, &error);
          }
        else if (direction == CHORUS_DIRECTION_ISSUED)
          result = chorus_client_search_issued_sync (fixture->client, &query, NULL, &error);
        else
          result = chorus_client_search_to_validate_sync (fixture->client, &query, NULL, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < result->invoices->len; i++)
          g_ptr_array_add (invoices, g_object_ref (g_ptr_array_index (result->invoices, i)));
        if (page >= result->pages)
          break;
      }
  return invoices;
}

static GHashTable *
server_ids (Fixture *fixture, ChorusDirection direction)
{
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) invoices = server_invoices (fixture, direction, CHORUS_STATUS_UNKNOWN);

  for (guint i = 0; i < invoices->len; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (invoices, i);
      gint64 *key = g_new (gint64, 1);

      *key = chorus_invoice_get_id (invoice);
      g_hash_table_insert (ids, key, g_object_ref (invoice));
    }
  return ids;
}

/* Every received and issued invoice of the simulator is in the store with the server's list
 * fields, on its side; one both issued and received by the account's structures is on both. */
static void
assert_store_matches_server (Fixture *fixture)
{
  g_autoptr(GHashTable) received = server_ids (fixture, CHORUS_DIRECTION_RECEIVED);
  g_autoptr(GHashTable) issued = server_ids (fixture, CHORUS_DIRECTION_ISSUED);
  g_autoptr(GError) error = NULL;
  GHashTable *sides[] = { received, issued };
  guint both = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (received), ==,
                    chorus_sim_count_received (fixture->sim) + chorus_sim_count_received_works (fixture->sim));
  g_assert_cmpuint (g_hash_table_size (issued), ==, chorus_sim_count_issued (fixture->sim));
  for (guint side = 0; side < 2; side++)
    {
      ChorusDirection direction = side == 0 ? CHORUS_DIRECTION_RECEIVED : CHORUS_DIRECTION_ISSUED;

      g_hash_table_iter_init (&iter, sides[side]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          ChorusInvoice *remote = value;
          gint64 row = chorus_store_find_invoice (fixture->store, direction, *(gint64 *) key);
          g_autoptr(ChorusInvoice) local = NULL;

          g_assert_cmpint (row, >, 0);
          local = chorus_store_load_invoice (fixture->store, row, &error);
          g_assert_no_error (error);
          g_assert_cmpint (chorus_invoice_get_direction (local), ==, direction);
          g_assert_cmpint (chorus_invoice_get_id (local), ==, *(gint64 *) key);
          g_assert_cmpint (chorus_invoice_get_status (local), ==, chorus_invoice_get_status (remote));
          g_assert_cmpstr (chorus_invoice_get_number (local), ==, chorus_invoice_get_number (remote));
          g_assert_cmpstr (chorus_invoice_get_supplier_name (local), ==, chorus_invoice_get_supplier_name (remote));
          g_assert_cmpint (chorus_invoice_get_amount_ttc (local), ==, chorus_invoice_get_amount_ttc (remote));
          both += side == 1 && g_hash_table_contains (received, key);
        }
    }
  g_assert_cmpint (chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED), ==,
                   g_hash_table_size (received));
  g_assert_cmpint (chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_ISSUED), ==,
                   g_hash_table_size (issued));
  /* The demo account deposits to its own hospital too: those are on both sides. */
  g_test_message ("%u invoices issued to the account's own structures", both);
}

/* Tests ---------------------------------------------------------------------------------------- */

static void
on_progress (ChorusSync *sync, double fraction, const char *message, gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_nonnull (message);
  *last = fraction;
}

static void
test_pull_full_then_incremental (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) to_process = NULL;
  g_autoptr(ChorusActionResult) done = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  g_autofree char *last_sync = NULL;
  double progress = 0;
  guint full_requests, incremental_requests;

  g_assert_null (chorus_sync_get_last_sync (fixture->sync));
  g_signal_connect (fixture->sync, "progress", G_CALLBACK (on_progress), &progress);
  chorus_sync_set_page_size (fixture->sync, 50);
  full_requests = chorus_sim_get_request_count (fixture->sim);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  full_requests = chorus_sim_get_request_count (fixture->sim) - full_requests;
  drain ();
  g_assert_cmpfloat (progress, ==, 1.0);
  g_signal_handlers_disconnect_by_func (fixture->sync, on_progress, &progress);
  last_sync = chorus_sync_get_last_sync (fixture->sync);
  g_assert_nonnull (last_sync);
  g_assert_true (chorus_sync_get_online (fixture->sync));
  assert_store_matches_server (fixture);

  /* Someone processes an invoice on the portal: the next pull brings only what changed. */
  to_process = stored_ids_in (fixture->store, CHORUS_DIRECTION_RECEIVED, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpuint (to_process->len, >, 0);
  done = chorus_client_process_received_sync (fixture->client, g_array_index (to_process, gint64, 0),
                                              CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  incremental_requests = chorus_sim_get_request_count (fixture->sim);
  g_assert_true (pull (fixture->sync, NULL, &error));
  incremental_requests = chorus_sim_get_request_count (fixture->sim) - incremental_requests;
  g_assert_cmpuint (incremental_requests, <, full_requests);
  local = chorus_store_load_invoice (fixture->store, g_array_index (to_process, gint64, 0), &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_SERVICE_FAIT);
  assert_store_matches_server (fixture);
}

static void
cancel_after_pages (ChorusSync *sync, double fraction, const char *message, gpointer data)
{
  GCancellable *cancellable = data;

  if (fraction > 0.1)
    g_cancellable_cancel (cancellable);
}

static void
test_pull_resumes (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *resume = NULL;
  gint64 partial;

  chorus_sync_set_page_size (fixture->sync, 20);
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_RECEIVED);
  g_signal_connect (fixture->sync, "progress", G_CALLBACK (cancel_after_pages), cancellable);
  g_assert_false (pull (fixture->sync, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  partial = chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED);
  g_assert_cmpint (partial, >, 0);
  g_assert_cmpint (partial, <, chorus_sim_count_received (fixture->sim) - 20);
  resume = chorus_store_get_state (fixture->store, "pull-received-resume");
  g_assert_nonnull (resume);
  g_assert_null (chorus_sync_get_last_sync (fixture->sync));

  g_signal_handlers_disconnect_by_func (fixture->sync, cancel_after_pages, cancellable);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED), ==,
                   chorus_sim_count_received (fixture->sim) + chorus_sim_count_received_works (fixture->sim));
  g_clear_pointer (&resume, g_free);
  resume = chorus_store_get_state (fixture->store, "pull-received-resume");
  g_assert_null (resume);
}

static gboolean
keep_awake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Issue 16: the streams of a pull are fetched back to back. With the store's writer held up (a
 * second connection holds the database's write lock), the fetcher reads the last page of
 * received invoices and goes on with the works invoices at once, rather than waiting for the
 * writer to finish the first stream; released, the pull ends with everything stored. */
static void
test_pull_next_stream_while_writing (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "chorus.db", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint received = chorus_sim_count_received (fixture->sim);
  guint page_size = received / 3 + 1;   /* three pages: the queue to the writer takes four */
  guint first_pages = (received + page_size - 1) / page_size;
  guint before, guard;
  sqlite3 *db;

  g_assert_cmpuint (chorus_sim_count_received_works (fixture->sim), >, 0);
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_RECEIVED);
  chorus_sync_set_page_size (fixture->sync, page_size);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  /* Everything again (not a first load: no write before the first page's). */
  g_assert_true (chorus_store_set_state (fixture->store, "pull-received-since", NULL, &error));
  g_assert_true (chorus_store_set_state (fixture->store, "pull-received-travaux-since", NULL, &error));

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  before = chorus_sim_count_requests (fixture->sim, "factures/v1/rechercher/recipiendaire");
  guard = g_timeout_add (20, keep_awake, NULL);
  chorus_sync_pull_async (fixture->sync, NULL, chorus_test_store_result, &result);
  /* The writer waits for the lock (up to its busy timeout, 10 s); the works invoices' first
   * search comes meanwhile. */
  for (gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       chorus_sim_count_requests (fixture->sim, "factures/v1/rechercher/recipiendaire") - before <= first_pages &&
       g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (chorus_sim_count_requests (fixture->sim, "factures/v1/rechercher/recipiendaire") - before, >,
                    first_pages);
  g_assert_null (result);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_source_remove (guard);

  g_assert_true (chorus_sync_pull_finish (fixture->sync, chorus_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED), ==,
                   received + chorus_sim_count_received_works (fixture->sim));
  g_assert_null (chorus_store_get_state (fixture->store, "pull-received-resume"));
  g_assert_null (chorus_store_get_state (fixture->store, "pull-received-travaux-resume"));
}

/* The simulator's quirks (numeric strings, lists of one as objects) read as the plain answers,
 * and its odd item of every page kept raw while the rest of the page is stored. */
static void
test_pull_quirks_and_odd_items (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults faults = { .quirks = TRUE, .odd_item = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) odd = NULL;
  guint page_size = 25, received = chorus_sim_count_received (fixture->sim);
  guint works = chorus_sim_count_received_works (fixture->sim);
  /* The second item of every page of two or more is spoiled. */
  guint spoiled = (received + page_size - 1) / page_size - (received % page_size == 1) +
                  (works >= 2 ? (works + page_size - 1) / page_size - (works % page_size == 1) : 0);

  chorus_sync_set_page_size (fixture->sync, page_size);
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_RECEIVED);
  chorus_sim_set_faults (fixture->sim, &faults);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spoiled, >, 5);
  g_assert_cmpuint (chorus_sync_get_last_unreadable_count (fixture->sync, CHORUS_DIRECTION_RECEIVED), ==, spoiled);
  g_assert_cmpuint (chorus_store_count_unreadable_items (fixture->store, CHORUS_DIRECTION_RECEIVED), ==, spoiled);
  g_assert_cmpint (chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED), ==,
                   received + works - spoiled);
  odd = chorus_store_list_unreadable_items (fixture->store, CHORUS_DIRECTION_RECEIVED, &error);
  for (guint i = 0; i < odd->len; i++)
    {
      ChorusStoredUnreadable *item = g_ptr_array_index (odd, i);

      g_assert_cmpstr (item->item->operation, ==, "factures/v1/rechercher/recipiendaire");
      g_assert_true (g_str_has_prefix (item->item->raw_json, "["));
      g_assert_cmpstr (item->item->list, ==, "listeFactures");
    }

  /* Without the quirks, the same pull stores the same values: the quirks lost nothing. */
  memset (&faults, 0, sizeof faults);
  chorus_sim_set_faults (fixture->sim, &faults);
  {
    g_autoptr(GHashTable) server = server_ids (fixture, CHORUS_DIRECTION_RECEIVED);
    GHashTableIter iter;
    gpointer key, value;
    guint compared = 0;

    g_hash_table_iter_init (&iter, server);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_autoptr(ChorusInvoice) local = chorus_store_load_invoice (fixture->store, *(gint64 *) key, NULL);

        if (local == NULL)
          continue;
        compared++;
        g_assert_cmpint (chorus_invoice_get_amount_ttc (local), ==, chorus_invoice_get_amount_ttc (value));
        g_assert_cmpint (chorus_invoice_get_amount_to_pay (local), ==, chorus_invoice_get_amount_to_pay (value));
        g_assert_cmpint (chorus_invoice_get_recipient_id (local), ==, chorus_invoice_get_recipient_id (value));
        g_assert_cmpstr (chorus_invoice_get_status_code (local), ==, chorus_invoice_get_status_code (value));
        g_assert_cmpstr (chorus_invoice_get_request_type (local), ==, chorus_invoice_get_request_type (value));
      }
    g_assert_cmpuint (compared, ==, received + works - spoiled);
  }
}

static void
test_detail_and_pdf (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChorusInvoice) detail = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) cached = NULL;
  gint64 id;

  g_assert_true (pull (fixture->sync, NULL, &error));
  ids = stored_ids_in (fixture->store, CHORUS_DIRECTION_RECEIVED, CHORUS_STATUS_MISE_A_DISPOSITION);
  id = g_array_index (ids, gint64, 0);

  chorus_sync_fetch_detail_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  detail = chorus_sync_fetch_detail_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_id (detail), ==, id);
  g_assert_nonnull (chorus_invoice_get_lines (detail));
  g_assert_cmpuint (chorus_invoice_get_lines (detail)->len, >, 0);
  g_assert_cmpuint (chorus_invoice_get_history (detail)->len, >, 0);
  g_assert_true (chorus_store_has_detail (fixture->store, id));
  g_clear_object (&result);

  chorus_sync_fetch_pdf_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  pdf = chorus_sync_fetch_pdf_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 100);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  g_clear_object (&result);

  /* Offline: the PDF and the detail come from the cache. */
  chorus_sim_stop (fixture->sim);
  chorus_sync_fetch_pdf_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  cached = chorus_sync_fetch_pdf_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pdf, cached));
  g_clear_object (&result);
  g_clear_object (&detail);
  chorus_sync_fetch_detail_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  detail = chorus_sync_fetch_detail_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_invoice_get_lines (detail)->len, >, 0);
  g_assert_false (chorus_sync_get_online (fixture->sync));
  g_clear_object (&result);

  /* Never downloaded and offline: a clear error. */
  chorus_sync_fetch_pdf_async (fixture->sync, g_array_index (ids, gint64, 1), NULL, chorus_test_store_result, &result);
  g_assert_null (chorus_sync_fetch_pdf_finish (fixture->sync, chorus_test_wait_result (&result), &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE);
}

typedef struct {
  guint  ok;
  guint  failed;
  char  *last_message;
} Finished;

static void
on_action_finished (ChorusSync *sync, gint64 invoice_id, gboolean ok, const char *message, gpointer data)
{
  Finished *finished = data;

  if (ok)
    finished->ok++;
  else
    finished->failed++;
  g_free (finished->last_message);
  finished->last_message = g_strdup (message);
}

static void
test_outbox_basic (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  Finished finished = { 0 };
  gint64 a, b;

  g_assert_true (pull (fixture->sync, NULL, &error));
  ids = stored_ids_in (fixture->store, CHORUS_DIRECTION_RECEIVED, CHORUS_STATUS_MISE_A_DISPOSITION);
  a = g_array_index (ids, gint64, 0);
  b = g_array_index (ids, gint64, 1);
  g_signal_connect (fixture->sync, "action-finished", G_CALLBACK (on_action_finished), &finished);

  /* A reason is required to suspend: refused before anything is written. */
  g_assert_false (chorus_sync_enqueue_process (fixture->sync, &a, 1, CHORUS_STATUS_SUSPENDUE, "  ", NULL, &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (chorus_sync_enqueue_process (fixture->sync, &a, 1, CHORUS_STATUS_DEPOSEE, NULL, NULL, &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);

  /* Accepted: optimistic at once, confirmed by the server. */
  g_assert_true (chorus_sync_enqueue_process (fixture->sync, &a, 1, CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, &error));
  local = chorus_store_load_invoice (fixture->store, a, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_SERVICE_FAIT);
  while (finished.ok + finished.failed < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (finished.ok, ==, 1);
  history = server_history (fixture->client, a);
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_cmpuint (chorus_store_count_open_actions_for_invoice (fixture->store, a), ==, 0);

  /* The second action is refused by the server (nothing may follow A_RECYCLER): the
   * server's message, and the status the first one set comes back. */
  g_assert_true (chorus_sync_enqueue_process (fixture->sync, &b, 1, CHORUS_STATUS_A_RECYCLER, NULL, NULL, &error));
  g_assert_true (chorus_sync_enqueue_process (fixture->sync, &b, 1, CHORUS_STATUS_MANDATEE, NULL, "M-1", &error));
  while (finished.ok + finished.failed < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (finished.ok, ==, 2);
  g_assert_cmpuint (finished.failed, ==, 1);
  g_assert_nonnull (finished.last_message);
  g_assert_nonnull (strstr (finished.last_message, "A_RECYCLER"));
  g_clear_object (&local);
  local = chorus_store_load_invoice (fixture->store, b, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_A_RECYCLER);
  g_free (finished.last_message);
}

/* The 25 targets an invoice goes through in the fault test: back and forth between "made
 * available" and "service rendered", then a varied end, one step at a time as the portal wants. */
#define PLAN_LENGTH 25
static guint
plan_for (guint index, ChorusStatus *targets, const char **motifs)
{
  static const ChorusStatus endings[][5] = {
    { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MANDATEE, CHORUS_STATUS_COMPTABILISEE },
    { CHORUS_STATUS_SUSPENDUE },
    { CHORUS_STATUS_REJETEE },
    { CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MANDATEE, CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE,
      CHORUS_STATUS_COMPTABILISEE, CHORUS_STATUS_MISE_EN_PAIEMENT },
    { CHORUS_STATUS_A_RECYCLER },
  };
  const ChorusStatus *ending = endings[index % G_N_ELEMENTS (endings)];
  guint n_ending = 0, n = 0;

  while (n_ending < G_N_ELEMENTS (endings[0]) && ending[n_ending] != CHORUS_STATUS_UNKNOWN)
    n_ending++;
  while (n < PLAN_LENGTH - n_ending)
    {
      targets[n] = CHORUS_STATUS_SERVICE_FAIT;
      motifs[n++] = NULL;
      targets[n] = CHORUS_STATUS_MISE_A_DISPOSITION;
      motifs[n++] = NULL;
    }
  for (guint k = 0; k < n_ending; k++, n++)
    {
      targets[n] = ending[k];
      motifs[n] = chorus_status_needs_motif (targets[n]) ? "Pièce justificative manquante" : NULL;
    }
  g_assert_cmpuint (n, ==, PLAN_LENGTH);
  return n;
}

/* For each invoice: the server applied each action exactly once and nothing else (as many new
 * history entries as actions, with the same statuses), and ends in the last target; the store
 * has every action DONE. The client sorts history by minute, so entries of the same minute may
 * come in any order: statuses are compared as counts, the order through the final status. */
static void
assert_applied_exactly_once (Fixture *fixture, GArray *ids, GHashTable *history_before, guint n_planned)
{
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(ChorusHistory) history = server_history (fixture->client, id);
      g_autoptr(GPtrArray) actions = chorus_store_outbox_list_for_invoice (fixture->store, id, NULL);
      ChorusHistory *old = g_hash_table_lookup (history_before, &g_array_index (ids, gint64, i));
      guint before = old->events->len;
      int balance[CHORUS_STATUS_LAST] = { 0 };
      ChorusStatus targets[PLAN_LENGTH];
      const char *motifs[PLAN_LENGTH];
      guint n = n_planned ? plan_for (i, targets, motifs) : actions->len;

      g_assert_cmpuint (actions->len, ==, n);
      g_assert_cmpuint (history->events->len, ==, before + n);
      /* New entries = all entries now minus those before; they must be the targets. */
      for (guint k = 0; k < history->events->len; k++)
        balance[((ChorusStatusEvent *) g_ptr_array_index (history->events, k))->status]--;
      for (guint k = 0; k < before; k++)
        balance[((ChorusStatusEvent *) g_ptr_array_index (old->events, k))->status]++;
      for (guint k = 0; k < n; k++)
        {
          ChorusAction *action = g_ptr_array_index (actions, k);

          g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
          if (n_planned)
            g_assert_cmpint (action->target, ==, targets[k]);
          balance[action->target]++;
        }
      for (guint s = 0; s < CHORUS_STATUS_LAST; s++)
        g_assert_cmpint (balance[s], ==, 0);
      g_assert_cmpint (history->current_status, ==,
                       ((ChorusAction *) g_ptr_array_index (actions, n - 1))->target);
    }
}

static void
test_outbox_faults (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) chorus_history_free);
  ChorusSimFaults faults = { .failure_rate = 0.2, .http_429 = TRUE, .retry_after_s = 1, .http_5xx = TRUE,
                             .timeouts = TRUE, .malformed_json = TRUE, .truncated_json = TRUE,
                             .expire_tokens = TRUE, .seed = 2026 };
  guint n_actions = 0, rounds = 0;

  g_assert_true (pull (fixture->sync, NULL, &error));
  ids = stored_ids_in (fixture->store, CHORUS_DIRECTION_RECEIVED, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpuint (ids->len, >=, 40);
  g_array_set_size (ids, 40);
  for (guint i = 0; i < ids->len; i++)
    {
      g_hash_table_insert (before, &g_array_index (ids, gint64, i),
                           server_history (fixture->client, g_array_index (ids, gint64, i)));
    }

  /* 1,000 actions queued offline-style (the flush they start runs under faults too). */
  chorus_sim_set_faults (fixture->sim, &faults);
  for (guint step = 0; step < PLAN_LENGTH; step++)
    for (guint i = 0; i < ids->len; i++)
      {
        ChorusStatus targets[PLAN_LENGTH];
        const char *motifs[PLAN_LENGTH];

        plan_for (i, targets, motifs);
        g_assert_true (chorus_sync_enqueue_process (fixture->sync, &g_array_index (ids, gint64, i), 1,
                                                     targets[step], motifs[step],
                                                     targets[step] == CHORUS_STATUS_MANDATEE ? "MDT-42" : NULL,
                                                     &error));
        g_assert_no_error (error);
        n_actions++;
      }
  g_assert_cmpuint (n_actions, ==, 1000);

  /* Flush until empty: a flush may stop when the network looks down; nothing is lost. */
  while (chorus_store_count_open_actions (fixture->store) > 0)
    {
      g_autoptr(GError) flush_error = NULL;

      g_assert_cmpuint (++rounds, <, 50);
      /* A flush stops on "offline", on a refused token when the simulator revoked tokens
       * twice in a row (it cannot tell that from a bad account), or on a 429 whose Retry-After
       * (1 s) holds the outbox until then: nothing is lost either way. */
      if (flush (fixture->sync, &flush_error) ||
          g_error_matches (flush_error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE))
        continue;
      if (g_error_matches (flush_error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_POSTPONED))
        g_usleep ((faults.retry_after_s * 1000 + 100) * G_TIME_SPAN_MILLISECOND);
      else
        g_assert_error (flush_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
    }
  g_test_message ("%u flush rounds, %u requests", rounds, chorus_sim_get_request_count (fixture->sim));

  memset (&faults, 0, sizeof faults);
  chorus_sim_set_faults (fixture->sim, &faults);
  assert_applied_exactly_once (fixture, ids, before, PLAN_LENGTH);
}

/* SIGKILL -------------------------------------------------------------------------------------- */

/* The child: "--child pull|flush DIR BASE_URL". Works until killed or done. */
static int
child_main (const char *what, const char *dir, const char *base_url)
{
  g_autoptr(ChorusClient) client = make_client (base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (dir, &error);
  g_autoptr(ChorusSync) sync = NULL;
  gboolean ok;

  if (store == NULL)
    g_error ("child: %s", error->message);
  sync = chorus_sync_new (client, store);
  chorus_sync_set_page_size (sync, 20);
  chorus_sync_set_parallel_sends (sync, 4);
  ok = g_str_equal (what, "pull") ? pull (sync, NULL, &error) : flush (sync, &error);
  return ok ? 0 : 1;
}

static GPid
spawn_child (const char *what, Fixture *fixture)
{
  const char *argv[] = { self_path, "--child", what, fixture->dir, chorus_sim_get_base_url (fixture->sim), NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static void
kill_child (GPid pid)
{
  int status = 0;

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);
}

static void
assert_integrity (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "chorus.db", NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_during_pull (Fixture *fixture, gconstpointer data)
{
  g_autofree char *resume = NULL;
  ChorusSimFaults slow = { .latency_ms = 40 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before_ids = NULL;
  ChorusInvoiceFilter filter;
  gint64 count = 0;
  GPid pid;

  chorus_sim_set_faults (fixture->sim, &slow);
  pid = spawn_child ("pull", fixture);
  /* Wait for a few pages to be committed by the child, then kill it mid-pull. */
  while ((count = chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED)) < 60)
    g_usleep (5000);
  kill_child (pid);
  g_assert_cmpint (count, <, chorus_sim_count_received (fixture->sim) - 20);
  memset (&slow, 0, sizeof slow);
  chorus_sim_set_faults (fixture->sim, &slow);

  assert_integrity (fixture->dir);
  open_store (fixture);
  chorus_invoice_filter_init (&filter);
  before_ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
  g_assert_cmpuint (before_ids->len, >=, count);
  resume = chorus_store_get_state (fixture->store, "pull-received-resume");
  g_assert_nonnull (resume);

  chorus_sync_set_page_size (fixture->sync, 20);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  assert_store_matches_server (fixture);
}

/* Starts a child flushing the outbox with every answer held @latency_ms after the simulator applied
 * the action, kills it once at most @open_left actions are still open, then replays what is left as
 * the next start would: some actions were applied on the server and never recorded here. */
static void
kill_mid_flush_then_replay (Fixture *fixture, guint latency_ms, guint open_left)
{
  ChorusSimFaults slow = { .latency_ms = latency_ms };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  guint sending = 0;
  GPid pid;

  chorus_sim_set_faults (fixture->sim, &slow);
  pid = spawn_child ("flush", fixture);
  while (chorus_store_count_open_actions (fixture->store) > open_left)
    g_usleep (5000);
  kill_child (pid);
  memset (&slow, 0, sizeof slow);
  chorus_sim_set_faults (fixture->sim, &slow);

  assert_integrity (fixture->dir);
  open_store (fixture);
  open = chorus_store_outbox_list_open (fixture->store, &error);
  for (guint i = 0; i < open->len; i++)
    sending += ((ChorusAction *) g_ptr_array_index (open, i))->state == CHORUS_ACTION_SENDING;
  g_test_message ("%u open actions after the kill, %u of them possibly sent", open->len, sending);
  g_assert_cmpuint (open->len, >, 0);
  g_assert_cmpuint (sending, >, 0);

  g_assert_true (flush (fixture->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);
}

static void
test_kill_during_replay (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) chorus_history_free);

  g_assert_true (pull (fixture->sync, NULL, &error));
  ids = stored_ids_in (fixture->store, CHORUS_DIRECTION_RECEIVED, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_array_set_size (ids, MIN (ids->len, 80));
  for (guint i = 0; i < ids->len; i++)
    {
      g_hash_table_insert (before, &g_array_index (ids, gint64, i),
                           server_history (fixture->client, g_array_index (ids, gint64, i)));
    }
  /* Queued directly in the store: the child is the only sender. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GArray) a = chorus_store_outbox_add_process (fixture->store, &g_array_index (ids, gint64, i), 1,
                                                             CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, &error);
      g_autoptr(GArray) b = chorus_store_outbox_add_process (fixture->store, &g_array_index (ids, gint64, i), 1,
                                                             CHORUS_STATUS_MANDATEE, NULL, "MDT-7", &error);
      g_assert_no_error (error);
    }

  /* The simulator applies each action, then holds its answer 60 ms. */
  kill_mid_flush_then_replay (fixture, 60, ids->len * 2 * 2 / 3);
  assert_applied_exactly_once (fixture, ids, before, 0);
}

/* Validators ----------------------------------------------------------------------------------- */

/* The Chorus id of the stored invoice of row key @key. */
static gint64
chorus_id_of (Fixture *fixture, gint64 key)
{
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (fixture->store, key, NULL);

  g_assert_nonnull (invoice);
  return chorus_invoice_get_id (invoice);
}

/* The invoices to validate pulled into a store where the account also receives each of them (a
 * received row under the same Chorus id, stored first): the validator's rows get row keys of
 * their own, which the outbox and the sender must never take for Chorus ids. */
static void
pull_to_validate (Fixture *fixture)
{
  static const ChorusStatus levels[] = { CHORUS_STATUS_A_VALIDER_1, CHORUS_STATUS_A_VALIDER_2 };
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autoptr(GPtrArray) remote = server_invoices (fixture, CHORUS_DIRECTION_TO_VALIDATE, levels[l]);

      for (guint i = 0; i < remote->len; i++)
        {
          chorus_invoice_set_direction (g_ptr_array_index (remote, i), CHORUS_DIRECTION_RECEIVED);
          chorus_invoice_set_status (g_ptr_array_index (remote, i), CHORUS_STATUS_MISE_A_DISPOSITION);
        }
      g_assert_true (chorus_store_upsert_invoices (fixture->store, remote, &error));
      g_assert_no_error (error);
    }
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_TO_VALIDATE);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  keys = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_1);
  g_assert_cmpuint (keys->len, >, 0);
  g_assert_cmpint (chorus_id_of (fixture, g_array_index (keys, gint64, 0)), !=, g_array_index (keys, gint64, 0));
}

/* Whether a second validator follows the first, from the simulator's consulter/valideur (raw), for
 * the invoice of row key @key. */
static gboolean
has_second_level (Fixture *fixture, gint64 key)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cadre;

  json_object_set_int_member (body, "identifiantFactureCPP", chorus_id_of (fixture, key));
  answer = chorus_client_call_sync (fixture->client, "factures/v1/consulter/valideur", body, NULL, &error);
  g_assert_no_error (error);
  cadre = json_object_get_object_member (json_object_get_object_member (answer, "facture"), "cadreDeFacturation");
  return json_object_get_int_member_with_default (cadre, "idValideur2", 0) != 0;
}

static void
test_validation_pull (Fixture *fixture, gconstpointer data)
{
  static const ChorusStatus levels[] = { CHORUS_STATUS_A_VALIDER_1, CHORUS_STATUS_A_VALIDER_2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) waiting = NULL;
  g_autoptr(ChorusInvoice) foreign = NULL;
  guint requests;

  /* Two a page: both lists go past their first page. */
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_TO_VALIDATE);
  chorus_sync_set_page_size (fixture->sync, 2);
  requests = chorus_sim_get_request_count (fixture->sim);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  requests = chorus_sim_get_request_count (fixture->sim) - requests;
  g_assert_cmpint (chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED), ==, 0);

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autoptr(GPtrArray) remote = server_invoices (fixture, CHORUS_DIRECTION_TO_VALIDATE, levels[l]);
      g_autoptr(GArray) local = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, levels[l]);

      g_test_message ("%u invoices wait at level %u", remote->len, l + 1);
      g_assert_cmpuint (remote->len, >, 2);
      g_assert_cmpuint (local->len, ==, remote->len);
      for (guint i = 0; i < remote->len; i++)
        {
          ChorusInvoice *server = g_ptr_array_index (remote, i);
          gint64 key = chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_TO_VALIDATE,
                                                  chorus_invoice_get_id (server));
          g_autoptr(ChorusInvoice) stored = chorus_store_load_invoice (fixture->store, key, &error);

          g_assert_no_error (error);
          g_assert_cmpint (chorus_invoice_get_direction (stored), ==, CHORUS_DIRECTION_TO_VALIDATE);
          g_assert_cmpstr (chorus_invoice_get_status_code (stored), ==, chorus_invoice_get_status_code (server));
          g_assert_cmpint (chorus_invoice_get_amount_ttc (stored), ==, chorus_invoice_get_amount_ttc (server));
          /* The validator's own names of the supplier, recipient and engagement are read. */
          g_assert_nonnull (chorus_invoice_get_supplier_code (stored));
          g_assert_nonnull (chorus_invoice_get_recipient_code (stored));
          g_assert_cmpstr (chorus_invoice_get_engagement_number (stored), ==, chorus_invoice_get_engagement_number (server));
          g_assert_cmpint (chorus_invoice_get_validator_id (stored), >, 0);
          g_assert_nonnull (chorus_invoice_get_validator_name (stored));
          g_assert_true (chorus_sync_validator_can_decide (fixture->sync, stored));
        }
    }
  /* Paging: one token, the account's structures, then several pages of each level. */
  g_assert_cmpuint (requests, >, 6);

  /* The tabs' counts and lists. */
  {
    g_autoptr(GPtrArray) level2 = server_invoices (fixture, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_2);
    g_autoptr(GArray) ids = NULL;
    g_autofree char *saved = NULL;
    guint counts[CHORUS_VALIDATION_STAGE_LAST];
    ChorusInvoiceFilter filter, restored;

    chorus_invoice_filter_init (&filter);
    filter.direction = CHORUS_DIRECTION_TO_VALIDATE;
    filter.validation_stage = CHORUS_VALIDATION_STAGE_LEVEL_2;
    g_assert_true (chorus_store_count_validation_stages (fixture->store, &filter, counts, &error));
    g_assert_cmpuint (counts[CHORUS_VALIDATION_STAGE_LEVEL_2], ==, level2->len);
    g_assert_cmpuint (counts[CHORUS_VALIDATION_STAGE_ANY], ==,
                      counts[CHORUS_VALIDATION_STAGE_LEVEL_1] + level2->len + counts[CHORUS_VALIDATION_STAGE_DECIDED]);
    ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
    g_assert_cmpuint (ids->len, ==, level2->len);
    saved = chorus_invoice_filter_serialize (&filter);
    g_assert_true (chorus_invoice_filter_deserialize (saved, &restored, &error));
    g_assert_cmpint (restored.direction, ==, CHORUS_DIRECTION_TO_VALIDATE);
    g_assert_cmpint (restored.validation_stage, ==, CHORUS_VALIDATION_STAGE_LEVEL_2);
  }

  /* An invoice waiting for a structure the account does not validate for cannot be decided here. */
  waiting = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_1);
  foreign = chorus_store_load_invoice (fixture->store, g_array_index (waiting, gint64, 0), &error);
  chorus_invoice_set_validator_id (foreign, 987654321);
  g_assert_false (chorus_sync_validator_can_decide (fixture->sync, foreign));
}

static void
test_validation_stale (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) waiting = NULL;
  g_autoptr(ChorusActionResult) refused = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  gint64 id;

  pull_to_validate (fixture);
  waiting = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_1);
  id = g_array_index (waiting, gint64, 0);

  /* A colleague refuses it on the portal: it leaves both lists, and the next pull reads it again. */
  refused = chorus_client_validate_sync (fixture->client, chorus_id_of (fixture, id), CHORUS_VALIDATION_REFUSE, "AUTRE", "Portail", 0, NULL,
                                         &error);
  g_assert_no_error (error);
  g_assert_true (pull (fixture->sync, NULL, &error));
  g_assert_no_error (error);
  local = chorus_store_load_invoice (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_REFUSEE_1);
  g_assert_cmpint (chorus_invoice_get_direction (local), ==, CHORUS_DIRECTION_TO_VALIDATE);
}

static void
on_outbox_finished (ChorusSync *sync, gint64 action_id, gboolean ok, const char *message, gpointer data)
{
  on_action_finished (sync, action_id, ok, message, data);
}

/* The first refusal motif the simulator offers for the cadre of @id, after its detail was fetched
 * as the screen does when the invoice is opened; its code and label go in @code and @label. */
static void
first_motif (Fixture *fixture, gint64 id, char **code, char **label)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChorusInvoice) detail = NULL;
  g_autoptr(GPtrArray) motifs = NULL;
  g_autoptr(GError) error = NULL;
  ChorusReferenceItem *first;

  chorus_sync_fetch_detail_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  detail = chorus_sync_fetch_detail_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_direction (detail), ==, CHORUS_DIRECTION_TO_VALIDATE);
  g_assert_cmpuint (chorus_invoice_get_lines (detail)->len, >, 0);
  g_assert_cmpint (chorus_invoice_get_cadre (detail), !=, CHORUS_CADRE_UNKNOWN);
  /* The consultation does not name the validator the invoice waits for: the list's stays. */
  g_assert_cmpint (chorus_invoice_get_validator_id (detail), >, 0);
  g_assert_nonnull (chorus_invoice_get_validator_name (detail));
  g_clear_object (&result);
  chorus_sync_get_refusal_motifs_async (fixture->sync, chorus_cadre_to_api (chorus_invoice_get_cadre (detail)), NULL,
                                        chorus_test_store_result, &result);
  motifs = chorus_sync_get_refusal_motifs_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (motifs->len, >, 0);
  first = g_ptr_array_index (motifs, 0);
  *code = g_strdup (first->code);
  *label = g_strdup (first->label);
}

typedef struct {
  gint64                  id;
  ChorusValidationAction  action;
  int                     level;
  guint                   history_before;
  gint64                  action_id;
} Decision;

/* For each of @actions, a waiting invoice where the simulator allows it (a payment only at the last
 * level), queued through the sync (which starts sending) or, with @store_only, straight into the
 * outbox; the length of its history before is kept. */
static guint
queue_decisions (Fixture *fixture, Decision *decisions, const ChorusValidationAction *actions, guint n_actions,
                 gboolean store_only)
{
  g_autoptr(GArray) level1 = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_1);
  g_autoptr(GArray) level2 = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_2);
  g_autoptr(GHashTable) used = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint n = 0;

  for (guint a = 0; a < n_actions; a++)
    {
      ChorusValidationAction action = actions[a];
      GArray *lists[] = { level2, level1 };
      gboolean found = FALSE;

      for (guint l = 0; l < 2 && !found; l++)
        for (guint i = 0; i < lists[l]->len && !found; i++)
          {
            gint64 *id = &g_array_index (lists[l], gint64, i);
            g_autoptr(ChorusHistory) history = NULL;
            g_autofree char *code = NULL;
            g_autofree char *label = NULL;
            g_autoptr(GError) error = NULL;

            if (g_hash_table_contains (used, id) ||
                (action == CHORUS_VALIDATION_PAYMENT && l == 1 && has_second_level (fixture, *id)))
              continue;
            found = TRUE;
            g_hash_table_add (used, id);
            history = server_history (fixture->client, chorus_id_of (fixture, *id));
            if (chorus_status_validation_needs_motif (action))
              first_motif (fixture, *id, &code, &label);
            decisions[n] = (Decision) { *id, action, l == 0 ? 2 : 1, history->events->len, 0 };
            decisions[n].action_id = store_only
              ? chorus_store_outbox_add_validation (fixture->store, *id, action, code, label, "Contrôlée", 0, &error)
              : chorus_sync_enqueue_validation (fixture->sync, *id, action, code, label, "Contrôlée", &error);
            g_assert_no_error (error);
            g_assert_cmpint (decisions[n].action_id, >, 0);
            n++;
          }
    }
  return n;
}

/* Each decision reached the platform exactly once (its outcome once in the invoice's new history),
 * its action is done, and the store has the platform's status. */
static void
assert_decided_once (Fixture *fixture, const Decision *decisions, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const Decision *d = &decisions[i];
      ChorusStatus outcome = chorus_validation_action_outcome (d->action, d->level);
      g_autoptr(ChorusHistory) history = server_history (fixture->client, chorus_id_of (fixture, d->id));
      g_autoptr(ChorusInvoice) local = chorus_store_load_invoice (fixture->store, d->id, NULL);
      g_autoptr(ChorusAction) action = chorus_store_outbox_get (fixture->store, d->action_id, NULL);
      guint decided = 0;

      for (guint k = d->history_before; k < history->events->len; k++)
        decided += ((ChorusStatusEvent *) g_ptr_array_index (history->events, k))->status == outcome;
      if (action->state != CHORUS_ACTION_DONE)
        g_test_message ("decision %u (%s) on %" G_GINT64_FORMAT ": %s", i,
                        chorus_validation_action_to_api (d->action), d->id, action->message);
      g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
      g_assert_cmpuint (decided, ==, 1);
      g_assert_cmpstr (chorus_invoice_get_status_code (local), ==, history->current_status_code);
    }
}

static void
test_validation_each_action (Fixture *fixture, gconstpointer data)
{
  static const ChorusValidationAction actions[] = {
    CHORUS_VALIDATION_PAYMENT, CHORUS_VALIDATION_VALIDATE, CHORUS_VALIDATION_REFUSE,
    CHORUS_VALIDATION_RECYCLE, CHORUS_VALIDATION_SUSPEND, CHORUS_VALIDATION_REJECT,
  };
  g_autoptr(GError) error = NULL;
  Decision decisions[G_N_ELEMENTS (actions)];
  Finished finished = { 0 };
  guint n;

  pull_to_validate (fixture);
  g_signal_connect (fixture->sync, "outbox-action-finished", G_CALLBACK (on_outbox_finished), &finished);
  n = queue_decisions (fixture, decisions, actions, G_N_ELEMENTS (actions), FALSE);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (actions));
  /* Optimistic at once: the invoice left its level before any answer. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChorusInvoice) local = chorus_store_load_invoice (fixture->store, decisions[i].id, NULL);

      g_assert_cmpint (chorus_status_validation_level (chorus_invoice_get_status (local)), ==, 0);
    }
  while (finished.ok + finished.failed < n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (finished.failed, ==, 0);
  assert_decided_once (fixture, decisions, n);
  g_free (finished.last_message);
}

static void
test_validation_checks (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) level1 = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  g_autoptr(ChorusAction) refused = NULL;
  g_autoptr(ChorusAction) held = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  Finished finished = { 0 };
  gint64 two_levels = 0, action_id;

  pull_to_validate (fixture);
  level1 = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_1);
  for (guint i = 0; i < level1->len && two_levels == 0; i++)
    if (has_second_level (fixture, g_array_index (level1, gint64, i)))
      two_levels = g_array_index (level1, gint64, i);
  g_assert_cmpint (two_levels, >, 0);
  g_signal_connect (fixture->sync, "outbox-action-finished", G_CALLBACK (on_outbox_finished), &finished);

  /* A refusal needs its motif: nothing is queued without one. */
  g_assert_cmpint (chorus_sync_enqueue_validation (fixture->sync, two_levels, CHORUS_VALIDATION_REFUSE, NULL, NULL,
                                                   "sans motif", &error), ==, 0);
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);

  /* Payment at the first of two levels: the simulator refuses; its message, and the status comes
   * back so that the invoice can be decided again. A second decision meanwhile is refused here. */
  action_id = chorus_store_outbox_add_validation (fixture->store, two_levels, CHORUS_VALIDATION_PAYMENT, NULL, NULL,
                                                  NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_sync_enqueue_validation (fixture->sync, two_levels, CHORUS_VALIDATION_VALIDATE, NULL, NULL,
                                                   NULL, &error), ==, 0);
  g_assert_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (flush (fixture->sync, &error));
  drain ();
  g_assert_cmpuint (finished.failed, ==, 1);
  g_assert_nonnull (strstr (finished.last_message, "dernier niveau"));
  local = chorus_store_load_invoice (fixture->store, two_levels, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_A_VALIDER_1);
  refused = chorus_store_outbox_get (fixture->store, action_id, &error);
  g_assert_cmpint (refused->state, ==, CHORUS_ACTION_FAILED);

  /* Held for the user's undo as a recipient's action is: a flush leaves it alone, and taken back
   * the invoice waits at its level again with nothing sent. */
  chorus_sync_set_hold_time (fixture->sync, 60000);
  action_id = chorus_sync_enqueue_validation (fixture->sync, two_levels, CHORUS_VALIDATION_VALIDATE, NULL, NULL,
                                              "Conforme", &error);
  g_assert_cmpint (action_id, >, 0);
  held = chorus_store_outbox_get (fixture->store, action_id, &error);
  g_assert_true (chorus_action_is_held (held, g_get_real_time ()));
  g_assert_true (flush (fixture->sync, &error));
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 1);
  g_assert_true (chorus_sync_cancel_action (fixture->sync, action_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);
  g_clear_object (&local);
  local = chorus_store_load_invoice (fixture->store, two_levels, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_A_VALIDER_1);
  history = server_history (fixture->client, chorus_id_of (fixture, two_levels));
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_A_VALIDER_1);
  chorus_sync_set_hold_time (fixture->sync, 0);

  /* A validation at the first level sends it to the second: the store follows the platform. */
  g_assert_cmpint (chorus_sync_enqueue_validation (fixture->sync, two_levels, CHORUS_VALIDATION_VALIDATE, NULL, NULL,
                                                   "Conforme", &error), >, 0);
  while (finished.ok + finished.failed < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (finished.ok, ==, 1);
  g_clear_object (&local);
  local = chorus_store_load_invoice (fixture->store, two_levels, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_A_VALIDER_2);
  g_free (finished.last_message);
}

/* The refusal motifs read once are kept: offline, a refusal can still be prepared with them; a
 * cadre never read has none to offer, and says why. */
static void
test_validation_motifs_offline (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults down = { .failure_rate = 1.0, .http_5xx = TRUE };
  g_autoptr(GArray) level1 = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GPtrArray) never = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *label = NULL;
  const char *cadre;

  pull_to_validate (fixture);
  level1 = stored_ids_in (fixture->store, CHORUS_DIRECTION_TO_VALIDATE, CHORUS_STATUS_A_VALIDER_1);
  first_motif (fixture, g_array_index (level1, gint64, 0), &code, &label);
  local = chorus_store_load_invoice (fixture->store, g_array_index (level1, gint64, 0), &error);
  cadre = chorus_cadre_to_api (chorus_invoice_get_cadre (local));

  chorus_sim_set_faults (fixture->sim, &down);
  chorus_sync_get_refusal_motifs_async (fixture->sync, cadre, NULL, chorus_test_store_result, &result);
  cached = chorus_sync_get_refusal_motifs_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->len, >, 0);
  g_assert_cmpstr (((ChorusReferenceItem *) g_ptr_array_index (cached, 0))->code, ==, code);
  g_assert_cmpstr (((ChorusReferenceItem *) g_ptr_array_index (cached, 0))->label, ==, label);
  g_assert_false (chorus_sync_get_online (fixture->sync));

  g_clear_object (&result);
  chorus_sync_get_refusal_motifs_async (fixture->sync, "A99_CADRE_JAMAIS_LU", NULL, chorus_test_store_result, &result);
  never = chorus_sync_get_refusal_motifs_finish (fixture->sync, chorus_test_wait_result (&result), &error);
  g_assert_null (never);
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE);
}

static void
test_validation_answer_lost (Fixture *fixture, gconstpointer data)
{
  static const ChorusValidationAction actions[] = {
    CHORUS_VALIDATION_PAYMENT, CHORUS_VALIDATION_VALIDATE, CHORUS_VALIDATION_REFUSE,
    CHORUS_VALIDATION_RECYCLE, CHORUS_VALIDATION_SUSPEND, CHORUS_VALIDATION_REJECT,
  };
  ChorusSimFaults faults = { .failure_rate = 1.0, .drop_after_apply = TRUE };
  g_autoptr(GError) error = NULL;
  Decision decisions[G_N_ELEMENTS (actions)];
  guint n, requests;

  pull_to_validate (fixture);
  n = queue_decisions (fixture, decisions, actions, G_N_ELEMENTS (actions), TRUE);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (actions));

  /* The simulator applies every request and drops every answer: the decisions stay open, marked as
   * possibly sent. */
  chorus_sim_set_faults (fixture->sim, &faults);
  g_assert_false (flush (fixture->sync, &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChorusAction) action = chorus_store_outbox_get (fixture->store, decisions[i].action_id, NULL);

      g_assert_cmpint (action->state, ==, CHORUS_ACTION_SENDING);
    }

  /* Back: the history shows each applied; nothing is sent again (one history read each). */
  memset (&faults, 0, sizeof faults);
  chorus_sim_set_faults (fixture->sim, &faults);
  requests = chorus_sim_get_request_count (fixture->sim);
  g_assert_true (flush (fixture->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_sim_get_request_count (fixture->sim) - requests, ==, n);
  assert_decided_once (fixture, decisions, n);
}

static void
test_validation_faults (Fixture *fixture, gconstpointer data)
{
  static const ChorusValidationAction actions[] = {
    CHORUS_VALIDATION_PAYMENT, CHORUS_VALIDATION_VALIDATE, CHORUS_VALIDATION_REFUSE, CHORUS_VALIDATION_RECYCLE,
    CHORUS_VALIDATION_SUSPEND, CHORUS_VALIDATION_REJECT, CHORUS_VALIDATION_VALIDATE, CHORUS_VALIDATION_REFUSE,
  };
  ChorusSimFaults faults = { .failure_rate = 0.25, .http_429 = TRUE, .retry_after_s = 1, .http_5xx = TRUE,
                             .truncated_json = TRUE, .expire_tokens = TRUE, .drop_after_apply = TRUE,
                             .cut_after_apply = TRUE, .seed = 77 };
  g_autoptr(GError) error = NULL;
  Decision decisions[G_N_ELEMENTS (actions)];
  guint n, rounds = 0, requests;

  pull_to_validate (fixture);
  n = queue_decisions (fixture, decisions, actions, G_N_ELEMENTS (actions), TRUE);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (actions));
  chorus_sim_set_faults (fixture->sim, &faults);
  requests = chorus_sim_get_request_count (fixture->sim);
  while (chorus_store_count_open_actions (fixture->store) > 0)
    {
      g_autoptr(GError) flush_error = NULL;

      g_assert_cmpuint (++rounds, <, 50);
      if (!flush (fixture->sync, &flush_error) &&
          !g_error_matches (flush_error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE))
        g_assert_error (flush_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
    }
  requests = chorus_sim_get_request_count (fixture->sim) - requests;
  memset (&faults, 0, sizeof faults);
  chorus_sim_set_faults (fixture->sim, &faults);
  assert_decided_once (fixture, decisions, n);
  g_test_message ("%u decisions under 25 %% faults: %u requests in %u flush rounds, 0 lost, 0 duplicated", n,
                  requests, rounds);
}

static void
test_validation_kill_during_send (Fixture *fixture, gconstpointer data)
{
  static const ChorusValidationAction actions[] = {
    CHORUS_VALIDATION_VALIDATE, CHORUS_VALIDATION_REFUSE, CHORUS_VALIDATION_SUSPEND, CHORUS_VALIDATION_VALIDATE,
    CHORUS_VALIDATION_RECYCLE, CHORUS_VALIDATION_REJECT, CHORUS_VALIDATION_VALIDATE, CHORUS_VALIDATION_REFUSE,
  };
  g_autoptr(GError) error = NULL;
  Decision decisions[G_N_ELEMENTS (actions)];
  guint n;

  pull_to_validate (fixture);
  n = queue_decisions (fixture, decisions, actions, G_N_ELEMENTS (actions), TRUE);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (actions));

  /* The simulator applies each decision, then holds its answer 300 ms; the next start replays. */
  kill_mid_flush_then_replay (fixture, 300, n - 2);
  assert_decided_once (fixture, decisions, n);
}

/* A gateway that claims a million pages and sends empty ones (L6). */
static void
endless_pages (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  guint *searches = user_data;
  const char *body = "{\"access_token\":\"tok-endless\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

  if (g_str_has_suffix (path, "rechercher/recipiendaire"))
    {
      (*searches)++;
      body = "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\",\"pageCourante\":1,\"pages\":1000000,"
             "\"nbResultatsParPage\":1000,\"total\":0,\"listeFactures\":[]}";
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_pull_bounded (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chorus-sync-endless-XXXXXX", NULL);
  g_autofree char *url = NULL;
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(ChorusSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint searches = 0;
  GSList *uris;

  soup_server_add_handler (server, NULL, endless_pages, &searches, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = make_client (url);
  store = chorus_store_open (dir, &error);
  g_assert_no_error (error);
  sync = chorus_sync_new (client, store);
  chorus_sync_set_directions (sync, CHORUS_SYNC_RECEIVED);

  chorus_sync_pull_async (sync, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (chorus_sync_pull_finish (sync, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (searches, <=, 2);

  g_clear_object (&sync);
  g_clear_object (&store);
  g_clear_object (&client);
  soup_server_disconnect (server);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3], argv[4]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);
#define ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/pull-full-then-incremental", 400, test_pull_full_then_incremental);
  ADD ("/sync/pull-resumes", 400, test_pull_resumes);
  ADD ("/sync/pull-next-stream-while-writing", 400, test_pull_next_stream_while_writing);
  ADD ("/sync/pull-quirks-and-odd-items", 200, test_pull_quirks_and_odd_items);
  ADD ("/sync/detail-and-pdf", 200, test_detail_and_pdf);
  ADD ("/sync/outbox-basic", 200, test_outbox_basic);
  ADD ("/sync/outbox-1000-actions-20-percent-faults", 1600, test_outbox_faults);
  ADD ("/sync/kill-during-pull", 1200, test_kill_during_pull);
  ADD ("/sync/kill-during-replay", 1600, test_kill_during_replay);
  ADD ("/sync/validation/pull-both-levels-every-page", 12000, test_validation_pull);
  ADD ("/sync/validation/stale-invoice-read-again", 12000, test_validation_stale);
  ADD ("/sync/validation/each-action-once", 12000, test_validation_each_action);
  ADD ("/sync/validation/motif-refusal-undo-and-levels", 12000, test_validation_checks);
  ADD ("/sync/validation/motifs-kept-for-offline", 12000, test_validation_motifs_offline);
  ADD ("/sync/validation/answer-lost-after-apply", 12000, test_validation_answer_lost);
  ADD ("/sync/validation/faults-25-percent", 12000, test_validation_faults);
  ADD ("/sync/validation/kill-during-send", 12000, test_validation_kill_during_send);
#undef ADD
  g_test_add_func ("/sync/pull-bounded", test_pull_bounded);
  return g_test_run ();
}
