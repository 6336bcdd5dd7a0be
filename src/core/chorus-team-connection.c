/* chorus-team-connection.c: libpq in non-blocking mode on the GLib main loop: connect, queued queries, NOTIFY.
 *
 * Why the main loop and not a worker thread: libpq's asynchronous API (PQconnectPoll,
 * PQsendQueryParams, PQconsumeInput) only needs its socket watched, which a GLib fd source does
 * in the same context as the signals; LISTEN/NOTIFY arrives on that socket with no polling and
 * no wake-up pipe; and a desktop sends a few small statements, so nothing here is heavy enough
 * to block a frame. The one blocking step of libpq, name resolution, is done beforehand with
 * GResolver and handed over as hostaddr. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <string.h>

#include "chorus-team-connection.h"

#define DEFAULT_CONNECT_MS 15000
#define DEFAULT_QUERY_MS   60000
#define MAX_ADDRESSES      4

typedef struct {
  GTask  *task;
  char   *sql;
  guint   n_params;
  char  **params;      /* n_params entries, NULL = SQL NULL */
} Query;

struct _ChorusTeamConnection
{
  GObject        parent_instance;

  GMainContext  *context;
  PGconn        *conn;
  GSource       *watch;
  int            watch_fd;
  GIOCondition   watch_condition;
  GSource       *timer;          /* connection attempt or query in flight */
  guint          connect_ms;
  guint          query_ms;

  GTask         *open_task;      /* while connecting */
  GStrv          keys;           /* of the attempt under way */
  GStrv          values;
  gboolean       is_socket;

  GQueue         queries;        /* Query; the head is in flight when sent is set */
  gboolean       sent;
  PGresult      *result;         /* of the query in flight: the last one, or the first error */
};

G_DEFINE_FINAL_TYPE (ChorusTeamConnection, chorus_team_connection, G_TYPE_OBJECT)

enum {
  SIGNAL_NOTIFICATION,
  SIGNAL_LOST,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void pump (ChorusTeamConnection *self);

/* Errors ---------------------------------------------------------------------------------------- */

static ChorusTeamError
code_for_sqlstate (const char *state)
{
  if (state == NULL || strlen (state) != 5)
    return CHORUS_TEAM_ERROR_SERVER;
  if (g_str_equal (state, "42501"))
    return CHORUS_TEAM_ERROR_NO_PRIVILEGE;
  if (g_str_equal (state, "28P01"))
    return CHORUS_TEAM_ERROR_AUTH_FAILED;
  if (g_str_equal (state, "28000"))
    return CHORUS_TEAM_ERROR_NOT_ALLOWED;
  if (g_str_equal (state, "3D000"))
    return CHORUS_TEAM_ERROR_NO_DATABASE;
  if (g_str_equal (state, "57014"))
    return CHORUS_TEAM_ERROR_TIMEOUT;
  /* Connection exceptions, the server shutting down or the backend terminated, too many clients. */
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P") || g_str_equal (state, "53300"))
    return CHORUS_TEAM_ERROR_DISCONNECTED;
  return CHORUS_TEAM_ERROR_SERVER;
}

/* libpq's messages span lines with tab indents: one line for the user. */
static char *
tidy (const char *message)
{
  g_auto(GStrv) words = g_strsplit_set (message != NULL ? message : "", " \t\n\r", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (text->len > 0)
          g_string_append_c (text, ' ');
        g_string_append (text, words[i]);
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The error a failed result stands for (SQLSTATE mapped to a CHORUS_TEAM_ERROR code). */
static GError *
chorus_team_error_from_result (const PGresult *result)
{
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
  const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
  const char *detail = PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL);
  g_autofree char *message = NULL;

  if (primary == NULL)
    primary = PQresultErrorMessage (result);
  if (primary == NULL || primary[0] == '\0')
    primary = _("the server gave no reason");
  {
    g_autofree char *raw = detail != NULL ? g_strdup_printf ("%s (%s)", primary, detail) : g_strdup (primary);
    message = tidy (raw);
  }
  return g_error_new (CHORUS_TEAM_ERROR, code_for_sqlstate (state),
                      /* Translators: %s is the server's own message */
                      _("The team database refused: %s"), message);
}

/* libpq's message for a failed connection, with the connection was asked for in verbose mode:
 * "…: FATAL:  28P01: password authentication failed…\nLOCATION: …". Returns the SQLSTATE found,
 * and the message without the location lines. */
static char *
parse_connection_message (const char *raw,
                          char        state[6])
{
  g_auto(GStrv) lines = g_strsplit (raw != NULL ? raw : "", "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  state[0] = '\0';
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *mark;

      if (g_str_has_prefix (line, "LOCATION:") || line[0] == '\0')
        continue;
      /* Severity, two spaces, SQLSTATE, colon: the layout of PQERRORS_VERBOSE. */
      mark = strstr (line, ":  ");
      if (state[0] == '\0' && mark != NULL && strlen (mark) > 9 && mark[8] == ':')
        {
          gboolean code = TRUE;

          for (int j = 3; j < 8; j++)
            if (!g_ascii_isdigit (mark[j]) && !g_ascii_isupper (mark[j]))
              code = FALSE;
          if (code)
            {
              memcpy (state, mark + 3, 5);
              state[5] = '\0';
              line = mark + 10;
            }
        }
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, line);
    }
  return tidy (text->str);
}

/* The error a failed connection attempt stands for, from libpq's message. */
static GError *
chorus_team_error_from_connection (PGconn *conn)
{
  char state[6];
  g_autofree char *message = parse_connection_message (PQerrorMessage (conn), state);

  if (state[0] != '\0')
    return g_error_new (CHORUS_TEAM_ERROR, code_for_sqlstate (state), "%s", message);
  if (PQconnectionNeedsPassword (conn))
    return g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_AUTH_FAILED,
                        _("The server asks for a password and none is saved."));
  return g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE,
                      /* Translators: %s is libpq's message */
                      _("Could not connect to the team database: %s"), message);
}

/* Sources --------------------------------------------------------------------------------------- */

static void
query_free (Query *query)
{
  g_clear_object (&query->task);
  g_free (query->sql);
  for (guint i = 0; i < query->n_params; i++)
    g_free (query->params[i]);
  g_free (query->params);
  g_free (query);
}

static void
clear_watch (ChorusTeamConnection *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  self->watch_fd = -1;
  self->watch_condition = 0;
}

static void
clear_timer (ChorusTeamConnection *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static gboolean socket_ready_cb (int fd, GIOCondition condition, gpointer user_data);

static void
set_watch (ChorusTeamConnection *self,
           GIOCondition          condition)
{
  int fd = self->conn != NULL ? PQsocket (self->conn) : -1;

  if (fd < 0)
    {
      clear_watch (self);
      return;
    }
  /* libpq may change sockets while connecting (another address, the TLS retry). */
  if (self->watch != NULL && fd == self->watch_fd && condition == self->watch_condition)
    return;
  clear_watch (self);
  self->watch = g_unix_fd_source_new (fd, condition | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (socket_ready_cb), self, NULL);
  g_source_set_name (self->watch, "[chorus] team database socket");
  g_source_attach (self->watch, self->context);
  self->watch_fd = fd;
  self->watch_condition = condition;
}

static gboolean timer_cb (gpointer user_data);

static void
start_timer (ChorusTeamConnection *self,
             guint                 ms)
{
  clear_timer (self);
  self->timer = g_timeout_source_new (ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_name (self->timer, "[chorus] team database timeout");
  g_source_attach (self->timer, self->context);
}

/* Losing the connection ------------------------------------------------------------------------- */

/* Drops the connection and fails what was queued with @error (owned). */
static void
drop (ChorusTeamConnection *self,
      GError               *error,
      gboolean              emit_lost)
{
  GQueue queries = G_QUEUE_INIT;
  gboolean was_open = self->conn != NULL && self->open_task == NULL;
  Query *query;

  clear_watch (self);
  clear_timer (self);
  g_clear_pointer (&self->result, PQclear);
  g_clear_pointer (&self->conn, PQfinish);
  self->sent = FALSE;
  /* Detach first: a callback may queue the next query, on a connection that is now closed. */
  queries = self->queries;
  g_queue_init (&self->queries);

  g_object_ref (self);
  while ((query = g_queue_pop_head (&queries)) != NULL)
    {
      g_task_return_error (query->task, g_error_copy (error));
      query_free (query);
    }
  if (emit_lost && was_open)
    g_signal_emit (self, signals[SIGNAL_LOST], 0, error);
  g_error_free (error);
  g_object_unref (self);
}

static void
fail_open (ChorusTeamConnection *self,
           GError               *error)
{
  GTask *task = g_steal_pointer (&self->open_task);

  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->values, chorus_team_params_free);
  drop (self, g_error_copy (error), FALSE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
timer_cb (gpointer user_data)
{
  ChorusTeamConnection *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  if (self->open_task != NULL)
    fail_open (self, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE,
                                  _("The team database server did not answer in time.")));
  else
    drop (self, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_TIMEOUT,
                             _("The team database stopped answering.")), TRUE);
  return G_SOURCE_REMOVE;
}

/* Connecting ------------------------------------------------------------------------------------ */

static void
continue_connect (ChorusTeamConnection *self)
{
  GTask *task;

  switch (PQconnectPoll (self->conn))
    {
    case PGRES_POLLING_READING:
      set_watch (self, G_IO_IN);
      return;
    case PGRES_POLLING_WRITING:
      set_watch (self, G_IO_OUT);
      return;
    case PGRES_POLLING_FAILED:
      fail_open (self, chorus_team_error_from_connection (self->conn));
      return;
    case PGRES_POLLING_OK:
    case PGRES_POLLING_ACTIVE:
    default:
      break;
    }

  clear_timer (self);
  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->values, chorus_team_params_free);
  if (PQsetnonblocking (self->conn, 1) != 0)
    {
      fail_open (self, chorus_team_error_from_connection (self->conn));
      return;
    }
  PQsetErrorVerbosity (self->conn, PQERRORS_DEFAULT);
  set_watch (self, G_IO_IN);
  task = g_steal_pointer (&self->open_task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  pump (self);
}

/* Server notices (and the last words of a terminated backend) go to the debug log, not stderr. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("team database: %s", message);
}

static void
start_connect (ChorusTeamConnection *self,
               const char           *hostaddr)
{
  g_auto(GStrv) keys = NULL;
  char **values;                               /* holds the password: wiped once libpq has it */
  guint n = g_strv_length (self->keys);

  keys = g_new0 (char *, n + 2);
  values = g_new0 (char *, n + 2);
  for (guint i = 0, j = 0; i < n; i++, j++)
    {
      keys[j] = g_strdup (self->keys[i]);
      values[j] = g_strdup (self->values[i]);
      /* One host entry per resolved address, in libpq's comma-separated lists. */
      if (hostaddr != NULL && g_str_equal (self->keys[i], "host"))
        {
          guint n_addresses = 1;

          for (const char *p = hostaddr; *p != '\0'; p++)
            n_addresses += *p == ',';
          g_free (values[j]);
          {
            g_autoptr(GStrvBuilder) hosts = g_strv_builder_new ();
            g_auto(GStrv) list = NULL;

            for (guint k = 0; k < n_addresses; k++)
              g_strv_builder_add (hosts, self->values[i]);
            list = g_strv_builder_end (hosts);
            values[j] = g_strjoinv (",", list);
          }
          j++;
          keys[j] = g_strdup ("hostaddr");
          values[j] = g_strdup (hostaddr);
        }
    }

  self->conn = PQconnectStartParams ((const char * const *) keys, (const char * const *) values, 0);
  chorus_team_params_free (values);
  if (self->conn == NULL)
    {
      fail_open (self, g_error_new_literal (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_UNREACHABLE,
                                            _("Not enough memory to connect to the team database.")));
      return;
    }
  /* Verbose: the server's errors at connection time then carry their SQLSTATE. */
  PQsetErrorVerbosity (self->conn, PQERRORS_VERBOSE);
  PQsetNoticeProcessor (self->conn, log_notice, NULL);
  if (PQstatus (self->conn) == CONNECTION_BAD)
    {
      fail_open (self, chorus_team_error_from_connection (self->conn));
      return;
    }
  set_watch (self, G_IO_OUT);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ChorusTeamConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = 0;

  if (self->open_task == NULL)
    {
      g_resolver_free_addresses (addresses);
      return;
    }
  if (addresses == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_open (self, g_steal_pointer (&error));
      else
        fail_open (self, g_error_new (CHORUS_TEAM_ERROR,
                                      g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND)
                                        ? CHORUS_TEAM_ERROR_HOST_NOT_FOUND : CHORUS_TEAM_ERROR_UNREACHABLE,
                                      _("The server name could not be resolved: %s"), error->message));
      return;
    }
  for (GList *l = addresses; l != NULL && n < MAX_ADDRESSES; l = l->next, n++)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);

      if (list->len > 0)
        g_string_append_c (list, ',');
      g_string_append (list, text);
    }
  g_resolver_free_addresses (addresses);
  start_connect (self, list->str);
}

void
chorus_team_connection_open_async (ChorusTeamConnection   *self,
                                   const ChorusTeamConfig *config,
                                   const char             *password,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  GError *error = NULL;

  g_return_if_fail (CHORUS_IS_TEAM_CONNECTION (self));
  g_return_if_fail (config != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_team_connection_open_async);
  if (self->open_task != NULL || self->conn != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "already open");
      return;
    }
  if (!chorus_team_config_validate (config, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  self->open_task = g_steal_pointer (&task);
  chorus_team_config_to_params (config, password, NULL, &self->keys, &self->values);
  self->is_socket = chorus_team_config_is_socket (config);
  start_timer (self, self->connect_ms);
  if (!self->is_socket)
    literal = g_inet_address_new_from_string (config->host);
  if (self->is_socket || literal != NULL)
    start_connect (self, NULL);
  else
    g_resolver_lookup_by_name_async (g_resolver_get_default (), config->host, cancellable,
                                     resolved_cb, g_object_ref (self));
}

gboolean
chorus_team_connection_open_finish (ChorusTeamConnection  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
chorus_team_connection_is_open (ChorusTeamConnection *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_CONNECTION (self), FALSE);
  return self->conn != NULL && self->open_task == NULL && PQstatus (self->conn) == CONNECTION_OK;
}

void
chorus_team_connection_close (ChorusTeamConnection *self)
{
  g_return_if_fail (CHORUS_IS_TEAM_CONNECTION (self));

  if (self->open_task != NULL)
    fail_open (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "closed"));
  else if (self->conn != NULL || self->queries.length > 0)
    drop (self, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED,
                             _("The connection to the team database is closed.")), FALSE);
}

/* Queries --------------------------------------------------------------------------------------- */

static void
emit_notifications (ChorusTeamConnection *self)
{
  PGnotify *notify;

  while (self->conn != NULL && (notify = PQnotifies (self->conn)) != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_NOTIFICATION], 0, notify->relname, notify->extra);
      PQfreemem (notify);
    }
}

static void
finish_head (ChorusTeamConnection *self)
{
  Query *query = g_queue_pop_head (&self->queries);
  PGresult *result = g_steal_pointer (&self->result);

  self->sent = FALSE;
  clear_timer (self);
  if (result == NULL)
    g_task_return_new_error (query->task, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_SERVER,
                             _("The team database gave no answer."));
  else if (PQresultStatus (result) == PGRES_FATAL_ERROR || PQresultStatus (result) == PGRES_BAD_RESPONSE)
    {
      g_task_return_error (query->task, chorus_team_error_from_result (result));
      PQclear (result);
    }
  else
    g_task_return_pointer (query->task, result, (GDestroyNotify) PQclear);
  query_free (query);
}

static gboolean
is_error_result (const PGresult *result)
{
  return result != NULL && (PQresultStatus (result) == PGRES_FATAL_ERROR ||
                            PQresultStatus (result) == PGRES_BAD_RESPONSE);
}

/* Reads what arrived: results of the query in flight, notifications. FALSE when the connection broke. */
static gboolean
read_input (ChorusTeamConnection *self)
{
  if (!PQconsumeInput (self->conn))
    return FALSE;
  while (self->sent && !PQisBusy (self->conn))
    {
      PGresult *result = PQgetResult (self->conn);

      if (result == NULL)
        {
          finish_head (self);
          if (self->conn == NULL)
            return TRUE;
          continue;
        }
      /* A script stops at its first error: keep that one. */
      if (is_error_result (self->result))
        PQclear (result);
      else
        {
          g_clear_pointer (&self->result, PQclear);
          self->result = result;
        }
    }
  return PQstatus (self->conn) == CONNECTION_OK;
}

/* Sends the next query if none is in flight, flushes, and watches the socket accordingly. */
static void
pump (ChorusTeamConnection *self)
{
  int flushed;

  if (self->conn == NULL || self->open_task != NULL)
    return;
  while (!self->sent && self->queries.length > 0)
    {
      Query *query = g_queue_peek_head (&self->queries);
      int ok;

      if (g_task_return_error_if_cancelled (query->task))
        {
          query_free (g_queue_pop_head (&self->queries));
          continue;
        }
      if (query->n_params > 0)
        ok = PQsendQueryParams (self->conn, query->sql, (int) query->n_params, NULL,
                                (const char * const *) query->params, NULL, NULL, 0);
      else
        ok = PQsendQuery (self->conn, query->sql);
      if (!ok)
        {
          drop (self, chorus_team_error_from_connection (self->conn), TRUE);
          return;
        }
      self->sent = TRUE;
      start_timer (self, self->query_ms);
    }
  flushed = PQflush (self->conn);
  if (flushed < 0)
    {
      g_autofree char *message = tidy (PQerrorMessage (self->conn));

      drop (self, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED,
                               _("The connection to the team database broke: %s"), message), TRUE);
      return;
    }
  set_watch (self, flushed == 1 ? G_IO_IN | G_IO_OUT : G_IO_IN);
}

static gboolean
socket_ready_cb (int          fd,
                 GIOCondition condition,
                 gpointer     user_data)
{
  g_autoptr(ChorusTeamConnection) self = g_object_ref (user_data);

  if (self->open_task != NULL)
    {
      continue_connect (self);
      return G_SOURCE_CONTINUE;
    }
  if (self->conn == NULL)
    return G_SOURCE_REMOVE;
  if (!read_input (self))
    {
      if (self->conn != NULL)
        {
          g_autofree char *message = tidy (PQerrorMessage (self->conn));

          emit_notifications (self);
          drop (self, g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED,
                                   _("The connection to the team database broke: %s"),
                                   message[0] != '\0' ? message : _("the server closed it")), TRUE);
        }
      return G_SOURCE_CONTINUE;
    }
  emit_notifications (self);
  pump (self);
  return G_SOURCE_CONTINUE;
}

void
chorus_team_connection_query_async (ChorusTeamConnection *self,
                                    const char           *sql,
                                    guint                 n_params,
                                    const char * const   *params,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  Query *query;

  g_return_if_fail (CHORUS_IS_TEAM_CONNECTION (self));
  g_return_if_fail (sql != NULL);
  g_return_if_fail (n_params == 0 || params != NULL);

  query = g_new0 (Query, 1);
  query->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (query->task, chorus_team_connection_query_async);
  if (self->conn == NULL || self->open_task != NULL)
    {
      g_task_return_new_error (query->task, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED,
                               _("The team database is not connected."));
      query_free (query);
      return;
    }
  query->sql = g_strdup (sql);
  query->n_params = n_params;
  query->params = g_new0 (char *, n_params + 1);
  for (guint i = 0; i < n_params; i++)
    query->params[i] = g_strdup (params[i]);
  g_queue_push_tail (&self->queries, query);
  pump (self);
}

PGresult *
chorus_team_connection_query_finish (ChorusTeamConnection  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

int
chorus_team_connection_get_server_version (ChorusTeamConnection *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_CONNECTION (self), 0);
  return self->conn != NULL ? PQserverVersion (self->conn) : 0;
}

gboolean
chorus_team_connection_get_tls_in_use (ChorusTeamConnection *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_CONNECTION (self), FALSE);
  return self->conn != NULL && PQsslInUse (self->conn);
}

/* Object ---------------------------------------------------------------------------------------- */

static void
chorus_team_connection_dispose (GObject *object)
{
  ChorusTeamConnection *self = CHORUS_TEAM_CONNECTION (object);

  chorus_team_connection_close (self);
  G_OBJECT_CLASS (chorus_team_connection_parent_class)->dispose (object);
}

static void
chorus_team_connection_finalize (GObject *object)
{
  ChorusTeamConnection *self = CHORUS_TEAM_CONNECTION (object);

  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->values, chorus_team_params_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (chorus_team_connection_parent_class)->finalize (object);
}

static void
chorus_team_connection_class_init (ChorusTeamConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chorus_team_connection_dispose;
  object_class->finalize = chorus_team_connection_finalize;

  signals[SIGNAL_NOTIFICATION] =
    g_signal_new ("notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_LOST] =
    g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
chorus_team_connection_init (ChorusTeamConnection *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->watch_fd = -1;
  self->connect_ms = DEFAULT_CONNECT_MS;
  self->query_ms = DEFAULT_QUERY_MS;
  g_queue_init (&self->queries);
}

ChorusTeamConnection *
chorus_team_connection_new (void)
{
  return g_object_new (CHORUS_TYPE_TEAM_CONNECTION, NULL);
}
