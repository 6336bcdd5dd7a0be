/* test-deposit-wizard.c: the deposit wizard driven like a user: file, recipient, data, checks, send, drafts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "chorus-deposit-wizard.h"
#include "chorus-invoice-lines-editor.h"
#include "chorus-pdf-view-private.h"
#include "chorus-recipient-picker.h"
#include "chorus-status.h"
#include "chorus-test-ui.h"

/* A directory with two recipients; the second requires a service and its service an engagement. */
#define TEST_TYPE_DIRECTORY (test_directory_get_type ())
G_DECLARE_FINAL_TYPE (TestDirectory, test_directory, TEST, DIRECTORY, GObject)

struct _TestDirectory
{
  GObject parent_instance;
};

static void test_directory_iface_init (ChorusDirectoryInterface *iface);
G_DEFINE_FINAL_TYPE_WITH_CODE (TestDirectory, test_directory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CHORUS_TYPE_DIRECTORY, test_directory_iface_init))

static const ChorusStructure structures[] = {
  { .id = 101, .identifier = (char *) "21750001600019", .id_type = CHORUS_ID_TYPE_SIRET,
    .name = (char *) "Mairie de Paris", .address = (char *) "Place de l'Hôtel de Ville 75004 Paris" },
  { .id = 102, .identifier = (char *) "26330004600012", .id_type = CHORUS_ID_TYPE_SIRET,
    .name = (char *) "Centre hospitalier de Bordeaux", .address = (char *) "Place Amélie Raba Léon 33000 Bordeaux" },
};

static void
search_async (ChorusDirectory *self, const char *query, GCancellable *cancellable,
              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  g_autofree char *needle = g_utf8_casefold (query, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (structures); i++)
    {
      g_autofree char *name = g_utf8_casefold (structures[i].name, -1);

      if (g_str_has_prefix (structures[i].identifier, query) || strstr (name, needle) != NULL)
        g_ptr_array_add (found, chorus_structure_copy (&structures[i]));
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
search_finish (ChorusDirectory *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
describe_async (ChorusDirectory *self, gint64 id, GCancellable *cancellable,
                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  ChorusRecipientRules *rules = g_new0 (ChorusRecipientRules, 1);
  ChorusService urgences = { .id = 7, .code = (char *) "URGENCES", .name = (char *) "Service des urgences",
                             .active = TRUE, .engagement_required = TRUE };
  ChorusService achats = { .id = 8, .code = (char *) "ACHATS", .name = (char *) "Direction des achats",
                           .active = TRUE };

  rules->found = TRUE;
  rules->active = TRUE;
  if (id == 102)
    {
      rules->service_required = TRUE;
      g_ptr_array_add (services, chorus_service_copy (&urgences));
      g_ptr_array_add (services, chorus_service_copy (&achats));
    }
  g_task_set_task_data (task, rules, g_free);
  g_task_return_pointer (task, services, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
describe_finish (ChorusDirectory *self, GAsyncResult *result, ChorusRecipientRules *rules, GError **error)
{
  GPtrArray *services = g_task_propagate_pointer (G_TASK (result), error);

  if (services != NULL)
    *rules = *(ChorusRecipientRules *) g_task_get_task_data (G_TASK (result));
  return services;
}

static void
test_directory_iface_init (ChorusDirectoryInterface *iface)
{
  iface->search_async = search_async;
  iface->search_finish = search_finish;
  iface->describe_async = describe_async;
  iface->describe_finish = describe_finish;
}

static void
test_directory_class_init (TestDirectoryClass *klass)
{
}

static void
test_directory_init (TestDirectory *self)
{
}

typedef struct {
  GtkWindow           *window;
  ChorusDepositWizard *wizard;
  char                *drafts_dir;
  ChorusDepositDraft  *submitted;
} Fixture;

static void
submit_cb (ChorusDepositWizard *wizard, ChorusDepositDraft *draft, Fixture *fixture)
{
  g_clear_pointer (&fixture->submitted, chorus_deposit_draft_free);
  fixture->submitted = chorus_deposit_draft_copy (draft);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TestDirectory) directory = g_object_new (TEST_TYPE_DIRECTORY, NULL);

  fixture->drafts_dir = g_dir_make_tmp ("chorus-wizard-XXXXXX", NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 820);
  fixture->wizard = CHORUS_DEPOSIT_WIZARD (chorus_deposit_wizard_new ());
  chorus_deposit_wizard_set_drafts_dir (fixture->wizard, fixture->drafts_dir);
  chorus_deposit_wizard_set_today (fixture->wizard, "2026-11-23");
  chorus_deposit_wizard_set_directory (fixture->wizard, CHORUS_DIRECTORY (directory));
  g_signal_connect (fixture->wizard, "submit", G_CALLBACK (submit_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->wizard));
  gtk_window_present (fixture->window);
  chorus_test_settle (100);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) drafts = chorus_deposit_draft_list (fixture->drafts_dir);

  for (guint i = 0; i < drafts->len; i++)
    chorus_deposit_draft_delete (fixture->drafts_dir, ((ChorusDepositDraft *) drafts->pdata[i])->id, NULL);
  g_rmdir (fixture->drafts_dir);
  g_free (fixture->drafts_dir);
  g_clear_pointer (&fixture->submitted, chorus_deposit_draft_free);
  gtk_window_destroy (fixture->window);
}

/* A widget of the wizard's template, or of its recipient picker's (search, services, engagement)
 * or its lines editor's (VAT lines, lines). */
static gpointer
template_child (Fixture *fixture, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->wizard), CHORUS_TYPE_DEPOSIT_WIZARD, name);

  if (child == NULL)
    {
      GObject *picker = gtk_widget_get_template_child (GTK_WIDGET (fixture->wizard), CHORUS_TYPE_DEPOSIT_WIZARD,
                                                       "recipient_picker");

      child = gtk_widget_get_template_child (GTK_WIDGET (picker), CHORUS_TYPE_RECIPIENT_PICKER, name);
    }
  if (child == NULL)
    {
      GObject *editor = gtk_widget_get_template_child (GTK_WIDGET (fixture->wizard), CHORUS_TYPE_DEPOSIT_WIZARD,
                                                       "lines_editor");

      child = gtk_widget_get_template_child (GTK_WIDGET (editor), CHORUS_TYPE_INVOICE_LINES_EDITOR, name);
    }
  g_assert_nonnull (child);
  return child;
}

static void
type_into (Fixture *fixture, const char *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (template_child (fixture, row)), text);
}

static gboolean
pdf_ready (gpointer data)
{
  Fixture *fixture = data;
  ChorusPdfView *view = CHORUS_PDF_VIEW (template_child (fixture, "pdf_view"));

  return chorus_pdf_view_get_state (view) == CHORUS_PDF_VIEW_READY &&
         !chorus_deposit_wizard_is_reading_file (fixture->wizard);
}

static gboolean
file_read (gpointer data)
{
  Fixture *fixture = data;
  return !chorus_deposit_wizard_is_reading_file (fixture->wizard);
}

static gboolean
recipients_listed (gpointer data)
{
  Fixture *fixture = data;

  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (template_child (fixture, "recipient_list")), 0) != NULL;
}

static gboolean
services_listed (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (G_LIST_MODEL (template_child (fixture, "service_model"))) == 3;
}

static gboolean
has_problem (GPtrArray *problems, ChorusDepositField field)
{
  return chorus_deposit_problems_find (problems, field) != NULL;
}

static void
open_sample_pdf (Fixture *fixture)
{
  g_autofree char *path = chorus_test_sample_path ("akretion/invoice_EN16931.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  chorus_deposit_wizard_open_file (fixture->wizard, file);
  g_assert_true (chorus_test_wait_until (pdf_ready, fixture, 10000));
}

static void
choose_hospital (Fixture *fixture)
{
  GtkListBox *list = GTK_LIST_BOX (template_child (fixture, "recipient_list"));

  chorus_deposit_wizard_show_page (fixture->wizard, "recipient");
  type_into (fixture, "recipient_search", "hospitalier");
  g_assert_true (chorus_test_wait_until (recipients_listed, fixture, 5000));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (chorus_test_wait_until (services_listed, fixture, 5000));
}

/* The whole happy path, with every obligation of the recipient met on the way. */
static void
test_pdf_deposit (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *shot = NULL;
  ChorusInvoice *sent;

  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT));
  g_clear_pointer (&problems, g_ptr_array_unref);

  open_sample_pdf (fixture);
  /* The Factur-X data prefill the form; the test then types its own values. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "number_row"))), ==, "F20260023");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "date_row"))), ==, "31/01/2026");
  type_into (fixture, "engagement_row", "");
  choose_hospital (fixture);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (template_child (fixture, "obligations_row"))), ==,
                   "Service code required");

  /* No service yet: the recipient's obligation is reported. */
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_SERVICE));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* The emergency service also requires an engagement number. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "service_row")), 1);
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_false (has_problem (problems, CHORUS_DEPOSIT_FIELD_SERVICE));
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT));
  g_clear_pointer (&problems, g_ptr_array_unref);
  type_into (fixture, "engagement_row", "EJ2026000123");

  chorus_deposit_wizard_show_page (fixture->wizard, "invoice");
  type_into (fixture, "number_row", "FA-2026-118");
  type_into (fixture, "date_row", "20/11/2026");
  type_into (fixture, "ht_row", "1 000,00");
  type_into (fixture, "vat_row", "200");
  /* TTC and the net to pay follow HT + TVA. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "ttc_row"))), ==, "1200,00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "to_pay_row"))), ==, "1200,00");

  /* A net to pay above TTC is refused, and so is an amount that is not one. */
  type_into (fixture, "to_pay_row", "1300");
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY));
  g_clear_pointer (&problems, g_ptr_array_unref);
  type_into (fixture, "to_pay_row", "douze");
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY));
  g_clear_pointer (&problems, g_ptr_array_unref);
  type_into (fixture, "to_pay_row", "1200");

  /* The check page lists what is left (nothing) and offers to send. */
  chorus_deposit_wizard_show_page (fixture->wizard, "check");
  problems = chorus_deposit_wizard_check (fixture->wizard);
  if (problems->len > 0)
    g_error ("unexpected problems: %s", chorus_deposit_problems_join (problems));
  g_assert_true (gtk_widget_get_sensitive (template_child (fixture, "send_button")));
  chorus_test_settle (800);
  shot = chorus_test_screenshot (GTK_WIDGET (fixture->window), "deposit-wizard-check");
  g_clear_pointer (&shot, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.send", NULL));
  g_assert_nonnull (fixture->submitted);
  sent = fixture->submitted->invoice;
  g_assert_cmpstr (chorus_invoice_get_recipient_code (sent), ==, "26330004600012");
  g_assert_cmpint (chorus_invoice_get_recipient_id (sent), ==, 102);
  g_assert_cmpstr (chorus_invoice_get_service_code (sent), ==, "URGENCES");
  g_assert_cmpint (chorus_invoice_get_service_id (sent), ==, 7);
  g_assert_cmpstr (chorus_invoice_get_engagement_number (sent), ==, "EJ2026000123");
  g_assert_cmpstr (chorus_invoice_get_invoice_date (sent), ==, "2026-11-20");
  g_assert_cmpint (chorus_invoice_get_amount_ttc (sent), ==, 120000);
  g_assert_cmpint (chorus_invoice_get_cadre (sent), ==, CHORUS_CADRE_A1);
  g_assert_cmpstr (chorus_invoice_get_payment_mode (sent), ==, "VIREMENT");
  g_assert_nonnull (fixture->submitted->pdf_path);
  g_assert_null (fixture->submitted->flux_syntax);

  /* While sending, a second click does nothing. */
  g_clear_pointer (&fixture->submitted, chorus_deposit_draft_free);
  gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.send", NULL);
  g_assert_null (fixture->submitted);

  chorus_deposit_wizard_show_certificate (fixture->wizard, "FA-2026-118", "2026-11-23", CHORUS_STATUS_DEPOSEE,
                                          "PEEjTeidWzmcjoNngDJY69i3z7NvUxkZY06DwP17AAo=");
  g_assert_cmpstr (chorus_deposit_wizard_get_page (fixture->wizard), ==, "sent");
  g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (fixture->wizard), GTK_TYPE_LABEL, "23/11/2026"));
  chorus_test_settle (200);
  shot = chorus_test_screenshot (GTK_WIDGET (fixture->window), "deposit-wizard-certificate");
}

/* A refusal from the platform keeps the form as it was and shows the message. */
static void
test_send_error_keeps_form (Fixture *fixture, gconstpointer data)
{
  open_sample_pdf (fixture);
  choose_hospital (fixture);
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "service_row")), 2);
  type_into (fixture, "number_row", "FA-77");
  type_into (fixture, "date_row", "2026-11-02");
  type_into (fixture, "ht_row", "50");
  type_into (fixture, "vat_row", "10");
  chorus_deposit_wizard_show_page (fixture->wizard, "check");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.send", NULL));
  g_assert_nonnull (fixture->submitted);

  chorus_deposit_wizard_show_send_error (fixture->wizard, "Numéro de facture déjà utilisé");
  g_assert_cmpstr (chorus_deposit_wizard_get_page (fixture->wizard), ==, "check");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "number_row"))), ==, "FA-77");
  g_assert_true (gtk_widget_get_sensitive (template_child (fixture, "send_button")));
}

/* Credit notes: the corrected invoice is asked for and the payment mode refused. */
static void
test_credit_note (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) problems = NULL;

  open_sample_pdf (fixture);
  choose_hospital (fixture);
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "service_row")), 2);
  type_into (fixture, "number_row", "AV-3");
  type_into (fixture, "date_row", "01/11/2026");
  type_into (fixture, "ht_row", "10");
  type_into (fixture, "vat_row", "2");
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "type_row")), 1);
  g_assert_true (gtk_widget_get_visible (template_child (fixture, "original_row")));
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER));
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_PAYMENT_MODE));
  g_clear_pointer (&problems, g_ptr_array_unref);

  type_into (fixture, "original_row", "FA-2026-118");
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "payment_row")), 0);
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_cmpuint (problems->len, ==, 0);
  chorus_deposit_wizard_show_page (fixture->wizard, "invoice");
  g_free (chorus_test_screenshot (GTK_WIDGET (fixture->window), "deposit-wizard-credit-note"));
}

/* VAT lines typed in the form must add up, each at its rate. */
static void
test_vat_lines (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) problems = NULL;
  GtkListBox *list = GTK_LIST_BOX (template_child (fixture, "vat_lines_list"));
  GtkListBoxRow *row;

  open_sample_pdf (fixture);
  choose_hospital (fixture);
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "service_row")), 2);
  type_into (fixture, "number_row", "FA-5");
  type_into (fixture, "date_row", "01/11/2026");
  type_into (fixture, "ht_row", "1000");
  type_into (fixture, "vat_row", "171");
  g_assert_true (gtk_widget_activate_action (template_child (fixture, "lines_editor"), "lines.add-vat-line", NULL));
  g_assert_true (gtk_widget_activate_action (template_child (fixture, "lines_editor"), "lines.add-vat-line", NULL));
  row = gtk_list_box_get_row_at_index (list, 0);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "rate"), "20");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "base"), "800");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "vat"), "160");
  row = gtk_list_box_get_row_at_index (list, 1);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "rate"), "5,5");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "base"), "200");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "vat"), "12");
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_true (has_problem (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES));
  g_clear_pointer (&problems, g_ptr_array_unref);

  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "vat"), "11");
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_cmpuint (problems->len, ==, 0);
  chorus_deposit_wizard_show_page (fixture->wizard, "invoice");
  chorus_test_settle (200);
  g_free (chorus_test_screenshot (GTK_WIDGET (fixture->window), "deposit-wizard-invoice"));
}

/* A draft saved, listed, resumed with its recipient, service and lines. */
static void
test_drafts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  GtkWidget *resume;

  open_sample_pdf (fixture);
  choose_hospital (fixture);
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_child (fixture, "service_row")), 2);
  type_into (fixture, "number_row", "FA-DRAFT");
  type_into (fixture, "ht_row", "42");
  g_assert_true (gtk_widget_activate_action (template_child (fixture, "lines_editor"), "lines.add-line", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.save-draft", NULL));
  drafts = chorus_deposit_draft_list (fixture->drafts_dir);
  g_assert_cmpuint (drafts->len, ==, 1);

  chorus_deposit_wizard_reset (fixture->wizard);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "number_row"))), ==, "");
  g_assert_true (gtk_widget_get_visible (template_child (fixture, "drafts_group")));
  resume = chorus_test_find_widget (template_child (fixture, "drafts_list"), GTK_TYPE_BUTTON, "Resume");
  g_assert_nonnull (resume);
  g_signal_emit_by_name (resume, "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (fixture, "number_row"))), ==, "FA-DRAFT");
  g_assert_true (chorus_test_wait_until (services_listed, fixture, 5000));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (template_child (fixture, "service_row"))), ==, 2);
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (template_child (fixture, "lines_list")), 0));
  g_assert_true (chorus_test_wait_until (pdf_ready, fixture, 10000));
}

/* An XML file goes as a flux: the syntax is recognised and the form is skipped. */
static void
test_flux (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = chorus_test_sample_path ("akretion/ubl-21-en16931.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) problems = NULL;

  chorus_deposit_wizard_open_file (fixture->wizard, file);
  g_assert_true (chorus_test_wait_until (file_read, fixture, 10000));
  g_assert_true (gtk_widget_get_visible (template_child (fixture, "syntax_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.next", NULL));
  g_assert_cmpstr (chorus_deposit_wizard_get_page (fixture->wizard), ==, "check");
  problems = chorus_deposit_wizard_check (fixture->wizard);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.send", NULL));
  g_assert_nonnull (fixture->submitted);
  g_assert_cmpstr (fixture->submitted->flux_syntax, ==, "IN_DP_E1_UBL_INVOICE");
  chorus_deposit_wizard_show_flux_receipt (fixture->wizard, "CPP0000123", "2026-11-23", "IN_DP_E1_UBL_INVOICE");
  g_assert_cmpstr (chorus_deposit_wizard_get_page (fixture->wizard), ==, "sent");
  g_free (chorus_test_screenshot (GTK_WIDGET (fixture->window), "deposit-wizard-flux-sent"));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
#define ADD(path, func) g_test_add ("/deposit-wizard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pdf-deposit", test_pdf_deposit);
  ADD ("send-error", test_send_error_keeps_form);
  ADD ("credit-note", test_credit_note);
  ADD ("vat-lines", test_vat_lines);
  ADD ("drafts", test_drafts);
  ADD ("flux", test_flux);
#undef ADD
  return g_test_run ();
}
