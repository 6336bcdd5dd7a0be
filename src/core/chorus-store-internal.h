/* chorus-store-internal.h: what the store's own files share (the object's fields, the migration runner). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-store-private.h"
#include "chorus-store-sql.h"

G_BEGIN_DECLS

struct _ChorusStore
{
  GObject     parent_instance;

  char       *dir;
  char       *files_dir;
  ChorusSqlConnection  writer;
  ChorusSqlConnection  reader;       /* WAL: queries never wait for the sync's transactions */
  ChorusSqlConnection  querier;      /* the list's queries (chorus_store_query_start) */
  guint       cheap_query_rows;     /* a side this small is queried on the calling thread */
  ChorusStoreQueryHook query_hook;   /* tests only */
  gpointer    query_hook_data;
  char       *select_by_id_sql;
  char       *upsert_sql;
  char       *detail_sql;
  ChorusDelayPolicy *delay_policy;  /* NULL: the default delays; the rest under the writer lock */
  GHashTable *delay_days;           /* "code\x1fname" -> legal days, the policy's answers so far */
};

/* An invoice number with case and separators dropped (the number_key column): leading zeros are left
 * to chorus_duplicates_normalize_number(), which checks each candidate this finds. Migration 12 uses it:
 * a change needs a new migration. */
#define CHORUS_COMPACT_NUMBER_SQL(x) \
  "replace(replace(replace(replace(replace(lower(" x "), ' ', ''), '-', ''), '/', ''), '.', ''), '_', '')"
/* Fails unless every trigger and view of the database is one the migrations create, word for
 * word: the writer trusts its schema (SQLite 3.40 lets no trigger write the FTS5 table otherwise),
 * so a planted or restored database must not bring code of its own. */
gboolean chorus_store_check_code (ChorusSqlConnection *conn,
                                  GError             **error);
void     chorus_store_set_foreign_code_error (GError **error);
/* Whether @sql is, word for word, an index or trigger the migrations create. */
gboolean chorus_store_is_own_statement (const char *sql);

/* The one number @sql (a literal) reads on the reader connection, its parameters bound in order
 * to @direction then @value (as many as it has); 0 on error or when there is no row. */
gint64   chorus_store_read_number (ChorusStore     *self,
                                   const char      *sql,
                                   ChorusDirection  direction,
                                   gint64           value);
/* The outbox kinds that set an optimistic status (traiter/recue, traiter/factureAValider): while
 * one is open, a pull leaves the invoice's status alone, and a failure restores it. */
#define CHORUS_STORE_OPTIMISTIC_KINDS "(0, 13)"
G_STATIC_ASSERT (CHORUS_ACTION_KIND_PROCESS == 0 && CHORUS_ACTION_KIND_VALIDATE == 13);

/* Restores what chorus_store_begin_bulk_load() dropped (chorus-store-bulk.c); also run when the
 * store opens after an interrupted load. */
gboolean chorus_store_end_bulk_load_steps (ChorusStore *self,
                                           GError     **error);

/* The days_left_key of a row (chorus-store-delays.c) with the store's delays, under the writer lock;
 * @self NULL: the default delays. */
char    *chorus_store_days_left_key_locked (ChorusStore *self,
                                            const char  *deposit_date,
                                            const char  *status_code,
                                            const char  *status_date,
                                            const char  *recipient_code,
                                            const char  *recipient_name);
/* chorus_days_left_key() in SQL, with @self's delays (NULL: the default ones). */
void     chorus_store_register_days_left_key (sqlite3     *db,
                                              ChorusStore *self);

/* Brings the database to chorus_store_schema_version(), one transaction per step. */
gboolean chorus_store_migrate (ChorusSqlConnection *conn,
                               GError             **error);

/* The state table through a connection whose lock the caller holds (the writer's, for a write). */
char    *chorus_store_get_state_locked (ChorusSqlConnection *conn,
                                        const char          *key);
/* @value NULL removes the key. */
gboolean chorus_store_set_state_locked (ChorusStore         *self,
                                        const char          *key,
                                        const char          *value,
                                        GError             **error);

G_END_DECLS
