/* test-types.c: enum tables, status transitions, amount and date formatting. */
#include "config.h"

#include <locale.h>

#include "chorus-types.h"

static void
test_status_round_trip (void)
{
  for (int s = CHORUS_STATUS_UNKNOWN + 1; s < CHORUS_STATUS_LAST; s++)
    {
      const char *api = chorus_status_to_api ((ChorusStatus) s);

      g_assert_nonnull (api);
      g_assert_cmpint (chorus_status_from_api (api), ==, s);
      g_assert_cmpstr (chorus_status_label ((ChorusStatus) s), !=, "Unknown");
    }
  g_assert_cmpint (chorus_status_from_api ("NOT_A_STATUS"), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpint (chorus_status_from_api (NULL), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpstr (chorus_status_to_api (CHORUS_STATUS_UNKNOWN), ==, NULL);
}

static void
test_cadre_round_trip (void)
{
  for (int c = CHORUS_CADRE_A1; c < CHORUS_CADRE_LAST; c++)
    {
      const char *api = chorus_cadre_to_api ((ChorusCadre) c);
      g_autofree char *prefix = g_strconcat (chorus_cadre_short_code ((ChorusCadre) c), "_", NULL);

      g_assert_true (g_str_has_prefix (api, prefix));
      g_assert_cmpint (chorus_cadre_from_api (api), ==, c);
    }
  g_assert_true (chorus_cadre_is_works (CHORUS_CADRE_A4));
  g_assert_true (chorus_cadre_is_works (CHORUS_CADRE_A20));
  g_assert_false (chorus_cadre_is_works (CHORUS_CADRE_A1));
  g_assert_false (chorus_cadre_is_works (CHORUS_CADRE_A21));
}

static void
test_groups (void)
{
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_MISE_A_DISPOSITION), ==, CHORUS_STATUS_GROUP_TO_PROCESS);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_COMPLETEE), ==, CHORUS_STATUS_GROUP_TO_PROCESS);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_SUSPENDUE), ==, CHORUS_STATUS_GROUP_SENT_BACK);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_MANDATEE), ==, CHORUS_STATUS_GROUP_PROCESSED);
  g_assert_true (chorus_status_needs_motif (CHORUS_STATUS_REJETEE));
  g_assert_true (chorus_status_needs_motif (CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_status_needs_motif (CHORUS_STATUS_A_RECYCLER));
}

static gboolean
contains (const ChorusStatus *list, gsize n, ChorusStatus s)
{
  for (gsize i = 0; i < n; i++)
    if (list[i] == s)
      return TRUE;
  return FALSE;
}

static void
test_transitions (void)
{
  ChorusStatus targets[16];
  gsize n;

  n = chorus_status_recipient_targets (CHORUS_STATUS_MISE_A_DISPOSITION, targets, G_N_ELEMENTS (targets));
  g_assert_cmpuint (n, ==, 8);
  g_assert_cmpint (targets[0], ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_true (contains (targets, n, CHORUS_STATUS_REJETEE));

  n = chorus_status_recipient_targets (CHORUS_STATUS_MANDATEE, targets, G_N_ELEMENTS (targets));
  g_assert_false (contains (targets, n, CHORUS_STATUS_REJETEE));
  g_assert_false (contains (targets, n, CHORUS_STATUS_SERVICE_FAIT));
  g_assert_true (contains (targets, n, CHORUS_STATUS_MISE_EN_PAIEMENT));

  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_REJETEE, targets, 16), ==, 0);
  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_MISE_EN_PAIEMENT, targets, 16), ==, 0);
  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_SUSPENDUE, targets, 16), ==, 0);

  /* A short buffer is filled, never overrun. */
  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_MISE_A_DISPOSITION, targets, 2), ==, 2);
}

static void
test_amounts (void)
{
  g_autofree char *a = chorus_amount_format (123456789, "EUR");
  g_autofree char *b = chorus_amount_format (-5, "EUR");
  g_autofree char *c = chorus_amount_format (100000, "USD");
  g_autofree char *d = chorus_amount_format (G_MININT64, "");

  g_assert_cmpstr (a, ==, "1\u202f234\u202f567,89\u00a0€");
  g_assert_cmpstr (b, ==, "-0,05\u00a0€");
  g_assert_cmpstr (c, ==, "1\u202f000,00\u00a0USD");
  g_assert_true (g_str_has_prefix (d, "-92\u202f233"));
  g_assert_cmpint (chorus_amount_from_double (9822.5), ==, 982250);
  g_assert_cmpint (chorus_amount_from_double (16.6667), ==, 1667);
  g_assert_cmpint (chorus_amount_from_double (0.1 + 0.2), ==, 30);
}

static void
test_dates_and_siret (void)
{
  g_autofree char *d = chorus_date_format ("2026-11-23");
  g_autofree char *bad = chorus_date_format ("garbage");

  g_assert_cmpstr (d, ==, "23/11/2026");
  g_assert_cmpstr (bad, ==, "garbage");
  g_assert_null (chorus_date_format (NULL));

  g_assert_true (chorus_siret_is_valid ("73282932000074"));
  g_assert_false (chorus_siret_is_valid ("73282932000075"));
  g_assert_false (chorus_siret_is_valid ("7328293200007"));
  g_assert_false (chorus_siret_is_valid ("7328293200007A"));
  g_assert_true (chorus_siret_is_valid ("35600000000048"));
}

static void
test_amount_parse (void)
{
  struct { const char *text; gboolean ok; gint64 cents; } cases[] = {
    { "1234,56", TRUE, 123456 }, { "1 234,56", TRUE, 123456 }, { "1234.5", TRUE, 123450 },
    { "-12", TRUE, -1200 }, { "0,07", TRUE, 7 }, { " 3 ", TRUE, 300 },
    { "1\u202f234,56\u00a0€", TRUE, 123456 }, { "12 €", TRUE, 1200 },
    { "", FALSE, 0 }, { ",", FALSE, 0 }, { "1,234", FALSE, 0 }, { "1,2,3", FALSE, 0 },
    { "12a", FALSE, 0 }, { "99999999999999999999", FALSE, 0 }, { "€", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cents = -1;

      g_assert_cmpint (chorus_amount_parse (cases[i].text, &cents), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (cents, ==, cases[i].cents);
    }
  for (gint64 v = -100001; v <= 100001; v += 33333)
    {
      g_autofree char *text = chorus_amount_format (v, "EUR");
      gint64 back = 0;

      g_assert_true (chorus_amount_parse (text, &back));
      g_assert_cmpint (back, ==, v);
    }
  g_assert_false (chorus_amount_parse (NULL, &(gint64) { 0 }));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/status-round-trip", test_status_round_trip);
  g_test_add_func ("/types/cadre-round-trip", test_cadre_round_trip);
  g_test_add_func ("/types/groups", test_groups);
  g_test_add_func ("/types/transitions", test_transitions);
  g_test_add_func ("/types/amounts", test_amounts);
  g_test_add_func ("/types/amount-parse", test_amount_parse);
  g_test_add_func ("/types/dates-siret", test_dates_and_siret);
  return g_test_run ();
}
