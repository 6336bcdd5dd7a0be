/* chorus-profile.h: a connection profile (environment, PISTE client, technical account, structures) in GSettings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-team-config.h"
#include "chorus-types.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;           /* idStructureCPP */
  char   *siret;        /* identifiantStructure */
  char   *designation;
} ChorusProfileStructure;

typedef struct {
  gint64  structure_id; /* idStructureCPP of its structure */
  gint64  id;           /* idService */
  char   *code;
  char   *label;
} ChorusProfileService;

#define CHORUS_PROFILE_QUALIFICATION "qualification"
#define CHORUS_PROFILE_PRODUCTION    "production"
#define CHORUS_PROFILE_LOCAL         "local"  /* a simulator at local-url */
#define CHORUS_PROFILE_TRAINING      "training"  /* the simulator run in-process, for courses */

/* The client's kind for a profile's environment name (qualification for anything else; local and
 * training are both LOCAL), and the first name of a kind. */
ChorusEnvironment chorus_environment_from_name     (const char        *name);
const char       *chorus_environment_to_name       (ChorusEnvironment  kind);
/* TRUE for the training environment: LOCAL for the client, but a simulator run in-process. */
gboolean          chorus_environment_is_training   (const char        *name);

#define CHORUS_TYPE_PROFILE (chorus_profile_get_type ())
G_DECLARE_FINAL_TYPE (ChorusProfile, chorus_profile, CHORUS, PROFILE, GObject)

/* A new, unsaved profile with a fresh identifier, filled with the establishment's defaults:
 * the schema's (vendor overrides) then the presets file's. */
ChorusProfile *chorus_profile_new                  (void);
/* NULL if @id is not in the "profiles" list. Keys locked by the presets file take its values. */
ChorusProfile *chorus_profile_load                 (const char     *id);
/* Writes every key and adds the profile to the "profiles" list. */
void           chorus_profile_save                 (ChorusProfile  *self);
/* Resets the profile's keys and removes it from the list (and from "current-profile"). Secrets are not touched. */
void           chorus_profile_delete               (const char     *id);
/* Identifiers in the "profiles" list. */
char         **chorus_profile_list_ids             (void);
/* The profile's own GSettings (relocatable schema under profiles/<id>/). */
GSettings     *chorus_profile_settings_new         (const char     *id);

const char    *chorus_profile_get_id               (ChorusProfile  *self);
const char    *chorus_profile_get_name             (ChorusProfile  *self);
void           chorus_profile_set_name             (ChorusProfile  *self,
                                                    const char     *name);
/* CHORUS_PROFILE_QUALIFICATION, _PRODUCTION or _LOCAL */
const char    *chorus_profile_get_environment      (ChorusProfile  *self);
/* The same as the client's kind of environment, for chorus_client_new(). */
ChorusEnvironment chorus_profile_get_environment_kind (ChorusProfile *self);
/* How an environment name reads for the user: "Production", "Qualification (sandbox)", "Local
 * simulator", "Training environment" (qualification's label for a name no profile uses). */
const char    *chorus_profile_environment_label  (const char    *environment);
void           chorus_profile_set_environment      (ChorusProfile  *self,
                                                    const char     *environment);
gboolean       chorus_profile_is_production        (ChorusProfile  *self);
/* The simulator's base URL, for the local environment. */
const char    *chorus_profile_get_local_url        (ChorusProfile  *self);
void           chorus_profile_set_local_url        (ChorusProfile  *self,
                                                    const char     *url);
const char    *chorus_profile_get_client_id        (ChorusProfile  *self);
void           chorus_profile_set_client_id        (ChorusProfile  *self,
                                                    const char     *client_id);
const char    *chorus_profile_get_tech_login       (ChorusProfile  *self);
void           chorus_profile_set_tech_login       (ChorusProfile  *self,
                                                    const char     *login);
/* "YYYY-MM-DD" or NULL when unknown. */
const char    *chorus_profile_get_password_expiry  (ChorusProfile  *self);
void           chorus_profile_set_password_expiry  (ChorusProfile  *self,
                                                    const char     *iso_date);
/* Days from @today to the expiry (negative once expired); FALSE when the expiry is unknown. */
gboolean       chorus_profile_days_to_expiry       (ChorusProfile  *self,
                                                    GDateTime      *today,
                                                    int            *days);

/* How the expiry reads for the user, counted from @today: "08/12/2026, in 15 days", or "Expired on
 * 20/11/2026: change it in the Chorus Pro portal". NULL when the expiry is unknown; newly allocated. */
char          *chorus_profile_describe_password_expiry (ChorusProfile *self,
                                                        GDateTime     *today);

/* Arrays of ChorusProfileStructure / ChorusProfileService, owned by the profile. */
GPtrArray     *chorus_profile_get_structures       (ChorusProfile  *self);
void           chorus_profile_clear_structures     (ChorusProfile  *self);
void           chorus_profile_add_structure        (ChorusProfile  *self,
                                                    gint64          id,
                                                    const char     *siret,
                                                    const char     *designation);
GPtrArray     *chorus_profile_get_services         (ChorusProfile  *self);
void           chorus_profile_clear_services       (ChorusProfile  *self);
void           chorus_profile_add_service          (ChorusProfile  *self,
                                                    gint64          structure_id,
                                                    gint64          id,
                                                    const char     *code,
                                                    const char     *label);
/* API role strings (DESTINATAIRE, FOURNISSEUR, …). */
const char * const *chorus_profile_get_roles       (ChorusProfile  *self);
void           chorus_profile_set_roles            (ChorusProfile  *self,
                                                    const char * const *roles);
gboolean       chorus_profile_has_role             (ChorusProfile  *self,
                                                    const char     *role);
/* One line per structure, "designation (SIRET)", and the roles' labels joined with ", ": how a
 * profile's summary shows them. Empty when there are none; newly allocated. */
char          *chorus_profile_describe_structures  (ChorusProfile  *self);
char          *chorus_profile_describe_roles       (ChorusProfile  *self);
/* The team database (no database named: none). */
const ChorusTeamConfig *chorus_profile_get_team_config (ChorusProfile *self);
void           chorus_profile_set_team_config      (ChorusProfile          *self,
                                                    const ChorusTeamConfig *config);
/* The key (as in the GSettings schema) may be changed: not locked by the system or the presets. */
gboolean       chorus_profile_key_is_writable      (ChorusProfile  *self,
                                                    const char     *key);

/* Gestionnaires entered in the wizard, moved into the profile's store when it first opens. */
const char * const *chorus_profile_get_gestionnaires (ChorusProfile *self);
void           chorus_profile_set_gestionnaires    (ChorusProfile  *self,
                                                    const char * const *names);

G_END_DECLS
