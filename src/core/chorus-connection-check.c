/* chorus-connection-check.c: token, then technical account, then structures; each failure explained with its fix. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-connection-check.h"
#include "chorus-format.h"

#define PAGE_SIZE        100
/* A technical account attached to more structures than this is checked on the first ones only. */
#define MAX_CONSULTED    20

typedef struct {
  ChorusCheckState  state;
  char             *message;
  char             *fix;
} StepResult;

struct _ChorusConnectionCheck
{
  GObject       parent_instance;

  ChorusClient *client;
  StepResult    steps[CHORUS_CHECK_N_STEPS];
  GPtrArray    *structures;      /* ChorusStructure */
  char         *password_expiry;
};

G_DEFINE_FINAL_TYPE (ChorusConnectionCheck, chorus_connection_check, G_TYPE_OBJECT)

enum {
  SIGNAL_STEP_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
chorus_connection_check_finalize (GObject *object)
{
  ChorusConnectionCheck *self = CHORUS_CONNECTION_CHECK (object);

  for (guint i = 0; i < CHORUS_CHECK_N_STEPS; i++)
    {
      g_free (self->steps[i].message);
      g_free (self->steps[i].fix);
    }
  g_clear_object (&self->client);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_free (self->password_expiry);
  G_OBJECT_CLASS (chorus_connection_check_parent_class)->finalize (object);
}

static void
chorus_connection_check_class_init (ChorusConnectionCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_connection_check_finalize;

  signals[SIGNAL_STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
chorus_connection_check_init (ChorusConnectionCheck *self)
{
}

ChorusConnectionCheck *
chorus_connection_check_new (ChorusClient *client)
{
  ChorusConnectionCheck *self;

  g_return_val_if_fail (CHORUS_IS_CLIENT (client), NULL);

  self = g_object_new (CHORUS_TYPE_CONNECTION_CHECK, NULL);
  self->client = g_object_ref (client);
  return self;
}

static void
set_step (ChorusConnectionCheck *self,
          ChorusCheckStep        step,
          ChorusCheckState       state,
          char                  *message,
          char                  *fix)
{
  StepResult *result = &self->steps[step];

  result->state = state;
  g_free (result->message);
  result->message = message;
  g_free (result->fix);
  result->fix = fix;
  g_signal_emit (self, signals[SIGNAL_STEP_CHANGED], 0, (guint) step);
}

static void
fail_step (ChorusConnectionCheck *self,
           ChorusCheckStep        step,
           const GError          *error)
{
  char *fix = NULL;
  char *message = chorus_connection_check_explain (error, step, chorus_client_get_environment (self->client), &fix);

  set_step (self, step, CHORUS_CHECK_FAILED, message, fix);
}

/* ---- diagnosis -------------------------------------------------------------------------- */

static const char *
environment_name (ChorusEnvironment env)
{
  switch (env)
    {
    case CHORUS_ENVIRONMENT_PRODUCTION:
      return _("production");
    case CHORUS_ENVIRONMENT_LOCAL:
      return _("the local simulator");
    case CHORUS_ENVIRONMENT_QUALIFICATION:
    default:
      return _("qualification");
    }
}

char *
chorus_connection_check_explain (const GError      *error,
                                 ChorusCheckStep    step,
                                 ChorusEnvironment  env,
                                 char             **fix)
{
  char *message = NULL;
  char *hint = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CHORUS_CLIENT_ERROR)
    {
      message = g_strdup (error->message);
      hint = g_strdup (_("Test again. If it keeps failing, restart Chorus Desk."));
    }
  else
    switch ((ChorusClientError) error->code)
      {
      case CHORUS_CLIENT_ERROR_BAD_CLIENT:
        message = g_strdup (_("PISTE refused the client ID or the client secret."));
        if (env == CHORUS_ENVIRONMENT_PRODUCTION)
          hint = g_strdup (_("Copy both again from your production application on piste.gouv.fr, without spaces. Sandbox identifiers do not work in production."));
        else if (env == CHORUS_ENVIRONMENT_LOCAL)
          hint = g_strdup (_("Use the client ID and secret the simulator was started with."));
        else
          hint = g_strdup (_("Copy both again from your sandbox application (APP_SANDBOX_…) on piste.gouv.fr, without spaces. Production identifiers do not work in qualification."));
        break;

      case CHORUS_CLIENT_ERROR_BAD_ACCOUNT:
        if (chorus_client_error_get_libelle (error) != NULL)
          message = g_strdup_printf (_("Chorus Pro refused the technical account (it answered: “%s”)."),
                                     chorus_client_error_get_libelle (error));
        else
          message = g_strdup (_("Chorus Pro refused the technical account."));
        if (env == CHORUS_ENVIRONMENT_PRODUCTION)
          hint = g_strdup (_("Check the login (TECH_…@cpro.fr) and the password of the technical account created in the production portal, chorus-pro.gouv.fr. If the password has expired, set a new one there, then enter it here."));
        else if (env == CHORUS_ENVIRONMENT_LOCAL)
          hint = g_strdup (_("Check the login (TECH_…@cpro.fr) and the password the simulator was started with."));
        else
          hint = g_strdup (_("Check the login (TECH_…@cpro.fr) and the password of the technical account created in the qualification portal, qualif.chorus-pro.gouv.fr. If the password has expired, set a new one there, then enter it here."));
        break;

      case CHORUS_CLIENT_ERROR_FORBIDDEN:
        message = g_strdup (_("PISTE refused access to the Chorus Pro API."));
        hint = g_strdup (_("On piste.gouv.fr, attach the Factures, Structures, Utilisateurs and Transverses APIs to your application and accept their terms of use. In the Chorus Pro portal, check that the technical account is tied to this PISTE account."));
        break;

      case CHORUS_CLIENT_ERROR_NETWORK:
        message = g_strdup (error->message);
        if (env == CHORUS_ENVIRONMENT_LOCAL)
          hint = g_strdup (_("Start the simulator (chorus-sim), or check its address."));
        else
          hint = g_strdup (_("Check the Internet connection, and that a proxy or firewall lets this computer reach piste.gouv.fr."));
        break;

      case CHORUS_CLIENT_ERROR_TIMEOUT:
        message = g_strdup (error->message);
        hint = g_strdup (_("Test again in a moment. If it keeps failing, PISTE or Chorus Pro may be down: their status is announced on the Chorus Pro community site."));
        break;

      case CHORUS_CLIENT_ERROR_RATE_LIMITED:
      case CHORUS_CLIENT_ERROR_SERVER:
        message = g_strdup (error->message);
        if (chorus_client_error_get_http_status (error) >= 300 && chorus_client_error_get_http_status (error) < 400)
          /* A redirection: never followed, waiting will not change it. */
          hint = g_strdup (_("Check the address of the environment. If a proxy or a captive portal of the network redirects the traffic, ask the network administrator to let this computer reach piste.gouv.fr directly."));
        else
          hint = g_strdup (_("Wait a few minutes and test again."));
        break;

      case CHORUS_CLIENT_ERROR_API:
        message = g_strdup (error->message);
        if (step == CHORUS_CHECK_STEP_ACCOUNT)
          hint = g_strdup (_("Check in the Chorus Pro portal that the technical account is active and attached to your structure."));
        else
          hint = g_strdup (_("Check in the Chorus Pro portal that your structure is active."));
        break;

      case CHORUS_CLIENT_ERROR_MALFORMED:
      case CHORUS_CLIENT_ERROR_TOO_LARGE:
      default:
        message = g_strdup (error->message);
        hint = g_strdup (_("Test again. If it keeps failing, report the problem to the Chorus Desk developers."));
        break;
      }

  if (fix != NULL)
    *fix = hint;
  else
    g_free (hint);
  return message;
}

/* ---- the run ---------------------------------------------------------------------------- */

typedef struct {
  GPtrArray *attachments;   /* ChorusStructure */
  guint      next;          /* index of the structure to consult */
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_pointer (&data->attachments, g_ptr_array_unref);
  g_free (data);
}

static void consult_next (GTask *task);

static void
consult_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChorusConnectionCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(ChorusStructure) details = NULL;
  g_autoptr(GError) error = NULL;
  ChorusStructure *structure = g_ptr_array_index (data->attachments, data->next);

  details = chorus_client_consult_structure_finish (CHORUS_CLIENT (source), result, &error);
  if (details == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_step (self, CHORUS_CHECK_STEP_STRUCTURE, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Keep the attachment's role and services; take the name and parameters from consulter. */
  if (details->name != NULL && *details->name != '\0')
    {
      g_free (structure->name);
      structure->name = g_strdup (details->name);
    }
  if (structure->identifier == NULL)
    structure->identifier = g_strdup (details->identifier);
  structure->service_required = details->service_required;
  structure->engagement_required = details->engagement_required;
  structure->service_or_engagement = details->service_or_engagement;
  if (details->password_expiry != NULL && self->password_expiry == NULL)
    self->password_expiry = g_strdup (details->password_expiry);

  data->next++;
  consult_next (g_steal_pointer (&task));
}

static void
consult_next (GTask *task)
{
  ChorusConnectionCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GString) names = NULL;
  g_autofree char *message = NULL;

  if (data->next < data->attachments->len && data->next < MAX_CONSULTED)
    {
      ChorusStructure *structure = g_ptr_array_index (data->attachments, data->next);

      chorus_client_consult_structure_async (self->client, structure->id, g_task_get_cancellable (task),
                                             consult_done_cb, task);
      return;
    }

  names = g_string_new (NULL);
  for (guint i = 0; i < data->attachments->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (data->attachments, i);
      g_string_append_printf (names, "%s%s", i ? ", " : "",
                              structure->name && *structure->name ? structure->name : structure->identifier);
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u structure found: %s", "%u structures found: %s",
                                          data->attachments->len),
                             data->attachments->len, names->str);
  if (self->password_expiry != NULL)
    {
      g_autofree char *date = chorus_date_format (self->password_expiry);
      g_autofree char *with_expiry = g_strdup_printf (_("%s\nThe technical-account password expires on %s."),
                                                      message, date);
      g_free (message);
      message = g_steal_pointer (&with_expiry);
    }
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  self->structures = g_steal_pointer (&data->attachments);
  set_step (self, CHORUS_CHECK_STEP_STRUCTURE, CHORUS_CHECK_OK, g_steal_pointer (&message), NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
attachments_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChorusConnectionCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(ChorusPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = chorus_client_get_user_attachments_finish (CHORUS_CLIENT (source), result, &error);
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_step (self, CHORUS_CHECK_STEP_ACCOUNT, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_step (self, CHORUS_CHECK_STEP_ACCOUNT, CHORUS_CHECK_OK,
            g_strdup (_("Chorus Pro accepted the technical account.")), NULL);

  if (page->items->len == 0)
    {
      set_step (self, CHORUS_CHECK_STEP_STRUCTURE, CHORUS_CHECK_FAILED,
                g_strdup (_("The technical account is not attached to any structure.")),
                g_strdup (_("In the Chorus Pro portal, attach the technical account to your structure (Gestion des utilisateurs › Rattachements), then test again.")));
      g_task_return_new_error (task, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API, "%s",
                               self->steps[CHORUS_CHECK_STEP_STRUCTURE].message);
      return;
    }

  data->attachments = g_ptr_array_ref (page->items);
  set_step (self, CHORUS_CHECK_STEP_STRUCTURE, CHORUS_CHECK_RUNNING,
            g_strdup (_("Reading the structures of the account…")), NULL);
  consult_next (g_steal_pointer (&task));
}

static void
token_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChorusConnectionCheck *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!chorus_client_check_token_finish (CHORUS_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_step (self, CHORUS_CHECK_STEP_TOKEN, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_step (self, CHORUS_CHECK_STEP_TOKEN, CHORUS_CHECK_OK,
            g_strdup (_("PISTE accepted the application and gave an access token.")), NULL);
  set_step (self, CHORUS_CHECK_STEP_ACCOUNT, CHORUS_CHECK_RUNNING,
            g_strdup (_("Signing in with the technical account…")), NULL);
  cancellable = g_task_get_cancellable (task);
  chorus_client_get_user_attachments_async (self->client, 1, PAGE_SIZE, cancellable,
                                            attachments_done_cb, g_steal_pointer (&task));
}

void
chorus_connection_check_run_async (ChorusConnectionCheck *self,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (CHORUS_IS_CONNECTION_CHECK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_connection_check_run_async);
  g_task_set_task_data (task, g_new0 (RunData, 1), (GDestroyNotify) run_data_free);

  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_clear_pointer (&self->password_expiry, g_free);
  set_step (self, CHORUS_CHECK_STEP_TOKEN, CHORUS_CHECK_RUNNING,
            g_strdup (_("Asking PISTE for an access token…")), NULL);
  set_step (self, CHORUS_CHECK_STEP_ACCOUNT, CHORUS_CHECK_PENDING, NULL, NULL);
  set_step (self, CHORUS_CHECK_STEP_STRUCTURE, CHORUS_CHECK_PENDING, NULL, NULL);
  chorus_client_check_token_async (self->client, cancellable, token_done_cb, task);
}

gboolean
chorus_connection_check_run_finish (ChorusConnectionCheck  *self,
                                    GAsyncResult           *result,
                                    GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

ChorusCheckState
chorus_connection_check_get_state (ChorusConnectionCheck *self,
                                   ChorusCheckStep        step)
{
  g_return_val_if_fail (CHORUS_IS_CONNECTION_CHECK (self), CHORUS_CHECK_PENDING);
  g_return_val_if_fail (step < CHORUS_CHECK_N_STEPS, CHORUS_CHECK_PENDING);
  return self->steps[step].state;
}

const char *
chorus_connection_check_get_message (ChorusConnectionCheck *self,
                                     ChorusCheckStep        step)
{
  g_return_val_if_fail (CHORUS_IS_CONNECTION_CHECK (self), NULL);
  g_return_val_if_fail (step < CHORUS_CHECK_N_STEPS, NULL);
  return self->steps[step].message;
}

const char *
chorus_connection_check_get_fix (ChorusConnectionCheck *self,
                                 ChorusCheckStep        step)
{
  g_return_val_if_fail (CHORUS_IS_CONNECTION_CHECK (self), NULL);
  g_return_val_if_fail (step < CHORUS_CHECK_N_STEPS, NULL);
  return self->steps[step].fix;
}

GPtrArray *
chorus_connection_check_get_structures (ChorusConnectionCheck *self)
{
  g_return_val_if_fail (CHORUS_IS_CONNECTION_CHECK (self), NULL);
  return self->structures;
}

const char *
chorus_connection_check_get_password_expiry (ChorusConnectionCheck *self)
{
  g_return_val_if_fail (CHORUS_IS_CONNECTION_CHECK (self), NULL);
  return self->password_expiry;
}

/* ---- SIRET lookup ----------------------------------------------------------------------- */

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChorusConnectionCheck *self = g_task_get_source_object (task);
  const char *siret = g_task_get_task_data (task);
  g_autoptr(ChorusPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = chorus_client_search_structures_finish (CHORUS_CLIENT (source), result, &error);
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *fix = NULL;
          g_autofree char *message = chorus_connection_check_explain (error, CHORUS_CHECK_STEP_STRUCTURE,
                                                                      chorus_client_get_environment (self->client),
                                                                      &fix);
          int code = error->domain == CHORUS_CLIENT_ERROR ? error->code : CHORUS_CLIENT_ERROR_NETWORK;

          g_clear_error (&error);
          error = g_error_new (CHORUS_CLIENT_ERROR, code, "%s %s", message, fix);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < page->items->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (page->items, i);

      if (g_strcmp0 (structure->identifier, siret) == 0)
        {
          g_task_return_pointer (task, chorus_structure_copy (structure), (GDestroyNotify) chorus_structure_free);
          return;
        }
    }

  g_task_return_new_error (task, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API,
                           _("No structure with the SIRET %s exists in Chorus Pro (%s). Check the number with the structure: it must be the SIRET under which it is registered in Chorus Pro, which may differ from its head office."),
                           siret, environment_name (chorus_client_get_environment (self->client)));
}

void
chorus_connection_check_find_siret_async (ChorusConnectionCheck *self,
                                          const char            *siret,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (CHORUS_IS_CONNECTION_CHECK (self));
  g_return_if_fail (siret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_connection_check_find_siret_async);
  g_task_set_task_data (task, g_strdup (siret), g_free);

  if (!chorus_siret_is_valid (siret))
    {
      g_task_return_new_error (task, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API,
                               _("“%s” is not a valid SIRET: it must have 14 digits and a matching check digit."),
                               siret);
      g_object_unref (task);
      return;
    }
  chorus_client_search_structures_async (self->client, siret, CHORUS_ID_TYPE_SIRET, NULL, 1, 10,
                                         cancellable, search_done_cb, task);
}

ChorusStructure *
chorus_connection_check_find_siret_finish (ChorusConnectionCheck  *self,
                                           GAsyncResult           *result,
                                           GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- services --------------------------------------------------------------------------- */

typedef struct {
  gint64     structure_id;
  guint      page;
  GPtrArray *services;
} ServicesData;

static void
services_data_free (ServicesData *data)
{
  g_clear_pointer (&data->services, g_ptr_array_unref);
  g_free (data);
}

static void request_services_page (GTask *task);

static void
services_page_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ServicesData *data = g_task_get_task_data (task);
  g_autoptr(ChorusPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = chorus_client_search_services_finish (CHORUS_CLIENT (source), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (data->services, chorus_service_copy (g_ptr_array_index (page->items, i)));

  if (data->page < page->pages && page->items->len > 0)
    {
      data->page++;
      request_services_page (g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->services), (GDestroyNotify) g_ptr_array_unref);
}

static void
request_services_page (GTask *task)
{
  ChorusConnectionCheck *self = g_task_get_source_object (task);
  ServicesData *data = g_task_get_task_data (task);

  chorus_client_search_services_async (self->client, data->structure_id, data->page, PAGE_SIZE,
                                       g_task_get_cancellable (task), services_page_done_cb, task);
}

void
chorus_connection_check_list_services_async (ChorusConnectionCheck *self,
                                             gint64                 structure_id,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data)
{
  GTask *task;
  ServicesData *data;

  g_return_if_fail (CHORUS_IS_CONNECTION_CHECK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_connection_check_list_services_async);
  data = g_new0 (ServicesData, 1);
  data->structure_id = structure_id;
  data->page = 1;
  data->services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  g_task_set_task_data (task, data, (GDestroyNotify) services_data_free);
  request_services_page (task);
}

GPtrArray *
chorus_connection_check_list_services_finish (ChorusConnectionCheck  *self,
                                              GAsyncResult           *result,
                                              GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
