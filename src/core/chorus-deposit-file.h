/* chorus-deposit-file.h: files sent to Chorus Pro: the platform's size limits, and copying or reading files within them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Per the platform's attachment rules: one PDF or attachment, and all the files of one invoice
 * (which a flux carries at once). */
#define CHORUS_DEPOSIT_MAX_FILE_BYTES  (10 * 1024 * 1024)
#define CHORUS_DEPOSIT_MAX_TOTAL_BYTES (118 * 1024 * 1024)

/* Checks the size of @path against @max_bytes without reading it: G_IO_ERROR_MESSAGE_TOO_LARGE
 * above, a G_FILE_ERROR when it cannot be read. */
gboolean  chorus_deposit_file_check (const char  *path,
                                     gsize        max_bytes,
                                     GError     **error);
/* Copies @path to @dest (created 0600; it must not exist), at most @max_bytes, and flushes the
 * copy and its folder to disk before returning. No partial copy is left on failure. */
gboolean  chorus_deposit_file_copy  (const char  *path,
                                     const char  *dest,
                                     gsize        max_bytes,
                                     GError     **error);
/* The content of @path, mapped rather than read, when it is at most @max_bytes. */
GBytes   *chorus_deposit_file_map   (const char  *path,
                                     gsize        max_bytes,
                                     GError     **error);

G_END_DECLS
