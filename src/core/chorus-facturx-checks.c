/* chorus-facturx-checks.c: what a Factur-X file says, checked: its own arithmetic, type and profile, and
 * its agreement with the invoice Chorus Pro has. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-duplicates.h"
#include "chorus-facturx-private.h"
#include "chorus-format.h"

G_DEFINE_BOXED_TYPE (ChorusFacturxCheck, chorus_facturx_check, chorus_facturx_check_copy, chorus_facturx_check_free)

ChorusFacturxCheck *
chorus_facturx_check_copy (const ChorusFacturxCheck *check)
{
  ChorusFacturxCheck *copy = g_memdup2 (check, sizeof *check);

  copy->field = g_strdup (check->field);
  copy->message = g_strdup (check->message);
  return copy;
}

void
chorus_facturx_check_free (ChorusFacturxCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->field);
  g_free (check->message);
  g_free (check);
}

static ChorusFacturxCheck *
check_new_valist (ChorusFacturxSeverity  severity,
                  const char            *field,
                  const char            *format,
                  va_list                args)
{
  ChorusFacturxCheck *check = g_new0 (ChorusFacturxCheck, 1);

  check->severity = severity;
  check->field = g_strdup (field);
  check->message = g_strdup_vprintf (format, args);
  return check;
}

static void add_check (GPtrArray             *checks,
                       ChorusFacturxSeverity  severity,
                       const char            *field,
                       const char            *format,
                       ...) G_GNUC_PRINTF (4, 5);

static void
add_check (GPtrArray             *checks,
           ChorusFacturxSeverity  severity,
           const char            *field,
           const char            *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (checks, check_new_valist (severity, field, format, args));
  va_end (args);
}

void
_chorus_facturx_note (ChorusFacturxDocument *self,
                      ChorusFacturxSeverity  severity,
                      const char            *field,
                      const char            *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, check_new_valist (severity, field, format, args));
  va_end (args);
}

ChorusFacturxSeverity
chorus_facturx_checks_worst (GPtrArray *checks)
{
  ChorusFacturxSeverity worst = CHORUS_FACTURX_SEVERITY_OK;

  g_return_val_if_fail (checks != NULL, CHORUS_FACTURX_SEVERITY_OK);
  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      worst = MAX (worst, check->severity);
    }
  return worst;
}

ChorusFacturxCheck *
chorus_facturx_checks_find (GPtrArray  *checks,
                            const char *field)
{
  g_return_val_if_fail (checks != NULL, NULL);
  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      if (g_strcmp0 (check->field, field) == 0)
        return check;
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* The file on its own */

static char *
fmt_amount (ChorusFacturxDocument *self,
            gint64                 cents)
{
  return chorus_amount_format (cents, self->currency ? self->currency : "EUR");
}

static void
check_arithmetic (ChorusFacturxDocument *self,
                  GPtrArray             *checks)
{
  gint64 *a = self->amounts;
  gboolean *has = self->has_amount;

  if (has[CHORUS_FACTURX_AMOUNT_TAX_BASIS] && has[CHORUS_FACTURX_AMOUNT_TAX_TOTAL] &&
      has[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL])
    {
      gint64 sum = a[CHORUS_FACTURX_AMOUNT_TAX_BASIS] + a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL];
      g_autofree char *ht = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]);
      g_autofree char *tva = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL]);
      g_autofree char *ttc = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL]);

      if (!_chorus_facturx_within_cent (sum, a[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "total_arithmetic",
                   _("Total excluding VAT %s + VAT %s does not make the total including VAT %s."), ht, tva, ttc);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "total_arithmetic",
                   _("Total excluding VAT %s + VAT %s = total including VAT %s."), ht, tva, ttc);
    }

  /* MINIMUM cannot state what was already paid (BT-113), so its amount due may differ from the total. */
  if (has[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] && has[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE] &&
      (self->profile != CHORUS_FACTURX_PROFILE_MINIMUM || has[CHORUS_FACTURX_AMOUNT_PREPAID]))
    {
      gint64 due = a[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] - a[CHORUS_FACTURX_AMOUNT_PREPAID] +
                   a[CHORUS_FACTURX_AMOUNT_ROUNDING];
      g_autofree char *expected = fmt_amount (self, due);
      g_autofree char *given = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE]);

      if (!_chorus_facturx_within_cent (due, a[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "due_arithmetic",
                   _("The amount due %s should be %s (total including VAT minus what was already paid)."),
                   given, expected);
    }

  if (has[CHORUS_FACTURX_AMOUNT_LINE_TOTAL] && has[CHORUS_FACTURX_AMOUNT_TAX_BASIS])
    {
      gint64 basis = a[CHORUS_FACTURX_AMOUNT_LINE_TOTAL] - a[CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL] +
                     a[CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL];
      g_autofree char *expected = fmt_amount (self, basis);
      g_autofree char *given = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]);

      if (!_chorus_facturx_within_cent (basis, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "basis_arithmetic",
                   _("The total excluding VAT %s should be %s (sum of lines minus allowances plus charges)."),
                   given, expected);
    }

  if (self->lines->len > 0 && has[CHORUS_FACTURX_AMOUNT_LINE_TOTAL])
    {
      gint64 sum = 0;
      g_autofree char *sum_str = NULL;
      g_autofree char *given = NULL;

      for (guint i = 0; i < self->lines->len; i++)
        sum += ((ChorusInvoiceLine *) g_ptr_array_index (self->lines, i))->total_ht;
      sum_str = fmt_amount (self, sum);
      given = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_LINE_TOTAL]);
      if (!_chorus_facturx_within_cent (sum, a[CHORUS_FACTURX_AMOUNT_LINE_TOTAL]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "line_sum",
                   _("The %u lines add up to %s, but the file states a sum of lines of %s."),
                   self->lines->len, sum_str, given);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "line_sum",
                   _("The %u lines add up to the stated %s."), self->lines->len, given);
    }

  if (self->vat_lines->len > 0)
    {
      gint64 bases = 0, amounts = 0;
      gboolean rates_ok = TRUE;

      for (guint i = 0; i < self->vat_lines->len; i++)
        {
          ChorusVatLine *vat = g_ptr_array_index (self->vat_lines, i);
          gint64 expected = 0;
          gboolean computable = _chorus_facturx_cents_from_double ((double) vat->base_ht * vat->rate / 10000.0,
                                                                   &expected);

          bases += vat->base_ht;
          amounts += vat->vat_amount;
          if (computable && !_chorus_facturx_within_cent (expected, vat->vat_amount))
            {
              g_autofree char *base = fmt_amount (self, vat->base_ht);
              g_autofree char *want = fmt_amount (self, expected);
              g_autofree char *given = fmt_amount (self, vat->vat_amount);
              g_autofree char *rate = g_strdup_printf ("%.2f", vat->rate);

              rates_ok = FALSE;
              add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "vat_rate",
                         _("VAT at %s %%: %s × rate makes %s, but the file says %s."), rate, base, want, given);
            }
        }
      if (rates_ok)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "vat_rate",
                   _("Each VAT amount matches its base and rate."));
      if (has[CHORUS_FACTURX_AMOUNT_TAX_TOTAL] &&
          !_chorus_facturx_within_cent (amounts, a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL]))
        {
          g_autofree char *sum = fmt_amount (self, amounts);
          g_autofree char *total = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL]);
          add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "vat_sum",
                     _("The VAT breakdown adds up to %s, but the VAT total is %s."), sum, total);
        }
      if (has[CHORUS_FACTURX_AMOUNT_TAX_BASIS] &&
          !_chorus_facturx_within_cent (bases, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]))
        {
          g_autofree char *sum = fmt_amount (self, bases);
          g_autofree char *total = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]);
          add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "vat_sum",
                     _("The VAT bases add up to %s, but the total excluding VAT is %s."), sum, total);
        }
    }
}

static void
check_document (ChorusFacturxDocument *self,
                GPtrArray             *checks)
{
  gboolean negative = self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] &&
                      self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] < 0;

  if (self->number == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "number", _("The invoice number (BT-1) is missing."));
  if (self->issue_date == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "invoice_date", _("The issue date (BT-2) is missing."));

  if (self->type_code == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "type_code", _("The document type code (BT-3) is missing."));
  else if (negative && !_chorus_facturx_type_code_is_credit (self->type_code) &&
           self->syntax != CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "type_code",
               _("This is a credit note disguised as an invoice: type %s (%s) with a negative total. A credit "
                 "note must use type 381 with positive amounts."),
               self->type_code, chorus_facturx_type_code_label (self->type_code));
  else if (negative)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "type_code",
               _("This credit note has a negative total: credit note amounts are expected to be positive."));

  if (!chorus_facturx_profile_has_lines (self->profile))
    add_check (checks, CHORUS_FACTURX_SEVERITY_INFO, "profile",
               _("Profile %s carries no invoice lines: it is not a complete EN 16931 invoice, the PDF "
                 "remains the reference for details."), chorus_facturx_profile_label (self->profile));
  else if (self->lines->len == 0)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "lines",
               _("Profile %s should carry invoice lines, but the file has none."),
               chorus_facturx_profile_label (self->profile));

  if (self->seller_siret != NULL && !chorus_siret_is_valid (self->seller_siret))
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "seller_siret",
               _("The seller's SIRET %s is not a valid SIRET number."), self->seller_siret);
  if (self->buyer_siret != NULL && !chorus_siret_is_valid (self->buyer_siret))
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "buyer_siret",
               _("The buyer's SIRET %s is not a valid SIRET number."), self->buyer_siret);
}

/* ---------------------------------------------------------------------------------------------- */
/* The file against Chorus Pro */

/* Chorus amounts are positive for credit notes; a file may carry them negative. */
static gboolean
amounts_match (gint64   file_value,
               gint64   chorus_value,
               gboolean credit)
{
  if (_chorus_facturx_within_cent (file_value, chorus_value))
    return TRUE;
  /* File amounts are bounded by CHORUS_FACTURX_MAX_CENTS, so negating them is safe; the Chorus one may
   * be anything. */
  return credit && chorus_value != G_MININT64 && _chorus_facturx_within_cent (ABS (file_value), ABS (chorus_value));
}

static void
compare_amount (ChorusFacturxDocument *self,
                GPtrArray             *checks,
                ChorusFacturxAmount    which,
                gint64                 chorus_value,
                gboolean               credit,
                const char            *field,
                const char            *label)
{
  g_autofree char *file_str = NULL;
  g_autofree char *chorus_str = NULL;

  /* Zero in a Chorus row means the list did not give that amount. */
  if (!self->has_amount[which] || chorus_value == 0)
    return;
  file_str = fmt_amount (self, self->amounts[which]);
  chorus_str = fmt_amount (self, chorus_value);
  if (amounts_match (self->amounts[which], chorus_value, credit))
    add_check (checks, CHORUS_FACTURX_SEVERITY_OK, field, _("%s: %s, as in Chorus Pro."), label, file_str);
  else
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, field,
               _("%s: the file says %s, Chorus Pro says %s."), label, file_str, chorus_str);
}

static void
compare_siret (GPtrArray  *checks,
               const char *field,
               const char *who,
               const char *file_siret,
               const char *file_siren,
               const char *chorus_code)
{
  g_autofree char *code = _chorus_facturx_compact (chorus_code);

  if (code == NULL || !_chorus_facturx_all_digits (code, 14))
    return;
  if (file_siret == NULL && file_siren == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, field,
               _("%s: the file gives no SIRET or SIREN; Chorus Pro says %s."), who, code);
  else if (g_strcmp0 (file_siret, code) == 0)
    add_check (checks, CHORUS_FACTURX_SEVERITY_OK, field, _("%s: SIRET %s, as in Chorus Pro."), who, code);
  else if (file_siren != NULL && strncmp (file_siren, code, 9) == 0)
    {
      if (file_siret == NULL)
        add_check (checks, CHORUS_FACTURX_SEVERITY_INFO, field,
                   _("%s: the file gives only the SIREN %s, which matches the SIRET %s in Chorus Pro."),
                   who, file_siren, code);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, field,
                   _("%s: same company but another establishment: the file says SIRET %s, Chorus Pro %s."),
                   who, file_siret, code);
    }
  else
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, field,
               _("%s: the file says %s, Chorus Pro says SIRET %s: not the same company."),
               who, file_siret ? file_siret : file_siren, code);
}

static void
compare_reference (GPtrArray  *checks,
                   const char *field,
                   const char *label,
                   const char *file_value,
                   const char *chorus_value)
{
  if (chorus_value == NULL || *chorus_value == '\0')
    return;
  if (file_value == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, field,
               _("%s: missing from the file; Chorus Pro says “%s”."), label, chorus_value);
  else if (chorus_format_same_text (file_value, chorus_value))
    add_check (checks, CHORUS_FACTURX_SEVERITY_OK, field, _("%s: “%s”, as in Chorus Pro."), label, file_value);
  else
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, field,
               _("%s: the file says “%s”, Chorus Pro says “%s”."), label, file_value, chorus_value);
}

static void
check_against_chorus (ChorusFacturxDocument *self,
                      ChorusInvoice         *chorus,
                      GPtrArray             *checks)
{
  ChorusInvoiceType file_type = chorus_facturx_document_get_invoice_type (self);
  ChorusInvoiceType chorus_type = chorus_invoice_get_invoice_type (chorus);
  gboolean credit = file_type == CHORUS_INVOICE_TYPE_AVOIR || chorus_type == CHORUS_INVOICE_TYPE_AVOIR;
  const char *number = chorus_invoice_get_number (chorus);
  const char *date = chorus_invoice_get_invoice_date (chorus);
  const char *currency = chorus_invoice_get_currency (chorus);

  if (number != NULL && self->number != NULL)
    {
      g_autofree char *a = chorus_duplicates_normalize_number (number);
      g_autofree char *b = chorus_duplicates_normalize_number (self->number);

      if (g_strcmp0 (number, self->number) == 0)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "number",
                   _("Invoice number %s, as in Chorus Pro."), number);
      else if (g_strcmp0 (a, b) == 0)
        add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "number",
                   _("Invoice number written differently: the file says “%s”, Chorus Pro says “%s”."),
                   self->number, number);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "number",
                   _("Invoice number: the file says “%s”, Chorus Pro says “%s”."), self->number, number);
    }

  if (date != NULL && self->issue_date != NULL)
    {
      g_autofree char *file_date = chorus_date_format (self->issue_date);
      g_autofree char *chorus_date = chorus_date_format (date);

      if (strncmp (date, self->issue_date, 10) == 0)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "invoice_date",
                   _("Invoice date %s, as in Chorus Pro."), file_date);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "invoice_date",
                   _("Invoice date: the file says %s, Chorus Pro says %s."), file_date, chorus_date);
    }

  if (currency != NULL && self->currency != NULL && g_ascii_strcasecmp (currency, self->currency) != 0)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "currency",
               _("Currency: the file says %s, Chorus Pro says %s."), self->currency, currency);

  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_TAX_BASIS, chorus_invoice_get_amount_ht (chorus), credit,
                  "amount_ht", _("Total excluding VAT"));
  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, chorus_invoice_get_amount_vat (chorus), credit,
                  "amount_vat", _("VAT"));
  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, chorus_invoice_get_amount_ttc (chorus), credit,
                  "amount_ttc", _("Total including VAT"));
  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, chorus_invoice_get_amount_to_pay (chorus), credit,
                  "amount_to_pay", _("Amount due"));

  compare_siret (checks, "seller_siret", _("Supplier"), self->seller_siret, self->seller_siren,
                 chorus_invoice_get_supplier_code (chorus));
  compare_siret (checks, "buyer_siret", _("Recipient"), self->buyer_siret, self->buyer_siren,
                 chorus_invoice_get_recipient_code (chorus));
  compare_reference (checks, "service_code", _("Service code"), self->buyer_reference,
                     chorus_invoice_get_service_code (chorus));
  compare_reference (checks, "engagement_number", _("Engagement number"), self->order_reference,
                     chorus_invoice_get_engagement_number (chorus));

  if (chorus_type != CHORUS_INVOICE_TYPE_UNKNOWN && self->type_code != NULL)
    {
      gboolean file_credit = file_type == CHORUS_INVOICE_TYPE_AVOIR;
      gboolean chorus_credit = chorus_type == CHORUS_INVOICE_TYPE_AVOIR;

      if (file_credit == chorus_credit)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "invoice_type",
                   _("Document type %s (%s), consistent with Chorus Pro (%s)."), self->type_code,
                   chorus_facturx_type_code_label (self->type_code), chorus_invoice_type_label (chorus_type));
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "invoice_type",
                   _("Document type %s (%s) in the file, but Chorus Pro has it as “%s”."), self->type_code,
                   chorus_facturx_type_code_label (self->type_code), chorus_invoice_type_label (chorus_type));
    }
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const ChorusFacturxCheck *x = *(ChorusFacturxCheck *const *) a;
  const ChorusFacturxCheck *y = *(ChorusFacturxCheck *const *) b;

  return (int) y->severity - (int) x->severity;
}

GPtrArray *
chorus_facturx_cross_check (ChorusFacturxDocument *self,
                            ChorusInvoice         *chorus_data)
{
  GPtrArray *checks;

  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  g_return_val_if_fail (chorus_data == NULL || CHORUS_IS_INVOICE (chorus_data), NULL);

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_facturx_check_free);
  for (guint i = 0; i < self->notes->len; i++)
    g_ptr_array_add (checks, chorus_facturx_check_copy (g_ptr_array_index (self->notes, i)));
  check_document (self, checks);
  check_arithmetic (self, checks);
  if (chorus_data != NULL)
    check_against_chorus (self, chorus_data, checks);
  /* GLib's sort is a stable merge sort: the reading order stays within a severity. */
  g_ptr_array_sort (checks, compare_severity);
  return checks;
}
