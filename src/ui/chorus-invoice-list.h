/* chorus-invoice-list.h: the invoice table (received or issued): columns, header sorting, multi-selection, saved layout. */
#pragma once

#include <gtk/gtk.h>

#include "chorus-invoice-model.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_INVOICE_LIST (chorus_invoice_list_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoiceList, chorus_invoice_list, CHORUS, INVOICE_LIST, GtkWidget)

GtkWidget         *chorus_invoice_list_new                (void);
void               chorus_invoice_list_set_model          (ChorusInvoiceList  *self,
                                                           ChorusInvoiceModel *model);
/* ISSUED: no column for what is always the user's own company (supplier, its type and SIRET)
 * nor for the handler, and a layout saved apart. RECEIVED is the default. */
void               chorus_invoice_list_set_direction      (ChorusInvoiceList  *self,
                                                           ChorusDirection     direction);
/* Shows the first row: a new filter or sort starts from the top. */
void               chorus_invoice_list_scroll_to_top      (ChorusInvoiceList  *self);
GtkSelectionModel *chorus_invoice_list_get_selection      (ChorusInvoiceList  *self);
GtkColumnView     *chorus_invoice_list_get_column_view    (ChorusInvoiceList  *self);
ChorusSortColumn   chorus_invoice_list_get_sort           (ChorusInvoiceList  *self,
                                                           gboolean           *descending);
void               chorus_invoice_list_set_sort           (ChorusInvoiceList  *self,
                                                           ChorusSortColumn    column,
                                                           gboolean            descending);
void               chorus_invoice_list_set_deadline_days  (ChorusInvoiceList  *self,
                                                           guint               days);
guint              chorus_invoice_list_get_deadline_days  (ChorusInvoiceList  *self);
/* Visible columns, in display order (NULL-terminated ids). */
GStrv              chorus_invoice_list_get_visible_columns (ChorusInvoiceList *self);
void               chorus_invoice_list_set_column_visible (ChorusInvoiceList  *self,
                                                           const char         *id,
                                                           gboolean            visible);
/* Default columns, order, widths and sort, in the list and in GSettings. */
void               chorus_invoice_list_restore_defaults   (ChorusInvoiceList  *self);
/* The column chooser, for a menu button. */
GtkWidget         *chorus_invoice_list_create_columns_popover (ChorusInvoiceList *self);
/* Selected ids in display order. */
GArray            *chorus_invoice_list_get_selected_ids   (ChorusInvoiceList  *self);
/* Selects only @id (if listed), scrolls to it and focuses its row. */
gboolean           chorus_invoice_list_select_id          (ChorusInvoiceList  *self,
                                                           gint64              id);
void               chorus_invoice_list_select_ids         (ChorusInvoiceList  *self,
                                                           GArray             *ids);
/* Moves the selection to the next (@delta 1) or previous (-1) row; FALSE at an end. */
gboolean           chorus_invoice_list_move               (ChorusInvoiceList  *self,
                                                           int                 delta);
/* The row of @id shows a failed action with @message (NULL clears it). */
void               chorus_invoice_list_set_failure        (ChorusInvoiceList  *self,
                                                           gint64              id,
                                                           const char         *message);

G_END_DECLS
