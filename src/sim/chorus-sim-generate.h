/* chorus-sim-generate.h: what the generator's files share: its state while it fills the store, and
 * the cases the seeds teach (chorus-sim-seed-cases.c). SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-sim-dataset-private.h"
#include "chorus-sim-random.h"

G_BEGIN_DECLS

typedef struct {
  gint64      id;
  int         kind;      /* SimStructureKind */
  const char *type_id;
  gint64      rank;      /* of the name among all structures: sorting by supplier name walks an index */
} SimSupplierRef;

typedef struct {
  gint64   id;
  gboolean service_required;
  gboolean ej_required;
  gboolean ej_or_service;
  GArray  *services;     /* gint64 */
  GArray  *service_ej;   /* gboolean */
} SimRecipientRef;

/* The generator's state. Every draw from @r happens in a fixed order: a seed gives the same
 * dataset on every machine, and tests count on what it holds. */
typedef struct {
  SimDataset      *ds;
  SimWellKnown    *wk;
  SimRng           r;
  sqlite3_stmt    *insert_structure;
  sqlite3_stmt    *insert_service;
  gint64           next_structure_id;
  gint64           next_service_id;
  gint64           next_invoice_id;   /* invoices and works pieces share it, as idFacture does */
  GArray          *suppliers;         /* SimSupplierRef */
  GArray          *recipients;        /* SimRecipientRef */
  GArray          *works_suppliers;   /* gint64: suppliers of works pieces */
  SimRecipientRef *hospital;          /* the account's recipient */
  SimSupplierRef   own;               /* the account's company */
  gint64           other_validator;   /* a validator the account is not attached to */
  gint64           other_moe;         /* a maîtrise d'œuvre and a maîtrise d'ouvrage of others' */
  gint64           other_moa;
  guint32          first_day;
  guint32          last_day;
} SimGen;

/* chorus-sim-generate-invoices.c: invoice @i of @n_total. */
void sim_generate_invoice (SimGen *g,
                           guint   i,
                           guint   n_total);
/* chorus-sim-generate-works.c: billing file @d. */
void sim_generate_works   (SimGen *g,
                           guint   d);

/* What the seeds teach, present in every dataset whatever its seed and size (the training and
 * demo data): the supplier's suspension to answer with documents, its invoice to recycle and
 * its rejected credit note (seeds 001 and 004); Factur-X invoices whose structured data the
 * recipient checks; works invoices received by the hospital; statuses a client may not know;
 * first- and second-level validations. */
typedef struct {
  gboolean    issued;         /* by the account's company; otherwise received by its hospital */
  const char *statut;
  const char *type_facture;
  const char *type_dp;        /* NULL: FACTURE */
  int         validators;     /* levels of validation the invoice goes through */
  gboolean    facturx;
  const char *motif;          /* NULL: one drawn for its status, if it takes one */
} SimTrainingCase;

/* The works cases the seeds teach, each a billing file where the account is the supplier, the
 * MOE and the MOA (so every role sees it): each cadre of the webinar's table by its depositor,
 * the monthly and end-of-contract chains, the tacit procedure, a piece suspended waiting for
 * documents, one refused for a routing error, one sent back to be recycled. A NULL status is
 * the one the simulator's rules give (deposited, or followed by the next piece). */
typedef struct {
  const char *pieces[4][2];    /* { short cadre, status } */
  const char *motif;           /* commentaireEtatCourant of the piece with a status given */
} SimWorksCase;

const SimTrainingCase *sim_seed_training_cases (gsize *n);
const SimWorksCase    *sim_seed_works_cases    (gsize *n);

G_END_DECLS
