/* test-sync-actions.c: against the simulator: a held action reaches Chorus Pro only after its hold,
 * an undone one never does; the account's scope decides what a pull brings; the allowed status
 * changes come from recuperer/etats/traitement and are kept for the next session. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-status.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "chorus-sync.h"
#include "chorus-transitions.h"

typedef struct {
  ChorusSim    *sim;
  ChorusClient *client;
  char         *dir;
  ChorusStore  *store;
  ChorusSync   *sync;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->sim = chorus_test_sim_start (17, 400);
  fixture->client = chorus_test_sim_client (fixture->sim);
  fixture->dir = g_dir_make_tmp ("chorus-sync-actions-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->sync = chorus_sync_new (fixture->client, fixture->store);
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_RECEIVED);
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

static void
pull (Fixture *fixture)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  chorus_sync_pull_async (fixture->sync, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (chorus_sync_pull_finish (fixture->sync, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

/* Runs the main loop for @ms milliseconds, or until @done says so. */
static gboolean
run_until (gboolean (*done) (gpointer), gpointer data, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (done != NULL && done (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return done != NULL && done (data);
}

static ChorusStatus
server_status (Fixture *fixture, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (fixture->client, id, NULL, &error);

  g_assert_no_error (error);
  return history->current_status;
}

static gint64
first_received_in (Fixture *fixture, ChorusStatus status)
{
  ChorusInvoiceFilter filter;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;

  chorus_invoice_filter_init (&filter);
  ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
  invoices = chorus_store_load_invoices (fixture->store, (gint64 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < invoices->len; i++)
    if (chorus_invoice_get_status (g_ptr_array_index (invoices, i)) == status)
      return chorus_invoice_get_id (g_ptr_array_index (invoices, i));
  g_assert_not_reached ();
}

static gboolean
no_open_action (gpointer data)
{
  return chorus_store_count_open_actions (((Fixture *) data)->store) == 0;
}

static void
test_hold_then_send (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  gint64 id, started;

  pull (fixture);
  id = first_received_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  chorus_sync_set_hold_time (fixture->sync, 1200);
  started = g_get_monotonic_time ();
  actions = chorus_sync_queue_process (fixture->sync, &id, 1, CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);

  /* Shown at once, on Chorus Pro only once the hold is over. */
  local = chorus_store_load_invoice (fixture->store, id, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_SERVICE_FAIT);
  run_until (NULL, NULL, 600);
  g_assert_cmpint (server_status (fixture, id), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 1);
  g_assert_true (run_until (no_open_action, fixture, 20000));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 1200 * 1000);
  g_assert_cmpint (server_status (fixture, id), ==, CHORUS_STATUS_SERVICE_FAIT);
}

static void
test_undo_sends_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autoptr(ChorusInvoice) local = NULL;
  g_autoptr(GPtrArray) left = NULL;
  guint requests;
  gint64 id;

  pull (fixture);
  id = first_received_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  chorus_sync_set_hold_time (fixture->sync, 800);
  requests = chorus_sim_get_request_count (fixture->sim);
  actions = chorus_sync_queue_process (fixture->sync, &id, 1, CHORUS_STATUS_REJETEE, "Doublon", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_sync_cancel_action (fixture->sync, g_array_index (actions, gint64, 0), &error));
  g_assert_no_error (error);

  local = chorus_store_load_invoice (fixture->store, id, &error);
  g_assert_cmpint (chorus_invoice_get_status (local), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  /* Well past the hold: not one request went to the simulator, and it still has the invoice as before. */
  run_until (NULL, NULL, 2000);
  g_assert_cmpuint (chorus_sim_get_request_count (fixture->sim), ==, requests);
  g_assert_cmpint (server_status (fixture, id), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  left = chorus_store_outbox_list_for_invoice (fixture->store, id, &error);
  g_assert_cmpuint (left->len, ==, 0);
  /* Undoing twice is refused, not a crash. */
  g_assert_false (chorus_sync_cancel_action (fixture->sync, g_array_index (actions, gint64, 0), &error));
  g_assert_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND);
}

static guint
count_received (Fixture *fixture)
{
  return (guint) chorus_store_count_invoices (fixture->store, CHORUS_DIRECTION_RECEIVED);
}

static void
test_scope (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) services = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GArray) kept = NULL;
  ChorusInvoiceQuery query;
  ChorusInvoiceFilter filter;
  gint64 hospital = chorus_sim_get_recipient_id (fixture->sim);
  gint64 supplier = chorus_sim_get_supplier_id (fixture->sim);
  ChorusSyncScopeService chosen = { hospital, 0 };
  guint all, in_service = 0, server_total;
  gint64 other_service_invoice = 0;

  /* No scope: everything the account sees. */
  pull (fixture);
  all = count_received (fixture);
  g_assert_cmpuint (all, ==, chorus_sim_count_received (fixture->sim) + chorus_sim_count_received_works (fixture->sim));

  /* The hospital and one of its services: only that service's invoices, as many as Chorus Pro
   * lists for it. */
  services = chorus_client_search_services_sync (fixture->client, hospital, 1, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->items->len, >=, 2);
  chosen.service_id = ((ChorusService *) g_ptr_array_index (services->items, 0))->id;

  /* An invoice of another service with an action waiting stays until Chorus Pro answers. */
  chorus_invoice_filter_init (&filter);
  ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
  invoices = chorus_store_load_invoices (fixture->store, (gint64 *) (gpointer) ids->data, ids->len, &error);
  for (guint i = 0; i < invoices->len; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (invoices, i);

      if (chorus_invoice_get_service_id (invoice) == chosen.service_id)
        in_service++;
      else if (other_service_invoice == 0 && chorus_invoice_get_status (invoice) == CHORUS_STATUS_MISE_A_DISPOSITION)
        other_service_invoice = chorus_invoice_get_id (invoice);
    }
  g_assert_cmpuint (in_service, >, 0);
  g_assert_cmpuint (in_service, <, all);
  g_assert_cmpint (other_service_invoice, !=, 0);
  kept = chorus_store_outbox_add_process_held (fixture->store, &other_service_invoice, 1, CHORUS_STATUS_SERVICE_FAIT,
                                               NULL, NULL, g_get_real_time () + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);

  chorus_sync_set_scope (fixture->sync, &hospital, 1, &chosen, 1);
  pull (fixture);
  chorus_invoice_query_init (&query);
  query.recipient_id = hospital;
  query.service_id = chosen.service_id;
  query.page_size = 1;
  {
    g_autoptr(ChorusInvoicePage) page = chorus_client_search_received_sync (fixture->client, &query, NULL, &error);
    g_assert_no_error (error);
    server_total = page->total;
  }
  g_assert_cmpuint (server_total, ==, in_service);
  g_assert_cmpuint (count_received (fixture), ==, in_service + 1);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&invoices, g_ptr_array_unref);
  ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
  invoices = chorus_store_load_invoices (fixture->store, (gint64 *) (gpointer) ids->data, ids->len, &error);
  for (guint i = 0; i < invoices->len; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (invoices, i);

      g_assert_true (chorus_invoice_get_service_id (invoice) == chosen.service_id ||
                     chorus_invoice_get_id (invoice) == other_service_invoice);
      g_assert_cmpint (chorus_invoice_get_recipient_id (invoice), ==, hospital);
    }

  /* The whole hospital again: a full pull of it. */
  chorus_sync_set_scope (fixture->sync, &hospital, 1, NULL, 0);
  pull (fixture);
  g_assert_cmpuint (count_received (fixture), ==, all);

  /* A structure the account only supplies from: it receives nothing there. */
  chorus_store_outbox_cancel (fixture->store, g_array_index (kept, gint64, 0), g_get_real_time (), &error);
  g_assert_no_error (error);
  chorus_sync_set_scope (fixture->sync, &supplier, 1, NULL, 0);
  pull (fixture);
  g_assert_cmpuint (count_received (fixture), ==, 0);
}

static gboolean
transitions_answered (gpointer data)
{
  return chorus_transitions_get_pending (data) == 0;
}

static void
test_transitions (Fixture *fixture, gconstpointer data)
{
  ChorusStatus statuses[] = { CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MISE_EN_PAIEMENT };
  g_autoptr(ChorusTransitions) online = chorus_transitions_new (fixture->store, fixture->client);
  g_autoptr(ChorusTransitions) offline = NULL;
  ChorusTransitionsSource source;
  ChorusStatus targets[CHORUS_STATUS_LAST];

  /* Before any answer: the local table. */
  chorus_transitions_lookup (online, CHORUS_STATUS_MISE_A_DISPOSITION, targets, G_N_ELEMENTS (targets), &source);
  g_assert_cmpint (source, ==, CHORUS_TRANSITIONS_LOCAL);
  chorus_transitions_prefetch (online, statuses, G_N_ELEMENTS (statuses));
  g_assert_true (run_until (transitions_answered, online, 20000));

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) server = chorus_client_get_status_targets_sync (fixture->client, statuses[i], NULL, &error);
      gsize n = chorus_transitions_lookup (online, statuses[i], targets, G_N_ELEMENTS (targets), &source);

      if (server == NULL)
        {
          /* "No result": nothing may be set from there. */
          g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
          server = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
        }
      g_assert_cmpint (source, ==, CHORUS_TRANSITIONS_SERVER);
      g_assert_cmpuint (n, ==, server->len);
      for (gsize k = 0; k < n; k++)
        g_assert_cmpint (targets[k], ==, g_array_index (server, ChorusStatus, k));
    }

  /* The next session without a connection keeps the answers. */
  offline = chorus_transitions_new (fixture->store, NULL);
  chorus_transitions_lookup (offline, CHORUS_STATUS_SERVICE_FAIT, targets, G_N_ELEMENTS (targets), &source);
  g_assert_cmpint (source, ==, CHORUS_TRANSITIONS_CACHED);
  g_assert_false (chorus_transitions_allows (offline, CHORUS_STATUS_MISE_EN_PAIEMENT, CHORUS_STATUS_SERVICE_FAIT));
  chorus_transitions_lookup (offline, CHORUS_STATUS_COMPTABILISEE, targets, G_N_ELEMENTS (targets), &source);
  g_assert_cmpint (source, ==, CHORUS_TRANSITIONS_LOCAL);
}

static ChorusInvoice *
fetch_detail (Fixture *fixture, gint64 id)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  ChorusInvoice *invoice;

  chorus_sync_fetch_detail_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  invoice = chorus_sync_fetch_detail_finish (fixture->sync, result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return invoice;
}

static GPtrArray *
fetch_attachments (Fixture *fixture, gint64 id)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *files;

  chorus_sync_fetch_attachments_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  files = chorus_sync_fetch_attachments_finish (fixture->sync, result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return files;
}

/* An invoice with a supporting document: it comes out of the ZIP under the detail's id and name,
 * is cached, and the second time no request leaves. */
static void
test_attachments (Fixture *fixture, gconstpointer data)
{
  ChorusInvoiceFilter filter;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  ChorusAttachment *wanted = NULL;
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) again = NULL;
  ChorusAttachmentFile *file;
  guint requests;

  pull (fixture);
  chorus_invoice_filter_init (&filter);
  ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
  for (guint i = 0; i < ids->len && wanted == NULL; i++)
    {
      GPtrArray *attachments;

      g_clear_object (&invoice);
      invoice = fetch_detail (fixture, g_array_index (ids, gint64, i));
      attachments = chorus_invoice_get_attachments (invoice);
      for (guint k = 0; attachments != NULL && k < attachments->len; k++)
        if (!((ChorusAttachment *) g_ptr_array_index (attachments, k))->is_main)
          wanted = g_ptr_array_index (attachments, k);
    }
  g_assert_nonnull (wanted);

  files = fetch_attachments (fixture, chorus_invoice_get_id (invoice));
  g_assert_cmpuint (files->len, ==, 1);
  file = g_ptr_array_index (files, 0);
  g_assert_cmpint (file->attachment_id, ==, wanted->id);
  g_assert_true (g_str_has_suffix (file->name, ".pdf"));
  g_assert_true (file->is_pdf);

  requests = chorus_sim_get_request_count (fixture->sim);
  again = fetch_attachments (fixture, chorus_invoice_get_id (invoice));
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpuint (chorus_sim_get_request_count (fixture->sim), ==, requests);
  g_assert_true (g_bytes_equal (((ChorusAttachmentFile *) g_ptr_array_index (again, 0))->bytes, file->bytes));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-actions/hold-then-send", test_hold_then_send);
  ADD ("/sync-actions/undo-sends-nothing", test_undo_sends_nothing);
  ADD ("/sync-actions/scope", test_scope);
  ADD ("/sync-actions/transitions", test_transitions);
  ADD ("/sync-actions/attachments", test_attachments);
#undef ADD
  return g_test_run ();
}
