/* bench-team.c: how long a colleague's change takes to show on another desktop, with 100,000 invoices in each store.
 *
 *   bench-team [--invoices 100000] [--changes 200]
 *
 * Starts a throwaway PostgreSQL cluster (tests/common/chorus-test-pg.c), fills two stores with the
 * same invoices (bulk load), connects a synchroniser to each on one team database, then, one
 * change at a time, sets the gestionnaire (or the internal reference) of a random invoice on
 * desktop A and measures the time until desktop B has applied it (its "invoices-changed" signal,
 * the value then read back from B's store). Prints the median, 90th percentile and maximum, and
 * the same for a burst (all changes at once, time to the last one). Budget: under 1 s. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chorus-status.h"
#include "chorus-store-team.h"
#include "chorus-team-sync-private.h"
#include "chorus-test-pg.h"
#include "chorus-test-util.h"

#define OWNER "equipe"
#define OWNER_PASSWORD "equipe-secret"

typedef struct {
  char           *dir;
  ChorusStore    *store;
  ChorusTeamSync *sync;
  GHashTable     *seen;       /* invoice id -> monotonic time it was applied */
} Desktop;

static void
on_changed (ChorusTeamSync *sync, GArray *ids, Desktop *desktop)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (desktop->seen, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)),
                         g_memdup2 (&now, sizeof now));
}

static void
fill (ChorusStore *store, guint n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (chorus_store_begin_bulk_load (store, &error));
  for (guint first = 1; first <= n; first += 1000)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint id = first; id < first + 1000 && id <= n; id++)
        {
          ChorusInvoice *invoice = chorus_invoice_new ();
          g_autofree char *number = g_strdup_printf ("FA-%07u", id);
          g_autofree char *supplier = g_strdup_printf ("Organisme %u", id % 4000);

          chorus_invoice_set_id (invoice, id);
          chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
          chorus_invoice_set_number (invoice, number);
          chorus_invoice_set_recipient_code (invoice, "26440002200015");
          chorus_invoice_set_supplier_name (invoice, supplier);
          chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
          chorus_invoice_set_amount_ttc (invoice, id * 7 % 100000);
          g_ptr_array_add (batch, invoice);
        }
      g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
    }
  g_assert_true (chorus_store_end_bulk_load (store, &error));
}

static Desktop *
desktop_new (ChorusTestPg *pg, const char *database, const char *login, guint n)
{
  Desktop *desktop = g_new0 (Desktop, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusTeamConfig) config = chorus_test_pg_config (pg, database, OWNER);
  g_autoptr(ChorusTeamIdentity) identity = chorus_team_identity_new (login, login);
  gint64 deadline;

  desktop->dir = g_dir_make_tmp ("chorus-bench-team-XXXXXX", &error);
  desktop->store = chorus_store_open (desktop->dir, &error);
  g_assert_no_error (error);
  fill (desktop->store, n);
  desktop->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  desktop->sync = chorus_team_sync_new (desktop->store, config, identity, &error);
  g_assert_no_error (error);
  chorus_team_sync_set_password (desktop->sync, OWNER_PASSWORD);
  g_signal_connect (desktop->sync, "invoices-changed", G_CALLBACK (on_changed), desktop);
  chorus_team_sync_start (desktop->sync);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (chorus_team_sync_get_state (desktop->sync) != CHORUS_TEAM_STATE_ONLINE)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return desktop;
}

static void
desktop_free (Desktop *desktop)
{
  g_clear_object (&desktop->sync);
  g_clear_object (&desktop->store);
  g_hash_table_unref (desktop->seen);
  chorus_test_remove_dir (desktop->dir);
  g_free (desktop->dir);
  g_free (desktop);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
value_is (ChorusStore *store, gint64 id, const char *value)
{
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (store, id, NULL);

  return invoice != NULL && g_strcmp0 (chorus_invoice_get_gestionnaire (invoice), value) == 0;
}

static void
wait_seen (Desktop *desktop, gint64 id)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_hash_table_contains (desktop->seen, &id))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("change of invoice %" G_GINT64_FORMAT " never arrived", id);
      g_main_context_iteration (NULL, TRUE);
    }
}

int
main (int argc, char **argv)
{
  guint n_invoices = 100000, n_changes = 200;
  g_autofree char *skip = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  ChorusTestPg *pg;
  Desktop *a, *b;
  double fill_s, burst_ms;
  gint64 start;

  for (int i = 1; i + 1 < argc; i++)
    {
      if (g_str_equal (argv[i], "--invoices"))
        n_invoices = (guint) atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--changes"))
        n_changes = (guint) atoi (argv[++i]);
    }
  pg = chorus_test_pg_start (&skip);
  if (pg == NULL)
    {
      g_print ("SKIP: %s\n", skip);
      return 77;
    }
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);

  start = g_get_monotonic_time ();
  a = desktop_new (pg, database, "marie", n_invoices);
  b = desktop_new (pg, database, "paul", n_invoices);
  fill_s = (g_get_monotonic_time () - start) / 1e6;

  /* One change at a time: A writes (local store, queue, push), B receives the NOTIFY, reads the
   * feed and applies it to its store. */
  for (guint i = 0; i < n_changes; i++)
    {
      gint64 id = g_rand_int_range (rand, 1, (gint32) n_invoices + 1);
      g_autofree char *name = g_strdup_printf ("Gestionnaire %u", i);
      g_autoptr(GError) error = NULL;
      gint64 t0, t1;

      g_hash_table_remove (b->seen, &id);
      t0 = g_get_monotonic_time ();
      g_assert_true (chorus_store_set_local_fields (a->store, id, name, NULL, NULL, &error));
      wait_seen (b, id);
      t1 = *(gint64 *) g_hash_table_lookup (b->seen, &id);
      g_assert_true (value_is (b->store, id, name));
      {
        double ms = (double) (t1 - t0) / 1000.0;
        g_array_append_val (latencies, ms);
      }
    }

  /* A burst: a bulk assignment of n_changes invoices at once. */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_hash_table_remove_all (b->seen);
    start = g_get_monotonic_time ();
    for (guint i = 0; i < n_changes; i++)
      {
        gint64 id = (gint64) (i * (n_invoices / n_changes)) + 1;

        g_array_append_val (ids, id);
        g_assert_true (chorus_store_set_local_fields (a->store, id, "Équipe du jour", NULL, NULL, NULL));
      }
    for (guint i = 0; i < ids->len; i++)
      wait_seen (b, g_array_index (ids, gint64, i));
    burst_ms = (g_get_monotonic_time () - start) / 1000.0;
  }

  g_array_sort (latencies, compare_doubles);
  {
    double median = g_array_index (latencies, double, latencies->len / 2);
    double p90 = g_array_index (latencies, double, latencies->len * 9 / 10);
    double max = g_array_index (latencies, double, latencies->len - 1);
    double min = g_array_index (latencies, double, 0);

    g_print ("\n## bench-team: a colleague's change on another desktop\n\n");
    g_print ("%u invoices in each store (filled in %.1f s), %u changes one at a time, then a burst of %u.\n\n",
             n_invoices, fill_s, n_changes, n_changes);
    g_print ("| measure | ms |\n|---|---:|\n");
    g_print ("| one change: min | %.1f |\n| one change: median | %.1f |\n| one change: 90th percentile | %.1f |\n"
             "| one change: max | %.1f |\n| burst of %u: last one visible after | %.1f |\n",
             min, median, p90, max, n_changes, burst_ms);
    g_print ("\nBudget: under 1000 ms. %s\n", max < 1000 ? "Met." : "NOT MET.");
  }

  desktop_free (a);
  desktop_free (b);
  chorus_test_pg_free (pg);
  return 0;
}
