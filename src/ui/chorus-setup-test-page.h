/* chorus-setup-test-page.h: the setup wizard's connection test, step by step (token, account, structures).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-connection-check.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SETUP_TEST_PAGE (chorus_setup_test_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSetupTestPage, chorus_setup_test_page, CHORUS, SETUP_TEST_PAGE, AdwPreferencesPage)

/* Emits "changed" when a test starts or ends, and "retest" when the user asks to test again. */
/* Runs @check, showing each step; forgets the previous test. */
void                   chorus_setup_test_page_run         (ChorusSetupTestPage   *self,
                                                           ChorusConnectionCheck *check,
                                                           GCancellable          *cancellable);
/* The running test was cancelled (the user went back to change the credentials). */
void                   chorus_setup_test_page_stop        (ChorusSetupTestPage   *self);
/* The credentials changed: the last test no longer stands. */
void                   chorus_setup_test_page_invalidate  (ChorusSetupTestPage   *self);
/* TRUE when the last test passed with the current credentials. */
gboolean               chorus_setup_test_page_is_tested   (ChorusSetupTestPage   *self);
gboolean               chorus_setup_test_page_is_testing  (ChorusSetupTestPage   *self);
/* The check of the last test; NULL before one. */
ChorusConnectionCheck *chorus_setup_test_page_get_check   (ChorusSetupTestPage   *self);

G_END_DECLS
