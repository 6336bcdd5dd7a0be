/* soak-check.c: the soak's eyes on the simulator: its database read per effect, the check of the outbox against the plan, and the user's answers to actions à vérifier. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-json.h"
#include "soak.h"

/* ================================================================================================
 * The simulator's database
 * ============================================================================================== */

sqlite3 *
soak_open_sim_db (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "sim", "chorus-sim.db", NULL);
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* One count; the named parameters from @sources, the first that has them. */
gint64
soak_count (sqlite3 *db, const char *sql, JsonObject **sources, guint n_sources)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  for (int p = 1; p <= sqlite3_bind_parameter_count (stmt); p++)
    {
      const char *name = sqlite3_bind_parameter_name (stmt, p) + 1;
      JsonNode *node = NULL;

      for (guint s = 0; s < n_sources && node == NULL; s++)
        if (sources[s] != NULL)
          node = json_object_get_member (sources[s], name);
      if (node == NULL)
        g_error ("%s: nothing for :%s", sql, name);
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        sqlite3_bind_text (stmt, p, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, p, json_node_get_int (node));
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (value < 0)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return value;
}

/* What the simulator held before the soak: each effect counts only what came after. */
JsonObject *
soak_read_baselines (const char *dir)
{
  sqlite3 *db = soak_open_sim_db (dir);
  JsonObject *baselines = json_object_new ();
  guint n;
  const SoakQuery *queries = soak_baselines (&n);

  for (guint i = 0; i < n; i++)
    json_object_set_int_member (baselines, queries[i].name, soak_count (db, queries[i].sql, NULL, 0));
  sqlite3_close (db);
  return baselines;
}

/* ================================================================================================
 * The check
 * ============================================================================================== */


typedef struct {
  const SoakKind *row;
  guint           min, max;    /* what the plan's items put there, without / with those à vérifier */
  JsonObject     *effect;      /* one of them, for its parameters */
  const char     *key;         /* an item that has it, for the report */
} EffectGroup;

static void
note (GString *notes, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (GString *notes, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_string_append (notes, "  ");
  g_string_append_vprintf (notes, format, args);
  g_string_append_c (notes, '\n');
  va_end (args);
}

/* The effect without its "times": the same thing in the simulator, whichever item names it. */
static char *
effect_id (JsonObject *effect)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (effect);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  for (GList *m = members; m != NULL; m = m->next)
    if (g_strcmp0 (m->data, "times") != 0)
      json_object_set_member (copy, m->data, json_node_copy (json_object_get_member (effect, m->data)));
  json_node_set_object (node, copy);
  return json_to_string (node, FALSE);
}

static const char *
reader_sql (const char *name)
{
  guint n;
  const SoakQuery *readers = soak_readers (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (readers[i].name, name))
      return readers[i].sql;
  g_error ("no reader %s", name);
}

/* For a done action whose answer the app goes on with (a read PDF's upload, named by the deposit
 * that follows): whether the server has it. */
static gboolean
answer_on_server (sqlite3 *db, const ChorusAction *action)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonObject *sources[2];

  if (action->kind != CHORUS_ACTION_KIND_READ_PDF)
    return TRUE;
  result = chorus_json_parse_object (action->result != NULL ? action->result : "", -1, NULL);
  payload = chorus_json_parse_object (action->payload != NULL ? action->payload : "", -1, NULL);
  if (result == NULL || payload == NULL || !json_object_has_member (result, "attachmentId") ||
      !json_object_has_member (payload, "name"))
    return FALSE;
  sources[0] = result;
  sources[1] = payload;
  return soak_count (db, "SELECT count(*) FROM attachments WHERE id = :attachmentId AND nom = :name", sources, 2) == 1;
}

/* The row of an outbox kind (each row has its own kind). */
static const SoakKind *
kind_row (ChorusActionKind kind)
{
  guint n;
  const SoakKind *kinds = soak_kinds (&n);

  for (guint k = 0; k < n; k++)
    if (kinds[k].kind == kind)
      return &kinds[k];
  return NULL;
}

/* Seconds from when @action was queued to its final answer; -1 while it has none. */
static double
action_seconds (const ChorusAction *action)
{
  g_autoptr(GDateTime) created = action->created_at != NULL ? g_date_time_new_from_iso8601 (action->created_at, NULL)
                                                              : NULL;
  g_autoptr(GDateTime) finished = action->finished_at != NULL
                                  ? g_date_time_new_from_iso8601 (action->finished_at, NULL) : NULL;

  if (created == NULL || finished == NULL)
    return -1;
  return g_date_time_difference (finished, created) / (double) G_TIME_SPAN_SECOND;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The kinds' median and longest times, from each kind's @durations. */
static void
put_times (SoakCounts *counts, GArray **durations, guint n_kinds)
{
  for (guint k = 0; k < n_kinds; k++)
    {
      GArray *times = durations[k];

      if (times->len > 0)
        {
          g_array_sort (times, compare_doubles);
          counts[k].median_s = g_array_index (times, double, times->len / 2);
          counts[k].max_s = g_array_index (times, double, times->len - 1);
        }
      g_array_unref (times);
    }
}

/* Compares the outbox and the simulator with the plan; fills @counts (one per kind) and @notes. */
void
soak_check (const char *dir, JsonObject *plan, JsonObject *baselines, SoakCounts *counts, GString *notes, GString *to_check)
{
  g_autofree char *store_dir = soak_path_in (dir, "app");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (store_dir, &error);
  g_autoptr(GHashTable) actions_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                (GDestroyNotify) g_queue_free);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) all_actions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  JsonArray *items = json_object_get_array_member (plan, "items");
  JsonObject *facts = json_object_get_object_member (plan, "facts");
  sqlite3 *db;
  guint n_kinds;
  const SoakKind *kinds = soak_kinds (&n_kinds);
  g_autofree GArray **durations = g_new0 (GArray *, n_kinds);
  GHashTableIter iter;
  gpointer key, value;

  if (store == NULL)
    g_error ("store: %s", error->message);
  for (guint k = 0; k < n_kinds; k++)
    durations[k] = g_array_new (FALSE, FALSE, sizeof (double));
  db = soak_open_sim_db (dir);
  for (guint k = 0; k < n_kinds; k++)
    {
      GPtrArray *actions = chorus_store_outbox_list_kind (store, kinds[k].kind, &error);

      if (actions == NULL)
        g_error ("outbox: %s", error->message);
      g_ptr_array_add (all_actions, actions);
      for (guint i = 0; i < actions->len; i++)
        {
          ChorusAction *action = g_ptr_array_index (actions, i);
          char *action_key = kinds[k].action_key (action);
          GQueue *queue = g_hash_table_lookup (actions_by_key, action_key);

          if (queue == NULL)
            {
              queue = g_queue_new ();
              g_hash_table_insert (actions_by_key, g_strdup (action_key), queue);
            }
          g_queue_push_tail (queue, action);
          g_free (action_key);
        }
    }

  /* Each item and the action queued for it. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *item_key = json_object_get_string_member (item, "key");
      const SoakKind *row = soak_kind_find (json_object_get_string_member (item, "kind"));
      SoakCounts *c = &counts[row - kinds];
      gboolean apply = g_str_equal (json_object_get_string_member (item, "expect"), "apply");
      GQueue *queue = g_hash_table_lookup (actions_by_key, item_key);
      ChorusAction *action = queue != NULL ? g_queue_pop_head (queue) : NULL;
      JsonArray *effects = json_object_get_array_member (item, "effects");

      if (action == NULL)
        {
          c->lost++;
          note (notes, "%s: never queued", item_key);
          continue;
        }
      c->queued++;
      if (action->state == CHORUS_ACTION_TO_CHECK ||
          (action->result != NULL && (strstr (action->result, "\"resentByUser\"") != NULL ||
                                      strstr (action->result, "\"doneByUser\"") != NULL)))
        c->asked++;
      c->sent += action->attempts > 0;
      c->retries += action->attempts > 1 ? (guint) action->attempts - 1 : 0;
      {
        double seconds = action_seconds (action);

        if (seconds >= 0)
          g_array_append_val (durations[row - kinds], seconds);
      }
      switch (action->state)
        {
        case CHORUS_ACTION_DONE:
          c->done++;
          if (!apply)
            {
              c->wrong++;
              note (notes, "%s: done, although the simulator's rules refuse it", item_key);
            }
          else if (!answer_on_server (db, action))
            {
              c->wrong++;
              note (notes, "%s: done, but what it answered is not on the server: %s", item_key, action->result);
            }
          break;
        case CHORUS_ACTION_FAILED:
          c->failed++;
          if (apply)
            {
              c->wrong++;
              note (notes, "%s: failed: %s", item_key, action->message);
            }
          else if (action->message == NULL || *action->message == '\0')
            {
              c->wrong++;
              note (notes, "%s: refused without the server's reason", item_key);
            }
          break;
        case CHORUS_ACTION_TO_CHECK:
          c->to_check++;
          if (!row->may_ask_user)
            {
              c->wrong++;
              note (notes, "%s: à vérifier, which this kind never needs", item_key);
            }
          break;
        case CHORUS_ACTION_PENDING:
        case CHORUS_ACTION_SENDING:
        default:
          c->open++;
          c->wrong++;
          note (notes, "%s: still in the outbox (state %d)", item_key, action->state);
          break;
        }

      for (guint e = 0; e < json_array_get_length (effects); e++)
        {
          JsonObject *effect = json_array_get_object_element (effects, e);
          g_autofree char *id = effect_id (effect);
          EffectGroup *group = g_hash_table_lookup (groups, id);
          guint times = (guint) json_object_get_int_member (effect, "times");

          if (group == NULL)
            {
              group = g_new0 (EffectGroup, 1);
              group->row = row;
              group->effect = effect;
              group->key = item_key;
              g_hash_table_insert (groups, g_steal_pointer (&id), group);
            }
          group->max += times;
          if (action->state != CHORUS_ACTION_TO_CHECK)
            group->min += times;
        }
      if (action->state == CHORUS_ACTION_TO_CHECK)
        g_string_append_printf (to_check, "  %s: %s\n", item_key, action->message);
    }
  put_times (counts, durations, n_kinds);

  /* Actions no item asked for: the worker queued one twice. */
  g_hash_table_iter_init (&iter, actions_by_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    for (GList *l = ((GQueue *) value)->head; l != NULL; l = l->next)
      {
        ChorusAction *action = l->data;

        counts[kind_row (action->kind) - kinds].duplicated++;
        note (notes, "%s: queued again (action %" G_GINT64_FORMAT ")", (const char *) key, action->id);
      }

  /* What the simulator holds. */
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      EffectGroup *group = value;
      JsonObject *sources[] = { group->effect, baselines, facts };
      gint64 found = soak_count (db, reader_sql (json_object_get_string_member (group->effect, "read")),
                                sources, G_N_ELEMENTS (sources));
      SoakCounts *c = &counts[group->row - kinds];

      if (found < group->min)
        {
          c->lost += group->min - (guint) found;
          note (notes, "%s: %s found %" G_GINT64_FORMAT " time(s), expected %u", group->key, (const char *) key,
                found, group->min);
        }
      else if (found > group->max)
        {
          c->duplicated += (guint) found - group->max;
          note (notes, "%s: %s found %" G_GINT64_FORMAT " time(s), expected %u", group->key, (const char *) key,
                found, group->max);
        }
    }
  sqlite3_close (db);
}

/* ================================================================================================
 * The user: actions à vérifier
 * ============================================================================================== */

static JsonObject *
find_item (JsonObject *plan, const char *key)
{
  JsonArray *items = json_object_get_array_member (plan, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "key"), key))
        return item;
    }
  return NULL;
}


/* What a user does with the actions the outbox could not settle: look in the portal (here, the
 * simulator's database) whether the item's first effect is there, then mark the action as done or
 * send it again. "ID:done,ID:resend…", or NULL when no action waits. */
char *
soak_user_decisions (const char *dir, JsonObject *plan, JsonObject *baselines, GString *asked)
{
  g_autofree char *store_dir = soak_path_in (dir, "app");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (store_dir, &error);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GString) decisions = g_string_new (NULL);
  sqlite3 *db;

  if (store == NULL)
    g_error ("store: %s", error->message);
  waiting = chorus_store_outbox_list_to_check (store, &error);
  if (waiting == NULL)
    g_error ("outbox: %s", error->message);
  if (waiting->len == 0)
    return NULL;
  db = soak_open_sim_db (dir);
  for (guint i = 0; i < waiting->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (waiting, i);
      const SoakKind *row = kind_row (action->kind);
      g_autofree char *key = row != NULL ? row->action_key (action) : NULL;
      JsonObject *item = key != NULL ? find_item (plan, key) : NULL;
      JsonObject *effect;
      JsonObject *sources[3];
      gboolean there;

      if (item == NULL)
        continue;
      effect = json_array_get_object_element (json_object_get_array_member (item, "effects"), 0);
      sources[0] = effect;
      sources[1] = baselines;
      sources[2] = json_object_get_object_member (plan, "facts");
      there = soak_count (db, reader_sql (json_object_get_string_member (effect, "read")), sources, 3) > 0;
      g_string_append_printf (decisions, "%s%" G_GINT64_FORMAT ":%s", decisions->len > 0 ? "," : "", action->id,
                              there ? "done" : "resend");
      g_string_append_printf (asked, "  %s (%s, %" G_GINT64_FORMAT "): %s\n", key,
                              there ? "on the server: the user marks it as done"
                                    : "not on the server: the user sends it again",
                              g_get_real_time () / 1000, action->message);
    }
  sqlite3_close (db);
  return decisions->len > 0 ? g_string_free (g_steal_pointer (&decisions), FALSE) : NULL;
}

