/* chorus-test-pg.c: a throwaway PostgreSQL cluster on a Unix socket in a temporary folder, for the team tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include "chorus-test-pg.h"
#include "chorus-test-util.h"

/* PostgreSQL refuses to run as root: CI runs the tests as root, so the cluster runs as nobody. */
#define UNPRIVILEGED_UID 65534
#define UNPRIVILEGED_GID 65534
#define PORT 5432

struct _ChorusTestPg
{
  char        *bindir;
  char        *dir;        /* the temporary folder: data/, the socket, the log */
  char        *data_dir;
  GSubprocess *server;     /* sh waiting on its stdin, with postgres in the background */
  guint        n_databases;
};

/* The newest /usr/lib/postgresql/<version>/bin with initdb and postgres, or $CHORUS_PG_BINDIR. */
static char *
find_bindir (void)
{
  const char *env = g_getenv ("CHORUS_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  int best_version = 0;
  const char *name;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *bin = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      g_autofree char *initdb = g_build_filename (bin, "initdb", NULL);
      g_autofree char *postgres = g_build_filename (bin, "postgres", NULL);
      int version = atoi (name);

      if (version > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) &&
          g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_version = version;
          g_free (best);
          best = g_steal_pointer (&bin);
        }
    }
  return g_steal_pointer (&best);
}

static gboolean
running_as_root (void)
{
  return geteuid () == 0;
}

/* argv prefixed so that it runs unprivileged when we are root. */
static GPtrArray *
command (const char *first, ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  if (running_as_root ())
    {
      g_ptr_array_add (argv, g_strdup ("setpriv"));
      g_ptr_array_add (argv, g_strdup_printf ("--reuid=%d", UNPRIVILEGED_UID));
      g_ptr_array_add (argv, g_strdup_printf ("--regid=%d", UNPRIVILEGED_GID));
      g_ptr_array_add (argv, g_strdup ("--clear-groups"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
give_away (const char *path)
{
  if (running_as_root () && chown (path, UNPRIVILEGED_UID, UNPRIVILEGED_GID) != 0)
    g_error ("chown %s: %s", path, g_strerror (errno));
}

static char *
conninfo (ChorusTestPg *pg,
          const char   *database)
{
  return g_strdup_printf ("host=%s port=%d dbname=%s user=%s password=%s", pg->dir, PORT,
                          database != NULL ? database : "postgres", CHORUS_TEST_PG_ADMIN,
                          CHORUS_TEST_PG_ADMIN_PASSWORD);
}

static void
start_server (ChorusTestPg *pg)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *postgres = g_build_filename (pg->bindir, "postgres", NULL);
  g_autofree char *log = g_build_filename (pg->dir, "server.log", NULL);
  g_autofree char *info = conninfo (pg, NULL);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  /* The shell stops the server when its stdin closes: when we ask, and when the test process
   * dies without asking, so no server outlives its test; then it removes the folder, unless
   * told "keep" (a stop that will be resumed). */
  argv = command ("sh", "-c", "\"$0\" \"$@\" >>\"$LOG\" 2>&1 & pid=$!; read cmd;"
                  " kill -INT $pid; wait $pid; [ \"$cmd\" = keep ] || rm -rf \"$DIR\"",
                  postgres, "-D", pg->data_dir, "-k", pg->dir, "-p", G_STRINGIFY (PORT),
                  "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                  "-c", "full_page_writes=off", "-c", "max_connections=40", "-c", "shared_buffers=16MB",
                  "-c", "unix_socket_permissions=0777", NULL);
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);

    g_subprocess_launcher_setenv (launcher, "LOG", log, TRUE);
    g_subprocess_launcher_setenv (launcher, "DIR", pg->dir, TRUE);
    g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
    pg->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  }
  g_assert_no_error (error);

  while (PQping (info) != PQPING_OK)
    {
      if (g_subprocess_get_identifier (pg->server) == NULL || g_get_monotonic_time () > deadline)
        {
          g_autofree char *contents = NULL;

          g_file_get_contents (log, &contents, NULL, NULL);
          g_error ("the test PostgreSQL server did not start:\n%s", contents ? contents : "(no log)");
        }
      g_usleep (50 * 1000);
    }
}

ChorusTestPg *
chorus_test_pg_start (char **skip_reason)
{
  g_autofree char *bindir = find_bindir ();
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *initdb = NULL;
  g_autofree char *pwfile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  ChorusTestPg *pg;
  int status = 0;

  if (bindir == NULL)
    {
      *skip_reason = g_strdup ("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                               "install the postgresql package (build-aux/dev does) to run the team tests");
      return NULL;
    }

  pg = g_new0 (ChorusTestPg, 1);
  pg->bindir = g_steal_pointer (&bindir);
  pg->dir = g_dir_make_tmp ("chorus-pg-XXXXXX", &error);
  g_assert_no_error (error);
  give_away (pg->dir);
  g_chmod (pg->dir, 0700);
  pg->data_dir = g_build_filename (pg->dir, "data", NULL);

  pwfile = g_build_filename (pg->dir, "pwfile", NULL);
  g_file_set_contents (pwfile, CHORUS_TEST_PG_ADMIN_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  give_away (pwfile);

  initdb = g_build_filename (pg->bindir, "initdb", NULL);
  argv = command (initdb, "-D", pg->data_dir, "-U", CHORUS_TEST_PG_ADMIN, "--pwfile", pwfile,
                  "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions", NULL);
  if (!g_spawn_sync (pg->dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("initdb failed: %s\n%s%s", error->message, out ? out : "", err ? err : "");
  g_unlink (pwfile);

  start_server (pg);
  return pg;
}

static void
stop_server (ChorusTestPg *pg,
             gboolean      keep)
{
  GOutputStream *stdin_pipe;

  if (pg->server == NULL)
    return;
  stdin_pipe = g_subprocess_get_stdin_pipe (pg->server);
  if (keep)
    g_output_stream_write_all (stdin_pipe, "keep\n", 5, NULL, NULL, NULL);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  g_subprocess_wait (pg->server, NULL, NULL);
  g_clear_object (&pg->server);
}

void
chorus_test_pg_stop (ChorusTestPg *pg)
{
  stop_server (pg, TRUE);
}

void
chorus_test_pg_resume (ChorusTestPg *pg)
{
  g_assert_null (pg->server);
  start_server (pg);
}

void
chorus_test_pg_free (ChorusTestPg *pg)
{
  if (pg == NULL)
    return;
  stop_server (pg, FALSE);
  chorus_test_remove_dir (pg->dir);
  g_free (pg->bindir);
  g_free (pg->dir);
  g_free (pg->data_dir);
  g_free (pg);
}

const char *
chorus_test_pg_get_socket_dir (ChorusTestPg *pg)
{
  return pg->dir;
}

PGconn *
chorus_test_pg_connect (ChorusTestPg *pg,
                        const char   *database)
{
  g_autofree char *info = conninfo (pg, database);
  PGconn *conn = PQconnectdb (info);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("test connection to %s: %s", database ? database : "postgres", PQerrorMessage (conn));
  return conn;
}

void
chorus_test_pg_exec (ChorusTestPg *pg,
                     const char   *database,
                     const char   *sql)
{
  PGconn *conn = chorus_test_pg_connect (pg, database);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("test SQL failed: %s\n%s", PQresultErrorMessage (result), sql);
  PQclear (result);
  PQfinish (conn);
}

char *
chorus_test_pg_query_value (ChorusTestPg *pg,
                            const char   *database,
                            const char   *sql)
{
  PGconn *conn = chorus_test_pg_connect (pg, database);
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("test query failed: %s\n%s", PQresultErrorMessage (result), sql);
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

char *
chorus_test_pg_create_database (ChorusTestPg *pg,
                                const char   *owner,
                                const char   *owner_password)
{
  char *name = g_strdup_printf ("team_%u", ++pg->n_databases);
  g_autofree char *role = g_strdup_printf ("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s')"
                                           " THEN CREATE ROLE \"%s\" LOGIN PASSWORD '%s'; END IF; END $$",
                                           owner, owner, owner_password);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER \"%s\"", name, owner);

  chorus_test_pg_exec (pg, NULL, role);
  chorus_test_pg_exec (pg, NULL, create);
  return name;
}

ChorusTeamConfig *
chorus_test_pg_config (ChorusTestPg *pg,
                       const char   *database,
                       const char   *user)
{
  ChorusTeamConfig *config = chorus_team_config_new ();

  g_free (config->host);
  config->host = g_strdup (pg->dir);
  config->port = PORT;
  g_free (config->database);
  config->database = g_strdup (database);
  g_free (config->user);
  config->user = g_strdup (user);
  return config;
}
