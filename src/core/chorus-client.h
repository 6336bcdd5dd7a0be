/* chorus-client.h: the Chorus Pro API client (PISTE OAuth2 + cpro-account), async with retries. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "chorus-client-error.h"
#include "chorus-client-types.h"
#include "chorus-invoice.h"
#include "chorus-status.h"
#include "chorus-structure.h"

G_BEGIN_DECLS

/* Newly allocated (free with g_free); NULL for LOCAL without a base URL. */
char       *chorus_environment_token_url    (ChorusEnvironment  env,
                                             const char        *local_base_url);
/* The API root ending in "/cpro/"; newly allocated, NULL for LOCAL without a base URL. */
char       *chorus_environment_api_url      (ChorusEnvironment  env,
                                             const char        *local_base_url);

/* Microseconds on a monotonic clock; tests inject one to move time forward. */
typedef gint64 (*ChorusClientClock) (gpointer user_data);

/* One HTTP exchange (one attempt; the token request too), as the API journal keeps it: the
 * bodies are already stripped of every secret (see chorus-journal.h) and cut. */
typedef struct {
  gint64      time;          /* when the request left: microseconds since the epoch */
  const char *method;
  const char *operation;     /* the path below /cpro/, or "oauth/token" */
  guint       http_status;   /* 0 when no answer came */
  gboolean    has_code;
  gint64      code;          /* the answer's codeRetour */
  const char *libelle;
  guint       duration_ms;
  const char *error;         /* why it failed on our side (timeout, network), or NULL */
  const char *request;       /* redacted body, or NULL */
  const char *response;
} ChorusClientExchange;

/* Called from the thread that made the exchange. */
typedef void (*ChorusClientExchangeFunc) (const ChorusClientExchange *exchange,
                                          gpointer                    user_data);

#define CHORUS_TYPE_CLIENT (chorus_client_get_type ())
G_DECLARE_FINAL_TYPE (ChorusClient, chorus_client, CHORUS, CLIENT, GObject)

ChorusClient *chorus_client_new             (ChorusEnvironment  env,
                                             const char        *local_base_url);
ChorusEnvironment chorus_client_get_environment (ChorusClient  *self);
/* Any argument may be NULL. Changing them drops the cached token. Never logged. */
void        chorus_client_set_credentials   (ChorusClient      *self,
                                             const char        *client_id,
                                             const char        *client_secret,
                                             const char        *tech_login,
                                             const char        *tech_password);
/* Seconds of network silence before a request fails (default 30). Set it before the first
 * request: the connection pool of a thread, once made, keeps the value it started with. */
void        chorus_client_set_timeout       (ChorusClient      *self,
                                             guint              seconds);
/* Retries: at most @max_retries more attempts, waiting base_delay_ms * 2^n capped at
 * max_delay_ms (±20 % at random), or the server's Retry-After when longer. A Retry-After beyond
 * max_retry_after_ms fails at once, the error carrying when to come back
 * (chorus_client_error_get_retry_at). Defaults 3, 1000, 30000, 120000. */
void        chorus_client_set_retry_policy  (ChorusClient      *self,
                                             guint              max_retries,
                                             guint              base_delay_ms,
                                             guint              max_delay_ms,
                                             guint              max_retry_after_ms);
/* Overall time one request may take, from sending to the last byte of the answer (the timeout
 * only bounds each silence): @long_ms for files (downloads, deposits), @ordinary_ms for the
 * rest. Defaults 90 s and 15 min. */
void        chorus_client_set_deadlines     (ChorusClient      *self,
                                             guint              ordinary_ms,
                                             guint              long_ms);
/* Every exchange from now on goes to @func (NULL to stop); @destroy frees @user_data. */
void        chorus_client_set_exchange_func (ChorusClient      *self,
                                             ChorusClientExchangeFunc func,
                                             gpointer           user_data,
                                             GDestroyNotify     destroy);
void        chorus_client_set_clock         (ChorusClient      *self,
                                             ChorusClientClock  clock,
                                             gpointer           user_data);
/* Drops the cached token, so the next call fetches a new one. */
void        chorus_client_forget_token      (ChorusClient      *self);

/* Generic call. @path is relative to /cpro/, e.g. "factures/v1/rechercher/recipiendaire";
 * @body may be NULL (sent as {}). The result is the response object, codeRetour checked
 * (codeRetour != 0 is CHORUS_CLIENT_ERROR_API). Cancellation gives G_IO_ERROR_CANCELLED.
 * A missing or expiring token is fetched first; a 401 renews it and retries once.
 * Reads (the operations listed as such in chorus-client-ops.c) are sent again after a 429, a
 * 5xx, a timeout or a lost connection. Anything else is a write: sent again only after a 429
 * (the gateway's, before the API) or a connection that never opened, since a write may already
 * have been applied; its 502/503/504 or timeout is the caller's to check (the outbox does).
 * A redirection is never followed (an error naming the host). Each operation has a cap on the
 * size of its answer (CHORUS_CLIENT_ERROR_TOO_LARGE) and an overall deadline. */
void        chorus_client_call_async        (ChorusClient      *self,
                                             const char        *path,
                                             JsonObject        *body,
                                             GCancellable      *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
JsonObject *chorus_client_call_finish       (ChorusClient      *self,
                                             GAsyncResult      *result,
                                             GError           **error);
/* Blocks; usable from a worker thread. Each calling thread gets one private main context
 * (and its own connections) that it keeps for all its sync calls. */
JsonObject *chorus_client_call_sync         (ChorusClient      *self,
                                             const char        *path,
                                             JsonObject        *body,
                                             GCancellable      *cancellable,
                                             GError           **error);

/* ------------------------------------------------------------------ typed operations
 * Each comes as _async / _finish, as _sync (it blocks: for the sync's worker threads), or both:
 * only the forms something calls exist. Results are owned by the caller. Searches answer an
 * empty page, not an error, when Chorus says "no result" (codeRetour 20000). The facturesTravaux operations are in
 * chorus-client-works.h; there codeRetour 20007 means no result. */

/* The definitions are written by DEFINE_OP and its siblings, one line per operation, in
 * chorus-client-ops.c (the request bodies in chorus-client-bodies.c). */

/* Fetches a new PISTE token: checks the client ID and secret (not the technical account). */
void     chorus_client_check_token_async   (ChorusClient *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean chorus_client_check_token_finish  (ChorusClient *self, GAsyncResult *result, GError **error);
gboolean chorus_client_check_token_sync    (ChorusClient *self, GCancellable *cancellable,
                                            GError **error);
/* GET transverses/v1/health-check. */
void     chorus_client_health_check_async  (ChorusClient *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean chorus_client_health_check_finish (ChorusClient *self, GAsyncResult *result, GError **error);
gboolean chorus_client_health_check_sync   (ChorusClient *self, GCancellable *cancellable,
                                            GError **error);

/* factures/v1/rechercher/recipiendaire: invoices we received. */
void               chorus_client_search_received_async  (ChorusClient *self,
                                                         const ChorusInvoiceQuery *query,
                                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                                         gpointer user_data);
ChorusInvoicePage *chorus_client_search_received_finish (ChorusClient *self, GAsyncResult *result,
                                                         GError **error);
ChorusInvoicePage *chorus_client_search_received_sync   (ChorusClient *self,
                                                         const ChorusInvoiceQuery *query,
                                                         GCancellable *cancellable, GError **error);
/* factures/v1/rechercher/fournisseur: invoices we issued. */
void               chorus_client_search_issued_async    (ChorusClient *self,
                                                         const ChorusInvoiceQuery *query,
                                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                                         gpointer user_data);
ChorusInvoicePage *chorus_client_search_issued_finish   (ChorusClient *self, GAsyncResult *result,
                                                         GError **error);
ChorusInvoicePage *chorus_client_search_issued_sync     (ChorusClient *self,
                                                         const ChorusInvoiceQuery *query,
                                                         GCancellable *cancellable, GError **error);
/* factures/v1/rechercher/valideur: the invoices of the account's validator structures, any status
 * unless the query names one (A_VALIDER_1, A_VALIDER_2…). */
ChorusInvoicePage *chorus_client_search_to_validate_sync   (ChorusClient *self,
                                                            const ChorusInvoiceQuery *query,
                                                            GCancellable *cancellable,
                                                            GError **error);

/* factures/v1/consulter/recipiendaire, /fournisseur or /valideur (by @direction): the invoice with
 * lines, VAT lines and attachments. */
void           chorus_client_consult_invoice_async  (ChorusClient *self, ChorusDirection direction,
                                                     gint64 invoice_id, GCancellable *cancellable,
                                                     GAsyncReadyCallback callback, gpointer user_data);
ChorusInvoice *chorus_client_consult_invoice_finish (ChorusClient *self, GAsyncResult *result,
                                                     GError **error);
ChorusInvoice *chorus_client_consult_invoice_sync   (ChorusClient *self, ChorusDirection direction,
                                                     gint64 invoice_id, GCancellable *cancellable,
                                                     GError **error);
/* factures/v1/consulter/historique. */
ChorusHistory *chorus_client_get_history_sync       (ChorusClient *self, gint64 invoice_id,
                                                     GCancellable *cancellable, GError **error);

/* factures/v1/traiter/recue. @motif is required for REJETEE and SUSPENDUE (cut to 255
 * characters); @mandate_number goes with MANDATEE. Both may be NULL otherwise. */
ChorusActionResult *chorus_client_process_received_sync   (ChorusClient *self, gint64 invoice_id,
                                                           ChorusStatus target, const char *motif,
                                                           const char *mandate_number,
                                                           GCancellable *cancellable,
                                                           GError **error);

/* factures/v1/telecharger/groupe: a PDF, a ZIP (several files) or a pivot XML. */
void    chorus_client_download_async  (ChorusClient *self, const gint64 *invoice_ids, guint n_ids,
                                       ChorusDownloadFormat format, gboolean with_attachments,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
GBytes *chorus_client_download_finish (ChorusClient *self, GAsyncResult *result, GError **error);
GBytes *chorus_client_download_sync   (ChorusClient *self, const gint64 *invoice_ids, guint n_ids,
                                       ChorusDownloadFormat format, gboolean with_attachments,
                                       GCancellable *cancellable, GError **error);

/* transverses/v1/recuperer/etats/traitement: statuses a recipient may set from @current;
 * a GArray of ChorusStatus (unknown codes dropped). */
void    chorus_client_get_status_targets_async  (ChorusClient *self, ChorusStatus current,
                                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                                 gpointer user_data);
GArray *chorus_client_get_status_targets_finish (ChorusClient *self, GAsyncResult *result,
                                                 GError **error);
GArray *chorus_client_get_status_targets_sync   (ChorusClient *self, ChorusStatus current,
                                                 GCancellable *cancellable, GError **error);

/* factures/v1/deposer/pdf: uploads the PDF; the result's attachment_id goes in soumettre, and
 * its `read` holds what the platform read in the PDF, to prefill the deposit. */
void                chorus_client_deposit_pdf_async  (ChorusClient *self, GBytes *pdf,
                                                      const char *file_name, GCancellable *cancellable,
                                                      GAsyncReadyCallback callback, gpointer user_data);
ChorusActionResult *chorus_client_deposit_pdf_finish (ChorusClient *self, GAsyncResult *result,
                                                      GError **error);
ChorusActionResult *chorus_client_deposit_pdf_sync   (ChorusClient *self, GBytes *pdf,
                                                      const char *file_name,
                                                      GCancellable *cancellable, GError **error);
/* factures/v1/soumettre: the invoice's recipient code, service code, supplier id, service
 * and bank details, cadre, references, lines, VAT lines, totals, main attachment id
 * (DEPOT_PDF_API when set, SAISIE_API otherwise) and its other attachments (already
 * uploaded: pieceJointeComplementaire). */
void                chorus_client_submit_async  (ChorusClient *self, ChorusInvoice *invoice,
                                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                                 gpointer user_data);
ChorusActionResult *chorus_client_submit_finish (ChorusClient *self, GAsyncResult *result,
                                                 GError **error);
ChorusActionResult *chorus_client_submit_sync   (ChorusClient *self, ChorusInvoice *invoice,
                                                 GCancellable *cancellable, GError **error);
/* factures/v1/deposer/flux: @syntax e.g. "IN_DP_E2_CII_FACTURX"; the result has flow_number. */
void                chorus_client_deposit_flow_async  (ChorusClient *self, GBytes *file,
                                                       const char *file_name, const char *syntax,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                                       gpointer user_data);
ChorusActionResult *chorus_client_deposit_flow_finish (ChorusClient *self, GAsyncResult *result,
                                                       GError **error);
ChorusActionResult *chorus_client_deposit_flow_sync   (ChorusClient *self, GBytes *file,
                                                       const char *file_name, const char *syntax,
                                                       GCancellable *cancellable, GError **error);
/* transverses/v1/consulterCRDetaille. */
ChorusFlowReport *chorus_client_get_flow_report_sync   (ChorusClient *self, const char *flow_number,
                                                        GCancellable *cancellable, GError **error);
/* factures/v1/completer: answers a suspension with a comment and documents; @attachments
 * (ChorusAttachment, may be NULL) were uploaded first with ajouter/fichier (id and name). */
ChorusActionResult *chorus_client_complete_sync   (ChorusClient *self, gint64 invoice_id,
                                                   const char *comment, GPtrArray *attachments,
                                                   GCancellable *cancellable, GError **error);
/* factures/v1/recycler: sends an A_RECYCLER invoice to a corrected recipient / service / EJ. */
ChorusActionResult *chorus_client_recycle_sync   (ChorusClient *self, gint64 invoice_id,
                                                  const char *recipient_code,
                                                  const char *service_code,
                                                  const char *engagement_number,
                                                  const char *comment, GCancellable *cancellable,
                                                  GError **error);
/* factures/v1/traiter/factureAValider. @motif (motifRefus: a code of the cadre's refusal motifs)
 * goes with REFUS, SUSPENSION and REJET; @complement (complementInfo) is free text; both are cut
 * to 255 characters and may be NULL. @validator_id (idValideur) is the structure deciding, 0 to
 * leave it to the platform. */
ChorusActionResult *chorus_client_validate_sync   (ChorusClient *self, gint64 invoice_id,
                                                   ChorusValidationAction action,
                                                   const char *motif, const char *complement,
                                                   gint64 validator_id,
                                                   GCancellable *cancellable, GError **error);

/* structures/v1/rechercher (ChorusPage of ChorusStructure). Any filter may be NULL / 0. */
void        chorus_client_search_structures_async  (ChorusClient *self, const char *identifier,
                                                    ChorusIdType id_type, const char *name,
                                                    guint page, guint page_size,
                                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                                    gpointer user_data);
ChorusPage *chorus_client_search_structures_finish (ChorusClient *self, GAsyncResult *result,
                                                    GError **error);
ChorusPage *chorus_client_search_structures_sync   (ChorusClient *self, const char *identifier,
                                                    ChorusIdType id_type, const char *name,
                                                    guint page, guint page_size,
                                                    GCancellable *cancellable, GError **error);
/* structures/v1/consulter: parameters (service / EJ required) and the technical account's
 * password expiry date. */
void             chorus_client_consult_structure_async  (ChorusClient *self, gint64 structure_id,
                                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                                         gpointer user_data);
ChorusStructure *chorus_client_consult_structure_finish (ChorusClient *self, GAsyncResult *result,
                                                         GError **error);
ChorusStructure *chorus_client_consult_structure_sync   (ChorusClient *self, gint64 structure_id,
                                                         GCancellable *cancellable, GError **error);
/* structures/v1/rechercher/services (ChorusPage of ChorusService). */
void        chorus_client_search_services_async  (ChorusClient *self, gint64 structure_id,
                                                  guint page, guint page_size,
                                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                                  gpointer user_data);
ChorusPage *chorus_client_search_services_finish (ChorusClient *self, GAsyncResult *result,
                                                  GError **error);
ChorusPage *chorus_client_search_services_sync   (ChorusClient *self, gint64 structure_id,
                                                  guint page, guint page_size,
                                                  GCancellable *cancellable, GError **error);
/* structures/v1/consulter/service. */
void           chorus_client_consult_service_async  (ChorusClient *self, gint64 structure_id,
                                                     gint64 service_id, GCancellable *cancellable,
                                                     GAsyncReadyCallback callback, gpointer user_data);
ChorusService *chorus_client_consult_service_finish (ChorusClient *self, GAsyncResult *result,
                                                     GError **error);
ChorusService *chorus_client_consult_service_sync   (ChorusClient *self, gint64 structure_id,
                                                     gint64 service_id, GCancellable *cancellable,
                                                     GError **error);
/* utilisateurs/v1/monCompte/recuperer/rattachements: the structures (with role and services)
 * the technical account works for. Also the way to check the technical account. */
void        chorus_client_get_user_attachments_async  (ChorusClient *self, guint page,
                                                       guint page_size, GCancellable *cancellable,
                                                       GAsyncReadyCallback callback, gpointer user_data);
ChorusPage *chorus_client_get_user_attachments_finish (ChorusClient *self, GAsyncResult *result,
                                                       GError **error);
ChorusPage *chorus_client_get_user_attachments_sync   (ChorusClient *self, guint page,
                                                       guint page_size, GCancellable *cancellable,
                                                       GError **error);
/* transverses/v1/recuperer/{tauxtva,devises,modereglements,cadrefacturation,
 * motifs/refus/Facture/AValider} (ChorusPage of ChorusReferenceItem). @request_type is the
 * typeDemandePaiement for CADRES (NULL = FACTURE), the cadre code for REFUSAL_MOTIFS. */
ChorusPage *chorus_client_get_references_sync   (ChorusClient *self, ChorusReferenceKind kind,
                                                 const char *request_type,
                                                 GCancellable *cancellable, GError **error);

/* transverses/v1/recuperer/coordbanc/valides: the valid bank details of one of the account's
 * structures (ChorusPage of ChorusReferenceItem: code = idCoordonneeBancaire, label = name). */
ChorusPage *chorus_client_get_bank_details_sync   (ChorusClient *self, gint64 structure_id,
                                                   GCancellable *cancellable, GError **error);

/* transverses/v1/ajouter/fichier: uploads an attachment; the result has attachment_id.
 * @extension e.g. "PDF"; @mime_type may be NULL. */
ChorusActionResult *chorus_client_add_file_sync   (ChorusClient *self, GBytes *file,
                                                   const char *file_name, const char *extension,
                                                   const char *mime_type,
                                                   GCancellable *cancellable, GError **error);

/* The request bodies, exposed for tests and for the outbox (which stores what it sends). */
JsonObject *chorus_client_build_received_query (const ChorusInvoiceQuery *query);
JsonObject *chorus_client_build_issued_query   (const ChorusInvoiceQuery *query);
JsonObject *chorus_client_build_submit_body    (ChorusInvoice *invoice);
/* consulter/{recipiendaire,fournisseur} and consulter/historique as first sent: every paged
 * sub-list from page 1 (the next pages are asked for when a list comes back cut). */
JsonObject *chorus_client_build_consult        (ChorusDirection direction, gint64 invoice_id);
JsonObject *chorus_client_build_history        (gint64 invoice_id);
JsonObject *chorus_client_build_download       (const gint64 *invoice_ids, guint n_ids,
                                                ChorusDownloadFormat format,
                                                gboolean with_attachments);
JsonObject *chorus_client_build_validator_query (const ChorusInvoiceQuery *query);
JsonObject *chorus_client_build_validate_body  (gint64 invoice_id, ChorusValidationAction action,
                                                const char *motif, const char *complement,
                                                gint64 validator_id);

G_END_DECLS
