/* chorus-store-sql.c: SQLite plumbing for the store's files: connections, cached statements, binds. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-store-private.h"
#include "chorus-store-sql.h"

void
chorus_sql_set_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_SQL,
               /* Translators: %s is the operation, then SQLite's own message */
               _("The local invoice database failed (%s): %s"), what, sqlite3_errmsg (db));
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* A cached statement, reset and unbound. The connection's lock must be held. */
sqlite3_stmt *
chorus_sql_prepare (ChorusSqlConnection *conn, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      chorus_sql_set_error (error, conn->db, "prepare");
      return NULL;
    }
  g_hash_table_insert (conn->statements, g_strdup (sql), stmt);
  return stmt;
}

/* prepare() for SQL whose address stays valid while the store lives (literals, the store's own
 * SQL): found by address. The upsert is 3 kB; hashing it per row showed in profiles. */
sqlite3_stmt *
chorus_sql_prepare_static (ChorusSqlConnection *conn, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->by_address, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = chorus_sql_prepare (conn, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (conn->by_address, (gpointer) sql, stmt);
  return stmt;
}

gboolean
chorus_sql_exec (ChorusSqlConnection *conn, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (conn->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_SQL,
                   _("The local invoice database failed (%s): %s"), "exec",
                   message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_sql_begin (ChorusSqlConnection *conn, GError **error)
{
  return chorus_sql_exec (conn, "BEGIN IMMEDIATE", error);
}

gboolean
chorus_sql_commit (ChorusSqlConnection *conn, GError **error)
{
  return chorus_sql_exec (conn, "COMMIT", error);
}

void
chorus_sql_rollback (ChorusSqlConnection *conn)
{
  if (!sqlite3_get_autocommit (conn->db))
    sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
chorus_sql_step_done (ChorusSqlConnection *conn, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      chorus_sql_set_error (error, conn->db, "step");
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_sql_run_with_id (ChorusSqlConnection  *conn,
                        const char           *sql,
                        gint64                id,
                        GError              **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return chorus_sql_step_done (conn, stmt, error);
}

void
chorus_sql_bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
chorus_sql_bind_text_static (sqlite3_stmt *stmt, int index, const char *text)
{
  /* A NULL text binds NULL (SQLite's own rule). */
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

void
chorus_sql_bind_named_text (sqlite3_stmt *stmt, const char *name, const char *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    chorus_sql_bind_text (stmt, index, text);
}

void
chorus_sql_bind_named_int (sqlite3_stmt *stmt, const char *name, gint64 value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

const char *
chorus_sql_column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gboolean
chorus_sql_open (ChorusSqlConnection *conn, const char *path, gboolean read_only, GError **error)
{
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  g_mutex_init (&conn->lock);
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  conn->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* NOFOLLOW: a chorus.db planted as a link to another file is refused. */
  if (sqlite3_open_v2 (path, &conn->db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                   _("Could not open the local invoice database “%s”: %s"), path,
                   conn->db != NULL ? sqlite3_errmsg (conn->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (conn->db, 10000);
  /* A database file is data, not code: a planted or restored chorus.db must not be able to
   * corrupt the file through writable_schema, attach (create) other files or load extensions.
   * Untrusted schema (only innocuous functions and virtual tables in triggers, views and index
   * expressions) on the reader; the writer's triggers write the FTS5 table, which SQLite 3.40
   * allows only with a trusted schema, so the store checks its code instead (chorus_store_check_code). */
  sqlite3_db_config (conn->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (conn->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, read_only ? 0 : 1, NULL);
  sqlite3_db_config (conn->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_limit (conn->db, SQLITE_LIMIT_ATTACHED, 0);
  chorus_store_register_functions (conn->db);
  return chorus_sql_exec (conn, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;", error);
}

void
chorus_sql_close (ChorusSqlConnection *conn)
{
  g_clear_pointer (&conn->by_address, g_hash_table_unref);
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  if (conn->db != NULL)
    sqlite3_close (conn->db);
  conn->db = NULL;
  g_mutex_clear (&conn->lock);
}

GPtrArray *
chorus_sql_read_rows (ChorusSqlConnection *conn,
                      const char          *sql,
                      gint64               param,
                      GDestroyNotify       free_func,
                      ChorusSqlRowReader   read_row,
                      GError             **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, sql, error);
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_bind_int64 (stmt, 1, param);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, conn->db, "read");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

char *
chorus_sql_like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}
