/* chorus-sim-routes.c: every operation the simulator answers, by its path after /cpro/, with the
 * handler (and the file, in chorus-sim-handlers.h) that answers it. transverses/v1/health-check is
 * answered by the dispatcher itself (chorus-sim.c). SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-handlers.h"

static const SimRoute routes[] = {
  /* factures/v1 */
  { "factures/v1/rechercher/recipiendaire", sim_factures_rechercher, SIM_SIDE_RECIPIENT },
  { "factures/v1/rechercher/fournisseur", sim_factures_rechercher, SIM_SIDE_SUPPLIER },
  { "factures/v1/rechercher/valideur", sim_factures_rechercher, SIM_SIDE_VALIDATOR },
  { "factures/v1/consulter/recipiendaire", sim_factures_consulter, SIM_SIDE_RECIPIENT },
  { "factures/v1/consulter/fournisseur", sim_factures_consulter, SIM_SIDE_SUPPLIER },
  { "factures/v1/consulter/valideur", sim_factures_consulter, SIM_SIDE_VALIDATOR },
  { "factures/v1/consulter/historique", sim_factures_consulter_historique, 0 },
  { "factures/v1/traiter/recue", sim_factures_traiter_recue, 0 },
  { "factures/v1/completer", sim_factures_completer, 0 },
  { "factures/v1/recycler", sim_factures_recycler, 0 },
  { "factures/v1/traiter/factureAValider", sim_factures_traiter_a_valider, 0 },
  { "factures/v1/soumettre", sim_factures_soumettre, 0 },
  { "factures/v1/deposer/pdf", sim_factures_deposer_pdf, 0 },
  { "factures/v1/deposer/flux", sim_factures_deposer_flux, 0 },
  { "factures/v1/telecharger/groupe", sim_factures_telecharger_groupe, 0 },

  /* facturesTravaux/v1: PISTE paths beyond rechercher are unconfirmed; these are AIFE's
   * pre-PISTE operation names. */
  { "facturesTravaux/v1/rechercher", sim_travaux_rechercher, 0 },
  { "facturesTravaux/v1/consulter", sim_travaux_consulter, 0 },
  { "facturesTravaux/v1/consulter/dossierfacturation", sim_travaux_consulter_dossier, 0 },
  { "facturesTravaux/v1/soumettre", sim_travaux_soumettre, 0 },
  { "facturesTravaux/v1/suspendre/demander/completer/factureTravaux", sim_travaux_traiter, SIM_WORKS_SUSPEND },
  { "facturesTravaux/v1/refuser", sim_travaux_traiter, SIM_WORKS_REFUSE },
  { "facturesTravaux/v1/demander/recyclage", sim_travaux_traiter, SIM_WORKS_ASK_RECYCLE },
  { "facturesTravaux/v1/recycler", sim_travaux_traiter, SIM_WORKS_RECYCLE },
  { "facturesTravaux/v1/completer", sim_travaux_traiter, SIM_WORKS_COMPLETE },
  { "facturesTravaux/v1/completermoe", sim_travaux_traiter, SIM_WORKS_COMPLETE_MOE },

  /* structures/v1 and utilisateurs/v1 */
  { "structures/v1/rechercher", sim_structures_rechercher, 0 },
  { "structures/v1/consulter", sim_structures_consulter, 0 },
  { "structures/v1/rechercher/services", sim_structures_rechercher_services, 0 },
  { "structures/v1/consulter/service", sim_structures_consulter_service, 0 },
  { "utilisateurs/v1/monCompte/recuperer/rattachements", sim_utilisateurs_rattachements, 0 },

  /* transverses/v1 */
  { "transverses/v1/recuperer/etats/traitement", sim_transverses_etats_traitement, 0 },
  { "transverses/v1/recuperer/tauxtva", sim_transverses_tauxtva, 0 },
  { "transverses/v1/recuperer/devises", sim_transverses_code_list, SIM_CODE_LIST_DEVISES },
  { "transverses/v1/recuperer/modereglements", sim_transverses_vocabulary, SIM_VOCAB_MODE_PAIEMENT },
  { "transverses/v1/recuperer/modedepot", sim_transverses_vocabulary, SIM_VOCAB_MODE_DEPOT },
  { "transverses/v1/recuperer/cadrefacturation", sim_transverses_cadrefacturation, 0 },
  { "transverses/v1/recuperer/typedp", sim_transverses_vocabulary, SIM_VOCAB_TYPE_DEMANDE_PAIEMENT },
  { "transverses/v1/recuperer/typeidentifiant/structure", sim_transverses_vocabulary, SIM_VOCAB_TYPE_IDENTIFIANT },
  { "transverses/v1/recuperer/formatflux", sim_transverses_vocabulary, SIM_VOCAB_SYNTAXE_FLUX },
  { "transverses/v1/recuperer/pays", sim_transverses_code_list, SIM_CODE_LIST_PAYS },
  { "transverses/v1/recuperer/motifs/exonerationtva", sim_transverses_code_list, SIM_CODE_LIST_MOTIFS_EXONERATION },
  { "transverses/v1/recuperer/coordbanc/valides", sim_transverses_coordbanc_valides, 0 },
  { "transverses/v1/recuperer/typefacturetravaux", sim_transverses_vocabulary, SIM_VOCAB_TYPE_FACTURE_TRAVAUX },
  { "transverses/v1/recuperer/etat/typedp", sim_transverses_etat_typedp, 0 },
  { "transverses/v1/recuperer/typespj", sim_transverses_typespj, 0 },
  { "transverses/v1/recuperer/motifs/refus/Facture/AValider", sim_transverses_motifs_refus, 0 },
  { "transverses/v1/recuperer/structures/actives/fournisseur", sim_transverses_structures_actives, SIM_ACTIVE_SUPPLIERS },
  { "transverses/v1/recuperer/structures/actives/destinataire", sim_transverses_structures_actives,
    SIM_ACTIVE_RECIPIENTS },
  { "transverses/v1/recuperer/structures/actives/facturetravaux", sim_transverses_structures_actives,
    SIM_ACTIVE_WORKS },
  { "transverses/v1/rechercher/destinataire", sim_transverses_rechercher_destinataire, 0 },
  { "transverses/v1/ajouter/fichier", sim_transverses_ajouter_fichier, 0 },
  { "transverses/v1/consulterCR", sim_transverses_consulter_cr, FALSE },
  { "transverses/v1/consulterCRDetaille", sim_transverses_consulter_cr, TRUE },
};

const SimRoute *
sim_routes (gsize *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
