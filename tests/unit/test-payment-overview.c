/* test-payment-overview.c: counts and amounts per group, the weeks the deadlines fall in, and each late
 * invoice's interest and indemnity to the cent, from a store with known dates. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-payment-overview.h"
#include "chorus-status.h"
#include "chorus-test-util.h"

static ChorusInvoice *
received (gint64 id, ChorusStatus status, const char *deposit, gint64 to_pay, const char *status_date)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  g_autofree char *number = g_strdup_printf ("F-%" G_GINT64_FORMAT, id);

  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_status (invoice, status);
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_supplier_name (invoice, "Fournitures; \"Sud\"");
  chorus_invoice_set_supplier_code (invoice, "11111111100011");
  chorus_invoice_set_recipient_name (invoice, "Centre hospitalier de Vallon");
  chorus_invoice_set_recipient_code (invoice, "26176299863330");
  chorus_invoice_set_deposit_date (invoice, deposit);
  chorus_invoice_set_invoice_date (invoice, deposit);
  chorus_invoice_set_status_date (invoice, status_date);
  chorus_invoice_set_amount_ttc (invoice, to_pay + 100);
  chorus_invoice_set_amount_to_pay (invoice, to_pay);
  chorus_invoice_set_currency (invoice, "EUR");
  return invoice;
}

static void
test_overview (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ChorusDelayPolicy) policy = chorus_delay_policy_new ();
  g_autoptr(GHashTable) rates = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(ChorusPaymentOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  ChorusOverdueInvoice *late;
  g_autofree char *text = NULL;
  g_auto(GStrv) rows = NULL;

  dir = g_dir_make_tmp ("chorus-overview-XXXXXX", &error);
  store = chorus_store_open (dir, &error);
  g_assert_no_error (error);
  /* A hospital: 50 days from reception. Today is 06/12/2026. */
  g_ptr_array_add (batch, received (1, CHORUS_STATUS_MISE_A_DISPOSITION, "2026-09-01", 1000000, NULL));   /* due 21/10: 46 d late */
  g_ptr_array_add (batch, received (2, CHORUS_STATUS_MISE_EN_PAIEMENT, "2026-09-15", 500000, "2026-11-30 10:00")); /* due 04/11, paid 26 d late */
  g_ptr_array_add (batch, received (3, CHORUS_STATUS_SUSPENDUE, "2026-08-01", 70000, "2026-08-10 09:00"));
  g_ptr_array_add (batch, received (4, CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", 30000, NULL));    /* due 09/01/2027: 34 d left */
  g_ptr_array_add (batch, received (5, CHORUS_STATUS_REJETEE, "2026-01-05", 90000, "2026-01-20 11:00"));
  g_ptr_array_add (batch, received (6, CHORUS_STATUS_SERVICE_FAIT, "2026-03-01", 200000, "2026-03-10 08:00")); /* due 20/04: S1 rate */
  g_ptr_array_add (batch, received (7, CHORUS_STATUS_MISE_EN_PAIEMENT, "2026-10-01", 80000, "2026-10-20 08:00")); /* paid in time */
  g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
  g_hash_table_insert (rates, (gpointer) "2026-S2", GINT_TO_POINTER (215));

  overview = chorus_payment_overview_compute (store, policy, rates, "2026-12-06", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overview->counts[CHORUS_STATUS_GROUP_ALL], ==, 7);
  g_assert_cmpint (overview->amounts[CHORUS_STATUS_GROUP_ALL], ==, 1000000 + 500000 + 70000 + 30000 + 90000 + 200000 + 80000 + 700);
  g_assert_cmpuint (overview->counts[CHORUS_STATUS_GROUP_SENT_BACK], ==, 2);   /* suspended, rejected */

  /* Running clocks only: 1 (46 d late), 6 (230 d late), 4 (34 d left). */
  g_assert_cmpuint (overview->buckets[CHORUS_OVERVIEW_LATE_4_WEEKS], ==, 2);
  g_assert_cmpuint (overview->buckets[CHORUS_OVERVIEW_WEEKS_5_6], ==, 1);
  g_assert_cmpuint (overview->buckets[CHORUS_OVERVIEW_THIS_WEEK], ==, 0);

  g_assert_cmpuint (overview->n_unpaid_late, ==, 2);
  g_assert_cmpuint (overview->n_paid_late, ==, 1);
  g_assert_cmpuint (overview->overdue->len, ==, 3);
  /* Unpaid first, most late first: 6, then 1, then the paid one. */
  late = g_ptr_array_index (overview->overdue, 0);
  g_assert_cmpint (late->invoice_id, ==, 6);
  g_assert_cmpstr (late->legal_due, ==, "2026-04-20");
  g_assert_cmpstr (late->semester, ==, "2026-S1");
  g_assert_false (late->rate_known);
  g_assert_cmpint (late->interest, ==, 0);
  g_assert_cmpint (late->indemnity, ==, 4000);
  late = g_ptr_array_index (overview->overdue, 1);
  g_assert_cmpint (late->invoice_id, ==, 1);
  g_assert_cmpstr (late->legal_due, ==, "2026-10-21");
  g_assert_cmpint (late->days_late, ==, 46);
  /* 10 000,00 € × 10,15 % × 46 / 365 = 127,917… → 127,92 €. */
  g_assert_cmpint (late->interest, ==, 12792);
  late = g_ptr_array_index (overview->overdue, 2);
  g_assert_cmpint (late->invoice_id, ==, 2);
  g_assert_true (late->paid);
  g_assert_cmpstr (late->paid_on, ==, "2026-11-30");
  g_assert_cmpint (late->days_late, ==, 26);
  /* 5 000,00 € × 10,15 % × 26 / 365 = 36,150… → 36,15 €. */
  g_assert_cmpint (late->interest, ==, 3615);
  g_assert_cmpint (overview->total_interest, ==, 12792 + 3615);
  g_assert_cmpint (overview->total_indemnity, ==, 3 * 4000);
  g_assert_cmpuint (g_strv_length (overview->missing_semesters), ==, 1);
  g_assert_cmpstr (overview->missing_semesters[0], ==, "2026-S1");

  /* The export: one row per late invoice, written by chorus-csv (quoting, and its other rules). */
  csv = chorus_payment_overview_export_csv (overview);
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_assert_nonnull (strstr (text, "127,92"));
  g_assert_nonnull (strstr (text, "36,15"));
  g_assert_nonnull (strstr (text, "\"Fournitures; \"\"Sud\"\"\""));
  rows = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 3 + 1);

  g_clear_object (&store);
  chorus_test_remove_dir (dir);
}

static void
test_buckets (void)
{
  g_assert_cmpint (chorus_overview_bucket_for (-28), ==, CHORUS_OVERVIEW_LATE_4_WEEKS);
  g_assert_cmpint (chorus_overview_bucket_for (-27), ==, CHORUS_OVERVIEW_LATE_2_WEEKS);
  g_assert_cmpint (chorus_overview_bucket_for (-1), ==, CHORUS_OVERVIEW_LATE);
  g_assert_cmpint (chorus_overview_bucket_for (0), ==, CHORUS_OVERVIEW_THIS_WEEK);
  g_assert_cmpint (chorus_overview_bucket_for (6), ==, CHORUS_OVERVIEW_THIS_WEEK);
  g_assert_cmpint (chorus_overview_bucket_for (7), ==, CHORUS_OVERVIEW_WEEK_2);
  g_assert_cmpint (chorus_overview_bucket_for (41), ==, CHORUS_OVERVIEW_WEEKS_5_6);
  g_assert_cmpint (chorus_overview_bucket_for (42), ==, CHORUS_OVERVIEW_LATER);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/payment-overview/compute", test_overview);
  g_test_add_func ("/payment-overview/buckets", test_buckets);
  return g_test_run ();
}
