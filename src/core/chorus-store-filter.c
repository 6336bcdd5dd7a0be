/* chorus-store-filter.c: the invoice list's filters, their SQL (WHERE, ORDER BY, FTS5) and the id queries. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-deadline.h"
#include "chorus-format.h"
#include "chorus-duplicates.h"
#include "chorus-status.h"
#include "chorus-store-internal.h"

/* Sort expressions, indexed by ChorusSortColumn; each has an index (direction, expressions, group).
 * Further expressions, when there are some, break the ties of the first. */
static const char *const sort_columns[CHORUS_SORT_LAST][3] = {
  [CHORUS_SORT_RECIPIENT] = { "recipient_name", NULL },
  [CHORUS_SORT_SUPPLIER_TYPE] = { "supplier_id_type", NULL },
  [CHORUS_SORT_SUPPLIER] = { "supplier_name", NULL },
  [CHORUS_SORT_NUMBER] = { "number", NULL },
  [CHORUS_SORT_INVOICE_DATE] = { "invoice_date", NULL },
  [CHORUS_SORT_DEPOSIT_DATE] = { "deposit_date", NULL },
  [CHORUS_SORT_AMOUNT_HT] = { "amount_ht", NULL },
  [CHORUS_SORT_AMOUNT_TTC] = { "amount_ttc", NULL },
  [CHORUS_SORT_AMOUNT_TO_PAY] = { "amount_to_pay", NULL },
  [CHORUS_SORT_STATUS] = { "status", NULL },
  [CHORUS_SORT_SERVICE] = { "service_name", NULL },
  [CHORUS_SORT_SIRET] = { "supplier_code", NULL },
  [CHORUS_SORT_ENGAGEMENT] = { "engagement_number", NULL },
  [CHORUS_SORT_INTERNAL_REFERENCE] = { "internal_reference", NULL },
  [CHORUS_SORT_GESTIONNAIRE] = { "gestionnaire", NULL },
  /* Running clocks first, the earliest legal due date first: the most urgent, in the order of the
   * figures shown (NULL: the rank of chorus_deadline_sort_rank_sql(); days_left_key: migration
   * 17). The status makes the index cover the rank's column. */
  [CHORUS_SORT_DAYS_LEFT] = { NULL, "days_left_key", "status" },
  [CHORUS_SORT_STATUS_DATE] = { "status_date", NULL },
  [CHORUS_SORT_RENVOI] = { "status", NULL },
};

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


char *
chorus_invoice_filter_serialize (const ChorusInvoiceFilter *filter)
{
  g_autoptr(GVariant) variant = NULL;
  GVariantBuilder builder;

  g_return_val_if_fail (filter != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "direction",
                         g_variant_new_string (chorus_direction_to_string (filter->direction)));
  if (filter->group != CHORUS_STATUS_GROUP_ALL)
    g_variant_builder_add (&builder, "{sv}", "group", g_variant_new_int32 (filter->group));
  if (filter->group_mask != 0)
    g_variant_builder_add (&builder, "{sv}", "group_mask", g_variant_new_uint32 (filter->group_mask));
  if (filter->supplier_type != CHORUS_ID_TYPE_UNKNOWN)
    g_variant_builder_add (&builder, "{sv}", "supplier_type",
                           g_variant_new_string (chorus_id_type_to_api (filter->supplier_type)));
#define ADD_STRING(field) \
  if (chorus_sql_is_set (filter->field)) \
    g_variant_builder_add (&builder, "{sv}", #field, g_variant_new_string (filter->field));
  ADD_STRING (date_from)
  ADD_STRING (date_to)
  ADD_STRING (supplier_contains)
  ADD_STRING (recipient_contains)
  ADD_STRING (gestionnaire)
  ADD_STRING (service_code)
  ADD_STRING (text)
#undef ADD_STRING
  if (filter->validation_stage != CHORUS_VALIDATION_STAGE_ANY)
    g_variant_builder_add (&builder, "{sv}", "validation_stage", g_variant_new_int32 (filter->validation_stage));
  if (filter->unassigned)
    g_variant_builder_add (&builder, "{sv}", "unassigned", g_variant_new_boolean (TRUE));
  if (filter->amount_min >= 0)
    g_variant_builder_add (&builder, "{sv}", "amount_min", g_variant_new_int64 (filter->amount_min));
  if (filter->amount_max >= 0)
    g_variant_builder_add (&builder, "{sv}", "amount_max", g_variant_new_int64 (filter->amount_max));
  if (filter->duplicates_only)
    g_variant_builder_add (&builder, "{sv}", "duplicates", g_variant_new_boolean (TRUE));
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
        filter->direction = chorus_direction_from_string (str);
      else if (g_str_equal (key, "group") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
        {
          gint32 group = g_variant_get_int32 (value);
          filter->group = group >= 0 && group < CHORUS_STATUS_GROUP_LAST ? (ChorusStatusGroup) group
                                                                         : CHORUS_STATUS_GROUP_ALL;
        }
      else if (g_str_equal (key, "group_mask") && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        filter->group_mask = g_variant_get_uint32 (value) & ((1u << CHORUS_STATUS_GROUP_LAST) - 1);
      else if (g_str_equal (key, "validation_stage") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
        {
          gint32 stage = g_variant_get_int32 (value);
          filter->validation_stage = stage > 0 && stage < CHORUS_VALIDATION_STAGE_LAST ? (ChorusValidationStage) stage
                                                                                       : CHORUS_VALIDATION_STAGE_ANY;
        }
      else if (g_str_equal (key, "supplier_type") && is_string)
        filter->supplier_type = chorus_id_type_from_api (str);
      else if (g_str_equal (key, "unassigned") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        filter->unassigned = g_variant_get_boolean (value);
      else if (g_str_equal (key, "amount_min") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        filter->amount_min = g_variant_get_int64 (value);
      else if (g_str_equal (key, "amount_max") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        filter->amount_max = g_variant_get_int64 (value);
      else if (g_str_equal (key, "duplicates") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        filter->duplicates_only = g_variant_get_boolean (value);
#define GET_STRING(field) \
      else if (g_str_equal (key, #field) && is_string) \
        filter->field = g_intern_string (str);
      GET_STRING (date_from)
      GET_STRING (date_to)
      GET_STRING (supplier_contains)
      GET_STRING (recipient_contains)
      GET_STRING (gestionnaire)
      GET_STRING (service_code)
      GET_STRING (text)
#undef GET_STRING
      /* Unknown keys come from newer versions: ignore them. */
    }
  return TRUE;
}

/* A SIRET or SIREN typed as printed, "879 294 438 52252" or "879.294.438", becomes the one word the
 * index holds. Groups of digits are joined only when they make 9 or 14 digits: "2026 004296" stays
 * two words. */
static GStrv
split_search_words (const char *text)
{
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tokens = NULL;
  guint n;

  /* The no-break spaces a copy from a PDF brings separate words too. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00a0 || c == 0x202f)
        g_string_append_c (spaced, ' ');
      else
        g_string_append_unichar (spaced, c);
    }
  tokens = g_strsplit_set (spaced->str, " \t\n\r", -1);
  n = g_strv_length (tokens);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      guint end = i, last_match = G_MAXUINT;
      g_autofree char *match = NULL;

      for (guint j = i; j < n; j++)
        {
          g_autofree char *digits = chorus_format_digits_only (tokens[j]);

          if (*tokens[j] == '\0')
            continue;
          if (digits == NULL)
            break;
          g_string_append (joined, digits);
          if (joined->len == 9 || joined->len == 14)
            {
              last_match = j;
              g_free (match);
              match = g_strdup (joined->str);
            }
          if (joined->len >= 14)
            break;
        }
      if (match != NULL)
        {
          g_strv_builder_add (builder, match);
          end = last_match;
        }
      else if (*tokens[i] != '\0')
        g_strv_builder_add (builder, tokens[i]);
      i = end;
    }
  return g_strv_builder_end (builder);
}

char *
chorus_store_fts_query (const char *text)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;

  /* Before any UTF-8 walking: a truncated sequence would step over the terminator. */
  valid = g_utf8_make_valid (text, -1);
  words = split_search_words (valid);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_word_char = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          has_word_char = TRUE;
      if (!has_word_char)
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

/* Queries -------------------------------------------------------------------------------------- */

/* The status codes of a validation stage, in SQL. */
static const char *const validation_stage_sql[CHORUS_VALIDATION_STAGE_LAST] = {
  [CHORUS_VALIDATION_STAGE_LEVEL_1] = "status = 'A_VALIDER_1'",
  [CHORUS_VALIDATION_STAGE_LEVEL_2] = "status = 'A_VALIDER_2'",
  [CHORUS_VALIDATION_STAGE_DECIDED] = "status NOT IN ('A_VALIDER_1', 'A_VALIDER_2')",
};

/* " AND …" for the group, group mask and validation stage of @filter (none when it has none). */
static void
append_group_conditions (GString *sql, const ChorusInvoiceFilter *filter)
{
  if (filter->group_mask != 0)
    {
      /* The mask is ours (bits of an enum), never user text: inlined as numbers. */
      g_string_append (sql, " AND likelihood (status_group IN (");
      for (guint group = 0, n = 0; group < CHORUS_STATUS_GROUP_LAST; group++)
        if (filter->group_mask & (1u << group))
          g_string_append_printf (sql, "%s%u", n++ > 0 ? ", " : "", group);
      g_string_append (sql, "), 0.5)");
    }
  else if (filter->group != CHORUS_STATUS_GROUP_ALL)
    /* Walking the sort index stays the plan: with many small groups the planner would otherwise
     * skip-scan to the group and sort it, which a list of every id does not need. */
    g_string_append (sql, " AND likelihood (status_group = :group, 0.5)");
  if ((guint) filter->validation_stage < CHORUS_VALIDATION_STAGE_LAST &&
      validation_stage_sql[filter->validation_stage] != NULL)
    g_string_append_printf (sql, " AND %s", validation_stage_sql[filter->validation_stage]);
}

/* WHERE clause with named parameters; bind_filter() gives their values. @with_group: the
 * group and validation stage of the filter count too. */
static void
append_where (GString *sql, const ChorusInvoiceFilter *filter, gboolean with_group)
{
  g_autofree char *fts = chorus_store_fts_query (filter->text);

  g_string_append (sql, " WHERE direction = :direction");
  if (with_group)
    append_group_conditions (sql, filter);
  if (chorus_sql_is_set (filter->date_from))
    g_string_append (sql, " AND invoice_date >= :date_from");
  if (chorus_sql_is_set (filter->date_to))
    g_string_append (sql, " AND invoice_date <= :date_to");
  if (filter->supplier_type != CHORUS_ID_TYPE_UNKNOWN)
    g_string_append (sql, " AND supplier_id_type = :supplier_type");
  if (chorus_sql_is_set (filter->supplier_contains))
    g_string_append (sql, " AND supplier_name IN (SELECT name FROM supplier_names"
                          " WHERE name LIKE :supplier ESCAPE '\\')");
  if (chorus_sql_is_set (filter->recipient_contains))
    g_string_append (sql, " AND recipient_name LIKE :recipient ESCAPE '\\'");
  if (filter->unassigned)
    g_string_append (sql, " AND gestionnaire IS NULL");
  else if (chorus_sql_is_set (filter->gestionnaire))
    g_string_append (sql, " AND gestionnaire = :gestionnaire");
  if (chorus_sql_is_set (filter->service_code))
    g_string_append (sql, " AND service_code = :service_code");
  if (filter->amount_min >= 0)
    g_string_append (sql, " AND amount_ttc >= :amount_min");
  if (filter->amount_max >= 0)
    g_string_append (sql, " AND amount_ttc <= :amount_max");
  if (fts != NULL)
    g_string_append (sql, " AND id IN (SELECT rowid FROM invoices_fts WHERE invoices_fts MATCH :text)");
  if (filter->duplicates_only)
    /* What chorus_duplicates_compare() finds, each side on its own index; its few extra
     * cases (leading zeros in a number) show in the invoice's detail only. */
    g_string_append_printf (sql, " AND (EXISTS (SELECT 1 FROM invoices d WHERE d.direction = invoices.direction"
                                 " AND d.supplier_code = invoices.supplier_code AND d.number_key = invoices.number_key"
                                 " AND d.id <> invoices.id AND invoices.number_key <> '')"
                                 " OR EXISTS (SELECT 1 FROM invoices d WHERE d.direction = invoices.direction"
                                 " AND d.supplier_code = invoices.supplier_code AND d.amount_ttc = invoices.amount_ttc"
                                 " AND d.id <> invoices.id AND invoices.amount_ttc <> 0"
                                 " AND d.invoice_type IS invoices.invoice_type"
                                 " AND d.invoice_date BETWEEN date (invoices.invoice_date, '-%d days')"
                                 " AND date (invoices.invoice_date, '+%d days')))",
                            CHORUS_DUPLICATE_DAYS_WINDOW, CHORUS_DUPLICATE_DAYS_WINDOW);
}

static void
bind_filter (sqlite3_stmt *stmt, const ChorusInvoiceFilter *filter)
{
  g_autofree char *fts = chorus_store_fts_query (filter->text);

  chorus_sql_bind_named_int (stmt, ":direction", filter->direction);
  chorus_sql_bind_named_int (stmt, ":group", filter->group);
  chorus_sql_bind_named_text (stmt, ":date_from", filter->date_from);
  chorus_sql_bind_named_text (stmt, ":date_to", filter->date_to);
  chorus_sql_bind_named_text (stmt, ":supplier_type", chorus_id_type_to_api (filter->supplier_type));
  if (chorus_sql_is_set (filter->supplier_contains))
    {
      g_autofree char *pattern = chorus_sql_like_pattern (filter->supplier_contains);
      chorus_sql_bind_named_text (stmt, ":supplier", pattern);
    }
  if (chorus_sql_is_set (filter->recipient_contains))
    {
      g_autofree char *pattern = chorus_sql_like_pattern (filter->recipient_contains);
      chorus_sql_bind_named_text (stmt, ":recipient", pattern);
    }
  chorus_sql_bind_named_text (stmt, ":gestionnaire", filter->gestionnaire);
  chorus_sql_bind_named_text (stmt, ":service_code", filter->service_code);
  chorus_sql_bind_named_int (stmt, ":amount_min", filter->amount_min);
  chorus_sql_bind_named_int (stmt, ":amount_max", filter->amount_max);
  chorus_sql_bind_named_text (stmt, ":text", fts);
}

static gboolean
has_narrowing_filter (const ChorusInvoiceFilter *filter)
{
  g_autofree char *fts = chorus_store_fts_query (filter->text);

  return fts != NULL || chorus_sql_is_set (filter->supplier_contains) || chorus_sql_is_set (filter->gestionnaire) ||
         chorus_sql_is_set (filter->recipient_contains) ||
         filter->unassigned ||
         chorus_sql_is_set (filter->service_code) || chorus_sql_is_set (filter->date_from) || chorus_sql_is_set (filter->date_to) ||
         filter->supplier_type != CHORUS_ID_TYPE_UNKNOWN || filter->amount_min >= 0 || filter->amount_max >= 0 ||
         filter->duplicates_only;
}

/* With @counting, the rows of every group (and validation stage) come, each with its group and
 * whether it is in the filter's: one walk gives both the list and its group counters. */
static char *
ids_sql_full (const ChorusInvoiceFilter *filter, ChorusSortColumn sort, gboolean descending, gboolean counting)
{
  GString *sql = g_string_new ("SELECT id");
  const char *dir = descending ? " DESC" : "";

  if (counting)
    {
      g_string_append (sql, ", status_group, (1");
      append_group_conditions (sql, filter);
      g_string_append (sql, ")");
    }
  g_string_append (sql, " FROM invoices");
  append_where (sql, filter, !counting);
  /* Ties broken by group then id: exactly the order of the (direction, column, group) index.
   * With a narrowing filter, "+" keeps SQLite from walking the sort index and looking up every
   * row: it starts from the filter's index (or FTS) and sorts the few rows left. */
  g_string_append (sql, " ORDER BY ");
  for (guint i = 0; i < G_N_ELEMENTS (sort_columns[sort]); i++)
    {
      const char *expression = sort_columns[sort][i];

      if (expression == NULL && i == 0 && sort == CHORUS_SORT_DAYS_LEFT)
        expression = chorus_deadline_sort_rank_sql ();
      if (expression == NULL)
        break;
      /* "+(…)" also keeps SQLite off the index; the expression itself must match the index's. */
      g_string_append_printf (sql, "%s%s%s, ", has_narrowing_filter (filter) ? "+" : "", expression, dir);
    }
  g_string_append_printf (sql, "status_group%s, id%s", dir, dir);
  return g_string_free (sql, FALSE);
}

static char *
ids_sql (const ChorusInvoiceFilter *filter, ChorusSortColumn sort, gboolean descending)
{
  return ids_sql_full (filter, sort, descending, FALSE);
}

/* Stops a statement in progress when its cancellable is cancelled (SQLite's progress handler). */
static int
interrupt_if_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable) ? 1 : 0;
}

/* Steps @stmt to its end, an interrupt by @cancellable giving G_IO_ERROR_CANCELLED. */
static gboolean
step_rows (ChorusSqlConnection *conn,
           sqlite3_stmt        *stmt,
           GCancellable        *cancellable,
           void               (*row) (sqlite3_stmt *stmt, gpointer data),
           gpointer             data,
           const char          *what,
           GError             **error)
{
  int rc;

  if (cancellable != NULL)
    sqlite3_progress_handler (conn->db, 2000, interrupt_if_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  sqlite3_reset (stmt);
  if (cancellable != NULL)
    sqlite3_progress_handler (conn->db, 0, NULL, NULL);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  chorus_sql_set_error (error, conn->db, what);
  return FALSE;
}

static void
append_id (sqlite3_stmt *stmt, gpointer ids)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);

  g_array_append_val ((GArray *) ids, id);
}

static GArray *
query_ids_on (ChorusSqlConnection       *conn,
              const ChorusInvoiceFilter *filter,
              ChorusSortColumn           sort,
              gboolean                   descending,
              GCancellable              *cancellable,
              GError                   **error)
{
  g_autofree char *sql = ids_sql (filter, sort, descending);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&conn->lock);
  sqlite3_stmt *stmt = chorus_sql_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  if (!step_rows (conn, stmt, cancellable, append_id, ids, "query", error))
    return NULL;
  return g_steal_pointer (&ids);
}

GArray *
chorus_store_query_ids (ChorusStore               *self,
                        const ChorusInvoiceFilter *filter,
                        ChorusSortColumn           sort,
                        gboolean                   descending,
                        GError                   **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (sort < CHORUS_SORT_LAST, NULL);

  return query_ids_on (&self->reader, filter, sort, descending, NULL, error);
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
  stmt = chorus_sql_prepare (&self->reader, sql, NULL);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  expanded = sqlite3_expanded_sql (stmt);
  result = g_strdup (expanded);
  sqlite3_free (expanded);
  return result;
}

/* Counts the rows of @filter (its group and validation stage left out) per status: @add gets each
 * status code, its group and how many, and sums them its own way into @counts. */
typedef void (*CountAddFunc) (const char *status, int group, guint n, guint *counts);

typedef struct {
  CountAddFunc  add;
  guint        *counts;
} CountRows;

static void
add_count_row (sqlite3_stmt *stmt, gpointer data)
{
  CountRows *rows = data;

  rows->add (chorus_sql_column_text (stmt, 0), sqlite3_column_int (stmt, 1), (guint) sqlite3_column_int64 (stmt, 2),
             rows->counts);
}

/* With @kept, every invoice of a side (no narrowing filter) is read from the counters the
 * triggers keep (schema step 16) instead of counted; they know groups, not statuses, so @add
 * then gets no status. */
static gboolean
count_statuses (ChorusSqlConnection       *conn,
                const ChorusInvoiceFilter *filter,
                gboolean                   kept,
                CountAddFunc               add,
                guint                     *counts,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT status, status_group, count(*) FROM invoices");
  g_autoptr(GMutexLocker) locker = NULL;
  CountRows rows = { add, counts };
  sqlite3_stmt *stmt;

  if (kept && !has_narrowing_filter (filter))
    g_string_assign (sql, "SELECT NULL, status_group, n FROM group_counts WHERE direction = :direction");
  else
    {
      append_where (sql, filter, FALSE);
      /* Grouping by status first follows the status index: no temporary b-tree. */
      g_string_append (sql, " GROUP BY status, status_group");
    }

  locker = g_mutex_locker_new (&conn->lock);
  stmt = chorus_sql_prepare (conn, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter);
  return step_rows (conn, stmt, cancellable, add_count_row, &rows, "count", error);
}

static void
add_to_group (const char *status, int group, guint n, guint *counts)
{
  counts[CHORUS_STATUS_GROUP_ALL] += n;
  if (group > CHORUS_STATUS_GROUP_ALL && group < CHORUS_STATUS_GROUP_LAST)
    counts[group] += n;
}

static gboolean
count_groups_on (ChorusSqlConnection       *conn,
                 const ChorusInvoiceFilter *filter,
                 guint                      counts[CHORUS_STATUS_GROUP_LAST],
                 GCancellable              *cancellable,
                 GError                   **error)
{
  memset (counts, 0, sizeof (guint) * CHORUS_STATUS_GROUP_LAST);
  return count_statuses (conn, filter, TRUE, add_to_group, counts, cancellable, error);
}

gboolean
chorus_store_count_groups (ChorusStore               *self,
                           const ChorusInvoiceFilter *filter,
                           guint                      counts[CHORUS_STATUS_GROUP_LAST],
                           GError                   **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  return count_groups_on (&self->reader, filter, counts, NULL, error);
}

static void
add_to_stage (const char *status, int group, guint n, guint *counts)
{
  int level = chorus_status_validation_level (chorus_status_from_api (status));

  counts[CHORUS_VALIDATION_STAGE_ANY] += n;
  counts[level == 1 ? CHORUS_VALIDATION_STAGE_LEVEL_1
         : level == 2 ? CHORUS_VALIDATION_STAGE_LEVEL_2 : CHORUS_VALIDATION_STAGE_DECIDED] += n;
}

gboolean
chorus_store_count_validation_stages (ChorusStore               *self,
                                      const ChorusInvoiceFilter *filter,
                                      guint                      counts[CHORUS_VALIDATION_STAGE_LAST],
                                      GError                   **error)
{
  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  memset (counts, 0, sizeof (guint) * CHORUS_VALIDATION_STAGE_LAST);
  return count_statuses (&self->reader, filter, FALSE, add_to_stage, counts, NULL, error);
}

/* The list's query ------------------------------------------------------------------------------ */

typedef struct {
  GArray *ids;
  guint  *counts;
} CountedIds;

static void
append_counted_id (sqlite3_stmt *stmt, gpointer data)
{
  CountedIds *counted = data;

  add_to_group (NULL, sqlite3_column_int (stmt, 1), 1, counted->counts);
  if (sqlite3_column_int (stmt, 2) != 0)
    append_id (stmt, counted->ids);
}

/* The ids of chorus_store_query_ids() and the counters of chorus_store_count_groups(). A narrowing
 * filter (full text, a supplier…) is walked once for both: its rows of every group come in the
 * list's order, counted, and those of the filter's group kept. Without one, the kept counters. */
static GArray *
query_counted_ids_on (ChorusSqlConnection       *conn,
                      const ChorusInvoiceFilter *filter,
                      ChorusSortColumn           sort,
                      gboolean                   descending,
                      guint                      counts[CHORUS_STATUS_GROUP_LAST],
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  CountedIds counted;
  sqlite3_stmt *stmt;

  if (!has_narrowing_filter (filter))
    {
      ids = query_ids_on (conn, filter, sort, descending, cancellable, error);
      if (ids == NULL || !count_groups_on (conn, filter, counts, cancellable, error))
        return NULL;
      return g_steal_pointer (&ids);
    }

  memset (counts, 0, sizeof (guint) * CHORUS_STATUS_GROUP_LAST);
  sql = ids_sql_full (filter, sort, descending, TRUE);
  locker = g_mutex_locker_new (&conn->lock);
  stmt = chorus_sql_prepare (conn, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  counted.ids = ids;
  counted.counts = counts;
  if (!step_rows (conn, stmt, cancellable, append_counted_id, &counted, "query", error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* Off the UI thread ---------------------------------------------------------------------------- */

typedef struct {
  ChorusInvoiceFilter filter;    /* its strings are the fields below */
  char               *strings[7];
  ChorusSortColumn    sort;
  gboolean            descending;
  gboolean            count;
  /* Under lock: the answer, until the caller takes it, at once or from the task. */
  GMutex              lock;
  GCond               cond;
  gboolean            done;
  gboolean            taken;
  ChorusQueryResult  *result;
  GError             *error;
} QueryJob;

static void
query_job_free (QueryJob *job)
{
  for (guint i = 0; i < G_N_ELEMENTS (job->strings); i++)
    g_free (job->strings[i]);
  chorus_query_result_free (job->result);
  g_clear_error (&job->error);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

void
chorus_query_result_free (ChorusQueryResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->ids, g_array_unref);
  g_free (result);
}

static void
run_query_job (ChorusStore *self, QueryJob *job, GCancellable *cancellable)
{
  g_autoptr(ChorusQueryResult) result = g_new0 (ChorusQueryResult, 1);
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      if (job->count)
        result->ids = query_counted_ids_on (&self->querier, &job->filter, job->sort, job->descending, result->counts,
                                            cancellable, &error);
      else
        result->ids = query_ids_on (&self->querier, &job->filter, job->sort, job->descending, cancellable, &error);
      result->counted = result->ids != NULL && job->count;
    }
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  if (result->ids != NULL)
    job->result = g_steal_pointer (&result);
  else
    job->error = error;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
}

static void
query_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusStore *self = source;

  if (self->query_hook != NULL)
    self->query_hook (cancellable, self->query_hook_data);
  run_query_job (self, task_data, cancellable);
  g_task_return_boolean (task, TRUE);
}

/* Whether a list of @filter's side is small enough to be read on the calling thread: every
 * query of a side of 100,000 invoices takes 5 to 25 ms, less than a worker waits for a free core
 * on a busy machine; larger sides go to the worker, where typing never waits for them. */
static gboolean
query_is_cheap (ChorusStore *self, const ChorusInvoiceFilter *filter)
{
  gint64 rows = chorus_store_read_number (self, "SELECT coalesce (sum (n), 0) FROM group_counts WHERE direction = ?1",
                                          filter->direction, 0);

  return rows <= (gint64) self->cheap_query_rows;
}

ChorusQueryResult *
chorus_store_query_start (ChorusStore               *self,
                          const ChorusInvoiceFilter *filter,
                          ChorusSortColumn           sort,
                          gboolean                   descending,
                          gboolean                   count,
                          guint                      wait_ms,
                          GCancellable              *cancellable,
                          GAsyncReadyCallback        callback,
                          gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ChorusQueryResult *now = NULL;
  gint64 deadline = g_get_monotonic_time () + wait_ms * G_TIME_SPAN_MILLISECOND;
  QueryJob *job;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (sort < CHORUS_SORT_LAST, NULL);

  job = g_new0 (QueryJob, 1);
  job->filter = *filter;
  job->filter.date_from = job->strings[0] = g_strdup (filter->date_from);
  job->filter.date_to = job->strings[1] = g_strdup (filter->date_to);
  job->filter.supplier_contains = job->strings[2] = g_strdup (filter->supplier_contains);
  job->filter.gestionnaire = job->strings[3] = g_strdup (filter->gestionnaire);
  job->filter.service_code = job->strings[4] = g_strdup (filter->service_code);
  job->filter.text = job->strings[5] = g_strdup (filter->text);
  job->filter.recipient_contains = job->strings[6] = g_strdup (filter->recipient_contains);
  job->sort = sort;
  job->descending = descending;
  job->count = count;
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_store_query_start);
  g_task_set_task_data (task, job, (GDestroyNotify) query_job_free);
  if (query_is_cheap (self, filter))
    {
      run_query_job (self, job, cancellable);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_run_in_thread (task, query_thread);

  /* A quick answer is shown in the frame of the change, with no empty frame in between. */
  g_mutex_lock (&job->lock);
  while (!job->done && g_cond_wait_until (&job->cond, &job->lock, deadline))
    ;
  if (job->done && job->result != NULL)
    {
      now = g_steal_pointer (&job->result);
      job->taken = TRUE;
    }
  g_mutex_unlock (&job->lock);
  return now;
}

ChorusQueryResult *
chorus_store_query_finish (ChorusStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  QueryJob *job;
  ChorusQueryResult *answer;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  g_mutex_lock (&job->lock);
  answer = g_steal_pointer (&job->result);
  if (answer == NULL && !job->taken)
    g_propagate_error (error, g_steal_pointer (&job->error));
  g_mutex_unlock (&job->lock);
  return answer;
}

void
chorus_store_set_cheap_query_rows (ChorusStore *self,
                                   guint        rows)
{
  g_return_if_fail (CHORUS_IS_STORE (self));
  self->cheap_query_rows = rows;
}

void
chorus_store_set_query_hook (ChorusStore          *self,
                             ChorusStoreQueryHook  hook,
                             gpointer              data)
{
  g_return_if_fail (CHORUS_IS_STORE (self));
  self->query_hook = hook;
  self->query_hook_data = data;
}

gboolean
chorus_store_has_several_recipients (ChorusStore     *self,
                                     ChorusDirection  direction)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean several = FALSE;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);

  /* Two lookups at the ends of the recipient index, whatever the number of invoices. */
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader,
                                    "SELECT (SELECT min (recipient_name) FROM invoices WHERE direction = ?1)"
                                    " IS NOT (SELECT max (recipient_name) FROM invoices WHERE direction = ?1)",
                                    NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, direction);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    several = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return several;
}

GPtrArray *
chorus_store_list_recipients (ChorusStore      *self,
                              ChorusDirection   direction,
                              GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  /* The distinct names come from the recipient index; the identifier of each from one row. */
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader,
                                    "SELECT name, (SELECT recipient_code FROM invoices WHERE direction = ?1"
                                    " AND recipient_name = name LIMIT 1)"
                                    " FROM (SELECT DISTINCT recipient_name AS name FROM invoices"
                                    " WHERE direction = ?1 AND recipient_name IS NOT NULL)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, direction);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ChorusStructure *structure = chorus_structure_new ();

      structure->name = g_strdup (chorus_sql_column_text (stmt, 0));
      structure->identifier = g_strdup (chorus_sql_column_text (stmt, 1));
      g_ptr_array_add (recipients, structure);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, self->reader.db, "recipients");
      return NULL;
    }
  return g_steal_pointer (&recipients);
}
