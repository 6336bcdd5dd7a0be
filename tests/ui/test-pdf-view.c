/* test-pdf-view.c: the PDF viewer on PDFs drawn with cairo here, a real invoice, and broken files. */
#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <poppler.h>
#include <string.h>

#include "chorus-pdf-renderer.h"
#include "chorus-pdf-view.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Three A4 pages; "Chorus" appears once on page 1 and twice on page 3. */
static GBytes *
make_pdf (void)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, array, 595, 842);
  cairo_t *cr = cairo_create (surface);
  const char *texts[3][2] = {
    { "Facture FA-2026-001", "Chorus Pro" },
    { "Conditions de paiement", "30 jours" },
    { "Chorus est le portail", "Fin du document Chorus" },
  };

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 24);
  for (int page = 0; page < 3; page++)
    {
      cairo_set_source_rgb (cr, 0.1, 0.2, 0.6);
      cairo_rectangle (cr, 40, 40, 515, 60);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 60, 200);
      cairo_show_text (cr, texts[page][0]);
      cairo_move_to (cr, 60, 600);
      cairo_show_text (cr, texts[page][1]);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

/* A PDF whose standard security handler rejects the empty password. */
static GBytes *
make_encrypted_pdf (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    "<< /Filter /Standard /V 1 /R 2 /O <1111111111111111111111111111111111111111111111111111111111111111>"
    " /U <2222222222222222222222222222222222222222222222222222222222222222> /P -4 >>",
  };
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  for (gsize i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%" G_GSIZE_FORMAT " 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %" G_GSIZE_FORMAT "\n0000000000 65535 f \n", G_N_ELEMENTS (objects) + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %" G_GSIZE_FORMAT " /Root 1 0 R /Encrypt 4 0 R"
                          " /ID [<abababababababababababababababab> <abababababababababababababababab>] >>\n"
                          "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", G_N_ELEMENTS (objects) + 1, xref);
  return g_string_free_to_bytes (pdf);
}

typedef struct {
  GtkWidget     *window;
  ChorusPdfView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  fixture->view = CHORUS_PDF_VIEW (chorus_pdf_view_new ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 700, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  chorus_test_settle (50);
}

static gboolean
is_not_loading (gpointer data)
{
  return chorus_pdf_view_get_state (data) != CHORUS_PDF_VIEW_LOADING;
}

typedef struct {
  ChorusPdfView *view;
  guint          page;
} PageWait;

/* Layout, zoom fitting, scrolling and renders all done, and @page drawn for the final zoom. */
static gboolean
page_is_sharp (gpointer data)
{
  PageWait *wait = data;
  return chorus_pdf_view_is_settled (wait->view) && chorus_pdf_view_page_is_sharp (wait->view, wait->page);
}

static gboolean
matches_found (gpointer data)
{
  return chorus_pdf_view_get_n_matches (data) > 0;
}

static gboolean
on_last_page (gpointer data)
{
  return chorus_pdf_view_get_current_page (data) == 2;
}

static void
wait_sharp (ChorusPdfView *view,
            guint          page)
{
  PageWait wait = { view, page };
  g_assert_true (chorus_test_wait_until (page_is_sharp, &wait, 10000));
}

static void
test_navigation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  double fit_width_zoom, zoom;
  g_autofree char *shot = NULL;

  chorus_pdf_view_load_bytes (fixture->view, pdf, "facture.pdf");
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_LOADING);
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
  g_assert_cmpuint (chorus_pdf_view_get_n_pages (fixture->view), ==, 3);
  wait_sharp (fixture->view, 0);

  /* Fit width: an A4 page fills the 700 px wide view, minus margins. */
  fit_width_zoom = chorus_pdf_view_get_zoom (fixture->view);
  g_assert_cmpfloat (fit_width_zoom * 595, >, 600);
  g_assert_cmpfloat (fit_width_zoom * 595, <, 700);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-fit-width");

  chorus_pdf_view_go_to_page (fixture->view, 2);
  g_assert_true (chorus_test_wait_until (on_last_page, fixture->view, 5000));
  wait_sharp (fixture->view, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.previous-page", NULL));
  wait_sharp (fixture->view, 1);
  g_assert_cmpuint (chorus_pdf_view_get_current_page (fixture->view), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.fit-page", NULL));
  zoom = chorus_pdf_view_get_zoom (fixture->view);
  g_assert_cmpfloat (zoom, <, fit_width_zoom);
  g_assert_cmpfloat (zoom * 842, <=, 800);
  wait_sharp (fixture->view, chorus_pdf_view_get_current_page (fixture->view));
  g_clear_pointer (&shot, g_free);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-fit-page");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.zoom-in", NULL));
  g_assert_cmpfloat (chorus_pdf_view_get_zoom (fixture->view), >, zoom);
  g_assert_cmpint (chorus_pdf_view_get_zoom_mode (fixture->view), ==, CHORUS_PDF_ZOOM_FREE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (chorus_pdf_view_get_zoom (fixture->view), zoom, 1e-6);
}

static void
test_search_and_print (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autofree char *dir = g_dir_make_tmp ("chorus-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *printed;

  chorus_pdf_view_load_bytes (fixture->view, pdf, "facture.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  wait_sharp (fixture->view, 0);

  chorus_pdf_view_search (fixture->view, "chorus");
  g_assert_true (chorus_test_wait_until (matches_found, fixture->view, 10000));
  g_assert_cmpuint (chorus_pdf_view_get_n_matches (fixture->view), ==, 3);
  g_assert_cmpint (chorus_pdf_view_get_current_match (fixture->view), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.find-next", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.find-next", NULL));
  g_assert_cmpint (chorus_pdf_view_get_current_match (fixture->view), ==, 2);
  /* The view follows the hit to the last page (after its next layout). */
  g_assert_true (chorus_test_wait_until (on_last_page, fixture->view, 5000));
  wait_sharp (fixture->view, 2);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-search");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.find-next", NULL));
  g_assert_cmpint (chorus_pdf_view_get_current_match (fixture->view), ==, 0);

  g_assert_true (chorus_pdf_view_print (fixture->view, path, &error));
  g_assert_no_error (error);
  uri = g_filename_to_uri (path, NULL, NULL);
  printed = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (printed), ==, 3);
  g_object_unref (printed);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_broken_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("%PDF-1.7\nthis is not a pdf", 26);
  g_autoptr(GBytes) encrypted = make_encrypted_pdf ();
  g_autofree char *shot = NULL;

  chorus_pdf_view_load_bytes (fixture->view, garbage, "broken.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_ERROR);
  g_assert_cmpstr (chorus_pdf_view_get_message (fixture->view), ==,
                   _("This file is not a readable PDF: it is damaged or incomplete."));
  /* The user can still keep the file. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->view)));

  chorus_pdf_view_load_bytes (fixture->view, encrypted, "protected.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_ERROR);
  g_assert_nonnull (strstr (chorus_pdf_view_get_message (fixture->view), _("password") ));
  chorus_test_settle (100);
  chorus_test_settle (100);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-encrypted");
}

static void
test_sample_invoice (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *samples = g_getenv ("CHORUS_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *shot = NULL;

  if (samples == NULL)
    {
      g_test_skip ("CHORUS_SAMPLES_DIR is not set");
      return;
    }
  path = g_build_filename (samples, "akretion", "invoice_EN16931.pdf", NULL);
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      g_test_skip ("the akretion sample is not available");
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  chorus_pdf_view_load_bytes (fixture->view, bytes, "invoice_EN16931.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
  g_assert_cmpuint (chorus_pdf_view_get_n_pages (fixture->view), >=, 1);
  wait_sharp (fixture->view, 0);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-sample-invoice");
}

static void
render_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GdkTexture **texture = user_data;
  g_autoptr(GError) error = NULL;

  *texture = chorus_pdf_renderer_render_finish (CHORUS_PDF_RENDERER (source), result, &error);
  g_assert_no_error (error);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(gboolean *) user_data = chorus_pdf_renderer_load_finish (CHORUS_PDF_RENDERER (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = chorus_pdf_renderer_render_finish (CHORUS_PDF_RENDERER (source), result, &error);

  g_assert_null (texture);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

static void
test_renderer_cache (void)
{
  g_autoptr(ChorusPdfRenderer) renderer = chorus_pdf_renderer_new ();
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean loaded = FALSE, cancelled = FALSE;
  gsize one_page;

  chorus_pdf_renderer_load_async (renderer, pdf, NULL, load_cb, &loaded);
  g_assert_true (chorus_test_wait_until (flag_set, &loaded, 10000));
  g_assert_cmpuint (chorus_pdf_renderer_get_n_pages (renderer), ==, 3);

  /* A cancelled request never reaches poppler. */
  g_cancellable_cancel (cancellable);
  chorus_pdf_renderer_render_async (renderer, 0, 1.0, cancellable, cancelled_cb, &cancelled);
  g_assert_true (chorus_test_wait_until (flag_set, &cancelled, 10000));

  for (guint page = 0; page < 3; page++)
    {
      GdkTexture *texture = NULL;

      chorus_pdf_renderer_render_async (renderer, page, 1.0, NULL, render_cb, &texture);
      g_assert_true (chorus_test_wait_until (pointer_set, &texture, 10000));
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 595);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, 842);
      g_assert_true (chorus_pdf_renderer_lookup (renderer, page, 1.0) == texture);
      g_object_unref (texture);
      if (page == 0)
        {
          one_page = chorus_pdf_renderer_get_cache_bytes (renderer);
          /* Room for two pages: the third evicts the oldest. */
          chorus_pdf_renderer_set_cache_limit (renderer, 2 * one_page);
        }
    }
  g_assert_cmpuint (chorus_pdf_renderer_get_cache_bytes (renderer), ==, 2 * one_page);
  g_assert_null (chorus_pdf_renderer_lookup (renderer, 0, 1.0));
  g_assert_nonnull (chorus_pdf_renderer_lookup (renderer, 2, 1.0));
  g_assert_null (chorus_pdf_renderer_lookup (renderer, 2, 2.0));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  chorus_test_load_style ();

  g_test_add_func ("/pdf/renderer-cache", test_renderer_cache);
  g_test_add ("/pdf/navigation", Fixture, NULL, fixture_set_up, test_navigation, fixture_tear_down);
  g_test_add ("/pdf/search-and-print", Fixture, NULL, fixture_set_up, test_search_and_print, fixture_tear_down);
  g_test_add ("/pdf/broken-files", Fixture, NULL, fixture_set_up, test_broken_files, fixture_tear_down);
  g_test_add ("/pdf/sample-invoice", Fixture, NULL, fixture_set_up, test_sample_invoice, fixture_tear_down);
  return g_test_run ();
}
