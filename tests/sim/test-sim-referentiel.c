/* test-sim-referentiel.c: structures, services, the account's attachments and the transverse lists. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-types.h"
#include "sim-test.h"

static void
test_rattachements (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "utilisateurs/v1/monCompte/recuperer/rattachements", "{}");
  JsonArray *list = json_object_get_array_member (o, "listeStructureRattachement");
  g_autoptr(GHashTable) roles = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean anfh = FALSE;

  g_assert_true (json_object_has_member (o, "parametresRetour"));
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *r = json_array_get_object_element (list, k);
      const char *role = json_object_get_string_member (r, "roleUtilisateur");
      JsonArray *services = json_object_get_array_member (r, "listeServicesRattache");

      g_assert_cmpint (chorus_role_from_api (role), !=, CHORUS_ROLE_UNKNOWN);
      g_hash_table_add (roles, (gpointer) role);
      g_assert_true (chorus_siret_is_valid (json_object_get_string_member (r, "identifiantStructure")));
      if (g_str_equal (role, "DESTINATAIRE"))
        {
          g_assert_cmpint (json_object_get_int_member (r, "idStructure"), ==, chorus_sim_get_recipient_id (f->sim));
          for (guint s = 0; s < json_array_get_length (services); s++)
            anfh |= g_str_equal (json_object_get_string_member (json_array_get_object_element (services, s), "codeService"),
                                 "ANFH_FORMATION");
        }
    }
  g_assert_true (anfh);
  g_assert_true (g_hash_table_contains (roles, "DESTINATAIRE"));
  g_assert_true (g_hash_table_contains (roles, "FOURNISSEUR"));
  g_assert_true (g_hash_table_contains (roles, "MOE"));
  g_assert_true (g_hash_table_contains (roles, "MOA"));
}

static void
test_structures_search (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) by_siret = sim_post_ok (f, "structures/v1/rechercher",
                                                "{\"structure\":{\"identifiantStructure\":\"%s\",\"typeIdentifiantStructure\":\"SIRET\"},"
                                                "\"restreindreStructuresPrivees\":false}", chorus_sim_get_recipient_siret (f->sim));
  JsonArray *list = json_object_get_array_member (by_siret, "listeStructures");
  JsonObject *s = json_array_get_object_element (list, 0);
  g_autoptr(JsonObject) page1 = NULL;
  g_autoptr(JsonObject) page2 = NULL;
  g_autoptr(JsonObject) named = NULL;
  g_autoptr(JsonObject) foreign = NULL;
  JsonObject *ret;

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "idStructureCPP"), ==, chorus_sim_get_recipient_id (f->sim));
  g_assert_cmpstr (json_object_get_string_member (s, "typeIdentifiantStructure"), ==, "SIRET");
  g_assert_true (json_object_has_member (s, "designationStructure"));
  g_assert_true (json_object_has_member (s, "statut"));

  page1 = sim_post_ok (f, "structures/v1/rechercher", "{\"restreindreStructuresPrivees\":false,"
                       "\"parametres\":{\"nbResultatsParPage\":50,\"pageResultatDemandee\":1,\"triColonne\":\"IdentifiantStructure\"}}");
  page2 = sim_post_ok (f, "structures/v1/rechercher", "{\"restreindreStructuresPrivees\":false,"
                       "\"parametres\":{\"nbResultatsParPage\":50,\"pageResultatDemandee\":2,\"triColonne\":\"IdentifiantStructure\"}}");
  ret = json_object_get_object_member (page1, "parametresRetour");
  g_assert_cmpint (json_object_get_int_member (ret, "total"), >, 200);
  g_assert_cmpint (json_object_get_int_member (ret, "pages"), ==, (json_object_get_int_member (ret, "total") + 49) / 50);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (page1, "listeStructures"), 49),
                                                  "identifiantStructure"), <=,
                   json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (page2, "listeStructures"), 0),
                                                  "identifiantStructure"));

  named = sim_post_ok (f, "structures/v1/rechercher", "{\"structure\":{\"raisonSocialeStructure\":\"ANFH\"}}");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (named, "parametresRetour"), "total"), ==, 1);

  /* Private suppliers only show up when not restricted; some are not identified by a SIRET. */
  foreign = sim_post_ok (f, "structures/v1/rechercher", "{\"structure\":{\"typeIdentifiantStructure\":\"UE_HORS_FRANCE\"},"
                         "\"restreindreStructuresPrivees\":false}");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (foreign, "parametresRetour"), "total"), >, 0);
}

static void
test_sirets_valid (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) all = sim_post_ok (f, "structures/v1/rechercher", "{\"structure\":{\"typeIdentifiantStructure\":\"SIRET\"},"
                                           "\"restreindreStructuresPrivees\":false,\"parametres\":{\"nbResultatsParPage\":1000}}");
  JsonArray *list = json_object_get_array_member (all, "listeStructures");

  g_assert_cmpuint (json_array_get_length (list), >, 200);
  for (guint k = 0; k < json_array_get_length (list); k++)
    g_assert_true (chorus_siret_is_valid (json_object_get_string_member (json_array_get_object_element (list, k),
                                                                         "identifiantStructure")));
}

static void
test_consult_structure (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "structures/v1/consulter", "{\"idStructureCPP\":%" G_GINT64_FORMAT "}",
                                         chorus_sim_get_recipient_id (f->sim));
  JsonObject *info = json_object_get_object_member (o, "informationGenerales");
  JsonObject *params = json_object_get_object_member (o, "parametres");
  static const char *const flags[] = {
    "codeServiceDoitEtreRenseigne", "numeroEJDoitEtreRenseigne", "gestionNumeroEJOuCodeService", "connexionEDI",
    "estMoaUniquement", "estValideurDelegue", "getaMoa", "nonDiffusibleInsee", "recevoirDonneesViaEDI",
    "statutMiseEnPaiementNestPasRemonte",
  };
  g_autoptr(JsonObject) missing = NULL;

  g_assert_cmpstr (json_object_get_string_member (info, "identifiantStructure"), ==, chorus_sim_get_recipient_siret (f->sim));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "libelleStructure"), "Centre hospitalier"));
  g_assert_nonnull (json_object_get_string_member (info, "dateExpirationMotPasseCompteTech"));
  for (gsize k = 0; k < G_N_ELEMENTS (flags); k++)
    g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (params, flags[k])) &&
                   json_node_get_value_type (json_object_get_member (params, flags[k])) == G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (params, "codeServiceDoitEtreRenseigne"));
  g_assert_true (json_object_has_member (json_object_get_object_member (o, "adressePostaleDuSiege"), "codePostal"));

  missing = sim_post (f, "structures/v1/consulter", "{\"idStructureCPP\":12}");
  g_assert_cmpint (sim_code (missing), ==, 20001);
}

static void
test_services (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) page = sim_post_ok (f, "structures/v1/rechercher/services", "{\"idStructure\":%" G_GINT64_FORMAT
                                            ",\"parametresRechercherServicesStructure\":{\"nbResultatsParPage\":3,"
                                            "\"pageResultatDemandee\":2,\"triColonne\":\"CodeService\",\"triSens\":\"Ascendant\"}}",
                                            chorus_sim_get_recipient_id (f->sim));
  g_autoptr(JsonObject) all = sim_post_ok (f, "structures/v1/rechercher/services", "{\"idStructure\":%" G_GINT64_FORMAT
                                           ",\"parametresRechercherServicesStructure\":{\"nbResultatsParPage\":100}}",
                                           chorus_sim_get_recipient_id (f->sim));
  JsonArray *list = json_object_get_array_member (all, "listeServices");
  gboolean inactive = FALSE;
  gint64 pharmacie = 0;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "listeServices")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (page, "parametresRetour"), "pageCourante"), ==, 2);
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *s = json_array_get_object_element (list, k);

      g_assert_cmpuint (strlen (json_object_get_string_member (s, "dateDbtService")), ==, 16);
      inactive |= !json_object_get_boolean_member (s, "estActif");
      if (g_str_equal (json_object_get_string_member (s, "codeService"), "PHARMACIE"))
        pharmacie = json_object_get_int_member (s, "idService");
    }
  g_assert_true (inactive);
  g_assert_cmpint (pharmacie, >, 0);
  {
    g_autoptr(JsonObject) svc = sim_post_ok (f, "structures/v1/consulter/service", "{\"idStructure\":%" G_GINT64_FORMAT
                                             ",\"idService\":%" G_GINT64_FORMAT "}", chorus_sim_get_recipient_id (f->sim), pharmacie);
    JsonObject *params = json_object_get_object_member (svc, "parametres");

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (svc, "informationsGenerales"), "codeService"),
                     ==, "PHARMACIE");
    g_assert_true (json_object_get_boolean_member (params, "numeroEngagement"));
    /* ISO 8601 with an offset, unlike the other dates. */
    g_assert_nonnull (strchr (json_object_get_string_member (params, "dateCreation"), 'T'));
  }
}

static void
test_transverses (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) tva = sim_post_ok (f, "transverses/v1/recuperer/tauxtva", "{\"codeLangue\":\"FR\"}");
  g_autoptr(JsonObject) devises = sim_post_ok (f, "transverses/v1/recuperer/devises", "{\"codeLangue\":\"FR\"}");
  g_autoptr(JsonObject) modes = sim_post_ok (f, "transverses/v1/recuperer/modereglements", "{}");
  g_autoptr(JsonObject) cadres = sim_post_ok (f, "transverses/v1/recuperer/cadrefacturation", "{\"typeDemandePaiement\":\"FACTURE\"}");
  g_autoptr(JsonObject) works = sim_post_ok (f, "transverses/v1/recuperer/cadrefacturation", "{\"typeDemandePaiement\":\"FACTURE_TRAVAUX\"}");
  g_autoptr(JsonObject) actives = sim_post_ok (f, "transverses/v1/recuperer/structures/actives/fournisseur", "{}");
  g_autoptr(JsonObject) bad_lang = sim_post (f, "transverses/v1/recuperer/tauxtva", "{\"codeLangue\":\"DE\"}");
  JsonArray *rates = json_object_get_array_member (tva, "listeTauxTva");
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean virement = FALSE;

  for (guint k = 0; k < json_array_get_length (rates); k++)
    {
      JsonObject *r = json_array_get_object_element (rates, k);
      g_autofree char *v = g_strdup_printf ("%.1f", json_object_get_double_member (r, "valeurTauxTva"));
      g_hash_table_add (values, g_steal_pointer (&v));
      g_assert_nonnull (json_object_get_string_member (r, "codeTauxTva"));
    }
  g_assert_true (g_hash_table_contains (values, "20.0"));
  g_assert_true (g_hash_table_contains (values, "10.0"));
  g_assert_true (g_hash_table_contains (values, "5.5"));
  g_assert_true (g_hash_table_contains (values, "0.0"));

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (devises, "listeDevises"), 0),
                                                  "codeDevise"), ==, "EUR");
  for (guint k = 0; k < json_array_get_length (json_object_get_array_member (modes, "listeModePaiement")); k++)
    virement |= g_str_equal (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (modes, "listeModePaiement"), k),
                                                            "modePaiement"), "VIREMENT");
  g_assert_true (virement);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (cadres, "listeCadreFacturation"), 0),
                                                  "codeCadreFacturation"), ==, "A1_FACTURE_FOURNISSEUR");
  /* Works pieces are A4 … A25 but for subcontractor and co-contractor invoices and TIC refunds. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (works, "listeCadreFacturation")), ==, 19);
  for (guint k = 0; k < json_array_get_length (json_object_get_array_member (works, "listeCadreFacturation")); k++)
    {
      const char *code = json_object_get_string_member (json_array_get_object_element (
        json_object_get_array_member (works, "listeCadreFacturation"), k), "codeCadreFacturation");
      int number = atoi (code + 1);

      g_assert_true (number >= 4 && number <= 25 && number != 9 && number != 12 && number != 21);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (actives, "listeStructures"), 0),
                                               "idStructureCPP"), ==, chorus_sim_get_supplier_id (f->sim));
  g_assert_cmpint (sim_code (bad_lang), ==, 20008);
}

static void
test_rechercher_destinataire (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "transverses/v1/rechercher/destinataire", "{\"identifiant\":\"%.9s\","
                                         "\"parametresRecherche\":{\"nbResultatsParPage\":5}}", chorus_sim_get_recipient_siret (f->sim));
  JsonObject *d = json_array_get_object_element (json_object_get_array_member (o, "listeDestinataires"), 0);
  g_autoptr(JsonObject) by_town = sim_post_ok (f, "transverses/v1/rechercher/destinataire", "{\"nomVilleCodePostal\":\"Montreval\"}");

  g_assert_cmpstr (json_object_get_string_member (d, "siret"), ==, chorus_sim_get_recipient_siret (f->sim));
  g_assert_true (json_object_has_member (d, "nomDestinataire"));
  g_assert_true (json_object_has_member (d, "adresseCodePostal"));
  g_assert_true (json_object_has_member (o, "parametresRetour"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (by_town, "parametresRetour"), "total"), >, 0);
}

static void
test_ajouter_fichier (SimFixture *f, gconstpointer data)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "colonne1;colonne2\n", 18);
  g_autoptr(JsonObject) ok = sim_post_ok (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\",\"pieceJointeNom\":"
                                          "\"releve.csv\",\"pieceJointeTypeMime\":\"text/csv\",\"pieceJointeExtension\":\"CSV\"}", b64);
  g_autofree char *long_name = g_strnfill (60, 'n');
  g_autoptr(JsonObject) too_long = sim_post (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\",\"pieceJointeNom\":"
                                             "\"%s.csv\",\"pieceJointeExtension\":\"CSV\"}", b64, long_name);
  g_autoptr(JsonObject) missing = sim_post (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeNom\":\"a.csv\"}");

  g_assert_cmpint (json_object_get_int_member (ok, "pieceJointeId"), >, 0);
  g_assert_cmpint (sim_code (too_long), ==, 20008);
  g_assert_cmpint (sim_code (missing), ==, 20004);
}

static void
test_more_lists (SimFixture *f, gconstpointer data)
{
  static const char *const cases[][3] = {
    { "transverses/v1/recuperer/pays", "{\"codeLangue\":\"FR\"}", "listePays" },
    { "transverses/v1/recuperer/motifs/exonerationtva", "{\"codeLangue\":\"FR\"}", "listeMotifsExonerationTva" },
    { "transverses/v1/recuperer/typefacturetravaux", "{}", "listeTypeFactureTravaux" },
    { "transverses/v1/recuperer/etat/typedp", "{\"typeDemandePaiement\":\"FACTURE_TRAVAUX\"}", "listeEtatDemandePaiement" },
    { "transverses/v1/recuperer/typespj", "{\"codeLangue\":\"FR\",\"typeObjet\":\"FACTURE\"}", "listeTypePieceJointe" },
    { "transverses/v1/recuperer/modedepot", "{}", "listeModeDepot" },
    { "transverses/v1/recuperer/typedp", "{}", "listeTypeDemandePaiement" },
    { "transverses/v1/recuperer/formatflux", "{}", "listeFormatFlux" },
    { "transverses/v1/recuperer/typeidentifiant/structure", "{}", "listeTypeIdentifiant" },
  };
  g_autoptr(JsonObject) bank = sim_post_ok (f, "transverses/v1/recuperer/coordbanc/valides", "{\"idStructure\":%" G_GINT64_FORMAT "}",
                                            chorus_sim_get_supplier_id (f->sim));
  g_autoptr(JsonObject) bank_other = sim_post (f, "transverses/v1/recuperer/coordbanc/valides", "{\"idStructure\":12}");

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(JsonObject) o = sim_post_ok (f, cases[k][0], "%s", cases[k][1]);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, cases[k][2])), >, 0);
    }
  /* Two valid accounts; the closed one is not listed. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bank, "listeCoordonneeBancaire")), ==, 2);
  for (guint k = 0; k < 2; k++)
    g_assert_null (strstr (json_object_get_string_member (json_array_get_object_element (
      json_object_get_array_member (bank, "listeCoordonneeBancaire"), k), "nomCoordonneeBancaire"), "clôturé"));
  g_assert_cmpint (sim_code (bank_other), ==, 20010);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/referentiel/rattachements", test_rattachements);
  ADD ("/sim/referentiel/structures-search", test_structures_search);
  ADD ("/sim/referentiel/sirets-valid", test_sirets_valid);
  ADD ("/sim/referentiel/consult-structure", test_consult_structure);
  ADD ("/sim/referentiel/services", test_services);
  ADD ("/sim/referentiel/transverses", test_transverses);
  ADD ("/sim/referentiel/rechercher-destinataire", test_rechercher_destinataire);
  ADD ("/sim/referentiel/ajouter-fichier", test_ajouter_fichier);
  ADD ("/sim/referentiel/more-lists", test_more_lists);
  return g_test_run ();
}
