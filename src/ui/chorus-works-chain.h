/* chorus-works-chain.h: a works billing file drawn as its chain of pieces, each with cadre and status. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-works-piece.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_CHAIN (chorus_works_chain_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksChain, chorus_works_chain, CHORUS, WORKS_CHAIN, GtkWidget)

GtkWidget              *chorus_works_chain_new          (void);
/* @pieces (ChorusWorksPiece) in any order: they are laid out from the first piece along the
 * previous/next links (chorus_works_order_dossier()). The piece @selected_id is highlighted;
 * the piece someone must act on says who. */
void                    chorus_works_chain_set_pieces   (ChorusWorksChain *self,
                                                         GPtrArray        *pieces,
                                                         gint64            selected_id);
/* Ordered pieces as shown (borrowed). */
GPtrArray              *chorus_works_chain_get_pieces   (ChorusWorksChain *self);
const ChorusWorksPiece *chorus_works_chain_get_selected (ChorusWorksChain *self);

G_END_DECLS
