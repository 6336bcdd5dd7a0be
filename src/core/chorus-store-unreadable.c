/* chorus-store-unreadable.c: odd list items kept with their raw JSON, so nothing is silently lost. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-store-internal.h"
#include "chorus-store-unreadable.h"

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
chorus_store_add_unreadable_items (ChorusStore      *self,
                                   ChorusDirection   direction,
                                   GPtrArray        *items,
                                   GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (items->len == 0)
    return TRUE;
  now = now_utc ();
  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      ChorusUnreadableItem *item = g_ptr_array_index (items, i);
      g_autofree char *keyed = g_strconcat (item->operation ? item->operation : "", "\n",
                                            item->raw_json ? item->raw_json : "", NULL);
      g_autofree char *fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, keyed, -1);
      sqlite3_stmt *stmt = chorus_sql_prepare_static (
          &self->writer,
          "INSERT INTO unreadable_items (direction, operation, list, fingerprint, item_id,"
          " item_number, raw_json, reason, first_seen, last_seen)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?9)"
          " ON CONFLICT (fingerprint) DO UPDATE SET last_seen = excluded.last_seen,"
          " reason = excluded.reason",
          error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int (stmt, 1, direction);
      chorus_sql_bind_text (stmt, 2, item->operation ? item->operation : "");
      chorus_sql_bind_text (stmt, 3, item->list);
      chorus_sql_bind_text (stmt, 4, fingerprint);
      sqlite3_bind_int64 (stmt, 5, MAX (item->id, 0));
      chorus_sql_bind_text (stmt, 6, item->number);
      chorus_sql_bind_text (stmt, 7, item->raw_json ? item->raw_json : "");
      chorus_sql_bind_text (stmt, 8, item->reason ? item->reason : "");
      chorus_sql_bind_text (stmt, 9, now);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
    }
  if (chorus_sql_commit (&self->writer, error))
    return TRUE;

fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

gboolean
chorus_store_resolve_unreadable_items (ChorusStore      *self,
                                       ChorusDirection   direction,
                                       GPtrArray        *invoices,
                                       GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) ids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoices != NULL, FALSE);

  /* Most stores never hold one: do not pay a statement per page for nothing. */
  if (invoices->len == 0 || chorus_store_count_unreadable_items (self, direction) == 0)
    return TRUE;
  ids = g_string_new ("[");
  for (guint i = 0; i < invoices->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            chorus_invoice_get_id (g_ptr_array_index (invoices, i)));
  g_string_append_c (ids, ']');
  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer,
                                    "DELETE FROM unreadable_items WHERE direction = ?"
                                    " AND item_id IN (SELECT value FROM json_each (?))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, direction);
  chorus_sql_bind_text (stmt, 2, ids->str);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

guint
chorus_store_count_unreadable_items (ChorusStore     *self,
                                     ChorusDirection  direction)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return (guint) chorus_store_read_number (self, "SELECT count(*) FROM unreadable_items WHERE direction = ?",
                                           direction, 0);
}

void
chorus_stored_unreadable_free (ChorusStoredUnreadable *stored)
{
  if (stored == NULL)
    return;
  g_free (stored->first_seen);
  g_free (stored->last_seen);
  chorus_unreadable_item_free (stored->item);
  g_free (stored);
}

static gpointer
read_unreadable_row (sqlite3_stmt *stmt)
{
  ChorusStoredUnreadable *stored = g_new0 (ChorusStoredUnreadable, 1);

  stored->item = g_new0 (ChorusUnreadableItem, 1);
  stored->rowid = sqlite3_column_int64 (stmt, 0);
  stored->item->operation = g_strdup (chorus_sql_column_text (stmt, 1));
  stored->item->list = g_strdup (chorus_sql_column_text (stmt, 2));
  stored->item->id = sqlite3_column_int64 (stmt, 3);
  stored->item->number = g_strdup (chorus_sql_column_text (stmt, 4));
  stored->item->raw_json = g_strdup (chorus_sql_column_text (stmt, 5));
  stored->item->reason = g_strdup (chorus_sql_column_text (stmt, 6));
  stored->first_seen = g_strdup (chorus_sql_column_text (stmt, 7));
  stored->last_seen = g_strdup (chorus_sql_column_text (stmt, 8));
  return stored;
}

GPtrArray *
chorus_store_list_unreadable_items (ChorusStore      *self,
                                    ChorusDirection   direction,
                                    GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  return chorus_sql_read_rows (&self->reader,
                               "SELECT id, operation, list, item_id, item_number, raw_json, reason,"
                               " first_seen, last_seen FROM unreadable_items WHERE direction = ?"
                               " ORDER BY last_seen DESC, id DESC",
                               direction, (GDestroyNotify) chorus_stored_unreadable_free,
                               read_unreadable_row, error);
}

gboolean
chorus_store_forget_unreadable_item (ChorusStore  *self,
                                     gint64        rowid,
                                     GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "DELETE FROM unreadable_items WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return chorus_sql_step_done (&self->writer, stmt, error);
}
