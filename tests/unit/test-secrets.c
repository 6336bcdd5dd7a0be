/* test-secrets.c: chorus-secrets against the session keyring (build-aux/dev provides an unlocked gnome-keyring). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "chorus-secrets.h"

typedef struct {
  GMainLoop *loop;
  gboolean   ok;
  char      *secret;
  GError    *error;
} AsyncState;

/* Profile names unique to this run, so a developer's own keyring is never touched. */
static char *
test_profile (const char *name)
{
  return g_strdup_printf ("test-%s-%d", name, (int) getpid ());
}

static void
test_store_lookup_clear_sync (void)
{
  g_autofree char *profile = test_profile ("sync");
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  g_assert_true (chorus_secrets_store_sync (profile, CHORUS_SECRET_CLIENT_SECRET, "s3cr3t-é", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (chorus_secrets_store_sync (profile, CHORUS_SECRET_TECH_PASSWORD, "pw-1", NULL, &error));
  g_assert_no_error (error);

  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "s3cr3t-é");
  secret_password_free (secret);
  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_TECH_PASSWORD, NULL, &error);
  g_assert_cmpstr (secret, ==, "pw-1");
  secret_password_free (secret);

  /* Storing again replaces the value instead of adding a second item. */
  g_assert_true (chorus_secrets_store_sync (profile, CHORUS_SECRET_TECH_PASSWORD, "pw-2", NULL, &error));
  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_TECH_PASSWORD, NULL, &error);
  g_assert_cmpstr (secret, ==, "pw-2");
  secret_password_free (secret);

  /* Clearing one kind leaves the other. */
  g_assert_true (chorus_secrets_clear_sync (profile, CHORUS_SECRET_CLIENT_SECRET, NULL, &error));
  g_assert_no_error (error);
  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_null (secret);
  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_TECH_PASSWORD, NULL, &error);
  g_assert_cmpstr (secret, ==, "pw-2");
  secret_password_free (secret);

  /* Clearing what is not there is not an error. */
  g_assert_true (chorus_secrets_clear_sync (profile, CHORUS_SECRET_CLIENT_SECRET, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (chorus_secrets_clear_sync (profile, CHORUS_SECRET_ALL, NULL, &error));
  secret = chorus_secrets_lookup_sync (profile, CHORUS_SECRET_TECH_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

static void
test_profiles_are_separate (void)
{
  g_autofree char *qualif = test_profile ("qualif");
  g_autofree char *prod = test_profile ("prod");
  g_autoptr(GError) error = NULL;
  char *secret;

  g_assert_true (chorus_secrets_store_sync (qualif, CHORUS_SECRET_CLIENT_SECRET, "qualif-secret", NULL, &error));
  g_assert_true (chorus_secrets_store_sync (prod, CHORUS_SECRET_CLIENT_SECRET, "prod-secret", NULL, &error));
  g_assert_true (chorus_secrets_store_sync (prod, CHORUS_SECRET_TECH_PASSWORD, "prod-pw", NULL, &error));
  g_assert_no_error (error);

  secret = chorus_secrets_lookup_sync (qualif, CHORUS_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_cmpstr (secret, ==, "qualif-secret");
  secret_password_free (secret);

  /* Forgetting one profile keeps the other's secrets. */
  g_assert_true (chorus_secrets_clear_sync (prod, CHORUS_SECRET_ALL, NULL, &error));
  g_assert_null (chorus_secrets_lookup_sync (prod, CHORUS_SECRET_CLIENT_SECRET, NULL, &error));
  g_assert_null (chorus_secrets_lookup_sync (prod, CHORUS_SECRET_TECH_PASSWORD, NULL, &error));
  secret = chorus_secrets_lookup_sync (qualif, CHORUS_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_cmpstr (secret, ==, "qualif-secret");
  secret_password_free (secret);

  g_assert_true (chorus_secrets_clear_sync (qualif, CHORUS_SECRET_ALL, NULL, &error));
  g_assert_no_error (error);
}

static void
store_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;

  state->ok = chorus_secrets_store_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;

  state->secret = chorus_secrets_lookup_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
clear_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;

  state->ok = chorus_secrets_clear_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *profile = test_profile ("async");
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);

  chorus_secrets_store_async (profile, CHORUS_SECRET_TECH_PASSWORD, "async-pw", NULL, store_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  chorus_secrets_lookup_async (profile, CHORUS_SECRET_TECH_PASSWORD, NULL, lookup_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpstr (state.secret, ==, "async-pw");
  g_clear_pointer (&state.secret, secret_password_free);

  /* The profile string may be freed as soon as the call returns. */
  state.ok = FALSE;
  {
    char *transient = g_strdup (profile);

    chorus_secrets_clear_async (transient, CHORUS_SECRET_ALL, NULL, clear_cb, &state);
    memset (transient, 'x', strlen (transient));
    g_free (transient);
  }
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  chorus_secrets_lookup_async (profile, CHORUS_SECRET_TECH_PASSWORD, NULL, lookup_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_null (state.secret);

  g_main_loop_unref (state.loop);
}

static void
skip_without_bus (void)
{
  g_test_skip ("no session bus: run through build-aux/dev test");
}

static void
test_kind_names (void)
{
  g_assert_cmpstr (chorus_secrets_get_schema ()->name, ==, "io.github.chorusdesk.ChorusDesk.Secret");
  g_assert_cmpstr (chorus_secret_kind_to_string (CHORUS_SECRET_CLIENT_SECRET), ==, "client-secret");
  g_assert_cmpstr (chorus_secret_kind_to_string (CHORUS_SECRET_TECH_PASSWORD), ==, "tech-password");
  g_assert_null (chorus_secret_kind_to_string (CHORUS_SECRET_ALL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secrets/kind-names", test_kind_names);
  /* The keyring tests need the session bus that build-aux/dev test starts. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_add_func ("/secrets/keyring", skip_without_bus);
    }
  else
    {
      g_test_add_func ("/secrets/sync", test_store_lookup_clear_sync);
      g_test_add_func ("/secrets/profiles", test_profiles_are_separate);
      g_test_add_func ("/secrets/async", test_async);
    }
  return g_test_run ();
}
