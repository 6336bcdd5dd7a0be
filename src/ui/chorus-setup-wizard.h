/* chorus-setup-wizard.h: the guided set-up of a Chorus Pro connection profile. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_WIZARD (chorus_setup_wizard_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupWizard, chorus_setup_wizard, CHORUS, SETUP_WIZARD, AdwWindow)

/* Edits @profile (its secrets are read from the keyring), or creates a new one when NULL.
 * Emits "finished" (ChorusProfile *) once the profile and its secrets are saved. */
GtkWidget     *chorus_setup_wizard_new           (GtkWindow         *parent,
                                                  ChorusProfile     *profile);
/* Offers "Local simulator" at @base_url as an environment, and selects it. */
void           chorus_setup_wizard_set_local_url (ChorusSetupWizard *self,
                                                  const char        *base_url);

G_END_DECLS
