/* chorus-csv.c: CSV writer for list exports opened in French spreadsheets. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-csv.h"
#include "chorus-format.h"
#include "chorus-types.h"

#define CSV_SEPARATOR ';'

struct _ChorusCsvWriter
{
  GString  *out;
  gboolean  row_started;
};

ChorusCsvWriter *
chorus_csv_writer_new (void)
{
  ChorusCsvWriter *writer = g_new0 (ChorusCsvWriter, 1);

  writer->out = g_string_new ("\xEF\xBB\xBF");
  return writer;
}

void
chorus_csv_writer_free (ChorusCsvWriter *writer)
{
  if (writer == NULL)
    return;
  g_string_free (writer->out, TRUE);
  g_free (writer);
}

static char *
chorus_csv_quote (const char *text)
{
  GString *quoted;

  if (text == NULL)
    return g_strdup ("");
  /* Leading spaces or a leading zero-sensitive value stay as they are: only the
   * characters that break the row structure force quotes. */
  if (strpbrk (text, ";\"\r\n") == NULL)
    return g_strdup (text);

  quoted = g_string_sized_new (strlen (text) + 2);
  g_string_append_c (quoted, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

char *
chorus_csv_format_amount (gint64 cents)
{
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ",%02u", cents < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

static void
add_cell (ChorusCsvWriter *writer,
          const char      *raw)
{
  if (writer->row_started)
    g_string_append_c (writer->out, CSV_SEPARATOR);
  g_string_append (writer->out, raw);
  writer->row_started = TRUE;
}

/* Whether a spreadsheet would read @text as a formula (or a DDE call) rather than as text. */
static gboolean
starts_like_formula (const char *text)
{
  return text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

void
chorus_csv_writer_add_text (ChorusCsvWriter *writer,
                            const char      *text)
{
  g_autofree char *neutral = NULL;
  g_autofree char *quoted = NULL;

  g_return_if_fail (writer != NULL);

  if (starts_like_formula (text))
    neutral = g_strconcat ("'", text, NULL);
  quoted = chorus_csv_quote (neutral != NULL ? neutral : text);
  add_cell (writer, quoted);
}

void
chorus_csv_writer_add_amount (ChorusCsvWriter *writer,
                              gint64           cents)
{
  g_autofree char *text = NULL;

  g_return_if_fail (writer != NULL);

  text = chorus_csv_format_amount (cents);
  add_cell (writer, text);
}

void
chorus_csv_writer_add_date (ChorusCsvWriter *writer,
                            const char      *iso_date)
{
  g_autofree char *date_only = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (writer != NULL);

  if (iso_date != NULL && strlen (iso_date) > 10 && iso_date[4] == '-' && iso_date[7] == '-')
    date_only = g_strndup (iso_date, 10);
  text = chorus_date_format (date_only ? date_only : iso_date);
  chorus_csv_writer_add_text (writer, text);
}

void
chorus_csv_writer_add_integer (ChorusCsvWriter *writer,
                               gint64           value)
{
  char text[32];

  g_return_if_fail (writer != NULL);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  add_cell (writer, text);
}

void
chorus_csv_writer_end_row (ChorusCsvWriter *writer)
{
  g_return_if_fail (writer != NULL);

  g_string_append (writer->out, "\r\n");
  writer->row_started = FALSE;
}

GBytes *
chorus_csv_writer_free_to_bytes (ChorusCsvWriter *writer)
{
  GString *out;

  g_return_val_if_fail (writer != NULL, NULL);

  out = writer->out;
  g_free (writer);
  return g_string_free_to_bytes (out);
}
