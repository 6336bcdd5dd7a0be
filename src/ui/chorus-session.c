/* chorus-session.c: opens a profile (secrets from the keyring) or the demo (in-process simulator) into client, store and sync. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "chorus-client.h"
#include "chorus-deposit-draft.h"
#include "chorus-journal.h"
#include "chorus-secrets.h"
#include "chorus-session.h"
#include "chorus-sim.h"
#include "chorus-store.h"
#include "chorus-sync.h"
#include "chorus-team-sync.h"

/* The demo's profile, and a session made of parts without one, open every workspace. */
static const char * const every_role[] = { "DESTINATAIRE", "FOURNISSEUR", "MOE", "MOA", "VALIDATEUR", NULL };
static const char * const demo_gestionnaires[] = { "Claire Martin", "Paul Durand", "Sophie Bernard", NULL };

struct _ChorusSession
{
  GObject        parent_instance;

  ChorusProfile *profile;
  ChorusSim     *sim;            /* demo and training */
  gboolean       training;
  char          *store_dir;
  ChorusClient  *client;
  ChorusStore   *store;
  ChorusSync    *sync;
  ChorusJournal *journal;        /* NULL when it could not be opened */
  ChorusTeamSync *team;          /* NULL without a team database */
  GCancellable  *cancellable;    /* the running pull */
};

G_DEFINE_FINAL_TYPE (ChorusSession, chorus_session, G_TYPE_OBJECT)

static void
chorus_session_dispose (GObject *object)
{
  ChorusSession *self = CHORUS_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->team);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  if (self->client != NULL)
    chorus_client_set_exchange_func (self->client, NULL, NULL, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  if (self->sim != NULL)
    chorus_sim_stop (self->sim);
  g_clear_object (&self->sim);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->store_dir, g_free);
  G_OBJECT_CLASS (chorus_session_parent_class)->dispose (object);
}

static void
chorus_session_class_init (ChorusSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_session_dispose;
}

static void
chorus_session_init (ChorusSession *self)
{
  self->cancellable = g_cancellable_new ();
}

/* The wizard collects gestionnaires before any store exists; the store keeps them from then on. */
static void
seed_gestionnaires (ChorusStore        *store,
                    const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!chorus_store_add_gestionnaire (store, names[i], &error))
        g_warning ("gestionnaire “%s” not added: %s", names[i], error->message);
    }
}

/* The exchanges journal next to the profile's data; a journal that cannot be opened costs the
 * user nothing but the journal, so it only warns. */
static void
open_journal (ChorusSession *self,
              const char    *dir)
{
  g_autoptr(GError) error = NULL;

  self->journal = chorus_journal_open (dir, &error);
  if (self->journal == NULL)
    {
      g_warning ("The exchanges journal is off: %s", error->message);
      return;
    }
  chorus_journal_attach (self->journal, self->client);
}

/* Empties the directory open as @dir_fd (and closes it). Every step is relative to an open
 * directory and refuses to follow links: a link is removed, never what it points to, even if
 * someone swaps a directory for a link meanwhile. */
static void
remove_children_at (int dir_fd)
{
  DIR *dir = fdopendir (dir_fd);
  struct dirent *entry;

  if (dir == NULL)
    {
      close (dir_fd);
      return;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      int child;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      child = openat (dirfd (dir), entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child >= 0)
        {
          remove_children_at (child);
          unlinkat (dirfd (dir), entry->d_name, AT_REMOVEDIR);
        }
      else
        unlinkat (dirfd (dir), entry->d_name, 0);
    }
  closedir (dir);
}

/* Removes a directory tree we own (the demo cache, a forgotten profile); errors only mean there
 * was nothing. When @path itself is a link, the link goes and its target stays. */
static void
remove_tree (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);

  if (fd < 0)
    {
      if (errno == ELOOP || errno == ENOTDIR)
        g_unlink (path);
      return;
    }
  remove_children_at (fd);
  g_rmdir (path);
}

static ChorusSim *
start_sim (const char *data_dir, guint n_invoices, GError **error)
{
  ChorusSimConfig config = { .seed = CHORUS_DEMO_SEED, .n_invoices = n_invoices, .data_dir = data_dir };
  g_autoptr(ChorusSim) sim = NULL;

  if (data_dir != NULL && g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), data_dir, g_strerror (saved_errno));
      return NULL;
    }
  sim = chorus_sim_new (&config, error);
  if (sim == NULL || !chorus_sim_start (sim, 0, error))
    return NULL;
  return g_steal_pointer (&sim);
}

ChorusSim *
chorus_session_start_training_sim (const char  *data_dir,
                                   GError     **error)
{
  return start_sim (data_dir, CHORUS_DEMO_INVOICES, error);
}

/* An empty local copy in the session's folder (anything there before is removed, the journal
 * too), seeded like a first start. */
static gboolean
open_fresh_store (ChorusSession *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  if (self->journal != NULL)
    chorus_client_set_exchange_func (self->client, NULL, NULL, NULL);
  g_clear_object (&self->journal);
  remove_tree (self->store_dir);
  self->store = chorus_store_open (self->store_dir, &local_error);
  if (self->store == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The demo data could not be stored in %s: %s"), self->store_dir, local_error->message);
      return FALSE;
    }
  seed_gestionnaires (self->store, demo_gestionnaires);
  open_journal (self, self->store_dir);
  self->sync = chorus_sync_new (self->client, self->store);
  return TRUE;
}

ChorusSession *
chorus_session_new_demo (guint    n_invoices,
                         GError **error)
{
  g_autoptr(ChorusSession) self = g_object_new (CHORUS_TYPE_SESSION, NULL);
  g_autoptr(GError) local_error = NULL;

  self->sim = start_sim (NULL, n_invoices, &local_error);
  if (self->sim == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The demo simulator could not start: %s"), local_error->message);
      return NULL;
    }

  self->client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (self->sim));
  chorus_client_set_credentials (self->client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  /* Every demo starts from the same data: yesterday's demo actions are not replayed. */
  self->store_dir = g_build_filename (g_get_user_cache_dir (), "chorus-desk", "demo", NULL);
  if (!open_fresh_store (self, error))
    return NULL;

  self->profile = chorus_profile_new ();
  chorus_profile_set_name (self->profile, _("Demo"));
  chorus_profile_set_environment (self->profile, CHORUS_PROFILE_LOCAL);
  chorus_profile_set_local_url (self->profile, chorus_sim_get_base_url (self->sim));
  chorus_profile_set_client_id (self->profile, CHORUS_SIM_CLIENT_ID);
  chorus_profile_set_tech_login (self->profile, CHORUS_SIM_TECH_LOGIN);
  chorus_profile_set_roles (self->profile, every_role);
  return g_steal_pointer (&self);
}

/* ---- opening a profile ------------------------------------------------------------------ */

/* The structures and services chosen in the wizard decide what the sync pulls. */
static void
apply_profile_scope (ChorusSync    *sync,
                     ChorusProfile *profile)
{
  GPtrArray *structures = chorus_profile_get_structures (profile);
  GPtrArray *services = chorus_profile_get_services (profile);
  g_autoptr(GArray) structure_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) scope_services = g_array_new (FALSE, FALSE, sizeof (ChorusSyncScopeService));

  for (guint i = 0; i < structures->len; i++)
    g_array_append_val (structure_ids, ((ChorusProfileStructure *) g_ptr_array_index (structures, i))->id);
  for (guint i = 0; i < services->len; i++)
    {
      ChorusProfileService *service = g_ptr_array_index (services, i);
      ChorusSyncScopeService scope = { service->structure_id, service->id };

      g_array_append_val (scope_services, scope);
    }
  chorus_sync_set_scope (sync, (const gint64 *) (gpointer) structure_ids->data, structure_ids->len,
                         (const ChorusSyncScopeService *) (gpointer) scope_services->data, scope_services->len);
}

typedef struct {
  ChorusProfile *profile;
  char          *client_secret;
  char          *tech_password;
  char          *team_password;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->profile);
  g_clear_pointer (&data->client_secret, secret_password_free);
  g_clear_pointer (&data->tech_password, secret_password_free);
  g_clear_pointer (&data->team_password, secret_password_free);
  g_free (data);
}

/* The training simulator's dataset, beside (not inside) the profile's local copy, which a reset
 * empties while the simulator runs. */
static char *
training_dir (const char *profile_id)
{
  return g_build_filename (g_get_user_data_dir (), "chorus-desk", "training", profile_id, NULL);
}

/* Off the UI thread: opening may migrate the database or finish an interrupted bulk load (minutes
 * at a million invoices), and the cache purge walks the files folder. */
static void
open_store_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *dir = task_data;
  GError *error = NULL;
  ChorusStore *store = chorus_store_open (dir, &error);

  if (store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The local copy of the invoices could not be opened in %s: %s"), dir, error->message);
      g_error_free (error);
      return;
    }
  /* Files a crash left behind, and what aged out while the app was closed. */
  if (chorus_store_purge_cache (store, CHORUS_STORE_CACHE_MAX_BYTES, CHORUS_STORE_CACHE_MAX_AGE_S, &error) < 0)
    {
      g_warning ("The file cache could not be purged: %s", error->message);
      g_clear_error (&error);
    }
  g_task_return_pointer (task, store, g_object_unref);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  ChorusProfile *profile = data->profile;
  g_autoptr(ChorusSession) self = g_object_new (CHORUS_TYPE_SESSION, NULL);
  ChorusEnvironment env = chorus_profile_get_environment_kind (profile);
  const char *base_url = NULL;
  GError *error = NULL;

  self->store = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->store_dir = g_strdup (chorus_store_get_dir (self->store));
  if (chorus_environment_is_training (chorus_profile_get_environment (profile)))
    {
      /* The course's Chorus Pro runs here; its dataset stays beside the profile's folder, so a
       * trainee finds tomorrow what they did today (until they reset it). */
      g_autofree char *sim_dir = training_dir (chorus_profile_get_id (profile));

      self->training = TRUE;
      self->sim = chorus_session_start_training_sim (sim_dir, &error);
      if (self->sim == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The training environment could not start: %s"), error->message);
          g_error_free (error);
          return;
        }
      base_url = chorus_sim_get_base_url (self->sim);
    }
  else if (env == CHORUS_ENVIRONMENT_LOCAL)
    base_url = chorus_profile_get_local_url (profile);

  self->profile = g_object_ref (profile);
  if (chorus_profile_get_gestionnaires (profile)[0] != NULL)
    {
      g_autoptr(GSettings) settings = chorus_profile_settings_new (chorus_profile_get_id (profile));

      seed_gestionnaires (self->store, chorus_profile_get_gestionnaires (profile));
      g_settings_reset (settings, "gestionnaires");
    }
  self->client = chorus_client_new (env, base_url);
  chorus_client_set_credentials (self->client, chorus_profile_get_client_id (profile), data->client_secret,
                                 chorus_profile_get_tech_login (profile), data->tech_password);
  open_journal (self, chorus_store_get_dir (self->store));
  self->sync = chorus_sync_new (self->client, self->store);
  apply_profile_scope (self->sync, profile);

  if (chorus_team_config_is_enabled (chorus_profile_get_team_config (profile)))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *login = g_settings_get_string (settings, "team-login");
      g_autofree char *name = g_settings_get_string (settings, "team-display-name");
      g_autoptr(ChorusTeamIdentity) identity = chorus_team_identity_new (login, name);

      self->team = chorus_team_sync_new (self->store, chorus_profile_get_team_config (profile), identity, &error);
      /* The team follow-up is optional: without it the app works alone, and says why. */
      if (self->team == NULL)
        {
          g_warning ("team mode not started: %s", error->message);
          g_clear_error (&error);
        }
      else
        chorus_team_sync_set_password (self->team, data->team_password);
    }
  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

static void
open_with_secrets (GTask *task)
{
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GTask) store_task = g_task_new (NULL, g_task_get_cancellable (task), store_opened_cb, g_object_ref (task));

  g_task_set_task_data (store_task, chorus_session_profile_dir (chorus_profile_get_id (data->profile)), g_free);
  g_task_run_in_thread (store_task, open_store_thread);
}

static void
team_password_looked_up_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* None is fine (a server on this computer may need none); a keyring failure is said when the
   * server asks for the password. */
  data->team_password = chorus_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  open_with_secrets (task);
}

static void
password_looked_up_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->tech_password = chorus_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->tech_password == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The technical-account password is not in the keyring. Enter it again with “Edit Connection”."));
      return;
    }
  if (!chorus_team_config_is_enabled (chorus_profile_get_team_config (data->profile)))
    {
      open_with_secrets (task);
      return;
    }
  chorus_secrets_lookup_async (chorus_profile_get_id (data->profile), CHORUS_SECRET_TEAM_PASSWORD,
                               g_task_get_cancellable (task), team_password_looked_up_cb, g_steal_pointer (&task));
}

static void
secret_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  data->client_secret = chorus_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->client_secret == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The PISTE client secret is not in the keyring. Enter it again with “Edit Connection”."));
      return;
    }
  chorus_secrets_lookup_async (chorus_profile_get_id (data->profile), CHORUS_SECRET_TECH_PASSWORD, cancellable,
                               password_looked_up_cb, g_steal_pointer (&task));
}

void
chorus_session_open_async (ChorusProfile       *profile,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  OpenData *data;

  g_return_if_fail (CHORUS_IS_PROFILE (profile));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_session_open_async);
  data = g_new0 (OpenData, 1);
  data->profile = g_object_ref (profile);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  chorus_secrets_lookup_async (chorus_profile_get_id (profile), CHORUS_SECRET_CLIENT_SECRET, cancellable,
                               secret_looked_up_cb, task);
}

ChorusSession *
chorus_session_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

ChorusSession *
chorus_session_new_from_parts (ChorusProfile *profile,
                               ChorusClient  *client,
                               ChorusStore   *store,
                               ChorusSync    *sync)
{
  ChorusSession *self;

  g_return_val_if_fail (profile == NULL || CHORUS_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (client == NULL || CHORUS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (sync == NULL || CHORUS_IS_SYNC (sync), NULL);

  self = g_object_new (CHORUS_TYPE_SESSION, NULL);
  if (profile != NULL)
    self->profile = g_object_ref (profile);
  else
    {
      self->profile = chorus_profile_new ();
      chorus_profile_set_roles (self->profile, every_role);
    }
  g_set_object (&self->client, client);
  g_set_object (&self->store, store);
  g_set_object (&self->sync, sync);
  self->store_dir = g_strdup (chorus_store_get_dir (store));
  return self;
}

char *
chorus_session_profile_dir (const char *profile_id)
{
  g_return_val_if_fail (profile_id != NULL && *profile_id != '\0', NULL);
  return g_build_filename (g_get_user_data_dir (), "chorus-desk", "profiles", profile_id, NULL);
}

void
chorus_session_remove_profile_data (const char *profile_id)
{
  g_autofree char *dir = chorus_session_profile_dir (profile_id);
  g_autofree char *training = training_dir (profile_id);

  remove_tree (dir);
  remove_tree (training);
}

/* ---- accessors -------------------------------------------------------------------------- */

static void
pull_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The workspace shows the sync state and its errors; nothing more to do here. */
  if (!chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("pull failed: %s", error->message);
}

static void
flush_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Offline or refused: the actions stay in the outbox, and the workspace says so. */
  if (!chorus_sync_flush_outbox_finish (CHORUS_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("replay of the outbox stopped: %s", error->message);
}

void
chorus_session_start_sync (ChorusSession *self)
{
  const char * const *roles;

  g_return_if_fail (CHORUS_IS_SESSION (self));

  /* Invoices to validate only for a profile that validates (one saved before roles were chosen
   * gets everything). */
  roles = chorus_profile_get_roles (self->profile);
  if (roles != NULL && roles[0] != NULL && !chorus_profile_has_role (self->profile, "VALIDATEUR"))
    chorus_sync_set_directions (self->sync, CHORUS_SYNC_RECEIVED | CHORUS_SYNC_ISSUED);
  /* What was left unsent when the app last stopped goes first, without waiting for a timer. */
  if (chorus_store_count_open_actions (self->store) > 0)
    chorus_sync_flush_outbox_async (self->sync, self->cancellable, flush_done_cb, NULL);
  chorus_sync_pull_async (self->sync, self->cancellable, pull_done_cb, NULL);
  /* What the last run could not send goes now, not at the next periodic sync. */
  chorus_sync_resume_outbox (self->sync);
  if (self->team != NULL)
    chorus_team_sync_start (self->team);
}

ChorusTeamSync *
chorus_session_get_team_sync (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->team;
}

gboolean
chorus_session_is_demo (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), FALSE);
  return self->sim != NULL && !self->training;
}

gboolean
chorus_session_is_training (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), FALSE);
  return self->training;
}

gboolean
chorus_session_reset_simulated_data (ChorusSession  *self,
                                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CHORUS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->sim != NULL, FALSE);

  /* Nothing of the old data may land in the new store: the running pull stops first. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (!chorus_sim_reset (self->sim, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The simulated data could not be reset: %s"), local_error->message);
      return FALSE;
    }
  return open_fresh_store (self, error);
}

char *
chorus_session_get_drafts_dir (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);

  if (self->sim != NULL && self->store_dir != NULL)
    return g_build_filename (self->store_dir, "drafts", NULL);
  return chorus_deposit_draft_default_dir ();
}

ChorusProfile *
chorus_session_get_profile (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->profile;
}

ChorusClient *
chorus_session_get_client (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->client;
}

ChorusStore *
chorus_session_get_store (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->store;
}

ChorusSync *
chorus_session_get_sync (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->sync;
}

ChorusJournal *
chorus_session_get_journal (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->journal;
}

const char *
chorus_session_describe_environment (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  if (self->sim != NULL && !self->training)
    return _("Demo (simulated Chorus Pro on this computer)");
  return chorus_profile_environment_label (chorus_profile_get_environment (self->profile));
}

const char *
chorus_session_get_demo_url (ChorusSession *self)
{
  g_return_val_if_fail (CHORUS_IS_SESSION (self), NULL);
  return self->sim != NULL ? chorus_sim_get_base_url (self->sim) : NULL;
}
