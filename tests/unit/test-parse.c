/* test-parse.c: amounts and dates typed by users in filters and forms. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-format.h"
#include "chorus-types.h"

static void
test_amount_parse (void)
{
  struct { const char *text; gboolean ok; gint64 cents; } cases[] = {
    { "1 234,56", TRUE, 123456 }, { "1234.5", TRUE, 123450 }, { "-12 €", TRUE, -1200 },
    { "0,05", TRUE, 5 }, { "1\u202f000,00\u00a0€", TRUE, 100000 }, { "12", TRUE, 1200 },
    { "", FALSE, 0 }, { "abc", FALSE, 0 }, { "1,234,5", FALSE, 0 }, { "1,234", FALSE, 0 },
    { "--1", FALSE, 0 }, { "€12", FALSE, 0 }, { "99999999999999999999", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cents = -999;
      gboolean ok = chorus_amount_parse (cases[i].text, &cents);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (cents, ==, cases[i].cents);
    }
  g_assert_false (chorus_amount_parse (NULL, &(gint64) { 0 }));
}

static void
test_date_parse (void)
{
  struct { const char *text; const char *iso; } cases[] = {
    { "23/11/2026", "2026-11-23" }, { "1/2/2026", "2026-02-01" }, { "2026-11-23", "2026-11-23" },
    { "31/02/2026", NULL }, { "29/02/2028", "2028-02-29" }, { "23/11/26", NULL }, { "23/11/2026x", NULL },
    { "hier", NULL }, { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = chorus_date_parse (cases[i].text);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
  g_assert_null (chorus_date_parse (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parse/amount", test_amount_parse);
  g_test_add_func ("/parse/date", test_date_parse);
  return g_test_run ();
}
