/* chorus-pdf-page.c: draws a page texture (or a white sheet while it renders), a sharper detail of
 * the part on screen for very large pages, an error message when it cannot be drawn, and search highlights. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "chorus-pdf-page-private.h"

struct _ChorusPdfPage
{
  GtkWidget   parent_instance;

  guint       index;
  double      width_pt;
  double      height_pt;
  double      zoom;
  GdkTexture *texture;
  GdkTexture *detail;
  graphene_rect_t detail_area; /* in points */
  double      detail_scale;
  char       *error;
  GArray     *highlights;    /* graphene_rect_t in points */
  int         current;
};

G_DEFINE_FINAL_TYPE (ChorusPdfPage, chorus_pdf_page, GTK_TYPE_WIDGET)

static void
chorus_pdf_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = chorus_pdf_page_measure_for_zoom (CHORUS_PDF_PAGE (widget), orientation);
}

static void
chorus_pdf_page_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  ChorusPdfPage *self = CHORUS_PDF_PAGE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  GskRoundedRect outline;
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA shadow = { 0, 0, 0, 0.25 };
  GdkRGBA highlight = { 1.0, 0.85, 0.0, 0.35 };
  GdkRGBA current = { 1.0, 0.45, 0.0, 0.5 };

  gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 4);
  gtk_snapshot_append_color (snapshot, &white, &bounds);
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  if (self->detail != NULL)
    {
      graphene_rect_t area;

      graphene_rect_init (&area, self->detail_area.origin.x * self->zoom, self->detail_area.origin.y * self->zoom,
                          self->detail_area.size.width * self->zoom, self->detail_area.size.height * self->zoom);
      gtk_snapshot_append_texture (snapshot, self->detail, &area);
    }
  if (self->error != NULL && self->texture == NULL)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->error);
      GdkRGBA text = { 0.2, 0.2, 0.2, 1 };
      int text_width = MAX (1, MIN (width, 480) - 24);

      pango_layout_set_width (layout, text_width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - text_width) / 2.0f, 24));
      gtk_snapshot_append_layout (snapshot, layout, &text);
      gtk_snapshot_restore (snapshot);
    }

  for (guint i = 0; self->highlights != NULL && i < self->highlights->len; i++)
    {
      const graphene_rect_t *area = &g_array_index (self->highlights, graphene_rect_t, i);
      graphene_rect_t scaled;

      graphene_rect_init (&scaled, area->origin.x * self->zoom, area->origin.y * self->zoom,
                          area->size.width * self->zoom, area->size.height * self->zoom);
      gtk_snapshot_append_color (snapshot, (int) i == self->current ? &current : &highlight, &scaled);
    }
}

static void
chorus_pdf_page_finalize (GObject *object)
{
  ChorusPdfPage *self = CHORUS_PDF_PAGE (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->detail);
  g_free (self->error);
  g_clear_pointer (&self->highlights, g_array_unref);
  G_OBJECT_CLASS (chorus_pdf_page_parent_class)->finalize (object);
}

static void
chorus_pdf_page_class_init (ChorusPdfPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_pdf_page_finalize;
  widget_class->measure = chorus_pdf_page_measure;
  widget_class->snapshot = chorus_pdf_page_snapshot;
  gtk_widget_class_set_css_name (widget_class, "pdfpage");
}

static void
chorus_pdf_page_init (ChorusPdfPage *self)
{
  self->zoom = 1.0;
  self->current = -1;
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
chorus_pdf_page_new (guint  index,
                     double width_pt,
                     double height_pt)
{
  ChorusPdfPage *self = g_object_new (CHORUS_TYPE_PDF_PAGE, NULL);

  self->index = index;
  self->width_pt = width_pt;
  self->height_pt = height_pt;
  return GTK_WIDGET (self);
}

void
chorus_pdf_page_set_zoom (ChorusPdfPage *self,
                          double         zoom)
{
  g_return_if_fail (CHORUS_IS_PDF_PAGE (self));
  g_return_if_fail (zoom > 0);

  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

int
chorus_pdf_page_measure_for_zoom (ChorusPdfPage  *self,
                                  GtkOrientation  orientation)
{
  double points;

  g_return_val_if_fail (CHORUS_IS_PDF_PAGE (self), 0);

  points = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width_pt : self->height_pt;
  return (int) ceil (points * self->zoom);
}

void
chorus_pdf_page_set_texture (ChorusPdfPage *self,
                             GdkTexture    *texture)
{
  g_return_if_fail (CHORUS_IS_PDF_PAGE (self));

  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
chorus_pdf_page_get_texture (ChorusPdfPage *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_PAGE (self), NULL);
  return self->texture;
}

void
chorus_pdf_page_set_detail (ChorusPdfPage         *self,
                            GdkTexture            *texture,
                            const graphene_rect_t *area,
                            double                 scale)
{
  g_return_if_fail (CHORUS_IS_PDF_PAGE (self));
  g_return_if_fail (texture == NULL || area != NULL);

  if (texture == NULL && self->detail == NULL)
    return;
  g_set_object (&self->detail, texture);
  if (texture != NULL)
    self->detail_area = *area;
  self->detail_scale = texture != NULL ? scale : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
chorus_pdf_page_get_detail (ChorusPdfPage   *self,
                            graphene_rect_t *area,
                            double          *scale)
{
  g_return_val_if_fail (CHORUS_IS_PDF_PAGE (self), NULL);

  if (self->detail != NULL && area != NULL)
    *area = self->detail_area;
  if (scale != NULL)
    *scale = self->detail_scale;
  return self->detail;
}

void
chorus_pdf_page_set_error (ChorusPdfPage *self,
                           const char    *message)
{
  g_return_if_fail (CHORUS_IS_PDF_PAGE (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
chorus_pdf_page_get_error (ChorusPdfPage *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_PAGE (self), NULL);
  return self->error;
}

void
chorus_pdf_page_set_highlights (ChorusPdfPage *self,
                                GArray        *areas,
                                int            current)
{
  g_return_if_fail (CHORUS_IS_PDF_PAGE (self));

  g_clear_pointer (&self->highlights, g_array_unref);
  if (areas != NULL && areas->len > 0)
    self->highlights = g_array_ref (areas);
  self->current = current;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
