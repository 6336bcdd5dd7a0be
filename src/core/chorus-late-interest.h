/* chorus-late-interest.h: what a public buyer owes for paying late (code de la commande publique,
 * R.2192-31 to R.2192-36): interest at the ECB main refinancing rate of the half-year plus 8 points,
 * and a fixed 40 € indemnity for recovery costs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Basis points added to the ECB rate: 8 percentage points. */
#define CHORUS_LATE_INTEREST_MARGIN_BP      800
/* The fixed indemnity per invoice paid late, in cents. */
#define CHORUS_LATE_PAYMENT_INDEMNITY_CENTS 4000

/* "2026-S1" or "2026-S2": the half-year of @iso_date (YYYY-MM-DD…); NULL when not a date. */
char     *chorus_late_interest_semester        (const char  *iso_date);
/* The half-year in which interest starts to run: the one of the day after @deadline. */
char     *chorus_late_interest_start_semester  (const char  *deadline);
/* Days of interest: from the day after @deadline to @until (the payment date, or today) included;
 * 0 when @until is not after @deadline, -1 when a date is invalid. */
int       chorus_late_interest_days            (const char  *deadline,
                                                const char  *until);
/* Interest in cents on @amount_cents (TTC) for @days at (@ecb_rate_bp + 8 points) a year, on a year
 * of 365 days, rounded to the nearest cent (half away from zero). */
gint64    chorus_late_interest_amount          (gint64       amount_cents,
                                                int          days,
                                                int          ecb_rate_bp);
/* "2,15" or "2.15" (percent, up to two decimals, may be negative) into basis points. */
gboolean  chorus_late_interest_parse_rate      (const char  *text,
                                                int         *rate_bp);
/* "2,15 %" */
char     *chorus_late_interest_format_rate     (int          rate_bp);

G_END_DECLS
