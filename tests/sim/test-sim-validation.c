/* test-sim-validation.c: the validator's side (reference §0.13, §2.1): first- and second-level
 * invoices in rechercher/valideur with its paging, consulter/valideur and the PDF, every action of
 * traiter/factureAValider with its rules, and the refusal reasons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-test.h"

static JsonArray *
list_of (JsonObject *o)
{
  return json_object_get_array_member (o, "listeFactures");
}

static gboolean
history_has (GPtrArray *codes, const char *code)
{
  for (guint k = 0; k < codes->len; k++)
    if (g_str_equal (g_ptr_array_index (codes, k), code))
      return TRUE;
  return FALSE;
}

static gint64
act (SimFixture *f, gint64 id, const char *action, const char *extra, char **statut)
{
  g_autoptr(JsonObject) o = sim_post (f, "factures/v1/traiter/factureAValider", "{\"idFacture\":%" G_GINT64_FORMAT
                                      ",\"action\":\"%s\"%s}", id, action, extra ? extra : "");

  if (statut != NULL && sim_code (o) == 0)
    *statut = g_strdup (json_object_get_string_member (o, "statutFacture"));
  return sim_code (o);
}

static gboolean
recipient_sees (SimFixture *f, gint64 id)
{
  g_autoptr(JsonObject) o = sim_post (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);

  return sim_code (o) == 0;
}

/* A subcontractor's invoice deposited now, validated by the account's company alone. */
static gint64
new_to_validate (SimFixture *f, const char *numero)
{
  SimDeposit d = { .numero = numero, .cadre = "A9_FACTURE_SOUSTRAITANT", .valideur = chorus_sim_get_supplier_siret (f->sim) };
  gint64 id = sim_deposit (f, &d, NULL);

  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_search_and_paging (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) first = sim_post_ok (f, "factures/v1/rechercher/valideur", "{\"statutCourant\":[\"A_VALIDER_1\","
                                             "\"A_VALIDER_2\"],\"pagination\":{\"pageResultatDemandee\":1,\"nbResultatsParPage\":2}}");
  JsonObject *ret = json_object_get_object_member (first, "parametresRetour");
  gint64 total = json_object_get_int_member (ret, "total");
  gint64 pages = json_object_get_int_member (ret, "pages");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean level1 = FALSE, level2 = FALSE;

  /* Paging inside parametresRetour; every page walked, past the first. */
  g_assert_false (json_object_has_member (first, "pages"));
  g_assert_cmpint (total, >=, 4);
  g_assert_cmpint (pages, ==, (total + 1) / 2);
  for (gint64 page = 1; page <= pages; page++)
    {
      g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/valideur", "{\"statutCourant\":[\"A_VALIDER_1\","
                                             "\"A_VALIDER_2\"],\"pagination\":{\"pageResultatDemandee\":%" G_GINT64_FORMAT
                                             ",\"nbResultatsParPage\":2}}", page);
      JsonArray *list = list_of (o);

      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "parametresRetour"), "pageCourante"), ==, page);
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          JsonObject *item = json_array_get_object_element (list, k);
          gint64 *id = g_new (gint64, 1);
          const char *statut = json_object_get_string_member (item, "statut");

          *id = json_object_get_int_member (item, "idFacture");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
          /* GO's FactureParValideur: the structures named by their identifiant. */
          g_assert_true (json_object_has_member (item, "identifiantFournisseur"));
          g_assert_true (json_object_has_member (item, "identifiantDestinataire"));
          g_assert_true (json_object_has_member (item, "designationValideur"));
          if (g_str_equal (statut, "A_VALIDER_1"))
            {
              level1 = TRUE;
              g_assert_cmpstr (json_object_get_string_member (item, "identifiantValideur"), ==,
                               chorus_sim_get_supplier_siret (f->sim));
            }
          else
            {
              g_assert_cmpstr (statut, ==, "A_VALIDER_2");
              level2 = TRUE;
              g_assert_cmpint (json_object_get_int_member (item, "idValideur"), ==, chorus_sim_get_moe_id (f->sim));
            }
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);
  g_assert_true (level1 && level2);

  {
    /* One validator structure at a time; another's is refused; codes outside §0.1 too. */
    g_autoptr(JsonObject) moe = sim_post_ok (f, "factures/v1/rechercher/valideur", "{\"idStructureValideur\":%" G_GINT64_FORMAT
                                             ",\"statutCourant\":[\"A_VALIDER_2\"]}", chorus_sim_get_moe_id (f->sim));
    g_autoptr(JsonObject) other = sim_post (f, "factures/v1/rechercher/valideur", "{\"idStructureValideur\":%" G_GINT64_FORMAT "}",
                                            chorus_sim_get_recipient_id (f->sim));
    g_autoptr(GBytes) out = NULL;

    g_assert_cmpuint (json_array_get_length (list_of (moe)), >, 0);
    g_assert_cmpint (sim_code (other), ==, 20010);
    g_assert_cmpuint (sim_call (f, "factures/v1/rechercher/valideur", "{\"statutCourant\":[\"A_VALIDER\"]}", &out), ==, 400);
  }
  {
    /* The account's validator structures are among its attachments. */
    g_autoptr(JsonObject) r = sim_post_ok (f, "utilisateurs/v1/monCompte/recuperer/rattachements", "{}");
    JsonArray *list = json_object_get_array_member (r, "listeStructureRattachement");
    guint validators = 0;

    for (guint k = 0; k < json_array_get_length (list); k++)
      validators += g_str_equal (json_object_get_string_member (json_array_get_object_element (list, k), "roleUtilisateur"),
                                 "VALIDATEUR");
    g_assert_cmpuint (validators, ==, 2);
  }
}

static void
test_consult_and_pdf (SimFixture *f, gconstpointer data)
{
  gint64 id = new_to_validate (f, "VAL-PDF-1");
  g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/valideur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                         ",\"rechercheLignePoste\":{\"nbResultatsParPageLignesPoste\":10}}", id);
  JsonObject *fac = json_object_get_object_member (c, "facture");
  JsonObject *cadre = json_object_get_object_member (fac, "cadreDeFacturation");
  g_autoptr(JsonObject) pdf = NULL;
  gsize len = 0;
  g_autofree guchar *raw = NULL;

  g_assert_cmpstr (json_object_get_string_member (fac, "statutFacture"), ==, "A_VALIDER_1");
  g_assert_cmpstr (json_object_get_string_member (cadre, "codeCadreFacturation"), ==, "A9_FACTURE_SOUSTRAITANT");
  g_assert_cmpstr (json_object_get_string_member (cadre, "codeValideur1"), ==, chorus_sim_get_supplier_siret (f->sim));
  g_assert_true (json_object_get_null_member (cadre, "dateValidation1"));
  g_assert_true (json_object_has_member (fac, "lignesDePoste"));
  g_assert_false (recipient_sees (f, id));
  pdf = sim_post_ok (f, "factures/v1/telecharger/groupe", "{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],"
                     "\"format\":\"PDF\"}", id);
  raw = g_base64_decode (json_object_get_string_member (pdf, "fichierResultat"), &len);
  g_assert_cmpmem (raw, 5, "%PDF-", 5);
}

/* The generated invoice that waits for its first level and has a second one. */
static gint64
two_level_invoice (SimFixture *f)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/valideur", "{\"statutCourant\":[\"A_VALIDER_1\"],"
                                         "\"pagination\":{\"nbResultatsParPage\":100}}");

  for (guint k = 0; k < json_array_get_length (list_of (o)); k++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (list_of (o), k), "idFacture");
      g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/valideur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);

      if (!json_object_get_null_member (json_object_get_object_member (json_object_get_object_member (c, "facture"),
                                                                       "cadreDeFacturation"), "codeValideur2"))
        return id;
    }
  return 0;
}

static void
test_two_levels (SimFixture *f, gconstpointer data)
{
  gint64 id = two_level_invoice (f);
  g_autofree char *statut = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonObject) c = NULL;
  JsonObject *cadre;

  g_assert_cmpint (id, >, 0);
  /* Payment needs the last level; the first validation hands the invoice to the second. */
  g_assert_cmpint (act (f, id, "MISE_EN_PAIEMENT", NULL, NULL), ==, 20002);
  g_assert_cmpint (act (f, id, "VALIDATION", ",\"complementInfo\":\"Conforme au contrat de sous-traitance\"", &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "A_VALIDER_2");
  g_assert_false (recipient_sees (f, id));
  history = sim_history_codes (f, id);
  g_assert_cmpstr (g_ptr_array_index (history, 0), ==, "A_VALIDER_2");
  g_assert_cmpstr (g_ptr_array_index (history, 1), ==, "VALIDEE_1");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* The second-level validator (the maîtrise d'œuvre, attached to the account) sees it now. */
  {
    g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/valideur", "{\"idStructureValideur\":%" G_GINT64_FORMAT
                                           ",\"numeroEngagement\":null,\"pagination\":{\"nbResultatsParPage\":100}}",
                                           chorus_sim_get_moe_id (f->sim));
    gboolean found = FALSE;

    for (guint k = 0; k < json_array_get_length (list_of (o)); k++)
      found |= json_object_get_int_member (json_array_get_object_element (list_of (o), k), "idFacture") == id;
    g_assert_true (found);
  }
  g_clear_pointer (&statut, g_free);
  g_assert_cmpint (act (f, id, "VALIDATION", ",\"idValideur\":1", NULL), ==, 20010);
  g_assert_cmpint (act (f, id, "VALIDATION", NULL, &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "MISE_A_DISPOSITION");
  history = sim_history_codes (f, id);
  g_assert_cmpstr (g_ptr_array_index (history, 0), ==, "MISE_A_DISPOSITION");
  g_assert_cmpstr (g_ptr_array_index (history, 1), ==, "EN_COURS_ACHEMINEMENT");
  g_assert_cmpstr (g_ptr_array_index (history, 2), ==, "VALIDEE_2");
  g_assert_true (recipient_sees (f, id));
  c = sim_post_ok (f, "factures/v1/consulter/valideur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
  cadre = json_object_get_object_member (json_object_get_object_member (c, "facture"), "cadreDeFacturation");
  g_assert_cmpuint (strlen (json_object_get_string_member (cadre, "dateValidation1")), ==, 10);
  g_assert_cmpuint (strlen (json_object_get_string_member (cadre, "dateValidation2")), ==, 10);
  /* Nothing is left to validate. */
  g_assert_cmpint (act (f, id, "VALIDATION", NULL, NULL), ==, 20002);
}

static void
test_actions (SimFixture *f, gconstpointer data)
{
  gint64 refused = new_to_validate (f, "VAL-REFUS-1");
  gint64 paid = new_to_validate (f, "VAL-PAIE-1");
  gint64 suspended = new_to_validate (f, "VAL-SUSP-1");
  gint64 recycled = new_to_validate (f, "VAL-RECY-1");
  gint64 rejected = new_to_validate (f, "VAL-REJ-1");
  g_autofree char *statut = NULL;
  g_autoptr(GPtrArray) history = NULL;

  g_assert_cmpint (act (f, refused, "APPROBATION", NULL, NULL), ==, 20008);
  /* A refusal, a suspension and a rejection need their motifRefus. */
  g_assert_cmpint (act (f, refused, "REFUS", NULL, NULL), ==, 20003);
  g_assert_cmpint (act (f, refused, "REFUS", ",\"motifRefus\":\" \"", NULL), ==, 20003);
  g_assert_cmpint (act (f, suspended, "SUSPENSION", NULL, NULL), ==, 20003);
  g_assert_cmpint (act (f, rejected, "REJET", NULL, NULL), ==, 20003);

  g_assert_cmpint (act (f, refused, "REFUS", ",\"motifRefus\":\"PRESTATION_NON_CONFORME\"", &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "REFUSEE_1");
  g_assert_false (recipient_sees (f, refused));
  g_assert_cmpstr (sim_status_of (f, refused), ==, "REFUSEE_1");
  g_clear_pointer (&statut, g_free);

  g_assert_cmpint (act (f, paid, "MISE_EN_PAIEMENT", NULL, &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "MISE_EN_PAIEMENT");
  history = sim_history_codes (f, paid);
  g_assert_true (history_has (history, "VALIDEE_1"));
  g_clear_pointer (&history, g_ptr_array_unref);
  g_clear_pointer (&statut, g_free);

  /* Suspended by the validator: the supplier completes it, and it comes back to the validator. */
  g_assert_cmpint (act (f, suspended, "SUSPENSION", ",\"motifRefus\":\"Attestation de sous-traitance manquante\"", &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "SUSPENDUE");
  g_assert_false (recipient_sees (f, suspended));
  {
    g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                           ",\"commentaire\":\"Attestation jointe\"}", suspended);
  }
  g_assert_cmpstr (sim_status_of (f, suspended), ==, "A_VALIDER_1");
  history = sim_history_codes (f, suspended);
  g_assert_cmpstr (g_ptr_array_index (history, 1), ==, "COMPLETEE");
  g_clear_pointer (&history, g_ptr_array_unref);
  g_clear_pointer (&statut, g_free);

  /* Sent to recycling: the supplier recycles it, and it goes through validation again. */
  g_assert_cmpint (act (f, recycled, "MISE_EN_RECYCLAGE", NULL, &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "A_RECYCLER");
  g_assert_false (recipient_sees (f, recycled));
  {
    g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", recycled);
    g_assert_cmpstr (json_object_get_string_member (o, "statutFacture"), ==, "A_VALIDER_1");
  }
  g_clear_pointer (&statut, g_free);

  g_assert_cmpint (act (f, rejected, "REJET", ",\"motifRefus\":\"Facture en double\"", &statut), ==, 0);
  g_assert_cmpstr (statut, ==, "REJETEE");
  g_assert_false (recipient_sees (f, rejected));
  /* A decided invoice takes no further action. */
  g_assert_cmpint (act (f, rejected, "VALIDATION", NULL, NULL), ==, 20002);
  g_assert_cmpint (act (f, refused, "VALIDATION", NULL, NULL), ==, 20002);
}

static void
test_refusal_motifs (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "transverses/v1/recuperer/motifs/refus/Facture/AValider",
                                         "{\"codeCadreFacturationAValider\":\"A9_FACTURE_SOUSTRAITANT\"}");
  JsonArray *list = json_object_get_array_member (o, "listeMotifRefusFactureAValider");
  g_autoptr(JsonObject) none = sim_post (f, "transverses/v1/recuperer/motifs/refus/Facture/AValider",
                                         "{\"codeCadreFacturationAValider\":\"A1_FACTURE_FOURNISSEUR\"}");
  g_autoptr(JsonObject) missing = sim_post (f, "transverses/v1/recuperer/motifs/refus/Facture/AValider", "{}");

  g_assert_cmpuint (json_array_get_length (list), >=, 3);
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *m = json_array_get_object_element (list, k);

      g_assert_cmpint (json_object_get_int_member (m, "idMotif"), >, 0);
      g_assert_nonnull (json_object_get_string_member (m, "codeMotif"));
      g_assert_nonnull (json_object_get_string_member (m, "libelleMotif"));
    }
  g_assert_cmpint (sim_code (none), ==, 20000);
  g_assert_cmpint (sim_code (missing), ==, 20004);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/validation/search-and-paging", test_search_and_paging);
  ADD ("/sim/validation/consult-and-pdf", test_consult_and_pdf);
  ADD ("/sim/validation/two-levels", test_two_levels);
  ADD ("/sim/validation/actions", test_actions);
  ADD ("/sim/validation/refusal-motifs", test_refusal_motifs);
  return g_test_run ();
}
