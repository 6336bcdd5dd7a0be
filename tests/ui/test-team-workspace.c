/* test-team-workspace.c: two recipient workspaces (two desktops) on one real PostgreSQL team database, in French:
 * an assignment made in one detail shows in the other's row and detail with "Modifié par … à …",
 * the invoice open on one desktop shows as being processed on the other (icon, tooltip, detail),
 * and a colleague's change arriving while one types another field keeps both. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-followup-form.h"
#include "chorus-recipient-actions.h"
#include "chorus-status.h"
#include "chorus-team-sync-private.h"
#include "chorus-test-invoices.h"
#include "chorus-test-pg.h"
#include "chorus-test-ui.h"
#include "chorus-test-workspace.h"

#define OWNER "equipe"
#define OWNER_PASSWORD "equipe-secret"
#define N_invoice_idS 40

static ChorusTestPg *pg;
static char *skip_reason;
static gint64 invoice_id;   /* one of the rows both lists show */

typedef struct {
  ChorusTestWorkspace ws;
  ChorusTeamSync     *sync;
} Desk;

static gboolean
online (gpointer data)
{
  return chorus_team_sync_get_state (((Desk *) data)->sync) == CHORUS_TEAM_STATE_ONLINE;
}

static void
desk_open (Desk *desk, const char *database, const char *login, const char *name)
{
  g_autoptr(ChorusTeamConfig) config = chorus_test_pg_config (pg, database, OWNER);
  g_autoptr(ChorusTeamIdentity) identity = chorus_team_identity_new (login, name);
  g_autoptr(GError) error = NULL;

  chorus_test_workspace_open_store (&desk->ws, N_invoice_idS);
  chorus_test_workspace_show (&desk->ws, 1366, 768);
  desk->sync = chorus_team_sync_new (desk->ws.store, config, identity, &error);
  g_assert_no_error (error);
  chorus_team_sync_set_password (desk->sync, OWNER_PASSWORD);
  chorus_team_sync_set_retry_delays (desk->sync, 100, 500);
  _chorus_recipient_workspace_set_team (desk->ws.workspace, desk->sync);
  chorus_team_sync_start (desk->sync);
  g_assert_true (chorus_test_wait_until (online, desk, 30000));
}

static void
desk_close (Desk *desk)
{
  _chorus_recipient_workspace_set_team (desk->ws.workspace, NULL);
  g_clear_object (&desk->sync);
  chorus_test_workspace_close (&desk->ws);
}

static GtkWidget *
form_part (Desk *desk, const char *name)
{
  GtkWidget *detail = GTK_WIDGET (_chorus_recipient_workspace_get_detail (desk->ws.workspace));
  GtkWidget *widget = chorus_test_find_named (detail, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
open_invoice (Desk *desk, gint64 id)
{
  g_assert_true (chorus_invoice_list_select_id (desk->ws.list, id));
  chorus_test_workspace_wait_detail (&desk->ws, id, 10000);
}

static const char *
selected_gestionnaire (Desk *desk)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (form_part (desk, "gestionnaire-dropdown"));
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

typedef struct {
  Desk       *desk;
  const char *expected;
} Expect;

static gboolean
shows_gestionnaire (gpointer data)
{
  Expect *expect = data;

  return g_strcmp0 (selected_gestionnaire (expect->desk), expect->expected) == 0;
}

static gboolean
shows_reference (gpointer data)
{
  Expect *expect = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (form_part (expect->desk, "reference-entry"))),
                    expect->expected) == 0;
}

static gboolean
label_starts (gpointer data)
{
  Expect *expect = data;
  GtkWidget *label = form_part (expect->desk, "followup-claim");

  return gtk_widget_get_visible (gtk_widget_get_parent (label)) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), expect->expected);
}

static gboolean
row_gestionnaire_is (gpointer data)
{
  Expect *expect = data;
  ChorusInvoiceModel *model = expect->desk->ws.model;
  guint position = chorus_invoice_model_find (model, invoice_id);
  g_autoptr(ChorusInvoice) invoice = position != G_MAXUINT ? g_list_model_get_item (G_LIST_MODEL (model), position) : NULL;

  return invoice != NULL && g_strcmp0 (chorus_invoice_get_gestionnaire (invoice), expect->expected) == 0;
}

static gboolean
has_handler (gpointer data)
{
  Expect *expect = data;
  g_auto(GStrv) names = chorus_store_list_gestionnaires (expect->desk->ws.store, NULL);

  return g_strv_contains ((const char * const *) names, expect->expected);
}

static gboolean
has_rejection_motif (gpointer data)
{
  Expect *expect = data;
  g_auto(GStrv) motifs = chorus_store_list_motifs (expect->desk->ws.store, CHORUS_MOTIF_REJECTION, NULL);

  return motifs != NULL && g_strv_contains ((const char * const *) motifs, expect->expected);
}

/* As a click does: the answer, then the dialog goes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

static AdwMessageDialog *
wait_message_dialog (void)
{
  AdwMessageDialog *dialog = NULL;

  g_assert_true (chorus_test_wait_until (message_dialog_shown, &dialog, 10000));
  return dialog;
}

static void
select_gestionnaire (Desk *desk, const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (form_part (desk, "gestionnaire-dropdown"));
  GListModel *names = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (names, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("%s is not offered", name);
}

static void
test_two_workspaces (void)
{
  g_autofree char *database = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *server = NULL;
  Desk marie = { 0 }, paul = { 0 };
  Expect expect;
  GtkWidget *notes;

  if (pg == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  desk_open (&marie, database, "marie", "Marie Curie");
  desk_open (&paul, database, "paul", "Paul Durand");

  invoice_id = chorus_invoice_model_get_id (marie.ws.model, 3);

  /* A handler added on one desktop is offered on the other. */
  g_assert_true (chorus_store_add_gestionnaire (marie.ws.store, "Claire Martin", NULL));
  expect = (Expect) { &paul, "Claire Martin" };
  g_assert_true (chorus_test_wait_until (has_handler, &expect, 10000));

  /* Both open the same invoice; after a moment Paul's counts as being processed by him. */
  open_invoice (&paul, invoice_id);
  open_invoice (&marie, invoice_id);
  expect = (Expect) { &marie, "En cours de traitement par Paul Durand depuis " };
  g_assert_true (chorus_test_wait_until (label_starts, &expect, 15000));
  g_assert_true (chorus_team_sync_is_claimed_by_other (marie.sync, invoice_id));

  /* Marie assigns it: Paul's detail and row follow, with who and when. */
  select_gestionnaire (&marie, "Claire Martin");
  expect = (Expect) { &paul, "Claire Martin" };
  g_assert_true (chorus_test_wait_until (shows_gestionnaire, &expect, 10000));
  g_assert_true (chorus_test_wait_until (row_gestionnaire_is, &expect, 10000));
  caption = g_strdup (gtk_label_get_text (GTK_LABEL (form_part (&paul, "followup-gestionnaire-caption"))));
  g_assert_true (g_str_has_prefix (caption, "Modifié par Marie Curie à "));

  /* Paul is typing notes when Marie changes the file number: his typing stays, hers shows, and his
   * save does not put the old number back. */
  notes = form_part (&paul, "notes-view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes)), "Relancé l’organisme", -1);
  gtk_editable_set_text (GTK_EDITABLE (form_part (&marie, "reference-entry")), "DAPEC 2026/14");
  expect = (Expect) { &paul, "DAPEC 2026/14" };
  g_assert_true (chorus_test_wait_until (shows_reference, &expect, 10000));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes));
    GtkTextIter start, end;
    g_autofree char *typed = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    typed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (typed, ==, "Relancé l’organisme");
  }
  g_assert_true (chorus_followup_form_save_now (CHORUS_FOLLOWUP_FORM (
    gtk_widget_get_ancestor (notes, CHORUS_TYPE_FOLLOWUP_FORM))));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (chorus_store_team_count_pending (paul.ws.store) > 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT string_agg (field || '=' || value, ', ' ORDER BY field)"
                                            " FROM team_invoice_fields WHERE invoice_id = %" G_GINT64_FORMAT, invoice_id);
    server = chorus_test_pg_query_value (pg, database, sql);
  }
  g_assert_cmpstr (server, ==, "gestionnaire=Claire Martin, internal_reference=DAPEC 2026/14, "
                               "notes=Relancé l’organisme");

  /* A rejection motif one adds is offered to the other. */
  g_assert_true (chorus_store_add_motif (marie.ws.store, CHORUS_MOTIF_REJECTION, "Organisme non conventionné", NULL));
  expect = (Expect) { &paul, "Organisme non conventionné" };
  g_assert_true (chorus_test_wait_until (has_rejection_motif, &expect, 10000));

  chorus_invoice_detail_show_page (_chorus_recipient_workspace_get_detail (marie.ws.workspace), "followup");
  chorus_invoice_detail_show_page (_chorus_recipient_workspace_get_detail (paul.ws.workspace), "followup");
  chorus_test_workspace_shot (&marie.ws, "team-workspace-marie-fr");
  chorus_test_workspace_shot (&paul.ws, "team-workspace-paul-fr");

  /* Marie moves to process it while Paul holds it: she is asked first; "Cancel" queues nothing,
   * "Process anyway" goes on as usual. */
  {
    ChorusRecipientActions *actions = _chorus_recipient_workspace_get_actions (marie.ws.workspace);
    AdwMessageDialog *dialog;

    g_assert_cmpuint (chorus_store_count_open_actions (marie.ws.store), ==, 0);
    chorus_recipient_actions_process (actions, CHORUS_STATUS_SERVICE_FAIT);
    dialog = wait_message_dialog ();
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Paul Durand"));
    chorus_test_screenshot (GTK_WIDGET (dialog), "team-ask-first-fr");
    answer (dialog, "cancel");
    g_assert_cmpuint (chorus_store_count_open_actions (marie.ws.store), ==, 0);
    chorus_recipient_actions_process (actions, CHORUS_STATUS_SERVICE_FAIT);
    dialog = wait_message_dialog ();
    answer (dialog, "process");
    chorus_test_settle (100);
    g_assert_cmpuint (chorus_store_count_open_actions (marie.ws.store), ==, 1);
  }

  desk_close (&paul);
  desk_close (&marie);
}

int
main (int argc, char **argv)
{
  int status;

  chorus_test_init_locale ("fr_FR.UTF-8");
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  chorus_test_load_style ();
  chorus_test_workspace_reset_settings ();
  pg = chorus_test_pg_start (&skip_reason);

  g_test_add_func ("/ui/team-workspace/two-workspaces", test_two_workspaces);
  status = g_test_run ();
  g_clear_pointer (&pg, chorus_test_pg_free);
  g_free (skip_reason);
  return status;
}
