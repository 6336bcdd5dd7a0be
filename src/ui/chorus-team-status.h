/* chorus-team-status.h: the header-bar button that says whether the team database is reached, and what waits for it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-team-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_TEAM_STATUS (chorus_team_status_get_type ())
G_DECLARE_FINAL_TYPE (ChorusTeamStatus, chorus_team_status, CHORUS, TEAM_STATUS, AdwBin)

GtkWidget *chorus_team_status_new      (void);
/* Follows @team (NULL: hidden). */
void       chorus_team_status_set_team (ChorusTeamStatus *self,
                                        ChorusTeamSync   *team);

G_END_DECLS
