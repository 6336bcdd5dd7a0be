/* chorus-client-decode.c: answers of the Chorus Pro API turned into typed records: the readers every
 * decoder shares, and the answers that are not invoices (writes, token, files, allowed statuses,
 * structures and services, referentials). The invoices are chorus-client-decode-invoice.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode-private.h"
#include "chorus-client-works.h"
#include "chorus-client-error.h"
#include "chorus-client-private.h"
#include "chorus-json.h"
#include "chorus-status.h"

/* ---------------------------------------------------------------------------------------------- */
/* Readers shared by the decoders */

gboolean
_chorus_decode_text (JsonObject *object, const char *key, TextKind kind, char **out, GError **error)
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

gboolean
_chorus_decode_paging (JsonObject *response, guint *page, guint *pages, guint *total,
                       guint *page_size, GError **error)
{
  JsonObject *wrapper = NULL;

  if (!chorus_json_get_object (response, "parametresRetour", &wrapper, error))
    return FALSE;
  return read_paging (wrapper != NULL ? wrapper : response, page, pages, total, page_size,
                      error);
}

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

gboolean
_chorus_decode_list (JsonObject *response, const char *key, GPtrArray *items, ItemDecodeFunc decode,
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

/* ---------------------------------------------------------------------------------------------- */
/* Write results */

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
    if (!_chorus_decode_text (object, *keys, kind, out, error))
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

  if (!_chorus_decode_list (response, "listeStatutsPossiblesPourTraitement", codes, decode_status_target,
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

/* ---------------------------------------------------------------------------------------------- */
/* Structures and services */

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
      if (!_chorus_decode_list (item, "listeServicesRattache", structure->services, decode_service_item,
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

  if (!_chorus_decode_paging (response, &page->page, &page->pages, &page->total, NULL, error) ||
      !_chorus_decode_list (response, list_key, page->items, decode, data, page->unreadable, error))
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

/* ---------------------------------------------------------------------------------------------- */
/* Reference lists */

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
  [CHORUS_REFERENCE_REFUSAL_MOTIFS] = { "listeMotifRefusFactureAValider", "codeMotif", "libelleMotif", NULL },
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

/* ---------------------------------------------------------------------------------------------- */
/* Fuzzing entry points */

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
  else if (g_str_has_suffix (path, "consulter/valideur"))
    {
      result = chorus_decode_invoice (response, CHORUS_DIRECTION_TO_VALIDATE, error);
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
  else if (g_str_has_suffix (path, "recuperer/motifs/refus/Facture/AValider"))
    {
      result = chorus_decode_references (response, CHORUS_REFERENCE_REFUSAL_MOTIFS, error);
      result_free = (GDestroyNotify) chorus_page_free;
    }
  else
    DECODE_WITH (chorus_decode_action_result, chorus_action_result_free);
#undef DECODE_WITH

  if (result == NULL)
    return FALSE;
  result_free (result);
  return TRUE;
}
