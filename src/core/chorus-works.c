/* chorus-works.c: one table per cadre (type, who deposits, to whom, on which channel), the dossier chain, the holders. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-deposit-rules.h"
#include "chorus-works.h"

G_DEFINE_QUARK (chorus-works-error-quark, chorus_works_error)

/* --- typeFactureTravaux ------------------------------------------------------------------- */

static const struct {
  ChorusWorksType  type;
  const char      *api;
  const char      *label;
} type_table[] = {
  { CHORUS_WORKS_TYPE_DP_SOUSTRAITANT, "DP_DE_SOUSTRAITANT_TRAVAUX", N_("Subcontractor's payment request") },
  { CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL, "PROJET_DECOMPTE_MENSUEL", N_("Draft monthly statement") },
  { CHORUS_WORKS_TYPE_ETAT_ACOMPTE, "ETAT_ACOMPTE", N_("Down-payment statement") },
  { CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE, "ETAT_ACOMPTE_VALIDE", N_("Validated down-payment statement") },
  { CHORUS_WORKS_TYPE_PROJET_DECOMPTE_FINAL, "PROJET_DECOMPTE_FINAL", N_("Draft final statement") },
  { CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL, "PROJET_DECOMPTE_GENERAL", N_("Draft general statement") },
  { CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL_TACITE, "PROJET_DECOMPTE_GENERAL_PROCEDURE_TACITE",
    N_("Draft general statement (tacit procedure)") },
  { CHORUS_WORKS_TYPE_DECOMPTE_GENERAL, "DECOMPTE_GENERAL", N_("General statement") },
  { CHORUS_WORKS_TYPE_DECOMPTE_GENERAL_SIGNE, "DECOMPTE_GENERAL_SIGNE", N_("Signed general statement") },
  { CHORUS_WORKS_TYPE_DGD_TACITE, "DECOMPTE_GENERAL_DEFINITIF_TACITE", N_("Tacit final general statement") },
  { CHORUS_WORKS_TYPE_DGD_PROCEDURE_TACITE, "DECOMPTE_GENERAL_DEFINITIF_PROCEDURE_TACITE",
    N_("Final general statement (tacit procedure)") },
};

const char *
chorus_works_type_to_api (ChorusWorksType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (type_table); i++)
    if (type_table[i].type == type)
      return type_table[i].api;
  return NULL;
}

ChorusWorksType
chorus_works_type_from_api (const char *api)
{
  for (gsize i = 0; api != NULL && i < G_N_ELEMENTS (type_table); i++)
    if (g_str_equal (type_table[i].api, api))
      return type_table[i].type;
  return CHORUS_WORKS_TYPE_UNKNOWN;
}

const char *
chorus_works_type_label (ChorusWorksType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (type_table); i++)
    if (type_table[i].type == type)
      return g_dgettext (GETTEXT_PACKAGE, type_table[i].label);
  return g_dgettext (GETTEXT_PACKAGE, N_("Unknown"));
}

/* --- cadres ----------------------------------------------------------------------------- */

/* Deposit channels as bits: initial deposit and association, per channel. */
#define EDI_I  (1u << 0)
#define EDI_A  (1u << 1)
#define PTL_I  (1u << 2)
#define PTL_A  (1u << 3)
#define SVC_I  (1u << 4)
#define SVC_A  (1u << 5)
#define ALL_I  (EDI_I | PTL_I | SVC_I)
#define WEB_IA (PTL_I | PTL_A | SVC_I | SVC_A)

typedef struct {
  ChorusCadre     cadre;
  ChorusWorksType type;
  ChorusRole      depositor;
  ChorusRole      receiver;
  guint           channels;
} CadreRule;

/* The webinar's table "Les cadres de facturation", row by row: ✓ in a column sets its bit; ✗
 * and N/A do not. A9, A11, A12 and A21 are not in that table: they are ordinary invoices.
 * Receivers follow the webinar's statuses and the CCAG chain: a supplier's projet de décompte
 * goes to the MOE, the MOE's état d'acompte and projet de décompte général to the MOA, the
 * décompte général to the supplier to sign, and the pieces that are paid (état d'acompte
 * validé, décompte général signé, the DGD of the tacit procedure) to the financial service. */
static const CadreRule cadre_rules[] = {
  { CHORUS_CADRE_A4,  CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, ALL_I },
  { CHORUS_CADRE_A5,  CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA, PTL_I | SVC_I },
  { CHORUS_CADRE_A6,  CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_DESTINATAIRE, ALL_I },
  { CHORUS_CADRE_A7,  CHORUS_WORKS_TYPE_PROJET_DECOMPTE_FINAL, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, ALL_I },
  { CHORUS_CADRE_A8,  CHORUS_WORKS_TYPE_DECOMPTE_GENERAL_SIGNE, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_DESTINATAIRE,
    ALL_I | PTL_A | SVC_A },
  { CHORUS_CADRE_A10, CHORUS_WORKS_TYPE_DP_SOUSTRAITANT, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, ALL_I },
  { CHORUS_CADRE_A13, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_MENSUEL, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, ALL_I },
  { CHORUS_CADRE_A14, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_FINAL, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, ALL_I },
  { CHORUS_CADRE_A15, CHORUS_WORKS_TYPE_ETAT_ACOMPTE, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA, WEB_IA },
  { CHORUS_CADRE_A16, CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE, CHORUS_ROLE_MOE, CHORUS_ROLE_DESTINATAIRE, PTL_I | SVC_I },
  { CHORUS_CADRE_A17, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA, WEB_IA },
  { CHORUS_CADRE_A18, CHORUS_WORKS_TYPE_DECOMPTE_GENERAL, CHORUS_ROLE_MOE, CHORUS_ROLE_FOURNISSEUR, PTL_I | SVC_I },
  { CHORUS_CADRE_A19, CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE, CHORUS_ROLE_MOA, CHORUS_ROLE_DESTINATAIRE, WEB_IA },
  { CHORUS_CADRE_A20, CHORUS_WORKS_TYPE_DECOMPTE_GENERAL, CHORUS_ROLE_MOA, CHORUS_ROLE_FOURNISSEUR, WEB_IA },
  { CHORUS_CADRE_A22, CHORUS_WORKS_TYPE_PROJET_DECOMPTE_GENERAL_TACITE, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA,
    ALL_I | PTL_A | SVC_A },
  { CHORUS_CADRE_A23, CHORUS_WORKS_TYPE_DGD_TACITE, CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_DESTINATAIRE, PTL_A | SVC_A },
  { CHORUS_CADRE_A24, CHORUS_WORKS_TYPE_DGD_TACITE, CHORUS_ROLE_MOE, CHORUS_ROLE_DESTINATAIRE, WEB_IA },
  { CHORUS_CADRE_A25, CHORUS_WORKS_TYPE_DGD_PROCEDURE_TACITE, CHORUS_ROLE_MOA, CHORUS_ROLE_DESTINATAIRE, PTL_A | SVC_A },
};

typedef struct {
  ChorusCadre previous;
  ChorusCadre next;
  ChorusRole  role;        /* who associates @next to @previous */
  gboolean    on_silence;  /* tacit procedure: allowed while another party holds @previous */
} ChainLink;

/* The dossier de facturation (webinar, "Processus en cours / en fin de marché" and the
 * ASSOCIEE row of the statuses). During the contract: projet de décompte mensuel (A4, or a
 * subcontractor's or co-contractor's piece) → état d'acompte by the MOE (A15) → état d'acompte
 * validé by the MOA (A19), which is paid; a supplier's own état d'acompte (A5) goes to the MOA
 * directly. At the end: projet de décompte final (A7, A14) → projet de décompte général (A17)
 * → décompte général (A20; A18 when the MOE issues it) → décompte général signé (A8). When the
 * MOE or the MOA stays silent, the supplier replaces the waiting piece by a projet de décompte
 * général of the tacit procedure (A22), which ends as a DGD tacite by whoever deposits it. */
static const ChainLink chain[] = {
  { CHORUS_CADRE_A4,  CHORUS_CADRE_A15, CHORUS_ROLE_MOE, FALSE },
  { CHORUS_CADRE_A10, CHORUS_CADRE_A15, CHORUS_ROLE_MOE, FALSE },
  { CHORUS_CADRE_A13, CHORUS_CADRE_A15, CHORUS_ROLE_MOE, FALSE },
  { CHORUS_CADRE_A5,  CHORUS_CADRE_A19, CHORUS_ROLE_MOA, FALSE },
  { CHORUS_CADRE_A15, CHORUS_CADRE_A19, CHORUS_ROLE_MOA, FALSE },
  { CHORUS_CADRE_A7,  CHORUS_CADRE_A17, CHORUS_ROLE_MOE, FALSE },
  { CHORUS_CADRE_A14, CHORUS_CADRE_A17, CHORUS_ROLE_MOE, FALSE },
  { CHORUS_CADRE_A17, CHORUS_CADRE_A20, CHORUS_ROLE_MOA, FALSE },
  { CHORUS_CADRE_A18, CHORUS_CADRE_A8,  CHORUS_ROLE_FOURNISSEUR, FALSE },
  { CHORUS_CADRE_A20, CHORUS_CADRE_A8,  CHORUS_ROLE_FOURNISSEUR, FALSE },
  { CHORUS_CADRE_A7,  CHORUS_CADRE_A22, CHORUS_ROLE_FOURNISSEUR, TRUE },
  { CHORUS_CADRE_A17, CHORUS_CADRE_A22, CHORUS_ROLE_FOURNISSEUR, TRUE },
  { CHORUS_CADRE_A22, CHORUS_CADRE_A23, CHORUS_ROLE_FOURNISSEUR, TRUE },
  { CHORUS_CADRE_A22, CHORUS_CADRE_A24, CHORUS_ROLE_MOE, TRUE },
  { CHORUS_CADRE_A22, CHORUS_CADRE_A25, CHORUS_ROLE_MOA, FALSE },
};

/* The refusal statuses: who erred in the routing data, seen by whom. */
static const struct {
  ChorusRole   depositor;
  ChorusRole   receiver;
  ChorusStatus status;
} routing_errors[] = {
  { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE },
  { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOA, CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA },
  { CHORUS_ROLE_MOE, CHORUS_ROLE_MOA, CHORUS_STATUS_ERREUR_MOE_SUR_MOA },
  { CHORUS_ROLE_MOE, CHORUS_ROLE_FOURNISSEUR, CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR },
  { CHORUS_ROLE_MOA, CHORUS_ROLE_FOURNISSEUR, CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR },
};

/* How a status places the piece: with whom, and why. */
typedef enum {
  PLACE_NONE = 0,       /* done, refused, or with the financial service */
  PLACE_RECEIVER,       /* made available: its receiver processes it */
  PLACE_SUSPENDED,      /* back with its depositor, to complete */
  PLACE_TO_RECYCLE,     /* back with its depositor, to recycle */
  PLACE_WAITING,        /* waits for the previous piece to be recycled */
} Place;

static const struct {
  ChorusStatus status;
  Place        place;
  ChorusRole   named;     /* the role the code itself names, if any */
} status_places[] = {
  { CHORUS_STATUS_MISE_A_DISPOSITION_MOE, PLACE_RECEIVER, CHORUS_ROLE_MOE },
  { CHORUS_STATUS_PRISE_EN_COMPTE_MOE, PLACE_RECEIVER, CHORUS_ROLE_MOE },
  { CHORUS_STATUS_A_ASSOCIER_MOE, PLACE_RECEIVER, CHORUS_ROLE_MOE },
  { CHORUS_STATUS_A_VALIDER_MOE, PLACE_RECEIVER, CHORUS_ROLE_MOE },
  { CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE, PLACE_RECEIVER, CHORUS_ROLE_MOE },
  { CHORUS_STATUS_MISE_A_DISPOSITION_MOA, PLACE_RECEIVER, CHORUS_ROLE_MOA },
  { CHORUS_STATUS_PRISE_EN_COMPTE_MOA, PLACE_RECEIVER, CHORUS_ROLE_MOA },
  { CHORUS_STATUS_A_ASSOCIER_MOA, PLACE_RECEIVER, CHORUS_ROLE_MOA },
  { CHORUS_STATUS_TRANSMISE_MOA, PLACE_RECEIVER, CHORUS_ROLE_MOA },
  { CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR, PLACE_RECEIVER, CHORUS_ROLE_FOURNISSEUR },
  { CHORUS_STATUS_COMPLETEE, PLACE_RECEIVER, CHORUS_ROLE_UNKNOWN },
  { CHORUS_STATUS_SUSPENDUE, PLACE_SUSPENDED, CHORUS_ROLE_UNKNOWN },
  { CHORUS_STATUS_A_COMPLETER, PLACE_SUSPENDED, CHORUS_ROLE_UNKNOWN },
  { CHORUS_STATUS_A_RECYCLER, PLACE_TO_RECYCLE, CHORUS_ROLE_UNKNOWN },
  { CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR, PLACE_WAITING, CHORUS_ROLE_UNKNOWN },
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

static Place
place_of (ChorusStatus status, ChorusRole *named)
{
  for (gsize i = 0; i < G_N_ELEMENTS (status_places); i++)
    if (status_places[i].status == status)
      {
        if (named != NULL)
          *named = status_places[i].named;
        return status_places[i].place;
      }
  if (named != NULL)
    *named = CHORUS_ROLE_UNKNOWN;
  return PLACE_NONE;
}

gboolean
chorus_works_cadre_is_piece (ChorusCadre cadre)
{
  return find_rule (cadre) != NULL;
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

ChorusWorksType
chorus_works_cadre_type (ChorusCadre cadre)
{
  const CadreRule *rule = find_rule (cadre);

  return rule ? rule->type : CHORUS_WORKS_TYPE_UNKNOWN;
}

ChorusCadre
chorus_works_cadre_for (ChorusWorksType type,
                        ChorusRole      depositor)
{
  /* Table order puts the contract holder's cadre before the co-contractor's. */
  for (gsize i = 0; i < G_N_ELEMENTS (cadre_rules); i++)
    if (cadre_rules[i].type == type && cadre_rules[i].depositor == depositor)
      return cadre_rules[i].cadre;
  return CHORUS_CADRE_UNKNOWN;
}

gsize
chorus_works_type_depositors (ChorusWorksType  type,
                              ChorusRole      *roles,
                              gsize            max_roles)
{
  gsize n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (cadre_rules); i++)
    {
      gboolean seen = FALSE;

      if (cadre_rules[i].type != type)
        continue;
      for (gsize k = 0; k < MIN (n, max_roles); k++)
        seen |= roles[k] == cadre_rules[i].depositor;
      if (seen)
        continue;
      if (n < max_roles)
        roles[n] = cadre_rules[i].depositor;
      n++;
    }
  return MIN (n, max_roles);
}

/* The depositor a routing-error status names: ERREUR_<depositor>_SUR_<receiver>. */
static ChorusRole
depositor_named_by (ChorusStatus status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (routing_errors); i++)
    if (routing_errors[i].status == status)
      return routing_errors[i].depositor;
  return CHORUS_ROLE_UNKNOWN;
}

ChorusCadre
chorus_works_guess_cadre (ChorusWorksType  type,
                          ChorusStatus     status,
                          ChorusCadre      previous_cadre,
                          gboolean        *certain)
{
  ChorusRole roles[CHORUS_ROLE_LAST];
  gsize n = chorus_works_type_depositors (type, roles, G_N_ELEMENTS (roles));
  ChorusRole named = CHORUS_ROLE_UNKNOWN;
  ChorusRole depositor;
  ChorusCadre cadre = CHORUS_CADRE_UNKNOWN;
  gboolean sure = TRUE;

  if (n == 0)
    {
      if (certain != NULL)
        *certain = FALSE;
      return CHORUS_CADRE_UNKNOWN;
    }

  depositor = depositor_named_by (status);
  if (depositor != CHORUS_ROLE_UNKNOWN)
    cadre = chorus_works_cadre_for (type, depositor);

  /* The previous piece's cadre leaves one possible link. */
  for (gsize i = 0; cadre == CHORUS_CADRE_UNKNOWN && previous_cadre != CHORUS_CADRE_UNKNOWN &&
                    i < G_N_ELEMENTS (chain); i++)
    if (chain[i].previous == previous_cadre && chorus_works_cadre_type (chain[i].next) == type)
      cadre = chain[i].next;

  if (cadre == CHORUS_CADRE_UNKNOWN && n == 1)
    cadre = chorus_works_cadre_for (type, roles[0]);

  /* A status naming the receiver tells the depositor when only one of them sends there. */
  if (cadre == CHORUS_CADRE_UNKNOWN && place_of (status, &named) == PLACE_RECEIVER && named != CHORUS_ROLE_UNKNOWN)
    {
      ChorusCadre match = CHORUS_CADRE_UNKNOWN;
      guint matches = 0;

      for (gsize i = 0; i < G_N_ELEMENTS (cadre_rules); i++)
        if (cadre_rules[i].type == type && cadre_rules[i].receiver == named &&
            cadre_rules[i].cadre == chorus_works_cadre_for (type, cadre_rules[i].depositor))
          {
            match = cadre_rules[i].cadre;
            matches++;
          }
      if (matches == 1)
        cadre = match;
    }

  if (cadre == CHORUS_CADRE_UNKNOWN)
    {
      /* The usual case of each shared type in the CCAG chain. */
      static const ChorusRole usual[] = {
        [CHORUS_WORKS_TYPE_ETAT_ACOMPTE] = CHORUS_ROLE_MOE,
        [CHORUS_WORKS_TYPE_ETAT_ACOMPTE_VALIDE] = CHORUS_ROLE_MOA,
        [CHORUS_WORKS_TYPE_DECOMPTE_GENERAL] = CHORUS_ROLE_MOA,
        [CHORUS_WORKS_TYPE_DGD_TACITE] = CHORUS_ROLE_MOE,
      };

      sure = FALSE;
      if ((gsize) type < G_N_ELEMENTS (usual) && usual[type] != CHORUS_ROLE_UNKNOWN)
        cadre = chorus_works_cadre_for (type, usual[type]);
      if (cadre == CHORUS_CADRE_UNKNOWN)
        cadre = chorus_works_cadre_for (type, roles[0]);
    }
  if (certain != NULL)
    *certain = sure;
  return cadre;
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

ChorusStatus
chorus_works_status_after_deposit (ChorusCadre cadre)
{
  switch (chorus_works_cadre_receiver (cadre))
    {
    case CHORUS_ROLE_MOE:
      return CHORUS_STATUS_MISE_A_DISPOSITION_MOE;
    case CHORUS_ROLE_MOA:
      return CHORUS_STATUS_MISE_A_DISPOSITION_MOA;
    case CHORUS_ROLE_FOURNISSEUR:
      /* The webinar's "mise à disposition du fournisseur": the supplier signs it by
       * associating its décompte général signé. */
      return CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR;
    case CHORUS_ROLE_DESTINATAIRE:
      return CHORUS_STATUS_MISE_A_DISPOSITION;
    case CHORUS_ROLE_UNKNOWN:
    case CHORUS_ROLE_VALIDATEUR:
    case CHORUS_ROLE_LAST:
    default:
      return CHORUS_STATUS_UNKNOWN;
    }
}

ChorusStatus
chorus_works_status_when_followed (ChorusCadre next)
{
  return next == CHORUS_CADRE_A22 ? CHORUS_STATUS_REMPLACEE_PAR_A22 : CHORUS_STATUS_ASSOCIEE;
}

ChorusStatus
chorus_works_refusal_status (ChorusCadre cadre)
{
  ChorusRole depositor = chorus_works_cadre_depositor (cadre);
  ChorusRole receiver = chorus_works_cadre_receiver (cadre);

  for (gsize i = 0; i < G_N_ELEMENTS (routing_errors); i++)
    if (routing_errors[i].depositor == depositor && routing_errors[i].receiver == receiver)
      return routing_errors[i].status;
  return CHORUS_STATUS_UNKNOWN;
}

ChorusRole
chorus_works_holder (ChorusCadre  cadre,
                     ChorusStatus status)
{
  ChorusRole named = CHORUS_ROLE_UNKNOWN;
  ChorusRole holder;

  switch (place_of (status, &named))
    {
    case PLACE_RECEIVER:
      /* The status is the platform's word on who has it; the cadre only fills a gap. */
      holder = named != CHORUS_ROLE_UNKNOWN ? named : chorus_works_cadre_receiver (cadre);
      return holder == CHORUS_ROLE_DESTINATAIRE ? CHORUS_ROLE_UNKNOWN : holder;
    case PLACE_SUSPENDED:
    case PLACE_TO_RECYCLE:
      return chorus_works_cadre_depositor (cadre);
    case PLACE_WAITING:
    case PLACE_NONE:
    default:
      return CHORUS_ROLE_UNKNOWN;
    }
}

static const ChainLink *
find_link (ChorusCadre previous, ChorusRole role, ChorusStatus status)
{
  ChorusRole holder = chorus_works_holder (previous, status);

  if (place_of (status, NULL) != PLACE_RECEIVER)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (chain); i++)
    {
      if (chain[i].previous != previous || chain[i].role != role)
        continue;
      if (!chorus_works_cadre_can_deposit (chain[i].next, CHORUS_DEPOSIT_CHANNEL_SERVICE, TRUE))
        continue;
      if (holder == role || (chain[i].on_silence && holder != CHORUS_ROLE_UNKNOWN))
        return &chain[i];
    }
  return NULL;
}

static gboolean
fail (GError **error, ChorusWorksError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, ChorusWorksError code, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (CHORUS_WORKS_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static const char *
status_text (ChorusStatus status)
{
  return status != CHORUS_STATUS_UNKNOWN ? chorus_status_label (status) : _("unknown");
}

gboolean
chorus_works_check_action (ChorusWorksAction   action,
                           ChorusRole          role,
                           ChorusCadre         cadre,
                           ChorusStatus        status,
                           ChorusCadre         previous_cadre,
                           const char         *comment,
                           gboolean            has_files,
                           GError            **error)
{
  const CadreRule *rule = find_rule (cadre);
  ChorusRole holder = chorus_works_holder (cadre, status);
  Place place = place_of (status, NULL);

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rule == NULL)
    return fail (error, CHORUS_WORKS_ERROR_NOT_WORKS, _("The billing framework of this piece is not known."));

  switch (action)
    {
    case CHORUS_WORKS_ACTION_ASSOCIATE:
      {
        ChorusCadre next[CHORUS_CADRE_LAST];

        if (find_link (cadre, role, status) != NULL)
          return TRUE;
        if (chorus_works_next_cadres (cadre, role, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next)) == 0)
          return fail (error, CHORUS_WORKS_ERROR_ROLE,
                       _("The %s deposits no piece after a piece of framework %s."),
                       chorus_role_label (role), chorus_cadre_short_code (cadre));
        return fail (error, CHORUS_WORKS_ERROR_STATUS,
                     _("The next piece can be deposited only while this piece waits for the %s (now: %s)."),
                     chorus_role_label (role), status_text (status));
      }

    case CHORUS_WORKS_ACTION_SUSPEND:
    case CHORUS_WORKS_ACTION_REFUSE:
      if (place != PLACE_RECEIVER || holder != role)
        return fail (error, CHORUS_WORKS_ERROR_STATUS,
                     _("Only the party the piece was made available to can process it (now: %s)."),
                     status_text (status));
      if (action == CHORUS_WORKS_ACTION_SUSPEND &&
          (role == CHORUS_ROLE_FOURNISSEUR || rule->depositor == CHORUS_ROLE_MOA))
        return fail (error, CHORUS_WORKS_ERROR_ROLE,
                     _("A piece of framework %s cannot be suspended: only the project manager and the "
                       "contracting authority ask the supplier or the project manager to complete a piece."),
                     chorus_cadre_short_code (cadre));
      if (action == CHORUS_WORKS_ACTION_REFUSE && chorus_works_refusal_status (cadre) == CHORUS_STATUS_UNKNOWN)
        return fail (error, CHORUS_WORKS_ERROR_ROLE, _("A piece of framework %s cannot be refused."),
                     chorus_cadre_short_code (cadre));
      if (chorus_deposit_text_is_blank (comment))
        return fail (error, CHORUS_WORKS_ERROR_MOTIF, "%s",
                     action == CHORUS_WORKS_ACTION_SUSPEND
                     ? _("Say what is missing: the depositor reads it to complete the piece.")
                     : _("Say which routing data is wrong (recipient, project manager, contracting authority or service)."));
      return TRUE;

    case CHORUS_WORKS_ACTION_ASK_RECYCLE:
      if (place != PLACE_RECEIVER || holder != role)
        return fail (error, CHORUS_WORKS_ERROR_STATUS,
                     _("Only the party the piece was made available to can ask for the previous piece to be recycled."));
      if (previous_cadre == CHORUS_CADRE_UNKNOWN)
        return fail (error, CHORUS_WORKS_ERROR_STATUS, _("This piece has no previous piece in its billing file."));
      if (chorus_works_cadre_depositor (previous_cadre) != CHORUS_ROLE_FOURNISSEUR ||
          rule->depositor == CHORUS_ROLE_FOURNISSEUR)
        return fail (error, CHORUS_WORKS_ERROR_ROLE,
                     _("Only a supplier's piece that another party followed up can be sent back to be recycled."));
      return TRUE;

    case CHORUS_WORKS_ACTION_RECYCLE:
      if (place != PLACE_TO_RECYCLE)
        return fail (error, CHORUS_WORKS_ERROR_STATUS, _("Only a piece sent back to be recycled can be recycled (now: %s)."),
                     status_text (status));
      if (role != rule->depositor)
        return fail (error, CHORUS_WORKS_ERROR_ROLE, _("Only its depositor (%s) recycles this piece."),
                     chorus_role_label (rule->depositor));
      return TRUE;

    case CHORUS_WORKS_ACTION_COMPLETE:
    case CHORUS_WORKS_ACTION_COMPLETE_MOE:
      {
        ChorusRole completer = action == CHORUS_WORKS_ACTION_COMPLETE ? CHORUS_ROLE_FOURNISSEUR : CHORUS_ROLE_MOE;

        if (place != PLACE_SUSPENDED)
          return fail (error, CHORUS_WORKS_ERROR_STATUS, _("Only a suspended piece can be completed (now: %s)."),
                       status_text (status));
        if (role != rule->depositor || role != completer)
          return fail (error, CHORUS_WORKS_ERROR_ROLE, _("Only its depositor (%s) completes this piece."),
                       chorus_role_label (rule->depositor));
        if (chorus_deposit_text_is_blank (comment) && !has_files)
          return fail (error, CHORUS_WORKS_ERROR_MOTIF, "%s",
                       _("Add the missing documents or say what you changed."));
        return TRUE;
      }

    case CHORUS_WORKS_ACTION_LAST:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gsize
chorus_works_available_actions (ChorusRole         role,
                                ChorusCadre        cadre,
                                ChorusStatus       status,
                                ChorusCadre        previous_cadre,
                                ChorusWorksAction *actions,
                                gsize              max_actions)
{
  gsize n = 0;

  for (ChorusWorksAction action = 0; action < CHORUS_WORKS_ACTION_LAST; action++)
    {
      /* A placeholder comment: here we only ask whether the action exists. */
      if (!chorus_works_check_action (action, role, cadre, status, previous_cadre, "-", TRUE, NULL))
        continue;
      if (n < max_actions)
        actions[n] = action;
      n++;
    }
  return MIN (n, max_actions);
}

ChorusStatus
chorus_works_status_after_action (ChorusWorksAction action,
                                  ChorusCadre       cadre,
                                  ChorusCadre       next_cadre,
                                  gboolean          has_next)
{
  switch (action)
    {
    case CHORUS_WORKS_ACTION_ASSOCIATE:
      return chorus_works_status_when_followed (next_cadre);
    case CHORUS_WORKS_ACTION_SUSPEND:
      return CHORUS_STATUS_SUSPENDUE;
    case CHORUS_WORKS_ACTION_REFUSE:
      return chorus_works_refusal_status (cadre);
    case CHORUS_WORKS_ACTION_ASK_RECYCLE:
      return CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR;
    case CHORUS_WORKS_ACTION_RECYCLE:
      /* Corrected in place: the chain resumes where it stood. */
      return has_next ? CHORUS_STATUS_ASSOCIEE : chorus_works_status_after_deposit (cadre);
    case CHORUS_WORKS_ACTION_COMPLETE:
    case CHORUS_WORKS_ACTION_COMPLETE_MOE:
      return CHORUS_STATUS_COMPLETEE;
    case CHORUS_WORKS_ACTION_LAST:
    default:
      return CHORUS_STATUS_UNKNOWN;
    }
}

gboolean
chorus_works_action_took_effect (ChorusWorksAction action,
                                 ChorusStatus      status)
{
  Place place = place_of (status, NULL);

  switch (action)
    {
    case CHORUS_WORKS_ACTION_ASSOCIATE:
      return status == CHORUS_STATUS_ASSOCIEE || status == CHORUS_STATUS_REMPLACEE_PAR_A22;
    case CHORUS_WORKS_ACTION_SUSPEND:
      return place == PLACE_SUSPENDED;
    case CHORUS_WORKS_ACTION_REFUSE:
      return chorus_status_works_standing (status) == CHORUS_WORKS_STANDING_REFUSED;
    case CHORUS_WORKS_ACTION_ASK_RECYCLE:
      return place == PLACE_WAITING;
    case CHORUS_WORKS_ACTION_RECYCLE:
      /* It left the state the action starts from. */
      return status != CHORUS_STATUS_UNKNOWN && place != PLACE_TO_RECYCLE;
    case CHORUS_WORKS_ACTION_COMPLETE:
    case CHORUS_WORKS_ACTION_COMPLETE_MOE:
      return status != CHORUS_STATUS_UNKNOWN && place != PLACE_SUSPENDED;
    case CHORUS_WORKS_ACTION_LAST:
    default:
      return FALSE;
    }
}

gboolean
chorus_works_needs_action (ChorusRole   role,
                           ChorusCadre  cadre,
                           ChorusStatus status)
{
  ChorusCadre next[CHORUS_CADRE_LAST];
  gsize n;

  if (find_rule (cadre) == NULL || role == CHORUS_ROLE_UNKNOWN)
    return FALSE;
  if (chorus_works_holder (cadre, status) == role)
    {
      /* Something this role may do now; going on while another party stays silent is not
       * a task, except when the legal time has passed (below). */
      const ChainLink *link = find_link (cadre, role, status);

      if (link != NULL && !link->on_silence)
        return TRUE;
      for (ChorusWorksAction action = CHORUS_WORKS_ACTION_SUSPEND; action < CHORUS_WORKS_ACTION_LAST; action++)
        if (chorus_works_check_action (action, role, cadre, status, CHORUS_CADRE_UNKNOWN, "-", TRUE, NULL))
          return TRUE;
    }
  /* The MOE let the legal time pass: the supplier may start the tacit procedure. */
  if (status != CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE)
    return FALSE;
  n = chorus_works_next_cadres (cadre, role, CHORUS_DEPOSIT_CHANNEL_SERVICE, next, G_N_ELEMENTS (next));
  return n > 0;
}

gsize
chorus_works_pending_statuses (ChorusRole    role,
                               ChorusStatus *statuses,
                               gsize         max_statuses)
{
  gsize n = 0;

  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    {
      gboolean pending = FALSE;

      for (gsize i = 0; !pending && i < G_N_ELEMENTS (cadre_rules); i++)
        pending = chorus_works_needs_action (role, cadre_rules[i].cadre, status);
      if (!pending)
        continue;
      if (n < max_statuses)
        statuses[n] = status;
      n++;
    }
  return MIN (n, max_statuses);
}

const char *
chorus_works_action_label (ChorusWorksAction action)
{
  switch (action)
    {
    case CHORUS_WORKS_ACTION_ASSOCIATE:
      return _("Deposit the Next Piece");
    case CHORUS_WORKS_ACTION_SUSPEND:
      return _("Suspend");
    case CHORUS_WORKS_ACTION_REFUSE:
      return _("Refuse for a Routing Error");
    case CHORUS_WORKS_ACTION_ASK_RECYCLE:
      return _("Ask for the Previous Piece to Be Recycled");
    case CHORUS_WORKS_ACTION_RECYCLE:
      return _("Recycle");
    case CHORUS_WORKS_ACTION_COMPLETE:
    case CHORUS_WORKS_ACTION_COMPLETE_MOE:
      return _("Complete");
    case CHORUS_WORKS_ACTION_LAST:
    default:
      return _("Unknown");
    }
}
