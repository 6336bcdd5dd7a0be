/* chorus-ecb-rates-group.h: the preferences rows where the user types the ECB main refinancing rate of
 * each half-year, which late-payment interest needs (Chorus Desk ships none). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_ECB_RATES_GROUP (chorus_ecb_rates_group_get_type ())
G_DECLARE_FINAL_TYPE (ChorusEcbRatesGroup, chorus_ecb_rates_group, CHORUS, ECB_RATES_GROUP, AdwPreferencesGroup)

GtkWidget *chorus_ecb_rates_group_new      (void);

G_END_DECLS
