/* chorus-test-sim.c: a running simulator and a client logged in to it, for tests. */
#include "config.h"

#include "chorus-test-sim.h"

ChorusSim *
chorus_test_sim_start (guint seed, guint n_invoices)
{
  ChorusSimConfig config = { .seed = seed, .n_invoices = n_invoices, .data_dir = NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusSim) sim = chorus_sim_new (&config, &error);

  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (sim, 0, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&sim);
}

ChorusClient *
chorus_test_sim_client (ChorusSim *sim)
{
  ChorusClient *client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (sim));

  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  return client;
}

static void
keep_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

gboolean
chorus_test_flush_outbox (ChorusSync *sync, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_flush_outbox_async (sync, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return chorus_sync_flush_outbox_finish (sync, result, error);
}
