/* chorus-sync-private.h: what the files of the synchroniser share (the object's fields, signals, the
 * outbox actions' result helpers). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-deposit-draft.h"
#include "chorus-status.h"
#include "chorus-sync.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

struct _ChorusSync
{
  GObject               parent_instance;

  ChorusClient         *client;
  ChorusStore          *store;
  GMainContext         *context;      /* where signals go */
  GThread              *thread;       /* the thread that made it: signals are emitted there */
  ChorusSyncDirections  directions;
  guint                 page_size;
  guint                 parallel_sends;

  GMutex                flush_lock;   /* one sender at a time: an action is never sent twice */
  gint                  online;       /* atomic booleans */
  gint                  pulling;
  gint                  flushing;
  gint                  flush_queued;  /* a flush started by enqueue_process has not begun yet */
  gint                  last_unreadable[3];  /* by ChorusDirection: odd items seen by the last pull */

  /* Under flush_lock. */
  gint64                hold_until;    /* Chorus Pro asked not to call before (g_get_real_time()) */
  guint                 flow_lookups;  /* searches for a flux whose answer was lost, before asking the user */
  guint                 flow_lookup_interval_s;
  GMutex                timer_lock;
  GSource              *flush_timer;   /* the next flush the outbox asked for, in context */

  gint64                hold_us;      /* how long a new processing action waits (for an undo) before it may be sent */

  GMutex                scope_lock;   /* guards the two arrays below, read by the pull */
  GArray               *scope_structures;  /* gint64 idStructureCPP chosen for the account; empty = all */
  GArray               *scope_services;    /* ChorusSyncScopeService chosen within them */
};

enum {
  CHORUS_SYNC_SIGNAL_PROGRESS,
  CHORUS_SYNC_SIGNAL_INVOICES_CHANGED,
  CHORUS_SYNC_SIGNAL_ACTION_FINISHED,
  CHORUS_SYNC_SIGNAL_STATE_CHANGED,
  CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED,
  CHORUS_SYNC_N_SIGNALS
};

/* Emits @signal in the sync's main context, from any thread. For outbox-action-finished
 * @invoice_id is the action's id. */
void     chorus_sync_emit             (ChorusSync   *self,
                                       guint         signal,
                                       double        fraction,
                                       gint64        invoice_id,
                                       gboolean      ok,
                                       const char   *message);
void     chorus_sync_set_online       (ChorusSync   *self,
                                       gboolean      online);
/* Queues a flush of the outbox unless one is queued already. */
void     chorus_sync_start_flush      (ChorusSync   *self);
/* The validator's part (chorus-sync-validation.c): the pull of both levels, and for the outbox
 * whether a decision already took effect (the history shows the status it gives since the invoice
 * reached its level) and its sending; both record where the invoice ended as the action's target. */
gboolean chorus_sync_pull_to_validate (ChorusSync    *self,
                                       double         base,
                                       double         share,
                                       guint         *n_unreadable,
                                       GCancellable  *cancellable,
                                       GError       **error);
gboolean chorus_sync_validation_took_effect (ChorusSync    *self,
                                             ChorusAction  *action,
                                             GCancellable  *cancellable,
                                             GError       **error);
ChorusActionResult *chorus_sync_validation_send (ChorusSync    *self,
                                                 ChorusAction  *action,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* Destroys the scheduled flush, if any (dispose / finalize). */
void     chorus_sync_cancel_scheduled_flush (ChorusSync *self);
/* Runs @thread in a worker for a task of @self tagged @source_tag, with @data (freed by
 * @free_data) as its task data; chorus_sync_task_finish() returns its pointer. */
void     chorus_sync_run_task         (ChorusSync         *self,
                                       gpointer            source_tag,
                                       gpointer            data,
                                       GDestroyNotify      free_data,
                                       GTaskThreadFunc     thread,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gpointer chorus_sync_task_finish      (ChorusSync         *self,
                                       GAsyncResult       *result,
                                       GError            **error);
/* A read that failed: "offline" (with @offline_message) when Chorus Pro cannot be reached. */
GError  *chorus_sync_read_error       (ChorusSync         *self,
                                       GError             *error,
                                       const char         *offline_message);
/* Queues a flush of the outbox unless one is queued already. */
void     chorus_sync_start_flush      (ChorusSync   *self);
/* A copy of the file at @path (at most @max_bytes) under the store's outbox folder, on disk, for
 * an action to send later; returns its path. */
char    *chorus_sync_keep_file        (ChorusSync   *self,
                                       const char   *path,
                                       gsize         max_bytes,
                                       GError      **error);
/* Errors that say "cannot reach Chorus Pro now", as opposed to a refusal. */
gboolean chorus_sync_is_offline_error (const GError *error);

/* Outbox actions ------------------------------------------------------------------------------- */

/* An action's result column as an object ("{}" when it has none yet). */
JsonObject         *chorus_sync_parse_result       (const char     *text,
                                                    GError        **error);
char               *chorus_sync_json_to_string     (JsonObject     *object);
/* Writes @result into the action's row: what a retry must not do again. */
gboolean            chorus_sync_save_result        (ChorusSync     *self,
                                                    ChorusAction   *action,
                                                    JsonObject     *result,
                                                    GError        **error);
/* Records an invoice the server holds as the action's outcome. */
void                chorus_sync_result_put_invoice (JsonObject     *result,
                                                    ChorusInvoice  *found);
/* The deposit draft an action carries as its payload. */
ChorusDepositDraft *chorus_sync_action_draft       (ChorusAction   *action,
                                                    GError        **error);
/* A string or integer member of a result; NULL or 0 when absent or of another type. */
const char         *chorus_sync_result_string      (JsonObject     *result,
                                                    const char     *key);
gint64              chorus_sync_result_int         (JsonObject     *result,
                                                    const char     *key);

/* The subject's status recorded before the action's first send (the member "before" of its
 * result); UNKNOWN when it could not be read. */
ChorusStatus        chorus_sync_before_status      (JsonObject     *result);

/* Works actions (chorus-sync-works.c), for the sender. */
gboolean            chorus_sync_is_works_kind      (ChorusActionKind kind);
/* The piece as the server now has it: consulter, else its line in its billing file. */
ChorusWorksPiece   *chorus_sync_server_piece       (ChorusSync     *self,
                                                    gint64          piece_id,
                                                    GCancellable   *cancellable,
                                                    GError        **error);
/* Whether the works action already took effect on the server; fills @result with what it holds. */
gboolean            chorus_sync_works_action_applied (ChorusSync   *self,
                                                      ChorusAction *action,
                                                      JsonObject   *result,
                                                      GCancellable *cancellable,
                                                      GError      **error);
/* Sends the works action once; the answer goes in @result. */
gboolean            chorus_sync_works_action_send  (ChorusSync     *self,
                                                    ChorusAction   *action,
                                                    JsonObject     *result,
                                                    GCancellable   *cancellable,
                                                    GError        **error);

G_END_DECLS
