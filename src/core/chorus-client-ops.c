/* chorus-client-ops.c: the typed operations of ChorusClient, one row of a table each (path, decoder,
 * what it sends and receives), and the transport policy of every path. Their bodies are built in
 * chorus-client-bodies.c; consulter, which asks again for cut sub-lists, is chorus-client-consult.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-ops-private.h"
#include "chorus-deposit-file.h"
#include "chorus-json.h"
#include "chorus-status.h"

/* ---------------------------------------------------------------------------------------------- */
/* The transport policy per path */

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
  { "transverses/v1/recuperer/motifs/refus/Facture/AValider", CHORUS_CALL_REFERENCE },
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

/* ---------------------------------------------------------------------------------------------- */
/* Generic plumbing */

typedef gpointer (*OpDecodeFunc) (JsonObject *response, gint64 arg, GError **error);

/* What a result holds, for naming the operation of its unreadable items. */
typedef enum {
  RESULT_OTHER,
  RESULT_INVOICE_PAGE,
  RESULT_PAGE,
} ResultKind;

typedef struct {
  const char     *path;         /* NULL: a token request alone */
  OpDecodeFunc    decode;
  GDestroyNotify  free_result;
  gboolean        is_search;    /* codeRetour 20000 / 20007 = an empty page */
  const char     *upload_key;   /* the base64 member carrying the file sent, if any */
  gsize           max_upload;   /* the platform's limit for that file */
  const char     *download_key; /* the base64 member carrying the file received, if any */
  ResultKind      result_kind;
  const char     *method;       /* NULL: POST */
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

static ChorusCallRequest
op_request (const OpSpec *spec, JsonObject *body, GBytes *upload)
{
  ChorusCallRequest request = {
    .method = spec->method, .path = spec->path, .body = body,
    .upload_key = spec->upload_key, .upload = upload, .download_key = spec->download_key,
  };

  return request;
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
  ChorusCallRequest request;
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
  request = op_request (spec, owned_body, upload);
  _chorus_client_call_full_async (self, &request, cancellable, op_call_cb, task);
}

gpointer
_chorus_client_op_finish (ChorusClient  *self,
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
  ChorusCallRequest request;
  GError *call_error = NULL;

  if (!check_upload (spec, upload, error))
    return NULL;
  request = op_request (spec, owned_body, upload);
  response = _chorus_client_call_full_sync (self, &request, &download, cancellable, &call_error);
  return op_decode (spec, arg, response, download, call_error, error);
}

/* Defines the public functions of an operation (the prototypes are in chorus-client.h and
 * chorus-client-works.h), only those something calls: WHICH is ASYNC (_async and _finish), SYNC
 * (_sync, which blocks, for the sync's worker threads) or BOTH. PARAMS are the parameters after
 * self, in parentheses, CHECKS a precondition on them, BUILD the expression making the body, ARG
 * the decoder argument, UPLOAD the file sent (NULL for most), RESULT what _finish and _sync make of
 * the decoded answer. */
#define DEFINE_OP_FULL(WHICH, verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD, RESULT) \
  OP_VARIANTS_##WHICH (verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD, RESULT)
#define OP_VARIANTS_ASYNC(...) OP_ASYNC_PAIR (__VA_ARGS__)
#define OP_VARIANTS_SYNC(...) OP_SYNC (__VA_ARGS__)
#define OP_VARIANTS_BOTH(...) OP_ASYNC_PAIR (__VA_ARGS__) OP_SYNC (__VA_ARGS__)

#define OP_ASYNC_PAIR(verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD, RESULT)             \
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
    return RESULT (_chorus_client_op_finish (self, result, chorus_client_##verb##_async, error)); \
  }
#define OP_SYNC(verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD, RESULT)                   \
  Ret                                                                                       \
  chorus_client_##verb##_sync (ChorusClient *self UNWRAP PARAMS, GCancellable *cancellable,  \
                               GError **error)                                              \
  {                                                                                         \
    g_return_val_if_fail (CHORUS_IS_CLIENT (self), (Ret) 0);                                \
    g_return_val_if_fail (CHECKS, (Ret) 0);                                                 \
    return RESULT (op_sync (self, &spec, (ARG), (BUILD), (UPLOAD), cancellable, error));    \
  }
#define UNWRAP(...) __VA_ARGS__
#define RESULT_AS_IS(value) (value)
#define RESULT_SUCCEEDED(value) ((value) != NULL)

/* An operation whose result is its decoded answer. */
#define DEFINE_OP(WHICH, verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG) \
  DEFINE_OP_FULL (WHICH, verb, Ret, spec, (PARAMS), CHECKS, BUILD, ARG, NULL, RESULT_AS_IS)
/* The same for an operation that sends a file. */
#define DEFINE_UPLOAD_OP(WHICH, verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD) \
  DEFINE_OP_FULL (WHICH, verb, Ret, spec, PARAMS, CHECKS, BUILD, ARG, UPLOAD, RESULT_AS_IS)
/* An operation without parameters whose answer only tells that it went through. */
#define DEFINE_CHECK_OP(WHICH, verb, spec) \
  DEFINE_OP_FULL (WHICH, verb, gboolean, spec, (), TRUE, NULL, 0, NULL, RESULT_SUCCEEDED)

#define NO_CHECKS TRUE

/* ---------------------------------------------------------------------------------------------- */
/* Decoders with one signature */

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

/* Any answer that came (its codeRetour checked) says that the operation went through. */
static gpointer
decode_success (JsonObject *response, gint64 arg, GError **error)
{
  return GINT_TO_POINTER (TRUE);
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

/* ---------------------------------------------------------------------------------------------- */
/* The operations */

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
/* A cadre without validators has no refusal motifs: "no result" is an empty list. */
SPEC (refusal_motifs_spec, "transverses/v1/recuperer/motifs/refus/Facture/AValider",
      decode_references, chorus_page_free, TRUE)
static const OpSpec add_file_spec = {
  "transverses/v1/ajouter/fichier", decode_action_result, (GDestroyNotify) chorus_action_result_free,
  FALSE, .upload_key = "pieceJointeFichier", .max_upload = CHORUS_DEPOSIT_MAX_FILE_BYTES,
};
/* The token request alone: it checks the PISTE client ID and secret, not the technical account. */
static const OpSpec check_token_spec = { NULL, decode_success, NULL, FALSE };
static const OpSpec health_check_spec = {
  "transverses/v1/health-check", decode_success, NULL, FALSE, .method = "GET",
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
  [CHORUS_REFERENCE_REFUSAL_MOTIFS] = &refusal_motifs_spec,
};
#define reference_spec(kind) (*reference_specs[kind])

#define P(...) , __VA_ARGS__
#define CHECK_ID (invoice_id > 0)
#define CHECK_QUERY (query != NULL)
#define CHECK_INVOICE (CHORUS_IS_INVOICE (invoice))

DEFINE_CHECK_OP (BOTH, check_token, check_token_spec)
DEFINE_CHECK_OP (BOTH, health_check, health_check_spec)
DEFINE_OP (BOTH, search_received, ChorusInvoicePage *, search_received_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY,
           chorus_client_build_received_query (query), 0)
DEFINE_OP (BOTH, search_issued, ChorusInvoicePage *, search_issued_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY,
           chorus_client_build_issued_query (query), 0)
DEFINE_OP (SYNC, search_to_validate, ChorusInvoicePage *, search_to_validate_spec,
           P (const ChorusInvoiceQuery *query), CHECK_QUERY, chorus_client_build_validator_query (query), 0)
DEFINE_OP (SYNC, process_received, ChorusActionResult *, process_received_spec,
           P (gint64 invoice_id, ChorusStatus target, const char *motif,
              const char *mandate_number),
           CHECK_ID, _chorus_client_build_process_received (invoice_id, target, motif, mandate_number), 0)
DEFINE_OP (BOTH, download, GBytes *, download_spec,
           P (const gint64 *invoice_ids, guint n_ids, ChorusDownloadFormat format,
              gboolean with_attachments), (invoice_ids != NULL && n_ids > 0),
           chorus_client_build_download (invoice_ids, n_ids, format, with_attachments), 0)
DEFINE_OP (BOTH, get_status_targets, GArray *, status_targets_spec, P (ChorusStatus current),
           NO_CHECKS, _chorus_client_build_with_string ("statutCourant", chorus_status_to_api (current)), 0)
#define CHECK_PDF (pdf != NULL && file_name != NULL)
DEFINE_UPLOAD_OP (BOTH, deposit_pdf, ChorusActionResult *, deposit_pdf_spec,
                  (P (GBytes *pdf, const char *file_name)), CHECK_PDF,
                  _chorus_client_build_deposit_pdf (file_name), 0, pdf)
DEFINE_OP (BOTH, submit, ChorusActionResult *, submit_spec, P (ChorusInvoice *invoice), CHECK_INVOICE,
           chorus_client_build_submit_body (invoice), 0)
#define CHECK_FLOW (file != NULL && file_name != NULL && syntax != NULL)
DEFINE_UPLOAD_OP (BOTH, deposit_flow, ChorusActionResult *, deposit_flow_spec,
                  (P (GBytes *file, const char *file_name, const char *syntax)), CHECK_FLOW,
                  _chorus_client_build_deposit_flow (file_name, syntax), 0, file)
#define CHECK_FLOW_NUMBER (flow_number != NULL)
DEFINE_OP (SYNC, get_flow_report, ChorusFlowReport *, flow_report_spec, P (const char *flow_number),
           CHECK_FLOW_NUMBER, _chorus_client_build_with_string ("numeroFluxDepot", flow_number), 0)
DEFINE_OP (SYNC, complete, ChorusActionResult *, complete_spec,
           P (gint64 invoice_id, const char *comment, GPtrArray *attachments), CHECK_ID,
           _chorus_client_build_complete (invoice_id, comment, attachments), 0)
DEFINE_OP (SYNC, recycle, ChorusActionResult *, recycle_spec,
           P (gint64 invoice_id, const char *recipient_code, const char *service_code,
              const char *engagement_number, const char *comment), CHECK_ID,
           _chorus_client_build_recycle (invoice_id, recipient_code, service_code, engagement_number, comment),
           0)
#define CHECK_ACTION ((guint) action < CHORUS_VALIDATION_LAST)
DEFINE_OP (SYNC, validate, ChorusActionResult *, validate_spec,
           P (gint64 invoice_id, ChorusValidationAction action, const char *motif,
              const char *complement, gint64 validator_id), (CHECK_ID && CHECK_ACTION),
           chorus_client_build_validate_body (invoice_id, action, motif, complement, validator_id), 0)
DEFINE_OP (BOTH, search_structures, ChorusPage *, search_structures_spec,
           P (const char *identifier, ChorusIdType id_type, const char *name, guint page,
              guint page_size), NO_CHECKS,
           _chorus_client_build_search_structures (identifier, id_type, name, page, page_size), 0)
#define CHECK_STRUCTURE (structure_id > 0)
DEFINE_OP (BOTH, consult_structure, ChorusStructure *, consult_structure_spec, P (gint64 structure_id),
           CHECK_STRUCTURE, _chorus_client_build_consult_structure (structure_id), 0)
DEFINE_OP (BOTH, search_services, ChorusPage *, search_services_spec,
           P (gint64 structure_id, guint page, guint page_size), CHECK_STRUCTURE,
           _chorus_client_build_search_services (structure_id, page, page_size), 0)
DEFINE_OP (BOTH, consult_service, ChorusService *, consult_service_spec,
           P (gint64 structure_id, gint64 service_id), CHECK_STRUCTURE,
           _chorus_client_build_consult_service (structure_id, service_id), service_id)
DEFINE_OP (BOTH, get_user_attachments, ChorusPage *, user_attachments_spec,
           P (guint page, guint page_size), NO_CHECKS,
           _chorus_client_build_paged ("parametresRecherche", page, page_size), 0)
#define CHECK_KIND ((guint) kind < G_N_ELEMENTS (reference_specs))
DEFINE_OP (SYNC, get_references, ChorusPage *, reference_spec (kind),
           P (ChorusReferenceKind kind, const char *request_type), CHECK_KIND,
           _chorus_client_build_references (kind, request_type), kind)
DEFINE_OP (SYNC, get_bank_details, ChorusPage *, bank_details_spec, P (gint64 structure_id), CHECK_STRUCTURE,
           _chorus_client_build_bank_details (structure_id), CHORUS_REFERENCE_BANK_DETAILS)
DEFINE_UPLOAD_OP (SYNC, add_file, ChorusActionResult *, add_file_spec,
                  (P (GBytes *file, const char *file_name, const char *extension,
                      const char *mime_type)),
                  (file != NULL && file_name != NULL && extension != NULL),
                  _chorus_client_build_add_file (file_name, extension, mime_type), 0, file)

/* ---------------------------------------------------------------------------------------------- */
/* facturesTravaux */

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

  if (!chorus_json_get_int (response, "idFactureTravaux", &result->piece_id, error) ||
      !chorus_json_get_int (response, "idPiecePrecedente", &result->previous_id, error) ||
      !chorus_json_get_trimmed (response, "numeroFactureTravaux", &result->number, error) ||
      !chorus_json_get_trimmed (response, "numeroDossierFacturation", &result->dossier, error) ||
      !chorus_json_get_trimmed (response, "empreinteCertificatDepot", &result->certificate, error))
    return NULL;
  if (!chorus_json_get_trimmed (response, "statutFactureTravaux", &result->status_code, error) ||
      (result->status_code == NULL && !chorus_json_get_trimmed (response, "statut", &result->status_code, error)))
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

#define WORKS_OP(op) works_specs[op]
#define CHECK_PIECE (piece_id > 0)
DEFINE_OP (SYNC, works_search, ChorusWorksPage *, WORKS_OP (CHORUS_WORKS_OP_SEARCH),
           P (const ChorusWorksQuery *query), CHECK_QUERY, chorus_works_build_search (query), 0)
DEFINE_OP (SYNC, works_consult, ChorusWorksPiece *, WORKS_OP (CHORUS_WORKS_OP_CONSULT), P (gint64 piece_id), CHECK_PIECE,
           chorus_works_build_piece (piece_id), 0)
DEFINE_OP (SYNC, works_dossier, ChorusWorksPage *, WORKS_OP (CHORUS_WORKS_OP_DOSSIER), P (gint64 piece_id), CHECK_PIECE,
           chorus_works_build_piece (piece_id), 0)
DEFINE_OP (SYNC, works_submit, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_SUBMIT),
           P (const ChorusWorksDeposit *deposit, gint64 attachment_id), (deposit != NULL),
           chorus_works_build_submit (deposit, attachment_id), 0)
DEFINE_OP (SYNC, works_suspend, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_SUSPEND),
           P (gint64 piece_id, const char *comment), CHECK_PIECE, chorus_works_build_comment (piece_id, comment),
           piece_id)
DEFINE_OP (SYNC, works_refuse, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_REFUSE),
           P (gint64 piece_id, const char *comment), CHECK_PIECE, chorus_works_build_comment (piece_id, comment),
           piece_id)
DEFINE_OP (SYNC, works_ask_recycle, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_ASK_RECYCLE), P (gint64 piece_id),
           CHECK_PIECE, chorus_works_build_piece (piece_id), piece_id)
DEFINE_OP (SYNC, works_recycle, ChorusWorksResult *, WORKS_OP (CHORUS_WORKS_OP_RECYCLE),
           P (gint64 piece_id, const char *comment), CHECK_PIECE, chorus_works_build_comment (piece_id, comment),
           piece_id)
DEFINE_OP (SYNC, works_complete, ChorusWorksResult *,
           WORKS_OP (by_moe ? CHORUS_WORKS_OP_COMPLETE_MOE : CHORUS_WORKS_OP_COMPLETE),
           P (gint64 piece_id, gboolean by_moe, const char *comment, const gint64 *attachment_ids,
              const char * const *names, guint n_attachments),
           (piece_id > 0 && (attachment_ids != NULL || n_attachments == 0)),
           chorus_works_build_complete (piece_id, comment, attachment_ids, names, n_attachments), piece_id)
DEFINE_OP (SYNC, works_download, GBytes *, WORKS_OP (CHORUS_WORKS_OP_DOWNLOAD), P (gint64 piece_id), CHECK_PIECE,
           _chorus_client_build_works_download (piece_id), 0)
#undef WORKS_OP
#undef CHECK_PIECE
