/* chorus-secrets.h: the client secret and technical-account password of each profile, kept in libsecret. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

typedef enum {
  CHORUS_SECRET_CLIENT_SECRET = 0,  /* PISTE OAuth client_secret */
  CHORUS_SECRET_TECH_PASSWORD,      /* password of the Chorus Pro technical account */
  CHORUS_SECRET_ALL,                /* only for clear: every secret of the profile */
  CHORUS_SECRET_TEAM_PASSWORD,      /* password of the team database user (PostgreSQL) */
} ChorusSecretKind;

const SecretSchema *chorus_secrets_get_schema   (void);
const char         *chorus_secret_kind_to_string (ChorusSecretKind kind);

/* Returned secrets are non-pageable memory: free them with secret_password_free(). */
void      chorus_secrets_store_async    (const char          *profile,
                                         ChorusSecretKind     kind,
                                         const char          *secret,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  chorus_secrets_store_finish   (GAsyncResult        *result,
                                         GError             **error);
gboolean  chorus_secrets_store_sync     (const char          *profile,
                                         ChorusSecretKind     kind,
                                         const char          *secret,
                                         GCancellable        *cancellable,
                                         GError             **error);

void      chorus_secrets_lookup_async   (const char          *profile,
                                         ChorusSecretKind     kind,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* NULL without error when nothing is stored. */
char     *chorus_secrets_lookup_finish  (GAsyncResult        *result,
                                         GError             **error);
char     *chorus_secrets_lookup_sync    (const char          *profile,
                                         ChorusSecretKind     kind,
                                         GCancellable        *cancellable,
                                         GError             **error);

/* Succeeds (returns TRUE) when nothing was stored as well. */
void      chorus_secrets_clear_async    (const char          *profile,
                                         ChorusSecretKind     kind,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  chorus_secrets_clear_finish   (GAsyncResult        *result,
                                         GError             **error);
gboolean  chorus_secrets_clear_sync     (const char          *profile,
                                         ChorusSecretKind     kind,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
