/* test-recipient-actions.c: the recipient's actions against the in-process simulator, through real
 * widgets, in French: undo within the hold sends nothing, a refusal shows Chorus Pro's libelle and
 * gives the status back, the menus offer what recuperer/etats/traitement allows, the history shows
 * the user's actions, attachments open, duplicates show with their reason. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-duplicates.h"
#include "chorus-recipient-actions.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-session.h"
#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"
#include "chorus-attachments-list-private.h"
#include "chorus-duplicates-list-private.h"
#include "chorus-filter-bar-private.h"
#include "chorus-history-list-private.h"
#include "chorus-invoice-detail-private.h"
#include "chorus-pdf-view-private.h"
#include "chorus-process-dialog-private.h"

/* The hold of the undo test, in seconds. */
#define HOLD_S 10

typedef struct {
  ChorusSession            *session;
  GtkWidget                *window;
  ChorusRecipientWorkspace *workspace;
  ChorusRecipientActions   *actions;
  ChorusInvoiceModel       *model;
  ChorusSync               *sync;
  ChorusStore              *store;
  ChorusClient             *other;    /* another client of the simulator: the portal, another user */
} Fixture;

static void
set_hold (guint seconds)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_uint (settings, "action-hold-seconds", seconds);
}

static gboolean
has_rows (gpointer data)
{
  Fixture *fixture = data;

  return !chorus_sync_get_pulling (fixture->sync) && g_list_model_get_n_items (G_LIST_MODEL (fixture->model)) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  set_hold (GPOINTER_TO_UINT (data));
  fixture->session = chorus_session_new_demo (300, &error);
  g_assert_no_error (error);
  fixture->store = chorus_session_get_store (fixture->session);
  fixture->sync = chorus_session_get_sync (fixture->session);
  fixture->other = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_session_get_demo_url (fixture->session));
  chorus_client_set_credentials (fixture->other, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1500, 900);
  fixture->workspace = CHORUS_RECIPIENT_WORKSPACE (chorus_recipient_workspace_new ());
  gtk_box_append (GTK_BOX (box), chorus_recipient_workspace_get_status_widget (fixture->workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->workspace), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->workspace));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  chorus_recipient_workspace_set_session (fixture->workspace, fixture->session);
  fixture->model = _chorus_recipient_workspace_get_model (fixture->workspace);
  fixture->actions = _chorus_recipient_workspace_get_actions (fixture->workspace);
  gtk_window_present (GTK_WINDOW (fixture->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.refresh", NULL));
  g_assert_true (chorus_test_wait_until (has_rows, fixture, 60000));
  chorus_test_settle (300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  chorus_test_settle (100);
  g_clear_object (&fixture->other);
  g_clear_object (&fixture->session);
}

/* The first invoice of the list in @status, selected; 0 if none. */
static gint64
select_first_in (Fixture      *fixture,
                 ChorusStatus  status)
{
  ChorusInvoiceList *list = _chorus_recipient_workspace_get_list (fixture->workspace);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);

      if (chorus_invoice_get_status (invoice) == status)
        {
          gint64 id = chorus_invoice_get_id (invoice);

          g_assert_true (chorus_invoice_list_select_id (list, id));
          chorus_test_settle (150);
          return id;
        }
    }
  return 0;
}

static ChorusStatus
server_status (Fixture *fixture,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (fixture->other, id, NULL, &error);

  g_assert_no_error (error);
  return history->current_status;
}

static ChorusStatus
local_status (Fixture *fixture,
              gint64   id)
{
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (fixture->store, id, NULL);

  return invoice ? chorus_invoice_get_status (invoice) : CHORUS_STATUS_UNKNOWN;
}

static void
show_group (Fixture           *fixture,
            ChorusStatusGroup  group)
{
  chorus_filter_bar_set_group (_chorus_recipient_workspace_get_filter_bar (fixture->workspace), group);
  chorus_test_settle (200);
}

static gboolean
no_open_action (gpointer data)
{
  return chorus_store_count_open_actions (((Fixture *) data)->store) == 0;
}

static char *
shot (Fixture    *fixture,
      const char *name)
{
  chorus_test_settle (300);
  return chorus_test_screenshot (fixture->window, name);
}

/* "S" then "Annuler" on the toast, within the hold: the row comes back, nothing reaches Chorus Pro. */
static void
test_undo_sends_nothing (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  GtkWidget *badge = chorus_recipient_actions_get_badge (fixture->actions);
  g_autofree char *waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action waiting", "%u actions waiting", 1), 1);
  g_autofree char *path = NULL;
  GtkWidget *undo;
  gint64 queued_at;
  guint rows;
  gint64 id;

  show_group (fixture, CHORUS_STATUS_GROUP_TO_PROCESS);
  id = select_first_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpint (id, !=, 0);
  rows = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));

  queued_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_SERVICE_FAIT));
  /* At once: the row leaves "À traiter", the header says one action waits, the toast offers "Annuler". */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, rows - 1);
  g_assert_cmpint (local_status (fixture, id), ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (badge)), ==, waiting);
  undo = chorus_test_toast_button (fixture->window, _("_Undo"));
  /* The toast names the invoice processed, not the one the selection moved on to. */
  {
    g_autoptr(ChorusInvoice) processed = chorus_store_load_invoice (fixture->store, id, NULL);

    g_assert_nonnull (strstr (chorus_recipient_actions_get_last_toast (fixture->actions),
                              chorus_invoice_get_number (processed)));
  }
  g_assert_nonnull (undo);
  path = shot (fixture, "actions-undo-toast");

  /* The toast's own button, as the user clicks it. */
  g_assert_true (gtk_widget_activate (undo));
  chorus_test_settle (400);     /* a button's activation clicks it after 250 ms */
  g_assert_cmpint (local_status (fixture, id), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, rows);
  g_assert_cmpstr (chorus_recipient_actions_get_last_toast (fixture->actions), ==, _("Undone: nothing was sent to Chorus Pro"));

  /* Well past the hold: the simulator still has the invoice as it was, and the outbox holds nothing. */
  chorus_test_settle ((guint) MAX (0, (queued_at + (HOLD_S + 1) * G_USEC_PER_SEC - g_get_monotonic_time ()) / 1000));
  g_assert_cmpint (server_status (fixture, id), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 0);
  {
    g_autoptr(GPtrArray) left = chorus_store_outbox_list_for_invoice (fixture->store, id, NULL);
    g_assert_cmpuint (left->len, ==, 0);
  }
  g_assert_false (gtk_widget_get_visible (badge));
}

typedef struct {
  Fixture *fixture;
  gint64   id;
} Watched;

static gboolean
rejected_locally (gpointer data)
{
  Watched *watched = data;

  return local_status (watched->fixture, watched->id) == CHORUS_STATUS_REJETEE;
}

/* Someone rejected the invoice on the portal meanwhile: Chorus Pro refuses "Service fait"; the app
 * shows its sentence and gives the invoice its status back, and the row says so. */
static void
test_refusal_shows_libelle (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  g_autoptr(ChorusActionResult) elsewhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) last = NULL;
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *path = NULL;
  ChorusAction *action;
  gint64 id;

  show_group (fixture, CHORUS_STATUS_GROUP_TO_PROCESS);
  id = select_first_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpint (id, !=, 0);
  elsewhere = chorus_client_process_received_sync (fixture->other, id, CHORUS_STATUS_REJETEE, "Rejet sur le portail",
                                                   NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_SERVICE_FAIT));
  g_assert_true (chorus_test_wait_until (no_open_action, fixture, 60000));
  chorus_test_settle (800);

  last = chorus_store_outbox_last_actions (fixture->store, &id, 1, &error);
  action = g_hash_table_lookup (last, &id);
  g_assert_nonnull (action);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_FAILED);
  g_assert_nonnull (action->message);
  /* The simulator's own sentence, shown as it came, in the toast. */
  g_assert_nonnull (strstr (chorus_recipient_actions_get_last_toast (fixture->actions), action->message));
  /* Not "Service fait": the status before the action at once, then the one Chorus Pro has. */
  g_assert_true (chorus_test_wait_until (rejected_locally, &(Watched) { fixture, id }, 30000));
  invoice = chorus_store_load_invoice (fixture->store, id, NULL);
  g_assert_cmpint (chorus_action_mark_for (invoice, action, &tooltip), ==, CHORUS_ACTION_MARK_REFUSED);
  g_assert_nonnull (strstr (tooltip, action->message));

  /* The detail of that invoice says it too. */
  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  chorus_recipient_workspace_show_invoice (fixture->workspace, id);
  chorus_test_settle (300);
  g_assert_nonnull (chorus_invoice_detail_get_action_state (detail));
  g_assert_nonnull (strstr (chorus_invoice_detail_get_action_state (detail), action->message));
  path = shot (fixture, "actions-refused");
}

static gboolean
transitions_answered (gpointer data)
{
  return chorus_transitions_get_pending (data) == 0;
}

/* For invoices in several statuses, what the menus and the detail's buttons offer is what
 * recuperer/etats/traitement of the simulator answers for that status. */
static void
test_menus_follow_etats_traitement (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const ChorusStatus statuses[] = {
    CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_MANDATEE,
    CHORUS_STATUS_MISE_EN_PAIEMENT, CHORUS_STATUS_SUSPENDUE, CHORUS_STATUS_REJETEE,
  };
  static const ChorusStatus targets[] = {
    CHORUS_STATUS_SERVICE_FAIT, CHORUS_STATUS_REJETEE, CHORUS_STATUS_SUSPENDUE, CHORUS_STATUS_A_RECYCLER,
    CHORUS_STATUS_MANDATEE, CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE, CHORUS_STATUS_COMPTABILISEE,
    CHORUS_STATUS_MISE_EN_PAIEMENT, CHORUS_STATUS_MISE_A_DISPOSITION,
  };
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  GtkWidget *service_fait_button = chorus_test_find_widget (GTK_WIDGET (detail), GTK_TYPE_BUTTON, _("_Service Rendered"));
  GtkWidget *reject_button = chorus_test_find_widget (GTK_WIDGET (detail), GTK_TYPE_BUTTON, _("_Reject…"));
  guint checked = 0;

  g_assert_nonnull (service_fait_button);
  g_assert_nonnull (reject_button);
  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  for (gsize s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) allowed = NULL;
      gint64 id = select_first_in (fixture, statuses[s]);

      if (id == 0)
        continue;
      checked++;
      /* The first selection of a status asks the platform; the menus follow its answer. */
      g_assert_true (chorus_test_wait_until (transitions_answered,
                                             chorus_recipient_actions_get_transitions (fixture->actions), 20000));
      chorus_test_settle (100);
      allowed = chorus_client_get_status_targets_sync (fixture->other, statuses[s], NULL, &error);
      if (allowed == NULL)
        {
          g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
          allowed = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
        }
      for (gsize t = 0; t < G_N_ELEMENTS (targets); t++)
        {
          gboolean expected = FALSE;

          for (guint k = 0; k < allowed->len; k++)
            expected |= g_array_index (allowed, ChorusStatus, k) == targets[t];
          if (chorus_recipient_actions_is_enabled (fixture->actions, targets[t]) != expected)
            g_error ("from %s, %s is %s in the menus but %s by recuperer/etats/traitement",
                     chorus_status_to_api (statuses[s]), chorus_status_to_api (targets[t]),
                     expected ? "disabled" : "enabled", expected ? "allowed" : "refused");
          if (targets[t] == CHORUS_STATUS_SERVICE_FAIT)
            g_assert_cmpint (gtk_widget_get_sensitive (service_fait_button), ==, expected);
          if (targets[t] == CHORUS_STATUS_REJETEE)
            g_assert_cmpint (gtk_widget_get_sensitive (reject_button), ==, expected);
        }
      if (statuses[s] == CHORUS_STATUS_MISE_EN_PAIEMENT)
        {
          g_autofree char *path = shot (fixture, "actions-paid-buttons-insensitive");
        }
    }
  g_assert_cmpuint (checked, >=, 4);
}

/* Single keys only for the frequent changes; the irreversible ones ask first, even for one invoice. */
static void
test_irreversible_asks (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  ChorusProcessDialog *dialog;
  g_autofree char *path = NULL;
  guint open;
  gint64 id;

  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  id = select_first_in (fixture, CHORUS_STATUS_MANDATEE);
  g_assert_cmpint (id, !=, 0);
  open = chorus_store_count_open_actions (fixture->store);

  /* The letter alone is only a hint. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.key-hint", "u", (guint32) GDK_KEY_c));
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, open);
  g_assert_cmpint (local_status (fixture, id), ==, CHORUS_STATUS_MANDATEE);

  /* Shift+C: the dialog asks, nothing is queued until the user applies. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_COMPTABILISEE));
  dialog = _chorus_recipient_workspace_get_process_dialog (fixture->workspace);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, open);
  chorus_test_settle (300);
  path = chorus_test_screenshot (GTK_WIDGET (dialog), "actions-confirm-booked");
  gtk_window_destroy (GTK_WINDOW (dialog));
  chorus_test_settle (50);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, open);

  /* Mandatée asks for the payment order number. */
  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  id = select_first_in (fixture, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_cmpint (id, !=, 0);
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_MANDATEE));
  dialog = _chorus_recipient_workspace_get_process_dialog (fixture->workspace);
  g_assert_nonnull (dialog);
  g_assert_false (chorus_process_dialog_can_apply (dialog));
  chorus_process_dialog_set_mandate_number (dialog, "M-2026-0042");
  g_assert_true (chorus_process_dialog_can_apply (dialog));
  chorus_process_dialog_apply (dialog);
  {
    g_autoptr(GPtrArray) actions = chorus_store_outbox_list_for_invoice (fixture->store, id, NULL);
    g_assert_cmpuint (actions->len, ==, 1);
    g_assert_cmpstr (((ChorusAction *) g_ptr_array_index (actions, 0))->mandate_number, ==, "M-2026-0042");
  }
}

/* A rejection with a frequent motif: picked in the list, kept editable, and the list is the user's. */
static void
test_frequent_motifs (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  ChorusProcessDialog *dialog;
  g_auto(GStrv) motifs = NULL;
  g_auto(GStrv) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  show_group (fixture, CHORUS_STATUS_GROUP_TO_PROCESS);
  id = select_first_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_REJETEE));
  dialog = _chorus_recipient_workspace_get_process_dialog (fixture->workspace);
  g_assert_nonnull (dialog);
  motifs = chorus_process_dialog_get_motifs (dialog);
  g_assert_cmpuint (g_strv_length (motifs), >=, 3);
  g_assert_false (chorus_process_dialog_can_apply (dialog));
  chorus_process_dialog_use_motif (dialog, motifs[2]);
  g_assert_cmpstr (chorus_process_dialog_get_motif (dialog), ==, motifs[2]);
  chorus_process_dialog_set_motif (dialog, "Engagement 2026-0042 clos");
  g_assert_true (chorus_process_dialog_save_motif (dialog, &error));
  g_assert_no_error (error);
  after = chorus_process_dialog_get_motifs (dialog);
  g_assert_cmpuint (g_strv_length (after), ==, g_strv_length (motifs) + 1);
  path = chorus_test_screenshot (GTK_WIDGET (dialog), "actions-reject-motifs");
  chorus_process_dialog_apply (dialog);
  {
    g_autoptr(GPtrArray) actions = chorus_store_outbox_list_for_invoice (fixture->store, id, NULL);
    g_assert_cmpuint (actions->len, ==, 1);
    g_assert_cmpstr (((ChorusAction *) g_ptr_array_index (actions, 0))->motif, ==, "Engagement 2026-0042 clos");
  }
}

static gboolean
history_has_server_event (gpointer data)
{
  Fixture *fixture = data;
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  g_auto(GStrv) lines = chorus_history_list_get_lines (chorus_invoice_detail_get_history_list (detail));

  /* The newest line: the server's "Service fait", by the technical account. */
  return lines[0] != NULL && g_str_has_prefix (lines[0], chorus_status_label (CHORUS_STATUS_SERVICE_FAIT)) &&
         strstr (lines[0], "TECHNIQUE") != NULL;
}

/* The history: the user's action while it waits, then Chorus Pro's record of it. */
static void
test_history_shows_own_actions (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  g_auto(GStrv) lines = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  show_group (fixture, CHORUS_STATUS_GROUP_TO_PROCESS);
  id = select_first_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_SERVICE_FAIT));
  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  chorus_recipient_workspace_show_invoice (fixture->workspace, id);
  chorus_test_settle (200);
  chorus_invoice_detail_show_page (detail, "history");
  lines = chorus_history_list_get_lines (chorus_invoice_detail_get_history_list (detail));
  /* Newest first: what the user just asked, with its state. */
  g_assert_nonnull (lines[0]);
  g_assert_true (g_str_has_prefix (lines[0], chorus_action_mark_label (CHORUS_STATUS_SERVICE_FAIT)));
  path = shot (fixture, "actions-history-pending");

  g_assert_true (chorus_test_wait_until (no_open_action, fixture, 60000));
  if (!chorus_test_wait_until (history_has_server_event, fixture, 30000))
    {
      g_auto(GStrv) now = chorus_history_list_get_lines (chorus_invoice_detail_get_history_list (detail));
      g_autofree char *joined = g_strjoinv (" | ", now);

      g_autoptr(ChorusHistory) server = chorus_client_get_history_sync (fixture->other, id, NULL, NULL);
      ChorusStatusEvent *first = server->events->len ? g_ptr_array_index (server->events, 0) : NULL;
      ChorusStatusEvent *last = server->events->len ? g_ptr_array_index (server->events, server->events->len - 1) : NULL;

      g_error ("the history never showed Chorus Pro's record: %s; server: %u events, first %s %s, last %s %s", joined,
               server->events->len, first ? first->code : "", first ? first->date : "", last ? last->code : "", last ? last->date : "");
    }
  g_clear_pointer (&path, g_free);
  path = shot (fixture, "actions-history-received");
}

static gboolean
pdf_ready (gpointer data)
{
  return chorus_pdf_view_get_state (data) == CHORUS_PDF_VIEW_READY;
}

typedef struct {
  char *uri;
} Launched;

static gboolean
record_launch (const char  *uri,
               gpointer     user_data,
               GError     **error)
{
  Launched *launched = user_data;

  g_free (launched->uri);
  launched->uri = g_strdup (uri);
  return TRUE;
}

static gboolean
launched (gpointer data)
{
  return ((Launched *) data)->uri != NULL;
}

static const char tiny_pdf[] =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
  "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
  "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
  "trailer<</Root 1 0 R>>\n%%EOF\n";

static const char statement_csv[] = "date;libellé;montant\r\n2026-11-02;Formation;1200,00\r\n";

/* The account is supplier as well: it deposits to its own hospital an invoice with a CSV statement
 * attached, through the API as any supplier would. */
static gint64
deposit_with_csv (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
  g_autoptr(GBytes) csv = g_bytes_new_static (statement_csv, sizeof statement_csv - 1);
  g_autoptr(ChorusActionResult) upload = NULL;
  g_autoptr(ChorusActionResult) attached = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(ChorusPage) services = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  JsonArray *extra = json_array_new ();
  JsonObject *piece = json_object_new ();
  gint64 recipient_id = 0;
  const char *recipient_siret = NULL;

  upload = chorus_client_deposit_pdf_sync (fixture->other, pdf, "facture.pdf", NULL, &error);
  g_assert_no_error (error);
  attached = chorus_client_add_file_sync (fixture->other, csv, "releve.csv", "CSV", "text/csv", NULL, &error);
  g_assert_no_error (error);

  /* The hospital: the recipient structure the account is attached to. */
  {
    g_autoptr(ChorusPage) attachments = chorus_client_get_user_attachments_sync (fixture->other, 1, 50, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < attachments->items->len; i++)
      {
        ChorusStructure *structure = g_ptr_array_index (attachments->items, i);

        if (structure->role == CHORUS_ROLE_DESTINATAIRE)
          {
            recipient_id = structure->id;
            recipient_siret = g_intern_string (structure->identifier);
          }
        else if (structure->role == CHORUS_ROLE_FOURNISSEUR)
          chorus_invoice_set_supplier_id (invoice, structure->id);
      }
  }
  services = chorus_client_search_services_sync (fixture->other, recipient_id, 1, 10, NULL, &error);
  g_assert_no_error (error);
  chorus_invoice_set_number (invoice, "PJ-CSV-0001");
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_recipient_code (invoice, recipient_siret);
  chorus_invoice_set_service_code (invoice, ((ChorusService *) g_ptr_array_index (services->items, 0))->code);
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_engagement_number (invoice, "EJ-2026-0042");
  chorus_invoice_set_amount_ht (invoice, 100000);
  chorus_invoice_set_amount_vat (invoice, 20000);
  chorus_invoice_set_amount_ttc (invoice, 120000);
  chorus_invoice_set_amount_to_pay (invoice, 120000);
  chorus_invoice_set_main_attachment_id (invoice, upload->attachment_id);
  body = chorus_client_build_submit_body (invoice);
  json_object_set_string_member (piece, "pieceJointeComplementaireDesignation", "releve.csv");
  json_object_set_int_member (piece, "pieceJointeComplementaireId", attached->attachment_id);
  json_array_add_object_element (extra, piece);
  json_object_set_array_member (body, "pieceJointeComplementaire", extra);
  answer = chorus_client_call_sync (fixture->other, "factures/v1/soumettre", body, NULL, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (answer, "identifiantFactureCPP");
}

static gboolean
pull_done (gpointer data)
{
  return !chorus_sync_get_pulling (data);
}

static gboolean
detail_has_attachments (gpointer data)
{
  Fixture *fixture = data;
  ChorusInvoice *shown = chorus_invoice_detail_get_invoice (_chorus_recipient_workspace_get_detail (fixture->workspace));
  GPtrArray *attachments = shown ? chorus_invoice_get_attachments (shown) : NULL;

  return attachments != NULL && attachments->len >= 2;
}

/* Every attachment listed; a PDF one in the viewer, a CSV one handed to the system's application as
 * a file of the cache with its name. */
static void
test_attachments_open (Fixture       *fixture,
                       gconstpointer  data)
{
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  ChorusAttachmentsList *list = chorus_invoice_detail_get_attachments_list (detail);
  ChorusPdfView *pdf = chorus_invoice_detail_get_pdf_view (detail);
  Launched opened = { NULL };
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GError) error = NULL;
  ChorusAttachment *csv = NULL;
  GPtrArray *attachments;
  gint64 id = deposit_with_csv (fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.refresh", NULL));
  g_assert_true (chorus_test_wait_until (pull_done, fixture->sync, 60000));
  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  chorus_recipient_workspace_show_invoice (fixture->workspace, id);
  g_assert_true (chorus_test_wait_until (detail_has_attachments, fixture, 30000));
  chorus_test_settle (200);
  attachments = chorus_invoice_get_attachments (chorus_invoice_detail_get_invoice (detail));
  for (guint i = 0; i < attachments->len; i++)
    if (!((ChorusAttachment *) g_ptr_array_index (attachments, i))->is_main)
      csv = g_ptr_array_index (attachments, i);
  g_assert_nonnull (csv);
  /* The invoice's PDF and the statement. */
  g_assert_cmpuint (chorus_attachments_list_get_n_rows (list), ==, 2);
  chorus_invoice_detail_show_page (detail, "history");
  path = shot (fixture, "actions-attachments");

  chorus_attachments_list_set_launcher (list, record_launch, &opened);
  chorus_attachments_list_open (list, csv->id);
  g_assert_true (chorus_test_wait_until (launched, &opened, 30000));
  file_name = g_filename_from_uri (opened.uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (file_name, "/releve.csv"));
  g_assert_true (g_file_get_contents (file_name, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, statement_csv);
  g_assert_cmpstr (chorus_attachments_list_get_last_opened (list), ==, file_name);
  g_free (opened.uri);

  /* The invoice's own PDF, in the viewer. */
  chorus_attachments_list_open (list, 0);
  g_assert_cmpstr (chorus_invoice_detail_get_page (detail), ==, "pdf");
  g_assert_true (chorus_test_wait_until (pdf_ready, pdf, 30000));
}

typedef struct {
  ChorusInvoiceDetail *detail;
  gint64               id;
} Showing;

static gboolean
showing_document (gpointer data)
{
  Showing *showing = data;

  return chorus_invoice_detail_get_document (showing->detail) == showing->id;
}

/* A PDF attachment (a supporting document the simulator draws) is shown in the viewer. */
static void
test_pdf_attachment_in_viewer (Fixture       *fixture,
                               gconstpointer  data)
{
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  ChorusPdfView *pdf = chorus_invoice_detail_get_pdf_view (detail);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  ChorusAttachment *wanted = NULL;
  Launched opened = { NULL };
  g_autofree char *path = NULL;

  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  for (guint i = 0; i < n && wanted == NULL; i++)
    {
      gint64 id = chorus_invoice_model_get_id (fixture->model, i);
      GPtrArray *attachments;

      chorus_recipient_workspace_show_invoice (fixture->workspace, id);
      if (!chorus_test_wait_until (detail_has_attachments, fixture, 3000))
        continue;
      attachments = chorus_invoice_get_attachments (chorus_invoice_detail_get_invoice (detail));
      for (guint k = 0; k < attachments->len; k++)
        {
          ChorusAttachment *attachment = g_ptr_array_index (attachments, k);

          if (!attachment->is_main && g_ascii_strcasecmp (attachment->extension ? attachment->extension : "", "PDF") == 0)
            wanted = attachment;
        }
    }
  g_assert_nonnull (wanted);
  /* Nothing may leave for the system's application here. */
  chorus_attachments_list_set_launcher (chorus_invoice_detail_get_attachments_list (detail), record_launch, &opened);
  chorus_attachments_list_open (chorus_invoice_detail_get_attachments_list (detail), wanted->id);
  g_assert_true (chorus_test_wait_until (showing_document, &(Showing) { detail, wanted->id }, 30000));
  g_assert_true (chorus_test_wait_until (pdf_ready, pdf, 30000));
  g_assert_cmpstr (chorus_invoice_detail_get_page (detail), ==, "pdf");
  g_assert_null (opened.uri);
  path = shot (fixture, "actions-attachment-pdf");
}

typedef struct {
  ChorusInvoiceModel *model;
  guint               size;
} ModelSize;

static gboolean
model_has_size (gpointer data)
{
  ModelSize *wanted = data;

  return g_list_model_get_n_items (G_LIST_MODEL (wanted->model)) == wanted->size;
}

/* A second copy of an invoice under another id: both show each other with the reason, and the
 * "possible duplicates" filter finds them. */
static void
test_duplicates_show (Fixture       *fixture,
                      gconstpointer  data)
{
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  ChorusDuplicatesList *duplicates = chorus_invoice_detail_get_duplicates_list (detail);
  g_autoptr(ChorusInvoice) copy = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *path = NULL;
  ChorusDuplicateMatch *match;
  ChorusInvoiceFilter filter;
  gint64 id;

  show_group (fixture, CHORUS_STATUS_GROUP_TO_PROCESS);
  id = select_first_in (fixture, CHORUS_STATUS_MISE_A_DISPOSITION);
  copy = chorus_store_load_invoice (fixture->store, id, &error);
  chorus_invoice_set_id (copy, 990000001);
  chorus_invoice_set_amount_ttc (copy, chorus_invoice_get_amount_ttc (copy) + 1);
  g_ptr_array_add (one, copy);
  g_assert_true (chorus_store_upsert_invoices (fixture->store, one, &error));

  /* Another invoice first, then this one, as the user would come to it. */
  show_group (fixture, CHORUS_STATUS_GROUP_ALL);
  chorus_recipient_workspace_show_invoice (fixture->workspace, chorus_invoice_model_get_id (fixture->model, 0) == id
                                                               ? chorus_invoice_model_get_id (fixture->model, 1)
                                                               : chorus_invoice_model_get_id (fixture->model, 0));
  chorus_test_settle (200);
  chorus_recipient_workspace_show_invoice (fixture->workspace, id);
  chorus_test_settle (300);
  g_assert_cmpint (chorus_invoice_get_id (chorus_invoice_detail_get_invoice (detail)), ==, id);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (duplicates)));
  g_assert_cmpuint (chorus_duplicates_list_get_matches (duplicates)->len, ==, 1);
  match = g_ptr_array_index (chorus_duplicates_list_get_matches (duplicates), 0);
  g_assert_cmpint (match->id, ==, 990000001);
  g_assert_nonnull (match->reason);
  path = shot (fixture, "actions-duplicate");

  chorus_invoice_filter_init (&filter);
  filter.duplicates_only = TRUE;
  ids = chorus_store_query_ids (fixture->store, &filter, CHORUS_SORT_NUMBER, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >=, 2);

  /* The same filter as the user sets it: a box in the filters, a chip that says so, the list narrowed. */
  {
    ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
    GtkWidget *check = chorus_test_find_named (GTK_WIDGET (bar), "duplicates-only");
    guint active = chorus_filter_bar_get_active_count (bar);
    ModelSize wanted = { fixture->model, ids->len };
    g_autofree char *narrowed = NULL;

    g_assert_nonnull (check);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    g_assert_true (chorus_test_wait_until (model_has_size, &wanted, 10000));
    g_assert_cmpuint (chorus_filter_bar_get_active_count (bar), ==, active + 1);
    for (guint i = 0; i < ids->len; i++)
      g_assert_cmpuint (chorus_invoice_model_find (fixture->model, g_array_index (ids, gint64, i)), !=, G_MAXUINT);
    narrowed = shot (fixture, "actions-duplicates-filter");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  }
}

int
main (int argc, char *argv[])
{
  /* French: the screenshots are what a French user sees, and the assertions compare translations. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  chorus_test_init_locale ("fr_FR.UTF-8");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  chorus_test_load_style ();

#define ADD(path, hold, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (hold), fixture_set_up, func, fixture_tear_down)
  /* Long enough for the screenshot of the toast on a loaded machine, before its Annuler. */
  ADD ("/recipient-actions/undo-sends-nothing", HOLD_S, test_undo_sends_nothing);
  ADD ("/recipient-actions/refusal-shows-libelle", 1, test_refusal_shows_libelle);
  ADD ("/recipient-actions/menus-follow-etats-traitement", 6, test_menus_follow_etats_traitement);
  ADD ("/recipient-actions/irreversible-asks", 6, test_irreversible_asks);
  ADD ("/recipient-actions/frequent-motifs", 6, test_frequent_motifs);
  ADD ("/recipient-actions/history-shows-own-actions", 1, test_history_shows_own_actions);
  ADD ("/recipient-actions/attachments-open", 1, test_attachments_open);
  ADD ("/recipient-actions/pdf-attachment-in-viewer", 1, test_pdf_attachment_in_viewer);
  ADD ("/recipient-actions/duplicates-show", 1, test_duplicates_show);
#undef ADD
  return g_test_run ();
}
