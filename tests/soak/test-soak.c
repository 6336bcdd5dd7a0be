/* test-soak.c: the exactly-once soak: mixed outbox actions of every kind under injected faults and SIGKILLs, checked against the simulator.
 *
 * The driver prepares the simulator's world (in-process, before any fault), writes the plan, then
 * runs the chorus-sim program on the same data folder with faults on, and this binary again as a
 * worker (--worker): the app's core, wired as chorus-session.c wires it, queues the plan's actions
 * and sends them. The driver kills the worker at random and starts it again on the same store,
 * until a worker finishes. It then reads the simulator's database and the outbox, prints what
 * each kind came to, and fails if any action was lost, applied twice, or ended otherwise than the
 * simulator's rules say.
 *
 * Environment: CHORUS_SOAK_SEED (printed when drawn), CHORUS_SOAK_ACTIONS (1000), CHORUS_SOAK_KILLS
 * (25), CHORUS_SOAK_FAILURE_RATE (0.25), CHORUS_SOAK_KEEP=1 keeps the folder, CHORUS_SIM_BIN or the
 * first argument: the chorus-sim program. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chorus-journal.h"
#include "chorus-json.h"
#include "chorus-sim.h"
#include "chorus-sync-works.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "soak.h"

/* The simulator's dataset (its seed is the soak's: the same run draws the same faults). */
#define DATASET_INVOICES 200

static guint
env_uint (const char *name, guint fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static char *
path_in (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static JsonObject *
load_plan (const char *dir, GError **error)
{
  g_autofree char *path = path_in (dir, "plan.json");
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return chorus_json_parse_object (text, (gssize) length, error);
}

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
  g_autofree char *line = g_strdup_printf ("%s\t%u\t%s\t%s\n", exchange->operation, exchange->http_status,
                                           exchange->error != NULL ? "error" : "", unreadable ? "unreadable" : "");

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

static int
worker_main (const char *dir, const char *base_url, const char *decisions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) plan = load_plan (dir, &error);
  g_autofree char *store_dir = path_in (dir, "app");
  g_autofree char *files_dir = path_in (dir, "files");
  g_autofree char *log_path = path_in (dir, "requests.log");
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
  chorus_client_set_retry_policy (client, 3, 50, 1000, env_uint ("CHORUS_SOAK_PATIENCE_MS", 5000));
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

/* ================================================================================================
 * Setup: the world the soak starts from
 * ============================================================================================== */

static gboolean
setup (const char *dir, guint32 seed, guint n_actions, GError **error)
{
  g_autofree char *sim_dir = path_in (dir, "sim");
  g_autofree char *files_dir = path_in (dir, "files");
  ChorusSimConfig config = { .seed = seed, .n_invoices = DATASET_INVOICES, .data_dir = sim_dir };
  g_autoptr(ChorusSim) sim = NULL;
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(ChorusPage) services = NULL;
  g_autoptr(GPtrArray) per_kind = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(JsonObject) plan = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plan_path = path_in (dir, "plan.json");
  JsonObject *facts = json_object_new ();
  JsonArray *items = json_array_new ();
  SoakSetup soak = { 0 };
  guint n_kinds, total_weight = 0, assigned = 0;
  const SoakKind *kinds = soak_kinds (&n_kinds);
  guint *left;

  g_mkdir_with_parents (files_dir, 0700);
  sim = chorus_sim_new (&config, error);
  if (sim == NULL || !chorus_sim_start (sim, 0, error))
    return FALSE;
  client = chorus_test_sim_client (sim);
  services = chorus_client_search_services_sync (client, chorus_sim_get_recipient_id (sim), 1, 10, NULL, error);
  if (services == NULL)
    return FALSE;
  json_object_set_string_member (facts, "recipient", chorus_sim_get_recipient_siret (sim));
  json_object_set_int_member (facts, "recipientId", chorus_sim_get_recipient_id (sim));
  json_object_set_string_member (facts, "service", ((ChorusService *) g_ptr_array_index (services->items, 0))->code);
  json_object_set_string_member (facts, "supplier", chorus_sim_get_supplier_siret (sim));
  json_object_set_int_member (facts, "supplierId", chorus_sim_get_supplier_id (sim));
  json_object_set_string_member (facts, "inactive", chorus_sim_get_inactive_recipient_siret (sim));
  json_object_set_int_member (facts, "moeId", chorus_sim_get_moe_id (sim));
  json_object_set_int_member (facts, "moaId", chorus_sim_get_moa_id (sim));
  {
    g_autoptr(ChorusWorksPage) pieces = NULL;
    ChorusWorksQuery query;

    /* The maîtrise d'ouvrage pays its works: its SIRET is their recipient. */
    chorus_works_query_init (&query);
    query.role = CHORUS_ROLE_MOA;
    query.page_size = 1;
    pieces = chorus_client_works_search_sync (client, &query, NULL, error);
    if (pieces == NULL || pieces->pieces->len == 0)
      return FALSE;
    json_object_set_string_member (facts, "moa", ((ChorusWorksPiece *) g_ptr_array_index (pieces->pieces, 0))->moa.identifier);
  }
  json_object_set_object_member (plan, "facts", facts);

  soak.client = client;
  soak.rand = rand;
  soak.files_dir = files_dir;
  soak.facts = facts;
  for (guint k = 0; k < n_kinds; k++)
    total_weight += kinds[k].weight;
  /* Each kind's share of the actions; every kind has some. */
  left = g_new0 (guint, n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      guint n = k + 1 == n_kinds ? n_actions - assigned : MAX (1, n_actions * kinds[k].weight / total_weight);
      GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      if (!kinds[k].plan (&soak, n, list, error))
        {
          g_ptr_array_unref (list);
          g_free (left);
          return FALSE;
        }
      assigned += n;
      left[k] = list->len;
      g_ptr_array_add (per_kind, list);
    }
  /* Mixed: the kinds interleaved at random, each kind's items in their order (a chain of
   * statuses on one invoice stays in order). */
  for (guint placed = 0; placed < n_actions; placed++)
    {
      guint pick = (guint) g_rand_int_range (rand, 0, (gint32) (n_actions - placed));

      for (guint k = 0; k < n_kinds; k++)
        {
          GPtrArray *list = g_ptr_array_index (per_kind, k);

          if (pick < left[k])
            {
              json_array_add_object_element (items, json_object_ref (g_ptr_array_index (list, list->len - left[k])));
              left[k]--;
              break;
            }
          pick -= left[k];
        }
    }
  g_free (left);
  json_object_set_array_member (plan, "items", items);

  chorus_sim_stop (sim);
  g_clear_object (&sim);
  root = json_node_init_object (json_node_alloc (), plan);
  text = json_to_string (root, TRUE);
  return g_file_set_contents (plan_path, text, -1, error);
}

/* ================================================================================================
 * The simulator's database
 * ============================================================================================== */

static sqlite3 *
open_sim_db (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "sim", "chorus-sim.db", NULL);
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* One count; the named parameters from @sources, the first that has them. */
static gint64
run_count (sqlite3 *db, const char *sql, JsonObject **sources, guint n_sources)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  for (int p = 1; p <= sqlite3_bind_parameter_count (stmt); p++)
    {
      const char *name = sqlite3_bind_parameter_name (stmt, p) + 1;
      JsonNode *node = NULL;

      for (guint s = 0; s < n_sources && node == NULL; s++)
        if (sources[s] != NULL)
          node = json_object_get_member (sources[s], name);
      if (node == NULL)
        g_error ("%s: nothing for :%s", sql, name);
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        sqlite3_bind_text (stmt, p, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, p, json_node_get_int (node));
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (value < 0)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return value;
}

/* What the simulator held before the soak: each effect counts only what came after. */
static JsonObject *
read_baselines (const char *dir)
{
  sqlite3 *db = open_sim_db (dir);
  JsonObject *baselines = json_object_new ();
  guint n;
  const SoakQuery *queries = soak_baselines (&n);

  for (guint i = 0; i < n; i++)
    json_object_set_int_member (baselines, queries[i].name, run_count (db, queries[i].sql, NULL, 0));
  sqlite3_close (db);
  return baselines;
}

/* ================================================================================================
 * The soak: the simulator with faults, the worker killed and started again
 * ============================================================================================== */

typedef struct {
  const char  *dir;
  const char  *sim_bin;
  guint32      seed;
  double       failure_rate;
  GSubprocess *sim;
  char        *base_url;
  guint        sim_starts;
  guint        sim_restarts;
  guint        restart_timer;
  guint        runs;
  guint        kills;
  guint        kills_sending;    /* killed while actions were marked as being sent */
  guint        kills_queueing;   /* killed before the plan was all queued */
  guint        user_rounds;      /* runs that began with the user's answers to actions à vérifier */
  guint        impatient_runs;   /* runs whose client does not wait out a Retry-After itself */
  gboolean     finished;
  char        *failure;          /* a worker that crashed or did not finish */
} Soak;

/* @patience_ms: the worker's CHORUS_SOAK_PATIENCE_MS, NULL for its default. */
static GSubprocess *
spawn (const char *log_path, const char *patience_ms, GError **error, const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  int fd = g_open (log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", log_path, g_strerror (errno));
      return NULL;
    }
  if (patience_ms != NULL)
    g_subprocess_launcher_setenv (launcher, "CHORUS_SOAK_PATIENCE_MS", patience_ms, TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (fd));
  g_subprocess_launcher_take_stderr_fd (launcher, fd);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

/* Starts chorus-sim with the faults on the soak's data folder, on @port (0: any free one). */
static gboolean
start_sim (Soak *soak, guint port, GError **error)
{
  g_autofree char *sim_dir = path_in (soak->dir, "sim");
  g_autofree char *log_name = g_strdup_printf ("sim-%u.log", ++soak->sim_starts);
  g_autofree char *log_path = path_in (soak->dir, log_name);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *seed = g_strdup_printf ("%u", soak->seed);
  g_autofree char *invoices = g_strdup_printf ("%d", DATASET_INVOICES);
  g_autofree char *rate = g_strdup_printf ("%.2f", soak->failure_rate);
  const char *argv[] = { soak->sim_bin, "--port", port_text, "--seed", seed, "--invoices", invoices,
                         "--data-dir", sim_dir, "--failure-rate", rate, "--fault-429", "--retry-after", "1",
                         "--fault-5xx", "--fault-timeout", "--fault-truncated", "--fault-drop-after-apply",
                         "--fault-cut-after-apply", "--expire-tokens-every", "5", NULL };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  soak->sim = spawn (log_path, NULL, error, argv);
  if (soak->sim == NULL)
    return FALSE;
  /* Its first lines say where it listens. */
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = NULL;
      const char *at;

      if (g_file_get_contents (log_path, &text, NULL, NULL) &&
          (at = strstr (text, "listening on ")) != NULL)
        {
          at += strlen ("listening on ");
          g_free (soak->base_url);
          soak->base_url = g_strndup (at, strcspn (at, " \n"));
          return TRUE;
        }
      if (g_subprocess_get_identifier (soak->sim) == NULL)
        break;
      g_usleep (50 * 1000);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "chorus-sim did not start (see %s)", log_path);
  g_clear_object (&soak->sim);
  return FALSE;
}

static void
stop_sim (Soak *soak)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (soak->sim, SIGTERM);
  if (!g_subprocess_wait (soak->sim, NULL, &error))
    g_warning ("chorus-sim: %s", error->message);
  g_clear_object (&soak->sim);
}

/* Chorus Pro down for a moment, while the worker sends: stopped, then started again on the same
 * port and data, its state as it was (the tokens it gave are gone). */
static gboolean
restart_sim (gpointer data)
{
  Soak *soak = data;
  g_autoptr(GUri) uri = g_uri_parse (soak->base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  guint port = uri != NULL ? (guint) g_uri_get_port (uri) : 0;

  soak->sim_restarts++;
  stop_sim (soak);
  g_usleep (300 * 1000);
  /* The port may still be held: any other then, for the next workers. */
  if (!start_sim (soak, port, &error) && (g_clear_error (&error), !start_sim (soak, 0, &error)))
    soak->failure = g_strdup_printf ("the simulator did not start again: %s", error->message);
  soak->restart_timer = 0;
  return G_SOURCE_REMOVE;
}

/* The worker's outbox as the kill left it. */
static void
count_kill (Soak *soak, const char *dir, guint n_items)
{
  g_autofree char *path = g_build_filename (dir, "app", "chorus.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  soak->kills++;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT count(*), coalesce(sum(state = 1), 0) FROM outbox", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      soak->kills_queueing += (guint) sqlite3_column_int64 (stmt, 0) < n_items;
      soak->kills_sending += sqlite3_column_int64 (stmt, 1) > 0;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
waited (GObject *source, GAsyncResult *result, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs one worker; kills it after @kill_after_ms (0: lets it finish, within @limit_s); with
 * @restart_after_ms, stops and starts the simulator then, while the worker runs. */
static void
run_worker (Soak *soak, const char *self_path, const char *dir, guint kill_after_ms, guint limit_s, guint n_items,
            const char *decisions, gboolean impatient, guint restart_after_ms)
{
  g_autofree char *log_path = path_in (dir, "worker.log");
  const char *argv[] = { self_path, "--worker", dir, soak->base_url, decisions, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) worker = NULL;
  gboolean exited = FALSE, late = FALSE;
  guint timer;

  soak->runs++;
  soak->impatient_runs += impatient;
  worker = spawn (log_path, impatient ? "500" : NULL, &error, argv);
  if (worker == NULL)
    {
      soak->failure = g_strdup_printf ("the worker did not start: %s", error->message);
      return;
    }
  g_subprocess_wait_async (worker, NULL, waited, &exited);
  timer = g_timeout_add (kill_after_ms > 0 ? kill_after_ms : limit_s * 1000, timed_out, &late);
  if (restart_after_ms > 0)
    soak->restart_timer = g_timeout_add (restart_after_ms, restart_sim, soak);
  while (!exited && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timer);
  if (soak->restart_timer != 0)
    g_source_remove (soak->restart_timer);
  soak->restart_timer = 0;
  if (exited)
    {
      if (g_subprocess_get_if_exited (worker) && g_subprocess_get_exit_status (worker) == 0)
        soak->finished = TRUE;
      else
        soak->failure = g_strdup_printf ("worker run %u ended with status %d (see %s)", soak->runs,
                                         g_subprocess_get_status (worker), log_path);
      return;
    }
  g_subprocess_force_exit (worker);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
  if (kill_after_ms > 0)
    count_kill (soak, dir, n_items);
  else
    soak->failure = g_strdup_printf ("the last worker did not finish within %u s (see %s)", limit_s, log_path);
}

/* ================================================================================================
 * The user: actions à vérifier
 * ============================================================================================== */

static JsonObject *
find_item (JsonObject *plan, const char *key)
{
  JsonArray *items = json_object_get_array_member (plan, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "key"), key))
        return item;
    }
  return NULL;
}

static const SoakKind *
kind_row (ChorusActionKind kind)
{
  guint n;
  const SoakKind *kinds = soak_kinds (&n);

  for (guint k = 0; k < n; k++)
    if (kinds[k].kind == kind)
      return &kinds[k];
  return NULL;
}

static const char *reader_sql (const char *name);
static gint64 run_count (sqlite3 *db, const char *sql, JsonObject **sources, guint n_sources);

/* What a user does with the actions the outbox could not settle: look in the portal (here, the
 * simulator's database) whether the item's first effect is there, then mark the action as done or
 * send it again. "ID:done,ID:resend…", or NULL when no action waits. */
static char *
user_decisions (const char *dir, JsonObject *plan, JsonObject *baselines, GString *asked)
{
  g_autofree char *store_dir = path_in (dir, "app");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (store_dir, &error);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GString) decisions = g_string_new (NULL);
  sqlite3 *db;

  if (store == NULL)
    g_error ("store: %s", error->message);
  waiting = chorus_store_outbox_list_to_check (store, &error);
  if (waiting == NULL)
    g_error ("outbox: %s", error->message);
  if (waiting->len == 0)
    return NULL;
  db = open_sim_db (dir);
  for (guint i = 0; i < waiting->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (waiting, i);
      const SoakKind *row = kind_row (action->kind);
      g_autofree char *key = row != NULL ? row->action_key (action) : NULL;
      JsonObject *item = key != NULL ? find_item (plan, key) : NULL;
      JsonObject *effect;
      JsonObject *sources[3];
      gboolean there;

      if (item == NULL)
        continue;
      effect = json_array_get_object_element (json_object_get_array_member (item, "effects"), 0);
      sources[0] = effect;
      sources[1] = baselines;
      sources[2] = json_object_get_object_member (plan, "facts");
      there = run_count (db, reader_sql (json_object_get_string_member (effect, "read")), sources, 3) > 0;
      g_string_append_printf (decisions, "%s%" G_GINT64_FORMAT ":%s", decisions->len > 0 ? "," : "", action->id,
                              there ? "done" : "resend");
      g_string_append_printf (asked, "  %s (%s): %s\n", key, there ? "on the server: the user marks it as done"
                                                                  : "not on the server: the user sends it again",
                              action->message);
    }
  sqlite3_close (db);
  return decisions->len > 0 ? g_string_free (g_steal_pointer (&decisions), FALSE) : NULL;
}

/* ================================================================================================
 * The check
 * ============================================================================================== */

typedef struct {
  guint queued, sent, done, failed, asked, to_check, open;
  guint lost, duplicated, wrong, retries;
} Counts;

typedef struct {
  const SoakKind *row;
  guint           min, max;    /* what the plan's items put there, without / with those à vérifier */
  JsonObject     *effect;      /* one of them, for its parameters */
  const char     *key;         /* an item that has it, for the report */
} EffectGroup;

static void
note (GString *notes, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (GString *notes, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_string_append (notes, "  ");
  g_string_append_vprintf (notes, format, args);
  g_string_append_c (notes, '\n');
  va_end (args);
}

/* The effect without its "times": the same thing in the simulator, whichever item names it. */
static char *
effect_id (JsonObject *effect)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (effect);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  for (GList *m = members; m != NULL; m = m->next)
    if (g_strcmp0 (m->data, "times") != 0)
      json_object_set_member (copy, m->data, json_node_copy (json_object_get_member (effect, m->data)));
  json_node_set_object (node, copy);
  return json_to_string (node, FALSE);
}

static const char *
reader_sql (const char *name)
{
  guint n;
  const SoakQuery *readers = soak_readers (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (readers[i].name, name))
      return readers[i].sql;
  g_error ("no reader %s", name);
}

/* Compares the outbox and the simulator with the plan; fills @counts (one per kind) and @notes. */
static void
check (const char *dir, JsonObject *plan, JsonObject *baselines, Counts *counts, GString *notes, GString *to_check)
{
  g_autofree char *store_dir = path_in (dir, "app");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (store_dir, &error);
  g_autoptr(GHashTable) actions_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                (GDestroyNotify) g_queue_free);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) all_actions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  JsonArray *items = json_object_get_array_member (plan, "items");
  JsonObject *facts = json_object_get_object_member (plan, "facts");
  sqlite3 *db;
  guint n_kinds;
  const SoakKind *kinds = soak_kinds (&n_kinds);
  GHashTableIter iter;
  gpointer key, value;

  if (store == NULL)
    g_error ("store: %s", error->message);
  for (guint k = 0; k < n_kinds; k++)
    {
      GPtrArray *actions = chorus_store_outbox_list_kind (store, kinds[k].kind, &error);

      if (actions == NULL)
        g_error ("outbox: %s", error->message);
      g_ptr_array_add (all_actions, actions);
      for (guint i = 0; i < actions->len; i++)
        {
          ChorusAction *action = g_ptr_array_index (actions, i);
          char *action_key = kinds[k].action_key (action);
          GQueue *queue = g_hash_table_lookup (actions_by_key, action_key);

          if (queue == NULL)
            {
              queue = g_queue_new ();
              g_hash_table_insert (actions_by_key, g_strdup (action_key), queue);
            }
          g_queue_push_tail (queue, action);
          g_free (action_key);
        }
    }

  /* Each item and the action queued for it. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *item_key = json_object_get_string_member (item, "key");
      const SoakKind *row = soak_kind_find (json_object_get_string_member (item, "kind"));
      Counts *c = &counts[row - kinds];
      gboolean apply = g_str_equal (json_object_get_string_member (item, "expect"), "apply");
      GQueue *queue = g_hash_table_lookup (actions_by_key, item_key);
      ChorusAction *action = queue != NULL ? g_queue_pop_head (queue) : NULL;
      JsonArray *effects = json_object_get_array_member (item, "effects");

      if (action == NULL)
        {
          c->lost++;
          note (notes, "%s: never queued", item_key);
          continue;
        }
      c->queued++;
      if (action->state == CHORUS_ACTION_TO_CHECK ||
          (action->result != NULL && (strstr (action->result, "\"resentByUser\"") != NULL ||
                                      strstr (action->result, "\"doneByUser\"") != NULL)))
        c->asked++;
      c->sent += action->attempts > 0;
      c->retries += action->attempts > 1 ? (guint) action->attempts - 1 : 0;
      switch (action->state)
        {
        case CHORUS_ACTION_DONE:
          c->done++;
          if (!apply)
            {
              c->wrong++;
              note (notes, "%s: done, although the simulator's rules refuse it", item_key);
            }
          break;
        case CHORUS_ACTION_FAILED:
          c->failed++;
          if (apply)
            {
              c->wrong++;
              note (notes, "%s: failed: %s", item_key, action->message);
            }
          else if (action->message == NULL || *action->message == '\0')
            {
              c->wrong++;
              note (notes, "%s: refused without the server's reason", item_key);
            }
          break;
        case CHORUS_ACTION_TO_CHECK:
          c->to_check++;
          if (!row->may_ask_user)
            {
              c->wrong++;
              note (notes, "%s: à vérifier, which this kind never needs", item_key);
            }
          break;
        case CHORUS_ACTION_PENDING:
        case CHORUS_ACTION_SENDING:
        default:
          c->open++;
          c->wrong++;
          note (notes, "%s: still in the outbox (state %d)", item_key, action->state);
          break;
        }

      for (guint e = 0; e < json_array_get_length (effects); e++)
        {
          JsonObject *effect = json_array_get_object_element (effects, e);
          g_autofree char *id = effect_id (effect);
          EffectGroup *group = g_hash_table_lookup (groups, id);
          guint times = (guint) json_object_get_int_member (effect, "times");

          if (group == NULL)
            {
              group = g_new0 (EffectGroup, 1);
              group->row = row;
              group->effect = effect;
              group->key = item_key;
              g_hash_table_insert (groups, g_steal_pointer (&id), group);
            }
          group->max += times;
          if (action->state != CHORUS_ACTION_TO_CHECK)
            group->min += times;
        }
      if (action->state == CHORUS_ACTION_TO_CHECK)
        g_string_append_printf (to_check, "  %s: %s\n", item_key, action->message);
    }

  /* Actions no item asked for: the worker queued one twice. */
  g_hash_table_iter_init (&iter, actions_by_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    for (GList *l = ((GQueue *) value)->head; l != NULL; l = l->next)
      {
        ChorusAction *action = l->data;

        counts[0].duplicated++;
        note (notes, "%s: queued again (action %" G_GINT64_FORMAT ")", (const char *) key, action->id);
      }

  /* What the simulator holds. */
  db = open_sim_db (dir);
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      EffectGroup *group = value;
      JsonObject *sources[] = { group->effect, baselines, facts };
      gint64 found = run_count (db, reader_sql (json_object_get_string_member (group->effect, "read")),
                                sources, G_N_ELEMENTS (sources));
      Counts *c = &counts[group->row - kinds];

      if (found < group->min)
        {
          c->lost += group->min - (guint) found;
          note (notes, "%s: %s found %" G_GINT64_FORMAT " time(s), expected %u", group->key, (const char *) key,
                found, group->min);
        }
      else if (found > group->max)
        {
          c->duplicated += (guint) found - group->max;
          note (notes, "%s: %s found %" G_GINT64_FORMAT " time(s), expected %u", group->key, (const char *) key,
                found, group->max);
        }
    }
  sqlite3_close (db);
}

/* ================================================================================================
 * The driver
 * ============================================================================================== */

/* "1.23 2.34 3.45": the load averages over 1, 5 and 15 minutes. */
static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL) ||
      g_strv_length (fields = g_strsplit (text, " ", 4)) < 3)
    return g_strdup ("?");
  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
}

/* What requests.log says of the exchanges of every worker. */
static void
print_requests (const char *dir)
{
  g_autofree char *path = path_in (dir, "requests.log");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint total = 0, ok = 0, rate = 0, server = 0, unauthorized = 0, no_answer = 0, unreadable = 0, other = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);
      guint status;

      if (g_strv_length (fields) < 4)
        continue;
      total++;
      status = (guint) g_ascii_strtoull (fields[1], NULL, 10);
      if (status == 0 || *fields[2] != '\0')
        no_answer++;
      else if (status == 429)
        rate++;
      else if (status >= 500)
        server++;
      else if (status == 401)
        unauthorized++;
      else if (*fields[3] != '\0')
        unreadable++;
      else if (status == 200)
        ok++;
      else
        other++;
    }
  g_print ("requests: %u: %u answered; faults: %u × 429, %u × 5xx, %u × 401 (token revoked), %u without a whole "
           "answer (timeout, connection dropped or cut), %u unreadable (truncated JSON); %u other statuses\n",
           total, ok, rate, server, unauthorized, no_answer, unreadable, other);
}

/* The actions that asked the user: how many per answer, and the first few in full. */
static void
print_asked (const char *asked)
{
  g_auto(GStrv) lines = g_strsplit (asked, "\n", -1);
  guint done = 0, resent = 0, n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        n++;
        done += strstr (lines[i], "marks it as done") != NULL;
        resent += strstr (lines[i], "sends it again") != NULL;
      }
  g_print ("asked the user %u times (the outbox could not tell whether Chorus Pro had the action): found on the "
           "server and marked as done %u, not found and sent again %u; the first ones:\n", n, done, resent);
  for (guint i = 0; lines[i] != NULL && i < 5; i++)
    if (*lines[i] != '\0')
      g_print ("%s\n", lines[i]);
}

static void
print_tail (const char *dir, const char *name)
{
  g_autofree char *path = path_in (dir, name);
  g_autofree char *text = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &text, &length, NULL))
    g_printerr ("--- last lines of %s ---\n%s\n", path, length > 4000 ? text + length - 4000 : text);
}

int
main (int argc, char *argv[])
{
  const char *sim_bin = g_getenv ("CHORUS_SIM_BIN");
  const char *seed_text = g_getenv ("CHORUS_SOAK_SEED");
  /* 31 bits: chorus-sim reads its --seed as an int. */
  guint32 seed = (seed_text != NULL && *seed_text != '\0' ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                                            : g_random_int ()) & 0x7fffffff;
  guint n_actions = env_uint ("CHORUS_SOAK_ACTIONS", 1000);
  guint max_kills = env_uint ("CHORUS_SOAK_KILLS", 25);
  double failure_rate = g_getenv ("CHORUS_SOAK_FAILURE_RATE") != NULL
                        ? g_ascii_strtod (g_getenv ("CHORUS_SOAK_FAILURE_RATE"), NULL) : 0.25;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(JsonObject) plan = NULL;
  g_autoptr(JsonObject) baselines = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) to_check = g_string_new (NULL);
  g_autoptr(GString) asked = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *load_start = load_average ();
  g_autofree char *load_end = NULL;
  Soak soak = { 0 };
  Counts *counts;
  Counts total = { 0 };
  guint n_kinds;
  const SoakKind *kinds = soak_kinds (&n_kinds);
  gint64 started = g_get_monotonic_time (), soaked, soak_end;
  guint n_items;
  gboolean passed;

  if ((argc == 4 || argc == 5) && g_str_equal (argv[1], "--worker"))
    return worker_main (argv[2], argv[3], argc == 5 ? argv[4] : NULL);
  /* The report is UTF-8 ("à vérifier"), whatever the test's locale. */
  setlocale (LC_ALL, "C.UTF-8");
  if (argc > 1)
    sim_bin = argv[1];
  if (sim_bin == NULL)
    {
      g_printerr ("usage: %s CHORUS-SIM (or CHORUS_SIM_BIN)\n", argv[0]);
      return 2;
    }
  self_path = g_canonicalize_filename (argv[0], NULL);
  rand = g_rand_new_with_seed (seed);
  g_print ("soak: seed %u (CHORUS_SOAK_SEED=%u to run it again), %u actions, %.0f %% faults, up to %u kills\n",
           seed, seed, n_actions, failure_rate * 100, max_kills);

  dir = g_dir_make_tmp ("chorus-soak-XXXXXX", &error);
  g_assert_no_error (error);
  if (!setup (dir, seed, n_actions, &error))
    g_error ("setup: %s", error->message);
  plan = load_plan (dir, &error);
  g_assert_no_error (error);
  baselines = read_baselines (dir);
  soaked = g_get_monotonic_time ();
  g_print ("setup: %.1f s\n", (soaked - started) / 1e6);

  soak.dir = dir;
  soak.sim_bin = sim_bin;
  soak.seed = seed;
  soak.failure_rate = failure_rate;
  if (!start_sim (&soak, 0, &error))
    {
      print_tail (dir, "sim-1.log");
      g_error ("%s", error->message);
    }
  n_items = json_array_get_length (json_object_get_array_member (plan, "items"));
  while (!soak.finished && soak.failure == NULL)
    {
      gboolean kill_it = soak.kills < max_kills;
      /* Mostly short lives, so that kills land in the start, the queueing and the sending. */
      guint after = kill_it ? (guint) g_rand_int_range (rand, 150, 3000) : 0;
      gboolean impatient = g_rand_int_range (rand, 0, 3) == 0;
      /* Now and then Chorus Pro goes down for a moment while the worker sends. */
      guint restart = kill_it && g_rand_int_range (rand, 0, 5) == 0 ? after / 2 : 0;

      run_worker (&soak, self_path, dir, after, 600, n_items, NULL, impatient, restart);
    }
  /* The user answers what the outbox asks, and the app goes on; a resent action may ask again. */
  for (guint round = 0; round < 3 && soak.failure == NULL; round++)
    {
      g_autofree char *decisions = user_decisions (dir, plan, baselines, asked);

      if (decisions == NULL)
        break;
      soak.user_rounds++;
      run_worker (&soak, self_path, dir, 0, 600, n_items, decisions, FALSE, 0);
    }
  stop_sim (&soak);
  soak_end = g_get_monotonic_time ();
  load_end = load_average ();
  if (soak.failure != NULL)
    {
      print_tail (dir, "worker.log");
      g_printerr ("soak: %s\n", soak.failure);
    }

  counts = g_new0 (Counts, n_kinds);
  check (dir, plan, baselines, counts, notes, to_check);
  g_print ("\n%-18s %6s %6s %6s %6s %6s %11s %5s %10s %6s %8s\n", "kind", "queued", "sent", "done", "failed",
           "asked", "à vérifier", "lost", "duplicated", "wrong", "retries");
  for (guint k = 0; k < n_kinds; k++)
    {
      Counts *c = &counts[k];

      g_print ("%-18s %6u %6u %6u %6u %6u %10u %5u %10u %6u %8u\n", kinds[k].name, c->queued, c->sent, c->done,
               c->failed, c->asked, c->to_check, c->lost, c->duplicated, c->wrong, c->retries);
      total.queued += c->queued;
      total.sent += c->sent;
      total.done += c->done;
      total.failed += c->failed;
      total.to_check += c->to_check;
      total.asked += c->asked;
      total.lost += c->lost;
      total.duplicated += c->duplicated;
      total.wrong += c->wrong;
      total.retries += c->retries;
    }
  g_print ("%-18s %6u %6u %6u %6u %6u %10u %5u %10u %6u %8u\n", "total", total.queued, total.sent, total.done,
           total.failed, total.asked, total.to_check, total.lost, total.duplicated, total.wrong, total.retries);
  g_print ("(failed: refused by the simulator's rules, as planned; asked: stopped à vérifier, then answered by the "
           "user (who looks in the simulator); à vérifier: still waiting for the user; wrong: an outcome other than "
           "the rules say; retries: sends after the first, each after a check of the server)\n");
  print_requests (dir);
  g_print ("worker runs: %u (%u restarts after a SIGKILL: %u while actions were being sent, %u before all were "
           "queued; %u after the user's answers; %u postponing on every 429 instead of waiting); the simulator "
           "stopped and started again %u times while a worker sent\n", soak.runs, soak.kills, soak.kills_sending,
           soak.kills_queueing, soak.user_rounds, soak.impatient_runs, soak.sim_restarts);
  if (asked->len > 0)
    print_asked (asked->str);
  if (to_check->len > 0)
    g_print ("still à vérifier:\n%s", to_check->str);
  if (notes->len > 0)
    g_print ("problems:\n%s", notes->str);
  g_print ("time: %.1f s (setup %.1f s, soak %.1f s, check %.1f s); load average %s at the start, %s at the end\n",
           (g_get_monotonic_time () - started) / 1e6, (soaked - started) / 1e6, (soak_end - soaked) / 1e6,
           (g_get_monotonic_time () - soak_end) / 1e6, load_start, load_end);

  passed = soak.failure == NULL && total.lost == 0 && total.duplicated == 0 && total.wrong == 0;
  g_print ("soak: %s (seed %u)\n", passed ? "passed" : "FAILED", seed);
  if (passed && g_getenv ("CHORUS_SOAK_KEEP") == NULL)
    chorus_test_remove_dir (dir);
  else
    g_print ("soak folder kept: %s\n", dir);
  g_free (counts);
  g_free (soak.base_url);
  g_free (soak.failure);
  return passed ? 0 : 1;
}
