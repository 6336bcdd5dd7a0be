/* chorus-pdf-renderer.h: one worker thread that owns a PDF document and renders its pages to textures. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A search hit, in PDF points with the origin at the top-left corner of the page. */
typedef struct {
  guint           page;
  graphene_rect_t area;
} ChorusPdfMatch;

#define CHORUS_TYPE_PDF_RENDERER (chorus_pdf_renderer_get_type ())
G_DECLARE_FINAL_TYPE (ChorusPdfRenderer, chorus_pdf_renderer, CHORUS, PDF_RENDERER, GObject)

ChorusPdfRenderer *chorus_pdf_renderer_new              (void);

/* Replaces the document. Fails with a translated message for broken or encrypted PDFs. */
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
void               chorus_pdf_renderer_get_page_size    (ChorusPdfRenderer    *self,
                                                         guint                 page,
                                                         double               *width,
                                                         double               *height);

/* A texture of @page at @scale device pixels per PDF point. Cached (bounded) on return. */
void               chorus_pdf_renderer_render_async     (ChorusPdfRenderer    *self,
                                                         guint                 page,
                                                         double                scale,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GdkTexture        *chorus_pdf_renderer_render_finish    (ChorusPdfRenderer    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* A cached texture of @page at exactly @scale, or NULL. */
GdkTexture        *chorus_pdf_renderer_lookup           (ChorusPdfRenderer    *self,
                                                         guint                 page,
                                                         double                scale);
gsize              chorus_pdf_renderer_get_cache_bytes  (ChorusPdfRenderer    *self);
void               chorus_pdf_renderer_set_cache_limit  (ChorusPdfRenderer    *self,
                                                         gsize                 max_bytes);

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
