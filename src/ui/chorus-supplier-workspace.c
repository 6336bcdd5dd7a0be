/* chorus-supplier-workspace.c: issued invoices like the received list (filters, tabs, detail), and what the
 * supplier sends from here: completions, recyclings and (chorus-supplier-workspace-deposit.c) deposits and PDF
 * readings, all through the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-client-directory.h"
#include "chorus-plain-text.h"
#include "chorus-session.h"
#include "chorus-supplier-workspace-private.h"

G_DEFINE_FINAL_TYPE (ChorusSupplierWorkspace, chorus_supplier_workspace, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_SENT_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void supplier_workspace_actions_update (ChorusSupplierWorkspace *self);

static void
say (ChorusSupplierWorkspace *self, const char *text)
{
  chorus_toast_show_plain (GTK_WIDGET (self), text);
}

static gboolean
compute_busy (ChorusSupplierWorkspace *self)
{
  /* The template reads it while it is being built, and again while it is torn down. */
  if (self->waiting == NULL || self->flow_list == NULL || self->wizard == NULL)
    return FALSE;
  return self->loads > 0 || g_hash_table_size (self->waiting) > 0 || chorus_flow_list_is_busy (self->flow_list) ||
         chorus_deposit_wizard_is_reading_file (self->wizard);
}

/* Called wherever a load or an action starts or ends. */
static void
update_busy (ChorusSupplierWorkspace *self)
{
  gboolean busy = compute_busy (self);

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_chorus_supplier_workspace_busy_start (ChorusSupplierWorkspace *self)
{
  self->loads++;
  update_busy (self);
}

void
_chorus_supplier_workspace_busy_done (ChorusSupplierWorkspace *self)
{
  if (self->loads > 0)
    self->loads--;
  update_busy (self);
}


/* --- the list -------------------------------------------------------------------------------- */


static void
set_sent_back (ChorusSupplierWorkspace *self, guint sent_back)
{
  if (sent_back == self->sent_back)
    return;
  self->sent_back = sent_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_BACK]);
}

static gboolean
filter_is_narrowed (const ChorusInvoiceFilter *filter)
{
  return filter->date_from || filter->date_to || filter->recipient_contains || filter->service_code ||
         filter->amount_min >= 0 || filter->amount_max >= 0 || filter->text;
}

static void
reload_list (ChorusSupplierWorkspace *self, gboolean recount)
{
  ChorusInvoiceFilter filter;
  ChorusInvoiceListState state = { NULL, 0 };
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;
  if (!chorus_invoice_list_requery (self->invoice_list, self->filter_bar, self->store, recount, self->count_label,
                                    &filter, &state, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The invoice list could not be read: %s"), error->message);
      say (self, text);
      return;
    }
  if (recount)
    set_sent_back (self, chorus_filter_bar_get_count (self->filter_bar, CHORUS_STATUS_GROUP_SENT_BACK));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    {
      chorus_status_page_set_plain_description (self->empty_page,
                                                filter_is_narrowed (&filter)
                                                ? _("No issued invoice matches these filters.")
                                                : _("Invoices you deposit show here, with where they stand. "
                                                    "Deposit one with “Deposit an Invoice”."));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  chorus_invoice_list_restore_state (self->invoice_list, &state);
}

void
_chorus_supplier_workspace_reload (ChorusSupplierWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  reload_list (self, TRUE);
  /* The invoice shown as the store now has it (a status the server just set, for instance). */
  if (self->shown_key != 0)
    _chorus_supplier_workspace_show_invoice (self, FALSE);
}

static gboolean
reload_idle_cb (gpointer data)
{
  ChorusSupplierWorkspace *self = data;

  self->reload_id = 0;
  _chorus_supplier_workspace_reload (self);
  return G_SOURCE_REMOVE;
}

/* Several pages or answers in a row give one reload. */
static void
schedule_reload (ChorusSupplierWorkspace *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (150, reload_idle_cb, self);
}

static void
filter_changed_cb (ChorusSupplierWorkspace *self)
{
  reload_list (self, TRUE);
}

static void
sort_changed_cb (ChorusSupplierWorkspace *self)
{
  reload_list (self, FALSE);
}

static void
row_activated_cb (ChorusSupplierWorkspace *self, guint position)
{
  chorus_invoice_detail_show_page (self->detail, "pdf");
  chorus_split_view_show_detail (self->split_view);
}

/* On a narrow window, picking an invoice in the list opens its page. */
static void
row_clicked_cb (ChorusSupplierWorkspace *self)
{
  g_autoptr(GArray) keys = chorus_invoice_list_get_selected_ids (self->invoice_list);

  if (keys->len == 1)
    chorus_split_view_show_detail (self->split_view);
}

static void
pulled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusSupplierWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error) && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _chorus_supplier_workspace_busy_done (self);
  /* A pull already running (the received side's) brings the same invoices: not an error. */
  if (error != NULL && !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY))
    {
      g_autofree char *text = g_strdup_printf (_("Synchronization failed: %s"), error->message);
      say (self, text);
    }
  _chorus_supplier_workspace_reload (self);
}

void
_chorus_supplier_workspace_refresh (ChorusSupplierWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  if (self->sync == NULL)
    return;
  _chorus_supplier_workspace_reload (self);
  _chorus_supplier_workspace_busy_start (self);
  chorus_sync_pull_async (self->sync, self->cancellable, pulled_cb, g_object_ref (self));
  if (chorus_store_count_open_actions (self->store) > 0 && !chorus_sync_get_flushing (self->sync))
    chorus_sync_flush_outbox_async (self->sync, NULL, NULL, NULL);
}

/* --- the invoice shown ----------------------------------------------------------------------- */

/* What the supplier can do now, said plainly above the detail. */
/* A new invoice replaces the one shown. */
static gboolean
step_deposits_again (ChorusSupplierStep step)
{
  return step == CHORUS_SUPPLIER_STEP_DEPOSIT_CORRECTED || step == CHORUS_SUPPLIER_STEP_REFUSED_BY_MAIN ||
         step == CHORUS_SUPPLIER_STEP_WRONG_MAIN;
}

void
_chorus_supplier_workspace_update_action_box (ChorusSupplierWorkspace *self, ChorusInvoice *invoice)
{
  ChorusStatus status = invoice != NULL ? chorus_invoice_get_status (invoice) : CHORUS_STATUS_UNKNOWN;
  const char *motif = invoice != NULL ? chorus_invoice_get_status_comment (invoice) : NULL;
  g_autofree char *reason = motif != NULL && *motif != '\0' ? g_strdup_printf (_("Reason given: “%s”."), motif)
                                                            : g_strdup (_("No reason was given."));
  guint pending = invoice != NULL ? chorus_store_count_open_actions_for_invoice (self->store, self->shown_key) : 0;
  g_autofree char *text = NULL;
  const char *title = NULL;

  self->step = invoice != NULL && pending == 0 ? chorus_status_supplier_step (status) : CHORUS_SUPPLIER_STEP_NONE;
  switch (self->step)
    {
    case CHORUS_SUPPLIER_STEP_NONE:
      if (pending > 0)
        {
          title = _("Waiting to be sent to Chorus Pro");
          text = g_strdup (_("What you did on this invoice leaves as soon as Chorus Pro can be reached; its status then follows."));
        }
      break;
    case CHORUS_SUPPLIER_STEP_COMPLETE:
      title = _("Suspended: the recipient waits for documents");
      text = g_strdup_printf (_("%s Complete the invoice with what is missing: it then goes back to the recipient."), reason);
      break;
    case CHORUS_SUPPLIER_STEP_RECYCLE:
      title = _("To recycle: the routing data are wrong");
      text = g_strdup_printf (_("%s Send it again to the right recipient, service or engagement number: no new deposit is needed."),
                              reason);
      break;
    case CHORUS_SUPPLIER_STEP_DEPOSIT_CORRECTED:
      title = _("Rejected: this invoice will not be paid");
      text = g_strdup_printf (_("%s It cannot be corrected: deposit a new invoice that fixes it (with its own number)."),
                              reason);
      break;
    case CHORUS_SUPPLIER_STEP_MAIN_CONTRACTOR:
      /* A subcontractor's or co-contractor's invoice (A9, A12). */
      title = _("Waiting for the main contractor's validation");
      text = g_strdup (_("The main contractor (titulaire or mandataire) validates it in Chorus Pro first; it then goes to the recipient."));
      break;
    case CHORUS_SUPPLIER_STEP_REFUSED_BY_MAIN:
      title = _("Refused by the main contractor");
      text = g_strdup_printf (_("%s Agree with them on what to change, then deposit a new invoice."), reason);
      break;
    case CHORUS_SUPPLIER_STEP_WRONG_MAIN:
      title = _("Sent to the wrong main contractor");
      text = g_strdup_printf (_("%s Deposit it again naming the right titulaire or mandataire."), reason);
      break;
    }
  gtk_widget_set_visible (self->complete_button, self->step == CHORUS_SUPPLIER_STEP_COMPLETE);
  gtk_widget_set_visible (self->recycle_button, self->step == CHORUS_SUPPLIER_STEP_RECYCLE);
  gtk_widget_set_visible (self->correct_button, step_deposits_again (self->step));
  gtk_label_set_label (self->action_title, title != NULL ? title : "");
  gtk_label_set_label (self->action_text, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->action_revealer, title != NULL);
  supplier_workspace_actions_update (self);
}

void
_chorus_supplier_workspace_select (ChorusSupplierWorkspace *self,
                                  gint64                   key)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  _chorus_supplier_workspace_show_page (self, "issued");
  if (!chorus_invoice_list_select_id (self->invoice_list, key))
    {
      /* Not under the current tab or filters: all of them, so it shows. */
      ChorusInvoiceFilter filter;

      chorus_invoice_filter_init (&filter);
      filter.direction = CHORUS_DIRECTION_ISSUED;
      chorus_filter_bar_set_filter (self->filter_bar, &filter);
      reload_list (self, TRUE);
      chorus_invoice_list_select_id (self->invoice_list, key);
    }
  if (self->shown_key != key)
    {
      self->shown_key = key;
      _chorus_supplier_workspace_show_invoice (self, TRUE);
    }
  chorus_split_view_show_detail (self->split_view);
}

ChorusInvoice *
_chorus_supplier_workspace_get_current (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return chorus_invoice_detail_get_invoice (self->detail);
}

/* --- pages ----------------------------------------------------------------------------------- */

void
_chorus_supplier_workspace_show_page (ChorusSupplierWorkspace *self,
                                     const char              *name)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->pages, name) != NULL);

  if (g_str_equal (name, "flows"))
    chorus_flow_list_reload (self->flow_list);
  gtk_stack_set_visible_child_name (self->pages, name);
}

const char *
_chorus_supplier_workspace_get_page (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return gtk_stack_get_visible_child_name (self->pages);
}

static void
deposit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  /* After a certificate, a new deposit starts from an empty form. */
  if (g_strcmp0 (chorus_deposit_wizard_get_page (self->wizard), "sent") == 0)
    chorus_deposit_wizard_reset (self->wizard);
  _chorus_supplier_workspace_show_page (self, "deposit");
}

static void
show_issued_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  /* Escape: back to the issued invoices, then (folded) from the invoice to the list. */
  if (g_strcmp0 (_chorus_supplier_workspace_get_page (self), "issued") == 0)
    chorus_split_view_show_list (self->split_view);
  else
    _chorus_supplier_workspace_show_page (self, "issued");
}

static void
show_list_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  _chorus_supplier_workspace_show_page (self, "issued");
  chorus_split_view_show_list (self->split_view);
}

static void
flows_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _chorus_supplier_workspace_show_page (CHORUS_SUPPLIER_WORKSPACE (widget), "flows");
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _chorus_supplier_workspace_refresh (CHORUS_SUPPLIER_WORKSPACE (widget));
}

static void
find_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  _chorus_supplier_workspace_show_page (self, "issued");
  chorus_filter_bar_focus_search (self->filter_bar);
}

/* A rejected invoice cannot be fixed: a new one, prefilled from it, replaces it. */
static void
deposit_corrected_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);
  ChorusInvoice *rejected = chorus_invoice_detail_get_invoice (self->detail);
  g_autoptr(ChorusDepositDraft) draft = chorus_deposit_draft_new ();

  if (rejected == NULL)
    return;
  g_clear_object (&draft->invoice);
  draft->invoice = chorus_invoice_copy (rejected);
  chorus_invoice_set_key (draft->invoice, 0);
  chorus_invoice_set_id (draft->invoice, 0);
  chorus_invoice_set_number (draft->invoice, NULL);
  chorus_invoice_set_invoice_date (draft->invoice, NULL);
  chorus_invoice_set_main_attachment_id (draft->invoice, 0);
  chorus_invoice_set_attachments (draft->invoice, NULL);
  chorus_deposit_wizard_load_draft (self->wizard, draft);
  _chorus_supplier_workspace_show_page (self, "deposit");
  say (self, _("A new deposit was prepared from the rejected invoice: choose its corrected PDF and give it its own number."));
}

/* --- completing and recycling ---------------------------------------------------------------- */

gboolean
_chorus_supplier_workspace_track (ChorusSupplierWorkspace *self, gint64 action_id, ChorusActionKind kind)
{
  if (action_id == 0)
    return FALSE;
  g_hash_table_insert (self->waiting, g_memdup2 (&action_id, sizeof action_id), GINT_TO_POINTER (kind));
  update_busy (self);
  return TRUE;
}

static GtkWindow *
parent_window (ChorusSupplierWorkspace *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
complete_apply_cb (ChorusCompleteDialog *dialog, ChorusSupplierWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  gint64 key = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "key"));

  if (self->sync == NULL)
    {
      chorus_complete_dialog_set_error (dialog, _("Not connected to Chorus Pro."));
      return;
    }
  if (!_chorus_supplier_workspace_track (self, chorus_sync_enqueue_complete (self->sync, key, chorus_complete_dialog_get_comment (dialog),
                                                  chorus_complete_dialog_get_files (dialog), &error),
              CHORUS_ACTION_KIND_COMPLETE))
    {
      chorus_complete_dialog_set_error (dialog, error->message);
      return;
    }
  g_hash_table_remove (self->failures, &key);
  say (self, _("The completion waits to be sent to Chorus Pro…"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  _chorus_supplier_workspace_reload (self);
}

ChorusCompleteDialog *
_chorus_supplier_workspace_complete (ChorusSupplierWorkspace *self)
{
  ChorusInvoice *invoice;
  ChorusCompleteDialog *dialog;

  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);

  invoice = chorus_invoice_detail_get_invoice (self->detail);
  if (invoice == NULL || !chorus_status_can_complete (chorus_invoice_get_status (invoice)))
    {
      say (self, _("Only a suspended invoice can be completed."));
      return NULL;
    }
  dialog = chorus_complete_dialog_new (parent_window (self), invoice);
  g_object_set_data (G_OBJECT (dialog), "key", GSIZE_TO_POINTER ((gsize) chorus_invoice_get_key (invoice)));
  g_signal_connect_object (dialog, "apply", G_CALLBACK (complete_apply_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
recycle_apply_cb (ChorusRecycleDialog *dialog, ChorusSupplierWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *engagement = chorus_recycle_dialog_get_engagement (dialog);
  gint64 key = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "key"));

  if (self->sync == NULL)
    {
      chorus_recycle_dialog_set_error (dialog, _("Not connected to Chorus Pro."));
      return;
    }
  if (!_chorus_supplier_workspace_track (self, chorus_sync_enqueue_recycle (self->sync, key, chorus_recycle_dialog_get_recipient (dialog),
                                                 chorus_recycle_dialog_get_service (dialog), engagement,
                                                 chorus_recycle_dialog_get_comment (dialog), &error),
              CHORUS_ACTION_KIND_RECYCLE))
    {
      chorus_recycle_dialog_set_error (dialog, error->message);
      return;
    }
  g_hash_table_remove (self->failures, &key);
  say (self, _("The recycling waits to be sent to Chorus Pro…"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  _chorus_supplier_workspace_reload (self);
}

ChorusRecycleDialog *
_chorus_supplier_workspace_recycle (ChorusSupplierWorkspace *self)
{
  ChorusInvoice *invoice;
  ChorusRecycleDialog *dialog;

  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);

  invoice = chorus_invoice_detail_get_invoice (self->detail);
  if (invoice == NULL || !chorus_status_can_recycle (chorus_invoice_get_status (invoice)))
    {
      say (self, _("Only an invoice sent back for recycling can be recycled."));
      return NULL;
    }
  dialog = chorus_recycle_dialog_new (parent_window (self), invoice, self->directory);
  g_object_set_data (G_OBJECT (dialog), "key", GSIZE_TO_POINTER ((gsize) chorus_invoice_get_key (invoice)));
  g_signal_connect_object (dialog, "apply", G_CALLBACK (recycle_apply_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
complete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _chorus_supplier_workspace_complete (CHORUS_SUPPLIER_WORKSPACE (widget));
}

static void
recycle_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _chorus_supplier_workspace_recycle (CHORUS_SUPPLIER_WORKSPACE (widget));
}

static void
outbox_finished_cb (ChorusSupplierWorkspace *self,
                    gint64                   action_id,
                    gboolean                 ok,
                    const char              *message)
{
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(GError) error = NULL;
  gpointer kind;

  if (!g_hash_table_lookup_extended (self->waiting, &action_id, NULL, &kind))
    return;
  g_hash_table_remove (self->waiting, &action_id);
  update_busy (self);
  action = chorus_store_outbox_get (self->store, action_id, &error);
  if (action == NULL)
    return;
  /* A reading fills the form; the invoice shown has not changed. */
  if (GPOINTER_TO_INT (kind) == CHORUS_ACTION_KIND_READ_PDF)
    {
      _chorus_supplier_workspace_deposit_finished (self, CHORUS_ACTION_KIND_READ_PDF, action, ok, message);
      return;
    }
  if (!_chorus_supplier_workspace_deposit_finished (self, GPOINTER_TO_INT (kind), action, ok, message))
    {
      if (ok)
        {
          g_hash_table_remove (self->failures, &action->invoice_id);
          say (self, GPOINTER_TO_INT (kind) == CHORUS_ACTION_KIND_RECYCLE
                     ? _("The invoice was sent again to its corrected recipient.")
                     : _("The invoice was completed: Chorus Pro sends it back to its recipient."));
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Chorus Pro refused: %s"), message ? message : "");

          g_hash_table_insert (self->failures, g_memdup2 (&action->invoice_id, sizeof action->invoice_id),
                               g_strdup (message ? message : _("Refused by Chorus Pro")));
          say (self, text);
        }
    }
  _chorus_supplier_workspace_reload (self);
  if (ok && action->invoice_id != 0 && action->invoice_id == self->shown_key)
    _chorus_supplier_workspace_show_invoice (self, TRUE);
}

/* --- the session ----------------------------------------------------------------------------- */

/* Lets go of the session's store, sync and connection: nothing runs for them and nothing of their
 * data shows. */
static void
detach (ChorusSupplierWorkspace *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->directory);
  g_hash_table_remove_all (self->waiting);
  g_hash_table_remove_all (self->read_paths);
  g_hash_table_remove_all (self->failures);
  g_array_set_size (self->structure_ids, 0);
  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  self->loads = 0;
  self->shown_key = 0;
  self->deposited_id = 0;
  self->deposited_flow = 0;
  chorus_unreadable_banner_set_sync (self->unreadable_banner, NULL);
  chorus_flow_list_set_sync (self->flow_list, NULL);
  chorus_deposit_wizard_set_directory (self->wizard, NULL);
  chorus_deposit_wizard_reset (self->wizard);
  gtk_selection_model_unselect_all (chorus_invoice_list_get_selection (self->invoice_list));
  chorus_invoice_list_set_model (self->invoice_list, NULL);
  g_clear_object (&self->model);
  chorus_filter_bar_set_store (self->filter_bar, NULL);
  chorus_invoice_detail_set_store (self->detail, NULL);
  chorus_invoice_detail_set_invoice (self->detail, NULL);
  chorus_invoice_list_show_count (self->count_label, 0);
  gtk_stack_set_visible_child_name (self->pages, "issued");
  chorus_split_view_show_list (self->split_view);
  _chorus_supplier_workspace_update_action_box (self, NULL);
  _chorus_supplier_workspace_refresh_to_check (self);
  set_sent_back (self, 0);
  update_busy (self);
}

/* Takes the session's store (issued invoices), sync (the outbox, pulls, fetches), client (the
 * directory, the account's supplier structures) and profile (the structures chosen for it). */
static void
attach (ChorusSupplierWorkspace *self,
        ChorusSession           *session)
{
  ChorusSync *sync = chorus_session_get_sync (session);
  ChorusClient *client = chorus_session_get_client (session);
  GPtrArray *structures = chorus_profile_get_structures (chorus_session_get_profile (session));
  g_autofree char *drafts_dir = chorus_session_get_drafts_dir (session);

  self->cancellable = g_cancellable_new ();
  self->store = g_object_ref (chorus_session_get_store (session));
  g_set_object (&self->sync, sync);
  g_set_object (&self->client, client);
  if (client != NULL)
    self->directory = CHORUS_DIRECTORY (chorus_client_directory_new (client));
  /* Only the structures chosen in the connection wizard; none chosen: every one attached. */
  for (guint i = 0; structures != NULL && i < structures->len; i++)
    g_array_append_val (self->structure_ids, ((ChorusProfileStructure *) g_ptr_array_index (structures, i))->id);
  chorus_deposit_wizard_set_drafts_dir (self->wizard, drafts_dir);
  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self);
      g_signal_connect_swapped (sync, "invoices-changed", G_CALLBACK (schedule_reload), self);
      g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (_chorus_supplier_workspace_refresh_to_check), self);
    }
  chorus_unreadable_banner_set_sync (self->unreadable_banner, sync);
  chorus_flow_list_set_sync (self->flow_list, sync);
  self->model = chorus_invoice_model_new (self->store);
  chorus_invoice_list_set_model (self->invoice_list, self->model);
  chorus_filter_bar_set_store (self->filter_bar, self->store);
  chorus_invoice_detail_set_store (self->detail, self->store);
  _chorus_supplier_workspace_deposit_attach (self);
  _chorus_supplier_workspace_reload (self);
}

/* What can be done now: nothing without a session; refreshing and sending need the connection;
 * completing, recycling and correcting need the invoice shown in the status that asks for it. */
static void
supplier_workspace_actions_update (ChorusSupplierWorkspace *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = self->store != NULL;

  gtk_widget_action_set_enabled (widget, "supplier.refresh", self->sync != NULL);
  gtk_widget_action_set_enabled (widget, "supplier.deposit", open);
  gtk_widget_action_set_enabled (widget, "supplier.find", open);
  gtk_widget_action_set_enabled (widget, "supplier.flows", open);
  gtk_widget_action_set_enabled (widget, "supplier.resolve-deposit", self->sync != NULL);
  gtk_widget_action_set_enabled (widget, "supplier.complete", open && self->step == CHORUS_SUPPLIER_STEP_COMPLETE);
  gtk_widget_action_set_enabled (widget, "supplier.recycle", open && self->step == CHORUS_SUPPLIER_STEP_RECYCLE);
  gtk_widget_action_set_enabled (widget, "supplier.deposit-corrected", open && step_deposits_again (self->step));
}

/* --- GObject --------------------------------------------------------------------------------- */

static void
chorus_supplier_workspace_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, chorus_supplier_workspace_get_busy (self));
      break;
    case PROP_SENT_BACK:
      g_value_set_uint (value, self->sent_back);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_supplier_workspace_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      chorus_supplier_workspace_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_supplier_workspace_dispose (GObject *object)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_SUPPLIER_WORKSPACE);
  /* Children without an id are not unparented by the template. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->structure_ids, g_array_unref);
  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->read_paths, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->to_check_rows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_supplier_workspace_parent_class)->dispose (object);
}

static void
chorus_supplier_workspace_class_init (ChorusSupplierWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_supplier_workspace_dispose;
  object_class->get_property = chorus_supplier_workspace_get_property;
  object_class->set_property = chorus_supplier_workspace_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CHORUS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENT_BACK] =
    g_param_spec_uint ("sent-back", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CHORUS_TYPE_FILTER_BAR);
  g_type_ensure (CHORUS_TYPE_INVOICE_LIST);
  g_type_ensure (CHORUS_TYPE_INVOICE_DETAIL);
  g_type_ensure (CHORUS_TYPE_DEPOSIT_WIZARD);
  g_type_ensure (CHORUS_TYPE_FLOW_LIST);
  g_type_ensure (CHORUS_TYPE_UNREADABLE_BANNER);
  g_type_ensure (CHORUS_TYPE_SPLIT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-supplier-workspace.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusSupplierWorkspace, name)
  BIND (pages); BIND (split_view); BIND (filter_bar); BIND (list_stack); BIND (invoice_list); BIND (empty_page);
  BIND (count_label); BIND (columns_button); BIND (action_revealer); BIND (action_title); BIND (action_text);
  BIND (correct_button); BIND (complete_button); BIND (recycle_button); BIND (detail); BIND (wizard);
  BIND (flow_list); BIND (to_check_group);
  BIND (unreadable_banner);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_clicked_cb);
  _chorus_supplier_workspace_invoice_class_init (widget_class);
  _chorus_supplier_workspace_deposit_class_init (widget_class);

  /* The actions and their keys (also in help-overlay.ui). */
  gtk_widget_class_install_action (widget_class, "supplier.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "supplier.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "supplier.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "supplier.deposit", NULL, deposit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "supplier.deposit", NULL);
  gtk_widget_class_install_action (widget_class, "supplier.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "supplier.find", NULL);
  gtk_widget_class_install_action (widget_class, "supplier.show-issued", NULL, show_issued_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "supplier.show-issued", NULL);
  gtk_widget_class_install_action (widget_class, "supplier.show-list", NULL, show_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "supplier.show-list", NULL);
  gtk_widget_class_install_action (widget_class, "supplier.flows", NULL, flows_action);
  gtk_widget_class_install_action (widget_class, "supplier.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "supplier.recycle", NULL, recycle_action);
  gtk_widget_class_install_action (widget_class, "supplier.deposit-corrected", NULL, deposit_corrected_action);
}

static void
chorus_supplier_workspace_init (ChorusSupplierWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->structure_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->waiting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->read_paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->failures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->to_check_rows = g_ptr_array_new ();
  /* The list takes the same share of the width as the received one. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "invoice-list-fraction", self->split_view, "list-fraction", G_SETTINGS_BIND_DEFAULT);

  /* The same list, filters and detail as the received side, seen from the supplier. */
  chorus_filter_bar_set_direction (self->filter_bar, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_list_set_direction (self->invoice_list, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_detail_set_direction (self->detail, CHORUS_DIRECTION_ISSUED);
  gtk_menu_button_set_popover (self->columns_button, chorus_invoice_list_create_columns_popover (self->invoice_list));
  g_signal_connect_object (chorus_invoice_list_get_selection (self->invoice_list), "selection-changed",
                           G_CALLBACK (_chorus_supplier_workspace_selection_changed), self, G_CONNECT_SWAPPED);
  _chorus_supplier_workspace_update_action_box (self, NULL);
}

/* --- public API ------------------------------------------------------------------------------ */

GtkWidget *
chorus_supplier_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_SUPPLIER_WORKSPACE, NULL);
}

void
chorus_supplier_workspace_set_session (ChorusSupplierWorkspace *self,
                                       ChorusSession           *session)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (session == NULL || CHORUS_IS_SESSION (session));

  /* The same session again is read again: after a reset it holds a new store and sync. */
  detach (self);
  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  if (session != NULL)
    attach (self, session);
  supplier_workspace_actions_update (self);
}

ChorusSession *
chorus_supplier_workspace_get_session (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->session;
}

gboolean
chorus_supplier_workspace_get_busy (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), FALSE);
  /* The flow list's and the wizard's own work is read as it stands. */
  return compute_busy (self);
}

guint
chorus_supplier_workspace_get_sent_back (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), 0);
  return self->sent_back;
}
