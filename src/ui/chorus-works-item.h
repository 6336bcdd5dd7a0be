/* chorus-works-item.h: a works piece as a list item of the Synthèse (GObject for GListModel). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chorus-works-piece.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_ITEM (chorus_works_item_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksItem, chorus_works_item, CHORUS, WORKS_ITEM, GObject)

/* Takes a copy of @piece. @can_act: the role looking at the list has something to do on it. */
ChorusWorksItem        *chorus_works_item_new         (const ChorusWorksPiece *piece,
                                                       gboolean                can_act);
const ChorusWorksPiece *chorus_works_item_get_piece   (ChorusWorksItem        *self);
gboolean                chorus_works_item_get_can_act (ChorusWorksItem        *self);
/* The works action waiting in the outbox for this piece, CHORUS_WORKS_ACTION_LAST when none. */
ChorusWorksAction       chorus_works_item_get_pending (ChorusWorksItem        *self);
void                    chorus_works_item_set_pending (ChorusWorksItem        *self,
                                                       ChorusWorksAction       pending);

/* The works action @pending (chorus_sync_works_pending()) holds for @piece_id, LAST when none. */
ChorusWorksAction       chorus_works_item_pending_in  (GHashTable             *pending,
                                                       gint64                  piece_id);

G_END_DECLS
