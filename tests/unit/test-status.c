/* test-status.c: the status rules of chorus-status (who may change what, what a change asks for)
 * and the environment names of a profile. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "chorus-profile.h"
#include "chorus-status.h"
#include "chorus-transitions.h"

/* can_process() is the table of recipient_targets(), pair by pair, and nothing else. */
static void
test_can_process_matches_table (void)
{
  guint allowed = 0;

  for (int current = CHORUS_STATUS_UNKNOWN; current < CHORUS_STATUS_LAST; current++)
    {
      ChorusStatus targets[CHORUS_STATUS_LAST];
      gsize n = chorus_status_recipient_targets ((ChorusStatus) current, targets, G_N_ELEMENTS (targets));

      for (int target = CHORUS_STATUS_UNKNOWN; target < CHORUS_STATUS_LAST; target++)
        {
          gboolean listed = FALSE;

          for (gsize i = 0; i < n; i++)
            listed |= targets[i] == (ChorusStatus) target;
          g_assert_cmpint (chorus_status_can_process ((ChorusStatus) current, (ChorusStatus) target), ==, listed);
          /* Only a status a recipient sets can be the end of a change. */
          if (listed)
            g_assert_true (chorus_status_is_recipient_target ((ChorusStatus) target));
          allowed += listed;
        }
    }
  g_assert_cmpuint (allowed, >, 10);

  g_assert_true (chorus_status_can_process (CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_SERVICE_FAIT));
  g_assert_true (chorus_status_can_process (CHORUS_STATUS_COMPLETEE, CHORUS_STATUS_REJETEE));
  g_assert_true (chorus_status_can_process (CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MISE_A_DISPOSITION));
  /* After the mandate the invoice is with the accountant: no sending back, no step back. */
  g_assert_false (chorus_status_can_process (CHORUS_STATUS_MANDATEE, CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_status_can_process (CHORUS_STATUS_MANDATEE, CHORUS_STATUS_SERVICE_FAIT));
  g_assert_false (chorus_status_can_process (CHORUS_STATUS_REJETEE, CHORUS_STATUS_SERVICE_FAIT));
  g_assert_false (chorus_status_can_process (CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_MISE_A_DISPOSITION));
}

/* Without a session (no ChorusTransitions), the local table answers. */
static void
test_transitions_without_session (void)
{
  g_assert_true (chorus_transitions_allows (NULL, CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_transitions_allows (NULL, CHORUS_STATUS_MISE_EN_PAIEMENT, CHORUS_STATUS_SERVICE_FAIT));
}

static void
test_what_a_change_asks (void)
{
  /* Rejection and suspension need a motif; recycling takes one without needing it. */
  g_assert_true (chorus_status_needs_motif (CHORUS_STATUS_REJETEE));
  g_assert_true (chorus_status_needs_motif (CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_status_needs_motif (CHORUS_STATUS_A_RECYCLER));
  g_assert_false (chorus_status_needs_motif (CHORUS_STATUS_SERVICE_FAIT));
  g_assert_true (chorus_status_takes_motif (CHORUS_STATUS_A_RECYCLER));
  g_assert_true (chorus_status_takes_motif (CHORUS_STATUS_REJETEE));
  g_assert_false (chorus_status_takes_motif (CHORUS_STATUS_MANDATEE));
  for (int s = CHORUS_STATUS_UNKNOWN; s < CHORUS_STATUS_LAST; s++)
    if (chorus_status_needs_motif ((ChorusStatus) s))
      g_assert_true (chorus_status_takes_motif ((ChorusStatus) s));

  g_assert_true (chorus_status_needs_mandate_number (CHORUS_STATUS_MANDATEE));
  g_assert_false (chorus_status_needs_mandate_number (CHORUS_STATUS_COMPTABILISEE));

  g_assert_true (chorus_status_is_irreversible (CHORUS_STATUS_MANDATEE));
  g_assert_true (chorus_status_is_irreversible (CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE));
  g_assert_true (chorus_status_is_irreversible (CHORUS_STATUS_COMPTABILISEE));
  g_assert_true (chorus_status_is_irreversible (CHORUS_STATUS_MISE_EN_PAIEMENT));
  g_assert_false (chorus_status_is_irreversible (CHORUS_STATUS_SERVICE_FAIT));
  g_assert_false (chorus_status_is_irreversible (CHORUS_STATUS_REJETEE));

  g_assert_cmpint (CHORUS_STATUS_MOTIF_MAX_CHARS, ==, 255);
}

static void
test_supplier_and_validator (void)
{
  g_assert_true (chorus_status_can_complete (CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_status_can_complete (CHORUS_STATUS_A_RECYCLER));
  g_assert_false (chorus_status_can_complete (CHORUS_STATUS_MISE_A_DISPOSITION));
  g_assert_true (chorus_status_can_recycle (CHORUS_STATUS_A_RECYCLER));
  g_assert_false (chorus_status_can_recycle (CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_status_can_recycle (CHORUS_STATUS_REJETEE));

  g_assert_true (chorus_status_validation_needs_motif (CHORUS_VALIDATION_REFUSE));
  g_assert_false (chorus_status_validation_needs_motif (CHORUS_VALIDATION_VALIDATE));
}

/* The works pieces' standing, read from the API codes as Chorus Pro sends them. */
static void
test_works_standing (void)
{
  static const struct {
    const char          *code;
    ChorusWorksStanding  standing;
    gboolean             sent_back;
    const char          *motif_title;
    gboolean             routing_error;
  } cases[] = {
    { "SUSPENDUE", CHORUS_WORKS_STANDING_TO_COMPLETE, TRUE, "Reason for the suspension" },
    { "A_COMPLETER", CHORUS_WORKS_STANDING_TO_COMPLETE, TRUE, "Reason for the suspension" },
    { "A_RECYCLER", CHORUS_WORKS_STANDING_TO_RECYCLE, TRUE, "Reason given" },
    { "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", CHORUS_WORKS_STANDING_WAITING_RECYCLE, TRUE, NULL },
    { "ERREUR_FOURNISSEUR_SUR_MOE", CHORUS_WORKS_STANDING_REFUSED, FALSE, "Reason given", TRUE },
    { "ERREUR_MOA_SUR_FOURNISSEUR", CHORUS_WORKS_STANDING_REFUSED, FALSE, "Reason given", TRUE },
    { "ERREUR_DE_MOA", CHORUS_WORKS_STANDING_REFUSED, FALSE, "Reason given", TRUE },
    /* Refused "pour autre motif", without an error in the amounts: no routing error. */
    { "REFUSEE_MOA", CHORUS_WORKS_STANDING_REFUSED, FALSE, "Reason given", FALSE },
    { "REFUSEE_FOURNISSEUR", CHORUS_WORKS_STANDING_REFUSED, FALSE, "Reason given", FALSE },
    { "REFUSEE_MOE", CHORUS_WORKS_STANDING_REFUSED, FALSE, "Reason given", FALSE },
    { "A_RECYCLER", CHORUS_WORKS_STANDING_TO_RECYCLE, TRUE, "Reason given", FALSE },
    { "COMPLETEE", CHORUS_WORKS_STANDING_ONGOING, FALSE, "Depositor's answer" },
    { "MISE_A_DISPOSITION_MOE", CHORUS_WORKS_STANDING_ONGOING, FALSE, NULL },
    { "ASSOCIEE", CHORUS_WORKS_STANDING_ONGOING, FALSE, NULL },
    { "MISE_EN_PAIEMENT", CHORUS_WORKS_STANDING_ONGOING, FALSE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ChorusStatus status = chorus_status_from_api (cases[i].code);

      g_assert_cmpint (status, !=, CHORUS_STATUS_UNKNOWN);
      g_assert_cmpint (chorus_status_works_standing (status), ==, cases[i].standing);
      g_assert_cmpint (chorus_status_works_is_sent_back (status), ==, cases[i].sent_back);
      g_assert_cmpstr (chorus_status_works_motif_title (status), ==, cases[i].motif_title);
      g_assert_cmpint (chorus_status_works_refused_for_routing (status), ==, cases[i].routing_error);
    }
  /* Only refused pieces were refused for a routing error, and every ERREUR_* one was. */
  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    if (chorus_status_works_refused_for_routing (status))
      g_assert_cmpint (chorus_status_works_standing (status), ==, CHORUS_WORKS_STANDING_REFUSED);
    else if (g_str_has_prefix (chorus_status_to_api (status), "ERREUR_") &&
             chorus_status_get_group (status) == CHORUS_STATUS_GROUP_WORKS)
      g_assert_not_reached ();
  /* A refusal for a routing error is a works step: the filters list it with the works. */
  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    if (chorus_status_works_standing (status) == CHORUS_WORKS_STANDING_REFUSED)
      g_assert_cmpint (chorus_status_get_group (status), ==, CHORUS_STATUS_GROUP_WORKS);
  g_assert_cmpint (chorus_status_works_standing (CHORUS_STATUS_UNKNOWN), ==, CHORUS_WORKS_STANDING_ONGOING);

  /* The states a works search offers: every standing of a piece, not the validators' or drafts. */
  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    if (chorus_status_works_standing (status) != CHORUS_WORKS_STANDING_ONGOING)
      g_assert_true (chorus_status_is_works_piece_status (status));
  g_assert_true (chorus_status_is_works_piece_status (chorus_status_from_api ("MISE_A_DISPOSITION_MOE")));
  g_assert_true (chorus_status_is_works_piece_status (chorus_status_from_api ("MISE_EN_PAIEMENT")));
  g_assert_false (chorus_status_is_works_piece_status (chorus_status_from_api ("A_VALIDER_1")));
  g_assert_false (chorus_status_is_works_piece_status (chorus_status_from_api ("BROUILLON")));
  g_assert_false (chorus_status_is_works_piece_status (CHORUS_STATUS_UNKNOWN));
}

static void
test_group_labels (void)
{
  g_assert_cmpstr (chorus_status_group_label (CHORUS_STATUS_GROUP_TO_PROCESS), ==, "To process");
  g_assert_cmpstr (chorus_status_group_label (CHORUS_STATUS_GROUP_OTHER), ==, "Other statuses");
  g_assert_cmpstr (chorus_status_group_label (CHORUS_STATUS_GROUP_LAST), ==, "Unknown");
  g_assert_cmpstr (chorus_status_label (CHORUS_STATUS_LAST), ==, "Unknown");
  g_assert_null (chorus_status_to_api (CHORUS_STATUS_LAST));
  g_assert_cmpstr (chorus_status_code_label ("SERVICE_FAIT"), ==, "Service rendered");
  g_assert_cmpint (chorus_status_code_group ("MISE_A_DISPOSITION"), ==, CHORUS_STATUS_GROUP_TO_PROCESS);
}

static void
test_environments (void)
{
  static const ChorusEnvironment kinds[] = { CHORUS_ENVIRONMENT_QUALIFICATION, CHORUS_ENVIRONMENT_PRODUCTION,
                                             CHORUS_ENVIRONMENT_LOCAL };
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();

  g_assert_cmpint (chorus_environment_from_name (CHORUS_PROFILE_PRODUCTION), ==, CHORUS_ENVIRONMENT_PRODUCTION);
  g_assert_cmpint (chorus_environment_from_name (CHORUS_PROFILE_LOCAL), ==, CHORUS_ENVIRONMENT_LOCAL);
  g_assert_cmpint (chorus_environment_from_name (CHORUS_PROFILE_QUALIFICATION), ==, CHORUS_ENVIRONMENT_QUALIFICATION);
  g_assert_cmpint (chorus_environment_from_name ("recette"), ==, CHORUS_ENVIRONMENT_QUALIFICATION);
  g_assert_cmpint (chorus_environment_from_name (NULL), ==, CHORUS_ENVIRONMENT_QUALIFICATION);
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_assert_cmpint (chorus_environment_from_name (chorus_environment_to_name (kinds[i])), ==, kinds[i]);

  g_assert_cmpint (chorus_environment_from_name (CHORUS_PROFILE_TRAINING), ==, CHORUS_ENVIRONMENT_LOCAL);

  g_assert_cmpstr (chorus_profile_environment_label (CHORUS_PROFILE_PRODUCTION), ==, "Production");
  g_assert_cmpstr (chorus_profile_environment_label (CHORUS_PROFILE_LOCAL), ==, "Local simulator");
  g_assert_cmpstr (chorus_profile_environment_label (CHORUS_PROFILE_TRAINING), ==, "Training environment");
  g_assert_cmpstr (chorus_profile_environment_label (CHORUS_PROFILE_QUALIFICATION), ==, "Qualification (sandbox)");
  g_assert_cmpstr (chorus_profile_environment_label ("recette"), ==, "Qualification (sandbox)");

  g_assert_cmpint (chorus_profile_get_environment_kind (profile), ==, CHORUS_ENVIRONMENT_QUALIFICATION);
  g_assert_false (chorus_profile_is_production (profile));
  chorus_profile_set_environment (profile, CHORUS_PROFILE_LOCAL);
  g_assert_cmpint (chorus_profile_get_environment_kind (profile), ==, CHORUS_ENVIRONMENT_LOCAL);
  chorus_profile_set_environment (profile, CHORUS_PROFILE_PRODUCTION);
  g_assert_cmpint (chorus_profile_get_environment_kind (profile), ==, CHORUS_ENVIRONMENT_PRODUCTION);
  g_assert_true (chorus_profile_is_production (profile));
  chorus_profile_set_environment (profile, CHORUS_PROFILE_TRAINING);
  g_assert_cmpint (chorus_profile_get_environment_kind (profile), ==, CHORUS_ENVIRONMENT_LOCAL);
  g_assert_cmpstr (chorus_profile_get_environment (profile), ==, CHORUS_PROFILE_TRAINING);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/status/can-process", test_can_process_matches_table);
  g_test_add_func ("/core/status/transitions-without-session", test_transitions_without_session);
  g_test_add_func ("/core/status/what-a-change-asks", test_what_a_change_asks);
  g_test_add_func ("/core/status/supplier-and-validator", test_supplier_and_validator);
  g_test_add_func ("/core/status/works-standing", test_works_standing);
  g_test_add_func ("/core/status/group-labels", test_group_labels);
  g_test_add_func ("/core/status/environments", test_environments);
  return g_test_run ();
}
