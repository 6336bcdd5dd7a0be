/* chorus-days-chart.h: a bar chart of the invoices still to pay by the week their legal deadline falls
 * in, late weeks in red. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-payment-overview.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DAYS_CHART (chorus_days_chart_get_type ())
G_DECLARE_FINAL_TYPE (ChorusDaysChart, chorus_days_chart, CHORUS, DAYS_CHART, GtkWidget)

GtkWidget *chorus_days_chart_new        (void);
/* Invoices and their amounts (cents) per ChorusOverviewBucket. */
void       chorus_days_chart_set_values (ChorusDaysChart *self,
                                         const guint      counts[CHORUS_OVERVIEW_N_BUCKETS],
                                         const gint64     amounts[CHORUS_OVERVIEW_N_BUCKETS]);

G_END_DECLS
