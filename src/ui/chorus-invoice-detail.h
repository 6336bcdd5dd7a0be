/* chorus-invoice-detail.h: the pane beside the list: every field, lines, VAT, history, attachments,
 * internal follow-up, the PDF and the structured data of one invoice. */
#pragma once

#include <gtk/gtk.h>

#include "chorus-deadline.h"
#include "chorus-invoice.h"
#include "chorus-pdf-view.h"
#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_INVOICE_DETAIL (chorus_invoice_detail_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoiceDetail, chorus_invoice_detail, CHORUS, INVOICE_DETAIL, GtkWidget)

GtkWidget     *chorus_invoice_detail_new               (void);
void           chorus_invoice_detail_set_store         (ChorusInvoiceDetail *self,
                                                        ChorusStore         *store);
/* Which legal payment delay applies to which recipient. */
void           chorus_invoice_detail_set_delay_policy  (ChorusInvoiceDetail *self,
                                                        ChorusDelayPolicy   *delays);
/* @invoice as loaded with chorus_store_load_invoice(); NULL shows the empty state. */
void           chorus_invoice_detail_set_invoice       (ChorusInvoiceDetail *self,
                                                        ChorusInvoice       *invoice);
ChorusInvoice *chorus_invoice_detail_get_invoice       (ChorusInvoiceDetail *self);
/* Several invoices are selected: a summary instead of one invoice. */
void           chorus_invoice_detail_show_selection    (ChorusInvoiceDetail *self,
                                                        guint                n_selected);
/* The outbox state of the invoice shown: actions waiting, or the last failure's message. */
void           chorus_invoice_detail_set_action_state  (ChorusInvoiceDetail *self,
                                                        guint                pending,
                                                        const char          *failure);
ChorusPdfView *chorus_invoice_detail_get_pdf_view      (ChorusInvoiceDetail *self);
/* The invoice's own PDF (NULL: none), read for its structured data (Factur-X). */
void           chorus_invoice_detail_set_invoice_pdf   (ChorusInvoiceDetail *self,
                                                        GBytes              *pdf);
/* The attachment picked in the PDF tab (0 = the invoice itself). */
gint64         chorus_invoice_detail_get_document      (ChorusInvoiceDetail *self);
/* "summary", "lines", "history", "pdf" or "structured". */
void           chorus_invoice_detail_show_page         (ChorusInvoiceDetail *self,
                                                        const char          *name);
const char    *chorus_invoice_detail_get_page          (ChorusInvoiceDetail *self);
/* The gestionnaires offered by the follow-up form (re-read from the store). */
void           chorus_invoice_detail_reload_gestionnaires (ChorusInvoiceDetail *self);

G_END_DECLS
