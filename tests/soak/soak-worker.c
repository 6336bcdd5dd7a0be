/* soak-worker.c: the soak's worker process: the app's core on the same store at each start, queueing the plan's actions and sending them until none is left. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "chorus-journal.h"
#include "chorus-sim.h"
#include "soak.h"

/* ================================================================================================
 * The worker
 * ============================================================================================== */

typedef struct {
  ChorusJournal *journal;
  int            log_fd;     /* requests.log: one line per exchange, appended from any thread */
} Exchanges;

/* Every exchange goes to the profile's journal, as in the app, and to requests.log for the
 * driver's figures. */
static void
record_exchange (const ChorusClientExchange *exchange, gpointer data)
{
  Exchanges *exchanges = data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *note = exchange->response != NULL ? g_strrstr (exchange->response, "\n… [") : NULL;
  /* A whole answer whose JSON does not read; the journal cuts long ones after 64 kB, with a note. */
  gboolean unreadable = exchange->error == NULL && exchange->response != NULL && note == NULL &&
                        !json_parser_load_from_data (parser, exchange->response, -1, NULL);
  /* The start of the request (its ids, its file name) to follow one action through the runs. */
  g_autofree char *subject = g_strndup (exchange->request != NULL ? exchange->request : "", 160);
  g_autofree char *line = NULL;

  g_strdelimit (subject, "\t\n", ' ');
  line = g_strdup_printf ("%s\t%u\t%s\t%s\t%" G_GINT64_FORMAT "\t%u\t%s\n", exchange->operation,
                          exchange->http_status, exchange->error != NULL ? "error" : "",
                          unreadable ? "unreadable" : "", exchange->time / 1000, exchange->duration_ms, subject);

  chorus_journal_record_exchange (exchange, exchanges->journal);
  if (write (exchanges->log_fd, line, strlen (line)) < 0)
    g_warning ("requests.log: %s", g_strerror (errno));
}

static void
flag_done (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* The worker's session start (chorus_session_start_sync): a pull and the outbox's replay. The
 * pull must have brought the received invoices before recipient actions can be queued; under
 * faults it is tried again, as the app's periodic sync would. */
static void
worker_start (ChorusSync *sync)
{
  gboolean resumed = FALSE;

  while (TRUE)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      chorus_sync_pull_async (sync, NULL, flag_done, &result);
      if (!resumed)
        {
          chorus_sync_resume_outbox (sync);
          resumed = TRUE;
        }
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (chorus_sync_pull_finish (sync, result, &error))
        return;
      g_usleep (200 * 1000);
    }
}

/* Queues the plan's items that the outbox does not hold yet (an earlier worker may have queued
 * some before it was killed): the outbox's actions are matched to items by key, in order. */
static int
worker_enqueue (SoakWorker *worker, ChorusStore *store, JsonArray *items)
{
  g_autoptr(GHashTable) queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_kinds;
  const SoakKind *kinds = soak_kinds (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) actions = chorus_store_outbox_list_kind (store, kinds[k].kind, &error);

      if (actions == NULL)
        g_error ("worker: outbox: %s", error->message);
      for (guint i = 0; i < actions->len; i++)
        {
          char *key = kinds[k].action_key (g_ptr_array_index (actions, i));
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (queued, key));

          g_hash_table_replace (queued, key, GUINT_TO_POINTER (count + 1));
        }
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *key = json_object_get_string_member (item, "key");
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (queued, key));
      const SoakKind *row = soak_kind_find (json_object_get_string_member (item, "kind"));
      g_autoptr(GError) error = NULL;

      if (count > 0)
        {
          g_hash_table_replace (queued, g_strdup (key), GUINT_TO_POINTER (count - 1));
          continue;
        }
      if (!row->enqueue (worker, item, &error))
        {
          g_printerr ("worker: could not queue %s: %s\n", key, error->message);
          return 3;
        }
      /* The signals of the flushes the queueing starts. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  return 0;
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Sends until nothing is left to send. A flush stops when Chorus Pro looks unreachable or asks to
 * wait; the app's periodic sync then flushes again, here every few hundred milliseconds. */
static void
worker_drain (ChorusSync *sync, ChorusStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean flushing = FALSE;
  gint64 next_flush = 0;
  guint timer = g_timeout_add (100, tick, NULL);

  while (TRUE)
    {
      g_main_context_iteration (NULL, TRUE);
      if (flushing && result != NULL)
        {
          chorus_sync_flush_outbox_finish (sync, result, NULL);
          g_clear_object (&result);
          flushing = FALSE;
          next_flush = g_get_monotonic_time () + 300 * 1000;
        }
      if (flushing || chorus_sync_get_flushing (sync))
        continue;
      if (chorus_store_count_open_actions (store) == 0)
        break;
      if (g_get_monotonic_time () >= next_flush)
        {
          chorus_sync_flush_outbox_async (sync, NULL, flag_done, &result);
          flushing = TRUE;
        }
    }
  g_source_remove (timer);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The user's answers for actions à vérifier ("ID:resend" or "ID:done", comma-separated), given
 * through the app's own call, as the outbox panel does. */
static void
worker_resolve (ChorusSync *sync, const char *decisions)
{
  g_auto(GStrv) list = g_strsplit (decisions, ",", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_ascii_strtoll (list[i], NULL, 10);

      if (id > 0 && !chorus_sync_resolve_action (sync, id, g_str_has_suffix (list[i], ":resend"), &error))
        g_printerr ("worker: could not resolve action %" G_GINT64_FORMAT ": %s\n", id, error->message);
    }
}

int
soak_worker_main (const char *dir, const char *base_url, const char *decisions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) plan = soak_load_plan (dir, &error);
  g_autofree char *store_dir = soak_path_in (dir, "app");
  g_autofree char *files_dir = soak_path_in (dir, "files");
  g_autofree char *log_path = soak_path_in (dir, "requests.log");
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(ChorusSync) sync = NULL;
  Exchanges exchanges = { 0 };
  SoakWorker worker = { 0 };
  int status;

  if (plan == NULL)
    {
      g_printerr ("worker: plan: %s\n", error->message);
      return 2;
    }
  /* As chorus-session.c opens a profile: client, store, journal, sync. Short timeouts: the
   * simulator's hangs last minutes. */
  client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, base_url);
  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (client, 2);
  /* Some runs will not wait out the simulator's Retry-After themselves: the outbox then
   * postpones and the flush stops until then (security review M9). */
  chorus_client_set_retry_policy (client, 3, 50, 1000, soak_env_uint ("CHORUS_SOAK_PATIENCE_MS", 5000));
  chorus_client_set_deadlines (client, 15000, 30000);
  store = chorus_store_open (store_dir, &error);
  if (store == NULL)
    {
      g_printerr ("worker: store: %s\n", error->message);
      return 2;
    }
  exchanges.journal = chorus_journal_open (store_dir, &error);
  if (exchanges.journal == NULL)
    {
      g_printerr ("worker: journal: %s\n", error->message);
      return 2;
    }
  exchanges.log_fd = g_open (log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  chorus_client_set_exchange_func (client, record_exchange, &exchanges, NULL);
  sync = chorus_sync_new (client, store);
  /* A flux whose answer was lost is looked up 3 times a second apart, not over half an hour. */
  chorus_sync_set_flow_lookups (sync, 3, 1);

  worker.sync = sync;
  worker.facts = json_object_get_object_member (plan, "facts");
  worker.files_dir = files_dir;
  if (decisions != NULL)
    worker_resolve (sync, decisions);
  worker_start (sync);
  status = worker_enqueue (&worker, store, json_object_get_array_member (plan, "items"));
  if (status == 0)
    worker_drain (sync, store);

  chorus_client_set_exchange_func (client, NULL, NULL, NULL);
  g_clear_object (&exchanges.journal);
  close (exchanges.log_fd);
  return status;
}

