/* chorus-works-piece-view.h: one works piece in its billing file: the chain, the piece, what the role may do, its PDF. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-sync.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_PIECE_VIEW (chorus_works_piece_view_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksPieceView, chorus_works_piece_view, CHORUS, WORKS_PIECE_VIEW, GtkWidget)

/* Signals:
 *   "deposit-next" (): the user takes the shown piece into account, which is depositing the next
 *     piece of its billing file.
 * Properties:
 *   "busy" (gboolean, read-only): the billing file or the PDF is being fetched. */
GtkWidget              *chorus_works_piece_view_new          (void);
const ChorusWorksPiece *chorus_works_piece_view_get_piece    (ChorusWorksPieceView *self);
/* Fetches through @sync (nullable), and sends the user's actions through its outbox; NULL: nothing
 * is fetched and the loads under way stop. */
void                    chorus_works_piece_view_set_sync     (ChorusWorksPieceView *self,
                                                              ChorusSync           *sync);
/* Shows the piece @piece_id as @role sees it: @listed (nullable) at once, then its billing file
 * and its PDF as they arrive. */
void                    chorus_works_piece_view_open         (ChorusWorksPieceView   *self,
                                                              gint64                  piece_id,
                                                              const ChorusWorksPiece *listed,
                                                              ChorusRole              role);
/* Stops fetching (the user went back to the list). */
void                    chorus_works_piece_view_close        (ChorusWorksPieceView *self);
gboolean                chorus_works_piece_view_get_busy     (ChorusWorksPieceView *self);
/* Writes the shown piece's PDF to @path; an error when it has not arrived. */
gboolean                chorus_works_piece_view_save_pdf     (ChorusWorksPieceView *self,
                                                              const char           *path,
                                                              GError              **error);
/* The text of the last toast the view showed (a refused action, a download), for tests. */
const char             *chorus_works_piece_view_get_last_toast (ChorusWorksPieceView *self);
void                    chorus_works_piece_view_add_file     (ChorusWorksPieceView *self,
                                                              const char           *path);
/* Today for the payment clock, YYYY-MM-DD; NULL: the real today. */
void                    chorus_works_piece_view_set_today    (ChorusWorksPieceView *self,
                                                              const char           *today);

G_END_DECLS
