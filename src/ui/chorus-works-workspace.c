/* chorus-works-workspace.c: the works Synthèse and search over every page, and the pages of a piece and of a deposit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-client-directory.h"
#include "chorus-plain-text.h"
#include "chorus-session.h"
#include "chorus-status.h"
#include "chorus-sync-works.h"
#include "chorus-works-columns.h"
#include "chorus-works-deposit-form.h"
#include "chorus-works-item.h"
#include "chorus-works-piece-view.h"
#include "chorus-works-role-picker.h"
#include "chorus-works-search-form.h"
#include "chorus-works-workspace-private.h"

/* The Synthèse's option hides pieces refused longer ago than this, as the portal does. */
#define REFUSED_SHOWN_DAYS 10

/* Pieces asked per request: every page is fetched, this only sets how many requests. */
#define PAGE_SIZE 200

struct _ChorusWorksWorkspace
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkStack               *stack;
  ChorusWorksRolePicker  *role_picker;
  GtkToggleButton        *synthese_toggle;
  GtkToggleButton        *search_toggle;
  GtkLabel               *count_label;
  GtkButton              *unreadable_button;
  GtkRevealer            *search_revealer;
  ChorusWorksSearchForm  *search_form;
  GtkCheckButton         *hide_refused_check;
  GtkCheckButton         *hide_downloaded_check;
  GtkStack               *list_stack;
  GtkColumnView          *column_view;
  AdwStatusPage          *empty_page;
  ChorusWorksPieceView   *piece_view;
  ChorusWorksDepositForm *deposit_form;

  ChorusSession          *session;
  ChorusSync             *sync;
  gulong                  finished_handler;
  ChorusDirectory        *directory;
  GListStore             *store;          /* ChorusWorksItem */
  GtkCustomFilter        *filter;         /* the Synthèse's options */
  GtkSortListModel       *sorted;
  GPtrArray              *unreadable;     /* raw JSON of pieces that could not be read */
  GPtrArray              *structures;     /* the account's (ChorusStructure), with their services */
  GCancellable           *session_cancellable; /* the account's structures */
  GCancellable           *list_cancellable;
  guint                   page;           /* the next page to fetch, 0 when done */
  guint                   total;
  guint                   list_busy;
  gboolean                structures_busy;
  gboolean                busy;
  guint                   to_act;
  char                   *load_error;     /* why the list could not be loaded */
  char                   *empty_text;     /* why the list is empty, when it is for a reason */
  char                   *today;
  char                   *last_toast;
};

G_DEFINE_FINAL_TYPE (ChorusWorksWorkspace, chorus_works_workspace, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_TO_ACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_page (ChorusWorksWorkspace *self);
static void account_changed_cb (ChorusWorksWorkspace *self);
static gboolean searching (ChorusWorksWorkspace *self);
static void update_count (ChorusWorksWorkspace *self);

/* The outcome of the user's action, as a toast. */
static void
show_toast (ChorusWorksWorkspace *self, const char *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  chorus_toast_show_plain (GTK_WIDGET (self), text);
}

static gboolean
on_page (ChorusWorksWorkspace *self, const char *page)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) == 0;
}

static void
works_workspace_actions_update (ChorusWorksWorkspace *self)
{
  gboolean connected = self->sync != NULL;
  gboolean listing = on_page (self, "list");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.refresh", connected && listing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.deposit", connected && listing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.search", connected && listing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.reset-search", connected && listing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.back", !listing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.export",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "works.show-unreadable", self->unreadable->len > 0);
}

static void
update_busy (ChorusWorksWorkspace *self)
{
  gboolean busy = self->list_busy > 0 || self->page != 0 || self->structures_busy ||
                  chorus_works_search_form_get_busy (self->search_form) || chorus_works_piece_view_get_busy (self->piece_view);

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_page (ChorusWorksWorkspace *self, const char *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  works_workspace_actions_update (self);
}

ChorusRole
chorus_works_workspace_get_role (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), CHORUS_ROLE_UNKNOWN);

  return chorus_works_role_picker_get_role (self->role_picker);
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
      chorus_status_works_standing (piece->status) == CHORUS_WORKS_STANDING_REFUSED)
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
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), FALSE);

  return chorus_works_columns_write_csv (G_LIST_MODEL (self->sorted), path, error);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);

  chorus_works_columns_export (widget, G_LIST_MODEL (self->sorted),
                               searching (self) ? _("works-search.csv") : _("works-overview.csv"));
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
  guint to_act;

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
  if (self->load_error != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The List Could Not Be Loaded"));
      chorus_status_page_set_plain_description (self->empty_page, self->load_error);
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Pieces"));
      chorus_status_page_set_plain_description (self->empty_page,
                                                self->empty_text ? self->empty_text
                                                : self->sync == NULL ? _("Not connected to Chorus Pro.")
                                                : searching (self) ? _("No piece matches these criteria.")
                                                : _("Nothing waits for you in this role."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 || self->page != 0 ? "items" : "empty");
  to_act = 0;
  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(ChorusWorksItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      to_act += chorus_works_item_get_can_act (item);
    }
  if (to_act != self->to_act)
    {
      self->to_act = to_act;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_ACT]);
    }
  if (self->unreadable->len > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unreadable piece", "%u unreadable pieces",
                                                             self->unreadable->len), self->unreadable->len);

      gtk_button_set_label (self->unreadable_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unreadable_button), self->unreadable->len > 0);
  works_workspace_actions_update (self);
  update_busy (self);
}

static void
build_query (ChorusWorksWorkspace *self, ChorusWorksQuery *query, GArray *statuses, char **strings)
{
  ChorusRole role = chorus_works_workspace_get_role (self);

  chorus_works_query_init (query);
  query->role = role;
  query->structure_id = chorus_works_role_picker_get_structure (self->role_picker);
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
    chorus_works_search_form_fill_query (self->search_form, query, statuses, strings);
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
      ChorusWorksAction now = chorus_works_item_pending_in (pending, chorus_works_item_get_piece (item)->id);

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
  return chorus_status_works_standing (piece->status) == CHORUS_WORKS_STANDING_REFUSED &&
         chorus_works_cadre_depositor (piece->cadre) == role;
}

static void
page_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusWorksPage) page = chorus_sync_fetch_works_page_finish (CHORUS_SYNC (source), result, &error);
  g_autoptr(GPtrArray) items = NULL;
  ChorusRole role;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->list_busy--;
  if (page == NULL)
    {
      g_autofree char *partial = g_strdup_printf (_("Only part of the list could be read: %s"), error->message);

      /* The pages read stay listed and a toast says the list is not whole; none: the page says why. */
      self->page = 0;
      if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
        show_toast (self, partial);
      else
        {
          g_free (self->load_error);
          self->load_error = g_strdup (error->message);
        }
      update_count (self);
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
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->empty_text, g_free);
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

void
chorus_works_workspace_open_piece (ChorusWorksWorkspace *self,
                                   gint64                piece_id)
{
  const ChorusWorksPiece *listed = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  if (self->sync == NULL)
    return;
  for (guint i = 0; listed == NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(ChorusWorksItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      /* The store keeps the item alive. */
      if (chorus_works_item_get_piece (item)->id == piece_id)
        listed = chorus_works_item_get_piece (item);
    }
  chorus_works_piece_view_open (self->piece_view, piece_id, listed, chorus_works_workspace_get_role (self));
  show_page (self, "piece");
}

static void
activate_cb (GtkColumnView *view, guint position, ChorusWorksWorkspace *self)
{
  g_autoptr(ChorusWorksItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (item != NULL)
    chorus_works_workspace_open_piece (self, chorus_works_item_get_piece (item)->id);
}

/* Taking into account: the next piece, from the one shown. */
static void
deposit_next_cb (ChorusWorksPieceView *view, ChorusWorksWorkspace *self)
{
  const ChorusWorksPiece *piece = chorus_works_piece_view_get_piece (view);

  if (piece == NULL)
    return;
  chorus_works_piece_view_close (view);
  chorus_works_deposit_form_start_next (self->deposit_form, piece, chorus_works_workspace_get_role (self));
  show_page (self, "deposit");
}

/* --- the deposit ------------------------------------------------------------------------------- */

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

/* The outbox finished a works action: the list shows where the pieces are now (the piece view and the
 * deposit form follow their own). */
static void
outbox_finished_cb (ChorusSync *sync, gint64 action_id, gboolean ok, const char *message, ChorusWorksWorkspace *self)
{
  g_autoptr(ChorusAction) action = chorus_store_outbox_get (chorus_sync_get_store (sync), action_id, NULL);

  if (action != NULL && chorus_sync_works_action_of_kind (action->kind) != CHORUS_WORKS_ACTION_LAST)
    chorus_works_workspace_refresh (self);
}

/* --- the account's structures ------------------------------------------------------------------ */

static void
structures_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) structures = chorus_sync_fetch_structures_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->structures_busy = FALSE;
  if (structures != NULL)
    {
      g_clear_pointer (&self->structures, g_ptr_array_unref);
      self->structures = g_ptr_array_ref (structures);
      chorus_works_deposit_form_set_structures (self->deposit_form, structures);
      chorus_works_role_picker_set_structures (self->role_picker, structures);
      account_changed_cb (self);
      chorus_works_workspace_refresh (self);
    }
  update_busy (self);
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

  chorus_works_piece_view_close (self->piece_view);
  show_page (self, "list");
}

static void
deposit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);

  chorus_works_deposit_form_start_initial (self->deposit_form, chorus_works_workspace_get_role (self));
  show_page (self, "deposit");
}


/* The recipient typed is known (or none was): the search runs. */
static void
recipient_found_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  if (chorus_works_search_form_find_recipient_finish (CHORUS_WORKS_SEARCH_FORM (source), result, &error))
    {
      chorus_works_workspace_refresh (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->list_busy--;
  g_list_store_remove_all (self->store);
  /* Why nothing is listed: the page says it until the next search. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_free (self->empty_text);
      self->empty_text = g_strdup (error->message);
    }
  else
    {
      g_free (self->load_error);
      self->load_error = g_strdup (error->message);
    }
  update_count (self);
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);
  g_autoptr(GError) error = NULL;

  gtk_toggle_button_set_active (self->search_toggle, TRUE);
  if (!chorus_works_search_form_check (self->search_form, &error))
    {
      show_toast (self, error->message);
      return;
    }
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->list_busy = 1;
  update_busy (self);
  chorus_works_search_form_find_recipient_async (self->search_form, self->list_cancellable, recipient_found_cb,
                                                 g_object_ref (self));
}

static void
reset_search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (widget);

  chorus_works_search_form_reset (self->search_form);
  chorus_works_workspace_refresh (self);
}

/* The role or structure chosen, or the account's structures, changed: the services the search offers. */
static void
account_changed_cb (ChorusWorksWorkspace *self)
{
  chorus_works_search_form_set_account (self->search_form, self->structures, chorus_works_workspace_get_role (self),
                                        chorus_works_role_picker_get_structure (self->role_picker));
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
    account_changed_cb (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  chorus_works_workspace_refresh (self);
}

/* --- setup ------------------------------------------------------------------------------------ */

/* Stops what runs for the old session and shows nothing of its data. */
static void
detach (ChorusWorksWorkspace *self)
{
  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_signal_handler (&self->finished_handler, self->sync);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  self->structures_busy = FALSE;
  chorus_works_search_form_set_directory (self->search_form, NULL);
  chorus_works_piece_view_set_sync (self->piece_view, NULL);
  chorus_works_deposit_form_set_sync (self->deposit_form, NULL);
  chorus_works_deposit_form_set_directory (self->deposit_form, NULL);
  show_page (self, "list");
}

/* Reads through @sync's fetches and sends through its outbox; looks parties up in @directory. */
static void
attach (ChorusWorksWorkspace *self, ChorusSync *sync, ChorusDirectory *directory)
{
  detach (self);
  g_set_object (&self->sync, sync);
  g_set_object (&self->directory, directory);
  chorus_works_deposit_form_set_directory (self->deposit_form, self->directory);
  chorus_works_search_form_set_directory (self->search_form, self->directory);
  chorus_works_piece_view_set_sync (self->piece_view, self->sync);
  chorus_works_deposit_form_set_sync (self->deposit_form, self->sync);
  if (self->sync != NULL)
    {
      self->finished_handler = g_signal_connect (self->sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self);
      self->structures_busy = TRUE;
      self->session_cancellable = g_cancellable_new ();
      chorus_sync_fetch_structures_async (self->sync, self->session_cancellable, structures_cb, g_object_ref (self));
    }
  chorus_works_role_picker_set_structures (self->role_picker, NULL);
  chorus_works_workspace_refresh (self);
}

void
chorus_works_workspace_set_session (ChorusWorksWorkspace *self,
                                    ChorusSession        *session)
{
  g_autoptr(ChorusDirectory) directory = NULL;

  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));
  g_return_if_fail (session == NULL || CHORUS_IS_SESSION (session));

  /* The same session again is read again: after a reset of the simulated data it holds a new store and sync. */
  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  if (session != NULL && chorus_session_get_client (session) != NULL)
    directory = chorus_client_directory_new (chorus_session_get_client (session));
  attach (self, session != NULL ? chorus_session_get_sync (session) : NULL, directory);
}

ChorusSession *
chorus_works_workspace_get_session (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  return self->session;
}

void
chorus_works_workspace_set_role (ChorusWorksWorkspace *self,
                                 ChorusRole            role)
{
  g_return_if_fail (CHORUS_IS_WORKS_WORKSPACE (self));

  chorus_works_role_picker_set_role (self->role_picker, role);
}

gboolean
chorus_works_workspace_get_busy (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), FALSE);

  return self->busy;
}

guint
chorus_works_workspace_get_to_act (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), 0);

  return self->to_act;
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
chorus_works_workspace_get_last_toast (ChorusWorksWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_WORKSPACE (self), NULL);

  return self->last_toast;
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
chorus_works_workspace_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_TO_ACT:
      g_value_set_uint (value, self->to_act);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_works_workspace_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      chorus_works_workspace_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_works_workspace_dispose (GObject *object)
{
  ChorusWorksWorkspace *self = CHORUS_WORKS_WORKSPACE (object);

  detach (self);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_WORKSPACE);
  g_clear_object (&self->store);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->unreadable, g_ptr_array_unref);
  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->empty_text, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  G_OBJECT_CLASS (chorus_works_workspace_parent_class)->dispose (object);
}

static void
chorus_works_workspace_class_init (ChorusWorksWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_workspace_dispose;
  object_class->get_property = chorus_works_workspace_get_property;
  object_class->set_property = chorus_works_workspace_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CHORUS_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO_ACT] = g_param_spec_uint ("to-act", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CHORUS_TYPE_WORKS_ROLE_PICKER);
  g_type_ensure (CHORUS_TYPE_WORKS_SEARCH_FORM);
  g_type_ensure (CHORUS_TYPE_WORKS_PIECE_VIEW);
  g_type_ensure (CHORUS_TYPE_WORKS_DEPOSIT_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-workspace.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusWorksWorkspace, name)
  BIND (stack); BIND (role_picker);
  BIND (synthese_toggle); BIND (search_toggle); BIND (count_label); BIND (unreadable_button); BIND (search_revealer);
  BIND (search_form);
  BIND (hide_refused_check); BIND (hide_downloaded_check); BIND (list_stack); BIND (column_view); BIND (empty_page); BIND (piece_view);
  BIND (deposit_form);
#undef BIND
  gtk_widget_class_install_action (widget_class, "works.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "works.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "works.deposit", NULL, deposit_action);
  gtk_widget_class_install_action (widget_class, "works.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "works.reset-search", NULL, reset_search_action);
  gtk_widget_class_install_action (widget_class, "works.show-unreadable", NULL, show_unreadable_action);
  gtk_widget_class_install_action (widget_class, "works.export", NULL, export_action);
  /* As every workspace (also in help-overlay.ui). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "works.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "works.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "works.back", NULL);
}

static void
chorus_works_workspace_init (ChorusWorksWorkspace *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->list_cancellable = g_cancellable_new ();
  self->unreadable = g_ptr_array_new_with_free_func (g_free);
  self->store = g_list_store_new (CHORUS_TYPE_WORKS_ITEM);
  chorus_works_columns_add (self->column_view);
  self->filter = gtk_custom_filter_new (piece_shown, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                                                   GTK_FILTER (g_object_ref (self->filter)))),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  /* As on the portal, a click on a piece opens it. */
  gtk_column_view_set_single_click_activate (self->column_view, TRUE);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->role_picker, "changed", G_CALLBACK (chorus_works_workspace_refresh), self);
  g_signal_connect_swapped (self->search_toggle, "toggled", G_CALLBACK (mode_toggled_cb), self);
  g_signal_connect_swapped (self->role_picker, "changed", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (self->search_form, "notify::busy", G_CALLBACK (update_busy), self);
  g_signal_connect_swapped (self->hide_refused_check, "toggled", G_CALLBACK (options_changed_cb), self);
  g_signal_connect_swapped (self->hide_downloaded_check, "toggled", G_CALLBACK (options_changed_cb), self);
  g_signal_connect (self->piece_view, "deposit-next", G_CALLBACK (deposit_next_cb), self);
  g_signal_connect_swapped (self->piece_view, "notify::busy", G_CALLBACK (update_busy), self);
  g_signal_connect (self->deposit_form, "show-dossier", G_CALLBACK (form_show_dossier_cb), self);
  g_signal_connect (self->deposit_form, "new-deposit", G_CALLBACK (form_new_deposit_cb), self);
  update_count (self);
}

GtkWidget *
chorus_works_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_WORKSPACE, NULL);
}
