/* test-structured-data-view.c: a real Factur-X sample in the "Données structurées" view, in French. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chorus-structured-data-view-private.h"
#include "chorus-test-ui.h"

static gboolean
view_is_idle (gpointer data)
{
  ChorusStructuredDataView *view = data;

  return !chorus_structured_data_view_get_loading (view) && gtk_widget_get_mapped (GTK_WIDGET (view));
}

static gboolean
has_icon (GtkWidget  *root,
          const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), icon_name) == 0 &&
          gtk_widget_get_mapped (child))
        return TRUE;
      if (has_icon (child, icon_name))
        return TRUE;
    }
  return FALSE;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
enough_frames (gpointer data)
{
  return *(guint *) data >= 2;
}

/* Screenshots read the last rendered frame: let a few frames pass first. */
static void
wait_frames (GtkWidget *widget)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);

  gtk_widget_queue_draw (widget);
  g_assert_true (chorus_test_wait_until (enough_frames, &frames, 20000));
  gtk_widget_remove_tick_callback (widget, id);
}

static void
assert_label (GtkWidget  *root,
              const char *text)
{
  if (chorus_test_find_widget (root, GTK_TYPE_LABEL, text) == NULL)
    g_error ("no label “%s” in the structured data view", text);
}

static ChorusInvoice *
chorus_row (void)
{
  ChorusInvoice *invoice = chorus_invoice_new ();

  /* As Chorus Pro lists the akretion sample, except the service code, which the supplier mistyped. */
  chorus_invoice_set_number (invoice, "F20260023");
  chorus_invoice_set_invoice_date (invoice, "2026-01-31");
  chorus_invoice_set_supplier_code (invoice, "12345678200077");
  chorus_invoice_set_recipient_code (invoice, "98765432100029");
  chorus_invoice_set_service_code (invoice, "SERVICE-ACHATS");
  chorus_invoice_set_engagement_number (invoice, "PO201925478");
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_amount_ht (invoice, 10000);
  chorus_invoice_set_amount_vat (invoice, 490);
  chorus_invoice_set_amount_ttc (invoice, 10490);
  chorus_invoice_set_amount_to_pay (invoice, 10490);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  return invoice;
}

static void
test_akretion_sample (void)
{
  g_autoptr(GBytes) pdf = chorus_test_sample_bytes ("akretion/invoice_EN16931.pdf");
  g_autoptr(ChorusInvoice) invoice = chorus_row ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = chorus_structured_data_view_new ();
  GtkScrolledWindow *scrolled;
  GtkStack *stack;
  GtkAdjustment *adjustment;
  g_autofree char *shot = NULL;
  g_autofree char *shot_end = NULL;

  gtk_window_set_title (GTK_WINDOW (window), "Données structurées");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 980);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  chorus_structured_data_view_set_document (CHORUS_STRUCTURED_DATA_VIEW (view), pdf, invoice);
  g_assert_true (chorus_structured_data_view_get_loading (CHORUS_STRUCTURED_DATA_VIEW (view)));
  g_assert_true (chorus_test_wait_until (view_is_idle, view, 10000));
  g_assert_nonnull (chorus_structured_data_view_get_facturx (CHORUS_STRUCTURED_DATA_VIEW (view)));
  chorus_test_settle (300);

  /* Profile, fields of each group, French amounts and dates. */
  assert_label (view, "Profil EN 16931");
  assert_label (view, "Factur-X, pièce jointe « factur-x.xml »");
  assert_label (view, "F20260023");
  assert_label (view, "380 · Facture commerciale");
  assert_label (view, "31/01/2026");
  assert_label (view, "LE FOURNISSEUR");
  assert_label (view, "12345678200077");
  assert_label (view, "LE CLIENT");
  assert_label (view, "SERVEXEC");
  assert_label (view, "PO201925478");
  assert_label (view, "100,00\u00a0€");
  assert_label (view, "4,90\u00a0€");
  assert_label (view, "104,90\u00a0€");
  assert_label (view, "1 · PRESTATION SUPPORT");
  assert_label (view, "FR2012542547256985425874698");
  assert_label (view, "30 · Virement");
  /* The check results, with their icons: matches and the service-code mismatch. */
  assert_label (view, "Numéro de facture F20260023, comme dans Chorus Pro.");
  assert_label (view, "Code service : le fichier indique « SERVEXEC », Chorus Pro indique « SERVICE-ACHATS ».");
  g_assert_true (has_icon (view, "emblem-ok-symbolic"));
  g_assert_true (has_icon (view, "dialog-error-symbolic"));
  assert_label (view, "14 contrôles conformes");
  assert_label (view, "Le PDF affiche le même numéro de facture, F20260023.");

  /* Possible duplicates from the cache, as the detail pane passes them. */
  {
    g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) matches = NULL;
    ChorusInvoice *twin = chorus_invoice_copy (invoice);

    chorus_invoice_set_id (invoice, 1);
    chorus_invoice_set_id (twin, 2);
    g_ptr_array_add (candidates, twin);
    matches = chorus_duplicates_find (invoice, candidates);
    g_assert_cmpuint (matches->len, ==, 1);
    chorus_structured_data_view_set_duplicates (CHORUS_STRUCTURED_DATA_VIEW (view), matches);
    assert_label (view, "Doublons possibles");
    assert_label (view, "Même fournisseur, même numéro F20260023 et même montant 104,90\u00a0€.");
  }

  wait_frames (view);
  shot = chorus_test_screenshot (window, "structured-data-view");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));

  /* The visible page of the view's stack scrolls the data (the status page has its own scroller). */
  stack = GTK_STACK (chorus_test_find_widget (view, GTK_TYPE_STACK, NULL));
  g_assert_nonnull (stack);
  scrolled = GTK_SCROLLED_WINDOW (gtk_stack_get_visible_child (stack));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_test_message ("scrolled to %g of %g", gtk_adjustment_get_value (adjustment), gtk_adjustment_get_upper (adjustment));
  wait_frames (view);
  shot_end = chorus_test_screenshot (window, "structured-data-view-end");
  g_assert_true (g_file_test (shot_end, G_FILE_TEST_EXISTS));

  /* A file that is not a PDF: a French message, no crash. */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("not a pdf", 9);

    chorus_structured_data_view_set_document (CHORUS_STRUCTURED_DATA_VIEW (view), junk, NULL);
    g_assert_true (chorus_test_wait_until (view_is_idle, view, 10000));
    chorus_test_settle (100);
    g_assert_null (chorus_structured_data_view_get_facturx (CHORUS_STRUCTURED_DATA_VIEW (view)));
    assert_label (view, "Données structurées illisibles");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A MINIMUM credit note typed 380: no lines, said so, and the disguised credit note flagged. */
static void
test_minimum_credit_note (void)
{
  g_autoptr(GBytes) pdf = chorus_test_sample_bytes ("zugferd-corpus/fail/Avoir_FR_type380_MINIMUM.pdf");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = chorus_structured_data_view_new ();
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 760, 980);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  chorus_structured_data_view_set_document (CHORUS_STRUCTURED_DATA_VIEW (view), pdf, NULL);
  g_assert_true (chorus_test_wait_until (view_is_idle, view, 10000));
  g_assert_nonnull (chorus_structured_data_view_get_facturx (CHORUS_STRUCTURED_DATA_VIEW (view)));

  assert_label (view, "Profil MINIMUM");
  assert_label (view, "AV-2017-0005");
  assert_label (view, "-233,47\u00a0€");
  assert_label (view, "Le profil MINIMUM ne contient pas de lignes : voir le PDF pour le détail.");
  assert_label (view, "C’est un avoir déguisé en facture : type 380 (Facture commerciale) avec un total négatif. "
                      "Un avoir doit utiliser le type 381 avec des montants positifs.");
  g_assert_true (has_icon (view, "dialog-error-symbolic"));
  g_assert_true (has_icon (view, "dialog-information-symbolic"));

  /* Let the stack's crossfade from the spinner finish. */
  chorus_test_settle (400);
  wait_frames (view);
  shot = chorus_test_screenshot (window, "structured-data-view-minimum");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Closing the pane while the PDF is still being read must neither crash nor warn. */
static void
test_destroy_while_loading (void)
{
  g_autoptr(GBytes) pdf = chorus_test_sample_bytes ("akretion/invoice_EN16931.pdf");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = chorus_structured_data_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  chorus_structured_data_view_set_document (CHORUS_STRUCTURED_DATA_VIEW (view), pdf, NULL);
  chorus_structured_data_view_set_document (CHORUS_STRUCTURED_DATA_VIEW (view), pdf, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  chorus_test_settle (1000);
}

int
main (int argc, char *argv[])
{
  g_setenv ("LANGUAGE", "fr", TRUE);
  chorus_test_init_locale ("fr_FR.UTF-8");

  /* gtk_init would reset the locale from the environment. */
  gtk_disable_setlocale ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/ui/structured-data-view/akretion", test_akretion_sample);
  g_test_add_func ("/ui/structured-data-view/minimum-credit-note", test_minimum_credit_note);
  g_test_add_func ("/ui/structured-data-view/destroy-while-loading", test_destroy_while_loading);
  return g_test_run ();
}
