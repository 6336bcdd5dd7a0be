/* chorus-test-util.c: small helpers shared by the unit, simulator and UI tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "chorus-test-util.h"

void
chorus_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        chorus_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
chorus_test_init_locale (const char *locale)
{
  setlocale (LC_ALL, locale);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CHORUS_DESK_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static const char tiny_pdf[] =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
  "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
  "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
  "trailer<</Root 1 0 R>>\n%%EOF\n";

GBytes *
chorus_test_tiny_pdf (void)
{
  return g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
}

void
chorus_test_write_tiny_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, tiny_pdf, sizeof tiny_pdf - 1, &error);
  g_assert_no_error (error);
}

void
chorus_test_store_result (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
chorus_test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

char *
chorus_test_sample_path (const char *relative)
{
  const char *dir = g_getenv ("CHORUS_SAMPLES_DIR");
  char *path;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("CHORUS_SAMPLES_DIR (%s) is not a folder: the Factur-X samples are required", dir ? dir : "unset");
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("sample %s is missing", path);
  return path;
}

GBytes *
chorus_test_sample_bytes (const char *relative)
{
  g_autofree char *path = chorus_test_sample_path (relative);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}
