/* chorus-store.c: the store object (two connections, opening, closing), invoice rows and their
 * details, the account's scope and the overview sums. The bulk load, cached files, structures and
 * reference lists, and the saved lists have files of their own (chorus-store-*.c). Just over 1,000
 * lines: an invoice row and its detail tables are written in one transaction by helpers they share.
 *
 * Two connections: the writer (sync pages, outbox, user edits, each call one transaction under
 * writer.lock) and the reader (lists and details for the UI, under reader.lock), so that a long
 * sync never blocks a list query; WAL lets the reader see the last commit. Statements are prepared
 * once per connection and found again by the address of their literal (chorus_sql_prepare_static). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "chorus-duplicates.h"
#include "chorus-status.h"
#include "chorus-store-internal.h"

G_DEFINE_QUARK (chorus-store-error-quark, chorus_store_error)

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

/* Only the lists say these (the validator's items name the validator an invoice waits for): a
 * consultation, which does not, leaves them as they are. */
static gboolean
is_list_only_column (const char *name)
{
  return g_str_equal (name, "validator_name") || g_str_equal (name, "validator_id");
}

/* The list search always sends these; everything else may be missing from a list page. */
static gboolean
is_always_sent_int (const char *name)
{
  return g_str_equal (name, "amount_ht") || g_str_equal (name, "amount_ttc") ||
         g_str_equal (name, "amount_to_pay");
}

/* The table's column of a field: the invoice's Chorus id is chorus_id, since id is the local
 * row key (one row per direction and Chorus id). */
static const char *
column_name (const char *field)
{
  return g_str_equal (field, "id") ? "chorus_id" : field;
}

/* Enum columns after the string and int ones, in this order. */
#define ENUM_COLUMNS "direction, status, invoice_type, cadre, supplier_id_type, vat_type, downloaded"
#define N_ENUM_COLUMNS 7

G_DEFINE_FINAL_TYPE (ChorusStore, chorus_store, G_TYPE_OBJECT)

/* SQL built once from the column tables. */
static void
build_sql (ChorusStore *self)
{
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) update = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new ("UPDATE invoices SET detail_fetched = 1");
  const char *keep_if_open = "EXISTS (SELECT 1 FROM outbox WHERE invoice_id = invoices.id AND state < 2"
                             " AND kind IN " CHORUS_STORE_OPTIMISTIC_KINDS ")";
  const char *keep_if_open_detail = "EXISTS (SELECT 1 FROM outbox WHERE outbox.invoice_id = invoices.id AND outbox.state < 2"
                                    " AND outbox.kind IN " CHORUS_STORE_OPTIMISTIC_KINDS ")";
  int param = 0;
  int chorus_id_param = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    g_string_append_printf (select, "%s, ", string_columns[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    g_string_append_printf (select, "%s, ", column_name (int_columns[i].name));
  g_string_append (select, ENUM_COLUMNS ", id FROM invoices");

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
      else if (is_list_only_column (name))
        g_string_append_printf (detail, ", %s = coalesce (?%d, %s)", name, param, name);
      else
        g_string_append_printf (detail, ", %s = ?%d", name, param);
    }
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    {
      const char *name = column_name (int_columns[i].name);

      param++;
      g_string_append_printf (columns, "%s, ", name);
      g_string_append_printf (values, "?%d, ", param);
      if (g_str_equal (name, "chorus_id"))
        {
          chorus_id_param = param;
          continue;
        }
      if (is_always_sent_int (name))
        g_string_append_printf (update, "%s = excluded.%s, ", name, name);
      else
        g_string_append_printf (update, "%s = CASE WHEN excluded.%s <> 0 THEN excluded.%s ELSE %s END, ",
                                name, name, name, name);
      if (is_list_only_column (name))
        g_string_append_printf (detail, ", %s = CASE WHEN ?%d <> 0 THEN ?%d ELSE %s END", name, param, param, name);
      else
        g_string_append_printf (detail, ", %s = ?%d", name, param);
    }
  g_string_append (columns, ENUM_COLUMNS ", status_group, days_left_key, id");
  g_string_append_printf (values, "?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d",
                          param + 1, param + 2, param + 3, param + 4, param + 5, param + 6,
                          param + 7, param + 8, param + 9);
  /* A new row's key is its Chorus id when that key is free (the common case, and what rows
   * had before keys existed), else the next one: the other direction may hold it already. */
  g_string_append_printf (values, ", CASE WHEN EXISTS (SELECT 1 FROM invoices WHERE id = ?%d) THEN NULL ELSE ?%d END",
                          chorus_id_param, chorus_id_param);
  g_string_append_printf (update,
                          "status = CASE WHEN %s THEN status ELSE excluded.status END, "
                          "status_group = CASE WHEN %s THEN status_group ELSE excluded.status_group END, "
                          "invoice_type = coalesce (excluded.invoice_type, invoice_type), "
                          "cadre = coalesce (excluded.cadre, cadre), "
                          "supplier_id_type = coalesce (excluded.supplier_id_type, supplier_id_type), "
                          "vat_type = coalesce (excluded.vat_type, vat_type), "
                          "downloaded = excluded.downloaded",
                          keep_if_open, keep_if_open);
  /* ?param+1 is the direction: part of the key, never changed. ?param+9, the new row's
   * days_left_key, is left to the trigger that follows the status and dates. */
  g_string_append_printf (detail,
                          ", status = CASE WHEN %s THEN status ELSE ?%d END"
                          ", invoice_type = ?%d, cadre = ?%d, supplier_id_type = ?%d, vat_type = ?%d"
                          ", downloaded = ?%d"
                          ", status_group = CASE WHEN %s THEN status_group ELSE ?%d END"
                          " WHERE id = ?%d",
                          keep_if_open_detail, param + 2, param + 3, param + 4, param + 5,
                          param + 6, param + 7, keep_if_open_detail, param + 8, param + 10);

  g_string_append (select, " WHERE id = ?");
  self->select_by_id_sql = g_string_free (g_steal_pointer (&select), FALSE);
  self->upsert_sql = g_strdup_printf ("INSERT INTO invoices (%s) VALUES (%s)"
                                      " ON CONFLICT (direction, chorus_id) DO UPDATE SET %s RETURNING id",
                                      columns->str, values->str, update->str);
  self->detail_sql = g_string_free (g_steal_pointer (&detail), FALSE);
}

/* Binds the invoice in the parameter order of build_sql(), without copying its strings (a page
 * is ~30 copies a row less): the caller clears the bindings before @invoice can go. Under the
 * writer lock. */
static void
bind_invoice (ChorusStore *self, sqlite3_stmt *stmt, ChorusInvoice *invoice)
{
  const char *status_code = chorus_invoice_get_status_code (invoice);
  int param = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++)
    if (!is_local_column (string_columns[i].name))
      chorus_sql_bind_text_static (stmt, ++param, string_columns[i].get (invoice));
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++)
    sqlite3_bind_int64 (stmt, ++param, int_columns[i].get (invoice));
  sqlite3_bind_int (stmt, ++param, chorus_invoice_get_direction (invoice));
  chorus_sql_bind_text_static (stmt, ++param, status_code);
  chorus_sql_bind_text_static (stmt, ++param, chorus_invoice_get_invoice_type_code (invoice));
  chorus_sql_bind_text_static (stmt, ++param, chorus_invoice_get_cadre_code (invoice));
  chorus_sql_bind_text_static (stmt, ++param, chorus_invoice_get_supplier_id_type_code (invoice));
  chorus_sql_bind_text_static (stmt, ++param, chorus_invoice_get_vat_type_code (invoice));
  sqlite3_bind_int (stmt, ++param, chorus_invoice_get_downloaded (invoice) ? 1 : 0);
  sqlite3_bind_int (stmt, ++param, chorus_status_code_group (status_code));
  sqlite3_bind_text (stmt, ++param,
                     chorus_store_days_left_key_locked (self, chorus_invoice_get_deposit_date (invoice), status_code,
                                                        chorus_invoice_get_status_date (invoice),
                                                        chorus_invoice_get_recipient_code (invoice),
                                                        chorus_invoice_get_recipient_name (invoice)),
                     -1, g_free);
}

static ChorusInvoice *
invoice_from_row (sqlite3_stmt *stmt)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  int col = 0;

  for (guint i = 0; i < G_N_ELEMENTS (string_columns); i++, col++)
    string_columns[i].set (invoice, chorus_sql_column_text (stmt, col));
  for (guint i = 0; i < G_N_ELEMENTS (int_columns); i++, col++)
    int_columns[i].set (invoice, sqlite3_column_int64 (stmt, col));
  chorus_invoice_set_direction (invoice, chorus_direction_from_int (sqlite3_column_int (stmt, col++)));
  chorus_invoice_set_status_code (invoice, chorus_sql_column_text (stmt, col++));
  chorus_invoice_set_invoice_type_code (invoice, chorus_sql_column_text (stmt, col++));
  chorus_invoice_set_cadre_code (invoice, chorus_sql_column_text (stmt, col++));
  chorus_invoice_set_supplier_id_type_code (invoice, chorus_sql_column_text (stmt, col++));
  chorus_invoice_set_vat_type_code (invoice, chorus_sql_column_text (stmt, col++));
  chorus_invoice_set_downloaded (invoice, sqlite3_column_int (stmt, col++) != 0);
  chorus_invoice_set_key (invoice, sqlite3_column_int64 (stmt, col++));
  g_assert (col == (int) (G_N_ELEMENTS (string_columns) + G_N_ELEMENTS (int_columns)) + N_ENUM_COLUMNS + 1);
  return invoice;
}
/* Object --------------------------------------------------------------------------------------- */


static void
chorus_store_finalize (GObject *object)
{
  ChorusStore *self = CHORUS_STORE (object);

  chorus_sql_close (&self->querier);
  chorus_sql_close (&self->reader);
  chorus_sql_close (&self->writer);
  g_free (self->dir);
  g_free (self->files_dir);
  g_free (self->select_by_id_sql);
  g_free (self->upsert_sql);
  g_clear_pointer (&self->delay_policy, chorus_delay_policy_unref);
  g_clear_pointer (&self->delay_days, g_hash_table_unref);
  g_free (self->detail_sql);

  G_OBJECT_CLASS (chorus_store_parent_class)->finalize (object);
}

static void
chorus_store_class_init (ChorusStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_store_finalize;

  /* The managed handlers changed (added, removed, renamed), in the thread that changed them. */
  g_signal_new ("gestionnaires-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);
}

static void
chorus_store_init (ChorusStore *self)
{
  self->cheap_query_rows = CHORUS_STORE_CHEAP_QUERY_ROWS;
}

/* The cache holds invoices of the user's organisation: only the user may read it, even when its
 * folder already existed with a wider mode. The database is created 0600 before SQLite opens it,
 * so its -wal and -shm files (which take the database's mode) are 0600 from the start. */
static gboolean
restrict_permissions (ChorusStore *self, const char *db_path, GError **error)
{
  const char *suffixes[] = { "-wal", "-shm" };
  int fd;

  if (g_chmod (self->dir, 0700) != 0 || g_chmod (self->files_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                   _("Could not restrict access to the folder “%s”: %s"), self->dir, g_strerror (saved_errno));
      return FALSE;
    }
  fd = g_open (db_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        g_close (fd, NULL);
      g_set_error (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_OPEN,
                   _("Could not open the local invoice database “%s”: %s"), db_path, g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);
  /* Left by an older version with the default mode. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (db_path, suffixes[i], NULL);
      g_chmod (side, 0600);
    }
  return TRUE;
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

  if (!restrict_permissions (self, path, error) ||
      !chorus_sql_open (&self->writer, path, FALSE, error) ||
      !chorus_sql_exec (&self->writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
             /* A sync touches every index: keep them in memory. */
             " PRAGMA cache_size = -65536; PRAGMA secure_delete = FAST; PRAGMA temp_store = MEMORY;", error) ||
      !chorus_store_check_code (&self->writer, error) ||
      !chorus_store_migrate (&self->writer, error) ||
      !chorus_store_end_bulk_load_steps (self, error) ||
      /* The reader looks rows up one by one (the list's visible rows, a detail): through SQLite's
       * own cache. Mapped, each of those reads maps the 64 kB around it (the kernel's fault-around
       * on a file it holds in memory): 19 MB of RSS for the first screen of 100,000 invoices. */
      !chorus_sql_open (&self->reader, path, TRUE, error) ||
      /* The list's queries walk whole indexes and look rows up at random when filtered: mapping
       * the file spares copying every page. */
      !chorus_sql_open (&self->querier, path, TRUE, error) ||
      !chorus_sql_exec (&self->querier, "PRAGMA mmap_size = 1073741824;", error))
    return NULL;
  /* The writer's triggers compute sort keys with this store's delays (the migrations had the default
   * ones, which a store without chorus_store_set_delay_policy() keeps). */
  chorus_store_register_days_left_key (self->writer.db, self);
  return g_steal_pointer (&self);
}

const char *
chorus_store_get_dir (ChorusStore *self)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  return self->dir;
}
gint64
chorus_store_read_number (ChorusStore     *self,
                          const char      *sql,
                          ChorusDirection  direction,
                          gint64           value)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader.lock);
  sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->reader, sql, NULL);
  int n_params;
  gint64 number = 0;

  if (stmt == NULL)
    return 0;
  n_params = sqlite3_bind_parameter_count (stmt);
  if (n_params >= 1)
    sqlite3_bind_int (stmt, 1, direction);
  if (n_params >= 2)
    sqlite3_bind_int64 (stmt, 2, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    number = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return number;
}

gint64
chorus_store_get_data_version (ChorusStore *self)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return chorus_store_read_number (self, "PRAGMA data_version", CHORUS_DIRECTION_RECEIVED, 0);
}

gint64
chorus_store_count_invoices (ChorusStore *self, ChorusDirection direction)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return chorus_store_read_number (self, "SELECT count(*) FROM invoices WHERE direction = ?", direction, 0);
}

gint64
chorus_store_find_invoice (ChorusStore     *self,
                           ChorusDirection  direction,
                           gint64           chorus_id)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), 0);
  return chorus_store_read_number (self, "SELECT id FROM invoices WHERE direction = ? AND chorus_id = ?", direction,
                                   chorus_id);
}

static ChorusInvoice *
load_row (ChorusStore *self, ChorusSqlConnection *conn, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, self->select_by_id_sql, error);
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
    chorus_sql_set_error (error, conn->db, "load");
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
  if (!chorus_sql_exec (&self->reader, "BEGIN", error))
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      ChorusInvoice *invoice = load_row (self, &self->reader, ids[i], error);

      if (invoice == NULL)
        {
          chorus_sql_rollback (&self->reader);
          return NULL;
        }
      g_ptr_array_add (invoices, invoice);
    }
  chorus_sql_exec (&self->reader, "COMMIT", NULL);
  return g_steal_pointer (&invoices);
}

GPtrArray *
chorus_store_find_duplicate_candidates (ChorusStore    *self,
                                        ChorusInvoice  *invoice,
                                        GError        **error)
{
  static const char sql[] =
    "SELECT id FROM invoices WHERE direction = ?1 AND supplier_code = ?2 AND id <> ?3 AND chorus_id <> ?8"
    " AND (amount_ttc = ?4 OR number = ?5 OR number_key = " CHORUS_COMPACT_NUMBER_SQL ("?5")
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
  chorus_duplicates_window (invoice, &from, &to);

  {
    sqlite3_stmt *stmt;
    int rc;

    g_mutex_lock (&self->reader.lock);
    stmt = chorus_sql_prepare_static (&self->reader, sql, error);
    if (stmt == NULL)
      {
        g_mutex_unlock (&self->reader.lock);
        return NULL;
      }
    sqlite3_bind_int (stmt, 1, chorus_invoice_get_direction (invoice));
    sqlite3_bind_text (stmt, 2, supplier, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, chorus_invoice_get_key (invoice));
    sqlite3_bind_int64 (stmt, 4, chorus_invoice_get_amount_ttc (invoice));
    sqlite3_bind_text (stmt, 5, chorus_invoice_get_number (invoice), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 6, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 7, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 8, chorus_invoice_get_id (invoice));
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      chorus_sql_set_error (error, self->reader.db, "duplicates");
    sqlite3_reset (stmt);
    g_mutex_unlock (&self->reader.lock);
    if (rc != SQLITE_DONE)
      return NULL;
  }
  return chorus_store_load_invoices (self, (const gint64 *) (gpointer) ids->data, ids->len, error);
}

/* Runs one of the detail queries (one parameter: the invoice id); no rows when it fails. */
static GPtrArray *
load_detail_rows (ChorusSqlConnection *conn,
                  const char          *sql,
                  gint64               id,
                  GDestroyNotify       free_func,
                  ChorusSqlRowReader   read_row)
{
  GPtrArray *rows = chorus_sql_read_rows (conn, sql, id, free_func, read_row, NULL);

  return rows != NULL ? rows : g_ptr_array_new_with_free_func (free_func);
}

static gpointer
read_line_row (sqlite3_stmt *stmt)
{
  ChorusInvoiceLine *line = g_new0 (ChorusInvoiceLine, 1);

  line->number = sqlite3_column_int (stmt, 0);
  line->reference = g_strdup (chorus_sql_column_text (stmt, 1));
  line->label = g_strdup (chorus_sql_column_text (stmt, 2));
  line->quantity = sqlite3_column_double (stmt, 3);
  line->unit = g_strdup (chorus_sql_column_text (stmt, 4));
  line->unit_price_ht = sqlite3_column_int64 (stmt, 5);
  line->discount_ht = sqlite3_column_int64 (stmt, 6);
  line->vat_rate_code = g_strdup (chorus_sql_column_text (stmt, 7));
  line->vat_rate = sqlite3_column_double (stmt, 8);
  line->total_ht = sqlite3_column_int64 (stmt, 9);
  return line;
}

static gpointer
read_vat_line_row (sqlite3_stmt *stmt)
{
  ChorusVatLine *line = g_new0 (ChorusVatLine, 1);

  line->rate_code = g_strdup (chorus_sql_column_text (stmt, 0));
  line->rate = sqlite3_column_double (stmt, 1);
  line->base_ht = sqlite3_column_int64 (stmt, 2);
  line->vat_amount = sqlite3_column_int64 (stmt, 3);
  return line;
}

static gpointer
read_history_row (sqlite3_stmt *stmt)
{
  ChorusStatusEvent *event = g_new0 (ChorusStatusEvent, 1);

  event->code = chorus_status_code_intern (chorus_sql_column_text (stmt, 0));
  event->status = chorus_status_from_api (event->code);
  event->date = g_strdup (chorus_sql_column_text (stmt, 1));
  event->comment = g_strdup (chorus_sql_column_text (stmt, 2));
  event->user = g_strdup (chorus_sql_column_text (stmt, 3));
  return event;
}

static gpointer
read_attachment_row (sqlite3_stmt *stmt)
{
  ChorusAttachment *attachment = g_new0 (ChorusAttachment, 1);

  attachment->id = sqlite3_column_int64 (stmt, 0);
  attachment->name = g_strdup (chorus_sql_column_text (stmt, 1));
  attachment->extension = g_strdup (chorus_sql_column_text (stmt, 2));
  attachment->type_code = g_strdup (chorus_sql_column_text (stmt, 3));
  attachment->is_main = sqlite3_column_int (stmt, 4) != 0;
  return attachment;
}

static GPtrArray *
load_lines (ChorusSqlConnection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT number, reference, label, quantity, unit, unit_price_ht,"
                           " discount_ht, vat_rate_code, vat_rate, total_ht FROM invoice_lines"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_invoice_line_free, read_line_row);
}

static GPtrArray *
load_vat_lines (ChorusSqlConnection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT rate_code, rate, base_ht, vat_amount FROM vat_lines"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_vat_line_free, read_vat_line_row);
}

static GPtrArray *
load_history (ChorusSqlConnection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT status, date, comment, user FROM status_history"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_status_event_free, read_history_row);
}

static gpointer
read_user_action_row (sqlite3_stmt *stmt)
{
  ChorusUserAction *action = g_new0 (ChorusUserAction, 1);

  action->code = g_strdup (chorus_sql_column_text (stmt, 0));
  action->date = g_strdup (chorus_sql_column_text (stmt, 1));
  action->user = g_strdup (chorus_sql_column_text (stmt, 2));
  return action;
}

static GPtrArray *
load_user_actions (ChorusSqlConnection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT code, date, user FROM action_history WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_user_action_free, read_user_action_row);
}

static GPtrArray *
load_attachments (ChorusSqlConnection *conn, gint64 id)
{
  return load_detail_rows (conn, "SELECT id, name, extension, type_code, is_main FROM attachments"
                           " WHERE invoice_id = ? ORDER BY seq", id,
                           (GDestroyNotify) chorus_attachment_free, read_attachment_row);
}

static gboolean
has_detail_locked (ChorusSqlConnection *conn, gint64 id)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, "SELECT detail_fetched FROM invoices WHERE id = ?", NULL);
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
  if (!chorus_sql_exec (&self->reader, "BEGIN", error))
    return NULL;
  invoice = load_row (self, &self->reader, id, error);
  if (invoice != NULL && has_detail_locked (&self->reader, id))
    {
      g_autoptr(GPtrArray) lines = load_lines (&self->reader, id);
      g_autoptr(GPtrArray) vat_lines = load_vat_lines (&self->reader, id);
      g_autoptr(GPtrArray) history = load_history (&self->reader, id);
      g_autoptr(GPtrArray) attachments = load_attachments (&self->reader, id);
      g_autoptr(GPtrArray) user_actions = load_user_actions (&self->reader, id);

      chorus_invoice_set_lines (invoice, lines);
      chorus_invoice_set_vat_lines (invoice, vat_lines);
      chorus_invoice_set_history (invoice, history);
      chorus_invoice_set_attachments (invoice, attachments);
      chorus_invoice_set_user_actions (invoice, user_actions);
    }
  chorus_sql_exec (&self->reader, "COMMIT", NULL);
  return g_steal_pointer (&invoice);
}

/* Writes --------------------------------------------------------------------------------------- */

/* Inserts or updates the invoice's row and gives the invoice its row key. */
static gboolean
upsert_locked (ChorusStore *self, ChorusInvoice *invoice, GError **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer, self->upsert_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_invoice (self, stmt, invoice);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      chorus_invoice_set_key (invoice, sqlite3_column_int64 (stmt, 0));
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    chorus_sql_set_error (error, self->writer.db, "upsert");
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE;
}

gboolean
chorus_store_set_state_locked (ChorusStore *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    stmt = chorus_sql_prepare_static (&self->writer, "DELETE FROM state WHERE key = ?", error);
  else
    stmt = chorus_sql_prepare_static (&self->writer, "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, key);
  if (value != NULL)
    chorus_sql_bind_text (stmt, 2, value);
  return chorus_sql_step_done (&self->writer, stmt, error);
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
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  for (guint i = 0; i < invoices->len; i++)
    if (!upsert_locked (self, g_ptr_array_index (invoices, i), error))
      goto fail;
  if (key != NULL && !chorus_store_set_state_locked (self, key, value, error))
    goto fail;
  if (chorus_sql_commit (&self->writer, error))
    return TRUE;
fail:
  chorus_sql_rollback (&self->writer);
  return FALSE;
}

gboolean
chorus_store_upsert_invoices (ChorusStore  *self,
                              GPtrArray    *invoices,
                              GError      **error)
{
  return chorus_store_upsert_invoices_with_state (self, invoices, NULL, NULL, error);
}

typedef void (*RowBinder) (sqlite3_stmt *stmt, gconstpointer element);

/* Inserts one row per element: parameters 1 and 2 are the invoice id and the element's position,
 * @bind_row binds the rest. */
static gboolean
save_detail_rows (ChorusSqlConnection  *conn,
                  const char  *sql,
                  gint64       id,
                  GPtrArray   *elements,
                  RowBinder    bind_row,
                  GError     **error)
{
  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      sqlite3_stmt *stmt = chorus_sql_prepare_static (conn, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_row (stmt, g_ptr_array_index (elements, i));
      if (!chorus_sql_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_line_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusInvoiceLine *line = element;

  sqlite3_bind_int (stmt, 3, line->number);
  chorus_sql_bind_text (stmt, 4, line->reference);
  chorus_sql_bind_text (stmt, 5, line->label);
  sqlite3_bind_double (stmt, 6, line->quantity);
  chorus_sql_bind_text (stmt, 7, line->unit);
  sqlite3_bind_int64 (stmt, 8, line->unit_price_ht);
  sqlite3_bind_int64 (stmt, 9, line->discount_ht);
  chorus_sql_bind_text (stmt, 10, line->vat_rate_code);
  sqlite3_bind_double (stmt, 11, line->vat_rate);
  sqlite3_bind_int64 (stmt, 12, line->total_ht);
}

static void
bind_vat_line_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusVatLine *line = element;

  chorus_sql_bind_text (stmt, 3, line->rate_code);
  sqlite3_bind_double (stmt, 4, line->rate);
  sqlite3_bind_int64 (stmt, 5, line->base_ht);
  sqlite3_bind_int64 (stmt, 6, line->vat_amount);
}

static void
bind_history_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusStatusEvent *event = element;

  chorus_sql_bind_text (stmt, 3, event->code != NULL ? event->code : chorus_status_to_api (event->status));
  chorus_sql_bind_text (stmt, 4, event->date);
  chorus_sql_bind_text (stmt, 5, event->comment);
  chorus_sql_bind_text (stmt, 6, event->user);
}

static void
bind_attachment_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusAttachment *attachment = element;

  sqlite3_bind_int64 (stmt, 3, attachment->id);
  chorus_sql_bind_text (stmt, 4, attachment->name);
  chorus_sql_bind_text (stmt, 5, attachment->extension);
  chorus_sql_bind_text (stmt, 6, attachment->type_code);
  sqlite3_bind_int (stmt, 7, attachment->is_main ? 1 : 0);
}

static void
bind_user_action_row (sqlite3_stmt *stmt, gconstpointer element)
{
  const ChorusUserAction *action = element;

  chorus_sql_bind_text (stmt, 3, action->code);
  chorus_sql_bind_text (stmt, 4, action->date);
  chorus_sql_bind_text (stmt, 5, action->user);
}

static gboolean
save_parts_locked (ChorusStore *self, ChorusInvoice *invoice, GError **error)
{
  ChorusSqlConnection *conn = &self->writer;
  gint64 id = chorus_invoice_get_key (invoice);

  if (!chorus_sql_run_with_id (conn, "DELETE FROM invoice_lines WHERE invoice_id = ?", id, error) ||
      !chorus_sql_run_with_id (conn, "DELETE FROM vat_lines WHERE invoice_id = ?", id, error) ||
      !chorus_sql_run_with_id (conn, "DELETE FROM status_history WHERE invoice_id = ?", id, error) ||
      !chorus_sql_run_with_id (conn, "DELETE FROM attachments WHERE invoice_id = ?", id, error) ||
      !chorus_sql_run_with_id (conn, "DELETE FROM action_history WHERE invoice_id = ?", id, error))
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
                           id, chorus_invoice_get_attachments (invoice), bind_attachment_row, error) &&
         save_detail_rows (conn, "INSERT INTO action_history (invoice_id, seq, code, date, user) VALUES (?, ?, ?, ?, ?)",
                           id, chorus_invoice_get_user_actions (invoice), bind_user_action_row, error);
}

gboolean
chorus_store_save_detail (ChorusStore    *self,
                          ChorusInvoice  *invoice,
                          GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean written;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), FALSE);

  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  /* The upsert creates the row if the list never showed it; the update then overwrites every
   * server field, since a consultation is complete. */
  if (!upsert_locked (self, invoice, error) ||
      (stmt = chorus_sql_prepare_static (&self->writer, self->detail_sql, error)) == NULL)
    goto fail;
  bind_invoice (self, stmt, invoice);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_count (stmt), chorus_invoice_get_key (invoice));
  written = chorus_sql_step_done (&self->writer, stmt, error);
  sqlite3_clear_bindings (stmt);
  if (!written ||
      !save_parts_locked (self, invoice, error) ||
      !chorus_sql_commit (&self->writer, error))
    goto fail;
  return TRUE;

fail:
  chorus_sql_rollback (&self->writer);
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
  stmt = chorus_sql_prepare_static (&self->writer, "UPDATE invoices SET gestionnaire = ?, internal_reference = ?, notes = ?"
                  " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, chorus_sql_is_set (gestionnaire) ? gestionnaire : NULL);
  chorus_sql_bind_text (stmt, 2, chorus_sql_is_set (internal_reference) ? internal_reference : NULL);
  chorus_sql_bind_text (stmt, 3, chorus_sql_is_set (notes) ? notes : NULL);
  sqlite3_bind_int64 (stmt, 4, id);
  return chorus_sql_step_done (&self->writer, stmt, error) && check_changed (self, id, error);
}

/* Account scope ------------------------------------------------------------------------------- */

gboolean
chorus_store_delete_outside_scope (ChorusStore     *self,
                                   ChorusDirection  direction,
                                   const gint64    *structure_ids,
                                   const gint64    *service_ids,
                                   guint            n,
                                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) sql = g_string_new ("DELETE FROM invoices WHERE direction = ?");
  const char *column = direction == CHORUS_DIRECTION_ISSUED ? "supplier_id" : "recipient_id";
  sqlite3_stmt *stmt;
  int param = 1;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail ((structure_ids != NULL && service_ids != NULL) || n == 0, FALSE);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, " AND NOT (%s = ? AND (? = 0 OR service_id = ?))", column);
  /* What the user did and Chorus Pro has not answered yet stays until it has. */
  g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.invoice_id = invoices.id AND state < 2)");

  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare (&self->writer, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, param++, direction);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, param++, structure_ids[i]);
      sqlite3_bind_int64 (stmt, param++, service_ids[i]);
      sqlite3_bind_int64 (stmt, param++, service_ids[i]);
    }
  return chorus_sql_step_done (&self->writer, stmt, error);
}

/* Overview --------------------------------------------------------------------------------------- */

gboolean
chorus_store_sum_groups (ChorusStore     *self,
                         ChorusDirection  direction,
                         guint            counts[CHORUS_STATUS_GROUP_LAST],
                         gint64           amounts[CHORUS_STATUS_GROUP_LAST],
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  memset (counts, 0, sizeof (guint) * CHORUS_STATUS_GROUP_LAST);
  memset (amounts, 0, sizeof (gint64) * CHORUS_STATUS_GROUP_LAST);
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT status_group, count (*), total (amount_ttc) FROM invoices"
                                    " WHERE direction = ? GROUP BY status_group", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, direction);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int group = sqlite3_column_int (stmt, 0);
      guint count = (guint) sqlite3_column_int64 (stmt, 1);
      gint64 amount = (gint64) sqlite3_column_double (stmt, 2);

      if (group <= CHORUS_STATUS_GROUP_ALL || group >= CHORUS_STATUS_GROUP_LAST)
        group = CHORUS_STATUS_GROUP_OTHER;
      counts[group] += count;
      amounts[group] += amount;
      counts[CHORUS_STATUS_GROUP_ALL] += count;
      amounts[CHORUS_STATUS_GROUP_ALL] += amount;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, self->reader.db, "overview");
      return FALSE;
    }
  return TRUE;
}

GArray *
chorus_store_ids_with_statuses (ChorusStore        *self,
                                ChorusDirection     direction,
                                const char * const *codes,
                                gboolean            except,
                                const char         *status_since,
                                GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) sql = g_string_new (except ? "SELECT id FROM invoices WHERE direction = ? AND status NOT IN ("
                                                : "SELECT id FROM invoices WHERE direction = ? AND status IN (");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  guint n = codes ? g_strv_length ((char **) codes) : 0;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  if (n == 0 && !except)
    return g_steal_pointer (&ids);
  g_string_append (sql, "''");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  if (status_since != NULL)
    g_string_append (sql, " AND status_date >= ?");
  g_string_append (sql, " ORDER BY deposit_date, id");

  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare (&self->reader, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, direction);
  for (guint i = 0; i < n; i++)
    chorus_sql_bind_text (stmt, (int) i + 2, codes[i]);
  if (status_since != NULL)
    chorus_sql_bind_text (stmt, (int) n + 2, status_since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, self->reader.db, "overview");
      return NULL;
    }
  return g_steal_pointer (&ids);
}
