/* test-connection-check.c: the wizard's connection test against the simulator, and its diagnoses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-connection-check.h"
#include "chorus-sim.h"
#include "chorus-test-sim.h"

typedef struct {
  ChorusSim             *sim;
  ChorusConnectionCheck *check;
  GMainLoop             *loop;
  GAsyncResult          *result;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ChorusClient) client = NULL;

  fixture->sim = chorus_test_sim_start (3, 20);
  client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (fixture->sim));
  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, data ? data : CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_retry_policy (client, 0, 10, 10, 10);
  fixture->check = chorus_connection_check_new (client);
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->check);
  chorus_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_main_loop_unref (fixture->loop);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *fixture = data;

  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

static void
wait (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_main_loop_run (fixture->loop);
}

static void
test_success (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  GPtrArray *structures;
  gboolean found_recipient = FALSE;

  chorus_connection_check_run_async (fixture->check, NULL, done_cb, fixture);
  wait (fixture);
  g_assert_true (chorus_connection_check_run_finish (fixture->check, fixture->result, &error));
  g_assert_no_error (error);
  for (guint step = 0; step < CHORUS_CHECK_N_STEPS; step++)
    {
      g_assert_cmpint (chorus_connection_check_get_state (fixture->check, step), ==, CHORUS_CHECK_OK);
      g_assert_nonnull (chorus_connection_check_get_message (fixture->check, step));
      g_assert_null (chorus_connection_check_get_fix (fixture->check, step));
    }
  structures = chorus_connection_check_get_structures (fixture->check);
  g_assert_nonnull (structures);
  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);

      if (structure->id == chorus_sim_get_recipient_id (fixture->sim))
        {
          found_recipient = TRUE;
          g_assert_cmpint (structure->role, ==, CHORUS_ROLE_DESTINATAIRE);
          g_assert_cmpstr (structure->identifier, ==, chorus_sim_get_recipient_siret (fixture->sim));
        }
    }
  g_assert_true (found_recipient);
  g_assert_nonnull (chorus_connection_check_get_password_expiry (fixture->check));

  chorus_connection_check_list_services_async (fixture->check, chorus_sim_get_recipient_id (fixture->sim), NULL,
                                               done_cb, fixture);
  wait (fixture);
  services = chorus_connection_check_list_services_finish (fixture->check, fixture->result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, >, 0);
}

static void
test_wrong_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  chorus_connection_check_run_async (fixture->check, NULL, done_cb, fixture);
  wait (fixture);
  g_assert_false (chorus_connection_check_run_finish (fixture->check, fixture->result, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT);
  g_assert_cmpint (chorus_connection_check_get_state (fixture->check, CHORUS_CHECK_STEP_TOKEN), ==, CHORUS_CHECK_FAILED);
  g_assert_nonnull (chorus_connection_check_get_fix (fixture->check, CHORUS_CHECK_STEP_TOKEN));
  g_assert_cmpint (chorus_connection_check_get_state (fixture->check, CHORUS_CHECK_STEP_ACCOUNT), ==, CHORUS_CHECK_PENDING);
}

static void
test_siret_lookup (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStructure) structure = NULL;
  const char *strict = chorus_sim_get_strict_recipient_siret (fixture->sim);

  chorus_connection_check_find_siret_async (fixture->check, strict, NULL, done_cb, fixture);
  wait (fixture);
  structure = chorus_connection_check_find_siret_finish (fixture->check, fixture->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (structure->identifier, ==, strict);

  /* Valid check digit, unknown to Chorus Pro. */
  chorus_connection_check_find_siret_async (fixture->check, "73282932000074", NULL, done_cb, fixture);
  wait (fixture);
  g_assert_null (chorus_connection_check_find_siret_finish (fixture->check, fixture->result, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
  g_assert_nonnull (strstr (error->message, "73282932000074"));
  g_clear_error (&error);

  /* Not a SIRET: refused before any request. */
  chorus_connection_check_find_siret_async (fixture->check, "12345678901234", NULL, done_cb, fixture);
  wait (fixture);
  g_assert_null (chorus_connection_check_find_siret_finish (fixture->check, fixture->result, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
}

/* Each kind of failure gets its own fix, adapted to the environment. */
static void
test_explain (void)
{
  static const ChorusClientError codes[] = {
    CHORUS_CLIENT_ERROR_NETWORK, CHORUS_CLIENT_ERROR_TIMEOUT, CHORUS_CLIENT_ERROR_BAD_CLIENT,
    CHORUS_CLIENT_ERROR_BAD_ACCOUNT, CHORUS_CLIENT_ERROR_FORBIDDEN, CHORUS_CLIENT_ERROR_RATE_LIMITED,
    CHORUS_CLIENT_ERROR_SERVER, CHORUS_CLIENT_ERROR_MALFORMED, CHORUS_CLIENT_ERROR_API,
  };
  g_autoptr(GError) account = chorus_client_error_new_full (CHORUS_CLIENT_ERROR_BAD_ACCOUNT, 0,
                                                            "login or password incorrects", 401, "refused");
  g_autofree char *fix_qualif = NULL, *fix_prod = NULL, *fix_local = NULL, *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (CHORUS_CLIENT_ERROR, codes[i], "raw");
      g_autofree char *fix = NULL;
      g_autofree char *text = chorus_connection_check_explain (error, CHORUS_CHECK_STEP_ACCOUNT,
                                                               CHORUS_ENVIRONMENT_QUALIFICATION, &fix);
      g_assert_nonnull (text);
      g_assert_nonnull (fix);
      g_assert_cmpstr (fix, !=, "");
    }

  message = chorus_connection_check_explain (account, CHORUS_CHECK_STEP_ACCOUNT, CHORUS_ENVIRONMENT_QUALIFICATION, &fix_qualif);
  g_assert_nonnull (strstr (message, "login or password incorrects"));
  g_free (chorus_connection_check_explain (account, CHORUS_CHECK_STEP_ACCOUNT, CHORUS_ENVIRONMENT_PRODUCTION, &fix_prod));
  g_free (chorus_connection_check_explain (account, CHORUS_CHECK_STEP_ACCOUNT, CHORUS_ENVIRONMENT_LOCAL, &fix_local));
  g_assert_nonnull (strstr (fix_qualif, "qualif.chorus-pro.gouv.fr"));
  g_assert_nonnull (strstr (fix_prod, "chorus-pro.gouv.fr"));
  g_assert_null (strstr (fix_prod, "qualif."));
  g_assert_cmpstr (fix_local, !=, fix_qualif);

  /* A redirection is not cured by waiting. */
  {
    g_autoptr(GError) redirected = chorus_client_error_new_full (CHORUS_CLIENT_ERROR_SERVER, 0, NULL, 302, "moved");
    g_autoptr(GError) busy = chorus_client_error_new_full (CHORUS_CLIENT_ERROR_SERVER, 0, NULL, 503, "busy");
    g_autofree char *fix_redirect = NULL, *fix_busy = NULL;

    g_free (chorus_connection_check_explain (redirected, CHORUS_CHECK_STEP_TOKEN, CHORUS_ENVIRONMENT_PRODUCTION,
                                             &fix_redirect));
    g_free (chorus_connection_check_explain (busy, CHORUS_CHECK_STEP_TOKEN, CHORUS_ENVIRONMENT_PRODUCTION, &fix_busy));
    g_assert_nonnull (strstr (fix_redirect, "proxy"));
    g_assert_cmpstr (fix_redirect, !=, fix_busy);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection-check/explain", test_explain);
  g_test_add ("/connection-check/success", Fixture, NULL, fixture_set_up, test_success, fixture_tear_down);
  g_test_add ("/connection-check/wrong-secret", Fixture, "wrong", fixture_set_up, test_wrong_secret, fixture_tear_down);
  g_test_add ("/connection-check/siret", Fixture, NULL, fixture_set_up, test_siret_lookup, fixture_tear_down);
  return g_test_run ();
}
