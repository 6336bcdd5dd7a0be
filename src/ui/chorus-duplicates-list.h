/* chorus-duplicates-list.h: the invoices that may duplicate the one shown, each with why. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DUPLICATES_LIST (chorus_duplicates_list_get_type ())
G_DECLARE_FINAL_TYPE (ChorusDuplicatesList, chorus_duplicates_list, CHORUS, DUPLICATES_LIST, GtkWidget)

/* "open-invoice" (gint64 id): the user wants to see that invoice. Hidden when there is none. */
GtkWidget *chorus_duplicates_list_new        (void);
/* Looks for @invoice's likely duplicates in @store (same supplier and number, or same amount a
 * few days apart) with chorus_store_find_duplicate_candidates() and chorus_duplicates_find(). */
void       chorus_duplicates_list_set        (ChorusDuplicatesList *self,
                                              ChorusStore          *store,
                                              ChorusInvoice        *invoice);

G_END_DECLS
