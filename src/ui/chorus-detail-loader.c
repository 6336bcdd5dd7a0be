/* chorus-detail-loader.c: what the recipient's and the validator's workspaces show of one invoice; an answer
 * that comes back after the user moved on to another invoice is dropped, and only the latest detail
 * read of an invoice counts (two reads may cross). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-attachments-list.h"
#include "chorus-detail-loader.h"
#include "chorus-document-file.h"

struct _ChorusDetailLoader
{
  GObject              parent_instance;

  ChorusInvoiceDetail *detail;          /* weak */
  ChorusInvoiceList   *list;            /* weak: the list beside the detail */
  ChorusSplitView     *split_view;      /* weak */
  ChorusStore         *store;
  ChorusSync          *sync;
  GCancellable        *document_cancellable;
  GHashTable          *detail_reads;    /* gint64* invoice id -> generation of its latest detail read */
  guint                detail_generation;
  guint                refusals_fetching; /* invoices read again after Chorus Pro refused an action */
  gint64               shown_id;
  guint                selection_timeout_id; /* the list's selection, shown after a short delay */
};

/* j/k held down must not load every PDF on the way. */
#define SELECTION_DELAY_MS 60

enum {
  SIGNAL_SELECTION_SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChorusDetailLoader, chorus_detail_loader, G_TYPE_OBJECT)

typedef struct {
  ChorusDetailLoader *self;
  gint64              invoice_id;
  char               *name;
  guint               generation;
  gboolean            refusal;
} FetchRequest;

static FetchRequest *
fetch_request_new (ChorusDetailLoader *self,
                   gint64              invoice_id)
{
  FetchRequest *request = g_new0 (FetchRequest, 1);

  request->self = g_object_ref (self);
  request->invoice_id = invoice_id;
  return request;
}

static void
fetch_request_free (FetchRequest *request)
{
  g_object_unref (request->self);
  g_free (request->name);
  g_free (request);
}

static char *
document_kind (gint64 attachment_id)
{
  if (attachment_id == 0)
    return g_strdup ("pdf");
  return g_strdup_printf ("attachment-%" G_GINT64_FORMAT, attachment_id);
}

static void
pdf_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FetchRequest *request = user_data;
  ChorusDetailLoader *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = chorus_sync_fetch_pdf_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->detail == NULL ||
      self->shown_id != request->invoice_id)
    {
      fetch_request_free (request);
      return;
    }
  if (bytes != NULL)
    {
      chorus_pdf_view_load_bytes (chorus_invoice_detail_get_pdf_view (self->detail), bytes, request->name);
      chorus_invoice_detail_set_invoice_pdf (self->detail, bytes);
    }
  else
    chorus_pdf_view_show_message (chorus_invoice_detail_get_pdf_view (self->detail),
                                  _("The PDF could not be downloaded"), error->message);
  fetch_request_free (request);
}

/* What the user did on the invoice and Chorus Pro has or has not answered yet. */
static void
show_local_actions (ChorusDetailLoader *self,
                    gint64              id)
{
  g_autoptr(GPtrArray) actions = chorus_store_outbox_list_for_invoice (self->store, id, NULL);

  chorus_invoice_detail_set_local_actions (self->detail, actions);
}

static void
detail_fetched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FetchRequest *request = user_data;
  ChorusDetailLoader *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_sync_fetch_detail_finish (CHORUS_SYNC (source), result, &error);
  gboolean latest = GPOINTER_TO_UINT (g_hash_table_lookup (self->detail_reads, &request->invoice_id)) ==
                    request->generation;

  if (request->refusal && self->refusals_fetching > 0)
    self->refusals_fetching--;
  if (latest)
    g_hash_table_remove (self->detail_reads, &request->invoice_id);
  /* Only if the user is still on that invoice, and not an older read that ended after a newer one
   * (the first read of an invoice and the one after Chorus Pro's answer may cross); the page and the
   * PDF stay as they are. */
  if (invoice != NULL && latest && self->detail != NULL && self->store != NULL &&
      self->shown_id == request->invoice_id)
    {
      chorus_invoice_detail_set_invoice (self->detail, invoice);
      show_local_actions (self, request->invoice_id);
    }
  else if (invoice == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Detail of invoice %" G_GINT64_FORMAT ": %s", request->invoice_id, error->message);
  fetch_request_free (request);
}

/* Reads the invoice's detail and history from Chorus Pro; the answer shows if the invoice still is. */
static void
fetch_detail (ChorusDetailLoader *self,
              gint64              id,
              gboolean            refusal)
{
  FetchRequest *request = fetch_request_new (self, id);

  request->refusal = refusal;
  if (refusal)
    self->refusals_fetching++;
  request->generation = ++self->detail_generation;
  g_hash_table_insert (self->detail_reads, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (request->generation));
  chorus_sync_fetch_detail_async (self->sync, id, NULL, detail_fetched_cb, request);
}

void
chorus_detail_loader_load_document (ChorusDetailLoader *self,
                                    gint64              attachment_id)
{
  ChorusInvoice *invoice;
  ChorusPdfView *view;
  g_autofree char *kind = document_kind (attachment_id);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));

  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  if (self->detail == NULL || self->store == NULL ||
      (invoice = chorus_invoice_detail_get_invoice (self->detail)) == NULL)
    return;
  view = chorus_invoice_detail_get_pdf_view (self->detail);

  name = chorus_document_file_name (invoice, attachment_id);
  bytes = chorus_store_load_cached_file (self->store, chorus_invoice_get_key (invoice), kind, &error);
  if (attachment_id == 0)
    chorus_invoice_detail_set_invoice_pdf (self->detail, bytes);
  if (bytes != NULL)
    chorus_pdf_view_load_bytes (view, bytes, name);
  else if (error != NULL)
    chorus_pdf_view_show_message (view, _("The PDF cannot be read"), error->message);
  else if (self->sync != NULL && attachment_id == 0)
    {
      FetchRequest *request = fetch_request_new (self, chorus_invoice_get_key (invoice));

      request->name = g_steal_pointer (&name);
      self->document_cancellable = g_cancellable_new ();
      chorus_pdf_view_show_loading (view);
      chorus_sync_fetch_pdf_async (self->sync, request->invoice_id, self->document_cancellable,
                                   pdf_fetched_cb, request);
    }
  else if (attachment_id != 0 && self->sync != NULL)
    {
      /* Downloaded with the other attachments; the viewer is asked again once they are cached. */
      chorus_pdf_view_show_loading (view);
      chorus_attachments_list_open (chorus_invoice_detail_get_attachments_list (self->detail), attachment_id);
    }
  else if (attachment_id != 0)
    chorus_pdf_view_show_message (view, _("Attachment not downloaded"),
                                  _("It is downloaded from Chorus Pro when a connection is open."));
  else
    chorus_pdf_view_show_message (view, _("PDF not downloaded yet"),
                                  _("It is downloaded from Chorus Pro at the next synchronization."));
}

gboolean
chorus_detail_loader_show (ChorusDetailLoader  *self,
                           gint64               id,
                           gboolean             force,
                           GError             **error)
{
  g_autoptr(ChorusInvoice) invoice = NULL;

  g_return_val_if_fail (CHORUS_IS_DETAIL_LOADER (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  /* An invoice shown on purpose replaces the selection's delayed show. */
  g_clear_handle_id (&self->selection_timeout_id, g_source_remove);
  if (self->detail == NULL || self->store == NULL || (id == self->shown_id && !force))
    return TRUE;
  invoice = chorus_store_load_invoice (self->store, id, error);
  if (invoice == NULL)
    {
      chorus_detail_loader_show_none (self, 0);
      return FALSE;
    }
  chorus_invoice_detail_set_invoice (self->detail, invoice);
  show_local_actions (self, id);
  if (id != self->shown_id)
    {
      self->shown_id = id;
      chorus_detail_loader_load_document (self, 0);
      if (self->sync != NULL && !chorus_store_has_detail (self->store, id))
        fetch_detail (self, id, FALSE);
    }
  return TRUE;
}

void
chorus_detail_loader_show_none (ChorusDetailLoader *self,
                                guint               n_selected)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));

  self->shown_id = 0;
  g_cancellable_cancel (self->document_cancellable);
  if (self->detail == NULL)
    return;
  if (n_selected == 0)
    chorus_invoice_detail_set_invoice (self->detail, NULL);
  else
    chorus_invoice_detail_show_selection (self->detail, n_selected);
}

void
chorus_detail_loader_answered (ChorusDetailLoader *self,
                               gint64              invoice_id,
                               gboolean            ok)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));

  /* Accepted: the history of the invoice shown gains Chorus Pro's record. Refused: the invoice has
   * most likely moved on elsewhere (the portal, a colleague), so read its status again rather than
   * leave the one before the action, a few at a time; the next pull sees to the others. */
  if (self->sync != NULL && (invoice_id == self->shown_id || (!ok && self->refusals_fetching < 8)))
    fetch_detail (self, invoice_id, !ok);
}

/* Enter or a double click on a row: its PDF. */
static void
row_activated_cb (ChorusDetailLoader *self,
                  guint               position)
{
  if (self->detail == NULL || self->split_view == NULL)
    return;
  chorus_invoice_detail_show_page (self->detail, "pdf");
  chorus_split_view_show_detail (self->split_view);
}

/* On a narrow window, picking an invoice in the list opens its page. */
static void
row_clicked_cb (ChorusDetailLoader *self)
{
  g_autoptr(GArray) ids = NULL;

  if (self->list == NULL || self->split_view == NULL)
    return;
  ids = chorus_invoice_list_get_selected_ids (self->list);
  if (ids->len == 1)
    chorus_split_view_show_detail (self->split_view);
}

/* Back on the list page of a narrow window: the invoice just read is in view. */
static void
showing_detail_changed_cb (ChorusDetailLoader *self)
{
  if (self->list != NULL && self->split_view != NULL && !chorus_split_view_get_showing_detail (self->split_view))
    chorus_invoice_list_scroll_to_selection (self->list);
}

void
chorus_detail_loader_pair_list (ChorusDetailLoader *self,
                                ChorusInvoiceList  *list,
                                ChorusSplitView    *split_view)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (list));
  g_return_if_fail (CHORUS_IS_SPLIT_VIEW (split_view));

  g_set_weak_pointer (&self->list, list);
  g_set_weak_pointer (&self->split_view, split_view);
  g_signal_connect_object (list, "activate", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "row-clicked", G_CALLBACK (row_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (split_view, "notify::showing-detail", G_CALLBACK (showing_detail_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
chorus_detail_loader_show_selection (ChorusDetailLoader *self,
                                     gboolean            force)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));

  g_clear_handle_id (&self->selection_timeout_id, g_source_remove);
  if (self->list == NULL)
    return;
  ids = chorus_invoice_list_get_selected_ids (self->list);
  if (ids->len != 1)
    chorus_detail_loader_show_none (self, ids->len);
  else
    chorus_detail_loader_show (self, g_array_index (ids, gint64, 0), force, &error);
  g_signal_emit (self, signals[SIGNAL_SELECTION_SHOWN], 0, error != NULL ? error->message : NULL);
}

static gboolean
selection_timeout_cb (gpointer data)
{
  ChorusDetailLoader *self = data;

  self->selection_timeout_id = 0;
  chorus_detail_loader_show_selection (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
chorus_detail_loader_show_selection_later (ChorusDetailLoader *self)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));

  g_clear_handle_id (&self->selection_timeout_id, g_source_remove);
  self->selection_timeout_id = g_timeout_add (SELECTION_DELAY_MS, selection_timeout_cb, self);
}

void
chorus_detail_loader_flush (ChorusDetailLoader *self)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));

  if (self->selection_timeout_id != 0)
    chorus_detail_loader_show_selection (self, FALSE);
}

void
chorus_detail_loader_set_store (ChorusDetailLoader *self,
                                ChorusStore        *store)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));
  g_return_if_fail (store == NULL || CHORUS_IS_STORE (store));

  if (g_set_object (&self->store, store))
    self->shown_id = 0;
}

void
chorus_detail_loader_set_sync (ChorusDetailLoader *self,
                               ChorusSync         *sync)
{
  g_return_if_fail (CHORUS_IS_DETAIL_LOADER (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  /* The detail and PDF of the invoice shown may now be fetched: the next show loads it again. */
  if (g_set_object (&self->sync, sync))
    self->shown_id = 0;
}

static void
chorus_detail_loader_dispose (GObject *object)
{
  ChorusDetailLoader *self = CHORUS_DETAIL_LOADER (object);

  g_clear_handle_id (&self->selection_timeout_id, g_source_remove);
  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  g_clear_weak_pointer (&self->detail);
  g_clear_weak_pointer (&self->list);
  g_clear_weak_pointer (&self->split_view);
  g_clear_object (&self->store);
  g_clear_object (&self->sync);
  G_OBJECT_CLASS (chorus_detail_loader_parent_class)->dispose (object);
}

static void
chorus_detail_loader_finalize (GObject *object)
{
  ChorusDetailLoader *self = CHORUS_DETAIL_LOADER (object);

  g_hash_table_unref (self->detail_reads);
  G_OBJECT_CLASS (chorus_detail_loader_parent_class)->finalize (object);
}

static void
chorus_detail_loader_class_init (ChorusDetailLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chorus_detail_loader_dispose;
  object_class->finalize = chorus_detail_loader_finalize;

  /* The paired list's selection was shown; the message says why the store could not read it (the
   * pane is then empty), NULL when it could. */
  signals[SIGNAL_SELECTION_SHOWN] = g_signal_new ("selection-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
chorus_detail_loader_init (ChorusDetailLoader *self)
{
  self->detail_reads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

ChorusDetailLoader *
chorus_detail_loader_new (ChorusInvoiceDetail *detail)
{
  ChorusDetailLoader *self;

  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (detail), NULL);

  self = g_object_new (CHORUS_TYPE_DETAIL_LOADER, NULL);
  g_set_weak_pointer (&self->detail, detail);
  /* The document picked in the PDF tab: the invoice's PDF (0) or one of its attachments. */
  g_signal_connect_object (detail, "document-requested", G_CALLBACK (chorus_detail_loader_load_document), self,
                           G_CONNECT_SWAPPED);
  return self;
}
