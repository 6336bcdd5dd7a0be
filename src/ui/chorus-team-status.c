/* chorus-team-status.c: the header-bar button that says whether the team database is reached, and what waits for it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-team-status.h"

struct _ChorusTeamStatus
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkMenuButton  *button;
  GtkLabel       *state_label;
  GtkLabel       *database_label;
  GtkLabel       *message_label;
  GtkLabel       *pending_label;

  ChorusTeamSync *team;
};

G_DEFINE_FINAL_TYPE (ChorusTeamStatus, chorus_team_status, ADW_TYPE_BIN)

static void
update (ChorusTeamStatus *self)
{
  g_autofree char *pending_text = NULL;
  g_autofree char *tooltip = NULL;
  const char *state = NULL;
  const char *icon = "system-users-symbolic";
  const char *message;
  guint pending;

  gtk_widget_set_visible (GTK_WIDGET (self), self->team != NULL);
  if (self->team == NULL)
    return;

  switch (chorus_team_sync_get_state (self->team))
    {
    case CHORUS_TEAM_STATE_ONLINE:
      state = _("Team database connected");
      break;
    case CHORUS_TEAM_STATE_CONNECTING:
      state = _("Connecting to the team database…");
      break;
    case CHORUS_TEAM_STATE_OFFLINE:
      state = _("Team database unreachable: working on this computer");
      icon = "network-offline-symbolic";
      break;
    case CHORUS_TEAM_STATE_FAILED:
      state = _("The team database needs attention");
      icon = "dialog-warning-symbolic";
      break;
    case CHORUS_TEAM_STATE_STOPPED:
    default:
      state = _("Team database not connected");
      icon = "network-offline-symbolic";
      break;
    }
  gtk_menu_button_set_icon_name (self->button, icon);
  gtk_label_set_text (self->state_label, state);
  {
    g_autofree char *database = chorus_team_config_describe (chorus_team_sync_get_config (self->team));
    gtk_label_set_text (self->database_label, database);
  }
  message = chorus_team_sync_get_message (self->team);
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);

  pending = chorus_team_sync_get_pending (self->team);
  if (pending > 0)
    pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u change saved here waits to reach the team.",
                                                 "%u changes saved here wait to reach the team.", pending),
                                    pending);
  else
    pending_text = g_strdup (_("Every change made here has reached the team."));
  gtk_label_set_text (self->pending_label, pending_text);

  tooltip = pending > 0 ? g_strdup_printf ("%s — %s", state, pending_text) : g_strdup (state);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  if (chorus_team_sync_get_state (self->team) == CHORUS_TEAM_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");
}

void
chorus_team_status_set_team (ChorusTeamStatus *self,
                             ChorusTeamSync   *team)
{
  g_return_if_fail (CHORUS_IS_TEAM_STATUS (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_set_object (&self->team, team);
  if (team != NULL)
    {
      g_signal_connect_swapped (team, "state-changed", G_CALLBACK (update), self);
      g_signal_connect_swapped (team, "pending-changed", G_CALLBACK (update), self);
    }
  update (self);
}

static void
chorus_team_status_dispose (GObject *object)
{
  ChorusTeamStatus *self = CHORUS_TEAM_STATUS (object);

  if (self->team != NULL)
    g_signal_handlers_disconnect_by_data (self->team, self);
  g_clear_object (&self->team);
  /* The bin lets go of its child first: disposing the template alone leaves it a dangling one. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_TEAM_STATUS);
  G_OBJECT_CLASS (chorus_team_status_parent_class)->dispose (object);
}

static void
chorus_team_status_class_init (ChorusTeamStatusClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = chorus_team_status_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-team-status.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusTeamStatus, button);
  gtk_widget_class_bind_template_child (widget_class, ChorusTeamStatus, state_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusTeamStatus, database_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusTeamStatus, message_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusTeamStatus, pending_label);
}

static void
chorus_team_status_init (ChorusTeamStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
chorus_team_status_new (void)
{
  return g_object_new (CHORUS_TYPE_TEAM_STATUS, NULL);
}
