/* test-sim-auth.c: PISTE OAuth2 token endpoint and the Bearer / cpro-account checks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-test.h"

static char *
url_of (SimFixture *f, const char *path)
{
  return g_strconcat (chorus_sim_get_base_url (f->sim), path, NULL);
}

static guint
token_request (SimFixture *f, const char *form, JsonObject **answer)
{
  g_autofree char *url = url_of (f, "/api/oauth/token");
  g_autoptr(GBytes) body = NULL;
  guint status = sim_send (f, "POST", url, "application/x-www-form-urlencoded", form, NULL, &body, NULL);

  *answer = sim_parse_object (body);
  return status;
}

static void
test_token_granted (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = NULL;

  g_assert_cmpuint (token_request (f, "grant_type=client_credentials&client_id=" CHORUS_SIM_CLIENT_ID
                                      "&client_secret=" CHORUS_SIM_CLIENT_SECRET "&scope=openid", &o), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (o, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (o, "expires_in"), ==, 3600);
  g_assert_cmpstr (json_object_get_string_member (o, "scope"), ==, "openid");
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "access_token")), >=, 32);
  g_assert_cmpstr (json_object_get_string_member (o, "access_token"), !=, f->token);
}

static void
test_token_errors (SimFixture *f, gconstpointer data)
{
  JsonObject *o = NULL;

  g_assert_cmpuint (token_request (f, "grant_type=client_credentials&client_id=" CHORUS_SIM_CLIENT_ID
                                      "&client_secret=wrong&scope=openid", &o), ==, 401);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, "invalid_client");
  g_assert_true (json_object_has_member (o, "error_description"));
  json_object_unref (o);

  g_assert_cmpuint (token_request (f, "grant_type=password&client_id=" CHORUS_SIM_CLIENT_ID
                                      "&client_secret=" CHORUS_SIM_CLIENT_SECRET, &o), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, "unsupported_grant_type");
  json_object_unref (o);

  g_assert_cmpuint (token_request (f, "client_id=" CHORUS_SIM_CLIENT_ID, &o), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, "invalid_request");
  json_object_unref (o);

  g_assert_cmpuint (token_request (f, "grant_type=client_credentials&client_id=" CHORUS_SIM_CLIENT_ID
                                      "&client_secret=" CHORUS_SIM_CLIENT_SECRET "&scope=admin", &o), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, "invalid_scope");
  json_object_unref (o);
}

static void
test_token_basic_auth (SimFixture *f, gconstpointer data)
{
  g_autofree char *url = url_of (f, "/api/oauth/token");
  g_autofree char *pair = g_base64_encode ((const guchar *) CHORUS_SIM_CLIENT_ID ":" CHORUS_SIM_CLIENT_SECRET,
                                           strlen (CHORUS_SIM_CLIENT_ID ":" CHORUS_SIM_CLIENT_SECRET));
  g_autofree char *basic = g_strconcat ("Basic ", pair, NULL);
  const char *headers[] = { "Authorization", basic, NULL, NULL };

  g_assert_cmpuint (sim_send (f, "POST", url, "application/x-www-form-urlencoded", "grant_type=client_credentials",
                              headers, NULL, NULL), ==, 200);
  g_assert_cmpuint (sim_send (f, "GET", url, NULL, NULL, NULL, NULL, NULL), ==, 405);
}

/* Calls an API path with the given headers; returns the status and the WWW-Authenticate value. */
static guint
api_with (SimFixture *f, const char *bearer, const char *account, char **www_authenticate)
{
  g_autofree char *url = url_of (f, "/cpro/transverses/v1/recuperer/tauxtva");
  g_autoptr(SoupMessageHeaders) headers = NULL;
  const char *h[5] = { NULL };
  guint n = 0;
  guint status;

  if (bearer)
    {
      h[n++] = "Authorization";
      h[n++] = bearer;
    }
  if (account)
    {
      h[n++] = "cpro-account";
      h[n++] = account;
    }
  status = sim_send (f, "POST", url, "application/json", "{\"codeLangue\":\"FR\"}", h, NULL, &headers);
  if (www_authenticate)
    *www_authenticate = g_strdup (soup_message_headers_get_one (headers, "WWW-Authenticate"));
  return status;
}

static void
test_api_auth (SimFixture *f, gconstpointer data)
{
  g_autofree char *bearer = g_strconcat ("Bearer ", f->token, NULL);
  g_autofree char *good = g_base64_encode ((const guchar *) CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD,
                                           strlen (CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD));
  g_autofree char *bad = g_base64_encode ((const guchar *) CHORUS_SIM_TECH_LOGIN ":nope",
                                          strlen (CHORUS_SIM_TECH_LOGIN ":nope"));
  char *www = NULL;

  g_assert_cmpuint (api_with (f, bearer, good, NULL), ==, 200);

  g_assert_cmpuint (api_with (f, NULL, good, &www), ==, 401);
  g_assert_nonnull (strstr (www, "realm=\"PISTE\""));
  g_clear_pointer (&www, g_free);

  g_assert_cmpuint (api_with (f, "Bearer 0123456789abcdef", good, &www), ==, 401);
  g_assert_nonnull (strstr (www, "invalid_token"));
  g_clear_pointer (&www, g_free);

  g_assert_cmpuint (api_with (f, bearer, bad, &www), ==, 401);
  g_assert_nonnull (strstr (www, "login or password incorrects"));
  g_clear_pointer (&www, g_free);

  g_assert_cmpuint (api_with (f, bearer, "!!not base64!!", NULL), ==, 401);
  g_assert_cmpuint (api_with (f, bearer, NULL, NULL), ==, 403);
}

static void
test_expire_tokens (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) ok = sim_post_ok (f, "transverses/v1/recuperer/tauxtva", "{}");
  g_autoptr(GBytes) body = NULL;

  chorus_sim_expire_tokens (f->sim);
  g_assert_cmpuint (sim_call (f, "transverses/v1/recuperer/tauxtva", "{}", &body), ==, 401);
  g_free (f->token);
  f->token = sim_fetch_token (f);
  g_assert_cmpuint (sim_call (f, "transverses/v1/recuperer/tauxtva", "{}", NULL), ==, 200);
}

static void
test_methods_and_paths (SimFixture *f, gconstpointer data)
{
  g_autofree char *bearer = g_strconcat ("Bearer ", f->token, NULL);
  const char *headers[] = { "Authorization", bearer, NULL, NULL };
  g_autofree char *health = url_of (f, "/cpro/transverses/v1/health-check");
  g_autofree char *search = url_of (f, "/cpro/factures/v1/rechercher/recipiendaire");
  g_autofree char *unknown = url_of (f, "/cpro/factures/v1/nexiste/pas");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) o = NULL;

  g_assert_cmpuint (sim_send (f, "GET", health, NULL, NULL, headers, &body, NULL), ==, 200);
  o = sim_parse_object (body);
  g_assert_cmpint (json_object_get_int_member (o, "statusCodeValue"), ==, 200);
  g_assert_cmpuint (sim_send (f, "GET", health, NULL, NULL, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (sim_send (f, "POST", health, "application/json", "{}", headers, NULL, NULL), ==, 405);
  g_assert_cmpuint (sim_send (f, "GET", search, NULL, NULL, headers, NULL, NULL), ==, 405);
  g_assert_cmpuint (sim_call (f, "factures/v1/nexiste/pas", "{}", NULL), ==, 404);
  (void) unknown;
  /* Paths are case-sensitive, as on the platform. */
  g_assert_cmpuint (sim_call (f, "factures/v1/Rechercher/Recipiendaire", "{}", NULL), ==, 404);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/auth/token-granted", test_token_granted);
  ADD ("/sim/auth/token-errors", test_token_errors);
  ADD ("/sim/auth/token-basic-auth", test_token_basic_auth);
  ADD ("/sim/auth/api-headers", test_api_auth);
  ADD ("/sim/auth/expire-tokens", test_expire_tokens);
  ADD ("/sim/auth/methods-and-paths", test_methods_and_paths);
  return g_test_run ();
}
