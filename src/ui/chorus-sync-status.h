/* chorus-sync-status.h: the header bar's sync state (last sync, progress, offline, actions waiting) with its
 * refresh button; it also runs the periodic synchronization and notifies new invoices. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SYNC_STATUS (chorus_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSyncStatus, chorus_sync_status, CHORUS, SYNC_STATUS, GtkWidget)

GtkWidget  *chorus_sync_status_new         (void);
/* Follows @sync (NULL: hidden, nothing runs): its state, and a pull every "sync-interval" minutes. */
void        chorus_sync_status_set_sync    (ChorusSyncStatus *self,
                                            ChorusSync       *sync);
ChorusSync *chorus_sync_status_get_sync    (ChorusSyncStatus *self);
/* Pulls from Chorus Pro, then sends the outbox; a failure is a toast. */
void        chorus_sync_status_synchronize (ChorusSyncStatus *self);
/* The "busy" property: a pull or a send of the outbox runs. */
gboolean    chorus_sync_status_get_busy    (ChorusSyncStatus *self);
/* Adds @child after the state (the recipient's badge of actions waiting). */
void        chorus_sync_status_append      (ChorusSyncStatus *self,
                                            GtkWidget        *child);

G_END_DECLS
