/* chorus-profile.c: connection profiles stored in the relocatable GSettings schema ….Profile.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "chorus-format.h"
#include "chorus-presets.h"
#include "chorus-profile.h"

#define PROFILE_SCHEMA APP_ID ".Profile"
#define PROFILE_PATH   "/io/github/chorusdesk/ChorusDesk/profiles/"

struct _ChorusProfile
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *environment;
  char       *local_url;
  char       *client_id;
  char       *tech_login;
  char       *password_expiry;
  GPtrArray  *structures;
  GPtrArray  *services;
  GStrv       roles;
  GStrv       gestionnaires;
  ChorusTeamConfig *team;
};

G_DEFINE_FINAL_TYPE (ChorusProfile, chorus_profile, G_TYPE_OBJECT)

static void
structure_free (gpointer data)
{
  ChorusProfileStructure *structure = data;

  g_free (structure->siret);
  g_free (structure->designation);
  g_free (structure);
}

static void
service_free (gpointer data)
{
  ChorusProfileService *service = data;

  g_free (service->code);
  g_free (service->label);
  g_free (service);
}

static void
chorus_profile_finalize (GObject *object)
{
  ChorusProfile *self = CHORUS_PROFILE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->environment);
  g_free (self->local_url);
  g_free (self->client_id);
  g_free (self->tech_login);
  g_free (self->password_expiry);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_strfreev (self->roles);
  g_strfreev (self->gestionnaires);
  chorus_team_config_free (self->team);
  G_OBJECT_CLASS (chorus_profile_parent_class)->finalize (object);
}

static void
chorus_profile_class_init (ChorusProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_profile_finalize;
}

static void
chorus_profile_init (ChorusProfile *self)
{
  self->name = g_strdup ("");
  self->environment = g_strdup (CHORUS_PROFILE_QUALIFICATION);
  self->local_url = g_strdup ("");
  self->client_id = g_strdup ("");
  self->tech_login = g_strdup ("");
  self->structures = g_ptr_array_new_with_free_func (structure_free);
  self->services = g_ptr_array_new_with_free_func (service_free);
  self->roles = g_new0 (char *, 1);
  self->gestionnaires = g_new0 (char *, 1);
  self->team = chorus_team_config_new ();
}

static void
read_team_config (ChorusProfile *self,
                  GSettings     *settings)
{
  g_autofree char *tls = g_settings_get_string (settings, "team-tls");
  ChorusTeamConfig *team = self->team;

  g_free (team->host);
  team->host = g_settings_get_string (settings, "team-host");
  team->port = g_settings_get_uint (settings, "team-port");
  g_free (team->database);
  team->database = g_settings_get_string (settings, "team-database");
  g_free (team->user);
  team->user = g_settings_get_string (settings, "team-user");
  team->tls = chorus_team_tls_from_string (tls);
  g_free (team->ca_file);
  team->ca_file = g_settings_get_string (settings, "team-ca-file");
}

/* The keys of the presets file, onto the profile: every one for a new profile, the locked ones
 * for an existing one (so that a lock holds even on a profile made before it). */
static void
apply_presets (ChorusProfile *self,
               gboolean       locked_only)
{
  ChorusPresets *presets = chorus_presets_get_default ();
  const char *value;

#define PRESET(key) ((!locked_only || chorus_presets_is_locked (presets, key)) && \
                     (value = chorus_presets_get (presets, key)) != NULL)
  if (PRESET ("name"))
    chorus_profile_set_name (self, value);
  if (PRESET ("environment"))
    chorus_profile_set_environment (self, value);
  if (PRESET ("client-id"))
    chorus_profile_set_client_id (self, value);
  if (PRESET ("tech-login"))
    chorus_profile_set_tech_login (self, value);
  if (PRESET ("roles"))
    {
      g_auto(GStrv) roles = chorus_presets_get_list (presets, "roles");
      chorus_profile_set_roles (self, (const char * const *) roles);
    }
  if (PRESET ("team-host"))
    {
      g_free (self->team->host);
      self->team->host = g_strdup (value);
    }
  if (PRESET ("team-port"))
    self->team->port = (guint) g_ascii_strtoull (value, NULL, 10);
  if (PRESET ("team-database"))
    {
      g_free (self->team->database);
      self->team->database = g_strdup (value);
    }
  if (PRESET ("team-user"))
    {
      g_free (self->team->user);
      self->team->user = g_strdup (value);
    }
  if (PRESET ("team-tls"))
    self->team->tls = chorus_team_tls_from_string (value);
  if (PRESET ("team-ca-file"))
    {
      g_free (self->team->ca_file);
      self->team->ca_file = g_strdup (value);
    }
#undef PRESET
}

GSettings *
chorus_profile_settings_new (const char *id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  path = g_strconcat (PROFILE_PATH, id, "/", NULL);
  return g_settings_new_with_path (PROFILE_SCHEMA, path);
}

char **
chorus_profile_list_ids (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_strv (settings, "profiles");
}

ChorusProfile *
chorus_profile_new (void)
{
  ChorusProfile *self = g_object_new (CHORUS_TYPE_PROFILE, NULL);
  g_auto(GStrv) ids = chorus_profile_list_ids ();
  const char *default_roles[] = { "DESTINATAIRE", NULL };

  /* Random, so a new profile never inherits the keyring items or local cache of a deleted one
   * that happened to have the same identifier; plain ASCII for the GSettings path. */
  while (self->id == NULL)
    {
      g_autofree char *candidate = g_strdup_printf ("p%08x", g_random_int ());

      if (!g_strv_contains ((const char * const *) ids, candidate))
        self->id = g_steal_pointer (&candidate);
    }
  chorus_profile_set_roles (self, default_roles);

  /* The schema's defaults, which vendor overrides (*.gschema.override) may have changed. */
  {
    g_autoptr(GSettings) settings = chorus_profile_settings_new (self->id);
    g_autofree char *environment = g_settings_get_string (settings, "environment");
    g_auto(GStrv) roles = g_settings_get_strv (settings, "roles");

    chorus_profile_set_environment (self, environment);
    g_free (self->client_id);
    self->client_id = g_settings_get_string (settings, "client-id");
    g_free (self->name);
    self->name = g_settings_get_string (settings, "name");
    if (roles[0] != NULL)
      chorus_profile_set_roles (self, (const char * const *) roles);
    read_team_config (self, settings);
  }
  apply_presets (self, FALSE);
  return self;
}

ChorusProfile *
chorus_profile_load (const char *id)
{
  g_auto(GStrv) ids = chorus_profile_list_ids ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) structures = NULL;
  g_autoptr(GVariant) services = NULL;
  g_autofree char *expiry = NULL;
  ChorusProfile *self;
  GVariantIter iter;
  gint64 structure_id, service_id;
  const char *a, *b;

  g_return_val_if_fail (id != NULL, NULL);

  if (*id == '\0' || !g_strv_contains ((const char * const *) ids, id))
    return NULL;

  settings = chorus_profile_settings_new (id);
  self = g_object_new (CHORUS_TYPE_PROFILE, NULL);
  self->id = g_strdup (id);
  g_free (self->name);
  self->name = g_settings_get_string (settings, "name");
  g_free (self->environment);
  self->environment = g_settings_get_string (settings, "environment");
  g_free (self->local_url);
  self->local_url = g_settings_get_string (settings, "local-url");
  g_free (self->client_id);
  self->client_id = g_settings_get_string (settings, "client-id");
  g_free (self->tech_login);
  self->tech_login = g_settings_get_string (settings, "tech-login");
  expiry = g_settings_get_string (settings, "password-expiry");
  chorus_profile_set_password_expiry (self, expiry);

  structures = g_settings_get_value (settings, "structures");
  g_variant_iter_init (&iter, structures);
  while (g_variant_iter_next (&iter, "(x&s&s)", &structure_id, &a, &b))
    chorus_profile_add_structure (self, structure_id, a, b);

  services = g_settings_get_value (settings, "services");
  g_variant_iter_init (&iter, services);
  while (g_variant_iter_next (&iter, "(xx&s&s)", &structure_id, &service_id, &a, &b))
    chorus_profile_add_service (self, structure_id, service_id, a, b);

  g_strfreev (self->roles);
  self->roles = g_settings_get_strv (settings, "roles");
  g_strfreev (self->gestionnaires);
  self->gestionnaires = g_settings_get_strv (settings, "gestionnaires");
  read_team_config (self, settings);
  apply_presets (self, TRUE);
  return self;
}

void
chorus_profile_save (ChorusProfile *self)
{
  g_autoptr(GSettings) app_settings = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) ids = NULL;
  GVariantBuilder builder;

  g_return_if_fail (CHORUS_IS_PROFILE (self));

  settings = chorus_profile_settings_new (self->id);
  g_settings_delay (settings);
  g_settings_set_string (settings, "name", self->name);
  g_settings_set_string (settings, "environment", self->environment);
  g_settings_set_string (settings, "local-url", self->local_url);
  g_settings_set_string (settings, "client-id", self->client_id);
  g_settings_set_string (settings, "tech-login", self->tech_login);
  g_settings_set_string (settings, "password-expiry", self->password_expiry ? self->password_expiry : "");

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(xss)"));
  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusProfileStructure *s = g_ptr_array_index (self->structures, i);
      g_variant_builder_add (&builder, "(xss)", s->id, s->siret, s->designation);
    }
  g_settings_set_value (settings, "structures", g_variant_builder_end (&builder));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(xxss)"));
  for (guint i = 0; i < self->services->len; i++)
    {
      ChorusProfileService *s = g_ptr_array_index (self->services, i);
      g_variant_builder_add (&builder, "(xxss)", s->structure_id, s->id, s->code, s->label);
    }
  g_settings_set_value (settings, "services", g_variant_builder_end (&builder));

  g_settings_set_strv (settings, "roles", (const char * const *) self->roles);
  g_settings_set_strv (settings, "gestionnaires", (const char * const *) self->gestionnaires);
  g_settings_set_string (settings, "team-host", self->team->host);
  g_settings_set_uint (settings, "team-port", self->team->port);
  g_settings_set_string (settings, "team-database", self->team->database);
  g_settings_set_string (settings, "team-user", self->team->user);
  g_settings_set_string (settings, "team-tls", chorus_team_tls_to_string (self->team->tls));
  g_settings_set_string (settings, "team-ca-file", self->team->ca_file);
  g_settings_apply (settings);

  app_settings = g_settings_new (APP_ID);
  ids = g_settings_get_strv (app_settings, "profiles");
  if (!g_strv_contains ((const char * const *) ids, self->id))
    {
      g_autoptr(GStrvBuilder) list = g_strv_builder_new ();
      g_auto(GStrv) new_ids = NULL;

      g_strv_builder_addv (list, (const char **) ids);
      g_strv_builder_add (list, self->id);
      new_ids = g_strv_builder_end (list);
      g_settings_set_strv (app_settings, "profiles", (const char * const *) new_ids);
    }
}

void
chorus_profile_delete (const char *id)
{
  g_autoptr(GSettings) app_settings = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GStrvBuilder) list = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) new_ids = NULL;
  g_autofree char *current = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (id != NULL && *id != '\0');

  settings = chorus_profile_settings_new (id);
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  app_settings = g_settings_new (APP_ID);
  ids = g_settings_get_strv (app_settings, "profiles");
  list = g_strv_builder_new ();
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id) != 0)
      g_strv_builder_add (list, ids[i]);
  new_ids = g_strv_builder_end (list);
  g_settings_set_strv (app_settings, "profiles", (const char * const *) new_ids);

  current = g_settings_get_string (app_settings, "current-profile");
  if (g_strcmp0 (current, id) == 0)
    g_settings_set_string (app_settings, "current-profile", new_ids[0] ? new_ids[0] : "");
}

const char *
chorus_profile_get_id (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->id;
}

const char *
chorus_profile_get_name (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->name;
}

void
chorus_profile_set_name (ChorusProfile *self,
                         const char    *name)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
}

const char *
chorus_profile_get_environment (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->environment;
}

/* The environments a profile names, in the order the wizard offers them. Training runs the
 * simulator in-process, so two names share the client's LOCAL kind. */
static const struct {
  ChorusEnvironment  kind;
  const char        *name;
  const char        *label;
} environments[] = {
  { CHORUS_ENVIRONMENT_QUALIFICATION, CHORUS_PROFILE_QUALIFICATION, N_("Qualification (sandbox)") },
  { CHORUS_ENVIRONMENT_PRODUCTION, CHORUS_PROFILE_PRODUCTION, N_("Production") },
  { CHORUS_ENVIRONMENT_LOCAL, CHORUS_PROFILE_LOCAL, N_("Local simulator") },
  { CHORUS_ENVIRONMENT_LOCAL, CHORUS_PROFILE_TRAINING, N_("Training environment") },
};

/* The row of @name, or -1 for a name no profile uses. */
static int
find_environment (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (environments); i++)
    if (g_strcmp0 (environments[i].name, name) == 0)
      return (int) i;
  return -1;
}

ChorusEnvironment
chorus_environment_from_name (const char *name)
{
  int row = find_environment (name);

  return row >= 0 ? environments[row].kind : CHORUS_ENVIRONMENT_QUALIFICATION;
}

const char *
chorus_environment_to_name (ChorusEnvironment kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (environments); i++)
    if (environments[i].kind == kind)
      return environments[i].name;
  return CHORUS_PROFILE_QUALIFICATION;
}

gboolean
chorus_environment_is_training (const char *name)
{
  return g_strcmp0 (name, CHORUS_PROFILE_TRAINING) == 0;
}

const char *
chorus_profile_environment_label (const char *environment)
{
  int row = find_environment (environment);

  return g_dgettext (GETTEXT_PACKAGE, environments[row >= 0 ? row : 0].label);
}

ChorusEnvironment
chorus_profile_get_environment_kind (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), CHORUS_ENVIRONMENT_QUALIFICATION);
  return chorus_environment_from_name (self->environment);
}

void
chorus_profile_set_environment (ChorusProfile *self,
                                const char    *environment)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_return_if_fail (find_environment (environment) >= 0);
  g_free (self->environment);
  self->environment = g_strdup (environment);
}

gboolean
chorus_profile_is_production (ChorusProfile *self)
{
  return chorus_profile_get_environment_kind (self) == CHORUS_ENVIRONMENT_PRODUCTION;
}

const char *
chorus_profile_get_local_url (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->local_url;
}

void
chorus_profile_set_local_url (ChorusProfile *self,
                              const char    *url)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_free (self->local_url);
  self->local_url = g_strdup (url ? url : "");
}

const char *
chorus_profile_get_client_id (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->client_id;
}

void
chorus_profile_set_client_id (ChorusProfile *self,
                              const char    *client_id)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_free (self->client_id);
  self->client_id = g_strstrip (g_strdup (client_id ? client_id : ""));
}

const char *
chorus_profile_get_tech_login (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->tech_login;
}

void
chorus_profile_set_tech_login (ChorusProfile *self,
                               const char    *login)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_free (self->tech_login);
  self->tech_login = g_strstrip (g_strdup (login ? login : ""));
}

const char *
chorus_profile_get_password_expiry (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->password_expiry;
}

/* Accepts "YYYY-MM-DD", optionally followed by a time, as the API sends either. */
void
chorus_profile_set_password_expiry (ChorusProfile *self,
                                    const char    *iso_date)
{
  int y, m, d;

  g_return_if_fail (CHORUS_IS_PROFILE (self));

  g_clear_pointer (&self->password_expiry, g_free);
  if (iso_date != NULL && strlen (iso_date) >= 10 &&
      sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    self->password_expiry = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

gboolean
chorus_profile_days_to_expiry (ChorusProfile *self,
                               GDateTime     *today,
                               int           *days)
{
  GDate expiry, now;
  int y, m, d;

  g_return_val_if_fail (CHORUS_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  if (self->password_expiry == NULL ||
      sscanf (self->password_expiry, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  g_date_clear (&expiry, 1);
  g_date_set_dmy (&expiry, d, m, y);
  g_date_clear (&now, 1);
  g_date_set_dmy (&now, g_date_time_get_day_of_month (today), g_date_time_get_month (today),
                  g_date_time_get_year (today));
  if (days != NULL)
    *days = g_date_days_between (&now, &expiry);
  return TRUE;
}

char *
chorus_profile_describe_password_expiry (ChorusProfile *self,
                                         GDateTime     *today)
{
  g_autofree char *date = NULL;
  int days;

  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  if (!chorus_profile_days_to_expiry (self, today, &days))
    return NULL;
  date = chorus_date_format (self->password_expiry);
  if (days < 0)
    return g_strdup_printf (_("Expired on %s: change it in the Chorus Pro portal"), date);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, in %d day", "%s, in %d days", days), date, days);
}

GPtrArray *
chorus_profile_get_structures (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->structures;
}

void
chorus_profile_clear_structures (ChorusProfile *self)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_ptr_array_set_size (self->structures, 0);
}

void
chorus_profile_add_structure (ChorusProfile *self,
                              gint64         id,
                              const char    *siret,
                              const char    *designation)
{
  ChorusProfileStructure *structure;

  g_return_if_fail (CHORUS_IS_PROFILE (self));

  for (guint i = 0; i < self->structures->len; i++)
    if (((ChorusProfileStructure *) g_ptr_array_index (self->structures, i))->id == id)
      return;
  structure = g_new0 (ChorusProfileStructure, 1);
  structure->id = id;
  structure->siret = g_strdup (siret ? siret : "");
  structure->designation = g_strdup (designation ? designation : "");
  g_ptr_array_add (self->structures, structure);
}

GPtrArray *
chorus_profile_get_services (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->services;
}

void
chorus_profile_clear_services (ChorusProfile *self)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_ptr_array_set_size (self->services, 0);
}

void
chorus_profile_add_service (ChorusProfile *self,
                            gint64         structure_id,
                            gint64         id,
                            const char    *code,
                            const char    *label)
{
  ChorusProfileService *service;

  g_return_if_fail (CHORUS_IS_PROFILE (self));

  for (guint i = 0; i < self->services->len; i++)
    {
      ChorusProfileService *s = g_ptr_array_index (self->services, i);
      if (s->structure_id == structure_id && s->id == id)
        return;
    }
  service = g_new0 (ChorusProfileService, 1);
  service->structure_id = structure_id;
  service->id = id;
  service->code = g_strdup (code ? code : "");
  service->label = g_strdup (label ? label : "");
  g_ptr_array_add (self->services, service);
}

const char * const *
chorus_profile_get_roles (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return (const char * const *) self->roles;
}

void
chorus_profile_set_roles (ChorusProfile       *self,
                          const char * const  *roles)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_strfreev (self->roles);
  self->roles = roles ? g_strdupv ((char **) roles) : g_new0 (char *, 1);
}

char *
chorus_profile_describe_structures (ChorusProfile *self)
{
  GString *text;

  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->structures->len; i++)
    {
      ChorusProfileStructure *s = g_ptr_array_index (self->structures, i);
      g_string_append_printf (text, "%s%s (%s)", i ? "\n" : "", s->designation, s->siret);
    }
  return g_string_free (text, FALSE);
}

char *
chorus_profile_describe_roles (ChorusProfile *self)
{
  const char * const *roles;
  GString *text;

  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);

  text = g_string_new (NULL);
  roles = chorus_profile_get_roles (self);
  for (guint i = 0; roles[i] != NULL; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", chorus_role_label (chorus_role_from_api (roles[i])));
  return g_string_free (text, FALSE);
}

gboolean
chorus_profile_has_role (ChorusProfile *self,
                         const char    *role)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), FALSE);
  return role != NULL && g_strv_contains ((const char * const *) self->roles, role);
}

const char * const *
chorus_profile_get_gestionnaires (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return (const char * const *) self->gestionnaires;
}

void
chorus_profile_set_gestionnaires (ChorusProfile       *self,
                                  const char * const  *names)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_strfreev (self->gestionnaires);
  self->gestionnaires = names ? g_strdupv ((char **) names) : g_new0 (char *, 1);
}

const ChorusTeamConfig *
chorus_profile_get_team_config (ChorusProfile *self)
{
  g_return_val_if_fail (CHORUS_IS_PROFILE (self), NULL);
  return self->team;
}

void
chorus_profile_set_team_config (ChorusProfile          *self,
                                const ChorusTeamConfig *config)
{
  g_return_if_fail (CHORUS_IS_PROFILE (self));
  g_return_if_fail (config != NULL);

  chorus_team_config_free (self->team);
  self->team = chorus_team_config_copy (config);
  g_strstrip (self->team->host);
  g_strstrip (self->team->database);
  g_strstrip (self->team->user);
  g_strstrip (self->team->ca_file);
  /* A lock holds whatever the caller asked. */
  apply_presets (self, TRUE);
}

gboolean
chorus_profile_key_is_writable (ChorusProfile *self,
                                const char    *key)
{
  g_autoptr(GSettings) settings = NULL;

  g_return_val_if_fail (CHORUS_IS_PROFILE (self), FALSE);

  settings = chorus_profile_settings_new (self->id);
  return chorus_settings_is_writable (settings, key);
}
