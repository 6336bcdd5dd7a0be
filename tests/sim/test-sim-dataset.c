/* test-sim-dataset.c: the generator is deterministic, speaks the reference's vocabulary, holds
 * every case the seeds teach, a kept data directory is reopened rather than regenerated, and a
 * reset brings the dataset back to its start. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-sim-rules.h"
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

/* Every invoice of a search, walked page by page. */
static GPtrArray *
all_items (SimFixture *f, const char *path, const char *wrapper, const char *extra)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (gint64 page = 1, pages = 1; page <= pages; page++)
    {
      g_autoptr(JsonObject) o = sim_post_ok (f, path, "{%s\"%s\":{\"pageResultatDemandee\":%" G_GINT64_FORMAT
                                             ",\"nbResultatsParPage\":200}}", extra, wrapper, page);
      JsonArray *list = json_object_get_array_member (o, "listeFactures");
      JsonObject *paging = json_object_has_member (o, "parametresRetour") ? json_object_get_object_member (o, "parametresRetour") : o;

      pages = json_object_get_int_member (paging, "pages");
      for (guint k = 0; k < json_array_get_length (list); k++)
        g_ptr_array_add (items, json_object_ref (json_array_get_object_element (list, k)));
    }
  return items;
}

static gboolean
has_status (GPtrArray *items, const char *statut, const char *type)
{
  for (guint k = 0; k < items->len; k++)
    {
      JsonObject *item = g_ptr_array_index (items, k);

      if (g_str_equal (json_object_get_string_member (item, "statut"), statut) &&
          (type == NULL || g_str_equal (json_object_get_string_member (item, "typeFacture"), type)))
        return TRUE;
    }
  return FALSE;
}

/* The dataset speaks the reference's vocabulary only (§0.1, §0.3, §0.4), with the statuses a
 * client may not know yet, and received invoices of both typeDemandePaiement. */
static void
test_vocabulary (SimFixture *f, gconstpointer data)
{
  static const char *const guesses[] = { "A_VALIDER", "VALIDEE", "REFUSEE", "PRISE_EN_COMPTE" };
  g_autoptr(GPtrArray) received = all_items (f, "factures/v1/rechercher/recipiendaire", "paramRecherche", "");
  g_autoptr(GPtrArray) works = all_items (f, "factures/v1/rechercher/recipiendaire", "paramRecherche",
                                          "\"typeDemandePaiement\":\"FACTURE_TRAVAUX\",");
  g_autoptr(GPtrArray) issued = all_items (f, "factures/v1/rechercher/fournisseur", "rechercheFactureParFournisseur", "");
  GPtrArray *sets[] = { received, works, issued };
  g_autoptr(JsonObject) modes = sim_post_ok (f, "transverses/v1/recuperer/modereglements", "{}");
  g_autoptr(GHashTable) payment = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (received->len, ==, chorus_sim_count_received (f->sim));
  g_assert_cmpuint (works->len, ==, chorus_sim_count_received_works (f->sim));
  g_assert_cmpuint (works->len, >=, 2);
  for (gsize s = 0; s < G_N_ELEMENTS (sets); s++)
    for (guint k = 0; k < sets[s]->len; k++)
      {
        JsonObject *item = g_ptr_array_index (sets[s], k);
        const char *statut = json_object_get_string_member (item, "statut");

        g_assert_nonnull (sim_status_find (statut));
        for (gsize g = 0; g < G_N_ELEMENTS (guesses); g++)
          g_assert_cmpstr (statut, !=, guesses[g]);
        g_assert_true (sim_vocabulary_has (SIM_VOCAB_TYPE_FACTURE, json_object_get_string_member (item, "typeFacture")));
        if (s == 2)
          g_assert_true (sim_vocabulary_has (SIM_VOCAB_MODE_DEPOT, json_object_get_string_member (item, "modeDepot")));
        if (s == 1)
          {
            g_assert_cmpstr (json_object_get_string_member (item, "typeDemandePaiement"), ==, "FACTURE_TRAVAUX");
            g_assert_true (sim_vocabulary_has (SIM_VOCAB_TYPE_FACTURE_TRAVAUX,
                                               json_object_get_string_member (item, "typeFactureTravaux")));
            g_assert_nonnull (json_object_get_string_member (item, "codeMOA"));
          }
        else if (s == 0)
          g_assert_cmpstr (json_object_get_string_member (item, "typeDemandePaiement"), ==, "FACTURE");
      }
  /* Codes a client may not know, kept for the client's tests of raw codes. */
  g_assert_true (has_status (received, "TECHNIQUE_INCONNU", NULL));
  g_assert_true (has_status (received, "INTERPRETEE_OCR", NULL));

  /* The payment modes and VAT types of the invoices are the portal's (§0.4, §5). */
  for (guint k = 0; k < json_array_get_length (json_object_get_array_member (modes, "listeModePaiement")); k++)
    g_hash_table_add (payment, (gpointer) json_object_get_string_member (json_array_get_object_element (
      json_object_get_array_member (modes, "listeModePaiement"), k), "modePaiement"));
  for (guint k = 0; k < 40; k++)
    {
      JsonObject *item = g_ptr_array_index (issued, k);
      g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}",
                                             json_object_get_int_member (item, "identifiantFactureCPP"));
      JsonObject *refs = json_object_get_object_member (json_object_get_object_member (c, "facture"), "references");

      g_assert_true (sim_vocabulary_has (SIM_VOCAB_TYPE_TVA, json_object_get_string_member (refs, "typeTva")));
      if (g_str_equal (json_object_get_string_member (refs, "typeFacture"), "AVOIR"))
        g_assert_true (json_object_get_null_member (refs, "modePaiement"));
      else
        g_assert_true (g_hash_table_contains (payment, json_object_get_string_member (refs, "modePaiement")));
    }
}

/* What the seeds teach is in every dataset (issue 14): the supplier's suspension waiting for
 * documents, its invoice to recycle, its rejected credit note; first- and second-level validations. */
static void
test_training_cases (SimFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) issued = all_items (f, "factures/v1/rechercher/fournisseur", "rechercheFactureParFournisseur", "");
  g_autoptr(JsonObject) validation = sim_post_ok (f, "factures/v1/rechercher/valideur", "{\"pagination\":{\"nbResultatsParPage\":500}}");
  JsonArray *to_validate = json_object_get_array_member (validation, "listeFactures");
  gboolean waiting_documents = FALSE;
  guint first = 0, second = 0, refused = 0;

  for (guint k = 0; k < issued->len; k++)
    {
      JsonObject *item = g_ptr_array_index (issued, k);
      const char *comment = json_object_get_string_member (item, "commentaireEtatCourant");

      waiting_documents |= g_str_equal (json_object_get_string_member (item, "statut"), "SUSPENDUE") && comment &&
                           strstr (comment, "feuille d'émargement") != NULL;
    }
  g_assert_true (waiting_documents);
  g_assert_true (has_status (issued, "A_RECYCLER", NULL));
  g_assert_true (has_status (issued, "REJETEE", "AVOIR"));
  for (guint k = 0; k < json_array_get_length (to_validate); k++)
    {
      const char *statut = json_object_get_string_member (json_array_get_object_element (to_validate, k), "statut");

      first += g_str_equal (statut, "A_VALIDER_1");
      second += g_str_equal (statut, "A_VALIDER_2");
      refused += g_str_equal (statut, "REFUSEE_1");
    }
  g_assert_cmpuint (first, >=, 2);
  g_assert_cmpuint (second, >=, 1);
  g_assert_cmpuint (refused, >=, 1);
}

/* "Réinitialiser la démonstration": what was done is undone, the dataset is as first generated,
 * and the running server keeps its tokens. */
static void
test_reset (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION");
  g_autoptr(JsonObject) before = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":50}}");
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *siret = g_strdup (chorus_sim_get_recipient_siret (f->sim));
  const char *siret_pointer = chorus_sim_get_recipient_siret (f->sim);
  SimDeposit d = { .numero = "RESET-1" };
  gint64 deposited = sim_deposit (f, &d, NULL);
  g_autofree char *text_before = NULL;
  g_autofree char *text_after = NULL;

  g_assert_cmpint (deposited, >, 0);
  {
    g_autoptr(JsonObject) done = sim_post_ok (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                                              ",\"nouveauStatut\":\"SERVICE_FAIT\"}", id);
  }
  g_assert_cmpstr (sim_status_of (f, id), ==, "SERVICE_FAIT");

  g_assert_true (chorus_sim_reset (f->sim, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sim_status_of (f, id), ==, "MISE_A_DISPOSITION");
  gone = sim_post (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", deposited);
  g_assert_cmpint (sim_code (gone), ==, 20001);
  after = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":50}}");
  a = json_node_init_object (json_node_alloc (), before);
  b = json_node_init_object (json_node_alloc (), after);
  text_before = json_to_string (a, FALSE);
  text_after = json_to_string (b, FALSE);
  g_assert_cmpstr (text_before, ==, text_after);
  /* The strings handed out before stay valid. */
  g_assert_true (chorus_sim_get_recipient_siret (f->sim) == siret_pointer);
  g_assert_cmpstr (siret_pointer, ==, siret);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/dataset/deterministic", test_deterministic);
  g_test_add_func ("/sim/dataset/tiny", test_tiny);
  g_test_add_func ("/sim/dataset/reopen", test_reopen);
  g_test_add_func ("/sim/dataset/restart", test_private_dir_removed);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/dataset/vocabulary", test_vocabulary);
  ADD ("/sim/dataset/training-cases", test_training_cases);
  ADD ("/sim/dataset/reset", test_reset);
  return g_test_run ();
}
