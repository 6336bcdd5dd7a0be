/* test-unreadable-banner.c: "1 facture illisible" above the list, and its items shown raw, in French. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "chorus-store-unreadable.h"
#include "chorus-test-ui.h"
#include "chorus-unreadable-banner.h"

static ChorusUnreadableItem *
odd_item (gint64 id, const char *number, const char *json)
{
  ChorusUnreadableItem *item = g_new0 (ChorusUnreadableItem, 1);

  item->operation = g_strdup ("factures/v1/rechercher/recipiendaire");
  item->list = g_strdup ("listeFactures");
  item->raw_json = g_strdup (json);
  item->reason = g_strdup ("Réponse de Chorus Pro invalide : le champ « montantTTC » devrait être un montant.");
  item->id = id;
  item->number = g_strdup (number);
  return item;
}

static gboolean
is_revealed (gpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (chorus_test_find_widget (data, GTK_TYPE_REVEALER, NULL));

  return gtk_revealer_get_child_revealed (revealer);
}

static GtkWindow *
items_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), "Factures illisibles") == 0 &&
          gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
items_window_shown (gpointer data)
{
  return items_window () != NULL;
}

static void
clipboard_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(char **) data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*(char **) data == NULL)
    *(char **) data = g_strdup ("");
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
has_text_view_with (GtkWidget *root, const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT_VIEW (child))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          if (strstr (text, needle) != NULL)
            return TRUE;
        }
      if (has_text_view_with (child, needle))
        return TRUE;
    }
  return FALSE;
}

static void
test_banner_and_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chorus-banner-XXXXXX", &error);
  g_autoptr(ChorusStore) store = chorus_store_open (dir, &error);
  g_autoptr(ChorusClient) client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, "http://127.0.0.1:9");
  g_autoptr(ChorusSync) sync = chorus_sync_new (client, store);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_unreadable_item_free);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *banner = chorus_unreadable_banner_new (CHORUS_DIRECTION_RECEIVED);
  GtkWidget *label, *copy;
  GtkWindow *dialog;
  g_autofree char *copied = NULL;
  g_autofree char *shot = NULL;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 200);
  gtk_box_append (GTK_BOX (box), banner);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("liste"));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  /* Nothing odd: nothing shown. */
  chorus_unreadable_banner_set_sync (CHORUS_UNREADABLE_BANNER (banner), sync);
  chorus_test_settle (300);
  g_assert_false (is_revealed (banner));

  g_ptr_array_add (items, odd_item (77, "F-77", "{\"idFacture\":77,\"numeroFacture\":\"F-77\",\"montantTTC\":\"beaucoup\"}"));
  g_assert_true (chorus_store_add_unreadable_items (store, CHORUS_DIRECTION_RECEIVED, items, &error));
  chorus_unreadable_banner_refresh (CHORUS_UNREADABLE_BANNER (banner));
  g_assert_true (chorus_test_wait_until (is_revealed, banner, 5000));
  label = chorus_test_find_widget (banner, GTK_TYPE_LABEL, NULL);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "1 facture illisible"));
  shot = chorus_test_screenshot (window, "unreadable-banner-fr");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));

  /* "Voir": the item with its reason and what Chorus Pro sent, and "Copier" for the support. */
  g_assert_true (gtk_widget_activate_action (banner, "unreadable.show", NULL));
  g_assert_true (chorus_test_wait_until (items_window_shown, NULL, 5000));
  dialog = items_window ();
  chorus_test_settle (500);
  g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Facture F-77"));
  g_assert_true (has_text_view_with (GTK_WIDGET (dialog), "\"montantTTC\" : \"beaucoup\""));
  g_clear_pointer (&shot, g_free);
  shot = chorus_test_screenshot (GTK_WIDGET (dialog), "unreadable-items-fr");
  copy = chorus_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Copier");
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (copy), NULL, clipboard_read_cb, &copied);
  g_assert_true (chorus_test_wait_until (text_read, &copied, 5000));
  g_assert_nonnull (strstr (copied, "montantTTC"));
  g_assert_nonnull (strstr (copied, "beaucoup"));
  g_assert_nonnull (strstr (copied, "factures/v1/rechercher/recipiendaire"));

  /* "Retirer": gone from the list and from the banner. */
  g_signal_emit_by_name (chorus_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Retirer"), "clicked");
  chorus_test_settle (300);
  g_assert_cmpuint (chorus_store_count_unreadable_items (store, CHORUS_DIRECTION_RECEIVED), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (chorus_test_find_widget (banner, GTK_TYPE_REVEALER, NULL))));

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&sync);
  g_clear_object (&store);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/unreadable-banner/banner-and-items", test_banner_and_items);
  return g_test_run ();
}
