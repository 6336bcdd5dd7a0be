/* chorus-store-validation.c: the validator's side of the store: decisions queued with their optimistic status, stale rows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "chorus-json.h"
#include "chorus-status.h"
#include "chorus-store-internal.h"
#include "chorus-store-validation.h"

/* The optimistic comment: what the supplier will read, as the user chose it. */
static char *
decision_comment (const char *motif_label, const char *complement)
{
  if (chorus_sql_is_set (motif_label) && chorus_sql_is_set (complement))
    return g_strdup_printf ("%s — %s", motif_label, complement);
  return g_strdup (chorus_sql_is_set (motif_label) ? motif_label : chorus_sql_is_set (complement) ? complement : NULL);
}

static char *
decision_payload (ChorusValidationAction action, const char *motif_label, const char *complement,
                  gint64 validator_id, int level)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, chorus_validation_action_to_api (action));
  json_builder_set_member_name (builder, "level");
  json_builder_add_int_value (builder, level);
  if (chorus_sql_is_set (motif_label))
    {
      json_builder_set_member_name (builder, "motifLabel");
      json_builder_add_string_value (builder, motif_label);
    }
  if (chorus_sql_is_set (complement))
    {
      json_builder_set_member_name (builder, "complement");
      json_builder_add_string_value (builder, complement);
    }
  if (validator_id > 0)
    {
      json_builder_set_member_name (builder, "validatorId");
      json_builder_add_int_value (builder, validator_id);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gint64
chorus_store_outbox_add_validation (ChorusStore             *self,
                                    gint64                   invoice_id,
                                    ChorusValidationAction   action,
                                    const char              *motif,
                                    const char              *motif_label,
                                    const char              *complement,
                                    gint64                   not_before,
                                    GError                 **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *current = NULL;
  g_autofree char *current_comment = NULL;
  g_autofree char *number = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *comment = NULL;
  gint64 validator_id = 0;
  gboolean found = FALSE;
  sqlite3_stmt *stmt;
  const char *target;
  gint64 action_id;
  int level;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  g_return_val_if_fail ((guint) action < CHORUS_VALIDATION_LAST, 0);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return 0;
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT status, status_comment, validator_id, number FROM invoices"
                                    " WHERE id = ? AND direction = 2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      current = g_strdup (chorus_sql_column_text (stmt, 0));
      current_comment = g_strdup (chorus_sql_column_text (stmt, 1));
      validator_id = sqlite3_column_int64 (stmt, 2);
      number = g_strdup (chorus_sql_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("Invoice %lld is not among the invoices to validate."), (long long) invoice_id);
      goto fail;
    }
  /* A decision queued earlier moved the status away from A_VALIDER_n: one decision per level. */
  level = chorus_status_validation_level (chorus_status_from_api (current));
  if (level == 0)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID,
                   _("The invoice %s no longer waits for a validation (it is “%s”)."),
                   number != NULL ? number : "", chorus_status_code_label (current));
      goto fail;
    }
  target = chorus_status_to_api (chorus_validation_action_outcome (action, level));
  payload = decision_payload (action, motif_label, complement, validator_id, level);
  comment = decision_comment (motif_label, complement);

  stmt = chorus_sql_prepare_static (&self->writer, "INSERT INTO outbox (kind, invoice_id, target, previous, previous_comment,"
                                    " motif, payload, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, CHORUS_ACTION_KIND_VALIDATE);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  chorus_sql_bind_text (stmt, 3, target);
  chorus_sql_bind_text (stmt, 4, current);
  chorus_sql_bind_text (stmt, 5, current_comment);
  chorus_sql_bind_text (stmt, 6, chorus_sql_is_set (motif) ? motif : NULL);
  chorus_sql_bind_text (stmt, 7, payload);
  sqlite3_bind_int64 (stmt, 8, MAX (not_before, 0));
  if (!chorus_sql_step_done (&self->writer, stmt, error))
    goto fail;
  action_id = sqlite3_last_insert_rowid (self->writer.db);

  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE invoices SET status = ?, status_group = ?, status_comment = ?"
                                    " WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  chorus_sql_bind_text (stmt, 1, target);
  sqlite3_bind_int (stmt, 2, chorus_status_code_group (target));
  chorus_sql_bind_text (stmt, 3, comment);
  sqlite3_bind_int64 (stmt, 4, invoice_id);
  if (!chorus_sql_step_done (&self->writer, stmt, error) || !chorus_sql_commit (&self->writer, error))
    goto fail;
  return action_id;

fail:
  chorus_sql_rollback (&self->writer);
  return 0;
}

gboolean
chorus_store_outbox_set_target (ChorusStore  *self,
                                gint64        action_id,
                                const char   *status_code,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (status_code != NULL && *status_code != '\0', FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE outbox SET target = ? WHERE id = ? AND state < 2", error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, status_code);
  sqlite3_bind_int64 (stmt, 2, action_id);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

GArray *
chorus_store_list_waiting_validation (ChorusStore  *self,
                                      GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "SELECT chorus_id FROM invoices WHERE direction = 2"
                                    " AND status IN ('A_VALIDER_1', 'A_VALIDER_2')"
                                    " AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.invoice_id = invoices.id"
                                    " AND outbox.state < 2) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, self->writer.db, "invoices");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
chorus_store_forget_to_validate (ChorusStore  *self,
                                 gint64        chorus_id,
                                 GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "DELETE FROM invoices WHERE chorus_id = ? AND direction = 2"
                                    " AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.invoice_id = invoices.id"
                                    " AND outbox.state < 2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chorus_id);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

ChorusValidationAction
chorus_action_get_validation (const ChorusAction *action)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *api = NULL;

  g_return_val_if_fail (action != NULL, CHORUS_VALIDATION_LAST);

  if (action->kind != CHORUS_ACTION_KIND_VALIDATE || action->payload == NULL ||
      (payload = chorus_json_parse_object (action->payload, -1, NULL)) == NULL ||
      !chorus_json_get_string (payload, "action", &api, NULL))
    return CHORUS_VALIDATION_LAST;
  return chorus_validation_action_from_api (api);
}
