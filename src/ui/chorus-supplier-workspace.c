/* chorus-supplier-workspace.c: issued invoices like the received list (filters, tabs, detail), and what the
 * supplier sends from here: deposits, PDF readings, completions, recyclings, all through the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-api-labels.h"
#include "chorus-client-directory.h"
#include "chorus-invoice-model.h"
#include "chorus-json.h"
#include "chorus-supplier-workspace.h"
#include "chorus-plain-text.h"
#include "chorus-split-view.h"
#include "chorus-unreadable-banner.h"

struct _ChorusSupplierWorkspace
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *pages;
  ChorusSplitView     *split_view;
  ChorusFilterBar     *filter_bar;
  GtkStack            *list_stack;
  ChorusInvoiceList   *invoice_list;
  AdwStatusPage       *empty_page;
  GtkLabel            *count_label;
  GtkMenuButton       *columns_button;
  GtkRevealer         *action_revealer;
  GtkLabel            *action_title;
  GtkLabel            *action_text;
  GtkWidget           *correct_button;
  GtkWidget           *complete_button;
  GtkWidget           *recycle_button;
  ChorusInvoiceDetail *detail;
  ChorusDepositWizard *wizard;
  ChorusFlowList      *flow_list;
  AdwPreferencesGroup *to_check_group;     /* deposits that may have reached Chorus Pro */
  ChorusUnreadableBanner *unreadable_banner;

  /* Owned references */
  GSettings           *settings;
  ChorusClient        *client;
  ChorusDirectory     *directory;
  ChorusSync          *sync;
  ChorusStore         *store;
  ChorusInvoiceModel  *model;
  GCancellable        *cancellable;        /* pulls, detail and PDF fetches of this session */
  GCancellable        *document_cancellable;
  GArray              *structure_ids;      /* gint64: the profile's structures, empty: all */
  GPtrArray           *suppliers;          /* ChorusStructure (FOURNISSEUR) with their services */
  GHashTable          *waiting;            /* action id (gint64 *) -> ChorusActionKind sent from here */
  GHashTable          *read_paths;         /* READ_PDF action id (gint64 *) -> the PDF it reads */
  GHashTable          *failures;           /* row key (gint64 *) -> message of the last refused action */
  GPtrArray           *to_check_rows;
  AdwToast            *toast;              /* the one shown last, until dismissed */
  char                *message;
  gint64               shown_key;
  gint64               deposited_id;       /* Chorus id of the last deposit, for "Follow this invoice" */
  gint64               deposited_flow;     /* its outbox action when it was a flux */
  guint                busy;
  guint                reload_id;
};

G_DEFINE_FINAL_TYPE (ChorusSupplierWorkspace, chorus_supplier_workspace, GTK_TYPE_WIDGET)

static void
say (ChorusSupplierWorkspace *self, const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_free (self->message);
  self->message = g_strdup (text != NULL ? text : "");
  if (text != NULL && *text != '\0' && overlay != NULL)
    {
      AdwToast *toast = chorus_toast_new_plain (text);

      /* "Waiting to be sent" gives way to what came of it at once. */
      if (self->toast != NULL)
        adw_toast_dismiss (self->toast);
      g_set_weak_pointer (&self->toast, toast);
      adw_toast_set_timeout (toast, 6);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

/* --- the supplier's structures ------------------------------------------------------------ */

static gboolean
structure_wanted (ChorusSupplierWorkspace *self, gint64 id)
{
  if (self->structure_ids->len == 0)
    return TRUE;
  for (guint i = 0; i < self->structure_ids->len; i++)
    if (g_array_index (self->structure_ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* The deposit form offers the profile's supplier structures; the choice is remembered. */
static void
offer_suppliers (ChorusSupplierWorkspace *self)
{
  g_autofree char *saved = self->store != NULL ? chorus_store_get_state (self->store, "supplier-structure") : NULL;
  g_autoptr(GPtrArray) offered = g_ptr_array_new ();

  for (guint i = 0; self->suppliers != NULL && i < self->suppliers->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->suppliers, i);

      if (structure_wanted (self, structure->id))
        g_ptr_array_add (offered, structure);
    }
  chorus_deposit_wizard_set_suppliers (self->wizard, offered, saved != NULL ? g_ascii_strtoll (saved, NULL, 10) : 0);
}

/* What the store kept of the account's supplier structures (offline, or before the lookup). */
static void
load_stored_suppliers (ChorusSupplierWorkspace *self)
{
  g_autoptr(GPtrArray) structures = NULL;

  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  self->suppliers = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  if (self->store == NULL || (structures = chorus_store_list_structures (self->store, NULL)) == NULL)
    return;
  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);

      if (structure->role != CHORUS_ROLE_FOURNISSEUR)
        continue;
      structure->services = chorus_store_list_services (self->store, structure->id, NULL);
      g_ptr_array_add (self->suppliers, chorus_structure_copy (structure));
    }
}

static void refresh_references (ChorusSupplierWorkspace *self);

static void
attachments_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusSupplierWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPage) page = chorus_client_get_user_attachments_finish (CHORUS_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) suppliers = g_ptr_array_new ();
  gint64 before;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (page == NULL)
    {
      /* Offline: the structures kept last time still serve. */
      g_debug ("Supplier structures not looked up: %s", error->message);
      return;
    }
  for (guint i = 0; page->items != NULL && i < page->items->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (page->items, i);

      if (structure->role == CHORUS_ROLE_FOURNISSEUR)
        g_ptr_array_add (suppliers, structure);
    }
  if (self->store != NULL && suppliers->len > 0 &&
      !chorus_store_upsert_structures (self->store, suppliers, &error))
    g_warning ("Supplier structures not kept: %s", error->message);
  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  self->suppliers = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  for (guint i = 0; i < suppliers->len; i++)
    g_ptr_array_add (self->suppliers, chorus_structure_copy (g_ptr_array_index (suppliers, i)));
  if (self->suppliers->len == 0)
    say (self, _("This account is not attached to a supplier structure: it cannot deposit invoices. Attach it to your company on the Chorus Pro portal."));
  before = chorus_deposit_wizard_get_supplier (self->wizard);
  offer_suppliers (self);
  /* The issuing structure became known (nothing kept yet, or another one): its bank details. */
  if (chorus_deposit_wizard_get_supplier (self->wizard) != before)
    refresh_references (self);
}

static void
look_up_suppliers (ChorusSupplierWorkspace *self)
{
  load_stored_suppliers (self);
  offer_suppliers (self);
  if (self->client == NULL)
    return;
  self->busy++;
  chorus_client_get_user_attachments_async (self->client, 1, 100, self->cancellable, attachments_cb,
                                            g_object_ref (self));
}

/* --- reference lists ------------------------------------------------------------------------- */

static void
offer_references (ChorusSupplierWorkspace *self)
{
  g_autoptr(GPtrArray) modes = NULL;
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(GPtrArray) banks = NULL;
  gint64 supplier = chorus_deposit_wizard_get_supplier (self->wizard);

  if (self->store == NULL)
    return;
  modes = chorus_store_list_reference_items (self->store, CHORUS_STORE_LIST_PAYMENT_MODES, 0, NULL);
  rates = chorus_store_list_reference_items (self->store, CHORUS_STORE_LIST_VAT_RATES, 0, NULL);
  chorus_deposit_wizard_set_references (self->wizard, modes, rates);
  banks = supplier != 0 ? chorus_store_list_reference_items (self->store, CHORUS_STORE_LIST_BANK_DETAILS, supplier, NULL)
                        : NULL;
  chorus_deposit_wizard_set_bank_details (self->wizard, supplier, banks);
}

static void
references_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusSupplierWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chorus_sync_refresh_references_finish (CHORUS_SYNC (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The last known lists stay in the form. */
      g_debug ("Reference lists not refreshed: %s", error->message);
    }
  self->busy--;
  offer_references (self);
}

static void
refresh_references (ChorusSupplierWorkspace *self)
{
  offer_references (self);
  if (self->sync == NULL)
    return;
  self->busy++;
  chorus_sync_refresh_references_async (self->sync, chorus_deposit_wizard_get_supplier (self->wizard),
                                        self->cancellable, references_cb, g_object_ref (self));
}

/* --- the list -------------------------------------------------------------------------------- */

static void show_invoice (ChorusSupplierWorkspace *self, gboolean fetch);

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
chorus_supplier_workspace_reload (ChorusSupplierWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  reload_list (self, TRUE);
  /* The invoice shown as the store now has it (a status the server just set, for instance). */
  if (self->shown_key != 0)
    show_invoice (self, FALSE);
}

static gboolean
reload_idle_cb (gpointer data)
{
  ChorusSupplierWorkspace *self = data;

  self->reload_id = 0;
  chorus_supplier_workspace_reload (self);
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
  self->busy--;
  /* A pull already running (the received side's) brings the same invoices: not an error. */
  if (error != NULL && !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY))
    {
      g_autofree char *text = g_strdup_printf (_("Synchronization failed: %s"), error->message);
      say (self, text);
    }
  chorus_supplier_workspace_reload (self);
}

void
chorus_supplier_workspace_refresh (ChorusSupplierWorkspace *self)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  if (self->sync == NULL)
    return;
  chorus_supplier_workspace_reload (self);
  self->busy++;
  chorus_sync_pull_async (self->sync, self->cancellable, pulled_cb, g_object_ref (self));
  if (chorus_store_count_open_actions (self->store) > 0 && !chorus_sync_get_flushing (self->sync))
    chorus_sync_flush_outbox_async (self->sync, NULL, NULL, NULL);
}

/* --- the invoice shown ----------------------------------------------------------------------- */

/* What the supplier can do now, said plainly above the detail. */
static void
update_action_box (ChorusSupplierWorkspace *self, ChorusInvoice *invoice)
{
  ChorusStatus status = invoice != NULL ? chorus_invoice_get_status (invoice) : CHORUS_STATUS_UNKNOWN;
  const char *motif = invoice != NULL ? chorus_invoice_get_status_comment (invoice) : NULL;
  g_autofree char *reason = motif != NULL && *motif != '\0' ? g_strdup_printf (_("Reason given: “%s”."), motif)
                                                            : g_strdup (_("No reason was given."));
  guint pending = invoice != NULL ? chorus_store_count_open_actions_for_invoice (self->store, self->shown_key) : 0;
  g_autofree char *text = NULL;
  const char *title = NULL;

  gtk_widget_set_visible (self->complete_button, FALSE);
  gtk_widget_set_visible (self->recycle_button, FALSE);
  gtk_widget_set_visible (self->correct_button, FALSE);
  if (invoice == NULL)
    ;
  else if (pending > 0)
    {
      title = _("Waiting to be sent to Chorus Pro");
      text = g_strdup (_("What you did on this invoice leaves as soon as Chorus Pro can be reached; its status then follows."));
    }
  else if (chorus_status_can_complete (status))
    {
      title = _("Suspended: the recipient waits for documents");
      text = g_strdup_printf (_("%s Complete the invoice with what is missing: it then goes back to the recipient."), reason);
      gtk_widget_set_visible (self->complete_button, TRUE);
    }
  else if (chorus_status_can_recycle (status))
    {
      title = _("To recycle: the routing data are wrong");
      text = g_strdup_printf (_("%s Send it again to the right recipient, service or engagement number: no new deposit is needed."),
                              reason);
      gtk_widget_set_visible (self->recycle_button, TRUE);
    }
  else if (status == CHORUS_STATUS_REJETEE)
    {
      title = _("Rejected: this invoice will not be paid");
      text = g_strdup_printf (_("%s It cannot be corrected: deposit a new invoice that fixes it (with its own number)."),
                              reason);
      gtk_widget_set_visible (self->correct_button, TRUE);
    }
  else if (status == CHORUS_STATUS_A_VALIDER_1 || status == CHORUS_STATUS_A_VALIDER_2)
    {
      /* A subcontractor's or co-contractor's invoice (A9, A12). */
      title = _("Waiting for the main contractor's validation");
      text = g_strdup (_("The main contractor (titulaire or mandataire) validates it in Chorus Pro first; it then goes to the recipient."));
    }
  else if (status == CHORUS_STATUS_REFUSEE_1 || status == CHORUS_STATUS_REFUSEE_2)
    {
      title = _("Refused by the main contractor");
      text = g_strdup_printf (_("%s Agree with them on what to change, then deposit a new invoice."), reason);
      gtk_widget_set_visible (self->correct_button, TRUE);
    }
  else if (status == CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR ||
           status == CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR)
    {
      title = _("Sent to the wrong main contractor");
      text = g_strdup_printf (_("%s Deposit it again naming the right titulaire or mandataire."), reason);
      gtk_widget_set_visible (self->correct_button, TRUE);
    }
  gtk_label_set_label (self->action_title, title != NULL ? title : "");
  gtk_label_set_label (self->action_text, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->action_revealer, title != NULL);
}

typedef struct {
  ChorusSupplierWorkspace *self;
  gint64                   key;
} Fetch;

/* What the user did on the invoice and Chorus Pro has or has not answered yet. */
static void
show_local_actions (ChorusSupplierWorkspace *self, gint64 key)
{
  g_autoptr(GPtrArray) actions = chorus_store_outbox_list_for_invoice (self->store, key, NULL);

  chorus_invoice_detail_set_local_actions (self->detail, actions);
}

static Fetch *
fetch_new (ChorusSupplierWorkspace *self, gint64 key)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->key = key;
  return fetch;
}

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch);
}

static void
pdf_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;
  ChorusSupplierWorkspace *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = chorus_sync_fetch_pdf_finish (CHORUS_SYNC (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && fetch->key == self->shown_key)
    {
      ChorusPdfView *view = chorus_invoice_detail_get_pdf_view (self->detail);

      if (bytes != NULL)
        {
          chorus_pdf_view_load_bytes (view, bytes, NULL);
          chorus_invoice_detail_set_invoice_pdf (self->detail, bytes);
        }
      else
        chorus_pdf_view_show_message (view, _("The PDF could not be downloaded"), error->message);
    }
  fetch_free (fetch);
}

static void
detail_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;
  ChorusSupplierWorkspace *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_sync_fetch_detail_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fetch_free (fetch);
      return;
    }
  self->busy--;
  if (invoice != NULL && fetch->key == self->shown_key)
    {
      chorus_invoice_detail_set_invoice (self->detail, invoice);
      show_local_actions (self, fetch->key);
      update_action_box (self, invoice);
    }
  else if (invoice == NULL)
    g_debug ("Detail of issued invoice %" G_GINT64_FORMAT ": %s", fetch->key, error->message);
  fetch_free (fetch);
}

static void
load_document (ChorusSupplierWorkspace *self, gint64 attachment_id)
{
  ChorusInvoice *invoice = chorus_invoice_detail_get_invoice (self->detail);
  ChorusPdfView *view = chorus_invoice_detail_get_pdf_view (self->detail);
  g_autoptr(GBytes) bytes = NULL;

  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  if (invoice == NULL)
    return;
  if (attachment_id != 0)
    {
      /* Only the invoice's own PDF is fetched here; its other documents are on the portal. */
      chorus_pdf_view_show_message (view, _("Attachment not downloaded"),
                                    _("Chorus Desk downloads the invoice PDF; open the other attachments on the Chorus Pro portal."));
      return;
    }
  bytes = chorus_store_load_cached_file (self->store, self->shown_key, "pdf", NULL);
  chorus_invoice_detail_set_invoice_pdf (self->detail, bytes);
  if (bytes != NULL)
    chorus_pdf_view_load_bytes (view, bytes, NULL);
  else if (self->sync != NULL)
    {
      self->document_cancellable = g_cancellable_new ();
      chorus_pdf_view_show_loading (view);
      chorus_sync_fetch_pdf_async (self->sync, self->shown_key, self->document_cancellable, pdf_cb,
                                   fetch_new (self, self->shown_key));
    }
}

/* Shows the selected invoice from the store; @fetch also asks Chorus Pro for its detail and
 * history (what a supplier comes to see) and its PDF. */
static void
show_invoice (ChorusSupplierWorkspace *self, gboolean fetch)
{
  g_autoptr(ChorusInvoice) invoice = NULL;

  if (self->store == NULL || self->shown_key == 0 ||
      (invoice = chorus_store_load_invoice (self->store, self->shown_key, NULL)) == NULL)
    {
      chorus_invoice_detail_set_invoice (self->detail, NULL);
      update_action_box (self, NULL);
      return;
    }
  chorus_invoice_detail_set_invoice (self->detail, invoice);
  show_local_actions (self, self->shown_key);
  update_action_box (self, invoice);
  if (!fetch)
    return;
  load_document (self, 0);
  if (self->sync != NULL)
    {
      self->busy++;
      chorus_sync_fetch_detail_async (self->sync, self->shown_key, self->cancellable, detail_cb,
                                      fetch_new (self, self->shown_key));
    }
}

static void
selection_changed_cb (ChorusSupplierWorkspace *self)
{
  g_autoptr(GArray) keys = chorus_invoice_list_get_selected_ids (self->invoice_list);
  gint64 key = keys->len == 1 ? g_array_index (keys, gint64, 0) : 0;

  if (keys->len > 1)
    {
      self->shown_key = 0;
      chorus_invoice_detail_show_selection (self->detail, keys->len);
      update_action_box (self, NULL);
      return;
    }
  if (key == self->shown_key)
    return;
  self->shown_key = key;
  show_invoice (self, TRUE);
}

static void
document_requested_cb (ChorusSupplierWorkspace *self, gint64 attachment_id)
{
  load_document (self, attachment_id);
}

void
chorus_supplier_workspace_select (ChorusSupplierWorkspace *self,
                                  gint64                   key)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));

  chorus_supplier_workspace_show_page (self, "issued");
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
      show_invoice (self, TRUE);
    }
  chorus_split_view_show_detail (self->split_view);
}

ChorusInvoice *
chorus_supplier_workspace_get_current (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return chorus_invoice_detail_get_invoice (self->detail);
}

/* --- pages ----------------------------------------------------------------------------------- */

void
chorus_supplier_workspace_show_page (ChorusSupplierWorkspace *self,
                                     const char              *name)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->pages, name) != NULL);

  if (g_str_equal (name, "flows"))
    chorus_flow_list_reload (self->flow_list);
  gtk_stack_set_visible_child_name (self->pages, name);
}

const char *
chorus_supplier_workspace_get_page (ChorusSupplierWorkspace *self)
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
  chorus_supplier_workspace_show_page (self, "deposit");
}

static void
show_issued_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  /* Escape: back to the issued invoices, then (folded) from the invoice to the list. */
  if (g_strcmp0 (chorus_supplier_workspace_get_page (self), "issued") == 0)
    chorus_split_view_show_list (self->split_view);
  else
    chorus_supplier_workspace_show_page (self, "issued");
}

static void
show_list_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  chorus_supplier_workspace_show_page (self, "issued");
  chorus_split_view_show_list (self->split_view);
}

static void
flows_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_supplier_workspace_show_page (CHORUS_SUPPLIER_WORKSPACE (widget), "flows");
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_supplier_workspace_refresh (CHORUS_SUPPLIER_WORKSPACE (widget));
}

static void
find_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);

  chorus_supplier_workspace_show_page (self, "issued");
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
  chorus_supplier_workspace_show_page (self, "deposit");
  say (self, _("A new deposit was prepared from the rejected invoice: choose its corrected PDF and give it its own number."));
}

/* --- completing and recycling ---------------------------------------------------------------- */

static gboolean
track (ChorusSupplierWorkspace *self, gint64 action_id, ChorusActionKind kind)
{
  if (action_id == 0)
    return FALSE;
  g_hash_table_insert (self->waiting, g_memdup2 (&action_id, sizeof action_id), GINT_TO_POINTER (kind));
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
  if (!track (self, chorus_sync_enqueue_complete (self->sync, key, chorus_complete_dialog_get_comment (dialog),
                                                  chorus_complete_dialog_get_files (dialog), &error),
              CHORUS_ACTION_KIND_COMPLETE))
    {
      chorus_complete_dialog_set_error (dialog, error->message);
      return;
    }
  g_hash_table_remove (self->failures, &key);
  say (self, _("The completion waits to be sent to Chorus Pro…"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  chorus_supplier_workspace_reload (self);
}

ChorusCompleteDialog *
chorus_supplier_workspace_complete (ChorusSupplierWorkspace *self)
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
  if (!track (self, chorus_sync_enqueue_recycle (self->sync, key, chorus_recycle_dialog_get_recipient (dialog),
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
  chorus_supplier_workspace_reload (self);
}

ChorusRecycleDialog *
chorus_supplier_workspace_recycle (ChorusSupplierWorkspace *self)
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
  chorus_supplier_workspace_complete (CHORUS_SUPPLIER_WORKSPACE (widget));
}

static void
recycle_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_supplier_workspace_recycle (CHORUS_SUPPLIER_WORKSPACE (widget));
}

/* --- the deposit ----------------------------------------------------------------------------- */

static void
wizard_submit_cb (ChorusSupplierWorkspace *self, ChorusDepositDraft *draft)
{
  g_autoptr(GError) error = NULL;
  gint64 supplier = chorus_invoice_get_supplier_id (draft->invoice);

  if (self->sync == NULL)
    {
      chorus_deposit_wizard_show_send_error (self->wizard, _("Not connected to Chorus Pro."));
      return;
    }
  if (supplier == 0 && draft->flux_syntax == NULL)
    {
      chorus_deposit_wizard_show_send_error (self->wizard,
                                             _("The structure that issues the invoice is not known yet: wait for the connection, or attach the account to your company on the Chorus Pro portal."));
      return;
    }
  if (supplier != 0 && self->store != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, supplier);

      chorus_store_set_state (self->store, "supplier-structure", text, NULL);
    }
  if (!track (self, chorus_sync_enqueue_deposit (self->sync, draft, &error),
              draft->flux_syntax != NULL ? CHORUS_ACTION_KIND_DEPOSIT_FLOW : CHORUS_ACTION_KIND_DEPOSIT_PDF))
    chorus_deposit_wizard_show_send_error (self->wizard, error->message);
}

static void
wizard_file_chosen_cb (ChorusSupplierWorkspace *self, const char *path)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->sync == NULL)
    return;
  /* The platform reads the PDF (deposer/pdf) through the outbox like any upload. */
  id = chorus_sync_enqueue_read_pdf (self->sync, path, &error);
  if (id == 0)
    {
      chorus_deposit_wizard_show_read_progress (self->wizard, path, error->message);
      return;
    }
  track (self, id, CHORUS_ACTION_KIND_READ_PDF);
  g_hash_table_insert (self->read_paths, g_memdup2 (&id, sizeof id), g_strdup (path));
  chorus_deposit_wizard_show_read_progress (self->wizard, path,
                                            chorus_sync_get_online (self->sync)
                                            ? _("Chorus Pro reads the PDF…")
                                            : _("Chorus Pro cannot be reached: the PDF will be read as soon as it can. Meanwhile, type the fields."));
}

static void
wizard_supplier_changed_cb (ChorusSupplierWorkspace *self, gint64 structure_id)
{
  /* The last known bank details at once, the server's as soon as they come. */
  refresh_references (self);
}

static void
wizard_follow_cb (ChorusSupplierWorkspace *self)
{
  gint64 key;

  if (self->deposited_flow != 0)
    {
      chorus_supplier_workspace_show_page (self, "flows");
      chorus_flow_list_show (self->flow_list, self->deposited_flow);
      return;
    }
  key = self->store != NULL && self->deposited_id != 0
        ? chorus_store_find_invoice (self->store, CHORUS_DIRECTION_ISSUED, self->deposited_id) : 0;
  if (key != 0)
    chorus_supplier_workspace_select (self, key);
  else
    chorus_supplier_workspace_show_page (self, "issued");
}

/* What the server answered, as the outbox recorded it. */
static void
show_deposit_answer (ChorusSupplierWorkspace *self, ChorusAction *action)
{
  g_autoptr(JsonObject) result = chorus_json_parse_object (action->result ? action->result : "{}", -1, NULL);
  g_autofree char *number = NULL, *date = NULL, *status = NULL, *flow = NULL, *certificate = NULL;
  gint64 invoice_id = 0;

  if (result != NULL)
    {
      chorus_json_get_string (result, "invoiceNumber", &number, NULL);
      chorus_json_get_string (result, "date", &date, NULL);
      chorus_json_get_string (result, "status", &status, NULL);
      chorus_json_get_string (result, "flowNumber", &flow, NULL);
      chorus_json_get_string (result, "certificate", &certificate, NULL);
      chorus_json_get_int (result, "invoiceId", &invoice_id, NULL);
    }
  if (action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW)
    {
      g_autoptr(JsonObject) payload = chorus_json_parse_object (action->payload, -1, NULL);
      g_autofree char *syntax = NULL;

      if (payload != NULL)
        chorus_json_get_string (payload, "fluxSyntax", &syntax, NULL);
      self->deposited_flow = action->id;
      self->deposited_id = 0;
      chorus_deposit_wizard_show_flux_receipt (self->wizard, flow, date, syntax);
      /* Its report says whether the invoices were integrated or why they were refused. */
      chorus_flow_list_reload (self->flow_list);
      chorus_flow_list_show (self->flow_list, action->id);
      return;
    }
  self->deposited_flow = 0;
  self->deposited_id = invoice_id;
  chorus_deposit_wizard_show_certificate (self->wizard, number, date,
                                          status != NULL && chorus_status_from_api (status) != CHORUS_STATUS_UNKNOWN
                                            ? chorus_status_from_api (status) : CHORUS_STATUS_DEPOSEE,
                                          certificate);
}

static void
apply_read (ChorusSupplierWorkspace *self, ChorusAction *action, gboolean ok, const char *message)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonObject *read = NULL;
  g_autoptr(ChorusDepositDraft) draft = NULL;
  gint64 attachment_id = 0;

  if (!g_hash_table_steal_extended (self->read_paths, &action->id, NULL, (gpointer *) &path))
    return;
  if (!ok)
    {
      g_autofree char *text = g_strdup_printf (_("Chorus Pro could not read this PDF: %s. Type the fields below."),
                                               message ? message : "");
      chorus_deposit_wizard_show_read_progress (self->wizard, path, text);
      return;
    }
  result = chorus_json_parse_object (action->result ? action->result : "{}", -1, NULL);
  if (result != NULL)
    {
      chorus_json_get_int (result, "attachmentId", &attachment_id, NULL);
      chorus_json_get_object (result, "read", &read, NULL);
    }
  if (read != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, read);
      draft = chorus_deposit_draft_from_json (node, NULL);
    }
  chorus_deposit_wizard_apply_read (self->wizard, path, draft != NULL ? draft->invoice : NULL, attachment_id);
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
  action = chorus_store_outbox_get (self->store, action_id, &error);
  if (action == NULL)
    return;
  switch (GPOINTER_TO_INT (kind))
    {
    case CHORUS_ACTION_KIND_READ_PDF:
      apply_read (self, action, ok, message);
      return;
    case CHORUS_ACTION_KIND_DEPOSIT_PDF:
    case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
      if (!ok)
        /* The server's own words on why it refused; the form stays as it was. */
        chorus_deposit_wizard_show_send_error (self->wizard, message ? message : _("Refused by Chorus Pro"));
      else
        show_deposit_answer (self, action);
      break;
    case CHORUS_ACTION_KIND_RECYCLE:
    case CHORUS_ACTION_KIND_COMPLETE:
    default:
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
      break;
    }
  chorus_supplier_workspace_reload (self);
  if (ok && action->invoice_id != 0 && action->invoice_id == self->shown_key)
    show_invoice (self, TRUE);
}

/* --- setup ----------------------------------------------------------------------------------- */

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
    say (self, error->message);
  else if (resend)
    {
      track (self, *id, CHORUS_ACTION_KIND_DEPOSIT_FLOW);
      say (self, _("Waiting to be sent to Chorus Pro…"));
    }
  else
    say (self, _("The deposit is recorded as done."));
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
  if (self->store != NULL)
    actions = chorus_store_outbox_list_to_check (self->store, NULL);
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

void
chorus_supplier_workspace_set_client (ChorusSupplierWorkspace *self,
                                      ChorusClient            *client)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (client == NULL || CHORUS_IS_CLIENT (client));

  g_set_object (&self->client, client);
  g_clear_object (&self->directory);
  if (client != NULL)
    self->directory = CHORUS_DIRECTORY (chorus_client_directory_new (client));
  chorus_deposit_wizard_set_directory (self->wizard, self->directory);
  look_up_suppliers (self);
}

void
chorus_supplier_workspace_set_structure_ids (ChorusSupplierWorkspace *self,
                                             const gint64            *ids,
                                             guint                    n_ids)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  g_array_set_size (self->structure_ids, 0);
  g_array_append_vals (self->structure_ids, ids, n_ids);
  offer_suppliers (self);
}

void
chorus_supplier_workspace_set_sync (ChorusSupplierWorkspace *self,
                                    ChorusSync              *sync)
{
  g_return_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_hash_table_remove_all (self->waiting);
  g_hash_table_remove_all (self->read_paths);
  g_hash_table_remove_all (self->failures);
  g_set_object (&self->sync, sync);
  chorus_unreadable_banner_set_sync (self->unreadable_banner, sync);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  self->shown_key = 0;
  chorus_flow_list_set_sync (self->flow_list, sync);
  if (sync == NULL)
    {
      chorus_invoice_detail_set_invoice (self->detail, NULL);
      update_action_box (self, NULL);
      refresh_to_check (self);
      return;
    }
  self->store = g_object_ref (chorus_sync_get_store (sync));
  g_signal_connect_swapped (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self);
  g_signal_connect_swapped (sync, "invoices-changed", G_CALLBACK (schedule_reload), self);
  g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (refresh_to_check), self);
  refresh_to_check (self);
  self->model = chorus_invoice_model_new (self->store);
  chorus_invoice_list_set_model (self->invoice_list, self->model);
  chorus_filter_bar_set_store (self->filter_bar, self->store);
  chorus_invoice_detail_set_store (self->detail, self->store);
  chorus_deposit_wizard_reset (self->wizard);
  load_stored_suppliers (self);
  offer_suppliers (self);
  refresh_references (self);
  chorus_supplier_workspace_reload (self);
}

ChorusDepositWizard *
chorus_supplier_workspace_get_wizard (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->wizard;
}

ChorusFilterBar *
chorus_supplier_workspace_get_filter_bar (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->filter_bar;
}

ChorusInvoiceList *
chorus_supplier_workspace_get_list (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->invoice_list;
}

ChorusInvoiceDetail *
chorus_supplier_workspace_get_detail (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->detail;
}

ChorusFlowList *
chorus_supplier_workspace_get_flow_list (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->flow_list;
}

const char *
chorus_supplier_workspace_get_message (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), NULL);
  return self->message != NULL ? self->message : "";
}

gboolean
chorus_supplier_workspace_is_busy (ChorusSupplierWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_SUPPLIER_WORKSPACE (self), FALSE);
  return self->busy > 0 || g_hash_table_size (self->waiting) > 0 || chorus_flow_list_is_busy (self->flow_list) ||
         chorus_deposit_wizard_is_reading_file (self->wizard);
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
  g_clear_pointer (&self->message, g_free);
  g_clear_weak_pointer (&self->toast);
  G_OBJECT_CLASS (chorus_supplier_workspace_parent_class)->dispose (object);
}

static void
chorus_supplier_workspace_class_init (ChorusSupplierWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_supplier_workspace_dispose;

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
  gtk_widget_class_bind_template_callback (widget_class, document_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_file_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_supplier_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_follow_cb);

  gtk_widget_class_install_action (widget_class, "supplier.deposit", NULL, deposit_action);
  gtk_widget_class_install_action (widget_class, "supplier.show-issued", NULL, show_issued_action);
  gtk_widget_class_install_action (widget_class, "supplier.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "supplier.flows", NULL, flows_action);
  gtk_widget_class_install_action (widget_class, "supplier.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "supplier.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "supplier.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "supplier.recycle", NULL, recycle_action);
  gtk_widget_class_install_action (widget_class, "supplier.deposit-corrected", NULL, deposit_corrected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "supplier.deposit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "supplier.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "supplier.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "supplier.show-issued", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "supplier.show-list", NULL);
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
  self->cancellable = g_cancellable_new ();

  /* The same list, filters and detail as the received side, seen from the supplier. */
  chorus_filter_bar_set_direction (self->filter_bar, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_list_set_direction (self->invoice_list, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_detail_set_direction (self->detail, CHORUS_DIRECTION_ISSUED);
  gtk_menu_button_set_popover (self->columns_button, chorus_invoice_list_create_columns_popover (self->invoice_list));
  g_signal_connect_object (chorus_invoice_list_get_selection (self->invoice_list), "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  update_action_box (self, NULL);
}

GtkWidget *
chorus_supplier_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_SUPPLIER_WORKSPACE, NULL);
}
