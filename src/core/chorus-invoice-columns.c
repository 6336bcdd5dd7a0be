/* chorus-invoice-columns.c: the column table and how each column reads an invoice. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-invoice-columns.h"

static const ChorusInvoiceColumn column_table[CHORUS_SORT_LAST] = {
  { CHORUS_SORT_RECIPIENT, "recipient", N_("Recipient"), CHORUS_COLUMN_TEXT, 180, TRUE },
  { CHORUS_SORT_SUPPLIER_TYPE, "supplier-type", N_("Issuer Type"), CHORUS_COLUMN_TEXT, 110, FALSE },
  { CHORUS_SORT_SUPPLIER, "supplier", N_("Issuer"), CHORUS_COLUMN_TEXT, 200, TRUE },
  { CHORUS_SORT_NUMBER, "number", N_("Invoice Number"), CHORUS_COLUMN_TEXT, 130, TRUE },
  { CHORUS_SORT_INVOICE_DATE, "invoice-date", N_("Invoice Date"), CHORUS_COLUMN_DATE, 100, TRUE },
  { CHORUS_SORT_DEPOSIT_DATE, "deposit-date", N_("Deposit Date"), CHORUS_COLUMN_DATE, 100, TRUE },
  { CHORUS_SORT_AMOUNT_HT, "amount-ht", N_("Amount excl. VAT"), CHORUS_COLUMN_AMOUNT, 110, FALSE },
  { CHORUS_SORT_AMOUNT_TTC, "amount-ttc", N_("Amount incl. VAT"), CHORUS_COLUMN_AMOUNT, 110, TRUE },
  { CHORUS_SORT_AMOUNT_TO_PAY, "amount-to-pay", N_("Amount to Pay"), CHORUS_COLUMN_AMOUNT, 110, FALSE },
  { CHORUS_SORT_STATUS, "status", N_("Status"), CHORUS_COLUMN_STATUS, 170, TRUE },
  { CHORUS_SORT_SERVICE, "service", N_("Service"), CHORUS_COLUMN_TEXT, 140, TRUE },
  { CHORUS_SORT_SIRET, "siret", N_("SIRET"), CHORUS_COLUMN_TEXT, 130, FALSE },
  { CHORUS_SORT_ENGAGEMENT, "engagement", N_("Commitment Number"), CHORUS_COLUMN_TEXT, 130, FALSE },
  { CHORUS_SORT_INTERNAL_REFERENCE, "internal-reference", N_("Internal Reference"), CHORUS_COLUMN_TEXT, 130, FALSE },
  { CHORUS_SORT_GESTIONNAIRE, "gestionnaire", N_("Handler"), CHORUS_COLUMN_TEXT, 120, TRUE },
  { CHORUS_SORT_DAYS_LEFT, "days-left", N_("Payment Time Left"), CHORUS_COLUMN_DAYS_LEFT, 120, TRUE },
};

const ChorusInvoiceColumn *
chorus_invoice_columns_get (void)
{
  return column_table;
}

const ChorusInvoiceColumn *
chorus_invoice_columns_find (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_table); i++)
    if (g_strcmp0 (column_table[i].id, id) == 0)
      return &column_table[i];
  return NULL;
}

char *
chorus_days_left_format (int days_left)
{
  if (days_left == G_MININT)
    return NULL;
  if (days_left == 0)
    return g_strdup (_("Due today"));
  if (days_left < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day late", "%d days late", (gulong) -days_left),
                            -days_left);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) days_left), days_left);
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

char *
chorus_invoice_column_format (const ChorusInvoiceColumn *column,
                              ChorusInvoice             *invoice,
                              guint                      deadline_days,
                              const char                *today)
{
  g_return_val_if_fail (column != NULL, NULL);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);

  switch (column->kind)
    {
    case CHORUS_COLUMN_DATE:
      return chorus_date_format (text_of (column, invoice));
    case CHORUS_COLUMN_AMOUNT:
      return chorus_amount_format (amount_of (column, invoice), chorus_invoice_get_currency (invoice));
    case CHORUS_COLUMN_DAYS_LEFT:
      return chorus_days_left_format (chorus_invoice_days_left (invoice, deadline_days, today));
    case CHORUS_COLUMN_TEXT:
    case CHORUS_COLUMN_STATUS:
    default:
      return g_strdup (text_of (column, invoice));
    }
}

void
chorus_invoice_column_write_csv (const ChorusInvoiceColumn *column,
                                 ChorusCsvWriter           *writer,
                                 ChorusInvoice             *invoice,
                                 guint                      deadline_days,
                                 const char                *today)
{
  int days;

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
      days = chorus_invoice_days_left (invoice, deadline_days, today);
      if (days == G_MININT)
        chorus_csv_writer_add_text (writer, NULL);
      else
        chorus_csv_writer_add_integer (writer, days);
      break;
    case CHORUS_COLUMN_TEXT:
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
                                   guint                              deadline_days,
                                   const char                        *today,
                                   GError                           **error)
{
  g_autoptr(ChorusCsvWriter) writer = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (columns != NULL && n_columns > 0, NULL);

  writer = chorus_csv_writer_new ();
  for (guint c = 0; c < n_columns; c++)
    chorus_csv_writer_add_text (writer, _(columns[c]->title));
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
                                             deadline_days, today);
          chorus_csv_writer_end_row (writer);
        }
    }
  return chorus_csv_writer_free_to_bytes (g_steal_pointer (&writer));
}
