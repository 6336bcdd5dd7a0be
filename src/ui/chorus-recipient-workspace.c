/* chorus-recipient-workspace.c: wires the filter bar, the list, the detail pane and the outbox. The
 * query runs in SQL on every filter or sort change; the selection survives reloads by id. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-assign-menu.h"
#include "chorus-delay-settings.h"
#include "chorus-detail-loader.h"
#include "chorus-document-file.h"
#include "chorus-invoice-columns.h"
#include "chorus-plain-text.h"
#include "chorus-recipient-actions.h"
#include "chorus-recipient-workspace.h"
#include "chorus-team-sync.h"
#include "chorus-split-view.h"
#include "chorus-unreadable-banner.h"


struct _ChorusRecipientWorkspace
{
  GtkWidget            parent_instance;

  /* Template widgets */
  ChorusSplitView     *split_view;
  ChorusFilterBar     *filter_bar;
  ChorusUnreadableBanner *unreadable_banner;
  GtkStack            *list_stack;
  ChorusInvoiceList   *invoice_list;
  AdwStatusPage       *empty_page;
  GtkRevealer         *progress_revealer;
  GtkProgressBar      *progress_bar;
  GtkMenuButton       *process_button;
  GtkMenuButton       *assign_button;
  GtkLabel            *count_label;
  GtkButton           *clear_filters_button;
  GtkMenuButton       *columns_button;
  ChorusInvoiceDetail *detail;

  /* Owned references */
  ChorusStore         *store;
  ChorusSync          *sync;
  GtkWidget           *status_box;
  GtkSpinner          *status_spinner;
  GtkLabel            *status_label;
  GCancellable        *sync_cancellable;
  ChorusInvoiceModel  *model;
  GSettings           *settings;
  ChorusRecipientActions *actions;       /* status changes: menus, keys, undo, answers */
  GMenu               *assign_menu;      /* the handlers, for "Attribuer à…" and the row menu */
  ChorusDetailLoader  *loader;           /* the detail pane's invoice, documents and history */
  GCancellable        *query_cancellable;  /* the list's query on its way, if any */

  guint                reload_idle_id;
  ChorusTeamSync      *team;
  guint                sync_timer_id;
  gint64               known_invoices;    /* received invoices before the last pull, for notifications */
  gboolean             recount_pending;   /* a query that was to recount the groups was replaced */
  GArray              *rest_ids;          /* the whole list, shown after the frame of its first rows */
  GdkFrameClock       *rest_clock;
  gulong               rest_paint_id;
  gulong               rest_realize_id;
};

G_DEFINE_FINAL_TYPE (ChorusRecipientWorkspace, chorus_recipient_workspace, GTK_TYPE_WIDGET)

/* The triage keys (also in help-overlay.ui): single keys for the frequent changes that are easy to
 * undo or that open a dialog; Shift for the steps Chorus Pro cannot take back, which ask first. */
static const struct {
  ChorusStatus    status;
  guint           key;
  GdkModifierType modifiers;
} process_keys[] = {
  { CHORUS_STATUS_SERVICE_FAIT, GDK_KEY_s, 0 },
  { CHORUS_STATUS_REJETEE, GDK_KEY_x, 0 },
  { CHORUS_STATUS_SUSPENDUE, GDK_KEY_u, 0 },
  { CHORUS_STATUS_A_RECYCLER, GDK_KEY_R, GDK_SHIFT_MASK },
  { CHORUS_STATUS_MANDATEE, GDK_KEY_M, GDK_SHIFT_MASK },
  { CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE, GDK_KEY_D, GDK_SHIFT_MASK },
  { CHORUS_STATUS_COMPTABILISEE, GDK_KEY_C, GDK_SHIFT_MASK },
  { CHORUS_STATUS_MISE_EN_PAIEMENT, GDK_KEY_P, GDK_SHIFT_MASK },
};

/* The letters these used to be on alone: a slip of the keyboard only earns a hint. */
static const struct {
  guint       key;
  const char *hint;
} guarded_keys[] = {
  { GDK_KEY_r, N_("To send back for recycling, press Shift+R") },
  { GDK_KEY_m, N_("To mandate, press Shift+M") },
  { GDK_KEY_d, N_("To make available to the accountant, press Shift+D") },
  { GDK_KEY_c, N_("To book, press Shift+C") },
  { GDK_KEY_p, N_("To issue the payment, press Shift+P") },
};


static void
show_toast (ChorusRecipientWorkspace *self,
            const char               *text)
{
  chorus_toast_show_plain (GTK_WIDGET (self), text);
}

static void
apply_delay_settings (ChorusRecipientWorkspace *self)
{
  g_autoptr(ChorusDelayPolicy) delays = chorus_delay_settings_read (self->settings);

  chorus_invoice_list_set_delay_policy (self->invoice_list, delays);
  chorus_invoice_detail_set_delay_policy (self->detail, delays);
}

static void
deadline_changed_cb (ChorusRecipientWorkspace *self)
{
  apply_delay_settings (self);
  chorus_recipient_workspace_reload (self);
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
}

static void
filter_changed_cb (ChorusRecipientWorkspace *self)
{
  chorus_recipient_workspace_reload (self);
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

static void
notify_new_invoices (ChorusRecipientWorkspace *self)
{
  gint64 now = chorus_store_count_invoices (self->store, CHORUS_DIRECTION_RECEIVED);
  gint64 added = now - self->known_invoices;
  GApplication *app = g_application_get_default ();

  /* Not on the first pull: the whole backlog is not "new". */
  if (self->known_invoices > 0 && added > 0 && app != NULL &&
      g_settings_get_boolean (self->settings, "notify-new-invoices"))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("New invoices"));
      guint n = (guint) MIN (added, G_MAXUINT);
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new invoice received on Chorus Pro",
                                                            "%u new invoices received on Chorus Pro", n), n);

      g_notification_set_body (notification, body);
      g_notification_set_default_action (notification, "app.activate");
      g_application_send_notification (app, "new-invoices", notification);
    }
  self->known_invoices = now;
}

static void
invoices_changed_cb (ChorusRecipientWorkspace *self)
{
  notify_new_invoices (self);
  schedule_reload (self);
}

static void
update_status (ChorusRecipientWorkspace *self)
{
  g_autofree char *last = NULL;
  g_autofree char *text = NULL;
  guint open_actions;
  gboolean busy;

  if (self->sync == NULL)
    {
      gtk_widget_set_visible (self->status_box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->status_box, TRUE);
  busy = chorus_sync_get_pulling (self->sync) || chorus_sync_get_flushing (self->sync);
  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), busy);
  open_actions = chorus_store_count_open_actions (self->store);
  last = chorus_sync_get_last_sync (self->sync);

  if (!chorus_sync_get_online (self->sync))
    text = g_strdup_printf (_("Offline — %u actions waiting"), open_actions);
  else if (chorus_sync_get_pulling (self->sync))
    text = g_strdup (_("Synchronizing…"));
  else if (chorus_sync_get_flushing (self->sync))
    text = g_strdup_printf (_("Sending %u actions…"), open_actions);
  else if (last != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (last, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m %H:%M") : g_strdup (last);

      text = g_strdup_printf (_("Synchronized %s"), when);
    }
  else
    text = g_strdup (_("Not synchronized yet"));

  gtk_label_set_text (self->status_label, text);
  if (!chorus_sync_get_online (self->sync))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  if (!busy)
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
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
pull_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusRecipientWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY))
    {
      g_autofree char *text = g_strdup_printf (_("Synchronization failed: %s"), error->message);
      show_toast (self, text);
    }
  update_status (self);
}

static void
flush_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ChorusRecipientWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Actions that could not be sent stay in the outbox; the status says so. */
  if (!chorus_sync_flush_outbox_finish (CHORUS_SYNC (source), result, &error))
    g_debug ("Outbox not flushed: %s", error->message);
  update_status (self);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  chorus_recipient_workspace_synchronize (CHORUS_RECIPIENT_WORKSPACE (widget));
}

static gboolean
sync_timer_cb (gpointer data)
{
  chorus_recipient_workspace_synchronize (data);
  return G_SOURCE_CONTINUE;
}

static void
restart_sync_timer (ChorusRecipientWorkspace *self)
{
  g_clear_handle_id (&self->sync_timer_id, g_source_remove);
  if (self->sync != NULL)
    self->sync_timer_id = g_timeout_add_seconds (60 * g_settings_get_uint (self->settings, "sync-interval"),
                                                 sync_timer_cb, self);
}

static void
process_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  chorus_recipient_workspace_process (CHORUS_RECIPIENT_WORKSPACE (widget), (ChorusStatus) g_variant_get_int32 (parameter));
}

static void
key_hint_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  guint key = g_variant_get_uint32 (parameter);

  for (gsize i = 0; i < G_N_ELEMENTS (guarded_keys); i++)
    if (guarded_keys[i].key == key)
      chorus_toast_show_plain (widget, _(guarded_keys[i].hint));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_invoice_list_move (self->invoice_list, g_str_equal (action_name, "workspace.next") ? 1 : -1);
}

static void
open_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_detail_loader_flush (self->loader);
  chorus_invoice_detail_show_page (self->detail, "pdf");
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  GtkWidget *pdf = GTK_WIDGET (chorus_invoice_detail_get_pdf_view (self->detail));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Ctrl+F finds in the PDF while the PDF has the focus, in the list otherwise. */
  if (focus != NULL && (focus == pdf || gtk_widget_is_ancestor (focus, pdf)))
    gtk_widget_activate_action (pdf, "pdf.find", NULL);
  else
    chorus_filter_bar_focus_search (self->filter_bar);
}

static void
clear_filters_cb (ChorusRecipientWorkspace *self)
{
  chorus_filter_bar_clear (self->filter_bar, TRUE);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;
  text = chorus_assign_invoices (self->store, ids, g_variant_get_string (parameter, NULL));
  show_toast (self, text);
  chorus_recipient_workspace_reload (self);
  update_detail (self, TRUE);
}

static void
open_invoice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_detail_loader_flush (self->loader);
  chorus_invoice_detail_show_page (self->detail, "summary");
  chorus_split_view_show_detail (self->split_view);
}

static void
copy_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);
  g_autofree char *numbers = NULL;

  if (self->store == NULL || (numbers = chorus_assign_menu_numbers (self->store, ids)) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), numbers);
  show_toast (self, ids->len == 1 ? _("Invoice number copied") : _("Invoice numbers copied"));
}

static void
refill_assign_menu (ChorusRecipientWorkspace *self)
{
  chorus_assign_menu_fill (self->assign_menu, self->store, "workspace.assign");
}

static void
refill_assign_menu_cb (GtkMenuButton *button,
                       gpointer       data)
{
  ChorusRecipientWorkspace *self = data;

  refill_assign_menu (self);
  /* The create-popup function replaces the popover: it is built again from the menu. */
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (self->assign_menu));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  chorus_recipient_workspace_reload (CHORUS_RECIPIENT_WORKSPACE (widget));
}

static void
csv_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusRecipientWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The export could not be saved: %s"), error->message);
      show_toast (self, text);
    }
  else
    show_toast (self, _("List exported"));
}

typedef struct {
  ChorusStore *store;
  GArray      *ids;
  GPtrArray   *columns;
  ChorusDelayPolicy *delays;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_object_unref (job->store);
  g_array_unref (job->ids);
  g_ptr_array_unref (job->columns);
  chorus_delay_policy_unref (job->delays);
  g_free (job);
}

static ExportJob *
export_job_new (ChorusRecipientWorkspace *self)
{
  ExportJob *job = g_new0 (ExportJob, 1);
  g_auto(GStrv) visible = chorus_invoice_list_get_visible_columns (self->invoice_list);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  job->store = g_object_ref (self->store);
  job->delays = chorus_delay_policy_ref (chorus_invoice_list_get_delay_policy (self->invoice_list));
  job->columns = g_ptr_array_new ();
  for (guint i = 0; visible[i] != NULL; i++)
    g_ptr_array_add (job->columns, (gpointer) chorus_invoice_columns_find (visible[i]));
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = chorus_invoice_model_get_id (self->model, i);
      g_array_append_val (job->ids, id);
    }
  return job;
}

static GBytes *
export_job_run (ExportJob  *job,
                GError    **error)
{
  return chorus_invoice_columns_export_csv (job->store, (const gint64 *) (gpointer) job->ids->data, job->ids->len,
                                            (const ChorusInvoiceColumn * const *) job->columns->pdata,
                                            job->columns->len, job->delays, NULL, error);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = export_job_run (task_data, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The export could not be saved: %s"), error->message);
      show_toast (self, text);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, csv_saved_cb, g_object_ref (self));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(ChorusRecipientWorkspace) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      /* A million rows take a while to read and format: not on the UI thread. */
      g_autoptr(GTask) task = g_task_new (self, NULL, export_done_cb,
                                          gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)));

      g_task_set_task_data (task, export_job_new (self), (GDestroyNotify) export_job_free);
      g_task_run_in_thread (task, export_thread);
    }
  g_object_unref (dialog);
}

static GtkWindow *
parent_window (ChorusRecipientWorkspace *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  return GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL;
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the List"), parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("invoices.csv"));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

typedef struct {
  ChorusRecipientWorkspace *self;
  GFile                    *folder;
  GPtrArray                *invoices;
  guint                     next;
  guint                     saved;
  guint                     missing;
} Download;

static void
download_free (Download *download)
{
  g_object_unref (download->self);
  g_object_unref (download->folder);
  g_ptr_array_unref (download->invoices);
  g_free (download);
}

static void download_next (Download *download);

static gboolean
download_write (Download      *download,
                ChorusInvoice *invoice,
                GBytes        *bytes)
{
  g_autofree char *name = chorus_document_file_name (invoice, 0);
  g_autoptr(GError) error = NULL;
  /* Never over a file already there: a "-2" name instead. */
  g_autoptr(GFile) file = chorus_document_write_new (download->folder, name, bytes, NULL, &error);

  if (file == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s could not be saved: %s"), name, error->message);
      show_toast (download->self, text);
      return FALSE;
    }
  download->saved++;
  return TRUE;
}

static void
download_fetched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Download *download = user_data;
  ChorusInvoice *invoice = g_ptr_array_index (download->invoices, download->next - 1);
  g_autoptr(GBytes) bytes = chorus_sync_fetch_pdf_finish (CHORUS_SYNC (source), result, NULL);

  if (bytes == NULL)
    download->missing++;
  else if (!download_write (download, invoice, bytes))
    {
      download_free (download);
      return;
    }
  download_next (download);
}

/* One PDF at a time, from the cache or downloaded; the user sees one summary at the end. */
static void
download_next (Download *download)
{
  ChorusRecipientWorkspace *self = download->self;
  g_autofree char *summary = NULL;

  while (download->next < download->invoices->len)
    {
      ChorusInvoice *invoice = g_ptr_array_index (download->invoices, download->next++);
      g_autoptr(GBytes) bytes = chorus_store_load_cached_file (self->store, chorus_invoice_get_key (invoice), "pdf", NULL);

      if (bytes == NULL && self->sync != NULL)
        {
          chorus_sync_fetch_pdf_async (self->sync, chorus_invoice_get_key (invoice), self->sync_cancellable,
                                       download_fetched_cb, download);
          return;
        }
      if (bytes == NULL)
        download->missing++;
      else if (!download_write (download, invoice, bytes))
        {
          download_free (download);
          return;
        }
    }

  if (download->missing == 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u PDF saved", "%u PDFs saved", download->saved),
                               download->saved);
  else
    summary = g_strdup_printf (_("%u PDFs saved; %u not downloaded from Chorus Pro yet"), download->saved,
                               download->missing);
  show_toast (self, summary);
  download_free (download);
}

static void
download_response_cb (GtkNativeDialog *dialog,
                      int              response,
                      gpointer         user_data)
{
  g_autoptr(ChorusRecipientWorkspace) self = user_data;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  Download *download;
  GPtrArray *invoices;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (dialog);
      return;
    }

  ids = chorus_invoice_list_get_selected_ids (self->invoice_list);
  invoices = chorus_store_load_invoices (self->store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (invoices == NULL)
    {
      show_toast (self, error->message);
      g_object_unref (dialog);
      return;
    }
  download = g_new0 (Download, 1);
  download->self = g_object_ref (self);
  download->folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  download->invoices = invoices;
  g_object_unref (dialog);
  download_next (download);
}

static void
download_pdfs_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);
  GtkFileChooserNative *dialog;

  if (ids->len == 0)
    {
      show_toast (self, _("Select the invoices whose PDFs you want first"));
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Download the PDFs to a Folder"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Download"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (download_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
chorus_recipient_workspace_dispose (GObject *object)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (object);

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  g_clear_handle_id (&self->sync_timer_id, g_source_remove);
  g_cancellable_cancel (self->sync_cancellable);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  forget_rest (self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->sync_cancellable);
  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_clear_object (&self->team);
  g_clear_object (&self->status_box);
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_WORKSPACE);
  g_clear_object (&self->store);
  g_clear_object (&self->model);
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
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, local_fields_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_invoice_cb);

  gtk_widget_class_install_action (widget_class, "workspace.process", "i", process_action);
  gtk_widget_class_install_action (widget_class, "workspace.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "workspace.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "workspace.open-pdf", NULL, open_pdf_action);
  gtk_widget_class_install_action (widget_class, "workspace.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "workspace.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "workspace.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "workspace.download-pdfs", NULL, download_pdfs_action);
  gtk_widget_class_install_action (widget_class, "workspace.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "workspace.assign", "s", assign_action);
  gtk_widget_class_install_action (widget_class, "workspace.open-invoice", NULL, open_invoice_action);
  gtk_widget_class_install_action (widget_class, "workspace.copy-number", NULL, copy_number_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "workspace.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "workspace.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "workspace.open-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "workspace.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "workspace.export-csv", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "workspace.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "workspace.sync", NULL);
  gtk_widget_class_install_action (widget_class, "workspace.key-hint", "u", key_hint_action);
  for (gsize i = 0; i < G_N_ELEMENTS (process_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, process_keys[i].key, process_keys[i].modifiers,
                                         "workspace.process", "i", (gint32) process_keys[i].status);
  for (gsize i = 0; i < G_N_ELEMENTS (guarded_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, guarded_keys[i].key, 0, "workspace.key-hint", "u",
                                         guarded_keys[i].key);
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
  self->known_invoices = -1;

  {
    GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");

    self->status_box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
    self->status_spinner = GTK_SPINNER (gtk_spinner_new ());
    self->status_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    /* On a narrow window the header bar shortens it rather than widen the window. */
    gtk_label_set_ellipsize (self->status_label, PANGO_ELLIPSIZE_END);
    gtk_label_set_width_chars (self->status_label, 6);
    gtk_widget_set_tooltip_text (refresh, _("Synchronize with Chorus Pro (F5)"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (refresh), "workspace.sync");
    gtk_box_append (GTK_BOX (self->status_box), refresh);
    gtk_box_append (GTK_BOX (self->status_box), GTK_WIDGET (self->status_spinner));
    gtk_box_append (GTK_BOX (self->status_box), GTK_WIDGET (self->status_label));
    gtk_box_append (GTK_BOX (self->status_box), chorus_recipient_actions_get_badge (self->actions));
    gtk_widget_set_visible (self->status_box, FALSE);
  }
  g_signal_connect_object (self->settings, "changed::sync-interval", G_CALLBACK (restart_sync_timer), self, G_CONNECT_SWAPPED);

  gtk_menu_button_set_menu_model (self->process_button, chorus_recipient_actions_get_menu (self->actions));
  self->assign_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->assign_button, G_MENU_MODEL (self->assign_menu));
  /* The handlers may have changed since: the menus are filled as they open. */
  gtk_menu_button_set_create_popup_func (self->assign_button, refill_assign_menu_cb, self, NULL);
  g_signal_connect_object (self->invoice_list, "row-menu-requested", G_CALLBACK (refill_assign_menu), self,
                           G_CONNECT_SWAPPED);
  {
    g_autoptr(GMenuModel) row_menu = chorus_assign_menu_new_row_menu (G_MENU_MODEL (self->assign_menu));
    g_autoptr(GMenu) process = g_menu_new ();

    /* The same status changes as the "Traiter" button, enabled as Chorus Pro allows. */
    g_menu_append_submenu (process, _("_Process"), chorus_recipient_actions_get_menu (self->actions));
    g_menu_insert_section (G_MENU (row_menu), 1, NULL, G_MENU_MODEL (process));
    chorus_invoice_list_set_row_menu (self->invoice_list, row_menu);
  }
  gtk_menu_button_set_popover (self->columns_button, chorus_invoice_list_create_columns_popover (self->invoice_list));
  g_settings_bind (self->settings, "invoice-list-fraction", self->split_view, "list-fraction", G_SETTINGS_BIND_DEFAULT);

  apply_delay_settings (self);
  chorus_delay_settings_connect (self->settings, G_CALLBACK (deadline_changed_cb), self);
  g_signal_connect_object (chorus_invoice_list_get_selection (self->invoice_list), "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
chorus_recipient_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_RECIPIENT_WORKSPACE, NULL);
}

static void
gestionnaires_changed_cb (ChorusRecipientWorkspace *self)
{
  chorus_filter_bar_reload_choices (self->filter_bar);
  chorus_invoice_detail_reload_gestionnaires (self->detail);
  /* A renamed handler shows under its new name. */
  chorus_recipient_workspace_reload (self);
}

void
chorus_recipient_workspace_set_store (ChorusRecipientWorkspace *self,
                                      ChorusStore              *store)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (CHORUS_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;
  g_signal_connect_object (store, "gestionnaires-changed", G_CALLBACK (gestionnaires_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_clear_object (&self->model);
  self->model = chorus_invoice_model_new (store);
  chorus_detail_loader_set_store (self->loader, store);
  chorus_recipient_actions_set_store (self->actions, store);
  chorus_invoice_list_set_model (self->invoice_list, self->model);
  chorus_filter_bar_set_store (self->filter_bar, store);
  chorus_invoice_detail_set_store (self->detail, store);
  chorus_recipient_workspace_reload (self);
}

void
chorus_recipient_workspace_set_sync (ChorusRecipientWorkspace *self,
                                     ChorusSync               *sync)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (!sync || CHORUS_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  chorus_recipient_actions_set_sync (self->actions, sync);
  chorus_invoice_detail_set_sync (self->detail, sync);
  chorus_unreadable_banner_set_sync (self->unreadable_banner, sync);
  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "invoices-changed", G_CALLBACK (invoices_changed_cb), self);
      g_signal_connect_swapped (sync, "progress", G_CALLBACK (progress_cb), self);
      g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (update_status), self);
      self->sync_cancellable = g_cancellable_new ();
      if (self->store != NULL)
        self->known_invoices = chorus_store_count_invoices (self->store, CHORUS_DIRECTION_RECEIVED);
    }
  /* The detail and PDF of the invoice shown may now be fetched. */
  chorus_detail_loader_set_sync (self->loader, sync);
  update_detail (self, TRUE);
  update_status (self);
  restart_sync_timer (self);
}

GtkWidget *
chorus_recipient_workspace_get_status_widget (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->status_box;
}

void
chorus_recipient_workspace_synchronize (ChorusRecipientWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));

  if (self->sync == NULL)
    return;
  if (self->store != NULL && self->known_invoices < 0)
    self->known_invoices = chorus_store_count_invoices (self->store, CHORUS_DIRECTION_RECEIVED);
  if (!chorus_sync_get_pulling (self->sync))
    chorus_sync_pull_async (self->sync, self->sync_cancellable, pull_done_cb, g_object_ref (self));
  if (!chorus_sync_get_flushing (self->sync) && chorus_store_count_open_actions (self->store) > 0)
    chorus_sync_flush_outbox_async (self->sync, self->sync_cancellable, flush_done_cb, g_object_ref (self));
  update_status (self);
}

ChorusStore *
chorus_recipient_workspace_get_store (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->store;
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
  if (self->rest_clock != NULL)
    g_clear_signal_handler (&self->rest_paint_id, self->rest_clock);
  g_clear_object (&self->rest_clock);
  g_clear_signal_handler (&self->rest_realize_id, self);
  g_clear_pointer (&self->rest_ids, g_array_unref);
}

static void
show_rest_cb (GdkFrameClock            *clock,
              ChorusRecipientWorkspace *self)
{
  GArray *rest = g_steal_pointer (&self->rest_ids);

  forget_rest (self);
  if (rest != NULL)
    chorus_invoice_model_set_ids (self->model, rest);
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
  self->rest_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (show_rest_cb), self);
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
    chorus_filter_bar_set_counts (self->filter_bar, result->counts);
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

      show_toast (self, text);
      return;
    }
  if (result->counted)
    self->recount_pending = FALSE;
  chorus_filter_bar_get_filter (self->filter_bar, &filter);
  apply_query (self, result, &filter);
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
    return;
  g_clear_object (&self->query_cancellable);
  if (result->counted)
    self->recount_pending = FALSE;
  apply_query (self, result, &filter);
}

static void
reload_list (ChorusRecipientWorkspace *self,
             gboolean                  recount)
{
  reload_list_full (self, recount, FALSE);
}

gboolean
chorus_recipient_workspace_get_loading (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), FALSE);
  return self->query_cancellable != NULL || self->rest_ids != NULL;
}

void
chorus_recipient_workspace_reload (ChorusRecipientWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  reload_list (self, TRUE);
}

void
chorus_recipient_workspace_process (ChorusRecipientWorkspace *self,
                                    ChorusStatus              target)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (chorus_status_is_recipient_target (target));

  /* The detail follows the selection after a short delay; the action must not wait for it. */
  selection_changed_cb (self);
  chorus_recipient_actions_process (self->actions, target);
}

ChorusProcessDialog *
chorus_recipient_workspace_get_process_dialog (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return chorus_recipient_actions_get_dialog (self->actions);
}

void
chorus_recipient_workspace_show_invoice (ChorusRecipientWorkspace *self,
                                         gint64                    id)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  if (self->store != NULL)
    open_invoice_cb (self, id);
}

ChorusRecipientActions *
chorus_recipient_workspace_get_actions (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->actions;
}

GBytes *
chorus_recipient_workspace_export_csv (ChorusRecipientWorkspace  *self,
                                       GError                   **error)
{
  ExportJob *job;
  GBytes *bytes;

  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);

  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No invoice list is open."));
      return NULL;
    }
  job = export_job_new (self);
  bytes = export_job_run (job, error);
  export_job_free (job);
  return bytes;
}

ChorusFilterBar *
chorus_recipient_workspace_get_filter_bar (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->filter_bar;
}

ChorusInvoiceList *
chorus_recipient_workspace_get_list (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->invoice_list;
}

ChorusInvoiceDetail *
chorus_recipient_workspace_get_detail (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->detail;
}

ChorusInvoiceModel *
chorus_recipient_workspace_get_model (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->model;
}

ChorusSplitView *
chorus_recipient_workspace_get_split_view (ChorusRecipientWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self), NULL);
  return self->split_view;
}

/* Team mode ---------------------------------------------------------------------------------------- */

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
chorus_recipient_workspace_set_team (ChorusRecipientWorkspace *self,
                                     ChorusTeamSync           *team)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_WORKSPACE (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  if (self->team == team)
    return;
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
