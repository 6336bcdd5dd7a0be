/* chorus-zip-reader.h: a bounded, path-safe reader of the ZIP archives Chorus Pro sends. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CHORUS_ZIP_ERROR (chorus_zip_error_quark ())

typedef enum {
  CHORUS_ZIP_ERROR_CORRUPT,      /* not a ZIP, truncated, inconsistent headers, bad CRC */
  CHORUS_ZIP_ERROR_TOO_LARGE,    /* a limit below was exceeded (size, count, ratio) */
  CHORUS_ZIP_ERROR_UNSUPPORTED,  /* ZIP64, multi-disk archives */
} ChorusZipError;

GQuark chorus_zip_error_quark (void);

/* What an archive may expand to. A file over max_entry_size, a total over max_total_size,
 * more than max_entries entries, or an entry expanding more than max_ratio times its
 * compressed size (once it is over 1 MiB) refuses the whole archive: that is a bomb. */
typedef struct {
  guint64 max_total_size;
  guint64 max_entry_size;
  guint   max_entries;
  guint   max_ratio;
} ChorusZipLimits;

/* 256 MiB in all, 128 MiB per file, 4096 entries, 200:1. Chorus Pro caps a download at
 * 120 MB and an attachment at 10 MB, so a real answer stays far below. */
void chorus_zip_limits_init (ChorusZipLimits *limits);

/* One regular file of the archive. */
typedef struct {
  char   *folder;   /* sanitised parent folders joined by "/", or NULL at the top */
  char   *name;     /* sanitised file name: no separator, no "..", no control character,
                     * unique within its folder */
  GBytes *data;
} ChorusZipEntry;

void chorus_zip_entry_free (ChorusZipEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusZipEntry, chorus_zip_entry_free)

/* Whether @data starts like a ZIP archive ("PK\3\4", or "PK\5\6" for an empty one). */
gboolean   chorus_zip_sniff (GBytes                *data);

/* Every regular file of @archive, in the order of the central directory (GPtrArray of
 * ChorusZipEntry). Directories, symbolic links and encrypted or unknown-method entries are
 * left out and counted in @n_skipped (may be NULL). Stored and deflated entries are read and
 * their CRC checked. @limits NULL = the defaults. Errors are CHORUS_ZIP_ERROR, in French. */
GPtrArray *chorus_zip_read  (GBytes                *archive,
                             const ChorusZipLimits *limits,
                             guint                 *n_skipped,
                             GError               **error);

/* A file name made safe to create in a folder of ours: path separators, "..", control and
 * reserved characters replaced, at most 120 bytes, never empty. Shared with the attachment
 * cache so every name written to disk goes through the same rule. */
char      *chorus_zip_sanitize_name (const char *name);

G_END_DECLS
