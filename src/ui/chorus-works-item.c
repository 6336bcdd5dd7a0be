/* chorus-works-item.c: one works piece of the Synthèse list, with what waits in the outbox for it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-works-item.h"

struct _ChorusWorksItem
{
  GObject            parent_instance;

  ChorusWorksPiece  *piece;
  gboolean           can_act;
  ChorusWorksAction  pending;
};

G_DEFINE_FINAL_TYPE (ChorusWorksItem, chorus_works_item, G_TYPE_OBJECT)

static void
chorus_works_item_finalize (GObject *object)
{
  ChorusWorksItem *self = CHORUS_WORKS_ITEM (object);

  g_clear_pointer (&self->piece, chorus_works_piece_free);
  G_OBJECT_CLASS (chorus_works_item_parent_class)->finalize (object);
}

static void
chorus_works_item_class_init (ChorusWorksItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_works_item_finalize;
}

static void
chorus_works_item_init (ChorusWorksItem *self)
{
  self->pending = CHORUS_WORKS_ACTION_LAST;
}

ChorusWorksItem *
chorus_works_item_new (const ChorusWorksPiece *piece,
                       gboolean                can_act)
{
  ChorusWorksItem *self;

  g_return_val_if_fail (piece != NULL, NULL);

  self = g_object_new (CHORUS_TYPE_WORKS_ITEM, NULL);
  self->piece = chorus_works_piece_copy (piece);
  self->can_act = can_act;
  return self;
}

const ChorusWorksPiece *
chorus_works_item_get_piece (ChorusWorksItem *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_ITEM (self), NULL);

  return self->piece;
}

gboolean
chorus_works_item_get_can_act (ChorusWorksItem *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_ITEM (self), FALSE);

  return self->can_act;
}

ChorusWorksAction
chorus_works_item_get_pending (ChorusWorksItem *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_ITEM (self), CHORUS_WORKS_ACTION_LAST);

  return self->pending;
}

void
chorus_works_item_set_pending (ChorusWorksItem   *self,
                               ChorusWorksAction  pending)
{
  g_return_if_fail (CHORUS_IS_WORKS_ITEM (self));

  self->pending = pending;
}

ChorusWorksAction
chorus_works_item_pending_in (GHashTable *pending,
                              gint64      piece_id)
{
  gpointer value = NULL;

  return pending != NULL && g_hash_table_lookup_extended (pending, &piece_id, NULL, &value)
         ? (ChorusWorksAction) GPOINTER_TO_INT (value) : CHORUS_WORKS_ACTION_LAST;
}
