/* chorus-sim-rules-travaux.c: the simulator's own rules for works pieces (facturesTravaux): which
 * cadre is deposited by whom and goes to whom, which piece follows which, who holds a piece in
 * each status, what a refusal means, and what each processing operation needs.
 *
 * Written from the AIFE webinar for maîtres d'œuvre (seed 002: the cadres table by deposit mode,
 * the dossier chains, the statuses and "a piece may be refused only for an error in its routing
 * data") and from reference §0.2 / §2.2 and the samples. Nothing here asks src/core what is
 * allowed: only the vocabulary (status codes) is shared. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-rules.h"

/* Seed 002, "Les cadres de facturation", column "Dépôt PDF en mode Service" (what an API
 * client uses): ✓ in "Dépôt initial" is @first, ✓ in "Association" is @next. @sent_to is who
 * receives the piece (the statuses of the webinar: MAD MOE for a supplier's projet de décompte,
 * MAD MOA for the MOE's pieces, MAD fournisseur for the décompte général); the pieces that are
 * paid go to the financial service (DESTINATAIRE). */
static const SimWorksCadre works_cadres[] = {
  { "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "PROJET_DECOMPTE_MENSUEL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A5_ETAT_ACOMPTE_FOURNISSEUR", "ETAT_ACOMPTE", "FOURNISSEUR", "MOA", TRUE, FALSE },
  { "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR", "ETAT_ACOMPTE_VALIDE", "FOURNISSEUR", "DESTINATAIRE", TRUE, FALSE },
  { "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", "PROJET_DECOMPTE_FINAL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", "DECOMPTE_GENERAL_SIGNE", "FOURNISSEUR", "DESTINATAIRE", TRUE, TRUE },
  { "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", "DP_DE_SOUSTRAITANT_TRAVAUX", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", "PROJET_DECOMPTE_MENSUEL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A14_PROJET_DECOMPTE_FINAL_COTRAITANT", "PROJET_DECOMPTE_FINAL", "FOURNISSEUR", "MOE", TRUE, FALSE },
  { "A15_ETAT_ACOMPTE_MOE", "ETAT_ACOMPTE", "MOE", "MOA", TRUE, TRUE },
  { "A16_ETAT_ACOMPTE_VALIDE_MOE", "ETAT_ACOMPTE_VALIDE", "MOE", "DESTINATAIRE", TRUE, FALSE },
  { "A17_PROJET_DECOMPTE_GENERAL_MOE", "PROJET_DECOMPTE_GENERAL", "MOE", "MOA", TRUE, TRUE },
  { "A18_DECOMPTE_GENERAL_MOE", "DECOMPTE_GENERAL", "MOE", "FOURNISSEUR", TRUE, FALSE },
  { "A19_ETAT_ACOMPTE_VALIDE_MOA", "ETAT_ACOMPTE_VALIDE", "MOA", "DESTINATAIRE", TRUE, TRUE },
  { "A20_DECOMPTE_GENERAL_MOA", "DECOMPTE_GENERAL", "MOA", "FOURNISSEUR", TRUE, TRUE },
  { "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE", "PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE",
    "FOURNISSEUR", "MOA", TRUE, TRUE },
  { "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", "DECOMPTE_GENERAL_DEFINITIF_TACITE", "FOURNISSEUR",
    "DESTINATAIRE", FALSE, TRUE },
  { "A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE", "DECOMPTE_GENERAL_DEFINITIF_TACITE", "MOE", "DESTINATAIRE", TRUE, TRUE },
  { "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE", "DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE", "MOA",
    "DESTINATAIRE", FALSE, TRUE },
};

/* Which piece follows which, deposited by whom (the webinar's ASSOCIEE scenarios, its processes
 * during and at the end of the contract, and the tacit procedure). @on_silence: the supplier or
 * the MOE may go on while another party holds the previous piece and stays silent. */
static const SimWorksLink works_links[] = {
  { "A4_", "A15_", "MOE", "ASSOCIEE", FALSE },
  { "A10_", "A15_", "MOE", "ASSOCIEE", FALSE },
  { "A13_", "A15_", "MOE", "ASSOCIEE", FALSE },
  { "A5_", "A19_", "MOA", "ASSOCIEE", FALSE },
  { "A15_", "A19_", "MOA", "ASSOCIEE", FALSE },
  { "A7_", "A17_", "MOE", "ASSOCIEE", FALSE },
  { "A14_", "A17_", "MOE", "ASSOCIEE", FALSE },
  { "A17_", "A20_", "MOA", "ASSOCIEE", FALSE },
  { "A18_", "A8_", "FOURNISSEUR", "ASSOCIEE", FALSE },
  { "A20_", "A8_", "FOURNISSEUR", "ASSOCIEE", FALSE },
  { "A7_", "A22_", "FOURNISSEUR", "REMPLACEE_PAR_A22", TRUE },
  { "A17_", "A22_", "FOURNISSEUR", "REMPLACEE_PAR_A22", TRUE },
  { "A22_", "A23_", "FOURNISSEUR", "ASSOCIEE", TRUE },
  { "A22_", "A24_", "MOE", "ASSOCIEE", TRUE },
  { "A22_", "A25_", "MOA", "ASSOCIEE", FALSE },
};

/* The status a deposited piece takes, by who receives it. */
static const struct {
  const char *sent_to;
  const char *statut;
} on_deposit[] = {
  { "MOE", "MISE_A_DISPOSITION_MOE" },
  { "MOA", "MISE_A_DISPOSITION_MOA" },
  { "FOURNISSEUR", "A_ASSOCIER_FOURNISSEUR" },
  { "DESTINATAIRE", "MISE_A_DISPOSITION" },
};

/* Who has a piece in hand in each status: a party named by the code, its receiver, or its
 * depositor (to complete it, to recycle it). Any other status leaves nothing to do in works. */
static const struct {
  const char      *statut;
  SimWorksHolding  holding;
  const char      *party;
} holdings[] = {
  { "MISE_A_DISPOSITION_MOE", SIM_WORKS_HELD_NAMED, "MOE" },
  { "PRISE_EN_COMPTE_MOE", SIM_WORKS_HELD_NAMED, "MOE" },
  { "A_ASSOCIER_MOE", SIM_WORKS_HELD_NAMED, "MOE" },
  { "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE", SIM_WORKS_HELD_NAMED, "MOE" },
  { "MISE_A_DISPOSITION_MOA", SIM_WORKS_HELD_NAMED, "MOA" },
  { "PRISE_EN_COMPTE_MOA", SIM_WORKS_HELD_NAMED, "MOA" },
  { "A_ASSOCIER_MOA", SIM_WORKS_HELD_NAMED, "MOA" },
  { "TRANSMISE_MOA", SIM_WORKS_HELD_NAMED, "MOA" },
  { "A_ASSOCIER_FOURNISSEUR", SIM_WORKS_HELD_NAMED, "FOURNISSEUR" },
  { "COMPLETEE", SIM_WORKS_HELD_BY_RECEIVER, NULL },
  { "SUSPENDUE", SIM_WORKS_TO_COMPLETE, NULL },
  { "A_COMPLETER", SIM_WORKS_TO_COMPLETE, NULL },
  { "A_RECYCLER", SIM_WORKS_TO_RECYCLE, NULL },
};

/* A refusal is only for an error in the routing data: the status says who erred, seen by whom. */
static const struct {
  const char *depositor;
  const char *holder;
  const char *statut;
} routing_errors[] = {
  { "FOURNISSEUR", "MOE", "ERREUR_FOURNISSEUR_SUR_MOE" },
  { "FOURNISSEUR", "MOA", "ERREUR_FOURNISSEUR_SUR_MOA" },
  { "MOE", "MOA", "ERREUR_MOE_SUR_MOA" },
  { "MOE", "FOURNISSEUR", "ERREUR_MOE_SUR_FOURNISSEUR" },
  { "MOA", "FOURNISSEUR", "ERREUR_MOA_SUR_FOURNISSEUR" },
};

/* What each processing operation needs. Suspending asks the depositor to complete: the MOE
 * and the MOA ask it of a supplier's or the MOE's piece; completer is the supplier's answer,
 * completermoe the MOE's. Asking for recycling sends a supplier's piece, already followed by
 * another party's, back to the supplier. */
static const SimWorksOperation operations[] = {
  [SIM_WORKS_SUSPEND] = { "suspendre/demander/completer/factureTravaux", SIM_WORKS_OP_SUSPEND, "MOE MOA", "FOURNISSEUR MOE", TRUE },
  [SIM_WORKS_REFUSE] = { "refuser", SIM_WORKS_OP_REFUSE, "MOE MOA FOURNISSEUR", "FOURNISSEUR MOE MOA", TRUE },
  [SIM_WORKS_ASK_RECYCLE] = { "demander/recyclage", SIM_WORKS_OP_ASK_RECYCLE, "MOE MOA FOURNISSEUR", "MOE MOA", FALSE },
  [SIM_WORKS_RECYCLE] = { "recycler", SIM_WORKS_OP_RECYCLE, "FOURNISSEUR", "FOURNISSEUR", FALSE },
  [SIM_WORKS_COMPLETE] = { "completer", SIM_WORKS_OP_COMPLETE, "FOURNISSEUR", "FOURNISSEUR", FALSE },
  [SIM_WORKS_COMPLETE_MOE] = { "completermoe", SIM_WORKS_OP_COMPLETE, "MOE", "MOE", FALSE },
};

const SimWorksCadre *
sim_works_cadres (gsize *n)
{
  *n = G_N_ELEMENTS (works_cadres);
  return works_cadres;
}

const SimWorksCadre *
sim_works_cadre_find (const char *code)
{
  for (gsize k = 0; code != NULL && k < G_N_ELEMENTS (works_cadres); k++)
    if (g_str_equal (works_cadres[k].code, code))
      return &works_cadres[k];
  return NULL;
}

const char *
sim_works_cadre_code (const char *short_code)
{
  g_autofree char *prefix = g_strconcat (short_code, "_", NULL);

  for (gsize k = 0; k < G_N_ELEMENTS (works_cadres); k++)
    if (g_str_has_prefix (works_cadres[k].code, prefix))
      return works_cadres[k].code;
  return NULL;
}

gboolean
sim_works_role_in (const char *role, const char *roles)
{
  g_auto(GStrv) words = g_strsplit (roles, " ", -1);

  return role != NULL && g_strv_contains ((const char *const *) words, role);
}

const char *
sim_works_holder_status (const char *cadre)
{
  const SimWorksCadre *c = sim_works_cadre_find (cadre);

  for (gsize k = 0; c != NULL && k < G_N_ELEMENTS (on_deposit); k++)
    if (g_str_equal (on_deposit[k].sent_to, c->sent_to))
      return on_deposit[k].statut;
  return "MISE_A_DISPOSITION_MOE";
}

const char *
sim_works_next_in_chain (const char *cadre)
{
  for (gsize k = 0; cadre != NULL && k < G_N_ELEMENTS (works_links); k++)
    if (g_str_has_prefix (cadre, works_links[k].after) && !works_links[k].on_silence)
      for (gsize c = 0; c < G_N_ELEMENTS (works_cadres); c++)
        if (g_str_has_prefix (works_cadres[c].code, works_links[k].next))
          return works_cadres[c].code;
  return NULL;
}

const char *
sim_works_followed_status (const char *previous, const char *next)
{
  for (gsize k = 0; k < G_N_ELEMENTS (works_links); k++)
    if (g_str_has_prefix (previous, works_links[k].after) && g_str_has_prefix (next, works_links[k].next))
      return works_links[k].previous_becomes;
  return "ASSOCIEE";
}

const SimWorksLink *
sim_works_link_find (const char *previous, const char *next, const char *by)
{
  for (gsize k = 0; k < G_N_ELEMENTS (works_links); k++)
    if (g_str_has_prefix (previous, works_links[k].after) && g_str_has_prefix (next, works_links[k].next) &&
        g_str_equal (works_links[k].by, by))
      return &works_links[k];
  return NULL;
}

const char *
sim_works_holder (const char *cadre, const char *statut, SimWorksHolding *holding)
{
  const SimWorksCadre *c = sim_works_cadre_find (cadre);

  for (gsize k = 0; c != NULL && k < G_N_ELEMENTS (holdings); k++)
    {
      if (!g_str_equal (holdings[k].statut, statut))
        continue;
      if (holding != NULL)
        *holding = holdings[k].holding;
      switch (holdings[k].holding)
        {
        case SIM_WORKS_HELD_NAMED:
          return holdings[k].party;
        case SIM_WORKS_HELD_BY_RECEIVER:
          return g_str_equal (c->sent_to, "DESTINATAIRE") ? NULL : c->sent_to;
        case SIM_WORKS_TO_COMPLETE:
        case SIM_WORKS_TO_RECYCLE:
        default:
          return c->depositor;
        }
    }
  return NULL;
}

const char *
sim_works_refusal_status (const char *depositor, const char *holder)
{
  for (gsize k = 0; k < G_N_ELEMENTS (routing_errors); k++)
    if (g_str_equal (routing_errors[k].depositor, depositor) && g_str_equal (routing_errors[k].holder, holder))
      return routing_errors[k].statut;
  return NULL;
}

const SimWorksOperation *
sim_works_operation (SimWorksOperationId id)
{
  g_return_val_if_fail ((gsize) id < G_N_ELEMENTS (operations), NULL);
  return &operations[id];
}
