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

/* What a saved statement may be. */
static const char *const saved_kinds[] = { "CREATE INDEX ", "CREATE UNIQUE INDEX ", "CREATE TRIGGER " };


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
  /* Read first, then again in the write transaction: every pull after the first one asks, and
   * need not wait for the database's write lock to hear no. */
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1 && !chorus_sql_begin (&self->writer, error))
        return FALSE;
      stmt = chorus_sql_prepare_static (&self->writer, "SELECT NOT EXISTS (SELECT 1 FROM invoices)", error);
      if (stmt == NULL)
        goto fail;
      empty = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (!empty)
        {
          if (pass == 1)
            chorus_sql_rollback (&self->writer);
          return FALSE;
        }
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
  g_autofree char *idempotent = NULL;

  for (guint i = 0; idempotent == NULL && i < G_N_ELEMENTS (saved_kinds); i++)
    if (g_str_has_prefix (sql, saved_kinds[i]))
      idempotent = g_strconcat (saved_kinds[i], "IF NOT EXISTS ", sql + strlen (saved_kinds[i]), NULL);
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

/* The name a saved CREATE INDEX / CREATE TRIGGER statement creates (our own names: one word). */
static char *
saved_ddl_name (const char *sql)
{
  for (guint i = 0; i < G_N_ELEMENTS (saved_kinds); i++)
    if (g_str_has_prefix (sql, saved_kinds[i]))
      return g_strndup (sql + strlen (saved_kinds[i]), strcspn (sql + strlen (saved_kinds[i]), " ("));
  return NULL;
}

static gboolean
saved_ddl_exists (ChorusSqlConnection *conn, const char *sql)
{
  g_autofree char *name = saved_ddl_name (sql);
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "SELECT 1 FROM sqlite_master WHERE name = ?", NULL);
  gboolean exists;

  if (stmt == NULL || name == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, name);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return exists;
}

/* The saved statements of a bulk load still to run, in @indexes and @triggers (none when no load
 * is on); under the writer lock. */
static void
pending_ddl_locked (ChorusStore *self, GPtrArray *indexes, GPtrArray *triggers)
{
  g_autofree char *joined = chorus_store_get_state_locked (&self->writer, BULK_DDL_KEY);
  g_auto(GStrv) ddl = NULL;

  if (joined == NULL)
    return;
  ddl = g_strsplit (joined, BULK_DDL_SEPARATOR, -1);
  for (guint i = 0; ddl[i] != NULL; i++)
    {
      if (ddl[i][0] == '\0' || saved_ddl_exists (&self->writer, ddl[i]))
        continue;
      g_ptr_array_add (g_str_has_prefix (ddl[i], "CREATE TRIGGER ") ? triggers : indexes, g_strdup (ddl[i]));
    }
}

/* The triggers, the full-text rebuild and the supplier names, in one transaction: a trigger back
 * before its data is rebuilt would let a UI write delete a full-text entry that is not there yet
 * (SQLite then calls the database malformed), and the data rebuilt before its trigger would miss
 * a write made in between. Under the writer lock, in the caller's transaction. */
static gboolean
restore_triggers_locked (ChorusStore *self, GPtrArray *triggers, GError **error)
{
  for (guint i = 0; i < triggers->len; i++)
    if (!exec_saved_ddl (&self->writer, g_ptr_array_index (triggers, i), error))
      return FALSE;
  /* Kept up row by row, the full text costs four times its rebuild (an FTS5 segment per page,
   * merged again and again): rebuilt once, when the triggers come back. */
  return chorus_sql_exec (&self->writer, "INSERT INTO invoices_fts (invoices_fts) VALUES ('rebuild')", error) &&
         chorus_sql_exec (&self->writer, "INSERT OR IGNORE INTO supplier_names SELECT supplier_name FROM invoices"
                                         " WHERE supplier_name IS NOT NULL", error);
}

guint
chorus_store_bulk_load_steps_left (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  locker = g_mutex_locker_new (&self->writer.lock);
  pending_ddl_locked (self, indexes, triggers);
  return indexes->len + (triggers->len > 0 ? 1 : 0);
}

/* One step of the end of a bulk load while it still runs: the next dropped index, or (once every
 * index is back) the triggers with the full-text rebuild of the rows loaded so far. What comes
 * after is kept up row by row. The saved DDL stays until the end: a crash in between leaves
 * steps that IF NOT EXISTS makes no-ops, and a full-text rebuild that is right whatever was
 * kept. */
gboolean
chorus_store_bulk_load_step (ChorusStore *self, guint *steps_left, GError **error)
{
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  gboolean done = TRUE;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  g_mutex_lock (&self->writer.lock);
  pending_ddl_locked (self, indexes, triggers);
  if (indexes->len > 0)
    {
      done = exec_saved_ddl (&self->writer, g_ptr_array_index (indexes, 0), error);
      g_ptr_array_remove_index (indexes, 0);
    }
  else if (triggers->len > 0)
    {
      done = chorus_sql_begin (&self->writer, error) && restore_triggers_locked (self, triggers, error) &&
             chorus_sql_commit (&self->writer, error);
      if (!done)
        chorus_sql_rollback (&self->writer);
      g_ptr_array_set_size (triggers, 0);
    }
  g_mutex_unlock (&self->writer.lock);
  if (steps_left != NULL)
    *steps_left = indexes->len + (triggers->len > 0 ? 1 : 0);
  return done;
}

/* The triggers still missing, then clearing the saved DDL, in one transaction. Triggers restored
 * while the load ran came back with their full-text rebuild: nothing to rebuild then. */
static gboolean
finish_step (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.lock);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);

  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  pending_ddl_locked (self, indexes, triggers);
  if ((triggers->len > 0 && !restore_triggers_locked (self, triggers, error)) ||
      !chorus_store_set_state_locked (self, BULK_DDL_KEY, NULL, error) ||
      !chorus_sql_commit (&self->writer, error))
    {
      chorus_sql_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

/* Restores what begin_bulk_load dropped and the load did not restore yet, then rebuilds what the
 * triggers did not maintain. Every step commits on its own and can be run again, so the saved
 * DDL is cleared last: a crash in between makes the next open start over. */
gboolean
chorus_store_end_bulk_load_steps (ChorusStore *self, GError **error)
{
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.lock);
    joined = chorus_store_get_state_locked (&self->writer, BULK_DDL_KEY);
    if (joined != NULL)
      pending_ddl_locked (self, indexes, triggers);
  }
  if (joined == NULL)
    return TRUE;
  for (guint i = 0; i < indexes->len; i++)
    if (!bulk_step (self, g_ptr_array_index (indexes, i), TRUE, error))
      return FALSE;
  if (!finish_step (self, error))
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
