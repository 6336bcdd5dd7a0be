/* chorus-client.c: the Chorus Pro client object: environments, credentials, settings and its network
 * thread. SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the client works.
 * - Threads. Any thread may call. Every HTTP exchange runs in the client's one network thread, on
 *   one SoupSession: connections are shared by all callers and their number stays bounded. Results
 *   come back in the caller's thread-default main context (GTask), and the network thread never
 *   holds the last reference, so the client is never finalized there. The _sync operations run
 *   the same call on a private main context of the calling thread (ChorusBlockingCall).
 * - A call (chorus-client-call.c) first needs a PISTE token: one token request at a time, the
 *   other calls wait for it; then the API request goes with the token and the cpro-account
 *   header. A 401 renews the token and tries once more.
 * - Retries (chorus-client-exchange.c) follow the policy table by path, call_kinds in
 *   chorus-client-ops.c: reads are sent again after a 5xx, a timeout or a lost connection; writes
 *   only after a 429 or a connection that never opened, since they may have been applied (the
 *   outbox checks those). The wait doubles from base_delay_ms up to max_delay_ms, ±20 % at random,
 *   or is the server's Retry-After; a Retry-After beyond max_retry_after_ms fails at once, the error
 *   saying when to come back. Each kind of call has an answer cap and an overall deadline; a
 *   redirection is never followed.
 * - The journal hook: with an exchange function set (the API journal), every attempt, token
 *   requests included, is handed to it in the network thread, secrets removed.
 * Errors become CHORUS_CLIENT_ERROR in chorus-client-error.c; the typed operations are in
 * chorus-client-ops.c and their decoders in chorus-client-decode.c. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-internal.h"

/* One request, from sending to the last byte of the answer (the timeout is per read/write). */
#define DEFAULT_DEADLINE_MS      (90 * 1000)
#define DEFAULT_LONG_DEADLINE_MS (15 * 60 * 1000)         /* 160 MB of base64 on a slow line */

G_DEFINE_FINAL_TYPE (ChorusClient, chorus_client, G_TYPE_OBJECT)

/* ---------------------------------------------------------------------------------------------- */
/* Environments */

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

/* ---------------------------------------------------------------------------------------------- */
/* The object */

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

void
_chorus_client_wipe_string (char **str)
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
GBytes *
_chorus_client_secret_bytes_new_take (gpointer data,
                                      gsize    size)
{
  WipeBlock *block = g_new (WipeBlock, 1);

  block->data = data;
  block->size = size;
  return g_bytes_new_with_free_func (data, size, wipe_block_free, block);
}

const char *
_chorus_client_secret_text (SecretValue *value)
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
  _chorus_client_wipe_string (&self->client_id);
  g_clear_pointer (&self->client_secret, secret_value_unref);
  g_clear_pointer (&self->account_header, secret_value_unref);
  g_clear_pointer (&self->tech_password, secret_value_unref);
  _chorus_client_wipe_string (&self->access_token);
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
  _chorus_client_wipe_string (&self->client_id);
  g_clear_pointer (&self->client_secret, secret_value_unref);
  g_clear_pointer (&self->account_header, secret_value_unref);
  g_clear_pointer (&self->tech_password, secret_value_unref);
  _chorus_client_wipe_string (&self->access_token);
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
  _chorus_client_wipe_string (&self->access_token);
  g_mutex_unlock (&self->lock);
}
