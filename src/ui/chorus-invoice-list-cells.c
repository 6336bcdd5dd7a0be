/* chorus-invoice-list-cells.c: the cells of ChorusInvoiceList: one light widget per cell (GTK 4.8
 * keeps 200 rows alive), restyled only when what it shows changes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-invoice-list-private.h"
#include "chorus-status.h"
#include "chorus-team-ui.h"

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

/* What a cell last showed, by list item in its factory's table: GTK 4.8 binds every row again
 * after a change even when it keeps its item, ~2,000 cells a time, and a look-up in an object's
 * data list cost more than the rest of such a bind. */
typedef struct {
  ChorusInvoice *invoice;   /* a reference: its address is never another invoice's */
  guint          serial;
} CellBound;

static void
cell_bound_free (CellBound *bound)
{
  g_clear_object (&bound->invoice);
  g_free (bound);
}

/* Today as YYYY-MM-DD, read from the clock at most once a second: the days column of ~200 rows
 * is bound at each change, and each reading of the local time zone costs more than the cell. */
static const char *
today_iso (void)
{
  static char today[16];
  static gint64 read_at;
  gint64 now = g_get_monotonic_time ();

  if (today[0] == '\0' || now - read_at >= G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) local = g_date_time_new_now_local ();

      g_snprintf (today, sizeof today, "%04d-%02d-%02d", g_date_time_get_year (local),
                  g_date_time_get_month (local), g_date_time_get_day_of_month (local));
      read_at = now;
    }
  return today;
}

static void
set_label_text (GtkWidget  *label,
                const char *text)
{
  /* Many rows share a status: the label keeps its layout when the text is the same. */
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text ? text : "") != 0)
    gtk_label_set_text (GTK_LABEL (label), text ? text : "");
}

typedef struct {
  ChorusInvoiceList         *list;
  const ChorusInvoiceColumn *info;
  GHashTable                *bound;   /* GtkListItem → CellBound */
} CellFactory;

static void
cell_factory_free (gpointer  data,
                   GClosure *closure)
{
  CellFactory *cells = data;

  g_hash_table_destroy (cells->bound);
  g_free (cells);
}

/* A list item's address may come back for another one: what it showed goes with it, and a new
 * one starts with nothing shown. */
static void
forget_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                CellFactory              *cells)
{
  g_hash_table_remove (cells->bound, item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellFactory              *cells)
{
  ChorusInvoiceList *self = cells->list;
  const ChorusInvoiceColumn *info = cells->info;
  ChorusInvoice *invoice = gtk_list_item_get_item (item);
  CellBound *bound = g_hash_table_lookup (cells->bound, item);
  GtkWidget *child;
  g_autofree char *text = NULL;

  /* GTK 4.8 unbinds and binds again every row after a changed position, even when the row keeps
   * its item: a cell that already shows this invoice object (pages of the model are new objects
   * after each reload) keeps its text. */
  if (bound != NULL && bound->invoice == invoice && bound->serial == self->bind_serial)
    return;
  if (bound == NULL)
    {
      bound = g_new0 (CellBound, 1);
      g_hash_table_insert (cells->bound, item, bound);
    }
  g_set_object (&bound->invoice, invoice);
  bound->serial = self->bind_serial;
  child = gtk_list_item_get_child (item);

  if (info->kind == CHORUS_COLUMN_DAYS_LEFT)
    {
      ChorusDeadline deadline;

      /* The tooltip explains the deadline of the invoice the cell shows. */
      g_object_set_data_full (G_OBJECT (child), "chorus-bound", g_object_ref (invoice), g_object_unref);
      /* One computation for the text and the colour. */
      chorus_deadline_compute (&deadline, invoice, chorus_delay_policy_days_for_invoice (self->delays, invoice),
                               today_iso ());
      text = chorus_deadline_format_short (&deadline);
      gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
      if (deadline.state == CHORUS_CLOCK_RUNNING && deadline.days_left < 0)
        set_css_class (child, "chorus-days-class", "error");
      else if (deadline.state == CHORUS_CLOCK_RUNNING && deadline.days_left <= 5)
        set_css_class (child, "chorus-days-class", "warning");
      else
        set_css_class (child, "chorus-days-class", NULL);
      return;
    }

  text = chorus_invoice_column_format (info, invoice, self->delays, today_iso ());
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
      set_label_text (child, label ? label : text);
      /* Setting a tooltip makes GTK look for the widget under the pointer: only when it changes. */
      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) != 0)
        gtk_widget_set_tooltip_text (child, tooltip);
    }
  else if (info->kind == CHORUS_COLUMN_KEY && GTK_IS_BOX (child))
    {
      GtkWidget *claimed = gtk_widget_get_last_child (child);
      g_autofree char *claim = self->team ? chorus_team_describe_claim (self->team, chorus_invoice_get_key (invoice)) : NULL;

      set_label_text (gtk_widget_get_first_child (child), text);
      gtk_widget_set_visible (claimed, claim != NULL);
      set_css_class (claimed, "chorus-claim-class",
                     claim != NULL && chorus_team_sync_is_claimed_by_other (self->team, chorus_invoice_get_key (invoice))
                     ? "warning" : "dim-label");
      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), claim) != 0)
        gtk_widget_set_tooltip_text (child, claim);
    }
  else if (info->kind == CHORUS_COLUMN_KEY)
    set_label_text (child, text);
  else
    gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
}

GtkListItemFactory *
_chorus_invoice_list_cell_factory_new (ChorusInvoiceList         *self,
                                       const ChorusInvoiceColumn *info)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellFactory *cells = g_new (CellFactory, 1);

  cells->list = self;
  cells->info = info;
  cells->bound = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) cell_bound_free);
  g_object_set_data (G_OBJECT (factory), "chorus-list", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) info);
  g_signal_connect (factory, "setup", G_CALLBACK (forget_cell_cb), cells);
  g_signal_connect (factory, "teardown", G_CALLBACK (forget_cell_cb), cells);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell_cb), cells, cell_factory_free, 0);
  return factory;
}
