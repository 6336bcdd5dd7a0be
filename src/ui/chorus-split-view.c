/* chorus-split-view.c: an AdwLeaflet of a list page, a draggable divider and a detail page. Wide, the
 * list takes a share of the width the user sets by dragging; below CHORUS_SPLIT_VIEW_FOLD_WIDTH the
 * leaflet cannot unfold and shows one page at a time, the detail with a back button. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-split-view-private.h"

#define DEFAULT_FRACTION 0.6
#define MIN_FRACTION     0.25
#define MAX_FRACTION     0.85
#define NATURAL_KEY      "chorus-natural-width"

struct _ChorusSplitView
{
  GtkWidget   parent_instance;

  AdwLeaflet *leaflet;
  GtkWidget  *list_page;      /* its natural width is the list's share: see page_measure() */
  GtkWidget  *handle;
  GtkWidget  *detail_page;
  GtkWidget  *back_bar;
  GtkLabel   *detail_title;
  GtkWidget  *detail_bin;     /* natural width = minimum: the list gets its share first */

  double      fraction;
  int         list_width;     /* what the list got at the last allocation */
  int         drag_start;
  gboolean    dragging;
  gboolean    showing_detail;
};

static void chorus_split_view_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChorusSplitView, chorus_split_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, chorus_split_view_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_FOLDED,
  PROP_LIST_FRACTION,
  PROP_SHOWING_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The pages hold one child each. The leaflet gives each page its natural width first and the
 * rest to the page that expands: a page's natural width is what we want it to get. */
static void
page_measure (GtkWidget      *widget,
              GtkOrientation  orientation,
              int             for_size,
              int            *minimum,
              int            *natural,
              int            *minimum_baseline,
              int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), NATURAL_KEY)));
}

static void
page_allocate (GtkWidget *widget,
               int        width,
               int        height,
               int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static GtkWidget *
page_new (void)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_layout_manager (page, gtk_custom_layout_new (NULL, page_measure, page_allocate));
  return page;
}

static void
page_set_child (GtkWidget *page,
                GtkWidget *child)
{
  GtkWidget *old;

  while ((old = gtk_widget_get_first_child (page)) != NULL)
    gtk_box_remove (GTK_BOX (page), old);
  if (child != NULL)
    gtk_box_append (GTK_BOX (page), child);
}

static int
measure_min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

static void
chorus_split_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  ChorusSplitView *self = CHORUS_SPLIT_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->leaflet), orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
chorus_split_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  ChorusSplitView *self = CHORUS_SPLIT_VIEW (widget);
  gboolean can_unfold = width >= CHORUS_SPLIT_VIEW_FOLD_WIDTH;

  if (adw_leaflet_get_can_unfold (self->leaflet) != can_unfold)
    adw_leaflet_set_can_unfold (self->leaflet, can_unfold);
  if (can_unfold)
    {
      int list_min = measure_min_width (self->list_page);
      int others = measure_min_width (self->detail_page) + measure_min_width (self->handle);
      int wanted = (int) (self->fraction * width + 0.5);

      wanted = MAX (list_min, MIN (wanted, width - others));
      if (wanted != self->list_width)
        {
          /* Measured again right below, by the leaflet's allocation. */
          self->list_width = wanted;
          g_object_set_data (G_OBJECT (self->list_page), NATURAL_KEY, GINT_TO_POINTER (wanted));
          gtk_widget_queue_resize (self->list_page);
        }
    }
  gtk_widget_allocate (GTK_WIDGET (self->leaflet), width, height, baseline, NULL);
}

static void
folded_changed_cb (ChorusSplitView *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->back_bar, folded);
  if (folded)
    adw_leaflet_set_visible_child (self->leaflet, self->showing_detail ? self->detail_page : self->list_page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

static void
set_showing_detail (ChorusSplitView *self,
                    gboolean         showing_detail)
{
  if (self->showing_detail == showing_detail)
    return;
  self->showing_detail = showing_detail;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWING_DETAIL]);
}

static void
visible_child_changed_cb (ChorusSplitView *self)
{
  /* A swipe or Alt+Left changes the page too. */
  if (adw_leaflet_get_folded (self->leaflet))
    set_showing_detail (self, adw_leaflet_get_visible_child (self->leaflet) == self->detail_page);
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               ChorusSplitView *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->dragging = TRUE;
  self->drag_start = self->list_width;
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                ChorusSplitView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (!self->dragging || width <= 0)
    return;
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    offset_x = -offset_x;
  /* Notified when the drag ends: GSettings is written once, not at every motion. */
  self->fraction = CLAMP ((self->drag_start + offset_x) / width, MIN_FRACTION, MAX_FRACTION);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           offset_x,
             double           offset_y,
             ChorusSplitView *self)
{
  if (!self->dragging)
    return;
  self->dragging = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_FRACTION]);
}

static void
back_clicked_cb (ChorusSplitView *self)
{
  chorus_split_view_show_list (self);
}

static void
chorus_split_view_buildable_add_child (GtkBuildable *buildable,
                                       GtkBuilder   *builder,
                                       GObject      *child,
                                       const char   *type)
{
  ChorusSplitView *self = CHORUS_SPLIT_VIEW (buildable);

  if (g_strcmp0 (type, "list") == 0)
    chorus_split_view_set_list (self, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "detail") == 0)
    chorus_split_view_set_detail (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
chorus_split_view_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = chorus_split_view_buildable_add_child;
}

static void
chorus_split_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ChorusSplitView *self = CHORUS_SPLIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, chorus_split_view_get_folded (self));
      break;
    case PROP_LIST_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_SHOWING_DETAIL:
      g_value_set_boolean (value, self->showing_detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_split_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ChorusSplitView *self = CHORUS_SPLIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIST_FRACTION:
      chorus_split_view_set_list_fraction (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_split_view_dispose (GObject *object)
{
  ChorusSplitView *self = CHORUS_SPLIT_VIEW (object);

  if (self->leaflet != NULL)
    g_signal_handlers_disconnect_by_data (self->leaflet, self);
  g_clear_pointer ((GtkWidget **) &self->leaflet, gtk_widget_unparent);
  G_OBJECT_CLASS (chorus_split_view_parent_class)->dispose (object);
}

static void
chorus_split_view_class_init (ChorusSplitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = chorus_split_view_get_property;
  object_class->set_property = chorus_split_view_set_property;
  object_class->dispose = chorus_split_view_dispose;
  widget_class->measure = chorus_split_view_measure;
  widget_class->size_allocate = chorus_split_view_size_allocate;

  properties[PROP_FOLDED] = g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST_FRACTION] = g_param_spec_double ("list-fraction", NULL, NULL, MIN_FRACTION, MAX_FRACTION,
                                                        DEFAULT_FRACTION,
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWING_DETAIL] = g_param_spec_boolean ("showing-detail", NULL, NULL, FALSE,
                                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "splitview");
}

static void
chorus_split_view_init (ChorusSplitView *self)
{
  AdwLeafletPage *page;
  GtkWidget *back, *content;
  GtkGesture *drag;

  self->fraction = DEFAULT_FRACTION;
  self->leaflet = ADW_LEAFLET (adw_leaflet_new ());
  adw_leaflet_set_can_navigate_back (self->leaflet, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->leaflet), GTK_WIDGET (self));

  self->list_page = page_new ();
  /* Its share is its natural width: expanding would hand it the detail's space as well. */
  gtk_widget_set_hexpand (self->list_page, FALSE);
  page = adw_leaflet_append (self->leaflet, self->list_page);
  adw_leaflet_page_set_name (page, "list");

  self->handle = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (self->handle, "split-handle");
  gtk_widget_set_cursor_from_name (self->handle, "col-resize");
  gtk_widget_set_tooltip_text (self->handle, _("Drag to share the width between the list and the invoice"));
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (self->handle, GTK_EVENT_CONTROLLER (drag));
  page = adw_leaflet_append (self->leaflet, self->handle);
  adw_leaflet_page_set_navigatable (page, FALSE);

  /* The detail's own header row when folded: back to the list, and what is shown. */
  self->detail_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (self->detail_page, TRUE);
  self->back_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->back_bar, "toolbar");
  gtk_widget_set_visible (self->back_bar, FALSE);
  back = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "go-previous-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Invoices"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (back), content);
  gtk_widget_set_name (back, "split-back");
  gtk_widget_set_tooltip_text (back, _("Back to the list (Alt+Left)"));
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (back_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->back_bar), back);
  self->detail_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->detail_title, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->detail_title, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->detail_title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_title), "heading");
  gtk_box_append (GTK_BOX (self->back_bar), GTK_WIDGET (self->detail_title));
  gtk_box_append (GTK_BOX (self->detail_page), self->back_bar);
  self->detail_bin = page_new ();
  gtk_widget_set_vexpand (self->detail_bin, TRUE);
  gtk_box_append (GTK_BOX (self->detail_page), self->detail_bin);
  page = adw_leaflet_append (self->leaflet, self->detail_page);
  adw_leaflet_page_set_name (page, "detail");

  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child", G_CALLBACK (visible_child_changed_cb), self);
}

GtkWidget *
chorus_split_view_new (void)
{
  return g_object_new (CHORUS_TYPE_SPLIT_VIEW, NULL);
}

void
chorus_split_view_set_list (ChorusSplitView *self,
                            GtkWidget       *child)
{
  g_return_if_fail (CHORUS_IS_SPLIT_VIEW (self));
  page_set_child (self->list_page, child);
}

void
chorus_split_view_set_detail (ChorusSplitView *self,
                              GtkWidget       *child)
{
  g_return_if_fail (CHORUS_IS_SPLIT_VIEW (self));
  page_set_child (self->detail_bin, child);
}

gboolean
chorus_split_view_get_folded (ChorusSplitView *self)
{
  g_return_val_if_fail (CHORUS_IS_SPLIT_VIEW (self), FALSE);
  return adw_leaflet_get_folded (self->leaflet);
}

static void
show_page (ChorusSplitView *self,
           gboolean         detail)
{
  set_showing_detail (self, detail);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, detail ? self->detail_page : self->list_page);
}

void
chorus_split_view_show_detail (ChorusSplitView *self)
{
  g_return_if_fail (CHORUS_IS_SPLIT_VIEW (self));
  show_page (self, TRUE);
}

void
chorus_split_view_show_list (ChorusSplitView *self)
{
  g_return_if_fail (CHORUS_IS_SPLIT_VIEW (self));
  show_page (self, FALSE);
}

gboolean
chorus_split_view_get_showing_detail (ChorusSplitView *self)
{
  g_return_val_if_fail (CHORUS_IS_SPLIT_VIEW (self), FALSE);
  return self->showing_detail;
}

void
chorus_split_view_set_list_fraction (ChorusSplitView *self,
                                     double           fraction)
{
  g_return_if_fail (CHORUS_IS_SPLIT_VIEW (self));

  fraction = CLAMP (fraction, MIN_FRACTION, MAX_FRACTION);
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_FRACTION]);
}

AdwLeaflet *
chorus_split_view_get_leaflet (ChorusSplitView *self)
{
  g_return_val_if_fail (CHORUS_IS_SPLIT_VIEW (self), NULL);
  return self->leaflet;
}

GtkWidget *
chorus_split_view_get_handle (ChorusSplitView *self)
{
  g_return_val_if_fail (CHORUS_IS_SPLIT_VIEW (self), NULL);
  return self->handle;
}
