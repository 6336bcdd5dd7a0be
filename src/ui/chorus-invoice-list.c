/* chorus-invoice-list.c: a GtkColumnView over ChorusInvoiceModel. Sorting happens in SQL: each column
 * gets a probe sorter, and a header click is read back by asking the view's sorter to compare two
 * sentinels (the GtkColumnViewSorter getters are GTK 4.10+). The layout (columns shown, their
 * widths and order) is saved in GSettings here; the cells are drawn in chorus-invoice-list-cells.c,
 * the columns popover is in chorus-invoice-list-columns.c, the selection and the scroll position kept
 * across reloads in chorus-invoice-list-selection.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-invoice-columns.h"
#include "chorus-action-mark.h"
#include "chorus-invoice-list-private.h"
#include "chorus-status.h"
#include "chorus-team-ui.h"

G_DEFINE_FINAL_TYPE (ChorusInvoiceList, chorus_invoice_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SORT_CHANGED,
  SIGNAL_ACTIVATE,
  SIGNAL_ROW_CLICKED,
  SIGNAL_ROW_MENU_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the user chose about the lists' layout; "Réinitialiser les colonnes" resets them all. */
static const char * const layout_keys[] = {
  "invoice-columns", "invoice-column-widths", "invoice-group-sorts", "invoice-recipient-column",
  "issued-columns", "issued-column-widths", "issued-sort",
  "validator-columns", "validator-column-widths",
};

/* The received list, the only one whose recipient column follows the account's recipients. */
gboolean
_chorus_invoice_list_is_received (ChorusInvoiceList *self)
{
  return !self->issued && !self->validator;
}

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

/* GTK 4.8 counts hidden columns in the view's width, so a wide list would never give its spare
 * room to the expanding column: a hidden column is 0 px wide and keeps its width aside. */
static int
column_width (GtkColumnViewColumn *column)
{
  if (gtk_column_view_column_get_visible (column))
    return gtk_column_view_column_get_fixed_width (column);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "chorus-width"));
}

static void
set_column_width (GtkColumnViewColumn *column,
                  int                  width)
{
  g_object_set_data (G_OBJECT (column), "chorus-width", GINT_TO_POINTER (width));
  gtk_column_view_column_set_fixed_width (column, gtk_column_view_column_get_visible (column) ? width : 0);
}

/* Shows or hides @column in place, its width going with it. */
void
_chorus_invoice_list_set_column_shown (GtkColumnViewColumn *column,
                                       gboolean             shown)
{
  int width = column_width (column);

  gtk_column_view_column_set_visible (column, shown);
  set_column_width (column, width);
}

/* The issued and validator lists keep their layouts apart from the received one. */
static const char *
columns_key (ChorusInvoiceList *self)
{
  return self->issued ? "issued-columns" : self->validator ? "validator-columns" : "invoice-columns";
}

static const char *
widths_key (ChorusInvoiceList *self)
{
  return self->issued ? "issued-column-widths" : self->validator ? "validator-column-widths"
                                                                  : "invoice-column-widths";
}

static void
save_layout (ChorusInvoiceList *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_auto(GStrv) visible = NULL;
  GVariantBuilder widths;
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();
  g_autofree char *recipient_mode = g_settings_get_string (self->settings, "invoice-recipient-column");

  g_variant_builder_init (&widths, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      const ChorusInvoiceColumn *info = g_object_get_data (G_OBJECT (column), "chorus-column");
      int width;

      if (info == NULL)
        continue;
      width = column_width (column);
      /* Shown for an account with several recipients: the account's, not the user's choice. */
      if (gtk_column_view_column_get_visible (column) &&
          (!_chorus_invoice_list_is_received (self) || info->column != CHORUS_SORT_RECIPIENT || !g_str_equal (recipient_mode, "auto")))
        g_strv_builder_add (order, info->id);
      if (width > 0 && width != table[info->column].default_width && info->kind != CHORUS_COLUMN_KEY)
        g_variant_builder_add (&widths, "{si}", info->id, width);
    }
  visible = g_strv_builder_end (order);
  self->saving = TRUE;
  g_settings_set_strv (self->settings, columns_key (self), (const char * const *) visible);
  g_settings_set_value (self->settings, widths_key (self), g_variant_builder_end (&widths));
  self->saving = FALSE;
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

/* Each status tab sorts for its work: the most urgent first where invoices wait to be processed,
 * the latest news first where they came back or went on. */
static const struct {
  const char       *context;
  ChorusSortColumn  column;
  gboolean          descending;
} default_sorts[] = {
  { "to-process", CHORUS_SORT_DAYS_LEFT, FALSE },
  { "sent-back", CHORUS_SORT_STATUS_DATE, TRUE },
  { "processed", CHORUS_SORT_STATUS_DATE, TRUE },
  { "all", CHORUS_SORT_INVOICE_DATE, TRUE },
  /* A validator takes the invoice that has waited longest first. */
  { "validation-level-1", CHORUS_SORT_DEPOSIT_DATE, FALSE },
  { "validation-level-2", CHORUS_SORT_DEPOSIT_DATE, FALSE },
  { "validation-decided", CHORUS_SORT_DEPOSIT_DATE, TRUE },
};

static void
context_sort (ChorusInvoiceList *self,
              ChorusSortColumn  *column,
              gboolean          *descending)
{
  g_autoptr(GVariant) sorts = g_settings_get_value (self->settings, "invoice-group-sorts");
  const char *id = NULL;
  const ChorusInvoiceColumn *info;

  *column = CHORUS_SORT_DEPOSIT_DATE;
  *descending = TRUE;
  /* The supplier's list: one sort for every tab. */
  if (self->issued)
    {
      g_autofree char *issued_id = NULL;

      g_settings_get (self->settings, "issued-sort", "(sb)", &issued_id, descending);
      if ((info = chorus_invoice_columns_find (issued_id)) != NULL && !self->excluded[info->column])
        *column = info->column;
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (default_sorts); i++)
    if (g_str_equal (default_sorts[i].context, self->sort_context))
      {
        *column = default_sorts[i].column;
        *descending = default_sorts[i].descending;
      }
  if (g_variant_lookup (sorts, self->sort_context, "(&sb)", &id, descending) &&
      (info = chorus_invoice_columns_find (id)) != NULL && !self->excluded[info->column])
    *column = info->column;
}

static void
save_sort (ChorusInvoiceList *self)
{
  g_autoptr(GVariant) sorts = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *context;
  GVariant *value;

  if (self->issued)
    {
      self->saving = TRUE;
      g_settings_set (self->settings, "issued-sort", "(sb)", chorus_invoice_columns_get ()[self->sort].id,
                      self->descending);
      self->saving = FALSE;
      return;
    }
  sorts = g_settings_get_value (self->settings, "invoice-group-sorts");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(sb)}"));
  g_variant_iter_init (&iter, sorts);
  while (g_variant_iter_loop (&iter, "{&s@(sb)}", &context, &value))
    if (!g_str_equal (context, self->sort_context))
      g_variant_builder_add (&builder, "{s@(sb)}", context, value);
  g_variant_builder_add (&builder, "{s(sb)}", self->sort_context, chorus_invoice_columns_get ()[self->sort].id,
                         self->descending);
  self->saving = TRUE;
  g_settings_set_value (self->settings, "invoice-group-sorts", g_variant_builder_end (&builder));
  self->saving = FALSE;
}

/* Shows the sort of the current tab in the headers, without reporting it as the user's change. */
void
_chorus_invoice_list_apply_sort (ChorusInvoiceList *self)
{
  gboolean applying = self->applying;

  context_sort (self, &self->sort, &self->descending);
  self->applying = TRUE;
  /* A hidden column shows no arrow: no other column's header may keep one it no longer means
   * (GTK 4.8 leaves the former column's arrow in place unless the sort is cleared first). */
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (self->column_view,
                                  gtk_column_view_column_get_visible (self->columns[self->sort])
                                    ? self->columns[self->sort] : NULL,
                                  self->descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->applying = applying;
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
  save_sort (self);
  g_signal_emit (self, signals[SIGNAL_SORT_CHANGED], 0);
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = first_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* Short headers get their full name as a tooltip. GTK 4.8 has no API for a column header's
 * tooltip: the title widgets are found under the view's header row, by their text. */
static gboolean
header_tooltips_idle (gpointer data)
{
  ChorusInvoiceList *self = data;
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();

  self->tooltips_idle_id = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_VIEW (row))
        continue;
      for (GtkWidget *title = gtk_widget_get_first_child (row); title != NULL; title = gtk_widget_get_next_sibling (title))
        {
          GtkWidget *label = first_label (title);

          for (guint i = 0; label != NULL && i < CHORUS_SORT_LAST; i++)
            if (g_strcmp0 (gtk_column_view_column_get_title (self->columns[i]), gtk_label_get_text (GTK_LABEL (label))) == 0)
              {
                gtk_widget_set_tooltip_text (title, _(table[i].description));
                break;
              }
        }
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_header_tooltips (ChorusInvoiceList *self)
{
  if (self->tooltips_idle_id == 0)
    self->tooltips_idle_id = g_idle_add (header_tooltips_idle, self);
}

static gboolean
recipient_visible (ChorusInvoiceList *self,
                   gboolean           saved_visible)
{
  g_autofree char *mode = NULL;

  /* The received list's choice; the others keep the column as any other (on the issued list it
   * is where the invoices went, what the supplier tells them apart by). */
  if (!_chorus_invoice_list_is_received (self))
    return saved_visible;
  mode = g_settings_get_string (self->settings, "invoice-recipient-column");
  if (g_str_equal (mode, "show"))
    return TRUE;
  if (g_str_equal (mode, "hide"))
    return FALSE;
  /* One hospital on every row tells nothing: only an account that sees several needs the column. */
  return saved_visible || self->several_recipients;
}

static char *
column_title (ChorusInvoiceList         *self,
              const ChorusInvoiceColumn *info)
{
  /* Users name their internal reference themselves ("N° Dapec", "N° dossier"…). */
  if (info->column == CHORUS_SORT_INTERNAL_REFERENCE)
    {
      g_autofree char *label = g_settings_get_string (self->settings, "internal-reference-label");

      g_strstrip (label);
      if (*label != '\0')
        return g_steal_pointer (&label);
    }
  return g_strdup (_(info->title));
}

/* Applies the saved visible columns, their order, widths and the sort of the current tab. */
static void
apply_layout (ChorusInvoiceList *self)
{
  g_auto(GStrv) visible = g_settings_get_strv (self->settings, columns_key (self));
  g_autoptr(GVariant) widths = g_settings_get_value (self->settings, widths_key (self));
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();
  gboolean placed[CHORUS_SORT_LAST] = { FALSE };
  guint position = 0;

  self->applying = TRUE;

  /* The row menu first: always in view, whatever the width of the other columns. */
  gtk_column_view_insert_column (self->column_view, position++, self->action_column);

  /* Visible columns first in their saved order, then the hidden ones in their natural order; the
   * received list's recipient column, when the account's several recipients bring it, first. */
  if (_chorus_invoice_list_is_received (self) &&
      recipient_visible (self, g_strv_contains ((const char * const *) visible, "recipient")))
    {
      placed[CHORUS_SORT_RECIPIENT] = TRUE;
      gtk_column_view_insert_column (self->column_view, position++, self->columns[CHORUS_SORT_RECIPIENT]);
      _chorus_invoice_list_set_column_shown (self->columns[CHORUS_SORT_RECIPIENT], TRUE);
    }
  for (guint i = 0; visible[i] != NULL; i++)
    {
      const ChorusInvoiceColumn *info = chorus_invoice_columns_find (visible[i]);

      if (info == NULL || placed[info->column] || self->excluded[info->column] ||
          (info->column == CHORUS_SORT_RECIPIENT && _chorus_invoice_list_is_received (self)))
        continue;
      placed[info->column] = TRUE;
      gtk_column_view_insert_column (self->column_view, position++, self->columns[info->column]);
      _chorus_invoice_list_set_column_shown (self->columns[info->column], TRUE);
    }
  for (guint n = 0; n < CHORUS_SORT_LAST; n++)
    {
      ChorusSortColumn i = (ChorusSortColumn) n;
      g_autofree char *title = column_title (self, &table[i]);
      int width;

      gtk_column_view_column_set_title (self->columns[i], title);
      /* The invoice number follows its content (-1). */
      if (table[i].kind == CHORUS_COLUMN_KEY)
        width = -1;
      else if (!g_variant_lookup (widths, table[i].id, "i", &width) || width < 30)
        width = table[i].default_width;
      set_column_width (self->columns[i], width);
    }
  for (guint n = 0; n < CHORUS_SORT_LAST; n++)
    {
      /* The hidden ones, each where it would go when shown. */
      for (guint i = 0; i < CHORUS_SORT_LAST; i++)
        if (chorus_invoice_columns_natural_position (i) == n && !placed[i])
          {
            gtk_column_view_insert_column (self->column_view, position++, self->columns[i]);
            _chorus_invoice_list_set_column_shown (self->columns[i], FALSE);
          }
    }
  _chorus_invoice_list_apply_sort (self);
  self->applying = FALSE;
  schedule_header_tooltips (self);
}

static void
settings_changed_cb (ChorusInvoiceList *self,
                     const char        *key)
{
  ChorusSortColumn sort = self->sort;
  gboolean descending = self->descending;

  /* Préférences › Réinitialiser, or another list of the window: applies at once. */
  if (self->saving)
    return;
  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  apply_layout (self);
  if (sort != self->sort || descending != self->descending)
    g_signal_emit (self, signals[SIGNAL_SORT_CHANGED], 0);
}

/* Each style change of a cell restyles it: the class (a static string) in @slot changes only when
 * it differs from the one the cell has. */
static void
row_menu_clicked_cb (GtkButton *button,
                     gpointer   user_data)
{
  GtkListItem *item = user_data;
  ChorusInvoiceList *self = CHORUS_INVOICE_LIST (gtk_widget_get_ancestor (GTK_WIDGET (button), CHORUS_TYPE_INVOICE_LIST));
  guint position = gtk_list_item_get_position (item);
  graphene_rect_t bounds;

  if (self == NULL || self->row_menu == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  /* The menu's actions apply to the selection: it becomes this row. */
  _chorus_invoice_list_select_position (self, position);
  g_signal_emit (self, signals[SIGNAL_ROW_MENU_REQUESTED], 0);
  /* One menu, owned by the list and pointing at the button: rows are recycled, the list stays. */
  if (self->row_popover == NULL)
    {
      self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
      gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));
    }
  if (gtk_widget_compute_bounds (GTK_WIDGET (button), GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   (int) bounds.size.width, (int) bounds.size.height });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static gboolean
row_menu_tooltip_cb (GtkWidget  *button,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Actions on this invoice"));
  return TRUE;
}

static void
setup_action_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("view-more-horizontal-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "row-menu-button");
  /* Not gtk_widget_set_tooltip_text(): in GTK 4.8 it asks the X server where the pointer is (three
   * round trips) for each of the 200 rows GTK builds, before the list's first frame. */
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (row_menu_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Actions on this invoice"), -1);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (row_menu_clicked_cb), item);
  gtk_list_item_set_child (item, button);
}

static void
row_click_emit (gpointer data)
{
  ChorusInvoiceList *self = data;

  g_signal_emit (self, signals[SIGNAL_ROW_CLICKED], 0);
  g_object_unref (self);
}

/* Seen before the row handles the press (capture phase) and reported once it has selected it. */
static void
row_pressed_cb (GtkGestureClick   *gesture,
                int                n_press,
                double             x,
                double             y,
                ChorusInvoiceList *self)
{
  GtkWidget *target = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *list_view = _chorus_invoice_list_inner_view (self);

  /* Rows only: not the headers, and not the row's own menu button. */
  if (target == NULL || list_view == NULL || !gtk_widget_is_ancestor (target, list_view) ||
      gtk_widget_get_ancestor (target, GTK_TYPE_BUTTON) != NULL)
    return;
  g_idle_add_once (row_click_emit, g_object_ref (self));
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
  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->column_view = NULL;
  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  g_clear_handle_id (&self->tooltips_idle_id, g_source_remove);
  _chorus_invoice_list_stop_waiting_for_paint (self);
  g_clear_object (&self->action_column);
  g_clear_object (&self->row_menu);
  g_clear_pointer (&self->sort_context, g_free);
  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  g_clear_object (&self->sentinels[0]);
  g_clear_object (&self->sentinels[1]);
  g_clear_pointer (&self->delays, chorus_delay_policy_unref);
  g_clear_object (&self->team);
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
  /* A row was clicked and selected by the pointer (not by the keyboard or a reload). */
  signals[SIGNAL_ROW_CLICKED] = g_signal_new ("row-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A row's menu is about to open: its model may be brought up to date. */
  signals[SIGNAL_ROW_MENU_REQUESTED] = g_signal_new ("row-menu-requested", G_TYPE_FROM_CLASS (klass),
                                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "invoicelist");
}

static void
chorus_invoice_list_init (ChorusInvoiceList *self)
{
  const ChorusInvoiceColumn *table = chorus_invoice_columns_get ();
  GtkSorter *view_sorter;

  self->settings = g_settings_new (APP_ID);
  self->sentinels[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->sentinels[1] = g_object_new (G_TYPE_OBJECT, NULL);
  self->delays = chorus_delay_policy_new ();
  self->sort_context = g_strdup ("all");
  self->pending_offset = -1;
  self->selection = gtk_multi_selection_new (NULL);

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_reorderable (self->column_view, TRUE);
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (activate_cb), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect (click, "pressed", G_CALLBACK (row_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  }

  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    {
      GtkListItemFactory *factory = _chorus_invoice_list_cell_factory_new (self, &table[i]);
      g_autoptr(GtkSorter) sorter = NULL;

      self->probes[i].list = self;
      self->probes[i].column = (ChorusSortColumn) i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL));

      self->columns[i] = gtk_column_view_column_new (_(table[i].title), factory);
      g_object_set_data (G_OBJECT (self->columns[i]), "chorus-column", (gpointer) &table[i]);
      /* The invoice number is never cut: its column follows its content, not the user's width. */
      gtk_column_view_column_set_resizable (self->columns[i], table[i].kind != CHORUS_COLUMN_KEY);
      /* Room to spare on a wide list goes to the supplier's name, the column most often cut. */
      gtk_column_view_column_set_expand (self->columns[i], table[i].column == CHORUS_SORT_SUPPLIER);
      gtk_column_view_column_set_sorter (self->columns[i], sorter);
      g_signal_connect_object (self->columns[i], "notify::fixed-width", G_CALLBACK (layout_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->columns[i], "notify::visible", G_CALLBACK (layout_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_action_cb), NULL);
    self->action_column = gtk_column_view_column_new (NULL, factory);
    gtk_column_view_column_set_fixed_width (self->action_column, 34);
    gtk_column_view_column_set_visible (self->action_column, FALSE);
  }
  apply_layout (self);
  for (gsize i = 0; i < G_N_ELEMENTS (layout_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", layout_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->settings, "changed::internal-reference-label", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);

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
chorus_invoice_list_set_model (ChorusInvoiceList  *self,
                               ChorusInvoiceModel *model)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (!model || CHORUS_IS_INVOICE_MODEL (model));

  if (g_set_object (&self->model, model))
    gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (model));
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
chorus_invoice_list_set_delay_policy (ChorusInvoiceList *self,
                                      ChorusDelayPolicy *delays)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (delays != NULL);

  chorus_delay_policy_ref (delays);
  g_clear_pointer (&self->delays, chorus_delay_policy_unref);
  self->delays = delays;
  self->bind_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

ChorusDelayPolicy *
chorus_invoice_list_get_delay_policy (ChorusInvoiceList *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), NULL);
  return self->delays;
}

void
chorus_invoice_list_restore_defaults (ChorusInvoiceList *self)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  /* The list follows GSettings: settings_changed_cb() applies the defaults. This list's own
   * keys only: the other side keeps its layout. */
  for (gsize i = 0; i < G_N_ELEMENTS (layout_keys); i++)
    if (g_str_has_prefix (layout_keys[i], "issued-") == self->issued &&
        g_str_has_prefix (layout_keys[i], "validator-") == self->validator)
      g_settings_reset (self->settings, layout_keys[i]);
}

void
chorus_invoice_list_reset_settings (GSettings *settings)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  for (gsize i = 0; i < G_N_ELEMENTS (layout_keys); i++)
    g_settings_reset (settings, layout_keys[i]);
}

/* Shows or hides a column; one shown goes where it belongs among the visible columns, not
 * off-screen at the far right. */
void
chorus_invoice_list_set_sort_group (ChorusInvoiceList *self,
                                    ChorusStatusGroup  group)
{
  const char *context;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  switch (group)
    {
    case CHORUS_STATUS_GROUP_TO_PROCESS: context = "to-process"; break;
    case CHORUS_STATUS_GROUP_SENT_BACK: context = "sent-back"; break;
    case CHORUS_STATUS_GROUP_PROCESSED: context = "processed"; break;
    case CHORUS_STATUS_GROUP_ALL:
    case CHORUS_STATUS_GROUP_LAST:
    default: context = "all"; break;
    }
  if (g_strcmp0 (self->sort_context, context) == 0)
    return;
  g_free (self->sort_context);
  self->sort_context = g_strdup (context);
  _chorus_invoice_list_apply_sort (self);
}

void
chorus_invoice_list_set_validation_stage (ChorusInvoiceList     *self,
                                          ChorusValidationStage  stage)
{
  const char *context;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  switch (stage)
    {
    case CHORUS_VALIDATION_STAGE_LEVEL_1: context = "validation-level-1"; break;
    case CHORUS_VALIDATION_STAGE_LEVEL_2: context = "validation-level-2"; break;
    case CHORUS_VALIDATION_STAGE_DECIDED:
    case CHORUS_VALIDATION_STAGE_ANY:
    case CHORUS_VALIDATION_STAGE_LAST:
    default: context = "validation-decided"; break;
    }
  if (g_strcmp0 (self->sort_context, context) == 0)
    return;
  g_free (self->sort_context);
  self->sort_context = g_strdup (context);
  _chorus_invoice_list_apply_sort (self);
}

void
chorus_invoice_list_set_several_recipients (ChorusInvoiceList *self,
                                            gboolean           several)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  if (self->several_recipients == !!several)
    return;
  self->several_recipients = !!several;
  apply_layout (self);
}

void
chorus_invoice_list_set_row_menu (ChorusInvoiceList *self,
                                  GMenuModel        *menu)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (!menu || G_IS_MENU_MODEL (menu));

  g_set_object (&self->row_menu, menu);
  if (self->row_popover != NULL)
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->row_popover), menu);
  gtk_column_view_column_set_visible (self->action_column, menu != NULL);
}

/* After the next layout: until then the adjustment still measures the list before the reload, and
 * GTK 4.8 warns when an offset falls past the rows it really has. */
void
chorus_invoice_list_set_direction (ChorusInvoiceList *self,
                                   ChorusDirection    direction)
{
  static const ChorusSortColumn own_company[] = {
    CHORUS_SORT_SUPPLIER, CHORUS_SORT_SUPPLIER_TYPE, CHORUS_SORT_SIRET, CHORUS_SORT_GESTIONNAIRE,
  };
  /* What is the recipient's own work, not a validator's: the handler, the file number, the
   * payment clock and the supplier's answers to a suspension. */
  static const ChorusSortColumn recipient_only[] = {
    CHORUS_SORT_GESTIONNAIRE, CHORUS_SORT_INTERNAL_REFERENCE, CHORUS_SORT_DAYS_LEFT, CHORUS_SORT_RENVOI,
  };

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));

  /* Issued invoices: the supplier is always the user's own structure, and nobody is assigned
   * to them; their layout is saved apart from the received list's; spare width goes to the
   * recipient's name. */
  g_clear_handle_id (&self->save_idle_id, g_source_remove);
  self->issued = direction == CHORUS_DIRECTION_ISSUED;
  self->validator = direction == CHORUS_DIRECTION_TO_VALIDATE;
  memset (self->excluded, 0, sizeof self->excluded);
  for (gsize i = 0; self->issued && i < G_N_ELEMENTS (own_company); i++)
    self->excluded[own_company[i]] = TRUE;
  for (gsize i = 0; self->validator && i < G_N_ELEMENTS (recipient_only); i++)
    self->excluded[recipient_only[i]] = TRUE;
  gtk_column_view_column_set_expand (self->columns[CHORUS_SORT_SUPPLIER], !self->issued);
  gtk_column_view_column_set_expand (self->columns[CHORUS_SORT_RECIPIENT], self->issued);
  apply_layout (self);
}

gboolean
chorus_invoice_list_requery (ChorusInvoiceList      *self,
                             ChorusFilterBar        *bar,
                             ChorusStore            *store,
                             gboolean                recount,
                             GtkLabel               *count_label,
                             ChorusInvoiceFilter    *filter,
                             ChorusInvoiceListState *state,
                             GError                **error)
{
  guint counts[CHORUS_STATUS_GROUP_LAST] = { 0 };
  ChorusSortColumn sort;
  gboolean descending;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (self), FALSE);
  g_return_val_if_fail (CHORUS_IS_FILTER_BAR (bar), FALSE);
  g_return_val_if_fail (CHORUS_IS_STORE (store), FALSE);
  g_return_val_if_fail (filter != NULL && state != NULL, FALSE);

  chorus_invoice_list_save_state (self, state);
  chorus_filter_bar_get_filter (bar, filter);
  chorus_invoice_list_set_sort_group (self, filter->group);
  chorus_invoice_list_set_several_recipients (self, chorus_store_has_several_recipients (store, filter->direction));
  sort = chorus_invoice_list_get_sort (self, &descending);
  if (self->model == NULL || !chorus_invoice_model_query (self->model, filter, sort, descending, error))
    {
      g_clear_pointer (&state->selected, g_array_unref);
      return FALSE;
    }
  if (recount && chorus_store_count_groups (store, filter, counts, NULL))
    chorus_filter_bar_set_counts (bar, counts);
  if (count_label != NULL)
    chorus_invoice_list_show_count (count_label, g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  return TRUE;
}

void
chorus_invoice_list_show_count (GtkLabel *count_label,
                                guint     n)
{
  g_autofree char *count_text = NULL;

  g_return_if_fail (GTK_IS_LABEL (count_label));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n), n);
  gtk_label_set_text (count_label, count_text);
}

void
chorus_invoice_list_set_team (ChorusInvoiceList *self,
                              ChorusTeamSync    *team)
{
  const ChorusInvoiceColumn *table;

  g_return_if_fail (CHORUS_IS_INVOICE_LIST (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  if (!g_set_object (&self->team, team))
    return;
  table = chorus_invoice_columns_get ();
  /* The number cells are made again, with or without the claim icon. */
  for (guint i = 0; i < CHORUS_SORT_LAST; i++)
    if (table[i].kind == CHORUS_COLUMN_KEY)
      {
        GtkListItemFactory *factory = _chorus_invoice_list_cell_factory_new (self, &table[i]);

        gtk_column_view_column_set_factory (self->columns[i], factory);
        g_object_unref (factory);
      }
  self->bind_serial++;
}
