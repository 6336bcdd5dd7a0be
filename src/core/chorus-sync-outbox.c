/* chorus-sync-outbox.c: sends the outbox's actions to Chorus Pro, checking the server before any resend. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-private.h"
#include "chorus-deposit-draft.h"
#include "chorus-deposit-file.h"
#include "chorus-deposit-rules.h"
#include "chorus-json.h"
#include "chorus-sync-private.h"
#include "chorus-sync-works.h"

/* Attempts per action and flush, on top of the client's own retries of reads. */
#define MAX_SEND_ATTEMPTS 6

/* Outbox --------------------------------------------------------------------------------------- */

typedef enum {
  SEND_DONE,        /* finished, well or not, or waiting for the user: the next action may go */
  SEND_LATER,       /* held back until its not_before: later actions of its invoice wait too */
  SEND_STOP,        /* cannot go on now (offline, refused credentials, cancelled): stays open */
} SendOutcome;

typedef struct {
  ChorusSync   *self;
  GCancellable *cancellable;
  GAsyncQueue  *groups;       /* GPtrArray of the open actions of one invoice, in order */
  GMutex        lock;
  GCond         cond;         /* wakes senders waiting between attempts */
  GError       *stop_error;   /* the first reason to stop; every sender then stops */
} Sender;

static gboolean
sender_stopped (Sender *sender)
{
  gboolean stopped;

  g_mutex_lock (&sender->lock);
  stopped = sender->stop_error != NULL;
  g_mutex_unlock (&sender->lock);
  return stopped || g_cancellable_is_cancelled (sender->cancellable);
}

static SendOutcome
sender_stop (Sender *sender, GError *error)
{
  g_mutex_lock (&sender->lock);
  if (sender->stop_error == NULL)
    sender->stop_error = error;
  else
    g_error_free (error);
  g_cond_broadcast (&sender->cond);
  g_mutex_unlock (&sender->lock);
  return SEND_STOP;
}

static void
sender_wake (GCancellable *cancellable, Sender *sender)
{
  g_mutex_lock (&sender->lock);
  g_cond_broadcast (&sender->cond);
  g_mutex_unlock (&sender->lock);
}

/* Waits @ms before the next attempt (the client's backoff, with jitter, so that the desktops of
 * an establishment do not all come back at once); FALSE when the flush stopped meanwhile. */
static gboolean
sender_sleep (Sender *sender, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean go_on;

  g_mutex_lock (&sender->lock);
  while (sender->stop_error == NULL && !g_cancellable_is_cancelled (sender->cancellable) &&
         g_cond_wait_until (&sender->cond, &sender->lock, end))
    ;
  go_on = sender->stop_error == NULL && !g_cancellable_is_cancelled (sender->cancellable);
  g_mutex_unlock (&sender->lock);
  return go_on;
}

/* "14:05" or "lundi 14:05" for a wall-clock time in microseconds. */
static char *
format_local_time (gint64 when)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (time == NULL)
    return g_strdup ("?");
  if (g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now) &&
      g_date_time_get_year (time) == g_date_time_get_year (now))
    return g_date_time_format (time, "%H:%M");
  return g_date_time_format (time, "%d/%m/%Y %H:%M");
}

static gboolean
scheduled_flush_cb (gpointer user_data)
{
  g_autoptr(ChorusSync) self = g_weak_ref_get (user_data);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&self->timer_lock);
  g_clear_pointer (&self->flush_timer, g_source_unref);
  g_mutex_unlock (&self->timer_lock);
  if (g_atomic_int_compare_and_exchange (&self->flush_queued, 0, 1))
    chorus_sync_flush_outbox_async (self, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer weak)
{
  g_weak_ref_clear (weak);
  g_free (weak);
}

void
chorus_sync_cancel_scheduled_flush (ChorusSync *self)
{
  g_mutex_lock (&self->timer_lock);
  if (self->flush_timer != NULL)
    g_source_destroy (self->flush_timer);
  g_clear_pointer (&self->flush_timer, g_source_unref);
  g_mutex_unlock (&self->timer_lock);
}

/* Flushes again at @when (g_get_real_time()), in the sync's context, unless a flush is already
 * due earlier. Any thread. */
static void
schedule_flush (ChorusSync *self, gint64 when)
{
  gint64 delay_ms = MAX ((when - g_get_real_time ()) / 1000, 0) + 500;
  GWeakRef *weak = g_new0 (GWeakRef, 1);
  GSource *timer;

  g_mutex_lock (&self->timer_lock);
  if (self->flush_timer != NULL &&
      g_source_get_ready_time (self->flush_timer) <= g_get_monotonic_time () + delay_ms * 1000)
    {
      g_mutex_unlock (&self->timer_lock);
      g_free (weak);
      return;
    }
  if (self->flush_timer != NULL)
    g_source_destroy (self->flush_timer);
  g_clear_pointer (&self->flush_timer, g_source_unref);
  g_weak_ref_init (weak, self);
  timer = g_timeout_source_new ((guint) MIN (delay_ms, (gint64) G_MAXUINT));
  g_source_set_callback (timer, scheduled_flush_cb, weak, weak_ref_free);
  self->flush_timer = timer;
  g_source_attach (timer, self->context);
  g_mutex_unlock (&self->timer_lock);
}

static void
finish_action (ChorusSync *self, ChorusAction *action, gboolean ok, const char *message, const char *date)
{
  g_autoptr(GError) error = NULL;

  if (!chorus_store_outbox_finish (self->store, action->id, ok, message, date, &error))
    {
      g_warning ("Could not record the outcome of action %" G_GINT64_FORMAT ": %s", action->id, error->message);
      return;
    }
  if (action->kind == CHORUS_ACTION_KIND_PROCESS)
    chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_ACTION_FINISHED, 0, action->invoice_id, ok, message);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED, 0, action->id, ok, message);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
}

/* Chorus Pro asked to wait longer than the client waits by itself: the action keeps its place
 * with a not-before time, the whole flush stops (everything else would hit the same limit),
 * and the sync flushes again by itself then. */
static SendOutcome
postpone (Sender *sender, ChorusAction *action, const GError *error)
{
  ChorusSync *self = sender->self;
  gint64 retry_at = chorus_client_error_get_retry_at (error);
  g_autofree char *when = format_local_time (retry_at);
  g_autofree char *message = g_strdup_printf (_("Chorus Pro asked to wait: sent again after %s."), when);
  g_autoptr(GError) store_error = NULL;

  if (!chorus_store_outbox_postpone (self->store, action->id, retry_at, message, &store_error))
    g_warning ("Could not postpone action %" G_GINT64_FORMAT ": %s", action->id, store_error->message);
  self->hold_until = MAX (self->hold_until, retry_at);
  schedule_flush (self, retry_at);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  return sender_stop (sender, g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_POSTPONED,
                                           _("Chorus Pro asked to wait: the pending actions will be "
                                             "sent after %s."), when));
}

static gboolean
must_postpone (const GError *error)
{
  return chorus_client_error_get_retry_at (error) > g_get_real_time ();
}

/* The server's current status of the invoice, or UNKNOWN with @error. */
static ChorusStatus
server_status (ChorusSync *self, gint64 invoice_id, GCancellable *cancellable, GError **error)
{
  g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (self->client, invoice_id, cancellable, error);

  return history != NULL ? history->current_status : CHORUS_STATUS_UNKNOWN;
}

/* Supplier actions ----------------------------------------------------------------------------- */

static JsonObject *
parse_json (const char *text, GError **error)
{
  return chorus_json_parse_object (text != NULL ? text : "{}", -1, error);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static gboolean
save_result (ChorusSync *self, ChorusAction *action, JsonObject *result, GError **error)
{
  g_autofree char *text = object_to_string (result);

  return chorus_store_outbox_set_result (self->store, action->id, text, error);
}

static void
result_put (JsonObject *result, const ChorusActionResult *answer)
{
  if (answer->invoice_id != 0)
    json_object_set_int_member (result, "invoiceId", answer->invoice_id);
  if (answer->invoice_number != NULL)
    json_object_set_string_member (result, "invoiceNumber", answer->invoice_number);
  if (answer->status_code != NULL)
    json_object_set_string_member (result, "status", answer->status_code);
  if (answer->date != NULL)
    json_object_set_string_member (result, "date", answer->date);
  if (answer->flow_number != NULL)
    json_object_set_string_member (result, "flowNumber", answer->flow_number);
  if (answer->certificate != NULL)
    json_object_set_string_member (result, "certificate", answer->certificate);
}

/* Records an invoice the server holds as the action's outcome. */
static void
result_put_invoice (JsonObject *result, ChorusInvoice *found)
{
  json_object_set_int_member (result, "invoiceId", chorus_invoice_get_id (found));
  json_object_set_string_member (result, "invoiceNumber", chorus_invoice_get_number (found));
  json_object_set_string_member (result, "status", chorus_invoice_get_status_code (found) ?: "DEPOSEE");
  if (chorus_invoice_get_deposit_date (found) != NULL)
    json_object_set_string_member (result, "date", chorus_invoice_get_deposit_date (found));
  if (chorus_invoice_get_flow_number (found) != NULL && !json_object_has_member (result, "flowNumber"))
    json_object_set_string_member (result, "flowNumber", chorus_invoice_get_flow_number (found));
}

static ChorusDepositDraft *
action_draft (ChorusAction *action, GError **error)
{
  g_autoptr(JsonNode) node = json_from_string (action->payload, error);

  return node != NULL ? chorus_deposit_draft_from_json (node, error) : NULL;
}

/* The files an action sends first ({"path", "name"} items), uploaded with ajouter/fichier unless
 * already: each id goes to @result's "uploads" (committed) before the next file, so a retry
 * sends only what is missing. Returns the uploaded attachments (id and platform name). */
static GPtrArray *
upload_files (ChorusSync    *self,
              ChorusAction  *action,
              JsonObject    *result,
              JsonArray     *files,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_attachment_free);
  JsonArray *uploads = NULL;

  if (!chorus_json_get_array (result, "uploads", &uploads, error))
    return NULL;
  if (uploads == NULL)
    {
      json_object_set_array_member (result, "uploads", json_array_new ());
      uploads = json_object_get_array_member (result, "uploads");
    }
  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      JsonObject *file = chorus_json_array_get_object (files, i, "files", error);
      g_autoptr(ChorusAttachment) attachment = g_new0 (ChorusAttachment, 1);
      g_autofree char *path = NULL;
      g_autofree char *extension = NULL;

      if (file == NULL || !chorus_json_get_string (file, "path", &path, error) ||
          !chorus_json_get_string (file, "name", &attachment->name, error))
        return NULL;
      if (i < json_array_get_length (uploads))
        attachment->id = json_array_get_int_element (uploads, i);
      if (attachment->id == 0)
        {
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(ChorusActionResult) upload = NULL;
          g_autofree char *text = NULL;
          g_autofree char *platform_name = NULL;
          g_autofree char *mime = NULL;

          if (path == NULL ||
              (bytes = chorus_deposit_file_map (path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL ||
              !chorus_attachment_check (attachment->name, (goffset) g_bytes_get_size (bytes), &platform_name,
                                        &extension, error))
            return NULL;
          mime = g_content_type_guess (attachment->name, NULL, 0, NULL);
          upload = chorus_client_add_file_sync (self->client, bytes, platform_name, extension, mime, cancellable, error);
          if (upload == NULL)
            return NULL;
          attachment->id = upload->attachment_id;
          while (json_array_get_length (uploads) < i)
            json_array_add_int_element (uploads, 0);
          if (i < json_array_get_length (uploads))
            json_array_remove_element (uploads, i);
          json_array_add_int_element (uploads, attachment->id);
          text = object_to_string (result);
          if (!chorus_store_outbox_set_result (self->store, action->id, text, error))
            return NULL;
        }
      g_ptr_array_add (attachments, g_steal_pointer (&attachment));
    }
  return g_steal_pointer (&attachments);
}

static const char *
result_string (JsonObject *result, const char *key)
{
  JsonNode *node = json_object_get_member (result, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gint64
result_int (JsonObject *result, const char *key)
{
  JsonNode *node = json_object_get_member (result, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : 0;
}

static gboolean
result_flag (JsonObject *result, const char *key)
{
  JsonNode *node = json_object_get_member (result, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* Works actions ---------------------------------------------------------------------------------- */

static gboolean
is_works_kind (ChorusActionKind kind)
{
  return chorus_sync_works_action_of_kind (kind) != CHORUS_WORKS_ACTION_LAST;
}

/* The piece as the server now has it: consulter, else its line in its billing file. */
static ChorusWorksPiece *
server_piece (ChorusSync *self, gint64 piece_id, GCancellable *cancellable, GError **error)
{
  g_autoptr(ChorusWorksPage) dossier = NULL;
  GError *local = NULL;
  ChorusWorksPiece *piece = chorus_client_works_consult_sync (self->client, piece_id, cancellable, &local);

  if (piece != NULL || chorus_sync_is_offline_error (local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return piece;
    }
  g_clear_error (&local);
  dossier = chorus_client_works_dossier_sync (self->client, piece_id, cancellable, error);
  for (guint i = 0; dossier != NULL && i < dossier->pieces->len; i++)
    if (((ChorusWorksPiece *) g_ptr_array_index (dossier->pieces, i))->id == piece_id)
      return chorus_works_piece_copy (g_ptr_array_index (dossier->pieces, i));
  if (dossier != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, piece_id);

      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("The works piece %s is no longer visible."), id);
    }
  return NULL;
}

static ChorusWorksDeposit *
action_works_deposit (ChorusAction *action, GError **error)
{
  g_autoptr(JsonNode) node = json_from_string (action->payload, error);

  return node != NULL ? chorus_works_deposit_from_json (node, error) : NULL;
}

static void
works_result_put (JsonObject *result, const ChorusWorksResult *answer)
{
  if (answer->piece_id != 0)
    json_object_set_int_member (result, "pieceId", answer->piece_id);
  if (answer->previous_id != 0)
    json_object_set_int_member (result, "previousId", answer->previous_id);
#define PUT(key, field) if (answer->field != NULL) json_object_set_string_member (result, key, answer->field);
  PUT ("number", number) PUT ("dossier", dossier) PUT ("status", status_code) PUT ("date", date)
  PUT ("certificate", certificate)
#undef PUT
}

static void
works_piece_put (JsonObject *result, const ChorusWorksPiece *piece)
{
  json_object_set_int_member (result, "pieceId", piece->id);
  if (piece->number != NULL)
    json_object_set_string_member (result, "number", piece->number);
  if (piece->status_code != NULL)
    json_object_set_string_member (result, "status", piece->status_code);
  if (piece->deposit_date != NULL && !json_object_has_member (result, "date"))
    json_object_set_string_member (result, "date", piece->deposit_date);
}

/* A deposit reached the server when its depositor's search finds a piece with its number,
 * type and amount; for a next piece, the previous piece must name it as its next one. */
static gboolean
works_deposit_applied (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable,
                       GError **error)
{
  g_autoptr(ChorusWorksDeposit) deposit = action_works_deposit (action, error);
  g_autoptr(ChorusWorksPage) page = NULL;
  g_autoptr(ChorusWorksPiece) previous = NULL;
  ChorusWorksQuery query;

  if (deposit == NULL)
    return FALSE;
  /* The upload's id is recorded before soumettre leaves: without it, soumettre never did. */
  if (result_int (result, "attachmentId") == 0)
    return FALSE;
  if (deposit->previous_id != 0)
    {
      previous = server_piece (self, deposit->previous_id, cancellable, error);
      if (previous == NULL)
        return FALSE;
      if (previous->next_id == 0)
        return FALSE;
    }
  chorus_works_query_init (&query);
  query.role = deposit->role;
  query.number = deposit->number;
  query.page_size = 100;
  page = chorus_client_works_search_sync (self->client, &query, cancellable, error);
  if (page == NULL)
    return FALSE;
  for (guint i = 0; i < page->pieces->len; i++)
    {
      ChorusWorksPiece *found = g_ptr_array_index (page->pieces, i);

      if (g_strcmp0 (found->number, deposit->number) != 0 || found->amount_ht != deposit->amount_ht ||
          found->type != chorus_works_cadre_type (deposit->cadre))
        continue;
      if (previous != NULL && previous->next_id != found->id)
        continue;
      works_piece_put (result, found);
      return TRUE;
    }
  return FALSE;
}

static gboolean
works_action_applied (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable,
                      GError **error)
{
  ChorusWorksAction works_action = chorus_sync_works_action_of_kind (action->kind);
  g_autoptr(ChorusWorksPiece) piece = NULL;

  if (action->kind == CHORUS_ACTION_KIND_WORKS_SUBMIT)
    return works_deposit_applied (self, action, result, cancellable, error);
  piece = server_piece (self, chorus_sync_works_action_piece (action), cancellable, error);
  if (piece == NULL || !chorus_works_action_took_effect (works_action, piece->status))
    return FALSE;
  works_piece_put (result, piece);
  if (piece->previous_id != 0 && works_action == CHORUS_WORKS_ACTION_ASK_RECYCLE)
    json_object_set_int_member (result, "previousId", piece->previous_id);
  return TRUE;
}

/* Uploads @path with ajouter/fichier, within the platform's size for one file; its id cites it. */
static gint64
upload_file (ChorusSync *self, const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr(ChorusActionResult) upload = NULL;
  g_autoptr(GBytes) bytes = chorus_deposit_file_map (path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *content_type = g_content_type_guess (name, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (content_type);
  g_autofree char *extension = NULL;
  const char *dot = strrchr (name, '.');

  if (bytes == NULL)
    return 0;
  extension = g_ascii_strup (dot != NULL ? dot + 1 : "PDF", -1);
  upload = chorus_client_add_file_sync (self->client, bytes, name, extension, mime, cancellable, error);
  return upload != NULL ? upload->attachment_id : 0;
}

static gboolean
works_action_send (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable,
                   GError **error)
{
  g_autoptr(ChorusWorksResult) answer = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *comment = NULL;
  gint64 piece_id = chorus_sync_works_action_piece (action);

  if (action->kind == CHORUS_ACTION_KIND_WORKS_SUBMIT)
    {
      g_autoptr(ChorusWorksDeposit) deposit = action_works_deposit (action, error);
      gint64 attachment_id = result_int (result, "attachmentId");

      if (deposit == NULL)
        return FALSE;
      /* An upload alone changes nothing visible; its id is kept so a retry does not upload again. */
      if (attachment_id == 0)
        {
          attachment_id = upload_file (self, deposit->pdf_path, cancellable, error);
          if (attachment_id == 0)
            return FALSE;
          json_object_set_int_member (result, "attachmentId", attachment_id);
          if (!save_result (self, action, result, error))
            return FALSE;
        }
      answer = chorus_client_works_submit_sync (self->client, deposit, attachment_id, cancellable, error);
    }
  else
    {
      payload = parse_json (action->payload, error);
      if (payload == NULL || !chorus_json_get_string (payload, "comment", &comment, error))
        return FALSE;
      switch (action->kind)
        {
        case CHORUS_ACTION_KIND_WORKS_SUSPEND:
          answer = chorus_client_works_suspend_sync (self->client, piece_id, comment, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_REFUSE:
          answer = chorus_client_works_refuse_sync (self->client, piece_id, comment, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE:
          answer = chorus_client_works_ask_recycle_sync (self->client, piece_id, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_RECYCLE:
          answer = chorus_client_works_recycle_sync (self->client, piece_id, comment, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_COMPLETE:
        case CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE:
          {
            JsonArray *files = NULL;
            JsonArray *ids = NULL;
            g_autoptr(GArray) id_values = g_array_new (FALSE, FALSE, sizeof (gint64));
            g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

            if (!chorus_json_get_array (payload, "files", &files, error))
              return FALSE;
            if (!json_object_has_member (result, "attachmentIds"))
              json_object_set_array_member (result, "attachmentIds", json_array_new ());
            ids = json_object_get_array_member (result, "attachmentIds");
            /* Each upload is recorded at once: a retry sends only the files still missing. */
            for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
              {
                const char *path = json_array_get_string_element (files, i);
                gint64 id = i < json_array_get_length (ids) ? json_array_get_int_element (ids, i) : 0;

                if (id == 0)
                  {
                    id = upload_file (self, path, cancellable, error);
                    if (id == 0)
                      return FALSE;
                    json_array_add_int_element (ids, id);
                    if (!save_result (self, action, result, error))
                      return FALSE;
                  }
                g_array_append_val (id_values, id);
                g_ptr_array_add (names, g_path_get_basename (path));
              }
            g_ptr_array_add (names, NULL);
            answer = chorus_client_works_complete_sync (self->client, piece_id,
                                                        action->kind == CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE,
                                                        comment, (const gint64 *) (gpointer) id_values->data,
                                                        (const char * const *) names->pdata, id_values->len,
                                                        cancellable, error);
            break;
          }
        case CHORUS_ACTION_KIND_PROCESS:
        case CHORUS_ACTION_KIND_DEPOSIT_PDF:
        case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
        case CHORUS_ACTION_KIND_COMPLETE:
        case CHORUS_ACTION_KIND_RECYCLE:
        case CHORUS_ACTION_KIND_WORKS_SUBMIT:
        default:
          g_return_val_if_reached (FALSE);
        }
    }
  if (answer == NULL)
    return FALSE;
  works_result_put (result, answer);
  return TRUE;
}

/* YYYY-MM-DD, @days from the ISO 8601 time @iso (now when NULL or unreadable). */
static char *
date_around (const char *iso, int days)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) moved = g_date_time_add_days (when != NULL ? when : now, days);

  return g_date_time_format (moved, "%Y-%m-%d");
}

/* Issued invoices of the draft's supplier numbered like it; within the days around the flux's
 * sending when @sent_at is set (the supplier's numbers are unique: one of those is ours). */
static ChorusInvoice *
find_issued (ChorusSync          *self,
             ChorusDepositDraft  *draft,
             const char          *sent_at,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(ChorusInvoicePage) page = NULL;
  g_autofree char *from = NULL, *to = NULL;
  const char *number = chorus_invoice_get_number (draft->invoice);
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_invoice_get_supplier_id (draft->invoice);
  query.invoice_number = number;
  if (sent_at != NULL)
    {
      from = date_around (sent_at, -1);
      to = date_around (NULL, 1);
      query.deposit_from = from;
      query.deposit_to = to;
    }
  page = chorus_client_search_issued_sync (self->client, &query, cancellable, error);
  if (page == NULL)
    return NULL;
  for (guint i = 0; i < page->invoices->len; i++)
    {
      ChorusInvoice *found = g_ptr_array_index (page->invoices, i);

      if (g_strcmp0 (chorus_invoice_get_number (found), number) == 0)
        return g_object_ref (found);
    }
  return NULL;
}

/* Looks a flux up on the server: by its numeroFluxDepot when the answer brought one, else by its
 * invoice's number around the day it was sent (Chorus integrates a flux asynchronously: its
 * invoice may show up only later). TRUE when found, with @result filled. */
static gboolean
flow_found (ChorusSync    *self,
            ChorusAction  *action,
            JsonObject    *result,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(ChorusDepositDraft) draft = NULL;
  g_autoptr(ChorusInvoice) found = NULL;
  const char *flow_number = result_string (result, "flowNumber");
  const char *number;

  if (flow_number != NULL)
    {
      g_autoptr(GError) report_error = NULL;
      g_autoptr(ChorusFlowReport) report = chorus_client_get_flow_report_sync (self->client, flow_number,
                                                                                 cancellable, &report_error);

      if (report != NULL)
        {
          if (report->state != NULL)
            json_object_set_string_member (result, "flowState", report->state);
          return TRUE;
        }
      /* Unknown to the compte-rendu service (yet): the invoice search may still find it. */
      if (!g_error_matches (report_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API))
        {
          g_propagate_error (error, g_steal_pointer (&report_error));
          return FALSE;
        }
    }
  draft = action_draft (action, error);
  if (draft == NULL)
    return FALSE;
  number = chorus_invoice_get_number (draft->invoice);
  if (number == NULL || *number == '\0')
    return FALSE;
  found = find_issued (self, draft, result_string (result, "sentAt"), cancellable, error);
  if (found == NULL)
    return FALSE;
  result_put_invoice (result, found);
  return TRUE;
}

/* Whether the action already took effect on the server, from its current state; fills
 * @result with what the server holds. FALSE with @error when that cannot be told now. */
static gboolean
supplier_action_applied (ChorusSync    *self,
                         ChorusAction  *action,
                         JsonObject    *result,
                         GCancellable  *cancellable,
                         GError       **error)
{
  switch (action->kind)
    {
    case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
      return flow_found (self, action, result, cancellable, error);
    case CHORUS_ACTION_KIND_DEPOSIT_PDF:
      {
        g_autoptr(ChorusDepositDraft) draft = action_draft (action, error);
        g_autoptr(ChorusInvoice) found = NULL;
        g_autoptr(ChorusInvoice) full = NULL;
        gint64 attachment_id = result_int (result, "attachmentId");
        const char *number;

        if (draft == NULL)
          return FALSE;
        number = chorus_invoice_get_number (draft->invoice);
        /* The upload's id is recorded before soumettre leaves: without it, soumettre never did. */
        if (number == NULL || *number == '\0' || attachment_id == 0)
          return FALSE;
        /* The supplier's invoices are unique by number: one with ours means it went through. */
        found = find_issued (self, draft, NULL, cancellable, error);
        if (found == NULL)
          return FALSE;
        /* Same number, but is it ours? Our upload is its main attachment. An earlier invoice with
         * this number means the server rightly refused a duplicate. */
        full = chorus_client_consult_invoice_sync (self->client, CHORUS_DIRECTION_ISSUED,
                                                   chorus_invoice_get_id (found), cancellable, error);
        if (full == NULL || chorus_invoice_get_main_attachment_id (full) != attachment_id)
          return FALSE;
        result_put_invoice (result, found);
        return TRUE;
      }
    case CHORUS_ACTION_KIND_COMPLETE:
    case CHORUS_ACTION_KIND_RECYCLE:
      {
        /* Completing leaves SUSPENDUE, recycling leaves A_RECYCLER: still there = not applied. */
        ChorusStatus from = action->kind == CHORUS_ACTION_KIND_COMPLETE ? CHORUS_STATUS_SUSPENDUE
                                                                          : CHORUS_STATUS_A_RECYCLER;
        ChorusStatus current = server_status (self, action->chorus_id, cancellable, error);

        if (current == CHORUS_STATUS_UNKNOWN || current == from)
          return FALSE;
        json_object_set_int_member (result, "invoiceId", action->chorus_id);
        json_object_set_string_member (result, "status", chorus_status_to_api (current));
        return TRUE;
      }
    case CHORUS_ACTION_KIND_READ_PDF:
      /* An upload alone changes nothing the user sees: uploading again is harmless. */
      return FALSE;
    case CHORUS_ACTION_KIND_WORKS_SUBMIT:
    case CHORUS_ACTION_KIND_WORKS_SUSPEND:
    case CHORUS_ACTION_KIND_WORKS_REFUSE:
    case CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE:
    case CHORUS_ACTION_KIND_WORKS_RECYCLE:
    case CHORUS_ACTION_KIND_WORKS_COMPLETE:
    case CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE:
      return works_action_applied (self, action, result, cancellable, error);
    case CHORUS_ACTION_KIND_PROCESS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The outbox's copy of the deposited file, mapped, within what Chorus Pro accepts for it. */
static GBytes *
deposit_file (ChorusAction *action, ChorusDepositDraft *draft, GError **error)
{
  if (draft->pdf_path == NULL)
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("The invoice file is missing."));
      return NULL;
    }
  return chorus_deposit_file_map (draft->pdf_path,
                                  action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW ? CHORUS_DEPOSIT_MAX_TOTAL_BYTES
                                                                                  : CHORUS_DEPOSIT_MAX_FILE_BYTES,
                                  error);
}

/* Sends the action once; the answer goes in @result. */
static gboolean
supplier_action_send (ChorusSync    *self,
                      ChorusAction  *action,
                      JsonObject    *result,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(ChorusActionResult) answer = NULL;

  if (action->kind == CHORUS_ACTION_KIND_READ_PDF)
    {
      g_autoptr(ChorusDepositDraft) read = chorus_deposit_draft_new ();
      g_autoptr(JsonNode) read_node = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *path = NULL, *name = NULL;

      payload = parse_json (action->payload, error);
      if (payload == NULL || !chorus_json_get_string (payload, "path", &path, error) ||
          !chorus_json_get_string (payload, "name", &name, error) || path == NULL ||
          (bytes = chorus_deposit_file_map (path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL)
        return FALSE;
      answer = chorus_client_deposit_pdf_sync (self->client, bytes, name, cancellable, error);
      if (answer == NULL)
        return FALSE;
      json_object_set_int_member (result, "attachmentId", answer->attachment_id);
      if (answer->read != NULL)
        g_set_object (&read->invoice, answer->read);
      read_node = chorus_deposit_draft_to_json (read);
      json_object_set_member (result, "read", g_steal_pointer (&read_node));
      return TRUE;
    }
  if (is_works_kind (action->kind))
    return works_action_send (self, action, result, cancellable, error);
  if (action->kind == CHORUS_ACTION_KIND_DEPOSIT_PDF || action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW)
    {
      g_autoptr(ChorusDepositDraft) draft = action_draft (action, error);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      gint64 attachment_id;

      if (draft == NULL || (bytes = deposit_file (action, draft, error)) == NULL)
        return FALSE;
      name = g_path_get_basename (draft->pdf_path);
      if (action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW)
        answer = chorus_client_deposit_flow_sync (self->client, bytes, name, draft->flux_syntax, cancellable, error);
      else
        {
          /* An upload alone changes nothing visible: redoing it is harmless, but its id is kept
           * so that a retry does not upload again. */
          attachment_id = result_int (result, "attachmentId");
          if (attachment_id == 0)
            {
              g_autoptr(ChorusActionResult) upload = chorus_client_deposit_pdf_sync (self->client, bytes, name,
                                                                                     cancellable, error);

              if (upload == NULL)
                return FALSE;
              attachment_id = upload->attachment_id;
              json_object_set_int_member (result, "attachmentId", attachment_id);
              if (!save_result (self, action, result, error))
                return FALSE;
            }
          chorus_invoice_set_main_attachment_id (draft->invoice, attachment_id);
          /* The other documents, uploaded first, go with it as pièces jointes complémentaires. */
          if (draft->attachment_paths != NULL)
            {
              g_autoptr(JsonArray) files = json_array_new ();
              g_autoptr(GPtrArray) attachments = NULL;

              for (guint i = 0; draft->attachment_paths[i] != NULL; i++)
                {
                  JsonObject *file = json_object_new ();
                  g_autofree char *base = g_path_get_basename (draft->attachment_paths[i]);

                  json_object_set_string_member (file, "path", draft->attachment_paths[i]);
                  json_object_set_string_member (file, "name", base);
                  json_array_add_object_element (files, file);
                }
              attachments = upload_files (self, action, result, files, cancellable, error);
              if (attachments == NULL)
                return FALSE;
              chorus_invoice_set_attachments (draft->invoice, attachments);
            }
          answer = chorus_client_submit_sync (self->client, draft->invoice, cancellable, error);
        }
    }
  else
    {
      g_autofree char *comment = NULL;

      payload = parse_json (action->payload, error);
      if (payload == NULL || !chorus_json_get_string (payload, "comment", &comment, error))
        return FALSE;
      if (action->kind == CHORUS_ACTION_KIND_COMPLETE)
        {
          JsonArray *files = NULL;
          g_autoptr(GPtrArray) attachments = NULL;

          /* The documents first, then one completer naming them all. */
          if (!chorus_json_get_array (payload, "files", &files, error) ||
              (attachments = upload_files (self, action, result, files, cancellable, error)) == NULL)
            return FALSE;
          answer = chorus_client_complete_sync (self->client, action->chorus_id, comment, attachments, cancellable,
                                                error);
        }
      else
        {
          g_autofree char *recipient = NULL, *service = NULL, *engagement = NULL;

          if (!chorus_json_get_string (payload, "recipient", &recipient, error) ||
              !chorus_json_get_string (payload, "service", &service, error) ||
              !chorus_json_get_string (payload, "engagement", &engagement, error))
            return FALSE;
          answer = chorus_client_recycle_sync (self->client, action->chorus_id, recipient, service, engagement,
                                               comment, cancellable, error);
        }
    }
  if (answer == NULL)
    return FALSE;
  result_put (result, answer);
  return TRUE;
}

/* The invoice as the server now has it, into the store at once, so that lists show the new or
 * changed invoice before the next pull; the pull would bring it anyway, so failures are ignored. */
static void
store_server_invoice (ChorusSync *self, JsonObject *result)
{
  gint64 invoice_id = result_int (result, "invoiceId");
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(GPtrArray) one = NULL;

  if (invoice_id == 0)
    return;
  invoice = chorus_client_consult_invoice_sync (self->client, CHORUS_DIRECTION_ISSUED, invoice_id, NULL, NULL);
  if (invoice == NULL)
    return;
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_ISSUED);
  one = g_ptr_array_new ();
  g_ptr_array_add (one, invoice);
  chorus_store_upsert_invoices (self->store, one, NULL);
}

static void
finish_supplier (ChorusSync *self, ChorusAction *action, JsonObject *result, gboolean ok, const char *message)
{
  g_autoptr(GError) error = NULL;

  json_object_remove_member (result, "pendingCheck");
  if (ok)
    store_server_invoice (self, result);
  if (!save_result (self, action, result, &error))
    g_warning ("Could not record the answer to action %" G_GINT64_FORMAT ": %s", action->id, error->message);
  finish_action (self, action, ok, message, NULL);
}

/* A flux that may have reached Chorus Pro and was not found there (yet): looked up again later
 * while Chorus integrates it; after the last lookup, the user decides. Never sent again here. */
static SendOutcome
flow_not_found (Sender *sender, ChorusAction *action, JsonObject *result)
{
  ChorusSync *self = sender->self;
  g_autoptr(ChorusDepositDraft) draft = action_draft (action, NULL);
  const char *number = draft != NULL ? chorus_invoice_get_number (draft->invoice) : NULL;
  gboolean searchable = (number != NULL && *number != '\0') || result_string (result, "flowNumber") != NULL;
  guint lookups = (guint) result_int (result, "lookups") + 1;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = draft != NULL && draft->pdf_path != NULL ? g_path_get_basename (draft->pdf_path)
                                                                     : g_strdup ("?");
  g_autofree char *message = NULL;

  json_object_set_int_member (result, "lookups", lookups);
  if (!save_result (self, action, result, &error))
    g_warning ("Could not record the lookups of action %" G_GINT64_FORMAT ": %s", action->id, error->message);

  if (searchable && lookups < self->flow_lookups)
    {
      gint64 when = g_get_real_time () + (gint64) self->flow_lookup_interval_s * G_USEC_PER_SEC;
      g_autofree char *at = format_local_time (when);

      message = g_strdup_printf (_("The answer to this flux was lost; Chorus Pro may still be integrating it. "
                                   "Looked up again at %s."), at);
      if (!chorus_store_outbox_postpone (self->store, action->id, when, message, &error))
        g_warning ("Could not postpone action %" G_GINT64_FORMAT ": %s", action->id, error->message);
      action->not_before = when;
      schedule_flush (self, when);
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
      return SEND_LATER;
    }

  if (searchable)
    message = g_strdup_printf (_("The flux “%s” may have reached Chorus Pro, but its invoice %s could not be "
                                 "found there. Look for it in the Chorus Pro portal (deposited flows), then "
                                 "send it again or mark it as deposited."), file, number != NULL ? number : "");
  else
    message = g_strdup_printf (_("The flux “%s” may have reached Chorus Pro, and without its invoice number "
                                 "Chorus Desk cannot look for it. Look for it in the Chorus Pro portal "
                                 "(deposited flows), then send it again or mark it as deposited."), file);
  if (!chorus_store_outbox_set_to_check (self->store, action->id, message, &error))
    g_warning ("Could not record action %" G_GINT64_FORMAT " as to check: %s", action->id, error->message);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED, 0, action->id, FALSE, message);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  return SEND_DONE;
}

/* Before a flux leaves: "it may be there" is on disk, with the time it left (the lookup's
 * window). Only a failure that proves it never arrived clears it. */
static gboolean
mark_flow_sending (ChorusSync *self, ChorusAction *action, JsonObject *result, GError **error)
{
  if (!json_object_has_member (result, "sentAt"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *iso = g_date_time_format_iso8601 (now);

      json_object_set_string_member (result, "sentAt", iso);
    }
  json_object_set_boolean_member (result, "pendingCheck", TRUE);
  return save_result (self, action, result, error);
}

static SendOutcome
send_supplier_action (Sender *sender, ChorusAction *action)
{
  ChorusSync *self = sender->self;
  GCancellable *cancellable = sender->cancellable;
  g_autoptr(JsonObject) result = parse_json (action->result, NULL);
  gboolean flow = action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW;

  if (result == NULL)
    result = json_object_new ();

  for (guint attempt = 0; attempt < MAX_SEND_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) error = NULL;
      gboolean refused;

      if (sender_stopped (sender))
        return SEND_STOP;
      if (attempt > 0 && !sender_sleep (sender, _chorus_client_retry_delay_ms (self->client, attempt - 1)))
        return SEND_STOP;

      /* It may have reached the server already: ask first, never apply it twice. A flux that
       * may be there is never sent again on a guess. */
      if (flow ? result_flag (result, "pendingCheck")
               : action->state == CHORUS_ACTION_SENDING || action->attempts > 0)
        {
          if (supplier_action_applied (self, action, result, cancellable, &error))
            {
              chorus_sync_set_online (self, TRUE);
              finish_supplier (self, action, result, TRUE, NULL);
              return SEND_DONE;
            }
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return sender_stop (sender, g_steal_pointer (&error));
          if (must_postpone (error))
            return postpone (sender, action, error);
          if (chorus_sync_is_offline_error (error))
            continue;
          if (flow)
            {
              chorus_sync_set_online (self, TRUE);
              return flow_not_found (sender, action, result);
            }
          g_clear_error (&error);
        }

      if (flow && !mark_flow_sending (self, action, result, &error))
        return sender_stop (sender, g_steal_pointer (&error));
      if (!chorus_store_outbox_mark_sending (self->store, action->id, &error))
        return sender_stop (sender, g_steal_pointer (&error));
      action->state = CHORUS_ACTION_SENDING;

      if (supplier_action_send (self, action, result, cancellable, &error))
        {
          chorus_sync_set_online (self, TRUE);
          finish_supplier (self, action, result, TRUE, NULL);
          return SEND_DONE;
        }
      if (flow && !chorus_client_error_outcome_unknown (error))
        {
          /* Refused, or never left: it is not on the server. */
          g_autoptr(GError) save_error = NULL;

          json_object_set_boolean_member (result, "pendingCheck", FALSE);
          if (!save_result (self, action, result, &save_error))
            g_warning ("Could not record action %" G_GINT64_FORMAT ": %s", action->id, save_error->message);
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return sender_stop (sender, g_steal_pointer (&error));

      refused = g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
      if (!refused && (error->domain == CHORUS_SYNC_ERROR || error->domain == G_FILE_ERROR ||
                       error->domain == JSON_PARSER_ERROR ||
                       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE) ||
                       (g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE) &&
                        !chorus_client_error_outcome_unknown (error))))
        {
          /* Our own input is unusable (the file was removed or is too large, the payload is
           * damaged): it fails alone, the rest goes on. */
          finish_supplier (self, action, result, FALSE, error->message);
          return SEND_DONE;
        }
      if (must_postpone (error))
        return postpone (sender, action, error);
      if (!refused && !chorus_sync_is_offline_error (error))
        return sender_stop (sender, g_steal_pointer (&error));

      if (refused)
        {
          /* A refusal may mean an earlier attempt of this very action went through (e.g. "this
           * number already exists"): the server's state tells. */
          g_autoptr(GError) check_error = NULL;
          gboolean applied = supplier_action_applied (self, action, result, cancellable, &check_error);

          chorus_sync_set_online (self, TRUE);
          if (applied)
            finish_supplier (self, action, result, TRUE, NULL);
          else if (check_error != NULL && chorus_sync_is_offline_error (check_error))
            continue;
          else
            {
              const char *libelle = chorus_client_error_get_libelle (error);
              finish_supplier (self, action, result, FALSE, libelle != NULL && *libelle ? libelle : error->message);
            }
          return SEND_DONE;
        }
      /* Lost, timed out, throttled or garbled: loop, and check before sending again. */
    }

  chorus_sync_set_online (self, FALSE);
  return sender_stop (sender, g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                                           _("Chorus Pro cannot be reached. The pending actions will be sent later.")));
}

static SendOutcome
send_action (Sender *sender, ChorusAction *action)
{
  ChorusSync *self = sender->self;
  GCancellable *cancellable = sender->cancellable;

  if (action->not_before > g_get_real_time ())
    return SEND_LATER;
  if (action->kind != CHORUS_ACTION_KIND_PROCESS)
    return send_supplier_action (sender, action);

  for (guint attempt = 0; attempt < MAX_SEND_ATTEMPTS; attempt++)
    {
      g_autoptr(ChorusActionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gboolean refused;

      if (sender_stopped (sender))
        return SEND_STOP;
      if (attempt > 0 && !sender_sleep (sender, _chorus_client_retry_delay_ms (self->client, attempt - 1)))
        return SEND_STOP;

      /* It may have reached the server already (answer lost, or we died before recording it,
       * or a power cut rolled the SENDING mark back but not the attempt count): ask first, so
       * that it is never applied twice. */
      if (action->state == CHORUS_ACTION_SENDING || action->attempts > 0)
        {
          ChorusStatus current = server_status (self, action->chorus_id, cancellable, &error);

          if (current == action->target)
            {
              finish_action (self, action, TRUE, NULL, NULL);
              return SEND_DONE;
            }
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return sender_stop (sender, g_steal_pointer (&error));
          if (must_postpone (error))
            return postpone (sender, action, error);
          if (chorus_sync_is_offline_error (error))
            continue;
          /* Any other answer (e.g. the invoice is no longer visible): send, and let the
           * server's refusal settle the action. */
          g_clear_error (&error);
        }

      if (!chorus_store_outbox_mark_sending (self->store, action->id, &error))
        {
          /* Undone by the user after the listing, while it was still held: nothing to send. */
          if (g_error_matches (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND))
            return SEND_DONE;
          return sender_stop (sender, g_steal_pointer (&error));
        }
      action->state = CHORUS_ACTION_SENDING;

      result = chorus_client_process_received_sync (self->client, action->chorus_id, action->target,
                                                    action->motif, action->mandate_number, cancellable, &error);
      if (result != NULL)
        {
          chorus_sync_set_online (self, TRUE);
          finish_action (self, action, TRUE, NULL, result->date);
          return SEND_DONE;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return sender_stop (sender, g_steal_pointer (&error));
      if (must_postpone (error))
        return postpone (sender, action, error);

      refused = g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
      if (!refused && !chorus_sync_is_offline_error (error))
        /* Credentials or access refused: nothing will pass until the user fixes them. */
        return sender_stop (sender, g_steal_pointer (&error));

      if (refused)
        {
          /* A refusal may only mean that an earlier attempt of this very action went through:
           * the status tells. */
          g_autoptr(GError) status_error = NULL;
          ChorusStatus current = server_status (self, action->chorus_id, cancellable, &status_error);

          chorus_sync_set_online (self, TRUE);
          if (current == action->target)
            finish_action (self, action, TRUE, NULL, NULL);
          else if (status_error != NULL && chorus_sync_is_offline_error (status_error))
            continue;
          else
            {
              const char *libelle = chorus_client_error_get_libelle (error);
              finish_action (self, action, FALSE, libelle != NULL && *libelle ? libelle : error->message, NULL);
            }
          return SEND_DONE;
        }
      /* Lost, timed out, throttled or garbled: loop, and check before sending again. */
    }

  chorus_sync_set_online (self, FALSE);
  return sender_stop (sender, g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                                           _("Chorus Pro cannot be reached. The pending actions will be sent later.")));
}

static gpointer
sender_thread (gpointer data)
{
  Sender *sender = data;
  GPtrArray *group;

  while ((group = g_async_queue_try_pop (sender->groups)) != NULL)
    {
      for (guint i = 0; i < group->len; i++)
        {
          ChorusAction *action = g_ptr_array_index (group, i);
          SendOutcome outcome = send_action (sender, action);

          /* The actions of an invoice build on each other; deposits (no invoice yet) do not. */
          if (outcome == SEND_STOP || (outcome == SEND_LATER && action->invoice_id != 0))
            break;
        }
      g_ptr_array_unref (group);
    }
  return NULL;
}

static void
flush_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  GError *error = NULL;
  Sender sender = { 0 };
  gulong cancel_id = 0;
  gint64 next;

  g_mutex_lock (&self->flush_lock);
  /* From here on, new actions need a new flush: this one may have listed the outbox already. */
  g_atomic_int_set (&self->flush_queued, 0);
  g_atomic_int_set (&self->flushing, 1);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);

  if (self->hold_until > g_get_real_time ())
    {
      /* Chorus Pro asked to wait: a flush is already planned for then. */
      g_autofree char *when = format_local_time (self->hold_until);

      error = g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_POSTPONED,
                           _("Chorus Pro asked to wait: the pending actions will be sent after %s."), when);
      goto out;
    }

  actions = chorus_store_outbox_list_open (self->store, &error);
  if (actions == NULL)
    goto out;

  /* One group per invoice, in the order of its oldest action; the actions of an invoice go
   * one after the other since each builds on the status the previous one set. */
  groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  order = g_ptr_array_new ();
  for (guint i = 0; i < actions->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (actions, i);
      GPtrArray *group = g_hash_table_lookup (groups, &action->invoice_id);

      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, &action->invoice_id, group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, action);
    }

  sender.self = self;
  sender.cancellable = cancellable;
  sender.groups = g_async_queue_new ();
  g_mutex_init (&sender.lock);
  g_cond_init (&sender.cond);
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (sender_wake), &sender, NULL);
  for (guint i = 0; i < order->len; i++)
    g_async_queue_push (sender.groups, g_ptr_array_index (order, i));
  threads = g_ptr_array_new ();
  for (guint i = 0; i < MIN (self->parallel_sends, order->len); i++)
    g_ptr_array_add (threads, g_thread_new ("chorus-outbox", sender_thread, &sender));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  {
    GPtrArray *left;
    while ((left = g_async_queue_try_pop (sender.groups)) != NULL)
      g_ptr_array_unref (left);
  }
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  g_async_queue_unref (sender.groups);
  g_mutex_clear (&sender.lock);
  g_cond_clear (&sender.cond);
  error = sender.stop_error;

out:
  /* Actions held back (a flux looked up later) need a flush of their own. */
  next = chorus_store_outbox_next_attempt (self->store);
  if (next > 0)
    schedule_flush (self, next);
  g_atomic_int_set (&self->flushing, 0);
  g_mutex_unlock (&self->flush_lock);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
chorus_sync_flush_outbox_async (ChorusSync          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_flush_outbox_async);
  g_task_run_in_thread (task, flush_thread);
}

gboolean
chorus_sync_flush_outbox_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GArray *
chorus_sync_queue_process (ChorusSync    *self,
                           const gint64  *ids,
                           guint          n_ids,
                           ChorusStatus   target,
                           const char    *motif,
                           const char    *mandate_number,
                           GError       **error)
{
  g_autoptr(GArray) actions = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (motif != NULL ? motif : ""));
  gint64 not_before;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (!chorus_status_is_recipient_target (target))
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("A recipient cannot set the status “%s”."), chorus_status_label (target));
      return NULL;
    }
  if (chorus_status_needs_motif (target) && stripped[0] == '\0')
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("A reason is required for the status “%s”."), chorus_status_label (target));
      return NULL;
    }

  not_before = self->hold_us > 0 ? g_get_real_time () + self->hold_us : 0;
  actions = chorus_store_outbox_add_process_held (self->store, ids, n_ids, target, motif, mandate_number,
                                                  not_before, error);
  if (actions == NULL)
    return NULL;
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  /* Held for the user's undo: sent by the flush due when the hold ends. */
  if (not_before != 0)
    schedule_flush (self, not_before);
  /* One queued flush covers any number of actions added before it starts. */
  else if (actions->len > 0 && g_atomic_int_compare_and_exchange (&self->flush_queued, 0, 1))
    chorus_sync_flush_outbox_async (self, NULL, NULL, NULL);
  return g_steal_pointer (&actions);
}

gboolean
chorus_sync_process_invoices (ChorusSync    *self,
                              const gint64  *ids,
                              guint          n_ids,
                              ChorusStatus   target,
                              const char    *motif,
                              const char    *mandate_number,
                              GError       **error)
{
  g_autoptr(GArray) actions = chorus_sync_queue_process (self, ids, n_ids, target, motif, mandate_number, error);

  return actions != NULL;
}

void
chorus_sync_start_flush (ChorusSync *self)
{
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  if (g_atomic_int_compare_and_exchange (&self->flush_queued, 0, 1))
    chorus_sync_flush_outbox_async (self, NULL, NULL, NULL);
}

char *
chorus_sync_keep_file (ChorusSync  *self,
                       const char  *path,
                       gsize        max_bytes,
                       GError     **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *unique = NULL;
  g_autofree char *base = NULL;
  g_autofree char *kept = NULL;

  /* Refused before anything is read. */
  if (!chorus_deposit_file_check (path, max_bytes, error))
    return NULL;
  /* The outbox keeps its own copy of the file (the original may move before it is sent), on
   * disk before the action that names it. */
  folder = g_build_filename (chorus_store_get_dir (self->store), "outbox", NULL);
  unique = g_uuid_string_random ();
  sub = g_build_filename (folder, unique, NULL);
  if (g_mkdir_with_parents (sub, 0700) != 0)
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("Could not create the folder “%s”."), sub);
      return NULL;
    }
  base = g_path_get_basename (path);
  kept = g_build_filename (sub, base, NULL);
  if (!chorus_deposit_file_copy (path, kept, max_bytes, error))
    return NULL;
  return g_steal_pointer (&kept);
}

/* Checks each file against the platform's attachment rules and keeps a copy of it:
 * [{"path": copy, "name": its name}], or NULL with a French error naming the file. */
static JsonArray *
keep_attachments (ChorusSync *self, const char * const *paths, GError **error)
{
  g_autoptr(JsonArray) files = json_array_new ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     NULL, error);
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *platform_name = NULL;
      g_autofree char *extension = NULL;
      g_autofree char *kept = NULL;
      JsonObject *item;

      if (info == NULL ||
          !chorus_attachment_check (base, g_file_info_get_size (info), &platform_name, &extension, error) ||
          (kept = chorus_sync_keep_file (self, paths[i], CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL)
        return NULL;
      item = json_object_new ();
      json_object_set_string_member (item, "path", kept);
      json_object_set_string_member (item, "name", base);
      json_array_add_object_element (files, item);
    }
  return g_steal_pointer (&files);
}

gint64
chorus_sync_enqueue_deposit (ChorusSync               *self,
                             const ChorusDepositDraft *draft,
                             GError                  **error)
{
  g_autoptr(ChorusDepositDraft) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) files = NULL;
  g_autoptr(GStrvBuilder) kept_paths = g_strv_builder_new ();
  g_autofree char *payload = NULL;
  g_autofree char *kept = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (draft != NULL && draft->invoice != NULL, 0);

  if (draft->pdf_path == NULL)
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("Choose the PDF of the invoice."));
      return 0;
    }
  /* A flux carries all the invoice's files, a PDF is one. */
  if ((kept = chorus_sync_keep_file (self, draft->pdf_path,
                         draft->flux_syntax != NULL ? CHORUS_DEPOSIT_MAX_TOTAL_BYTES : CHORUS_DEPOSIT_MAX_FILE_BYTES,
                         error)) == NULL)
    return 0;
  files = keep_attachments (self, (const char * const *) draft->attachment_paths, error);
  if (files == NULL)
    return 0;
  for (guint i = 0; i < json_array_get_length (files); i++)
    g_strv_builder_add (kept_paths, json_object_get_string_member (json_array_get_object_element (files, i), "path"));

  copy = chorus_deposit_draft_copy (draft);
  g_free (copy->pdf_path);
  copy->pdf_path = g_strdup (kept);
  g_strfreev (copy->attachment_paths);
  copy->attachment_paths = json_array_get_length (files) > 0 ? g_strv_builder_end (kept_paths) : NULL;
  /* The upload already made to read the PDF is the deposit's: soumettre names it. */
  chorus_invoice_set_main_attachment_id (copy->invoice, 0);
  node = chorus_deposit_draft_to_json (copy);
  payload = json_to_string (node, FALSE);
  id = chorus_store_outbox_add (self->store,
                                draft->flux_syntax != NULL ? CHORUS_ACTION_KIND_DEPOSIT_FLOW
                                                           : CHORUS_ACTION_KIND_DEPOSIT_PDF,
                                0, payload, error);
  if (id != 0 && draft->flux_syntax == NULL && chorus_invoice_get_main_attachment_id (draft->invoice) > 0)
    {
      g_autofree char *seed = g_strdup_printf ("{\"attachmentId\": %" G_GINT64_FORMAT "}",
                                               chorus_invoice_get_main_attachment_id (draft->invoice));

      if (!chorus_store_outbox_set_result (self->store, id, seed, error))
        return 0;
    }
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

gint64
chorus_sync_enqueue_read_pdf (ChorusSync  *self,
                              const char  *pdf_path,
                              GError     **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *kept = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (pdf_path != NULL, 0);

  if ((kept = chorus_sync_keep_file (self, pdf_path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL)
    return 0;
  base = g_path_get_basename (pdf_path);
  json_object_set_string_member (payload, "path", kept);
  json_object_set_string_member (payload, "name", base);
  text = object_to_string (payload);
  id = chorus_store_outbox_add (self->store, CHORUS_ACTION_KIND_READ_PDF, 0, text, error);
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

gint64
chorus_sync_enqueue_complete (ChorusSync         *self,
                              gint64              invoice_id,
                              const char         *comment,
                              const char * const *file_paths,
                              GError            **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonArray) files = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (comment != NULL ? comment : ""));
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (invoice_id != 0, 0);

  if (*clean == '\0' && (file_paths == NULL || file_paths[0] == NULL))
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("Add the missing documents, or say what you added to complete the invoice."));
      return 0;
    }
  files = keep_attachments (self, file_paths, error);
  if (files == NULL)
    return 0;
  if (*clean != '\0')
    json_object_set_string_member (payload, "comment", clean);
  json_object_set_array_member (payload, "files", g_steal_pointer (&files));
  text = object_to_string (payload);
  id = chorus_store_outbox_add (self->store, CHORUS_ACTION_KIND_COMPLETE, invoice_id, text, error);
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

gint64
chorus_sync_enqueue_recycle (ChorusSync  *self,
                             gint64       invoice_id,
                             const char  *recipient_code,
                             const char  *service_code,
                             const char  *engagement_number,
                             const char  *comment,
                             GError     **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (invoice_id != 0, 0);

  if (recipient_code == NULL || *recipient_code == '\0')
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("The recipient is missing."));
      return 0;
    }
  json_object_set_string_member (payload, "recipient", recipient_code);
  if (service_code != NULL && *service_code != '\0')
    json_object_set_string_member (payload, "service", service_code);
  if (engagement_number != NULL && *engagement_number != '\0')
    json_object_set_string_member (payload, "engagement", engagement_number);
  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (payload, "comment", comment);
  text = object_to_string (payload);
  id = chorus_store_outbox_add (self->store, CHORUS_ACTION_KIND_RECYCLE, invoice_id, text, error);
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

/* Held actions ---------------------------------------------------------------------------------- */

void
chorus_sync_set_hold_time (ChorusSync *self,
                           guint       milliseconds)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  self->hold_us = (gint64) milliseconds * 1000;
}

guint
chorus_sync_get_hold_time (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  return (guint) (self->hold_us / 1000);
}

void
chorus_sync_schedule_held (ChorusSync *self)
{
  gint64 next;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  /* A held action is one more action waiting for its not_before: the flush then sends it. */
  next = chorus_store_outbox_next_attempt (self->store);
  if (next > 0)
    schedule_flush (self, next);
}

gboolean
chorus_sync_cancel_action (ChorusSync  *self,
                           gint64       action_id,
                           GError     **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);

  if (!chorus_store_outbox_cancel (self->store, action_id, g_get_real_time (), error))
    return FALSE;
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  return TRUE;
}

gboolean
chorus_sync_resolve_action (ChorusSync  *self,
                            gint64       action_id,
                            gboolean     resend,
                            GError     **error)
{
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);

  action = chorus_store_outbox_get (self->store, action_id, error);
  if (action == NULL)
    return FALSE;
  if (action->state != CHORUS_ACTION_TO_CHECK)
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("This action no longer waits for a check."));
      return FALSE;
    }
  result = parse_json (action->result, NULL);
  if (result == NULL)
    result = json_object_new ();
  if (resend)
    {
      /* The user found nothing in the portal: a fresh send, looked up again if it is lost. */
      json_object_remove_member (result, "pendingCheck");
      json_object_remove_member (result, "sentAt");
      json_object_remove_member (result, "lookups");
      json_object_set_boolean_member (result, "resentByUser", TRUE);
    }
  else
    json_object_set_boolean_member (result, "doneByUser", TRUE);
  text = object_to_string (result);
  if (!chorus_store_outbox_resolve (self->store, action_id, resend, text,
                                    resend ? NULL : _("Marked as deposited after a check in Chorus Pro."), error))
    return FALSE;
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  if (resend)
    chorus_sync_start_flush (self);
  else
    chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED, 0, action_id, TRUE, NULL);
  return TRUE;
}

void
chorus_sync_set_flow_lookups (ChorusSync *self,
                              guint       max_lookups,
                              guint       interval_s)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  g_return_if_fail (max_lookups > 0);

  g_mutex_lock (&self->flush_lock);
  self->flow_lookups = max_lookups;
  self->flow_lookup_interval_s = interval_s;
  g_mutex_unlock (&self->flush_lock);
}
