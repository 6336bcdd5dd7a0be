/* chorus-store-outbox.c: the outbox of user actions waiting for Chorus Pro, with their optimistic status. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-status.h"
#include "chorus-store-internal.h"

/* The outbox table stores ChorusActionState and ChorusActionKind as numbers. */
#define OPEN_ACTION  "state < 2"   /* PENDING or SENDING: not yet DONE */
/* The kinds with an optimistic status: a recipient's processing, a validator's decision. */
#define OPTIMISTIC_KIND "kind IN " CHORUS_STORE_OPTIMISTIC_KINDS
G_STATIC_ASSERT (CHORUS_ACTION_PENDING == 0 && CHORUS_ACTION_SENDING == 1 && CHORUS_ACTION_DONE == 2);

/* Boxed helper types ------------------------------------------------------------------------- */

ChorusAction *
chorus_action_copy (const ChorusAction *action)
{
  ChorusAction *copy = g_memdup2 (action, sizeof *action);

  copy->previous_comment = g_strdup (action->previous_comment);
  copy->motif = g_strdup (action->motif);
  copy->mandate_number = g_strdup (action->mandate_number);
  copy->message = g_strdup (action->message);
  copy->payload = g_strdup (action->payload);
  copy->result = g_strdup (action->result);
  copy->created_at = g_strdup (action->created_at);
  copy->finished_at = g_strdup (action->finished_at);
  return copy;
}

void
chorus_action_free (ChorusAction *action)
{
  if (action == NULL)
    return;
  g_free (action->previous_comment);
  g_free (action->motif);
  g_free (action->mandate_number);
  g_free (action->message);
  g_free (action->payload);
  g_free (action->result);
  g_free (action->created_at);
  g_free (action->finished_at);
  g_free (action);
}

G_DEFINE_BOXED_TYPE (ChorusAction, chorus_action, chorus_action_copy, chorus_action_free)

/* Outbox --------------------------------------------------------------------------------------- */

/* The invoice's Chorus Pro id rides along: the sender addresses the server with it. */
#define ACTION_COLUMNS "id, kind, state, invoice_id, target, previous, previous_comment, motif," \
                       " mandate_number, attempts, message, payload, result, not_before, created_at, finished_at," \
                       " (SELECT chorus_id FROM invoices WHERE invoices.id = outbox.invoice_id)"

/* Outbox commits are synced to disk (synchronous=FULL; WAL mode then syncs the log up to the
 * commit): after a power cut, an action marked SENDING must not come back as never sent, nor an
 * upload id be lost. The rest of the store keeps NORMAL, where a power cut may only cost the
 * last pages of a pull, which the next pull brings again. The writer's lock must be held. */
static gboolean
durable_begin (ChorusStore *self, GError **error)
{
  return chorus_sql_exec (&self->writer, "PRAGMA synchronous = FULL", error);
}

static void
durable_end (ChorusStore *self)
{
  chorus_sql_exec (&self->writer, "PRAGMA synchronous = NORMAL", NULL);
}

/* Runs one statement durably; @stmt has its values bound. */
static gboolean
step_durably (ChorusStore *self, sqlite3_stmt *stmt, GError **error)
{
  gboolean ok;

  if (!durable_begin (self, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  ok = chorus_sql_step_done (&self->writer, stmt, error);
  durable_end (self);
  return ok;
}

static ChorusAction *
action_from_row (sqlite3_stmt *stmt)
{
  ChorusAction *action = g_new0 (ChorusAction, 1);

  action->id = sqlite3_column_int64 (stmt, 0);
  action->kind = (ChorusActionKind) sqlite3_column_int (stmt, 1);
  action->state = (ChorusActionState) sqlite3_column_int (stmt, 2);
  action->invoice_id = sqlite3_column_int64 (stmt, 3);
  action->target_code = chorus_status_code_intern (chorus_sql_column_text (stmt, 4));
  action->target = chorus_status_from_api (action->target_code);
  action->previous_code = chorus_status_code_intern (chorus_sql_column_text (stmt, 5));
  action->previous = chorus_status_from_api (action->previous_code);
  action->previous_comment = g_strdup (chorus_sql_column_text (stmt, 6));
  action->motif = g_strdup (chorus_sql_column_text (stmt, 7));
  action->mandate_number = g_strdup (chorus_sql_column_text (stmt, 8));
  action->attempts = sqlite3_column_int (stmt, 9);
  action->message = g_strdup (chorus_sql_column_text (stmt, 10));
  action->payload = g_strdup (chorus_sql_column_text (stmt, 11));
  action->result = g_strdup (chorus_sql_column_text (stmt, 12));
  action->not_before = sqlite3_column_int64 (stmt, 13);
  action->created_at = g_strdup (chorus_sql_column_text (stmt, 14));
  action->finished_at = g_strdup (chorus_sql_column_text (stmt, 15));
  action->chorus_id = sqlite3_column_int64 (stmt, 16);
  return action;
}

/* The actions a prepared and bound SELECT of ACTION_COLUMNS gives; the statement is reset. */
static GPtrArray *
collect_actions (ChorusSqlConnection *conn, sqlite3_stmt *stmt, GError **error)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_action_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (actions, action_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, conn->db, "outbox");
      g_ptr_array_unref (actions);
      return NULL;
    }
  return actions;
}

static GPtrArray *
list_actions (ChorusSqlConnection *conn, const char *sql, gint64 invoice_id, GError **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  if (invoice_id != 0)
    sqlite3_bind_int64 (stmt, 1, invoice_id);
  return collect_actions (conn, stmt, error);
}

/* Writes an invoice's status (code, group and comment) inside the writer's open transaction. */
static gboolean
set_invoice_status (ChorusStore  *self,
                    gint64        invoice_id,
                    const char   *code,
                    int           group,
                    const char   *comment,
                    GError      **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer, "UPDATE invoices SET status = ?, status_group = ?,"
                                                  " status_comment = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, code);
  sqlite3_bind_int (stmt, 2, group);
  chorus_sql_bind_text (stmt, 3, comment);
  sqlite3_bind_int64 (stmt, 4, invoice_id);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

GArray *
chorus_store_outbox_add_process (ChorusStore   *self,
                                 const gint64  *invoice_ids,
                                 guint          n_ids,
                                 ChorusStatus   target,
                                 const char    *motif,
                                 const char    *mandate_number,
                                 GError       **error)
{
  return chorus_store_outbox_add_process_held (self, invoice_ids, n_ids, target, motif, mandate_number, 0, error);
}

GArray *
chorus_store_outbox_add_process_held (ChorusStore   *self,
                                      const gint64  *invoice_ids,
                                      guint          n_ids,
                                      ChorusStatus   target,
                                      const char    *motif,
                                      const char    *mandate_number,
                                      gint64         not_before,
                                      GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) action_ids = NULL;
  const char *target_api = chorus_status_to_api (target);

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (invoice_ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (target_api != NULL, NULL);

  action_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  locker = g_mutex_locker_new (&self->writer.lock);
  if (!durable_begin (self, error))
    return NULL;
  if (!chorus_sql_begin (&self->writer, error))
    {
      durable_end (self);
      return NULL;
    }
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_stmt *stmt;
      g_autofree char *current = NULL;
      g_autofree char *current_comment = NULL;
      gboolean found = FALSE;
      gint64 action_id;

      stmt = chorus_sql_prepare_static (&self->writer, "SELECT status, status_comment FROM invoices WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, invoice_ids[i]);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = TRUE;
          current = g_strdup (chorus_sql_column_text (stmt, 0));
          current_comment = g_strdup (chorus_sql_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                       _("Invoice %lld is not in the local database."), (long long) invoice_ids[i]);
          goto fail;
        }
      if (g_strcmp0 (current, target_api) == 0)
        continue;

      stmt = chorus_sql_prepare_static (&self->writer, "INSERT INTO outbox (kind, invoice_id, target, previous, previous_comment,"
                      " motif, mandate_number, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int (stmt, 1, CHORUS_ACTION_KIND_PROCESS);
      sqlite3_bind_int64 (stmt, 2, invoice_ids[i]);
      chorus_sql_bind_text (stmt, 3, target_api);
      chorus_sql_bind_text (stmt, 4, current);
      chorus_sql_bind_text (stmt, 5, current_comment);
      chorus_sql_bind_text (stmt, 6, chorus_sql_is_set (motif) ? motif : NULL);
      chorus_sql_bind_text (stmt, 7, chorus_sql_is_set (mandate_number) ? mandate_number : NULL);
      sqlite3_bind_int64 (stmt, 8, MAX (not_before, 0));
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
      action_id = sqlite3_last_insert_rowid (self->writer.db);
      g_array_append_val (action_ids, action_id);

      /* The optimistic state the user sees until the server answers. */
      if (!set_invoice_status (self, invoice_ids[i], target_api, chorus_status_get_group (target),
                               chorus_sql_is_set (motif) ? motif : NULL, error))
        goto fail;
    }
  if (!chorus_sql_commit (&self->writer, error))
    goto fail;
  durable_end (self);
  return g_steal_pointer (&action_ids);

fail:
  chorus_sql_rollback (&self->writer);
  durable_end (self);
  return NULL;
}

gint64
chorus_store_outbox_add (ChorusStore       *self,
                         ChorusActionKind   kind,
                         gint64             invoice_id,
                         const char        *payload,
                         GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  g_return_val_if_fail (kind != CHORUS_ACTION_KIND_PROCESS, 0);
  g_return_val_if_fail (payload != NULL, 0);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "INSERT INTO outbox (kind, invoice_id, payload) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, kind);
  if (invoice_id != 0)
    sqlite3_bind_int64 (stmt, 2, invoice_id);
  else
    sqlite3_bind_null (stmt, 2);
  chorus_sql_bind_text (stmt, 3, payload);
  if (!step_durably (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->writer.db);
}

gboolean
chorus_store_outbox_set_result (ChorusStore *self, gint64 action_id, const char *result, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET result = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, result);
  sqlite3_bind_int64 (stmt, 2, action_id);
  return step_durably (self, stmt, error);
}

ChorusAction *
chorus_store_outbox_get (ChorusStore *self, gint64 action_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  ChorusAction *action = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, action_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    action = action_from_row (stmt);
  sqlite3_reset (stmt);
  if (action == NULL)
    g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND, _("The pending action no longer exists."));
  return action;
}

GPtrArray *
chorus_store_outbox_list_kind (ChorusStore *self, ChorusActionKind kind, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE kind = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, kind);
  return collect_actions (&self->writer, stmt, error);
}

GPtrArray *
chorus_store_outbox_list_open (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  return list_actions (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE " OPEN_ACTION " ORDER BY id", 0, error);
}

GPtrArray *
chorus_store_outbox_list_for_invoice (ChorusStore *self, gint64 invoice_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (invoice_id != 0, NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  return list_actions (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE invoice_id = ? ORDER BY id",
                       invoice_id, error);
}

gboolean
chorus_store_outbox_mark_sending (ChorusStore *self, gint64 action_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET state = 1, attempts = attempts + 1 WHERE id = ? AND " OPEN_ACTION,
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, action_id);
  if (!step_durably (self, stmt, error))
    return FALSE;
  /* Gone (undone while held) or already finished: the caller must not send it. */
  if (sqlite3_changes (self->writer.db) == 0)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND, _("The pending action no longer exists."));
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_store_outbox_finish (ChorusStore  *self,
                            gint64        action_id,
                            gboolean      ok,
                            const char   *message,
                            const char   *status_date,
                            GError      **error)
{
  return chorus_store_outbox_finish_with_result (self, action_id, ok, message, status_date, NULL, error);
}

gboolean
chorus_store_outbox_finish_with_result (ChorusStore  *self,
                                        gint64        action_id,
                                        gboolean      ok,
                                        const char   *message,
                                        const char   *status_date,
                                        const char   *result,
                                        GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(ChorusAction) action = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!durable_begin (self, error))
    return FALSE;
  if (!chorus_sql_begin (&self->writer, error))
    {
      durable_end (self);
      return FALSE;
    }
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, action_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    action = action_from_row (stmt);
  sqlite3_reset (stmt);
  if (action == NULL)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("The pending action no longer exists."));
      goto fail;
    }
  if (action->state >= CHORUS_ACTION_DONE)
    {
      /* Finished twice (e.g. a replay raced a late answer): the first outcome stands. */
      chorus_sql_rollback (&self->writer);
      durable_end (self);
      return TRUE;
    }
  if (result != NULL)
    {
      stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET result = ? WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      chorus_sql_bind_text (stmt, 1, result);
      sqlite3_bind_int64 (stmt, 2, action_id);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
    }

  if (ok)
    {
      stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET state = 2, message = ?,"
                                        " finished_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      chorus_sql_bind_text (stmt, 1, message);
      sqlite3_bind_int64 (stmt, 2, action_id);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
      /* A validator's decision ends where the platform says (A_VALIDER_2, MISE_A_DISPOSITION…),
       * which the sender put in target. */
      if (action->kind == CHORUS_ACTION_KIND_VALIDATE && action->target_code != NULL)
        {
          stmt = chorus_sql_prepare_static (&self->writer, "UPDATE invoices SET status = ?, status_group = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          chorus_sql_bind_text (stmt, 1, action->target_code);
          sqlite3_bind_int (stmt, 2, chorus_status_code_group (action->target_code));
          sqlite3_bind_int64 (stmt, 3, action->invoice_id);
          if (!chorus_sql_step_done (&self->writer, stmt, error))
            goto fail;
        }
      if (status_date != NULL && (action->kind == CHORUS_ACTION_KIND_PROCESS || action->kind == CHORUS_ACTION_KIND_VALIDATE))
        {
          stmt = chorus_sql_prepare_static (&self->writer, "UPDATE invoices SET status_date = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          chorus_sql_bind_text (stmt, 1, status_date);
          sqlite3_bind_int64 (stmt, 2, action->invoice_id);
          if (!chorus_sql_step_done (&self->writer, stmt, error))
            goto fail;
        }
    }
  else
    {
      /* Later actions on the same invoice were built on this one: they fail with it, and the
       * invoice returns to the state before this action. */
      if (action->kind != CHORUS_ACTION_KIND_PROCESS && action->kind != CHORUS_ACTION_KIND_VALIDATE)
        {
          /* Supplier actions set no optimistic status: only this one fails. */
          stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET state = 3, message = ?,"
                                            " finished_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          chorus_sql_bind_text (stmt, 1, message);
          sqlite3_bind_int64 (stmt, 2, action_id);
          if (!chorus_sql_step_done (&self->writer, stmt, error))
            goto fail;
          goto done;
        }
      stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET state = 3, message = ?,"
                      " finished_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE invoice_id = ? AND id >= ?"
                      " AND " OPEN_ACTION " AND " OPTIMISTIC_KIND, error);
      if (stmt == NULL)
        goto fail;
      chorus_sql_bind_text (stmt, 1, message);
      sqlite3_bind_int64 (stmt, 2, action->invoice_id);
      sqlite3_bind_int64 (stmt, 3, action_id);
      if (!chorus_sql_step_done (&self->writer, stmt, error))
        goto fail;
      if (!set_invoice_status (self, action->invoice_id, action->previous_code,
                               chorus_status_code_group (action->previous_code), action->previous_comment, error))
        goto fail;
    }
done:
  if (chorus_sql_commit (&self->writer, error))
    {
      durable_end (self);
      return TRUE;
    }

fail:
  chorus_sql_rollback (&self->writer);
  durable_end (self);
  return FALSE;
}

gboolean
chorus_store_outbox_postpone (ChorusStore  *self,
                              gint64        action_id,
                              gint64        not_before,
                              const char   *message,
                              GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET not_before = ?, message = ? WHERE id = ? AND " OPEN_ACTION,
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, not_before);
  chorus_sql_bind_text (stmt, 2, message);
  sqlite3_bind_int64 (stmt, 3, action_id);
  return step_durably (self, stmt, error);
}

gboolean
chorus_store_outbox_set_to_check (ChorusStore  *self,
                                  gint64        action_id,
                                  const char   *message,
                                  GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET state = 4, not_before = 0, message = ?"
                                    " WHERE id = ? AND " OPEN_ACTION, error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, message);
  sqlite3_bind_int64 (stmt, 2, action_id);
  return step_durably (self, stmt, error);
}

gboolean
chorus_store_outbox_resolve (ChorusStore  *self,
                             gint64        action_id,
                             gboolean      resend,
                             const char   *result,
                             const char   *message,
                             GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET state = ?, not_before = 0, message = ?,"
                                    " result = coalesce (?, result) WHERE id = ? AND state = 4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, resend ? CHORUS_ACTION_PENDING : CHORUS_ACTION_DONE);
  chorus_sql_bind_text (stmt, 2, message);
  chorus_sql_bind_text (stmt, 3, result);
  sqlite3_bind_int64 (stmt, 4, action_id);
  if (!step_durably (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->writer.db) == 0)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("This action no longer waits for a check."));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
chorus_store_outbox_list_to_check (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  return list_actions (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE state = 4 ORDER BY id", 0, error);
}

gint64
chorus_store_outbox_next_attempt (ChorusStore *self)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return chorus_store_read_number (self, "SELECT min (not_before) FROM outbox WHERE " OPEN_ACTION " AND not_before > 0", 0, 0);
}

guint
chorus_store_count_open_actions_for_invoice (ChorusStore *self, gint64 invoice_id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT count(*) FROM outbox WHERE invoice_id = ? AND " OPEN_ACTION, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

guint
chorus_store_count_actions_to_check (ChorusStore *self)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return (guint) chorus_store_read_number (self, "SELECT count(*) FROM outbox WHERE state = 4", 0, 0);
}

guint
chorus_store_count_open_actions (ChorusStore *self)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return (guint) chorus_store_read_number (self, "SELECT count(*) FROM outbox WHERE " OPEN_ACTION, 0, 0);
}

/* Held actions and reading helpers ------------------------------------------------------------- */

gboolean
chorus_action_is_status_change (const ChorusAction *action)
{
  g_return_val_if_fail (action != NULL, FALSE);
  return action->kind == CHORUS_ACTION_KIND_PROCESS || action->kind == CHORUS_ACTION_KIND_VALIDATE;
}

gboolean
chorus_action_is_held (const ChorusAction *action,
                       gint64              now)
{
  g_return_val_if_fail (action != NULL, FALSE);
  return chorus_action_is_status_change (action) && action->state == CHORUS_ACTION_PENDING &&
         action->attempts == 0 && action->not_before > now;
}

gboolean
chorus_store_outbox_cancel (ChorusStore  *self,
                            gint64        action_id,
                            gint64        now,
                            GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(ChorusAction) action = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  /* Under the writer's lock, as the sender's listing: either the action is still held and goes
   * away here, or the listing may already have it and it stays. */
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE id = ? AND " OPTIMISTIC_KIND
                                    " AND state = 0 AND attempts = 0 AND not_before > ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, action_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    action = action_from_row (stmt);
  sqlite3_reset (stmt);
  if (action == NULL)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("Too late to undo: the action is already on its way to Chorus Pro."));
      goto fail;
    }

  stmt = chorus_sql_prepare_static (&self->writer, "DELETE FROM outbox WHERE invoice_id = ? AND id >= ? AND " OPTIMISTIC_KIND
                                    " AND state = 0 AND attempts = 0 AND not_before > ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, action->invoice_id);
  sqlite3_bind_int64 (stmt, 2, action_id);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!chorus_sql_step_done (&self->writer, stmt, error))
    goto fail;
  if (!set_invoice_status (self, action->invoice_id, action->previous_code,
                           chorus_status_code_group (action->previous_code), action->previous_comment, error) ||
      !chorus_sql_commit (&self->writer, error))
    goto fail;
  return TRUE;

fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

GHashTable *
chorus_store_outbox_last_actions (ChorusStore   *self,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) last = NULL;
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  last = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) chorus_action_free);
  if (n_ids == 0)
    return g_steal_pointer (&last);

  /* One statement per page size: the list asks for pages of the same size, so it is cached. */
  sql = g_string_new ("SELECT " ACTION_COLUMNS " FROM outbox WHERE id IN (SELECT max (id) FROM outbox"
                      " WHERE " OPTIMISTIC_KIND " AND invoice_id IN (?");
  for (guint i = 1; i < n_ids; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ") GROUP BY invoice_id)");

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare (&self->reader, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ChorusAction *action = action_from_row (stmt);

      g_hash_table_insert (last, &action->invoice_id, action);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, self->reader.db, "outbox");
      return NULL;
    }
  return g_steal_pointer (&last);
}

GPtrArray *
chorus_store_outbox_list_recent (ChorusStore  *self,
                                 const char   *since,
                                 guint         limit,
                                 GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT " ACTION_COLUMNS " FROM outbox"
                                    " WHERE " OPEN_ACTION " OR (?1 IS NOT NULL AND finished_at >= ?1)"
                                    " ORDER BY id DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  chorus_sql_bind_text (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  return collect_actions (&self->reader, stmt, error);
}
