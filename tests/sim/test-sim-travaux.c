/* test-sim-travaux.c: facturesTravaux over HTTP: the answers' keys against the real samples, paging and criteria,
 * the seed's cadres by role, the chains, suspension and completion with files, refusal, recycling, the dataset. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-types.h"
#include "sim-test.h"

/* --- helpers ---------------------------------------------------------------------------------- */

static JsonObject *
sample (const char *name)
{
  const char *dir = g_getenv ("CHORUS_API_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("CHORUS_API_SAMPLES_DIR (%s) is not a folder: the Chorus Pro API samples are required", dir ? dir : "unset");
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  bytes = g_bytes_new (text, strlen (text));
  return sim_parse_object (bytes);
}

/* Every key of @expected is in @got (the simulator may say more, never less). */
static void
assert_has_keys (JsonObject *got, JsonObject *expected, const char *what)
{
  g_autoptr(GList) keys = json_object_get_members (expected);

  for (GList *l = keys; l != NULL; l = l->next)
    if (!json_object_has_member (got, l->data))
      g_error ("%s: the simulator's answer lacks the sample's key %s", what, (const char *) l->data);
}

static void
assert_same_keys (JsonObject *got, JsonObject *expected, const char *what)
{
  assert_has_keys (got, expected, what);
  assert_has_keys (expected, got, what);
}

static const char *
cadre (const char *short_code)
{
  for (ChorusCadre c = CHORUS_CADRE_A1; c < CHORUS_CADRE_LAST; c++)
    if (g_str_equal (chorus_cadre_short_code (c), short_code))
      return chorus_cadre_to_api (c);
  g_assert_not_reached ();
}

static gint64
upload (SimFixture *f, const char *name)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "%PDF-1.4\n%fake\n", 15);
  g_autoptr(JsonObject) o = sim_post_ok (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\","
                                         "\"pieceJointeNom\":\"%s\",\"pieceJointeExtension\":\"PDF\","
                                         "\"pieceJointeTypeMime\":\"application/pdf\"}", b64, name);
  return json_object_get_int_member (o, "pieceJointeId");
}

/* The account's MOA SIRET, as the MOA's own pieces show it. */
static char *
moa_siret (SimFixture *f)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"MOA\","
                                         "\"rechercheFactureTravaux\":{\"nbResultatsParPage\":1}}");
  JsonObject *w = json_array_get_object_element (json_object_get_array_member (o, "listeFacturesTravaux"), 0);

  g_autoptr(JsonObject) full = sim_post_ok (f, "facturesTravaux/v1/consulter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}",
                                            json_object_get_int_member (w, "idFactureTravaux"));

  /* The list names the MOA as §2.1 does (codeMOA); consulter gives its id too. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (full, "factureTravaux"), "idMoa"), ==,
                   chorus_sim_get_moa_id (f->sim));
  return g_strdup (json_object_get_string_member (w, "codeMOA"));
}

/* soumettre as the app builds it (chorus-works-deposit.c). */
static JsonObject *
deposit_with (SimFixture *f, const char *short_cadre, gint64 previous, const char *numero, gint64 moe)
{
  gint64 pj = upload (f, "piece.pdf");
  g_autofree char *siret = moa_siret (f);
  g_autofree char *parties = previous ? g_strdup_printf ("\"idPiecePrecedente\":%" G_GINT64_FORMAT ",", previous)
    : g_strdup_printf ("\"destinataire\":{\"codeDestinataire\":\"%s\"},\"fournisseur\":{\"idFournisseur\":%" G_GINT64_FORMAT "},",
                       siret, chorus_sim_get_supplier_id (f->sim));
  g_autofree char *moe_moa = previous ? g_strdup ("")
    : g_strdup_printf (",\"idMoe\":%" G_GINT64_FORMAT ",\"idMoa\":%" G_GINT64_FORMAT, moe, chorus_sim_get_moa_id (f->sim));

  return sim_post (f, "facturesTravaux/v1/soumettre", "{\"modeDepot\":\"DEPOT_PDF_API\",\"numeroFactureSaisi\":\"%s\","
                   "\"dateFacture\":\"2026-11-10\",%s\"cadreDeFacturation\":{\"codeCadreFacturation\":\"%s\"%s},"
                   "\"references\":{\"deviseFacture\":\"EUR\",\"numeroMarche\":\"MT-2026-001\"},"
                   "\"montantTotal\":{\"montantHtTotal\":10000,\"montantTVA\":2000,\"montantTtcTotal\":12000,\"montantAPayer\":12000},"
                   "\"pieceJointePrincipale\":[{\"pieceJointePrincipaleDesignation\":\"Pièce\",\"pieceJointePrincipaleId\":%" G_GINT64_FORMAT "}]}",
                   numero, parties, cadre (short_cadre), moe_moa, pj);
}

static JsonObject *
deposit (SimFixture *f, const char *short_cadre, gint64 previous, const char *numero)
{
  return deposit_with (f, short_cadre, previous, numero, chorus_sim_get_moe_id (f->sim));
}

static JsonObject *
consult (SimFixture *f, gint64 id)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/consulter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id);

  return json_object_ref (json_object_get_object_member (o, "factureTravaux"));
}

static const char *
status_of (JsonObject *piece)
{
  return json_object_get_string_member (piece, "statutFactureTravaux");
}

static gint64
id_of (JsonObject *answer)
{
  g_assert_cmpint (sim_code (answer), ==, 0);
  return json_object_get_int_member (answer, "idFactureTravaux");
}

/* Every piece of @role matching @criteria (JSON members, may be ""), paging @per_page at a time. */
static GPtrArray *
search_all (SimFixture *f, const char *role, const char *criteria, guint per_page, guint *pages_walked)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint pages = 1;

  for (guint page = 1; page <= pages; page++)
    {
      g_autoptr(JsonObject) o = sim_post (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"%s\"%s%s,"
                                          "\"rechercheFactureTravaux\":{\"pageResultatDemandee\":%u,\"nbResultatsParPage\":%u}}",
                                          role, *criteria ? "," : "", criteria, page, per_page);
      JsonArray *list;

      if (sim_code (o) == 20007)
        break;
      g_assert_cmpint (sim_code (o), ==, 0);
      pages = (guint) json_object_get_int_member (json_object_get_object_member (o, "parametresRetour"), "pages");
      list = json_object_get_array_member (o, "listeFacturesTravaux");
      for (guint k = 0; k < json_array_get_length (list); k++)
        g_ptr_array_add (items, json_object_ref (json_array_get_object_element (list, k)));
      if (pages_walked != NULL)
        *pages_walked = page;
    }
  return items;
}

static JsonObject *
find_piece (GPtrArray *items, const char *short_cadre, const char *statut)
{
  for (guint k = 0; k < items->len; k++)
    {
      JsonObject *w = g_ptr_array_index (items, k);

      if ((statut == NULL || g_str_equal (status_of (w), statut)) &&
          g_str_equal (json_object_get_string_member (w, "typeFactureTravaux"),
                       /* the item carries the type; the test knows the cadre's */
                       short_cadre))
        return w;
    }
  return NULL;
}

/* --- the answers' shape ------------------------------------------------------------------------ */

static void
test_keysets (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) envelope = sample ("rechercherFactureTravaux-response-1.json");
  g_autoptr(JsonObject) items = sample ("rechercherFactureTravaux-response-2.json");
  g_autoptr(JsonObject) suspend_sample = sample ("suspendreOuDemanderCompleterFactureTravaux-response-1.json");
  g_autoptr(JsonObject) recycle_sample = sample ("demanderRecyclagePiecePrecedente-response-1.json");
  JsonObject *sample_item = json_array_get_object_element (json_object_get_array_member (items, "listeFactures"), 0);
  const char *roles[] = { "FOURNISSEUR", "MOE", "MOA" };
  g_autoptr(JsonObject) a4 = deposit (f, "A4", 0, "KS-A4");
  g_autoptr(JsonObject) a15 = deposit (f, "A15", id_of (a4), "KS-A15");
  g_autoptr(JsonObject) suspended = NULL, asked = NULL, none = NULL, missing = NULL;

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"%s\","
                                             "\"rechercheFactureTravaux\":{\"pageResultatDemandee\":1,\"nbResultatsParPage\":5}}",
                                             roles[r]);
      JsonArray *list = json_object_get_array_member (o, "listeFacturesTravaux");

      assert_has_keys (o, envelope, "rechercher");
      assert_has_keys (json_object_get_object_member (o, "parametresRetour"),
                       json_object_get_object_member (envelope, "parametresRetour"), "rechercher.parametresRetour");
      g_assert_cmpuint (json_array_get_length (list), >, 0);
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          JsonObject *w = json_array_get_object_element (list, k);

          assert_has_keys (w, sample_item, "rechercher item");
          /* Like the real items: a type, never a cadre code; statutFactureTravaux, not statut. */
          g_assert_false (json_object_has_member (w, "cadreFacturation"));
          g_assert_false (json_object_has_member (w, "statut"));
          g_assert_cmpstr (json_object_get_string_member (w, "typeDemandePaiement"), ==, "FACTURE_TRAVAUX");
        }
    }
  /* The dossier answers listeFactureTravaux (reference §0.2). */
  {
    g_autoptr(JsonObject) dossier = sim_post_ok (f, "facturesTravaux/v1/consulter/dossierfacturation",
                                                 "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id_of (a15));
    JsonArray *list = json_object_get_array_member (dossier, "listeFactureTravaux");

    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    assert_has_keys (json_array_get_object_element (list, 0), sample_item, "dossier item");
  }
  suspended = sim_post_ok (f, "facturesTravaux/v1/suspendre/demander/completer/factureTravaux",
                           "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":\"texte\"}", id_of (a15));
  assert_same_keys (suspended, suspend_sample, "suspendre");
  {
    /* completermoe, then the MOA sends the supplier's piece back: the sample's answer. */
    g_autoptr(JsonObject) completed = sim_post_ok (f, "facturesTravaux/v1/completermoe", "{\"idFactureTravaux\":%"
                                                   G_GINT64_FORMAT ",\"commentaire\":\"Détail ajouté\"}", id_of (a15));
  }
  asked = sim_post_ok (f, "facturesTravaux/v1/demander/recyclage", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id_of (a15));
  assert_same_keys (asked, recycle_sample, "demander/recyclage");
  g_assert_cmpint (json_object_get_int_member (asked, "idPiecePrecedente"), ==, id_of (a4));

  none = sim_post (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"VALIDATEUR\"}");
  g_assert_cmpint (sim_code (none), ==, 20007);
  g_assert_cmpstr (json_object_get_string_member (none, "libelle"), ==, "GFT_MSG_01.075");
  missing = sim_post (f, "facturesTravaux/v1/rechercher", "{}");
  g_assert_cmpint (sim_code (missing), ==, 20004);
}

/* --- searching ------------------------------------------------------------------------------ */

static void
test_paging (SimFixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) first = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"MOE\","
                                             "\"rechercheFactureTravaux\":{\"nbResultatsParPage\":7}}");
  gint64 total = json_object_get_int_member (json_object_get_object_member (first, "parametresRetour"), "total");
  guint walked = 0;

  items = search_all (f, "MOE", "", 7, &walked);
  g_assert_cmpuint (walked, >, 2);
  g_assert_cmpuint (items->len, ==, total);
  for (guint k = 0; k < items->len; k++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = json_object_get_int_member (g_ptr_array_index (items, k), "idFactureTravaux");
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

static void
test_criteria (SimFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) all = search_all (f, "MOA", "", 100, NULL);
  g_autoptr(GPtrArray) by_type = search_all (f, "MOA", "\"listeTypeFactureTravaux\":[\"ETAT_ACOMPTE\"]", 100, NULL);
  g_autoptr(GPtrArray) by_cadre = search_all (f, "MOA", "\"cadreFacturation\":\"A15_ETAT_ACOMPTE_MOE\"", 100, NULL);
  g_autoptr(GPtrArray) one_status = search_all (f, "MOA", "\"listeStatutCourant\":\"MISE_A_DISPOSITION_MOA\"", 100, NULL);
  g_autoptr(GPtrArray) statuses = search_all (f, "MOA", "\"listeStatutCourant\":[\"MISE_A_DISPOSITION_MOA\",\"ASSOCIEE\"]",
                                              100, NULL);
  g_autoptr(GPtrArray) last = search_all (f, "MOA", "\"uniquementSansPieceSuivante\":true", 100, NULL);
  g_autoptr(GPtrArray) cheap = search_all (f, "MOA", "\"montantHTMax\":\"60000\"", 100, NULL);
  g_autoptr(JsonObject) bad = sim_post (f, "facturesTravaux/v1/rechercher",
                                        "{\"roleUtilisateur\":\"MOA\",\"listeStatutCourant\":[\"PAS_UN_STATUT\"]}");
  JsonObject *chained = NULL;

  g_assert_cmpint (sim_code (bad), ==, 20008);
  g_assert_cmpuint (by_type->len, >, 0);
  g_assert_cmpuint (by_type->len, <, all->len);
  for (guint k = 0; k < by_type->len; k++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (by_type, k), "typeFactureTravaux"), ==, "ETAT_ACOMPTE");
  g_assert_cmpuint (by_cadre->len, >, 0);
  g_assert_cmpuint (by_cadre->len, <=, by_type->len);
  g_assert_cmpuint (statuses->len, >, one_status->len);
  for (guint k = 0; k < one_status->len; k++)
    g_assert_cmpstr (status_of (g_ptr_array_index (one_status, k)), ==, "MISE_A_DISPOSITION_MOA");
  g_assert_cmpuint (last->len, >, 0);
  g_assert_cmpuint (last->len, <, all->len);
  for (guint k = 0; k < last->len && k < 20; k++)
    {
      g_autoptr(JsonObject) piece = consult (f, json_object_get_int_member (g_ptr_array_index (last, k), "idFactureTravaux"));

      g_assert_cmpint (json_object_get_int_member_with_default (json_object_get_object_member (piece, "pieceSuivante"),
                                                                "idPieceSuivante", 0), ==, 0);
    }
  for (guint k = 0; k < cheap->len; k++)
    g_assert_cmpfloat (json_object_get_double_member (g_ptr_array_index (cheap, k), "montantHT"), <=, 60000);
  /* numeroFactureTravaux finds a whole billing file by its number. */
  for (guint k = 0; chained == NULL && k < all->len; k++)
    if (g_str_equal (status_of (g_ptr_array_index (all, k)), "ASSOCIEE"))
      chained = g_ptr_array_index (all, k);
  g_assert_nonnull (chained);
  {
    g_autoptr(JsonObject) piece = consult (f, json_object_get_int_member (chained, "idFactureTravaux"));
    g_autofree char *criteria = g_strdup_printf ("\"numeroFactureTravaux\":\"%s\"",
                                                 json_object_get_string_member (piece, "numeroDossierFacturation"));
    g_autoptr(GPtrArray) dossier = search_all (f, "MOA", criteria, 100, NULL);

    g_assert_cmpuint (dossier->len, >=, 2);
  }
}

/* idServiceExecutant (the recipient's service) narrows the answer to that service's pieces: each of
 * the MOA's services and the pieces without one make up the whole, and a service of nobody finds
 * nothing. The service ids come from structures/v1/rechercher/services, as the app reads them. */
static void
test_service_filter (SimFixture *f, gconstpointer data)
{
  gint64 moa = chorus_sim_get_moa_id (f->sim);
  g_autoptr(GPtrArray) all = search_all (f, "MOA", "", 100, NULL);
  g_autoptr(JsonObject) listed = sim_post_ok (f, "structures/v1/rechercher/services", "{\"idStructure\":%" G_GINT64_FORMAT
                                              ",\"parametresRechercherServicesStructure\":{\"nbResultatsParPage\":100}}", moa);
  JsonArray *services = json_object_get_array_member (listed, "listeServices");
  guint sum = 0, without = 0, narrowed = 0;

  g_assert_cmpuint (json_array_get_length (services), >, 0);
  for (guint k = 0; k < all->len; k++)
    without += json_object_get_string_member_with_default (g_ptr_array_index (all, k), "codeServiceExecutant", NULL) == NULL;
  for (guint s = 0; s < json_array_get_length (services); s++)
    {
      JsonObject *service = json_array_get_object_element (services, s);
      const char *code = json_object_get_string_member (service, "codeService");
      g_autofree char *criteria = g_strdup_printf ("\"idServiceExecutant\":%" G_GINT64_FORMAT,
                                                   json_object_get_int_member (service, "idService"));
      g_autofree char *with_recipient = g_strdup_printf ("%s,\"idDestinataire\":%" G_GINT64_FORMAT, criteria, moa);
      g_autoptr(GPtrArray) found = search_all (f, "MOA", criteria, 100, NULL);
      g_autoptr(GPtrArray) found_too = search_all (f, "MOA", with_recipient, 100, NULL);

      g_assert_cmpuint (found->len, <, all->len);
      g_assert_cmpuint (found_too->len, ==, found->len);
      for (guint k = 0; k < found->len; k++)
        g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (found, k), "codeServiceExecutant"), ==, code);
      narrowed += found->len > 0;
      sum += found->len;
    }
  /* The dataset gives the MOA's pieces to each of its services in turn. */
  g_assert_cmpuint (narrowed, ==, json_array_get_length (services));
  g_assert_cmpuint (without, >, 0);
  g_assert_cmpuint (sum + without, ==, all->len);
  {
    g_autoptr(JsonObject) none = sim_post (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"MOA\","
                                           "\"idServiceExecutant\":1,\"rechercheFactureTravaux\":{\"nbResultatsParPage\":10}}");

    g_assert_cmpint (sim_code (none), ==, 20007);
  }
}

/* Every cadre and role of the seed's table, the cases the course teaches. */
static void
test_dataset_cases (SimFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) supplier = search_all (f, "FOURNISSEUR", "", 100, NULL);
  g_autoptr(GPtrArray) moe = search_all (f, "MOE", "", 100, NULL);
  static const char *const types[] = {
    "DP_DE_SOUSTRAITANT_TRAVAUX", "PROJET_DECOMPTE_MENSUEL", "ETAT_ACOMPTE", "ETAT_ACOMPTE_VALIDE",
    "PROJET_DECOMPTE_FINAL", "PROJET_DECOMPTE_GENERAL", "PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE", "DECOMPTE_GENERAL",
    "DECOMPTE_GENERAL_SIGNE", "DECOMPTE_GENERAL_DEFINITIF_TACITE", "DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE",
  };
  JsonObject *suspended, *refused, *recycle;
  gboolean long_chain = FALSE;

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    if (find_piece (supplier, types[t], NULL) == NULL)
      g_error ("no piece of type %s in the dataset", types[t]);
  suspended = find_piece (supplier, "PROJET_DECOMPTE_MENSUEL", "SUSPENDUE");
  g_assert_nonnull (suspended);
  g_assert_nonnull (json_object_get_string_member (suspended, "commentaireEtatCourant"));
  refused = find_piece (supplier, "PROJET_DECOMPTE_MENSUEL", "ERREUR_FOURNISSEUR_SUR_MOE");
  g_assert_nonnull (refused);
  recycle = find_piece (supplier, "PROJET_DECOMPTE_MENSUEL", "A_RECYCLER");
  g_assert_nonnull (recycle);
  g_assert_nonnull (find_piece (supplier, "DECOMPTE_GENERAL", "A_ASSOCIER_FOURNISSEUR"));
  g_assert_nonnull (find_piece (moe, "PROJET_DECOMPTE_MENSUEL", "MISE_A_DISPOSITION_MOE"));
  g_assert_nonnull (find_piece (moe, "PROJET_DECOMPTE_FINAL", "REMPLACEE_PAR_A22"));
  for (guint k = 0; !long_chain && k < supplier->len; k++)
    {
      JsonObject *w = g_ptr_array_index (supplier, k);
      g_autoptr(JsonObject) dossier = NULL;

      if (!g_str_equal (json_object_get_string_member (w, "typeFactureTravaux"), "DECOMPTE_GENERAL_SIGNE"))
        continue;
      dossier = sim_post_ok (f, "facturesTravaux/v1/consulter/dossierfacturation", "{\"idFactureTravaux\":%"
                             G_GINT64_FORMAT "}", json_object_get_int_member (w, "idFactureTravaux"));
      long_chain = json_array_get_length (json_object_get_array_member (dossier, "listeFactureTravaux")) >= 4;
    }
  g_assert_true (long_chain);
}

/* --- deposits ---------------------------------------------------------------------------------- */

/* Seed 002, column "Dépôt PDF en mode Service", written here again so the simulator is checked
 * against the seed and not against itself. */
static void
test_initial_deposits (SimFixture *f, gconstpointer data)
{
  static const char *const allowed[] = { "A4", "A5", "A6", "A7", "A8", "A10", "A13", "A14", "A22",
                                         "A15", "A16", "A17", "A18", "A24", "A19", "A20" };
  static const char *const only_next[] = { "A23", "A25" };
  g_autoptr(JsonObject) a1 = deposit (f, "A1", 0, "I-A1");
  g_autoptr(JsonObject) stranger = NULL;
  g_autoptr(JsonObject) again = NULL;
  gint64 other_moe = 0;

  for (gsize k = 0; k < G_N_ELEMENTS (allowed); k++)
    {
      g_autofree char *numero = g_strdup_printf ("I-%s", allowed[k]);
      g_autoptr(JsonObject) o = deposit (f, allowed[k], 0, numero);
      g_autoptr(JsonObject) piece = NULL;

      if (sim_code (o) != 0)
        g_error ("initial %s refused: %s", allowed[k], json_object_get_string_member (o, "libelle"));
      g_assert_cmpstr (json_object_get_string_member (o, "numeroDossierFacturation"), ==, numero);
      g_assert_nonnull (json_object_get_string_member (o, "empreinteCertificatDepot"));
      piece = consult (f, id_of (o));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (piece, "cadreDeFacturation"),
                                                      "codeCadreFacturation"), ==, cadre (allowed[k]));
    }
  for (gsize k = 0; k < G_N_ELEMENTS (only_next); k++)
    {
      g_autoptr(JsonObject) o = deposit (f, only_next[k], 0, "I-NEXT");

      g_assert_cmpint (sim_code (o), ==, 20008);
    }
  g_assert_cmpint (sim_code (a1), ==, 20008);
  /* The same number twice for one depositor. */
  again = deposit (f, "A4", 0, "I-A4");
  g_assert_cmpint (sim_code (again), ==, 20009);

  /* An A15 is the MOE's: with a MOE the account is not attached to, refused. */
  {
    g_autoptr(JsonObject) found = sim_post_ok (f, "structures/v1/rechercher", "{\"structure\":{\"raisonSocialeStructure\":"
                                               "\"Ingénierie Bâtiment\"},\"restreindreStructuresPrivees\":false}");
    JsonArray *list = json_object_get_array_member (found, "listeStructures");

    for (guint k = 0; other_moe == 0 && k < json_array_get_length (list); k++)
      {
        gint64 id = json_object_get_int_member (json_array_get_object_element (list, k), "idStructureCPP");

        if (id != chorus_sim_get_moe_id (f->sim))
          other_moe = id;
      }
  }
  g_assert_cmpint (other_moe, !=, 0);
  stranger = deposit_with (f, "A15", 0, "I-X15", other_moe);
  g_assert_cmpint (sim_code (stranger), ==, 20010);
}

static void
test_chains (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4", 0, "PDM-T-01");
  g_autoptr(JsonObject) a19_early = NULL, a17_wrong = NULL, a15 = NULL, a15_again = NULL, a19 = NULL, first = NULL;
  g_autoptr(JsonObject) a7 = deposit (f, "A7", 0, "PDF-T-01");
  g_autoptr(JsonObject) a22 = NULL, a25 = NULL, a7_after = NULL;

  g_assert_cmpstr (status_of (a4), ==, "MISE_A_DISPOSITION_MOE");
  /* After a projet de décompte mensuel the MOE deposits an état d'acompte, nothing else. */
  a19_early = deposit (f, "A19", id_of (a4), "EAV-T-01");
  g_assert_cmpint (sim_code (a19_early), ==, 20008);
  a17_wrong = deposit (f, "A17", id_of (a4), "PDG-T-01");
  g_assert_cmpint (sim_code (a17_wrong), ==, 20008);
  a15 = deposit (f, "A15", id_of (a4), "EA-T-01");
  g_assert_cmpstr (status_of (a15), ==, "MISE_A_DISPOSITION_MOA");
  g_assert_cmpstr (json_object_get_string_member (a15, "numeroDossierFacturation"), ==, "PDM-T-01");
  first = consult (f, id_of (a4));
  g_assert_cmpstr (status_of (first), ==, "ASSOCIEE");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "pieceSuivante"), "idPieceSuivante"), ==,
                   id_of (a15));
  a15_again = deposit (f, "A15", id_of (a4), "EA-T-02");
  g_assert_cmpint (sim_code (a15_again), ==, 20002);
  a19 = deposit (f, "A19", id_of (a15), "EAV-T-01");
  g_assert_cmpstr (status_of (a19), ==, "MISE_A_DISPOSITION");

  /* Tacit procedure: the MOE stays silent on the projet de décompte final. */
  a22 = deposit (f, "A22", id_of (a7), "PDGT-T-01");
  g_assert_cmpstr (status_of (a22), ==, "MISE_A_DISPOSITION_MOA");
  a7_after = consult (f, id_of (a7));
  g_assert_cmpstr (status_of (a7_after), ==, "REMPLACEE_PAR_A22");
  a25 = deposit (f, "A25", id_of (a22), "DGDT-T-01");
  g_assert_cmpstr (status_of (a25), ==, "MISE_A_DISPOSITION");
}

/* --- processing --------------------------------------------------------------------------------- */

static void
test_suspend_complete (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4", 0, "SUS-01");
  gint64 id = id_of (a4);
  gint64 pj = upload (f, "situation-travaux.pdf");
  g_autoptr(JsonObject) no_motif = NULL, suspended = NULL, piece = NULL, wrong = NULL, empty = NULL, completed = NULL;
  JsonArray *files;

  no_motif = sim_post (f, "facturesTravaux/v1/suspendre/demander/completer/factureTravaux",
                       "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id);
  g_assert_cmpint (sim_code (no_motif), ==, 20003);
  suspended = sim_post_ok (f, "facturesTravaux/v1/suspendre/demander/completer/factureTravaux",
                           "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":\"Il manque des pièces jointes\"}", id);
  piece = consult (f, id);
  g_assert_cmpstr (status_of (piece), ==, "SUSPENDUE");
  g_assert_cmpstr (json_object_get_string_member (piece, "commentaireEtatCourant"), ==, "Il manque des pièces jointes");
  /* The supplier answers: completermoe is the MOE's, and an answer says something. */
  wrong = sim_post (f, "facturesTravaux/v1/completermoe", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":\"x\"}", id);
  g_assert_cmpint (sim_code (wrong), ==, 20010);
  empty = sim_post (f, "facturesTravaux/v1/completer", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id);
  g_assert_cmpint (sim_code (empty), ==, 20004);
  completed = sim_post_ok (f, "facturesTravaux/v1/completer", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":"
                           "\"Situation jointe\",\"pieceJointeComplementaire\":[{\"pieceJointeComplementaireId\":%"
                           G_GINT64_FORMAT ",\"pieceJointeComplementaireDesignation\":\"situation-travaux.pdf\"}]}", id, pj);
  g_clear_pointer (&piece, json_object_unref);
  piece = consult (f, id);
  g_assert_cmpstr (status_of (piece), ==, "COMPLETEE");
  files = json_object_get_array_member (json_object_get_object_member (piece, "listeDesPiecesJointes"), "pieceJointe");
  g_assert_cmpuint (json_array_get_length (files), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "pieceJointeDesignation"), ==,
                   "situation-travaux.pdf");
  /* Completed, it is the MOE's again: the next piece can follow. */
  {
    g_autoptr(JsonObject) a15 = deposit (f, "A15", id, "SUS-EA");

    g_assert_cmpint (sim_code (a15), ==, 0);
  }
}

static void
test_refuse (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4", 0, "REF-01");
  g_autoptr(JsonObject) a7 = deposit (f, "A7", 0, "REF-02");
  g_autoptr(JsonObject) no_motif = NULL, refused = NULL, piece = NULL, again = NULL, a17 = NULL, a17_refused = NULL;

  no_motif = sim_post (f, "facturesTravaux/v1/refuser", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id_of (a4));
  g_assert_cmpint (sim_code (no_motif), ==, 20003);
  refused = sim_post_ok (f, "facturesTravaux/v1/refuser", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":"
                         "\"Maîtrise d'œuvre erronée\"}", id_of (a4));
  piece = consult (f, id_of (a4));
  g_assert_cmpstr (status_of (piece), ==, "ERREUR_FOURNISSEUR_SUR_MOE");
  again = sim_post (f, "facturesTravaux/v1/refuser", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":\"x\"}",
                    id_of (a4));
  g_assert_cmpint (sim_code (again), ==, 20002);
  /* The MOA refusing the MOE's projet de décompte général: the MOE's routing error. */
  a17 = deposit (f, "A17", id_of (a7), "REF-03");
  a17_refused = sim_post_ok (f, "facturesTravaux/v1/refuser", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":"
                             "\"Autre maîtrise d'ouvrage\"}", id_of (a17));
  g_clear_pointer (&piece, json_object_unref);
  piece = consult (f, id_of (a17));
  g_assert_cmpstr (status_of (piece), ==, "ERREUR_MOE_SUR_MOA");
}

static void
test_recycle (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4", 0, "REC-01");
  g_autoptr(JsonObject) a15 = deposit (f, "A15", id_of (a4), "REC-02");
  g_autoptr(JsonObject) first = NULL, asked = NULL, p4 = NULL, p15 = NULL, recycled = NULL, not_yet = NULL;

  first = sim_post (f, "facturesTravaux/v1/demander/recyclage", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id_of (a4));
  g_assert_cmpint (sim_code (first), ==, 20002);
  not_yet = sim_post (f, "facturesTravaux/v1/recycler", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id_of (a4));
  g_assert_cmpint (sim_code (not_yet), ==, 20002);
  asked = sim_post_ok (f, "facturesTravaux/v1/demander/recyclage", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id_of (a15));
  g_assert_cmpint (json_object_get_int_member (asked, "idFactureTravaux"), ==, id_of (a15));
  g_assert_cmpint (json_object_get_int_member (asked, "idPiecePrecedente"), ==, id_of (a4));
  p4 = consult (f, id_of (a4));
  p15 = consult (f, id_of (a15));
  g_assert_cmpstr (status_of (p4), ==, "A_RECYCLER");
  g_assert_cmpstr (status_of (p15), ==, "EN_ATTENTE_RECYCLAGE_FOURNISSEUR");
  recycled = sim_post_ok (f, "facturesTravaux/v1/recycler", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":"
                          "\"Engagement corrigé\"}", id_of (a4));
  g_clear_pointer (&p4, json_object_unref);
  g_clear_pointer (&p15, json_object_unref);
  p4 = consult (f, id_of (a4));
  p15 = consult (f, id_of (a15));
  g_assert_cmpstr (status_of (p4), ==, "ASSOCIEE");
  g_assert_cmpstr (status_of (p15), ==, "MISE_A_DISPOSITION_MOA");
}

/* A piece's PDF comes like an invoice's, and the piece shows it was downloaded. */
static void
test_pdf (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4", 0, "PDF-01");
  g_autoptr(JsonObject) dl = sim_post_ok (f, "factures/v1/telecharger/groupe", "{\"format\":\"PDF\",\"avecPiecesJointesComplementaires\":"
                                          "\"Non\",\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}]}", id_of (a4));
  g_autoptr(JsonObject) piece = consult (f, id_of (a4));
  gsize len = 0;
  g_autofree guchar *raw = g_base64_decode (json_object_get_string_member (dl, "fichierResultat"), &len);

  g_assert_cmpmem (raw, 5, "%PDF-", 5);
  g_assert_cmpstr (status_of (piece), ==, "MISE_A_DISPOSITION_MOE");
  g_assert_true (json_object_get_boolean_member (piece, "factureTelechargeeParDestinataire"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/travaux/keysets", test_keysets);
  ADD ("/sim/travaux/paging", test_paging);
  ADD ("/sim/travaux/criteria", test_criteria);
  ADD ("/sim/travaux/service-filter", test_service_filter);
  ADD ("/sim/travaux/dataset-cases", test_dataset_cases);
  ADD ("/sim/travaux/initial-deposits", test_initial_deposits);
  ADD ("/sim/travaux/chains", test_chains);
  ADD ("/sim/travaux/suspend-complete", test_suspend_complete);
  ADD ("/sim/travaux/refuse", test_refuse);
  ADD ("/sim/travaux/recycle", test_recycle);
  ADD ("/sim/travaux/pdf", test_pdf);
  return g_test_run ();
}
