/* test-workspace.c: the recipient workspace on a real store: filters, sort, selection, keyboard
 * triage, single and bulk processing through the outbox, column settings, CSV export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "chorus-invoice-columns.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-status.h"
#include "chorus-store-private.h"
#include "chorus-structured-data-view-private.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"
#include "chorus-test-workspace.h"
#include "chorus-invoice-detail-private.h"
#include "chorus-pdf-view-private.h"
#include "chorus-process-dialog-private.h"

#define N_INVOICES 400

typedef ChorusTestWorkspace Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  chorus_test_workspace_reset_settings ();
  chorus_test_workspace_open_store (fixture, N_INVOICES);
  chorus_test_workspace_show (fixture, 1400, 860);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  chorus_test_workspace_close (fixture);
}

static guint
n_rows (Fixture *fixture)
{
  return chorus_test_workspace_n_rows (fixture);
}

static void
shot (Fixture    *fixture,
      const char *name)
{
  chorus_test_workspace_shot (fixture, name);
}

static void
wait_rows (Fixture *fixture,
           guint    expected)
{
  chorus_test_workspace_wait_rows (fixture, expected, 10000);
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  GtkWidget *search = chorus_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_SEARCH_ENTRY, NULL);
  ChorusInvoiceFilter filter;
  guint expected = 0;

  /* "À traiter" is the default: mise à disposition and complétée, 2 of every 8. */
  g_assert_cmpuint (n_rows (fixture), ==, N_INVOICES / 4);
  g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_TOGGLE_BUTTON, NULL));
  shot (fixture, "workspace-to-process");

  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_SENT_BACK);
  wait_rows (fixture, N_INVOICES * 3 / 8);
  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_ALL);
  wait_rows (fixture, N_INVOICES);

  /* Full-text search typed in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (search), "Formatech");
  for (guint i = 0; i < N_INVOICES; i++)
    expected += g_str_equal (chorus_test_supplier (i), "Formatech");
  wait_rows (fixture, expected);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      g_assert_cmpstr (chorus_invoice_get_supplier_name (invoice), ==, "Formatech");
    }
  shot (fixture, "workspace-search");

  /* A bad date is refused visibly and left out of the filter. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_rows (fixture, N_INVOICES);
  {
    GtkWidget *date_from = NULL;

    for (GtkWidget *w = chorus_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_FLOW_BOX, NULL); w != NULL; w = NULL)
      date_from = chorus_test_find_widget (w, GTK_TYPE_ENTRY, NULL);
    g_assert_nonnull (date_from);
    gtk_editable_set_text (GTK_EDITABLE (date_from), "31/02/2026");
    chorus_filter_bar_get_filter (bar, &filter);
    g_assert_null (filter.date_from);
    g_assert_true (gtk_widget_has_css_class (date_from, "error"));
    gtk_editable_set_text (GTK_EDITABLE (date_from), "01/12/2026");
    chorus_filter_bar_get_filter (bar, &filter);
    g_assert_cmpstr (filter.date_from, ==, "2026-12-01");
    expected = 0;
    for (guint i = 0; i < N_INVOICES; i++)
      expected += 1 + (i / 28) % 12 == 12;
    wait_rows (fixture, expected);
  }
}

static gboolean
sorted_by (Fixture          *fixture,
           ChorusSortColumn  column)
{
  return chorus_invoice_list_get_sort (fixture->list, NULL) == column;
}

/* The figures of the "Time left" column never go down from one row to the next. */
static void
assert_days_left_order (Fixture *fixture)
{
  ChorusDelayPolicy *delays = chorus_invoice_list_get_delay_policy (fixture->list);
  int previous = G_MININT;
  guint completed = 0;

  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      ChorusDeadline deadline;

      chorus_deadline_compute (&deadline, invoice, chorus_delay_policy_days_for_invoice (delays, invoice), NULL);
      g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_RUNNING);
      g_assert_cmpint (deadline.days_left, >=, previous);
      previous = deadline.days_left;
      completed += chorus_invoice_get_status (invoice) == CHORUS_STATUS_COMPLETEE;
    }
  g_assert_cmpuint (completed, >, 0);
}

/* Each tab sorts for its work and keeps the user's own sort: À traiter the most urgent first,
 * Traitées the newest status first. */
static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  gboolean descending;
  gint64 previous = G_MININT64;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) sorts = NULL;
  const char *saved = NULL;
  g_autofree char *last_date = NULL;

  g_assert_cmpint (chorus_invoice_list_get_sort (fixture->list, &descending), ==, CHORUS_SORT_DAYS_LEFT);
  g_assert_false (descending);
  /* Every invoice of À traiter runs its clock: the most late first, in the order of the figures
   * shown (a completed invoice's delay runs again from its completion). */
  assert_days_left_order (fixture);
  /* The user tells that the establishment is a local authority (30 days): the order follows. */
  g_settings_set_value (settings, "payment-delay-structures",
                        g_variant_new_parsed ("{'26073001700015': 'local-authority'}"));
  chorus_test_workspace_wait_loaded (fixture);
  {
    g_autoptr(ChorusInvoice) first = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);

    g_assert_cmpuint (chorus_delay_policy_days_for_invoice (chorus_invoice_list_get_delay_policy (fixture->list), first),
                      ==, 30);
  }
  assert_days_left_order (fixture);

  /* The same path as a header click: the view's sorter changes, the list re-queries in SQL. */
  chorus_invoice_list_set_sort (fixture->list, CHORUS_SORT_AMOUNT_TTC, FALSE);
  chorus_test_workspace_wait_loaded (fixture);
  g_assert_cmpint (chorus_invoice_list_get_sort (fixture->list, &descending), ==, CHORUS_SORT_AMOUNT_TTC);
  g_assert_false (descending);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      g_assert_cmpint (chorus_invoice_get_amount_ttc (invoice), >=, previous);
      previous = chorus_invoice_get_amount_ttc (invoice);
    }
  sorts = g_settings_get_value (settings, "invoice-group-sorts");
  g_assert_true (g_variant_lookup (sorts, "to-process", "(&sb)", &saved, &descending));
  g_assert_cmpstr (saved, ==, "amount-ttc");

  chorus_invoice_list_set_sort (fixture->list, CHORUS_SORT_AMOUNT_TTC, TRUE);
  chorus_test_workspace_wait_loaded (fixture);
  {
    g_autoptr(ChorusInvoice) first = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
    g_autoptr(ChorusInvoice) last = g_list_model_get_item (G_LIST_MODEL (fixture->model), n_rows (fixture) - 1);
    g_assert_cmpint (chorus_invoice_get_amount_ttc (first), >, chorus_invoice_get_amount_ttc (last));
  }
  shot (fixture, "workspace-sorted");

  /* Traitées has its own sort; back in À traiter, the user's sort is still there. */
  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_PROCESSED);
  wait_rows (fixture, N_INVOICES * 3 / 8);
  g_assert_cmpint (chorus_invoice_list_get_sort (fixture->list, &descending), ==, CHORUS_SORT_STATUS_DATE);
  g_assert_true (descending);
  g_clear_pointer (&last_date, g_free);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);

      g_assert_true (last_date == NULL || g_strcmp0 (last_date, chorus_invoice_get_status_date (invoice)) >= 0);
      g_free (last_date);
      last_date = g_strdup (chorus_invoice_get_status_date (invoice));
    }
  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_TO_PROCESS);
  wait_rows (fixture, N_INVOICES / 4);
  g_assert_true (sorted_by (fixture, CHORUS_SORT_AMOUNT_TTC));
}

static void
wait_detail (Fixture *fixture,
             gint64   id)
{
  chorus_test_workspace_wait_detail (fixture, id, 10000);
}

static void
test_select_and_keyboard (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  gint64 first = chorus_invoice_model_get_id (fixture->model, 0);
  gint64 second = chorus_invoice_model_get_id (fixture->model, 1);
  g_autoptr(GArray) ids = NULL;

  g_assert_null (chorus_invoice_detail_get_invoice (detail));
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.next", NULL));
  wait_detail (fixture, first);
  shot (fixture, "workspace-selected");

  g_assert_true (gtk_widget_activate_action (workspace, "recipient.next", NULL));
  wait_detail (fixture, second);
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.previous", NULL));
  wait_detail (fixture, first);

  /* "o" opens the PDF tab; this invoice has no PDF cached, which the viewer says plainly. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.open-pdf", NULL));
  g_assert_cmpstr (chorus_invoice_detail_get_page (detail), ==, "pdf");
  g_assert_cmpint (chorus_pdf_view_get_state (chorus_invoice_detail_get_pdf_view (detail)), ==, CHORUS_PDF_VIEW_EMPTY);

  ids = chorus_invoice_list_get_selected_ids (fixture->list);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, first);
}

static void
test_process_single (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *workspace = GTK_WIDGET (fixture->workspace);
  gint64 first = chorus_invoice_model_get_id (fixture->model, 0);
  gint64 second = chorus_invoice_model_get_id (fixture->model, 1);
  guint before = n_rows (fixture);
  g_autoptr(ChorusInvoice) stored = NULL;
  g_autoptr(GArray) ids = NULL;

  chorus_invoice_list_select_id (fixture->list, first);
  wait_detail (fixture, first);

  /* "s": service fait, queued in the outbox, the status changes at once, the triage moves on. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_SERVICE_FAIT));
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 1);
  g_assert_cmpuint (chorus_store_count_open_actions_for_invoice (fixture->store, first), ==, 1);
  stored = chorus_store_load_invoice (fixture->store, first, NULL);
  g_assert_cmpint (chorus_invoice_get_status (stored), ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_cmpuint (n_rows (fixture), ==, before - 1);
  g_assert_cmpuint (chorus_invoice_model_find (fixture->model, first), ==, G_MAXUINT);
  ids = chorus_invoice_list_get_selected_ids (fixture->list);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, second);
  wait_detail (fixture, second);

  /* The processed invoice, seen in "Toutes", shows its pending action. */
  chorus_filter_bar_set_group (_chorus_recipient_workspace_get_filter_bar (fixture->workspace), CHORUS_STATUS_GROUP_ALL);
  chorus_test_workspace_wait_loaded (fixture);
  {
    g_autoptr(ChorusInvoice) row = g_list_model_get_item (G_LIST_MODEL (fixture->model),
                                                          chorus_invoice_model_find (fixture->model, first));
    const ChorusAction *action = chorus_invoice_model_get_last_action (row);

    g_assert_nonnull (action);
    g_assert_cmpint (action->state, <, CHORUS_ACTION_DONE);
  }
  chorus_invoice_list_select_id (fixture->list, first);
  wait_detail (fixture, first);
  shot (fixture, "workspace-pending-action");

  /* A status that the invoice cannot take is refused before reaching the outbox. */
  g_assert_true (gtk_widget_activate_action (workspace, "recipient.process", "i", (gint32) CHORUS_STATUS_SERVICE_FAIT));
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 1);
}

static void
test_process_bulk (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkSelectionModel *selection = chorus_invoice_list_get_selection (fixture->list);
  ChorusProcessDialog *dialog;
  g_autoptr(GArray) allowed = NULL;
  g_autofree char *path = NULL;

  gtk_selection_model_select_range (selection, 0, 5, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.process", "i",
                                             (gint32) CHORUS_STATUS_REJETEE));
  dialog = _chorus_recipient_workspace_get_process_dialog (fixture->workspace);
  g_assert_nonnull (dialog);
  chorus_test_settle (200);

  /* Rejection needs its motif. */
  g_assert_false (chorus_process_dialog_can_apply (dialog));
  chorus_process_dialog_set_motif (dialog, "Numéro d'engagement absent");
  g_assert_true (chorus_process_dialog_can_apply (dialog));
  allowed = chorus_process_dialog_get_allowed (dialog);
  g_assert_cmpuint (allowed->len, ==, 5);
  chorus_test_settle (200);
  path = chorus_test_screenshot (GTK_WIDGET (dialog), "process-dialog-bulk");

  /* Applying closes the dialog: the main window shows what follows (no connection here: the
   * actions wait in the outbox, each row marked). */
  chorus_process_dialog_apply (dialog);
  g_assert_cmpuint (chorus_store_count_open_actions (fixture->store), ==, 5);
  chorus_test_settle (50);
  g_assert_null (_chorus_recipient_workspace_get_process_dialog (fixture->workspace));
  for (guint i = 0; i < allowed->len; i++)
    {
      g_autoptr(GPtrArray) actions = chorus_store_outbox_list_for_invoice (fixture->store,
                                                                            g_array_index (allowed, gint64, i), NULL);
      g_assert_cmpuint (actions->len, ==, 1);
      g_assert_cmpstr (((ChorusAction *) g_ptr_array_index (actions, 0))->motif, ==, "Numéro d'engagement absent");
    }

  /* Mandatée asks for the payment order number; processed invoices cannot go back to it. */
  chorus_filter_bar_set_group (_chorus_recipient_workspace_get_filter_bar (fixture->workspace), CHORUS_STATUS_GROUP_ALL);
  chorus_test_settle (100);
  gtk_selection_model_select_range (selection, 0, 8, TRUE);
  _chorus_recipient_workspace_process (fixture->workspace, CHORUS_STATUS_MANDATEE);
  dialog = _chorus_recipient_workspace_get_process_dialog (fixture->workspace);
  g_assert_nonnull (dialog);
  g_clear_pointer (&allowed, g_array_unref);
  allowed = chorus_process_dialog_get_allowed (dialog);
  g_assert_cmpuint (allowed->len, >, 0);
  g_assert_cmpuint (allowed->len, <, 8);
  g_assert_false (chorus_process_dialog_can_apply (dialog));
  chorus_process_dialog_set_mandate_number (dialog, "M-2026-0042");
  g_assert_true (chorus_process_dialog_can_apply (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
siret_saved (gpointer data)
{
  g_auto(GStrv) saved = g_settings_get_strv (data, "invoice-columns");
  return g_strv_contains ((const char * const *) saved, "siret");
}

static void
test_columns_and_export (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) saved = NULL;
  g_auto(GStrv) visible = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *header = NULL;

  chorus_invoice_list_set_column_visible (fixture->list, "siret", TRUE);
  chorus_invoice_list_set_column_visible (fixture->list, "gestionnaire", FALSE);
  g_assert_true (chorus_test_wait_until (siret_saved, settings, 5000));
  saved = g_settings_get_strv (settings, "invoice-columns");
  g_assert_true (g_strv_contains ((const char * const *) saved, "siret"));
  g_assert_false (g_strv_contains ((const char * const *) saved, "gestionnaire"));
  shot (fixture, "workspace-columns");

  csv = _chorus_recipient_workspace_export_csv (fixture->workspace, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  lines = g_strsplit (text + 3, "\r\n", -1);
  /* Header, one line per row, and the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, n_rows (fixture) + 2);
  visible = chorus_invoice_list_get_visible_columns (fixture->list);
  for (guint i = 0; visible[i] != NULL; i++)
    {
      const ChorusInvoiceColumn *info = chorus_invoice_columns_find (visible[i]);
      /* Full names in the CSV; the days left say which way they count. */
      const char *title = info->kind == CHORUS_COLUMN_DAYS_LEFT ? _("Days left (negative: late)") : _(info->description);
      char *joined = header ? g_strconcat (header, ";", title, NULL) : g_strdup (title);
      g_free (header);
      header = joined;
    }
  g_assert_cmpstr (lines[0], ==, header);
  g_assert_nonnull (strstr (lines[1], "/2026"));

  chorus_invoice_list_restore_defaults (fixture->list);
  chorus_test_settle (100);
  g_clear_pointer (&saved, g_strfreev);
  saved = chorus_invoice_list_get_visible_columns (fixture->list);
  g_assert_false (g_strv_contains ((const char * const *) saved, "siret"));
  g_assert_true (g_strv_contains ((const char * const *) saved, "gestionnaire"));
}

typedef struct {
  ChorusStore *store;
  gint64       id;
  const char  *reference;
} StoredWait;

static gboolean
reference_stored (gpointer data)
{
  StoredWait *wait = data;
  g_autoptr(ChorusInvoice) stored = chorus_store_load_invoice (wait->store, wait->id, NULL);

  return stored != NULL && g_strcmp0 (chorus_invoice_get_internal_reference (stored), wait->reference) == 0;
}

/* The follow-up saves itself: after a quiet moment, and at once when the user moves on. */
static void
test_local_fields (Fixture       *fixture,
                   gconstpointer  data)
{
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  gint64 first = chorus_invoice_model_get_id (fixture->model, 0);
  gint64 second = chorus_invoice_model_get_id (fixture->model, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) stored = NULL;
  StoredWait wait = { fixture->store, first, "DOSSIER-77" };
  GtkWidget *reference, *state;

  g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Alice Martin", &error));
  chorus_invoice_list_select_id (fixture->list, first);
  wait_detail (fixture, first);
  chorus_invoice_detail_show_page (detail, "followup");

  reference = chorus_test_find_widget (GTK_WIDGET (detail), GTK_TYPE_ENTRY, "reference-entry");
  state = chorus_test_find_named (GTK_WIDGET (detail), "followup-state");
  g_assert_nonnull (state);
  /* No save button: the handler list came from the store's signal. */
  g_assert_null (chorus_test_find_widget (GTK_WIDGET (detail), GTK_TYPE_BUTTON, "Save Follow-up"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (chorus_test_find_widget (GTK_WIDGET (detail), GTK_TYPE_DROP_DOWN, "gestionnaire-dropdown")), 1);
  gtk_editable_set_text (GTK_EDITABLE (reference), "DOSSIER-77");
  g_assert_true (chorus_test_wait_until (reference_stored, &wait, 5000));
  stored = chorus_store_load_invoice (fixture->store, first, &error);
  g_assert_cmpstr (chorus_invoice_get_gestionnaire (stored), ==, "Alice Martin");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (state)), ==, _("Saved"));
  shot (fixture, "workspace-detail-follow-up");

  /* Typed, then straight to the next invoice: saved on the way, nothing lost. */
  gtk_editable_set_text (GTK_EDITABLE (reference), "DOSSIER-78");
  chorus_invoice_list_select_id (fixture->list, second);
  wait_detail (fixture, second);
  wait.reference = "DOSSIER-78";
  g_assert_true (reference_stored (&wait));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reference)), ==, "");
}

static gboolean
structured_loaded (gpointer data)
{
  return !chorus_structured_data_view_get_loading (data) && chorus_structured_data_view_get_facturx (data) != NULL;
}

static void
test_cached_pdf_and_structured_data (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *samples = g_getenv ("CHORUS_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (samples ? samples : ".", "akretion", "invoice_EN16931.pdf", NULL);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  GtkWidget *structured;
  gint64 first = chorus_invoice_model_get_id (fixture->model, 0);

  if (file == NULL)
    {
      g_test_skip ("the akretion Factur-X sample is not available");
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  g_assert_true (chorus_store_cache_file (fixture->store, first, "pdf", bytes, &error));
  g_assert_no_error (error);

  chorus_invoice_list_select_id (fixture->list, first);
  wait_detail (fixture, first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.open-pdf", NULL));
  g_assert_true (chorus_test_wait_until (chorus_test_pdf_ready, chorus_invoice_detail_get_pdf_view (detail), 10000));
  shot (fixture, "workspace-pdf");

  chorus_invoice_detail_show_page (detail, "structured");
  structured = chorus_test_find_widget (GTK_WIDGET (detail), CHORUS_TYPE_STRUCTURED_DATA_VIEW, NULL);
  g_assert_nonnull (structured);
  g_assert_true (chorus_test_wait_until (structured_loaded, structured, 10000));
  shot (fixture, "workspace-structured-data");
}

/* Replays each items-changed on a copy of the ids, as a list view does. */
static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GArray     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gint64 id = chorus_invoice_model_get_id (CHORUS_INVOICE_MODEL (model), position + i);

      g_array_insert_val (mirror, position + i, id);
    }
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *found)
{
  if (GTK_IS_INSCRIPTION (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, found);
}

/* Checks that the changes told so far replay to the store's query for the current filter and sort. */
static void
assert_mirror (Fixture *fixture,
               GArray  *mirror)
{
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  ChorusInvoiceFilter filter;
  ChorusSortColumn sort;
  gboolean descending;
  g_autoptr(GArray) expected = NULL;

  chorus_filter_bar_get_filter (bar, &filter);
  sort = chorus_invoice_list_get_sort (fixture->list, &descending);
  expected = chorus_store_query_ids (fixture->store, &filter, sort, descending, NULL);
  g_assert_nonnull (expected);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpmem (mirror->data, mirror->len * sizeof (gint64), expected->data, expected->len * sizeof (gint64));
}

static void
test_model_changes (Fixture       *fixture,
                    gconstpointer  data)
{
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  g_autoptr(GArray) mirror = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  const ChorusSortColumn sorts[] = { CHORUS_SORT_AMOUNT_TTC, CHORUS_SORT_DEPOSIT_DATE, CHORUS_SORT_AMOUNT_TTC };
  const ChorusStatusGroup groups[] = { CHORUS_STATUS_GROUP_SENT_BACK, CHORUS_STATUS_GROUP_PROCESSED,
                                       CHORUS_STATUS_GROUP_TO_PROCESS, CHORUS_STATUS_GROUP_ALL };
  guint alive = 0;

  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_ALL);
  wait_rows (fixture, N_INVOICES);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      gint64 id = chorus_invoice_model_get_id (fixture->model, i);

      g_array_append_val (mirror, id);
    }
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);

  /* GTK 4.8 keeps about 200 rows of cells: on a list that long, a new sort rebinds them all but
   * the first row's instead of building new ones. */
  collect_inscriptions (GTK_WIDGET (fixture->list), cells);
  g_assert_cmpuint (cells->len, >, 1000);
  for (guint i = 0; i < cells->len; i++)
    g_object_add_weak_pointer (G_OBJECT (cells->pdata[i]), &cells->pdata[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      chorus_invoice_list_set_sort (fixture->list, sorts[i], i % 2 == 0);
      chorus_test_workspace_wait_loaded (fixture);
      assert_mirror (fixture, mirror);
    }
  for (guint i = 0; i < cells->len; i++)
    if (cells->pdata[i] != NULL)
      {
        alive++;
        g_object_remove_weak_pointer (G_OBJECT (cells->pdata[i]), &cells->pdata[i]);
      }
  g_assert_cmpuint (alive, >=, cells->len * 9 / 10);

  /* Shorter and longer lists: the changes still add up to the query's rows. */
  for (gsize g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      chorus_filter_bar_set_group (bar, groups[g]);
      chorus_test_workspace_wait_loaded (fixture);
      assert_mirror (fixture, mirror);
    }
  g_signal_handlers_disconnect_by_func (fixture->model, mirror_changed_cb, mirror);
}

static void
count_change_cb (GListModel *model, guint position, guint removed, guint added, guint *n_changes)
{
  (*n_changes)++;
}

/* A reload that finds the same rows tells the list nothing and keeps the rows' invoices; after a
 * write (a pull, an action) the same rows are read again and show what changed. */
static void
test_rebind_only_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  g_autoptr(ChorusInvoice) first = NULL;
  g_autoptr(ChorusInvoice) again = NULL;
  g_autoptr(ChorusInvoice) renamed = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_changes = 0;

  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_ALL);
  wait_rows (fixture, N_INVOICES);
  chorus_test_workspace_wait_loaded (fixture);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (count_change_cb), &n_changes);

  _chorus_recipient_workspace_reload (fixture->workspace);
  chorus_test_workspace_wait_loaded (fixture);
  chorus_test_settle (50);
  g_assert_cmpuint (n_changes, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_true (again == first);

  renamed = chorus_store_load_invoice (fixture->store, chorus_invoice_get_key (first), &error);
  g_assert_no_error (error);
  chorus_invoice_set_supplier_name (renamed, "Renamed Supplies");
  g_ptr_array_add (batch, g_object_ref (renamed));
  g_assert_true (chorus_store_upsert_invoices (fixture->store, batch, &error));
  g_assert_no_error (error);
  _chorus_recipient_workspace_reload (fixture->workspace);
  chorus_test_workspace_wait_loaded (fixture);
  g_assert_cmpuint (n_changes, >, 0);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_cmpint (chorus_invoice_get_key (again), ==, chorus_invoice_get_key (first));
  g_assert_cmpstr (chorus_invoice_get_supplier_name (again), ==, "Renamed Supplies");
  g_signal_handlers_disconnect_by_func (fixture->model, count_change_cb, &n_changes);
}

static void
fixture_set_up_unshown (Fixture       *fixture,
                        gconstpointer  data)
{
  chorus_test_workspace_reset_settings ();
  chorus_test_workspace_open_store (fixture, N_INVOICES);
}

static void
record_change_cb (GListModel *model, guint position, guint removed, guint added, GArray *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

static gboolean
has_rows (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* A 1400×860 window holding the workspace with the fixture's session, not shown yet. */
static void
build_unshown_window (Fixture *fixture)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 860);
  fixture->workspace = CHORUS_RECIPIENT_WORKSPACE (chorus_recipient_workspace_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->workspace));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  chorus_recipient_workspace_set_session (fixture->workspace, fixture->session);
  fixture->model = _chorus_recipient_workspace_get_model (fixture->workspace);
}

/* A long list's first frame waits for a screenful of rows only; the rest is appended after that
 * frame, the first rows keeping their widgets. */
static void
test_first_rows_first (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint first, last;

  build_unshown_window (fixture);
  g_assert_true (chorus_test_wait_until (has_rows, fixture->model, 10000));
  first = n_rows (fixture);
  /* "À traiter": N_INVOICES / 4 rows, more than a screenful. */
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <, N_INVOICES / 4);
  g_assert_true (_chorus_recipient_workspace_get_loading (fixture->workspace));

  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (record_change_cb), changes);
  gtk_window_present (GTK_WINDOW (fixture->window));
  chorus_test_workspace_wait_loaded (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, N_INVOICES / 4);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, first);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  last = g_array_index (changes, guint, 2);
  g_assert_cmpuint (last, ==, N_INVOICES / 4 - first);
  g_signal_handlers_disconnect_by_func (fixture->model, record_change_cb, changes);
}

/* What the window's first frame with the workspace shows, seen from the frame clock's after-paint
 * (connected after the workspace's own handlers). */
typedef struct {
  Fixture *fixture;
  guint    rows_at_paint;    /* rows in the model when the first frame that shows them ended */
  gboolean badge_mapped;     /* a status badge of the first row was in that frame, with its text */
  gboolean painted;
} FirstFrame;

static gboolean
badge_with_text (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "status-badge") && gtk_widget_get_mapped (root) &&
      *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (badge_with_text (child))
      return TRUE;
  return FALSE;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FirstFrame    *frame)
{
  Fixture *fixture = frame->fixture;

  if (frame->painted || !gtk_widget_get_mapped (GTK_WIDGET (fixture->workspace)) || n_rows (fixture) == 0)
    return;
  frame->painted = TRUE;
  frame->rows_at_paint = n_rows (fixture);
  frame->badge_mapped = badge_with_text (GTK_WIDGET (_chorus_recipient_workspace_get_list (fixture->workspace)));
}

/* The window's first frame paints the first rows with their text; the rest of a long list is
 * appended once that frame has ended (not inside it), and the detail pane shows no invoice. */
static void
test_first_frame_shows_rows (Fixture       *fixture,
                             gconstpointer  data)
{
  FirstFrame frame = { fixture, 0, FALSE, FALSE };
  GdkFrameClock *clock;

  build_unshown_window (fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_widget_realize (fixture->window);
  clock = gtk_widget_get_frame_clock (fixture->window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_painted_cb), &frame);
  g_assert_true (chorus_test_wait_until (chorus_test_flag_is_set, &frame.painted, 10000));
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, &frame);

  g_assert_true (frame.badge_mapped);
  g_assert_cmpuint (frame.rows_at_paint, >, 0);
  g_assert_cmpuint (frame.rows_at_paint, <, N_INVOICES / 4);
  g_assert_null (chorus_invoice_detail_get_invoice (_chorus_recipient_workspace_get_detail (fixture->workspace)));
  chorus_test_workspace_wait_loaded (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, N_INVOICES / 4);
}

/* A query that takes as long as the test wants: it waits in its worker until released, or until
 * cancelled (as SQLite's progress handler stops a real one). */
typedef struct {
  GMutex lock;
  GCond  cond;
  guint  entered;
  guint  cancelled;
  gboolean released;
} SlowQueries;

static void
slow_query_hook (GCancellable *cancellable, gpointer data)
{
  SlowQueries *slow = data;

  g_mutex_lock (&slow->lock);
  slow->entered++;
  g_cond_broadcast (&slow->cond);
  while (!slow->released && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&slow->cond, &slow->lock, g_get_monotonic_time () + 5 * G_TIME_SPAN_MILLISECOND);
  if (g_cancellable_is_cancelled (cancellable))
    slow->cancelled++;
  g_mutex_unlock (&slow->lock);
}

typedef struct {
  SlowQueries *slow;
  guint        entered;
  guint        cancelled;
} SlowWait;

static gboolean
slow_reached (gpointer data)
{
  SlowWait *wait = data;
  gboolean reached;

  g_mutex_lock (&wait->slow->lock);
  reached = wait->slow->entered >= wait->entered && wait->slow->cancelled >= wait->cancelled;
  g_mutex_unlock (&wait->slow->lock);
  return reached;
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Search as you type never waits for the query: while a slow search runs in its worker, the
 * window keeps handling events and the next keystroke starts a new search that cancels it; the
 * list then shows what the last text finds. */
static void
test_typing_never_waits (Fixture       *fixture,
                         gconstpointer  data)
{
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (fixture->workspace);
  GtkWidget *search = chorus_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_SEARCH_ENTRY, NULL);
  SlowQueries slow = { 0 };
  SlowWait first = { &slow, 1, 0 }, second = { &slow, 2, 1 };
  guint expected = 0, ticks = 0, tick_id;
  gint64 start;

  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_ALL);
  wait_rows (fixture, N_INVOICES);
  g_mutex_init (&slow.lock);
  g_cond_init (&slow.cond);
  /* A list this short is read on the UI thread; the worker is what a million invoices get. */
  chorus_store_set_cheap_query_rows (fixture->store, 0);
  chorus_store_set_query_hook (fixture->store, slow_query_hook, &slow);

  gtk_editable_set_text (GTK_EDITABLE (search), "Forma");
  g_assert_true (chorus_test_wait_until (slow_reached, &first, 10000));
  /* The search is stuck in its worker; the window is not: its clock ticks, typing goes on. */
  tick_id = g_timeout_add (10, count_tick, &ticks);
  start = g_get_monotonic_time ();
  chorus_test_settle (200);
  g_source_remove (tick_id);
  g_assert_cmpuint (ticks, >=, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (_chorus_recipient_workspace_get_loading (fixture->workspace));
  g_assert_cmpuint (n_rows (fixture), ==, N_INVOICES);

  /* The next keystroke: a new search, and the old one stops. */
  gtk_editable_set_text (GTK_EDITABLE (search), "Formatech");
  g_assert_true (chorus_test_wait_until (slow_reached, &second, 10000));
  g_assert_cmpuint (n_rows (fixture), ==, N_INVOICES);

  g_mutex_lock (&slow.lock);
  slow.released = TRUE;
  g_cond_broadcast (&slow.cond);
  g_mutex_unlock (&slow.lock);
  for (guint i = 0; i < N_INVOICES; i++)
    expected += g_str_equal (chorus_test_supplier (i), "Formatech");
  wait_rows (fixture, expected);
  g_assert_cmpuint (slow.entered, ==, 2);
  g_assert_cmpuint (slow.cancelled, ==, 1);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      g_assert_cmpstr (chorus_invoice_get_supplier_name (invoice), ==, "Formatech");
    }

  chorus_store_set_query_hook (fixture->store, NULL, NULL);
  chorus_store_set_cheap_query_rows (fixture->store, CHORUS_STORE_CHEAP_QUERY_ROWS);
  g_mutex_clear (&slow.lock);
  g_cond_clear (&slow.cond);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  chorus_test_load_style ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/workspace/filter", test_filter);
  ADD ("/workspace/typing-never-waits", test_typing_never_waits);
  g_test_add ("/workspace/first-rows-first", Fixture, NULL, fixture_set_up_unshown, test_first_rows_first,
              fixture_tear_down);
  g_test_add ("/workspace/first-frame-shows-rows", Fixture, NULL, fixture_set_up_unshown, test_first_frame_shows_rows,
              fixture_tear_down);
  ADD ("/workspace/sort", test_sort);
  ADD ("/workspace/model-changes", test_model_changes);
  ADD ("/workspace/rebind-only-changes", test_rebind_only_changes);
  ADD ("/workspace/select-and-keyboard", test_select_and_keyboard);
  ADD ("/workspace/process-single", test_process_single);
  ADD ("/workspace/process-bulk", test_process_bulk);
  ADD ("/workspace/columns-and-export", test_columns_and_export);
  ADD ("/workspace/local-fields", test_local_fields);
  ADD ("/workspace/cached-pdf-and-structured-data", test_cached_pdf_and_structured_data);
#undef ADD
  return g_test_run ();
}
