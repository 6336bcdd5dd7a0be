/* test-plain-text.c: text from Chorus Pro (a supplier's name, a libelle, a status comment) is shown as
 * it is, never read as Pango markup, wherever it lands: toasts, the invoice detail, the process
 * dialog, status pages and preferences groups. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "chorus-invoice-detail.h"
#include "chorus-pdf-view.h"
#include "chorus-plain-text.h"
#include "chorus-process-dialog.h"
#include "chorus-status.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"

/* Each breaks markup differently: an unknown entity, a bare "<", and tags that would restyle. */
static const char supplier[] = "<b>Dupont</b> & Fils <span foreground=\"red\">SARL</span>";
static const char libelle[] = "Montant < 0 & TVA <span size=\"xx-large\">urgent</span>";

static gboolean
shows_text (gpointer data)
{
  GtkWidget **args = data;
  return chorus_test_find_widget (args[0], GTK_TYPE_LABEL, (const char *) args[1]) != NULL;
}

/* Waits until a label under @root displays exactly @text (markup would have been stripped). */
static void
assert_shown (GtkWidget  *root,
              const char *text)
{
  gpointer args[2] = { root, (gpointer) text };

  if (!chorus_test_wait_until (shows_text, args, 5000))
    g_error ("no label shows “%s”", text);
}

static GtkWidget *
present (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_toast (void)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *window = present (overlay);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), gtk_label_new ("—"));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), chorus_toast_new_plain (libelle));
  assert_shown (overlay, libelle);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_invoice_detail (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(ChorusStore) store = chorus_test_open_store (&dir);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ChorusInvoice) loaded = NULL;
  g_autoptr(GError) error = NULL;
  ChorusInvoice *invoice = chorus_invoice_new ();
  GtkWidget *detail = chorus_invoice_detail_new ();
  GtkWidget *window;

  chorus_invoice_set_id (invoice, 77);
  chorus_invoice_set_number (invoice, "F-<1>&2");
  chorus_invoice_set_supplier_name (invoice, supplier);
  chorus_invoice_set_status (invoice, CHORUS_STATUS_SUSPENDUE);
  chorus_invoice_set_status_comment (invoice, libelle);
  g_ptr_array_add (batch, invoice);
  g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
  loaded = chorus_store_load_invoice (store, 77, &error);
  g_assert_no_error (error);

  window = present (detail);
  chorus_invoice_detail_set_store (CHORUS_INVOICE_DETAIL (detail), store);
  chorus_invoice_detail_set_invoice (CHORUS_INVOICE_DETAIL (detail), loaded);
  assert_shown (detail, supplier);
  assert_shown (detail, libelle);
  gtk_window_destroy (GTK_WINDOW (window));
  chorus_test_settle (50);
  chorus_test_remove_dir (dir);
}

static void
test_process_dialog (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(ChorusStore) store = chorus_test_open_store (&dir);
  g_autoptr(ChorusTransitions) transitions = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *row_title = NULL;
  GtkWidget *parent = present (gtk_label_new ("—"));
  ChorusProcessDialog *dialog;
  ChorusInvoice *invoice = chorus_invoice_new ();
  gint64 id = 1000;

  chorus_test_fill_store (store, 3);
  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_number (invoice, "F-<1>&2");
  chorus_invoice_set_supplier_name (invoice, supplier);
  chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_ptr_array_add (batch, invoice);
  g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
  g_assert_no_error (error);
  transitions = chorus_transitions_new (store, NULL);
  g_array_append_val (ids, id);
  dialog = chorus_process_dialog_new (GTK_WINDOW (parent), store, transitions, ids, CHORUS_STATUS_REJETEE);
  gtk_window_present (GTK_WINDOW (dialog));
  /* The invoice's row: its number and the supplier's name, as Chorus Pro has them. */
  row_title = g_strdup_printf ("%s — %s", "F-<1>&2", supplier);
  assert_shown (GTK_WIDGET (dialog), row_title);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
  chorus_test_settle (50);
  chorus_test_remove_dir (dir);
}

static void
test_status_page_and_group (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = chorus_pdf_view_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *window;

  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), group);
  window = present (box);
  /* A fetch error that carries the server's libelle. */
  chorus_pdf_view_show_message (CHORUS_PDF_VIEW (view), "PDF", libelle);
  /* A structure named by its owner on Chorus Pro. */
  chorus_preferences_group_set_plain_title (ADW_PREFERENCES_GROUP (group), supplier);
  chorus_preferences_group_set_plain_description (ADW_PREFERENCES_GROUP (group), libelle);
  assert_shown (view, libelle);
  assert_shown (group, supplier);
  assert_shown (group, libelle);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* g_test_init() makes warnings fatal: a "Failed to set text … from markup" fails the test too. */

  g_test_add_func ("/plain-text/toast", test_toast);
  g_test_add_func ("/plain-text/invoice-detail", test_invoice_detail);
  g_test_add_func ("/plain-text/process-dialog", test_process_dialog);
  g_test_add_func ("/plain-text/status-page-and-group", test_status_page_and_group);
  return g_test_run ();
}
