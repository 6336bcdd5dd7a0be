/* chorus-sim-handlers.h: the handler of each operation, grouped by the file that answers it; the
 * paths are in chorus-sim-routes.c. Handlers keep the API's French names on purpose.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"

G_BEGIN_DECLS

/* Which account's view of an invoice an operation takes (the variant of the factures routes). */
typedef enum {
  SIM_SIDE_RECIPIENT,
  SIM_SIDE_SUPPLIER,
  SIM_SIDE_VALIDATOR,
} SimSide;

#define SIM_HANDLER(name) JsonObject *name (SimCtx *ctx, JsonObject *req, int variant)

/* factures/v1/rechercher/{recipiendaire,fournisseur,valideur} (variant: SimSide) */
SIM_HANDLER (sim_factures_rechercher);                    /* chorus-sim-factures-search.c */
/* factures/v1/consulter/{recipiendaire,fournisseur,valideur} (variant: SimSide), consulter/historique */
SIM_HANDLER (sim_factures_consulter);                     /* chorus-sim-factures-consult.c */
SIM_HANDLER (sim_factures_consulter_historique);
/* factures/v1/traiter/recue (the recipient), completer and recycler (the supplier's answers) */
SIM_HANDLER (sim_factures_traiter_recue);                 /* chorus-sim-factures-process.c */
SIM_HANDLER (sim_factures_completer);
SIM_HANDLER (sim_factures_recycler);
/* factures/v1/traiter/factureAValider */
SIM_HANDLER (sim_factures_traiter_a_valider);             /* chorus-sim-factures-validate.c */
/* factures/v1/soumettre, deposer/pdf */
SIM_HANDLER (sim_factures_soumettre);                     /* chorus-sim-factures-deposit.c */
SIM_HANDLER (sim_factures_deposer_pdf);
/* factures/v1/deposer/flux, transverses/v1/consulterCR (variant 0) and consulterCRDetaille (1) */
SIM_HANDLER (sim_factures_deposer_flux);                  /* chorus-sim-factures-flux.c */
SIM_HANDLER (sim_transverses_consulter_cr);
/* factures/v1/telecharger/groupe */
SIM_HANDLER (sim_factures_telecharger_groupe);            /* chorus-sim-factures-download.c */

/* facturesTravaux/v1/rechercher */
SIM_HANDLER (sim_travaux_rechercher);                     /* chorus-sim-travaux-search.c */
/* facturesTravaux/v1/consulter, consulter/dossierfacturation */
SIM_HANDLER (sim_travaux_consulter);                      /* chorus-sim-travaux-consult.c */
SIM_HANDLER (sim_travaux_consulter_dossier);
/* facturesTravaux/v1/soumettre */
SIM_HANDLER (sim_travaux_soumettre);                      /* chorus-sim-travaux-deposit.c */
/* facturesTravaux/v1/{suspendre…, refuser, demander/recyclage, recycler, completer, completermoe}
 * (variant: SimWorksOperationId) */
SIM_HANDLER (sim_travaux_traiter);                        /* chorus-sim-travaux-process.c */

/* structures/v1/… and transverses/v1/rechercher/destinataire */
SIM_HANDLER (sim_structures_rechercher);                  /* chorus-sim-structures.c */
SIM_HANDLER (sim_structures_consulter);
SIM_HANDLER (sim_structures_rechercher_services);
SIM_HANDLER (sim_structures_consulter_service);
SIM_HANDLER (sim_transverses_rechercher_destinataire);

/* utilisateurs/v1/monCompte/recuperer/rattachements, the structures active for the account
 * (variant: SimActiveStructures) and their valid bank details */
typedef enum {
  SIM_ACTIVE_SUPPLIERS,
  SIM_ACTIVE_RECIPIENTS,
  SIM_ACTIVE_WORKS,            /* supplier, MOE and MOA */
} SimActiveStructures;
SIM_HANDLER (sim_utilisateurs_rattachements);             /* chorus-sim-account.c */
SIM_HANDLER (sim_transverses_structures_actives);
SIM_HANDLER (sim_transverses_coordbanc_valides);

/* transverses/v1/recuperer/…: the reference lists. The vocabularies of the deposit rules
 * (variant: SimVocabulary) and fixed code lists (variant: SimCodeList) share one handler each. */
typedef enum {
  SIM_CODE_LIST_DEVISES,
  SIM_CODE_LIST_PAYS,
  SIM_CODE_LIST_MOTIFS_EXONERATION,
} SimCodeList;
SIM_HANDLER (sim_transverses_vocabulary);                 /* chorus-sim-lists.c */
SIM_HANDLER (sim_transverses_code_list);
SIM_HANDLER (sim_transverses_etats_traitement);
SIM_HANDLER (sim_transverses_tauxtva);
SIM_HANDLER (sim_transverses_cadrefacturation);
SIM_HANDLER (sim_transverses_etat_typedp);
SIM_HANDLER (sim_transverses_typespj);
SIM_HANDLER (sim_transverses_motifs_refus);

/* transverses/v1/ajouter/fichier */
SIM_HANDLER (sim_transverses_ajouter_fichier);            /* chorus-sim-attachments.c */

#undef SIM_HANDLER

G_END_DECLS
