/* chorus-connection-check.h: the step-by-step connection test of the setup wizard, with plain-French diagnoses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-client.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_CHECK_STEP_TOKEN = 0,   /* PISTE OAuth: client_id / client_secret */
  CHORUS_CHECK_STEP_ACCOUNT,     /* cpro-account: monCompte/recuperer/rattachements */
  CHORUS_CHECK_STEP_STRUCTURE,   /* structures/consulter of the attached structures */
  CHORUS_CHECK_N_STEPS
} ChorusCheckStep;

typedef enum {
  CHORUS_CHECK_PENDING = 0,
  CHORUS_CHECK_RUNNING,
  CHORUS_CHECK_OK,
  CHORUS_CHECK_FAILED,
} ChorusCheckState;

#define CHORUS_TYPE_CONNECTION_CHECK (chorus_connection_check_get_type ())
G_DECLARE_FINAL_TYPE (ChorusConnectionCheck, chorus_connection_check, CHORUS, CONNECTION_CHECK, GObject)

/* Uses @client as configured (environment and credentials). */
ChorusConnectionCheck *chorus_connection_check_new          (ChorusClient          *client);

/* Runs the steps in order, stopping at the first failure. "step-changed" (guint step) is emitted
 * each time a step's state or message changes. The error, if any, is the failed step's. */
void              chorus_connection_check_run_async         (ChorusConnectionCheck *self,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
gboolean          chorus_connection_check_run_finish        (ChorusConnectionCheck *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

ChorusCheckState  chorus_connection_check_get_state         (ChorusConnectionCheck *self,
                                                             ChorusCheckStep        step);
/* What happened, in plain words (translated); NULL while pending. */
const char       *chorus_connection_check_get_message       (ChorusConnectionCheck *self,
                                                             ChorusCheckStep        step);
/* What to try, for a failed step (translated); NULL otherwise. */
const char       *chorus_connection_check_get_fix           (ChorusConnectionCheck *self,
                                                             ChorusCheckStep        step);
/* Structures the technical account is attached to (ChorusStructure, with roles and services,
 * completed by consulter), once the run succeeded. */
GPtrArray        *chorus_connection_check_get_structures    (ChorusConnectionCheck *self);
/* dateExpirationMotPasseCompteTech as sent, or NULL. */
const char       *chorus_connection_check_get_password_expiry (ChorusConnectionCheck *self);

/* Finds the structure with this SIRET (structures/rechercher then consulter). An invalid or
 * unknown SIRET fails with a translated message that says what to check. */
void              chorus_connection_check_find_siret_async  (ChorusConnectionCheck *self,
                                                             const char            *siret,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
ChorusStructure  *chorus_connection_check_find_siret_finish (ChorusConnectionCheck *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

/* The services of a structure (ChorusService), all pages. */
void              chorus_connection_check_list_services_async  (ChorusConnectionCheck *self,
                                                                gint64                 structure_id,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
GPtrArray        *chorus_connection_check_list_services_finish (ChorusConnectionCheck *self,
                                                                GAsyncResult          *result,
                                                                GError               **error);

/* A plain-French diagnosis of a client error met at @step, and the fix to try (newly allocated). */
char             *chorus_connection_check_explain           (const GError          *error,
                                                             ChorusCheckStep        step,
                                                             ChorusEnvironment      env,
                                                             char                 **fix);

G_END_DECLS
