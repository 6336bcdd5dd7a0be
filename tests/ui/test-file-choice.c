/* test-file-choice.c: chorus_save_bytes(): the bytes land in the file the user chose in the save
 * dialog and the owner hears that they did; nothing is written when the user cancels. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-file-choice.h"
#include "chorus-test-ui.h"

typedef struct {
  gboolean  called;
  char     *message;  /* the error's, NULL when saved */
} Outcome;

static Outcome outcome;

static void
saved (GtkWidget    *owner,
       const GError *error)
{
  g_assert_true (GTK_IS_WIDGET (owner));
  outcome.called = TRUE;
  g_free (outcome.message);
  outcome.message = error != NULL ? g_strdup (error->message) : NULL;
}

/* The dialog GtkFileChooserNative shows without a portal: a GtkFileChooserDialog among the toplevels. */
static GtkWidget *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

/* Accepts the dialog with the name it suggests, in the folder it opens on (the test's working
 * directory, a fresh temporary one), or cancels it. */
static void
answer_dialog (gboolean accept)
{
  GtkWidget *dialog;

  g_assert_true (chorus_test_wait_until (dialog_shown, NULL, 10000));
  dialog = find_dialog ();
  /* The chooser loads its folder before it answers. */
  chorus_test_settle (300);
  gtk_dialog_response (GTK_DIALOG (dialog), accept ? GTK_RESPONSE_ACCEPT : GTK_RESPONSE_CANCEL);
}

static GtkWidget *
present_owner (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *owner = gtk_label_new ("—");

  gtk_window_set_child (GTK_WINDOW (window), owner);
  gtk_window_present (GTK_WINDOW (window));
  return owner;
}

static void
test_saves_where_chosen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 contenu", 16);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *path = g_build_filename (cwd, "copie-facture.pdf", NULL);
  g_autofree char *written = NULL;
  gsize length = 0;
  GtkWidget *owner = present_owner ();

  memset (&outcome, 0, sizeof outcome);
  chorus_save_bytes (owner, "Enregistrer une copie", "_Enregistrer", "copie-facture.pdf", bytes, saved);
  answer_dialog (TRUE);
  g_assert_true (chorus_test_wait_until (chorus_test_flag_is_set, &outcome.called, 10000));
  g_assert_null (outcome.message);
  g_assert_true (g_file_get_contents (path, &written, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (written, length, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (owner)));
}

static void
test_cancel_writes_nothing (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  GtkWidget *owner = present_owner ();

  memset (&outcome, 0, sizeof outcome);
  chorus_save_bytes (owner, "Enregistrer une copie", "_Enregistrer", "annulee.pdf", bytes, saved);
  answer_dialog (FALSE);
  chorus_test_settle (200);
  g_assert_false (outcome.called);
  g_assert_false (g_file_test ("annulee.pdf", G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (owner)));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chorus-file-choice-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  /* The chooser opens on the working directory: a fresh one, never the source tree. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  chorus_test_init_locale ("");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/ui/file-choice/saves-where-chosen", test_saves_where_chosen);
  g_test_add_func ("/ui/file-choice/cancel-writes-nothing", test_cancel_writes_nothing);
  status = g_test_run ();
  chorus_test_remove_dir (dir);
  return status;
}
