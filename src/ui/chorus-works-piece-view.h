/* chorus-works-piece-view.h: one works piece in its billing file: the chain, the piece, what the role may do, its PDF. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-works-piece.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_PIECE_VIEW (chorus_works_piece_view_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksPieceView, chorus_works_piece_view, CHORUS, WORKS_PIECE_VIEW, GtkWidget)

/* Signals:
 *   "action" (int ChorusWorksAction): the user asked for it on the shown piece and confirmed;
 *     the comment and the files are those of the view (get_comment, get_files).
 *   "piece-changed" (gint64 piece_id): another piece of the billing file is shown.
 *   "export-certificate" (): the user asked for the shown piece's deposit certificate. */
GtkWidget              *chorus_works_piece_view_new          (void);
/* Who looks: decides the actions shown and why the others are not possible. */
void                    chorus_works_piece_view_set_role     (ChorusWorksPieceView *self,
                                                              ChorusRole            role);
/* @pieces: the billing file, ordered (chorus_works_order_dossier()); shows @piece_id. */
void                    chorus_works_piece_view_set_dossier  (ChorusWorksPieceView *self,
                                                              GPtrArray            *pieces,
                                                              gint64                piece_id);
const ChorusWorksPiece *chorus_works_piece_view_get_piece    (ChorusWorksPieceView *self);
/* The works action waiting in the outbox for the shown piece (LAST: none). */
void                    chorus_works_piece_view_set_pending  (ChorusWorksPieceView *self,
                                                              ChorusWorksAction     pending);
/* Whether this app holds the shown piece's deposit certificate. */
void                    chorus_works_piece_view_set_certificate (ChorusWorksPieceView *self,
                                                              gboolean              available);
void                    chorus_works_piece_view_show_pdf     (ChorusWorksPieceView *self,
                                                              GBytes               *pdf,
                                                              const char           *file_name);
/* Writes the shown piece's PDF to @path; an error when it has not arrived. */
gboolean                chorus_works_piece_view_save_pdf     (ChorusWorksPieceView *self,
                                                              const char           *path,
                                                              GError              **error);
void                    chorus_works_piece_view_show_pdf_loading (ChorusWorksPieceView *self);
void                    chorus_works_piece_view_show_pdf_error (ChorusWorksPieceView *self,
                                                              const char           *message);
/* The line under the actions: a confirmation, or an error in red. */
void                    chorus_works_piece_view_set_message  (ChorusWorksPieceView *self,
                                                              const char           *message,
                                                              gboolean              is_error);
const char             *chorus_works_piece_view_get_message  (ChorusWorksPieceView *self);
const char             *chorus_works_piece_view_get_comment  (ChorusWorksPieceView *self);
/* The documents to join to a completion, NULL-terminated (borrowed). */
const char * const     *chorus_works_piece_view_get_files    (ChorusWorksPieceView *self);
void                    chorus_works_piece_view_add_file     (ChorusWorksPieceView *self,
                                                              const char           *path);
/* Clears the comment and the documents once an action is queued. */
void                    chorus_works_piece_view_clear_input  (ChorusWorksPieceView *self);
/* Today for the payment clock, YYYY-MM-DD; NULL: the real today. */
void                    chorus_works_piece_view_set_today    (ChorusWorksPieceView *self,
                                                              const char           *today);

G_END_DECLS
