/* fuzz-zip-reader.c: libFuzzer target over the ZIP reader of telecharger/groupe answers. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "chorus-zip-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) archive = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  ChorusZipLimits limits;
  guint64 total = 0;
  guint skipped = 0;

  /* Small limits: the fuzzer finds the boundaries, not the machine's memory. */
  chorus_zip_limits_init (&limits);
  limits.max_total_size = 4 * 1024 * 1024;
  limits.max_entry_size = 2 * 1024 * 1024;
  limits.max_entries = 512;
  chorus_zip_sniff (archive);
  files = chorus_zip_read (archive, &limits, &skipped, &error);
  g_assert ((files == NULL) == (error != NULL));
  if (files == NULL)
    {
      g_assert (error->domain == CHORUS_ZIP_ERROR && error->message[0] != '\0');
      return 0;
    }
  g_assert (files->len + skipped <= limits.max_entries);
  for (guint i = 0; i < files->len; i++)
    {
      ChorusZipEntry *entry = g_ptr_array_index (files, i);

      /* Every name is safe to create in a folder of ours. */
      g_assert (entry->name[0] != '\0' && entry->name[0] != '.');
      g_assert (strchr (entry->name, '/') == NULL && strchr (entry->name, '\\') == NULL);
      g_assert (strlen (entry->name) <= 120 && g_utf8_validate (entry->name, -1, NULL));
      if (entry->folder != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (entry->folder, "/", -1);

          /* No empty, "." or ".." component: nothing climbs out of the invoice's folder. */
          for (guint k = 0; parts[k] != NULL; k++)
            g_assert (parts[k][0] != '\0' && parts[k][0] != '.' && strchr (parts[k], '\\') == NULL);
        }
      total += g_bytes_get_size (entry->data);
    }
  g_assert (total <= limits.max_total_size);
  return 0;
}
