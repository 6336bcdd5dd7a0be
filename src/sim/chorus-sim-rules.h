/* chorus-sim-rules.h: the simulator's own rule tables (statuses, recipient and validator processing,
 * cadres, deposit vocabulary), written from the API reference, its samples and the seeds. */
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

G_END_DECLS
