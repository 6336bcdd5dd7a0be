/* chorus-works.h: the platform's rules for works invoices (cadres A4 … A25), shared by app and simulator. */
#pragma once

#include <glib.h>

#include "chorus-types.h"

G_BEGIN_DECLS

/* How a piece reaches the platform; the cadres allowed differ per channel. */
typedef enum {
  CHORUS_DEPOSIT_CHANNEL_EDI = 0,
  CHORUS_DEPOSIT_CHANNEL_PORTAL,    /* PDF on the web portal */
  CHORUS_DEPOSIT_CHANNEL_SERVICE,   /* PDF or typed data through the API (mode service) */
  CHORUS_DEPOSIT_CHANNEL_LAST
} ChorusDepositChannel;

/* What an actor may do with a works piece. */
typedef enum {
  CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT = 0,   /* prise en compte */
  CHORUS_WORKS_ACTION_SUSPEND,      /* information missing: the depositor completes it */
  CHORUS_WORKS_ACTION_REFUSE,       /* routing error (or, for a décompte général, another motive) */
  CHORUS_WORKS_ACTION_COMPLETE,     /* the depositor answers a suspension */
  CHORUS_WORKS_ACTION_ASSOCIATE,    /* deposit the next piece of the dossier de facturation */
  CHORUS_WORKS_ACTION_LAST
} ChorusWorksAction;

typedef enum {
  CHORUS_WORKS_REFUSAL_ROUTING_ERROR = 0,  /* erreur dans les données d'acheminement */
  CHORUS_WORKS_REFUSAL_OTHER,              /* autre motif: only on a décompte général */
} ChorusWorksRefusal;

#define CHORUS_WORKS_ERROR (chorus_works_error_quark ())
typedef enum {
  CHORUS_WORKS_ERROR_NOT_WORKS,      /* the cadre is not a works cadre */
  CHORUS_WORKS_ERROR_ROLE,           /* this role may not do this on this piece */
  CHORUS_WORKS_ERROR_STATUS,         /* not in the piece's current status */
  CHORUS_WORKS_ERROR_REFUSAL,        /* refusal for a reason the rules forbid */
  CHORUS_WORKS_ERROR_MOTIF,          /* a motif is required */
  CHORUS_WORKS_ERROR_CADRE,          /* this cadre may not be deposited this way */
} ChorusWorksError;

GQuark             chorus_works_error_quark         (void);

/* Who deposits a piece of this cadre (FOURNISSEUR, MOE or MOA), and to whom it is made available.
 * CHORUS_ROLE_UNKNOWN for cadres that are not pieces of a works dossier (A1-A3, A9, A12, A21). */
ChorusRole         chorus_works_cadre_depositor     (ChorusCadre          cadre);
ChorusRole         chorus_works_cadre_receiver      (ChorusCadre          cadre);
/* TRUE when @cadre may be deposited on @channel, as a first piece (@association FALSE) or
 * associated to a previous piece of the dossier (@association TRUE). */
gboolean           chorus_works_cadre_can_deposit   (ChorusCadre          cadre,
                                                     ChorusDepositChannel channel,
                                                     gboolean             association);
/* The cadres @role may deposit as a first piece on @channel, in table order. */
gsize              chorus_works_initial_cadres      (ChorusRole           role,
                                                     ChorusDepositChannel channel,
                                                     ChorusCadre         *cadres,
                                                     gsize                max_cadres);
/* The cadres @role may associate after a piece of cadre @previous (the chain of the dossier). */
gsize              chorus_works_next_cadres         (ChorusCadre          previous,
                                                     ChorusRole           role,
                                                     ChorusDepositChannel channel,
                                                     ChorusCadre         *cadres,
                                                     gsize                max_cadres);
/* TRUE if some piece may follow @cadre in a dossier. */
gboolean           chorus_works_cadre_has_next      (ChorusCadre          cadre);

/* Status of a piece just deposited: made available to its receiver. */
ChorusWorksStatus  chorus_works_status_after_deposit (ChorusCadre         cadre);
/* TRUE if a piece of @cadre may ever be in @status. */
gboolean           chorus_works_cadre_allows_status (ChorusCadre          cadre,
                                                     ChorusWorksStatus    status);
/* TRUE when nothing can happen to a piece in @status any more. */
gboolean           chorus_works_status_is_final     (ChorusWorksStatus    status);

/* Checks that @role may do @action on a piece of @cadre in @status. @refusal is read for
 * REFUSE only; @motif is required for SUSPEND and REFUSE. Sets a French message on failure. */
gboolean           chorus_works_check_action        (ChorusWorksAction    action,
                                                     ChorusRole           role,
                                                     ChorusCadre          cadre,
                                                     ChorusWorksStatus    status,
                                                     ChorusWorksRefusal   refusal,
                                                     const char          *motif,
                                                     GError             **error);
/* The actions @role may do now on the piece, in display order. */
gsize              chorus_works_available_actions   (ChorusRole           role,
                                                     ChorusCadre          cadre,
                                                     ChorusWorksStatus    status,
                                                     ChorusWorksAction   *actions,
                                                     gsize                max_actions);
/* The piece's status once @action succeeded (ASSOCIATE: the previous piece's status). */
ChorusWorksStatus  chorus_works_status_after_action (ChorusWorksAction    action,
                                                     ChorusCadre          cadre,
                                                     ChorusWorksStatus    status);
/* TRUE if the piece belongs in @role's Synthèse (it waits for something @role must do). */
gboolean           chorus_works_needs_action        (ChorusRole           role,
                                                     ChorusCadre          cadre,
                                                     ChorusWorksStatus    status);

const char        *chorus_works_action_label        (ChorusWorksAction    action);
const char        *chorus_deposit_channel_label     (ChorusDepositChannel channel);

G_END_DECLS
