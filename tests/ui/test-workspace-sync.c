/* test-workspace-sync.c: the workspace against the simulator through ChorusSync: pull, the PDF
 * on screen, an action confirmed by the server, a bulk action followed to its last answer, the
 * selection's PDFs saved to a folder. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "chorus-document-file.h"
#include "chorus-recipient-actions.h"
#include "chorus-recipient-export.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-session.h"
#include "chorus-status.h"
#include "chorus-store-unreadable.h"
#include "chorus-unreadable-banner.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"
#include "chorus-pdf-view-private.h"

typedef struct {
  ChorusSession            *session;
  GtkWidget                *window;
  ChorusRecipientWorkspace *workspace;
  ChorusInvoiceModel       *model;
  ChorusSync               *sync;
  ChorusStore              *store;
} Fixture;

static gboolean
has_rows (gpointer data)
{
  Fixture *fixture = data;
  return !chorus_sync_get_pulling (fixture->sync) &&
         g_list_model_get_n_items (G_LIST_MODEL (fixture->model)) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* A short undo delay: these tests are about what reaches Chorus Pro. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_uint (settings, "action-hold-seconds", 1);
  }
  fixture->session = chorus_session_new_demo (300, &error);
  g_assert_no_error (error);
  fixture->store = chorus_session_get_store (fixture->session);
  fixture->sync = chorus_session_get_sync (fixture->session);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 860);
  fixture->workspace = CHORUS_RECIPIENT_WORKSPACE (chorus_recipient_workspace_new ());
  gtk_box_append (GTK_BOX (box), chorus_recipient_workspace_get_status_widget (fixture->workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->workspace), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->workspace));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  chorus_recipient_workspace_set_session (fixture->workspace, fixture->session);
  fixture->model = _chorus_recipient_workspace_get_model (fixture->workspace);
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
  g_clear_object (&fixture->session);
}

static void
test_pull_pdf_and_process (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  ChorusPdfView *pdf = chorus_invoice_detail_get_pdf_view (detail);
  GtkWidget *status = chorus_recipient_workspace_get_status_widget (fixture->workspace);
  ChorusTestActionWait wait = { fixture->store, 0 };
  g_autoptr(ChorusInvoice) stored = NULL;
  g_autofree char *shot = NULL;
  const char *status_text;

  /* The header says when the last sync happened. */
  g_assert_true (gtk_widget_get_visible (status));
  status_text = gtk_label_get_text (GTK_LABEL (chorus_test_find_widget (status, GTK_TYPE_LABEL, NULL)));
  g_assert_cmpstr (status_text, !=, _("Not synchronized yet"));
  g_assert_cmpstr (status_text, !=, "");

  /* "À traiter" opens first; the first invoice, its PDF downloaded from the simulator. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.next", NULL));
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.open-pdf", NULL));
  if (!chorus_test_wait_until (chorus_test_pdf_ready, pdf, 30000))
    g_error ("PDF not shown: state %d, %s", chorus_pdf_view_get_state (pdf), chorus_pdf_view_get_message (pdf));
  wait.id = chorus_invoice_get_id (chorus_invoice_detail_get_invoice (detail));
  chorus_test_settle (200);
  shot = chorus_test_screenshot (fixture->window, "workspace-sync-pdf");

  /* "s" then the server's answer: no action left, the status confirmed. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_SERVICE_FAIT));
  g_assert_true (chorus_test_wait_until (chorus_test_no_pending_action, &wait, 30000));
  stored = chorus_store_load_invoice (fixture->store, wait.id, NULL);
  g_assert_cmpint (chorus_invoice_get_status (stored), ==, CHORUS_STATUS_SERVICE_FAIT);
}

static gboolean
no_open_action (gpointer data)
{
  return chorus_store_count_open_actions (data) == 0;
}

static void
test_bulk (Fixture       *fixture,
           gconstpointer  data)
{
  ChorusInvoiceList *list = _chorus_recipient_workspace_get_list (fixture->workspace);
  ChorusProcessDialog *dialog;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GHashTable) last = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), >=, 4);
  gtk_selection_model_select_range (chorus_invoice_list_get_selection (list), 0, 4, TRUE);
  ids = chorus_invoice_list_get_selected_ids (list);
  _chorus_recipient_workspace_process (fixture->workspace, CHORUS_STATUS_SUSPENDUE);
  dialog = _chorus_recipient_workspace_get_process_dialog (fixture->workspace);
  g_assert_nonnull (dialog);
  chorus_process_dialog_set_motif (dialog, "Pièce justificative manquante");
  chorus_process_dialog_apply (dialog);
  g_assert_true (chorus_test_wait_until (no_open_action, fixture->store, 60000));
  chorus_test_settle (800);
  shot = chorus_test_screenshot (fixture->window, "workspace-sync-bulk-done");

  /* Every action answered by Chorus Pro, and said so in one toast. */
  last = chorus_store_outbox_last_actions (fixture->store, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      ChorusAction *action = g_hash_table_lookup (last, &g_array_index (ids, gint64, i));
      g_assert_nonnull (action);
      g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
    }
  g_assert_cmpstr (chorus_recipient_actions_get_last_toast (_chorus_recipient_workspace_get_actions (fixture->workspace)),
                   ==, "4 actions received by Chorus Pro ✓");
}

static gboolean
banner_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *banner = chorus_test_find_widget (GTK_WIDGET (fixture->workspace), CHORUS_TYPE_UNREADABLE_BANNER, NULL);
  GtkWidget *revealer = chorus_test_find_widget (banner, GTK_TYPE_REVEALER, NULL);

  return !chorus_sync_get_pulling (fixture->sync) && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* An item a pull could not read shows above the list once the pull is over. */
static void
test_unreadable_banner (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_unreadable_item_free);
  g_autoptr(GError) error = NULL;
  ChorusUnreadableItem *item = g_new0 (ChorusUnreadableItem, 1);
  GtkWidget *banner = chorus_test_find_widget (GTK_WIDGET (fixture->workspace), CHORUS_TYPE_UNREADABLE_BANNER, NULL);
  g_autofree char *shot = NULL;

  g_assert_nonnull (banner);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (chorus_test_find_widget (banner, GTK_TYPE_REVEALER, NULL))));
  item->operation = g_strdup ("factures/v1/rechercher/recipiendaire");
  item->list = g_strdup ("listeFactures");
  item->raw_json = g_strdup ("[\"F-404\",\"beaucoup\"]");
  item->reason = g_strdup (_("Invalid Chorus Pro answer: the invoice has no identifier."));
  g_ptr_array_add (items, item);
  g_assert_true (chorus_store_add_unreadable_items (fixture->store, CHORUS_DIRECTION_RECEIVED, items, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.refresh", NULL));
  g_assert_true (chorus_test_wait_until (banner_shown, fixture, 60000));
  chorus_test_settle (300);
  shot = chorus_test_screenshot (fixture->window, "workspace-unreadable-banner");
}

/* The selection's PDFs into a folder: fetched from the simulator one at a time, one file each under
 * its document name, one toast for all. */
static void
test_download_pdfs (Fixture       *fixture,
                    gconstpointer  data)
{
  ChorusInvoiceList *list = _chorus_recipient_workspace_get_list (fixture->workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chorus-pdfs-XXXXXX", &error);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autofree char *saved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u PDF saved", "%u PDFs saved", 3), 3);
  guint n_files = 0;

  g_assert_no_error (error);
  folder = g_file_new_for_path (dir);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), >=, 3);
  gtk_selection_model_select_range (chorus_invoice_list_get_selection (list), 0, 3, TRUE);
  ids = chorus_invoice_list_get_selected_ids (list);
  g_assert_cmpuint (ids->len, ==, 3);
  chorus_recipient_export_pdfs (GTK_WIDGET (fixture->workspace), fixture->store, fixture->sync, ids, folder, NULL);
  g_assert_true (chorus_test_wait_toast (fixture->window, saved, 60000));

  invoices = chorus_store_load_invoices (fixture->store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < invoices->len; i++)
    {
      g_autofree char *name = chorus_document_file_name (g_ptr_array_index (invoices, i), 0);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_true (length > 4 && memcmp (contents, "%PDF", 4) == 0);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 3);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  chorus_test_load_style ();

  g_test_add ("/workspace-sync/pull-pdf-process", Fixture, NULL, fixture_set_up, test_pull_pdf_and_process, fixture_tear_down);
  g_test_add ("/workspace-sync/bulk", Fixture, NULL, fixture_set_up, test_bulk, fixture_tear_down);
  g_test_add ("/workspace-sync/download-pdfs", Fixture, NULL, fixture_set_up, test_download_pdfs, fixture_tear_down);
  g_test_add ("/workspace-sync/unreadable-banner", Fixture, NULL, fixture_set_up, test_unreadable_banner,
              fixture_tear_down);
  return g_test_run ();
}
