/* test-supplier-flows.c: supplier, works and directory flows through ChorusClient against the simulator,
 * checking that the app's local rules and the simulator's answers agree on every refusal path. */
#include "config.h"

#include <cairo-pdf.h>

#include "chorus-client-directory.h"
#include "chorus-client.h"
#include "chorus-deposit-rules.h"
#include "chorus-sim.h"
#include "chorus-test-sim.h"
#include "chorus-works-piece.h"

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

static void
store_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
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

  chorus_client_deposit_pdf_async (f->client, pdf, "piece.pdf", NULL, store_result, &async);
  result = chorus_client_deposit_pdf_finish (f->client, wait_result (&async), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->attachment_id, >, 0);
  return result->attachment_id;
}

static JsonObject *
call (Fixture *f, const char *path, JsonObject *body, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_client_call_async (f->client, path, body, NULL, store_result, &result);
  json_object_unref (body);
  return chorus_client_call_finish (f->client, wait_result (&result), error);
}

/* The pieces @role sees, in its Synthèse (only those waiting for it) or all. */
static GPtrArray *
search_pieces (Fixture *f, ChorusRole role, gboolean synthese_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = call (f, "facturesTravaux/v1/rechercher", chorus_works_build_search (role, 1, 500), &error);
  g_autoptr(GPtrArray) pieces = NULL;
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);

  g_assert_no_error (error);
  pieces = chorus_works_pieces_from_json (answer, "listeFacturesTravaux", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < pieces->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (!synthese_only || chorus_works_needs_action (role, piece->cadre, piece->status))
        g_ptr_array_add (kept, chorus_works_piece_copy (piece));
    }
  return kept;
}

static ChorusWorksPiece *
find_piece (GPtrArray *pieces, ChorusCadre cadre, ChorusWorksStatus status)
{
  for (guint i = 0; i < pieces->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->cadre == cadre && piece->status == status && piece->next_id == 0)
        return piece;
    }
  return NULL;
}

static GPtrArray *
dossier (Fixture *f, gint64 piece_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  GPtrArray *pieces;

  json_object_set_int_member (body, "idFactureTravaux", piece_id);
  answer = call (f, "facturesTravaux/v1/consulter/dossierfacturation", json_object_ref (body), &error);
  g_assert_no_error (error);
  pieces = chorus_works_pieces_from_json (answer, "listePieces", &error);
  g_assert_no_error (error);
  return pieces;
}

/* Asks both the local rules and the simulator; they must agree. Returns the sim's error. */
static GError *
process_both (Fixture *f, ChorusRole role, const ChorusWorksPiece *piece, ChorusWorksAction action,
              ChorusWorksRefusal refusal, const char *motif)
{
  g_autoptr(GError) local = NULL;
  GError *remote = NULL;
  g_autoptr(JsonObject) answer = NULL;
  gboolean allowed = chorus_works_check_action (action, role, piece->cadre, piece->status, refusal, motif, &local);

  answer = call (f, "facturesTravaux/v1/traiter", chorus_works_build_process (piece->id, action, refusal, motif), &remote);
  if (allowed != (remote == NULL))
    g_error ("local rules say %s, the simulator says %s (%s)", allowed ? "yes" : local->message,
             remote ? remote->message : "yes", chorus_cadre_short_code (piece->cadre));
  if (answer != NULL)
    g_assert_cmpstr (json_object_get_string_member (answer, "statut"), ==,
                     chorus_works_status_to_api (chorus_works_status_after_action (action, piece->cadre, piece->status)));
  return remote;
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

  chorus_directory_search_async (directory, prefix, NULL, store_result, &result);
  found = chorus_directory_search_finish (directory, wait_result (&result), &error);
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
  chorus_directory_search_async (directory, word, NULL, store_result, &result);
  by_name = chorus_directory_search_finish (directory, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, >, 0);
  g_clear_object (&result);

  chorus_directory_describe_async (directory, structure->id, NULL, store_result, &result);
  services = chorus_directory_describe_finish (directory, wait_result (&result), &rules, &error);
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

    chorus_directory_describe_async (directory, chorus_sim_get_recipient_id (f->sim), NULL, store_result, &result);
    services = chorus_directory_describe_finish (directory, wait_result (&result), &rules, &error);
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

    chorus_client_submit_async (f->client, invoice, NULL, store_result, &result);
    submitted = chorus_client_submit_finish (f->client, wait_result (&result), &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (submitted->invoice_id, >, 0);
  g_assert_cmpstr (submitted->invoice_number, ==, "APP-2026-0001");
  g_assert_nonnull (submitted->date);

  /* Sending the same number again is the platform's refusal, shown as it says it. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    chorus_client_submit_async (f->client, invoice, NULL, store_result, &result);
    duplicate = chorus_client_submit_finish (f->client, wait_result (&result), &error);
  }
  g_assert_null (duplicate);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "APP-2026-0001"));
}

/* During the contract: the MOE takes the supplier's A4, associates an A15 (only the A15 is
 * allowed), the MOA gets it; refusing over amounts is refused everywhere. */
static void
test_works_chain (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) moe = search_pieces (f, CHORUS_ROLE_MOE, TRUE);
  ChorusWorksPiece *a4 = find_piece (moe, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE);
  g_autoptr(ChorusWorksPiece) previous = NULL;
  g_autoptr(ChorusInvoice) next = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) wrong = NULL;
  g_autoptr(GError) error = NULL;
  ChorusDepositContext context = { .role = CHORUS_ROLE_MOE, .channel = CHORUS_DEPOSIT_CHANNEL_SERVICE };
  GError *remote;

  g_assert_nonnull (a4);
  previous = chorus_works_piece_copy (a4);
  context.previous_cadre = previous->cadre;

  /* A disagreement on amounts is not a reason to refuse a projet de décompte mensuel. */
  remote = process_both (f, CHORUS_ROLE_MOE, previous, CHORUS_WORKS_ACTION_REFUSE, CHORUS_WORKS_REFUSAL_OTHER,
                         "Montants contestés");
  g_assert_nonnull (remote);
  g_clear_error (&remote);
  /* Suspending needs a motif. */
  remote = process_both (f, CHORUS_ROLE_MOE, previous, CHORUS_WORKS_ACTION_SUSPEND, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, "");
  g_assert_nonnull (remote);
  g_clear_error (&remote);

  /* The next piece, prefilled from the previous one. */
  next = chorus_works_piece_to_invoice (previous);
  chorus_invoice_set_number (next, "EA-APP-01");
  chorus_invoice_set_invoice_date (next, previous->deposit_date);
  chorus_invoice_set_invoice_type (next, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_currency (next, "EUR");
  chorus_invoice_set_vat_type (next, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_amount_ht (next, 500000);
  chorus_invoice_set_amount_vat (next, 100000);
  chorus_invoice_set_amount_ttc (next, 600000);
  chorus_invoice_set_amount_to_pay (next, 600000);

  /* An A17 cannot follow an A4: local rules and simulator agree. */
  chorus_invoice_set_cadre (next, CHORUS_CADRE_A17);
  problems = chorus_deposit_check (next, NULL, &context);
  g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_CADRE));
  wrong = call (f, "facturesTravaux/v1/soumettre", chorus_works_build_submit (previous, next, 0, upload (f)), &error);
  g_assert_null (wrong);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  chorus_invoice_set_cadre (next, CHORUS_CADRE_A15);
  problems = chorus_deposit_check (next, NULL, &context);
  if (problems->len > 0)
    g_error ("%s", chorus_deposit_problems_join (problems));
  answer = call (f, "facturesTravaux/v1/soumettre", chorus_works_build_submit (previous, next, 0, upload (f)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (answer, "statut"), ==,
                   chorus_works_status_to_api (chorus_works_status_after_deposit (CHORUS_CADRE_A15)));

  /* The dossier now reads A4 (associée) → A15 (mise à disposition de la MOA). */
  chain = dossier (f, previous->id);
  g_assert_cmpuint (chain->len, >=, 2);
  {
    ChorusWorksPiece *first = NULL, *second = NULL;

    for (guint i = 0; i < chain->len; i++)
      {
        ChorusWorksPiece *piece = g_ptr_array_index (chain, i);

        if (piece->id == previous->id)
          first = piece;
        else if (piece->previous_id == previous->id)
          second = piece;
      }
    g_assert_nonnull (first);
    g_assert_nonnull (second);
    g_assert_cmpint (first->status, ==, CHORUS_WORKS_STATUS_ASSOCIEE);
    g_assert_cmpint (first->next_id, ==, second->id);
    g_assert_cmpint (second->cadre, ==, CHORUS_CADRE_A15);
    g_assert_cmpint (second->status, ==, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOA);
    g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOA, second->cadre, second->status));

    /* Associating again after an associated piece is refused by both. */
    remote = process_both (f, CHORUS_ROLE_MOE, first, CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL);
    g_assert_nonnull (remote);
    g_clear_error (&remote);

    /* The MOA takes the A15 into account; then it can no longer refuse it. */
    remote = process_both (f, CHORUS_ROLE_MOA, second, CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL);
    g_assert_no_error (remote);
    second->status = CHORUS_WORKS_STATUS_PRISE_EN_COMPTE;
    remote = process_both (f, CHORUS_ROLE_MOA, second, CHORUS_WORKS_ACTION_REFUSE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                           "Erreur de destinataire");
    g_assert_nonnull (remote);
    g_clear_error (&remote);
  }
}

/* The supplier deposits a first piece (A4) to its MOE, who suspends it (motif required); the
 * supplier sees it in its Synthèse and completes it; another piece is refused for a routing error. */
static void
test_works_refuse_suspend_complete (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusInvoice) a4 = chorus_invoice_new ();
  g_autoptr(JsonObject) deposited = NULL;
  g_autoptr(JsonObject) completed = NULL;
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(GPtrArray) moe = NULL;
  g_autoptr(GPtrArray) supplier = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local = NULL;
  ChorusDepositContext context = { .role = CHORUS_ROLE_FOURNISSEUR, .channel = CHORUS_DEPOSIT_CHANNEL_SERVICE };
  ChorusWorksPiece *mine = NULL, *to_refuse = NULL;
  gint64 id;
  GError *remote;

  chorus_invoice_set_cadre (a4, CHORUS_CADRE_A4);
  chorus_invoice_set_number (a4, "PDM-APP-01");
  chorus_invoice_set_invoice_date (a4, "2026-01-15");
  chorus_invoice_set_invoice_type (a4, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_currency (a4, "EUR");
  chorus_invoice_set_vat_type (a4, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_supplier_id (a4, chorus_sim_get_supplier_id (f->sim));
  chorus_invoice_set_recipient_id (a4, chorus_sim_get_moa_id (f->sim));
  chorus_invoice_set_amount_ht (a4, 1000000);
  chorus_invoice_set_amount_vat (a4, 200000);
  chorus_invoice_set_amount_ttc (a4, 1200000);
  chorus_invoice_set_amount_to_pay (a4, 1200000);
  problems = chorus_deposit_check (a4, NULL, &context);
  g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT));
  g_assert_null (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_CADRE));
  deposited = call (f, "facturesTravaux/v1/soumettre",
                    chorus_works_build_submit (NULL, a4, chorus_sim_get_moe_id (f->sim), upload (f)), &error);
  g_assert_no_error (error);
  id = json_object_get_int_member (deposited, "idFactureTravaux");
  g_assert_cmpstr (json_object_get_string_member (deposited, "statut"), ==, "MISE_A_DISPOSITION_MOE");

  moe = search_pieces (f, CHORUS_ROLE_MOE, TRUE);
  for (guint i = 0; i < moe->len; i++)
    {
      ChorusWorksPiece *piece = g_ptr_array_index (moe, i);

      if (piece->id == id)
        mine = piece;
      else if (to_refuse == NULL && piece->status == CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE)
        to_refuse = piece;
    }
  g_assert_nonnull (mine);
  g_assert_nonnull (to_refuse);

  remote = process_both (f, CHORUS_ROLE_MOE, to_refuse, CHORUS_WORKS_ACTION_REFUSE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                         "Erreur dans les données d'acheminement : mauvaise maîtrise d'œuvre");
  g_assert_no_error (remote);
  remote = process_both (f, CHORUS_ROLE_MOE, mine, CHORUS_WORKS_ACTION_SUSPEND, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, "  ");
  g_assert_nonnull (remote);
  g_clear_error (&remote);
  remote = process_both (f, CHORUS_ROLE_MOE, mine, CHORUS_WORKS_ACTION_SUSPEND, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                         "Il manque la situation de travaux");
  g_assert_no_error (remote);

  supplier = search_pieces (f, CHORUS_ROLE_FOURNISSEUR, TRUE);
  mine = NULL;
  for (guint i = 0; i < supplier->len; i++)
    if (((ChorusWorksPiece *) supplier->pdata[i])->id == id)
      mine = supplier->pdata[i];
  g_assert_nonnull (mine);
  g_assert_cmpint (mine->status, ==, CHORUS_WORKS_STATUS_SUSPENDUE);
  g_assert_cmpstr (mine->status_comment, ==, "Il manque la situation de travaux");

  /* A comment is required to complete: both sides say so. */
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_FOURNISSEUR, mine->cadre,
                                             mine->status, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, " ", &local));
  empty = call (f, "facturesTravaux/v1/completer", chorus_works_build_complete (id, " "), &error);
  g_assert_null (empty);
  g_clear_error (&error);
  completed = call (f, "facturesTravaux/v1/completer", chorus_works_build_complete (id, "Situation de travaux ajoutée"),
                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (completed, "statut"), ==, "COMPLETEE");
  /* Back with the MOE, who may process it again. */
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_COMPLETEE));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sim/supplier/directory", test_directory);
  ADD ("/sim/supplier/pdf-deposit", test_pdf_deposit);
  ADD ("/sim/works/chain", test_works_chain);
  ADD ("/sim/works/refuse-suspend-complete", test_works_refuse_suspend_complete);
#undef ADD
  return g_test_run ();
}
