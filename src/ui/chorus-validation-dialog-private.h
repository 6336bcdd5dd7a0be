/* chorus-validation-dialog-private.h: what the tests read of ChorusValidationDialog beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-validation-dialog.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The motifs offered once read (labels, in the platform's order); empty before. */
guint                   chorus_validation_dialog_get_n_motifs   (ChorusValidationDialog *self);
/* Whether the motifs are still being read. */
gboolean                chorus_validation_dialog_is_loading     (ChorusValidationDialog *self);

G_END_DECLS
