/* chorus-filter-bar.h: status groups with counts, full-text search, the other filters, saved filter sets. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-status.h"
#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_FILTER_BAR (chorus_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (ChorusFilterBar, chorus_filter_bar, CHORUS, FILTER_BAR, GtkWidget)

GtkWidget *chorus_filter_bar_new        (void);
void       chorus_filter_bar_set_store  (ChorusFilterBar     *self,
                                         ChorusStore         *store);
/* RECEIVED (the default) or ISSUED: the issued side's tabs are "In progress" (in transit, in
 * validation, with the recipient), "To correct" and "Processed", and it filters by recipient. */
void       chorus_filter_bar_set_direction (ChorusFilterBar  *self,
                                         ChorusDirection      direction);
/* The current filter; its strings belong to the bar and stay valid until the next "changed". */
void       chorus_filter_bar_get_filter (ChorusFilterBar     *self,
                                         ChorusInvoiceFilter *filter);
void       chorus_filter_bar_set_filter (ChorusFilterBar     *self,
                                         const ChorusInvoiceFilter *filter);
void       chorus_filter_bar_set_counts (ChorusFilterBar     *self,
                                         const guint          counts[CHORUS_STATUS_GROUP_LAST]);
/* The count last set for @group. */
guint      chorus_filter_bar_get_count  (ChorusFilterBar     *self,
                                         ChorusStatusGroup    group);
void       chorus_filter_bar_set_group  (ChorusFilterBar     *self,
                                         ChorusStatusGroup    group);
/* Applies a saved filter set; FALSE with a translated error when it cannot be read. */
gboolean   chorus_filter_bar_apply_saved (ChorusFilterBar    *self,
                                          const char         *name,
                                          GError            **error);
/* The built-in set "Mes factures": À traiter, handled by the user (setting my-gestionnaire); FALSE
 * with a toast when the user's name is not set. */
gboolean   chorus_filter_bar_show_my_invoices (ChorusFilterBar *self);
/* Every filter off, the status tab kept; the search too when @search_too. */
void       chorus_filter_bar_clear       (ChorusFilterBar    *self,
                                          gboolean            search_too);
/* Re-reads the handlers and services offered (after they changed elsewhere). */
void       chorus_filter_bar_reload_choices (ChorusFilterBar *self);
void       chorus_filter_bar_focus_search (ChorusFilterBar   *self);

G_END_DECLS
