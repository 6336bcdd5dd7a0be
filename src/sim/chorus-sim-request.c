/* chorus-sim-request.c: strict reading of request members (a wrong type is a 400, as the platform
 * answers it), dates, the language and the paging of searches. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
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

static gboolean
holds_value_of (JsonNode *n, GType type)
{
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == type;
}

/* @key's node when it holds a value of @type (G_TYPE_NONE: an object or an array, as @container
 * says); NULL when absent or null, or (a 400 recorded, saying it must be @what) of another type. */
static JsonNode *
typed_member (SimCtx *ctx, JsonObject *o, const char *key, GType type, JsonNodeType container, const char *what)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return NULL;
  if (type != G_TYPE_NONE ? holds_value_of (n, type) : JSON_NODE_TYPE (n) == container)
    return n;
  sim_bad_request (ctx, "le champ « %s » doit être %s", key, what);
  return NULL;
}

gint64
sim_req_int (SimCtx *ctx, JsonObject *o, const char *key, gint64 def)
{
  JsonNode *n = member (o, key);

  if (n == NULL)
    return def;
  if (holds_value_of (n, G_TYPE_INT64))
    return json_node_get_int (n);
  if (holds_value_of (n, G_TYPE_DOUBLE))
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
  JsonNode *n = typed_member (ctx, o, key, G_TYPE_STRING, JSON_NODE_VALUE, "une chaîne de caractères");

  return n != NULL ? json_node_get_string (n) : def;
}

gboolean
sim_req_bool (SimCtx *ctx, JsonObject *o, const char *key, gboolean def)
{
  JsonNode *n = typed_member (ctx, o, key, G_TYPE_BOOLEAN, JSON_NODE_VALUE, "un booléen");

  return n != NULL ? json_node_get_boolean (n) : def;
}

JsonObject *
sim_req_obj (SimCtx *ctx, JsonObject *o, const char *key)
{
  JsonNode *n = typed_member (ctx, o, key, G_TYPE_NONE, JSON_NODE_OBJECT, "un objet");

  return n != NULL ? json_node_get_object (n) : NULL;
}

JsonArray *
sim_req_array (SimCtx *ctx, JsonObject *o, const char *key)
{
  JsonNode *n = typed_member (ctx, o, key, G_TYPE_NONE, JSON_NODE_ARRAY, "une liste");

  return n != NULL ? json_node_get_array (n) : NULL;
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

GPtrArray *
sim_req_str_list (SimCtx *ctx, JsonObject *o, const char *key)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonNode *n = member (o, key);

  if (n == NULL)
    return out;
  if (holds_value_of (n, G_TYPE_STRING))
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

          if (!holds_value_of (e, G_TYPE_STRING))
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

gboolean
sim_is_date (const char *s)
{
  int y, m, d;
  return s != NULL && strlen (s) >= 10 && sscanf (s, "%4d-%2d-%2d", &y, &m, &d) == 3 && s[4] == '-' && s[7] == '-' &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
sim_is_day (const char *s)
{
  int y, m, d;
  char tail;

  return s != NULL && sscanf (s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen (s) == 10 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
sim_read_langue (SimCtx *ctx, JsonObject *req, JsonObject **fail)
{
  const char *lang = sim_req_str (ctx, req, "codeLangue", "FR");

  if (ctx->error)
    return FALSE;
  if (g_ascii_strcasecmp (lang, "FR") != 0 && g_ascii_strcasecmp (lang, "EN") != 0)
    {
      *fail = sim_fail (SIM_CODE_INVALID_VALUE, "codeLangue « %s » inconnu", lang);
      return FALSE;
    }
  return TRUE;
}

/* ---- paging ------------------------------------------------------------------------------------ */

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
sim_page_bounds (const SimPaging *paging, gsize len, gsize *first, gsize *end)
{
  guint64 skipped = (guint64) (paging->page - 1);
  guint64 per_page = (guint64) paging->per_page;

  /* Written so that no product overflows, whatever page a request asks for. */
  *first = skipped > len / per_page ? len : (gsize) (skipped * per_page);
  *end = (gsize) MIN ((guint64) *first + per_page, (guint64) len);
}
