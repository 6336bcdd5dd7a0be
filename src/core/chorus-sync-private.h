/* chorus-sync-private.h: what the pull and the outbox sender share (the object's fields, signals). */
#pragma once

#include "chorus-sync.h"

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
  gint                  flush_queued;  /* a flush started by process_invoices has not begun yet */
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
/* A copy of the file at @path under the store's outbox folder, for an action to send later;
 * returns its path. */
char    *chorus_sync_keep_file        (ChorusSync   *self,
                                       const char   *path,
                                       GError      **error);
/* Errors that say "cannot reach Chorus Pro now", as opposed to a refusal. */
gboolean chorus_sync_is_offline_error (const GError *error);

G_END_DECLS
