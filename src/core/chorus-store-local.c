/* chorus-store-local.c: the store's writes of local follow-up in bulk: one gestionnaire for many
 * invoices, and renaming a gestionnaire everywhere. Chorus Pro never sees these fields. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-store-internal.h"

/* Commits, lets go of the writer, then tells the lists of handlers to refresh. */
static gboolean
commit_and_notify (ChorusStore    *self,
                   GMutexLocker  **locker,
                   GError        **error)
{
  if (!chorus_sql_commit (&self->writer, error))
    return FALSE;
  g_clear_pointer (locker, g_mutex_locker_free);
  g_signal_emit_by_name (self, "gestionnaires-changed");
  return TRUE;
}

gboolean
chorus_store_assign_gestionnaire (ChorusStore   *self,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  const char    *gestionnaire,
                                  GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (chorus_sql_is_set (gestionnaire))
    name = g_strstrip (g_strdup (gestionnaire));
  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE invoices SET gestionnaire = ? WHERE id = ?", error);
  if (stmt == NULL)
    {
      chorus_sql_rollback (&self->writer);
      return FALSE;
    }
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (stmt);
      chorus_sql_bind_text (stmt, 1, name != NULL && *name != '\0' ? name : NULL);
      sqlite3_bind_int64 (stmt, 2, ids[i]);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        {
          chorus_sql_rollback (&self->writer);
          return FALSE;
        }
    }
  return commit_and_notify (self, &locker, error);
}

gboolean
chorus_store_rename_gestionnaire (ChorusStore  *self,
                                  const char   *old_name,
                                  const char   *new_name,
                                  GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *name = NULL;
  const char *steps[] = {
    "UPDATE gestionnaires SET name = ?1 WHERE name = ?2",
    "UPDATE invoices SET gestionnaire = ?1 WHERE gestionnaire = ?2",
  };

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (old_name != NULL, FALSE);

  name = new_name != NULL ? g_strstrip (g_strdup (new_name)) : NULL;
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID, _("The name is empty."));
      return FALSE;
    }
  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer, steps[i], error);

      if (stmt == NULL)
        {
          chorus_sql_rollback (&self->writer);
          return FALSE;
        }
      chorus_sql_bind_text (stmt, 1, name);
      chorus_sql_bind_text (stmt, 2, old_name);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        {
          /* Names are unique in any case: the new name may be in the list already. */
          gboolean taken = sqlite3_extended_errcode (self->writer.db) == SQLITE_CONSTRAINT_PRIMARYKEY;

          chorus_sql_rollback (&self->writer);
          if (taken)
            {
              g_clear_error (error);
              g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID,
                           _("“%s” is already in the list of handlers."), name);
            }
          return FALSE;
        }
    }
  return commit_and_notify (self, &locker, error);
}
