/* chorus-recycle-dialog-private.h: what the tests read of ChorusRecycleDialog beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-recycle-dialog.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The picker, to search and choose another recipient. */
GtkWidget           *chorus_recycle_dialog_get_picker     (ChorusRecycleDialog *self);

G_END_DECLS
