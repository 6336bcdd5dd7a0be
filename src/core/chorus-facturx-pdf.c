/* chorus-facturx-pdf.c: finds the invoice XML among a PDF's attachments (poppler), then holds it against
 * what the PDF says of itself: its XMP metadata and its visible text. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-facturx-private.h"
#include "chorus-format.h"

typedef struct {
  GByteArray *data;
  gboolean    too_large;
} AttachmentSink;

static gboolean
collect_attachment (const gchar  *buf,
                    gsize         count,
                    gpointer      user_data,
                    GError      **error)
{
  AttachmentSink *sink = user_data;

  if (sink->data->len + count > CHORUS_FACTURX_MAX_XML_SIZE)
    {
      sink->too_large = TRUE;
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE, "too large");
      return FALSE;
    }
  g_byte_array_append (sink->data, (const guint8 *) buf, count);
  return TRUE;
}

static gboolean
name_looks_xml (const char *name)
{
  g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, ".xml");
}

/* The value of the XMP property @name (any prefix, element or attribute form), or NULL. */
static char *
xmp_property (const char *xmp,
              const char *name)
{
  g_autofree char *element = g_strconcat (name, ">", NULL);
  g_autofree char *attribute = g_strconcat (name, "=\"", NULL);
  const char *start = NULL;
  const char *end;

  if ((start = strstr (xmp, element)) != NULL && start > xmp && start[-1] == ':')
    {
      start += strlen (element);
      end = strchr (start, '<');
    }
  else if ((start = strstr (xmp, attribute)) != NULL && start > xmp && start[-1] == ':')
    {
      start += strlen (attribute);
      end = strchr (start, '"');
    }
  else
    return NULL;
  if (end == NULL || end - start > 200)
    return NULL;
  return g_strstrip (g_strndup (start, end - start));
}

/* XMP says which profile and file name the PDF claims; they should match what is attached. */
static void
check_pdf_metadata (ChorusFacturxDocument *self,
                    PopplerDocument       *document)
{
  g_autofree char *xmp = poppler_document_get_metadata (document);
  g_autofree char *level = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *lower = NULL;
  ChorusFacturxProfile declared = CHORUS_FACTURX_PROFILE_UNKNOWN;
  ChorusFacturxProfile actual = self->profile;

  level = xmp && g_utf8_validate (xmp, -1, NULL) ? xmp_property (xmp, "ConformanceLevel") : NULL;
  if (level == NULL)
    {
      _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_INFO, "pdf_metadata",
                            _("The PDF metadata (XMP) do not declare it as a Factur-X invoice; the attached XML was "
                              "found anyway."));
      return;
    }
  file_name = xmp_property (xmp, "DocumentFileName");
  lower = g_ascii_strdown (level, -1);
  if (g_str_equal (lower, "minimum"))
    declared = CHORUS_FACTURX_PROFILE_MINIMUM;
  else if (g_str_equal (lower, "basic wl"))
    declared = CHORUS_FACTURX_PROFILE_BASIC_WL;
  else if (g_str_equal (lower, "basic"))
    declared = CHORUS_FACTURX_PROFILE_BASIC;
  else if (g_str_equal (lower, "en 16931") || g_str_equal (lower, "comfort"))
    declared = CHORUS_FACTURX_PROFILE_EN16931;
  else if (g_str_equal (lower, "extended"))
    declared = CHORUS_FACTURX_PROFILE_EXTENDED;
  else if (g_str_equal (lower, "xrechnung"))
    declared = CHORUS_FACTURX_PROFILE_XRECHNUNG;
  if (actual == CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR)
    actual = CHORUS_FACTURX_PROFILE_EXTENDED;

  if (declared != actual)
    _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "pdf_profile",
                          _("The PDF metadata announce the profile “%s”, but the attached XML follows %s."),
                          level, chorus_facturx_profile_label (self->profile));
  if (file_name != NULL && self->attachment_name != NULL && g_strcmp0 (file_name, self->attachment_name) != 0)
    _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "pdf_attachment",
                          _("The PDF metadata name the invoice file “%s”, but it is attached as “%s”."),
                          file_name, self->attachment_name);
}

/* Text without any kind of space, ASCII letters folded: "N° F-2026 0023" and "n°f-20260023" compare equal. */
static char *
squeeze_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00a0 || c == 0x202f || c == 0x2009)
        continue;
      g_string_append_unichar (out, c < 128 ? (gunichar) g_ascii_tolower ((char) c) : c);
    }
  return g_string_free (out, FALSE);
}

/* "2076,76", "2.076,76", "2,076.76", "2'076.76" … */
static gboolean
text_has_amount (const char *text,
                 gint64      cents)
{
  static const char *const groups[] = { "", ".", ",", "'" };
  static const char *const decimals[] = { ",", "." };
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;
  g_autofree char *units = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  gsize len = strlen (units);

  for (gsize g = 0; g < G_N_ELEMENTS (groups); g++)
    for (gsize d = 0; d < G_N_ELEMENTS (decimals); d++)
      {
        g_autoptr(GString) variant = g_string_new (NULL);

        if (g_str_equal (groups[g], decimals[d]) || (len <= 3 && g > 0))
          continue;
        for (gsize i = 0; i < len; i++)
          {
            if (i > 0 && (len - i) % 3 == 0)
              g_string_append (variant, groups[g]);
            g_string_append_c (variant, units[i]);
          }
        g_string_append_printf (variant, "%s%02u", decimals[d], (guint) (magnitude % 100));
        if (strstr (text, variant->str) != NULL)
          return TRUE;
      }
  return FALSE;
}

/* The visible invoice should show the number and total of its XML: a mismatch means two different invoices. */
static void
check_pdf_text (ChorusFacturxDocument *self,
                PopplerDocument       *document)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *squeezed = NULL;
  int n_pages = MIN (poppler_document_get_n_pages (document), 5);

  for (int i = 0; i < n_pages && text->len < 1024 * 1024; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = page ? poppler_page_get_text (page) : NULL;

      if (page_text != NULL && g_utf8_validate (page_text, -1, NULL))
        g_string_append (text, page_text);
      g_clear_object (&page);
    }
  squeezed = squeeze_text (text->str);
  if (*squeezed == '\0')
    {
      _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_INFO, "pdf_text",
                            _("The PDF has no text to compare with the structured data (a scan?)."));
      return;
    }

  if (self->number != NULL)
    {
      g_autofree char *number = squeeze_text (self->number);

      if (strstr (squeezed, number) != NULL)
        _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_OK, "pdf_number",
                              _("The PDF shows the same invoice number, %s."), self->number);
      else
        _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_ERROR, "pdf_number",
                              _("The invoice number %s of the structured data does not appear in the PDF: the PDF and "
                                "its XML may be two different invoices."), self->number);
    }
  if (self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL])
    {
      gint64 grand_total = self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL];
      g_autofree char *total = chorus_amount_format (grand_total, self->currency);

      if (text_has_amount (squeezed, grand_total))
        _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_OK, "pdf_total",
                              _("The PDF shows the same total including VAT, %s."), total);
      else
        _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "pdf_total",
                              _("The total including VAT %s of the structured data does not appear in the PDF."),
                              total);
    }
}

static ChorusFacturxDocument *
chorus_facturx_read_poppler (PopplerDocument  *document,
                             GError          **error)
{
  g_autoptr(GError) first_error = NULL;
  ChorusFacturxDocument *result = NULL;
  GList *attachments;
  guint xml_count = 0;

  g_return_val_if_fail (POPPLER_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  attachments = poppler_document_has_attachments (document) ? poppler_document_get_attachments (document) : NULL;
  for (GList *l = attachments; l != NULL && result == NULL; l = l->next)
    {
      PopplerAttachment *attachment = l->data;
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GError) local_error = NULL;
      AttachmentSink sink = { data, FALSE };

      g_autofree char *name = NULL;

      if (!name_looks_xml (attachment->name))
        continue;
      /* PDF strings need not be UTF-8; the name ends up in messages and labels. */
      name = g_utf8_make_valid (attachment->name, -1);
      xml_count++;
      if (!poppler_attachment_save_to_callback (attachment, collect_attachment, &sink, &local_error))
        {
          if (sink.too_large)
            {
              g_clear_error (&local_error);
              g_set_error (&local_error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE,
                           _("The attachment “%s” is too large (at most %d MB are read)."),
                           name, CHORUS_FACTURX_MAX_XML_SIZE / (1024 * 1024));
            }
          else
            {
              g_clear_error (&local_error);
              g_set_error (&local_error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_BAD_PDF,
                           _("The attachment “%s” could not be extracted from the PDF."), name);
            }
        }
      else
        {
          result = chorus_facturx_read_xml ((const char *) data->data, data->len, &local_error);
          if (result != NULL)
            {
              result->from_pdf = TRUE;
              result->attachment_name = g_steal_pointer (&name);
            }
        }
      /* A hostile or oversized attachment is reported as such even when another one reads fine. */
      if (local_error != NULL && (first_error == NULL ||
                                  (first_error->code == CHORUS_FACTURX_ERROR_NOT_AN_INVOICE &&
                                   local_error->code != CHORUS_FACTURX_ERROR_NOT_AN_INVOICE)))
        {
          g_clear_error (&first_error);
          first_error = g_steal_pointer (&local_error);
        }
    }
  g_list_free_full (attachments, g_object_unref);

  if (result != NULL && first_error != NULL &&
      (first_error->code == CHORUS_FACTURX_ERROR_HOSTILE || first_error->code == CHORUS_FACTURX_ERROR_TOO_LARGE))
    {
      g_clear_object (&result);
    }
  if (result != NULL)
    {
      check_pdf_metadata (result, document);
      check_pdf_text (result, document);
      return result;
    }

  if (first_error != NULL)
    {
      if (first_error->code == CHORUS_FACTURX_ERROR_NOT_AN_INVOICE)
        g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NOT_AN_INVOICE,
                     _("The PDF carries XML, but no invoice: %s"), first_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&first_error));
    }
  else
    g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NO_XML,
                         xml_count == 0 ? _("This PDF carries no structured invoice data (no XML attachment): "
                                            "it is not a Factur-X invoice.")
                                        : _("The XML attached to this PDF could not be read."));
  return NULL;
}

ChorusFacturxDocument *
chorus_facturx_read_pdf (GBytes  *pdf,
                         GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  ChorusFacturxDocument *result;
  gsize size;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = g_bytes_get_size (pdf);
  if (size > CHORUS_FACTURX_MAX_PDF_SIZE)
    {
      g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE,
                   _("The PDF is too large (%u MB; at most %d MB are read)."),
                   (guint) MIN (size / (1024 * 1024), G_MAXUINT), CHORUS_FACTURX_MAX_PDF_SIZE / (1024 * 1024));
      return NULL;
    }
  if (size < 5 || memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_BAD_PDF,
                           _("This file is not a PDF."));
      return NULL;
    }
  document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_ENCRYPTED,
                             _("The PDF is protected by a password: its invoice data cannot be read."));
      else
        g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_BAD_PDF,
                             _("The PDF is damaged and cannot be opened."));
      return NULL;
    }
  result = chorus_facturx_read_poppler (document, error);
  g_object_unref (document);
  return result;
}
