/* chorus-payment-overview.c: one pass over the received invoices whose legal clock matters: the ones
 * still to pay and the ones paid in the last twelve months. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "chorus-csv.h"
#include "chorus-payment-overview.h"
#include "chorus-status.h"

/* Invoices read per query. */
#define PAGE 1000

void
chorus_overdue_invoice_free (ChorusOverdueInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->number);
  g_free (invoice->supplier);
  g_free (invoice->supplier_code);
  g_free (invoice->currency);
  g_free (invoice);
}

void
chorus_payment_overview_free (ChorusPaymentOverview *overview)
{
  if (overview == NULL)
    return;
  g_free (overview->today);
  g_clear_pointer (&overview->overdue, g_ptr_array_unref);
  g_strfreev (overview->missing_semesters);
  g_free (overview);
}

const char *
chorus_overview_bucket_label (ChorusOverviewBucket bucket)
{
  switch (bucket)
    {
    case CHORUS_OVERVIEW_LATE_4_WEEKS:
      return _("4 weeks late or more");
    case CHORUS_OVERVIEW_LATE_2_WEEKS:
      return _("2 to 4 weeks late");
    case CHORUS_OVERVIEW_LATE_1_WEEK:
      return _("1 to 2 weeks late");
    case CHORUS_OVERVIEW_LATE:
      return _("Less than a week late");
    case CHORUS_OVERVIEW_THIS_WEEK:
      return _("Due this week");
    case CHORUS_OVERVIEW_WEEK_2:
      return _("In 1 week");
    case CHORUS_OVERVIEW_WEEK_3:
      return _("In 2 weeks");
    case CHORUS_OVERVIEW_WEEK_4:
      return _("In 3 weeks");
    case CHORUS_OVERVIEW_WEEKS_5_6:
      return _("In 4 to 6 weeks");
    case CHORUS_OVERVIEW_LATER:
    case CHORUS_OVERVIEW_N_BUCKETS:
    default:
      return _("In 6 weeks or more");
    }
}

ChorusOverviewBucket
chorus_overview_bucket_for (int days_left)
{
  if (days_left <= -28)
    return CHORUS_OVERVIEW_LATE_4_WEEKS;
  if (days_left <= -14)
    return CHORUS_OVERVIEW_LATE_2_WEEKS;
  if (days_left <= -7)
    return CHORUS_OVERVIEW_LATE_1_WEEK;
  if (days_left < 0)
    return CHORUS_OVERVIEW_LATE;
  if (days_left < 7)
    return CHORUS_OVERVIEW_THIS_WEEK;
  if (days_left < 14)
    return CHORUS_OVERVIEW_WEEK_2;
  if (days_left < 21)
    return CHORUS_OVERVIEW_WEEK_3;
  if (days_left < 28)
    return CHORUS_OVERVIEW_WEEK_4;
  if (days_left < 42)
    return CHORUS_OVERVIEW_WEEKS_5_6;
  return CHORUS_OVERVIEW_LATER;
}

GHashTable *
chorus_late_interest_rates_from_variant (GVariant *rates)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GVariantIter iter;
  const char *semester;
  gint32 bp;

  if (rates == NULL || !g_variant_is_of_type (rates, G_VARIANT_TYPE ("a{si}")))
    return table;
  g_variant_iter_init (&iter, rates);
  while (g_variant_iter_next (&iter, "{&si}", &semester, &bp))
    g_hash_table_insert (table, g_strdup (semester), GINT_TO_POINTER (bp));
  return table;
}

static void
format_date (char out[11], const GDate *date)
{
  if (date != NULL && g_date_valid (date))
    g_date_strftime (out, 11, "%Y-%m-%d", date);
  else
    out[0] = '\0';
}

/* The API codes of the statuses whose clock is not running: everything else is still to pay. */
static GStrv
not_running_codes (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    if (chorus_deadline_clock_for_status (status) != CHORUS_CLOCK_RUNNING && chorus_status_to_api (status) != NULL)
      g_strv_builder_add (builder, chorus_status_to_api (status));
  return g_strv_builder_end (builder);
}

static ChorusOverdueInvoice *
overdue_new (ChorusInvoice        *invoice,
             const ChorusDeadline *deadline,
             GHashTable           *rates,
             const char           *until,
             GHashTable           *missing)
{
  ChorusOverdueInvoice *late = g_new0 (ChorusOverdueInvoice, 1);
  g_autofree char *semester = NULL;
  gpointer rate;

  late->invoice_id = chorus_invoice_get_key (invoice);
  late->number = g_strdup (chorus_invoice_get_number (invoice));
  late->supplier = g_strdup (chorus_invoice_get_supplier_name (invoice));
  late->supplier_code = g_strdup (chorus_invoice_get_supplier_code (invoice));
  late->currency = g_strdup (chorus_invoice_get_currency (invoice));
  /* The sums still due (montant à payer, net of any down payment), TTC. */
  late->amount = chorus_invoice_get_amount_to_pay (invoice) > 0 ? chorus_invoice_get_amount_to_pay (invoice)
                                                                : chorus_invoice_get_amount_ttc (invoice);
  late->legal_days = deadline->legal_days;
  format_date (late->received, &deadline->received);
  format_date (late->legal_due, &deadline->legal_due);
  late->paid = deadline->state == CHORUS_CLOCK_PAID;
  if (late->paid)
    format_date (late->paid_on, &deadline->stopped);
  late->days_late = MAX (chorus_late_interest_days (late->legal_due, until), 0);
  semester = chorus_late_interest_start_semester (late->legal_due);
  g_strlcpy (late->semester, semester ? semester : "", sizeof late->semester);
  late->rate_known = semester != NULL && g_hash_table_lookup_extended (rates, semester, NULL, &rate);
  late->indemnity = CHORUS_LATE_PAYMENT_INDEMNITY_CENTS;
  if (late->rate_known)
    {
      late->ecb_rate_bp = GPOINTER_TO_INT (rate);
      late->interest = chorus_late_interest_amount (late->amount, late->days_late, late->ecb_rate_bp);
    }
  else if (semester != NULL)
    g_hash_table_add (missing, g_steal_pointer (&semester));
  return late;
}

/* Unpaid first, then the most days late. */
static int
compare_overdue (gconstpointer a,
                 gconstpointer b)
{
  const ChorusOverdueInvoice *x = *(const ChorusOverdueInvoice **) a;
  const ChorusOverdueInvoice *y = *(const ChorusOverdueInvoice **) b;

  if (x->paid != y->paid)
    return x->paid ? 1 : -1;
  if (x->days_late != y->days_late)
    return y->days_late - x->days_late;
  return (x->invoice_id > y->invoice_id) - (x->invoice_id < y->invoice_id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
read_invoices (ChorusStore            *store,
               GArray                 *ids,
               ChorusDelayPolicy      *policy,
               GHashTable             *rates,
               ChorusPaymentOverview  *overview,
               GHashTable             *missing,
               GError                **error)
{
  for (guint start = 0; start < ids->len; start += PAGE)
    {
      guint n = MIN (PAGE, ids->len - start);
      g_autoptr(GPtrArray) invoices = chorus_store_load_invoices (store, &g_array_index (ids, gint64, start), n, error);

      if (invoices == NULL)
        return FALSE;
      for (guint i = 0; i < invoices->len; i++)
        {
          ChorusInvoice *invoice = g_ptr_array_index (invoices, i);
          ChorusDeadline deadline;
          ChorusOverviewBucket bucket;

          chorus_deadline_compute (&deadline, invoice, chorus_delay_policy_days_for_invoice (policy, invoice),
                                   overview->today);
          if (deadline.state == CHORUS_CLOCK_RUNNING)
            {
              bucket = chorus_overview_bucket_for (deadline.days_left);
              overview->buckets[bucket]++;
              overview->bucket_amounts[bucket] += chorus_invoice_get_amount_ttc (invoice);
              if (deadline.days_left < 0)
                {
                  g_ptr_array_add (overview->overdue, overdue_new (invoice, &deadline, rates, overview->today, missing));
                  overview->n_unpaid_late++;
                }
            }
          else if (deadline.state == CHORUS_CLOCK_PAID && deadline.days_left < 0 && g_date_valid (&deadline.stopped))
            {
              char paid[11];

              format_date (paid, &deadline.stopped);
              g_ptr_array_add (overview->overdue, overdue_new (invoice, &deadline, rates, paid, missing));
              overview->n_paid_late++;
            }
        }
    }
  return TRUE;
}

ChorusPaymentOverview *
chorus_payment_overview_compute (ChorusStore        *store,
                                 ChorusDelayPolicy  *policy,
                                 GHashTable         *rates,
                                 const char         *today,
                                 GError            **error)
{
  g_autoptr(ChorusPaymentOverview) overview = g_new0 (ChorusPaymentOverview, 1);
  g_autoptr(GHashTable) no_rates = NULL;
  g_autoptr(GHashTable) missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) stopped = not_running_codes ();
  const char *paid[] = { chorus_status_to_api (CHORUS_STATUS_MISE_EN_PAIEMENT), NULL };
  g_autoptr(GArray) running = NULL;
  g_autoptr(GArray) paid_ids = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *since = NULL;
  unsigned year = 0, month = 0, mday = 0;
  GDate day;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  if (rates == NULL)
    rates = no_rates = g_hash_table_new (g_str_hash, g_str_equal);
  overview->today = today != NULL ? g_strdup (today) : g_date_time_format (now, "%Y-%m-%d");
  /* Paid late within the twelve months before @today: what may still be claimed. */
  g_date_clear (&day, 1);
  if (sscanf (overview->today, "%4u-%2u-%2u", &year, &month, &mday) == 3 &&
      g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year))
    g_date_set_dmy (&day, (GDateDay) mday, (GDateMonth) month, (GDateYear) year);
  if (!g_date_valid (&day))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a date."), overview->today);
      return NULL;
    }
  g_date_subtract_years (&day, 1);
  since = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day));
  overview->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_overdue_invoice_free);
  if (!chorus_store_sum_groups (store, CHORUS_DIRECTION_RECEIVED, overview->counts, overview->amounts, error))
    return NULL;

  running = chorus_store_ids_with_statuses (store, CHORUS_DIRECTION_RECEIVED, (const char * const *) stopped, TRUE,
                                            NULL, error);
  if (running == NULL ||
      !read_invoices (store, running, policy, rates, overview, missing, error))
    return NULL;
  paid_ids = chorus_store_ids_with_statuses (store, CHORUS_DIRECTION_RECEIVED, paid, FALSE, since, error);
  if (paid_ids == NULL ||
      !read_invoices (store, paid_ids, policy, rates, overview, missing, error))
    return NULL;

  g_ptr_array_sort (overview->overdue, compare_overdue);
  for (guint i = 0; i < overview->overdue->len; i++)
    {
      ChorusOverdueInvoice *late = g_ptr_array_index (overview->overdue, i);

      overview->total_interest += late->interest;
      overview->total_indemnity += late->indemnity;
    }
  overview->missing_semesters = (GStrv) g_hash_table_get_keys_as_array (missing, NULL);
  g_hash_table_steal_all (missing);
  g_qsort_with_data (overview->missing_semesters, (gint) g_strv_length (overview->missing_semesters), sizeof (char *),
                     compare_strings, NULL);
  return g_steal_pointer (&overview);
}

GBytes *
chorus_payment_overview_export_csv (const ChorusPaymentOverview *overview)
{
  g_autoptr(ChorusCsvWriter) writer = chorus_csv_writer_new ();
  const char *headers[] = {
    N_("Invoice number"), N_("Supplier"), N_("Supplier identifier"), N_("Received on"), N_("Legal delay (days)"),
    N_("Legal deadline"), N_("Paid on"), N_("Days late"), N_("Amount due incl. VAT"), N_("Half-year of the rate"),
    N_("ECB rate (%)"), N_("Rate applied (%)"), N_("Late-payment interest"), N_("Fixed indemnity"), N_("Still owed"),
  };

  g_return_val_if_fail (overview != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (headers); i++)
    chorus_csv_writer_add_text (writer, _(headers[i]));
  chorus_csv_writer_end_row (writer);
  for (guint i = 0; i < overview->overdue->len; i++)
    {
      ChorusOverdueInvoice *late = g_ptr_array_index (overview->overdue, i);

      chorus_csv_writer_add_text (writer, late->number);
      chorus_csv_writer_add_text (writer, late->supplier);
      chorus_csv_writer_add_text (writer, late->supplier_code);
      chorus_csv_writer_add_date (writer, late->received[0] ? late->received : NULL);
      chorus_csv_writer_add_integer (writer, late->legal_days);
      chorus_csv_writer_add_date (writer, late->legal_due[0] ? late->legal_due : NULL);
      chorus_csv_writer_add_date (writer, late->paid ? late->paid_on : NULL);
      chorus_csv_writer_add_integer (writer, late->days_late);
      chorus_csv_writer_add_amount (writer, late->amount);
      chorus_csv_writer_add_text (writer, late->semester);
      if (late->rate_known)
        {
          /* Percent with two decimals, written as an amount: the same decimal comma. */
          chorus_csv_writer_add_amount (writer, late->ecb_rate_bp);
          chorus_csv_writer_add_amount (writer, late->ecb_rate_bp + CHORUS_LATE_INTEREST_MARGIN_BP);
          chorus_csv_writer_add_amount (writer, late->interest);
        }
      else
        {
          chorus_csv_writer_add_text (writer, NULL);
          chorus_csv_writer_add_text (writer, NULL);
          chorus_csv_writer_add_text (writer, _("rate to fill in"));
        }
      chorus_csv_writer_add_amount (writer, late->indemnity);
      /* Once paid, only the interest and the indemnity are still owed. */
      chorus_csv_writer_add_amount (writer, (late->paid ? 0 : late->amount) + late->interest + late->indemnity);
      chorus_csv_writer_end_row (writer);
    }
  return chorus_csv_writer_free_to_bytes (g_steal_pointer (&writer));
}
