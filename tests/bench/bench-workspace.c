/* bench-workspace.c: first paint of the recipient workspace and filter/sort changes on a store of
 * N cached invoices (argv[1], default 100000), with RSS and list-model memory per invoice. */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "chorus-recipient-workspace.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;
  long kb = -1;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line != NULL)
    sscanf (line, "VmRSS: %ld", &kb);
  return kb;
}

typedef struct {
  gint64   start;
  gint64   painted;
  GtkWidget *workspace;
} Paint;

static void
after_paint_cb (GdkFrameClock *clock,
                Paint         *paint)
{
  ChorusInvoiceModel *model = chorus_recipient_workspace_get_model (CHORUS_RECIPIENT_WORKSPACE (paint->workspace));

  /* The first frame that paints rows, not just an empty window. */
  if (paint->painted == 0 && model != NULL && chorus_invoice_model_get_n_cached (model) > 0 &&
      gtk_widget_get_mapped (paint->workspace))
    paint->painted = g_get_monotonic_time ();
}

static void
first_frame_cb (GdkFrameClock *clock,
                Paint         *paint)
{
  if (paint->painted == 0)
    paint->painted = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  return ((Paint *) data)->painted != 0;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* One change as the user makes it (the workspace re-queries synchronously), then the same query alone. */
static double
time_change (ChorusRecipientWorkspace *workspace,
             ChorusInvoiceFilter      *filter,
             ChorusSortColumn          sort,
             double                   *query_ms)
{
  ChorusStore *store = chorus_recipient_workspace_get_store (workspace);
  ChorusFilterBar *bar = chorus_recipient_workspace_get_filter_bar (workspace);
  ChorusInvoiceList *list = chorus_recipient_workspace_get_list (workspace);
  gboolean descending;
  gint64 start;
  double total;
  g_autoptr(GArray) ids = NULL;

  start = g_get_monotonic_time ();
  if (filter != NULL)
    chorus_filter_bar_set_filter (bar, filter);
  else
    chorus_invoice_list_set_sort (list, sort, TRUE);
  total = ms_since (start);
  chorus_test_settle (200);

  {
    ChorusInvoiceFilter current;

    chorus_filter_bar_get_filter (bar, &current);
    sort = chorus_invoice_list_get_sort (list, &descending);
    start = g_get_monotonic_time ();
    ids = chorus_store_query_ids (store, &current, sort, descending, NULL);
    *query_ms = ms_since (start);
  }
  return total;
}

static void
report (const char *what,
        double      total,
        double      query)
{
  g_print ("%s: %.1f ms in the UI (query, counts, rows rebuilt), %.1f ms for the SQL query alone\n",
           what, total, query);
}

/* A window with nothing in it: what the first frame costs on this display anyway. */
static double
empty_window_paint_ms (void)
{
  Paint paint = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Chorus Desk");
  gint64 start = g_get_monotonic_time ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  paint.workspace = label;
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_frame_cb), &paint);
  g_assert_true (chorus_test_wait_until (painted, &paint, 60000));
  gtk_window_destroy (GTK_WINDOW (window));
  chorus_test_settle (50);
  return (paint.painted - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = NULL;
  g_autoptr(ChorusStore) store = NULL;
  GtkWidget *window, *workspace, *overlay;
  ChorusInvoiceModel *model;
  ChorusInvoiceFilter filter;
  Paint paint = { 0 };
  long rss_before, rss_after;
  double fill_ms, paint_ms, reload_ms, query_ms;
  gint64 start;

  setlocale (LC_ALL, "");

  /* "--fill N DIR": the store is filled by a child process, so this one starts like the app. */
  if (argc > 3 && g_str_equal (argv[1], "--fill"))
    {
      store = chorus_store_open (argv[3], NULL);
      chorus_test_fill_store (store, (guint) g_ascii_strtoull (argv[2], NULL, 10));
      return 0;
    }

  g_clear_object (&store);
  store = chorus_test_open_store (&dir);
  g_clear_object (&store);
  {
    g_autofree char *count = g_strdup_printf ("%u", n);
    const char *child[] = { argv[0], "--fill", count, dir, NULL };
    g_autoptr(GError) error = NULL;
    int status;

    start = g_get_monotonic_time ();
    g_assert_true (g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    fill_ms = ms_since (start);
  }

  gtk_init ();
  adw_init ();
  chorus_test_load_style ();
  g_print ("empty window, first frame: %.1f ms\n", empty_window_paint_ms ());
  store = chorus_store_open (dir, NULL);
  rss_before = rss_kb ();

  start = g_get_monotonic_time ();
  paint.start = start;
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  workspace = chorus_recipient_workspace_new ();
  paint.workspace = workspace;
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), workspace);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  /* Every invoice in the list, not only the default "to process" group. */
  chorus_filter_bar_set_group (chorus_recipient_workspace_get_filter_bar (CHORUS_RECIPIENT_WORKSPACE (workspace)),
                               CHORUS_STATUS_GROUP_ALL);
  chorus_recipient_workspace_set_store (CHORUS_RECIPIENT_WORKSPACE (workspace), store);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), &paint);
  g_assert_true (chorus_test_wait_until (painted, &paint, 60000));
  paint_ms = (paint.painted - start) / 1000.0;
  rss_after = rss_kb ();
  model = chorus_recipient_workspace_get_model (CHORUS_RECIPIENT_WORKSPACE (workspace));

  g_print ("invoices: %u (store filled in %.0f ms)\n", n, fill_ms);
  g_print ("first paint with rows: %.1f ms\n", paint_ms);
  g_print ("RSS: %.1f MB (%.1f MB before the window)\n", rss_after / 1024.0, rss_before / 1024.0);
  g_print ("list model: %u rows, %.1f bytes per row not visible (%u rows cached as objects)\n",
           g_list_model_get_n_items (G_LIST_MODEL (model)),
           (double) chorus_invoice_model_get_id_bytes (model) / MAX (1, g_list_model_get_n_items (G_LIST_MODEL (model))),
           chorus_invoice_model_get_n_cached (model));

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_RECEIVED;
  filter.group = CHORUS_STATUS_GROUP_TO_PROCESS;
  reload_ms = time_change (CHORUS_RECIPIENT_WORKSPACE (workspace), &filter, 0, &query_ms);
  report ("filter change (status group \"to process\")", reload_ms, query_ms);

  reload_ms = time_change (CHORUS_RECIPIENT_WORKSPACE (workspace), NULL, CHORUS_SORT_AMOUNT_TTC, &query_ms);
  report ("sort change (amount incl. VAT, descending)", reload_ms, query_ms);

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_RECEIVED;
  filter.group = CHORUS_STATUS_GROUP_ALL;
  filter.text = "Formatech";
  reload_ms = time_change (CHORUS_RECIPIENT_WORKSPACE (workspace), &filter, 0, &query_ms);
  report ("filter change (full text \"Formatech\" in every group)", reload_ms, query_ms);

  gtk_window_destroy (GTK_WINDOW (window));
  chorus_test_settle (50);
  g_clear_object (&store);
  chorus_test_remove_dir (dir);
  return 0;
}
