/* chorus-pdf-page.h: one page of the PDF viewer: its size at the current zoom, its texture, search highlights. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_PDF_PAGE (chorus_pdf_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusPdfPage, chorus_pdf_page, CHORUS, PDF_PAGE, GtkWidget)

GtkWidget  *chorus_pdf_page_new            (guint          index,
                                            double         width_pt,
                                            double         height_pt);
/* Logical pixels per PDF point. */
void        chorus_pdf_page_set_zoom       (ChorusPdfPage *self,
                                            double         zoom);
/* The size the page asks for at its zoom, in logical pixels. */
int         chorus_pdf_page_measure_for_zoom (ChorusPdfPage  *self,
                                              GtkOrientation  orientation);
/* Any texture of the whole page; it is stretched until a sharper one arrives. */
void        chorus_pdf_page_set_texture    (ChorusPdfPage *self,
                                            GdkTexture    *texture);
GdkTexture *chorus_pdf_page_get_texture    (ChorusPdfPage *self);
/* A sharper texture of @area (in points) drawn over the whole-page one, for pages too large to
 * render whole at this zoom; @scale is the device scale it was rendered for. NULL removes it. */
void        chorus_pdf_page_set_detail     (ChorusPdfPage         *self,
                                            GdkTexture            *texture,
                                            const graphene_rect_t *area,
                                            double                 scale);
/* The detail texture, its area and scale; NULL when there is none. */
GdkTexture *chorus_pdf_page_get_detail     (ChorusPdfPage         *self,
                                            graphene_rect_t       *area,
                                            double                *scale);
/* A message drawn on the sheet instead of the page (it could not be rendered); NULL clears it. */
void        chorus_pdf_page_set_error      (ChorusPdfPage *self,
                                            const char    *message);
/* Highlights in PDF points (top-left origin); @current is an index in @areas or -1. */
void        chorus_pdf_page_set_highlights (ChorusPdfPage *self,
                                            GArray        *areas,
                                            int            current);

G_END_DECLS
