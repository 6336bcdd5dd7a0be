/* chorus-history-list-private.h: what the tests read of ChorusHistoryList beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-history-list.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The rows' titles and subtitles, top to bottom, "title — subtitle" each (for tests). */
GStrv      chorus_history_list_get_lines    (ChorusHistoryList *self);

G_END_DECLS
