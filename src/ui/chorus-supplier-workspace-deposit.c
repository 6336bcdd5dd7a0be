/* chorus-supplier-workspace-deposit.c: the supplier workspace's deposit side: the structures that may issue
 * an invoice, the reference lists, the deposit wizard's requests through the outbox and what came of them,
 * and the deposits whose answer was lost. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-json.h"
#include "chorus-plain-text.h"
#include "chorus-supplier-workspace-private.h"

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
  _chorus_supplier_workspace_busy_done (self);
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
    chorus_toast_show_plain (GTK_WIDGET (self), _("This account is not attached to a supplier structure: it cannot deposit invoices. Attach it to your company on the Chorus Pro portal."));
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
  _chorus_supplier_workspace_busy_start (self);
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
  _chorus_supplier_workspace_busy_done (self);
  offer_references (self);
}

static void
refresh_references (ChorusSupplierWorkspace *self)
{
  offer_references (self);
  if (self->sync == NULL)
    return;
  _chorus_supplier_workspace_busy_start (self);
  chorus_sync_refresh_references_async (self->sync, chorus_deposit_wizard_get_supplier (self->wizard),
                                        self->cancellable, references_cb, g_object_ref (self));
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
  if (!_chorus_supplier_workspace_track (self, chorus_sync_enqueue_deposit (self->sync, draft, &error),
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
  _chorus_supplier_workspace_track (self, id, CHORUS_ACTION_KIND_READ_PDF);
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
      _chorus_supplier_workspace_show_page (self, "flows");
      chorus_flow_list_show (self->flow_list, self->deposited_flow);
      return;
    }
  key = self->store != NULL && self->deposited_id != 0
        ? chorus_store_find_invoice (self->store, CHORUS_DIRECTION_ISSUED, self->deposited_id) : 0;
  if (key != 0)
    _chorus_supplier_workspace_select (self, key);
  else
    _chorus_supplier_workspace_show_page (self, "issued");
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

/* --- deposits to check ------------------------------------------------------------------- */

/* (action id, resend): send the deposit again, or record it as done. */
static void
resolve_deposit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusSupplierWorkspace *self = CHORUS_SUPPLIER_WORKSPACE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;
  gboolean resend;

  g_variant_get (parameter, "(xb)", &id, &resend);
  if (self->sync == NULL)
    return;
  if (!chorus_sync_resolve_action (self->sync, id, resend, &error))
    chorus_toast_show_plain (widget, error->message);
  else if (resend)
    {
      _chorus_supplier_workspace_track (self, id, CHORUS_ACTION_KIND_DEPOSIT_FLOW);
      chorus_toast_show_plain (widget, _("Waiting to be sent to Chorus Pro…"));
    }
  else
    chorus_toast_show_plain (widget, _("The deposit is recorded as done."));
  _chorus_supplier_workspace_refresh_to_check (self);
}

static GtkWidget *
resolve_button (const char *label, const char *tooltip, gint64 action_id, gboolean resend)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "supplier.resolve-deposit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xb)", action_id, resend);
  return button;
}

/* A deposit whose answer was lost and that Chorus Pro could not confirm: the user looks in the
 * portal, then sends it again or records it as deposited. Never decided on a guess. */
void
_chorus_supplier_workspace_refresh_to_check (ChorusSupplierWorkspace *self)
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
                                                 action->id, FALSE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 resolve_button (_("_Send Again"),
                                                 _("It is not in the Chorus Pro portal: deposit it again"),
                                                 action->id, TRUE));
      adw_preferences_group_add (self->to_check_group, row);
      g_ptr_array_add (self->to_check_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->to_check_group), self->to_check_rows->len > 0);
}

/* What the outbox answered to a deposit or a reading sent from here; FALSE for other kinds. */
gboolean
_chorus_supplier_workspace_deposit_finished (ChorusSupplierWorkspace *self,
                                             ChorusActionKind         kind,
                                             ChorusAction            *action,
                                             gboolean                 ok,
                                             const char              *message)
{
  switch (kind)
    {
    case CHORUS_ACTION_KIND_READ_PDF:
      apply_read (self, action, ok, message);
      return TRUE;
    case CHORUS_ACTION_KIND_DEPOSIT_PDF:
    case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
      if (!ok)
        /* The server's own words on why it refused; the form stays as it was. */
        chorus_deposit_wizard_show_send_error (self->wizard, message ? message : _("Refused by Chorus Pro"));
      else
        show_deposit_answer (self, action);
      return TRUE;
    default:
      return FALSE;
    }
}

/* A new session: an empty form offered the structures kept last time, the reference lists, then
 * the account's supplier structures as Chorus Pro has them. */
void
_chorus_supplier_workspace_deposit_attach (ChorusSupplierWorkspace *self)
{
  chorus_deposit_wizard_reset (self->wizard);
  chorus_deposit_wizard_set_directory (self->wizard, self->directory);
  _chorus_supplier_workspace_refresh_to_check (self);
  look_up_suppliers (self);
  refresh_references (self);
}

void
_chorus_supplier_workspace_deposit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, wizard_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_file_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_supplier_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wizard_follow_cb);
  gtk_widget_class_install_action (widget_class, "supplier.resolve-deposit", "(xb)", resolve_deposit_action);
}
