/* chorus-team-connection.h: one libpq connection to the team database, driven by the GLib main loop. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "chorus-team-config.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

#define CHORUS_TYPE_TEAM_CONNECTION (chorus_team_connection_get_type ())
G_DECLARE_FINAL_TYPE (ChorusTeamConnection, chorus_team_connection, CHORUS, TEAM_CONNECTION, GObject)

/* Everything happens in the thread-default main context of the caller of new(): the socket is
 * watched there, callbacks and signals run there. Signals:
 *   "notification" (const char *channel, const char *payload)   a NOTIFY on a channel we LISTEN to
 *   "lost" (GError *error)   the open connection broke; every queued query has failed with it */
ChorusTeamConnection *chorus_team_connection_new         (void);

/* Connects with the settings (a named host is resolved without blocking first). Fails with a
 * CHORUS_TEAM_ERROR saying what went wrong. */
void         chorus_team_connection_open_async           (ChorusTeamConnection   *self,
                                                          const ChorusTeamConfig *config,
                                                          const char             *password,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
gboolean     chorus_team_connection_open_finish          (ChorusTeamConnection   *self,
                                                          GAsyncResult           *result,
                                                          GError                **error);
gboolean     chorus_team_connection_is_open              (ChorusTeamConnection   *self);
/* Drops the connection; queued queries fail with CHORUS_TEAM_ERROR_DISCONNECTED, "lost" is not emitted. */
void         chorus_team_connection_close                (ChorusTeamConnection   *self);

/* Queries run one after the other, in the order they were queued. With parameters ($1…, text,
 * NULL for SQL NULL) @sql is one statement; without, it may hold several (run as one script).
 * The result is the last statement's; a failed statement fails the query with a CHORUS_TEAM_ERROR. */
void         chorus_team_connection_query_async          (ChorusTeamConnection   *self,
                                                          const char             *sql,
                                                          guint                   n_params,
                                                          const char * const     *params,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
PGresult    *chorus_team_connection_query_finish         (ChorusTeamConnection   *self,
                                                          GAsyncResult           *result,
                                                          GError                **error);


/* Server facts, once open. */
int          chorus_team_connection_get_server_version   (ChorusTeamConnection   *self);
gboolean     chorus_team_connection_get_tls_in_use       (ChorusTeamConnection   *self);


G_END_DECLS
