/* test-works.c: the works-contract rules: who deposits which cadre, the dossier chain, actions per role. */
#include "config.h"

#include "chorus-works.h"

static gboolean
has_cadre (const ChorusCadre *list, gsize n, ChorusCadre cadre)
{
  for (gsize i = 0; i < n; i++)
    if (list[i] == cadre)
      return TRUE;
  return FALSE;
}

static void
test_depositors (void)
{
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A4), ==, CHORUS_ROLE_FOURNISSEUR);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A8), ==, CHORUS_ROLE_FOURNISSEUR);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A15), ==, CHORUS_ROLE_MOE);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A17), ==, CHORUS_ROLE_MOE);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A19), ==, CHORUS_ROLE_MOA);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A20), ==, CHORUS_ROLE_MOA);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A1), ==, CHORUS_ROLE_UNKNOWN);
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A4), ==, CHORUS_ROLE_MOE);
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A15), ==, CHORUS_ROLE_MOA);
  g_assert_cmpint (chorus_works_cadre_receiver (CHORUS_CADRE_A20), ==, CHORUS_ROLE_FOURNISSEUR);
  /* Subcontractor and co-contractor invoices go to a validator, not along a dossier. */
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A9), ==, CHORUS_ROLE_UNKNOWN);
  g_assert_cmpint (chorus_works_cadre_depositor (CHORUS_CADRE_A12), ==, CHORUS_ROLE_UNKNOWN);
  /* Every other works cadre has a depositor and a receiver different from it. */
  for (int c = CHORUS_CADRE_A1; c < CHORUS_CADRE_LAST; c++)
    {
      if (!chorus_cadre_is_works ((ChorusCadre) c) || c == CHORUS_CADRE_A9 || c == CHORUS_CADRE_A12)
        continue;
      g_assert_cmpint (chorus_works_cadre_depositor ((ChorusCadre) c), !=, CHORUS_ROLE_UNKNOWN);
      g_assert_cmpint (chorus_works_cadre_depositor ((ChorusCadre) c), !=, chorus_works_cadre_receiver ((ChorusCadre) c));
    }
}

/* The table of the AIFE webinar, checked cell by cell on a few rows. */
static void
test_channels (void)
{
  /* A5: no EDI. */
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A5, CHORUS_DEPOSIT_CHANNEL_EDI, FALSE));
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A5, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE));
  /* A8: association on portal and service, not EDI. */
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A8, CHORUS_DEPOSIT_CHANNEL_EDI, FALSE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A8, CHORUS_DEPOSIT_CHANNEL_EDI, TRUE));
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A8, CHORUS_DEPOSIT_CHANNEL_PORTAL, TRUE));
  /* A4 cannot be associated; A15 cannot go through EDI. */
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A4, CHORUS_DEPOSIT_CHANNEL_SERVICE, TRUE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A15, CHORUS_DEPOSIT_CHANNEL_EDI, FALSE));
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A15, CHORUS_DEPOSIT_CHANNEL_SERVICE, TRUE));
  /* A23 and A25 exist only by association. */
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A23, CHORUS_DEPOSIT_CHANNEL_PORTAL, FALSE));
  g_assert_true (chorus_works_cadre_can_deposit (CHORUS_CADRE_A23, CHORUS_DEPOSIT_CHANNEL_PORTAL, TRUE));
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A25, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE));
  /* Non-works cadres are not in this table. */
  g_assert_false (chorus_works_cadre_can_deposit (CHORUS_CADRE_A1, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE));
}

static void
test_initial_cadres (void)
{
  ChorusCadre cadres[CHORUS_CADRE_LAST];
  gsize n;

  n = chorus_works_initial_cadres (CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_SERVICE, cadres, G_N_ELEMENTS (cadres));
  g_assert_true (has_cadre (cadres, n, CHORUS_CADRE_A4));
  g_assert_true (has_cadre (cadres, n, CHORUS_CADRE_A7));
  g_assert_true (has_cadre (cadres, n, CHORUS_CADRE_A22));
  g_assert_false (has_cadre (cadres, n, CHORUS_CADRE_A23));
  g_assert_false (has_cadre (cadres, n, CHORUS_CADRE_A15));

  n = chorus_works_initial_cadres (CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_EDI, cadres, G_N_ELEMENTS (cadres));
  g_assert_false (has_cadre (cadres, n, CHORUS_CADRE_A5));
  g_assert_true (has_cadre (cadres, n, CHORUS_CADRE_A4));

  n = chorus_works_initial_cadres (CHORUS_ROLE_MOE, CHORUS_DEPOSIT_CHANNEL_EDI, cadres, G_N_ELEMENTS (cadres));
  g_assert_cmpuint (n, ==, 0);

  /* A short output array is filled, never overrun. */
  n = chorus_works_initial_cadres (CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_SERVICE, cadres, 2);
  g_assert_cmpuint (n, ==, 2);
}

static void
test_chain (void)
{
  ChorusCadre next[CHORUS_CADRE_LAST];
  gsize n;

  /* During the contract: A4 → A15 → A19. */
  n = chorus_works_next_cadres (CHORUS_CADRE_A4, CHORUS_ROLE_MOE, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (next[0], ==, CHORUS_CADRE_A15);
  n = chorus_works_next_cadres (CHORUS_CADRE_A15, CHORUS_ROLE_MOA, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (next[0], ==, CHORUS_CADRE_A19);
  /* The supplier cannot associate anything after its own A4. */
  n = chorus_works_next_cadres (CHORUS_CADRE_A4, CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next));
  g_assert_cmpuint (n, ==, 0);

  /* End of contract: A7 → A17 → A20 → A8. */
  n = chorus_works_next_cadres (CHORUS_CADRE_A7, CHORUS_ROLE_MOE, CHORUS_DEPOSIT_CHANNEL_PORTAL, next, G_N_ELEMENTS (next));
  g_assert_true (has_cadre (next, n, CHORUS_CADRE_A17));
  n = chorus_works_next_cadres (CHORUS_CADRE_A17, CHORUS_ROLE_MOA, CHORUS_DEPOSIT_CHANNEL_PORTAL, next, G_N_ELEMENTS (next));
  g_assert_true (has_cadre (next, n, CHORUS_CADRE_A20));
  n = chorus_works_next_cadres (CHORUS_CADRE_A20, CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_PORTAL, next, G_N_ELEMENTS (next));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (next[0], ==, CHORUS_CADRE_A8);
  /* …but A8 cannot be associated through EDI. */
  n = chorus_works_next_cadres (CHORUS_CADRE_A20, CHORUS_ROLE_FOURNISSEUR, CHORUS_DEPOSIT_CHANNEL_EDI, next, G_N_ELEMENTS (next));
  g_assert_cmpuint (n, ==, 0);

  /* Tacit procedure. */
  n = chorus_works_next_cadres (CHORUS_CADRE_A22, CHORUS_ROLE_MOA, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next));
  g_assert_true (has_cadre (next, n, CHORUS_CADRE_A25));

  g_assert_true (chorus_works_cadre_has_next (CHORUS_CADRE_A4));
  g_assert_false (chorus_works_cadre_has_next (CHORUS_CADRE_A19));
  g_assert_false (chorus_works_cadre_has_next (CHORUS_CADRE_A8));
  g_assert_false (chorus_works_cadre_has_next (CHORUS_CADRE_A6));

  /* Every link of the chain is deposited by association on some channel, by its depositor. */
  for (int p = CHORUS_CADRE_A1; p < CHORUS_CADRE_LAST; p++)
    for (int r = CHORUS_ROLE_FOURNISSEUR; r < CHORUS_ROLE_LAST; r++)
      {
        n = chorus_works_next_cadres ((ChorusCadre) p, (ChorusRole) r, CHORUS_DEPOSIT_CHANNEL_PORTAL, next, G_N_ELEMENTS (next));
        for (gsize i = 0; i < n; i++)
          {
            g_assert_true (chorus_works_cadre_can_deposit (next[i], CHORUS_DEPOSIT_CHANNEL_PORTAL, TRUE));
            g_assert_cmpint (chorus_works_cadre_depositor (next[i]), ==, r);
          }
      }
}

static void
test_statuses (void)
{
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A4), ==, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A15), ==, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOA);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A20), ==, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_FOURNISSEUR);
  g_assert_cmpint (chorus_works_status_after_deposit (CHORUS_CADRE_A1), ==, CHORUS_WORKS_STATUS_UNKNOWN);

  g_assert_true (chorus_works_cadre_allows_status (CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE));
  g_assert_false (chorus_works_cadre_allows_status (CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOA));
  g_assert_true (chorus_works_cadre_allows_status (CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_ASSOCIEE));
  g_assert_false (chorus_works_cadre_allows_status (CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_EN_PAIEMENT));
  g_assert_false (chorus_works_cadre_allows_status (CHORUS_CADRE_A19, CHORUS_WORKS_STATUS_ASSOCIEE));
  g_assert_true (chorus_works_cadre_allows_status (CHORUS_CADRE_A19, CHORUS_WORKS_STATUS_MISE_EN_PAIEMENT));

  g_assert_true (chorus_works_status_is_final (CHORUS_WORKS_STATUS_ASSOCIEE));
  g_assert_true (chorus_works_status_is_final (CHORUS_WORKS_STATUS_REFUSEE));
  g_assert_false (chorus_works_status_is_final (CHORUS_WORKS_STATUS_SUSPENDUE));
}

static void
test_actions (void)
{
  g_autoptr(GError) error = NULL;
  ChorusWorksAction actions[CHORUS_WORKS_ACTION_LAST];
  gsize n;

  /* The MOE takes an A4 into account. */
  g_assert_true (chorus_works_check_action (CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                            CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                            CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (chorus_works_status_after_action (CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_CADRE_A4,
                                                     CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE),
                   ==, CHORUS_WORKS_STATUS_PRISE_EN_COMPTE);

  /* The supplier cannot process its own piece. */
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                                             CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                             CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL, &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_ROLE);
  g_clear_error (&error);

  /* Refusing a projet de décompte mensuel over amounts is against the CCAG: routing errors only. */
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_REFUSE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                             CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                             CHORUS_WORKS_REFUSAL_OTHER, "Montants contestés", &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_REFUSAL);
  g_clear_error (&error);
  g_assert_true (chorus_works_check_action (CHORUS_WORKS_ACTION_REFUSE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                            CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                            CHORUS_WORKS_REFUSAL_ROUTING_ERROR, "Mauvais destinataire", &error));
  g_assert_no_error (error);
  /* A décompte général may be refused by the supplier for another motive. */
  g_assert_true (chorus_works_check_action (CHORUS_WORKS_ACTION_REFUSE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A20,
                                            CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_FOURNISSEUR,
                                            CHORUS_WORKS_REFUSAL_OTHER, "Réserves", &error));
  g_assert_no_error (error);

  /* Motif required for suspension and refusal. */
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_SUSPEND, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                             CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                             CHORUS_WORKS_REFUSAL_ROUTING_ERROR, "   ", &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_MOTIF);
  g_clear_error (&error);

  /* Complete: only the depositor, only when suspended. */
  g_assert_true (chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                                            CHORUS_WORKS_STATUS_SUSPENDUE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                                            "Pièces jointes ajoutées", &error));
  g_assert_no_error (error);
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                             CHORUS_WORKS_STATUS_SUSPENDUE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                                             "x", &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_ROLE);
  g_clear_error (&error);
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4,
                                             CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                             CHORUS_WORKS_REFUSAL_ROUTING_ERROR, "x", &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_STATUS);
  g_clear_error (&error);

  /* Processing a refused or associated piece again is not possible. */
  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_ROLE_MOE, CHORUS_CADRE_A4,
                                             CHORUS_WORKS_STATUS_REFUSEE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL, &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_STATUS);
  g_clear_error (&error);

  /* Available actions of the MOE on a new A4, and on one taken into account. */
  n = chorus_works_available_actions (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE,
                                      actions, G_N_ELEMENTS (actions));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (actions[0], ==, CHORUS_WORKS_ACTION_ASSOCIATE);
  n = chorus_works_available_actions (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_PRISE_EN_COMPTE,
                                      actions, G_N_ELEMENTS (actions));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (actions[0], ==, CHORUS_WORKS_ACTION_ASSOCIATE);
  n = chorus_works_available_actions (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_ASSOCIEE,
                                      actions, G_N_ELEMENTS (actions));
  g_assert_cmpuint (n, ==, 0);

  g_assert_false (chorus_works_check_action (CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_ROLE_MOE, CHORUS_CADRE_A1,
                                             CHORUS_WORKS_STATUS_DEPOSEE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL, &error));
  g_assert_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_NOT_WORKS);
}

static void
test_synthese (void)
{
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE));
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_PRISE_EN_COMPTE));
  g_assert_false (chorus_works_needs_action (CHORUS_ROLE_MOE, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_ASSOCIEE));
  g_assert_false (chorus_works_needs_action (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE));
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_SUSPENDUE));
  g_assert_true (chorus_works_needs_action (CHORUS_ROLE_FOURNISSEUR, CHORUS_CADRE_A20, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_FOURNISSEUR));
  g_assert_false (chorus_works_needs_action (CHORUS_ROLE_MOA, CHORUS_CADRE_A19, CHORUS_WORKS_STATUS_PRISE_EN_COMPTE));
}

static void
test_labels (void)
{
  for (int a = 0; a < CHORUS_WORKS_ACTION_LAST; a++)
    g_assert_cmpstr (chorus_works_action_label ((ChorusWorksAction) a), !=, "Unknown");
  for (int c = 0; c < CHORUS_DEPOSIT_CHANNEL_LAST; c++)
    g_assert_cmpstr (chorus_deposit_channel_label ((ChorusDepositChannel) c), !=, "Unknown");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/works/depositors", test_depositors);
  g_test_add_func ("/works/channels", test_channels);
  g_test_add_func ("/works/initial-cadres", test_initial_cadres);
  g_test_add_func ("/works/chain", test_chain);
  g_test_add_func ("/works/statuses", test_statuses);
  g_test_add_func ("/works/actions", test_actions);
  g_test_add_func ("/works/synthese", test_synthese);
  g_test_add_func ("/works/labels", test_labels);
  return g_test_run ();
}
