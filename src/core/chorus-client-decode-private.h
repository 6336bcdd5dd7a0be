/* chorus-client-decode-private.h: the readers the decoders share: text as a kind of field, lists of
 * items that keep what they cannot read, paging wherever the answer puts it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client-decode.h"

G_BEGIN_DECLS

typedef enum { AS_TEXT, AS_DATE, AS_DATETIME } TextKind;

/* @key as text, a day or a date and time (chorus_json_get_string/_date/_datetime). */
gboolean _chorus_decode_text   (JsonObject      *object,
                                const char      *key,
                                TextKind         kind,
                                char           **out,
                                GError         **error);

typedef gpointer (*ItemDecodeFunc) (JsonObject *item, gpointer data, GError **error);

/* Decodes every object of the list @key into @items. With @unreadable, an item that cannot be
 * read is kept there with its raw JSON and the others are still read; without, it fails the
 * whole answer (sub-lists of one invoice, where a hole would misstate the invoice). */
gboolean _chorus_decode_list   (JsonObject      *response,
                                const char      *key,
                                GPtrArray       *items,
                                ItemDecodeFunc   decode,
                                gpointer         data,
                                GPtrArray       *unreadable,
                                GError         **error);

/* pageCourante, pages, total and nbResultatsParPage (nulls are 0; any pointer may be NULL), at the
 * top level (rechercher/recipiendaire) or in parametresRetour (elsewhere): either is accepted, so
 * that a server that moves them does not break the sync. */
gboolean _chorus_decode_paging (JsonObject      *response,
                                guint           *page,
                                guint           *pages,
                                guint           *total,
                                guint           *page_size,
                                GError         **error);

G_END_DECLS
