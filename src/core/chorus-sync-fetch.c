/* chorus-sync-fetch.c: what the sync reads on demand for one invoice: its detail, its PDF (cached
 * beside the store) and its attachments (one archive, unpacked). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-deposit-draft.h"
#include "chorus-json.h"
#include "chorus-store-unreadable.h"
#include "chorus-sync-private.h"
#include "chorus-zip-reader.h"

/* Detail and PDF ------------------------------------------------------------------------------- */

static void
detail_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 id = *(gint64 *) task_data;
  g_autoptr(ChorusInvoice) cached = NULL;
  g_autoptr(ChorusInvoice) detail = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 chorus_id;

  cached = chorus_store_load_invoice (self->store, id, &error);
  if (cached == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  chorus_id = chorus_invoice_get_id (cached);
  detail = chorus_client_consult_invoice_sync (self->client, chorus_invoice_get_direction (cached), chorus_id,
                                               cancellable, &error);
  if (detail != NULL)
    history = chorus_client_get_history_sync (self->client, chorus_id, cancellable, &error);
  if (detail == NULL || history == NULL)
    {
      if (chorus_sync_is_offline_error (error))
        chorus_sync_set_online (self, FALSE);
      /* Offline (or refused): the cached detail is better than nothing. */
      if (chorus_sync_is_offline_error (error) && chorus_store_has_detail (self->store, id))
        g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  chorus_sync_set_online (self, TRUE);
  chorus_invoice_set_id (detail, chorus_id);
  chorus_invoice_set_direction (detail, chorus_invoice_get_direction (cached));
  chorus_invoice_set_history (detail, history->events);
  chorus_invoice_set_user_actions (detail, history->actions);
  if (!chorus_store_save_detail (self->store, detail, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&cached);
  cached = chorus_store_load_invoice (self->store, id, &error);
  if (cached == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
      g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
    }
}

void
chorus_sync_fetch_detail_async (ChorusSync          *self,
                                gint64               invoice_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_detail_async, g_memdup2 (&invoice_id, sizeof invoice_id), g_free,
                        detail_thread, cancellable, callback, user_data);
}

ChorusInvoice *
chorus_sync_fetch_detail_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

/* A PDF may carry a few bytes before its header (the format allows 1 KiB of them). */
static gboolean
looks_like_pdf (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return size >= 5 && g_strstr_len (data, MIN (size, 1024), "%PDF-") != NULL;
}

/* The invoice's own PDF among the files of an archive: the PDF named after its number, else
 * one called "facture…", else the first PDF. */
static ChorusZipEntry *
pick_main_pdf (GPtrArray *files, const char *number)
{
  g_autofree char *number_folded = number != NULL && *number != '\0' ? g_utf8_casefold (number, -1) : NULL;
  ChorusZipEntry *first = NULL, *facture = NULL;

  for (guint i = 0; i < files->len; i++)
    {
      ChorusZipEntry *entry = g_ptr_array_index (files, i);
      g_autofree char *name = g_utf8_casefold (entry->name, -1);

      if (!looks_like_pdf (entry->data))
        continue;
      if (number_folded != NULL && strstr (name, number_folded) != NULL)
        return entry;
      if (facture == NULL && strstr (name, "facture") != NULL)
        facture = entry;
      if (first == NULL)
        first = entry;
    }
  return facture != NULL ? facture : first;
}

/* telecharger/groupe answers a PDF, or a ZIP when the invoice comes with other files (§0.10):
 * the PDF is cached as "pdf", a ZIP unpacked into the invoice's files (its PDF as "pdf", the
 * rest as "attachment-N" under their own names). Returns the PDF. */
static GBytes *
cache_download (ChorusSync *self, gint64 id, const char *number, GBytes *download, GError **error)
{
  g_autoptr(GPtrArray) files = NULL;
  ChorusZipEntry *main_pdf;
  guint n = 0;

  if (looks_like_pdf (download))
    return chorus_store_cache_file (self->store, id, "pdf", download, error) ? g_bytes_ref (download) : NULL;
  if (!chorus_zip_sniff (download))
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("Chorus Pro sent a file that is neither a PDF nor a ZIP archive."));
      return NULL;
    }
  files = chorus_zip_read (download, NULL, NULL, error);
  if (files == NULL)
    return NULL;
  main_pdf = pick_main_pdf (files, number);
  for (guint i = 0; i < files->len; i++)
    {
      ChorusZipEntry *entry = g_ptr_array_index (files, i);
      g_autofree char *kind = NULL;
      g_autofree char *shown = NULL;

      if (entry == main_pdf)
        continue;
      kind = g_strdup_printf ("attachment-%u", ++n);
      shown = entry->folder != NULL ? g_strconcat (entry->folder, "/", entry->name, NULL) : g_strdup (entry->name);
      if (!chorus_store_cache_named_file (self->store, id, kind, shown, entry->data, error))
        return NULL;
    }
  if (main_pdf == NULL)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                           _("The archive sent by Chorus Pro holds no PDF for this invoice; its other "
                             "files were kept."));
      return NULL;
    }
  if (!chorus_store_cache_named_file (self->store, id, "pdf", main_pdf->name, main_pdf->data, error))
    return NULL;
  return g_bytes_ref (main_pdf->data);
}

static void
pdf_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 id = *(gint64 *) task_data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  pdf = chorus_store_load_cached_file (self->store, id, "pdf", &error);
  if (pdf == NULL && error == NULL)
    {
      g_autoptr(ChorusInvoice) cached = chorus_store_load_invoice (self->store, id, &error);
      gint64 chorus_id = cached != NULL ? chorus_invoice_get_id (cached) : 0;
      g_autoptr(GBytes) download = NULL;

      /* The store's key finds the invoice; Chorus Pro knows it by its own id. */
      if (cached != NULL)
        download = chorus_client_download_sync (self->client, &chorus_id, 1, CHORUS_DOWNLOAD_PDF, FALSE, cancellable,
                                                &error);
      if (download == NULL)
        error = chorus_sync_read_error (self, g_steal_pointer (&error),
                                        _("Chorus Pro cannot be reached and this PDF was never downloaded."));
      else
        pdf = cache_download (self, id, chorus_invoice_get_number (cached), download, &error);
    }
  if (pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&pdf), (GDestroyNotify) g_bytes_unref);
}

void
chorus_sync_fetch_pdf_async (ChorusSync          *self,
                             gint64               invoice_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_pdf_async, g_memdup2 (&invoice_id, sizeof invoice_id), g_free,
                        pdf_thread, cancellable, callback, user_data);
}

GBytes *
chorus_sync_fetch_pdf_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

/* Attachments ---------------------------------------------------------------------------------- */

void
chorus_attachment_file_free (ChorusAttachmentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_free (file);
}

static char *
attachment_kind (gint64 attachment_id)
{
  return g_strdup_printf ("attachment-%" G_GINT64_FORMAT, attachment_id);
}

/* The file name an attachment gets: its designation, with its extension when it has none. */
static char *
attachment_file_name (const ChorusAttachment *attachment)
{
  g_autofree char *base = chorus_zip_sanitize_name (attachment->name ? attachment->name : "");
  g_autofree char *ext = attachment->extension ? g_ascii_strdown (attachment->extension, -1) : NULL;

  if (ext != NULL && *ext != '\0' && strchr (base, '.') == NULL)
    return g_strdup_printf ("%s.%s", base, ext);
  return g_steal_pointer (&base);
}

/* The archive names members after their designation; compare without case or extension. */
static gboolean
entry_matches (const ChorusZipEntry *entry, const ChorusAttachment *attachment)
{
  g_autofree char *wanted = attachment_file_name (attachment);
  g_autofree char *a = g_utf8_casefold (entry->name, -1);
  g_autofree char *b = g_utf8_casefold (wanted, -1);
  char *dot;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  if ((dot = strrchr (a, '.')) != NULL)
    *dot = '\0';
  if ((dot = strrchr (b, '.')) != NULL)
    *dot = '\0';
  return g_strcmp0 (a, b) == 0;
}

static ChorusAttachmentFile *
attachment_file_new (gint64 id, const char *name, GBytes *bytes)
{
  ChorusAttachmentFile *file = g_new0 (ChorusAttachmentFile, 1);

  file->attachment_id = id;
  file->name = g_strdup (name);
  file->bytes = g_bytes_ref (bytes);
  file->is_pdf = looks_like_pdf (bytes);
  return file;
}

static void
attachments_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 id = *(gint64 *) task_data;
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_attachment_file_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GBytes) download = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *used = NULL;
  GPtrArray *attachments;
  ChorusZipEntry *main_pdf;
  gboolean all_cached = TRUE;

  invoice = chorus_store_load_invoice (self->store, id, &error);
  if (invoice == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  attachments = chorus_invoice_get_attachments (invoice);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *kind = attachment_kind (attachment->id);
      g_autofree char *name = attachment_file_name (attachment);
      g_autoptr(GBytes) cached = NULL;

      if (attachment->is_main)
        continue;
      cached = chorus_store_load_cached_file (self->store, id, kind, NULL);
      if (cached == NULL)
        {
          all_cached = FALSE;
          break;
        }
      g_ptr_array_add (files, attachment_file_new (attachment->id, name, cached));
    }
  if (all_cached)
    {
      g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  g_ptr_array_set_size (files, 0);

  {
    /* Chorus Pro knows the invoice by its own id, the store by its key. */
    gint64 chorus_id = chorus_invoice_get_id (invoice);

    download = chorus_client_download_sync (self->client, &chorus_id, 1, CHORUS_DOWNLOAD_PDF, TRUE, cancellable,
                                            &error);
  }
  if (download == NULL)
    {
      g_task_return_error (task, chorus_sync_read_error (self, g_steal_pointer (&error),
                                                         _("Chorus Pro cannot be reached and these attachments "
                                                           "were never downloaded.")));
      return;
    }
  chorus_sync_set_online (self, TRUE);
  /* One file only: the invoice's own PDF, there is nothing else to show. */
  if (looks_like_pdf (download))
    {
      g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (!chorus_zip_sniff (download))
    {
      g_task_return_new_error (task, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                               _("Chorus Pro sent the attachments in a form Chorus Desk cannot read."));
      return;
    }
  entries = chorus_zip_read (download, NULL, NULL, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  used = g_new0 (gboolean, entries->len);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (attachments, i);

      if (attachment->is_main)
        continue;
      for (guint e = 0; e < entries->len; e++)
        {
          ChorusZipEntry *entry = g_ptr_array_index (entries, e);
          g_autofree char *kind = NULL;
          g_autofree char *name = NULL;

          if (used[e] || !entry_matches (entry, attachment))
            continue;
          used[e] = TRUE;
          kind = attachment_kind (attachment->id);
          name = attachment_file_name (attachment);
          if (!chorus_store_cache_file (self->store, id, kind, entry->data, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          g_ptr_array_add (files, attachment_file_new (attachment->id, name, entry->data));
          break;
        }
    }
  /* The rest of the archive, but the invoice's own PDF. */
  main_pdf = pick_main_pdf (entries, chorus_invoice_get_number (invoice));
  for (guint e = 0; e < entries->len; e++)
    {
      ChorusZipEntry *entry = g_ptr_array_index (entries, e);

      if (!used[e] && entry != main_pdf)
        g_ptr_array_add (files, attachment_file_new (0, entry->name, entry->data));
    }
  g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
}

void
chorus_sync_fetch_attachments_async (ChorusSync          *self,
                                     gint64               invoice_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_attachments_async, g_memdup2 (&invoice_id, sizeof invoice_id), g_free,
                        attachments_thread, cancellable, callback, user_data);
}

GPtrArray *
chorus_sync_fetch_attachments_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}
