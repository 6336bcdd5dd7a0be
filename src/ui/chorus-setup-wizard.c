/* chorus-setup-wizard.c: a page-by-page set-up of a connection profile that tests each credential live.
 *
 * The wizard keeps the order of the pages, the navigation between them and the profile they build;
 * each page (src/ui/chorus-setup-*-page.c) owns its widgets and its checks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-connection-check.h"
#include "chorus-plain-text.h"
#include "chorus-presets.h"
#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-setup-account-page.h"
#include "chorus-setup-environment-page.h"
#include "chorus-setup-gestionnaires-page.h"
#include "chorus-setup-piste-page.h"
#include "chorus-setup-roles-page.h"
#include "chorus-setup-services-page.h"
#include "chorus-setup-structures-page.h"
#include "chorus-setup-summary-page.h"
#include "chorus-setup-test-page.h"
#include "chorus-setup-wizard-private.h"
#include "chorus-sim.h"
#include "chorus-team-setup-page.h"
#include "chorus-types.h"

static const char * const page_names[] = {
  "environment", "piste", "account", "test", "structures", "services", "roles", "gestionnaires", "team", "summary",
};
enum {
  PAGE_ENVIRONMENT, PAGE_PISTE, PAGE_ACCOUNT, PAGE_TEST, PAGE_STRUCTURES, PAGE_SERVICES, PAGE_ROLES,
  PAGE_GESTIONNAIRES, PAGE_TEAM, PAGE_SUMMARY, N_PAGES
};

struct _ChorusSetupWizard
{
  AdwWindow                     parent_instance;

  /* Template widgets */
  AdwToastOverlay              *toast_overlay;
  AdwWindowTitle               *window_title;
  GtkButton                    *back_button;
  GtkButton                    *next_button;
  GtkStack                     *stack;
  ChorusSetupEnvironmentPage   *environment_page;
  ChorusSetupPistePage         *piste_page;
  ChorusSetupAccountPage       *account_page;
  ChorusSetupTestPage          *test_page;
  ChorusSetupStructuresPage    *structures_page;
  ChorusSetupServicesPage      *services_page;
  ChorusSetupRolesPage         *roles_page;
  ChorusSetupGestionnairesPage *gestionnaires_page;
  ChorusSetupSummaryPage       *summary_page;
  ChorusTeamSetupPage          *team_page;          /* added in init: the team step is self-contained */

  /* Owned state */
  ChorusProfile                *profile;
  ChorusSim                    *training_sim;       /* started for the test when the training environment is chosen */
  GCancellable                 *cancellable;        /* network and keyring calls of the wizard */
  gboolean                      saving;
  gboolean                      editing;            /* of a saved profile */
  guint                         page;
};

G_DEFINE_FINAL_TYPE (ChorusSetupWizard, chorus_setup_wizard, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void update_navigation (ChorusSetupWizard *self);

/* ---- environment and credentials ------------------------------------------------------------ */

static void
environment_changed_cb (ChorusSetupWizard *self)
{
  gboolean training = chorus_environment_is_training (chorus_setup_environment_page_get_environment (self->environment_page));

  chorus_setup_piste_page_set_training (self->piste_page, training);
  chorus_setup_account_page_set_training (self->account_page, training);
  chorus_setup_test_page_invalidate (self->test_page);
}

static void
credentials_changed_cb (ChorusSetupWizard *self)
{
  chorus_setup_test_page_invalidate (self->test_page);
}

/* ---- connection test -------------------------------------------------------------------- */

static ChorusClient *
make_client (ChorusSetupWizard *self)
{
  const char *environment = chorus_setup_environment_page_get_environment (self->environment_page);
  const char *local_url = chorus_setup_environment_page_get_local_url (self->environment_page);
  g_autofree char *client_id = chorus_setup_piste_page_dup_client_id (self->piste_page);
  g_autofree char *login = chorus_setup_account_page_dup_login (self->account_page);
  ChorusEnvironment env = chorus_environment_from_name (environment);
  gboolean training = chorus_environment_is_training (environment);
  ChorusClient *client;

  if (training)
    {
      g_autoptr(GError) error = NULL;

      /* The course's Chorus Pro: the same dataset as the training profile will run. */
      if (self->training_sim == NULL && (self->training_sim = chorus_session_start_training_sim (NULL, &error)) == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The training environment could not start: %s"), error->message);
          adw_toast_overlay_add_toast (self->toast_overlay, chorus_toast_new_plain (message));
        }
    }

  client = chorus_client_new (env, training
                                   ? (self->training_sim != NULL ? chorus_sim_get_base_url (self->training_sim) : NULL)
                                   : env == CHORUS_ENVIRONMENT_LOCAL ? local_url : NULL);
  chorus_client_set_credentials (client, client_id,
                                 chorus_setup_piste_page_get_secret (self->piste_page),
                                 login,
                                 chorus_setup_account_page_get_password (self->account_page));
  /* A wizard waits on the user: fail fast and say why rather than retry for minutes. */
  chorus_client_set_timeout (client, 20);
  chorus_client_set_retry_policy (client, 1, 500, 2000, 5000);
  return client;
}

static void
start_test (ChorusSetupWizard *self)
{
  g_autoptr(ChorusClient) client = make_client (self);
  g_autoptr(ChorusConnectionCheck) check = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  check = chorus_connection_check_new (client);
  /* New credentials may see other structures and services: start those pages over. */
  chorus_setup_structures_page_restart (self->structures_page, check, self->cancellable);
  chorus_setup_services_page_restart (self->services_page, check, self->cancellable);
  chorus_setup_test_page_run (self->test_page, check, self->cancellable);
  update_navigation (self);
}

static void
test_changed_cb (ChorusSetupWizard *self)
{
  update_navigation (self);
}

static void
retest_cb (ChorusSetupWizard *self)
{
  start_test (self);
}

/* ---- the profile and saving ------------------------------------------------------------- */

static void
collect_profile (ChorusSetupWizard *self)
{
  ChorusProfile *profile = self->profile;
  ChorusConnectionCheck *check = chorus_setup_test_page_get_check (self->test_page);
  g_autofree char *name = chorus_setup_environment_page_dup_name (self->environment_page);
  g_autofree char *client_id = chorus_setup_piste_page_dup_client_id (self->piste_page);
  g_autofree char *login = chorus_setup_account_page_dup_login (self->account_page);
  g_autoptr(GPtrArray) structures = chorus_setup_structures_page_dup_chosen (self->structures_page);
  g_auto(GStrv) roles = chorus_setup_roles_page_dup_roles (self->roles_page);
  g_auto(GStrv) gestionnaires = chorus_setup_gestionnaires_page_dup_names (self->gestionnaires_page);
  g_autoptr(ChorusTeamConfig) team = chorus_team_setup_page_dup_config (self->team_page);

  chorus_profile_set_name (profile, name);
  chorus_profile_set_environment (profile, chorus_setup_environment_page_get_environment (self->environment_page));
  chorus_profile_set_local_url (profile, chorus_setup_environment_page_get_local_url (self->environment_page));
  chorus_profile_set_client_id (profile, client_id);
  chorus_profile_set_tech_login (profile, login);
  if (check != NULL && chorus_connection_check_get_password_expiry (check) != NULL)
    chorus_profile_set_password_expiry (profile, chorus_connection_check_get_password_expiry (check));

  chorus_profile_clear_structures (profile);
  chorus_profile_clear_services (profile);
  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);

      chorus_profile_add_structure (profile, structure->id, structure->identifier, structure->name);
      chorus_setup_services_page_add_to_profile (self->services_page, profile, structure);
    }
  chorus_profile_set_roles (profile, (const char * const *) roles);
  chorus_profile_set_gestionnaires (profile, (const char * const *) gestionnaires);
  chorus_profile_set_team_config (profile, team);
}

static void
saving_failed (ChorusSetupWizard *self,
               const GError      *error)
{
  g_autofree char *message = g_strdup_printf (_("The secrets could not be saved in the keyring: %s. Check that a keyring such as GNOME Keyring is running and unlocked, then try again. Nothing was saved."),
                                              error->message);
  self->saving = FALSE;
  chorus_setup_summary_page_show_error (self->summary_page, message);
  update_navigation (self);
}

/* Each step of the saving (the PISTE secret, the technical password, the team password) ends
 * the saving when it fails; a cancellation (the window closed) says nothing. */
static gboolean
saving_went_on (ChorusSetupWizard  *self,
                gboolean            ok,
                GError            **error)
{
  /* @error is read here, after the call that sets it: not as an argument beside it. */
  if (ok)
    return TRUE;
  if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    saving_failed (self, *error);
  return FALSE;
}

static void
team_password_stored_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ChorusSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!saving_went_on (self, chorus_team_setup_page_save_password_finish (self->team_page, result, &error), &error))
    return;

  chorus_profile_save (self->profile);
  chorus_team_setup_page_save_identity (self->team_page);
  self->saving = FALSE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, self->profile);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ChorusSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!saving_went_on (self, chorus_secrets_store_finish (result, &error), &error))
    return;
  chorus_team_setup_page_save_password_async (self->team_page, chorus_profile_get_id (self->profile),
                                              self->cancellable, team_password_stored_cb, g_object_ref (self));
}

static void
client_secret_stored_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ChorusSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!saving_went_on (self, chorus_secrets_store_finish (result, &error), &error))
    return;
  chorus_secrets_store_async (chorus_profile_get_id (self->profile), CHORUS_SECRET_TECH_PASSWORD,
                              chorus_setup_account_page_get_password (self->account_page),
                              self->cancellable, password_stored_cb, g_object_ref (self));
}

static void
save_profile (ChorusSetupWizard *self)
{
  collect_profile (self);
  self->saving = TRUE;
  chorus_setup_summary_page_show_error (self->summary_page, NULL);
  update_navigation (self);
  chorus_secrets_store_async (chorus_profile_get_id (self->profile), CHORUS_SECRET_CLIENT_SECRET,
                              chorus_setup_piste_page_get_secret (self->piste_page),
                              self->cancellable, client_secret_stored_cb, g_object_ref (self));
}

/* ---- navigation ------------------------------------------------------------------------- */

static void
update_navigation (ChorusSetupWizard *self)
{
  g_autofree char *subtitle = NULL;
  const char *title;

  gtk_stack_set_visible_child_name (self->stack, page_names[self->page]);
  title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack)));
  /* Translators: "Step 2 of 9: PISTE Application" */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), self->page + 1, (guint) N_PAGES, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_button_set_label (self->back_button, self->page == 0 ? _("_Cancel") : _("_Back"));
  gtk_button_set_label (self->next_button, self->page == PAGE_SUMMARY ? _("_Save") : _("_Next"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 !self->saving &&
                                 (self->page != PAGE_TEST || chorus_setup_test_page_is_tested (self->test_page)));
}

static gboolean
validate_page (ChorusSetupWizard *self)
{
  switch (self->page)
    {
    case PAGE_ENVIRONMENT:
      return chorus_setup_environment_page_validate (self->environment_page);
    case PAGE_PISTE:
      return chorus_setup_piste_page_validate (self->piste_page);
    case PAGE_ACCOUNT:
      return chorus_setup_account_page_validate (self->account_page);
    case PAGE_TEST:
      return chorus_setup_test_page_is_tested (self->test_page);
    case PAGE_STRUCTURES:
      return chorus_setup_structures_page_validate (self->structures_page);
    case PAGE_ROLES:
      return chorus_setup_roles_page_validate (self->roles_page);
    case PAGE_TEAM:
      return chorus_team_setup_page_validate (self->team_page);
    case PAGE_SERVICES:
    case PAGE_GESTIONNAIRES:
    case PAGE_SUMMARY:
    default:
      return TRUE;
    }
}

static void
enter_page (ChorusSetupWizard *self)
{
  g_autoptr(GPtrArray) structures = NULL;

  switch (self->page)
    {
    case PAGE_TEST:
      if (!chorus_setup_test_page_is_tested (self->test_page) && !chorus_setup_test_page_is_testing (self->test_page))
        start_test (self);
      break;
    case PAGE_STRUCTURES:
      chorus_setup_structures_page_fill (self->structures_page, self->profile, self->editing);
      break;
    case PAGE_SERVICES:
      structures = chorus_setup_structures_page_dup_chosen (self->structures_page);
      chorus_setup_services_page_fill (self->services_page, structures, self->editing);
      break;
    case PAGE_ROLES:
      structures = chorus_setup_structures_page_dup_chosen (self->structures_page);
      chorus_setup_roles_page_init_roles (self->roles_page, self->profile, self->editing, structures);
      break;
    case PAGE_SUMMARY:
      collect_profile (self);
      chorus_setup_summary_page_show_profile (self->summary_page, self->profile);
      break;
    default:
      break;
    }
  update_navigation (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusSetupWizard *self = CHORUS_SETUP_WIZARD (widget);

  if (!validate_page (self))
    return;
  if (self->page == PAGE_SUMMARY)
    {
      save_profile (self);
      return;
    }
  self->page++;
  enter_page (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusSetupWizard *self = CHORUS_SETUP_WIZARD (widget);

  if (self->page == 0)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  /* Going back past the test means the credentials may change: stop the running test. */
  if (self->page == PAGE_TEST && chorus_setup_test_page_is_testing (self->test_page))
    {
      g_cancellable_cancel (self->cancellable);
      chorus_setup_test_page_stop (self->test_page);
    }
  self->page--;
  enter_page (self);
}

/* ---- editing an existing profile, and what IT preset and locked ---------------------------- */

static void
load_profile (ChorusSetupWizard *self)
{
  ChorusProfile *profile = self->profile;
  const char * const *gestionnaires = chorus_profile_get_gestionnaires (profile);
  GPtrArray *services = chorus_profile_get_services (profile);

  chorus_setup_environment_page_set_name (self->environment_page, chorus_profile_get_name (profile));
  chorus_setup_environment_page_select (self->environment_page, chorus_profile_get_environment (profile),
                                        chorus_profile_get_local_url (profile));
  chorus_setup_piste_page_set_client_id (self->piste_page, chorus_profile_get_client_id (profile));
  chorus_setup_account_page_set_login (self->account_page, chorus_profile_get_tech_login (profile));

  for (guint i = 0; gestionnaires[i] != NULL; i++)
    chorus_setup_gestionnaires_page_add (self->gestionnaires_page, gestionnaires[i]);
  for (guint i = 0; i < services->len; i++)
    {
      ChorusProfileService *s = g_ptr_array_index (services, i);
      chorus_setup_services_page_check_service (self->services_page, s->structure_id, s->id);
    }

  chorus_setup_piste_page_load_secret (self->piste_page, profile, self->cancellable);
  chorus_setup_account_page_load_secret (self->account_page, profile, self->cancellable);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Connection"));
  adw_window_title_set_title (self->window_title, _("Edit Connection"));
}

static void
show_presets (ChorusSetupWizard *self)
{
  ChorusPresets *presets = chorus_presets_get_default ();

  if (!chorus_presets_has_profile (presets))
    return;
  if (chorus_profile_is_production (self->profile))
    chorus_setup_environment_page_select (self->environment_page, chorus_profile_get_environment (self->profile), NULL);
  if (chorus_presets_get (presets, "name") != NULL)
    chorus_setup_environment_page_set_name (self->environment_page, chorus_profile_get_name (self->profile));
  chorus_setup_piste_page_set_client_id (self->piste_page, chorus_profile_get_client_id (self->profile));
  chorus_setup_account_page_set_login (self->account_page, chorus_profile_get_tech_login (self->profile));
}

/* Keys IT locked are shown, not offered. */
static void
apply_locks (ChorusSetupWizard *self)
{
  chorus_setup_environment_page_apply_locks (self->environment_page, self->profile);
  chorus_setup_piste_page_apply_locks (self->piste_page, self->profile);
  chorus_setup_account_page_apply_locks (self->account_page, self->profile);
  chorus_setup_roles_page_apply_locks (self->roles_page, self->profile);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
chorus_setup_wizard_dispose (GObject *object)
{
  ChorusSetupWizard *self = CHORUS_SETUP_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_SETUP_WIZARD);
  if (self->training_sim != NULL)
    chorus_sim_stop (self->training_sim);
  g_clear_object (&self->training_sim);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->profile);
  G_OBJECT_CLASS (chorus_setup_wizard_parent_class)->dispose (object);
}

static void
chorus_setup_wizard_class_init (ChorusSetupWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_setup_wizard_dispose;

  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, CHORUS_TYPE_PROFILE);

  g_type_ensure (CHORUS_TYPE_SETUP_ENVIRONMENT_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_PISTE_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_ACCOUNT_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_TEST_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_STRUCTURES_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_SERVICES_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_ROLES_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_GESTIONNAIRES_PAGE);
  g_type_ensure (CHORUS_TYPE_SETUP_SUMMARY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusSetupWizard, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (back_button);
  BIND (next_button);
  BIND (stack);
  BIND (environment_page);
  BIND (piste_page);
  BIND (account_page);
  BIND (test_page);
  BIND (structures_page);
  BIND (services_page);
  BIND (roles_page);
  BIND (gestionnaires_page);
  BIND (summary_page);
#undef BIND

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
chorus_setup_wizard_init (ChorusSetupWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->environment_page, "changed", G_CALLBACK (environment_changed_cb), self);
  g_signal_connect_swapped (self->piste_page, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->account_page, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->test_page, "changed", G_CALLBACK (test_changed_cb), self);
  g_signal_connect_swapped (self->test_page, "retest", G_CALLBACK (retest_cb), self);

  self->team_page = CHORUS_TEAM_SETUP_PAGE (chorus_team_setup_page_new ());
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->team_page), "team", _("Team Database"));

  update_navigation (self);
}

GtkWidget *
chorus_setup_wizard_new (GtkWindow     *parent,
                         ChorusProfile *profile)
{
  ChorusSetupWizard *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (profile == NULL || CHORUS_IS_PROFILE (profile), NULL);

  self = g_object_new (CHORUS_TYPE_SETUP_WIZARD, "transient-for", parent, NULL);
  if (profile != NULL)
    {
      self->profile = g_object_ref (profile);
      self->editing = TRUE;
      load_profile (self);
    }
  else
    {
      /* A first start on a desktop IT prepared: the presets are in the new profile, show them. */
      self->profile = chorus_profile_new ();
      show_presets (self);
    }
  apply_locks (self);
  chorus_team_setup_page_set_profile (self->team_page, self->profile);
  return GTK_WIDGET (self);
}

void
chorus_setup_wizard_set_local_url (ChorusSetupWizard *self,
                                   const char        *base_url)
{
  g_return_if_fail (CHORUS_IS_SETUP_WIZARD (self));
  g_return_if_fail (base_url != NULL);

  chorus_setup_environment_page_set_local_url (self->environment_page, base_url);
}

const char *
chorus_setup_wizard_get_page (ChorusSetupWizard *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_WIZARD (self), NULL);
  return page_names[self->page];
}
