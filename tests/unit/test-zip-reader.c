/* test-zip-reader.c: the ZIP reader on archives written here byte by byte, honest and hostile. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "chorus-test-zip.h"
#include "chorus-zip-reader.h"

static GBytes *
text (const char *s)
{
  return g_bytes_new_static (s, strlen (s));
}

static ChorusZipEntry *
find (GPtrArray *files, const char *folder, const char *name)
{
  for (guint i = 0; i < files->len; i++)
    {
      ChorusZipEntry *f = g_ptr_array_index (files, i);

      if (g_strcmp0 (f->folder, folder) == 0 && g_strcmp0 (f->name, name) == 0)
        return f;
    }
  return NULL;
}

static void
assert_refused (GBytes *archive, const ChorusZipLimits *limits, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = chorus_zip_read (archive, limits, NULL, &error);

  g_assert_null (files);
  g_assert_error (error, CHORUS_ZIP_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_safe_names (GPtrArray *files)
{
  for (guint i = 0; i < files->len; i++)
    {
      ChorusZipEntry *f = g_ptr_array_index (files, i);

      g_assert_null (strchr (f->name, '/'));
      g_assert_null (strchr (f->name, '\\'));
      g_assert_true (f->name[0] != '.' && f->name[0] != '\0');
      if (f->folder != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (f->folder, "/", -1);

          for (guint k = 0; parts[k] != NULL; k++)
            g_assert_true (parts[k][0] != '\0' && parts[k][0] != '.' && strchr (parts[k], '\\') == NULL);
        }
      g_assert_true (g_utf8_validate (f->name, -1, NULL));
      for (const char *p = f->name; *p; p++)
        g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
    }
}

/* ------------------------------------------------------------------ tests */

static void
test_zip_sniff (void)
{
  g_autoptr(GBytes) pdf = text ("%PDF-1.7\n");
  g_autoptr(GBytes) zip = text ("PK\003\004rest");
  g_autoptr(GBytes) empty_zip = text ("PK\005\006");
  g_autoptr(GBytes) tiny = text ("PK");

  g_assert_false (chorus_zip_sniff (pdf));
  g_assert_true (chorus_zip_sniff (zip));
  g_assert_true (chorus_zip_sniff (empty_zip));
  g_assert_false (chorus_zip_sniff (tiny));
  g_assert_false (chorus_zip_sniff (NULL));
}

static void
test_zip_honest (void)
{
  g_autoptr(GBytes) pdf = text ("%PDF-1.4 invoice body %%EOF");
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) repeated = g_string_new (NULL);
  ChorusTestZipEntry entries[4];
  ChorusZipEntry *f;
  guint skipped = 99;

  for (int i = 0; i < 2000; i++)
    g_string_append_printf (repeated, "ligne %d de la pièce jointe\n", i);
  big = g_bytes_new (repeated->str, repeated->len);
  entries[0] = chorus_test_zip_entry ("4101/FACTURE_F-001.pdf", pdf, FALSE);
  entries[1] = chorus_test_zip_entry ("4101/PJ/bon de livraison.txt", big, TRUE);
  entries[2] = chorus_test_zip_entry ("4101/", g_bytes_new_static ("", 0), FALSE);
  entries[3] = chorus_test_zip_entry ("récapitulatif é.pdf", pdf, TRUE);
  entries[3].flags = 0x0800;
  archive = chorus_test_zip_write (entries, G_N_ELEMENTS (entries), -1);
  g_bytes_unref (entries[2].data);

  g_assert_true (chorus_zip_sniff (archive));
  files = chorus_zip_read (archive, NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpuint (skipped, ==, 1);     /* the folder entry */

  f = find (files, "4101", "FACTURE_F-001.pdf");
  g_assert_nonnull (f);
  g_assert_true (g_bytes_equal (f->data, pdf));
  f = find (files, "4101/PJ", "bon de livraison.txt");
  g_assert_nonnull (f);
  g_assert_true (g_bytes_equal (f->data, big));
  f = find (files, NULL, "récapitulatif é.pdf");
  g_assert_nonnull (f);
  g_assert_true (g_bytes_equal (f->data, pdf));
  assert_safe_names (files);
}

static void
test_zip_empty_and_cp437 (void)
{
  g_autoptr(GBytes) empty = chorus_test_zip_write (NULL, 0, -1);
  g_autoptr(GBytes) data = text ("x");
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  /* "Re\x82u.txt" in CP437 is "Reéu.txt" — what an old Windows zip tool writes. */
  ChorusTestZipEntry e = chorus_test_zip_entry ("Re\x82u.txt", data, FALSE);

  files = chorus_zip_read (empty, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 0);
  g_clear_pointer (&files, g_ptr_array_unref);

  archive = chorus_test_zip_write (&e, 1, -1);
  files = chorus_zip_read (archive, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (((ChorusZipEntry *) g_ptr_array_index (files, 0))->name, ==, "Reéu.txt");
}

static void
test_zip_traversal_and_absolute (void)
{
  g_autoptr(GBytes) data = text ("payload");
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  ChorusTestZipEntry entries[] = {
    chorus_test_zip_entry ("../../etc/passwd", data, FALSE),
    chorus_test_zip_entry ("a/../../b.txt", data, FALSE),
    chorus_test_zip_entry ("/etc/shadow", data, FALSE),
    chorus_test_zip_entry ("C:\\Windows\\system.ini", data, TRUE),
    chorus_test_zip_entry ("..\\..\\evil.bat", data, FALSE),
    chorus_test_zip_entry ("..", data, FALSE),
    chorus_test_zip_entry ("./.hidden", data, FALSE),
    chorus_test_zip_entry ("fac\ntu<re>|?.pdf", data, FALSE),
    chorus_test_zip_entry ("dup.pdf", data, FALSE),
    chorus_test_zip_entry ("dup.pdf", data, FALSE),
    chorus_test_zip_entry ("bidi\xe2\x80\xae" "fdp.exe", data, FALSE),
  };
  guint skipped = 0;

  archive = chorus_test_zip_write (entries, G_N_ELEMENTS (entries), -1);
  files = chorus_zip_read (archive, NULL, &skipped, &error);
  g_assert_no_error (error);
  assert_safe_names (files);
  g_assert_cmpuint (skipped, ==, 1);          /* ".." names nothing */
  g_assert_nonnull (find (files, "etc", "passwd"));
  g_assert_nonnull (find (files, "a", "b.txt"));
  g_assert_nonnull (find (files, "etc", "shadow"));
  g_assert_nonnull (find (files, "Windows", "system.ini"));
  g_assert_nonnull (find (files, NULL, "evil.bat"));
  g_assert_nonnull (find (files, NULL, "hidden"));
  g_assert_nonnull (find (files, NULL, "fac_tu_re___.pdf"));
  g_assert_nonnull (find (files, NULL, "dup.pdf"));
  g_assert_nonnull (find (files, NULL, "dup (2).pdf"));
  g_assert_nonnull (find (files, NULL, "bidi_fdp.exe"));
}

static void
test_zip_symlink_and_encrypted (void)
{
  g_autoptr(GBytes) target = text ("/etc/passwd");
  g_autoptr(GBytes) data = text ("ok");
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  ChorusTestZipEntry entries[] = {
    chorus_test_zip_entry ("link.pdf", target, FALSE),
    chorus_test_zip_entry ("secret.pdf", data, FALSE),
    chorus_test_zip_entry ("plain.pdf", data, FALSE),
  };
  guint skipped = 0;

  entries[0].made_by = 3 << 8;
  entries[0].external = (guint32) 0120777 << 16;
  entries[1].flags = 0x0001;
  entries[2].made_by = 3 << 8;
  entries[2].external = (guint32) 0100644 << 16;
  archive = chorus_test_zip_write (entries, G_N_ELEMENTS (entries), -1);
  files = chorus_zip_read (archive, NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 2);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (((ChorusZipEntry *) g_ptr_array_index (files, 0))->name, ==, "plain.pdf");
}

static void
test_zip_bombs (void)
{
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (20 * 1024 * 1024), 20 * 1024 * 1024);
  g_autoptr(GBytes) small = text ("small file");
  ChorusZipLimits limits;

  /* A real deflate bomb: 20 MiB of zeros in about 20 KB. */
  {
    ChorusTestZipEntry e = chorus_test_zip_entry ("zeros.pdf", zeros, TRUE);
    g_autoptr(GBytes) archive = chorus_test_zip_write (&e, 1, -1);

    g_assert_cmpuint (g_bytes_get_size (archive), <, 100 * 1024);
    assert_refused (archive, NULL, CHORUS_ZIP_ERROR_TOO_LARGE);
  }
  /* The same bomb declaring a small size: inflating stops at the declared size. */
  {
    ChorusTestZipEntry e = chorus_test_zip_entry ("liar.pdf", zeros, TRUE);
    g_autoptr(GBytes) archive = NULL;

    e.declared_size = 1000;
    archive = chorus_test_zip_write (&e, 1, -1);
    assert_refused (archive, NULL, CHORUS_ZIP_ERROR_CORRUPT);
  }
  /* Overlapping entries: many directory records pointing at one local file. */
  {
    ChorusTestZipEntry entries[3] = { chorus_test_zip_entry ("a.pdf", small, FALSE), chorus_test_zip_entry ("b.pdf", small, FALSE),
                             chorus_test_zip_entry ("c.pdf", small, FALSE) };
    g_autoptr(GBytes) archive = NULL;

    entries[1].local_offset = 0;
    entries[2].local_offset = 0;
    archive = chorus_test_zip_write (entries, 3, -1);
    assert_refused (archive, NULL, CHORUS_ZIP_ERROR_TOO_LARGE);
  }
  /* Per-entry and total limits. */
  chorus_zip_limits_init (&limits);
  limits.max_entry_size = 5;
  {
    ChorusTestZipEntry e = chorus_test_zip_entry ("a.pdf", small, FALSE);
    g_autoptr(GBytes) archive = chorus_test_zip_write (&e, 1, -1);

    assert_refused (archive, &limits, CHORUS_ZIP_ERROR_TOO_LARGE);
  }
  chorus_zip_limits_init (&limits);
  limits.max_total_size = 25;
  {
    ChorusTestZipEntry entries[3] = { chorus_test_zip_entry ("a.pdf", small, FALSE), chorus_test_zip_entry ("b.pdf", small, TRUE),
                             chorus_test_zip_entry ("c.pdf", small, FALSE) };
    g_autoptr(GBytes) archive = chorus_test_zip_write (entries, 3, -1);
    g_autoptr(GPtrArray) files = NULL;

    assert_refused (archive, &limits, CHORUS_ZIP_ERROR_TOO_LARGE);
    limits.max_total_size = 30;
    files = chorus_zip_read (archive, &limits, NULL, NULL);
    g_assert_nonnull (files);
    g_assert_cmpuint (files->len, ==, 3);
  }
}

static void
test_zip_too_many_entries (void)
{
  const gsize n = 65536;
  g_autofree ChorusTestZipEntry *entries = g_new0 (ChorusTestZipEntry, n);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 start;

  for (gsize i = 0; i < n; i++)
    {
      char *name = g_strdup_printf ("%06zu", i);

      g_ptr_array_add (names, name);
      entries[i] = chorus_test_zip_entry (name, empty, FALSE);
    }
  /* The 16-bit count wraps to 0 for 65,536 entries; and 0xFFFF is what a ZIP64 writer puts. */
  {
    g_autoptr(GBytes) archive = chorus_test_zip_write (entries, n, -1);

    start = g_get_monotonic_time ();
    assert_refused (archive, NULL, CHORUS_ZIP_ERROR_TOO_LARGE);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  }
  {
    g_autoptr(GBytes) archive = chorus_test_zip_write (entries, n, 0xffff);

    assert_refused (archive, NULL, CHORUS_ZIP_ERROR_TOO_LARGE);
  }
  /* Exactly the limit is fine. */
  {
    g_autoptr(GBytes) archive = chorus_test_zip_write (entries, 4096, -1);
    g_autoptr(GPtrArray) files = chorus_zip_read (archive, NULL, NULL, NULL);

    g_assert_nonnull (files);
    g_assert_cmpuint (files->len, ==, 4096);
  }
}

static void
test_zip_corrupt (void)
{
  g_autoptr(GBytes) data = text ("%PDF-1.4 content");
  ChorusTestZipEntry entries[2] = { chorus_test_zip_entry ("a.pdf", data, TRUE), chorus_test_zip_entry ("b.pdf", data, FALSE) };
  g_autoptr(GBytes) archive = chorus_test_zip_write (entries, 2, -1);
  gsize size = g_bytes_get_size (archive);
  const guint8 *raw = g_bytes_get_data (archive, NULL);

  /* Not a ZIP, and a ZIP cut anywhere. */
  {
    g_autoptr(GBytes) pdf = text ("%PDF-1.4 not a zip at all, long enough for the search");

    assert_refused (pdf, NULL, CHORUS_ZIP_ERROR_CORRUPT);
  }
  for (gsize cut = 1; cut < size; cut += 7)
    {
      g_autoptr(GBytes) truncated = g_bytes_new (raw, size - cut);

      assert_refused (truncated, NULL, CHORUS_ZIP_ERROR_CORRUPT);
    }
  /* The end record kept but the central directory cut short: its size points past it. */
  {
    g_autoptr(GByteArray) copy = g_byte_array_new ();
    g_autoptr(GBytes) bad = NULL;
    guint32 cd_size;

    g_byte_array_append (copy, raw, (guint) size);
    cd_size = copy->data[size - 10] | (copy->data[size - 9] << 8);
    cd_size += 40;
    copy->data[size - 10] = cd_size & 0xff;
    copy->data[size - 9] = (cd_size >> 8) & 0xff;
    bad = g_byte_array_free_to_bytes (g_steal_pointer (&copy));
    assert_refused (bad, NULL, CHORUS_ZIP_ERROR_CORRUPT);
  }
  /* The end record declaring more entries than the directory holds. */
  {
    g_autoptr(GBytes) bad = chorus_test_zip_write (entries, 2, 3);

    assert_refused (bad, NULL, CHORUS_ZIP_ERROR_CORRUPT);
  }
  /* A wrong CRC. */
  {
    ChorusTestZipEntry e = chorus_test_zip_entry ("a.pdf", data, TRUE);
    g_autoptr(GBytes) bad = NULL;

    e.bad_crc = TRUE;
    bad = chorus_test_zip_write (&e, 1, -1);
    assert_refused (bad, NULL, CHORUS_ZIP_ERROR_CORRUPT);
  }
  /* Garbage instead of deflate data. */
  {
    g_autoptr(GByteArray) copy = g_byte_array_new ();
    g_autoptr(GBytes) bad = NULL;

    g_byte_array_append (copy, raw, (guint) size);
    for (guint i = 30 + 5; i < 30 + 5 + 8; i++)
      copy->data[i] ^= 0x5a;
    bad = g_byte_array_free_to_bytes (g_steal_pointer (&copy));
    assert_refused (bad, NULL, CHORUS_ZIP_ERROR_CORRUPT);
  }
}

static void
test_zip_sanitize_name (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "facture.pdf", "facture.pdf" },
    { "../x", "_x" },
    { "a/b", "a_b" },
    { "...", "fichier" },
    { "  ", "fichier" },
    { "", "fichier" },
    { "con:tra\"t*.pdf", "con_tra_t_.pdf" },
    { "\x01\x02z", "__z" },
    { "\xff\xfe.pdf", "__.pdf" },
  };
  g_autofree char *long_name = g_strnfill (300, 'e');
  g_autofree char *long_pdf = g_strconcat (long_name, ".pdf", NULL);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autofree char *cut = NULL;
  g_autofree char *cut_accents = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = chorus_zip_sanitize_name (cases[i].in);

      /* "fichier" is the French fallback; in C it is "file". */
      if (g_strcmp0 (cases[i].out, "fichier") == 0)
        g_assert_true (g_strcmp0 (out, "file") == 0 || g_strcmp0 (out, "fichier") == 0);
      else
        g_assert_cmpstr (out, ==, cases[i].out);
    }
  cut = chorus_zip_sanitize_name (long_pdf);
  g_assert_cmpuint (strlen (cut), <=, 120);
  g_assert_true (g_str_has_suffix (cut, ".pdf"));
  for (int i = 0; i < 100; i++)
    g_string_append (many, "é");
  cut_accents = chorus_zip_sanitize_name (many->str);
  g_assert_cmpuint (strlen (cut_accents), <=, 120);
  g_assert_true (g_utf8_validate (cut_accents, -1, NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/zip/sniff", test_zip_sniff);
  g_test_add_func ("/zip/honest", test_zip_honest);
  g_test_add_func ("/zip/empty-and-cp437", test_zip_empty_and_cp437);
  g_test_add_func ("/zip/traversal-and-absolute", test_zip_traversal_and_absolute);
  g_test_add_func ("/zip/symlink-and-encrypted", test_zip_symlink_and_encrypted);
  g_test_add_func ("/zip/bombs", test_zip_bombs);
  g_test_add_func ("/zip/too-many-entries", test_zip_too_many_entries);
  g_test_add_func ("/zip/corrupt", test_zip_corrupt);
  g_test_add_func ("/zip/sanitize-name", test_zip_sanitize_name);
  return g_test_run ();
}
