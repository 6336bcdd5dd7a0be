/* chorus-test-workspace.c: the recipient workspace fixture the UI tests share. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"
#include "chorus-test-workspace.h"

static const char * const layout_keys[] = {
  "invoice-columns", "invoice-column-widths", "invoice-group-sorts", "invoice-recipient-column",
  "invoice-list-fraction", "my-gestionnaire", "internal-reference-label", "payment-delay-structures",
};

void
chorus_test_workspace_reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  for (gsize i = 0; i < G_N_ELEMENTS (layout_keys); i++)
    g_settings_reset (settings, layout_keys[i]);
}

void
chorus_test_workspace_open_store (ChorusTestWorkspace *fixture,
                                  guint                n_invoices)
{
  fixture->store = chorus_test_open_store (&fixture->dir);
  chorus_test_fill_store (fixture->store, n_invoices);
  fixture->session = chorus_session_new_from_parts (NULL, NULL, fixture->store, NULL);
}

void
chorus_test_workspace_show (ChorusTestWorkspace *fixture,
                            int                  width,
                            int                  height)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  fixture->workspace = CHORUS_RECIPIENT_WORKSPACE (chorus_recipient_workspace_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->workspace));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  chorus_recipient_workspace_set_session (fixture->workspace, fixture->session);
  fixture->list = _chorus_recipient_workspace_get_list (fixture->workspace);
  fixture->model = _chorus_recipient_workspace_get_model (fixture->workspace);
  fixture->bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  fixture->split = _chorus_recipient_workspace_get_split_view (fixture->workspace);
  gtk_window_present (GTK_WINDOW (fixture->window));
  chorus_test_settle (300);
  chorus_test_workspace_wait_loaded (fixture);
}

void
chorus_test_workspace_close (ChorusTestWorkspace *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  chorus_test_settle (50);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->store);
  chorus_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

guint
chorus_test_workspace_n_rows (ChorusTestWorkspace *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
}

typedef struct {
  ChorusTestWorkspace *fixture;
  guint                expected;
} RowsWait;

static gboolean
rows_are (gpointer data)
{
  RowsWait *wait = data;

  return !_chorus_recipient_workspace_get_loading (wait->fixture->workspace) &&
         chorus_test_workspace_n_rows (wait->fixture) == wait->expected;
}

static gboolean
loaded (gpointer data)
{
  return !_chorus_recipient_workspace_get_loading (data);
}

void
chorus_test_workspace_wait_loaded (ChorusTestWorkspace *fixture)
{
  if (!chorus_test_wait_until (loaded, fixture->workspace, 10000))
    g_error ("the list's query did not come back");
}

void
chorus_test_workspace_wait_rows (ChorusTestWorkspace *fixture,
                                 guint                expected,
                                 guint                timeout_ms)
{
  RowsWait wait = { fixture, expected };

  if (!chorus_test_wait_until (rows_are, &wait, timeout_ms))
    g_error ("%u rows, %u expected", chorus_test_workspace_n_rows (fixture), expected);
}

void
chorus_test_workspace_shot (ChorusTestWorkspace *fixture,
                            const char          *name)
{
  g_autofree char *path = NULL;

  chorus_test_settle (200);
  path = chorus_test_screenshot (fixture->window, name);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

typedef struct {
  ChorusInvoiceDetail *detail;
  gint64               id;
} DetailWait;

static gboolean
detail_shows (gpointer data)
{
  DetailWait *wait = data;
  ChorusInvoice *invoice = chorus_invoice_detail_get_invoice (wait->detail);

  return invoice != NULL && chorus_invoice_get_id (invoice) == wait->id;
}

void
chorus_test_workspace_wait_detail (ChorusTestWorkspace *fixture,
                                   gint64               id,
                                   guint                timeout_ms)
{
  DetailWait wait = { _chorus_recipient_workspace_get_detail (fixture->workspace), id };

  if (!chorus_test_wait_until (detail_shows, &wait, timeout_ms))
    g_error ("the detail does not show the invoice %" G_GINT64_FORMAT, id);
}
