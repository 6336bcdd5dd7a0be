/* test-sim-factures.c: invoice searches (fields, enums, paging, sorting), consults, history,
 * status processing and downloads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-sim-rules.h"
#include "chorus-types.h"
#include "sim-test.h"

static JsonArray *
list_of (JsonObject *o)
{
  return json_object_get_array_member (o, "listeFactures");
}

static void
assert_list_item (JsonObject *item, gboolean received)
{
  static const char *const fields[] = {
    "numeroFacture", "statut", "typeDemandePaiement", "typeFacture", "dateDepot", "dateFacture",
    "dateHeureEtatCourant", "montantHT", "montantTTC", "montantAPayer", "devise", "idDestinataire",
    "codeDestinataire", "designationDestinataire", "codeServiceExecutant", "nomServiceExecutant",
    "codeFournisseur", "designationFournisseur", "typeIdentifiantFournisseur", "numeroMarche",
    "numeroBonCommande", "commentaireEtatCourant", "taille",
  };
  const char *statut = json_object_get_string_member (item, "statut");
  const char *date = json_object_get_string_member (item, "dateDepot");

  for (gsize k = 0; k < G_N_ELEMENTS (fields); k++)
    g_assert_true (json_object_has_member (item, fields[k]));
  g_assert_true (json_object_has_member (item, received ? "idFacture" : "identifiantFactureCPP"));
  g_assert_false (json_object_has_member (item, received ? "identifiantFactureCPP" : "idFacture"));
  g_assert_true (json_object_has_member (item, received ? "factureTelechargeeParDestinataire" : "numeroFluxDepot"));
  /* Only the reference's codes (§0.1, §0.3, §5). */
  g_assert_nonnull (sim_status_find (statut));
  g_assert_true (g_str_equal (json_object_get_string_member (item, "typeFacture"), "FACTURE") ||
                 g_str_equal (json_object_get_string_member (item, "typeFacture"), "AVOIR"));
  g_assert_true (sim_vocabulary_has (SIM_VOCAB_TYPE_IDENTIFIANT,
                                     json_object_get_string_member (item, "typeIdentifiantFournisseur")));
  g_assert_cmpstr (json_object_get_string_member (item, "typeDemandePaiement"), ==, "FACTURE");
  g_assert_cmpuint (strlen (date), ==, 10);
  g_assert_cmpuint (strlen (json_object_get_string_member (item, "dateHeureEtatCourant")), ==, 16);
  g_assert_true (chorus_siret_is_valid (json_object_get_string_member (item, "codeDestinataire")));
  g_assert_cmpfloat (json_object_get_double_member (item, "montantTTC"), >=,
                     json_object_get_double_member (item, "montantHT"));
  g_assert_cmpstr (json_object_get_string_member (item, "devise"), ==, "EUR");
}

static void
test_recipient_paging (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) first = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                                             "{\"paramRecherche\":{\"pageResultatDemandee\":1,\"nbResultatsParPage\":25}}");
  gint64 total = json_object_get_int_member (first, "total");
  gint64 pages = json_object_get_int_member (first, "pages");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Paging fields are top level in the recipient search. */
  g_assert_false (json_object_has_member (first, "parametresRetour"));
  g_assert_cmpint (total, ==, chorus_sim_count_received (f->sim));
  g_assert_cmpint (pages, ==, (total + 24) / 25);
  g_assert_cmpint (json_object_get_int_member (first, "pageCourante"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "nbResultatsParPage"), ==, 25);

  for (gint64 page = 1; page <= pages; page++)
    {
      g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                                             "{\"paramRecherche\":{\"pageResultatDemandee\":%" G_GINT64_FORMAT
                                             ",\"nbResultatsParPage\":25}}", page);
      JsonArray *list = list_of (o);

      g_assert_cmpint (json_object_get_int_member (o, "pageCourante"), ==, page);
      g_assert_cmpuint (json_array_get_length (list), ==, page < pages ? 25 : total - 25 * (pages - 1));
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          JsonObject *item = json_array_get_object_element (list, k);
          gint64 id = json_object_get_int_member (item, "idFacture");

          assert_list_item (item, TRUE);
          g_assert_false (g_hash_table_contains (seen, &id));
          g_array_append_val (ids, id);
          g_hash_table_add (seen, &g_array_index (ids, gint64, ids->len - 1));
        }
    }
  g_assert_cmpint (ids->len, ==, total);

  {
    /* Past the last page: an empty page, still codeRetour 0. */
    g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                                           "{\"paramRecherche\":{\"pageResultatDemandee\":%" G_GINT64_FORMAT
                                           ",\"nbResultatsParPage\":25}}", pages + 1);
    g_assert_cmpuint (json_array_get_length (list_of (o)), ==, 0);
  }
}

static void
assert_sorted (JsonArray *list, const char *member, gboolean descending, gboolean numeric)
{
  for (guint k = 1; k < json_array_get_length (list); k++)
    {
      JsonObject *a = json_array_get_object_element (list, k - 1);
      JsonObject *b = json_array_get_object_element (list, k);
      int cmp;

      if (numeric)
        {
          double x = json_object_get_double_member (a, member), y = json_object_get_double_member (b, member);
          cmp = x < y ? -1 : x > y;
        }
      else
        cmp = g_strcmp0 (json_object_get_string_member (a, member), json_object_get_string_member (b, member));
      if (descending)
        g_assert_cmpint (cmp, >=, 0);
      else
        g_assert_cmpint (cmp, <=, 0);
    }
}

static void
test_sorting (SimFixture *f, gconstpointer data)
{
  static const struct { const char *column, *member; gboolean numeric; } cases[] = {
    { "MontantTTC", "montantTTC", TRUE },
    { "DateDepot", "dateDepot", FALSE },
    { "DateFacture", "dateFacture", FALSE },
    { "NumeroFacture", "numeroFacture", FALSE },
    { "Statut", "statut", FALSE },
    { "DateHeureEtatCourant", "dateHeureEtatCourant", FALSE },
    { "DesignationFournisseur", "designationFournisseur", FALSE },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    for (int desc = 0; desc < 2; desc++)
      {
        g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                                               "{\"paramRecherche\":{\"nbResultatsParPage\":200,\"triColonne\":\"%s\","
                                               "\"triSens\":\"%s\"}}", cases[k].column, desc ? "Descendant" : "Ascendant");
        g_assert_cmpuint (json_array_get_length (list_of (o)), >, 50);
        assert_sorted (list_of (o), cases[k].member, desc, cases[k].numeric);
      }
}

static void
test_filters (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) all = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                                           "{\"statutCourant\":[\"MISE_A_DISPOSITION\",\"COMPLETEE\"],"
                                           "\"paramRecherche\":{\"nbResultatsParPage\":500}}");
  JsonArray *list = list_of (all);
  g_autoptr(JsonObject) single = NULL;
  g_autoptr(JsonObject) dates = NULL;
  g_autoptr(JsonObject) amounts = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autoptr(JsonObject) number = NULL;
  const char *numero;

  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      const char *s = json_object_get_string_member (json_array_get_object_element (list, k), "statut");
      g_assert_true (g_str_equal (s, "MISE_A_DISPOSITION") || g_str_equal (s, "COMPLETEE"));
    }
  /* A single string is accepted too (COMM examples send it that way). */
  single = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"statutCourant\":\"MISE_A_DISPOSITION\"}");

  dates = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                       "{\"periodeDateDepotDu\":\"2025-01-01\",\"periodeDateDepotAu\":\"2025-06-30\","
                       "\"paramRecherche\":{\"nbResultatsParPage\":500}}");
  list = list_of (dates);
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      const char *d = json_object_get_string_member (json_array_get_object_element (list, k), "dateDepot");
      g_assert_cmpstr (d, >=, "2025-01-01");
      g_assert_cmpstr (d, <=, "2025-06-30");
    }

  amounts = sim_post_ok (f, "factures/v1/rechercher/recipiendaire",
                         "{\"montantTTCMin\":1000,\"montantTTCMax\":5000.5,\"paramRecherche\":{\"nbResultatsParPage\":500}}");
  list = list_of (amounts);
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      double ttc = json_object_get_double_member (json_array_get_object_element (list, k), "montantTTC");
      g_assert_cmpfloat (ttc, >=, 1000);
      g_assert_cmpfloat (ttc, <=, 5000.5);
    }

  numero = json_object_get_string_member (json_array_get_object_element (list_of (all), 0), "numeroFacture");
  number = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"numeroFacture\":\"%s\"}", numero);
  g_assert_cmpint (json_object_get_int_member (number, "total"), ==, 1);

  none = sim_post (f, "factures/v1/rechercher/recipiendaire", "{\"numeroFacture\":\"NEXISTE-PAS\"}");
  g_assert_cmpint (sim_code (none), ==, 20000);
  g_assert_cmpstr (json_object_get_string_member (none, "libelle"), ==, "TRA_MSG_00.015");
  g_assert_cmpint (json_object_get_int_member (none, "total"), ==, 0);
}

static void
test_not_attached (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post (f, "factures/v1/rechercher/recipiendaire", "{\"idDestinataire\":%" G_GINT64_FORMAT "}",
                                      chorus_sim_get_supplier_id (f->sim));
  g_autoptr(JsonObject) mine = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"idDestinataire\":%" G_GINT64_FORMAT "}",
                                            chorus_sim_get_recipient_id (f->sim));

  g_assert_cmpint (sim_code (o), ==, 20010);
}

static void
test_supplier_search (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/fournisseur", "{}");
  JsonObject *ret = json_object_get_object_member (o, "parametresRetour");
  JsonArray *list = list_of (o);
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) all = NULL;

  /* Ten per page by default, paging inside parametresRetour. */
  g_assert_cmpuint (json_array_get_length (list), ==, 10);
  g_assert_cmpint (json_object_get_int_member (ret, "nbResultatsParPage"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (ret, "total"), ==, chorus_sim_count_issued (f->sim));
  g_assert_false (json_object_has_member (o, "pages"));
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *item = json_array_get_object_element (list, k);
      assert_list_item (item, FALSE);
      g_assert_cmpstr (json_object_get_string_member (item, "codeFournisseur"), ==, chorus_sim_get_supplier_siret (f->sim));
    }

  /* The supplier has invoices in every status of its course (Pastell's list of §5). */
  all = sim_post_ok (f, "factures/v1/rechercher/fournisseur", "{\"rechercheFactureParFournisseur\":{\"nbResultatsParPage\":1000}}");
  list = list_of (all);
  for (guint k = 0; k < json_array_get_length (list); k++)
    g_hash_table_add (statuses, (gpointer) json_object_get_string_member (json_array_get_object_element (list, k), "statut"));
  {
    static const char *const expected[] = {
      "DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION", "A_RECYCLER", "REJETEE", "SUSPENDUE",
      "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE", "MISE_EN_PAIEMENT", "COMPLETEE",
    };

    for (gsize k = 0; k < G_N_ELEMENTS (expected); k++)
      g_assert_true (g_hash_table_contains (statuses, expected[k]));
  }
}

static void
test_consult (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, TRUE, "MANDATEE");
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                         ",\"codeLangue\":\"FR\",\"rechercheLignePoste\":{\"nbResultatsParPageLignesPoste\":2}}", id);
  JsonObject *fac = json_object_get_object_member (o, "facture");
  JsonObject *totals = json_object_get_object_member (fac, "montantTotal");
  JsonObject *lines = json_object_get_object_member (fac, "lignesDePoste");
  JsonObject *vat = json_object_get_object_member (fac, "recapitulatifDeTva");
  JsonObject *refs = json_object_get_object_member (fac, "references");
  JsonArray *ligne_tva = json_object_get_array_member (vat, "ligneTva");
  gint64 base = 0, tva = 0;
  g_autoptr(JsonObject) other = NULL;

  g_assert_cmpint (json_object_get_int_member (fac, "identifiantFactureCPP"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (fac, "statutFacture"), ==, "MANDATEE");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fac, "destinataire"), "codeDestinataire"), ==,
                   chorus_sim_get_recipient_siret (f->sim));
  g_assert_true (json_object_has_member (json_object_get_object_member (fac, "fournisseur"), "designationFournisseur"));
  g_assert_nonnull (json_object_get_string_member (refs, "numeroDpMandat"));
  g_assert_cmpuint (strlen (json_object_get_string_member (refs, "dateCreationFacture")), ==, 16);
  g_assert_nonnull (sim_cadre_find (json_object_get_string_member (json_object_get_object_member (fac, "cadreDeFacturation"),
                                                                   "codeCadreFacturation")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lines, "lignePoste")), <=, 2);
  g_assert_cmpint (json_object_get_int_member (lines, "nbResultatsParPageLignesPoste"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (lines, "totalLignesPoste"), >=, 1);
  for (guint k = 0; k < json_array_get_length (ligne_tva); k++)
    {
      JsonObject *v = json_array_get_object_element (ligne_tva, k);
      base += chorus_amount_from_double (json_object_get_double_member (v, "ligneTvaMontantBaseHtParTaux"));
      tva += chorus_amount_from_double (json_object_get_double_member (v, "ligneTvaMontantTvaParTaux"));
    }
  g_assert_cmpint (base, ==, chorus_amount_from_double (json_object_get_double_member (totals, "montantHtTotal")));
  g_assert_cmpint (tva, ==, chorus_amount_from_double (json_object_get_double_member (totals, "montantTVA")));
  g_assert_cmpint (chorus_amount_from_double (json_object_get_double_member (totals, "montantHtTotal")) +
                   chorus_amount_from_double (json_object_get_double_member (totals, "montantTVA")), ==,
                   chorus_amount_from_double (json_object_get_double_member (totals, "montantTtcTotal")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (fac, "listeDesPiecesJointes"),
                                                                         "pieceJointe")), >=, 1);

  /* Received invoices are not the supplier's to consult, and unknown ids are refused. */
  if (json_object_get_int_member (json_object_get_object_member (fac, "fournisseur"), "idFournisseur") !=
      chorus_sim_get_supplier_id (f->sim))
    {
      other = sim_post (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
      g_assert_cmpint (sim_code (other), ==, 20001);
      g_clear_pointer (&other, json_object_unref);
    }
  other = sim_post (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":1}");
  g_assert_cmpint (sim_code (other), ==, 20001);
}

static void
test_history (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, TRUE, "MISE_EN_PAIEMENT");
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/consulter/historique", "{\"idFacture\":%" G_GINT64_FORMAT "}", id);
  JsonArray *histo = json_object_get_array_member (json_object_get_object_member (o, "historiquesDesStatuts"), "histoStatut");
  const char *previous = NULL;

  g_assert_cmpstr (json_object_get_string_member (o, "statutCourantCode"), ==, "MISE_EN_PAIEMENT");
  g_assert_cmpuint (json_array_get_length (histo), >=, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (histo, 0), "histoStatutCode"), ==,
                   "MISE_EN_PAIEMENT");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (histo, json_array_get_length (histo) - 1),
                                                  "histoStatutCode"), ==, "DEPOSEE");
  /* Most recent first: dates never increase down the list. */
  for (guint k = 0; k < json_array_get_length (histo); k++)
    {
      const char *d = json_object_get_string_member (json_array_get_object_element (histo, k), "histoStatutDatePassage");
      if (previous)
        g_assert_cmpstr (d, <=, previous);
      previous = d;
    }
}

static void
test_transitions (SimFixture *f, gconstpointer data)
{
  gint64 mad = sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION");
  gint64 rejected = sim_find_invoice (f, TRUE, "REJETEE");
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonObject) h = NULL;
  JsonArray *histo;

  g_assert_cmpint (mad, >, 0);
  g_assert_cmpint (rejected, >, 0);

  o = sim_post_ok (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SERVICE_FAIT\"}", mad);
  g_assert_cmpstr (json_object_get_string_member (o, "nouveauStatut"), ==, "SERVICE_FAIT");
  g_assert_cmpint (json_object_get_int_member (o, "idFacture"), ==, mad);
  g_assert_nonnull (json_object_get_string_member (o, "dateTraitement"));
  g_clear_pointer (&o, json_object_unref);

  /* The same status twice, a step back in the order, or a status no recipient sets. */
  o = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SERVICE_FAIT\"}", mad);
  g_assert_cmpint (sim_code (o), ==, 20002);
  g_clear_pointer (&o, json_object_unref);
  o = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"COMPLETEE\"}", mad);
  g_assert_cmpint (sim_code (o), ==, 20008);
  g_clear_pointer (&o, json_object_unref);

  o = sim_post_ok (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"MANDATEE\","
                   "\"numeroDPMandat\":\"M2026-00042\"}", mad);
  g_clear_pointer (&o, json_object_unref);
  o = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SUSPENDUE\","
                "\"motif\":\"trop tard\"}", mad);
  g_assert_cmpint (sim_code (o), ==, 20002);
  g_clear_pointer (&o, json_object_unref);

  h = sim_post_ok (f, "factures/v1/consulter/historique", "{\"idFacture\":%" G_GINT64_FORMAT "}", mad);
  histo = json_object_get_array_member (json_object_get_object_member (h, "historiquesDesStatuts"), "histoStatut");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (histo, 0), "histoStatutCode"), ==, "MANDATEE");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (histo, 1), "histoStatutCode"), ==, "SERVICE_FAIT");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (histo, 2), "histoStatutCode"), ==,
                   "MISE_A_DISPOSITION");

  /* A rejected invoice cannot be approved. */
  o = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SERVICE_FAIT\"}", rejected);
  g_assert_cmpint (sim_code (o), ==, 20002);
}

static void
test_motif_required (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION");
  const char *targets[] = { "REJETEE", "SUSPENDUE" };

  for (gsize k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      g_autoptr(JsonObject) none = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                                             ",\"nouveauStatut\":\"%s\"}", id, targets[k]);
      g_autoptr(JsonObject) blank = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                                              ",\"nouveauStatut\":\"%s\",\"motif\":\"   \"}", id, targets[k]);
      g_assert_cmpint (sim_code (none), ==, 20003);
      g_assert_cmpint (sim_code (blank), ==, 20003);
    }
  {
    g_autofree char *long_motif = g_strnfill (300, 'x');
    g_autoptr(JsonObject) too_long = sim_post (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                                               ",\"nouveauStatut\":\"SUSPENDUE\",\"motif\":\"%s\"}", id, long_motif);
    g_autoptr(JsonObject) ok = NULL;
    g_autoptr(JsonObject) again = NULL;

    g_assert_cmpint (sim_code (too_long), ==, 20008);
    ok = sim_post_ok (f, "factures/v1/traiter/recue", "{\"idFacture\":%" G_GINT64_FORMAT
                      ",\"nouveauStatut\":\"SUSPENDUE\",\"motif\":\"Bon de commande manquant\"}", id);
    again = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (again, "facture"), "commentaireEtatCourant"),
                     ==, "Bon de commande manquant");
  }
}

/* recuperer/etats/traitement, written out from the reference (§5: Pastell's targets, the steps
 * one at a time, motif-bearing send-backs before the mandate) rather than read from the tables. */
static void
test_transition_matrix (SimFixture *f, gconstpointer data)
{
  static const struct {
    const char *from;
    const char *targets[5];
  } expected[] = {
    { "MISE_A_DISPOSITION", { "SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER" } },
    { "COMPLETEE", { "SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER" } },
    { "SERVICE_FAIT", { "MANDATEE", "MISE_A_DISPOSITION", "SUSPENDUE", "REJETEE" } },
    { "MANDATEE", { "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE" } },
    { "MISE_A_DISPOSITION_COMPTABLE", { "COMPTABILISEE", "MISE_EN_PAIEMENT" } },
    { "COMPTABILISEE", { "MISE_EN_PAIEMENT" } },
    { "MISE_EN_PAIEMENT", { NULL } },
    { "REJETEE", { NULL } },
    { "SUSPENDUE", { NULL } },
    { "A_RECYCLER", { NULL } },
    { "DEPOSEE", { NULL } },
    { "EN_COURS_ACHEMINEMENT", { NULL } },
    { "A_VALIDER_1", { NULL } },
    { "TECHNIQUE_INCONNU", { NULL } },
  };

  for (gsize s = 0; s < G_N_ELEMENTS (expected); s++)
    {
      g_autoptr(JsonObject) o = sim_post (f, "transverses/v1/recuperer/etats/traitement", "{\"statutCourant\":\"%s\"}",
                                          expected[s].from);
      JsonArray *list = json_object_get_array_member (o, "listeStatutsPossiblesPourTraitement");
      gsize n = 0;

      while (n < G_N_ELEMENTS (expected[s].targets) && expected[s].targets[n])
        n++;
      g_assert_cmpint (sim_code (o), ==, n ? 0 : 20000);
      g_assert_cmpuint (json_array_get_length (list), ==, n);
      for (gsize k = 0; k < n; k++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, k), "statutPossiblePourTraitement"),
                         ==, expected[s].targets[k]);
    }
  {
    /* A code outside §0.1 (the bare A_VALIDER of older guesses) is refused. */
    g_autoptr(JsonObject) o = sim_post (f, "transverses/v1/recuperer/etats/traitement", "{\"statutCourant\":\"A_VALIDER\"}");
    g_assert_cmpint (sim_code (o), ==, 20008);
  }
}

static int
pdf_pages (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  return n;
}

static GBytes *
download (SimFixture *f, const char *body)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/telecharger/groupe", "%s", body);
  gsize len = 0;
  guchar *raw = g_base64_decode (json_object_get_string_member (o, "fichierResultat"), &len);

  return g_bytes_new_take (raw, len);
}

static void
test_download (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION");
  gint64 id2 = sim_find_invoice (f, TRUE, "SERVICE_FAIT");
  g_autofree char *one = g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PDF\","
                                          "\"avecPiecesJointesComplementaires\":\"Non\"}", id);
  g_autofree char *two = g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "},{\"idFacture\":%" G_GINT64_FORMAT
                                          "}],\"format\":\"PDF\"}", id, id2);
  g_autofree char *pivot = g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PIVOT\"}", id);
  g_autoptr(GBytes) pdf = download (f, one);
  g_autoptr(GBytes) zip = download (f, two);
  g_autoptr(GBytes) xml = download (f, pivot);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) consult = NULL;
  PopplerDocument *doc;
  PopplerPage *page;
  g_autofree char *text = NULL;
  int pages;

  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  pages = pdf_pages (pdf);
  g_assert_cmpint (pages, >=, 1);
  g_assert_cmpint (pages, <=, 5);
  doc = poppler_document_new_from_bytes (pdf, NULL, NULL);
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (doc);
  consult = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
  g_assert_nonnull (strstr (text, json_object_get_string_member (json_object_get_object_member (consult, "facture"), "numeroFacture")));
  g_assert_nonnull (strstr (text, chorus_sim_get_recipient_siret (f->sim)));
  g_assert_nonnull (strstr (text, "Net à payer"));

  g_assert_cmpmem (g_bytes_get_data (zip, NULL), 4, "PK\003\004", 4);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (xml, NULL), (gssize) g_bytes_get_size (xml), "<CPPFactures>"));

  after = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"numeroFacture\":\"%s\"}",
                       json_object_get_string_member (json_object_get_object_member (consult, "facture"), "numeroFacture"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (list_of (after), 0),
                                                 "factureTelechargeeParDestinataire"));

  bad = sim_post (f, "factures/v1/telecharger/groupe", "{\"listeFacture\":[{\"idFacture\":1}],\"format\":\"PDF\"}");
  g_assert_cmpint (sim_code (bad), ==, 20001);
  g_clear_pointer (&bad, json_object_unref);
  bad = sim_post (f, "factures/v1/telecharger/groupe", "{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"DOCX\"}", id);
  g_assert_cmpint (sim_code (bad), ==, 20008);
}

static void
test_pdf_pages_vary (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":150}}");
  JsonArray *list = list_of (o);
  gint64 longest = 0, longest_id = 0;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) pdf = NULL;

  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (list, k), "idFacture");
      g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                             ",\"rechercheLignePoste\":{\"nbResultatsParPageLignesPoste\":1}}", id);
      gint64 n = json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (c, "facture"),
                                                                            "lignesDePoste"), "totalLignesPoste");
      if (n > longest)
        {
          longest = n;
          longest_id = id;
        }
    }
  /* Some invoices have many lines; their PDF runs over several pages, never more than five. */
  g_assert_cmpint (longest, >, 30);
  body = g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PDF\"}", longest_id);
  pdf = download (f, body);
  g_assert_cmpint (pdf_pages (pdf), >, 1);
  g_assert_cmpint (pdf_pages (pdf), <=, 5);
}

static void
test_attachments (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"paramRecherche\":{\"nbResultatsParPage\":80}}");
  JsonArray *list = list_of (o);
  gint64 with_pj = 0;

  for (guint k = 0; k < json_array_get_length (list) && with_pj == 0; k++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (list, k), "idFacture");
      g_autoptr(JsonObject) c = sim_post_ok (f, "factures/v1/consulter/recipiendaire", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
      JsonArray *pjs = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (c, "facture"),
                                                                                    "listeDesPiecesJointes"), "pieceJointe");
      if (json_array_get_length (pjs) == 2)
        {
          JsonObject *extra = json_array_get_object_element (pjs, 1);

          g_assert_cmpstr (json_object_get_string_member (extra, "pieceJointeExtension"), ==, "PDF");
          g_assert_cmpstr (json_object_get_string_member (extra, "pieceJointeTypeCode"), ==, "PJ_COMPLEMENTAIRE");
          with_pj = id;
        }
    }
  g_assert_cmpint (with_pj, >, 0);
  {
    /* With the complementary attachments: a ZIP; without: the invoice PDF alone. */
    g_autofree char *oui = g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PDF\","
                                            "\"avecPiecesJointesComplementaires\":\"Oui\"}", with_pj);
    g_autofree char *non = g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PDF\","
                                            "\"avecPiecesJointesComplementaires\":\"Non\"}", with_pj);
    g_autoptr(GBytes) zip = download (f, oui);
    g_autoptr(GBytes) pdf = download (f, non);
    const char *zip_data = g_bytes_get_data (zip, NULL);
    int entries = 0;

    g_assert_cmpmem (zip_data, 4, "PK\003\004", 4);
    for (gsize k = 0; k + 4 <= g_bytes_get_size (zip); k++)
      entries += memcmp (zip_data + k, "PK\001\002", 4) == 0;
    g_assert_cmpint (entries, ==, 2);
    g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/factures/recipient-paging", test_recipient_paging);
  ADD ("/sim/factures/sorting", test_sorting);
  ADD ("/sim/factures/filters", test_filters);
  ADD ("/sim/factures/not-attached", test_not_attached);
  ADD ("/sim/factures/supplier-search", test_supplier_search);
  ADD ("/sim/factures/consult", test_consult);
  ADD ("/sim/factures/history", test_history);
  ADD ("/sim/factures/transitions", test_transitions);
  ADD ("/sim/factures/motif-required", test_motif_required);
  ADD ("/sim/factures/transition-matrix", test_transition_matrix);
  ADD ("/sim/factures/download", test_download);
  ADD ("/sim/factures/pdf-pages", test_pdf_pages_vary);
  ADD ("/sim/factures/attachments", test_attachments);
  return g_test_run ();
}
