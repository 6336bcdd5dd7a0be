/* test-sync-supplier.c: supplier actions (deposit, completer, recycler) through the outbox against
 * the simulator: each applied once, no loss nor duplicate under faults, replay after a restart,
 * a flux whose answer was lost looked up and never sent twice, Chorus Pro's "wait", size limits. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "chorus-flow-report.h"
#include "chorus-deposit-file.h"
#include "chorus-journal.h"
#include "chorus-json.h"
#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-sync.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"

typedef struct {
  ChorusSim    *sim;
  char         *dir;
  char         *pdf_path;
  char         *note_path;     /* a document to attach */
  char         *program_path;  /* a file the platform does not take as an attachment */
  char         *service_code;
  ChorusClient *client;
  ChorusClient *direct;        /* straight to the simulator when client goes through a proxy */
  ChorusStore  *store;
  ChorusSync   *sync;
} Fixture;

static void
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->sync = chorus_sync_new (fixture->client, fixture->store);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) services = NULL;

  fixture->sim = chorus_test_sim_start (5, 50);
  fixture->dir = g_dir_make_tmp ("chorus-sync-supplier-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->client = chorus_test_sim_client (fixture->sim);
  chorus_client_set_timeout (fixture->client, 1);
  chorus_client_set_retry_policy (fixture->client, 3, 20, 200, 2000);
  fixture->pdf_path = g_build_filename (fixture->dir, "facture.pdf", NULL);
  chorus_test_write_tiny_pdf (fixture->pdf_path);
  fixture->note_path = g_build_filename (fixture->dir, "bon-de-livraison.pdf", NULL);
  chorus_test_write_tiny_pdf (fixture->note_path);
  fixture->program_path = g_build_filename (fixture->dir, "outil.exe", NULL);
  g_assert_true (g_file_set_contents (fixture->program_path, "MZ", 2, &error));
  services = chorus_client_search_services_sync (fixture->client, chorus_sim_get_recipient_id (fixture->sim),
                                                 1, 10, NULL, &error);
  g_assert_no_error (error);
  fixture->service_code = g_strdup (((ChorusService *) g_ptr_array_index (services->items, 0))->code);
  open_store (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->direct);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  chorus_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->pdf_path);
  g_free (fixture->note_path);
  g_free (fixture->program_path);
  g_free (fixture->service_code);
}

static void
pull (ChorusSync *sync)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  chorus_sync_pull_async (sync, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (chorus_sync_pull_finish (sync, result, &error));
  g_assert_no_error (error);
}

/* Flushes until the outbox is empty; a flush may stop while the network looks down. */
static void
flush_all (Fixture *fixture)
{
  guint rounds = 0;

  while (chorus_store_count_open_actions (fixture->store) > 0)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (++rounds, <, 40);
      if (!chorus_test_flush_outbox (fixture->sync, &error) && !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE))
        g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static ChorusDepositDraft *
make_draft (Fixture *fixture, const char *number)
{
  ChorusDepositDraft *draft = chorus_deposit_draft_new ();

  chorus_test_fill_invoice (draft->invoice, number, chorus_sim_get_recipient_siret (fixture->sim),
                            fixture->service_code, chorus_sim_get_supplier_id (fixture->sim));
  draft->pdf_path = g_strdup (fixture->pdf_path);
  return draft;
}

/* The issued invoices the server holds with @number. */
static GPtrArray *
server_issued (Fixture *fixture, const char *number)
{
  g_autoptr(GError) error = NULL;
  ChorusInvoicePage *page;
  ChorusInvoiceQuery query;
  GPtrArray *invoices;

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_sim_get_supplier_id (fixture->sim);
  query.invoice_number = number;
  page = chorus_client_search_issued_sync (fixture->direct != NULL ? fixture->direct : fixture->client, &query,
                                           NULL, &error);
  g_assert_no_error (error);
  invoices = g_steal_pointer (&page->invoices);
  chorus_invoice_page_free (page);
  return invoices;
}

static gint64
result_invoice_id (ChorusAction *action)
{
  g_autoptr(JsonObject) result = chorus_json_parse_object (action->result, -1, NULL);
  gint64 id = 0;

  g_assert_nonnull (result);
  g_assert_true (chorus_json_get_int (result, "invoiceId", &id, NULL));
  return id;
}

static guint
count_events (Fixture *fixture, gint64 invoice_id, ChorusStatus status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (fixture->client, invoice_id, NULL, &error);
  guint count = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < history->events->len; i++)
    count += ((ChorusStatusEvent *) g_ptr_array_index (history->events, i))->status == status;
  return count;
}

typedef struct {
  guint ok, failed;
} Finished;

static void
on_finished (ChorusSync *sync, gint64 action_id, gboolean ok, const char *message, Finished *finished)
{
  if (ok)
    finished->ok++;
  else
    finished->failed++;
}

/* Deposit, then completer and recycler on what the recipient sent back: each applied once. */
static void
test_each_kind (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusDepositDraft) first = make_draft (fixture, "OB-0001");
  g_autoptr(ChorusDepositDraft) second = make_draft (fixture, "OB-0002");
  g_autoptr(ChorusDepositDraft) duplicate = make_draft (fixture, "OB-0001");
  g_autoptr(ChorusAction) a = NULL, b = NULL, c = NULL, done = NULL;
  g_autoptr(ChorusActionResult) suspended = NULL, sent_back = NULL;
  g_autoptr(GPtrArray) found = NULL;
  Finished finished = { 0 };
  gint64 id_a, id_b, id_c, complete_id, recycle_id, invoice_a, invoice_b, key_a, key_b;

  g_signal_connect (fixture->sync, "outbox-action-finished", G_CALLBACK (on_finished), &finished);
  id_a = chorus_sync_enqueue_deposit (fixture->sync, first, &error);
  g_assert_no_error (error);
  id_b = chorus_sync_enqueue_deposit (fixture->sync, second, &error);
  g_assert_no_error (error);
  flush_all (fixture);

  a = chorus_store_outbox_get (fixture->store, id_a, &error);
  b = chorus_store_outbox_get (fixture->store, id_b, &error);
  g_assert_cmpint (a->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpint (b->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (finished.ok, ==, 2);
  invoice_a = result_invoice_id (a);
  invoice_b = result_invoice_id (b);
  found = server_issued (fixture, "OB-0001");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (chorus_invoice_get_id (g_ptr_array_index (found, 0)), ==, invoice_a);
  g_assert_nonnull (strstr (a->result, "\"certificate\""));

  /* The same number again: refused, with the server's message, and nothing else changes. */
  id_c = chorus_sync_enqueue_deposit (fixture->sync, duplicate, &error);
  g_assert_no_error (error);
  flush_all (fixture);
  c = chorus_store_outbox_get (fixture->store, id_c, &error);
  g_assert_cmpint (c->state, ==, CHORUS_ACTION_FAILED);
  g_assert_nonnull (c->message);
  g_assert_cmpuint (finished.failed, ==, 1);

  /* Completing and recycling act on invoices of the local database, by their row keys. */
  pull (fixture->sync);
  key_a = chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_ISSUED, invoice_a);
  key_b = chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_ISSUED, invoice_b);
  g_assert_cmpint (key_a, >, 0);
  g_assert_cmpint (key_b, >, 0);
  /* Deposited to the account's own hospital: also on the received side, under another key. */
  g_assert_cmpint (chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_RECEIVED, invoice_a), >, 0);
  g_assert_cmpint (chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_RECEIVED, invoice_a), !=, key_a);
  /* Input errors are refused before anything is written. */
  g_assert_cmpint (chorus_sync_enqueue_complete (fixture->sync, key_a, "  ", NULL, &error), ==, 0);
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID);
  g_clear_error (&error);
  {
    const char *refused[] = { fixture->program_path, NULL };

    g_assert_cmpint (chorus_sync_enqueue_complete (fixture->sync, key_a, "Voici", refused, &error), ==, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);

  suspended = chorus_client_process_received_sync (fixture->client, invoice_a, CHORUS_STATUS_SUSPENDUE,
                                                   "Bon de commande absent", NULL, NULL, &error);
  g_assert_no_error (error);
  sent_back = chorus_client_process_received_sync (fixture->client, invoice_b, CHORUS_STATUS_A_RECYCLER,
                                                   "Mauvais service", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    const char *files[] = { fixture->note_path, NULL };

    complete_id = chorus_sync_enqueue_complete (fixture->sync, key_a, "Bon de commande joint", files, &error);
    g_assert_no_error (error);
  }
  recycle_id = chorus_sync_enqueue_recycle (fixture->sync, key_b, chorus_sim_get_recipient_siret (fixture->sim),
                                            fixture->service_code, NULL, "Service corrigé", &error);
  g_assert_no_error (error);
  flush_all (fixture);

  done = chorus_store_outbox_get (fixture->store, complete_id, &error);
  g_assert_cmpint (done->state, ==, CHORUS_ACTION_DONE);
  /* The document was uploaded once and named in completer: the invoice now carries it. */
  {
    g_autoptr(JsonObject) result = chorus_json_parse_object (done->result, -1, NULL);
    JsonArray *uploads = json_object_get_array_member (result, "uploads");
    g_autoptr(ChorusInvoice) completed = chorus_client_consult_invoice_sync (fixture->client, CHORUS_DIRECTION_ISSUED,
                                                                             invoice_a, NULL, &error);
    gboolean linked = FALSE;

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (uploads), ==, 1);
    for (guint i = 0; chorus_invoice_get_attachments (completed) != NULL &&
                      i < chorus_invoice_get_attachments (completed)->len; i++)
      linked |= ((ChorusAttachment *) g_ptr_array_index (chorus_invoice_get_attachments (completed), i))->id ==
                json_array_get_int_element (uploads, 0);
    g_assert_true (linked);
  }
  g_clear_pointer (&done, chorus_action_free);
  done = chorus_store_outbox_get (fixture->store, recycle_id, &error);
  g_assert_cmpint (done->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (count_events (fixture, invoice_a, CHORUS_STATUS_COMPLETEE), ==, 1);
  g_assert_cmpuint (count_events (fixture, invoice_b, CHORUS_STATUS_A_RECYCLER), ==, 1);
  g_assert_cmpuint (finished.ok, ==, 4);
}

/* Twelve deposits and their follow-ups under 25 % faults: none lost, none twice. */
static void
test_faults (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 0.25, .http_429 = TRUE, .retry_after_s = 1, .http_5xx = TRUE,
                             .timeouts = TRUE, .malformed_json = TRUE, .truncated_json = TRUE,
                             .expire_tokens = TRUE, .seed = 7 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deposits = NULL;
  guint resent = 0;
  enum { N = 12 };

  chorus_sim_set_faults (fixture->sim, &faults);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *number = g_strdup_printf ("OB-F-%02u", i);
      g_autoptr(ChorusDepositDraft) draft = make_draft (fixture, number);

      g_assert_cmpint (chorus_sync_enqueue_deposit (fixture->sync, draft, &error), >, 0);
      g_assert_no_error (error);
    }
  flush_all (fixture);
  memset (&faults, 0, sizeof faults);
  chorus_sim_set_faults (fixture->sim, &faults);

  deposits = chorus_store_outbox_list_kind (fixture->store, CHORUS_ACTION_KIND_DEPOSIT_PDF, &error);
  g_assert_cmpuint (deposits->len, ==, N);
  for (guint i = 0; i < N; i++)
    {
      ChorusAction *action = g_ptr_array_index (deposits, i);
      g_autofree char *number = g_strdup_printf ("OB-F-%02u", i);
      g_autoptr(GPtrArray) found = server_issued (fixture, number);

      g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpint (chorus_invoice_get_id (g_ptr_array_index (found, 0)), ==, result_invoice_id (action));
      resent += action->attempts > 1;
    }
  g_test_message ("%u deposits sent more than once", resent);
  /* The faults did hit: some deposits went through the check-before-resend path. */
  g_assert_cmpuint (resent, >, 0);
}

/* A deposit that reached the server before the app died, and one never sent: a new store and
 * sync on the same folder replay both, the first without depositing it again. */
static void
test_restart_replays (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusDepositDraft) sent = make_draft (fixture, "OB-R-1");
  g_autoptr(ChorusDepositDraft) unsent = make_draft (fixture, "OB-R-2");
  g_autoptr(ChorusActionResult) upload = NULL, submitted = NULL;
  g_autoptr(GBytes) pdf = chorus_test_tiny_pdf ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(ChorusAction) first = NULL, second = NULL;
  g_autofree char *sent_json = NULL, *unsent_json = NULL;
  g_autoptr(JsonNode) sent_node = chorus_deposit_draft_to_json (sent);
  g_autoptr(JsonNode) unsent_node = chorus_deposit_draft_to_json (unsent);
  gint64 id_sent, id_unsent;

  /* Written straight to the store, as an earlier run would have left them. */
  sent_json = json_to_string (sent_node, FALSE);
  unsent_json = json_to_string (unsent_node, FALSE);
  id_sent = chorus_store_outbox_add (fixture->store, CHORUS_ACTION_KIND_DEPOSIT_PDF, 0, sent_json, &error);
  id_unsent = chorus_store_outbox_add (fixture->store, CHORUS_ACTION_KIND_DEPOSIT_PDF, 0, unsent_json, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_store_outbox_mark_sending (fixture->store, id_sent, &error));
  upload = chorus_client_deposit_pdf_sync (fixture->client, pdf, "facture.pdf", NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *result = g_strdup_printf ("{\"attachmentId\": %" G_GINT64_FORMAT "}", upload->attachment_id);
    g_assert_true (chorus_store_outbox_set_result (fixture->store, id_sent, result, &error));
  }
  chorus_invoice_set_main_attachment_id (sent->invoice, upload->attachment_id);
  submitted = chorus_client_submit_sync (fixture->client, sent->invoice, NULL, &error);
  g_assert_no_error (error);

  open_store (fixture);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 2);
  g_assert_true (chorus_test_flush_outbox (fixture->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);

  first = chorus_store_outbox_get (fixture->store, id_sent, &error);
  second = chorus_store_outbox_get (fixture->store, id_unsent, &error);
  g_assert_cmpint (first->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpint (second->state, ==, CHORUS_ACTION_DONE);
  /* The first was recognised on the server, not sent again (it would have been refused). */
  g_assert_cmpint (first->attempts, ==, 1);
  g_assert_cmpint (result_invoice_id (first), ==, submitted->invoice_id);
  found = server_issued (fixture, "OB-R-1");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = server_issued (fixture, "OB-R-2");
  g_assert_cmpuint (found->len, ==, 1);
}


/* Runs @sql on the fixture's database behind the store's back, as a crash or a power cut leaves it. */
static void
tamper (Fixture *fixture, const char *sql)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "chorus.db", NULL);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* ---- a proxy in front of the simulator that loses the answer to a flux deposit ---- */

typedef struct {
  SoupServer  *server;
  SoupSession *session;
  char        *sim_url;
  char        *base_url;
  guint        flux_deposits;   /* deposer/flux requests that reached the simulator */
  gboolean     drop_flux;       /* forward them, then close the connection without answering */
} Proxy;

static void
proxy_handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Proxy *proxy = user_data;
  g_autofree char *url = g_strconcat (proxy->sim_url, path, NULL);
  g_autoptr(SoupMessage) forward = soup_message_new (soup_server_message_get_method (msg), url);
  g_autoptr(GBytes) request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GBytes) answer = NULL;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  const char *headers[] = { "Authorization", "cpro-account", "Accept", "Content-Type" };
  const char *type;
  gsize size = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (headers); i++)
    if (soup_message_headers_get_one (in, headers[i]) != NULL)
      soup_message_headers_replace (soup_message_get_request_headers (forward), headers[i],
                                    soup_message_headers_get_one (in, headers[i]));
  type = soup_message_headers_get_content_type (in, NULL);
  if (g_bytes_get_size (request) > 0)
    soup_message_set_request_body_from_bytes (forward, type != NULL ? type : "application/json", request);
  answer = soup_session_send_and_read (proxy->session, forward, NULL, NULL);
  if (g_str_has_suffix (path, "deposer/flux"))
    {
      proxy->flux_deposits++;
      if (proxy->drop_flux)
        {
          /* Applied on the server; the client never hears of it. */
          g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

          g_io_stream_close (stream, NULL, NULL);
          return;
        }
    }
  soup_server_message_set_status (msg, soup_message_get_status (forward), NULL);
  {
    const char *data = answer != NULL ? g_bytes_get_data (answer, &size) : "";

    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, size);
  }
}

static Proxy *
proxy_start (ChorusSim *sim)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  proxy->sim_url = g_strdup (chorus_sim_get_base_url (sim));
  proxy->session = soup_session_new ();
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_handle, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  proxy->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  soup_server_disconnect (proxy->server);
  g_object_unref (proxy->server);
  g_object_unref (proxy->session);
  g_free (proxy->sim_url);
  g_free (proxy->base_url);
  g_free (proxy);
}

/* The fixture's client and sync, through @proxy. */
static void
use_proxy (Fixture *fixture, Proxy *proxy)
{
  g_clear_object (&fixture->sync);
  fixture->direct = g_steal_pointer (&fixture->client);
  fixture->client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, proxy->base_url);
  chorus_client_set_credentials (fixture->client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (fixture->client, 2);
  chorus_client_set_retry_policy (fixture->client, 3, 20, 200, 2000);
  fixture->sync = chorus_sync_new (fixture->client, fixture->store);
}

/* A CII flux numbered @number from @seller_siret, as the deposit wizard would queue it. */
static ChorusDepositDraft *
make_flux (Fixture *fixture, const char *number, const char *seller_siret)
{
  ChorusDepositDraft *draft = make_draft (fixture, number);
  g_autofree char *xml = chorus_test_cii_invoice (number, fixture->service_code, seller_siret,
                                                  chorus_sim_get_recipient_siret (fixture->sim), "EJ-2026-0042");
  g_autofree char *name = g_strdup_printf ("%s.xml", number);
  g_autoptr(GError) error = NULL;

  g_free (draft->pdf_path);
  draft->pdf_path = g_build_filename (fixture->dir, name, NULL);
  g_assert_true (g_file_set_contents (draft->pdf_path, xml, -1, &error));
  draft->flux_syntax = g_strdup ("IN_DP_E1_CII_16B");
  return draft;
}

static JsonObject *
action_result (ChorusAction *action)
{
  JsonObject *result = chorus_json_parse_object (action->result, -1, NULL);

  g_assert_nonnull (result);
  return result;
}

/* The answer to a flux deposit is lost after Chorus took it: the outbox finds it by its invoice
 * number instead of depositing it again. */
static void
test_flux_answer_lost (Fixture *fixture, gconstpointer data)
{
  Proxy *proxy = proxy_start (fixture->sim);
  g_autoptr(ChorusDepositDraft) draft = make_flux (fixture, "FLX-LOST-1", chorus_sim_get_supplier_siret (fixture->sim));
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  use_proxy (fixture, proxy);
  proxy->drop_flux = TRUE;
  id = chorus_sync_enqueue_deposit (fixture->sync, draft, &error);
  g_assert_no_error (error);
  flush_all (fixture);

  action = chorus_store_outbox_get (fixture->store, id, &error);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (proxy->flux_deposits, ==, 1);
  result = action_result (action);
  g_assert_cmpint (json_object_get_int_member (result, "invoiceId"), >, 0);
  g_assert_nonnull (json_object_get_string_member (result, "flowNumber"));
  g_assert_false (json_object_has_member (result, "pendingCheck"));
  found = server_issued (fixture, "FLX-LOST-1");
  g_assert_cmpuint (found->len, ==, 1);

  /* A crash right after sending (answer never recorded): the next run looks it up too. */
  {
    g_autoptr(ChorusDepositDraft) second = make_flux (fixture, "FLX-LOST-2", chorus_sim_get_supplier_siret (fixture->sim));
    g_autoptr(ChorusAction) replayed = NULL;
    gint64 second_id;

    proxy->drop_flux = FALSE;
    chorus_sync_set_parallel_sends (fixture->sync, 1);
    second_id = chorus_sync_enqueue_deposit (fixture->sync, second, &error);
    g_assert_no_error (error);
    flush_all (fixture);
    g_assert_cmpuint (proxy->flux_deposits, ==, 2);
    /* As if the app had died before recording the answer: back to "sent, outcome unknown". */
    g_assert_true (chorus_store_outbox_set_result (fixture->store, second_id,
                                                   "{\"pendingCheck\": true, \"sentAt\": \"2026-11-23T10:00:00Z\"}",
                                                   &error));
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = 1 WHERE id = %" G_GINT64_FORMAT, second_id);

      tamper (fixture, sql);
    }
    flush_all (fixture);
    replayed = chorus_store_outbox_get (fixture->store, second_id, &error);
    g_assert_cmpint (replayed->state, ==, CHORUS_ACTION_DONE);
    g_assert_cmpuint (proxy->flux_deposits, ==, 2);
  }

  g_clear_object (&fixture->sync);
  proxy_free (proxy);
}

/* Found by the soak: killed after the flux's answer came and was saved, before the action was
 * recorded done (two commits in earlier versions): the next run found it open without its "may be
 * there" mark and deposited it again. A flux whose answer is known is looked up, never resent. */
static void
test_flux_answered_not_resent (Fixture *fixture, gconstpointer data)
{
  Proxy *proxy = proxy_start (fixture->sim);
  g_autoptr(ChorusDepositDraft) draft = make_flux (fixture, "FLX-ANS-1", chorus_sim_get_supplier_siret (fixture->sim));
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  use_proxy (fixture, proxy);
  id = chorus_sync_enqueue_deposit (fixture->sync, draft, &error);
  g_assert_no_error (error);
  flush_all (fixture);
  g_assert_cmpuint (proxy->flux_deposits, ==, 1);
  action = chorus_store_outbox_get (fixture->store, id, &error);
  result = action_result (action);
  left = g_strdup_printf ("{\"sentAt\": \"%s\", \"flowNumber\": \"%s\"}",
                          json_object_get_string_member (result, "sentAt"),
                          json_object_get_string_member (result, "flowNumber"));
  g_assert_true (chorus_store_outbox_set_result (fixture->store, id, left, &error));
  sql = g_strdup_printf ("UPDATE outbox SET state = 1 WHERE id = %" G_GINT64_FORMAT, id);
  tamper (fixture, sql);

  flush_all (fixture);
  g_clear_pointer (&action, chorus_action_free);
  action = chorus_store_outbox_get (fixture->store, id, &error);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (proxy->flux_deposits, ==, 1);

  g_clear_object (&fixture->sync);
  proxy_free (proxy);
}

/* Lost, and not to be found (Chorus rejected it at integration, or is slow): looked up a few
 * times, then the user decides; never a second deposit on a guess. */
static void
test_flux_to_check (Fixture *fixture, gconstpointer data)
{
  Proxy *proxy = proxy_start (fixture->sim);
  /* A seller that is not the account's: the flux is taken, then rejected, no invoice appears. */
  g_autoptr(ChorusDepositDraft) draft = make_flux (fixture, "FLX-LOST-3", "35600000000048");
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(GPtrArray) to_check = NULL;
  g_autoptr(GError) error = NULL;
  Finished finished = { 0 };
  guint rounds = 0;
  gint64 id;

  use_proxy (fixture, proxy);
  proxy->drop_flux = TRUE;
  chorus_sync_set_flow_lookups (fixture->sync, 3, 0);
  g_signal_connect (fixture->sync, "outbox-action-finished", G_CALLBACK (on_finished), &finished);
  id = chorus_sync_enqueue_deposit (fixture->sync, draft, &error);
  g_assert_no_error (error);

  /* The lookups come by themselves (the outbox schedules its next flush). */
  while (chorus_store_count_actions_to_check (fixture->store) == 0)
    {
      g_assert_cmpuint (++rounds, <, 200);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  action = chorus_store_outbox_get (fixture->store, id, &error);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_TO_CHECK);
  g_assert_nonnull (strstr (action->message, "FLX-LOST-3"));
  g_assert_cmpuint (proxy->flux_deposits, ==, 1);
  g_assert_cmpuint (finished.failed, ==, 1);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);
  {
    g_autoptr(JsonObject) result = action_result (action);

    g_assert_cmpint (json_object_get_int_member (result, "lookups"), ==, 3);
  }
  to_check = chorus_store_outbox_list_to_check (fixture->store, &error);
  g_assert_cmpuint (to_check->len, ==, 1);

  /* A flush changes nothing: it waits for the user. */
  g_assert_true (chorus_test_flush_outbox (fixture->sync, &error));
  g_assert_cmpuint (proxy->flux_deposits, ==, 1);

  /* The user looked in the portal and found nothing: send it again, once. */
  proxy->drop_flux = FALSE;
  g_assert_true (chorus_sync_resolve_action (fixture->sync, id, TRUE, &error));
  g_assert_no_error (error);
  flush_all (fixture);
  g_clear_pointer (&action, chorus_action_free);
  action = chorus_store_outbox_get (fixture->store, id, &error);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (proxy->flux_deposits, ==, 2);
  g_assert_false (chorus_sync_resolve_action (fixture->sync, id, TRUE, &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID);
  g_clear_error (&error);

  /* Another one the user found in the portal: marked as done, nothing sent. */
  {
    g_autoptr(ChorusDepositDraft) other = make_flux (fixture, "FLX-LOST-4", "35600000000048");
    g_autoptr(ChorusAction) done = NULL;
    gint64 other_id;

    proxy->drop_flux = TRUE;
    other_id = chorus_sync_enqueue_deposit (fixture->sync, other, &error);
    rounds = 0;
    while (chorus_store_count_actions_to_check (fixture->store) == 0)
      {
        g_assert_cmpuint (++rounds, <, 200);
        g_main_context_iteration (NULL, TRUE);
      }
    g_assert_cmpuint (proxy->flux_deposits, ==, 3);
    g_assert_true (chorus_sync_resolve_action (fixture->sync, other_id, FALSE, &error));
    done = chorus_store_outbox_get (fixture->store, other_id, &error);
    g_assert_cmpint (done->state, ==, CHORUS_ACTION_DONE);
    g_assert_true (chorus_test_flush_outbox (fixture->sync, &error));
    g_assert_cmpuint (proxy->flux_deposits, ==, 3);
  }

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->sync);
  proxy_free (proxy);
}

/* Chorus Pro says "come back in 10 minutes": the flush stops at once and says when, and the
 * outbox keeps the action with that time instead of sending it again and again. */
static void
test_rate_limited_postponed (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 1.0, .http_429 = TRUE, .retry_after_s = 600, .seed = 3 };
  g_autoptr(ChorusDepositDraft) draft = make_draft (fixture, "OB-WAIT-1");
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(GError) error = NULL;
  guint before;
  gint64 id, start = g_get_real_time ();

  chorus_client_forget_token (fixture->client);
  chorus_sim_set_faults (fixture->sim, &faults);
  before = chorus_sim_get_request_count (fixture->sim);
  id = chorus_sync_enqueue_deposit (fixture->sync, draft, &error);
  g_assert_no_error (error);
  while (chorus_sync_get_flushing (fixture->sync) || chorus_store_outbox_next_attempt (fixture->store) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (chorus_test_flush_outbox (fixture->sync, &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_POSTPONED);
  g_assert_nonnull (strstr (error->message, ":"));   /* the time it will try again */
  g_assert_cmpuint (chorus_sim_get_request_count (fixture->sim) - before, <=, 2);

  action = chorus_store_outbox_get (fixture->store, id, &error);
  g_assert_cmpint (action->state, <, CHORUS_ACTION_DONE);
  g_assert_cmpint (action->not_before, >=, start + (gint64) 590 * G_USEC_PER_SEC);
  g_assert_cmpint (chorus_store_outbox_next_attempt (fixture->store), ==, action->not_before);
  memset (&faults, 0, sizeof faults);
  chorus_sim_set_faults (fixture->sim, &faults);
}

/* Files above what Chorus Pro takes are refused before anything is read (M8). */
static void
test_deposit_size_limits (Fixture *fixture, gconstpointer data)
{
  static const struct { const char *name; goffset size; gboolean flux; } files[] = {
    { "huge.pdf", (goffset) 300 * 1024 * 1024, FALSE },
    { "big.pdf", CHORUS_DEPOSIT_MAX_FILE_BYTES + 1, FALSE },
    { "huge.xml", CHORUS_DEPOSIT_MAX_TOTAL_BYTES + 1, TRUE },
  };
  struct rusage before, after;

  getrusage (RUSAGE_SELF, &before);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(ChorusDepositDraft) draft = make_draft (fixture, "OB-BIG-1");
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (fixture->dir, files[i].name, NULL);
      int fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

      /* Sparse: no disk space, and any read of it would show in the memory used. */
      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (ftruncate (fd, files[i].size), ==, 0);
      close (fd);
      g_free (draft->pdf_path);
      draft->pdf_path = g_strdup (path);
      if (files[i].flux)
        draft->flux_syntax = g_strdup ("IN_DP_E2_CII_FACTURX");
      g_assert_cmpint (chorus_sync_enqueue_deposit (fixture->sync, draft, &error), ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, files[i].name));
    }
  getrusage (RUSAGE_SELF, &after);
  g_assert_cmpint (after.ru_maxrss - before.ru_maxrss, <, 100 * 1024);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);
}

/* A power cut rolled back the SENDING mark but the attempt count survived (M5): the action is
 * checked against the server before any resend, so traiter/recue goes once. */
static guint
journal_count (ChorusJournal *journal, const char *operation)
{
  g_autoptr(GPtrArray) entries = chorus_journal_list (journal, FALSE, NULL, 0, FALSE, NULL);
  guint count = 0;

  for (guint i = 0; i < entries->len; i++)
    count += g_strcmp0 (((ChorusJournalEntry *) g_ptr_array_index (entries, i))->operation, operation) == 0;
  return count;
}

static void
test_check_after_lost_commit (Fixture *fixture, gconstpointer data)
{
  g_autofree char *journal_dir = g_build_filename (fixture->dir, "journal", NULL);
  g_autoptr(ChorusJournal) journal = chorus_journal_open (journal_dir, NULL);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  ChorusInvoiceFilter filter;
  gint64 action_id;

  chorus_journal_attach (journal, fixture->client);
  pull (fixture->sync);
  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_RECEIVED;
  filter.group = CHORUS_STATUS_GROUP_TO_PROCESS;
  ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_DEPOSIT_DATE, FALSE, &error);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_true (chorus_sync_enqueue_process (fixture->sync, (gint64 *) (gpointer) ids->data, 1,
                                               CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, &error));
  flush_all (fixture);
  g_assert_cmpuint (journal_count (journal, "factures/v1/traiter/recue"), ==, 1);
  actions = chorus_store_outbox_list_for_invoice (fixture->store, g_array_index (ids, gint64, 0), &error);
  action_id = ((ChorusAction *) g_ptr_array_index (actions, 0))->id;
  g_assert_cmpint (((ChorusAction *) g_ptr_array_index (actions, 0))->state, ==, CHORUS_ACTION_DONE);

  {
    g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = 0, attempts = 1 WHERE id = %" G_GINT64_FORMAT,
                                            action_id);

    tamper (fixture, sql);
  }
  flush_all (fixture);
  action = chorus_store_outbox_get (fixture->store, action_id, &error);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (journal_count (journal, "factures/v1/traiter/recue"), ==, 1);
  g_assert_cmpuint (journal_count (journal, "factures/v1/consulter/historique"), >=, 1);
  chorus_client_set_exchange_func (fixture->client, NULL, NULL, NULL);
}

/* A deposited invoice of the fixture's supplier, received by its own recipient, in @status. */
static gint64
deposited_in (Fixture *fixture, const char *number, ChorusStatus status)
{
  g_autoptr(ChorusDepositDraft) draft = make_draft (fixture, number);
  g_autoptr(ChorusActionResult) submitted = NULL;
  g_autoptr(ChorusActionResult) processed = NULL;
  g_autoptr(GError) error = NULL;

  submitted = chorus_client_submit_sync (fixture->client, draft->invoice, NULL, &error);
  g_assert_no_error (error);
  if (status != CHORUS_STATUS_MISE_A_DISPOSITION)
    {
      processed = chorus_client_process_received_sync (fixture->client, submitted->invoice_id, status,
                                                       chorus_status_needs_motif (status) ? "Pièce manquante" : NULL,
                                                       NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return submitted->invoice_id;
}

/* The store's row key of the issued invoice with Chorus id @chorus_id (pulled already). */
static gint64
issued_key (Fixture *fixture, gint64 chorus_id)
{
  gint64 key = chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_ISSUED, chorus_id);

  g_assert_cmpint (key, >, 0);
  return key;
}

static ChorusActionState
action_state (Fixture *fixture, gint64 action_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusAction) action = chorus_store_outbox_get (fixture->store, action_id, &error);

  g_assert_no_error (error);
  return action->state;
}

/* Found by the soak: a completion (or a recycling) the server refuses because the invoice is not
 * suspended (not to recycle) was taken as done, since "no longer suspended" looked like "ours went
 * through"; the same when its first answer was lost. The outbox now compares with where the invoice
 * stood before the first send. */
static void
test_refused_complete_recycle_fail (Fixture *fixture, gconstpointer data)
{
  gint64 never_suspended = deposited_in (fixture, "OB-NS-1", CHORUS_STATUS_MISE_A_DISPOSITION);
  gint64 not_to_recycle = deposited_in (fixture, "OB-NR-1", CHORUS_STATUS_MISE_A_DISPOSITION);
  gint64 lost_answer = deposited_in (fixture, "OB-NS-2", CHORUS_STATUS_MISE_A_DISPOSITION);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusAction) failed = NULL;
  gint64 complete_id, recycle_id, lost_id;

  pull (fixture->sync);

  complete_id = chorus_sync_enqueue_complete (fixture->sync, issued_key (fixture, never_suspended), "Bon de commande joint",
                                              NULL, &error);
  recycle_id = chorus_sync_enqueue_recycle (fixture->sync, issued_key (fixture, not_to_recycle), chorus_sim_get_recipient_siret (fixture->sim),
                                            fixture->service_code, NULL, "Service corrigé", &error);
  g_assert_no_error (error);
  flush_all (fixture);
  g_assert_cmpint (action_state (fixture, complete_id), ==, CHORUS_ACTION_FAILED);
  g_assert_cmpint (action_state (fixture, recycle_id), ==, CHORUS_ACTION_FAILED);
  failed = chorus_store_outbox_get (fixture->store, complete_id, &error);
  g_assert_nonnull (strstr (failed->message, "suspendue"));
  g_assert_cmpuint (count_events (fixture, never_suspended, CHORUS_STATUS_COMPLETEE), ==, 0);

  /* Sent once and its answer lost (as if the app died before recording it): the check before
   * resending must not take "not suspended" for "done". */
  lost_id = chorus_sync_enqueue_complete (fixture->sync, issued_key (fixture, lost_answer), "Bon de commande joint", NULL,
                                          &error);
  g_assert_no_error (error);
  flush_all (fixture);
  g_assert_cmpint (action_state (fixture, lost_id), ==, CHORUS_ACTION_FAILED);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = 1, message = NULL WHERE id = %" G_GINT64_FORMAT,
                                            lost_id);

    tamper (fixture, sql);
  }
  flush_all (fixture);
  g_assert_cmpint (action_state (fixture, lost_id), ==, CHORUS_ACTION_FAILED);
  g_assert_cmpuint (count_events (fixture, lost_answer, CHORUS_STATUS_COMPLETEE), ==, 0);
}

/* A completion that went through while the app died; by the time it starts again the recipient
 * has suspended the invoice once more. Still suspended, but not by the suspension ours answered:
 * the outbox takes it as done instead of completing the new suspension with the old answer. */
static void
test_complete_not_resent_after_new_suspension (Fixture *fixture, gconstpointer data)
{
  gint64 invoice = deposited_in (fixture, "OB-RS-1", CHORUS_STATUS_SUSPENDUE);
  g_autoptr(ChorusActionResult) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 action_id;

  pull (fixture->sync);
  action_id = chorus_sync_enqueue_complete (fixture->sync, issued_key (fixture, invoice), "Bon de commande joint", NULL,
                                            &error);
  g_assert_no_error (error);
  flush_all (fixture);
  g_assert_cmpint (action_state (fixture, action_id), ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (count_events (fixture, invoice, CHORUS_STATUS_COMPLETEE), ==, 1);

  again = chorus_client_process_received_sync (fixture->client, invoice, CHORUS_STATUS_SUSPENDUE, "Autre pièce manquante",
                                               NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = 1 WHERE id = %" G_GINT64_FORMAT, action_id);

    tamper (fixture, sql);
  }
  flush_all (fixture);
  g_assert_cmpint (action_state (fixture, action_id), ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (count_events (fixture, invoice, CHORUS_STATUS_COMPLETEE), ==, 1);
}

/* When each deposit request was in flight (monotonic µs pairs), from the client's exchange hook. */
typedef struct {
  GMutex  lock;
  GArray *spans;
} Spans;

static void
record_span (const ChorusClientExchange *exchange, gpointer data)
{
  Spans *spans = data;
  gint64 span[2] = { exchange->time, exchange->time + (gint64) exchange->duration_ms * 1000 };

  if (g_strcmp0 (exchange->operation, "factures/v1/soumettre") != 0 &&
      g_strcmp0 (exchange->operation, "factures/v1/deposer/pdf") != 0)
    return;
  g_mutex_lock (&spans->lock);
  g_array_append_vals (spans->spans, span, 2);
  g_mutex_unlock (&spans->lock);
}

/* The most requests in flight at once. */
static guint
most_at_once (GArray *spans)
{
  guint most = 0;

  for (guint i = 0; i < spans->len; i += 2)
    {
      gint64 start = g_array_index (spans, gint64, i);
      guint at_once = 0;

      for (guint k = 0; k < spans->len; k += 2)
        at_once += g_array_index (spans, gint64, k) <= start && start < g_array_index (spans, gint64, k + 1);
      most = MAX (most, at_once);
    }
  return most;
}

/* Each request's operation and span (monotonic µs), in the order they ended. */
typedef struct {
  GMutex     lock;
  GPtrArray *operations;
  GArray    *spans;
} Timeline;

static void
record_timeline (const ChorusClientExchange *exchange, gpointer data)
{
  Timeline *timeline = data;
  gint64 span[2] = { exchange->time, exchange->time + (gint64) exchange->duration_ms * 1000 };

  g_mutex_lock (&timeline->lock);
  g_ptr_array_add (timeline->operations, g_strdup (exchange->operation));
  g_array_append_vals (timeline->spans, span, 2);
  g_mutex_unlock (&timeline->lock);
}

/* The index of the first request of @operation, -1 if none. */
static gint
timeline_find (Timeline *timeline, const char *operation)
{
  for (guint i = 0; i < timeline->operations->len; i++)
    if (g_str_equal (g_ptr_array_index (timeline->operations, i), operation))
      return (gint) i;
  return -1;
}

/* Found on merging the supplier side (an invoice is a row per side): a structure that invoices
 * itself has one Chorus Pro invoice on two rows. The recipient's suspension and the supplier's
 * completion queued after it went in two groups, side by side, and the completion could leave
 * before the invoice was suspended. They now go one after the other, as for one invoice. */
static void
test_both_sides_in_order (Fixture *fixture, gconstpointer data)
{
  gint64 invoice = deposited_in (fixture, "OB-SIDES-1", CHORUS_STATUS_MISE_A_DISPOSITION);
  ChorusSimFaults slow = { .latency_ms = 200 };
  Timeline timeline = { .operations = g_ptr_array_new_with_free_func (g_free),
                        .spans = g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GArray) suspended = NULL;
  g_autoptr(GError) error = NULL;
  gint64 received, complete_id;
  gint suspend, check;

  pull (fixture->sync);
  received = chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_RECEIVED, invoice);
  g_assert_cmpint (received, >, 0);
  g_assert_cmpint (received, !=, issued_key (fixture, invoice));
  /* Queued by an earlier run, in this order: the flush below sends both. */
  suspended = chorus_store_outbox_add_process_held (fixture->store, &received, 1, CHORUS_STATUS_SUSPENDUE,
                                                    "Pièce manquante", NULL, 0, &error);
  g_assert_no_error (error);
  complete_id = chorus_store_outbox_add (fixture->store, CHORUS_ACTION_KIND_COMPLETE, issued_key (fixture, invoice),
                                         "{\"comment\": \"Bon de commande joint\", \"files\": []}", &error);
  g_assert_no_error (error);
  g_mutex_init (&timeline.lock);
  chorus_client_set_exchange_func (fixture->client, record_timeline, &timeline, NULL);
  chorus_sim_set_faults (fixture->sim, &slow);
  flush_all (fixture);
  chorus_sim_set_faults (fixture->sim, NULL);
  chorus_client_set_exchange_func (fixture->client, NULL, NULL, NULL);

  g_assert_cmpint (action_state (fixture, g_array_index (suspended, gint64, 0)), ==, CHORUS_ACTION_DONE);
  g_assert_cmpint (action_state (fixture, complete_id), ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (count_events (fixture, invoice, CHORUS_STATUS_COMPLETEE), ==, 1);
  /* The completion's first request (where the invoice stands) left once the suspension was answered. */
  suspend = timeline_find (&timeline, "factures/v1/traiter/recue");
  check = timeline_find (&timeline, "factures/v1/consulter/historique");
  g_assert_cmpint (suspend, >=, 0);
  g_assert_cmpint (check, >=, 0);
  g_assert_cmpint (g_array_index (timeline.spans, gint64, 2 * check), >=,
                   g_array_index (timeline.spans, gint64, 2 * suspend + 1));
  g_ptr_array_unref (timeline.operations);
  g_array_unref (timeline.spans);
  g_mutex_clear (&timeline.lock);
}

/* Found by the soak: deposits (which have no invoice yet) all went through one sender, one after
 * the other, whatever the parallel sends: a supplier's hundred queued deposits, and every works
 * action, waited behind each other's timeouts. Each now has a group of its own. */
static void
test_deposits_in_parallel (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults slow = { .latency_ms = 200 };
  Spans spans = { .spans = g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GPtrArray) deposits = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&spans.lock);
  /* Queued by an earlier run: the flush below is the only sender. */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *number = g_strdup_printf ("OB-PAR-%u", i);
      g_autoptr(ChorusDepositDraft) draft = make_draft (fixture, number);
      g_autoptr(JsonNode) node = chorus_deposit_draft_to_json (draft);
      g_autofree char *payload = json_to_string (node, FALSE);

      g_assert_cmpint (chorus_store_outbox_add (fixture->store, CHORUS_ACTION_KIND_DEPOSIT_PDF, 0, payload, &error), >, 0);
      g_assert_no_error (error);
    }
  chorus_client_set_exchange_func (fixture->client, record_span, &spans, NULL);
  chorus_sim_set_faults (fixture->sim, &slow);
  g_assert_true (chorus_test_flush_outbox (fixture->sync, &error));
  g_assert_no_error (error);
  chorus_sim_set_faults (fixture->sim, NULL);
  chorus_client_set_exchange_func (fixture->client, NULL, NULL, NULL);

  deposits = chorus_store_outbox_list_kind (fixture->store, CHORUS_ACTION_KIND_DEPOSIT_PDF, &error);
  for (guint i = 0; i < deposits->len; i++)
    g_assert_cmpint (((ChorusAction *) g_ptr_array_index (deposits, i))->state, ==, CHORUS_ACTION_DONE);
  g_test_message ("%u deposit requests, at most %u at once", spans.spans->len / 2, most_at_once (spans.spans));
  g_assert_cmpuint (most_at_once (spans.spans), >=, 2);
  g_array_unref (spans.spans);
  g_mutex_clear (&spans.lock);
}

/* The platform reads a Factur-X PDF (deposer/pdf, an outbox action of its own); the deposit then
 * names that upload instead of sending the PDF again, with an extra document attached. */
static void
test_read_then_deposit (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sample = g_build_filename (g_getenv ("CHORUS_SAMPLES_DIR"), "akretion", "invoice_EN16931.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusAction) read = NULL, deposit = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(ChorusDepositDraft) fields = NULL;
  g_autoptr(ChorusDepositDraft) draft = make_draft (fixture, "OB-READ-1");
  g_autoptr(ChorusInvoice) deposited = NULL;
  JsonObject *read_object = NULL;
  gint64 read_id, deposit_id, attachment_id = 0, requests_before;
  const char *extra[] = { fixture->note_path, NULL };
  gboolean extra_linked = FALSE;

  read_id = chorus_sync_enqueue_read_pdf (fixture->sync, sample, &error);
  g_assert_no_error (error);
  flush_all (fixture);
  read = chorus_store_outbox_get (fixture->store, read_id, &error);
  g_assert_cmpint (read->state, ==, CHORUS_ACTION_DONE);
  result = chorus_json_parse_object (read->result, -1, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_json_get_int (result, "attachmentId", &attachment_id, NULL));
  g_assert_cmpint (attachment_id, >, 0);
  g_assert_true (chorus_json_get_object (result, "read", &read_object, NULL));
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (node, read_object);
    fields = chorus_deposit_draft_from_json (node, &error);
  }
  g_assert_no_error (error);
  /* What the platform read: the sample's number and totals (Factur-X EN 16931). */
  g_assert_nonnull (chorus_invoice_get_number (fields->invoice));
  g_assert_cmpint (chorus_invoice_get_amount_ttc (fields->invoice), >, 0);

  chorus_invoice_set_main_attachment_id (draft->invoice, attachment_id);
  g_free (draft->pdf_path);
  draft->pdf_path = g_strdup (sample);
  draft->attachment_paths = g_strdupv ((char **) extra);
  requests_before = chorus_sim_get_request_count (fixture->sim);
  deposit_id = chorus_sync_enqueue_deposit (fixture->sync, draft, &error);
  g_assert_no_error (error);
  flush_all (fixture);
  deposit = chorus_store_outbox_get (fixture->store, deposit_id, &error);
  g_assert_cmpint (deposit->state, ==, CHORUS_ACTION_DONE);
  /* ajouter/fichier for the document, soumettre, consulter: the PDF was not uploaded again. */
  g_assert_cmpint (chorus_sim_get_request_count (fixture->sim) - requests_before, <=, 4);
  deposited = chorus_client_consult_invoice_sync (fixture->client, CHORUS_DIRECTION_ISSUED,
                                                  result_invoice_id (deposit), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_main_attachment_id (deposited), ==, attachment_id);
  for (guint i = 0; chorus_invoice_get_attachments (deposited) != NULL &&
                    i < chorus_invoice_get_attachments (deposited)->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (chorus_invoice_get_attachments (deposited), i);

      extra_linked |= !attachment->is_main && attachment->id != attachment_id;
    }
  g_assert_true (extra_linked);
  /* The deposited invoice is in the store at once, on the issued side. */
  g_assert_cmpint (chorus_store_find_invoice (fixture->store, CHORUS_DIRECTION_ISSUED, result_invoice_id (deposit)), >, 0);
}

/* A flux the platform cannot read: deposited, then its report says why, kept with the action
 * and explained in words a supplier can act on. */
static void
test_flux_report (Fixture *fixture, gconstpointer data)
{
  g_autofree char *xml_path = g_build_filename (fixture->dir, "facture.xml", NULL);
  g_autoptr(ChorusDepositDraft) draft = chorus_deposit_draft_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChorusFlowReport) report = NULL;
  g_autoptr(ChorusFlowReport) saved = NULL;
  g_autoptr(GPtrArray) advice = NULL;
  gint64 id;

  g_assert_true (g_file_set_contents (xml_path, "<Invoice>pas une facture</Invoice>", -1, &error));
  draft->pdf_path = g_strdup (xml_path);
  draft->flux_syntax = g_strdup ("IN_DP_E1_UBL_INVOICE");
  id = chorus_sync_enqueue_deposit (fixture->sync, draft, &error);
  g_assert_no_error (error);
  flush_all (fixture);

  chorus_sync_fetch_flow_report_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = chorus_sync_fetch_flow_report_finish (fixture->sync, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->state, ==, "IN_REJETE");
  g_assert_true (chorus_flow_report_is_final (report));
  g_assert_true (chorus_flow_report_has_errors (report));
  g_assert_cmpuint (report->details->len, >=, 1);
  g_assert_true (((ChorusFlowError *) g_ptr_array_index (report->details, 0))->technical);
  advice = chorus_flow_report_explain (report);
  g_assert_cmpuint (advice->len, ==, report->details->len);
  g_assert_nonnull (((ChorusFlowAdvice *) g_ptr_array_index (advice, 0))->advice);
  /* Kept with the action: readable offline. */
  saved = chorus_sync_get_saved_flow_report (fixture->sync, id);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->state, ==, "IN_REJETE");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-supplier/each-kind-applied-once", test_each_kind);
  ADD ("/sync-supplier/faults-no-loss-no-duplicate", test_faults);
  ADD ("/sync-supplier/restart-replays-pending", test_restart_replays);
  ADD ("/sync-supplier/read-pdf-then-deposit", test_read_then_deposit);
  ADD ("/sync-supplier/flux-report", test_flux_report);
  ADD ("/sync-supplier/flux-answer-lost-looked-up", test_flux_answer_lost);
  ADD ("/sync-supplier/flux-unfound-asks-the-user", test_flux_to_check);
  ADD ("/sync-supplier/rate-limited-postponed", test_rate_limited_postponed);
  ADD ("/sync-supplier/deposit-size-limits", test_deposit_size_limits);
  ADD ("/sync-supplier/check-after-lost-commit", test_check_after_lost_commit);
  ADD ("/sync-supplier/refused-complete-recycle-fail", test_refused_complete_recycle_fail);
  ADD ("/sync-supplier/complete-not-resent-after-new-suspension", test_complete_not_resent_after_new_suspension);
  ADD ("/sync-supplier/deposits-in-parallel", test_deposits_in_parallel);
  ADD ("/sync-supplier/both-sides-in-order", test_both_sides_in_order);
  ADD ("/sync-supplier/flux-answered-not-resent", test_flux_answered_not_resent);
#undef ADD
  return g_test_run ();
}
