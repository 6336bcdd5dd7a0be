/* chorus-facturx.c: the Factur-X document (CII/UBL invoice data, bare or from a PDF): its fields and
 * labels, the comparisons its readers and checks share, and the invoice a deposit form gets from it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Around it: chorus-facturx-xml.c reads the XML (one hardened parse, then CII or UBL),
 * chorus-facturx-pdf.c finds it in a PDF, chorus-facturx-checks.c checks it on its own and against
 * Chorus Pro's data; chorus-duplicates.c compares invoices with each other. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "chorus-facturx-private.h"
#include "chorus-format.h"

G_DEFINE_QUARK (chorus-facturx-error-quark, chorus_facturx_error)

G_DEFINE_FINAL_TYPE (ChorusFacturxDocument, chorus_facturx_document, G_TYPE_OBJECT)


static void
chorus_facturx_document_finalize (GObject *object)
{
  ChorusFacturxDocument *self = CHORUS_FACTURX_DOCUMENT (object);

#define FREE_STRING(name) g_free (self->name);
  CHORUS_FACTURX_STRING_FIELDS (FREE_STRING)
#undef FREE_STRING
  g_clear_pointer (&self->vat_lines, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_facturx_document_parent_class)->finalize (object);
}

static void
chorus_facturx_document_class_init (ChorusFacturxDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_facturx_document_finalize;
}

static void
chorus_facturx_document_init (ChorusFacturxDocument *self)
{
  self->vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_facturx_check_free);
}

#define DEFINE_GETTER(name)                                                   \
  const char *                                                                \
  chorus_facturx_document_get_##name (ChorusFacturxDocument *self)           \
  {                                                                           \
    g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);           \
    return self->name;                                                        \
  }
CHORUS_FACTURX_STRING_FIELDS (DEFINE_GETTER)
#undef DEFINE_GETTER

ChorusFacturxSyntax
chorus_facturx_document_get_syntax (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), CHORUS_FACTURX_SYNTAX_CII);
  return self->syntax;
}

ChorusFacturxProfile
chorus_facturx_document_get_profile (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), CHORUS_FACTURX_PROFILE_UNKNOWN);
  return self->profile;
}

gboolean
chorus_facturx_document_get_from_pdf (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), FALSE);
  return self->from_pdf;
}

gboolean
chorus_facturx_document_get_amount (ChorusFacturxDocument *self,
                                    ChorusFacturxAmount    which,
                                    gint64                *cents)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), FALSE);
  g_return_val_if_fail (which < CHORUS_FACTURX_AMOUNT_LAST, FALSE);

  if (cents != NULL)
    *cents = self->has_amount[which] ? self->amounts[which] : 0;
  return self->has_amount[which];
}

GPtrArray *
chorus_facturx_document_get_vat_lines (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  return self->vat_lines;
}

GPtrArray *
chorus_facturx_document_get_lines (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  return self->lines;
}

gboolean
_chorus_facturx_type_code_is_credit (const char *type_code)
{
  return g_strcmp0 (type_code, "381") == 0 || g_strcmp0 (type_code, "261") == 0 ||
         g_strcmp0 (type_code, "262") == 0 || g_strcmp0 (type_code, "396") == 0;
}

ChorusInvoiceType
chorus_facturx_document_get_invoice_type (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), CHORUS_INVOICE_TYPE_UNKNOWN);

  if (self->syntax == CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE || _chorus_facturx_type_code_is_credit (self->type_code))
    return CHORUS_INVOICE_TYPE_AVOIR;
  if (g_strcmp0 (self->type_code, "386") == 0)
    return CHORUS_INVOICE_TYPE_ACOMPTE;
  if (self->type_code == NULL)
    return CHORUS_INVOICE_TYPE_UNKNOWN;
  return CHORUS_INVOICE_TYPE_FACTURE;
}

const char *
chorus_facturx_document_get_flux_syntax (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);

  switch (self->syntax)
    {
    case CHORUS_FACTURX_SYNTAX_CII:
      return self->from_pdf ? "IN_DP_E2_CII_FACTURX" : "IN_DP_E1_CII_16B";
    case CHORUS_FACTURX_SYNTAX_UBL_INVOICE:
    case CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE:
      /* Chorus Pro takes UBL as a bare XML flux only. */
      return self->from_pdf ? NULL : "IN_DP_E1_UBL_INVOICE";
    case CHORUS_FACTURX_SYNTAX_ZUGFERD1:
    default:
      return NULL;
    }
}

const char *
chorus_facturx_profile_label (ChorusFacturxProfile profile)
{
  switch (profile)
    {
    case CHORUS_FACTURX_PROFILE_MINIMUM: return "MINIMUM";
    case CHORUS_FACTURX_PROFILE_BASIC_WL: return "BASIC WL";
    case CHORUS_FACTURX_PROFILE_BASIC: return "BASIC";
    case CHORUS_FACTURX_PROFILE_EN16931: return "EN 16931";
    case CHORUS_FACTURX_PROFILE_EXTENDED: return "EXTENDED";
    case CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR: return "EXTENDED-CTC-FR";
    case CHORUS_FACTURX_PROFILE_XRECHNUNG: return "XRechnung";
    case CHORUS_FACTURX_PROFILE_UNKNOWN:
    case CHORUS_FACTURX_PROFILE_LAST:
    default:
      return _("Unknown profile");
    }
}

gboolean
chorus_facturx_profile_has_lines (ChorusFacturxProfile profile)
{
  return profile != CHORUS_FACTURX_PROFILE_MINIMUM && profile != CHORUS_FACTURX_PROFILE_BASIC_WL;
}

const char *
chorus_facturx_type_code_label (const char *type_code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "380", N_("Commercial invoice") },
    { "381", N_("Credit note") },
    { "384", N_("Corrected invoice") },
    { "386", N_("Prepayment invoice") },
    { "389", N_("Self-billed invoice") },
    { "261", N_("Self-billed credit note") },
    { "262", N_("Self-billed credit note") },
    { "751", N_("Invoice information for accounting") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (type_code, labels[i].code) == 0)
      return _(labels[i].label);
  return _("Unknown document type");
}

const char *
chorus_facturx_payment_means_label (const char *code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "10", N_("Cash") },
    { "20", N_("Cheque") },
    { "30", N_("Credit transfer") },
    { "31", N_("Debit transfer") },
    { "42", N_("Payment to bank account") },
    { "48", N_("Bank card") },
    { "49", N_("Direct debit") },
    { "57", N_("Standing agreement") },
    { "58", N_("SEPA credit transfer") },
    { "59", N_("SEPA direct debit") },
    { "97", N_("Clearing between partners") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (code, labels[i].code) == 0)
      return _(labels[i].label);
  return NULL;
}

const char *
chorus_facturx_amount_label (ChorusFacturxAmount which)
{
  switch (which)
    {
    case CHORUS_FACTURX_AMOUNT_LINE_TOTAL: return _("Sum of lines");
    case CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL: return _("Charges");
    case CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL: return _("Allowances");
    case CHORUS_FACTURX_AMOUNT_TAX_BASIS: return _("Total excluding VAT");
    case CHORUS_FACTURX_AMOUNT_TAX_TOTAL: return _("VAT");
    case CHORUS_FACTURX_AMOUNT_GRAND_TOTAL: return _("Total including VAT");
    case CHORUS_FACTURX_AMOUNT_PREPAID: return _("Already paid");
    case CHORUS_FACTURX_AMOUNT_ROUNDING: return _("Rounding");
    case CHORUS_FACTURX_AMOUNT_DUE_PAYABLE: return _("Amount due");
    case CHORUS_FACTURX_AMOUNT_LAST:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Values shared by the readers and the checks */

/* Identifier without spaces (SIRET, VAT, IBAN are often written grouped). */
char *
_chorus_facturx_compact (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  if (out->len == 0)
    return (g_string_free (out, TRUE), NULL);
  return g_string_free (out, FALSE);
}

gboolean
_chorus_facturx_cents_from_double (double  value,
                                   gint64 *cents)
{
  if (!isfinite (value) || fabs (value * 100.0) > (double) CHORUS_FACTURX_MAX_CENTS)
    return FALSE;
  *cents = chorus_amount_from_double (value);
  return TRUE;
}

/* |a − b| ≤ one cent, without overflowing on any input. */
gboolean
_chorus_facturx_within_cent (gint64 a,
                             gint64 b)
{
  guint64 diff = a > b ? (guint64) a - (guint64) b : (guint64) b - (guint64) a;

  return diff <= 1;
}

gboolean
_chorus_facturx_all_digits (const char *text,
                            gsize       len)
{
  return text != NULL && strlen (text) == len && strspn (text, "0123456789") == len;
}

/* ---------------------------------------------------------------------------------------------- */
/* Deposit */

ChorusInvoice *
chorus_facturx_to_invoice (ChorusFacturxDocument *self,
                           ChorusInvoice         *invoice)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) vat_lines = NULL;
  ChorusInvoiceType type;
  gint64 value;
  int sign = 1;

  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  g_return_val_if_fail (invoice == NULL || CHORUS_IS_INVOICE (invoice), NULL);

  if (invoice == NULL)
    invoice = chorus_invoice_new ();
  type = chorus_facturx_document_get_invoice_type (self);
  /* A credit note typed 380 with negative amounts is deposited as AVOIR with positive amounts. */
  if (type == CHORUS_INVOICE_TYPE_FACTURE && self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] &&
      self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] < 0)
    {
      type = CHORUS_INVOICE_TYPE_AVOIR;
      sign = -1;
    }

  chorus_invoice_set_invoice_type (invoice, type);
  chorus_invoice_set_number (invoice, self->number);
  chorus_invoice_set_invoice_date (invoice, self->issue_date);
  chorus_invoice_set_recipient_code (invoice, self->buyer_siret);
  chorus_invoice_set_recipient_name (invoice, self->buyer_name);
  chorus_invoice_set_supplier_code (invoice, self->seller_siret);
  chorus_invoice_set_supplier_name (invoice, self->seller_name);
  if (chorus_siret_is_valid (self->seller_siret))
    chorus_invoice_set_supplier_id_type (invoice, CHORUS_ID_TYPE_SIRET);
  chorus_invoice_set_service_code (invoice, self->buyer_reference);
  chorus_invoice_set_engagement_number (invoice, self->order_reference);
  chorus_invoice_set_market_number (invoice, self->contract_reference);
  chorus_invoice_set_original_number (invoice, self->preceding_invoice);
  chorus_invoice_set_currency (invoice, self->currency ? self->currency : "EUR");
  chorus_invoice_set_due_date (invoice, self->due_date);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_TAX_BASIS, &value))
    chorus_invoice_set_amount_ht (invoice, sign * value);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, &value))
    chorus_invoice_set_amount_vat (invoice, sign * value);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, &value))
    chorus_invoice_set_amount_ttc (invoice, sign * value);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, &value))
    chorus_invoice_set_amount_to_pay (invoice, sign * value);

  vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  for (guint i = 0; i < self->vat_lines->len; i++)
    {
      ChorusVatLine *copy = chorus_vat_line_copy (g_ptr_array_index (self->vat_lines, i));
      copy->base_ht *= sign;
      copy->vat_amount *= sign;
      g_ptr_array_add (vat_lines, copy);
    }
  chorus_invoice_set_vat_lines (invoice, vat_lines);

  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  for (guint i = 0; i < self->lines->len; i++)
    {
      ChorusInvoiceLine *copy = chorus_invoice_line_copy (g_ptr_array_index (self->lines, i));
      copy->quantity *= sign;
      copy->total_ht *= sign;
      g_ptr_array_add (lines, copy);
    }
  chorus_invoice_set_lines (invoice, lines);
  return invoice;
}
