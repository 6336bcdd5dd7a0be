/* chorus-deposit-text.c: how the deposit form's widgets read and write the text of their entries.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-deposit-text.h"

char *
chorus_deposit_text_strip (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

char *
chorus_deposit_text_from_cents (gint64 cents)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ",%02d", cents < 0 ? "-" : "", ABS (cents) / 100, (int) (ABS (cents) % 100));
}
