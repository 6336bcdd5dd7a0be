/* chorus-process-dialog-private.h: what the tests read of ChorusProcessDialog beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-process-dialog.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The frequent motifs offered for this target (empty when it takes none). */
GStrv                chorus_process_dialog_get_motifs  (ChorusProcessDialog *self);
gboolean             chorus_process_dialog_can_apply   (ChorusProcessDialog *self);

G_END_DECLS
