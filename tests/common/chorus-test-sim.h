/* chorus-test-sim.h: a running simulator and a client logged in to it, for tests. */
#pragma once

#include "chorus-client.h"
#include "chorus-sim.h"

G_BEGIN_DECLS

/* A simulator with @n_invoices generated from @seed, listening on a free local port. */
ChorusSim    *chorus_test_sim_start  (guint      seed,
                                      guint      n_invoices);
/* A client for @sim with the simulator's API and technical account credentials. */
ChorusClient *chorus_test_sim_client (ChorusSim *sim);

G_END_DECLS
