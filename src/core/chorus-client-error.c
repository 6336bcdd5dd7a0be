/* chorus-client-error.c: the client's GError domain, carrying codeRetour, libelle, HTTP status; and
 * what turns an HTTP status, an OAuth refusal, a codeRetour or a transport failure into one, in
 * words the user can act on. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-internal.h"
#include "chorus-json.h"

typedef struct {
  int    api_code;
  char  *libelle;
  guint  http_status;
  gint64 retry_at;      /* g_get_real_time() before which the server asked not to call */
  gboolean outcome_unknown;  /* the request reached the server; whether it acted is unknown */
} ChorusClientErrorPrivate;

static void
chorus_client_error_private_init (ChorusClientErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  priv->api_code = 0;
  priv->libelle = NULL;
  priv->http_status = 0;
  priv->retry_at = 0;
  priv->outcome_unknown = FALSE;
}

static void
chorus_client_error_private_copy (const ChorusClientErrorPrivate *src,
                                  ChorusClientErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->api_code = src->api_code;
  dest->libelle = g_strdup (src->libelle);
  dest->http_status = src->http_status;
  dest->retry_at = src->retry_at;
  dest->outcome_unknown = src->outcome_unknown;
}

static void
chorus_client_error_private_clear (ChorusClientErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->libelle, g_free);
}

G_DEFINE_EXTENDED_ERROR (ChorusClientError, chorus_client_error)

static ChorusClientErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != CHORUS_CLIENT_ERROR)
    return NULL;
  return chorus_client_error_get_private (error);
}

int
chorus_client_error_get_api_code (const GError *error)
{
  ChorusClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->api_code : 0;
}

const char *
chorus_client_error_get_libelle (const GError *error)
{
  ChorusClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->libelle : NULL;
}

guint
chorus_client_error_get_http_status (const GError *error)
{
  ChorusClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

gint64
chorus_client_error_get_retry_at (const GError *error)
{
  ChorusClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_at : 0;
}

void
chorus_client_error_set_retry_at (GError *error,
                                  gint64  retry_at)
{
  ChorusClientErrorPrivate *priv = get_private (error);

  if (priv != NULL)
    priv->retry_at = retry_at;
}

gboolean
chorus_client_error_outcome_unknown (const GError *error)
{
  ChorusClientErrorPrivate *priv;

  if (error == NULL)
    return FALSE;
  /* Cancelled, or anything not from the client: nothing tells it did not reach the server. */
  if (error->domain != CHORUS_CLIENT_ERROR)
    return TRUE;
  priv = get_private (error);
  return priv != NULL && priv->outcome_unknown;
}

void
_chorus_client_error_set_outcome_unknown (GError *error)
{
  ChorusClientErrorPrivate *priv = get_private (error);

  if (priv != NULL)
    priv->outcome_unknown = TRUE;
}

GError *
chorus_client_error_new_full (ChorusClientError  code,
                              int                api_code,
                              const char        *libelle,
                              guint              http_status,
                              const char        *message)
{
  GError *error;
  ChorusClientErrorPrivate *priv;

  g_return_val_if_fail (message != NULL, NULL);

  error = g_error_new_literal (CHORUS_CLIENT_ERROR, code, message);
  priv = chorus_client_error_get_private (error);
  if (priv == NULL)
    return error;
  priv->api_code = api_code;
  priv->libelle = g_strdup (libelle);
  priv->http_status = http_status;
  return error;
}

gboolean
chorus_client_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != CHORUS_CLIENT_ERROR)
    return FALSE;
  switch ((ChorusClientError) error->code)
    {
    case CHORUS_CLIENT_ERROR_NETWORK:
    case CHORUS_CLIENT_ERROR_TIMEOUT:
    case CHORUS_CLIENT_ERROR_RATE_LIMITED:
    case CHORUS_CLIENT_ERROR_SERVER:
      return TRUE;
    case CHORUS_CLIENT_ERROR_BAD_CLIENT:
    case CHORUS_CLIENT_ERROR_BAD_ACCOUNT:
    case CHORUS_CLIENT_ERROR_FORBIDDEN:
    case CHORUS_CLIENT_ERROR_MALFORMED:
    case CHORUS_CLIENT_ERROR_API:
    case CHORUS_CLIENT_ERROR_TOO_LARGE:
    default:
      return FALSE;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* From answers and failures to errors */

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

/* The plain-language message for an API codeRetour / libelle. */
static char *
api_message (int         code,
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

  message = api_message ((int) code, libelle);
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

GError *
_chorus_client_error_from_transport (const GError *error,
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
