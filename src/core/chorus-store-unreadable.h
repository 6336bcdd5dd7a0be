/* chorus-store-unreadable.h: the items of Chorus Pro lists that no decoder could read, kept raw. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client-types.h"
#include "chorus-store.h"

G_BEGIN_DECLS

/* Records @items (ChorusUnreadableItem, operation set) seen now on the @direction side. The same
 * item seen again (same operation and JSON) is one row, its last_seen updated. */
gboolean   chorus_store_add_unreadable_items     (ChorusStore     *self,
                                                  ChorusDirection  direction,
                                                  GPtrArray       *items,
                                                  GError         **error);
/* Forgets the odd items that carried one of these invoice ids: the invoice now reads. */
gboolean   chorus_store_resolve_unreadable_items (ChorusStore     *self,
                                                  ChorusDirection  direction,
                                                  GPtrArray       *invoices,
                                                  GError         **error);
guint      chorus_store_count_unreadable_items   (ChorusStore     *self,
                                                  ChorusDirection  direction);

/* A stored odd item. */
typedef struct {
  gint64                rowid;
  char                 *first_seen;   /* ISO 8601 UTC */
  char                 *last_seen;
  ChorusUnreadableItem *item;
} ChorusStoredUnreadable;

void       chorus_stored_unreadable_free         (ChorusStoredUnreadable *stored);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusStoredUnreadable, chorus_stored_unreadable_free)

/* Newest first (ChorusStoredUnreadable). */
GPtrArray *chorus_store_list_unreadable_items    (ChorusStore     *self,
                                                  ChorusDirection  direction,
                                                  GError         **error);
/* The user dismissed it; it comes back if Chorus Pro sends it again. */
gboolean   chorus_store_forget_unreadable_item   (ChorusStore     *self,
                                                  gint64           rowid,
                                                  GError         **error);

G_END_DECLS
