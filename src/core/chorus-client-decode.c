/* chorus-client-decode.c: answers of the Chorus Pro API turned into typed records. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-works.h"
#include "chorus-client-error.h"
#include "chorus-client-private.h"
#include "chorus-json.h"

typedef void (*StringSetter) (ChorusInvoice *invoice, const char *value);
typedef void (*IntSetter) (ChorusInvoice *invoice, gint64 value);

typedef enum { AS_TEXT, AS_DATE, AS_DATETIME } TextKind;

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

static gboolean
read_text (JsonObject *object, const char *key, TextKind kind, char **out, GError **error)
{
  switch (kind)
    {
    case AS_DATE:
      return chorus_json_get_date (object, key, out, error);
    case AS_DATETIME:
      return chorus_json_get_datetime (object, key, out, error);
    case AS_TEXT:
    default:
      return chorus_json_get_string (object, key, out, error);
    }
}

/* Applies the fields present in @object; absent ones leave the invoice untouched, so a
 * second spelling of a key (montantApayer / montantAPayer) can be tried after the first. */
static gboolean
apply_strings (ChorusInvoice *invoice, JsonObject *object, const StringField *fields, gsize n,
               GError **error)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;

      if (!read_text (object, fields[i].key, fields[i].kind, &value, error))
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
};

static const IntField list_ints[] = {
  { "idDestinataire", chorus_invoice_set_recipient_id, FALSE },
  { "idServiceExecutant", chorus_invoice_set_service_id, FALSE },
  { "idFournisseur", chorus_invoice_set_supplier_id, FALSE },
  { "montantHT", chorus_invoice_set_amount_ht, TRUE },
  { "montantTTC", chorus_invoice_set_amount_ttc, TRUE },
  /* Both spellings are seen; the second wins when both are present. */
  { "montantApayer", chorus_invoice_set_amount_to_pay, TRUE },
  { "montantAPayer", chorus_invoice_set_amount_to_pay, TRUE },
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

/* Reads pageCourante/pages/nbResultatsParPage/total from @object (nulls are 0). */
static gboolean
read_paging (JsonObject *object, guint *page, guint *pages, guint *total, guint *page_size,
             GError **error)
{
  gint64 values[4] = { 0 };
  static const char *const keys[] = { "pageCourante", "pages", "total", "nbResultatsParPage" };
  guint *outs[4] = { page, pages, total, page_size };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!chorus_json_get_int (object, keys[i], &values[i], error))
        return FALSE;
      if (outs[i] != NULL)
        *outs[i] = (guint) CLAMP (values[i], 0, G_MAXINT);
    }
  return TRUE;
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

/* Paging sits at the top level for rechercher/recipiendaire, in parametresRetour elsewhere;
 * accept either so a server that moves it does not break the sync. */
static gboolean
read_any_paging (JsonObject *response, guint *page, guint *pages, guint *total,
                 guint *page_size, GError **error)
{
  JsonObject *wrapper = NULL;

  if (!chorus_json_get_object (response, "parametresRetour", &wrapper, error))
    return FALSE;
  return read_paging (wrapper != NULL ? wrapper : response, page, pages, total, page_size,
                      error);
}

typedef gpointer (*ItemDecodeFunc) (JsonObject *item, gpointer data, GError **error);

/* What can be told of an item that could not be read: the first id and number it carries. */
static ChorusUnreadableItem *
unreadable_item_new (const char *list, JsonNode *node, const GError *reason)
{
  static const char *const id_keys[] = { "idFacture", "identifiantFactureCPP", "idFactureTravaux",
                                         "idStructureCPP", "idStructure", "idService", NULL };
  static const char *const number_keys[] = { "numeroFacture", "numeroFactureTravaux",
                                             "identifiantStructure", "codeService", NULL };
  ChorusUnreadableItem *item = g_new0 (ChorusUnreadableItem, 1);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  item->list = g_strdup (list);
  item->raw_json = json_generator_to_data (generator, NULL);
  item->reason = g_strdup (reason != NULL ? reason->message : "");
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      for (guint i = 0; id_keys[i] != NULL && item->id <= 0; i++)
        if (!chorus_json_get_int (object, id_keys[i], &item->id, NULL))
          item->id = 0;
      for (guint i = 0; number_keys[i] != NULL && item->number == NULL; i++)
        if (!chorus_json_get_string (object, number_keys[i], &item->number, NULL))
          g_clear_pointer (&item->number, g_free);
    }
  return item;
}

/* Decodes every object of the list @key into @items. With @unreadable, an item that cannot be
 * read is kept there with its raw JSON and the others are still read; without, it fails the
 * whole answer (sub-lists of one invoice, where a hole would misstate the invoice). */
static gboolean
decode_list (JsonObject *response, const char *key, GPtrArray *items, ItemDecodeFunc decode,
             gpointer data, GPtrArray *unreadable, GError **error)
{
  g_autoptr(JsonArray) array = NULL;

  if (!chorus_json_get_list (response, key, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) item_error = NULL;
      JsonObject *item = chorus_json_array_get_object (array, i, key, &item_error);
      gpointer value = NULL;

      if (item != NULL)
        value = decode (item, data, &item_error);
      if (value != NULL)
        {
          g_ptr_array_add (items, value);
          continue;
        }
      if (unreadable == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&item_error));
          return FALSE;
        }
      g_ptr_array_add (unreadable,
                       unreadable_item_new (key, json_array_get_element (array, i), item_error));
    }
  return TRUE;
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

  if (!read_any_paging (response, &page->page, &page->pages, &page->total, &page->page_size,
                        error) ||
      !decode_list (response, list_key, page->invoices, decode_list_item_cb, (gpointer) kind,
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
  static const ListItemKind kind = { CHORUS_DIRECTION_RECEIVED, received_ids, NULL };

  g_return_val_if_fail (response != NULL, NULL);
  return decode_invoice_page (response, "listeFactures", &kind, error);
}

/* ------------------------------------------------------------------ consulter */

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
  if (wrapper != NULL && !decode_list (wrapper, list_key, items, decode, NULL, NULL, error))
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

/* ------------------------------------------------------------------ history */

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

/* ------------------------------------------------------------------ paged sub-lists */

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

/* ------------------------------------------------------------------ write results */

static gboolean
first_int (JsonObject *object, const char *const *keys, gint64 *out, GError **error)
{
  *out = 0;
  for (; *keys != NULL && *out == 0; keys++)
    if (!chorus_json_get_int (object, *keys, out, error))
      return FALSE;
  return TRUE;
}

static gboolean
first_string (JsonObject *object, const char *const *keys, TextKind kind, char **out,
              GError **error)
{
  for (; *keys != NULL && *out == NULL; keys++)
    if (!read_text (object, *keys, kind, out, error))
      return FALSE;
  return TRUE;
}

ChorusActionResult *
chorus_decode_action_result (JsonObject *response, GError **error)
{
  static const char *const id_keys[] = { "idFacture", "identifiantFactureCPP", "idFactureTravaux",
                                         NULL };
  static const char *const number_keys[] = { "numeroFacture", "numeroFactureTravaux", NULL };
  static const char *const status_keys[] = { "nouveauStatut", "statutFacture", "statut",
                                             "statutFactureTravaux", NULL };
  static const char *const date_keys[] = { "dateTraitement", "dateDepot", NULL };
  g_autoptr(ChorusActionResult) result = g_new0 (ChorusActionResult, 1);

  g_return_val_if_fail (response != NULL, NULL);

  if (!first_int (response, id_keys, &result->invoice_id, error) ||
      !first_string (response, number_keys, AS_TEXT, &result->invoice_number, error) ||
      !first_string (response, status_keys, AS_TEXT, &result->status_code, error) ||
      !first_string (response, date_keys, AS_DATETIME, &result->date, error) ||
      !chorus_json_get_int (response, "pieceJointeId", &result->attachment_id, error) ||
      !chorus_json_get_int (response, "idPiecePrecedente", &result->previous_piece_id, error) ||
      !chorus_json_get_string (response, "numeroFluxDepot", &result->flow_number, error) ||
      !chorus_json_get_string (response, "empreinteCertificatDepot", &result->certificate, error) ||
      !chorus_json_get_string (response, "libelle", &result->libelle, error))
    return NULL;
  result->status = chorus_status_from_api (result->status_code);
  return g_steal_pointer (&result);
}

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

/* One error of listeErreurDP (@technical FALSE) or listeErreurTechnique; NULL with @error. */
static ChorusFlowError *
decode_flow_error (JsonObject *item, gboolean technical, GError **error)
{
  g_autoptr(ChorusFlowError) entry = g_new0 (ChorusFlowError, 1);

  entry->technical = technical;
  if (technical
      ? (!chorus_json_get_string (item, "codeErreur", &entry->code, error) ||
         !chorus_json_get_string (item, "natureErreur", &entry->nature, error) ||
         !chorus_json_get_string (item, "libelleErreur", &entry->message, error))
      : (!chorus_json_get_string (item, "numeroDP", &entry->invoice_number, error) ||
         !chorus_json_get_string (item, "identifiantFournisseur", &entry->supplier_id, error) ||
         !chorus_json_get_string (item, "identifiantDestinataire", &entry->recipient_id, error) ||
         !chorus_json_get_string (item, "libelleErreurDP", &entry->message, error)))
    return NULL;
  return g_steal_pointer (&entry);
}

ChorusFlowReport *
chorus_decode_flow_report (JsonObject *response, GError **error)
{
  static const char *const lists[] = { "listeErreurDP", "listeErreurTechnique" };
  g_autoptr(ChorusFlowReport) report = g_new0 (ChorusFlowReport, 1);

  g_return_val_if_fail (response != NULL, NULL);

  report->errors = g_ptr_array_new_with_free_func (g_free);
  report->details = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_flow_error_free);
  if (!chorus_json_get_string (response, "etatCourantDepotFlux", &report->state, error) ||
      !chorus_json_get_datetime (response, "dateDepotFlux", &report->deposit_date, error) ||
      !chorus_json_get_datetime (response, "dateHeureEtatCourantFlux", &report->state_date,
                                 error) ||
      !chorus_json_get_string (response, "nomFichier", &report->file_name, error) ||
      !chorus_json_get_string (response, "codeInterfaceDepotFlux", &report->interface_code, error))
    return NULL;
  for (guint list = 0; list < G_N_ELEMENTS (lists); list++)
    {
      JsonArray *array = NULL;

      /* A list of one may come as an object (COMM's example): chorus_json_get_array reads both. */
      if (!chorus_json_get_array (response, lists[list], &array, error))
        return NULL;
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *item = chorus_json_array_get_object (array, i, lists[list], error);
          ChorusFlowError *entry = item != NULL ? decode_flow_error (item, list == 1, error) : NULL;
          const char *first;

          if (entry == NULL)
            return NULL;
          first = list == 1 ? entry->code : entry->invoice_number;
          g_ptr_array_add (report->errors, first != NULL
                                           ? g_strdup_printf ("%s : %s", first, entry->message ? entry->message : "")
                                           : g_strdup (entry->message ? entry->message : ""));
          g_ptr_array_add (report->details, entry);
        }
    }
  return g_steal_pointer (&report);
}

char *
chorus_decode_token (JsonObject *response, gint64 *expires_in, GError **error)
{
  char *token = NULL;

  g_return_val_if_fail (response != NULL && expires_in != NULL, NULL);

  if (!chorus_json_get_string (response, "access_token", &token, error) ||
      !chorus_json_get_int (response, "expires_in", expires_in, error))
    goto fail;
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("PISTE answered without an access token."));
      goto fail;
    }
  return token;

fail:
  /* A secret: never left behind in freed memory. */
  if (token != NULL)
    explicit_bzero (token, strlen (token));
  g_free (token);
  return NULL;
}

GBytes *
chorus_decode_base64 (const char *text, GError **error)
{
  gsize length = 0, significant = 0, padding = 0;
  guchar *data;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '+' || *p == '/')
        {
          if (padding > 0)
            goto invalid;
          significant++;
        }
      else if (*p == '=')
        padding++;
      else if (!g_ascii_isspace (*p))
        goto invalid;
    }
  if (padding > 2 || (significant + padding) % 4 != 0)
    goto invalid;

  data = g_base64_decode (text, &length);
  return g_bytes_new_take (data, length);

invalid:
  g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                       _("The file sent by Chorus Pro is damaged (invalid base64)."));
  return NULL;
}

GBytes *
chorus_decode_download (JsonObject *response, GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (response != NULL, NULL);

  if (!chorus_json_get_string (response, "fichierResultat", &text, error))
    return NULL;
  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("Chorus Pro sent no file."));
      return NULL;
    }
  return chorus_decode_base64 (text, error);
}

static gpointer
decode_status_target (JsonObject *item, gpointer data, GError **error)
{
  g_autofree char *code = NULL;

  if (!chorus_json_get_string (item, "statutPossiblePourTraitement", &code, error))
    return NULL;
  return g_steal_pointer (&code);
}

GArray *
chorus_decode_status_targets (JsonObject *response, GError **error)
{
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (response != NULL, NULL);

  if (!decode_list (response, "listeStatutsPossiblesPourTraitement", codes, decode_status_target,
                    NULL, NULL, error))
    return NULL;
  /* A target the app does not know cannot be offered: its rules are unknown. */
  for (guint i = 0; i < codes->len; i++)
    {
      ChorusStatus status = chorus_status_from_api (g_ptr_array_index (codes, i));

      if (status != CHORUS_STATUS_UNKNOWN)
        g_array_append_val (targets, status);
    }
  return g_steal_pointer (&targets);
}

/* ------------------------------------------------------------------ structures and services */

static gboolean
read_id_type (JsonObject *object, const char *key, ChorusIdType *out, GError **error)
{
  g_autofree char *value = NULL;

  if (!chorus_json_get_string (object, key, &value, error))
    return FALSE;
  *out = chorus_id_type_from_api (value);
  return TRUE;
}

static gpointer
decode_service_item (JsonObject *item, gpointer data, GError **error)
{
  g_autoptr(ChorusService) service = chorus_service_new ();

  if (!chorus_json_get_int (item, "idService", &service->id, error) ||
      !chorus_json_get_string (item, "codeService", &service->code, error) ||
      !chorus_json_get_string (item, "libelleService", &service->name, error) ||
      !chorus_json_get_bool (item, "estActif", &service->active, error) ||
      !chorus_json_get_datetime (item, "dateDbtService", &service->start_date, error) ||
      !chorus_json_get_datetime (item, "dateFinService", &service->end_date, error))
    return NULL;
  if (service->name == NULL &&
      !chorus_json_get_string (item, "nomService", &service->name, error))
    return NULL;
  return g_steal_pointer (&service);
}

static gpointer
decode_structure_item (JsonObject *item, gpointer data, GError **error)
{
  g_autoptr(ChorusStructure) structure = chorus_structure_new ();
  static const char *const id_keys[] = { "idStructureCPP", "idStructure", NULL };
  static const char *const identifier_keys[] = { "identifiantStructure", "identifiant", "siret",
                                                 NULL };
  static const char *const name_keys[] = { "designationStructure", "raisonSociale",
                                           "nomDestinataire", NULL };
  g_autofree char *role = NULL;

  if (!first_int (item, id_keys, &structure->id, error) ||
      !first_string (item, identifier_keys, AS_TEXT, &structure->identifier, error) ||
      !first_string (item, name_keys, AS_TEXT, &structure->name, error) ||
      !read_id_type (item, "typeIdentifiantStructure", &structure->id_type, error) ||
      !chorus_json_get_string (item, "statut", &structure->status, error) ||
      !chorus_json_get_string (item, "roleUtilisateur", &role, error) ||
      !chorus_json_get_string (item, "statutRattachementStructure",
                               &structure->attachment_status, error))
    return NULL;
  structure->role = chorus_role_from_api (role);
  if (json_object_has_member (item, "listeServicesRattache"))
    {
      structure->services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
      if (!decode_list (item, "listeServicesRattache", structure->services, decode_service_item,
                        NULL, NULL, error))
        return NULL;
    }
  return g_steal_pointer (&structure);
}

static ChorusPage *
decode_page (JsonObject *response, const char *list_key, ItemDecodeFunc decode, gpointer data,
             GDestroyNotify item_free, GError **error)
{
  g_autoptr(ChorusPage) page = chorus_page_new (item_free);

  if (!read_any_paging (response, &page->page, &page->pages, &page->total, NULL, error) ||
      !decode_list (response, list_key, page->items, decode, data, page->unreadable, error))
    return NULL;
  if (page->total < page->items->len + page->unreadable->len)
    page->total = page->items->len + page->unreadable->len;
  return g_steal_pointer (&page);
}

ChorusPage *
chorus_decode_structures (JsonObject *response, GError **error)
{
  g_return_val_if_fail (response != NULL, NULL);
  return decode_page (response, json_object_has_member (response, "listeDestinataires")
                                ? "listeDestinataires" : "listeStructures",
                      decode_structure_item, NULL, (GDestroyNotify) chorus_structure_free, error);
}

ChorusPage *
chorus_decode_user_attachments (JsonObject *response, GError **error)
{
  g_return_val_if_fail (response != NULL, NULL);
  return decode_page (response, "listeStructureRattachement", decode_structure_item, NULL,
                      (GDestroyNotify) chorus_structure_free, error);
}

ChorusPage *
chorus_decode_services (JsonObject *response, GError **error)
{
  g_return_val_if_fail (response != NULL, NULL);
  return decode_page (response, "listeServices", decode_service_item, NULL,
                      (GDestroyNotify) chorus_service_free, error);
}

ChorusStructure *
chorus_decode_structure (JsonObject *response, GError **error)
{
  g_autoptr(ChorusStructure) structure = chorus_structure_new ();
  JsonObject *general = NULL, *params = NULL, *address = NULL;
  g_autofree char *street = NULL, *postcode = NULL, *city = NULL, *raison = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (response != NULL, NULL);

  if (!chorus_json_get_object (response, "informationGenerales", &general, error) ||
      !chorus_json_get_object (response, "parametres", &params, error) ||
      !chorus_json_get_object (response, "adressePostaleDuSiege", &address, error))
    return NULL;
  if (general == NULL)
    {
      g_set_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                   _("The Chorus Pro answer is not valid: the field “%s” is missing."),
                   "informationGenerales");
      return NULL;
    }
  if (!chorus_json_get_int (general, "idStructureCPP", &structure->id, error) ||
      !chorus_json_get_string (general, "identifiantStructure", &structure->identifier, error) ||
      !read_id_type (general, "typeIdentifiantStructure", &structure->id_type, error) ||
      !chorus_json_get_string (general, "libelleStructure", &structure->name, error) ||
      !chorus_json_get_string (general, "raisonSocialeStructure", &raison, error) ||
      !chorus_json_get_string (general, "emailStructure", &structure->email, error) ||
      !chorus_json_get_string (general, "numeroTVA", &structure->vat_number, error) ||
      !chorus_json_get_string (general, "statut", &status, error) ||
      !chorus_json_get_date (general, "dateExpirationMotPasseCompteTech",
                             &structure->password_expiry, error) ||
      !chorus_json_get_bool (params, "codeServiceDoitEtreRenseigne",
                             &structure->service_required, error) ||
      !chorus_json_get_bool (params, "numeroEJDoitEtreRenseigne",
                             &structure->engagement_required, error) ||
      !chorus_json_get_bool (params, "gestionNumeroEJOuCodeService",
                             &structure->service_or_engagement, error) ||
      !chorus_json_get_string (address, "adresse", &street, error) ||
      !chorus_json_get_string (address, "codePostal", &postcode, error) ||
      !chorus_json_get_string (address, "ville", &city, error))
    return NULL;
  if (raison != NULL)
    {
      g_free (structure->name);
      structure->name = g_steal_pointer (&raison);
    }
  structure->status = g_steal_pointer (&status);
  if (street != NULL || postcode != NULL || city != NULL)
    {
      g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      g_autofree char *town = g_strstrip (g_strdup_printf ("%s %s", postcode ? postcode : "",
                                                           city ? city : ""));

      if (street != NULL && *street != '\0')
        g_strv_builder_add (parts, street);
      if (*town != '\0')
        g_strv_builder_add (parts, town);
      strv = g_strv_builder_end (parts);
      structure->address = g_strjoinv (", ", strv);
    }
  return g_steal_pointer (&structure);
}

ChorusService *
chorus_decode_service (JsonObject *response, GError **error)
{
  g_autoptr(ChorusService) service = chorus_service_new ();
  JsonObject *general = NULL, *params = NULL;

  g_return_val_if_fail (response != NULL, NULL);

  if (!chorus_json_get_object (response, "informationsGenerales", &general, error) ||
      !chorus_json_get_object (response, "parametres", &params, error) ||
      !chorus_json_get_string (general, "codeService", &service->code, error) ||
      !chorus_json_get_string (general, "nomService", &service->name, error) ||
      !chorus_json_get_string (general, "descriptionService", &service->description, error) ||
      !chorus_json_get_datetime (params, "dateDebutValidite", &service->start_date, error) ||
      !chorus_json_get_datetime (params, "dateFinValidite", &service->end_date, error) ||
      !chorus_json_get_bool (params, "numeroEngagement", &service->engagement_required, error))
    return NULL;
  if (!chorus_json_get_int (general, "idService", &service->id, error))
    return NULL;
  service->active = TRUE;
  if (params != NULL && json_object_has_member (params, "estActif") &&
      !chorus_json_get_bool (params, "estActif", &service->active, error))
    return NULL;
  return g_steal_pointer (&service);
}

/* ------------------------------------------------------------------ reference lists */

typedef struct {
  const char *list;
  const char *code;
  const char *label;
  const char *value;
} ReferenceKeys;

static const ReferenceKeys reference_keys[] = {
  [CHORUS_REFERENCE_VAT_RATES] = { "listeTauxTva", "codeTauxTva", "libelleTauxTva",
                                   "valeurTauxTva" },
  [CHORUS_REFERENCE_CURRENCIES] = { "listeDevises", "codeDevise", "libelleDevise", NULL },
  [CHORUS_REFERENCE_PAYMENT_MODES] = { "listeModePaiement", "modePaiement", NULL, NULL },
  [CHORUS_REFERENCE_CADRES] = { "listeCadreFacturation", "codeCadreFacturation", NULL, NULL },
  [CHORUS_REFERENCE_BANK_DETAILS] = { "listeCoordonneeBancaire", "idCoordonneeBancaire",
                                      "nomCoordonneeBancaire", NULL },
};

/* A code that is an id in some lists (idCoordonneeBancaire): read as text either way. */
static gboolean
read_code (JsonObject *item, const char *key, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (item, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }
  return chorus_json_get_string (item, key, out, error);
}

static gpointer
decode_reference_item (JsonObject *item, gpointer data, GError **error)
{
  const ReferenceKeys *keys = data;
  ChorusReferenceItem *ref = g_new0 (ChorusReferenceItem, 1);

  if (!read_code (item, keys->code, &ref->code, error) ||
      (keys->label != NULL && !chorus_json_get_string (item, keys->label, &ref->label, error)) ||
      (keys->value != NULL && !chorus_json_get_double (item, keys->value, &ref->value, error)))
    {
      chorus_reference_item_free (ref);
      return NULL;
    }
  return ref;
}

ChorusPage *
chorus_decode_references (JsonObject *response, ChorusReferenceKind kind, GError **error)
{
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (reference_keys), NULL);

  return decode_page (response, reference_keys[kind].list, decode_reference_item,
                      (gpointer) &reference_keys[kind],
                      (GDestroyNotify) chorus_reference_item_free, error);
}

/* ------------------------------------------------------------------ fuzzing entry points */

ChorusInvoicePage *
chorus_client_decode_invoice_page (const char *json, gsize length, GError **error)
{
  g_autoptr(JsonObject) response = NULL;

  g_return_val_if_fail (json != NULL || length == 0, NULL);

  response = chorus_json_parse_object (json, (gssize) MIN (length, (gsize) G_MAXSSIZE), error);
  if (response == NULL || !_chorus_client_check_code_retour (response, 200, error))
    return NULL;
  return chorus_decode_received_page (response, error);
}

gboolean
chorus_client_decode_for_path (const char *path, const char *json, gsize length,
                               GError **error)
{
  g_autoptr(JsonObject) response = NULL;
  gpointer result = NULL;
  GDestroyNotify result_free = g_free;

  g_return_val_if_fail (path != NULL, FALSE);

  response = chorus_json_parse_object (json, (gssize) MIN (length, (gsize) G_MAXSSIZE), error);
  if (response == NULL || !_chorus_client_check_code_retour (response, 200, error))
    return FALSE;

#define DECODE_WITH(fn, free_fn) G_STMT_START { result = fn (response, error); \
                                                result_free = (GDestroyNotify) free_fn; } G_STMT_END
  if (g_str_has_prefix (path, "facturesTravaux/"))
    {
      if (g_str_has_suffix (path, "/rechercher") || g_str_has_suffix (path, "/dossierfacturation"))
        DECODE_WITH (chorus_works_page_from_json, chorus_works_page_free);
      else if (g_str_has_suffix (path, "/consulter"))
        DECODE_WITH (chorus_works_piece_from_consult, chorus_works_piece_free);
      else
        DECODE_WITH (chorus_works_result_from_json, chorus_works_result_free);
    }
  else if (g_str_has_suffix (path, "rechercher/recipiendaire"))
    DECODE_WITH (chorus_decode_received_page, chorus_invoice_page_free);
  else if (g_str_has_suffix (path, "rechercher/fournisseur"))
    DECODE_WITH (chorus_decode_issued_page, chorus_invoice_page_free);
  else if (g_str_has_suffix (path, "rechercher/valideur"))
    DECODE_WITH (chorus_decode_validator_page, chorus_invoice_page_free);
  else if (g_str_has_suffix (path, "consulter/historique"))
    DECODE_WITH (chorus_decode_history, chorus_history_free);
  else if (g_str_has_suffix (path, "consulter/recipiendaire"))
    {
      ChorusSubListPaging paging;

      result = chorus_decode_invoice (response, CHORUS_DIRECTION_RECEIVED, error);
      result_free = g_object_unref;
      for (guint list = 0; list < CHORUS_SUB_LIST_N; list++)
        chorus_decode_sub_list_paging (response, list, &paging);
    }
  else if (g_str_has_suffix (path, "oauth/token"))
    {
      gint64 expires_in = 0;

      result = chorus_decode_token (response, &expires_in, error);
    }
  else if (g_str_has_suffix (path, "consulter/fournisseur"))
    {
      result = chorus_decode_invoice (response, CHORUS_DIRECTION_ISSUED, error);
      result_free = g_object_unref;
    }
  else if (g_str_has_suffix (path, "telecharger/groupe"))
    DECODE_WITH (chorus_decode_download, g_bytes_unref);
  else if (g_str_has_suffix (path, "recuperer/etats/traitement"))
    DECODE_WITH (chorus_decode_status_targets, g_array_unref);
  else if (g_str_has_suffix (path, "structures/v1/rechercher"))
    DECODE_WITH (chorus_decode_structures, chorus_page_free);
  else if (g_str_has_suffix (path, "structures/v1/consulter"))
    DECODE_WITH (chorus_decode_structure, chorus_structure_free);
  else if (g_str_has_suffix (path, "rechercher/services"))
    DECODE_WITH (chorus_decode_services, chorus_page_free);
  else if (g_str_has_suffix (path, "consulter/service"))
    DECODE_WITH (chorus_decode_service, chorus_service_free);
  else if (g_str_has_suffix (path, "recuperer/rattachements"))
    DECODE_WITH (chorus_decode_user_attachments, chorus_page_free);
  else if (g_str_has_suffix (path, "consulterCRDetaille"))
    DECODE_WITH (chorus_decode_flow_report, chorus_flow_report_free);
  else if (g_str_has_suffix (path, "recuperer/tauxtva"))
    {
      result = chorus_decode_references (response, CHORUS_REFERENCE_VAT_RATES, error);
      result_free = (GDestroyNotify) chorus_page_free;
    }
  else if (g_str_has_suffix (path, "recuperer/coordbanc/valides"))
    {
      result = chorus_decode_references (response, CHORUS_REFERENCE_BANK_DETAILS, error);
      result_free = (GDestroyNotify) chorus_page_free;
    }
  else if (g_str_has_suffix (path, "deposer/pdf"))
    DECODE_WITH (chorus_decode_deposit_pdf, chorus_action_result_free);
  else
    DECODE_WITH (chorus_decode_action_result, chorus_action_result_free);
#undef DECODE_WITH

  if (result == NULL)
    return FALSE;
  result_free (result);
  return TRUE;
}
