/* chorus-supplier-workspace-invoice.c: the issued invoice shown by the supplier workspace: the store's copy at
 * once, then its detail, history and PDF from Chorus Pro, and what the user did on it that waits in the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-supplier-workspace-private.h"

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
pdf_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Fetch) fetch = user_data;
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
}

static void
detail_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  ChorusSupplierWorkspace *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_sync_fetch_detail_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _chorus_supplier_workspace_busy_done (self);
  if (invoice != NULL && fetch->key == self->shown_key)
    {
      chorus_invoice_detail_set_invoice (self->detail, invoice);
      show_local_actions (self, fetch->key);
      _chorus_supplier_workspace_update_action_box (self, invoice);
    }
  else if (invoice == NULL)
    g_debug ("Detail of issued invoice %" G_GINT64_FORMAT ": %s", fetch->key, error->message);
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
void
_chorus_supplier_workspace_show_invoice (ChorusSupplierWorkspace *self, gboolean fetch)
{
  g_autoptr(ChorusInvoice) invoice = NULL;

  if (self->store == NULL || self->shown_key == 0 ||
      (invoice = chorus_store_load_invoice (self->store, self->shown_key, NULL)) == NULL)
    {
      chorus_invoice_detail_set_invoice (self->detail, NULL);
      _chorus_supplier_workspace_update_action_box (self, NULL);
      return;
    }
  chorus_invoice_detail_set_invoice (self->detail, invoice);
  show_local_actions (self, self->shown_key);
  _chorus_supplier_workspace_update_action_box (self, invoice);
  if (!fetch)
    return;
  load_document (self, 0);
  if (self->sync != NULL)
    {
      _chorus_supplier_workspace_busy_start (self);
      chorus_sync_fetch_detail_async (self->sync, self->shown_key, self->cancellable, detail_cb,
                                      fetch_new (self, self->shown_key));
    }
}

void
_chorus_supplier_workspace_selection_changed (ChorusSupplierWorkspace *self)
{
  g_autoptr(GArray) keys = chorus_invoice_list_get_selected_ids (self->invoice_list);
  gint64 key = keys->len == 1 ? g_array_index (keys, gint64, 0) : 0;

  if (keys->len > 1)
    {
      self->shown_key = 0;
      chorus_invoice_detail_show_selection (self->detail, keys->len);
      _chorus_supplier_workspace_update_action_box (self, NULL);
      return;
    }
  if (key == self->shown_key)
    return;
  self->shown_key = key;
  _chorus_supplier_workspace_show_invoice (self, TRUE);
}

static void
document_requested_cb (ChorusSupplierWorkspace *self, gint64 attachment_id)
{
  load_document (self, attachment_id);
}

void
_chorus_supplier_workspace_invoice_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, document_requested_cb);
}
