/* chorus-window.c: the main window; restores and saves its size and state in GSettings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-password-banner.h"
#include "chorus-profile.h"
#include "chorus-plain-text.h"
#include "chorus-preferences-window.h"
#include "chorus-recipient-workspace.h"
#include "chorus-session.h"
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

  /* The workspaces, created with the first session, and the switch between them */
  ChorusWorkspaceSwitcher  *role_switch;
  ChorusRecipientWorkspace *recipient_workspace;
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

/* A late invoice of the overview: shown in the received invoices. */
static void
summary_open_invoice_cb (ChorusWindow *self,
                         gint64        id)
{
  if (!chorus_workspace_switcher_select (self->role_switch, "recipient"))
    return;
  chorus_recipient_workspace_show_invoice (self->recipient_workspace, id);
}

/* What waits in a workspace shows in the switch: "Factures à valider (8)", seen from anywhere. */
static void
workspace_count_cb (GObject      *workspace,
                    GParamSpec   *pspec,
                    ChorusWindow *self)
{
  guint count = 0;

  g_object_get (workspace, g_param_spec_get_name (pspec), &count, NULL);
  chorus_workspace_switcher_set_count (self->role_switch, g_object_get_data (workspace, "chorus-page"), count);
}

/* The workspaces, their stack pages and the property that counts what waits in each (once). */
static void
add_workspaces (ChorusWindow *self)
{
  struct {
    GtkWidget  *workspace;
    const char *page;
    const char *count;
  } pages[] = {
    { chorus_recipient_workspace_new (), "recipient", "to-process" },
    { chorus_supplier_workspace_new (), "supplier", "sent-back" },
    { chorus_works_workspace_new (), "works", "to-act" },
    { chorus_validator_workspace_new (), "validator", "waiting" },
  };

  self->recipient_workspace = CHORUS_RECIPIENT_WORKSPACE (pages[0].workspace);
  self->supplier_workspace = CHORUS_SUPPLIER_WORKSPACE (pages[1].workspace);
  self->works_workspace = CHORUS_WORKS_WORKSPACE (pages[2].workspace);
  self->validator_workspace = CHORUS_VALIDATOR_WORKSPACE (pages[3].workspace);
  self->summary_page = CHORUS_SUMMARY_PAGE (chorus_summary_page_new ());
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->summary_page), "summary");
  g_signal_connect_swapped (self->summary_page, "open-invoice", G_CALLBACK (summary_open_invoice_cb), self);
  self->role_switch = CHORUS_WORKSPACE_SWITCHER (chorus_workspace_switcher_new (self->main_stack));
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *signal = pages[i].count ? g_strconcat ("notify::", pages[i].count, NULL) : NULL;

      gtk_stack_add_named (self->main_stack, pages[i].workspace, pages[i].page);
      g_object_set_data (G_OBJECT (pages[i].workspace), "chorus-page", (gpointer) pages[i].page);
      if (signal != NULL)
        g_signal_connect_object (pages[i].workspace, signal, G_CALLBACK (workspace_count_cb), self, 0);
    }
  adw_header_bar_pack_start (self->header_bar,
                             chorus_recipient_workspace_get_status_widget (self->recipient_workspace));
  adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->role_switch));
  self->team_status = CHORUS_TEAM_STATUS (chorus_team_status_new ());
  adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->team_status));
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

/* The team database's state in the header bar and its lost-edit toasts; NULL: none. */
static void
show_team (ChorusWindow   *self,
           ChorusTeamSync *team)
{
  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_set_object (&self->team, team);
  if (team != NULL)
    g_signal_connect (team, "edit-lost", G_CALLBACK (team_edit_lost_cb), self);
  if (self->team_status != NULL)
    chorus_team_status_set_team (self->team_status, team);
}

/* Every workspace follows @session (NULL: none), in one loop. */
static void
set_workspaces_session (ChorusWindow  *self,
                        ChorusSession *session)
{
  GtkWidget *workspaces[] = {
    GTK_WIDGET (self->recipient_workspace),
    GTK_WIDGET (self->supplier_workspace),
    GTK_WIDGET (self->works_workspace),
    GTK_WIDGET (self->validator_workspace),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (workspaces); i++)
    g_object_set (workspaces[i], "session", session, NULL);
  chorus_summary_page_set_store (self->summary_page, session != NULL ? chorus_session_get_store (session) : NULL);
  chorus_summary_page_set_sync (self->summary_page, session != NULL ? chorus_session_get_sync (session) : NULL);
}

void
chorus_window_show_session (ChorusWindow  *self,
                            ChorusSession *session)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));
  g_return_if_fail (CHORUS_IS_SESSION (session));

  if (self->role_switch == NULL)
    add_workspaces (self);
  set_workspaces_session (self, session);
  show_team (self, chorus_session_get_team_sync (session));
  chorus_window_set_data_kind (self, chorus_session_is_demo (session) ? CHORUS_WINDOW_DEMO
                                     : chorus_session_is_training (session) ? CHORUS_WINDOW_TRAINING
                                     : CHORUS_WINDOW_REAL_DATA);
  gtk_stack_set_visible_child_name (self->main_stack, "recipient");
  /* Only what the profile's roles open; the first of them shows. */
  chorus_workspace_switcher_set_roles (self->role_switch,
                                       chorus_profile_get_roles (chorus_session_get_profile (session)));
  gtk_widget_set_visible (GTK_WIDGET (self->role_switch), TRUE);
}

void
chorus_window_show_welcome (ChorusWindow *self)
{
  g_return_if_fail (CHORUS_IS_WINDOW (self));

  if (self->role_switch != NULL)
    {
      set_workspaces_session (self, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->role_switch), FALSE);
    }
  show_team (self, NULL);
  chorus_window_set_data_kind (self, CHORUS_WINDOW_REAL_DATA);
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
