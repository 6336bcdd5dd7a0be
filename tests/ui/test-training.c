/* test-training.c: the demo and the training environment as a trainer uses them: the demo's menu,
 * its Factur-X invoices, "Reset the demo" (simulator and local copy back to the start, after a
 * confirmation), leaving it; and a training profile made through the connection wizard with the
 * identifiers it shows, then opened. Screenshots go to the test output. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-application.h"
#include "chorus-client.h"
#include "chorus-facturx.h"
#include "chorus-profile.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-setup-wizard-private.h"
#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-store.h"
#include "chorus-sync.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"
#include "chorus-window.h"

#define TRAINING_REFERENCE "DOSSIER-FORMATION-1"

static GtkWidget *
window_child (GtkWindow *window, const char *id)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (window), CHORUS_TYPE_WINDOW, id);

  g_assert_nonnull (found);
  return GTK_WIDGET (found);
}

/* The recipient workspace follows the session and shows rows of its (new) store. */
static gboolean
recipient_shows_session (gpointer data)
{
  GtkWindow *window = data;
  ChorusApplication *app = CHORUS_APPLICATION (gtk_window_get_application (window));
  GtkWidget *workspace = gtk_stack_get_child_by_name (GTK_STACK (window_child (window, "main_stack")), "recipient");
  ChorusInvoiceModel *model = _chorus_recipient_workspace_get_model (CHORUS_RECIPIENT_WORKSPACE (workspace));

  return chorus_recipient_workspace_get_session (CHORUS_RECIPIENT_WORKSPACE (workspace)) ==
           chorus_application_get_session (app) &&
         model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static const char *
visible_page (GtkWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (window_child (window, "main_stack")));
}

/* The first issued invoice in @status on the server. */
static ChorusInvoice *
server_issued_in (ChorusClient *client, ChorusStatus status)
{
  g_autoptr(ChorusInvoicePage) page = NULL;
  g_autoptr(GError) error = NULL;
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.page_size = 200;
  page = chorus_client_search_issued_sync (client, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->invoices->len; i++)
    if (chorus_invoice_get_status (g_ptr_array_index (page->invoices, i)) == status)
      return g_object_ref (g_ptr_array_index (page->invoices, i));
  return NULL;
}

static ChorusStatus
server_status (ChorusClient *client, gint64 chorus_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_client_consult_invoice_sync (client, CHORUS_DIRECTION_ISSUED, chorus_id,
                                                                         NULL, &error);

  g_assert_no_error (error);
  return chorus_invoice_get_status (invoice);
}

static gboolean
store_filled (gpointer data)
{
  ChorusApplication *app = data;
  ChorusSession *session = chorus_application_get_session (app);

  return session != NULL && chorus_store_count_invoices (chorus_session_get_store (session), CHORUS_DIRECTION_RECEIVED) > 0 &&
         !chorus_sync_get_pulling (chorus_session_get_sync (session));
}

static guint
count_reference (ChorusStore *store)
{
  g_autoptr(GArray) ids = NULL;
  ChorusInvoiceFilter filter;

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_RECEIVED;
  filter.text = TRAINING_REFERENCE;
  ids = chorus_store_query_ids (store, &filter, CHORUS_SORT_NUMBER, FALSE, NULL);
  return ids != NULL ? ids->len : 0;
}

static gboolean
dialog_shown (gpointer data)
{
  return chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* ---- the demo: its menu, its Factur-X invoices, reset and leave -------------------------- */

static void
check_demo (GApplication *application, GtkWindow *window, gpointer data)
{
  ChorusApplication *app = CHORUS_APPLICATION (application);
  ChorusSession *session = chorus_application_get_session (app);
  GMenuModel *section = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), CHORUS_TYPE_WINDOW,
                                                                     "simulated_section"));
  const char *expected[][2] = {
    { "app.connect", N_("_Connect to Chorus Pro…") },
    { "app.reset-demo", N_("_Reset the Demo…") },
    { "app.quit-demo", N_("_Leave the Demo") },
  };
  g_autoptr(ChorusInvoice) suspended = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = NULL;
  AdwMessageDialog *dialog;
  ChorusInvoiceFilter filter;
  ChorusStore *old_store;
  gboolean facturx = FALSE;

  g_assert_nonnull (session);
  g_assert_true (chorus_session_is_demo (session));
  g_assert_true (chorus_test_wait_until (store_filled, app, 60000));

  /* The primary menu: connect to the real platform, reset the demo, leave it. */
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_cmpstr (action, ==, expected[i][0]);
      g_assert_cmpstr (label, ==, _(expected[i][1]));
      g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), action + strlen ("app.")));
    }

  /* Factur-X PDFs among the demo's invoices, so "Structured Data" has something to show. */
  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_RECEIVED;
  keys = chorus_store_query_ids (chorus_session_get_store (session), &filter, CHORUS_SORT_DEPOSIT_DATE, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < MIN (keys->len, 60) && !facturx; i++)
    {
      g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (chorus_session_get_store (session),
                                                                    g_array_index (keys, gint64, i), NULL);
      gint64 id = chorus_invoice_get_id (invoice);
      g_autoptr(GBytes) pdf = chorus_client_download_sync (chorus_session_get_client (session), &id, 1,
                                                           CHORUS_DOWNLOAD_PDF, FALSE, NULL, NULL);
      g_autoptr(ChorusFacturxDocument) document = pdf != NULL ? chorus_facturx_read_pdf (pdf, NULL) : NULL;

      facturx = document != NULL;
    }
  g_assert_true (facturx);

  /* A course changes things on both sides: a suspended invoice completed on the platform, a
   * reference typed in the local copy. */
  suspended = server_issued_in (chorus_session_get_client (session), CHORUS_STATUS_SUSPENDUE);
  g_assert_nonnull (suspended);
  {
    g_autoptr(ChorusActionResult) done = chorus_client_complete_sync (chorus_session_get_client (session),
                                                                      chorus_invoice_get_id (suspended),
                                                                      "Feuille d'émargement jointe", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (done);
  }
  g_assert_cmpint (server_status (chorus_session_get_client (session), chorus_invoice_get_id (suspended)), ==,
                   CHORUS_STATUS_COMPLETEE);
  g_assert_true (chorus_store_set_local_fields (chorus_session_get_store (session), g_array_index (keys, gint64, 0),
                                                NULL, TRAINING_REFERENCE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_reference (chorus_session_get_store (session)), ==, 1);

  /* Reset asks first; cancelling keeps everything. */
  old_store = chorus_session_get_store (session);
  g_action_group_activate_action (G_ACTION_GROUP (app), "reset-demo", NULL);
  g_assert_true (chorus_test_wait_until (dialog_shown, NULL, 5000));
  dialog = ADW_MESSAGE_DIALOG (chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Reset the Demo?"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "reset"), ==, ADW_RESPONSE_DESTRUCTIVE);
  chorus_test_settle (300);
  g_free (chorus_test_screenshot (GTK_WIDGET (dialog), "training-reset-confirmation"));
  /* As the button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  chorus_test_settle (100);
  g_assert_true (chorus_session_get_store (session) == old_store);
  g_assert_cmpuint (count_reference (old_store), ==, 1);

  /* Confirmed: the platform and the local copy are back to where every course starts. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "reset-demo", NULL);
  g_assert_true (chorus_test_wait_until (dialog_shown, NULL, 5000));
  dialog = ADW_MESSAGE_DIALOG (chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "reset");
  gtk_window_destroy (GTK_WINDOW (dialog));
  chorus_test_settle (100);
  session = chorus_application_get_session (app);
  g_assert_nonnull (session);
  g_assert_cmpint (server_status (chorus_session_get_client (session), chorus_invoice_get_id (suspended)), ==,
                   CHORUS_STATUS_SUSPENDUE);
  g_assert_true (chorus_test_wait_until (store_filled, app, 60000));
  g_assert_cmpuint (count_reference (chorus_session_get_store (session)), ==, 0);
  g_assert_cmpstr (visible_page (window), ==, "recipient");
  g_assert_true (chorus_test_wait_until (recipient_shows_session, window, 20000));
  g_assert_true (gtk_widget_get_visible (window_child (window, "demo_badge")));
  chorus_test_settle (500);
  g_free (chorus_test_screenshot (GTK_WIDGET (window), "training-demo-after-reset"));

  /* Leaving the demo: back to the welcome page, nothing of it left open. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit-demo", NULL);
  chorus_test_settle (100);
  g_assert_null (chorus_application_get_session (app));
  g_assert_cmpstr (visible_page (window), ==, "welcome");
  g_assert_false (gtk_widget_get_visible (window_child (window, "demo_badge")));
}

static void
test_demo_reset_and_leave (void)
{
  g_autoptr(ChorusApplication) app = chorus_application_new ();

  chorus_test_forget_profiles ();
  chorus_test_run_app (G_APPLICATION (app), "--demo", check_demo, NULL);
}

/* ---- the training environment, set up through the connection wizard --------------------- */

typedef struct {
  ChorusSetupWizard *wizard;
  ChorusProfile     *finished;
} Wizard;

static GtkWidget *
wizard_child (Wizard *w, const char *id)
{
  GtkWidget *widget = chorus_test_template_child (GTK_WIDGET (w->wizard), id);

  g_assert_nonnull (widget);
  return widget;
}

static void
next (Wizard *w)
{
  gtk_widget_activate_action (GTK_WIDGET (w->wizard), "wizard.next", NULL);
  chorus_test_settle (50);
}

static void
shot (Wizard *w, const char *name)
{
  chorus_test_settle (400);
  g_free (chorus_test_screenshot (GTK_WIDGET (w->wizard), name));
}

static void
finished_cb (ChorusSetupWizard *wizard, ChorusProfile *profile, Wizard *w)
{
  g_set_object (&w->finished, profile);
}

typedef struct {
  Wizard     *w;
  const char *id;
} StepWait;

static gboolean
step_ok (gpointer data)
{
  StepWait *wait = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (wizard_child (wait->w, wait->id))), "ok") == 0;
}

static gboolean
page_is (Wizard *w, const char *page)
{
  return g_strcmp0 (chorus_setup_wizard_get_page (w->wizard), page) == 0;
}

static gboolean
services_loaded (gpointer data)
{
  Wizard *w = data;
  GtkWidget *page = wizard_child (w, "services_page");

  return chorus_test_find_widget (page, GTK_TYPE_CHECK_BUTTON, NULL) != NULL &&
         chorus_test_find_widget (page, GTK_TYPE_SPINNER, NULL) == NULL;
}

static gboolean
finished (gpointer data)
{
  return ((Wizard *) data)->finished != NULL;
}

static gboolean
session_opened (gpointer data)
{
  return *(ChorusSession **) data != NULL || *((gpointer *) data + 1) != NULL;
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gpointer *slots = user_data;
  GError *error = NULL;

  slots[0] = chorus_session_open_finish (result, &error);
  if (slots[0] == NULL)
    slots[1] = error;
}

static gboolean
session_pulled (gpointer data)
{
  ChorusSession *session = data;

  return chorus_store_count_invoices (chorus_session_get_store (session), CHORUS_DIRECTION_RECEIVED) > 0 &&
         !chorus_sync_get_pulling (chorus_session_get_sync (session));
}

static void
test_training_wizard (void)
{
  Wizard w = { NULL, NULL };
  g_autoptr(ChorusSession) session = NULL;
  const char *description;
  gpointer slots[2] = { NULL, NULL };
  StepWait wait = { &w, NULL };

  chorus_test_forget_profiles ();
  w.wizard = CHORUS_SETUP_WIZARD (chorus_setup_wizard_new (NULL, NULL));
  g_object_ref_sink (w.wizard);
  g_signal_connect (w.wizard, "finished", G_CALLBACK (finished_cb), &w);
  gtk_window_set_default_size (GTK_WINDOW (w.wizard), 720, 680);
  gtk_window_present (GTK_WINDOW (w.wizard));
  chorus_test_settle (200);

  /* "Training environment" among the environments; it names the profile. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wizard_child (&w, "training_check")), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wizard_child (&w, "name_row"))), ==, _("Training environment"));
  shot (&w, "training-wizard-environment");
  next (&w);

  /* Each page says which course identifiers to type. */
  g_assert_true (page_is (&w, "piste"));
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (wizard_child (&w, "piste_group")));
  g_assert_nonnull (strstr (description, CHORUS_SIM_CLIENT_ID));
  g_assert_nonnull (strstr (description, CHORUS_SIM_CLIENT_SECRET));
  gtk_editable_set_text (GTK_EDITABLE (wizard_child (&w, "client_id_row")), CHORUS_SIM_CLIENT_ID);
  gtk_editable_set_text (GTK_EDITABLE (wizard_child (&w, "client_secret_row")), CHORUS_SIM_CLIENT_SECRET);
  shot (&w, "training-wizard-piste");
  next (&w);
  g_assert_true (page_is (&w, "account"));
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (wizard_child (&w, "account_group")));
  g_assert_nonnull (strstr (description, CHORUS_SIM_TECH_LOGIN));
  gtk_editable_set_text (GTK_EDITABLE (wizard_child (&w, "login_row")), CHORUS_SIM_TECH_LOGIN);
  gtk_editable_set_text (GTK_EDITABLE (wizard_child (&w, "password_row")), CHORUS_SIM_TECH_PASSWORD);
  next (&w);

  /* The connection test runs against the course's simulator, started by the wizard. */
  g_assert_true (page_is (&w, "test"));
  wait.id = "token_step_state";
  g_assert_true (chorus_test_wait_until (step_ok, &wait, 30000));
  wait.id = "account_step_state";
  g_assert_true (chorus_test_wait_until (step_ok, &wait, 30000));
  wait.id = "structure_step_state";
  g_assert_true (chorus_test_wait_until (step_ok, &wait, 30000));
  shot (&w, "training-wizard-test");

  /* Structures, services, roles and gestionnaires as for any account, then the summary. */
  next (&w);
  g_assert_true (page_is (&w, "structures"));
  next (&w);
  g_assert_true (page_is (&w, "services"));
  g_assert_true (chorus_test_wait_until (services_loaded, &w, 20000));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (chorus_test_find_widget (wizard_child (&w, "services_page"),
                                                                          GTK_TYPE_CHECK_BUTTON, NULL)), TRUE);
  next (&w);
  g_assert_true (page_is (&w, "roles"));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (wizard_child (&w, "role_supplier_check"))));
  next (&w);
  g_assert_true (page_is (&w, "gestionnaires"));
  next (&w);
  /* The team database step stays in the course: optional, left off here. */
  g_assert_true (page_is (&w, "team"));
  next (&w);
  g_assert_true (page_is (&w, "summary"));
  shot (&w, "training-wizard-summary");
  next (&w);
  g_assert_true (chorus_test_wait_until (finished, &w, 20000));
  g_assert_cmpstr (chorus_profile_get_environment (w.finished), ==, CHORUS_PROFILE_TRAINING);
  g_assert_cmpstr (chorus_profile_get_client_id (w.finished), ==, CHORUS_SIM_CLIENT_ID);

  /* Opened, the profile runs its own simulator: a training session, with the course's data. */
  chorus_session_open_async (w.finished, NULL, opened_cb, slots);
  g_assert_true (chorus_test_wait_until (session_opened, slots, 30000));
  g_assert_null (slots[1]);
  session = slots[0];
  g_assert_true (chorus_session_is_training (session));
  g_assert_false (chorus_session_is_demo (session));
  chorus_session_start_sync (session);
  g_assert_true (chorus_test_wait_until (session_pulled, session, 60000));

  g_clear_object (&session);
  chorus_session_remove_profile_data (chorus_profile_get_id (w.finished));
  chorus_secrets_clear_sync (chorus_profile_get_id (w.finished), CHORUS_SECRET_ALL, NULL, NULL);
  chorus_profile_delete (chorus_profile_get_id (w.finished));
  gtk_window_destroy (GTK_WINDOW (w.wizard));
  g_clear_object (&w.wizard);
  g_clear_object (&w.finished);
}

static GPtrArray *notified;

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  chorus_test_load_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The app notifies (invoices to process) and the wizard keeps secrets in the keyring: both
   * need the session bus build-aux/dev runs the tests in. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus");
      return g_test_run ();
    }
  notified = chorus_test_start_notification_server ();
  g_test_add_func ("/training/demo-menu-facturx-reset-leave", test_demo_reset_and_leave);
  g_test_add_func ("/training/environment-through-the-wizard", test_training_wizard);
  return g_test_run ();
}
