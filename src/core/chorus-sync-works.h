/* chorus-sync-works.h: works pieces through ChorusSync: reads, and writes queued in the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client-works.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

/* One page of the pieces matching @query (copied). Offline: CHORUS_SYNC_ERROR_OFFLINE. */
void             chorus_sync_fetch_works_page_async       (ChorusSync             *self,
                                                           const ChorusWorksQuery *query,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
ChorusWorksPage *chorus_sync_fetch_works_page_finish      (ChorusSync             *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);
/* The billing file of @piece_id, ordered from its first piece (chorus_works_order_dossier()),
 * @piece_id's own piece completed by consulter (its exact cadre, its files) when the platform
 * answers it. (element-type ChorusWorksPiece) */
void             chorus_sync_fetch_works_dossier_async    (ChorusSync             *self,
                                                           gint64                  piece_id,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
GPtrArray       *chorus_sync_fetch_works_dossier_finish   (ChorusSync             *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);
/* The piece's PDF, cached under the store's folder once downloaded. */
void             chorus_sync_fetch_works_pdf_async        (ChorusSync             *self,
                                                           gint64                  piece_id,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
GBytes          *chorus_sync_fetch_works_pdf_finish       (ChorusSync             *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);
/* The structures the account is attached to, with their role (rattachements), kept in the
 * store; the stored ones when offline. (element-type ChorusStructure) */
void             chorus_sync_fetch_structures_async       (ChorusSync             *self,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
GPtrArray       *chorus_sync_fetch_structures_finish      (ChorusSync             *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);

/* Queues a deposit (a first piece, or the next one when @deposit has a previous piece): the
 * outbox keeps a copy of the PDF, uploads it, then submits. Returns the action id, 0 with a
 * French error when @deposit is not complete (chorus_works_deposit_check()). */
gint64           chorus_sync_enqueue_works_deposit        (ChorusSync             *self,
                                                           const ChorusWorksDeposit *deposit,
                                                           GError                **error);
/* Queues @action (any but ASSOCIATE) on @piece_id. @comment is required to suspend and to
 * refuse; to complete, @comment or @files (paths, NULL-terminated; the outbox keeps copies,
 * uploads each, then completes). */
gint64           chorus_sync_enqueue_works_action         (ChorusSync             *self,
                                                           ChorusWorksAction       action,
                                                           gint64                  piece_id,
                                                           const char             *comment,
                                                           const char * const     *files,
                                                           GError                **error);
/* The piece a works action is about (for a deposit, the piece it follows; 0 for a first piece). */
gint64           chorus_sync_works_action_piece           (const ChorusAction     *action);
/* The pieces with works actions still in the outbox: piece id (gint64 *) -> the last
 * ChorusWorksAction queued (GINT_TO_POINTER), to show them "en attente". (transfer full) */
GHashTable      *chorus_sync_works_pending                (ChorusSync             *self);
/* The works action an outbox kind sends, or CHORUS_WORKS_ACTION_LAST for other kinds. */
ChorusWorksAction chorus_sync_works_action_of_kind        (ChorusActionKind        kind);

G_END_DECLS
