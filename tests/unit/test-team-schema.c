/* test-team-schema.c: the team database connection (queries, NOTIFY, broken connections, connection
 * errors) and the schema migrations from every earlier version, against a real PostgreSQL. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "chorus-team-connection.h"
#include "chorus-team-schema.h"
#include "chorus-test-pg.h"
#include "chorus-test-util.h"

#define OWNER "equipe"
#define OWNER_PASSWORD "equipe-secret"

static ChorusTestPg *pg;
static char *skip_reason;

#define REQUIRE_PG() G_STMT_START { if (pg == NULL) { g_test_skip (skip_reason); return; } } G_STMT_END

static ChorusTeamConnection *
open_connection (ChorusTeamConfig *config, const char *password, GError **error)
{
  g_autoptr(ChorusTeamConnection) connection = chorus_team_connection_new ();
  g_autoptr(GAsyncResult) result = NULL;

  chorus_team_connection_open_async (connection, config, password, NULL, chorus_test_store_result, &result);
  if (!chorus_team_connection_open_finish (connection, chorus_test_wait_result (&result), error))
    return NULL;
  return g_steal_pointer (&connection);
}

static PGresult *
query (ChorusTeamConnection *connection, const char *sql, guint n_params, const char * const *params, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_team_connection_query_async (connection, sql, n_params, params, NULL, chorus_test_store_result, &result);
  return chorus_team_connection_query_finish (connection, chorus_test_wait_result (&result), error);
}

static ChorusTeamConnection *
open_owner (char **database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusTeamConfig) config = NULL;
  ChorusTeamConnection *connection;

  *database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  config = chorus_test_pg_config (pg, *database, OWNER);
  connection = open_connection (config, OWNER_PASSWORD, &error);
  g_assert_no_error (error);
  return connection;
}

static gboolean
migrate (ChorusTeamConnection *connection, guint *previous, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_team_schema_migrate_async (connection, NULL, chorus_test_store_result, &result);
  return chorus_team_schema_migrate_finish (connection, chorus_test_wait_result (&result), previous, error);
}

/* ---- connection ------------------------------------------------------------------------------- */

static void
test_query (void)
{
  g_autofree char *database = NULL;
  g_autoptr(ChorusTeamConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) one = NULL;
  g_autoptr(PGresult) script = NULL;
  g_autoptr(PGresult) failed = NULL;
  const char *params[] = { "l'équipe", NULL };

  REQUIRE_PG ();
  connection = open_owner (&database);
  g_assert_true (chorus_team_connection_is_open (connection));
  g_assert_cmpint (chorus_team_connection_get_server_version (connection), >=, 120000);

  /* Parameters travel as text, NULL as SQL NULL: no quoting anywhere. */
  one = query (connection, "SELECT $1 || ' !', $2::text IS NULL", 2, params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (one, 0, 0), ==, "l'équipe !");
  g_assert_cmpstr (PQgetvalue (one, 0, 1), ==, "t");

  /* A script answers with its last statement; a failing one with its first error, and the
   * connection stays usable. */
  script = query (connection, "CREATE TEMP TABLE t (x int); INSERT INTO t VALUES (4); SELECT x * 2 FROM t", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (script, 0, 0), ==, "8");
  failed = query (connection, "SELECT * FROM missing_table", 0, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_SERVER);
  g_clear_error (&error);
  g_clear_pointer (&one, PQclear);
  one = query (connection, "SELECT 1", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (one, 0, 0), ==, "1");
}

static void
on_notification (ChorusTeamConnection *connection, const char *channel, const char *payload, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%s:%s", channel, payload));
}

static void
test_notify (void)
{
  g_autofree char *database = NULL;
  g_autoptr(ChorusTeamConnection) connection = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) listen = NULL;
  gint64 deadline;

  REQUIRE_PG ();
  connection = open_owner (&database);
  g_signal_connect (connection, "notification", G_CALLBACK (on_notification), received);
  listen = query (connection, "LISTEN chorus_team", 0, NULL, &error);
  g_assert_no_error (error);

  /* From another session, while this one is idle: it arrives with no query of ours. */
  chorus_test_pg_exec (pg, database, "NOTIFY chorus_team, 'field\t7\tS\t42\tnotes'");
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (received->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, "chorus_team:field\t7\tS\t42\tnotes");
}

static void
on_lost (ChorusTeamConnection *connection, GError *error, gpointer user_data)
{
  *(GError **) user_data = g_error_copy (error);
}

static void
test_lost (void)
{
  g_autofree char *database = NULL;
  g_autoptr(ChorusTeamConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lost = NULL;
  g_autoptr(PGresult) sleeping = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *kill = NULL;

  REQUIRE_PG ();
  connection = open_owner (&database);
  g_signal_connect (connection, "lost", G_CALLBACK (on_lost), &lost);

  /* The backend dies in the middle of a query: the query and the one queued after it fail as
   * "disconnected", "lost" is emitted once, and the connection is closed. */
  chorus_team_connection_query_async (connection, "SELECT pg_sleep (30)", 0, NULL, NULL, chorus_test_store_result, &result);
  {
    g_autoptr(GAsyncResult) second = NULL;

    chorus_team_connection_query_async (connection, "SELECT 2", 0, NULL, NULL, chorus_test_store_result, &second);
    kill = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                            " WHERE datname = '%s' AND query LIKE '%%pg_sleep%%' AND pid <> pg_backend_pid ()", database);
    for (;;)
      {
        g_autofree char *killed = chorus_test_pg_query_value (pg, database, kill);

        if (killed != NULL)
          break;
        g_main_context_iteration (NULL, FALSE);
      }
    sleeping = chorus_team_connection_query_finish (connection, chorus_test_wait_result (&result), &error);
    g_assert_null (sleeping);
    g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED);
    g_clear_error (&error);
    g_assert_null (chorus_team_connection_query_finish (connection, chorus_test_wait_result (&second), &error));
    g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED);
    g_clear_error (&error);
  }
  g_assert_nonnull (lost);
  g_assert_false (chorus_team_connection_is_open (connection));
  g_assert_null (query (connection, "SELECT 1", 0, NULL, &error));
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED);
}

static void
test_connect_errors (void)
{
  g_autofree char *database = NULL;
  g_autoptr(ChorusTeamConfig) config = NULL;
  g_autoptr(ChorusTeamConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_dir = NULL;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  config = chorus_test_pg_config (pg, database, OWNER);
  connection = open_connection (config, "wrong password", &error);
  g_assert_null (connection);
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_AUTH_FAILED);
  g_clear_error (&error);

  connection = open_connection (config, NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_AUTH_FAILED);
  g_clear_error (&error);

  g_free (config->database);
  config->database = g_strdup ("no_such_base");
  connection = open_connection (config, OWNER_PASSWORD, &error);
  g_assert_null (connection);
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_NO_DATABASE);
  g_clear_error (&error);

  empty_dir = g_dir_make_tmp ("chorus-nopg-XXXXXX", NULL);
  g_free (config->host);
  config->host = g_strdup (empty_dir);
  connection = open_connection (config, OWNER_PASSWORD, &error);
  g_assert_null (connection);
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE);
  g_rmdir (empty_dir);
}

/* ---- schema ----------------------------------------------------------------------------------- */

/* Rows an older schema may hold, one script per version, kept through every later migration. */
static const char *const old_rows[] = {
  /* v1 */
  "SELECT * FROM team_set_field ('e1', '26440002200015', 1001, 'gestionnaire', 'Marie', 0, 'marie', 'Marie Curie', 'd1');"
  "SELECT * FROM team_set_list_item ('e2', 'motif', 'Doublon', 'Facture déjà reçue', false, 'marie', 'Marie Curie');",
  /* v2 */
  "SELECT * FROM team_claim ('26440002200015', 1001, 'paul', 'Paul', 'd2', 600);",
};

static void
check_migrated (ChorusTestPg *cluster, const char *database, guint from)
{
  g_autofree char *version = chorus_test_pg_query_value (cluster, database, "SELECT version FROM team_schema_version");
  g_autofree char *rows = chorus_test_pg_query_value (cluster, database, "SELECT count(*) FROM team_schema_version");
  g_autofree char *clock = NULL;

  g_assert_cmpint (atoi (version), ==, chorus_team_schema_version ());
  g_assert_cmpstr (rows, ==, "1");
  if (from >= 1)
    {
      g_autofree char *value = chorus_test_pg_query_value (cluster, database,
                                                           "SELECT value FROM team_invoice_fields WHERE invoice_id = 1001");
      g_autofree char *motif = chorus_test_pg_query_value (cluster, database,
                                                           "SELECT value FROM team_list_items WHERE name = 'Doublon'");
      g_assert_cmpstr (value, ==, "Marie");
      g_assert_cmpstr (motif, ==, "Facture déjà reçue");
    }
  if (from >= 2)
    {
      g_autofree char *holder = chorus_test_pg_query_value (cluster, database, "SELECT holder_name FROM team_claims");
      g_assert_cmpstr (holder, ==, "Paul");
    }
  /* Every function of the latest version works on the migrated data. */
  chorus_test_pg_exec (cluster, database,
                       "SELECT * FROM team_set_field ('m1', '26440002200015', 1001, 'notes', 'vu', 0, 'ana', 'Ana', 'd3');"
                       "SELECT * FROM team_set_list_item ('m2', 'gestionnaire', 'Ana', NULL, false, 'ana', 'Ana');"
                       "SELECT * FROM team_claim ('26440002200015', 1002, 'ana', 'Ana', 'd3', 60);"
                       "SELECT * FROM team_release ('26440002200015', 1002, 'ana');");
  clock = chorus_test_pg_query_value (cluster, database, "SELECT version FROM team_clock");
  g_assert_cmpint (atoi (clock), >=, 4);
}

static void
test_migrations (void)
{
  guint latest = chorus_team_schema_version ();

  REQUIRE_PG ();
  g_assert_cmpuint (latest, ==, G_N_ELEMENTS (old_rows));
  for (guint from = 0; from < latest; from++)
    {
      g_autofree char *database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
      g_autoptr(ChorusTeamConfig) config = chorus_test_pg_config (pg, database, OWNER);
      g_autoptr(ChorusTeamConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      guint previous = 99;

      for (guint v = 1; v <= from; v++)
        {
          g_autofree char *bump = g_strdup_printf ("UPDATE team_schema_version SET version = %u", v);

          chorus_test_pg_exec (pg, database, chorus_team_schema_migration_sql (v));
          chorus_test_pg_exec (pg, database, bump);
          chorus_test_pg_exec (pg, database, old_rows[v - 1]);
        }
      /* The tables belong to the team's role, as when the app created them. */
      if (from > 0)
        chorus_test_pg_exec (pg, database, "DO $$ DECLARE r record; BEGIN"
                             " FOR r IN SELECT tablename FROM pg_tables WHERE tablename LIKE 'team\\_%' LOOP"
                             "   EXECUTE format ('ALTER TABLE %I OWNER TO equipe', r.tablename); END LOOP;"
                             " FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p WHERE proname LIKE 'team\\_%' LOOP"
                             "   EXECUTE format ('ALTER FUNCTION %s OWNER TO equipe', r.f); END LOOP; END $$");

      connection = open_connection (config, OWNER_PASSWORD, &error);
      g_assert_no_error (error);
      g_assert_true (migrate (connection, &previous, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (previous, ==, from);
      check_migrated (pg, database, from);

      /* Again: nothing to do, same version. */
      g_assert_true (migrate (connection, &previous, &error));
      g_assert_cmpuint (previous, ==, latest);
      check_migrated (pg, database, from);
    }
}

static void
test_concurrent_migrations (void)
{
  g_autofree char *database = NULL;
  g_autoptr(ChorusTeamConnection) a = NULL;
  g_autoptr(ChorusTeamConnection) b = NULL;
  g_autoptr(ChorusTeamConfig) config = NULL;
  g_autoptr(GAsyncResult) result_a = NULL;
  g_autoptr(GAsyncResult) result_b = NULL;
  g_autoptr(GError) error = NULL;
  guint previous_a = 99, previous_b = 99;

  REQUIRE_PG ();
  a = open_owner (&database);
  config = chorus_test_pg_config (pg, database, OWNER);
  b = open_connection (config, OWNER_PASSWORD, &error);
  g_assert_no_error (error);

  /* Two desktops start together on an empty database: one creates, the other waits and finds it made. */
  chorus_team_schema_migrate_async (a, NULL, chorus_test_store_result, &result_a);
  chorus_team_schema_migrate_async (b, NULL, chorus_test_store_result, &result_b);
  chorus_team_schema_migrate_finish (a, chorus_test_wait_result (&result_a), &previous_a, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_team_schema_migrate_finish (b, chorus_test_wait_result (&result_b), &previous_b, &error));
  g_assert_no_error (error);
  g_assert_true ((previous_a == 0) != (previous_b == 0));
  check_migrated (pg, database, 0);
}

static void
test_schema_newer (void)
{
  g_autofree char *database = NULL;
  g_autofree char *version = NULL;
  g_autoptr(ChorusTeamConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  REQUIRE_PG ();
  connection = open_owner (&database);
  g_assert_true (migrate (connection, NULL, &error));
  chorus_test_pg_exec (pg, database, "UPDATE team_schema_version SET version = 99");
  g_assert_false (migrate (connection, NULL, &error));
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_SCHEMA_NEWER);
  g_assert_nonnull (strstr (error->message, "99"));
  /* Nothing was changed. */
  version = chorus_test_pg_query_value (pg, database, "SELECT version FROM team_schema_version");
  g_assert_cmpstr (version, ==, "99");
}

static void
test_no_privilege (void)
{
  g_autofree char *database = NULL;
  g_autoptr(ChorusTeamConnection) owner = NULL;
  g_autoptr(ChorusTeamConnection) guest = NULL;
  g_autoptr(ChorusTeamConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;

  REQUIRE_PG ();
  owner = open_owner (&database);
  chorus_test_pg_exec (pg, NULL, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invite')"
                       " THEN CREATE ROLE invite LOGIN PASSWORD 'invite-secret'; END IF; END $$");
  config = chorus_test_pg_config (pg, database, "invite");
  guest = open_connection (config, "invite-secret", &error);
  g_assert_no_error (error);

  /* PostgreSQL 15: only the owner creates in public. The message names the user and the fix,
   * and no half-made table is left. */
  g_assert_false (migrate (guest, NULL, &error));
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_NO_PRIVILEGE);
  g_assert_nonnull (strstr (error->message, "invite"));
  g_assert_nonnull (strstr (error->message, "GRANT"));
  tables = chorus_test_pg_query_value (pg, database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'team%'");
  g_assert_cmpstr (tables, ==, "0");
  g_assert_true (chorus_team_connection_is_open (guest));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  chorus_test_init_locale ("C.UTF-8");
  pg = chorus_test_pg_start (&skip_reason);

  g_test_add_func ("/team/connection/query", test_query);
  g_test_add_func ("/team/connection/notify", test_notify);
  g_test_add_func ("/team/connection/lost", test_lost);
  g_test_add_func ("/team/connection/errors", test_connect_errors);
  g_test_add_func ("/team/schema/migrations", test_migrations);
  g_test_add_func ("/team/schema/concurrent", test_concurrent_migrations);
  g_test_add_func ("/team/schema/newer", test_schema_newer);
  g_test_add_func ("/team/schema/no-privilege", test_no_privilege);

  status = g_test_run ();
  g_clear_pointer (&pg, chorus_test_pg_free);
  g_free (skip_reason);
  return status;
}
