/* test-sync-supplier.c: supplier actions (deposit, completer, recycler) through the outbox against
 * the simulator: each applied once, no loss nor duplicate under faults, replay after a restart. */
#include "config.h"

#include <glib/gstdio.h>

#include "chorus-flow-report.h"
#include "chorus-json.h"
#include "chorus-sim.h"
#include "chorus-sync.h"

typedef struct {
  ChorusSim    *sim;
  char         *dir;
  char         *pdf_path;
  char         *note_path;     /* a document to attach */
  char         *program_path;  /* a file the platform does not take as an attachment */
  char         *service_code;
  ChorusClient *client;
  ChorusStore  *store;
  ChorusSync   *sync;
} Fixture;

static const char tiny_pdf[] =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
  "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
  "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
  "trailer<</Root 1 0 R>>\n%%EOF\n";

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
  ChorusSimConfig config = { .seed = 5, .n_invoices = 50 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) services = NULL;

  fixture->sim = chorus_sim_new (&config, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (fixture->sim, 0, &error));
  fixture->dir = g_dir_make_tmp ("chorus-sync-supplier-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (fixture->sim));
  chorus_client_set_credentials (fixture->client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (fixture->client, 1);
  chorus_client_set_retry_policy (fixture->client, 3, 20, 200, 2000);
  fixture->pdf_path = g_build_filename (fixture->dir, "facture.pdf", NULL);
  g_assert_true (g_file_set_contents (fixture->pdf_path, tiny_pdf, sizeof tiny_pdf - 1, &error));
  fixture->note_path = g_build_filename (fixture->dir, "bon-de-livraison.pdf", NULL);
  g_assert_true (g_file_set_contents (fixture->note_path, tiny_pdf, sizeof tiny_pdf - 1, &error));
  fixture->program_path = g_build_filename (fixture->dir, "outil.exe", NULL);
  g_assert_true (g_file_set_contents (fixture->program_path, "MZ", 2, &error));
  services = chorus_client_search_services_sync (fixture->client, chorus_sim_get_recipient_id (fixture->sim),
                                                 1, 10, NULL, &error);
  g_assert_no_error (error);
  fixture->service_code = g_strdup (((ChorusService *) g_ptr_array_index (services->items, 0))->code);
  open_store (fixture);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->pdf_path);
  g_free (fixture->note_path);
  g_free (fixture->program_path);
  g_free (fixture->service_code);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
flush (ChorusSync *sync, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_flush_outbox_async (sync, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return chorus_sync_flush_outbox_finish (sync, result, error);
}

static void
pull (ChorusSync *sync)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  chorus_sync_pull_async (sync, NULL, store_result, &result);
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
      if (!flush (fixture->sync, &error) && !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE))
        g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static ChorusDepositDraft *
make_draft (Fixture *fixture, const char *number)
{
  ChorusDepositDraft *draft = chorus_deposit_draft_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  g_autoptr(GPtrArray) vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  ChorusInvoiceLine line = { 1, (char *) "FORM-1", (char *) "Formation", 2.0, (char *) "jour", 5000, 0, NULL,
                             20.0, 10000 };
  ChorusVatLine vat = { NULL, 20.0, 10000, 2000 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  ChorusInvoice *invoice = draft->invoice;

  g_ptr_array_add (lines, chorus_invoice_line_copy (&line));
  g_ptr_array_add (vat_lines, chorus_vat_line_copy (&vat));
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_recipient_code (invoice, chorus_sim_get_recipient_siret (fixture->sim));
  chorus_invoice_set_service_code (invoice, fixture->service_code);
  chorus_invoice_set_supplier_id (invoice, chorus_sim_get_supplier_id (fixture->sim));
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_engagement_number (invoice, "EJ-2026-0042");
  chorus_invoice_set_lines (invoice, lines);
  chorus_invoice_set_vat_lines (invoice, vat_lines);
  chorus_invoice_set_amount_ht (invoice, 10000);
  chorus_invoice_set_amount_vat (invoice, 2000);
  chorus_invoice_set_amount_ttc (invoice, 12000);
  chorus_invoice_set_amount_to_pay (invoice, 12000);
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
  page = chorus_client_search_issued_sync (fixture->client, &query, NULL, &error);
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
  g_autoptr(GBytes) pdf = g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
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
  g_assert_true (flush (fixture->sync, &error));
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

  chorus_sync_fetch_flow_report_async (fixture->sync, id, NULL, store_result, &result);
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
#undef ADD
  return g_test_run ();
}
