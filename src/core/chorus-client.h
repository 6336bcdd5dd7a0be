/* chorus-client.h: the Chorus Pro API client (PISTE OAuth2 + cpro-account), async with retries. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "chorus-client-error.h"
#include "chorus-client-types.h"
#include "chorus-invoice.h"
#include "chorus-structure.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_ENVIRONMENT_QUALIFICATION,  /* PISTE sandbox + Chorus Pro qualification */
  CHORUS_ENVIRONMENT_PRODUCTION,
  CHORUS_ENVIRONMENT_LOCAL,          /* the simulator, at a base URL such as http://127.0.0.1:8080 */
} ChorusEnvironment;

/* Newly allocated (free with g_free); NULL for LOCAL without a base URL. */
char       *chorus_environment_token_url    (ChorusEnvironment  env,
                                             const char        *local_base_url);
/* The API root ending in "/cpro/"; newly allocated, NULL for LOCAL without a base URL. */
char       *chorus_environment_api_url      (ChorusEnvironment  env,
                                             const char        *local_base_url);

/* Microseconds on a monotonic clock; tests inject one to move time forward. */
typedef gint64 (*ChorusClientClock) (gpointer user_data);

#define CHORUS_TYPE_CLIENT (chorus_client_get_type ())
G_DECLARE_FINAL_TYPE (ChorusClient, chorus_client, CHORUS, CLIENT, GObject)

ChorusClient *chorus_client_new             (ChorusEnvironment  env,
                                             const char        *local_base_url);
ChorusEnvironment chorus_client_get_environment (ChorusClient  *self);
/* Any argument may be NULL. Changing them drops the cached token. Never logged. */
void        chorus_client_set_credentials   (ChorusClient      *self,
                                             const char        *client_id,
                                             const char        *client_secret,
                                             const char        *tech_login,
                                             const char        *tech_password);
/* Seconds of network silence before a request fails (default 30). Call before the first
 * request, from the thread that created the client. */
void        chorus_client_set_timeout       (ChorusClient      *self,
                                             guint              seconds);
guint       chorus_client_get_timeout       (ChorusClient      *self);
/* Retries on 429, 5xx, timeouts and network errors: at most @max_retries more attempts,
 * waiting base_delay_ms * 2^n capped at max_delay_ms, or the server's Retry-After when longer
 * (a Retry-After beyond max_retry_after_ms fails at once). Defaults 3, 1000, 30000, 120000. */
void        chorus_client_set_retry_policy  (ChorusClient      *self,
                                             guint              max_retries,
                                             guint              base_delay_ms,
                                             guint              max_delay_ms,
                                             guint              max_retry_after_ms);
void        chorus_client_set_clock         (ChorusClient      *self,
                                             ChorusClientClock  clock,
                                             gpointer           user_data);
/* Drops the cached token, so the next call fetches a new one. */
void        chorus_client_forget_token      (ChorusClient      *self);

/* Generic call. @path is relative to /cpro/, e.g. "factures/v1/rechercher/recipiendaire";
 * @body may be NULL (sent as {}). The result is the response object, codeRetour checked
 * (codeRetour != 0 is CHORUS_CLIENT_ERROR_API). Cancellation gives G_IO_ERROR_CANCELLED. */
void        chorus_client_call_async        (ChorusClient      *self,
                                             const char        *path,
                                             JsonObject        *body,
                                             GCancellable      *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
JsonObject *chorus_client_call_finish       (ChorusClient      *self,
                                             GAsyncResult      *result,
                                             GError           **error);
/* Blocks; usable from a worker thread (runs its own main context). */
JsonObject *chorus_client_call_sync         (ChorusClient      *self,
                                             const char        *path,
                                             JsonObject        *body,
                                             GCancellable      *cancellable,
                                             GError           **error);

G_END_DECLS
