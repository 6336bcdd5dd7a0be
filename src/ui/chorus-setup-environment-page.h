/* chorus-setup-environment-page.h: the setup wizard's first page: the profile's name and its environment.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_ENVIRONMENT_PAGE (chorus_setup_environment_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupEnvironmentPage, chorus_setup_environment_page, CHORUS, SETUP_ENVIRONMENT_PAGE,
                      AdwPreferencesPage)

/* Emits "changed" when another environment is chosen. */
/* CHORUS_PROFILE_QUALIFICATION, _PRODUCTION, _LOCAL or _TRAINING */
const char *chorus_setup_environment_page_get_environment (ChorusSetupEnvironmentPage *self);
/* Chooses @environment; the local one at @local_url. */
void        chorus_setup_environment_page_select          (ChorusSetupEnvironmentPage *self,
                                                           const char                 *environment,
                                                           const char                 *local_url);
/* The name typed, trimmed. */
char       *chorus_setup_environment_page_dup_name        (ChorusSetupEnvironmentPage *self);
void        chorus_setup_environment_page_set_name        (ChorusSetupEnvironmentPage *self,
                                                           const char                 *name);
/* The simulator's address offered as "Local simulator" ("" until one is). */
const char *chorus_setup_environment_page_get_local_url   (ChorusSetupEnvironmentPage *self);
/* Offers "Local simulator" at @base_url, and chooses it. */
void        chorus_setup_environment_page_set_local_url   (ChorusSetupEnvironmentPage *self,
                                                           const char                 *base_url);
/* Shows the name and environment as locked when IT locked them in @profile. */
void        chorus_setup_environment_page_apply_locks     (ChorusSetupEnvironmentPage *self,
                                                           ChorusProfile              *profile);
/* FALSE, with the reason shown, when the page cannot be left. */
gboolean    chorus_setup_environment_page_validate        (ChorusSetupEnvironmentPage *self);

G_END_DECLS
