/* bench-pdf.c: time from handing a PDF to the viewer to its first page on screen, against
 * `pdftocairo` rendering the same page at the same size. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "chorus-pdf-view-private.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"

#define RUNS 5

static gboolean
first_page_sharp (gpointer data)
{
  return chorus_pdf_view_page_is_sharp (data, 0);
}

static double
median (double *values,
        guint   n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (values[j] < values[i])
        {
          double t = values[i];
          values[i] = values[j];
          values[j] = t;
        }
  return values[n / 2];
}

int
main (int argc, char *argv[])
{
  const char *samples = g_getenv ("CHORUS_SAMPLES_DIR");
  g_autofree char *path = argc > 1 ? g_strdup (argv[1])
                                   : g_build_filename (samples ? samples : ".", "akretion", "invoice_EN16931.pdf", NULL);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("chorus-bench-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "page", NULL);
  g_autofree char *png = g_strconcat (out, ".png", NULL);
  GtkWidget *window;
  ChorusPdfView *view;
  double ours[RUNS], theirs[RUNS];
  int width_px = 0;

  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();

  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      g_printerr ("No PDF at %s (set CHORUS_SAMPLES_DIR or pass a path)\n", path);
      return 77;
    }
  bytes = g_mapped_file_get_bytes (file);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1000);
  view = CHORUS_PDF_VIEW (chorus_pdf_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  chorus_test_settle (300);

  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();

      chorus_pdf_view_load_bytes (view, bytes, "bench.pdf");
      g_assert_true (chorus_test_wait_until (first_page_sharp, view, 20000));
      ours[run] = (g_get_monotonic_time () - start) / 1000.0;
      chorus_pdf_view_show_message (view, "", NULL);
      chorus_test_settle (20);
    }

  /* The same page at the width our viewer rendered it. */
  {
    g_autoptr(GError) error = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &error);
    PopplerPage *page = poppler_document_get_page (doc, 0);
    double w, h;

    chorus_pdf_view_load_bytes (view, bytes, "bench.pdf");
    g_assert_true (chorus_test_wait_until (first_page_sharp, view, 20000));
    poppler_page_get_size (page, &w, &h);
    width_px = (int) ceil (w * chorus_pdf_view_get_zoom (view) * gtk_widget_get_scale_factor (GTK_WIDGET (view)));
    g_object_unref (page);
    g_object_unref (doc);
  }

  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *width = g_strdup_printf ("%d", width_px);
      const char *cmd[] = { "pdftocairo", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", width,
                            "-scale-to-y", "-1", path, out, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;
      gint64 start = g_get_monotonic_time ();

      if (!g_spawn_sync (NULL, (char **) cmd, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, &error))
        {
          g_printerr ("pdftocairo: %s\n", error->message);
          return 77;
        }
      theirs[run] = (g_get_monotonic_time () - start) / 1000.0;
    }
  g_remove (png);
  g_rmdir (tmp_dir);

  {
    double a = median (ours, RUNS), b = median (theirs, RUNS);

    g_print ("document: %s, page 1 at %d px wide\n", path, width_px);
    g_print ("first page on screen (load + render + texture): median %.1f ms over %d runs\n", a, RUNS);
    g_print ("pdftocairo -png same page and width (process, load, render, PNG): median %.1f ms\n", b);
    g_print ("ratio ours / pdftocairo: %.2f\n", a / b);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
