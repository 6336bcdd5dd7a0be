/* chorus-invoice-model.h: the invoice list as a GListModel: ordered ids only, items built on demand. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-invoice.h"
#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_INVOICE_MODEL (chorus_invoice_model_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoiceModel, chorus_invoice_model, CHORUS, INVOICE_MODEL, GObject)

ChorusInvoiceModel *chorus_invoice_model_new            (ChorusStore               *store);
/* Runs the query in SQL, on the calling thread, and replaces the rows. */
gboolean            chorus_invoice_model_query          (ChorusInvoiceModel        *self,
                                                         const ChorusInvoiceFilter *filter,
                                                         ChorusSortColumn           sort,
                                                         gboolean                   descending,
                                                         GError                   **error);
/* Takes @ids (gint64, display order) and replaces the rows. */
void                chorus_invoice_model_set_ids        (ChorusInvoiceModel        *self,
                                                         GArray                    *ids);
gint64              chorus_invoice_model_get_id         (ChorusInvoiceModel        *self,
                                                         guint                      position);
/* G_MAXUINT when @id is not in the list. */
guint               chorus_invoice_model_find           (ChorusInvoiceModel        *self,
                                                         gint64                     id);
/* One row read again from the store and shown anew, in place (its local fields changed). */
void                chorus_invoice_model_refresh_id     (ChorusInvoiceModel        *self,
                                                         gint64                     id);
/* The last processing action of @invoice in the outbox, read with its page; NULL when none. */
const ChorusAction *chorus_invoice_model_get_last_action (ChorusInvoice            *invoice);
/* Bytes held for the rows that are not cached: the id array. */
gsize               chorus_invoice_model_get_id_bytes   (ChorusInvoiceModel        *self);
guint               chorus_invoice_model_get_n_cached   (ChorusInvoiceModel        *self);

G_END_DECLS
