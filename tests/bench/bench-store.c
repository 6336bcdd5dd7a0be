/* bench-store.c: filter and sort queries of ChorusStore vs the same SQL in the sqlite3 shell.
 *
 *   bench-store --rows 100000 [--dir DIR]
 *
 * Builds (or reuses) a store of realistic invoices in DIR (through the store's upsert; above
 * 100,000 rows with the secondary indexes built after the load, to keep generation short), times chorus_store_query_ids() for a set
 * of filters and sorts (median of several runs), runs the exact same SQL in `sqlite3` with
 * `.timer on` on the same file, and prints a Markdown table with the ratios and the budgets. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-status.h"
#include "chorus-store-private.h"

#define RUNS 7

typedef struct {
  const char          *name;
  ChorusInvoiceFilter  filter;
  ChorusSortColumn     sort;
  gboolean             descending;
} Query;

static const char *const first_words[] = {
  "Acme", "Bâtiments", "Cabinet", "Dupont", "Électricité", "Formation", "Garage", "Hôtel", "Imprimerie",
  "Jardins", "Laboratoire", "Martin", "Nettoyage", "Office", "Pharmacie", "Quincaillerie", "Restauration",
  "Société", "Transports", "Union",
};
static const char *const second_words[] = {
  "du Centre", "Martin", "Services", "Conseil", "Générale", "de l'Ouest", "Sud", "Industrie", "& Fils",
  "Nord", "Informatique", "Médical", "Bureautique", "Énergie", "Propreté",
};
static const ChorusStatus statuses[] = {
  CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_MISE_A_DISPOSITION, CHORUS_STATUS_COMPLETEE,
  CHORUS_STATUS_A_RECYCLER, CHORUS_STATUS_REJETEE, CHORUS_STATUS_SUSPENDUE, CHORUS_STATUS_SERVICE_FAIT,
  CHORUS_STATUS_MANDATEE, CHORUS_STATUS_MISE_EN_PAIEMENT, CHORUS_STATUS_MISE_EN_PAIEMENT,
  CHORUS_STATUS_MISE_EN_PAIEMENT, CHORUS_STATUS_COMPTABILISEE,
};

static ChorusInvoice *
make_invoice (gint64 id, GRand *rand)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  guint supplier = (guint) g_rand_int_range (rand, 0, 5000);
  g_autofree char *supplier_name = g_strdup_printf ("%s %s %u", first_words[supplier % G_N_ELEMENTS (first_words)],
                                                    second_words[(supplier / 20) % G_N_ELEMENTS (second_words)],
                                                    supplier);
  g_autofree char *siret = g_strdup_printf ("%09u%05u", 300000000 + supplier * 7919 % 600000000, supplier % 100000);
  g_autofree char *number = g_strdup_printf ("F%u-%06" G_GINT64_FORMAT, supplier % 97, id);
  int day = g_rand_int_range (rand, 0, 3 * 365);
  g_autoptr(GDate) date = g_date_new_dmy (1, 1, 2024);
  char invoice_date[16], deposit_date[16];
  g_autofree char *service = g_strdup_printf ("SRV%02d", g_rand_int_range (rand, 0, 20));
  g_autofree char *service_name = g_strdup_printf ("Service %02d", g_rand_int_range (rand, 0, 20));
  g_autofree char *engagement = g_rand_int_range (rand, 0, 3) ? g_strdup_printf ("EJ%08d", g_rand_int_range (rand, 0, 99999999)) : NULL;
  gint64 ht = (gint64) (exp (g_rand_double_range (rand, log (10.0), log (200000.0))) * 100);

  g_date_add_days (date, day);
  g_date_strftime (invoice_date, sizeof invoice_date, "%Y-%m-%d", date);
  g_date_add_days (date, g_rand_int_range (rand, 0, 15));
  g_date_strftime (deposit_date, sizeof deposit_date, "%Y-%m-%d", date);

  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_direction (invoice, id % 10 == 0 ? CHORUS_DIRECTION_ISSUED : CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_invoice_date (invoice, invoice_date);
  chorus_invoice_set_deposit_date (invoice, deposit_date);
  chorus_invoice_set_status_date (invoice, deposit_date);
  chorus_invoice_set_status (invoice, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))]);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_request_type (invoice, "FACTURE");
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_recipient_id (invoice, 26000000 + id % 3);
  chorus_invoice_set_recipient_code (invoice, "26440001100015");
  chorus_invoice_set_recipient_name (invoice, id % 3 == 0 ? "CHU de Nantes" : id % 3 == 1 ? "Hôpital Nord" : "GIP Formation");
  chorus_invoice_set_service_code (invoice, service);
  chorus_invoice_set_service_name (invoice, service_name);
  chorus_invoice_set_supplier_id (invoice, 10000 + supplier);
  chorus_invoice_set_supplier_name (invoice, supplier_name);
  chorus_invoice_set_supplier_code (invoice, siret);
  chorus_invoice_set_supplier_id_type (invoice, supplier % 25 == 0 ? CHORUS_ID_TYPE_UE_HORS_FRANCE : CHORUS_ID_TYPE_SIRET);
  chorus_invoice_set_engagement_number (invoice, engagement);
  chorus_invoice_set_amount_ht (invoice, ht);
  chorus_invoice_set_amount_ttc (invoice, ht * 6 / 5);
  chorus_invoice_set_amount_to_pay (invoice, ht * 6 / 5);
  return invoice;
}

static void
exec_or_die (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Data generation only: drops the secondary indexes and triggers, returning their SQL, so that a
 * million rows load in minutes; restore_schema() puts them back (CREATE INDEX sorts once). */
static GPtrArray *
strip_schema (const char *db_path)
{
  GPtrArray *ddl = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                                       " AND tbl_name = 'invoices' AND sql IS NOT NULL", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (ddl, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      g_ptr_array_add (drops, g_strdup_printf ("DROP %s %s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < drops->len; i++)
    exec_or_die (db, g_ptr_array_index (drops, i));
  sqlite3_close (db);
  return ddl;
}

static void
restore_schema (const char *db_path, GPtrArray *ddl)
{
  gint64 start = g_get_monotonic_time ();
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  exec_or_die (db, "PRAGMA cache_size = -262144; BEGIN");
  for (guint i = 0; i < ddl->len; i++)
    exec_or_die (db, g_ptr_array_index (ddl, i));
  exec_or_die (db, "INSERT INTO invoices_fts (invoices_fts) VALUES ('rebuild');"
                   "INSERT OR IGNORE INTO supplier_names SELECT supplier_name FROM invoices"
                   " WHERE supplier_name IS NOT NULL; COMMIT");
  sqlite3_close (db);
  g_print ("Indexes, FTS and name table built in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
}

static void
build (ChorusStore *store, guint rows)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint id = 1;

  while (id <= rows)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 1000 && id <= rows; i++, id++)
        g_ptr_array_add (batch, make_invoice (id, rand));
      if (!chorus_store_upsert_invoices (store, batch, &error))
        g_error ("upsert: %s", error->message);
    }
  g_print ("Upserted %u rows in %.1f s (batches of 1,000)\n", rows, (g_get_monotonic_time () - start) / 1e6);
}

/* Local fields on a share of the invoices, as users set them; one transaction, straight SQL,
 * since the app sets them one at a time. */
static void
add_local_fields (const char *db_path)
{
  sqlite3 *db;
  char *message = NULL;

  if (sqlite3_open (db_path, &db) != SQLITE_OK ||
      sqlite3_exec (db,
                    "BEGIN;"
                    "UPDATE invoices SET gestionnaire = CASE id % 8 WHEN 0 THEN 'Alice Moreau' WHEN 1 THEN 'Bruno Petit'"
                    " WHEN 2 THEN 'Chloé Durand' WHEN 3 THEN 'David Leroy' WHEN 4 THEN 'Emma Roux'"
                    " WHEN 5 THEN 'François Blanc' END,"
                    " internal_reference = CASE WHEN id % 2 = 1 THEN printf ('DOS-%05d', id % 20000) END"
                    " WHERE id % 3 = 1;"
                    "COMMIT; ANALYZE;", NULL, NULL, &message) != SQLITE_OK)
    g_error ("local fields: %s", message);
  sqlite3_close (db);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

/* Runs every query RUNS times in one sqlite3 shell; returns the median "real" time of each, in ms. */
static double *
time_in_shell (const char *db_path, GPtrArray *sqls)
{
  g_autoptr(GString) script = g_string_new (".timer on\n.output /dev/null\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *script_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", db_path, NULL, NULL };
  g_auto(GStrv) lines = NULL;
  double *medians = g_new0 (double, sqls->len);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  int fd, status;
  guint k = 0;

  for (guint q = 0; q < sqls->len; q++)
    for (guint r = 0; r < RUNS; r++)
      g_string_append_printf (script, "%s;\n", (const char *) g_ptr_array_index (sqls, q));
  fd = g_file_open_tmp ("bench-store-XXXXXX.sql", &script_path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (script_path, script->str, -1, &error);
  g_assert_no_error (error);

  argv[2] = g_strconcat (".read ", script_path, NULL);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("sqlite3: %s", error->message);
  g_free ((char *) argv[2]);
  g_unlink (script_path);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double real;
      if (sscanf (lines[i], "Run Time: real %lf", &real) == 1)
        g_array_append_val (times, real);
    }
  if (times->len != sqls->len * RUNS)
    g_error ("sqlite3 printed %u timings, expected %u: %s", times->len, sqls->len * RUNS, err);
  for (guint q = 0; q < sqls->len; q++, k += RUNS)
    medians[q] = median (&g_array_index (times, double, k), RUNS) * 1000.0;
  g_array_unref (times);
  return medians;
}

int
main (int argc, char *argv[])
{
  guint rows = 100000;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(ChorusStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *ours = NULL;
  g_autofree double *shell = NULL;
  g_autofree guint *counts = NULL;
  double budget;
  guint failures = 0;
  Query queries[16];
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--rows") && i + 1 < argc)
        rows = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--dir") && i + 1 < argc)
        dir = g_strdup (argv[++i]);
    }
  if (dir == NULL)
    dir = g_strdup_printf ("%s/chorus-bench-store-%u", g_getenv ("CHORUS_BENCH_DIR") ? g_getenv ("CHORUS_BENCH_DIR")
                                                                                     : g_get_tmp_dir (), rows);
  budget = rows > 100000 ? 300.0 : 30.0;

  store = chorus_store_open (dir, &error);
  if (store == NULL)
    g_error ("open: %s", error->message);
  if (chorus_store_count_invoices (store, CHORUS_DIRECTION_RECEIVED) +
      chorus_store_count_invoices (store, CHORUS_DIRECTION_ISSUED) != rows)
    {
      g_autofree char *path = g_build_filename (dir, "chorus.db", NULL);
      g_clear_object (&store);
      g_unlink (path);
      store = chorus_store_open (dir, &error);
      g_assert_no_error (error);
      if (rows > 100000)
        {
          g_autoptr(GPtrArray) ddl = NULL;

          g_clear_object (&store);
          ddl = strip_schema (path);
          store = chorus_store_open (dir, &error);
          g_assert_no_error (error);
          build (store, rows);
          g_clear_object (&store);
          restore_schema (path, ddl);
        }
      else
        {
          build (store, rows);
          g_clear_object (&store);
        }
      add_local_fields (path);
      store = chorus_store_open (dir, &error);
      g_assert_no_error (error);
    }
  db_path = g_build_filename (dir, "chorus.db", NULL);

#define Q(label) (chorus_invoice_filter_init (&queries[n].filter), queries[n].name = label, &queries[n++])
  { Query *q = Q ("all received, by days left"); q->sort = CHORUS_SORT_DAYS_LEFT; q->descending = FALSE; }
  { Query *q = Q ("to process, by days left"); q->filter.group = CHORUS_STATUS_GROUP_TO_PROCESS; q->sort = CHORUS_SORT_DAYS_LEFT; }
  { Query *q = Q ("all, by supplier"); q->sort = CHORUS_SORT_SUPPLIER; }
  { Query *q = Q ("processed, by TTC desc"); q->filter.group = CHORUS_STATUS_GROUP_PROCESSED; q->sort = CHORUS_SORT_AMOUNT_TTC; q->descending = TRUE; }
  { Query *q = Q ("sent back, by status"); q->filter.group = CHORUS_STATUS_GROUP_SENT_BACK; q->sort = CHORUS_SORT_STATUS; }
  { Query *q = Q ("all, by status desc"); q->sort = CHORUS_SORT_STATUS; q->descending = TRUE; }
  { Query *q = Q ("supplier contains 'martin', by number"); q->filter.supplier_contains = "martin"; q->sort = CHORUS_SORT_NUMBER; }
  { Query *q = Q ("full text 'formation', by invoice date desc"); q->filter.text = "formation"; q->sort = CHORUS_SORT_INVOICE_DATE; q->descending = TRUE; }
  { Query *q = Q ("2025 H1 and 1,000-5,000 EUR, by TTC"); q->filter.date_from = "2025-01-01"; q->filter.date_to = "2025-06-30";
    q->filter.amount_min = 100000; q->filter.amount_max = 500000; q->sort = CHORUS_SORT_AMOUNT_TTC; }
  { Query *q = Q ("gestionnaire, to process, by supplier"); q->filter.gestionnaire = "Chloé Durand";
    q->filter.group = CHORUS_STATUS_GROUP_TO_PROCESS; q->sort = CHORUS_SORT_SUPPLIER; }
  { Query *q = Q ("service SRV07, by recipient"); q->filter.service_code = "SRV07"; q->sort = CHORUS_SORT_RECIPIENT; }
  { Query *q = Q ("all, by internal reference"); q->sort = CHORUS_SORT_INTERNAL_REFERENCE; }
  { Query *q = Q ("EU suppliers, by SIRET"); q->filter.supplier_type = CHORUS_ID_TYPE_UE_HORS_FRANCE; q->sort = CHORUS_SORT_SIRET; }
  { Query *q = Q ("all, by gestionnaire desc"); q->sort = CHORUS_SORT_GESTIONNAIRE; q->descending = TRUE; }
  { Query *q = Q ("issued, by engagement"); q->filter.direction = CHORUS_DIRECTION_ISSUED; q->sort = CHORUS_SORT_ENGAGEMENT; }
#undef Q

  ours = g_new0 (double, n);
  counts = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    {
      double times[RUNS];

      for (guint r = 0; r < RUNS; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GArray) ids = chorus_store_query_ids (store, &queries[i].filter, queries[i].sort,
                                                          queries[i].descending, &error);
          times[r] = (g_get_monotonic_time () - start) / 1000.0;
          g_assert_no_error (error);
          counts[i] = ids->len;
        }
      ours[i] = median (times, RUNS);
      g_ptr_array_add (sqls, chorus_store_query_sql (store, &queries[i].filter, queries[i].sort, queries[i].descending));
    }
  shell = time_in_shell (db_path, sqls);

  g_print ("| query (%u rows) | ids | chorus_store_query_ids ms | sqlite3 shell ms | ratio | budget |\n", rows);
  g_print ("|---|---:|---:|---:|---:|---|\n");
  for (guint i = 0; i < n; i++)
    {
      /* The shell's timer has 1 ms resolution: compare against at least 1 ms. */
      double ratio = ours[i] / MAX (shell[i], 1.0);
      gboolean ok = ours[i] < budget && ratio <= 1.5;

      failures += !ok;
      g_print ("| %s | %u | %.1f | %.1f | %.2f | %s |\n", queries[i].name, counts[i], ours[i], shell[i], ratio,
               ok ? "ok" : "OVER");
    }

  {
    double times[RUNS];
    guint group_counts[CHORUS_STATUS_GROUP_LAST];
    ChorusInvoiceFilter filter;

    chorus_invoice_filter_init (&filter);
    for (guint r = 0; r < RUNS; r++)
      {
        gint64 start = g_get_monotonic_time ();
        chorus_store_count_groups (store, &filter, group_counts, &error);
        times[r] = (g_get_monotonic_time () - start) / 1000.0;
      }
    g_print ("\ncount_groups (all received): %.1f ms\n", median (times, RUNS));
  }
  g_print ("\nBudget: < %.0f ms and within 1.5x of the sqlite3 shell; %u over budget.\n", budget, failures);
  return 0;
}
