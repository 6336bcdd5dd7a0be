/* chorus-window.c: the main window; restores and saves its size and state in GSettings. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-password-banner.h"
#include "chorus-preferences-window.h"
#include "chorus-client-directory.h"
#include "chorus-recipient-workspace.h"
#include "chorus-supplier-workspace.h"
#include "chorus-sync.h"
#include "chorus-validator-workspace.h"
#include "chorus-welcome-page.h"
#include "chorus-window.h"
#include "chorus-works-workspace.h"

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

  /* The workspace of the open session, created on first use */
  ChorusRecipientWorkspace *workspace;
  ChorusSync               *sync;

  /* The other roles' workspaces and the switch between them */
  GtkDropDown              *role_switch;
  ChorusSupplierWorkspace  *supplier_workspace;
  ChorusWorksWorkspace     *works_workspace;
  ChorusValidatorWorkspace *validator_workspace;

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

  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.manage-handlers", NULL, preferences_action);
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

  /* Simulated data must never pass for real invoices. */
  gtk_widget_set_visible (GTK_WIDGET (self->demo_badge), demo);
  adw_window_title_set_subtitle (self->window_title, demo ? _("Demo — simulated data, nothing is sent to Chorus Pro") : NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
}

static void
role_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
    }
  gtk_list_item_set_child (item, label);
}

static void
role_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkListItemFactory *
role_item_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (role_item_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (role_item_bind_cb), NULL);
  return factory;
}

/* The main_stack pages the role switch shows, in its order. */
static const char * const role_pages[] = { "workspace", "supplier", "works", "validator" };

static void
role_switched_cb (GtkDropDown *dropdown, GParamSpec *pspec, ChorusWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (role_pages) && gtk_stack_get_child_by_name (self->main_stack, role_pages[selected]))
    gtk_stack_set_visible_child_name (self->main_stack, role_pages[selected]);
}

void
chorus_window_show_role_workspaces (ChorusWindow *self,
                                    ChorusClient *client)
{
  const char *labels[] = { _("Received Invoices"), _("Issued Invoices"), _("Works Invoices"), _("Invoices to Validate"), NULL };

  g_return_if_fail (CHORUS_IS_WINDOW (self));
  g_return_if_fail (CHORUS_IS_CLIENT (client));

  if (self->role_switch == NULL)
    {
      /* The button shortens the name on a narrow window; the list shows it whole. */
      g_autoptr(GtkListItemFactory) list_factory = role_item_factory (FALSE);
      g_autoptr(GtkListItemFactory) button_factory = role_item_factory (TRUE);

      self->supplier_workspace = CHORUS_SUPPLIER_WORKSPACE (chorus_supplier_workspace_new ());
      self->works_workspace = CHORUS_WORKS_WORKSPACE (chorus_works_workspace_new ());
      self->validator_workspace = CHORUS_VALIDATOR_WORKSPACE (chorus_validator_workspace_new ());
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->supplier_workspace), "supplier");
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->works_workspace), "works");
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->validator_workspace), "validator");
      self->role_switch = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->role_switch), _("Workspace"));
      gtk_drop_down_set_list_factory (self->role_switch, list_factory);
      gtk_drop_down_set_factory (self->role_switch, button_factory);
      g_signal_connect (self->role_switch, "notify::selected", G_CALLBACK (role_switched_cb), self);
      adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->role_switch));
    }
  chorus_supplier_workspace_set_sync (self->supplier_workspace, self->sync);
  chorus_supplier_workspace_set_client (self->supplier_workspace, client, 0);
  chorus_works_workspace_set_sync (self->works_workspace, self->sync);
  {
    g_autoptr(ChorusDirectory) directory = chorus_client_directory_new (client);

    chorus_works_workspace_set_directory (self->works_workspace, directory);
  }
  chorus_validator_workspace_set_client (self->validator_workspace, client);
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
  g_clear_object (&self->sync);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_badge), FALSE);
  adw_window_title_set_subtitle (self->window_title, NULL);
  if (self->role_switch != NULL)
    {
      gtk_drop_down_set_selected (self->role_switch, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->role_switch), FALSE);
    }
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
