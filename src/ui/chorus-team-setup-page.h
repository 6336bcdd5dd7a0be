/* chorus-team-setup-page.h: the "Team Database" page of the connection wizard and of Préférences. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_TEAM_SETUP_PAGE (chorus_team_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusTeamSetupPage, chorus_team_setup_page, CHORUS, TEAM_SETUP_PAGE, AdwPreferencesPage)

/* Signals: "changed" () on any edit; "save-requested" () from the save button (see set_show_save). */
GtkWidget        *chorus_team_setup_page_new            (void);
/* Fills the fields from the profile (locked keys insensitive, with the reason) and its team
 * password from the keyring. */
void              chorus_team_setup_page_set_profile    (ChorusTeamSetupPage *self,
                                                         ChorusProfile       *profile);
/* A "Save and Reconnect" button, for Préférences (the wizard saves with the rest). */
void              chorus_team_setup_page_set_show_save  (ChorusTeamSetupPage *self,
                                                         gboolean             show);
/* The settings as entered; no database when sharing is off. */
ChorusTeamConfig *chorus_team_setup_page_dup_config     (ChorusTeamSetupPage *self);
/* Checks what was entered; a problem is shown on the page and FALSE returned. */
gboolean          chorus_team_setup_page_validate       (ChorusTeamSetupPage *self);
/* Writes the team name and login (per user, not per profile). */
void              chorus_team_setup_page_save_identity  (ChorusTeamSetupPage *self);
/* Stores the password in the keyring for @profile_id (or removes it when empty). */
void              chorus_team_setup_page_save_password_async  (ChorusTeamSetupPage *self,
                                                               const char          *profile_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean          chorus_team_setup_page_save_password_finish (ChorusTeamSetupPage *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* Shows a message on the page (e.g. why saving failed). */
void              chorus_team_setup_page_show_message   (ChorusTeamSetupPage *self,
                                                         gboolean             ok,
                                                         const char          *message);

/* A padlock with the reason on a settings row IT locked (any settings page uses it); the row
 * itself is left to the caller to make insensitive. Once per row. */
void              chorus_settings_row_show_locked       (GtkWidget           *row);

G_END_DECLS
