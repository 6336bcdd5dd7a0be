/* chorus-client-private.h: client internals shared with its split files and unit tests. */
#pragma once

#include <libsoup/soup.h>

#include "chorus-client.h"

G_BEGIN_DECLS

/* Delay before retry number @retry (0 = first retry): base * 2^retry capped at max_delay,
 * raised to @retry_after_ms when the server asked for longer (< 0 = no Retry-After). */
guint    _chorus_client_backoff_delay_ms   (guint         retry,
                                            guint         base_delay_ms,
                                            guint         max_delay_ms,
                                            gint64        retry_after_ms);
/* Retry-After as seconds or an HTTP date, in ms from @now_utc; -1 when absent or invalid. */
gint64   _chorus_client_parse_retry_after  (const char   *value,
                                            GDateTime    *now_utc);
/* error_description of a WWW-Authenticate header, control characters removed; NULL if none. */
char    *_chorus_client_parse_www_authenticate (const char *value);
/* Turns a non-2xx answer into an error; @body may be NULL. */
GError  *_chorus_client_error_from_http    (guint               status,
                                            SoupMessageHeaders *headers,
                                            GBytes             *body,
                                            gboolean            token_request);
/* Checks codeRetour of a parsed answer. */
gboolean _chorus_client_check_code_retour  (JsonObject   *response,
                                            guint         http_status,
                                            GError      **error);
/* The plain-language message for an API codeRetour / libelle. */
char    *_chorus_client_api_message        (int           code,
                                            const char   *libelle);

/* Runs an async operation to completion on a private main context of the calling thread:
 * begin, start the operation with _chorus_client_sync_callback and &wait, then wait. */
typedef struct {
  GAsyncResult *result;
} ChorusSyncWait;
GMainContext *_chorus_client_sync_begin    (void);
void          _chorus_client_sync_callback (GObject      *source,
                                            GAsyncResult *result,
                                            gpointer      wait);
/* Returns the result (owned) and drops the context. */
GAsyncResult *_chorus_client_sync_wait     (GMainContext   *context,
                                            ChorusSyncWait *wait);

G_END_DECLS
