/* test-works.c: works pieces: the seed's cadres table and chain, who acts when, the real answers decoded, the bodies. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "chorus-client-works.h"
#include "chorus-json.h"
#include "chorus-test-util.h"

static gboolean
has_cadre (const ChorusCadre *list, gsize n, ChorusCadre cadre)
{
  for (gsize i = 0; i < n; i++)
    if (list[i] == cadre)
      return TRUE;
  return FALSE;
}

static void
assert_cadres (const ChorusCadre *got, gsize n_got, const ChorusCadre *expected, gsize n_expected)
{
  g_assert_cmpuint (n_got, ==, n_expected);
  for (gsize i = 0; i < n_expected; i++)
    g_assert_true (has_cadre (got, n_got, expected[i]));
}

/* Seed 002, "Les cadres de facturation", column "Dépôt PDF en mode Service". */
static void
test_cadres_table (void)
{
  static const ChorusCadre supplier[] = { CHORUS_CADRE_A4, CHORUS_CADRE_A5, CHORUS_CADRE_A6, CHORUS_CADRE_A7,
                                          CHORUS_CADRE_A8, CHORUS_CADRE_A10, CHORUS_CADRE_A13, CHORUS_CADRE_A14,
                                          CHORUS_CADRE_A22 };
  static const ChorusCadre moe[] = { CHORUS_CADRE_A15, CHORUS_CADRE_A16, CHORUS_CADRE_A17, CHORUS_CADRE_A18,
                                     CHORUS_CADRE_A24 };
  static const ChorusCadre moa[] = { CHORUS_CADRE_A19, CHORUS_CADRE_A20 };
  static const ChorusCadre associated[] = { CHORUS_CADRE_A8, CHORUS_CADRE_A15, CHORUS_CADRE_A17, CHORUS_CADRE_A19,
                                            CHORUS_CADRE_A20, CHORUS_CADRE_A22, CHORUS_CADRE_A23, CHORUS_CADRE_A24,
                                            CHORUS_CADRE_A25 };
  ChorusCadre got[CHORUS_CADRE_LAST];
  gsize n;

  n = chorus_works_initial_cadres (CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_SERVICE, got, G_N_ELEMENTS (got));
  assert_cadres (got, n, supplier, G_N_ELEMENTS (supplier));
  n = chorus_works_initial_cadres (CHORUS_ROLE_MOE, CHORUS_DEPOSIT_CHANNEL_SERVICE, got, G_N_ELEMENTS (got));
  assert_cadres (got, n, moe, G_N_ELEMENTS (moe));
  n = chorus_works_initial_cadres (CHORUS_ROLE_MOA, CHORUS_DEPOSIT_CHANNEL_SERVICE, got, G_N_ELEMENTS (got));
  assert_cadres (got, n, moa, G_N_ELEMENTS (moa));
  g_assert_cmpuint (chorus_works_initial_cadres (CHORUS_ROLE_VALIDATEUR, CHORUS_DEPOSIT_CHANNEL_SERVICE, got, 26), ==, 0);

  for (ChorusCadre c = CHORUS_CADRE_A1; c < CHORUS_CADRE_LAST; c++)
    g_assert_cmpint (chorus_works_cadre_can_deposit (c, CHORUS_DEPOSIT_CHANNEL_SERVICE, TRUE), ==,
                     has_cadre (associated, G_N_ELEMENTS (associated), c));
  /* Not in the table: ordinary invoices. */
  g_assert_false (chorus_works_cadre_is_piece (CHORUS_CADRE_A9));
  g_assert_false (chorus_works_cadre_is_piece (CHORUS_CADRE_A11));
  g_assert_false (chorus_works_cadre_is_piece (CHORUS_CADRE_A12));
  g_assert_false (chorus_works_cadre_is_piece (CHORUS_CADRE_A21));
  g_assert_false (chorus_works_cadre_is_piece (CHORUS_CADRE_A1));
  /* The other columns: A5 and the MOE's and MOA's pieces are not deposited by EDI; A8 is
   * associated on the portal and by API, not by EDI; A23 and A25 never start a dossier. */
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A5, CHORUS_DEPOSIT_CHANNEL_EDI, FALSE));
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A5, CHORUS_DEPOSIT_CHANNEL_PORTAL, FALSE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A15, CHORUS_DEPOSIT_CHANNEL_EDI, FALSE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A8, CHORUS_DEPOSIT_CHANNEL_EDI, TRUE));
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A8, CHORUS_DEPOSIT_CHANNEL_PORTAL, TRUE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A23, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A25, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A6, CHORUS_DEPOSIT_CHANNEL_SERVICE, TRUE));

  /* Receivers: the webinar's "mise à disposition" statuses. */
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A4), ==, CHORUS_ROLE_MOE);
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A15), ==, CHORUS_ROLE_MOA);
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A20), ==, CHORUS_ROLE_FOURNISSEUR);
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A19), ==, CHORUS_ROLE_DESTINATAIRE);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A4), ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A17), ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOA);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A20), ==, CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A8), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
}

static void
test_chain (void)
{
  ChorusCadre got[CHORUS_CADRE_LAST];
  const ChorusCadre a15[] = { CHORUS_CADRE_A15 }, a19[] = { CHORUS_CADRE_A19 }, a17[] = { CHORUS_CADRE_A17 };
  const ChorusCadre a22[] = { CHORUS_CADRE_A22 }, a20[] = { CHORUS_CADRE_A20 }, a8[] = { CHORUS_CADRE_A8 };
  const ChorusCadre a23[] = { CHORUS_CADRE_A23 }, a24[] = { CHORUS_CADRE_A24 }, a25[] = { CHORUS_CADRE_A25 };
  const ChorusDepositChannel api = CHORUS_DEPOSIT_CHANNEL_SERVICE;

#define NEXT(prev, role) chorus_works_next_cadres (prev, role, api, got, G_N_ELEMENTS (got))
  assert_cadres (got, NEXT (CHORUS_CADRE_A4, CHORUS_ROLE_MOE), a15, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A10, CHORUS_ROLE_MOE), a15, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A13, CHORUS_ROLE_MOE), a15, 1);
  g_assert_cmpuint (NEXT (CHORUS_CADRE_A4, CHORUS_ROLE_MOA), ==, 0);
  g_assert_cmpuint (NEXT (CHORUS_CADRE_A4, CHORUS_ROLE_FOURNISSEUR), ==, 0);
  assert_cadres (got, NEXT (CHORUS_CADRE_A15, CHORUS_ROLE_MOA), a19, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A5, CHORUS_ROLE_MOA), a19, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A7, CHORUS_ROLE_MOE), a17, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A14, CHORUS_ROLE_MOE), a17, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A7, CHORUS_ROLE_FOURNISSEUR), a22, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A17, CHORUS_ROLE_MOA), a20, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A17, CHORUS_ROLE_FOURNISSEUR), a22, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A20, CHORUS_ROLE_FOURNISSEUR), a8, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A18, CHORUS_ROLE_FOURNISSEUR), a8, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A22, CHORUS_ROLE_FOURNISSEUR), a23, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A22, CHORUS_ROLE_MOE), a24, 1);
  assert_cadres (got, NEXT (CHORUS_CADRE_A22, CHORUS_ROLE_MOA), a25, 1);
  /* The paid pieces end their dossier. */
  for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role <= CHORUS_ROLE_MOA; role++)
    {
      g_assert_cmpuint (NEXT (CHORUS_CADRE_A19, role), ==, 0);
      g_assert_cmpuint (NEXT (CHORUS_CADRE_A8, role), ==, 0);
      g_assert_cmpuint (NEXT (CHORUS_CADRE_A6, role), ==, 0);
    }
#undef NEXT
  g_assert_cmpint (chorus_works_status_when_followed (CHORUS_CADRE_A15), ==, CHORUS_STATUS_ASSOCIEE);
  g_assert_cmpint (chorus_works_status_when_followed (CHORUS_CADRE_A22), ==, CHORUS_STATUS_REMPLACEE_PAR_A22);
}

static void
test_types (void)
{
  gboolean certain = FALSE;

  g_assert_cmpint (chorus_works_type_from_api ("PROJET_DECOMPTE_MENSUEL"), ==, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL);
  g_assert_cmpint (chorus_works_type_from_api ("DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE"), ==,
                   CHORUS_WORKS_TYPE_DGD_PROCEDURE_TACITE);
  g_assert_cmpint (chorus_works_type_from_api ("NOUVEAU_TYPE"), ==, CHORUS_WORKS_TYPE_UNKNOWN);
  for (ChorusWorksType t = CHORUS_WORKS_TYPE_UNKNOWN + 1; t < CHORUS_WORKS_TYPE_LAST; t++)
    g_assert_cmpint (chorus_works_type_from_api (chorus_works_type_to_api (t)), ==, t);

  /* The cadre follows from the type and the depositor's role. */
  g_assert_cmpint (chorus_works_cadre_for (CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_ROLE_FOURNISSEUR), ==, CHORUS_CADRE_A5);
  g_assert_cmpint (chorus_works_cadre_for (CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_ROLE_MOE), ==, CHORUS_CADRE_A15);
  g_assert_cmpint (chorus_works_cadre_for (CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE, CHORUS_ROLE_MOA), ==, CHORUS_CADRE_A19);
  g_assert_cmpint (chorus_works_cadre_for (CHORUS_WORKS_TYPE_DECOMPTE_GENERAL, CHORUS_ROLE_MOE), ==, CHORUS_CADRE_A18);
  g_assert_cmpint (chorus_works_cadre_for (CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL, CHORUS_ROLE_FOURNISSEUR), ==,
                   CHORUS_CADRE_A4);
  g_assert_cmpint (chorus_works_cadre_for (CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL, CHORUS_ROLE_MOA), ==,
                   CHORUS_CADRE_UNKNOWN);
  for (ChorusCadre c = CHORUS_CADRE_A1; c < CHORUS_CADRE_LAST; c++)
    if (chorus_works_cadre_is_piece (c))
      g_assert_cmpint (chorus_works_cadre_type (c), !=, CHORUS_WORKS_TYPE_UNKNOWN);

  /* An item carries the type only: one depositor, or the status, or the previous piece tells. */
  g_assert_cmpint (chorus_works_guess_cadre (CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL, CHORUS_STATUS_ASSOCIEE,
                                             CHORUS_CADRE_UNKNOWN, &certain), ==, CHORUS_CADRE_A17);
  g_assert_true (certain);
  g_assert_cmpint (chorus_works_guess_cadre (CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA,
                                             CHORUS_CADRE_UNKNOWN, &certain), ==, CHORUS_CADRE_A5);
  g_assert_true (certain);
  g_assert_cmpint (chorus_works_guess_cadre (CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_STATUS_MISE_A_DISPOSITION_MOA,
                                             CHORUS_CADRE_A4, &certain), ==, CHORUS_CADRE_A15);
  g_assert_true (certain);
  g_assert_cmpint (chorus_works_guess_cadre (CHORUS_WORKS_TYPE_DGD_TACITE, CHORUS_STATUS_MISE_A_DISPOSITION,
                                             CHORUS_CADRE_UNKNOWN, &certain), ==, CHORUS_CADRE_A24);
  g_assert_false (certain);
  g_assert_cmpint (chorus_works_guess_cadre (CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_STATUS_MISE_A_DISPOSITION_MOA,
                                             CHORUS_CADRE_UNKNOWN, &certain), ==, CHORUS_CADRE_A15);
  g_assert_false (certain);
  g_assert_cmpint (chorus_works_guess_cadre (CHORUS_WORKS_TYPE_UNKNOWN, CHORUS_STATUS_ASSOCIEE, CHORUS_CADRE_UNKNOWN,
                                             &certain), ==, CHORUS_CADRE_UNKNOWN);
}

static gboolean
may (ChorusWorksAction action, ChorusRole role, ChorusCadre cadre, ChorusStatus status, ChorusCadre previous)
{
  return chorus_works_check_action (action, role, cadre, status, previous, "motif", FALSE, NULL);
}

static void
test_actions (void)
{
  g_autoptr(GError) error = NULL;
  ChorusWorksAction actions[CHORUS_WORKS_ACTION_LAST];
  gsize n;

  /* A projet de décompte mensuel with the MOE: it takes it into account by depositing the
   * état d'acompte, suspends it when something is missing, refuses it for a routing error. */
  n = chorus_works_available_actions (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_STATUS_MISE_A_DISPOSITION_MOE,
                                      CHORUS_CADRE_UNKNOWN, actions, G_N_ELEMENTS (actions));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (actions[0], ==, CHORUS_WORKS_ACTION_ASSOCIATE);
  g_assert_cmpint (actions[1], ==, CHORUS_WORKS_ACTION_SUSPEND);
  g_assert_cmpint (actions[2], ==, CHORUS_WORKS_ACTION_REFUSE);
  g_assert_cmpuint (chorus_works_available_actions (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                                                    CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_CADRE_UNKNOWN,
                                                    actions, G_N_ELEMENTS (actions)), ==, 0);
  g_assert_cmpuint (chorus_works_available_actions (CHORUS_ROLE_MOA, CHORUS_CADRE_A4,
                                                    CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_CADRE_UNKNOWN,
                                                    actions, G_N_ELEMENTS (actions)), ==, 0);
  /* Taken into account (retrieved) is still the MOE's. */
  g_assert_true (may (CHORUS_WORKS_ACTION_ASSOCIATE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_STATUS_PRISE_EN_COMPTE_MOE,
                      CHORUS_CADRE_UNKNOWN));
  /* A reason is required, and said in French. */
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_REFUSE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                             CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_CADRE_UNKNOWN, " ", FALSE,
                                             &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_MOTIF);
  g_assert_nonnull (strstr (error->message, "acheminement"));
  g_clear_error (&error);
  /* The MOA holds the état d'acompte: it may also send the supplier's piece back to recycle. */
  n = chorus_works_available_actions (CHORUS_ROLE_MOA, CHORUS_CADRE_A15, CHORUS_STATUS_MISE_A_DISPOSITION_MOA,
                                      CHORUS_CADRE_A4, actions, G_N_ELEMENTS (actions));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (actions[3], ==, CHORUS_WORKS_ACTION_ASK_RECYCLE);
  g_assert_false (may (CHORUS_WORKS_ACTION_ASK_RECYCLE, CHORUS_ROLE_MOA, CHORUS_CADRE_A15,
                       CHORUS_STATUS_MISE_A_DISPOSITION_MOA, CHORUS_CADRE_UNKNOWN));
  g_assert_false (may (CHORUS_WORKS_ACTION_ASK_RECYCLE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                       CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_CADRE_UNKNOWN));
  /* Suspensions are answered by the depositor: completer for the supplier, completermoe for the MOE. */
  g_assert_true (may (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4, CHORUS_STATUS_SUSPENDUE,
                      CHORUS_CADRE_UNKNOWN));
  g_assert_false (may (CHORUS_WORKS_ACTION_COMPLETE_MOE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                       CHORUS_STATUS_SUSPENDUE, CHORUS_CADRE_UNKNOWN));
  g_assert_true (may (CHORUS_WORKS_ACTION_COMPLETE_MOE, CHORUS_ROLE_MOE, CHORUS_CADRE_A15, CHORUS_STATUS_SUSPENDUE,
                      CHORUS_CADRE_A4));
  g_assert_false (may (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_MOE, CHORUS_CADRE_A15, CHORUS_STATUS_SUSPENDUE,
                       CHORUS_CADRE_A4));
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                                             CHORUS_STATUS_SUSPENDUE, CHORUS_CADRE_UNKNOWN, "", FALSE, NULL));
  g_assert_true (chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                                            CHORUS_STATUS_SUSPENDUE, CHORUS_CADRE_UNKNOWN, "", TRUE, NULL));
  g_assert_true (may (CHORUS_WORKS_ACTION_RECYCLE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4, CHORUS_STATUS_A_RECYCLER,
                      CHORUS_CADRE_UNKNOWN));
  g_assert_false (may (CHORUS_WORKS_ACTION_RECYCLE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_STATUS_A_RECYCLER,
                       CHORUS_CADRE_UNKNOWN));
  /* The supplier signs the décompte général by depositing A8; it may refuse it, not suspend it. */
  g_assert_true (may (CHORUS_WORKS_ACTION_ASSOCIATE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A20,
                      CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR, CHORUS_CADRE_A17));
  g_assert_true (may (CHORUS_WORKS_ACTION_REFUSE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A20,
                      CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR, CHORUS_CADRE_A17));
  g_assert_false (may (CHORUS_WORKS_ACTION_SUSPEND, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A20,
                       CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR, CHORUS_CADRE_A17));
  /* Tacit procedure: the supplier replaces a projet de décompte final the MOE leaves waiting. */
  g_assert_true (may (CHORUS_WORKS_ACTION_ASSOCIATE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A7,
                      CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_CADRE_UNKNOWN));
  g_assert_false (chorus_works_needs_action (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A7, CHORUS_STATUS_MISE_A_DISPOSITION_MOE));
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A7,
                                            CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE));
  /* Done, refused or with the financial service: nothing left to do in the works space. */
  for (ChorusWorksAction action = 0; action < CHORUS_WORKS_ACTION_LAST; action++)
    for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role <= CHORUS_ROLE_MOA; role++)
      {
        g_assert_false (may (action, role, CHORUS_CADRE_A19, CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_CADRE_A15));
        g_assert_false (may (action, role, CHORUS_CADRE_A4, CHORUS_STATUS_ASSOCIEE, CHORUS_CADRE_UNKNOWN));
        g_assert_false (may (action, role, CHORUS_CADRE_A4, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE, CHORUS_CADRE_UNKNOWN));
        g_assert_false (may (action, role, CHORUS_CADRE_UNKNOWN, CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_CADRE_UNKNOWN));
      }

  /* What each action leaves, and how a later look at the piece tells that it happened. */
  g_assert_cmpint (chorus_works_refusal_status (CHORUS_CADRE_A4), ==, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE);
  g_assert_cmpint (chorus_works_refusal_status (CHORUS_CADRE_A15), ==, CHORUS_STATUS_ERREUR_MOE_SUR_MOA);
  g_assert_cmpint (chorus_works_refusal_status (CHORUS_CADRE_A20), ==, CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR);
  g_assert_cmpint (chorus_works_status_after_action (CHORUS_WORKS_ACTION_RECYCLE, CHORUS_CADRE_A4, 0, TRUE), ==,
                   CHORUS_STATUS_ASSOCIEE);
  g_assert_cmpint (chorus_works_status_after_action (CHORUS_WORKS_ACTION_RECYCLE, CHORUS_CADRE_A4, 0, FALSE), ==,
                   CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  g_assert_true (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_SUSPEND, CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_SUSPEND, CHORUS_STATUS_MISE_A_DISPOSITION_MOE));
  g_assert_true (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_REFUSE, CHORUS_STATUS_ERREUR_MOE_SUR_MOA));
  g_assert_true (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_ASK_RECYCLE,
                                                  CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR));
  g_assert_false (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_RECYCLE, CHORUS_STATUS_A_RECYCLER));
  g_assert_true (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_STATUS_COMPLETEE));
  g_assert_false (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_COMPLETE_MOE, CHORUS_STATUS_SUSPENDUE));
}

static gboolean
has_status (const ChorusStatus *list, gsize n, ChorusStatus status)
{
  for (gsize i = 0; i < n; i++)
    if (list[i] == status)
      return TRUE;
  return FALSE;
}

static void
test_synthese (void)
{
  ChorusStatus statuses[CHORUS_STATUS_LAST];
  gsize n;

  n = chorus_works_pending_statuses (CHORUS_ROLE_MOE, statuses, G_N_ELEMENTS (statuses));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_MISE_A_DISPOSITION_MOE));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_COMPLETEE));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_SUSPENDUE));   /* its own pieces the MOA suspended */
  g_assert_false (has_status (statuses, n, CHORUS_STATUS_MISE_A_DISPOSITION_MOA));
  g_assert_false (has_status (statuses, n, CHORUS_STATUS_ASSOCIEE));
  n = chorus_works_pending_statuses (CHORUS_ROLE_FOURNISSEUR, statuses, G_N_ELEMENTS (statuses));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_A_RECYCLER));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_SUSPENDUE));
  g_assert_false (has_status (statuses, n, CHORUS_STATUS_MISE_A_DISPOSITION_MOE));
  n = chorus_works_pending_statuses (CHORUS_ROLE_MOA, statuses, G_N_ELEMENTS (statuses));
  g_assert_true (has_status (statuses, n, CHORUS_STATUS_MISE_A_DISPOSITION_MOA));
  g_assert_false (has_status (statuses, n, CHORUS_STATUS_SUSPENDUE));

  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_STATUS_COMPLETEE));
  g_assert_false (chorus_works_needs_action (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_STATUS_SUSPENDUE));
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4, CHORUS_STATUS_SUSPENDUE));
  /* The platform's word on who holds it wins over the cadre (Pastell's sample: a PDM with the MOA). */
  g_assert_cmpint (chorus_works_holder (CHORUS_CADRE_A4, CHORUS_STATUS_A_ASSOCIER_MOA), ==, CHORUS_ROLE_MOA);
}

/* --- the real answers and requests ------------------------------------------------------------ */

static JsonObject *
sample (const char *name)
{
  const char *dir = g_getenv ("CHORUS_API_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("CHORUS_API_SAMPLES_DIR (%s) is not a folder: the Chorus Pro API samples are required", dir ? dir : "unset");
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  object = chorus_json_parse_object (text, -1, &error);
  g_assert_no_error (error);
  return object;
}

static void
test_decode_samples (void)
{
  g_autoptr(JsonObject) pastell = sample ("rechercherFactureTravaux-response-1.json");
  g_autoptr(JsonObject) strings = sample ("rechercherFactureTravaux-response-2.json");
  g_autoptr(JsonObject) recycle = sample ("demanderRecyclagePiecePrecedente-response-1.json");
  g_autoptr(JsonObject) suspend = sample ("suspendreOuDemanderCompleterFactureTravaux-response-1.json");
  g_autoptr(ChorusWorksPage) page = NULL;
  g_autoptr(ChorusWorksPage) minimal = NULL;
  g_autoptr(GError) error = NULL;
  ChorusWorksPiece *piece;

  minimal = chorus_works_page_from_json (pastell, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (minimal->page, ==, 1);
  g_assert_cmpuint (minimal->pages, ==, 1);
  g_assert_cmpuint (minimal->pieces->len, ==, 1);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (minimal->pieces, 0))->id, ==, 1234);

  /* Ids and amounts as strings, statutFactureTravaux, typeFactureTravaux instead of a cadre. */
  page = chorus_works_page_from_json (strings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->unreadable->len, ==, 0);
  g_assert_cmpuint (page->pieces->len, ==, 1);
  piece = g_ptr_array_index (page->pieces, 0);
  g_assert_cmpint (piece->id, ==, 4100169);
  g_assert_cmpstr (piece->number, ==, "20190711-1");
  g_assert_cmpstr (piece->status_code, ==, "A_ASSOCIER_MOA");
  g_assert_cmpint (piece->status, ==, CHORUS_STATUS_A_ASSOCIER_MOA);
  g_assert_cmpint (piece->type, ==, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL);
  g_assert_cmpint (piece->cadre, ==, CHORUS_CADRE_A4);
  g_assert_true (piece->cadre_certain);
  g_assert_cmpint (piece->amount_ht, ==, 1000);
  g_assert_cmpint (piece->amount_ttc, ==, 2000);
  g_assert_cmpint (piece->amount_vat, ==, 1000);
  g_assert_cmpint (piece->amount_to_pay, ==, 1000);
  g_assert_cmpstr (piece->currency, ==, "EUR");
  g_assert_cmpstr (piece->supplier.identifier, ==, "00000000000727");
  g_assert_cmpstr (piece->supplier.name, ==, "TAA001DESTINATAIRE");
  g_assert_cmpint (piece->recipient.id, ==, 25784152);
  g_assert_cmpstr (piece->recipient.identifier, ==, "00000000013456");
  g_assert_cmpstr (piece->recipient.name, ==, "TAA074DESTINATAIRE");
  g_assert_cmpstr (piece->deposit_date, ==, "2019-07-11");
  g_assert_cmpstr (piece->invoice_date, ==, "2019-07-11");
  g_assert_cmpstr (piece->status_date, ==, "2019-07-11T15:45:39+02:00");
  g_assert_true (piece->downloaded);
  g_assert_cmpint (chorus_works_piece_holder (piece), ==, CHORUS_ROLE_MOA);

  /* The write answers: demander/recyclage names both pieces; the suspension only says OK. */
  {
    g_autoptr(ChorusWorksResult) asked = chorus_works_result_from_json (recycle, &error);
    g_autoptr(ChorusWorksResult) suspended = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (asked->piece_id, ==, 540067);
    g_assert_cmpint (asked->previous_id, ==, 540066);
    suspended = chorus_works_result_from_json (suspend, &error);
    g_assert_no_error (error);
    g_assert_cmpint (suspended->piece_id, ==, 0);
  }
}

/* The keys of @object, sorted, as one string. */
static char *
keys_of (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GString) text = g_string_new (NULL);

  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s", text->len ? " " : "", (const char *) l->data);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_keys_within (JsonObject *built, JsonObject *real)
{
  g_autoptr(GList) members = json_object_get_members (built);

  for (GList *l = members; l != NULL; l = l->next)
    if (!json_object_has_member (real, l->data))
      g_error ("the request member %s is not in the real request (%s)", (const char *) l->data, keys_of (real));
}

static void
test_requests_match_samples (void)
{
  g_autoptr(JsonObject) search_sample = sample ("rechercherFactureTravaux-request-1.json");
  g_autoptr(JsonObject) suspend_sample = sample ("suspendreOuDemanderCompleterFactureTravaux-request-1.json");
  g_autoptr(JsonObject) recycle_sample = sample ("demanderRecyclagePiecePrecedente-request-1.json");
  const ChorusStatus statuses[] = { CHORUS_STATUS_MISE_A_DISPOSITION_MOE, CHORUS_STATUS_COMPLETEE };
  g_autoptr(JsonObject) search = NULL, suspend = NULL, recycle = NULL;
  g_autofree char *suspend_keys = NULL, *sample_keys = NULL, *recycle_keys = NULL, *recycle_sample_keys = NULL;
  ChorusWorksQuery query;

  /* Every criterion the search can send. */
  chorus_works_query_init (&query);
  query.role = CHORUS_ROLE_MOE;
  query.structure_id = 5000025353;
  query.recipient_id = 5000025355;
  query.service_id = 4066367;
  query.type = CHORUS_WORKS_TYPE_ETAT_ACOMPTE;
  query.cadre = CHORUS_CADRE_A15;
  query.statuses = statuses;
  query.n_statuses = G_N_ELEMENTS (statuses);
  query.number = "PDM-1";
  query.market_number = "MT-1";
  query.engagement_number = "EJ1";
  query.deposit_from = "2026-01-01";
  query.deposit_to = "2026-12-31";
  query.invoice_date_from = "2026-01-01";
  query.invoice_date_to = "2026-12-31";
  query.amount_ht_min = 0;
  query.amount_ht_max = 100000000;
  query.without_next = TRUE;
  query.page = 3;
  query.page_size = 200;
  search = chorus_works_build_search (&query);
  assert_keys_within (search, search_sample);
  assert_keys_within (json_object_get_object_member (search, "rechercheFactureTravaux"),
                      json_object_get_object_member (search_sample, "rechercheFactureTravaux"));
  g_assert_cmpstr (json_object_get_string_member (search, "roleUtilisateur"), ==, "MOE");
  g_assert_cmpint (json_object_get_int_member (search, "idStructureMoe"), ==, 5000025353);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (search, "rechercheFactureTravaux"),
                                               "pageResultatDemandee"), ==, 3);
  /* No undocumented sort column. */
  g_assert_false (json_object_has_member (json_object_get_object_member (search, "rechercheFactureTravaux"), "triColonne"));

  suspend = chorus_works_build_comment (282492, "texte");
  suspend_keys = keys_of (suspend);
  sample_keys = keys_of (suspend_sample);
  g_assert_cmpstr (suspend_keys, ==, sample_keys);
  recycle = chorus_works_build_piece (540067);
  recycle_keys = keys_of (recycle);
  recycle_sample_keys = keys_of (recycle_sample);
  g_assert_cmpstr (recycle_keys, ==, recycle_sample_keys);

  /* The one path a source confirms on PISTE, the others under the same stem. */
  g_assert_cmpstr (chorus_client_works_path (CHORUS_WORKS_OP_SEARCH), ==, "facturesTravaux/v1/rechercher");
  g_assert_true (chorus_client_works_path_confirmed (CHORUS_WORKS_OP_SEARCH));
  g_assert_cmpstr (chorus_client_works_path (CHORUS_WORKS_OP_DOSSIER), ==, "facturesTravaux/v1/consulter/dossierfacturation");
  g_assert_cmpstr (chorus_client_works_path (CHORUS_WORKS_OP_COMPLETE_MOE), ==, "facturesTravaux/v1/completermoe");
  for (ChorusWorksOp op = CHORUS_WORKS_OP_SEARCH + 1; op < CHORUS_WORKS_OP_LAST; op++)
    g_assert_false (chorus_client_works_path_confirmed (op));
}

/* The recipient's service goes as idServiceExecutant (the sample's name, beside idDestinataire),
 * a number, and only when one is chosen: "Tous les services" sends no key at all. */
static void
test_search_by_service (void)
{
  g_autoptr(JsonObject) sample_body = sample ("rechercherFactureTravaux-request-1.json");
  g_autoptr(JsonObject) any = NULL, one = NULL, alone = NULL;
  ChorusWorksQuery query;

  chorus_works_query_init (&query);
  query.role = CHORUS_ROLE_MOA;
  query.structure_id = 5000025355;
  any = chorus_works_build_search (&query);
  g_assert_false (json_object_has_member (any, "idServiceExecutant"));
  g_assert_false (json_object_has_member (any, "idDestinataire"));

  query.recipient_id = 5000025355;
  query.service_id = 4066367;
  one = chorus_works_build_search (&query);
  assert_keys_within (one, sample_body);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (one, "idServiceExecutant")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (one, "idServiceExecutant"), ==,
                   json_object_get_int_member (sample_body, "idServiceExecutant"));
  g_assert_cmpint (json_object_get_int_member (one, "idDestinataire"), ==, 5000025355);
  g_assert_cmpint (json_object_get_int_member (one, "idStructureMoa"), ==, 5000025355);
  /* Not one of the other parties' service keys. */
  g_assert_false (json_object_has_member (one, "idServiceMoa"));
  g_assert_false (json_object_has_member (one, "idServiceFournisseur"));

  /* A service without a recipient typed (the MOA's own service): the service alone. */
  query.recipient_id = 0;
  alone = chorus_works_build_search (&query);
  g_assert_cmpint (json_object_get_int_member (alone, "idServiceExecutant"), ==, 4066367);
  g_assert_false (json_object_has_member (alone, "idDestinataire"));
}

/* A piece refused "for another motif" (REFUSEE_FOURNISSEUR, REFUSEE_MOA): the API's refuser has no
 * field for the motif's nature, so the app never sends one; when Chorus Pro shows one, it reads as a
 * French label (never the raw code), nobody has anything to do on it, the search's states offer it,
 * and the app's own refusal stays the routing error of the seed. */
static void
test_refused_other_motif (void)
{
  static const struct { ChorusCadre cadre; ChorusStatus status; } refused[] = {
    { CHORUS_CADRE_A20, CHORUS_STATUS_REFUSEE_FOURNISSEUR },   /* the MOA's décompte général */
    { CHORUS_CADRE_A8, CHORUS_STATUS_REFUSEE_MOA },            /* the supplier's décompte général signé */
  };
  static const ChorusRole roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const char *code = chorus_status_to_api (refused[i].status);

      g_assert_cmpstr (chorus_status_label (refused[i].status), !=, code);
      g_assert_cmpint (chorus_status_get_group (refused[i].status), ==, CHORUS_STATUS_GROUP_WORKS);
      for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
        g_assert_false (chorus_works_needs_action (roles[r], refused[i].cadre, refused[i].status));
      /* What the app's refusal of such a piece would be: the routing error, not this state. */
      g_assert_cmpint (chorus_works_refusal_status (refused[i].cadre), !=, refused[i].status);
    }
  g_assert_cmpint (chorus_works_refusal_status (CHORUS_CADRE_A4), ==, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE);
}

/* One odd item never sinks the page; an object stands for a list of one. */
static void
test_liberal (void)
{
  g_autoptr(JsonObject) response = chorus_json_parse_object (
    "{\"codeRetour\":0,\"parametresRetour\":{\"pageCourante\":\"2\",\"pages\":\"5\",\"total\":\"97\"},"
    "\"listeFacturesTravaux\":[{\"idFactureTravaux\":\"12\",\"montantHT\":\"1 234,5\"},"
    "{\"idFactureTravaux\":{\"oops\":1}},\"not an object\","
    "{\"idFactureTravaux\":13,\"factureTelechargeeParDestinataire\":\"Oui\",\"statutFactureTravaux\":\"NOUVEL_ETAT\"}]}",
    -1, NULL);
  g_autoptr(JsonObject) single = chorus_json_parse_object (
    "{\"listeFactureTravaux\":{\"idFactureTravaux\":7,\"typeFactureTravaux\":\"ETAT_ACOMPTE_VALIDE\","
    "\"statutFactureTravaux\":\"MISE_A_DISPOSITION\"}}", -1, NULL);
  g_autoptr(ChorusWorksPage) page = NULL;
  g_autoptr(GError) error = NULL;
  ChorusWorksPiece *piece;

  page = chorus_works_page_from_json (response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->page, ==, 2);
  g_assert_cmpuint (page->pages, ==, 5);
  g_assert_cmpuint (page->total, ==, 97);
  g_assert_cmpuint (page->pieces->len, ==, 2);
  g_assert_cmpuint (page->unreadable->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (page->unreadable, 0), "oops"));
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (page->pieces, 0))->amount_ht, ==, 123450);
  piece = g_ptr_array_index (page->pieces, 1);
  g_assert_true (piece->downloaded);
  /* An unknown status keeps its code and reads as words, never "unknown". */
  g_assert_cmpint (piece->status, ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpstr (piece->status_code, ==, "NOUVEL_ETAT");
  g_assert_cmpstr (chorus_works_piece_status_label (piece), ==, "Nouvel etat");

  g_clear_pointer (&page, chorus_works_page_free);
  page = chorus_works_page_from_json (single, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->pieces->len, ==, 1);
  piece = g_ptr_array_index (page->pieces, 0);
  g_assert_cmpint (piece->cadre, ==, CHORUS_CADRE_A19);
  g_assert_false (piece->cadre_certain);
}

static ChorusWorksPiece *
piece_new (gint64 id, ChorusCadre cadre, gint64 previous, gint64 next, const char *deposit_date)
{
  ChorusWorksPiece *piece = chorus_works_piece_new ();

  piece->id = id;
  piece->cadre = cadre;
  piece->type = chorus_works_cadre_type (cadre);
  piece->cadre_certain = TRUE;
  piece->previous_id = previous;
  piece->next_id = next;
  piece->deposit_date = g_strdup (deposit_date);
  return piece;
}

static void
test_dossier_order (void)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);
  g_autoptr(GPtrArray) ordered = NULL;
  g_autofree char *start = NULL;
  ChorusWorksPiece *uncertain;

  /* Listed out of order, the middle one knowing only its previous piece. */
  g_ptr_array_add (pieces, piece_new (30, CHORUS_CADRE_A19, 20, 0, "2026-11-20"));
  uncertain = piece_new (20, CHORUS_CADRE_A15, 10, 0, "2026-11-12");
  uncertain->cadre_certain = FALSE;
  uncertain->cadre = CHORUS_CADRE_A5;
  uncertain->status = CHORUS_STATUS_ASSOCIEE;
  g_ptr_array_add (pieces, uncertain);
  g_ptr_array_add (pieces, piece_new (10, CHORUS_CADRE_A4, 0, 20, "2026-11-02"));
  ordered = chorus_works_order_dossier (pieces);
  g_assert_cmpuint (ordered->len, ==, 3);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (ordered, 0))->id, ==, 10);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (ordered, 1))->id, ==, 20);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (ordered, 2))->id, ==, 30);
  /* The chain settles what the type alone left open. */
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (ordered, 1))->cadre, ==, CHORUS_CADRE_A15);
  g_assert_cmpint (((ChorusWorksPiece *) g_ptr_array_index (ordered, 1))->previous_cadre, ==, CHORUS_CADRE_A4);

  /* 30 days from when the payment request reached the MOE. */
  start = chorus_works_clock_start (ordered);
  g_assert_cmpstr (start, ==, "2026-11-02");
  g_assert_cmpint (chorus_works_clock_days (start, "2026-12-02"), ==, 30);
  g_assert_cmpint (chorus_works_clock_days ("garbage", "2026-12-02"), ==, -1);
}

static void
test_deposit (void)
{
  g_autoptr(ChorusWorksDeposit) deposit = chorus_works_deposit_new ();
  g_autoptr(ChorusWorksDeposit) back = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chorus-works-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "pdm.pdf", NULL);
  g_autofree char *joined = NULL;

  g_assert_true (g_file_set_contents (pdf, "%PDF-1.4\n%%EOF\n", -1, NULL));
  /* Empty: every problem, in French. */
  problems = chorus_works_deposit_check (deposit, "2026-11-23");
  joined = chorus_deposit_problems_join (problems);
  g_assert_nonnull (strstr (joined, "cadre de facturation"));
  g_assert_nonnull (strstr (joined, "PDF"));
  g_assert_nonnull (strstr (joined, "maîtrise d'ouvrage"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  deposit->role = CHORUS_ROLE_FOURNISSEUR;
  deposit->cadre = CHORUS_CADRE_A4;
  deposit->pdf_path = g_strdup (pdf);
  deposit->number = g_strdup ("PDM-2026-11");
  deposit->invoice_date = g_strdup ("2026-11-20");
  deposit->amount_ht = 1000000;
  deposit->amount_vat = 200000;
  deposit->amount_ttc = 1200000;
  deposit->amount_to_pay = 1200000;
  deposit->supplier_id = 11;
  deposit->recipient_code = g_strdup ("21750001600019");
  deposit->moe_id = 12;
  deposit->moa_id = 13;
  problems = chorus_works_deposit_check (deposit, "2026-11-23");
  if (problems->len > 0)
    g_error ("unexpected: %s", chorus_deposit_problems_join (problems));
  g_clear_pointer (&problems, g_ptr_array_unref);
  /* A MOE's cadre is not the supplier's; an A23 only follows an A22. */
  deposit->cadre = CHORUS_CADRE_A15;
  problems = chorus_works_deposit_check (deposit, "2026-11-23");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((ChorusDepositProblem *) g_ptr_array_index (problems, 0))->field, ==, CHORUS_DEPOSIT_FIELD_CADRE);
  g_clear_pointer (&problems, g_ptr_array_unref);
  deposit->cadre = CHORUS_CADRE_A23;
  problems = chorus_works_deposit_check (deposit, "2026-11-23");
  g_assert_cmpuint (problems->len, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);
  deposit->cadre = CHORUS_CADRE_A4;
  deposit->amount_ttc = 1300000;
  problems = chorus_works_deposit_check (deposit, "2026-11-23");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((ChorusDepositProblem *) g_ptr_array_index (problems, 0))->field, ==, CHORUS_DEPOSIT_FIELD_AMOUNT_TTC);
  deposit->amount_ttc = 1200000;

  /* The outbox payload keeps everything. */
  node = chorus_works_deposit_to_json (deposit);
  back = chorus_works_deposit_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->cadre, ==, CHORUS_CADRE_A4);
  g_assert_cmpint (back->amount_ttc, ==, 1200000);
  g_assert_cmpstr (back->recipient_code, ==, "21750001600019");
  g_assert_cmpint (back->moa_id, ==, 13);

  body = chorus_works_build_submit (deposit, 555);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "cadreDeFacturation"),
                                                  "codeCadreFacturation"), ==, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "cadreDeFacturation"), "idMoe"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "references"),
                                                  "typeFactureTravaux"), ==, "PROJET_DECOMPTE_MENSUEL");
  g_assert_false (json_object_has_member (body, "idPiecePrecedente"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (body, "pieceJointePrincipale"), 0), "pieceJointePrincipaleId"), ==, 555);

  certificate = chorus_works_certificate_pdf (deposit, "PDM-2026-11", "2026-11-23", "PEEjTeidWzmcjoNngDJY69i3z7N=",
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (certificate, NULL), 5, "%PDF-", 5);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("fr_FR.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/works/cadres-table", test_cadres_table);
  g_test_add_func ("/works/chain", test_chain);
  g_test_add_func ("/works/types", test_types);
  g_test_add_func ("/works/actions", test_actions);
  g_test_add_func ("/works/synthese", test_synthese);
  g_test_add_func ("/works/decode-samples", test_decode_samples);
  g_test_add_func ("/works/requests-match-samples", test_requests_match_samples);
  g_test_add_func ("/works/search-by-service", test_search_by_service);
  g_test_add_func ("/works/refused-other-motif", test_refused_other_motif);
  g_test_add_func ("/works/liberal", test_liberal);
  g_test_add_func ("/works/dossier-order", test_dossier_order);
  g_test_add_func ("/works/deposit", test_deposit);
  return g_test_run ();
}
