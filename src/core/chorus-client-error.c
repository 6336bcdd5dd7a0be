/* chorus-client-error.c: the client's GError domain, carrying codeRetour, libelle, HTTP status. */
#include "config.h"

#include "chorus-client-error.h"

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
