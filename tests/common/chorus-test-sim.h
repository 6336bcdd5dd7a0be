/* chorus-test-sim.h: a running simulator and a client logged in to it, for tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client.h"
#include "chorus-sim.h"
#include "chorus-sync.h"
#include "chorus-works-deposit.h"

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

/* A supplier's invoice as the deposit form fills it: one line of 2 × 50 € HT at 20 % VAT (120 €
 * TTC), cadre A1, dated today, for @recipient_siret's @service_code (may be NULL) and engagement
 * EJ-2026-0042, from the supplier structure @supplier_id. */
void          chorus_test_fill_invoice (ChorusInvoice *invoice,
                                        const char    *number,
                                        const char    *recipient_siret,
                                        const char    *service_code,
                                        gint64         supplier_id);

/* A works contract's first piece of @cadre, dated today, 15,000 € HT + 3,000 € VAT, market
 * MT-2026-042, between the supplier, MOE and MOA structures given, paid by @moa_siret, its PDF at
 * @pdf_path. */
ChorusWorksDeposit *chorus_test_works_first_deposit (ChorusCadre  cadre,
                                                     const char  *number,
                                                     gint64       supplier_id,
                                                     gint64       moe_id,
                                                     gint64       moa_id,
                                                     const char  *moa_siret,
                                                     const char  *pdf_path);

/* One flush of @sync's outbox, waited for by iterating the default context. */
gboolean      chorus_test_flush_outbox (ChorusSync *sync,
                                        GError    **error);

G_END_DECLS
