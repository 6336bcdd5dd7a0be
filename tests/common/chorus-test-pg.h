/* chorus-test-pg.h: a throwaway PostgreSQL cluster on a Unix socket in a temporary folder, for the team tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "chorus-team-config.h"

G_BEGIN_DECLS

typedef struct _ChorusTestPg ChorusTestPg;

#define CHORUS_TEST_PG_ADMIN          "chorus_admin"
#define CHORUS_TEST_PG_ADMIN_PASSWORD "admin-secret-2026"

/* initdb's a cluster (password authentication, superuser CHORUS_TEST_PG_ADMIN) in a temporary
 * folder and starts it listening only on a socket in that folder. When running as root (CI), the
 * cluster runs as the unprivileged user "nobody", since PostgreSQL refuses root. Returns NULL
 * and sets @skip_reason only when the PostgreSQL binaries are missing; any other failure aborts. */
ChorusTestPg     *chorus_test_pg_start            (char            **skip_reason);
/* Stops the server (fast shutdown) and keeps the data; resume starts it again. */
void              chorus_test_pg_stop             (ChorusTestPg     *pg);
void              chorus_test_pg_resume           (ChorusTestPg     *pg);
/* Stops the server and removes the folder. */
void              chorus_test_pg_free             (ChorusTestPg     *pg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTestPg, chorus_test_pg_free)

const char       *chorus_test_pg_get_socket_dir   (ChorusTestPg     *pg);

/* Creates a login role with this password (if missing) and a fresh database it owns; returns
 * the database's name. */
char             *chorus_test_pg_create_database  (ChorusTestPg     *pg,
                                                   const char       *owner,
                                                   const char       *owner_password);
/* Settings that reach @database as @user over the socket. */
ChorusTeamConfig *chorus_test_pg_config           (ChorusTestPg     *pg,
                                                   const char       *database,
                                                   const char       *user);
/* Runs @sql as the superuser in @database (NULL = postgres); aborts the test on error. */
void              chorus_test_pg_exec             (ChorusTestPg     *pg,
                                                   const char       *database,
                                                   const char       *sql);
/* A blocking connection as the superuser to @database, for tests that hold locks or kill backends. */
struct pg_conn;
struct pg_conn   *chorus_test_pg_connect         (ChorusTestPg     *pg,
                                                   const char       *database);
/* The first column of the first row of @sql run as the superuser, NULL for no row or NULL. */
char             *chorus_test_pg_query_value      (ChorusTestPg     *pg,
                                                   const char       *database,
                                                   const char       *sql);

G_END_DECLS
