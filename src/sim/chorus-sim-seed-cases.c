/* chorus-sim-seed-cases.c: the cases the seeds teach (../shared/seeds), which every generated
 * dataset holds whatever its seed and size: the training course's invoices and validations,
 * and the works dossiers of the maîtres d'œuvre webinar. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-generate.h"

static const SimTrainingCase training_cases[] = {
  { TRUE, "SUSPENDUE", "FACTURE", NULL, 0, FALSE,
    "Merci de joindre la feuille d'émargement signée par les stagiaires" },
  { TRUE, "A_RECYCLER", "FACTURE", NULL, 0, FALSE, "Service exécutant erroné : à adresser au service formation" },
  { TRUE, "REJETEE", "AVOIR", NULL, 0, FALSE, "Avoir sans référence à la facture d'origine" },
  { TRUE, "MISE_A_DISPOSITION", "FACTURE", NULL, 0, TRUE, NULL },
  { FALSE, "MISE_A_DISPOSITION", "FACTURE", NULL, 0, TRUE, NULL },
  { FALSE, "COMPLETEE", "FACTURE", NULL, 0, TRUE, NULL },
  { FALSE, "MISE_A_DISPOSITION", "FACTURE", "FACTURE_TRAVAUX", 0, FALSE, NULL },
  { FALSE, "SERVICE_FAIT", "FACTURE", "FACTURE_TRAVAUX", 0, FALSE, NULL },
  { FALSE, "TECHNIQUE_INCONNU", "FACTURE", NULL, 0, FALSE, NULL },
  { FALSE, "INTERPRETEE_OCR", "FACTURE", NULL, 0, FALSE, NULL },
  { FALSE, "A_VALIDER_1", "FACTURE", NULL, 1, FALSE, NULL },
  { FALSE, "A_VALIDER_1", "FACTURE", NULL, 2, TRUE, NULL },
  { FALSE, "A_VALIDER_1", "FACTURE", NULL, 1, FALSE, NULL },
  { FALSE, "A_VALIDER_2", "FACTURE", NULL, 2, FALSE, NULL },
  { FALSE, "REFUSEE_1", "FACTURE", NULL, 1, FALSE, "Montant non conforme au contrat de sous-traitance" },
  { FALSE, "MISE_A_DISPOSITION", "FACTURE", NULL, 2, FALSE, NULL },
};

const SimTrainingCase *
sim_seed_training_cases (gsize *n)
{
  *n = G_N_ELEMENTS (training_cases);
  return training_cases;
}

static const SimWorksCase works_cases[] = {
  { { { "A4", NULL } } },
  { { { "A4", NULL }, { "A15", NULL } } },
  { { { "A4", NULL }, { "A15", NULL }, { "A19", NULL } } },
  { { { "A4", "SUSPENDUE" } }, "Il manque des pièces jointes : la situation de travaux détaillée du lot 02" },
  { { { "A4", "ERREUR_FOURNISSEUR_SUR_MOE" } }, "Erreur dans les données d'acheminement : ce marché relève d'une autre maîtrise d'œuvre" },
  { { { "A7", NULL }, { "A17", NULL }, { "A20", NULL } } },
  { { { "A7", NULL }, { "A17", NULL }, { "A20", NULL }, { "A8", NULL } } },
  { { { "A10", NULL } } },
  { { { "A13", NULL }, { "A15", NULL } } },
  { { { "A14", NULL } } },
  { { { "A5", NULL } } },
  { { { "A6", NULL } } },
  { { { "A15", NULL } } },
  { { { "A16", NULL } } },
  { { { "A17", NULL } } },
  { { { "A18", NULL } } },
  { { { "A19", NULL } } },
  { { { "A20", NULL } } },
  { { { "A7", NULL }, { "A22", NULL } } },
  { { { "A7", NULL }, { "A22", NULL }, { "A23", NULL } } },
  { { { "A22", NULL }, { "A24", NULL } } },
  { { { "A22", NULL }, { "A25", NULL } } },
  { { { "A24", NULL } } },
  { { { "A8", NULL } } },
  { { { "A4", NULL }, { "A15", "SUSPENDUE" } }, "Le détail des travaux du lot 03 manque à l'état d'acompte" },
  { { { "A4", "A_RECYCLER" }, { "A15", "EN_ATTENTE_RECYCLAGE_FOURNISSEUR" } }, "Numéro d'engagement erroné sur le projet de décompte" },
  { { { "A4", "COMPLETEE" } }, "Situation de travaux détaillée ajoutée" },
  { { { "A17", "ERREUR_MOE_SUR_MOA" } }, "Ce marché relève d'une autre maîtrise d'ouvrage" },
  { { { "A7", "PRISE_EN_COMPTE_MOE" } } },
  { { { "A15", "PRISE_EN_COMPTE_MOA" } } },
  /* Refused by its receiver "pour autre motif", without an error in the amounts (webinar, statuts 3/3). */
  { { { "A7", NULL }, { "A17", NULL }, { "A20", "REFUSEE_FOURNISSEUR" } },
    "Décompte général contesté : les travaux supplémentaires du lot 02 n'y figurent pas" },
  { { { "A7", NULL }, { "A17", "REFUSEE_MOA" } }, "Projet de décompte général refusé : réfaction pour retard à discuter" },
};

const SimWorksCase *
sim_seed_works_cases (gsize *n)
{
  *n = G_N_ELEMENTS (works_cases);
  return works_cases;
}
