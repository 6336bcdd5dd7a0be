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
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "chorus-json.h"
#include "chorus-sim.h"
#include "chorus-sync-works.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"
#include "soak.h"

/* The simulator's dataset (its seed is the soak's: the same run draws the same faults). */
#define DATASET_INVOICES 200

/* ================================================================================================
 * Setup: the world the soak starts from
 * ============================================================================================== */

static gboolean
setup (const char *dir, guint32 seed, guint n_actions, GError **error)
{
  g_autofree char *sim_dir = soak_path_in (dir, "sim");
  g_autofree char *files_dir = soak_path_in (dir, "files");
  ChorusSimConfig config = { .seed = seed, .n_invoices = DATASET_INVOICES, .data_dir = sim_dir };
  g_autoptr(ChorusSim) sim = NULL;
  g_autoptr(ChorusClient) client = NULL;
  g_autoptr(ChorusPage) services = NULL;
  g_autoptr(GPtrArray) per_kind = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(JsonObject) plan = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plan_path = soak_path_in (dir, "plan.json");
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

  {
    g_autofree char *db_path = g_build_filename (sim_dir, "chorus-sim.db", NULL);

    if (sqlite3_open_v2 (db_path, &soak.sim_db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", db_path, sqlite3_errmsg (soak.sim_db));
        sqlite3_close (soak.sim_db);
        return FALSE;
      }
    sqlite3_busy_timeout (soak.sim_db, 5000);
  }
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
          sqlite3_close (soak.sim_db);
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
  sqlite3_close (soak.sim_db);
  json_object_set_array_member (plan, "items", items);

  chorus_sim_stop (sim);
  g_clear_object (&sim);
  root = json_node_init_object (json_node_alloc (), plan);
  text = json_to_string (root, TRUE);
  return g_file_set_contents (plan_path, text, -1, error);
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
  g_autofree char *sim_dir = soak_path_in (soak->dir, "sim");
  g_autofree char *log_name = g_strdup_printf ("sim-%u.log", ++soak->sim_starts);
  g_autofree char *log_path = soak_path_in (soak->dir, log_name);
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
  g_autofree char *log_path = soak_path_in (dir, "worker.log");
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
  g_autofree char *path = soak_path_in (dir, "requests.log");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint total = 0, ok = 0, rate = 0, server = 0, unauthorized = 0, no_answer = 0, unreadable = 0, other = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 5);
      guint status;

      if (g_strv_length (fields) < 5)
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
  g_autofree char *path = soak_path_in (dir, name);
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
  guint n_actions = soak_env_uint ("CHORUS_SOAK_ACTIONS", 1000);
  guint max_kills = soak_env_uint ("CHORUS_SOAK_KILLS", 25);
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
  SoakCounts *counts;
  SoakCounts total = { 0 };
  guint n_kinds;
  const SoakKind *kinds = soak_kinds (&n_kinds);
  gint64 started = g_get_monotonic_time (), soaked, soak_end;
  guint n_items;
  gboolean passed;

  if ((argc == 4 || argc == 5) && g_str_equal (argv[1], "--worker"))
    return soak_worker_main (argv[2], argv[3], argc == 5 ? argv[4] : NULL);
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
  plan = soak_load_plan (dir, &error);
  g_assert_no_error (error);
  baselines = soak_read_baselines (dir);
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
      g_autofree char *decisions = soak_user_decisions (dir, plan, baselines, asked);

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

  counts = g_new0 (SoakCounts, n_kinds);
  soak_check (dir, plan, baselines, counts, notes, to_check);
  g_print ("\n%-18s %6s %6s %6s %6s %6s %11s %5s %10s %6s %8s %8s %7s\n", "kind", "queued", "sent", "done", "failed",
           "asked", "à vérifier", "lost", "duplicated", "wrong", "retries", "median s", "max s");
  for (guint k = 0; k < n_kinds; k++)
    {
      SoakCounts *c = &counts[k];

      g_print ("%-18s %6u %6u %6u %6u %6u %10u %5u %10u %6u %8u %8.1f %7.1f\n", kinds[k].name, c->queued, c->sent,
               c->done, c->failed, c->asked, c->to_check, c->lost, c->duplicated, c->wrong, c->retries, c->median_s,
               c->max_s);
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
      total.max_s = MAX (total.max_s, c->max_s);
    }
  g_print ("%-18s %6u %6u %6u %6u %6u %10u %5u %10u %6u %8u %8s %7.1f\n", "total", total.queued, total.sent,
           total.done, total.failed, total.asked, total.to_check, total.lost, total.duplicated, total.wrong,
           total.retries, "", total.max_s);
  g_print ("(failed: refused by the simulator's rules, as planned; asked: stopped à vérifier, then answered by the "
           "user (who looks in the simulator); à vérifier: still waiting for the user; wrong: an outcome other than "
           "the rules say; retries: sends after the first, each after a check of the server; median s, max s: from "
           "queued to the server's final answer, kills, restarts and the user's answers included)\n");
  print_requests (dir);
  g_print ("worker runs: %u (%u restarts after a SIGKILL: %u while actions were being sent, %u before all were "
           "queued; %u after the user's answers; %u postponing on every 429 instead of waiting); the simulator "
           "stopped and started again %u times while a worker sent\n", soak.runs, soak.kills, soak.kills_sending,
           soak.kills_queueing, soak.user_rounds, soak.impatient_runs, soak.sim_restarts);
  if (asked->len > 0)
    {
      g_autofree char *asked_path = soak_path_in (dir, "asked.log");

      print_asked (asked->str);
      g_file_set_contents (asked_path, asked->str, -1, NULL);
    }
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
