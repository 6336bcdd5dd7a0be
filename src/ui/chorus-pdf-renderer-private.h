/* chorus-pdf-renderer-private.h: what the tests read of ChorusPdfRenderer beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-pdf-renderer.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
gsize              chorus_pdf_renderer_get_cache_bytes  (ChorusPdfRenderer    *self);
void               chorus_pdf_renderer_set_cache_limit  (ChorusPdfRenderer    *self,
                                                         gsize                 max_bytes);

G_END_DECLS
