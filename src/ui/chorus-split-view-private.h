/* chorus-split-view-private.h: what the tests read of ChorusSplitView beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-split-view.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
gboolean    chorus_split_view_get_folded    (ChorusSplitView *self);
AdwLeaflet *chorus_split_view_get_leaflet   (ChorusSplitView *self);
/* The draggable divider, for tests. */
GtkWidget  *chorus_split_view_get_handle    (ChorusSplitView *self);

G_END_DECLS
