/* chorus-team-sync-private.h: what the team synchroniser and its claims share (the object's fields, signals). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-team-connection.h"
#include "chorus-team-sync.h"

G_BEGIN_DECLS

struct _ChorusTeamSync
{
  GObject               parent_instance;

  GMainContext         *context;
  ChorusStore          *store;
  ChorusTeamConfig     *config;
  ChorusTeamIdentity   *identity;
  char                 *password;
  char                 *origin;          /* this desktop, in the team database */

  ChorusTeamConnection *connection;      /* the current one; callbacks of older ones are ignored */
  gboolean              running;
  gboolean              online;          /* migrated, bound, listening */
  ChorusTeamState       state;
  char                 *message;
  guint                 retry_id;
  guint                 retry_ms;
  guint                 retry_first_ms;
  guint                 retry_max_ms;

  gint64                cursor;          /* the last team version applied here */
  gboolean              catching_up;
  gboolean              catch_up_again;
  gboolean              report_lost;     /* FALSE while loading from scratch */
  guint                 feed_page;

  gboolean              pushing;
  gboolean              push_again;
  gboolean              isolate;         /* a batch was refused: send one edit at a time to find which */
  GHashTable           *refused;         /* queue rows refused on this connection (gint64 *) */
  guint                 pending;         /* last count reported */

  gint64                offset_us;       /* server clock - local clock */

  guint                 claim_seconds;
  GHashTable           *claims;          /* invoice id (gint64 *) -> ChorusTeamClaim: live claims */
  GHashTable           *held;            /* invoice ids we hold (gint64 *) */
  guint                 renew_id;
  guint                 expiry_id;
};

enum {
  CHORUS_TEAM_SYNC_SIGNAL_STATE_CHANGED,
  CHORUS_TEAM_SYNC_SIGNAL_INVOICES_CHANGED,
  CHORUS_TEAM_SYNC_SIGNAL_LISTS_CHANGED,
  CHORUS_TEAM_SYNC_SIGNAL_CLAIMS_CHANGED,
  CHORUS_TEAM_SYNC_SIGNAL_EDIT_LOST,
  CHORUS_TEAM_SYNC_SIGNAL_PENDING_CHANGED,
  CHORUS_TEAM_SYNC_N_SIGNALS
};
extern guint chorus_team_sync_signals[CHORUS_TEAM_SYNC_N_SIGNALS];

typedef void (*ChorusTeamResultHandler) (ChorusTeamSync *self,
                                         PGresult       *result,
                                         const GError   *error,
                                         gpointer        data);

/* Runs a query on the current connection; @handler is not called if the connection changed
 * meanwhile (@data is freed either way). */
void     chorus_team_sync_call          (ChorusTeamSync          *self,
                                         const char              *sql,
                                         guint                    n_params,
                                         const char * const      *params,
                                         ChorusTeamResultHandler  handler,
                                         gpointer                 data,
                                         GDestroyNotify           data_free);
/* After a failed query: TRUE (and offline now) when the connection broke. */
gboolean chorus_team_sync_connection_failed (ChorusTeamSync      *self,
                                             const GError        *error);
const char *chorus_team_sync_value      (PGresult                *result,
                                         int                      row,
                                         int                      column);

/* Reconnection delays (first, max), in ms; tests use short ones. */
void     chorus_team_sync_set_retry_delays  (ChorusTeamSync *self,
                                             guint           first_ms,
                                             guint           max_ms);
/* Records the server's time, read in an answer (ISO 8601 UTC). */
void     chorus_team_sync_note_server_time  (ChorusTeamSync *self,
                                             const char     *iso);
/* Rebuilds the live claims from the store, emits claims-changed for @ids (may be NULL) and for
 * the ones that expired, and arms the next expiry. */
void     chorus_team_sync_refresh_claims    (ChorusTeamSync *self,
                                             GArray         *ids);
/* Called when the connection is ready (renew held claims) and on dispose. */
void     chorus_team_sync_claims_online     (ChorusTeamSync *self);
void     chorus_team_sync_claims_dispose    (ChorusTeamSync *self);
/* A gint64 key for the hash tables. */
gint64  *chorus_team_sync_id_key            (gint64          id);

G_END_DECLS
