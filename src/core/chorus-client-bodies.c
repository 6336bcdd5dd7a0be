/* chorus-client-bodies.c: the request bodies of the typed operations, with only the documented fields
 * and values (reference §0), amounts in euros, motifs cut to 255 characters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-client-ops-private.h"

/* ---------------------------------------------------------------------------------------------- */
/* Helpers */

static void
set_string (JsonObject *object, const char *key, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, key, value);
}

static void
set_id (JsonObject *object, const char *key, gint64 value)
{
  if (value > 0)
    json_object_set_int_member (object, key, value);
}

static void
set_amount (JsonObject *object, const char *key, gint64 cents)
{
  json_object_set_double_member (object, key, chorus_amount_to_double (cents));
}

static JsonObject *
paging_object (const char *suffix, guint page, guint page_size, const char *sort_column,
               gboolean descending)
{
  JsonObject *paging = json_object_new ();
  g_autofree char *page_key = g_strconcat ("pageResultatDemandee", suffix, NULL);
  g_autofree char *size_key = g_strconcat ("nbResultatsParPage", suffix, NULL);

  json_object_set_int_member (paging, page_key, MAX (page, 1));
  json_object_set_int_member (paging, size_key, page_size > 0 ? page_size : CHORUS_CLIENT_DEFAULT_PAGE_SIZE);
  /* A direction without a documented column says nothing: both or neither. */
  if (sort_column != NULL)
    {
      json_object_set_string_member (paging, "triColonne", sort_column);
      json_object_set_string_member (paging, "triSens", descending ? "Descendant" : "Ascendant");
    }
  return paging;
}

JsonObject *
_chorus_client_build_paged (const char *wrapper_key, guint page, guint page_size)
{
  JsonObject *body = json_object_new ();

  json_object_set_object_member (body, wrapper_key,
                                 paging_object ("", page, page_size, NULL, FALSE));
  return body;
}

/* @list_key: [{@id_key: @id}], when @id is set. */
static void
set_id_list (JsonObject *body, const char *list_key, const char *id_key, gint64 id)
{
  JsonArray *list;
  JsonObject *item;

  if (id <= 0)
    return;
  list = json_array_new ();
  item = json_object_new ();
  json_object_set_int_member (item, id_key, id);
  json_array_add_object_element (list, item);
  json_object_set_array_member (body, list_key, list);
}

/* statutCourant, one status as a string or (@as_list) a list of one, when @status is set. */
static void
set_status (JsonObject *body, ChorusStatus status, gboolean as_list)
{
  JsonArray *statuses;

  if (status == CHORUS_STATUS_UNKNOWN)
    return;
  if (!as_list)
    {
      set_string (body, "statutCourant", chorus_status_to_api (status));
      return;
    }
  statuses = json_array_new ();
  json_array_add_string_element (statuses, chorus_status_to_api (status));
  json_object_set_array_member (body, "statutCourant", statuses);
}

/* Filters shared by the invoice searches: periods and amounts. */
static void
add_common_filters (JsonObject *body, const ChorusInvoiceQuery *query)
{
  set_string (body, "numeroFacture", query->invoice_number);
  set_string (body, "periodeDateDepotDu", query->deposit_from);
  set_string (body, "periodeDateDepotAu", query->deposit_to);
  set_string (body, "periodeDateFactureDu", query->invoice_date_from);
  set_string (body, "periodeDateFactureAu", query->invoice_date_to);
  set_string (body, "periodeDateHeureEtatCourantDu", query->status_changed_from);
  set_string (body, "periodeDateHeureEtatCourantAu", query->status_changed_to);
  if (query->amount_ttc_min >= 0)
    set_amount (body, "montantTTCMin", query->amount_ttc_min);
  if (query->amount_ttc_max >= 0)
    set_amount (body, "montantTTCMax", query->amount_ttc_max);
}

static JsonObject *
query_paging (const ChorusInvoiceQuery *query)
{
  return paging_object ("", query->page, query->page_size, query->sort_column,
                        query->sort_descending);
}

JsonObject *
chorus_client_build_received_query (const ChorusInvoiceQuery *query)
{
  JsonObject *body = json_object_new ();

  g_return_val_if_fail (query != NULL, body);

  json_object_set_string_member (body, "typeDemandePaiement",
                                 query->request_type ? query->request_type : "FACTURE");
  set_id (body, "idDestinataire", query->recipient_id);
  set_id (body, "idServiceExecutant", query->service_id);
  set_id (body, "idServiceExecutant", query->service_id);
  set_id_list (body, "listeFournisseurs", "idFournisseur", query->supplier_id);
  /* The recipient search takes one status as a string (COMM example). */
  set_status (body, query->status, FALSE);
  add_common_filters (body, query);
  json_object_set_object_member (body, "paramRecherche", query_paging (query));
  return body;
}

JsonObject *
chorus_client_build_issued_query (const ChorusInvoiceQuery *query)
{
  JsonObject *body = json_object_new ();

  g_return_val_if_fail (query != NULL, body);

  set_id (body, "idFournisseur", query->supplier_id);
  set_string (body, "numeroFluxDepot", query->flow_number);
  set_id_list (body, "listeDestinataire", "idDestinataire", query->recipient_id);
  /* The supplier search takes a list of statuses. */
  set_status (body, query->status, TRUE);
  add_common_filters (body, query);
  json_object_set_object_member (body, "rechercheFactureParFournisseur", query_paging (query));
  return body;
}

JsonObject *
chorus_client_build_validator_query (const ChorusInvoiceQuery *query)
{
  JsonObject *body = json_object_new ();

  g_return_val_if_fail (query != NULL, body);

  /* GO's RechercherFactureParValideurOptions: statutCourant is a list, the paging wrapper is
   * "pagination", and there is no status-change period to filter on. */
  set_id (body, "idStructureValideur", query->validator_id);
  set_id (body, "idDestinataire", query->recipient_id);
  set_id (body, "idServiceExecutant", query->service_id);
  set_id (body, "idFournisseur", query->supplier_id);
  set_string (body, "typeDemandePaiement", query->request_type);
  if (query->status != CHORUS_STATUS_UNKNOWN)
    {
      JsonArray *statuses = json_array_new ();

      json_array_add_string_element (statuses, chorus_status_to_api (query->status));
      json_object_set_array_member (body, "statutCourant", statuses);
    }
  set_string (body, "numeroFacture", query->invoice_number);
  set_string (body, "periodeDateDepotDu", query->deposit_from);
  set_string (body, "periodeDateDepotAu", query->deposit_to);
  set_string (body, "periodeDateFactureDu", query->invoice_date_from);
  set_string (body, "periodeDateFactureAu", query->invoice_date_to);
  if (query->amount_ttc_min >= 0)
    set_amount (body, "montantTTCMin", query->amount_ttc_min);
  if (query->amount_ttc_max >= 0)
    set_amount (body, "montantTTCMax", query->amount_ttc_max);
  json_object_set_object_member (body, "pagination", query_paging (query));
  return body;
}

/* {page_key: page, size_key: size} of one sub-list, under its request wrapper. */
static void
add_sub_list_paging (JsonObject *body, ChorusSubList list, ChorusDirection direction, guint page,
                     guint page_size)
{
  const ChorusSubListKeys *keys = chorus_sub_list_keys (list);
  JsonObject *paging = json_object_new ();

  json_object_set_int_member (paging, keys->page_key, MAX (page, 1));
  json_object_set_int_member (paging, keys->size_key, page_size);
  /* The validator's consultation takes the recipient's keys (GO's ConsulterFactureOptions serves
   * both). */
  json_object_set_object_member (body, keys->request_wrapper[direction == CHORUS_DIRECTION_ISSUED ? 1 : 0], paging);
}

/* consulter: every sub-list from its first page, but @list from @page; the pages hold at most
 * CHORUS_CLIENT_SUB_LIST_PAGE_SIZE by default (§0.11), and longer lists are fetched on (see Completion). */
JsonObject *
_chorus_client_build_consult_page (ChorusDirection direction, gint64 invoice_id, ChorusSubList list, guint page,
                                   guint page_size)
{
  static const ChorusSubList lists[] = { CHORUS_SUB_LIST_LINES, CHORUS_SUB_LIST_ATTACHMENTS,
                                         CHORUS_SUB_LIST_VAT };
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "identifiantFactureCPP", invoice_id);
  json_object_set_string_member (body, "codeLangue", "FR");
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    add_sub_list_paging (body, lists[i], direction, lists[i] == list ? page : 1,
                         lists[i] == list ? page_size : CHORUS_CLIENT_SUB_LIST_PAGE_SIZE);
  return body;
}

JsonObject *
chorus_client_build_consult (ChorusDirection direction, gint64 invoice_id)
{
  return _chorus_client_build_consult_page (direction, invoice_id, CHORUS_SUB_LIST_LINES, 1, CHORUS_CLIENT_SUB_LIST_PAGE_SIZE);
}

JsonObject *
_chorus_client_build_history_page (gint64 invoice_id, guint page, guint page_size)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "idFacture", invoice_id);
  add_sub_list_paging (body, CHORUS_SUB_LIST_HISTORY, CHORUS_DIRECTION_RECEIVED, page, page_size);
  return body;
}

JsonObject *
chorus_client_build_history (gint64 invoice_id)
{
  return _chorus_client_build_history_page (invoice_id, 1, CHORUS_CLIENT_SUB_LIST_PAGE_SIZE);
}

static JsonObject *
body_with_int (const char *key, gint64 value)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, key, value);
  return body;
}

JsonObject *
_chorus_client_build_with_string (const char *key, const char *value)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, key, value != NULL ? value : "");
  return body;
}

/* The first @max_chars characters of @text, on a UTF-8 boundary. */
static char *
utf8_cut (const char *text, glong max_chars)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  return g_utf8_substring (text, 0, max_chars);
}

JsonObject *
_chorus_client_build_process_received (gint64 invoice_id, ChorusStatus target, const char *motif,
                                       const char *mandate_number)
{
  JsonObject *body = body_with_int ("idFacture", invoice_id);
  g_autofree char *short_motif = utf8_cut (motif, CHORUS_STATUS_MOTIF_MAX_CHARS);

  json_object_set_string_member (body, "nouveauStatut", chorus_status_to_api (target));
  set_string (body, "motif", short_motif);
  set_string (body, "numeroDPMandat", mandate_number);
  return body;
}

JsonObject *
chorus_client_build_download (const gint64 *invoice_ids, guint n_ids, ChorusDownloadFormat format,
                              gboolean with_attachments)
{
  JsonObject *body = json_object_new ();
  JsonArray *list = json_array_new ();

  json_object_set_string_member (body, "format",
                                 format == CHORUS_DOWNLOAD_PIVOT ? "PIVOT" : "PDF");
  if (format == CHORUS_DOWNLOAD_PDF)
    json_object_set_string_member (body, "avecPiecesJointesComplementaires",
                                   with_attachments ? "Oui" : "Non");
  for (guint i = 0; i < n_ids; i++)
    {
      JsonObject *item = body_with_int ("idFacture", invoice_ids[i]);

      json_array_add_object_element (list, item);
    }
  json_object_set_array_member (body, "listeFacture", list);
  return body;
}

/* The file itself goes in as the spec's upload_key member, encoded by the transport. */
JsonObject *
_chorus_client_build_deposit_pdf (const char *file_name)
{
  JsonObject *body = _chorus_client_build_with_string ("nomFichier", file_name);

  json_object_set_string_member (body, "formatDepot", "PDF_NON_SIGNE");
  return body;
}

JsonObject *
_chorus_client_build_deposit_flow (const char *file_name, const char *syntax)
{
  JsonObject *body = _chorus_client_build_with_string ("nomFichier", file_name);

  json_object_set_string_member (body, "syntaxeFlux", syntax);
  json_object_set_boolean_member (body, "avecSignature", FALSE);
  return body;
}

/* pieceJointeComplementaire[]: each file uploaded first (ajouter/fichier), named by its id. */
static void
set_complementary_attachments (JsonObject *body, GPtrArray *attachments)
{
  JsonArray *array;

  if (attachments == NULL || attachments->len == 0)
    return;
  array = json_array_new ();
  for (guint i = 0; i < attachments->len; i++)
    {
      const ChorusAttachment *attachment = g_ptr_array_index (attachments, i);
      JsonObject *item;

      if (attachment->is_main || attachment->id <= 0)
        continue;
      item = json_object_new ();
      set_string (item, "pieceJointeComplementaireDesignation", attachment->name);
      json_object_set_int_member (item, "pieceJointeComplementaireId", attachment->id);
      json_array_add_object_element (array, item);
    }
  if (json_array_get_length (array) > 0)
    json_object_set_array_member (body, "pieceJointeComplementaire", array);
  else
    json_array_unref (array);
}

JsonObject *
_chorus_client_build_complete (gint64 invoice_id, const char *comment, GPtrArray *attachments)
{
  JsonObject *body = body_with_int ("identifiantFactureCPP", invoice_id);

  set_string (body, "commentaire", comment);
  set_complementary_attachments (body, attachments);
  return body;
}

JsonObject *
_chorus_client_build_recycle (gint64 invoice_id, const char *recipient_code, const char *service_code,
                              const char *engagement_number, const char *comment)
{
  JsonObject *body = body_with_int ("identifiantFactureCPP", invoice_id);
  JsonObject *recipient = json_object_new ();
  JsonObject *reference = json_object_new ();

  set_string (body, "commentaire", comment);
  set_string (recipient, "codeDestinataire", recipient_code);
  set_string (recipient, "codeServiceExecutant", service_code);
  json_object_set_object_member (body, "destinataire", recipient);
  set_string (reference, "numeroBonCommande", engagement_number);
  json_object_set_object_member (body, "reference", reference);
  return body;
}

JsonObject *
chorus_client_build_validate_body (gint64 invoice_id, ChorusValidationAction action,
                                   const char *motif, const char *complement, gint64 validator_id)
{
  JsonObject *body = body_with_int ("idFacture", invoice_id);
  g_autofree char *short_motif = utf8_cut (motif, CHORUS_STATUS_MOTIF_MAX_CHARS);
  g_autofree char *short_complement = utf8_cut (complement, CHORUS_STATUS_MOTIF_MAX_CHARS);

  json_object_set_string_member (body, "action", chorus_validation_action_to_api (action));
  set_string (body, "motifRefus", short_motif);
  set_string (body, "complementInfo", short_complement);
  /* The structure deciding: the platform checks it is the validator of the level the invoice
   * waits at. typeValideur is left out: no source gives its values. */
  set_id (body, "idValideur", validator_id);
  return body;
}

JsonObject *
_chorus_client_build_search_structures (const char *identifier, ChorusIdType id_type, const char *name,
                                        guint page, guint page_size)
{
  JsonObject *body = _chorus_client_build_paged ("parametres", page, page_size);
  JsonObject *structure = json_object_new ();

  set_string (structure, "identifiantStructure", identifier);
  if (id_type != CHORUS_ID_TYPE_UNKNOWN)
    set_string (structure, "typeIdentifiantStructure", chorus_id_type_to_api (id_type));
  set_string (structure, "raisonSocialeStructure", name);
  json_object_set_object_member (body, "structure", structure);
  json_object_set_boolean_member (body, "restreindreStructuresPrivees", FALSE);
  return body;
}

JsonObject *
_chorus_client_build_bank_details (gint64 structure_id)
{
  return body_with_int ("idStructure", structure_id);
}

JsonObject *
_chorus_client_build_consult_structure (gint64 structure_id)
{
  JsonObject *body = body_with_int ("idStructureCPP", structure_id);

  json_object_set_string_member (body, "codeLangue", "FR");
  return body;
}

JsonObject *
_chorus_client_build_search_services (gint64 structure_id, guint page, guint page_size)
{
  JsonObject *body = json_object_new ();
  JsonObject *paging = paging_object ("", page, page_size, "CodeService", FALSE);

  json_object_set_int_member (body, "idStructure", structure_id);
  json_object_set_object_member (body, "parametresRechercherServicesStructure", paging);
  return body;
}

JsonObject *
_chorus_client_build_consult_service (gint64 structure_id, gint64 service_id)
{
  JsonObject *body = body_with_int ("idStructure", structure_id);

  json_object_set_int_member (body, "idService", service_id);
  json_object_set_string_member (body, "codeLangue", "FR");
  return body;
}

JsonObject *
_chorus_client_build_references (ChorusReferenceKind kind, const char *request_type)
{
  switch (kind)
    {
    case CHORUS_REFERENCE_VAT_RATES:
    case CHORUS_REFERENCE_CURRENCIES:
      return _chorus_client_build_with_string ("codeLangue", "FR");
    case CHORUS_REFERENCE_CADRES:
      return _chorus_client_build_with_string ("typeDemandePaiement", request_type ? request_type : "FACTURE");
    case CHORUS_REFERENCE_REFUSAL_MOTIFS:
      return _chorus_client_build_with_string ("codeCadreFacturationAValider", request_type);
    case CHORUS_REFERENCE_PAYMENT_MODES:
    default:
      return json_object_new ();
    }
}

JsonObject *
_chorus_client_build_add_file (const char *file_name, const char *extension, const char *mime_type)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "pieceJointeNom", file_name);
  json_object_set_string_member (body, "pieceJointeExtension", extension);
  set_string (body, "pieceJointeTypeMime", mime_type);
  return body;
}

static JsonArray *
build_lines (GPtrArray *lines)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      ChorusInvoiceLine *line = g_ptr_array_index (lines, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "lignePosteNumero", line->number > 0 ? line->number
                                                                              : (int) i + 1);
      set_string (item, "lignePosteReference", line->reference);
      set_string (item, "lignePosteDenomination", line->label);
      json_object_set_double_member (item, "lignePosteQuantite", line->quantity);
      set_string (item, "lignePosteUnite", line->unit);
      set_amount (item, "lignePosteMontantUnitaireHT", line->unit_price_ht);
      set_amount (item, "lignePosteMontantRemiseHT", line->discount_ht);
      if (line->vat_rate_code != NULL)
        json_object_set_string_member (item, "lignePosteTauxTva", line->vat_rate_code);
      else
        json_object_set_double_member (item, "lignePosteTauxTvaManuel", line->vat_rate);
      json_array_add_object_element (array, item);
    }
  return array;
}

static JsonArray *
build_vat_lines (GPtrArray *vat_lines)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; vat_lines != NULL && i < vat_lines->len; i++)
    {
      ChorusVatLine *line = g_ptr_array_index (vat_lines, i);
      JsonObject *item = json_object_new ();

      if (line->rate_code != NULL)
        json_object_set_string_member (item, "ligneTvaTaux", line->rate_code);
      else
        json_object_set_double_member (item, "ligneTvaTauxManuel", line->rate);
      set_amount (item, "ligneTvaMontantBaseHtParTaux", line->base_ht);
      set_amount (item, "ligneTvaMontantTvaParTaux", line->vat_amount);
      json_array_add_object_element (array, item);
    }
  return array;
}

JsonObject *
chorus_client_build_submit_body (ChorusInvoice *invoice)
{
  JsonObject *body = json_object_new ();
  JsonObject *part;
  ChorusInvoiceType type;
  ChorusCadre cadre;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), body);

  type = chorus_invoice_get_invoice_type (invoice);
  cadre = chorus_invoice_get_cadre (invoice);

  json_object_set_string_member (body, "modeDepot",
                                 chorus_invoice_get_main_attachment_id (invoice) > 0
                                 ? "DEPOT_PDF_API" : "SAISIE_API");
  set_string (body, "numeroFactureSaisi", chorus_invoice_get_number (invoice));
  set_string (body, "dateFacture", chorus_invoice_get_invoice_date (invoice));

  part = json_object_new ();
  set_string (part, "codeDestinataire", chorus_invoice_get_recipient_code (invoice));
  set_string (part, "codeServiceExecutant", chorus_invoice_get_service_code (invoice));
  json_object_set_object_member (body, "destinataire", part);

  part = json_object_new ();
  set_id (part, "idFournisseur", chorus_invoice_get_supplier_id (invoice));
  set_id (part, "idServiceFournisseur", chorus_invoice_get_supplier_service_id (invoice));
  set_id (part, "codeCoordonneesBancairesFournisseur", chorus_invoice_get_bank_details_id (invoice));
  json_object_set_object_member (body, "fournisseur", part);

  part = json_object_new ();
  json_object_set_string_member (part, "codeCadreFacturation",
                                 chorus_cadre_to_api (cadre != CHORUS_CADRE_UNKNOWN
                                                      ? cadre : CHORUS_CADRE_A1));
  /* A subcontractor's or co-contractor's invoice goes first to the main contractor's validation. */
  set_string (part, "codeStructureValideur", chorus_invoice_get_validator_code (invoice));
  json_object_set_object_member (body, "cadreDeFacturation", part);

  part = json_object_new ();
  json_object_set_string_member (part, "deviseFacture",
                                 chorus_invoice_get_currency (invoice) != NULL
                                 ? chorus_invoice_get_currency (invoice) : "EUR");
  /* typeFacture is FACTURE or AVOIR (§0.3): a Factur-X down payment (TypeCode 386, ACOMPTE
   * here) goes as FACTURE. */
  json_object_set_string_member (part, "typeFacture",
                                 chorus_invoice_type_to_api (type == CHORUS_INVOICE_TYPE_AVOIR
                                                             ? CHORUS_INVOICE_TYPE_AVOIR
                                                             : CHORUS_INVOICE_TYPE_FACTURE));
  if (chorus_invoice_get_vat_type (invoice) != CHORUS_VAT_TYPE_UNKNOWN)
    set_string (part, "typeTva", chorus_vat_type_to_api (chorus_invoice_get_vat_type (invoice)));
  /* A credit note must carry no payment mode. */
  if (type != CHORUS_INVOICE_TYPE_AVOIR)
    set_string (part, "modePaiement", chorus_invoice_get_payment_mode (invoice));
  set_string (part, "numeroMarche", chorus_invoice_get_market_number (invoice));
  set_string (part, "numeroBonCommande", chorus_invoice_get_engagement_number (invoice));
  set_string (part, "numeroFactureOrigine", chorus_invoice_get_original_number (invoice));
  json_object_set_object_member (body, "references", part);

  json_object_set_array_member (body, "lignePoste",
                                build_lines (chorus_invoice_get_lines (invoice)));
  json_object_set_array_member (body, "ligneTva",
                                build_vat_lines (chorus_invoice_get_vat_lines (invoice)));

  part = json_object_new ();
  set_amount (part, "montantHtTotal", chorus_invoice_get_amount_ht (invoice));
  set_amount (part, "montantTVA", chorus_invoice_get_amount_vat (invoice));
  set_amount (part, "montantTtcTotal", chorus_invoice_get_amount_ttc (invoice));
  set_amount (part, "montantAPayer", chorus_invoice_get_amount_to_pay (invoice));
  json_object_set_object_member (body, "montantTotal", part);

  if (chorus_invoice_get_main_attachment_id (invoice) > 0)
    {
      JsonArray *attachments = json_array_new ();
      JsonObject *main_attachment = json_object_new ();

      json_object_set_string_member (main_attachment, "pieceJointePrincipaleDesignation",
                                     "Facture");
      json_object_set_int_member (main_attachment, "pieceJointePrincipaleId",
                                  chorus_invoice_get_main_attachment_id (invoice));
      json_array_add_object_element (attachments, main_attachment);
      json_object_set_array_member (body, "pieceJointePrincipale", attachments);
    }
  set_complementary_attachments (body, chorus_invoice_get_attachments (invoice));
  return body;
}

/* ---------------------------------------------------------------------------------------------- */
/* facturesTravaux */

void
chorus_works_query_init (ChorusWorksQuery *query)
{
  g_return_if_fail (query != NULL);

  memset (query, 0, sizeof *query);
  query->role = CHORUS_ROLE_FOURNISSEUR;
  query->amount_ht_min = -1;
  query->amount_ht_max = -1;
  query->downloaded = -1;
  query->page = 1;
  query->page_size = CHORUS_CLIENT_DEFAULT_PAGE_SIZE;
}

JsonObject *
chorus_works_build_search (const ChorusWorksQuery *query)
{
  static const char *const structure_keys[] = {
    [CHORUS_ROLE_FOURNISSEUR] = "idStructureFournisseur",
    [CHORUS_ROLE_MOE] = "idStructureMoe",
    [CHORUS_ROLE_MOA] = "idStructureMoa",
  };
  JsonObject *body = json_object_new ();
  JsonObject *paging;

  g_return_val_if_fail (query != NULL, body);

  json_object_set_string_member (body, "roleUtilisateur",
                                 chorus_role_to_api (query->role != CHORUS_ROLE_UNKNOWN ? query->role
                                                                                         : CHORUS_ROLE_FOURNISSEUR));
  if ((gsize) query->role < G_N_ELEMENTS (structure_keys) && structure_keys[query->role] != NULL)
    set_id (body, structure_keys[query->role], query->structure_id);
  set_id (body, "idDestinataire", query->recipient_id);
  set_id (body, "idServiceExecutant", query->service_id);
  if (query->type != CHORUS_WORKS_TYPE_UNKNOWN)
    {
      JsonArray *types = json_array_new ();

      json_array_add_string_element (types, chorus_works_type_to_api (query->type));
      json_object_set_array_member (body, "listeTypeFactureTravaux", types);
    }
  if (query->cadre != CHORUS_CADRE_UNKNOWN)
    json_object_set_string_member (body, "cadreFacturation", chorus_cadre_to_api (query->cadre));
  /* COMM's example sends one status as a string; the name says a list: a list of one or more. */
  if (query->n_statuses > 0)
    {
      JsonArray *statuses = json_array_new ();

      for (guint i = 0; i < query->n_statuses; i++)
        json_array_add_string_element (statuses, chorus_status_to_api (query->statuses[i]));
      json_object_set_array_member (body, "listeStatutCourant", statuses);
    }
  set_string (body, "numeroFactureTravaux", query->number);
  set_string (body, "numeroMarche", query->market_number);
  set_string (body, "numeroBonCommande", query->engagement_number);
  set_string (body, "periodeDateDepotDu", query->deposit_from);
  set_string (body, "periodeDateDepotAu", query->deposit_to);
  set_string (body, "periodeDateFactureTravauxDu", query->invoice_date_from);
  set_string (body, "periodeDateFactureTravauxAu", query->invoice_date_to);
  if (query->amount_ht_min >= 0)
    set_amount (body, "montantHTMin", query->amount_ht_min);
  if (query->amount_ht_max >= 0)
    set_amount (body, "montantHTMax", query->amount_ht_max);
  if (query->without_next)
    json_object_set_boolean_member (body, "uniquementSansPieceSuivante", TRUE);
  if (query->downloaded >= 0)
    json_object_set_boolean_member (body, "flagTelecharge", query->downloaded > 0);
  /* No triColonne: only "TypeDemandePaiement" is documented for this search; the list sorts locally. */
  paging = json_object_new ();
  json_object_set_int_member (paging, "pageResultatDemandee", MAX (query->page, 1));
  json_object_set_int_member (paging, "nbResultatsParPage", query->page_size > 0 ? query->page_size : CHORUS_CLIENT_DEFAULT_PAGE_SIZE);
  json_object_set_string_member (paging, "triSens", "Descendant");
  json_object_set_object_member (body, "rechercheFactureTravaux", paging);
  return body;
}

JsonObject *
chorus_works_build_piece (gint64 piece_id)
{
  return body_with_int ("idFactureTravaux", piece_id);
}

JsonObject *
chorus_works_build_comment (gint64      piece_id,
                            const char *comment)
{
  JsonObject *body = body_with_int ("idFactureTravaux", piece_id);
  g_autofree char *short_comment = utf8_cut (comment, CHORUS_STATUS_MOTIF_MAX_CHARS);

  set_string (body, "commentaire", short_comment);
  return body;
}

JsonObject *
chorus_works_build_complete (gint64              piece_id,
                             const char         *comment,
                             const gint64       *attachment_ids,
                             const char * const *names,
                             guint               n_attachments)
{
  JsonObject *body = chorus_works_build_comment (piece_id, comment);

  if (n_attachments > 0)
    {
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < n_attachments; i++)
        {
          JsonObject *item = json_object_new ();

          json_object_set_string_member (item, "pieceJointeComplementaireDesignation",
                                         names != NULL && names[i] != NULL ? names[i] : "");
          json_object_set_int_member (item, "pieceJointeComplementaireId", attachment_ids[i]);
          json_array_add_object_element (list, item);
        }
      json_object_set_array_member (body, "pieceJointeComplementaire", list);
    }
  return body;
}

JsonObject *
_chorus_client_build_works_download (gint64 piece_id)
{
  return chorus_client_build_download (&piece_id, 1, CHORUS_DOWNLOAD_PDF, FALSE);
}
