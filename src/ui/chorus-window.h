/* chorus-window.h: the main window. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-application.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WINDOW (chorus_window_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWindow, chorus_window, CHORUS, WINDOW, AdwApplicationWindow)

ChorusWindow *chorus_window_new                     (ChorusApplication *app);
typedef struct _ChorusStore ChorusStore;
typedef struct _ChorusSync ChorusSync;

/* The invoices of an open session; @demo marks everything as simulated data. */
void          chorus_window_show_workspace         (ChorusWindow      *self,
                                                    ChorusStore       *store,
                                                    ChorusSync        *sync,
                                                    gboolean           demo);
typedef struct _ChorusClient ChorusClient;
/* Adds the payment overview, the supplier, works-invoice and validator workspaces of the session
 * (once) and a switch in the header bar offering those @roles open (API role strings; NULL: all). */
void          chorus_window_show_role_workspaces   (ChorusWindow      *self,
                                                    ChorusClient      *client,
                                                    const char * const *roles);
typedef struct _ChorusTeamSync ChorusTeamSync;
/* The team database's state in the header bar and its lost-edit toasts; NULL: no team database. */
void          chorus_window_show_team              (ChorusWindow      *self,
                                                    ChorusTeamSync    *team);
typedef enum {
  CHORUS_WINDOW_REAL_DATA,
  CHORUS_WINDOW_DEMO,       /* the demo: simulated data, wiped at each start */
  CHORUS_WINDOW_TRAINING,   /* a training-environment profile: simulated data kept between starts */
} ChorusWindowData;

/* Marks simulated data (badge, subtitle) and offers what goes with it in the main menu:
 * connecting to Chorus Pro, resetting the data, leaving the demo. */
void          chorus_window_set_data_kind          (ChorusWindow      *self,
                                                    ChorusWindowData   kind);
typedef struct _ChorusProfile ChorusProfile;
/* The profile's structures (the supplier side deposits from them) and where deposit drafts go. */
void          chorus_window_set_profile            (ChorusWindow      *self,
                                                    ChorusProfile     *profile,
                                                    const char        *drafts_dir);
/* The first-run page: try the demo or connect to Chorus Pro. */
void          chorus_window_show_welcome           (ChorusWindow      *self);
/* Shows the password expiry banner for @iso_date, @days away; a NULL date hides it. */
void          chorus_window_show_password_reminder (ChorusWindow      *self,
                                                    const char        *iso_date,
                                                    int                days);

G_END_DECLS
