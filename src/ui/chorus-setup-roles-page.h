/* chorus-setup-roles-page.h: the setup wizard's choice of roles (recipient, supplier, works, validator).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_ROLES_PAGE (chorus_setup_roles_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupRolesPage, chorus_setup_roles_page, CHORUS, SETUP_ROLES_PAGE, AdwPreferencesPage)

/* Ticks the roles once, on the first visit: those of @profile when @editing or when IT preset
 * them, else those of the chosen @structures (ChorusStructure); "Recipient" when none. */
void     chorus_setup_roles_page_init_roles  (ChorusSetupRolesPage *self,
                                              ChorusProfile        *profile,
                                              gboolean              editing,
                                              GPtrArray            *structures);
/* The ticked roles, as the API names them. */
GStrv    chorus_setup_roles_page_dup_roles   (ChorusSetupRolesPage *self);
void     chorus_setup_roles_page_apply_locks (ChorusSetupRolesPage *self,
                                              ChorusProfile        *profile);
/* FALSE, with the reason shown, when the page cannot be left. */
gboolean chorus_setup_roles_page_validate    (ChorusSetupRolesPage *self);

G_END_DECLS
