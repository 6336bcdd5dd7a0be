/* chorus-invoice-list.c: a GtkColumnView over ChorusInvoiceModel. Sorting happens in SQL: each column
 * gets a probe sorter, and a header click is read back by asking the view's sorter to compare two
 * sentinels (the GtkColumnViewSorter getters are GTK 4.10+). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-invoice-columns.h"
#include "chorus-invoice-list.h"

typedef struct {
  ChorusInvoiceList *list;
  ChorusSortColumn   column;
} Probe;

struct _ChorusInvoiceList
{
  GtkWidget             parent_instance;

  GtkWidget            *scrolled;
  GtkColumnView        *column_view;
  GtkMultiSelection    *selection;
  ChorusInvoiceModel   *model;
  GtkColumnViewColumn  *columns[CHORUS_SORT_LAST];
  Probe                 probes[CHORUS_SORT_LAST];
  GSettings            *settings;
  const char           *layout_prefix;   /* "invoice" or "issued": which saved layout is this list's */
  gboolean              excluded[CHORUS_SORT_LAST]; /* columns that make no sense on this side */
  GHashTable           *failures;        /* gint64* row key -> message */
  GObject              *sentinels[2];

  int                   probed;          /* column hit by the last probe, -1 = none */
  ChorusSortColumn      sort;
  gboolean              descending;
  guint                 deadline_days;
  guint                 bind_serial;     /* bumped when cells must show something new for the same invoice */
  gboolean              applying;        /* our own changes must not be saved back or re-emitted */
  guint                 save_idle_id;
};

G_DEFINE_FINAL_TYPE (ChorusInvoiceList, chorus_invoice_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SORT_CHANGED,
  SIGNAL_ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  Probe *probe = data;

  if (probe->list->probed < 0)
    probe->list->probed = (int) probe->column;
  return GTK_ORDERING_SMALLER;
}

/* Reads which header is sorted, and how, from the view's sorter. */
static gboolean
read_view_sort (ChorusInvoiceList *self,
                ChorusSortColumn  *column,
                gboolean          *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  self->probed = -1;
  order = gtk_sorter_compare (sorter, self->sentinels[0], self->sentinels[1]);
  if (self->probed < 0 || order == GTK_ORDERING_EQUAL)
    return FALSE;
  *column = (ChorusSortColumn) self->probed;
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}

/* "<prefix>-columns", "<prefix>-column-widths", "<prefix>-sort". */
static char *
layout_key (ChorusInvoiceList *self, const char *what)
{
  return g_strdup_printf ("%s-%s", self->layout_prefix, what);
}

static void
save_layout (ChorusInvoiceList *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_auto(GStrv) visible = NULL;
  GVariantBuilder widths;
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();

  g_variant_builder_init (&widths, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      const ChorusInvoiceColumn *info = g_object_get_data (G_OBJECT (column), "chorus-column");
      int width = gtk_column_view_column_get_fixed_width (column);

      if (gtk_column_view_column_get_visible (column))
        g_strv_builder_add (order, info->id);
      if (width > 0 && width != table[info->column].default_width)
        g_variant_builder_add (&widths, "{si}", info->id, width);
    }
  visible = g_strv_builder_end (order);
  g_autofree char *columns_key = layout_key (self, "columns");
  g_autofree char *widths_key = layout_key (self, "column-widths");

  g_settings_set_strv (self->settings, columns_key, (const char * const *) visible);
  g_settings_set_value (self->settings, widths_key, g_variant_builder_end (&widths));
}

static gboolean
save_layout_idle (gpointer data)
{
  ChorusInvoiceList *self = data;

  self->save_idle_id = 0;
  save_layout (self);
  return G_SOURCE_REMOVE;
}

static void
layout_changed_cb (ChorusInvoiceList *self)
{
  if (self->applying || self->save_idle_id != 0)
    return;
  self->save_idle_id = g_timeout_add (300, save_layout_idle, self);
}

static void
sorter_changed_cb (ChorusInvoiceList *self)
{
  ChorusSortColumn column;
  gboolean descending;

  if (self->applying || !read_view_sort (self, &column, &descending))
    return;
  if (column == self->sort && descending == self->descending)
    return;
  self->sort = column;
  self->descending = descending;
  {
    g_autofree char *sort_key = layout_key (self, "sort");

    g_settings_set (self->settings, sort_key, "(sb)", chorus_invoice_columns_get ()[column].id, descending);
  }
  g_signal_emit (self, signals[SIGNAL_SORT_CHANGED], 0);
}

/* Applies the saved visible columns, their order, widths and the sort. */
static void
apply_layout (ChorusInvoiceList *self)
{
  g_autofree char *columns_key = layout_key (self, "columns");
  g_autofree char *widths_key = layout_key (self, "column-widths");
  g_autofree char *sort_key = layout_key (self, "sort");
  g_auto(GStrv) visible = g_settings_get_strv (self->settings, columns_key);
  g_autoptr(GVariant) widths = g_settings_get_value (self->settings, widths_key);
  g_autofree char *sort_id = NULL;
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();
  const ChorusInvoiceColumn *sort_column;
  gboolean placed[CHORUS_SORT_LAST] = { FALSE };
  guint position = 0;
  gboolean descending;

  self->applying = TRUE;

  /* Visible columns first in their saved order, then the hidden ones in table order. */
  for (guint i = 0; visible[i] != NULL; i++)
    {
      const ChorusInvoiceColumn *info = chorus_invoice_columns_find (visible[i]);

      if (info == NULL || placed[info->column] || self->excluded[info->column])
        continue;
      placed[info->column] = TRUE;
      gtk_column_view_insert_column (self->column_view, position++, self->columns[info->column]);
      gtk_column_view_column_set_visible (self->columns[info->column], TRUE);
    }
  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    {
      int width;

      if (!placed[i])
        {
          gtk_column_view_insert_column (self->column_view, position++, self->columns[i]);
          gtk_column_view_column_set_visible (self->columns[i], FALSE);
        }
      if (!g_variant_lookup (widths, table[i].id, "i", &width) || width < 30)
        width = table[i].default_width;
      gtk_column_view_column_set_fixed_width (self->columns[i], width);
    }

  g_settings_get (self->settings, sort_key, "(sb)", &sort_id, &descending);
  sort_column = chorus_invoice_columns_find (sort_id);
  if (sort_column == NULL || self->excluded[sort_column->column])
    sort_column = &table[CHORUS_SORT_DEPOSIT_DATE];
  self->sort = sort_column->column;
  self->descending = descending;
  gtk_column_view_sort_by_column (self->column_view, self->columns[self->sort],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);

  self->applying = FALSE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const ChorusInvoiceColumn *info)
{
  if (info->kind == CHORUS_COLUMN_STATUS)
    {
      /* One label per cell: GTK 4.8 keeps 200 rows alive, so every widget here counts 200 times. */
      GtkWidget *badge = gtk_label_new (NULL);

      gtk_widget_add_css_class (badge, "status-badge");
      gtk_widget_set_halign (badge, GTK_ALIGN_START);
      gtk_label_set_ellipsize (GTK_LABEL (badge), PANGO_ELLIPSIZE_END);
      gtk_list_item_set_child (item, badge);
    }
  else
    {
      GtkWidget *inscription = gtk_inscription_new (NULL);

      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      if (info->kind == CHORUS_COLUMN_AMOUNT || info->kind == CHORUS_COLUMN_DAYS_LEFT)
        {
          gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
          gtk_widget_add_css_class (inscription, "numeric");
        }
      gtk_list_item_set_child (item, inscription);
    }
}

static const char *
status_css_class (ChorusStatus status)
{
  switch (chorus_status_get_group (status))
    {
    case CHORUS_STATUS_GROUP_TO_PROCESS:
      return "to-process";
    case CHORUS_STATUS_GROUP_SENT_BACK:
      return "sent-back";
    case CHORUS_STATUS_GROUP_PROCESSED:
      return "processed";
    case CHORUS_STATUS_GROUP_ALL:
    case CHORUS_STATUS_GROUP_LAST:
    default:
      return "other";
    }
}

/* Each style change of a cell restyles it: the class (a static string) in @slot changes only when
 * it differs from the one the cell has. */
static void
set_css_class (GtkWidget  *cell,
               const char *slot,
               const char *css_class)
{
  const char *current = g_object_get_data (G_OBJECT (cell), slot);

  if (current == css_class)
    return;
  if (current != NULL)
    gtk_widget_remove_css_class (cell, current);
  if (css_class != NULL)
    gtk_widget_add_css_class (cell, css_class);
  g_object_set_data (G_OBJECT (cell), slot, (gpointer) css_class);
}

static void
bind_cell_cb (GtkSignalListItemFactory  *factory,
              GtkListItem               *item,
              const ChorusInvoiceColumn *info)
{
  ChorusInvoiceList *self = g_object_get_data (G_OBJECT (factory), "chorus-list");
  ChorusInvoice *invoice = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  /* GTK 4.8 unbinds and binds again every row after a changed position, even when the row keeps
   * its item: a cell that already shows this invoice object (pages of the model are new objects
   * after each reload) keeps its text. The reference held here keeps the address from being
   * reused by another invoice. */
  if (g_object_get_data (G_OBJECT (child), "chorus-bound") == invoice &&
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "chorus-bound-serial")) == self->bind_serial)
    return;
  g_object_set_data_full (G_OBJECT (child), "chorus-bound", g_object_ref (invoice), g_object_unref);
  g_object_set_data (G_OBJECT (child), "chorus-bound-serial", GUINT_TO_POINTER (self->bind_serial));
  text = chorus_invoice_column_format (info, invoice, self->deadline_days, NULL);

  if (info->kind == CHORUS_COLUMN_STATUS)
    {
      gint64 id = chorus_invoice_get_key (invoice);
      const char *failure = g_hash_table_lookup (self->failures, &id);
      guint pending = chorus_invoice_model_get_pending (invoice);
      g_autofree char *label = NULL;
      g_autofree char *tooltip = NULL;
      const char *state_class = NULL;

      if (failure != NULL)
        {
          state_class = "failed";
          label = g_strdup_printf ("%s ⚠", text);
          tooltip = g_strdup_printf (_("Refused by Chorus Pro: %s"), failure);
        }
      else if (pending > 0)
        {
          state_class = "pending";
          label = g_strdup_printf ("%s ⇡", text);
          tooltip = g_strdup (_("Waiting to be sent to Chorus Pro"));
        }
      set_css_class (child, "chorus-group-class", status_css_class (chorus_invoice_get_status (invoice)));
      set_css_class (child, "chorus-state-class", state_class);
      gtk_label_set_text (GTK_LABEL (child), label ? label : text);
      /* Setting a tooltip makes GTK look for the widget under the pointer: only when it changes. */
      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) != 0)
        gtk_widget_set_tooltip_text (child, tooltip);
    }
  else
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
      if (info->kind == CHORUS_COLUMN_DAYS_LEFT)
        {
          int days = chorus_invoice_days_left (invoice, self->deadline_days, NULL);
          gboolean open = chorus_status_get_group (chorus_invoice_get_status (invoice)) != CHORUS_STATUS_GROUP_PROCESSED;

          if (open && days != G_MININT && days < 0)
            set_css_class (child, "chorus-days-class", "error");
          else if (open && days != G_MININT && days <= 5)
            set_css_class (child, "chorus-days-class", "warning");
          else
            set_css_class (child, "chorus-days-class", NULL);
        }
    }
}

static void
activate_cb (ChorusInvoiceList *self,
             guint              position)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, position);
}

static void
chorus_invoice_list_dispose (GObject *object)
{
  ChorusInvoiceList *self = CHORUS_INVOICE_LIST (object);

  if (self->save_idle_id != 0)
    {
      g_clear_handle_id (&self->save_idle_id, g_source_remove);
      save_layout (self);
    }
  /* Tearing down the view reports column changes: they must not be saved as the user's. */
  self->applying = TRUE;
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->column_view = NULL;
  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  g_clear_object (&self->sentinels[0]);
  g_clear_object (&self->sentinels[1]);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  G_OBJECT_CLASS (chorus_invoice_list_parent_class)->dispose (object);
}

static void
chorus_invoice_list_class_init (ChorusInvoiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_invoice_list_dispose;

  signals[SIGNAL_SORT_CHANGED] = g_signal_new ("sort-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "invoicelist");
}

static void
chorus_invoice_list_init (ChorusInvoiceList *self)
{
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();
  GtkSorter *view_sorter;

  self->settings = g_settings_new (APP_ID);
  self->layout_prefix = "invoice";
  self->failures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->sentinels[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->sentinels[1] = g_object_new (G_TYPE_OBJECT, NULL);
  self->deadline_days = 30;
  self->selection = gtk_multi_selection_new (NULL);

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_reorderable (self->column_view, TRUE);
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (activate_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = NULL;

      g_object_set_data (G_OBJECT (factory), "chorus-list", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &table[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &table[i]);

      self->probes[i].list = self;
      self->probes[i].column = (ChorusSortColumn) i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL));

      self->columns[i] = gtk_column_view_column_new (_(table[i].title), factory);
      g_object_set_data (G_OBJECT (self->columns[i]), "chorus-column", (gpointer) &table[i]);
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      gtk_column_view_column_set_sorter (self->columns[i], sorter);
      g_signal_connect_object (self->columns[i], "notify::fixed-width", G_CALLBACK (layout_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->columns[i], "notify::visible", G_CALLBACK (layout_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  apply_layout (self);

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (view_sorter, "changed", G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_columns (self->column_view), "items-changed",
                           G_CALLBACK (layout_changed_cb), self, G_CONNECT_SWAPPED);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
chorus_invoice_list_new (void)
{
  return g_object_new (CHORUS_TYPE_INVOICE_LIST, NULL);
}

void
chorus_invoice_list_set_direction (ChorusInvoiceList *self,
                                   ChorusDirection    direction)
{
  static const ChorusSortColumn own_company[] = {
    CHORUS_SORT_SUPPLIER, CHORUS_SORT_SUPPLIER_TYPE, CHORUS_SORT_SIRET, CHORUS_SORT_GESTIONNAIRE,
  };

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  /* Issued invoices: the supplier is always the user's own structure, and nobody is assigned
   * to them; their layout is saved apart from the received list's. */
  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  self->layout_prefix = direction == CHORUS_DIRECTION_ISSUED ? "issued" : "invoice";
  memset (self->excluded, 0, sizeof self->excluded);
  for (gsize i = 0; direction == CHORUS_DIRECTION_ISSUED && i < G_N_ELEMENTS (own_company); i++)
    self->excluded[own_company[i]] = TRUE;
  apply_layout (self);
}

void
chorus_invoice_list_set_model (ChorusInvoiceList  *self,
                               ChorusInvoiceModel *model)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (!model || CHORUS_IS_INVOICE_MODEL (model));

  if (g_set_object (&self->model, model))
    gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (model));
}

void
chorus_invoice_list_scroll_to_top (ChorusInvoiceList *self)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

GtkSelectionModel *
chorus_invoice_list_get_selection (ChorusInvoiceList *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
chorus_invoice_list_get_column_view (ChorusInvoiceList *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);
  return self->column_view;
}

ChorusSortColumn
chorus_invoice_list_get_sort (ChorusInvoiceList *self,
                              gboolean          *descending)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), CHORUS_SORT_DEPOSIT_DATE);

  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

void
chorus_invoice_list_set_sort (ChorusInvoiceList *self,
                              ChorusSortColumn   column,
                              gboolean           descending)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (column < CHORUS_SORT_LAST);

  /* Goes through the header state, so the arrow and the "sort-changed" signal follow. */
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

void
chorus_invoice_list_set_deadline_days (ChorusInvoiceList *self,
                                       guint              days)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  self->deadline_days = days;
  self->bind_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
chorus_invoice_list_get_deadline_days (ChorusInvoiceList *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), 30);
  return self->deadline_days;
}

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

      if (gtk_column_view_column_get_visible (column))
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
  gtk_column_view_column_set_visible (self->columns[info->column], visible);
}

void
chorus_invoice_list_restore_defaults (ChorusInvoiceList *self)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  {
    g_autofree char *columns_key = layout_key (self, "columns");
    g_autofree char *widths_key = layout_key (self, "column-widths");
    g_autofree char *sort_key = layout_key (self, "sort");

    g_settings_reset (self->settings, columns_key);
    g_settings_reset (self->settings, widths_key);
    g_settings_reset (self->settings, sort_key);
  }
  apply_layout (self);
  g_signal_emit (self, signals[SIGNAL_SORT_CHANGED], 0);
}

static void
column_toggled_cb (GtkCheckButton      *button,
                   GtkColumnViewColumn *column)
{
  gtk_column_view_column_set_visible (column, gtk_check_button_get_active (button));
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
  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    {
      GtkWidget *check;

      if (self->excluded[i])
        continue;
      check = gtk_check_button_new_with_label (_(table[i].title));
      g_object_set_data (G_OBJECT (check), "chorus-view-column", self->columns[i]);
      gtk_widget_set_name (check, table[i].id);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), gtk_column_view_column_get_visible (self->columns[i]));
      g_signal_connect_object (check, "toggled", G_CALLBACK (column_toggled_cb), self->columns[i], 0);
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

static GtkWidget *
inner_list_view (ChorusInvoiceList *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static void
select_position (ChorusInvoiceList *self,
                 guint              position)
{
  GtkWidget *list_view = inner_list_view (self);

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
  select_position (self, position);
  return TRUE;
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
  select_position (self, target);
  return TRUE;
}

void
chorus_invoice_list_set_failure (ChorusInvoiceList *self,
                                 gint64             id,
                                 const char        *message)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  if (message != NULL)
    g_hash_table_insert (self->failures, g_memdup2 (&id, sizeof id), g_strdup (message));
  else
    g_hash_table_remove (self->failures, &id);
  self->bind_serial++;
}
