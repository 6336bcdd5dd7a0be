/* chorus-ecb-rates-group.h: the preferences rows where the user types the ECB main refinancing rate of
 * each half-year, which late-payment interest needs (Chorus Desk ships none). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_ECB_RATES_GROUP (chorus_ecb_rates_group_get_type ())
G_DECLARE_FINAL_TYPE (ChorusEcbRatesGroup, chorus_ecb_rates_group, CHORUS, ECB_RATES_GROUP, AdwPreferencesGroup)

GtkWidget *chorus_ecb_rates_group_new      (void);
/* Types @text in the row of @semester ("2026-S1") and applies it as the user would; FALSE when the
 * row is not there or the text is not a rate. */
gboolean   chorus_ecb_rates_group_set_text (ChorusEcbRatesGroup *self,
                                            const char          *semester,
                                            const char          *text);

G_END_DECLS
