/* chorus-supplier-workspace.c: deposit (PDF + data, or a flux) and follow the issued invoices. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-api-labels.h"
#include "chorus-client-directory.h"
#include "chorus-invoice-list.h"
#include "chorus-invoice-model.h"
#include "chorus-json.h"
#include "chorus-pdf-view.h"
#include "chorus-supplier-workspace.h"
#include "chorus-unreadable-banner.h"

struct _ChorusSupplierWorkspace
{
  GtkWidget            parent_instance;

  GtkWidget           *toolbar_box;
  GtkStack            *stack;
  ChorusDepositWizard *wizard;
  ChorusInvoiceList   *invoice_list;
  ChorusUnreadableBanner *unreadable_banner;
  ChorusInvoiceModel  *model;
  ChorusPdfView       *pdf_view;
  GCancellable        *pdf_cancellable;
  AdwPreferencesGroup *detail_group;
  AdwActionRow        *detail_row;
  AdwEntryRow         *comment_row;
  AdwEntryRow         *service_row;
  AdwEntryRow         *engagement_row;
  GtkButton           *complete_button;
  GtkButton           *recycle_button;
  GtkLabel            *message_label;
  AdwPreferencesGroup *to_check_group;  /* deposits that may have reached Chorus Pro */
  GPtrArray           *to_check_rows;

  ChorusClient        *client;
  ChorusSync          *sync;
  gulong               finished_handler;
  gulong               state_handler;
  GHashTable          *waiting;         /* action id (gint64*) -> ChorusActionKind, sent from here */
  gint64               supplier_id;
  GCancellable        *cancellable;
  GPtrArray           *issued;          /* ChorusInvoice */
  ChorusInvoice       *current;
  guint                busy;
};

G_DEFINE_FINAL_TYPE (ChorusSupplierWorkspace, chorus_supplier_workspace, GTK_TYPE_WIDGET)

static void
set_message (ChorusSupplierWorkspace *self, const char *message, gboolean is_error)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

/* --- issued invoices --------------------------------------------------------------- */

static void show_current (ChorusSupplierWorkspace *self);

/* The store's issued invoices, newest deposit first, in the same list as the recipient side. */
static void
requery (ChorusSupplierWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  ChorusStore *store;
  ChorusInvoiceFilter filter;

  if (self->sync == NULL)
    return;
  store = chorus_sync_get_store (self->sync);
  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_ISSUED;
  ids = chorus_store_query_ids (store, &filter, CHORUS_SORT_DEPOSIT_DATE, TRUE, &error);
  if (ids == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  chorus_invoice_model_set_ids (self->model, g_array_ref (ids));
  g_clear_pointer (&self->issued, g_ptr_array_unref);
  self->issued = chorus_store_load_invoices (store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (self->issued == NULL)
    set_message (self, error->message, TRUE);
  /* The selected invoice as the server now has it (e.g. completed). */
  if (self->current != NULL)
    {
      g_autoptr(ChorusInvoice) fresh = chorus_store_load_invoice (store, chorus_invoice_get_id (self->current), NULL);

      if (fresh != NULL)
        {
          g_set_object (&self->current, fresh);
          chorus_invoice_list_select_id (self->invoice_list, chorus_invoice_get_id (fresh));
          show_current (self);
        }
    }
}

static void
pulled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusSupplierWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A pull already running (e.g. the recipient side's) brings the same invoices: not an error. */
  if (!chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY))
    /* Offline or busy: the cached invoices still show. */
    set_message (self, error->message, TRUE);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->busy--;
      requery (self);
    }
  g_object_unref (self);
}

void
chorus_supplier_workspace_refresh (ChorusSupplierWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  if (self->sync == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  requery (self);
  self->busy = 1;
  chorus_sync_pull_async (self->sync, self->cancellable, pulled_cb, g_object_ref (self));
}

GPtrArray *
chorus_supplier_workspace_get_issued (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);

  return self->issued;
}

static void
show_current (ChorusSupplierWorkspace *self)
{
  ChorusStatus status = chorus_invoice_get_status (self->current);
  g_autofree char *title = g_strdup_printf ("%s · %s", chorus_invoice_get_number (self->current) ?: "",
                                            chorus_status_code_label (chorus_invoice_get_status_code (self->current)));
  const char *motif = chorus_invoice_get_status_comment (self->current);
  g_autofree char *reason = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->detail_row), title);
  /* The motif of a rejection or suspension, in plain words. */
  if (motif != NULL && *motif != '\0' && chorus_status_get_group (status) == CHORUS_STATUS_GROUP_SENT_BACK)
    reason = g_strdup_printf (_("Reason: %s"), motif);
  adw_action_row_set_subtitle (self->detail_row, reason != NULL ? reason : motif != NULL ? motif : "");
  /* Completing answers a suspension; recycling, an invoice sent back to be rerouted. */
  gtk_widget_set_visible (GTK_WIDGET (self->comment_row), status == CHORUS_STATUS_SUSPENDUE);
  gtk_widget_set_visible (GTK_WIDGET (self->complete_button), status == CHORUS_STATUS_SUSPENDUE);
  gtk_widget_set_visible (GTK_WIDGET (self->service_row), status == CHORUS_STATUS_A_RECYCLER);
  gtk_widget_set_visible (GTK_WIDGET (self->engagement_row), status == CHORUS_STATUS_A_RECYCLER);
  gtk_widget_set_visible (GTK_WIDGET (self->recycle_button), status == CHORUS_STATUS_A_RECYCLER);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_group), TRUE);
}

static void
pdf_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusSupplierWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = chorus_sync_fetch_pdf_finish (CHORUS_SYNC (source), result, &error);

  if (bytes != NULL)
    chorus_pdf_view_load_bytes (self->pdf_view, bytes, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    chorus_pdf_view_show_message (self->pdf_view, _("The PDF Cannot Be Shown"), error->message);
  g_object_unref (self);
}

static void
open_invoice (ChorusSupplierWorkspace *self, gint64 invoice_id)
{
  g_autoptr(ChorusInvoice) invoice = NULL;

  if (self->sync == NULL || (self->current != NULL && chorus_invoice_get_id (self->current) == invoice_id))
    return;
  invoice = chorus_store_load_invoice (chorus_sync_get_store (self->sync), invoice_id, NULL);
  if (invoice == NULL)
    return;
  g_set_object (&self->current, invoice);
  set_message (self, NULL, FALSE);
  show_current (self);
  g_cancellable_cancel (self->pdf_cancellable);
  g_clear_object (&self->pdf_cancellable);
  self->pdf_cancellable = g_cancellable_new ();
  chorus_pdf_view_show_loading (self->pdf_view);
  chorus_sync_fetch_pdf_async (self->sync, invoice_id, self->pdf_cancellable, pdf_cb, g_object_ref (self));
}

void
chorus_supplier_workspace_select (ChorusSupplierWorkspace *self,
                                  gint64                   invoice_id)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  chorus_invoice_list_select_id (self->invoice_list, invoice_id);
  open_invoice (self, invoice_id);
}

static void
selection_changed_cb (GtkSelectionModel *selection, guint position, guint n_items, ChorusSupplierWorkspace *self)
{
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);

  if (ids->len == 1)
    open_invoice (self, g_array_index (ids, gint64, 0));
}

/* The outbox keeps the action until the server took it; until then it shows as pending. */
static gboolean
track (ChorusSupplierWorkspace *self, gint64 action_id, ChorusActionKind kind)
{
  if (action_id == 0)
    return FALSE;
  g_hash_table_insert (self->waiting, g_memdup2 (&action_id, sizeof action_id), GINT_TO_POINTER (kind));
  return TRUE;
}

void
chorus_supplier_workspace_complete (ChorusSupplierWorkspace *self,
                                    const char              *comment)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  if (self->current == NULL || self->sync == NULL)
    return;
  if (chorus_invoice_get_status (self->current) != CHORUS_STATUS_SUSPENDUE)
    {
      set_message (self, _("Only a suspended invoice can be completed."), TRUE);
      return;
    }
  if (!track (self, chorus_sync_enqueue_complete (self->sync, chorus_invoice_get_id (self->current), comment, &error),
              CHORUS_ACTION_KIND_COMPLETE))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  set_message (self, _("Waiting to be sent to Chorus Pro…"), FALSE);
}

void
chorus_supplier_workspace_recycle (ChorusSupplierWorkspace *self,
                                   const char              *service_code,
                                   const char              *engagement_number)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  if (self->current == NULL || self->sync == NULL)
    return;
  if (chorus_invoice_get_status (self->current) != CHORUS_STATUS_A_RECYCLER)
    {
      set_message (self, _("Only an invoice sent back for recycling can be recycled."), TRUE);
      return;
    }
  if (!track (self, chorus_sync_enqueue_recycle (self->sync, chorus_invoice_get_id (self->current),
                                                 chorus_invoice_get_recipient_code (self->current),
                                                 service_code && *service_code ? service_code
                                                                               : chorus_invoice_get_service_code (self->current),
                                                 engagement_number && *engagement_number
                                                   ? engagement_number : chorus_invoice_get_engagement_number (self->current),
                                                 NULL, &error),
              CHORUS_ACTION_KIND_RECYCLE))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  set_message (self, _("Waiting to be sent to Chorus Pro…"), FALSE);
}

static void
complete_clicked_cb (GtkButton *button, ChorusSupplierWorkspace *self)
{
  chorus_supplier_workspace_complete (self, gtk_editable_get_text (GTK_EDITABLE (self->comment_row)));
}

static void
recycle_clicked_cb (GtkButton *button, ChorusSupplierWorkspace *self)
{
  chorus_supplier_workspace_recycle (self, gtk_editable_get_text (GTK_EDITABLE (self->service_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->engagement_row)));
}

const char *
chorus_supplier_workspace_get_message (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);

  return gtk_label_get_label (self->message_label);
}

gboolean
chorus_supplier_workspace_is_busy (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), FALSE);

  return self->busy > 0 || g_hash_table_size (self->waiting) > 0;
}

/* --- sending through the outbox ---------------------------------------------------------- */

static void
flow_report_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusSupplierWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFlowReport) report = chorus_client_get_flow_report_finish (CHORUS_CLIENT (source), result, &error);
  g_autofree char *text = NULL;

  self->busy--;
  if (report == NULL)
    text = g_strdup_printf (_("The flux report is not available yet: %s"), error->message);
  else if (report->errors != NULL && report->errors->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (report->errors, NULL);
      joined = g_strjoinv ("\n", (char **) report->errors->pdata);
      g_ptr_array_remove_index (report->errors, report->errors->len - 1);
      text = g_strdup_printf (_("Flux report: %s\n%s"), chorus_flow_state_label (report->state), joined);
    }
  else
    text = g_strdup_printf (_("Flux report: %s"), chorus_flow_state_label (report->state));
  set_message (self, text, report == NULL || (report->errors != NULL && report->errors->len > 0));
  g_object_unref (self);
}

/* What the server answered, as the outbox recorded it. */
static void
show_deposit_answer (ChorusSupplierWorkspace *self, ChorusAction *action)
{
  g_autoptr(JsonObject) result = chorus_json_parse_object (action->result ? action->result : "{}", -1, NULL);
  g_autofree char *number = NULL, *date = NULL, *status = NULL, *flow = NULL, *certificate = NULL;

  if (result != NULL)
    {
      chorus_json_get_string (result, "invoiceNumber", &number, NULL);
      chorus_json_get_string (result, "date", &date, NULL);
      chorus_json_get_string (result, "status", &status, NULL);
      chorus_json_get_string (result, "flowNumber", &flow, NULL);
      chorus_json_get_string (result, "certificate", &certificate, NULL);
    }
  if (action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW)
    {
      g_autoptr(JsonObject) payload = chorus_json_parse_object (action->payload, -1, NULL);
      g_autofree char *syntax = NULL;

      if (payload != NULL)
        chorus_json_get_string (payload, "fluxSyntax", &syntax, NULL);
      chorus_deposit_wizard_show_flux_receipt (self->wizard, flow, date, syntax);
      /* Its compte rendu says whether the invoices were integrated or why they were rejected. */
      if (flow != NULL && self->client != NULL)
        {
          self->busy++;
          chorus_client_get_flow_report_async (self->client, flow, NULL, flow_report_cb, g_object_ref (self));
        }
      return;
    }
  chorus_deposit_wizard_show_certificate (self->wizard, number, date,
                                          status != NULL && chorus_status_from_api (status) != CHORUS_STATUS_UNKNOWN
                                            ? chorus_status_from_api (status) : CHORUS_STATUS_DEPOSEE,
                                          certificate);
}

static void
outbox_finished_cb (ChorusSync              *sync,
                    gint64                   action_id,
                    gboolean                 ok,
                    const char              *message,
                    ChorusSupplierWorkspace *self)
{
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(GError) error = NULL;
  gpointer kind;

  if (!g_hash_table_lookup_extended (self->waiting, &action_id, NULL, &kind))
    return;
  g_hash_table_remove (self->waiting, &action_id);
  action = chorus_store_outbox_get (chorus_sync_get_store (sync), action_id, &error);
  switch (GPOINTER_TO_INT (kind))
    {
    case CHORUS_ACTION_KIND_DEPOSIT_PDF:
    case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
      if (!ok || action == NULL)
        /* The server's own words on why it refused. */
        chorus_deposit_wizard_show_send_error (self->wizard, message ? message : error->message);
      else
        show_deposit_answer (self, action);
      break;
    case CHORUS_ACTION_KIND_RECYCLE:
      set_message (self, ok ? _("The invoice was sent again.") : message, !ok);
      break;
    default:
      set_message (self, ok ? _("The invoice was completed.") : message, !ok);
      break;
    }
  if (ok)
    chorus_supplier_workspace_refresh (self);
}

static void
wizard_submit_cb (ChorusDepositWizard *wizard, ChorusDepositDraft *draft, ChorusSupplierWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusDepositDraft) copy = NULL;

  if (self->sync == NULL)
    {
      chorus_deposit_wizard_show_send_error (wizard, _("Not connected to Chorus Pro."));
      return;
    }
  copy = chorus_deposit_draft_copy (draft);
  chorus_invoice_set_supplier_id (copy->invoice, self->supplier_id);
  if (!track (self, chorus_sync_enqueue_deposit (self->sync, copy, &error),
              copy->flux_syntax != NULL ? CHORUS_ACTION_KIND_DEPOSIT_FLOW : CHORUS_ACTION_KIND_DEPOSIT_PDF))
    chorus_deposit_wizard_show_send_error (wizard, error->message);
}

/* --- deposits to check ------------------------------------------------------------------- */

static void refresh_to_check (ChorusSupplierWorkspace *self);

static void
resolve_clicked_cb (GtkButton *button, ChorusSupplierWorkspace *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "action-id");
  gboolean resend = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "resend"));
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL || id == NULL)
    return;
  if (!chorus_sync_resolve_action (self->sync, *id, resend, &error))
    set_message (self, error->message, TRUE);
  else if (resend)
    {
      track (self, *id, CHORUS_ACTION_KIND_DEPOSIT_FLOW);
      set_message (self, _("Waiting to be sent to Chorus Pro…"), FALSE);
    }
  else
    set_message (self, _("The deposit is recorded as done."), FALSE);
  refresh_to_check (self);
}

static GtkWidget *
resolve_button (const char *label, const char *tooltip, gint64 action_id, gboolean resend,
                ChorusSupplierWorkspace *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "action-id", g_memdup2 (&action_id, sizeof action_id), g_free);
  g_object_set_data (G_OBJECT (button), "resend", GINT_TO_POINTER (resend));
  g_signal_connect (button, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  return button;
}

/* A deposit whose answer was lost and that Chorus Pro could not confirm: the user looks in the
 * portal, then sends it again or records it as deposited. Never decided on a guess. */
static void
refresh_to_check (ChorusSupplierWorkspace *self)
{
  g_autoptr(GPtrArray) actions = NULL;

  for (guint i = 0; i < self->to_check_rows->len; i++)
    adw_preferences_group_remove (self->to_check_group, g_ptr_array_index (self->to_check_rows, i));
  g_ptr_array_set_size (self->to_check_rows, 0);
  if (self->sync != NULL)
    actions = chorus_store_outbox_list_to_check (chorus_sync_get_store (self->sync), NULL);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (actions, i);
      g_autoptr(JsonNode) node = json_from_string (action->payload, NULL);
      g_autoptr(ChorusDepositDraft) draft = node != NULL ? chorus_deposit_draft_from_json (node, NULL) : NULL;
      g_autofree char *file = draft != NULL && draft->pdf_path != NULL ? g_path_get_basename (draft->pdf_path) : NULL;
      g_autofree char *title = g_strdup_printf (_("Flux “%s”"), file != NULL ? file : "?");
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), action->message != NULL ? action->message : "");
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 resolve_button (_("_Already Deposited"),
                                                 _("It is in the Chorus Pro portal: record it as deposited, send nothing"),
                                                 action->id, FALSE, self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 resolve_button (_("_Send Again"),
                                                 _("It is not in the Chorus Pro portal: deposit it again"),
                                                 action->id, TRUE, self));
      adw_preferences_group_add (self->to_check_group, row);
      g_ptr_array_add (self->to_check_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->to_check_group), self->to_check_rows->len > 0);
}

/* --- setup ------------------------------------------------------------------------------- */

/* Our supplier structure: the attachment of the technical account with the FOURNISSEUR role. */
static void
attachments_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusSupplierWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) page = chorus_client_get_user_attachments_finish (CHORUS_CLIENT (source), result, &error);

  self->busy--;
  for (guint i = 0; page != NULL && page->items != NULL && i < page->items->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (page->items, i);

      if (structure->role == CHORUS_ROLE_FOURNISSEUR)
        {
          self->supplier_id = structure->id;
          break;
        }
    }
  if (self->supplier_id == 0)
    set_message (self, error ? error->message : _("This account is not attached to a supplier structure."), TRUE);
  chorus_supplier_workspace_refresh (self);
  g_object_unref (self);
}

void
chorus_supplier_workspace_set_client (ChorusSupplierWorkspace *self,
                                      ChorusClient            *client,
                                      gint64                   supplier_id)
{
  g_autoptr(ChorusDirectory) directory = NULL;

  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (client == NULL || CHORUS_IS_CLIENT (client));

  g_set_object (&self->client, client);
  self->supplier_id = supplier_id;
  if (client != NULL)
    {
      directory = chorus_client_directory_new (client);
      chorus_deposit_wizard_set_directory (self->wizard, directory);
      if (supplier_id == 0)
        {
          self->busy++;
          chorus_client_get_user_attachments_async (client, 1, 100, NULL, attachments_cb, g_object_ref (self));
          return;
        }
    }
  chorus_supplier_workspace_refresh (self);
}

void
chorus_supplier_workspace_set_sync (ChorusSupplierWorkspace *self,
                                    ChorusSync              *sync)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  g_clear_signal_handler (&self->finished_handler, self->sync);
  g_clear_signal_handler (&self->state_handler, self->sync);
  g_hash_table_remove_all (self->waiting);
  g_set_object (&self->sync, sync);
  chorus_unreadable_banner_set_sync (self->unreadable_banner, sync);
  g_clear_object (&self->model);
  if (sync != NULL)
    {
      self->finished_handler = g_signal_connect (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self);
      self->state_handler = g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (refresh_to_check), self);
      self->model = chorus_invoice_model_new (chorus_sync_get_store (sync));
      chorus_invoice_list_set_model (self->invoice_list, self->model);
      requery (self);
    }
  refresh_to_check (self);
}

ChorusDepositWizard *
chorus_supplier_workspace_get_wizard (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);

  return self->wizard;
}

static void
chorus_supplier_workspace_dispose (GObject *object)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->toolbar_box, gtk_widget_unparent);
  g_cancellable_cancel (self->pdf_cancellable);
  g_clear_object (&self->pdf_cancellable);
  g_clear_signal_handler (&self->finished_handler, self->sync);
  g_clear_signal_handler (&self->state_handler, self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->model);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->to_check_rows, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_clear_object (&self->current);
  g_clear_pointer (&self->issued, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_supplier_workspace_parent_class)->dispose (object);
}

static void
chorus_supplier_workspace_class_init (ChorusSupplierWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_supplier_workspace_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static AdwEntryRow *
entry_row (const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return ADW_ENTRY_ROW (row);
}

static void
chorus_supplier_workspace_init (ChorusSupplierWorkspace *self)
{
  GtkWidget *switcher = gtk_stack_switcher_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->waiting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->toolbar_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->stack = GTK_STACK (gtk_stack_new ());
  self->wizard = CHORUS_DEPOSIT_WIZARD (chorus_deposit_wizard_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  /* Issued invoices: list on the left, the selected one and what can be done on the right. */
  self->invoice_list = CHORUS_INVOICE_LIST (chorus_invoice_list_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->invoice_list), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->invoice_list));
  self->pdf_view = CHORUS_PDF_VIEW (chorus_pdf_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->pdf_view), TRUE);
  gtk_widget_set_size_request (scroller, 420, -1);
  self->detail_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->detail_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->detail_row), FALSE);
  adw_action_row_set_subtitle_lines (self->detail_row, 0);
  self->comment_row = entry_row (_("What you added"));
  self->service_row = entry_row (_("Corrected service code"));
  self->engagement_row = entry_row (_("Corrected engagement number"));
  adw_preferences_group_add (self->detail_group, GTK_WIDGET (self->detail_row));
  adw_preferences_group_add (self->detail_group, GTK_WIDGET (self->comment_row));
  adw_preferences_group_add (self->detail_group, GTK_WIDGET (self->service_row));
  adw_preferences_group_add (self->detail_group, GTK_WIDGET (self->engagement_row));
  self->complete_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Complete")));
  self->recycle_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Recycle")));
  gtk_widget_add_css_class (GTK_WIDGET (self->complete_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->recycle_button), "suggested-action");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->complete_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->recycle_button));
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_set_margin_start (side, 12);
  gtk_widget_set_margin_end (side, 12);
  gtk_widget_set_margin_top (side, 12);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->detail_group));
  gtk_box_append (GTK_BOX (side), buttons);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->message_label));
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->pdf_view));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_group), FALSE);
  {
    GtkWidget *list_column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    self->unreadable_banner = CHORUS_UNREADABLE_BANNER (chorus_unreadable_banner_new (CHORUS_DIRECTION_ISSUED));
    gtk_widget_set_vexpand (scroller, TRUE);
    gtk_box_append (GTK_BOX (list_column), GTK_WIDGET (self->unreadable_banner));
    gtk_box_append (GTK_BOX (list_column), scroller);
    gtk_paned_set_start_child (GTK_PANED (paned), list_column);
  }
  gtk_paned_set_end_child (GTK_PANED (paned), side);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  /* The list wide enough for number, amount and status; the viewer takes the rest. */
  gtk_paned_set_position (GTK_PANED (paned), 680);

  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->wizard), "deposit", _("Deposit"));
  gtk_stack_add_titled (self->stack, paned, "issued", _("Issued Invoices"));
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), self->stack);
  gtk_widget_set_tooltip_text (refresh, _("Refresh"));
  gtk_widget_set_hexpand (switcher, TRUE);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_margin_end (bar, 12);
  gtk_box_append (GTK_BOX (bar), switcher);
  gtk_box_append (GTK_BOX (bar), refresh);
  self->to_check_rows = g_ptr_array_new ();
  self->to_check_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->to_check_group, _("Deposits to Check"));
  adw_preferences_group_set_description (self->to_check_group,
                                         _("The answer of Chorus Pro to these deposits was lost and it could not "
                                           "confirm them. Look for them in the Chorus Pro portal before deciding: "
                                           "a second deposit of the same invoice would be a duplicate."));
  gtk_widget_set_margin_start (GTK_WIDGET (self->to_check_group), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->to_check_group), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->to_check_group), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->to_check_group), FALSE);
  gtk_box_append (GTK_BOX (self->toolbar_box), bar);
  gtk_box_append (GTK_BOX (self->toolbar_box), GTK_WIDGET (self->to_check_group));
  gtk_box_append (GTK_BOX (self->toolbar_box), GTK_WIDGET (self->stack));
  gtk_widget_set_parent (self->toolbar_box, GTK_WIDGET (self));

  g_signal_connect_swapped (refresh, "clicked", G_CALLBACK (chorus_supplier_workspace_refresh), self);
  g_signal_connect_object (chorus_invoice_list_get_selection (self->invoice_list), "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, 0);
  g_signal_connect (self->complete_button, "clicked", G_CALLBACK (complete_clicked_cb), self);
  g_signal_connect (self->recycle_button, "clicked", G_CALLBACK (recycle_clicked_cb), self);
  g_signal_connect (self->wizard, "submit", G_CALLBACK (wizard_submit_cb), self);
}

GtkWidget *
chorus_supplier_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_SUPPLIER_WORKSPACE, NULL);
}
