/* test-journal-window.c: the "Exchanges Journal" window on a real sync with the simulator: rows as
 * exchanges happen, the detail of one, the errors filter, "Copy for the Support" without secrets, and the
 * sollicitation's help with the exchanges copied. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "chorus-journal-window-private.h"
#include "chorus-sim.h"
#include "chorus-sync.h"
#include "chorus-test-sim.h"
#include "chorus-test-ui.h"

typedef struct {
  ChorusSim     *sim;
  ChorusClient  *client;
  char          *dir;
  ChorusStore   *store;
  ChorusSync    *sync;
  ChorusJournal *journal;
  GtkWidget     *window;
  char          *clipboard;
  gboolean       pulled;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_dir = NULL;

  f->sim = chorus_test_sim_start (77, 300);
  f->client = chorus_test_sim_client (f->sim);
  f->dir = g_dir_make_tmp ("chorus-journal-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = chorus_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->journal = chorus_journal_open (f->dir, &error);
  g_assert_no_error (error);
  chorus_journal_attach (f->journal, f->client);
  f->sync = chorus_sync_new (f->client, f->store);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  chorus_test_settle (50);
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->journal);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
  chorus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->clipboard);
}

static void
pulled_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error));
  f->pulled = TRUE;
}

static gboolean
pulled_and_listed (gpointer data)
{
  Fixture *f = data;

  return f->pulled && chorus_journal_window_get_n_rows (CHORUS_JOURNAL_WINDOW (f->window)) ==
                      chorus_journal_count (f->journal);
}

static void
clipboard_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Fixture *f = data;

  f->clipboard = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (f->clipboard == NULL)
    f->clipboard = g_strdup ("");
}

static gboolean
clipboard_read (gpointer data)
{
  return ((Fixture *) data)->clipboard != NULL;
}

static gboolean
one_row (gpointer data)
{
  return chorus_journal_window_get_n_rows (CHORUS_JOURNAL_WINDOW (((Fixture *) data)->window)) == 1;
}

static void
test_rows_detail_copy (Fixture *f, gconstpointer data)
{
  GtkColumnView *view;
  GtkSelectionModel *selection;
  GtkLabel *title;
  GtkTextView *response;
  GtkCheckButton *errors;
  GtkTextIter start, end;
  g_autofree char *answer = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *pair = g_strconcat (CHORUS_SIM_TECH_LOGIN, ":", CHORUS_SIM_TECH_PASSWORD, NULL);
  g_autofree char *account = g_base64_encode ((const guchar *) pair, strlen (pair));
  guint listed;

  f->window = chorus_journal_window_new (NULL, f->journal, "Démo");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 680);
  gtk_window_present (GTK_WINDOW (f->window));
  chorus_test_settle (100);
  g_assert_cmpuint (chorus_journal_window_get_n_rows (CHORUS_JOURNAL_WINDOW (f->window)), ==, 0);
  g_assert_nonnull (chorus_test_find_widget (f->window, ADW_TYPE_STATUS_PAGE, NULL));

  /* A sync: its exchanges show up as they happen. */
  chorus_sync_pull_async (f->sync, NULL, pulled_cb, f);
  g_assert_true (chorus_test_wait_until (pulled_and_listed, f, 60000));
  listed = chorus_journal_window_get_n_rows (CHORUS_JOURNAL_WINDOW (f->window));
  g_assert_cmpuint (listed, >=, 3);   /* the token, received and issued invoices */

  /* The newest first; its detail shows the answer laid out. */
  view = GTK_COLUMN_VIEW (chorus_test_find_widget (f->window, GTK_TYPE_COLUMN_VIEW, NULL));
  selection = gtk_column_view_get_model (view);
  gtk_selection_model_select_item (selection, listed - 1, TRUE);
  chorus_test_settle (100);
  title = GTK_LABEL (gtk_widget_get_template_child (f->window, CHORUS_TYPE_JOURNAL_WINDOW, "detail_title"));
  response = GTK_TEXT_VIEW (gtk_widget_get_template_child (f->window, CHORUS_TYPE_JOURNAL_WINDOW, "response_view"));
  g_assert_cmpstr (gtk_label_get_text (title), ==, "POST oauth/token");
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (response), &start, &end);
  answer = gtk_text_buffer_get_text (gtk_text_view_get_buffer (response), &start, &end, FALSE);
  g_assert_nonnull (strstr (answer, "access_token"));
  g_assert_nonnull (strstr (answer, "masqué") != NULL ? answer : strstr (answer, "hidden"));
  gtk_selection_model_select_item (selection, 0, TRUE);
  chorus_test_settle (100);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (title), "POST factures/v1/rechercher/"));
  shot = chorus_test_screenshot (f->window, "journal-window");

  /* "Copy for the Support": the version, the environment, the exchange, no secret. */
  gtk_selection_model_select_all (selection);
  gtk_widget_activate_action (f->window, "journal.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (f->window), NULL, clipboard_read_cb, f);
  g_assert_true (chorus_test_wait_until (clipboard_read, f, 5000));
  g_assert_nonnull (strstr (f->clipboard, PACKAGE_VERSION));
  g_assert_nonnull (strstr (f->clipboard, "Démo"));
  g_assert_nonnull (strstr (f->clipboard, "factures/v1/rechercher/recipiendaire"));
  g_assert_nonnull (strstr (f->clipboard, "oauth/token"));
  g_assert_null (strstr (f->clipboard, CHORUS_SIM_CLIENT_SECRET));
  g_assert_null (strstr (f->clipboard, CHORUS_SIM_TECH_PASSWORD));
  g_assert_null (strstr (f->clipboard, account));

  /* "Saisir une sollicitation": where on the portal, what to give, and the exchanges copied. */
  {
    AdwMessageDialog *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    g_clear_pointer (&f->clipboard, g_free);
    gdk_clipboard_set_text (gtk_widget_get_clipboard (f->window), "");
    gtk_widget_activate_action (f->window, "journal.sollicitation", NULL);
    chorus_test_settle (200);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
          dialog = ADW_MESSAGE_DIALOG (window);
      }
    g_assert_nonnull (dialog);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Nous contacter"));
    g_assert_true (adw_message_dialog_has_response (dialog, "portal"));
    g_free (chorus_test_screenshot (GTK_WIDGET (dialog), "journal-sollicitation"));
    adw_message_dialog_response (dialog, "copy");
    gtk_window_destroy (GTK_WINDOW (dialog));
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (f->window), NULL, clipboard_read_cb, f);
    g_assert_true (chorus_test_wait_until (clipboard_read, f, 5000));
    g_assert_nonnull (strstr (f->clipboard, "factures/v1/rechercher/recipiendaire"));
    g_assert_null (strstr (f->clipboard, CHORUS_SIM_TECH_PASSWORD));
  }

  /* An error (a 404 from an unknown operation), then only the errors. */
  chorus_client_call_async (f->client, "factures/v1/inconnue", NULL, NULL, NULL, NULL);
  g_assert_true (chorus_test_wait_until (pulled_and_listed, f, 10000));
  errors = GTK_CHECK_BUTTON (gtk_widget_get_template_child (f->window, CHORUS_TYPE_JOURNAL_WINDOW, "errors_check"));
  gtk_check_button_set_active (errors, TRUE);
  g_assert_true (chorus_test_wait_until (one_row, f, 5000));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/journal-window/rows-detail-copy", Fixture, NULL, fixture_set_up, test_rows_detail_copy,
              fixture_tear_down);
  return g_test_run ();
}
