/* chorus-client.c: transport of the Chorus Pro client: token, headers, retries, error mapping. */
#define G_LOG_DOMAIN "chorus-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "chorus-client-private.h"
#include "chorus-client-decode.h"
#include "chorus-json.h"

#define TOKEN_MARGIN_USEC      (240 * G_USEC_PER_SEC)   /* renew 240 s before expiry */
#define DEFAULT_TOKEN_LIFETIME 3600
#define MAX_BODY_BYTES         (256 * 1024 * 1024)       /* above the 120 MB download cap */
#define READ_CHUNK             (64 * 1024)

struct _ChorusClient
{
  GObject            parent_instance;

  ChorusEnvironment  environment;
  char              *token_url;
  char              *api_url;          /* ends with "/cpro/" */
  gboolean           trust_any_cert;   /* loopback simulator only */
  /* One session per main context: libsoup binds an idle connection to the context that
   * opened it, so a sync call (private context) must never pick up an async call's one. */
  GHashTable        *sessions;         /* GMainContext* (ref) -> SoupSession*, under lock */

  guint              timeout_s;
  guint              max_retries;
  guint              base_delay_ms;
  guint              max_delay_ms;
  guint              max_retry_after_ms;

  ChorusClientClock  clock;
  gpointer           clock_data;

  /* Guarded by lock: requests may run on worker threads. */
  GMutex             lock;
  char              *client_id;
  char              *client_secret;
  char              *account_header;   /* base64 of login:password */
  char              *access_token;
  gint64             token_expiry;     /* on self->clock */
  gboolean           token_pending;    /* a token request is on its way */
  GPtrArray         *token_waiters;    /* GTask*: calls waiting for that token */
};

G_DEFINE_FINAL_TYPE (ChorusClient, chorus_client, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ environments */

static const char *
production_or_sandbox (ChorusEnvironment env, const char *production, const char *sandbox)
{
  return env == CHORUS_ENVIRONMENT_PRODUCTION ? production : sandbox;
}

static char *
local_url (const char *base, const char *suffix)
{
  gsize len;

  if (base == NULL || *base == '\0')
    return NULL;
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    len--;
  return g_strdup_printf ("%.*s%s", (int) len, base, suffix);
}

char *
chorus_environment_token_url (ChorusEnvironment  env,
                              const char        *local_base_url)
{
  if (env == CHORUS_ENVIRONMENT_LOCAL)
    return local_url (local_base_url, "/api/oauth/token");
  return g_strdup (production_or_sandbox (env, "https://oauth.piste.gouv.fr/api/oauth/token",
                                          "https://sandbox-oauth.piste.gouv.fr/api/oauth/token"));
}

char *
chorus_environment_api_url (ChorusEnvironment  env,
                            const char        *local_base_url)
{
  if (env == CHORUS_ENVIRONMENT_LOCAL)
    return local_url (local_base_url, "/cpro/");
  return g_strdup (production_or_sandbox (env, "https://api.piste.gouv.fr/cpro/",
                                          "https://sandbox-api.piste.gouv.fr/cpro/"));
}

static gboolean
url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  return g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
         g_str_equal (host, "[::1]") || g_str_equal (host, "localhost");
}

/* ------------------------------------------------------------------ object */

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static gint64
now_usec (ChorusClient *self)
{
  return self->clock (self->clock_data);
}

static void
wipe_string (char **str)
{
  if (*str != NULL)
    {
      explicit_bzero (*str, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

static void
chorus_client_finalize (GObject *object)
{
  ChorusClient *self = CHORUS_CLIENT (object);

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  /* Waiters hold a reference on the client, so there are none left here. */
  g_clear_pointer (&self->token_waiters, g_ptr_array_unref);
  g_free (self->token_url);
  g_free (self->api_url);
  wipe_string (&self->client_id);
  wipe_string (&self->client_secret);
  wipe_string (&self->account_header);
  wipe_string (&self->access_token);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (chorus_client_parent_class)->finalize (object);
}

static void
chorus_client_class_init (ChorusClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_client_finalize;
}

static void
chorus_client_init (ChorusClient *self)
{
  g_mutex_init (&self->lock);
  self->sessions = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_main_context_unref,
                                          g_object_unref);
  self->token_waiters = g_ptr_array_new ();
  self->timeout_s = 30;
  self->max_retries = 3;
  self->base_delay_ms = 1000;
  self->max_delay_ms = 30000;
  self->max_retry_after_ms = 120000;
  self->clock = default_clock;
}

ChorusClient *
chorus_client_new (ChorusEnvironment  env,
                   const char        *local_base_url)
{
  ChorusClient *self;

  g_return_val_if_fail (env != CHORUS_ENVIRONMENT_LOCAL || local_base_url != NULL, NULL);

  self = g_object_new (CHORUS_TYPE_CLIENT, NULL);
  self->environment = env;
  self->token_url = chorus_environment_token_url (env, local_base_url);
  self->api_url = chorus_environment_api_url (env, local_base_url);
  self->trust_any_cert = env == CHORUS_ENVIRONMENT_LOCAL && url_is_loopback (local_base_url);
  return self;
}

ChorusEnvironment
chorus_client_get_environment (ChorusClient *self)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), CHORUS_ENVIRONMENT_QUALIFICATION);
  return self->environment;
}

void
chorus_client_set_credentials (ChorusClient *self,
                               const char   *client_id,
                               const char   *client_secret,
                               const char   *tech_login,
                               const char   *tech_password)
{
  g_autofree char *pair = NULL;

  g_return_if_fail (CHORUS_IS_CLIENT (self));

  pair = g_strdup_printf ("%s:%s", tech_login ? tech_login : "",
                          tech_password ? tech_password : "");

  g_mutex_lock (&self->lock);
  wipe_string (&self->client_id);
  wipe_string (&self->client_secret);
  wipe_string (&self->account_header);
  wipe_string (&self->access_token);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  self->account_header = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_mutex_unlock (&self->lock);

  explicit_bzero (pair, strlen (pair));
}

void
chorus_client_set_timeout (ChorusClient *self,
                           guint         seconds)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout_s = seconds;
}

guint
chorus_client_get_timeout (ChorusClient *self)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), 0);
  return self->timeout_s;
}

void
chorus_client_set_retry_policy (ChorusClient *self,
                                guint         max_retries,
                                guint         base_delay_ms,
                                guint         max_delay_ms,
                                guint         max_retry_after_ms)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));

  self->max_retries = max_retries;
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = MAX (max_delay_ms, base_delay_ms);
  self->max_retry_after_ms = max_retry_after_ms;
}

void
chorus_client_set_clock (ChorusClient      *self,
                         ChorusClientClock  clock,
                         gpointer           user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));

  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
}

void
chorus_client_forget_token (ChorusClient *self)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));

  g_mutex_lock (&self->lock);
  wipe_string (&self->access_token);
  g_mutex_unlock (&self->lock);
}

/* ------------------------------------------------------------------ pure helpers */

guint
_chorus_client_backoff_delay_ms (guint  retry,
                                 guint  base_delay_ms,
                                 guint  max_delay_ms,
                                 gint64 retry_after_ms)
{
  guint64 delay = base_delay_ms;

  for (guint i = 0; i < retry && delay < max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) max_delay_ms);
  if (retry_after_ms >= 0 && (guint64) retry_after_ms > delay)
    delay = (guint64) retry_after_ms;
  return (guint) MIN (delay, (guint64) G_MAXUINT);
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

char *
_chorus_client_parse_www_authenticate (const char *value)
{
  const char *start, *end;
  GString *out;

  if (value == NULL || (start = strstr (value, "error_description=")) == NULL)
    return NULL;
  start += strlen ("error_description=");
  if (*start == '"')
    {
      start++;
      end = strchr (start, '"');
    }
  else
    end = strchr (start, ',');
  if (end == NULL)
    end = start + strlen (start);

  out = g_string_new (NULL);
  for (const char *p = start; p < end && out->len < 200; p++)
    if (!g_ascii_iscntrl (*p))
      g_string_append_c (out, *p);
  if (out->len == 0 || !g_utf8_validate (out->str, -1, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
_chorus_client_api_message (int         code,
                            const char *libelle)
{
  const char *known = NULL;

  switch (code)
    {
    case 20000:
    case 20007:
      known = _("The search returned no result.");
      break;
    default:
      break;
    }
  if (known != NULL)
    return g_strdup (known);
  if (libelle != NULL && *libelle != '\0')
    return g_strdup_printf (_("Chorus Pro refused the request: %s (code %d)."), libelle, code);
  return g_strdup_printf (_("Chorus Pro refused the request (code %d)."), code);
}

gboolean
_chorus_client_check_code_retour (JsonObject  *response,
                                  guint        http_status,
                                  GError     **error)
{
  gint64 code = 0;
  g_autofree char *libelle = NULL;
  g_autofree char *message = NULL;

  if (!chorus_json_get_int (response, "codeRetour", &code, error) ||
      !chorus_json_get_string (response, "libelle", &libelle, error))
    return FALSE;
  if (code == 0)
    return TRUE;

  message = _chorus_client_api_message ((int) code, libelle);
  g_propagate_error (error, chorus_client_error_new_full (CHORUS_CLIENT_ERROR_API, (int) code,
                                                          libelle, http_status, message));
  return FALSE;
}

/* An OAuth error body: {"error": "invalid_client", "error_description": "..."}. */
static char *
oauth_error_code (GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  char *code = NULL;
  gsize size = 0;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  if (size == 0 || size > 64 * 1024)
    return NULL;
  object = chorus_json_parse_object (data, (gssize) size, NULL);
  if (object == NULL || !chorus_json_get_string (object, "error", &code, NULL))
    return NULL;
  return code;
}

GError *
_chorus_client_error_from_http (guint               status,
                                SoupMessageHeaders *headers,
                                GBytes             *body,
                                gboolean            token_request)
{
  g_autofree char *oauth_error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;

  if (token_request && (status == 400 || status == 401))
    {
      oauth_error = oauth_error_code (body);
      if (status == 401 || g_strcmp0 (oauth_error, "invalid_client") == 0 ||
          g_strcmp0 (oauth_error, "unauthorized_client") == 0)
        return chorus_client_error_new_full (
            CHORUS_CLIENT_ERROR_BAD_CLIENT, 0, oauth_error, status,
            _("PISTE refused the application identifiers (client ID or client secret). "
              "Check them in the preferences, and that they belong to this environment."));
    }

  switch (status)
    {
    case 401:
      detail = headers != NULL
               ? _chorus_client_parse_www_authenticate (
                   soup_message_headers_get_one (headers, "WWW-Authenticate"))
               : NULL;
      if (detail != NULL)
        message = g_strdup_printf (_("Chorus Pro refused the technical account (%s). "
                                     "Check its login and password in the preferences; "
                                     "the password may have expired."), detail);
      else
        message = g_strdup (_("Chorus Pro refused the technical account. "
                              "Check its login and password in the preferences; "
                              "the password may have expired."));
      return chorus_client_error_new_full (CHORUS_CLIENT_ERROR_BAD_ACCOUNT, 0, detail, status,
                                           message);
    case 403:
      return chorus_client_error_new_full (
          CHORUS_CLIENT_ERROR_FORBIDDEN, 0, NULL, status,
          _("PISTE refused access to the Chorus Pro API. Check that the application "
            "subscribes to the Factures, Structures, Utilisateurs and Transverses APIs for "
            "this environment, and that the technical account is attached to the structure."));
    case 413:
      return chorus_client_error_new_full (
          CHORUS_CLIENT_ERROR_TOO_LARGE, 0, NULL, status,
          _("The requested file is too large for Chorus Pro (over 120 MB). "
            "Download fewer invoices at a time."));
    case 429:
      return chorus_client_error_new_full (
          CHORUS_CLIENT_ERROR_RATE_LIMITED, 0, NULL, status,
          _("Chorus Pro is receiving too many requests. Try again in a few minutes."));
    default:
      break;
    }

  if (status >= 500)
    message = g_strdup_printf (_("Chorus Pro is not working properly right now (HTTP error %u). "
                                 "Try again later."), status);
  else
    message = g_strdup_printf (_("Chorus Pro gave an unexpected answer (HTTP error %u)."),
                               status);
  return chorus_client_error_new_full (CHORUS_CLIENT_ERROR_SERVER, 0, NULL, status, message);
}

static GError *
error_from_transport (const GError *error,
                      guint         timeout_s)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Chorus Pro did not answer within %u second.",
                                     "Chorus Pro did not answer within %u seconds.", timeout_s),
                        timeout_s);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                        _("The secure connection to Chorus Pro failed: %s"), error->message);
  return g_error_new (CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                      _("Chorus Pro cannot be reached. Check the network connection. (%s)"),
                      error->message);
}

/* ------------------------------------------------------------ one HTTP exchange with retries */

typedef SoupMessage *(*BuildMessageFunc) (ChorusClient *self, gpointer data, GError **error);

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

typedef struct {
  BuildMessageFunc  build;
  gpointer          build_data;
  const char       *what;         /* for debug output: a path, never a URL with secrets */
  gboolean          idempotent;
  guint             retry;
  SoupMessage      *message;
  GInputStream     *stream;
  GByteArray       *buffer;
  GSource          *wait_source;
  GSource          *cancel_source;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->message);
  g_clear_object (&exchange->stream);
  g_clear_pointer (&exchange->buffer, g_byte_array_unref);
  if (exchange->wait_source != NULL)
    g_source_destroy (exchange->wait_source);
  g_clear_pointer (&exchange->wait_source, g_source_unref);
  if (exchange->cancel_source != NULL)
    g_source_destroy (exchange->cancel_source);
  g_clear_pointer (&exchange->cancel_source, g_source_unref);
  g_free (exchange);
}

static void exchange_send (GTask *task);

/* The session of @context, made on first use in the thread that runs @context. */
static SoupSession *
get_session (ChorusClient *self,
             GMainContext *context)
{
  SoupSession *session;

  if (context == NULL)
    context = g_main_context_default ();

  g_mutex_lock (&self->lock);
  session = g_hash_table_lookup (self->sessions, context);
  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", self->timeout_s,
                                               "user-agent", "ChorusDesk/" PACKAGE_VERSION,
                                               NULL);
      g_hash_table_insert (self->sessions, g_main_context_ref (context), session);
    }
  g_mutex_unlock (&self->lock);
  return session;
}

static gboolean
accept_loopback_certificate (SoupMessage          *message,
                             GTlsCertificate      *certificate,
                             GTlsCertificateFlags  errors,
                             gpointer              user_data)
{
  return TRUE;
}

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

/* Schedules the next attempt after the backoff delay; FALSE when no attempt is left. */
static gboolean
exchange_schedule_retry (GTask  *task,
                         gint64  retry_after_ms)
{
  ChorusClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay;

  if (exchange->retry >= self->max_retries || retry_after_ms > (gint64) self->max_retry_after_ms)
    return FALSE;

  delay = _chorus_client_backoff_delay_ms (exchange->retry, self->base_delay_ms,
                                           self->max_delay_ms, retry_after_ms);
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

static void
exchange_transport_failed (GTask  *task,
                           GError *error)
{
  ChorusClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);

  g_debug ("%s: transport error %s/%d", exchange->what, g_quark_to_string (error->domain),
           error->code);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      error->domain != G_TLS_ERROR &&
      (exchange->idempotent || transport_error_before_send (error)) &&
      exchange_schedule_retry (task, -1))
    {
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error_from_transport (error, self->timeout_s));
  g_error_free (error);
  g_object_unref (task);
}

static void
exchange_complete (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  guint status = soup_message_get_status (exchange->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (exchange->message);
  Response *response;

  g_debug ("%s: HTTP %u, %u bytes", exchange->what, status, exchange->buffer->len);

  /* 429 and 502-504 come from the gateway, so the API never acted on the request;
   * other 5xx are only retried for requests that change nothing. */
  if (status == 429 || status == 502 || status == 503 || status == 504 ||
      (status >= 500 && status < 600 && exchange->idempotent))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      gint64 retry_after = _chorus_client_parse_retry_after (
          soup_message_headers_get_one (headers, "Retry-After"), now);

      g_clear_object (&exchange->stream);
      g_clear_pointer (&exchange->buffer, g_byte_array_unref);
      if (exchange_schedule_retry (task, retry_after))
        return;
      exchange->buffer = g_byte_array_new ();
    }

  response = g_new0 (Response, 1);
  response->status = status;
  response->headers = soup_message_headers_ref (headers);
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->buffer));
  g_task_return_pointer (task, response, (GDestroyNotify) response_free);
  g_object_unref (task);
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
  if (exchange->buffer->len + g_bytes_get_size (chunk) > MAX_BODY_BYTES)
    {
      g_task_return_error (task, chorus_client_error_new_full (
          CHORUS_CLIENT_ERROR_TOO_LARGE, 0, NULL, 0,
          _("The Chorus Pro answer is too large to be processed.")));
      g_object_unref (task);
      return;
    }
  g_byte_array_append (exchange->buffer, g_bytes_get_data (chunk, NULL),
                       (guint) g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (exchange->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), exchange_read_cb, task);
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

  exchange->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (exchange->stream == NULL)
    {
      exchange_transport_failed (task, error);
      return;
    }

  length = soup_message_headers_get_content_length (
      soup_message_get_response_headers (exchange->message));
  if (length > MAX_BODY_BYTES)
    {
      g_task_return_error (task, chorus_client_error_new_full (
          CHORUS_CLIENT_ERROR_TOO_LARGE, 0, NULL, soup_message_get_status (exchange->message),
          _("The Chorus Pro answer is too large to be processed.")));
      g_object_unref (task);
      return;
    }

  exchange->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (exchange->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), exchange_read_cb, task);
}

static void
exchange_send (GTask *task)
{
  ChorusClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&exchange->message);
  g_clear_object (&exchange->stream);
  g_clear_pointer (&exchange->buffer, g_byte_array_unref);

  exchange->message = exchange->build (self, exchange->build_data, &error);
  if (exchange->message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->trust_any_cert)
    g_signal_connect (exchange->message, "accept-certificate",
                      G_CALLBACK (accept_loopback_certificate), NULL);

  soup_session_send_async (get_session (self, g_task_get_context (task)), exchange->message,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), exchange_send_cb, task);
}

/* Sends the message @build makes (a new one per attempt) and reads the whole answer;
 * transient failures are retried. Any HTTP status is a success here. */
static void
exchange_async (ChorusClient        *self,
                const char          *what,
                gboolean             idempotent,
                BuildMessageFunc     build,
                gpointer             build_data,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *exchange = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, exchange_async);
  exchange->build = build;
  exchange->build_data = build_data;
  exchange->what = what;
  exchange->idempotent = idempotent;
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  exchange_send (task);
}

static Response *
exchange_finish (ChorusClient  *self,
                 GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ token and API calls */

typedef struct {
  char       *path;
  char       *url;
  const char *method;
  GBytes     *body;          /* JSON; NULL for GET */
  gboolean    idempotent;
  gboolean    token_renewed; /* the one retry after a 401 was used */
  char       *token;         /* the token the last attempt carried */
} Call;

static void
call_free (Call *call)
{
  g_free (call->path);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  wipe_string (&call->token);
  g_free (call);
}

static void call_start (GTask *task);

/* The cached token when still valid for TOKEN_MARGIN_USEC, else NULL. */
static char *
dup_fresh_token (ChorusClient *self)
{
  char *token = NULL;

  g_mutex_lock (&self->lock);
  if (self->access_token != NULL && now_usec (self) + TOKEN_MARGIN_USEC < self->token_expiry)
    token = g_strdup (self->access_token);
  g_mutex_unlock (&self->lock);
  return token;
}

static SoupMessage *
build_token_message (ChorusClient  *self,
                     gpointer       data,
                     GError       **error)
{
  SoupMessage *message;
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;

  g_mutex_lock (&self->lock);
  if (self->client_id == NULL || *self->client_id == '\0' ||
      self->client_secret == NULL || *self->client_secret == '\0')
    {
      g_mutex_unlock (&self->lock);
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT,
                           _("The PISTE client ID and client secret are not set. "
                             "Enter them in the preferences."));
      return NULL;
    }
  form = soup_form_encode ("grant_type", "client_credentials",
                           "client_id", self->client_id,
                           "client_secret", self->client_secret,
                           "scope", "openid",
                           NULL);
  g_mutex_unlock (&self->lock);

  message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (message == NULL)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                           _("The Chorus Pro address is not valid."));
      explicit_bzero (form, strlen (form));
      return NULL;
    }
  body = g_bytes_new_take (g_steal_pointer (&form), strlen (form));
  soup_message_headers_append (soup_message_get_request_headers (message), "Accept",
                               "application/json");
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  return message;
}

/* Reads the token answer and caches the token. */
static gboolean
store_token (ChorusClient  *self,
             Response      *response,
             char         **token_out,
             GError       **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *token = NULL;
  gint64 expires_in = 0;
  gsize size = 0;
  const char *data;

  if (response->status != 200)
    {
      g_propagate_error (error, _chorus_client_error_from_http (response->status,
                                                                response->headers,
                                                                response->body, TRUE));
      return FALSE;
    }
  data = g_bytes_get_data (response->body, &size);
  object = chorus_json_parse_object (data, (gssize) size, error);
  if (object == NULL || (token = chorus_decode_token (object, &expires_in, error)) == NULL)
    return FALSE;
  if (expires_in <= 0)
    expires_in = DEFAULT_TOKEN_LIFETIME;

  g_mutex_lock (&self->lock);
  wipe_string (&self->access_token);
  self->access_token = g_strdup (token);
  self->token_expiry = now_usec (self) + MIN (expires_in, (gint64) 7 * 24 * 3600) * G_USEC_PER_SEC;
  g_mutex_unlock (&self->lock);

  g_debug ("token obtained, valid %" G_GINT64_FORMAT " s", expires_in);
  *token_out = g_steal_pointer (&token);
  return TRUE;
}

static SoupMessage *
build_api_message (ChorusClient  *self,
                   gpointer       data,
                   GError       **error)
{
  Call *call = data;
  SoupMessage *message;
  SoupMessageHeaders *headers;
  g_autofree char *bearer = NULL;

  message = soup_message_new (call->method, call->url);
  if (message == NULL)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                           _("The Chorus Pro address is not valid."));
      return NULL;
    }
  headers = soup_message_get_request_headers (message);
  bearer = g_strconcat ("Bearer ", call->token, NULL);
  soup_message_headers_replace (headers, "Authorization", bearer);
  explicit_bzero (bearer, strlen (bearer));

  g_mutex_lock (&self->lock);
  if (self->account_header != NULL)
    soup_message_headers_replace (headers, "cpro-account", self->account_header);
  g_mutex_unlock (&self->lock);

  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_headers_append (headers, "Accept-Charset", "utf-8");
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json;charset=utf-8",
                                              call->body);
  return message;
}

static void
api_exchange_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChorusClient *self = CHORUS_CLIENT (source);
  Call *call = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonObject) object = NULL;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  response = exchange_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status == 401 && !call->token_renewed)
    {
      /* An expired or revoked token: drop it (unless another call already replaced it)
       * and try once more with a new one. A second 401 is the technical account. */
      call->token_renewed = TRUE;
      g_mutex_lock (&self->lock);
      if (g_strcmp0 (self->access_token, call->token) == 0)
        wipe_string (&self->access_token);
      g_mutex_unlock (&self->lock);
      call_start (g_steal_pointer (&task));
      return;
    }

  data = g_bytes_get_data (response->body, &size);
  if (response->status == 400 && size > 0)
    {
      /* Functional errors may come as HTTP 400 with {codeRetour, libelle}. */
      object = chorus_json_parse_object (data, (gssize) size, NULL);
      if (object != NULL && !_chorus_client_check_code_retour (object, 400, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_pointer (&object, json_object_unref);
    }
  if (response->status < 200 || response->status >= 300)
    {
      g_task_return_error (task, _chorus_client_error_from_http (response->status,
                                                                 response->headers,
                                                                 response->body, FALSE));
      return;
    }

  object = chorus_json_parse_object (data, (gssize) size, &error);
  if (object == NULL || !_chorus_client_check_code_retour (object, response->status, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&object), (GDestroyNotify) json_object_unref);
}

static void
send_api_request (GTask *task)
{
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  exchange_async (self, call->path, call->idempotent, build_api_message, call,
                  g_task_get_cancellable (task), api_exchange_cb, task);
}

/* A call that waited for another call's token request, resumed in its own context. */
typedef struct {
  GTask  *task;
  char   *token;
  GError *error;
} TokenWaiter;

static void
token_waiter_free (TokenWaiter *waiter)
{
  g_clear_object (&waiter->task);
  wipe_string (&waiter->token);
  g_clear_error (&waiter->error);
  g_free (waiter);
}

/* Carries on with @task now that a token (or an error) is there. Takes the task. */
static void
call_token_ready (GTask        *task,
                  const char   *token,
                  const GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (error != NULL)
    {
      /* The call that fetched was cancelled, not this one: fetch for ourselves. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          call_start (task);
          return;
        }
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
      return;
    }
  if (call->url == NULL)
    {
      /* check_token: the token is all we wanted. */
      g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
      g_object_unref (task);
      return;
    }
  wipe_string (&call->token);
  call->token = g_strdup (token);
  send_api_request (task);
}

static gboolean
resume_token_waiter (gpointer user_data)
{
  TokenWaiter *waiter = user_data;

  call_token_ready (g_steal_pointer (&waiter->task), waiter->token, waiter->error);
  return G_SOURCE_REMOVE;
}

static void
token_exchange_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  ChorusClient *self = CHORUS_CLIENT (source);
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  response = exchange_finish (self, result, &error);
  if (response != NULL)
    store_token (self, response, &token, &error);

  g_mutex_lock (&self->lock);
  self->token_pending = FALSE;
  waiters = g_steal_pointer (&self->token_waiters);
  self->token_waiters = g_ptr_array_new ();
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < waiters->len; i++)
    {
      TokenWaiter *waiter = g_new0 (TokenWaiter, 1);
      GTask *waiting = g_ptr_array_index (waiters, i);

      waiter->task = waiting;
      waiter->token = g_strdup (token);
      waiter->error = error != NULL ? g_error_copy (error) : NULL;
      g_main_context_invoke_full (g_task_get_context (waiting), G_PRIORITY_DEFAULT,
                                  resume_token_waiter, waiter,
                                  (GDestroyNotify) token_waiter_free);
    }
  call_token_ready (task, token, error);
  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

/* Takes the task's reference. */
static void
call_start (GTask *task)
{
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gboolean fetch;

  wipe_string (&call->token);
  call->token = dup_fresh_token (self);
  if (call->token != NULL && call->url != NULL)
    {
      send_api_request (task);
      return;
    }

  /* One token request at a time: concurrent calls wait for it instead of asking too. */
  g_mutex_lock (&self->lock);
  fetch = !self->token_pending;
  if (fetch)
    self->token_pending = TRUE;
  else
    g_ptr_array_add (self->token_waiters, task);
  g_mutex_unlock (&self->lock);
  if (!fetch)
    return;

  exchange_async (self, "oauth/token", TRUE, build_token_message, NULL,
                  g_task_get_cancellable (task), token_exchange_cb, task);
}

/* Writes are not replayed after a server error: they may have been applied. */
static gboolean
path_is_idempotent (const char *path)
{
  static const char *const writes[] = {
    "soumettre", "deposer/", "traiter", "completer", "recycler", "ajouter/", "corriger/",
    "demander/", "refuser", "suspendre/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (writes); i++)
    if (strstr (path, writes[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* @path NULL only fetches a token. */
static void
call_async_internal (ChorusClient        *self,
                     const char          *method,
                     const char          *path,
                     JsonObject          *body,
                     gboolean             force_new_token,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->method = method;
  if (path != NULL)
    {
      while (*path == '/')
        path++;
      call->path = g_strdup (path);
      call->url = g_strconcat (self->api_url, path, NULL);
      call->idempotent = path_is_idempotent (path);
    }
  if (path != NULL && g_strcmp0 (method, SOUP_METHOD_POST) == 0)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      gsize length = 0;
      char *text;

      json_node_set_object (node, body != NULL ? body : json_object_new ());
      if (body == NULL)
        json_object_unref (json_node_get_object (node));
      text = json_to_string (node, FALSE);
      length = strlen (text);
      call->body = g_bytes_new_take (text, length);
    }
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  if (force_new_token)
    chorus_client_forget_token (self);
  call_start (task);
}

void
chorus_client_call_async (ChorusClient        *self,
                          const char          *path,
                          JsonObject          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call_async_internal (self, SOUP_METHOD_POST, path, body, FALSE, chorus_client_call_async,
                       cancellable, callback, user_data);
}

JsonObject *
chorus_client_call_finish (ChorusClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_chorus_client_sync_callback (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  ChorusSyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Each thread keeps one context for its sync calls, so their connections are reused. */
static GPrivate sync_context_key = G_PRIVATE_INIT ((GDestroyNotify) g_main_context_unref);

GMainContext *
_chorus_client_sync_begin (void)
{
  GMainContext *context = g_private_get (&sync_context_key);

  if (context == NULL)
    {
      context = g_main_context_new ();
      g_private_set (&sync_context_key, context);
    }
  g_main_context_push_thread_default (context);
  return g_main_context_ref (context);
}

GAsyncResult *
_chorus_client_sync_wait (GMainContext   *context,
                          ChorusSyncWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return wait->result;
}

JsonObject *
chorus_client_call_sync (ChorusClient  *self,
                         const char    *path,
                         JsonObject    *body,
                         GCancellable  *cancellable,
                         GError       **error)
{
  ChorusSyncWait wait = { NULL };
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  context = _chorus_client_sync_begin ();
  chorus_client_call_async (self, path, body, cancellable, _chorus_client_sync_callback, &wait);
  result = _chorus_client_sync_wait (context, &wait);
  return chorus_client_call_finish (self, result, error);
}

/* ------------------------------------------------------------------ token and health checks */

void
chorus_client_check_token_async (ChorusClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call_async_internal (self, SOUP_METHOD_POST, NULL, NULL, TRUE,
                       chorus_client_check_token_async, cancellable, callback, user_data);
}

static gboolean
finish_boolean (ChorusClient  *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  object = g_task_propagate_pointer (G_TASK (result), error);
  return object != NULL;
}

gboolean
chorus_client_check_token_finish (ChorusClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_boolean (self, result, chorus_client_check_token_async, error);
}

gboolean
chorus_client_check_token_sync (ChorusClient  *self,
                                GCancellable  *cancellable,
                                GError       **error)
{
  ChorusSyncWait wait = { NULL };
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), FALSE);

  context = _chorus_client_sync_begin ();
  chorus_client_check_token_async (self, cancellable, _chorus_client_sync_callback, &wait);
  result = _chorus_client_sync_wait (context, &wait);
  return chorus_client_check_token_finish (self, result, error);
}

void
chorus_client_health_check_async (ChorusClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call_async_internal (self, SOUP_METHOD_GET, "transverses/v1/health-check", NULL, FALSE,
                       chorus_client_health_check_async, cancellable, callback, user_data);
}

gboolean
chorus_client_health_check_finish (ChorusClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_boolean (self, result, chorus_client_health_check_async, error);
}

gboolean
chorus_client_health_check_sync (ChorusClient  *self,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  ChorusSyncWait wait = { NULL };
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), FALSE);

  context = _chorus_client_sync_begin ();
  chorus_client_health_check_async (self, cancellable, _chorus_client_sync_callback, &wait);
  result = _chorus_client_sync_wait (context, &wait);
  return chorus_client_health_check_finish (self, result, error);
}
