/* chorus-sim-travaux-private.h: what the facturesTravaux/v1 files share: who sees a piece, the
 * piece as the operations answer it, its status changes. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-sim-handlers.h"

G_BEGIN_DECLS

/* The structure of @w that acts as @role (FOURNISSEUR, MOE or MOA). */
gint64      sim_works_party       (const SimWorks *w,
                                   const char     *role);
/* The account is @w's @role. */
gboolean    sim_works_account_is  (SimCtx         *ctx,
                                   const SimWorks *w,
                                   const char     *role);
/* The account is the piece's supplier, MOE or MOA. */
gboolean    sim_works_visible     (SimCtx         *ctx,
                                   const SimWorks *w);
/* The piece idFactureTravaux of @req when the account sees it; NULL with the refusal in @fail,
 * or a 400 recorded. */
SimWorks   *sim_works_load_visible (SimCtx        *ctx,
                                    JsonObject    *req,
                                    JsonObject   **fail);
void        sim_works_set_status  (SimCtx         *ctx,
                                   gint64          id,
                                   const char     *statut,
                                   const char     *motif);
/* The "no result" of facturesTravaux searches (GFT_MSG_01.075). */
JsonObject *sim_works_no_result   (void);

/* A rechercher item has the keys of Pastell's rechercherFactureTravaux item (sample 2: ids and
 * amounts there are strings; the API's own types are kept here), COMM's service codes, and the
 * works keys §2.1 lists for the recipient search (the state's comment, the contract and
 * engagement numbers, the MOE and MOA named as codeMOE/designationMOE…): nothing the reference
 * does not list. consulter and the billing file add the links, the billing file number, the
 * deposit mode and the parties' ids, which the app needs to draw the chain. */
typedef enum {
  SIM_WORKS_ITEM_LISTED,   /* rechercher */
  SIM_WORKS_ITEM_FULL,     /* consulter, consulter/dossierfacturation */
} SimWorksItemKind;

JsonObject *sim_works_item        (SimCtx           *ctx,
                                   const SimWorks   *w,
                                   SimWorksItemKind  kind);
/* @id, identifier, name and identifier type of structure @id under the keys given (a NULL key
 * is left out; the id is written as it is, 0 included). */
void        sim_works_set_party   (JsonObject     *o,
                                   SimDataset     *ds,
                                   gint64          id,
                                   const char     *id_key,
                                   const char     *code_key,
                                   const char     *name_key,
                                   const char     *type_key);

G_END_DECLS
