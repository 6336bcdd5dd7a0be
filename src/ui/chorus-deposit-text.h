/* chorus-deposit-text.h: how the deposit form's widgets read and write the text of their entries.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text without surrounding blanks; NULL when nothing is left. */
char *chorus_deposit_text_strip      (const char *text);
/* "1234,56": an amount without the currency sign or thousands separator, for the user to edit. */
char *chorus_deposit_text_from_cents (gint64      cents);

G_END_DECLS
