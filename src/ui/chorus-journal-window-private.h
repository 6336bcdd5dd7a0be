/* chorus-journal-window-private.h: what the tests read of ChorusJournalWindow beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-journal-window.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* Rows listed now (after the filters). */
guint      chorus_journal_window_get_n_rows    (ChorusJournalWindow *self);

G_END_DECLS
