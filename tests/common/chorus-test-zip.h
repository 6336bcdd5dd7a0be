/* chorus-test-zip.h: writes ZIP archives byte by byte for tests, honest or hostile. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;
  gsize       name_length;   /* 0 = strlen (name) */
  GBytes     *data;
  gboolean    deflate;
  guint16     made_by;       /* host in the high byte: 0 = MS-DOS, 3 = Unix */
  guint32     external;      /* external attributes (Unix mode << 16) */
  guint16     flags;
  guint32     declared_size; /* 0 = the real size */
  gint64      local_offset;  /* < 0 = its own local header; else the index of an earlier entry's */
  gboolean    bad_crc;
} ChorusTestZipEntry;

/* A plain entry: its own header, the real sizes and CRC. */
ChorusTestZipEntry chorus_test_zip_entry (const char *name,
                                          GBytes     *data,
                                          gboolean    deflate);
/* The archive of @n entries; @declared_count < 0 = the real count (a 16-bit field). */
GBytes            *chorus_test_zip_write (const ChorusTestZipEntry *entries,
                                          gsize                     n,
                                          gint64                    declared_count);

G_END_DECLS
