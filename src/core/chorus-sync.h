/* chorus-sync.h: pulls invoices from Chorus Pro into the store and sends the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-client.h"
#include "chorus-deposit-draft.h"
#include "chorus-status.h"
#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_SYNC_ERROR (chorus_sync_error_quark ())
typedef enum {
  CHORUS_SYNC_ERROR_BUSY,       /* a pull is already running */
  CHORUS_SYNC_ERROR_INVALID,    /* the action cannot be queued (e.g. missing motif) */
  CHORUS_SYNC_ERROR_OFFLINE,    /* Chorus Pro cannot be reached and nothing is cached */
  CHORUS_SYNC_ERROR_POSTPONED,  /* Chorus Pro asked to wait: the outbox goes on by itself later */
} ChorusSyncError;
GQuark chorus_sync_error_quark (void);

/* Which sides a pull fetches. */
typedef enum {
  CHORUS_SYNC_RECEIVED    = 1 << 0,
  CHORUS_SYNC_ISSUED      = 1 << 1,
  CHORUS_SYNC_TO_VALIDATE = 1 << 2,  /* both validation levels (rechercher/valideur) */
} ChorusSyncDirections;

#define CHORUS_TYPE_SYNC (chorus_sync_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSync, chorus_sync, CHORUS, SYNC, GObject)

/* Signals are emitted in the thread-default main context of the caller of chorus_sync_new():
 *   "progress" (double fraction, const char *message)
 *   "invoices-changed" ()
 *   "action-finished" (gint64 invoice_key, gboolean ok, const char *message)   process actions
 *   "outbox-action-finished" (gint64 action_id, gboolean ok, const char *message)   every kind
 *   "state-changed" ()   online/offline, pull or flush started/finished, outbox size */
ChorusSync  *chorus_sync_new                 (ChorusClient         *client,
                                              ChorusStore          *store);
ChorusStore *chorus_sync_get_store           (ChorusSync           *self);
ChorusClient *chorus_sync_get_client         (ChorusSync           *self);

/* Defaults: every direction, 1,000 invoices per page, 4 invoices sent in parallel. */
void         chorus_sync_set_directions      (ChorusSync           *self,
                                              ChorusSyncDirections  directions);
void         chorus_sync_set_page_size       (ChorusSync           *self,
                                              guint                 page_size);
void         chorus_sync_set_parallel_sends  (ChorusSync           *self,
                                              guint                 n_parallel);

/* The account's scope, as chosen in the connection wizard: received invoices only of the chosen
 * structures the account receives for (idDestinataire), and within a structure with chosen
 * services only of those (idServiceExecutant); issued invoices only of the chosen structures it
 * supplies from (idFournisseur). One search per structure or service. No structure: everything
 * the technical account can see. A changed scope drops the invoices outside it (but those with
 * actions still to send) and pulls the new scope in full. */
typedef struct {
  gint64 structure_id;
  gint64 service_id;
} ChorusSyncScopeService;

void         chorus_sync_set_scope           (ChorusSync           *self,
                                              const gint64         *structure_ids,
                                              guint                 n_structures,
                                              const ChorusSyncScopeService *services,
                                              guint                 n_services);

/* Full pull the first time, then only what changed since the last one (by the server's
 * status timestamps), received invoices of both typeDemandePaiement (FACTURE and
 * FACTURE_TRAVAUX). One transaction per page; a pull cut short resumes where it was. An item
 * no decoder can read is kept raw (chorus-store-unreadable.h) and the rest of its page stored.
 * Invoices to validate are listed in full at each pull (both levels, every page), and those that
 * left both lists are read again. */
void         chorus_sync_pull_async          (ChorusSync           *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean     chorus_sync_pull_finish         (ChorusSync           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Invoices are given by their store row keys (chorus_invoice_get_key()) throughout.
 * Writes the actions and their optimistic status in one transaction, then starts sending. */
gboolean     chorus_sync_enqueue_process     (ChorusSync           *self,
                                              const gint64         *ids,
                                              guint                 n_ids,
                                              ChorusStatus          target,
                                              const char           *motif,
                                              const char           *mandate_number,
                                              GError              **error);
/* The same, answering the ids of the actions written (invoices already in @target get none). With
 * a hold time, they wait that long before they may be sent, and chorus_sync_cancel_action() may
 * take each back until then. */
GArray      *chorus_sync_queue_process       (ChorusSync           *self,
                                              const gint64         *ids,
                                              guint                 n_ids,
                                              ChorusStatus          target,
                                              const char           *motif,
                                              const char           *mandate_number,
                                              GError              **error);
/* How long a new processing action is held back before it may be sent (default 0: at once). */
void         chorus_sync_set_hold_time       (ChorusSync           *self,
                                              guint                 milliseconds);
/* (Re)arms the flush at the end of the earliest hold, e.g. for actions held when the app last
 * closed; any thread. */
void         chorus_sync_schedule_held       (ChorusSync           *self);
/* Undo: deletes a held action (and the later held ones of its invoice) and restores the status
 * the invoice had; fails once its hold is over. */
gboolean     chorus_sync_cancel_action       (ChorusSync           *self,
                                              gint64                action_id,
                                              GError              **error);
/* Supplier actions: written to the outbox (no optimistic status), then sent; the answer is
 * the action's result (JSON: invoiceId, invoiceNumber, status, date, flowNumber, certificate)
 * and a refusal its message. A deposit keeps a copy of its files under the store's folder and
 * needs the draft's invoice complete (supplier id set); a main_attachment_id on it (from a
 * READ_PDF action) is the upload soumettre names. Return the action id, 0 on error. */
gint64       chorus_sync_enqueue_deposit     (ChorusSync           *self,
                                              const ChorusDepositDraft *draft,
                                              GError              **error);
/* Completes a suspended invoice (row key @invoice_id): each of @file_paths (NULL-terminated, may
 * be NULL) is checked against the platform's attachment rules, uploaded, then named in one
 * completer with @comment; a comment or a file is required. */
gint64       chorus_sync_enqueue_complete    (ChorusSync           *self,
                                              gint64                invoice_id,
                                              const char           *comment,
                                              const char * const   *file_paths,
                                              GError              **error);
/* Uploads a PDF with deposer/pdf so the platform reads it (a READ_PDF action): its result has
 * the attachment id (pass it on as the deposit's main_attachment_id) and the fields read. */
gint64       chorus_sync_enqueue_read_pdf    (ChorusSync           *self,
                                              const char           *pdf_path,
                                              GError              **error);
gint64       chorus_sync_enqueue_recycle     (ChorusSync           *self,
                                              gint64                invoice_id,
                                              const char           *recipient_code,
                                              const char           *service_code,
                                              const char           *engagement_number,
                                              const char           *comment,
                                              GError              **error);
/* Sends every open action, oldest first per invoice. Actions that may already have reached
 * the server (a crash, a lost answer) are checked against the invoice's status first, so an
 * action is never applied twice. A flux deposit whose answer was lost is looked up (by its
 * numeroFluxDepot, else by its invoice number within the days around its sending), again
 * later while Chorus Pro integrates it, and when it still cannot be found it stops in
 * CHORUS_ACTION_TO_CHECK for the user (chorus_sync_resolve_action): never sent twice on a
 * guess. When Chorus Pro asks to wait (Retry-After beyond the client's patience), the flush
 * stops with CHORUS_SYNC_ERROR_POSTPONED and the sync flushes again by itself at that time.
 * Fails only when sending had to stop (offline, refused credentials, postponed, cancelled);
 * the actions then stay in the outbox, and go by themselves as soon as any call reaches Chorus
 * Pro again (a pull, a detail). */
void         chorus_sync_flush_outbox_async  (ChorusSync           *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean     chorus_sync_flush_outbox_finish (ChorusSync           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Replays what an earlier run left in the outbox (actions never sent, or sent when the app
 * stopped before hearing the answer): starts a flush when any action is open. A session calls it
 * as it starts, so that they go at once rather than at the next periodic sync. */
void         chorus_sync_resume_outbox       (ChorusSync           *self);

/* The user's answer for an action in CHORUS_ACTION_TO_CHECK: @resend sends it again (after
 * the user checked in the Chorus Pro portal that it is not there), else it is taken as done. */
gboolean     chorus_sync_resolve_action      (ChorusSync           *self,
                                              gint64                action_id,
                                              gboolean              resend,
                                              GError              **error);
/* A flux whose answer was lost is looked up @max_lookups times, @interval_s apart, before it
 * asks the user (defaults 6 and 300: half an hour of Chorus Pro's asynchronous integration). */
void         chorus_sync_set_flow_lookups    (ChorusSync           *self,
                                              guint                 max_lookups,
                                              guint                 interval_s);

/* The invoice with lines, VAT, history and attachments; the cached one when offline. */
void           chorus_sync_fetch_detail_async  (ChorusSync         *self,
                                                gint64              invoice_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
ChorusInvoice *chorus_sync_fetch_detail_finish (ChorusSync         *self,
                                                GAsyncResult       *result,
                                                GError            **error);
/* The invoice's PDF, from the cache under the store's folder or downloaded then cached. */
void           chorus_sync_fetch_pdf_async     (ChorusSync         *self,
                                                gint64              invoice_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GBytes        *chorus_sync_fetch_pdf_finish    (ChorusSync         *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* The deposit form's reference lists from the server into the store: payment modes, VAT
 * rates and the bank details of @structure_id (0: none). A list that cannot be fetched keeps
 * its last known values; the error says why. */
void           chorus_sync_refresh_references_async  (ChorusSync         *self,
                                                      gint64              structure_id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean       chorus_sync_refresh_references_finish (ChorusSync         *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
/* The report of the flux deposited by the outbox action @action_id (consulterCRDetaille), kept
 * with the action; offline, the last one kept. */
void              chorus_sync_fetch_flow_report_async  (ChorusSync         *self,
                                                        gint64              action_id,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
ChorusFlowReport *chorus_sync_fetch_flow_report_finish (ChorusSync         *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* The report last kept for @action_id, or NULL. */
ChorusFlowReport *chorus_sync_get_saved_flow_report    (ChorusSync         *self,
                                                        gint64              action_id);
/* One file of an invoice's attachments (its complementary pieces). */
typedef struct {
  gint64  attachment_id;   /* pieceJointeId; 0 for a file of the archive the detail did not list */
  char   *name;            /* safe file name, with its extension */
  GBytes *bytes;
  gboolean is_pdf;         /* from its first bytes: shown in the viewer rather than handed out */
} ChorusAttachmentFile;

void           chorus_attachment_file_free     (ChorusAttachmentFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusAttachmentFile, chorus_attachment_file_free)

/* The invoice's attachments other than its own PDF (the detail must have been fetched), from the
 * cache or with telecharger/groupe (avecPiecesJointesComplementaires "Oui": a ZIP, unpacked with
 * bounded sizes and safe names) and then cached, each as kind "attachment-<id>". A GPtrArray of
 * ChorusAttachmentFile, in the order of the detail's list; the detail's attachments the download
 * did not contain are missing from it. */
void           chorus_sync_fetch_attachments_async  (ChorusSync         *self,
                                                     gint64              invoice_id,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GPtrArray     *chorus_sync_fetch_attachments_finish (ChorusSync         *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/* State. The last sync time is an ISO 8601 UTC timestamp, NULL before the first pull. */
char        *chorus_sync_get_last_sync       (ChorusSync           *self);
gboolean     chorus_sync_get_online          (ChorusSync           *self);
gboolean     chorus_sync_get_pulling         (ChorusSync           *self);
gboolean     chorus_sync_get_flushing        (ChorusSync           *self);
/* How many items of the last pull's pages on that side could not be read (they are kept
 * raw in the store, see chorus-store-unreadable.h); 0 before the first pull. */
guint        chorus_sync_get_last_unreadable_count (ChorusSync      *self,
                                                    ChorusDirection  direction);

G_END_DECLS
