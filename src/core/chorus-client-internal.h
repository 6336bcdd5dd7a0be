/* chorus-client-internal.h: the client object's fields and what its own files (chorus-client.c,
 * -exchange.c, -call.c, -error.c) share; nothing outside the client includes it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "chorus-client-private.h"

G_BEGIN_DECLS

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

/* Secrets ------------------------------------------------------------------------------------------ */

/* Overwrites and frees *@str. */
void         _chorus_client_wipe_string           (char        **str);
/* Bytes that are overwritten when freed (and shown to the wipe hook of the tests). Takes @data. */
GBytes      *_chorus_client_secret_bytes_new_take (gpointer      data,
                                                   gsize         size);
const char  *_chorus_client_secret_text           (SecretValue  *value);

/* One HTTP exchange (chorus-client-exchange.c) ----------------------------------------------------- */

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

void         _chorus_client_response_free         (Response     *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, _chorus_client_response_free)

/* Sends the message @build makes (a new one per attempt) and reads the whole answer, within the
 * operation's size cap and deadline; replays what @policy allows. Any HTTP status but a
 * redirection is a success here. Runs in the network thread; @what names the operation in the
 * debug output and the journal; @sensitive answers (the token) are wiped when freed. */
void         _chorus_client_exchange_async        (ChorusClient           *self,
                                                   const char             *what,
                                                   const char             *method,
                                                   const ChorusCallPolicy *policy,
                                                   const char             *blob_key,
                                                   gboolean                sensitive,
                                                   BuildMessageFunc        build,
                                                   gpointer                build_data,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
Response    *_chorus_client_exchange_finish       (GAsyncResult           *result,
                                                   GError                **error);

/* The error of a transport failure (timeout, TLS, unreachable), in the user's words. */
GError      *_chorus_client_error_from_transport  (const GError           *error,
                                                   guint                   timeout_s);

G_END_DECLS
