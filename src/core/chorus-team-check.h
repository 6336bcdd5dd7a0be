/* chorus-team-check.h: the team database connection test, and what to fix for each failure, in plain words. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-team-config.h"

G_BEGIN_DECLS

/* What went wrong and what to do about it, translated, for any CHORUS_TEAM_ERROR. */
char     *chorus_team_explain_error   (const GError           *error,
                                       const ChorusTeamConfig *config);

typedef struct {
  int       server_version;   /* PQserverVersion, e.g. 150018 */
  gboolean  tls;              /* the connection is encrypted */
  guint     schema_before;    /* the team tables' version found; 0 = created by this test */
  guint     schema_version;
} ChorusTeamCheckResult;

void      chorus_team_check_result_free     (ChorusTeamCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamCheckResult, chorus_team_check_result_free)
/* "Connected to PostgreSQL 15.18 over an encrypted connection; …", translated. */
char     *chorus_team_check_result_describe (const ChorusTeamCheckResult *result);

/* Checks step by step so that a failure says which step failed: the settings, the name, the
 * port, TLS, the login, the database, then creates or updates the team tables and listens.
 * The error's message is chorus_team_explain_error()'s. */
void                   chorus_team_check_async  (const ChorusTeamConfig *config,
                                                 const char             *password,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
ChorusTeamCheckResult *chorus_team_check_finish (GAsyncResult           *result,
                                                 GError                **error);

G_END_DECLS
