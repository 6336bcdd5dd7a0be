/* chorus-format.c: label tables for the codes Chorus Pro sends and the French forms of amounts,
 * identifiers, dates and numbers, and back. Codes that are not in a table get a readable fallback, never the raw code.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-json.h"

typedef struct {
  const char *code;
  const char *label;
} CodeLabel;

/* modeDepot (AIFE spec annexes), and the two codes older answers and the simulator use. */
static const CodeLabel deposit_modes[] = {
  { "SAISIE_WEB", N_("Entered on the portal") },
  { "SAISIE_PORTAIL", N_("Entered on the portal") },
  { "SAISIE_API", N_("Entered through the API") },
  { "PORTAIL_PDF", N_("PDF deposited on the portal") },
  { "DEPOT_PDF_PORTAIL", N_("PDF deposited on the portal") },
  { "DEPOT_PORTAIL", N_("PDF deposited on the portal") },
  { "DEPOT_PDF_SIGNE_PORTAIL", N_("Signed PDF deposited on the portal") },
  { "DEPOT_PDF_API", N_("PDF deposited through the API") },
  { "DEPOT_PDF_SIGNE_API", N_("Signed PDF deposited through the API") },
  { "UPLOAD_PORTAIL", N_("File uploaded on the portal") },
  { "UPLOAD_API", N_("File uploaded through the API") },
  { "EDI", N_("EDI flow") },
  { "FLUX_EDI", N_("EDI flow") },
  { "EDI_XML_STRUCT", N_("EDI flow, structured XML") },
  { "EDI_MIXTE", N_("EDI flow, data and PDF") },
  { "EDI_PDF_ARCHIVE", N_("EDI flow, PDF archive") },
  { "EDI_NUMERISATION", N_("Scanned paper invoice") },
};

/* modePaiement. */
static const CodeLabel payment_modes[] = {
  { "VIREMENT", N_("Bank transfer") },
  { "PRELEVEMENT", N_("Direct debit") },
  { "CHEQUE", N_("Cheque") },
  { "ESPECE", N_("Cash") },
  { "AUTRE", N_("Other") },
  { "REPORT", N_("Carried forward") },
};

/* Units of invoice lines: the words Chorus Pro users type and the UN/ECE recommendation 20 codes
 * Factur-X lines carry. */
typedef enum {
  UNIT_DAY, UNIT_HOUR, UNIT_WEEK, UNIT_MONTH, UNIT_YEAR, UNIT_SESSION, UNIT_FLAT_FEE, UNIT_UNIT,
  UNIT_PIECE, UNIT_BOX, UNIT_CARTON, UNIT_BATCH, UNIT_TRIP, UNIT_MEAL, UNIT_PERSON, UNIT_TRAINEE,
  UNIT_PAGE, UNIT_SYMBOL,
} UnitWord;

static const struct {
  const char *code;
  UnitWord    word;
  const char *symbol;   /* UNIT_SYMBOL only: the same in the plural, not translated */
} units[] = {
  { "JOUR", UNIT_DAY, NULL }, { "DAY", UNIT_DAY, NULL },
  { "HEURE", UNIT_HOUR, NULL }, { "HUR", UNIT_HOUR, NULL },
  { "SEMAINE", UNIT_WEEK, NULL }, { "WEE", UNIT_WEEK, NULL },
  { "MOIS", UNIT_MONTH, NULL }, { "MON", UNIT_MONTH, NULL },
  { "AN", UNIT_YEAR, NULL }, { "ANN", UNIT_YEAR, NULL },
  { "SESSION", UNIT_SESSION, NULL },
  { "FORFAIT", UNIT_FLAT_FEE, NULL },
  { "UNITE", UNIT_UNIT, NULL }, { "C62", UNIT_UNIT, NULL }, { "EA", UNIT_UNIT, NULL },
  { "PIECE", UNIT_PIECE, NULL }, { "H87", UNIT_PIECE, NULL },
  { "BOITE", UNIT_BOX, NULL }, { "BX", UNIT_BOX, NULL },
  { "CARTON", UNIT_CARTON, NULL }, { "CT", UNIT_CARTON, NULL },
  { "LOT", UNIT_BATCH, NULL },
  { "COURSE", UNIT_TRIP, NULL },
  { "REPAS", UNIT_MEAL, NULL },
  { "PERSONNE", UNIT_PERSON, NULL },
  { "STAGIAIRE", UNIT_TRAINEE, NULL },
  { "PAGE", UNIT_PAGE, NULL },
  { "KG", UNIT_SYMBOL, "kg" }, { "KGM", UNIT_SYMBOL, "kg" },
  { "G", UNIT_SYMBOL, "g" }, { "GRM", UNIT_SYMBOL, "g" },
  { "M", UNIT_SYMBOL, "m" }, { "MTR", UNIT_SYMBOL, "m" },
  { "KM", UNIT_SYMBOL, "km" }, { "KMT", UNIT_SYMBOL, "km" },
  { "M2", UNIT_SYMBOL, "m²" }, { "MTK", UNIT_SYMBOL, "m²" },
  { "M3", UNIT_SYMBOL, "m³" }, { "MTQ", UNIT_SYMBOL, "m³" },
  { "L", UNIT_SYMBOL, "l" }, { "LTR", UNIT_SYMBOL, "l" },
  { "KWH", UNIT_SYMBOL, "kWh" }, { "KWT", UNIT_SYMBOL, "kWh" },
};

static const char *
unit_word (UnitWord word,
           gulong   n)
{
  switch (word)
    {
    case UNIT_DAY: return g_dngettext (GETTEXT_PACKAGE, "day", "days", n);
    case UNIT_HOUR: return g_dngettext (GETTEXT_PACKAGE, "hour", "hours", n);
    case UNIT_WEEK: return g_dngettext (GETTEXT_PACKAGE, "week", "weeks", n);
    case UNIT_MONTH: return g_dngettext (GETTEXT_PACKAGE, "month", "months", n);
    case UNIT_YEAR: return g_dngettext (GETTEXT_PACKAGE, "year", "years", n);
    case UNIT_SESSION: return g_dngettext (GETTEXT_PACKAGE, "session", "sessions", n);
    case UNIT_FLAT_FEE: return g_dngettext (GETTEXT_PACKAGE, "flat fee", "flat fees", n);
    case UNIT_UNIT: return g_dngettext (GETTEXT_PACKAGE, "unit", "units", n);
    case UNIT_PIECE: return g_dngettext (GETTEXT_PACKAGE, "piece", "pieces", n);
    case UNIT_BOX: return g_dngettext (GETTEXT_PACKAGE, "box", "boxes", n);
    case UNIT_CARTON: return g_dngettext (GETTEXT_PACKAGE, "carton", "cartons", n);
    case UNIT_BATCH: return g_dngettext (GETTEXT_PACKAGE, "batch", "batches", n);
    case UNIT_TRIP: return g_dngettext (GETTEXT_PACKAGE, "trip", "trips", n);
    case UNIT_MEAL: return g_dngettext (GETTEXT_PACKAGE, "meal", "meals", n);
    case UNIT_PERSON: return g_dngettext (GETTEXT_PACKAGE, "person", "persons", n);
    case UNIT_TRAINEE: return g_dngettext (GETTEXT_PACKAGE, "trainee", "trainees", n);
    case UNIT_PAGE: return g_dngettext (GETTEXT_PACKAGE, "page", "pages", n);
    case UNIT_SYMBOL:
    default:
      return NULL;
    }
}

/* "NOUVEAU_MODE" -> "Nouveau mode": a code the tables do not know yet still reads as words. The
 * strings live as long as the process, like the translated ones. */
static const char *
readable_code (const char *code)
{
  static GMutex lock;
  static GHashTable *cache;
  const char *readable;
  GString *text;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  readable = g_hash_table_lookup (cache, code);
  if (readable == NULL)
    {
      text = g_string_new (NULL);
      for (const char *p = code; *p != '\0'; p++)
        {
          if (*p == '_')
            g_string_append_c (text, ' ');
          else
            g_string_append_c (text, text->len == 0 ? g_ascii_toupper (*p) : g_ascii_tolower (*p));
        }
      readable = text->str;
      g_hash_table_insert (cache, g_strdup (code), g_string_free (text, FALSE));
    }
  g_mutex_unlock (&lock);
  return readable;
}

static const char *
lookup_label (const CodeLabel *table,
              gsize            n,
              const char      *code)
{
  if (code == NULL || *code == '\0')
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (table[i].code, code) == 0)
      return g_dgettext (GETTEXT_PACKAGE, table[i].label);
  return readable_code (code);
}

const char *
chorus_format_deposit_mode (const char *code)
{
  return lookup_label (deposit_modes, G_N_ELEMENTS (deposit_modes), code);
}

const char *
chorus_format_payment_mode (const char *code)
{
  return lookup_label (payment_modes, G_N_ELEMENTS (payment_modes), code);
}

/* "2,5", "20", "0,125": French decimal comma, no trailing zeros, independent of the locale. */
static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6f", value));
  char *dot = strchr (text, '.');

  if (dot != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *dot = '\0';
      else
        *dot = ',';
    }
  if (g_str_equal (text, "-0"))
    text[0] = '0', text[1] = '\0';
  return text;
}

char *
chorus_format_quantity (double      quantity,
                        const char *unit)
{
  g_autofree char *number = format_number (quantity);
  /* French: plural from 2 on ("1,5 heure", "2 heures"); gettext chooses on a whole number. */
  gulong n = (gulong) floor (fabs (quantity));

  if (unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_ascii_strcasecmp (units[i].code, unit) == 0)
      {
        const char *word = units[i].word == UNIT_SYMBOL ? units[i].symbol : unit_word (units[i].word, n);

        return g_strdup_printf ("%s\u00a0%s", number, word);
      }
  {
    g_autofree char *lower = g_utf8_strdown (unit, -1);

    return g_strdup_printf ("%s\u00a0%s", number, lower);
  }
}

char *
chorus_format_vat_rate (const char *code,
                        double      rate)
{
  g_autofree char *number = format_number (rate);

  /* TVA1 is Chorus Pro's code for the franchise en base (article 293 B of the CGI), at 0 %. */
  if (g_strcmp0 (code, "TVA1") == 0 && rate == 0)
    return g_strdup_printf ("%s\u00a0%% (%s)", number, _("VAT franchise"));
  return g_strdup_printf ("%s\u00a0%%", number);
}

char *
chorus_format_digits_only (const char *text)
{
  g_autoptr(GString) digits = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isdigit ((char) c))
        g_string_append_c (digits, (char) c);
      /* Spaces (also the no-break ones a copy from a PDF brings) and dots separate the groups. */
      else if (c != ' ' && c != '.' && c != 0x00a0 && c != 0x202f)
        return NULL;
    }
  if (digits->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

char *
chorus_format_siret (const char *identifier)
{
  g_autofree char *digits = chorus_format_digits_only (identifier);
  gsize len = digits != NULL ? strlen (digits) : 0;

  if (identifier == NULL)
    return NULL;
  if (len != 14 && len != 9)
    return g_strdup (identifier);
  /* 3 3 3 (SIREN), then the 5 digits of the establishment. */
  return len == 9 ? g_strdup_printf ("%.3s %.3s %.3s", digits, digits + 3, digits + 6)
                  : g_strdup_printf ("%.3s %.3s %.3s %.5s", digits, digits + 3, digits + 6, digits + 9);
}

char *
chorus_format_datetime (const char *text)
{
  g_autofree char *normalized = NULL;
  int y, m, d, hour, minute;

  if (text == NULL)
    return NULL;
  normalized = chorus_json_normalize_datetime (text, FALSE);
  if (normalized == NULL || sscanf (normalized, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup (text);
  /* The wall-clock time Chorus Pro gives (French time): the offset is not applied. */
  if (sscanf (normalized, "%*4d-%*2d-%*2dT%2d:%2d", &hour, &minute) == 2)
    return g_strdup_printf ("%02d/%02d/%04d %02d:%02d", d, m, y, hour, minute);
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

char *
chorus_format_certificate (const char *fingerprint)
{
  g_autofree guchar *bytes = NULL;
  g_autoptr(GString) hex = NULL;
  g_autoptr(GString) grouped = NULL;
  gsize len = 0;
  gboolean is_hex_text = TRUE;

  if (fingerprint == NULL)
    return NULL;
  for (const char *p = fingerprint; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return g_strdup (fingerprint);
  bytes = g_base64_decode (fingerprint, &len);
  if (bytes == NULL || len == 0)
    return g_strdup (fingerprint);

  /* Some fingerprints are a hexadecimal digest sent as base64: show those digits themselves. */
  for (gsize i = 0; i < len; i++)
    is_hex_text &= g_ascii_isxdigit (bytes[i]);
  hex = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    {
      if (is_hex_text)
        g_string_append_c (hex, g_ascii_toupper (bytes[i]));
      else
        g_string_append_printf (hex, "%02X", bytes[i]);
    }
  grouped = g_string_new (NULL);
  for (gsize i = 0; i < hex->len; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_c (grouped, hex->str[i]);
    }
  return g_string_free (g_steal_pointer (&grouped), FALSE);
}

char *
chorus_format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (text, "\u202f");
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

gboolean
chorus_format_read_date (const char *text,
                         GDate      *date)
{
  unsigned year, month, day;
  char tail;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;
  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    {
      if (sscanf (text, "%4u%2u%2u", &year, &month, &day) != 3)
        return FALSE;
    }
  else if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 || strlen (text) != 10)
    return FALSE;
  if (year < 1900 || year > 2999 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gboolean
chorus_format_same_text (const char *a,
                         const char *b)
{
  g_autofree char *x = a ? g_utf8_casefold (a, -1) : NULL;
  g_autofree char *y = b ? g_utf8_casefold (b, -1) : NULL;

  return x && y && g_strcmp0 (g_strstrip (x), g_strstrip (y)) == 0;
}

/* Money, dates and SIRET ------------------------------------------------------------------------ */

gint64
chorus_amount_from_double (double value)
{
  return (gint64) llround (value * 100.0);
}

double
chorus_amount_to_double (gint64 cents)
{
  return (double) cents / 100.0;
}

char *
chorus_amount_format (gint64      cents,
                      const char *currency)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *digits = NULL;
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;
  gsize len;

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  len = strlen (digits);

  if (cents < 0)
    g_string_append (out, "-");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, "\u202f");
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, ",%02u", (guint) (magnitude % 100));

  if (currency == NULL || g_strcmp0 (currency, "EUR") == 0)
    g_string_append (out, "\u00a0€");
  else if (*currency != '\0')
    g_string_append_printf (out, "\u00a0%s", currency);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
chorus_date_format (const char *iso_date)
{
  int y, m, d;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return iso_date ? g_strdup (iso_date) : NULL;
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

/* SIRET: 14 digits passing the Luhn check (La Poste's establishments excepted by INSEE). */
gboolean
chorus_siret_is_valid (const char *siret)
{
  int sum = 0;

  if (siret == NULL || strlen (siret) != 14)
    return FALSE;
  for (int i = 0; i < 14; i++)
    {
      int digit;

      if (!g_ascii_isdigit (siret[i]))
        return FALSE;
      digit = siret[i] - '0';
      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }
  if (sum % 10 == 0)
    return TRUE;

  /* La Poste (SIREN 356000000): the sum of the digits is a multiple of 5. */
  if (g_str_has_prefix (siret, "356000000"))
    {
      sum = 0;
      for (int i = 0; i < 14; i++)
        sum += siret[i] - '0';
      return sum % 5 == 0;
    }
  return FALSE;
}

gboolean
chorus_amount_parse (const char *text,
                     gint64     *cents)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE, seen_separator = FALSE;
  guint decimals = 0;
  guint64 value = 0;
  const char *p;

  g_return_val_if_fail (cents != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x202f || c == 0x00a0 || (c == 0x20ac && p[3] == '\0') || c == '\'')
        continue;   /* grouping spaces and a trailing euro sign */
      if (c == '-' && digits->len == 0 && !negative && !seen_separator)
        negative = TRUE;
      else if ((c == ',' || c == '.') && !seen_separator)
        seen_separator = TRUE;
      else if (c >= '0' && c <= '9')
        {
          if (seen_separator && ++decimals > 2)
            return FALSE;
          g_string_append_c (digits, (char) c);
        }
      else
        return FALSE;
    }
  if (digits->len == 0 || digits->len > 17)
    return FALSE;
  for (gsize i = 0; i < digits->len; i++)
    value = value * 10 + (guint64) (digits->str[i] - '0');
  for (; decimals < 2; decimals++)
    value *= 10;
  *cents = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

char *
chorus_date_parse (const char *text)
{
  int d, m, y;
  char tail;
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL)
    return NULL;
  if (sscanf (text, "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 &&
      sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return NULL;
  if (y < 1900 || y > 9999)
    return NULL;
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (date == NULL)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}
