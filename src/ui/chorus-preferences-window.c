/* chorus-preferences-window.c: settings bound to GSettings, applied as soon as they change. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-preferences-window.h"

struct _ChorusPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *sync_interval_spin;
  GtkSpinButton        *delay_state_spin;
  GtkSpinButton        *delay_hospital_spin;
  GtkSwitch            *notify_switch;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (ChorusPreferencesWindow, chorus_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
chorus_preferences_window_dispose (GObject *object)
{
  ChorusPreferencesWindow *self = CHORUS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_preferences_window_parent_class)->dispose (object);
}

static void
chorus_preferences_window_class_init (ChorusPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, delay_state_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, delay_hospital_spin);
  gtk_widget_class_bind_template_child (widget_class, ChorusPreferencesWindow, notify_switch);
}

static void
chorus_preferences_window_init (ChorusPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "sync-interval", self->sync_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "payment-delay-state", self->delay_state_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "payment-delay-hospital", self->delay_hospital_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-new-invoices", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
chorus_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (CHORUS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
