/* test-sim-faults.c: injected faults (latency, 429, 5xx, hangs, broken JSON, revoked tokens,
 * connections dropped after the write) and answer quirks, set at run time from the C API,
 * including from other threads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-test.h"

static guint
call_status (SimFixture *f, GBytes **out, SoupMessageHeaders **headers)
{
  g_autofree char *url = g_strconcat (chorus_sim_get_base_url (f->sim), "/cpro/transverses/v1/recuperer/tauxtva", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->token, NULL);
  g_autofree char *account = g_base64_encode ((const guchar *) CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD,
                                              strlen (CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD));
  const char *h[] = { "Authorization", bearer, "cpro-account", account, NULL, NULL };

  return sim_send (f, "POST", url, "application/json", "{}", h, out, headers);
}

static void
test_429 (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 1.0, .http_429 = TRUE, .retry_after_s = 7 };
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;

  chorus_sim_set_faults (f->sim, &faults);
  g_assert_cmpuint (call_status (f, &body, &headers), ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Retry-After"), ==, "7");
  chorus_sim_set_faults (f->sim, NULL);
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 200);
}

static void
test_5xx (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults faults = { .http_5xx = TRUE, .seed = 3 };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  chorus_sim_set_faults (f->sim, &faults);
  for (int k = 0; k < 30; k++)
    {
      guint status = call_status (f, NULL, NULL);
      g_assert_true (status == 500 || status == 502 || status == 503);
      g_hash_table_add (seen, GUINT_TO_POINTER (status));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
}

static void
test_broken_json (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults malformed = { .failure_rate = 1.0, .malformed_json = TRUE };
  ChorusSimFaults truncated = { .failure_rate = 1.0, .truncated_json = TRUE };
  ChorusSimFaults *cases[] = { &malformed, &truncated };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len = 0;
      const char *data_;

      chorus_sim_set_faults (f->sim, cases[k]);
      g_assert_cmpuint (call_status (f, &body, NULL), ==, 200);
      data_ = g_bytes_get_data (body, &len);
      g_assert_cmpuint (len, >, 0);
      g_assert_false (json_parser_load_from_data (parser, data_, (gssize) len, NULL));
    }
}

static void
test_failure_rate (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 0.3, .http_5xx = TRUE, .seed = 99 };
  int failed = 0;

  chorus_sim_set_faults (f->sim, &faults);
  for (int k = 0; k < 200; k++)
    failed += call_status (f, NULL, NULL) != 200;
  /* Seeded: the count is fixed for a seed, and near the rate. */
  g_assert_cmpint (failed, >, 30);
  g_assert_cmpint (failed, <, 90);
  {
    int again = 0;

    chorus_sim_set_faults (f->sim, &faults);
    for (int k = 0; k < 200; k++)
      again += call_status (f, NULL, NULL) != 200;
    g_assert_cmpint (again, ==, failed);
  }
}

static void
test_latency (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults faults = { .latency_ms = 150 };
  gint64 start;

  chorus_sim_set_faults (f->sim, &faults);
  start = g_get_monotonic_time ();
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
}

static void
test_timeout (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 1.0, .timeouts = TRUE };
  gint64 start;

  /* The simulator hangs far longer than the client waits; the client gives up. */
  g_object_set (f->session, "timeout", 1, NULL);
  chorus_sim_set_faults (f->sim, &faults);
  start = g_get_monotonic_time ();
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  chorus_sim_set_faults (f->sim, NULL);
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 200);
}

static void
test_expire_fault (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults faults = { .failure_rate = 1.0, .expire_tokens = TRUE };
  g_autoptr(SoupMessageHeaders) headers = NULL;

  chorus_sim_set_faults (f->sim, &faults);
  g_assert_cmpuint (call_status (f, NULL, &headers), ==, 401);
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "WWW-Authenticate"), "invalid_token"));
  chorus_sim_set_faults (f->sim, NULL);
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 401);
  g_free (f->token);
  f->token = sim_fetch_token (f);
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 200);
}

static gpointer
flip_faults (gpointer sim)
{
  ChorusSimFaults faults = { .failure_rate = 0.5, .http_5xx = TRUE, .latency_ms = 1 };

  for (int k = 0; k < 2000; k++)
    chorus_sim_set_faults (sim, k % 2 ? &faults : NULL);
  chorus_sim_set_faults (sim, NULL);
  return NULL;
}

static void
test_threads (SimFixture *f, gconstpointer data)
{
  GThread *thread = g_thread_new ("faults", flip_faults, f->sim);

  for (int k = 0; k < 60; k++)
    {
      guint status = call_status (f, NULL, NULL);
      g_assert_true (status == 200 || status >= 500);
    }
  g_thread_join (thread);
  g_assert_cmpuint (call_status (f, NULL, NULL), ==, 200);
  g_assert_cmpuint (chorus_sim_get_request_count (f->sim), >=, 62);
}

/* "Applied, then the connection dropped": the write is in, the client never hears of it. */
static void
test_drop_after_apply (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults drop = { .failure_rate = 1.0, .drop_after_apply = TRUE };
  ChorusSimFaults cut = { .failure_rate = 1.0, .cut_after_apply = TRUE };
  ChorusSimFaults *cases[] = { &drop, &cut };
  gint64 ids[] = { sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION"), sim_find_invoice (f, TRUE, "COMPLETEE") };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *body = g_strdup_printf ("{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SERVICE_FAIT\"}",
                                               ids[k]);
      g_autoptr(GBytes) out = NULL;
      guint before = chorus_sim_get_request_count (f->sim);
      guint status;

      g_assert_cmpint (ids[k], >, 0);
      chorus_sim_set_faults (f->sim, cases[k]);
      status = sim_call (f, "factures/v1/traiter/recue", body, &out);
      chorus_sim_set_faults (f->sim, NULL);
      if (cases[k] == &drop)
        g_assert_cmpuint (status, ==, 0);
      else
        {
          /* The announced length never comes: libsoup may report the cut or hand over the part. */
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_true (status == 0 || status == 200);
          if (out != NULL)
            g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (out, NULL),
                                                        (gssize) g_bytes_get_size (out), NULL));
        }
      /* Applied and committed all the same, exactly once. */
      g_assert_cmpstr (sim_status_of (f, ids[k]), ==, "SERVICE_FAIT");
      g_assert_cmpuint (chorus_sim_get_request_count (f->sim), ==, before + 2);
      {
        g_autoptr(JsonObject) again = sim_post (f, "factures/v1/traiter/recue", "%s", body);
        g_assert_cmpint (sim_code (again), ==, 20002);
      }
    }
}

/* The shapes real answers take: ids and amounts as numeric strings, a list of one as an object. */
static void
test_quirks (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults quirks = { .quirks = TRUE };
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonObject) page = NULL;
  JsonObject *item;
  char *end = NULL;

  chorus_sim_set_faults (f->sim, &quirks);
  o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":1}}");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "listeFactures")));
  item = json_object_get_object_member (o, "listeFactures");
  g_ascii_strtoll (json_object_get_string_member (item, "idFacture"), &end, 10);
  g_assert_cmpint (*end, ==, '\0');
  g_assert_nonnull (json_object_get_string_member (item, "montantTTC"));
  g_assert_nonnull (json_object_get_string_member (item, "idDestinataire"));
  /* Codes and counters stay numbers. */
  g_assert_cmpint (json_object_get_int_member (o, "codeRetour"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (o, "pageCourante"), ==, 1);
  page = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":3}}");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "listeFactures")));
  chorus_sim_set_faults (f->sim, NULL);
}

/* One unreadable item in a page: the second one is not an object. */
static void
test_odd_item (SimFixture *f, gconstpointer data)
{
  ChorusSimFaults odd = { .odd_item = TRUE };
  g_autoptr(JsonObject) o = NULL;
  JsonArray *list;

  chorus_sim_set_faults (f->sim, &odd);
  o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":5}}");
  list = json_object_get_array_member (o, "listeFactures");
  g_assert_cmpuint (json_array_get_length (list), ==, 5);
  for (guint k = 0; k < 5; k++)
    g_assert_cmpint (JSON_NODE_HOLDS_OBJECT (json_array_get_element (list, k)), ==, k != 1);
  chorus_sim_set_faults (f->sim, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/faults/429", test_429);
  ADD ("/sim/faults/5xx", test_5xx);
  ADD ("/sim/faults/broken-json", test_broken_json);
  ADD ("/sim/faults/failure-rate", test_failure_rate);
  ADD ("/sim/faults/latency", test_latency);
  ADD ("/sim/faults/timeout", test_timeout);
  ADD ("/sim/faults/expire-tokens", test_expire_fault);
  ADD ("/sim/faults/threads", test_threads);
  ADD ("/sim/faults/drop-after-apply", test_drop_after_apply);
  ADD ("/sim/faults/quirks", test_quirks);
  ADD ("/sim/faults/odd-item", test_odd_item);
  return g_test_run ();
}
