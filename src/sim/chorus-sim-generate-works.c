/* chorus-sim-generate-works.c: one generated works billing file (dossier de facturation): one of the
 * seeds' cases first (chorus-sim-seed-cases.c), then chains of pieces of random length and outcome,
 * each piece in the status the simulator's works rules give it. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-generate.h"
#include "chorus-sim-rules.h"

/* Piece @k of the chain: its id is the next one, linked to the pieces before and after it. */
static void
insert_piece (SimGen *g, SimWorks *w, guint k, guint len, gint64 ht)
{
  w->id = g->next_invoice_id;
  w->ht = ht;
  w->tva = sim_vat_of (ht, 2000);
  w->ttc = w->a_payer = ht + w->tva;
  w->prev_id = k > 0 ? g->next_invoice_id - 1 : 0;
  w->next_id = k + 1 < len ? g->next_invoice_id + 1 : 0;
  w->mode_depot = (char *) "DEPOT_PDF_API";
  w->lines_seed = (guint32) ((sim_rng_next (&g->r) & 0x7ffffffcu) | SIM_KIND_WORKS);
  sim_works_insert (g->ds, w);
  g->next_invoice_id++;
}

/* The recipient's service of billing file @d: each of the MOA's services in turn, then none, so
 * that idServiceExecutant narrows a search. No draw from the generator: the rest stays the same. */
static gint64
recipient_service (SimGen *g, gint64 moa, guint d)
{
  for (guint k = 0; k < g->recipients->len; k++)
    {
      const SimRecipientRef *ref = &g_array_index (g->recipients, SimRecipientRef, k);
      guint pick;

      if (ref->id != moa || ref->services->len == 0)
        continue;
      pick = d % (ref->services->len + 1);
      return pick < ref->services->len ? g_array_index (ref->services, gint64, pick) : 0;
    }
  return 0;
}

void
sim_generate_works (SimGen *g, guint d)
{
  SimRng *r = &g->r;
  gsize n_cases;
  const SimWorksCase *cases = sim_seed_works_cases (&n_cases);
  const char *chain[4][2] = { { NULL } };
  const char *motif = NULL;
  guint len = 0;
  gboolean scenario = d < n_cases;
  gint64 supplier = g->own.id, moe = g->wk->moe_id, moa = g->wk->moa_id;
  /* The seeds' cases are recent, so the 30-day payment clock means something in the demo. */
  guint32 j = scenario ? g->last_day - 40 + d : g->first_day + sim_rng_range (r, g->last_day - g->first_day - 60);
  gint64 base_ht = 500000 + (gint64) sim_rng_range (r, 20000000);
  g_autofree char *dossier = NULL;
  g_autofree char *marche = g_strdup_printf ("MT-%u-%03u", 2024 + sim_rng_range (r, 3), 1 + sim_rng_range (r, 200));
  g_autofree char *ej = sim_rng_range (r, 2) ? g_strdup_printf ("%010u", 1400000000u + sim_rng_range (r, 99999999)) : NULL;

  if (scenario)
    {
      for (; len < G_N_ELEMENTS (chain) && cases[d].pieces[len][0] != NULL; len++)
        {
          chain[len][0] = sim_works_cadre_code (cases[d].pieces[len][0]);
          chain[len][1] = cases[d].pieces[len][1];
        }
      motif = cases[d].motif;
    }
  else
    {
      const char *cadre = sim_works_cadre_code (sim_rng_range (r, 3) == 0 ? "A7" : "A4");
      guint target = 1 + sim_rng_range (r, 4);
      guint y = sim_rng_range (r, 10);

      while (cadre != NULL && len < target)
        {
          chain[len++][0] = cadre;
          cadre = sim_works_next_in_chain (cadre);
        }
      if (y < 2 && g_str_has_prefix (sim_works_holder_status (chain[len - 1][0]), "MISE_A_DISPOSITION_MO"))
        chain[len - 1][1] = g_str_has_suffix (sim_works_holder_status (chain[len - 1][0]), "_MOE") ? "PRISE_EN_COMPTE_MOE"
                                                                                               : "PRISE_EN_COMPTE_MOA";
      else if (y == 2 && g_str_has_prefix (chain[len - 1][0], "A4_"))
        {
          chain[len - 1][1] = "SUSPENDUE";
          motif = "Il manque des pièces jointes : situation de travaux détaillée";
        }
      else if (y == 3 && len == 1 && g_str_has_prefix (chain[0][0], "A4_"))
        {
          chain[0][1] = "ERREUR_FOURNISSEUR_SUR_MOE";
          motif = "Erreur dans les données d'acheminement : maîtrise d'œuvre erronée";
        }
      supplier = d % 4 == 1 ? g->own.id
                            : g_array_index (g->works_suppliers, gint64, sim_rng_range (r, g->works_suppliers->len));
      moe = sim_rng_range (r, 6) == 0 ? g->other_moe : g->wk->moe_id;
      moa = sim_rng_range (r, 6) == 0 ? g->other_moa : g->wk->moa_id;
    }

  for (guint k = 0; k < len; k++)
    {
      const char *given_motif = chain[k][1] != NULL ? motif : NULL;
      const char *cadre = chain[k][0];
      const char *statut = chain[k][1];
      g_autofree char *numero = g_strdup_printf ("%s-%u-%02u", g_str_has_prefix (chain[0][0], "A4_") ? "PDM"
                                                 : g_str_has_prefix (chain[0][0], "A7_") ? "PDF" : "PT",
                                                 1000 + d, k + 1);
      g_autofree char *date_etat = NULL;
      char day[11];
      SimWorks w = { 0 };

      if (dossier == NULL)
        dossier = g_strdup (numero);
      if (statut == NULL)
        statut = k + 1 < len ? sim_works_followed_status (cadre, chain[k + 1][0]) : sim_works_holder_status (cadre);
      sim_format_julian (j, day);
      date_etat = g_strdup_printf ("%s %02u:%02u", day, 8 + sim_rng_range (r, 10), sim_rng_range (r, 60));
      j += scenario ? 1 : 3 + sim_rng_range (r, 12);
      w.numero = numero;
      w.cadre = (char *) cadre;
      w.statut = (char *) statut;
      w.supplier_id = supplier;
      w.moe_id = moe;
      w.moa_id = moa;
      w.service_id = recipient_service (g, moa, d);
      w.numero_marche = marche;
      w.numero_engagement = ej;
      w.date_depot = w.date_facture = day;
      w.date_etat = date_etat;
      w.dossier = dossier;
      w.motif = (char *) given_motif;
      insert_piece (g, &w, k, len, base_ht - (gint64) (k * sim_rng_range (r, 50000)));
      if (given_motif != NULL)
        motif = NULL;
    }
}
