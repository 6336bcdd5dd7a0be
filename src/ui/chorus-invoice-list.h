/* chorus-invoice-list.h: the invoice table (received or issued): columns, header sorting, multi-selection, saved layout. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-deadline.h"
#include "chorus-filter-bar.h"
#include "chorus-invoice-model.h"
#include "chorus-status.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_INVOICE_LIST (chorus_invoice_list_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoiceList, chorus_invoice_list, CHORUS, INVOICE_LIST, GtkWidget)

GtkWidget         *chorus_invoice_list_new                (void);
void               chorus_invoice_list_set_model          (ChorusInvoiceList  *self,
                                                           ChorusInvoiceModel *model);
/* ISSUED: no column for what is always the user's own company (supplier, its type and SIRET)
 * nor for the handler; TO_VALIDATE: without what is the recipient's own work (handler, file
 * number, payment clock). Each with a layout saved apart. RECEIVED is the default. */
void               chorus_invoice_list_set_direction      (ChorusInvoiceList  *self,
                                                           ChorusDirection     direction);
/* The validator's tabs keep their own sort like the status tabs: the longest waiting first. */
void               chorus_invoice_list_set_validation_stage (ChorusInvoiceList   *self,
                                                           ChorusValidationStage stage);
/* Shows the first row: a new filter or sort starts from the top. */
void               chorus_invoice_list_scroll_to_top      (ChorusInvoiceList  *self);
GtkSelectionModel *chorus_invoice_list_get_selection      (ChorusInvoiceList  *self);
ChorusSortColumn   chorus_invoice_list_get_sort           (ChorusInvoiceList  *self,
                                                           gboolean           *descending);
void               chorus_invoice_list_set_sort           (ChorusInvoiceList  *self,
                                                           ChorusSortColumn    column,
                                                           gboolean            descending);
/* Which legal payment delay applies to which recipient, for the days-left column. */
void               chorus_invoice_list_set_delay_policy   (ChorusInvoiceList  *self,
                                                           ChorusDelayPolicy  *delays);
ChorusDelayPolicy *chorus_invoice_list_get_delay_policy   (ChorusInvoiceList  *self);
/* Visible columns, in display order (NULL-terminated ids). */
GStrv              chorus_invoice_list_get_visible_columns (ChorusInvoiceList *self);
void               chorus_invoice_list_set_column_visible (ChorusInvoiceList  *self,
                                                           const char         *id,
                                                           gboolean            visible);
/* Default columns, order, widths and sorts, in the list and in GSettings. */
void               chorus_invoice_list_restore_defaults   (ChorusInvoiceList  *self);
/* Resets the layout keys; every open list applies them at once. */
void               chorus_invoice_list_reset_settings     (GSettings          *settings);
/* Each status tab keeps its own sort (À traiter: the most urgent first; Traitées and Renvoyées: the
 * newest status first): shows the sort of @group's tab in the headers. No "sort-changed": the
 * caller reloads anyway. */
void               chorus_invoice_list_set_sort_group     (ChorusInvoiceList  *self,
                                                           ChorusStatusGroup   group);
/* The recipient column shows by itself when the account's invoices go to several structures. */
void               chorus_invoice_list_set_several_recipients (ChorusInvoiceList *self,
                                                           gboolean            several);
/* A menu button on every row opens @menu (NULL: no such column) with that row selected. */
void               chorus_invoice_list_set_row_menu       (ChorusInvoiceList  *self,
                                                           GMenuModel         *menu);
/* The column chooser, for a menu button. */
GtkWidget         *chorus_invoice_list_create_columns_popover (ChorusInvoiceList *self);
/* Selected ids in display order. */
GArray            *chorus_invoice_list_get_selected_ids   (ChorusInvoiceList  *self);
/* Selects only @id (if listed), scrolls to it and focuses its row. */
gboolean           chorus_invoice_list_select_id          (ChorusInvoiceList  *self,
                                                           gint64              id);
void               chorus_invoice_list_select_ids         (ChorusInvoiceList  *self,
                                                           GArray             *ids);
/* The position of the first selected row, G_MAXUINT for none. */
guint              chorus_invoice_list_get_first_selected (ChorusInvoiceList  *self);
/* With nothing selected (the invoices decided left the list), the row now at @position, or the
 * last one: the triage goes on where it was. G_MAXUINT: nothing. */
void               chorus_invoice_list_select_near        (ChorusInvoiceList  *self,
                                                           guint               position);
/* Brings the first selected row into view, once the list has its size again. */
void               chorus_invoice_list_scroll_to_selection (ChorusInvoiceList *self);
/* The view's vertical offset, to put back with chorus_invoice_list_restore_scroll() after a
 * reload, which then brings the selected row into view if it is not. */
double             chorus_invoice_list_get_scroll_offset  (ChorusInvoiceList  *self);
void               chorus_invoice_list_restore_scroll     (ChorusInvoiceList  *self,
                                                           double              offset);
/* Moves the selection to the next (@delta 1) or previous (-1) row, the keyboard focus to the
 * list; FALSE at an end. */
gboolean           chorus_invoice_list_move               (ChorusInvoiceList  *self,
                                                           int                 delta);

typedef struct _ChorusTeamSync ChorusTeamSync;
/* Team mode (NULL: none): the number cell shows an icon, with who and since when, on the invoices
 * a colleague (or the user) is processing. Refresh the rows when claims change. */
void               chorus_invoice_list_set_team           (ChorusInvoiceList  *self,
                                                           ChorusTeamSync     *team);

/* What a reload keeps: the selected invoices and where the view was. */
typedef struct {
  GArray *selected;   /* gint64 keys */
  double  offset;
} ChorusInvoiceListState;

/* Reads the list again with @bar's filter and the sort of its tab (@filter receives the filter
 * used; its strings point into @bar), the tabs' counts following when @recount, @count_label
 * showing the number of rows. @state keeps what the user had: give it back to
 * chorus_invoice_list_restore_state() once the list shows. FALSE with @error when the store
 * could not be read (@state is then empty). */
gboolean           chorus_invoice_list_requery            (ChorusInvoiceList      *self,
                                                           ChorusFilterBar        *bar,
                                                           ChorusStore            *store,
                                                           gboolean                recount,
                                                           GtkLabel               *count_label,
                                                           ChorusInvoiceFilter    *filter,
                                                           ChorusInvoiceListState *state,
                                                           GError                **error);
/* Keeps in @state what the user had (the selection, where the view was) and clears the selection
 * before the rows are replaced: chorus_invoice_list_requery() does it, and a list whose rows come
 * from a query in a worker does it when they come. */
void               chorus_invoice_list_save_state         (ChorusInvoiceList      *self,
                                                           ChorusInvoiceListState *state);
/* Shows "N invoices" in @count_label. */
void               chorus_invoice_list_show_count         (GtkLabel               *count_label,
                                                           guint                   n);
/* Selects again the invoices of @state still listed and, when one is, brings the view back where
 * it was (the top otherwise); frees what @state holds. */
void               chorus_invoice_list_restore_state      (ChorusInvoiceList      *self,
                                                           ChorusInvoiceListState *state);

G_END_DECLS
