/* test-client-sim.c: every typed operation of the client against the real simulator, plus a
 * run under injected faults. */
#include "config.h"

#include <string.h>

#include "chorus-client.h"
#include "chorus-sim.h"

typedef struct {
  ChorusSim    *sim;
  ChorusClient *client;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  ChorusSimConfig config = { .seed = 42, .n_invoices = 240, .data_dir = NULL };
  g_autoptr(GError) error = NULL;

  fixture->sim = chorus_sim_new (&config, &error);
  g_assert_no_error (error);
  chorus_sim_start (fixture->sim, 0, &error);
  g_assert_no_error (error);

  fixture->client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL,
                                       chorus_sim_get_base_url (fixture->sim));
  chorus_client_set_credentials (fixture->client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (fixture->client, 5);
  chorus_client_set_retry_policy (fixture->client, 3, 10, 100, 5000);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->client);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
}

static ChorusInvoicePage *
received_page (Fixture *fixture, guint page, guint page_size, ChorusStatus status,
               GError **error)
{
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.recipient_id = chorus_sim_get_recipient_id (fixture->sim);
  query.page = page;
  query.page_size = page_size;
  query.status = status;
  return chorus_client_search_received_sync (fixture->client, &query, NULL, error);
}

/* The first received invoice in @status, or 0. */
static gint64
find_received (Fixture *fixture, ChorusStatus status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = received_page (fixture, 1, 20, status, &error);

  g_assert_no_error (error);
  if (page->invoices->len == 0)
    return 0;
  return chorus_invoice_get_id (g_ptr_array_index (page->invoices, 0));
}

static void
test_connection (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) attachments = NULL;
  gboolean found_recipient = FALSE, found_supplier = FALSE;

  g_assert_true (chorus_client_check_token_sync (fixture->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (chorus_client_health_check_sync (fixture->client, NULL, &error));
  g_assert_no_error (error);

  attachments = chorus_client_get_user_attachments_sync (fixture->client, 1, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->items->len, >, 0);
  for (guint i = 0; i < attachments->items->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (attachments->items, i);

      if (structure->id == chorus_sim_get_recipient_id (fixture->sim))
        found_recipient = TRUE;
      if (structure->id == chorus_sim_get_supplier_id (fixture->sim))
        found_supplier = TRUE;
    }
  g_assert_true (found_recipient);
  g_assert_true (found_supplier);
}

static void
test_wrong_credentials (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) page = NULL;

  chorus_client_set_credentials (fixture->client, CHORUS_SIM_CLIENT_ID, "wrong", NULL, NULL);
  g_assert_false (chorus_client_check_token_sync (fixture->client, NULL, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_clear_error (&error);

  chorus_client_set_credentials (fixture->client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, "not-the-password");
  page = chorus_client_get_user_attachments_sync (fixture->client, 1, 10, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
  g_assert_null (strstr (error->message, "not-the-password"));
}

static void
test_search_received_all_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint expected = chorus_sim_count_received (fixture->sim);
  guint page_number = 1, pages = 1, total = 0;

  g_assert_cmpuint (expected, >, 0);
  while (page_number <= pages)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ChorusInvoicePage) page = received_page (fixture, page_number, 25,
                                                         CHORUS_STATUS_UNKNOWN, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->page, ==, page_number);
      pages = page->pages;
      total = page->total;
      for (guint i = 0; i < page->invoices->len; i++)
        {
          ChorusInvoice *invoice = g_ptr_array_index (page->invoices, i);
          gint64 *id = g_new (gint64, 1);

          *id = chorus_invoice_get_id (invoice);
          g_assert_cmpint (*id, >, 0);
          g_assert_cmpint (chorus_invoice_get_direction (invoice), ==, CHORUS_DIRECTION_RECEIVED);
          g_assert_nonnull (chorus_invoice_get_number (invoice));
          g_assert_cmpint (chorus_invoice_get_status (invoice), !=, CHORUS_STATUS_UNKNOWN);
          g_assert_cmpint (chorus_invoice_get_amount_ttc (invoice), >=,
                           chorus_invoice_get_amount_ht (invoice));
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
        }
      page_number++;
    }
  g_assert_cmpuint (total, ==, expected);
  g_assert_cmpuint (g_hash_table_size (seen), ==, expected);
}

static void
test_search_filters (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) filtered = received_page (fixture, 1, 100,
                                                         CHORUS_STATUS_MISE_A_DISPOSITION, &error);
  ChorusInvoiceQuery query;
  g_autoptr(ChorusInvoicePage) issued = NULL;
  g_autoptr(ChorusInvoicePage) nothing = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < filtered->invoices->len; i++)
    g_assert_cmpint (chorus_invoice_get_status (g_ptr_array_index (filtered->invoices, i)), ==,
                     CHORUS_STATUS_MISE_A_DISPOSITION);

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_sim_get_supplier_id (fixture->sim);
  query.page_size = 500;
  issued = chorus_client_search_issued_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (issued->total, ==, chorus_sim_count_issued (fixture->sim));
  if (issued->invoices->len > 0)
    g_assert_cmpint (chorus_invoice_get_direction (g_ptr_array_index (issued->invoices, 0)), ==,
                     CHORUS_DIRECTION_ISSUED);

  /* No match is an empty page (codeRetour 20000), not an error. */
  chorus_invoice_query_init (&query);
  query.recipient_id = chorus_sim_get_recipient_id (fixture->sim);
  query.invoice_number = "NO-SUCH-INVOICE-NUMBER";
  nothing = chorus_client_search_received_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->invoices->len, ==, 0);
  g_assert_cmpuint (nothing->total, ==, 0);
}

static void
test_consult_and_history (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = received_page (fixture, 1, 5, CHORUS_STATUS_UNKNOWN, &error);
  ChorusInvoice *listed;
  g_autoptr(ChorusInvoice) detail = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(ChorusInvoicePage) issued = NULL;
  g_autoptr(ChorusInvoice) issued_detail = NULL;
  ChorusInvoiceQuery query;

  g_assert_no_error (error);
  listed = g_ptr_array_index (page->invoices, 0);
  detail = chorus_client_consult_invoice_sync (fixture->client, CHORUS_DIRECTION_RECEIVED,
                                               chorus_invoice_get_id (listed), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_id (detail), ==, chorus_invoice_get_id (listed));
  g_assert_cmpstr (chorus_invoice_get_number (detail), ==, chorus_invoice_get_number (listed));
  g_assert_cmpint (chorus_invoice_get_amount_ttc (detail), ==,
                   chorus_invoice_get_amount_ttc (listed));
  g_assert_cmpint (chorus_invoice_get_status (detail), ==, chorus_invoice_get_status (listed));
  g_assert_nonnull (chorus_invoice_get_lines (detail));
  g_assert_cmpuint (chorus_invoice_get_lines (detail)->len, >, 0);
  g_assert_nonnull (chorus_invoice_get_vat_lines (detail));
  g_assert_nonnull (chorus_invoice_get_attachments (detail));
  g_assert_cmpint (chorus_invoice_get_cadre (detail), !=, CHORUS_CADRE_UNKNOWN);

  history = chorus_client_get_history_sync (fixture->client, chorus_invoice_get_id (listed), NULL,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (history->current_status, ==, chorus_invoice_get_status (listed));
  g_assert_cmpuint (history->events->len, >, 0);

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_sim_get_supplier_id (fixture->sim);
  issued = chorus_client_search_issued_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  if (issued->invoices->len > 0)
    {
      ChorusInvoice *mine = g_ptr_array_index (issued->invoices, 0);

      issued_detail = chorus_client_consult_invoice_sync (fixture->client, CHORUS_DIRECTION_ISSUED,
                                                          chorus_invoice_get_id (mine), NULL,
                                                          &error);
      g_assert_no_error (error);
      g_assert_cmpstr (chorus_invoice_get_number (issued_detail), ==,
                       chorus_invoice_get_number (mine));
    }
}

static void
test_process_received (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = find_received (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_autoptr(GArray) targets = NULL;
  g_autoptr(ChorusActionResult) result = NULL;
  g_autoptr(ChorusActionResult) refused = NULL;
  g_autoptr(ChorusInvoice) detail = NULL;
  gboolean has_service_fait = FALSE;

  g_assert_cmpint (id, >, 0);
  targets = chorus_client_get_status_targets_sync (fixture->client,
                                                   CHORUS_STATUS_MISE_A_DISPOSITION, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < targets->len; i++)
    if (g_array_index (targets, ChorusStatus, i) == CHORUS_STATUS_SERVICE_FAIT)
      has_service_fait = TRUE;
  g_assert_true (has_service_fait);

  /* A rejection without a motif is refused by the server with its codeRetour. */
  refused = chorus_client_process_received_sync (fixture->client, id, CHORUS_STATUS_REJETEE,
                                                 NULL, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_cmpint (chorus_client_error_get_api_code (error), !=, 0);
  g_clear_error (&error);

  result = chorus_client_process_received_sync (fixture->client, id, CHORUS_STATUS_SERVICE_FAIT,
                                                NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->invoice_id, ==, id);
  g_assert_cmpint (result->status, ==, CHORUS_STATUS_SERVICE_FAIT);

  detail = chorus_client_consult_invoice_sync (fixture->client, CHORUS_DIRECTION_RECEIVED, id,
                                               NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_status (detail), ==, CHORUS_STATUS_SERVICE_FAIT);
}

static void
test_download (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = received_page (fixture, 1, 3, CHORUS_STATUS_UNKNOWN, &error);
  gint64 ids[3];
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) several = NULL;
  const char *data_start;

  g_assert_no_error (error);
  g_assert_cmpuint (page->invoices->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    ids[i] = chorus_invoice_get_id (g_ptr_array_index (page->invoices, i));

  one = chorus_client_download_sync (fixture->client, ids, 1, CHORUS_DOWNLOAD_PDF, FALSE, NULL,
                                     &error);
  g_assert_no_error (error);
  data_start = g_bytes_get_data (one, NULL);
  g_assert_cmpuint (g_bytes_get_size (one), >, 100);
  g_assert_true (memcmp (data_start, "%PDF", 4) == 0);

  several = chorus_client_download_sync (fixture->client, ids, 3, CHORUS_DOWNLOAD_PDF, TRUE, NULL,
                                         &error);
  g_assert_no_error (error);
  data_start = g_bytes_get_data (several, NULL);
  g_assert_true (memcmp (data_start, "PK", 2) == 0 || memcmp (data_start, "%PDF", 4) == 0);
}

static void
test_structures_and_services (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) found = NULL;
  g_autoptr(ChorusStructure) structure = NULL;
  g_autoptr(ChorusPage) services = NULL;
  g_autoptr(ChorusService) service = NULL;
  ChorusStructure *first;
  ChorusService *listed;

  found = chorus_client_search_structures_sync (fixture->client,
                                                chorus_sim_get_recipient_siret (fixture->sim),
                                                CHORUS_ID_TYPE_SIRET, NULL, 1, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->items->len, ==, 1);
  first = g_ptr_array_index (found->items, 0);
  g_assert_cmpint (first->id, ==, chorus_sim_get_recipient_id (fixture->sim));
  g_assert_cmpstr (first->identifier, ==, chorus_sim_get_recipient_siret (fixture->sim));

  structure = chorus_client_consult_structure_sync (fixture->client, first->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (structure->id, ==, first->id);
  g_assert_nonnull (structure->name);

  services = chorus_client_search_services_sync (fixture->client, first->id, 1, 100, NULL,
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->items->len, >, 0);
  listed = g_ptr_array_index (services->items, 0);
  g_assert_nonnull (listed->code);

  service = chorus_client_consult_service_sync (fixture->client, first->id, listed->id, NULL,
                                                &error);
  g_assert_no_error (error);
  g_assert_cmpstr (service->code, ==, listed->code);
  g_assert_cmpint (service->id, ==, listed->id);
}

static void
test_references (Fixture *fixture, gconstpointer data)
{
  static const ChorusReferenceKind kinds[] = {
    CHORUS_REFERENCE_VAT_RATES, CHORUS_REFERENCE_CURRENCIES, CHORUS_REFERENCE_PAYMENT_MODES,
    CHORUS_REFERENCE_CADRES,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ChorusPage) list = chorus_client_get_references_sync (fixture->client, kinds[i],
                                                                      NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (list->items->len, >, 0);
      for (guint j = 0; j < list->items->len; j++)
        g_assert_nonnull (((ChorusReferenceItem *) g_ptr_array_index (list->items, j))->code);
    }
}

static const char tiny_pdf[] =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
  "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
  "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
  "trailer<</Root 1 0 R>>\n%%EOF\n";

static void
test_works_chain (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
  g_autoptr(ChorusActionResult) file = NULL;
  g_autoptr(ChorusActionResult) first = NULL;
  g_autoptr(ChorusActionResult) next = NULL;
  g_autoptr(ChorusActionResult) refused = NULL;
  g_autoptr(ChorusActionResult) suspended = NULL;
  g_autoptr(ChorusActionResult) completed = NULL;
  g_autoptr(ChorusActionResult) taken = NULL;
  g_autoptr(ChorusWorksPiece) piece = NULL;
  g_autoptr(GPtrArray) folder = NULL;
  g_autoptr(ChorusPage) listed = NULL;
  ChorusWorksSubmission submission = { 0 };
  ChorusInvoiceQuery query;

  file = chorus_client_add_file_sync (fixture->client, pdf, "decompte.pdf", "PDF",
                                      "application/pdf", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (file->attachment_id, >, 0);

  submission.cadre = CHORUS_CADRE_A4;
  submission.number = "DMT-CLIENT-77";
  submission.invoice_date = "2026-11-20";
  submission.market_number = "M-TRAVAUX-1";
  submission.supplier_id = chorus_sim_get_supplier_id (fixture->sim);
  submission.moe_id = chorus_sim_get_moe_id (fixture->sim);
  submission.moa_id = chorus_sim_get_moa_id (fixture->sim);
  submission.amount_ht = 1000000;
  submission.amount_vat = 200000;
  submission.amount_ttc = 1200000;
  submission.amount_to_pay = 1200000;
  submission.main_attachment_id = file->attachment_id;
  first = chorus_client_submit_works_sync (fixture->client, &submission, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->invoice_id, >, 0);

  piece = chorus_client_consult_works_sync (fixture->client, first->invoice_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (piece->number, ==, "DMT-CLIENT-77");
  g_assert_cmpint (piece->cadre, ==, CHORUS_CADRE_A4);
  g_assert_cmpint (piece->amount_ttc, ==, 1200000);
  g_assert_cmpint (piece->supplier_id, ==, chorus_sim_get_supplier_id (fixture->sim));
  g_assert_cmpint (piece->moa_id, ==, chorus_sim_get_moa_id (fixture->sim));
  g_assert_cmpint (piece->status, !=, CHORUS_WORKS_STATUS_UNKNOWN);
  g_assert_cmpint (piece->previous_id, ==, 0);

  /* The project manager associates the next piece to it. */
  memset (&submission, 0, sizeof submission);
  submission.cadre = CHORUS_CADRE_A15;
  submission.previous_id = first->invoice_id;
  submission.number = "EAT-CLIENT-77";
  submission.invoice_date = "2026-11-22";
  submission.amount_ht = 900000;
  submission.amount_vat = 180000;
  submission.amount_ttc = 1080000;
  submission.amount_to_pay = 1080000;
  submission.main_attachment_id = file->attachment_id;
  next = chorus_client_submit_works_sync (fixture->client, &submission, NULL, &error);
  g_assert_no_error (error);

  folder = chorus_client_get_works_folder_sync (fixture->client, next->invoice_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folder->len, ==, 2);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (folder, 1))->previous_id, ==,
                   first->invoice_id);

  /* The contracting authority processes it: a suspension needs a motif. */
  refused = chorus_client_process_works_sync (fixture->client, next->invoice_id,
                                              CHORUS_WORKS_ACTION_SUSPEND, NULL, NULL, NULL,
                                              &error);
  g_assert_null (refused);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_clear_error (&error);
  suspended = chorus_client_process_works_sync (fixture->client, next->invoice_id,
                                                CHORUS_WORKS_ACTION_SUSPEND,
                                                "Il manque le métré", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (suspended->status_code, ==, "SUSPENDUE");
  completed = chorus_client_complete_works_sync (fixture->client, next->invoice_id,
                                                 "Métré joint", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (completed->status_code, ==, "COMPLETEE");
  taken = chorus_client_process_works_sync (fixture->client, next->invoice_id,
                                            CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, NULL, NULL,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (taken->status_code, ==, "PRISE_EN_COMPTE");

  chorus_invoice_query_init (&query);
  query.role = CHORUS_ROLE_FOURNISSEUR;
  query.invoice_number = "DMT-CLIENT-77";
  listed = chorus_client_search_works_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  /* The number of the first piece names the folder, so the search finds both pieces. */
  g_assert_cmpuint (listed->items->len, >=, 1);
  for (guint i = 0; i < listed->items->len; i++)
    {
      ChorusWorksPiece *found = g_ptr_array_index (listed->items, i);

      g_assert_cmpstr (found->folder_number, ==, piece->folder_number);
    }
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_async_and_validator (Fixture *fixture, gconstpointer data)
{
  ChorusInvoiceQuery query;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;
  g_autoptr(ChorusInvoicePage) to_validate = NULL;

  chorus_invoice_query_init (&query);
  query.recipient_id = chorus_sim_get_recipient_id (fixture->sim);
  query.page_size = 10;
  chorus_client_search_received_async (fixture->client, &query, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  owned = result;
  page = chorus_client_search_received_finish (fixture->client, owned, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->invoices->len, ==, 10);

  chorus_invoice_query_init (&query);
  to_validate = chorus_client_search_to_validate_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (to_validate);
}

typedef struct {
  Fixture *fixture;
  guint    page;
  guint    count;
  GError  *error;
} Worker;

static gpointer
walk_page (gpointer user_data)
{
  Worker *worker = user_data;

  for (int round = 0; round < 3 && worker->error == NULL; round++)
    {
      ChorusInvoicePage *page = received_page (worker->fixture, worker->page, 20,
                                               CHORUS_STATUS_UNKNOWN, &worker->error);

      if (page != NULL)
        {
          worker->count = page->invoices->len;
          chorus_invoice_page_free (page);
        }
    }
  return NULL;
}

/* The sync engine's worker threads share one client. */
static void
test_threads (Fixture *fixture, gconstpointer data)
{
  Worker workers[4];
  GThread *threads[4];
  guint sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      workers[i] = (Worker) { fixture, i + 1, 0, NULL };
      threads[i] = g_thread_new ("client-worker", walk_page, &workers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (workers[i].error);
      sum += workers[i].count;
    }
  g_assert_cmpuint (sum, ==, MIN (80u, chorus_sim_count_received (fixture->sim)));
}

/* Rate limits and server errors on a third of the requests: a full walk still completes. */
static void
test_faults (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 0.3, .http_429 = TRUE, .http_5xx = TRUE,
                             .retry_after_s = 1, .seed = 7 };
  ChorusSimFaults expire = { .failure_rate = 1.0, .expire_tokens = TRUE, .seed = 3 };
  ChorusSimFaults malformed = { .failure_rate = 1.0, .malformed_json = TRUE, .seed = 5 };
  ChorusSimFaults truncated = { .failure_rate = 1.0, .truncated_json = TRUE, .seed = 5 };
  ChorusSimFaults none = { 0 };
  guint page_number = 1, pages = 1, seen = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) list = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;

  chorus_client_set_retry_policy (fixture->client, 8, 10, 100, 5000);
  chorus_sim_set_faults (fixture->sim, &faults);
  while (page_number <= pages)
    {
      g_autoptr(ChorusInvoicePage) current = received_page (fixture, page_number, 60,
                                                            CHORUS_STATUS_UNKNOWN, &error);

      g_assert_no_error (error);
      pages = current->pages;
      seen += current->invoices->len;
      page_number++;
    }
  g_assert_cmpuint (seen, ==, chorus_sim_count_received (fixture->sim));

  /* Every token revoked once: the 401 is answered by one renewal. */
  chorus_sim_set_faults (fixture->sim, &none);
  list = chorus_client_get_references_sync (fixture->client, CHORUS_REFERENCE_CURRENCIES, NULL,
                                            NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, chorus_page_free);
  chorus_sim_expire_tokens (fixture->sim);
  list = chorus_client_get_references_sync (fixture->client, CHORUS_REFERENCE_CURRENCIES, NULL,
                                            NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, chorus_page_free);

  /* Revoked on every call: a clear error after the single retry, no loop. */
  chorus_sim_set_faults (fixture->sim, &expire);
  list = chorus_client_get_references_sync (fixture->client, CHORUS_REFERENCE_CURRENCIES, NULL,
                                            NULL, &error);
  g_assert_null (list);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
  g_clear_error (&error);

  chorus_sim_set_faults (fixture->sim, &malformed);
  page = received_page (fixture, 1, 10, CHORUS_STATUS_UNKNOWN, &error);
  g_assert_null (page);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);

  chorus_sim_set_faults (fixture->sim, &truncated);
  page = received_page (fixture, 1, 10, CHORUS_STATUS_UNKNOWN, &error);
  g_assert_null (page);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);

  chorus_sim_set_faults (fixture->sim, &none);
  page = received_page (fixture, 1, 10, CHORUS_STATUS_UNKNOWN, &error);
  g_assert_no_error (error);
}

static void
test_timeout_fault (Fixture *fixture, gconstpointer data)
{
  ChorusSimFaults hang = { .failure_rate = 1.0, .timeouts = TRUE, .seed = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) list = NULL;

  /* Take the token first: the hang applies to it too. */
  g_assert_true (chorus_client_check_token_sync (fixture->client, NULL, &error));
  chorus_client_set_retry_policy (fixture->client, 1, 10, 10, 5000);
  chorus_sim_set_faults (fixture->sim, &hang);
  list = chorus_client_get_references_sync (fixture->client, CHORUS_REFERENCE_VAT_RATES, NULL,
                                            NULL, &error);
  g_assert_null (list);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TIMEOUT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client/sim/connection", test_connection);
  ADD ("/client/sim/wrong-credentials", test_wrong_credentials);
  ADD ("/client/sim/search-received-all-pages", test_search_received_all_pages);
  ADD ("/client/sim/search-filters", test_search_filters);
  ADD ("/client/sim/consult-and-history", test_consult_and_history);
  ADD ("/client/sim/process-received", test_process_received);
  ADD ("/client/sim/download", test_download);
  ADD ("/client/sim/structures-and-services", test_structures_and_services);
  ADD ("/client/sim/references", test_references);
  ADD ("/client/sim/works-chain", test_works_chain);
  ADD ("/client/sim/async-and-validator", test_async_and_validator);
  ADD ("/client/sim/threads", test_threads);
  ADD ("/client/sim/faults", test_faults);
  ADD ("/client/sim/timeout-fault", test_timeout_fault);
#undef ADD

  return g_test_run ();
}
