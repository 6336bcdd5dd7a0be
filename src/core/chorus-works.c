/* chorus-works.c: one table per cadre (who deposits, to whom, on which channel) and the dossier chain. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-works.h"

G_DEFINE_QUARK (chorus-works-error-quark, chorus_works_error)

/* Deposit channels as bits: initial deposit and association, per channel. */
#define EDI_I  (1u << 0)
#define EDI_A  (1u << 1)
#define PTL_I  (1u << 2)
#define PTL_A  (1u << 3)
#define SVC_I  (1u << 4)
#define SVC_A  (1u << 5)
#define ALL_INITIAL (EDI_I | PTL_I | SVC_I)

typedef struct {
  ChorusCadre cadre;
  ChorusRole  depositor;
  ChorusRole  receiver;
  guint       channels;
  gboolean    general_statement;  /* a décompte général: may be refused for another motive */
} CadreRule;

/* From the AIFE webinar for maîtres d'œuvre, table "Les cadres de facturation" by deposit mode.
 * A9 and A12 (a subcontractor's or co-contractor's invoice) are ordinary invoices with a validator,
 * not pieces of a dossier; A11, missing from that table, is treated like its co-contractor twin A14.
 * Receivers follow the webinar's statuses: the MOA gets the MOE's états d'acompte and projets de
 * décompte général (and pieces for its financial service, A6, A16); the supplier gets what the
 * MOA validated (A19, A20, A25); the MOE gets the supplier's projets de décompte. */
static const CadreRule cadre_rules[] = {
  { CHORUS_CADRE_A4,  CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A5,  CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA,          PTL_I | SVC_I,                        FALSE },
  { CHORUS_CADRE_A6,  CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A7,  CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A8,  CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA,          ALL_INITIAL | PTL_A | SVC_A,          TRUE },
  { CHORUS_CADRE_A10, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A11, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A13, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A14, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE,          ALL_INITIAL,                          FALSE },
  { CHORUS_CADRE_A15, CHORUS_ROLE_MOE,         CHORUS_ROLE_MOA,          PTL_I | PTL_A | SVC_I | SVC_A,        FALSE },
  { CHORUS_CADRE_A16, CHORUS_ROLE_MOE,         CHORUS_ROLE_MOA,          PTL_I | SVC_I,                        FALSE },
  { CHORUS_CADRE_A17, CHORUS_ROLE_MOE,         CHORUS_ROLE_MOA,          PTL_I | PTL_A | SVC_I | SVC_A,        FALSE },
  { CHORUS_CADRE_A18, CHORUS_ROLE_MOE,         CHORUS_ROLE_FOURNISSEUR,  PTL_I | SVC_I,                        TRUE },
  { CHORUS_CADRE_A19, CHORUS_ROLE_MOA,         CHORUS_ROLE_FOURNISSEUR,  PTL_I | PTL_A | SVC_I | SVC_A,        FALSE },
  { CHORUS_CADRE_A20, CHORUS_ROLE_MOA,         CHORUS_ROLE_FOURNISSEUR,  PTL_I | PTL_A | SVC_I | SVC_A,        TRUE },
  { CHORUS_CADRE_A22, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA,          ALL_INITIAL | PTL_A | SVC_A,          FALSE },
  { CHORUS_CADRE_A23, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA,          PTL_A | SVC_A,                        TRUE },
  { CHORUS_CADRE_A24, CHORUS_ROLE_MOE,         CHORUS_ROLE_MOA,          PTL_I | PTL_A | SVC_I | SVC_A,        TRUE },
  { CHORUS_CADRE_A25, CHORUS_ROLE_MOA,         CHORUS_ROLE_FOURNISSEUR,  PTL_A | SVC_A,                        TRUE },
};

typedef struct {
  ChorusCadre previous;
  ChorusCadre next;
  ChorusRole  role;        /* who associates @next to @previous */
} ChainLink;

/* The dossier de facturation. During the contract: projet de décompte mensuel (A4, or a
 * co/subcontractor's piece) → état d'acompte by the MOE (A15) → état d'acompte validé by the
 * MOA (A19), which is paid. At the end: projet de décompte final (A7) → projet de
 * décompte général (A17) → décompte général (A20) → signed décompte général et définitif (A8).
 * Tacit procedure: when the MOA stays silent the supplier sends A22, which becomes a DGD
 * tacite (A23 by the supplier, A24 by the MOE or A25 by the MOA). */
static const ChainLink chain[] = {
  { CHORUS_CADRE_A4,  CHORUS_CADRE_A15, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A10, CHORUS_CADRE_A15, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A13, CHORUS_CADRE_A15, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A5,  CHORUS_CADRE_A19, CHORUS_ROLE_MOA },
  { CHORUS_CADRE_A15, CHORUS_CADRE_A19, CHORUS_ROLE_MOA },
  { CHORUS_CADRE_A7,  CHORUS_CADRE_A17, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A11, CHORUS_CADRE_A17, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A14, CHORUS_CADRE_A17, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A7,  CHORUS_CADRE_A22, CHORUS_ROLE_FOURNISSEUR },
  { CHORUS_CADRE_A17, CHORUS_CADRE_A20, CHORUS_ROLE_MOA },
  { CHORUS_CADRE_A17, CHORUS_CADRE_A22, CHORUS_ROLE_FOURNISSEUR },
  { CHORUS_CADRE_A18, CHORUS_CADRE_A8,  CHORUS_ROLE_FOURNISSEUR },
  { CHORUS_CADRE_A20, CHORUS_CADRE_A8,  CHORUS_ROLE_FOURNISSEUR },
  { CHORUS_CADRE_A22, CHORUS_CADRE_A23, CHORUS_ROLE_FOURNISSEUR },
  { CHORUS_CADRE_A22, CHORUS_CADRE_A24, CHORUS_ROLE_MOE },
  { CHORUS_CADRE_A22, CHORUS_CADRE_A25, CHORUS_ROLE_MOA },
};

static const CadreRule *
find_rule (ChorusCadre cadre)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cadre_rules); i++)
    if (cadre_rules[i].cadre == cadre)
      return &cadre_rules[i];
  return NULL;
}

static guint
channel_bit (ChorusDepositChannel channel,
             gboolean             association)
{
  switch (channel)
    {
    case CHORUS_DEPOSIT_CHANNEL_EDI:
      return association ? EDI_A : EDI_I;
    case CHORUS_DEPOSIT_CHANNEL_PORTAL:
      return association ? PTL_A : PTL_I;
    case CHORUS_DEPOSIT_CHANNEL_SERVICE:
      return association ? SVC_A : SVC_I;
    case CHORUS_DEPOSIT_CHANNEL_LAST:
    default:
      return 0;
    }
}

ChorusRole
chorus_works_cadre_depositor (ChorusCadre cadre)
{
  const CadreRule *rule = find_rule (cadre);

  return rule ? rule->depositor : CHORUS_ROLE_UNKNOWN;
}

ChorusRole
chorus_works_cadre_receiver (ChorusCadre cadre)
{
  const CadreRule *rule = find_rule (cadre);

  return rule ? rule->receiver : CHORUS_ROLE_UNKNOWN;
}

gboolean
chorus_works_cadre_can_deposit (ChorusCadre          cadre,
                                ChorusDepositChannel channel,
                                gboolean             association)
{
  const CadreRule *rule = find_rule (cadre);

  return rule != NULL && (rule->channels & channel_bit (channel, association)) != 0;
}

gsize
chorus_works_initial_cadres (ChorusRole           role,
                             ChorusDepositChannel channel,
                             ChorusCadre         *cadres,
                             gsize                max_cadres)
{
  gsize n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (cadre_rules); i++)
    {
      const CadreRule *rule = &cadre_rules[i];

      if (rule->depositor != role || (rule->channels & channel_bit (channel, FALSE)) == 0)
        continue;
      if (n < max_cadres)
        cadres[n] = rule->cadre;
      n++;
    }
  return MIN (n, max_cadres);
}

gsize
chorus_works_next_cadres (ChorusCadre          previous,
                          ChorusRole           role,
                          ChorusDepositChannel channel,
                          ChorusCadre         *cadres,
                          gsize                max_cadres)
{
  gsize n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (chain); i++)
    {
      if (chain[i].previous != previous || chain[i].role != role)
        continue;
      if (!chorus_works_cadre_can_deposit (chain[i].next, channel, TRUE))
        continue;
      if (n < max_cadres)
        cadres[n] = chain[i].next;
      n++;
    }
  return MIN (n, max_cadres);
}

gboolean
chorus_works_cadre_has_next (ChorusCadre cadre)
{
  for (gsize i = 0; i < G_N_ELEMENTS (chain); i++)
    if (chain[i].previous == cadre)
      return TRUE;
  return FALSE;
}

static gboolean
role_may_associate (ChorusRole  role,
                    ChorusCadre cadre)
{
  for (gsize i = 0; i < G_N_ELEMENTS (chain); i++)
    if (chain[i].previous == cadre && chain[i].role == role)
      return TRUE;
  return FALSE;
}

ChorusWorksStatus
chorus_works_status_after_deposit (ChorusCadre cadre)
{
  switch (chorus_works_cadre_receiver (cadre))
    {
    case CHORUS_ROLE_MOE:
      return CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE;
    case CHORUS_ROLE_MOA:
      return CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOA;
    case CHORUS_ROLE_FOURNISSEUR:
      return CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_FOURNISSEUR;
    case CHORUS_ROLE_DESTINATAIRE:
    case CHORUS_ROLE_UNKNOWN:
    case CHORUS_ROLE_VALIDATEUR:
    case CHORUS_ROLE_LAST:
    default:
      return CHORUS_WORKS_STATUS_UNKNOWN;
    }
}

/* The status in which the receiver has the piece in hand. */
static gboolean
is_available_to_receiver (ChorusCadre       cadre,
                          ChorusWorksStatus status)
{
  return status == chorus_works_status_after_deposit (cadre) || status == CHORUS_WORKS_STATUS_COMPLETEE;
}

gboolean
chorus_works_cadre_allows_status (ChorusCadre       cadre,
                                  ChorusWorksStatus status)
{
  const CadreRule *rule = find_rule (cadre);

  if (rule == NULL)
    return FALSE;

  switch (status)
    {
    case CHORUS_WORKS_STATUS_DEPOSEE:
    case CHORUS_WORKS_STATUS_PRISE_EN_COMPTE:
    case CHORUS_WORKS_STATUS_REFUSEE:
    case CHORUS_WORKS_STATUS_SUSPENDUE:
    case CHORUS_WORKS_STATUS_COMPLETEE:
      return TRUE;
    case CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOE:
    case CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_MOA:
    case CHORUS_WORKS_STATUS_MISE_A_DISPOSITION_FOURNISSEUR:
      return status == chorus_works_status_after_deposit (cadre);
    case CHORUS_WORKS_STATUS_ASSOCIEE:
      return chorus_works_cadre_has_next (cadre);
    case CHORUS_WORKS_STATUS_MISE_EN_PAIEMENT:
      /* Only the last piece of a dossier is paid. */
      return !chorus_works_cadre_has_next (cadre);
    case CHORUS_WORKS_STATUS_UNKNOWN:
    case CHORUS_WORKS_STATUS_LAST:
    default:
      return FALSE;
    }
}

gboolean
chorus_works_status_is_final (ChorusWorksStatus status)
{
  return status == CHORUS_WORKS_STATUS_ASSOCIEE || status == CHORUS_WORKS_STATUS_REFUSEE ||
         status == CHORUS_WORKS_STATUS_MISE_EN_PAIEMENT;
}

gboolean
chorus_works_check_action (ChorusWorksAction   action,
                           ChorusRole          role,
                           ChorusCadre         cadre,
                           ChorusWorksStatus   status,
                           ChorusWorksRefusal  refusal,
                           const char         *motif,
                           GError            **error)
{
  const CadreRule *rule = find_rule (cadre);
  gboolean needs_motif = action == CHORUS_WORKS_ACTION_SUSPEND || action == CHORUS_WORKS_ACTION_REFUSE ||
                         action == CHORUS_WORKS_ACTION_COMPLETE;
  g_autofree char *trimmed = g_strstrip (g_strdup (motif ? motif : ""));

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rule == NULL)
    {
      g_set_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_NOT_WORKS,
                   _("The billing framework %s is not a works contract framework."),
                   chorus_cadre_short_code (cadre));
      return FALSE;
    }

  switch (action)
    {
    case CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT:
    case CHORUS_WORKS_ACTION_SUSPEND:
    case CHORUS_WORKS_ACTION_REFUSE:
      if (role != rule->receiver)
        {
          g_set_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_ROLE,
                       _("Only the receiver of this piece (%s) may process it."),
                       chorus_role_label (rule->receiver));
          return FALSE;
        }
      if (!is_available_to_receiver (cadre, status))
        {
          g_set_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_STATUS,
                       _("A piece in status “%s” cannot be processed."),
                       chorus_works_status_label (status));
          return FALSE;
        }
      if (action == CHORUS_WORKS_ACTION_REFUSE && refusal != CHORUS_WORKS_REFUSAL_ROUTING_ERROR &&
          !rule->general_statement)
        {
          g_set_error_literal (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_REFUSAL,
                               _("A piece may only be refused for an error in its routing data. "
                                 "If amounts are disputed, deposit the next piece with the corrected amounts; "
                                 "if information is missing, suspend it."));
          return FALSE;
        }
      break;

    case CHORUS_WORKS_ACTION_COMPLETE:
      if (role != rule->depositor)
        {
          g_set_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_ROLE,
                       _("Only the depositor of this piece (%s) may complete it."),
                       chorus_role_label (rule->depositor));
          return FALSE;
        }
      if (status != CHORUS_WORKS_STATUS_SUSPENDUE)
        {
          g_set_error_literal (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_STATUS,
                               _("Only a suspended piece can be completed."));
          return FALSE;
        }
      break;

    case CHORUS_WORKS_ACTION_ASSOCIATE:
      if (!role_may_associate (role, cadre))
        {
          g_set_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_ROLE,
                       _("No piece can be associated by the %s after a piece of framework %s."),
                       chorus_role_label (role), chorus_cadre_short_code (cadre));
          return FALSE;
        }
      if (!is_available_to_receiver (cadre, status) && status != CHORUS_WORKS_STATUS_PRISE_EN_COMPTE)
        {
          g_set_error (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_STATUS,
                       _("No piece can be associated to a piece in status “%s”."),
                       chorus_works_status_label (status));
          return FALSE;
        }
      break;

    case CHORUS_WORKS_ACTION_LAST:
    default:
      g_return_val_if_reached (FALSE);
    }

  if (needs_motif && *trimmed == '\0')
    {
      g_set_error_literal (error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_MOTIF,
                           action == CHORUS_WORKS_ACTION_COMPLETE
                           ? _("Say what you added to complete the piece.")
                           : _("A reason is required to suspend or refuse a piece."));
      return FALSE;
    }
  return TRUE;
}

gsize
chorus_works_available_actions (ChorusRole         role,
                                ChorusCadre        cadre,
                                ChorusWorksStatus  status,
                                ChorusWorksAction *actions,
                                gsize              max_actions)
{
  static const ChorusWorksAction order[] = {
    CHORUS_WORKS_ACTION_ASSOCIATE, CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT, CHORUS_WORKS_ACTION_SUSPEND,
    CHORUS_WORKS_ACTION_REFUSE, CHORUS_WORKS_ACTION_COMPLETE,
  };
  gsize n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    {
      /* A placeholder motif: here we only ask whether the action exists. */
      if (!chorus_works_check_action (order[i], role, cadre, status, CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                                      "-", NULL))
        continue;
      if (n < max_actions)
        actions[n] = order[i];
      n++;
    }
  return MIN (n, max_actions);
}

ChorusWorksStatus
chorus_works_status_after_action (ChorusWorksAction action,
                                  ChorusCadre       cadre,
                                  ChorusWorksStatus status)
{
  switch (action)
    {
    case CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT:
      return CHORUS_WORKS_STATUS_PRISE_EN_COMPTE;
    case CHORUS_WORKS_ACTION_SUSPEND:
      return CHORUS_WORKS_STATUS_SUSPENDUE;
    case CHORUS_WORKS_ACTION_REFUSE:
      return CHORUS_WORKS_STATUS_REFUSEE;
    case CHORUS_WORKS_ACTION_COMPLETE:
      return CHORUS_WORKS_STATUS_COMPLETEE;
    case CHORUS_WORKS_ACTION_ASSOCIATE:
      return CHORUS_WORKS_STATUS_ASSOCIEE;
    case CHORUS_WORKS_ACTION_LAST:
    default:
      return status;
    }
}

gboolean
chorus_works_needs_action (ChorusRole        role,
                           ChorusCadre       cadre,
                           ChorusWorksStatus status)
{
  const CadreRule *rule = find_rule (cadre);

  if (rule == NULL)
    return FALSE;
  if (role == rule->depositor && status == CHORUS_WORKS_STATUS_SUSPENDUE)
    return TRUE;
  if (role != rule->receiver)
    return FALSE;
  if (is_available_to_receiver (cadre, status))
    return TRUE;
  /* Taken into account but the next piece is still to be deposited. */
  return status == CHORUS_WORKS_STATUS_PRISE_EN_COMPTE && role_may_associate (role, cadre);
}

const char *
chorus_works_action_label (ChorusWorksAction action)
{
  switch (action)
    {
    case CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT:
      return _("Take into account");
    case CHORUS_WORKS_ACTION_SUSPEND:
      return _("Suspend");
    case CHORUS_WORKS_ACTION_REFUSE:
      return _("Refuse");
    case CHORUS_WORKS_ACTION_COMPLETE:
      return _("Complete");
    case CHORUS_WORKS_ACTION_ASSOCIATE:
      return _("Associate the next piece");
    case CHORUS_WORKS_ACTION_LAST:
    default:
      return _("Unknown");
    }
}

const char *
chorus_deposit_channel_label (ChorusDepositChannel channel)
{
  switch (channel)
    {
    case CHORUS_DEPOSIT_CHANNEL_EDI:
      return _("EDI");
    case CHORUS_DEPOSIT_CHANNEL_PORTAL:
      return _("PDF on the portal");
    case CHORUS_DEPOSIT_CHANNEL_SERVICE:
      return _("PDF or data through the API");
    case CHORUS_DEPOSIT_CHANNEL_LAST:
    default:
      return _("Unknown");
    }
}
