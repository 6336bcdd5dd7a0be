/* chorus-invoice-list.c: a GtkColumnView over ChorusInvoiceModel. Sorting happens in SQL: each column
 * gets a probe sorter, and a header click is read back by asking the view's sorter to compare two
 * sentinels (the GtkColumnViewSorter getters are GTK 4.10+). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-invoice-columns.h"
#include "chorus-action-mark.h"
#include "chorus-invoice-list.h"
#include "chorus-status.h"
#include "chorus-team-ui.h"

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
  GtkColumnViewColumn  *action_column;   /* a menu button per row; not data, never saved or exported */
  Probe                 probes[CHORUS_SORT_LAST];
  GSettings            *settings;
  gboolean              validator;       /* the validator's list: its own layout, no recipient-only columns */
  GObject              *sentinels[2];

  int                   probed;          /* column hit by the last probe, -1 = none */
  ChorusSortColumn      sort;
  gboolean              descending;
  ChorusDelayPolicy    *delays;
  GMenuModel           *row_menu;
  GtkWidget            *row_popover;     /* the row menu, parented to the list */
  char                 *sort_context;    /* the status tab: each keeps its own sort */
  gboolean              several_recipients;
  gboolean              issued;          /* the supplier's list: its own layout, no own-company columns */
  gboolean              excluded[CHORUS_SORT_LAST]; /* columns that make no sense on this side */
  guint                 bind_serial;     /* bumped when cells must show something new for the same invoice */
  gboolean              applying;        /* our own changes must not be saved back or re-emitted */
  gboolean              saving;          /* GSettings reports our own writes: not to be applied again */
  guint                 save_idle_id;
  guint                 tooltips_idle_id;
  double                pending_offset;  /* where the view goes back to after a reload, -1: nowhere */
  GdkFrameClock        *scroll_clock;    /* the clock whose next after-paint scrolls, while one waits */
  gulong                scroll_handler;
  ChorusTeamSync       *team;            /* team mode: the number cell shows who processes the invoice */
};

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
static gboolean
is_received (ChorusInvoiceList *self)
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
static void
set_column_shown (GtkColumnViewColumn *column,
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
          (!is_received (self) || info->column != CHORUS_SORT_RECIPIENT || !g_str_equal (recipient_mode, "auto")))
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
static void
apply_sort (ChorusInvoiceList *self)
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
  if (!is_received (self))
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
  if (is_received (self) &&
      recipient_visible (self, g_strv_contains ((const char * const *) visible, "recipient")))
    {
      placed[CHORUS_SORT_RECIPIENT] = TRUE;
      gtk_column_view_insert_column (self->column_view, position++, self->columns[CHORUS_SORT_RECIPIENT]);
      set_column_shown (self->columns[CHORUS_SORT_RECIPIENT], TRUE);
    }
  for (guint i = 0; visible[i] != NULL; i++)
    {
      const ChorusInvoiceColumn *info = chorus_invoice_columns_find (visible[i]);

      if (info == NULL || placed[info->column] || self->excluded[info->column] ||
          (info->column == CHORUS_SORT_RECIPIENT && is_received (self)))
        continue;
      placed[info->column] = TRUE;
      gtk_column_view_insert_column (self->column_view, position++, self->columns[info->column]);
      set_column_shown (self->columns[info->column], TRUE);
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
            set_column_shown (self->columns[i], FALSE);
          }
    }
  apply_sort (self);
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

static gboolean
days_query_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  ChorusInvoiceList *self = g_object_get_data (G_OBJECT (cell), "chorus-list");
  ChorusInvoice *invoice = g_object_get_data (G_OBJECT (cell), "chorus-bound");
  ChorusDeadline deadline;
  g_autofree char *legal = NULL;
  g_autofree char *stated = NULL;
  g_autofree char *text = NULL;

  if (self == NULL || invoice == NULL)
    return FALSE;
  chorus_deadline_compute (&deadline, invoice, chorus_delay_policy_days_for_invoice (self->delays, invoice), NULL);
  legal = chorus_deadline_describe_legal (&deadline);
  stated = chorus_deadline_describe_stated (&deadline);
  text = legal != NULL ? g_strconcat (legal, "\n", stated, NULL) : g_strdup (stated);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
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
  else if (info->kind == CHORUS_COLUMN_KEY)
    {
      /* A label, not an inscription: the column takes the width of its longest number. */
      ChorusInvoiceList *self = g_object_get_data (G_OBJECT (factory), "chorus-list");
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      if (self != NULL && self->team != NULL)
        {
          /* Team mode only: who is processing it, as an icon after the number. */
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *claimed = gtk_image_new_from_icon_name ("avatar-default-symbolic");

          gtk_widget_set_visible (claimed, FALSE);
          gtk_box_append (GTK_BOX (box), label);
          gtk_box_append (GTK_BOX (box), claimed);
          gtk_list_item_set_child (item, box);
        }
      else
        gtk_list_item_set_child (item, label);
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
      if (info->kind == CHORUS_COLUMN_DAYS_LEFT)
        {
          /* Both deadlines, explained, computed only when the pointer rests on the cell. */
          g_object_set_data (G_OBJECT (inscription), "chorus-list", g_object_get_data (G_OBJECT (factory), "chorus-list"));
          gtk_widget_set_has_tooltip (inscription, TRUE);
          g_signal_connect (inscription, "query-tooltip", G_CALLBACK (days_query_tooltip_cb), NULL);
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
  text = chorus_invoice_column_format (info, invoice, self->delays, NULL);

  if (info->kind == CHORUS_COLUMN_STATUS)
    {
      g_autofree char *label = NULL;
      g_autofree char *tooltip = NULL;
      /* The last action sent to Chorus Pro: waiting, confirmed or refused (read with the page). */
      ChorusActionMark mark = chorus_action_mark_for (invoice, chorus_invoice_model_get_last_action (invoice),
                                                      &tooltip);
      const char *state_class = chorus_action_mark_css_class (mark);

      if (mark != CHORUS_ACTION_MARK_NONE)
        label = g_strdup_printf ("%s %s", text, chorus_action_mark_symbol (mark));
      set_css_class (child, "chorus-group-class", status_css_class (chorus_invoice_get_status (invoice)));
      set_css_class (child, "chorus-state-class", state_class);
      gtk_label_set_text (GTK_LABEL (child), label ? label : text);
      /* Setting a tooltip makes GTK look for the widget under the pointer: only when it changes. */
      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) != 0)
        gtk_widget_set_tooltip_text (child, tooltip);
    }
  else if (info->kind == CHORUS_COLUMN_KEY && GTK_IS_BOX (child))
    {
      GtkWidget *claimed = gtk_widget_get_last_child (child);
      g_autofree char *claim = self->team ? chorus_team_describe_claim (self->team, chorus_invoice_get_key (invoice)) : NULL;

      gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (child)), text ? text : "");
      gtk_widget_set_visible (claimed, claim != NULL);
      set_css_class (claimed, "chorus-claim-class",
                     claim != NULL && chorus_team_sync_is_claimed_by_other (self->team, chorus_invoice_get_key (invoice))
                     ? "warning" : "dim-label");
      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), claim) != 0)
        gtk_widget_set_tooltip_text (child, claim);
    }
  else if (info->kind == CHORUS_COLUMN_KEY)
    gtk_label_set_text (GTK_LABEL (child), text ? text : "");
  else
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
      if (info->kind == CHORUS_COLUMN_DAYS_LEFT)
        {
          ChorusDeadline deadline;

          chorus_deadline_compute (&deadline, invoice, chorus_delay_policy_days_for_invoice (self->delays, invoice), NULL);
          if (deadline.state == CHORUS_CLOCK_RUNNING && deadline.days_left < 0)
            set_css_class (child, "chorus-days-class", "error");
          else if (deadline.state == CHORUS_CLOCK_RUNNING && deadline.days_left <= 5)
            set_css_class (child, "chorus-days-class", "warning");
          else
            set_css_class (child, "chorus-days-class", NULL);
        }
    }
}

static void select_position (ChorusInvoiceList *self,
                             guint              position);
static GtkWidget *inner_list_view (ChorusInvoiceList *self);
static void show_column (ChorusInvoiceList   *self,
                         GtkColumnViewColumn *column,
                         gboolean             visible);

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
  select_position (self, position);
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

static void
setup_action_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("view-more-horizontal-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "row-menu-button");
  gtk_widget_set_tooltip_text (button, _("Actions on this invoice"));
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
  GtkWidget *list_view = inner_list_view (self);

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

/* A destroyed window's clock drops its handlers by itself. */
static void
stop_waiting_for_paint (ChorusInvoiceList *self)
{
  if (self->scroll_clock != NULL && g_signal_handler_is_connected (self->scroll_clock, self->scroll_handler))
    g_signal_handler_disconnect (self->scroll_clock, self->scroll_handler);
  self->scroll_handler = 0;
  g_clear_object (&self->scroll_clock);
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
  stop_waiting_for_paint (self);
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
  if (info->column == CHORUS_SORT_RECIPIENT && is_received (self))
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
  set_column_shown (column, visible);
  /* The list's sort column came back: its arrow with it. */
  if (visible && column == self->columns[self->sort])
    apply_sort (self);
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
  select_position (self, target);
  return TRUE;
}

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
  apply_sort (self);
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
  apply_sort (self);
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

static void
scroll_to_selection_now (ChorusInvoiceList *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkWidget *list_view;
  double offset = self->pending_offset;

  self->pending_offset = -1;
  if (self->model == NULL || (list_view = inner_list_view (self)) == NULL ||
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
  stop_waiting_for_paint (self);
  scroll_to_selection_now (self);
}

/* After the next layout: until then the adjustment still measures the list before the reload, and
 * GTK 4.8 warns when an offset falls past the rows it really has. */
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
      stop_waiting_for_paint (self);
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
chorus_invoice_list_show_count (GtkLabel *count_label,
                                guint     n)
{
  g_autofree char *count_text = NULL;

  g_return_if_fail (GTK_IS_LABEL (count_label));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n), n);
  gtk_label_set_text (count_label, count_text);
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
        GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

        g_object_set_data (G_OBJECT (factory), "chorus-list", self);
        g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &table[i]);
        g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &table[i]);
        gtk_column_view_column_set_factory (self->columns[i], factory);
        g_object_unref (factory);
      }
  self->bind_serial++;
}
