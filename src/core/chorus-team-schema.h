/* chorus-team-schema.h: the team database's tables and functions as numbered migrations, applied by the app. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-team-connection.h"

G_BEGIN_DECLS

/* The channel every change is announced on (payload: kind, version, then the key, tab-separated). */
#define CHORUS_TEAM_CHANNEL "chorus_team"

/* The version this app creates and understands. */
guint        chorus_team_schema_version        (void);
/* SQL taking the schema from @version - 1 to @version (1-based); steps 1..N in order build
 * version N, which is how the tests make databases of older versions. */
const char  *chorus_team_schema_migration_sql  (guint                  version);

/* Brings the team database to chorus_team_schema_version(), all steps in one transaction under
 * an advisory lock (two desktops starting together migrate once). The connection must have
 * nothing else queued. @previous gets the version found (0 = the tables were created).
 * Fails with CHORUS_TEAM_ERROR_SCHEMA_NEWER or _NO_PRIVILEGE with a message saying what to do. */
void         chorus_team_schema_migrate_async  (ChorusTeamConnection  *connection,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean     chorus_team_schema_migrate_finish (ChorusTeamConnection  *connection,
                                                GAsyncResult          *result,
                                                guint                 *previous,
                                                GError               **error);

G_END_DECLS
