/* chorus-client-private.h: client internals shared with the sync, the typed operations and the unit tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "chorus-client.h"

G_BEGIN_DECLS

/* How the transport treats an operation. The table, by path, is in chorus-client-ops.c. */
typedef enum {
  CHORUS_CALL_SEARCH,      /* paged searches */
  CHORUS_CALL_DETAIL,      /* consulter, historique, compte rendu */
  CHORUS_CALL_REFERENCE,   /* referentials, health-check */
  CHORUS_CALL_DOWNLOAD,    /* telecharger: files of up to 120 MB, as base64 */
  CHORUS_CALL_WRITE,       /* changes something on the platform */
  CHORUS_CALL_UPLOAD,      /* a write that carries a file */
  CHORUS_CALL_UNLISTED,    /* a path the table does not know: handled as a write */
} ChorusCallKind;

typedef struct {
  ChorusCallKind kind;
  gboolean       replayable;     /* a read: sent again after a 5xx, a timeout or a lost connection */
  gsize          max_answer;     /* bytes of answer read at most */
  gboolean       long_deadline;  /* the long overall deadline (files) instead of the ordinary one */
} ChorusCallPolicy;

/* Fills @policy for @path (relative to /cpro/, without a leading slash). */
void     _chorus_client_call_policy        (const char        *path,
                                            ChorusCallPolicy  *policy);

/* Delay before retry number @retry (0 = first retry): base * 2^retry capped at max_delay,
 * times 0.8 + 0.4 * @jitter (@jitter in [0, 1]), raised to @retry_after_ms when the server
 * asked for longer (< 0 = no Retry-After). */
guint    _chorus_client_backoff_delay_ms   (guint         retry,
                                            guint         base_delay_ms,
                                            guint         max_delay_ms,
                                            gint64        retry_after_ms,
                                            double        jitter);
/* The client's own backoff (its retry policy, with jitter), for callers that retry themselves. */
guint    _chorus_client_retry_delay_ms     (ChorusClient *self,
                                            guint         retry);
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

/* What one call sends. */
typedef struct {
  const char *method;        /* NULL: POST */
  const char *path;          /* below /cpro/; NULL: only fetch a new token (the cached one is dropped) */
  JsonObject *body;          /* POST only; NULL sends {} */
  const char *upload_key;    /* with @upload: the base64 member the file goes in, first in the body,
                              * encoded straight into the sent buffer */
  GBytes     *upload;
  const char *download_key;  /* the answer's top-level base64 member, decoded while it arrives and
                              * given back as the call's download, the member itself left as "" */
} ChorusCallRequest;

/* A call of any operation (chorus_client_call_async() is the plain POST one). */
void        _chorus_client_call_full_async  (ChorusClient             *self,
                                             const ChorusCallRequest  *request,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
JsonObject *_chorus_client_call_full_finish (ChorusClient             *self,
                                             GAsyncResult             *result,
                                             GBytes                  **download,
                                             GError                  **error);
JsonObject *_chorus_client_call_full_sync   (ChorusClient             *self,
                                             const ChorusCallRequest  *request,
                                             GBytes                  **download,
                                             GCancellable             *cancellable,
                                             GError                  **error);

/* Tests: the token the client holds now (to prove it never reaches the journal). */
char       *_chorus_client_dup_access_token (ChorusClient *self);
/* Tests: called with each buffer that held a secret, right after it was wiped. */
typedef void (*ChorusClientWipeHook) (const guchar *data, gsize size);
void        _chorus_client_set_wipe_hook    (ChorusClientWipeHook hook);


G_END_DECLS
