/* chorus-works-dossier-text.h: what a works billing file says to its reader: the next step and the payment clock. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "chorus-works.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

/* "A15 – État d'acompte, A22 – …": the cadres @role may deposit after @piece; "" for none. */
char *chorus_works_next_cadres_text (const ChorusWorksPiece *piece,
                                     ChorusRole              role);
/* Who does what next in the billing file @pieces (ordered), @shown being the piece on show:
 * "Next step: the project manager takes the piece … into account by depositing A15 – …". */
char *chorus_works_next_step_text   (GPtrArray              *pieces,
                                     const ChorusWorksPiece *shown);
/* The CCAG payment clock of @pieces on @today (YYYY-MM-DD; NULL: the real today); NULL when no
 * clock runs yet. @late: the payment time is exceeded. */
char *chorus_works_clock_text       (GPtrArray              *pieces,
                                     const char             *today,
                                     gboolean               *late);

G_END_DECLS
