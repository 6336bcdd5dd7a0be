/* chorus-sim-zip.h: a minimal ZIP writer (stored entries) for multi-invoice downloads.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SimZip SimZip;

SimZip   *sim_zip_new       (void);
/* Adds an entry under a harmless form of @name; FALSE when the archive would pass the format's limits. */
gboolean  sim_zip_add       (SimZip *zip, const char *name, GBytes *data);
/* Writes the central directory and returns the archive (NULL when an entry was refused); the
 * writer stays valid for freeing. */
GBytes   *sim_zip_finish    (SimZip *zip);
/* @name with every path element made harmless: no "..", no empty element, no leading "/". */
char     *sim_zip_safe_name (const char *name);
void      sim_zip_free      (SimZip *zip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimZip, sim_zip_free)

G_END_DECLS
