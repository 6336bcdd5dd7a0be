/* chorus-window.h: the main window. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-application.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WINDOW (chorus_window_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWindow, chorus_window, CHORUS, WINDOW, AdwApplicationWindow)

ChorusWindow *chorus_window_new                     (ChorusApplication *app);
typedef struct _ChorusSession ChorusSession;

/* Shows the workspaces of @session, each following it (its store, sync, client, profile and team),
 * the switch between those the profile's roles open, and whether its data is simulated. */
void          chorus_window_show_session           (ChorusWindow      *self,
                                                    ChorusSession     *session);
typedef enum {
  CHORUS_WINDOW_REAL_DATA,
  CHORUS_WINDOW_DEMO,       /* the demo: simulated data, wiped at each start */
  CHORUS_WINDOW_TRAINING,   /* a training-environment profile: simulated data kept between starts */
} ChorusWindowData;

/* Marks simulated data (badge, subtitle) and offers what goes with it in the main menu:
 * connecting to Chorus Pro, resetting the data, leaving the demo. */
void          chorus_window_set_data_kind          (ChorusWindow      *self,
                                                    ChorusWindowData   kind);
/* The first-run page: try the demo or connect to Chorus Pro; the workspaces let go of the session. */
void          chorus_window_show_welcome           (ChorusWindow      *self);
/* Shows the password expiry banner for @iso_date, @days away; a NULL date hides it. */
void          chorus_window_show_password_reminder (ChorusWindow      *self,
                                                    const char        *iso_date,
                                                    int                days);

G_END_DECLS
