/* test-zip.c: the ZIP reader takes stored and deflated members, never trusts a path, and refuses
 * oversized, lying, truncated or crowded archives with an error instead of memory or a crash. */
#include "config.h"

#include <string.h>

#include "chorus-zip.h"

typedef struct {
  GByteArray *out;
  GByteArray *central;
  guint16     count;
} Writer;

static void
put16 (GByteArray *a, guint v)
{
  guint8 b[2] = { v & 0xFF, (v >> 8) & 0xFF };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >> 24) & 0xFF };
  g_byte_array_append (a, b, 4);
}

static GBytes *
deflate_raw (const char *text, gsize len)
{
  g_autoptr(GConverter) z = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9));
  guint8 buf[65536];
  gsize read = 0, written = 0;
  g_autoptr(GError) error = NULL;
  GConverterResult result = g_converter_convert (z, text, len, buf, sizeof buf, G_CONVERTER_INPUT_AT_END, &read,
                                                 &written, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result, ==, G_CONVERTER_FINISHED);
  return g_bytes_new (buf, written);
}

/* @declared: the uncompressed size written in the headers (a liar may say less). */
static void
add (Writer *w, const char *name, const char *content, gsize len, gboolean deflate, guint32 declared)
{
  g_autoptr(GBytes) stored = deflate ? deflate_raw (content, len) : g_bytes_new (content, len);
  gsize stored_len = g_bytes_get_size (stored);
  guint32 offset = w->out->len;

  put32 (w->out, 0x04034b50); put16 (w->out, 20); put16 (w->out, 0); put16 (w->out, deflate ? 8 : 0);
  put16 (w->out, 0); put16 (w->out, 0); put32 (w->out, 0); put32 (w->out, (guint32) stored_len);
  put32 (w->out, declared); put16 (w->out, (guint) strlen (name)); put16 (w->out, 0);
  g_byte_array_append (w->out, (const guint8 *) name, (guint) strlen (name));
  g_byte_array_append (w->out, g_bytes_get_data (stored, NULL), (guint) stored_len);

  put32 (w->central, 0x02014b50); put16 (w->central, 20); put16 (w->central, 20); put16 (w->central, 0);
  put16 (w->central, deflate ? 8 : 0); put16 (w->central, 0); put16 (w->central, 0); put32 (w->central, 0);
  put32 (w->central, (guint32) stored_len); put32 (w->central, declared);
  put16 (w->central, (guint) strlen (name)); put16 (w->central, 0); put16 (w->central, 0);
  put16 (w->central, 0); put16 (w->central, 0); put32 (w->central, 0); put32 (w->central, offset);
  g_byte_array_append (w->central, (const guint8 *) name, (guint) strlen (name));
  w->count++;
}

static GBytes *
finish (Writer *w)
{
  guint32 cd_offset = w->out->len;

  g_byte_array_append (w->out, w->central->data, w->central->len);
  put32 (w->out, 0x06054b50); put16 (w->out, 0); put16 (w->out, 0); put16 (w->out, w->count);
  put16 (w->out, w->count); put32 (w->out, w->central->len); put32 (w->out, cd_offset); put16 (w->out, 0);
  g_byte_array_unref (w->central);
  return g_byte_array_free_to_bytes (w->out);
}

static Writer
writer (void)
{
  Writer w = { g_byte_array_new (), g_byte_array_new (), 0 };
  return w;
}

static void
test_read_members (void)
{
  static const char pdf[] = "%PDF-1.4\n% pièce jointe\n";
  g_autofree char *big = g_strnfill (20000, 'a');
  Writer w = writer ();
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  ChorusZipEntry *entry;

  add (&w, "FAC-1/FAC-1.pdf", pdf, strlen (pdf), FALSE, strlen (pdf));
  add (&w, "FAC-1/", "", 0, FALSE, 0);
  add (&w, "FAC-1/../../../etc/passwd", "x", 1, FALSE, 1);
  add (&w, "C:\\Users\\x\\Bon de livraison.txt", big, 20000, TRUE, 20000);
  add (&w, "..", "y", 1, FALSE, 1);
  zip = finish (&w);
  g_assert_true (chorus_bytes_is_zip (zip));
  g_assert_false (chorus_bytes_is_pdf (zip));

  entries = chorus_zip_read (zip, 1 << 20, 4 << 20, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);   /* the folder is left out */
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->name, ==, "FAC-1.pdf");
  g_assert_cmpstr (entry->path, ==, "FAC-1/FAC-1.pdf");
  g_assert_true (chorus_bytes_is_pdf (entry->data));
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->name, ==, "passwd");
  entry = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (entry->name, ==, "Bon de livraison.txt");
  g_assert_cmpuint (g_bytes_get_size (entry->data), ==, 20000);
  g_assert_cmpint (((const char *) g_bytes_get_data (entry->data, NULL))[19999], ==, 'a');
  entry = g_ptr_array_index (entries, 3);
  g_assert_cmpstr (entry->name, ==, "document");
}

static void
test_refusals (void)
{
  g_autofree char *big = g_strnfill (100000, 'b');
  g_autoptr(GError) error = NULL;

  {
    /* A bomb: 100 kB inflated from a member that says 1 kB. */
    Writer w = writer ();
    g_autoptr(GBytes) zip = NULL;
    g_autoptr(GPtrArray) entries = NULL;

    add (&w, "bomb.txt", big, 100000, TRUE, 1000);
    zip = finish (&w);
    entries = chorus_zip_read (zip, 1 << 20, 4 << 20, 100, &error);
    g_assert_null (entries);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
  {
    /* Honest, but over the limits of one member, then of the whole. */
    Writer w = writer ();
    g_autoptr(GBytes) zip = NULL;
    g_autoptr(GPtrArray) entries = NULL;

    add (&w, "a.txt", big, 100000, TRUE, 100000);
    add (&w, "b.txt", big, 100000, FALSE, 100000);
    zip = finish (&w);
    entries = chorus_zip_read (zip, 50000, 1 << 20, 100, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    entries = chorus_zip_read (zip, 1 << 20, 150000, 100, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    entries = chorus_zip_read (zip, 1 << 20, 1 << 20, 1, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    entries = chorus_zip_read (zip, 1 << 20, 1 << 20, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 2);

    /* Every cut of the archive is refused or read, never read past its end. */
    for (gsize cut = 0; cut < g_bytes_get_size (zip); cut += 97)
      {
        g_autoptr(GBytes) part = g_bytes_new_from_bytes (zip, 0, cut);
        g_autoptr(GPtrArray) got = chorus_zip_read (part, 1 << 20, 1 << 20, 100, &error);

        g_assert_null (got);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        g_clear_error (&error);
      }
  }
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("not a zip", 9);
    g_autoptr(GPtrArray) entries = chorus_zip_read (text, 100, 100, 10, &error);

    g_assert_null (entries);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_safe_names (void)
{
  static const struct {
    const char *path;
    const char *name;
  } cases[] = {
    { "a/b/c.pdf", "c.pdf" },
    { "..\\..\\windows\\system.ini", "system.ini" },
    { "/etc/passwd", "passwd" },
    { ".bashrc", "bashrc" },
    { "facture:2026?.pdf", "facture_2026_.pdf" },
    { "retour\nligne.pdf", "retour_ligne.pdf" },
    { "dossier/", "document" },
    { "", "document" },
    { "trailing. ", "trailing" },
    { "été 2026 – relevé.pdf", "été 2026 – relevé.pdf" },
  };
  g_autofree char *long_name = g_strdup_printf ("%s.pdf", g_strnfill (300, 'x'));
  g_autofree char *cut = chorus_zip_safe_name (long_name);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = chorus_zip_safe_name (cases[i].path);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
  g_assert_cmpuint (strlen (cut), <=, 124);
  g_assert_true (g_str_has_suffix (cut, ".pdf"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/zip/read-members", test_read_members);
  g_test_add_func ("/zip/refusals", test_refusals);
  g_test_add_func ("/zip/safe-names", test_safe_names);
  return g_test_run ();
}
