/* chorus-invoice-list-columns.c: which of ChorusInvoiceList's columns show: the columns popover (a
 * check box per column, in the list's order) and the calls behind it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-invoice-list-private.h"

static void show_column (ChorusInvoiceList   *self,
                         GtkColumnViewColumn *column,
                         gboolean             visible);

GStrv
chorus_invoice_list_get_visible_columns (ChorusInvoiceList *self)
{
  GListModel *view_columns;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);

  view_columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      const ChorusInvoiceColumn *info = g_object_get_data (G_OBJECT (column), "chorus-column");

      /* The row menu's column is not data. */
      if (info != NULL && gtk_column_view_column_get_visible (column))
        g_strv_builder_add (builder, info->id);
    }
  return g_strv_builder_end (builder);
}

void
chorus_invoice_list_set_column_visible (ChorusInvoiceList *self,
                                        const char        *id,
                                        gboolean           visible)
{
  const ChorusInvoiceColumn *info;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  info = chorus_invoice_columns_find (id);
  g_return_if_fail (info != NULL);
  show_column (self, self->columns[info->column], visible);
}

static void
show_column (ChorusInvoiceList   *self,
             GtkColumnViewColumn *column,
             gboolean             visible)
{
  const ChorusInvoiceColumn *info = g_object_get_data (G_OBJECT (column), "chorus-column");
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  guint target = 0, natural = chorus_invoice_columns_natural_position (info->column);

  if (visible == gtk_column_view_column_get_visible (column))
    return;
  if (info->column == CHORUS_SORT_RECIPIENT && _chorus_invoice_list_is_received (self))
    g_settings_set_string (self->settings, "invoice-recipient-column", visible ? "show" : "hide");
  if (visible)
    {
      for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (view_columns, i);
          const ChorusInvoiceColumn *other_info = g_object_get_data (G_OBJECT (other), "chorus-column");

          if (other_info == NULL)
            target = i + 1;   /* the row menu stays first */
          if (other == column || other_info == NULL || !gtk_column_view_column_get_visible (other))
            continue;
          if (chorus_invoice_columns_natural_position (other_info->column) > natural)
            break;
          target = i + 1;
        }
      gtk_column_view_insert_column (self->column_view, target, column);
    }
  _chorus_invoice_list_set_column_shown (column, visible);
  /* The list's sort column came back: its arrow with it. */
  if (visible && column == self->columns[self->sort])
    _chorus_invoice_list_apply_sort (self);
}

static void
column_toggled_cb (GtkCheckButton    *button,
                   ChorusInvoiceList *self)
{
  show_column (self, g_object_get_data (G_OBJECT (button), "chorus-view-column"),
               gtk_check_button_get_active (button));
}

static void
restore_clicked_cb (GtkButton         *button,
                    ChorusInvoiceList *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  chorus_invoice_list_restore_defaults (self);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
popover_show_cb (GtkWidget *popover,
                 GtkWidget *box)
{
  /* Check boxes follow the columns, which may have changed since the popover was built. */
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkColumnViewColumn *column = g_object_get_data (G_OBJECT (child), "chorus-view-column");

      if (column != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child), gtk_column_view_column_get_visible (column));
    }
}

GtkWidget *
chorus_invoice_list_create_columns_popover (ChorusInvoiceList *self)
{
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();
  GtkWidget *popover, *box, *button;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  for (guint n = 0; n < CHORUS_SORT_LAST; n++)
    for (guint i = 0; i < CHORUS_SORT_LAST; i++)
      {
        GtkWidget *check;

        /* In the order the columns take in the list. */
        if (chorus_invoice_columns_natural_position (i) != n || self->excluded[i])
          continue;
        check = gtk_check_button_new_with_label (_(table[i].description));
        g_object_set_data (G_OBJECT (check), "chorus-view-column", self->columns[i]);
        gtk_widget_set_name (check, table[i].id);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), gtk_column_view_column_get_visible (self->columns[i]));
        g_signal_connect_object (check, "toggled", G_CALLBACK (column_toggled_cb), self, 0);
        gtk_box_append (GTK_BOX (box), check);
      }
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  button = gtk_button_new_with_mnemonic (_("_Restore Default Columns"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (restore_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect (popover, "show", G_CALLBACK (popover_show_cb), box);
  return popover;
}
