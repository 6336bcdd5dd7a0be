/* chorus-sim-zip.c: stored (uncompressed) ZIP entries with CRC-32, enough for any unzip tool. */
#include "config.h"

#include <string.h>

#include "chorus-sim-zip.h"

struct _SimZip {
  GByteArray *out;
  GByteArray *central;
  guint16     n_entries;
};

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

void
sim_zip_add (SimZip *zip, const char *name, GBytes *data)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  guint32 crc = crc32_of (bytes, len);
  guint32 offset = zip->out->len;
  guint16 name_len = (guint16) strlen (name);

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
  put16 (zip->out, name_len);
  put16 (zip->out, 0);
  g_byte_array_append (zip->out, (const guint8 *) name, name_len);
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
  put16 (zip->central, name_len);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put16 (zip->central, 0);
  put32 (zip->central, 0);
  put32 (zip->central, offset);
  g_byte_array_append (zip->central, (const guint8 *) name, name_len);
  zip->n_entries++;
}

GBytes *
sim_zip_finish (SimZip *zip)
{
  guint32 central_offset = zip->out->len;
  GByteArray *out;

  g_byte_array_append (zip->out, zip->central->data, zip->central->len);
  put32 (zip->out, 0x06054b50);
  put16 (zip->out, 0);
  put16 (zip->out, 0);
  put16 (zip->out, zip->n_entries);
  put16 (zip->out, zip->n_entries);
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
