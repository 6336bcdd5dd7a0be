/* chorus-pdf-view.h: the PDF viewer: continuous pages, zoom, navigation, search, copy, print, save. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  CHORUS_PDF_VIEW_EMPTY,
  CHORUS_PDF_VIEW_LOADING,
  CHORUS_PDF_VIEW_READY,
  CHORUS_PDF_VIEW_ERROR,
} ChorusPdfViewState;

typedef enum {
  CHORUS_PDF_ZOOM_FIT_WIDTH,
  CHORUS_PDF_ZOOM_FIT_PAGE,
  CHORUS_PDF_ZOOM_FREE,
} ChorusPdfZoomMode;

#define CHORUS_TYPE_PDF_VIEW (chorus_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (ChorusPdfView, chorus_pdf_view, CHORUS, PDF_VIEW, GtkWidget)

GtkWidget          *chorus_pdf_view_new              (void);
/* Shows @bytes; @file_name is suggested by "save a copy". Errors show in the view, in French. */
void                chorus_pdf_view_load_bytes       (ChorusPdfView     *self,
                                                      GBytes            *bytes,
                                                      const char        *file_name);
/* A spinner while the caller fetches the document. */
void                chorus_pdf_view_show_loading     (ChorusPdfView     *self);
/* A message instead of a document (no PDF, fetch failed, …). */
void                chorus_pdf_view_show_message     (ChorusPdfView     *self,
                                                      const char        *title,
                                                      const char        *description);
void                chorus_pdf_view_go_to_page       (ChorusPdfView     *self,
                                                      guint              page);
void                chorus_pdf_view_set_zoom_mode    (ChorusPdfView     *self,
                                                      ChorusPdfZoomMode  mode);
void                chorus_pdf_view_set_zoom         (ChorusPdfView     *self,
                                                      double             zoom);
void                chorus_pdf_view_search           (ChorusPdfView     *self,
                                                      const char        *text);
/* With @export_path, prints to that PDF file without a dialog; otherwise opens the print dialog. */
gboolean            chorus_pdf_view_print            (ChorusPdfView     *self,
                                                      const char        *export_path,
                                                      GError           **error);

G_END_DECLS
