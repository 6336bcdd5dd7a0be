/* chorus-application.c: application start-up, app menu actions and accelerators. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-application.h"
#include "chorus-window.h"

struct _ChorusApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (ChorusApplication, chorus_application, ADW_TYPE_APPLICATION)

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window lets it save its state first. */
  for (GList *l = windows; l != NULL; )
    {
      GList *next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  static const char *developers[] = { "The Chorus Desk developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Chorus Desk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Chorus Desk developers"),
                         "developers", developers,
                         "comments", _("Receive, check and process Chorus Pro invoices from your desktop"),
                         "website", "https://github.com/chorusdesk/chorus-desk",
                         "issue-url", "https://github.com/chorusdesk/chorus-desk/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Chorus Desk developers",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
chorus_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (chorus_window_new (CHORUS_APPLICATION (app)));
  gtk_window_present (window);
}

static void
chorus_application_startup (GApplication *app)
{
  ChorusApplication *self = CHORUS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", "<Control>F1", NULL };

  G_APPLICATION_CLASS (chorus_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
chorus_application_finalize (GObject *object)
{
  ChorusApplication *self = CHORUS_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_application_parent_class)->finalize (object);
}

static void
chorus_application_class_init (ChorusApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = chorus_application_finalize;
  app_class->activate = chorus_application_activate;
  app_class->startup = chorus_application_startup;
}

static void
chorus_application_init (ChorusApplication *self)
{
}

ChorusApplication *
chorus_application_new (void)
{
  return g_object_new (CHORUS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
chorus_application_get_settings (ChorusApplication *self)
{
  g_return_val_if_fail (CHORUS_IS_APPLICATION (self), NULL);
  return self->settings;
}
