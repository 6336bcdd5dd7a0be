/* chorus-team-config.h: where the team database is, who the user is in the team, and the team error domain. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CHORUS_TEAM_ERROR (chorus_team_error_quark ())
typedef enum {
  CHORUS_TEAM_ERROR_CONFIG,           /* the settings are incomplete or not allowed */
  CHORUS_TEAM_ERROR_HOST_NOT_FOUND,   /* the name does not resolve */
  CHORUS_TEAM_ERROR_UNREACHABLE,      /* nothing answers at that address and port */
  CHORUS_TEAM_ERROR_TLS_REFUSED,      /* the server does not accept TLS */
  CHORUS_TEAM_ERROR_TLS_CERTIFICATE,  /* the server's certificate could not be verified */
  CHORUS_TEAM_ERROR_AUTH_FAILED,      /* wrong user or password */
  CHORUS_TEAM_ERROR_NOT_ALLOWED,      /* the server's rules (pg_hba.conf) refuse this connection */
  CHORUS_TEAM_ERROR_NO_DATABASE,      /* the database does not exist */
  CHORUS_TEAM_ERROR_SCHEMA_NEWER,     /* the team tables were made by a newer Chorus Desk */
  CHORUS_TEAM_ERROR_NO_PRIVILEGE,     /* the user may not create or use the team tables */
  CHORUS_TEAM_ERROR_DISCONNECTED,     /* the connection broke, or is closed */
  CHORUS_TEAM_ERROR_TIMEOUT,          /* the server stopped answering */
  CHORUS_TEAM_ERROR_SERVER,           /* any other error reported by the server */
} ChorusTeamError;
GQuark chorus_team_error_quark (void);

/* Errors after which a later attempt may succeed without changing any setting. */
gboolean chorus_team_error_is_transient (const GError *error);

/* TLS for a remote server: always on; verify-full also checks the certificate and the name. */
typedef enum {
  CHORUS_TEAM_TLS_VERIFY_FULL = 0,
  CHORUS_TEAM_TLS_REQUIRE,
} ChorusTeamTls;

const char    *chorus_team_tls_to_string   (ChorusTeamTls tls);
ChorusTeamTls  chorus_team_tls_from_string (const char   *text);

#define CHORUS_TEAM_DEFAULT_PORT 5432

typedef struct {
  char          *host;      /* a name, an address, a socket folder ("/…"), or "" for the default socket */
  guint          port;
  char          *database;  /* "" = no team database: the app works alone */
  char          *user;      /* "" = the login of the session */
  ChorusTeamTls  tls;
  char          *ca_file;   /* verify-full: the authority that signed the server's certificate; "" = the system's */
} ChorusTeamConfig;

#define CHORUS_TYPE_TEAM_CONFIG (chorus_team_config_get_type ())
GType             chorus_team_config_get_type    (void) G_GNUC_CONST;
ChorusTeamConfig *chorus_team_config_new         (void);
ChorusTeamConfig *chorus_team_config_copy        (const ChorusTeamConfig *config);
void              chorus_team_config_free        (ChorusTeamConfig       *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamConfig, chorus_team_config_free)

/* A database is named. */
gboolean          chorus_team_config_is_enabled  (const ChorusTeamConfig *config);
/* A Unix socket or a loopback address: traffic never leaves the machine, TLS is optional. */
gboolean          chorus_team_config_is_local    (const ChorusTeamConfig *config);
/* The host is a socket folder (or the default socket). */
gboolean          chorus_team_config_is_socket   (const ChorusTeamConfig *config);
/* Checks the settings (a database, a port, TLS for a remote host, a readable CA file). */
gboolean          chorus_team_config_validate    (const ChorusTeamConfig *config,
                                                  GError                **error);
/* libpq keywords and values, in two NULL-terminated arrays of the same length. @hostaddr, when
 * set, is the already resolved address of a named host; @password may be NULL. */
void              chorus_team_config_to_params   (const ChorusTeamConfig *config,
                                                  const char             *password,
                                                  const char             *hostaddr,
                                                  GStrv                  *keys,
                                                  GStrv                  *values);
/* Frees what chorus_team_config_to_params() gave, the password wiped first; NULL is fine. */
void              chorus_team_params_free        (GStrv                   values);
/* Wipes and frees a password (or any secret string); NULL is fine. */
void              chorus_team_secret_free        (char                   *secret);
/* "chorus on pg.example.fr:5432", for the user. */
char             *chorus_team_config_describe    (const ChorusTeamConfig *config);

/* The user as colleagues see them: a login (unique in the team) and a display name. Never a
 * Chorus Pro credential. */
typedef struct {
  char *login;
  char *name;
} ChorusTeamIdentity;

#define CHORUS_TYPE_TEAM_IDENTITY (chorus_team_identity_get_type ())
GType               chorus_team_identity_get_type (void) G_GNUC_CONST;
/* NULL or empty values take the session's login and real name. */
ChorusTeamIdentity *chorus_team_identity_new      (const char               *login,
                                                   const char               *name);
ChorusTeamIdentity *chorus_team_identity_copy     (const ChorusTeamIdentity *identity);
void                chorus_team_identity_free     (ChorusTeamIdentity       *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamIdentity, chorus_team_identity_free)

G_END_DECLS
