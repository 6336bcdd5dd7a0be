/* test-validator-workspace.c: the validator's screen in French against the simulator, through real
 * widgets: the lists of both levels past their first page, the PDF, a validation that sends the
 * invoice to its second level, a refusal with the platform's motif, a decision made offline and
 * sent when Chorus Pro is back, no decision without a selection; at 1024×700 and full size. The
 * workspace's shape: F5 and Ctrl+R pull, "busy" around it, the session taken away and given back,
 * "waiting" as the lists show it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-sim.h"
#include "chorus-store-validation.h"
#include "chorus-test-sim.h"
#include "chorus-test-ui.h"
#include "chorus-validator-workspace-private.h"

/* The hold of the undo, in seconds: long enough for a screenshot on a loaded machine. */
#define HOLD_S 8

typedef struct {
  ChorusSim                *sim;
  ChorusClient             *client;
  char                     *dir;
  ChorusStore              *store;
  ChorusSync               *sync;
  ChorusSession            *session;
  GtkWindow                *window;
  ChorusValidatorWorkspace *workspace;
  ChorusInvoiceModel       *model;
} Fixture;

static void
store_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
pull (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  chorus_sync_pull_async (f->sync, NULL, store_result, &result);
  g_assert_true (chorus_test_wait_until (chorus_test_pointer_is_set, &result, 60000));
  g_assert_true (chorus_sync_pull_finish (f->sync, result, &error));
  g_assert_no_error (error);
}

/* The account also receives every invoice it validates (a received row under the same Chorus
 * id, stored first): the validator's rows get row keys of their own, which the screen, the
 * outbox and the sender must never take for Chorus ids. */
static void
occupy_keys (Fixture *f)
{
  static const ChorusStatus levels[] = { CHORUS_STATUS_A_VALIDER_1, CHORUS_STATUS_A_VALIDER_2 };
  g_autoptr(GError) error = NULL;

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autoptr(ChorusInvoicePage) page = NULL;
      ChorusInvoiceQuery query;

      chorus_invoice_query_init (&query);
      query.status = levels[l];
      query.page_size = 1000;
      page = chorus_client_search_to_validate_sync (f->client, &query, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->invoices->len; i++)
        {
          ChorusInvoice *invoice = g_ptr_array_index (page->invoices, i);

          chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
          chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
        }
      g_assert_true (chorus_store_upsert_invoices (f->store, page->invoices, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();
  gboolean full_size = GPOINTER_TO_INT (data);

  /* The dataset's own validations (first level, first then second level) and enough of the
   * random ones for both lists to need several pages of two. */
  f->sim = chorus_test_sim_start (11, 12000);
  f->client = chorus_test_sim_client (f->sim);
  chorus_client_set_timeout (f->client, 2);
  chorus_client_set_retry_policy (f->client, 1, 20, 100, 1000);
  f->dir = g_dir_make_tmp ("chorus-validator-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = chorus_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->sync = chorus_sync_new (f->client, f->store);
  chorus_sync_set_directions (f->sync, CHORUS_SYNC_TO_VALIDATE);
  chorus_sync_set_page_size (f->sync, 2);
  occupy_keys (f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, full_size ? 1600 : 1024, full_size ? 1000 : 700);
  f->workspace = CHORUS_VALIDATOR_WORKSPACE (chorus_validator_workspace_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->workspace));
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  pull (f);
  f->session = chorus_session_new_from_parts (NULL, f->client, f->store, f->sync);
  g_object_set (f->workspace, "session", f->session, NULL);
  f->model = chorus_validator_workspace_get_model (f->workspace);
  chorus_test_settle (300);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  chorus_test_settle (50);
  g_clear_object (&f->session);
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  chorus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->client);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

static GtkWidget *
named (Fixture *f, const char *name)
{
  GtkWidget *widget = chorus_test_find_named (GTK_WIDGET (f->window), name);

  g_assert_nonnull (widget);
  return widget;
}

/* Clicks @button as the user does (its action, or its toggle), without the press animation's delay. */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* What the simulator holds for the account's validators at @status, every page. */
static guint
server_count (Fixture *f, ChorusStatus status)
{
  ChorusInvoiceQuery query;
  g_autoptr(ChorusInvoicePage) page = NULL;
  g_autoptr(GError) error = NULL;

  chorus_invoice_query_init (&query);
  query.status = status;
  query.page_size = 1000;
  page = chorus_client_search_to_validate_sync (f->client, &query, NULL, &error);
  g_assert_no_error (error);
  return page->total;
}

/* The Chorus id of the invoice of row key @key: never the key itself here (see occupy_keys()). */
static gint64
chorus_id_of (Fixture *f, gint64 key)
{
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (f->store, key, NULL);
  gint64 id;

  g_assert_nonnull (invoice);
  id = chorus_invoice_get_id (invoice);
  g_assert_cmpint (id, !=, key);
  return id;
}

static ChorusHistory *
server_history (Fixture *f, gint64 key)
{
  g_autoptr(GError) error = NULL;
  ChorusHistory *history = chorus_client_get_history_sync (f->client, chorus_id_of (f, key), NULL, &error);

  g_assert_no_error (error);
  return history;
}

/* Whether a second validator follows the first, from the simulator's consulter/valideur (raw). */
static gboolean
has_second_level (Fixture *f, gint64 key)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cadre;

  json_object_set_int_member (body, "identifiantFactureCPP", chorus_id_of (f, key));
  answer = chorus_client_call_sync (f->client, "factures/v1/consulter/valideur", body, NULL, &error);
  g_assert_no_error (error);
  cadre = json_object_get_object_member (json_object_get_object_member (answer, "facture"), "cadreDeFacturation");
  return json_object_get_int_member_with_default (cadre, "idValideur2", 0) != 0;
}

/* The row of the list shown now whose invoice matches @second_level (-1: any). */
static gint64
find_row (Fixture *f, int second_level)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->model)); i++)
    {
      gint64 id = chorus_invoice_model_get_id (f->model, i);

      if (second_level < 0 || has_second_level (f, id) == second_level)
        return id;
    }
  g_assert_not_reached ();
}

typedef struct {
  Fixture *f;
  gint64   id;
} Shown;

static gboolean
invoice_shown (gpointer data)
{
  Shown *shown = data;
  ChorusInvoice *invoice = chorus_invoice_detail_get_invoice (chorus_validator_workspace_get_detail (shown->f->workspace));

  return invoice != NULL && chorus_invoice_get_key (invoice) == shown->id;
}

static void
select_invoice (Fixture *f, gint64 id)
{
  Shown shown = { f, id };

  g_assert_true (chorus_invoice_list_select_id (chorus_validator_workspace_get_list (f->workspace), id));
  g_assert_true (chorus_test_wait_until (invoice_shown, &shown, 10000));
  chorus_test_settle (100);
}

static guint
tab_count (Fixture *f, ChorusValidationStage stage)
{
  ChorusInvoiceFilter filter;
  guint counts[CHORUS_VALIDATION_STAGE_LAST];

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_TO_VALIDATE;
  g_assert_true (chorus_store_count_validation_stages (f->store, &filter, counts, NULL));
  return counts[stage];
}

static void
test_lists_and_pdf (Fixture *f, gconstpointer data)
{
  ChorusInvoiceDetail *detail = chorus_validator_workspace_get_detail (f->workspace);
  ChorusPdfView *pdf = chorus_invoice_detail_get_pdf_view (detail);
  guint level1 = server_count (f, CHORUS_STATUS_A_VALIDER_1);
  guint level2 = server_count (f, CHORUS_STATUS_A_VALIDER_2);
  g_autofree char *shot = NULL;
  gboolean full_size = GPOINTER_TO_INT (data);

  /* Two a page: every invoice of both levels arrived all the same. */
  g_assert_cmpuint (level1, >, 2);
  g_assert_cmpuint (level2, >, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, level1);
  g_assert_cmpuint (chorus_validator_workspace_get_waiting (f->workspace), ==, level1 + level2);

  /* Nothing selected: no decision can be taken. */
  g_assert_false (gtk_widget_is_sensitive (named (f, "validate-button")) && gtk_widget_get_mapped (named (f, "validate-button")));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->workspace), "validator.validate", NULL) &&
                  chorus_store_count_open_actions (f->store) > 0);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), full_size ? "validator-level1-full" : "validator-level1-1024");
  g_clear_pointer (&shot, g_free);

  /* The second level's tab lists its own. */
  click (named (f, "stage-level-2"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, level2);

  /* Its PDF, as the recipient sees one; the decisions are under it. */
  select_invoice (f, chorus_invoice_model_get_id (f->model, 0));
  chorus_invoice_detail_show_page (detail, "pdf");
  chorus_split_view_show_detail (chorus_validator_workspace_get_split_view (f->workspace));
  if (!chorus_test_wait_until (chorus_test_pdf_ready, pdf, 30000))
    g_error ("PDF not shown: state %d, %s", chorus_pdf_view_get_state (pdf), chorus_pdf_view_get_message (pdf));
  g_assert_true (gtk_widget_is_sensitive (named (f, "validate-button")));
  chorus_test_settle (300);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), full_size ? "validator-pdf-full" : "validator-pdf-1024");
  g_clear_pointer (&shot, g_free);
  chorus_invoice_detail_show_page (detail, "summary");
  chorus_test_settle (200);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), full_size ? "validator-summary-full" : "validator-summary-1024");
}

/* The mark of @id's row in the list shown (its last action's state). */
static ChorusActionMark
row_mark (Fixture *f, gint64 id)
{
  guint position = chorus_invoice_model_find (f->model, id);
  g_autoptr(ChorusInvoice) invoice = NULL;

  g_assert_cmpuint (position, !=, G_MAXUINT);
  invoice = g_list_model_get_item (G_LIST_MODEL (f->model), position);
  return chorus_action_mark_for (invoice, chorus_invoice_model_get_last_action (invoice), NULL);
}

static void
test_validate_level1 (Fixture *f, gconstpointer data)
{
  ChorusInvoiceList *list = chorus_validator_workspace_get_list (f->workspace);
  guint before1 = tab_count (f, CHORUS_VALIDATION_STAGE_LEVEL_1);
  guint before2 = tab_count (f, CHORUS_VALIDATION_STAGE_LEVEL_2);
  ChorusTestActionWait waiting = { f->store, 0 };
  g_autoptr(ChorusHistory) before = NULL;
  g_autoptr(ChorusHistory) undone = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(ChorusInvoice) stored = NULL;
  g_autoptr(GArray) selected = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *number = NULL;
  GtkWidget *undo;

  /* An invoice with a second validator after the first. */
  waiting.id = find_row (f, TRUE);
  before = server_history (f, waiting.id);
  stored = chorus_store_load_invoice (f->store, waiting.id, NULL);
  number = g_strdup (chorus_invoice_get_number (stored));
  g_clear_object (&stored);

  /* Held for an undo as the recipient's actions are: the toast names the decision and the invoice. */
  chorus_sync_set_hold_time (f->sync, HOLD_S * 1000);
  select_invoice (f, waiting.id);
  click (named (f, "validate-button"));
  g_test_message ("%s", chorus_validator_workspace_get_last_toast (f->workspace));
  g_assert_nonnull (strstr (chorus_validator_workspace_get_last_toast (f->workspace), "Validation → "));
  g_assert_nonnull (strstr (chorus_validator_workspace_get_last_toast (f->workspace), number));
  undo = chorus_test_toast_button (GTK_WIDGET (f->window), _("_Undo"));
  g_assert_nonnull (undo);

  /* It left the first level at once, and the next invoice took its place in the selection. */
  g_assert_cmpuint (chorus_invoice_model_find (f->model, waiting.id), ==, G_MAXUINT);
  selected = chorus_invoice_list_get_selected_ids (list);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpint (g_array_index (selected, gint64, 0), !=, waiting.id);
  chorus_test_settle (300);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), "validator-undo-toast");

  /* "Annuler": back at the first level and selected; nothing reached Chorus Pro. */
  g_assert_true (gtk_widget_activate (undo));
  chorus_test_settle (600);   /* a button's activation clicks once its press is shown */
  g_assert_cmpstr (chorus_validator_workspace_get_last_toast (f->workspace), ==,
                   _("Undone: nothing was sent to Chorus Pro"));
  g_assert_cmpuint (chorus_invoice_model_find (f->model, waiting.id), !=, G_MAXUINT);
  g_clear_pointer (&selected, g_array_unref);
  selected = chorus_invoice_list_get_selected_ids (list);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpint (g_array_index (selected, gint64, 0), ==, waiting.id);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (named (f, "validate-button")));
  undone = server_history (f, waiting.id);
  g_assert_cmpint (undone->current_status, ==, CHORUS_STATUS_A_VALIDER_1);
  g_assert_cmpuint (undone->events->len, ==, before->events->len);

  /* Validated again, and let go this time. */
  chorus_sync_set_hold_time (f->sync, 0);
  click (named (f, "validate-button"));
  g_assert_cmpuint (chorus_invoice_model_find (f->model, waiting.id), ==, G_MAXUINT);

  /* Chorus Pro sends it on to its second validator; the store, the tabs and the toast follow. */
  g_assert_true (chorus_test_wait_until (chorus_test_no_pending_action, &waiting, 30000));
  history = server_history (f, waiting.id);
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_A_VALIDER_2);
  stored = chorus_store_load_invoice (f->store, waiting.id, NULL);
  g_assert_cmpint (chorus_invoice_get_status (stored), ==, CHORUS_STATUS_A_VALIDER_2);
  chorus_test_settle (300);
  g_assert_cmpuint (tab_count (f, CHORUS_VALIDATION_STAGE_LEVEL_1), ==, before1 - 1);
  g_assert_cmpuint (tab_count (f, CHORUS_VALIDATION_STAGE_LEVEL_2), ==, before2 + 1);
  g_test_message ("%s", chorus_validator_workspace_get_last_toast (f->workspace));
  g_assert_nonnull (strstr (chorus_validator_workspace_get_last_toast (f->workspace), "Chorus Pro a reçu : Validation ✓"));
  g_assert_nonnull (strstr (chorus_validator_workspace_get_last_toast (f->workspace), number));

  /* In the second level's tab, its row says Chorus Pro has the decision, as the recipient's rows do. */
  click (named (f, "stage-level-2"));
  g_assert_cmpint (row_mark (f, waiting.id), ==, CHORUS_ACTION_MARK_SENT);
  select_invoice (f, waiting.id);
  chorus_test_settle (300);
  g_clear_pointer (&shot, g_free);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), "validator-validated");
}

static gboolean
motifs_read (gpointer data)
{
  return !chorus_validation_dialog_is_loading (data) && chorus_validation_dialog_get_n_motifs (data) > 0;
}

static void
test_refuse_with_motif (Fixture *f, gconstpointer data)
{
  ChorusTestActionWait waiting = { f->store, 0 };
  ChorusValidationDialog *dialog;
  g_autoptr(ChorusHistory) history = NULL;
  g_autofree char *shot = NULL;
  ChorusStatusEvent *last;

  waiting.id = find_row (f, -1);
  select_invoice (f, waiting.id);
  click (named (f, "refuse-button"));
  dialog = chorus_validator_workspace_get_dialog (f->workspace);
  g_assert_nonnull (dialog);
  g_assert_true (chorus_test_wait_until (motifs_read, dialog, 10000));
  /* No motif chosen yet: the refusal cannot go. */
  g_assert_false (gtk_widget_is_sensitive (chorus_test_find_named (GTK_WIDGET (dialog), "apply-button")));
  chorus_validation_dialog_choose_motif (dialog, 2);
  chorus_validation_dialog_set_complement (dialog, "Le bon de livraison signé manque");
  chorus_test_settle (200);
  shot = chorus_test_screenshot (GTK_WIDGET (dialog), "validator-refuse-dialog");
  click (chorus_test_find_named (GTK_WIDGET (dialog), "apply-button"));
  g_assert_null (chorus_validator_workspace_get_dialog (f->workspace));

  g_assert_true (chorus_test_wait_until (chorus_test_no_pending_action, &waiting, 30000));
  history = server_history (f, waiting.id);
  g_assert_cmpint (history->current_status, ==, CHORUS_STATUS_REFUSEE_1);
  /* The motif the platform offered is the one it recorded. */
  last = g_ptr_array_index (history->events, history->events->len - 1);
  g_assert_nonnull (last->comment);
  g_test_message ("recorded motif: %s", last->comment);

  /* The decided tab lists it with the platform's status. */
  click (named (f, "stage-decided"));
  g_assert_cmpuint (chorus_invoice_model_find (f->model, waiting.id), !=, G_MAXUINT);
  select_invoice (f, waiting.id);
  g_assert_false (gtk_widget_is_sensitive (named (f, "refuse-button")));
  chorus_test_settle (200);
  g_clear_pointer (&shot, g_free);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), "validator-decided");
}

static gboolean
went_offline (gpointer data)
{
  Fixture *f = data;

  return !chorus_sync_get_online (f->sync) && !chorus_sync_get_flushing (f->sync);
}

static void
test_offline_then_online (Fixture *f, gconstpointer data)
{
  ChorusSimFaults down = { .failure_rate = 1.0, .http_5xx = TRUE };
  ChorusSimFaults up = { 0 };
  ChorusTestActionWait waiting = { f->store, 0 };
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *shot = NULL;

  waiting.id = find_row (f, -1);
  select_invoice (f, waiting.id);
  chorus_sim_set_faults (f->sim, &down);
  click (named (f, "validate-button"));
  g_assert_true (chorus_test_wait_until (went_offline, f, 30000));
  g_test_message ("%s", chorus_validator_workspace_get_last_toast (f->workspace));
  g_assert_cmpuint (chorus_store_count_open_actions_for_invoice (f->store, waiting.id), ==, 1);
  click (named (f, "stage-decided"));
  select_invoice (f, waiting.id);
  chorus_test_settle (300);
  shot = chorus_test_screenshot (GTK_WIDGET (f->window), "validator-offline-waiting");

  /* Chorus Pro is back: the next pull gets through, and the decision leaves by itself. */
  chorus_sim_set_faults (f->sim, &up);
  chorus_sync_pull_async (f->sync, NULL, store_result, &result);
  g_assert_true (chorus_test_wait_until (chorus_test_no_pending_action, &waiting, 60000));
  g_assert_true (chorus_test_wait_until (chorus_test_pointer_is_set, &result, 60000));
  history = server_history (f, waiting.id);
  g_assert_cmpint (chorus_status_validation_level (history->current_status), ==, 0);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
}

/* The rows of the tab @stage, as the list shows them. */
static guint
listed (Fixture *f, const char *stage)
{
  click (named (f, stage));
  return g_list_model_get_n_items (G_LIST_MODEL (chorus_validator_workspace_get_model (f->workspace)));
}

static void
test_workspace_shape (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gboolean));
  guint level1 = server_count (f, CHORUS_STATUS_A_VALIDER_1);
  guint level2 = server_count (f, CHORUS_STATUS_A_VALIDER_2);
  ChorusSession *session = NULL;
  gulong handler;

  /* "waiting" is what both tabs list. */
  g_assert_cmpuint (listed (f, "stage-level-1"), ==, level1);
  g_assert_cmpuint (listed (f, "stage-level-2"), ==, level2);
  g_assert_cmpuint (chorus_validator_workspace_get_waiting (f->workspace), ==, level1 + level2);
  g_assert_false (chorus_validator_workspace_get_busy (f->workspace));

  /* F5 and Ctrl+R read Chorus Pro again: "busy" goes up, then down once the pull is over. */
  handler = chorus_test_record_busy (f->workspace, seen);
  g_assert_cmpstr (chorus_test_press_shortcut (GTK_WIDGET (f->workspace), GDK_KEY_F5, 0), ==, "validator.refresh");
  g_assert_true (chorus_test_wait_until (chorus_test_busy_went_and_came_back, seen, 60000));
  g_array_set_size (seen, 0);
  g_assert_cmpstr (chorus_test_press_shortcut (GTK_WIDGET (f->workspace), GDK_KEY_r, GDK_CONTROL_MASK), ==,
                   "validator.refresh");
  g_assert_true (chorus_test_wait_until (chorus_test_busy_went_and_came_back, seen, 60000));
  g_signal_handler_disconnect (f->workspace, handler);
  g_assert_cmpuint (chorus_validator_workspace_get_waiting (f->workspace), ==, level1 + level2);

  /* No session: nothing of its data, and nothing to do. */
  chorus_validator_workspace_set_session (f->workspace, NULL);
  g_object_get (f->workspace, "session", &session, NULL);
  g_assert_null (session);
  g_assert_null (chorus_validator_workspace_get_model (f->workspace));
  g_assert_cmpuint (chorus_validator_workspace_get_waiting (f->workspace), ==, 0);
  /* The action is off: its button is insensitive. */
  g_assert_false (gtk_widget_is_sensitive (chorus_test_find_named (GTK_WIDGET (f->workspace), "refresh")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (chorus_test_template_child (GTK_WIDGET (f->workspace), "count_label"))), ==, "");

  /* Given back: the lists again, as they were. */
  chorus_validator_workspace_set_session (f->workspace, f->session);
  g_assert_true (chorus_validator_workspace_get_session (f->workspace) == f->session);
  g_assert_cmpuint (chorus_validator_workspace_get_waiting (f->workspace), ==, level1 + level2);
  g_assert_cmpuint (listed (f, "stage-level-1"), ==, level1);
  g_assert_cmpuint (listed (f, "stage-level-2"), ==, level2);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("fr_FR.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
#define ADD(path, size, func) g_test_add (path, Fixture, GINT_TO_POINTER (size), fixture_set_up, func, fixture_tear_down)
  ADD ("/validator-workspace/lists-and-pdf-1024", FALSE, test_lists_and_pdf);
  ADD ("/validator-workspace/lists-and-pdf-full-size", TRUE, test_lists_and_pdf);
  ADD ("/validator-workspace/validate-level-1", TRUE, test_validate_level1);
  ADD ("/validator-workspace/refuse-with-motif", TRUE, test_refuse_with_motif);
  ADD ("/validator-workspace/offline-then-online", FALSE, test_offline_then_online);
  ADD ("/validator-workspace/shortcuts-busy-session-count", FALSE, test_workspace_shape);
#undef ADD
  return g_test_run ();
}
