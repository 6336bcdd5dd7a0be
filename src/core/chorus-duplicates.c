/* chorus-duplicates.c: which invoices may be one invoice sent twice: same supplier and number (however
 * written), or the same amount a few days apart. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-duplicates.h"
#include "chorus-format.h"

G_DEFINE_BOXED_TYPE (ChorusDuplicateMatch, chorus_duplicate_match, chorus_duplicate_match_copy, chorus_duplicate_match_free)

ChorusDuplicateMatch *
chorus_duplicate_match_copy (const ChorusDuplicateMatch *match)
{
  ChorusDuplicateMatch *copy = g_memdup2 (match, sizeof *match);

  copy->number = g_strdup (match->number);
  copy->reason = g_strdup (match->reason);
  return copy;
}

void
chorus_duplicate_match_free (ChorusDuplicateMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->number);
  g_free (match->reason);
  g_free (match);
}

char *
chorus_duplicates_normalize_number (const char *number)
{
  g_autoptr(GString) compacted = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  g_autofree char *folded = NULL;

  if (number == NULL)
    return g_string_free (out, FALSE);
  folded = g_utf8_casefold (number, -1);
  for (const char *p = folded; *p; p++)
    if (!g_ascii_isspace (*p) && strchr ("-_./\\", *p) == NULL)
      g_string_append_c (compacted, *p);
  /* Leading zeros of every digit run: "F-0012" and "F12" are the same number. */
  for (gsize i = 0; i < compacted->len; i++)
    {
      const char *p = compacted->str + i;
      gboolean run_start = i == 0 || !g_ascii_isdigit (p[-1]);

      if (*p == '0' && g_ascii_isdigit (p[1]) && (run_start || (out->len > 0 && !g_ascii_isdigit (out->str[out->len - 1]))))
        continue;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Days between two dates, -1 when one is not a date. */
static int
days_apart (const char *a,
            const char *b)
{
  GDate da, db;

  if (!chorus_format_read_date (a, &da) || !chorus_format_read_date (b, &db))
    return -1;
  return ABS (g_date_days_between (&da, &db));
}

ChorusDuplicateKind
chorus_duplicates_compare (ChorusInvoice  *invoice,
                                  ChorusInvoice  *candidate,
                                  char          **reason)
{
  const char *supplier_a, *supplier_b, *number_a, *number_b;
  g_autofree char *norm_a = NULL;
  g_autofree char *norm_b = NULL;
  g_autofree char *amount = NULL;
  gboolean same_amount;
  int days;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), CHORUS_DUPLICATE_NONE);
  g_return_val_if_fail (CHORUS_IS_INVOICE (candidate), CHORUS_DUPLICATE_NONE);

  if (reason != NULL)
    *reason = NULL;
  if (invoice == candidate ||
      (chorus_invoice_get_id (invoice) != 0 && chorus_invoice_get_id (invoice) == chorus_invoice_get_id (candidate)))
    return CHORUS_DUPLICATE_NONE;

  supplier_a = chorus_invoice_get_supplier_code (invoice);
  supplier_b = chorus_invoice_get_supplier_code (candidate);
  if (supplier_a == NULL || supplier_b == NULL || !chorus_format_same_text (supplier_a, supplier_b))
    return CHORUS_DUPLICATE_NONE;

  number_a = chorus_invoice_get_number (invoice);
  number_b = chorus_invoice_get_number (candidate);
  norm_a = chorus_duplicates_normalize_number (number_a);
  norm_b = chorus_duplicates_normalize_number (number_b);
  same_amount = chorus_invoice_get_amount_ttc (invoice) == chorus_invoice_get_amount_ttc (candidate);
  amount = chorus_amount_format (chorus_invoice_get_amount_ttc (candidate), chorus_invoice_get_currency (candidate));

  if (number_a != NULL && g_strcmp0 (number_a, number_b) == 0)
    {
      if (same_amount)
        {
          if (reason)
            *reason = g_strdup_printf (_("Same supplier, same number %s and same amount %s."), number_b, amount);
          return CHORUS_DUPLICATE_EXACT;
        }
      if (reason)
        *reason = g_strdup_printf (_("Same supplier and same number %s, but another amount (%s)."), number_b, amount);
      return CHORUS_DUPLICATE_NEAR;
    }
  if (*norm_a != '\0' && g_strcmp0 (norm_a, norm_b) == 0)
    {
      if (reason)
        *reason = g_strdup_printf (_("Same supplier and almost the same number (%s, written differently), "
                                     "amount %s."), number_b, amount);
      return CHORUS_DUPLICATE_NEAR;
    }
  days = days_apart (chorus_invoice_get_invoice_date (invoice), chorus_invoice_get_invoice_date (candidate));
  if (same_amount && chorus_invoice_get_amount_ttc (invoice) != 0 &&
      chorus_invoice_get_invoice_type (invoice) == chorus_invoice_get_invoice_type (candidate) &&
      days >= 0 && days <= CHORUS_DUPLICATE_DAYS_WINDOW)
    {
      g_autofree char *date = chorus_date_format (chorus_invoice_get_invoice_date (candidate));

      if (reason && days == 0)
        *reason = g_strdup_printf (_("Same supplier and same amount %s on the same day (invoice %s of %s)."),
                                   amount, number_b ? number_b : "—", date);
      else if (reason)
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Same supplier and same amount %s, %d day apart (invoice %s of %s).",
                                                "Same supplier and same amount %s, %d days apart (invoice %s of %s).",
                                                days),
                                   amount, days, number_b ? number_b : "—", date);
      return CHORUS_DUPLICATE_NEAR;
    }
  return CHORUS_DUPLICATE_NONE;
}

static void
consider_candidate (ChorusInvoice *invoice,
                    ChorusInvoice *candidate,
                    GPtrArray     *matches)
{
  g_autofree char *reason = NULL;
  ChorusDuplicateKind kind = chorus_duplicates_compare (invoice, candidate, &reason);
  ChorusDuplicateMatch *match;

  if (kind == CHORUS_DUPLICATE_NONE)
    return;
  match = g_new0 (ChorusDuplicateMatch, 1);
  /* The store's key opens it in the list; an invoice not from the store has only its Chorus id. */
  match->id = chorus_invoice_get_key (candidate) != 0 ? chorus_invoice_get_key (candidate) : chorus_invoice_get_id (candidate);
  match->number = g_strdup (chorus_invoice_get_number (candidate));
  match->kind = kind;
  match->reason = g_steal_pointer (&reason);
  g_ptr_array_add (matches, match);
}

static int
compare_match (gconstpointer a,
               gconstpointer b)
{
  const ChorusDuplicateMatch *x = *(ChorusDuplicateMatch *const *) a;
  const ChorusDuplicateMatch *y = *(ChorusDuplicateMatch *const *) b;

  if (x->kind != y->kind)
    return (int) y->kind - (int) x->kind;
  return (x->id > y->id) - (x->id < y->id);
}

GPtrArray *
chorus_duplicates_find (ChorusInvoice *invoice,
                                GPtrArray     *candidates)
{
  GPtrArray *matches;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail (candidates != NULL, NULL);

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_duplicate_match_free);
  for (guint i = 0; i < candidates->len; i++)
    consider_candidate (invoice, g_ptr_array_index (candidates, i), matches);
  g_ptr_array_sort (matches, compare_match);
  return matches;
}

GPtrArray *
chorus_duplicates_find_iter (ChorusInvoice          *invoice,
                                     ChorusDuplicateNextFunc next,
                                     gpointer                user_data)
{
  GPtrArray *matches;
  ChorusInvoice *candidate;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail (next != NULL, NULL);

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_duplicate_match_free);
  while ((candidate = next (user_data)) != NULL)
    {
      consider_candidate (invoice, candidate, matches);
      g_object_unref (candidate);
    }
  g_ptr_array_sort (matches, compare_match);
  return matches;
}

gboolean
chorus_duplicates_window (ChorusInvoice  *invoice,
                                 char          **date_from,
                                 char          **date_to)
{
  const char *date;
  GDate day;
  char buf[16];

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), FALSE);
  g_return_val_if_fail (date_from != NULL && date_to != NULL, FALSE);

  *date_from = *date_to = NULL;
  date = chorus_invoice_get_invoice_date (invoice);
  if (date == NULL || !chorus_format_read_date (date, &day))
    return FALSE;
  g_date_subtract_days (&day, CHORUS_DUPLICATE_DAYS_WINDOW);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &day);
  *date_from = g_strdup (buf);
  g_date_add_days (&day, 2 * CHORUS_DUPLICATE_DAYS_WINDOW);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &day);
  *date_to = g_strdup (buf);
  return TRUE;
}
