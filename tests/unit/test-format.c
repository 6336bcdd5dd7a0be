/* test-format.c: the labels of API codes, quantities with units, VAT rates, SIRET, dates with times and
 * certificate fingerprints, in French. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "chorus-format.h"
#include "chorus-test-util.h"

static gboolean
use_french (void)
{
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    return FALSE;
  g_setenv ("LANGUAGE", "fr", TRUE);
  return TRUE;
}

static void
test_codes (void)
{
  if (!use_french ())
    {
      g_test_skip ("fr_FR.UTF-8 locale not available");
      return;
    }
  g_assert_cmpstr (chorus_format_deposit_mode ("DEPOT_PDF_API"), ==, "Dépôt PDF par API");
  g_assert_cmpstr (chorus_format_deposit_mode ("DEPOT_PORTAIL"), ==, "Dépôt PDF sur le portail");
  g_assert_cmpstr (chorus_format_deposit_mode ("FLUX_EDI"), ==, "Flux EDI");
  g_assert_cmpstr (chorus_format_deposit_mode ("SAISIE_PORTAIL"), ==, "Saisie sur le portail");
  g_assert_cmpstr (chorus_format_payment_mode ("VIREMENT"), ==, "Virement");
  g_assert_cmpstr (chorus_format_payment_mode ("PRELEVEMENT"), ==, "Prélèvement");
  g_assert_cmpstr (chorus_format_payment_mode ("ESPECE"), ==, "Espèces");
  /* A code this version does not know still reads as words, never as the raw code. */
  g_assert_cmpstr (chorus_format_payment_mode ("CARTE_ACHAT"), ==, "Carte achat");
  g_assert_cmpstr (chorus_format_deposit_mode ("NOUVEAU_MODE_2030"), ==, "Nouveau mode 2030");
  g_assert_null (chorus_format_payment_mode (NULL));
  g_assert_null (chorus_format_deposit_mode (""));
  setlocale (LC_ALL, "C");
}

static void
test_quantities (void)
{
  g_autofree char *sessions = NULL;
  g_autofree char *one_day = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *half = NULL;
  g_autofree char *boxes = NULL;
  g_autofree char *kilos = NULL;
  g_autofree char *surface = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *bare = NULL;

  if (!use_french ())
    {
      g_test_skip ("fr_FR.UTF-8 locale not available");
      return;
    }
  sessions = chorus_format_quantity (20, "SESSION");
  g_assert_cmpstr (sessions, ==, "20\u00a0sessions");
  one_day = chorus_format_quantity (1, "JOUR");
  g_assert_cmpstr (one_day, ==, "1\u00a0jour");
  hours = chorus_format_quantity (2.5, "HUR");
  g_assert_cmpstr (hours, ==, "2,5\u00a0heures");
  /* French keeps the singular below 2. */
  half = chorus_format_quantity (1.5, "HEURE");
  g_assert_cmpstr (half, ==, "1,5\u00a0heure");
  boxes = chorus_format_quantity (3, "BOITE");
  g_assert_cmpstr (boxes, ==, "3\u00a0boîtes");
  kilos = chorus_format_quantity (12.125, "KGM");
  g_assert_cmpstr (kilos, ==, "12,125\u00a0kg");
  surface = chorus_format_quantity (40, "M2");
  g_assert_cmpstr (surface, ==, "40\u00a0m²");
  unknown = chorus_format_quantity (2, "PALETTE");
  g_assert_cmpstr (unknown, ==, "2\u00a0palette");
  bare = chorus_format_quantity (7, NULL);
  g_assert_cmpstr (bare, ==, "7");
  setlocale (LC_ALL, "C");
}

static void
test_vat_rates (void)
{
  g_autofree char *normal = NULL;
  g_autofree char *reduced = NULL;
  g_autofree char *franchise = NULL;
  g_autofree char *zero = NULL;

  if (!use_french ())
    {
      g_test_skip ("fr_FR.UTF-8 locale not available");
      return;
    }
  normal = chorus_format_vat_rate ("TVA5", 20);
  g_assert_cmpstr (normal, ==, "20\u00a0%");
  reduced = chorus_format_vat_rate ("TVA3", 5.5);
  g_assert_cmpstr (reduced, ==, "5,5\u00a0%");
  franchise = chorus_format_vat_rate ("TVA1", 0);
  g_assert_cmpstr (franchise, ==, "0\u00a0% (franchise en base)");
  zero = chorus_format_vat_rate (NULL, 0);
  g_assert_cmpstr (zero, ==, "0\u00a0%");
  setlocale (LC_ALL, "C");
}

static void
test_siret (void)
{
  g_autofree char *siret = chorus_format_siret ("87929443852252");
  g_autofree char *spaced = chorus_format_siret ("879 294 438 52252");
  g_autofree char *siren = chorus_format_siret ("879294438");
  g_autofree char *other = chorus_format_siret ("DE123456789");
  g_autofree char *digits = chorus_format_digits_only ("879.294.438\u00a052252");

  g_assert_cmpstr (siret, ==, "879 294 438 52252");
  g_assert_cmpstr (spaced, ==, "879 294 438 52252");
  g_assert_cmpstr (siren, ==, "879 294 438");
  g_assert_cmpstr (other, ==, "DE123456789");
  g_assert_null (chorus_format_siret (NULL));
  g_assert_cmpstr (digits, ==, "87929443852252");
  g_assert_null (chorus_format_digits_only ("FA-2026 001"));
  g_assert_null (chorus_format_digits_only (" . "));
}

static void
test_datetimes (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "2026-12-06T04:24:00", "06/12/2026 04:24" },
    { "2025-01-14 08:42", "14/01/2025 08:42" },
    { "2025-01-14T08:42:07.123+01:00", "14/01/2025 08:42" },
    { "2025-01-14T08:42:07+0100", "14/01/2025 08:42" },
    { "2025-01-14", "14/01/2025" },
    { "demain", "demain" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = chorus_format_datetime (cases[i].in);
      g_assert_cmpstr (text, ==, cases[i].out);
    }
  g_assert_null (chorus_format_datetime (NULL));
}

static void
test_certificate (void)
{
  /* The digest the simulator sends: a hexadecimal SHA-256 text, base64-encoded. */
  g_autofree char *encoded = g_base64_encode ((const guchar *) "57149656c71bfec0", 16);
  g_autofree char *from_hex = chorus_format_certificate (encoded);
  /* Raw digest bytes. */
  const guchar raw[] = { 0xde, 0xad, 0xbe, 0xef, 0x01 };
  g_autofree char *raw_encoded = g_base64_encode (raw, sizeof raw);
  g_autofree char *from_raw = chorus_format_certificate (raw_encoded);
  g_autofree char *plain = chorus_format_certificate ("CERT-2026-001");

  g_assert_cmpstr (from_hex, ==, "5714 9656 C71B FEC0");
  g_assert_cmpstr (from_raw, ==, "DEAD BEEF 01");
  g_assert_cmpstr (plain, ==, "CERT-2026-001");
}

static void
test_counts (void)
{
  static const struct { guint n; const char *text; } cases[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1\u202f000" }, { 3781, "3\u202f781" },
    { 1234567, "1\u202f234\u202f567" }, { G_MAXUINT, "4\u202f294\u202f967\u202f295" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = chorus_format_count (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The days written in invoice files (ISO and UN/CEFACT 102), read exactly or not at all. */
static void
test_read_date (void)
{
  GDate date;

  g_assert_true (chorus_format_read_date ("2026-01-31", &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 31);
  g_assert_cmpuint (g_date_get_month (&date), ==, 1);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2026);
  g_assert_true (chorus_format_read_date ("20240229", &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
  g_assert_false (chorus_format_read_date ("20230229", &date));
  g_assert_false (g_date_valid (&date));
  g_assert_false (chorus_format_read_date ("2026-02-30", &date));
  g_assert_false (chorus_format_read_date ("2026-01-31T10:00", &date));
  g_assert_false (chorus_format_read_date ("31/01/2026", &date));
  g_assert_false (chorus_format_read_date ("1899-12-31", &date));
  g_assert_false (chorus_format_read_date ("3000-01-01", &date));
  g_assert_false (chorus_format_read_date ("", &date));
  g_assert_false (chorus_format_read_date (NULL, &date));
}

static void
test_same_text (void)
{
  g_assert_true (chorus_format_same_text ("  Fournitures ÉLYSÉE ", "fournitures élysée"));
  g_assert_true (chorus_format_same_text ("EJ-2026-001", "ej-2026-001"));
  g_assert_false (chorus_format_same_text ("EJ-2026-001", "EJ-2026-002"));
  g_assert_false (chorus_format_same_text (NULL, NULL));
  g_assert_false (chorus_format_same_text ("x", NULL));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/codes", test_codes);
  g_test_add_func ("/format/counts", test_counts);
  g_test_add_func ("/format/quantities", test_quantities);
  g_test_add_func ("/format/vat-rates", test_vat_rates);
  g_test_add_func ("/format/siret", test_siret);
  g_test_add_func ("/format/datetimes", test_datetimes);
  g_test_add_func ("/format/certificate", test_certificate);
  g_test_add_func ("/format/read-date", test_read_date);
  g_test_add_func ("/format/same-text", test_same_text);
  return g_test_run ();
}
