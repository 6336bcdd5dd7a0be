/* chorus-client-error.h: the error domain of the Chorus Pro client, with the API's codeRetour. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CHORUS_CLIENT_ERROR (chorus_client_error_quark ())

typedef enum {
  CHORUS_CLIENT_ERROR_NETWORK,
  CHORUS_CLIENT_ERROR_TIMEOUT,
  CHORUS_CLIENT_ERROR_BAD_CLIENT,    /* PISTE client_id / client_secret refused */
  CHORUS_CLIENT_ERROR_BAD_ACCOUNT,   /* cpro-account (technical account) refused: 401 */
  CHORUS_CLIENT_ERROR_FORBIDDEN,     /* 403: API not subscribed, or account not attached */
  CHORUS_CLIENT_ERROR_RATE_LIMITED,  /* 429 still there after the retries */
  CHORUS_CLIENT_ERROR_SERVER,        /* 5xx (not replayed for writes), a redirection, another status */
  CHORUS_CLIENT_ERROR_MALFORMED,     /* not JSON, truncated, or a field of the wrong type */
  CHORUS_CLIENT_ERROR_API,           /* codeRetour != 0 */
  CHORUS_CLIENT_ERROR_TOO_LARGE,     /* 413, an answer above the operation's cap, a file too big */
} ChorusClientError;

GQuark      chorus_client_error_quark           (void);

/* Extra data carried by errors of this domain; 0 / NULL when not known. */
int         chorus_client_error_get_api_code    (const GError *error);  /* codeRetour */
const char *chorus_client_error_get_libelle     (const GError *error);  /* libelle as sent */
guint       chorus_client_error_get_http_status (const GError *error);
/* When Chorus Pro asked to wait (Retry-After) longer than the client waits by itself: the
 * g_get_real_time() before which nothing should be sent again; 0 when it did not ask. */
gint64      chorus_client_error_get_retry_at    (const GError *error);
void        chorus_client_error_set_retry_at    (GError       *error,
                                                 gint64        retry_at);

/* TRUE when the request may have been applied although it failed: it reached Chorus Pro and the
 * answer was a 5xx, never came (timeout, connection lost after sending) or could not be read.
 * Also TRUE for an error of another domain (e.g. cancelled while sending): nothing proves the
 * contrary. FALSE for refusals and for failures before the request left. */
gboolean    chorus_client_error_outcome_unknown (const GError *error);
void        _chorus_client_error_set_outcome_unknown (GError  *error);

/* Builds an error of the domain; @libelle and @http_status are stored, not shown twice. */
GError     *chorus_client_error_new_full        (ChorusClientError  code,
                                                 int                api_code,
                                                 const char        *libelle,
                                                 guint              http_status,
                                                 const char        *message);

/* Whether an error is worth retrying later (network, timeout, rate limit, server). */
gboolean    chorus_client_error_is_transient    (const GError *error);

G_END_DECLS
