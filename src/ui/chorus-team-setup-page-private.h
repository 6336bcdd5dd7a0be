/* chorus-team-setup-page-private.h: what the tests read of ChorusTeamSetupPage beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-team-setup-page.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
const char       *chorus_team_setup_page_get_password   (ChorusTeamSetupPage *self);

G_END_DECLS
