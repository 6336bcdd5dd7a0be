/* chorus-setup-wizard.c: a page-by-page set-up of a connection profile that tests each credential live. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-connection-check.h"
#include "chorus-plain-text.h"
#include "chorus-presets.h"
#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-setup-wizard.h"
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
  AdwWindow              parent_instance;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  GtkButton             *back_button;
  GtkButton             *next_button;
  GtkStack              *stack;
  AdwEntryRow           *name_row;
  GtkCheckButton        *qualification_check;
  AdwActionRow          *qualification_row;
  GtkCheckButton        *production_check;
  AdwActionRow          *production_row;
  GtkCheckButton        *local_check;
  AdwActionRow          *local_row;
  GtkCheckButton        *training_check;
  AdwActionRow          *training_row;
  AdwPreferencesGroup   *piste_group;
  AdwPreferencesGroup   *account_group;
  GtkLabel              *environment_error;
  AdwEntryRow           *client_id_row;
  AdwPasswordEntryRow   *client_secret_row;
  GtkLabel              *piste_error;
  AdwEntryRow           *login_row;
  AdwPasswordEntryRow   *password_row;
  GtkLabel              *account_error;
  AdwActionRow          *token_step_row;
  GtkStack              *token_step_state;
  AdwActionRow          *account_step_row;
  GtkStack              *account_step_state;
  AdwActionRow          *structure_step_row;
  GtkStack              *structure_step_state;
  GtkButton             *retest_button;
  AdwPreferencesGroup   *structures_group;
  AdwEntryRow           *siret_row;
  GtkLabel              *structures_error;
  AdwPreferencesPage    *services_page;
  GtkCheckButton        *role_recipient_check;
  GtkCheckButton        *role_supplier_check;
  GtkCheckButton        *role_moe_check;
  GtkCheckButton        *role_moa_check;
  GtkCheckButton        *role_validator_check;
  GtkLabel              *roles_error;
  AdwPreferencesGroup   *gestionnaires_group;
  AdwEntryRow           *gestionnaire_row;
  GtkLabel              *gestionnaires_error;
  AdwPreferencesGroup   *summary_group;
  GtkLabel              *summary_error;
  ChorusTeamSetupPage   *team_page;          /* its own class: the team step is self-contained */

  /* Owned state */
  ChorusProfile         *profile;
  char                  *local_url;
  ChorusSim             *training_sim;       /* started for the test when the training environment is chosen */
  char                  *piste_description;  /* the groups' own texts, when not in training */
  char                  *account_description;
  char                  *auto_name;          /* the name we filled in, replaced while untouched */
  GCancellable          *cancellable;        /* network and keyring calls of the wizard */
  ChorusConnectionCheck *check;              /* of the last test; NULL before */
  gboolean               tested;             /* the last test passed with the current credentials */
  gboolean               testing;
  gboolean               saving;
  gboolean               roles_initialized;
  gboolean               editing;            /* of a saved profile */
  guint                  page;
  GPtrArray             *structures;         /* ChorusStructure shown on the structures page */
  GPtrArray             *structure_rows;     /* AdwActionRow, same order; owned by the group */
  GHashTable            *checked_structures; /* idStructureCPP (gint64 *) set chosen so far */
  GHashTable            *services;           /* idStructureCPP -> GPtrArray of ChorusService */
  GHashTable            *checked_services;   /* "structure:service" set chosen so far */
  GPtrArray             *service_groups;     /* AdwPreferencesGroup on the services page */
  GPtrArray             *gestionnaires;      /* char * */
  GPtrArray             *gestionnaire_rows;  /* AdwActionRow */
  GPtrArray             *summary_rows;       /* AdwActionRow */
};

G_DEFINE_FINAL_TYPE (ChorusSetupWizard, chorus_setup_wizard, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void update_navigation (ChorusSetupWizard *self);
static void start_test (ChorusSetupWizard *self);
static void show_presets (ChorusSetupWizard *self);
static void apply_locks (ChorusSetupWizard *self);
static gboolean preset_lists (const char *key, const char *value, gboolean *listed, gboolean *locked);

/* ---- small helpers ---------------------------------------------------------------------- */

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
entry_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
has_whitespace (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static void
mark_invalid (gpointer widget,
              gboolean invalid)
{
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

static const char *
selected_environment (ChorusSetupWizard *self)
{
  if (gtk_check_button_get_active (self->production_check))
    return CHORUS_PROFILE_PRODUCTION;
  if (gtk_check_button_get_active (self->local_check))
    return CHORUS_PROFILE_LOCAL;
  if (gtk_check_button_get_active (self->training_check))
    return CHORUS_PROFILE_TRAINING;
  return CHORUS_PROFILE_QUALIFICATION;
}


static gint64 *
int64_key (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static char *
service_key (gint64 structure_id,
             gint64 service_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, structure_id, service_id);
}

static AdwActionRow *
new_plain_row (const char *title,
               const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  /* Texts come from the user or the server: never parse them as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

/* A check row whose check button is returned through @check. */
static AdwActionRow *
new_check_row (const char      *title,
               const char      *subtitle,
               gboolean         active,
               GtkCheckButton **check)
{
  AdwActionRow *row = new_plain_row (title, subtitle);
  GtkWidget *button = gtk_check_button_new ();

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
  adw_action_row_add_prefix (row, button);
  adw_action_row_set_activatable_widget (row, button);
  *check = GTK_CHECK_BUTTON (button);
  return row;
}

/* ---- environment page ------------------------------------------------------------------- */

static void
environment_toggled_cb (ChorusSetupWizard *self)
{
  g_autofree char *name = entry_text (self->name_row);
  const char *label = chorus_profile_environment_label (selected_environment (self));

  /* Follow the environment with the name as long as the user did not type their own. */
  if (*name == '\0' || g_strcmp0 (name, self->auto_name) == 0)
    {
      g_free (self->auto_name);
      self->auto_name = g_strdup (label);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), label);
    }
  /* In training, the next pages say what to type: the course's identifiers, not real ones. */
  if (g_strcmp0 (selected_environment (self), CHORUS_PROFILE_TRAINING) == 0)
    {
      g_autofree char *piste = g_strdup_printf (_("Training environment: type the client ID “%s” and the client secret “%s”, as you would copy them from your PISTE application."),
                                                CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET);
      g_autofree char *account = g_strdup_printf (_("Training environment: type the login “%s” and the password “%s” of the course's technical account."),
                                                  CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);

      chorus_preferences_group_set_plain_description (self->piste_group, piste);
      chorus_preferences_group_set_plain_description (self->account_group, account);
    }
  else
    {
      chorus_preferences_group_set_plain_description (self->piste_group, self->piste_description);
      chorus_preferences_group_set_plain_description (self->account_group, self->account_description);
    }
  self->tested = FALSE;
}

static void
set_environment_subtitle (AdwActionRow      *row,
                          ChorusEnvironment  env,
                          const char        *local_url)
{
  g_autofree char *api = chorus_environment_api_url (env, local_url);
  g_autofree char *token = chorus_environment_token_url (env, local_url);
  g_autofree char *subtitle = NULL;

  if (api == NULL || token == NULL)
    return;
  subtitle = g_strdup_printf (_("API: %s\nToken: %s"), api, token);
  adw_action_row_set_subtitle (row, subtitle);
}

static gboolean
validate_environment (ChorusSetupWizard *self)
{
  g_autofree char *name = entry_text (self->name_row);

  mark_invalid (self->name_row, *name == '\0');
  if (*name == '\0')
    {
      show_error (self->environment_error, _("Give the profile a name, for example “Qualification”."));
      return FALSE;
    }
  show_error (self->environment_error, NULL);
  return TRUE;
}

/* ---- PISTE and technical-account pages -------------------------------------------------- */

static void
credentials_changed_cb (ChorusSetupWizard *self)
{
  self->tested = FALSE;
}

/* Typing in a field takes its error away; Next checks again. */
static void
field_changed_cb (GtkEditable *field,
                  GtkLabel    *error_label)
{
  mark_invalid (field, FALSE);
  show_error (error_label, NULL);
}

static gboolean
validate_piste (ChorusSetupWizard *self)
{
  g_autofree char *client_id = entry_text (self->client_id_row);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row));
  const char *message = NULL;

  mark_invalid (self->client_id_row, *client_id == '\0' || has_whitespace (client_id));
  mark_invalid (self->client_secret_row, *secret == '\0');
  if (*client_id == '\0' && *secret == '\0')
    message = _("Enter the client ID and the client secret of your PISTE application (piste.gouv.fr › My applications).");
  else if (*client_id == '\0')
    message = _("Enter the client ID of your PISTE application.");
  else if (has_whitespace (client_id))
    message = _("The client ID contains a space: copy it again from PISTE, without spaces or line breaks.");
  else if (*secret == '\0')
    message = _("Enter the client secret of your PISTE application. It is shown next to the client ID in PISTE.");
  show_error (self->piste_error, message);
  return message == NULL;
}

static gboolean
validate_account (ChorusSetupWizard *self)
{
  g_autofree char *login = entry_text (self->login_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *message = NULL;
  gboolean bad_login = *login == '\0' || has_whitespace (login) || strchr (login, '@') == NULL;

  mark_invalid (self->login_row, bad_login);
  mark_invalid (self->password_row, *password == '\0');
  if (*login == '\0')
    message = _("Enter the login of the technical account, such as TECH_1_…@cpro.fr.");
  else if (bad_login)
    message = _("A technical-account login is an e-mail address without spaces, such as TECH_1_…@cpro.fr. Check it in the Chorus Pro portal.");
  else if (*password == '\0')
    message = _("Enter the password of the technical account.");
  show_error (self->account_error, message);
  return message == NULL;
}

/* ---- connection test page --------------------------------------------------------------- */

static ChorusClient *
make_client (ChorusSetupWizard *self)
{
  const char *environment = selected_environment (self);
  g_autofree char *client_id = entry_text (self->client_id_row);
  g_autofree char *login = entry_text (self->login_row);
  ChorusEnvironment env = CHORUS_ENVIRONMENT_QUALIFICATION;
  ChorusClient *client;

  if (g_strcmp0 (environment, CHORUS_PROFILE_PRODUCTION) == 0)
    env = CHORUS_ENVIRONMENT_PRODUCTION;
  else if (g_strcmp0 (environment, CHORUS_PROFILE_LOCAL) == 0)
    env = CHORUS_ENVIRONMENT_LOCAL;
  else if (g_strcmp0 (environment, CHORUS_PROFILE_TRAINING) == 0)
    {
      g_autoptr(GError) error = NULL;

      /* The course's Chorus Pro: the same dataset as the training profile will run. */
      env = CHORUS_ENVIRONMENT_LOCAL;
      if (self->training_sim == NULL && (self->training_sim = chorus_session_start_training_sim (NULL, &error)) == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The training environment could not start: %s"), error->message);
          adw_toast_overlay_add_toast (self->toast_overlay, chorus_toast_new_plain (message));
        }
    }

  client = chorus_client_new (env, g_strcmp0 (environment, CHORUS_PROFILE_TRAINING) == 0
                                   ? (self->training_sim != NULL ? chorus_sim_get_base_url (self->training_sim) : NULL)
                                   : env == CHORUS_ENVIRONMENT_LOCAL ? self->local_url : NULL);
  chorus_client_set_credentials (client, client_id,
                                 gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row)),
                                 login,
                                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  /* A wizard waits on the user: fail fast and say why rather than retry for minutes. */
  chorus_client_set_timeout (client, 20);
  chorus_client_set_retry_policy (client, 1, 500, 2000, 5000);
  return client;
}

static void
step_widgets (ChorusSetupWizard  *self,
              ChorusCheckStep     step,
              AdwActionRow      **row,
              GtkStack          **state)
{
  switch (step)
    {
    case CHORUS_CHECK_STEP_TOKEN:
      *row = self->token_step_row;
      *state = self->token_step_state;
      break;
    case CHORUS_CHECK_STEP_ACCOUNT:
      *row = self->account_step_row;
      *state = self->account_step_state;
      break;
    case CHORUS_CHECK_STEP_STRUCTURE:
    case CHORUS_CHECK_N_STEPS:
    default:
      *row = self->structure_step_row;
      *state = self->structure_step_state;
      break;
    }
}

static void
step_changed_cb (ChorusConnectionCheck *check,
                 guint                  step,
                 ChorusSetupWizard     *self)
{
  static const char * const state_names[] = { "pending", "running", "ok", "failed" };
  ChorusCheckState state = chorus_connection_check_get_state (check, step);
  const char *message = chorus_connection_check_get_message (check, step);
  const char *fix = chorus_connection_check_get_fix (check, step);
  g_autofree char *subtitle = NULL;
  AdwActionRow *row;
  GtkStack *stack;

  step_widgets (self, step, &row, &stack);
  gtk_stack_set_visible_child_name (stack, state_names[state]);
  if (message == NULL)
    subtitle = g_strdup (_("Not run yet"));
  else if (fix != NULL)
    subtitle = g_strdup_printf (_("%s\nWhat to do: %s"), message, fix);
  else
    subtitle = g_strdup (message);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = chorus_connection_check_run_finish (CHORUS_CONNECTION_CHECK (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (CHORUS_CONNECTION_CHECK (source) != self->check)
    return;

  self->testing = FALSE;
  self->tested = ok;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retest_button), TRUE);
  update_navigation (self);
}

static void
clear_structure_rows (ChorusSetupWizard *self)
{
  for (guint i = 0; i < self->structure_rows->len; i++)
    adw_preferences_group_remove (self->structures_group, g_ptr_array_index (self->structure_rows, i));
  g_ptr_array_set_size (self->structure_rows, 0);
}

static void
start_test (ChorusSetupWizard *self)
{
  g_autoptr(ChorusClient) client = make_client (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  self->check = chorus_connection_check_new (client);
  g_signal_connect (self->check, "step-changed", G_CALLBACK (step_changed_cb), self);
  for (guint step = 0; step < CHORUS_CHECK_N_STEPS; step++)
    step_changed_cb (self->check, step, self);

  /* New credentials may see other structures and services: start those pages over. */
  clear_structure_rows (self);
  g_ptr_array_set_size (self->structures, 0);
  g_hash_table_remove_all (self->services);

  self->testing = TRUE;
  self->tested = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retest_button), FALSE);
  update_navigation (self);
  chorus_connection_check_run_async (self->check, self->cancellable, test_done_cb, g_object_ref (self));
}

static void
retest_clicked_cb (ChorusSetupWizard *self)
{
  start_test (self);
}

/* ---- structures page -------------------------------------------------------------------- */

static void
structure_toggled_cb (GtkCheckButton    *check,
                      ChorusSetupWizard *self)
{
  ChorusStructure *structure = g_object_get_data (G_OBJECT (check), "structure");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->checked_structures, int64_key (structure->id));
  else
    g_hash_table_remove (self->checked_structures, &structure->id);
  show_error (self->structures_error, NULL);
}

static void
add_structure_row (ChorusSetupWizard *self,
                   ChorusStructure   *structure,
                   gboolean           active)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkCheckButton *check;
  AdwActionRow *row;

  g_string_append_printf (subtitle, _("SIRET %s"), structure->identifier ? structure->identifier : "—");
  if (structure->role != CHORUS_ROLE_UNKNOWN)
    g_string_append_printf (subtitle, " · %s", chorus_role_label (structure->role));
  if (structure->services != NULL && structure->services->len > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attached service",
                                                             "%u attached services", structure->services->len),
                                                structure->services->len);
      g_string_append_printf (subtitle, " · %s", count);
    }

  row = new_check_row (structure->name && *structure->name ? structure->name : structure->identifier,
                       subtitle->str, active, &check);
  g_object_set_data (G_OBJECT (check), "structure", structure);
  g_signal_connect (check, "toggled", G_CALLBACK (structure_toggled_cb), self);
  if (active)
    g_hash_table_add (self->checked_structures, int64_key (structure->id));
  adw_preferences_group_add (self->structures_group, GTK_WIDGET (row));
  g_ptr_array_add (self->structure_rows, row);
}

static gboolean
structure_is_listed (ChorusSetupWizard *self,
                     gint64             id)
{
  for (guint i = 0; i < self->structures->len; i++)
    if (((ChorusStructure *) g_ptr_array_index (self->structures, i))->id == id)
      return TRUE;
  return FALSE;
}

static void
fill_structures (ChorusSetupWizard *self)
{
  g_autoptr(GHashTable) chosen = NULL;
  GPtrArray *attached;
  GPtrArray *saved = chorus_profile_get_structures (self->profile);

  if (self->structure_rows->len > 0 || self->check == NULL)
    return;

  /* Keep what the user chose before a re-test; else what the profile had; else tick everything. */
  chosen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (g_hash_table_size (self->checked_structures) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->checked_structures);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (chosen, int64_key (*(gint64 *) key));
    }
  else
    for (guint i = 0; i < saved->len; i++)
      g_hash_table_add (chosen, int64_key (((ChorusProfileStructure *) g_ptr_array_index (saved, i))->id));

  attached = chorus_connection_check_get_structures (self->check);
  for (guint i = 0; attached != NULL && i < attached->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (attached, i);

      if (!structure_is_listed (self, structure->id))
        g_ptr_array_add (self->structures, chorus_structure_copy (structure));
    }
  /* Structures of the profile found by SIRET rather than attached to the account. */
  for (guint i = 0; i < saved->len; i++)
    {
      ChorusProfileStructure *s = g_ptr_array_index (saved, i);

      if (!structure_is_listed (self, s->id))
        {
          ChorusStructure *structure = chorus_structure_new ();

          structure->id = s->id;
          structure->identifier = g_strdup (s->siret);
          structure->name = g_strdup (s->designation);
          g_ptr_array_add (self->structures, structure);
        }
    }

  g_hash_table_remove_all (self->checked_structures);
  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      gboolean active = g_hash_table_size (chosen) == 0 || g_hash_table_contains (chosen, &structure->id);
      gboolean listed = FALSE, locked = FALSE;

      if (!self->editing && preset_lists ("structures", structure->identifier, &listed, &locked))
        active = listed;
      add_structure_row (self, structure, active);
      if (locked)
        gtk_widget_set_sensitive (g_ptr_array_index (self->structure_rows, self->structure_rows->len - 1), FALSE);
    }
  if (!chorus_profile_key_is_writable (self->profile, "structures"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->siret_row), FALSE);
}

static void
find_siret_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ChorusSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  ChorusStructure *structure;

  structure = chorus_connection_check_find_siret_finish (CHORUS_CONNECTION_CHECK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->siret_row), TRUE);
  if (structure == NULL)
    {
      mark_invalid (self->siret_row, TRUE);
      show_error (self->structures_error, error->message);
      return;
    }

  mark_invalid (self->siret_row, FALSE);
  show_error (self->structures_error, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->siret_row), "");
  if (structure_is_listed (self, structure->id))
    {
      for (guint i = 0; i < self->structure_rows->len; i++)
        if (((ChorusStructure *) g_ptr_array_index (self->structures, i))->id == structure->id)
          {
            GtkWidget *check = adw_action_row_get_activatable_widget (g_ptr_array_index (self->structure_rows, i));
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          }
      chorus_structure_free (structure);
      return;
    }
  g_ptr_array_add (self->structures, structure);
  add_structure_row (self, structure, TRUE);
}

static void
siret_apply_cb (ChorusSetupWizard *self)
{
  g_autoptr(GString) siret = g_string_new (NULL);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->siret_row));
  g_autofree char *message = NULL;

  /* People paste SIRETs grouped as "267 300 302 00016". */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '.')
      g_string_append_c (siret, *p);

  if (siret->len == 0)
    return;
  if (siret->len != 14 || strspn (siret->str, "0123456789") != 14)
    message = g_strdup_printf (_("A SIRET has exactly 14 digits; “%s” has %u characters."), siret->str,
                               (guint) g_utf8_strlen (siret->str, -1));
  else if (!chorus_siret_is_valid (siret->str))
    message = g_strdup_printf (_("“%s” is not a valid SIRET: its check digit does not match. Look for a mistyped digit."),
                               siret->str);
  if (message != NULL || self->check == NULL)
    {
      mark_invalid (self->siret_row, TRUE);
      show_error (self->structures_error, message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->siret_row), FALSE);
  chorus_connection_check_find_siret_async (self->check, siret->str, self->cancellable,
                                            find_siret_done_cb, g_object_ref (self));
}

static gboolean
validate_structures (ChorusSetupWizard *self)
{
  if (g_hash_table_size (self->checked_structures) == 0)
    {
      show_error (self->structures_error,
                  self->structures->len == 0
                  ? _("The technical account is not attached to any structure. Add one by its SIRET above, or attach the account to your structure in the Chorus Pro portal.")
                  : _("Tick at least one structure."));
      return FALSE;
    }
  show_error (self->structures_error, NULL);
  return TRUE;
}

/* ---- services page ---------------------------------------------------------------------- */

static void
service_toggled_cb (GtkCheckButton    *check,
                    ChorusSetupWizard *self)
{
  const char *key = g_object_get_data (G_OBJECT (check), "key");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->checked_services, g_strdup (key));
  else
    g_hash_table_remove (self->checked_services, key);
}

static void
fill_service_group (ChorusSetupWizard   *self,
                    AdwPreferencesGroup *group,
                    gint64               structure_id,
                    GPtrArray           *services,
                    const GError        *error)
{
  GtkWidget *child;
  guint shown = 0;

  /* Drop the "Loading…" row. */
  child = g_object_get_data (G_OBJECT (group), "placeholder");
  if (child != NULL)
    {
      adw_preferences_group_remove (group, child);
      g_object_set_data (G_OBJECT (group), "placeholder", NULL);
    }

  if (error != NULL)
    {
      AdwActionRow *row = new_plain_row (_("The services could not be read"), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_group_add (group, GTK_WIDGET (row));
      return;
    }

  for (guint i = 0; i < services->len; i++)
    {
      ChorusService *service = g_ptr_array_index (services, i);
      g_autofree char *key = service_key (structure_id, service->id);
      g_autofree char *title = NULL;
      GtkCheckButton *check;
      AdwActionRow *row;

      if (!service->active)
        continue;
      title = g_strdup_printf ("%s — %s", service->code ? service->code : "", service->name ? service->name : "");
      {
        gboolean listed = FALSE, locked = FALSE;

        GHashTable *seen = g_object_get_data (G_OBJECT (self), "preset-services-seen");

        if (seen == NULL)
          {
            seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
            g_object_set_data_full (G_OBJECT (self), "preset-services-seen", seen, (GDestroyNotify) g_hash_table_unref);
          }
        /* The preset ticks once; the user's later choices stand (unless locked). */
        if (!self->editing && preset_lists ("services", service->code, &listed, &locked) &&
            (locked || g_hash_table_add (seen, g_strdup (key))))
          {
            if (listed)
              g_hash_table_add (self->checked_services, g_strdup (key));
            else
              g_hash_table_remove (self->checked_services, key);
          }
        row = new_check_row (title, NULL, g_hash_table_contains (self->checked_services, key), &check);
        if (locked)
          gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
      }
      g_object_set_data_full (G_OBJECT (check), "key", g_steal_pointer (&key), g_free);
      g_object_set_data (G_OBJECT (check), "service", service);
      g_signal_connect (check, "toggled", G_CALLBACK (service_toggled_cb), self);
      adw_preferences_group_add (group, GTK_WIDGET (row));
      shown++;
    }
  if (shown == 0)
    adw_preferences_group_add (group, GTK_WIDGET (new_plain_row (_("No active service"),
                                                                 _("Invoices are addressed to the structure as a whole."))));
}

typedef struct {
  ChorusSetupWizard   *self;
  AdwPreferencesGroup *group;
  gint64               structure_id;
} ServicesRequest;

static void
services_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ServicesRequest *request = user_data;
  g_autoptr(ChorusSetupWizard) self = request->self;
  g_autoptr(AdwPreferencesGroup) group = request->group;
  g_autoptr(GError) error = NULL;
  GPtrArray *services;

  services = chorus_connection_check_list_services_finish (CHORUS_CONNECTION_CHECK (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_ptr_array_find (self->service_groups, group, NULL))
    {
      if (services != NULL)
        g_hash_table_insert (self->services, int64_key (request->structure_id), g_ptr_array_ref (services));
      fill_service_group (self, group, request->structure_id, services, error);
    }
  g_clear_pointer (&services, g_ptr_array_unref);
  g_free (request);
}

static void
fill_services (ChorusSetupWizard *self)
{
  for (guint i = 0; i < self->service_groups->len; i++)
    adw_preferences_page_remove (self->services_page, g_ptr_array_index (self->service_groups, i));
  g_ptr_array_set_size (self->service_groups, 0);

  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      g_autofree char *description = NULL;
      AdwPreferencesGroup *group;
      GPtrArray *services;

      if (!g_hash_table_contains (self->checked_structures, &structure->id))
        continue;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      chorus_preferences_group_set_plain_title (group, structure->name ? structure->name : structure->identifier);
      description = g_strdup_printf (_("SIRET %s"), structure->identifier ? structure->identifier : "—");
      chorus_preferences_group_set_plain_description (group, description);
      adw_preferences_page_add (self->services_page, group);
      g_ptr_array_add (self->service_groups, group);

      services = g_hash_table_lookup (self->services, &structure->id);
      if (services != NULL)
        fill_service_group (self, group, structure->id, services, NULL);
      else
        {
          AdwActionRow *row = new_plain_row (_("Loading the services…"), NULL);
          GtkWidget *spinner = gtk_spinner_new ();
          ServicesRequest *request = g_new0 (ServicesRequest, 1);

          gtk_spinner_start (GTK_SPINNER (spinner));
          adw_action_row_add_suffix (row, spinner);
          adw_preferences_group_add (group, GTK_WIDGET (row));
          g_object_set_data (G_OBJECT (group), "placeholder", row);

          request->self = g_object_ref (self);
          request->group = g_object_ref (group);
          request->structure_id = structure->id;
          chorus_connection_check_list_services_async (self->check, structure->id, self->cancellable,
                                                       services_done_cb, request);
        }
    }
}

/* ---- roles page ------------------------------------------------------------------------- */

static GtkCheckButton *
role_check (ChorusSetupWizard *self,
            ChorusRole         role)
{
  switch (role)
    {
    case CHORUS_ROLE_FOURNISSEUR:
      return self->role_supplier_check;
    case CHORUS_ROLE_MOE:
      return self->role_moe_check;
    case CHORUS_ROLE_MOA:
      return self->role_moa_check;
    case CHORUS_ROLE_VALIDATEUR:
      return self->role_validator_check;
    case CHORUS_ROLE_DESTINATAIRE:
      return self->role_recipient_check;
    case CHORUS_ROLE_UNKNOWN:
    case CHORUS_ROLE_LAST:
    default:
      return NULL;
    }
}

static void
init_roles (ChorusSetupWizard *self)
{
  gboolean any = FALSE;

  if (self->roles_initialized)
    return;
  self->roles_initialized = TRUE;

  /* An existing profile keeps its roles, as does one IT preset; a new one starts from the
   * account's attachments. */
  if (self->editing || chorus_presets_get (chorus_presets_get_default (), "roles") != NULL)
    {
      const char * const *roles = chorus_profile_get_roles (self->profile);

      for (guint i = 0; roles[i] != NULL; i++)
        {
          GtkCheckButton *check = role_check (self, chorus_role_from_api (roles[i]));
          if (check != NULL)
            gtk_check_button_set_active (check, any = TRUE);
        }
    }
  else
    {
      for (guint i = 0; i < self->structures->len; i++)
        {
          ChorusStructure *structure = g_ptr_array_index (self->structures, i);
          GtkCheckButton *check = role_check (self, structure->role);

          if (check != NULL && g_hash_table_contains (self->checked_structures, &structure->id))
            gtk_check_button_set_active (check, any = TRUE);
        }
    }
  if (!any)
    gtk_check_button_set_active (self->role_recipient_check, TRUE);
}

static gboolean
validate_roles (ChorusSetupWizard *self)
{
  for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role < CHORUS_ROLE_LAST; role++)
    if (gtk_check_button_get_active (role_check (self, role)))
      {
        show_error (self->roles_error, NULL);
        return TRUE;
      }
  show_error (self->roles_error, _("Tick at least one role, for example “Recipient” to process the invoices you receive."));
  return FALSE;
}

/* ---- gestionnaires page ----------------------------------------------------------------- */

static void
remove_gestionnaire_cb (GtkButton         *button,
                        ChorusSetupWizard *self)
{
  AdwActionRow *row = g_object_get_data (G_OBJECT (button), "row");
  guint index;

  if (g_ptr_array_find (self->gestionnaire_rows, row, &index))
    {
      adw_preferences_group_remove (self->gestionnaires_group, GTK_WIDGET (row));
      g_ptr_array_remove_index (self->gestionnaire_rows, index);
      g_ptr_array_remove_index (self->gestionnaires, index);
    }
}

static void
add_gestionnaire (ChorusSetupWizard *self,
                  const char        *name)
{
  AdwActionRow *row = new_plain_row (name, NULL);
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_gestionnaire_cb), self);
  adw_action_row_add_suffix (row, button);
  adw_preferences_group_add (self->gestionnaires_group, GTK_WIDGET (row));
  g_ptr_array_add (self->gestionnaire_rows, row);
  g_ptr_array_add (self->gestionnaires, g_strdup (name));
}

static void
gestionnaire_apply_cb (ChorusSetupWizard *self)
{
  g_autofree char *name = entry_text (self->gestionnaire_row);

  if (*name == '\0')
    return;
  for (guint i = 0; i < self->gestionnaires->len; i++)
    if (g_utf8_collate (g_ptr_array_index (self->gestionnaires, i), name) == 0)
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is already in the list."), name);
        show_error (self->gestionnaires_error, message);
        return;
      }
  show_error (self->gestionnaires_error, NULL);
  add_gestionnaire (self, name);
  gtk_editable_set_text (GTK_EDITABLE (self->gestionnaire_row), "");
}

/* ---- summary and saving ----------------------------------------------------------------- */

static void
collect_profile (ChorusSetupWizard *self)
{
  ChorusProfile *profile = self->profile;
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *client_id = entry_text (self->client_id_row);
  g_autofree char *login = entry_text (self->login_row);
  g_autoptr(GStrvBuilder) roles = g_strv_builder_new ();
  g_auto(GStrv) role_list = NULL;

  chorus_profile_set_name (profile, name);
  chorus_profile_set_environment (profile, selected_environment (self));
  chorus_profile_set_local_url (profile, self->local_url);
  chorus_profile_set_client_id (profile, client_id);
  chorus_profile_set_tech_login (profile, login);
  if (self->check != NULL && chorus_connection_check_get_password_expiry (self->check) != NULL)
    chorus_profile_set_password_expiry (profile, chorus_connection_check_get_password_expiry (self->check));

  chorus_profile_clear_structures (profile);
  chorus_profile_clear_services (profile);
  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      GPtrArray *services;

      if (!g_hash_table_contains (self->checked_structures, &structure->id))
        continue;
      chorus_profile_add_structure (profile, structure->id, structure->identifier, structure->name);
      services = g_hash_table_lookup (self->services, &structure->id);
      for (guint j = 0; services != NULL && j < services->len; j++)
        {
          ChorusService *service = g_ptr_array_index (services, j);
          g_autofree char *key = service_key (structure->id, service->id);

          if (g_hash_table_contains (self->checked_services, key))
            chorus_profile_add_service (profile, structure->id, service->id, service->code, service->name);
        }
    }

  for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role < CHORUS_ROLE_LAST; role++)
    if (gtk_check_button_get_active (role_check (self, role)))
      g_strv_builder_add (roles, chorus_role_to_api (role));
  role_list = g_strv_builder_end (roles);
  chorus_profile_set_roles (profile, (const char * const *) role_list);

  g_ptr_array_add (self->gestionnaires, NULL);
  chorus_profile_set_gestionnaires (profile, (const char * const *) self->gestionnaires->pdata);
  g_ptr_array_remove_index (self->gestionnaires, self->gestionnaires->len - 1);

  {
    g_autoptr(ChorusTeamConfig) team = chorus_team_setup_page_dup_config (self->team_page);
    chorus_profile_set_team_config (profile, team);
  }
}

static void
add_summary_row (ChorusSetupWizard *self,
                 const char        *title,
                 const char        *value)
{
  AdwActionRow *row = new_plain_row (title, value);

  adw_preferences_group_add (self->summary_group, GTK_WIDGET (row));
  g_ptr_array_add (self->summary_rows, row);
}

static void
fill_summary (ChorusSetupWizard *self)
{
  ChorusProfile *profile = self->profile;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char * const *strv;
  GPtrArray *list;
  int days;

  for (guint i = 0; i < self->summary_rows->len; i++)
    adw_preferences_group_remove (self->summary_group, g_ptr_array_index (self->summary_rows, i));
  g_ptr_array_set_size (self->summary_rows, 0);
  collect_profile (self);

  add_summary_row (self, _("Profile"), chorus_profile_get_name (profile));
  add_summary_row (self, _("Environment"), chorus_profile_environment_label (chorus_profile_get_environment (profile)));
  add_summary_row (self, _("PISTE client ID"), chorus_profile_get_client_id (profile));
  add_summary_row (self, _("Technical account"), chorus_profile_get_tech_login (profile));

  if (chorus_profile_days_to_expiry (profile, now, &days))
    {
      g_autofree char *date = chorus_date_format (chorus_profile_get_password_expiry (profile));
      g_autofree char *value = NULL;

      if (days < 0)
        value = g_strdup_printf (_("Expired on %s: change it in the Chorus Pro portal"), date);
      else
        value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, in %d day", "%s, in %d days", days),
                                 date, days);
      add_summary_row (self, _("Password expires"), value);
    }
  else
    add_summary_row (self, _("Password expires"), _("Chorus Pro did not give the date"));

  list = chorus_profile_get_structures (profile);
  for (guint i = 0; i < list->len; i++)
    {
      ChorusProfileStructure *s = g_ptr_array_index (list, i);
      g_string_append_printf (text, "%s%s (%s)", i ? "\n" : "", s->designation, s->siret);
    }
  add_summary_row (self, _("Structures"), text->str);

  g_string_truncate (text, 0);
  list = chorus_profile_get_services (profile);
  for (guint i = 0; i < list->len; i++)
    {
      ChorusProfileService *s = g_ptr_array_index (list, i);
      g_string_append_printf (text, "%s%s — %s", i ? "\n" : "", s->code, s->label);
    }
  add_summary_row (self, _("Services"), text->len ? text->str : _("All services of the structures"));

  g_string_truncate (text, 0);
  strv = chorus_profile_get_roles (profile);
  for (guint i = 0; strv[i] != NULL; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", chorus_role_label (chorus_role_from_api (strv[i])));
  add_summary_row (self, _("Roles"), text->str);

  strv = chorus_profile_get_gestionnaires (profile);
  if (strv[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) strv);
      add_summary_row (self, _("Gestionnaires"), joined);
    }
  else
    add_summary_row (self, _("Gestionnaires"), _("None yet"));

  {
    g_autofree char *team = chorus_team_config_describe (chorus_profile_get_team_config (profile));
    add_summary_row (self, _("Team database"), team);
  }
}

static void
saving_failed (ChorusSetupWizard *self,
               const GError      *error)
{
  g_autofree char *message = g_strdup_printf (_("The secrets could not be saved in the keyring: %s. Check that a keyring such as GNOME Keyring is running and unlocked, then try again. Nothing was saved."),
                                              error->message);
  self->saving = FALSE;
  show_error (self->summary_error, message);
  update_navigation (self);
}

static void
team_password_stored_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ChorusSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chorus_team_setup_page_save_password_finish (self->team_page, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        saving_failed (self, error);
      return;
    }

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

  if (!chorus_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        saving_failed (self, error);
      return;
    }
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

  if (!chorus_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        saving_failed (self, error);
      return;
    }
  chorus_secrets_store_async (chorus_profile_get_id (self->profile), CHORUS_SECRET_TECH_PASSWORD,
                              gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                              self->cancellable, password_stored_cb, g_object_ref (self));
}

static void
save_profile (ChorusSetupWizard *self)
{
  collect_profile (self);
  self->saving = TRUE;
  show_error (self->summary_error, NULL);
  update_navigation (self);
  chorus_secrets_store_async (chorus_profile_get_id (self->profile), CHORUS_SECRET_CLIENT_SECRET,
                              gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row)),
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
                                 !self->saving && (self->page != PAGE_TEST || self->tested));
}

static gboolean
validate_page (ChorusSetupWizard *self)
{
  switch (self->page)
    {
    case PAGE_ENVIRONMENT:
      return validate_environment (self);
    case PAGE_PISTE:
      return validate_piste (self);
    case PAGE_ACCOUNT:
      return validate_account (self);
    case PAGE_TEST:
      return self->tested;
    case PAGE_STRUCTURES:
      return validate_structures (self);
    case PAGE_ROLES:
      return validate_roles (self);
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
  switch (self->page)
    {
    case PAGE_TEST:
      if (!self->tested && !self->testing)
        start_test (self);
      break;
    case PAGE_STRUCTURES:
      fill_structures (self);
      break;
    case PAGE_SERVICES:
      fill_services (self);
      break;
    case PAGE_ROLES:
      init_roles (self);
      break;
    case PAGE_SUMMARY:
      fill_summary (self);
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
  if (self->page == PAGE_TEST && self->testing)
    {
      g_cancellable_cancel (self->cancellable);
      self->testing = FALSE;
    }
  self->page--;
  enter_page (self);
}

/* ---- editing an existing profile -------------------------------------------------------- */

static void
secret_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = chorus_secrets_lookup_finish (result, &error);
  ChorusSetupWizard *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = (ChorusSetupWizard *) gtk_widget_get_root (row);
  if (secret != NULL && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (row), secret);
  g_clear_pointer (&secret, secret_password_free);
  if (error != NULL && CHORUS_IS_SETUP_WIZARD (self))
    {
      g_autofree char *message = g_strdup_printf (_("The keyring could not be read (%s): enter the secrets again."),
                                                  error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, chorus_toast_new_plain (message));
    }
}

static void
load_profile (ChorusSetupWizard *self)
{
  ChorusProfile *profile = self->profile;
  const char * const *gestionnaires = chorus_profile_get_gestionnaires (profile);
  GPtrArray *services = chorus_profile_get_services (profile);
  const char *environment = chorus_profile_get_environment (profile);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), chorus_profile_get_name (profile));
  if (g_strcmp0 (environment, CHORUS_PROFILE_LOCAL) == 0)
    chorus_setup_wizard_set_local_url (self, chorus_profile_get_local_url (profile));
  else if (g_strcmp0 (environment, CHORUS_PROFILE_PRODUCTION) == 0)
    gtk_check_button_set_active (self->production_check, TRUE);
  else if (g_strcmp0 (environment, CHORUS_PROFILE_TRAINING) == 0)
    gtk_check_button_set_active (self->training_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), chorus_profile_get_client_id (profile));
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), chorus_profile_get_tech_login (profile));

  for (guint i = 0; gestionnaires[i] != NULL; i++)
    add_gestionnaire (self, gestionnaires[i]);
  for (guint i = 0; i < services->len; i++)
    {
      ChorusProfileService *s = g_ptr_array_index (services, i);
      g_hash_table_add (self->checked_services, service_key (s->structure_id, s->id));
    }

  chorus_secrets_lookup_async (chorus_profile_get_id (profile), CHORUS_SECRET_CLIENT_SECRET, self->cancellable,
                               secret_loaded_cb, g_object_ref (self->client_secret_row));
  chorus_secrets_lookup_async (chorus_profile_get_id (profile), CHORUS_SECRET_TECH_PASSWORD, self->cancellable,
                               secret_loaded_cb, g_object_ref (self->password_row));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Connection"));
  adw_window_title_set_title (self->window_title, _("Edit Connection"));
}

/* ---- what IT preset and locked ----------------------------------------------------------- */

static void
show_presets (ChorusSetupWizard *self)
{
  ChorusPresets *presets = chorus_presets_get_default ();
  const char *environment = chorus_profile_get_environment (self->profile);

  if (!chorus_presets_has_profile (presets))
    return;
  if (g_strcmp0 (environment, CHORUS_PROFILE_PRODUCTION) == 0)
    gtk_check_button_set_active (self->production_check, TRUE);
  if (chorus_presets_get (presets, "name") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), chorus_profile_get_name (self->profile));
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), chorus_profile_get_client_id (self->profile));
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), chorus_profile_get_tech_login (self->profile));
}

static void
lock_row (GtkWidget *row)
{
  chorus_settings_row_show_locked (row);
  gtk_widget_set_sensitive (row, FALSE);
}

/* Keys IT locked are shown, not offered. */
static void
apply_locks (ChorusSetupWizard *self)
{
  if (!chorus_profile_key_is_writable (self->profile, "name"))
    lock_row (GTK_WIDGET (self->name_row));
  if (!chorus_profile_key_is_writable (self->profile, "environment"))
    {
      lock_row (GTK_WIDGET (self->qualification_row));
      lock_row (GTK_WIDGET (self->production_row));
      lock_row (GTK_WIDGET (self->local_row));
    }
  if (!chorus_profile_key_is_writable (self->profile, "client-id"))
    lock_row (GTK_WIDGET (self->client_id_row));
  if (!chorus_profile_key_is_writable (self->profile, "tech-login"))
    lock_row (GTK_WIDGET (self->login_row));
  if (!chorus_profile_key_is_writable (self->profile, "roles"))
    for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role < CHORUS_ROLE_LAST; role++)
      if (role_check (self, role) != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (role_check (self, role)), FALSE);
}

/* A structure or service IT named (SIRET, service code) starts ticked; locked, it stays as set. */
static gboolean
preset_lists (const char *key,
              const char *value,
              gboolean   *listed,
              gboolean   *locked)
{
  ChorusPresets *presets = chorus_presets_get_default ();
  g_auto(GStrv) list = chorus_presets_get_list (presets, key);

  *listed = list != NULL && value != NULL && g_strv_contains ((const char * const *) list, value);
  *locked = list != NULL && chorus_presets_is_locked (presets, key);
  return list != NULL;
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
chorus_setup_wizard_dispose (GObject *object)
{
  ChorusSetupWizard *self = CHORUS_SETUP_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_SETUP_WIZARD);
  g_clear_object (&self->check);
  if (self->training_sim != NULL)
    chorus_sim_stop (self->training_sim);
  g_clear_object (&self->training_sim);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->profile);
  G_OBJECT_CLASS (chorus_setup_wizard_parent_class)->dispose (object);
}

static void
chorus_setup_wizard_finalize (GObject *object)
{
  ChorusSetupWizard *self = CHORUS_SETUP_WIZARD (object);

  g_free (self->local_url);
  g_free (self->piste_description);
  g_free (self->account_description);
  g_free (self->auto_name);
  g_ptr_array_unref (self->structures);
  g_ptr_array_unref (self->structure_rows);
  g_hash_table_unref (self->checked_structures);
  g_hash_table_unref (self->services);
  g_hash_table_unref (self->checked_services);
  g_ptr_array_unref (self->service_groups);
  g_ptr_array_unref (self->gestionnaires);
  g_ptr_array_unref (self->gestionnaire_rows);
  g_ptr_array_unref (self->summary_rows);
  G_OBJECT_CLASS (chorus_setup_wizard_parent_class)->finalize (object);
}

static void
chorus_setup_wizard_class_init (ChorusSetupWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_setup_wizard_dispose;
  object_class->finalize = chorus_setup_wizard_finalize;

  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, CHORUS_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusSetupWizard, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (back_button);
  BIND (next_button);
  BIND (stack);
  BIND (name_row);
  BIND (qualification_check);
  BIND (qualification_row);
  BIND (production_check);
  BIND (production_row);
  BIND (local_check);
  BIND (local_row);
  BIND (training_check);
  BIND (training_row);
  BIND (piste_group);
  BIND (account_group);
  BIND (environment_error);
  BIND (client_id_row);
  BIND (client_secret_row);
  BIND (piste_error);
  BIND (login_row);
  BIND (password_row);
  BIND (account_error);
  BIND (token_step_row);
  BIND (token_step_state);
  BIND (account_step_row);
  BIND (account_step_state);
  BIND (structure_step_row);
  BIND (structure_step_state);
  BIND (retest_button);
  BIND (structures_group);
  BIND (siret_row);
  BIND (structures_error);
  BIND (services_page);
  BIND (role_recipient_check);
  BIND (role_supplier_check);
  BIND (role_moe_check);
  BIND (role_moa_check);
  BIND (role_validator_check);
  BIND (roles_error);
  BIND (gestionnaires_group);
  BIND (gestionnaire_row);
  BIND (gestionnaires_error);
  BIND (summary_group);
  BIND (summary_error);
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
  self->structures = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  self->structure_rows = g_ptr_array_new ();
  self->checked_structures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->services = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->checked_services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->service_groups = g_ptr_array_new ();
  self->gestionnaires = g_ptr_array_new_with_free_func (g_free);
  self->gestionnaire_rows = g_ptr_array_new ();
  self->summary_rows = g_ptr_array_new ();
  self->local_url = g_strdup ("");
  self->piste_description = g_strdup (adw_preferences_group_get_description (self->piste_group));
  self->account_description = g_strdup (adw_preferences_group_get_description (self->account_group));

  set_environment_subtitle (self->qualification_row, CHORUS_ENVIRONMENT_QUALIFICATION, NULL);
  set_environment_subtitle (self->production_row, CHORUS_ENVIRONMENT_PRODUCTION, NULL);
  gtk_check_button_set_active (self->qualification_check, TRUE);
  environment_toggled_cb (self);

  g_signal_connect_swapped (self->qualification_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->production_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->local_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->training_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->client_id_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->client_secret_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->login_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect (self->name_row, "changed", G_CALLBACK (field_changed_cb), self->environment_error);
  g_signal_connect (self->client_id_row, "changed", G_CALLBACK (field_changed_cb), self->piste_error);
  g_signal_connect (self->client_secret_row, "changed", G_CALLBACK (field_changed_cb), self->piste_error);
  g_signal_connect (self->login_row, "changed", G_CALLBACK (field_changed_cb), self->account_error);
  g_signal_connect (self->password_row, "changed", G_CALLBACK (field_changed_cb), self->account_error);
  g_signal_connect (self->siret_row, "changed", G_CALLBACK (field_changed_cb), self->structures_error);
  g_signal_connect_swapped (self->retest_button, "clicked", G_CALLBACK (retest_clicked_cb), self);
  g_signal_connect_swapped (self->siret_row, "apply", G_CALLBACK (siret_apply_cb), self);
  g_signal_connect_swapped (self->siret_row, "entry-activated", G_CALLBACK (siret_apply_cb), self);
  g_signal_connect_swapped (self->gestionnaire_row, "apply", G_CALLBACK (gestionnaire_apply_cb), self);
  g_signal_connect_swapped (self->gestionnaire_row, "entry-activated", G_CALLBACK (gestionnaire_apply_cb), self);

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

  g_free (self->local_url);
  self->local_url = g_strdup (base_url);
  set_environment_subtitle (self->local_row, CHORUS_ENVIRONMENT_LOCAL, base_url);
  gtk_widget_set_visible (GTK_WIDGET (self->local_row), TRUE);
  gtk_check_button_set_active (self->local_check, TRUE);
}

const char *
chorus_setup_wizard_get_page (ChorusSetupWizard *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_WIZARD (self), NULL);
  return page_names[self->page];
}

ChorusProfile *
chorus_setup_wizard_get_profile (ChorusSetupWizard *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_WIZARD (self), NULL);
  return self->profile;
}
