/* chorus-duplicates-list-private.h: what the tests read of ChorusDuplicatesList beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-duplicates-list.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* ChorusDuplicateMatch shown, NULL when none. */
GPtrArray *chorus_duplicates_list_get_matches (ChorusDuplicatesList *self);

G_END_DECLS
