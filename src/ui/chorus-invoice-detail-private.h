/* chorus-invoice-detail-private.h: what the tests read of ChorusInvoiceDetail beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-invoice-detail.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The text under the header about the last action, NULL when hidden. */
const char    *chorus_invoice_detail_get_action_state  (ChorusInvoiceDetail *self);
ChorusDuplicatesList  *chorus_invoice_detail_get_duplicates_list  (ChorusInvoiceDetail *self);
ChorusHistoryList     *chorus_invoice_detail_get_history_list     (ChorusInvoiceDetail *self);
/* The attachment picked in the PDF tab (0 = the invoice itself). */
gint64         chorus_invoice_detail_get_document      (ChorusInvoiceDetail *self);
const char    *chorus_invoice_detail_get_page          (ChorusInvoiceDetail *self);

G_END_DECLS
