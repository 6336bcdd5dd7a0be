/* chorus-invoice-detail.h: the pane beside the list: every field, lines, VAT, history, attachments,
 * internal follow-up, the PDF and the structured data of one invoice. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-attachments-list.h"
#include "chorus-duplicates-list.h"
#include "chorus-history-list.h"
#include "chorus-deadline.h"
#include "chorus-invoice.h"
#include "chorus-pdf-view.h"
#include "chorus-store.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_INVOICE_DETAIL (chorus_invoice_detail_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoiceDetail, chorus_invoice_detail, CHORUS, INVOICE_DETAIL, GtkWidget)

GtkWidget     *chorus_invoice_detail_new               (void);
void           chorus_invoice_detail_set_store         (ChorusInvoiceDetail *self,
                                                        ChorusStore         *store);
/* Which legal payment delay applies to which recipient. */
void           chorus_invoice_detail_set_delay_policy  (ChorusInvoiceDetail *self,
                                                        ChorusDelayPolicy   *delays);
/* ISSUED: titled by the recipient; TO_VALIDATE: without the payment deadlines, which run once the
 * recipient has the invoice. Both without the handler and the recipient's status buttons
 * (RECEIVED is the default). */
void           chorus_invoice_detail_set_direction     (ChorusInvoiceDetail *self,
                                                        ChorusDirection      direction);
/* @invoice as loaded with chorus_store_load_invoice(); NULL shows the empty state. */
void           chorus_invoice_detail_set_invoice       (ChorusInvoiceDetail *self,
                                                        ChorusInvoice       *invoice);
ChorusInvoice *chorus_invoice_detail_get_invoice       (ChorusInvoiceDetail *self);
/* Several invoices are selected: a summary instead of one invoice. */
void           chorus_invoice_detail_show_selection    (ChorusInvoiceDetail *self,
                                                        guint                n_selected);
/* The outbox actions (ChorusAction) of the invoice shown: its history lists them until Chorus Pro
 * has them, and the header says whether the last one waits, went through or was refused. */
void           chorus_invoice_detail_set_local_actions (ChorusInvoiceDetail *self,
                                                        GPtrArray           *actions);
/* Lets the attachments download (nullable). */
void           chorus_invoice_detail_set_sync          (ChorusInvoiceDetail *self,
                                                        ChorusSync          *sync);
ChorusAttachmentsList *chorus_invoice_detail_get_attachments_list (ChorusInvoiceDetail *self);
ChorusPdfView *chorus_invoice_detail_get_pdf_view      (ChorusInvoiceDetail *self);
/* The invoice's own PDF (NULL: none), read for its structured data (Factur-X). */
void           chorus_invoice_detail_set_invoice_pdf   (ChorusInvoiceDetail *self,
                                                        GBytes              *pdf);
/* "summary", "lines", "history", "pdf" or "structured". */
void           chorus_invoice_detail_show_page         (ChorusInvoiceDetail *self,
                                                        const char          *name);
typedef struct _ChorusTeamSync ChorusTeamSync;
/* Team mode for the follow-up (NULL: none): who changed what, who processes the invoice. */
void           chorus_invoice_detail_set_team          (ChorusInvoiceDetail *self,
                                                        ChorusTeamSync      *team);
/* The gestionnaires offered by the follow-up form (re-read from the store). */
void           chorus_invoice_detail_reload_gestionnaires (ChorusInvoiceDetail *self);

G_END_DECLS
