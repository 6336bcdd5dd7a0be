/* chorus-late-interest.c: late-payment interest in whole cents, with integer arithmetic only. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-late-interest.h"

static gboolean
read_date (const char *iso,
           GDate      *date)
{
  unsigned year, month, day;

  g_date_clear (date, 1);
  if (iso == NULL || strlen (iso) < 10 || sscanf (iso, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
chorus_late_interest_semester (const char *iso_date)
{
  GDate date;

  if (!read_date (iso_date, &date))
    return NULL;
  return g_strdup_printf ("%04u-S%d", g_date_get_year (&date), g_date_get_month (&date) <= G_DATE_JUNE ? 1 : 2);
}

char *
chorus_late_interest_start_semester (const char *deadline)
{
  GDate date;
  char day[16];

  if (!read_date (deadline, &date))
    return NULL;
  g_date_add_days (&date, 1);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", &date);
  return chorus_late_interest_semester (day);
}

int
chorus_late_interest_days (const char *deadline,
                           const char *until)
{
  GDate from, to;

  if (!read_date (deadline, &from) || !read_date (until, &to))
    return -1;
  return MAX (g_date_days_between (&from, &to), 0);
}

gint64
chorus_late_interest_amount (gint64 amount_cents,
                             int    days,
                             int    ecb_rate_bp)
{
  /* amount × (rate + margin) / 10,000 × days / 365, kept exact until the final rounding. */
  const gint64 divisor = 10000 * 365;
  gint64 rate = (gint64) ecb_rate_bp + CHORUS_LATE_INTEREST_MARGIN_BP;
  gboolean negative;
  guint64 magnitude, per_day, q, r, total_q, total_r;

  if (days <= 0 || rate <= 0 || amount_cents == 0)
    return 0;
  negative = amount_cents < 0;
  magnitude = negative ? (guint64) -(amount_cents + 1) + 1 : (guint64) amount_cents;
  /* (magnitude × rate × days) can pass 2^64 for large amounts: split magnitude = q × divisor + r. */
  per_day = (guint64) rate * (guint64) days;
  q = magnitude / divisor;
  r = magnitude % divisor;
  total_q = q * per_day;                        /* whole part from q */
  total_r = r * per_day;                        /* r < 3.65e6, per_day < ~1e8: fits */
  total_q += total_r / divisor;
  total_r %= divisor;
  if (total_r * 2 >= (guint64) divisor)
    total_q++;
  return negative ? -(gint64) total_q : (gint64) total_q;
}

gboolean
chorus_late_interest_parse_rate (const char *text,
                                 int        *rate_bp)
{
  g_autofree char *clean = NULL;
  const char *p;
  gboolean negative = FALSE;
  gint64 whole = 0;
  int decimals = 0, fraction = 0;

  g_return_val_if_fail (rate_bp != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  clean = g_strstrip (g_strdup (text));
  if (g_str_has_suffix (clean, "%"))
    {
      clean[strlen (clean) - 1] = '\0';
      g_strstrip (clean);
    }
  p = clean;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    {
      whole = whole * 10 + (*p++ - '0');
      if (whole > 100)
        return FALSE;
    }
  if (*p == ',' || *p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          if (++decimals > 2)
            return FALSE;
          fraction = fraction * 10 + (*p++ - '0');
        }
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        fraction *= 10;
    }
  if (*p != '\0')
    return FALSE;
  *rate_bp = (int) (whole * 100 + fraction) * (negative ? -1 : 1);
  return TRUE;
}

char *
chorus_late_interest_format_rate (int rate_bp)
{
  int magnitude = ABS (rate_bp);

  return g_strdup_printf ("%s%d,%02d\u00a0%%", rate_bp < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}
