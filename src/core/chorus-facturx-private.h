/* chorus-facturx-private.h: what the Factur-X files share: the document's fields, the notes taken while
 * reading, and exact comparisons of amounts and identifiers. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-facturx.h"

G_BEGIN_DECLS

struct _ChorusFacturxDocument
{
  GObject               parent_instance;

#define DEFINE_STRING(name) char *name;
  CHORUS_FACTURX_STRING_FIELDS (DEFINE_STRING)
#undef DEFINE_STRING

  ChorusFacturxSyntax   syntax;
  ChorusFacturxProfile  profile;
  gboolean              from_pdf;
  gint64                amounts[CHORUS_FACTURX_AMOUNT_LAST];
  gboolean              has_amount[CHORUS_FACTURX_AMOUNT_LAST];
  GPtrArray            *vat_lines;
  GPtrArray            *lines;
  /* Findings made while reading (encoding, profile identifier, line prices). */
  GPtrArray            *notes;
};

/* Amounts beyond a thousand billion are not invoices; the bound keeps every sum inside 64 bits. */
#define CHORUS_FACTURX_MAX_CENTS G_GINT64_CONSTANT (100000000000000)

/* Adds a finding of the reading (encoding, profile identifier, line prices…) to the document's notes,
 * which chorus_facturx_cross_check() reports first. */
void      _chorus_facturx_note                (ChorusFacturxDocument *self,
                                               ChorusFacturxSeverity  severity,
                                               const char            *field,
                                               const char            *format,
                                               ...) G_GNUC_PRINTF (4, 5);
/* 381, 261, 262, 396: the type codes of credit notes. */
gboolean  _chorus_facturx_type_code_is_credit (const char            *type_code);
/* Identifier without spaces (SIRET, VAT, IBAN are often written grouped); NULL when empty. */
char     *_chorus_facturx_compact             (const char            *text);
gboolean  _chorus_facturx_all_digits          (const char            *text,
                                               gsize                  len);
/* FALSE beyond CHORUS_FACTURX_MAX_CENTS or for what is not a number. */
gboolean  _chorus_facturx_cents_from_double   (double                 value,
                                               gint64                *cents);
/* |a − b| ≤ one cent, without overflowing on any input. */
gboolean  _chorus_facturx_within_cent         (gint64                 a,
                                               gint64                 b);

G_END_DECLS
