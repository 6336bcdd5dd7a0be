/* chorus-invoice-columns.c: the column table and how each column reads an invoice. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-invoice-columns.h"
#include "chorus-status.h"

/* Indexed by ChorusSortColumn. Headers are short so a triage screen shows the work; the tooltip,
 * the column chooser and the CSV use the full name. */
static const ChorusInvoiceColumn column_table[CHORUS_SORT_LAST] = {
  { CHORUS_SORT_RECIPIENT, "recipient", N_("Recipient"), N_("Recipient structure"), CHORUS_COLUMN_TEXT, 170, FALSE },
  { CHORUS_SORT_SUPPLIER_TYPE, "supplier-type", N_("Issuer Type"), N_("Type of the supplier’s identifier"), CHORUS_COLUMN_TEXT, 100, FALSE },
  { CHORUS_SORT_SUPPLIER, "supplier", N_("Supplier"), N_("Supplier (issuer of the invoice)"), CHORUS_COLUMN_TEXT, 150, TRUE },
  { CHORUS_SORT_NUMBER, "number", N_("Invoice No."), N_("Invoice number"), CHORUS_COLUMN_KEY, 0, TRUE },
  { CHORUS_SORT_INVOICE_DATE, "invoice-date", N_("Inv. Date"), N_("Invoice date"), CHORUS_COLUMN_DATE, 96, TRUE },
  { CHORUS_SORT_DEPOSIT_DATE, "deposit-date", N_("Received"), N_("Deposit date on Chorus Pro (date of reception)"), CHORUS_COLUMN_DATE, 96, FALSE },
  { CHORUS_SORT_AMOUNT_HT, "amount-ht", N_("Excl. VAT"), N_("Amount excluding VAT"), CHORUS_COLUMN_AMOUNT, 105, FALSE },
  { CHORUS_SORT_AMOUNT_TTC, "amount-ttc", N_("Incl. VAT"), N_("Amount including VAT"), CHORUS_COLUMN_AMOUNT, 105, FALSE },
  { CHORUS_SORT_AMOUNT_TO_PAY, "amount-to-pay", N_("To Pay"), N_("Amount to pay"), CHORUS_COLUMN_AMOUNT, 105, TRUE },
  { CHORUS_SORT_STATUS, "status", N_("Status"), N_("Status on Chorus Pro"), CHORUS_COLUMN_STATUS, 155, TRUE },
  { CHORUS_SORT_SERVICE, "service", N_("Service"), N_("Executing service"), CHORUS_COLUMN_TEXT, 130, FALSE },
  { CHORUS_SORT_SIRET, "siret", N_("SIRET"), N_("Supplier’s SIRET or other identifier"), CHORUS_COLUMN_TEXT, 135, FALSE },
  { CHORUS_SORT_ENGAGEMENT, "engagement", N_("Commitment"), N_("Commitment number (purchase order)"), CHORUS_COLUMN_TEXT, 120, FALSE },
  { CHORUS_SORT_INTERNAL_REFERENCE, "internal-reference", N_("File No."), N_("Internal reference (your file number)"), CHORUS_COLUMN_TEXT, 110, FALSE },
  { CHORUS_SORT_GESTIONNAIRE, "gestionnaire", N_("Handler"), N_("Handler of the invoice"), CHORUS_COLUMN_TEXT, 120, TRUE },
  { CHORUS_SORT_DAYS_LEFT, "days-left", N_("Time Left"), N_("Time left before the legal payment deadline"), CHORUS_COLUMN_DAYS_LEFT, 116, TRUE },
  { CHORUS_SORT_STATUS_DATE, "status-date", N_("Status Date"), N_("Date of the current status"), CHORUS_COLUMN_DATE, 96, FALSE },
  { CHORUS_SORT_RENVOI, "renvoi", N_("Resent"), N_("Sent back by the supplier after a suspension"), CHORUS_COLUMN_TEXT, 70, FALSE },
};

/* Every column in the order they take when shown: the defaults, with the others in between
 * where they belong. */
static const ChorusSortColumn natural_order[CHORUS_SORT_LAST] = {
  CHORUS_SORT_RECIPIENT, CHORUS_SORT_SUPPLIER_TYPE, CHORUS_SORT_SUPPLIER, CHORUS_SORT_SIRET, CHORUS_SORT_NUMBER,
  CHORUS_SORT_INVOICE_DATE, CHORUS_SORT_DEPOSIT_DATE, CHORUS_SORT_AMOUNT_HT, CHORUS_SORT_AMOUNT_TTC,
  CHORUS_SORT_AMOUNT_TO_PAY, CHORUS_SORT_STATUS, CHORUS_SORT_STATUS_DATE, CHORUS_SORT_RENVOI, CHORUS_SORT_DAYS_LEFT,
  CHORUS_SORT_SERVICE, CHORUS_SORT_ENGAGEMENT, CHORUS_SORT_INTERNAL_REFERENCE, CHORUS_SORT_GESTIONNAIRE,
};

const ChorusInvoiceColumn *
chorus_invoice_columns_get (void)
{
  return column_table;
}

guint
chorus_invoice_columns_natural_position (ChorusSortColumn column)
{
  for (guint i = 0; i < G_N_ELEMENTS (natural_order); i++)
    if (natural_order[i] == column)
      return i;
  g_return_val_if_reached (0);
}

const ChorusInvoiceColumn *
chorus_invoice_columns_find (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_table); i++)
    if (g_strcmp0 (column_table[i].id, id) == 0)
      return &column_table[i];
  return NULL;
}

static const char *
text_of (const ChorusInvoiceColumn *column,
         ChorusInvoice             *invoice)
{
  switch (column->column)
    {
    case CHORUS_SORT_RECIPIENT:
      return chorus_invoice_get_recipient_name (invoice) ?: chorus_invoice_get_recipient_code (invoice);
    case CHORUS_SORT_SUPPLIER_TYPE:
      return chorus_id_type_label (chorus_invoice_get_supplier_id_type (invoice));
    case CHORUS_SORT_SUPPLIER:
      return chorus_invoice_get_supplier_name (invoice);
    case CHORUS_SORT_NUMBER:
      return chorus_invoice_get_number (invoice);
    case CHORUS_SORT_INVOICE_DATE:
      return chorus_invoice_get_invoice_date (invoice);
    case CHORUS_SORT_DEPOSIT_DATE:
      return chorus_invoice_get_deposit_date (invoice);
    case CHORUS_SORT_STATUS_DATE:
      return chorus_invoice_get_status_date (invoice);
    case CHORUS_SORT_STATUS:
      return chorus_status_code_label (chorus_invoice_get_status_code (invoice));
    case CHORUS_SORT_SERVICE:
      return chorus_invoice_get_service_name (invoice) ?: chorus_invoice_get_service_code (invoice);
    case CHORUS_SORT_SIRET:
      return chorus_invoice_get_supplier_code (invoice);
    case CHORUS_SORT_ENGAGEMENT:
      return chorus_invoice_get_engagement_number (invoice);
    case CHORUS_SORT_INTERNAL_REFERENCE:
      return chorus_invoice_get_internal_reference (invoice);
    case CHORUS_SORT_GESTIONNAIRE:
      return chorus_invoice_get_gestionnaire (invoice);
    case CHORUS_SORT_RENVOI:
      /* Complétée: the supplier sent it back with what the suspension asked for. */
      return chorus_invoice_get_status (invoice) == CHORUS_STATUS_COMPLETEE ? _("Yes") : _("No");
    case CHORUS_SORT_AMOUNT_HT:
    case CHORUS_SORT_AMOUNT_TTC:
    case CHORUS_SORT_AMOUNT_TO_PAY:
    case CHORUS_SORT_DAYS_LEFT:
    case CHORUS_SORT_LAST:
    default:
      return NULL;
    }
}

static gint64
amount_of (const ChorusInvoiceColumn *column,
           ChorusInvoice             *invoice)
{
  switch (column->column)
    {
    case CHORUS_SORT_AMOUNT_HT:
      return chorus_invoice_get_amount_ht (invoice);
    case CHORUS_SORT_AMOUNT_TO_PAY:
      return chorus_invoice_get_amount_to_pay (invoice);
    default:
      return chorus_invoice_get_amount_ttc (invoice);
    }
}

static void
deadline_of (ChorusDeadline    *deadline,
             ChorusInvoice     *invoice,
             ChorusDelayPolicy *delays,
             const char        *today)
{
  chorus_deadline_compute (deadline, invoice, chorus_delay_policy_days_for_invoice (delays, invoice), today);
}

char *
chorus_invoice_column_format (const ChorusInvoiceColumn *column,
                              ChorusInvoice             *invoice,
                              ChorusDelayPolicy         *delays,
                              const char                *today)
{
  ChorusDeadline deadline;

  g_return_val_if_fail (column != NULL, NULL);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail (delays != NULL, NULL);

  switch (column->kind)
    {
    case CHORUS_COLUMN_DATE:
      return chorus_date_format (text_of (column, invoice));
    case CHORUS_COLUMN_AMOUNT:
      return chorus_amount_format (amount_of (column, invoice), chorus_invoice_get_currency (invoice));
    case CHORUS_COLUMN_DAYS_LEFT:
      deadline_of (&deadline, invoice, delays, today);
      return chorus_deadline_format_short (&deadline);
    case CHORUS_COLUMN_TEXT:
      if (column->column == CHORUS_SORT_SIRET)
        return chorus_format_siret (text_of (column, invoice));
      return g_strdup (text_of (column, invoice));
    case CHORUS_COLUMN_KEY:
    case CHORUS_COLUMN_STATUS:
    default:
      return g_strdup (text_of (column, invoice));
    }
}

/* The cell in a CSV row: plain numbers for amounts and days (empty when the clock stopped),
 * dd/mm/yyyy for dates. */
static void
chorus_invoice_column_write_csv (const ChorusInvoiceColumn *column,
                                 ChorusCsvWriter           *writer,
                                 ChorusInvoice             *invoice,
                                 ChorusDelayPolicy         *delays,
                                 const char                *today)
{
  ChorusDeadline deadline;

  g_return_if_fail (column != NULL);
  g_return_if_fail (writer != NULL);
  g_return_if_fail (CHORUS_IS_INVOICE (invoice));

  switch (column->kind)
    {
    case CHORUS_COLUMN_DATE:
      chorus_csv_writer_add_date (writer, text_of (column, invoice));
      break;
    case CHORUS_COLUMN_AMOUNT:
      chorus_csv_writer_add_amount (writer, amount_of (column, invoice));
      break;
    case CHORUS_COLUMN_DAYS_LEFT:
      /* A number only while the clock runs: paid, suspended or rejected invoices have no countdown. */
      deadline_of (&deadline, invoice, delays, today);
      if (deadline.state == CHORUS_CLOCK_RUNNING)
        chorus_csv_writer_add_integer (writer, deadline.days_left);
      else
        chorus_csv_writer_add_text (writer, NULL);
      break;
    case CHORUS_COLUMN_TEXT:
    case CHORUS_COLUMN_KEY:
    case CHORUS_COLUMN_STATUS:
    default:
      chorus_csv_writer_add_text (writer, text_of (column, invoice));
      break;
    }
}

#define EXPORT_PAGE 512

GBytes *
chorus_invoice_columns_export_csv (ChorusStore                       *store,
                                   const gint64                      *ids,
                                   guint                              n_ids,
                                   const ChorusInvoiceColumn * const *columns,
                                   guint                              n_columns,
                                   ChorusDelayPolicy                 *delays,
                                   const char                        *today,
                                   GError                           **error)
{
  g_autoptr(ChorusCsvWriter) writer = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (columns != NULL && n_columns > 0, NULL);

  writer = chorus_csv_writer_new ();
  for (guint c = 0; c < n_columns; c++)
    chorus_csv_writer_add_text (writer, columns[c]->kind == CHORUS_COLUMN_DAYS_LEFT
                                        ? _("Days left (negative: late)") : _(columns[c]->description));
  chorus_csv_writer_end_row (writer);

  for (guint start = 0; start < n_ids; start += EXPORT_PAGE)
    {
      guint n = MIN (EXPORT_PAGE, n_ids - start);
      g_autoptr(GPtrArray) invoices = chorus_store_load_invoices (store, ids + start, n, error);

      if (invoices == NULL)
        return NULL;
      for (guint i = 0; i < invoices->len; i++)
        {
          for (guint c = 0; c < n_columns; c++)
            chorus_invoice_column_write_csv (columns[c], writer, g_ptr_array_index (invoices, i),
                                             delays, today);
          chorus_csv_writer_end_row (writer);
        }
    }
  return chorus_csv_writer_free_to_bytes (g_steal_pointer (&writer));
}
