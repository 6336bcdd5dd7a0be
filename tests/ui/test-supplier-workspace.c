/* test-supplier-workspace.c: the supplier and validator workspaces on the simulator: a deposit from
 * the wizard to the certificate, completing a suspended invoice, validating and refusing. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "chorus-client.h"
#include "chorus-deposit-wizard.h"
#include "chorus-pdf-view.h"
#include "chorus-sim.h"
#include "chorus-supplier-workspace.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "chorus-test-ui.h"
#include "chorus-validator-workspace.h"

typedef struct {
  ChorusSim    *sim;
  ChorusClient *client;
  char         *dir;
  ChorusStore  *store;
  ChorusSync   *sync;
  GtkWindow    *window;
  GtkWidget    *workspace;
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
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  chorus_test_settle (50);
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  chorus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->client);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

static gboolean
supplier_idle (gpointer data)
{
  Fixture *f = data;

  return !chorus_supplier_workspace_is_busy (CHORUS_SUPPLIER_WORKSPACE (f->workspace));
}

static gboolean
validator_idle (gpointer data)
{
  Fixture *f = data;

  return !chorus_validator_workspace_is_busy (CHORUS_VALIDATOR_WORKSPACE (f->workspace));
}

static gpointer
child (gpointer widget, GType type, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
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
listed (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

static gboolean
services_known (gpointer data)
{
  return g_list_model_get_n_items (data) > 1;
}

static gboolean
pdf_ready (gpointer data)
{
  return chorus_pdf_view_get_state (data) == CHORUS_PDF_VIEW_READY;
}

static gboolean
file_read (gpointer data)
{
  return !chorus_deposit_wizard_is_reading_file (data);
}

/* The whole deposit as a user does it, sent to the simulator, down to the certificate. */
static void
test_deposit_from_wizard (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace;
  ChorusDepositWizard *wizard;
  g_autofree char *path = g_build_filename (g_getenv ("CHORUS_SAMPLES_DIR"), "akretion", "invoice_EN16931.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autoptr(GPtrArray) problems = NULL;
  GListModel *services;
  PageWait sent;

  f->workspace = chorus_supplier_workspace_new ();
  workspace = CHORUS_SUPPLIER_WORKSPACE (f->workspace);
  gtk_window_set_child (f->window, f->workspace);
  gtk_window_present (f->window);
  chorus_supplier_workspace_set_sync (workspace, f->sync);
  chorus_supplier_workspace_set_client (workspace, f->client, chorus_sim_get_supplier_id (f->sim));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 10000));

  wizard = chorus_supplier_workspace_get_wizard (workspace);
  chorus_deposit_wizard_open_file (wizard, file);
  g_assert_true (chorus_test_wait_until (pdf_ready, child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "pdf_view"), 10000));
  /* Its Factur-X data prefill the form from a worker thread: before the test types its own. */
  g_assert_true (chorus_test_wait_until (file_read, wizard, 10000));
  chorus_deposit_wizard_show_page (wizard, "recipient");
  gtk_editable_set_text (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_search"),
                         chorus_sim_get_recipient_siret (f->sim));
  g_assert_true (chorus_test_wait_until (listed, child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_list"), 10000));
  g_signal_emit_by_name (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_list"), "row-activated",
                         gtk_list_box_get_row_at_index (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "recipient_list"), 0));
  services = child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "service_model");
  g_assert_true (chorus_test_wait_until (services_known, services, 10000));

  /* This recipient requires a service: the local check says so before anything is sent. */
  problems = chorus_deposit_wizard_check (wizard);
  g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_SERVICE));
  g_clear_pointer (&problems, g_ptr_array_unref);
  for (guint i = 1; i < g_list_model_get_n_items (services); i++)
    {
      adw_combo_row_set_selected (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "service_row"), i);
      problems = chorus_deposit_wizard_check (wizard);
      if (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_SERVICE) == NULL)
        break;
      g_clear_pointer (&problems, g_ptr_array_unref);
    }
  gtk_editable_set_text (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "engagement_row"), "EJ-UI-2026");
  gtk_editable_set_text (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "number_row"), "UI-2026-0001");
  gtk_editable_set_text (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "date_row"), today);
  gtk_editable_set_text (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "ht_row"), "2 500,00");
  gtk_editable_set_text (child (wizard, CHORUS_TYPE_DEPOSIT_WIZARD, "vat_row"), "500,00");
  chorus_deposit_wizard_show_page (wizard, "check");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = chorus_deposit_wizard_check (wizard);
  if (problems->len > 0)
    g_error ("%s", chorus_deposit_problems_join (problems));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.send", NULL));
  sent = (PageWait) { wizard, "sent" };
  g_assert_true (chorus_test_wait_until (on_page, &sent, 15000));
  chorus_test_settle (600);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-deposit-certificate"));

  /* The new invoice is in the local database at once. The simulator's account is also the
   * recipient, and the store keeps an invoice both received and issued once, as received. */
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 10000));
  {
    ChorusInvoiceFilter filter;
    g_autoptr(GArray) ids = NULL;

    chorus_invoice_filter_init (&filter);
    filter.text = "UI-2026-0001";
    ids = chorus_store_query_ids (f->store, &filter, CHORUS_SORT_NUMBER, FALSE, NULL);
    g_assert_nonnull (ids);
    g_assert_cmpuint (ids->len, ==, 1);
  }
  g_assert_nonnull (chorus_supplier_workspace_get_issued (workspace));
  g_assert_cmpuint (chorus_supplier_workspace_get_issued (workspace)->len, >, 0);
}

/* A suspended invoice: its motif is shown, completing needs a comment, then it is completed. */
static void
test_complete_suspended (Fixture *f, gconstpointer data)
{
  ChorusSupplierWorkspace *workspace;
  GPtrArray *issued;
  ChorusInvoice *suspended = NULL;

  f->workspace = chorus_supplier_workspace_new ();
  workspace = CHORUS_SUPPLIER_WORKSPACE (f->workspace);
  gtk_window_set_child (f->window, f->workspace);
  gtk_window_present (f->window);
  chorus_supplier_workspace_set_sync (workspace, f->sync);
  chorus_supplier_workspace_set_client (workspace, f->client, chorus_sim_get_supplier_id (f->sim));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 10000));
  issued = chorus_supplier_workspace_get_issued (workspace);
  g_assert_nonnull (issued);
  for (guint i = 0; i < issued->len && suspended == NULL; i++)
    if (chorus_invoice_get_status (g_ptr_array_index (issued, i)) == CHORUS_STATUS_SUSPENDUE)
      suspended = g_ptr_array_index (issued, i);
  if (suspended == NULL)
    {
      g_test_skip ("the simulator's dataset has no suspended invoice for this supplier");
      return;
    }
  chorus_supplier_workspace_select (workspace, chorus_invoice_get_id (suspended));
  chorus_supplier_workspace_complete (workspace, "   ");
  g_assert_false (chorus_supplier_workspace_is_busy (workspace));
  g_assert_cmpstr (chorus_supplier_workspace_get_message (workspace), !=, "");
  chorus_supplier_workspace_complete (workspace, "Bon de livraison signé ajouté");
  /* Queued in the outbox: pending until the server answers. */
  g_assert_true (chorus_supplier_workspace_is_busy (workspace));
  g_assert_cmpstr (chorus_supplier_workspace_get_message (workspace), ==, _("Waiting to be sent to Chorus Pro…"));
  g_assert_true (chorus_test_wait_until (supplier_idle, f, 10000));
  g_assert_cmpstr (chorus_supplier_workspace_get_message (workspace), ==, _("The invoice was completed."));
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  gtk_stack_set_visible_child_name (GTK_STACK (chorus_test_find_widget (f->workspace, GTK_TYPE_STACK, NULL)), "issued");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (chorus_test_find_widget (f->workspace, GTK_TYPE_LABEL,
                                                                                  chorus_supplier_workspace_get_message (workspace))),
                                            "error"));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-issued-completed"));
}

static void
test_validator (Fixture *f, gconstpointer data)
{
  ChorusValidatorWorkspace *workspace;
  GPtrArray *invoices;
  gint64 id;

  f->workspace = chorus_validator_workspace_new ();
  workspace = CHORUS_VALIDATOR_WORKSPACE (f->workspace);
  gtk_window_set_child (f->window, f->workspace);
  gtk_window_present (f->window);
  chorus_validator_workspace_set_client (workspace, f->client);
  g_assert_true (chorus_test_wait_until (validator_idle, f, 10000));
  invoices = chorus_validator_workspace_get_invoices (workspace);
  g_assert_nonnull (invoices);
  g_assert_cmpuint (invoices->len, >=, 2);

  id = chorus_invoice_get_id (g_ptr_array_index (invoices, 0));
  chorus_validator_workspace_select (workspace, id);
  /* Refusing needs a reason; nothing is sent without one. */
  chorus_validator_workspace_decide (workspace, FALSE, "");
  g_assert_false (chorus_validator_workspace_is_busy (workspace));
  chorus_validator_workspace_decide (workspace, FALSE, "Prestation non conforme au bon de commande");
  g_assert_true (chorus_test_wait_until (validator_idle, f, 10000));
  g_assert_true (g_str_has_prefix (chorus_validator_workspace_get_message (workspace), "Done"));

  invoices = chorus_validator_workspace_get_invoices (workspace);
  g_assert_nonnull (invoices);
  for (guint i = 0; i < invoices->len; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (invoices, i);

      ChorusStatus status = chorus_invoice_get_status (invoice);

      /* The account validates at both levels; the list's order is the server's (no sort sent). */
      g_assert_true (status == CHORUS_STATUS_A_VALIDER_1 || status == CHORUS_STATUS_A_VALIDER_2);
      if (chorus_invoice_get_id (invoice) != id)
        {
          chorus_validator_workspace_select (workspace, chorus_invoice_get_id (invoice));
          break;
        }
    }
  chorus_validator_workspace_decide (workspace, TRUE, NULL);
  g_assert_true (chorus_test_wait_until (validator_idle, f, 10000));
  g_test_message ("%s", chorus_validator_workspace_get_message (workspace));
  g_assert_true (g_str_has_prefix (chorus_validator_workspace_get_message (workspace), "Done"));
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "validator-workspace"));
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
  chorus_supplier_workspace_set_sync (workspace, f->sync);
  chorus_test_settle (100);

  group = find_titled (f->workspace, "Deposits to Check");
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_get_visible (group));
  /* The reason is shown as it is, never read as markup. */
  g_assert_nonnull (find_titled (group, "Flux “flux-perdu.xml”"));
  g_free (chorus_test_screenshot (GTK_WIDGET (f->window), "supplier-deposit-to-check"));

  button = chorus_test_find_widget (group, GTK_TYPE_BUTTON, "_Already Deposited");
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
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/supplier-workspace/deposit", test_deposit_from_wizard);
  ADD ("/supplier-workspace/complete", test_complete_suspended);
  ADD ("/supplier-workspace/deposit-to-check", test_deposit_to_check);
  ADD ("/validator-workspace/decide", test_validator);
#undef ADD
  return g_test_run ();
}
