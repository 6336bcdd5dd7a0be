/* test-sim-rules.c: the simulator refuses what the portal refuses (its own rule tables, written
 * from the reference): recipient transitions one step at a time, motifs and mandate numbers,
 * deposit cadres and vocabulary, recipient obligations, completer and recycler. A client that
 * sends any of these is caught by its tests against the simulator. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-test.h"

static gint64
history_length (SimFixture *f, gint64 id)
{
  g_autoptr(JsonObject) h = sim_post_ok (f, "factures/v1/consulter/historique", "{\"idFacture\":%" G_GINT64_FORMAT "}", id);

  return json_object_get_int_member (json_object_get_object_member (h, "historiquesDesStatuts"), "totalHistoStatut");
}

static gint64
process (SimFixture *f, gint64 id, const char *target, const char *extra)
{
  g_autoptr(JsonObject) o = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                                      ",\"nouveauStatut\":\"%s\"%s}", id, target, extra ? extra : "");

  return sim_code (o);
}

static void
test_recipient_refusals (SimFixture *f, gconstpointer data)
{
  gint64 rejected = sim_find_invoice (f, TRUE, "REJETEE");
  gint64 suspended = sim_find_invoice (f, TRUE, "SUSPENDUE");
  gint64 mad = sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION");
  gint64 before = history_length (f, mad);

  g_assert_true (rejected != 0 && suspended != 0 && mad != 0);
  {
    /* The portal's own sentence for an incoherent change (Pastell's fixture), with the codes. */
    g_autoptr(JsonObject) o = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                                        ",\"nouveauStatut\":\"SERVICE_FAIT\"}", rejected);
    g_assert_cmpint (sim_code (o), ==, 20002);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "libelle"), "Incohérence au niveau du statut"));
    g_assert_nonnull (strstr (json_object_get_string_member (o, "libelle"), "REJETEE"));
  }
  /* One step at a time: no jump from "made available" to the mandate or the payment. */
  g_assert_cmpint (process (f, mad, "MANDATEE", ",\"numeroDPMandat\":\"M-1\""), ==, 20002);
  g_assert_cmpint (process (f, mad, "MISE_EN_PAIEMENT", NULL), ==, 20002);
  g_assert_cmpint (process (f, mad, "COMPTABILISEE", NULL), ==, 20002);
  /* Rejection and suspension need a motif; a suspended invoice waits for its supplier. */
  g_assert_cmpint (process (f, mad, "REJETEE", NULL), ==, 20003);
  g_assert_cmpint (process (f, mad, "SUSPENDUE", ",\"motif\":\"  \""), ==, 20003);
  g_assert_cmpint (process (f, suspended, "SERVICE_FAIT", NULL), ==, 20002);
  g_assert_cmpint (process (f, suspended, "MISE_A_DISPOSITION", NULL), ==, 20002);
  /* Statuses no recipient sets. */
  g_assert_cmpint (process (f, mad, "COMPLETEE", NULL), ==, 20008);
  g_assert_cmpint (process (f, mad, "VALIDEE_1", NULL), ==, 20008);
  g_assert_cmpint (process (f, mad, "A_VALIDER", NULL), ==, 20008);
  /* Nothing of this was applied. */
  g_assert_cmpint (history_length (f, mad), ==, before);
  g_assert_cmpstr (sim_status_of (f, mad), ==, "MISE_A_DISPOSITION");
}

static void
test_recipient_steps (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION");
  gint64 completed = sim_find_invoice (f, TRUE, "COMPLETEE");
  static const char *const walk[] = { "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE",
                                      "MISE_EN_PAIEMENT" };

  for (gsize k = 0; k < G_N_ELEMENTS (walk); k++)
    {
      /* The mandate needs its number. */
      if (g_str_equal (walk[k], "MANDATEE"))
        g_assert_cmpint (process (f, id, walk[k], NULL), ==, 20004);
      g_assert_cmpint (process (f, id, walk[k], g_str_equal (walk[k], "MANDATEE") ? ",\"numeroDPMandat\":\"M2026-00042\""
                                                                                   : NULL), ==, 0);
      g_assert_cmpstr (sim_status_of (f, id), ==, walk[k]);
    }
  g_assert_cmpint (process (f, id, "MISE_EN_PAIEMENT", NULL), ==, 20002);
  {
    g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%"
                                           G_GINT64_FORMAT "}", id);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (c, "facture"),
                                                                                   "references"), "numeroDpMandat"), ==,
                     "M2026-00042");
  }
  /* A completed invoice is to be processed again; the cancellation of a service fait returns it. */
  g_assert_cmpint (process (f, completed, "SERVICE_FAIT", NULL), ==, 0);
  g_assert_cmpint (process (f, completed, "MISE_A_DISPOSITION", NULL), ==, 0);
  g_assert_cmpint (process (f, completed, "A_RECYCLER", ",\"motif\":\"Mauvais service\""), ==, 0);
}

/* ---- deposits -------------------------------------------------------------------------------- */

static void
test_deposit_cadres (SimFixture *f, gconstpointer data)
{
  static const char *const works[] = {
    "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "A5_ETAT_ACOMPTE_FOURNISSEUR", "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR",
    "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR",
    "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", "A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT",
    "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", "A14_PROJET_DECOMPTE_FINAL_COTRAITANT", "A15_ETAT_ACOMPTE_MOE",
    "A16_ETAT_ACOMPTE_VALIDE_MOE", "A17_PROJET_DECOMPTE_GENERAL_MOE", "A18_DECOMPTE_GENERAL_MOE",
    "A19_ETAT_ACOMPTE_VALIDE_MOA", "A20_DECOMPTE_GENERAL_MOA", "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE",
    "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", "A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE",
    "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE",
  };

  /* Works cadres are not invoices: refused with a libelle that says where they go. */
  for (gsize k = 0; k < G_N_ELEMENTS (works); k++)
    {
      g_autofree char *libelle = NULL;
      SimDeposit d = { .cadre = works[k] };

      g_assert_cmpint (sim_deposit (f, &d, &libelle), ==, -20011);
      g_assert_nonnull (strstr (libelle, works[k]));
      g_assert_nonnull (strstr (libelle, "facturesTravaux/v1/soumettre"));
    }
  {
    /* Court costs and TIC refunds have their own spaces; unknown codes are refused too. */
    SimDeposit justice = { .cadre = "A3_MEMOIRE_JUSTICE" }, tic = { .cadre = "A21_DEMANDE_REMBOURSEMENT_TIC" },
            short_code = { .cadre = "A1" }, paid = { .cadre = "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE" };

    g_assert_cmpint (sim_deposit (f, &justice, NULL), ==, -20011);
    g_assert_cmpint (sim_deposit (f, &tic, NULL), ==, -20011);
    g_assert_cmpint (sim_deposit (f, &short_code, NULL), ==, -20008);
    g_assert_cmpint (sim_deposit (f, &paid, NULL), >, 0);
  }
  {
    /* A subcontractor's invoice goes to its validator first, not to the recipient. */
    SimDeposit none = { .cadre = "A9_FACTURE_SOUSTRAITANT" };
    SimDeposit with = { .cadre = "A9_FACTURE_SOUSTRAITANT", .valideur = chorus_sim_get_supplier_siret (f->sim),
                     .numero = "SST-2026-001", .mode = "SAISIE_API" };
    gint64 id;
    g_autoptr(JsonObject) hidden = NULL;

    g_assert_cmpint (sim_deposit (f, &none, NULL), ==, -20004);
    id = sim_deposit (f, &with, NULL);
    g_assert_cmpint (id, >, 0);
    g_assert_cmpstr (sim_status_of (f, id), ==, "A_VALIDER_1");
    hidden = sim_post (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
    g_assert_cmpint (sim_code (hidden), ==, 20001);
  }
}

static void
test_deposit_vocabulary (SimFixture *f, gconstpointer data)
{
  static const struct { SimDeposit d; gint64 code; } cases[] = {
    { { .type = "ACOMPTE" }, 20008 },                               /* §0.3: FACTURE and AVOIR only */
    { { .tva = "TVA_NORMALE" }, 20008 },
    { { .type = "AVOIR", .paiement = "VIREMENT" }, 20008 },         /* §6.6: no payment mode on a credit note */
    { { .paiement = "CARTE_BANCAIRE" }, 20008 },
    { { .mode = "DEPOT_PDF_PORTAIL" }, 20008 },                     /* a portal mode, not an API one */
    { { .mode = "PAPIER" }, 20008 },
    { { .numero = "F 2026 001" }, 20008 },                          /* letters, digits and - _ / + only */
    { { .numero = "F-2026-00000000000001" }, 20008 },               /* 21 characters */
    { { .numero = "F/2026+1_a-b" }, 0 },
    { { .paiement = "CHEQUE", .numero = "CHQ-2026-1" }, 0 },
    { { .type = "AVOIR", .numero = "AV-2026-1" }, 0 },
    { { .tva = "TVA_SUR_ENCAISSEMENT", .paiement = "PRELEVEMENT", .numero = "PRL-2026-1" }, 0 },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *libelle = NULL;
      gint64 got = sim_deposit (f, &cases[k].d, &libelle);

      if (cases[k].code == 0 ? got <= 0 : got != -cases[k].code)
        g_error ("case %" G_GSIZE_FORMAT ": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT " (%s)", k, cases[k].code,
                 got, libelle);
    }
}

static char *
siret_of (SimFixture *f, const char *name)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "structures/v1/rechercher", "{\"structure\":{\"raisonSocialeStructure\":\"%s\"}}",
                                         name);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "listeStructures"), 0),
                                                  "identifiantStructure"));
}

static void
test_deposit_recipients (SimFixture *f, gconstpointer data)
{
  const char *strict = chorus_sim_get_strict_recipient_siret (f->sim);
  g_autofree char *either = siret_of (f, "Communauté d'agglomération");
  g_autofree char *libelle = NULL;
  struct { SimDeposit d; gint64 code; } cases[] = {
    { { .siret = chorus_sim_get_inactive_recipient_siret (f->sim) }, 20012 },
    { { .siret = chorus_sim_get_supplier_siret (f->sim) }, 20001 },          /* private: not a recipient */
    { { .siret = "12345678901234" }, 20001 },
    { { .service = "" }, 20005 },                                           /* the hospital demands a service */
    { { .service = "ANCIEN_SERVICE" }, 20001 },                              /* closed service */
    { { .service = "PHARMACIE" }, 20006 },                                   /* this service demands an engagement */
    { { .siret = strict, .service = "", .engagement = "1300000001" }, 20005 },
    { { .siret = strict, .service = "DIR_FINANCES" }, 20006 },
    { { .siret = either, .service = "" }, 20005 },                           /* a service or an engagement */
    { { .siret = either, .service = "", .engagement = "1300000009", .numero = "EJ-ONLY-1" }, 0 },
    { { .siret = strict, .service = "DIR_FINANCES", .engagement = "1300000001", .numero = "STRICT-1" }, 0 },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      gint64 got;

      g_clear_pointer (&libelle, g_free);
      got = sim_deposit (f, &cases[k].d, &libelle);
      if (cases[k].code == 0 ? got <= 0 : got != -cases[k].code)
        g_error ("case %" G_GSIZE_FORMAT ": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT " (%s)", k, cases[k].code,
                 got, libelle);
    }
  {
    /* Bank details: only the supplier's valid ones; the chosen ones show in the invoice. */
    g_autoptr(JsonObject) banks = sim_post_ok (f, "transverses/v1/recuperer/coordbanc/valides", "{\"idStructure\":%"
                                               G_GINT64_FORMAT "}", chorus_sim_get_supplier_id (f->sim));
    gint64 second = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (banks,
                                                "listeCoordonneeBancaire"), 1), "idCoordonneeBancaire");
    SimDeposit wrong = { .bank = 1 }, right = { .bank = second, .numero = "RIB-2026-1" };
    gint64 id;
    g_autoptr(JsonObject) c = NULL;

    g_assert_cmpint (sim_deposit (f, &wrong, NULL), ==, -20008);
    id = sim_deposit (f, &right, NULL);
    g_assert_cmpint (id, >, 0);
    c = sim_post_ok (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (c, "facture"),
                                                                                "fournisseur"), "coordBancairesFournisseurId"),
                     ==, second);
  }
}

/* ---- completer and recycler ------------------------------------------------------------------ */

static gint64
upload (SimFixture *f, const char *name)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "Feuille d'émargement signée", strlen ("Feuille d'émargement signée"));
  g_autoptr(JsonObject) o = sim_post_ok (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\","
                                         "\"pieceJointeNom\":\"%s\",\"pieceJointeExtension\":\"TXT\","
                                         "\"pieceJointeTypeMime\":\"text/plain\"}", b64, name);

  return json_object_get_int_member (o, "pieceJointeId");
}

static guint
attachments_of (SimFixture *f, gint64 id)
{
  g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);

  return json_array_get_length (json_object_get_array_member (json_object_get_object_member (
    json_object_get_object_member (c, "facture"), "listeDesPiecesJointes"), "pieceJointe"));
}

static void
test_completer (SimFixture *f, gconstpointer data)
{
  gint64 suspended = sim_find_invoice (f, FALSE, "SUSPENDUE");
  gint64 mandated = sim_find_invoice (f, FALSE, "MANDATEE");
  gint64 pj = upload (f, "emargement.txt");
  guint before = attachments_of (f, suspended);
  g_autoptr(JsonObject) wrong = NULL;
  g_autoptr(JsonObject) unknown = NULL;
  g_autoptr(JsonObject) ok = NULL;

  /* Only a suspended invoice is completed; a refused request links nothing. */
  wrong = sim_post (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT ",\"commentaire\":\"x\","
                    "\"pieceJointeComplementaire\":[{\"pieceJointeComplementaireId\":%" G_GINT64_FORMAT "}]}", mandated, pj);
  g_assert_cmpint (sim_code (wrong), ==, 20002);
  unknown = sim_post (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT ",\"pieceJointeComplementaire\":["
                      "{\"pieceJointeComplementaireId\":%" G_GINT64_FORMAT "},{\"pieceJointeComplementaireId\":77}]}",
                      suspended, pj);
  g_assert_cmpint (sim_code (unknown), ==, 20001);
  g_assert_cmpuint (attachments_of (f, suspended), ==, before);
  g_assert_cmpstr (sim_status_of (f, suspended), ==, "SUSPENDUE");

  ok = sim_post_ok (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT ",\"commentaire\":\"Feuille jointe\","
                    "\"pieceJointeComplementaire\":[{\"pieceJointeComplementaireId\":%" G_GINT64_FORMAT "}]}", suspended, pj);
  g_assert_cmpuint (strlen (json_object_get_string_member (ok, "dateTraitement")), ==, 10);
  g_assert_cmpstr (sim_status_of (f, suspended), ==, "COMPLETEE");
  g_assert_cmpuint (attachments_of (f, suspended), ==, before + 1);
}

static void
test_recycler (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, FALSE, "A_RECYCLER");
  gint64 suspended = sim_find_invoice (f, FALSE, "SUSPENDUE");
  g_autofree char *anfh = siret_of (f, "ANFH");
  g_autoptr(JsonObject) wrong = sim_post (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                          ",\"destinataire\":{\"codeDestinataire\":\"%s\"}}", suspended, anfh);
  g_autoptr(JsonObject) ok = NULL;
  g_autoptr(JsonObject) c = NULL;
  JsonObject *dest;

  g_assert_cmpint (sim_code (wrong), ==, 20002);
  /* Recycled to another recipient and its service. */
  ok = sim_post_ok (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT ",\"commentaire\":\"Bon destinataire\","
                    "\"destinataire\":{\"codeDestinataire\":\"%s\",\"codeServiceExecutant\":\"PLAN_FORMATION\"}}", id, anfh);
  g_assert_cmpstr (json_object_get_string_member (ok, "statutFacture"), ==, "MISE_A_DISPOSITION");
  c = sim_post_ok (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
  dest = json_object_get_object_member (json_object_get_object_member (c, "facture"), "destinataire");
  g_assert_cmpstr (json_object_get_string_member (dest, "codeDestinataire"), ==, anfh);
  g_assert_cmpstr (json_object_get_string_member (dest, "codeServiceExecutant"), ==, "PLAN_FORMATION");
  {
    g_autoptr(JsonObject) again = sim_post (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
    g_assert_cmpint (sim_code (again), ==, 20002);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/rules/recipient-refusals", test_recipient_refusals);
  ADD ("/sim/rules/recipient-steps", test_recipient_steps);
  ADD ("/sim/rules/deposit-cadres", test_deposit_cadres);
  ADD ("/sim/rules/deposit-vocabulary", test_deposit_vocabulary);
  ADD ("/sim/rules/deposit-recipients", test_deposit_recipients);
  ADD ("/sim/rules/completer", test_completer);
  ADD ("/sim/rules/recycler", test_recycler);
  return g_test_run ();
}
