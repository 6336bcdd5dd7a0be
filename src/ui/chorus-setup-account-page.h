/* chorus-setup-account-page.h: the setup wizard's page for the Chorus Pro technical account (login and password).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-profile.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_ACCOUNT_PAGE (chorus_setup_account_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupAccountPage, chorus_setup_account_page, CHORUS, SETUP_ACCOUNT_PAGE, AdwPreferencesPage)

/* Emits "changed" when the login or the password is edited. */
/* The login typed, trimmed. */
char       *chorus_setup_account_page_dup_login    (ChorusSetupAccountPage *self);
const char *chorus_setup_account_page_get_password (ChorusSetupAccountPage *self);
void        chorus_setup_account_page_set_login    (ChorusSetupAccountPage *self,
                                                    const char             *login);
/* Reads the profile's password from the keyring into the password row, when it is still empty. */
void        chorus_setup_account_page_load_secret  (ChorusSetupAccountPage *self,
                                                    ChorusProfile          *profile,
                                                    GCancellable           *cancellable);
/* In training, the page says what to type: the course's identifiers, not real ones. */
void        chorus_setup_account_page_set_training (ChorusSetupAccountPage *self,
                                                    gboolean                training);
void        chorus_setup_account_page_apply_locks  (ChorusSetupAccountPage *self,
                                                    ChorusProfile          *profile);
/* FALSE, with the reason shown, when the page cannot be left. */
gboolean    chorus_setup_account_page_validate     (ChorusSetupAccountPage *self);

G_END_DECLS
