/* chorus-store-sql.h: SQLite plumbing for the store's files: connections, cached statements, binds. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct {
  sqlite3    *db;
  GMutex      lock;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt, owned */
  GHashTable *by_address;   /* SQL that lives as long as the store (literals) -> the same stmt */
} ChorusSqlConnection;

gboolean      chorus_sql_open           (ChorusSqlConnection *conn,
                                         const char          *path,
                                         gboolean             read_only,
                                         GError             **error);
void          chorus_sql_close          (ChorusSqlConnection *conn);
void          chorus_sql_set_error      (GError             **error,
                                         sqlite3             *db,
                                         const char          *what);
/* A cached statement, reset and unbound. The connection's lock must be held. */
sqlite3_stmt *chorus_sql_prepare        (ChorusSqlConnection *conn,
                                         const char          *sql,
                                         GError             **error);
/* chorus_sql_prepare() for SQL whose address stays valid while the store lives: found by address. */
sqlite3_stmt *chorus_sql_prepare_static (ChorusSqlConnection *conn,
                                         const char          *sql,
                                         GError             **error);
gboolean      chorus_sql_exec           (ChorusSqlConnection *conn,
                                         const char          *sql,
                                         GError             **error);
gboolean      chorus_sql_begin          (ChorusSqlConnection *conn,
                                         GError             **error);
gboolean      chorus_sql_commit         (ChorusSqlConnection *conn,
                                         GError             **error);
void          chorus_sql_rollback       (ChorusSqlConnection *conn);
/* Steps once and resets; TRUE on DONE or ROW. */
gboolean      chorus_sql_step_done      (ChorusSqlConnection *conn,
                                         sqlite3_stmt        *stmt,
                                         GError             **error);
/* Runs @sql (a literal: prepare_static) with @id as its one parameter. */
gboolean      chorus_sql_run_with_id    (ChorusSqlConnection *conn,
                                         const char          *sql,
                                         gint64               id,
                                         GError             **error);
/* NULL binds NULL. */
void          chorus_sql_bind_text      (sqlite3_stmt        *stmt,
                                         int                  index,
                                         const char          *text);
/* The same without a copy: @text must outlive every step of @stmt until it is bound again or
 * its bindings cleared. */
void          chorus_sql_bind_text_static (sqlite3_stmt       *stmt,
                                           int                 index,
                                           const char         *text);
/* Named binds do nothing when the statement has no such parameter. */
void          chorus_sql_bind_named_text (sqlite3_stmt       *stmt,
                                          const char         *name,
                                          const char         *text);
void          chorus_sql_bind_named_int (sqlite3_stmt        *stmt,
                                         const char          *name,
                                         gint64               value);
const char   *chorus_sql_column_text    (sqlite3_stmt        *stmt,
                                         int                  column);
/* Builds one element per row of @sql (static SQL, one parameter ?1 = @param). The connection's
 * lock must be held. NULL with @error when the query fails. */
typedef gpointer (*ChorusSqlRowReader) (sqlite3_stmt *stmt);
GPtrArray    *chorus_sql_read_rows      (ChorusSqlConnection *conn,
                                         const char          *sql,
                                         gint64               param,
                                         GDestroyNotify       free_func,
                                         ChorusSqlRowReader   read_row,
                                         GError             **error);

/* "%text%" for LIKE … ESCAPE '\': the user's % and _ are literal. */
char         *chorus_sql_like_pattern   (const char          *text);

static inline gboolean
chorus_sql_is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

G_END_DECLS
