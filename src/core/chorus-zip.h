/* chorus-zip.h: reads the ZIP archives Chorus Pro sends (telecharger/groupe with attachments),
 * defensively: bounded sizes, no path ever used as given. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char   *name;     /* the member's base name, made safe to show and to save (never empty) */
  char   *path;     /* the path as stored in the archive, for matching only (UTF-8 checked) */
  GBytes *data;
} ChorusZipEntry;

void        chorus_zip_entry_free  (ChorusZipEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusZipEntry, chorus_zip_entry_free)

/* The files of @zip (stored or deflated; directories, encrypted and ZIP64 members left out), at
 * most @max_entries of at most @max_entry_size bytes each and @max_total_size together: an
 * archive beyond these, or malformed, is an error (G_IO_ERROR_INVALID_DATA or _NO_SPACE). */
GPtrArray  *chorus_zip_read        (GBytes         *zip,
                                    gsize           max_entry_size,
                                    gsize           max_total_size,
                                    guint           max_entries,
                                    GError        **error);
/* A file name made from any path: the last component only, control characters, separators and
 * characters Windows forbids replaced, no leading dot, at most 120 bytes; "document" if empty. */
char       *chorus_zip_safe_name   (const char     *path);
/* What the bytes are, from their first bytes. */
gboolean    chorus_bytes_is_pdf    (GBytes         *bytes);
gboolean    chorus_bytes_is_zip    (GBytes         *bytes);

G_END_DECLS
