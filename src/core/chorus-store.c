/* chorus-store.c: SQLite cache (WAL, foreign keys, FTS5), versioned migrations, id queries, outbox. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "chorus-facturx.h"
#include "chorus-store-private.h"

G_DEFINE_QUARK (chorus-store-error-quark, chorus_store_error)

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
};

/* Sort expressions, indexed by ChorusSortColumn; each has an index (direction, column, group). */
static const char *const sort_columns[CHORUS_SORT_LAST] = {
  [CHORUS_SORT_RECIPIENT] = "recipient_name",
  [CHORUS_SORT_SUPPLIER_TYPE] = "supplier_id_type",
  [CHORUS_SORT_SUPPLIER] = "supplier_name",
  [CHORUS_SORT_NUMBER] = "number",
  [CHORUS_SORT_INVOICE_DATE] = "invoice_date",
  [CHORUS_SORT_DEPOSIT_DATE] = "deposit_date",
  [CHORUS_SORT_AMOUNT_HT] = "amount_ht",
  [CHORUS_SORT_AMOUNT_TTC] = "amount_ttc",
  [CHORUS_SORT_AMOUNT_TO_PAY] = "amount_to_pay",
  [CHORUS_SORT_STATUS] = "status",
  [CHORUS_SORT_SERVICE] = "service_name",
  [CHORUS_SORT_SIRET] = "supplier_code",
  [CHORUS_SORT_ENGAGEMENT] = "engagement_number",
  [CHORUS_SORT_INTERNAL_REFERENCE] = "internal_reference",
  [CHORUS_SORT_GESTIONNAIRE] = "gestionnaire",
  [CHORUS_SORT_DAYS_LEFT] = "deposit_date",
};

/* Column <-> ChorusInvoice accessors, generated from the invoice's own field lists. */
typedef struct {
  const char  *name;
  const char *(*get) (ChorusInvoice *self);
  void        (*set) (ChorusInvoice *self, const char *value);
} StringColumn;

typedef struct {
  const char *name;
  gint64    (*get) (ChorusInvoice *self);
  void      (*set) (ChorusInvoice *self, gint64 value);
} IntColumn;

#define STRING_COLUMN(n) { #n, chorus_invoice_get_##n, chorus_invoice_set_##n },
#define INT_COLUMN(n) { #n, chorus_invoice_get_##n, chorus_invoice_set_##n },
static const StringColumn string_columns[] = { CHORUS_INVOICE_STRING_FIELDS (STRING_COLUMN) };
static const IntColumn int_columns[] = { CHORUS_INVOICE_INT_FIELDS (INT_COLUMN) };
#undef STRING_COLUMN
#undef INT_COLUMN

/* Columns the user owns: a sync never writes them. */
static gboolean
is_local_column (const char *name)
{
  return g_str_equal (name, "gestionnaire") || g_str_equal (name, "internal_reference") ||
         g_str_equal (name, "notes");
}

/* Columns that follow the status and stay optimistic while an action is open. */
static gboolean
is_status_column (const char *name)
{
  return g_str_equal (name, "status_date") || g_str_equal (name, "status_comment");
}

/* The list search always sends these; everything else may be missing from a list page. */
static gboolean
is_always_sent_int (const char *name)
{
  return g_str_equal (name, "amount_ht") || g_str_equal (name, "amount_ttc") ||
         g_str_equal (name, "amount_to_pay");
}

/* Enum columns after the string and int ones, in this order. */
#define ENUM_COLUMNS "direction, status, invoice_type, cadre, supplier_id_type, vat_type, downloaded"
#define N_ENUM_COLUMNS 7

typedef struct {
  sqlite3    *db;
  GMutex      lock;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt, owned */
  GHashTable *by_address;   /* SQL that lives as long as the store (literals) -> the same stmt */
} Connection;

struct _ChorusStore
{
  GObject     parent_instance;

  char       *dir;
  char       *files_dir;
  Connection  writer;
  Connection  reader;       /* WAL: queries never wait for the sync's transactions */
  char       *select_by_id_sql;
  char       *upsert_sql;
  char       *detail_sql;
};

G_DEFINE_FINAL_TYPE (ChorusStore, chorus_store, G_TYPE_OBJECT)

/* Boxed helper types ------------------------------------------------------------------------- */

ChorusAction *
chorus_action_copy (const ChorusAction *action)
{
  ChorusAction *copy = g_memdup2 (action, sizeof *action);

  copy->previous_comment = g_strdup (action->previous_comment);
  copy->motif = g_strdup (action->motif);
  copy->mandate_number = g_strdup (action->mandate_number);
  copy->message = g_strdup (action->message);
  copy->payload = g_strdup (action->payload);
  copy->result = g_strdup (action->result);
  return copy;
}

void
chorus_action_free (ChorusAction *action)
{
  if (action == NULL)
    return;
  g_free (action->previous_comment);
  g_free (action->motif);
  g_free (action->mandate_number);
  g_free (action->message);
  g_free (action->payload);
  g_free (action->result);
  g_free (action);
}

G_DEFINE_BOXED_TYPE (ChorusAction, chorus_action, chorus_action_copy, chorus_action_free)

/* Filters -------------------------------------------------------------------------------------- */

void
chorus_invoice_filter_init (ChorusInvoiceFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->direction = CHORUS_DIRECTION_RECEIVED;
  filter->group = CHORUS_STATUS_GROUP_ALL;
  filter->supplier_type = CHORUS_ID_TYPE_UNKNOWN;
  filter->amount_min = -1;
  filter->amount_max = -1;
}

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

char *
chorus_invoice_filter_serialize (const ChorusInvoiceFilter *filter)
{
  g_autoptr(GVariant) variant = NULL;
  GVariantBuilder builder;

  g_return_val_if_fail (filter != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "direction",
                         g_variant_new_string (filter->direction == CHORUS_DIRECTION_ISSUED ? "issued" : "received"));
  if (filter->group != CHORUS_STATUS_GROUP_ALL)
    g_variant_builder_add (&builder, "{sv}", "group", g_variant_new_int32 (filter->group));
  if (filter->supplier_type != CHORUS_ID_TYPE_UNKNOWN)
    g_variant_builder_add (&builder, "{sv}", "supplier_type",
                           g_variant_new_string (chorus_id_type_to_api (filter->supplier_type)));
#define ADD_STRING(field) \
  if (is_set (filter->field)) \
    g_variant_builder_add (&builder, "{sv}", #field, g_variant_new_string (filter->field));
  ADD_STRING (date_from)
  ADD_STRING (date_to)
  ADD_STRING (supplier_contains)
  ADD_STRING (gestionnaire)
  ADD_STRING (service_code)
  ADD_STRING (text)
#undef ADD_STRING
  if (filter->amount_min >= 0)
    g_variant_builder_add (&builder, "{sv}", "amount_min", g_variant_new_int64 (filter->amount_min));
  if (filter->amount_max >= 0)
    g_variant_builder_add (&builder, "{sv}", "amount_max", g_variant_new_int64 (filter->amount_max));
  variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return g_variant_print (variant, TRUE);
}

gboolean
chorus_invoice_filter_deserialize (const char           *text,
                                   ChorusInvoiceFilter  *filter,
                                   GError              **error)
{
  g_autoptr(GVariant) variant = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
  if (variant == NULL)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID,
                   _("The saved filter is damaged and cannot be read."));
      return FALSE;
    }

  chorus_invoice_filter_init (filter);
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean is_string = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING);
      const char *str = is_string ? g_variant_get_string (value, NULL) : NULL;

      if (g_str_equal (key, "direction") && is_string)
        filter->direction = g_str_equal (str, "issued") ? CHORUS_DIRECTION_ISSUED : CHORUS_DIRECTION_RECEIVED;
      else if (g_str_equal (key, "group") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
        {
          gint32 group = g_variant_get_int32 (value);
          filter->group = group >= 0 && group < CHORUS_STATUS_GROUP_LAST ? (ChorusStatusGroup) group
                                                                         : CHORUS_STATUS_GROUP_ALL;
        }
      else if (g_str_equal (key, "supplier_type") && is_string)
        filter->supplier_type = chorus_id_type_from_api (str);
      else if (g_str_equal (key, "amount_min") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        filter->amount_min = g_variant_get_int64 (value);
      else if (g_str_equal (key, "amount_max") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        filter->amount_max = g_variant_get_int64 (value);
#define GET_STRING(field) \
      else if (g_str_equal (key, #field) && is_string) \
        filter->field = g_intern_string (str);
      GET_STRING (date_from)
      GET_STRING (date_to)
      GET_STRING (supplier_contains)
      GET_STRING (gestionnaire)
      GET_STRING (service_code)
      GET_STRING (text)
#undef GET_STRING
      /* Unknown keys come from newer versions: ignore them. */
    }
  return TRUE;
}

char *
chorus_store_fts_query (const char *text)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) query = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  words = g_strsplit_set (text, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_word_char = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          has_word_char = TRUE;
      if (!has_word_char || !g_utf8_validate (words[i], -1, NULL))
        continue;

      /* Each word is a quoted phrase matched as a prefix; quotes are doubled inside. */
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }
  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* SQLite plumbing ----------------------------------------------------------------------------- */

static void
set_sql_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_SQL,
               /* Translators: %s is the operation, then SQLite's own message */
               _("The local invoice database failed (%s): %s"), what, sqlite3_errmsg (db));
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* A cached statement, reset and unbound. The connection's lock must be held. */
static sqlite3_stmt *
prepare (Connection *conn, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, conn->db, "prepare");
      return NULL;
    }
  g_hash_table_insert (conn->statements, g_strdup (sql), stmt);
  return stmt;
}

/* prepare() for SQL whose address stays valid while the store lives (literals, the store's own
 * SQL): found by address. The upsert is 3 kB; hashing it per row showed in profiles. */
static sqlite3_stmt *
prepare_static (Connection *conn, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->by_address, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = prepare (conn, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (conn->by_address, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec (Connection *conn, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (conn->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_SQL,
                   _("The local invoice database failed (%s): %s"), "exec",
                   message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
begin (Connection *conn, GError **error)
{
  return exec (conn, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (Connection *conn, GError **error)
{
  return exec (conn, "COMMIT", error);
}

static void
rollback (Connection *conn)
{
  if (!sqlite3_get_autocommit (conn->db))
    sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
step_done (Connection *conn, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sql_error (error, conn->db, "step");
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_named_text (sqlite3_stmt *stmt, const char *name, const char *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    bind_text (stmt, index, text);
}

static void
bind_named_int (sqlite3_stmt *stmt, const char *name, gint64 value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

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
}

static gboolean
connection_open (Connection *conn, const char *path, gboolean read_only, GError **error)
{
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  g_mutex_init (&conn->lock);
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  conn->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (sqlite3_open_v2 (path, &conn->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                   _("Could not open the local invoice database “%s”: %s"), path,
                   conn->db != NULL ? sqlite3_errmsg (conn->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (conn->db, 10000);
  chorus_store_register_functions (conn->db);
  return exec (conn, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;", error);
}

static void
connection_close (Connection *conn)
{
  g_clear_pointer (&conn->by_address, g_hash_table_unref);
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  if (conn->db != NULL)
    sqlite3_close (conn->db);
  conn->db = NULL;
  g_mutex_clear (&conn->lock);
}

guint
chorus_store_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
chorus_store_migration_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);
  return migrations[version - 1];
}

static gboolean
migrate (Connection *conn, GError **error)
{
  sqlite3_stmt *stmt;
  int version = 0;

  if (sqlite3_prepare_v2 (conn->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, conn->db, "user_version");
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

      if (!begin (conn, error))
        return FALSE;
      if (!exec (conn, migrations[v - 1], error) || !exec (conn, bump, error) || !commit (conn, error))
        {
          rollback (conn);
          g_prefix_error (error, _("Could not update the local invoice database to version %u: "), v);
          return FALSE;
        }
    }
  return TRUE;
}

/* The parameter index of the id column in upsert_sql/detail_sql: first int after server strings. */
static int
id_parameter (void)
{
  return 1 + (int) (G_N_ELEMENTS (string_columns) - 3);
}

/* SQL built once from the column tables. */
static void
build_sql (ChorusStore *self)
{
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) update = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new ("UPDATE invoices SET detail_fetched = 1");
  const char *keep_if_open = "EXISTS (SELECT 1 FROM outbox WHERE invoice_id = excluded.id AND state < 2 AND kind = 0)";
  const char *keep_if_open_detail = "EXISTS (SELECT 1 FROM outbox WHERE outbox.invoice_id = invoices.id AND outbox.state < 2 AND outbox.kind = 0)";
  int param = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    g_string_append_printf (select, "%s, ", string_columns[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    g_string_append_printf (select, "%s, ", int_columns[i].name);
  g_string_append (select, ENUM_COLUMNS " FROM invoices");

  /* Upsert: parameters in the order of the tables, then the enum columns. */
  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    {
      const char *name = string_columns[i].name;

      if (is_local_column (name))
        continue;
      param++;
      g_string_append_printf (columns, "%s, ", name);
      g_string_append_printf (values, "?%d, ", param);
      if (is_status_column (name))
        g_string_append_printf (update, "%s = CASE WHEN %s THEN %s ELSE excluded.%s END, ",
                                name, keep_if_open, name, name);
      else
        /* A list page lacks detail fields: never erase what a consultation brought. */
        g_string_append_printf (update, "%s = coalesce (excluded.%s, %s), ", name, name, name);
      if (is_status_column (name))
        g_string_append_printf (detail, ", %s = CASE WHEN %s THEN %s ELSE ?%d END",
                                name, keep_if_open_detail, name, param);
      else
        g_string_append_printf (detail, ", %s = ?%d", name, param);
    }
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    {
      const char *name = int_columns[i].name;

      param++;
      g_string_append_printf (columns, "%s, ", name);
      g_string_append_printf (values, "?%d, ", param);
      if (g_str_equal (name, "id"))
        continue;
      if (is_always_sent_int (name))
        g_string_append_printf (update, "%s = excluded.%s, ", name, name);
      else
        g_string_append_printf (update, "%s = CASE WHEN excluded.%s <> 0 THEN excluded.%s ELSE %s END, ",
                                name, name, name, name);
      g_string_append_printf (detail, ", %s = ?%d", name, param);
    }
  g_string_append (columns, ENUM_COLUMNS ", status_group");
  g_string_append_printf (values, "?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d",
                          param + 1, param + 2, param + 3, param + 4, param + 5, param + 6,
                          param + 7, param + 8);
  g_string_append_printf (update,
                          /* Received and issued by the account's own structures: listed once, as
                           * received, where it can be processed. */
                          "direction = min (direction, excluded.direction), "
                          "status = CASE WHEN %s THEN status ELSE excluded.status END, "
                          "status_group = CASE WHEN %s THEN status_group ELSE excluded.status_group END, "
                          "invoice_type = coalesce (excluded.invoice_type, invoice_type), "
                          "cadre = coalesce (excluded.cadre, cadre), "
                          "supplier_id_type = coalesce (excluded.supplier_id_type, supplier_id_type), "
                          "vat_type = coalesce (excluded.vat_type, vat_type), "
                          "downloaded = excluded.downloaded",
                          keep_if_open, keep_if_open);
  g_string_append_printf (detail,
                          ", direction = min (direction, ?%d)"
                          ", status = CASE WHEN %s THEN status ELSE ?%d END"
                          ", invoice_type = ?%d, cadre = ?%d, supplier_id_type = ?%d, vat_type = ?%d"
                          ", downloaded = ?%d"
                          ", status_group = CASE WHEN %s THEN status_group ELSE ?%d END"
                          " WHERE id = ?%d",
                          param + 1, keep_if_open_detail, param + 2, param + 3, param + 4, param + 5,
                          param + 6, param + 7, keep_if_open_detail, param + 8, id_parameter ());

  g_string_append (select, " WHERE id = ?");
  self->select_by_id_sql = g_string_free (g_steal_pointer (&select), FALSE);
  self->upsert_sql = g_strdup_printf ("INSERT INTO invoices (%s) VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                                      columns->str, values->str, update->str);
  self->detail_sql = g_string_free (g_steal_pointer (&detail), FALSE);
}

/* Binds the invoice in the parameter order of build_sql(). */
static void
bind_invoice (sqlite3_stmt *stmt, ChorusInvoice *invoice)
{
  ChorusStatus status = chorus_invoice_get_status (invoice);
  int param = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    if (!is_local_column (string_columns[i].name))
      bind_text (stmt, ++param, string_columns[i].get (invoice));
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    sqlite3_bind_int64 (stmt, ++param, int_columns[i].get (invoice));
  sqlite3_bind_int (stmt, ++param, chorus_invoice_get_direction (invoice));
  bind_text (stmt, ++param, chorus_status_to_api (status));
  bind_text (stmt, ++param, chorus_invoice_type_to_api (chorus_invoice_get_invoice_type (invoice)));
  bind_text (stmt, ++param, chorus_cadre_to_api (chorus_invoice_get_cadre (invoice)));
  bind_text (stmt, ++param, chorus_id_type_to_api (chorus_invoice_get_supplier_id_type (invoice)));
  bind_text (stmt, ++param, chorus_vat_type_to_api (chorus_invoice_get_vat_type (invoice)));
  sqlite3_bind_int (stmt, ++param, chorus_invoice_get_downloaded (invoice) ? 1 : 0);
  sqlite3_bind_int (stmt, ++param, chorus_status_get_group (status));
}

static ChorusInvoice *
invoice_from_row (sqlite3_stmt *stmt)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  int col = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++, col++)
    string_columns[i].set (invoice, column_text (stmt, col));
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++, col++)
    int_columns[i].set (invoice, sqlite3_column_int64 (stmt, col));
  chorus_invoice_set_direction (invoice, sqlite3_column_int (stmt, col++) == CHORUS_DIRECTION_ISSUED
                                           ? CHORUS_DIRECTION_ISSUED : CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_status (invoice, chorus_status_from_api (column_text (stmt, col++)));
  chorus_invoice_set_invoice_type (invoice, chorus_invoice_type_from_api (column_text (stmt, col++)));
  chorus_invoice_set_cadre (invoice, chorus_cadre_from_api (column_text (stmt, col++)));
  chorus_invoice_set_supplier_id_type (invoice, chorus_id_type_from_api (column_text (stmt, col++)));
  chorus_invoice_set_vat_type (invoice, chorus_vat_type_from_api (column_text (stmt, col++)));
  chorus_invoice_set_downloaded (invoice, sqlite3_column_int (stmt, col++) != 0);
  g_assert (col == (int) (G_N_ELEMENTS (string_columns) + G_N_ELEMENTS (int_columns)) + N_ENUM_COLUMNS);
  return invoice;
}

/* Object --------------------------------------------------------------------------------------- */

static gboolean end_bulk_load_locked (ChorusStore *self, GError **error);
static char *get_state_locked (Connection *conn, const char *key);
static gboolean set_state_locked (ChorusStore *self, const char *key, const char *value, GError **error);

static void
chorus_store_finalize (GObject *object)
{
  ChorusStore *self = CHORUS_STORE (object);

  connection_close (&self->reader);
  connection_close (&self->writer);
  g_free (self->dir);
  g_free (self->files_dir);
  g_free (self->select_by_id_sql);
  g_free (self->upsert_sql);
  g_free (self->detail_sql);

  G_OBJECT_CLASS (chorus_store_parent_class)->finalize (object);
}

static void
chorus_store_class_init (ChorusStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_store_finalize;
}

static void
chorus_store_init (ChorusStore *self)
{
}

ChorusStore *
chorus_store_open (const char *dir, GError **error)
{
  g_autoptr(ChorusStore) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CHORUS_TYPE_STORE, NULL);
  self->dir = g_strdup (dir);
  self->files_dir = g_build_filename (dir, "files", NULL);
  if (g_mkdir_with_parents (self->files_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), self->files_dir, g_strerror (saved_errno));
      return NULL;
    }
  path = g_build_filename (dir, "chorus.db", NULL);
  build_sql (self);

  if (!connection_open (&self->writer, path, FALSE, error) ||
      !exec (&self->writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
             /* A sync touches every index: keep them in memory. */
             " PRAGMA cache_size = -65536; PRAGMA secure_delete = FAST; PRAGMA temp_store = MEMORY;", error) ||
      !migrate (&self->writer, error) ||
      !end_bulk_load_locked (self, error) ||
      !connection_open (&self->reader, path, TRUE, error) ||
      /* Filtered queries look rows up at random: map the file instead of reading pages. */
      !exec (&self->reader, "PRAGMA mmap_size = 1073741824;", error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
chorus_store_get_dir (ChorusStore *self)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  return self->dir;
}

/* Queries -------------------------------------------------------------------------------------- */

/* WHERE clause with named parameters; bind_filter() gives their values. */
static void
append_where (GString *sql, const ChorusInvoiceFilter *filter, gboolean with_group)
{
  g_autofree char *fts = chorus_store_fts_query (filter->text);

  g_string_append (sql, " WHERE direction = :direction");
  if (with_group && filter->group != CHORUS_STATUS_GROUP_ALL)
    g_string_append (sql, " AND status_group = :group");
  if (is_set (filter->date_from))
    g_string_append (sql, " AND invoice_date >= :date_from");
  if (is_set (filter->date_to))
    g_string_append (sql, " AND invoice_date <= :date_to");
  if (filter->supplier_type != CHORUS_ID_TYPE_UNKNOWN)
    g_string_append (sql, " AND supplier_id_type = :supplier_type");
  if (is_set (filter->supplier_contains))
    g_string_append (sql, " AND supplier_name IN (SELECT name FROM supplier_names"
                          " WHERE name LIKE :supplier ESCAPE '\\')");
  if (is_set (filter->gestionnaire))
    g_string_append (sql, " AND gestionnaire = :gestionnaire");
  if (is_set (filter->service_code))
    g_string_append (sql, " AND service_code = :service_code");
  if (filter->amount_min >= 0)
    g_string_append (sql, " AND amount_ttc >= :amount_min");
  if (filter->amount_max >= 0)
    g_string_append (sql, " AND amount_ttc <= :amount_max");
  if (fts != NULL)
    g_string_append (sql, " AND id IN (SELECT rowid FROM invoices_fts WHERE invoices_fts MATCH :text)");
}

static void
bind_filter (sqlite3_stmt *stmt, const ChorusInvoiceFilter *filter)
{
  g_autofree char *fts = chorus_store_fts_query (filter->text);

  bind_named_int (stmt, ":direction", filter->direction);
  bind_named_int (stmt, ":group", filter->group);
  bind_named_text (stmt, ":date_from", filter->date_from);
  bind_named_text (stmt, ":date_to", filter->date_to);
  bind_named_text (stmt, ":supplier_type", chorus_id_type_to_api (filter->supplier_type));
  if (is_set (filter->supplier_contains))
    {
      g_autoptr(GString) pattern = g_string_new ("%");

      for (const char *p = filter->supplier_contains; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      bind_named_text (stmt, ":supplier", pattern->str);
    }
  bind_named_text (stmt, ":gestionnaire", filter->gestionnaire);
  bind_named_text (stmt, ":service_code", filter->service_code);
  bind_named_int (stmt, ":amount_min", filter->amount_min);
  bind_named_int (stmt, ":amount_max", filter->amount_max);
  bind_named_text (stmt, ":text", fts);
}

static gboolean
has_narrowing_filter (const ChorusInvoiceFilter *filter)
{
  g_autofree char *fts = chorus_store_fts_query (filter->text);

  return fts != NULL || is_set (filter->supplier_contains) || is_set (filter->gestionnaire) ||
         is_set (filter->service_code) || is_set (filter->date_from) || is_set (filter->date_to) ||
         filter->supplier_type != CHORUS_ID_TYPE_UNKNOWN || filter->amount_min >= 0 || filter->amount_max >= 0;
}

static char *
ids_sql (const ChorusInvoiceFilter *filter, ChorusSortColumn sort, gboolean descending)
{
  GString *sql = g_string_new ("SELECT id FROM invoices");
  const char *dir = descending ? " DESC" : "";

  append_where (sql, filter, TRUE);
  /* Ties broken by group then id: exactly the order of the (direction, column, group) index.
   * With a narrowing filter, "+" keeps SQLite from walking the sort index and looking up every
   * row: it starts from the filter's index (or FTS) and sorts the few rows left. */
  g_string_append_printf (sql, " ORDER BY %s%s%s, status_group%s, id%s", has_narrowing_filter (filter) ? "+" : "",
                          sort_columns[sort], dir, dir, dir);
  return g_string_free (sql, FALSE);
}

GArray *
chorus_store_query_ids (ChorusStore               *self,
                        const ChorusInvoiceFilter *filter,
                        ChorusSortColumn           sort,
                        gboolean                   descending,
                        GError                   **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (sort < CHORUS_SORT_LAST, NULL);

  sql = ids_sql (filter, sort, descending);
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare (&self->reader, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, self->reader.db, "query");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

char *
chorus_store_query_sql (ChorusStore               *self,
                        const ChorusInvoiceFilter *filter,
                        ChorusSortColumn           sort,
                        gboolean                   descending)
{
  g_autofree char *sql = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  char *expanded;
  char *result;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  sql = ids_sql (filter, sort, descending);
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare (&self->reader, sql, NULL);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  expanded = sqlite3_expanded_sql (stmt);
  result = g_strdup (expanded);
  sqlite3_free (expanded);
  return result;
}

gboolean
chorus_store_count_groups (ChorusStore               *self,
                           const ChorusInvoiceFilter *filter,
                           guint                      counts[CHORUS_STATUS_GROUP_LAST],
                           GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT status_group, count(*) FROM invoices");
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  append_where (sql, filter, FALSE);
  /* Grouping by status first follows the status index: no temporary b-tree. */
  g_string_append (sql, " GROUP BY status, status_group");
  memset (counts, 0, sizeof (guint) * CHORUS_STATUS_GROUP_LAST);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare (&self->reader, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int group = sqlite3_column_int (stmt, 0);
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      counts[CHORUS_STATUS_GROUP_ALL] += n;
      if (group > CHORUS_STATUS_GROUP_ALL && group < CHORUS_STATUS_GROUP_LAST)
        counts[group] += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, self->reader.db, "count");
      return FALSE;
    }
  return TRUE;
}

gint64
chorus_store_count_invoices (ChorusStore *self, ChorusDirection direction)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gint64 count = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT count(*) FROM invoices WHERE direction = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, direction);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static ChorusInvoice *
load_row (ChorusStore *self, Connection *conn, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = prepare_static (conn, self->select_by_id_sql, error);
  ChorusInvoice *invoice = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    invoice = invoice_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                 _("Invoice %lld is not in the local database."), (long long) id);
  else
    set_sql_error (error, conn->db, "load");
  sqlite3_reset (stmt);
  return invoice;
}

GPtrArray *
chorus_store_load_invoices (ChorusStore   *self,
                            const gint64  *ids,
                            guint          n_ids,
                            GError       **error)
{
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  invoices = g_ptr_array_new_full (n_ids, g_object_unref);
  locker = g_mutex_locker_new (&self->reader.lock);
  /* One read transaction: the page is a consistent snapshot. */
  if (!exec (&self->reader, "BEGIN", error))
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      ChorusInvoice *invoice = load_row (self, &self->reader, ids[i], error);

      if (invoice == NULL)
        {
          rollback (&self->reader);
          return NULL;
        }
      g_ptr_array_add (invoices, invoice);
    }
  exec (&self->reader, "COMMIT", NULL);
  return g_steal_pointer (&invoices);
}

/* Separators dropped and case folded on both sides; leading zeros are left to the exact comparison. */
#define COMPACT_NUMBER_SQL(x) \
  "replace(replace(replace(replace(replace(lower(" x "), ' ', ''), '-', ''), '/', ''), '.', ''), '_', '')"

GPtrArray *
chorus_store_find_duplicate_candidates (ChorusStore    *self,
                                        ChorusInvoice  *invoice,
                                        GError        **error)
{
  static const char sql[] =
    "SELECT id FROM invoices WHERE direction = ?1 AND supplier_code = ?2 AND id <> ?3"
    " AND (amount_ttc = ?4 OR number = ?5 OR " COMPACT_NUMBER_SQL ("number") " = " COMPACT_NUMBER_SQL ("?5")
    "      OR (?6 IS NOT NULL AND invoice_date BETWEEN ?6 AND ?7))"
    " LIMIT 500";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *supplier;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);

  supplier = chorus_invoice_get_supplier_code (invoice);
  if (supplier == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  chorus_facturx_duplicate_window (invoice, &from, &to);

  {
    sqlite3_stmt *stmt;
    int rc;

    g_mutex_lock (&self->reader.lock);
    stmt = prepare_static (&self->reader, sql, error);
    if (stmt == NULL)
      {
        g_mutex_unlock (&self->reader.lock);
        return NULL;
      }
    sqlite3_bind_int (stmt, 1, chorus_invoice_get_direction (invoice));
    sqlite3_bind_text (stmt, 2, supplier, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, chorus_invoice_get_id (invoice));
    sqlite3_bind_int64 (stmt, 4, chorus_invoice_get_amount_ttc (invoice));
    sqlite3_bind_text (stmt, 5, chorus_invoice_get_number (invoice), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 6, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 7, to, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      set_sql_error (error, self->reader.db, "duplicates");
    sqlite3_reset (stmt);
    g_mutex_unlock (&self->reader.lock);
    if (rc != SQLITE_DONE)
      return NULL;
  }
  return chorus_store_load_invoices (self, (const gint64 *) (gpointer) ids->data, ids->len, error);
}

typedef gpointer (*RowReader) (sqlite3_stmt *stmt);

/* Runs one of the detail queries (one parameter: the invoice id) and builds an element per row. */
static GPtrArray *
load_detail_rows (Connection     *conn,
                  const char     *sql,
                  gint64          id,
                  GDestroyNotify  free_func,
                  RowReader       read_row)
{
  sqlite3_stmt *stmt = prepare_static (conn, sql, NULL);
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_func);

  if (stmt == NULL)
    return rows;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  return rows;
}

static gpointer
read_line_row (sqlite3_stmt *stmt)
{
  ChorusInvoiceLine *line = g_new0 (ChorusInvoiceLine, 1);

  line->number = sqlite3_column_int (stmt, 0);
  line->reference = g_strdup (column_text (stmt, 1));
  line->label = g_strdup (column_text (stmt, 2));
  line->quantity = sqlite3_column_double (stmt, 3);
  line->unit = g_strdup (column_text (stmt, 4));
  line->unit_price_ht = sqlite3_column_int64 (stmt, 5);
  line->discount_ht = sqlite3_column_int64 (stmt, 6);
  line->vat_rate_code = g_strdup (column_text (stmt, 7));
  line->vat_rate = sqlite3_column_double (stmt, 8);
  line->total_ht = sqlite3_column_int64 (stmt, 9);
  return line;
}

static gpointer
read_vat_line_row (sqlite3_stmt *stmt)
{
  ChorusVatLine *line = g_new0 (ChorusVatLine, 1);

  line->rate_code = g_strdup (column_text (stmt, 0));
  line->rate = sqlite3_column_double (stmt, 1);
  line->base_ht = sqlite3_column_int64 (stmt, 2);
  line->vat_amount = sqlite3_column_int64 (stmt, 3);
  return line;
}

static gpointer
read_history_row (sqlite3_stmt *stmt)
{
  ChorusStatusEvent *event = g_new0 (ChorusStatusEvent, 1);

  event->status = chorus_status_from_api (column_text (stmt, 0));
  event->date = g_strdup (column_text (stmt, 1));
  event->comment = g_strdup (column_text (stmt, 2));
  event->user = g_strdup (column_text (stmt, 3));
  return event;
}

static gpointer
read_attachment_row (sqlite3_stmt *stmt)
{
  ChorusAttachment *attachment = g_new0 (ChorusAttachment, 1);

  attachment->id = sqlite3_column_int64 (stmt, 0);
  attachment->name = g_strdup (column_text (stmt, 1));
  attachment->extension = g_strdup (column_text (stmt, 2));
  attachment->type_code = g_strdup (column_text (stmt, 3));
  attachment->is_main = sqlite3_column_int (stmt, 4) != 0;
  return attachment;
}

static GPtrArray *
load_lines (Connection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT number, reference, label, quantity, unit, unit_price_ht,"
                           " discount_ht, vat_rate_code, vat_rate, total_ht FROM invoice_lines"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_invoice_line_free, read_line_row);
}

static GPtrArray *
load_vat_lines (Connection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT rate_code, rate, base_ht, vat_amount FROM vat_lines"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_vat_line_free, read_vat_line_row);
}

static GPtrArray *
load_history (Connection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT status, date, comment, user FROM status_history"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_status_event_free, read_history_row);
}

static GPtrArray *
load_attachments (Connection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT id, name, extension, type_code, is_main FROM attachments"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_attachment_free, read_attachment_row);
}

static gboolean
has_detail_locked (Connection *conn, gint64 id)
{
  sqlite3_stmt *stmt = prepare_static (conn, "SELECT detail_fetched FROM invoices WHERE id = ?", NULL);
  gboolean fetched = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    fetched = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return fetched;
}

gboolean
chorus_store_has_detail (ChorusStore *self, gint64 id)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->reader.lock);
  return has_detail_locked (&self->reader, id);
}

ChorusInvoice *
chorus_store_load_invoice (ChorusStore *self, gint64 id, GError **error)
{
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  if (!exec (&self->reader, "BEGIN", error))
    return NULL;
  invoice = load_row (self, &self->reader, id, error);
  if (invoice != NULL && has_detail_locked (&self->reader, id))
    {
      g_autoptr(GPtrArray) lines = load_lines (&self->reader, id);
      g_autoptr(GPtrArray) vat_lines = load_vat_lines (&self->reader, id);
      g_autoptr(GPtrArray) history = load_history (&self->reader, id);
      g_autoptr(GPtrArray) attachments = load_attachments (&self->reader, id);

      chorus_invoice_set_lines (invoice, lines);
      chorus_invoice_set_vat_lines (invoice, vat_lines);
      chorus_invoice_set_history (invoice, history);
      chorus_invoice_set_attachments (invoice, attachments);
    }
  exec (&self->reader, "COMMIT", NULL);
  return g_steal_pointer (&invoice);
}

/* Bulk load ------------------------------------------------------------------------------------ */

#define BULK_DDL_KEY "bulk-load-ddl"
#define BULK_DDL_SEPARATOR "\x1e"


gboolean
chorus_store_begin_bulk_load (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) ddl = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *pending = NULL;
  sqlite3_stmt *stmt;
  gboolean empty;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  pending = get_state_locked (&self->writer, BULK_DDL_KEY);
  if (pending != NULL)
    return FALSE;
  if (!begin (&self->writer, error))
    return FALSE;
  stmt = prepare_static (&self->writer, "SELECT NOT EXISTS (SELECT 1 FROM invoices)", error);
  if (stmt == NULL)
    goto fail;
  empty = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (!empty)
    {
      rollback (&self->writer);
      return FALSE;
    }

  stmt = prepare_static (&self->writer, "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'invoices'"
                         " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name", error);
  if (stmt == NULL)
    goto fail;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (ddl, g_strdup (column_text (stmt, 2)));
      g_ptr_array_add (drops, g_strdup_printf ("DROP %s %s", column_text (stmt, 0), column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  g_ptr_array_add (ddl, NULL);
  joined = g_strjoinv (BULK_DDL_SEPARATOR, (char **) ddl->pdata);
  /* The SQL to restore goes in with the drops: a crash leaves either both or neither. */
  if (!set_state_locked (self, BULK_DDL_KEY, joined, error))
    goto fail;
  for (guint i = 0; i < drops->len; i++)
    if (!exec (&self->writer, g_ptr_array_index (drops, i), error))
      goto fail;
  if (!commit (&self->writer, error))
    goto fail;
  return TRUE;

fail:
  rollback (&self->writer);
  return FALSE;
}

static gboolean
end_bulk_load_locked (ChorusStore *self, GError **error)
{
  g_autofree char *joined = get_state_locked (&self->writer, BULK_DDL_KEY);
  g_auto(GStrv) ddl = NULL;

  if (joined == NULL)
    return TRUE;
  ddl = g_strsplit (joined, BULK_DDL_SEPARATOR, -1);
  if (!begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; ddl[i] != NULL; i++)
    if (ddl[i][0] != '\0' && !exec (&self->writer, ddl[i], error))
      goto fail;
  if (!exec (&self->writer,
             "INSERT INTO invoices_fts (invoices_fts) VALUES ('rebuild');"
             "INSERT OR IGNORE INTO supplier_names SELECT supplier_name FROM invoices"
             " WHERE supplier_name IS NOT NULL;", error) ||
      !set_state_locked (self, BULK_DDL_KEY, NULL, error) ||
      !commit (&self->writer, error))
    goto fail;
  /* Fresh statistics for the planner: the table went from empty to full. */
  return exec (&self->writer, "ANALYZE", error);

fail:
  rollback (&self->writer);
  return FALSE;
}

gboolean
chorus_store_end_bulk_load (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return end_bulk_load_locked (self, error);
}

/* Writes --------------------------------------------------------------------------------------- */

static gboolean
upsert_locked (ChorusStore *self, ChorusInvoice *invoice, GError **error)
{
  sqlite3_stmt *stmt = prepare_static (&self->writer, self->upsert_sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_invoice (stmt, invoice);
  return step_done (&self->writer, stmt, error);
}

static gboolean
set_state_locked (ChorusStore *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    stmt = prepare_static (&self->writer, "DELETE FROM state WHERE key = ?", error);
  else
    stmt = prepare_static (&self->writer, "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  if (value != NULL)
    bind_text (stmt, 2, value);
  return step_done (&self->writer, stmt, error);
}

gboolean
chorus_store_upsert_invoices_with_state (ChorusStore  *self,
                                         GPtrArray    *invoices,
                                         const char   *key,
                                         const char   *value,
                                         GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoices != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < invoices->len; i++)
    if (!upsert_locked (self, g_ptr_array_index (invoices, i), error))
      goto fail;
  if (key != NULL && !set_state_locked (self, key, value, error))
    goto fail;
  if (commit (&self->writer, error))
    return TRUE;
fail:
  rollback (&self->writer);
  return FALSE;
}

gboolean
chorus_store_upsert_invoices (ChorusStore  *self,
                              GPtrArray    *invoices,
                              GError      **error)
{
  return chorus_store_upsert_invoices_with_state (self, invoices, NULL, NULL, error);
}

static gboolean
run_with_id (Connection *conn, const char *sql, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = prepare_static (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (conn, stmt, error);
}

typedef void (*RowBinder) (sqlite3_stmt *stmt, gconstpointer element);

/* Inserts one row per element: parameters 1 and 2 are the invoice id and the element's position,
 * @bind_row binds the rest. */
static gboolean
save_detail_rows (Connection  *conn,
                  const char  *sql,
                  gint64       id,
                  GPtrArray   *elements,
                  RowBinder    bind_row,
                  GError     **error)
{
  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      sqlite3_stmt *stmt = prepare_static (conn, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_row (stmt, g_ptr_array_index (elements, i));
      if (!step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_line_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusInvoiceLine *line = element;

  sqlite3_bind_int (stmt, 3, line->number);
  bind_text (stmt, 4, line->reference);
  bind_text (stmt, 5, line->label);
  sqlite3_bind_double (stmt, 6, line->quantity);
  bind_text (stmt, 7, line->unit);
  sqlite3_bind_int64 (stmt, 8, line->unit_price_ht);
  sqlite3_bind_int64 (stmt, 9, line->discount_ht);
  bind_text (stmt, 10, line->vat_rate_code);
  sqlite3_bind_double (stmt, 11, line->vat_rate);
  sqlite3_bind_int64 (stmt, 12, line->total_ht);
}

static void
bind_vat_line_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusVatLine *line = element;

  bind_text (stmt, 3, line->rate_code);
  sqlite3_bind_double (stmt, 4, line->rate);
  sqlite3_bind_int64 (stmt, 5, line->base_ht);
  sqlite3_bind_int64 (stmt, 6, line->vat_amount);
}

static void
bind_history_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusStatusEvent *event = element;

  bind_text (stmt, 3, chorus_status_to_api (event->status));
  bind_text (stmt, 4, event->date);
  bind_text (stmt, 5, event->comment);
  bind_text (stmt, 6, event->user);
}

static void
bind_attachment_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusAttachment *attachment = element;

  sqlite3_bind_int64 (stmt, 3, attachment->id);
  bind_text (stmt, 4, attachment->name);
  bind_text (stmt, 5, attachment->extension);
  bind_text (stmt, 6, attachment->type_code);
  sqlite3_bind_int (stmt, 7, attachment->is_main ? 1 : 0);
}

static gboolean
save_parts_locked (ChorusStore *self, ChorusInvoice *invoice, GError **error)
{
  Connection *conn = &self->writer;
  gint64 id = chorus_invoice_get_id (invoice);

  if (!run_with_id (conn, "DELETE FROM invoice_lines WHERE invoice_id = ?", id, error) ||
      !run_with_id (conn, "DELETE FROM vat_lines WHERE invoice_id = ?", id, error) ||
      !run_with_id (conn, "DELETE FROM status_history WHERE invoice_id = ?", id, error) ||
      !run_with_id (conn, "DELETE FROM attachments WHERE invoice_id = ?", id, error))
    return FALSE;

  return save_detail_rows (conn, "INSERT INTO invoice_lines (invoice_id, seq, number, reference, label,"
                           " quantity, unit, unit_price_ht, discount_ht, vat_rate_code, vat_rate, total_ht)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           id, chorus_invoice_get_lines (invoice), bind_line_row, error) &&
         save_detail_rows (conn, "INSERT INTO vat_lines (invoice_id, seq, rate_code, rate, base_ht, vat_amount)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           id, chorus_invoice_get_vat_lines (invoice), bind_vat_line_row, error) &&
         save_detail_rows (conn, "INSERT INTO status_history (invoice_id, seq, status, date, comment, user)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           id, chorus_invoice_get_history (invoice), bind_history_row, error) &&
         save_detail_rows (conn, "INSERT INTO attachments (invoice_id, seq, id, name, extension, type_code,"
                           " is_main) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           id, chorus_invoice_get_attachments (invoice), bind_attachment_row, error);
}

gboolean
chorus_store_save_detail (ChorusStore    *self,
                          ChorusInvoice  *invoice,
                          GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!begin (&self->writer, error))
    return FALSE;
  /* The upsert creates the row if the list never showed it; the update then overwrites every
   * server field, since a consultation is complete. */
  if (!upsert_locked (self, invoice, error) ||
      (stmt = prepare_static (&self->writer, self->detail_sql, error)) == NULL)
    goto fail;
  bind_invoice (stmt, invoice);
  if (!step_done (&self->writer, stmt, error) ||
      !save_parts_locked (self, invoice, error) ||
      !commit (&self->writer, error))
    goto fail;
  return TRUE;

fail:
  rollback (&self->writer);
  return FALSE;
}

static gboolean
check_changed (ChorusStore *self, gint64 id, GError **error)
{
  if (sqlite3_changes (self->writer.db) == 0)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("Invoice %lld is not in the local database."), (long long) id);
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_store_set_local_fields (ChorusStore  *self,
                               gint64        id,
                               const char   *gestionnaire,
                               const char   *internal_reference,
                               const char   *notes,
                               GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "UPDATE invoices SET gestionnaire = ?, internal_reference = ?, notes = ?"
                  " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, is_set (gestionnaire) ? gestionnaire : NULL);
  bind_text (stmt, 2, is_set (internal_reference) ? internal_reference : NULL);
  bind_text (stmt, 3, is_set (notes) ? notes : NULL);
  sqlite3_bind_int64 (stmt, 4, id);
  return step_done (&self->writer, stmt, error) && check_changed (self, id, error);
}

/* Cached files --------------------------------------------------------------------------------- */

static gboolean
kind_is_valid (const char *kind)
{
  if (!is_set (kind) || strlen (kind) > 32)
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
chorus_store_cache_file (ChorusStore  *self,
                         gint64        invoice_id,
                         const char   *kind,
                         GBytes       *bytes,
                         GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  gsize size;
  const char *data;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind_is_valid (kind), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  name = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", invoice_id, kind);
  path = g_build_filename (self->files_dir, name, NULL);
  data = g_bytes_get_data (bytes, &size);
  /* Atomic replace: a crash never leaves a half-written PDF behind a recorded row. */
  if (!g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, _("Could not save the downloaded file: "));
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "INSERT OR REPLACE INTO cached_files (invoice_id, kind, path, size)"
                  " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, name);
  sqlite3_bind_int64 (stmt, 4, (gint64) size);
  if (!step_done (&self->writer, stmt, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

GBytes *
chorus_store_load_cached_file (ChorusStore  *self,
                               gint64        invoice_id,
                               const char   *kind,
                               GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT path FROM cached_files WHERE invoice_id = ? AND kind = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  bind_text (stmt, 2, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (name == NULL || strchr (name, G_DIR_SEPARATOR) != NULL)
    return NULL;

  path = g_build_filename (self->files_dir, name, NULL);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* Someone cleaned the cache folder: behave as not cached. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_IO,
                   _("Could not read the cached file: %s"), local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

/* Structures and services ---------------------------------------------------------------------- */

static gboolean
set_services_locked (ChorusStore *self, gint64 structure_id, GPtrArray *services, GError **error)
{
  if (!run_with_id (&self->writer, "DELETE FROM services WHERE structure_id = ?", structure_id, error))
    return FALSE;
  for (guint i = 0; i < services->len; i++)
    {
      ChorusService *service = g_ptr_array_index (services, i);
      sqlite3_stmt *stmt = prepare_static (&self->writer,
                                           "INSERT OR REPLACE INTO services (id, structure_id, code, name, active,"
                                           " description, start_date, end_date, engagement_required)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, service->id);
      sqlite3_bind_int64 (stmt, 2, structure_id);
      bind_text (stmt, 3, service->code);
      bind_text (stmt, 4, service->name);
      sqlite3_bind_int (stmt, 5, service->active ? 1 : 0);
      bind_text (stmt, 6, service->description);
      bind_text (stmt, 7, service->start_date);
      bind_text (stmt, 8, service->end_date);
      sqlite3_bind_int (stmt, 9, service->engagement_required ? 1 : 0);
      if (!step_done (&self->writer, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
chorus_store_upsert_structures (ChorusStore  *self,
                                GPtrArray    *structures,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (structures != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);
      sqlite3_stmt *stmt = prepare_static (&self->writer,
                                           "INSERT INTO structures (id, identifier, id_type, name, status, role,"
                                           " service_required, engagement_required, service_or_engagement)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                           " ON CONFLICT (id) DO UPDATE SET identifier = excluded.identifier,"
                                           " id_type = excluded.id_type, name = excluded.name,"
                                           " status = coalesce (excluded.status, status),"
                                           " role = coalesce (excluded.role, role),"
                                           " service_required = excluded.service_required,"
                                           " engagement_required = excluded.engagement_required,"
                                           " service_or_engagement = excluded.service_or_engagement", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, structure->id);
      bind_text (stmt, 2, structure->identifier);
      bind_text (stmt, 3, chorus_id_type_to_api (structure->id_type));
      bind_text (stmt, 4, structure->name);
      bind_text (stmt, 5, structure->status);
      bind_text (stmt, 6, chorus_role_to_api (structure->role));
      sqlite3_bind_int (stmt, 7, structure->service_required ? 1 : 0);
      sqlite3_bind_int (stmt, 8, structure->engagement_required ? 1 : 0);
      sqlite3_bind_int (stmt, 9, structure->service_or_engagement ? 1 : 0);
      if (!step_done (&self->writer, stmt, error))
        goto fail;
      if (structure->services != NULL && !set_services_locked (self, structure->id, structure->services, error))
        goto fail;
    }
  if (commit (&self->writer, error))
    return TRUE;
fail:
  rollback (&self->writer);
  return FALSE;
}

GPtrArray *
chorus_store_list_structures (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *structures;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT id, identifier, id_type, name, status, role, service_required,"
                         " engagement_required, service_or_engagement FROM structures ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  structures = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusStructure *structure = chorus_structure_new ();

      structure->id = sqlite3_column_int64 (stmt, 0);
      structure->identifier = g_strdup (column_text (stmt, 1));
      structure->id_type = chorus_id_type_from_api (column_text (stmt, 2));
      structure->name = g_strdup (column_text (stmt, 3));
      structure->status = g_strdup (column_text (stmt, 4));
      structure->role = chorus_role_from_api (column_text (stmt, 5));
      structure->service_required = sqlite3_column_int (stmt, 6) != 0;
      structure->engagement_required = sqlite3_column_int (stmt, 7) != 0;
      structure->service_or_engagement = sqlite3_column_int (stmt, 8) != 0;
      g_ptr_array_add (structures, structure);
    }
  sqlite3_reset (stmt);
  return structures;
}

gboolean
chorus_store_set_services (ChorusStore  *self,
                           gint64        structure_id,
                           GPtrArray    *services,
                           GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (services != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!begin (&self->writer, error))
    return FALSE;
  if (set_services_locked (self, structure_id, services, error) && commit (&self->writer, error))
    return TRUE;
  rollback (&self->writer);
  return FALSE;
}

GPtrArray *
chorus_store_list_services (ChorusStore *self, gint64 structure_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *services;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT id, code, name, active, description, start_date, end_date,"
                         " engagement_required FROM services WHERE ?1 = 0 OR structure_id = ?1 ORDER BY code, id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, structure_id);
  services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ChorusService *service = chorus_service_new ();

      service->id = sqlite3_column_int64 (stmt, 0);
      service->code = g_strdup (column_text (stmt, 1));
      service->name = g_strdup (column_text (stmt, 2));
      service->active = sqlite3_column_int (stmt, 3) != 0;
      service->description = g_strdup (column_text (stmt, 4));
      service->start_date = g_strdup (column_text (stmt, 5));
      service->end_date = g_strdup (column_text (stmt, 6));
      service->engagement_required = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (services, service);
    }
  sqlite3_reset (stmt);
  return services;
}

/* Saved filters, gestionnaires, state ---------------------------------------------------------- */

static gboolean
write_text_pair (ChorusStore *self, const char *sql, const char *a, const char *b, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.lock);
  sqlite3_stmt *stmt = prepare_static (&self->writer, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, a);
  if (b != NULL)
    bind_text (stmt, 2, b);
  return step_done (&self->writer, stmt, error);
}

static GStrv
read_names (ChorusStore *self, const char *sql, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader.lock);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = prepare_static (&self->reader, sql, error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

static gboolean
check_name (const char *name, GError **error)
{
  if (!is_set (name) || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID, _("The name is empty."));
      return FALSE;
    }
  return TRUE;
}

gboolean
chorus_store_save_filter (ChorusStore               *self,
                          const char                *name,
                          const ChorusInvoiceFilter *filter,
                          GError                   **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;
  text = chorus_invoice_filter_serialize (filter);
  return write_text_pair (self, "INSERT OR REPLACE INTO saved_filters (name, filter) VALUES (?, ?)",
                          name, text, error);
}

gboolean
chorus_store_load_filter (ChorusStore          *self,
                          const char           *name,
                          ChorusInvoiceFilter  *filter,
                          GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && filter != NULL, FALSE);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT filter FROM saved_filters WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (text == NULL)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("There is no saved filter named “%s”."), name);
      return FALSE;
    }
  return chorus_invoice_filter_deserialize (text, filter, error);
}

gboolean
chorus_store_delete_filter (ChorusStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return write_text_pair (self, "DELETE FROM saved_filters WHERE name = ?", name, NULL, error);
}

GStrv
chorus_store_list_filters (ChorusStore *self, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  return read_names (self, "SELECT name FROM saved_filters ORDER BY name COLLATE NOCASE", error);
}

gboolean
chorus_store_add_gestionnaire (ChorusStore *self, const char *name, GError **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  if (!check_name (name, error))
    return FALSE;
  stripped = g_strstrip (g_strdup (name));
  if (!check_name (stripped, error))
    return FALSE;
  return write_text_pair (self, "INSERT OR IGNORE INTO gestionnaires (name) VALUES (?)", stripped, NULL, error);
}

gboolean
chorus_store_remove_gestionnaire (ChorusStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  /* Invoices keep the name they were given: the list only drives the choices offered. */
  return write_text_pair (self, "DELETE FROM gestionnaires WHERE name = ?", name, NULL, error);
}

GStrv
chorus_store_list_gestionnaires (ChorusStore *self, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  return read_names (self, "SELECT name FROM gestionnaires ORDER BY name", error);
}

static char *
get_state_locked (Connection *conn, const char *key)
{
  sqlite3_stmt *stmt = prepare_static (conn, "SELECT value FROM state WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

char *
chorus_store_get_state (ChorusStore *self, const char *key)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT value FROM state WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
chorus_store_set_state (ChorusStore *self, const char *key, const char *value, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  return set_state_locked (self, key, value, error);
}

/* Outbox --------------------------------------------------------------------------------------- */

#define ACTION_COLUMNS "id, kind, state, invoice_id, target, previous, previous_comment, motif," \
                       " mandate_number, attempts, message, payload, result"

static ChorusAction *
action_from_row (sqlite3_stmt *stmt)
{
  ChorusAction *action = g_new0 (ChorusAction, 1);

  action->id = sqlite3_column_int64 (stmt, 0);
  action->kind = (ChorusActionKind) sqlite3_column_int (stmt, 1);
  action->state = (ChorusActionState) sqlite3_column_int (stmt, 2);
  action->invoice_id = sqlite3_column_int64 (stmt, 3);
  action->target = chorus_status_from_api (column_text (stmt, 4));
  action->previous = chorus_status_from_api (column_text (stmt, 5));
  action->previous_comment = g_strdup (column_text (stmt, 6));
  action->motif = g_strdup (column_text (stmt, 7));
  action->mandate_number = g_strdup (column_text (stmt, 8));
  action->attempts = sqlite3_column_int (stmt, 9);
  action->message = g_strdup (column_text (stmt, 10));
  action->payload = g_strdup (column_text (stmt, 11));
  action->result = g_strdup (column_text (stmt, 12));
  return action;
}

static GPtrArray *
list_actions (Connection *conn, const char *sql, gint64 invoice_id, GError **error)
{
  GPtrArray *actions;
  sqlite3_stmt *stmt = prepare_static (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (invoice_id != 0)
    sqlite3_bind_int64 (stmt, 1, invoice_id);
  actions = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_action_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (actions, action_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, conn->db, "outbox");
      g_ptr_array_unref (actions);
      return NULL;
    }
  return actions;
}

GArray *
chorus_store_outbox_add_process (ChorusStore   *self,
                                 const gint64  *invoice_ids,
                                 guint          n_ids,
                                 ChorusStatus   target,
                                 const char    *motif,
                                 const char    *mandate_number,
                                 GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) action_ids = NULL;
  const char *target_api = chorus_status_to_api (target);

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (invoice_ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (target_api != NULL, NULL);

  action_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  locker = g_mutex_locker_new (&self->writer.lock);
  if (!begin (&self->writer, error))
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_stmt *stmt;
      g_autofree char *current = NULL;
      g_autofree char *current_comment = NULL;
      gboolean found = FALSE;
      gint64 action_id;

      stmt = prepare_static (&self->writer, "SELECT status, status_comment FROM invoices WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, invoice_ids[i]);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = TRUE;
          current = g_strdup (column_text (stmt, 0));
          current_comment = g_strdup (column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                       _("Invoice %lld is not in the local database."), (long long) invoice_ids[i]);
          goto fail;
        }
      if (g_strcmp0 (current, target_api) == 0)
        continue;

      stmt = prepare_static (&self->writer, "INSERT INTO outbox (kind, invoice_id, target, previous, previous_comment,"
                      " motif, mandate_number) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int (stmt, 1, CHORUS_ACTION_KIND_PROCESS);
      sqlite3_bind_int64 (stmt, 2, invoice_ids[i]);
      bind_text (stmt, 3, target_api);
      bind_text (stmt, 4, current);
      bind_text (stmt, 5, current_comment);
      bind_text (stmt, 6, is_set (motif) ? motif : NULL);
      bind_text (stmt, 7, is_set (mandate_number) ? mandate_number : NULL);
      if (!step_done (&self->writer, stmt, error))
        goto fail;
      action_id = sqlite3_last_insert_rowid (self->writer.db);
      g_array_append_val (action_ids, action_id);

      /* The optimistic state the user sees until the server answers. */
      stmt = prepare_static (&self->writer, "UPDATE invoices SET status = ?, status_group = ?, status_comment = ?"
                      " WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, target_api);
      sqlite3_bind_int (stmt, 2, chorus_status_get_group (target));
      bind_text (stmt, 3, is_set (motif) ? motif : NULL);
      sqlite3_bind_int64 (stmt, 4, invoice_ids[i]);
      if (!step_done (&self->writer, stmt, error))
        goto fail;
    }
  if (!commit (&self->writer, error))
    goto fail;
  return g_steal_pointer (&action_ids);

fail:
  rollback (&self->writer);
  return NULL;
}

gint64
chorus_store_outbox_add (ChorusStore       *self,
                         ChorusActionKind   kind,
                         gint64             invoice_id,
                         const char        *payload,
                         GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  g_return_val_if_fail (kind != CHORUS_ACTION_KIND_PROCESS, 0);
  g_return_val_if_fail (payload != NULL, 0);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "INSERT INTO outbox (kind, invoice_id, payload) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, kind);
  if (invoice_id != 0)
    sqlite3_bind_int64 (stmt, 2, invoice_id);
  else
    sqlite3_bind_null (stmt, 2);
  bind_text (stmt, 3, payload);
  if (!step_done (&self->writer, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->writer.db);
}

gboolean
chorus_store_outbox_set_result (ChorusStore *self, gint64 action_id, const char *result, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "UPDATE outbox SET result = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, result);
  sqlite3_bind_int64 (stmt, 2, action_id);
  return step_done (&self->writer, stmt, error);
}

ChorusAction *
chorus_store_outbox_get (ChorusStore *self, gint64 action_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  ChorusAction *action = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, action_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    action = action_from_row (stmt);
  sqlite3_reset (stmt);
  if (action == NULL)
    g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND, _("The pending action no longer exists."));
  return action;
}

GPtrArray *
chorus_store_outbox_list_kind (ChorusStore *self, ChorusActionKind kind, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *actions;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE kind = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, kind);
  actions = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_action_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (actions, action_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, self->writer.db, "outbox");
      g_ptr_array_unref (actions);
      return NULL;
    }
  return actions;
}

GPtrArray *
chorus_store_outbox_list_open (ChorusStore *self, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  return list_actions (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE state < 2 ORDER BY id", 0, error);
}

GPtrArray *
chorus_store_outbox_list_for_invoice (ChorusStore *self, gint64 invoice_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (invoice_id != 0, NULL);

  locker = g_mutex_locker_new (&self->writer.lock);
  return list_actions (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE invoice_id = ? ORDER BY id",
                       invoice_id, error);
}

gboolean
chorus_store_outbox_mark_sending (ChorusStore *self, gint64 action_id, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = prepare_static (&self->writer, "UPDATE outbox SET state = 1, attempts = attempts + 1 WHERE id = ? AND state < 2",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, action_id);
  return step_done (&self->writer, stmt, error);
}

gboolean
chorus_store_outbox_finish (ChorusStore  *self,
                            gint64        action_id,
                            gboolean      ok,
                            const char   *message,
                            const char   *status_date,
                            GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(ChorusAction) action = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!begin (&self->writer, error))
    return FALSE;
  stmt = prepare_static (&self->writer, "SELECT " ACTION_COLUMNS " FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, action_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    action = action_from_row (stmt);
  sqlite3_reset (stmt);
  if (action == NULL)
    {
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND,
                   _("The pending action no longer exists."));
      goto fail;
    }
  if (action->state >= CHORUS_ACTION_DONE)
    {
      /* Finished twice (e.g. a replay raced a late answer): the first outcome stands. */
      rollback (&self->writer);
      return TRUE;
    }

  if (ok)
    {
      stmt = prepare_static (&self->writer, "UPDATE outbox SET state = 2, message = ? WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, message);
      sqlite3_bind_int64 (stmt, 2, action_id);
      if (!step_done (&self->writer, stmt, error))
        goto fail;
      if (status_date != NULL && action->kind == CHORUS_ACTION_KIND_PROCESS)
        {
          stmt = prepare_static (&self->writer, "UPDATE invoices SET status_date = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          bind_text (stmt, 1, status_date);
          sqlite3_bind_int64 (stmt, 2, action->invoice_id);
          if (!step_done (&self->writer, stmt, error))
            goto fail;
        }
    }
  else
    {
      /* Later actions on the same invoice were built on this one: they fail with it, and the
       * invoice returns to the state before this action. */
      if (action->kind != CHORUS_ACTION_KIND_PROCESS)
        {
          /* Supplier actions set no optimistic status: only this one fails. */
          stmt = prepare_static (&self->writer, "UPDATE outbox SET state = 3, message = ? WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          bind_text (stmt, 1, message);
          sqlite3_bind_int64 (stmt, 2, action_id);
          if (!step_done (&self->writer, stmt, error))
            goto fail;
          goto done;
        }
      stmt = prepare_static (&self->writer, "UPDATE outbox SET state = 3, message = ? WHERE invoice_id = ? AND id >= ?"
                      " AND state < 2 AND kind = 0", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, message);
      sqlite3_bind_int64 (stmt, 2, action->invoice_id);
      sqlite3_bind_int64 (stmt, 3, action_id);
      if (!step_done (&self->writer, stmt, error))
        goto fail;
      stmt = prepare_static (&self->writer, "UPDATE invoices SET status = ?, status_group = ?, status_comment = ?"
                      " WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, chorus_status_to_api (action->previous));
      sqlite3_bind_int (stmt, 2, chorus_status_get_group (action->previous));
      bind_text (stmt, 3, action->previous_comment);
      sqlite3_bind_int64 (stmt, 4, action->invoice_id);
      if (!step_done (&self->writer, stmt, error))
        goto fail;
    }
done:
  if (commit (&self->writer, error))
    return TRUE;

fail:
  rollback (&self->writer);
  return FALSE;
}

guint
chorus_store_get_pending_actions (ChorusStore *self, gint64 invoice_id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT count(*) FROM outbox WHERE invoice_id = ? AND state < 2", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

guint
chorus_store_count_open_actions (ChorusStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = prepare_static (&self->reader, "SELECT count(*) FROM outbox WHERE state < 2", NULL);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}
