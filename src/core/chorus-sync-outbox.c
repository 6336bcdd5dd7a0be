/* chorus-sync-outbox.c: sends the outbox's actions to Chorus Pro, checking the server before any resend:
 * the flush, its sender threads (ChorusSyncSender, chorus-sync-outbox-private.h), the recipient's
 * processing actions and the held actions. Supplier actions are sent by chorus-sync-supplier.c,
 * works actions by chorus-sync-works.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-private.h"
#include "chorus-deposit-draft.h"
#include "chorus-deposit-file.h"
#include "chorus-deposit-rules.h"
#include "chorus-json.h"
#include "chorus-status.h"
#include "chorus-sync-outbox-private.h"
#include "chorus-sync-private.h"
#include "chorus-sync-validation.h"
#include "chorus-sync-works.h"

/* Outbox --------------------------------------------------------------------------------------- */

gboolean
chorus_sync_sender_stopped (ChorusSyncSender *sender)
{
  gboolean stopped;

  g_mutex_lock (&sender->lock);
  stopped = sender->stop_error != NULL;
  g_mutex_unlock (&sender->lock);
  return stopped || g_cancellable_is_cancelled (sender->cancellable);
}

ChorusSendOutcome
chorus_sync_sender_stop (ChorusSyncSender *sender, GError *error)
{
  g_mutex_lock (&sender->lock);
  if (sender->stop_error == NULL)
    sender->stop_error = error;
  else
    g_error_free (error);
  g_cond_broadcast (&sender->cond);
  g_mutex_unlock (&sender->lock);
  return CHORUS_SEND_STOP;
}

static void
sender_wake (GCancellable *cancellable, ChorusSyncSender *sender)
{
  g_mutex_lock (&sender->lock);
  g_cond_broadcast (&sender->cond);
  g_mutex_unlock (&sender->lock);
}

/* Waits @ms before the next attempt (the client's backoff, with jitter, so that the desktops of
 * an establishment do not all come back at once); FALSE when the flush stopped meanwhile. */
gboolean
chorus_sync_sender_sleep (ChorusSyncSender *sender, guint ms)
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
char *
chorus_sync_format_local_time (gint64 when)
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
void
chorus_sync_schedule_flush (ChorusSync *self, gint64 when)
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

void
chorus_sync_finish_action (ChorusSync *self, ChorusAction *action, gboolean ok, const char *message, const char *date,
                           const char *result)
{
  g_autoptr(GError) error = NULL;

  if (!chorus_store_outbox_finish_with_result (self->store, action->id, ok, message, date, result, &error))
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
ChorusSendOutcome
chorus_sync_postpone (ChorusSyncSender *sender, ChorusAction *action, const GError *error)
{
  ChorusSync *self = sender->self;
  gint64 retry_at = chorus_client_error_get_retry_at (error);
  g_autofree char *when = chorus_sync_format_local_time (retry_at);
  g_autofree char *message = g_strdup_printf (_("Chorus Pro asked to wait: sent again after %s."), when);
  g_autoptr(GError) store_error = NULL;

  if (!chorus_store_outbox_postpone (self->store, action->id, retry_at, message, &store_error))
    g_warning ("Could not postpone action %" G_GINT64_FORMAT ": %s", action->id, store_error->message);
  self->hold_until = MAX (self->hold_until, retry_at);
  chorus_sync_schedule_flush (self, retry_at);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  return chorus_sync_sender_stop (sender, g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_POSTPONED,
                                           _("Chorus Pro asked to wait: the pending actions will be "
                                             "sent after %s."), when));
}

gboolean
chorus_sync_must_postpone (const GError *error)
{
  return chorus_client_error_get_retry_at (error) > g_get_real_time ();
}

ChorusReadFailure
chorus_sync_read_failure (ChorusSyncSender *sender, ChorusAction *action, GError **error)
{
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      chorus_sync_sender_stop (sender, g_steal_pointer (error));
      return CHORUS_READ_STOPPED;
    }
  if (chorus_sync_must_postpone (*error))
    {
      chorus_sync_postpone (sender, action, *error);
      return CHORUS_READ_STOPPED;
    }
  return chorus_sync_is_offline_error (*error) ? CHORUS_READ_AGAIN : CHORUS_READ_OTHER;
}

/* The server's current status of the invoice, or UNKNOWN with @error. */
static ChorusStatus
chorus_sync_server_status (ChorusSync *self, gint64 invoice_id, GCancellable *cancellable, GError **error)
{
  g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (self->client, invoice_id, cancellable, error);

  return history != NULL ? history->current_status : CHORUS_STATUS_UNKNOWN;
}

/* Supplier actions ----------------------------------------------------------------------------- */

JsonObject *
chorus_sync_parse_result (const char *text, GError **error)
{
  return chorus_json_parse_object (text != NULL ? text : "{}", -1, error);
}

char *
chorus_sync_json_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

gboolean
chorus_sync_save_result (ChorusSync *self, ChorusAction *action, JsonObject *result, GError **error)
{
  g_autofree char *text = chorus_sync_json_to_string (result);

  return chorus_store_outbox_set_result (self->store, action->id, text, error);
}

/* Records an invoice the server holds as the action's outcome. */
void
chorus_sync_result_put_invoice (JsonObject *result, ChorusInvoice *found)
{
  json_object_set_int_member (result, "invoiceId", chorus_invoice_get_id (found));
  json_object_set_string_member (result, "invoiceNumber", chorus_invoice_get_number (found));
  json_object_set_string_member (result, "status", chorus_invoice_get_status_code (found) ?: "DEPOSEE");
  if (chorus_invoice_get_deposit_date (found) != NULL)
    json_object_set_string_member (result, "date", chorus_invoice_get_deposit_date (found));
  if (chorus_invoice_get_flow_number (found) != NULL && !json_object_has_member (result, "flowNumber"))
    json_object_set_string_member (result, "flowNumber", chorus_invoice_get_flow_number (found));
}

ChorusDepositDraft *
chorus_sync_action_draft (ChorusAction *action, GError **error)
{
  g_autoptr(JsonNode) node = json_from_string (action->payload, error);

  return node != NULL ? chorus_deposit_draft_from_json (node, error) : NULL;
}

const char *
chorus_sync_result_string (JsonObject *result, const char *key)
{
  JsonNode *node = json_object_get_member (result, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

gint64
chorus_sync_result_int (JsonObject *result, const char *key)
{
  JsonNode *node = json_object_get_member (result, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : 0;
}

ChorusStatus
chorus_sync_before_status (JsonObject *result)
{
  JsonNode *node = json_object_get_member (result, "before");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return CHORUS_STATUS_UNKNOWN;
  return chorus_status_from_api (json_object_get_string_member_with_default (json_node_get_object (node), "status", ""));
}

/* Actions with an optimistic status (a recipient's processing, a validator's decision): whether
 * one already took effect, from the invoice's state on the server. */
static gboolean
took_effect (ChorusSync *self, ChorusAction *action, GCancellable *cancellable, GError **error)
{
  if (action->kind == CHORUS_ACTION_KIND_VALIDATE)
    return chorus_sync_validation_took_effect (self, action, cancellable, error);
  return chorus_sync_server_status (self, action->chorus_id, cancellable, error) == action->target;
}

static ChorusActionResult *
send_optimistic (ChorusSync *self, ChorusAction *action, GCancellable *cancellable, GError **error)
{
  if (action->kind == CHORUS_ACTION_KIND_VALIDATE)
    return chorus_sync_validation_send (self, action, cancellable, error);
  return chorus_client_process_received_sync (self->client, action->chorus_id, action->target,
                                              action->motif, action->mandate_number, cancellable, error);
}

static ChorusSendOutcome
send_action (ChorusSyncSender *sender, ChorusAction *action)
{
  ChorusSync *self = sender->self;
  GCancellable *cancellable = sender->cancellable;

  if (action->not_before > g_get_real_time ())
    return CHORUS_SEND_LATER;
  if (action->kind != CHORUS_ACTION_KIND_PROCESS && action->kind != CHORUS_ACTION_KIND_VALIDATE)
    return chorus_sync_send_supplier_action (sender, action);

  for (guint attempt = 0; attempt < CHORUS_SYNC_MAX_SEND_ATTEMPTS; attempt++)
    {
      g_autoptr(ChorusActionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      ChorusReadFailure failure;
      gboolean refused;

      if (chorus_sync_sender_stopped (sender))
        return CHORUS_SEND_STOP;
      if (attempt > 0 && !chorus_sync_sender_sleep (sender, _chorus_client_retry_delay_ms (self->client, attempt - 1)))
        return CHORUS_SEND_STOP;

      /* It may have reached the server already (answer lost, or we died before recording it,
       * or a power cut rolled the SENDING mark back but not the attempt count): ask first, so
       * that it is never applied twice. */
      if (action->state == CHORUS_ACTION_SENDING || action->attempts > 0)
        {
          if (took_effect (self, action, cancellable, &error))
            {
              chorus_sync_finish_action (self, action, TRUE, NULL, NULL, NULL);
              return CHORUS_SEND_DONE;
            }
          failure = chorus_sync_read_failure (sender, action, &error);
          if (failure == CHORUS_READ_STOPPED)
            return CHORUS_SEND_STOP;
          if (failure == CHORUS_READ_AGAIN)
            continue;
          /* Any other answer (e.g. the invoice is no longer visible): send, and let the
           * server's refusal settle the action. */
          g_clear_error (&error);
        }

      if (!chorus_store_outbox_mark_sending (self->store, action->id, &error))
        {
          /* Undone by the user after the listing, while it was still held: nothing to send. */
          if (g_error_matches (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND))
            return CHORUS_SEND_DONE;
          return chorus_sync_sender_stop (sender, g_steal_pointer (&error));
        }
      action->state = CHORUS_ACTION_SENDING;

      result = send_optimistic (self, action, cancellable, &error);
      if (result != NULL)
        {
          chorus_sync_set_online (self, TRUE);
          chorus_sync_finish_action (self, action, TRUE, NULL, result->date, NULL);
          return CHORUS_SEND_DONE;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return chorus_sync_sender_stop (sender, g_steal_pointer (&error));
      if (chorus_sync_must_postpone (error))
        return chorus_sync_postpone (sender, action, error);

      refused = g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
      if (!refused && !chorus_sync_is_offline_error (error))
        /* Credentials or access refused: nothing will pass until the user fixes them. */
        return chorus_sync_sender_stop (sender, g_steal_pointer (&error));

      if (refused)
        {
          /* A refusal may only mean that an earlier attempt of this very action went through:
           * the status tells. */
          g_autoptr(GError) status_error = NULL;
          gboolean applied = took_effect (self, action, cancellable, &status_error);

          chorus_sync_set_online (self, TRUE);
          if (applied)
            chorus_sync_finish_action (self, action, TRUE, NULL, NULL, NULL);
          else if (status_error != NULL && chorus_sync_is_offline_error (status_error))
            continue;
          else
            {
              const char *libelle = chorus_client_error_get_libelle (error);
              chorus_sync_finish_action (self, action, FALSE, libelle != NULL && *libelle ? libelle : error->message, NULL,
                                         NULL);
            }
          return CHORUS_SEND_DONE;
        }
      /* Lost, timed out, throttled or garbled: loop, and check before sending again. */
    }

  chorus_sync_set_online (self, FALSE);
  return chorus_sync_sender_stop (sender, g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                                           _("Chorus Pro cannot be reached. The pending actions will be sent later.")));
}

/* What the action builds on: its invoice, or its works piece (for a next piece, the one it
 * follows). A deposit builds on nothing: it has a group of its own, so that deposits go in
 * parallel like the rest rather than one after the other. An invoice is the Chorus Pro one:
 * a structure that invoices itself has it on both sides of the store (two rows), and the
 * recipient's suspension and the supplier's completion that answers it must not cross. */
static char *
group_key (const ChorusAction *action)
{
  gint64 piece = chorus_sync_is_works_kind (action->kind) ? chorus_sync_works_action_piece (action) : 0;

  if (action->chorus_id != 0)
    return g_strdup_printf ("invoice %" G_GINT64_FORMAT, action->chorus_id);
  if (action->invoice_id != 0)
    return g_strdup_printf ("row %" G_GINT64_FORMAT, action->invoice_id);
  if (piece != 0)
    return g_strdup_printf ("piece %" G_GINT64_FORMAT, piece);
  return g_strdup_printf ("action %" G_GINT64_FORMAT, action->id);
}

static gpointer
sender_thread (gpointer data)
{
  ChorusSyncSender *sender = data;
  GPtrArray *group;

  while ((group = g_async_queue_try_pop (sender->groups)) != NULL)
    {
      for (guint i = 0; i < group->len; i++)
        {
          ChorusAction *action = g_ptr_array_index (group, i);
          ChorusSendOutcome outcome = send_action (sender, action);

          /* The actions of a group build on each other. */
          if (outcome == CHORUS_SEND_STOP || outcome == CHORUS_SEND_LATER)
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
  ChorusSyncSender sender = { 0 };
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
      g_autofree char *when = chorus_sync_format_local_time (self->hold_until);

      error = g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_POSTPONED,
                           _("Chorus Pro asked to wait: the pending actions will be sent after %s."), when);
      goto out;
    }

  actions = chorus_store_outbox_list_open (self->store, &error);
  if (actions == NULL)
    goto out;

  /* One group per invoice or works piece, in the order of its oldest action; the actions of one
   * go one after the other since each builds on the status the previous one set. */
  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  order = g_ptr_array_new ();
  for (guint i = 0; i < actions->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (actions, i);
      g_autofree char *key = group_key (action);
      GPtrArray *group = g_hash_table_lookup (groups, key);

      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
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
    chorus_sync_schedule_flush (self, next);
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
    chorus_sync_schedule_flush (self, not_before);
  /* One queued flush covers any number of actions added before it starts. */
  else if (actions->len > 0 && g_atomic_int_compare_and_exchange (&self->flush_queued, 0, 1))
    chorus_sync_flush_outbox_async (self, NULL, NULL, NULL);
  return g_steal_pointer (&actions);
}

gboolean
chorus_sync_enqueue_process (ChorusSync    *self,
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

void
chorus_sync_resume_outbox (ChorusSync *self)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  if (chorus_store_count_open_actions (self->store) > 0)
    chorus_sync_start_flush (self);
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

/* Held actions ---------------------------------------------------------------------------------- */

void
chorus_sync_set_hold_time (ChorusSync *self,
                           guint       milliseconds)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  self->hold_us = (gint64) milliseconds * 1000;
}

void
chorus_sync_schedule_held (ChorusSync *self)
{
  gint64 next;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  /* A held action is one more action waiting for its not_before: the flush then sends it. */
  next = chorus_store_outbox_next_attempt (self->store);
  if (next > 0)
    chorus_sync_schedule_flush (self, next);
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
  result = chorus_sync_parse_result (action->result, NULL);
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
  text = chorus_sync_json_to_string (result);
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
