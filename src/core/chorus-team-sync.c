/* chorus-team-sync.c: the team synchroniser: connect and migrate, push queued edits, pull the change feed on NOTIFY.
 *
 * Edits are written to the local store first (chorus-store-team.c queues them); this object
 * sends them in order, in batches, each batch one statement (one transaction) on the server,
 * and removes them from the queue only once acknowledged, so a connection dropped at any point
 * loses nothing and a resend is recognised by its edit id. Colleagues' changes are announced by
 * NOTIFY; whatever the payload says, the desktop reads every change after the last version it
 * applied, so a missed or coalesced notification never leaves it behind. Two edits of one field
 * are ordered by the server: the later wins, the earlier stays in the history, and the author of
 * a value replaced by someone who had not seen it is told ("edit-lost"). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-team-check.h"
#include "chorus-team-schema.h"
#include "chorus-team-sync-private.h"

#define BATCH_SIZE        100
#define DEFAULT_FEED_PAGE 2000
#define FIRST_RETRY_MS    1000
#define MAX_RETRY_MS      60000
#define FAILED_RETRY_MS   (5 * 60 * 1000)

G_DEFINE_FINAL_TYPE (ChorusTeamSync, chorus_team_sync, G_TYPE_OBJECT)

guint chorus_team_sync_signals[CHORUS_TEAM_SYNC_N_SIGNALS];

static void connect_now (ChorusTeamSync *self);
static void catch_up (ChorusTeamSync *self);
static void push_next (ChorusTeamSync *self);

gint64 *
chorus_team_sync_id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* State ----------------------------------------------------------------------------------------- */

static void
set_state (ChorusTeamSync  *self,
           ChorusTeamState  state,
           const char      *message)
{
  if (self->state == state && g_strcmp0 (self->message, message) == 0)
    return;
  self->state = state;
  g_free (self->message);
  self->message = g_strdup (message);
  g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_STATE_CHANGED], 0);
}

static void
update_pending (ChorusTeamSync *self)
{
  guint pending = chorus_store_team_count_pending (self->store);

  if (pending == self->pending)
    return;
  self->pending = pending;
  g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_PENDING_CHANGED], 0);
}

static gboolean
retry_cb (gpointer user_data)
{
  ChorusTeamSync *self = user_data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (ChorusTeamSync *self,
                guint           delay_ms)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (!self->running)
    return;
  self->retry_id = g_timeout_add (delay_ms, retry_cb, self);
}

/* The connection is gone or could not be made: say why, and try again later. */
static void
went_offline (ChorusTeamSync *self,
              const GError   *error)
{
  g_autofree char *explanation = chorus_team_explain_error (error, self->config);
  gboolean transient = chorus_team_error_is_transient (error);

  self->online = FALSE;
  self->catching_up = FALSE;
  self->pushing = FALSE;
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      chorus_team_connection_close (self->connection);
      g_clear_object (&self->connection);
    }
  set_state (self, transient ? CHORUS_TEAM_STATE_OFFLINE : CHORUS_TEAM_STATE_FAILED, explanation);
  if (transient)
    {
      schedule_retry (self, self->retry_ms);
      self->retry_ms = MIN (self->retry_ms * 2, self->retry_max_ms);
    }
  else
    schedule_retry (self, MAX (FAILED_RETRY_MS, self->retry_max_ms));
}

/* Query helpers --------------------------------------------------------------------------------- */

/* Answers hold the synchroniser weakly: dropping it closes the connection at once instead of
 * waiting for the server to answer what was in flight. */
typedef struct {
  GWeakRef                 self;
  ChorusTeamConnection    *connection;
  ChorusTeamResultHandler  handler;
  gpointer                 data;
  GDestroyNotify           data_free;
} Call;

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(ChorusTeamSync) self = g_weak_ref_get (&call->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) answer = chorus_team_connection_query_finish (CHORUS_TEAM_CONNECTION (source), result, &error);

  /* An answer from a connection we since dropped: nothing to do with it. */
  if (self != NULL && self->connection == call->connection)
    call->handler (self, answer, error, call->data);
  if (call->data_free != NULL)
    call->data_free (call->data);
  g_object_unref (call->connection);
  g_weak_ref_clear (&call->self);
  g_free (call);
}

void
chorus_team_sync_call (ChorusTeamSync          *self,
                       const char              *sql,
                       guint                    n_params,
                       const char * const      *params,
                       ChorusTeamResultHandler  handler,
                       gpointer                 data,
                       GDestroyNotify           data_free)
{
  Call *c = g_new0 (Call, 1);

  g_weak_ref_init (&c->self, self);
  c->connection = g_object_ref (self->connection);
  c->handler = handler;
  c->data = data;
  c->data_free = data_free;
  chorus_team_connection_query_async (self->connection, sql, n_params, params, NULL, call_done_cb, c);
}

/* A failed query: a broken connection goes offline; anything else is logged by the caller. */
gboolean
chorus_team_sync_connection_failed (ChorusTeamSync *self,
                                    const GError   *error)
{
  if (!g_error_matches (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED) &&
      !g_error_matches (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_TIMEOUT))
    return FALSE;
  went_offline (self, error);
  return TRUE;
}

const char *
chorus_team_sync_value (PGresult *result, int row, int column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static gboolean
is_true (PGresult *result, int row, int column)
{
  return g_strcmp0 (chorus_team_sync_value (result, row, column), "t") == 0;
}

static gint64
as_int (PGresult *result, int row, int column)
{
  const char *text = chorus_team_sync_value (result, row, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

void
chorus_team_sync_note_server_time (ChorusTeamSync *self,
                                   const char     *iso)
{
  g_autoptr(GDateTime) server = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (server != NULL)
    self->offset_us = g_date_time_to_unix (server) * G_USEC_PER_SEC + g_date_time_get_microsecond (server) -
                      g_get_real_time ();
}

/* The change feed --------------------------------------------------------------------------------- */

#define FEED_SQL \
  "SELECT * FROM (" \
  " SELECT 0 AS kind, h.version, h.structure, h.invoice_id, h.field, NULL::text AS list, NULL::text AS name," \
  "  h.new_value AS value, h.old_value, false AS deleted, h.author_login, h.author_name," \
  "  team_utc (h.changed_at) AS changed_at, h.concurrent, h.replaced_login, h.replaced_name, NULL::text AS expires_at" \
  "  FROM team_field_history h WHERE h.version > $1" \
  " UNION ALL" \
  " SELECT 1, l.version, NULL, NULL, NULL, l.list, l.name, l.value, NULL, l.deleted, l.author_login, l.author_name," \
  "  team_utc (l.changed_at), false, NULL, NULL, NULL" \
  "  FROM team_list_items l WHERE l.version > $1" \
  " UNION ALL" \
  " SELECT 2, c.version, c.structure, c.invoice_id, NULL, NULL, NULL, NULL, NULL, false, c.holder_login," \
  "  c.holder_name, team_utc (c.claimed_at), false, NULL, NULL, team_utc (c.expires_at)" \
  "  FROM team_claims c WHERE c.version > $1 AND c.expires_at > clock_timestamp () - interval '1 day'" \
  ") AS feed ORDER BY version LIMIT $2"

static ChorusTeamChange *
change_from_row (PGresult *result, int row)
{
  ChorusTeamChange *change = chorus_team_change_new ((ChorusTeamChangeKind) as_int (result, row, 0));

  change->version = as_int (result, row, 1);
  change->structure = g_strdup (chorus_team_sync_value (result, row, 2));
  change->invoice_id = as_int (result, row, 3);
  change->field = g_strdup (chorus_team_sync_value (result, row, 4));
  change->list = g_strdup (chorus_team_sync_value (result, row, 5));
  change->name = g_strdup (chorus_team_sync_value (result, row, 6));
  change->value = g_strdup (chorus_team_sync_value (result, row, 7));
  change->old_value = g_strdup (chorus_team_sync_value (result, row, 8));
  change->deleted = is_true (result, row, 9);
  change->author_login = g_strdup (chorus_team_sync_value (result, row, 10));
  change->author_name = g_strdup (chorus_team_sync_value (result, row, 11));
  change->changed_at = g_strdup (chorus_team_sync_value (result, row, 12));
  change->concurrent = is_true (result, row, 13);
  change->replaced_login = g_strdup (chorus_team_sync_value (result, row, 14));
  change->replaced_name = g_strdup (chorus_team_sync_value (result, row, 15));
  change->expires_at = g_strdup (chorus_team_sync_value (result, row, 16));
  return change;
}

static void
emit_applied (ChorusTeamSync    *self,
              ChorusTeamApplied *applied)
{
  g_object_ref (self);
  if (applied->invoice_ids->len > 0)
    g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_INVOICES_CHANGED], 0, applied->invoice_ids);
  for (guint i = 0; i < applied->lists->len; i++)
    g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_LISTS_CHANGED], 0,
                   g_ptr_array_index (applied->lists, i));
  if (applied->claim_ids->len > 0)
    chorus_team_sync_refresh_claims (self, applied->claim_ids);
  for (guint i = 0; i < applied->lost->len; i++)
    g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_EDIT_LOST], 0,
                   g_ptr_array_index (applied->lost, i));
  g_object_unref (self);
}

static void
feed_done (ChorusTeamSync *self,
           PGresult       *result,
           const GError   *error,
           gpointer        data)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  ChorusTeamApplied applied = { 0 };
  int rows;

  if (result == NULL)
    {
      self->catching_up = FALSE;
      if (!chorus_team_sync_connection_failed (self, error))
        g_warning ("team feed: %s", error->message);
      return;
    }
  rows = PQntuples (result);
  changes = g_ptr_array_new_full (rows, (GDestroyNotify) chorus_team_change_free);
  for (int i = 0; i < rows; i++)
    g_ptr_array_add (changes, change_from_row (result, i));
  if (!chorus_store_team_apply (self->store, changes, self->identity, self->report_lost, &applied, &local_error))
    {
      self->catching_up = FALSE;
      g_warning ("team changes not applied: %s", local_error->message);
      return;
    }
  self->cursor = chorus_store_team_get_cursor (self->store);
  emit_applied (self, &applied);
  chorus_team_applied_clear (&applied);

  if (self->connection == NULL)
    return;
  if ((guint) rows >= self->feed_page || self->catch_up_again)
    {
      self->catching_up = FALSE;
      self->catch_up_again = FALSE;
      catch_up (self);
      return;
    }
  self->catching_up = FALSE;
  self->report_lost = TRUE;
}

static void
catch_up (ChorusTeamSync *self)
{
  g_autofree char *cursor = NULL;
  g_autofree char *page = NULL;
  const char *params[2];

  if (!self->online)
    return;
  if (self->catching_up)
    {
      self->catch_up_again = TRUE;
      return;
    }
  self->catching_up = TRUE;
  cursor = g_strdup_printf ("%" G_GINT64_FORMAT, self->cursor);
  page = g_strdup_printf ("%u", self->feed_page);
  params[0] = cursor;
  params[1] = page;
  chorus_team_sync_call (self, FEED_SQL, 2, params, feed_done, NULL, NULL);
}

static void
notification_cb (ChorusTeamConnection *connection,
                 const char           *channel,
                 const char           *payload,
                 gpointer              user_data)
{
  ChorusTeamSync *self = user_data;
  g_auto(GStrv) parts = g_strsplit (payload != NULL ? payload : "", "\t", 3);

  /* "kind<TAB>version<TAB>key…": already applied (our own change coming back, usually) when the
   * version is not past the cursor. */
  if (g_strv_length (parts) >= 2 && g_ascii_strtoll (parts[1], NULL, 10) <= self->cursor)
    return;
  catch_up (self);
}

static void
lost_cb (ChorusTeamConnection *connection,
         GError               *error,
         gpointer              user_data)
{
  ChorusTeamSync *self = user_data;

  self->retry_ms = self->retry_first_ms;
  went_offline (self, error);
}

/* Pushing ----------------------------------------------------------------------------------------- */

/* A PostgreSQL array literal of texts; NULL elements stay NULL. */
static char *
text_array (GPtrArray *values)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      if (i > 0)
        g_string_append_c (text, ',');
      if (value == NULL)
        {
          g_string_append (text, "NULL");
          continue;
        }
      g_string_append_c (text, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *p);
        }
      g_string_append_c (text, '"');
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static char *
int_array (GArray *values)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (values, gint64, i));
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static void
refuse (ChorusTeamSync       *self,
        const ChorusTeamEdit *edit,
        const GError         *error)
{
  g_autoptr(GError) local_error = NULL;

  g_warning ("team edit %s refused: %s", edit->edit_id, error->message);
  if (!chorus_store_team_set_refused (self->store, edit->id, error->message, &local_error))
    g_warning ("%s", local_error->message);
  g_hash_table_add (self->refused, chorus_team_sync_id_key (edit->id));
}

static void
pushed (ChorusTeamSync *self,
        PGresult       *result,
        const GError   *error,
        gpointer        data)
{
  GPtrArray *edits = data;
  g_autoptr(GArray) changed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean is_field = g_strcmp0 (((ChorusTeamEdit *) g_ptr_array_index (edits, 0))->kind, "field") == 0;

  self->pushing = FALSE;
  if (result == NULL)
    {
      if (chorus_team_sync_connection_failed (self, error))
        return;
      /* One bad edit refuses the whole batch: find it by sending one at a time. */
      if (edits->len > 1)
        self->isolate = TRUE;
      else
        {
          refuse (self, g_ptr_array_index (edits, 0), error);
          self->isolate = FALSE;
        }
      push_next (self);
      return;
    }

  for (int row = 0; row < PQntuples (result); row++)
    {
      g_autoptr(GError) local_error = NULL;
      ChorusTeamEdit *edit;
      ChorusTeamAck ack = { 0 };
      gboolean display_changed = FALSE;
      int index = is_field ? (int) as_int (result, row, 0) - 1 : row;
      int c = is_field ? 1 : 0;

      if (index < 0 || (guint) index >= edits->len)
        continue;
      edit = g_ptr_array_index (edits, index);
      ack.version = as_int (result, row, c);
      if (is_field)
        {
          ack.applied = is_true (result, row, c + 1);
          ack.value = chorus_team_sync_value (result, row, c + 2);
          ack.author_login = chorus_team_sync_value (result, row, c + 3);
          ack.author_name = chorus_team_sync_value (result, row, c + 4);
          ack.changed_at = chorus_team_sync_value (result, row, c + 5);
        }
      if (!chorus_store_team_acknowledge (self->store, edit, &ack, &display_changed, &local_error))
        {
          g_warning ("team acknowledgement not saved: %s", local_error->message);
          continue;
        }
      if (display_changed)
        g_array_append_val (changed_ids, edit->invoice_id);
    }
  self->isolate = FALSE;
  update_pending (self);
  if (changed_ids->len > 0)
    g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_INVOICES_CHANGED], 0, changed_ids);
  push_next (self);
}

static void
send_fields (ChorusTeamSync *self,
             GPtrArray      *edits)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) structures = g_ptr_array_new ();
  g_autoptr(GArray) invoices = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GArray) bases = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) logins = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *p_ids = NULL, *p_structures = NULL, *p_invoices = NULL, *p_fields = NULL;
  g_autofree char *p_values = NULL, *p_bases = NULL, *p_logins = NULL, *p_names = NULL;
  const char *params[9];

  for (guint i = 0; i < edits->len; i++)
    {
      ChorusTeamEdit *edit = g_ptr_array_index (edits, i);

      g_ptr_array_add (ids, edit->edit_id);
      g_ptr_array_add (structures, edit->structure != NULL ? edit->structure : (char *) "");
      g_array_append_val (invoices, edit->invoice_id);
      g_ptr_array_add (fields, edit->name);
      g_ptr_array_add (values, edit->value);
      g_array_append_val (bases, edit->base_version);
      g_ptr_array_add (logins, edit->author_login);
      g_ptr_array_add (names, edit->author_name);
    }
  params[0] = p_ids = text_array (ids);
  params[1] = p_structures = text_array (structures);
  params[2] = p_invoices = int_array (invoices);
  params[3] = p_fields = text_array (fields);
  params[4] = p_values = text_array (values);
  params[5] = p_bases = int_array (bases);
  params[6] = p_logins = text_array (logins);
  params[7] = p_names = text_array (names);
  params[8] = self->origin;
  chorus_team_sync_call (self, "SELECT * FROM team_set_fields ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, params, pushed,
        g_ptr_array_ref (edits), (GDestroyNotify) g_ptr_array_unref);
}

static void
send_list_item (ChorusTeamSync *self,
                GPtrArray      *edits)
{
  ChorusTeamEdit *edit = g_ptr_array_index (edits, 0);
  const char *params[] = {
    edit->edit_id, edit->kind, edit->name, edit->value, edit->deleted ? "true" : "false",
    edit->author_login, edit->author_name,
  };

  chorus_team_sync_call (self, "SELECT * FROM team_set_list_item ($1, $2, $3, $4, $5, $6, $7)", G_N_ELEMENTS (params), params,
        pushed, g_ptr_array_ref (edits), (GDestroyNotify) g_ptr_array_unref);
}

static void
push_next (ChorusTeamSync *self)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  guint limit;

  if (!self->online)
    return;
  if (self->pushing)
    {
      self->push_again = TRUE;
      return;
    }
  self->push_again = FALSE;
  limit = self->isolate ? 1 : BATCH_SIZE;
  pending = chorus_store_team_list_pending (self->store, BATCH_SIZE + g_hash_table_size (self->refused), &error);
  if (pending == NULL)
    {
      g_warning ("team queue not read: %s", error->message);
      return;
    }
  batch = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_edit_free);
  for (guint i = 0; i < pending->len && batch->len < limit; i++)
    {
      ChorusTeamEdit *edit = g_ptr_array_index (pending, i);
      gboolean is_field = g_strcmp0 (edit->kind, "field") == 0;

      if (g_hash_table_contains (self->refused, &edit->id))
        continue;
      /* A batch holds fields only, in queue order; a list item goes alone. */
      if (batch->len > 0 && (!is_field || g_strcmp0 (((ChorusTeamEdit *) g_ptr_array_index (batch, 0))->kind, "field") != 0))
        break;
      g_ptr_array_add (batch, g_ptr_array_steal_index (pending, i));
      i--;
      if (!is_field)
        break;
    }
  update_pending (self);
  if (batch->len == 0)
    return;
  self->pushing = TRUE;
  if (g_strcmp0 (((ChorusTeamEdit *) g_ptr_array_index (batch, 0))->kind, "field") == 0)
    send_fields (self, batch);
  else
    send_list_item (self, batch);
}

/* Called from whichever thread wrote the edit, inside its transaction. */
static gboolean
push_soon_cb (gpointer user_data)
{
  g_autoptr(ChorusTeamSync) self = g_weak_ref_get (user_data);

  if (self != NULL)
    {
      update_pending (self);
      push_next (self);
    }
  return G_SOURCE_REMOVE;
}

static void
edit_queued (gpointer user_data)
{
  ChorusTeamSync *self = user_data;
  GWeakRef *ref = weak_ref_new (self);
  g_autoptr(GSource) source = g_idle_source_new ();

  /* Always later, never now: the writer is inside its transaction, holding the store's lock. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, push_soon_cb, ref, weak_ref_free);
  g_source_set_name (source, "[chorus] team edit queued");
  g_source_attach (source, self->context);
}

/* Connecting ----------------------------------------------------------------------------------------- */

static void
listening (ChorusTeamSync *self,
           PGresult       *result,
           const GError   *error,
           gpointer        data)
{
  if (result == NULL)
    {
      went_offline (self, error);
      return;
    }
  self->online = TRUE;
  self->retry_ms = self->retry_first_ms;
  g_hash_table_remove_all (self->refused);
  self->report_lost = self->cursor > 0;
  set_state (self, CHORUS_TEAM_STATE_ONLINE, NULL);
  chorus_team_sync_claims_online (self);
  catch_up (self);
  push_next (self);
}

static void
greeted (ChorusTeamSync *self,
         PGresult       *result,
         const GError   *error,
         gpointer        data)
{
  g_autoptr(GError) local_error = NULL;
  gboolean reset = FALSE;

  if (result == NULL || PQntuples (result) != 1)
    {
      if (result != NULL)
        local_error = g_error_new (CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_SERVER, _("The team database has no clock row."));
      went_offline (self, error != NULL ? error : local_error);
      return;
    }
  chorus_team_sync_note_server_time (self, chorus_team_sync_value (result, 0, 1));
  if (!chorus_store_team_bind_database (self->store, PQgetvalue (result, 0, 0), &reset, &local_error))
    {
      g_warning ("team database not bound: %s", local_error->message);
      went_offline (self, local_error);
      return;
    }
  self->cursor = chorus_store_team_get_cursor (self->store);
  if (reset)
    g_hash_table_remove_all (self->claims);
  chorus_team_sync_call (self, "LISTEN " CHORUS_TEAM_CHANNEL, 0, NULL, listening, NULL, NULL);
}

static void
migrated_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ChorusTeamSync) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = chorus_team_schema_migrate_finish (CHORUS_TEAM_CONNECTION (source), result, NULL, &error);

  weak_ref_free (user_data);
  if (self == NULL || self->connection != CHORUS_TEAM_CONNECTION (source))
    return;
  if (!ok)
    {
      went_offline (self, error);
      return;
    }
  chorus_team_sync_call (self, "SELECT database_id, team_utc (clock_timestamp ()) FROM team_clock", 0, NULL, greeted, NULL, NULL);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ChorusTeamSync) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = chorus_team_connection_open_finish (CHORUS_TEAM_CONNECTION (source), result, &error);

  weak_ref_free (user_data);
  if (self == NULL || self->connection != CHORUS_TEAM_CONNECTION (source))
    return;
  if (!ok)
    {
      went_offline (self, error);
      return;
    }
  g_signal_connect (self->connection, "notification", G_CALLBACK (notification_cb), self);
  g_signal_connect (self->connection, "lost", G_CALLBACK (lost_cb), self);
  chorus_team_schema_migrate_async (self->connection, NULL, migrated_cb, weak_ref_new (self));
}

static void
connect_now (ChorusTeamSync *self)
{
  if (!self->running || self->connection != NULL)
    return;
  if (self->state != CHORUS_TEAM_STATE_OFFLINE && self->state != CHORUS_TEAM_STATE_FAILED)
    set_state (self, CHORUS_TEAM_STATE_CONNECTING, NULL);
  self->connection = chorus_team_connection_new ();
  chorus_team_connection_open_async (self->connection, self->config, self->password, NULL, opened_cb,
                                     weak_ref_new (self));
}

void
chorus_team_sync_start (ChorusTeamSync *self)
{
  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->retry_ms = self->retry_first_ms;
  connect_now (self);
}

void
chorus_team_sync_stop (ChorusTeamSync *self)
{
  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));

  self->running = FALSE;
  self->online = FALSE;
  self->catching_up = FALSE;
  self->pushing = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->connection != NULL)
    {
      g_autoptr(ChorusTeamConnection) connection = g_steal_pointer (&self->connection);

      g_signal_handlers_disconnect_by_data (connection, self);
      chorus_team_connection_close (connection);
    }
  set_state (self, CHORUS_TEAM_STATE_STOPPED, NULL);
}

/* Object ------------------------------------------------------------------------------------------ */

static void
chorus_team_sync_dispose (GObject *object)
{
  ChorusTeamSync *self = CHORUS_TEAM_SYNC (object);

  if (self->store != NULL)
    chorus_store_team_disable (self->store);
  chorus_team_sync_claims_dispose (self);
  if (self->running || self->connection != NULL)
    chorus_team_sync_stop (self);
  G_OBJECT_CLASS (chorus_team_sync_parent_class)->dispose (object);
}

static void
chorus_team_sync_finalize (GObject *object)
{
  ChorusTeamSync *self = CHORUS_TEAM_SYNC (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->config, chorus_team_config_free);
  g_clear_pointer (&self->identity, chorus_team_identity_free);
  chorus_team_secret_free (self->password);
  g_free (self->origin);
  g_free (self->message);
  g_clear_pointer (&self->refused, g_hash_table_unref);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (chorus_team_sync_parent_class)->finalize (object);
}

static void
chorus_team_sync_class_init (ChorusTeamSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chorus_team_sync_dispose;
  object_class->finalize = chorus_team_sync_finalize;

  chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_INVOICES_CHANGED] =
    g_signal_new ("invoices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY);
  chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_LISTS_CHANGED] =
    g_signal_new ("lists-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_CLAIMS_CHANGED] =
    g_signal_new ("claims-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY);
  chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_EDIT_LOST] =
    g_signal_new ("edit-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CHORUS_TYPE_TEAM_LOST_EDIT);
  chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_PENDING_CHANGED] =
    g_signal_new ("pending-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
chorus_team_sync_init (ChorusTeamSync *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->retry_ms = FIRST_RETRY_MS;
  self->retry_first_ms = FIRST_RETRY_MS;
  self->retry_max_ms = MAX_RETRY_MS;
  self->feed_page = DEFAULT_FEED_PAGE;
  self->claim_seconds = CHORUS_TEAM_DEFAULT_CLAIM_SECONDS;
  self->refused = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->claims = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) chorus_team_claim_free);
  self->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

ChorusTeamSync *
chorus_team_sync_new (ChorusStore              *store,
                      const ChorusTeamConfig   *config,
                      const ChorusTeamIdentity *identity,
                      GError                  **error)
{
  g_autoptr(ChorusTeamSync) self = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (config != NULL && identity != NULL, NULL);

  self = g_object_new (CHORUS_TYPE_TEAM_SYNC, NULL);
  self->store = g_object_ref (store);
  self->config = chorus_team_config_copy (config);
  self->identity = chorus_team_identity_copy (identity);
  if (!chorus_store_team_enable (store, identity, edit_queued, self, error))
    return NULL;
  self->origin = chorus_store_team_get_origin (store);
  self->cursor = chorus_store_team_get_cursor (store);
  self->pending = chorus_store_team_count_pending (store);
  return g_steal_pointer (&self);
}

ChorusStore *
chorus_team_sync_get_store (ChorusTeamSync *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);
  return self->store;
}

const ChorusTeamIdentity *
chorus_team_sync_get_identity (ChorusTeamSync *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);
  return self->identity;
}

const ChorusTeamConfig *
chorus_team_sync_get_config (ChorusTeamSync *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);
  return self->config;
}

void
chorus_team_sync_set_password (ChorusTeamSync *self,
                               const char     *password)
{
  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));

  chorus_team_secret_free (self->password);
  self->password = g_strdup (password);
}

ChorusTeamState
chorus_team_sync_get_state (ChorusTeamSync *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), CHORUS_TEAM_STATE_STOPPED);
  return self->state;
}

const char *
chorus_team_sync_get_message (ChorusTeamSync *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);
  return self->message;
}

guint
chorus_team_sync_get_pending (ChorusTeamSync *self)
{
  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), 0);
  return chorus_store_team_count_pending (self->store);
}

GDateTime *
chorus_team_sync_get_server_now (ChorusTeamSync *self)
{
  gint64 now_us;
  g_autoptr(GDateTime) seconds = NULL;

  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);

  now_us = g_get_real_time () + self->offset_us;
  seconds = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  return g_date_time_add (seconds, now_us % G_USEC_PER_SEC);
}

void
chorus_team_sync_set_retry_delays (ChorusTeamSync *self,
                                   guint           first_ms,
                                   guint           max_ms)
{
  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));
  self->retry_ms = first_ms;
  self->retry_first_ms = first_ms;
  self->retry_max_ms = MAX (first_ms, max_ms);
}
