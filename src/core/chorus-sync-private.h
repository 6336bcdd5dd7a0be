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
  ChorusSyncDirections  directions;
  guint                 page_size;
  guint                 parallel_sends;

  GMutex                flush_lock;   /* one sender at a time: an action is never sent twice */
  gint                  online;       /* atomic booleans */
  gint                  pulling;
  gint                  flushing;
  gint                  flush_queued;  /* a flush started by process_invoices has not begun yet */

  /* Under flush_lock. */
  gint64                hold_until;    /* Chorus Pro asked not to call before (g_get_real_time()) */
  guint                 flow_lookups;  /* searches for a flux whose answer was lost, before asking the user */
  guint                 flow_lookup_interval_s;
  GMutex                timer_lock;
  GSource              *flush_timer;   /* the next flush the outbox asked for, in context */
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
/* Destroys the scheduled flush, if any (dispose / finalize). */
void     chorus_sync_cancel_scheduled_flush (ChorusSync *self);
/* Errors that say "cannot reach Chorus Pro now", as opposed to a refusal. */
gboolean chorus_sync_is_offline_error (const GError *error);

G_END_DECLS
