/* test-pdf-view.c: the PDF viewer on PDFs drawn with cairo here, a real invoice, and hostile files
 * built here byte by byte: pages over cairo's limits, a page count that lies, no pages, truncation,
 * and the standard security handler with and without a user password. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "chorus-pdf-page-private.h"
#include "chorus-pdf-renderer-private.h"
#include "chorus-pdf-view-private.h"
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

/* One page of @width × @height points, with a dark square near each corner (so any part of the
 * page shows something) and a word at the top. */
static GBytes *
make_sized_pdf (double width,
                double height)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, array, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.2, 0.6);
  cairo_rectangle (cr, 20, 20, 100, 100);
  cairo_rectangle (cr, width - 120, height - 120, 100, 100);
  cairo_fill (cr);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 24);
  cairo_move_to (cr, 140, 60);
  cairo_show_text (cr, "Plan");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

/* A PDF written object by object, for what cairo would never produce. */
typedef struct {
  GString *pdf;
  GArray  *offsets;
} PdfWriter;

static void
pdf_writer_init (PdfWriter *writer)
{
  writer->pdf = g_string_new ("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
  writer->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
}

/* Adds object number (count + 1) with @len bytes of @body (-1: a string). */
static void
pdf_writer_add (PdfWriter  *writer,
                const char *body,
                gssize      len)
{
  gsize offset = writer->pdf->len;

  g_array_append_val (writer->offsets, offset);
  g_string_append_printf (writer->pdf, "%u 0 obj\n", writer->offsets->len);
  g_string_append_len (writer->pdf, body, len);
  g_string_append (writer->pdf, "\nendobj\n");
}

static GBytes *
pdf_writer_finish (PdfWriter  *writer,
                   const char *trailer_extra)
{
  gsize xref = writer->pdf->len;
  guint n = writer->offsets->len;

  g_string_append_printf (writer->pdf, "xref\n0 %u\n0000000000 65535 f \n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (writer->pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (writer->offsets, gsize, i));
  g_string_append_printf (writer->pdf, "trailer\n<< /Size %u /Root 1 0 R %s >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          n + 1, trailer_extra ? trailer_extra : "", xref);
  g_array_unref (writer->offsets);
  return g_string_free_to_bytes (writer->pdf);
}

/* The page tree claims @count pages but holds one; @padding objects make poppler believe the
 * count (it ignores counts above the number of objects). */
static GBytes *
make_lying_pdf (guint count,
                guint padding)
{
  g_autofree char *pages = g_strdup_printf ("<< /Type /Pages /Kids [3 0 R] /Count %u >>", count);
  const char *content = "0.1 0.2 0.6 rg 20 20 100 100 re f";
  g_autofree char *stream = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream", strlen (content), content);
  PdfWriter writer;

  pdf_writer_init (&writer);
  pdf_writer_add (&writer, "<< /Type /Catalog /Pages 2 0 R >>", -1);
  pdf_writer_add (&writer, pages, -1);
  pdf_writer_add (&writer, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R >>", -1);
  pdf_writer_add (&writer, stream, -1);
  for (guint i = 0; i < padding; i++)
    pdf_writer_add (&writer, "<< >>", -1);
  return pdf_writer_finish (&writer, NULL);
}

static GBytes *
make_empty_pdf (void)
{
  PdfWriter writer;

  pdf_writer_init (&writer);
  pdf_writer_add (&writer, "<< /Type /Catalog /Pages 2 0 R >>", -1);
  pdf_writer_add (&writer, "<< /Type /Pages /Kids [] /Count 0 >>", -1);
  return pdf_writer_finish (&writer, NULL);
}

/* The standard security handler, revision 2 (RC4, 40-bit key), as the PDF reference describes it. */
static const guint8 password_padding[32] = {
  0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
  0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
};

static void
rc4 (const guint8 *key,
     gsize         key_len,
     guint8       *data,
     gsize         len)
{
  guint8 state[256];
  guint8 i = 0, j = 0;

  for (guint k = 0; k < 256; k++)
    state[k] = (guint8) k;
  for (guint k = 0; k < 256; k++)
    {
      guint8 swap = state[k];

      j = (guint8) (j + swap + key[k % key_len]);
      state[k] = state[j];
      state[j] = swap;
    }
  j = 0;
  for (gsize n = 0; n < len; n++)
    {
      guint8 swap;

      i++;
      j = (guint8) (j + state[i]);
      swap = state[i];
      state[i] = state[j];
      state[j] = swap;
      data[n] ^= state[(guint8) (state[i] + state[j])];
    }
}

static void
md5 (const guint8 *parts[],
     const gsize   lengths[],
     guint         n_parts,
     guint8        digest[16])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  gsize digest_len = 16;

  for (guint i = 0; i < n_parts; i++)
    g_checksum_update (checksum, parts[i], lengths[i]);
  g_checksum_get_digest (checksum, digest, &digest_len);
}

static void
pad_password (const char *password,
              guint8      padded[32])
{
  gsize len = MIN (strlen (password), 32);

  memcpy (padded, password, len);
  memcpy (padded + len, password_padding, 32 - len);
}

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *out = g_string_new ("<");

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02X", data[i]);
  g_string_append_c (out, '>');
  return g_string_free (out, FALSE);
}

/* One page with a red square, encrypted with @user_password (the empty one opens it without a
 * prompt, as for most "protected" invoices that only restrict editing) and an owner password. */
static GBytes *
make_encrypted_pdf (const char *user_password)
{
  static const guint8 file_id[16] = { 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
                                      0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab };
  const guint8 permissions[4] = { 0xfc, 0xff, 0xff, 0xff };   /* -4, little-endian */
  const char *content = "1 0 0 rg 50 50 100 100 re f";
  guint8 owner_padded[32], user_padded[32], owner_key[16], o_value[32], u_value[32], file_key[16];
  guint8 object_key[16], object_salt[10];
  g_autofree guint8 *stream_data = (guint8 *) g_strdup (content);
  g_autofree char *o_hex = NULL, *u_hex = NULL, *id_hex = NULL, *encrypt = NULL, *trailer = NULL;
  g_autoptr(GString) stream = g_string_new (NULL);
  PdfWriter writer;

  /* Algorithm 3: /O is the padded user password under a key from the owner password. */
  pad_password ("owner-secret", owner_padded);
  md5 ((const guint8 *[]) { owner_padded }, (gsize[]) { 32 }, 1, owner_key);
  pad_password (user_password, user_padded);
  memcpy (o_value, user_padded, 32);
  rc4 (owner_key, 5, o_value, 32);
  /* Algorithm 2: the file key. */
  md5 ((const guint8 *[]) { user_padded, o_value, permissions, file_id }, (gsize[]) { 32, 32, 4, 16 }, 4, file_key);
  /* Algorithm 4: /U is the padding under the file key. */
  memcpy (u_value, password_padding, 32);
  rc4 (file_key, 5, u_value, 32);
  /* Algorithm 1: the content stream (object 4, generation 0) under its own key. */
  memcpy (object_salt, file_key, 5);
  memcpy (object_salt + 5, (guint8[]) { 4, 0, 0, 0, 0 }, 5);
  md5 ((const guint8 *[]) { object_salt }, (gsize[]) { 10 }, 1, object_key);
  rc4 (object_key, 10, stream_data, strlen (content));

  o_hex = hex (o_value, 32);
  u_hex = hex (u_value, 32);
  id_hex = hex (file_id, 16);
  encrypt = g_strdup_printf ("<< /Filter /Standard /V 1 /R 2 /O %s /U %s /P -4 >>", o_hex, u_hex);
  g_string_append_printf (stream, "<< /Length %zu >>\nstream\n", strlen (content));
  g_string_append_len (stream, (const char *) stream_data, (gssize) strlen (content));
  g_string_append (stream, "\nendstream");

  pdf_writer_init (&writer);
  pdf_writer_add (&writer, "<< /Type /Catalog /Pages 2 0 R >>", -1);
  pdf_writer_add (&writer, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", -1);
  pdf_writer_add (&writer, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>", -1);
  pdf_writer_add (&writer, stream->str, (gssize) stream->len);
  pdf_writer_add (&writer, encrypt, -1);
  trailer = g_strdup_printf ("/Encrypt 5 0 R /ID [%s %s]", id_hex, id_hex);
  return pdf_writer_finish (&writer, trailer);
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
  g_autoptr(GBytes) encrypted = make_encrypted_pdf ("user-secret");
  g_autoptr(GBytes) owner_only = make_encrypted_pdf ("");
  g_autoptr(GBytes) empty = make_empty_pdf ();
  g_autoptr(GBytes) whole = make_pdf ();
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
  g_assert_cmpstr (chorus_pdf_view_get_message (fixture->view), ==,
                   _("This PDF is protected by a password, so it cannot be shown here. "
                     "Save a copy and open it with a PDF reader."));
  /* The file can still be saved for a PDF reader that asks for the password. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->view)));
  chorus_test_settle (100);
  chorus_test_settle (100);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-encrypted");

  /* Restricted but readable without a password: shown as any other PDF. */
  chorus_pdf_view_load_bytes (fixture->view, owner_only, "restricted.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
  wait_sharp (fixture->view, 0);

  chorus_pdf_view_load_bytes (fixture->view, empty, "empty.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_ERROR);
  g_assert_cmpstr (chorus_pdf_view_get_message (fixture->view), ==, _("This PDF has no pages."));

  /* Cut anywhere: whatever poppler makes of it, a message or the pages it could rebuild. */
  for (guint percent = 10; percent < 100; percent += 15)
    {
      gsize size = g_bytes_get_size (whole) * percent / 100;
      g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (whole, 0, size);

      chorus_pdf_view_load_bytes (fixture->view, truncated, "truncated.pdf");
      g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
      if (chorus_pdf_view_get_state (fixture->view) == CHORUS_PDF_VIEW_ERROR)
        g_assert_cmpstr (chorus_pdf_view_get_message (fixture->view), ==,
                         _("This file is not a readable PDF: it is damaged or incomplete."));
      else
        {
          g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
          g_assert_true (chorus_test_wait_until ((gboolean (*) (gpointer)) chorus_pdf_view_is_settled,
                                                 fixture->view, 10000));
        }
    }
}

static void
test_lying_page_count (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) lying = make_lying_pdf (5, 8);
  g_autoptr(GBytes) absurd = make_lying_pdf (2000000000, 8);

  /* G_DEBUG=fatal-criticals (the test environment): poppler is never asked for a page it lacks. */
  chorus_pdf_view_load_bytes (fixture->view, lying, "lying.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
  g_assert_cmpuint (chorus_pdf_view_get_n_pages (fixture->view), ==, 1);
  wait_sharp (fixture->view, 0);
  /* Fit width of a 300 pt page: nothing uninitialised in the layout. */
  g_assert_cmpfloat (chorus_pdf_view_get_zoom (fixture->view) * 300, >, 600);
  g_assert_cmpfloat (chorus_pdf_view_get_zoom (fixture->view) * 300, <, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.next-page", NULL));
  g_assert_cmpuint (chorus_pdf_view_get_current_page (fixture->view), ==, 0);

  /* A count beyond the objects of the file: poppler gives up on the page tree. */
  chorus_pdf_view_load_bytes (fixture->view, absurd, "absurd.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_ERROR);
  g_assert_cmpstr (chorus_pdf_view_get_message (fixture->view), ==, _("This PDF has no pages."));
}

static ChorusPdfPage *
first_page (Fixture *fixture)
{
  return CHORUS_PDF_PAGE (chorus_test_find_widget (GTK_WIDGET (fixture->view), CHORUS_TYPE_PDF_PAGE, NULL));
}

/* Every texture the page holds stays within the renderer's limits. */
static void
assert_textures_bounded (ChorusPdfPage *page)
{
  GdkTexture *textures[2] = { chorus_pdf_page_get_texture (page), chorus_pdf_page_get_detail (page, NULL, NULL) };

  g_assert_nonnull (textures[0]);
  for (guint i = 0; i < G_N_ELEMENTS (textures); i++)
    if (textures[i] != NULL)
      {
        int width = gdk_texture_get_width (textures[i]);
        int height = gdk_texture_get_height (textures[i]);

        g_assert_cmpint (width, <=, CHORUS_PDF_MAX_TEXTURE_SIDE);
        g_assert_cmpint (height, <=, CHORUS_PDF_MAX_TEXTURE_SIDE);
        g_assert_cmpfloat ((double) width * height, <=, CHORUS_PDF_MAX_TEXTURE_PIXELS);
      }
}

/* The scenario: a supplier's PDF with a 612 × 60,000 pt page, shown at fit width
 * (≈ 66,000 px tall), then zoomed in and scrolled to its end. */
static void
test_oversized_page (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_sized_pdf (612, 60000);
  g_autofree char *shot = NULL;
  GtkAdjustment *vadj, *hadj;
  ChorusPdfPage *page;
  GdkTexture *detail;
  graphene_rect_t area;
  double scale;
  ChorusTestStallProbe probe;
  gint64 stall;

  chorus_test_stall_probe_start (&probe);
  chorus_pdf_view_load_bytes (fixture->view, pdf, "plan.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
  wait_sharp (fixture->view, 0);
  stall = chorus_test_stall_probe_stop (&probe);
  g_test_message ("longest main loop stall while loading and rendering: %" G_GINT64_FORMAT " ms", stall);
  g_assert_cmpint (stall, <, 2000);

  page = first_page (fixture);
  g_assert_cmpfloat (chorus_pdf_view_get_zoom (fixture->view) * 60000, >, 32767);
  assert_textures_bounded (page);
  /* Too tall for one texture at this zoom: the part on screen is drawn sharp on its own. */
  g_assert_nonnull (chorus_pdf_page_get_detail (page, &area, NULL));
  g_assert_cmpfloat (area.origin.y, <, 1);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-oversized-top");

  chorus_pdf_view_set_zoom (fixture->view, 4 * 96.0 / 72.0);
  wait_sharp (fixture->view, 0);
  assert_textures_bounded (page);

  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW)));
  hadj = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj));
  gtk_adjustment_set_value (hadj, gtk_adjustment_get_upper (hadj));
  wait_sharp (fixture->view, 0);
  detail = chorus_pdf_page_get_detail (page, &area, &scale);
  g_assert_nonnull (detail);
  g_assert_cmpfloat (area.origin.y + area.size.height, >, 59999);
  g_assert_null (chorus_pdf_page_get_error (page));
  /* The detail shows the square drawn at 492..592 × 59,880..59,980 pt, where it belongs. */
  {
    int width = gdk_texture_get_width (detail);
    g_autofree guchar *pixels = g_malloc ((gsize) width * gdk_texture_get_height (detail) * 4);
    int x = (int) ((542 - area.origin.x) * scale);
    int y = (int) ((59930 - area.origin.y) * scale);
    const guchar *center = pixels + ((gsize) y * width + x) * 4;

    gdk_texture_download (detail, pixels, (gsize) width * 4);
    g_assert_cmpuint (center[0], >, 100);
    g_assert_cmpuint (center[2], <, 60);
  }
  g_clear_pointer (&shot, g_free);
  shot = chorus_test_screenshot (fixture->window, "pdf-view-oversized-bottom");
}

/* The largest page the PDF format allows without UserUnit: 200 × 200 inches. */
static void
test_largest_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_sized_pdf (14400, 14400);
  ChorusPdfPage *page;

  chorus_pdf_view_load_bytes (fixture->view, pdf, "plan.pdf");
  g_assert_true (chorus_test_wait_until (is_not_loading, fixture->view, 10000));
  g_assert_cmpint (chorus_pdf_view_get_state (fixture->view), ==, CHORUS_PDF_VIEW_READY);
  wait_sharp (fixture->view, 0);
  /* Fit width shows the whole sheet, below the 25 % floor of manual zoom. */
  g_assert_cmpfloat (chorus_pdf_view_get_zoom (fixture->view) * 14400, <=, 700);
  page = first_page (fixture);
  assert_textures_bounded (page);
  g_assert_null (chorus_pdf_page_get_detail (page, NULL, NULL));

  /* 100 %: 19,200 px a side, 368 Mpx if it were rendered whole. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pdf.zoom-reset", NULL));
  wait_sharp (fixture->view, 0);
  assert_textures_bounded (page);
  g_assert_nonnull (chorus_pdf_page_get_detail (page, NULL, NULL));
}

static void
test_sample_invoice (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = chorus_test_sample_path ("akretion/invoice_EN16931.pdf");
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GError) error = NULL;

  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
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

  *texture = chorus_pdf_renderer_render_finish (CHORUS_PDF_RENDERER (source), result, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  gboolean         done;
  GdkTexture      *texture;
  graphene_rect_t  area;
  GError          *error;
} Rendered;

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Rendered *rendered = user_data;

  rendered->texture = chorus_pdf_renderer_render_finish (CHORUS_PDF_RENDERER (source), result, &rendered->area,
                                                         &rendered->error);
  rendered->done = TRUE;
}

static gboolean
render_done (gpointer data)
{
  return ((Rendered *) data)->done;
}

/* Renders and waits; the result must be a texture or an error, never neither. */
static void
render_wait (ChorusPdfRenderer     *renderer,
             guint                  page,
             double                 scale,
             const graphene_rect_t *area,
             Rendered              *rendered)
{
  g_clear_object (&rendered->texture);
  g_clear_error (&rendered->error);
  rendered->done = FALSE;
  chorus_pdf_renderer_render_async (renderer, page, scale, area, NULL, rendered_cb, rendered);
  g_assert_true (chorus_test_wait_until (render_done, rendered, 30000));
  g_assert_true ((rendered->texture == NULL) != (rendered->error == NULL));
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

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = chorus_pdf_renderer_render_finish (CHORUS_PDF_RENDERER (source), result, NULL, &error);

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
  g_assert_true (chorus_test_wait_until (chorus_test_flag_is_set, &loaded, 10000));
  g_assert_cmpuint (chorus_pdf_renderer_get_n_pages (renderer), ==, 3);

  /* A cancelled request never reaches poppler. */
  g_cancellable_cancel (cancellable);
  chorus_pdf_renderer_render_async (renderer, 0, 1.0, NULL, cancellable, cancelled_cb, &cancelled);
  g_assert_true (chorus_test_wait_until (chorus_test_flag_is_set, &cancelled, 10000));

  for (guint page = 0; page < 3; page++)
    {
      GdkTexture *texture = NULL;

      chorus_pdf_renderer_render_async (renderer, page, 1.0, NULL, NULL, render_cb, &texture);
      g_assert_true (chorus_test_wait_until (chorus_test_pointer_is_set, &texture, 10000));
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

static void
load_wait (ChorusPdfRenderer *renderer,
           GBytes            *pdf)
{
  gboolean loaded = FALSE;

  chorus_pdf_renderer_load_async (renderer, pdf, NULL, load_cb, &loaded);
  g_assert_true (chorus_test_wait_until (chorus_test_flag_is_set, &loaded, 10000));
}

/* H2's unit test: scale 11 on a 14,400 pt page asks for 158,400 px a side. */
static void
test_renderer_limits (void)
{
  g_autoptr(ChorusPdfRenderer) renderer = chorus_pdf_renderer_new ();
  g_autoptr(GBytes) largest = make_sized_pdf (14400, 14400);
  g_autoptr(GBytes) tall = make_sized_pdf (612, 60000);
  graphene_rect_t corner = GRAPHENE_RECT_INIT (14200, 14200, 200, 200);
  Rendered rendered = { 0 };

  /* Nothing loaded yet: an error, not a hang. */
  render_wait (renderer, 0, 1.0, NULL, &rendered);
  g_assert_nonnull (rendered.error);

  load_wait (renderer, largest);
  render_wait (renderer, 0, 11.0, NULL, &rendered);
  g_assert_cmpint (gdk_texture_get_width (rendered.texture), <=, CHORUS_PDF_MAX_TEXTURE_SIDE);
  g_assert_cmpfloat ((double) gdk_texture_get_width (rendered.texture) * gdk_texture_get_height (rendered.texture),
                     <=, CHORUS_PDF_MAX_TEXTURE_PIXELS);
  g_assert_cmpfloat_with_epsilon (rendered.area.size.width, 14400, 10);

  /* A corner at full scale: 2,200 px, and it is the blue square. */
  render_wait (renderer, 0, 11.0, &corner, &rendered);
  g_assert_cmpint (gdk_texture_get_width (rendered.texture), >=, 2200);
  g_assert_cmpint (gdk_texture_get_width (rendered.texture), <=, 2202);
  g_assert_true (graphene_rect_contains_rect (&rendered.area, &corner));
  {
    int side = gdk_texture_get_width (rendered.texture);
    g_autofree guchar *pixels = g_malloc ((gsize) side * side * 4);
    /* The square spans 14,280 to 14,380 pt: 880 to 1,980 px into the area. B, G, R, A in memory. */
    const guchar *inside = pixels + ((gsize) 1400 * side + 1400) * 4;

    gdk_texture_download (rendered.texture, pixels, (gsize) side * 4);
    g_assert_cmpuint (inside[0], >, 100);
    g_assert_cmpuint (inside[2], <, 60);
  }

  render_wait (renderer, 3, 1.0, NULL, &rendered);
  g_assert_error (rendered.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  render_wait (renderer, 0, 1.0, &GRAPHENE_RECT_INIT (20000, 0, 10, 10), &rendered);
  g_assert_error (rendered.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  /* A whole page is exactly ceil (size × scale) pixels, as the view computes it in double:
   * 595.2 pt in a float is 595.20001, one pixel more at this zoom. */
  {
    g_autoptr(GBytes) odd = make_sized_pdf (595.2, 841.8);
    double scale = 1.2415994623655913, width;

    load_wait (renderer, odd);
    chorus_pdf_renderer_get_page_size (renderer, 0, &width, NULL);
    render_wait (renderer, 0, scale, NULL, &rendered);
    g_assert_cmpint (gdk_texture_get_width (rendered.texture), ==, (int) ceil (width * scale));
  }

  load_wait (renderer, tall);
  render_wait (renderer, 0, 1.1, NULL, &rendered);
  g_assert_cmpint (gdk_texture_get_height (rendered.texture), <=, CHORUS_PDF_MAX_TEXTURE_SIDE);
  g_assert_cmpfloat (chorus_pdf_renderer_capped_scale (612, 60000, 1.1), <, 1.1);
  g_assert_cmpfloat (chorus_pdf_renderer_capped_scale (595, 842, 2.0), ==, 2.0);
  g_clear_object (&rendered.texture);
}

/* Decrypted with the empty password, the content stream draws its red square. */
static void
test_renderer_encrypted (void)
{
  g_autoptr(ChorusPdfRenderer) renderer = chorus_pdf_renderer_new ();
  g_autoptr(GBytes) pdf = make_encrypted_pdf ("");
  g_autofree guchar *pixels = NULL;
  Rendered rendered = { 0 };
  const guchar *center;

  load_wait (renderer, pdf);
  g_assert_cmpuint (chorus_pdf_renderer_get_n_pages (renderer), ==, 1);
  render_wait (renderer, 0, 1.0, NULL, &rendered);
  g_assert_cmpint (gdk_texture_get_width (rendered.texture), ==, 200);
  pixels = g_malloc (200 * 200 * 4);
  gdk_texture_download (rendered.texture, pixels, 200 * 4);
  /* B, G, R, A in memory; y = 100 from the top is inside the square (50..150 from the bottom). */
  center = pixels + (100 * 200 + 100) * 4;
  g_assert_cmpuint (center[2], >, 200);
  g_assert_cmpuint (center[1], <, 50);
  g_assert_cmpuint (center[0], <, 50);
  g_clear_object (&rendered.texture);
}

static void
find_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(GArray **) user_data = chorus_pdf_renderer_find_finish (CHORUS_PDF_RENDERER (source), result, &error);
  g_assert_no_error (error);
}

/* M3: /Count 5 over one page: one page, searchable, no critical. */
static void
test_renderer_lying_count (void)
{
  g_autoptr(ChorusPdfRenderer) renderer = chorus_pdf_renderer_new ();
  g_autoptr(GBytes) pdf = make_lying_pdf (5, 8);
  GArray *matches = NULL;
  double width, height;

  load_wait (renderer, pdf);
  g_assert_cmpuint (chorus_pdf_renderer_get_n_pages (renderer), ==, 1);
  chorus_pdf_renderer_get_page_size (renderer, 0, &width, &height);
  g_assert_cmpfloat (width, ==, 300);
  g_assert_cmpfloat (height, ==, 400);
  chorus_pdf_renderer_find_async (renderer, "facture", NULL, find_cb, &matches);
  g_assert_true (chorus_test_wait_until (chorus_test_pointer_is_set, &matches, 10000));
  g_assert_cmpuint (matches->len, ==, 0);
  g_array_unref (matches);
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
  g_test_add_func ("/pdf/renderer-limits", test_renderer_limits);
  g_test_add_func ("/pdf/renderer-encrypted", test_renderer_encrypted);
  g_test_add_func ("/pdf/renderer-lying-count", test_renderer_lying_count);
  g_test_add ("/pdf/navigation", Fixture, NULL, fixture_set_up, test_navigation, fixture_tear_down);
  g_test_add ("/pdf/search-and-print", Fixture, NULL, fixture_set_up, test_search_and_print, fixture_tear_down);
  g_test_add ("/pdf/broken-files", Fixture, NULL, fixture_set_up, test_broken_files, fixture_tear_down);
  g_test_add ("/pdf/sample-invoice", Fixture, NULL, fixture_set_up, test_sample_invoice, fixture_tear_down);
  g_test_add ("/pdf/lying-page-count", Fixture, NULL, fixture_set_up, test_lying_page_count, fixture_tear_down);
  g_test_add ("/pdf/oversized-page", Fixture, NULL, fixture_set_up, test_oversized_page, fixture_tear_down);
  g_test_add ("/pdf/largest-page", Fixture, NULL, fixture_set_up, test_largest_page, fixture_tear_down);
  return g_test_run ();
}
