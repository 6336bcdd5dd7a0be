/* chorus-status.h: the invoice statuses: which there are, their groups and labels, and which
 * changes a user may make from each one. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every invoice status of the platform (spec annex V5.00, works statuses included), in its order.
 * The list grows: an invoice keeps the raw code of a status not listed here (see
 * chorus_invoice_get_status_code()), and chorus_status_code_label() still shows it readably. */
typedef enum {
  CHORUS_STATUS_UNKNOWN = 0,
  CHORUS_STATUS_BROUILLON,
  CHORUS_STATUS_A_VALIDER_1,
  CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR,
  CHORUS_STATUS_REFUSEE_1,
  CHORUS_STATUS_VALIDEE_1,
  CHORUS_STATUS_ABSENCE_VALIDATION_1_HORS_DELAI,
  CHORUS_STATUS_A_VALIDER_2,
  CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR,
  CHORUS_STATUS_REFUSEE_2,
  CHORUS_STATUS_VALIDEE_2,
  CHORUS_STATUS_ABSENCE_VALIDATION_2_HORS_DELAI,
  CHORUS_STATUS_DEPOSEE,
  CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE,
  CHORUS_STATUS_EN_COURS_ACHEMINEMENT,
  CHORUS_STATUS_MISE_A_DISPOSITION,
  CHORUS_STATUS_A_RECYCLER,
  CHORUS_STATUS_SUSPENDUE,
  CHORUS_STATUS_REJETEE,
  CHORUS_STATUS_MANDATEE,
  CHORUS_STATUS_MISE_EN_PAIEMENT,
  CHORUS_STATUS_COMPTABILISEE,
  CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE,
  CHORUS_STATUS_ABANDONNEE,
  CHORUS_STATUS_SUPPRIMEE,
  CHORUS_STATUS_ASSOCIEE,
  CHORUS_STATUS_EN_COURS_TRAITEMENT_PIVOT_S,
  CHORUS_STATUS_A_VALIDER_MOE,
  CHORUS_STATUS_REFUSEE_MOE,
  CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR,
  CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR,
  CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR,
  CHORUS_STATUS_INTERPRETEE_OCR,
  CHORUS_STATUS_COMPLETEE,
  CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA,
  CHORUS_STATUS_ERREUR_MOE_SUR_MOA,
  CHORUS_STATUS_ERREUR_DESTINATAIRE_PD,
  CHORUS_STATUS_ERREUR_DESTINATAIRE_EA,
  CHORUS_STATUS_SERVICE_FAIT,
  CHORUS_STATUS_NON_CONFORME,
  CHORUS_STATUS_A_ASSOCIER_MOE,
  CHORUS_STATUS_ERREUR_DE_MOE,
  CHORUS_STATUS_MISE_A_DISPOSITION_MOE,
  CHORUS_STATUS_PRISE_EN_COMPTE_MOE,
  CHORUS_STATUS_A_ASSOCIER_MOA,
  CHORUS_STATUS_ERREUR_DE_MOA,
  CHORUS_STATUS_REFUSEE_MOA,
  CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR,
  CHORUS_STATUS_REFUSEE_FOURNISSEUR,
  CHORUS_STATUS_A_COMPLETER,
  CHORUS_STATUS_TRANSMISE_MOA,
  CHORUS_STATUS_PRISE_EN_COMPTE_DESTINATAIRE,
  CHORUS_STATUS_REMPLACEE_PAR_A22,
  CHORUS_STATUS_DUPLIQUE_APRES_REFUS,
  CHORUS_STATUS_MISE_A_DISPOSITION_MOA,
  CHORUS_STATUS_PRISE_EN_COMPTE_MOA,
  CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE,
  CHORUS_STATUS_TECHNIQUE_INCONNU,
  CHORUS_STATUS_LAST
} ChorusStatus;

/* The groups of the list filters and counters. Stored in the cache: append, never renumber. */
typedef enum {
  CHORUS_STATUS_GROUP_ALL = 0,
  CHORUS_STATUS_GROUP_TO_PROCESS,   /* À traiter: mise à disposition, complétée */
  CHORUS_STATUS_GROUP_SENT_BACK,    /* Renvoyées: à recycler, rejetée, suspendue, refusées, erreurs */
  CHORUS_STATUS_GROUP_PROCESSED,    /* Traitées: service fait … mise en paiement */
  CHORUS_STATUS_GROUP_IN_VALIDATION, /* En validation: à valider / validée (niveaux 1 et 2) */
  CHORUS_STATUS_GROUP_WORKS,        /* Travaux: the dossier de facturation's MOE / MOA steps */
  CHORUS_STATUS_GROUP_IN_TRANSIT,   /* En acheminement: brouillon, déposée, en cours d'acheminement */
  CHORUS_STATUS_GROUP_OTHER,        /* Autres: abandonnée, supprimée, remplacée, codes not listed */
  CHORUS_STATUS_GROUP_LAST
} ChorusStatusGroup;

/* Actions of a validator on an invoice (traiter/factureAValider), in the order offered. */
typedef enum {
  CHORUS_VALIDATION_VALIDATE,
  CHORUS_VALIDATION_REFUSE,
  CHORUS_VALIDATION_PAYMENT,
  CHORUS_VALIDATION_RECYCLE,
  CHORUS_VALIDATION_SUSPEND,
  CHORUS_VALIDATION_REJECT,
  CHORUS_VALIDATION_LAST
} ChorusValidationAction;

/* Chorus Pro clients cut a motif (motif, motifRefus, commentaire) at this many characters. */
#define CHORUS_STATUS_MOTIF_MAX_CHARS 255

/* Vocabulary ------------------------------------------------------------------------------------ */

const char        *chorus_status_to_api             (ChorusStatus       status);
ChorusStatus       chorus_status_from_api           (const char        *api);
const char        *chorus_status_label              (ChorusStatus       status);
ChorusStatusGroup  chorus_status_get_group          (ChorusStatus       status);
/* The same for a raw code as sent, known or not: a known code's translated label; any other
 * code made readable ("NOUVEL_ETAT" -> "Nouvel etat"), never "unknown". NULL/empty -> "". */
const char        *chorus_status_code_label         (const char        *code);
ChorusStatusGroup  chorus_status_code_group         (const char        *code);
/* An interned copy of @code (NULL for NULL or ""), so invoices can share status codes. */
const char        *chorus_status_code_intern        (const char        *code);
const char        *chorus_status_group_label        (ChorusStatusGroup  group);

/* A recipient's processing (traiter/recue) ------------------------------------------------------ */

/* The statuses a recipient ever sets: forward steps, sending back, cancelling service fait. */
gboolean           chorus_status_is_recipient_target (ChorusStatus      status);
/* Statuses a recipient may set from @current, in processing order, by the app's own table. Where
 * the app has Chorus Pro's answer (recuperer/etats/traitement) it is authoritative: ask
 * chorus_transitions_lookup() (chorus-transitions.h), which falls back on this table. */
gsize              chorus_status_recipient_targets  (ChorusStatus       current,
                                                     ChorusStatus      *targets,
                                                     gsize              max_targets);
/* Whether the app's own table lets a recipient go from @current to @target. */
gboolean           chorus_status_can_process        (ChorusStatus       current,
                                                     ChorusStatus       target);
/* @target cannot be set without a motif for the supplier (rejection, suspension). */
gboolean           chorus_status_needs_motif        (ChorusStatus       target);
/* @target sends the invoice back with a motif for the supplier, required or not (rejection,
 * suspension, recycling): the statuses with a list of frequent motifs. */
gboolean           chorus_status_takes_motif        (ChorusStatus       target);
/* @target (mandatée) cannot be set without the payment order number (numeroDPMandat). */
gboolean           chorus_status_needs_mandate_number (ChorusStatus     target);
/* Once Chorus Pro has set @target the invoice is with the public accountant: no going back. */
gboolean           chorus_status_is_irreversible    (ChorusStatus       target);

/* A supplier's answers ----------------------------------------------------------------------------- */

/* A supplier may complete (factures/v1/completer) an invoice in @current: a suspended one. */
gboolean           chorus_status_can_complete       (ChorusStatus       current);
/* A supplier may recycle (factures/v1/recycler) an invoice in @current: one sent back to recycle. */
gboolean           chorus_status_can_recycle        (ChorusStatus       current);
/* What an invoice in @current waits for from its supplier, or tells it. */
typedef enum {
  CHORUS_SUPPLIER_STEP_NONE = 0,
  CHORUS_SUPPLIER_STEP_COMPLETE,            /* suspended: complete it */
  CHORUS_SUPPLIER_STEP_RECYCLE,             /* to recycle: send it again to the right recipient */
  CHORUS_SUPPLIER_STEP_DEPOSIT_CORRECTED,   /* rejected: only a new invoice can fix it */
  CHORUS_SUPPLIER_STEP_MAIN_CONTRACTOR,     /* waits for the main contractor's validation (A9, A12) */
  CHORUS_SUPPLIER_STEP_REFUSED_BY_MAIN,     /* refused by the main contractor: agree, then deposit again */
  CHORUS_SUPPLIER_STEP_WRONG_MAIN,          /* sent to the wrong main contractor: deposit again */
} ChorusSupplierStep;
ChorusSupplierStep chorus_status_supplier_step      (ChorusStatus       current);

/* A validator's decisions (traiter/factureAValider) -------------------------------------------- */

/* @action cannot be sent without a motif (motifRefus): refusing, suspending and rejecting tell
 * the supplier why. */
gboolean           chorus_status_validation_needs_motif (ChorusValidationAction action);
/* The validation level (1 or 2) an invoice in @status waits for; 0 when it waits for none. */
int                chorus_status_validation_level   (ChorusStatus       status);

/* Works pieces (facturesTravaux) ---------------------------------------------------------------- */

/* Where a works piece in a status stands, for its colour and its next step. */
typedef enum {
  CHORUS_WORKS_STANDING_ONGOING = 0,    /* with its receiver, done, or with the financial service */
  CHORUS_WORKS_STANDING_TO_COMPLETE,    /* suspended: back with its depositor, to complete */
  CHORUS_WORKS_STANDING_TO_RECYCLE,     /* back with its depositor, to recycle */
  CHORUS_WORKS_STANDING_WAITING_RECYCLE, /* waits for the previous piece to be recycled */
  CHORUS_WORKS_STANDING_REFUSED,        /* refused (routing error, or another reason): the piece ends there */
} ChorusWorksStanding;

/* A works piece may be in @status: the works group's steps, and those it takes with its depositor
 * (suspended, to recycle, completed), made available to the recipient, replaced or paid. */
gboolean           chorus_status_is_works_piece_status (ChorusStatus status);
ChorusWorksStanding chorus_status_works_standing (ChorusStatus     status);
/* A refused works piece was refused for an error in the routing data (ERREUR_*: the depositor sends it
 * again to the right parties); FALSE for the REFUSEE_* ones, a décompte général its receiver (the supplier,
 * the MOA) refused for another reason without an error in the amounts, and for pieces not refused. */
gboolean           chorus_status_works_refused_for_routing (ChorusStatus status);
/* The piece came back to its depositor or waits for it (to complete, to recycle): shown as a warning. */
gboolean           chorus_status_works_is_sent_back (ChorusStatus   status);
/* The title of the text a works piece in @status carries (the reason of a suspension, a refusal
 * or a recycling, the depositor's answer); NULL when the status carries none. */
const char        *chorus_status_works_motif_title (ChorusStatus    status);

G_END_DECLS
