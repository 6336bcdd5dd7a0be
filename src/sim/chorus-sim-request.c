/* chorus-sim-request.c: strict reading of request members, answer building and paging. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "chorus-sim-private.h"

void
sim_bad_request (SimCtx *ctx, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (ctx->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  ctx->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
}

gboolean
sim_has (JsonObject *o, const char *key)
{
  JsonNode *n;

  if (o == NULL)
    return FALSE;
  n = json_object_get_member (o, key);
  return n != NULL && !JSON_NODE_HOLDS_NULL (n);
}

static JsonNode *
member (JsonObject *o, const char *key)
{
  return sim_has (o, key) ? json_object_get_member (o, key) : NULL;
}

gint64
sim_req_int (SimCtx *ctx, JsonObject *o, const char *key, gint64 def)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return def;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
    return json_node_get_int (n);
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (n);
      if (d == floor (d) && fabs (d) < 9e15)
        return (gint64) d;
    }
  sim_bad_request (ctx, "le champ « %s » doit être un entier", key);
  return def;
}

const char *
sim_req_str (SimCtx *ctx, JsonObject *o, const char *key, const char *def)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return def;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  sim_bad_request (ctx, "le champ « %s » doit être une chaîne de caractères", key);
  return def;
}

gboolean
sim_req_bool (SimCtx *ctx, JsonObject *o, const char *key, gboolean def)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return def;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (n);
  sim_bad_request (ctx, "le champ « %s » doit être un booléen", key);
  return def;
}

double
sim_req_double (SimCtx *ctx, JsonObject *o, const char *key, double def)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return def;
  if (JSON_NODE_HOLDS_VALUE (n))
    {
      GType t = json_node_get_value_type (n);

      if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (n);
          if (isfinite (d))
            return d;
        }
      else if (t == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (n);
          char *end = NULL;
          double d = g_ascii_strtod (s, &end);

          if (end != s && *end == '\0' && isfinite (d))
            return d;
        }
    }
  sim_bad_request (ctx, "le champ « %s » doit être un nombre", key);
  return def;
}

gint64
sim_req_amount (SimCtx *ctx, JsonObject *o, const char *key, gint64 def, gboolean *present)
{
  double d;

  if (present)
    *present = sim_has (o, key);
  if (!sim_has (o, key))
    return def;
  d = sim_req_double (ctx, o, key, 0);
  if (fabs (d) > 1e13)
    {
      sim_bad_request (ctx, "le montant « %s » est hors limites", key);
      return def;
    }
  return (gint64) llround (d * 100.0);
}

JsonObject *
sim_req_obj (SimCtx *ctx, JsonObject *o, const char *key)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (n))
    return json_node_get_object (n);
  sim_bad_request (ctx, "le champ « %s » doit être un objet", key);
  return NULL;
}

JsonArray *
sim_req_array (SimCtx *ctx, JsonObject *o, const char *key)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (n))
    return json_node_get_array (n);
  sim_bad_request (ctx, "le champ « %s » doit être une liste", key);
  return NULL;
}

GPtrArray *
sim_req_str_list (SimCtx *ctx, JsonObject *o, const char *key)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonNode *n = member (o, key);

  if (n == NULL)
    return out;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    {
      g_ptr_array_add (out, (gpointer) json_node_get_string (n));
      return out;
    }
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              sim_bad_request (ctx, "le champ « %s » doit contenir des chaînes de caractères", key);
              break;
            }
          g_ptr_array_add (out, (gpointer) json_node_get_string (e));
        }
      return out;
    }
  sim_bad_request (ctx, "le champ « %s » doit être une chaîne ou une liste de chaînes", key);
  return out;
}

gboolean
sim_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* ---- answers ---------------------------------------------------------------------------- */

JsonObject *
sim_ok (void)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "codeRetour", SIM_CODE_OK);
  json_object_set_string_member (o, "libelle", SIM_LIBELLE_OK);
  return o;
}

JsonObject *
sim_fail (int code, const char *format, ...)
{
  JsonObject *o = json_object_new ();
  va_list args;
  g_autofree char *libelle = NULL;

  va_start (args, format);
  libelle = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_int_member (o, "codeRetour", code);
  json_object_set_string_member (o, "libelle", libelle);
  return o;
}

void
sim_set_str (JsonObject *o, const char *key, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

double
sim_cents_to_json (gint64 cents)
{
  return (double) cents / 100.0;
}

/* Whole amounts go out as integers (9500), others as decimals (9822.5), as the platform does. */
void
sim_set_amount (JsonObject *o, const char *key, gint64 cents)
{
  if (cents % 100 == 0)
    json_object_set_int_member (o, key, cents / 100);
  else
    json_object_set_double_member (o, key, sim_cents_to_json (cents));
}

/* ---- paging ----------------------------------------------------------------------------- */

gboolean
sim_read_paging (SimCtx *ctx, JsonObject *wrapper, gint64 default_per_page, const SimSortColumn *columns,
                 gsize n_columns, const char *default_column, gboolean default_descending, SimPaging *out)
{
  const char *column = sim_req_str (ctx, wrapper, "triColonne", NULL);
  const char *sens = sim_req_str (ctx, wrapper, "triSens", NULL);

  out->page = sim_req_int (ctx, wrapper, "pageResultatDemandee", 1);
  out->per_page = sim_req_int (ctx, wrapper, "nbResultatsParPage", default_per_page);
  out->column = default_column;
  out->descending = default_descending;
  if (ctx->error)
    return FALSE;
  if (out->page < 1)
    {
      sim_bad_request (ctx, "pageResultatDemandee doit être supérieur ou égal à 1");
      return FALSE;
    }
  if (out->per_page < 1 || out->per_page > SIM_MAX_PER_PAGE)
    {
      sim_bad_request (ctx, "nbResultatsParPage doit être compris entre 1 et %d", SIM_MAX_PER_PAGE);
      return FALSE;
    }
  if (out->page > G_MAXINT64 / out->per_page)
    {
      sim_bad_request (ctx, "pageResultatDemandee est hors limites");
      return FALSE;
    }
  if (column != NULL && *column != '\0')
    {
      gboolean found = FALSE;

      for (gsize i = 0; i < n_columns; i++)
        if (g_ascii_strcasecmp (columns[i].api, column) == 0)
          {
            out->column = columns[i].sql;
            found = TRUE;
          }
      if (!found)
        {
          sim_bad_request (ctx, "triColonne « %s » inconnue", column);
          return FALSE;
        }
    }
  if (sens != NULL && *sens != '\0')
    {
      if (g_strcmp0 (sens, "Ascendant") == 0)
        out->descending = FALSE;
      else if (g_strcmp0 (sens, "Descendant") == 0)
        out->descending = TRUE;
      else
        {
          sim_bad_request (ctx, "triSens doit valoir « Ascendant » ou « Descendant »");
          return FALSE;
        }
    }
  return TRUE;
}

void
sim_read_sub_paging (SimCtx *ctx, JsonObject *wrapper, const char *suffix, SimPaging *out)
{
  g_autofree char *page_key = g_strconcat ("pageResultatDemandee", suffix, NULL);
  g_autofree char *per_key = g_strconcat ("nbResultatsParPage", suffix, NULL);

  out->page = sim_req_int (ctx, wrapper, page_key, 1);
  out->per_page = sim_req_int (ctx, wrapper, per_key, 100);
  out->column = NULL;
  out->descending = FALSE;
  if (out->page < 1 || out->per_page < 1 || out->per_page > SIM_MAX_PER_PAGE)
    sim_bad_request (ctx, "pagination de « %s » invalide", suffix);
}

void
sim_write_paging (JsonObject *o, const SimPaging *paging, gint64 total, const char *suffix)
{
  g_autofree char *k1 = g_strconcat ("pageCourante", suffix, NULL);
  g_autofree char *k2 = g_strconcat ("pages", suffix, NULL);
  g_autofree char *k3 = g_strconcat ("nbResultatsParPage", suffix, NULL);
  g_autofree char *k4 = g_strconcat ("total", suffix, NULL);

  json_object_set_int_member (o, k1, paging->page);
  json_object_set_int_member (o, k2, (total + paging->per_page - 1) / paging->per_page);
  json_object_set_int_member (o, k3, paging->per_page);
  json_object_set_int_member (o, k4, total);
}

/* ---- SQL helpers ------------------------------------------------------------------------ */

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
