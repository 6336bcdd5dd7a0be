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
ChorusPdfViewState  chorus_pdf_view_get_state        (ChorusPdfView     *self);
const char         *chorus_pdf_view_get_message      (ChorusPdfView     *self);
guint               chorus_pdf_view_get_n_pages      (ChorusPdfView     *self);
/* 0-based. */
guint               chorus_pdf_view_get_current_page (ChorusPdfView     *self);
void                chorus_pdf_view_go_to_page       (ChorusPdfView     *self,
                                                      guint              page);
void                chorus_pdf_view_set_zoom_mode    (ChorusPdfView     *self,
                                                      ChorusPdfZoomMode  mode);
ChorusPdfZoomMode   chorus_pdf_view_get_zoom_mode    (ChorusPdfView     *self);
/* Logical pixels per PDF point; 96/72 is 100 %. Manual zoom stays within 25 % to 400 %, fitting a
 * very large page may go lower. */
double              chorus_pdf_view_get_zoom         (ChorusPdfView     *self);
void                chorus_pdf_view_set_zoom         (ChorusPdfView     *self,
                                                      double             zoom);
void                chorus_pdf_view_search           (ChorusPdfView     *self,
                                                      const char        *text);
guint               chorus_pdf_view_get_n_matches    (ChorusPdfView     *self);
int                 chorus_pdf_view_get_current_match (ChorusPdfView    *self);
/* With @export_path, prints to that PDF file without a dialog; otherwise opens the print dialog. */
gboolean            chorus_pdf_view_print            (ChorusPdfView     *self,
                                                      const char        *export_path,
                                                      GError           **error);
/* Whether @page shows a texture rendered for the current zoom (for a page too large to render whole,
 * the bounded whole-page texture and a detail covering what is on screen). */
gboolean            chorus_pdf_view_page_is_sharp    (ChorusPdfView     *self,
                                                      guint              page);
/* Whether zoom fitting, the visible-page pass and page renders have all caught up (nothing scheduled). */
gboolean            chorus_pdf_view_is_settled       (ChorusPdfView     *self);

G_END_DECLS
