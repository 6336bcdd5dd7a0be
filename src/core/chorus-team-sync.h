/* chorus-team-sync.h: keeps the local store and the team database in step (push queued edits, pull the feed, claims). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-store-team.h"
#include "chorus-team-config.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_TEAM_STATE_STOPPED = 0,
  CHORUS_TEAM_STATE_CONNECTING,
  CHORUS_TEAM_STATE_ONLINE,
  CHORUS_TEAM_STATE_OFFLINE,     /* cannot reach the server: edits wait, retried by itself */
  CHORUS_TEAM_STATE_FAILED,      /* needs someone to act (password, rights, newer schema…): see the message */
} ChorusTeamState;

#define CHORUS_TEAM_DEFAULT_CLAIM_SECONDS 600

#define CHORUS_TYPE_TEAM_SYNC (chorus_team_sync_get_type ())
G_DECLARE_FINAL_TYPE (ChorusTeamSync, chorus_team_sync, CHORUS, TEAM_SYNC, GObject)

/* Turns team mode on in @store at once (edits are queued from now on, online or not). Everything
 * runs in the thread-default main context of the caller. Signals:
 *   "state-changed" ()
 *   "invoices-changed" (GArray *ids)        shared fields (or who changed them) changed for these invoices
 *   "lists-changed" (const char *list)      a team list changed (CHORUS_TEAM_LIST_*)
 *   "claims-changed" (GArray *ids)          claims taken, renewed, released or expired
 *   "edit-lost" (ChorusTeamLostEdit *lost)  a colleague replaced an edit of ours without having seen it
 *   "pending-changed" ()                    the number of edits waiting to reach the team changed */
ChorusTeamSync  *chorus_team_sync_new             (ChorusStore              *store,
                                                   const ChorusTeamConfig   *config,
                                                   const ChorusTeamIdentity *identity,
                                                   GError                  **error);
ChorusStore     *chorus_team_sync_get_store       (ChorusTeamSync           *self);
const ChorusTeamIdentity *chorus_team_sync_get_identity (ChorusTeamSync     *self);
const ChorusTeamConfig   *chorus_team_sync_get_config   (ChorusTeamSync     *self);

/* The password from the keyring (NULL when the server needs none). */
void             chorus_team_sync_set_password    (ChorusTeamSync           *self,
                                                   const char               *password);
/* Connects and stays connected, retrying after a failure; stop disconnects (edits still queue). */
void             chorus_team_sync_start           (ChorusTeamSync           *self);
void             chorus_team_sync_stop            (ChorusTeamSync           *self);

ChorusTeamState  chorus_team_sync_get_state       (ChorusTeamSync           *self);
/* Why it is offline or failed, and what to do, in the user's language; NULL when online. */
const char      *chorus_team_sync_get_message     (ChorusTeamSync           *self);
/* Edits written here and not yet in the team database. */
guint            chorus_team_sync_get_pending     (ChorusTeamSync           *self);
/* Now, by the team server's clock (the local clock until the first connection). */
GDateTime       *chorus_team_sync_get_server_now  (ChorusTeamSync           *self);

/* Claims ("being processed by …"): taken for the duration, renewed while held, released on
 * request; they expire by themselves when a desktop disappears. */
void             chorus_team_sync_set_claim_duration (ChorusTeamSync        *self,
                                                   guint                     seconds);
/* Takes the claim, or learns who holds it. Fails when the team database cannot be reached. */
void             chorus_team_sync_claim_async     (ChorusTeamSync           *self,
                                                   gint64                    invoice_id,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
/* The claim as it now is (ours when @granted). */
ChorusTeamClaim *chorus_team_sync_claim_finish    (ChorusTeamSync           *self,
                                                   GAsyncResult             *result,
                                                   gboolean                 *granted,
                                                   GError                  **error);
void             chorus_team_sync_release         (ChorusTeamSync           *self,
                                                   gint64                    invoice_id);
/* The live claim on the invoice, ours or a colleague's; NULL when none. */
const ChorusTeamClaim *chorus_team_sync_get_claim (ChorusTeamSync           *self,
                                                   gint64                    invoice_id);
/* Held by someone else than us. */
gboolean         chorus_team_sync_is_claimed_by_other (ChorusTeamSync       *self,
                                                   gint64                    invoice_id);


G_END_DECLS
