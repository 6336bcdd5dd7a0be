/* chorus-client.c: transport of the Chorus Pro client: token, headers, retries, limits, error mapping, journal hook. */
#define G_LOG_DOMAIN "chorus-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "chorus-client-private.h"
#include "chorus-client-decode.h"
#include "chorus-journal.h"
#include "chorus-json.h"

#define TOKEN_MARGIN_USEC      (240 * G_USEC_PER_SEC)   /* renew 240 s before expiry */
#define DEFAULT_TOKEN_LIFETIME 3600
#define READ_CHUNK             (64 * 1024)
#define MAX_EXTRACTED_REST     (1024 * 1024)            /* a download answer without its file */
/* One request, from sending to the last byte of the answer (the timeout is per read/write). */
#define DEFAULT_DEADLINE_MS      (90 * 1000)
#define DEFAULT_LONG_DEADLINE_MS (15 * 60 * 1000)         /* 160 MB of base64 on a slow line */
/* A developer may point the "local" environment at another machine; never by accident. */
#define ALLOW_REMOTE_LOCAL_ENV "CHORUS_DESK_ALLOW_REMOTE_LOCAL"

struct _ChorusClient
{
  GObject            parent_instance;

  ChorusEnvironment  environment;
  char              *token_url;
  char              *api_url;          /* ends with "/cpro/" */
  gboolean           trust_any_cert;   /* loopback simulator only */
  char              *refused_url;      /* a "local" URL that is not on this computer */
  /* All HTTP runs in one network thread, on one session: its connections are reused by every
   * caller and their number stays bounded, whatever thread calls. Callers get their results
   * in their own thread-default context. */
  GThread           *net_thread;
  GMainContext      *net_context;
  GMainLoop         *net_loop;
  SoupSession       *session;          /* made and used in the network thread only */
  GCond              net_cond;
  gboolean           net_ready;

  guint              timeout_s;
  guint              max_retries;
  guint              base_delay_ms;
  guint              max_delay_ms;
  guint              max_retry_after_ms;
  guint              deadline_ms;
  guint              long_deadline_ms;

  ChorusClientClock  clock;
  gpointer           clock_data;

  /* Guarded by lock: requests may run on worker threads. */
  GMutex             lock;
  char              *client_id;
  SecretValue       *client_secret;    /* secrets in libsecret's non-pageable memory */
  SecretValue       *account_header;   /* base64 of login:password */
  SecretValue       *tech_password;    /* kept only to keep it out of the journal */
  char              *access_token;
  gint64             token_expiry;     /* on self->clock */
  gboolean           token_pending;    /* a token request is on its way */
  GPtrArray         *token_waiters;    /* GTask*: calls waiting for that token */

  /* Held while the exchange function runs, so that replacing it waits for a call in progress. */
  GMutex             hook_lock;
  ChorusClientExchangeFunc exchange_func;
  gpointer           exchange_data;
  GDestroyNotify     exchange_destroy;
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
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
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

static ChorusClientWipeHook wipe_hook;

void
_chorus_client_set_wipe_hook (ChorusClientWipeHook hook)
{
  wipe_hook = hook;
}

/* Free function of buffers that held a secret (the token form, the token answer). */
static void
wipe_and_free (gpointer data,
               gsize    size)
{
  explicit_bzero (data, size);
  if (wipe_hook != NULL)
    wipe_hook (data, size);
  g_free (data);
}

typedef struct {
  gpointer data;
  gsize    size;
} WipeBlock;

static void
wipe_block_free (gpointer user_data)
{
  WipeBlock *block = user_data;

  wipe_and_free (block->data, block->size);
  g_free (block);
}

/* Takes @data. */
static GBytes *
secret_bytes_new_take (gpointer data,
                       gsize    size)
{
  WipeBlock *block = g_new (WipeBlock, 1);

  block->data = data;
  block->size = size;
  return g_bytes_new_with_free_func (data, size, wipe_block_free, block);
}

static const char *
secret_text (SecretValue *value)
{
  return value != NULL ? secret_value_get_text (value) : NULL;
}

static gboolean
quit_network (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
chorus_client_finalize (GObject *object)
{
  ChorusClient *self = CHORUS_CLIENT (object);
  GSource *idle = g_idle_source_new ();

  /* Every call holds a reference: nothing runs in the network thread any more. */
  g_warn_if_fail (g_thread_self () != self->net_thread);
  g_source_set_callback (idle, quit_network, self->net_loop, NULL);
  g_source_attach (idle, self->net_context);
  g_source_unref (idle);
  g_thread_join (self->net_thread);
  g_clear_pointer (&self->net_loop, g_main_loop_unref);
  g_clear_pointer (&self->net_context, g_main_context_unref);
  g_cond_clear (&self->net_cond);

  if (self->exchange_destroy != NULL)
    self->exchange_destroy (self->exchange_data);
  /* Waiters hold a reference on the client, so there are none left here. */
  g_clear_pointer (&self->token_waiters, g_ptr_array_unref);
  g_free (self->token_url);
  g_free (self->api_url);
  g_free (self->refused_url);
  wipe_string (&self->client_id);
  g_clear_pointer (&self->client_secret, secret_value_unref);
  g_clear_pointer (&self->account_header, secret_value_unref);
  g_clear_pointer (&self->tech_password, secret_value_unref);
  wipe_string (&self->access_token);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->hook_lock);

  G_OBJECT_CLASS (chorus_client_parent_class)->finalize (object);
}

static void
chorus_client_class_init (ChorusClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_client_finalize;
}

static gpointer
network_thread (gpointer data)
{
  ChorusClient *self = data;

  g_main_context_push_thread_default (self->net_context);
  /* Redirections are refused per message (SOUP_MESSAGE_NO_REDIRECT). Up to 6 connections: 4
   * outbox senders, a pull and the interface's own calls. */
  self->session = soup_session_new_with_options ("timeout", self->timeout_s,
                                                 "user-agent", "ChorusDesk/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 6,
                                                 "max-conns", 12,
                                                 NULL);
  g_mutex_lock (&self->lock);
  self->net_ready = TRUE;
  g_cond_broadcast (&self->net_cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->net_loop);

  soup_session_abort (self->session);
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->net_context, FALSE))
    ;
  g_main_context_pop_thread_default (self->net_context);
  return NULL;
}

static void
chorus_client_init (ChorusClient *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->hook_lock);
  g_cond_init (&self->net_cond);
  self->token_waiters = g_ptr_array_new ();
  self->timeout_s = 30;
  self->max_retries = 3;
  self->base_delay_ms = 1000;
  self->max_delay_ms = 30000;
  self->max_retry_after_ms = 120000;
  self->deadline_ms = DEFAULT_DEADLINE_MS;
  self->long_deadline_ms = DEFAULT_LONG_DEADLINE_MS;
  self->clock = default_clock;

  self->net_context = g_main_context_new ();
  self->net_loop = g_main_loop_new (self->net_context, FALSE);
  self->net_thread = g_thread_new ("chorus-network", network_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->net_ready)
    g_cond_wait (&self->net_cond, &self->lock);
  g_mutex_unlock (&self->lock);
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
  if (env == CHORUS_ENVIRONMENT_LOCAL)
    {
      self->trust_any_cert = url_is_loopback (local_base_url);
      /* The profile's real secrets would go in clear to any host named in dconf. */
      if (!self->trust_any_cert && g_strcmp0 (g_getenv (ALLOW_REMOTE_LOCAL_ENV), "1") != 0)
        self->refused_url = g_strdup (local_base_url);
    }
  return self;
}

ChorusEnvironment
chorus_client_get_environment (ChorusClient *self)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), CHORUS_ENVIRONMENT_QUALIFICATION);
  return self->environment;
}

static SecretValue *
secret_new (const char *text)
{
  return text != NULL && *text != '\0' ? secret_value_new (text, -1, "text/plain") : NULL;
}

void
chorus_client_set_credentials (ChorusClient *self,
                               const char   *client_id,
                               const char   *client_secret,
                               const char   *tech_login,
                               const char   *tech_password)
{
  g_autofree char *pair = NULL;
  g_autofree char *header = NULL;

  g_return_if_fail (CHORUS_IS_CLIENT (self));

  pair = g_strdup_printf ("%s:%s", tech_login ? tech_login : "",
                          tech_password ? tech_password : "");
  header = g_base64_encode ((const guchar *) pair, strlen (pair));
  explicit_bzero (pair, strlen (pair));

  g_mutex_lock (&self->lock);
  wipe_string (&self->client_id);
  g_clear_pointer (&self->client_secret, secret_value_unref);
  g_clear_pointer (&self->account_header, secret_value_unref);
  g_clear_pointer (&self->tech_password, secret_value_unref);
  wipe_string (&self->access_token);
  self->client_id = g_strdup (client_id);
  self->client_secret = secret_new (client_secret);
  self->account_header = secret_new (header);
  self->tech_password = secret_new (tech_password);
  g_mutex_unlock (&self->lock);

  explicit_bzero (header, strlen (header));
}

static gboolean
apply_timeout (gpointer user_data)
{
  ChorusClient *self = user_data;

  g_object_set (self->session, "timeout", self->timeout_s, NULL);
  return G_SOURCE_REMOVE;
}

void
chorus_client_set_timeout (ChorusClient *self,
                           guint         seconds)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout_s = seconds;
  /* The session is the network thread's; calls made after this one are queued after it. No
   * reference: finalize queues the thread's end after this, and the last reference must never
   * be dropped in the network thread. */
  g_main_context_invoke_full (self->net_context, G_PRIORITY_DEFAULT, apply_timeout, self, NULL);
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
chorus_client_set_deadlines (ChorusClient *self,
                             guint         ordinary_ms,
                             guint         long_ms)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (ordinary_ms > 0 && long_ms > 0);

  self->deadline_ms = ordinary_ms;
  self->long_deadline_ms = long_ms;
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
chorus_client_set_exchange_func (ChorusClient             *self,
                                 ChorusClientExchangeFunc  func,
                                 gpointer                  user_data,
                                 GDestroyNotify            destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (CHORUS_IS_CLIENT (self));

  g_mutex_lock (&self->hook_lock);
  old_data = self->exchange_data;
  old_destroy = self->exchange_destroy;
  self->exchange_func = func;
  self->exchange_data = user_data;
  self->exchange_destroy = destroy;
  g_mutex_unlock (&self->hook_lock);
  if (old_destroy != NULL)
    old_destroy (old_data);
}

char *
_chorus_client_dup_access_token (ChorusClient *self)
{
  char *token;

  g_mutex_lock (&self->lock);
  token = g_strdup (self->access_token);
  g_mutex_unlock (&self->lock);
  return token;
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

/* Builds the message of one attempt; @body_out gets its request body (for the journal). */
typedef SoupMessage *(*BuildMessageFunc) (ChorusClient  *self,
                                          gpointer       data,
                                          GBytes       **body_out,
                                          GError       **error);

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GBytes             *blob;             /* a download's file, streamed out of the answer */
  gint64              retry_after_ms;   /* the Retry-After of the last answer, -1 if none */
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->blob, g_bytes_unref);
  g_free (response);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

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

/* ---- the journal hook ---- */

/* Copies of the secrets, to take them out of whatever the journal gets; wiped by secrets_free. */
static char **
secrets_dup (ChorusClient *self)
{
  GPtrArray *secrets = g_ptr_array_new ();

  g_mutex_lock (&self->lock);
  if (secret_text (self->client_secret) != NULL)
    g_ptr_array_add (secrets, g_strdup (secret_text (self->client_secret)));
  if (secret_text (self->account_header) != NULL)
    g_ptr_array_add (secrets, g_strdup (secret_text (self->account_header)));
  if (secret_text (self->tech_password) != NULL)
    g_ptr_array_add (secrets, g_strdup (secret_text (self->tech_password)));
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
    wipe_string (&secrets[i]);
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

/* ---- waiting between attempts ---- */

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
    mapped = error_from_transport (error, self->timeout_s);

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

      response->body = secret_bytes_new_take (g_byte_array_free (g_steal_pointer (&exchange->buffer), FALSE),
                                              length);
    }
  else
    response->body = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->buffer));
  g_task_return_pointer (task, response, (GDestroyNotify) response_free);
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
static void
exchange_async (ChorusClient           *self,
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

  g_task_set_source_tag (task, exchange_async);
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

static Response *
exchange_finish (GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ token and API calls */

typedef struct {
  char            *path;
  char            *url;
  const char      *method;
  GBytes          *body;          /* JSON; NULL for GET */
  ChorusCallPolicy policy;
  const char      *download_key;  /* answer member decoded as it arrives (static string) */
  GBytes          *download;      /* what it held */
  gboolean         token_renewed; /* the one retry after a 401 was used */
  char            *token;         /* the token the last attempt carried */
} Call;

static void
call_free (Call *call)
{
  g_free (call->path);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->download, g_bytes_unref);
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
                     GBytes       **body_out,
                     GError       **error)
{
  SoupMessage *message;
  char *form = NULL;
  GBytes *body;

  g_mutex_lock (&self->lock);
  if (self->client_id == NULL || *self->client_id == '\0' || self->client_secret == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT,
                           _("The PISTE client ID and client secret are not set. "
                             "Enter them in the preferences."));
      return NULL;
    }
  form = soup_form_encode ("grant_type", "client_credentials",
                           "client_id", self->client_id,
                           "client_secret", secret_text (self->client_secret),
                           "scope", "openid",
                           NULL);
  g_mutex_unlock (&self->lock);

  /* Wiped when libsoup and the journal are done with it. */
  body = secret_bytes_new_take (form, strlen (form));
  message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (message == NULL)
    {
      g_bytes_unref (body);
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                           _("The Chorus Pro address is not valid."));
      return NULL;
    }
  soup_message_headers_append (soup_message_get_request_headers (message), "Accept",
                               "application/json");
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  *body_out = body;
  return message;
}

/* Reads the token answer and caches the token; wipes the token's copy in the JSON tree. */
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
  JsonNode *member;

  if (response->status != 200)
    {
      g_propagate_error (error, _chorus_client_error_from_http (response->status,
                                                                response->headers,
                                                                response->body, TRUE));
      return FALSE;
    }
  data = g_bytes_get_data (response->body, &size);
  object = chorus_json_parse_object (data, (gssize) size, error);
  if (object == NULL)
    return FALSE;
  token = chorus_decode_token (object, &expires_in, error);
  /* The parsed answer keeps its own copy of the token: wipe it too. */
  member = json_object_get_member (object, "access_token");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      char *copy = (char *) json_node_get_string (member);

      explicit_bzero (copy, strlen (copy));
    }
  if (token == NULL)
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
                   GBytes       **body_out,
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
    soup_message_headers_replace (headers, "cpro-account", secret_text (self->account_header));
  g_mutex_unlock (&self->lock);

  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_headers_append (headers, "Accept-Charset", "utf-8");
  if (call->body != NULL)
    {
      soup_message_set_request_body_from_bytes (message, "application/json;charset=utf-8",
                                                call->body);
      *body_out = g_bytes_ref (call->body);
    }
  return message;
}

/* The error of a non-2xx answer, with the wait the server asked for when it gave one. */
static GError *
error_from_response (Response *response,
                     gboolean  token_request)
{
  GError *error = _chorus_client_error_from_http (response->status, response->headers,
                                                  response->body, token_request);

  if (response->retry_after_ms >= 0)
    chorus_client_error_set_retry_at (error, g_get_real_time () + response->retry_after_ms * 1000);
  /* A 502 or 504 is the gateway giving up on an API that may well have acted. */
  if (response->status >= 500)
    _chorus_client_error_set_outcome_unknown (error);
  return error;
}

/* Ends a call with @object or @error (taken), in the caller's context: the network thread
 * gives up its reference there, so the client is never finalized in the network thread. */
typedef struct {
  GTask      *task;
  JsonObject *object;
  GError     *error;
} CallOutcome;

static gboolean
deliver_outcome (gpointer user_data)
{
  CallOutcome *outcome = user_data;

  if (outcome->error != NULL)
    g_task_return_error (outcome->task, outcome->error);
  else
    g_task_return_pointer (outcome->task, outcome->object, (GDestroyNotify) json_object_unref);
  g_object_unref (outcome->task);
  g_free (outcome);
  return G_SOURCE_REMOVE;
}

/* Takes @task, @object and @error. */
static void
call_return (GTask      *task,
             JsonObject *object,
             GError     *error)
{
  CallOutcome *outcome = g_new0 (CallOutcome, 1);

  outcome->task = task;
  outcome->object = object;
  outcome->error = error;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, deliver_outcome, outcome, NULL);
}

/* The result of one API exchange: the answer object, or NULL with @error. */
static JsonObject *
api_answer (Call      *call,
            Response  *response,
            GError   **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *data;
  gsize size = 0;

  data = g_bytes_get_data (response->body, &size);
  if (response->status == 400 && size > 0)
    {
      /* Functional errors may come as HTTP 400 with {codeRetour, libelle}. */
      object = chorus_json_parse_object (data, (gssize) size, NULL);
      if (object != NULL && !_chorus_client_check_code_retour (object, 400, error))
        return NULL;
      g_clear_pointer (&object, json_object_unref);
    }
  if (response->status < 200 || response->status >= 300)
    {
      g_propagate_error (error, error_from_response (response, FALSE));
      return NULL;
    }
  object = chorus_json_parse_object (data, (gssize) size, error);
  /* The raw answer is no longer needed: free it before anything is decoded from the tree. */
  g_clear_pointer (&response->body, g_bytes_unref);
  if (object == NULL)
    {
      /* A 2xx came: the API acted, only its answer is unreadable. */
      if (error != NULL && *error != NULL)
        _chorus_client_error_set_outcome_unknown (*error);
      return NULL;
    }
  if (!_chorus_client_check_code_retour (object, response->status, error))
    return NULL;
  call->download = g_steal_pointer (&response->blob);
  return g_steal_pointer (&object);
}

static void
api_exchange_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  JsonObject *object;
  GError *error = NULL;

  response = exchange_finish (result, &error);
  if (response == NULL)
    {
      call_return (task, NULL, error);
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
      call_start (task);
      return;
    }
  object = api_answer (call, response, &error);
  call_return (task, object, error);
}

static void
send_api_request (GTask *task)
{
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  exchange_async (self, call->path, call->method, &call->policy, call->download_key, FALSE,
                  build_api_message, call, g_task_get_cancellable (task), api_exchange_cb, task);
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
      call_return (task, NULL, g_error_copy (error));
      return;
    }
  if (call->url == NULL)
    {
      /* check_token: the token is all we wanted. */
      call_return (task, json_object_new (), NULL);
      return;
    }
  wipe_string (&call->token);
  call->token = g_strdup (token);
  send_api_request (task);
}

static void
token_exchange_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  ChorusClient *self = g_task_get_source_object (G_TASK (user_data));
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  response = exchange_finish (result, &error);
  if (response != NULL && !store_token (self, response, &token, &error) &&
      response->retry_after_ms >= 0 && error->domain == CHORUS_CLIENT_ERROR)
    chorus_client_error_set_retry_at (error, g_get_real_time () + response->retry_after_ms * 1000);

  g_mutex_lock (&self->lock);
  self->token_pending = FALSE;
  waiters = g_steal_pointer (&self->token_waiters);
  self->token_waiters = g_ptr_array_new ();
  g_mutex_unlock (&self->lock);

  /* Everything runs in the network thread: the waiting calls simply go on. */
  for (guint i = 0; i < waiters->len; i++)
    call_token_ready (g_ptr_array_index (waiters, i), token, error);
  call_token_ready (task, token, error);
  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

/* The token request: replaying it changes nothing on the server. */
static const ChorusCallPolicy token_policy = {
  .kind = CHORUS_CALL_REFERENCE, .replayable = TRUE, .max_answer = 64 * 1024, .long_deadline = FALSE,
};

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

  exchange_async (self, "oauth/token", SOUP_METHOD_POST, &token_policy, NULL, TRUE,
                  build_token_message, NULL, g_task_get_cancellable (task), token_exchange_cb, task);
}

/* In the network thread; takes the task's reference. */
static gboolean
start_call (gpointer task)
{
  call_start (task);
  return G_SOURCE_REMOVE;
}

/* The JSON of @body with @key: the base64 of @upload as its first member, encoded straight into
 * the one buffer that is sent: a 100 MB file costs its 133 MB of base64 once, not three times. */
static GBytes *
body_with_upload (JsonObject *body,
                  const char *key,
                  GBytes     *upload)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *rest = NULL;
  gsize size = 0, rest_length, key_length = strlen (key), capacity;
  const guchar *data = g_bytes_get_data (upload, &size);
  char *buffer, *p;
  int state = 0, save = 0;

  json_node_set_object (node, body);
  rest = json_to_string (node, FALSE);
  rest_length = strlen (rest);
  /* {"key":"<base64>", then the rest without its "{"; base64 is 4/3 of the size, plus slack. */
  capacity = rest_length + key_length + (size / 3 + 2) * 4 + 16;
  buffer = p = g_malloc (capacity);
  *p++ = '{';
  *p++ = '"';
  memcpy (p, key, key_length);
  p += key_length;
  memcpy (p, "\":\"", 3);
  p += 3;
  p += g_base64_encode_step (data, size, FALSE, p, &state, &save);
  p += g_base64_encode_close (FALSE, p, &state, &save);
  *p++ = '"';
  if (rest_length > 2)
    *p++ = ',';
  memcpy (p, rest + 1, rest_length - 1);
  p += rest_length - 1;
  g_assert ((gsize) (p - buffer) <= capacity);
  return g_bytes_new_take (buffer, (gsize) (p - buffer));
}

static GError *
refused_url_error (ChorusClient *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->refused_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : self->refused_url;

  return g_error_new (CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                      _("The local environment points at %s, which is not this computer. Chorus Desk "
                        "sends a profile's secrets only to a simulator on this computer (127.0.0.1 or "
                        "localhost); a developer can allow another address by starting it with %s=1."),
                      host, ALLOW_REMOTE_LOCAL_ENV);
}

/* @path NULL only fetches a token. */
static void
call_async_internal (ChorusClient        *self,
                     const char          *method,
                     const char          *path,
                     JsonObject          *body,
                     const char          *upload_key,
                     GBytes              *upload,
                     const char          *download_key,
                     gboolean             force_new_token,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call->method = method;
  call->download_key = download_key;
  if (self->refused_url != NULL)
    {
      g_task_return_error (task, refused_url_error (self));
      g_object_unref (task);
      return;
    }
  if (path != NULL)
    {
      while (*path == '/')
        path++;
      call->path = g_strdup (path);
      call->url = g_strconcat (self->api_url, path, NULL);
      _chorus_client_call_policy (path, &call->policy);
    }
  if (path != NULL && g_strcmp0 (method, SOUP_METHOD_POST) == 0)
    {
      g_autoptr(JsonObject) empty = body == NULL ? json_object_new () : NULL;

      if (upload != NULL)
        call->body = body_with_upload (body != NULL ? body : empty, upload_key, upload);
      else
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          char *text;

          json_node_set_object (node, body != NULL ? body : empty);
          text = json_to_string (node, FALSE);
          call->body = g_bytes_new_take (text, strlen (text));
        }
    }
  if (force_new_token)
    chorus_client_forget_token (self);
  g_main_context_invoke_full (self->net_context, G_PRIORITY_DEFAULT, start_call, task, NULL);
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

  call_async_internal (self, SOUP_METHOD_POST, path, body, NULL, NULL, NULL, FALSE,
                       chorus_client_call_async, cancellable, callback, user_data);
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
_chorus_client_call_full_async (ChorusClient        *self,
                                const char          *path,
                                JsonObject          *body,
                                const char          *upload_key,
                                GBytes              *upload,
                                const char          *download_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail ((upload_key == NULL) == (upload == NULL));

  call_async_internal (self, SOUP_METHOD_POST, path, body, upload_key, upload, download_key, FALSE,
                       _chorus_client_call_full_async, cancellable, callback, user_data);
}

JsonObject *
_chorus_client_call_full_finish (ChorusClient  *self,
                                 GAsyncResult  *result,
                                 GBytes       **download,
                                 GError       **error)
{
  JsonObject *object;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  object = g_task_propagate_pointer (G_TASK (result), error);
  if (object != NULL && download != NULL)
    {
      Call *call = g_task_get_task_data (G_TASK (result));

      *download = g_steal_pointer (&call->download);
    }
  return object;
}

void
_chorus_client_sync_callback (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  ChorusSyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Each thread keeps one context for its sync calls (libsoup runs a message's I/O in the
 * context of the thread that sent it); the connections are the session's, shared. */
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
_chorus_client_call_full_sync (ChorusClient  *self,
                               const char    *path,
                               JsonObject    *body,
                               const char    *upload_key,
                               GBytes        *upload,
                               const char    *download_key,
                               GBytes       **download,
                               GCancellable  *cancellable,
                               GError       **error)
{
  ChorusSyncWait wait = { NULL };
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  context = _chorus_client_sync_begin ();
  _chorus_client_call_full_async (self, path, body, upload_key, upload, download_key, cancellable,
                                  _chorus_client_sync_callback, &wait);
  result = _chorus_client_sync_wait (context, &wait);
  return _chorus_client_call_full_finish (self, result, download, error);
}

JsonObject *
chorus_client_call_sync (ChorusClient  *self,
                         const char    *path,
                         JsonObject    *body,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return _chorus_client_call_full_sync (self, path, body, NULL, NULL, NULL, NULL, cancellable, error);
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

  call_async_internal (self, SOUP_METHOD_POST, NULL, NULL, NULL, NULL, NULL, TRUE,
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

  call_async_internal (self, SOUP_METHOD_GET, "transverses/v1/health-check", NULL, NULL, NULL, NULL,
                       FALSE, chorus_client_health_check_async, cancellable, callback, user_data);
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
