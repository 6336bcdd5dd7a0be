/* chorus-deposit-rules.c: checks of a deposit, field by field, each with a message for the user. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chorus-deposit-rules.h"
#include "chorus-format.h"

G_DEFINE_BOXED_TYPE (ChorusDepositProblem, chorus_deposit_problem,
                     chorus_deposit_problem_copy, chorus_deposit_problem_free)

ChorusDepositProblem *
chorus_deposit_problem_copy (const ChorusDepositProblem *problem)
{
  ChorusDepositProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (ChorusDepositProblem, 1);
  copy->field = problem->field;
  copy->message = g_strdup (problem->message);
  return copy;
}

void
chorus_deposit_problem_free (ChorusDepositProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

void
chorus_deposit_problems_add (GPtrArray          *problems,
                             ChorusDepositField  field,
                             const char         *format,
                             ...)
{
  ChorusDepositProblem *problem = g_new0 (ChorusDepositProblem, 1);
  va_list args;

  va_start (args, format);
  problem->field = field;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

gboolean
chorus_deposit_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
chorus_deposit_number_is_valid (const char *number)
{
  gsize len;

  if (number == NULL)
    return FALSE;
  len = strlen (number);
  if (len == 0 || len > CHORUS_INVOICE_NUMBER_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (number[i]) && strchr ("-_/+", number[i]) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
chorus_deposit_date_is_valid (const char *iso_date)
{
  unsigned y, m, d;
  int consumed = 0;

  if (iso_date == NULL || strlen (iso_date) != 10 || iso_date[4] != '-' || iso_date[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso_date[i]))
      return FALSE;
  if (sscanf (iso_date, "%4u-%2u-%2u%n", &y, &m, &d, &consumed) != 3 || consumed != 10)
    return FALSE;
  return y >= 1900 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* The extensions the platform's attachment rules list (community page "pièces jointes – règles"). */
static const char *const attachment_extensions[] = {
  "BMP", "BZ2", "CSV", "DOC", "DOCX", "FAX", "GIF", "GZ", "GZIP", "HTM", "HTML", "JPEG", "JPG", "ODP",
  "ODT", "P7S", "PDF", "PNG", "PPT", "RTF", "SVG", "TGZ", "TIFF", "TXT", "XHTML", "XLC", "XLS", "XLSX",
  "XML", "ZIP", NULL,
};

gboolean
chorus_attachment_check (const char  *file_name,
                         goffset      size,
                         char       **platform_name,
                         char       **extension,
                         GError     **error)
{
  const char *dot = file_name != NULL ? strrchr (file_name, '.') : NULL;
  g_autofree char *upper = dot != NULL ? g_ascii_strup (dot + 1, -1) : NULL;
  glong length;

  g_return_val_if_fail (platform_name != NULL && extension != NULL, FALSE);

  if (upper == NULL || !g_strv_contains (attachment_extensions, upper))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) attachment_extensions);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Chorus Pro does not take “%s” as an attachment: the accepted file types are %s."),
                   file_name != NULL ? file_name : "", list);
      return FALSE;
    }
  if (size > CHORUS_ATTACHMENT_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is larger than the 10 MB Chorus Pro accepts for an attachment."), file_name);
      return FALSE;
    }
  length = g_utf8_strlen (file_name, -1);
  if (length <= CHORUS_ATTACHMENT_NAME_MAX)
    *platform_name = g_strdup (file_name);
  else
    {
      /* Shortened before the extension, on a character boundary. */
      glong keep = CHORUS_ATTACHMENT_NAME_MAX - g_utf8_strlen (dot, -1);
      g_autofree char *stem = g_utf8_substring (file_name, 0, MAX (keep, 1));

      *platform_name = g_strconcat (stem, dot, NULL);
    }
  *extension = g_steal_pointer (&upper);
  return TRUE;
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
format_amount (gint64 cents)
{
  return chorus_amount_format (cents, NULL);
}

/* "5,5" or "20": French decimal comma, whatever the process locale. */
static char *
format_rate (double rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.2f", rate);
  for (char *p = buf + strlen (buf) - 1; p > buf && (*p == '0' || *p == '.'); p--)
    {
      gboolean dot = *p == '.';

      *p = '\0';
      if (dot)
        break;
    }
  g_strdelimit (buf, ".", ',');
  return g_strdup (buf);
}

static void
check_identity (GPtrArray *problems, ChorusInvoice *deposit, const ChorusDepositContext *context)
{
  const char *number = chorus_invoice_get_number (deposit);
  const char *date = chorus_invoice_get_invoice_date (deposit);
  g_autofree char *today = NULL;

  if (chorus_deposit_text_is_blank (number))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_NUMBER, "%s", _("The invoice number is required."));
  else if (strlen (number) > CHORUS_INVOICE_NUMBER_MAX)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_NUMBER,
                 _("The invoice number has %u characters; at most %d are allowed."),
                 (guint) g_utf8_strlen (number, -1), CHORUS_INVOICE_NUMBER_MAX);
  else if (!chorus_deposit_number_is_valid (number))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_NUMBER, "%s",
                 _("The invoice number may only contain letters without accents, digits and the characters - _ / +."));

  today = g_strdup (context && context->today ? context->today : NULL);
  if (today == NULL)
    today = today_iso ();
  if (chorus_deposit_text_is_blank (date))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_DATE, "%s", _("The invoice date is required."));
  else if (!chorus_deposit_date_is_valid (date))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_DATE, "%s", _("The invoice date is not a valid date."));
  else if (strcmp (date, today) > 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_DATE, "%s", _("The invoice date cannot be in the future."));
}

static void
check_recipient (GPtrArray *problems, ChorusInvoice *deposit, const ChorusRecipientRules *rules)
{
  const char *siret = chorus_invoice_get_recipient_code (deposit);
  const char *service = chorus_invoice_get_service_code (deposit);
  const char *engagement = chorus_invoice_get_engagement_number (deposit);
  gboolean has_service = !chorus_deposit_text_is_blank (service);
  gboolean has_engagement = !chorus_deposit_text_is_blank (engagement);

  if (chorus_deposit_text_is_blank (siret))
    {
      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT, "%s", _("Choose the recipient of the invoice."));
      return;
    }
  /* The directory's obligations are still checked: they belong to the structure found. */
  if (!chorus_siret_is_valid (siret))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT,
                 _("The recipient SIRET “%s” is not valid (14 digits with a correct check key)."), siret);
  if (rules == NULL)
    return;
  if ((!rules->found || !rules->active) && chorus_siret_is_valid (siret))
    {
      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT,
                   _("The recipient %s is not in the directory or is not active."), siret);
      return;
    }

  if (has_service && (!rules->service_found || !rules->service_active))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_SERVICE,
                 _("The service “%s” does not exist or is not active for this recipient."), service);
  else if (rules->service_required && !has_service)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_SERVICE, "%s",
                 _("This recipient requires a service code."));

  if (rules->engagement_required && !has_engagement)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT, "%s",
                 _("This recipient requires an engagement number."));
  else if (has_service && rules->service_found && rules->service_engagement_required && !has_engagement)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT, "%s",
                 _("The chosen service requires an engagement number."));

  if (rules->engagement_or_service && !has_service && !has_engagement)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT, "%s",
                 _("This recipient requires a service code or an engagement number."));

  if (has_engagement && strlen (engagement) > 50)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT, "%s",
                 _("The engagement number is longer than 50 characters."));
}

gboolean
chorus_deposit_cadre_has_validator (ChorusCadre cadre)
{
  return cadre == CHORUS_CADRE_A9 || cadre == CHORUS_CADRE_A12;
}

/* The main contractor named on a subcontractor's or co-contractor's invoice. */
static void
check_validator (GPtrArray *problems, ChorusInvoice *deposit)
{
  ChorusCadre cadre = chorus_invoice_get_cadre (deposit);
  const char *validator = chorus_invoice_get_validator_code (deposit);
  const char *supplier = chorus_invoice_get_supplier_code (deposit);

  if (!chorus_deposit_cadre_has_validator (cadre))
    return;
  if (chorus_deposit_text_is_blank (validator))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VALIDATOR,
                 _("Give the SIRET of the main contractor (titulaire or mandataire): the framework %s goes to them for validation first."),
                 chorus_cadre_short_code (cadre));
  else if (!chorus_siret_is_valid (validator))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VALIDATOR,
                 _("“%s” is not a valid SIRET for the main contractor (14 digits)."), validator);
  else if (g_strcmp0 (validator, supplier) == 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VALIDATOR, "%s",
                 _("The main contractor is another company than the one that issues the invoice."));
}

static void
check_cadre (GPtrArray *problems, ChorusInvoice *deposit, const ChorusDepositContext *context)
{
  ChorusCadre cadre = chorus_invoice_get_cadre (deposit);
  ChorusRole role = context ? context->role : CHORUS_ROLE_FOURNISSEUR;

  if (cadre == CHORUS_CADRE_UNKNOWN)
    {
      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE, "%s", _("Choose the billing framework."));
      return;
    }
  /* factures/v1/soumettre refuses works pieces: they go through facturesTravaux. */
  if (chorus_works_cadre_is_piece (cadre))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE,
                 _("A piece of framework %s belongs to a works billing file: deposit it from “Works Invoices”."),
                 chorus_cadre_short_code (cadre));
  else if (role != CHORUS_ROLE_FOURNISSEUR && role != CHORUS_ROLE_UNKNOWN)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CADRE, _("The framework %s is deposited by a supplier."),
                 chorus_cadre_short_code (cadre));
}

static void
check_references (GPtrArray *problems, ChorusInvoice *deposit)
{
  const char *currency = chorus_invoice_get_currency (deposit);
  ChorusInvoiceType type = chorus_invoice_get_invoice_type (deposit);
  const char *original = chorus_invoice_get_original_number (deposit);

  if (type == CHORUS_INVOICE_TYPE_UNKNOWN)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_INVOICE_TYPE, "%s",
                 _("Choose whether this is an invoice or a credit note."));

  if (chorus_deposit_text_is_blank (currency))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CURRENCY, "%s", _("The currency is required."));
  else if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) || !g_ascii_isupper (currency[1]) ||
           !g_ascii_isupper (currency[2]))
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_CURRENCY,
                 _("The currency “%s” is not an ISO 4217 code such as EUR."), currency);

  if (chorus_invoice_get_vat_type (deposit) == CHORUS_VAT_TYPE_UNKNOWN)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_TYPE, "%s", _("Choose the VAT type."));

  if (type == CHORUS_INVOICE_TYPE_AVOIR)
    {
      if (!chorus_deposit_text_is_blank (chorus_invoice_get_payment_mode (deposit)))
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_PAYMENT_MODE, "%s",
                     _("A credit note has no payment mode."));
      if (chorus_deposit_text_is_blank (original))
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER, "%s",
                     _("A credit note must give the number of the invoice it corrects."));
      else if (!chorus_deposit_number_is_valid (original))
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER, "%s",
                     _("The number of the corrected invoice is not a valid invoice number."));
      else if (g_strcmp0 (original, chorus_invoice_get_number (deposit)) == 0)
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER, "%s",
                     _("A credit note cannot correct itself: its number and the corrected invoice number are the same."));
    }
}

static void
check_amounts (GPtrArray *problems, ChorusInvoice *deposit)
{
  gint64 ht = chorus_invoice_get_amount_ht (deposit);
  gint64 vat = chorus_invoice_get_amount_vat (deposit);
  gint64 ttc = chorus_invoice_get_amount_ttc (deposit);
  gint64 to_pay = chorus_invoice_get_amount_to_pay (deposit);
  ChorusVatType vat_type = chorus_invoice_get_vat_type (deposit);

  if (ht < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_HT, "%s", _("The amount excluding VAT cannot be negative."));
  if (vat < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_VAT, "%s", _("The VAT amount cannot be negative."));
  if (ttc < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TTC, "%s", _("The amount including VAT cannot be negative."));
  if (to_pay < 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY, "%s", _("The net amount to pay cannot be negative."));

  if (ht + vat != ttc)
    {
      g_autofree char *sum = format_amount (ht + vat);
      g_autofree char *total = format_amount (ttc);

      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TTC,
                   _("Amount excluding VAT plus VAT makes %s, but the amount including VAT is %s."), sum, total);
    }
  if (to_pay > ttc)
    {
      g_autofree char *pay = format_amount (to_pay);
      g_autofree char *total = format_amount (ttc);

      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY,
                   _("The net amount to pay (%s) is greater than the amount including VAT (%s)."), pay, total);
    }
  if ((vat_type == CHORUS_VAT_TYPE_EXONERATION || vat_type == CHORUS_VAT_TYPE_SANS_TVA) && vat != 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_VAT,
                 _("With the VAT type “%s” the VAT amount must be zero."), chorus_vat_type_label (vat_type));
  if (chorus_invoice_get_cadre (deposit) == CHORUS_CADRE_A2 && to_pay != 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY, "%s",
                 _("An invoice already paid (framework A2) has nothing left to pay: the net amount to pay must be zero."));
}

static void
check_vat_lines (GPtrArray *problems, ChorusInvoice *deposit)
{
  GPtrArray *lines = chorus_invoice_get_vat_lines (deposit);
  gint64 base_sum = 0, vat_sum = 0;

  if (lines == NULL || lines->len == 0)
    return;

  for (guint i = 0; i < lines->len; i++)
    {
      const ChorusVatLine *line = g_ptr_array_index (lines, i);

      base_sum += line->base_ht;
      vat_sum += line->vat_amount;
      if (chorus_deposit_text_is_blank (line->rate_code) && line->rate <= 0.0 && line->vat_amount != 0)
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                     _("VAT line %u has an amount but no rate."), i + 1);
      else if (line->rate > 0.0)
        {
          gint64 expected = (gint64) llround ((double) line->base_ht * line->rate / 100.0);

          /* One cent either way: the supplier may have rounded per line of the invoice. */
          if (ABS (expected - line->vat_amount) > 1)
            {
              g_autofree char *amount = format_amount (line->vat_amount);
              g_autofree char *want = format_amount (expected);
              g_autofree char *rate = format_rate (line->rate);

              chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                           _("VAT line %u: the VAT at %s %% on this base is %s, not %s."), i + 1, rate, want, amount);
            }
        }
    }

  if (base_sum != chorus_invoice_get_amount_ht (deposit))
    {
      g_autofree char *sum = format_amount (base_sum);
      g_autofree char *ht = format_amount (chorus_invoice_get_amount_ht (deposit));

      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                   _("The VAT lines' bases add up to %s, but the amount excluding VAT is %s."), sum, ht);
    }
  if (vat_sum != chorus_invoice_get_amount_vat (deposit))
    {
      g_autofree char *sum = format_amount (vat_sum);
      g_autofree char *vat = format_amount (chorus_invoice_get_amount_vat (deposit));

      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                   _("The VAT lines add up to %s of VAT, but the VAT amount is %s."), sum, vat);
    }
}

static void
check_lines (GPtrArray *problems, ChorusInvoice *deposit)
{
  GPtrArray *lines = chorus_invoice_get_lines (deposit);
  gint64 sum = 0;

  if (lines == NULL || lines->len == 0)
    return;

  for (guint i = 0; i < lines->len; i++)
    {
      const ChorusInvoiceLine *line = g_ptr_array_index (lines, i);
      gint64 expected = (gint64) llround (line->quantity * (double) line->unit_price_ht) - line->discount_ht;

      if (chorus_deposit_text_is_blank (line->label))
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES, _("Line %u has no description."), i + 1);
      if (line->quantity <= 0.0)
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES, _("Line %u: the quantity must be positive."), i + 1);
      if (ABS (expected - line->total_ht) > 1)
        {
          g_autofree char *total = format_amount (line->total_ht);
          g_autofree char *want = format_amount (expected);

          chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES,
                       _("Line %u: quantity × unit price − discount makes %s, not %s."), i + 1, want, total);
        }
      sum += line->total_ht;
    }

  if (sum != chorus_invoice_get_amount_ht (deposit))
    {
      g_autofree char *total = format_amount (sum);
      g_autofree char *ht = format_amount (chorus_invoice_get_amount_ht (deposit));

      chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES,
                   _("The lines add up to %s excluding VAT, but the amount excluding VAT is %s."), total, ht);
    }
}

GPtrArray *
chorus_deposit_check (ChorusInvoice              *deposit,
                      const ChorusRecipientRules *rules,
                      const ChorusDepositContext *context)
{
  GPtrArray *problems;

  g_return_val_if_fail (CHORUS_IS_INVOICE (deposit), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_problem_free);
  if (context != NULL && context->needs_attachment && chorus_invoice_get_main_attachment_id (deposit) <= 0)
    chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, "%s", _("Choose the PDF of the invoice."));
  check_identity (problems, deposit, context);
  check_recipient (problems, deposit, rules);
  check_cadre (problems, deposit, context);
  check_validator (problems, deposit);
  check_references (problems, deposit);
  check_amounts (problems, deposit);
  check_vat_lines (problems, deposit);
  check_lines (problems, deposit);
  return problems;
}

GPtrArray *
chorus_deposit_check_routing (ChorusInvoice              *invoice,
                              const ChorusRecipientRules *rules)
{
  GPtrArray *problems;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_problem_free);
  check_recipient (problems, invoice, rules);
  return problems;
}

const ChorusDepositProblem *
chorus_deposit_problems_find (GPtrArray          *problems,
                              ChorusDepositField  field)
{
  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const ChorusDepositProblem *problem = g_ptr_array_index (problems, i);

      if (problem->field == field)
        return problem;
    }
  return NULL;
}

char *
chorus_deposit_problems_join (GPtrArray *problems)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const ChorusDepositProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, problem->message);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
