/* bench-workspace.c: first paint of the recipient workspace and filter/sort changes on a store of
 * N cached invoices (argv[1], default 100000), with RSS and list-model memory per invoice; with
 * "--first-frame" after N, only the first paint and the memory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chorus-recipient-workspace-private.h"
#include "chorus-session.h"
#include "chorus-status.h"
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

/* Resident memory by kind of mapping (kB): the heap and other private memory, the invoice
 * database mapped by SQLite, shared memory (the X server's images, the GL driver's buffers),
 * and other files (libraries, fonts, icons). */
typedef struct {
  long anonymous, database, shared, files;
} RssParts;

static RssParts
rss_parts (void)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  RssParts parts = { 0 };
  long *current = &parts.anonymous;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return parts;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      long kb;

      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL)
        {
          const char *path = strchr (line, '/');

          if (strstr (line, "chorus.db") != NULL)
            current = &parts.database;
          else if (strstr (line, "SYSV") != NULL || strstr (line, "memfd:") != NULL || strstr (line, "/dev/shm") != NULL ||
                   strstr (line, "(deleted)") != NULL)
            current = &parts.shared;
          else if (path != NULL)
            current = &parts.files;
          else
            current = &parts.anonymous;
        }
      else if (sscanf (line, "Rss: %ld kB", &kb) == 1)
        *current += kb;
    }
  return parts;
}

static void
print_rss_parts (const char *when, RssParts parts)
{
  g_print ("RSS %s: %.1f MB private (heap, GL buffers), %.1f MB of the database mapped, %.1f MB shared memory, "
           "%.1f MB of other files\n", when, parts.anonymous / 1024.0, parts.database / 1024.0, parts.shared / 1024.0,
           parts.files / 1024.0);
}

/* A moment as the wall clock, this thread's CPU time and the whole process's CPU time (llvmpipe
 * draws on threads of its own) see it: on a loaded machine the CPU times say what the wall clock
 * cannot. */
typedef struct {
  gint64 wall, cpu, process_cpu;
} Stamp;

static gint64
cpu_us (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static Stamp
stamp_now (void)
{
  return (Stamp) { g_get_monotonic_time (), cpu_us (CLOCK_THREAD_CPUTIME_ID), cpu_us (CLOCK_PROCESS_CPUTIME_ID) };
}

static char *
stamp_describe (Stamp from,
                Stamp to)
{
  return g_strdup_printf ("%.1f (CPU %.1f, process %.1f)", (to.wall - from.wall) / 1000.0, (to.cpu - from.cpu) / 1000.0,
                          (to.process_cpu - from.process_cpu) / 1000.0);
}

typedef struct {
  gint64   start;
  gint64   painted;
  GtkWidget *workspace;
  /* The phases of the frame that paints the rows (the frame clock's signals, ours connected
   * after GTK's: "layout" ends with the styles and sizes computed, "paint" with the frame
   * snapshotted and rendered, "after-paint" with the others' handlers of it). */
  guint    frames;
  Stamp    frame_start, layout_done, paint_done, after_paint;
} Paint;

static void
before_paint_cb (GdkFrameClock *clock,
                 Paint         *paint)
{
  paint->frame_start = stamp_now ();
}

static void
layout_cb (GdkFrameClock *clock,
           Paint         *paint)
{
  paint->layout_done = stamp_now ();
}

static void
paint_cb (GdkFrameClock *clock,
          Paint         *paint)
{
  paint->paint_done = stamp_now ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Paint         *paint)
{
  ChorusInvoiceModel *model = _chorus_recipient_workspace_get_model (CHORUS_RECIPIENT_WORKSPACE (paint->workspace));

  if (paint->painted != 0)
    return;
  paint->frames++;
  paint->after_paint = stamp_now ();
  /* The first frame that paints rows, not just an empty window. */
  if (model != NULL && chorus_invoice_model_get_n_cached (model) > 0 && gtk_widget_get_mapped (paint->workspace))
    paint->painted = paint->after_paint.wall;
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

static gboolean
workspace_loaded (gpointer data)
{
  return !_chorus_recipient_workspace_get_loading (data);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* From a change to the frame that shows its rows: the model takes the new rows (items-changed),
 * then the frame clock paints them. */
typedef struct {
  ChorusRecipientWorkspace *workspace;
  gboolean changed;
  gint64   applied;   /* the model's last change (and the list's handlers of it) done */
  gint64   shown;
} Shown;

static void
model_changed_cb (GListModel *model, guint position, guint removed, guint added, Shown *shown)
{
  shown->changed = TRUE;
  if (shown->shown == 0)
    shown->applied = g_get_monotonic_time ();
}

static void
shown_paint_cb (GdkFrameClock *clock, Shown *shown)
{
  if (shown->changed && shown->shown == 0)
    shown->shown = g_get_monotonic_time ();
}

static gboolean
is_shown (gpointer data)
{
  Shown *shown = data;

  /* A change that finds the rows already shown changes nothing in the list. */
  if (!shown->changed && !_chorus_recipient_workspace_get_loading (shown->workspace))
    shown->shown = g_get_monotonic_time ();
  return shown->shown != 0;
}

/* One change as the user makes it; returns the time until its rows are painted, with the time
 * until the model and the list took them in @applied_ms, the time the call itself held the UI
 * thread in @blocked_ms and the same query alone in @query_ms. */
static double
time_change (ChorusRecipientWorkspace *workspace,
             ChorusInvoiceFilter      *filter,
             ChorusSortColumn          sort,
             double                   *applied_ms,
             double                   *blocked_ms,
             double                   *query_ms)
{
  ChorusStore *store = chorus_session_get_store (chorus_recipient_workspace_get_session (workspace));
  ChorusFilterBar *bar = _chorus_recipient_workspace_get_filter_bar (workspace);
  ChorusInvoiceList *list = _chorus_recipient_workspace_get_list (workspace);
  ChorusInvoiceModel *model = _chorus_recipient_workspace_get_model (workspace);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (workspace));
  Shown shown = { workspace, FALSE, 0, 0 };
  gulong changed_id, paint_id;
  gboolean descending;
  gint64 start;
  double total;
  g_autoptr(GArray) ids = NULL;

  chorus_test_settle (200);
  changed_id = g_signal_connect_after (model, "items-changed", G_CALLBACK (model_changed_cb), &shown);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (shown_paint_cb), &shown);
  start = g_get_monotonic_time ();
  if (filter != NULL)
    chorus_filter_bar_set_filter (bar, filter);
  else
    chorus_invoice_list_set_sort (list, sort, TRUE);
  *blocked_ms = ms_since (start);
  if (!chorus_test_wait_until (is_shown, &shown, 60000))
    shown.shown = g_get_monotonic_time ();
  total = (shown.shown - start) / 1000.0;
  *applied_ms = shown.changed ? (shown.applied - start) / 1000.0 : total;
  g_signal_handler_disconnect (model, changed_id);
  g_signal_handler_disconnect (clock, paint_id);
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

#define ROUNDS 5

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double values[ROUNDS])
{
  qsort (values, ROUNDS, sizeof (double), (GCompareFunc) compare_doubles);
  return values[ROUNDS / 2];
}

static void
report (const char *what,
        double      applied,
        double      total,
        double      blocked,
        double      query)
{
  g_print ("%s: rows in the list after %.1f ms, painted after %.1f ms (UI thread held %.1f ms by the call);"
           " %.1f ms for the SQL query alone (medians of %d)\n", what, applied, total, blocked, query, ROUNDS);
}

/* With CHORUS_BENCH_NODES=DIR, the render nodes of @window's frame go to DIR/@name.node: each
 * kind of node the first frame draws is one more GL program (llvmpipe compiles its shaders). */
static void
dump_nodes (GtkWidget  *window,
            const char *name)
{
  const char *dir = g_getenv ("CHORUS_BENCH_NODES");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  g_autoptr(GBytes) bytes = NULL;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  bytes = gsk_render_node_serialize (node);
  gsk_render_node_unref (node);
  file = g_strconcat (name, ".node", NULL);
  path = g_build_filename (dir, file, NULL);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
}

/* A window with nothing in it: what the first frame costs on this display anyway. */
static double
empty_window_paint_ms (void)
{
  Paint paint = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Chorus Desk");
  Stamp start = stamp_now ();
  g_autofree char *spent = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  paint.workspace = label;
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_frame_cb), &paint);
  g_assert_true (chorus_test_wait_until (painted, &paint, 60000));
  spent = stamp_describe (start, stamp_now ());
  dump_nodes (window, "empty");
  g_print ("empty window, first frame's time (ms): %s\n", spent);
  gtk_window_destroy (GTK_WINDOW (window));
  chorus_test_settle (50);
  return (paint.painted - start.wall) / 1000.0;
}

int
main (int argc, char *argv[])
{
  gboolean first_frame_only = argc > 2 && g_str_equal (argv[2], "--first-frame");
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(ChorusSession) session = NULL;
  GtkWidget *window, *workspace, *overlay;
  ChorusInvoiceModel *model;
  ChorusInvoiceFilter filter;
  Paint paint = { 0 };
  long rss_before, rss_after;
  double fill_ms, paint_ms, query_ms, blocked_ms;
  gint64 start;
  Stamp began, built, attached, presented;

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
  print_rss_parts ("before the window", rss_parts ());

  began = stamp_now ();
  start = began.wall;
  paint.start = start;
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  workspace = chorus_recipient_workspace_new ();
  built = stamp_now ();
  paint.workspace = workspace;
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), workspace);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  /* Every invoice in the list, not only the default "to process" group. */
  chorus_filter_bar_set_group (_chorus_recipient_workspace_get_filter_bar (CHORUS_RECIPIENT_WORKSPACE (workspace)),
                               CHORUS_STATUS_GROUP_ALL);
  session = chorus_session_new_from_parts (NULL, NULL, store, NULL);
  chorus_recipient_workspace_set_session (CHORUS_RECIPIENT_WORKSPACE (workspace), session);
  attached = stamp_now ();
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_realize (window);
  presented = stamp_now ();
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

    g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &paint);
    g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &paint);
    g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &paint);
    g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &paint);
  }
  g_assert_true (chorus_test_wait_until (painted, &paint, 60000));
  paint_ms = (paint.painted - start) / 1000.0;
  rss_after = rss_kb ();
  dump_nodes (window, "workspace");
  model = _chorus_recipient_workspace_get_model (CHORUS_RECIPIENT_WORKSPACE (workspace));

  g_print ("invoices: %u (store filled in %.0f ms)\n", n, fill_ms);
  g_print ("first paint with rows: %.1f ms\n", paint_ms);
  {
    g_autofree char *total = stamp_describe (began, paint.after_paint);
    g_autofree char *building = stamp_describe (began, built);
    g_autofree char *attaching = stamp_describe (built, attached);
    g_autofree char *presenting = stamp_describe (attached, presented);
    g_autofree char *waiting = stamp_describe (presented, paint.frame_start);
    g_autofree char *layout = stamp_describe (paint.frame_start, paint.layout_done);
    g_autofree char *painting = stamp_describe (paint.layout_done, paint.paint_done);
    g_autofree char *after = stamp_describe (paint.paint_done, paint.after_paint);

    g_print ("first paint's parts (ms): %s = workspace built %s + session attached (first query, rows) %s + window "
             "presented and realized %s + until the frame %s (%u frame(s)) + styles and layout %s + snapshot and render %s"
             " + the frame's other after-paint handlers %s\n", total, building, attaching, presenting, waiting,
             paint.frames, layout, painting, after);
  }
  g_print ("RSS: %.1f MB (%.1f MB before the window)\n", rss_after / 1024.0, rss_before / 1024.0);
  print_rss_parts ("after the first paint", rss_parts ());
  g_print ("list model: %u rows, %.1f bytes per row not visible (%u rows cached as objects)\n",
           g_list_model_get_n_items (G_LIST_MODEL (model)),
           (double) chorus_invoice_model_get_id_bytes (model) / MAX (1, g_list_model_get_n_items (G_LIST_MODEL (model))),
           chorus_invoice_model_get_n_cached (model));

  /* The rest of the list comes after the first frame: the memory once every row GTK keeps is built. */
  {
    double loaded_ms;

    g_assert_true (chorus_test_wait_until (workspace_loaded, workspace, 60000));
    loaded_ms = (g_get_monotonic_time () - paint.painted) / 1000.0;
    chorus_test_settle (100);
    g_print ("RSS once the whole list is in (%.1f ms after the first paint): %.1f MB\n", loaded_ms, rss_kb () / 1024.0);
  }

  /* "--first-frame": only the above, and the clock's times of the first paint for a profiler's
   * time filter (perf record -k CLOCK_MONOTONIC, perf report --time). */
  if (first_frame_only)
    {
      g_print ("first paint from %.6f to %.6f s (CLOCK_MONOTONIC)\n", start / 1e6, paint.painted / 1e6);
      gtk_window_destroy (GTK_WINDOW (window));
      g_clear_object (&store);
      chorus_test_remove_dir (dir);
      return 0;
    }

  /* Each change made ROUNDS times from the same starting point; medians. */
  for (guint change = 0; change < 3; change++)
    {
      static const char *const names[] = {
        "filter change (status group \"to process\")",
        "sort change (amount incl. VAT, descending)",
        "filter change (full text \"Formatech\" in every group)",
      };
      double totals[ROUNDS], applied[ROUNDS], blocked[ROUNDS], queries[ROUNDS];
      double ignored;

      for (guint r = 0; r < ROUNDS; r++)
        {
          ChorusInvoiceFilter back;

          /* Back to every invoice, by deposit date. */
          chorus_invoice_filter_init (&back);
          back.direction = CHORUS_DIRECTION_RECEIVED;
          time_change (CHORUS_RECIPIENT_WORKSPACE (workspace), &back, 0, &ignored, &blocked_ms, &query_ms);
          if (chorus_invoice_list_get_sort (_chorus_recipient_workspace_get_list (CHORUS_RECIPIENT_WORKSPACE (workspace)),
                                            NULL) != CHORUS_SORT_DEPOSIT_DATE)
            time_change (CHORUS_RECIPIENT_WORKSPACE (workspace), NULL, CHORUS_SORT_DEPOSIT_DATE, &ignored, &blocked_ms,
                         &query_ms);

          chorus_invoice_filter_init (&filter);
          filter.direction = CHORUS_DIRECTION_RECEIVED;
          if (change == 0)
            filter.group = CHORUS_STATUS_GROUP_TO_PROCESS;
          else if (change == 2)
            filter.text = "Formatech";
          totals[r] = time_change (CHORUS_RECIPIENT_WORKSPACE (workspace), change == 1 ? NULL : &filter,
                                   CHORUS_SORT_AMOUNT_TTC, &applied[r], &blocked[r], &queries[r]);
        }
      report (names[change], median (applied), median (totals), median (blocked), median (queries));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  chorus_test_settle (50);
  g_clear_object (&store);
  chorus_test_remove_dir (dir);
  return 0;
}
