/* chorus-store-schema.c: the store's schema as numbered migrations, and the SQL functions they use. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-deadline.h"
#include "chorus-status.h"
#include "chorus-store-internal.h"

/* Stands for chorus_deadline_sort_rank_sql() in a step; replaced when the step is read. */
#define DEADLINE_RANK "@deadline-rank@"

/* Each entry takes the schema from version i to i + 1. Never edit a shipped step: add one. */
static const char *const migrations[] = {
  /* 1: invoices with list fields and the first local fields, structures, services, state. */
  "CREATE TABLE invoices ("
  "  id INTEGER PRIMARY KEY,"
  "  direction INTEGER NOT NULL,"
  "  status TEXT,"
  "  number TEXT COLLATE NOCASE,"
  "  request_type TEXT,"
  "  invoice_type TEXT,"
  "  cadre TEXT,"
  "  invoice_date TEXT,"
  "  deposit_date TEXT,"
  "  status_date TEXT,"
  "  status_comment TEXT,"
  "  currency TEXT,"
  "  recipient_id INTEGER NOT NULL DEFAULT 0,"
  "  recipient_code TEXT,"
  "  recipient_name TEXT COLLATE NOCASE,"
  "  service_id INTEGER NOT NULL DEFAULT 0,"
  "  service_code TEXT,"
  "  service_name TEXT COLLATE NOCASE,"
  "  supplier_id INTEGER NOT NULL DEFAULT 0,"
  "  supplier_code TEXT,"
  "  supplier_name TEXT COLLATE NOCASE,"
  "  supplier_id_type TEXT,"
  "  supplier_service_code TEXT,"
  "  engagement_number TEXT COLLATE NOCASE,"
  "  market_number TEXT,"
  "  deposit_mode TEXT,"
  "  flow_number TEXT,"
  "  original_number TEXT,"
  "  amount_ht INTEGER NOT NULL DEFAULT 0,"
  "  amount_ttc INTEGER NOT NULL DEFAULT 0,"
  "  amount_to_pay INTEGER NOT NULL DEFAULT 0,"
  "  downloaded INTEGER NOT NULL DEFAULT 0,"
  "  gestionnaire TEXT COLLATE NOCASE,"
  "  internal_reference TEXT COLLATE NOCASE"
  ");"
  "CREATE INDEX invoices_by_deposit ON invoices (direction, deposit_date);"
  "CREATE TABLE structures (id INTEGER PRIMARY KEY, identifier TEXT, id_type TEXT, name TEXT);"
  "CREATE TABLE services ("
  "  id INTEGER PRIMARY KEY,"
  "  structure_id INTEGER NOT NULL REFERENCES structures (id) ON DELETE CASCADE,"
  "  code TEXT, name TEXT, active INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);",

  /* 2: detail fields and parts, notes, cached files, outbox, saved filters, gestionnaires. */
  "ALTER TABLE invoices ADD COLUMN notes TEXT;"
  "ALTER TABLE invoices ADD COLUMN payment_mode TEXT;"
  "ALTER TABLE invoices ADD COLUMN due_date TEXT;"
  "ALTER TABLE invoices ADD COLUMN mandate_number TEXT;"
  "ALTER TABLE invoices ADD COLUMN vat_type TEXT;"
  "ALTER TABLE invoices ADD COLUMN amount_vat INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE invoices ADD COLUMN main_attachment_id INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE invoices ADD COLUMN detail_fetched INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE invoice_lines ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL, number INTEGER NOT NULL DEFAULT 0, reference TEXT, label TEXT,"
  "  quantity REAL NOT NULL DEFAULT 0, unit TEXT, unit_price_ht INTEGER NOT NULL DEFAULT 0,"
  "  discount_ht INTEGER NOT NULL DEFAULT 0, vat_rate_code TEXT, vat_rate REAL NOT NULL DEFAULT 0,"
  "  total_ht INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (invoice_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE vat_lines ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL, rate_code TEXT, rate REAL NOT NULL DEFAULT 0,"
  "  base_ht INTEGER NOT NULL DEFAULT 0, vat_amount INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (invoice_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE status_history ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL, status TEXT, date TEXT, comment TEXT, user TEXT,"
  "  PRIMARY KEY (invoice_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE attachments ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL, id INTEGER NOT NULL, name TEXT, extension TEXT, type_code TEXT,"
  "  is_main INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (invoice_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE cached_files ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (invoice_id, kind)) WITHOUT ROWID;"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind INTEGER NOT NULL,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  target TEXT NOT NULL, previous TEXT, previous_comment TEXT,"
  "  motif TEXT, mandate_number TEXT,"
  "  attempts INTEGER NOT NULL DEFAULT 0, message TEXT,"
  "  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')));"
  "CREATE INDEX outbox_open ON outbox (invoice_id) WHERE state < 2;"
  "CREATE TABLE saved_filters (name TEXT PRIMARY KEY, filter TEXT NOT NULL);"
  "CREATE TABLE gestionnaires (name TEXT PRIMARY KEY COLLATE NOCASE);",

  /* 3: status groups, one index per sortable column (covering the group filter), FTS5. */
  "ALTER TABLE invoices ADD COLUMN status_group INTEGER NOT NULL DEFAULT 0;"
  "UPDATE invoices SET status_group = chorus_status_group (status);"
  "DROP INDEX invoices_by_deposit;"
  "CREATE INDEX invoices_sort_recipient ON invoices (direction, recipient_name, status_group);"
  "CREATE INDEX invoices_sort_supplier_type ON invoices (direction, supplier_id_type, status_group);"
  "CREATE INDEX invoices_sort_supplier ON invoices (direction, supplier_name, status_group);"
  "CREATE INDEX invoices_sort_number ON invoices (direction, number, status_group);"
  "CREATE INDEX invoices_sort_invoice_date ON invoices (direction, invoice_date, status_group);"
  "CREATE INDEX invoices_sort_deposit_date ON invoices (direction, deposit_date, status_group);"
  "CREATE INDEX invoices_sort_amount_ht ON invoices (direction, amount_ht, status_group);"
  "CREATE INDEX invoices_sort_amount_ttc ON invoices (direction, amount_ttc, status_group);"
  "CREATE INDEX invoices_sort_amount_to_pay ON invoices (direction, amount_to_pay, status_group);"
  "CREATE INDEX invoices_sort_status ON invoices (direction, status, status_group);"
  "CREATE INDEX invoices_sort_service ON invoices (direction, service_name, status_group);"
  "CREATE INDEX invoices_sort_siret ON invoices (direction, supplier_code, status_group);"
  "CREATE INDEX invoices_sort_engagement ON invoices (direction, engagement_number, status_group);"
  "CREATE INDEX invoices_sort_internal_reference ON invoices (direction, internal_reference, status_group);"
  "CREATE INDEX invoices_sort_gestionnaire ON invoices (direction, gestionnaire, status_group);"
  "CREATE INDEX invoices_by_service_code ON invoices (direction, service_code, status_group);"
  "CREATE INDEX invoices_by_group ON invoices (direction, status_group);"
  "CREATE VIRTUAL TABLE invoices_fts USING fts5 ("
  "  supplier_name, number, supplier_code, engagement_number, internal_reference,"
  "  content = 'invoices', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO invoices_fts (invoices_fts) VALUES ('rebuild');"
  "CREATE TRIGGER invoices_fts_insert AFTER INSERT ON invoices BEGIN"
  "  INSERT INTO invoices_fts (rowid, supplier_name, number, supplier_code, engagement_number,"
  "                            internal_reference)"
  "  VALUES (new.id, new.supplier_name, new.number, new.supplier_code, new.engagement_number,"
  "          new.internal_reference);"
  "END;"
  "CREATE TRIGGER invoices_fts_delete AFTER DELETE ON invoices BEGIN"
  "  INSERT INTO invoices_fts (invoices_fts, rowid, supplier_name, number, supplier_code,"
  "                            engagement_number, internal_reference)"
  "  VALUES ('delete', old.id, old.supplier_name, old.number, old.supplier_code,"
  "          old.engagement_number, old.internal_reference);"
  "END;"
  /* Only when an indexed column really changed: a sync rewrites every row it sees. */
  "CREATE TRIGGER invoices_fts_update AFTER UPDATE ON invoices"
  "  WHEN old.supplier_name IS NOT new.supplier_name OR old.number IS NOT new.number"
  "    OR old.supplier_code IS NOT new.supplier_code"
  "    OR old.engagement_number IS NOT new.engagement_number"
  "    OR old.internal_reference IS NOT new.internal_reference BEGIN"
  "  INSERT INTO invoices_fts (invoices_fts, rowid, supplier_name, number, supplier_code,"
  "                            engagement_number, internal_reference)"
  "  VALUES ('delete', old.id, old.supplier_name, old.number, old.supplier_code,"
  "          old.engagement_number, old.internal_reference);"
  "  INSERT INTO invoices_fts (rowid, supplier_name, number, supplier_code, engagement_number,"
  "                            internal_reference)"
  "  VALUES (new.id, new.supplier_name, new.number, new.supplier_code, new.engagement_number,"
  "          new.internal_reference);"
  "END;",

  /* 4: distinct supplier names, so "supplier contains" scans thousands of names instead of
   * every invoice and then walks the name index; planner statistics. */
  "CREATE TABLE supplier_names (name TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;"
  "INSERT OR IGNORE INTO supplier_names SELECT supplier_name FROM invoices WHERE supplier_name IS NOT NULL;"
  "CREATE TRIGGER supplier_names_insert AFTER INSERT ON invoices WHEN new.supplier_name IS NOT NULL BEGIN"
  "  INSERT OR IGNORE INTO supplier_names VALUES (new.supplier_name);"
  "END;"
  "CREATE TRIGGER supplier_names_update AFTER UPDATE OF supplier_name ON invoices"
  "  WHEN new.supplier_name IS NOT NULL AND new.supplier_name IS NOT old.supplier_name BEGIN"
  "  INSERT OR IGNORE INTO supplier_names VALUES (new.supplier_name);"
  "END;"
  "DROP INDEX invoices_by_group;"
  "ANALYZE;",

  /* 5: what the client reads of structures and services (obligations, validity). */
  "ALTER TABLE structures ADD COLUMN status TEXT;"
  "ALTER TABLE structures ADD COLUMN role TEXT;"
  "ALTER TABLE structures ADD COLUMN service_required INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE structures ADD COLUMN engagement_required INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE structures ADD COLUMN service_or_engagement INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE services ADD COLUMN description TEXT;"
  "ALTER TABLE services ADD COLUMN start_date TEXT;"
  "ALTER TABLE services ADD COLUMN end_date TEXT;"
  "ALTER TABLE services ADD COLUMN engagement_required INTEGER NOT NULL DEFAULT 0;",

  /* 6: supplier, validator and works actions in the outbox: a deposit has no invoice yet and
   * no target status, so both become optional; what to send and what came back are JSON. */
  "CREATE TABLE outbox_v6 ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind INTEGER NOT NULL,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  invoice_id INTEGER REFERENCES invoices (id) ON DELETE CASCADE,"
  "  target TEXT, previous TEXT, previous_comment TEXT,"
  "  motif TEXT, mandate_number TEXT,"
  "  attempts INTEGER NOT NULL DEFAULT 0, message TEXT,"
  "  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),"
  "  payload TEXT, result TEXT);"
  "INSERT INTO outbox_v6 (id, kind, state, invoice_id, target, previous, previous_comment, motif,"
  "  mandate_number, attempts, message, created_at)"
  "  SELECT id, kind, state, invoice_id, target, previous, previous_comment, motif, mandate_number,"
  "  attempts, message, created_at FROM outbox;"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_v6 RENAME TO outbox;"
  "CREATE INDEX outbox_open ON outbox (invoice_id) WHERE state < 2;",
  /* 7: the full status vocabulary brings new groups (validation, works, in transit, other). */
  "UPDATE invoices SET status_group = chorus_status_group (status);",

  /* 8: cached files record when they were stored, for the cache purge (oldest first). */
  "ALTER TABLE cached_files ADD COLUMN cached_at INTEGER NOT NULL DEFAULT 0;",

  /* 9: an action the server asked to hold back (Retry-After), or a flux looked up again
   * later, waits until not_before (g_get_real_time(), 0 = now). */
  "ALTER TABLE outbox ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;",
  /* 10: list items no decoder could read, kept raw; cached files keep their name (a ZIP's
   * attachments). */
  "CREATE TABLE unreadable_items ("
  "  id INTEGER PRIMARY KEY,"
  "  direction INTEGER NOT NULL,"
  "  operation TEXT NOT NULL,"
  "  list TEXT,"
  "  fingerprint TEXT NOT NULL UNIQUE,"
  "  item_id INTEGER NOT NULL DEFAULT 0,"
  "  item_number TEXT,"
  "  raw_json TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  first_seen TEXT NOT NULL,"
  "  last_seen TEXT NOT NULL);"
  "CREATE INDEX unreadable_items_by_item ON unreadable_items (direction, item_id);"
  "ALTER TABLE cached_files ADD COLUMN name TEXT;",

  /* 11: triage sorts: most urgent first (running clocks, then the oldest reception), newest status.
   * DEADLINE_RANK is chorus_deadline_sort_rank_sql(): a change of the ranks needs a new step that
   * recreates this index with the new expression, or the sort stops using it. */
  "CREATE INDEX invoices_sort_days_left ON invoices (direction, " DEADLINE_RANK ", deposit_date, status, status_group);"
  "CREATE INDEX invoices_sort_status_date ON invoices (direction, status_date, status_group);"
  "ANALYZE;",

  /* 12: an action is held (not_before, step 9) so that it can be undone; when it was answered;
   * its invoice's last action found by index for a whole page of rows. The statuses the platform
   * allows from each status (recuperer/etats/traitement), the user's frequent motifs, the server's
   * log of user actions (histoAction), and a number key without case or separators so that
   * duplicates are found by index. */
  "ALTER TABLE outbox ADD COLUMN finished_at TEXT;"
  "CREATE INDEX outbox_by_invoice ON outbox (invoice_id, id);"
  "CREATE TABLE status_targets (current TEXT PRIMARY KEY, targets TEXT NOT NULL, fetched_at TEXT NOT NULL);"
  "CREATE TABLE motifs (kind INTEGER NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,"
  "  PRIMARY KEY (kind, text)) WITHOUT ROWID;"
  "CREATE TABLE action_history ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL, code TEXT, date TEXT, user TEXT,"
  "  PRIMARY KEY (invoice_id, seq)) WITHOUT ROWID;"
  "ALTER TABLE invoices ADD COLUMN number_key TEXT GENERATED ALWAYS AS (" CHORUS_COMPACT_NUMBER_SQL ("number") ") VIRTUAL;"
  "CREATE INDEX invoices_duplicate_number ON invoices (direction, supplier_code, number_key);"
  "CREATE INDEX invoices_duplicate_amount ON invoices (direction, supplier_code, amount_ttc);",

  /* 13: team mode (chorus-store-team.c): the team database's values of the shared fields as last
   * seen, their history, the claims, and the team edits written here and not yet acknowledged. */
  "CREATE TABLE team_fields ("
  "  invoice_id INTEGER NOT NULL, field TEXT NOT NULL, structure TEXT, value TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0, author_login TEXT, author_name TEXT, changed_at TEXT,"
  "  PRIMARY KEY (invoice_id, field)) WITHOUT ROWID;"
  "CREATE TABLE team_history ("
  "  version INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL, field TEXT NOT NULL,"
  "  old_value TEXT, new_value TEXT, author_login TEXT, author_name TEXT, changed_at TEXT,"
  "  concurrent INTEGER NOT NULL DEFAULT 0, replaced_login TEXT, replaced_name TEXT);"
  "CREATE INDEX team_history_by_invoice ON team_history (invoice_id, version);"
  "CREATE TABLE team_claims ("
  "  invoice_id INTEGER PRIMARY KEY, structure TEXT, holder_login TEXT, holder_name TEXT,"
  "  claimed_at TEXT, expires_at TEXT, version INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE team_queue ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  edit_id TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (16)))),"
  "  kind TEXT NOT NULL,"                     /* 'field', or the list: 'gestionnaire', 'motif', 'filter' */
  "  invoice_id INTEGER, structure TEXT,"
  "  name TEXT NOT NULL,"                     /* the field, or the list item */
  "  value TEXT, deleted INTEGER NOT NULL DEFAULT 0,"
  "  base_version INTEGER NOT NULL DEFAULT 0," /* the team version the author saw; -1: first-join seed */
  "  author_login TEXT NOT NULL, author_name TEXT NOT NULL,"
  "  created_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')),"
  "  attempts INTEGER NOT NULL DEFAULT 0, message TEXT);"
  "CREATE INDEX team_queue_by_item ON team_queue (kind, invoice_id, name);",

  /* 14: an invoice is one per direction and Chorus id: the account that both issued and received
   * it keeps it on each side. The id column becomes a local row key (old rows keep theirs, so
   * details, files, outbox rows and FTS rowids stay right); the full text also finds the
   * recipient, which is what an issued invoice is searched by; the supplier's service and bank
   * details of a deposit; the reference lists the server sends (payment modes, VAT rates, bank
   * details) are kept for offline use. */
  "ALTER TABLE invoices ADD COLUMN chorus_id INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE invoices ADD COLUMN supplier_service_id INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE invoices ADD COLUMN bank_details_id INTEGER NOT NULL DEFAULT 0;"
  "UPDATE invoices SET chorus_id = id;"
  "CREATE UNIQUE INDEX invoices_by_chorus_id ON invoices (direction, chorus_id);"
  "DROP TRIGGER IF EXISTS invoices_fts_insert;"
  "DROP TRIGGER IF EXISTS invoices_fts_delete;"
  "DROP TRIGGER IF EXISTS invoices_fts_update;"
  "DROP TABLE invoices_fts;"
  "CREATE VIRTUAL TABLE invoices_fts USING fts5 ("
  "  supplier_name, number, supplier_code, engagement_number, internal_reference, recipient_name,"
  "  recipient_code, content = 'invoices', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO invoices_fts (invoices_fts) VALUES ('rebuild');"
  "CREATE TRIGGER invoices_fts_insert AFTER INSERT ON invoices BEGIN"
  "  INSERT INTO invoices_fts (rowid, supplier_name, number, supplier_code, engagement_number,"
  "                            internal_reference, recipient_name, recipient_code)"
  "  VALUES (new.id, new.supplier_name, new.number, new.supplier_code, new.engagement_number,"
  "          new.internal_reference, new.recipient_name, new.recipient_code);"
  "END;"
  "CREATE TRIGGER invoices_fts_delete AFTER DELETE ON invoices BEGIN"
  "  INSERT INTO invoices_fts (invoices_fts, rowid, supplier_name, number, supplier_code,"
  "                            engagement_number, internal_reference, recipient_name, recipient_code)"
  "  VALUES ('delete', old.id, old.supplier_name, old.number, old.supplier_code,"
  "          old.engagement_number, old.internal_reference, old.recipient_name, old.recipient_code);"
  "END;"
  "CREATE TRIGGER invoices_fts_update AFTER UPDATE ON invoices"
  "  WHEN old.supplier_name IS NOT new.supplier_name OR old.number IS NOT new.number"
  "    OR old.supplier_code IS NOT new.supplier_code"
  "    OR old.engagement_number IS NOT new.engagement_number"
  "    OR old.internal_reference IS NOT new.internal_reference"
  "    OR old.recipient_name IS NOT new.recipient_name OR old.recipient_code IS NOT new.recipient_code BEGIN"
  "  INSERT INTO invoices_fts (invoices_fts, rowid, supplier_name, number, supplier_code,"
  "                            engagement_number, internal_reference, recipient_name, recipient_code)"
  "  VALUES ('delete', old.id, old.supplier_name, old.number, old.supplier_code,"
  "          old.engagement_number, old.internal_reference, old.recipient_name, old.recipient_code);"
  "  INSERT INTO invoices_fts (rowid, supplier_name, number, supplier_code, engagement_number,"
  "                            internal_reference, recipient_name, recipient_code)"
  "  VALUES (new.id, new.supplier_name, new.number, new.supplier_code, new.engagement_number,"
  "          new.internal_reference, new.recipient_name, new.recipient_code);"
  "END;"
  "CREATE TABLE reference_items ("
  "  list TEXT NOT NULL, structure_id INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,"
  "  code TEXT NOT NULL, label TEXT, value REAL NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (list, structure_id, seq)) WITHOUT ROWID;",
  /* 15: invoices to validate (direction 2) name the validator they wait for. */
  "ALTER TABLE invoices ADD COLUMN validator_name TEXT;"
  "ALTER TABLE invoices ADD COLUMN validator_id INTEGER NOT NULL DEFAULT 0;",

  /* 16: how many invoices each status group holds, kept by triggers on every write (pulls,
   * details, the outbox's optimistic statuses and their undoing, migrations, bulk loads), so
   * that the filter bar reads its counters instead of counting a million rows. The triggers
   * never rely on a conflict clause: an upsert's DO UPDATE imposes its own ABORT on what its
   * triggers do, which made "INSERT OR IGNORE INTO supplier_names" fail a whole page whenever
   * a pull renamed a supplier to a name already known; those two triggers are written again
   * the same way. */
  "CREATE TABLE group_counts ("
  "  direction INTEGER NOT NULL, status_group INTEGER NOT NULL, n INTEGER NOT NULL,"
  "  PRIMARY KEY (direction, status_group)) WITHOUT ROWID;"
  "INSERT INTO group_counts SELECT direction, status_group, count(*) FROM invoices GROUP BY 1, 2;"
  "CREATE TRIGGER group_counts_insert AFTER INSERT ON invoices BEGIN"
  "  INSERT INTO group_counts SELECT new.direction, new.status_group, 0 WHERE NOT EXISTS"
  "    (SELECT 1 FROM group_counts WHERE direction = new.direction AND status_group = new.status_group);"
  "  UPDATE group_counts SET n = n + 1 WHERE direction = new.direction AND status_group = new.status_group;"
  "END;"
  "CREATE TRIGGER group_counts_delete AFTER DELETE ON invoices BEGIN"
  "  UPDATE group_counts SET n = n - 1 WHERE direction = old.direction AND status_group = old.status_group;"
  "END;"
  "CREATE TRIGGER group_counts_update AFTER UPDATE OF direction, status_group ON invoices"
  "  WHEN old.direction IS NOT new.direction OR old.status_group IS NOT new.status_group BEGIN"
  "  UPDATE group_counts SET n = n - 1 WHERE direction = old.direction AND status_group = old.status_group;"
  "  INSERT INTO group_counts SELECT new.direction, new.status_group, 0 WHERE NOT EXISTS"
  "    (SELECT 1 FROM group_counts WHERE direction = new.direction AND status_group = new.status_group);"
  "  UPDATE group_counts SET n = n + 1 WHERE direction = new.direction AND status_group = new.status_group;"
  "END;"
  "DROP TRIGGER IF EXISTS supplier_names_insert;"
  "DROP TRIGGER IF EXISTS supplier_names_update;"
  "CREATE TRIGGER supplier_names_insert AFTER INSERT ON invoices WHEN new.supplier_name IS NOT NULL BEGIN"
  "  INSERT INTO supplier_names SELECT new.supplier_name WHERE NOT EXISTS"
  "    (SELECT 1 FROM supplier_names WHERE name = new.supplier_name);"
  "END;"
  "CREATE TRIGGER supplier_names_update AFTER UPDATE OF supplier_name ON invoices"
  "  WHEN new.supplier_name IS NOT NULL AND new.supplier_name IS NOT old.supplier_name BEGIN"
  "  INSERT INTO supplier_names SELECT new.supplier_name WHERE NOT EXISTS"
  "    (SELECT 1 FROM supplier_names WHERE name = new.supplier_name);"
  "END;",

  /* 17: the "Time left" sort follows the figure the list shows: within a rank, the legal due date
   * of a running clock (a completed invoice's runs again; a hospital's delay is not a town's),
   * from chorus_deadline_sort_key() with the store's delays (chorus-store-delays.c). The upsert
   * writes a new row's key; the trigger follows a change of what it depends on. It stays through
   * a bulk load, like the group counters (it fires only when a page brings an invoice again). */
  "ALTER TABLE invoices ADD COLUMN days_left_key TEXT;"
  "UPDATE invoices SET days_left_key = chorus_days_left_key (deposit_date, status, status_date, recipient_code,"
  "  recipient_name);"
  "DROP INDEX invoices_sort_days_left;"
  "CREATE INDEX invoices_sort_days_left_key ON invoices (direction, " DEADLINE_RANK ", days_left_key, status,"
  "  status_group);"
  "CREATE TRIGGER days_left_key_update AFTER UPDATE OF status, status_date, deposit_date, recipient_code,"
  "  recipient_name ON invoices WHEN old.status IS NOT new.status OR old.status_date IS NOT new.status_date"
  "    OR old.deposit_date IS NOT new.deposit_date OR old.recipient_code IS NOT new.recipient_code"
  "    OR old.recipient_name IS NOT new.recipient_name BEGIN"
  "  UPDATE invoices SET days_left_key = chorus_days_left_key (new.deposit_date, new.status, new.status_date,"
  "    new.recipient_code, new.recipient_name) WHERE id = new.id;"
  "END;"
  "PRAGMA analysis_limit = 1000; ANALYZE invoices_sort_days_left_key; PRAGMA analysis_limit = 0;",
};

/* chorus_status_group(api_status): the group mapping of chorus-types, usable in SQL. */
static void
sql_status_group (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *api = (const char *) sqlite3_value_text (argv[0]);

  sqlite3_result_int (context, chorus_status_get_group (chorus_status_from_api (api)));
}

void
chorus_store_register_functions (sqlite3 *db)
{
  sqlite3_create_function (db, "chorus_status_group", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_status_group, NULL, NULL);
  chorus_store_register_days_left_key (db, NULL);
}

void
chorus_store_set_foreign_code_error (GError **error)
{
  g_set_error_literal (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                       _("The local invoice database contains instructions that Chorus Desk did not write, "
                         "so it was not used. Remove the folder of this profile to start again from an "
                         "empty database."));
}

typedef struct {
  GHashTable *code;        /* triggers and views, as "type\x1fname\x1fsql" */
  GHashTable *statements;  /* the SQL of every index and trigger */
} ReferenceSchema;

/* What the migrations create, built once, in memory, by running them on an empty database. */
static const ReferenceSchema *
reference_schema (void)
{
  static gsize initialized = 0;
  static ReferenceSchema reference;

  if (g_once_init_enter (&initialized))
    {
      sqlite3_stmt *stmt = NULL;
      sqlite3 *db = NULL;
      gboolean built = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;

      reference.code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      reference.statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (built)
        chorus_store_register_functions (db);
      /* What each version had: a database not migrated yet is checked before its migration
       * replaces some of it (the FTS triggers of version 3, for one). */
      for (guint i = 0; built && i < G_N_ELEMENTS (migrations); i++)
        {
          built = sqlite3_exec (db, chorus_store_migration_sql (i + 1), NULL, NULL, NULL) == SQLITE_OK &&
                  sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_master"
                                      " WHERE type IN ('trigger', 'view', 'index') AND sql IS NOT NULL",
                                      -1, &stmt, NULL) == SQLITE_OK;
          while (built && sqlite3_step (stmt) == SQLITE_ROW)
            {
              const char *type = (const char *) sqlite3_column_text (stmt, 0);
              const char *sql = (const char *) sqlite3_column_text (stmt, 2);

              if (!g_str_equal (type, "index"))
                g_hash_table_add (reference.code, g_strdup_printf ("%s\x1f%s\x1f%s", type,
                                                                   sqlite3_column_text (stmt, 1), sql));
              if (!g_str_equal (type, "view"))
                g_hash_table_add (reference.statements, g_strdup (sql));
            }
          g_clear_pointer (&stmt, sqlite3_finalize);
        }
      g_assert (built);
      sqlite3_close (db);
      g_once_init_leave (&initialized, 1);
    }
  return &reference;
}

gboolean
chorus_store_is_own_statement (const char *sql)
{
  return g_hash_table_contains (reference_schema ()->statements, sql);
}

gboolean
chorus_store_check_code (ChorusSqlConnection *conn, GError **error)
{
  GHashTable *known = reference_schema ()->code;
  sqlite3_stmt *stmt;
  gboolean foreign = FALSE;

  if (sqlite3_prepare_v2 (conn->db, "SELECT type, name, sql FROM main.sqlite_master WHERE type IN ('trigger', 'view')",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      chorus_sql_set_error (error, conn->db, "schema");
      return FALSE;
    }
  while (!foreign && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", sqlite3_column_text (stmt, 0),
                                              sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));

      foreign = !g_hash_table_contains (known, key);
      if (foreign)
        g_debug ("unknown %s “%s” in the database", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (foreign)
    chorus_store_set_foreign_code_error (error);
  return !foreign;
}

guint
chorus_store_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
chorus_store_migration_sql (guint version)
{
  static gsize expanded[G_N_ELEMENTS (migrations)];

  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);

  if (strstr (migrations[version - 1], DEADLINE_RANK) == NULL)
    return migrations[version - 1];
  if (g_once_init_enter (&expanded[version - 1]))
    {
      g_auto(GStrv) parts = g_strsplit (migrations[version - 1], DEADLINE_RANK, -1);

      g_once_init_leave (&expanded[version - 1], (gsize) g_strjoinv (chorus_deadline_sort_rank_sql (), parts));
    }
  return (const char *) expanded[version - 1];
}

gboolean
chorus_store_migrate (ChorusSqlConnection *conn, GError **error)
{
  sqlite3_stmt *stmt;
  int version = 0;

  if (sqlite3_prepare_v2 (conn->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    {
      chorus_sql_set_error (error, conn->db, "user_version");
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                   _("The local invoice database was created by a newer version of Chorus Desk."));
      return FALSE;
    }

  /* One transaction per step: a crash leaves the database at a whole version. */
  for (guint v = version + 1; v <= G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", v);

      if (!chorus_sql_begin (conn, error))
        return FALSE;
      if (!chorus_sql_exec (conn, chorus_store_migration_sql (v), error) || !chorus_sql_exec (conn, bump, error) ||
          !chorus_sql_commit (conn, error))
        {
          chorus_sql_rollback (conn);
          g_prefix_error (error, _("Could not update the local invoice database to version %u: "), v);
          return FALSE;
        }
    }
  return TRUE;
}
