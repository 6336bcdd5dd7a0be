/* chorus-sim-gateway.c: the PISTE gateway in front of the API: the OAuth2 token endpoint (client
 * credentials, scope openid), the tokens it gave and their hour of life, and the checks every API
 * call passes: its bearer token, then the technical account of cpro-account.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim.h"
#include "chorus-sim-gateway.h"
#include "chorus-sim-http.h"

#define TOKEN_LIFETIME_S 3600

struct _SimTokens {
  GMutex      lock;
  GHashTable *expiries;      /* access token → expiry (monotonic µs), boxed gint64 */
};

SimTokens *
sim_tokens_new (void)
{
  SimTokens *tokens = g_new0 (SimTokens, 1);

  g_mutex_init (&tokens->lock);
  tokens->expiries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return tokens;
}

void
sim_tokens_free (SimTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_hash_table_unref (tokens->expiries);
  g_mutex_clear (&tokens->lock);
  g_free (tokens);
}

void
sim_tokens_expire_all (SimTokens *tokens)
{
  g_mutex_lock (&tokens->lock);
  g_hash_table_remove_all (tokens->expiries);
  g_mutex_unlock (&tokens->lock);
}

static char *
new_token (void)
{
  GString *s = g_string_sized_new (48);

  for (int i = 0; i < 6; i++)
    g_string_append_printf (s, "%08x", g_random_int ());
  return g_string_free (s, FALSE);
}

static gboolean
token_is_valid (SimTokens *tokens, const char *token)
{
  gint64 *expiry;
  gboolean valid = FALSE;

  g_mutex_lock (&tokens->lock);
  expiry = g_hash_table_lookup (tokens->expiries, token);
  if (expiry != NULL)
    {
      valid = *expiry > g_get_monotonic_time ();
      if (!valid)
        g_hash_table_remove (tokens->expiries, token);
    }
  g_mutex_unlock (&tokens->lock);
  return valid;
}

void
sim_gateway_token (SimTokens *tokens, SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *content_type;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *basic_id = NULL;
  g_autofree char *basic_secret = NULL;
  const char *grant, *client_id, *client_secret, *scope, *auth;
  g_autofree char *token = NULL;
  gint64 *expiry;
  JsonObject *o;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      sim_http_reply_oauth_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", "The token endpoint only accepts POST");
      return;
    }
  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    {
      sim_http_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "Content-Type must be application/x-www-form-urlencoded");
      return;
    }
  text = g_strndup (body->data ? body->data : "", body->length);
  form = soup_form_decode (text);

  /* Client credentials may also come as HTTP Basic (RFC 6749 §2.3.1). */
  auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (auth != NULL && g_ascii_strncasecmp (auth, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree guchar *raw = g_base64_decode (auth + 6, &len);
      g_autofree char *pair = g_strndup ((const char *) raw, len);
      char *colon = strchr (pair, ':');

      if (colon != NULL)
        {
          basic_id = g_strndup (pair, (gsize) (colon - pair));
          basic_secret = g_strdup (colon + 1);
        }
    }

  grant = g_hash_table_lookup (form, "grant_type");
  client_id = g_hash_table_lookup (form, "client_id");
  client_secret = g_hash_table_lookup (form, "client_secret");
  scope = g_hash_table_lookup (form, "scope");
  if (client_id == NULL)
    client_id = basic_id;
  if (client_secret == NULL)
    client_secret = basic_secret;

  if (grant == NULL)
    {
      sim_http_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Missing grant_type parameter value");
      return;
    }
  if (g_strcmp0 (grant, "client_credentials") != 0)
    {
      sim_http_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", "Unsupported grant_type value");
      return;
    }
  if (g_strcmp0 (client_id, CHORUS_SIM_CLIENT_ID) != 0 || g_strcmp0 (client_secret, CHORUS_SIM_CLIENT_SECRET) != 0)
    {
      sim_http_reply_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client", "Client authentication failed");
      return;
    }
  if (scope != NULL)
    {
      g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);
      gboolean has_openid = FALSE;

      for (guint i = 0; scopes[i]; i++)
        {
          if (g_strcmp0 (scopes[i], "openid") == 0)
            has_openid = TRUE;
          else if (*scopes[i] != '\0' && g_strcmp0 (scopes[i], "resource.READ") != 0)
            {
              sim_http_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_scope", "The requested scope is invalid");
              return;
            }
        }
      if (!has_openid)
        {
          sim_http_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_scope", "The requested scope is invalid");
          return;
        }
    }

  token = new_token ();
  expiry = g_new (gint64, 1);
  *expiry = g_get_monotonic_time () + (gint64) TOKEN_LIFETIME_S * G_USEC_PER_SEC;
  g_mutex_lock (&tokens->lock);
  g_hash_table_insert (tokens->expiries, g_strdup (token), expiry);
  g_mutex_unlock (&tokens->lock);

  o = json_object_new ();
  json_object_set_string_member (o, "access_token", token);
  json_object_set_string_member (o, "token_type", "Bearer");
  json_object_set_int_member (o, "expires_in", TOKEN_LIFETIME_S);
  json_object_set_string_member (o, "scope", "openid");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  sim_http_reply_object (msg, SOUP_STATUS_OK, o);
}

/* The gateway's own errors: an OAuth-style body plus a WWW-Authenticate header. */
static void
reply_401 (SoupServerMessage *msg, const char *error, const char *description)
{
  g_autofree char *header = g_strdup_printf ("Bearer realm=\"PISTE\",error=\"%s\",error_description=\"%s\"",
                                             error, description);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", header);
  sim_http_reply_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, error, description);
}

gboolean
sim_gateway_admits_token (SimTokens *tokens, SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      reply_401 (msg, "invalid_request", "Missing Bearer access token");
      return FALSE;
    }
  if (!token_is_valid (tokens, auth + 7))
    {
      reply_401 (msg, "invalid_token", "The access token is invalid or has expired");
      return FALSE;
    }
  return TRUE;
}

static gboolean
cpro_account_matches (const char *header)
{
  gsize len = 0;
  g_autofree guchar *raw = NULL;
  g_autofree char *expected = NULL;

  if (header == NULL)
    return FALSE;
  raw = g_base64_decode (header, &len);
  expected = g_strconcat (CHORUS_SIM_TECH_LOGIN, ":", CHORUS_SIM_TECH_PASSWORD, NULL);
  return len == strlen (expected) && memcmp (raw, expected, len) == 0;
}

gboolean
sim_gateway_admits_account (SoupServerMessage *msg)
{
  const char *account = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "cpro-account");

  if (account == NULL)
    {
      /* A valid token without a technical account is refused by the platform, not the gateway. */
      sim_http_reply_code (msg, SOUP_STATUS_FORBIDDEN, 403, "Accès refusé : en-tête cpro-account absent");
      return FALSE;
    }
  if (!cpro_account_matches (account))
    {
      reply_401 (msg, "Unauthorized", "login or password incorrects");
      return FALSE;
    }
  return TRUE;
}
