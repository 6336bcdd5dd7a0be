/* chorus-sim-zip.c: stored (uncompressed) ZIP entries with CRC-32, enough for any unzip tool.
 * Entry names come from invoice numbers and uploaded file names: each path element is made
 * harmless (no "..", no absolute path, no backslash), and the classic format's limits (65,535
 * entries, 4 GiB sizes and offsets, 64 KiB names) are refused rather than wrapped.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-zip.h"

struct _SimZip {
  GByteArray *out;
  GByteArray *central;
  guint       n_entries;
  gboolean    overflow;
};

#define ZIP_MAX_ENTRIES 65535
#define ZIP_MAX_SIZE    G_GUINT64_CONSTANT (0xFFFFFFFF)

static guint32
crc32_of (const guint8 *data, gsize len)
{
  static guint32 table[256];
  static gsize initialized = 0;
  guint32 crc = 0xFFFFFFFFu;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 i = 0; i < 256; i++)
        {
          guint32 c = i;
          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

static void
put16 (GByteArray *a, guint16 v)
{
  guint8 b[2] = { v & 0xFF, v >> 8 };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };
  g_byte_array_append (a, b, 4);
}

SimZip *
sim_zip_new (void)
{
  SimZip *zip = g_new0 (SimZip, 1);

  zip->out = g_byte_array_new ();
  zip->central = g_byte_array_new ();
  return zip;
}

char *
sim_zip_safe_name (const char *name)
{
  g_auto(GStrv) parts = g_strsplit_set (name ? name : "", "/\\", -1);
  GString *out = g_string_new (NULL);

  for (guint k = 0; parts[k] != NULL; k++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[k]));

      /* "." and ".." (and what only dots make) would climb out of the folder. */
      if (*part == '\0' || strspn (part, ".") == strlen (part))
        continue;
      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, part);
    }
  if (out->len == 0)
    g_string_append (out, "fichier");
  return g_string_free (out, FALSE);
}

gboolean
sim_zip_add (SimZip *zip, const char *name, GBytes *data)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  g_autofree char *safe = sim_zip_safe_name (name);
  gsize name_len = strlen (safe);
  guint32 crc;
  guint32 offset = zip->out->len;

  if (zip->n_entries >= ZIP_MAX_ENTRIES || len > ZIP_MAX_SIZE || name_len > G_MAXUINT16 ||
      (guint64) zip->out->len + len + name_len + 30 > ZIP_MAX_SIZE)
    {
      zip->overflow = TRUE;
      return FALSE;
    }
  crc = crc32_of (bytes, len);
  name = safe;

  /* Local file header; flag bit 11: the name is UTF-8. */
  put32 (zip->out, 0x04034b50);
  put16 (zip->out, 20);
  put16 (zip->out, 0x0800);
  put16 (zip->out, 0);
  put16 (zip->out, 0);
  put16 (zip->out, 0x21);
  put32 (zip->out, crc);
  put32 (zip->out, (guint32) len);
  put32 (zip->out, (guint32) len);
  put16 (zip->out, (guint16) name_len);
  put16 (zip->out, 0);
  g_byte_array_append (zip->out, (const guint8 *) name, (guint) name_len);
  g_byte_array_append (zip->out, bytes, (guint) len);

  put32 (zip->central, 0x02014b50);
  put16 (zip->central, 20);
  put16 (zip->central, 20);
  put16 (zip->central, 0x0800);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put16 (zip->central, 0x21);
  put32 (zip->central, crc);
  put32 (zip->central, (guint32) len);
  put32 (zip->central, (guint32) len);
  put16 (zip->central, (guint16) name_len);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put32 (zip->central, 0);
  put32 (zip->central, offset);
  g_byte_array_append (zip->central, (const guint8 *) name, (guint) name_len);
  zip->n_entries++;
  return TRUE;
}

GBytes *
sim_zip_finish (SimZip *zip)
{
  guint32 central_offset = zip->out->len;
  GByteArray *out;

  if (zip->overflow || (guint64) zip->out->len + zip->central->len + 22 > ZIP_MAX_SIZE)
    return NULL;

  g_byte_array_append (zip->out, zip->central->data, zip->central->len);
  put32 (zip->out, 0x06054b50);
  put16 (zip->out, 0);
  put16 (zip->out, 0);
  put16 (zip->out, (guint16) zip->n_entries);
  put16 (zip->out, (guint16) zip->n_entries);
  put32 (zip->out, zip->central->len);
  put32 (zip->out, central_offset);
  put16 (zip->out, 0);
  out = g_steal_pointer (&zip->out);
  zip->out = g_byte_array_new ();
  return g_byte_array_free_to_bytes (out);
}

void
sim_zip_free (SimZip *zip)
{
  if (zip == NULL)
    return;
  g_byte_array_unref (zip->out);
  g_byte_array_unref (zip->central);
  g_free (zip);
}
