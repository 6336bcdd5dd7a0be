/* chorus-format.c: label tables for the codes Chorus Pro sends and the French forms of identifiers,
 * dates and numbers. Codes that are not in a table get a readable fallback, never the raw code. */
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
