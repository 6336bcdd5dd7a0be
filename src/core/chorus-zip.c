/* chorus-zip.c: a ZIP reader over memory, from the central directory, every offset and size checked
 * before use; inflating stops at the declared size. Members' CRCs are not checked: a damaged member
 * shows as a damaged document. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-zip.h"

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u
#define END_SIZE    22
#define CENTRAL_SIZE 46
#define LOCAL_SIZE  30
#define MAX_NAME_BYTES 120

void
chorus_zip_entry_free (ChorusZipEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry->path);
  g_clear_pointer (&entry->data, g_bytes_unref);
  g_free (entry);
}

static guint16
read16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
read32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

gboolean
chorus_bytes_is_pdf (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  /* The header may follow a few bytes of junk (PDF readers allow up to 1024), but not a ZIP's
   * header: a stored PDF inside an archive comes early too. */
  if (chorus_bytes_is_zip (bytes))
    return FALSE;
  for (gsize i = 0; data != NULL && i + 5 <= MIN (size, 1024); i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

gboolean
chorus_bytes_is_zip (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL && size >= 4 && data[0] == 'P' && data[1] == 'K' &&
         ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6));
}

char *
chorus_zip_safe_name (const char *path)
{
  g_autofree char *valid = NULL;
  const char *base;
  GString *out;

  valid = g_utf8_make_valid (path ? path : "", -1);
  /* Both separators count: an archive made on Windows uses backslashes. */
  base = valid;
  for (const char *p = valid; *p != '\0'; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;

  out = g_string_new (NULL);
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || strchr ("<>:\"|?*", (int) (c < 128 ? c : 'a')) != NULL)
        g_string_append_c (out, '_');
      else if (out->len == 0 && (c == '.' || c == ' '))
        continue;   /* no hidden files, no "." or ".." */
      else
        g_string_append_unichar (out, c);
      if (out->len > MAX_NAME_BYTES)
        {
          /* Keep the extension when cutting a long name. */
          const char *dot = strrchr (base, '.');
          gsize keep = dot && strlen (dot) <= 10 ? strlen (dot) : 0;
          g_autofree char *ext = keep ? g_strdup (dot) : NULL;
          const char *end = out->str + MAX_NAME_BYTES - keep;

          while (end > out->str && (*end & 0xC0) == 0x80)
            end--;
          g_string_truncate (out, (gsize) (end - out->str));
          if (ext != NULL)
            g_string_append (out, ext);
          break;
        }
    }
  while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '.'))
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_assign (out, "document");
  return g_string_free (out, FALSE);
}

static GBytes *
inflate_member (const guint8  *data,
                gsize          compressed,
                gsize          expected,
                GError       **error)
{
  g_autoptr(GConverter) inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW));
  guint8 *out = g_malloc (MAX (expected, 1));
  gsize read_total = 0, written_total = 0;

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;
      g_autoptr(GError) local = NULL;

      if (written_total == expected)
        {
          /* Room for nothing more: any further output is more than the archive declared. */
          guint8 probe[1];

          result = g_converter_convert (inflater, data + read_total, compressed - read_total, probe, sizeof probe,
                                        G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written, &local);
          if (result == G_CONVERTER_FINISHED && bytes_written == 0)
            break;
          if (result != G_CONVERTER_ERROR && bytes_written == 0 && bytes_read == 0)
            break;
          g_free (out);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("A file of the archive is larger than the archive says."));
          return NULL;
        }
      result = g_converter_convert (inflater, data + read_total, compressed - read_total, out + written_total,
                                    expected - written_total, G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written,
                                    &local);
      if (result == G_CONVERTER_ERROR)
        {
          g_free (out);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A file of the archive is damaged: %s"),
                       local->message);
          return NULL;
        }
      read_total += bytes_read;
      written_total += bytes_written;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        {
          g_free (out);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A file of the archive is cut short."));
          return NULL;
        }
    }
  if (written_total != expected)
    {
      g_free (out);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A file of the archive is not the size the archive says."));
      return NULL;
    }
  return g_bytes_new_take (out, written_total);
}

GPtrArray *
chorus_zip_read (GBytes  *zip,
                 gsize    max_entry_size,
                 gsize    max_total_size,
                 guint    max_entries,
                 GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_zip_entry_free);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (zip, &size);
  gssize end = -1;
  guint32 cd_offset, cd_size;
  guint16 n_entries;
  gsize pos, total = 0;

  g_return_val_if_fail (zip != NULL, NULL);

#define BAD(msg) G_STMT_START { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, msg); return NULL; } G_STMT_END

  /* The end record is in the last 64 kB (its comment is at most 65,535 bytes). */
  for (gssize i = (gssize) size - END_SIZE; i >= 0 && i >= (gssize) size - END_SIZE - 65535; i--)
    if (read32 (data + i) == SIG_END)
      {
        end = i;
        break;
      }
  if (end < 0)
    BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
  n_entries = read16 (data + end + 10);
  cd_size = read32 (data + end + 12);
  cd_offset = read32 (data + end + 16);
  if ((gsize) cd_offset > (gsize) end || (gsize) cd_size > (gsize) end - cd_offset)
    BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
  if (n_entries > max_entries)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("The archive holds too many files (%u)."), n_entries);
      return NULL;
    }

  pos = cd_offset;
  for (guint i = 0; i < n_entries; i++)
    {
      guint16 flags, method, name_len, extra_len, comment_len, local_name_len, local_extra_len;
      guint32 compressed, uncompressed, local_offset;
      g_autofree char *path = NULL;
      ChorusZipEntry *entry;
      const guint8 *member;
      gsize data_start;
      GBytes *bytes;

      if (pos + CENTRAL_SIZE > (gsize) end || read32 (data + pos) != SIG_CENTRAL)
        BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
      flags = read16 (data + pos + 8);
      method = read16 (data + pos + 10);
      compressed = read32 (data + pos + 20);
      uncompressed = read32 (data + pos + 24);
      name_len = read16 (data + pos + 28);
      extra_len = read16 (data + pos + 30);
      comment_len = read16 (data + pos + 32);
      local_offset = read32 (data + pos + 42);
      if (pos + CENTRAL_SIZE + name_len + extra_len + comment_len > (gsize) end)
        BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
      path = g_utf8_make_valid ((const char *) data + pos + CENTRAL_SIZE, name_len);
      pos += CENTRAL_SIZE + name_len + extra_len + comment_len;

      /* Folders, encrypted members and ZIP64 ones (over 4 GB: far beyond any limit) are left out. */
      if (name_len == 0 || path[strlen (path) - 1] == '/' || (flags & 1) != 0 ||
          compressed == G_MAXUINT32 || uncompressed == G_MAXUINT32 || (method != 0 && method != 8))
        continue;
      if (uncompressed > max_entry_size || total + uncompressed > max_total_size)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("A file of the archive is too large to open here (%s)."), path);
          return NULL;
        }
      if ((gsize) local_offset + LOCAL_SIZE > (gsize) cd_offset || read32 (data + local_offset) != SIG_LOCAL)
        BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
      local_name_len = read16 (data + local_offset + 26);
      local_extra_len = read16 (data + local_offset + 28);
      data_start = (gsize) local_offset + LOCAL_SIZE + local_name_len + local_extra_len;
      if (data_start > (gsize) cd_offset || compressed > (gsize) cd_offset - data_start)
        BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
      member = data + data_start;

      if (method == 0)
        {
          if (compressed != uncompressed)
            BAD (_("The file from Chorus Pro is not a readable ZIP archive."));
          bytes = g_bytes_new_from_bytes (zip, data_start, compressed);
        }
      else if ((bytes = inflate_member (member, compressed, uncompressed, error)) == NULL)
        return NULL;

      total += uncompressed;
      entry = g_new0 (ChorusZipEntry, 1);
      entry->name = chorus_zip_safe_name (path);
      entry->path = g_steal_pointer (&path);
      entry->data = bytes;
      g_ptr_array_add (entries, entry);
    }
#undef BAD
  return g_steal_pointer (&entries);
}
