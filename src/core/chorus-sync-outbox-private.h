/* chorus-sync-outbox-private.h: the outbox sender's machinery, shared by the sender
 * (chorus-sync-outbox.c) and the supplier actions it sends (chorus-sync-supplier.c). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-sync-private.h"

G_BEGIN_DECLS

/* Attempts per action and flush, on top of the client's own retries of reads. */
#define CHORUS_SYNC_MAX_SEND_ATTEMPTS 6

typedef enum {
  CHORUS_SEND_DONE,        /* finished, well or not, or waiting for the user: the next action may go */
  CHORUS_SEND_LATER,       /* held back until its not_before: later actions of its invoice wait too */
  CHORUS_SEND_STOP,        /* cannot go on now (offline, refused credentials, cancelled): stays open */
} ChorusSendOutcome;

/* One flush: its sender threads take the groups of open actions (one invoice each) in turn. */
typedef struct {
  ChorusSync   *self;
  GCancellable *cancellable;
  GAsyncQueue  *groups;       /* GPtrArray of the open actions of one invoice, in order */
  GMutex        lock;
  GCond         cond;         /* wakes senders waiting between attempts */
  GError       *stop_error;   /* the first reason to stop; every sender then stops */
} ChorusSyncSender;

gboolean          chorus_sync_sender_stopped    (ChorusSyncSender *sender);
/* Records the first reason to stop (takes @error) and wakes every sender; returns STOP. */
ChorusSendOutcome chorus_sync_sender_stop       (ChorusSyncSender *sender,
                                                 GError           *error);
/* Waits @ms before the next attempt; FALSE when the flush stopped meanwhile. */
gboolean          chorus_sync_sender_sleep      (ChorusSyncSender *sender,
                                                 guint             ms);
/* "14:05" or "lundi 14:05" for a wall-clock time in microseconds. */
char             *chorus_sync_format_local_time (gint64            when);
/* Flushes again at @when (g_get_real_time()), unless a flush is due earlier. Any thread. */
void              chorus_sync_schedule_flush    (ChorusSync       *self,
                                                 gint64            when);
/* Records the action's outcome, with @result (the answer, JSON) in the same commit when not
 * NULL, and tells the UI. */
void              chorus_sync_finish_action     (ChorusSync       *self,
                                                 ChorusAction     *action,
                                                 gboolean          ok,
                                                 const char       *message,
                                                 const char       *date,
                                                 const char       *result);
/* Chorus Pro asked to wait longer than the client waits: the action keeps its place with a
 * not-before time and the flush stops. */
ChorusSendOutcome chorus_sync_postpone          (ChorusSyncSender *sender,
                                                 ChorusAction     *action,
                                                 const GError     *error);
gboolean          chorus_sync_must_postpone     (const GError     *error);

typedef enum {
  CHORUS_READ_STOPPED,   /* cancelled, or Chorus Pro asked to wait: the flush stops */
  CHORUS_READ_AGAIN,     /* Chorus Pro cannot be reached now: the next attempt asks again */
  CHORUS_READ_OTHER,     /* anything else: the caller decides */
} ChorusReadFailure;

/* What a failed read before a send (the "already applied?" check, the state before the first
 * send) means for the action; stops or postpones the flush itself when it must. */
ChorusReadFailure chorus_sync_read_failure      (ChorusSyncSender *sender,
                                                 ChorusAction     *action,
                                                 GError          **error);

/* Sends a supplier action (deposit, read PDF, complete, recycle), asking the server first when it
 * may already have gone through (chorus-sync-supplier.c). */
ChorusSendOutcome chorus_sync_send_supplier_action (ChorusSyncSender *sender,
                                                    ChorusAction     *action);

G_END_DECLS
