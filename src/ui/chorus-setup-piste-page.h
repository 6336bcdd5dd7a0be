/* chorus-setup-piste-page.h: the setup wizard's page for the PISTE application (client ID and secret).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_PISTE_PAGE (chorus_setup_piste_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupPistePage, chorus_setup_piste_page, CHORUS, SETUP_PISTE_PAGE, AdwPreferencesPage)

/* Emits "changed" when the client ID or the secret is edited. */
/* The client ID typed, trimmed. */
char       *chorus_setup_piste_page_dup_client_id (ChorusSetupPistePage *self);
const char *chorus_setup_piste_page_get_secret    (ChorusSetupPistePage *self);
void        chorus_setup_piste_page_set_client_id (ChorusSetupPistePage *self,
                                                   const char           *client_id);
/* Reads the profile's secret from the keyring into the secret row, when it is still empty. */
void        chorus_setup_piste_page_load_secret   (ChorusSetupPistePage *self,
                                                   ChorusProfile        *profile,
                                                   GCancellable         *cancellable);
/* In training, the page says what to type: the course's identifiers, not real ones. */
void        chorus_setup_piste_page_set_training  (ChorusSetupPistePage *self,
                                                   gboolean              training);
void        chorus_setup_piste_page_apply_locks   (ChorusSetupPistePage *self,
                                                   ChorusProfile        *profile);
/* FALSE, with the reason shown, when the page cannot be left. */
gboolean    chorus_setup_piste_page_validate      (ChorusSetupPistePage *self);

G_END_DECLS
