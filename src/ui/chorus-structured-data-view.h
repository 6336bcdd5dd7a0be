/* chorus-structured-data-view.h: the "Données structurées" view of a Factur-X/CII/UBL invoice and its checks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-duplicates.h"
#include "chorus-duplicates.h"
#include "chorus-facturx.h"
#include "chorus-invoice.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_STRUCTURED_DATA_VIEW (chorus_structured_data_view_get_type ())
G_DECLARE_FINAL_TYPE (ChorusStructuredDataView, chorus_structured_data_view, CHORUS, STRUCTURED_DATA_VIEW, GtkWidget)

GtkWidget             *chorus_structured_data_view_new          (void);
/* Reads the XML embedded in @pdf in a worker thread, then shows it checked against @chorus_data
 * (nullable: the file's own checks only). A NULL @pdf clears the view. */
void                   chorus_structured_data_view_set_document (ChorusStructuredDataView *self,
                                                                 GBytes                   *pdf,
                                                                 ChorusInvoice            *chorus_data);
/* Possible duplicates of the invoice in the cache (ChorusDuplicateMatch, from chorus_duplicates_find()
 * over chorus_store_find_duplicate_candidates()), shown with the checks. NULL or empty hides them. */
void                   chorus_structured_data_view_set_duplicates (ChorusStructuredDataView *self,
                                                                   GPtrArray                *matches);

G_END_DECLS
