/* chorus-setup-gestionnaires-page.h: the setup wizard's list of gestionnaires (who handles an invoice).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_GESTIONNAIRES_PAGE (chorus_setup_gestionnaires_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupGestionnairesPage, chorus_setup_gestionnaires_page, CHORUS,
                      SETUP_GESTIONNAIRES_PAGE, AdwPreferencesPage)

void  chorus_setup_gestionnaires_page_add       (ChorusSetupGestionnairesPage *self,
                                                 const char                   *name);
/* The names listed, in order. */
GStrv chorus_setup_gestionnaires_page_dup_names (ChorusSetupGestionnairesPage *self);

G_END_DECLS
