/* chorus-client-decode-invoice.c: the invoices of the Chorus Pro answers: the items of the three
 * searches, consulter's invoice with its lines, VAT lines and attachments, what deposer/pdf read in
 * a PDF, the history, and the paging of those sub-lists. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode-private.h"
#include "chorus-client-error.h"
#include "chorus-format.h"
#include "chorus-json.h"
#include "chorus-status.h"

typedef void (*StringSetter) (ChorusInvoice *invoice, const char *value);
typedef void (*IntSetter) (ChorusInvoice *invoice, gint64 value);

typedef struct {
  const char   *key;
  StringSetter  set;
  TextKind      kind;
} StringField;

typedef struct {
  const char *key;
  IntSetter   set;
  gboolean    is_amount;
} IntField;

/* Applies the fields present in @object; absent ones leave the invoice untouched, so a
 * second spelling of a key (montantApayer / montantAPayer) can be tried after the first. */
static gboolean
apply_strings (ChorusInvoice *invoice, JsonObject *object, const StringField *fields, gsize n,
               GError **error)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;

      if (!_chorus_decode_text (object, fields[i].key, fields[i].kind, &value, error))
        return FALSE;
      if (value != NULL)
        fields[i].set (invoice, value);
    }
  return TRUE;
}

static gboolean
apply_ints (ChorusInvoice *invoice, JsonObject *object, const IntField *fields, gsize n,
            GError **error)
{
  for (gsize i = 0; i < n; i++)
    {
      gint64 value = 0;
      gboolean ok;

      if (object == NULL || !json_object_has_member (object, fields[i].key))
        continue;
      ok = fields[i].is_amount ? chorus_json_get_amount (object, fields[i].key, &value, error)
                               : chorus_json_get_int (object, fields[i].key, &value, error);
      if (!ok)
        return FALSE;
      if (!json_object_get_null_member (object, fields[i].key))
        fields[i].set (invoice, value);
    }
  return TRUE;
}

static gboolean
apply_status (ChorusInvoice *invoice, JsonObject *object, const char *key, GError **error)
{
  g_autofree char *value = NULL;

  if (!chorus_json_get_string (object, key, &value, error))
    return FALSE;
  if (value != NULL)
    chorus_invoice_set_status_code (invoice, value);
  return TRUE;
}

/* Codes kept as sent: one the app does not know is stored raw, never turned into "unknown". */
typedef void (*CodeSetter) (ChorusInvoice *invoice, const char *code);

static gboolean
apply_codes (ChorusInvoice *invoice, JsonObject *object, GError **error)
{
  static const struct { const char *key; CodeSetter set; } codes[] = {
    { "typeFacture", chorus_invoice_set_invoice_type_code },
    { "typeIdentifiantFournisseur", chorus_invoice_set_supplier_id_type_code },
    { "cadreFacturation", chorus_invoice_set_cadre_code },
    { "typeTva", chorus_invoice_set_vat_type_code },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *value = NULL;

      if (!chorus_json_get_string (object, codes[i].key, &value, error))
        return FALSE;
      if (value != NULL && *value != '\0')
        codes[i].set (invoice, value);
    }
  return TRUE;
}

/* Fields shared by the items of every search and by parts of consulter. */
static const StringField list_strings[] = {
  { "numeroFacture", chorus_invoice_set_number, AS_TEXT },
  { "typeDemandePaiement", chorus_invoice_set_request_type, AS_TEXT },
  { "dateFacture", chorus_invoice_set_invoice_date, AS_DATE },
  { "dateDepot", chorus_invoice_set_deposit_date, AS_DATE },
  { "dateHeureEtatCourant", chorus_invoice_set_status_date, AS_DATETIME },
  { "commentaireEtatCourant", chorus_invoice_set_status_comment, AS_TEXT },
  { "devise", chorus_invoice_set_currency, AS_TEXT },
  { "codeDestinataire", chorus_invoice_set_recipient_code, AS_TEXT },
  { "designationDestinataire", chorus_invoice_set_recipient_name, AS_TEXT },
  { "codeServiceExecutant", chorus_invoice_set_service_code, AS_TEXT },
  { "nomServiceExecutant", chorus_invoice_set_service_name, AS_TEXT },
  { "codeFournisseur", chorus_invoice_set_supplier_code, AS_TEXT },
  { "designationFournisseur", chorus_invoice_set_supplier_name, AS_TEXT },
  { "codeServiceFournisseur", chorus_invoice_set_supplier_service_code, AS_TEXT },
  { "numeroBonCommande", chorus_invoice_set_engagement_number, AS_TEXT },
  { "numeroMarche", chorus_invoice_set_market_number, AS_TEXT },
  { "modeDepot", chorus_invoice_set_deposit_mode, AS_TEXT },
  { "numeroFluxDepot", chorus_invoice_set_flow_number, AS_TEXT },
  { "numeroFactureOrigine", chorus_invoice_set_original_number, AS_TEXT },
  /* The validator's items name three fields their own way (GO's FactureParValideur) and say
   * which structure the invoice waits for. */
  { "identifiantFournisseur", chorus_invoice_set_supplier_code, AS_TEXT },
  { "identifiantDestinataire", chorus_invoice_set_recipient_code, AS_TEXT },
  { "numeroEngagement", chorus_invoice_set_engagement_number, AS_TEXT },
  { "designationValideur", chorus_invoice_set_validator_name, AS_TEXT },
};

static const IntField list_ints[] = {
  { "idDestinataire", chorus_invoice_set_recipient_id, FALSE },
  { "idServiceExecutant", chorus_invoice_set_service_id, FALSE },
  { "idFournisseur", chorus_invoice_set_supplier_id, FALSE },
  { "idServiceFournisseur", chorus_invoice_set_supplier_service_id, FALSE },
  { "montantHT", chorus_invoice_set_amount_ht, TRUE },
  { "montantTTC", chorus_invoice_set_amount_ttc, TRUE },
  /* Both spellings are seen; the second wins when both are present. */
  { "montantApayer", chorus_invoice_set_amount_to_pay, TRUE },
  { "montantAPayer", chorus_invoice_set_amount_to_pay, TRUE },
  { "idValideur", chorus_invoice_set_validator_id, FALSE },
};

/* The id key differs per operation (idFacture vs identifiantFactureCPP); try ours first. */
static gboolean
apply_id (ChorusInvoice *invoice, JsonObject *object, const char *const *keys, GError **error)
{
  for (; *keys != NULL; keys++)
    {
      gint64 id = 0;

      if (!chorus_json_get_int (object, *keys, &id, error))
        return FALSE;
      if (id != 0)
        {
          chorus_invoice_set_id (invoice, id);
          return TRUE;
        }
    }
  return TRUE;
}

static ChorusInvoice *
decode_list_item (JsonObject *item, ChorusDirection direction, const char *const *id_keys,
                  GError **error)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  gboolean downloaded = FALSE;

  chorus_invoice_set_direction (invoice, direction);
  if (!apply_id (invoice, item, id_keys, error) ||
      !apply_strings (invoice, item, list_strings, G_N_ELEMENTS (list_strings), error) ||
      !apply_ints (invoice, item, list_ints, G_N_ELEMENTS (list_ints), error) ||
      !apply_status (invoice, item, "statut", error) ||
      !apply_codes (invoice, item, error) ||
      !chorus_json_get_bool (item, "factureTelechargeeParDestinataire", &downloaded, error))
    return NULL;
  if (chorus_invoice_get_id (invoice) <= 0)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("Invalid Chorus Pro answer: the invoice has no identifier."));
      return NULL;
    }
  chorus_invoice_set_downloaded (invoice, downloaded);
  chorus_invoice_set_amount_vat (invoice, chorus_invoice_get_amount_ttc (invoice) -
                                          chorus_invoice_get_amount_ht (invoice));
  return g_steal_pointer (&invoice);
}

/* Whether the answer gave a total (top level or in parametresRetour), null not counting. */
static gboolean
paging_total_known (JsonObject *response)
{
  JsonObject *wrapper = NULL;
  JsonNode *node;

  if (!chorus_json_get_object (response, "parametresRetour", &wrapper, NULL) || wrapper == NULL)
    wrapper = response;
  node = json_object_get_member (wrapper, "total");
  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

typedef struct {
  ChorusDirection    direction;
  const char *const *id_keys;
  const char        *request_type;
} ListItemKind;

static gpointer
decode_list_item_cb (JsonObject *item, gpointer data, GError **error)
{
  const ListItemKind *kind = data;
  ChorusInvoice *invoice = decode_list_item (item, kind->direction, kind->id_keys, error);

  if (invoice != NULL && kind->request_type != NULL &&
      chorus_invoice_get_request_type (invoice) == NULL)
    chorus_invoice_set_request_type (invoice, kind->request_type);
  return invoice;
}

static ChorusInvoicePage *
decode_invoice_page (JsonObject *response, const char *list_key, const ListItemKind *kind,
                     GError **error)
{
  g_autoptr(ChorusInvoicePage) page = chorus_invoice_page_new ();

  if (!_chorus_decode_paging (response, &page->page, &page->pages, &page->total, &page->page_size,
                              error) ||
      !_chorus_decode_list (response, list_key, page->invoices, decode_list_item_cb, (gpointer) kind,
                            page->unreadable, error))
    return NULL;
  page->total_known = paging_total_known (response);
  /* COMM shows the paging fields as null: fall back to what the list says. */
  if (page->total < page->invoices->len + page->unreadable->len)
    page->total = page->invoices->len + page->unreadable->len;
  if (page->pages == 0 && page->invoices->len > 0)
    page->pages = MAX (page->page, 1);
  return g_steal_pointer (&page);
}

static const char *const received_ids[] = { "idFacture", "identifiantFactureCPP", NULL };
static const char *const issued_ids[] = { "identifiantFactureCPP", "idFacture", NULL };

ChorusInvoicePage *
chorus_decode_received_page (JsonObject *response, GError **error)
{
  static const ListItemKind kind = { CHORUS_DIRECTION_RECEIVED, received_ids, NULL };

  g_return_val_if_fail (response != NULL, NULL);
  return decode_invoice_page (response, "listeFactures", &kind, error);
}

ChorusInvoicePage *
chorus_decode_issued_page (JsonObject *response, GError **error)
{
  static const ListItemKind kind = { CHORUS_DIRECTION_ISSUED, issued_ids, NULL };

  g_return_val_if_fail (response != NULL, NULL);
  return decode_invoice_page (response, "listeFactures", &kind, error);
}

ChorusInvoicePage *
chorus_decode_validator_page (JsonObject *response, GError **error)
{
  static const ListItemKind kind = { CHORUS_DIRECTION_TO_VALIDATE, received_ids, NULL };

  g_return_val_if_fail (response != NULL, NULL);
  return decode_invoice_page (response, "listeFactures", &kind, error);
}

/* ---------------------------------------------------------------------------------------------- */
/* Consulter */

static gpointer
decode_line (JsonObject *item, gpointer data, GError **error)
{
  g_autoptr(ChorusInvoiceLine) line = g_new0 (ChorusInvoiceLine, 1);
  g_autofree char *unit_label = NULL;
  gint64 number = 0;

  if (!chorus_json_get_int (item, "lignePosteNumero", &number, error) ||
      !chorus_json_get_string (item, "lignePosteReference", &line->reference, error) ||
      !chorus_json_get_string (item, "lignePosteDenomination", &line->label, error) ||
      !chorus_json_get_double (item, "lignePosteQuantite", &line->quantity, error) ||
      !chorus_json_get_string (item, "lignePosteUnite", &line->unit, error) ||
      !chorus_json_get_string (item, "lignePosteUniteLibelle", &unit_label, error) ||
      !chorus_json_get_amount (item, "lignePosteMontantUnitaireHT", &line->unit_price_ht, error) ||
      !chorus_json_get_amount (item, "lignePosteMontantRemiseHT", &line->discount_ht, error) ||
      !chorus_json_get_string (item, "lignePosteTauxTva", &line->vat_rate_code, error) ||
      !chorus_json_get_double (item, "lignePosteTauxTvaManuel", &line->vat_rate, error) ||
      !chorus_json_get_amount (item, "lignePosteMontantHtApresRemise", &line->total_ht, error))
    return NULL;
  line->number = (int) CLAMP (number, 0, G_MAXINT);
  if (line->unit == NULL)
    line->unit = g_steal_pointer (&unit_label);
  if (line->total_ht == 0)
    line->total_ht = chorus_amount_from_double (line->quantity *
                                                chorus_amount_to_double (line->unit_price_ht)) -
                     line->discount_ht;
  return g_steal_pointer (&line);
}

static gpointer
decode_vat_line (JsonObject *item, gpointer data, GError **error)
{
  g_autoptr(ChorusVatLine) line = g_new0 (ChorusVatLine, 1);
  double manual = 0, reference = 0;

  if (!chorus_json_get_string (item, "ligneTvaTauxRefCode", &line->rate_code, error) ||
      !chorus_json_get_double (item, "ligneTvaTauxRefValeur", &reference, error) ||
      !chorus_json_get_double (item, "ligneTvaTauxManuel", &manual, error) ||
      !chorus_json_get_amount (item, "ligneTvaMontantBaseHtParTaux", &line->base_ht, error) ||
      !chorus_json_get_amount (item, "ligneTvaMontantTvaParTaux", &line->vat_amount, error))
    return NULL;
  /* The request spelling (ligneTvaTaux) may come back too. */
  if (line->rate_code == NULL &&
      !chorus_json_get_string (item, "ligneTvaTaux", &line->rate_code, error))
    return NULL;
  line->rate = manual != 0 ? manual : reference;
  return g_steal_pointer (&line);
}

static gpointer
decode_attachment (JsonObject *item, gpointer data, GError **error)
{
  g_autoptr(ChorusAttachment) attachment = g_new0 (ChorusAttachment, 1);

  if (!chorus_json_get_int (item, "pieceJointeId", &attachment->id, error) ||
      !chorus_json_get_string (item, "pieceJointeDesignation", &attachment->name, error) ||
      !chorus_json_get_string (item, "pieceJointeExtension", &attachment->extension, error) ||
      !chorus_json_get_string (item, "pieceJointeTypeCode", &attachment->type_code, error))
    return NULL;
  return g_steal_pointer (&attachment);
}

/* A sub-list wrapped in an object: {"lignePoste": [...], "pagesLignesPoste": 1, ...}. */
static GPtrArray *
decode_wrapped_list (JsonObject *parent, const char *wrapper_key, const char *list_key,
                     ItemDecodeFunc decode, GDestroyNotify item_free, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  JsonObject *wrapper = NULL;

  if (!chorus_json_get_object (parent, wrapper_key, &wrapper, error))
    return NULL;
  if (wrapper != NULL && !_chorus_decode_list (wrapper, list_key, items, decode, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&items);
}

static gboolean
decode_main_attachment (ChorusInvoice *invoice, JsonObject *facture, GError **error)
{
  JsonNode *node = json_object_get_member (facture, "pieceJointePrincipale");
  JsonObject *object = NULL;
  gint64 id = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  /* An object in answers, an array in requests: take either. */
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) == 0)
        return TRUE;
      object = chorus_json_array_get_object (array, 0, "pieceJointePrincipale", error);
      if (object == NULL)
        return FALSE;
    }
  else if (!chorus_json_get_object (facture, "pieceJointePrincipale", &object, error))
    return FALSE;
  if (!chorus_json_get_int (object, "idPieceJointePrincipale", &id, error))
    return FALSE;
  if (id == 0 && !chorus_json_get_int (object, "pieceJointePrincipaleId", &id, error))
    return FALSE;
  chorus_invoice_set_main_attachment_id (invoice, id);
  return TRUE;
}

static const StringField destinataire_strings[] = {
  { "codeDestinataire", chorus_invoice_set_recipient_code, AS_TEXT },
  { "libelleDestinataire", chorus_invoice_set_recipient_name, AS_TEXT },
  { "codeServiceExecutant", chorus_invoice_set_service_code, AS_TEXT },
  { "libelleServiceExecutant", chorus_invoice_set_service_name, AS_TEXT },
};
static const IntField destinataire_ints[] = {
  { "idDestinataire", chorus_invoice_set_recipient_id, FALSE },
  { "idServiceExecutant", chorus_invoice_set_service_id, FALSE },
};
static const StringField fournisseur_strings[] = {
  { "codeFournisseur", chorus_invoice_set_supplier_code, AS_TEXT },
  { "designationFournisseur", chorus_invoice_set_supplier_name, AS_TEXT },
  { "raisonSociale", chorus_invoice_set_supplier_name, AS_TEXT },
  { "codeServiceFournisseur", chorus_invoice_set_supplier_service_code, AS_TEXT },
};
static const IntField fournisseur_ints[] = {
  { "idFournisseur", chorus_invoice_set_supplier_id, FALSE },
  { "idServiceFournisseur", chorus_invoice_set_supplier_service_id, FALSE },
};
static const StringField references_strings[] = {
  { "codeDeviseFacture", chorus_invoice_set_currency, AS_TEXT },
  { "dateFacture", chorus_invoice_set_invoice_date, AS_DATE },
  { "dateDepot", chorus_invoice_set_deposit_date, AS_DATE },
  { "dateEcheancePaiement", chorus_invoice_set_due_date, AS_DATE },
  { "modePaiement", chorus_invoice_set_payment_mode, AS_TEXT },
  { "numeroMarche", chorus_invoice_set_market_number, AS_TEXT },
  { "numeroBonCommande", chorus_invoice_set_engagement_number, AS_TEXT },
  { "numeroFactureOrigine", chorus_invoice_set_original_number, AS_TEXT },
  { "numeroDpMandat", chorus_invoice_set_mandate_number, AS_TEXT },
  { "numeroDPMandat", chorus_invoice_set_mandate_number, AS_TEXT },
};
static const IntField total_ints[] = {
  { "montantHtTotal", chorus_invoice_set_amount_ht, TRUE },
  { "montantTVA", chorus_invoice_set_amount_vat, TRUE },
  { "montantTtcTotal", chorus_invoice_set_amount_ttc, TRUE },
  { "montantApayer", chorus_invoice_set_amount_to_pay, TRUE },
  { "montantAPayer", chorus_invoice_set_amount_to_pay, TRUE },
};
static const StringField facture_strings[] = {
  { "numeroFacture", chorus_invoice_set_number, AS_TEXT },
  { "typeDemandePaiement", chorus_invoice_set_request_type, AS_TEXT },
  { "modeDepot", chorus_invoice_set_deposit_mode, AS_TEXT },
  { "numeroFluxDepot", chorus_invoice_set_flow_number, AS_TEXT },
  { "dateHeureEtatCourant", chorus_invoice_set_status_date, AS_DATETIME },
  { "commentaireEtatCourant", chorus_invoice_set_status_comment, AS_TEXT },
};

static ChorusInvoice *
decode_detail (JsonObject *response, ChorusDirection direction, const char *const *id_keys,
               const char *facture_key, GError **error)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  JsonObject *facture = NULL, *part = NULL;
  g_autofree char *cadre = NULL;
  GPtrArray *list;

  if (!chorus_json_get_object (response, facture_key, &facture, error))
    return NULL;
  if (facture == NULL)
    {
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("The Chorus Pro answer is not valid: the field “%s” is missing."),
                   facture_key);
      return NULL;
    }

  chorus_invoice_set_direction (invoice, direction);
  if (!apply_id (invoice, facture, id_keys, error) ||
      !apply_strings (invoice, facture, facture_strings, G_N_ELEMENTS (facture_strings), error) ||
      !apply_status (invoice, facture, "statut", error) ||
      !apply_status (invoice, facture, "statutFacture", error) ||
      !apply_status (invoice, facture, "statutCourant", error))
    return NULL;

  if (!chorus_json_get_object (facture, "cadreDeFacturation", &part, error) ||
      !chorus_json_get_string (part, "codeCadreFacturation", &cadre, error))
    return NULL;
  if (cadre != NULL && *cadre != '\0')
    chorus_invoice_set_cadre_code (invoice, cadre);

  if (!chorus_json_get_object (facture, "destinataire", &part, error) ||
      !apply_strings (invoice, part, destinataire_strings, G_N_ELEMENTS (destinataire_strings),
                      error) ||
      !apply_ints (invoice, part, destinataire_ints, G_N_ELEMENTS (destinataire_ints), error))
    return NULL;
  if (!chorus_json_get_object (facture, "fournisseur", &part, error) ||
      !apply_strings (invoice, part, fournisseur_strings, G_N_ELEMENTS (fournisseur_strings),
                      error) ||
      !apply_ints (invoice, part, fournisseur_ints, G_N_ELEMENTS (fournisseur_ints), error))
    return NULL;
  if (part != NULL)
    {
      g_autofree char *id_type = NULL;

      if (!chorus_json_get_string (part, "typeIdentifiantFournisseur", &id_type, error))
        return NULL;
      if (id_type != NULL && *id_type != '\0')
        chorus_invoice_set_supplier_id_type_code (invoice, id_type);
    }
  if (!chorus_json_get_object (facture, "references", &part, error) ||
      !apply_strings (invoice, part, references_strings, G_N_ELEMENTS (references_strings),
                      error) ||
      !apply_codes (invoice, part, error))
    return NULL;
  if (!chorus_json_get_object (facture, "montantTotal", &part, error) ||
      !apply_ints (invoice, part, total_ints, G_N_ELEMENTS (total_ints), error))
    return NULL;

  if ((list = decode_wrapped_list (facture, "lignesDePoste", "lignePoste", decode_line,
                                   (GDestroyNotify) chorus_invoice_line_free, error)) == NULL)
    return NULL;
  chorus_invoice_set_lines (invoice, list);
  g_ptr_array_unref (list);
  if ((list = decode_wrapped_list (facture, "recapitulatifDeTva", "ligneTva", decode_vat_line,
                                   (GDestroyNotify) chorus_vat_line_free, error)) == NULL)
    return NULL;
  chorus_invoice_set_vat_lines (invoice, list);
  g_ptr_array_unref (list);
  if ((list = decode_wrapped_list (facture, "listeDesPiecesJointes", "pieceJointe",
                                   decode_attachment, (GDestroyNotify) chorus_attachment_free,
                                   error)) == NULL)
    return NULL;
  chorus_invoice_set_attachments (invoice, list);
  g_ptr_array_unref (list);

  if (!decode_main_attachment (invoice, facture, error))
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (list, i);

      attachment->is_main = attachment->id != 0 &&
                            attachment->id == chorus_invoice_get_main_attachment_id (invoice);
    }
  return g_steal_pointer (&invoice);
}

ChorusInvoice *
chorus_decode_invoice (JsonObject *response, ChorusDirection direction, GError **error)
{
  g_return_val_if_fail (response != NULL, NULL);
  return decode_detail (response, direction,
                        direction == CHORUS_DIRECTION_RECEIVED ? received_ids : issued_ids,
                        "facture", error);
}

/* ---------------------------------------------------------------------------------------------- */
/* Deposit */

/* What deposer/pdf read in the PDF; null members are simply not read. */
static const StringField pdf_read_strings[] = {
  { "numeroFacture", chorus_invoice_set_number, AS_TEXT },
  { "dateFacture", chorus_invoice_set_invoice_date, AS_DATE },
  { "codeDestinataire", chorus_invoice_set_recipient_code, AS_TEXT },
  { "codeServiceExecutant", chorus_invoice_set_service_code, AS_TEXT },
  { "codeFournisseur", chorus_invoice_set_supplier_code, AS_TEXT },
  { "codeDeviseFacture", chorus_invoice_set_currency, AS_TEXT },
  { "numeroBonCommande", chorus_invoice_set_engagement_number, AS_TEXT },
};
static const IntField pdf_read_ints[] = {
  { "montantHtTotal", chorus_invoice_set_amount_ht, TRUE },
  { "montantTVA", chorus_invoice_set_amount_vat, TRUE },
  { "montantTtcAvantRemiseGlobalTTC", chorus_invoice_set_amount_ttc, TRUE },
  { "montantAPayer", chorus_invoice_set_amount_to_pay, TRUE },
};

ChorusActionResult *
chorus_decode_deposit_pdf (JsonObject *response, GError **error)
{
  g_autoptr(ChorusActionResult) result = chorus_decode_action_result (response, error);
  g_autoptr(ChorusInvoice) read = NULL;

  if (result == NULL)
    return NULL;
  read = chorus_invoice_new ();
  chorus_invoice_set_direction (read, CHORUS_DIRECTION_ISSUED);
  if (!apply_strings (read, response, pdf_read_strings, G_N_ELEMENTS (pdf_read_strings), error) ||
      !apply_ints (read, response, pdf_read_ints, G_N_ELEMENTS (pdf_read_ints), error) ||
      !apply_codes (read, response, error))
    return NULL;
  result->read = g_steal_pointer (&read);
  return g_steal_pointer (&result);
}

/* ---------------------------------------------------------------------------------------------- */
/* History */

static gpointer
decode_status_event (JsonObject *item, gpointer data, GError **error)
{
  g_autoptr(ChorusStatusEvent) event = g_new0 (ChorusStatusEvent, 1);
  g_autofree char *code = NULL;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;

  if (!chorus_json_get_string (item, "histoStatutCode", &code, error) ||
      !chorus_json_get_datetime (item, "histoStatutDatePassage", &event->date, error) ||
      !chorus_json_get_string (item, "histoStatutCommentaire", &event->comment, error) ||
      !chorus_json_get_string (item, "histoStatutUtilisateurNom", &last, error) ||
      !chorus_json_get_string (item, "histoStatutUtilisateurPrenom", &first, error))
    return NULL;
  event->code = chorus_status_code_intern (code);
  event->status = chorus_status_from_api (code);
  if (first != NULL || last != NULL)
    event->user = g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
  return g_steal_pointer (&event);
}

static int
compare_events_by_date (gconstpointer a, gconstpointer b)
{
  const ChorusUserAction *ea = *(ChorusUserAction **) a;
  const ChorusUserAction *eb = *(ChorusUserAction **) b;

  return g_strcmp0 (ea->date, eb->date);
}

static int
compare_events (gconstpointer a, gconstpointer b)
{
  const ChorusStatusEvent *ea = *(ChorusStatusEvent **) a;
  const ChorusStatusEvent *eb = *(ChorusStatusEvent **) b;

  return g_strcmp0 (ea->date, eb->date);
}

/* The user actions are a side note of the history: an odd item is skipped, never the history. */
static GPtrArray *
decode_user_actions (JsonObject *response)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_user_action_free);
  JsonObject *wrapper = NULL;
  JsonNode *node;

  if (!chorus_json_get_object (response, "historiquesDesActionsUtilisateurs", &wrapper, NULL) || wrapper == NULL)
    return actions;
  node = json_object_get_member (wrapper, "histoAction");
  if (node == NULL || !(JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_OBJECT (node)))
    return actions;
  for (guint i = 0, n = JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 1;
       i < n; i++)
    {
      JsonNode *element = JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_element (json_node_get_array (node), i) : node;
      g_autoptr(ChorusUserAction) action = g_new0 (ChorusUserAction, 1);
      g_autofree char *last = NULL;
      g_autofree char *first = NULL;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      if (!chorus_json_get_string (item, "histoActionCode", &action->code, NULL) ||
          !chorus_json_get_datetime (item, "histoActionDateHeure", &action->date, NULL) ||
          !chorus_json_get_string (item, "histoActionUtilisateurNom", &last, NULL) ||
          !chorus_json_get_string (item, "histoActionUtilisateurPrenom", &first, NULL) ||
          action->code == NULL)
        continue;
      if (first != NULL || last != NULL)
        action->user = g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
      g_ptr_array_add (actions, g_steal_pointer (&action));
    }
  g_ptr_array_sort (actions, compare_events_by_date);
  return actions;
}

ChorusHistory *
chorus_decode_history_page (JsonObject *response, GError **error)
{
  g_autoptr(ChorusHistory) history = g_new0 (ChorusHistory, 1);

  g_return_val_if_fail (response != NULL, NULL);

  if (!chorus_json_get_int (response, "idFacture", &history->invoice_id, error) ||
      !chorus_json_get_string (response, "numeroFacture", &history->invoice_number, error) ||
      !chorus_json_get_string (response, "statutCourantCode", &history->current_status_code,
                               error))
    return NULL;
  history->current_status = chorus_status_from_api (history->current_status_code);
  history->events = decode_wrapped_list (response, "historiquesDesStatuts", "histoStatut",
                                         decode_status_event,
                                         (GDestroyNotify) chorus_status_event_free, error);
  if (history->events == NULL)
    return NULL;
  history->actions = decode_user_actions (response);
  return g_steal_pointer (&history);
}

void
chorus_history_sort_events (ChorusHistory *history)
{
  GPtrArray *events;

  g_return_if_fail (history != NULL && history->events != NULL);

  /* Chorus lists the newest first with dates to the minute: reverse its order so events
   * within the same minute are oldest first, then sort by date (g_ptr_array_sort is stable). */
  events = history->events;
  for (guint i = 0, j = events->len; i + 1 < j; i++, j--)
    {
      gpointer tmp = events->pdata[i];

      events->pdata[i] = events->pdata[j - 1];
      events->pdata[j - 1] = tmp;
    }
  g_ptr_array_sort (events, compare_events);
}

ChorusHistory *
chorus_decode_history (JsonObject *response, GError **error)
{
  ChorusHistory *history = chorus_decode_history_page (response, error);

  if (history != NULL)
    chorus_history_sort_events (history);
  return history;
}

/* ---------------------------------------------------------------------------------------------- */
/* Paged sub-lists */

/* Every name of the sub-lists' paging in one place (§0.11: UNCONFIRMED; these are the names
 * go-choruspro sends and reads, "ListeListe" included, and §3's response suffixes). */
static const ChorusSubListKeys sub_list_keys[CHORUS_SUB_LIST_N] = {
  [CHORUS_SUB_LIST_LINES] = {
    { "rechercheLignePoste", "pLignesPoste" },
    "pageResultatDemandeeLignesPoste", "nbResultatsParPageLignesPoste",
    "facture", "lignesDePoste", "lignePoste", "LignesPoste" },
  [CHORUS_SUB_LIST_VAT] = {
    { "rechercheligneTvaRecap", "pLigneRecapTva" },
    "pageResultatDemandeeListeRecapitulatifTVA", "nbResultatsParPageListeListeRecapitulatifTVA",
    "facture", "recapitulatifDeTva", "ligneTva", "LignesRecapitulativesTVA" },
  [CHORUS_SUB_LIST_ATTACHMENTS] = {
    { "recherchePj", "pListePiecesJointes" },
    "pageResultatDemandeeListePieceJointe", "nbResultatsParPageListePieceJointe",
    "facture", "listeDesPiecesJointes", "pieceJointe", "ListePiecesJointe" },
  [CHORUS_SUB_LIST_HISTORY] = {
    { "paramRechercheHistoStatuts", "paramRechercheHistoStatuts" },
    "pageResultatDemandeeListeHistoStatut", "nbResultatsParPageListeHistoStatut",
    NULL, "historiquesDesStatuts", "histoStatut", "HistoStatut" },
};

const ChorusSubListKeys *
chorus_sub_list_keys (ChorusSubList list)
{
  g_return_val_if_fail ((guint) list < CHORUS_SUB_LIST_N, NULL);
  return &sub_list_keys[list];
}

static guint
paging_value (JsonObject *wrapper, const char *name, const char *suffix)
{
  g_autofree char *key = g_strconcat (name, suffix, NULL);
  gint64 value = 0;

  if (!chorus_json_get_int (wrapper, key, &value, NULL))
    return 0;
  return (guint) CLAMP (value, 0, G_MAXINT);
}

void
chorus_decode_sub_list_paging (JsonObject          *response,
                               ChorusSubList        list,
                               ChorusSubListPaging *out)
{
  const ChorusSubListKeys *keys = chorus_sub_list_keys (list);
  JsonObject *parent = response, *wrapper = NULL;
  g_autoptr(JsonArray) items = NULL;

  g_return_if_fail (response != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  if (keys->parent != NULL &&
      (!chorus_json_get_object (response, keys->parent, &parent, NULL) || parent == NULL))
    return;
  if (!chorus_json_get_object (parent, keys->wrapper, &wrapper, NULL) || wrapper == NULL)
    return;
  out->present = TRUE;
  if (chorus_json_get_list (wrapper, keys->items, &items, NULL) && items != NULL)
    out->received = json_array_get_length (items);
  out->page = paging_value (wrapper, "pageCourante", keys->suffix);
  out->pages = paging_value (wrapper, "pages", keys->suffix);
  out->total = paging_value (wrapper, "total", keys->suffix);
  out->page_size = paging_value (wrapper, "nbResultatsParPage", keys->suffix);
}
