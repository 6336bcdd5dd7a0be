/* chorus-works-columns.c: the works Synthèse's columns as the portal shows them, in a column view and as CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-csv.h"
#include "chorus-file-choice.h"
#include "chorus-plain-text.h"
#include "chorus-works-columns.h"
#include "chorus-works-item.h"

/* The Synthèse's columns, as the portal shows them (seed 002). */
typedef enum {
  COL_NUMBER, COL_MARKET, COL_HT, COL_RECIPIENT, COL_SUPPLIER, COL_MOE, COL_MOA, COL_DEPOSIT, COL_STATUS,
  COL_STATUS_DATE, COL_ENGAGEMENT, COL_ACTION, N_COLUMNS
} Column;

static const struct {
  const char *title;
  int         width;
  gboolean    numeric;
  gboolean    expand;     /* names: narrow on a laptop (the state stays in sight), wider when there is room */
} columns[N_COLUMNS] = {
  [COL_NUMBER] = { N_("Number"), 135, FALSE, FALSE },
  [COL_MARKET] = { N_("Contract No."), 100, FALSE, FALSE },
  [COL_HT] = { N_("Amount excl. VAT"), 105, TRUE, FALSE },
  [COL_RECIPIENT] = { N_("Recipient"), 95, FALSE, TRUE },
  [COL_SUPPLIER] = { N_("Supplier"), 95, FALSE, TRUE },
  [COL_MOE] = { N_("Project manager"), 95, FALSE, TRUE },
  [COL_MOA] = { N_("Contracting authority"), 95, FALSE, TRUE },
  [COL_DEPOSIT] = { N_("Deposit date"), 110, TRUE, FALSE },
  [COL_STATUS] = { N_("Current state"), 210, FALSE, FALSE },
  [COL_STATUS_DATE] = { N_("State date"), 110, TRUE, FALSE },
  [COL_ENGAGEMENT] = { N_("Engagement No."), 125, FALSE, FALSE },
  [COL_ACTION] = { N_("Action possible"), 120, FALSE, FALSE },
};

static char *
column_text (ChorusWorksItem *item, Column column)
{
  const ChorusWorksPiece *piece = chorus_works_item_get_piece (item);

  switch (column)
    {
    case COL_NUMBER:
      return g_strdup (piece->number ? piece->number : "");
    case COL_MARKET:
      return g_strdup (piece->market_number ? piece->market_number : "");
    case COL_HT:
      return chorus_amount_format (piece->amount_ht, piece->currency);
    case COL_RECIPIENT:
      return g_strdup (piece->recipient.name ? piece->recipient.name : "");
    case COL_SUPPLIER:
      return g_strdup (piece->supplier.name ? piece->supplier.name : "");
    case COL_MOE:
      return g_strdup (piece->moe.name ? piece->moe.name : "");
    case COL_MOA:
      return g_strdup (piece->moa.name ? piece->moa.name : "");
    case COL_DEPOSIT:
      return chorus_date_format (piece->deposit_date);
    case COL_STATUS:
      if (chorus_works_item_get_pending (item) != CHORUS_WORKS_ACTION_LAST)
        return g_strdup_printf (_("%s — waiting to be sent"), chorus_works_piece_status_label (piece));
      return g_strdup (chorus_works_piece_status_label (piece));
    case COL_STATUS_DATE:
      return chorus_date_format (piece->status_date);
    case COL_ENGAGEMENT:
      return g_strdup (piece->engagement_number ? piece->engagement_number : "");
    case COL_ACTION:
      return g_strdup (chorus_works_item_get_can_act (item) ? _("Yes") : _("No"));
    case N_COLUMNS:
    default:
      return g_strdup ("");
    }
}

static int
compare_items (gconstpointer a, gconstpointer b, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  const ChorusWorksPiece *pa = chorus_works_item_get_piece ((ChorusWorksItem *) a);
  const ChorusWorksPiece *pb = chorus_works_item_get_piece ((ChorusWorksItem *) b);
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;
  int order;

  switch (column)
    {
    case COL_HT:
      return (pa->amount_ht > pb->amount_ht) - (pa->amount_ht < pb->amount_ht);
    case COL_DEPOSIT:
      order = g_strcmp0 (pa->deposit_date, pb->deposit_date);
      return order != 0 ? order : (pa->id > pb->id) - (pa->id < pb->id);
    case COL_STATUS_DATE:
      return g_strcmp0 (pa->status_date, pb->status_date);
    case COL_NUMBER:
    case COL_MARKET:
    case COL_RECIPIENT:
    case COL_SUPPLIER:
    case COL_MOE:
    case COL_MOA:
    case COL_STATUS:
    case COL_ENGAGEMENT:
    case COL_ACTION:
    case N_COLUMNS:
    default:
      ta = column_text ((ChorusWorksItem *) a, column);
      tb = column_text ((ChorusWorksItem *) b, column);
      return g_utf8_collate (ta, tb);
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  ChorusWorksItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = column_text (item, column);
  const ChorusWorksPiece *piece = chorus_works_item_get_piece (item);
  static const char *const classes[] = { "error", "warning", "accent", "heading" };

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);
  if (column == COL_STATUS)
    {
      if (chorus_works_item_get_pending (item) != CHORUS_WORKS_ACTION_LAST ||
          chorus_status_works_is_sent_back (piece->status))
        gtk_widget_add_css_class (label, "warning");
      else if (chorus_status_works_standing (piece->status) == CHORUS_WORKS_STANDING_REFUSED)
        gtk_widget_add_css_class (label, "error");
    }
  else if (column == COL_ACTION && chorus_works_item_get_can_act (item))
    gtk_widget_add_css_class (label, "accent");
  else if (column == COL_NUMBER)
    gtk_widget_add_css_class (label, "heading");
}

void
chorus_works_columns_add (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (Column column = 0; column < N_COLUMNS; column++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) view_column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (column));
      view_column = gtk_column_view_column_new (_(columns[column].title), g_object_ref (factory));
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_column_set_fixed_width (view_column, columns[column].width);
      gtk_column_view_column_set_expand (view_column, columns[column].expand);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (column), NULL));
      gtk_column_view_column_set_sorter (view_column, sorter);
      gtk_column_view_append_column (view, view_column);
      if (column == COL_DEPOSIT)
        gtk_column_view_sort_by_column (view, view_column, GTK_SORT_DESCENDING);
    }
}

gboolean
chorus_works_columns_write_csv (GListModel  *model,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(ChorusCsvWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  writer = chorus_csv_writer_new ();
  for (Column column = 0; column < N_COLUMNS; column++)
    chorus_csv_writer_add_text (writer, _(columns[column].title));
  chorus_csv_writer_end_row (writer);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ChorusWorksItem) item = g_list_model_get_item (model, i);
      const ChorusWorksPiece *piece = chorus_works_item_get_piece (item);

      for (Column column = 0; column < N_COLUMNS; column++)
        {
          g_autofree char *text = NULL;

          /* Amounts and dates as values, so a spreadsheet sums and sorts them. */
          if (column == COL_HT)
            chorus_csv_writer_add_amount (writer, piece->amount_ht);
          else if (column == COL_DEPOSIT)
            chorus_csv_writer_add_date (writer, piece->deposit_date);
          else if (column == COL_STATUS_DATE)
            chorus_csv_writer_add_date (writer, piece->status_date);
          else
            {
              text = column_text (item, column);
              chorus_csv_writer_add_text (writer, text);
            }
        }
      chorus_csv_writer_end_row (writer);
    }
  bytes = chorus_csv_writer_free_to_bytes (g_steal_pointer (&writer));
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), error);
}

static void
export_chosen (GtkWidget *owner, const char *path)
{
  GListModel *model = g_object_get_data (G_OBJECT (owner), "chorus-works-export");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (model == NULL)
    return;
  if (chorus_works_columns_write_csv (model, path, &error))
    {
      chorus_toast_show_plain (owner, _("Results exported"));
      return;
    }
  text = g_strdup_printf (_("The list could not be exported: %s"), error->message);
  chorus_toast_show_plain (owner, text);
}

void
chorus_works_columns_export (GtkWidget  *owner,
                             GListModel *model,
                             const char *file_name)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (G_IS_LIST_MODEL (model));

  /* The rows as they are listed when the user chooses where. */
  g_object_set_data_full (G_OBJECT (owner), "chorus-works-export", g_object_ref (model), g_object_unref);
  chorus_choose_save_path (owner, _("Export the Results"), _("_Export"), file_name, export_chosen);
}
