/* chorus-sim-dataset-private.h: what the dataset's own files share (the store, its rows, lines,
 * history and generator): the store's struct, SQL column helpers, dates and status paths.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-sim-dataset.h"

G_BEGIN_DECLS

struct _SimDataset {
  sqlite3      *db;
  char         *path;
  guint32       seed;
  guint         n_invoices;
  SimWellKnown  wk;
  GHashTable   *counts;          /* search SQL + binds → total, while nothing was written */
  sqlite3_int64 counts_changes;
  sqlite3_stmt *structure_stmt;  /* kept prepared: each page of results loads dozens */
  sqlite3_stmt *service_stmt;
  sqlite3_stmt *insert_stmt;     /* invoices */
  sqlite3_stmt *works_insert_stmt;
};

/* What a structure does in the generated world; the kind of a supplier also picks the articles
 * of its invoices' lines (the two low bits of their seed). */
typedef enum {
  SIM_KIND_PUBLIC = 0,
  SIM_KIND_TRAINING = 1,
  SIM_KIND_COMPANY = 2,
  SIM_KIND_WORKS = 3,
  SIM_KIND_MOE = 4,
} SimStructureKind;

/* Binds NULL for a NULL @text. */
void        sim_sql_bind_text             (sqlite3_stmt     *stmt,
                                           int               col,
                                           const char       *text);
char       *sim_sql_column_text           (sqlite3_stmt     *stmt,
                                           int               col);
/* The first column of the first row of @sql (its one parameter bound to @id), or @def. */
gint64      sim_dataset_query_int         (SimDataset       *self,
                                           const char       *sql,
                                           gint64            id,
                                           gint64            def);

/* Fills the empty store of @self from its seed (chorus-sim-generate.c); the caller made the
 * schema and commits. Sets the well-known ids. */
gboolean    sim_generate                  (SimDataset       *self,
                                           GError          **error);

/* Days as Julian day numbers, and back to "YYYY-MM-DD". */
guint32     sim_julian_of                 (int               y,
                                           int               m,
                                           int               d);
void        sim_format_julian             (guint32           j,
                                           char              out[11]);

/* Lines (chorus-sim-lines.c). The seed's top bit says every line is at the 0 % rate. */
#define SIM_SEED_EXEMPT 0x80000000u
GPtrArray  *sim_lines_derive              (guint32           seed,
                                           int               n_lines);
void        sim_lines_totals              (GPtrArray        *lines,
                                           gint64           *ht,
                                           gint64           *tva);
gint64      sim_vat_of                    (gint64            base,
                                           int               bp);

/* History (chorus-sim-history.c): the statuses an invoice walked to reach @statut through
 * @levels validators (0, 1 or 2), @statut last; at most 16. */
gsize       sim_status_path               (const char       *statut,
                                           int               levels,
                                           const char      **path);
int         sim_invoice_validation_levels (const SimInvoice *inv);

G_END_DECLS
