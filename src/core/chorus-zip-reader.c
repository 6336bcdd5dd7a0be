/* chorus-zip-reader.c: reads the ZIP answers of telecharger/groupe without trusting them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "chorus-zip-reader.h"

G_DEFINE_QUARK (chorus-zip-error-quark, chorus_zip_error)

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u
#define SIG_END64_LOCATOR 0x07064b50u

#define LOCAL_HEADER_SIZE   30
#define CENTRAL_HEADER_SIZE 46
#define END_RECORD_SIZE     22

#define FLAG_ENCRYPTED 0x0001
#define FLAG_UTF8      0x0800

#define METHOD_STORED  0
#define METHOD_DEFLATE 8

#define HOST_UNIX 3
#define UNIX_TYPE_MASK    0170000u
#define UNIX_TYPE_SYMLINK 0120000u
#define UNIX_TYPE_DIR     0040000u

/* A ratio check on tiny files would refuse honest text files full of blanks. */
#define RATIO_FLOOR (1024 * 1024)
#define MAX_NAME_BYTES 120

void
chorus_zip_limits_init (ChorusZipLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_total_size = 256 * 1024 * 1024;
  limits->max_entry_size = 128 * 1024 * 1024;
  limits->max_entries = 4096;
  limits->max_ratio = 200;
}

void
chorus_zip_entry_free (ChorusZipEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->folder);
  g_free (entry->name);
  g_clear_pointer (&entry->data, g_bytes_unref);
  g_free (entry);
}

gboolean
chorus_zip_sniff (GBytes *data)
{
  gsize size = 0;
  const guint8 *p;

  if (data == NULL)
    return FALSE;
  p = g_bytes_get_data (data, &size);
  return size >= 4 && p[0] == 'P' && p[1] == 'K' &&
         ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
fail (GError **error, ChorusZipError code, const char *message)
{
  g_set_error_literal (error, CHORUS_ZIP_ERROR, code, message);
  return FALSE;
}

static gboolean
fail_corrupt (GError **error)
{
  return fail (error, CHORUS_ZIP_ERROR_CORRUPT,
               _("The archive sent by Chorus Pro is damaged or incomplete."));
}

static gboolean
fail_bomb (GError **error)
{
  return fail (error, CHORUS_ZIP_ERROR_TOO_LARGE,
               _("The archive sent by Chorus Pro expands to more than this app accepts; "
                 "nothing was extracted."));
}

/* ------------------------------------------------------------------ names */

static gboolean
is_reserved (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || strchr ("<>:\"/\\|?*", (int) c) != NULL ||
         c == 0x2028 || c == 0x2029 || c == 0x202e || c == 0xfeff;
}

char *
chorus_zip_sanitize_name (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *dot;

  if (name != NULL)
    valid = g_utf8_make_valid (name, -1);
  for (const char *p = valid; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xfffd || is_reserved (c))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }
  /* No hidden files, no names that are only dots or blanks. */
  while (out->len > 0 && (out->str[0] == '.' || out->str[0] == ' '))
    g_string_erase (out, 0, 1);
  while (out->len > 0 && (out->str[out->len - 1] == '.' || out->str[out->len - 1] == ' '))
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    return g_strdup (_("file"));
  if (out->len <= MAX_NAME_BYTES)
    return g_string_free (g_steal_pointer (&out), FALSE);

  /* Too long: shorten the stem on a character boundary and keep a short extension. */
  dot = strrchr (out->str, '.');
  {
    gsize ext_len = dot != NULL && strlen (dot) <= 16 ? strlen (dot) : 0;
    gsize keep = MAX_NAME_BYTES - ext_len;
    const char *end = out->str + keep;
    g_autofree char *ext = g_strdup (dot != NULL && ext_len > 0 ? dot : "");

    while (end > out->str && (*end & 0xc0) == 0x80)
      end--;
    g_string_truncate (out, (gsize) (end - out->str));
    g_string_append (out, ext);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The stored name in UTF-8: flagged UTF-8 or valid UTF-8 as is, otherwise CP437 (the ZIP
 * default, what Windows tools write). */
static char *
decode_name (const guint8 *raw, gsize length, guint16 flags)
{
  g_autofree char *text = g_strndup ((const char *) raw, length);
  char *converted;

  if (strlen (text) != length)
    {
      /* An embedded NUL: keep what precedes it, the rest is an attempt to hide a suffix. */
      length = strlen (text);
    }
  if ((flags & FLAG_UTF8) != 0 || g_utf8_validate (text, (gssize) length, NULL))
    return g_steal_pointer (&text);
  converted = g_convert (text, (gssize) length, "UTF-8", "CP437", NULL, NULL, NULL);
  return converted != NULL ? converted : g_utf8_make_valid (text, (gssize) length);
}

/* Splits a stored path into sanitised folder and file name. FALSE for a directory entry or
 * a path with nothing left once "", ".", ".." and a drive letter are dropped. */
static gboolean
split_path (const char *path, char **folder, char **name)
{
  g_autofree char *unified = g_strdup (path);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  gsize length = strlen (unified);

  g_strdelimit (unified, "\\", '/');
  if (length == 0 || unified[length - 1] == '/')
    return FALSE;
  parts = g_strsplit (unified, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (*part == '\0' || strcmp (part, ".") == 0 || strcmp (part, "..") == 0)
        continue;
      if (kept->len == 0 && strlen (part) == 2 && g_ascii_isalpha (part[0]) && part[1] == ':')
        continue;
      g_ptr_array_add (kept, chorus_zip_sanitize_name (part));
    }
  if (kept->len == 0)
    return FALSE;
  *name = g_strdup (g_ptr_array_index (kept, kept->len - 1));
  g_ptr_array_set_size (kept, kept->len - 1);
  if (kept->len == 0)
    *folder = NULL;
  else
    {
      g_ptr_array_add (kept, NULL);
      *folder = g_strjoinv ("/", (char **) kept->pdata);
    }
  return TRUE;
}

/* "name.pdf" -> "name (2).pdf" until @seen has no such folder/name. */
static char *
unique_name (GHashTable *seen, const char *folder, const char *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot != NULL && dot != name ? g_strndup (name, (gsize) (dot - name))
                                                     : g_strdup (name);
  const char *ext = dot != NULL && dot != name ? dot : "";
  char *candidate = g_strdup (name);

  for (guint n = 2;; n++)
    {
      g_autofree char *key = g_strconcat (folder ? folder : "", "/", candidate, NULL);

      if (!g_hash_table_contains (seen, key))
        {
          g_hash_table_add (seen, g_steal_pointer (&key));
          return candidate;
        }
      g_free (candidate);
      candidate = g_strdup_printf ("%s (%u)%s", stem, n, ext);
    }
}

/* ------------------------------------------------------------------ archive structure */

typedef struct {
  guint16 flags;
  guint16 method;
  guint32 crc;
  guint32 compressed;
  guint32 size;
  guint32 local_offset;
  guint64 data_start;
  char   *path;
  gboolean skip;
} CentralEntry;

static void
central_entry_clear (gpointer data)
{
  CentralEntry *entry = data;

  g_free (entry->path);
}

/* The end-of-central-directory record, searched backwards over the longest comment. */
static gboolean
find_end_record (const guint8 *data, gsize size, gsize *position)
{
  gsize lowest;

  if (size < END_RECORD_SIZE)
    return FALSE;
  lowest = size > END_RECORD_SIZE + 0xffff ? size - END_RECORD_SIZE - 0xffff : 0;
  for (gsize pos = size - END_RECORD_SIZE + 1; pos-- > lowest;)
    if (get32 (data + pos) == SIG_END && pos + END_RECORD_SIZE + get16 (data + pos + 20) <= size)
      {
        *position = pos;
        return TRUE;
      }
  return FALSE;
}

static gboolean
read_central_directory (const guint8          *data,
                        gsize                  size,
                        const ChorusZipLimits *limits,
                        GArray                *entries,
                        guint64               *directory_start,
                        GError               **error)
{
  gsize end, pos, cd_end;
  guint16 disk, cd_disk, declared_here, declared;
  guint32 cd_size, cd_offset;

  if (!find_end_record (data, size, &end))
    return fail_corrupt (error);
  disk = get16 (data + end + 4);
  cd_disk = get16 (data + end + 6);
  declared_here = get16 (data + end + 8);
  declared = get16 (data + end + 10);
  cd_size = get32 (data + end + 12);
  cd_offset = get32 (data + end + 16);

  /* 0xFFFF entries is also what an archive of 65,536 or more declares. */
  if (declared > limits->max_entries)
    return fail_bomb (error);
  if (disk != 0 || cd_disk != 0 || declared_here != declared)
    return fail (error, CHORUS_ZIP_ERROR_UNSUPPORTED,
                 _("The archive sent by Chorus Pro is split over several parts, which this app "
                   "does not read."));
  if (cd_size == 0xffffffffu || cd_offset == 0xffffffffu ||
      (end >= 20 && get32 (data + end - 20) == SIG_END64_LOCATOR))
    return fail (error, CHORUS_ZIP_ERROR_UNSUPPORTED,
                 _("The archive sent by Chorus Pro uses the ZIP64 format, which this app does "
                   "not read."));
  if ((guint64) cd_offset + cd_size > end)
    return fail_corrupt (error);

  *directory_start = cd_offset;
  cd_end = (gsize) cd_offset + cd_size;
  for (pos = cd_offset; pos < cd_end;)
    {
      CentralEntry entry = { 0 };
      guint16 name_len, extra_len, comment_len, made_by;
      guint32 external;

      if (entries->len >= limits->max_entries)
        return fail_bomb (error);
      if (cd_end - pos < CENTRAL_HEADER_SIZE || get32 (data + pos) != SIG_CENTRAL)
        return fail_corrupt (error);
      made_by = get16 (data + pos + 4);
      entry.flags = get16 (data + pos + 8);
      entry.method = get16 (data + pos + 10);
      entry.crc = get32 (data + pos + 16);
      entry.compressed = get32 (data + pos + 20);
      entry.size = get32 (data + pos + 24);
      name_len = get16 (data + pos + 28);
      extra_len = get16 (data + pos + 30);
      comment_len = get16 (data + pos + 32);
      external = get32 (data + pos + 38);
      entry.local_offset = get32 (data + pos + 42);
      if ((guint64) pos + CENTRAL_HEADER_SIZE + name_len + extra_len + comment_len > cd_end)
        return fail_corrupt (error);
      if (entry.compressed == 0xffffffffu || entry.size == 0xffffffffu ||
          entry.local_offset == 0xffffffffu)
        return fail (error, CHORUS_ZIP_ERROR_UNSUPPORTED,
                     _("The archive sent by Chorus Pro uses the ZIP64 format, which this app "
                       "does not read."));
      entry.path = decode_name (data + pos + CENTRAL_HEADER_SIZE, name_len, entry.flags);
      /* Links could point anywhere once extracted; only regular files are kept. */
      if ((made_by >> 8) == HOST_UNIX &&
          ((external >> 16) & UNIX_TYPE_MASK) != 0 &&
          ((external >> 16) & UNIX_TYPE_MASK) != 0100000u)
        entry.skip = TRUE;
      if ((external & 0x10) != 0)   /* MS-DOS directory attribute */
        entry.skip = TRUE;
      if ((entry.flags & FLAG_ENCRYPTED) != 0 ||
          (entry.method != METHOD_STORED && entry.method != METHOD_DEFLATE))
        entry.skip = TRUE;
      g_array_append_val (entries, entry);
      pos += CENTRAL_HEADER_SIZE + name_len + extra_len + comment_len;
    }
  if (entries->len != declared)
    return fail_corrupt (error);
  return TRUE;
}

static int
compare_offsets (gconstpointer a, gconstpointer b)
{
  const CentralEntry *const *ea = a;
  const CentralEntry *const *eb = b;

  return (*ea)->local_offset < (*eb)->local_offset ? -1
         : (*ea)->local_offset > (*eb)->local_offset ? 1 : 0;
}

/* Locates each entry's data after its local header, and refuses entries whose data overlap:
 * overlapping entries are how a small archive claims gigabytes. */
static gboolean
locate_data (const guint8 *data, GArray *entries, guint64 directory_start, GError **error)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (entries->len);
  guint64 previous_end = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      CentralEntry *entry = &g_array_index (entries, CentralEntry, i);
      guint64 header = entry->local_offset;

      if (header + LOCAL_HEADER_SIZE > directory_start || get32 (data + header) != SIG_LOCAL)
        return fail_corrupt (error);
      entry->data_start = header + LOCAL_HEADER_SIZE + get16 (data + header + 26) +
                          get16 (data + header + 28);
      if (entry->data_start + entry->compressed > directory_start)
        return fail_corrupt (error);
      g_ptr_array_add (sorted, entry);
    }
  g_ptr_array_sort (sorted, compare_offsets);
  for (guint i = 0; i < sorted->len; i++)
    {
      CentralEntry *entry = g_ptr_array_index (sorted, i);

      if (entry->local_offset < previous_end)
        return fail_bomb (error);
      previous_end = entry->data_start + entry->compressed;
    }
  return TRUE;
}

static GBytes *
inflate_entry (const guint8 *input, const CentralEntry *entry, GError **error)
{
  z_stream stream = { 0 };
  guint8 *output;
  int status;

  if (inflateInit2 (&stream, -MAX_WBITS) != Z_OK)
    {
      fail_corrupt (error);
      return NULL;
    }
  output = g_malloc (MAX (entry->size, 1));
  stream.next_in = (Bytef *) input;
  stream.avail_in = entry->compressed;
  stream.next_out = output;
  stream.avail_out = entry->size;
  status = inflate (&stream, Z_FINISH);
  inflateEnd (&stream);
  /* Exactly the declared size and a clean end: anything more would have been a lie. */
  if (status != Z_STREAM_END || stream.total_out != entry->size)
    {
      g_free (output);
      fail_corrupt (error);
      return NULL;
    }
  return g_bytes_new_take (output, entry->size);
}

static GBytes *
extract (const guint8 *data, const CentralEntry *entry, GError **error)
{
  const guint8 *input = data + entry->data_start;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const guint8 *out;

  if (entry->method == METHOD_STORED)
    {
      if (entry->compressed != entry->size)
        {
          fail_corrupt (error);
          return NULL;
        }
      bytes = g_bytes_new (input, entry->size);
    }
  else if ((bytes = inflate_entry (input, entry, error)) == NULL)
    return NULL;

  out = g_bytes_get_data (bytes, &size);
  if ((guint32) crc32 (0L, out, (uInt) size) != entry->crc)
    {
      fail_corrupt (error);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

GPtrArray *
chorus_zip_read (GBytes                *archive,
                 const ChorusZipLimits *limits,
                 guint                 *n_skipped,
                 GError               **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (CentralEntry));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_zip_entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ChorusZipLimits defaults;
  guint64 directory_start = 0, total = 0;
  guint skipped = 0;
  const guint8 *data;
  gsize size = 0;

  g_return_val_if_fail (archive != NULL, NULL);

  if (limits == NULL)
    {
      chorus_zip_limits_init (&defaults);
      limits = &defaults;
    }
  if (n_skipped != NULL)
    *n_skipped = 0;
  g_array_set_clear_func (entries, central_entry_clear);
  data = g_bytes_get_data (archive, &size);
  if (size > G_MAXUINT32)
    {
      fail (error, CHORUS_ZIP_ERROR_UNSUPPORTED,
            _("The archive sent by Chorus Pro uses the ZIP64 format, which this app does not "
              "read."));
      return NULL;
    }

  if (!read_central_directory (data, size, limits, entries, &directory_start, error) ||
      !locate_data (data, entries, directory_start, error))
    return NULL;

  /* Every size is checked from the directory before a single byte is inflated. */
  for (guint i = 0; i < entries->len; i++)
    {
      CentralEntry *entry = &g_array_index (entries, CentralEntry, i);

      if (entry->skip)
        continue;
      if (entry->size > limits->max_entry_size ||
          (entry->size > RATIO_FLOOR &&
           entry->size / MAX (entry->compressed, 1u) >= limits->max_ratio))
        {
          fail_bomb (error);
          return NULL;
        }
      total += entry->size;
      if (total > limits->max_total_size)
        {
          fail_bomb (error);
          return NULL;
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      CentralEntry *entry = &g_array_index (entries, CentralEntry, i);
      g_autoptr(ChorusZipEntry) file = NULL;
      g_autofree char *name = NULL;
      char *folder = NULL;

      if (entry->skip || !split_path (entry->path, &folder, &name))
        {
          skipped++;
          continue;
        }
      file = g_new0 (ChorusZipEntry, 1);
      file->folder = folder;
      file->name = unique_name (seen, folder, name);
      if ((file->data = extract (data, entry, error)) == NULL)
        return NULL;
      g_ptr_array_add (files, g_steal_pointer (&file));
    }
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&files);
}
