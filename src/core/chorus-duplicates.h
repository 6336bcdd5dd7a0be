/* chorus-duplicates.h: likely duplicates of an invoice among others (the cache's rows, a deposit's
 * neighbours): exact or near, with the reason in words. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chorus-invoice.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_DUPLICATE_NONE = 0,
  CHORUS_DUPLICATE_NEAR,       /* worth a look */
  CHORUS_DUPLICATE_EXACT,      /* same supplier, number and amount */
} ChorusDuplicateKind;

typedef struct _ChorusDuplicateMatch {
  gint64               id;         /* the candidate's key in the store (its idFacture if it has none) */
  char                *number;
  ChorusDuplicateKind  kind;
  char                *reason;     /* translated sentence */
} ChorusDuplicateMatch;

#define CHORUS_TYPE_DUPLICATE_MATCH (chorus_duplicate_match_get_type ())
GType                 chorus_duplicate_match_get_type (void) G_GNUC_CONST;
ChorusDuplicateMatch *chorus_duplicate_match_copy     (const ChorusDuplicateMatch *match);
void                  chorus_duplicate_match_free     (ChorusDuplicateMatch       *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusDuplicateMatch, chorus_duplicate_match_free)

/* Days between two invoice dates that still count as "a few days" for a near duplicate. */
#define CHORUS_DUPLICATE_DAYS_WINDOW 7

/* "F-2026/0012 " → "F20260012"-like key: case folded, separators and leading zeros dropped. */
char                *chorus_duplicates_normalize_number (const char             *number);
/* Compares one candidate; *reason (translated) is set when it is a duplicate. */
ChorusDuplicateKind  chorus_duplicates_compare          (ChorusInvoice          *invoice,
                                                         ChorusInvoice          *candidate,
                                                         char                  **reason);
/* Pure: the duplicates of @invoice among @candidates (ChorusInvoice), exact first. Never @invoice itself
 * (same id). Returns ChorusDuplicateMatch. */
GPtrArray           *chorus_duplicates_find             (ChorusInvoice          *invoice,
                                                         GPtrArray              *candidates);

/* For a store: returns the next candidate row (full reference) or NULL when done. */
typedef ChorusInvoice *(*ChorusDuplicateNextFunc) (gpointer user_data);
/* The same over an iterator, so a store can stream rows of the SQL below without loading them all:
 *   SELECT … FROM invoices WHERE supplier_code = :supplier AND id <> :id
 *     AND (amount_ttc = :amount OR number = :number OR invoice_date BETWEEN :from AND :to
 *          OR <normalized number> = :normalized)
 * (any superset of the matches is fine; this function does the exact filtering). */
GPtrArray           *chorus_duplicates_find_iter        (ChorusInvoice          *invoice,
                                                         ChorusDuplicateNextFunc next,
                                                         gpointer                user_data);
/* Date bounds (YYYY-MM-DD, owned by the caller) of the window for that SQL; FALSE without a date. */
gboolean             chorus_duplicates_window           (ChorusInvoice          *invoice,
                                                         char                  **date_from,
                                                         char                  **date_to);

G_END_DECLS
