/* chorus-recipient-export.c: the received list to a CSV file (read and formatted on a worker thread) and
 * the selection's PDFs to a folder (one at a time, from the cache or Chorus Pro). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-document-file.h"
#include "chorus-invoice-columns.h"
#include "chorus-plain-text.h"
#include "chorus-recipient-export.h"

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);

  return GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL;
}

/* The list as it stands when asked: its rows, columns and delays, read again on a worker thread. */
typedef struct {
  ChorusStore       *store;
  GArray            *ids;
  GPtrArray         *columns;
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
export_job_new (ChorusInvoiceList  *list,
                ChorusInvoiceModel *model,
                ChorusStore        *store)
{
  ExportJob *job = g_new0 (ExportJob, 1);
  g_auto(GStrv) visible = chorus_invoice_list_get_visible_columns (list);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  job->store = g_object_ref (store);
  job->delays = chorus_delay_policy_ref (chorus_invoice_list_get_delay_policy (list));
  job->columns = g_ptr_array_new ();
  for (guint i = 0; visible[i] != NULL; i++)
    g_ptr_array_add (job->columns, (gpointer) chorus_invoice_columns_find (visible[i]));
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = chorus_invoice_model_get_id (model, i);
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

GBytes *
chorus_recipient_export_csv (ChorusInvoiceList   *list,
                             ChorusInvoiceModel  *model,
                             ChorusStore         *store,
                             GError             **error)
{
  ExportJob *job;
  GBytes *bytes;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LIST (list), NULL);
  g_return_val_if_fail (CHORUS_IS_INVOICE_MODEL (model), NULL);
  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);

  job = export_job_new (list, model, store);
  bytes = export_job_run (job, error);
  export_job_free (job);
  return bytes;
}

static void
export_failed (GtkWidget    *widget,
               const GError *error)
{
  g_autofree char *text = g_strdup_printf (_("The export could not be saved: %s"), error->message);

  chorus_toast_show_plain (widget, text);
}

static void
csv_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    export_failed (widget, error);
  else
    chorus_toast_show_plain (widget, _("List exported"));
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
  GtkWidget *widget = GTK_WIDGET (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes == NULL)
    {
      export_failed (widget, error);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, csv_saved_cb, g_object_ref (widget));
}

static void
export_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ExportJob *job = user_data;
  GtkWidget *widget = g_object_get_data (G_OBJECT (dialog), "widget");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GTask) task = g_task_new (widget, NULL, export_done_cb,
                                          gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)));

      g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
      g_task_run_in_thread (task, export_thread);
    }
  else
    export_job_free (job);
  g_object_unref (dialog);
}

void
chorus_recipient_export_csv_to_file (GtkWidget          *widget,
                                     ChorusInvoiceList  *list,
                                     ChorusInvoiceModel *model,
                                     ChorusStore        *store)
{
  GtkFileChooserNative *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CHORUS_IS_INVOICE_LIST (list));
  g_return_if_fail (CHORUS_IS_INVOICE_MODEL (model));
  g_return_if_fail (CHORUS_IS_STORE (store));

  dialog = gtk_file_chooser_native_new (_("Export the List"), parent_window (widget), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("invoices.csv"));
  g_object_set_data_full (G_OBJECT (dialog), "widget", g_object_ref (widget), g_object_unref);
  /* The rows of the moment the user asked, whatever the list shows when the file is chosen. */
  g_signal_connect (dialog, "response", G_CALLBACK (export_chosen_cb), export_job_new (list, model, store));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Bulk PDF download ---------------------------------------------------------------------------- */

typedef struct {
  GtkWidget    *widget;
  ChorusStore  *store;
  ChorusSync   *sync;
  GCancellable *cancellable;
  GFile        *folder;
  GPtrArray    *invoices;
  guint         next;
  guint         saved;
  guint         missing;
} Download;

static void
download_free (Download *download)
{
  g_object_unref (download->widget);
  g_object_unref (download->store);
  g_clear_object (&download->sync);
  g_clear_object (&download->cancellable);
  g_clear_object (&download->folder);
  g_clear_pointer (&download->invoices, g_ptr_array_unref);
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
      chorus_toast_show_plain (download->widget, text);
      return FALSE;
    }
  download->saved++;
  return TRUE;
}

/* Counts @bytes in (NULL: not downloaded from Chorus Pro yet); FALSE when it could not be written
 * and the download stopped. */
static gboolean
download_take (Download      *download,
               ChorusInvoice *invoice,
               GBytes        *bytes)
{
  if (bytes == NULL)
    {
      download->missing++;
      return TRUE;
    }
  if (download_write (download, invoice, bytes))
    return TRUE;
  download_free (download);
  return FALSE;
}

static void
download_fetched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Download *download = user_data;
  ChorusInvoice *invoice = g_ptr_array_index (download->invoices, download->next - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = chorus_sync_fetch_pdf_finish (CHORUS_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      download_free (download);
      return;
    }
  if (download_take (download, invoice, bytes))
    download_next (download);
}

/* One PDF at a time, from the cache or downloaded; the user sees one summary at the end. */
static void
download_next (Download *download)
{
  g_autofree char *summary = NULL;

  while (download->next < download->invoices->len)
    {
      ChorusInvoice *invoice = g_ptr_array_index (download->invoices, download->next++);
      g_autoptr(GBytes) bytes = chorus_store_load_cached_file (download->store, chorus_invoice_get_key (invoice),
                                                               "pdf", NULL);

      if (bytes == NULL && download->sync != NULL)
        {
          chorus_sync_fetch_pdf_async (download->sync, chorus_invoice_get_key (invoice), download->cancellable,
                                       download_fetched_cb, download);
          return;
        }
      if (!download_take (download, invoice, bytes))
        return;
    }

  if (download->missing == 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u PDF saved", "%u PDFs saved", download->saved),
                               download->saved);
  else
    summary = g_strdup_printf (_("%u PDFs saved; %u not downloaded from Chorus Pro yet"), download->saved,
                               download->missing);
  chorus_toast_show_plain (download->widget, summary);
  download_free (download);
}

static void
download_response_cb (GtkNativeDialog *dialog,
                      int              response,
                      gpointer         user_data)
{
  Download *download = user_data;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      download_free (download);
      g_object_unref (dialog);
      return;
    }
  download->folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  download_next (download);
}

/* The selection as it is when asked; NULL (and a toast saying why) when there is nothing to save. */
static Download *
download_new (GtkWidget    *widget,
              ChorusStore  *store,
              ChorusSync   *sync,
              GArray       *ids,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *invoices;
  Download *download;

  if (ids->len == 0)
    {
      chorus_toast_show_plain (widget, _("Select the invoices whose PDFs you want first"));
      return NULL;
    }
  invoices = chorus_store_load_invoices (store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (invoices == NULL)
    {
      chorus_toast_show_plain (widget, error->message);
      return NULL;
    }
  download = g_new0 (Download, 1);
  download->widget = g_object_ref (widget);
  download->store = g_object_ref (store);
  download->sync = sync != NULL ? g_object_ref (sync) : NULL;
  download->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  download->invoices = invoices;
  return download;
}

void
chorus_recipient_export_pdfs (GtkWidget    *widget,
                              ChorusStore  *store,
                              ChorusSync   *sync,
                              GArray       *ids,
                              GFile        *folder,
                              GCancellable *cancellable)
{
  Download *download;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CHORUS_IS_STORE (store));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));
  g_return_if_fail (ids != NULL);
  g_return_if_fail (G_IS_FILE (folder));

  if ((download = download_new (widget, store, sync, ids, cancellable)) == NULL)
    return;
  download->folder = g_object_ref (folder);
  download_next (download);
}

void
chorus_recipient_export_pdfs_to_folder (GtkWidget    *widget,
                                        ChorusStore  *store,
                                        ChorusSync   *sync,
                                        GArray       *ids,
                                        GCancellable *cancellable)
{
  GtkFileChooserNative *dialog;
  Download *download;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CHORUS_IS_STORE (store));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));
  g_return_if_fail (ids != NULL);

  if ((download = download_new (widget, store, sync, ids, cancellable)) == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Download the PDFs to a Folder"), parent_window (widget),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Download"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (download_response_cb), download);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
