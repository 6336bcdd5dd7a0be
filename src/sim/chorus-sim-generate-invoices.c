/* chorus-sim-generate-invoices.c: one generated invoice, drawn step by step: its parties, its kind
 * (works invoices for the hospital), service, dates and status, validators, VAT and lines, its
 * references and how it was deposited. The first invoices hold every status, then the seeds' cases
 * (chorus-sim-seed-cases.c). SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "chorus-sim-generate.h"
#include "chorus-sim-rules.h"

static const char *const all_statuses[] = {
  "DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION", "A_RECYCLER", "REJETEE", "SUSPENDUE",
  "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE", "MISE_EN_PAIEMENT",
  "COMPLETEE",
};

static const char *const motifs_suspension[] = {
  "Bon de commande manquant", "Merci de joindre la feuille d'émargement de la formation",
  "Quantités non conformes au bon de livraison", "Pièce justificative illisible",
  "Attestation de service fait à fournir",
};
static const char *const motifs_rejet[] = {
  "Facture en double", "Numéro d'engagement juridique erroné", "Montant non conforme au devis",
  "Prestation non commandée", "Erreur de destinataire : facture à adresser au GHT",
};
static const char *const motifs_recyclage[] = {
  "Service exécutant erroné : à adresser au service formation",
  "Mauvais destinataire dans l'établissement",
};

/* The first invoices hold every status twice, then come the seeds' cases. */
#define FORCED_FIRST (2 * G_N_ELEMENTS (all_statuses))

/* One invoice while it is drawn. Every step draws from the generator in the order the steps run. */
typedef struct {
  SimGen                *g;
  guint                  i;
  const SimTrainingCase *training;
  SimInvoice             inv;
  SimSupplierRef        *sup;
  SimRecipientRef       *rec;
  gboolean               issued;
  int                    kind;       /* SimStructureKind of what it bills */
  gboolean               service_ej; /* its service demands an engagement number */
  const char            *motif_exo;
  guint32                j_facture, j_depot, age;
  char                   d_facture[11], d_depot[11], d_etat[11], d_echeance[11], d_val1[11], d_val2[11];
  char                  *date_etat;
  char                  *numero;
  char                  *numero_bc;
  char                  *numero_marche;
  char                  *numero_origine;
  char                  *numero_mandat;
} Draft;

/* Older invoices are further along: age in days → status. */
static const char *
draw_status (SimRng *r, guint32 age_days)
{
  double x = sim_rng_double (r);

  if (age_days > 150)
    {
      if (x < 0.78) return "MISE_EN_PAIEMENT";
      if (x < 0.84) return "COMPTABILISEE";
      if (x < 0.90) return "REJETEE";
      if (x < 0.94) return "A_RECYCLER";
      if (x < 0.97) return "MANDATEE";
      return "SUSPENDUE";
    }
  if (age_days > 45)
    {
      if (x < 0.30) return "MISE_EN_PAIEMENT";
      if (x < 0.45) return "MANDATEE";
      if (x < 0.55) return "MISE_A_DISPOSITION_COMPTABLE";
      if (x < 0.65) return "COMPTABILISEE";
      if (x < 0.75) return "SERVICE_FAIT";
      if (x < 0.82) return "SUSPENDUE";
      if (x < 0.87) return "REJETEE";
      if (x < 0.91) return "A_RECYCLER";
      if (x < 0.94) return "COMPLETEE";
      return "MISE_A_DISPOSITION";
    }
  if (x < 0.45) return "MISE_A_DISPOSITION";
  if (x < 0.62) return "SERVICE_FAIT";
  if (x < 0.70) return "MANDATEE";
  if (x < 0.76) return "SUSPENDUE";
  if (x < 0.80) return "REJETEE";
  if (x < 0.84) return "A_RECYCLER";
  if (x < 0.89) return "COMPLETEE";
  if (x < 0.94) return "EN_COURS_ACHEMINEMENT";
  return "DEPOSEE";
}

static int
status_depth (const char *statut)
{
  const char *path[16];
  return (int) sim_status_path (statut, 0, path);
}

static gboolean
past_mandate (const char *statut)
{
  return g_strcmp0 (statut, "MANDATEE") == 0 || status_depth (statut) > status_depth ("MANDATEE");
}

/* A supplier of @kind among the generated ones (any, when none has that kind). */
static SimSupplierRef *
pick_supplier (SimGen *g, int kind)
{
  guint start = sim_rng_range (&g->r, g->suppliers->len);

  for (guint k = 0; k < g->suppliers->len; k++)
    {
      SimSupplierRef *s = &g_array_index (g->suppliers, SimSupplierRef, (start + k) % g->suppliers->len);
      if (s->kind == kind && g_strcmp0 (s->type_id, "SIRET") == 0)
        return s;
    }
  return &g_array_index (g->suppliers, SimSupplierRef, start);
}

/* Who bills whom: the account's company issues some, its hospital receives most. */
static void
draw_parties (Draft *d, guint n_total, guint training_last)
{
  SimGen *g = d->g;
  SimRng *r = &g->r;
  const SimTrainingCase *training = d->training;
  double x = sim_rng_double (r);

  if (training != NULL)
    d->issued = training->issued;
  else if (d->i < G_N_ELEMENTS (all_statuses) && d->i * 2 < n_total)
    d->issued = TRUE;
  else if (d->i < training_last)
    d->issued = FALSE;
  else
    d->issued = x >= 0.72 && x < 0.82;

  if (training != NULL)
    {
      /* The account's own invoices of the course bill training to the hospital. */
      d->rec = g->hospital;
      d->sup = d->issued ? &g->own
                         : pick_supplier (g, training->type_dp ? SIM_KIND_WORKS
                                             : training->validators ? SIM_KIND_COMPANY : SIM_KIND_TRAINING);
    }
  else if (d->issued)
    {
      d->sup = &g->own;
      d->rec = sim_rng_range (r, 5) == 0 ? g->hospital
                                         : &g_array_index (g->recipients, SimRecipientRef,
                                                           sim_rng_range (r, g->recipients->len));
    }
  else
    {
      d->sup = &g_array_index (g->suppliers, SimSupplierRef, sim_rng_range (r, g->suppliers->len));
      d->rec = (x < 0.72 || d->i < training_last)
                 ? g->hospital
                 : &g_array_index (g->recipients, SimRecipientRef, sim_rng_range (r, g->recipients->len));
    }

  /* The account's own company trains, builds and sells: its invoices are of every kind. */
  d->kind = d->sup->kind;
  if (d->issued)
    d->kind = training ? SIM_KIND_TRAINING
              : sim_rng_range (r, 4) < 2 ? SIM_KIND_TRAINING : sim_rng_range (r, 2) ? SIM_KIND_WORKS : SIM_KIND_COMPANY;
}

/* A few works invoices reach the hospital as their final recipient (typeDemandePaiement
 * FACTURE_TRAVAUX): the hospital is the maîtrise d'ouvrage of its own buildings. */
static void
draw_payment_request_type (Draft *d)
{
  SimGen *g = d->g;
  const SimTrainingCase *training = d->training;

  d->inv.type_dp = "FACTURE";
  if ((training && training->type_dp) ||
      (!training && !d->issued && d->rec == g->hospital && d->kind == SIM_KIND_WORKS && sim_rng_range (&g->r, 4) == 0))
    {
      gboolean general = training ? g_strcmp0 (training->statut, "SERVICE_FAIT") == 0 : sim_rng_range (&g->r, 3) == 0;

      d->kind = SIM_KIND_WORKS;
      d->inv.type_dp = "FACTURE_TRAVAUX";
      d->inv.type_facture_travaux = general ? "DECOMPTE_GENERAL" : "ETAT_ACOMPTE_VALIDE";
      d->inv.moe_id = g->wk->moe_id;
      d->inv.moa_id = d->rec->id;
    }
}

static void
draw_service (Draft *d)
{
  SimRecipientRef *rec = d->rec;
  SimRng *r = &d->g->r;
  guint k;

  if (rec->services->len == 0 || !(rec->service_required || rec->ej_or_service || sim_rng_range (r, 10) < 7))
    return;
  /* At the hospital each kind of supplier bills its own services: training bodies mostly
   * the ANFH-funded training service, builders the works department, the others purchasing,
   * pharmacy, IT, biomedical engineering or catering (indexes in hospital_services). */
  if (rec == d->g->hospital)
    {
      static const guint company_services[] = { 2, 3, 6, 7, 8 };

      switch (d->kind)
        {
        case SIM_KIND_TRAINING:
          k = sim_rng_range (r, 10) < 7 ? 0 : sim_rng_range (r, 2) ? 1 : 5;
          break;
        case SIM_KIND_WORKS:
          k = 4;
          break;
        default:
          k = company_services[sim_rng_range (r, G_N_ELEMENTS (company_services))];
          break;
        }
    }
  else
    k = sim_rng_range (r, rec->services->len);
  d->inv.service_id = g_array_index (rec->services, gint64, k);
  d->service_ej = g_array_index (rec->service_ej, gboolean, k);
}

static void
draw_dates_and_status (Draft *d)
{
  SimGen *g = d->g;
  SimRng *r = &g->r;

  /* The cases a course shows (one of each status, the training cases) are recent: an invoice
   * still "mise à disposition" two years after its deposit teaches nothing but a red figure. */
  gboolean showcase = d->training != NULL || d->i < G_N_ELEMENTS (all_statuses) * 2;
  guint32 span = showcase ? MIN (45, g->last_day - g->first_day) : g->last_day - g->first_day;

  d->j_facture = g->last_day - span + (guint32) (pow (sim_rng_double (r), 0.7) * span);
  d->j_depot = MIN (g->last_day, d->j_facture + sim_rng_range (r, 8));
  d->age = g->last_day - d->j_depot;
  if (d->training)
    d->inv.statut = (char *) d->training->statut;
  else if (d->i < G_N_ELEMENTS (all_statuses) * 2)
    d->inv.statut = (char *) all_statuses[d->i % G_N_ELEMENTS (all_statuses)];
  else
    d->inv.statut = (char *) draw_status (r, d->age);
}

/* Subcontractor invoices (A9) are validated by the titulaire, the account's own company, and
 * sometimes by the maîtrise d'œuvre after it; co-contractor invoices (A12) by the mandataire. */
static void
draw_cadre (Draft *d)
{
  SimGen *g = d->g;
  SimRng *r = &g->r;
  const SimTrainingCase *training = d->training;
  SimInvoice *inv = &d->inv;

  inv->cadre = "A1_FACTURE_FOURNISSEUR";
  if ((training && training->validators) || (!training && !d->issued && d->rec == g->hospital && sim_rng_range (r, 50) == 0))
    {
      int levels = training ? training->validators : 1 + (int) sim_rng_range (r, 2);

      inv->cadre = levels == 2 || sim_rng_range (r, 2) ? "A9_FACTURE_SOUSTRAITANT" : "A12_FACTURE_COTRAITANT";
      inv->valideur_id = !training && sim_rng_range (r, 8) == 0 ? g->other_validator : g->own.id;
      inv->valideur2_id = levels == 2 ? g->wk->moe_id : 0;
      if (!training && d->age < 60)
        {
          guint y = sim_rng_range (r, 6);

          inv->statut = (char *) (y == 0 ? "REFUSEE_1" : y < 4 || levels == 1 ? "A_VALIDER_1" : "A_VALIDER_2");
        }
      inv->niveau_validation = sim_validation_level (inv->statut);
      if (g_strcmp0 (inv->statut, "REFUSEE_1") == 0)
        inv->niveau_validation = 1;
    }
  else if (!training && sim_rng_range (r, 60) == 0)
    inv->cadre = "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE";
}

/* The state's date follows the deposit by a few days a step; validations by two and five days. */
static void
date_steps (Draft *d)
{
  SimGen *g = d->g;
  SimRng *r = &g->r;
  SimInvoice *inv = &d->inv;
  guint32 j_etat = MIN (g->last_day, d->j_depot + (guint32) status_depth (inv->statut) * (2 + sim_rng_range (r, 9)));

  sim_format_julian (d->j_facture, d->d_facture);
  sim_format_julian (d->j_depot, d->d_depot);
  sim_format_julian (j_etat, d->d_etat);
  sim_format_julian (d->j_facture + 30, d->d_echeance);
  sim_format_julian (MIN (j_etat, d->j_depot + 2), d->d_val1);
  sim_format_julian (MIN (j_etat, d->j_depot + 5), d->d_val2);
  d->date_etat = g_strdup_printf ("%s %02u:%02u", d->d_etat, 7 + sim_rng_range (r, 12), sim_rng_range (r, 60));
  if (inv->valideur_id != 0)
    {
      const char *path[16];
      gsize n = sim_status_path (inv->statut, sim_invoice_validation_levels (inv), path);

      for (gsize k = 0; k < n; k++)
        {
          if (g_strcmp0 (path[k], "VALIDEE_1") == 0)
            inv->date_validation1 = d->d_val1;
          if (g_strcmp0 (path[k], "VALIDEE_2") == 0)
            inv->date_validation2 = d->d_val2;
        }
    }
}

/* Training is VAT exempt, works pay VAT on receipts, foreign suppliers reverse-charge it. */
static void
draw_vat_and_lines (Draft *d)
{
  SimRng *r = &d->g->r;
  SimInvoice *inv = &d->inv;
  g_autoptr(GPtrArray) lines = NULL;
  gint64 ht, tva;

  inv->type_facture = d->training ? (char *) d->training->type_facture : sim_rng_range (r, 25) == 0 ? "AVOIR" : "FACTURE";
  switch (d->kind)
    {
    case SIM_KIND_TRAINING:
      inv->type_tva = "EXONERATION";
      d->motif_exo = "Exonération de TVA, article 261-4-4° a du CGI (formation professionnelle continue)";
      break;
    case SIM_KIND_WORKS:
      inv->type_tva = "TVA_SUR_ENCAISSEMENT";
      break;
    default:
      inv->type_tva = sim_rng_range (r, 3) == 0 ? "TVA_SUR_ENCAISSEMENT" : "TVA_SUR_DEBIT";
      break;
    }
  if (g_strcmp0 (d->sup->type_id, "SIRET") != 0)
    {
      inv->type_tva = "SANS_TVA";
      d->motif_exo = "Autoliquidation : TVA due par le preneur (article 283-2 du CGI)";
    }

  {
    double y = sim_rng_double (r);
    inv->n_lines = y < 0.6 ? 1 + (int) sim_rng_range (r, 3) : y < 0.92 ? 4 + (int) sim_rng_range (r, 9)
                                                                       : 13 + (int) sim_rng_range (r, 68);
  }
  inv->lines_seed = (guint32) ((sim_rng_next (r) & 0x7ffffffcu) | (guint64) d->kind);
  if (d->motif_exo != NULL)
    inv->lines_seed |= SIM_SEED_EXEMPT;
  lines = sim_lines_derive (inv->lines_seed, inv->n_lines);
  sim_lines_totals (lines, &ht, &tva);
  inv->ht = ht;
  inv->tva = tva;
  inv->ttc = inv->a_payer = ht + tva;
}

/* Its number, engagement, contract, original invoice, mandate, and the motif of its status. */
static void
draw_references (Draft *d)
{
  SimRng *r = &d->g->r;
  SimInvoice *inv = &d->inv;
  SimRecipientRef *rec = d->rec;
  const SimTrainingCase *training = d->training;

  {
    static const char *const prefixes[] = { "F", "FAC", "FA", "FCT" };
    const char *prefix = d->kind == SIM_KIND_TRAINING ? "FORM"
                         : d->kind == SIM_KIND_WORKS && inv->type_facture_travaux ? "SIT" : SIM_PICK (r, prefixes);
    d->numero = g_strdup_printf ("%s%s-%.4s-%06u", inv->type_facture[0] == 'A' ? "AV" : "", prefix, d->d_facture,
                                 (guint) (d->i + 1));
  }
  if (rec->ej_required || d->service_ej || (rec->ej_or_service && inv->service_id == 0) || sim_rng_range (r, 10) < 4)
    d->numero_bc = g_strdup_printf ("%010u", 1300000000u + sim_rng_range (r, 99999999));
  if (sim_rng_range (r, 3) == 0 || inv->type_facture_travaux != NULL)
    d->numero_marche = g_strdup_printf ("%.4s-M%03u", d->d_facture, 1 + sim_rng_range (r, 150));
  if (inv->type_facture[0] == 'A' && (training == NULL || training->motif == NULL))
    d->numero_origine = g_strdup_printf ("F-%.4s-%06u", d->d_facture, sim_rng_range (r, 999999));
  if (past_mandate (inv->statut))
    d->numero_mandat = g_strdup_printf ("M%.4s-%05u", d->d_etat, sim_rng_range (r, 99999));

  if (training && training->motif)
    inv->commentaire_etat = (char *) training->motif;
  else if (g_strcmp0 (inv->statut, "SUSPENDUE") == 0)
    inv->commentaire_etat = (char *) SIM_PICK (r, motifs_suspension);
  else if (g_strcmp0 (inv->statut, "REJETEE") == 0 || g_str_has_prefix (inv->statut, "REFUSEE"))
    inv->commentaire_etat = (char *) SIM_PICK (r, motifs_rejet);
  else if (g_strcmp0 (inv->statut, "A_RECYCLER") == 0)
    inv->commentaire_etat = (char *) SIM_PICK (r, motifs_recyclage);
  else if (g_strcmp0 (inv->statut, "COMPLETEE") == 0)
    inv->commentaire_etat = "Pièces complémentaires ajoutées par le fournisseur";
}

static void
draw_deposit_mode (Draft *d)
{
  SimRng *r = &d->g->r;
  SimInvoice *inv = &d->inv;
  const SimTrainingCase *training = d->training;

  {
    double y = sim_rng_double (r);
    inv->mode_depot = y < 0.45 ? "DEPOT_PDF_API" : y < 0.7 ? "DEPOT_PDF_PORTAIL" : y < 0.85 ? "SAISIE_API"
                      : y < 0.92 ? "SAISIE_PORTAIL" : "EDI";
  }
  /* Structured deposits come as Factur-X: their PDF carries the CII invoice. */
  inv->facturx = training ? training->facturx
                          : (g_strcmp0 (inv->mode_depot, "EDI") == 0 || g_strcmp0 (inv->mode_depot, "DEPOT_PDF_API") == 0) &&
                            sim_rng_range (r, 3) == 0;
  if (inv->facturx)
    inv->mode_depot = training ? "DEPOT_PDF_API" : inv->mode_depot;
  if (g_strcmp0 (inv->statut, "INTERPRETEE_OCR") == 0)
    inv->mode_depot = "DEPOT_PDF_PORTAIL";
  if (inv->type_facture[0] != 'A')
    {
      guint y = sim_rng_range (r, 50);
      inv->mode_paiement = y < 2 ? "CHEQUE" : y < 5 ? "PRELEVEMENT" : "VIREMENT";
    }
}

static void
insert_draft (Draft *d)
{
  SimGen *g = d->g;
  SimInvoice *inv = &d->inv;

  inv->id = g->next_invoice_id;
  g->next_invoice_id += 1 + sim_rng_range (&g->r, 3);
  inv->numero = d->numero;
  inv->supplier_id = d->sup->id;
  inv->recipient_id = d->rec->id;
  inv->date_depot = d->d_depot;
  inv->date_facture = d->d_facture;
  inv->date_etat = d->date_etat;
  inv->devise = "EUR";
  inv->numero_marche = d->numero_marche;
  inv->numero_bc = d->numero_bc;
  inv->numero_origine = d->numero_origine;
  inv->telechargee = status_depth (inv->statut) > 4 ||
                     (g_strcmp0 (inv->statut, "MISE_A_DISPOSITION") == 0 && sim_rng_range (&g->r, 2));
  inv->numero_mandat = d->numero_mandat;
  inv->generated = TRUE;
  inv->motif_exoneration = (char *) d->motif_exo;
  inv->date_echeance = d->d_echeance;
  sim_invoice_insert (g->ds, inv, d->sup->rank);
}

void
sim_generate_invoice (SimGen *g, guint i, guint n_total)
{
  gsize n_training;
  const SimTrainingCase *training = sim_seed_training_cases (&n_training);
  guint training_last = FORCED_FIRST + n_training;
  Draft d = { .g = g, .i = i };

  d.training = i >= FORCED_FIRST && i < training_last ? &training[i - FORCED_FIRST] : NULL;
  draw_parties (&d, n_total, training_last);
  draw_payment_request_type (&d);
  draw_service (&d);
  draw_dates_and_status (&d);
  draw_cadre (&d);
  date_steps (&d);
  draw_vat_and_lines (&d);
  draw_references (&d);
  draw_deposit_mode (&d);
  insert_draft (&d);

  g_free (d.date_etat);
  g_free (d.numero);
  g_free (d.numero_bc);
  g_free (d.numero_marche);
  g_free (d.numero_origine);
  g_free (d.numero_mandat);
}
