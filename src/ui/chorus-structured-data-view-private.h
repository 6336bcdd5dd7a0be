/* chorus-structured-data-view-private.h: what the tests read of ChorusStructuredDataView beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-structured-data-view.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The document shown, or NULL while loading, when empty or unreadable. */
ChorusFacturxDocument *chorus_structured_data_view_get_facturx  (ChorusStructuredDataView *self);
gboolean               chorus_structured_data_view_get_loading  (ChorusStructuredDataView *self);

G_END_DECLS
