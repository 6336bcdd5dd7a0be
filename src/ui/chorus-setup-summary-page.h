/* chorus-setup-summary-page.h: the setup wizard's last page: the profile as it will be saved.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_SUMMARY_PAGE (chorus_setup_summary_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupSummaryPage, chorus_setup_summary_page, CHORUS, SETUP_SUMMARY_PAGE,
                      AdwPreferencesPage)

/* Shows @profile, in place of what was shown. */
void chorus_setup_summary_page_show_profile (ChorusSetupSummaryPage *self,
                                             ChorusProfile          *profile);
/* Shows why the profile could not be saved (NULL hides it). */
void chorus_setup_summary_page_show_error   (ChorusSetupSummaryPage *self,
                                             const char             *message);

G_END_DECLS
