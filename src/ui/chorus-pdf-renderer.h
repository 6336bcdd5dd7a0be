/* chorus-pdf-renderer.h: one worker thread that owns a PDF document and renders its pages to textures. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A search hit, in PDF points with the origin at the top-left corner of the page. */
typedef struct {
  guint           page;
  graphene_rect_t area;
} ChorusPdfMatch;

/* A rendered texture never holds more than this (64 MB at 4 bytes a pixel), nor a side above
 * CHORUS_PDF_MAX_TEXTURE_SIDE: a larger page is drawn at a lower scale, and the view renders the
 * part on screen at full scale instead. */
#define CHORUS_PDF_MAX_TEXTURE_PIXELS (16.0 * 1024 * 1024)
#define CHORUS_PDF_MAX_TEXTURE_SIDE   16384
/* Pages beyond this count are not shown (a hostile file could claim millions). */
#define CHORUS_PDF_MAX_PAGES          2000

#define CHORUS_TYPE_PDF_RENDERER (chorus_pdf_renderer_get_type ())
G_DECLARE_FINAL_TYPE (ChorusPdfRenderer, chorus_pdf_renderer, CHORUS, PDF_RENDERER, GObject)

ChorusPdfRenderer *chorus_pdf_renderer_new              (void);

/* Replaces the document. Fails with a translated message for broken, encrypted or empty PDFs.
 * Only the pages poppler can read are counted (a page tree may claim more than it holds). */
void               chorus_pdf_renderer_load_async       (ChorusPdfRenderer    *self,
                                                         GBytes               *bytes,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           chorus_pdf_renderer_load_finish      (ChorusPdfRenderer    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* The loaded document (NULL before a successful load). */
GBytes            *chorus_pdf_renderer_get_bytes        (ChorusPdfRenderer    *self);
guint              chorus_pdf_renderer_get_n_pages      (ChorusPdfRenderer    *self);
/* Whether the document has more pages than CHORUS_PDF_MAX_PAGES (only those are counted). */
gboolean           chorus_pdf_renderer_is_truncated     (ChorusPdfRenderer    *self);
void               chorus_pdf_renderer_get_page_size    (ChorusPdfRenderer    *self,
                                                         guint                 page,
                                                         double               *width,
                                                         double               *height);

/* The scale at which a @width_pt × @height_pt area fits the texture limits, at most @scale. */
double             chorus_pdf_renderer_capped_scale     (double                width_pt,
                                                         double                height_pt,
                                                         double                scale);

/* A texture of @area of @page (in points from the top-left corner; NULL = the whole page) at
 * @scale device pixels per point, or at the lower capped scale when that is too large. Whole
 * pages are cached (bounded) on return. Fails with a GError, never without one. */
void               chorus_pdf_renderer_render_async     (ChorusPdfRenderer     *self,
                                                         guint                  page,
                                                         double                 scale,
                                                         const graphene_rect_t *area,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
/* @area receives the part of the page the texture covers (pixel-aligned, so slightly larger
 * than asked). */
GdkTexture        *chorus_pdf_renderer_render_finish    (ChorusPdfRenderer     *self,
                                                         GAsyncResult          *result,
                                                         graphene_rect_t       *area,
                                                         GError               **error);
/* A cached texture of the whole @page rendered for @scale, or NULL. */
GdkTexture        *chorus_pdf_renderer_lookup           (ChorusPdfRenderer    *self,
                                                         guint                 page,
                                                         double                scale);

/* Case-insensitive search over every page: a GArray of ChorusPdfMatch in page order. */
void               chorus_pdf_renderer_find_async       (ChorusPdfRenderer    *self,
                                                         const char           *text,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GArray            *chorus_pdf_renderer_find_finish      (ChorusPdfRenderer    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* The text of @page. */
void               chorus_pdf_renderer_get_text_async   (ChorusPdfRenderer    *self,
                                                         guint                 page,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char              *chorus_pdf_renderer_get_text_finish  (ChorusPdfRenderer    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
