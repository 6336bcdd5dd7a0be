/* chorus-sync-status.c: shows where the local copy stands against Chorus Pro and keeps it in step: the
 * periodic pull, the outbox sent after it, the "new invoices" notification. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-sync-status.h"

struct _ChorusSyncStatus
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkLabel     *label;

  /* Owned references */
  ChorusSync   *sync;
  GCancellable *cancellable;
  GSettings    *settings;

  guint         timer_id;
  gint64        known_invoices;    /* received invoices before the last pull, for notifications */
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (ChorusSyncStatus, chorus_sync_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
count_received (ChorusSyncStatus *self)
{
  return chorus_store_count_invoices (chorus_sync_get_store (self->sync), CHORUS_DIRECTION_RECEIVED);
}

static void
update_status (ChorusSyncStatus *self)
{
  g_autofree char *last = NULL;
  g_autofree char *text = NULL;
  gboolean busy = FALSE;
  guint open_actions;

  gtk_widget_set_visible (GTK_WIDGET (self), self->sync != NULL);
  if (self->sync != NULL)
    busy = chorus_sync_get_pulling (self->sync) || chorus_sync_get_flushing (self->sync);
  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  if (self->sync == NULL)
    return;

  open_actions = chorus_store_count_open_actions (chorus_sync_get_store (self->sync));
  last = chorus_sync_get_last_sync (self->sync);
  if (!chorus_sync_get_online (self->sync))
    text = g_strdup_printf (_("Offline — %u actions waiting"), open_actions);
  else if (chorus_sync_get_pulling (self->sync))
    text = g_strdup (_("Synchronizing…"));
  else if (chorus_sync_get_flushing (self->sync))
    text = g_strdup_printf (_("Sending %u actions…"), open_actions);
  else if (last != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (last, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%d/%m %H:%M") : g_strdup (last);

      text = g_strdup_printf (_("Synchronized %s"), when);
    }
  else
    text = g_strdup (_("Not synchronized yet"));

  gtk_label_set_text (self->label, text);
  if (!chorus_sync_get_online (self->sync))
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "warning");
}

static void
notify_new_invoices (ChorusSyncStatus *self)
{
  gint64 now = count_received (self);
  gint64 added = now - self->known_invoices;
  GApplication *app = g_application_get_default ();

  /* Not on the first pull: the whole backlog is not "new". */
  if (self->known_invoices > 0 && added > 0 && app != NULL &&
      g_settings_get_boolean (self->settings, "notify-new-invoices"))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("New invoices"));
      guint n = (guint) MIN (added, G_MAXUINT);
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new invoice received on Chorus Pro",
                                                            "%u new invoices received on Chorus Pro", n), n);

      g_notification_set_body (notification, body);
      g_notification_set_default_action (notification, "app.activate");
      g_application_send_notification (app, "new-invoices", notification);
    }
  self->known_invoices = now;
}

static void
pull_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusSyncStatus) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY))
    {
      g_autofree char *text = g_strdup_printf (_("Synchronization failed: %s"), error->message);

      chorus_toast_show_plain (GTK_WIDGET (self), text);
    }
  update_status (self);
}

static void
flush_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ChorusSyncStatus) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Actions that could not be sent stay in the outbox; the status says so. */
  if (!chorus_sync_flush_outbox_finish (CHORUS_SYNC (source), result, &error))
    g_debug ("Outbox not flushed: %s", error->message);
  update_status (self);
}

static gboolean
timer_cb (gpointer data)
{
  chorus_sync_status_synchronize (data);
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (ChorusSyncStatus *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->sync != NULL)
    self->timer_id = g_timeout_add_seconds (60 * g_settings_get_uint (self->settings, "sync-interval"),
                                            timer_cb, self);
}

static void
synchronize_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  chorus_sync_status_synchronize (CHORUS_SYNC_STATUS (widget));
}

static void
chorus_sync_status_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChorusSyncStatus *self = CHORUS_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_sync_status_dispose (GObject *object)
{
  ChorusSyncStatus *self = CHORUS_SYNC_STATUS (object);

  chorus_sync_status_set_sync (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_SYNC_STATUS);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_sync_status_parent_class)->dispose (object);
}

static void
chorus_sync_status_class_init (ChorusSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_sync_status_dispose;
  object_class->get_property = chorus_sync_status_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSyncStatus, label);
  gtk_widget_class_install_action (widget_class, "status.synchronize", NULL, synchronize_action);
}

static void
chorus_sync_status_init (ChorusSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->known_invoices = -1;
  g_signal_connect_object (self->settings, "changed::sync-interval", G_CALLBACK (restart_timer), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
chorus_sync_status_new (void)
{
  return g_object_new (CHORUS_TYPE_SYNC_STATUS, NULL);
}

void
chorus_sync_status_set_sync (ChorusSyncStatus *self,
                             ChorusSync       *sync)
{
  g_return_if_fail (CHORUS_IS_SYNC_STATUS (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  self->known_invoices = -1;
  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "invoices-changed", G_CALLBACK (notify_new_invoices), self);
      g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (update_status), self);
      self->cancellable = g_cancellable_new ();
      self->known_invoices = count_received (self);
    }
  update_status (self);
  restart_timer (self);
}

ChorusSync *
chorus_sync_status_get_sync (ChorusSyncStatus *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC_STATUS (self), NULL);
  return self->sync;
}

void
chorus_sync_status_synchronize (ChorusSyncStatus *self)
{
  g_return_if_fail (CHORUS_IS_SYNC_STATUS (self));

  if (self->sync == NULL)
    return;
  if (!chorus_sync_get_pulling (self->sync))
    chorus_sync_pull_async (self->sync, self->cancellable, pull_done_cb, g_object_ref (self));
  if (!chorus_sync_get_flushing (self->sync) &&
      chorus_store_count_open_actions (chorus_sync_get_store (self->sync)) > 0)
    chorus_sync_flush_outbox_async (self->sync, self->cancellable, flush_done_cb, g_object_ref (self));
  update_status (self);
}

gboolean
chorus_sync_status_get_busy (ChorusSyncStatus *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC_STATUS (self), FALSE);
  return self->busy;
}

void
chorus_sync_status_append (ChorusSyncStatus *self,
                           GtkWidget        *child)
{
  g_return_if_fail (CHORUS_IS_SYNC_STATUS (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
