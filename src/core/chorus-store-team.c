/* chorus-store-team.c: team mode in the local store: edits queued by triggers, the team's values applied, claims.
 * Near 1,100 lines: turning team mode on, the queue its triggers fill and the feed applied under
 * muted triggers share the trigger and list tables below; the value types are in chorus-store-team-types.c.
 *
 * Team edits are caught by TEMP triggers on the writer connection, created when team mode is
 * turned on: every store call that changes a shared field or list (whoever wrote it: the detail,
 * a bulk assignment, the gestionnaires editor) queues the edit in its own transaction, so an edit
 * is never saved without its queue row nor queued without being saved, and a crash or a restart
 * loses neither. TEMP triggers live outside the database file: without team mode the store is
 * exactly as before, and the bulk load, which drops the invoices' triggers, leaves them alone.
 * Values coming from the team are written with the triggers muted. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-store-internal.h"
#include "chorus-store-team.h"

#define STATE_ORIGIN   "team-origin"
#define STATE_CURSOR   "team-version"
#define STATE_DATABASE "team-database"

static const char *const team_fields[] = {
  CHORUS_TEAM_FIELD_GESTIONNAIRE, CHORUS_TEAM_FIELD_INTERNAL_REFERENCE, CHORUS_TEAM_FIELD_NOTES,
};

/* The store's tables behind each team list. An item's team name and value are SQL expressions
 * over a row (ROW stands for new, old or an alias); ?1 and ?2 are the team name and value. */
typedef struct {
  const char *list;
  const char *table;
  const char *name_sql;
  const char *value_sql;
  const char *insert_sql;      /* keeps what is there when the same */
  const char *delete_sql;
} TeamList;

#define MOTIF_KIND "CAST (substr (?1, 1, instr (?1, ':') - 1) AS INTEGER)"
#define MOTIF_TEXT "substr (?1, instr (?1, ':') + 1)"

static const TeamList team_lists[] = {
  { CHORUS_TEAM_LIST_GESTIONNAIRES, "gestionnaires", "ROW.name", "NULL",
    "INSERT OR IGNORE INTO gestionnaires (name) VALUES (?1)",
    "DELETE FROM gestionnaires WHERE name = ?1" },
  { CHORUS_TEAM_LIST_FILTERS, "saved_filters", "ROW.name", "ROW.filter",
    "INSERT INTO saved_filters (name, filter) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET"
    " filter = excluded.filter WHERE filter IS NOT excluded.filter",
    "DELETE FROM saved_filters WHERE name = ?1" },
  /* Rejection, suspension and recycling motifs: "kind:text", kept in the user's order. */
  { CHORUS_TEAM_LIST_MOTIFS, "motifs", "ROW.kind || ':' || ROW.text", "CAST (ROW.position AS TEXT)",
    "INSERT OR IGNORE INTO motifs (kind, position, text) VALUES (" MOTIF_KIND ","
    " coalesce (CAST (?2 AS INTEGER), (SELECT coalesce (max (position), -1) + 1 FROM motifs WHERE kind = " MOTIF_KIND ")),"
    " " MOTIF_TEXT ")",
    "DELETE FROM motifs WHERE kind = " MOTIF_KIND " AND text = " MOTIF_TEXT },
};

/* @sql with ROW replaced by @row. */
static char *
over_row (const char *sql,
          const char *row)
{
  g_auto(GStrv) parts = g_strsplit (sql, "ROW", -1);

  return g_strjoinv (row, parts);
}

/* The invoice's structure as the team database keys it: its recipient's (or, issued, its
 * supplier's) identifier, as every desktop of the account receives it from Chorus Pro. */
#define STRUCTURE_SQL(row) \
  "CASE WHEN " row ".direction = 1 THEN coalesce (" row ".supplier_code, CAST (" row ".supplier_id AS TEXT))" \
  " ELSE coalesce (" row ".recipient_code, CAST (" row ".recipient_id AS TEXT)) END"

typedef struct {
  gboolean                   enabled;
  char                      *login;
  char                      *name;
  ChorusStoreTeamQueuedFunc  queued;
  gpointer                   queued_data;
} StoreTeam;

static void
store_team_free (StoreTeam *team)
{
  g_free (team->login);
  g_free (team->name);
  g_free (team);
}

static GQuark
team_quark (void)
{
  return g_quark_from_static_string ("chorus-store-team");
}

/* The store's team state, made on first use; lives as long as the store. The writer lock must be held. */
static StoreTeam *
get_team (ChorusStore *self)
{
  StoreTeam *team = g_object_get_qdata (G_OBJECT (self), team_quark ());

  if (team == NULL)
    {
      team = g_new0 (StoreTeam, 1);
      g_object_set_qdata_full (G_OBJECT (self), team_quark (), team, (GDestroyNotify) store_team_free);
    }
  return team;
}

static gboolean
chorus_team_is_field (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (team_fields); i++)
    if (g_strcmp0 (field, team_fields[i]) == 0)
      return TRUE;
  return FALSE;
}

static const TeamList *
find_list (const char *list)
{
  for (guint i = 0; i < G_N_ELEMENTS (team_lists); i++)
    if (g_strcmp0 (list, team_lists[i].list) == 0)
      return &team_lists[i];
  return NULL;
}

static GDateTime *
parse_time (const char *iso)
{
  return iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
}

/* Small SQL helpers (writer lock held) ----------------------------------------------------------- */

static gint64
query_int (ChorusSqlConnection *conn, const char *sql, gint64 id, const char *text, gint64 fallback)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, sql, NULL);
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  chorus_sql_bind_named_int (stmt, ":id", id);
  chorus_sql_bind_named_text (stmt, ":text", text);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
set_muted (ChorusSqlConnection *conn, gboolean muted, GError **error)
{
  return chorus_sql_exec (conn, muted ? "UPDATE temp.team_mute SET muted = 1" : "UPDATE temp.team_mute SET muted = 0",
                          error);
}

/* The origin, made on first use; stays with the store so a restart is still the same desktop. */
static char *
ensure_origin (ChorusStore *self, GError **error)
{
  char *origin = chorus_store_get_state_locked (&self->writer, STATE_ORIGIN);

  if (origin == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      if (!chorus_store_set_state_locked (self, STATE_ORIGIN, uuid, error))
        return NULL;
      origin = g_steal_pointer (&uuid);
    }
  return origin;
}

/* Team mode on and off ------------------------------------------------------------------------- */

static void
sql_team_queued (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  StoreTeam *team = sqlite3_user_data (context);

  if (team->enabled && team->queued != NULL)
    team->queued (team->queued_data);
  sqlite3_result_null (context);
}

/* sqlite3_mprintf: %Q quotes a literal. */
static void
append_trigger (GString *sql, const char *format, ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = sqlite3_vmprintf (format, args);
  va_end (args);
  g_string_append (sql, text);
  sqlite3_free (text);
}

static gboolean
table_exists (ChorusSqlConnection *conn, const char *table)
{
  return query_int (conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :text", 0, table, 0) == 1;
}

static gboolean
drop_triggers_locked (ChorusSqlConnection *conn, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "SELECT name FROM sqlite_temp_master WHERE type = 'trigger'"
                                                  " AND name LIKE 'team\\_%' ESCAPE '\\'", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup (chorus_sql_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER temp.\"%s\"", (char *) g_ptr_array_index (names, i));

      if (!chorus_sql_exec (conn, drop, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
create_triggers_locked (ChorusSqlConnection *conn, const ChorusTeamIdentity *identity, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("CREATE TEMP TABLE IF NOT EXISTS team_mute (muted INTEGER NOT NULL);"
                                         "DELETE FROM temp.team_mute; INSERT INTO temp.team_mute VALUES (0);");
  g_autoptr(GString) arrived = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (team_fields); i++)
    {
      const char *field = team_fields[i];

      append_trigger (sql,
                      "CREATE TEMP TRIGGER team_edit_%s AFTER UPDATE OF %s ON main.invoices"
                      " WHEN (old.%s IS NOT new.%s COLLATE BINARY) AND (SELECT muted FROM temp.team_mute) = 0 BEGIN"
                      "  INSERT INTO team_queue (kind, invoice_id, structure, name, value, base_version,"
                      "                               author_login, author_name)"
                      "  VALUES ('field', new.id, " STRUCTURE_SQL ("new") ", %Q, new.%s,"
                      "          coalesce ((SELECT version FROM main.team_fields WHERE invoice_id = new.id"
                      "                     AND field = %Q), 0), %Q, %Q);"
                      "  SELECT chorus_team_queued ();"
                      " END;",
                      field, field, field, field, field, field, field, identity->login, identity->name);
      g_string_append_printf (arrived, "%s%s = (SELECT value FROM main.team_fields WHERE invoice_id = new.id AND field = '%s')",
                              i > 0 ? ", " : "", field, field);
    }
  /* An invoice arriving from Chorus Pro after the team gave it a gestionnaire shows it at once. */
  g_string_append_printf (sql,
                          "CREATE TEMP TRIGGER team_invoice_arrived AFTER INSERT ON main.invoices"
                          " WHEN EXISTS (SELECT 1 FROM main.team_fields WHERE invoice_id = new.id) BEGIN"
                          "  UPDATE team_mute SET muted = muted + 1;"
                          "  UPDATE invoices SET %s WHERE id = new.id;"
                          "  UPDATE team_mute SET muted = muted - 1;"
                          " END;", arrived->str);

  for (guint i = 0; i < G_N_ELEMENTS (team_lists); i++)
    {
      const TeamList *list = &team_lists[i];
      static const char *const events[] = { "INSERT", "UPDATE", "DELETE" };
      g_autofree char *new_name = over_row (list->name_sql, "new");
      g_autofree char *old_name = over_row (list->name_sql, "old");
      g_autofree char *new_value = over_row (list->value_sql, "new");

      if (!table_exists (conn, list->table))
        continue;
      for (guint e = 0; e < G_N_ELEMENTS (events); e++)
        {
          gboolean deleting = e == 2;
          char *renamed = NULL;

          /* A rename is the old name removed and the new one added. */
          if (e == 1)
            renamed = sqlite3_mprintf ("  INSERT INTO team_queue (kind, name, value, deleted, author_login, author_name)"
                                       "  SELECT %Q, %s, NULL, 1, %Q, %Q WHERE (%s) IS NOT (%s);",
                                       list->list, old_name, identity->login, identity->name, old_name, new_name);
          append_trigger (sql,
                          "CREATE TEMP TRIGGER team_list_%s_%s AFTER %s ON main.%s"
                          " WHEN (SELECT muted FROM temp.team_mute) = 0 BEGIN"
                          "%s"
                          "  INSERT INTO team_queue (kind, name, value, deleted, author_login, author_name)"
                          "  VALUES (%Q, %s, %s, %d, %Q, %Q);"
                          "  SELECT chorus_team_queued ();"
                          " END;",
                          list->list, events[e], events[e], list->table, renamed != NULL ? renamed : "",
                          list->list, deleting ? old_name : new_name, deleting ? "NULL" : new_value,
                          deleting ? 1 : 0, identity->login, identity->name);
          sqlite3_free (renamed);
        }
    }
  return chorus_sql_exec (conn, sql->str, error);
}

gboolean
chorus_store_team_enable (ChorusStore               *self,
                          const ChorusTeamIdentity  *identity,
                          ChorusStoreTeamQueuedFunc  queued,
                          gpointer                   user_data,
                          GError                   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *origin = NULL;
  StoreTeam *team;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (identity != NULL && identity->login != NULL && identity->name != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  team = get_team (self);
  team->queued = queued;
  team->queued_data = user_data;
  g_free (team->login);
  team->login = g_strdup (identity->login);
  g_free (team->name);
  team->name = g_strdup (identity->name);
  sqlite3_create_function (self->writer.db, "chorus_team_queued", 0, SQLITE_UTF8, team, sql_team_queued, NULL, NULL);
  if ((origin = ensure_origin (self, error)) == NULL ||
      !drop_triggers_locked (&self->writer, error) ||
      !create_triggers_locked (&self->writer, identity, error))
    return FALSE;
  team->enabled = TRUE;
  return TRUE;
}

void
chorus_store_team_disable (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) error = NULL;
  StoreTeam *team;

  g_return_if_fail (CHORUS_IS_STORE (self));

  locker = g_mutex_locker_new (&self->writer.lock);
  team = get_team (self);
  team->enabled = FALSE;
  team->queued = NULL;
  team->queued_data = NULL;
  if (!drop_triggers_locked (&self->writer, &error))
    g_warning ("team triggers not removed: %s", error->message);
}

char *
chorus_store_team_get_origin (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  return ensure_origin (self, NULL);
}

char *
chorus_store_team_get_structure (ChorusStore *self,
                                 gint64       invoice_id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  char *structure = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT " STRUCTURE_SQL ("i") " FROM invoices i WHERE i.id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    structure = g_strdup (chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return structure;
}

gint64
chorus_store_team_get_cursor (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->writer.lock);
  value = chorus_store_get_state_locked (&self->writer, STATE_CURSOR);
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* Binding to a team database ------------------------------------------------------------------- */

/* Runs each statement of @sql with :login and :name bound. */
static gboolean
exec_as (ChorusSqlConnection *conn, const char *sql, const char *login, const char *name, GError **error)
{
  const char *tail = sql;

  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *next = NULL;
      int rc;

      if (sqlite3_prepare_v2 (conn->db, tail, -1, &stmt, &next) != SQLITE_OK)
        {
          chorus_sql_set_error (error, conn->db, "team");
          return FALSE;
        }
      tail = next;
      if (stmt == NULL)
        continue;
      chorus_sql_bind_named_text (stmt, ":login", login);
      chorus_sql_bind_named_text (stmt, ":name", name);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        {
          chorus_sql_set_error (error, conn->db, "team");
          return FALSE;
        }
    }
  return TRUE;
}

/* What this desktop had alone becomes first-join seeds: the team keeps its own values. */
static gboolean
seed_locked (ChorusStore *self, StoreTeam *team, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (team_fields); i++)
    append_trigger (sql,
                    "INSERT INTO team_queue (kind, invoice_id, structure, name, value, base_version,"
                    "                        author_login, author_name)"
                    " SELECT 'field', i.id, " STRUCTURE_SQL ("i") ", %Q, i.%s, -1, :login, :name FROM invoices i"
                    " WHERE i.%s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM team_queue q WHERE q.kind = 'field'"
                    "   AND q.invoice_id = i.id AND q.name = %Q);",
                    team_fields[i], team_fields[i], team_fields[i], team_fields[i]);
  for (guint i = 0; i < G_N_ELEMENTS (team_lists); i++)
    {
      const TeamList *list = &team_lists[i];
      g_autofree char *name = over_row (list->name_sql, "t");
      g_autofree char *value = over_row (list->value_sql, "t");

      if (!table_exists (&self->writer, list->table))
        continue;
      append_trigger (sql,
                      "INSERT INTO team_queue (kind, name, value, base_version, author_login, author_name)"
                      " SELECT %Q, %s, %s, -1, :login, :name FROM %s t WHERE NOT EXISTS (SELECT 1 FROM team_queue q"
                      "   WHERE q.kind = %Q AND q.name = %s);",
                      list->list, name, value, list->table, list->list, name);
    }
  return exec_as (&self->writer, sql->str, team->login, team->name, error);
}

gboolean
chorus_store_team_bind_database (ChorusStore  *self,
                                 const char   *database_id,
                                 gboolean     *reset,
                                 GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *bound = NULL;
  ChorusSqlConnection *conn;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (database_id != NULL, FALSE);

  if (reset != NULL)
    *reset = FALSE;
  locker = g_mutex_locker_new (&self->writer.lock);
  g_return_val_if_fail (get_team (self)->enabled, FALSE);
  conn = &self->writer;
  bound = chorus_store_get_state_locked (conn, STATE_DATABASE);
  if (g_strcmp0 (bound, database_id) == 0)
    return TRUE;

  if (!chorus_sql_begin (conn, error))
    return FALSE;
  if (!chorus_sql_exec (conn,
                        "DELETE FROM team_fields; DELETE FROM team_history; DELETE FROM team_claims;"
                        /* Edits made against another database: its versions mean nothing here. */
                        "UPDATE team_queue SET base_version = 0 WHERE base_version > 0;"
                        "DELETE FROM state WHERE key = '" STATE_CURSOR "';", error) ||
      !seed_locked (self, get_team (self), error) ||
      !chorus_store_set_state_locked (self, STATE_DATABASE, database_id, error) ||
      !chorus_sql_commit (conn, error))
    {
      chorus_sql_rollback (conn);
      return FALSE;
    }
  if (reset != NULL)
    *reset = TRUE;
  return TRUE;
}

/* The queue ---------------------------------------------------------------------------------- */

GPtrArray *
chorus_store_team_list_pending (ChorusStore  *self,
                                guint         limit,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_edit_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  /* The writer: an edit whose transaction is still open must not be skipped by a reader's snapshot. */
  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer,
                                    "SELECT id, edit_id, kind, invoice_id, structure, name, value, deleted, base_version,"
                                    " author_login, author_name, attempts, message FROM team_queue ORDER BY id LIMIT ?",
                                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : G_MAXINT64);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusTeamEdit *edit = g_new0 (ChorusTeamEdit, 1);

      edit->id = sqlite3_column_int64 (stmt, 0);
      edit->edit_id = g_strdup (chorus_sql_column_text (stmt, 1));
      edit->kind = g_strdup (chorus_sql_column_text (stmt, 2));
      edit->invoice_id = sqlite3_column_int64 (stmt, 3);
      edit->structure = g_strdup (chorus_sql_column_text (stmt, 4));
      edit->name = g_strdup (chorus_sql_column_text (stmt, 5));
      edit->value = g_strdup (chorus_sql_column_text (stmt, 6));
      edit->deleted = sqlite3_column_int (stmt, 7) != 0;
      edit->base_version = sqlite3_column_int64 (stmt, 8);
      edit->author_login = g_strdup (chorus_sql_column_text (stmt, 9));
      edit->author_name = g_strdup (chorus_sql_column_text (stmt, 10));
      edit->attempts = sqlite3_column_int (stmt, 11);
      edit->message = g_strdup (chorus_sql_column_text (stmt, 12));
      g_ptr_array_add (edits, edit);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&edits);
}

guint
chorus_store_team_count_pending (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  return (guint) query_int (&self->reader, "SELECT count(*) FROM team_queue", 0, NULL, 0);
}

guint
chorus_store_team_count_refused (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  return (guint) query_int (&self->reader, "SELECT count(*) FROM team_queue WHERE message IS NOT NULL", 0, NULL, 0);
}

static gboolean
field_is_pending_locked (ChorusSqlConnection *conn, gint64 invoice_id, const char *field)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "SELECT 1 FROM team_queue WHERE kind = 'field'"
                                                  " AND invoice_id = ? AND name = ? LIMIT 1", NULL);
  gboolean pending;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  chorus_sql_bind_text (stmt, 2, field);
  pending = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return pending;
}

static gboolean
item_is_pending_locked (ChorusSqlConnection *conn, const char *list, const char *name)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "SELECT 1 FROM team_queue WHERE kind = ? AND name = ? LIMIT 1", NULL);
  gboolean pending;

  if (stmt == NULL)
    return TRUE;
  chorus_sql_bind_text (stmt, 1, list);
  chorus_sql_bind_text (stmt, 2, name);
  pending = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return pending;
}

/* Records the team's value of a field if newer than what we have. */
static gboolean
store_team_value_locked (ChorusSqlConnection *conn,
                         gint64               invoice_id,
                         const char          *field,
                         const char          *structure,
                         const char          *value,
                         gint64               version,
                         const char          *author_login,
                         const char          *author_name,
                         const char          *changed_at,
                         gboolean            *stored,
                         GError             **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn,
    "INSERT INTO team_fields (invoice_id, field, structure, value, version, author_login, author_name, changed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (invoice_id, field) DO UPDATE SET structure = coalesce (excluded.structure, structure),"
    " value = excluded.value, version = excluded.version, author_login = excluded.author_login,"
    " author_name = excluded.author_name, changed_at = excluded.changed_at"
    " WHERE excluded.version > team_fields.version", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  chorus_sql_bind_text (stmt, 2, field);
  chorus_sql_bind_text (stmt, 3, structure);
  chorus_sql_bind_text (stmt, 4, value);
  sqlite3_bind_int64 (stmt, 5, version);
  chorus_sql_bind_text (stmt, 6, author_login);
  chorus_sql_bind_text (stmt, 7, author_name);
  chorus_sql_bind_text (stmt, 8, changed_at);
  if (!chorus_sql_step_done (conn, stmt, error))
    return FALSE;
  *stored = sqlite3_changes (conn->db) > 0;
  return TRUE;
}

/* Shows the team's value of a field on the invoice, unless a local edit of it is queued. */
static gboolean
show_team_value_locked (ChorusSqlConnection *conn,
                        gint64               invoice_id,
                        const char          *field,
                        gboolean            *changed,
                        GError             **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  *changed = FALSE;
  if (!chorus_team_is_field (field) || field_is_pending_locked (conn, invoice_id, field))
    return TRUE;
  sql = g_strdup_printf ("UPDATE invoices SET %s = (SELECT value FROM team_fields WHERE invoice_id = ?1 AND field = '%s')"
                         " WHERE id = ?1 AND EXISTS (SELECT 1 FROM team_fields WHERE invoice_id = ?1 AND field = '%s')"
                         " AND %s IS NOT (SELECT value FROM team_fields WHERE invoice_id = ?1 AND field = '%s') COLLATE BINARY",
                         field, field, field, field, field);
  stmt = chorus_sql_prepare (conn, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (!chorus_sql_step_done (conn, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (conn->db) > 0;
  return TRUE;
}

static gboolean
delete_edit_locked (ChorusSqlConnection *conn, gint64 row, GError **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "DELETE FROM team_queue WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  return chorus_sql_step_done (conn, stmt, error);
}

gboolean
chorus_store_team_acknowledge (ChorusStore          *self,
                               const ChorusTeamEdit *edit,
                               const ChorusTeamAck  *ack,
                               gboolean             *display_changed,
                               GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  ChorusSqlConnection *conn;
  gboolean stored = FALSE;
  gboolean changed = FALSE;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (edit != NULL && ack != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  conn = &self->writer;
  if (!chorus_sql_begin (conn, error) || !set_muted (conn, TRUE, error))
    goto fail;
  if (!delete_edit_locked (conn, edit->id, error))
    goto fail;
  if (g_strcmp0 (edit->kind, "field") == 0 && ack->version > 0)
    {
      if (!store_team_value_locked (conn, edit->invoice_id, edit->name, edit->structure, ack->value, ack->version,
                                    ack->author_login, ack->author_name, ack->changed_at, &stored, error) ||
          !show_team_value_locked (conn, edit->invoice_id, edit->name, &changed, error))
        goto fail;
    }
  if (!set_muted (conn, FALSE, error) || !chorus_sql_commit (conn, error))
    goto fail;
  if (display_changed != NULL)
    *display_changed = changed;
  return TRUE;

fail:
  chorus_sql_rollback (conn);
  set_muted (conn, FALSE, NULL);
  return FALSE;
}

gboolean
chorus_store_team_set_refused (ChorusStore  *self,
                               gint64        edit_row,
                               const char   *message,
                               GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE team_queue SET attempts = attempts + 1, message = ? WHERE id = ?",
                                    error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, message);
  sqlite3_bind_int64 (stmt, 2, edit_row);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

/* Applying the feed ----------------------------------------------------------------------------- */

static void
add_id (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

static gboolean
apply_field_locked (ChorusSqlConnection      *conn,
                    const ChorusTeamChange   *change,
                    const ChorusTeamIdentity *identity,
                    gboolean                  report_lost,
                    ChorusTeamApplied        *applied,
                    GError                  **error)
{
  sqlite3_stmt *stmt;
  gboolean stored = FALSE;
  gboolean changed = FALSE;

  if (!chorus_team_is_field (change->field))
    return TRUE;
  stmt = chorus_sql_prepare_static (conn,
    "INSERT OR IGNORE INTO team_history (version, invoice_id, field, old_value, new_value, author_login, author_name,"
    " changed_at, concurrent, replaced_login, replaced_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->version);
  sqlite3_bind_int64 (stmt, 2, change->invoice_id);
  chorus_sql_bind_text (stmt, 3, change->field);
  chorus_sql_bind_text (stmt, 4, change->old_value);
  chorus_sql_bind_text (stmt, 5, change->value);
  chorus_sql_bind_text (stmt, 6, change->author_login);
  chorus_sql_bind_text (stmt, 7, change->author_name);
  chorus_sql_bind_text (stmt, 8, change->changed_at);
  sqlite3_bind_int (stmt, 9, change->concurrent ? 1 : 0);
  chorus_sql_bind_text (stmt, 10, change->replaced_login);
  chorus_sql_bind_text (stmt, 11, change->replaced_name);
  if (!chorus_sql_step_done (conn, stmt, error))
    return FALSE;

  if (!store_team_value_locked (conn, change->invoice_id, change->field, change->structure, change->value,
                                change->version, change->author_login, change->author_name, change->changed_at,
                                &stored, error))
    return FALSE;
  if (stored)
    {
      if (!show_team_value_locked (conn, change->invoice_id, change->field, &changed, error))
        return FALSE;
      /* Even with the value unchanged, "changed by" did. */
      if (changed || query_int (conn, "SELECT 1 FROM invoices WHERE id = :id", change->invoice_id, NULL, 0) == 1)
        add_id (applied->invoice_ids, change->invoice_id);
    }

  if (report_lost && change->concurrent && identity != NULL &&
      g_strcmp0 (change->replaced_login, identity->login) == 0)
    {
      ChorusTeamLostEdit *lost = g_new0 (ChorusTeamLostEdit, 1);

      lost->invoice_id = change->invoice_id;
      lost->field = g_strdup (change->field);
      lost->lost_value = g_strdup (change->old_value);
      lost->winner_value = g_strdup (change->value);
      lost->winner_login = g_strdup (change->author_login);
      lost->winner_name = g_strdup (change->author_name);
      lost->changed_at = g_strdup (change->changed_at);
      g_ptr_array_add (applied->lost, lost);
    }
  return TRUE;
}

static gboolean
apply_list_locked (ChorusSqlConnection    *conn,
                   const ChorusTeamChange *change,
                   ChorusTeamApplied      *applied,
                   GError                **error)
{
  const TeamList *list = find_list (change->list);
  const char *sql;
  sqlite3_stmt *stmt;

  if (list == NULL || change->name == NULL || !table_exists (conn, list->table))
    return TRUE;
  /* Ours is queued: it will reach the team after this one, and win. */
  if (item_is_pending_locked (conn, change->list, change->name))
    return TRUE;
  sql = change->deleted ? list->delete_sql : list->insert_sql;
  stmt = chorus_sql_prepare_static (conn, sql, error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, change->name);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    chorus_sql_bind_text (stmt, 2, change->value);
  if (!chorus_sql_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (conn->db) > 0)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < applied->lists->len; i++)
        known |= g_str_equal (g_ptr_array_index (applied->lists, i), change->list);
      if (!known)
        g_ptr_array_add (applied->lists, g_strdup (change->list));
    }
  return TRUE;
}

static gboolean
apply_claim_locked (ChorusSqlConnection    *conn,
                    const ChorusTeamChange *change,
                    ChorusTeamApplied      *applied,
                    GError                **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn,
    "INSERT INTO team_claims (invoice_id, structure, holder_login, holder_name, claimed_at, expires_at, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (invoice_id) DO UPDATE SET structure = excluded.structure,"
    " holder_login = excluded.holder_login, holder_name = excluded.holder_name, claimed_at = excluded.claimed_at,"
    " expires_at = excluded.expires_at, version = excluded.version WHERE excluded.version > team_claims.version",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->invoice_id);
  chorus_sql_bind_text (stmt, 2, change->structure);
  chorus_sql_bind_text (stmt, 3, change->author_login);
  chorus_sql_bind_text (stmt, 4, change->author_name);
  chorus_sql_bind_text (stmt, 5, change->changed_at);
  chorus_sql_bind_text (stmt, 6, change->expires_at);
  sqlite3_bind_int64 (stmt, 7, change->version);
  if (!chorus_sql_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (conn->db) > 0)
    add_id (applied->claim_ids, change->invoice_id);
  return TRUE;
}

gboolean
chorus_store_team_apply (ChorusStore              *self,
                         GPtrArray                *changes,
                         const ChorusTeamIdentity *identity,
                         gboolean                  report_lost,
                         ChorusTeamApplied        *applied,
                         GError                  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *cursor = NULL;
  ChorusSqlConnection *conn;
  gint64 last = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL && applied != NULL, FALSE);

  applied->invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  applied->claim_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  applied->lists = g_ptr_array_new_with_free_func (g_free);
  applied->lost = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_lost_edit_free);

  locker = g_mutex_locker_new (&self->writer.lock);
  conn = &self->writer;
  cursor = chorus_store_get_state_locked (conn, STATE_CURSOR);
  last = cursor != NULL ? g_ascii_strtoll (cursor, NULL, 10) : 0;
  if (!chorus_sql_begin (conn, error) || !set_muted (conn, TRUE, error))
    goto fail;
  for (guint i = 0; i < changes->len; i++)
    {
      const ChorusTeamChange *change = g_ptr_array_index (changes, i);
      gboolean ok = TRUE;

      switch (change->kind)
        {
        case CHORUS_TEAM_CHANGE_FIELD:
          ok = apply_field_locked (conn, change, identity, report_lost, applied, error);
          break;
        case CHORUS_TEAM_CHANGE_LIST:
          ok = apply_list_locked (conn, change, applied, error);
          break;
        case CHORUS_TEAM_CHANGE_CLAIM:
          ok = apply_claim_locked (conn, change, applied, error);
          break;
        default:
          break;
        }
      if (!ok)
        goto fail;
      last = MAX (last, change->version);
    }
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, last);

    if (!chorus_store_set_state_locked (self, STATE_CURSOR, text, error))
      goto fail;
  }
  if (!set_muted (conn, FALSE, error) || !chorus_sql_commit (conn, error))
    goto fail;
  g_clear_pointer (&locker, g_mutex_locker_free);
  /* Lists of handlers follow the store's own signal, whoever changed it. */
  for (guint i = 0; i < applied->lists->len; i++)
    if (g_str_equal (g_ptr_array_index (applied->lists, i), CHORUS_TEAM_LIST_GESTIONNAIRES))
      g_signal_emit_by_name (self, "gestionnaires-changed");
  return TRUE;

fail:
  chorus_sql_rollback (conn);
  set_muted (conn, FALSE, NULL);
  chorus_team_applied_clear (applied);
  return FALSE;
}

/* Reading --------------------------------------------------------------------------------------- */

ChorusTeamFieldInfo *
chorus_store_team_get_field_info (ChorusStore *self,
                                  gint64       invoice_id,
                                  const char  *field)
{
  g_autoptr(GMutexLocker) locker = NULL;
  ChorusTeamFieldInfo *info = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (chorus_team_is_field (field), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader,
                                    "SELECT f.author_login, f.author_name, f.changed_at,"
                                    " EXISTS (SELECT 1 FROM team_queue q WHERE q.kind = 'field' AND q.invoice_id = ?1"
                                    "         AND q.name = ?2)"
                                    " FROM (SELECT 1) LEFT JOIN team_fields f ON f.invoice_id = ?1 AND f.field = ?2", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  chorus_sql_bind_text (stmt, 2, field);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      (sqlite3_column_type (stmt, 0) != SQLITE_NULL || sqlite3_column_int (stmt, 3) != 0))
    {
      info = g_new0 (ChorusTeamFieldInfo, 1);
      info->author_login = g_strdup (chorus_sql_column_text (stmt, 0));
      info->author_name = g_strdup (chorus_sql_column_text (stmt, 1));
      info->changed_at = parse_time (chorus_sql_column_text (stmt, 2));
      info->pending = sqlite3_column_int (stmt, 3) != 0;
    }
  sqlite3_reset (stmt);
  return info;
}

GPtrArray *
chorus_store_team_list_history (ChorusStore  *self,
                                gint64        invoice_id,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *entries;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader,
                                    "SELECT version, field, old_value, new_value, author_login, author_name, changed_at,"
                                    " concurrent, replaced_name FROM team_history WHERE invoice_id = ? ORDER BY version",
                                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_history_entry_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusTeamHistoryEntry *entry = g_new0 (ChorusTeamHistoryEntry, 1);

      entry->version = sqlite3_column_int64 (stmt, 0);
      entry->field = g_strdup (chorus_sql_column_text (stmt, 1));
      entry->old_value = g_strdup (chorus_sql_column_text (stmt, 2));
      entry->new_value = g_strdup (chorus_sql_column_text (stmt, 3));
      entry->author_login = g_strdup (chorus_sql_column_text (stmt, 4));
      entry->author_name = g_strdup (chorus_sql_column_text (stmt, 5));
      entry->changed_at = parse_time (chorus_sql_column_text (stmt, 6));
      entry->concurrent = sqlite3_column_int (stmt, 7) != 0;
      entry->replaced_name = g_strdup (chorus_sql_column_text (stmt, 8));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  return entries;
}

GPtrArray *
chorus_store_team_list_claims (ChorusStore  *self,
                               GDateTime    *server_now,
                               GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *now = NULL;
  GPtrArray *claims;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (server_now != NULL, NULL);

  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (server_now);
    g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

    /* The same layout as the server's team_utc(), so text order is time order. */
    now = g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
  }
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader,
                                    "SELECT invoice_id, holder_login, holder_name, claimed_at, expires_at FROM team_claims"
                                    " WHERE expires_at > ? ORDER BY invoice_id", error);
  if (stmt == NULL)
    return NULL;
  chorus_sql_bind_text (stmt, 1, now);
  claims = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_claim_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusTeamClaim *claim = g_new0 (ChorusTeamClaim, 1);

      claim->invoice_id = sqlite3_column_int64 (stmt, 0);
      claim->holder_login = g_strdup (chorus_sql_column_text (stmt, 1));
      claim->holder_name = g_strdup (chorus_sql_column_text (stmt, 2));
      claim->claimed_at = parse_time (chorus_sql_column_text (stmt, 3));
      claim->expires_at = parse_time (chorus_sql_column_text (stmt, 4));
      g_ptr_array_add (claims, claim);
    }
  sqlite3_reset (stmt);
  return claims;
}
