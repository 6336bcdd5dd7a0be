/* chorus-summary-page.h: the received invoices as a payer sees them: how many and how much in each status
 * group, when the legal deadlines fall, and what paying late costs (interest and fixed indemnity). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-payment-overview.h"
#include "chorus-store.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SUMMARY_PAGE (chorus_summary_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSummaryPage, chorus_summary_page, CHORUS, SUMMARY_PAGE, GtkWidget)

/* "open-invoice" (gint64 id): a late invoice was activated. "updated" (): new figures are shown. */
GtkWidget             *chorus_summary_page_new          (void);
void                   chorus_summary_page_set_store    (ChorusSummaryPage *self,
                                                         ChorusStore       *store);
/* Nullable: new figures after each synchronization. */
void                   chorus_summary_page_set_sync     (ChorusSummaryPage *self,
                                                         ChorusSync        *sync);
/* Counts again in a worker thread; "today" is @today (YYYY-MM-DD), NULL for the real one. */
void                   chorus_summary_page_refresh      (ChorusSummaryPage *self,
                                                         const char        *today);
/* The export, as written by the page's Export button. */
GBytes                *chorus_summary_page_export_csv   (ChorusSummaryPage *self);

G_END_DECLS
