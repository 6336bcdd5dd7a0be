/* chorus-pdf-view.c: the PDF viewer. Pages render in ChorusPdfRenderer's worker thread; only the
 * pages near the visible area are requested, and stale requests are cancelled on zoom or document change.
 * A page too large to render whole at the current zoom gets a bounded whole-page texture plus a sharp
 * "detail" texture of the part on screen, as document viewers do, so memory stays bounded at any zoom.
 * The search is in chorus-pdf-view-search.c; copying a page's text, printing and saving a copy in
 * chorus-pdf-view-document.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>

#include "chorus-pdf-page.h"
#include "chorus-pdf-renderer.h"
#include "chorus-pdf-view-private.h"
#include "chorus-plain-text.h"

#define ZOOM_100   (96.0 / 72.0)
#define ZOOM_MIN   (0.25 * ZOOM_100)
#define ZOOM_MAX   (4.0 * ZOOM_100)
/* Fitting a very large page (a 14,400 pt plan) may go below ZOOM_MIN. */
#define ZOOM_FIT_MIN 0.005
#define ZOOM_STEP  1.2
#define PAGE_GAP   12

G_DEFINE_FINAL_TYPE (ChorusPdfView, chorus_pdf_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_PAGE_RENDERED,
  SIGNAL_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Renders in flight for a page (device scales; 0 = none), and the scale that failed. */
typedef struct {
  double whole_pending;
  double detail_pending;
  double failed;
} PageState;

typedef struct {
  ChorusPdfView *view;
  guint          page;
  double         scale;     /* what was asked of the renderer */
  double         device;    /* the device scale of the view when asked */
  gboolean       detail;
} RenderRequest;

static void schedule_update (ChorusPdfView *self);

void
_chorus_pdf_view_show_toast (ChorusPdfView *self,
                             const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), chorus_toast_new_plain (text));
  else
    g_message ("%s", text);
}

static void
set_state (ChorusPdfView      *self,
           ChorusPdfViewState  state)
{
  gboolean ready = state == CHORUS_PDF_VIEW_READY;
  static const char *document_actions[] = {
    "pdf.previous-page", "pdf.next-page", "pdf.zoom-in", "pdf.zoom-out", "pdf.zoom-reset",
    "pdf.fit-width", "pdf.fit-page", "pdf.find", "pdf.find-next", "pdf.find-previous",
    "pdf.copy-text", "pdf.print",
  };

  self->state = state;
  for (gsize i = 0; i < G_N_ELEMENTS (document_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), document_actions[i], ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.save-copy",
                                 chorus_pdf_renderer_get_bytes (self->renderer) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_entry), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->zoom_button), ready);

  if (state == CHORUS_PDF_VIEW_LOADING)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, ready ? "document" : "message");
    }
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

static void
clear_pages (ChorusPdfView *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);

  while ((child = gtk_widget_get_first_child (self->pages_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->pages_box), child);
  g_ptr_array_set_size (self->pages, 0);
  g_array_set_size (self->page_states, 0);
  g_array_set_size (self->matches, 0);
  self->current_page = 0;
  self->current_match = -1;
  self->pending_scroll = -1;
  g_clear_pointer (&self->search_text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_label_set_text (self->match_label, "");
}

static double
device_scale (ChorusPdfView *self)
{
  return self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
update_zoom_label (ChorusPdfView *self)
{
  g_autofree char *label = g_strdup_printf ("%d %%", (int) lround (self->zoom / ZOOM_100 * 100));

  gtk_menu_button_set_label (self->zoom_button, label);
}

static void
update_page_label (ChorusPdfView *self)
{
  g_autofree char *current = g_strdup_printf ("%u", self->current_page + 1);
  g_autofree char *count = g_strdup_printf ("/ %u", self->pages->len);

  if (!gtk_widget_has_focus (GTK_WIDGET (self->page_entry)))
    gtk_editable_set_text (GTK_EDITABLE (self->page_entry), current);
  gtk_label_set_text (self->page_count_label, count);
}

static PageState *
page_state (ChorusPdfView *self,
            guint          index)
{
  return &g_array_index (self->page_states, PageState, index);
}

static void
apply_zoom (ChorusPdfView *self,
            double         zoom)
{
  if (!isfinite (zoom))
    return;
  zoom = CLAMP (zoom, ZOOM_FIT_MIN, ZOOM_MAX);
  if (fabs (zoom - self->zoom) < 1e-4)
    return;

  self->zoom = zoom;
  /* Renders for the old zoom are useless now; pages keep stretching their old texture meanwhile. */
  g_cancellable_cancel (self->render_cancellable);
  g_set_object (&self->render_cancellable, g_cancellable_new ());
  g_object_unref (self->render_cancellable);
  for (guint i = 0; i < self->page_states->len; i++)
    page_state (self, i)->whole_pending = page_state (self, i)->detail_pending = 0;
  for (guint i = 0; i < self->pages->len; i++)
    chorus_pdf_page_set_zoom (g_ptr_array_index (self->pages, i), zoom);
  update_zoom_label (self);
  schedule_update (self);
}

static double
fit_zoom (ChorusPdfView     *self,
          ChorusPdfZoomMode  mode)
{
  GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (self->scrolled);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double view_width = gtk_adjustment_get_page_size (hadj);
  double view_height = gtk_adjustment_get_page_size (vadj);
  double max_width = 0, max_height = 0, zoom;
  guint n_pages = chorus_pdf_renderer_get_n_pages (self->renderer);

  if (view_width <= 0)
    view_width = gtk_widget_get_width (GTK_WIDGET (self->scrolled));
  if (view_height <= 0)
    view_height = gtk_widget_get_height (GTK_WIDGET (self->scrolled));
  if (view_width <= 2 * PAGE_GAP || n_pages == 0)
    return self->zoom;

  for (guint i = 0; i < n_pages; i++)
    {
      double w, h;

      chorus_pdf_renderer_get_page_size (self->renderer, i, &w, &h);
      max_width = MAX (max_width, w);
      max_height = MAX (max_height, h);
    }

  /* Leave room for a vertical scrollbar so fitting does not oscillate. */
  zoom = (view_width - 2 * PAGE_GAP - 16) / max_width;
  if (mode == CHORUS_PDF_ZOOM_FIT_PAGE && view_height > 2 * PAGE_GAP)
    zoom = MIN (zoom, (view_height - 2 * PAGE_GAP) / max_height);
  /* A page of one point must not zoom to thousands of percent. */
  return CLAMP (zoom, ZOOM_FIT_MIN, ZOOM_MAX);
}

/* The scale at which the whole of page @index is rendered for device scale @scale. */
static double
whole_scale (ChorusPdfView *self,
             guint          index,
             double         scale)
{
  double width_pt, height_pt;

  chorus_pdf_renderer_get_page_size (self->renderer, index, &width_pt, &height_pt);
  return chorus_pdf_renderer_capped_scale (width_pt, height_pt, scale);
}

static gboolean
whole_is_current (ChorusPdfView *self,
                  guint          index,
                  double         scale)
{
  GdkTexture *texture = chorus_pdf_page_get_texture (g_ptr_array_index (self->pages, index));
  double width_pt;

  if (texture == NULL)
    return FALSE;
  chorus_pdf_renderer_get_page_size (self->renderer, index, &width_pt, NULL);
  return gdk_texture_get_width (texture) == MAX (1, (int) ceil (width_pt * whole_scale (self, index, scale)));
}

typedef enum {
  PAGE_HIDDEN,
  PAGE_VISIBLE,
  PAGE_NOT_LAID_OUT,   /* not yet at the current zoom: the relayout schedules another pass */
} PageVisibility;

/* The part of page @index inside the scrolled window, in points of the page. From the adjustments,
 * not from allocations: those lag a scroll until the next frame. */
static PageVisibility
visible_area (ChorusPdfView   *self,
              guint            index,
              graphene_rect_t *area)
{
  GtkWidget *page = g_ptr_array_index (self->pages, index);
  GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (self->scrolled);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double view_width = gtk_adjustment_get_page_size (hadj);
  double view_height = gtk_adjustment_get_page_size (vadj);
  graphene_rect_t bounds, window, seen;

  if (view_width <= 0)
    view_width = gtk_widget_get_width (GTK_WIDGET (self->scrolled));
  if (view_height <= 0)
    view_height = gtk_widget_get_height (GTK_WIDGET (self->scrolled));
  if (!gtk_widget_compute_bounds (page, self->pages_box, &bounds) ||
      gtk_widget_get_width (page) != chorus_pdf_page_measure_for_zoom (CHORUS_PDF_PAGE (page), GTK_ORIENTATION_HORIZONTAL) ||
      gtk_widget_get_height (page) != chorus_pdf_page_measure_for_zoom (CHORUS_PDF_PAGE (page), GTK_ORIENTATION_VERTICAL))
    return PAGE_NOT_LAID_OUT;
  graphene_rect_offset (&bounds, gtk_widget_get_margin_start (self->pages_box), gtk_widget_get_margin_top (self->pages_box));
  graphene_rect_init (&window, gtk_adjustment_get_value (hadj), gtk_adjustment_get_value (vadj), view_width, view_height);
  if (!graphene_rect_intersection (&bounds, &window, &seen) || seen.size.width < 1 || seen.size.height < 1)
    return PAGE_HIDDEN;
  graphene_rect_init (area, (seen.origin.x - bounds.origin.x) / self->zoom, (seen.origin.y - bounds.origin.y) / self->zoom,
                      seen.size.width / self->zoom, seen.size.height / self->zoom);
  return PAGE_VISIBLE;
}

/* Whether page @index needs no detail at @scale, or has one covering what is on screen. */
static gboolean
detail_is_current (ChorusPdfView *self,
                   guint          index,
                   double         scale)
{
  ChorusPdfPage *page = g_ptr_array_index (self->pages, index);
  graphene_rect_t seen, covered;
  double detail_scale;

  if (whole_scale (self, index, scale) >= scale)
    return TRUE;
  switch (visible_area (self, index, &seen))
    {
    case PAGE_HIDDEN:
      return TRUE;
    case PAGE_NOT_LAID_OUT:
      return FALSE;
    case PAGE_VISIBLE:
    default:
      break;
    }
  if (chorus_pdf_page_get_detail (page, &covered, &detail_scale) == NULL || fabs (detail_scale - scale) > 1e-6)
    return FALSE;
  /* Float rounding of the pixel-aligned area. */
  graphene_rect_inset (&covered, -1, -1);
  return graphene_rect_contains_rect (&covered, &seen);
}

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RenderRequest *request = user_data;
  ChorusPdfView *self = request->view;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  graphene_rect_t area;

  texture = chorus_pdf_renderer_render_finish (CHORUS_PDF_RENDERER (source), result, &area, &error);
  if (request->page < self->pages->len && request->device == device_scale (self))
    {
      ChorusPdfPage *page = g_ptr_array_index (self->pages, request->page);
      PageState *state = page_state (self, request->page);

      if (request->detail && state->detail_pending == request->scale)
        state->detail_pending = 0;
      else if (!request->detail && state->whole_pending == request->scale)
        state->whole_pending = 0;

      if (texture != NULL && request->detail)
        chorus_pdf_page_set_detail (page, texture, &area, request->scale);
      else if (texture != NULL)
        {
          chorus_pdf_page_set_texture (page, texture);
          chorus_pdf_page_set_error (page, NULL);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Not retried at this zoom; the sheet says why. */
          state->failed = request->device;
          chorus_pdf_page_set_error (page, error != NULL ? error->message : _("This page could not be drawn."));
          g_debug ("Could not render page %u: %s", request->page + 1, error != NULL ? error->message : "?");
        }
      if (texture != NULL)
        g_signal_emit (self, signals[SIGNAL_PAGE_RENDERED], 0, request->page);
      /* The user may have scrolled while this rendered. */
      if (request->detail)
        schedule_update (self);
    }

  g_object_unref (request->view);
  g_free (request);
}

static void
request_render (ChorusPdfView         *self,
                guint                  index,
                double                 scale,
                const graphene_rect_t *area)
{
  RenderRequest *request = g_new0 (RenderRequest, 1);

  request->view = g_object_ref (self);
  request->page = index;
  request->scale = scale;
  request->device = device_scale (self);
  request->detail = area != NULL;
  if (area != NULL)
    page_state (self, index)->detail_pending = scale;
  else
    page_state (self, index)->whole_pending = scale;
  chorus_pdf_renderer_render_async (self->renderer, index, scale, area, self->render_cancellable,
                                    render_done_cb, request);
}

static void
update_whole (ChorusPdfView *self,
              guint          index,
              double         scale)
{
  PageState *state = page_state (self, index);
  double whole = whole_scale (self, index, scale);
  GdkTexture *cached;

  if (whole_is_current (self, index, scale) || state->whole_pending == whole || state->failed == scale)
    return;
  cached = chorus_pdf_renderer_lookup (self->renderer, index, whole);
  if (cached != NULL)
    chorus_pdf_page_set_texture (g_ptr_array_index (self->pages, index), cached);
  else
    request_render (self, index, whole, NULL);
}

static void
update_detail (ChorusPdfView *self,
               guint          index,
               double         scale)
{
  PageState *state = page_state (self, index);
  graphene_rect_t seen, wanted, page_rect;
  double width_pt, height_pt;

  if (whole_scale (self, index, scale) >= scale)
    {
      chorus_pdf_page_set_detail (g_ptr_array_index (self->pages, index), NULL, NULL, 0);
      return;
    }
  if (detail_is_current (self, index, scale) || state->detail_pending == scale || state->failed == scale ||
      visible_area (self, index, &seen) != PAGE_VISIBLE)
    return;

  /* Half a screen of margin around what is seen, so short scrolls stay sharp. */
  chorus_pdf_renderer_get_page_size (self->renderer, index, &width_pt, &height_pt);
  graphene_rect_init (&page_rect, 0, 0, width_pt, height_pt);
  graphene_rect_inset_r (&seen, -seen.size.width / 2, -seen.size.height / 2, &wanted);
  if (!graphene_rect_intersection (&wanted, &page_rect, &wanted) ||
      chorus_pdf_renderer_capped_scale (wanted.size.width, wanted.size.height, scale) < scale)
    wanted = seen;
  request_render (self, index, scale, &wanted);
}

static guint
page_at_offset (ChorusPdfView *self,
                double         y)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (g_ptr_array_index (self->pages, i), self->pages_box, &bounds) &&
          y < bounds.origin.y + bounds.size.height + PAGE_GAP / 2.0)
        return i;
    }
  return self->pages->len > 0 ? self->pages->len - 1 : 0;
}

static gboolean
update_visible_pages (gpointer data)
{
  ChorusPdfView *self = data;
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double top = gtk_adjustment_get_value (vadj);
  double height = gtk_adjustment_get_page_size (vadj);
  double scale = device_scale (self);
  guint first, last;

  self->update_idle_id = 0;
  if (self->state != CHORUS_PDF_VIEW_READY || self->pages->len == 0)
    return G_SOURCE_REMOVE;

  if (self->zoom_mode != CHORUS_PDF_ZOOM_FREE)
    {
      double zoom = fit_zoom (self, self->zoom_mode);

      if (fabs (zoom - self->zoom) > 1e-3)
        {
          apply_zoom (self, zoom);
          return G_SOURCE_REMOVE;   /* apply_zoom scheduled another pass after the relayout */
        }
    }

  self->current_page = page_at_offset (self, top + height / 3);
  update_page_label (self);

  /* The visible pages first, then one page of margin on each side. */
  first = page_at_offset (self, top);
  last = page_at_offset (self, top + MAX (height, 1));
  if (first > 0)
    first--;
  if (last + 1 < self->pages->len)
    last++;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = first; i <= last; i++)
      {
        gboolean visible = i >= first + (first > 0) && i + (last + 1 < self->pages->len) <= last;

        if ((pass == 0) != visible)
          continue;
        update_whole (self, i, scale);
        if (visible)
          update_detail (self, i, scale);
      }
  /* Details are the largest textures: only pages on screen keep theirs. */
  for (guint i = 0; i < self->pages->len; i++)
    if (i < first || i > last)
      chorus_pdf_page_set_detail (g_ptr_array_index (self->pages, i), NULL, NULL, 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (ChorusPdfView *self)
{
  /* After layout, so page bounds are those of the new zoom. */
  if (self->update_idle_id == 0)
    self->update_idle_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, update_visible_pages, self, NULL);
}

static void
adjustment_changed_cb (ChorusPdfView *self)
{
  schedule_update (self);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_pages;

  if (!chorus_pdf_renderer_load_finish (CHORUS_PDF_RENDERER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->message);
          self->message = g_strdup (error->message);
          adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
          adw_status_page_set_title (self->status_page, _("The PDF cannot be shown"));
          chorus_status_page_set_plain_description (self->status_page, error->message);
          set_state (self, CHORUS_PDF_VIEW_ERROR);
        }
      return;
    }

  g_set_object (&self->render_cancellable, g_cancellable_new ());
  g_object_unref (self->render_cancellable);

  n_pages = chorus_pdf_renderer_get_n_pages (self->renderer);
  if (self->zoom_mode != CHORUS_PDF_ZOOM_FREE)
    self->zoom = fit_zoom (self, self->zoom_mode);
  if (chorus_pdf_renderer_is_truncated (self->renderer))
    {
      g_autofree char *text = g_strdup_printf (_("Only the first %u pages of this PDF are shown."), n_pages);
      _chorus_pdf_view_show_toast (self, text);
    }
  for (guint i = 0; i < n_pages; i++)
    {
      double w, h;
      GtkWidget *page;

      chorus_pdf_renderer_get_page_size (self->renderer, i, &w, &h);
      page = chorus_pdf_page_new (i, w, h);
      chorus_pdf_page_set_zoom (CHORUS_PDF_PAGE (page), self->zoom);
      gtk_box_append (GTK_BOX (self->pages_box), page);
      g_ptr_array_add (self->pages, page);
    }
  g_array_set_size (self->page_states, n_pages);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  update_zoom_label (self);
  update_page_label (self);
  set_state (self, CHORUS_PDF_VIEW_READY);
  schedule_update (self);
}

void
_chorus_pdf_view_scroll_to_offset (ChorusPdfView *self,
                                   double         y)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double max = gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj);

  /* Right after a load or a zoom the adjustment may not cover the pages yet: finish later. */
  self->pending_scroll = y > max ? y : -1;
  gtk_adjustment_set_value (vadj, CLAMP (y, gtk_adjustment_get_lower (vadj), MAX (max, 0)));
}

static void
vadjustment_changed_cb (ChorusPdfView *self)
{
  if (self->pending_scroll >= 0)
    _chorus_pdf_view_scroll_to_offset (self, self->pending_scroll);
  schedule_update (self);
}

static void
page_entry_activate_cb (ChorusPdfView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->page_entry));
  guint64 page;

  if (g_ascii_string_to_unsigned (text, 10, 1, MAX (1, self->pages->len), &page, NULL))
    chorus_pdf_view_go_to_page (self, (guint) page - 1);
  gtk_widget_grab_focus (GTK_WIDGET (self->scrolled));
  update_page_label (self);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (widget);

  if (g_str_equal (action_name, "pdf.next-page"))
    {
      if (self->current_page + 1 < self->pages->len)
        chorus_pdf_view_go_to_page (self, self->current_page + 1);
    }
  else if (self->current_page > 0)
    chorus_pdf_view_go_to_page (self, self->current_page - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (widget);

  if (g_str_equal (action_name, "pdf.fit-width"))
    chorus_pdf_view_set_zoom_mode (self, CHORUS_PDF_ZOOM_FIT_WIDTH);
  else if (g_str_equal (action_name, "pdf.fit-page"))
    chorus_pdf_view_set_zoom_mode (self, CHORUS_PDF_ZOOM_FIT_PAGE);
  else if (g_str_equal (action_name, "pdf.zoom-in"))
    chorus_pdf_view_set_zoom (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "pdf.zoom-out"))
    chorus_pdf_view_set_zoom (self, self->zoom / ZOOM_STEP);
  else
    chorus_pdf_view_set_zoom (self, ZOOM_100);
}

static void
chorus_pdf_view_dispose (GObject *object)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->update_idle_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->render_cancellable);
  g_cancellable_cancel (self->find_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_PDF_VIEW);
  /* Children of the template that are not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (chorus_pdf_view_parent_class)->dispose (object);
}

static void
chorus_pdf_view_finalize (GObject *object)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (object);

  g_clear_object (&self->renderer);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->page_states, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_free (self->file_name);
  g_free (self->message);
  g_free (self->search_text);
  G_OBJECT_CLASS (chorus_pdf_view_parent_class)->finalize (object);
}

static void
chorus_pdf_view_class_init (ChorusPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_pdf_view_dispose;
  object_class->finalize = chorus_pdf_view_finalize;

  /* A page finished rendering at the current zoom (benchmarks and tests wait on it). */
  signals[SIGNAL_PAGE_RENDERED] = g_signal_new ("page-rendered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-pdf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, page_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, page_count_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, find_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, match_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, status_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, spinner);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, ChorusPdfView, pages_box);
  gtk_widget_class_bind_template_callback (widget_class, page_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "pdf.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf.fit-width", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf.fit-page", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "pdf.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "pdf.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "pdf.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "pdf.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "pdf.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "pdf.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "pdf.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "pdf.previous-page", NULL);

  _chorus_pdf_view_class_search_init (widget_class);
  _chorus_pdf_view_class_document_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "pdfview");
}

static void
chorus_pdf_view_init (ChorusPdfView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->renderer = chorus_pdf_renderer_new ();
  self->pages = g_ptr_array_new ();
  self->page_states = g_array_new (FALSE, TRUE, sizeof (PageState));
  self->matches = g_array_new (FALSE, FALSE, sizeof (ChorusPdfMatch));
  self->zoom = ZOOM_100;
  self->zoom_mode = CHORUS_PDF_ZOOM_FIT_WIDTH;
  self->current_match = -1;
  self->pending_scroll = -1;

  _chorus_pdf_view_search_init (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "value-changed",
                           G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled), "notify::page-size",
                           G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);

  chorus_pdf_view_show_message (self, _("No document"), NULL);
}

GtkWidget *
chorus_pdf_view_new (void)
{
  return g_object_new (CHORUS_TYPE_PDF_VIEW, NULL);
}

void
chorus_pdf_view_load_bytes (ChorusPdfView *self,
                            GBytes        *bytes,
                            const char    *file_name)
{
  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));
  g_return_if_fail (bytes != NULL);

  g_cancellable_cancel (self->load_cancellable);
  g_set_object (&self->load_cancellable, g_cancellable_new ());
  g_object_unref (self->load_cancellable);
  clear_pages (self);
  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
  g_clear_pointer (&self->message, g_free);

  set_state (self, CHORUS_PDF_VIEW_LOADING);
  chorus_pdf_renderer_load_async (self->renderer, bytes, self->load_cancellable, load_done_cb,
                                  g_object_ref (self));
}

void
chorus_pdf_view_show_loading (ChorusPdfView *self)
{
  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  clear_pages (self);
  set_state (self, CHORUS_PDF_VIEW_LOADING);
}

void
chorus_pdf_view_show_message (ChorusPdfView *self,
                              const char    *title,
                              const char    *description)
{
  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  clear_pages (self);
  g_free (self->message);
  self->message = g_strdup (description ? description : title);
  adw_status_page_set_icon_name (self->status_page, "x-office-document-symbolic");
  adw_status_page_set_title (self->status_page, title);
  chorus_status_page_set_plain_description (self->status_page, description);
  set_state (self, CHORUS_PDF_VIEW_EMPTY);
}

ChorusPdfViewState
chorus_pdf_view_get_state (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), CHORUS_PDF_VIEW_EMPTY);
  return self->state;
}

const char *
chorus_pdf_view_get_message (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), NULL);
  return self->message;
}

guint
chorus_pdf_view_get_n_pages (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), 0);
  return self->pages->len;
}

guint
chorus_pdf_view_get_current_page (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), 0);
  return self->current_page;
}

void
chorus_pdf_view_go_to_page (ChorusPdfView *self,
                            guint          page)
{
  graphene_rect_t bounds;

  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));

  if (page >= self->pages->len)
    return;
  if (gtk_widget_compute_bounds (g_ptr_array_index (self->pages, page), self->pages_box, &bounds))
    _chorus_pdf_view_scroll_to_offset (self, bounds.origin.y - PAGE_GAP / 2.0);
  self->current_page = page;
  update_page_label (self);
  schedule_update (self);
}

void
chorus_pdf_view_set_zoom_mode (ChorusPdfView     *self,
                               ChorusPdfZoomMode  mode)
{
  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));

  self->zoom_mode = mode;
  if (mode != CHORUS_PDF_ZOOM_FREE)
    apply_zoom (self, fit_zoom (self, mode));
}

ChorusPdfZoomMode
chorus_pdf_view_get_zoom_mode (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), CHORUS_PDF_ZOOM_FIT_WIDTH);
  return self->zoom_mode;
}

double
chorus_pdf_view_get_zoom (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), 1.0);
  return self->zoom;
}

void
chorus_pdf_view_set_zoom (ChorusPdfView *self,
                          double         zoom)
{
  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));
  g_return_if_fail (zoom > 0);

  self->zoom_mode = CHORUS_PDF_ZOOM_FREE;
  /* Below ZOOM_MIN only when a fit mode already went there: zooming out never zooms in. */
  apply_zoom (self, MAX (zoom, MIN (ZOOM_MIN, self->zoom)));
}

gboolean
chorus_pdf_view_page_is_sharp (ChorusPdfView *self,
                               guint          page)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), FALSE);
  return page < self->pages->len && whole_is_current (self, page, device_scale (self)) &&
         detail_is_current (self, page, device_scale (self));
}

gboolean
chorus_pdf_view_is_settled (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), FALSE);

  if (self->state == CHORUS_PDF_VIEW_LOADING || self->update_idle_id != 0)
    return FALSE;
  for (guint i = 0; i < self->page_states->len; i++)
    if (page_state (self, i)->whole_pending != 0 || page_state (self, i)->detail_pending != 0)
      return FALSE;
  return TRUE;
}
