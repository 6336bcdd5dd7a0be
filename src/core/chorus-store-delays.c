/* chorus-store-delays.c: the legal delays the store sorts the "Time left" column with (the days_left_key
 * column: set by the upsert, followed by a trigger, written again when the delays change). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-store-internal.h"

#define POLICY_STATE_KEY "days-left-policy"

static ChorusDelayPolicy *
default_policy (void)
{
  static gsize policy;

  if (g_once_init_enter (&policy))
    g_once_init_leave (&policy, (gsize) chorus_delay_policy_new ());
  return (ChorusDelayPolicy *) policy;
}

/* A pull writes thousands of rows for a handful of recipients: the policy's answer (a name guess
 * among others) is kept per recipient. */
static guint
legal_days_locked (ChorusStore *self, const char *recipient_code, const char *recipient_name)
{
  g_autofree char *key = NULL;
  gpointer days;
  guint computed;

  if (self == NULL || self->delay_policy == NULL)
    return chorus_delay_policy_get_days (default_policy (), recipient_code, recipient_name);
  if (self->delay_days == NULL)
    self->delay_days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  key = g_strconcat (recipient_code ? recipient_code : "", "\x1f", recipient_name ? recipient_name : "", NULL);
  if (g_hash_table_lookup_extended (self->delay_days, key, NULL, &days))
    return GPOINTER_TO_UINT (days);
  computed = chorus_delay_policy_get_days (self->delay_policy, recipient_code, recipient_name);
  g_hash_table_insert (self->delay_days, g_steal_pointer (&key), GUINT_TO_POINTER (computed));
  return computed;
}

char *
chorus_store_days_left_key_locked (ChorusStore *self,
                                   const char  *deposit_date,
                                   const char  *status_code,
                                   const char  *status_date,
                                   const char  *recipient_code,
                                   const char  *recipient_name)
{
  return chorus_deadline_sort_key (deposit_date, chorus_status_from_api (status_code), status_date,
                                   legal_days_locked (self, recipient_code, recipient_name));
}

/* chorus_days_left_key (deposit_date, status, status_date, recipient_code, recipient_name) */
static void
sql_days_left_key (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  g_autofree char *key = NULL;
  const char *text[5];

  for (int i = 0; i < 5 && i < argc; i++)
    text[i] = (const char *) sqlite3_value_text (argv[i]);
  key = chorus_store_days_left_key_locked (sqlite3_user_data (context), text[0], text[1], text[2], text[3], text[4]);
  if (key != NULL)
    sqlite3_result_text (context, g_steal_pointer (&key), -1, g_free);
  else
    sqlite3_result_null (context);
}

void
chorus_store_register_days_left_key (sqlite3 *db, ChorusStore *self)
{
  /* Not deterministic: the delays can change; no index may compute it. */
  sqlite3_create_function (db, "chorus_days_left_key", 5, SQLITE_UTF8, self, sql_days_left_key, NULL, NULL);
}

gboolean
chorus_store_set_delay_policy (ChorusStore       *self,
                               ChorusDelayPolicy *policy,
                               gboolean          *rewritten,
                               GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *applied = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  if (rewritten != NULL)
    *rewritten = FALSE;
  locker = g_mutex_locker_new (&self->writer.lock);
  chorus_delay_policy_ref (policy);
  g_clear_pointer (&self->delay_policy, chorus_delay_policy_unref);
  self->delay_policy = policy;
  g_clear_pointer (&self->delay_days, g_hash_table_unref);

  /* Rows keep the keys of the delays they were written with: written again only when those
   * change (the migration wrote them with the default ones). */
  signature = chorus_delay_policy_signature (policy);
  applied = chorus_store_get_state_locked (&self->writer, POLICY_STATE_KEY);
  if (applied == NULL)
    applied = chorus_delay_policy_signature (default_policy ());
  if (g_str_equal (signature, applied))
    return TRUE;
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  if (!chorus_sql_exec (&self->writer, "UPDATE invoices SET days_left_key = chorus_days_left_key (deposit_date, status,"
                                       " status_date, recipient_code, recipient_name)", error) ||
      !chorus_store_set_state_locked (self, POLICY_STATE_KEY, signature, error) ||
      !chorus_sql_commit (&self->writer, error))
    {
      chorus_sql_rollback (&self->writer);
      return FALSE;
    }
  if (rewritten != NULL)
    *rewritten = TRUE;
  return TRUE;
}
