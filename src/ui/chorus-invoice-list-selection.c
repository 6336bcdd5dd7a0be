/* chorus-invoice-list-selection.c: ChorusInvoiceList's selection and scroll position: read and set
 * by invoice id, kept across a reload of the rows (the model's pages are new objects each time),
 * and the view scrolled back once GTK has laid the new rows out.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-invoice-list-private.h"

/* A destroyed window's clock drops its handlers by itself. */
void
_chorus_invoice_list_stop_waiting_for_paint (ChorusInvoiceList *self)
{
  if (self->scroll_clock != NULL && g_signal_handler_is_connected (self->scroll_clock, self->scroll_handler))
    g_signal_handler_disconnect (self->scroll_clock, self->scroll_handler);
  self->scroll_handler = 0;
  g_clear_object (&self->scroll_clock);
}

void
chorus_invoice_list_scroll_to_top (ChorusInvoiceList *self)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  /* GTK 4.8 warns when the adjustment moves over an empty list; nothing to scroll anyway. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

GtkSelectionModel *
chorus_invoice_list_get_selection (ChorusInvoiceList *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GArray *
chorus_invoice_list_get_selected_ids (ChorusInvoiceList *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GArray *ids;
  guint position;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->model == NULL)
    return ids;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = chorus_invoice_model_get_id (self->model, position);
      g_array_append_val (ids, id);
    }
  return ids;
}

GtkWidget *
_chorus_invoice_list_inner_view (ChorusInvoiceList *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

void
_chorus_invoice_list_select_position (ChorusInvoiceList *self,
                                      guint              position)
{
  GtkWidget *list_view = _chorus_invoice_list_inner_view (self);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  /* GtkListBase's own actions: gtk_column_view_scroll_to() is GTK 4.12+. */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

gboolean
chorus_invoice_list_select_id (ChorusInvoiceList *self,
                               gint64             id)
{
  guint position;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), FALSE);

  if (self->model == NULL || (position = chorus_invoice_model_find (self->model, id)) == G_MAXUINT)
    return FALSE;
  _chorus_invoice_list_select_position (self, position);
  return TRUE;
}

guint
chorus_invoice_list_get_first_selected (ChorusInvoiceList *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), G_MAXUINT);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return gtk_bitset_is_empty (selected) ? G_MAXUINT : gtk_bitset_get_minimum (selected);
}

void
chorus_invoice_list_select_near (ChorusInvoiceList *self,
                                 guint              position)
{
  g_autoptr(GArray) selected = NULL;
  guint n;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  if (self->model == NULL || position == G_MAXUINT)
    return;
  selected = chorus_invoice_list_get_selected_ids (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (selected->len == 0 && n > 0)
    chorus_invoice_list_select_id (self, chorus_invoice_model_get_id (self->model, MIN (position, n - 1)));
}

void
chorus_invoice_list_select_ids (ChorusInvoiceList *self,
                                GArray            *ids)
{
  g_autoptr(GtkBitset) wanted = gtk_bitset_new_empty ();
  g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint n;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  if (self->model == NULL || ids == NULL || ids->len == 0)
    return;
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, &g_array_index (ids, gint64, i));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n && gtk_bitset_get_size (wanted) < ids->len; i++)
    {
      gint64 id = chorus_invoice_model_get_id (self->model, i);

      if (g_hash_table_contains (set, &id))
        gtk_bitset_add (wanted, i);
    }
  if (!gtk_bitset_is_empty (wanted))
    {
      g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n);

      gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), wanted, mask);
    }
}

gboolean
chorus_invoice_list_move (ChorusInvoiceList *self,
                          int                delta)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint n, current, target;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), FALSE);

  /* j/k from the detail or the search: the keys that follow go on in the list. */
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  if (self->model == NULL || (n = g_list_model_get_n_items (G_LIST_MODEL (self->model))) == 0)
    return FALSE;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    target = delta > 0 ? 0 : n - 1;
  else
    {
      current = delta > 0 ? gtk_bitset_get_maximum (selected) : gtk_bitset_get_minimum (selected);
      if ((delta > 0 && current + 1 >= n) || (delta < 0 && current == 0))
        return FALSE;
      target = delta > 0 ? current + 1 : current - 1;
    }
  _chorus_invoice_list_select_position (self, target);
  return TRUE;
}

static void
scroll_to_selection_now (ChorusInvoiceList *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkWidget *list_view;
  double offset = self->pending_offset;

  self->pending_offset = -1;
  if (self->model == NULL || (list_view = _chorus_invoice_list_inner_view (self)) == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  /* Back where the user was, then only as far as needed for the selected row to show. */
  if (offset >= 0)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), offset);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", gtk_bitset_get_minimum (selected));
}

static void
scroll_after_paint_cb (GdkFrameClock     *clock,
                       ChorusInvoiceList *self)
{
  _chorus_invoice_list_stop_waiting_for_paint (self);
  scroll_to_selection_now (self);
}

static void
scroll_after_layout (ChorusInvoiceList *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    {
      /* Not shown: the next showing lays the list out from the top anyway. */
      self->pending_offset = -1;
      return;
    }
  if (self->scroll_clock != clock ||
      !g_signal_handler_is_connected (self->scroll_clock, self->scroll_handler))
    {
      _chorus_invoice_list_stop_waiting_for_paint (self);
      self->scroll_clock = g_object_ref (clock);
      self->scroll_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (scroll_after_paint_cb), self);
    }
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

void
chorus_invoice_list_scroll_to_selection (ChorusInvoiceList *self)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  /* Once the list is shown again and has its size. */
  scroll_after_layout (self);
}

double
chorus_invoice_list_get_scroll_offset (ChorusInvoiceList *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), 0);
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)));
}

void
chorus_invoice_list_restore_scroll (ChorusInvoiceList *self,
                                    double             offset)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  self->pending_offset = MAX (offset, 0);
  scroll_after_layout (self);
}

void
chorus_invoice_list_save_state (ChorusInvoiceList      *self,
                                ChorusInvoiceListState *state)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (state != NULL);

  state->selected = chorus_invoice_list_get_selected_ids (self);
  state->offset = chorus_invoice_list_get_scroll_offset (self);
  /* GtkMultiSelection looks for selected items among all the new rows when they are replaced,
   * reading every row of the model: the selection is restored by id afterwards instead. */
  gtk_selection_model_unselect_all (chorus_invoice_list_get_selection (self));
  /* The model keeps the rows' widgets across the change only while the view shows the top. */
  chorus_invoice_list_scroll_to_top (self);
}

void
chorus_invoice_list_restore_state (ChorusInvoiceList      *self,
                                   ChorusInvoiceListState *state)
{
  g_autoptr(GArray) kept = NULL;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (state != NULL);

  if (state->selected != NULL)
    chorus_invoice_list_select_ids (self, state->selected);
  /* GTK 4.8's view follows its focused row through the model's reshuffle, often to the end of the
   * list: the view goes back where it was with the invoice the user works on in sight, or to the
   * top of a list without it. */
  kept = chorus_invoice_list_get_selected_ids (self);
  chorus_invoice_list_restore_scroll (self, kept->len > 0 ? state->offset : 0);
  g_clear_pointer (&state->selected, g_array_unref);
}
