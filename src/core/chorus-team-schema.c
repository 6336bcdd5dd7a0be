/* chorus-team-schema.c: the team database's tables and functions as numbered migrations, applied by the app.
 *
 * Every write goes through a function that first takes the next number of team_clock: its row
 * lock serializes the writers, so versions commit in increasing order and a desktop that read
 * everything up to version N has missed nothing below N. Resends are idempotent by edit id. The
 * team database holds only follow-up data: no Chorus Pro secret, no invoice, no PDF. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-team-schema.h"

/* "ChorusTe": the advisory lock two migrating desktops take. */
#define MIGRATION_LOCK "4856368155946566757"

/* Each entry takes the schema from version i to i + 1. Never edit a shipped step: add one. */
static const char *const migrations[] = {
  /* 1: the follow-up of each invoice (gestionnaire, internal reference, notes) with its
   * history, and the team's lists (gestionnaires, rejection motifs, filter sets). */
  "CREATE TABLE team_schema_version (version integer NOT NULL);"
  "INSERT INTO team_schema_version VALUES (0);"
  "CREATE TABLE team_clock ("
  "  one boolean PRIMARY KEY DEFAULT true CHECK (one),"
  "  version bigint NOT NULL DEFAULT 0,"
  "  database_id text NOT NULL DEFAULT md5 (random ()::text || clock_timestamp ()::text));"
  "INSERT INTO team_clock DEFAULT VALUES;"
  "CREATE TABLE team_edits (edit_id text PRIMARY KEY, version bigint NOT NULL);"
  "CREATE TABLE team_invoice_fields ("
  "  structure text NOT NULL, invoice_id bigint NOT NULL,"
  "  field text NOT NULL CHECK (field IN ('gestionnaire', 'internal_reference', 'notes')),"
  "  value text, version bigint NOT NULL, origin text NOT NULL,"
  "  author_login text NOT NULL, author_name text NOT NULL, changed_at timestamptz NOT NULL,"
  "  PRIMARY KEY (structure, invoice_id, field));"
  "CREATE TABLE team_field_history ("
  "  version bigint PRIMARY KEY, edit_id text NOT NULL,"
  "  structure text NOT NULL, invoice_id bigint NOT NULL, field text NOT NULL,"
  "  old_value text, new_value text,"
  "  author_login text NOT NULL, author_name text NOT NULL, origin text NOT NULL,"
  "  changed_at timestamptz NOT NULL,"
  /* It replaced a value its author had not seen: that value's author lost. */
  "  concurrent boolean NOT NULL DEFAULT false,"
  "  replaced_version bigint, replaced_login text, replaced_name text);"
  "CREATE INDEX team_field_history_by_invoice ON team_field_history (structure, invoice_id, version);"
  "CREATE UNIQUE INDEX team_field_history_by_edit ON team_field_history (edit_id);"
  "CREATE TABLE team_list_items ("
  "  list text NOT NULL CHECK (list IN ('gestionnaire', 'motif', 'filter')), name text NOT NULL,"
  "  value text, deleted boolean NOT NULL DEFAULT false, version bigint NOT NULL,"
  "  author_login text NOT NULL, author_name text NOT NULL, changed_at timestamptz NOT NULL,"
  "  PRIMARY KEY (list, name));"
  "CREATE INDEX team_list_items_by_version ON team_list_items (version);"
  "CREATE FUNCTION team_tick () RETURNS bigint LANGUAGE sql AS"
  "  $$ UPDATE team_clock SET version = version + 1 RETURNING version $$;"
  "CREATE FUNCTION team_utc (t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS"
  "  $$ SELECT to_char (t AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') $$;"
  /* One edit of one field. p_base: the version the author saw (-1: a first-join seed, which
   * never replaces a team value). Returns the field as it now is and whether the edit applied. */
  "CREATE FUNCTION team_set_field (p_edit text, p_structure text, p_invoice bigint, p_field text,"
  "    p_value text, p_base bigint, p_login text, p_name text, p_origin text)"
  "  RETURNS TABLE (r_version bigint, r_applied boolean, r_value text, r_login text, r_name text,"
  "                 r_changed_at text, r_concurrent boolean, r_replaced_login text, r_replaced_name text)"
  "  LANGUAGE plpgsql AS $fn$"
  "DECLARE"
  "  v bigint;"
  "  cur team_invoice_fields%ROWTYPE;"
  "  have_cur boolean;"
  "  conc boolean;"
  "  ts timestamptz;"
  "BEGIN"
  "  v := team_tick ();"
  "  IF EXISTS (SELECT 1 FROM team_edits e WHERE e.edit_id = p_edit) THEN"
  "    IF EXISTS (SELECT 1 FROM team_field_history h WHERE h.edit_id = p_edit) THEN"
  "      RETURN QUERY SELECT h.version, true, h.new_value, h.author_login, h.author_name, team_utc (h.changed_at),"
  "        h.concurrent, h.replaced_login, h.replaced_name FROM team_field_history h WHERE h.edit_id = p_edit;"
  "    ELSE"
  "      RETURN QUERY SELECT coalesce (f.version, 0), false, f.value, f.author_login, f.author_name,"
  "        team_utc (f.changed_at), false, NULL::text, NULL::text FROM (SELECT 1) AS one"
  "        LEFT JOIN team_invoice_fields f ON f.structure = p_structure AND f.invoice_id = p_invoice"
  "        AND f.field = p_field;"
  "    END IF;"
  "    RETURN;"
  "  END IF;"
  "  SELECT * INTO cur FROM team_invoice_fields f"
  "    WHERE f.structure = p_structure AND f.invoice_id = p_invoice AND f.field = p_field;"
  "  have_cur := FOUND;"
  "  IF (have_cur AND (p_base < 0 OR cur.value IS NOT DISTINCT FROM p_value))"
  "     OR (NOT have_cur AND p_value IS NULL) THEN"
  "    INSERT INTO team_edits VALUES (p_edit, coalesce (cur.version, 0));"
  "    RETURN QUERY SELECT coalesce (cur.version, 0), false, cur.value, cur.author_login, cur.author_name,"
  "      team_utc (cur.changed_at), false, NULL::text, NULL::text;"
  "    RETURN;"
  "  END IF;"
  "  ts := clock_timestamp ();"
  "  conc := have_cur AND cur.version > p_base AND cur.origin <> p_origin;"
  "  INSERT INTO team_invoice_fields AS f VALUES (p_structure, p_invoice, p_field, p_value, v, p_origin,"
  "    p_login, p_name, ts)"
  "    ON CONFLICT (structure, invoice_id, field) DO UPDATE SET value = excluded.value,"
  "    version = excluded.version, origin = excluded.origin, author_login = excluded.author_login,"
  "    author_name = excluded.author_name, changed_at = excluded.changed_at;"
  "  INSERT INTO team_field_history VALUES (v, p_edit, p_structure, p_invoice, p_field,"
  "    CASE WHEN have_cur THEN cur.value END, p_value, p_login, p_name, p_origin, ts, conc,"
  "    CASE WHEN conc THEN cur.version END, CASE WHEN conc THEN cur.author_login END,"
  "    CASE WHEN conc THEN cur.author_name END);"
  "  INSERT INTO team_edits VALUES (p_edit, v);"
  "  PERFORM pg_notify ('" CHORUS_TEAM_CHANNEL "', concat_ws (E'\\t', 'field', v, p_structure, p_invoice, p_field));"
  "  RETURN QUERY SELECT v, true, p_value, p_login, p_name, team_utc (ts), conc,"
  "    CASE WHEN conc THEN cur.author_login END, CASE WHEN conc THEN cur.author_name END;"
  "END $fn$;"
  /* Several edits in one round trip, in order; r_index is the 1-based position. */
  "CREATE FUNCTION team_set_fields (p_edits text[], p_structures text[], p_invoices bigint[], p_fields text[],"
  "    p_values text[], p_bases bigint[], p_logins text[], p_names text[], p_origin text)"
  "  RETURNS TABLE (r_index integer, r_version bigint, r_applied boolean, r_value text, r_login text,"
  "                 r_name text, r_changed_at text, r_concurrent boolean, r_replaced_login text,"
  "                 r_replaced_name text)"
  "  LANGUAGE plpgsql AS $fn$"
  "BEGIN"
  "  FOR i IN 1 .. coalesce (array_length (p_edits, 1), 0) LOOP"
  "    RETURN QUERY SELECT i, s.* FROM team_set_field (p_edits[i], p_structures[i], p_invoices[i],"
  "      p_fields[i], p_values[i], p_bases[i], p_logins[i], p_names[i], p_origin) AS s;"
  "  END LOOP;"
  "END $fn$;"
  /* Adds, changes or removes one item of a team list; the later write wins. */
  "CREATE FUNCTION team_set_list_item (p_edit text, p_list text, p_name text, p_value text,"
  "    p_deleted boolean, p_login text, p_author text)"
  "  RETURNS TABLE (r_version bigint) LANGUAGE plpgsql AS $fn$"
  "DECLARE"
  "  v bigint;"
  "BEGIN"
  "  v := team_tick ();"
  "  IF EXISTS (SELECT 1 FROM team_edits e WHERE e.edit_id = p_edit) THEN"
  "    RETURN QUERY SELECT e.version FROM team_edits e WHERE e.edit_id = p_edit;"
  "    RETURN;"
  "  END IF;"
  "  INSERT INTO team_list_items AS l VALUES (p_list, p_name, p_value, p_deleted, v, p_login, p_author,"
  "    clock_timestamp ())"
  "    ON CONFLICT (list, name) DO UPDATE SET value = excluded.value, deleted = excluded.deleted,"
  "    version = excluded.version, author_login = excluded.author_login,"
  "    author_name = excluded.author_name, changed_at = excluded.changed_at;"
  "  INSERT INTO team_edits VALUES (p_edit, v);"
  "  PERFORM pg_notify ('" CHORUS_TEAM_CHANNEL "', concat_ws (E'\\t', 'list', v, p_list, p_name));"
  "  RETURN QUERY SELECT v;"
  "END $fn$;",

  /* 2: "being processed by …" claims, short-lived and renewed while the holder works, timed by
   * the server's clock so that desktops with wrong clocks agree. */
  "CREATE TABLE team_claims ("
  "  structure text NOT NULL, invoice_id bigint NOT NULL,"
  "  holder_login text NOT NULL, holder_name text NOT NULL, origin text NOT NULL,"
  "  claimed_at timestamptz NOT NULL, expires_at timestamptz NOT NULL, version bigint NOT NULL,"
  "  PRIMARY KEY (structure, invoice_id));"
  "CREATE INDEX team_claims_by_version ON team_claims (version);"
  /* Takes or renews the claim unless someone else holds it. r_now is the server's time. */
  "CREATE FUNCTION team_claim (p_structure text, p_invoice bigint, p_login text, p_name text,"
  "    p_origin text, p_seconds integer)"
  "  RETURNS TABLE (r_granted boolean, r_login text, r_name text, r_claimed_at text, r_expires_at text,"
  "                 r_now text, r_version bigint)"
  "  LANGUAGE plpgsql AS $fn$"
  "DECLARE"
  "  v bigint;"
  "  ts timestamptz;"
  "  cur team_claims%ROWTYPE;"
  "  since timestamptz;"
  "BEGIN"
  "  v := team_tick ();"
  "  ts := clock_timestamp ();"
  "  SELECT * INTO cur FROM team_claims c WHERE c.structure = p_structure AND c.invoice_id = p_invoice;"
  "  IF FOUND AND cur.expires_at > ts AND cur.holder_login <> p_login THEN"
  "    RETURN QUERY SELECT false, cur.holder_login, cur.holder_name, team_utc (cur.claimed_at),"
  "      team_utc (cur.expires_at), team_utc (ts), cur.version;"
  "    RETURN;"
  "  END IF;"
  "  since := CASE WHEN FOUND AND cur.expires_at > ts THEN cur.claimed_at ELSE ts END;"
  "  INSERT INTO team_claims AS c VALUES (p_structure, p_invoice, p_login, p_name, p_origin, since,"
  "    ts + make_interval (secs => p_seconds), v)"
  "    ON CONFLICT (structure, invoice_id) DO UPDATE SET holder_login = excluded.holder_login,"
  "    holder_name = excluded.holder_name, origin = excluded.origin, claimed_at = excluded.claimed_at,"
  "    expires_at = excluded.expires_at, version = excluded.version;"
  "  PERFORM pg_notify ('" CHORUS_TEAM_CHANNEL "', concat_ws (E'\\t', 'claim', v, p_structure, p_invoice));"
  "  RETURN QUERY SELECT true, p_login, p_name, team_utc (since),"
  "    team_utc (ts + make_interval (secs => p_seconds)), team_utc (ts), v;"
  "END $fn$;"
  "CREATE FUNCTION team_release (p_structure text, p_invoice bigint, p_login text)"
  "  RETURNS TABLE (r_released boolean) LANGUAGE plpgsql AS $fn$"
  "DECLARE"
  "  v bigint;"
  "  released boolean;"
  "BEGIN"
  "  v := team_tick ();"
  "  UPDATE team_claims c SET expires_at = clock_timestamp (), version = v"
  "    WHERE c.structure = p_structure AND c.invoice_id = p_invoice AND c.holder_login = p_login"
  "    AND c.expires_at > clock_timestamp ();"
  "  released := FOUND;"
  "  IF released THEN"
  "    PERFORM pg_notify ('" CHORUS_TEAM_CHANNEL "', concat_ws (E'\\t', 'claim', v, p_structure, p_invoice));"
  "  END IF;"
  "  RETURN QUERY SELECT released;"
  "END $fn$;",
};

guint
chorus_team_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
chorus_team_schema_migration_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);
  return migrations[version - 1];
}

/* The runner: a chain of queries on the connection. ------------------------------------------- */

typedef enum {
  STEP_PROBE,          /* does the version table exist; who are we */
  STEP_READ_VERSION,
  STEP_LOCK,           /* the advisory lock, for the session */
  STEP_BEGIN,          /* a transaction that starts after the lock: it sees what the last holder made */
  STEP_PROBE_LOCKED,
  STEP_READ_LOCKED,
  STEP_MIGRATE,        /* one migration, then its version bump */
  STEP_COMMIT,
  STEP_UNLOCK,
  STEP_DONE,
} Step;

typedef struct {
  Step     step;
  guint    version;    /* found */
  guint    next;       /* the migration to apply next */
  gboolean in_transaction;
  gboolean locked;
  char    *user;
  char    *database;
} Migration;

static void
migration_free (Migration *migration)
{
  g_free (migration->user);
  g_free (migration->database);
  g_free (migration);
}

static void run_step (GTask *task);

static GError *
explain_error (Migration *migration,
               GError    *error)
{
  GError *explained;

  if (!g_error_matches (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_NO_PRIVILEGE))
    return error;
  explained = g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_NO_PRIVILEGE,
                           _("The user “%s” may not create or use the team tables in the database “%s”. "
                             "Ask the database administrator to connect once with Chorus Desk as the owner of "
                             "the database, or to grant the right: GRANT CREATE ON SCHEMA public TO \"%s\";"),
                           migration->user ? migration->user : "?", migration->database ? migration->database : "?",
                           migration->user ? migration->user : "?");
  g_error_free (error);
  return explained;
}

static void
rolled_back_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PGresult) ignored = chorus_team_connection_query_finish (CHORUS_TEAM_CONNECTION (source), result, NULL);
  GError *error = g_object_steal_data (G_OBJECT (task), "error");

  g_task_return_error (task, error);
}

/* Rolls back and unlocks (each if needed), then fails with @error. */
static void
clean_up_and_fail (GTask  *task,
                   GError *error)
{
  Migration *migration = g_task_get_task_data (task);
  ChorusTeamConnection *connection = g_task_get_source_object (task);
  const char *sql = NULL;

  if (chorus_team_connection_is_open (connection))
    {
      if (migration->in_transaction && migration->locked)
        sql = "ROLLBACK; SELECT pg_advisory_unlock (" MIGRATION_LOCK ")";
      else if (migration->in_transaction)
        sql = "ROLLBACK";
      else if (migration->locked)
        sql = "SELECT pg_advisory_unlock (" MIGRATION_LOCK ")";
    }
  if (sql == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data (G_OBJECT (task), "error", error);
  chorus_team_connection_query_async (connection, sql, 0, NULL, NULL, rolled_back_cb, g_object_ref (task));
}

static void
fail (GTask  *task,
      GError *error)
{
  Migration *migration = g_task_get_task_data (task);

  clean_up_and_fail (task, explain_error (migration, error));
}

static gboolean
check_not_newer (GTask *task)
{
  Migration *migration = g_task_get_task_data (task);

  if (migration->version <= G_N_ELEMENTS (migrations))
    return TRUE;
  fail (task, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_SCHEMA_NEWER,
                           _("The team database was set up by a newer version of Chorus Desk (schema %u; this "
                             "version knows up to %u). Update Chorus Desk on this computer to work with the team."),
                           migration->version, (guint) G_N_ELEMENTS (migrations)));
  return FALSE;
}

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Migration *migration = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(PGresult) answer = chorus_team_connection_query_finish (CHORUS_TEAM_CONNECTION (source), result, &error);
  gboolean exists;

  if (answer == NULL)
    {
      fail (task, error);
      return;
    }
  switch (migration->step)
    {
    case STEP_PROBE:
    case STEP_PROBE_LOCKED:
      exists = PQntuples (answer) == 1 && g_str_equal (PQgetvalue (answer, 0, 0), "t");
      if (migration->step == STEP_PROBE)
        {
          migration->user = g_strdup (PQgetvalue (answer, 0, 1));
          migration->database = g_strdup (PQgetvalue (answer, 0, 2));
        }
      if (exists)
        migration->step = migration->step == STEP_PROBE ? STEP_READ_VERSION : STEP_READ_LOCKED;
      else
        {
          migration->version = 0;
          migration->step = migration->step == STEP_PROBE ? STEP_LOCK : STEP_MIGRATE;
          migration->next = 1;
        }
      break;
    case STEP_READ_VERSION:
    case STEP_READ_LOCKED:
      migration->version = PQntuples (answer) == 1 ? (guint) g_ascii_strtoull (PQgetvalue (answer, 0, 0), NULL, 10) : 0;
      if (!check_not_newer (task))
        return;
      migration->next = migration->version + 1;
      if (migration->next > G_N_ELEMENTS (migrations))
        migration->step = migration->in_transaction ? STEP_COMMIT : STEP_DONE;
      else
        migration->step = migration->step == STEP_READ_VERSION ? STEP_LOCK : STEP_MIGRATE;
      break;
    case STEP_LOCK:
      migration->locked = TRUE;
      migration->step = STEP_BEGIN;
      break;
    case STEP_BEGIN:
      migration->in_transaction = TRUE;
      migration->step = STEP_PROBE_LOCKED;
      break;
    case STEP_MIGRATE:
      migration->next++;
      if (migration->next > G_N_ELEMENTS (migrations))
        migration->step = STEP_COMMIT;
      break;
    case STEP_COMMIT:
      migration->in_transaction = FALSE;
      migration->step = STEP_UNLOCK;
      break;
    case STEP_UNLOCK:
      migration->locked = FALSE;
      migration->step = STEP_DONE;
      break;
    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }
  run_step (g_steal_pointer (&task));
}

static void
run_step (GTask *task)
{
  ChorusTeamConnection *connection = g_task_get_source_object (task);
  Migration *migration = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *script = NULL;
  const char *sql = NULL;

  switch (migration->step)
    {
    case STEP_PROBE:
    case STEP_PROBE_LOCKED:
      sql = "SELECT to_regclass ('team_schema_version') IS NOT NULL, current_user, current_database ()";
      break;
    case STEP_READ_VERSION:
    case STEP_READ_LOCKED:
      sql = "SELECT coalesce (max (version), 0) FROM team_schema_version";
      break;
    case STEP_LOCK:
      sql = "SELECT pg_advisory_lock (" MIGRATION_LOCK ")";
      break;
    case STEP_BEGIN:
      sql = "BEGIN";
      break;
    case STEP_MIGRATE:
      script = g_strdup_printf ("%s;UPDATE team_schema_version SET version = %u", migrations[migration->next - 1],
                                migration->next);
      sql = script;
      break;
    case STEP_COMMIT:
      sql = "COMMIT";
      break;
    case STEP_UNLOCK:
      sql = "SELECT pg_advisory_unlock (" MIGRATION_LOCK ")";
      break;
    case STEP_DONE:
    default:
      g_task_return_int (task, migration->version);
      g_object_unref (task);
      return;
    }
  chorus_team_connection_query_async (connection, sql, 0, NULL, cancellable, step_done_cb, task);
}

void
chorus_team_schema_migrate_async (ChorusTeamConnection *connection,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (CHORUS_IS_TEAM_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_team_schema_migrate_async);
  g_task_set_task_data (task, g_new0 (Migration, 1), (GDestroyNotify) migration_free);
  run_step (task);
}

gboolean
chorus_team_schema_migrate_finish (ChorusTeamConnection  *connection,
                                   GAsyncResult          *result,
                                   guint                 *previous,
                                   GError               **error)
{
  gssize version;

  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);

  version = g_task_propagate_int (G_TASK (result), error);
  if (version < 0)
    return FALSE;
  if (previous != NULL)
    *previous = (guint) version;
  return TRUE;
}
