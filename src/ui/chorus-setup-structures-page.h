/* chorus-setup-structures-page.h: the setup wizard's choice of structures, from the account or by SIRET.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-connection-check.h"
#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_STRUCTURES_PAGE (chorus_setup_structures_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupStructuresPage, chorus_setup_structures_page, CHORUS, SETUP_STRUCTURES_PAGE,
                      AdwPreferencesPage)

/* A new test with @check: the structures are listed again (what was ticked is kept). */
void       chorus_setup_structures_page_restart     (ChorusSetupStructuresPage *self,
                                                     ChorusConnectionCheck     *check,
                                                     GCancellable              *cancellable);
/* Lists the account's structures and those of @profile; a new profile (not @editing) takes the
 * ones IT preset. Does nothing when already listed or before a test. */
void       chorus_setup_structures_page_fill        (ChorusSetupStructuresPage *self,
                                                     ChorusProfile             *profile,
                                                     gboolean                   editing);
/* The ticked structures (ChorusStructure, owned by the page), in the order shown. */
GPtrArray *chorus_setup_structures_page_dup_chosen  (ChorusSetupStructuresPage *self);
/* FALSE, with the reason shown, when the page cannot be left. */
gboolean   chorus_setup_structures_page_validate    (ChorusSetupStructuresPage *self);

G_END_DECLS
