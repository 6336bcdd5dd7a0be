/* test-triage.c: the recipient's triage screen as a French user sees it: window sizes (folded list and
 * invoice pages, the divider), the triage columns and their deadlines, filters shown as chips,
 * Tab between the filter fields, SIRET search with spaces, the empty list, Ctrl+F, assigning
 * handlers, "Mes factures", the follow-up and the detail's French labels. Runs in French. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "chorus-deadline.h"
#include "chorus-followup-form.h"
#include "chorus-invoice-columns.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-status.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"
#include "chorus-test-workspace.h"
#include "chorus-filter-bar-private.h"
#include "chorus-invoice-list-private.h"
#include "chorus-pdf-view-private.h"
#include "chorus-split-view-private.h"

#define N_INVOICES 300
#define SPECIAL_ID 9001        /* an invoice with every detail filled in */
#define SPECIAL_SIRET "87929443852252"

typedef ChorusTestWorkspace Fixture;

static void
add_special_invoice (ChorusStore *store)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  g_autoptr(GPtrArray) vat = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_status_event_free);
  g_autoptr(GError) error = NULL;
  ChorusInvoice *invoice = chorus_invoice_new ();
  ChorusInvoiceLine line = { 1, (char *) "AFGSU2", (char *) "Formation AFGSU niveau 2", 20, (char *) "SESSION",
                             90000, 0, (char *) "TVA1", 0, 1800000 };
  ChorusVatLine vat_line = { (char *) "TVA1", 0, 1800000, 0 };
  ChorusStatusEvent made_available = { .status = CHORUS_STATUS_MISE_A_DISPOSITION, .code = "MISE_A_DISPOSITION",
                                       .date = (char *) "2026-11-20 10:36", .user = (char *) "Marie Dupont" };
  ChorusStatusEvent deposited = { .status = CHORUS_STATUS_DEPOSEE, .code = "DEPOSEE",
                                  .date = (char *) "2026-11-20T09:12:00", .comment = (char *) "Dépôt du fournisseur" };

  chorus_invoice_set_id (invoice, SPECIAL_ID);
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_number (invoice, "FORM-2026-000015");
  chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
  chorus_invoice_set_invoice_date (invoice, "2026-11-18");
  chorus_invoice_set_deposit_date (invoice, "2026-11-20");
  chorus_invoice_set_status_date (invoice, "2026-11-20T10:36:00");
  chorus_invoice_set_due_date (invoice, "2026-12-18");
  chorus_invoice_set_deposit_mode (invoice, "DEPOT_PDF_API");
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_recipient_code (invoice, "26073001700015");
  chorus_invoice_set_recipient_name (invoice, "Centre hospitalier de Valence");
  chorus_invoice_set_supplier_code (invoice, SPECIAL_SIRET);
  chorus_invoice_set_supplier_id_type (invoice, CHORUS_ID_TYPE_SIRET);
  chorus_invoice_set_supplier_name (invoice, "Centre de formation Urgences Formation Rivebelle");
  chorus_invoice_set_amount_ht (invoice, 1800000);
  chorus_invoice_set_amount_ttc (invoice, 1800000);
  chorus_invoice_set_amount_to_pay (invoice, 1800000);
  g_ptr_array_add (batch, invoice);
  g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
  g_assert_no_error (error);

  g_ptr_array_add (lines, chorus_invoice_line_copy (&line));
  g_ptr_array_add (vat, chorus_vat_line_copy (&vat_line));
  /* Newest first, as Chorus Pro lists it. */
  g_ptr_array_add (history, chorus_status_event_copy (&made_available));
  g_ptr_array_add (history, chorus_status_event_copy (&deposited));
  chorus_invoice_set_lines (invoice, lines);
  chorus_invoice_set_vat_lines (invoice, vat);
  chorus_invoice_set_history (invoice, history);
  g_assert_true (chorus_store_save_detail (store, invoice, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  chorus_test_workspace_reset_settings ();
  chorus_test_workspace_open_store (fixture, N_INVOICES);
  add_special_invoice (fixture->store);
  chorus_test_workspace_show (fixture, 1366, 768);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  chorus_test_workspace_close (fixture);
}

/* Helpers ------------------------------------------------------------------------------------- */

typedef struct {
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
width_is (gpointer data)
{
  WidthWait *wait = data;
  return gtk_widget_get_width (wait->widget) == wait->width;
}

static void
resize (Fixture *fixture,
        int      width,
        int      height)
{
  WidthWait wait = { fixture->window, width };

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  g_assert_true (chorus_test_wait_until (width_is, &wait, 10000));
  /* The split view took its new size and the leaflet its mode. */
  wait.widget = GTK_WIDGET (fixture->split);
  g_assert_true (chorus_test_wait_until (width_is, &wait, 10000));
  chorus_test_settle (400);
}

/* The header widget of the column whose title is @title, found by its text. */
static GtkWidget *
column_header (Fixture    *fixture,
               const char *title)
{
  GtkWidget *view = GTK_WIDGET (chorus_invoice_list_get_column_view (fixture->list));

  for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_VIEW (row))
        continue;
      for (GtkWidget *header = gtk_widget_get_first_child (row); header != NULL; header = gtk_widget_get_next_sibling (header))
        {
          GtkWidget *label = chorus_test_find_widget (header, GTK_TYPE_LABEL, title);

          if (label != NULL)
            return header;
        }
    }
  return NULL;
}

static gboolean
revealed (gpointer revealer)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* The header's sort arrow: "ascending", "descending" or NULL when it has none. */
static const char *
header_arrow (GtkWidget *widget)
{
  if (g_str_equal (gtk_widget_get_css_name (widget), "sort-indicator") && gtk_widget_get_visible (widget))
    {
      if (gtk_widget_has_css_class (widget, "ascending"))
        return "ascending";
      if (gtk_widget_has_css_class (widget, "descending"))
        return "descending";
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *arrow = header_arrow (child);

      if (arrow != NULL)
        return arrow;
    }
  return NULL;
}

/* The column's header lies wholly within the list's visible width. */
static void
assert_column_visible (Fixture    *fixture,
                       const char *title)
{
  GtkWidget *header = column_header (fixture, title);
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->list));

  if (header == NULL)
    g_error ("no column titled “%s”", title);
  g_assert_true (gtk_widget_get_mapped (header));
  g_assert_true (gtk_widget_compute_bounds (header, GTK_WIDGET (fixture->list), &bounds));
  if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > width + 1)
    g_error ("column “%s” at %.0f–%.0f, the list shows 0–%d", title, bounds.origin.x,
             bounds.origin.x + bounds.size.width, width);
}

static void
select_row (Fixture *fixture,
            gint64   id)
{
  g_assert_true (chorus_invoice_list_select_id (fixture->list, id));
}

static gboolean
leaflet_settled (gpointer data)
{
  return !adw_leaflet_get_child_transition_running (data);
}

static GtkWidget *
root_focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* The generated invoices to process, and the special one. */
static guint
to_process_rows (void)
{
  guint n = 1;

  for (guint i = 0; i < N_INVOICES; i++)
    n += chorus_status_get_group (chorus_test_status (i)) == CHORUS_STATUS_GROUP_TO_PROCESS;
  return n;
}

/* Window sizes -------------------------------------------------------------------------------- */

/* 1024×700: one page at a time. A click opens the invoice; Back returns to the list with the
 * invoice in view. 1366×768 and 1920×1080: side by side, the list takes 60 %; the number, the
 * amount, the status and the time left are in view. */
static void
test_sizes (Fixture       *fixture,
            gconstpointer  data)
{
  AdwLeaflet *leaflet = chorus_split_view_get_leaflet (fixture->split);
  gint64 id = chorus_invoice_model_get_id (fixture->model, 5);
  const struct { int width, height; } wide[] = { { 1366, 768 }, { 1920, 1080 } };
  const char *titles[] = { _("Invoice No."), _("To Pay"), _("Status"), _("Time Left") };
  GtkWidget *back;

  resize (fixture, 1024, 700);
  g_assert_true (chorus_split_view_get_folded (fixture->split));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->list)), >=, 1000);
  for (gsize t = 0; t < G_N_ELEMENTS (titles); t++)
    assert_column_visible (fixture, titles[t]);
  chorus_test_workspace_shot (fixture, "triage-1024x700-list");

  /* A click on a row: the row is selected by the view, then the page opens. */
  select_row (fixture, id);
  g_signal_emit_by_name (fixture->list, "row-clicked");
  g_assert_true (chorus_test_wait_until (leaflet_settled, leaflet, 5000));
  g_assert_true (chorus_split_view_get_showing_detail (fixture->split));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) != gtk_widget_get_parent (GTK_WIDGET (fixture->list)));
  chorus_test_workspace_wait_detail (fixture, id, 10000);
  back = chorus_test_find_named (GTK_WIDGET (fixture->split), "split-back");
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_chorus_recipient_workspace_get_detail (fixture->workspace))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->list)));
  chorus_test_workspace_shot (fixture, "triage-1024x700-invoice");

  g_signal_emit_by_name (back, "clicked");
  g_assert_true (chorus_test_wait_until (leaflet_settled, leaflet, 5000));
  chorus_test_settle (300);
  g_assert_false (chorus_split_view_get_showing_detail (fixture->split));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->list)));
  {
    g_autoptr(GArray) selected = chorus_invoice_list_get_selected_ids (fixture->list);

    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_cmpint (g_array_index (selected, gint64, 0), ==, id);
  }
  chorus_test_workspace_shot (fixture, "triage-1024x700-back");

  for (gsize s = 0; s < G_N_ELEMENTS (wide); s++)
    {
      g_autofree char *name = g_strdup_printf ("triage-%dx%d", wide[s].width, wide[s].height);
      int split_width, list_width;

      resize (fixture, wide[s].width, wide[s].height);
      g_assert_false (chorus_split_view_get_folded (fixture->split));
      select_row (fixture, id);
      chorus_test_workspace_wait_detail (fixture, id, 10000);
      split_width = gtk_widget_get_width (GTK_WIDGET (fixture->split));
      list_width = gtk_widget_get_width (GTK_WIDGET (fixture->list));
      /* About 60 % for the list, the rest for the invoice and the divider. */
      g_assert_cmpint (ABS (list_width - split_width * 6 / 10), <=, 12);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (_chorus_recipient_workspace_get_detail (fixture->workspace))),
                       >=, split_width * 35 / 100);
      for (gsize t = 0; t < G_N_ELEMENTS (titles); t++)
        assert_column_visible (fixture, titles[t]);
      if (wide[s].width == 1920)
        {
          GtkWidget *handler = column_header (fixture, _("Handler"));
          graphene_rect_t bounds;

          /* Room to spare goes to the supplier's name: the columns fill the list, none hidden
           * behind the others' widths. */
          g_assert_true (gtk_widget_compute_bounds (handler, GTK_WIDGET (fixture->list), &bounds));
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=, list_width - 2);
          g_assert_cmpint (gtk_widget_get_width (column_header (fixture, _("Supplier"))), >, 200);
        }
      chorus_test_workspace_shot (fixture, name);
    }
}

/* The window may shrink to about 400 px: nothing in the workspace asks for more. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 id = chorus_invoice_model_get_id (fixture->model, 0);
  int minimum = 0;

  select_row (fixture, id);
  chorus_test_workspace_wait_detail (fixture, id, 10000);
  gtk_widget_measure (GTK_WIDGET (fixture->workspace), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 400);
  resize (fixture, 400, 700);
  g_assert_true (chorus_split_view_get_folded (fixture->split));
  chorus_test_workspace_shot (fixture, "triage-400x700-list");
  chorus_split_view_show_detail (fixture->split);
  chorus_test_settle (500);
  chorus_test_workspace_shot (fixture, "triage-400x700-invoice");
}

static GtkGesture *
handle_drag (Fixture *fixture)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (chorus_split_view_get_handle (fixture->split));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

/* Dragging the divider moves it, and its place is remembered. */
static void
test_divider (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkGesture *drag = handle_drag (fixture);
  int before, after, split_width;
  WidthWait wait;

  resize (fixture, 1600, 900);
  before = gtk_widget_get_width (GTK_WIDGET (fixture->list));
  split_width = gtk_widget_get_width (GTK_WIDGET (fixture->split));
  g_signal_emit_by_name (drag, "drag-begin", 2.0, 300.0);
  g_signal_emit_by_name (drag, "drag-update", 160.0, 0.0);
  g_signal_emit_by_name (drag, "drag-end", 160.0, 0.0);
  wait.widget = GTK_WIDGET (fixture->list);
  wait.width = before + 160;
  g_assert_true (chorus_test_wait_until (width_is, &wait, 5000));
  after = gtk_widget_get_width (GTK_WIDGET (fixture->list));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "invoice-list-fraction"),
                                  (double) after / split_width, 0.01);
  chorus_test_workspace_shot (fixture, "triage-divider-dragged");

  /* A new window opens with the divider where it was left. */
  g_settings_set_double (settings, "invoice-list-fraction", 0.5);
  wait.width = split_width / 2;
  g_assert_true (chorus_test_wait_until (width_is, &wait, 5000));
}

typedef struct {
  GtkAdjustment *adjustment;
  double         value;
} ValueWait;

static gboolean
value_is (gpointer data)
{
  ValueWait *wait = data;

  return G_APPROX_VALUE (gtk_adjustment_get_value (wait->adjustment), wait->value, 1.0);
}

/* The list has all its rows laid out: a list that was empty shows a screenful first and the
 * rest after that frame, and the view knows their height at the next layout. */
static gboolean
scrolls_past_800 (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 800;
}

/* Picking an invoice halfway down the list, then a reload (a sync, a detail fetched): the list
 * stays where it was, the invoice in sight, instead of jumping. */
static void
test_reload_keeps_place (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *scrolled = chorus_test_find_widget (GTK_WIDGET (fixture->list), GTK_TYPE_SCROLLED_WINDOW, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  ValueWait wait = { adjustment, 400 };
  g_autoptr(ChorusInvoice) picked = NULL;
  double offset;

  g_assert_true (chorus_test_wait_until (scrolls_past_800, adjustment, 5000));
  gtk_adjustment_set_value (adjustment, 400);
  chorus_test_settle (300);
  offset = gtk_adjustment_get_value (adjustment);
  /* A row in the middle of what shows (rows are about 20 px high). */
  picked = g_list_model_get_item (G_LIST_MODEL (fixture->model), (guint) (offset / 20) + 8);
  g_assert_true (chorus_invoice_list_select_id (fixture->list, chorus_invoice_get_id (picked)));
  chorus_test_workspace_wait_detail (fixture, chorus_invoice_get_id (picked), 10000);
  chorus_test_settle (300);
  wait.value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (wait.value, >, 0);

  _chorus_recipient_workspace_reload (fixture->workspace);
  chorus_test_workspace_wait_loaded (fixture);
  chorus_test_settle (500);
  g_assert_true (chorus_test_wait_until (value_is, &wait, 5000));
  {
    g_autoptr(GArray) selected = chorus_invoice_list_get_selected_ids (fixture->list);

    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_cmpint (g_array_index (selected, gint64, 0), ==, chorus_invoice_get_id (picked));
  }
  chorus_test_workspace_shot (fixture, "triage-after-reload");

  /* Another tab without that invoice starts at the top. */
  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_PROCESSED);
  chorus_test_workspace_wait_loaded (fixture);
  chorus_test_settle (500);
  wait.value = 0;
  g_assert_true (chorus_test_wait_until (value_is, &wait, 5000));
}

/* Triage columns and deadlines ---------------------------------------------------------------- */

static void
collect_days_cells (GtkWidget *root,
                    GPtrArray *cells)
{
  if (GTK_IS_INSCRIPTION (root) && g_object_get_data (G_OBJECT (root), "chorus-list") != NULL &&
      g_object_get_data (G_OBJECT (root), "chorus-bound") != NULL && gtk_widget_get_mapped (root))
    g_ptr_array_add (cells, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_days_cells (child, cells);
}

/* The default columns of the triage view, and a countdown only where one means something. */
static void
test_columns_and_deadlines (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(GStrv) visible = chorus_invoice_list_get_visible_columns (fixture->list);
  const char *expected[] = { "supplier", "number", "invoice-date", "amount-to-pay", "status", "days-left",
                             "gestionnaire", NULL };
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  GtkWidget *header;
  guint counted = 0, stopped = 0;

  g_assert_cmpstrv (visible, expected);
  /* Short headers, the full name in the tooltip. */
  chorus_test_settle (200);
  header = column_header (fixture, _("Time Left"));
  g_assert_nonnull (header);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (header), ==, "Temps restant avant l’échéance légale de paiement");

  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_ALL);
  chorus_test_workspace_wait_rows (fixture, N_INVOICES + 1, 10000);
  chorus_test_settle (300);
  /* Toutes: the newest invoices first, and the arrow says so, on that column only. */
  g_assert_cmpint (chorus_invoice_list_get_sort (fixture->list, NULL), ==, CHORUS_SORT_INVOICE_DATE);
  g_assert_cmpstr (header_arrow (column_header (fixture, _("Inv. Date"))), ==, "descending");
  g_assert_null (header_arrow (column_header (fixture, _("Time Left"))));
  collect_days_cells (GTK_WIDGET (fixture->list), cells);
  g_assert_cmpuint (cells->len, >, 20);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      ChorusInvoice *invoice = g_object_get_data (G_OBJECT (cell), "chorus-bound");
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (cell, text);
      int text_width;

      /* Shown whole, never "payée en 1…". */
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      /* A row the view has bound but not laid out yet (a busy machine) has no width to judge. */
      if (gtk_widget_get_width (cell) > 0 && text_width > gtk_widget_get_width (cell))
        g_error ("“%s” is %d px wide in a %d px cell", text, text_width, gtk_widget_get_width (cell));
      switch (chorus_invoice_get_status (invoice))
        {
        case CHORUS_STATUS_MISE_EN_PAIEMENT:
          /* Paid: how long it took, no alarm. */
          g_assert_true (g_str_has_prefix (text, "payée en "));
          g_assert_false (gtk_widget_has_css_class (cell, "error"));
          stopped++;
          break;
        case CHORUS_STATUS_REJETEE:
        case CHORUS_STATUS_A_RECYCLER:
          g_assert_cmpstr (text, ==, "—");
          g_assert_false (gtk_widget_has_css_class (cell, "error"));
          stopped++;
          break;
        case CHORUS_STATUS_SUSPENDUE:
          g_assert_cmpstr (text, ==, "suspendue");
          stopped++;
          break;
        default:
          /* "J-34" or "+12 j", red when late. */
          g_assert_true (g_str_has_prefix (text, "J-") || (text[0] == '+' && g_str_has_suffix (text, " j")));
          g_assert_cmpint (gtk_widget_has_css_class (cell, "error"), ==, text[0] == '+');
          counted++;
          break;
        }
    }
  g_assert_cmpuint (counted, >, 0);
  g_assert_cmpuint (stopped, >, 0);
  chorus_test_workspace_shot (fixture, "triage-all-deadlines");

  /* À traiter: the most urgent first, the first ones late. */
  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_TO_PROCESS);
  chorus_test_workspace_wait_rows (fixture, to_process_rows (), 10000);
  g_assert_cmpint (chorus_invoice_list_get_sort (fixture->list, NULL), ==, CHORUS_SORT_DAYS_LEFT);
  g_assert_cmpstr (header_arrow (column_header (fixture, _("Time Left"))), ==, "ascending");
  g_assert_null (header_arrow (column_header (fixture, _("Inv. Date"))));
  /* Traitées: sorted by a column not shown by default, the latest status first: no header has an arrow. */
  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_PROCESSED);
  chorus_test_workspace_wait_loaded (fixture);
  g_assert_cmpint (chorus_invoice_list_get_sort (fixture->list, NULL), ==, CHORUS_SORT_STATUS_DATE);
  g_assert_null (header_arrow (column_header (fixture, _("Time Left"))));
  g_assert_null (header_arrow (column_header (fixture, _("Inv. Date"))));
  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_TO_PROCESS);
  chorus_test_workspace_wait_rows (fixture, to_process_rows (), 10000);

  /* The internal reference under the team's own name, the "Renvoi" column. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "internal-reference-label", "N° Dapec");
    chorus_invoice_list_set_column_visible (fixture->list, "internal-reference", TRUE);
    chorus_invoice_list_set_column_visible (fixture->list, "renvoi", TRUE);
    chorus_test_settle (300);
    g_assert_nonnull (column_header (fixture, "N° Dapec"));
    g_assert_nonnull (column_header (fixture, "Renvoi"));
    g_clear_pointer (&visible, g_strfreev);
    visible = chorus_invoice_list_get_visible_columns (fixture->list);
    /* Shown where it belongs, beside the status, not at the far right. */
    g_assert_cmpstr (visible[5], ==, "renvoi");
    chorus_test_workspace_shot (fixture, "triage-dapec-and-renvoi");

    /* Préférences › Réinitialiser: the open list shows its defaults at once. */
    chorus_invoice_list_reset_settings (settings);
    chorus_test_settle (100);
    g_clear_pointer (&visible, g_strfreev);
    visible = chorus_invoice_list_get_visible_columns (fixture->list);
    g_assert_cmpstrv (visible, expected);
  }
}

/* A second recipient structure: the recipient column shows by itself. */
static void
test_recipient_column (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) visible = NULL;
  ChorusInvoice *other = chorus_invoice_new ();

  visible = chorus_invoice_list_get_visible_columns (fixture->list);
  g_assert_false (g_strv_contains ((const char * const *) visible, "recipient"));
  chorus_invoice_set_id (other, 9100);
  chorus_invoice_set_direction (other, CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_status (other, CHORUS_STATUS_MISE_A_DISPOSITION);
  chorus_invoice_set_number (other, "EHPAD-1");
  chorus_invoice_set_recipient_name (other, "EHPAD des Tilleuls");
  chorus_invoice_set_deposit_date (other, "2026-11-30");
  g_ptr_array_add (batch, other);
  g_assert_true (chorus_store_upsert_invoices (fixture->store, batch, &error));
  _chorus_recipient_workspace_reload (fixture->workspace);
  chorus_test_workspace_wait_loaded (fixture);
  g_clear_pointer (&visible, g_strfreev);
  visible = chorus_invoice_list_get_visible_columns (fixture->list);
  g_assert_cmpstr (visible[0], ==, "recipient");
  chorus_test_workspace_shot (fixture, "triage-two-recipients");
}

/* Filters ------------------------------------------------------------------------------------- */

static guint
count_chips (Fixture *fixture)
{
  return chorus_filter_bar_get_active_count (fixture->bar);
}

static void
wait_changed (Fixture *fixture)
{
  /* The bar waits 250 ms after the last key before it queries. */
  chorus_test_settle (400);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *bar = GTK_WIDGET (fixture->bar);
  GtkWidget *filters = chorus_test_find_named (bar, "filters-button");
  GtkWidget *badge = chorus_test_find_named (bar, "filter-count");
  GtkWidget *chips = chorus_test_find_named (bar, "chips");
  GtkWidget *amount_min = chorus_test_find_named (bar, "amount-min");
  GtkWidget *date_from = chorus_test_find_named (bar, "date-from");
  GtkWidget *date_to = chorus_test_find_named (bar, "date-to");
  GtkWidget *gestionnaire = chorus_test_find_named (bar, "gestionnaire");
  GtkWidget *chip_button, *focus;
  guint all_rows = chorus_test_workspace_n_rows (fixture), expected = 0;
  ChorusInvoiceFilter filter;

  g_assert_nonnull (filters);
  g_assert_cmpuint (count_chips (fixture), ==, 0);
  g_assert_false (gtk_widget_get_visible (badge));

  /* A minimum amount typed in the panel... */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (filters), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (amount_min), "10 000");
  wait_changed (fixture);
  for (guint i = 0; i < N_INVOICES; i++)
    expected += chorus_test_amount (i) >= 1000000 && chorus_test_status (i) == CHORUS_STATUS_MISE_A_DISPOSITION;
  expected += 1;  /* the special invoice, 18 000 € */
  g_assert_cmpuint (chorus_test_workspace_n_rows (fixture), <, all_rows);
  chorus_test_workspace_shot (fixture, "triage-filters-open");

  /* ... stays in sight with the panel closed: a chip and a count on the button. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (filters), FALSE);
  chorus_test_settle (400);
  g_assert_cmpuint (count_chips (fixture), ==, 1);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "1");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (chips)));
  chip_button = chorus_test_find_widget (chips, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (chip_button);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (chip_button), "chorus-chip-text"), ==, "TTC ≥ 10\u202f000,00\u00a0€");
  chorus_test_workspace_shot (fixture, "triage-filters-chip");

  /* Removing the chip removes the filter. */
  g_signal_emit_by_name (chip_button, "clicked");
  chorus_test_workspace_wait_rows (fixture, all_rows, 10000);
  g_assert_cmpuint (count_chips (fixture), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount_min)), ==, "");

  /* Tab from one date to the next keeps what is typed next. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (filters), TRUE);
  /* Tab follows the fields' places: the panel must be fully open first. */
  g_assert_true (chorus_test_wait_until (revealed, gtk_widget_get_ancestor (date_from, GTK_TYPE_REVEALER), 10000));
  chorus_test_settle (200);
  g_assert_true (gtk_widget_grab_focus (date_from));
  gtk_editable_set_text (GTK_EDITABLE (date_from), "01/11/2026");
  g_assert_true (gtk_widget_child_focus (fixture->window, GTK_DIR_TAB_FORWARD));
  focus = root_focus (fixture);
  g_assert_nonnull (focus);
  g_assert_true (focus == date_to || gtk_widget_is_ancestor (focus, date_to));
  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "30/11/2026");
  chorus_filter_bar_get_filter (fixture->bar, &filter);
  g_assert_cmpstr (filter.date_from, ==, "2026-11-01");
  g_assert_cmpstr (filter.date_to, ==, "2026-11-30");
  wait_changed (fixture);
  g_assert_cmpuint (count_chips (fixture), ==, 2);

  /* Handlers: "not assigned" and "me" are choices of their own. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    GListModel *choices = gtk_drop_down_get_model (GTK_DROP_DOWN (gestionnaire));

    g_settings_set_string (settings, "my-gestionnaire", "Claire Martin");
    g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Paul Durand", NULL));
    chorus_test_settle (100);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 1), ==, "Non attribuées");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 2), ==, "Moi (Claire Martin)");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 3), ==, "Paul Durand");
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gestionnaire), 1);
    chorus_filter_bar_get_filter (fixture->bar, &filter);
    g_assert_true (filter.unassigned);
  }
  wait_changed (fixture);
  g_assert_cmpuint (count_chips (fixture), ==, 3);
  chorus_test_workspace_shot (fixture, "triage-filters-three");

  /* The empty list offers a way out. */
  chorus_filter_bar_clear (fixture->bar, TRUE);
  chorus_test_workspace_wait_rows (fixture, all_rows, 10000);
  gtk_editable_set_text (GTK_EDITABLE (chorus_test_find_named (bar, "search")), "zzzz-rien");
  chorus_test_workspace_wait_rows (fixture, 0, 10000);
  {
    GtkWidget *button = chorus_test_find_widget (GTK_WIDGET (fixture->workspace), GTK_TYPE_BUTTON,
                                                 _("_Clear the Search and the Filters"));

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_get_mapped (button));
    chorus_test_workspace_shot (fixture, "triage-empty");
    g_signal_emit_by_name (button, "clicked");
  }
  chorus_test_workspace_wait_rows (fixture, all_rows, 10000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (chorus_test_find_named (bar, "search"))), ==, "");
}

/* A SIRET copied from a PDF, with its spaces, finds the invoice. */
static void
test_siret_search (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *search = chorus_test_find_named (GTK_WIDGET (fixture->bar), "search");

  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_ALL);
  gtk_editable_set_text (GTK_EDITABLE (search), "879 294 438 52252");
  chorus_test_workspace_wait_rows (fixture, 1, 10000);
  g_assert_cmpint (chorus_invoice_model_get_id (fixture->model, 0), ==, SPECIAL_ID);
  chorus_test_workspace_shot (fixture, "triage-siret-spaces");
  gtk_editable_set_text (GTK_EDITABLE (search), "879.294.438");
  chorus_test_workspace_wait_rows (fixture, 1, 10000);
}

static ChorusPdfView *
pdf_view_of (Fixture *fixture)
{
  return chorus_invoice_detail_get_pdf_view (_chorus_recipient_workspace_get_detail (fixture->workspace));
}

static gboolean
pdf_ready (gpointer data)
{
  return chorus_pdf_view_get_state (data) == CHORUS_PDF_VIEW_READY;
}

/* Ctrl+F: the list's search, or the PDF's once the PDF has the focus. */
static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  GtkWidget *pdf = GTK_WIDGET (chorus_invoice_detail_get_pdf_view (detail));
  GtkWidget *search = chorus_test_find_named (GTK_WIDGET (fixture->bar), "search");
  const char *samples = g_getenv ("CHORUS_SAMPLES_DIR");
  g_autofree char *path = g_build_filename (samples ? samples : ".", "akretion", "invoice_EN16931.pdf", NULL);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  GtkWidget *focus;

  /* The invoice's PDF is in the cache, as after a sync. */
  g_assert_nonnull (file);
  bytes = g_mapped_file_get_bytes (file);
  g_assert_true (chorus_store_cache_file (fixture->store, SPECIAL_ID, "pdf", bytes, NULL));
  select_row (fixture, SPECIAL_ID);
  chorus_test_workspace_wait_detail (fixture, SPECIAL_ID, 10000);
  g_assert_true (chorus_test_wait_until (pdf_ready, pdf_view_of (fixture), 20000));
  gtk_widget_grab_focus (GTK_WIDGET (chorus_invoice_list_get_column_view (fixture->list)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.find", NULL));
  focus = root_focus (fixture);
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));

  chorus_invoice_detail_show_page (detail, "pdf");
  chorus_test_settle (200);
  g_assert_true (gtk_widget_get_focusable (pdf));
  g_assert_true (gtk_widget_grab_focus (pdf));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.find", NULL));
  focus = root_focus (fixture);
  g_assert_true (gtk_widget_is_ancestor (focus, pdf));
  g_assert_false (focus == search || gtk_widget_is_ancestor (focus, search));
}

/* Handlers ------------------------------------------------------------------------------------ */

static GtkWidget *
first_row_menu_button (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "row-menu-button") && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_row_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Seed 000's workflow: several invoices to one handler at once, then "Mes factures". */
static void
test_assign (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkSelectionModel *selection = chorus_invoice_list_get_selection (fixture->list);
  g_autoptr(GArray) ids = NULL;
  GtkWidget *button, *popover;

  g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Claire Martin", NULL));
  gtk_selection_model_select_range (selection, 0, 4, TRUE);
  ids = chorus_invoice_list_get_selected_ids (fixture->list);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->workspace), "recipient.assign", "s", "Claire Martin"));
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (fixture->store, g_array_index (ids, gint64, i), NULL);

      g_assert_cmpstr (chorus_invoice_get_gestionnaire (invoice), ==, "Claire Martin");
    }
  chorus_test_workspace_shot (fixture, "triage-assigned");

  /* Each row has its own menu, with the handlers to assign to. */
  button = first_row_menu_button (GTK_WIDGET (fixture->list));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  chorus_test_settle (300);
  popover = chorus_test_find_widget (GTK_WIDGET (fixture->list), GTK_TYPE_POPOVER_MENU, NULL);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  {
    GdkRectangle target;
    graphene_rect_t bounds;

    /* It points at the row's button. */
    g_assert_true (gtk_popover_get_pointing_to (GTK_POPOVER (popover), &target));
    g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (fixture->list), &bounds));
    g_assert_cmpint (target.y, ==, (int) bounds.origin.y);
  }
  g_assert_nonnull (chorus_test_find_widget (popover, GTK_TYPE_WIDGET, NULL));
  chorus_test_workspace_shot (fixture, "triage-row-menu");
  {
    /* The menu is a surface of its own: its picture apart. */
    g_autofree char *path = chorus_test_screenshot (popover, "triage-row-menu-open");

    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  gtk_popover_popdown (GTK_POPOVER (popover));
  chorus_test_settle (200);
  {
    g_autoptr(GArray) selected = chorus_invoice_list_get_selected_ids (fixture->list);

    /* The menu's row became the selection its actions work on. */
    g_assert_cmpuint (selected->len, ==, 1);
  }

  /* "Mes factures": the user's own, to process. */
  g_settings_set_string (settings, "my-gestionnaire", "Claire Martin");
  g_assert_true (chorus_filter_bar_show_my_invoices (fixture->bar));
  chorus_test_workspace_wait_rows (fixture, ids->len, 10000);
  for (guint i = 0; i < chorus_test_workspace_n_rows (fixture); i++)
    {
      g_autoptr(ChorusInvoice) invoice = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);

      g_assert_cmpstr (chorus_invoice_get_gestionnaire (invoice), ==, "Claire Martin");
      g_assert_cmpint (chorus_status_get_group (chorus_invoice_get_status (invoice)), ==, CHORUS_STATUS_GROUP_TO_PROCESS);
    }
  g_assert_cmpuint (count_chips (fixture), ==, 1);
  chorus_test_workspace_shot (fixture, "triage-my-invoices");
}

/* Detail ------------------------------------------------------------------------------------- */

static gboolean
grid_has_text (GtkWidget  *root,
               const char *text)
{
  return chorus_test_find_widget (root, GTK_TYPE_LABEL, text) != NULL;
}

static gboolean
has_row_subtitle (GtkWidget  *root,
                  const char *subtitle)
{
  if (ADW_IS_ACTION_ROW (root) && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (root)), subtitle) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_row_subtitle (child, subtitle))
      return TRUE;
  return FALSE;
}

/* The invoice in French: labels for codes, grouped SIRET, dates with times, both deadlines. */
static void
test_detail_in_french (Fixture       *fixture,
                       gconstpointer  data)
{
  ChorusInvoiceDetail *detail = _chorus_recipient_workspace_get_detail (fixture->workspace);
  GtkWidget *root = GTK_WIDGET (detail);
  GtkWidget *legal, *stated;

  chorus_filter_bar_set_group (fixture->bar, CHORUS_STATUS_GROUP_ALL);
  chorus_test_workspace_wait_rows (fixture, N_INVOICES + 1, 10000);
  select_row (fixture, SPECIAL_ID);
  chorus_test_workspace_wait_detail (fixture, SPECIAL_ID, 10000);
  chorus_invoice_detail_show_page (detail, "summary");
  chorus_test_settle (200);

  g_assert_true (grid_has_text (root, "Dépôt PDF par API"));
  g_assert_true (grid_has_text (root, "Virement"));
  g_assert_true (grid_has_text (root, "879 294 438 52252 (SIRET)"));
  g_assert_true (grid_has_text (root, "Centre hospitalier de Valence (260 730 017 00015)"));
  g_assert_true (grid_has_text (root, "20/11/2026 10:36"));
  g_assert_false (grid_has_text (root, "DEPOT_PDF_API"));
  g_assert_false (grid_has_text (root, "VIREMENT"));
  legal = chorus_test_find_named (root, "legal-deadline");
  stated = chorus_test_find_named (root, "stated-deadline");
  g_assert_nonnull (legal);
  g_assert_nonnull (stated);
  /* A hospital by its name: 50 days from 20/11/2026. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (legal)), ==, "Échéance légale : 09/01/2027");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (legal)),
                                   "50 jours après la réception le 20/11/2026\nÉtablissement public de santé, d’après le nom du destinataire"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (stated)), ==,
                   "Échéance indiquée par le fournisseur : 18/12/2026");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (stated)), ==,
                   "Le paiement est dû au plus tard à l’échéance légale ; la date du fournisseur peut être plus proche.");
  /* Both dates count down while the invoice waits: the state of each at the end of its row (as of
   * today, whatever day the test runs). */
  {
    ChorusDeadline deadline;
    g_autofree char *legal_status = NULL;
    g_autofree char *stated_status = NULL;

    chorus_deadline_compute (&deadline, chorus_invoice_detail_get_invoice (detail), 50, NULL);
    legal_status = chorus_deadline_format_status (&deadline);
    stated_status = chorus_deadline_format_stated_status (&deadline);
    g_assert_nonnull (stated_status);
    g_assert_nonnull (chorus_test_find_widget (legal, GTK_TYPE_LABEL, legal_status));
    g_assert_nonnull (chorus_test_find_widget (stated, GTK_TYPE_LABEL, stated_status));
  }
  chorus_test_workspace_shot (fixture, "triage-detail-facture");

  chorus_invoice_detail_show_page (detail, "lines");
  chorus_test_settle (200);
  g_assert_true (grid_has_text (root, "20\u00a0sessions"));
  g_assert_true (grid_has_text (root, "0\u00a0% (franchise en base)"));
  chorus_test_workspace_shot (fixture, "triage-detail-lines");

  chorus_invoice_detail_show_page (detail, "history");
  chorus_test_settle (200);
  g_assert_true (has_row_subtitle (root, "20/11/2026 10:36 · Marie Dupont"));
  g_assert_true (has_row_subtitle (root, "20/11/2026 09:12\nDépôt du fournisseur"));
  chorus_test_workspace_shot (fixture, "triage-detail-history");

  chorus_invoice_detail_show_page (detail, "followup");
  chorus_test_settle (200);
  chorus_test_workspace_shot (fixture, "triage-detail-followup");
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
  ADD ("/triage/sizes", test_sizes);
  ADD ("/triage/narrow", test_narrow);
  ADD ("/triage/divider", test_divider);
  ADD ("/triage/reload-keeps-place", test_reload_keeps_place);
  ADD ("/triage/columns-and-deadlines", test_columns_and_deadlines);
  ADD ("/triage/recipient-column", test_recipient_column);
  ADD ("/triage/filters", test_filters);
  ADD ("/triage/siret-search", test_siret_search);
  ADD ("/triage/find", test_find);
  ADD ("/triage/assign", test_assign);
  ADD ("/triage/detail-in-french", test_detail_in_french);
#undef ADD
  return g_test_run ();
}
