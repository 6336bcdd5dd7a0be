/* chorus-client-ops.c: the typed operations of ChorusClient: request bodies in, records out. */
#define G_LOG_DOMAIN "chorus-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-deposit-file.h"

#define DEFAULT_PAGE_SIZE 100
#define MOTIF_MAX_CHARS   255

/* ------------------------------------------------------------------ transport policy per path */

/* Every path the client calls, and what the transport may do with it. Only what is listed as a
 * read here is ever sent twice by the client itself: a path missing from the table is treated
 * as a write, never replayed. */
static const struct {
  const char     *path;
  ChorusCallKind  kind;
} call_kinds[] = {
  { "factures/v1/rechercher/recipiendaire", CHORUS_CALL_SEARCH },
  { "factures/v1/rechercher/fournisseur", CHORUS_CALL_SEARCH },
  { "factures/v1/rechercher/valideur", CHORUS_CALL_SEARCH },
  { "factures/v1/consulter/recipiendaire", CHORUS_CALL_DETAIL },
  { "factures/v1/consulter/fournisseur", CHORUS_CALL_DETAIL },
  { "factures/v1/consulter/valideur", CHORUS_CALL_DETAIL },
  { "factures/v1/consulter/historique", CHORUS_CALL_DETAIL },
  { "factures/v1/telecharger/groupe", CHORUS_CALL_DOWNLOAD },
  { "facturesTravaux/v1/rechercher", CHORUS_CALL_SEARCH },
  { "facturesTravaux/v1/rechercher/atraiter", CHORUS_CALL_SEARCH },
  { "facturesTravaux/v1/consulter", CHORUS_CALL_DETAIL },
  { "facturesTravaux/v1/consulter/dossierfacturation", CHORUS_CALL_DETAIL },
  { "structures/v1/rechercher", CHORUS_CALL_SEARCH },
  { "structures/v1/rechercher/services", CHORUS_CALL_SEARCH },
  { "structures/v1/consulter", CHORUS_CALL_DETAIL },
  { "structures/v1/consulter/service", CHORUS_CALL_DETAIL },
  { "utilisateurs/v1/monCompte/recuperer/rattachements", CHORUS_CALL_SEARCH },
  { "transverses/v1/health-check", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/etats/traitement", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/tauxtva", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/devises", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/modereglements", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/cadrefacturation", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/formatflux", CHORUS_CALL_REFERENCE },
  { "transverses/v1/recuperer/coordbanc/valides", CHORUS_CALL_REFERENCE },
  { "transverses/v1/consulterCR", CHORUS_CALL_DETAIL },
  { "transverses/v1/consulterCRDetaille", CHORUS_CALL_DETAIL },
  { "transverses/v1/telecharger/pieceJointe", CHORUS_CALL_DOWNLOAD },
  /* Writes, listed for the reader: unlisted paths get the same treatment. */
  { "factures/v1/soumettre", CHORUS_CALL_WRITE },
  { "factures/v1/traiter/recue", CHORUS_CALL_WRITE },
  { "factures/v1/traiter/factureAValider", CHORUS_CALL_WRITE },
  { "factures/v1/completer", CHORUS_CALL_WRITE },
  { "factures/v1/recycler", CHORUS_CALL_WRITE },
  { "factures/v1/deposer/pdf", CHORUS_CALL_UPLOAD },
  { "factures/v1/deposer/flux", CHORUS_CALL_UPLOAD },
  { "transverses/v1/ajouter/fichier", CHORUS_CALL_UPLOAD },
  { "facturesTravaux/v1/soumettre", CHORUS_CALL_WRITE },
  { "facturesTravaux/v1/deposer/pdf", CHORUS_CALL_UPLOAD },
};

#define MB (1024 * 1024)

void
_chorus_client_call_policy (const char       *path,
                            ChorusCallPolicy *policy)
{
  ChorusCallKind kind = CHORUS_CALL_UNLISTED;

  for (gsize i = 0; i < G_N_ELEMENTS (call_kinds); i++)
    if (g_str_equal (call_kinds[i].path, path))
      {
        kind = call_kinds[i].kind;
        break;
      }
  policy->kind = kind;
  policy->replayable = kind == CHORUS_CALL_SEARCH || kind == CHORUS_CALL_DETAIL ||
                       kind == CHORUS_CALL_REFERENCE || kind == CHORUS_CALL_DOWNLOAD;
  policy->long_deadline = kind == CHORUS_CALL_DOWNLOAD || kind == CHORUS_CALL_UPLOAD;
  switch (kind)
    {
    case CHORUS_CALL_DOWNLOAD:
      /* 120 MB of files at most (HTTP 413 above), as base64: 160 MB, plus the JSON around it. */
      policy->max_answer = 170 * MB;
      break;
    case CHORUS_CALL_SEARCH:
    case CHORUS_CALL_DETAIL:
    case CHORUS_CALL_UNLISTED:
      /* A page of 1,000 invoices is about 1 MB; a detail with 1,000 lines a few. */
      policy->max_answer = 16 * MB;
      break;
    case CHORUS_CALL_REFERENCE:
    case CHORUS_CALL_WRITE:
    case CHORUS_CALL_UPLOAD:
    default:
      policy->max_answer = 4 * MB;
      break;
    }
}

/* ------------------------------------------------------------------ generic plumbing */

typedef gpointer (*OpDecodeFunc) (JsonObject *response, gint64 arg, GError **error);

typedef struct {
  const char     *path;
  OpDecodeFunc    decode;
  GDestroyNotify  free_result;
  gboolean        is_search;    /* codeRetour 20000 / 20007 = an empty page */
  const char     *upload_key;   /* the base64 member carrying the file sent, if any */
  gsize           max_upload;   /* the platform's limit for that file */
  const char     *download_key; /* the base64 member carrying the file received, if any */
} OpSpec;

typedef struct {
  const OpSpec *spec;
  gint64        arg;            /* passed to the decoder: direction, kind… */
} OpData;

static gboolean
is_empty_result (const OpSpec *spec, const GError *error)
{
  int code = chorus_client_error_get_api_code (error);

  return spec->is_search && g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API) &&
         (code == 20000 || code == 20007);
}

/* Decodes a response, or an empty object when Chorus said "no result". A file received
 * arrives as @download, already decoded while it streamed in. */
static gpointer
op_decode (const OpSpec *spec, gint64 arg, JsonObject *response, GBytes *download,
           GError *call_error, GError **error)
{
  g_autoptr(JsonObject) empty = NULL;

  if (response != NULL && download != NULL && g_bytes_get_size (download) > 0)
    return g_bytes_ref (download);
  if (response == NULL)
    {
      if (!is_empty_result (spec, call_error))
        {
          g_propagate_error (error, call_error);
          return NULL;
        }
      g_error_free (call_error);
      response = empty = json_object_new ();
    }
  return spec->decode (response, arg, error);
}

static void
op_call_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GBytes) download = NULL;
  GError *call_error = NULL;
  GError *error = NULL;
  gpointer value;

  response = _chorus_client_call_full_finish (CHORUS_CLIENT (source), result, &download, &call_error);
  value = op_decode (data->spec, data->arg, response, download, call_error, &error);
  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, data->spec->free_result);
}

/* A file above the platform's limit is refused before anything is encoded or sent. */
static gboolean
check_upload (const OpSpec *spec, GBytes *upload, GError **error)
{
  g_autofree char *size = NULL, *limit = NULL, *message = NULL;

  if (upload == NULL || g_bytes_get_size (upload) <= spec->max_upload)
    return TRUE;
  size = g_format_size (g_bytes_get_size (upload));
  limit = g_format_size (spec->max_upload);
  /* Translators: two sizes such as “12,4 Mo” and “10,5 Mo” */
  message = g_strdup_printf (_("The file is %s; Chorus Pro accepts at most %s for it."), size, limit);
  g_propagate_error (error, chorus_client_error_new_full (CHORUS_CLIENT_ERROR_TOO_LARGE, 0, NULL, 0, message));
  return FALSE;
}

/* Takes @body. */
static void
op_async (ChorusClient        *self,
          const OpSpec        *spec,
          gint64               arg,
          JsonObject          *body,
          GBytes              *upload,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(JsonObject) owned_body = body;
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  OpData *data = g_new0 (OpData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  data->spec = spec;
  data->arg = arg;
  g_task_set_task_data (task, data, g_free);
  if (!check_upload (spec, upload, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  _chorus_client_call_full_async (self, spec->path, owned_body, spec->upload_key, upload,
                                  spec->download_key, cancellable, op_call_cb, task);
}

static gpointer
op_finish (ChorusClient  *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           GError       **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Takes @body. */
static gpointer
op_sync (ChorusClient  *self,
         const OpSpec  *spec,
         gint64         arg,
         JsonObject    *body,
         GBytes        *upload,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(JsonObject) owned_body = body;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GBytes) download = NULL;
  GError *call_error = NULL;

  if (!check_upload (spec, upload, error))
    return NULL;
  response = _chorus_client_call_full_sync (self, spec->path, owned_body, spec->upload_key, upload,
                                            spec->download_key, &download, cancellable, &call_error);
  return op_decode (spec, arg, response, download, call_error, error);
}

/* Defines the three public functions of an operation: PARAMS are the parameters after
 * self, CHECKS a precondition on them, BUILD the expression making the body, ARG the
 * decoder argument, UPLOAD the file sent (NULL for most). */
#define DEFINE_OP(verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG) \
  DEFINE_UPLOAD_OP (verb, Ret, spec, (PARAMS), CHECKS, BUILD, ARG, NULL)
#define UNWRAP(...) __VA_ARGS__
/* The same with PARAMS in parentheses. */
#define DEFINE_UPLOAD_OP(verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD)                \
  void                                                                                      \
  chorus_client_##verb##_async (ChorusClient *self UNWRAP PARAMS, GCancellable *cancellable, \
                                GAsyncReadyCallback callback, gpointer user_data)          \
  {                                                                                         \
    g_return_if_fail (CHORUS_IS_CLIENT (self));                                             \
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));               \
    g_return_if_fail (CHECKS);                                                              \
    op_async (self, &spec, (ARG), (BUILD), (UPLOAD), chorus_client_##verb##_async,          \
              cancellable, callback, user_data);                                            \
  }                                                                                         \
  Ret                                                                                       \
  chorus_client_##verb##_finish (ChorusClient *self, GAsyncResult *result, GError **error)  \
  {                                                                                         \
    return op_finish (self, result, chorus_client_##verb##_async, error);                   \
  }                                                                                         \
  Ret                                                                                       \
  chorus_client_##verb##_sync (ChorusClient *self UNWRAP PARAMS, GCancellable *cancellable,  \
                               GError **error)                                              \
  {                                                                                         \
    g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);                                   \
    g_return_val_if_fail (CHECKS, NULL);                                                    \
    return op_sync (self, &spec, (ARG), (BUILD), (UPLOAD), cancellable, error);             \
  }

#define NO_CHECKS TRUE

/* ------------------------------------------------------------------ body helpers */

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
  json_object_set_int_member (paging, size_key, page_size > 0 ? page_size : DEFAULT_PAGE_SIZE);
  if (sort_column != NULL)
    json_object_set_string_member (paging, "triColonne", sort_column);
  json_object_set_string_member (paging, "triSens", descending ? "Descendant" : "Ascendant");
  return paging;
}

static JsonObject *
object_with_paging (const char *wrapper_key, guint page, guint page_size)
{
  JsonObject *body = json_object_new ();

  json_object_set_object_member (body, wrapper_key,
                                 paging_object ("", page, page_size, NULL, FALSE));
  return body;
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
  if (query->supplier_id > 0)
    {
      JsonArray *suppliers = json_array_new ();
      JsonObject *supplier = json_object_new ();

      json_object_set_int_member (supplier, "idFournisseur", query->supplier_id);
      json_array_add_object_element (suppliers, supplier);
      json_object_set_array_member (body, "listeFournisseurs", suppliers);
    }
  /* The recipient search takes one status as a string (COMM example). */
  if (query->status != CHORUS_STATUS_UNKNOWN)
    set_string (body, "statutCourant", chorus_status_to_api (query->status));
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
  if (query->recipient_id > 0)
    {
      JsonArray *recipients = json_array_new ();
      JsonObject *recipient = json_object_new ();

      json_object_set_int_member (recipient, "idDestinataire", query->recipient_id);
      json_array_add_object_element (recipients, recipient);
      json_object_set_array_member (body, "listeDestinataire", recipients);
    }
  /* The supplier search takes a list of statuses. */
  if (query->status != CHORUS_STATUS_UNKNOWN)
    {
      JsonArray *statuses = json_array_new ();

      json_array_add_string_element (statuses, chorus_status_to_api (query->status));
      json_object_set_array_member (body, "statutCourant", statuses);
    }
  add_common_filters (body, query);
  json_object_set_object_member (body, "rechercheFactureParFournisseur", query_paging (query));
  return body;
}

static JsonObject *
build_validator_query (const ChorusInvoiceQuery *query)
{
  JsonObject *body = json_object_new ();

  set_id (body, "idDestinataire", query->recipient_id);
  set_string (body, "typeDemandePaiement", query->request_type);
  if (query->status != CHORUS_STATUS_UNKNOWN)
    set_string (body, "statutCourant", chorus_status_to_api (query->status));
  add_common_filters (body, query);
  json_object_set_object_member (body, "pagination", query_paging (query));
  return body;
}

static JsonObject *
build_consult (ChorusDirection direction, gint64 invoice_id)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "identifiantFactureCPP", invoice_id);
  json_object_set_string_member (body, "codeLangue", "FR");
  /* Ask for every line at once: the sub-lists are paged too, by 10 by default. */
  if (direction == CHORUS_DIRECTION_RECEIVED)
    {
      json_object_set_object_member (body, "rechercheLignePoste",
                                     paging_object ("LignesPoste", 1, 1000, NULL, FALSE));
      json_object_set_object_member (body, "recherchePj",
                                     paging_object ("ListePieceJointe", 1, 1000, NULL, FALSE));
      json_object_set_object_member (body, "rechercheligneTvaRecap",
                                     paging_object ("ListeRecapitulatifTVA", 1, 1000, NULL,
                                                    FALSE));
    }
  else
    {
      json_object_set_object_member (body, "pLignesPoste",
                                     paging_object ("LignesPoste", 1, 1000, NULL, FALSE));
      json_object_set_object_member (body, "pListePiecesJointes",
                                     paging_object ("ListePieceJointe", 1, 1000, NULL, FALSE));
      json_object_set_object_member (body, "pLigneRecapTva",
                                     paging_object ("ListeRecapitulatifTVA", 1, 1000, NULL,
                                                    FALSE));
    }
  return body;
}

static JsonObject *
body_with_int (const char *key, gint64 value)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, key, value);
  return body;
}

static JsonObject *
body_with_string (const char *key, const char *value)
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

static JsonObject *
build_process_received (gint64 invoice_id, ChorusStatus target, const char *motif,
                        const char *mandate_number)
{
  JsonObject *body = body_with_int ("idFacture", invoice_id);
  g_autofree char *short_motif = utf8_cut (motif, MOTIF_MAX_CHARS);

  json_object_set_string_member (body, "nouveauStatut", chorus_status_to_api (target));
  set_string (body, "motif", short_motif);
  set_string (body, "numeroDPMandat", mandate_number);
  return body;
}

static JsonObject *
build_download (const gint64 *invoice_ids, guint n_ids, ChorusDownloadFormat format,
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
static JsonObject *
build_deposit_pdf (const char *file_name)
{
  JsonObject *body = body_with_string ("nomFichier", file_name);

  json_object_set_string_member (body, "formatDepot", "PDF_NON_SIGNE");
  return body;
}

static JsonObject *
build_deposit_flow (const char *file_name, const char *syntax)
{
  JsonObject *body = body_with_string ("nomFichier", file_name);

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

static JsonObject *
build_complete (gint64 invoice_id, const char *comment, GPtrArray *attachments)
{
  JsonObject *body = body_with_int ("identifiantFactureCPP", invoice_id);

  set_string (body, "commentaire", comment);
  set_complementary_attachments (body, attachments);
  return body;
}

static JsonObject *
build_recycle (gint64 invoice_id, const char *recipient_code, const char *service_code,
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

static JsonObject *
build_validate (gint64 invoice_id, ChorusValidationAction action, const char *motif)
{
  JsonObject *body = body_with_int ("idFacture", invoice_id);
  g_autofree char *short_motif = utf8_cut (motif, MOTIF_MAX_CHARS);

  json_object_set_string_member (body, "action", chorus_validation_action_to_api (action));
  set_string (body, "motifRefus", short_motif);
  return body;
}

static JsonObject *
build_search_structures (const char *identifier, ChorusIdType id_type, const char *name,
                         guint page, guint page_size)
{
  JsonObject *body = object_with_paging ("parametres", page, page_size);
  JsonObject *structure = json_object_new ();

  set_string (structure, "identifiantStructure", identifier);
  if (id_type != CHORUS_ID_TYPE_UNKNOWN)
    set_string (structure, "typeIdentifiantStructure", chorus_id_type_to_api (id_type));
  set_string (structure, "raisonSocialeStructure", name);
  json_object_set_object_member (body, "structure", structure);
  json_object_set_boolean_member (body, "restreindreStructuresPrivees", FALSE);
  return body;
}

static JsonObject *
build_consult_structure (gint64 structure_id)
{
  JsonObject *body = body_with_int ("idStructureCPP", structure_id);

  json_object_set_string_member (body, "codeLangue", "FR");
  return body;
}

static JsonObject *
build_search_services (gint64 structure_id, guint page, guint page_size)
{
  JsonObject *body = json_object_new ();
  JsonObject *paging = paging_object ("", page, page_size, "CodeService", FALSE);

  json_object_set_int_member (body, "idStructure", structure_id);
  json_object_set_object_member (body, "parametresRechercherServicesStructure", paging);
  return body;
}

static JsonObject *
build_consult_service (gint64 structure_id, gint64 service_id)
{
  JsonObject *body = body_with_int ("idStructure", structure_id);

  json_object_set_int_member (body, "idService", service_id);
  json_object_set_string_member (body, "codeLangue", "FR");
  return body;
}

static JsonObject *
build_references (ChorusReferenceKind kind, const char *request_type)
{
  switch (kind)
    {
    case CHORUS_REFERENCE_VAT_RATES:
    case CHORUS_REFERENCE_CURRENCIES:
      return body_with_string ("codeLangue", "FR");
    case CHORUS_REFERENCE_CADRES:
      return body_with_string ("typeDemandePaiement", request_type ? request_type : "FACTURE");
    case CHORUS_REFERENCE_PAYMENT_MODES:
    default:
      return json_object_new ();
    }
}

static JsonObject *
build_add_file (const char *file_name, const char *extension, const char *mime_type)
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
  json_object_set_object_member (body, "cadreDeFacturation", part);

  part = json_object_new ();
  json_object_set_string_member (part, "deviseFacture",
                                 chorus_invoice_get_currency (invoice) != NULL
                                 ? chorus_invoice_get_currency (invoice) : "EUR");
  json_object_set_string_member (part, "typeFacture",
                                 chorus_invoice_type_to_api (type != CHORUS_INVOICE_TYPE_UNKNOWN
                                                             ? type : CHORUS_INVOICE_TYPE_FACTURE));
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

/* ------------------------------------------------------------------ decoders with one signature */

#define ADAPT(name, fn)                                                     \
  static gpointer name (JsonObject *response, gint64 arg, GError **error)  \
  {                                                                         \
    return fn (response, error);                                            \
  }
ADAPT (decode_received_page, chorus_decode_received_page)
ADAPT (decode_issued_page, chorus_decode_issued_page)
ADAPT (decode_validator_page, chorus_decode_validator_page)
ADAPT (decode_history, chorus_decode_history)
ADAPT (decode_action_result, chorus_decode_action_result)
ADAPT (decode_deposit_pdf, chorus_decode_deposit_pdf)
ADAPT (decode_flow_report, chorus_decode_flow_report)
ADAPT (decode_download, chorus_decode_download)
ADAPT (decode_status_targets, chorus_decode_status_targets)
ADAPT (decode_structures, chorus_decode_structures)
ADAPT (decode_structure, chorus_decode_structure)
ADAPT (decode_services, chorus_decode_services)
ADAPT (decode_user_attachments, chorus_decode_user_attachments)
#undef ADAPT

static gpointer
decode_invoice (JsonObject *response, gint64 direction, GError **error)
{
  return chorus_decode_invoice (response, (ChorusDirection) direction, error);
}

static gpointer
decode_references (JsonObject *response, gint64 kind, GError **error)
{
  return chorus_decode_references (response, (ChorusReferenceKind) kind, error);
}

/* consulter/service does not repeat the service id: put back the one asked for. */
static gpointer
decode_service (JsonObject *response, gint64 service_id, GError **error)
{
  ChorusService *service = chorus_decode_service (response, error);

  if (service != NULL && service->id == 0)
    service->id = service_id;
  return service;
}

/* ------------------------------------------------------------------ the operations */

#define SPEC(name, path, decode, free_fn, search)                                      \
  static const OpSpec name = { path, decode, (GDestroyNotify) free_fn, search };

SPEC (search_received_spec, "factures/v1/rechercher/recipiendaire", decode_received_page,
      chorus_invoice_page_free, TRUE)
SPEC (search_issued_spec, "factures/v1/rechercher/fournisseur", decode_issued_page,
      chorus_invoice_page_free, TRUE)
SPEC (search_to_validate_spec, "factures/v1/rechercher/valideur", decode_validator_page,
      chorus_invoice_page_free, TRUE)
SPEC (consult_received_spec, "factures/v1/consulter/recipiendaire", decode_invoice,
      g_object_unref, FALSE)
SPEC (consult_issued_spec, "factures/v1/consulter/fournisseur", decode_invoice,
      g_object_unref, FALSE)
SPEC (history_spec, "factures/v1/consulter/historique", decode_history, chorus_history_free,
      FALSE)
SPEC (process_received_spec, "factures/v1/traiter/recue", decode_action_result,
      chorus_action_result_free, FALSE)
static const OpSpec download_spec = {
  "factures/v1/telecharger/groupe", decode_download, (GDestroyNotify) g_bytes_unref, FALSE,
  .download_key = "fichierResultat",
};
SPEC (status_targets_spec, "transverses/v1/recuperer/etats/traitement", decode_status_targets,
      g_array_unref, FALSE)
static const OpSpec deposit_pdf_spec = {
  "factures/v1/deposer/pdf", decode_deposit_pdf, (GDestroyNotify) chorus_action_result_free, FALSE,
  .upload_key = "fichierFacture", .max_upload = CHORUS_DEPOSIT_MAX_FILE_BYTES,
};
SPEC (submit_spec, "factures/v1/soumettre", decode_action_result, chorus_action_result_free,
      FALSE)
static const OpSpec deposit_flow_spec = {
  "factures/v1/deposer/flux", decode_action_result, (GDestroyNotify) chorus_action_result_free, FALSE,
  .upload_key = "fichierFlux", .max_upload = CHORUS_DEPOSIT_MAX_TOTAL_BYTES,
};
SPEC (flow_report_spec, "transverses/v1/consulterCRDetaille", decode_flow_report,
      chorus_flow_report_free, FALSE)
SPEC (complete_spec, "factures/v1/completer", decode_action_result, chorus_action_result_free,
      FALSE)
SPEC (recycle_spec, "factures/v1/recycler", decode_action_result, chorus_action_result_free,
      FALSE)
SPEC (validate_spec, "factures/v1/traiter/factureAValider", decode_action_result,
      chorus_action_result_free, FALSE)
SPEC (search_structures_spec, "structures/v1/rechercher", decode_structures, chorus_page_free,
      TRUE)
SPEC (consult_structure_spec, "structures/v1/consulter", decode_structure,
      chorus_structure_free, FALSE)
SPEC (search_services_spec, "structures/v1/rechercher/services", decode_services,
      chorus_page_free, TRUE)
SPEC (consult_service_spec, "structures/v1/consulter/service", decode_service,
      chorus_service_free, FALSE)
SPEC (user_attachments_spec, "utilisateurs/v1/monCompte/recuperer/rattachements",
      decode_user_attachments, chorus_page_free, TRUE)
SPEC (vat_rates_spec, "transverses/v1/recuperer/tauxtva", decode_references, chorus_page_free,
      FALSE)
SPEC (currencies_spec, "transverses/v1/recuperer/devises", decode_references, chorus_page_free,
      FALSE)
SPEC (payment_modes_spec, "transverses/v1/recuperer/modereglements", decode_references,
      chorus_page_free, FALSE)
SPEC (cadres_spec, "transverses/v1/recuperer/cadrefacturation", decode_references,
      chorus_page_free, FALSE)
SPEC (bank_details_spec, "transverses/v1/recuperer/coordbanc/valides", decode_references, chorus_page_free,
      FALSE)
static const OpSpec add_file_spec = {
  "transverses/v1/ajouter/fichier", decode_action_result, (GDestroyNotify) chorus_action_result_free,
  FALSE, .upload_key = "pieceJointeFichier", .max_upload = CHORUS_DEPOSIT_MAX_FILE_BYTES,
};
#undef SPEC

/* The same public functions for both consult directions and the four reference lists:
 * a pointer to a spec picked at run time. */
#define consult_spec(direction) \
  (*((direction) == CHORUS_DIRECTION_RECEIVED ? &consult_received_spec : &consult_issued_spec))

static const OpSpec *const reference_specs[] = {
  [CHORUS_REFERENCE_VAT_RATES] = &vat_rates_spec,
  [CHORUS_REFERENCE_CURRENCIES] = &currencies_spec,
  [CHORUS_REFERENCE_PAYMENT_MODES] = &payment_modes_spec,
  [CHORUS_REFERENCE_CADRES] = &cadres_spec,
};
#define reference_spec(kind) (*reference_specs[kind])

#define P(...) , __VA_ARGS__
#define CHECK_QUERY (query != NULL)
#define CHECK_ID (invoice_id > 0)
#define CHECK_INVOICE (CHORUS_IS_INVOICE (invoice))

DEFINE_OP (search_received, ChorusInvoicePage *, search_received_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY,
           chorus_client_build_received_query (query), 0)
DEFINE_OP (search_issued, ChorusInvoicePage *, search_issued_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY,
           chorus_client_build_issued_query (query), 0)
DEFINE_OP (search_to_validate, ChorusInvoicePage *, search_to_validate_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY, build_validator_query (query), 0)
DEFINE_OP (consult_invoice, ChorusInvoice *, consult_spec (direction),
           P (ChorusDirection direction, gint64 invoice_id), CHECK_ID,
           build_consult (direction, invoice_id), direction)
DEFINE_OP (get_history, ChorusHistory *, history_spec, P (gint64 invoice_id), CHECK_ID,
           body_with_int ("idFacture", invoice_id), 0)
DEFINE_OP (process_received, ChorusActionResult *, process_received_spec,
           P (gint64 invoice_id, ChorusStatus target, const char *motif,
              const char *mandate_number),
           CHECK_ID, build_process_received (invoice_id, target, motif, mandate_number), 0)
DEFINE_OP (download, GBytes *, download_spec,
           P (const gint64 *invoice_ids, guint n_ids, ChorusDownloadFormat format,
              gboolean with_attachments), (invoice_ids != NULL && n_ids > 0),
           build_download (invoice_ids, n_ids, format, with_attachments), 0)
DEFINE_OP (get_status_targets, GArray *, status_targets_spec, P (ChorusStatus current),
           NO_CHECKS, body_with_string ("statutCourant", chorus_status_to_api (current)), 0)
#define CHECK_PDF (pdf != NULL && file_name != NULL)
DEFINE_UPLOAD_OP (deposit_pdf, ChorusActionResult *, deposit_pdf_spec,
                  (P (GBytes *pdf, const char *file_name)), CHECK_PDF,
                  build_deposit_pdf (file_name), 0, pdf)
DEFINE_OP (submit, ChorusActionResult *, submit_spec, P (ChorusInvoice *invoice), CHECK_INVOICE,
           chorus_client_build_submit_body (invoice), 0)
#define CHECK_FLOW (file != NULL && file_name != NULL && syntax != NULL)
DEFINE_UPLOAD_OP (deposit_flow, ChorusActionResult *, deposit_flow_spec,
                  (P (GBytes *file, const char *file_name, const char *syntax)), CHECK_FLOW,
                  build_deposit_flow (file_name, syntax), 0, file)
#define CHECK_FLOW_NUMBER (flow_number != NULL)
DEFINE_OP (get_flow_report, ChorusFlowReport *, flow_report_spec, P (const char *flow_number),
           CHECK_FLOW_NUMBER, body_with_string ("numeroFluxDepot", flow_number), 0)
DEFINE_OP (complete, ChorusActionResult *, complete_spec,
           P (gint64 invoice_id, const char *comment, GPtrArray *attachments), CHECK_ID,
           build_complete (invoice_id, comment, attachments), 0)
DEFINE_OP (recycle, ChorusActionResult *, recycle_spec,
           P (gint64 invoice_id, const char *recipient_code, const char *service_code,
              const char *engagement_number, const char *comment), CHECK_ID,
           build_recycle (invoice_id, recipient_code, service_code, engagement_number, comment),
           0)
DEFINE_OP (validate, ChorusActionResult *, validate_spec,
           P (gint64 invoice_id, ChorusValidationAction action, const char *motif), CHECK_ID,
           build_validate (invoice_id, action, motif), 0)
DEFINE_OP (search_structures, ChorusPage *, search_structures_spec,
           P (const char *identifier, ChorusIdType id_type, const char *name, guint page,
              guint page_size), NO_CHECKS,
           build_search_structures (identifier, id_type, name, page, page_size), 0)
#define CHECK_STRUCTURE (structure_id > 0)
DEFINE_OP (consult_structure, ChorusStructure *, consult_structure_spec, P (gint64 structure_id),
           CHECK_STRUCTURE, build_consult_structure (structure_id), 0)
DEFINE_OP (search_services, ChorusPage *, search_services_spec,
           P (gint64 structure_id, guint page, guint page_size), CHECK_STRUCTURE,
           build_search_services (structure_id, page, page_size), 0)
DEFINE_OP (consult_service, ChorusService *, consult_service_spec,
           P (gint64 structure_id, gint64 service_id), CHECK_STRUCTURE,
           build_consult_service (structure_id, service_id), service_id)
DEFINE_OP (get_user_attachments, ChorusPage *, user_attachments_spec,
           P (guint page, guint page_size), NO_CHECKS,
           object_with_paging ("parametresRecherche", page, page_size), 0)
#define CHECK_KIND ((guint) kind < G_N_ELEMENTS (reference_specs))
DEFINE_OP (get_references, ChorusPage *, reference_spec (kind),
           P (ChorusReferenceKind kind, const char *request_type), CHECK_KIND,
           build_references (kind, request_type), kind)
DEFINE_OP (get_bank_details, ChorusPage *, bank_details_spec, P (gint64 structure_id), CHECK_STRUCTURE,
           body_with_int ("idStructure", structure_id), CHORUS_REFERENCE_BANK_DETAILS)
DEFINE_UPLOAD_OP (add_file, ChorusActionResult *, add_file_spec,
                  (P (GBytes *file, const char *file_name, const char *extension,
                      const char *mime_type)),
                  (file != NULL && file_name != NULL && extension != NULL),
                  build_add_file (file_name, extension, mime_type), 0, file)
