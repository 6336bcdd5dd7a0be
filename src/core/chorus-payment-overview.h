/* chorus-payment-overview.h: the received invoices as a payer's exposure: counts and amounts per status
 * group, the days left before the legal deadlines, and what each invoice paid or still unpaid past its
 * deadline costs in late-payment interest and fixed indemnity. No GTK: it runs in a worker thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "chorus-deadline.h"
#include "chorus-late-interest.h"
#include "chorus-status.h"
#include "chorus-store.h"

G_BEGIN_DECLS

/* Invoices whose clock runs, by the week their legal deadline falls in. */
typedef enum {
  CHORUS_OVERVIEW_LATE_4_WEEKS = 0,  /* 4 weeks late or more */
  CHORUS_OVERVIEW_LATE_2_WEEKS,      /* 2 to 4 weeks late */
  CHORUS_OVERVIEW_LATE_1_WEEK,       /* 1 to 2 weeks late */
  CHORUS_OVERVIEW_LATE,              /* less than a week late */
  CHORUS_OVERVIEW_THIS_WEEK,         /* due within 7 days */
  CHORUS_OVERVIEW_WEEK_2,
  CHORUS_OVERVIEW_WEEK_3,
  CHORUS_OVERVIEW_WEEK_4,
  CHORUS_OVERVIEW_WEEKS_5_6,
  CHORUS_OVERVIEW_LATER,             /* 6 weeks or more */
  CHORUS_OVERVIEW_N_BUCKETS
} ChorusOverviewBucket;

typedef struct {
  gint64     invoice_id;
  char      *number;
  char      *supplier;
  char      *supplier_code;
  gint64     amount;           /* what is due, TTC: the amount to pay, else the TTC amount; cents */
  char      *currency;
  guint      legal_days;
  char       received[11];     /* YYYY-MM-DD */
  char       legal_due[11];
  gboolean   paid;
  char       paid_on[11];      /* when paid (the status date) */
  int        days_late;        /* to the payment, or to today */
  char       semester[8];      /* whose ECB rate applies: the one interest started in */
  gboolean   rate_known;
  int        ecb_rate_bp;
  gint64     interest;         /* cents; 0 when the rate is unknown */
  gint64     indemnity;        /* the fixed 40 € */
} ChorusOverdueInvoice;

void        chorus_overdue_invoice_free (ChorusOverdueInvoice *invoice);

typedef struct {
  char      *today;                                   /* YYYY-MM-DD it was computed for */
  guint      counts[CHORUS_STATUS_GROUP_LAST];
  gint64     amounts[CHORUS_STATUS_GROUP_LAST];       /* TTC, cents */
  guint      buckets[CHORUS_OVERVIEW_N_BUCKETS];
  gint64     bucket_amounts[CHORUS_OVERVIEW_N_BUCKETS];
  GPtrArray *overdue;             /* ChorusOverdueInvoice: unpaid ones first, most late first */
  guint      n_unpaid_late;
  guint      n_paid_late;         /* paid late within the last 12 months */
  gint64     total_interest;      /* of those whose rate is known */
  gint64     total_indemnity;
  GStrv      missing_semesters;   /* half-years whose ECB rate is needed and not set, sorted */
} ChorusPaymentOverview;

void        chorus_payment_overview_free      (ChorusPaymentOverview *overview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusPaymentOverview, chorus_payment_overview_free)

/* Reads the received invoices of @store. @rates maps "2026-S1" to the ECB rate in basis points
 * (GINT_TO_POINTER; nullable); @today is YYYY-MM-DD (NULL: today). */
ChorusPaymentOverview *chorus_payment_overview_compute (ChorusStore        *store,
                                                        ChorusDelayPolicy  *policy,
                                                        GHashTable         *rates,
                                                        const char         *today,
                                                        GError            **error);
/* "2 to 4 weeks late"-like label, translated. */
const char *chorus_overview_bucket_label      (ChorusOverviewBucket   bucket);
/* The bucket of an invoice due in @days_left days (negative: late). */
ChorusOverviewBucket chorus_overview_bucket_for (int                  days_left);
/* The overdue invoices as CSV (chorus-csv: French spreadsheets, formulas neutralised). */
GBytes     *chorus_payment_overview_export_csv (const ChorusPaymentOverview *overview);
/* "2026-S1" -> basis points, from a{si} (the "ecb-rates" setting); never NULL. */
GHashTable *chorus_late_interest_rates_from_variant (GVariant *rates);

G_END_DECLS
