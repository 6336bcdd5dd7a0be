/* test-contract.c: the client against the real Chorus Pro requests and answers of
 * ../shared/samples/chorus-api (read in place): every answer decoded by the client's own decoder
 * with its values checked, the three expected refusals refused in French, and every request the
 * client builds held to the keys and nesting of the request samples. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "chorus-api-labels.h"
#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-json.h"
#include "chorus-status.h"
#include "chorus-store-unreadable.h"
#include "chorus-sync.h"
#include "chorus-test-util.h"
#include "chorus-client-works.h"
#include "chorus-works-piece.h"

/* ------------------------------------------------------------------ samples */

static const char *
samples_dir (void)
{
  const char *dir = g_getenv ("CHORUS_API_SAMPLES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("CHORUS_API_SAMPLES_DIR (%s) is not a folder: the Chorus Pro API samples are required",
             dir != NULL ? dir : "unset");
  return dir;
}

static char *
sample_text (const char *name)
{
  g_autofree char *path = g_build_filename (samples_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("sample %s: %s", name, error->message);
  return text;
}

/* The sample as the client reads an answer: parsed, then codeRetour checked. */
static JsonObject *
answer (const char *name)
{
  g_autofree char *text = sample_text (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = chorus_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_assert_true (_chorus_client_check_code_retour (object, 200, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&object);
}

static JsonNode *
sample_node (const char *name)
{
  g_autofree char *text = sample_text (name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Every sample of the folder has a row here: a new sample cannot go unnoticed. */
static const char *const covered[] = {
  "consulterCRDetaille-response-1.json",
  "consulterFactureParRecipiendaire-request-1.json",
  "consulterHistoriqueFacture-response-1.json",
  "consulterServiceStructure-response-1.json",
  "demanderRecyclagePiecePrecedente-request-1.json",
  "demanderRecyclagePiecePrecedente-response-1.json",
  "oauthToken-response-1.json",
  "oauthToken-response-2.json",
  "oauthToken-response-3.json",
  "rechercherFactureATraiterParRecipiendaire-request-1.json",
  "rechercherFactureParRecipiendaire-request-1.json",
  "rechercherFactureParRecipiendaire-response-1.json",
  "rechercherFactureParRecipiendaire-response-2.json",
  "rechercherFactureTravaux-request-1.json",
  "rechercherFactureTravaux-response-1.json",
  "rechercherFactureTravaux-response-2.json",
  "rechercherServicesStructure-response-1.json",
  "rechercherServicesStructure-response-2.json",
  "rechercherStructure-response-1.json",
  "recupererTauxTva-response-1.json",
  "suspendreOuDemanderCompleterFactureTravaux-request-1.json",
  "suspendreOuDemanderCompleterFactureTravaux-response-1.json",
  "telechargerGroupeFacture-request-1.json",
  "telechargerGroupeFacture-response-1.json",
  "traiterFactureRecue-response-1.json",
  "traiterFactureRecue-response-2.json",
  NULL,
};

static void
test_every_sample_covered (void)
{
  g_autoptr(GDir) dir = g_dir_open (samples_dir (), 0, NULL);
  const char *name;
  guint found = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_suffix (name, ".json"))
        continue;
      found++;
      if (!g_strv_contains (covered, name))
        g_error ("sample %s has no contract row", name);
    }
  g_assert_cmpuint (found, ==, g_strv_length ((char **) covered));
}

/* ------------------------------------------------------------------ answers */

static ChorusInvoice *
invoice_at (ChorusInvoicePage *page, guint index)
{
  g_assert_cmpuint (index, <, page->invoices->len);
  return g_ptr_array_index (page->invoices, index);
}

static void
test_rechercher_recipiendaire_1 (void)
{
  static const struct {
    gint64 id; const char *number; const char *status; const char *deposit; const char *invoice_date;
  } expected[] = {
    { 1221, "MAD201601", "MISE_A_DISPOSITION", "2015-07-22", "2015-07-19" },
    { 1222, "MAD201602", "MISE_A_DISPOSITION_COMPTABLE", "2015-08-22", "2015-08-19" },
    { 1223, "COM201601", "COMPTABILISEE", "2015-07-22", "2015-07-19" },
    { 1224, "COM201602", "DEPOSEE", "2015-08-22", "2015-08-19" },
  };
  g_autoptr(JsonObject) response = answer ("rechercherFactureParRecipiendaire-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = chorus_decode_received_page (response, &error);

  g_assert_no_error (error);
  /* Paging sent as null: the list itself says how many. */
  g_assert_false (page->total_known);
  g_assert_cmpuint (page->total, ==, 4);
  g_assert_cmpuint (page->unreadable->len, ==, 0);
  g_assert_cmpuint (page->invoices->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      ChorusInvoice *invoice = invoice_at (page, i);

      g_assert_cmpint (chorus_invoice_get_direction (invoice), ==, CHORUS_DIRECTION_RECEIVED);
      g_assert_cmpint (chorus_invoice_get_id (invoice), ==, expected[i].id);
      g_assert_cmpstr (chorus_invoice_get_number (invoice), ==, expected[i].number);
      g_assert_cmpstr (chorus_invoice_get_status_code (invoice), ==, expected[i].status);
      g_assert_cmpint (chorus_invoice_get_status (invoice), !=, CHORUS_STATUS_UNKNOWN);
      g_assert_cmpstr (chorus_invoice_get_deposit_date (invoice), ==, expected[i].deposit);
      g_assert_cmpstr (chorus_invoice_get_invoice_date (invoice), ==, expected[i].invoice_date);
      g_assert_cmpint (chorus_invoice_get_amount_ht (invoice), ==, 950000);
      g_assert_cmpint (chorus_invoice_get_amount_ttc (invoice), ==, 982250);
      g_assert_cmpint (chorus_invoice_get_amount_to_pay (invoice), ==, 982250);
      g_assert_cmpint (chorus_invoice_get_amount_vat (invoice), ==, 32250);
      g_assert_cmpstr (chorus_invoice_get_currency (invoice), ==, "EUR");
      g_assert_cmpint (chorus_invoice_get_recipient_id (invoice), ==, 164);
      g_assert_cmpstr (chorus_invoice_get_recipient_code (invoice), ==, "18112423258055");
      g_assert_cmpstr (chorus_invoice_get_recipient_name (invoice), ==, "Mairie de L'Isle Jourdain");
      g_assert_cmpint (chorus_invoice_get_service_id (invoice), ==, 443);
      g_assert_cmpstr (chorus_invoice_get_service_code (invoice), ==, "COMPTABILITE");
      g_assert_cmpstr (chorus_invoice_get_service_name (invoice), ==, "Service comptabilié");
      g_assert_cmpstr (chorus_invoice_get_supplier_code (invoice), ==, "92752571570002");
      g_assert_cmpstr (chorus_invoice_get_supplier_name (invoice), ==, "VIN SUR VIN");
      g_assert_cmpstr (chorus_invoice_get_supplier_service_code (invoice), ==, "COMPTABILITE");
      g_assert_cmpstr (chorus_invoice_get_supplier_id_type_code (invoice), ==, "SIRET");
      g_assert_cmpstr (chorus_invoice_get_engagement_number (invoice), ==, "VABFC002");
      g_assert_cmpstr (chorus_invoice_get_market_number (invoice), ==, "VABFM001");
      g_assert_cmpstr (chorus_invoice_get_request_type (invoice), ==, "FACTURE");
      g_assert_cmpstr (chorus_invoice_get_invoice_type_code (invoice), ==, "FACTURE");
      g_assert_false (chorus_invoice_get_downloaded (invoice));
    }
}

/* Pastell's fixture: ids and amounts as numeric strings, an envelope with only the list. */
static void
test_rechercher_recipiendaire_2 (void)
{
  g_autoptr(JsonObject) response = answer ("rechercherFactureParRecipiendaire-response-2.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = chorus_decode_received_page (response, &error);
  ChorusInvoice *invoice;

  g_assert_no_error (error);
  g_assert_cmpuint (page->invoices->len, ==, 1);
  g_assert_cmpuint (page->unreadable->len, ==, 0);
  invoice = invoice_at (page, 0);
  g_assert_cmpint (chorus_invoice_get_id (invoice), ==, 3346947);
  g_assert_cmpstr (chorus_invoice_get_number (invoice), ==, "20190711-1");
  g_assert_cmpstr (chorus_invoice_get_status_code (invoice), ==, "MISE_A_DISPOSITION");
  g_assert_cmpstr (chorus_invoice_get_deposit_date (invoice), ==, "2019-07-11");
  g_assert_cmpstr (chorus_invoice_get_invoice_date (invoice), ==, "2019-07-11");
  g_assert_cmpstr (chorus_invoice_get_status_date (invoice), ==, "2019-07-11T15:45:39+02:00");
  g_assert_cmpint (chorus_invoice_get_amount_ht (invoice), ==, 1000);
  g_assert_cmpint (chorus_invoice_get_amount_ttc (invoice), ==, 2000);
  g_assert_cmpint (chorus_invoice_get_amount_to_pay (invoice), ==, 1000);
  g_assert_cmpint (chorus_invoice_get_amount_vat (invoice), ==, 1000);
  g_assert_cmpstr (chorus_invoice_get_currency (invoice), ==, "EUR");
  g_assert_cmpint (chorus_invoice_get_recipient_id (invoice), ==, 25784152);
  g_assert_cmpstr (chorus_invoice_get_recipient_code (invoice), ==, "00000000013456");
  g_assert_cmpstr (chorus_invoice_get_recipient_name (invoice), ==, "TAA074DESTINATAIRE");
  g_assert_cmpstr (chorus_invoice_get_supplier_code (invoice), ==, "00000000000727");
  g_assert_cmpstr (chorus_invoice_get_supplier_name (invoice), ==, "TAA001DESTINATAIRE");
  g_assert_cmpstr (chorus_invoice_get_supplier_id_type_code (invoice), ==, "SIRET");
  g_assert_cmpstr (chorus_invoice_get_request_type (invoice), ==, "FACTURE");
  g_assert_cmpstr (chorus_invoice_get_invoice_type_code (invoice), ==, "FACTURE");
  g_assert_true (chorus_invoice_get_downloaded (invoice));
}

static void
test_consulter_cr_detaille (void)
{
  g_autoptr(JsonObject) response = answer ("consulterCRDetaille-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFlowReport) report = chorus_decode_flow_report (response, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (report->state, ==, "IN_INTEGRE");
  g_assert_true (chorus_flow_state_is_integrated (report->state));
  g_assert_cmpstr (chorus_flow_state_label (report->state), ==, "Intégré");
  g_assert_cmpstr (report->interface_code, ==, "FSO1113A");
  g_assert_cmpstr (report->deposit_date, ==, "2019-03-27T11:12:24+01:00");
  g_assert_cmpstr (report->state_date, ==, "2019-03-27T11:12:24+01:00");
  g_assert_cmpstr (report->file_name, ==, "FSO1113A_CPP001_CPP0011113000000000044750");
  g_assert_cmpuint (report->errors->len, ==, 0);
}

static void
test_consulter_historique (void)
{
  static const struct { const char *code; const char *date; const char *comment; } expected[] = {
    { "MISE_A_DISPOSITION", "2015-12-01T10:36:00", "" },
    { "SUSPENDUE", "2015-12-02T10:36:00", "Commentaire suspension 2 dec" },
    { "MISE_A_DISPOSITION", "2015-12-03T10:36:00", "" },
  };
  g_autoptr(JsonObject) response = answer ("consulterHistoriqueFacture-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_decode_history (response, &error);
  ChorusSubListPaging paging;

  g_assert_no_error (error);
  g_assert_cmpstr (history->current_status_code, ==, "MISE_A_DISPOSITION");
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  /* Sent newest first; kept oldest first. */
  g_assert_cmpuint (history->events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      ChorusStatusEvent *event = g_ptr_array_index (history->events, i);

      g_assert_cmpstr (event->code, ==, expected[i].code);
      g_assert_cmpstr (event->date, ==, expected[i].date);
      g_assert_cmpstr (event->comment, ==, expected[i].comment);
      g_assert_cmpstr (event->user, ==, "Prenom1 Nom1");
    }
  /* No paging fields: the client sees a complete list and asks no more. */
  chorus_decode_sub_list_paging (response, CHORUS_SUB_LIST_HISTORY, &paging);
  g_assert_true (paging.present);
  g_assert_cmpuint (paging.received, ==, 3);
  g_assert_cmpuint (paging.total, ==, 0);
  g_assert_cmpuint (paging.pages, ==, 0);
}

static void
test_consulter_service (void)
{
  g_autoptr(JsonObject) response = answer ("consulterServiceStructure-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusService) service = chorus_decode_service (response, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (service->code, ==, "FACTURES_PUBLIQUES");
  g_assert_cmpstr (service->name, ==, "Service des factures publiques");
  g_assert_cmpstr (service->description, ==, "Service des factures publiques");
  g_assert_cmpstr (service->start_date, ==, "2016-12-28T08:30:47+01:00");
  g_assert_null (service->end_date);
  g_assert_false (service->engagement_required);
  /* consulter/service sends neither idService nor estActif (§0.6). */
  g_assert_cmpint (service->id, ==, 0);
  g_assert_true (service->active);
}

static void
assert_service (ChorusPage *page, guint index, gint64 id, const char *code, const char *name,
                const char *start, const char *end)
{
  ChorusService *service = g_ptr_array_index (page->items, index);

  g_assert_cmpint (service->id, ==, id);
  g_assert_cmpstr (service->code, ==, code);
  g_assert_cmpstr (service->name, ==, name);
  g_assert_cmpstr (service->start_date, ==, start);
  g_assert_cmpstr (service->end_date, ==, end);
  g_assert_true (service->active);
}

static void
test_rechercher_services (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = answer ("rechercherServicesStructure-response-1.json");
  g_autoptr(JsonObject) second = answer ("rechercherServicesStructure-response-2.json");
  g_autoptr(ChorusPage) page = chorus_decode_services (first, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (page->page, ==, 1);
  g_assert_cmpuint (page->pages, ==, 1);
  g_assert_cmpuint (page->total, ==, 2);
  assert_service (page, 0, 10136558, "SERVICE_DESTINATAIRETAA070", "SERVICE_DESTINATAIRETAA070",
                  "2016-12-28T08:30:00", NULL);
  assert_service (page, 1, 10136557, "FACTURES_PUBLIQUES", "Service des factures publiques",
                  "2016-12-28T08:30:00", NULL);
  g_clear_pointer (&page, chorus_page_free);

  /* OCA's production answer: 2 of 218, the paging says so. */
  page = chorus_decode_services (second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (page->page, ==, 1);
  g_assert_cmpuint (page->pages, ==, 22);
  g_assert_cmpuint (page->total, ==, 218);
  assert_service (page, 0, 27946199, "XX", "CODE SERVICE INCONNU", "2016-10-25T17:42:00",
                  "2050-12-31T00:00:00");
  assert_service (page, 1, 27946194, "W9", "Murielle ANDRE", "2016-10-25T17:40:00",
                  "2050-12-31T00:00:00");
}

static void
test_rechercher_structure (void)
{
  g_autoptr(JsonObject) response = answer ("rechercherStructure-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) page = chorus_decode_structures (response, &error);
  ChorusStructure *structure;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  structure = g_ptr_array_index (page->items, 0);
  g_assert_cmpint (structure->id, ==, 25783752);
  g_assert_cmpstr (structure->identifier, ==, "00000000012887");
  g_assert_cmpstr (structure->name, ==, "TAA070DESTINATAIRE");
  g_assert_cmpstr (structure->status, ==, "ACTIVE");
}

static void
test_recuperer_taux_tva (void)
{
  g_autoptr(JsonObject) response = answer ("recupererTauxTva-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) page = chorus_decode_references (response, CHORUS_REFERENCE_VAT_RATES, &error);
  ChorusReferenceItem *rate;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  rate = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (rate->code, ==, "TVA1");
  g_assert_cmpstr (rate->label, ==, "Art 293B(FranchiseEnBase)");
  g_assert_cmpfloat (rate->value, ==, 0.0);
}

static void
test_traiter_recue_1 (void)
{
  g_autoptr(JsonObject) response = answer ("traiterFactureRecue-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) result = chorus_decode_action_result (response, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->invoice_id, ==, 1221);
  g_assert_cmpstr (result->invoice_number, ==, "REC20121204");
  g_assert_cmpstr (result->status_code, ==, "SUSPENDUE");
  g_assert_cmpint (result->status, ==, CHORUS_STATUS_SUSPENDUE);
  g_assert_cmpstr (result->date, ==, "2016-03-18");
  g_assert_cmpstr (result->libelle, ==, "CODE PAR DEFAUT");
}

static void
test_demander_recyclage_response (void)
{
  g_autoptr(JsonObject) response = answer ("demanderRecyclagePiecePrecedente-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) result = chorus_decode_action_result (response, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->invoice_id, ==, 540067);
  g_assert_cmpint (result->previous_piece_id, ==, 540066);
  g_assert_cmpstr (result->libelle, ==, "TRA_MSG_00.000");
}

static void
test_suspendre_travaux_response (void)
{
  g_autoptr(JsonObject) response = answer ("suspendreOuDemanderCompleterFactureTravaux-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) result = chorus_decode_action_result (response, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->invoice_id, ==, 0);
  g_assert_null (result->status_code);
  g_assert_cmpstr (result->libelle, ==, "TRA_MSG_00.000");
}

static void
test_oauth_tokens (void)
{
  static const struct { const char *name; const char *token; } good[] = {
    { "oauthToken-response-1.json", "theToken" },
    { "oauthToken-response-3.json", "xxxxxxxxxxxxxxxxx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *text = sample_text (good[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = chorus_json_parse_object (text, -1, &error);
      g_autofree char *token = NULL;
      gint64 expires_in = 0;

      token = chorus_decode_token (object, &expires_in, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, good[i].token);
      g_assert_cmpint (expires_in, ==, 3600);
    }
}

static void
test_works_rechercher_response_1 (void)
{
  g_autoptr(JsonObject) response = answer ("rechercherFactureTravaux-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusWorksPage) page = chorus_works_page_from_json (response, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->pieces->len, ==, 1);
  g_assert_cmpuint (page->unreadable->len, ==, 0);
  g_assert_cmpuint (page->page, ==, 1);
  g_assert_cmpuint (page->pages, ==, 1);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (page->pieces, 0))->id, ==, 1234);
}

/* Pastell's fixture of a works item: ids and amounts as strings, the works status and type. */
static void
test_works_rechercher_response_2 (void)
{
  g_autoptr(JsonObject) response = answer ("rechercherFactureTravaux-response-2.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusWorksPage) page = chorus_works_page_from_json (response, &error);
  ChorusWorksPiece *piece;

  g_assert_no_error (error);
  g_assert_cmpuint (page->pieces->len, ==, 1);
  g_assert_cmpuint (page->unreadable->len, ==, 0);
  piece = g_ptr_array_index (page->pieces, 0);
  g_assert_cmpint (piece->id, ==, 4100169);
  g_assert_cmpstr (piece->number, ==, "20190711-1");
  g_assert_cmpstr (piece->deposit_date, ==, "2019-07-11");
  g_assert_cmpstr (piece->invoice_date, ==, "2019-07-11");
  g_assert_cmpstr (piece->status_date, ==, "2019-07-11T15:45:39+02:00");
  g_assert_cmpstr (piece->currency, ==, "EUR");
  g_assert_cmpint (piece->amount_ht, ==, 1000);
  g_assert_cmpint (piece->amount_ttc, ==, 2000);
  g_assert_cmpint (piece->amount_to_pay, ==, 1000);
  g_assert_cmpstr (piece->status_code, ==, "A_ASSOCIER_MOA");
  g_assert_cmpint (piece->status, ==, CHORUS_STATUS_A_ASSOCIER_MOA);
  g_assert_cmpstr (chorus_works_piece_status_label (piece), ==, "À associer par la maîtrise d'ouvrage");
  g_assert_cmpint (piece->type, ==, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL);
  g_assert_cmpstr (piece->type_code, ==, "PROJET_DECOMPTE_MENSUEL");
  g_assert_cmpstr (piece->supplier.identifier, ==, "00000000000727");
  g_assert_cmpstr (piece->supplier.name, ==, "TAA001DESTINATAIRE");
  g_assert_cmpint (piece->recipient.id, ==, 25784152);
  g_assert_cmpstr (piece->recipient.identifier, ==, "00000000013456");
  g_assert_cmpstr (piece->recipient.name, ==, "TAA074DESTINATAIRE");
  g_assert_true (piece->downloaded);
}

/* ------------------------------------------------------------------ the three refusals */

static void
test_refusal_token (void)
{
  g_autofree char *text = sample_text ("oauthToken-response-2.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = chorus_json_parse_object (text, -1, &error);
  g_autofree char *token = NULL;
  gint64 expires_in = 0;

  token = chorus_decode_token (object, &expires_in, &error);
  g_assert_null (token);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "PISTE a répondu sans jeton d’accès.");
}

static void
test_refusal_download_placeholder (void)
{
  g_autoptr(JsonObject) response = answer ("telechargerGroupeFacture-response-1.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = chorus_decode_download (response, &error);

  g_assert_null (file);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "Le fichier envoyé par Chorus Pro est endommagé (base64 invalide).");
}

static void serve_sample (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                          gpointer data);

static void
store_async_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* A scripted server answering @body to every call of @operation (a path suffix). */
typedef struct {
  const char *operation;
  const char *body;
} Script;

static SoupServer *
scripted_server (Script *script, ChorusClient **client)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, serve_sample, script, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  *client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, base_url);
  chorus_client_set_credentials (*client, "id", "secret", "TECH_1_x@cpro.fr", "pw");
  return server;
}

/* The same placeholder through the client's own download, which decodes the file as it arrives. */
static void
test_refusal_download_placeholder_through_the_client (void)
{
  g_autofree char *placeholder = sample_text ("telechargerGroupeFacture-response-1.json");
  Script script = { "telecharger/groupe", placeholder };
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(SoupServer) server = scripted_server (&script, &client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  gint64 id = 141;

  chorus_client_download_async (client, &id, 1, CHORUS_DOWNLOAD_PDF, FALSE, NULL, store_async_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  file = chorus_client_download_finish (client, result, &error);
  g_assert_null (file);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "Le fichier de la réponse n’est pas du base64 valide.");
}

#define TRAITER_KO_LIBELLE "Incohérence au niveau du statut d'origine ou de destination de la facture."

static void
test_refusal_traiter_recue_2_decoded (void)
{
  g_autofree char *text = sample_text ("traiterFactureRecue-response-2.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = chorus_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_assert_false (_chorus_client_check_code_retour (object, 200, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_cmpint (chorus_client_error_get_api_code (error), ==, 20002);
  /* The server's French sentence as is, nothing changed in it. */
  g_assert_cmpstr (chorus_client_error_get_libelle (error), ==, TRAITER_KO_LIBELLE);
  g_assert_cmpstr (error->message, ==, "Chorus Pro a refusé la demande : " TRAITER_KO_LIBELLE " (code 20002).");
  g_assert_false (chorus_client_error_is_transient (error));
}

/* The same refusal through the outbox: the user sees the sentence and the invoice is unchanged. */
typedef struct {
  gboolean  done;
  gboolean  ok;
  char     *message;
} Finished;

static void
action_finished_cb (ChorusSync *sync, gint64 id, gboolean ok, const char *message, gpointer data)
{
  Finished *finished = data;

  finished->done = TRUE;
  finished->ok = ok;
  finished->message = g_strdup (message);
}

static void
serve_sample (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Script *script = data;
  const char *body;

  if (g_str_equal (path, "/api/oauth/token"))
    body = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
  else if (g_str_has_suffix (path, script->operation))
    body = script->body;
  else
    body = "{\"codeRetour\":20000,\"libelle\":\"TRA_MSG_00.015\"}";
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
test_refusal_traiter_recue_2_outbox (void)
{
  g_autofree char *refusal = sample_text ("traiterFactureRecue-response-2.json");
  Script script = { "traiter/recue", refusal };
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(SoupServer) server = scripted_server (&script, &client);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chorus-contract-XXXXXX", &error);
  g_autoptr(ChorusStore) store = chorus_store_open (dir, &error);
  g_autoptr(ChorusSync) sync = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ChorusInvoice) after = NULL;
  ChorusInvoice *invoice = chorus_invoice_new ();
  Finished finished = { 0 };
  gint64 id = 1221;

  g_assert_no_error (error);

  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_number (invoice, "MAD201601");
  chorus_invoice_set_status_code (invoice, "MISE_A_DISPOSITION");
  chorus_invoice_set_status_date (invoice, "2015-07-22T10:00:00");
  g_ptr_array_add (one, invoice);
  g_assert_true (chorus_store_upsert_invoices (store, one, &error));

  sync = chorus_sync_new (client, store);
  g_signal_connect (sync, "action-finished", G_CALLBACK (action_finished_cb), &finished);
  g_assert_true (chorus_sync_enqueue_process (sync, &id, 1, CHORUS_STATUS_SERVICE_FAIT, NULL, NULL, &error));
  g_assert_no_error (error);
  while (!finished.done || chorus_sync_get_flushing (sync))
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (finished.ok);
  g_assert_nonnull (strstr (finished.message, TRAITER_KO_LIBELLE));
  after = chorus_store_load_invoice (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chorus_invoice_get_status_code (after), ==, "MISE_A_DISPOSITION");
  g_assert_cmpstr (chorus_invoice_get_status_date (after), ==, "2015-07-22T10:00:00");
  g_free (finished.message);
  g_clear_object (&sync);
  g_clear_object (&store);
  chorus_test_remove_dir (dir);
}

/* ------------------------------------------------------------------ requests */

static const char *
node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "list";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node) == G_TYPE_DOUBLE ? G_TYPE_INT64 : json_node_get_value_type (node))
    {
    case G_TYPE_INT64: return "number";
    case G_TYPE_BOOLEAN: return "boolean";
    default: return "text";
    }
}

/* Every key of @ours exists at the same place in @sample (or is documented in the reference,
 * in @extra as "path"), with the same nesting and kind of value; a null in the sample only says
 * the key exists. */
static void
assert_within (JsonNode *ours, JsonNode *sample, const char *path, const char *const *extra)
{
  if (JSON_NODE_HOLDS_NULL (sample))
    {
      g_assert_false (JSON_NODE_HOLDS_OBJECT (ours));
      return;
    }
  if (g_strcmp0 (node_kind (ours), node_kind (sample)) != 0)
    g_error ("%s: the client sends a %s where the sample has a %s", path, node_kind (ours), node_kind (sample));
  if (JSON_NODE_HOLDS_OBJECT (ours))
    {
      JsonObject *mine = json_node_get_object (ours);
      JsonObject *theirs = json_node_get_object (sample);
      g_autoptr(GList) members = json_object_get_members (mine);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          g_autofree char *child_path = g_strconcat (path, ".", key, NULL);

          if (json_object_has_member (theirs, key))
            assert_within (json_object_get_member (mine, key), json_object_get_member (theirs, key),
                           child_path, extra);
          else if (extra == NULL || !g_strv_contains (extra, child_path))
            g_error ("%s: key not in the request sample nor documented", child_path);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (ours) && json_array_get_length (json_node_get_array (sample)) > 0)
    {
      JsonArray *mine = json_node_get_array (ours);
      JsonNode *model = json_array_get_element (json_node_get_array (sample), 0);
      g_autofree char *child_path = g_strconcat (path, "[]", NULL);

      for (guint i = 0; i < json_array_get_length (mine); i++)
        assert_within (json_array_get_element (mine, i), model, child_path, extra);
    }
}

/* @ours (taken) against the request sample @name; @required: paths the client must send. */
static void
check_request (JsonObject *ours, const char *name, const char *const *extra, const char *const *required)
{
  g_autoptr(JsonObject) owned = ours;
  g_autoptr(JsonNode) sample = sample_node (name);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), ours);

  assert_within (node, sample, "$", extra);
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (required[i], ".", -1);
      JsonObject *object = ours;

      for (guint k = 0; parts[k] != NULL; k++)
        {
          if (object == NULL || !json_object_has_member (object, parts[k]))
            g_error ("%s: the client does not send %s", name, required[i]);
          if (parts[k + 1] != NULL)
            object = json_object_get_object_member (object, parts[k]);
        }
    }
}

/* Filters the reference documents for rechercher/recipiendaire beyond the COMM example (§2.1). */
static const char *const recipient_search_extra[] = {
  "$.periodeDateHeureEtatCourantDu", "$.periodeDateHeureEtatCourantAu", NULL,
};

static void
test_request_rechercher_recipiendaire (void)
{
  ChorusInvoiceQuery query;
  static const char *const required[] = {
    "typeDemandePaiement", "paramRecherche.pageResultatDemandee", "paramRecherche.nbResultatsParPage", NULL,
  };

  /* Every filter the client can set. */
  chorus_invoice_query_init (&query);
  query.status = CHORUS_STATUS_DEPOSEE;
  query.invoice_number = "REC060116SXP";
  query.recipient_id = 126;
  query.service_id = 293;
  query.supplier_id = 155;
  query.deposit_from = "2016-02-01";
  query.deposit_to = "2016-02-28";
  query.invoice_date_from = "2016-02-05";
  query.invoice_date_to = "2016-02-07";
  query.status_changed_from = "2016-02-01T00:00:00";
  query.status_changed_to = "2016-02-07T23:59:59";
  query.amount_ttc_min = 0;
  query.amount_ttc_max = 100000000;
  query.page = 2;
  query.page_size = 1000;
  check_request (chorus_client_build_received_query (&query), "rechercherFactureParRecipiendaire-request-1.json",
                 recipient_search_extra, required);

  /* What the pull sends: both payment request types, no sort. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) body = NULL;
      JsonObject *paging;

      chorus_invoice_query_init (&query);
      query.request_type = i == 0 ? "FACTURE" : "FACTURE_TRAVAUX";
      query.status_changed_from = "2026-11-01T00:00:00";
      query.page_size = 1000;
      body = chorus_client_build_received_query (&query);
      g_assert_cmpstr (json_object_get_string_member (body, "typeDemandePaiement"), ==, query.request_type);
      paging = json_object_get_object_member (body, "paramRecherche");
      g_assert_false (json_object_has_member (paging, "triColonne"));
      g_assert_false (json_object_has_member (paging, "triSens"));
      check_request (g_steal_pointer (&body), "rechercherFactureParRecipiendaire-request-1.json",
                     recipient_search_extra, required);
    }
}

/* The pre-PISTE "à traiter" search is not called; its paging object is the one every invoice
 * search of the client fills, and must hold no other key. */
static void
test_request_rechercher_atraiter_paging (void)
{
  g_autoptr(JsonNode) sample = sample_node ("rechercherFactureATraiterParRecipiendaire-request-1.json");
  JsonNode *sample_paging = json_object_get_member (json_node_get_object (sample),
                                                    "parametreRechercheFactureATraiterParRecipiendaire");
  ChorusInvoiceQuery query;
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(JsonObject) issued = NULL;

  chorus_invoice_query_init (&query);
  query.page = 2;
  query.page_size = 2;
  received = chorus_client_build_received_query (&query);
  issued = chorus_client_build_issued_query (&query);
  assert_within (json_object_get_member (received, "paramRecherche"), sample_paging, "$.paramRecherche", NULL);
  assert_within (json_object_get_member (issued, "rechercheFactureParFournisseur"), sample_paging,
                 "$.rechercheFactureParFournisseur", NULL);
}

/* Paging of the sub-lists, documented in §2.1 and §0.11 (names in the client's one table). */
static const char *const consult_extra[] = {
  "$.codeLangue",
  "$.rechercheLignePoste", "$.recherchePj", "$.rechercheligneTvaRecap",
  NULL,
};

static void
test_request_consulter_recipiendaire (void)
{
  static const char *const required[] = { "identifiantFactureCPP", NULL };
  g_autoptr(JsonObject) body = chorus_client_build_consult (CHORUS_DIRECTION_RECEIVED, 239);
  JsonObject *lines;

  g_assert_cmpint (json_object_get_int_member (body, "identifiantFactureCPP"), ==, 239);
  /* The sub-list paging keys are the ones of the table, each under its own wrapper. */
  lines = json_object_get_object_member (body, "rechercheLignePoste");
  g_assert_cmpint (json_object_get_int_member (lines, chorus_sub_list_keys (CHORUS_SUB_LIST_LINES)->page_key), ==, 1);
  g_assert_cmpint (json_object_get_int_member (lines, chorus_sub_list_keys (CHORUS_SUB_LIST_LINES)->size_key), ==, 200);
  check_request (g_steal_pointer (&body), "consulterFactureParRecipiendaire-request-1.json", consult_extra, required);
}

static void
test_request_telecharger_groupe (void)
{
  static const gint64 ids[] = { 141, 142, 143, 144 };
  static const char *const required[] = { "format", "listeFacture", NULL };
  g_autoptr(JsonObject) pdf = chorus_client_build_download (ids, G_N_ELEMENTS (ids), CHORUS_DOWNLOAD_PDF, TRUE);
  g_autoptr(JsonObject) pivot = chorus_client_build_download (ids, G_N_ELEMENTS (ids), CHORUS_DOWNLOAD_PIVOT, FALSE);
  JsonArray *list = json_object_get_array_member (pdf, "listeFacture");

  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 3), "idFacture"), ==, 144);
  g_assert_cmpstr (json_object_get_string_member (pdf, "avecPiecesJointesComplementaires"), ==, "Oui");
  /* With PIVOT the attachments are always in: the field is for PDF only. */
  g_assert_cmpstr (json_object_get_string_member (pivot, "format"), ==, "PIVOT");
  g_assert_false (json_object_has_member (pivot, "avecPiecesJointesComplementaires"));
  check_request (g_steal_pointer (&pdf), "telechargerGroupeFacture-request-1.json", NULL, required);
  check_request (g_steal_pointer (&pivot), "telechargerGroupeFacture-request-1.json", NULL, required);
}

static void
test_request_rechercher_travaux (void)
{
  static const char *const required[] = {
    "roleUtilisateur", "rechercheFactureTravaux.pageResultatDemandee", "rechercheFactureTravaux.nbResultatsParPage",
    NULL,
  };
  ChorusWorksQuery query;

  chorus_works_query_init (&query);
  query.role = CHORUS_ROLE_MOA;
  query.page = 1;
  query.page_size = 10;
  check_request (chorus_works_build_search (&query), "rechercherFactureTravaux-request-1.json", NULL, required);
}

static void
test_request_works_actions (void)
{
  static const char *const suspend_required[] = { "idFactureTravaux", "commentaire", NULL };
  static const char *const recycle_required[] = { "idFactureTravaux", NULL };

  check_request (chorus_works_build_comment (282492, "Merci de joindre le PV de réception"),
                 "suspendreOuDemanderCompleterFactureTravaux-request-1.json", NULL, suspend_required);
  check_request (chorus_works_build_piece (540067), "demanderRecyclagePiecePrecedente-request-1.json", NULL,
                 recycle_required);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");
  g_test_init (&argc, &argv, NULL);
  samples_dir ();

  g_test_add_func ("/contract/every-sample-covered", test_every_sample_covered);
  g_test_add_func ("/contract/answer/rechercherFactureParRecipiendaire-1", test_rechercher_recipiendaire_1);
  g_test_add_func ("/contract/answer/rechercherFactureParRecipiendaire-2", test_rechercher_recipiendaire_2);
  g_test_add_func ("/contract/answer/consulterCRDetaille-1", test_consulter_cr_detaille);
  g_test_add_func ("/contract/answer/consulterHistoriqueFacture-1", test_consulter_historique);
  g_test_add_func ("/contract/answer/consulterServiceStructure-1", test_consulter_service);
  g_test_add_func ("/contract/answer/rechercherServicesStructure-1-2", test_rechercher_services);
  g_test_add_func ("/contract/answer/rechercherStructure-1", test_rechercher_structure);
  g_test_add_func ("/contract/answer/recupererTauxTva-1", test_recuperer_taux_tva);
  g_test_add_func ("/contract/answer/traiterFactureRecue-1", test_traiter_recue_1);
  g_test_add_func ("/contract/answer/demanderRecyclagePiecePrecedente-1", test_demander_recyclage_response);
  g_test_add_func ("/contract/answer/suspendreOuDemanderCompleterFactureTravaux-1", test_suspendre_travaux_response);
  g_test_add_func ("/contract/answer/oauthToken-1-3", test_oauth_tokens);
  g_test_add_func ("/contract/answer/rechercherFactureTravaux-1", test_works_rechercher_response_1);
  g_test_add_func ("/contract/answer/rechercherFactureTravaux-2", test_works_rechercher_response_2);
  g_test_add_func ("/contract/refusal/oauthToken-2", test_refusal_token);
  g_test_add_func ("/contract/refusal/telechargerGroupeFacture-1", test_refusal_download_placeholder);
  g_test_add_func ("/contract/refusal/telechargerGroupeFacture-1-through-the-client",
                   test_refusal_download_placeholder_through_the_client);
  g_test_add_func ("/contract/refusal/traiterFactureRecue-2", test_refusal_traiter_recue_2_decoded);
  g_test_add_func ("/contract/refusal/traiterFactureRecue-2-through-the-outbox", test_refusal_traiter_recue_2_outbox);
  g_test_add_func ("/contract/request/rechercherFactureParRecipiendaire", test_request_rechercher_recipiendaire);
  g_test_add_func ("/contract/request/rechercherFactureATraiterParRecipiendaire-paging",
                   test_request_rechercher_atraiter_paging);
  g_test_add_func ("/contract/request/consulterFactureParRecipiendaire", test_request_consulter_recipiendaire);
  g_test_add_func ("/contract/request/telechargerGroupeFacture", test_request_telecharger_groupe);
  g_test_add_func ("/contract/request/rechercherFactureTravaux", test_request_rechercher_travaux);
  g_test_add_func ("/contract/request/works-actions", test_request_works_actions);
  return g_test_run ();
}
