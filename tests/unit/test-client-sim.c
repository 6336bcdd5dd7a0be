/* test-client-sim.c: every typed operation of the client against the real simulator, plus a
 * run under injected faults. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-client.h"
#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"

typedef struct {
  ChorusSim    *sim;
  ChorusClient *client;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->sim = chorus_test_sim_start (42, 240);
  fixture->client = chorus_test_sim_client (fixture->sim);
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

/* The seeded dataset has no deposited flow: check the endpoint and its refusal. The report
 * itself is decoded in test-client-decode. */
static void
test_flow_report (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFlowReport) unknown = NULL;

  unknown = chorus_client_get_flow_report_sync (fixture->client, "FLUX-QUI-N-EXISTE-PAS", NULL,
                                                &error);
  g_assert_null (unknown);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_cmpint (chorus_client_error_get_api_code (error), !=, 0);
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

/* A day a few days ago, so the invoice date is never after the deposit date. */
static char *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static ChorusInvoice *
supplier_invoice (Fixture *fixture, const char *number, const char *service_code,
                  gint64 attachment_id)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  g_autofree char *date = days_ago (3);

  chorus_test_fill_invoice (invoice, number, chorus_sim_get_recipient_siret (fixture->sim), service_code,
                            chorus_sim_get_supplier_id (fixture->sim));
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_main_attachment_id (invoice, attachment_id);
  return invoice;
}

/* Supplier side: deposit a PDF, submit, then complete and recycle what the recipient sent back. */
static void
test_supplier_flow (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
  g_autoptr(ChorusActionResult) deposit = NULL;
  g_autoptr(ChorusActionResult) submitted = NULL;
  g_autoptr(ChorusActionResult) duplicate = NULL;
  g_autoptr(ChorusActionResult) suspended = NULL;
  g_autoptr(ChorusActionResult) completed = NULL;
  g_autoptr(ChorusActionResult) sent_back = NULL;
  g_autoptr(ChorusActionResult) recycled = NULL;
  g_autoptr(ChorusPage) services = NULL;
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(ChorusInvoice) same_number = NULL;
  g_autoptr(ChorusInvoicePage) found = NULL;
  ChorusInvoiceQuery query;
  const char *service_code;

  services = chorus_client_search_services_sync (fixture->client,
                                                 chorus_sim_get_recipient_id (fixture->sim), 1,
                                                 10, NULL, &error);
  g_assert_no_error (error);
  service_code = ((ChorusService *) g_ptr_array_index (services->items, 0))->code;

  deposit = chorus_client_deposit_pdf_sync (fixture->client, pdf, "facture-cl-1.pdf", NULL,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (deposit->attachment_id, >, 0);

  invoice = supplier_invoice (fixture, "CL-TEST-0001", service_code, deposit->attachment_id);
  submitted = chorus_client_submit_sync (fixture->client, invoice, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (submitted->invoice_id, >, 0);

  /* The same number twice is refused with the server's own code and message. */
  same_number = supplier_invoice (fixture, "CL-TEST-0001", service_code, deposit->attachment_id);
  duplicate = chorus_client_submit_sync (fixture->client, same_number, NULL, &error);
  g_assert_null (duplicate);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_cmpint (chorus_client_error_get_api_code (error), !=, 0);
  g_assert_nonnull (chorus_client_error_get_libelle (error));
  g_clear_error (&error);

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_sim_get_supplier_id (fixture->sim);
  query.invoice_number = "CL-TEST-0001";
  found = chorus_client_search_issued_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->invoices->len, ==, 1);
  g_assert_cmpint (chorus_invoice_get_id (g_ptr_array_index (found->invoices, 0)), ==,
                   submitted->invoice_id);
  g_assert_cmpint (chorus_invoice_get_amount_ttc (g_ptr_array_index (found->invoices, 0)), ==,
                   12000);

  /* The recipient (the same account) suspends it; the supplier completes it. */
  suspended = chorus_client_process_received_sync (fixture->client, submitted->invoice_id,
                                                   CHORUS_STATUS_SUSPENDUE, "Bon de commande absent",
                                                   NULL, NULL, &error);
  g_assert_no_error (error);
  /* Completed with a document uploaded first (ajouter/fichier), named in completer. */
  {
    g_autoptr(GBytes) note = g_bytes_new_static ("%PDF-1.4\n% bon de commande\n", 27);
    g_autoptr(ChorusActionResult) upload = chorus_client_add_file_sync (fixture->client, note, "bon-de-commande.pdf",
                                                                        "PDF", "application/pdf", NULL, &error);
    g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_attachment_free);
    g_autoptr(ChorusInvoice) after = NULL;
    ChorusAttachment *attachment = g_new0 (ChorusAttachment, 1);
    gboolean linked = FALSE;

    g_assert_no_error (error);
    g_assert_cmpint (upload->attachment_id, >, 0);
    attachment->id = upload->attachment_id;
    attachment->name = g_strdup ("bon-de-commande.pdf");
    g_ptr_array_add (attachments, attachment);
    completed = chorus_client_complete_sync (fixture->client, submitted->invoice_id, "Bon de commande joint",
                                             attachments, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (completed->invoice_id, ==, submitted->invoice_id);
    after = chorus_client_consult_invoice_sync (fixture->client, CHORUS_DIRECTION_ISSUED, submitted->invoice_id, NULL,
                                                &error);
    g_assert_no_error (error);
    for (guint i = 0; chorus_invoice_get_attachments (after) != NULL && i < chorus_invoice_get_attachments (after)->len; i++)
      linked |= ((ChorusAttachment *) g_ptr_array_index (chorus_invoice_get_attachments (after), i))->id == upload->attachment_id;
    g_assert_true (linked);
  }

  /* Sent back for recycling, then recycled to the same recipient and service. */
  sent_back = chorus_client_process_received_sync (fixture->client, submitted->invoice_id,
                                                   CHORUS_STATUS_A_RECYCLER, "Mauvais service",
                                                   NULL, NULL, &error);
  g_assert_no_error (error);
  recycled = chorus_client_recycle_sync (fixture->client, submitted->invoice_id,
                                         chorus_sim_get_recipient_siret (fixture->sim),
                                         service_code, NULL, "Service corrigé", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (recycled->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION);
}

/* A recipient that demands a service code: the refusal comes back as an API error. */
static void
test_strict_recipient (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
  g_autoptr(ChorusActionResult) deposit = NULL;
  g_autoptr(ChorusActionResult) refused = NULL;
  g_autoptr(ChorusInvoice) invoice = NULL;

  /* The PDF goes through ajouter/fichier this time. */
  deposit = chorus_client_add_file_sync (fixture->client, pdf, "facture-cl-2.pdf", "PDF",
                                         "application/pdf", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deposit->attachment_id, >, 0);
  invoice = supplier_invoice (fixture, "CL-TEST-0002", NULL, deposit->attachment_id);
  chorus_invoice_set_recipient_code (invoice, chorus_sim_get_strict_recipient_siret (fixture->sim));
  refused = chorus_client_submit_sync (fixture->client, invoice, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
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
  g_autoptr(ChorusActionResult) refused = NULL;
  g_autoptr(ChorusActionResult) validated = NULL;
  gint64 validate_id;

  chorus_invoice_query_init (&query);
  query.recipient_id = chorus_sim_get_recipient_id (fixture->sim);
  query.page_size = 10;
  chorus_client_search_received_async (fixture->client, &query, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  owned = result;
  page = chorus_client_search_received_finish (fixture->client, owned, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->invoices->len, ==, 10);

  chorus_invoice_query_init (&query);
  query.status = CHORUS_STATUS_A_VALIDER_1;
  to_validate = chorus_client_search_to_validate_sync (fixture->client, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (to_validate->invoices->len, >, 0);
  for (guint i = 0; i < to_validate->invoices->len; i++)
    g_assert_cmpint (chorus_invoice_get_status (g_ptr_array_index (to_validate->invoices, i)), ==,
                     CHORUS_STATUS_A_VALIDER_1);
  validate_id = chorus_invoice_get_id (g_ptr_array_index (to_validate->invoices, 0));

  /* A refusal needs a motif; a validation sends the invoice on to its recipient. */
  refused = chorus_client_validate_sync (fixture->client, validate_id, CHORUS_VALIDATION_REFUSE,
                                         NULL, NULL, 0, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_clear_error (&error);
  validated = chorus_client_validate_sync (fixture->client, validate_id,
                                           CHORUS_VALIDATION_VALIDATE, NULL, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (validated->invoice_id, ==, validate_id);
  g_assert_cmpint (validated->status, !=, CHORUS_STATUS_A_VALIDER_1);
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
  ADD ("/client/sim/flow-report", test_flow_report);
  ADD ("/client/sim/process-received", test_process_received);
  ADD ("/client/sim/download", test_download);
  ADD ("/client/sim/structures-and-services", test_structures_and_services);
  ADD ("/client/sim/references", test_references);
  ADD ("/client/sim/supplier-flow", test_supplier_flow);
  ADD ("/client/sim/strict-recipient", test_strict_recipient);
  ADD ("/client/sim/async-and-validator", test_async_and_validator);
  ADD ("/client/sim/threads", test_threads);
  ADD ("/client/sim/faults", test_faults);
  ADD ("/client/sim/timeout-fault", test_timeout_fault);
#undef ADD

  return g_test_run ();
}
