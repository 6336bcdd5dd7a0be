/* chorus-team-setup-page.c: the "Team Database" page of the connection wizard and of Préférences. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-presets.h"
#include "chorus-secrets.h"
#include "chorus-team-check.h"
#include "chorus-team-setup-page-private.h"

struct _ChorusTeamSetupPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *server_group;
  AdwActionRow        *enable_row;
  GtkSwitch           *enable_switch;
  AdwEntryRow         *host_row;
  AdwActionRow        *port_row;
  GtkSpinButton       *port_spin;
  AdwEntryRow         *database_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  AdwComboRow         *tls_row;
  AdwActionRow        *ca_row;
  GtkButton           *ca_button;
  GtkButton           *ca_clear_button;
  AdwPreferencesGroup *identity_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *login_row;
  AdwActionRow        *test_row;
  GtkSpinner          *test_spinner;
  GtkButton           *test_button;
  GtkBox              *result_box;
  GtkImage            *result_icon;
  GtkLabel            *result_label;
  AdwPreferencesGroup *save_group;
  GtkButton           *save_button;

  /* Owned state */
  ChorusProfile       *profile;
  GSettings           *settings;
  GCancellable        *cancellable;
  char                *ca_file;
  GHashTable          *locked;         /* keys locked by IT */
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (ChorusTeamSetupPage, chorus_team_setup_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  SIGNAL_CHANGED,
  SIGNAL_SAVE_REQUESTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static char *
text_of (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
is_locked (ChorusTeamSetupPage *self,
           const char          *key)
{
  return g_hash_table_contains (self->locked, key);
}

/* The settings as typed, sharing on or off. */
static ChorusTeamConfig *
read_config (ChorusTeamSetupPage *self)
{
  ChorusTeamConfig *config = chorus_team_config_new ();

  g_free (config->host);
  config->host = text_of (self->host_row);
  config->port = (guint) gtk_spin_button_get_value_as_int (self->port_spin);
  g_free (config->database);
  config->database = text_of (self->database_row);
  g_free (config->user);
  config->user = text_of (self->user_row);
  config->tls = adw_combo_row_get_selected (self->tls_row) == 1 ? CHORUS_TEAM_TLS_REQUIRE : CHORUS_TEAM_TLS_VERIFY_FULL;
  g_free (config->ca_file);
  config->ca_file = g_strdup (self->ca_file ? self->ca_file : "");
  return config;
}

void
chorus_team_setup_page_show_message (ChorusTeamSetupPage *self,
                                     gboolean             ok,
                                     const char          *message)
{
  g_return_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->result_box), message != NULL);
  gtk_label_set_text (self->result_label, message ? message : "");
  gtk_image_set_from_icon_name (self->result_icon, ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "error");
    }
}

/* Which fields apply: everything needs sharing on; TLS only across the network; the authority
 * only when the certificate is checked; nothing IT locked. */
static void
update_sensitivity (ChorusTeamSetupPage *self)
{
  g_autoptr(ChorusTeamConfig) config = read_config (self);
  gboolean on = gtk_switch_get_active (self->enable_switch);
  gboolean remote = !chorus_team_config_is_local (config);
  gboolean checked = config->tls == CHORUS_TEAM_TLS_VERIFY_FULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->enable_switch), !is_locked (self, "team-database"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), on && !is_locked (self, "team-host"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), on && !is_locked (self, "team-port"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->database_row), on && !is_locked (self, "team-database"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), on && !is_locked (self, "team-user"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tls_row), on && remote && !is_locked (self, "team-tls"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_row), on && remote && checked && !is_locked (self, "team-ca-file"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), on);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), self->ca_file != NULL && self->ca_file[0] != '\0');

  adw_combo_row_set_use_subtitle (self->tls_row, FALSE);
  if (!remote)
    g_object_set (self->tls_row, "subtitle", _("Not needed: the server is on this computer"), NULL);
  else if (checked)
    g_object_set (self->tls_row, "subtitle", _("The server’s certificate and name are verified"), NULL);
  else
    g_object_set (self->tls_row, "subtitle", _("Protects from eavesdropping, not from a fake server"), NULL);
  if (self->ca_file != NULL && self->ca_file[0] != '\0')
    adw_action_row_set_subtitle (self->ca_row, self->ca_file);
  else
    adw_action_row_set_subtitle (self->ca_row, _("The authorities this system trusts"));
}

static void
changed (ChorusTeamSetupPage *self)
{
  if (self->filling)
    return;
  chorus_team_setup_page_show_message (self, TRUE, NULL);
  update_sensitivity (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
enable_changed_cb (ChorusTeamSetupPage *self)
{
  /* Turning sharing on with an empty form: the usual port, and the server named once. */
  if (!self->filling && gtk_switch_get_active (self->enable_switch))
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  changed (self);
}

/* ---- the certificate authority ---------------------------------------------------------- */

static void
ca_chosen_cb (GtkNativeDialog     *dialog,
              int                  response,
              ChorusTeamSetupPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_free (self->ca_file);
      self->ca_file = g_file_get_path (file);
      changed (self);
    }
  g_object_unref (dialog);
}

static void
ca_clicked_cb (ChorusTeamSetupPage *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = gtk_file_chooser_native_new (_("Certificate Authority of the Team Database"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (ca_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
ca_clear_cb (ChorusTeamSetupPage *self)
{
  g_clear_pointer (&self->ca_file, g_free);
  changed (self);
}

/* ---- the test --------------------------------------------------------------------------- */

static void
set_testing (ChorusTeamSetupPage *self,
             gboolean             testing)
{
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !testing);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ChorusTeamSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusTeamCheckResult) check = chorus_team_check_finish (result, &error);
  g_autofree char *description = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_testing (self, FALSE);
  if (check == NULL)
    {
      chorus_team_setup_page_show_message (self, FALSE, error->message);
      return;
    }
  description = chorus_team_check_result_describe (check);
  chorus_team_setup_page_show_message (self, TRUE, description);
}

static void
test_clicked_cb (ChorusTeamSetupPage *self)
{
  g_autoptr(ChorusTeamConfig) config = NULL;

  if (!chorus_team_setup_page_validate (self))
    return;
  config = read_config (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_testing (self, TRUE);
  chorus_team_setup_page_show_message (self, TRUE, NULL);
  chorus_team_check_async (config, gtk_editable_get_text (GTK_EDITABLE (self->password_row)), self->cancellable,
                           checked_cb, g_object_ref (self));
}

gboolean
chorus_team_setup_page_validate (ChorusTeamSetupPage *self)
{
  g_autoptr(ChorusTeamConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self), FALSE);

  if (!gtk_switch_get_active (self->enable_switch))
    return TRUE;
  config = read_config (self);
  if (!chorus_team_config_validate (config, &error))
    {
      chorus_team_setup_page_show_message (self, FALSE, error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- filling and reading ---------------------------------------------------------------- */

static void
password_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ChorusTeamSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = chorus_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    {
      self->filling = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      self->filling = FALSE;
    }
  g_clear_pointer (&password, secret_password_free);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The keyring could not be read (%s): enter the password again."),
                                                  error->message);
      chorus_team_setup_page_show_message (self, FALSE, message);
    }
}

static void
mark_locked (ChorusTeamSetupPage *self,
             GtkWidget           *row,
             const char          *key)
{
  if (!chorus_profile_key_is_writable (self->profile, key))
    g_hash_table_add (self->locked, (gpointer) key);
  if (is_locked (self, key))
    chorus_settings_row_show_locked (row);
}

void
chorus_settings_row_show_locked (GtkWidget *row)
{
  GtkWidget *icon;

  g_return_if_fail (ADW_IS_ACTION_ROW (row) || ADW_IS_ENTRY_ROW (row));

  if (g_object_get_data (G_OBJECT (row), "lock-icon") != NULL)
    return;
  icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
  gtk_widget_set_tooltip_text (icon, chorus_settings_lock_reason ());
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), icon);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "lock-icon", icon);
}

void
chorus_team_setup_page_set_profile (ChorusTeamSetupPage *self,
                                    ChorusProfile       *profile)
{
  const ChorusTeamConfig *config;
  g_autofree char *name = NULL;
  g_autofree char *login = NULL;

  g_return_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self));
  g_return_if_fail (CHORUS_IS_PROFILE (profile));

  g_set_object (&self->profile, profile);
  config = chorus_profile_get_team_config (profile);
  self->filling = TRUE;
  gtk_switch_set_active (self->enable_switch, chorus_team_config_is_enabled (config));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), config->host);
  gtk_spin_button_set_value (self->port_spin, config->port);
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), config->database);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), config->user);
  adw_combo_row_set_selected (self->tls_row, config->tls == CHORUS_TEAM_TLS_REQUIRE ? 1 : 0);
  g_free (self->ca_file);
  self->ca_file = g_strdup (config->ca_file);
  name = g_settings_get_string (self->settings, "team-display-name");
  login = g_settings_get_string (self->settings, "team-login");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  self->filling = FALSE;

  g_hash_table_remove_all (self->locked);
  mark_locked (self, GTK_WIDGET (self->host_row), "team-host");
  mark_locked (self, GTK_WIDGET (self->port_row), "team-port");
  mark_locked (self, GTK_WIDGET (self->database_row), "team-database");
  mark_locked (self, GTK_WIDGET (self->user_row), "team-user");
  mark_locked (self, GTK_WIDGET (self->tls_row), "team-tls");
  mark_locked (self, GTK_WIDGET (self->ca_row), "team-ca-file");
  if (g_hash_table_size (self->locked) > 0)
    adw_action_row_set_subtitle (self->enable_row, chorus_settings_lock_reason ());

  chorus_team_setup_page_show_message (self, TRUE, NULL);
  update_sensitivity (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  chorus_secrets_lookup_async (chorus_profile_get_id (profile), CHORUS_SECRET_TEAM_PASSWORD, self->cancellable,
                               password_loaded_cb, g_object_ref (self));
}

void
chorus_team_setup_page_set_show_save (ChorusTeamSetupPage *self,
                                      gboolean             show)
{
  g_return_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->save_group), show);
}

ChorusTeamConfig *
chorus_team_setup_page_dup_config (ChorusTeamSetupPage *self)
{
  ChorusTeamConfig *config;

  g_return_val_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self), NULL);

  config = read_config (self);
  if (!gtk_switch_get_active (self->enable_switch))
    {
      g_free (config->database);
      config->database = g_strdup ("");
    }
  return config;
}

const char *
chorus_team_setup_page_get_password (ChorusTeamSetupPage *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

void
chorus_team_setup_page_save_identity (ChorusTeamSetupPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *login = NULL;

  g_return_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self));

  name = text_of (self->name_row);
  login = text_of (self->login_row);
  g_settings_set_string (self->settings, "team-display-name", name);
  g_settings_set_string (self->settings, "team-login", login);
}

static void
password_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_task_data (task) != NULL)
    ok = chorus_secrets_store_finish (result, &error);
  else
    ok = chorus_secrets_clear_finish (result, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
chorus_team_setup_page_save_password_async (ChorusTeamSetupPage *self,
                                            const char          *profile_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;
  const char *password;

  g_return_if_fail (CHORUS_IS_TEAM_SETUP_PAGE (self));
  g_return_if_fail (profile_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_team_setup_page_save_password_async);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (gtk_switch_get_active (self->enable_switch) && password[0] != '\0')
    {
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      chorus_secrets_store_async (profile_id, CHORUS_SECRET_TEAM_PASSWORD, password, cancellable,
                                  password_saved_cb, task);
    }
  else
    chorus_secrets_clear_async (profile_id, CHORUS_SECRET_TEAM_PASSWORD, cancellable, password_saved_cb, task);
}

gboolean
chorus_team_setup_page_save_password_finish (ChorusTeamSetupPage  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_clicked_cb (ChorusTeamSetupPage *self)
{
  if (chorus_team_setup_page_validate (self))
    g_signal_emit (self, signals[SIGNAL_SAVE_REQUESTED], 0);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
chorus_team_setup_page_dispose (GObject *object)
{
  ChorusTeamSetupPage *self = CHORUS_TEAM_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_TEAM_SETUP_PAGE);
  g_clear_object (&self->profile);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_team_setup_page_parent_class)->dispose (object);
}

static void
chorus_team_setup_page_finalize (GObject *object)
{
  ChorusTeamSetupPage *self = CHORUS_TEAM_SETUP_PAGE (object);

  g_free (self->ca_file);
  g_hash_table_unref (self->locked);
  G_OBJECT_CLASS (chorus_team_setup_page_parent_class)->finalize (object);
}

static void
chorus_team_setup_page_class_init (ChorusTeamSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_team_setup_page_dispose;
  object_class->finalize = chorus_team_setup_page_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAVE_REQUESTED] = g_signal_new ("save-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-team-setup-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusTeamSetupPage, name)
  BIND (server_group);
  BIND (enable_row);
  BIND (enable_switch);
  BIND (host_row);
  BIND (port_row);
  BIND (port_spin);
  BIND (database_row);
  BIND (user_row);
  BIND (password_row);
  BIND (tls_row);
  BIND (ca_row);
  BIND (ca_button);
  BIND (ca_clear_button);
  BIND (identity_group);
  BIND (name_row);
  BIND (login_row);
  BIND (test_row);
  BIND (test_spinner);
  BIND (test_button);
  BIND (result_box);
  BIND (result_icon);
  BIND (result_label);
  BIND (save_group);
  BIND (save_button);
#undef BIND
}

static void
chorus_team_setup_page_init (ChorusTeamSetupPage *self)
{
  g_autoptr(ChorusTeamIdentity) session = chorus_team_identity_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->locked = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();

  /* Empty means the session's own: say whose. */
  {
    g_autofree char *description = g_strdup_printf (_("How colleagues see your changes (“changed by …”) and the "
                                                      "invoices you are processing. Left empty: %s, login %s, from "
                                                      "this session."), session->name, session->login);

    chorus_preferences_group_set_plain_description (self->identity_group, description);
  }

  g_signal_connect_swapped (self->enable_switch, "notify::active", G_CALLBACK (enable_changed_cb), self);
  g_signal_connect_swapped (self->host_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->port_spin, "value-changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->database_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->user_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->tls_row, "notify::selected", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->login_row, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->ca_button, "clicked", G_CALLBACK (ca_clicked_cb), self);
  g_signal_connect_swapped (self->ca_clear_button, "clicked", G_CALLBACK (ca_clear_cb), self);
  g_signal_connect_swapped (self->test_button, "clicked", G_CALLBACK (test_clicked_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  update_sensitivity (self);
}

GtkWidget *
chorus_team_setup_page_new (void)
{
  return g_object_new (CHORUS_TYPE_TEAM_SETUP_PAGE, NULL);
}
