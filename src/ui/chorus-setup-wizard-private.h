/* chorus-setup-wizard-private.h: what the tests read of ChorusSetupWizard beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-setup-wizard.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* Name of the visible page: environment, piste, account, test, structures, services, roles,
 * gestionnaires, summary. */
const char    *chorus_setup_wizard_get_page      (ChorusSetupWizard *self);

G_END_DECLS
