/* test-supplier-workspace.c: each step of a supplier's course on the simulator, with real widgets: a PDF
 * deposit prefilled from what Chorus Pro read, a flux rejected with its report explained, a suspension
 * answered with a document, a recycling to another recipient, and the same invoice seen on both sides.
 * Screenshots go to the test output. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "chorus-client.h"
#include "chorus-facturx.h"
#include "chorus-flow-report.h"
#include "chorus-pdf-view.h"
#include "chorus-recipient-picker.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-sim.h"
#include "chorus-session.h"
#include "chorus-status.h"
#include "chorus-supplier-workspace-private.h"
#include "chorus-test-invoices.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "chorus-test-ui.h"
#include "chorus-flow-list-private.h"
#include "chorus-recycle-dialog-private.h"

typedef struct {
  ChorusSim    *sim;
  ChorusClient *client;
  char         *dir;
  ChorusStore  *store;
  ChorusSync   *sync;
  ChorusSession *session;
  GtkWindow    *window;
  GtkWidget    *workspace;
  char         *pdf_engagement;   /* printed in the PDF plain_pdf() wrote */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->sim = chorus_test_sim_start (4242, 400);
  f->client = chorus_test_sim_client (f->sim);
  f->dir = g_dir_make_tmp ("chorus-supplier-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = chorus_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->sync = chorus_sync_new (f->client, f->store);
  f->session = chorus_session_new_from_parts (NULL, f->client, f->store, f->sync);
  f->window = GTK_WINDOW (gtk_window_new ());
  /* The size of a laptop screen: what has to fit. */
  gtk_window_set_default_size (f->window, 1024, 700);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  chorus_test_settle (50);
  g_clear_object (&f->session);
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  chorus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->pdf_engagement);
  g_clear_object (&f->client);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

static gboolean
supplier_idle (gpointer data)
{
  Fixture *f = data;

  return !chorus_supplier_workspace_get_busy (CHORUS_SUPPLIER_WORKSPACE (f->workspace));
}

static gpointer
child (gpointer widget, GType type, const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

/* A widget of the wizard, or of its recipient picker. */
static gpointer
wizard_child (ChorusDepositWizard *wizard, const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (wizard), CHORUS_TYPE_DEPOSIT_WIZARD, name);

  if (found == NULL)
    found = gtk_widget_get_template_child (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_picker"),
                                           CHORUS_TYPE_RECIPIENT_PICKER, name);
  g_assert_nonnull (found);
  return found;
}

/* The supplier workspace on the simulator, its first pull done. */
static ChorusSupplierWorkspace *
open_workspace (Fixture *f)
{
  ChorusSupplierWorkspace *workspace;
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->workspace = chorus_supplier_workspace_new ();
  workspace = CHORUS_SUPPLIER_WORKSPACE (f->workspace);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), f->workspace);
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  chorus_supplier_workspace_set_session (workspace, f->session);
  _chorus_supplier_workspace_refresh (workspace);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 30000));
  /* It opens on the list of issued invoices, not on a form. */
  g_assert_cmpstr (_chorus_supplier_workspace_get_page (workspace), ==, "issued");
  return workspace;
}

typedef struct {
  ChorusDepositWizard *wizard;
  const char          *name;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (chorus_deposit_wizard_get_page (wait->wizard), wait->name) == 0;
}

static gboolean
read_done (gpointer data)
{
  AdwActionRow *row = data;
  const char *subtitle = adw_action_row_get_subtitle (row);

  return gtk_widget_get_visible (GTK_WIDGET (row)) && subtitle != NULL &&
         g_strcmp0 (subtitle, _("Chorus Pro reads the PDF…")) != 0;
}

static gboolean
recipient_chosen (gpointer data)
{
  ChorusRecipientPicker *picker = data;
  ChorusRecipientRules rules;

  return chorus_recipient_picker_get_recipient (picker) != NULL && chorus_recipient_picker_get_rules (picker, &rules);
}

static gboolean
listed (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

/* The store's issued invoice in @status, its row key. */
static gint64
issued_in_status (Fixture *f, ChorusStatus status)
{
  ChorusInvoiceFilter filter;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) invoices = NULL;

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_ISSUED;
  keys = chorus_store_query_ids (f->store, &filter, CHORUS_SORT_DEPOSIT_DATE, TRUE, NULL);
  invoices = chorus_store_load_invoices (f->store, (const gint64 *) (gpointer) keys->data, keys->len, NULL);
  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    if (chorus_invoice_get_status (g_ptr_array_index (invoices, i)) == status)
      return chorus_invoice_get_key (g_ptr_array_index (invoices, i));
  return 0;
}

/* A PDF the simulator drew for one of the account's issued invoices, with no structured data:
 * what Chorus Pro reads in it is all there is to prefill the form. */
static char *
plain_pdf (Fixture *f)
{
  ChorusInvoiceQuery query;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = NULL;

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_sim_get_supplier_id (f->sim);
  query.page_size = 40;
  page = chorus_client_search_issued_sync (f->client, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->invoices->len; i++)
    {
      gint64 id = chorus_invoice_get_id (g_ptr_array_index (page->invoices, i));
      g_autoptr(GBytes) pdf = chorus_client_download_sync (f->client, &id, 1, CHORUS_DOWNLOAD_PDF, FALSE, NULL, &error);
      g_autoptr(ChorusFacturxDocument) document = pdf != NULL ? chorus_facturx_read_pdf (pdf, NULL) : NULL;
      g_autofree char *path = NULL;

      g_assert_no_error (error);
      if (document != NULL || chorus_invoice_get_invoice_type (g_ptr_array_index (page->invoices, i)) != CHORUS_INVOICE_TYPE_FACTURE)
        continue;
      path = g_build_filename (f->dir, "facture-formation.pdf", NULL);
      g_free (f->pdf_engagement);
      f->pdf_engagement = g_strdup (chorus_invoice_get_engagement_number (g_ptr_array_index (page->invoices, i)));
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
      return g_steal_pointer (&path);
    }
  g_error ("no plain PDF among the simulator's issued invoices");
}

static gboolean
row_marked_read (AdwEntryRow *row)
{
  GtkWidget *mark = g_object_get_data (G_OBJECT (row), "read-mark");

  return mark != NULL && gtk_widget_get_visible (mark);
}

/* The check page without a problem, then sent: the certificate, shot as @shot. */
static void
send_deposit (Fixture *f, ChorusDepositWizard *wizard, const char *shot)
{
  g_autoptr(GPtrArray) problems = NULL;
  PageWait sent = { wizard, "sent" };

  chorus_deposit_wizard_show_page (wizard, "check");
  problems = chorus_deposit_wizard_check (wizard);
  if (problems->len > 0)
    g_error ("%s", chorus_deposit_problems_join (problems));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.send", NULL));
  g_assert_true (chorus_test_wait_until (on_page, &sent, 20000));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), shot));
}

/* Step "deposit a PDF invoice": Chorus Pro reads the PDF (deposer/pdf, through the outbox), its
 * fields fill the form marked "read from the PDF", the user completes and sends, the certificate
 * shows, and "Follow this invoice" opens it in the issued list. */
static void
test_pdf_deposit_prefilled (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  ChorusDepositWizard *wizard = _chorus_supplier_workspace_get_wizard (workspace);
  g_autofree char *path = plain_pdf (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *number = g_strdup_printf ("FO-%s", g_date_time_format (now, "%H%M%S"));
  ChorusRecipientPicker *picker = child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_picker");
  ChorusInvoice *shown;

  g_assert_true (gtk_widget_activate_action (f->workspace, "supplier.deposit", NULL));
  g_assert_cmpstr (_chorus_supplier_workspace_get_page (workspace), ==, "deposit");
  /* The issuing structure is the account's only supplier structure, shown, not chosen. */
  g_assert_cmpint (chorus_deposit_wizard_get_supplier (wizard), ==, chorus_sim_get_supplier_id (f->sim));

  chorus_deposit_wizard_open_file (wizard, file);
  g_assert_true (chorus_test_wait_until (read_done, wizard_child (wizard, "read_row"), 20000));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  g_assert_true (row_marked_read (wizard_child (wizard, "number_row")));
  g_assert_true (row_marked_read (wizard_child (wizard, "ht_row")));
  g_assert_cmpstr (gtk_editable_get_text (wizard_child (wizard, "date_row")), !=, "");
  /* The recipient's SIRET read in the PDF found it in the directory. */
  g_assert_true (chorus_test_wait_until (recipient_chosen, picker, 20000));
  /* Read as printed, not run into the recipient's name printed further on the same line. */
  if (f->pdf_engagement != NULL)
    g_assert_cmpstr (gtk_editable_get_text (wizard_child (wizard, "engagement_row")), ==, f->pdf_engagement);
  chorus_test_settle (300);
  chorus_deposit_wizard_show_page (wizard, "file");
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-01-deposit-read-from-pdf"));
  chorus_deposit_wizard_show_page (wizard, "invoice");
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-02-deposit-fields-marked"));

  /* The PDF's own number is already deposited: the user gives this one its own, and the mark
   * goes from the field they changed. */
  gtk_editable_set_text (wizard_child (wizard, "number_row"), number);
  gtk_editable_set_text (wizard_child (wizard, "date_row"), today);
  g_assert_false (row_marked_read (wizard_child (wizard, "number_row")));
  g_assert_true (row_marked_read (wizard_child (wizard, "ht_row")));
  chorus_deposit_wizard_show_page (wizard, "recipient");
  problems = chorus_deposit_wizard_check (wizard);
  if (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT) != NULL)
    chorus_recipient_picker_set_engagement (picker, "EJ-FORMATION-26");
  g_clear_pointer (&problems, g_ptr_array_unref);
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-03-deposit-issuer-recipient"));
  send_deposit (f, wizard, "supplier-04-deposit-certificate");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.follow", NULL));
  g_assert_cmpstr (_chorus_supplier_workspace_get_page (workspace), ==, "issued");
  shown = _chorus_supplier_workspace_get_current (workspace);
  g_assert_nonnull (shown);
  g_assert_cmpstr (chorus_invoice_get_number (shown), ==, number);
  g_assert_cmpint (chorus_invoice_get_direction (shown), ==, CHORUS_DIRECTION_ISSUED);
  /* Deposited with the upload made to read it: the PDF went up once. */
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-05-issued-new-invoice"));
}

/* Opens the deposit on @file, waits for Chorus Pro's reading and the recipient it names, types
 * @number and @today, and an engagement number when the recipient asks for one. */
static void
start_deposit_of_read_pdf (Fixture *f, ChorusDepositWizard *wizard, GFile *file, const char *number, const char *today)
{
  ChorusRecipientPicker *picker = child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_picker");
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_true (gtk_widget_activate_action (f->workspace, "supplier.deposit", NULL));
  chorus_deposit_wizard_open_file (wizard, file);
  g_assert_true (chorus_test_wait_until (read_done, wizard_child (wizard, "read_row"), 20000));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  g_assert_true (chorus_test_wait_until (recipient_chosen, picker, 20000));
  gtk_editable_set_text (wizard_child (wizard, "number_row"), number);
  gtk_editable_set_text (wizard_child (wizard, "date_row"), today);
  problems = chorus_deposit_wizard_check (wizard);
  if (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT) != NULL)
    chorus_recipient_picker_set_engagement (picker, "EJ-FORMATION-26");
}

static gboolean
bank_details_offered (gpointer data)
{
  /* "The structure's default ones", then the valid bank details of recuperer/coordbanc/valides. */
  return g_list_model_get_n_items (G_LIST_MODEL (child (data, CHORUS_TYPE_DEPOSIT_WIZARD, "bank_model"))) > 2;
}

/* Steps "manage the attachments" and "bank details" of the supplier courses: a document joined to
 * the deposit goes up with ajouter/fichier and is named in soumettre; the bank details chosen
 * among the structure's valid ones are those Chorus Pro then shows for the invoice. */
static void
test_deposit_attachment_and_bank_details (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  ChorusDepositWizard *wizard = _chorus_supplier_workspace_get_wizard (workspace);
  g_autofree char *path = plain_pdf (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *annex = g_build_filename (f->dir, "bon-de-livraison.pdf", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *number = g_date_time_format (now, "PJ-%H%M%S");
  AdwComboRow *bank_row = child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "bank_row");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) server = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *chosen = NULL;
  JsonObject *supplier;
  gint64 chorus_id;
  gboolean linked = FALSE;

  g_assert_true (g_file_set_contents (annex, "%PDF-1.4\n% bon de livraison\n", -1, &error));
  start_deposit_of_read_pdf (f, wizard, file, number, today);

  chorus_deposit_wizard_add_attachment (wizard, annex);
  g_assert_true (chorus_test_wait_until (bank_details_offered, wizard, 20000));
  adw_combo_row_set_selected (bank_row, 2);
  chosen = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "bank_model")), 2));
  chorus_deposit_wizard_show_page (wizard, "invoice");
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-deposit-attachment-and-bank-details"));
  send_deposit (f, wizard, "supplier-deposit-attachment-and-bank-details-sent");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.follow", NULL));
  g_assert_cmpstr (chorus_invoice_get_number (_chorus_supplier_workspace_get_current (workspace)), ==, number);
  chorus_id = chorus_invoice_get_id (_chorus_supplier_workspace_get_current (workspace));
  g_assert_cmpint (chorus_store_count_open_actions (f->store), ==, 0);
  server = chorus_client_consult_invoice_sync (f->client, CHORUS_DIRECTION_ISSUED, chorus_id, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; chorus_invoice_get_attachments (server) != NULL && i < chorus_invoice_get_attachments (server)->len; i++)
    linked |= g_strcmp0 (((ChorusAttachment *) g_ptr_array_index (chorus_invoice_get_attachments (server), i))->name,
                         "bon-de-livraison.pdf") == 0;
  g_assert_true (linked);
  /* The simulator's own record of the bank details, as consulter/fournisseur gives it. */
  json_object_set_int_member (request, "identifiantFactureCPP", chorus_id);
  answer = chorus_client_call_sync (f->client, "factures/v1/consulter/fournisseur", request, NULL, &error);
  g_assert_no_error (error);
  supplier = json_object_get_object_member (json_object_get_object_member (answer, "facture"), "fournisseur");
  g_assert_cmpstr (json_object_get_string_member (supplier, "coordBancairesFournisseurLibelle"), ==, chosen);
}

/* Step "deposit by a subcontractor or a co-contractor": the A9 framework asks for the main
 * contractor (titulaire or mandataire), refuses a deposit without a valid SIRET for them, and the
 * invoice, sent, waits for their first-level validation. */
static void
test_subcontractor_deposit (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  ChorusDepositWizard *wizard = _chorus_supplier_workspace_get_wizard (workspace);
  g_autofree char *path = plain_pdf (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *clock = g_date_time_format (now, "%H%M%S");
  g_autofree char *number = g_strconcat ("ST-", clock, NULL);
  AdwComboRow *cadre_row = wizard_child (wizard, "cadre_row");
  GtkWidget *validator_row = wizard_child (wizard, "validator_row");
  GListModel *cadres = adw_combo_row_get_model (cadre_row);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStructure) titulaire = chorus_client_consult_structure_sync (f->client,
                                                                               chorus_sim_get_moe_id (f->sim),
                                                                               NULL, &error);
  const ChorusDepositProblem *problem;
  ChorusInvoice *shown;
  guint a9 = GTK_INVALID_LIST_POSITION;
  gint64 id;

  g_assert_no_error (error);
  start_deposit_of_read_pdf (f, wizard, file, number, today);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* The ordinary invoice asks for no main contractor; the subcontractor's does. */
  chorus_deposit_wizard_show_page (wizard, "invoice");
  g_assert_false (gtk_widget_get_visible (validator_row));
  for (guint i = 0; i < g_list_model_get_n_items (cadres); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (cadres, i);

      /* Only invoices here: works pieces have their own deposit. */
      g_assert_false (g_str_has_prefix (gtk_string_object_get_string (item), "A4 "));
      if (g_str_has_prefix (gtk_string_object_get_string (item), "A9 "))
        a9 = i;
    }
  g_assert_cmpuint (a9, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (cadre_row, a9);
  g_assert_true (gtk_widget_get_visible (validator_row));
  problems = chorus_deposit_wizard_check (wizard);
  problem = chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_VALIDATOR);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->message, "SIRET"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  /* Its own SIRET is no main contractor. */
  gtk_editable_set_text (GTK_EDITABLE (validator_row), chorus_sim_get_supplier_siret (f->sim));
  problems = chorus_deposit_wizard_check (wizard);
  g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_VALIDATOR));
  g_clear_pointer (&problems, g_ptr_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (validator_row), titulaire->identifier);
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-st-1-main-contractor"));
  send_deposit (f, wizard, "supplier-st-2-sent");

  /* Chorus Pro holds it for the main contractor's first-level validation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.follow", NULL));
  shown = _chorus_supplier_workspace_get_current (workspace);
  g_assert_nonnull (shown);
  g_assert_cmpstr (chorus_invoice_get_number (shown), ==, number);
  g_assert_cmpint (chorus_invoice_get_cadre (shown), ==, CHORUS_CADRE_A9);
  g_assert_cmpint (chorus_invoice_get_status (shown), ==, CHORUS_STATUS_A_VALIDER_1);
  id = chorus_invoice_get_id (shown);
  g_assert_cmpstr (gtk_label_get_label (child (workspace, CHORUS_TYPE_SUPPLIER_WORKSPACE, "action_title")), ==,
                   _("Waiting for the main contractor's validation"));
  /* The supplier follows it; processing it is the recipient's: no such buttons on this side. */
  g_assert_false (gtk_widget_get_visible (child (_chorus_supplier_workspace_get_detail (workspace),
                                                 CHORUS_TYPE_INVOICE_DETAIL, "process_box")));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-st-3-awaits-validation"));

  /* The course's next step is the main contractor's: the invoice waits in its validations (the
   * account validates for the titulaire here), and once validated it goes on to the recipient. */
  {
    ChorusInvoiceQuery query;
    g_autoptr(ChorusInvoicePage) to_validate = NULL;
    g_autoptr(ChorusActionResult) validated = NULL;
    g_autoptr(ChorusInvoicePage) issued = NULL;
    chorus_invoice_query_init (&query);
    query.status = CHORUS_STATUS_A_VALIDER_1;
    query.invoice_number = number;
    to_validate = chorus_client_search_to_validate_sync (f->client, &query, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (to_validate->invoices->len, ==, 1);
    g_assert_cmpint (chorus_invoice_get_id (g_ptr_array_index (to_validate->invoices, 0)), ==, id);
    validated = chorus_client_validate_sync (f->client, id, CHORUS_VALIDATION_VALIDATE, NULL, NULL, 0, NULL, &error);
    g_assert_no_error (error);
    chorus_invoice_query_init (&query);
    query.supplier_id = chorus_sim_get_supplier_id (f->sim);
    query.invoice_number = number;
    issued = chorus_client_search_issued_sync (f->client, &query, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (issued->invoices->len, ==, 1);
    g_assert_cmpint (chorus_invoice_get_status (g_ptr_array_index (issued->invoices, 0)), !=, CHORUS_STATUS_A_VALIDER_1);
  }
}

static gboolean
flux_explained (gpointer data)
{
  Fixture *f = data;
  ChorusFlowList *flows = _chorus_supplier_workspace_get_flow_list (CHORUS_SUPPLIER_WORKSPACE (f->workspace));
  g_autoptr(GPtrArray) deposits = chorus_store_outbox_list_kind (f->store, CHORUS_ACTION_KIND_DEPOSIT_FLOW, NULL);

  return deposits != NULL && deposits->len > 0 &&
         chorus_flow_list_get_advice (flows, ((ChorusAction *) g_ptr_array_index (deposits, 0))->id) != NULL;
}

/* Step "deposit by flux": a UBL invoice whose seller is not the account's structure is refused
 * in the report, and each error shows with what to do about it. */
static void
test_flux_rejected_explained (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  ChorusDepositWizard *wizard = _chorus_supplier_workspace_get_wizard (workspace);
  g_autofree char *path = g_build_filename (g_getenv ("CHORUS_SAMPLES_DIR"), "akretion", "ubl-21-en16931.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) deposits = NULL;
  GPtrArray *advice;
  PageWait sent = { wizard, "sent" };

  g_assert_true (gtk_widget_activate_action (f->workspace, "supplier.deposit", NULL));
  chorus_deposit_wizard_open_file (wizard, file);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 10000));
  chorus_test_settle (300);
  /* An XML invoice goes as a flux, its format picked from its content. */
  g_assert_cmpuint (adw_combo_row_get_selected (wizard_child (wizard, "mode_row")), ==, 1);
  chorus_deposit_wizard_show_page (wizard, "check");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.send", NULL));
  g_assert_true (chorus_test_wait_until (on_page, &sent, 20000));

  /* "Follow" shows the flux with its report, asked for at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.follow", NULL));
  g_assert_cmpstr (_chorus_supplier_workspace_get_page (workspace), ==, "flows");
  g_assert_true (chorus_test_wait_until (flux_explained, f, 20000));
  deposits = chorus_store_outbox_list_kind (f->store, CHORUS_ACTION_KIND_DEPOSIT_FLOW, NULL);
  advice = chorus_flow_list_get_advice (_chorus_supplier_workspace_get_flow_list (workspace),
                                        ((ChorusAction *) g_ptr_array_index (deposits, 0))->id);
  g_assert_cmpuint (advice->len, >=, 1);
  for (guint i = 0; i < advice->len; i++)
    {
      const ChorusFlowAdvice *item = g_ptr_array_index (advice, i);

      g_test_message ("%s — %s — %s", item->title, item->detail, item->advice);
      g_assert_nonnull (item->advice);
    }
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-06-flux-report-explained"));
}

static gboolean
status_is (gpointer data)
{
  gpointer *args = data;
  Fixture *f = args[0];
  gint64 key = *(gint64 *) args[1];
  ChorusStatus status = GPOINTER_TO_INT (args[2]);
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (f->store, key, NULL);

  return invoice != NULL && chorus_invoice_get_status (invoice) == status;
}

/* Step "resolve an anomaly" (suspension): the reason shows above the invoice; Compléter takes a
 * document and a comment; the document is uploaded then named in completer, through the outbox;
 * the invoice leaves SUSPENDUE with the document attached. */
static void
test_complete_with_document (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  gint64 key = issued_in_status (f, CHORUS_STATUS_SUSPENDUE);
  g_autofree char *note = g_build_filename (f->dir, "feuille-emargement.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) server = NULL;
  ChorusCompleteDialog *dialog;
  ChorusInvoice *shown;
  gint64 chorus_id;
  gboolean linked = FALSE;
  gpointer args[3];

  g_assert_cmpint (key, >, 0);
  g_assert_true (g_file_set_contents (note, "%PDF-1.4\n% feuille d'emargement\n", -1, &error));
  _chorus_supplier_workspace_select (workspace, key);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  shown = _chorus_supplier_workspace_get_current (workspace);
  chorus_id = chorus_invoice_get_id (shown);
  g_assert_true (gtk_revealer_get_reveal_child (child (workspace, CHORUS_TYPE_SUPPLIER_WORKSPACE, "action_revealer")));
  g_assert_true (gtk_widget_get_visible (child (workspace, CHORUS_TYPE_SUPPLIER_WORKSPACE, "complete_button")));
  chorus_invoice_detail_show_page (_chorus_supplier_workspace_get_detail (workspace), "history");
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-07-suspended-history"));

  dialog = _chorus_supplier_workspace_complete (workspace);
  g_assert_nonnull (dialog);
  /* Nothing to send yet: refused here, nothing queued. */
  chorus_complete_dialog_apply (dialog);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  chorus_complete_dialog_add_file (dialog, note);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, CHORUS_TYPE_COMPLETE_DIALOG, "comment_row")),
                         "Feuille d'émargement signée jointe");
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (dialog), "supplier-08-complete-dialog"));
  chorus_complete_dialog_apply (dialog);
  args[0] = f;
  args[1] = &key;
  args[2] = GINT_TO_POINTER (CHORUS_STATUS_COMPLETEE);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);

  server = chorus_client_consult_invoice_sync (f->client, CHORUS_DIRECTION_ISSUED, chorus_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_invoice_get_status (server), !=, CHORUS_STATUS_SUSPENDUE);
  for (guint i = 0; chorus_invoice_get_attachments (server) != NULL && i < chorus_invoice_get_attachments (server)->len; i++)
    linked |= g_strcmp0 (((ChorusAttachment *) g_ptr_array_index (chorus_invoice_get_attachments (server), i))->name,
                         "feuille-emargement.pdf") == 0;
  g_assert_true (linked);
  {
    /* The history keeps the suspension with its reason, and the completion with its comment. */
    g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (f->client, chorus_id, NULL, &error);
    gboolean suspension = FALSE, completion = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < history->events->len; i++)
      {
        ChorusStatusEvent *event = g_ptr_array_index (history->events, i);

        suspension |= event->status == CHORUS_STATUS_SUSPENDUE && event->comment != NULL && *event->comment != '\0';
        completion |= event->status == CHORUS_STATUS_COMPLETEE &&
                      g_strcmp0 (event->comment, "Feuille d'émargement signée jointe") == 0;
      }
    g_assert_true (suspension);
    g_assert_true (completion);
  }
  g_assert_true (chorus_test_wait_toast (GTK_WIDGET (f->window),
                                         _("The invoice was completed: Chorus Pro sends it back to its recipient."),
                                         20000));
  /* The workspace refreshes the invoice once the outbox is done: the store says COMPLETEE. */
  g_assert_true (chorus_test_wait_until (status_is, args, 20000));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-09-completed"));
}

/* Step "resolve an anomaly" (routing): Recycler searches the directory for another recipient,
 * picks its service, and the same invoice goes there without a new deposit. */
static void
test_recycle_to_other_recipient (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  gint64 key = issued_in_status (f, CHORUS_STATUS_A_RECYCLER);
  const char *other = chorus_sim_get_strict_recipient_siret (f->sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) server = NULL;
  ChorusRecycleDialog *dialog;
  ChorusRecipientPicker *picker;
  GtkListBox *results;
  gint64 chorus_id;
  gboolean found = FALSE;

  g_assert_cmpint (key, >, 0);
  _chorus_supplier_workspace_select (workspace, key);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  chorus_id = chorus_invoice_get_id (_chorus_supplier_workspace_get_current (workspace));
  g_assert_true (gtk_widget_get_visible (child (workspace, CHORUS_TYPE_SUPPLIER_WORKSPACE, "recycle_button")));

  dialog = _chorus_supplier_workspace_recycle (workspace);
  g_assert_nonnull (dialog);
  picker = CHORUS_RECIPIENT_PICKER (chorus_recycle_dialog_get_picker (dialog));
  /* It starts from where the invoice went. */
  g_assert_true (chorus_test_wait_until (recipient_chosen, picker, 20000));
  g_assert_cmpstr (chorus_recycle_dialog_get_recipient (dialog), ==,
                   chorus_invoice_get_recipient_code (_chorus_supplier_workspace_get_current (workspace)));

  /* Another recipient, found in the directory by its SIRET. */
  chorus_recipient_picker_search (picker, other);
  results = child (picker, CHORUS_TYPE_RECIPIENT_PICKER, "recipient_list");
  g_assert_true (chorus_test_wait_until (listed, results, 20000));
  g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (results, 0));
  g_assert_true (chorus_test_wait_until (recipient_chosen, picker, 20000));
  g_assert_cmpstr (chorus_recycle_dialog_get_recipient (dialog), ==, other);
  /* This one requires a service and an engagement: said before anything is sent. */
  chorus_recycle_dialog_apply (dialog);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (dialog, CHORUS_TYPE_RECYCLE_DIALOG, "error_label")));
  adw_combo_row_set_selected (child (picker, CHORUS_TYPE_RECIPIENT_PICKER, "service_row"), 1);
  chorus_recipient_picker_set_engagement (picker, "EJ-RECYCLE-2026");
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (dialog), "supplier-10-recycle-dialog"));
  chorus_recycle_dialog_apply (dialog);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);

  server = chorus_client_consult_invoice_sync (f->client, CHORUS_DIRECTION_ISSUED, chorus_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chorus_invoice_get_recipient_code (server), ==, other);
  g_assert_cmpint (chorus_invoice_get_status (server), !=, CHORUS_STATUS_A_RECYCLER);
  for (guint i = 0; chorus_invoice_get_history (server) == NULL && i < 1; i++)
    found = TRUE;
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-11-recycled"));
  (void) found;
}

/* An invoice the account issued to its own hospital: in "Factures émises" as issued and in
 * "Factures reçues" as received, two rows with their own keys, each workspace showing its own. */
static void
test_both_directions (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace = open_workspace (f);
  GtkWindow *received_window = GTK_WINDOW (gtk_window_new ());
  ChorusRecipientWorkspace *recipient = CHORUS_RECIPIENT_WORKSPACE (chorus_recipient_workspace_new ());
  ChorusInvoiceFilter filter;
  g_autoptr(GArray) issued_keys = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  gint64 issued_key = 0, received_key = 0;
  ChorusInvoice *received_shown;

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_ISSUED;
  issued_keys = chorus_store_query_ids (f->store, &filter, CHORUS_SORT_DEPOSIT_DATE, TRUE, NULL);
  issued = chorus_store_load_invoices (f->store, (const gint64 *) (gpointer) issued_keys->data, issued_keys->len, NULL);
  for (guint i = 0; i < issued->len && received_key == 0; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (issued, i);

      received_key = chorus_store_find_invoice (f->store, CHORUS_DIRECTION_RECEIVED, chorus_invoice_get_id (invoice));
      issued_key = chorus_invoice_get_key (invoice);
    }
  g_assert_cmpint (received_key, >, 0);
  g_assert_cmpint (received_key, !=, issued_key);

  _chorus_supplier_workspace_select (workspace, issued_key);
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  g_assert_cmpint (chorus_invoice_get_direction (_chorus_supplier_workspace_get_current (workspace)), ==,
                   CHORUS_DIRECTION_ISSUED);
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-12-both-sides-issued"));

  gtk_window_set_default_size (received_window, 1024, 700);
  gtk_window_set_child (received_window, GTK_WIDGET (recipient));
  gtk_window_present (received_window);
  chorus_recipient_workspace_set_session (recipient, f->session);
  chorus_filter_bar_set_group (_chorus_recipient_workspace_get_filter_bar (recipient), CHORUS_STATUS_GROUP_ALL);
  _chorus_recipient_workspace_reload (recipient);
  g_assert_true (chorus_invoice_list_select_id (_chorus_recipient_workspace_get_list (recipient), received_key));
  chorus_test_settle (1000);
  received_shown = chorus_invoice_detail_get_invoice (_chorus_recipient_workspace_get_detail (recipient));
  g_assert_nonnull (received_shown);
  g_assert_cmpint (chorus_invoice_get_direction (received_shown), ==, CHORUS_DIRECTION_RECEIVED);
  g_assert_cmpint (chorus_invoice_get_id (received_shown), ==,
                   chorus_invoice_get_id (_chorus_supplier_workspace_get_current (workspace)));
  g_free (chorus_test_screenshot (GTK_WIDGET (received_window), "supplier-13-both-sides-received"));
  gtk_window_destroy (received_window);
}

/* The issued list at full size, with its tabs and the search by recipient. */
static void
test_issued_list_full_size (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace;
  ChorusFilterBar *bar;
  ChorusInvoiceFilter filter;
  GtkToggleButton *in_progress;

  gtk_window_set_default_size (f->window, 1600, 1000);
  workspace = open_workspace (f);
  bar = _chorus_supplier_workspace_get_filter_bar (workspace);
  in_progress = child (bar, CHORUS_TYPE_FILTER_BAR, "group_to_process");
  /* The tab reads "En cours" with its count; its tooltip names it in full. */
  g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (in_progress), GTK_TYPE_LABEL, C_("issued invoices", "In progress")));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (in_progress)), C_("issued invoices", "In progress")));
  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_SENT_BACK);
  chorus_filter_bar_get_filter (bar, &filter);
  g_assert_cmpint (filter.direction, ==, CHORUS_DIRECTION_ISSUED);
  _chorus_supplier_workspace_reload (workspace);
  _chorus_supplier_workspace_select (workspace, issued_in_status (f, CHORUS_STATUS_REJETEE));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 20000));
  g_assert_true (gtk_widget_get_visible (child (workspace, CHORUS_TYPE_SUPPLIER_WORKSPACE, "correct_button")));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-14-issued-full-size"));
}

/* The first descendant of @root that is a preferences group or row titled @title. */
static GtkWidget *
find_titled (GtkWidget *root, const char *title)
{
  if ((ADW_IS_PREFERENCES_GROUP (root) &&
       g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0) ||
      (ADW_IS_PREFERENCES_ROW (root) &&
       g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_titled (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A flux deposit the outbox could not confirm: shown with its reason; "Already Deposited" settles
 * it without sending anything. */
static void
test_deposit_to_check (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace;
  g_autoptr(ChorusDepositDraft) draft = chorus_deposit_draft_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *title = NULL;
  GtkWidget *group, *button;
  gint64 id;

  draft->pdf_path = g_build_filename (f->dir, "flux-perdu.xml", NULL);
  draft->flux_syntax = g_strdup ("IN_DP_E1_CII_16B");
  node = chorus_deposit_draft_to_json (draft);
  payload = json_to_string (node, FALSE);
  id = chorus_store_outbox_add (f->store, CHORUS_ACTION_KIND_DEPOSIT_FLOW, 0, payload, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_store_outbox_mark_sending (f->store, id, &error));
  g_assert_true (chorus_store_outbox_set_to_check (f->store, id, "Introuvable après 6 recherches <b>&</b>", &error));

  f->workspace = chorus_supplier_workspace_new ();
  workspace = CHORUS_SUPPLIER_WORKSPACE (f->workspace);
  gtk_window_set_child (f->window, f->workspace);
  gtk_window_present (f->window);
  chorus_supplier_workspace_set_session (workspace, f->session);
  chorus_test_settle (100);

  group = find_titled (f->workspace, _("Deposits to Check"));
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_get_visible (group));
  /* The reason is shown as it is, never read as markup. */
  title = g_strdup_printf (_("Flux “%s”"), "flux-perdu.xml");
  g_assert_nonnull (find_titled (group, title));
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-deposit-to-check"));

  button = chorus_test_find_widget (group, GTK_TYPE_BUTTON, _("_Already Deposited"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  chorus_test_settle (50);
  action = chorus_store_outbox_get (f->store, id, &error);
  g_assert_cmpint (action->state, ==, CHORUS_ACTION_DONE);
  g_assert_false (gtk_widget_get_visible (group));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  chorus_test_load_style ();
  /* Screenshots of pages, not of the slide between two. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/supplier-workspace/pdf-deposit-prefilled", test_pdf_deposit_prefilled);
  ADD ("/supplier-workspace/deposit-attachment-and-bank-details", test_deposit_attachment_and_bank_details);
  ADD ("/supplier-workspace/subcontractor-deposit-to-main-contractor", test_subcontractor_deposit);
  ADD ("/supplier-workspace/flux-rejected-explained", test_flux_rejected_explained);
  ADD ("/supplier-workspace/complete-with-document", test_complete_with_document);
  ADD ("/supplier-workspace/recycle-to-other-recipient", test_recycle_to_other_recipient);
  ADD ("/supplier-workspace/same-invoice-both-directions", test_both_directions);
  ADD ("/supplier-workspace/issued-list-full-size", test_issued_list_full_size);
  ADD ("/supplier-workspace/deposit-to-check", test_deposit_to_check);
#undef ADD
  return g_test_run ();
}
