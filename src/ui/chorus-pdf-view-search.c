/* chorus-pdf-view-search.c: ChorusPdfView's search: the search row, the matches found by the
 * renderer's worker thread, highlighted on their pages, and moving from one to the next.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-pdf-page.h"
#include "chorus-pdf-view-private.h"

static void
update_highlights (ChorusPdfView *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      g_autoptr(GArray) areas = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      int current = -1;

      for (guint m = 0; m < self->matches->len; m++)
        {
          const ChorusPdfMatch *match = &g_array_index (self->matches, ChorusPdfMatch, m);

          if (match->page != i)
            continue;
          if ((int) m == self->current_match)
            current = (int) areas->len;
          g_array_append_val (areas, match->area);
        }
      chorus_pdf_page_set_highlights (g_ptr_array_index (self->pages, i), areas, current);
    }
}

static void
show_current_match (ChorusPdfView *self)
{
  g_autofree char *label = NULL;

  if (self->matches->len == 0)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      gtk_label_set_text (self->match_label, *text ? _("Not found") : "");
      update_highlights (self);
      return;
    }

  label = g_strdup_printf ("%d/%u", self->current_match + 1, self->matches->len);
  gtk_label_set_text (self->match_label, label);
  update_highlights (self);

  if (self->current_match >= 0)
    {
      const ChorusPdfMatch *match = &g_array_index (self->matches, ChorusPdfMatch, self->current_match);
      graphene_rect_t bounds;
      GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);

      if (gtk_widget_compute_bounds (g_ptr_array_index (self->pages, match->page), self->pages_box, &bounds))
        _chorus_pdf_view_scroll_to_offset (self, bounds.origin.y + match->area.origin.y * self->zoom -
                                gtk_adjustment_get_page_size (vadj) / 3);
    }
}

static void
find_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) matches = chorus_pdf_renderer_find_finish (CHORUS_PDF_RENDERER (source), result, &error);

  if (matches == NULL)
    return;

  g_array_set_size (self->matches, 0);
  g_array_append_vals (self->matches, matches->data, matches->len);
  self->current_match = -1;
  /* Start from the first hit at or after the page being read. */
  for (guint i = 0; i < self->matches->len; i++)
    if (g_array_index (self->matches, ChorusPdfMatch, i).page >= self->current_page)
      {
        self->current_match = (int) i;
        break;
      }
  if (self->current_match < 0 && self->matches->len > 0)
    self->current_match = 0;
  show_current_match (self);
}

static void
move_match (ChorusPdfView *self,
            int            delta)
{
  int n = (int) self->matches->len;

  if (n == 0)
    return;
  self->current_match = ((self->current_match + delta) % n + n) % n;
  show_current_match (self);
}

static void
search_changed_cb (ChorusPdfView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* The entry reports changes late; a search already made from code must not restart. */
  if (g_strcmp0 (text, self->search_text) != 0)
    chorus_pdf_view_search (self, text);
}

static void
search_activate_cb (ChorusPdfView *self)
{
  move_match (self, 1);
}

static void
search_next_cb (ChorusPdfView *self)
{
  move_match (self, 1);
}

static void
search_previous_cb (ChorusPdfView *self)
{
  move_match (self, -1);
}

static void
search_stop_cb (ChorusPdfView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->scrolled));
}

/* The search row closed (its button or Escape): the matches go with it. */
static void
search_mode_cb (ChorusPdfView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusPdfView *self = CHORUS_PDF_VIEW (widget);

  if (g_str_equal (action_name, "pdf.find"))
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  else
    move_match (self, g_str_equal (action_name, "pdf.find-next") ? 1 : -1);
}

void
chorus_pdf_view_search (ChorusPdfView *self,
                        const char    *text)
{
  g_return_if_fail (CHORUS_IS_PDF_VIEW (self));

  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  g_free (self->search_text);
  self->search_text = g_strdup (text ? text : "");
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      /* Keep the entry in step without searching twice. */
      g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
    }
  if (text != NULL && *text != '\0')
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);

  if (text == NULL || *text == '\0' || self->state != CHORUS_PDF_VIEW_READY)
    {
      g_array_set_size (self->matches, 0);
      self->current_match = -1;
      show_current_match (self);
      return;
    }

  self->find_cancellable = g_cancellable_new ();
  chorus_pdf_renderer_find_async (self->renderer, text, self->find_cancellable, find_done_cb,
                                  g_object_ref (self));
}

guint
chorus_pdf_view_get_n_matches (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), 0);
  return self->matches->len;
}

int
chorus_pdf_view_get_current_match (ChorusPdfView *self)
{
  g_return_val_if_fail (CHORUS_IS_PDF_VIEW (self), -1);
  return self->current_match;
}

void
_chorus_pdf_view_class_search_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);

  gtk_widget_class_install_action (widget_class, "pdf.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "pdf.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "pdf.find-previous", NULL, find_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "pdf.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "pdf.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "pdf.find-previous", NULL);
}

void
_chorus_pdf_view_search_init (ChorusPdfView *self)
{
  g_object_bind_property (self->find_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self,
                           G_CONNECT_SWAPPED);
}
