/* chorus-complete-dialog.c: the documents and comment that answer a suspension, checked before they are queued. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-complete-dialog.h"
#include "chorus-file-choice.h"
#include "chorus-deposit-rules.h"

struct _ChorusCompleteDialog
{
  AdwWindow      parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  AdwActionRow   *reason_row;
  GtkListBox     *files_list;
  AdwEntryRow    *comment_row;
  GtkLabel       *error_label;

  GPtrArray      *files;          /* char *, NULL-terminated for get_files */
};

G_DEFINE_FINAL_TYPE (ChorusCompleteDialog, chorus_complete_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_APPLY, N_SIGNALS };
static guint signals[N_SIGNALS];

void
chorus_complete_dialog_set_error (ChorusCompleteDialog *self,
                                  const char           *message)
{
  g_return_if_fail (CHORUS_IS_COMPLETE_DIALOG (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void fill_files (ChorusCompleteDialog *self);

static void
remove_clicked_cb (GtkButton *button, ChorusCompleteDialog *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  /* The last element is the NULL terminator. */
  for (guint i = 0; i + 1 < self->files->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->files, i), path) == 0)
      {
        g_ptr_array_remove_index (self->files, i);
        break;
      }
  fill_files (self);
}

static void
fill_files (ChorusCompleteDialog *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->files_list, 0)) != NULL)
    gtk_list_box_remove (self->files_list, GTK_WIDGET (row));
  /* The last element is the NULL terminator. */
  for (guint i = 0; i + 1 < self->files->len; i++)
    gtk_list_box_append (self->files_list, chorus_file_row_new (g_ptr_array_index (self->files, i),
                                                                G_CALLBACK (remove_clicked_cb), self));
}

void
chorus_complete_dialog_add_file (ChorusCompleteDialog *self,
                                 const char           *path)
{
  g_return_if_fail (CHORUS_IS_COMPLETE_DIALOG (self));
  g_return_if_fail (path != NULL);

  for (guint i = 0; i + 1 < self->files->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->files, i), path) == 0)
      return;
  g_ptr_array_insert (self->files, (int) self->files->len - 1, g_strdup (path));
  fill_files (self);
  chorus_complete_dialog_set_error (self, NULL);
}

const char * const *
chorus_complete_dialog_get_files (ChorusCompleteDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_COMPLETE_DIALOG (self), NULL);
  return (const char * const *) self->files->pdata;
}

const char *
chorus_complete_dialog_get_comment (ChorusCompleteDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_COMPLETE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
}

static void
file_chosen (GtkWidget *owner, const char *path)
{
  chorus_complete_dialog_add_file (CHORUS_COMPLETE_DIALOG (owner), path);
}

static void
add_clicked_cb (ChorusCompleteDialog *self)
{
  chorus_choose_files (GTK_WIDGET (self), _("Add Documents"), file_chosen);
}

void
chorus_complete_dialog_apply (ChorusCompleteDialog *self)
{
  g_autofree char *comment = NULL;

  g_return_if_fail (CHORUS_IS_COMPLETE_DIALOG (self));

  comment = g_strstrip (g_strdup (chorus_complete_dialog_get_comment (self)));
  if (*comment == '\0' && self->files->len <= 1)
    {
      chorus_complete_dialog_set_error (self, _("Add the missing documents, or say what you added to complete the invoice."));
      return;
    }
  /* What the platform would refuse is said here, before anything is queued. */
  for (guint i = 0; i + 1 < self->files->len; i++)
    {
      const char *path = g_ptr_array_index (self->files, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     NULL, &error);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = NULL, *extension = NULL;

      if (info == NULL || !chorus_attachment_check (base, g_file_info_get_size (info), &name, &extension, &error))
        {
          chorus_complete_dialog_set_error (self, error->message);
          return;
        }
    }
  chorus_complete_dialog_set_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

static void
apply_clicked_cb (ChorusCompleteDialog *self)
{
  chorus_complete_dialog_apply (self);
}

static void
cancel_clicked_cb (ChorusCompleteDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
chorus_complete_dialog_dispose (GObject *object)
{
  ChorusCompleteDialog *self = CHORUS_COMPLETE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_COMPLETE_DIALOG);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_complete_dialog_parent_class)->dispose (object);
}

static void
chorus_complete_dialog_class_init (ChorusCompleteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_complete_dialog_dispose;

  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-complete-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusCompleteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusCompleteDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusCompleteDialog, files_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusCompleteDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusCompleteDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
chorus_complete_dialog_init (ChorusCompleteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->files, NULL);
}

ChorusCompleteDialog *
chorus_complete_dialog_new (GtkWindow     *parent,
                            ChorusInvoice *invoice)
{
  ChorusCompleteDialog *self;
  g_autofree char *subtitle = NULL;
  const char *motif;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);

  self = g_object_new (CHORUS_TYPE_COMPLETE_DIALOG, "transient-for", parent, NULL);
  subtitle = g_strdup_printf (_("Invoice %s to %s"), chorus_invoice_get_number (invoice) ?: "—",
                              chorus_invoice_get_recipient_name (invoice) ?: chorus_invoice_get_recipient_code (invoice) ?: "—");
  adw_window_title_set_subtitle (self->window_title, subtitle);
  motif = chorus_invoice_get_status_comment (invoice);
  adw_action_row_set_subtitle (self->reason_row, motif != NULL && *motif != '\0' ? motif : _("No reason was given."));
  return self;
}
