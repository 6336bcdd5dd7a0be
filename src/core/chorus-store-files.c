/* chorus-store-files.c: the files kept for invoices (PDF, attachments, Factur-X XML) beside the
 * database: their rows, their names on disk, and the orphans swept away. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-store-internal.h"

/* Cached files --------------------------------------------------------------------------------- */

static gboolean
kind_is_valid (const char *kind)
{
  if (!chorus_sql_is_set (kind) || strlen (kind) > 32)
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
chorus_store_cache_file (ChorusStore  *self,
                         gint64        invoice_id,
                         const char   *kind,
                         GBytes       *bytes,
                         GError      **error)
{
  return chorus_store_cache_named_file (self, invoice_id, kind, NULL, bytes, error);
}

gboolean
chorus_store_cache_named_file (ChorusStore  *self,
                               gint64        invoice_id,
                               const char   *kind,
                               const char   *name_shown,
                               GBytes       *bytes,
                               GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  gsize size;
  const char *data;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind_is_valid (kind), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  name = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", invoice_id, kind);
  path = g_build_filename (self->files_dir, name, NULL);
  data = g_bytes_get_data (bytes, &size);
  /* Atomic replace: a crash never leaves a half-written PDF behind a recorded row. */
  if (!g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, _("Could not save the downloaded file: "));
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "INSERT OR REPLACE INTO cached_files (invoice_id, kind, path, size,"
                  " cached_at, name) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  chorus_sql_bind_text (stmt, 2, kind);
  chorus_sql_bind_text (stmt, 3, name);
  sqlite3_bind_int64 (stmt, 4, (gint64) size);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  chorus_sql_bind_text (stmt, 6, name_shown);
  if (!chorus_sql_step_done (&self->writer, stmt, error))
    {
      g_unlink (path);
      return FALSE;
    }

  /* The cache grows with every invoice viewed: keep it within the policy as it grows. */
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT coalesce (sum (size), 0), coalesce (min (cached_at), 0)"
                                    " FROM cached_files", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
      ((guint64) sqlite3_column_int64 (stmt, 0) > CHORUS_STORE_CACHE_MAX_BYTES ||
       g_get_real_time () / G_USEC_PER_SEC - sqlite3_column_int64 (stmt, 1) > CHORUS_STORE_CACHE_MAX_AGE_S))
    {
      g_autoptr(GError) purge_error = NULL;

      sqlite3_reset (stmt);
      g_clear_pointer (&locker, g_mutex_locker_free);
      if (chorus_store_purge_cache (self, CHORUS_STORE_CACHE_MAX_BYTES, CHORUS_STORE_CACHE_MAX_AGE_S, &purge_error) < 0)
        g_warning ("The file cache could not be purged: %s", purge_error->message);
    }
  else if (stmt != NULL)
    sqlite3_reset (stmt);
  return TRUE;
}

/* A name chorus_store_cache_file() gives: <invoice id>-<kind>. */
static gboolean
is_cache_file_name (const char *name)
{
  const char *dash = strchr (name, '-');

  if (dash == NULL || dash == name || !kind_is_valid (dash + 1))
    return FALSE;
  for (const char *p = name; p < dash; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Orphans younger than this may be a download between its file and its row. */
#define ORPHAN_GRACE_S (10 * 60)

int
chorus_store_purge_cache_at (ChorusStore  *self,
                             guint64       max_bytes,
                             gint64        max_age_s,
                             gint64        now_s,
                             GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  sqlite3_stmt *stmt;
  guint64 total = 0;
  const char *name;
  int removed = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT coalesce (sum (size), 0) FROM cached_files", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = (guint64) MAX (0, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);

  if (!chorus_sql_begin (&self->writer, error))
    return -1;
  /* Oldest download first; files of invoices with an open action are what the user is working on. */
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT invoice_id, kind, path, size, cached_at FROM cached_files"
                                    " WHERE invoice_id NOT IN (SELECT invoice_id FROM outbox"
                                    "                          WHERE state < 2 AND invoice_id IS NOT NULL)"
                                    " ORDER BY cached_at, invoice_id, kind", error);
  if (stmt == NULL)
    goto fail;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 size = sqlite3_column_int64 (stmt, 3);
      gint64 cached_at = sqlite3_column_int64 (stmt, 4);
      const char *path = chorus_sql_column_text (stmt, 2);
      sqlite3_stmt *del;

      if (total <= max_bytes && now_s - cached_at <= max_age_s)
        break;
      del = chorus_sql_prepare_static (&self->writer, "DELETE FROM cached_files WHERE invoice_id = ? AND kind = ?", error);
      if (del == NULL)
        goto fail_reset;
      sqlite3_bind_int64 (del, 1, sqlite3_column_int64 (stmt, 0));
      sqlite3_bind_value (del, 2, sqlite3_column_value (stmt, 1));
      if (!chorus_sql_step_done (&self->writer, del, error))
        goto fail_reset;
      if (path != NULL && strchr (path, G_DIR_SEPARATOR) == NULL)
        g_ptr_array_add (doomed, g_strdup (path));
      total -= MIN (total, (guint64) MAX (0, size));
    }
  sqlite3_reset (stmt);
  if (!chorus_sql_commit (&self->writer, error))
    goto fail;

  stmt = chorus_sql_prepare_static (&self->writer, "SELECT path FROM cached_files", error);
  if (stmt == NULL)
    return -1;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (known, g_strdup (chorus_sql_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* Rows first, then files: a crash in between leaves orphans, which the sweep below removes. */
  for (guint i = 0; i < doomed->len; i++)
    {
      g_autofree char *path = g_build_filename (self->files_dir, g_ptr_array_index (doomed, i), NULL);

      if (g_unlink (path) == 0 || errno == ENOENT)
        removed++;
    }

  dir = g_dir_open (self->files_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf info;

      if (!is_cache_file_name (name) || g_hash_table_contains (known, name))
        continue;
      path = g_build_filename (self->files_dir, name, NULL);
      /* lstat: a link is removed as a link, its target is never touched. */
      if (g_lstat (path, &info) == 0 && !S_ISDIR (info.st_mode) && now_s - info.st_mtime > ORPHAN_GRACE_S &&
          g_unlink (path) == 0)
        removed++;
    }
  return removed;

fail_reset:
  sqlite3_reset (stmt);
fail:
  chorus_sql_rollback (&self->writer);
  return -1;
}

int
chorus_store_purge_cache (ChorusStore  *self,
                          guint64       max_bytes,
                          gint64        max_age_s,
                          GError      **error)
{
  return chorus_store_purge_cache_at (self, max_bytes, max_age_s, g_get_real_time () / G_USEC_PER_SEC, error);
}

GBytes *
chorus_store_load_cached_file (ChorusStore  *self,
                               gint64        invoice_id,
                               const char   *kind,
                               GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT path FROM cached_files WHERE invoice_id = ? AND kind = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  chorus_sql_bind_text (stmt, 2, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (name == NULL || strchr (name, G_DIR_SEPARATOR) != NULL)
    return NULL;

  path = g_build_filename (self->files_dir, name, NULL);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* Someone cleaned the cache folder: behave as not cached. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_IO,
                   _("Could not read the cached file: %s"), local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

void
chorus_cached_file_free (ChorusCachedFile *file)
{
  if (file == NULL)
    return;
  g_free (file->kind);
  g_free (file->name);
  g_free (file);
}

static gpointer
read_cached_file_row (sqlite3_stmt *stmt)
{
  ChorusCachedFile *file = g_new0 (ChorusCachedFile, 1);

  file->kind = g_strdup (chorus_sql_column_text (stmt, 0));
  file->name = g_strdup (chorus_sql_column_text (stmt, 1));
  file->size = sqlite3_column_int64 (stmt, 2);
  return file;
}

GPtrArray *
chorus_store_list_cached_files (ChorusStore  *self,
                                gint64        invoice_id,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  return chorus_sql_read_rows (&self->reader, "SELECT kind, name, size FROM cached_files"
                               " WHERE invoice_id = ? ORDER BY kind", invoice_id,
                               (GDestroyNotify) chorus_cached_file_free, read_cached_file_row, error);
}
