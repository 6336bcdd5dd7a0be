/* chorus-test-zip.c: a ZIP writer for tests, with knobs to make the archive lie. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "chorus-test-zip.h"

static void
put16 (GByteArray *a, guint v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };

  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (a, b, 4);
}

static GBytes *
raw_deflate (GBytes *data)
{
  z_stream stream = { 0 };
  gsize size = 0;
  const guint8 *in = g_bytes_get_data (data, &size);
  gsize bound;
  guint8 *out;

  if (deflateInit2 (&stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    g_error ("deflateInit2 failed");
  bound = deflateBound (&stream, size);
  out = g_malloc (bound);
  stream.next_in = (Bytef *) in;
  stream.avail_in = size;
  stream.next_out = out;
  stream.avail_out = bound;
  if (deflate (&stream, Z_FINISH) != Z_STREAM_END)
    g_error ("deflate failed");
  bound = stream.total_out;
  deflateEnd (&stream);
  return g_bytes_new_take (out, bound);
}

GBytes *
chorus_test_zip_write (const ChorusTestZipEntry *entries, gsize n, gint64 declared_count)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) central = g_byte_array_new ();
  g_autofree guint32 *offsets = g_new0 (guint32, MAX (n, 1));
  guint32 cd_offset;

  for (gsize i = 0; i < n; i++)
    {
      const ChorusTestZipEntry *e = &entries[i];
      gsize name_length = e->name_length ? e->name_length : strlen (e->name);
      g_autoptr(GBytes) stored = e->deflate ? raw_deflate (e->data) : g_bytes_ref (e->data);
      gsize size = 0, csize = 0;
      const guint8 *raw = g_bytes_get_data (e->data, &size);
      const guint8 *cdata = g_bytes_get_data (stored, &csize);
      guint32 crc = (guint32) crc32 (0L, raw, (uInt) size) ^ (e->bad_crc ? 1u : 0u);
      guint32 declared = e->declared_size ? e->declared_size : (guint32) size;
      guint32 offset = e->local_offset >= 0 ? offsets[e->local_offset] : out->len;

      if (e->local_offset < 0)
        {
          offsets[i] = out->len;
          put32 (out, 0x04034b50);
          put16 (out, 20);
          put16 (out, e->flags);
          put16 (out, e->deflate ? 8 : 0);
          put16 (out, 0);
          put16 (out, 0);
          put32 (out, crc);
          put32 (out, (guint32) csize);
          put32 (out, declared);
          put16 (out, (guint) name_length);
          put16 (out, 0);
          g_byte_array_append (out, (const guint8 *) e->name, (guint) name_length);
          g_byte_array_append (out, cdata, (guint) csize);
        }

      put32 (central, 0x02014b50);
      put16 (central, e->made_by | 20);
      put16 (central, 20);
      put16 (central, e->flags);
      put16 (central, e->deflate ? 8 : 0);
      put16 (central, 0);
      put16 (central, 0);
      put32 (central, crc);
      put32 (central, (guint32) csize);
      put32 (central, declared);
      put16 (central, (guint) name_length);
      put16 (central, 0);
      put16 (central, 0);
      put16 (central, 0);
      put16 (central, 0);
      put32 (central, e->external);
      put32 (central, offset);
      g_byte_array_append (central, (const guint8 *) e->name, (guint) name_length);
    }
  cd_offset = out->len;
  g_byte_array_append (out, central->data, central->len);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, (guint) ((declared_count < 0 ? (gint64) n : declared_count) & 0xffff));
  put16 (out, (guint) ((declared_count < 0 ? (gint64) n : declared_count) & 0xffff));
  put32 (out, central->len);
  put32 (out, cd_offset);
  put16 (out, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

ChorusTestZipEntry
chorus_test_zip_entry (const char *name, GBytes *data, gboolean deflate)
{
  ChorusTestZipEntry e = { 0 };

  e.name = name;
  e.data = data;
  e.deflate = deflate;
  e.local_offset = -1;
  return e;
}
