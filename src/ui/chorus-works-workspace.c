/* chorus-works-workspace.c: the Synthèse and the search over every page, the piece in its billing file, the deposit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-csv.h"
#include "chorus-file-choice.h"
#include "chorus-json.h"
#include "chorus-sync-works.h"
#include "chorus-works-deposit-form.h"
#include "chorus-works-item.h"
#include "chorus-works-piece-view.h"
#include "chorus-works-workspace.h"

/* The Synthèse's option hides pieces refused longer ago than this, as the portal does. */
#define REFUSED_SHOWN_DAYS 10

/* Pieces asked per request: every page is fetched, this only sets how many requests. */
#define PAGE_SIZE 200

static const ChorusRole all_roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };

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

struct _ChorusWorksWorkspace
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkStack               *stack;
  GtkDropDown            *role_dropdown;
  GtkStringList          *role_model;
  GtkDropDown            *structure_dropdown;
  GtkStringList          *structure_model;
  GtkToggleButton        *synthese_toggle;
  GtkToggleButton        *search_toggle;
  GtkLabel               *count_label;
  GtkButton              *unreadable_button;
  GtkRevealer            *search_revealer;
  GtkDropDown            *type_dropdown;
  GtkStringList          *type_model;
  GtkDropDown            *cadre_dropdown;
  GtkStringList          *cadre_model;
  GtkDropDown            *status_dropdown;
  GtkStringList          *status_model;
  GtkEntry               *recipient_entry;
  GtkDropDown            *service_dropdown;
  GtkStringList          *service_model;
  GtkEntry               *number_entry;
  GtkEntry               *market_entry;
  GtkEntry               *from_entry;
  GtkEntry               *to_entry;
  GtkLabel               *list_message;
  GtkCheckButton         *hide_refused_check;
  GtkCheckButton         *hide_downloaded_check;
  GtkStack               *list_stack;
  GtkColumnView          *column_view;
  AdwStatusPage          *empty_page;
  ChorusWorksPieceView   *piece_view;
  ChorusWorksDepositForm *deposit_form;

  ChorusSync             *sync;
  gulong                  finished_handler;
  ChorusDirectory        *directory;
  GListStore             *store;          /* ChorusWorksItem */
  GtkCustomFilter        *filter;         /* the Synthèse's options */
  GtkSortListModel       *sorted;
  GPtrArray              *structures;     /* the account's (ChorusStructure) */
  ChorusRole              roles[G_N_ELEMENTS (all_roles)];
  guint                   n_roles;
  GArray                 *cadres;         /* ChorusCadre of cadre_dropdown, after "all" */
  GArray                 *statuses;       /* ChorusStatus of status_dropdown, after "all" */
  GPtrArray              *unreadable;     /* raw JSON of pieces that could not be read */
  GCancellable           *list_cancellable;
  GCancellable           *piece_cancellable;
  guint                   page;           /* the next page to fetch, 0 when done */
  guint                   total;
  guint                   list_busy;
  guint                   piece_busy;
  gboolean                structures_busy;
  gint64                  recipient_id;   /* the search's destinataire, once looked up; 0: any */
  GPtrArray              *services;       /* ChorusService of service_dropdown, after "any" */
  char                   *services_siret; /* the recipient SIRET whose services are offered or coming */
  GCancellable           *services_cancellable;
  gboolean                services_busy;
  gint64                  shown_piece;    /* the piece page's piece */
  gint64                  deposit_action; /* the outbox action of the deposit on show */
  char                   *today;
};

G_DEFINE_FINAL_TYPE (ChorusWorksWorkspace, chorus_works_workspace, GTK_TYPE_WIDGET)

static void load_page (ChorusWorksWorkspace *self);
static gboolean searching (ChorusWorksWorkspace *self);
static gint64 selected_service (ChorusWorksWorkspace *self);
static void update_count (ChorusWorksWorkspace *self);

static void
set_list_message (ChorusWorksWorkspace *self, const char *message)
{
  gtk_label_set_label (self->list_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->list_message), message != NULL && *message != '\0');
}

ChorusRole
chorus_works_workspace_get_role (ChorusWorksWorkspace *self)
{
  guint selected;

  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), CHORUS_ROLE_UNKNOWN);

  selected = gtk_drop_down_get_selected (self->role_dropdown);
  return selected < self->n_roles ? self->roles[selected] : CHORUS_ROLE_FOURNISSEUR;
}

/* The structure chosen for the role, 0 for all of them. */
static gint64
selected_structure (ChorusWorksWorkspace *self)
{
  guint selected = gtk_drop_down_get_selected (self->structure_dropdown);
  ChorusRole role = chorus_works_workspace_get_role (self);
  guint n = 0;

  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);

      if (structure->role == role && ++n == selected)
        return structure->id;
    }
  return 0;
}

/* --- columns ----------------------------------------------------------------------------------- */

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
          chorus_works_action_took_effect (CHORUS_WORKS_ACTION_SUSPEND, piece->status) ||
          piece->status == CHORUS_STATUS_A_RECYCLER)
        gtk_widget_add_css_class (label, "warning");
      else if (chorus_works_action_took_effect (CHORUS_WORKS_ACTION_REFUSE, piece->status))
        gtk_widget_add_css_class (label, "error");
    }
  else if (column == COL_ACTION && chorus_works_item_get_can_act (item))
    gtk_widget_add_css_class (label, "accent");
  else if (column == COL_NUMBER)
    gtk_widget_add_css_class (label, "heading");
}

static void
add_columns (ChorusWorksWorkspace *self)
{
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
      gtk_column_view_append_column (self->column_view, view_column);
      if (column == COL_DEPOSIT)
        gtk_column_view_sort_by_column (self->column_view, view_column, GTK_SORT_DESCENDING);
    }
}

/* --- the list ----------------------------------------------------------------------------------- */

/* The Synthèse's options: pieces the recipient downloaded, pieces refused long ago. The search
 * shows whatever matches its criteria. */
static gboolean
piece_shown (gpointer item, gpointer data)
{
  ChorusWorksWorkspace *self = data;
  const ChorusWorksPiece *piece = chorus_works_item_get_piece (item);

  if (searching (self))
    return TRUE;
  if (gtk_check_button_get_active (self->hide_downloaded_check) && piece->downloaded)
    return FALSE;
  if (gtk_check_button_get_active (self->hide_refused_check) &&
      chorus_works_action_took_effect (CHORUS_WORKS_ACTION_REFUSE, piece->status))
    {
      int days = chorus_works_clock_days (piece->status_date, self->today);

      if (days > REFUSED_SHOWN_DAYS)
        return FALSE;
    }
  return TRUE;
}

static void
options_changed_cb (ChorusWorksWorkspace *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

gboolean
chorus_works_workspace_export_csv (ChorusWorksWorkspace *self,
                                   const char           *path,
                                   GError              **error)
{
  g_autoptr(ChorusCsvWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GListModel *model;

  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  writer = chorus_csv_writer_new ();
  for (Column column = 0; column < N_COLUMNS; column++)
    chorus_csv_writer_add_text (writer, _(columns[column].title));
  chorus_csv_writer_end_row (writer);
  model = G_LIST_MODEL (self->sorted);
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
  g_autoptr(GError) error = NULL;

  if (!chorus_works_workspace_export_csv (CHORUS_WORKS_WORKSPACE (owner), path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The list could not be exported: %s"), error->message);

      set_list_message (CHORUS_WORKS_WORKSPACE (owner), text);
    }
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_choose_save_path (widget, _("Export the Results"), _("_Export"),
                           searching (CHORUS_WORKS_WORKSPACE (widget)) ? _("works-search.csv") : _("works-overview.csv"),
                           export_chosen);
}

static gboolean
searching (ChorusWorksWorkspace *self)
{
  return gtk_toggle_button_get_active (self->search_toggle);
}

static void
update_count (ChorusWorksWorkspace *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  g_autofree char *text = NULL;

  if (self->page != 0 && self->total > 0)
    text = g_strdup_printf (_("Loading… %u of %u pieces read"), n, self->total);
  else if (self->page != 0)
    text = g_strdup_printf (_("Loading… %u pieces"), n);
  else if (shown < n)
    {
      g_autofree char *listed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u piece", "%u pieces", shown), shown);
      g_autofree char *hidden = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hidden by the options",
                                                              "%u hidden by the options", n - shown), n - shown);

      text = g_strdup_printf ("%s · %s", listed, hidden);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u piece", "%u pieces", n), n);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 || self->page != 0 ? "items" : "empty");
  if (self->unreadable->len > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unreadable piece", "%u unreadable pieces",
                                                             self->unreadable->len), self->unreadable->len);

      gtk_button_set_label (self->unreadable_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unreadable_button), self->unreadable->len > 0);
}

static void
build_query (ChorusWorksWorkspace *self, ChorusWorksQuery *query, GArray *statuses, char **strings)
{
  ChorusRole role = chorus_works_workspace_get_role (self);

  chorus_works_query_init (query);
  query->role = role;
  query->structure_id = selected_structure (self);
  query->page = self->page;
  query->page_size = PAGE_SIZE;
  if (!searching (self))
    {
      /* The Synthèse: the statuses in which this role may have something to do, and, as on the
       * portal, its own pieces refused for a routing error (to deposit again, to the right party). */
      ChorusStatus pending[CHORUS_STATUS_LAST];
      gsize n = chorus_works_pending_statuses (role, pending, G_N_ELEMENTS (pending));

      g_array_append_vals (statuses, pending, (guint) n);
      for (ChorusCadre cadre = CHORUS_CADRE_UNKNOWN + 1; cadre < CHORUS_CADRE_LAST; cadre++)
        {
          ChorusStatus refused = chorus_works_refusal_status (cadre);
          gboolean known = FALSE;

          if (!chorus_works_cadre_is_piece (cadre) || chorus_works_cadre_depositor (cadre) != role ||
              refused == CHORUS_STATUS_UNKNOWN)
            continue;
          for (guint i = 0; i < statuses->len; i++)
            known |= g_array_index (statuses, ChorusStatus, i) == refused;
          if (!known)
            g_array_append_val (statuses, refused);
        }
    }
  else
    {
      guint type = gtk_drop_down_get_selected (self->type_dropdown);
      guint cadre = gtk_drop_down_get_selected (self->cadre_dropdown);
      guint status = gtk_drop_down_get_selected (self->status_dropdown);

      if (type > 0 && type < CHORUS_WORKS_TYPE_LAST)
        query->type = (ChorusWorksType) type;
      if (cadre > 0 && cadre <= self->cadres->len)
        query->cadre = g_array_index (self->cadres, ChorusCadre, cadre - 1);
      if (status > 0 && status <= self->statuses->len)
        g_array_append_val (statuses, g_array_index (self->statuses, ChorusStatus, status - 1));
      strings[0] = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry))));
      strings[1] = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->market_entry))));
      strings[2] = chorus_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
      strings[3] = chorus_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
      query->recipient_id = self->recipient_id;
      query->service_id = selected_service (self);
      query->number = strings[0];
      query->market_number = strings[1];
      query->deposit_from = strings[2];
      query->deposit_to = strings[3];
    }
  query->statuses = (const ChorusStatus *) (gpointer) statuses->data;
  query->n_statuses = statuses->len;
}

static void
apply_pending (ChorusWorksWorkspace *self)
{
  g_autoptr(GHashTable) pending = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (self->sync == NULL)
    return;
  pending = chorus_sync_works_pending (self->sync);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChorusWorksItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      gint64 id = chorus_works_item_get_piece (item)->id;
      gpointer value = NULL;
      ChorusWorksAction now = g_hash_table_lookup_extended (pending, &id, NULL, &value)
                              ? (ChorusWorksAction) GPOINTER_TO_INT (value) : CHORUS_WORKS_ACTION_LAST;

      if (now == chorus_works_item_get_pending (item))
        continue;
      chorus_works_item_set_pending (item, now);
      /* The same item again: the row binds it anew. */
      g_list_store_splice (self->store, i, 1, (gpointer *) &item, 1);
    }
}

/* A piece @role deposited and its receiver refused for a routing error: the portal's Synthèse
 * shows it to the depositor ("rejetée", no action possible) until they hide it. */
static gboolean
refused_piece_of (ChorusRole role, const ChorusWorksPiece *piece)
{
  return chorus_works_action_took_effect (CHORUS_WORKS_ACTION_REFUSE, piece->status) &&
         chorus_works_cadre_depositor (piece->cadre) == role;
}

static void
page_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusWorksPage) page = chorus_sync_fetch_works_page_finish (CHORUS_SYNC (source), result, &error);
  g_autoptr(GPtrArray) items = NULL;
  ChorusRole role;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->list_busy--;
  if (page == NULL)
    {
      self->page = 0;
      set_list_message (self, error->message);
      update_count (self);
      g_object_unref (self);
      return;
    }
  role = chorus_works_workspace_get_role (self);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (page->pieces, i);
      gboolean can_act = chorus_works_needs_action (role, piece->cadre, piece->status);

      /* The Synthèse keeps what waits for this role and its own refused pieces; a search shows
       * all it found. */
      if (!searching (self) && !can_act && !refused_piece_of (role, piece))
        continue;
      g_ptr_array_add (items, chorus_works_item_new (piece, can_act));
    }
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0, items->pdata, items->len);
  for (guint i = 0; i < page->unreadable->len; i++)
    g_ptr_array_add (self->unreadable, g_strdup (g_ptr_array_index (page->unreadable, i)));
  self->total = page->total;
  /* Every page, whatever their number: "pages" when given, else until a short page. */
  if ((page->pages > 0 && self->page < page->pages) ||
      (page->pages == 0 && page->pieces->len + page->unreadable->len >= PAGE_SIZE))
    {
      self->page++;
      load_page (self);
    }
  else
    self->page = 0;
  apply_pending (self);
  update_count (self);
  g_object_unref (self);
}

static void
load_page (ChorusWorksWorkspace *self)
{
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
  char *strings[4] = { NULL };
  ChorusWorksQuery query;

  build_query (self, &query, statuses, strings);
  self->list_busy++;
  chorus_sync_fetch_works_page_async (self->sync, &query, self->list_cancellable, page_cb, g_object_ref (self));
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    g_free (strings[i]);
}

void
chorus_works_workspace_refresh (ChorusWorksWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->list_busy = 0;
  g_list_store_remove_all (self->store);
  g_ptr_array_set_size (self->unreadable, 0);
  set_list_message (self, NULL);
  adw_status_page_set_description (self->empty_page, searching (self) ? _("No piece matches these criteria.")
                                                                       : _("Nothing waits for you in this role."));
  self->total = 0;
  if (self->sync == NULL)
    {
      self->page = 0;
      update_count (self);
      return;
    }
  self->page = 1;
  update_count (self);
  load_page (self);
}

/* --- the piece ------------------------------------------------------------------------------------ */

/* The outbox's deposit of @piece_id, with what the server answered, when this app deposited it. */
static ChorusAction *
find_deposit (ChorusWorksWorkspace *self, gint64 piece_id)
{
  g_autoptr(GPtrArray) deposits = NULL;

  if (self->sync == NULL)
    return NULL;
  deposits = chorus_store_outbox_list_kind (chorus_sync_get_store (self->sync), CHORUS_ACTION_KIND_WORKS_SUBMIT, NULL);
  for (guint i = 0; deposits != NULL && i < deposits->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (deposits, i);
      g_autoptr(JsonObject) result = action->result ? chorus_json_parse_object (action->result, -1, NULL) : NULL;

      if (result != NULL && json_object_get_int_member_with_default (result, "pieceId", 0) == piece_id &&
          json_object_has_member (result, "certificate"))
        return chorus_action_copy (action);
    }
  return NULL;
}

static ChorusWorksAction
pending_for (ChorusWorksWorkspace *self, gint64 piece_id)
{
  g_autoptr(GHashTable) pending = NULL;
  gpointer value = NULL;

  if (self->sync == NULL)
    return CHORUS_WORKS_ACTION_LAST;
  pending = chorus_sync_works_pending (self->sync);
  return g_hash_table_lookup_extended (pending, &piece_id, NULL, &value) ? (ChorusWorksAction) GPOINTER_TO_INT (value)
                                                                         : CHORUS_WORKS_ACTION_LAST;
}

static void
pdf_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = chorus_sync_fetch_works_pdf_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->piece_busy--;
  if (pdf == NULL)
    chorus_works_piece_view_show_pdf_error (self->piece_view, error->message);
  else
    {
      const ChorusWorksPiece *piece = chorus_works_piece_view_get_piece (self->piece_view);
      g_autofree char *name = g_strdup_printf ("%s.pdf", piece && piece->number ? piece->number : "piece");

      g_strdelimit (name, "/\\", '-');
      chorus_works_piece_view_show_pdf (self->piece_view, pdf, name);
    }
  g_object_unref (self);
}

static void
load_pdf (ChorusWorksWorkspace *self, gint64 piece_id)
{
  g_autoptr(ChorusAction) deposit = find_deposit (self, piece_id);

  chorus_works_piece_view_set_certificate (self->piece_view, deposit != NULL);
  chorus_works_piece_view_set_pending (self->piece_view, pending_for (self, piece_id));
  chorus_works_piece_view_show_pdf_loading (self->piece_view);
  self->piece_busy++;
  chorus_sync_fetch_works_pdf_async (self->sync, piece_id, self->piece_cancellable, pdf_cb, g_object_ref (self));
}

static void
dossier_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pieces = chorus_sync_fetch_works_dossier_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->piece_busy--;
  if (pieces == NULL || pieces->len == 0)
    chorus_works_piece_view_set_message (self->piece_view, error ? error->message
                                                                 : _("Chorus Pro sent an empty billing file."), TRUE);
  else
    {
      chorus_works_piece_view_set_dossier (self->piece_view, pieces, self->shown_piece);
      chorus_works_piece_view_set_pending (self->piece_view, pending_for (self, self->shown_piece));
    }
  g_object_unref (self);
}

static void
load_dossier (ChorusWorksWorkspace *self, gint64 piece_id)
{
  self->piece_busy++;
  chorus_sync_fetch_works_dossier_async (self->sync, piece_id, self->piece_cancellable, dossier_cb, g_object_ref (self));
}

void
chorus_works_workspace_open_piece (ChorusWorksWorkspace *self,
                                   gint64                piece_id)
{
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);

  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  if (self->sync == NULL)
    return;
  g_cancellable_cancel (self->piece_cancellable);
  g_clear_object (&self->piece_cancellable);
  self->piece_cancellable = g_cancellable_new ();
  self->piece_busy = 0;
  self->shown_piece = piece_id;
  /* The listed line at once; the billing file when it arrives. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(ChorusWorksItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (chorus_works_item_get_piece (item)->id == piece_id)
        g_ptr_array_add (listed, chorus_works_piece_copy (chorus_works_item_get_piece (item)));
    }
  chorus_works_piece_view_set_role (self->piece_view, chorus_works_workspace_get_role (self));
  chorus_works_piece_view_set_message (self->piece_view, NULL, FALSE);
  chorus_works_piece_view_clear_input (self->piece_view);
  if (listed->len > 0)
    chorus_works_piece_view_set_dossier (self->piece_view, listed, piece_id);
  gtk_stack_set_visible_child_name (self->stack, "piece");
  load_dossier (self, piece_id);
  load_pdf (self, piece_id);
}

static void
activate_cb (GtkColumnView *view, guint position, ChorusWorksWorkspace *self)
{
  g_autoptr(ChorusWorksItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (item != NULL)
    chorus_works_workspace_open_piece (self, chorus_works_item_get_piece (item)->id);
}

static void
piece_changed_cb (ChorusWorksPieceView *view, gint64 piece_id, ChorusWorksWorkspace *self)
{
  self->shown_piece = piece_id;
  g_cancellable_cancel (self->piece_cancellable);
  g_clear_object (&self->piece_cancellable);
  self->piece_cancellable = g_cancellable_new ();
  self->piece_busy = 0;
  load_pdf (self, piece_id);
}

static void
piece_action_cb (ChorusWorksPieceView *view, int action, ChorusWorksWorkspace *self)
{
  const ChorusWorksPiece *piece = chorus_works_piece_view_get_piece (view);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (piece == NULL || self->sync == NULL)
    return;
  if (action == CHORUS_WORKS_ACTION_ASSOCIATE)
    {
      /* Taking into account: the next piece, from this one. */
      chorus_works_deposit_form_start_next (self->deposit_form, piece, chorus_works_workspace_get_role (self));
      gtk_stack_set_visible_child_name (self->stack, "deposit");
      return;
    }
  if (chorus_sync_enqueue_works_action (self->sync, action, piece->id, chorus_works_piece_view_get_comment (view),
                                        chorus_works_piece_view_get_files (view), &error) == 0)
    {
      chorus_works_piece_view_set_message (view, error->message, TRUE);
      return;
    }
  chorus_works_piece_view_clear_input (view);
  chorus_works_piece_view_set_pending (view, (ChorusWorksAction) action);
  done = g_strdup_printf (_("“%s” is in the outbox; it is sent to Chorus Pro now, or as soon as it can be reached."),
                          chorus_works_action_label ((ChorusWorksAction) action));
  chorus_works_piece_view_set_message (view, done, FALSE);
  apply_pending (self);
}

static void
export_chosen_cb (GtkNativeDialog *dialog, int response, ChorusWorksWorkspace *self)
{
  g_autoptr(ChorusAction) action = find_deposit (self, self->shown_piece);

  if (response == GTK_RESPONSE_ACCEPT && action != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(JsonNode) node = json_from_string (action->payload, NULL);
      g_autoptr(JsonObject) result = chorus_json_parse_object (action->result, -1, NULL);
      g_autoptr(ChorusWorksDeposit) deposit = node ? chorus_works_deposit_from_json (node, NULL) : NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) error = NULL;

      if (deposit != NULL && result != NULL)
        pdf = chorus_works_certificate_pdf (deposit, json_object_get_string_member_with_default (result, "number", NULL),
                                            json_object_get_string_member_with_default (result, "date", NULL),
                                            json_object_get_string_member_with_default (result, "certificate", NULL),
                                            &error);
      if (pdf == NULL || !g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error))
        chorus_works_piece_view_set_message (self->piece_view, error ? error->message
                                                                     : _("The deposit saved in the outbox is damaged."), TRUE);
    }
  g_object_unref (dialog);
}

static void
export_certificate_cb (ChorusWorksPieceView *view, ChorusWorksWorkspace *self)
{
  GtkFileChooserNative *chooser;
  const ChorusWorksPiece *piece = chorus_works_piece_view_get_piece (view);
  g_autofree char *name = g_strdup_printf (_("certificate-%s.pdf"), piece && piece->number ? piece->number : "");

  g_strdelimit (name, "/\\", '-');
  chooser = gtk_file_chooser_native_new (_("Export the Deposit Certificate"), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- the deposit ------------------------------------------------------------------------------- */

static void
form_submit_cb (ChorusWorksDepositForm *form, ChorusWorksDeposit *deposit, ChorusWorksWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->sync == NULL)
    {
      chorus_works_deposit_form_show_error (form, _("Not connected to Chorus Pro."));
      return;
    }
  id = chorus_sync_enqueue_works_deposit (self->sync, deposit, &error);
  if (id == 0)
    {
      chorus_works_deposit_form_show_error (form, error->message);
      return;
    }
  self->deposit_action = id;
  chorus_works_deposit_form_show_pending (form);
}

static void
form_show_dossier_cb (ChorusWorksDepositForm *form, gint64 piece_id, ChorusWorksWorkspace *self)
{
  chorus_works_workspace_open_piece (self, piece_id);
}

static void
form_new_deposit_cb (ChorusWorksDepositForm *form, ChorusWorksWorkspace *self)
{
  chorus_works_deposit_form_start_initial (form, chorus_works_workspace_get_role (self));
}

/* The outbox finished an action: the deposit's certificate, the piece's new state, the list. */
static void
outbox_finished_cb (ChorusSync *sync, gint64 action_id, gboolean ok, const char *message, ChorusWorksWorkspace *self)
{
  g_autoptr(ChorusAction) action = chorus_store_outbox_get (chorus_sync_get_store (sync), action_id, NULL);
  ChorusWorksAction works_action;

  if (action == NULL || (works_action = chorus_sync_works_action_of_kind (action->kind)) == CHORUS_WORKS_ACTION_LAST)
    return;
  if (action_id == self->deposit_action)
    {
      g_autoptr(JsonObject) result = chorus_json_parse_object (action->result ? action->result : "{}", -1, NULL);

      if (ok && result != NULL)
        chorus_works_deposit_form_show_certificate (self->deposit_form,
                                                    json_object_get_int_member_with_default (result, "pieceId", 0),
                                                    json_object_get_string_member_with_default (result, "number", NULL),
                                                    json_object_get_string_member_with_default (result, "date", NULL),
                                                    json_object_get_string_member_with_default (result, "dossier", NULL),
                                                    json_object_get_string_member_with_default (result, "certificate", NULL));
      else
        chorus_works_deposit_form_show_error (self->deposit_form, message);
    }
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "piece") == 0 &&
           chorus_sync_works_action_piece (action) == self->shown_piece)
    {
      g_autofree char *done = NULL;

      if (ok)
        done = g_strdup_printf (_("Chorus Pro recorded “%s”."), chorus_works_action_label (works_action));
      chorus_works_piece_view_set_message (self->piece_view, ok ? done : message, !ok);
      chorus_works_piece_view_set_pending (self->piece_view, pending_for (self, self->shown_piece));
      load_dossier (self, self->shown_piece);
    }
  chorus_works_workspace_refresh (self);
}

/* --- roles and structures ---------------------------------------------------------------------- */

static void
fill_structures (ChorusWorksWorkspace *self)
{
  ChorusRole role = chorus_works_workspace_get_role (self);

  g_signal_handlers_block_matched (self->structure_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->structure_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->structure_model)), NULL);
  gtk_string_list_append (self->structure_model, _("All structures"));
  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      g_autofree char *label = NULL;

      if (structure->role != role)
        continue;
      label = g_strdup_printf ("%s – %s", structure->identifier ? structure->identifier : "",
                               structure->name ? structure->name : "");
      gtk_string_list_append (self->structure_model, label);
    }
  gtk_drop_down_set_selected (self->structure_dropdown, 0);
  g_signal_handlers_unblock_matched (self->structure_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
fill_roles (ChorusWorksWorkspace *self)
{
  ChorusRole current = chorus_works_workspace_get_role (self);

  self->n_roles = 0;
  for (gsize r = 0; r < G_N_ELEMENTS (all_roles); r++)
    {
      gboolean held = self->structures == NULL || self->structures->len == 0;

      for (guint i = 0; !held && i < self->structures->len; i++)
        held = ((ChorusStructure *) g_ptr_array_index (self->structures, i))->role == all_roles[r];
      if (held)
        self->roles[self->n_roles++] = all_roles[r];
    }
  /* An account with none of the works roles can still look at what it received. */
  if (self->n_roles == 0)
    for (gsize r = 0; r < G_N_ELEMENTS (all_roles); r++)
      self->roles[self->n_roles++] = all_roles[r];
  g_signal_handlers_block_matched (self->role_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->role_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->role_model)), NULL);
  for (guint i = 0; i < self->n_roles; i++)
    gtk_string_list_append (self->role_model, chorus_role_label (self->roles[i]));
  gtk_drop_down_set_selected (self->role_dropdown, 0);
  for (guint i = 0; i < self->n_roles; i++)
    if (self->roles[i] == current)
      gtk_drop_down_set_selected (self->role_dropdown, i);
  g_signal_handlers_unblock_matched (self->role_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  fill_structures (self);
}

static void
structures_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusWorksWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) structures = chorus_sync_fetch_structures_finish (CHORUS_SYNC (source), result, &error);

  self->structures_busy = FALSE;
  if (structures != NULL)
    {
      g_clear_pointer (&self->structures, g_ptr_array_unref);
      self->structures = g_ptr_array_ref (structures);
      chorus_works_deposit_form_set_structures (self->deposit_form, structures);
      fill_roles (self);
      chorus_works_workspace_refresh (self);
    }
  g_object_unref (self);
}

static void
role_changed_cb (ChorusWorksWorkspace *self)
{
  fill_structures (self);
  chorus_works_workspace_refresh (self);
}

/* --- actions ------------------------------------------------------------------------------------ */

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_works_workspace_refresh (CHORUS_WORKS_WORKSPACE (widget));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);

  g_cancellable_cancel (self->piece_cancellable);
  self->piece_busy = 0;
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
deposit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);

  chorus_works_deposit_form_start_initial (self->deposit_form, chorus_works_workspace_get_role (self));
  gtk_stack_set_visible_child_name (self->stack, "deposit");
}

/* The structure of @found whose identifier is exactly @siret, or NULL. */
static const ChorusStructure *
structure_with_siret (GPtrArray *found, const char *siret)
{
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (found, i);

      if (g_strcmp0 (structure->identifier, siret) == 0)
        return structure;
    }
  return NULL;
}

/* --- the recipient's service (idServiceExecutant) ---------------------------------------------- */

/* The chosen service's idService; 0 for "Any service". */
static gint64
selected_service (ChorusWorksWorkspace *self)
{
  guint selected = gtk_drop_down_get_selected (self->service_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->services->len)
    return 0;
  return ((const ChorusService *) g_ptr_array_index (self->services, selected - 1))->id;
}

/* Offers @services (NULL: none but "Any service"), keeping the chosen one while it is among them. */
static void
set_services (ChorusWorksWorkspace *self, GPtrArray *services)
{
  gint64 kept = selected_service (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint position = 0;

  g_ptr_array_set_size (self->services, 0);
  g_ptr_array_add (labels, g_strdup (_("Any service")));
  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      const ChorusService *service = g_ptr_array_index (services, i);
      const char *name = service->name != NULL ? service->name : "";

      g_ptr_array_add (self->services, chorus_service_copy (service));
      g_ptr_array_add (labels, service->active ? g_strdup_printf ("%s – %s", service->code, name)
                                               : g_strdup_printf (_("%s – %s (inactive)"), service->code, name));
      if (service->id == kept)
        position = self->services->len;
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->service_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->service_model)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->service_dropdown, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_dropdown), self->services->len > 0);
}

static void
recipient_described_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  ChorusRecipientRules rules;
  g_autoptr(GPtrArray) services = chorus_directory_describe_finish (CHORUS_DIRECTORY (source), result, &rules, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->services_busy = FALSE;
  if (services == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The recipient's services could not be read: %s"), error->message);

      /* Tried again when the search form opens next. */
      g_clear_pointer (&self->services_siret, g_free);
      set_list_message (self, text);
    }
  set_services (self, services);
}

static void
recipient_of_services_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = chorus_directory_search_finish (CHORUS_DIRECTORY (source), result, &error);
  const ChorusStructure *recipient;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  recipient = structure_with_siret (found, self->services_siret);
  if (recipient == NULL)
    {
      /* The search says why when it runs; nothing to offer meanwhile. */
      self->services_busy = FALSE;
      g_clear_pointer (&self->services_siret, g_free);
      return;
    }
  chorus_directory_describe_async (CHORUS_DIRECTORY (source), recipient->id, self->services_cancellable,
                                   recipient_described_cb, g_object_ref (self));
}

/* The services the search offers: those of the recipient typed (its SIRET, from the directory),
 * else, as contracting authority (the recipient of works pieces), those of the chosen structure,
 * kept with the account's structures. */
static void
load_services (ChorusWorksWorkspace *self)
{
  g_autofree char *siret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_entry))));
  g_autoptr(GPtrArray) own = NULL;
  gint64 structure_id;

  if (*siret != '\0' && g_strcmp0 (siret, self->services_siret) == 0)
    return;
  g_cancellable_cancel (self->services_cancellable);
  g_clear_object (&self->services_cancellable);
  g_clear_pointer (&self->services_siret, g_free);
  self->services_busy = FALSE;
  if (*siret != '\0')
    {
      set_services (self, NULL);
      if (self->directory == NULL || !chorus_siret_is_valid (siret))
        return;
      self->services_siret = g_steal_pointer (&siret);
      self->services_cancellable = g_cancellable_new ();
      self->services_busy = TRUE;
      chorus_directory_search_async (self->directory, self->services_siret, self->services_cancellable,
                                     recipient_of_services_cb, g_object_ref (self));
      return;
    }
  own = g_ptr_array_new ();
  structure_id = selected_structure (self);
  for (guint i = 0; chorus_works_workspace_get_role (self) == CHORUS_ROLE_MOA && self->structures != NULL &&
                    i < self->structures->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (self->structures, i);

      if (structure->role != CHORUS_ROLE_MOA || (structure_id != 0 && structure->id != structure_id))
        continue;
      for (guint k = 0; structure->services != NULL && k < structure->services->len; k++)
        g_ptr_array_add (own, g_ptr_array_index (structure->services, k));
    }
  set_services (self, own);
}

/* The search's destinataire, by its SIRET: the request wants its Chorus Pro id. */
static void
recipient_found_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = chorus_directory_search_finish (CHORUS_DIRECTORY (source), result, &error);
  g_autofree char *siret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_entry))));
  const ChorusStructure *recipient;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->list_busy--;
  recipient = structure_with_siret (found, siret);
  if (recipient != NULL)
    self->recipient_id = recipient->id;
  if (self->recipient_id == 0)
    {
      g_autofree char *text = error != NULL
                              ? g_strdup_printf (_("The recipient could not be looked up: %s"), error->message)
                              : g_strdup_printf (_("No structure of Chorus Pro has the SIRET “%s”."), siret);

      g_list_store_remove_all (self->store);
      update_count (self);
      set_list_message (self, text);
      return;
    }
  chorus_works_workspace_refresh (self);
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);
  g_autofree char *siret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_entry))));

  gtk_toggle_button_set_active (self->search_toggle, TRUE);
  self->recipient_id = 0;
  if (*siret == '\0' || self->directory == NULL)
    {
      chorus_works_workspace_refresh (self);
      return;
    }
  if (!chorus_siret_is_valid (siret))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a SIRET: the recipient is searched by its 14 digits."), siret);

      set_list_message (self, text);
      return;
    }
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->list_busy = 1;
  set_list_message (self, NULL);
  chorus_directory_search_async (self->directory, siret, self->list_cancellable, recipient_found_cb,
                                 g_object_ref (self));
}

static void
reset_search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);
  GtkEntry *entries[] = { self->recipient_entry, self->number_entry, self->market_entry, self->from_entry,
                          self->to_entry };

  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_text (GTK_EDITABLE (entries[i]), "");
  gtk_drop_down_set_selected (self->type_dropdown, 0);
  gtk_drop_down_set_selected (self->cadre_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->service_dropdown, 0);
  self->recipient_id = 0;
  chorus_works_workspace_refresh (self);
}

static void
show_unreadable_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);
  GtkWidget *dialog, *scrolled, *view;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->unreadable->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n\n" : "", (const char *) g_ptr_array_index (self->unreadable, i));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Unreadable Pieces"),
                                   _("Chorus Pro sent these pieces in a form the app cannot read. The others are listed. "
                                     "Copy this text for the support."));
  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text->str, -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mode_toggled_cb (ChorusWorksWorkspace *self)
{
  gtk_revealer_set_reveal_child (self->search_revealer, searching (self));
  gtk_widget_set_visible (GTK_WIDGET (self->hide_refused_check), !searching (self));
  gtk_widget_set_visible (GTK_WIDGET (self->hide_downloaded_check), !searching (self));
  if (searching (self))
    load_services (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  chorus_works_workspace_refresh (self);
}

/* --- setup ------------------------------------------------------------------------------------ */

void
chorus_works_workspace_set_sync (ChorusWorksWorkspace *self,
                                 ChorusSync           *sync)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  g_clear_signal_handler (&self->finished_handler, self->sync);
  g_set_object (&self->sync, sync);
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (sync != NULL)
    {
      self->finished_handler = g_signal_connect (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self);
      self->structures_busy = TRUE;
      chorus_sync_fetch_structures_async (sync, NULL, structures_cb, g_object_ref (self));
    }
  chorus_works_workspace_refresh (self);
}

void
chorus_works_workspace_set_directory (ChorusWorksWorkspace *self,
                                      ChorusDirectory      *directory)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  g_set_object (&self->directory, directory);
  chorus_works_deposit_form_set_directory (self->deposit_form, directory);
}

void
chorus_works_workspace_set_role (ChorusWorksWorkspace *self,
                                 ChorusRole            role)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  for (guint i = 0; i < self->n_roles; i++)
    if (self->roles[i] == role)
      gtk_drop_down_set_selected (self->role_dropdown, i);
}

gboolean
chorus_works_workspace_is_busy (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), FALSE);

  return self->list_busy > 0 || self->piece_busy > 0 || self->page != 0 || self->structures_busy || self->services_busy;
}

guint
chorus_works_workspace_get_n_pieces (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const ChorusWorksPiece *
chorus_works_workspace_get_piece (ChorusWorksWorkspace *self,
                                  guint                 position)
{
  g_autoptr(ChorusWorksItem) item = NULL;

  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  /* The store keeps the item alive. */
  return item != NULL ? chorus_works_item_get_piece (item) : NULL;
}

const char *
chorus_works_workspace_get_page (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
chorus_works_workspace_get_message (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  return gtk_label_get_label (self->list_message);
}

void
chorus_works_workspace_set_today (ChorusWorksWorkspace *self,
                                  const char           *today)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  g_free (self->today);
  self->today = g_strdup (today);
  chorus_works_piece_view_set_today (self->piece_view, today);
  chorus_works_deposit_form_set_today (self->deposit_form, today);
}

static void
fill_criteria (ChorusWorksWorkspace *self)
{
  /* Beyond the works group: the statuses a piece takes with its depositor or once paid. */
  static const ChorusStatus extra[] = {
    CHORUS_STATUS_SUSPENDUE, CHORUS_STATUS_A_RECYCLER, CHORUS_STATUS_COMPLETEE, CHORUS_STATUS_MISE_A_DISPOSITION,
    CHORUS_STATUS_REMPLACEE_PAR_A22, CHORUS_STATUS_MISE_EN_PAIEMENT,
  };

  gtk_string_list_append (self->type_model, _("All types of piece"));
  for (ChorusWorksType type = CHORUS_WORKS_TYPE_UNKNOWN + 1; type < CHORUS_WORKS_TYPE_LAST; type++)
    gtk_string_list_append (self->type_model, chorus_works_type_label (type));
  gtk_string_list_append (self->cadre_model, _("All billing frameworks"));
  for (ChorusCadre cadre = CHORUS_CADRE_A1; cadre < CHORUS_CADRE_LAST; cadre++)
    if (chorus_works_cadre_is_piece (cadre))
      {
        g_autofree char *label = g_strdup_printf ("%s – %s", chorus_cadre_short_code (cadre), chorus_cadre_label (cadre));

        gtk_string_list_append (self->cadre_model, label);
        g_array_append_val (self->cadres, cadre);
      }
  gtk_string_list_append (self->status_model, _("All states"));
  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    {
      gboolean listed = chorus_status_get_group (status) == CHORUS_STATUS_GROUP_WORKS;

      for (gsize i = 0; i < G_N_ELEMENTS (extra); i++)
        listed |= extra[i] == status;
      if (!listed)
        continue;
      gtk_string_list_append (self->status_model, chorus_status_label (status));
      g_array_append_val (self->statuses, status);
    }
}

static void
chorus_works_workspace_dispose (GObject *object)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (object);

  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->piece_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->piece_cancellable);
  g_cancellable_cancel (self->services_cancellable);
  g_clear_object (&self->services_cancellable);
  g_clear_signal_handler (&self->finished_handler, self->sync);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_WORKSPACE);
  g_clear_object (&self->sync);
  g_clear_object (&self->directory);
  g_clear_object (&self->store);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_clear_pointer (&self->cadres, g_array_unref);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->unreadable, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->services_siret, g_free);
  g_clear_pointer (&self->today, g_free);
  G_OBJECT_CLASS (chorus_works_workspace_parent_class)->dispose (object);
}

static void
chorus_works_workspace_class_init (ChorusWorksWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_workspace_dispose;

  g_type_ensure (CHORUS_TYPE_WORKS_PIECE_VIEW);
  g_type_ensure (CHORUS_TYPE_WORKS_DEPOSIT_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-workspace.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusWorksWorkspace, name)
  BIND (stack); BIND (role_dropdown); BIND (role_model); BIND (structure_dropdown); BIND (structure_model);
  BIND (synthese_toggle); BIND (search_toggle); BIND (count_label); BIND (unreadable_button); BIND (search_revealer);
  BIND (type_dropdown); BIND (type_model); BIND (cadre_dropdown); BIND (cadre_model); BIND (status_dropdown);
  BIND (status_model); BIND (recipient_entry); BIND (service_dropdown); BIND (service_model);
  BIND (number_entry); BIND (market_entry); BIND (from_entry); BIND (to_entry);
  BIND (list_message); BIND (hide_refused_check); BIND (hide_downloaded_check); BIND (list_stack); BIND (column_view); BIND (empty_page); BIND (piece_view);
  BIND (deposit_form);
#undef BIND
  gtk_widget_class_install_action (widget_class, "works.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "works.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "works.deposit", NULL, deposit_action);
  gtk_widget_class_install_action (widget_class, "works.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "works.reset-search", NULL, reset_search_action);
  gtk_widget_class_install_action (widget_class, "works.show-unreadable", NULL, show_unreadable_action);
  gtk_widget_class_install_action (widget_class, "works.export", NULL, export_action);
}

static void
chorus_works_workspace_init (ChorusWorksWorkspace *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->list_cancellable = g_cancellable_new ();
  self->piece_cancellable = g_cancellable_new ();
  self->unreadable = g_ptr_array_new_with_free_func (g_free);
  self->cadres = g_array_new (FALSE, FALSE, sizeof (ChorusCadre));
  self->statuses = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  self->store = g_list_store_new (CHORUS_TYPE_WORKS_ITEM);
  add_columns (self);
  self->filter = gtk_custom_filter_new (piece_shown, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                                                   GTK_FILTER (g_object_ref (self->filter)))),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  fill_criteria (self);
  set_services (self, NULL);
  fill_roles (self);

  /* As on the portal, a click on a piece opens it. */
  gtk_column_view_set_single_click_activate (self->column_view, TRUE);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->role_dropdown, "notify::selected", G_CALLBACK (role_changed_cb), self);
  g_signal_connect_swapped (self->structure_dropdown, "notify::selected", G_CALLBACK (chorus_works_workspace_refresh), self);
  g_signal_connect_swapped (self->search_toggle, "toggled", G_CALLBACK (mode_toggled_cb), self);
  g_signal_connect_swapped (self->role_dropdown, "notify::selected", G_CALLBACK (load_services), self);
  g_signal_connect_swapped (self->structure_dropdown, "notify::selected", G_CALLBACK (load_services), self);
  g_signal_connect_swapped (self->recipient_entry, "changed", G_CALLBACK (load_services), self);
  g_signal_connect_swapped (self->hide_refused_check, "toggled", G_CALLBACK (options_changed_cb), self);
  g_signal_connect_swapped (self->hide_downloaded_check, "toggled", G_CALLBACK (options_changed_cb), self);
  g_signal_connect (self->piece_view, "action", G_CALLBACK (piece_action_cb), self);
  g_signal_connect (self->piece_view, "piece-changed", G_CALLBACK (piece_changed_cb), self);
  g_signal_connect (self->piece_view, "export-certificate", G_CALLBACK (export_certificate_cb), self);
  g_signal_connect (self->deposit_form, "submit", G_CALLBACK (form_submit_cb), self);
  g_signal_connect (self->deposit_form, "show-dossier", G_CALLBACK (form_show_dossier_cb), self);
  g_signal_connect (self->deposit_form, "new-deposit", G_CALLBACK (form_new_deposit_cb), self);
  update_count (self);
}

GtkWidget *
chorus_works_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_WORKSPACE, NULL);
}
