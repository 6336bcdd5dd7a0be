/* chorus-window.c: the main window; restores and saves its size and state in GSettings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-password-banner.h"
#include "chorus-profile.h"
#include "chorus-plain-text.h"
#include "chorus-preferences-window.h"
#include "chorus-client-directory.h"
#include "chorus-recipient-workspace.h"
#include "chorus-summary-page.h"
#include "chorus-supplier-workspace.h"
#include "chorus-sync.h"
#include "chorus-team-status.h"
#include "chorus-team-ui.h"
#include "chorus-validator-workspace.h"
#include "chorus-welcome-page.h"
#include "chorus-window.h"
#include "chorus-works-workspace.h"
#include "chorus-workspace-switcher.h"

struct _ChorusWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkStack             *main_stack;
  ChorusPasswordBanner *password_banner;
  GtkLabel             *demo_badge;
  GMenu                *simulated_section;

  /* The workspace of the open session, created on first use */
  ChorusRecipientWorkspace *workspace;
  ChorusSync               *sync;

  /* The other roles' workspaces and the switch between them */
  ChorusWorkspaceSwitcher  *role_switch;
  ChorusSummaryPage        *summary_page;
  ChorusSupplierWorkspace  *supplier_workspace;
  ChorusWorksWorkspace     *works_workspace;
  ChorusValidatorWorkspace *validator_workspace;

  /* Team follow-up, when the profile has a team database */
  ChorusTeamStatus         *team_status;
  ChorusTeamSync           *team;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (ChorusWindow, chorus_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (ChorusWindow *self)
{
  int width, height;

  g_assert (CHORUS_IS_WINDOW (self));

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkWidget *prefs = chorus_preferences_window_new (GTK_WINDOW (widget));

  /* "Gérer les gestionnaires…" opens them on the list of handlers. */
  if (g_str_equal (action_name, "win.manage-handlers"))
    chorus_preferences_window_show_handlers (CHORUS_PREFERENCES_WINDOW (prefs));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
team_preferences_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GtkWidget *prefs = chorus_preferences_window_new (GTK_WINDOW (widget));

  chorus_preferences_window_show_team (CHORUS_PREFERENCES_WINDOW (prefs));
  gtk_window_present (GTK_WINDOW (prefs));
}

static gboolean
chorus_window_close_request (GtkWindow *window)
{
  save_window_state (CHORUS_WINDOW (window));
  return GTK_WINDOW_CLASS (chorus_window_parent_class)->close_request (window);
}

static void
chorus_window_dispose (GObject *object)
{
  ChorusWindow *self = CHORUS_WINDOW (object);

  g_clear_object (&self->sync);
  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_clear_object (&self->team);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_window_parent_class)->dispose (object);
}

static void
chorus_window_class_init (ChorusWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = chorus_window_dispose;
  window_class->close_request = chorus_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, password_banner);
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, ChorusWindow, simulated_section);

  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.manage-handlers", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.team-preferences", NULL, team_preferences_action);
}

static void
chorus_window_init (ChorusWindow *self)
{
  int width, height;

  g_type_ensure (CHORUS_TYPE_PASSWORD_BANNER);
  g_type_ensure (CHORUS_TYPE_WELCOME_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

ChorusWindow *
chorus_window_new (ChorusApplication *app)
{
  return g_object_new (CHORUS_TYPE_WINDOW, "application", app, NULL);
}

void
chorus_window_show_workspace (ChorusWindow *self,
                              ChorusStore  *store,
                              ChorusSync   *sync,
                              gboolean      demo)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));
  g_return_if_fail (CHORUS_IS_STORE (store));
  g_return_if_fail (CHORUS_IS_SYNC (sync));

  if (self->workspace == NULL)
    {
      self->workspace = CHORUS_RECIPIENT_WORKSPACE (chorus_recipient_workspace_new ());
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->workspace), "workspace");
      adw_header_bar_pack_start (self->header_bar, chorus_recipient_workspace_get_status_widget (self->workspace));
    }
  g_set_object (&self->sync, sync);
  chorus_recipient_workspace_set_store (self->workspace, store);
  chorus_recipient_workspace_set_sync (self->workspace, sync);

  chorus_window_set_data_kind (self, demo ? CHORUS_WINDOW_DEMO : CHORUS_WINDOW_REAL_DATA);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
}

void
chorus_window_set_data_kind (ChorusWindow     *self,
                             ChorusWindowData  kind)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));

  /* Simulated data must never pass for real invoices. */
  gtk_widget_set_visible (GTK_WIDGET (self->demo_badge), kind != CHORUS_WINDOW_REAL_DATA);
  gtk_label_set_label (self->demo_badge, kind == CHORUS_WINDOW_TRAINING ? _("TRAINING") : _("DEMO"));
  adw_window_title_set_subtitle (self->window_title,
                                 kind == CHORUS_WINDOW_DEMO
                                 ? _("Demo — simulated data, nothing is sent to Chorus Pro")
                                 : kind == CHORUS_WINDOW_TRAINING
                                 ? _("Training environment — simulated data, nothing is sent to Chorus Pro")
                                 : NULL);
  g_menu_remove_all (self->simulated_section);
  if (kind == CHORUS_WINDOW_DEMO)
    {
      g_menu_append (self->simulated_section, _("_Connect to Chorus Pro…"), "app.connect");
      g_menu_append (self->simulated_section, _("_Reset the Demo…"), "app.reset-demo");
      g_menu_append (self->simulated_section, _("_Leave the Demo"), "app.quit-demo");
    }
  else if (kind == CHORUS_WINDOW_TRAINING)
    g_menu_append (self->simulated_section, _("_Reset the Training Data…"), "app.reset-demo");
}

void
chorus_window_set_profile (ChorusWindow  *self,
                           ChorusProfile *profile,
                           const char    *drafts_dir)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *structures;

  g_return_if_fail (CHORUS_IS_WINDOW (self));
  g_return_if_fail (CHORUS_IS_PROFILE (profile));

  if (self->supplier_workspace == NULL)
    return;
  /* Only the structures chosen in the connection wizard; none chosen: every one attached. */
  structures = chorus_profile_get_structures (profile);
  for (guint i = 0; structures != NULL && i < structures->len; i++)
    g_array_append_val (ids, ((ChorusProfileStructure *) g_ptr_array_index (structures, i))->id);
  chorus_supplier_workspace_set_structure_ids (self->supplier_workspace, (const gint64 *) (gpointer) ids->data, ids->len);
  chorus_deposit_wizard_set_drafts_dir (chorus_supplier_workspace_get_wizard (self->supplier_workspace), drafts_dir);
}

/* A late invoice of the overview: shown in the received invoices. */
static void
summary_open_invoice_cb (ChorusWindow *self,
                         gint64        id)
{
  if (self->workspace == NULL || !chorus_workspace_switcher_select (self->role_switch, "workspace"))
    return;
  chorus_recipient_workspace_show_invoice (self->workspace, id);
}

/* "Factures à valider (8)": a validator sees from anywhere that invoices wait. */
static void
validator_waiting_cb (ChorusWindow *self)
{
  chorus_workspace_switcher_set_count (self->role_switch, "validator",
                                       chorus_validator_workspace_get_waiting (self->validator_workspace));
}

void
chorus_window_show_role_workspaces (ChorusWindow       *self,
                                    ChorusClient       *client,
                                    const char * const *roles)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));
  g_return_if_fail (CHORUS_IS_CLIENT (client));

  if (self->role_switch == NULL)
    {
      self->supplier_workspace = CHORUS_SUPPLIER_WORKSPACE (chorus_supplier_workspace_new ());
      self->works_workspace = CHORUS_WORKS_WORKSPACE (chorus_works_workspace_new ());
      self->validator_workspace = CHORUS_VALIDATOR_WORKSPACE (chorus_validator_workspace_new ());
      self->summary_page = CHORUS_SUMMARY_PAGE (chorus_summary_page_new ());
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->summary_page), "summary");
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->supplier_workspace), "supplier");
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->works_workspace), "works");
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->validator_workspace), "validator");
      g_signal_connect_swapped (self->summary_page, "open-invoice", G_CALLBACK (summary_open_invoice_cb), self);
      self->role_switch = CHORUS_WORKSPACE_SWITCHER (chorus_workspace_switcher_new (self->main_stack));
      g_signal_connect_object (self->validator_workspace, "notify::waiting", G_CALLBACK (validator_waiting_cb), self,
                               G_CONNECT_SWAPPED);
      adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->role_switch));
    }
  if (self->workspace != NULL)
    chorus_summary_page_set_store (self->summary_page, chorus_recipient_workspace_get_store (self->workspace));
  chorus_summary_page_set_sync (self->summary_page, self->sync);
  /* Only what the profile's roles open; the first of them shows. */
  chorus_workspace_switcher_set_roles (self->role_switch, roles);
  chorus_supplier_workspace_set_sync (self->supplier_workspace, self->sync);
  chorus_supplier_workspace_set_client (self->supplier_workspace, client);
  chorus_works_workspace_set_sync (self->works_workspace, self->sync);
  {
    g_autoptr(ChorusDirectory) directory = chorus_client_directory_new (client);

    chorus_works_workspace_set_directory (self->works_workspace, directory);
  }
  chorus_validator_workspace_set_store (self->validator_workspace,
                                        chorus_recipient_workspace_get_store (self->workspace));
  chorus_validator_workspace_set_sync (self->validator_workspace, self->sync);
  gtk_widget_set_visible (GTK_WIDGET (self->role_switch), TRUE);
}

void
chorus_window_show_welcome (ChorusWindow *self)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));

  if (self->workspace != NULL)
    chorus_recipient_workspace_set_sync (self->workspace, NULL);
  if (self->supplier_workspace != NULL)
    chorus_supplier_workspace_set_sync (self->supplier_workspace, NULL);
  if (self->works_workspace != NULL)
    chorus_works_workspace_set_sync (self->works_workspace, NULL);
  if (self->validator_workspace != NULL)
    chorus_validator_workspace_set_sync (self->validator_workspace, NULL);
  g_clear_object (&self->sync);
  chorus_window_set_data_kind (self, CHORUS_WINDOW_REAL_DATA);
  if (self->role_switch != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->role_switch), FALSE);
  if (self->summary_page != NULL)
    chorus_summary_page_set_sync (self->summary_page, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
}

void
chorus_window_show_password_reminder (ChorusWindow *self,
                                      const char   *iso_date,
                                      int           days)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));
  chorus_password_banner_set_expiry (self->password_banner, iso_date, days);
}

/* Told at once, and kept on screen until read: someone else's value now stands. */
static void
team_edit_lost_cb (ChorusTeamSync     *team,
                   ChorusTeamLostEdit *lost,
                   ChorusWindow       *self)
{
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (chorus_team_sync_get_store (team), lost->invoice_id, NULL);
  g_autofree char *message = chorus_team_describe_lost (lost, invoice != NULL ? chorus_invoice_get_number (invoice) : NULL);
  AdwToast *toast = chorus_toast_new_plain (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
chorus_window_show_team (ChorusWindow   *self,
                         ChorusTeamSync *team)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  if (self->team_status == NULL)
    {
      self->team_status = CHORUS_TEAM_STATUS (chorus_team_status_new ());
      adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->team_status));
    }
  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_set_object (&self->team, team);
  if (team != NULL)
    g_signal_connect (team, "edit-lost", G_CALLBACK (team_edit_lost_cb), self);
  chorus_team_status_set_team (self->team_status, team);
  if (self->workspace != NULL)
    chorus_recipient_workspace_set_team (self->workspace, team);
}
