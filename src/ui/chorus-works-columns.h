/* chorus-works-columns.h: the works Synthèse's columns as the portal shows them, in a column view and as CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Appends the portal's columns (seed 002) to @view, each sortable; sorted by deposit date, newest
 * first. The rows are ChorusWorksItem. */
void     chorus_works_columns_add       (GtkColumnView  *view);
/* Writes @model (ChorusWorksItem) to @path with the same columns; amounts and dates as values, so
 * a spreadsheet sums and sorts them. */
gboolean chorus_works_columns_write_csv (GListModel     *model,
                                         const char     *path,
                                         GError        **error);

/* "Exporter les résultats": asks where (@file_name offered), writes @model there and says how it
 * went as a toast over @owner. */
void     chorus_works_columns_export    (GtkWidget      *owner,
                                         GListModel     *model,
                                         const char     *file_name);

G_END_DECLS
