/* chorus-works.h: the portal's processing of works invoices (seed 002): cadres, the dossier chain, who acts when. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "chorus-status.h"
#include "chorus-types.h"

G_BEGIN_DECLS

/* How a piece reaches the platform; the cadres allowed differ per channel. The app deposits
 * through the API, which the webinar's table calls "Dépôt PDF en mode Service". */
typedef enum {
  CHORUS_DEPOSIT_CHANNEL_EDI = 0,
  CHORUS_DEPOSIT_CHANNEL_PORTAL,    /* PDF on the web portal */
  CHORUS_DEPOSIT_CHANNEL_SERVICE,   /* PDF through the API (mode service) */
  CHORUS_DEPOSIT_CHANNEL_LAST
} ChorusDepositChannel;

/* typeFactureTravaux (spec annex, reference §0.2). The cadre follows from it and the depositor. */
typedef enum {
  CHORUS_WORKS_TYPE_UNKNOWN = 0,
  CHORUS_WORKS_TYPE_DP_SOUSTRAITANT,            /* DP_DE_SOUSTRAITANT_TRAVAUX */
  CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL,
  CHORUS_WORKS_TYPE_ETAT_ACOMPTE,
  CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE,
  CHORUS_WORKS_TYPE_PROJET_DECOMPTE_FINAL,
  CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL,
  CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL_TACITE,  /* PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE */
  CHORUS_WORKS_TYPE_DECOMPTE_GENERAL,
  CHORUS_WORKS_TYPE_DECOMPTE_GENERAL_SIGNE,
  CHORUS_WORKS_TYPE_DGD_TACITE,                 /* DECOMPTE_GENERAL_DEFINITIF_TACITE */
  CHORUS_WORKS_TYPE_DGD_PROCEDURE_TACITE,       /* DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE */
  CHORUS_WORKS_TYPE_LAST
} ChorusWorksType;

/* What an actor may do with a works piece. Taking a piece into account is depositing the next
 * one by association; there is no separate "take into account" call. */
typedef enum {
  CHORUS_WORKS_ACTION_ASSOCIATE = 0,  /* soumettre the next piece with idPiecePrecedente */
  CHORUS_WORKS_ACTION_SUSPEND,        /* suspendre/demander/completer/factureTravaux */
  CHORUS_WORKS_ACTION_REFUSE,         /* refuser: only for an error in the routing data */
  CHORUS_WORKS_ACTION_ASK_RECYCLE,    /* demander/recyclage: the previous piece goes back to the supplier */
  CHORUS_WORKS_ACTION_RECYCLE,        /* recycler: the supplier corrects a piece sent back */
  CHORUS_WORKS_ACTION_COMPLETE,       /* completer: the supplier answers a suspension */
  CHORUS_WORKS_ACTION_COMPLETE_MOE,   /* completermoe: the project manager answers a suspension */
  CHORUS_WORKS_ACTION_LAST
} ChorusWorksAction;

#define CHORUS_WORKS_ERROR (chorus_works_error_quark ())
typedef enum {
  CHORUS_WORKS_ERROR_NOT_WORKS,      /* the cadre is not a works cadre */
  CHORUS_WORKS_ERROR_ROLE,           /* this role may not do this on this piece */
  CHORUS_WORKS_ERROR_STATUS,         /* not in the piece's current status */
  CHORUS_WORKS_ERROR_MOTIF,          /* a comment is required */
  CHORUS_WORKS_ERROR_CADRE,          /* this cadre may not be deposited this way */
} ChorusWorksError;

GQuark             chorus_works_error_quark           (void);

/* The days the CCAG gives to pay, counted from when the payment request reaches the MOE. */
#define CHORUS_WORKS_PAYMENT_DAYS 30

const char        *chorus_works_type_to_api           (ChorusWorksType      type);
ChorusWorksType    chorus_works_type_from_api         (const char          *api);
const char        *chorus_works_type_label            (ChorusWorksType      type);

/* TRUE for the cadres of the webinar's table (A4 … A25 without A9, A11, A12, A21). */
gboolean           chorus_works_cadre_is_piece        (ChorusCadre          cadre);
/* Who deposits a piece of this cadre (FOURNISSEUR, MOE or MOA); UNKNOWN for other cadres. */
ChorusRole         chorus_works_cadre_depositor       (ChorusCadre          cadre);
/* To whom it is made available: MOE, MOA, FOURNISSEUR, or DESTINATAIRE (the financial
 * service, which pays it as an ordinary invoice). */
ChorusRole         chorus_works_cadre_receiver        (ChorusCadre          cadre);
ChorusWorksType    chorus_works_cadre_type            (ChorusCadre          cadre);
/* The cadre of a piece of @type deposited by @depositor: the holder of the contract's cadre
 * (A4, A7) rather than a co-contractor's (A13, A14). UNKNOWN when @depositor never deposits
 * that type. */
ChorusCadre        chorus_works_cadre_for             (ChorusWorksType      type,
                                                       ChorusRole           depositor);
/* The cadre of a piece known only by its type and status: the depositor the status names
 * (a routing error says who erred), else the only depositor of the type, else the one whose
 * receiver holds the piece, else the usual one (état d'acompte: the MOE; état d'acompte validé
 * and décompte général: the MOA; DGD tacite: the MOE). *@certain tells which. */
ChorusCadre        chorus_works_guess_cadre           (ChorusWorksType      type,
                                                       ChorusStatus         status,
                                                       ChorusCadre          previous_cadre,
                                                       gboolean            *certain);

/* TRUE when @cadre may be deposited on @channel, as a first piece (@association FALSE) or
 * associated to a previous piece of the dossier (@association TRUE). */
gboolean           chorus_works_cadre_can_deposit     (ChorusCadre          cadre,
                                                       ChorusDepositChannel channel,
                                                       gboolean             association);
/* The cadres @role may deposit as a first piece on @channel, in table order. */
gsize              chorus_works_initial_cadres        (ChorusRole           role,
                                                       ChorusDepositChannel channel,
                                                       ChorusCadre         *cadres,
                                                       gsize                max_cadres);
/* The cadres @role may associate after a piece of cadre @previous on @channel. */
gsize              chorus_works_next_cadres           (ChorusCadre          previous,
                                                       ChorusRole           role,
                                                       ChorusDepositChannel channel,
                                                       ChorusCadre         *cadres,
                                                       gsize                max_cadres);

/* Status of a piece just deposited: made available to its receiver. */
ChorusStatus       chorus_works_status_after_deposit  (ChorusCadre          cadre);
/* The status a previous piece takes when @next is associated to it. */
ChorusStatus       chorus_works_status_when_followed  (ChorusCadre          next);
/* The status a refusal for a routing error gives a piece of @cadre (ERREUR_<depositor>_SUR_<receiver>). */
ChorusStatus       chorus_works_refusal_status        (ChorusCadre          cadre);
/* Who must act on the piece now: the role the status names (MISE_A_DISPOSITION_MOE…), else
 * its receiver (complétée) or its depositor (suspendue, à recycler); UNKNOWN when nobody. */
ChorusRole         chorus_works_holder                (ChorusCadre          cadre,
                                                       ChorusStatus         status);

/* Checks that @role may do @action on a piece of @cadre in @status whose previous piece has
 * @previous_cadre (UNKNOWN for a first piece). @comment is required for SUSPEND, REFUSE and
 * the completions (@has_files counts as an answer to a suspension). Sets a French message
 * that says why not. */
gboolean           chorus_works_check_action          (ChorusWorksAction    action,
                                                       ChorusRole           role,
                                                       ChorusCadre          cadre,
                                                       ChorusStatus         status,
                                                       ChorusCadre          previous_cadre,
                                                       const char          *comment,
                                                       gboolean             has_files,
                                                       GError             **error);
/* The actions @role may do now on the piece, in display order. */
gsize              chorus_works_available_actions     (ChorusRole           role,
                                                       ChorusCadre          cadre,
                                                       ChorusStatus         status,
                                                       ChorusCadre          previous_cadre,
                                                       ChorusWorksAction   *actions,
                                                       gsize                max_actions);
/* The piece's status once @action succeeded (ASSOCIATE: the previous piece's, after a piece of
 * @next_cadre; RECYCLE: @has_next tells whether a later piece waits for it). */
ChorusStatus       chorus_works_status_after_action   (ChorusWorksAction    action,
                                                       ChorusCadre          cadre,
                                                       ChorusCadre          next_cadre,
                                                       gboolean             has_next);
/* Whether a piece now in @status shows that @action, sent earlier, took effect. */
gboolean           chorus_works_action_took_effect    (ChorusWorksAction    action,
                                                       ChorusStatus         status);
/* TRUE if the piece belongs in @role's Synthèse (it waits for something @role must do). */
gboolean           chorus_works_needs_action          (ChorusRole           role,
                                                       ChorusCadre          cadre,
                                                       ChorusStatus         status);
/* The statuses in which @role may have something to do (listeStatutCourant of the Synthèse). */
gsize              chorus_works_pending_statuses      (ChorusRole           role,
                                                       ChorusStatus        *statuses,
                                                       gsize                max_statuses);

const char        *chorus_works_action_label          (ChorusWorksAction    action);

G_END_DECLS
