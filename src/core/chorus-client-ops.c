/* chorus-client-ops.c: the typed operations of ChorusClient: request bodies in, records out. */
#define G_LOG_DOMAIN "chorus-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-client-works.h"
#include "chorus-deposit-file.h"
#include "chorus-json.h"

#define DEFAULT_PAGE_SIZE 100
#define MOTIF_MAX_CHARS   255
/* The documented default and maximum of a consulter sub-list page (CS2017). */
#define SUB_LIST_PAGE_SIZE 200
/* Follow-up requests for the rest of an invoice's sub-lists: 100 pages of 200 lines. */
#define MAX_FOLLOW_UPS 100

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
  { "facturesTravaux/v1/suspendre/demander/completer/factureTravaux", CHORUS_CALL_WRITE },
  { "facturesTravaux/v1/refuser", CHORUS_CALL_WRITE },
  { "facturesTravaux/v1/demander/recyclage", CHORUS_CALL_WRITE },
  { "facturesTravaux/v1/recycler", CHORUS_CALL_WRITE },
  { "facturesTravaux/v1/completer", CHORUS_CALL_WRITE },
  { "facturesTravaux/v1/completermoe", CHORUS_CALL_WRITE },
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

/* What a result holds, for naming the operation of its unreadable items. */
typedef enum {
  RESULT_OTHER,
  RESULT_INVOICE_PAGE,
  RESULT_PAGE,
} ResultKind;

typedef struct {
  const char     *path;
  OpDecodeFunc    decode;
  GDestroyNotify  free_result;
  gboolean        is_search;    /* codeRetour 20000 / 20007 = an empty page */
  const char     *upload_key;   /* the base64 member carrying the file sent, if any */
  gsize           max_upload;   /* the platform's limit for that file */
  const char     *download_key; /* the base64 member carrying the file received, if any */
  ResultKind      result_kind;
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

static void
stamp_operation (GPtrArray *unreadable, const char *path)
{
  for (guint i = 0; unreadable != NULL && i < unreadable->len; i++)
    {
      ChorusUnreadableItem *item = g_ptr_array_index (unreadable, i);

      if (item->operation == NULL)
        item->operation = g_strdup (path);
    }
}

/* Decodes a response, or an empty object when Chorus said "no result". A file received
 * arrives as @download, already decoded while it streamed in. */
static gpointer
op_decode (const OpSpec *spec, gint64 arg, JsonObject *response, GBytes *download,
           GError *call_error, GError **error)
{
  g_autoptr(JsonObject) empty = NULL;
  gpointer result;

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
  result = spec->decode (response, arg, error);
  if (result != NULL && spec->result_kind == RESULT_INVOICE_PAGE)
    stamp_operation (((ChorusInvoicePage *) result)->unreadable, spec->path);
  else if (result != NULL && spec->result_kind == RESULT_PAGE)
    stamp_operation (((ChorusPage *) result)->unreadable, spec->path);
  return result;
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
  /* A direction without a documented column says nothing: both or neither. */
  if (sort_column != NULL)
    {
      json_object_set_string_member (paging, "triColonne", sort_column);
      json_object_set_string_member (paging, "triSens", descending ? "Descendant" : "Ascendant");
    }
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

/* {page_key: page, size_key: size} of one sub-list, under its request wrapper. */
static void
add_sub_list_paging (JsonObject *body, ChorusSubList list, ChorusDirection direction, guint page,
                     guint page_size)
{
  const ChorusSubListKeys *keys = chorus_sub_list_keys (list);
  JsonObject *paging = json_object_new ();

  json_object_set_int_member (paging, keys->page_key, MAX (page, 1));
  json_object_set_int_member (paging, keys->size_key, page_size);
  json_object_set_object_member (body, keys->request_wrapper[direction], paging);
}

/* consulter: every sub-list from its first page, but @list from @page; the pages hold at most
 * SUB_LIST_PAGE_SIZE by default (§0.11), and longer lists are fetched on (see Completion). */
static JsonObject *
build_consult_page (ChorusDirection direction, gint64 invoice_id, ChorusSubList list, guint page,
                    guint page_size)
{
  static const ChorusSubList lists[] = { CHORUS_SUB_LIST_LINES, CHORUS_SUB_LIST_ATTACHMENTS,
                                         CHORUS_SUB_LIST_VAT };
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "identifiantFactureCPP", invoice_id);
  json_object_set_string_member (body, "codeLangue", "FR");
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    add_sub_list_paging (body, lists[i], direction, lists[i] == list ? page : 1,
                         lists[i] == list ? page_size : SUB_LIST_PAGE_SIZE);
  return body;
}

JsonObject *
chorus_client_build_consult (ChorusDirection direction, gint64 invoice_id)
{
  return build_consult_page (direction, invoice_id, CHORUS_SUB_LIST_LINES, 1, SUB_LIST_PAGE_SIZE);
}

static JsonObject *
build_history_page (gint64 invoice_id, guint page, guint page_size)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "idFacture", invoice_id);
  add_sub_list_paging (body, CHORUS_SUB_LIST_HISTORY, CHORUS_DIRECTION_RECEIVED, page, page_size);
  return body;
}

JsonObject *
chorus_client_build_history (gint64 invoice_id)
{
  return build_history_page (invoice_id, 1, SUB_LIST_PAGE_SIZE);
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

/* ------------------------------------------------------------------ decoders with one signature */

#define ADAPT(name, fn)                                                     \
  static gpointer name (JsonObject *response, gint64 arg, GError **error)  \
  {                                                                         \
    return fn (response, error);                                            \
  }
ADAPT (decode_received_page, chorus_decode_received_page)
ADAPT (decode_issued_page, chorus_decode_issued_page)
ADAPT (decode_validator_page, chorus_decode_validator_page)
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

/* ------------------------------------------------------------------ consulter, until complete */

/* consulter and consulter/historique answer their sub-lists a page at a time (at most 200 by
 * default, §0.11). A list shorter than its total is noticed and its next pages asked for, one
 * request per page, the items appended in order. */
typedef struct {
  gboolean        is_history;
  ChorusDirection direction;
  gint64          id;
  gpointer        result;                          /* ChorusInvoice* or ChorusHistory* */
  guint           have[CHORUS_SUB_LIST_N];         /* items so far */
  guint           next_page[CHORUS_SUB_LIST_N];    /* 0 = complete */
  guint           page_size[CHORUS_SUB_LIST_N];
  ChorusSubList   pending;                         /* the list of the request in flight */
  guint           follow_ups;
} Completion;

static void
completion_free (Completion *c)
{
  if (c->result != NULL)
    {
      if (c->is_history)
        chorus_history_free (c->result);
      else
        g_object_unref (c->result);
    }
  g_free (c);
}

static Completion *
completion_new (gboolean is_history, ChorusDirection direction, gint64 id)
{
  Completion *c = g_new0 (Completion, 1);

  c->is_history = is_history;
  c->direction = direction;
  c->id = id;
  return c;
}

static JsonObject *
completion_first_body (Completion *c)
{
  return c->is_history ? chorus_client_build_history (c->id)
                       : chorus_client_build_consult (c->direction, c->id);
}

/* The sub-lists an answer of this kind carries. */
static gsize
completion_lists (Completion *c, const ChorusSubList **lists)
{
  static const ChorusSubList invoice_lists[] = { CHORUS_SUB_LIST_LINES, CHORUS_SUB_LIST_VAT,
                                                 CHORUS_SUB_LIST_ATTACHMENTS };
  static const ChorusSubList history_lists[] = { CHORUS_SUB_LIST_HISTORY };

  *lists = c->is_history ? history_lists : invoice_lists;
  return c->is_history ? G_N_ELEMENTS (history_lists) : G_N_ELEMENTS (invoice_lists);
}

/* The items of @list in a decoded answer, and how to copy one. */
static GPtrArray *
completion_items (gpointer result, ChorusSubList list, GBoxedCopyFunc *copy)
{
  switch (list)
    {
    case CHORUS_SUB_LIST_LINES:
      *copy = (GBoxedCopyFunc) chorus_invoice_line_copy;
      return chorus_invoice_get_lines (result);
    case CHORUS_SUB_LIST_VAT:
      *copy = (GBoxedCopyFunc) chorus_vat_line_copy;
      return chorus_invoice_get_vat_lines (result);
    case CHORUS_SUB_LIST_ATTACHMENTS:
      *copy = (GBoxedCopyFunc) chorus_attachment_copy;
      return chorus_invoice_get_attachments (result);
    case CHORUS_SUB_LIST_HISTORY:
    case CHORUS_SUB_LIST_N:
    default:
      *copy = (GBoxedCopyFunc) chorus_status_event_copy;
      return ((ChorusHistory *) result)->events;
    }
}

/* Records what @paging says of @list after a page asked as @asked_page brought @added items. */
static void
completion_note (Completion *c, ChorusSubList list, const ChorusSubListPaging *paging,
                 guint asked_page, guint added)
{
  guint page = paging->page > 0 ? paging->page : asked_page;
  gboolean more;

  c->next_page[list] = 0;
  if (!paging->present || added == 0)
    return;
  c->have[list] += added;
  if (asked_page == 1)
    c->page_size[list] = paging->page_size > 0 ? paging->page_size : added;
  if (paging->total > 0)
    more = c->have[list] < paging->total;
  else
    more = paging->pages > page;
  if (more)
    c->next_page[list] = page + 1;
}

/* Takes a decoded answer: the result itself for the first, one more page of c->pending after. */
static gboolean
completion_absorb (Completion *c, JsonObject *response, GError **error)
{
  const ChorusSubList *lists;
  gsize n_lists = completion_lists (c, &lists);
  gpointer page;

  page = c->is_history ? (gpointer) chorus_decode_history_page (response, error)
                       : (gpointer) chorus_decode_invoice (response, c->direction, error);
  if (page == NULL)
    return FALSE;

  if (c->result == NULL)
    {
      c->result = page;
      for (gsize i = 0; i < n_lists; i++)
        {
          ChorusSubListPaging paging;
          GBoxedCopyFunc copy;
          GPtrArray *items = completion_items (c->result, lists[i], &copy);

          chorus_decode_sub_list_paging (response, lists[i], &paging);
          completion_note (c, lists[i], &paging, 1, items != NULL ? items->len : 0);
        }
      return TRUE;
    }

  {
    ChorusSubListPaging paging;
    GBoxedCopyFunc copy;
    GPtrArray *more = completion_items (page, c->pending, &copy);
    GPtrArray *items = completion_items (c->result, c->pending, &copy);
    guint asked = c->next_page[c->pending];

    chorus_decode_sub_list_paging (response, c->pending, &paging);
    if (paging.page > 0 && paging.page != asked)
      {
        /* A server ignoring the page asked sends the first one again: stop there. */
        g_message ("%s: page %u asked, page %u sent; the list stays at %u items",
                   chorus_sub_list_keys (c->pending)->wrapper, asked, paging.page,
                   c->have[c->pending]);
        c->next_page[c->pending] = 0;
      }
    else
      {
        for (guint i = 0; items != NULL && more != NULL && i < more->len; i++)
          g_ptr_array_add (items, copy (g_ptr_array_index (more, i)));
        completion_note (c, c->pending, &paging, asked, more != NULL ? more->len : 0);
      }
  }
  if (c->is_history)
    chorus_history_free (page);
  else
    g_object_unref (page);
  return TRUE;
}

/* The request for the next missing page, or NULL when every list is complete. */
static JsonObject *
completion_next_body (Completion *c)
{
  const ChorusSubList *lists;
  gsize n_lists = completion_lists (c, &lists);

  if (c->follow_ups >= MAX_FOLLOW_UPS)
    return NULL;
  for (gsize i = 0; i < n_lists; i++)
    {
      ChorusSubList list = lists[i];

      if (c->next_page[list] == 0)
        continue;
      c->pending = list;
      c->follow_ups++;
      return c->is_history
             ? build_history_page (c->id, c->next_page[list], c->page_size[list])
             : build_consult_page (c->direction, c->id, list, c->next_page[list],
                                   c->page_size[list]);
    }
  return NULL;
}

/* The finished result: the main attachment flagged, the history in date order. */
static gpointer
completion_steal_result (Completion *c)
{
  gpointer result = g_steal_pointer (&c->result);

  if (c->is_history)
    chorus_history_sort_events (result);
  else
    {
      GPtrArray *attachments = chorus_invoice_get_attachments (result);
      gint64 main_id = chorus_invoice_get_main_attachment_id (result);

      for (guint i = 0; attachments != NULL && i < attachments->len; i++)
        {
          ChorusAttachment *attachment = g_ptr_array_index (attachments, i);

          attachment->is_main = attachment->id != 0 && attachment->id == main_id;
        }
    }
  return result;
}

static const char *
completion_path (Completion *c)
{
  if (c->is_history)
    return "factures/v1/consulter/historique";
  return c->direction == CHORUS_DIRECTION_RECEIVED ? "factures/v1/consulter/recipiendaire"
                                                   : "factures/v1/consulter/fournisseur";
}

static void completion_step (GTask *task, JsonObject *body);

static void
completion_call_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Completion *c = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;

  response = chorus_client_call_finish (CHORUS_CLIENT (source), result, &error);
  if (response == NULL || !completion_absorb (c, response, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  completion_step (task, completion_next_body (c));
}

/* Sends @body (taken), or returns the result when there is nothing left to ask. */
static void
completion_step (GTask *task, JsonObject *body)
{
  Completion *c = g_task_get_task_data (task);

  if (body == NULL)
    {
      g_task_return_pointer (task, completion_steal_result (c),
                             c->is_history ? (GDestroyNotify) chorus_history_free : g_object_unref);
      g_object_unref (task);
      return;
    }
  chorus_client_call_async (g_task_get_source_object (task), completion_path (c), body,
                            g_task_get_cancellable (task), completion_call_cb, task);
  json_object_unref (body);
}

static void
completion_run_async (ChorusClient        *self,
                      Completion          *c,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, c, (GDestroyNotify) completion_free);
  completion_step (task, completion_first_body (c));
}

static gpointer
completion_run_sync (ChorusClient  *self,
                     Completion    *c,
                     GCancellable  *cancellable,
                     GError       **error)
{
  JsonObject *body = completion_first_body (c);
  gpointer result = NULL;

  while (body != NULL)
    {
      g_autoptr(JsonObject) owned = body;
      g_autoptr(JsonObject) response = chorus_client_call_sync (self, completion_path (c), owned,
                                                                cancellable, error);

      if (response == NULL || !completion_absorb (c, response, error))
        {
          completion_free (c);
          return NULL;
        }
      body = completion_next_body (c);
    }
  result = completion_steal_result (c);
  completion_free (c);
  return result;
}

#define CHECK_ID (invoice_id > 0)

void
chorus_client_consult_invoice_async (ChorusClient *self, ChorusDirection direction,
                                     gint64 invoice_id, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (CHECK_ID);
  completion_run_async (self, completion_new (FALSE, direction, invoice_id),
                        chorus_client_consult_invoice_async, cancellable, callback, user_data);
}

ChorusInvoice *
chorus_client_consult_invoice_finish (ChorusClient *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, chorus_client_consult_invoice_async, error);
}

ChorusInvoice *
chorus_client_consult_invoice_sync (ChorusClient *self, ChorusDirection direction,
                                    gint64 invoice_id, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (CHECK_ID, NULL);
  return completion_run_sync (self, completion_new (FALSE, direction, invoice_id), cancellable,
                              error);
}

void
chorus_client_get_history_async (ChorusClient *self, gint64 invoice_id,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (CHECK_ID);
  completion_run_async (self, completion_new (TRUE, CHORUS_DIRECTION_RECEIVED, invoice_id),
                        chorus_client_get_history_async, cancellable, callback, user_data);
}

ChorusHistory *
chorus_client_get_history_finish (ChorusClient *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, chorus_client_get_history_async, error);
}

ChorusHistory *
chorus_client_get_history_sync (ChorusClient *self, gint64 invoice_id, GCancellable *cancellable,
                                GError **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (CHECK_ID, NULL);
  return completion_run_sync (self, completion_new (TRUE, CHORUS_DIRECTION_RECEIVED, invoice_id),
                              cancellable, error);
}

/* ------------------------------------------------------------------ the operations */

#define SPEC(name, path, decode, free_fn, search)                                      \
  static const OpSpec name = { path, decode, (GDestroyNotify) free_fn, search };
#define PAGE_SPEC(name, path, decode, free_fn, kind)                                    \
  static const OpSpec name = { path, decode, (GDestroyNotify) free_fn, TRUE, .result_kind = kind };

PAGE_SPEC (search_received_spec, "factures/v1/rechercher/recipiendaire", decode_received_page,
           chorus_invoice_page_free, RESULT_INVOICE_PAGE)
PAGE_SPEC (search_issued_spec, "factures/v1/rechercher/fournisseur", decode_issued_page,
           chorus_invoice_page_free, RESULT_INVOICE_PAGE)
PAGE_SPEC (search_to_validate_spec, "factures/v1/rechercher/valideur", decode_validator_page,
           chorus_invoice_page_free, RESULT_INVOICE_PAGE)
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
PAGE_SPEC (search_structures_spec, "structures/v1/rechercher", decode_structures,
           chorus_page_free, RESULT_PAGE)
SPEC (consult_structure_spec, "structures/v1/consulter", decode_structure,
      chorus_structure_free, FALSE)
PAGE_SPEC (search_services_spec, "structures/v1/rechercher/services", decode_services,
           chorus_page_free, RESULT_PAGE)
SPEC (consult_service_spec, "structures/v1/consulter/service", decode_service,
      chorus_service_free, FALSE)
PAGE_SPEC (user_attachments_spec, "utilisateurs/v1/monCompte/recuperer/rattachements",
           decode_user_attachments, chorus_page_free, RESULT_PAGE)
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
#undef PAGE_SPEC

/* The same public functions for the four reference lists: a pointer to a spec picked at run
 * time. */
static const OpSpec *const reference_specs[] = {
  [CHORUS_REFERENCE_VAT_RATES] = &vat_rates_spec,
  [CHORUS_REFERENCE_CURRENCIES] = &currencies_spec,
  [CHORUS_REFERENCE_PAYMENT_MODES] = &payment_modes_spec,
  [CHORUS_REFERENCE_CADRES] = &cadres_spec,
};
#define reference_spec(kind) (*reference_specs[kind])

#define P(...) , __VA_ARGS__
#define CHECK_QUERY (query != NULL)
#define CHECK_INVOICE (CHORUS_IS_INVOICE (invoice))

DEFINE_OP (search_received, ChorusInvoicePage *, search_received_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY,
           chorus_client_build_received_query (query), 0)
DEFINE_OP (search_issued, ChorusInvoicePage *, search_issued_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY,
           chorus_client_build_issued_query (query), 0)
DEFINE_OP (search_to_validate, ChorusInvoicePage *, search_to_validate_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY, build_validator_query (query), 0)
DEFINE_OP (process_received, ChorusActionResult *, process_received_spec,
           P (gint64 invoice_id, ChorusStatus target, const char *motif,
              const char *mandate_number),
           CHECK_ID, build_process_received (invoice_id, target, motif, mandate_number), 0)
DEFINE_OP (download, GBytes *, download_spec,
           P (const gint64 *invoice_ids, guint n_ids, ChorusDownloadFormat format,
              gboolean with_attachments), (invoice_ids != NULL && n_ids > 0),
           chorus_client_build_download (invoice_ids, n_ids, format, with_attachments), 0)
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

/* ------------------------------------------------------------------ facturesTravaux */

static gpointer
decode_works_page (JsonObject *response, gint64 arg, GError **error)
{
  return chorus_works_page_from_json (response, error);
}

static gpointer
decode_works_piece (JsonObject *response, gint64 arg, GError **error)
{
  return chorus_works_piece_from_consult (response, error);
}

void
chorus_works_result_free (ChorusWorksResult *result)
{
  if (result == NULL)
    return;
  g_free (result->number);
  g_free (result->dossier);
  g_free (result->status_code);
  g_free (result->date);
  g_free (result->certificate);
  g_free (result);
}

ChorusWorksResult *
chorus_works_result_from_json (JsonObject  *response,
                               GError     **error)
{
  g_autoptr(ChorusWorksResult) result = g_new0 (ChorusWorksResult, 1);

  g_return_val_if_fail (response != NULL, NULL);

  if (!chorus_json_read_int (response, "idFactureTravaux", &result->piece_id, error) ||
      !chorus_json_read_int (response, "idPiecePrecedente", &result->previous_id, error) ||
      !chorus_json_read_string (response, "numeroFactureTravaux", &result->number, error) ||
      !chorus_json_read_string (response, "numeroDossierFacturation", &result->dossier, error) ||
      !chorus_json_read_string (response, "empreinteCertificatDepot", &result->certificate, error))
    return NULL;
  if (!chorus_json_read_string (response, "statutFactureTravaux", &result->status_code, error) ||
      (result->status_code == NULL && !chorus_json_read_string (response, "statut", &result->status_code, error)))
    return NULL;
  if (!chorus_json_get_date (response, "dateDepot", &result->date, error) ||
      (result->date == NULL && !chorus_json_get_datetime (response, "dateTraitement", &result->date, error)))
    return NULL;
  return g_steal_pointer (&result);
}

/* The suspension's answer is {codeRetour, libelle} only (COMM sample): the piece is the one
 * the request named. */
static gpointer
decode_works_result (JsonObject *response, gint64 piece_id, GError **error)
{
  ChorusWorksResult *result = chorus_works_result_from_json (response, error);

  if (result != NULL && result->piece_id == 0)
    result->piece_id = piece_id;
  return result;
}

/* Every facturesTravaux path the app calls, in one table: a corrected path is one line.
 * Only rechercher is confirmed on PISTE (Pastell's constant and its test URL). The others are
 * AIFE's pre-PISTE operation names (COMM pages, CS2017, the SPEC V4.10 change log) put under
 * facturesTravaux/v1/ as reference §0.2 says: UNCONFIRMED until a real account answers. */
#define WORKS_SPEC(op, path_, decode_, free_, search_) \
  [op] = { .path = path_, .decode = decode_, .free_result = (GDestroyNotify) free_, .is_search = search_ }
static const OpSpec works_specs[CHORUS_WORKS_OP_LAST] = {
  WORKS_SPEC (CHORUS_WORKS_OP_SEARCH, "facturesTravaux/v1/rechercher", decode_works_page,
              chorus_works_page_free, TRUE),                                            /* confirmed */
  WORKS_SPEC (CHORUS_WORKS_OP_CONSULT, "facturesTravaux/v1/consulter", decode_works_piece,
              chorus_works_piece_free, FALSE),                                          /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_DOSSIER, "facturesTravaux/v1/consulter/dossierfacturation", decode_works_page,
              chorus_works_page_free, TRUE),                                            /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_SUBMIT, "facturesTravaux/v1/soumettre", decode_works_result,
              chorus_works_result_free, FALSE),                                         /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_SUSPEND, "facturesTravaux/v1/suspendre/demander/completer/factureTravaux",
              decode_works_result, chorus_works_result_free, FALSE),                    /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_REFUSE, "facturesTravaux/v1/refuser", decode_works_result,
              chorus_works_result_free, FALSE),                                         /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_ASK_RECYCLE, "facturesTravaux/v1/demander/recyclage", decode_works_result,
              chorus_works_result_free, FALSE),                                         /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_RECYCLE, "facturesTravaux/v1/recycler", decode_works_result,
              chorus_works_result_free, FALSE),                                         /* UNCONFIRMED */
  WORKS_SPEC (CHORUS_WORKS_OP_COMPLETE, "facturesTravaux/v1/completer", decode_works_result,
              chorus_works_result_free, FALSE),                                         /* UNCONFIRMED */
  /* §0.2 writes it as one word; §2.2's "completer/moe" is the older spelling. */
  WORKS_SPEC (CHORUS_WORKS_OP_COMPLETE_MOE, "facturesTravaux/v1/completermoe", decode_works_result,
              chorus_works_result_free, FALSE),                                         /* UNCONFIRMED */
  /* A piece is a demande de paiement (typeDemandePaiement FACTURE_TRAVAUX): its PDF comes
   * like an invoice's, by its id. No source shows a facturesTravaux download. */
  WORKS_SPEC (CHORUS_WORKS_OP_DOWNLOAD, "factures/v1/telecharger/groupe", decode_download,
              g_bytes_unref, FALSE),                                                    /* UNCONFIRMED for works ids */
};
#undef WORKS_SPEC

const char *
chorus_client_works_path (ChorusWorksOp op)
{
  g_return_val_if_fail ((guint) op < CHORUS_WORKS_OP_LAST, NULL);

  return works_specs[op].path;
}

gboolean
chorus_client_works_path_confirmed (ChorusWorksOp op)
{
  return op == CHORUS_WORKS_OP_SEARCH;
}

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
  query->page_size = DEFAULT_PAGE_SIZE;
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
  json_object_set_int_member (paging, "nbResultatsParPage", query->page_size > 0 ? query->page_size : DEFAULT_PAGE_SIZE);
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
  g_autofree char *short_comment = utf8_cut (comment, MOTIF_MAX_CHARS);

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

static JsonObject *
build_works_download (gint64 piece_id)
{
  return chorus_client_build_download (&piece_id, 1, CHORUS_DOWNLOAD_PDF, FALSE);
}

#define WORKS_OP(op) works_specs[op]
#define CHECK_PIECE (piece_id > 0)
DEFINE_OP (works_search, ChorusWorksPage *, WORKS_OP (CHORUS_WORKS_OP_SEARCH),
           P (const ChorusWorksQuery *query), CHECK_QUERY, chorus_works_build_search (query), 0)
DEFINE_OP (works_consult, ChorusWorksPiece *, WORKS_OP (CHORUS_WORKS_OP_CONSULT), P (gint64 piece_id), CHECK_PIECE,
           chorus_works_build_piece (piece_id), 0)
DEFINE_OP (works_dossier, ChorusWorksPage *, WORKS_OP (CHORUS_WORKS_OP_DOSSIER), P (gint64 piece_id), CHECK_PIECE,
           chorus_works_build_piece (piece_id), 0)
DEFINE_OP (works_submit, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_SUBMIT),
           P (const ChorusWorksDeposit *deposit, gint64 attachment_id), (deposit != NULL),
           chorus_works_build_submit (deposit, attachment_id), 0)
DEFINE_OP (works_suspend, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_SUSPEND),
           P (gint64 piece_id, const char *comment), CHECK_PIECE, chorus_works_build_comment (piece_id, comment),
           piece_id)
DEFINE_OP (works_refuse, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_REFUSE),
           P (gint64 piece_id, const char *comment), CHECK_PIECE, chorus_works_build_comment (piece_id, comment),
           piece_id)
DEFINE_OP (works_ask_recycle, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_ASK_RECYCLE), P (gint64 piece_id),
           CHECK_PIECE, chorus_works_build_piece (piece_id), piece_id)
DEFINE_OP (works_recycle, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_RECYCLE),
           P (gint64 piece_id, const char *comment), CHECK_PIECE, chorus_works_build_comment (piece_id, comment),
           piece_id)
DEFINE_OP (works_complete, ChorusWorksResult *,
           WORKS_OP (by_moe ? CHORUS_WORKS_OP_COMPLETE_MOE : CHORUS_WORKS_OP_COMPLETE),
           P (gint64 piece_id, gboolean by_moe, const char *comment, const gint64 *attachment_ids,
              const char * const *names, guint n_attachments),
           (piece_id > 0 && (attachment_ids != NULL || n_attachments == 0)),
           chorus_works_build_complete (piece_id, comment, attachment_ids, names, n_attachments), piece_id)
DEFINE_OP (works_download, GBytes *, WORKS_OP (CHORUS_WORKS_OP_DOWNLOAD), P (gint64 piece_id), CHECK_PIECE,
           build_works_download (piece_id), 0)
#undef WORKS_OP
#undef CHECK_PIECE
