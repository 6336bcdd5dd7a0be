/* test-late-interest.c: late-payment interest to the cent, its half-year, its days and the rate setting. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-late-interest.h"

static void
test_amount_exact_cents (void)
{
  /* 10 000,00 € at 2,15 % + 8 points, 30 days: 10000 × 10,15 % × 30 / 365 = 83,4246… → 83,42 €. */
  g_assert_cmpint (chorus_late_interest_amount (1000000, 30, 215), ==, 8342);
  /* 1 234,56 € at 4,50 % + 8, 45 days: 123456 × 1250 × 45 / 3 650 000 = 1902,58… → 19,03 €. */
  g_assert_cmpint (chorus_late_interest_amount (123456, 45, 450), ==, 1903);
  /* Exactly half a cent rounds up: 365 € at 2 % (10 %) for 1 day gives 0,10 €; 36,50 € gives 0,01 €;
   * 18,25 € gives 0,005 € → 0,01 €. */
  g_assert_cmpint (chorus_late_interest_amount (36500, 1, 200), ==, 10);
  g_assert_cmpint (chorus_late_interest_amount (3650, 1, 200), ==, 1);
  g_assert_cmpint (chorus_late_interest_amount (1825, 1, 200), ==, 1);
  g_assert_cmpint (chorus_late_interest_amount (1824, 1, 200), ==, 0);
  /* A whole year at 0 % ECB: 8 % of the amount. */
  g_assert_cmpint (chorus_late_interest_amount (250000, 365, 0), ==, 20000);
  /* A negative ECB rate (2015–2016 had 0 %, the deposit rate was negative): the margin still applies. */
  g_assert_cmpint (chorus_late_interest_amount (100000, 365, -50), ==, 7500);
  /* Nothing before the deadline, nothing on a zero amount; a credit note gives a negative amount. */
  g_assert_cmpint (chorus_late_interest_amount (100000, 0, 215), ==, 0);
  g_assert_cmpint (chorus_late_interest_amount (100000, -3, 215), ==, 0);
  g_assert_cmpint (chorus_late_interest_amount (0, 30, 215), ==, 0);
  g_assert_cmpint (chorus_late_interest_amount (-1000000, 30, 215), ==, -8342);
  /* A billion euros for ten years stays exact (no 64-bit overflow). */
  g_assert_cmpint (chorus_late_interest_amount (G_GINT64_CONSTANT (100000000000), 3650, 400),
                   ==, G_GINT64_CONSTANT (120000000000));
}

static void
test_days_and_semester (void)
{
  g_autofree char *s1 = chorus_late_interest_semester ("2026-06-30");
  g_autofree char *s2 = chorus_late_interest_semester ("2026-07-01T08:00:00");
  g_autofree char *start = chorus_late_interest_start_semester ("2026-06-30");
  g_autofree char *bad = chorus_late_interest_semester ("30/06/2026");

  g_assert_cmpstr (s1, ==, "2026-S1");
  g_assert_cmpstr (s2, ==, "2026-S2");
  /* Interest starts the day after the deadline: a deadline on 30 June uses the July rate. */
  g_assert_cmpstr (start, ==, "2026-S2");
  g_assert_null (bad);

  /* From the day after the deadline to the payment date included. */
  g_assert_cmpint (chorus_late_interest_days ("2026-01-30", "2026-01-31"), ==, 1);
  g_assert_cmpint (chorus_late_interest_days ("2026-01-30", "2026-03-01"), ==, 30);
  g_assert_cmpint (chorus_late_interest_days ("2028-02-28", "2028-03-01"), ==, 2);  /* leap year */
  g_assert_cmpint (chorus_late_interest_days ("2026-01-30", "2026-01-30"), ==, 0);
  g_assert_cmpint (chorus_late_interest_days ("2026-01-30", "2026-01-10"), ==, 0);
  g_assert_cmpint (chorus_late_interest_days ("2026-02-30", "2026-03-10"), ==, -1);
}

static void
test_rate_text (void)
{
  int bp = 0;
  g_autofree char *text = NULL;

  g_assert_true (chorus_late_interest_parse_rate ("2,15", &bp));
  g_assert_cmpint (bp, ==, 215);
  g_assert_true (chorus_late_interest_parse_rate (" 4.5 % ", &bp));
  g_assert_cmpint (bp, ==, 450);
  g_assert_true (chorus_late_interest_parse_rate ("0", &bp));
  g_assert_cmpint (bp, ==, 0);
  g_assert_true (chorus_late_interest_parse_rate ("-0,05", &bp));
  g_assert_cmpint (bp, ==, -5);
  g_assert_false (chorus_late_interest_parse_rate ("", &bp));
  g_assert_false (chorus_late_interest_parse_rate ("2,155", &bp));
  g_assert_false (chorus_late_interest_parse_rate ("2,", &bp));
  g_assert_false (chorus_late_interest_parse_rate ("abc", &bp));
  g_assert_false (chorus_late_interest_parse_rate ("250", &bp));
  text = chorus_late_interest_format_rate (1015);
  g_assert_cmpstr (text, ==, "10,15\u00a0%");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/late-interest/amount-exact-cents", test_amount_exact_cents);
  g_test_add_func ("/late-interest/days-and-semester", test_days_and_semester);
  g_test_add_func ("/late-interest/rate-text", test_rate_text);
  return g_test_run ();
}
