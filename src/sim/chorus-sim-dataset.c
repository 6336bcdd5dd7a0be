/* chorus-sim-dataset.c: the simulator's SQLite store: its schema, opening it (kept when its seed
 * and size match, otherwise generated again), resetting it, its meta table and well-known ids,
 * the accounts' attachments and the cache of search totals. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "chorus-sim-dataset-private.h"

#define SCHEMA_VERSION "7"

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE structures (id INTEGER PRIMARY KEY, identifiant TEXT NOT NULL, type_identifiant TEXT NOT NULL,"
  " designation TEXT NOT NULL, is_public INTEGER NOT NULL, est_moa INTEGER NOT NULL DEFAULT 0,"
  " service_required INTEGER NOT NULL DEFAULT 0, ej_required INTEGER NOT NULL DEFAULT 0,"
  " ej_or_service INTEGER NOT NULL DEFAULT 0, adresse TEXT, code_postal TEXT, ville TEXT, pays TEXT,"
  " email TEXT, numero_tva TEXT, rcs TEXT, kind INTEGER NOT NULL DEFAULT 0, name_rank INTEGER NOT NULL DEFAULT 0,"
  " actif INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX structures_identifiant ON structures (identifiant);"
  "CREATE TABLE services (id INTEGER PRIMARY KEY, structure_id INTEGER NOT NULL, code TEXT NOT NULL,"
  " libelle TEXT NOT NULL, actif INTEGER NOT NULL, ej_required INTEGER NOT NULL, date_debut TEXT);"
  "CREATE INDEX services_structure ON services (structure_id, code);"
  "CREATE TABLE rattachements (structure_id INTEGER NOT NULL, role TEXT NOT NULL, PRIMARY KEY (structure_id, role));"
  "CREATE TABLE invoices (id INTEGER PRIMARY KEY, numero TEXT NOT NULL, supplier_id INTEGER NOT NULL,"
  " recipient_id INTEGER NOT NULL, service_id INTEGER NOT NULL DEFAULT 0, supplier_service_id INTEGER NOT NULL DEFAULT 0,"
  " statut TEXT NOT NULL, type_facture TEXT NOT NULL, type_tva TEXT, cadre TEXT NOT NULL, mode_depot TEXT,"
  " date_depot TEXT NOT NULL, date_facture TEXT NOT NULL, date_etat TEXT NOT NULL, ht INTEGER NOT NULL,"
  " tva INTEGER NOT NULL, ttc INTEGER NOT NULL, a_payer INTEGER NOT NULL, devise TEXT NOT NULL,"
  " numero_marche TEXT, numero_bc TEXT, numero_origine TEXT, mode_paiement TEXT, commentaire_etat TEXT,"
  " telechargee INTEGER NOT NULL DEFAULT 0, numero_flux TEXT, numero_mandat TEXT, lines_seed INTEGER NOT NULL DEFAULT 0,"
  " n_lines INTEGER NOT NULL DEFAULT 0, generated INTEGER NOT NULL DEFAULT 0, main_pj_id INTEGER NOT NULL DEFAULT 0,"
  " commentaire TEXT, lines_json TEXT, valideur_id INTEGER NOT NULL DEFAULT 0, motif_exoneration TEXT, date_echeance TEXT,"
  " type_dp TEXT NOT NULL DEFAULT 'FACTURE', type_facture_travaux TEXT, valideur2_id INTEGER NOT NULL DEFAULT 0,"
  " niveau_validation INTEGER NOT NULL DEFAULT 0, date_validation1 TEXT, date_validation2 TEXT,"
  " facturx INTEGER NOT NULL DEFAULT 0, moe_id INTEGER NOT NULL DEFAULT 0, moa_id INTEGER NOT NULL DEFAULT 0,"
  " coord_banc_id INTEGER NOT NULL DEFAULT 0,"
  " gen_statut TEXT, gen_date TEXT, gen_commentaire TEXT, queue_id INTEGER NOT NULL DEFAULT 0, supplier_rank INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE coordonnees_bancaires (id INTEGER PRIMARY KEY, structure_id INTEGER NOT NULL, nom TEXT NOT NULL,"
  " iban TEXT NOT NULL, bic TEXT, valide INTEGER NOT NULL);"
  "CREATE TABLE history (seq INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL, statut TEXT NOT NULL,"
  " date TEXT NOT NULL, commentaire TEXT);"
  "CREATE INDEX history_invoice ON history (invoice_id, seq);"
  "CREATE TABLE attachments (id INTEGER PRIMARY KEY, nom TEXT NOT NULL, extension TEXT NOT NULL, mime TEXT,"
  " data BLOB NOT NULL, invoice_id INTEGER NOT NULL DEFAULT 0, type_code TEXT, numero_ligne INTEGER);"
  "CREATE INDEX attachments_invoice ON attachments (invoice_id);"
  "CREATE TABLE flux (numero TEXT PRIMARY KEY, nom_fichier TEXT, syntaxe TEXT, date_depot TEXT,"
  " date_etat TEXT, etat TEXT NOT NULL, erreurs_json TEXT, supplier_id INTEGER NOT NULL);"
  "CREATE TABLE works (id INTEGER PRIMARY KEY, numero TEXT NOT NULL, cadre TEXT NOT NULL, statut TEXT NOT NULL,"
  " supplier_id INTEGER NOT NULL, moe_id INTEGER NOT NULL, moa_id INTEGER NOT NULL, service_id INTEGER NOT NULL DEFAULT 0,"
  " numero_marche TEXT, numero_engagement TEXT, date_depot TEXT NOT NULL, date_facture TEXT NOT NULL,"
  " date_etat TEXT NOT NULL, ht INTEGER NOT NULL, tva INTEGER NOT NULL, ttc INTEGER NOT NULL, a_payer INTEGER NOT NULL,"
  " prev_id INTEGER NOT NULL DEFAULT 0, next_id INTEGER NOT NULL DEFAULT 0, dossier TEXT NOT NULL, motif TEXT,"
  " mode_depot TEXT, telechargee INTEGER NOT NULL DEFAULT 0, lines_seed INTEGER NOT NULL DEFAULT 0,"
  " main_pj_id INTEGER NOT NULL DEFAULT 0);";

/* Created after the bulk insert: building an index once is much faster than growing it.
 * queue_id is the recipient an invoice is with: 0 while it waits for its validator, so that
 * the recipient's searches (one typeDemandePaiement at a time) walk one index without looking
 * at statuses. */
static const char index_sql[] =
  "CREATE INDEX invoices_queue_depot ON invoices (queue_id, type_dp, date_depot);"
  "CREATE INDEX invoices_queue_facture ON invoices (queue_id, type_dp, date_facture);"
  "CREATE INDEX invoices_queue_statut ON invoices (queue_id, type_dp, statut, date_depot);"
  "CREATE INDEX invoices_queue_ttc ON invoices (queue_id, type_dp, ttc);"
  "CREATE INDEX invoices_queue_etat ON invoices (queue_id, type_dp, date_etat);"
  "CREATE INDEX invoices_queue_numero ON invoices (queue_id, type_dp, numero);"
  "CREATE INDEX invoices_queue_supplier ON invoices (queue_id, type_dp, supplier_rank);"
  "CREATE INDEX invoices_supplier_depot ON invoices (supplier_id, date_depot);"
  "CREATE INDEX invoices_supplier_statut ON invoices (supplier_id, statut, date_depot);"
  "CREATE INDEX invoices_numero ON invoices (numero);"
  "CREATE INDEX invoices_flux ON invoices (numero_flux) WHERE numero_flux IS NOT NULL;"
  "CREATE INDEX invoices_valideur ON invoices (valideur_id, date_depot) WHERE valideur_id != 0;"
  "CREATE INDEX invoices_valideur2 ON invoices (valideur2_id, date_depot) WHERE valideur2_id != 0;"
  "CREATE INDEX works_supplier ON works (supplier_id, date_depot);"
  "CREATE INDEX works_moe ON works (moe_id, date_depot);"
  "CREATE INDEX works_moa ON works (moa_id, date_depot);"
  "CREATE INDEX works_dossier ON works (dossier);";

gboolean
sim_dataset_exec (SimDataset *self, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_warning ("chorus-sim: SQL failed: %s", msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

void
sim_sql_bind_text (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

char *
sim_sql_column_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);
  return t ? g_strdup ((const char *) t) : NULL;
}

gint64
sim_dataset_query_int (SimDataset *self, const char *sql, gint64 id, gint64 def)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = def;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return def;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* ---- dates ------------------------------------------------------------------------------------ */

guint32
sim_julian_of (int y, int m, int d)
{
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_get_julian (&date);
}

void
sim_format_julian (guint32 j, char out[11])
{
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, j);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

char *
sim_now_datetime (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d %H:%M");
}

char *
sim_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* ---- meta and well-known ids ------------------------------------------------------------------ */

static char *
meta_get (SimDataset *self, const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sim_sql_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sim_sql_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
meta_int (SimDataset *self, const char *key)
{
  g_autofree char *v = meta_get (self, key);
  return v ? g_ascii_strtoll (v, NULL, 10) : 0;
}

static gboolean
reopen_matches (SimDataset *self, guint32 seed, guint n_invoices)
{
  g_autofree char *schema = meta_get (self, "schema");
  g_autofree char *s = meta_get (self, "seed");
  g_autofree char *n = meta_get (self, "n_invoices");

  return g_strcmp0 (schema, SCHEMA_VERSION) == 0 && s && n &&
         g_ascii_strtoull (s, NULL, 10) == seed && g_ascii_strtoull (n, NULL, 10) == n_invoices;
}

static void
load_well_known (SimDataset *self)
{
  SimWellKnown *wk = &self->wk;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimStructure) sup = NULL;
  g_autoptr(SimStructure) strict = NULL;
  g_autoptr(SimStructure) inactive = NULL;

  wk->recipient_id = meta_int (self, "recipient_id");
  wk->supplier_id = meta_int (self, "supplier_id");
  wk->moe_id = meta_int (self, "moe_id");
  wk->moa_id = meta_int (self, "moa_id");
  wk->strict_recipient_id = meta_int (self, "strict_id");
  wk->n_received = (guint) meta_int (self, "n_received");
  wk->n_issued = (guint) meta_int (self, "n_issued");
  wk->n_received_works = (guint) meta_int (self, "n_received_works");
  wk->inactive_recipient_id = meta_int (self, "inactive_id");
  rec = sim_structure_load (self, wk->recipient_id);
  sup = sim_structure_load (self, wk->supplier_id);
  strict = sim_structure_load (self, wk->strict_recipient_id);
  wk->recipient_siret = g_strdup (rec ? rec->identifiant : "");
  wk->supplier_siret = g_strdup (sup ? sup->identifiant : "");
  wk->strict_recipient_siret = g_strdup (strict ? strict->identifiant : "");
  inactive = sim_structure_load (self, wk->inactive_recipient_id);
  wk->inactive_recipient_siret = g_strdup (inactive ? inactive->identifiant : "");
}

static void
well_known_clear (SimWellKnown *wk)
{
  g_free (wk->recipient_siret);
  g_free (wk->supplier_siret);
  g_free (wk->strict_recipient_siret);
  g_free (wk->inactive_recipient_siret);
  memset (wk, 0, sizeof *wk);
}

/* ---- opening and generating --------------------------------------------------------------------- */

static void
close_db (SimDataset *self)
{
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->structure_stmt, sqlite3_finalize);
  g_clear_pointer (&self->service_stmt, sqlite3_finalize);
  g_clear_pointer (&self->insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->works_insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

static gboolean
open_db (SimDataset *self, GError **error)
{
  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not open %s: %s", self->path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sim_dataset_exec (self, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456");
  return TRUE;
}

/* An empty store in one transaction, committed by finish_generation(): nothing is synced before. */
static gboolean
create_schema (SimDataset *self, GError **error)
{
  if (!sim_dataset_exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN") ||
      !sim_dataset_exec (self, schema_sql))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not create the simulator schema: %s",
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* Counts what the account sees, keeps it with the seed in meta, builds the indexes, commits. */
static gboolean
finish_generation (SimDataset *self, GError **error)
{
  SimWellKnown *wk = &self->wk;
  g_autofree char *counts = g_strdup_printf (
    "SELECT (SELECT COUNT(*) FROM invoices WHERE queue_id = %" G_GINT64_FORMAT " AND type_dp = 'FACTURE'),"
    " (SELECT COUNT(*) FROM invoices WHERE supplier_id = %" G_GINT64_FORMAT "),"
    " (SELECT COUNT(*) FROM invoices WHERE queue_id = %" G_GINT64_FORMAT " AND type_dp = 'FACTURE_TRAVAUX')",
    wk->recipient_id, wk->supplier_id, wk->recipient_id);
  g_autofree char *meta = NULL;
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, counts, -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      wk->n_received = (guint) sqlite3_column_int64 (stmt, 0);
      wk->n_issued = (guint) sqlite3_column_int64 (stmt, 1);
      wk->n_received_works = (guint) sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);

  meta = g_strdup_printf (
    "INSERT INTO meta VALUES ('schema', '" SCHEMA_VERSION "'), ('seed', '%u'), ('n_invoices', '%u'),"
    " ('recipient_id', '%" G_GINT64_FORMAT "'), ('supplier_id', '%" G_GINT64_FORMAT "'),"
    " ('moe_id', '%" G_GINT64_FORMAT "'), ('moa_id', '%" G_GINT64_FORMAT "'), ('strict_id', '%" G_GINT64_FORMAT "'),"
    " ('inactive_id', '%" G_GINT64_FORMAT "'), ('n_received', '%u'), ('n_issued', '%u'), ('n_received_works', '%u')",
    self->seed, self->n_invoices, wk->recipient_id, wk->supplier_id, wk->moe_id, wk->moa_id, wk->strict_recipient_id,
    wk->inactive_recipient_id, wk->n_received, wk->n_issued, wk->n_received_works);
  if (!sim_dataset_exec (self, meta) || !sim_dataset_exec (self, index_sql) ||
      !sim_dataset_exec (self, "COMMIT; ANALYZE; PRAGMA synchronous=NORMAL; PRAGMA wal_checkpoint(TRUNCATE)"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not store the simulator dataset: %s",
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* Keeps the strings callers may still hold (chorus_sim_get_…) when they did not change. */
static void
keep_string (char **now, char *before)
{
  if (g_strcmp0 (*now, before) == 0)
    {
      g_free (*now);
      *now = before;
    }
  else
    g_free (before);
}

/* Removes the database files and generates the dataset again from its seed. */
static gboolean
regenerate (SimDataset *self, GError **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  SimWellKnown before = self->wk;
  gboolean ok;

  close_db (self);
  memset (&self->wk, 0, sizeof self->wk);
  for (gsize k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *file = g_strconcat (self->path, suffixes[k], NULL);
      g_remove (file);
    }
  ok = open_db (self, error) && create_schema (self, error) && sim_generate (self, error) && finish_generation (self, error);
  keep_string (&self->wk.recipient_siret, before.recipient_siret);
  keep_string (&self->wk.supplier_siret, before.supplier_siret);
  keep_string (&self->wk.strict_recipient_siret, before.strict_recipient_siret);
  keep_string (&self->wk.inactive_recipient_siret, before.inactive_recipient_siret);
  return ok;
}

SimDataset *
sim_dataset_open (const char *path, guint32 seed, guint n_invoices, GError **error)
{
  SimDataset *self = g_new0 (SimDataset, 1);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  self->path = g_strdup (path);
  self->seed = seed;
  self->n_invoices = n_invoices;
  if (!open_db (self, error))
    {
      sim_dataset_free (self);
      return NULL;
    }

  if (exists)
    {
      sqlite3_stmt *probe = NULL;
      gboolean has_meta = sqlite3_prepare_v2 (self->db, "SELECT 1 FROM meta", -1, &probe, NULL) == SQLITE_OK;

      sqlite3_finalize (probe);
      if (has_meta && reopen_matches (self, seed, n_invoices))
        {
          load_well_known (self);
          sim_dataset_exec (self, "PRAGMA journal_mode=WAL");
          return self;
        }
    }
  /* New, or another seed or size: start again from an empty file. */
  if (!regenerate (self, error))
    {
      sim_dataset_free (self);
      return NULL;
    }
  return self;
}

gboolean
sim_dataset_reset (SimDataset *self, GError **error)
{
  return regenerate (self, error);
}

void
sim_dataset_free (SimDataset *self)
{
  if (self == NULL)
    return;
  close_db (self);
  well_known_clear (&self->wk);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
sim_dataset_db (SimDataset *self)
{
  return self->db;
}

const SimWellKnown *
sim_dataset_well_known (SimDataset *self)
{
  return &self->wk;
}

/* ---- queries ------------------------------------------------------------------------------------ */

GArray *
sim_dataset_attached (SimDataset *self, const char *role)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT structure_id FROM rattachements WHERE role = ? ORDER BY structure_id",
                      -1, &stmt, NULL);
  sim_sql_bind_text (stmt, 1, role);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (out, id);
    }
  sqlite3_finalize (stmt);
  return out;
}

gboolean
sim_dataset_is_attached (SimDataset *self, gint64 structure_id, const char *role)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  sqlite3_prepare_v2 (self->db,
                      "SELECT 1 FROM rattachements WHERE structure_id = ? AND (?2 IS NULL OR role = ?2)",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, structure_id);
  sim_sql_bind_text (stmt, 2, role);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

gint64
sim_dataset_next_id (SimDataset *self, const char *table)
{
  g_autofree char *sql = NULL;

  /* Invoices and works pieces share one id space, as idFacture does on the platform. */
  if (g_strcmp0 (table, "invoices") == 0 || g_strcmp0 (table, "works") == 0)
    sql = g_strdup ("SELECT MAX((SELECT IFNULL(MAX(id), 0) FROM invoices), (SELECT IFNULL(MAX(id), 0) FROM works)) + 1");
  else
    sql = g_strdup_printf ("SELECT IFNULL(MAX(id), 0) + 1 FROM %s", table);
  return sim_dataset_query_int (self, sql, 0, 1);
}

gboolean
sim_dataset_cached_count (SimDataset *self, const char *key, gint64 *total)
{
  gint64 *found;

  if (self->counts == NULL || sqlite3_total_changes64 (self->db) != self->counts_changes)
    return FALSE;
  found = g_hash_table_lookup (self->counts, key);
  if (found == NULL)
    return FALSE;
  *total = *found;
  return TRUE;
}

void
sim_dataset_cache_count (SimDataset *self, const char *key, gint64 total)
{
  if (self->counts == NULL || sqlite3_total_changes64 (self->db) != self->counts_changes ||
      g_hash_table_size (self->counts) > 1000)
    {
      g_clear_pointer (&self->counts, g_hash_table_unref);
      self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      self->counts_changes = sqlite3_total_changes64 (self->db);
    }
  g_hash_table_insert (self->counts, g_strdup (key), g_memdup2 (&total, sizeof total));
}
