/* chorus-team-check.c: the team database connection test, and what to fix for each failure, in plain words.
 *
 * libpq reports network, TLS and login failures as one text, in the language of whoever wrote
 * it (libpq, or the server's lc_messages). So the test makes the network steps itself first
 * (name, port, TLS offer), each with its own verdict, and only then hands over to libpq, whose
 * remaining failures carry a SQLSTATE or are TLS ones. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-team-check.h"
#include "chorus-team-connection.h"
#include "chorus-team-schema.h"

#define PROBE_TIMEOUT_S 8
/* PostgreSQL's SSLRequest: length 8, code 1234.5679. */
static const guint8 ssl_request[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };

static const char *
user_of (const ChorusTeamConfig *config)
{
  return config != NULL && config->user != NULL && config->user[0] != '\0' ? config->user : g_get_user_name ();
}

static const char *
host_of (const ChorusTeamConfig *config)
{
  return config != NULL && config->host != NULL && config->host[0] != '\0' ? config->host : "/var/run/postgresql";
}

char *
chorus_team_explain_error (const GError           *error,
                           const ChorusTeamConfig *config)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CHORUS_TEAM_ERROR)
    return g_strdup (error->message);
  switch ((ChorusTeamError) error->code)
    {
    case CHORUS_TEAM_ERROR_HOST_NOT_FOUND:
      return g_strdup_printf (_("The server “%s” cannot be found. Check its name, or ask IT for the address of the "
                                "team database."), host_of (config));
    case CHORUS_TEAM_ERROR_UNREACHABLE:
      if (config != NULL && chorus_team_config_is_socket (config))
        return g_strdup_printf (_("No PostgreSQL server answers on this computer (socket in %s, port %u). Check that "
                                  "PostgreSQL is running. Details: %s"),
                                host_of (config), config->port, error->message);
      return g_strdup_printf (_("The server %s does not answer on port %u. Check the address and the port, that "
                                "PostgreSQL is running and listens on the network (listen_addresses), and that no "
                                "firewall blocks the port. Details: %s"),
                              host_of (config), config != NULL ? config->port : CHORUS_TEAM_DEFAULT_PORT,
                              error->message);
    case CHORUS_TEAM_ERROR_TLS_REFUSED:
      return g_strdup_printf (_("The server %s does not accept encrypted connections (TLS), and Chorus Desk never "
                                "sends the team’s data unencrypted over the network. The database administrator must "
                                "turn TLS on (ssl = on in postgresql.conf)."), host_of (config));
    case CHORUS_TEAM_ERROR_TLS_CERTIFICATE:
      return g_strdup_printf (_("The encrypted connection to %s could not be set up: the server’s certificate could "
                                "not be verified. Choose the certificate of your establishment’s authority, check that "
                                "the server name matches its certificate, or, if IT confirms it, choose “Encrypted, "
                                "certificate not checked”. Details: %s"), host_of (config), error->message);
    case CHORUS_TEAM_ERROR_AUTH_FAILED:
      return g_strdup_printf (_("The server refused the user “%s” or its password. Check the user name and enter the "
                                "password again."), user_of (config));
    case CHORUS_TEAM_ERROR_NOT_ALLOWED:
      return g_strdup_printf (_("The server does not let the user “%s” connect from this computer to the database "
                                "“%s”. Ask the database administrator to allow it (pg_hba.conf, with “hostssl” for an "
                                "encrypted connection). Details: %s"),
                              user_of (config), config != NULL ? config->database : "", error->message);
    case CHORUS_TEAM_ERROR_NO_DATABASE:
      return g_strdup_printf (_("The database “%s” does not exist on this server. Check its name, or ask the database "
                                "administrator to create it (CREATE DATABASE)."), config != NULL ? config->database : "");
    case CHORUS_TEAM_ERROR_DISCONNECTED:
    case CHORUS_TEAM_ERROR_TIMEOUT:
      return g_strdup (_("The connection to the team database was lost; changes made here are kept and sent when "
                         "it is back."));
    case CHORUS_TEAM_ERROR_CONFIG:
    case CHORUS_TEAM_ERROR_SCHEMA_NEWER:
    case CHORUS_TEAM_ERROR_NO_PRIVILEGE:
    case CHORUS_TEAM_ERROR_SERVER:
    default:
      return g_strdup (error->message);
    }
}

void
chorus_team_check_result_free (ChorusTeamCheckResult *result)
{
  g_free (result);
}

char *
chorus_team_check_result_describe (const ChorusTeamCheckResult *result)
{
  g_autofree char *version = NULL;
  const char *tables;

  g_return_val_if_fail (result != NULL, NULL);

  version = g_strdup_printf ("%d.%d", result->server_version / 10000, result->server_version % 100);
  if (result->schema_before == 0)
    tables = _("the team tables were created");
  else if (result->schema_before < result->schema_version)
    tables = _("the team tables were brought up to date");
  else
    tables = _("the team tables are up to date");
  if (result->tls)
    /* Translators: %s is a PostgreSQL version, then what happened to the tables */
    return g_strdup_printf (_("Connected to PostgreSQL %s over an encrypted connection; %s."), version, tables);
  return g_strdup_printf (_("Connected to PostgreSQL %s on this computer; %s."), version, tables);
}

/* The steps ------------------------------------------------------------------------------------------ */

typedef struct {
  ChorusTeamConfig      *config;
  char                  *password;
  gboolean               tls_offered;   /* the TLS probe said yes */
  GSocketConnection     *probe;
  ChorusTeamConnection  *connection;
  ChorusTeamCheckResult *result;
} Check;

static void
check_free (Check *check)
{
  chorus_team_config_free (check->config);
  chorus_team_secret_free (check->password);
  g_clear_object (&check->probe);
  if (check->connection != NULL)
    chorus_team_connection_close (check->connection);
  g_clear_object (&check->connection);
  g_clear_pointer (&check->result, chorus_team_check_result_free);
  g_free (check);
}

static void
fail (GTask  *task,
      GError *error)
{
  Check *check = g_task_get_task_data (task);
  g_autofree char *explanation = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }
  explanation = chorus_team_explain_error (error, check->config);
  g_task_return_new_error (task, error->domain, error->code, "%s", explanation);
  g_error_free (error);
}

static void
listened_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(PGresult) answer = chorus_team_connection_query_finish (CHORUS_TEAM_CONNECTION (source), result, &error);

  if (answer == NULL)
    {
      fail (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&check->result), (GDestroyNotify) chorus_team_check_result_free);
}

static void
migrated_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  GError *error = NULL;

  if (!chorus_team_schema_migrate_finish (check->connection, result, &check->result->schema_before, &error))
    {
      fail (task, error);
      return;
    }
  check->result->schema_version = chorus_team_schema_version ();
  chorus_team_connection_query_async (check->connection, "LISTEN " CHORUS_TEAM_CHANNEL, 0, NULL,
                                      g_task_get_cancellable (task), listened_cb, g_object_ref (task));
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  GError *error = NULL;

  if (!chorus_team_connection_open_finish (check->connection, result, &error))
    {
      /* No SQLSTATE after a server that offered TLS: the handshake or the certificate failed. */
      if (check->tls_offered && g_error_matches (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE))
        error->code = CHORUS_TEAM_ERROR_TLS_CERTIFICATE;
      fail (task, error);
      return;
    }
  check->result = g_new0 (ChorusTeamCheckResult, 1);
  check->result->server_version = chorus_team_connection_get_server_version (check->connection);
  check->result->tls = chorus_team_connection_get_tls_in_use (check->connection);
  chorus_team_schema_migrate_async (check->connection, g_task_get_cancellable (task), migrated_cb,
                                    g_object_ref (task));
}

static void
open_with_libpq (GTask *task)
{
  Check *check = g_task_get_task_data (task);

  check->connection = chorus_team_connection_new ();
  chorus_team_connection_open_async (check->connection, check->config, check->password,
                                     g_task_get_cancellable (task), opened_cb, g_object_ref (task));
}

static void
tls_answer_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;
  const guint8 *byte;
  gsize size = 0;

  answer = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  g_io_stream_close (G_IO_STREAM (check->probe), NULL, NULL);
  if (answer == NULL)
    {
      fail (task, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE, "%s", error->message));
      g_error_free (error);
      return;
    }
  byte = g_bytes_get_data (answer, &size);
  if (size != 1 || byte[0] != 'S')
    {
      fail (task, g_error_new_literal (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_TLS_REFUSED, "N"));
      return;
    }
  check->tls_offered = TRUE;
  open_with_libpq (task);
}

static void
tls_asked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      fail (task, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE, "%s", error->message));
      g_error_free (error);
      return;
    }
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (check->probe)), 1, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), tls_answer_cb, g_object_ref (task));
}

static void
probed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  GError *error = NULL;
  ChorusTeamError code;

  check->probe = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (check->probe == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      code = error->domain == G_RESOLVER_ERROR ? CHORUS_TEAM_ERROR_HOST_NOT_FOUND : CHORUS_TEAM_ERROR_UNREACHABLE;
      fail (task, g_error_new (CHORUS_TEAM_ERROR, code, "%s", error->message));
      g_error_free (error);
      return;
    }
  /* TLS is for a server across the network; a loopback one is trusted like a socket. */
  if (chorus_team_config_is_local (check->config))
    {
      g_io_stream_close (G_IO_STREAM (check->probe), NULL, NULL);
      open_with_libpq (task);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (check->probe)), ssl_request,
                                   sizeof ssl_request, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   tls_asked_cb, g_object_ref (task));
}

void
chorus_team_check_async (const ChorusTeamConfig *config,
                         const char             *password,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;
  GError *error = NULL;

  g_return_if_fail (config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_team_check_async);
  check = g_new0 (Check, 1);
  check->config = chorus_team_config_copy (config);
  check->password = g_strdup (password);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  if (!chorus_team_config_validate (config, &error))
    {
      fail (task, error);
      return;
    }
  if (chorus_team_config_is_socket (config))
    {
      g_autofree char *name = g_strdup_printf (".s.PGSQL.%u", config->port);
      g_autofree char *path = g_build_filename (host_of (config), name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          fail (task, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE, _("%s does not exist"), path));
          return;
        }
      open_with_libpq (task);
      return;
    }
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnectable) address = g_network_address_new (config->host, (guint16) config->port);

    g_socket_client_set_timeout (client, PROBE_TIMEOUT_S);
    g_socket_client_connect_async (client, address, cancellable, probed_cb, g_steal_pointer (&task));
  }
}

ChorusTeamCheckResult *
chorus_team_check_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
