/* chorus-store-private.h: store internals shared with its tests and benchmarks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-store.h"

G_BEGIN_DECLS

struct sqlite3;

/* The schema version chorus_store_open() migrates to. */
guint        chorus_store_schema_version  (void);
/* SQL that takes a database from @version - 1 to @version (1-based). Applying steps 1..N in
 * order builds schema version N, which is how the tests create databases of older versions. */
const char  *chorus_store_migration_sql   (guint version);
/* Adds the SQL functions the migrations use (chorus_status_group) to a raw connection. */
void         chorus_store_register_functions (struct sqlite3     *db);
/* The exact SQL chorus_store_query_ids() runs for these arguments, with values inlined. */
char        *chorus_store_query_sql       (ChorusStore               *self,
                                           const ChorusInvoiceFilter *filter,
                                           ChorusSortColumn           sort,
                                           gboolean                   descending);
/* chorus_store_purge_cache() as if it were @now_s (seconds since the epoch). */
int          chorus_store_purge_cache_at  (ChorusStore               *self,
                                           guint64                    max_bytes,
                                           gint64                     max_age_s,
                                           gint64                     now_s,
                                           GError                   **error);
/* chorus_store_query_start() reads a list on the calling thread when its side holds at most @rows
 * invoices (CHORUS_STORE_CHEAP_QUERY_ROWS by default), in its worker otherwise. */
#define CHORUS_STORE_CHEAP_QUERY_ROWS 250000
void         chorus_store_set_cheap_query_rows (ChorusStore          *self,
                                                guint                 rows);
/* Runs in the worker of every chorus_store_query_start() before its query, with the query's
 * cancellable: tests make a query as slow as they need (NULL: none). */
typedef void (*ChorusStoreQueryHook) (GCancellable *cancellable, gpointer data);
void         chorus_store_set_query_hook  (ChorusStore               *self,
                                           ChorusStoreQueryHook       hook,
                                           gpointer                   data);
/* The FTS5 query chorus_store_query_ids() uses for a user's search text; NULL if it has no word. */
char        *chorus_store_fts_query       (const char                *text);

G_END_DECLS
