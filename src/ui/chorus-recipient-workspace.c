/* chorus-recipient-workspace.c: the received invoices: wires the filter bar, the list, the detail pane and
 * the outbox to the session. The query runs in SQL on every filter or sort change; the selection survives
 * reloads by id. The exports are in chorus-recipient-export.c, the sync state in chorus-sync-status.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-assign-menu.h"
#include "chorus-delay-settings.h"
#include "chorus-detail-loader.h"
#include "chorus-plain-text.h"
#include "chorus-recipient-actions.h"
#include "chorus-recipient-export.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-session.h"
#include "chorus-split-view.h"
#include "chorus-sync-status.h"
#include "chorus-team-sync.h"
#include "chorus-unreadable-banner.h"



G_DEFINE_FINAL_TYPE (ChorusRecipientWorkspace, chorus_recipient_workspace, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_TO_PROCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];



static void
show_toast (ChorusRecipientWorkspace *self,
            const char               *text)
{
  chorus_toast_show_plain (GTK_WIDGET (self), text);
}

static void recipient_workspace_actions_update (ChorusRecipientWorkspace *self);

static void
store_delays_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean rewritten = FALSE;

  if (chorus_store_set_delay_policy (source, task_data, &rewritten, &error))
    g_task_return_boolean (task, rewritten);
  else
    g_task_return_error (task, error);
}

static void
store_delays_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(ChorusRecipientWorkspace) self = data;
  g_autoptr(GError) error = NULL;

  gboolean rewritten;

  self->writing_delays--;
  rewritten = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
  /* Rows read before the keys were written are read again in the new order. */
  if (rewritten && self->store == CHORUS_STORE (source))
    _chorus_recipient_workspace_reload (self);
}

/* The store sorts "Time left" with the delays the list counts with. New delays write every row's key
 * again (most of a second for 100,000 invoices): off the UI thread, the list read again after. */
static void
give_store_delays (ChorusRecipientWorkspace *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  task = g_task_new (self->store, self->cancellable, store_delays_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, give_store_delays);
  g_task_set_task_data (task, chorus_delay_policy_ref (chorus_invoice_list_get_delay_policy (self->invoice_list)),
                        (GDestroyNotify) chorus_delay_policy_unref);
  self->writing_delays++;
  g_task_run_in_thread (task, store_delays_thread);
}

static void
apply_delay_settings (ChorusRecipientWorkspace *self)
{
  g_autoptr(ChorusDelayPolicy) delays = chorus_delay_settings_read (self->settings);

  chorus_invoice_list_set_delay_policy (self->invoice_list, delays);
  chorus_invoice_detail_set_delay_policy (self->detail, delays);
  give_store_delays (self);
}

static void
deadline_changed_cb (ChorusRecipientWorkspace *self)
{
  apply_delay_settings (self);
  _chorus_recipient_workspace_reload (self);
}

static void
update_detail (ChorusRecipientWorkspace *self,
               gboolean                  force)
{
  chorus_detail_loader_show_selection (self->loader, force);
}

static void
selection_shown_cb (ChorusRecipientWorkspace *self,
                    const char               *error_message)
{
  if (error_message != NULL)
    show_toast (self, error_message);
}

static void
selection_changed_cb (ChorusRecipientWorkspace *self)
{
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);

  chorus_recipient_actions_set_selection (self->actions, ids);
  chorus_detail_loader_show_selection_later (self->loader);
  recipient_workspace_actions_update (self);
}

static void
filter_changed_cb (ChorusRecipientWorkspace *self)
{
  _chorus_recipient_workspace_reload (self);
}

static void reload_list (ChorusRecipientWorkspace *self,
                         gboolean                  recount);
static void reload_list_full (ChorusRecipientWorkspace *self,
                              gboolean                  recount,
                              gboolean                  now);
static void forget_rest (ChorusRecipientWorkspace *self);

static void
sort_changed_cb (ChorusRecipientWorkspace *self)
{
  reload_list (self, FALSE);
}

/* Shows @id in the detail, in the list too when the filters let it be there. */
static void
open_invoice_cb (ChorusRecipientWorkspace *self,
                 gint64                    id)
{
  g_autoptr(GError) error = NULL;

  if (chorus_invoice_list_select_id (self->invoice_list, id))
    {
      update_detail (self, FALSE);
      return;
    }
  /* Not among the rows the filters keep: shown alone, the list's selection cleared (which cancels
   * the unselection's delayed show). */
  gtk_selection_model_unselect_all (chorus_invoice_list_get_selection (self->invoice_list));
  if (!chorus_detail_loader_show (self->loader, id, FALSE, &error))
    show_toast (self, error->message);
}

static void
local_fields_saved_cb (ChorusRecipientWorkspace *self,
                       gint64                    id)
{
  /* The row shows its new handler and file number where it is: the list neither reloads nor
   * scrolls while someone types. */
  if (self->model != NULL)
    chorus_invoice_model_refresh_id (self->model, id);
}

/* After processing, the triage goes on with the row that takes the place of the processed one. */
static void
reload_keeping_position (ChorusRecipientWorkspace *self,
                         guint                     position)
{
  /* The rows are there on return: the triage goes on with the next one at once. */
  reload_list_full (self, TRUE, TRUE);
  chorus_invoice_list_select_near (self->invoice_list, position);
  update_detail (self, TRUE);
}

/* The actions were written (or undone): the list shows their state and the triage moves on. */
static void
actions_queued_cb (ChorusRecipientWorkspace *self,
                   guint                     n_actions)
{
  reload_keeping_position (self, chorus_invoice_list_get_first_selected (self->invoice_list));
}

static gboolean
reload_idle_cb (gpointer data)
{
  ChorusRecipientWorkspace *self = data;
  guint position = chorus_invoice_list_get_first_selected (self->invoice_list);

  self->reload_idle_id = 0;
  reload_keeping_position (self, position);
  return G_SOURCE_REMOVE;
}

/* Several answers in a row give one reload. */
static void
schedule_reload (ChorusRecipientWorkspace *self)
{
  if (self->reload_idle_id == 0)
    self->reload_idle_id = g_timeout_add (150, reload_idle_cb, self);
}

/* Chorus Pro answered: the row's mark and, for the invoice shown, its history follow. */
static void
action_answered_cb (ChorusRecipientWorkspace *self,
                    gint64                    invoice_id,
                    gboolean                  ok)
{
  chorus_detail_loader_answered (self->loader, invoice_id, ok);
  schedule_reload (self);
}

/* Busy while the list's query is on its way or only its first rows are shown, and while a pull or the
 * outbox runs. */
static void
update_busy (ChorusRecipientWorkspace *self)
{
  gboolean busy = self->query_cancellable != NULL || self->rest_ids != NULL ||
                  (self->sync_status != NULL && chorus_sync_status_get_busy (self->sync_status));

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_to_process (ChorusRecipientWorkspace *self,
                guint                     to_process)
{
  if (to_process == self->to_process)
    return;
  self->to_process = to_process;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_PROCESS]);
}

static void
invoices_changed_cb (ChorusRecipientWorkspace *self)
{
  schedule_reload (self);
}

static void
progress_cb (ChorusRecipientWorkspace *self,
             double                    fraction,
             const char               *message)
{
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->progress_bar, message);
  gtk_revealer_set_reveal_child (self->progress_revealer, fraction < 1.0);
}

static void
sync_busy_cb (ChorusRecipientWorkspace *self)
{
  if (!chorus_sync_status_get_busy (self->sync_status))
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_busy (self);
}

/* What can be done now: nothing without a session's store; what needs a selection waits for one;
 * synchronizing needs the connection. */
static void
recipient_workspace_actions_update (ChorusRecipientWorkspace *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = self->store != NULL;
  guint selected = 0;

  if (open)
    {
      g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);

      selected = ids->len;
    }
  gtk_widget_action_set_enabled (widget, "recipient.refresh", self->sync != NULL);
  gtk_widget_action_set_enabled (widget, "recipient.process", open);
  gtk_widget_action_set_enabled (widget, "recipient.key-hint", open);
  gtk_widget_action_set_enabled (widget, "recipient.next", open);
  gtk_widget_action_set_enabled (widget, "recipient.previous", open);
  gtk_widget_action_set_enabled (widget, "recipient.find", open);
  gtk_widget_action_set_enabled (widget, "recipient.clear-filters", open);
  gtk_widget_action_set_enabled (widget, "recipient.export-csv", open);
  gtk_widget_action_set_enabled (widget, "recipient.download-pdfs", open);
  gtk_widget_action_set_enabled (widget, "recipient.open-pdf", selected == 1);
  gtk_widget_action_set_enabled (widget, "recipient.open-invoice", selected == 1);
  gtk_widget_action_set_enabled (widget, "recipient.assign", selected > 0);
  gtk_widget_action_set_enabled (widget, "recipient.copy-number", selected > 0);
}

/* The session's parts ------------------------------------------------------------------------------ */

static void
gestionnaires_changed_cb (ChorusRecipientWorkspace *self)
{
  chorus_filter_bar_reload_choices (self->filter_bar);
  chorus_invoice_detail_reload_gestionnaires (self->detail);
  /* A renamed handler shows under its new name. */
  _chorus_recipient_workspace_reload (self);
}

/* Rows a colleague changed or claimed are read again where they are; many at once, one reload. */
static void
team_rows_changed_cb (ChorusTeamSync           *team,
                      GArray                   *ids,
                      ChorusRecipientWorkspace *self)
{
  if (self->model == NULL)
    return;
  if (ids->len > 50)
    {
      schedule_reload (self);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    chorus_invoice_model_refresh_id (self->model, g_array_index (ids, gint64, i));
}

void
_chorus_recipient_workspace_set_team (ChorusRecipientWorkspace *self,
                                      ChorusTeamSync           *team)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_set_object (&self->team, team);
  if (team != NULL)
    {
      g_signal_connect (team, "invoices-changed", G_CALLBACK (team_rows_changed_cb), self);
      g_signal_connect (team, "claims-changed", G_CALLBACK (team_rows_changed_cb), self);
    }
  chorus_invoice_list_set_team (self->invoice_list, team);
  chorus_invoice_detail_set_team (self->detail, team);
  chorus_recipient_actions_set_team (self->actions, team);
}

/* Lets go of the session's store, sync and team: nothing runs for them and nothing of their data
 * shows. */
static void
detach (ChorusRecipientWorkspace *self)
{
  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  forget_rest (self);
  _chorus_recipient_workspace_set_team (self, NULL);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  chorus_sync_status_set_sync (self->sync_status, NULL);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  chorus_recipient_actions_set_sync (self->actions, NULL);
  chorus_invoice_detail_set_sync (self->detail, NULL);
  chorus_unreadable_banner_set_sync (self->unreadable_banner, NULL);
  chorus_detail_loader_set_sync (self->loader, NULL);
  gtk_selection_model_unselect_all (chorus_invoice_list_get_selection (self->invoice_list));
  chorus_invoice_list_set_model (self->invoice_list, NULL);
  g_clear_object (&self->model);
  chorus_detail_loader_set_store (self->loader, NULL);
  chorus_recipient_actions_set_store (self->actions, NULL);
  chorus_filter_bar_set_store (self->filter_bar, NULL);
  chorus_invoice_detail_set_store (self->detail, NULL);
  chorus_invoice_detail_set_invoice (self->detail, NULL);
  chorus_invoice_list_show_count (self->count_label, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->list_stack, "list");
  chorus_split_view_show_list (self->split_view);
  self->recount_pending = FALSE;
  set_to_process (self, 0);
  update_busy (self);
}

/* Takes the session's store (its list, filters and detail), sync (actions sent, PDFs and details
 * fetched, progress, new invoices) and team (colleagues' changes and claims). */
static void
attach (ChorusRecipientWorkspace *self,
        ChorusSession            *session)
{
  ChorusStore *store = chorus_session_get_store (session);
  ChorusSync *sync = chorus_session_get_sync (session);

  self->cancellable = g_cancellable_new ();
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "gestionnaires-changed", G_CALLBACK (gestionnaires_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->model = chorus_invoice_model_new (store);
  chorus_detail_loader_set_store (self->loader, store);
  chorus_recipient_actions_set_store (self->actions, store);
  chorus_invoice_list_set_model (self->invoice_list, self->model);
  chorus_filter_bar_set_store (self->filter_bar, store);
  chorus_invoice_detail_set_store (self->detail, store);

  g_set_object (&self->sync, sync);
  chorus_recipient_actions_set_sync (self->actions, sync);
  chorus_invoice_detail_set_sync (self->detail, sync);
  chorus_unreadable_banner_set_sync (self->unreadable_banner, sync);
  chorus_detail_loader_set_sync (self->loader, sync);
  chorus_sync_status_set_sync (self->sync_status, sync);
  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "invoices-changed", G_CALLBACK (invoices_changed_cb), self);
      g_signal_connect_swapped (sync, "progress", G_CALLBACK (progress_cb), self);
    }
  _chorus_recipient_workspace_set_team (self, chorus_session_get_team_sync (session));
  give_store_delays (self);
  _chorus_recipient_workspace_reload (self);
  update_detail (self, TRUE);
}

static gboolean
filter_is_narrowed (const ChorusInvoiceFilter *filter)
{
  return filter->date_from || filter->date_to || filter->supplier_type || filter->supplier_contains ||
         filter->gestionnaire || filter->unassigned || filter->service_code || filter->amount_min >= 0 ||
         filter->amount_max >= 0 || filter->text;
}

/* The first rows of a list that was empty are painted first and the rest of it comes right after
 * that frame: GTK 4.8 builds the widgets of 200 rows whatever the height of the view, which made
 * the first frame of a long list wait for 200 rows of cells. */
#define FIRST_ROWS 60

static void
forget_rest (ChorusRecipientWorkspace *self)
{
  /* A window closed before that frame took its clock's handlers with it. */
  if (self->rest_clock != NULL && g_signal_handler_is_connected (self->rest_clock, self->rest_paint_id))
    g_signal_handler_disconnect (self->rest_clock, self->rest_paint_id);
  self->rest_paint_id = 0;
  g_clear_object (&self->rest_clock);
  g_clear_signal_handler (&self->rest_realize_id, self);
  g_clear_handle_id (&self->rest_idle_id, g_source_remove);
  g_clear_pointer (&self->rest_ids, g_array_unref);
}

static gboolean
show_rest_cb (gpointer data)
{
  ChorusRecipientWorkspace *self = data;
  GArray *rest = g_steal_pointer (&self->rest_ids);

  self->rest_idle_id = 0;
  forget_rest (self);
  if (rest != NULL)
    chorus_invoice_model_set_ids (self->model, rest);
  update_busy (self);
  return G_SOURCE_REMOVE;
}

/* The frame with the first rows is on screen: the rest is built once the frame clock is done with
 * it, not inside its after-paint (which would hold the frame's end for the other 140 rows). */
static void
first_rows_painted_cb (GdkFrameClock            *clock,
                       ChorusRecipientWorkspace *self)
{
  if (self->rest_idle_id == 0)
    self->rest_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, show_rest_cb, self, NULL);
}

/* The rest comes after the next frame the window paints. */
static void
wait_for_frame_cb (ChorusRecipientWorkspace *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_clear_signal_handler (&self->rest_realize_id, self);
  if (clock == NULL || self->rest_clock != NULL)
    return;
  self->rest_clock = g_object_ref (clock);
  self->rest_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (first_rows_painted_cb), self);
}

static void
set_rows (ChorusRecipientWorkspace *self,
          GArray                   *ids)
{
  GArray *first;

  forget_rest (self);
  if (ids->len <= FIRST_ROWS || g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      chorus_invoice_model_set_ids (self->model, ids);
      return;
    }
  first = g_array_sized_new (FALSE, FALSE, sizeof (gint64), FIRST_ROWS);
  g_array_append_vals (first, ids->data, FIRST_ROWS);
  self->rest_ids = ids;
  chorus_invoice_model_set_ids (self->model, first);
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    wait_for_frame_cb (self);
  else
    self->rest_realize_id = g_signal_connect (self, "realize", G_CALLBACK (wait_for_frame_cb), NULL);
}

/* Shows the rows and counters a query found. */
static void
apply_query (ChorusRecipientWorkspace  *self,
             ChorusQueryResult         *result,
             const ChorusInvoiceFilter *filter)
{
  ChorusInvoiceListState state = { NULL, 0 };
  guint n;

  chorus_invoice_list_save_state (self->invoice_list, &state);
  n = result->ids->len;
  set_rows (self, g_steal_pointer (&result->ids));
  if (result->counted)
    {
      chorus_filter_bar_set_counts (self->filter_bar, result->counts);
      set_to_process (self, result->counts[CHORUS_STATUS_GROUP_TO_PROCESS]);
    }
  chorus_invoice_list_show_count (self->count_label, n);

  if (n == 0)
    {
      adw_status_page_set_description (self->empty_page,
                                       filter_is_narrowed (filter)
                                       ? _("No invoice matches these filters.")
                                       : _("No invoice in this group. New invoices appear after the next synchronization."));
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), filter_is_narrowed (filter));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  chorus_invoice_list_restore_state (self->invoice_list, &state);
  selection_changed_cb (self);
}

/* A query on its way: the workspace, and the cancellable that tells whether it is still the
 * latest one. */
typedef struct {
  ChorusRecipientWorkspace *self;
  GCancellable             *cancellable;
} PendingQuery;

static void
query_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      data)
{
  PendingQuery *pending = data;
  g_autoptr(ChorusRecipientWorkspace) self = pending->self;
  g_autoptr(GCancellable) cancellable = pending->cancellable;
  g_autoptr(ChorusQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ChorusInvoiceFilter filter;

  g_free (pending);
  result = chorus_store_query_finish (CHORUS_STORE (source), res, &error);
  /* Replaced by a newer query, shown already, or the workspace went. */
  if (cancellable != self->query_cancellable || (result == NULL && error == NULL) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->query_cancellable);
  if (result == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The invoice list could not be read: %s"), error->message);

      update_busy (self);
      show_toast (self, text);
      return;
    }
  if (result->counted)
    self->recount_pending = FALSE;
  chorus_filter_bar_get_filter (self->filter_bar, &filter);
  apply_query (self, result, &filter);
  update_busy (self);
}

/* How long a change waits for its query before the window goes on and shows the rows when they
 * come: a quick answer lands in the same frame, a slow one (a million invoices) never holds the
 * typing. */
#define QUERY_WAIT_MS 40

/* @recount is FALSE when only the sort changed: the group counters stay right. With @now (after
 * processing, where the triage goes on with the next row at once) the rows are there on return. */
static void
reload_list_full (ChorusRecipientWorkspace *self,
                  gboolean                  recount,
                  gboolean                  now)
{
  g_autoptr(ChorusQueryResult) result = NULL;
  ChorusInvoiceFilter filter;
  ChorusSortColumn sort;
  gboolean descending;
  PendingQuery *pending;

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();
  self->recount_pending |= recount;
  chorus_filter_bar_get_filter (self->filter_bar, &filter);
  chorus_invoice_list_set_sort_group (self->invoice_list, filter.group);
  chorus_invoice_list_set_several_recipients (self->invoice_list,
                                              chorus_store_has_several_recipients (self->store, filter.direction));
  sort = chorus_invoice_list_get_sort (self->invoice_list, &descending);
  pending = g_new0 (PendingQuery, 1);
  pending->self = g_object_ref (self);
  pending->cancellable = g_object_ref (self->query_cancellable);
  result = chorus_store_query_start (self->store, &filter, sort, descending, self->recount_pending,
                                     now ? 60 * 1000 : QUERY_WAIT_MS, self->query_cancellable, query_done_cb, pending);
  if (result == NULL)
    {
      update_busy (self);
      return;
    }
  g_clear_object (&self->query_cancellable);
  if (result->counted)
    self->recount_pending = FALSE;
  apply_query (self, result, &filter);
  update_busy (self);
}

static void
reload_list (ChorusRecipientWorkspace *self,
             gboolean                  recount)
{
  reload_list_full (self, recount, FALSE);
}

/* GObject ------------------------------------------------------------------------------------------ */

static void
chorus_recipient_workspace_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_TO_PROCESS:
      g_value_set_uint (value, self->to_process);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_recipient_workspace_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      chorus_recipient_workspace_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_recipient_workspace_dispose (GObject *object)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (object);

  if (self->sync_status != NULL)
    detach (self);
  g_clear_object (&self->session);
  g_clear_object (&self->sync_status);
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_WORKSPACE);
  g_clear_object (&self->settings);
  g_clear_object (&self->loader);
  g_clear_object (&self->assign_menu);
  G_OBJECT_CLASS (chorus_recipient_workspace_parent_class)->dispose (object);
}

static void
chorus_recipient_workspace_class_init (ChorusRecipientWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_recipient_workspace_dispose;
  object_class->get_property = chorus_recipient_workspace_get_property;
  object_class->set_property = chorus_recipient_workspace_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CHORUS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO_PROCESS] =
    g_param_spec_uint ("to-process", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CHORUS_TYPE_FILTER_BAR);
  g_type_ensure (CHORUS_TYPE_INVOICE_LIST);
  g_type_ensure (CHORUS_TYPE_INVOICE_DETAIL);
  g_type_ensure (CHORUS_TYPE_SPLIT_VIEW);
  g_type_ensure (CHORUS_TYPE_UNREADABLE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-recipient-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, split_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, unreadable_banner);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, invoice_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, process_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, assign_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, columns_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientWorkspace, detail);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, local_fields_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_invoice_cb);

  _chorus_recipient_workspace_class_add_actions (widget_class);
}

static void
chorus_recipient_workspace_init (ChorusRecipientWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->loader = chorus_detail_loader_new (self->detail);
  chorus_detail_loader_pair_list (self->loader, self->invoice_list, self->split_view);
  g_signal_connect_object (self->loader, "selection-shown", G_CALLBACK (selection_shown_cb), self, G_CONNECT_SWAPPED);
  self->actions = chorus_recipient_actions_new (GTK_WIDGET (self));
  g_signal_connect_object (self->actions, "queued", G_CALLBACK (actions_queued_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->actions, "answered", G_CALLBACK (action_answered_cb), self, G_CONNECT_SWAPPED);

  self->sync_status = g_object_ref_sink (CHORUS_SYNC_STATUS (chorus_sync_status_new ()));
  chorus_sync_status_append (self->sync_status, chorus_recipient_actions_get_badge (self->actions));
  g_signal_connect_object (self->sync_status, "notify::busy", G_CALLBACK (sync_busy_cb), self, G_CONNECT_SWAPPED);

  _chorus_recipient_workspace_init_menus (self);
  gtk_menu_button_set_popover (self->columns_button, chorus_invoice_list_create_columns_popover (self->invoice_list));
  g_settings_bind (self->settings, "invoice-list-fraction", self->split_view, "list-fraction", G_SETTINGS_BIND_DEFAULT);

  apply_delay_settings (self);
  chorus_delay_settings_connect (self->settings, G_CALLBACK (deadline_changed_cb), self);
  g_signal_connect_object (chorus_invoice_list_get_selection (self->invoice_list), "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  recipient_workspace_actions_update (self);
}

/* Public API --------------------------------------------------------------------------------------- */

GtkWidget *
chorus_recipient_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_RECIPIENT_WORKSPACE, NULL);
}

void
chorus_recipient_workspace_set_session (ChorusRecipientWorkspace *self,
                                        ChorusSession            *session)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (session == NULL || CHORUS_IS_SESSION (session));

  /* The same session again is read again: after a reset it holds a new store and sync. */
  detach (self);
  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  if (session != NULL)
    attach (self, session);
  recipient_workspace_actions_update (self);
}

ChorusSession *
chorus_recipient_workspace_get_session (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->session;
}

GtkWidget *
chorus_recipient_workspace_get_status_widget (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return GTK_WIDGET (self->sync_status);
}

gboolean
chorus_recipient_workspace_get_busy (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), FALSE);
  return self->busy;
}

guint
chorus_recipient_workspace_get_to_process (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), 0);
  return self->to_process;
}

gboolean
_chorus_recipient_workspace_get_loading (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), FALSE);
  return self->query_cancellable != NULL || self->rest_ids != NULL || self->writing_delays > 0;
}

void
_chorus_recipient_workspace_reload (ChorusRecipientWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  reload_list (self, TRUE);
}

void
_chorus_recipient_workspace_process (ChorusRecipientWorkspace *self,
                                    ChorusStatus              target)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (chorus_status_is_recipient_target (target));

  /* The detail follows the selection after a short delay; the action must not wait for it. */
  selection_changed_cb (self);
  chorus_recipient_actions_process (self->actions, target);
}

void
chorus_recipient_workspace_show_invoice (ChorusRecipientWorkspace *self,
                                         gint64                    id)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  if (self->store != NULL)
    open_invoice_cb (self, id);
}

/* For the tests (chorus-recipient-workspace-private.h) ------------------------------------------- */

ChorusProcessDialog *
_chorus_recipient_workspace_get_process_dialog (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return chorus_recipient_actions_get_dialog (self->actions);
}

ChorusRecipientActions *
_chorus_recipient_workspace_get_actions (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->actions;
}

GBytes *
_chorus_recipient_workspace_export_csv (ChorusRecipientWorkspace  *self,
                                        GError                   **error)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);

  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No invoice list is open."));
      return NULL;
    }
  return chorus_recipient_export_csv (self->invoice_list, self->model, self->store, error);
}

ChorusInvoiceModel *
_chorus_recipient_workspace_get_model (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->model;
}
