/* chorus-secrets.c: libsecret storage of the secrets of a connection profile (never GSettings, files or logs). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-secrets.h"

const SecretSchema *
chorus_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.chorusdesk.ChorusDesk.Secret", SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

const char *
chorus_secret_kind_to_string (ChorusSecretKind kind)
{
  switch (kind)
    {
    case CHORUS_SECRET_CLIENT_SECRET:
      return "client-secret";
    case CHORUS_SECRET_TECH_PASSWORD:
      return "tech-password";
    case CHORUS_SECRET_TEAM_PASSWORD:
      return "team-password";
    case CHORUS_SECRET_ALL:
    default:
      return NULL;
    }
}

/* The attributes that select one secret, or every secret of the profile for CHORUS_SECRET_ALL.
 * Values are copies: libsecret reads them after the async call returns, when the caller's
 * strings may be gone. */
static GHashTable *
make_attributes (const char       *profile,
                 ChorusSecretKind  kind)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *kind_str = chorus_secret_kind_to_string (kind);

  g_hash_table_insert (attributes, (char *) "profile", g_strdup (profile));
  if (kind_str != NULL)
    g_hash_table_insert (attributes, (char *) "kind", g_strdup (kind_str));
  return attributes;
}

/* The label the user sees in Seahorse / GNOME Passwords. */
static char *
make_label (const char       *profile,
            ChorusSecretKind  kind)
{
  if (kind == CHORUS_SECRET_CLIENT_SECRET)
    return g_strdup_printf (_("Chorus Desk: PISTE client secret (profile %s)"), profile);
  if (kind == CHORUS_SECRET_TEAM_PASSWORD)
    return g_strdup_printf (_("Chorus Desk: team database password (profile %s)"), profile);
  return g_strdup_printf (_("Chorus Desk: technical account password (profile %s)"), profile);
}

static gboolean
is_valid_kind_for_value (ChorusSecretKind kind)
{
  return kind == CHORUS_SECRET_CLIENT_SECRET || kind == CHORUS_SECRET_TECH_PASSWORD ||
         kind == CHORUS_SECRET_TEAM_PASSWORD;
}

void
chorus_secrets_store_async (const char          *profile,
                            ChorusSecretKind     kind,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (profile != NULL && *profile != '\0');
  g_return_if_fail (is_valid_kind_for_value (kind));
  g_return_if_fail (secret != NULL);

  attributes = make_attributes (profile, kind);
  label = make_label (profile, kind);
  secret_password_storev (chorus_secrets_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, secret, cancellable, callback, user_data);
}

gboolean
chorus_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_store_finish (result, error);
}

gboolean
chorus_secrets_store_sync (const char        *profile,
                           ChorusSecretKind   kind,
                           const char        *secret,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (profile != NULL && *profile != '\0', FALSE);
  g_return_val_if_fail (is_valid_kind_for_value (kind), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  attributes = make_attributes (profile, kind);
  label = make_label (profile, kind);
  return secret_password_storev_sync (chorus_secrets_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                                      label, secret, cancellable, error);
}

void
chorus_secrets_lookup_async (const char          *profile,
                             ChorusSecretKind     kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (profile != NULL && *profile != '\0');
  g_return_if_fail (is_valid_kind_for_value (kind));

  attributes = make_attributes (profile, kind);
  secret_password_lookupv (chorus_secrets_get_schema (), attributes, cancellable, callback, user_data);
}

char *
chorus_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

char *
chorus_secrets_lookup_sync (const char        *profile,
                            ChorusSecretKind   kind,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_val_if_fail (profile != NULL && *profile != '\0', NULL);
  g_return_val_if_fail (is_valid_kind_for_value (kind), NULL);

  attributes = make_attributes (profile, kind);
  return secret_password_lookupv_sync (chorus_secrets_get_schema (), attributes, cancellable, error);
}

static void
clear_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
chorus_secrets_clear_async (const char          *profile,
                            ChorusSecretKind     kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (profile != NULL && *profile != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_secrets_clear_async);
  attributes = make_attributes (profile, kind);
  secret_password_clearv (chorus_secrets_get_schema (), attributes, cancellable, clear_done_cb, task);
}

gboolean
chorus_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
chorus_secrets_clear_sync (const char        *profile,
                           ChorusSecretKind   kind,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (profile != NULL && *profile != '\0', FALSE);

  attributes = make_attributes (profile, kind);
  secret_password_clearv_sync (chorus_secrets_get_schema (), attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
