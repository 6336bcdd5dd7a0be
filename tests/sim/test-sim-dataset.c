/* test-sim-dataset.c: the generator is deterministic, spans what the app must show, and a kept
 * data directory is reopened rather than regenerated. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "chorus-types.h"
#include "sim-test.h"

static char *
first_page (ChorusSim *sim)
{
  SimFixture f = { sim, soup_session_new (), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  char *text;

  g_assert_true (chorus_sim_start (sim, 0, &error));
  f.token = sim_fetch_token (&f);
  o = sim_post_ok (&f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":20}}");
  json_node_set_array (node, json_object_get_array_member (o, "listeFactures"));
  text = json_to_string (node, FALSE);
  chorus_sim_stop (sim);
  g_free (f.token);
  g_object_unref (f.session);
  return text;
}

static void
test_deterministic (void)
{
  ChorusSimConfig config = { 77, 300, NULL };
  ChorusSimConfig other = { 78, 300, NULL };
  g_autoptr(ChorusSim) a = chorus_sim_new (&config, NULL);
  g_autoptr(ChorusSim) b = chorus_sim_new (&config, NULL);
  g_autoptr(ChorusSim) c = chorus_sim_new (&other, NULL);
  g_autofree char *pa = NULL;
  g_autofree char *pb = NULL;

  g_assert_cmpstr (chorus_sim_get_recipient_siret (a), ==, chorus_sim_get_recipient_siret (b));
  g_assert_cmpstr (chorus_sim_get_supplier_siret (a), ==, chorus_sim_get_supplier_siret (b));
  g_assert_cmpstr (chorus_sim_get_recipient_siret (a), !=, chorus_sim_get_recipient_siret (c));
  g_assert_true (chorus_siret_is_valid (chorus_sim_get_recipient_siret (a)));
  g_assert_true (g_str_has_prefix (chorus_sim_get_recipient_siret (a), "26"));
  g_assert_true (chorus_siret_is_valid (chorus_sim_get_strict_recipient_siret (a)));
  pa = first_page (a);
  pb = first_page (b);
  g_assert_cmpstr (pa, ==, pb);
  g_assert_cmpuint (chorus_sim_count_received (a) + chorus_sim_count_issued (a), <=, 300);
  g_assert_cmpuint (chorus_sim_count_received (a), >, 150);
}

static void
test_tiny (void)
{
  ChorusSimConfig config = { 1, 10, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusSim) sim = chorus_sim_new (&config, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (chorus_sim_count_issued (sim), >=, 5);
  g_assert_cmpuint (chorus_sim_count_received (sim), >=, 1);
}

static void
test_reopen (void)
{
  g_autofree char *dir = g_dir_make_tmp ("chorus-sim-test-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "chorus-sim.db", NULL);
  ChorusSimConfig config = { 5, 200, dir };
  ChorusSimConfig bigger = { 5, 250, dir };
  GStatBuf st1, st2;
  g_autofree char *siret = NULL;

  {
    g_autoptr(ChorusSim) sim = chorus_sim_new (&config, NULL);
    siret = g_strdup (chorus_sim_get_recipient_siret (sim));
  }
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (db, &st1), ==, 0);
  {
    g_autoptr(ChorusSim) sim = chorus_sim_new (&config, NULL);
    g_assert_cmpstr (chorus_sim_get_recipient_siret (sim), ==, siret);
    g_assert_cmpuint (chorus_sim_count_received (sim), >, 0);
  }
  g_assert_cmpint (g_stat (db, &st2), ==, 0);
  g_assert_cmpint (st1.st_ino, ==, st2.st_ino);
  {
    /* Another size: regenerated in place. */
    g_autoptr(ChorusSim) sim = chorus_sim_new (&bigger, NULL);
    g_assert_cmpuint (chorus_sim_count_received (sim) + chorus_sim_count_issued (sim), >, 0);
  }
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_remove (path);
      }
  }
  g_rmdir (dir);
}

static void
test_private_dir_removed (void)
{
  ChorusSimConfig config = { 5, 50, NULL };
  ChorusSim *sim = chorus_sim_new (&config, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  g_assert_true (chorus_sim_start (sim, 0, &error));
  base = g_strdup (chorus_sim_get_base_url (sim));
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_cmpstr (chorus_sim_get_token_url (sim) + strlen (base), ==, "/api/oauth/token");
  /* Stop, start again (on any free port), and answer. */
  chorus_sim_stop (sim);
  g_assert_true (chorus_sim_start (sim, 0, &error));
  {
    SimFixture f = { sim, soup_session_new (), NULL };
    f.token = sim_fetch_token (&f);
    g_assert_cmpuint (sim_call (&f, "transverses/v1/recuperer/tauxtva", "{}", NULL), ==, 200);
    g_free (f.token);
    g_object_unref (f.session);
  }
  g_object_unref (sim);  /* stops the server too */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/dataset/deterministic", test_deterministic);
  g_test_add_func ("/sim/dataset/tiny", test_tiny);
  g_test_add_func ("/sim/dataset/reopen", test_reopen);
  g_test_add_func ("/sim/dataset/restart", test_private_dir_removed);
  return g_test_run ();
}
