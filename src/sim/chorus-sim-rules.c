/* chorus-sim-rules.c: the simulator's own rule tables. Nothing here comes from the client's
 * rules (src/core), so that a test can catch the client sending what the portal refuses.
 *
 * Sources (../shared/reference/chorus-api.md): §0.1 for the statuses, §5 for what a recipient
 * may set (Pastell's list, motif for REJETEE and SUSPENDUE, numeroDPMandat with MANDATEE, the
 * ordered steps Pastell walks one by one), §0.13/§2.1/§5 for the validator actions, §5 and
 * seed 002 for the cadres, §0.3–0.5 and §6 for the deposit vocabulary. Where no source says,
 * the choice is written next to the table as UNCONFIRMED.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-rules.h"

/* ---- statuses ------------------------------------------------------------------------------ */

#define INV  SIM_STATUS_INVOICE
#define WRK  SIM_STATUS_WORKS
#define VAL  (SIM_STATUS_INVOICE | SIM_STATUS_WITH_VALIDATOR)
#define SUP  (SIM_STATUS_INVOICE | SIM_STATUS_SUPPLIER_ONLY)

static const SimStatusInfo statuses[] = {
  { "BROUILLON", SUP },
  { "A_VALIDER_1", VAL },
  { "ERREUR_FOURNISSEUR_SUR_VALIDEUR", VAL },
  { "REFUSEE_1", VAL },
  { "VALIDEE_1", VAL },
  { "ABSENCE_VALIDATION_1_HORS_DELAI", VAL },
  { "A_VALIDER_2", VAL },
  { "ERREUR_COTRAITANT_SUR_VALIDEUR", VAL },
  { "REFUSEE_2", VAL },
  { "VALIDEE_2", VAL },
  { "ABSENCE_VALIDATION_2_HORS_DELAI", VAL },
  { "DEPOSEE", INV | WRK },
  { "ERREUR_FOURNISSEUR_SUR_MOE", WRK },
  { "EN_COURS_ACHEMINEMENT", INV },
  { "MISE_A_DISPOSITION", INV },
  { "A_RECYCLER", INV },
  { "SUSPENDUE", INV | WRK },
  { "REJETEE", INV },
  { "MANDATEE", INV },
  { "MISE_EN_PAIEMENT", INV | WRK },
  { "COMPTABILISEE", INV },
  { "MISE_A_DISPOSITION_COMPTABLE", INV },
  { "ABANDONNEE", SUP },
  { "SUPPRIMEE", SUP },
  { "ASSOCIEE", WRK },
  { "EN_COURS_TRAITEMENT_PIVOT_S", INV },
  { "A_VALIDER_MOE", WRK },
  { "REFUSEE_MOE", WRK },
  { "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", WRK },
  { "ERREUR_MOE_SUR_FOURNISSEUR", WRK },
  { "ERREUR_MOA_SUR_FOURNISSEUR", WRK },
  { "INTERPRETEE_OCR", INV },
  { "COMPLETEE", INV | WRK },
  { "ERREUR_FOURNISSEUR_SUR_MOA", WRK },
  { "ERREUR_MOE_SUR_MOA", WRK },
  { "ERREUR_DESTINATAIRE_PD", INV },
  { "ERREUR_DESTINATAIRE_EA", INV },
  { "SERVICE_FAIT", INV },
  { "NON_CONFORME", INV },
  { "A_ASSOCIER_MOE", WRK },
  { "ERREUR_DE_MOE", WRK },
  { "MISE_A_DISPOSITION_MOE", WRK },
  { "PRISE_EN_COMPTE_MOE", WRK },
  { "A_ASSOCIER_MOA", WRK },
  { "ERREUR_DE_MOA", WRK },
  { "REFUSEE_MOA", WRK },
  { "A_ASSOCIER_FOURNISSEUR", WRK },
  { "REFUSEE_FOURNISSEUR", WRK },
  { "A_COMPLETER", WRK },
  { "TRANSMISE_MOA", WRK },
  { "PRISE_EN_COMPTE_DESTINATAIRE", INV },
  { "REMPLACEE_PAR_A22", WRK },
  { "DUPLIQUE_APRES_REFUS", WRK },
  { "MISE_A_DISPOSITION_MOA", WRK },
  { "PRISE_EN_COMPTE_MOA", WRK },
  { "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE", WRK },
  { "TECHNIQUE_INCONNU", INV | WRK },
};

#undef INV
#undef WRK
#undef VAL
#undef SUP

const SimStatusInfo *
sim_statuses (gsize *n)
{
  *n = G_N_ELEMENTS (statuses);
  return statuses;
}

const SimStatusInfo *
sim_status_find (const char *code)
{
  for (gsize k = 0; code != NULL && k < G_N_ELEMENTS (statuses); k++)
    if (strcmp (statuses[k].code, code) == 0)
      return &statuses[k];
  return NULL;
}

gboolean
sim_status_hidden_from_recipient (const char *code)
{
  const SimStatusInfo *info = sim_status_find (code);

  return info != NULL && (info->flags & (SIM_STATUS_WITH_VALIDATOR | SIM_STATUS_SUPPLIER_ONLY)) != 0;
}

/* ---- recipient processing ------------------------------------------------------------------- */

/* From each status a recipient works on, the statuses it may set, in the portal's order.
 * The processing goes one step at a time (Pastell retries along the steps when a jump is
 * refused): MISE_A_DISPOSITION → SERVICE_FAIT → MANDATEE → MISE_A_DISPOSITION_COMPTABLE or
 * COMPTABILISEE → MISE_EN_PAIEMENT. An invoice is sent back (suspended, rejected, to be
 * recycled) while it is to be processed; a routing error (A_RECYCLER) is only spotted on
 * arrival, and once the mandate is issued the invoice is with the public accountant.
 * COMPLETEE (the supplier answered a suspension) is to be processed again.
 * UNCONFIRMED (no source lists the matrix): SERVICE_FAIT → MISE_A_DISPOSITION, the
 * cancellation of a service fait, and the send-backs allowed from SERVICE_FAIT. */
typedef struct {
  const char *from;
  const char *targets[5];
} Transition;

static const Transition transitions[] = {
  { "MISE_A_DISPOSITION", { "SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER" } },
  { "COMPLETEE", { "SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER" } },
  { "SERVICE_FAIT", { "MANDATEE", "MISE_A_DISPOSITION", "SUSPENDUE", "REJETEE" } },
  { "MANDATEE", { "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE" } },
  { "MISE_A_DISPOSITION_COMPTABLE", { "COMPTABILISEE", "MISE_EN_PAIEMENT" } },
  { "COMPTABILISEE", { "MISE_EN_PAIEMENT" } },
};

static const char *const recipient_targets[] = {
  "MISE_A_DISPOSITION", "A_RECYCLER", "REJETEE", "SUSPENDUE", "SERVICE_FAIT", "MANDATEE",
  "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE", "MISE_EN_PAIEMENT",
};

gboolean
sim_recipient_target_known (const char *target)
{
  for (gsize k = 0; target != NULL && k < G_N_ELEMENTS (recipient_targets); k++)
    if (strcmp (recipient_targets[k], target) == 0)
      return TRUE;
  return FALSE;
}

const char *const *
sim_recipient_targets (const char *current, gsize *n)
{
  *n = 0;
  for (gsize k = 0; current != NULL && k < G_N_ELEMENTS (transitions); k++)
    if (strcmp (transitions[k].from, current) == 0)
      {
        while (*n < G_N_ELEMENTS (transitions[k].targets) && transitions[k].targets[*n] != NULL)
          (*n)++;
        return transitions[k].targets;
      }
  return NULL;
}

gboolean
sim_recipient_may_set (const char *current, const char *target)
{
  gsize n;
  const char *const *targets = sim_recipient_targets (current, &n);

  for (gsize k = 0; target != NULL && k < n; k++)
    if (strcmp (targets[k], target) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sim_recipient_needs_motif (const char *target)
{
  return g_strcmp0 (target, "REJETEE") == 0 || g_strcmp0 (target, "SUSPENDUE") == 0;
}

/* Pastell sends numeroDPMandat with MANDATEE; UNCONFIRMED that the platform demands it, but a
 * mandated invoice without its mandate number is of no use to the supplier. */
gboolean
sim_recipient_needs_mandate (const char *target)
{
  return g_strcmp0 (target, "MANDATEE") == 0;
}

/* ---- validation ------------------------------------------------------------------------------ */

/* The actions of traiterFactureAValider (GO enum). A refusal, a suspension and a rejection give
 * the supplier a reason (motifRefus), as the recipient's do. MISE_EN_PAIEMENT closes the
 * validation: UNCONFIRMED, the simulator allows it only to the last validator. */
static const SimValidationAction validation_actions[] = {
  { "VALIDATION", FALSE, FALSE },
  { "REFUS", TRUE, FALSE },
  { "MISE_EN_RECYCLAGE", FALSE, FALSE },
  { "SUSPENSION", TRUE, FALSE },
  { "REJET", TRUE, FALSE },
  { "MISE_EN_PAIEMENT", FALSE, TRUE },
};

const SimValidationAction *
sim_validation_action_find (const char *action)
{
  for (gsize k = 0; action != NULL && k < G_N_ELEMENTS (validation_actions); k++)
    if (strcmp (validation_actions[k].action, action) == 0)
      return &validation_actions[k];
  return NULL;
}

int
sim_validation_level (const char *statut)
{
  if (g_strcmp0 (statut, "A_VALIDER_1") == 0)
    return 1;
  if (g_strcmp0 (statut, "A_VALIDER_2") == 0)
    return 2;
  return 0;
}

gsize
sim_validation_outcome (const SimValidationAction *action, int level, gboolean has_second_level,
                        const char **steps, gsize max_steps)
{
  const char *out[4];
  gsize n = 0;
  gboolean last = level == 2 || !has_second_level;

  if (action == NULL || level < 1 || level > 2 || (action->last_level_only && !last))
    return 0;
  if (g_str_equal (action->action, "VALIDATION"))
    {
      out[n++] = level == 1 ? "VALIDEE_1" : "VALIDEE_2";
      if (!last)
        out[n++] = "A_VALIDER_2";
      else
        {
          out[n++] = "EN_COURS_ACHEMINEMENT";
          out[n++] = "MISE_A_DISPOSITION";
        }
    }
  else if (g_str_equal (action->action, "REFUS"))
    out[n++] = level == 1 ? "REFUSEE_1" : "REFUSEE_2";
  else if (g_str_equal (action->action, "MISE_EN_RECYCLAGE"))
    out[n++] = "A_RECYCLER";
  else if (g_str_equal (action->action, "SUSPENSION"))
    out[n++] = "SUSPENDUE";
  else if (g_str_equal (action->action, "REJET"))
    out[n++] = "REJETEE";
  else if (g_str_equal (action->action, "MISE_EN_PAIEMENT"))
    {
      out[n++] = level == 1 ? "VALIDEE_1" : "VALIDEE_2";
      out[n++] = "MISE_EN_PAIEMENT";
    }
  if (n > max_steps)
    return 0;
  memcpy (steps, out, n * sizeof *out);
  return n;
}

/* UNCONFIRMED: no source lists the portal's refusal reasons; these are the simulator's. */
static const SimRefusalMotif refusal_motifs[] = {
  { 1, "MONTANT_ERRONE", "Montant erroné ou non conforme au marché" },
  { 2, "PRESTATION_NON_CONFORME", "Prestation non réalisée ou non conforme" },
  { 3, "PIECE_MANQUANTE", "Pièce justificative manquante" },
  { 4, "ERREUR_DESTINATAIRE", "Erreur de destinataire ou de valideur" },
  { 5, "DOUBLON", "Facture déjà déposée" },
  { 6, "AUTRE", "Autre motif (préciser en commentaire)" },
};

const SimRefusalMotif *
sim_refusal_motifs (gsize *n)
{
  *n = G_N_ELEMENTS (refusal_motifs);
  return refusal_motifs;
}

/* ---- cadres ---------------------------------------------------------------------------------- */

/* A9 (subcontractor) and A12 (co-contractor) invoices go through their validators. Works pieces
 * are deposited with facturesTravaux (seed 002's table); court costs and TIC refunds have spaces
 * of their own on the portal (seed 002's menu: "Mémoires de frais de justice", "Demande de
 * remboursement TIC"). */
static const SimCadre cadres[] = {
  { "A1_FACTURE_FOURNISSEUR", SIM_CADRE_INVOICE },
  { "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", SIM_CADRE_INVOICE },
  { "A3_MEMOIRE_JUSTICE", SIM_CADRE_OTHER_SPACE },
  { "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", SIM_CADRE_WORKS },
  { "A5_ETAT_ACOMPTE_FOURNISSEUR", SIM_CADRE_WORKS },
  { "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR", SIM_CADRE_WORKS },
  { "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", SIM_CADRE_WORKS },
  { "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", SIM_CADRE_WORKS },
  { "A9_FACTURE_SOUSTRAITANT", SIM_CADRE_VALIDATED },
  { "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", SIM_CADRE_WORKS },
  { "A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT", SIM_CADRE_WORKS },
  { "A12_FACTURE_COTRAITANT", SIM_CADRE_VALIDATED },
  { "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", SIM_CADRE_WORKS },
  { "A14_PROJET_DECOMPTE_FINAL_COTRAITANT", SIM_CADRE_WORKS },
  { "A15_ETAT_ACOMPTE_MOE", SIM_CADRE_WORKS },
  { "A16_ETAT_ACOMPTE_VALIDE_MOE", SIM_CADRE_WORKS },
  { "A17_PROJET_DECOMPTE_GENERAL_MOE", SIM_CADRE_WORKS },
  { "A18_DECOMPTE_GENERAL_MOE", SIM_CADRE_WORKS },
  { "A19_ETAT_ACOMPTE_VALIDE_MOA", SIM_CADRE_WORKS },
  { "A20_DECOMPTE_GENERAL_MOA", SIM_CADRE_WORKS },
  { "A21_DEMANDE_REMBOURSEMENT_TIC", SIM_CADRE_OTHER_SPACE },
  { "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE", SIM_CADRE_WORKS },
  { "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", SIM_CADRE_WORKS },
  { "A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE", SIM_CADRE_WORKS },
  { "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE", SIM_CADRE_WORKS },
};

const SimCadre *
sim_cadres (gsize *n)
{
  *n = G_N_ELEMENTS (cadres);
  return cadres;
}

const SimCadre *
sim_cadre_find (const char *code)
{
  for (gsize k = 0; code != NULL && k < G_N_ELEMENTS (cadres); k++)
    if (strcmp (cadres[k].code, code) == 0)
      return &cadres[k];
  return NULL;
}

/* ---- vocabulary ------------------------------------------------------------------------------ */

static const char *const types_facture[] = { "FACTURE", "AVOIR" };
static const char *const types_tva[] = { "TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA" };
static const char *const modes_depot[] = {
  "SAISIE_WEB", "PORTAIL_PDF", "EDI_XML_STRUCT", "EDI_MIXTE", "EDI_PDF_ARCHIVE", "SAISIE_PORTAIL", "SAISIE_API",
  "DEPOT_PDF_PORTAIL", "DEPOT_PDF_SIGNE_PORTAIL", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API", "EDI", "UPLOAD_PORTAIL",
  "UPLOAD_API", "EDI_NUMERISATION",
};
static const char *const modes_paiement[] = { "CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT" };
static const char *const syntaxes_flux[] = {
  "IN_DP_E1_UBL_INVOICE", "IN_DP_E1_CII", "IN_DP_E1_CII_16B", "IN_DP_E2_UBL_INVOICE_MIN", "IN_DP_E2_CII_MIN",
  "IN_DP_E2_CII_MIN_16B", "IN_DP_E2_CII_FACTURX", "IN_DP_E2_CPP_FACTURE_MIN", "IN_DP_E1_XCBL", "IN_DP_E3_UBL_INVOICE",
};
static const char *const types_identifiant[] = {
  "SIRET", "UE_HORS_FRANCE", "HORS_UE", "RIDET", "TAHITI", "AUTRE", "PARTICULIER",
};
static const char *const types_demande_paiement[] = { "FACTURE", "FACTURE_TRAVAUX" };
static const char *const types_facture_travaux[] = {
  "DP_DE_SOUSTRAITANT_TRAVAUX", "PROJET_DECOMPTE_MENSUEL", "ETAT_ACOMPTE", "ETAT_ACOMPTE_VALIDE",
  "PROJET_DECOMPTE_FINAL", "PROJET_DECOMPTE_GENERAL", "PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE",
  "DECOMPTE_GENERAL", "DECOMPTE_GENERAL_SIGNE", "DECOMPTE_GENERAL_DEFINITIF_TACITE",
  "DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE",
};
static const char *const formats_depot[] = { "PDF_NON_SIGNE", "PDF_SIGNE_PADES", "PDF_SIGNE_XADES" };

static const struct {
  const char *const *values;
  gsize              n;
} vocabularies[SIM_VOCAB_LAST] = {
  [SIM_VOCAB_TYPE_FACTURE] = { types_facture, G_N_ELEMENTS (types_facture) },
  [SIM_VOCAB_TYPE_TVA] = { types_tva, G_N_ELEMENTS (types_tva) },
  [SIM_VOCAB_MODE_DEPOT] = { modes_depot, G_N_ELEMENTS (modes_depot) },
  [SIM_VOCAB_MODE_PAIEMENT] = { modes_paiement, G_N_ELEMENTS (modes_paiement) },
  [SIM_VOCAB_SYNTAXE_FLUX] = { syntaxes_flux, G_N_ELEMENTS (syntaxes_flux) },
  [SIM_VOCAB_TYPE_IDENTIFIANT] = { types_identifiant, G_N_ELEMENTS (types_identifiant) },
  [SIM_VOCAB_TYPE_DEMANDE_PAIEMENT] = { types_demande_paiement, G_N_ELEMENTS (types_demande_paiement) },
  [SIM_VOCAB_TYPE_FACTURE_TRAVAUX] = { types_facture_travaux, G_N_ELEMENTS (types_facture_travaux) },
  [SIM_VOCAB_FORMAT_DEPOT] = { formats_depot, G_N_ELEMENTS (formats_depot) },
};

const char *const *
sim_vocabulary (SimVocabulary which, gsize *n)
{
  g_return_val_if_fail (which < SIM_VOCAB_LAST, NULL);
  *n = vocabularies[which].n;
  return vocabularies[which].values;
}

gboolean
sim_vocabulary_has (SimVocabulary which, const char *code)
{
  gsize n;
  const char *const *values = sim_vocabulary (which, &n);

  for (gsize k = 0; code != NULL && k < n; k++)
    if (strcmp (values[k], code) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sim_invoice_number_valid (const char *number)
{
  gsize len = number ? strlen (number) : 0;

  if (len == 0 || len > 20)
    return FALSE;
  for (const char *p = number; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_/+", *p) == NULL)
      return FALSE;
  return TRUE;
}

SimRoutingVerdict
sim_routing_verdict (const SimRoutingFacts *facts)
{
  if (facts->service_required && !facts->has_service)
    return SIM_ROUTING_SERVICE_MISSING;
  if ((facts->engagement_required || facts->service_engagement) && !facts->has_engagement)
    return SIM_ROUTING_ENGAGEMENT_MISSING;
  if (facts->engagement_or_service && !facts->has_service && !facts->has_engagement)
    return SIM_ROUTING_SERVICE_OR_ENGAGEMENT_MISSING;
  return SIM_ROUTING_OK;
}
