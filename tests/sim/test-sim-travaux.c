/* test-sim-travaux.c: facturesTravaux: searches by role, the cadres' deposit rules (initial or
 * by association, by whom), the dossier chains and the processing of works pieces. */
#include "config.h"

#include <string.h>

#include "chorus-types.h"
#include "sim-test.h"

static gint64
upload (SimFixture *f)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "%PDF-1.4\n%fake\n", 15);
  g_autoptr(JsonObject) o = sim_post_ok (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\","
                                         "\"pieceJointeNom\":\"piece.pdf\",\"pieceJointeExtension\":\"PDF\","
                                         "\"pieceJointeTypeMime\":\"application/pdf\"}", b64);
  return json_object_get_int_member (o, "pieceJointeId");
}

static JsonObject *
deposit (SimFixture *f, const char *cadre, gint64 previous, const char *numero)
{
  gint64 pj = upload (f);

  if (previous)
    return sim_post (f, "facturesTravaux/v1/soumettre", "{\"cadreFacturation\":\"%s\",\"idPiecePrecedente\":%" G_GINT64_FORMAT ","
                     "\"numeroFactureTravaux\":\"%s\",\"dateFactureTravaux\":\"2026-11-10\",\"montantHT\":10000,"
                     "\"montantTVA\":2000,\"montantTTC\":12000,\"montantAPayer\":12000,"
                     "\"pieceJointePrincipale\":[{\"pieceJointePrincipaleId\":%" G_GINT64_FORMAT "}]}", cadre, previous, numero, pj);
  return sim_post (f, "facturesTravaux/v1/soumettre", "{\"cadreFacturation\":\"%s\",\"numeroFactureTravaux\":\"%s\","
                   "\"dateFactureTravaux\":\"2026-11-10\",\"idStructureFournisseur\":%" G_GINT64_FORMAT ",\"idStructureMoe\":%" G_GINT64_FORMAT
                   ",\"idStructureMoa\":%" G_GINT64_FORMAT ",\"numeroMarche\":\"MT-2026-001\",\"montantHT\":10000,\"montantTVA\":2000,"
                   "\"montantTTC\":12000,\"montantAPayer\":12000,\"pieceJointePrincipale\":[{\"pieceJointePrincipaleId\":%" G_GINT64_FORMAT "}]}",
                   cadre, numero, chorus_sim_get_supplier_id (f->sim), chorus_sim_get_moe_id (f->sim),
                   chorus_sim_get_moa_id (f->sim), pj);
}

static void
test_search_by_role (SimFixture *f, gconstpointer data)
{
  const char *roles[] = { "FOURNISSEUR", "MOE", "MOA" };
  g_autoptr(JsonObject) none = sim_post (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"VALIDATEUR\"}");
  g_autoptr(JsonObject) missing = sim_post (f, "facturesTravaux/v1/rechercher", "{}");

  g_assert_cmpint (sim_code (none), ==, 20007);
  g_assert_cmpstr (json_object_get_string_member (none, "libelle"), ==, "GFT_MSG_01.075");
  g_assert_cmpint (sim_code (missing), ==, 20004);

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"%s\","
                                             "\"rechercheFactureTravaux\":{\"pageResultatDemandee\":1,\"nbResultatsParPage\":5,"
                                             "\"triColonne\":\"DateDepot\",\"triSens\":\"Descendant\"}}", roles[r]);
      JsonArray *list = json_object_get_array_member (o, "listeFacturesTravaux");
      JsonObject *ret = json_object_get_object_member (o, "parametresRetour");

      g_assert_cmpuint (json_array_get_length (list), >, 0);
      g_assert_cmpint (json_object_get_int_member (ret, "pageCourante"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (ret, "pages"), >=, 1);
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          JsonObject *w = json_array_get_object_element (list, k);
          const char *member = r == 0 ? "idFournisseur" : r == 1 ? "idMOE" : "idMOA";
          gint64 expected = r == 0 ? chorus_sim_get_supplier_id (f->sim) : r == 1 ? chorus_sim_get_moe_id (f->sim)
                                                                                  : chorus_sim_get_moa_id (f->sim);

          g_assert_cmpint (json_object_get_int_member (w, member), ==, expected);
          g_assert_true (chorus_cadre_is_works (chorus_cadre_from_api (json_object_get_string_member (w, "cadreFacturation"))));
          g_assert_cmpint (chorus_works_status_from_api (json_object_get_string_member (w, "statut")), !=, CHORUS_WORKS_STATUS_UNKNOWN);
          g_assert_true (json_object_has_member (w, "numeroDossierFacturation"));
          g_assert_true (json_object_has_member (w, "codeMOA"));
          g_assert_true (json_object_has_member (w, "designationMOE"));
        }
    }
}

static void
test_dossier_chain (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"MOA\","
                                         "\"listeStatutCourant\":[\"ASSOCIEE\"],\"rechercheFactureTravaux\":{\"nbResultatsParPage\":1}}");
  JsonObject *w = json_array_get_object_element (json_object_get_array_member (o, "listeFacturesTravaux"), 0);
  g_autoptr(JsonObject) dossier = sim_post_ok (f, "facturesTravaux/v1/consulter/dossierfacturation", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}",
                                               json_object_get_int_member (w, "idFactureTravaux"));
  JsonArray *pieces = json_object_get_array_member (dossier, "listePieces");

  g_assert_cmpuint (json_array_get_length (pieces), >=, 2);
  for (guint k = 0; k < json_array_get_length (pieces); k++)
    {
      JsonObject *p = json_array_get_object_element (pieces, k);

      g_assert_cmpstr (json_object_get_string_member (p, "numeroDossierFacturation"), ==,
                       json_object_get_string_member (dossier, "numeroDossierFacturation"));
      if (k + 1 < json_array_get_length (pieces))
        {
          g_assert_cmpstr (json_object_get_string_member (p, "statut"), ==, "ASSOCIEE");
          g_assert_cmpint (json_object_get_int_member (p, "idPieceSuivante"), ==,
                           json_object_get_int_member (json_array_get_object_element (pieces, k + 1), "idFactureTravaux"));
        }
    }
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (pieces, 0), "cadreFacturation"), "A4_") ||
                 g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (pieces, 0), "cadreFacturation"), "A7_"));
}

static void
test_monthly_chain (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", 0, "PDM-T-01");
  gint64 a4_id = json_object_get_int_member (a4, "idFactureTravaux");
  g_autoptr(JsonObject) a19_too_early = NULL;
  g_autoptr(JsonObject) a17_wrong = NULL;
  g_autoptr(JsonObject) a15 = NULL;
  g_autoptr(JsonObject) a15_again = NULL;
  g_autoptr(JsonObject) a19 = NULL;
  g_autoptr(JsonObject) first = NULL;
  gint64 a15_id;

  g_assert_cmpint (sim_code (a4), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (a4, "statut"), ==, "MISE_A_DISPOSITION_MOE");
  g_assert_cmpstr (json_object_get_string_member (a4, "numeroDossierFacturation"), ==, "PDM-T-01");

  /* A19 follows an A15, not an A4; A17 follows a final statement. */
  a19_too_early = deposit (f, "A19_ETAT_ACOMPTE_VALIDE_MOA", a4_id, "EAV-T-01");
  g_assert_cmpint (sim_code (a19_too_early), ==, 20008);
  a17_wrong = deposit (f, "A17_PROJET_DECOMPTE_GENERAL_MOE", a4_id, "PDG-T-01");
  g_assert_cmpint (sim_code (a17_wrong), ==, 20008);

  a15 = deposit (f, "A15_ETAT_ACOMPTE_MOE", a4_id, "EA-T-01");
  g_assert_cmpint (sim_code (a15), ==, 0);
  a15_id = json_object_get_int_member (a15, "idFactureTravaux");
  g_assert_cmpstr (json_object_get_string_member (a15, "statut"), ==, "MISE_A_DISPOSITION_MOA");
  g_assert_cmpstr (json_object_get_string_member (a15, "numeroDossierFacturation"), ==, "PDM-T-01");
  first = sim_post_ok (f, "facturesTravaux/v1/consulter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", a4_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "factureTravaux"), "statut"), ==, "ASSOCIEE");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "factureTravaux"), "idPieceSuivante"), ==, a15_id);

  a15_again = deposit (f, "A15_ETAT_ACOMPTE_MOE", a4_id, "EA-T-02");
  g_assert_cmpint (sim_code (a15_again), ==, 20002);

  a19 = deposit (f, "A19_ETAT_ACOMPTE_VALIDE_MOA", a15_id, "EAV-T-01");
  g_assert_cmpint (sim_code (a19), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (a19, "statut"), ==, "MISE_A_DISPOSITION_FOURNISSEUR");
}

static void
test_deposit_modes (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a23 = deposit (f, "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", 0, "DGDT-1");
  g_autoptr(JsonObject) a25 = deposit (f, "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE", 0, "DGDT-2");
  g_autoptr(JsonObject) a1 = deposit (f, "A1_FACTURE_FOURNISSEUR", 0, "F-1");
  g_autoptr(JsonObject) a7 = deposit (f, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", 0, "PDF-T-1");
  g_autoptr(JsonObject) a6_assoc = NULL;
  g_autoptr(JsonObject) a15_moe_initial = NULL;

  /* A23 and A25 exist only by association; A1 is not a works cadre. */
  g_assert_cmpint (sim_code (a23), ==, 20008);
  g_assert_cmpint (sim_code (a25), ==, 20008);
  g_assert_cmpint (sim_code (a1), ==, 20008);
  g_assert_cmpint (sim_code (a7), ==, 0);
  /* A6 is never associated. */
  a6_assoc = deposit (f, "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR", json_object_get_int_member (a7, "idFactureTravaux"), "X-1");
  g_assert_cmpint (sim_code (a6_assoc), ==, 20008);
  /* A15 may also open a dossier (initial deposit by the MOE, which the account is). */
  a15_moe_initial = deposit (f, "A15_ETAT_ACOMPTE_MOE", 0, "EA-INIT-1");
  g_assert_cmpint (sim_code (a15_moe_initial), ==, 0);
}

static void
test_processing (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) a4 = deposit (f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", 0, "PDM-P-01");
  gint64 id = json_object_get_int_member (a4, "idFactureTravaux");
  g_autoptr(JsonObject) refuse_amounts = NULL;
  g_autoptr(JsonObject) suspend_no_motif = NULL;
  g_autoptr(JsonObject) suspend = NULL;
  g_autoptr(JsonObject) complete = NULL;
  g_autoptr(JsonObject) take = NULL;
  g_autoptr(JsonObject) refuse = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) dl = NULL;

  /* A disagreement on amounts is not a reason to refuse: only a routing error is. */
  refuse_amounts = sim_post (f, "facturesTravaux/v1/traiter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"action\":\"REFUS\","
                             "\"motif\":\"Montants contestés\",\"typeRefus\":\"AUTRE_MOTIF\"}", id);
  g_assert_cmpint (sim_code (refuse_amounts), ==, 20008);
  suspend_no_motif = sim_post (f, "facturesTravaux/v1/traiter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"action\":\"SUSPENSION\"}", id);
  g_assert_cmpint (sim_code (suspend_no_motif), ==, 20003);
  suspend = sim_post_ok (f, "facturesTravaux/v1/traiter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"action\":\"SUSPENSION\","
                         "\"motif\":\"Il manque des pièces jointes\"}", id);
  g_assert_cmpstr (json_object_get_string_member (suspend, "statut"), ==, "SUSPENDUE");
  complete = sim_post_ok (f, "facturesTravaux/v1/completer", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":\"Pièces ajoutées\"}", id);
  g_assert_cmpstr (json_object_get_string_member (complete, "statut"), ==, "COMPLETEE");
  take = sim_post_ok (f, "facturesTravaux/v1/traiter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"action\":\"PRISE_EN_COMPTE\"}", id);
  g_assert_cmpstr (json_object_get_string_member (take, "statut"), ==, "PRISE_EN_COMPTE");
  again = sim_post (f, "facturesTravaux/v1/traiter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"action\":\"PRISE_EN_COMPTE\"}", id);
  g_assert_cmpint (sim_code (again), ==, 20002);

  {
    g_autoptr(JsonObject) b = deposit (f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", 0, "PDM-P-02");
    refuse = sim_post_ok (f, "facturesTravaux/v1/traiter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"action\":\"REFUS\","
                          "\"motif\":\"Mauvaise maîtrise d'œuvre\",\"typeRefus\":\"ERREUR_ACHEMINEMENT\"}",
                          json_object_get_int_member (b, "idFactureTravaux"));
    g_assert_cmpstr (json_object_get_string_member (refuse, "statut"), ==, "REFUSEE");
  }

  dl = sim_post_ok (f, "facturesTravaux/v1/telecharger", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id);
  g_assert_nonnull (json_object_get_string_member (dl, "fichierResultat"));
}

static void
test_generated_pdf (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"MOE\"}");
  JsonObject *w = json_array_get_object_element (json_object_get_array_member (o, "listeFacturesTravaux"), 0);
  g_autoptr(JsonObject) dl = sim_post_ok (f, "facturesTravaux/v1/telecharger", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}",
                                          json_object_get_int_member (w, "idFactureTravaux"));
  gsize len = 0;
  g_autofree guchar *raw = g_base64_decode (json_object_get_string_member (dl, "fichierResultat"), &len);
  g_autoptr(JsonObject) after = sim_post_ok (f, "facturesTravaux/v1/consulter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}",
                                             json_object_get_int_member (w, "idFactureTravaux"));

  g_assert_cmpmem (raw, 5, "%PDF-", 5);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (after, "factureTravaux"), "factureTelechargee"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/travaux/search-by-role", test_search_by_role);
  ADD ("/sim/travaux/dossier-chain", test_dossier_chain);
  ADD ("/sim/travaux/monthly-chain", test_monthly_chain);
  ADD ("/sim/travaux/deposit-modes", test_deposit_modes);
  ADD ("/sim/travaux/processing", test_processing);
  ADD ("/sim/travaux/generated-pdf", test_generated_pdf);
  return g_test_run ();
}
