/* chorus-session.h: everything one open connection needs (client, store, sync; the simulator in demo mode). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-profile.h"

/* Declared, not included: callers pick the headers they need. */
typedef struct _ChorusClient ChorusClient;
typedef struct _ChorusStore ChorusStore;
typedef struct _ChorusSync ChorusSync;
typedef struct _ChorusJournal ChorusJournal;
typedef struct _ChorusTeamSync ChorusTeamSync;

G_BEGIN_DECLS

#define CHORUS_DEMO_INVOICES 5000
/* The demo's and the training environment's dataset: the same seed gives the same structures,
 * so what a course shows on one screen is what another shows. */
#define CHORUS_DEMO_SEED 2026

typedef struct _ChorusSim ChorusSim;

#define CHORUS_TYPE_SESSION (chorus_session_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSession, chorus_session, CHORUS, SESSION, GObject)

/* Starts the simulator in-process on a loopback port with a fresh, seeded dataset, and a store
 * under <user cache>/chorus-desk/demo, wiped first so every demo starts the same. */
ChorusSession *chorus_session_new_demo        (guint              n_invoices,
                                               GError           **error);
/* Reads the profile's secrets from the keyring, then opens its store under
 * <user data>/chorus-desk/profiles/<id>. Fails with a translated message when a secret is missing. */
void           chorus_session_open_async      (ChorusProfile     *profile,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
ChorusSession *chorus_session_open_finish     (GAsyncResult      *result,
                                               GError           **error);
/* A session over parts opened elsewhere (a store read offline, the UI tests): no simulator, no
 * journal, no team. @profile may be NULL (a transient one with every role is made); @client and
 * @sync may be NULL when nothing is to be sent. */
ChorusSession *chorus_session_new_from_parts  (ChorusProfile     *profile,
                                               ChorusClient      *client,
                                               ChorusStore       *store,
                                               ChorusSync        *sync);

/* Where a profile's local copy of the invoices lives, and its removal (the profile's session
 * must be closed). */
char          *chorus_session_profile_dir     (const char        *profile_id);
void           chorus_session_remove_profile_data (const char    *profile_id);

/* Starts the simulator with the demo's dataset on a loopback port: kept in @data_dir (made
 * if needed) from one start to the next, or in a private folder when NULL. */
ChorusSim     *chorus_session_start_training_sim (const char     *data_dir,
                                               GError           **error);
/* The demo, or a profile of the training environment: both run the simulator in-process. */
gboolean       chorus_session_is_demo         (ChorusSession     *self);
gboolean       chorus_session_is_training     (ChorusSession     *self);
/* Brings the simulated data back to its starting point: the simulator's dataset regenerated
 * and the local copy (invoices, outbox, drafts) emptied. The session then has a new store and
 * sync: whoever showed the old ones shows these. Demo and training only. */
gboolean       chorus_session_reset_simulated_data (ChorusSession *self,
                                               GError           **error);
/* Where deposit drafts are kept: the default folder, but the session's own for simulated data
 * (so that a reset takes them away too). */
char          *chorus_session_get_drafts_dir  (ChorusSession     *self);
/* The profile; in demo mode a transient one named "Demo" with every role. */
ChorusProfile *chorus_session_get_profile     (ChorusSession     *self);
ChorusClient  *chorus_session_get_client      (ChorusSession     *self);
ChorusStore   *chorus_session_get_store       (ChorusSession     *self);
ChorusSync    *chorus_session_get_sync        (ChorusSession     *self);
/* The exchanges with Chorus Pro, secrets removed; NULL when it could not be opened. */
ChorusJournal *chorus_session_get_journal     (ChorusSession     *self);
/* The environment as the user and the support read it (never a secret). */
const char    *chorus_session_describe_environment (ChorusSession *self);
/* The team synchroniser when the profile names a team database, else NULL. */
ChorusTeamSync *chorus_session_get_team_sync  (ChorusSession     *self);
/* Sends what the outbox still holds (actions left by the last run), starts the first pull into the
 * store (the workspaces follow the store as pages arrive), and the connection to the team database. */
void           chorus_session_start_sync      (ChorusSession     *self);
/* The simulator's base URL in demo mode, else NULL. */
const char    *chorus_session_get_demo_url    (ChorusSession     *self);

G_END_DECLS
