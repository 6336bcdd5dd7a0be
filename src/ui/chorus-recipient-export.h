/* chorus-recipient-export.h: what leaves the received list for a file: the list as CSV, the selection's PDFs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-invoice-list.h"
#include "chorus-invoice-model.h"
#include "chorus-store.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

/* The CSV of @model's rows (in their order) with its visible columns and its delay policy. */
GBytes *chorus_recipient_export_csv          (ChorusInvoiceList  *list,
                                              ChorusInvoiceModel *model,
                                              ChorusStore        *store,
                                              GError            **error);
/* Asks where, then writes the CSV of @list away from the UI thread; the outcome is a toast on
 * @widget. */
void    chorus_recipient_export_csv_to_file  (GtkWidget          *widget,
                                              ChorusInvoiceList  *list,
                                              ChorusInvoiceModel *model,
                                              ChorusStore        *store);
/* Saves the PDFs of the invoices @ids into @folder, from the cache or fetched through @sync
 * (nullable), one at a time, never over a file already there; one toast at the end says how many. */
void    chorus_recipient_export_pdfs         (GtkWidget          *widget,
                                              ChorusStore        *store,
                                              ChorusSync         *sync,
                                              GArray             *ids,
                                              GFile              *folder,
                                              GCancellable       *cancellable);
/* Asks for a folder, then saves the PDFs of the invoices @ids there, from the cache or fetched
 * through @sync (nullable); one toast at the end says how many. @cancellable stops the fetches. */
void    chorus_recipient_export_pdfs_to_folder (GtkWidget        *widget,
                                              ChorusStore        *store,
                                              ChorusSync         *sync,
                                              GArray             *ids,
                                              GCancellable       *cancellable);

G_END_DECLS
