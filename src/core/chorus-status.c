/* chorus-status.c: one table of statuses (wire code, label), their groups, and the rules of who may
 * change them to what. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-status.h"
#include "chorus-types.h"

typedef struct {
  const char *api;
  const char *label;
} StatusEntry;

/* Indexed by the enumeration, so that a status finds its entry without a search. */
static const StatusEntry status_table[CHORUS_STATUS_LAST] = {
  [CHORUS_STATUS_BROUILLON] = { "BROUILLON", N_("Draft") },
  [CHORUS_STATUS_A_VALIDER_1] = { "A_VALIDER_1", N_("To validate (level 1)") },
  [CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR] = { "ERREUR_FOURNISSEUR_SUR_VALIDEUR", N_("Supplier error on the validator") },
  [CHORUS_STATUS_REFUSEE_1] = { "REFUSEE_1", N_("Refused (level 1)") },
  [CHORUS_STATUS_VALIDEE_1] = { "VALIDEE_1", N_("Validated (level 1)") },
  [CHORUS_STATUS_ABSENCE_VALIDATION_1_HORS_DELAI] = { "ABSENCE_VALIDATION_1_HORS_DELAI", N_("Not validated in time (level 1)") },
  [CHORUS_STATUS_A_VALIDER_2] = { "A_VALIDER_2", N_("To validate (level 2)") },
  [CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR] = { "ERREUR_COTRAITANT_SUR_VALIDEUR", N_("Co-contractor error on the validator") },
  [CHORUS_STATUS_REFUSEE_2] = { "REFUSEE_2", N_("Refused (level 2)") },
  [CHORUS_STATUS_VALIDEE_2] = { "VALIDEE_2", N_("Validated (level 2)") },
  [CHORUS_STATUS_ABSENCE_VALIDATION_2_HORS_DELAI] = { "ABSENCE_VALIDATION_2_HORS_DELAI", N_("Not validated in time (level 2)") },
  [CHORUS_STATUS_DEPOSEE] = { "DEPOSEE", N_("Submitted") },
  [CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE] = { "ERREUR_FOURNISSEUR_SUR_MOE", N_("Supplier error on the project manager") },
  [CHORUS_STATUS_EN_COURS_ACHEMINEMENT] = { "EN_COURS_ACHEMINEMENT", N_("In transit") },
  [CHORUS_STATUS_MISE_A_DISPOSITION] = { "MISE_A_DISPOSITION", N_("Made available") },
  [CHORUS_STATUS_A_RECYCLER] = { "A_RECYCLER", N_("To be recycled") },
  [CHORUS_STATUS_SUSPENDUE] = { "SUSPENDUE", N_("Suspended") },
  [CHORUS_STATUS_REJETEE] = { "REJETEE", N_("Rejected") },
  [CHORUS_STATUS_MANDATEE] = { "MANDATEE", N_("Mandated") },
  [CHORUS_STATUS_MISE_EN_PAIEMENT] = { "MISE_EN_PAIEMENT", N_("Payment issued") },
  [CHORUS_STATUS_COMPTABILISEE] = { "COMPTABILISEE", N_("Booked") },
  [CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE] = { "MISE_A_DISPOSITION_COMPTABLE", N_("Made available to the accountant") },
  [CHORUS_STATUS_ABANDONNEE] = { "ABANDONNEE", N_("Abandoned") },
  [CHORUS_STATUS_SUPPRIMEE] = { "SUPPRIMEE", N_("Deleted") },
  [CHORUS_STATUS_ASSOCIEE] = { "ASSOCIEE", N_("Associated") },
  [CHORUS_STATUS_EN_COURS_TRAITEMENT_PIVOT_S] = { "EN_COURS_TRAITEMENT_PIVOT_S", N_("Being processed") },
  [CHORUS_STATUS_A_VALIDER_MOE] = { "A_VALIDER_MOE", N_("To validate by the project manager") },
  [CHORUS_STATUS_REFUSEE_MOE] = { "REFUSEE_MOE", N_("Refused by the project manager") },
  [CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR] = { "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", N_("Waiting for the supplier to recycle") },
  [CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR] = { "ERREUR_MOE_SUR_FOURNISSEUR", N_("Project manager error on the supplier") },
  [CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR] = { "ERREUR_MOA_SUR_FOURNISSEUR", N_("Contracting authority error on the supplier") },
  [CHORUS_STATUS_INTERPRETEE_OCR] = { "INTERPRETEE_OCR", N_("Read by OCR") },
  [CHORUS_STATUS_COMPLETEE] = { "COMPLETEE", N_("Completed") },
  [CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA] = { "ERREUR_FOURNISSEUR_SUR_MOA", N_("Supplier error on the contracting authority") },
  [CHORUS_STATUS_ERREUR_MOE_SUR_MOA] = { "ERREUR_MOE_SUR_MOA", N_("Project manager error on the contracting authority") },
  [CHORUS_STATUS_ERREUR_DESTINATAIRE_PD] = { "ERREUR_DESTINATAIRE_PD", N_("Recipient error (payment request)") },
  [CHORUS_STATUS_ERREUR_DESTINATAIRE_EA] = { "ERREUR_DESTINATAIRE_EA", N_("Recipient error (EA)") },
  [CHORUS_STATUS_SERVICE_FAIT] = { "SERVICE_FAIT", N_("Service rendered") },
  [CHORUS_STATUS_NON_CONFORME] = { "NON_CONFORME", N_("Non-compliant") },
  [CHORUS_STATUS_A_ASSOCIER_MOE] = { "A_ASSOCIER_MOE", N_("To be associated by the project manager") },
  [CHORUS_STATUS_ERREUR_DE_MOE] = { "ERREUR_DE_MOE", N_("Wrong project manager") },
  [CHORUS_STATUS_MISE_A_DISPOSITION_MOE] = { "MISE_A_DISPOSITION_MOE", N_("Made available to the project manager") },
  [CHORUS_STATUS_PRISE_EN_COMPTE_MOE] = { "PRISE_EN_COMPTE_MOE", N_("Taken into account by the project manager") },
  [CHORUS_STATUS_A_ASSOCIER_MOA] = { "A_ASSOCIER_MOA", N_("To be associated by the contracting authority") },
  [CHORUS_STATUS_ERREUR_DE_MOA] = { "ERREUR_DE_MOA", N_("Wrong contracting authority") },
  [CHORUS_STATUS_REFUSEE_MOA] = { "REFUSEE_MOA", N_("Refused by the contracting authority") },
  [CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR] = { "A_ASSOCIER_FOURNISSEUR", N_("To be associated by the supplier") },
  [CHORUS_STATUS_REFUSEE_FOURNISSEUR] = { "REFUSEE_FOURNISSEUR", N_("Refused by the supplier") },
  [CHORUS_STATUS_A_COMPLETER] = { "A_COMPLETER", N_("To be completed") },
  [CHORUS_STATUS_TRANSMISE_MOA] = { "TRANSMISE_MOA", N_("Sent to the contracting authority") },
  [CHORUS_STATUS_PRISE_EN_COMPTE_DESTINATAIRE] = { "PRISE_EN_COMPTE_DESTINATAIRE", N_("Taken into account by the recipient") },
  [CHORUS_STATUS_REMPLACEE_PAR_A22] = { "REMPLACEE_PAR_A22", N_("Replaced by an A22 statement") },
  [CHORUS_STATUS_DUPLIQUE_APRES_REFUS] = { "DUPLIQUE_APRES_REFUS", N_("Duplicated after refusal") },
  [CHORUS_STATUS_MISE_A_DISPOSITION_MOA] = { "MISE_A_DISPOSITION_MOA", N_("Made available to the contracting authority") },
  [CHORUS_STATUS_PRISE_EN_COMPTE_MOA] = { "PRISE_EN_COMPTE_MOA", N_("Taken into account by the contracting authority") },
  [CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE] = { "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE", N_("Not validated by the project manager within the legal time") },
  [CHORUS_STATUS_TECHNIQUE_INCONNU] = { "TECHNIQUE_INCONNU", N_("Unknown technical status") },
};

static const StatusEntry *
status_entry (ChorusStatus status)
{
  if ((guint) status >= CHORUS_STATUS_LAST || status_table[status].api == NULL)
    return NULL;
  return &status_table[status];
}

const char *
chorus_status_to_api (ChorusStatus status)
{
  const StatusEntry *entry = status_entry (status);

  return entry != NULL ? entry->api : NULL;
}

const char *
chorus_status_label (ChorusStatus status)
{
  const StatusEntry *entry = status_entry (status);

  return g_dgettext (GETTEXT_PACKAGE, entry != NULL ? entry->label : N_("Unknown"));
}

/* Status codes are read for every cached row: look them up in a hash, not the table. */
ChorusStatus
chorus_status_from_api (const char *api)
{
  static GHashTable *by_code;

  if (g_once_init_enter (&by_code))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (status_table); i++)
        if (status_table[i].api != NULL)
          g_hash_table_insert (table, (gpointer) status_table[i].api, GUINT_TO_POINTER (i));
      g_once_init_leave (&by_code, table);
    }
  if (api == NULL)
    return CHORUS_STATUS_UNKNOWN;
  return (ChorusStatus) GPOINTER_TO_UINT (g_hash_table_lookup (by_code, api));
}

const char *
chorus_status_code_intern (const char *code)
{
  return code != NULL && *code != '\0' ? g_intern_string (code) : NULL;
}

const char *
chorus_status_code_label (const char *code)
{
  ChorusStatus status;

  if (code == NULL || *code == '\0')
    return "";
  status = chorus_status_from_api (code);
  return status != CHORUS_STATUS_UNKNOWN ? chorus_status_label (status) : chorus_code_readable (code);
}

ChorusStatusGroup
chorus_status_code_group (const char *code)
{
  return chorus_status_get_group (chorus_status_from_api (code));
}

ChorusStatusGroup
chorus_status_get_group (ChorusStatus status)
{
  switch (status)
    {
    case CHORUS_STATUS_BROUILLON:
    case CHORUS_STATUS_DEPOSEE:
    case CHORUS_STATUS_EN_COURS_ACHEMINEMENT:
    case CHORUS_STATUS_EN_COURS_TRAITEMENT_PIVOT_S:
    case CHORUS_STATUS_INTERPRETEE_OCR:
      return CHORUS_STATUS_GROUP_IN_TRANSIT;
    case CHORUS_STATUS_A_VALIDER_1:
    case CHORUS_STATUS_VALIDEE_1:
    case CHORUS_STATUS_ABSENCE_VALIDATION_1_HORS_DELAI:
    case CHORUS_STATUS_A_VALIDER_2:
    case CHORUS_STATUS_VALIDEE_2:
    case CHORUS_STATUS_ABSENCE_VALIDATION_2_HORS_DELAI:
      return CHORUS_STATUS_GROUP_IN_VALIDATION;
    case CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR:
    case CHORUS_STATUS_REFUSEE_1:
    case CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR:
    case CHORUS_STATUS_REFUSEE_2:
    case CHORUS_STATUS_A_RECYCLER:
    case CHORUS_STATUS_SUSPENDUE:
    case CHORUS_STATUS_REJETEE:
    case CHORUS_STATUS_ERREUR_DESTINATAIRE_PD:
    case CHORUS_STATUS_ERREUR_DESTINATAIRE_EA:
    case CHORUS_STATUS_NON_CONFORME:
      return CHORUS_STATUS_GROUP_SENT_BACK;
    case CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE:
    case CHORUS_STATUS_ASSOCIEE:
    case CHORUS_STATUS_A_VALIDER_MOE:
    case CHORUS_STATUS_REFUSEE_MOE:
    case CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR:
    case CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR:
    case CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR:
    case CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA:
    case CHORUS_STATUS_ERREUR_MOE_SUR_MOA:
    case CHORUS_STATUS_A_ASSOCIER_MOE:
    case CHORUS_STATUS_ERREUR_DE_MOE:
    case CHORUS_STATUS_MISE_A_DISPOSITION_MOE:
    case CHORUS_STATUS_PRISE_EN_COMPTE_MOE:
    case CHORUS_STATUS_A_ASSOCIER_MOA:
    case CHORUS_STATUS_ERREUR_DE_MOA:
    case CHORUS_STATUS_REFUSEE_MOA:
    case CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR:
    case CHORUS_STATUS_REFUSEE_FOURNISSEUR:
    case CHORUS_STATUS_A_COMPLETER:
    case CHORUS_STATUS_TRANSMISE_MOA:
    case CHORUS_STATUS_MISE_A_DISPOSITION_MOA:
    case CHORUS_STATUS_PRISE_EN_COMPTE_MOA:
    case CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE:
      return CHORUS_STATUS_GROUP_WORKS;
    case CHORUS_STATUS_MISE_A_DISPOSITION:
    case CHORUS_STATUS_COMPLETEE:
      return CHORUS_STATUS_GROUP_TO_PROCESS;
    case CHORUS_STATUS_MANDATEE:
    case CHORUS_STATUS_MISE_EN_PAIEMENT:
    case CHORUS_STATUS_COMPTABILISEE:
    case CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE:
    case CHORUS_STATUS_SERVICE_FAIT:
    case CHORUS_STATUS_PRISE_EN_COMPTE_DESTINATAIRE:
      return CHORUS_STATUS_GROUP_PROCESSED;
    case CHORUS_STATUS_ABANDONNEE:
    case CHORUS_STATUS_SUPPRIMEE:
    case CHORUS_STATUS_REMPLACEE_PAR_A22:
    case CHORUS_STATUS_DUPLIQUE_APRES_REFUS:
    case CHORUS_STATUS_TECHNIQUE_INCONNU:
      return CHORUS_STATUS_GROUP_OTHER;
    case CHORUS_STATUS_UNKNOWN:
    case CHORUS_STATUS_LAST:
    default:
      return CHORUS_STATUS_GROUP_OTHER;
    }
}

const char *
chorus_status_group_label (ChorusStatusGroup group)
{
  static const char *const labels[CHORUS_STATUS_GROUP_LAST] = {
    [CHORUS_STATUS_GROUP_ALL] = N_("All"),
    [CHORUS_STATUS_GROUP_TO_PROCESS] = N_("To process"),
    [CHORUS_STATUS_GROUP_SENT_BACK] = N_("Sent back"),
    [CHORUS_STATUS_GROUP_PROCESSED] = N_("Processed"),
    [CHORUS_STATUS_GROUP_IN_VALIDATION] = N_("In validation"),
    [CHORUS_STATUS_GROUP_WORKS] = N_("Works"),
    [CHORUS_STATUS_GROUP_IN_TRANSIT] = N_("In transit"),
    [CHORUS_STATUS_GROUP_OTHER] = N_("Other statuses"),
  };

  if ((guint) group >= G_N_ELEMENTS (labels))
    return g_dgettext (GETTEXT_PACKAGE, N_("Unknown"));
  return g_dgettext (GETTEXT_PACKAGE, labels[group]);
}

/* A recipient's processing ------------------------------------------------------------------------ */

/* What each status a recipient sets asks of the user. */
enum {
  NEEDS_MOTIF    = 1 << 0,   /* no change without a motif for the supplier */
  TAKES_MOTIF    = 1 << 1,   /* sends the invoice back with a motif */
  NEEDS_MANDATE  = 1 << 2,   /* numeroDPMandat */
  IRREVERSIBLE   = 1 << 3,   /* with the public accountant once Chorus Pro has it */
};

static const struct {
  ChorusStatus target;
  guint        flags;
} recipient_targets[] = {
  { CHORUS_STATUS_MISE_A_DISPOSITION, 0 },   /* service fait cancelled */
  { CHORUS_STATUS_A_RECYCLER, TAKES_MOTIF },
  { CHORUS_STATUS_REJETEE, TAKES_MOTIF | NEEDS_MOTIF },
  { CHORUS_STATUS_SUSPENDUE, TAKES_MOTIF | NEEDS_MOTIF },
  { CHORUS_STATUS_SERVICE_FAIT, 0 },
  { CHORUS_STATUS_MANDATEE, NEEDS_MANDATE | IRREVERSIBLE },
  { CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE, IRREVERSIBLE },
  { CHORUS_STATUS_COMPTABILISEE, IRREVERSIBLE },
  { CHORUS_STATUS_MISE_EN_PAIEMENT, IRREVERSIBLE },
};

static gboolean
target_has (ChorusStatus target,
            guint        flags)
{
  for (gsize i = 0; i < G_N_ELEMENTS (recipient_targets); i++)
    if (recipient_targets[i].target == target)
      return (recipient_targets[i].flags & flags) == flags;
  return FALSE;
}

gboolean
chorus_status_is_recipient_target (ChorusStatus status)
{
  return target_has (status, 0);
}

gboolean
chorus_status_needs_motif (ChorusStatus target)
{
  return target_has (target, NEEDS_MOTIF);
}

gboolean
chorus_status_takes_motif (ChorusStatus target)
{
  return target_has (target, TAKES_MOTIF);
}

gboolean
chorus_status_needs_mandate_number (ChorusStatus target)
{
  return target_has (target, NEEDS_MANDATE);
}

gboolean
chorus_status_is_irreversible (ChorusStatus target)
{
  return target_has (target, IRREVERSIBLE);
}

/* The statuses traiter/recue accepts, in the order the platform walks them. */
static const ChorusStatus processing_order[] = {
  CHORUS_STATUS_SERVICE_FAIT,
  CHORUS_STATUS_MANDATEE,
  CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE,
  CHORUS_STATUS_COMPTABILISEE,
  CHORUS_STATUS_MISE_EN_PAIEMENT,
};

static int
processing_rank (ChorusStatus status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (processing_order); i++)
    if (processing_order[i] == status)
      return (int) i;
  return -1;
}

/* Forward along the processing order; sending back (recycle, suspend, reject) only before
 * the mandate, since after it the invoice is with the public accountant; service fait may be
 * cancelled back to mise à disposition. */
gsize
chorus_status_recipient_targets (ChorusStatus  current,
                                 ChorusStatus *targets,
                                 gsize         max_targets)
{
  gsize n = 0;
  int rank;

#define PUSH(s) G_STMT_START { if (n < max_targets) targets[n] = (s); n++; } G_STMT_END

  switch (current)
    {
    case CHORUS_STATUS_MISE_A_DISPOSITION:
    case CHORUS_STATUS_COMPLETEE:
      rank = -1;
      break;
    case CHORUS_STATUS_SERVICE_FAIT:
    case CHORUS_STATUS_MANDATEE:
    case CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE:
    case CHORUS_STATUS_COMPTABILISEE:
      rank = processing_rank (current);
      break;
    default:
      return 0;
    }

  for (gsize i = (gsize) (rank + 1); i < G_N_ELEMENTS (processing_order); i++)
    PUSH (processing_order[i]);

  if (rank < 1)
    {
      PUSH (CHORUS_STATUS_A_RECYCLER);
      PUSH (CHORUS_STATUS_SUSPENDUE);
      PUSH (CHORUS_STATUS_REJETEE);
    }
  if (current == CHORUS_STATUS_SERVICE_FAIT)
    PUSH (CHORUS_STATUS_MISE_A_DISPOSITION);

#undef PUSH
  return MIN (n, max_targets);
}

gboolean
chorus_status_can_process (ChorusStatus current,
                           ChorusStatus target)
{
  ChorusStatus targets[CHORUS_STATUS_LAST];
  gsize n = chorus_status_recipient_targets (current, targets, G_N_ELEMENTS (targets));

  for (gsize i = 0; i < n; i++)
    if (targets[i] == target)
      return TRUE;
  return FALSE;
}

/* A supplier's answers and a validator's decisions ------------------------------------------- */

gboolean
chorus_status_can_complete (ChorusStatus current)
{
  return current == CHORUS_STATUS_SUSPENDUE;
}

gboolean
chorus_status_can_recycle (ChorusStatus current)
{
  return current == CHORUS_STATUS_A_RECYCLER;
}

ChorusSupplierStep
chorus_status_supplier_step (ChorusStatus current)
{
  if (chorus_status_can_complete (current))
    return CHORUS_SUPPLIER_STEP_COMPLETE;
  if (chorus_status_can_recycle (current))
    return CHORUS_SUPPLIER_STEP_RECYCLE;
  switch (current)
    {
    case CHORUS_STATUS_REJETEE:
      return CHORUS_SUPPLIER_STEP_DEPOSIT_CORRECTED;
    case CHORUS_STATUS_A_VALIDER_1:
    case CHORUS_STATUS_A_VALIDER_2:
      return CHORUS_SUPPLIER_STEP_MAIN_CONTRACTOR;
    case CHORUS_STATUS_REFUSEE_1:
    case CHORUS_STATUS_REFUSEE_2:
      return CHORUS_SUPPLIER_STEP_REFUSED_BY_MAIN;
    case CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR:
    case CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR:
      return CHORUS_SUPPLIER_STEP_WRONG_MAIN;
    default:
      return CHORUS_SUPPLIER_STEP_NONE;
    }
}

gboolean
chorus_status_validation_needs_motif (ChorusValidationAction action)
{
  return action == CHORUS_VALIDATION_REFUSE || action == CHORUS_VALIDATION_SUSPEND || action == CHORUS_VALIDATION_REJECT;
}

int
chorus_status_validation_level (ChorusStatus status)
{
  return status == CHORUS_STATUS_A_VALIDER_1 ? 1 : status == CHORUS_STATUS_A_VALIDER_2 ? 2 : 0;
}

gboolean
chorus_status_is_works_piece_status (ChorusStatus status)
{
  switch (status)
    {
    case CHORUS_STATUS_SUSPENDUE:
    case CHORUS_STATUS_A_RECYCLER:
    case CHORUS_STATUS_COMPLETEE:
    case CHORUS_STATUS_MISE_A_DISPOSITION:
    case CHORUS_STATUS_REMPLACEE_PAR_A22:
    case CHORUS_STATUS_MISE_EN_PAIEMENT:
      return TRUE;
    default:
      return chorus_status_get_group (status) == CHORUS_STATUS_GROUP_WORKS;
    }
}

ChorusWorksStanding
chorus_status_works_standing (ChorusStatus status)
{
  switch (status)
    {
    case CHORUS_STATUS_SUSPENDUE:
    case CHORUS_STATUS_A_COMPLETER:
      return CHORUS_WORKS_STANDING_TO_COMPLETE;
    case CHORUS_STATUS_A_RECYCLER:
      return CHORUS_WORKS_STANDING_TO_RECYCLE;
    case CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR:
      return CHORUS_WORKS_STANDING_WAITING_RECYCLE;
    /* Who erred in the routing data, seen by whom; then the refusals the portal names by their refuser. */
    case CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE:
    case CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA:
    case CHORUS_STATUS_ERREUR_MOE_SUR_MOA:
    case CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR:
    case CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR:
    case CHORUS_STATUS_ERREUR_DE_MOE:
    case CHORUS_STATUS_ERREUR_DE_MOA:
    case CHORUS_STATUS_REFUSEE_MOE:
    case CHORUS_STATUS_REFUSEE_MOA:
    case CHORUS_STATUS_REFUSEE_FOURNISSEUR:
      return CHORUS_WORKS_STANDING_REFUSED;
    default:
      return CHORUS_WORKS_STANDING_ONGOING;
    }
}

gboolean
chorus_status_works_refused_for_routing (ChorusStatus status)
{
  switch (status)
    {
    case CHORUS_STATUS_REFUSEE_MOE:
    case CHORUS_STATUS_REFUSEE_MOA:
    case CHORUS_STATUS_REFUSEE_FOURNISSEUR:
      return FALSE;
    default:
      return chorus_status_works_standing (status) == CHORUS_WORKS_STANDING_REFUSED;
    }
}

gboolean
chorus_status_works_is_sent_back (ChorusStatus status)
{
  ChorusWorksStanding standing = chorus_status_works_standing (status);

  return standing == CHORUS_WORKS_STANDING_TO_COMPLETE || standing == CHORUS_WORKS_STANDING_TO_RECYCLE ||
         standing == CHORUS_WORKS_STANDING_WAITING_RECYCLE;
}

const char *
chorus_status_works_motif_title (ChorusStatus status)
{
  if (status == CHORUS_STATUS_COMPLETEE)
    return _("Depositor's answer");
  switch (chorus_status_works_standing (status))
    {
    case CHORUS_WORKS_STANDING_TO_COMPLETE:
      return _("Reason for the suspension");
    case CHORUS_WORKS_STANDING_TO_RECYCLE:
    case CHORUS_WORKS_STANDING_REFUSED:
      return _("Reason given");
    case CHORUS_WORKS_STANDING_ONGOING:
    case CHORUS_WORKS_STANDING_WAITING_RECYCLE:
    default:
      return NULL;
    }
}
