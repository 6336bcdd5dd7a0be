/* chorus-client-exchange.c: one HTTP exchange of the client, in its network thread: retries and their
 * backoff, Retry-After, answer caps, deadlines, streamed downloads, redirections refused, and the
 * journal hook. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-internal.h"
#include "chorus-journal.h"

#define READ_CHUNK             (64 * 1024)
#define MAX_EXTRACTED_REST     (1024 * 1024)            /* a download answer without its file */

/* ---------------------------------------------------------------------------------------------- */
/* Retry policy */

guint
_chorus_client_backoff_delay_ms (guint  retry,
                                 guint  base_delay_ms,
                                 guint  max_delay_ms,
                                 gint64 retry_after_ms,
                                 double jitter)
{
  guint64 delay = base_delay_ms;

  for (guint i = 0; i < retry && delay < max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) max_delay_ms);
  /* ±20 %: the desktops of an establishment do not all come back at the same instant. */
  delay = (guint64) ((double) delay * (0.8 + 0.4 * CLAMP (jitter, 0.0, 1.0)));
  if (retry_after_ms >= 0 && (guint64) retry_after_ms > delay)
    delay = (guint64) retry_after_ms;
  return (guint) MIN (delay, (guint64) G_MAXUINT);
}

guint
_chorus_client_retry_delay_ms (ChorusClient *self,
                               guint         retry)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), 0);

  return _chorus_client_backoff_delay_ms (retry, self->base_delay_ms, self->max_delay_ms, -1,
                                          g_random_double ());
}

gint64
_chorus_client_parse_retry_after (const char *value,
                                  GDateTime  *now_utc)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_isdigit (*value))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, 7 * 24 * 3600, &seconds, NULL))
        return -1;
      return (gint64) seconds * 1000;
    }
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL || now_utc == NULL)
    return -1;
  return MAX ((gint64) 0, g_date_time_difference (when, now_utc) / 1000);
}

/* ---------------------------------------------------------------------------------------------- */
/* The exchange */

void
_chorus_client_response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->blob, g_bytes_unref);
  g_free (response);
}

typedef struct {
  ChorusClient     *client;         /* not a reference: the call running the exchange holds one */
  BuildMessageFunc  build;
  gpointer          build_data;
  const char       *what;           /* the path: debug output and journal, never a URL */
  const char       *method;
  ChorusCallPolicy  policy;
  const char       *blob_key;       /* a download: the member decoded while it arrives */
  gboolean          sensitive;      /* the token exchange: its answer is wiped when freed */
  guint             retry;
  SoupMessage      *message;
  GBytes           *request_body;
  GInputStream     *stream;
  GByteArray       *buffer;
  ChorusJsonFilter *extractor;
  ChorusJsonFilter *journal;        /* the answer as the journal will keep it */
  gsize             received;
  GCancellable     *attempt;        /* cancelled by the caller's cancellable or the deadline */
  gulong            cancel_id;
  GSource          *deadline_source;
  gboolean          deadline_hit;
  gint64            started;        /* monotonic */
  gint64            started_real;
  GSource          *wait_source;
  GSource          *cancel_source;
} Exchange;

static void
attempt_end (GTask    *task,
             Exchange *exchange)
{
  if (exchange->deadline_source != NULL)
    g_source_destroy (exchange->deadline_source);
  g_clear_pointer (&exchange->deadline_source, g_source_unref);
  if (exchange->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), exchange->cancel_id);
  exchange->cancel_id = 0;
  g_clear_object (&exchange->attempt);
}

static void
exchange_clear_attempt (Exchange *exchange)
{
  g_clear_object (&exchange->message);
  g_clear_object (&exchange->stream);
  g_clear_pointer (&exchange->request_body, g_bytes_unref);
  g_clear_pointer (&exchange->buffer, g_byte_array_unref);
  g_clear_pointer (&exchange->extractor, chorus_json_filter_free);
  g_clear_pointer (&exchange->journal, chorus_json_filter_free);
  exchange->received = 0;
  exchange->deadline_hit = FALSE;
}

static void
exchange_free (Exchange *exchange)
{
  /* attempt_end() ran before the task returned: nothing refers to the task any more. */
  exchange_clear_attempt (exchange);
  if (exchange->wait_source != NULL)
    g_source_destroy (exchange->wait_source);
  g_clear_pointer (&exchange->wait_source, g_source_unref);
  if (exchange->cancel_source != NULL)
    g_source_destroy (exchange->cancel_source);
  g_clear_pointer (&exchange->cancel_source, g_source_unref);
  g_free (exchange);
}

static void exchange_send (GTask *task);

static gboolean
accept_loopback_certificate (SoupMessage          *message,
                             GTlsCertificate      *certificate,
                             GTlsCertificateFlags  errors,
                             gpointer              user_data)
{
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------- */
/* The journal hook */

/* Copies of the secrets, to take them out of whatever the journal gets; wiped by secrets_free. */
static char **
secrets_dup (ChorusClient *self)
{
  GPtrArray *secrets = g_ptr_array_new ();

  g_mutex_lock (&self->lock);
  if (_chorus_client_secret_text (self->client_secret) != NULL)
    g_ptr_array_add (secrets, g_strdup (_chorus_client_secret_text (self->client_secret)));
  if (_chorus_client_secret_text (self->account_header) != NULL)
    g_ptr_array_add (secrets, g_strdup (_chorus_client_secret_text (self->account_header)));
  if (_chorus_client_secret_text (self->tech_password) != NULL)
    g_ptr_array_add (secrets, g_strdup (_chorus_client_secret_text (self->tech_password)));
  if (self->access_token != NULL)
    g_ptr_array_add (secrets, g_strdup (self->access_token));
  g_mutex_unlock (&self->lock);
  g_ptr_array_add (secrets, NULL);
  return (char **) g_ptr_array_free (secrets, FALSE);
}

static void
secrets_free (char **secrets)
{
  for (guint i = 0; secrets[i] != NULL; i++)
    _chorus_client_wipe_string (&secrets[i]);
  g_free (secrets);
}

/* Hands the attempt, secrets removed, to the exchange function, if any. */
static void
exchange_record (GTask      *task,
                 guint       status,
                 const char *error_text)
{
  Exchange *exchange = g_task_get_task_data (task);
  ChorusClient *self = exchange->client;
  ChorusClientExchange record = { 0 };
  ChorusClientExchangeFunc func;
  gpointer func_data;
  g_autofree char *request = NULL;
  g_autofree char *response = NULL;
  char **secrets;

  g_mutex_lock (&self->hook_lock);
  func = self->exchange_func;
  func_data = self->exchange_data;
  if (func == NULL)
    {
      g_mutex_unlock (&self->hook_lock);
      return;
    }

  secrets = secrets_dup (self);
  if (exchange->request_body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (exchange->request_body, &size);

      if (exchange->sensitive)
        request = chorus_journal_redact_form (data, size, (const char * const *) secrets);
      else
        {
          g_autoptr(ChorusJsonFilter) filter = chorus_journal_body_filter_new ();

          /* By chunks, so that the filter can stop at its cut (a deposit is 160 MB of base64). */
          for (gsize done = 0; done < size; done += READ_CHUNK)
            chorus_json_filter_feed (filter, data + done, MIN (READ_CHUNK, size - done), NULL);
          chorus_json_filter_finish (filter, NULL);
          request = chorus_journal_body_text (filter, size, (const char * const *) secrets);
        }
    }
  if (exchange->journal != NULL)
    {
      chorus_json_filter_finish (exchange->journal, NULL);
      response = chorus_journal_body_text (exchange->journal, exchange->received,
                                           (const char * const *) secrets);
      record.has_code = chorus_json_filter_get_code (exchange->journal, &record.code);
      record.libelle = chorus_json_filter_get_libelle (exchange->journal);
    }

  record.time = exchange->started_real;
  record.method = exchange->method;
  record.operation = exchange->what;
  record.http_status = status;
  record.duration_ms = (guint) MIN ((g_get_monotonic_time () - exchange->started) / 1000, (gint64) G_MAXUINT);
  record.error = error_text;
  record.request = request;
  record.response = response;
  func (&record, func_data);
  g_mutex_unlock (&self->hook_lock);
  secrets_free (secrets);
}

/* ---------------------------------------------------------------------------------------------- */
/* Waiting between attempts */

static gboolean
exchange_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);

  g_clear_pointer (&exchange->wait_source, g_source_unref);
  if (exchange->cancel_source != NULL)
    g_source_destroy (exchange->cancel_source);
  g_clear_pointer (&exchange->cancel_source, g_source_unref);
  exchange_send (task);
  return G_SOURCE_REMOVE;
}

static gboolean
exchange_wait_cancelled (GCancellable *cancellable,
                         gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);

  g_clear_pointer (&exchange->cancel_source, g_source_unref);
  if (exchange->wait_source != NULL)
    g_source_destroy (exchange->wait_source);
  g_clear_pointer (&exchange->wait_source, g_source_unref);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("The operation was cancelled."));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Schedules the next attempt after the backoff delay; FALSE when no attempt is left or the
 * server asked to wait longer than the client waits by itself. */
static gboolean
exchange_schedule_retry (GTask  *task,
                         gint64  retry_after_ms)
{
  Exchange *exchange = g_task_get_task_data (task);
  ChorusClient *self = exchange->client;
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay;

  if (exchange->retry >= self->max_retries || retry_after_ms > (gint64) self->max_retry_after_ms)
    return FALSE;

  delay = _chorus_client_backoff_delay_ms (exchange->retry, self->base_delay_ms,
                                           self->max_delay_ms, retry_after_ms,
                                           g_random_double ());
  exchange->retry++;
  g_debug ("%s: retry %u in %u ms", exchange->what, exchange->retry, delay);

  exchange->wait_source = g_timeout_source_new (delay);
  g_source_set_callback (exchange->wait_source, exchange_wait_done, task, NULL);
  g_source_attach (exchange->wait_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      exchange->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (exchange->cancel_source, G_SOURCE_FUNC (exchange_wait_cancelled),
                             task, NULL);
      g_source_attach (exchange->cancel_source, g_task_get_context (task));
    }
  return TRUE;
}

/* Errors where the request surely never reached the server: safe to resend any request. */
static gboolean
transport_error_before_send (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         error->domain == G_RESOLVER_ERROR;
}

/* Ends the exchange with @error (taken); the attempt is over. */
static void
exchange_fail (GTask  *task,
               GError *error)
{
  Exchange *exchange = g_task_get_task_data (task);

  attempt_end (task, exchange);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
exchange_transport_failed (GTask  *task,
                           GError *error)
{
  Exchange *exchange = g_task_get_task_data (task);
  ChorusClient *self = exchange->client;
  g_autoptr(GError) mapped = NULL;
  gboolean deadline = exchange->deadline_hit &&
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                      !g_cancellable_is_cancelled (g_task_get_cancellable (task));

  g_debug ("%s: transport error %s/%d%s", exchange->what, g_quark_to_string (error->domain),
           error->code, deadline ? " (deadline)" : "");
  if (deadline)
    {
      guint seconds = (exchange->policy.long_deadline ? self->long_deadline_ms : self->deadline_ms) / 1000;

      mapped = g_error_new (CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TIMEOUT,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Chorus Pro did not finish answering within %u second.",
                                         "Chorus Pro did not finish answering within %u seconds.",
                                         MAX (seconds, 1)),
                            MAX (seconds, 1));
    }
  else
    mapped = _chorus_client_error_from_transport (error, self->timeout_s);

  attempt_end (task, exchange);
  if (!transport_error_before_send (error))
    _chorus_client_error_set_outcome_unknown (mapped);
  if (!g_error_matches (mapped, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    exchange_record (task, 0, mapped->message);

  /* A read may go again after anything; a write only when it surely never left: it may
   * have been applied, and only the outbox can check that before sending it again. */
  if (!g_error_matches (mapped, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      error->domain != G_TLS_ERROR &&
      (exchange->policy.replayable || transport_error_before_send (error)) &&
      exchange_schedule_retry (task, -1))
    {
      g_error_free (error);
      return;
    }
  g_error_free (error);
  g_task_return_error (task, g_steal_pointer (&mapped));
  g_object_unref (task);
}

static GError *
too_large_error (Exchange *exchange,
                 guint     status)
{
  g_autofree char *limit = g_format_size (exchange->policy.max_answer);
  /* Translators: %s is a size such as “16,8 Mo” */
  g_autofree char *message = g_strdup_printf (_("The Chorus Pro answer is larger than %s, the most this "
                                                "operation may answer: it was not read."), limit);

  return chorus_client_error_new_full (CHORUS_CLIENT_ERROR_TOO_LARGE, 0, NULL, status, message);
}

static void
exchange_complete (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  guint status = soup_message_get_status (exchange->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (exchange->message);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 retry_after = _chorus_client_parse_retry_after (
      soup_message_headers_get_one (headers, "Retry-After"), now);
  Response *response;
  GError *error = NULL;

  g_debug ("%s: HTTP %u, %" G_GSIZE_FORMAT " bytes", exchange->what, status, exchange->received);
  attempt_end (task, exchange);
  if (exchange->extractor != NULL && !chorus_json_filter_finish (exchange->extractor, &error))
    {
      GError *malformed = chorus_client_error_new_full (CHORUS_CLIENT_ERROR_MALFORMED, 0, NULL, status,
                                                        error->message);

      _chorus_client_error_set_outcome_unknown (malformed);
      exchange_record (task, status, error->message);
      g_task_return_error (task, malformed);
      g_error_free (error);
      g_object_unref (task);
      return;
    }
  exchange_record (task, status, NULL);

  /* A 429 comes from the gateway before the API: nothing was done, any call may go again.
   * A 5xx may come after the API acted (a 504 is the gateway giving up waiting): only reads
   * are sent again. */
  if (status == 429 || (status >= 500 && status < 600 && exchange->policy.replayable))
    {
      if (exchange_schedule_retry (task, retry_after))
        return;
    }

  response = g_new0 (Response, 1);
  response->status = status;
  response->headers = soup_message_headers_ref (headers);
  response->retry_after_ms = retry_after;
  if (exchange->extractor != NULL)
    {
      gsize length = 0;
      char *rest = chorus_json_filter_steal_output (exchange->extractor, &length);

      response->body = g_bytes_new_take (rest, length);
      response->blob = chorus_json_filter_steal_blob (exchange->extractor);
    }
  else if (exchange->sensitive)
    {
      guint length = exchange->buffer->len;
      guint8 *data = g_byte_array_free (g_steal_pointer (&exchange->buffer), FALSE);

      response->body = _chorus_client_secret_bytes_new_take (data, length);
    }
  else
    response->body = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->buffer));
  g_task_return_pointer (task, response, (GDestroyNotify) _chorus_client_response_free);
  g_object_unref (task);
}

static gboolean
exchange_take_chunk (GTask         *task,
                     const guchar  *data,
                     gsize          size,
                     GError       **error)
{
  Exchange *exchange = g_task_get_task_data (task);
  guint status = soup_message_get_status (exchange->message);

  exchange->received += size;
  if (exchange->received > exchange->policy.max_answer)
    {
      g_propagate_error (error, too_large_error (exchange, status));
      return FALSE;
    }
  if (exchange->journal != NULL)
    chorus_json_filter_feed (exchange->journal, (const char *) data, size, NULL);
  if (exchange->extractor == NULL)
    {
      g_byte_array_append (exchange->buffer, data, (guint) size);
      return TRUE;
    }
  if (!chorus_json_filter_feed (exchange->extractor, (const char *) data, size, error))
    {
      g_autofree char *message = g_strdup ((*error)->message);

      g_clear_error (error);
      g_propagate_error (error, chorus_client_error_new_full (CHORUS_CLIENT_ERROR_MALFORMED, 0, NULL,
                                                              status, message));
      return FALSE;
    }
  if (chorus_json_filter_is_truncated (exchange->extractor))
    {
      g_propagate_error (error, too_large_error (exchange, status));
      return FALSE;
    }
  return TRUE;
}

static void
exchange_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      exchange_transport_failed (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      exchange_complete (task);
      return;
    }
  if (!exchange_take_chunk (task, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk), &error))
    {
      _chorus_client_error_set_outcome_unknown (error);
      exchange_record (task, soup_message_get_status (exchange->message), error->message);
      exchange_fail (task, error);
      return;
    }
  g_input_stream_read_bytes_async (exchange->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   exchange->attempt, exchange_read_cb, task);
}

/* A redirection is never followed (the cpro-account header would go with it): an error naming
 * both hosts, so the user or the administrator can tell where it came from. */
static GError *
redirect_error (Exchange *exchange,
                guint     status)
{
  GUri *asked = soup_message_get_uri (exchange->message);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (exchange->message),
                                                       "Location");
  g_autoptr(GUri) target = location != NULL ? g_uri_parse_relative (asked, location, G_URI_FLAGS_NONE, NULL)
                                            : NULL;
  const char *asked_host = g_uri_get_host (asked) != NULL ? g_uri_get_host (asked) : "?";
  g_autofree char *message = NULL;

  if (target != NULL && g_uri_get_host (target) != NULL)
    message = g_strdup_printf (_("%s answered with a redirection to %s. Chorus Desk never follows a "
                                 "redirection, so nothing was sent there. Check the environment's "
                                 "address, or ask the network administrator whether a proxy "
                                 "stands in between."),
                               asked_host, g_uri_get_host (target));
  else
    message = g_strdup_printf (_("%s answered with a redirection. Chorus Desk never follows a "
                                 "redirection, so nothing was sent elsewhere. Check the "
                                 "environment's address, or ask the network administrator whether "
                                 "a proxy stands in between."),
                               asked_host);
  return chorus_client_error_new_full (CHORUS_CLIENT_ERROR_SERVER, 0, NULL, status, message);
}

static ChorusJsonFilterAction
extract_blob_key (const char *key,
                  guint       depth,
                  gpointer    blob_key)
{
  return depth == 1 && g_str_equal (key, blob_key) ? CHORUS_JSON_FILTER_EXTRACT : CHORUS_JSON_FILTER_KEEP;
}

static gboolean
has_exchange_func (ChorusClient *self)
{
  gboolean has;

  g_mutex_lock (&self->hook_lock);
  has = self->exchange_func != NULL;
  g_mutex_unlock (&self->hook_lock);
  return has;
}

static void
exchange_send_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;
  goffset length;
  guint status;

  exchange->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (exchange->stream == NULL)
    {
      exchange_transport_failed (task, error);
      return;
    }

  status = soup_message_get_status (exchange->message);
  if (status >= 300 && status < 400)
    {
      error = redirect_error (exchange, status);
      exchange_record (task, status, error->message);
      exchange_fail (task, error);
      return;
    }
  length = soup_message_headers_get_content_length (
      soup_message_get_response_headers (exchange->message));
  if (length > 0 && (guint64) length > exchange->policy.max_answer)
    {
      error = too_large_error (exchange, status);
      _chorus_client_error_set_outcome_unknown (error);
      exchange_record (task, status, error->message);
      exchange_fail (task, error);
      return;
    }

  exchange->buffer = g_byte_array_new ();
  if (has_exchange_func (exchange->client))
    exchange->journal = chorus_journal_body_filter_new ();
  if (exchange->blob_key != NULL && status >= 200 && status < 300)
    exchange->extractor = chorus_json_filter_new (extract_blob_key, (gpointer) exchange->blob_key,
                                                  MAX_EXTRACTED_REST, NULL);
  g_input_stream_read_bytes_async (exchange->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   exchange->attempt, exchange_read_cb, task);
}

static gboolean
deadline_reached (gpointer user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);

  exchange->deadline_hit = TRUE;
  g_cancellable_cancel (exchange->attempt);
  g_clear_pointer (&exchange->deadline_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_attempt (gpointer attempt)
{
  g_cancellable_cancel (attempt);
  return G_SOURCE_REMOVE;
}

/* The caller may cancel from any thread; the attempt is cancelled in the network thread. */
static void
forward_cancel (GCancellable *cancellable,
                Exchange     *exchange)
{
  g_main_context_invoke_full (exchange->client->net_context, G_PRIORITY_DEFAULT, cancel_attempt,
                              g_object_ref (exchange->attempt), g_object_unref);
}

/* The attempt's own cancellable: the caller's cancellation and the overall deadline (against
 * a server that sends a byte now and then, which the read timeout never catches) both end it. */
static void
attempt_begin (GTask    *task,
               Exchange *exchange)
{
  ChorusClient *self = exchange->client;
  GCancellable *cancellable = g_task_get_cancellable (task);

  exchange->attempt = g_cancellable_new ();
  if (cancellable != NULL)
    exchange->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), exchange, NULL);
  exchange->deadline_source = g_timeout_source_new (exchange->policy.long_deadline ? self->long_deadline_ms
                                                                                   : self->deadline_ms);
  g_source_set_callback (exchange->deadline_source, deadline_reached, task, NULL);
  g_source_attach (exchange->deadline_source, g_task_get_context (task));
  exchange->started = g_get_monotonic_time ();
  exchange->started_real = g_get_real_time ();
}

static void
exchange_send (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  ChorusClient *self = exchange->client;
  GError *error = NULL;

  exchange_clear_attempt (exchange);
  exchange->message = exchange->build (self, exchange->build_data, &exchange->request_body, &error);
  if (exchange->message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  soup_message_add_flags (exchange->message, SOUP_MESSAGE_NO_REDIRECT);
  /* Reads may use a kept-alive connection (libsoup then resends by itself when the server had
   * closed it); a write always gets a fresh one, as libsoup does for any POST by default. */
  if (exchange->policy.replayable)
    soup_message_add_flags (exchange->message, SOUP_MESSAGE_IDEMPOTENT);
  if (self->trust_any_cert)
    g_signal_connect (exchange->message, "accept-certificate",
                      G_CALLBACK (accept_loopback_certificate), NULL);

  attempt_begin (task, exchange);
  soup_session_send_async (self->session, exchange->message, G_PRIORITY_DEFAULT,
                           exchange->attempt, exchange_send_cb, task);
}

/* Sends the message @build makes (a new one per attempt) and reads the whole answer, within
 * the operation's size cap and deadline; replays what @policy allows. Any HTTP status but a
 * redirection is a success here. */
void
_chorus_client_exchange_async (ChorusClient           *self,
                               const char             *what,
                               const char             *method,
                               const ChorusCallPolicy *policy,
                               const char             *blob_key,
                               gboolean                sensitive,
                               BuildMessageFunc        build,
                               gpointer                build_data,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  /* No source object: the last reference on the client must never go in the network thread. */
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Exchange *exchange = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, _chorus_client_exchange_async);
  exchange->client = self;
  exchange->build = build;
  exchange->build_data = build_data;
  exchange->what = what;
  exchange->method = method;
  exchange->policy = *policy;
  exchange->blob_key = blob_key;
  exchange->sensitive = sensitive;
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  exchange_send (task);
}

Response *
_chorus_client_exchange_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
