/* test-works-workspace.c: the works workspace on the simulator: Synthèse by role, dossier chain,
 * refusal only for a routing error, suspension, association of the next piece. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "chorus-client.h"
#include "chorus-deposit-wizard.h"
#include "chorus-sim.h"
#include "chorus-test-sim.h"
#include "chorus-test-ui.h"
#include "chorus-works-chain.h"
#include "chorus-works-workspace.h"

typedef struct {
  ChorusSim            *sim;
  ChorusClient         *client;
  GtkWindow            *window;
  ChorusWorksWorkspace *workspace;
} Fixture;

static gboolean
idle_with_pieces (gpointer data)
{
  Fixture *f = data;

  return !chorus_works_workspace_is_busy (f->workspace) && chorus_works_workspace_get_pieces (f->workspace) != NULL &&
         chorus_works_workspace_get_pieces (f->workspace)->len > 0;
}

static gboolean
idle (gpointer data)
{
  Fixture *f = data;

  return !chorus_works_workspace_is_busy (f->workspace);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->sim = chorus_test_sim_start (4242, 400);
  f->client = chorus_test_sim_client (f->sim);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
  f->workspace = CHORUS_WORKS_WORKSPACE (chorus_works_workspace_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->workspace));
  gtk_window_present (f->window);
  chorus_works_workspace_set_role (f->workspace, CHORUS_ROLE_MOE);
  chorus_works_workspace_set_client (f->workspace, f->client);
  g_assert_true (chorus_test_wait_until (idle_with_pieces, f, 10000));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  chorus_test_settle (50);
  g_clear_object (&f->client);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

/* A copy: the workspace replaces its pieces when a dossier arrives. */
static ChorusWorksPiece *
find (Fixture *f, ChorusCadre cadre, ChorusWorksStatus status, gint64 not_id)
{
  GPtrArray *pieces = chorus_works_workspace_get_pieces (f->workspace);

  for (guint i = 0; i < pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->cadre == cadre && piece->status == status && piece->id != not_id)
        return chorus_works_piece_copy (piece);
    }
  return NULL;
}

static gpointer
template_child (gpointer widget, GType type, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static void
test_synthese_and_processing (Fixture *f, gconstpointer data)
{
  GPtrArray *pieces = chorus_works_workspace_get_pieces (f->workspace);
  g_autoptr(ChorusWorksPiece) a4 = NULL;
  gint64 id;
  ChorusWorksChain *chain = template_child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "chain");

  /* The Synthèse only holds what waits for the MOE. */
  for (guint i = 0; i < pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (pieces, i);

      g_assert_true (chorus_works_needs_action (CHORUS_ROLE_MOE, piece->cadre, piece->status));
    }
  a4 = find (f, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE, 0);
  g_assert_nonnull (a4);
  id = a4->id;
  chorus_works_workspace_select (f->workspace, id);
  g_assert_true (chorus_test_wait_until (idle, f, 10000));
  g_assert_cmpuint (chorus_works_chain_get_pieces (chain)->len, >=, 1);
  g_assert_cmpint (chorus_works_chain_get_selected (chain)->id, ==, id);
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "works-workspace-dossier"));

  /* Refusing over amounts is stopped before anything is sent. */
  chorus_works_workspace_run_action (f->workspace, CHORUS_WORKS_ACTION_REFUSE, CHORUS_WORKS_REFUSAL_OTHER,
                                     "Montants contestés");
  g_assert_false (chorus_works_workspace_is_busy (f->workspace));
  g_assert_cmpstr (chorus_works_workspace_get_message (f->workspace), !=, "");
  /* Suspending needs a reason. */
  chorus_works_workspace_run_action (f->workspace, CHORUS_WORKS_ACTION_SUSPEND, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, "");
  g_assert_false (chorus_works_workspace_is_busy (f->workspace));

  chorus_works_workspace_run_action (f->workspace, CHORUS_WORKS_ACTION_SUSPEND, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                                     "Il manque la situation de travaux");
  g_assert_true (chorus_works_workspace_is_busy (f->workspace));
  g_assert_true (chorus_test_wait_until (idle, f, 10000));
  g_assert_cmpint (chorus_works_chain_get_selected (chain)->status, ==, CHORUS_WORKS_STATUS_SUSPENDUE);
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "works-workspace-suspended"));
}

static void
test_associate (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusWorksPiece) a4 = find (f, CHORUS_CADRE_A4, CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE, 0);
  ChorusDepositWizard *wizard = template_child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "wizard");
  GtkStack *stack = template_child (f->workspace, CHORUS_TYPE_WORKS_WORKSPACE, "stack");
  GListModel *cadres = template_child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "cadre_model");
  g_autoptr(GtkStringObject) only = NULL;
  g_autoptr(ChorusDepositDraft) draft = NULL;

  g_assert_nonnull (a4);
  chorus_works_workspace_select (f->workspace, a4->id);
  g_assert_true (chorus_test_wait_until (idle, f, 10000));
  chorus_works_workspace_run_action (f->workspace, CHORUS_WORKS_ACTION_ASSOCIATE, CHORUS_WORKS_REFUSAL_ROUTING_ERROR, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "associate");
  /* After a projet de décompte mensuel the MOE may only deposit an état d'acompte. */
  g_assert_cmpuint (g_list_model_get_n_items (cadres), ==, 1);
  only = g_list_model_get_item (cadres, 0);
  g_assert_true (g_str_has_prefix (gtk_string_object_get_string (only), "A15"));
  draft = chorus_deposit_wizard_get_draft (wizard);
  g_assert_cmpint (draft->previous_piece_id, ==, a4->id);
  g_assert_cmpstr (chorus_invoice_get_recipient_code (draft->invoice), ==, a4->moa_code);
  chorus_test_settle (500);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "works-workspace-associate"));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/works-workspace/synthese-processing", Fixture, NULL, fixture_set_up, test_synthese_and_processing,
              fixture_tear_down);
  g_test_add ("/works-workspace/associate", Fixture, NULL, fixture_set_up, test_associate, fixture_tear_down);
  return g_test_run ();
}
