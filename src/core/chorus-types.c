/* chorus-types.c: one table per enumeration maps values, wire strings and translated labels.
 * SPDX-License-Identifier: GPL-3.0-or-later */
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
