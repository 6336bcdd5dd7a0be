/* test-wizard.c: the setup wizard against the in-process simulator, success and every failure step, with screenshots. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chorus-profile.h"
#include "chorus-secrets.h"
#include "chorus-setup-wizard-private.h"
#include "chorus-sim.h"
#include "chorus-test-sim.h"
#include "chorus-test-ui.h"

/* A SIRET that passes the check digit but that the simulator does not know. */
#define UNKNOWN_SIRET "73282932000074"

typedef struct {
  ChorusSim         *sim;
  ChorusSetupWizard *wizard;
  ChorusProfile     *finished;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *id)
{
  GtkWidget *widget = chorus_test_template_child (GTK_WIDGET (fixture->wizard), id);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (Fixture    *fixture,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, id)), text);
}

static const char *
error_text (Fixture    *fixture,
            const char *id)
{
  GtkWidget *label = child (fixture, id);

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
next (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.next", NULL);
  chorus_test_settle (50);
}

static void
shot (Fixture    *fixture,
      const char *name)
{
  g_autofree char *path = NULL;

  chorus_test_settle (400);   /* the stack's slide transition */
  path = chorus_test_screenshot (GTK_WIDGET (fixture->wizard), name);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
finished_cb (ChorusSetupWizard *wizard,
             ChorusProfile     *profile,
             Fixture           *fixture)
{
  g_set_object (&fixture->finished, profile);
}

/* Whether @text starts like printf output of the (translated) @format: each literal run
 * between its %s/%d/%u conversions appears in order, the first one at the start. */
static gboolean
starts_like_format (const char *text, const char *format)
{
  g_autoptr(GRegex) conversion = g_regex_new ("%[sdu]", 0, 0, NULL);
  g_auto(GStrv) pieces = g_regex_split (conversion, format, 0);
  const char *at = text;

  if (text == NULL)
    return FALSE;
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      const char *found = strstr (at, pieces[i]);

      if (found == NULL || (i == 0 && found != text))
        return FALSE;
      at = found + strlen (pieces[i]);
    }
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sim = chorus_test_sim_start (7, 40);

  fixture->wizard = CHORUS_SETUP_WIZARD (chorus_setup_wizard_new (NULL, NULL));
  g_object_ref_sink (fixture->wizard);
  g_signal_connect (fixture->wizard, "finished", G_CALLBACK (finished_cb), fixture);
  chorus_setup_wizard_set_local_url (fixture->wizard, chorus_sim_get_base_url (fixture->sim));
  gtk_window_set_default_size (GTK_WINDOW (fixture->wizard), 720, 680);
  gtk_window_present (GTK_WINDOW (fixture->wizard));
  chorus_test_settle (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->wizard));
  g_clear_object (&fixture->wizard);
  g_clear_object (&fixture->finished);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
}

/* Fills the first pages with these credentials and goes to the connection test. */
static void
go_to_test (Fixture    *fixture,
            const char *secret,
            const char *password)
{
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "environment");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "piste");
  set_text (fixture, "client_id_row", CHORUS_SIM_CLIENT_ID);
  set_text (fixture, "client_secret_row", secret);
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "account");
  set_text (fixture, "login_row", CHORUS_SIM_TECH_LOGIN);
  set_text (fixture, "password_row", password);
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "test");
}

typedef struct {
  Fixture    *fixture;
  const char *state_id;
} StepWait;

static gboolean
step_finished (gpointer data)
{
  StepWait *wait = data;
  const char *state = gtk_stack_get_visible_child_name (GTK_STACK (child (wait->fixture, wait->state_id)));

  return g_strcmp0 (state, "ok") == 0 || g_strcmp0 (state, "failed") == 0;
}

/* Waits for a step to end and returns "ok" or "failed". */
static const char *
wait_step (Fixture    *fixture,
           const char *state_id)
{
  StepWait wait = { fixture, state_id };

  g_assert_true (chorus_test_wait_until (step_finished, &wait, 30000));
  return gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, state_id)));
}

static const char *
step_subtitle (Fixture    *fixture,
               const char *row_id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, row_id)));
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Required fields: Next stays on the page and says what is missing. */
static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  set_text (fixture, "name_row", "");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "environment");
  g_assert_false (is_empty (error_text (fixture, "environment_error")));
  shot (fixture, "wizard-environment-missing-name");

  /* Choosing an environment names the profile after it while the user has not typed one. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (fixture, "qualification_check")), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "name_row"))), ==, _("Qualification (sandbox)"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (fixture, "local_check")), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "name_row"))), ==, _("Local simulator"));
  shot (fixture, "wizard-environment");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "piste");

  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "piste");
  g_assert_cmpstr (error_text (fixture, "piste_error"), ==,
                   _("Enter the client ID and the client secret of your PISTE application (piste.gouv.fr › My applications)."));
  set_text (fixture, "client_id_row", "chorus desk");
  set_text (fixture, "client_secret_row", "x");
  next (fixture);
  g_assert_cmpstr (error_text (fixture, "piste_error"), ==,
                   _("The client ID contains a space: copy it again from PISTE, without spaces or line breaks."));
  shot (fixture, "wizard-piste-invalid");
  set_text (fixture, "client_id_row", CHORUS_SIM_CLIENT_ID);
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "account");
  g_assert_null (error_text (fixture, "piste_error"));

  set_text (fixture, "login_row", "TECH_1_demo");
  set_text (fixture, "password_row", "pw");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "account");
  g_assert_cmpstr (error_text (fixture, "account_error"), ==,
                   _("A technical-account login is an e-mail address without spaces, such as TECH_1_…@cpro.fr. "
                     "Check it in the Chorus Pro portal."));
  set_text (fixture, "login_row", CHORUS_SIM_TECH_LOGIN);
  set_text (fixture, "password_row", "");
  next (fixture);
  g_assert_cmpstr (error_text (fixture, "account_error"), ==, _("Enter the password of the technical account."));

  /* Back goes back and keeps what was typed. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.back", NULL);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "piste");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "client_id_row"))), ==, CHORUS_SIM_CLIENT_ID);
}

static void
test_wrong_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  go_to_test (fixture, "not-the-secret", CHORUS_SIM_TECH_PASSWORD);
  g_assert_cmpstr (wait_step (fixture, "token_step_state"), ==, "failed");
  g_assert_true (g_str_has_prefix (step_subtitle (fixture, "token_step_row"),
                                   _("PISTE refused the client ID or the client secret.")));
  g_assert_nonnull (strstr (step_subtitle (fixture, "token_step_row"), _("Use the client ID and secret the simulator was started with.")));
  /* Later steps did not run; the wizard cannot go on. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "account_step_state"))), ==, "pending");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "test");
  shot (fixture, "wizard-test-wrong-secret");

  /* Fixing the secret and testing again gets through. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.back", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->wizard), "wizard.back", NULL);
  set_text (fixture, "client_secret_row", CHORUS_SIM_CLIENT_SECRET);
  next (fixture);
  next (fixture);
  g_assert_cmpstr (wait_step (fixture, "structure_step_state"), ==, "ok");
}

static void
test_wrong_account (Fixture       *fixture,
                    gconstpointer  data)
{
  go_to_test (fixture, CHORUS_SIM_CLIENT_SECRET, "wrong-password");
  g_assert_cmpstr (wait_step (fixture, "account_step_state"), ==, "failed");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "token_step_state"))), ==, "ok");
  g_assert_true (starts_like_format (step_subtitle (fixture, "account_step_row"),
                                     _("Chorus Pro refused the technical account (it answered: “%s”).")) ||
                 g_str_has_prefix (step_subtitle (fixture, "account_step_row"),
                                   _("Chorus Pro refused the technical account.")));
  g_assert_nonnull (strstr (step_subtitle (fixture, "account_step_row"),
                            _("Check the login (TECH_…@cpro.fr) and the password the simulator was started with.")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "structure_step_state"))), ==, "pending");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "test");
  shot (fixture, "wizard-test-wrong-account");
}

static void
test_simulator_down (Fixture       *fixture,
                     gconstpointer  data)
{
  chorus_sim_stop (fixture->sim);
  go_to_test (fixture, CHORUS_SIM_CLIENT_SECRET, CHORUS_SIM_TECH_PASSWORD);
  g_assert_cmpstr (wait_step (fixture, "token_step_state"), ==, "failed");
  g_assert_nonnull (strstr (step_subtitle (fixture, "token_step_row"), _("Start the simulator (chorus-sim), or check its address.")));
  shot (fixture, "wizard-test-simulator-down");
}

static gboolean
siret_lookup_done (gpointer data)
{
  Fixture *fixture = data;

  return gtk_widget_get_sensitive (child (fixture, "siret_row"));
}

static void
lookup_siret (Fixture    *fixture,
              const char *siret)
{
  set_text (fixture, "siret_row", siret);
  g_signal_emit_by_name (child (fixture, "siret_row"), "apply");
  g_assert_true (chorus_test_wait_until (siret_lookup_done, fixture, 20000));
  chorus_test_settle (50);
}

static guint
count_rows (GtkWidget *root,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_visible (root) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_rows (c, type);
  return n;
}

static gboolean
services_loaded (gpointer data)
{
  Fixture *fixture = data;

  return chorus_test_find_widget (child (fixture, "services_page"), ADW_TYPE_ACTION_ROW, NULL) != NULL &&
         count_rows (child (fixture, "services_page"), GTK_TYPE_SPINNER) == 0;
}

static gboolean
secrets_loaded (gpointer data)
{
  Fixture *fixture = data;

  return *gtk_editable_get_text (GTK_EDITABLE (child (fixture, "client_secret_row"))) != '\0' &&
         *gtk_editable_get_text (GTK_EDITABLE (child (fixture, "password_row"))) != '\0';
}

static gboolean
wizard_finished (gpointer data)
{
  return ((Fixture *) data)->finished != NULL;
}

static void
test_full_setup (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ChorusProfile) saved = NULL;
  g_autofree char *secret = NULL;
  guint structures_before;
  GPtrArray *structures;

  go_to_test (fixture, CHORUS_SIM_CLIENT_SECRET, CHORUS_SIM_TECH_PASSWORD);
  g_assert_cmpstr (wait_step (fixture, "token_step_state"), ==, "ok");
  g_assert_cmpstr (wait_step (fixture, "account_step_state"), ==, "ok");
  g_assert_cmpstr (wait_step (fixture, "structure_step_state"), ==, "ok");
  /* The password expiry that structures/consulter gives is reported. */
  g_assert_true (starts_like_format (step_subtitle (fixture, "structure_step_row"),
                                     _("%s\nThe technical-account password expires on %s.")));
  chorus_test_settle (100);
  shot (fixture, "wizard-test-ok");

  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "structures");
  structures_before = count_rows (child (fixture, "structures_group"), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (structures_before, >=, 2);

  /* A malformed SIRET, one with a wrong check digit, and a valid one Chorus Pro does not know. */
  lookup_siret (fixture, "1234");
  g_assert_true (starts_like_format (error_text (fixture, "structures_error"),
                                     _("A SIRET has exactly 14 digits; “%s” has %u characters.")));
  lookup_siret (fixture, "73282932000075");
  g_assert_nonnull (strstr (error_text (fixture, "structures_error"), _("its check digit does not match")));
  lookup_siret (fixture, UNKNOWN_SIRET);
  g_assert_nonnull (error_text (fixture, "structures_error"));
  g_assert_true (g_str_has_prefix (error_text (fixture, "structures_error"), _("No structure with the SIRET")));
  shot (fixture, "wizard-structures-unknown-siret");

  /* A real one, typed with spaces, is added and ticked. */
  {
    const char *strict = chorus_sim_get_strict_recipient_siret (fixture->sim);
    g_autofree char *spaced = g_strdup_printf ("%.3s %.3s %.3s %s", strict, strict + 3, strict + 6, strict + 9);

    lookup_siret (fixture, spaced);
    g_assert_null (error_text (fixture, "structures_error"));
    g_assert_cmpuint (count_rows (child (fixture, "structures_group"), GTK_TYPE_CHECK_BUTTON), ==, structures_before + 1);
  }
  shot (fixture, "wizard-structures");

  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "services");
  g_assert_true (chorus_test_wait_until (services_loaded, fixture, 20000));
  /* Tick the first service offered. */
  {
    GtkWidget *check = chorus_test_find_widget (child (fixture, "services_page"), GTK_TYPE_CHECK_BUTTON, NULL);

    g_assert_nonnull (check);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  }
  shot (fixture, "wizard-services");

  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "roles");
  /* The roles of the attachments are ticked already. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (fixture, "role_recipient_check"))));
  shot (fixture, "wizard-roles");
  for (guint i = 0; i < 5; i++)
    {
      static const char * const ids[] = { "role_recipient_check", "role_supplier_check", "role_moe_check",
                                           "role_moa_check", "role_validator_check" };
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child (fixture, ids[i])), FALSE);
    }
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "roles");
  g_assert_nonnull (error_text (fixture, "roles_error"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (fixture, "role_recipient_check")), TRUE);
  next (fixture);

  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "gestionnaires");
  set_text (fixture, "gestionnaire_row", "Claire Martin");
  g_signal_emit_by_name (child (fixture, "gestionnaire_row"), "apply");
  set_text (fixture, "gestionnaire_row", "Paul Durand");
  g_signal_emit_by_name (child (fixture, "gestionnaire_row"), "apply");
  set_text (fixture, "gestionnaire_row", "Claire Martin");
  g_signal_emit_by_name (child (fixture, "gestionnaire_row"), "apply");
  g_assert_nonnull (error_text (fixture, "gestionnaires_error"));
  shot (fixture, "wizard-gestionnaires");

  next (fixture);
  /* The team database is optional: left off, the profile works alone. */
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "team");
  shot (fixture, "wizard-team");
  next (fixture);
  g_assert_cmpstr (chorus_setup_wizard_get_page (fixture->wizard), ==, "summary");
  shot (fixture, "wizard-summary");

  next (fixture);
  g_assert_true (chorus_test_wait_until (wizard_finished, fixture, 20000));
  saved = chorus_profile_load (chorus_profile_get_id (fixture->finished));
  g_assert_nonnull (saved);
  g_assert_cmpstr (chorus_profile_get_environment (saved), ==, CHORUS_PROFILE_LOCAL);
  g_assert_cmpstr (chorus_profile_get_client_id (saved), ==, CHORUS_SIM_CLIENT_ID);
  g_assert_cmpstr (chorus_profile_get_tech_login (saved), ==, CHORUS_SIM_TECH_LOGIN);
  g_assert_true (chorus_profile_has_role (saved, "DESTINATAIRE"));
  g_assert_cmpuint (chorus_profile_get_services (saved)->len, ==, 1);
  structures = chorus_profile_get_structures (saved);
  g_assert_cmpuint (structures->len, ==, structures_before + 1);
  g_assert_cmpstrv (chorus_profile_get_gestionnaires (saved), ((const char *[]) { "Claire Martin", "Paul Durand", NULL }));
  g_assert_nonnull (chorus_profile_get_password_expiry (saved));
  g_assert_false (chorus_team_config_is_enabled (chorus_profile_get_team_config (saved)));

  /* Secrets went to the keyring, not to GSettings. */
  secret = chorus_secrets_lookup_sync (chorus_profile_get_id (saved), CHORUS_SECRET_CLIENT_SECRET, NULL, NULL);
  g_assert_cmpstr (secret, ==, CHORUS_SIM_CLIENT_SECRET);

  /* Editing it later: the wizard starts filled in, secrets read back from the keyring. */
  g_clear_object (&fixture->wizard);
  fixture->wizard = CHORUS_SETUP_WIZARD (chorus_setup_wizard_new (NULL, saved));
  g_object_ref_sink (fixture->wizard);
  gtk_window_present (GTK_WINDOW (fixture->wizard));
  g_assert_true (chorus_test_wait_until (secrets_loaded, fixture, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "client_id_row"))), ==, CHORUS_SIM_CLIENT_ID);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "password_row"))), ==, CHORUS_SIM_TECH_PASSWORD);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (fixture, "local_check"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "name_row"))), ==, chorus_profile_get_name (saved));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->wizard)), ==, _("Edit Connection"));
  shot (fixture, "wizard-edit");
  chorus_secrets_clear_sync (chorus_profile_get_id (saved), CHORUS_SECRET_ALL, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/wizard/validation", Fixture, NULL, fixture_set_up, test_validation, fixture_tear_down);
  g_test_add ("/ui/wizard/wrong-secret", Fixture, NULL, fixture_set_up, test_wrong_secret, fixture_tear_down);
  g_test_add ("/ui/wizard/wrong-account", Fixture, NULL, fixture_set_up, test_wrong_account, fixture_tear_down);
  g_test_add ("/ui/wizard/simulator-down", Fixture, NULL, fixture_set_up, test_simulator_down, fixture_tear_down);
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    g_test_add ("/ui/wizard/full-setup", Fixture, NULL, fixture_set_up, test_full_setup, fixture_tear_down);
  return g_test_run ();
}
