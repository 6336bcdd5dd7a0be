/* chorus-days-chart.c: drawn with cairo in the widget's snapshot; the numbers are also in its tooltip. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-days-chart.h"
#include "chorus-format.h"

#define LABEL_MIN_HEIGHT 30.0  /* at least two lines of small text under the bars */
#define VALUE_HEIGHT 18.0   /* the count above each bar */

struct _ChorusDaysChart
{
  GtkWidget parent_instance;

  guint     counts[CHORUS_OVERVIEW_N_BUCKETS];
  gint64    amounts[CHORUS_OVERVIEW_N_BUCKETS];
};

G_DEFINE_FINAL_TYPE (ChorusDaysChart, chorus_days_chart, GTK_TYPE_WIDGET)

/* Late weeks in the error colour, this week in the warning colour, later ones in the accent. */
static void
bar_color (ChorusOverviewBucket bucket,
           GdkRGBA             *color)
{
  if (bucket < CHORUS_OVERVIEW_THIS_WEEK)
    gdk_rgba_parse (color, "#c01c28");
  else if (bucket == CHORUS_OVERVIEW_THIS_WEEK)
    gdk_rgba_parse (color, "#e5a50a");
  else
    gdk_rgba_parse (color, "#3584e4");
}

static PangoLayout *
text_layout (GtkWidget  *widget,
             const char *text,
             double      width,
             gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_size (font, (small ? 8 : 9) * PANGO_SCALE);
  if (!small)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_font_description_free (font);
  return layout;
}

static void
draw_text (cairo_t    *cr,
           GtkWidget  *widget,
           const char *text,
           double      x,
           double      y,
           double      width,
           gboolean    small)
{
  PangoLayout *layout = text_layout (widget, text, width, small);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* The height the bucket names take under the bars at this width: narrow windows wrap them on three
 * lines or more, and they must not be cut. */
static double
labels_height (GtkWidget *widget,
               double     slot)
{
  double tallest = LABEL_MIN_HEIGHT;

  for (int i = 0; i < CHORUS_OVERVIEW_N_BUCKETS; i++)
    {
      PangoLayout *layout = text_layout (widget, chorus_overview_bucket_label ((ChorusOverviewBucket) i),
                                         MAX (slot - 4, 1), TRUE);
      int text_width, text_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      tallest = MAX (tallest, text_height + 8.0);
      g_object_unref (layout);
    }
  return tallest;
}

static void
chorus_days_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ChorusDaysChart *self = CHORUS_DAYS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double slot = width / CHORUS_OVERVIEW_N_BUCKETS;
  double plot = MAX (height - labels_height (widget, slot) - VALUE_HEIGHT, 1);
  guint max = 1;
  GdkRGBA fg;
  cairo_t *cr;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (int i = 0; i < CHORUS_OVERVIEW_N_BUCKETS; i++)
    max = MAX (max, self->counts[i]);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The baseline. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  cairo_rectangle (cr, 0, VALUE_HEIGHT + plot, width, 1);
  cairo_fill (cr);
  for (int i = 0; i < CHORUS_OVERVIEW_N_BUCKETS; i++)
    {
      double bar = self->counts[i] == 0 ? 0 : MAX (2, plot * self->counts[i] / max);
      double x = i * slot + slot * 0.15;
      g_autofree char *value = g_strdup_printf ("%u", self->counts[i]);
      GdkRGBA color;

      bar_color ((ChorusOverviewBucket) i, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x, VALUE_HEIGHT + plot - bar, slot * 0.7, bar);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha);
      draw_text (cr, widget, value, i * slot, VALUE_HEIGHT + plot - bar - VALUE_HEIGHT + 2, slot, FALSE);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (cr, widget, chorus_overview_bucket_label ((ChorusOverviewBucket) i), i * slot + 2,
                 VALUE_HEIGHT + plot + 4, slot - 4, TRUE);
    }
  cairo_destroy (cr);
}

static void
chorus_days_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 420;
      *natural = 760;
    }
  else
    {
      double labels = for_size > 0 ? labels_height (widget, (double) for_size / CHORUS_OVERVIEW_N_BUCKETS) : 40;

      *minimum = (int) (labels + VALUE_HEIGHT + 100);
      *natural = (int) (labels + VALUE_HEIGHT + 160);
    }
}

static void
chorus_days_chart_class_init (ChorusDaysChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = chorus_days_chart_snapshot;
  widget_class->measure = chorus_days_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
chorus_days_chart_init (ChorusDaysChart *self)
{
}

GtkWidget *
chorus_days_chart_new (void)
{
  return g_object_new (CHORUS_TYPE_DAYS_CHART, NULL);
}

void
chorus_days_chart_set_values (ChorusDaysChart *self,
                              const guint      counts[CHORUS_OVERVIEW_N_BUCKETS],
                              const gint64     amounts[CHORUS_OVERVIEW_N_BUCKETS])
{
  g_autoptr(GString) summary = g_string_new (NULL);

  g_return_if_fail (CHORUS_IS_DAYS_CHART (self));

  memcpy (self->counts, counts, sizeof self->counts);
  memcpy (self->amounts, amounts, sizeof self->amounts);
  /* The same numbers in words, for the tooltip and screen readers. */
  for (int i = 0; i < CHORUS_OVERVIEW_N_BUCKETS; i++)
    {
      g_autofree char *amount = chorus_amount_format (amounts[i], NULL);

      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      /* TRANSLATORS: "Due this week: 12 (34 567,89 €)" */
      g_string_append_printf (summary, _("%s: %u (%s)"), chorus_overview_bucket_label ((ChorusOverviewBucket) i),
                              counts[i], amount);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), summary->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
