/* chorus-document-file.c: invoice documents saved into the user's folders: safe names, never an overwrite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-document-file.h"

/* Tries "name.pdf", "name-2.pdf"… up to this many before giving up. */
#define MAX_SUFFIX 999

/* Appends @text to @safe keeping only characters that are harmless in a file name; anything else
 * becomes one '_'. */
static void
append_safe (GString    *safe,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '-' || c == '_' || (c == '.' && safe->len > 0))
        g_string_append_unichar (safe, c);
      else if (safe->len > 0 && safe->str[safe->len - 1] != '_')
        g_string_append_c (safe, '_');
    }
}

/* Cuts @text to at most @max bytes without splitting a character. */
static void
truncate_utf8 (GString *text,
               gsize    max)
{
  if (text->len <= max)
    return;
  g_string_truncate (text, g_utf8_find_prev_char (text->str, text->str + max + 1) - text->str);
  if (text->len > max)
    g_string_truncate (text, max);
}

char *
chorus_document_file_name (ChorusInvoice *invoice,
                           gint64         attachment_id)
{
  const char *number = chorus_invoice_get_number (invoice);
  g_autoptr(GString) base = g_string_new (NULL);
  g_autofree char *tail = NULL;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);

  if (attachment_id != 0)
    {
      append_safe (base, number != NULL ? number : "facture");
      tail = g_strdup_printf ("-%" G_GINT64_FORMAT ".pdf", attachment_id);
    }
  else
    {
      const char *supplier = chorus_invoice_get_supplier_name (invoice);

      append_safe (base, supplier != NULL ? supplier : "fournisseur");
      if (base->len > 0 && base->str[base->len - 1] != '_')
        g_string_append_c (base, '-');
      append_safe (base, number != NULL ? number : "facture");
      tail = g_strdup_printf ("-%" G_GINT64_FORMAT ".pdf", chorus_invoice_get_id (invoice));
    }
  if (base->len == 0)
    g_string_append (base, "facture");
  /* Room for the tail and a "-999" suffix from chorus_document_write_new(). */
  truncate_utf8 (base, CHORUS_DOCUMENT_NAME_MAX - strlen (tail) - 4);
  g_string_append (base, tail);
  return g_string_free (g_steal_pointer (&base), FALSE);
}

static char *
numbered_name (const char *name,
               guint       n)
{
  const char *dot = strrchr (name, '.');

  if (n < 2)
    return g_strdup (name);
  if (dot == NULL || dot == name)
    return g_strdup_printf ("%s-%u", name, n);
  return g_strdup_printf ("%.*s-%u%s", (int) (dot - name), name, n, dot);
}

GFile *
chorus_document_write_new (GFile         *folder,
                           const char    *name,
                           GBytes        *bytes,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (name != NULL && strchr (name, G_DIR_SEPARATOR) == NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  for (guint n = 1; n <= MAX_SUFFIX; n++)
    {
      g_autofree char *candidate = numbered_name (name, n);
      g_autoptr(GFile) file = g_file_get_child (folder, candidate);
      g_autoptr(GFileOutputStream) stream = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;

      /* O_CREAT | O_EXCL: fails on any existing entry, a dangling link included. */
      stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (stream == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &written, cancellable, error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
        {
          g_file_delete (file, NULL, NULL);
          return NULL;
        }
      return g_steal_pointer (&file);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("Every name for “%s” is taken in this folder."), name);
  return NULL;
}
