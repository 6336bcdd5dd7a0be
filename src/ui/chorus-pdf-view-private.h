/* chorus-pdf-view-private.h: what the files of ChorusPdfView share (its fields, its helpers).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-pdf-renderer.h"
#include "chorus-pdf-view.h"

G_BEGIN_DECLS

struct _ChorusPdfView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *toolbar;
  GtkEntry           *page_entry;
  GtkLabel           *page_count_label;
  GtkMenuButton      *zoom_button;
  GtkToggleButton    *find_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkLabel           *match_label;
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  GtkSpinner         *spinner;
  GtkScrolledWindow  *scrolled;
  GtkWidget          *pages_box;

  /* Owned references */
  ChorusPdfRenderer  *renderer;
  GCancellable       *load_cancellable;
  GCancellable       *render_cancellable;
  GCancellable       *find_cancellable;
  GPtrArray          *pages;            /* ChorusPdfPage, borrowed from pages_box */
  GArray             *page_states;      /* PageState per page */
  GArray             *matches;          /* ChorusPdfMatch */
  char               *file_name;
  char               *message;
  char               *search_text;

  ChorusPdfViewState  state;
  ChorusPdfZoomMode   zoom_mode;
  double              zoom;
  guint               current_page;
  double              pending_scroll;    /* an offset not reachable before the next layout, or -1 */
  int                 current_match;
  guint               update_idle_id;
};

/* chorus-pdf-view.c */
void _chorus_pdf_view_show_toast            (ChorusPdfView  *self,
                                             const char     *text);
/* Scrolls the pages to @y, or as soon as the pages reach that far. */
void _chorus_pdf_view_scroll_to_offset      (ChorusPdfView  *self,
                                             double          y);

/* chorus-pdf-view-search.c: the search row, its actions (pdf.find, find-next, find-previous) and keys. */
void _chorus_pdf_view_class_search_init     (GtkWidgetClass *widget_class);
void _chorus_pdf_view_search_init           (ChorusPdfView  *self);

/* chorus-pdf-view-document.c: pdf.copy-text, pdf.print and pdf.save-copy, and their keys. */
void _chorus_pdf_view_class_document_init   (GtkWidgetClass *widget_class);

/* Accessors for the tests. */
ChorusPdfViewState  chorus_pdf_view_get_state        (ChorusPdfView     *self);
const char         *chorus_pdf_view_get_message      (ChorusPdfView     *self);
guint               chorus_pdf_view_get_n_pages      (ChorusPdfView     *self);
/* 0-based. */
guint               chorus_pdf_view_get_current_page (ChorusPdfView     *self);
ChorusPdfZoomMode   chorus_pdf_view_get_zoom_mode    (ChorusPdfView     *self);
/* Logical pixels per PDF point; 96/72 is 100 %. Manual zoom stays within 25 % to 400 %, fitting a
 * very large page may go lower. */
double              chorus_pdf_view_get_zoom         (ChorusPdfView     *self);
guint               chorus_pdf_view_get_n_matches    (ChorusPdfView     *self);
int                 chorus_pdf_view_get_current_match (ChorusPdfView    *self);
/* Whether @page shows a texture rendered for the current zoom (for a page too large to render whole,
 * the bounded whole-page texture and a detail covering what is on screen). */
gboolean            chorus_pdf_view_page_is_sharp    (ChorusPdfView     *self,
                                                      guint              page);
/* Whether zoom fitting, the visible-page pass and page renders have all caught up (nothing scheduled). */
gboolean            chorus_pdf_view_is_settled       (ChorusPdfView     *self);

G_END_DECLS
