/* test-client-http.c: the client against a scripted local SoupServer: token, 401, retries,
 * timeouts, malformed answers, threads, redirections, size caps, deadlines, and secrets kept
 * out of logs, errors and memory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>

#include "chorus-client-private.h"
#include "chorus-deposit-file.h"
#include "chorus-json.h"
#include "chorus-test-util.h"

#define CLIENT_ID     "test-client-id"
#define CLIENT_SECRET "S3cret-client-value"
#define TECH_LOGIN    "TECH_1_test@cpro.fr"
#define TECH_PASSWORD "Pa55-word-value"

/* One scripted answer of the API handler. */
typedef struct {
  guint       status;
  const char *body;             /* NULL: {"codeRetour":0,"libelle":"TRA_MSG_00.000"} */
  const char *header_name;
  const char *header_value;
  gboolean    hang;             /* never answer (until the test ends) */
  gsize       chunked_size;     /* > 0: a chunked answer of that many bytes of JSON-ish text */
  gboolean    drip;             /* one byte every 400 ms, forever */
} Answer;

typedef struct {
  SoupServer *server;
  char       *base_url;
  GQueue      answers;          /* Answer*, consumed one per API request */
  guint       token_requests;
  guint       api_requests;
  int         token_mode;       /* 0 ok, 1 invalid_client */
  gint64      expires_in;
  guint       token_serial;
  char       *last_token_form;
  char       *last_authorization;
  char       *last_account;
  char       *last_path;
  char       *last_body;
  GPtrArray  *paused;
  GPtrArray  *drips;            /* GSource* feeding dripping answers */
  ChorusClient *client;
  gint64      fake_now;
  char       *token_redirect;   /* the token endpoint answers 302 there */
} Fixture;

static void
reply (SoupServerMessage *msg, guint status, const char *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

/* A server that keeps the connection busy with one byte now and then: no read ever times out. */
static gboolean
drip_one_byte (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
handle_token (Fixture *fixture, SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (request);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));
  g_autofree char *answer = NULL;

  fixture->token_requests++;
  if (fixture->token_redirect != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                    fixture->token_redirect);
      soup_server_message_set_status (msg, 302, NULL);
      return;
    }
  g_free (fixture->last_token_form);
  fixture->last_token_form = g_strdup (text);
  form = soup_form_decode (text);
  if (fixture->token_mode == 1 ||
      g_strcmp0 (g_hash_table_lookup (form, "client_secret"), CLIENT_SECRET) != 0)
    {
      reply (msg, 401, "{\"error\":\"invalid_client\",\"error_description\":\"bad\"}");
      return;
    }
  g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "client_credentials");
  g_assert_cmpstr (g_hash_table_lookup (form, "scope"), ==, "openid");
  g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, CLIENT_ID);
  fixture->token_serial++;
  answer = g_strdup_printf ("{\"access_token\":\"tok-%u-secret\",\"token_type\":\"Bearer\","
                            "\"expires_in\":%" G_GINT64_FORMAT ",\"scope\":\"openid\"}",
                            fixture->token_serial, fixture->expires_in);
  reply (msg, 200, answer);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) flat = NULL;
  Answer *answer;

  if (g_strcmp0 (path, "/api/oauth/token") == 0)
    {
      handle_token (fixture, msg);
      return;
    }

  fixture->api_requests++;
  flat = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_free (fixture->last_body);
  fixture->last_body = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));
  g_free (fixture->last_path);
  fixture->last_path = g_strdup (path);
  g_free (fixture->last_authorization);
  fixture->last_authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (fixture->last_account);
  fixture->last_account = g_strdup (soup_message_headers_get_one (headers, "cpro-account"));

  answer = g_queue_pop_head (&fixture->answers);
  if (answer == NULL)
    {
      reply (msg, 200, "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\"}");
      return;
    }
  if (answer->hang)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      return;
    }
  if (answer->chunked_size > 0 || answer->drip)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
      if (answer->drip)
        {
          GSource *source = g_timeout_source_new (400);

          soup_message_body_append (body, SOUP_MEMORY_STATIC, "{", 1);
          g_source_set_callback (source, drip_one_byte, g_object_ref (msg), g_object_unref);
          g_source_attach (source, NULL);
          g_ptr_array_add (fixture->drips, source);
          return;
        }
      for (gsize sent = 0; sent < answer->chunked_size; sent += 1024 * 1024)
        {
          char *chunk = g_malloc (1024 * 1024);

          memset (chunk, ' ', 1024 * 1024);
          chunk[0] = sent == 0 ? '{' : ' ';
          soup_message_body_append_take (body, (guchar *) chunk, 1024 * 1024);
        }
      soup_message_body_complete (body);
      return;
    }
  if (answer->header_name != NULL)
    soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                 answer->header_name, answer->header_value);
  reply (msg, answer->status ? answer->status : 200,
         answer->body ? answer->body : "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\"}");
}

static gint64
fake_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->fake_now;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_queue_init (&fixture->answers);
  fixture->expires_in = 3600;
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->drips = g_ptr_array_new ();
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handle_request, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, fixture->base_url);
  chorus_client_set_credentials (fixture->client, CLIENT_ID, CLIENT_SECRET, TECH_LOGIN,
                                 TECH_PASSWORD);
  chorus_client_set_timeout (fixture->client, 1);
  chorus_client_set_retry_policy (fixture->client, 3, 5, 40, 5000);
  fixture->fake_now = (gint64) 1000 * G_USEC_PER_SEC;
  chorus_client_set_clock (fixture->client, fake_clock, fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < fixture->drips->len; i++)
    {
      g_source_destroy (g_ptr_array_index (fixture->drips, i));
      g_source_unref (g_ptr_array_index (fixture->drips, i));
    }
  g_ptr_array_unref (fixture->drips);
  g_free (fixture->token_redirect);
  for (guint i = 0; i < fixture->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (fixture->paused, i);

      reply (msg, 500, "{}");
      soup_server_message_unpause (msg);
    }
  g_clear_object (&fixture->client);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->paused);
  g_queue_clear (&fixture->answers);
  g_free (fixture->base_url);
  g_free (fixture->last_token_form);
  g_free (fixture->last_authorization);
  g_free (fixture->last_account);
  g_free (fixture->last_path);
  g_free (fixture->last_body);
}

static void
push (Fixture *fixture, const Answer *answer)
{
  g_queue_push_tail (&fixture->answers, (gpointer) answer);
}

static JsonObject *
call (Fixture *fixture, const char *path, GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;

  chorus_client_call_async (fixture->client, path, NULL, NULL, chorus_test_store_result, &result);
  owned = chorus_test_wait_result (&result);
  return chorus_client_call_finish (fixture->client, owned, error);
}

static void
test_headers_and_token_cache (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *expected_account = g_base64_encode ((const guchar *) TECH_LOGIN ":" TECH_PASSWORD,
                                                       strlen (TECH_LOGIN ":" TECH_PASSWORD));

  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpstr (fixture->last_path, ==, "/cpro/factures/v1/rechercher/recipiendaire");
  g_assert_cmpstr (fixture->last_authorization, ==, "Bearer tok-1-secret");
  g_assert_cmpstr (fixture->last_account, ==, expected_account);
  g_assert_cmpstr (fixture->last_body, ==, "{}");

  second = call (fixture, "transverses/v1/recuperer/tauxtva", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->token_requests, ==, 1);
  g_assert_cmpuint (fixture->api_requests, ==, 2);
}

static void
test_one_token_for_concurrent_calls (Fixture *fixture, gconstpointer data)
{
  GAsyncResult *results[5] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    chorus_client_call_async (fixture->client, "transverses/v1/recuperer/devises", NULL, NULL,
                              chorus_test_store_result, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) owned = chorus_test_wait_result (&results[i]);
      g_autoptr(JsonObject) object = chorus_client_call_finish (fixture->client, owned, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpuint (fixture->token_requests, ==, 1);
  g_assert_cmpuint (fixture->api_requests, ==, 5);

  /* A refused token request fails every waiting call, without one request each. */
  chorus_client_forget_token (fixture->client);
  fixture->token_mode = 1;
  memset (results, 0, sizeof results);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    chorus_client_call_async (fixture->client, "transverses/v1/recuperer/devises", NULL, NULL,
                              chorus_test_store_result, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) owned = chorus_test_wait_result (&results[i]);
      g_autoptr(JsonObject) object = chorus_client_call_finish (fixture->client, owned, &error);

      g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
    }
  g_assert_cmpuint (fixture->token_requests, ==, 2);
}

static void
test_token_renewed_before_expiry (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  result = call (fixture, "transverses/v1/recuperer/tauxtva", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->token_requests, ==, 1);

  /* 3600 s token, 240 s margin: still fresh at +3359 s, renewed at +3361 s. */
  fixture->fake_now += (gint64) (3600 - 241) * G_USEC_PER_SEC;
  g_clear_pointer (&result, json_object_unref);
  result = call (fixture, "transverses/v1/recuperer/tauxtva", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->token_requests, ==, 1);

  fixture->fake_now += (gint64) 2 * G_USEC_PER_SEC;
  g_clear_pointer (&result, json_object_unref);
  result = call (fixture, "transverses/v1/recuperer/tauxtva", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->token_requests, ==, 2);
  g_assert_cmpstr (fixture->last_authorization, ==, "Bearer tok-2-secret");
}

static void
test_401_retried_once (Fixture *fixture, gconstpointer data)
{
  static const Answer expired = { 401, "{}", "WWW-Authenticate", "Bearer error=\"invalid_token\"" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  push (fixture, &expired);
  result = call (fixture, "factures/v1/consulter/historique", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->token_requests, ==, 2);
  g_assert_cmpuint (fixture->api_requests, ==, 2);
  g_assert_cmpstr (fixture->last_authorization, ==, "Bearer tok-2-secret");
}

static void
test_401_bad_account (Fixture *fixture, gconstpointer data)
{
  static const Answer refused = {
    401, "", "WWW-Authenticate",
    "Bearer realm=\"PISTE\",error=\"Unauthorized\",error_description=\"login or password incorrects\""
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  push (fixture, &refused);
  push (fixture, &refused);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_null (result);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
  g_assert_nonnull (strstr (error->message, "login or password incorrects"));
  g_assert_cmpuint (fixture->api_requests, ==, 2);
}

static void
test_bad_client (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  GAsyncResult *async_result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;

  fixture->token_mode = 1;
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_null (result);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_assert_cmpuint (fixture->api_requests, ==, 0);
  g_clear_error (&error);

  chorus_client_check_token_async (fixture->client, NULL, chorus_test_store_result, &async_result);
  owned = chorus_test_wait_result (&async_result);
  g_assert_false (chorus_client_check_token_finish (fixture->client, owned, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_clear_error (&error);

  /* No credentials at all: a clear error without any request. */
  chorus_client_set_credentials (fixture->client, NULL, NULL, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_assert_cmpuint (fixture->token_requests, ==, 2);
}

static void
test_429_retry_after (Fixture *fixture, gconstpointer data)
{
  static const Answer busy = { 429, "{}", "Retry-After", "1" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  gint64 start = g_get_monotonic_time ();

  push (fixture, &busy);
  result = call (fixture, "factures/v1/traiter/recue", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->api_requests, ==, 2);
  /* The backoff alone would be 5 ms: the wait is the server's second. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * 1000);
}

static void
test_429_retry_after_too_long (Fixture *fixture, gconstpointer data)
{
  static const Answer busy = { 429, "{}", "Retry-After", "3600" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  push (fixture, &busy);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fixture->api_requests, ==, 1);
}

static void
test_5xx_bounded (Fixture *fixture, gconstpointer data)
{
  static const Answer down = { 503, "<html>down</html>" };
  static const Answer error500 = { 500, "{}" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  for (int i = 0; i < 10; i++)
    push (fixture, &down);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (chorus_client_error_get_http_status (error), ==, 503);
  /* 1 attempt + 3 retries. */
  g_assert_cmpuint (fixture->api_requests, ==, 4);
  g_clear_error (&error);

  /* A read recovers after two failures. */
  g_queue_clear (&fixture->answers);
  push (fixture, &error500);
  push (fixture, &down);
  fixture->api_requests = 0;
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->api_requests, ==, 3);
  g_clear_pointer (&result, json_object_unref);

  /* A write is not replayed after a 500: it may have been applied. */
  push (fixture, &error500);
  fixture->api_requests = 0;
  result = call (fixture, "factures/v1/soumettre", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (fixture->api_requests, ==, 1);
}

static void
test_http_errors (Fixture *fixture, gconstpointer data)
{
  static const Answer forbidden = { 403, "{}" };
  static const Answer too_large = { 413, "" };
  static const Answer functional_200 = { 200, "{\"codeRetour\":20303,\"libelle\":\"Service obligatoire\"}" };
  static const Answer functional_400 = { 400, "{\"codeRetour\":20042,\"libelle\":\"Motif obligatoire\"}" };
  static const Answer malformed = { 200, "{\"codeRetour\":0,\"libelle\":" };
  static const Answer not_json = { 200, "<html>maintenance</html>" };
  static const Answer wrong_type = { 200, "{\"codeRetour\":\"zero\"}" };
  static const struct { const Answer *answer; int code; int api; } cases[] = {
    { &forbidden, CHORUS_CLIENT_ERROR_FORBIDDEN, 0 },
    { &too_large, CHORUS_CLIENT_ERROR_TOO_LARGE, 0 },
    { &functional_200, CHORUS_CLIENT_ERROR_API, 20303 },
    { &functional_400, CHORUS_CLIENT_ERROR_API, 20042 },
    { &malformed, CHORUS_CLIENT_ERROR_MALFORMED, 0 },
    { &not_json, CHORUS_CLIENT_ERROR_MALFORMED, 0 },
    { &wrong_type, CHORUS_CLIENT_ERROR_MALFORMED, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) result = NULL;

      push (fixture, cases[i].answer);
      result = call (fixture, "factures/v1/telecharger/groupe", &error);
      g_assert_null (result);
      g_assert_error (error, CHORUS_CLIENT_ERROR, cases[i].code);
      g_assert_cmpint (chorus_client_error_get_api_code (error), ==, cases[i].api);
    }
}

static void
test_timeout (Fixture *fixture, gconstpointer data)
{
  static const Answer hang = { 0, NULL, NULL, NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  gint64 start = g_get_monotonic_time ();

  chorus_client_set_retry_policy (fixture->client, 1, 5, 5, 5000);
  push (fixture, &hang);
  push (fixture, &hang);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpuint (fixture->api_requests, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* A write that timed out may have been applied: it is not sent again. */
  push (fixture, &hang);
  fixture->api_requests = 0;
  result = call (fixture, "factures/v1/traiter/recue", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpuint (fixture->api_requests, ==, 1);
}

static void
test_network_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  soup_server_disconnect (fixture->server);
  result = call (fixture, "factures/v1/soumettre", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK);
  g_assert_true (chorus_client_error_is_transient (error));
}

static void
test_cancel_during_backoff (Fixture *fixture, gconstpointer data)
{
  static const Answer busy = { 429, "{}", "Retry-After", "4" };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;
  gint64 start = g_get_monotonic_time ();

  push (fixture, &busy);
  chorus_client_call_async (fixture->client, "factures/v1/rechercher/recipiendaire", NULL,
                            cancellable, chorus_test_store_result, &result);
  while (fixture->api_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  owned = chorus_test_wait_result (&result);
  object = chorus_client_call_finish (fixture->client, owned, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_empty_search_is_a_page (Fixture *fixture, gconstpointer data)
{
  static const Answer none = { 200, "{\"codeRetour\":20000,\"libelle\":\"TRA_MSG_00.015\"}" };
  ChorusInvoiceQuery query;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;

  chorus_invoice_query_init (&query);
  query.page = 2;
  push (fixture, &none);
  chorus_client_search_received_async (fixture->client, &query, NULL, chorus_test_store_result, &result);
  owned = chorus_test_wait_result (&result);
  page = chorus_client_search_received_finish (fixture->client, owned, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->invoices->len, ==, 0);
  g_assert_cmpuint (page->total, ==, 0);
  g_assert_nonnull (strstr (fixture->last_body, "\"paramRecherche\""));
  g_assert_nonnull (strstr (fixture->last_body, "\"pageResultatDemandee\":2"));
}

static void
test_deposit_flow_body (Fixture *fixture, gconstpointer data)
{
  static const Answer deposited = {
    200, "{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\",\"numeroFluxDepot\":\"CPP0000123\","
         "\"dateDepot\":\"2026-11-23\",\"syntaxeFlux\":\"IN_DP_E2_CII_FACTURX\"}"
  };
  g_autoptr(GBytes) file = g_bytes_new_static ("%PDF-1.7 facturx", 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) deposit = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "%PDF-1.7 facturx", 16);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;

  push (fixture, &deposited);
  chorus_client_deposit_flow_async (fixture->client, file, "facture.pdf", "IN_DP_E2_CII_FACTURX",
                                    NULL, chorus_test_store_result, &result);
  owned = chorus_test_wait_result (&result);
  deposit = chorus_client_deposit_flow_finish (fixture->client, owned, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deposit->flow_number, ==, "CPP0000123");
  g_assert_cmpstr (deposit->date, ==, "2026-11-23");
  g_assert_cmpstr (fixture->last_path, ==, "/cpro/factures/v1/deposer/flux");

  sent = chorus_json_parse_object (fixture->last_body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (sent, "fichierFlux"), ==, encoded);
  g_assert_cmpstr (json_object_get_string_member (sent, "nomFichier"), ==, "facture.pdf");
  g_assert_cmpstr (json_object_get_string_member (sent, "syntaxeFlux"), ==, "IN_DP_E2_CII_FACTURX");
  g_assert_false (json_object_get_boolean_member (sent, "avecSignature"));
}

typedef struct {
  ChorusClient *client;
  JsonObject   *result;
  GError       *error;
  gboolean      done;
} ThreadData;

static gpointer
worker (gpointer user_data)
{
  ThreadData *data = user_data;

  data->result = chorus_client_call_sync (data->client, "factures/v1/rechercher/fournisseur",
                                          NULL, NULL, &data->error);
  g_atomic_int_set (&data->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
test_sync_from_thread (Fixture *fixture, gconstpointer data)
{
  static const Answer busy = { 503, "{}" };
  ThreadData thread_data = { fixture->client, NULL, NULL, FALSE };
  GThread *thread;

  push (fixture, &busy);
  thread = g_thread_new ("sync-call", worker, &thread_data);
  while (!g_atomic_int_get (&thread_data.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_assert_no_error (thread_data.error);
  g_assert_nonnull (thread_data.result);
  g_assert_cmpuint (fixture->api_requests, ==, 2);
  json_object_unref (thread_data.result);
}

static GString *captured_logs;

static void
capture_log (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  g_string_append_printf (captured_logs, "%s: %s\n", domain ? domain : "", message);
}

static void
assert_no_secret (const char *text, const char *what)
{
  g_autofree char *account = g_base64_encode ((const guchar *) TECH_LOGIN ":" TECH_PASSWORD,
                                              strlen (TECH_LOGIN ":" TECH_PASSWORD));
  const char *secrets[] = { CLIENT_SECRET, TECH_PASSWORD, account, "tok-1-secret",
                            "tok-2-secret", "tok-3-secret" };

  for (gsize i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("secret #%zu found in %s: %s", i, what, text);
}

static void
test_secrets_not_logged (Fixture *fixture, gconstpointer data)
{
  static const Answer expired = { 401, "{}" };
  static const Answer refused = { 401, "{}", "WWW-Authenticate", "Bearer error_description=\"nope\"" };
  static const Answer busy = { 503, "{}" };
  guint handler;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  captured_logs = g_string_new (NULL);
  handler = g_log_set_handler ("ChorusCore", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
                               G_LOG_FLAG_RECURSION, capture_log, NULL);
  push (fixture, &busy);
  push (fixture, &expired);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_no_error (error);
  push (fixture, &refused);
  push (fixture, &refused);
  g_clear_pointer (&result, json_object_unref);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_ACCOUNT);
  assert_no_secret (error->message, "an error message");
  g_clear_error (&error);
  fixture->token_mode = 1;
  chorus_client_forget_token (fixture->client);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  assert_no_secret (error->message, "an error message");
  g_log_remove_handler ("ChorusCore", handler);

  /* The debug output did say something, just nothing secret. */
  g_assert_nonnull (strstr (captured_logs->str, "rechercher/recipiendaire"));
  assert_no_secret (captured_logs->str, "the log");
  g_string_free (captured_logs, TRUE);
}


/* ---- redirections (H1) ---- */

typedef struct {
  SoupServer *server;
  char       *base_url;
  guint       requests;
  gboolean    saw_secret;
} Elsewhere;

static void
elsewhere_handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer user_data)
{
  Elsewhere *elsewhere = user_data;

  elsewhere->requests++;
  reply (msg, 200, "{\"codeRetour\":0,\"libelle\":\"ailleurs\"}");
}

static Elsewhere *
elsewhere_start (void)
{
  Elsewhere *elsewhere = g_new0 (Elsewhere, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  elsewhere->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (elsewhere->server, NULL, elsewhere_handle, elsewhere, NULL);
  soup_server_listen_local (elsewhere->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (elsewhere->server);
  /* "localhost", so that the error can be seen to name the redirection's host. */
  elsewhere->base_url = g_strdup_printf ("http://localhost:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return elsewhere;
}

static void
elsewhere_free (Elsewhere *elsewhere)
{
  soup_server_disconnect (elsewhere->server);
  g_object_unref (elsewhere->server);
  g_free (elsewhere->base_url);
  g_free (elsewhere);
}

static void
test_redirect_refused (Fixture *fixture, gconstpointer data)
{
  static const guint statuses[] = { 301, 302, 303, 307, 308 };
  Elsewhere *elsewhere = elsewhere_start ();
  g_autofree char *location = g_strconcat (elsewhere->base_url, "/cpro/factures/v1/rechercher/recipiendaire", NULL);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      Answer *moved = g_new0 (Answer, 1);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) call_error = NULL;

      moved->status = statuses[i];
      moved->body = "";
      moved->header_name = "Location";
      moved->header_value = location;
      g_ptr_array_add (answers, moved);
      push (fixture, moved);
      fixture->api_requests = 0;
      object = call (fixture, "factures/v1/rechercher/recipiendaire", &call_error);
      g_assert_null (object);
      g_assert_error (call_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_SERVER);
      g_assert_cmpuint (chorus_client_error_get_http_status (call_error), ==, statuses[i]);
      /* Named in French for the user: where it came from and where it pointed. */
      g_assert_nonnull (strstr (call_error->message, "127.0.0.1"));
      g_assert_nonnull (strstr (call_error->message, "localhost"));
      /* A redirection is not retried either, even for a read. */
      g_assert_cmpuint (fixture->api_requests, ==, 1);
    }

  /* The health check (a GET) and the token request refuse it too. */
  {
    Answer *moved = g_new0 (Answer, 1);

    moved->status = 302;
    moved->body = "";
    moved->header_name = "Location";
    moved->header_value = location;
    g_ptr_array_add (answers, moved);
    push (fixture, moved);
  }
  chorus_client_health_check_async (fixture->client, NULL, chorus_test_store_result, &result);
  owned = chorus_test_wait_result (&result);
  result = NULL;
  g_assert_false (chorus_client_health_check_finish (fixture->client, owned, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_SERVER);
  g_clear_error (&error);

  fixture->token_redirect = g_strdup (location);
  chorus_client_check_token_async (fixture->client, NULL, chorus_test_store_result, &result);
  g_clear_object (&owned);
  owned = chorus_test_wait_result (&result);
  g_assert_false (chorus_client_check_token_finish (fixture->client, owned, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_SERVER);

  /* The second server never heard of us: no cpro-account, no body, no token went there. */
  g_assert_cmpuint (elsewhere->requests, ==, 0);
  elsewhere_free (elsewhere);
}

/* ---- writes are never sent twice by the client (M1) ---- */

static void
test_writes_not_replayed (Fixture *fixture, gconstpointer data)
{
  static const Answer gateway_timeout = { 504, "<html>Gateway Timeout</html>" };
  static const Answer bad_gateway = { 502, "{}" };
  static const Answer unavailable = { 503, "{}", "Retry-After", "1" };
  static const Answer hang = { 0, NULL, NULL, NULL, TRUE };
  static const struct { const char *path; const Answer *answer; int code; } writes[] = {
    { "factures/v1/soumettre", &gateway_timeout, CHORUS_CLIENT_ERROR_SERVER },
    { "factures/v1/traiter/recue", &bad_gateway, CHORUS_CLIENT_ERROR_SERVER },
    { "factures/v1/deposer/flux", &unavailable, CHORUS_CLIENT_ERROR_SERVER },
    { "facturesTravaux/v1/soumettre", &gateway_timeout, CHORUS_CLIENT_ERROR_SERVER },
    { "factures/v1/recycler", &hang, CHORUS_CLIENT_ERROR_TIMEOUT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) result = NULL;

      push (fixture, writes[i].answer);
      push (fixture, writes[i].answer);
      fixture->api_requests = 0;
      result = call (fixture, writes[i].path, &error);
      g_assert_error (error, CHORUS_CLIENT_ERROR, writes[i].code);
      g_assert_cmpuint (fixture->api_requests, ==, 1);
      /* The outbox's business: it may have been applied, check before sending again. */
      g_assert_true (chorus_client_error_is_transient (error));
      g_assert_true (chorus_client_error_outcome_unknown (error));
      g_queue_clear (&fixture->answers);
    }
}

static void
test_read_allow_list (void)
{
  static const char *const reads[] = {
    "factures/v1/rechercher/recipiendaire", "factures/v1/consulter/historique", "factures/v1/telecharger/groupe",
    "transverses/v1/recuperer/tauxtva", "structures/v1/rechercher", "facturesTravaux/v1/rechercher",
    "transverses/v1/consulterCRDetaille", "transverses/v1/health-check",
  };
  static const char *const writes[] = {
    "factures/v1/soumettre", "factures/v1/deposer/flux", "factures/v1/traiter/recue", "factures/v1/completer",
    "facturesTravaux/v1/refuser", "foo/v1/supprimer", "factures/v1/valider", "factures/v1/modifier",
    /* A read's name inside a write's path changes nothing: the whole path is looked up. */
    "factures/v1/rechercher/recipiendaire/supprimer", "",
  };
  ChorusCallPolicy policy;

  for (gsize i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      _chorus_client_call_policy (reads[i], &policy);
      g_assert_true (policy.replayable);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      _chorus_client_call_policy (writes[i], &policy);
      g_assert_false (policy.replayable);
    }
  _chorus_client_call_policy ("factures/v1/telecharger/groupe", &policy);
  g_assert_cmpuint (policy.max_answer, >=, 160 * 1024 * 1024);
  g_assert_true (policy.long_deadline);
  _chorus_client_call_policy ("transverses/v1/recuperer/tauxtva", &policy);
  g_assert_cmpuint (policy.max_answer, <=, 4 * 1024 * 1024);
  _chorus_client_call_policy ("factures/v1/rechercher/fournisseur", &policy);
  g_assert_cmpuint (policy.max_answer, <=, 16 * 1024 * 1024);
  g_assert_false (policy.long_deadline);
}

/* ---- Retry-After beyond the client's patience (M9) ---- */

static void
test_retry_after_carried (Fixture *fixture, gconstpointer data)
{
  static const Answer busy = { 429, "{}", "Retry-After", "600" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  gint64 before = g_get_real_time ();
  gint64 retry_at;

  push (fixture, &busy);
  result = call (fixture, "factures/v1/traiter/recue", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fixture->api_requests, ==, 1);
  retry_at = chorus_client_error_get_retry_at (error);
  g_assert_cmpint (retry_at, >=, before + (gint64) 600 * G_USEC_PER_SEC);
  g_assert_cmpint (retry_at, <=, g_get_real_time () + (gint64) 600 * G_USEC_PER_SEC);
  /* The gateway refused it: nothing was done. */
  g_assert_false (chorus_client_error_outcome_unknown (error));
}

/* ---- one session for every thread (M2) ---- */

/* Socket inodes whose local port is @port (the test's server side, which libsoup's server
 * keeps in CLOSE_WAIT after the client closes an idle connection: not the client's doing). */
static GHashTable *
inodes_on_port (guint port)
{
  GHashTable *inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GPtrArray *words = g_ptr_array_new ();
      const char *colon;

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      if (words->len > 9 && (colon = strchr (g_ptr_array_index (words, 1), ':')) != NULL &&
          g_ascii_strtoull (colon + 1, NULL, 16) == port)
        g_hash_table_add (inodes, g_strdup_printf ("socket:[%s]", (char *) g_ptr_array_index (words, 9)));
      g_ptr_array_unref (words);
    }
  return inodes;
}

/* Open file descriptors of the process, leaving out the test server's side of connections. */
static guint
count_client_fds (Fixture *fixture)
{
  g_autoptr(GUri) uri = g_uri_parse (fixture->base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) server_side = inodes_on_port ((guint) g_uri_get_port (uri));
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strconcat ("/proc/self/fd/", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target == NULL || !g_hash_table_contains (server_side, target))
        count++;
    }
  return count;
}

typedef struct {
  ChorusClient *client;
  gint          failures;
  gint          done;
} FdRun;

static gpointer
one_call (gpointer user_data)
{
  FdRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  /* Reads and writes, as the pull and the outbox senders make them. */
  result = chorus_client_call_sync (run->client, g_random_boolean () ? "factures/v1/rechercher/fournisseur"
                                                                     : "factures/v1/traiter/recue",
                                    NULL, NULL, &error);
  if (result == NULL)
    g_atomic_int_inc (&run->failures);
  g_atomic_int_inc (&run->done);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Calls from fresh threads, @parallel at a time, until @n are done. */
static void
calls_from_threads (Fixture *fixture, FdRun *run, guint n, guint parallel)
{
  for (guint started = 0; started < n; started += parallel)
    {
      GThread *threads[16];
      gint target = g_atomic_int_get (&run->done) + (gint) MIN (parallel, n - started);

      for (guint i = 0; i < MIN (parallel, n - started); i++)
        threads[i] = g_thread_new ("caller", one_call, run);
      while (g_atomic_int_get (&run->done) < target)
        g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < MIN (parallel, n - started); i++)
        g_thread_join (threads[i]);
    }
}

static void
test_threads_share_connections (Fixture *fixture, gconstpointer data)
{
  FdRun run = { fixture->client, 0, 0 };
  guint start, half, end;

  chorus_client_set_retry_policy (fixture->client, 0, 5, 5, 5000);
  calls_from_threads (fixture, &run, 16, 8);   /* token, first connections */
  start = count_client_fds (fixture);
  calls_from_threads (fixture, &run, 500, 8);
  half = count_client_fds (fixture);
  calls_from_threads (fixture, &run, 500, 8);
  end = count_client_fds (fixture);
  g_test_message ("open fds: %u after warm-up, %u after 500 calls, %u after 1000", start, half, end);
  g_assert_cmpint (g_atomic_int_get (&run.failures), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&run.done), ==, 1016);
  /* The client's connections are its session's: at most its pool of 12 whatever thread called (a
   * few more may still be closing on a busy machine), never growing with the calls: a thousand
   * calls from a thousand threads end where five hundred did, within the pool. */
  g_assert_cmpuint (half, <=, start + 16);
  g_assert_cmpuint (end, <=, start + 16);
}

/* ---- size caps and streamed files (M8) ---- */

static glong
max_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
test_answer_caps (Fixture *fixture, gconstpointer data)
{
  static const Answer huge_page = { 200, NULL, NULL, NULL, FALSE, 40 * 1024 * 1024 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  glong before = max_rss_kb ();

  chorus_client_set_retry_policy (fixture->client, 0, 5, 5, 5000);
  push (fixture, &huge_page);
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "Mo") != NULL ? error->message : strstr (error->message, "MB"));
  g_test_message ("max RSS +%ld kB", max_rss_kb () - before);
  g_clear_error (&error);

  /* A referential answer is capped lower still. */
  push (fixture, &huge_page);
  result = call (fixture, "transverses/v1/recuperer/tauxtva", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE);
}

static GBytes *
download_one (Fixture *fixture, GError **error)
{
  static const gint64 ids[] = { 42 };
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;

  chorus_client_download_async (fixture->client, ids, 1, CHORUS_DOWNLOAD_PDF, FALSE, NULL, chorus_test_store_result, &result);
  owned = chorus_test_wait_result (&result);
  return chorus_client_download_finish (fixture->client, owned, error);
}

static void
test_download_streamed (Fixture *fixture, gconstpointer data)
{
  gsize size = 6 * 1024 * 1024 + 5;
  g_autofree guchar *file = g_malloc (size);
  g_autofree char *encoded = NULL;
  g_autoptr(GString) body = g_string_new ("{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\",\"fichierResultat\":\"");
  g_autofree char *text = NULL;
  Answer download = { 200 };
  Answer broken = { 200, "{\"codeRetour\":0,\"libelle\":\"x\",\"fichierResultat\":\"JVBE*Rg==\"}" };
  Answer missing = { 200, "{\"codeRetour\":0,\"libelle\":\"x\"}" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < size; i++)
    file[i] = (guchar) g_random_int ();
  memcpy (file, "%PDF-1.7", 8);
  encoded = g_base64_encode (file, size);
  /* JSON may escape "/" (Java serialisers do): the stream decoder must read it back. */
  for (const char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '/')
        g_string_append (body, "\\/");
      else
        g_string_append_c (body, *p);
    }
  g_string_append (body, "\"}");
  text = g_string_free (g_steal_pointer (&body), FALSE);
  download.body = text;

  push (fixture, &download);
  bytes = download_one (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, size);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), size, file, size);
  g_assert_nonnull (strstr (fixture->last_body, "\"listeFacture\""));

  /* Not base64, or no file at all: a clear error. */
  push (fixture, &broken);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = download_one (fixture, &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  push (fixture, &missing);
  bytes = download_one (fixture, &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

static void
test_upload_limits (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (CHORUS_DEPOSIT_MAX_FILE_BYTES + 1),
                                            CHORUS_DEPOSIT_MAX_FILE_BYTES + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) result = NULL;

  /* Above Chorus Pro's 10 MB per file: refused before anything is encoded or sent. */
  result = chorus_client_deposit_pdf_sync (fixture->client, big, "facture.pdf", NULL, &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE);
  g_clear_error (&error);
  result = chorus_client_add_file_sync (fixture->client, big, "annexe.pdf", "PDF", NULL, NULL, &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE);
  g_assert_cmpuint (fixture->api_requests, ==, 0);
  g_assert_cmpuint (fixture->token_requests, ==, 0);
}

/* ---- an overall deadline per request (L7) ---- */

static void
test_slow_drip_deadline (Fixture *fixture, gconstpointer data)
{
  static const Answer drip = { 200, NULL, NULL, NULL, FALSE, 0, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  gint64 start;

  /* The timeout (1 s of silence) never fires: a byte comes every 400 ms. */
  chorus_client_set_retry_policy (fixture->client, 0, 5, 5, 5000);
  chorus_client_set_deadlines (fixture->client, 3000, 3000);
  push (fixture, &drip);
  start = g_get_monotonic_time ();
  result = call (fixture, "factures/v1/rechercher/recipiendaire", &error);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2900 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
  g_assert_true (chorus_client_error_outcome_unknown (error));
}

/* ---- secrets in memory (L4) ---- */

static gint wiped_buffers;
static gint dirty_buffers;

static void
check_wiped (const guchar *data, gsize size)
{
  for (gsize i = 0; i < size; i++)
    if (data[i] != 0)
      {
        g_atomic_int_inc (&dirty_buffers);
        return;
      }
  g_atomic_int_inc (&wiped_buffers);
}

static void
test_secrets_wiped (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) owned = NULL;

  _chorus_client_set_wipe_hook (check_wiped);
  chorus_client_check_token_async (fixture->client, NULL, chorus_test_store_result, &result);
  owned = chorus_test_wait_result (&result);
  g_assert_true (chorus_client_check_token_finish (fixture->client, owned, &error));
  g_assert_no_error (error);
  /* The form with client_secret and the answer with the token, once libsoup let them go. */
  while (g_atomic_int_get (&wiped_buffers) < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  _chorus_client_set_wipe_hook (NULL);
  g_assert_cmpint (g_atomic_int_get (&wiped_buffers), >=, 2);
  g_assert_cmpint (g_atomic_int_get (&dirty_buffers), ==, 0);
}

/* ---- the local environment (L8) ---- */

static void
test_local_must_be_loopback (Fixture *fixture, gconstpointer data)
{
  g_autoptr(ChorusClient) remote = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, "http://192.0.2.1:8443");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  gint64 start = g_get_monotonic_time ();

  chorus_client_set_credentials (remote, CLIENT_ID, CLIENT_SECRET, TECH_LOGIN, TECH_PASSWORD);
  result = chorus_client_call_sync (remote, "factures/v1/rechercher/recipiendaire", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "192.0.2.1"));
  /* Refused at once, without trying the network. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_clear_error (&error);
  g_assert_false (chorus_client_check_token_sync (remote, NULL, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client/http/headers-and-token-cache", test_headers_and_token_cache);
  ADD ("/client/http/one-token-for-concurrent-calls", test_one_token_for_concurrent_calls);
  ADD ("/client/http/token-renewed-before-expiry", test_token_renewed_before_expiry);
  ADD ("/client/http/401-retried-once", test_401_retried_once);
  ADD ("/client/http/401-bad-account", test_401_bad_account);
  ADD ("/client/http/bad-client", test_bad_client);
  ADD ("/client/http/429-retry-after", test_429_retry_after);
  ADD ("/client/http/429-retry-after-too-long", test_429_retry_after_too_long);
  ADD ("/client/http/5xx-bounded", test_5xx_bounded);
  ADD ("/client/http/errors", test_http_errors);
  ADD ("/client/http/timeout", test_timeout);
  ADD ("/client/http/network-down", test_network_down);
  ADD ("/client/http/cancel-during-backoff", test_cancel_during_backoff);
  ADD ("/client/http/empty-search", test_empty_search_is_a_page);
  ADD ("/client/http/deposit-flow-body", test_deposit_flow_body);
  ADD ("/client/http/sync-from-thread", test_sync_from_thread);
  ADD ("/client/http/secrets-not-logged", test_secrets_not_logged);
  ADD ("/client/http/redirect-refused", test_redirect_refused);
  ADD ("/client/http/writes-not-replayed", test_writes_not_replayed);
  ADD ("/client/http/retry-after-carried", test_retry_after_carried);
  ADD ("/client/http/threads-share-connections", test_threads_share_connections);
  ADD ("/client/http/answer-caps", test_answer_caps);
  ADD ("/client/http/download-streamed", test_download_streamed);
  ADD ("/client/http/upload-limits", test_upload_limits);
  ADD ("/client/http/slow-drip-deadline", test_slow_drip_deadline);
  ADD ("/client/http/secrets-wiped", test_secrets_wiped);
  ADD ("/client/http/local-must-be-loopback", test_local_must_be_loopback);
#undef ADD
  g_test_add_func ("/client/http/read-allow-list", test_read_allow_list);

  return g_test_run ();
}
