/* chorus-sim-query.c: dynamic SQL for the operations: bind lists, statements, cached counts, page
 * clauses and the WHERE pieces several searches build alike. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-private.h"

GPtrArray *
sim_binds_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
}

void
sim_bind_int (GPtrArray *binds, gint64 v)
{
  g_ptr_array_add (binds, g_variant_ref_sink (g_variant_new_int64 (v)));
}

void
sim_bind_text (GPtrArray *binds, const char *v)
{
  g_ptr_array_add (binds, g_variant_ref_sink (g_variant_new_string (v)));
}

sqlite3_stmt *
sim_prepare (SimCtx *ctx, const char *sql, GPtrArray *binds)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ctx->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("chorus-sim: bad SQL %s: %s", sql, sqlite3_errmsg (ctx->db));
      return NULL;
    }
  for (guint i = 0; binds && i < binds->len; i++)
    {
      GVariant *v = g_ptr_array_index (binds, i);

      if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, (int) i + 1, g_variant_get_int64 (v));
      else
        sqlite3_bind_text (stmt, (int) i + 1, g_variant_get_string (v, NULL), -1, SQLITE_TRANSIENT);
    }
  return stmt;
}

gboolean
sim_exec (SimCtx *ctx, const char *sql, GPtrArray *binds)
{
  sqlite3_stmt *stmt = sim_prepare (ctx, sql, binds);
  gboolean done = stmt != NULL && sqlite3_step (stmt) == SQLITE_DONE;

  sqlite3_finalize (stmt);
  return done;
}

gint64
sim_count (SimCtx *ctx, const char *sql, GPtrArray *binds)
{
  g_autoptr(GString) key = g_string_new (sql);
  sqlite3_stmt *stmt;
  gint64 n = 0;

  for (guint i = 0; binds && i < binds->len; i++)
    {
      g_autofree char *printed = g_variant_print (g_ptr_array_index (binds, i), TRUE);
      g_string_append_printf (key, "\x1f%s", printed);
    }
  if (sim_dataset_cached_count (ctx->ds, key->str, &n))
    return n;
  stmt = sim_prepare (ctx, sql, binds);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sim_dataset_cache_count (ctx->ds, key->str, n);
  return n;
}

char *
sim_page_clause (const SimPaging *paging, const char *then, const char *tie_id)
{
  const char *direction = paging->descending ? "DESC" : "ASC";
  GString *clause = g_string_new (NULL);

  g_string_append_printf (clause, " ORDER BY %s %s%s", paging->column, direction, then ? then : "");
  if (tie_id != NULL)
    g_string_append_printf (clause, ", %s %s", tie_id, direction);
  g_string_append_printf (clause, " LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT, paging->per_page,
                          (paging->page - 1) * paging->per_page);
  return g_string_free (clause, FALSE);
}

void
sim_where_in (GString *where, GPtrArray *binds, const char *column, GPtrArray *values)
{
  if (values->len == 0)
    return;
  g_string_append_printf (where, " AND %s IN (", column);
  for (guint k = 0; k < values->len; k++)
    {
      g_string_append (where, k ? ",?" : "?");
      sim_bind_text (binds, g_ptr_array_index (values, k));
    }
  g_string_append_c (where, ')');
}

void
sim_where_amounts (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *min_key,
                   const char *max_key, const char *column)
{
  gboolean present;
  gint64 v = sim_req_amount (ctx, req, min_key, 0, &present);

  if (present)
    {
      g_string_append_printf (where, " AND %s >= ?", column);
      sim_bind_int (binds, v);
    }
  v = sim_req_amount (ctx, req, max_key, 0, &present);
  if (present)
    {
      g_string_append_printf (where, " AND %s <= ?", column);
      sim_bind_int (binds, v);
    }
}

gboolean
sim_account_has (SimCtx *ctx, gint64 structure_id, const char *role)
{
  return sim_dataset_is_attached (ctx->ds, structure_id, role);
}

char *
sim_in_list (GArray *ids)
{
  GString *s = g_string_new ("(");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  if (ids->len == 0)
    g_string_append (s, "-1");
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}
