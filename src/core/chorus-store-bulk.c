/* chorus-store-bulk.c: a first load without the indexes and full-text triggers, restored at its end
 * (or at the next opening, when it was interrupted). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-store-internal.h"

/* Bulk load ------------------------------------------------------------------------------------ */

#define BULK_DDL_KEY "bulk-load-ddl"
#define BULK_DDL_SEPARATOR "\x1e"
#define BULK_CHECKPOINT_PAGES 20000   /* 80 MB of log */


gboolean
chorus_store_begin_bulk_load (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) ddl = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *pending = NULL;
  sqlite3_stmt *stmt;
  gboolean empty;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  pending = chorus_store_get_state_locked (&self->writer, BULK_DDL_KEY);
  if (pending != NULL)
    return FALSE;
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT NOT EXISTS (SELECT 1 FROM invoices)", error);
  if (stmt == NULL)
    goto fail;
  empty = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (!empty)
    {
      chorus_sql_rollback (&self->writer);
      return FALSE;
    }

  /* The key's unique index stays: the upserts' conflict target needs it. The group counters'
   * triggers stay too: an upsert into a table of a few rows costs nothing, and the counters are
   * right while the load runs, after it, and after a crash in between. So does the trigger of
   * the sort key of "Time left", which only an invoice brought again by a later page fires. */
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'invoices'"
                         " AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name <> 'invoices_by_chorus_id'"
                         " AND name NOT LIKE 'group\\_counts\\_%' ESCAPE '\\'"
                         " AND name <> 'days_left_key_update' ORDER BY type, name", error);
  if (stmt == NULL)
    goto fail;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (ddl, g_strdup (chorus_sql_column_text (stmt, 2)));
      g_ptr_array_add (drops, g_strdup_printf ("DROP %s %s", chorus_sql_column_text (stmt, 0), chorus_sql_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  g_ptr_array_add (ddl, NULL);
  joined = g_strjoinv (BULK_DDL_SEPARATOR, (char **) ddl->pdata);
  /* The SQL to restore goes in with the drops: a crash leaves either both or neither. */
  if (!chorus_store_set_state_locked (self, BULK_DDL_KEY, joined, error))
    goto fail;
  for (guint i = 0; i < drops->len; i++)
    if (!chorus_sql_exec (&self->writer, g_ptr_array_index (drops, i), error))
      goto fail;
  if (!chorus_sql_commit (&self->writer, error))
    goto fail;
  /* Rows go in at random places of the table: a page is written again by many commits, and
   * copying the log into the database every 4 MB (the default) cost a tenth of the load's CPU. */
  chorus_sql_exec (&self->writer, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (BULK_CHECKPOINT_PAGES), NULL);
  return TRUE;

fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

/* Runs one statement saved by begin_bulk_load. The saved text lives in the database, so a planted
 * file could put anything there (ATTACH creates files): only our own statements run, word for
 * word, and IF NOT EXISTS makes a step done before a crash a no-op. */
static gboolean
exec_saved_ddl (ChorusSqlConnection *conn, const char *sql, GError **error)
{
  static const char *const kinds[] = { "CREATE INDEX ", "CREATE UNIQUE INDEX ", "CREATE TRIGGER " };
  g_autofree char *idempotent = NULL;

  for (guint i = 0; idempotent == NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_prefix (sql, kinds[i]))
      idempotent = g_strconcat (kinds[i], "IF NOT EXISTS ", sql + strlen (kinds[i]), NULL);
  if (idempotent == NULL || !chorus_store_is_own_statement (sql))
    {
      chorus_store_set_foreign_code_error (error);
      return FALSE;
    }
  return chorus_sql_exec (conn, idempotent, error);
}

/* One step of end_bulk_load, under the writer lock: a write from the UI thread waits for one step
 * (one index, or the full-text rebuild), not for the whole rebuild of a million rows. */
static gboolean
bulk_step (ChorusStore *self, const char *sql, gboolean saved, GError **error)
{
  gboolean done;

  g_mutex_lock (&self->writer.lock);
  done = saved ? exec_saved_ddl (&self->writer, sql, error) : chorus_sql_exec (&self->writer, sql, error);
  g_mutex_unlock (&self->writer.lock);
  /* A mutex is not fair: relocked at once, the next step would starve a waiting UI write on a busy
   * machine. A millisecond per step lets it in. */
  g_usleep (1000);
  return done;
}

/* The triggers, the full-text rebuild and the supplier names, in one transaction: a trigger back
 * before its data is rebuilt would let a UI write delete a full-text entry that is not there yet
 * (SQLite then calls the database malformed), and the data rebuilt before its trigger would miss
 * a write made in between. Clearing the saved DDL commits with them. */
static gboolean
restore_triggers_step (ChorusStore *self, GPtrArray *triggers, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.lock);

  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < triggers->len; i++)
    if (!exec_saved_ddl (&self->writer, g_ptr_array_index (triggers, i), error))
      goto fail;
  /* Kept up row by row, the full text costs four times its rebuild (an FTS5 segment per page,
   * merged again and again). */
  if (!chorus_sql_exec (&self->writer, "INSERT INTO invoices_fts (invoices_fts) VALUES ('rebuild')", error) ||
      !chorus_sql_exec (&self->writer, "INSERT OR IGNORE INTO supplier_names SELECT supplier_name FROM invoices"
                                       " WHERE supplier_name IS NOT NULL", error) ||
      !chorus_store_set_state_locked (self, BULK_DDL_KEY, NULL, error) ||
      !chorus_sql_commit (&self->writer, error))
    goto fail;
  return TRUE;

fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

/* Restores what begin_bulk_load dropped, then rebuilds what the triggers did not maintain. Every
 * step commits on its own and can be run again, so the saved DDL is cleared last: a crash in
 * between makes the next open start over. */
gboolean
chorus_store_end_bulk_load_steps (ChorusStore *self, GError **error)
{
  g_autoptr(GPtrArray) triggers = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_auto(GStrv) ddl = NULL;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.lock);
    joined = chorus_store_get_state_locked (&self->writer, BULK_DDL_KEY);
  }
  if (joined == NULL)
    return TRUE;
  ddl = g_strsplit (joined, BULK_DDL_SEPARATOR, -1);
  for (guint i = 0; ddl[i] != NULL; i++)
    {
      if (ddl[i][0] == '\0')
        continue;
      if (g_str_has_prefix (ddl[i], "CREATE TRIGGER "))
        g_ptr_array_add (triggers, ddl[i]);
      else if (!bulk_step (self, ddl[i], TRUE, error))
        return FALSE;
    }
  if (!restore_triggers_step (self, triggers, error))
    return FALSE;
  /* Fresh statistics for the planner: the table went from empty to full. A sample of each
   * index tells the planner as much as reading all of it (which took longer than any index). */
  if (!bulk_step (self, "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0", FALSE, error))
    return FALSE;
  /* Back to the default log size; the long log of the load goes now (best effort: a reader in
   * the middle of a query keeps it until the next checkpoint). */
  bulk_step (self, "PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint (TRUNCATE)", FALSE, NULL);
  return TRUE;
}

gboolean
chorus_store_end_bulk_load (ChorusStore *self, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  return chorus_store_end_bulk_load_steps (self, error);
}
