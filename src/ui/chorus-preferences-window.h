/* chorus-preferences-window.h: the Preferences window. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_PREFERENCES_WINDOW (chorus_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ChorusPreferencesWindow, chorus_preferences_window, CHORUS, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *chorus_preferences_window_new             (GtkWindow               *parent);
void       chorus_preferences_window_show_connection (ChorusPreferencesWindow *self);
/* The page of the handlers, the user's own name and the internal reference's name. */
void       chorus_preferences_window_show_handlers   (ChorusPreferencesWindow *self);
void       chorus_preferences_window_show_team       (ChorusPreferencesWindow *self);

G_END_DECLS
