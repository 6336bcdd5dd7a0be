/* chorus-summary-page.c: chorus_payment_overview_compute() in a thread, shown as groups, a chart and the
 * list of late invoices; recounted when the invoices or the settings change. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-days-chart.h"
#include "chorus-delay-settings.h"
#include "chorus-file-choice.h"
#include "chorus-format.h"
#include "chorus-preferences-window.h"
#include "chorus-status.h"
#include "chorus-summary-page-private.h"

/* Rows listed; every one is in the export. */
#define MAX_LATE_ROWS 100
/* A sync brings pages one after the other: one count after the last. */
#define RECOUNT_DELAY_MS 1500

struct _ChorusSummaryPage
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkLabel              *date_label;
  GtkSpinner            *spinner;
  GtkWidget             *rates_box;
  GtkLabel              *rates_label;
  GtkListBox            *groups_list;
  ChorusDaysChart       *chart;
  GtkLabel              *late_label;
  GtkListBox            *late_list;

  ChorusStore           *store;
  ChorusSync            *sync;
  GSettings             *settings;
  GCancellable          *cancellable;
  ChorusPaymentOverview *overview;
  char                  *rates_notice;
  guint                  recount_id;
};

G_DEFINE_FINAL_TYPE (ChorusSummaryPage, chorus_summary_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN_INVOICE,
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  ChorusStore       *store;
  ChorusDelayPolicy *policy;
  GHashTable        *rates;
  char              *today;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->store);
  chorus_delay_policy_unref (job->policy);
  g_hash_table_unref (job->rates);
  g_free (job->today);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  ChorusPaymentOverview *overview = chorus_payment_overview_compute (job->store, job->policy, job->rates, job->today,
                                                                     &error);

  if (overview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, overview, (GDestroyNotify) chorus_payment_overview_free);
}

/* "1er semestre 2026" */
static char *
semester_label (const char *semester)
{
  unsigned year = 0, half = 0;

  if (semester == NULL || sscanf (semester, "%4u-S%1u", &year, &half) != 2)
    return g_strdup (semester ? semester : "");
  return half == 1 ? g_strdup_printf (_("first half of %u"), year) : g_strdup_printf (_("second half of %u"), year);
}

static GtkWidget *
value_row (const char *title,
           const char *subtitle,
           const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "3 064 factures", grouped as the status tabs show counts. */
static char *
invoices_count (guint n)
{
  g_autofree char *digits = chorus_format_count (n);

  /* TRANSLATORS: %s is a count with its digits grouped, "3 064" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s invoice", "%s invoices", n), digits);
}

static void
show_overview (ChorusSummaryPage *self)
{
  ChorusPaymentOverview *overview = self->overview;
  static const ChorusStatusGroup groups[] = {
    CHORUS_STATUS_GROUP_TO_PROCESS, CHORUS_STATUS_GROUP_PROCESSED, CHORUS_STATUS_GROUP_SENT_BACK,
    CHORUS_STATUS_GROUP_IN_VALIDATION, CHORUS_STATUS_GROUP_WORKS, CHORUS_STATUS_GROUP_IN_TRANSIT,
    CHORUS_STATUS_GROUP_OTHER,
  };
  g_autofree char *today = chorus_date_format (overview->today);
  g_autofree char *date = g_strdup_printf (_("Figures of %s, from the last synchronization"), today);
  g_autofree char *late_text = NULL;
  g_autofree char *interest = chorus_amount_format (overview->total_interest, NULL);
  g_autofree char *indemnity = chorus_amount_format (overview->total_indemnity, NULL);

  gtk_label_set_text (self->date_label, date);

  clear_list (self->groups_list);
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *amount = NULL;
      g_autofree char *count = NULL;

      if (overview->counts[groups[i]] == 0 && groups[i] > CHORUS_STATUS_GROUP_PROCESSED)
        continue;
      amount = chorus_amount_format (overview->amounts[groups[i]], NULL);
      count = invoices_count (overview->counts[groups[i]]);
      gtk_list_box_append (self->groups_list, value_row (chorus_status_group_label (groups[i]), count, amount));
    }
  {
    g_autofree char *amount = chorus_amount_format (overview->amounts[CHORUS_STATUS_GROUP_ALL], NULL);
    g_autofree char *count = invoices_count (overview->counts[CHORUS_STATUS_GROUP_ALL]);
    GtkWidget *row = value_row (_("All received invoices"), count, amount);

    gtk_widget_add_css_class (row, "total-row");
    gtk_list_box_append (self->groups_list, row);
  }

  chorus_days_chart_set_values (self->chart, overview->buckets, overview->bucket_amounts);

  /* What to fill in, and where, before any interest can be counted. */
  g_clear_pointer (&self->rates_notice, g_free);
  if (overview->missing_semesters != NULL && overview->missing_semesters[0] != NULL)
    {
      g_autoptr(GString) halves = g_string_new (NULL);

      for (guint i = 0; overview->missing_semesters[i] != NULL; i++)
        {
          g_autofree char *label = semester_label (overview->missing_semesters[i]);

          if (i > 0)
            g_string_append (halves, overview->missing_semesters[i + 1] == NULL ? _(" and ") : ", ");
          g_string_append (halves, label);
        }
      self->rates_notice = g_strdup_printf (_("Chorus Desk ships no interest rate. To count the late-payment interest "
                                              "(the ECB main refinancing rate + 8 points), fill in, in Preferences › "
                                              "Payment Deadlines › Late-payment interest, the ECB rate of each of these half-years "
                                              "(the one in force on its first day): %s."), halves->str);
    }
  gtk_label_set_text (self->rates_label, self->rates_notice ? self->rates_notice : "");
  gtk_widget_set_visible (self->rates_box, self->rates_notice != NULL);

  if (overview->overdue->len == 0)
    late_text = g_strdup (_("No invoice is past its legal deadline."));
  else
    {
      /* Each count carries its own plural; the owed amounts follow in a sentence of their own. */
      g_autofree char *unpaid = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unpaid past the deadline",
                                                              "%u unpaid past the deadline", overview->n_unpaid_late),
                                                 overview->n_unpaid_late);
      g_autofree char *paid = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u paid late in the last 12 months",
                                                            "%u paid late in the last 12 months", overview->n_paid_late),
                                               overview->n_paid_late);
      g_autofree char *owed = NULL;

      if (self->rates_notice == NULL)
        owed = g_strdup_printf (_("Interest owed: %s; fixed indemnities: %s (40 € each)."), interest, indemnity);
      else if (overview->total_interest == 0)
        /* Not "0,00 €": nothing is counted until the rates are there. */
        owed = g_strdup_printf (_("Interest owed: not counted until the ECB rates are filled in; "
                                  "fixed indemnities: %s (40 € each)."), indemnity);
      else
        owed = g_strdup_printf (_("Interest owed: at least %s (some ECB rates are missing); "
                                  "fixed indemnities: %s (40 € each)."), interest, indemnity);
      /* TRANSLATORS: the unpaid count, the paid-late count, then the sentence on what is owed. */
      late_text = g_strdup_printf (_("%s, %s. %s"), unpaid, paid, owed);
    }
  gtk_label_set_text (self->late_label, late_text);

  clear_list (self->late_list);
  for (guint i = 0; i < MIN (overview->overdue->len, MAX_LATE_ROWS); i++)
    {
      ChorusOverdueInvoice *late = g_ptr_array_index (overview->overdue, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf ("%s — %s", late->number ? late->number : "—",
                                                late->supplier ? late->supplier : "—");
      g_autofree char *due = chorus_date_format (late->legal_due);
      g_autofree char *paid_on = late->paid ? chorus_date_format (late->paid_on) : NULL;
      g_autofree char *owed = chorus_amount_format (late->interest, late->currency);
      g_autofree char *amount = chorus_amount_format (late->amount, late->currency);
      g_autofree char *when = NULL;
      g_autofree char *cost = NULL;
      g_autofree char *subtitle = NULL;

      if (late->paid)
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "deadline %s, paid on %s, %d day late",
                                             "deadline %s, paid on %s, %d days late", late->days_late),
                                due, paid_on, late->days_late);
      else
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "deadline %s, %d day late",
                                             "deadline %s, %d days late", late->days_late), due, late->days_late);
      if (late->rate_known)
        cost = g_strdup_printf (_("interest %s + 40 € indemnity"), owed);
      else
        cost = g_strdup (_("interest: ECB rate to fill in + 40 € indemnity"));
      subtitle = g_strdup_printf ("%s · %s", when, cost);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (amount));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "chorus-id", g_memdup2 (&late->invoice_id, sizeof late->invoice_id),
                              g_free);
      if (!late->paid)
        gtk_widget_add_css_class (row, "late");
      gtk_list_box_append (self->late_list, row);
    }
  if (overview->overdue->len > MAX_LATE_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("And %u more: all are in the export."),
                                               overview->overdue->len - MAX_LATE_ROWS);
      gtk_list_box_append (self->late_list, value_row (more, NULL, ""));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.export", overview->overdue->len > 0);
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChorusSummaryPage *self = CHORUS_SUMMARY_PAGE (source);
  g_autoptr(GError) error = NULL;
  ChorusPaymentOverview *overview = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (overview == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The figures could not be read: %s"), error->message);
      gtk_label_set_text (self->date_label, text);
      return;
    }
  g_clear_pointer (&self->overview, chorus_payment_overview_free);
  self->overview = overview;
  show_overview (self);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

void
chorus_summary_page_refresh (ChorusSummaryPage *self,
                             const char        *today)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GVariant) rates = NULL;
  Job *job;

  g_return_if_fail (CHORUS_IS_SUMMARY_PAGE (self));

  g_clear_handle_id (&self->recount_id, g_source_remove);
  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rates = g_settings_get_value (self->settings, "ecb-rates");
  job = g_new0 (Job, 1);
  job->store = g_object_ref (self->store);
  job->policy = chorus_delay_settings_read (self->settings);
  job->rates = chorus_late_interest_rates_from_variant (rates);
  job->today = g_strdup (today);
  gtk_spinner_start (self->spinner);
  /* A million invoices take a while: never on the UI thread. */
  task = g_task_new (self, self->cancellable, computed_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
recount_cb (gpointer data)
{
  ChorusSummaryPage *self = data;

  self->recount_id = 0;
  chorus_summary_page_refresh (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_recount (ChorusSummaryPage *self)
{
  /* Only while shown; mapping the page counts again anyway. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_clear_handle_id (&self->recount_id, g_source_remove);
  self->recount_id = g_timeout_add (RECOUNT_DELAY_MS, recount_cb, self);
}

static void
map_cb (ChorusSummaryPage *self)
{
  chorus_summary_page_refresh (self, NULL);
}

static void
late_activated_cb (ChorusSummaryPage *self,
                   GtkListBoxRow     *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "chorus-id");

  if (id != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_INVOICE], 0, *id);
}

GBytes *
chorus_summary_page_export_csv (ChorusSummaryPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SUMMARY_PAGE (self), NULL);
  return self->overview ? chorus_payment_overview_export_csv (self->overview) : NULL;
}

static void
export_saved (GtkWidget    *owner,
              const GError *error)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup_printf (_("The export could not be saved: %s"), error->message);
  chorus_toast_show_plain (owner, text != NULL ? text : _("Late invoices exported"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ChorusSummaryPage *self = CHORUS_SUMMARY_PAGE (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  if (self->overview == NULL)
    return;
  bytes = chorus_payment_overview_export_csv (self->overview);
  /* TRANSLATORS: a file name, with the date of the figures */
  name = g_strdup_printf (_("late-invoices-%s.csv"), self->overview->today);
  chorus_save_bytes (widget, _("Export the Late Invoices"), _("_Export"), name, bytes, export_saved);
}

/* The preferences, on the page where the rates are filled in. */
static void
fill_rates_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GtkWidget *prefs = chorus_preferences_window_new (GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "deadlines");
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  chorus_summary_page_refresh (CHORUS_SUMMARY_PAGE (widget), NULL);
}

static void
chorus_summary_page_dispose (GObject *object)
{
  ChorusSummaryPage *self = CHORUS_SUMMARY_PAGE (object);

  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->overview, chorus_payment_overview_free);
  g_clear_pointer (&self->rates_notice, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_SUMMARY_PAGE);
  /* The template's root (the scrolled window) is bound to no field: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (chorus_summary_page_parent_class)->dispose (object);
}

static void
chorus_summary_page_class_init (ChorusSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_summary_page_dispose;

  signals[SIGNAL_OPEN_INVOICE] = g_signal_new ("open-invoice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  g_type_ensure (CHORUS_TYPE_DAYS_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, rates_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, rates_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, groups_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, chart);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, late_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusSummaryPage, late_list);
  gtk_widget_class_bind_template_callback (widget_class, late_activated_cb);
  gtk_widget_class_install_action (widget_class, "summary.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "summary.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "summary.fill-rates", NULL, fill_rates_action);
}

static void
settings_changed_cb (ChorusSummaryPage *self)
{
  schedule_recount (self);
}

static void
chorus_summary_page_init (ChorusSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.export", FALSE);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect_object (self->settings, "changed::ecb-rates", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  chorus_delay_settings_connect (self->settings, G_CALLBACK (settings_changed_cb), self);
}

GtkWidget *
chorus_summary_page_new (void)
{
  return g_object_new (CHORUS_TYPE_SUMMARY_PAGE, NULL);
}

void
chorus_summary_page_set_store (ChorusSummaryPage *self,
                               ChorusStore       *store)
{
  g_return_if_fail (CHORUS_IS_SUMMARY_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_pointer (&self->overview, chorus_payment_overview_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    chorus_summary_page_refresh (self, NULL);
}

void
chorus_summary_page_set_sync (ChorusSummaryPage *self,
                              ChorusSync        *sync)
{
  g_return_if_fail (CHORUS_IS_SUMMARY_PAGE (self));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_swapped (sync, "invoices-changed", G_CALLBACK (schedule_recount), self);
}

ChorusPaymentOverview *
chorus_summary_page_get_overview (ChorusSummaryPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SUMMARY_PAGE (self), NULL);
  return self->overview;
}

const char *
chorus_summary_page_get_rates_notice (ChorusSummaryPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SUMMARY_PAGE (self), NULL);
  return self->rates_notice;
}
