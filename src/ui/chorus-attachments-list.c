/* chorus-attachments-list.c: one row per document; the files come from the cache, else from Chorus Pro
 * all at once (telecharger/groupe), and a file to open elsewhere is written under the cache first. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "chorus-plain-text.h"
#include "chorus-attachments-list-private.h"
#include "chorus-zip-reader.h"

struct _ChorusAttachmentsList
{
  GtkWidget         parent_instance;

  GtkListBox       *list;
  ChorusSync       *sync;
  ChorusInvoice    *invoice;
  GPtrArray        *files;          /* ChorusAttachmentFile once fetched */
  GCancellable     *cancellable;
  gint64            waiting_id;     /* what to open when the download ends; -1 = nothing */
  gboolean          fetching;
  ChorusLaunchFunc  launch;
  gpointer          launch_data;
  char             *last_opened;
};

G_DEFINE_FINAL_TYPE (ChorusAttachmentsList, chorus_attachments_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SHOW_DOCUMENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (ChorusAttachmentsList *self,
            const char            *text)
{
  chorus_toast_show_plain (GTK_WIDGET (self), text);
}


static ChorusAttachmentFile *
find_file (ChorusAttachmentsList *self,
           gint64                 id)
{
  for (guint i = 0; self->files != NULL && i < self->files->len; i++)
    if (((ChorusAttachmentFile *) g_ptr_array_index (self->files, i))->attachment_id == id)
      return g_ptr_array_index (self->files, i);
  return NULL;
}

static gboolean
default_launch (const char  *uri,
                gpointer     user_data,
                GError     **error)
{
  return g_app_info_launch_default_for_uri (uri, NULL, error);
}

/* The cache keeps files by id; the system's application wants a name and an extension. */
static char *
write_for_opening (ChorusAttachmentsList  *self,
                   ChorusAttachmentFile   *file,
                   GError                **error)
{
  ChorusStore *store = chorus_sync_get_store (self->sync);
  g_autofree char *invoice_dir = g_strdup_printf ("%" G_GINT64_FORMAT, chorus_invoice_get_id (self->invoice));
  g_autofree char *dir = g_build_filename (chorus_store_get_dir (store), "opened", invoice_dir, NULL);
  g_autofree char *name = chorus_zip_sanitize_name (file->name);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create the folder “%s”."), dir);
      return NULL;
    }
  if (!g_file_set_contents_full (path, g_bytes_get_data (file->bytes, NULL), (gssize) g_bytes_get_size (file->bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
open_file (ChorusAttachmentsList *self,
           ChorusAttachmentFile  *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  if (file->is_pdf)
    {
      g_signal_emit (self, signals[SIGNAL_SHOW_DOCUMENT], 0, file->attachment_id);
      return;
    }
  path = write_for_opening (self, file, &error);
  if (path != NULL)
    {
      uri = g_filename_to_uri (path, NULL, &error);
      if (uri != NULL && self->launch (uri, self->launch_data, &error))
        {
          g_free (self->last_opened);
          self->last_opened = g_steal_pointer (&path);
          return;
        }
    }
  {
    g_autofree char *text = g_strdup_printf (_("“%s” could not be opened: %s"), file->name, error->message);
    show_toast (self, text);
  }
}

static void fill (ChorusAttachmentsList *self);

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ChorusAttachmentsList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = chorus_sync_fetch_attachments_finish (CHORUS_SYNC (source), result, &error);
  gint64 wanted = self->waiting_id;

  self->fetching = FALSE;
  self->waiting_id = -1;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (files == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The attachments could not be downloaded: %s"), error->message);
      show_toast (self, text);
      fill (self);
      return;
    }
  g_clear_pointer (&self->files, g_ptr_array_unref);
  self->files = g_steal_pointer (&files);
  fill (self);
  if (wanted >= 0)
    {
      ChorusAttachmentFile *file = find_file (self, wanted);

      if (file != NULL)
        open_file (self, file);
      else
        show_toast (self, _("Chorus Pro did not send this attachment; open it on the Chorus Pro portal."));
    }
}

void
chorus_attachments_list_open (ChorusAttachmentsList *self,
                              gint64                 attachment_id)
{
  ChorusAttachmentFile *file;

  g_return_if_fail (CHORUS_IS_ATTACHMENTS_LIST (self));

  if (self->invoice == NULL)
    return;
  if (attachment_id == 0)
    {
      g_signal_emit (self, signals[SIGNAL_SHOW_DOCUMENT], 0, (gint64) 0);
      return;
    }
  if ((file = find_file (self, attachment_id)) != NULL)
    {
      open_file (self, file);
      return;
    }
  if (self->sync == NULL)
    {
      show_toast (self, _("Connect to Chorus Pro to download the attachments."));
      return;
    }
  self->waiting_id = attachment_id;
  if (self->fetching)
    return;
  self->fetching = TRUE;
  fill (self);
  chorus_sync_fetch_attachments_async (self->sync, chorus_invoice_get_key (self->invoice), self->cancellable,
                                       fetched_cb, g_object_ref (self));
}

static void
open_clicked_cb (GtkButton             *button,
                 ChorusAttachmentsList *self)
{
  chorus_attachments_list_open (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "chorus-attachment-id"));
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(ChorusAttachmentsList) self = user_data;
  GBytes *bytes = g_object_get_data (G_OBJECT (dialog), "chorus-bytes");

  if (response == GTK_RESPONSE_ACCEPT && bytes != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
        {
          g_autofree char *text = g_strdup_printf (_("The copy could not be saved: %s"), error->message);
          show_toast (self, text);
        }
      else
        show_toast (self, _("Copy saved"));
    }
  g_object_unref (dialog);
}

static void
save_clicked_cb (GtkButton             *button,
                 ChorusAttachmentsList *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "chorus-attachment-id");
  ChorusAttachmentFile *file = find_file (self, id);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  if (file == NULL)
    {
      /* Downloaded first; the save comes with the second click. */
      chorus_attachments_list_open (self, id);
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Save the Attachment"), GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file->name);
  g_object_set_data_full (G_OBJECT (dialog), "chorus-bytes", g_bytes_ref (file->bytes), (GDestroyNotify) g_bytes_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
button_for (ChorusAttachmentsList *self,
            gint64                 id,
            const char            *icon,
            const char            *tooltip,
            GCallback              callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "chorus-attachment-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static gboolean
is_pdf_name (const ChorusAttachment *attachment)
{
  return (attachment->extension != NULL && g_ascii_strcasecmp (attachment->extension, "pdf") == 0) ||
         (attachment->name != NULL && g_str_has_suffix (attachment->name, ".pdf"));
}

static void
fill (ChorusAttachmentsList *self)
{
  GPtrArray *attachments = self->invoice ? chorus_invoice_get_attachments (self->invoice) : NULL;
  GtkWidget *child;
  guint extra = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->invoice == NULL)
    return;

  {
    GtkWidget *row = adw_action_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Invoice PDF"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Main document"));
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("x-office-document-symbolic"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button_for (self, 0, "document-open-symbolic",
                                                                 _("Show in the viewer"), G_CALLBACK (open_clicked_cb)));
    gtk_list_box_append (self->list, row);
  }
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (attachments, i);
      GtkWidget *row;
      g_autofree char *subtitle = NULL;
      g_autofree char *ext = NULL;
      gboolean pdf = is_pdf_name (attachment);

      if (attachment->is_main)
        continue;
      row = adw_action_row_new ();
      ext = attachment->extension ? g_ascii_strup (attachment->extension, -1) : g_strdup ("?");
      subtitle = g_strdup_printf (_("Attachment · %s"), ext);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), attachment->name ? attachment->name : _("Attachment"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      if (self->fetching && self->waiting_id == attachment->id)
        {
          GtkWidget *spinner = gtk_spinner_new ();

          gtk_spinner_start (GTK_SPINNER (spinner));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 button_for (self, attachment->id, pdf ? "document-open-symbolic" : "document-send-symbolic",
                                             pdf ? _("Show in the viewer") : _("Open with the application for this kind of file"),
                                             G_CALLBACK (open_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 button_for (self, attachment->id, "document-save-symbolic", _("Save a copy…"),
                                             G_CALLBACK (save_clicked_cb)));
      gtk_list_box_append (self->list, row);
      extra++;
    }
  /* Files of the archive the detail did not list (Chorus Pro may send more than it lists). */
  for (guint i = 0; self->files != NULL && i < self->files->len; i++)
    {
      ChorusAttachmentFile *file = g_ptr_array_index (self->files, i);
      GtkWidget *row;

      if (file->attachment_id != 0)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), file->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("In the download from Chorus Pro"));
      gtk_list_box_append (self->list, row);
    }
  if (extra == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No other attachment"));
      gtk_list_box_append (self->list, row);
    }
}

static void
chorus_attachments_list_dispose (GObject *object)
{
  ChorusAttachmentsList *self = CHORUS_ATTACHMENTS_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer ((GtkWidget **) &self->list, gtk_widget_unparent);
  g_clear_object (&self->sync);
  g_clear_object (&self->invoice);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->last_opened, g_free);
  G_OBJECT_CLASS (chorus_attachments_list_parent_class)->dispose (object);
}

static void
chorus_attachments_list_class_init (ChorusAttachmentsListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_attachments_list_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_SHOW_DOCUMENT] = g_signal_new ("show-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
chorus_attachments_list_init (ChorusAttachmentsList *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->waiting_id = -1;
  self->launch = default_launch;
}

GtkWidget *
chorus_attachments_list_new (void)
{
  return g_object_new (CHORUS_TYPE_ATTACHMENTS_LIST, NULL);
}

void
chorus_attachments_list_set_sync (ChorusAttachmentsList *self,
                                  ChorusSync            *sync)
{
  g_return_if_fail (CHORUS_IS_ATTACHMENTS_LIST (self));
  g_set_object (&self->sync, sync);
}

void
chorus_attachments_list_set_invoice (ChorusAttachmentsList *self,
                                     ChorusInvoice         *invoice)
{
  g_return_if_fail (CHORUS_IS_ATTACHMENTS_LIST (self));

  /* The same invoice with a fresher detail keeps what was downloaded. */
  if (invoice == NULL || self->invoice == NULL || chorus_invoice_get_id (invoice) != chorus_invoice_get_id (self->invoice))
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_clear_pointer (&self->files, g_ptr_array_unref);
      self->fetching = FALSE;
      self->waiting_id = -1;
    }
  g_set_object (&self->invoice, invoice);
  fill (self);
}

void
chorus_attachments_list_set_launcher (ChorusAttachmentsList *self,
                                      ChorusLaunchFunc       launch,
                                      gpointer               user_data)
{
  g_return_if_fail (CHORUS_IS_ATTACHMENTS_LIST (self));
  self->launch = launch ? launch : default_launch;
  self->launch_data = user_data;
}

const char *
chorus_attachments_list_get_last_opened (ChorusAttachmentsList *self)
{
  g_return_val_if_fail (CHORUS_IS_ATTACHMENTS_LIST (self), NULL);
  return self->last_opened;
}

guint
chorus_attachments_list_get_n_rows (ChorusAttachmentsList *self)
{
  guint n = 0;

  g_return_val_if_fail (CHORUS_IS_ATTACHMENTS_LIST (self), 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}
