/* test-types.c: enum tables, status transitions, amount and date formatting. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "chorus-api-labels.h"
#include "chorus-format.h"
#include "chorus-status.h"
#include "chorus-types.h"

static void
test_status_round_trip (void)
{
  for (int s = CHORUS_STATUS_UNKNOWN + 1; s < CHORUS_STATUS_LAST; s++)
    {
      const char *api = chorus_status_to_api ((ChorusStatus) s);

      g_assert_nonnull (api);
      g_assert_cmpint (chorus_status_from_api (api), ==, s);
      g_assert_cmpstr (chorus_status_label ((ChorusStatus) s), !=, "Unknown");
    }
  g_assert_cmpint (chorus_status_from_api ("NOT_A_STATUS"), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpint (chorus_status_from_api (NULL), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpstr (chorus_status_to_api (CHORUS_STATUS_UNKNOWN), ==, NULL);
}

/* Every status of the platform (reference §0.1), as Chorus Pro spells it. */
static const char *const platform_statuses[] = {
    "BROUILLON",
    "A_VALIDER_1",
    "ERREUR_FOURNISSEUR_SUR_VALIDEUR",
    "REFUSEE_1",
    "VALIDEE_1",
    "ABSENCE_VALIDATION_1_HORS_DELAI",
    "A_VALIDER_2",
    "ERREUR_COTRAITANT_SUR_VALIDEUR",
    "REFUSEE_2",
    "VALIDEE_2",
    "ABSENCE_VALIDATION_2_HORS_DELAI",
    "DEPOSEE",
    "ERREUR_FOURNISSEUR_SUR_MOE",
    "EN_COURS_ACHEMINEMENT",
    "MISE_A_DISPOSITION",
    "A_RECYCLER",
    "SUSPENDUE",
    "REJETEE",
    "MANDATEE",
    "MISE_EN_PAIEMENT",
    "COMPTABILISEE",
    "MISE_A_DISPOSITION_COMPTABLE",
    "ABANDONNEE",
    "SUPPRIMEE",
    "ASSOCIEE",
    "EN_COURS_TRAITEMENT_PIVOT_S",
    "A_VALIDER_MOE",
    "REFUSEE_MOE",
    "EN_ATTENTE_RECYCLAGE_FOURNISSEUR",
    "ERREUR_MOE_SUR_FOURNISSEUR",
    "ERREUR_MOA_SUR_FOURNISSEUR",
    "INTERPRETEE_OCR",
    "COMPLETEE",
    "ERREUR_FOURNISSEUR_SUR_MOA",
    "ERREUR_MOE_SUR_MOA",
    "ERREUR_DESTINATAIRE_PD",
    "ERREUR_DESTINATAIRE_EA",
    "SERVICE_FAIT",
    "NON_CONFORME",
    "A_ASSOCIER_MOE",
    "ERREUR_DE_MOE",
    "MISE_A_DISPOSITION_MOE",
    "PRISE_EN_COMPTE_MOE",
    "A_ASSOCIER_MOA",
    "ERREUR_DE_MOA",
    "REFUSEE_MOA",
    "A_ASSOCIER_FOURNISSEUR",
    "REFUSEE_FOURNISSEUR",
    "A_COMPLETER",
    "TRANSMISE_MOA",
    "PRISE_EN_COMPTE_DESTINATAIRE",
    "REMPLACEE_PAR_A22",
    "DUPLIQUE_APRES_REFUS",
    "MISE_A_DISPOSITION_MOA",
    "PRISE_EN_COMPTE_MOA",
    "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE",
    "TECHNIQUE_INCONNU",
};

static void
test_status_vocabulary (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (platform_statuses); i++)
    {
      const char *code = platform_statuses[i];
      ChorusStatus status = chorus_status_from_api (code);

      g_assert_cmpint (status, !=, CHORUS_STATUS_UNKNOWN);
      g_assert_cmpstr (chorus_status_to_api (status), ==, code);
      /* A real label, not the code and not a fallback made from it. */
      g_assert_cmpstr (chorus_status_code_label (code), ==, chorus_status_label (status));
      g_assert_cmpstr (chorus_status_code_label (code), !=, code);
      g_assert_cmpint (chorus_status_code_group (code), !=, CHORUS_STATUS_GROUP_ALL);
    }
  g_assert_cmpint (G_N_ELEMENTS (platform_statuses), ==, CHORUS_STATUS_LAST - 1);
  /* The codes that do not exist on the platform are not invented. */
  g_assert_cmpint (chorus_status_from_api ("A_VALIDER"), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpint (chorus_status_from_api ("VALIDEE"), ==, CHORUS_STATUS_UNKNOWN);
  g_assert_cmpint (chorus_status_from_api ("PRISE_EN_COMPTE"), ==, CHORUS_STATUS_UNKNOWN);
}

static void
test_unknown_status_code (void)
{
  /* A status the platform adds later: kept and shown as words, in the "other" group. */
  g_assert_cmpstr (chorus_status_code_label ("NOUVEL_ETAT_2027"), ==, "Nouvel etat 2027");
  g_assert_cmpint (chorus_status_code_group ("NOUVEL_ETAT_2027"), ==, CHORUS_STATUS_GROUP_OTHER);
  g_assert_cmpstr (chorus_status_code_label (NULL), ==, "");
  g_assert_cmpstr (chorus_status_code_label (""), ==, "");
  /* Control characters never reach a label; a huge code is cut. */
  g_assert_cmpstr (chorus_status_code_label ("A\nB"), ==, "Ab");
  g_assert_cmpuint (strlen (chorus_status_code_label ("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")), <=, 80);
  g_assert_true (chorus_status_code_intern ("SERVICE_FAIT") == chorus_status_code_intern ("SERVICE_FAIT"));
  g_assert_null (chorus_status_code_intern (""));
}

static void
test_cadre_round_trip (void)
{
  for (int c = CHORUS_CADRE_A1; c < CHORUS_CADRE_LAST; c++)
    {
      const char *api = chorus_cadre_to_api ((ChorusCadre) c);
      g_autofree char *prefix = g_strconcat (chorus_cadre_short_code ((ChorusCadre) c), "_", NULL);

      g_assert_true (g_str_has_prefix (api, prefix));
      g_assert_cmpint (chorus_cadre_from_api (api), ==, c);
    }
  g_assert_true (chorus_cadre_is_works (CHORUS_CADRE_A4));
  g_assert_true (chorus_cadre_is_works (CHORUS_CADRE_A20));
  g_assert_false (chorus_cadre_is_works (CHORUS_CADRE_A1));
  g_assert_false (chorus_cadre_is_works (CHORUS_CADRE_A21));
}

/* Every VAT type and invoice type reads back from its wire string; an unknown one is UNKNOWN. */
static void
test_vat_and_invoice_type_round_trip (void)
{
  for (int v = CHORUS_VAT_TYPE_UNKNOWN + 1; v < CHORUS_VAT_TYPE_LAST; v++)
    {
      const char *api = chorus_vat_type_to_api ((ChorusVatType) v);

      g_assert_nonnull (api);
      g_assert_cmpint (chorus_vat_type_from_api (api), ==, v);
    }
  g_assert_cmpint (chorus_vat_type_from_api ("TVA_SUR_LUNE"), ==, CHORUS_VAT_TYPE_UNKNOWN);
  g_assert_cmpint (chorus_vat_type_from_api (NULL), ==, CHORUS_VAT_TYPE_UNKNOWN);

  for (int t = CHORUS_INVOICE_TYPE_UNKNOWN + 1; t < CHORUS_INVOICE_TYPE_LAST; t++)
    {
      const char *api = chorus_invoice_type_to_api ((ChorusInvoiceType) t);

      g_assert_nonnull (api);
      g_assert_cmpint (chorus_invoice_type_from_api (api), ==, t);
    }
  g_assert_cmpint (chorus_invoice_type_from_api ("FACTURE"), ==, CHORUS_INVOICE_TYPE_FACTURE);
  g_assert_cmpint (chorus_invoice_type_from_api ("AVOIR"), ==, CHORUS_INVOICE_TYPE_AVOIR);
  g_assert_cmpint (chorus_invoice_type_from_api ("NOTE"), ==, CHORUS_INVOICE_TYPE_UNKNOWN);
}

static void
test_groups (void)
{
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_MISE_A_DISPOSITION), ==, CHORUS_STATUS_GROUP_TO_PROCESS);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_COMPLETEE), ==, CHORUS_STATUS_GROUP_TO_PROCESS);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_SUSPENDUE), ==, CHORUS_STATUS_GROUP_SENT_BACK);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_MANDATEE), ==, CHORUS_STATUS_GROUP_PROCESSED);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_A_VALIDER_1), ==, CHORUS_STATUS_GROUP_IN_VALIDATION);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_A_VALIDER_2), ==, CHORUS_STATUS_GROUP_IN_VALIDATION);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_REFUSEE_1), ==, CHORUS_STATUS_GROUP_SENT_BACK);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_MISE_A_DISPOSITION_MOE), ==, CHORUS_STATUS_GROUP_WORKS);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_EN_COURS_ACHEMINEMENT), ==, CHORUS_STATUS_GROUP_IN_TRANSIT);
  g_assert_cmpint (chorus_status_get_group (CHORUS_STATUS_ABANDONNEE), ==, CHORUS_STATUS_GROUP_OTHER);
  for (int g = CHORUS_STATUS_GROUP_ALL; g < CHORUS_STATUS_GROUP_LAST; g++)
    g_assert_cmpstr (chorus_status_group_label ((ChorusStatusGroup) g), !=, "Unknown");
  g_assert_true (chorus_status_needs_motif (CHORUS_STATUS_REJETEE));
  g_assert_true (chorus_status_needs_motif (CHORUS_STATUS_SUSPENDUE));
  g_assert_false (chorus_status_needs_motif (CHORUS_STATUS_A_RECYCLER));
}

static gboolean
contains (const ChorusStatus *list, gsize n, ChorusStatus s)
{
  for (gsize i = 0; i < n; i++)
    if (list[i] == s)
      return TRUE;
  return FALSE;
}

static void
test_transitions (void)
{
  ChorusStatus targets[16];
  gsize n;

  n = chorus_status_recipient_targets (CHORUS_STATUS_MISE_A_DISPOSITION, targets, G_N_ELEMENTS (targets));
  g_assert_cmpuint (n, ==, 8);
  g_assert_cmpint (targets[0], ==, CHORUS_STATUS_SERVICE_FAIT);
  g_assert_true (contains (targets, n, CHORUS_STATUS_REJETEE));

  n = chorus_status_recipient_targets (CHORUS_STATUS_MANDATEE, targets, G_N_ELEMENTS (targets));
  g_assert_false (contains (targets, n, CHORUS_STATUS_REJETEE));
  g_assert_false (contains (targets, n, CHORUS_STATUS_SERVICE_FAIT));
  g_assert_true (contains (targets, n, CHORUS_STATUS_MISE_EN_PAIEMENT));

  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_REJETEE, targets, 16), ==, 0);
  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_MISE_EN_PAIEMENT, targets, 16), ==, 0);
  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_SUSPENDUE, targets, 16), ==, 0);

  /* A short buffer is filled, never overrun. */
  g_assert_cmpuint (chorus_status_recipient_targets (CHORUS_STATUS_MISE_A_DISPOSITION, targets, 2), ==, 2);
}

static void
test_amounts (void)
{
  g_autofree char *a = chorus_amount_format (123456789, "EUR");
  g_autofree char *b = chorus_amount_format (-5, "EUR");
  g_autofree char *c = chorus_amount_format (100000, "USD");
  g_autofree char *d = chorus_amount_format (G_MININT64, "");

  g_assert_cmpstr (a, ==, "1\u202f234\u202f567,89\u00a0€");
  g_assert_cmpstr (b, ==, "-0,05\u00a0€");
  g_assert_cmpstr (c, ==, "1\u202f000,00\u00a0USD");
  g_assert_true (g_str_has_prefix (d, "-92\u202f233"));
  g_assert_cmpint (chorus_amount_from_double (9822.5), ==, 982250);
  g_assert_cmpint (chorus_amount_from_double (16.6667), ==, 1667);
  g_assert_cmpint (chorus_amount_from_double (0.1 + 0.2), ==, 30);
}

static void
test_dates_and_siret (void)
{
  g_autofree char *d = chorus_date_format ("2026-11-23");
  g_autofree char *bad = chorus_date_format ("garbage");

  g_assert_cmpstr (d, ==, "23/11/2026");
  g_assert_cmpstr (bad, ==, "garbage");
  g_assert_null (chorus_date_format (NULL));

  g_assert_true (chorus_siret_is_valid ("73282932000074"));
  g_assert_false (chorus_siret_is_valid ("73282932000075"));
  g_assert_false (chorus_siret_is_valid ("7328293200007"));
  g_assert_false (chorus_siret_is_valid ("7328293200007A"));
  g_assert_true (chorus_siret_is_valid ("35600000000048"));
}

static void
test_amount_parse (void)
{
  struct { const char *text; gboolean ok; gint64 cents; } cases[] = {
    { "1234,56", TRUE, 123456 }, { "1 234,56", TRUE, 123456 }, { "1234.5", TRUE, 123450 },
    { "-12", TRUE, -1200 }, { "0,07", TRUE, 7 }, { " 3 ", TRUE, 300 },
    { "1\u202f234,56\u00a0€", TRUE, 123456 }, { "12 €", TRUE, 1200 },
    { "", FALSE, 0 }, { ",", FALSE, 0 }, { "1,234", FALSE, 0 }, { "1,2,3", FALSE, 0 },
    { "12a", FALSE, 0 }, { "99999999999999999999", FALSE, 0 }, { "€", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cents = -1;

      g_assert_cmpint (chorus_amount_parse (cases[i].text, &cents), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (cents, ==, cases[i].cents);
    }
  for (gint64 v = -100001; v <= 100001; v += 33333)
    {
      g_autofree char *text = chorus_amount_format (v, "EUR");
      gint64 back = 0;

      g_assert_true (chorus_amount_parse (text, &back));
      g_assert_cmpint (back, ==, v);
    }
  g_assert_false (chorus_amount_parse (NULL, &(gint64) { 0 }));
}

/* Codes that stay strings are shown as words, known or not (in C: the English msgids). */
static void
test_api_labels (void)
{
  const char *const *syntaxes = chorus_flow_syntaxes ();

  g_assert_cmpstr (chorus_flow_state_label ("IN_INTEGRE"), ==, "Integrated");
  g_assert_cmpstr (chorus_flow_state_label ("IN_INTEGRE_PARTIEL"), ==, "Partly integrated");
  g_assert_cmpstr (chorus_flow_state_label ("IN_REJETE"), ==, "Rejected");
  /* Other IN_* states lose the prefix and read as words; never the raw code, never "unknown". */
  g_assert_cmpstr (chorus_flow_state_label ("IN_EN_COURS_TRAITEMENT"), ==, "En cours traitement");
  g_assert_true (g_str_has_prefix (chorus_flow_state_label ("IN_"), "In"));
  g_assert_cmpstr (chorus_flow_state_label (NULL), ==, "");
  g_assert_true (chorus_flow_state_is_rejected ("IN_REJETE"));
  g_assert_true (chorus_flow_state_is_integrated ("IN_INTEGRE_PARTIEL"));
  g_assert_false (chorus_flow_state_is_integrated ("IN_EN_COURS_TRAITEMENT"));

  g_assert_cmpstr (chorus_request_type_label ("FACTURE"), ==, "Invoice");
  g_assert_cmpstr (chorus_request_type_label ("FACTURE_TRAVAUX"), ==, "Works invoice");
  g_assert_cmpstr (chorus_request_type_label ("DEMANDE_REMBOURSEMENT"), ==, "Demande remboursement");
  g_assert_cmpstr (chorus_deposit_format_label ("PDF_SIGNE_PADES"), ==, "PDF signed (PAdES)");
  g_assert_cmpstr (chorus_flow_syntax_label ("IN_DP_E2_CII_FACTURX"), ==, "Factur-X (PDF with CII XML)");
  g_assert_cmpstr (chorus_flow_syntax_label ("IN_DP_E4_NOUVEAU"), ==, "E4 nouveau");

  /* Every syntax of §0.5 is offered, Factur-X first, each with a label of its own. */
  g_assert_cmpuint (g_strv_length ((char **) syntaxes), ==, 10);
  g_assert_cmpstr (syntaxes[0], ==, "IN_DP_E2_CII_FACTURX");
  for (guint i = 0; syntaxes[i] != NULL; i++)
    g_assert_false (g_str_has_prefix (chorus_flow_syntax_label (syntaxes[i]), "IN_"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/status-round-trip", test_status_round_trip);
  g_test_add_func ("/types/status-vocabulary", test_status_vocabulary);
  g_test_add_func ("/types/unknown-status-code", test_unknown_status_code);
  g_test_add_func ("/types/cadre-round-trip", test_cadre_round_trip);
  g_test_add_func ("/types/vat-and-invoice-type-round-trip", test_vat_and_invoice_type_round_trip);
  g_test_add_func ("/types/groups", test_groups);
  g_test_add_func ("/types/transitions", test_transitions);
  g_test_add_func ("/types/amounts", test_amounts);
  g_test_add_func ("/types/amount-parse", test_amount_parse);
  g_test_add_func ("/types/dates-siret", test_dates_and_siret);
  g_test_add_func ("/types/api-labels", test_api_labels);
  return g_test_run ();
}
