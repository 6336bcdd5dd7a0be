/* test-document-file.c: names of saved invoice documents are safe and bounded, and saving never
 * replaces a file or follows a link (L5). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "chorus-document-file.h"
#include "chorus-test-util.h"

static ChorusInvoice *
make_invoice (gint64      id,
              const char *supplier,
              const char *number)
{
  ChorusInvoice *invoice = chorus_invoice_new ();

  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_supplier_name (invoice, supplier);
  chorus_invoice_set_number (invoice, number);
  return invoice;
}

static void
test_names (void)
{
  struct { const char *supplier; const char *number; gint64 attachment; const char *expected; } cases[] = {
    { "Dupont & Fils", "F-2026/001", 0, "Dupont_Fils-F-2026_001-7.pdf" },
    { "../../etc", "passwd", 0, "etc-passwd-7.pdf" },
    { ".", "..", 0, "facture-7.pdf" },
    { NULL, NULL, 0, "fournisseur-facture-7.pdf" },
    { "Café Éluard", "A1", 0, "Café_Éluard-A1-7.pdf" },
    { "ignored", "F.1", 42, "F.1-42.pdf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ChorusInvoice) invoice = make_invoice (7, cases[i].supplier, cases[i].number);
      g_autofree char *name = chorus_document_file_name (invoice, cases[i].attachment);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

/* A 300-character name (the review's ENAMETOOLONG) is cut within a character and keeps its id. */
static void
test_long_name (void)
{
  g_autoptr(GString) supplier = g_string_new (NULL);
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < 150; i++)
    g_string_append (supplier, "é");
  g_string_append (supplier, "\xF0");   /* and a truncated sequence from the server */
  invoice = make_invoice (123456789, supplier->str, "F-1");
  name = chorus_document_file_name (invoice, 0);
  g_assert_cmpuint (strlen (name), <=, CHORUS_DOCUMENT_NAME_MAX - 4);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_suffix (name, "-123456789.pdf"));
  g_assert_null (strchr (name, '/'));
}

static char *
read_file (GFile *file)
{
  char *contents = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  return contents;
}

/* The review's test: two invoices with the same supplier and number, saved into a folder that
 * already holds one's name; plus a link where the other's name would go. */
static void
test_never_overwrites (void)
{
  g_autofree char *dir = g_dir_make_tmp ("chorus-documents-XXXXXX", NULL);
  g_autofree char *outside = g_build_filename (dir, "..", "chorus-outside-target", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(ChorusInvoice) rejected = make_invoice (1001, "Dupont SARL", "F-42");
  g_autoptr(ChorusInvoice) redeposited = make_invoice (1002, "Dupont SARL", "F-42");
  g_autofree char *first = chorus_document_file_name (rejected, 0);
  g_autofree char *second = chorus_document_file_name (redeposited, 0);
  g_autofree char *existing = g_build_filename (dir, first, NULL);
  g_autofree char *link = g_build_filename (dir, second, NULL);
  g_autoptr(GBytes) pdf1 = g_bytes_new_static ("%PDF-1 rejected", 15);
  g_autoptr(GBytes) pdf2 = g_bytes_new_static ("%PDF-1 redeposited", 18);
  g_autoptr(GFile) written1 = NULL;
  g_autoptr(GFile) written2 = NULL;
  g_autoptr(GFile) written3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name1 = NULL;
  g_autofree char *name2 = NULL;
  g_autofree char *name3 = NULL;

  g_assert_cmpstr (first, !=, second);
  g_assert_true (g_file_set_contents (existing, "the user's own file", -1, NULL));
  /* A dangling link: following it would create a file outside the folder. */
  g_assert_cmpint (symlink (outside, link), ==, 0);

  written1 = chorus_document_write_new (folder, first, pdf1, NULL, &error);
  g_assert_no_error (error);
  written2 = chorus_document_write_new (folder, second, pdf2, NULL, &error);
  g_assert_no_error (error);
  /* Saving the same selection again adds files, it never replaces the first ones. */
  written3 = chorus_document_write_new (folder, first, pdf1, NULL, &error);
  g_assert_no_error (error);

  name1 = g_file_get_basename (written1);
  name2 = g_file_get_basename (written2);
  name3 = g_file_get_basename (written3);
  g_assert_cmpstr (name1, ==, "Dupont_SARL-F-42-1001-2.pdf");
  g_assert_cmpstr (name2, ==, "Dupont_SARL-F-42-1002-2.pdf");
  g_assert_cmpstr (name3, ==, "Dupont_SARL-F-42-1001-3.pdf");
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the user's own file");
  g_clear_pointer (&contents, g_free);
  contents = read_file (written2);
  g_assert_cmpstr (contents, ==, "%PDF-1 redeposited");
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));

  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document-file/names", test_names);
  g_test_add_func ("/document-file/long-name", test_long_name);
  g_test_add_func ("/document-file/never-overwrites", test_never_overwrites);
  return g_test_run ();
}
