/* test-supplier-flows.c: supplier and directory flows through ChorusClient against the simulator,
 * checking that the app's local rules and the simulator's answers agree on every refusal path. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>

#include "chorus-client-directory.h"
#include "chorus-client.h"
#include "chorus-deposit-rules.h"
#include "chorus-sim.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"

typedef struct {
  ChorusSim    *sim;
  ChorusClient *client;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->sim = chorus_test_sim_start (4242, 400);
  f->client = chorus_test_sim_client (f->sim);
  chorus_client_set_retry_policy (f->client, 0, 10, 10, 10);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->client);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

static cairo_status_t
append (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
small_pdf (const char *text)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append, out, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 50, 50);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

/* Only the async API: ChorusClient's sync calls hang when mixed with async ones on one thread
 * (reported to the client's author). */
static gint64
upload (Fixture *f)
{
  g_autoptr(GBytes) pdf = small_pdf ("Etat d'acompte");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(ChorusActionResult) result = NULL;

  chorus_client_deposit_pdf_async (f->client, pdf, "piece.pdf", NULL, chorus_test_store_result, &async);
  result = chorus_client_deposit_pdf_finish (f->client, chorus_test_wait_result (&async), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->attachment_id, >, 0);
  return result->attachment_id;
}

/* Search by SIRET prefix and by name; the strict recipient's obligations reach the local rules,
 * which then refuse what the simulator refuses. */
static void
test_directory (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusDirectory) directory = chorus_client_directory_new (f->client);
  const char *strict = chorus_sim_get_strict_recipient_siret (f->sim);
  g_autofree char *prefix = g_strndup (strict, 14);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  ChorusRecipientRules rules = { 0 };
  const ChorusStructure *structure = NULL;
  g_autofree char *word = NULL;

  chorus_directory_search_async (directory, prefix, NULL, chorus_test_store_result, &result);
  found = chorus_directory_search_finish (directory, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (((ChorusStructure *) found->pdata[i])->identifier, strict) == 0)
      structure = found->pdata[i];
  g_assert_nonnull (structure);
  g_clear_object (&result);

  /* The same structure by a word of its name. */
  word = g_strdup (structure->name);
  if (strchr (word, ' ') != NULL)
    *strchr (word, ' ') = '\0';
  chorus_directory_search_async (directory, word, NULL, chorus_test_store_result, &result);
  by_name = chorus_directory_search_finish (directory, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, >, 0);
  g_clear_object (&result);

  chorus_directory_describe_async (directory, structure->id, NULL, chorus_test_store_result, &result);
  services = chorus_directory_describe_finish (directory, chorus_test_wait_result (&result), &rules, &error);
  g_assert_no_error (error);
  g_assert_true (rules.found);
  g_assert_true (rules.service_required || rules.engagement_required || rules.engagement_or_service);

  /* Without service nor engagement the local rules refuse, as soumettre does. */
  chorus_invoice_set_recipient_code (invoice, strict);
  problems = chorus_deposit_check (invoice, &rules, NULL);
  g_assert_true (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_SERVICE) != NULL ||
                 chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT) != NULL);
}

/* A PDF deposit the app's way: deposer/pdf, then soumettre with the invoice the wizard builds. */
static void
test_pdf_deposit (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  g_autoptr(ChorusActionResult) submitted = NULL;
  g_autoptr(ChorusActionResult) duplicate = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  ChorusRecipientRules rules = { 0 };
  ChorusDepositContext context = { .role = CHORUS_ROLE_FOURNISSEUR, .needs_attachment = TRUE };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  chorus_invoice_set_number (invoice, "APP-2026-0001");
  chorus_invoice_set_invoice_date (invoice, today);
  chorus_invoice_set_recipient_code (invoice, chorus_sim_get_recipient_siret (f->sim));
  chorus_invoice_set_supplier_id (invoice, chorus_sim_get_supplier_id (f->sim));
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_amount_ht (invoice, 100000);
  chorus_invoice_set_amount_vat (invoice, 20000);
  chorus_invoice_set_amount_ttc (invoice, 120000);
  chorus_invoice_set_amount_to_pay (invoice, 120000);
  chorus_invoice_set_main_attachment_id (invoice, upload (f));

  /* The recipient's real obligations, from the directory: the local check finds what is missing
   * before the platform does, then passes once the form follows them. */
  {
    g_autoptr(ChorusDirectory) directory = chorus_client_directory_new (f->client);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) services = NULL;

    chorus_directory_describe_async (directory, chorus_sim_get_recipient_id (f->sim), NULL, chorus_test_store_result, &result);
    services = chorus_directory_describe_finish (directory, chorus_test_wait_result (&result), &rules, &error);
    g_assert_no_error (error);
    problems = chorus_deposit_check (invoice, &rules, &context);
    g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_SERVICE));
    g_clear_pointer (&problems, g_ptr_array_unref);
    for (guint i = 0; i < services->len; i++)
      {
        const ChorusService *service = g_ptr_array_index (services, i);

        if (service->active && !service->engagement_required)
          {
            chorus_invoice_set_service_code (invoice, service->code);
            break;
          }
      }
    g_assert_nonnull (chorus_invoice_get_service_code (invoice));
    chorus_recipient_rules_set_service (&rules, services, chorus_invoice_get_service_code (invoice));
    if (rules.engagement_required)
      chorus_invoice_set_engagement_number (invoice, "EJ-APP-77");
  }
  problems = chorus_deposit_check (invoice, &rules, &context);
  if (problems->len > 0)
    g_error ("%s", chorus_deposit_problems_join (problems));

  {
    g_autoptr(GAsyncResult) result = NULL;

    chorus_client_submit_async (f->client, invoice, NULL, chorus_test_store_result, &result);
    submitted = chorus_client_submit_finish (f->client, chorus_test_wait_result (&result), &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (submitted->invoice_id, >, 0);
  g_assert_cmpstr (submitted->invoice_number, ==, "APP-2026-0001");
  g_assert_nonnull (submitted->date);

  /* Sending the same number again is the platform's refusal, shown as it says it. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    chorus_client_submit_async (f->client, invoice, NULL, chorus_test_store_result, &result);
    duplicate = chorus_client_submit_finish (f->client, chorus_test_wait_result (&result), &error);
  }
  g_assert_null (duplicate);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "APP-2026-0001"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sim/supplier/directory", test_directory);
  ADD ("/sim/supplier/pdf-deposit", test_pdf_deposit);
#undef ADD
  return g_test_run ();
}
