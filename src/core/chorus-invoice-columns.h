/* chorus-invoice-columns.h: the columns of the recipient's invoice list, shared by the list and its CSV export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-csv.h"
#include "chorus-deadline.h"
#include "chorus-invoice.h"
#include "chorus-store.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_COLUMN_TEXT,
  CHORUS_COLUMN_DATE,
  CHORUS_COLUMN_AMOUNT,
  CHORUS_COLUMN_STATUS,
  CHORUS_COLUMN_DAYS_LEFT,
  CHORUS_COLUMN_KEY,                 /* text never cut: the column is as wide as its longest cell */
} ChorusColumnKind;

typedef struct {
  ChorusSortColumn  column;          /* also the index in the table */
  const char       *id;              /* stable key for GSettings */
  const char       *title;           /* short header, untranslated; use g_dgettext or _() */
  const char       *description;     /* full name for the header's tooltip, the column chooser and the
                                      * CSV header; untranslated */
  ChorusColumnKind  kind;
  int               default_width;   /* pixels */
  gboolean          default_visible;
} ChorusInvoiceColumn;

/* CHORUS_SORT_LAST entries, indexed by ChorusSortColumn. */
const ChorusInvoiceColumn *chorus_invoice_columns_get       (void);
/* Where a column goes when the user shows it: its position in the default order of every column. */
guint                      chorus_invoice_columns_natural_position (ChorusSortColumn column);
const ChorusInvoiceColumn *chorus_invoice_columns_find      (const char          *id);
/* The text of a cell as the list shows it; @today is YYYY-MM-DD or NULL for today. */
char                      *chorus_invoice_column_format     (const ChorusInvoiceColumn *column,
                                                             ChorusInvoice       *invoice,
                                                             ChorusDelayPolicy   *delays,
                                                             const char          *today);
/* A CSV document of @ids (in that order) with a header row of @columns' full names, read from @store
 * page by page. Safe to call from a worker thread. */
GBytes                    *chorus_invoice_columns_export_csv (ChorusStore            *store,
                                                              const gint64           *ids,
                                                              guint                   n_ids,
                                                              const ChorusInvoiceColumn * const *columns,
                                                              guint                   n_columns,
                                                              ChorusDelayPolicy      *delays,
                                                              const char             *today,
                                                              GError                **error);

G_END_DECLS
