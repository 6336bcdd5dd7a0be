/* chorus-file-choice.c: the native choosers: documents joined to an invoice or a works piece, where to save a file
 * (and the saving of a file's bytes there). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-file-choice.h"

typedef struct {
  GWeakRef             owner;
  ChorusFileChosenFunc chosen;
  GBytes              *bytes;   /* to write where the user chose (chorus_save_bytes) */
  ChorusBytesSavedFunc saved;
} Choice;

static void
choice_free (gpointer data, GClosure *closure)
{
  Choice *choice = data;

  g_weak_ref_clear (&choice->owner);
  g_clear_pointer (&choice->bytes, g_bytes_unref);
  g_free (choice);
}

typedef struct {
  GWeakRef             owner;
  ChorusBytesSavedFunc saved;
} Saving;

static void
bytes_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Saving *saving = user_data;
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&saving->owner);
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);
  if (owner != NULL)
    saving->saved (owner, error);
  g_weak_ref_clear (&saving->owner);
  g_free (saving);
}

static void
save_bytes (Choice    *choice,
            GtkWidget *owner,
            GFile     *file)
{
  Saving *saving = g_new0 (Saving, 1);

  g_weak_ref_init (&saving->owner, owner);
  saving->saved = choice->saved;
  g_file_replace_contents_bytes_async (file, choice->bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       bytes_saved_cb, saving);
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             Choice          *choice)
{
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&choice->owner);

  if (response == GTK_RESPONSE_ACCEPT && owner != NULL)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (choice->bytes != NULL)
            save_bytes (choice, owner, file);
          else if (path != NULL)
            choice->chosen (owner, path);
        }
    }
  g_object_unref (dialog);
}

static Choice *
choose (GtkWidget            *owner,
        const char           *title,
        GtkFileChooserAction  action,
        const char           *accept,
        const char           *name,
        ChorusFileChosenFunc  chosen)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  Choice *choice;

  root = gtk_widget_get_root (owner);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action, accept,
                                         _("_Cancel"));
  choice = g_new0 (Choice, 1);
  g_weak_ref_init (&choice->owner, owner);
  choice->chosen = chosen;
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (response_cb), choice, choice_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  return choice;
}

void
chorus_choose_files (GtkWidget            *owner,
                     const char           *title,
                     ChorusFileChosenFunc  chosen)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (chosen != NULL);

  choose (owner, title, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), NULL, chosen);
}

void
chorus_choose_save_path (GtkWidget            *owner,
                         const char           *title,
                         const char           *accept,
                         const char           *name,
                         ChorusFileChosenFunc  chosen)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (chosen != NULL);

  choose (owner, title, GTK_FILE_CHOOSER_ACTION_SAVE, accept, name, chosen);
}

void
chorus_save_bytes (GtkWidget            *owner,
                   const char           *title,
                   const char           *accept,
                   const char           *name,
                   GBytes               *bytes,
                   ChorusBytesSavedFunc  saved)
{
  Choice *choice;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (saved != NULL);

  choice = choose (owner, title, GTK_FILE_CHOOSER_ACTION_SAVE, accept, name, NULL);
  choice->bytes = g_bytes_ref (bytes);
  choice->saved = saved;
}

GtkWidget *
chorus_file_row_new (const char *path,
                     GCallback   removed,
                     gpointer    data)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                 NULL, NULL);
  g_autofree char *size = info != NULL ? g_format_size (g_file_info_get_size (info)) : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size != NULL ? size : _("Cannot be read"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this document"));
  g_object_set_data_full (G_OBJECT (remove), "path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", removed, data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}
