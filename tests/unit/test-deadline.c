/* test-deadline.c: the legal payment delay and the stated due date, state by state, with and without
 * the status history; payer kinds and the delay policy; the French texts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "chorus-deadline.h"
#include "chorus-status.h"
#include "chorus-test-util.h"

#define TODAY "2026-12-06"

static ChorusInvoice *
invoice_new (ChorusStatus  status,
             const char   *deposit_date,
             const char   *status_date)
{
  ChorusInvoice *invoice = chorus_invoice_new ();

  chorus_invoice_set_status (invoice, status);
  chorus_invoice_set_deposit_date (invoice, deposit_date);
  chorus_invoice_set_status_date (invoice, status_date);
  return invoice;
}

static void
add_event (GPtrArray    *history,
           ChorusStatus  status,
           const char   *date)
{
  ChorusStatusEvent event = { .status = status, .code = chorus_status_to_api (status), .date = (char *) date };

  g_ptr_array_add (history, chorus_status_event_copy (&event));
}

static void
assert_date (const GDate *date,
             int          day,
             int          month,
             int          year)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_day (date), ==, day);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_year (date), ==, year);
}

/* Received on 20/11/2026 by a hospital: 50 days, due 09/01/2027, 34 days left on 06/12/2026. */
static void
test_running (void)
{
  g_autoptr(ChorusInvoice) invoice = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", "2026-11-20T08:00:00");
  g_autofree char *short_text = NULL;
  g_autofree char *status = NULL;
  ChorusDeadline deadline;

  chorus_deadline_compute (&deadline, invoice, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_RUNNING);
  assert_date (&deadline.received, 20, 11, 2026);
  assert_date (&deadline.legal_due, 9, 1, 2027);
  g_assert_cmpint (deadline.days_left, ==, 34);
  g_assert_cmpint (chorus_deadline_days_late (&deadline), ==, 0);
  short_text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (short_text, ==, "D-34");
  status = chorus_deadline_format_status (&deadline);
  g_assert_cmpstr (status, ==, "34 days left");

  /* The same invoice for the State: 30 days, due 20/12/2026. */
  chorus_deadline_compute (&deadline, invoice, 30, TODAY);
  assert_date (&deadline.legal_due, 20, 12, 2026);
  g_assert_cmpint (deadline.days_left, ==, 14);

  /* Due today, then late. */
  chorus_deadline_compute (&deadline, invoice, 16, TODAY);
  g_clear_pointer (&short_text, g_free);
  short_text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (short_text, ==, "D-0");
  chorus_deadline_compute (&deadline, invoice, 50, "2027-01-21");
  g_assert_cmpint (deadline.days_left, ==, -12);
  g_assert_cmpint (chorus_deadline_days_late (&deadline), ==, 12);
  g_clear_pointer (&short_text, g_free);
  short_text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (short_text, ==, "+12 d");

  /* Processed but not paid yet: the clock still runs. */
  chorus_invoice_set_status (invoice, CHORUS_STATUS_MANDATEE);
  chorus_deadline_compute (&deadline, invoice, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_RUNNING);
  g_assert_cmpint (deadline.days_left, ==, 34);
}

/* No countdown once paid, rejected or sent for recycling. */
static void
test_stopped (void)
{
  g_autoptr(ChorusInvoice) paid = invoice_new (CHORUS_STATUS_MISE_EN_PAIEMENT, "2024-01-10", "2024-02-02T10:00:00");
  g_autoptr(ChorusInvoice) late = invoice_new (CHORUS_STATUS_MISE_EN_PAIEMENT, "2024-01-10", "2024-03-10");
  g_autoptr(ChorusInvoice) rejected = invoice_new (CHORUS_STATUS_REJETEE, "2024-01-10", "2024-01-12");
  g_autoptr(ChorusInvoice) recycled = invoice_new (CHORUS_STATUS_A_RECYCLER, "2024-01-10", "2024-01-12");
  g_autofree char *text = NULL;
  g_autofree char *legal = NULL;
  ChorusDeadline deadline;

  chorus_deadline_compute (&deadline, paid, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_PAID);
  g_assert_cmpint (deadline.paid_after, ==, 23);
  g_assert_cmpint (chorus_deadline_days_late (&deadline), ==, 0);
  text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (text, ==, "paid in 23 d");

  /* Paid 60 days after reception with a 50-day delay: 10 days late, however old it is now. */
  chorus_deadline_compute (&deadline, late, 50, TODAY);
  g_assert_cmpint (deadline.paid_after, ==, 60);
  g_assert_cmpint (chorus_deadline_days_late (&deadline), ==, 10);
  legal = chorus_deadline_describe_legal (&deadline);
  g_assert_nonnull (strstr (legal, "10/03/2024"));
  g_assert_nonnull (strstr (legal, "10 days late"));

  chorus_deadline_compute (&deadline, rejected, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_CLOSED);
  g_assert_cmpint (chorus_deadline_days_late (&deadline), ==, 0);
  g_clear_pointer (&text, g_free);
  text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (text, ==, "—");
  g_assert_null (chorus_deadline_format_status (&deadline));

  chorus_deadline_compute (&deadline, recycled, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_CLOSED);

  /* Without a real deposit date nothing is counted. */
  chorus_invoice_set_deposit_date (paid, "2026-02-30");
  chorus_deadline_compute (&deadline, paid, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_NONE);
  chorus_invoice_set_deposit_date (paid, NULL);
  chorus_deadline_compute (&deadline, paid, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_NONE);
  g_assert_null (chorus_deadline_format_short (&deadline));
  g_assert_null (chorus_deadline_describe_legal (&deadline));
}

/* A suspension interrupts the delay; completion opens a new one of 30 days, or of what was left when
 * that is longer (R2192-29). */
static void
test_interruption (void)
{
  g_autoptr(ChorusInvoice) suspended = invoice_new (CHORUS_STATUS_SUSPENDUE, "2026-11-20", "2026-11-25T09:00:00");
  g_autoptr(ChorusInvoice) completed = invoice_new (CHORUS_STATUS_COMPLETEE, "2026-11-20", "2026-12-01T09:00:00");
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_status_event_free);
  g_autofree char *text = NULL;
  g_autofree char *legal = NULL;
  ChorusDeadline deadline;

  /* Suspended 5 days after reception with 45 of 50 days left: the clock stands still. */
  chorus_deadline_compute (&deadline, suspended, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_SUSPENDED);
  assert_date (&deadline.stopped, 25, 11, 2026);
  g_assert_cmpint (deadline.days_left, ==, 45);
  chorus_deadline_compute (&deadline, suspended, 50, "2027-06-01");
  g_assert_cmpint (deadline.days_left, ==, 45);
  g_assert_cmpint (chorus_deadline_days_late (&deadline), ==, 0);
  text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (text, ==, "suspended");
  legal = chorus_deadline_describe_legal (&deadline);
  g_assert_nonnull (strstr (legal, "Suspended on 25/11/2026 with 45 days left"));

  /* Completed on 01/12 without the history: at the earliest 30 days later, and never before the
   * first deadline (09/01/2027). */
  chorus_deadline_compute (&deadline, completed, 50, TODAY);
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_RUNNING);
  g_assert_false (deadline.interruption_known);
  assert_date (&deadline.resumed, 1, 12, 2026);
  assert_date (&deadline.legal_due, 9, 1, 2027);
  chorus_deadline_compute (&deadline, completed, 30, TODAY);
  assert_date (&deadline.legal_due, 31, 12, 2026);

  /* With the history (newest first, as Chorus Pro lists it): suspended on 25/11 with 45 days left,
   * completed on 01/12: 45 days from then. */
  add_event (history, CHORUS_STATUS_COMPLETEE, "2026-12-01T09:00:00");
  add_event (history, CHORUS_STATUS_SUSPENDUE, "2026-11-25T09:00:00");
  add_event (history, CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20T08:00:00");
  add_event (history, CHORUS_STATUS_DEPOSEE, "2026-11-20T07:00:00");
  chorus_invoice_set_history (completed, history);
  chorus_deadline_compute (&deadline, completed, 50, TODAY);
  g_assert_true (deadline.interruption_known);
  /* The invoice's history is left as it was, in its order. */
  g_assert_cmpuint (chorus_invoice_get_history (completed)->len, ==, 4);
  g_assert_cmpstr (((ChorusStatusEvent *) g_ptr_array_index (chorus_invoice_get_history (completed), 0))->date,
                   ==, "2026-12-01T09:00:00");
  assert_date (&deadline.legal_due, 15, 1, 2027);
  g_assert_cmpint (deadline.days_left, ==, 40);

  /* For the State (30 days) only 25 were left: the new delay is 30 days. */
  chorus_deadline_compute (&deadline, completed, 30, TODAY);
  assert_date (&deadline.legal_due, 31, 12, 2026);

  /* A second suspension does not interrupt the delay again: it ran until that day. */
  chorus_invoice_set_status (completed, CHORUS_STATUS_SUSPENDUE);
  chorus_invoice_set_status_date (completed, "2026-12-05");
  g_ptr_array_insert (history, 0, chorus_status_event_copy (&(ChorusStatusEvent) { .status = CHORUS_STATUS_SUSPENDUE,
                                                                                    .date = (char *) "2026-12-05T09:00:00" }));
  chorus_invoice_set_history (completed, history);
  chorus_deadline_compute (&deadline, completed, 50, "2027-03-01");
  g_assert_cmpint (deadline.state, ==, CHORUS_CLOCK_SUSPENDED);
  assert_date (&deadline.stopped, 5, 12, 2026);
  g_assert_cmpint (deadline.days_left, ==, 41);
}

/* The due date the supplier wrote is a separate deadline, shown for what it is. */
static void
test_stated_due_date (void)
{
  g_autoptr(ChorusInvoice) invoice = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", NULL);
  g_autofree char *stated = NULL;
  ChorusDeadline deadline;

  chorus_deadline_compute (&deadline, invoice, 50, TODAY);
  g_assert_false (deadline.has_stated_due);
  stated = chorus_deadline_describe_stated (&deadline);
  g_assert_cmpstr (stated, ==, "The invoice states no due date of its own.");

  chorus_invoice_set_due_date (invoice, "2026-12-18");
  chorus_deadline_compute (&deadline, invoice, 50, TODAY);
  g_assert_true (deadline.has_stated_due);
  assert_date (&deadline.stated_due, 18, 12, 2026);
  g_assert_cmpint (deadline.stated_days_left, ==, 12);
  /* It does not move the legal deadline. */
  g_assert_cmpint (deadline.days_left, ==, 34);
  g_clear_pointer (&stated, g_free);
  stated = chorus_deadline_describe_stated (&deadline);
  g_assert_cmpstr (stated, ==, "Due date stated on the invoice by the supplier: 18/12/2026.");
}

static void
test_sort_rank (void)
{
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_MISE_A_DISPOSITION), ==, 0);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_COMPLETEE), ==, 0);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_SERVICE_FAIT), ==, 0);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_UNKNOWN), ==, 0);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_SUSPENDUE), ==, 1);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_MISE_EN_PAIEMENT), ==, 2);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_REJETEE), ==, 3);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_A_RECYCLER), ==, 3);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_REFUSEE_1), ==, 3);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_ABANDONNEE), ==, 3);
  g_assert_cmpint (chorus_deadline_sort_rank (CHORUS_STATUS_A_VALIDER_2), ==, 0);
  /* The SQL form names each stopped status with the same rank. */
  g_assert_nonnull (strstr (chorus_deadline_sort_rank_sql (), "WHEN 'SUSPENDUE' THEN 1"));
  g_assert_nonnull (strstr (chorus_deadline_sort_rank_sql (), "WHEN 'MISE_EN_PAIEMENT' THEN 2"));
  g_assert_nonnull (strstr (chorus_deadline_sort_rank_sql (), "WHEN 'REJETEE' THEN 3"));
  g_assert_null (strstr (chorus_deadline_sort_rank_sql (), "'MISE_A_DISPOSITION'"));
  g_assert_true (g_str_has_suffix (chorus_deadline_sort_rank_sql (), " ELSE 0 END"));
}

/* The list's sort key is the due date its cell counts down to, so that the order follows the figures;
 * stopped clocks keep their reception date (their rank sorts them apart). */
static void
test_sort_key (void)
{
  g_autoptr(ChorusDelayPolicy) policy = chorus_delay_policy_new ();
  g_autoptr(ChorusDelayPolicy) other = chorus_delay_policy_new ();
  g_autofree char *signature = NULL;
  g_autofree char *same = NULL;
  g_autofree char *changed = NULL;
  struct {
    ChorusStatus status;
    const char  *deposit;
    const char  *status_date;
    guint        days;
    const char  *key;
  } cases[] = {
    { CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", NULL, 50, "2027-01-09" },
    { CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20T10:12:00", NULL, 30, "2026-12-20" },
    /* Completed on 01/12: the delay runs again, 30 days at least (R2192-29). */
    { CHORUS_STATUS_COMPLETEE, "2026-10-01", "2026-12-01T09:00", 50, "2026-12-31" },
    /* Completed early: the first deadline stands. */
    { CHORUS_STATUS_COMPLETEE, "2026-10-01", "2026-10-02", 50, "2026-11-20" },
    { CHORUS_STATUS_SUSPENDUE, "2026-10-01", "2026-10-05", 50, "2026-10-01" },
    { CHORUS_STATUS_MISE_EN_PAIEMENT, "2026-10-01", "2026-10-20", 50, "2026-10-01" },
    { CHORUS_STATUS_MISE_A_DISPOSITION, NULL, NULL, 50, NULL },
    { CHORUS_STATUS_MISE_A_DISPOSITION, "not a date", NULL, 50, "not a date" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = chorus_deadline_sort_key (cases[i].deposit, cases[i].status, cases[i].status_date,
                                                       cases[i].days);
      g_autoptr(ChorusInvoice) invoice = invoice_new (cases[i].status, cases[i].deposit, cases[i].status_date);
      ChorusDeadline deadline;

      g_assert_cmpstr (key, ==, cases[i].key);
      /* The same due date as the figure the list shows for the row (which has no history). */
      chorus_deadline_compute (&deadline, invoice, cases[i].days, TODAY);
      if (deadline.state == CHORUS_CLOCK_RUNNING && g_date_valid (&deadline.legal_due))
        {
          g_autofree char *due = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&deadline.legal_due),
                                                  (guint) g_date_get_month (&deadline.legal_due),
                                                  g_date_get_day (&deadline.legal_due));
          g_assert_cmpstr (key, ==, due);
        }
    }

  /* A policy's signature changes with any of its settings, and only then. */
  signature = chorus_delay_policy_signature (policy);
  same = chorus_delay_policy_signature (other);
  g_assert_cmpstr (signature, ==, same);
  chorus_delay_policy_set_structure_kind (other, "26176299863330", CHORUS_PAYER_STATE);
  changed = chorus_delay_policy_signature (other);
  g_assert_cmpstr (signature, !=, changed);
  g_clear_pointer (&changed, g_free);
  chorus_delay_policy_set_kind_days (policy, CHORUS_PAYER_HOSPITAL, 60);
  changed = chorus_delay_policy_signature (policy);
  g_assert_cmpstr (signature, !=, changed);
}

static void
test_payer_kinds (void)
{
  ChorusPayerKind kind = CHORUS_PAYER_LAST;

  g_assert_cmpuint (chorus_payer_kind_legal_days (CHORUS_PAYER_STATE), ==, 30);
  g_assert_cmpuint (chorus_payer_kind_legal_days (CHORUS_PAYER_LOCAL_AUTHORITY), ==, 30);
  g_assert_cmpuint (chorus_payer_kind_legal_days (CHORUS_PAYER_HOSPITAL), ==, 50);
  for (guint i = 0; i < CHORUS_PAYER_LAST; i++)
    {
      g_assert_true (chorus_payer_kind_from_string (chorus_payer_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_false (chorus_payer_kind_from_string ("nonsense", &kind));

  g_assert_true (chorus_payer_kind_guess ("Centre hospitalier de Vallon-sur-Loire", &kind));
  g_assert_cmpint (kind, ==, CHORUS_PAYER_HOSPITAL);
  g_assert_true (chorus_payer_kind_guess ("CHU de Nantes", &kind));
  g_assert_cmpint (kind, ==, CHORUS_PAYER_HOSPITAL);
  g_assert_true (chorus_payer_kind_guess ("Hôpital local de Bellevue", &kind));
  g_assert_cmpint (kind, ==, CHORUS_PAYER_HOSPITAL);
  g_assert_true (chorus_payer_kind_guess ("COMMUNE DE SAINT-ÉTIENNE", &kind));
  g_assert_cmpint (kind, ==, CHORUS_PAYER_LOCAL_AUTHORITY);
  g_assert_true (chorus_payer_kind_guess ("Préfecture de la Loire", &kind));
  g_assert_cmpint (kind, ==, CHORUS_PAYER_STATE);
  /* Whole words only: "Établissement", "Chuchotis" or "Villeneuve" say nothing. */
  g_assert_false (chorus_payer_kind_guess ("Établissements Chuchotis de Villeneuve", &kind));
  g_assert_false (chorus_payer_kind_guess (NULL, &kind));
}

static void
test_policy (void)
{
  g_autoptr(ChorusDelayPolicy) policy = chorus_delay_policy_new ();
  g_autoptr(ChorusInvoice) invoice = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", NULL);
  gboolean chosen = TRUE;

  /* Unknown name: the default kind (a hospital unless told otherwise). */
  g_assert_cmpuint (chorus_delay_policy_get_days (policy, "11111111111111", "Structure sans indice"), ==, 50);
  chorus_delay_policy_set_default_kind (policy, CHORUS_PAYER_STATE);
  g_assert_cmpuint (chorus_delay_policy_get_days (policy, "11111111111111", "Structure sans indice"), ==, 30);
  /* The name tells. */
  g_assert_cmpint (chorus_delay_policy_get_kind (policy, "26176299863330", "Centre hospitalier de Vallon-sur-Loire", &chosen),
                   ==, CHORUS_PAYER_HOSPITAL);
  g_assert_false (chosen);
  /* The user's choice wins over the name. */
  chorus_delay_policy_set_structure_kind (policy, "26176299863330", CHORUS_PAYER_LOCAL_AUTHORITY);
  g_assert_cmpint (chorus_delay_policy_get_kind (policy, "26176299863330", "Centre hospitalier de Vallon-sur-Loire", &chosen),
                   ==, CHORUS_PAYER_LOCAL_AUTHORITY);
  g_assert_true (chosen);
  /* Days set for a kind apply to its structures. */
  chorus_delay_policy_set_kind_days (policy, CHORUS_PAYER_HOSPITAL, 60);
  chorus_invoice_set_recipient_name (invoice, "CHU de Nantes");
  g_assert_cmpuint (chorus_delay_policy_days_for_invoice (policy, invoice), ==, 60);
  chorus_invoice_set_recipient_code (invoice, "26176299863330");
  g_assert_cmpuint (chorus_delay_policy_days_for_invoice (policy, invoice), ==, 30);
}

/* The texts users read are French. */
static void
test_french (void)
{
  g_autoptr(ChorusInvoice) invoice = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", NULL);
  g_autoptr(ChorusInvoice) paid = invoice_new (CHORUS_STATUS_MISE_EN_PAIEMENT, "2026-10-01", "2026-10-24");
  g_autofree char *short_text = NULL;
  g_autofree char *late = NULL;
  g_autofree char *paid_text = NULL;
  g_autofree char *legal = NULL;
  g_autofree char *status = NULL;
  ChorusDeadline deadline;

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("fr_FR.UTF-8 locale not available");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  chorus_deadline_compute (&deadline, invoice, 50, TODAY);
  short_text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (short_text, ==, "J-34");
  status = chorus_deadline_format_status (&deadline);
  g_assert_cmpstr (status, ==, "34 jours restants");
  legal = chorus_deadline_describe_legal (&deadline);
  g_assert_cmpstr (legal, ==, "Échéance légale de paiement (50 jours après la réception le 20/11/2026) : 09/01/2027 — 34 jours restants.");
  chorus_deadline_compute (&deadline, invoice, 50, "2027-01-21");
  late = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (late, ==, "+12 j");
  chorus_deadline_compute (&deadline, paid, 50, TODAY);
  paid_text = chorus_deadline_format_short (&deadline);
  g_assert_cmpstr (paid_text, ==, "payée en 23 j");
  g_assert_cmpstr (chorus_payer_kind_label (CHORUS_PAYER_HOSPITAL), ==, "Établissement public de santé");
  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
}

/* The detail pane's pieces: the count, what moved the clock, the date. */
static void
test_describe_parts (void)
{
  g_autoptr(ChorusInvoice) running = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", NULL);
  g_autoptr(ChorusInvoice) suspended = invoice_new (CHORUS_STATUS_SUSPENDUE, "2026-11-20", "2026-11-25T09:00:00");
  g_autoptr(ChorusInvoice) paid = invoice_new (CHORUS_STATUS_MISE_EN_PAIEMENT, "2026-10-01", "2026-10-24");
  g_autoptr(ChorusInvoice) undated = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, NULL, NULL);
  g_autofree char *count = NULL;
  g_autofree char *none = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *date = NULL;
  ChorusDeadline deadline;
  GDate invalid;

  chorus_deadline_compute (&deadline, running, 50, TODAY);
  count = chorus_deadline_describe_count (&deadline);
  g_assert_cmpstr (count, ==, "50 days after reception on 20/11/2026");
  /* Nothing stopped or moved the clock. */
  none = chorus_deadline_describe_events (&deadline);
  g_assert_null (none);
  date = chorus_deadline_format_date (&deadline.legal_due);
  g_assert_cmpstr (date, ==, "09/01/2027");

  chorus_deadline_compute (&deadline, suspended, 50, TODAY);
  stop = chorus_deadline_describe_events (&deadline);
  g_assert_nonnull (strstr (stop, "Suspended on 25/11/2026 with 45 days left"));

  chorus_deadline_compute (&deadline, paid, 30, TODAY);
  payment = chorus_deadline_describe_events (&deadline);
  g_assert_nonnull (strstr (payment, "Payment issued on 24/10/2026, 23 days after reception, within the delay."));

  /* The invoice's own date counts only while the clock runs. */
  {
    g_autoptr(ChorusInvoice) with_due = invoice_new (CHORUS_STATUS_MISE_A_DISPOSITION, "2026-11-20", NULL);
    g_autofree char *left = NULL;
    g_autofree char *stated_paid = NULL;

    chorus_invoice_set_due_date (with_due, "2026-12-18");
    chorus_deadline_compute (&deadline, with_due, 50, TODAY);
    left = chorus_deadline_format_stated_status (&deadline);
    g_assert_cmpstr (left, ==, "12 days left");
    chorus_deadline_compute (&deadline, with_due, 50, "2026-12-20");
    g_clear_pointer (&left, g_free);
    left = chorus_deadline_format_stated_status (&deadline);
    g_assert_cmpstr (left, ==, "2 days late");
    chorus_invoice_set_status (with_due, CHORUS_STATUS_MISE_EN_PAIEMENT);
    chorus_deadline_compute (&deadline, with_due, 50, TODAY);
    stated_paid = chorus_deadline_format_stated_status (&deadline);
    g_assert_null (stated_paid);
    chorus_deadline_compute (&deadline, running, 50, TODAY);
    g_assert_null (chorus_deadline_format_stated_status (&deadline));
  }

  /* Without a reception date there is nothing to count from. */
  chorus_deadline_compute (&deadline, undated, 50, TODAY);
  g_assert_null (chorus_deadline_describe_count (&deadline));
  g_date_clear (&invalid, 1);
  g_assert_null (chorus_deadline_format_date (&invalid));
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deadline/running", test_running);
  g_test_add_func ("/deadline/stopped", test_stopped);
  g_test_add_func ("/deadline/interruption", test_interruption);
  g_test_add_func ("/deadline/stated-due-date", test_stated_due_date);
  g_test_add_func ("/deadline/sort-rank", test_sort_rank);
  g_test_add_func ("/deadline/sort-key", test_sort_key);
  g_test_add_func ("/deadline/payer-kinds", test_payer_kinds);
  g_test_add_func ("/deadline/policy", test_policy);
  g_test_add_func ("/deadline/describe-parts", test_describe_parts);
  g_test_add_func ("/deadline/french", test_french);
  return g_test_run ();
}
