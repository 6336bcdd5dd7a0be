/* chorus-test-sim.h: a running simulator and a client logged in to it, for tests. */
#pragma once

#include "chorus-client.h"
#include "chorus-sim.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

/* A simulator with @n_invoices generated from @seed, listening on a free local port. */
ChorusSim    *chorus_test_sim_start  (guint      seed,
                                      guint      n_invoices);
/* A client for @sim with the simulator's API and technical account credentials. */
ChorusClient *chorus_test_sim_client (ChorusSim *sim);

/* A CII (D16B) invoice as deposited in a flux (IN_DP_E1_CII_16B): 2 × 50 € HT at 20 %, from
 * @seller_siret to @buyer_siret for @service_code, with @engagement (may be NULL) as its order. */
char         *chorus_test_cii_invoice (const char *number,
                                       const char *service_code,
                                       const char *seller_siret,
                                       const char *buyer_siret,
                                       const char *engagement);

/* One flush of @sync's outbox, waited for by iterating the default context. */
gboolean      chorus_test_flush_outbox (ChorusSync *sync,
                                        GError    **error);

G_END_DECLS
