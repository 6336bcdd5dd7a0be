/* chorus-types.c: one table per enumeration maps values, wire strings and translated labels. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chorus-types.h"

typedef struct {
  int         value;
  const char *api;
  const char *label;
} EnumEntry;

static const char *
entry_api (const EnumEntry *table, gsize n, int value)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return table[i].api;
  return NULL;
}

static int
entry_from_api (const EnumEntry *table, gsize n, const char *api)
{
  if (api == NULL)
    return 0;
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].api, api) == 0)
      return table[i].value;
  return 0;
}

static const char *
entry_label (const EnumEntry *table, gsize n, int value)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return g_dgettext (GETTEXT_PACKAGE, table[i].label);
  return g_dgettext (GETTEXT_PACKAGE, N_("Unknown"));
}

/* Declares the three accessors of an enumeration over its table. */
#define ENUM_ACCESSORS(Type, prefix, table)                                      \
  const char *prefix##_to_api (Type v) { return entry_api (table, G_N_ELEMENTS (table), (int) v); } \
  Type prefix##_from_api (const char *api) { return (Type) entry_from_api (table, G_N_ELEMENTS (table), api); } \
  const char *prefix##_label (Type v) { return entry_label (table, G_N_ELEMENTS (table), (int) v); }

static const EnumEntry status_table[] = {
  { CHORUS_STATUS_BROUILLON, "BROUILLON", N_("Draft") },
  { CHORUS_STATUS_A_VALIDER_1, "A_VALIDER_1", N_("To validate (level 1)") },
  { CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_VALIDEUR, "ERREUR_FOURNISSEUR_SUR_VALIDEUR", N_("Supplier error on the validator") },
  { CHORUS_STATUS_REFUSEE_1, "REFUSEE_1", N_("Refused (level 1)") },
  { CHORUS_STATUS_VALIDEE_1, "VALIDEE_1", N_("Validated (level 1)") },
  { CHORUS_STATUS_ABSENCE_VALIDATION_1_HORS_DELAI, "ABSENCE_VALIDATION_1_HORS_DELAI", N_("Not validated in time (level 1)") },
  { CHORUS_STATUS_A_VALIDER_2, "A_VALIDER_2", N_("To validate (level 2)") },
  { CHORUS_STATUS_ERREUR_COTRAITANT_SUR_VALIDEUR, "ERREUR_COTRAITANT_SUR_VALIDEUR", N_("Co-contractor error on the validator") },
  { CHORUS_STATUS_REFUSEE_2, "REFUSEE_2", N_("Refused (level 2)") },
  { CHORUS_STATUS_VALIDEE_2, "VALIDEE_2", N_("Validated (level 2)") },
  { CHORUS_STATUS_ABSENCE_VALIDATION_2_HORS_DELAI, "ABSENCE_VALIDATION_2_HORS_DELAI", N_("Not validated in time (level 2)") },
  { CHORUS_STATUS_DEPOSEE, "DEPOSEE", N_("Submitted") },
  { CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOE, "ERREUR_FOURNISSEUR_SUR_MOE", N_("Supplier error on the project manager") },
  { CHORUS_STATUS_EN_COURS_ACHEMINEMENT, "EN_COURS_ACHEMINEMENT", N_("In transit") },
  { CHORUS_STATUS_MISE_A_DISPOSITION, "MISE_A_DISPOSITION", N_("Made available") },
  { CHORUS_STATUS_A_RECYCLER, "A_RECYCLER", N_("To be recycled") },
  { CHORUS_STATUS_SUSPENDUE, "SUSPENDUE", N_("Suspended") },
  { CHORUS_STATUS_REJETEE, "REJETEE", N_("Rejected") },
  { CHORUS_STATUS_MANDATEE, "MANDATEE", N_("Mandated") },
  { CHORUS_STATUS_MISE_EN_PAIEMENT, "MISE_EN_PAIEMENT", N_("Payment issued") },
  { CHORUS_STATUS_COMPTABILISEE, "COMPTABILISEE", N_("Booked") },
  { CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE, "MISE_A_DISPOSITION_COMPTABLE", N_("Made available to the accountant") },
  { CHORUS_STATUS_ABANDONNEE, "ABANDONNEE", N_("Abandoned") },
  { CHORUS_STATUS_SUPPRIMEE, "SUPPRIMEE", N_("Deleted") },
  { CHORUS_STATUS_ASSOCIEE, "ASSOCIEE", N_("Associated") },
  { CHORUS_STATUS_EN_COURS_TRAITEMENT_PIVOT_S, "EN_COURS_TRAITEMENT_PIVOT_S", N_("Being processed") },
  { CHORUS_STATUS_A_VALIDER_MOE, "A_VALIDER_MOE", N_("To validate by the project manager") },
  { CHORUS_STATUS_REFUSEE_MOE, "REFUSEE_MOE", N_("Refused by the project manager") },
  { CHORUS_STATUS_EN_ATTENTE_RECYCLAGE_FOURNISSEUR, "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", N_("Waiting for the supplier to recycle") },
  { CHORUS_STATUS_ERREUR_MOE_SUR_FOURNISSEUR, "ERREUR_MOE_SUR_FOURNISSEUR", N_("Project manager error on the supplier") },
  { CHORUS_STATUS_ERREUR_MOA_SUR_FOURNISSEUR, "ERREUR_MOA_SUR_FOURNISSEUR", N_("Contracting authority error on the supplier") },
  { CHORUS_STATUS_INTERPRETEE_OCR, "INTERPRETEE_OCR", N_("Read by OCR") },
  { CHORUS_STATUS_COMPLETEE, "COMPLETEE", N_("Completed") },
  { CHORUS_STATUS_ERREUR_FOURNISSEUR_SUR_MOA, "ERREUR_FOURNISSEUR_SUR_MOA", N_("Supplier error on the contracting authority") },
  { CHORUS_STATUS_ERREUR_MOE_SUR_MOA, "ERREUR_MOE_SUR_MOA", N_("Project manager error on the contracting authority") },
  { CHORUS_STATUS_ERREUR_DESTINATAIRE_PD, "ERREUR_DESTINATAIRE_PD", N_("Recipient error (payment request)") },
  { CHORUS_STATUS_ERREUR_DESTINATAIRE_EA, "ERREUR_DESTINATAIRE_EA", N_("Recipient error (EA)") },
  { CHORUS_STATUS_SERVICE_FAIT, "SERVICE_FAIT", N_("Service rendered") },
  { CHORUS_STATUS_NON_CONFORME, "NON_CONFORME", N_("Non-compliant") },
  { CHORUS_STATUS_A_ASSOCIER_MOE, "A_ASSOCIER_MOE", N_("To be associated by the project manager") },
  { CHORUS_STATUS_ERREUR_DE_MOE, "ERREUR_DE_MOE", N_("Wrong project manager") },
  { CHORUS_STATUS_MISE_A_DISPOSITION_MOE, "MISE_A_DISPOSITION_MOE", N_("Made available to the project manager") },
  { CHORUS_STATUS_PRISE_EN_COMPTE_MOE, "PRISE_EN_COMPTE_MOE", N_("Taken into account by the project manager") },
  { CHORUS_STATUS_A_ASSOCIER_MOA, "A_ASSOCIER_MOA", N_("To be associated by the contracting authority") },
  { CHORUS_STATUS_ERREUR_DE_MOA, "ERREUR_DE_MOA", N_("Wrong contracting authority") },
  { CHORUS_STATUS_REFUSEE_MOA, "REFUSEE_MOA", N_("Refused by the contracting authority") },
  { CHORUS_STATUS_A_ASSOCIER_FOURNISSEUR, "A_ASSOCIER_FOURNISSEUR", N_("To be associated by the supplier") },
  { CHORUS_STATUS_REFUSEE_FOURNISSEUR, "REFUSEE_FOURNISSEUR", N_("Refused by the supplier") },
  { CHORUS_STATUS_A_COMPLETER, "A_COMPLETER", N_("To be completed") },
  { CHORUS_STATUS_TRANSMISE_MOA, "TRANSMISE_MOA", N_("Sent to the contracting authority") },
  { CHORUS_STATUS_PRISE_EN_COMPTE_DESTINATAIRE, "PRISE_EN_COMPTE_DESTINATAIRE", N_("Taken into account by the recipient") },
  { CHORUS_STATUS_REMPLACEE_PAR_A22, "REMPLACEE_PAR_A22", N_("Replaced by an A22 statement") },
  { CHORUS_STATUS_DUPLIQUE_APRES_REFUS, "DUPLIQUE_APRES_REFUS", N_("Duplicated after refusal") },
  { CHORUS_STATUS_MISE_A_DISPOSITION_MOA, "MISE_A_DISPOSITION_MOA", N_("Made available to the contracting authority") },
  { CHORUS_STATUS_PRISE_EN_COMPTE_MOA, "PRISE_EN_COMPTE_MOA", N_("Taken into account by the contracting authority") },
  { CHORUS_STATUS_ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE, "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE", N_("Not validated by the project manager within the legal time") },
  { CHORUS_STATUS_TECHNIQUE_INCONNU, "TECHNIQUE_INCONNU", N_("Unknown technical status") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (status_table) == CHORUS_STATUS_LAST - 1);
const char *chorus_status_to_api (ChorusStatus v) { return entry_api (status_table, G_N_ELEMENTS (status_table), (int) v); }
const char *chorus_status_label (ChorusStatus v) { return entry_label (status_table, G_N_ELEMENTS (status_table), (int) v); }

/* Status codes are read for every cached row: look them up in a hash, not the table. */
ChorusStatus
chorus_status_from_api (const char *api)
{
  static GHashTable *by_code;

  if (g_once_init_enter (&by_code))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (gsize i = 0; i < G_N_ELEMENTS (status_table); i++)
        g_hash_table_insert (table, (gpointer) status_table[i].api, GINT_TO_POINTER (status_table[i].value));
      g_once_init_leave (&by_code, table);
    }
  if (api == NULL)
    return CHORUS_STATUS_UNKNOWN;
  return (ChorusStatus) GPOINTER_TO_INT (g_hash_table_lookup (by_code, api));
}

const char *
chorus_status_code_intern (const char *code)
{
  return code != NULL && *code != '\0' ? g_intern_string (code) : NULL;
}

/* "NOUVEL_ETAT" -> "Nouvel etat": a code the app does not know yet, shown as words. The set of
 * codes is the platform's, so interning the results stays small; odd input is cut short. */
const char *
chorus_code_readable (const char *code)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (const char *p = code; *p != '\0' && text->len < 80; p++)
    {
      char ch = *p == '_' || *p == '-' ? ' ' : *p;

      if (!g_ascii_isprint (ch))
        continue;
      g_string_append_c (text, text->len == 0 ? g_ascii_toupper (ch) : g_ascii_tolower (ch));
    }
  return g_intern_string (text->str);
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
  static const EnumEntry groups[] = {
    { CHORUS_STATUS_GROUP_ALL, "ALL", N_("All") },
    { CHORUS_STATUS_GROUP_TO_PROCESS, "TO_PROCESS", N_("To process") },
    { CHORUS_STATUS_GROUP_SENT_BACK, "SENT_BACK", N_("Sent back") },
    { CHORUS_STATUS_GROUP_PROCESSED, "PROCESSED", N_("Processed") },
    { CHORUS_STATUS_GROUP_IN_VALIDATION, "IN_VALIDATION", N_("In validation") },
    { CHORUS_STATUS_GROUP_WORKS, "WORKS", N_("Works") },
    { CHORUS_STATUS_GROUP_IN_TRANSIT, "IN_TRANSIT", N_("In transit") },
    { CHORUS_STATUS_GROUP_OTHER, "OTHER", N_("Other statuses") },
  };
  return entry_label (groups, G_N_ELEMENTS (groups), (int) group);
}

gboolean
chorus_status_needs_motif (ChorusStatus status)
{
  return status == CHORUS_STATUS_REJETEE || status == CHORUS_STATUS_SUSPENDUE;
}

/* The statuses traiter/recue accepts, in the order the platform walks them. */
static const ChorusStatus processing_order[] = {
  CHORUS_STATUS_SERVICE_FAIT,
  CHORUS_STATUS_MANDATEE,
  CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE,
  CHORUS_STATUS_COMPTABILISEE,
  CHORUS_STATUS_MISE_EN_PAIEMENT,
};

gboolean
chorus_status_is_recipient_target (ChorusStatus status)
{
  switch (status)
    {
    case CHORUS_STATUS_MISE_A_DISPOSITION:
    case CHORUS_STATUS_A_RECYCLER:
    case CHORUS_STATUS_REJETEE:
    case CHORUS_STATUS_SUSPENDUE:
    case CHORUS_STATUS_SERVICE_FAIT:
    case CHORUS_STATUS_MANDATEE:
    case CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE:
    case CHORUS_STATUS_COMPTABILISEE:
    case CHORUS_STATUS_MISE_EN_PAIEMENT:
      return TRUE;
    default:
      return FALSE;
    }
}

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

static const EnumEntry cadre_table[] = {
  { CHORUS_CADRE_A1, "A1_FACTURE_FOURNISSEUR", N_("Supplier invoice") },
  { CHORUS_CADRE_A2, "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", N_("Supplier invoice already paid") },
  { CHORUS_CADRE_A3, "A3_MEMOIRE_JUSTICE", N_("Court costs statement") },
  { CHORUS_CADRE_A4, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", N_("Draft monthly statement (supplier)") },
  { CHORUS_CADRE_A5, "A5_ETAT_ACOMPTE_FOURNISSEUR", N_("Down-payment statement (supplier)") },
  { CHORUS_CADRE_A6, "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR", N_("Validated down-payment statement (supplier)") },
  { CHORUS_CADRE_A7, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", N_("Draft final statement (supplier)") },
  { CHORUS_CADRE_A8, "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", N_("Final general statement (supplier)") },
  { CHORUS_CADRE_A9, "A9_FACTURE_SOUSTRAITANT", N_("Subcontractor invoice") },
  { CHORUS_CADRE_A10, "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", N_("Draft monthly statement (subcontractor)") },
  { CHORUS_CADRE_A11, "A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT", N_("Draft final statement (subcontractor)") },
  { CHORUS_CADRE_A12, "A12_FACTURE_COTRAITANT", N_("Co-contractor invoice") },
  { CHORUS_CADRE_A13, "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", N_("Draft monthly statement (co-contractor)") },
  { CHORUS_CADRE_A14, "A14_PROJET_DECOMPTE_FINAL_COTRAITANT", N_("Draft final statement (co-contractor)") },
  { CHORUS_CADRE_A15, "A15_ETAT_ACOMPTE_MOE", N_("Down-payment statement (project manager)") },
  { CHORUS_CADRE_A16, "A16_ETAT_ACOMPTE_VALIDE_MOE", N_("Validated down-payment statement (project manager)") },
  { CHORUS_CADRE_A17, "A17_PROJET_DECOMPTE_GENERAL_MOE", N_("Draft general statement (project manager)") },
  { CHORUS_CADRE_A18, "A18_DECOMPTE_GENERAL_MOE", N_("General statement (project manager)") },
  { CHORUS_CADRE_A19, "A19_ETAT_ACOMPTE_VALIDE_MOA", N_("Validated down-payment statement (contracting authority)") },
  { CHORUS_CADRE_A20, "A20_DECOMPTE_GENERAL_MOA", N_("General statement (contracting authority)") },
  { CHORUS_CADRE_A21, "A21_DEMANDE_REMBOURSEMENT_TIC", N_("Fuel tax refund request") },
  { CHORUS_CADRE_A22, "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE", N_("Draft general statement, tacit procedure (supplier)") },
  { CHORUS_CADRE_A23, "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", N_("Final general statement, tacit procedure (supplier)") },
  { CHORUS_CADRE_A24, "A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE", N_("Final general statement, tacit procedure (project manager)") },
  { CHORUS_CADRE_A25, "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE", N_("Final general statement, project manager tacit procedure") },
};
ENUM_ACCESSORS (ChorusCadre, chorus_cadre, cadre_table)

const char *
chorus_cadre_short_code (ChorusCadre cadre)
{
  static const char *codes[] = {
    "", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11", "A12", "A13",
    "A14", "A15", "A16", "A17", "A18", "A19", "A20", "A21", "A22", "A23", "A24", "A25",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (codes) == CHORUS_CADRE_LAST);
  if ((int) cadre < 0 || cadre >= CHORUS_CADRE_LAST)
    return "";
  return codes[cadre];
}

gboolean
chorus_cadre_is_works (ChorusCadre cadre)
{
  return (cadre >= CHORUS_CADRE_A4 && cadre <= CHORUS_CADRE_A20) ||
         (cadre >= CHORUS_CADRE_A22 && cadre <= CHORUS_CADRE_A25);
}

static const EnumEntry role_table[] = {
  { CHORUS_ROLE_FOURNISSEUR, "FOURNISSEUR", N_("Supplier") },
  { CHORUS_ROLE_MOE, "MOE", N_("Project manager (MOE)") },
  { CHORUS_ROLE_MOA, "MOA", N_("Contracting authority (MOA)") },
  { CHORUS_ROLE_VALIDATEUR, "VALIDATEUR", N_("Validator") },
  { CHORUS_ROLE_DESTINATAIRE, "DESTINATAIRE", N_("Recipient") },
};
ENUM_ACCESSORS (ChorusRole, chorus_role, role_table)

static const EnumEntry id_type_table[] = {
  { CHORUS_ID_TYPE_SIRET, "SIRET", N_("SIRET") },
  { CHORUS_ID_TYPE_UE_HORS_FRANCE, "UE_HORS_FRANCE", N_("EU outside France") },
  { CHORUS_ID_TYPE_HORS_UE, "HORS_UE", N_("Outside the EU") },
  { CHORUS_ID_TYPE_RIDET, "RIDET", N_("RIDET") },
  { CHORUS_ID_TYPE_TAHITI, "TAHITI", N_("TAHITI") },
  { CHORUS_ID_TYPE_AUTRE, "AUTRE", N_("Other") },
  { CHORUS_ID_TYPE_PARTICULIER, "PARTICULIER", N_("Private individual") },
};
ENUM_ACCESSORS (ChorusIdType, chorus_id_type, id_type_table)

static const EnumEntry vat_type_table[] = {
  { CHORUS_VAT_TYPE_SUR_DEBIT, "TVA_SUR_DEBIT", N_("VAT on debits") },
  { CHORUS_VAT_TYPE_SUR_ENCAISSEMENT, "TVA_SUR_ENCAISSEMENT", N_("VAT on receipts") },
  { CHORUS_VAT_TYPE_EXONERATION, "EXONERATION", N_("VAT exempt") },
  { CHORUS_VAT_TYPE_SANS_TVA, "SANS_TVA", N_("No VAT") },
};
ENUM_ACCESSORS (ChorusVatType, chorus_vat_type, vat_type_table)

static const EnumEntry invoice_type_table[] = {
  { CHORUS_INVOICE_TYPE_FACTURE, "FACTURE", N_("Invoice") },
  { CHORUS_INVOICE_TYPE_AVOIR, "AVOIR", N_("Credit note") },
  { CHORUS_INVOICE_TYPE_ACOMPTE, "ACOMPTE", N_("Down-payment invoice") },
};
ENUM_ACCESSORS (ChorusInvoiceType, chorus_invoice_type, invoice_type_table)

gint64
chorus_amount_from_double (double value)
{
  return (gint64) llround (value * 100.0);
}

double
chorus_amount_to_double (gint64 cents)
{
  return (double) cents / 100.0;
}

char *
chorus_amount_format (gint64      cents,
                      const char *currency)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *digits = NULL;
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;
  gsize len;

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  len = strlen (digits);

  if (cents < 0)
    g_string_append (out, "-");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, "\u202f");
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, ",%02u", (guint) (magnitude % 100));

  if (currency == NULL || g_strcmp0 (currency, "EUR") == 0)
    g_string_append (out, "\u00a0€");
  else if (*currency != '\0')
    g_string_append_printf (out, "\u00a0%s", currency);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
chorus_date_format (const char *iso_date)
{
  int y, m, d;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return iso_date ? g_strdup (iso_date) : NULL;
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

/* SIRET: 14 digits passing the Luhn check (La Poste's establishments excepted by INSEE). */
gboolean
chorus_siret_is_valid (const char *siret)
{
  int sum = 0;

  if (siret == NULL || strlen (siret) != 14)
    return FALSE;
  for (int i = 0; i < 14; i++)
    {
      int digit;

      if (!g_ascii_isdigit (siret[i]))
        return FALSE;
      digit = siret[i] - '0';
      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }
  if (sum % 10 == 0)
    return TRUE;

  /* La Poste (SIREN 356000000): the sum of the digits is a multiple of 5. */
  if (g_str_has_prefix (siret, "356000000"))
    {
      sum = 0;
      for (int i = 0; i < 14; i++)
        sum += siret[i] - '0';
      return sum % 5 == 0;
    }
  return FALSE;
}

gboolean
chorus_amount_parse (const char *text,
                     gint64     *cents)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE, seen_separator = FALSE;
  guint decimals = 0;
  guint64 value = 0;
  const char *p;

  g_return_val_if_fail (cents != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x202f || c == 0x00a0 || (c == 0x20ac && p[3] == '\0') || c == '\'')
        continue;   /* grouping spaces and a trailing euro sign */
      if (c == '-' && digits->len == 0 && !negative && !seen_separator)
        negative = TRUE;
      else if ((c == ',' || c == '.') && !seen_separator)
        seen_separator = TRUE;
      else if (c >= '0' && c <= '9')
        {
          if (seen_separator && ++decimals > 2)
            return FALSE;
          g_string_append_c (digits, (char) c);
        }
      else
        return FALSE;
    }
  if (digits->len == 0 || digits->len > 17)
    return FALSE;
  for (gsize i = 0; i < digits->len; i++)
    value = value * 10 + (guint64) (digits->str[i] - '0');
  for (; decimals < 2; decimals++)
    value *= 10;
  *cents = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

char *
chorus_date_parse (const char *text)
{
  int d, m, y;
  char tail;
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL)
    return NULL;
  if (sscanf (text, "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 &&
      sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return NULL;
  if (y < 1900 || y > 9999)
    return NULL;
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (date == NULL)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}
