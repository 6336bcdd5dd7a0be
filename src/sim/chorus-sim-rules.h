/* chorus-sim-rules.h: the simulator's own rule tables (statuses, recipient and validator processing,
 * cadres, deposit vocabulary in chorus-sim-rules.c; works pieces in chorus-sim-rules-travaux.c),
 * written from the API reference, its samples and the seeds. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- statuses (reference §0.1) ------------------------------------------------------------ */

typedef enum {
  SIM_STATUS_INVOICE        = 1 << 0,  /* an invoice status */
  SIM_STATUS_WORKS          = 1 << 1,  /* a works piece status (§0.2) */
  SIM_STATUS_WITH_VALIDATOR = 1 << 2,  /* still (or only ever) with a validator, not the recipient */
  SIM_STATUS_SUPPLIER_ONLY  = 1 << 3,  /* the supplier's alone: a draft, a deleted invoice */
} SimStatusFlags;

typedef struct {
  const char     *code;
  SimStatusFlags  flags;
} SimStatusInfo;

const SimStatusInfo *sim_statuses               (gsize       *n);
/* NULL for a code the reference does not list. */
const SimStatusInfo *sim_status_find            (const char  *code);
/* Not (yet) with the recipient: waiting for, or refused by, a validator; a draft. */
gboolean             sim_status_hidden_from_recipient (const char *code);

/* ---- recipient processing: traiter/recue and recuperer/etats/traitement ------------------- */

/* The statuses a recipient may set at all (Pastell's controlerListeStatutCible). */
gboolean             sim_recipient_target_known (const char  *target);
/* The statuses a recipient may set from @current, in the portal's order; NULL (and 0) when none. */
const char *const   *sim_recipient_targets      (const char  *current,
                                                 gsize       *n);
gboolean             sim_recipient_may_set      (const char  *current,
                                                 const char  *target);
gboolean             sim_recipient_needs_motif  (const char  *target);
gboolean             sim_recipient_needs_mandate (const char *target);
#define SIM_MOTIF_MAX_CHARS 255

/* ---- validation: traiter/factureAValider --------------------------------------------------- */

typedef struct {
  const char *action;        /* REFUS, VALIDATION, MISE_EN_PAIEMENT, MISE_EN_RECYCLAGE, SUSPENSION, REJET */
  gboolean    needs_motif;   /* motifRefus */
  gboolean    last_level_only;
} SimValidationAction;

const SimValidationAction *sim_validation_action_find (const char *action);
/* The level (1 or 2) an invoice in @statut waits for; 0 when it waits for no validator. */
int                  sim_validation_level       (const char  *statut);
/* The statuses an action records, in order, on an invoice waiting at @level; the last one is
 * where the invoice stands. 0 when the action is not possible there. */
gsize                sim_validation_outcome     (const SimValidationAction *action,
                                                 int          level,
                                                 gboolean     has_second_level,
                                                 const char **steps,
                                                 gsize        max_steps);
/* The portal's reasons for refusing an invoice to validate (motifs/refus/Facture/AValider). */
typedef struct {
  gint64      id;
  const char *code;
  const char *libelle;
} SimRefusalMotif;
const SimRefusalMotif *sim_refusal_motifs       (gsize       *n);

/* ---- cadres de facturation (reference §5, seed 002) --------------------------------------- */

typedef enum {
  SIM_CADRE_INVOICE,       /* factures/v1/soumettre, straight to the recipient */
  SIM_CADRE_VALIDATED,     /* factures/v1/soumettre, through one or two validators first */
  SIM_CADRE_WORKS,         /* a piece of a works dossier: facturesTravaux only */
  SIM_CADRE_OTHER_SPACE,   /* court costs and TIC refunds have spaces of their own */
} SimCadreUse;

typedef struct {
  const char  *code;
  SimCadreUse  use;
} SimCadre;

const SimCadre      *sim_cadres                 (gsize       *n);
const SimCadre      *sim_cadre_find             (const char  *code);

/* ---- deposit vocabulary (reference §0.3–0.5, §2.1, §5, §6) --------------------------------- */

typedef enum {
  SIM_VOCAB_TYPE_FACTURE,
  SIM_VOCAB_TYPE_TVA,
  SIM_VOCAB_MODE_DEPOT,
  SIM_VOCAB_MODE_PAIEMENT,
  SIM_VOCAB_SYNTAXE_FLUX,
  SIM_VOCAB_TYPE_IDENTIFIANT,
  SIM_VOCAB_TYPE_DEMANDE_PAIEMENT,
  SIM_VOCAB_TYPE_FACTURE_TRAVAUX,
  SIM_VOCAB_FORMAT_DEPOT,
  SIM_VOCAB_LAST
} SimVocabulary;

const char *const   *sim_vocabulary             (SimVocabulary  which,
                                                 gsize         *n);
gboolean             sim_vocabulary_has         (SimVocabulary  which,
                                                 const char    *code);
/* numeroFactureSaisi: at most 20 characters, letters, digits and - _ / + (SPEC comment, CS2017). */
gboolean             sim_invoice_number_valid   (const char    *number);
#define SIM_ENGAGEMENT_MAX_CHARS 50

/* What a recipient's parameters demand of a deposit (§6.7). */
typedef struct {
  gboolean service_required;       /* parametres.codeServiceDoitEtreRenseigne */
  gboolean engagement_required;    /* parametres.numeroEJDoitEtreRenseigne */
  gboolean engagement_or_service;  /* parametres.gestionNumeroEJOuCodeService */
  gboolean service_engagement;     /* the chosen service's parametres.numeroEngagement */
  gboolean has_service;
  gboolean has_engagement;
} SimRoutingFacts;

typedef enum {
  SIM_ROUTING_OK,
  SIM_ROUTING_SERVICE_MISSING,
  SIM_ROUTING_SERVICE_OR_ENGAGEMENT_MISSING,
  SIM_ROUTING_ENGAGEMENT_MISSING,
} SimRoutingVerdict;

SimRoutingVerdict    sim_routing_verdict        (const SimRoutingFacts *facts);

/* ---- works pieces: facturesTravaux (chorus-sim-rules-travaux.c) -------------------------- */

/* A works cadre deposited with facturesTravaux/v1/soumettre (A4 … A25 of the webinar table). */
typedef struct {
  const char *code;
  const char *type;        /* typeFactureTravaux */
  const char *depositor;   /* FOURNISSEUR, MOE or MOA */
  const char *sent_to;     /* who receives it: MOE, MOA, FOURNISSEUR, or DESTINATAIRE (paid) */
  gboolean    first;       /* deposited on its own ("Dépôt initial") */
  gboolean    next;        /* deposited after another piece ("Association") */
} SimWorksCadre;

/* A piece that follows another, deposited by @by; the previous piece becomes @previous_becomes.
 * @on_silence: the depositor may go on while another party holds the previous piece. */
typedef struct {
  const char *after;       /* cadre prefixes: "A4_" */
  const char *next;
  const char *by;
  const char *previous_becomes;
  gboolean    on_silence;
} SimWorksLink;

/* Why a party has a piece in hand. */
typedef enum {
  SIM_WORKS_HELD_NAMED,        /* the party the status names */
  SIM_WORKS_HELD_BY_RECEIVER,  /* the one it was sent to */
  SIM_WORKS_TO_COMPLETE,       /* its depositor, to complete it */
  SIM_WORKS_TO_RECYCLE,        /* its depositor, to recycle it */
} SimWorksHolding;

typedef enum {
  SIM_WORKS_OP_SUSPEND,
  SIM_WORKS_OP_REFUSE,
  SIM_WORKS_OP_ASK_RECYCLE,
  SIM_WORKS_OP_RECYCLE,
  SIM_WORKS_OP_COMPLETE,
} SimWorksOpKind;

/* The processing operations, one per path under facturesTravaux/v1/. */
typedef enum {
  SIM_WORKS_SUSPEND,
  SIM_WORKS_REFUSE,
  SIM_WORKS_ASK_RECYCLE,
  SIM_WORKS_RECYCLE,
  SIM_WORKS_COMPLETE,
  SIM_WORKS_COMPLETE_MOE,
} SimWorksOperationId;

typedef struct {
  const char     *path;          /* after facturesTravaux/v1/ */
  SimWorksOpKind  kind;
  const char     *callers;       /* roles that may call it, as the piece's holder or depositor */
  const char     *depositors;    /* whose pieces */
  gboolean        needs_comment;
} SimWorksOperation;

const SimWorksCadre *sim_works_cadres           (gsize       *n);
/* NULL when @code is not a works cadre. */
const SimWorksCadre *sim_works_cadre_find       (const char  *code);
/* The full code of a short one ("A15" -> "A15_ETAT_ACOMPTE_MOE"), NULL when not a works cadre. */
const char          *sim_works_cadre_code       (const char  *short_code);
/* @role is one of the space-separated @roles. */
gboolean             sim_works_role_in          (const char  *role,
                                                 const char  *roles);
/* The status a piece of @cadre gets when deposited: who it is made available to. */
const char          *sim_works_holder_status    (const char  *cadre);
/* The piece that usually follows @cadre in a dossier (the tacit procedure aside); NULL at the
 * end of a chain. */
const char          *sim_works_next_in_chain    (const char  *cadre);
/* The status a piece of @previous takes when a piece of @next is associated to it. */
const char          *sim_works_followed_status  (const char  *previous,
                                                 const char  *next);
/* How a piece of @next deposited by @by follows one of @previous; NULL when it may not. */
const SimWorksLink  *sim_works_link_find        (const char  *previous,
                                                 const char  *next,
                                                 const char  *by);
/* The party that must act on a piece of @cadre in @statut now, or NULL; *@holding says why. */
const char          *sim_works_holder           (const char  *cadre,
                                                 const char  *statut,
                                                 SimWorksHolding *holding);
/* The status of a piece @depositor deposited and @holder refuses (for an error in its routing
 * data, the only reason there is); NULL when @holder may not refuse it. */
const char          *sim_works_refusal_status   (const char  *depositor,
                                                 const char  *holder);
const SimWorksOperation *sim_works_operation    (SimWorksOperationId id);

G_END_DECLS
