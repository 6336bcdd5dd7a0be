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

  gint64                hold_us;      /* how long a new processing action waits before it may be sent */
  GSource              *hold_timer;   /* in context: flushes when the next hold ends */
  GMutex                hold_lock;    /* guards hold_timer */

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
/* Errors that say "cannot reach Chorus Pro now", as opposed to a refusal. */
gboolean chorus_sync_is_offline_error (const GError *error);

G_END_DECLS
