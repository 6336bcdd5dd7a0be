/* chorus-pdf-page-private.h: what the tests read of ChorusPdfPage beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-pdf-page.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
const char *chorus_pdf_page_get_error      (ChorusPdfPage *self);

G_END_DECLS
