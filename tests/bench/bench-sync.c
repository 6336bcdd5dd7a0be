/* bench-sync.c: a full pull of N received invoices from the simulator into an empty store, vs
 * just downloading the same pages with the same client (HTTP + JSON, nothing decoded or stored).
 *
 *   bench-sync --invoices 100000 [--page-size 1000] [--outbox 300]
 *
 * Budget (design.md): the sync reaches at least 80 % of the download-only throughput.
 * --outbox N then sends N recipient actions through the outbox of the synced store (each one
 * commits its adding, its SENDING mark and its outcome durably) and times the flush. */
#include "config.h"

#include <glib/gstdio.h>

#include "chorus-sim.h"
#include "chorus-sync.h"

static void
store_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Download only: the same requests the pull makes, the answers parsed and dropped. */
static double
download_pages (ChorusClient *client, guint page_size, guint *n_items)
{
  /* As the pull: both payment request types (§0.9), no triColonne (§0.8). */
  static const char *const request_types[] = { "FACTURE", "FACTURE_TRAVAUX" };
  gint64 start = g_get_monotonic_time ();

  *n_items = 0;
  for (guint t = 0; t < G_N_ELEMENTS (request_types); t++)
    {
      guint pages = 1;

      for (guint page = 1; page <= pages; page++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonObject) body = NULL;
          g_autoptr(JsonObject) answer = NULL;
          JsonArray *list;
          ChorusInvoiceQuery query;

          chorus_invoice_query_init (&query);
          query.page = page;
          query.page_size = page_size;
          query.request_type = request_types[t];
          body = chorus_client_build_received_query (&query);
          answer = chorus_client_call_sync (client, "factures/v1/rechercher/recipiendaire", body, NULL, &error);
          if (answer == NULL && chorus_client_error_get_api_code (error) == 20000)
            break;
          if (answer == NULL)
            g_error ("download: %s", error->message);
          pages = (guint) json_object_get_int_member_with_default (answer, "pages", 1);
          list = json_object_get_array_member (answer, "listeFactures");
          *n_items += list != NULL ? json_array_get_length (list) : 0;
        }
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
  chorus_sync_flush_outbox_async (sync, NULL, store_result, &result);
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

  remove_tree (dir);
  store = chorus_store_open (dir, &error);
  if (store == NULL)
    g_error ("store: %s", error->message);
  sync = chorus_sync_new (client, store);
  chorus_sync_set_directions (sync, CHORUS_SYNC_RECEIVED);
  chorus_sync_set_page_size (sync, page_size);

  start = g_get_monotonic_time ();
  chorus_sync_pull_async (sync, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!chorus_sync_pull_finish (sync, result, &error))
    g_error ("sync: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *n_items = chorus_store_count_invoices (store, CHORUS_DIRECTION_RECEIVED);
  return seconds;
}

int
main (int argc, char *argv[])
{
  guint n_invoices = 100000, page_size = 1000, n_downloaded = 0, n_again = 0, n_actions = 0;
  const char *base = g_getenv ("CHORUS_BENCH_DIR") ? g_getenv ("CHORUS_BENCH_DIR") : g_get_tmp_dir ();
  g_autofree char *sim_dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autoptr(ChorusSim) sim = NULL;
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(GError) error = NULL;
  ChorusSimConfig config = { 0 };
  double download_s, again_s, best_download_s, sync_s, ratio;
  gint64 n_synced = 0, start;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--invoices") && i + 1 < argc)
        n_invoices = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--page-size") && i + 1 < argc)
        page_size = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--outbox") && i + 1 < argc)
        n_actions = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
    }

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
  g_print ("Simulator with %u invoices (%u received) ready in %.1f s\n", n_invoices,
           chorus_sim_count_received (sim), (g_get_monotonic_time () - start) / 1e6);

  client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (sim));
  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (client, 120);

  /* Download, sync, download again: the better download is the reference, so a warm simulator
   * cache never favours the sync. */
  download_s = download_pages (client, page_size, &n_downloaded);
  sync_s = sync_pages (client, store_dir, page_size, &n_synced);
  again_s = download_pages (client, page_size, &n_again);
  best_download_s = MIN (download_s, again_s);
  ratio = (n_synced / sync_s) / (n_downloaded / best_download_s);

  g_print ("\n| run (%u received, pages of %u) | invoices | seconds | invoices/s |\n", chorus_sim_count_received (sim), page_size);
  g_print ("|---|---:|---:|---:|\n");
  g_print ("| download only (1st) | %u | %.2f | %.0f |\n", n_downloaded, download_s, n_downloaded / download_s);
  g_print ("| download only (2nd) | %u | %.2f | %.0f |\n", n_again, again_s, n_again / again_s);
  g_print ("| chorus_sync_pull into an empty store | %" G_GINT64_FORMAT " | %.2f | %.0f |\n", n_synced, sync_s,
           n_synced / sync_s);
  g_print ("\nSync throughput = %.0f %% of download-only (budget >= 80 %%): %s\n", ratio * 100,
           ratio >= 0.8 ? "ok" : "OVER");
  if ((guint) n_synced != n_downloaded)
    g_error ("the sync stored %" G_GINT64_FORMAT " invoices, the download saw %u", n_synced, n_downloaded);
  if (n_actions > 0)
    {
      double queue_s = 0, flush_s = flush_actions (client, store_dir, n_actions, &queue_s);

      g_print ("\nOutbox: %u actions queued one by one in %.2f s (%.1f ms each), flushed in %.2f s (%.1f ms each)\n",
               n_actions, queue_s, queue_s * 1000 / n_actions, flush_s, flush_s * 1000 / n_actions);
    }

  chorus_sim_stop (sim);
  remove_tree (store_dir);
  return 0;
}
