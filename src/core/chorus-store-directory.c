/* chorus-store-directory.c: structures, services and the reference lists (VAT rates, currencies,
 * payment modes, cadres, bank details) kept for offline use. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-store-internal.h"

/* Structures and services ---------------------------------------------------------------------- */

static gboolean
set_services_locked (ChorusStore *self, gint64 structure_id, GPtrArray *services, GError **error)
{
  if (!chorus_sql_run_with_id (&self->writer, "DELETE FROM services WHERE structure_id = ?", structure_id, error))
    return FALSE;
  for (guint i = 0; i < services->len; i++)
    {
      ChorusService *service = g_ptr_array_index (services, i);
      sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer,
                                           "INSERT OR REPLACE INTO services (id, structure_id, code, name, active,"
                                           " description, start_date, end_date, engagement_required)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, service->id);
      sqlite3_bind_int64 (stmt, 2, structure_id);
      chorus_sql_bind_text (stmt, 3, service->code);
      chorus_sql_bind_text (stmt, 4, service->name);
      sqlite3_bind_int (stmt, 5, service->active ? 1 : 0);
      chorus_sql_bind_text (stmt, 6, service->description);
      chorus_sql_bind_text (stmt, 7, service->start_date);
      chorus_sql_bind_text (stmt, 8, service->end_date);
      sqlite3_bind_int (stmt, 9, service->engagement_required ? 1 : 0);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
chorus_store_upsert_structures (ChorusStore  *self,
                                GPtrArray    *structures,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (structures != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);
      sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer,
                                           "INSERT INTO structures (id, identifier, id_type, name, status, role,"
                                           " service_required, engagement_required, service_or_engagement)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                           " ON CONFLICT (id) DO UPDATE SET identifier = excluded.identifier,"
                                           " id_type = excluded.id_type, name = excluded.name,"
                                           " status = coalesce (excluded.status, status),"
                                           " role = coalesce (excluded.role, role),"
                                           " service_required = excluded.service_required,"
                                           " engagement_required = excluded.engagement_required,"
                                           " service_or_engagement = excluded.service_or_engagement", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, structure->id);
      chorus_sql_bind_text (stmt, 2, structure->identifier);
      chorus_sql_bind_text (stmt, 3, chorus_id_type_to_api (structure->id_type));
      chorus_sql_bind_text (stmt, 4, structure->name);
      chorus_sql_bind_text (stmt, 5, structure->status);
      chorus_sql_bind_text (stmt, 6, chorus_role_to_api (structure->role));
      sqlite3_bind_int (stmt, 7, structure->service_required ? 1 : 0);
      sqlite3_bind_int (stmt, 8, structure->engagement_required ? 1 : 0);
      sqlite3_bind_int (stmt, 9, structure->service_or_engagement ? 1 : 0);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
      if (structure->services != NULL && !set_services_locked (self, structure->id, structure->services, error))
        goto fail;
    }
  if (chorus_sql_commit (&self->writer, error))
    return TRUE;
fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

GPtrArray *
chorus_store_list_structures (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *structures;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT id, identifier, id_type, name, status, role, service_required,"
                         " engagement_required, service_or_engagement FROM structures ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  structures = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusStructure *structure = chorus_structure_new ();

      structure->id = sqlite3_column_int64 (stmt, 0);
      structure->identifier = g_strdup (chorus_sql_column_text (stmt, 1));
      structure->id_type = chorus_id_type_from_api (chorus_sql_column_text (stmt, 2));
      structure->name = g_strdup (chorus_sql_column_text (stmt, 3));
      structure->status = g_strdup (chorus_sql_column_text (stmt, 4));
      structure->role = chorus_role_from_api (chorus_sql_column_text (stmt, 5));
      structure->service_required = sqlite3_column_int (stmt, 6) != 0;
      structure->engagement_required = sqlite3_column_int (stmt, 7) != 0;
      structure->service_or_engagement = sqlite3_column_int (stmt, 8) != 0;
      g_ptr_array_add (structures, structure);
    }
  sqlite3_reset (stmt);
  return structures;
}

gboolean
chorus_store_set_services (ChorusStore  *self,
                           gint64        structure_id,
                           GPtrArray    *services,
                           GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (services != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  if (set_services_locked (self, structure_id, services, error) && chorus_sql_commit (&self->writer, error))
    return TRUE;
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

GPtrArray *
chorus_store_list_services (ChorusStore *self, gint64 structure_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *services;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT id, code, name, active, description, start_date, end_date,"
                         " engagement_required FROM services WHERE ?1 = 0 OR structure_id = ?1 ORDER BY code, id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, structure_id);
  services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusService *service = chorus_service_new ();

      service->id = sqlite3_column_int64 (stmt, 0);
      service->code = g_strdup (chorus_sql_column_text (stmt, 1));
      service->name = g_strdup (chorus_sql_column_text (stmt, 2));
      service->active = sqlite3_column_int (stmt, 3) != 0;
      service->description = g_strdup (chorus_sql_column_text (stmt, 4));
      service->start_date = g_strdup (chorus_sql_column_text (stmt, 5));
      service->end_date = g_strdup (chorus_sql_column_text (stmt, 6));
      service->engagement_required = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (services, service);
    }
  sqlite3_reset (stmt);
  return services;
}

/* Reference lists ------------------------------------------------------------------------------ */

gboolean
chorus_store_set_reference_items (ChorusStore  *self,
                                  const char   *list,
                                  gint64        structure_id,
                                  GPtrArray    *items,
                                  GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (list != NULL && items != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  stmt = chorus_sql_prepare_static (&self->writer, "DELETE FROM reference_items WHERE list = ? AND structure_id = ?", error);
  if (stmt == NULL)
    goto fail;
  chorus_sql_bind_text (stmt, 1, list);
  sqlite3_bind_int64 (stmt, 2, structure_id);
  if (!chorus_sql_step_done (&self->writer, stmt, error))
    goto fail;
  for (guint i = 0; i < items->len; i++)
    {
      const ChorusReferenceItem *item = g_ptr_array_index (items, i);

      if (!chorus_sql_is_set (item->code))
        continue;
      stmt = chorus_sql_prepare_static (&self->writer, "INSERT OR REPLACE INTO reference_items"
                                        " (list, structure_id, seq, code, label, value) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      chorus_sql_bind_text (stmt, 1, list);
      sqlite3_bind_int64 (stmt, 2, structure_id);
      sqlite3_bind_int (stmt, 3, (int) i);
      chorus_sql_bind_text (stmt, 4, item->code);
      chorus_sql_bind_text (stmt, 5, item->label);
      sqlite3_bind_double (stmt, 6, item->value);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
    }
  if (chorus_sql_commit (&self->writer, error))
    return TRUE;
fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

GPtrArray *
chorus_store_list_reference_items (ChorusStore  *self,
                                   const char   *list,
                                   gint64        structure_id,
                                   GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *items;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (list != NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT code, label, value FROM reference_items"
                                    " WHERE list = ? AND structure_id = ? ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  chorus_sql_bind_text (stmt, 1, list);
  sqlite3_bind_int64 (stmt, 2, structure_id);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_reference_item_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusReferenceItem *item = g_new0 (ChorusReferenceItem, 1);

      item->code = g_strdup (chorus_sql_column_text (stmt, 0));
      item->label = g_strdup (chorus_sql_column_text (stmt, 1));
      item->value = sqlite3_column_double (stmt, 2);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  return items;
}
