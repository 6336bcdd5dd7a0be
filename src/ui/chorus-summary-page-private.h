/* chorus-summary-page-private.h: what the tests read of ChorusSummaryPage beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-summary-page.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The figures shown, NULL before the first count. */
ChorusPaymentOverview *chorus_summary_page_get_overview (ChorusSummaryPage *self);
/* The sentence telling which ECB rates to fill in, NULL when none is missing. */
const char            *chorus_summary_page_get_rates_notice (ChorusSummaryPage *self);

G_END_DECLS
