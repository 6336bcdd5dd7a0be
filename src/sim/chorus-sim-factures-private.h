/* chorus-sim-factures-private.h: what the factures/v1 files share: who sees an invoice, a cache of
 * the structures a page names, the routing check, storing a deposited invoice and the attachment
 * list. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-sim-handlers.h"

G_BEGIN_DECLS

/* ---- chorus-sim-factures.c ------------------------------------------------------------------ */

/* The account sees @inv from @side: its supplier, its recipient once validators let it through,
 * its validator of the level it waits at. */
gboolean    sim_invoice_visible      (SimCtx           *ctx,
                                      const SimInvoice *inv,
                                      SimSide           side);
/* Invoice @id when the account sees it from @side (any side when @any); NULL otherwise. */
SimInvoice *sim_invoice_load_visible (SimCtx           *ctx,
                                      gint64            id,
                                      SimSide           side,
                                      gboolean          any);
/* The role the account must have for @side (DESTINATAIRE, FOURNISSEUR, VALIDATEUR). */
const char *sim_role_of_side         (SimSide           side);
/* The second-level validator sees an invoice once the first level validated it. */
gboolean    sim_invoice_at_second_level (const SimInvoice *inv);
/* The "taille" of an invoice's files, as the searches and consults give it. */
gint64      sim_invoice_size         (const SimInvoice *inv);

/* The answer to a change of @inv made at @when: codeRetour, @id_key, numeroFacture, dateTraitement. */
JsonObject *sim_invoice_processed_answer (const char       *id_key,
                                          const SimInvoice *inv,
                                          const char       *when);

/* Structures and services a page of results names, each loaded once. */
typedef struct {
  SimCtx     *ctx;
  GHashTable *structures;  /* id → SimStructure */
  GHashTable *services;    /* id → SimService */
} SimCache;

void          sim_cache_init      (SimCache *c,
                                   SimCtx   *ctx);
void          sim_cache_clear     (SimCache *c);
SimStructure *sim_cache_structure (SimCache *c,
                                   gint64    id);
SimService   *sim_cache_service   (SimCache *c,
                                   gint64    id);

/* The routing rules of a recipient: it must exist, be public and active; its parametres and the
 * service's numeroEngagement decide whether a service code and an engagement are required.
 * NULL (with the recipient and service) or the refusal. */
JsonObject *sim_check_routing        (SimCtx        *ctx,
                                      const char    *code_dest,
                                      const char    *code_service,
                                      const char    *engagement,
                                      SimStructure **rec_out,
                                      SimService   **svc_out);

/* ---- chorus-sim-factures-deposit.c ----------------------------------------------------------- */

typedef struct {
  gint64        id;
  const char   *numero;
  gint64        supplier_id;
  gint64        supplier_service_id;
  SimStructure *rec;
  SimService   *svc;
  SimStructure *valideur;
  const char   *type_facture, *type_tva, *cadre, *mode_depot, *date_facture, *devise;
  const char   *numero_marche, *numero_bc, *numero_origine, *mode_paiement, *commentaire, *motif_exo;
  const char   *numero_flux;
  gint64        ht, tva, ttc, a_payer, main_pj_id, coord_banc_id;
  GPtrArray    *lines;
} SimNewInvoice;

/* Stores a deposited invoice (soumettre, deposer/flux) with its first statuses; NULL or the
 * refusal. It goes to its validator first when its cadre has one, else on to its recipient. */
JsonObject *sim_store_deposit        (SimCtx              *ctx,
                                      const SimNewInvoice *n);

/* ---- chorus-sim-factures-consult.c ----------------------------------------------------------- */

/* The invoice's attachments in the pieceJointe shape, its main PDF first. */
GPtrArray  *sim_invoice_attachments  (SimCtx           *ctx,
                                      const SimInvoice *inv);

G_END_DECLS
