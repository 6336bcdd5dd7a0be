/* chorus-team-config.c: team database settings -> libpq parameters, the user's team identity, team errors. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-team-config.h"

G_DEFINE_QUARK (chorus-team-error-quark, chorus_team_error)

G_DEFINE_BOXED_TYPE (ChorusTeamConfig, chorus_team_config, chorus_team_config_copy, chorus_team_config_free)
G_DEFINE_BOXED_TYPE (ChorusTeamIdentity, chorus_team_identity, chorus_team_identity_copy, chorus_team_identity_free)

/* Where distributions keep the bundle of trusted authorities; libpq 15 has no "system" keyword. */
static const char * const system_ca_bundles[] = {
  "/etc/ssl/certs/ca-certificates.crt",   /* Debian, Ubuntu, the Flatpak runtimes */
  "/etc/pki/tls/certs/ca-bundle.crt",     /* Fedora, RHEL */
  "/etc/ssl/cert.pem",
};

gboolean
chorus_team_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != CHORUS_TEAM_ERROR)
    return FALSE;
  switch ((ChorusTeamError) error->code)
    {
    case CHORUS_TEAM_ERROR_HOST_NOT_FOUND:
    case CHORUS_TEAM_ERROR_UNREACHABLE:
    case CHORUS_TEAM_ERROR_DISCONNECTED:
    case CHORUS_TEAM_ERROR_TIMEOUT:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
chorus_team_tls_to_string (ChorusTeamTls tls)
{
  return tls == CHORUS_TEAM_TLS_REQUIRE ? "require" : "verify-full";
}

ChorusTeamTls
chorus_team_tls_from_string (const char *text)
{
  return g_strcmp0 (text, "require") == 0 ? CHORUS_TEAM_TLS_REQUIRE : CHORUS_TEAM_TLS_VERIFY_FULL;
}

ChorusTeamConfig *
chorus_team_config_new (void)
{
  ChorusTeamConfig *config = g_new0 (ChorusTeamConfig, 1);

  config->host = g_strdup ("");
  config->port = CHORUS_TEAM_DEFAULT_PORT;
  config->database = g_strdup ("");
  config->user = g_strdup ("");
  config->tls = CHORUS_TEAM_TLS_VERIFY_FULL;
  config->ca_file = g_strdup ("");
  return config;
}

ChorusTeamConfig *
chorus_team_config_copy (const ChorusTeamConfig *config)
{
  ChorusTeamConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (ChorusTeamConfig, 1);
  copy->host = g_strdup (config->host ? config->host : "");
  copy->port = config->port;
  copy->database = g_strdup (config->database ? config->database : "");
  copy->user = g_strdup (config->user ? config->user : "");
  copy->tls = config->tls;
  copy->ca_file = g_strdup (config->ca_file ? config->ca_file : "");
  return copy;
}

void
chorus_team_config_free (ChorusTeamConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->host);
  g_free (config->database);
  g_free (config->user);
  g_free (config->ca_file);
  g_free (config);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

gboolean
chorus_team_config_is_enabled (const ChorusTeamConfig *config)
{
  return config != NULL && is_set (config->database);
}

gboolean
chorus_team_config_is_socket (const ChorusTeamConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);
  return !is_set (config->host) || config->host[0] == '/';
}

gboolean
chorus_team_config_is_local (const ChorusTeamConfig *config)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (chorus_team_config_is_socket (config) || g_ascii_strcasecmp (config->host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (config->host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static const char *
system_ca_bundle (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (system_ca_bundles); i++)
    if (g_file_test (system_ca_bundles[i], G_FILE_TEST_IS_REGULAR))
      return system_ca_bundles[i];
  return NULL;
}

gboolean
chorus_team_config_validate (const ChorusTeamConfig *config,
                             GError                **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (!is_set (config->database))
    {
      g_set_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_CONFIG, _("Enter the name of the team database."));
      return FALSE;
    }
  if (config->port == 0 || config->port > 65535)
    {
      g_set_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_CONFIG,
                   _("The port must be a number between 1 and 65535 (PostgreSQL uses 5432)."));
      return FALSE;
    }
  if (is_set (config->host) && config->host[0] != '/' &&
      (strpbrk (config->host, " \t/\\=") != NULL || !g_utf8_validate (config->host, -1, NULL)))
    {
      g_set_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_CONFIG,
                   _("“%s” is not a server name: enter a name such as pg.example.fr or an address."), config->host);
      return FALSE;
    }
  if (!chorus_team_config_is_local (config) && config->tls == CHORUS_TEAM_TLS_VERIFY_FULL)
    {
      if (is_set (config->ca_file) && !g_file_test (config->ca_file, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_CONFIG,
                       _("The certificate authority file “%s” cannot be found."), config->ca_file);
          return FALSE;
        }
      if (!is_set (config->ca_file) && system_ca_bundle () == NULL)
        {
          g_set_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_CONFIG,
                       _("This system has no list of trusted certificate authorities: choose the file of the "
                         "authority that signed the server’s certificate."));
          return FALSE;
        }
    }
  return TRUE;
}

void
chorus_team_secret_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

void
chorus_team_params_free (GStrv values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    explicit_bzero (values[i], strlen (values[i]));
  g_strfreev (values);
}

void
chorus_team_config_to_params (const ChorusTeamConfig *config,
                              const char             *password,
                              const char             *hostaddr,
                              GStrv                  *keys,
                              GStrv                  *values)
{
  g_autoptr(GStrvBuilder) k = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) v = g_strv_builder_new ();
  g_autofree char *port = NULL;
  const char *sslmode;

#define ADD(key, value) G_STMT_START { g_strv_builder_add (k, key); g_strv_builder_add (v, value); } G_STMT_END

  g_return_if_fail (config != NULL && keys != NULL && values != NULL);

  /* Every keyword is given: PGHOST, PGSSLMODE and the like in the environment must not change
   * where the team's data goes. */
  port = g_strdup_printf ("%u", config->port ? config->port : CHORUS_TEAM_DEFAULT_PORT);
  ADD ("host", is_set (config->host) ? config->host : "/var/run/postgresql");
  if (is_set (hostaddr))
    ADD ("hostaddr", hostaddr);
  ADD ("port", port);
  ADD ("dbname", config->database ? config->database : "");
  ADD ("user", is_set (config->user) ? config->user : g_get_user_name ());
  if (password != NULL)
    ADD ("password", password);
  /* Only the keyring holds the password: never ~/.pgpass. */
  ADD ("passfile", "/nonexistent/chorus-desk-no-pgpass");
  ADD ("application_name", "Chorus Desk");
  ADD ("client_encoding", "UTF8");
  ADD ("options", "-c DateStyle=ISO -c TimeZone=UTC");
  /* A dead network shows within a minute instead of when the kernel gives up. */
  ADD ("keepalives", "1");
  ADD ("keepalives_idle", "30");
  ADD ("keepalives_interval", "10");
  ADD ("keepalives_count", "3");
  ADD ("tcp_user_timeout", "30000");

  if (chorus_team_config_is_socket (config))
    sslmode = "disable";                   /* libpq never uses TLS on a socket */
  else if (chorus_team_config_is_local (config))
    sslmode = "prefer";
  else
    sslmode = chorus_team_tls_to_string (config->tls);
  ADD ("sslmode", sslmode);
  if (g_str_equal (sslmode, "verify-full"))
    {
      const char *ca = is_set (config->ca_file) ? config->ca_file : system_ca_bundle ();

      if (ca != NULL)
        ADD ("sslrootcert", ca);
    }
  ADD ("gssencmode", "disable");
#undef ADD

  *keys = g_strv_builder_end (k);
  *values = g_strv_builder_end (v);
}

char *
chorus_team_config_describe (const ChorusTeamConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (!chorus_team_config_is_enabled (config))
    return g_strdup (_("No team database"));
  if (!is_set (config->host))
    /* Translators: %s is a database name */
    return g_strdup_printf (_("%s on this computer"), config->database);
  if (config->host[0] == '/')
    /* Translators: first %s is a database name, second a folder */
    return g_strdup_printf (_("%s through the socket in %s"), config->database, config->host);
  /* Translators: database, server name, port */
  return g_strdup_printf (_("%s on %s:%u"), config->database, config->host, config->port);
}

ChorusTeamIdentity *
chorus_team_identity_new (const char *login,
                          const char *name)
{
  ChorusTeamIdentity *identity = g_new0 (ChorusTeamIdentity, 1);
  const char *real_name = g_get_real_name ();

  identity->login = g_strstrip (g_strdup (is_set (login) ? login : g_get_user_name ()));
  if (is_set (name))
    identity->name = g_strstrip (g_strdup (name));
  else if (is_set (real_name) && g_strcmp0 (real_name, "Unknown") != 0)
    identity->name = g_strdup (real_name);
  else
    identity->name = g_strdup (identity->login);
  return identity;
}

ChorusTeamIdentity *
chorus_team_identity_copy (const ChorusTeamIdentity *identity)
{
  ChorusTeamIdentity *copy;

  g_return_val_if_fail (identity != NULL, NULL);

  copy = g_new0 (ChorusTeamIdentity, 1);
  copy->login = g_strdup (identity->login);
  copy->name = g_strdup (identity->name);
  return copy;
}

void
chorus_team_identity_free (ChorusTeamIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->login);
  g_free (identity->name);
  g_free (identity);
}
