/* chorus-store-lists.c: the user's saved filters, the gestionnaires, and the key-value state table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-store-internal.h"

/* Saved filters, gestionnaires, state ---------------------------------------------------------- */

static gboolean
write_text_pair (ChorusStore *self, const char *sql, const char *a, const char *b, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.lock);
  sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer, sql, error);

  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, a);
  if (b != NULL)
    chorus_sql_bind_text (stmt, 2, b);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

static GStrv
read_names (ChorusStore *self, const char *sql, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader.lock);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->reader, sql, error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

static gboolean
check_name (const char *name, GError **error)
{
  if (!chorus_sql_is_set (name) || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID, _("The name is empty."));
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_store_save_filter (ChorusStore               *self,
                          const char                *name,
                          const ChorusInvoiceFilter *filter,
                          GError                   **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;
  text = chorus_invoice_filter_serialize (filter);
  return write_text_pair (self, "INSERT OR REPLACE INTO saved_filters (name, filter) VALUES (?, ?)",
                          name, text, error);
}

gboolean
chorus_store_load_filter (ChorusStore          *self,
                          const char           *name,
                          ChorusInvoiceFilter  *filter,
                          GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && filter != NULL, FALSE);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT filter FROM saved_filters WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (text == NULL)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("There is no saved filter named “%s”."), name);
      return FALSE;
    }
  return chorus_invoice_filter_deserialize (text, filter, error);
}

gboolean
chorus_store_delete_filter (ChorusStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return write_text_pair (self, "DELETE FROM saved_filters WHERE name = ?", name, NULL, error);
}

GStrv
chorus_store_list_filters (ChorusStore *self, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  return read_names (self, "SELECT name FROM saved_filters ORDER BY name COLLATE NOCASE", error);
}

gboolean
chorus_store_add_gestionnaire (ChorusStore *self, const char *name, GError **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  if (!check_name (name, error))
    return FALSE;
  stripped = g_strstrip (g_strdup (name));
  if (!check_name (stripped, error) ||
      !write_text_pair (self, "INSERT OR IGNORE INTO gestionnaires (name) VALUES (?)", stripped, NULL, error))
    return FALSE;
  g_signal_emit_by_name (self, "gestionnaires-changed");
  return TRUE;
}

gboolean
chorus_store_remove_gestionnaire (ChorusStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  /* Invoices keep the name they were given: the list only drives the choices offered. */
  if (!write_text_pair (self, "DELETE FROM gestionnaires WHERE name = ?", name, NULL, error))
    return FALSE;
  g_signal_emit_by_name (self, "gestionnaires-changed");
  return TRUE;
}

GStrv
chorus_store_list_gestionnaires (ChorusStore *self, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  return read_names (self, "SELECT name FROM gestionnaires ORDER BY name", error);
}

char *
chorus_store_get_state_locked (ChorusSqlConnection *conn, const char *key)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "SELECT value FROM state WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  chorus_sql_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

char *
chorus_store_get_state (ChorusStore *self, const char *key)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT value FROM state WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  chorus_sql_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
chorus_store_set_state (ChorusStore *self, const char *key, const char *value, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return chorus_store_set_state_locked (self, key, value, error);
}
