/* chorus-deposit-file.c: files sent to Chorus Pro: the platform's size limits, and copying or reading files within them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "chorus-deposit-file.h"

static gboolean
set_too_large (GError     **error,
               const char  *path,
               goffset      size,
               gsize        max_bytes)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *shown = g_format_size ((guint64) size);
  g_autofree char *limit = g_format_size (max_bytes);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               /* Translators: a file name, its size, then the limit (e.g. “10,5 Mo”) */
               _("The file “%s” is %s; Chorus Pro accepts at most %s for it."), name, shown, limit);
  return FALSE;
}

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Could not read or write “%s”: %s"), name, g_strerror (saved_errno));
  return FALSE;
}

gboolean
chorus_deposit_file_check (const char  *path,
                           gsize        max_bytes,
                           GError     **error)
{
  GStatBuf info;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &info) != 0)
    return set_errno_error (error, path, errno);
  if (!S_ISREG (info.st_mode))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("“%s” is not a file."), name);
      return FALSE;
    }
  if ((guint64) info.st_size > max_bytes)
    return set_too_large (error, path, info.st_size, max_bytes);
  return TRUE;
}

gboolean
chorus_deposit_file_copy (const char  *path,
                          const char  *dest,
                          gsize        max_bytes,
                          GError     **error)
{
  g_autofree char *folder = NULL;
  char buffer[64 * 1024];
  goffset copied = 0;
  int in = -1, out = -1, dir = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL && dest != NULL, FALSE);

  if (!chorus_deposit_file_check (path, max_bytes, error))
    return FALSE;
  in = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return set_errno_error (error, path, errno);
  out = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_errno_error (error, dest, errno);
      goto out;
    }
  for (;;)
    {
      gssize n = read (in, buffer, sizeof buffer);
      gssize written = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, path, errno);
          goto out;
        }
      if (n == 0)
        break;
      /* The file may have grown since it was checked. */
      copied += n;
      if ((guint64) copied > max_bytes)
        {
          set_too_large (error, path, copied, max_bytes);
          goto out;
        }
      while (written < n)
        {
          gssize w = write (out, buffer + written, (gsize) (n - written));

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_errno_error (error, dest, errno);
              goto out;
            }
          written += w;
        }
    }
  /* The outbox row that names this copy is committed next: the copy must be on disk first. */
  if (fsync (out) != 0)
    {
      set_errno_error (error, dest, errno);
      goto out;
    }
  folder = g_path_get_dirname (dest);
  dir = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir >= 0)
    fsync (dir);
  ok = TRUE;

out:
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  if (dir >= 0)
    close (dir);
  if (!ok && out >= 0)
    g_unlink (dest);
  return ok;
}

GBytes *
chorus_deposit_file_map (const char  *path,
                         gsize        max_bytes,
                         GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!chorus_deposit_file_check (path, max_bytes, error))
    return NULL;
  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  if (g_mapped_file_get_length (mapped) > max_bytes)
    {
      set_too_large (error, path, (goffset) g_mapped_file_get_length (mapped), max_bytes);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}
