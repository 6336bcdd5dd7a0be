/* bench-sync.c: a full pull of N received invoices from the simulator into an empty store, vs
 * just downloading the same pages with the same client (HTTP + JSON, nothing decoded or stored).
 *
 *   bench-sync --invoices 100000 [--page-size 1000] [--latency MS] [--in-flight K] [--rounds R]
 *              [--only download|sync] [--outbox N]
 *
 * Budget (design.md): the sync reaches at least 90 % of the download-only throughput, also with
 * 150 ms of latency on every answer. The reference downloads the same pages with K requests in
 * flight (what the pull allows itself: PISTE's limits are not published, so a few); one request
 * at a time is shown for scale. R rounds of (download, sync) interleaved; medians compared.
 * --only runs one side (for perf record). --outbox N then sends N recipient actions through the
 * outbox of the synced store (each one commits its adding, its SENDING mark and its outcome
 * durably) and times the flush. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-sim.h"
#include "chorus-status.h"
#include "chorus-sync.h"
#include "chorus-test-util.h"

/* Download only: the requests the pull makes (both payment request types, §0.9; no triColonne,
 * §0.8), up to @in_flight at once, each answer parsed and dropped. */
typedef struct {
  ChorusClient *client;
  guint         page_size;
  const char   *request_type;
  guint         next_page;     /* the next page to ask for */
  guint         pages;         /* 0 until the first answer says */
  guint         outstanding;
  guint         items;
  gboolean      failed_empty;  /* "no result" (20000): nothing of this type */
} Download;

static void request_page (Download *d);

static void
page_received (GObject *source, GAsyncResult *result, gpointer data)
{
  Download *d = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = chorus_client_call_finish (d->client, result, &error);
  JsonArray *list;

  d->outstanding--;
  if (answer == NULL && chorus_client_error_get_api_code (error) == 20000)
    {
      d->failed_empty = TRUE;
      return;
    }
  if (answer == NULL)
    g_error ("download: %s", error->message);
  d->pages = (guint) json_object_get_int_member_with_default (answer, "pages", 1);
  list = json_object_get_array_member (answer, "listeFactures");
  d->items += list != NULL ? json_array_get_length (list) : 0;
}

static void
request_page (Download *d)
{
  g_autoptr(JsonObject) body = NULL;
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.page = d->next_page++;
  query.page_size = d->page_size;
  query.request_type = d->request_type;
  body = chorus_client_build_received_query (&query);
  d->outstanding++;
  chorus_client_call_async (d->client, "factures/v1/rechercher/recipiendaire", body, NULL, page_received, d);
}

static double
download_pages (ChorusClient *client, guint page_size, guint in_flight, guint *n_items)
{
  static const char *const request_types[] = { "FACTURE", "FACTURE_TRAVAUX" };
  gint64 start = g_get_monotonic_time ();

  *n_items = 0;
  for (guint t = 0; t < G_N_ELEMENTS (request_types); t++)
    {
      Download d = { client, page_size, request_types[t], 1, 0, 0, 0, FALSE };

      /* The first answer tells how many pages there are; then up to @in_flight at a time. */
      request_page (&d);
      while (d.outstanding > 0)
        g_main_context_iteration (NULL, TRUE);
      while (!d.failed_empty && (d.next_page <= d.pages || d.outstanding > 0))
        {
          while (d.outstanding < in_flight && d.next_page <= d.pages)
            request_page (&d);
          g_main_context_iteration (NULL, TRUE);
        }
      *n_items += d.items;
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Queues @n actions on received invoices of the synced store and times their flush. */
static double
flush_actions (ChorusClient *client, const char *dir, guint n, double *queue_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (dir, &error);
  g_autoptr(ChorusSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  ChorusInvoiceFilter filter;
  gint64 start;

  if (store == NULL)
    g_error ("store: %s", error->message);
  sync = chorus_sync_new (client, store);
  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_RECEIVED;
  filter.group = CHORUS_STATUS_GROUP_TO_PROCESS;
  ids = chorus_store_query_ids (store, &filter, CHORUS_SORT_DEPOSIT_DATE, FALSE, &error);
  if (ids == NULL || ids->len < n)
    g_error ("only %u invoices to process", ids != NULL ? ids->len : 0);
  /* One action per call, as a user processing invoices one by one: one durable commit each. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    if (!chorus_store_outbox_add_process (store, &g_array_index (ids, gint64, i), 1, CHORUS_STATUS_SERVICE_FAIT,
                                          NULL, NULL, &error))
      g_error ("queue: %s", error->message);
  *queue_s = (g_get_monotonic_time () - start) / 1e6;
  start = g_get_monotonic_time ();
  chorus_sync_flush_outbox_async (sync, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!chorus_sync_flush_outbox_finish (sync, result, &error))
    g_error ("flush: %s", error->message);
  if (chorus_store_count_open_actions (store) != 0)
    g_error ("%u actions left", chorus_store_count_open_actions (store));
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
sync_pages (ChorusClient *client, const char *dir, guint page_size, gint64 *n_items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(ChorusSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;
  double seconds;

  chorus_test_remove_dir (dir);
  store = chorus_store_open (dir, &error);
  if (store == NULL)
    g_error ("store: %s", error->message);
  sync = chorus_sync_new (client, store);
  chorus_sync_set_directions (sync, CHORUS_SYNC_RECEIVED);
  chorus_sync_set_page_size (sync, page_size);

  start = g_get_monotonic_time ();
  chorus_sync_pull_async (sync, NULL, chorus_test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!chorus_sync_pull_finish (sync, result, &error))
    g_error ("sync: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *n_items = chorus_store_count_invoices (store, CHORUS_DIRECTION_RECEIVED);
  return seconds;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, compare_doubles);
  if (n == 0)
    return 0;
  if (n % 2 == 0)
    return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
  return g_array_index (values, double, n / 2);
}

static char *
join_seconds (GArray *values)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (text, "%s%.2f", i > 0 ? ", " : "", g_array_index (values, double, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  return g_strndup (text, strcspn (text, " "));
}

int
main (int argc, char *argv[])
{
  guint n_invoices = 100000, page_size = 1000, n_actions = 0, latency = 0, in_flight = 3, rounds = 3;
  const char *only = NULL;
  const char *base = g_getenv ("CHORUS_BENCH_DIR") ? g_getenv ("CHORUS_BENCH_DIR") : g_get_tmp_dir ();
  g_autofree char *sim_dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *load_before = NULL;
  g_autofree char *load_after = NULL;
  g_autofree char *sync_list = NULL;
  g_autofree char *download_list = NULL;
  g_autoptr(ChorusSim) sim = NULL;
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) download_s = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sync_s = g_array_new (FALSE, FALSE, sizeof (double));
  ChorusSimConfig config = { 0 };
  ChorusSimFaults faults = { 0 };
  double serial_s = 0, best_download, best_sync, ratio;
  guint n_downloaded = 0, n_serial = 0;
  gint64 n_synced = 0, start;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--invoices") && i + 1 < argc)
        n_invoices = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--page-size") && i + 1 < argc)
        page_size = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--outbox") && i + 1 < argc)
        n_actions = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--latency") && i + 1 < argc)
        latency = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--in-flight") && i + 1 < argc)
        in_flight = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--rounds") && i + 1 < argc)
        rounds = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--only") && i + 1 < argc)
        only = argv[++i];
      else
        g_error ("unknown argument %s", argv[i]);
    }
  in_flight = MAX (in_flight, 1);
  rounds = MAX (rounds, 1);

  sim_dir = g_strdup_printf ("%s/chorus-bench-sim-%u", base, n_invoices);
  store_dir = g_strdup_printf ("%s/chorus-bench-sync-store", base);
  g_mkdir_with_parents (sim_dir, 0700);
  config.seed = 2026;
  config.n_invoices = n_invoices;
  config.data_dir = sim_dir;
  start = g_get_monotonic_time ();
  sim = chorus_sim_new (&config, &error);
  if (sim == NULL || !chorus_sim_start (sim, 0, &error))
    g_error ("simulator: %s", error->message);
  faults.latency_ms = latency;
  chorus_sim_set_faults (sim, &faults);
  g_print ("Simulator with %u invoices (%u + %u received) ready in %.1f s; latency %u ms\n", n_invoices,
           chorus_sim_count_received (sim), chorus_sim_count_received_works (sim),
           (g_get_monotonic_time () - start) / 1e6, latency);

  client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (sim));
  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (client, 120);
  /* The token first, so that no run pays for it. */
  if (!chorus_client_check_token_sync (client, NULL, &error))
    g_error ("token: %s", error->message);

  load_before = load_average ();
  if (only == NULL)
    serial_s = download_pages (client, page_size, 1, &n_serial);
  /* Interleaved rounds: a slow moment of the shared machine hits both sides. */
  for (guint r = 0; r < rounds; r++)
    {
      double s;

      if (only == NULL || g_str_equal (only, "download"))
        {
          s = download_pages (client, page_size, in_flight, &n_downloaded);
          g_array_append_val (download_s, s);
        }
      if (only == NULL || g_str_equal (only, "sync"))
        {
          s = sync_pages (client, store_dir, page_size, &n_synced);
          g_array_append_val (sync_s, s);
        }
    }
  load_after = load_average ();
  download_list = join_seconds (download_s);
  sync_list = join_seconds (sync_s);
  best_download = median (download_s);
  best_sync = median (sync_s);

  g_print ("\n| %u invoices, pages of %u, latency %u ms, load %s-%s | invoices | seconds (median of %u) | invoices/s |\n",
           n_invoices, page_size, latency, load_before, load_after, rounds);
  g_print ("|---|---:|---:|---:|\n");
  if (n_serial > 0)
    g_print ("| download only, one request at a time | %u | %.2f | %.0f |\n", n_serial, serial_s, n_serial / serial_s);
  if (download_s->len > 0)
    g_print ("| download only, %u in flight (%s) | %u | %.2f | %.0f |\n", in_flight, download_list, n_downloaded,
             best_download, n_downloaded / best_download);
  if (sync_s->len > 0)
    g_print ("| chorus_sync_pull into an empty store (%s) | %" G_GINT64_FORMAT " | %.2f | %.0f |\n", sync_list,
             n_synced, best_sync, n_synced / best_sync);
  if (download_s->len > 0 && sync_s->len > 0)
    {
      ratio = (n_synced / best_sync) / (n_downloaded / best_download);
      g_print ("\nSync throughput = %.0f %% of download-only with %u in flight (budget >= 90 %%): %s\n", ratio * 100,
               in_flight, ratio >= 0.9 ? "ok" : "OVER");
      if ((guint) n_synced != n_downloaded)
        g_error ("the sync stored %" G_GINT64_FORMAT " invoices, the download saw %u", n_synced, n_downloaded);
    }
  if (n_actions > 0 && sync_s->len > 0)
    {
      double queue_s = 0, flush_s = flush_actions (client, store_dir, n_actions, &queue_s);

      g_print ("\nOutbox: %u actions queued one by one in %.2f s (%.1f ms each), flushed in %.2f s (%.1f ms each)\n",
               n_actions, queue_s, queue_s * 1000 / n_actions, flush_s, flush_s * 1000 / n_actions);
    }

  chorus_sim_stop (sim);
  chorus_test_remove_dir (store_dir);
  return 0;
}
