/* test-sim-hostile.c: malformed bodies, wrong JSON types and absurd paging get the error
 * shapes (HTTP 400 {codeRetour, libelle}), oversized bodies and answers HTTP 413, hostile names
 * stay inside the archive (security review L11), and the simulator keeps serving. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-test.h"

static void
assert_400 (SimFixture *f, const char *path, const char *body)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonObject) o = NULL;
  guint status = sim_call (f, path, body, &out);

  if (status != 400)
    g_error ("%s with %s: expected HTTP 400, got %u", path, body, status);
  o = sim_parse_object (out);
  g_assert_cmpint (json_object_get_int_member (o, "codeRetour"), ==, 20100);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "libelle"), "Requête invalide"));
}

static void
test_malformed_bodies (SimFixture *f, gconstpointer data)
{
  const char *bodies[] = {
    "{", "[]", "\"text\"", "42", "null", "{\"a\":}", "{\"paramRecherche\":{\"nbResultatsParPage\":10,}}",
    "\xff\xfe{}", "{\"a\":\"\\ud800\"}",
  };

  for (gsize k = 0; k < G_N_ELEMENTS (bodies); k++)
    assert_400 (f, "factures/v1/rechercher/recipiendaire", bodies[k]);
}

static void
test_wrong_types (SimFixture *f, gconstpointer data)
{
  static const char *const cases[][2] = {
    { "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":\"123\"}" },
    { "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":1.5}" },
    { "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":123,\"rechercheLignePoste\":[]}" },
    { "factures/v1/traiter/recue", "{\"idFacture\":true,\"nouveauStatut\":\"SERVICE_FAIT\"}" },
    { "factures/v1/traiter/recue", "{\"idFacture\":1,\"nouveauStatut\":[\"SERVICE_FAIT\"]}" },
    { "factures/v1/traiter/recue", "{\"idFacture\":1,\"nouveauStatut\":\"SERVICE_FAIT\",\"motif\":{}}" },
    { "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":\"page 1\"}" },
    { "factures/v1/rechercher/recipiendaire", "{\"statutCourant\":[1,2]}" },
    { "factures/v1/rechercher/recipiendaire", "{\"montantTTCMin\":\"beaucoup\"}" },
    { "factures/v1/rechercher/recipiendaire", "{\"periodeDateDepotDu\":\"23/11/2026\"}" },
    { "factures/v1/rechercher/recipiendaire", "{\"factureTelechargeeParDestinataire\":\"oui\"}" },
    { "factures/v1/rechercher/recipiendaire", "{\"listeFournisseurs\":[5]}" },
    { "factures/v1/rechercher/fournisseur", "{\"idFournisseur\":\"abc\"}" },
    { "factures/v1/telecharger/groupe", "{\"listeFacture\":[1,2],\"format\":\"PDF\"}" },
    { "factures/v1/soumettre", "{\"modeDepot\":\"SAISIE_API\",\"lignePoste\":\"une ligne\"}" },
    { "factures/v1/soumettre", "{\"destinataire\":\"123\"}" },
    { "structures/v1/rechercher", "{\"structure\":{\"identifiantStructure\":12345678901234}}" },
    { "structures/v1/consulter", "{\"idStructureCPP\":[1]}" },
    { "transverses/v1/recuperer/etats/traitement", "{\"statutCourant\":3}" },
    { "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"MOE\",\"rechercheFactureTravaux\":{\"pageResultatDemandee\":\"1\"}}" },
    { "facturesTravaux/v1/soumettre", "{\"idPiecePrecedente\":\"x\"}" },
    { "utilisateurs/v1/monCompte/recuperer/rattachements", "{\"parametresRecherche\":{\"nbResultatsParPage\":false}}" },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    assert_400 (f, cases[k][0], cases[k][1]);
}

static void
test_paging_limits (SimFixture *f, gconstpointer data)
{
  static const char *const bad[] = {
    "{\"paramRecherche\":{\"pageResultatDemandee\":0}}",
    "{\"paramRecherche\":{\"pageResultatDemandee\":-3}}",
    "{\"paramRecherche\":{\"nbResultatsParPage\":0}}",
    "{\"paramRecherche\":{\"nbResultatsParPage\":-10}}",
    "{\"paramRecherche\":{\"nbResultatsParPage\":100000000}}",
    "{\"paramRecherche\":{\"pageResultatDemandee\":9223372036854775807,\"nbResultatsParPage\":1000}}",
    "{\"paramRecherche\":{\"pageResultatDemandee\":1e300}}",
    "{\"paramRecherche\":{\"triSens\":\"Ascendant \"}}",
    "{\"paramRecherche\":{\"triSens\":\"ASC\"}}",
    "{\"paramRecherche\":{\"triColonne\":\"id; DROP TABLE invoices\"}}",
  };
  g_autoptr(JsonObject) far = NULL;

  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    assert_400 (f, "factures/v1/rechercher/recipiendaire", bad[k]);

  /* A page far past the end is a valid question with an empty answer. */
  far = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                     "{\"paramRecherche\":{\"pageResultatDemandee\":1000000,\"nbResultatsParPage\":10000}}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (far, "listeFactures")), ==, 0);
}

static void
test_injection_is_data (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post (f, "factures/v1/rechercher/recipiendaire",
                                      "{\"numeroFacture\":\"' OR 1=1 --\",\"numeroMarche\":\"%%\"}");
  g_autoptr(JsonObject) s = sim_post (f, "structures/v1/rechercher",
                                      "{\"structure\":{\"raisonSocialeStructure\":\"%%' OR '1'='1\"}}");

  g_assert_cmpint (sim_code (o), ==, 20000);
  g_assert_cmpint (sim_code (s), ==, 20000);
}

/* Every member of valid requests replaced by values of every other type: always JSON back. */
static void
test_type_fuzz (SimFixture *f, gconstpointer data)
{
  static const char *const requests[][2] = {
    { "factures/v1/rechercher/recipiendaire", "{\"idDestinataire\":1,\"statutCourant\":[\"MISE_A_DISPOSITION\"],"
      "\"periodeDateDepotDu\":\"2025-01-01\",\"montantHTMin\":1,\"paramRecherche\":{\"pageResultatDemandee\":1,"
      "\"nbResultatsParPage\":5,\"triColonne\":\"DateDepot\",\"triSens\":\"Descendant\"}}" },
    { "factures/v1/traiter/recue", "{\"idFacture\":4000001,\"nouveauStatut\":\"SERVICE_FAIT\",\"motif\":\"m\",\"numeroDPMandat\":\"x\"}" },
    { "factures/v1/soumettre", "{\"modeDepot\":\"SAISIE_API\",\"dateFacture\":\"2026-01-01\",\"destinataire\":{\"codeDestinataire\":\"x\"},"
      "\"fournisseur\":{\"idFournisseur\":1},\"references\":{\"deviseFacture\":\"EUR\"},\"lignePoste\":[{\"lignePosteNumero\":1}],"
      "\"montantTotal\":{\"montantHtTotal\":1}}" },
    { "facturesTravaux/v1/soumettre", "{\"cadreFacturation\":\"A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR\",\"idStructureMoe\":1,"
      "\"montantHT\":1,\"pieceJointePrincipale\":[{\"pieceJointePrincipaleId\":1}]}" },
    { "structures/v1/rechercher", "{\"structure\":{\"identifiantStructure\":\"x\",\"estMOA\":true},\"parametres\":{\"nbResultatsParPage\":5}}" },
  };
  static const char *const replacements[] = { "null", "true", "-1", "1.5", "\"s\"", "[]", "{}", "[{}]", "1e400",
                                               "\"\\u0000\"", "99999999999999999999" };

  for (gsize r = 0; r < G_N_ELEMENTS (requests); r++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      JsonNode *root;
      GQueue queue = G_QUEUE_INIT;

      g_assert_true (json_parser_load_from_data (parser, requests[r][1], -1, NULL));
      root = json_parser_get_root (parser);
      /* Collect (object, member) pairs breadth first. */
      g_queue_push_tail (&queue, json_node_get_object (root));
      while (!g_queue_is_empty (&queue))
        {
          JsonObject *obj = g_queue_pop_head (&queue);
          g_autoptr(GList) members = json_object_get_members (obj);

          for (GList *m = members; m; m = m->next)
            {
              /* The object owns its keys and replacing a member frees the old one. */
              g_autofree char *key = g_strdup (m->data);
              JsonNode *saved = json_node_copy (json_object_get_member (obj, key));

              for (gsize k = 0; k < G_N_ELEMENTS (replacements); k++)
                {
                  g_autoptr(JsonParser) rp = json_parser_new ();
                  g_autofree char *body = NULL;
                  g_autoptr(GBytes) out = NULL;
                  guint status;

                  if (json_parser_load_from_data (rp, replacements[k], -1, NULL))
                    json_object_set_member (obj, key, json_node_copy (json_parser_get_root (rp)));
                  else
                    json_object_set_string_member (obj, key, replacements[k]);
                  body = json_to_string (root, FALSE);
                  status = sim_call (f, requests[r][0], body, &out);
                  g_assert_true (status == 200 || status == 400);
                  {
                    g_autoptr(JsonObject) o = sim_parse_object (out);
                    g_assert_true (json_object_has_member (o, "codeRetour"));
                  }
                }
              json_object_set_member (obj, key, saved);
              if (JSON_NODE_HOLDS_OBJECT (saved))
                g_queue_push_tail (&queue, json_node_get_object (saved));
            }
        }
    }
  /* Still alive and consistent. */
  g_clear_pointer (&f->token, g_free);
  f->token = sim_fetch_token (f);
  {
    g_autoptr(JsonObject) o = sim_post_ok (f, "transverses/v1/recuperer/tauxtva", "{}");
  }
}

static void
test_huge_body (SimFixture *f, gconstpointer data)
{
  GString *s = g_string_new ("{\"listeFacture\":[");
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *body = NULL;
  guint status;

  for (int k = 0; k < 5000; k++)
    g_string_append_printf (s, "%s{\"idFacture\":%d}", k ? "," : "", 4000000 + k);
  g_string_append (s, "],\"format\":\"PDF\"}");
  body = g_string_free (s, FALSE);
  status = sim_call (f, "factures/v1/telecharger/groupe", body, &out);
  g_assert_cmpuint (status, ==, 200);
  o = sim_parse_object (out);
  g_assert_cmpint (sim_code (o), !=, 0);

  {
    /* Deep nesting is refused by the parser, not by a crash. */
    GString *deep = g_string_new (NULL);
    g_autofree char *deep_body = NULL;
    g_autoptr(GBytes) deep_out = NULL;

    for (int k = 0; k < 10000; k++)
      g_string_append (deep, "{\"a\":");
    g_string_append (deep, "1");
    for (int k = 0; k < 10000; k++)
      g_string_append_c (deep, '}');
    deep_body = g_string_free (deep, FALSE);
    status = sim_call (f, "factures/v1/rechercher/recipiendaire", deep_body, &deep_out);
    g_assert_true (status == 200 || status == 400);
  }
}

/* L11: a body nested 200,000 deep is refused (before json-glib recurses into it), not a crash of
 * the app that runs the simulator in-process. */
static void
test_deep_nesting (SimFixture *f, gconstpointer data)
{
  g_autofree char *brackets = g_strnfill (200000, '[');
  GString *deep = g_string_new ("{\"paramRecherche\":");
  g_autofree char *objects = NULL;

  assert_400 (f, "factures/v1/rechercher/recipiendaire", brackets);
  /* Deeper than any request needs (100 levels) is refused as well. */
  for (int k = 0; k < 100; k++)
    g_string_append (deep, "{\"a\":");
  g_string_append_c (deep, '1');
  for (int k = 0; k < 101; k++)
    g_string_append_c (deep, '}');
  objects = g_string_free (deep, FALSE);
  assert_400 (f, "factures/v1/rechercher/recipiendaire", objects);
  {
    g_autoptr(JsonObject) alive = sim_post_ok (f, "transverses/v1/recuperer/tauxtva", "{}");
  }
}

static void
assert_413 (SimFixture *f, const char *path, const char *body, gint64 code)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonObject) o = NULL;

  g_assert_cmpuint (sim_call (f, path, body, &out), ==, 413);
  o = sim_parse_object (out);
  g_assert_cmpint (sim_code (o), ==, code);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "libelle"), "taille maximale"));
}

/* L11/M8: each operation takes bodies up to its own size (a 1 MB search, a 15 MB PDF deposit). */
static void
test_request_caps (SimFixture *f, gconstpointer data)
{
  g_autofree char *padding = g_strnfill (2 * 1024 * 1024, 'x');
  g_autofree char *search = g_strdup_printf ("{\"numeroFacture\":\"%s\"}", padding);
  g_autofree char *big_pdf = g_strnfill (16 * 1024 * 1024, 'A');
  g_autofree char *deposit = g_strdup_printf ("{\"fichierFacture\":\"%s\",\"nomFichier\":\"f.pdf\"}", big_pdf);
  g_autofree char *fits = g_strdup_printf ("{\"fichierFacture\":\"%.*s\",\"nomFichier\":\"f.pdf\"}", 4 * 1024 * 1024, big_pdf);
  g_autoptr(JsonObject) o = NULL;

  assert_413 (f, "factures/v1/rechercher/recipiendaire", search, 20101);
  assert_413 (f, "factures/v1/deposer/pdf", deposit, 20101);
  /* 4 MB of base64 fits a PDF deposit (and is refused for not being a PDF). */
  o = sim_post (f, "factures/v1/deposer/pdf", "%s", fits);
  g_assert_cmpint (sim_code (o), ==, 20008);
}

/* L11: the simulator's own answers stay under a cap too. */
static void
test_answer_cap (void)
{
  ChorusSimConfig config = { SIM_TEST_SEED, 100, NULL, 30000 };
  SimFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) small = NULL;

  f.sim = chorus_sim_new (&config, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (f.sim, 0, &error));
  f.session = soup_session_new ();
  f.token = sim_fetch_token (&f);
  assert_413 (&f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":100}}", 20102);
  small = sim_post_ok (&f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":2}}");
  sim_fixture_teardown (&f, NULL);
}

static void
assert_zip_names_safe (GBytes *zip, guint *entries)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (zip, &len);

  *entries = 0;
  for (gsize k = 0; k + 46 <= len; k++)
    if (memcmp (data + k, "PK\001\002", 4) == 0)
      {
        guint name_len = data[k + 28] | (data[k + 29] << 8);
        g_autofree char *name = g_strndup ((const char *) data + k + 46, MIN (name_len, len - k - 46));

        g_assert_null (strstr (name, ".."));
        g_assert_false (g_str_has_prefix (name, "/"));
        (*entries)++;
      }
}

/* L11: an uploaded attachment named "../x" does not climb out of the archive's folder. */
static void
test_zip_names (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, FALSE, "SUSPENDUE");
  g_autofree char *b64 = g_base64_encode ((const guchar *) "piece", 5);
  g_autoptr(JsonObject) pj = sim_post_ok (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\","
                                          "\"pieceJointeNom\":\"../../x.txt\",\"pieceJointeExtension\":\"TXT\"}", b64);
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) download = NULL;
  g_autoptr(GBytes) zip = NULL;
  gsize len = 0;
  guchar *raw;
  guint entries;

  done = sim_post_ok (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT ",\"pieceJointeComplementaire\":"
                      "[{\"pieceJointeComplementaireId\":%" G_GINT64_FORMAT "}]}", id, json_object_get_int_member (pj, "pieceJointeId"));
  download = sim_post_ok (f, "factures/v1/telecharger/groupe", "{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],"
                          "\"format\":\"PDF\",\"avecPiecesJointesComplementaires\":\"Oui\"}", id);
  raw = g_base64_decode (json_object_get_string_member (download, "fichierResultat"), &len);
  zip = g_bytes_new_take (raw, len);
  g_assert_cmpmem (raw, 4, "PK\003\004", 4);
  assert_zip_names_safe (zip, &entries);
  g_assert_cmpuint (entries, >=, 2);
}

/* L11: % and _ in a search are letters, not LIKE wildcards. */
static void
test_like_is_literal (SimFixture *f, gconstpointer data)
{
  static const char *const patterns[] = { "%", "_", "%%%%", "Centre%hospitalier" };

  for (gsize k = 0; k < G_N_ELEMENTS (patterns); k++)
    {
      g_autoptr(JsonObject) s = sim_post (f, "structures/v1/rechercher", "{\"structure\":{\"raisonSocialeStructure\":\"%s\"}}",
                                          patterns[k]);
      g_autoptr(JsonObject) d = sim_post (f, "transverses/v1/rechercher/destinataire", "{\"identifiant\":\"%s\"}", patterns[k]);

      g_assert_cmpint (sim_code (s), ==, 20000);
      g_assert_cmpint (sim_code (d), ==, 20000);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/hostile/malformed-bodies", test_malformed_bodies);
  ADD ("/sim/hostile/wrong-types", test_wrong_types);
  ADD ("/sim/hostile/paging-limits", test_paging_limits);
  ADD ("/sim/hostile/injection", test_injection_is_data);
  ADD ("/sim/hostile/type-fuzz", test_type_fuzz);
  ADD ("/sim/hostile/huge-body", test_huge_body);
  ADD ("/sim/hostile/deep-nesting", test_deep_nesting);
  ADD ("/sim/hostile/request-caps", test_request_caps);
  ADD ("/sim/hostile/zip-names", test_zip_names);
  ADD ("/sim/hostile/like-is-literal", test_like_is_literal);
  g_test_add_func ("/sim/hostile/answer-cap", test_answer_cap);
  return g_test_run ();
}
