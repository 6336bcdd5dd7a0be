/* test-deposit-rules.c: local validation of a deposit, rule by rule, with French messages. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chorus-deposit-rules.h"

#define RECIPIENT_SIRET "21750001600019"  /* valid check key */
#define TODAY "2026-11-23"

static ChorusInvoice *
valid_deposit (void)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  GPtrArray *vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  ChorusVatLine *line = g_new0 (ChorusVatLine, 1);

  chorus_invoice_set_number (invoice, "FA-2026/0042");
  chorus_invoice_set_invoice_date (invoice, "2026-11-20");
  chorus_invoice_set_recipient_code (invoice, RECIPIENT_SIRET);
  chorus_invoice_set_service_code (invoice, "SERV01");
  chorus_invoice_set_engagement_number (invoice, "EJ1000042");
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_amount_ht (invoice, 100000);
  chorus_invoice_set_amount_vat (invoice, 20000);
  chorus_invoice_set_amount_ttc (invoice, 120000);
  chorus_invoice_set_amount_to_pay (invoice, 120000);
  line->rate_code = g_strdup ("TVA20");
  line->rate = 20.0;
  line->base_ht = 100000;
  line->vat_amount = 20000;
  g_ptr_array_add (vat_lines, line);
  chorus_invoice_set_vat_lines (invoice, vat_lines);
  g_ptr_array_unref (vat_lines);
  return invoice;
}

static const ChorusRecipientRules open_recipient = {
  .found = TRUE, .active = TRUE, .service_found = TRUE, .service_active = TRUE,
};

static const ChorusDepositContext supplier_context = {
  .role = CHORUS_ROLE_FOURNISSEUR, .channel = CHORUS_DEPOSIT_CHANNEL_SERVICE, .today = TODAY,
};

static GPtrArray *
check (ChorusInvoice *invoice, const ChorusRecipientRules *rules)
{
  return chorus_deposit_check (invoice, rules, &supplier_context);
}

/* Exactly one problem, about @field. */
static void
assert_only (GPtrArray *problems, ChorusDepositField field)
{
  g_autofree char *all = chorus_deposit_problems_join (problems);

  if (problems->len != 1 || chorus_deposit_problems_find (problems, field) == NULL)
    g_error ("expected one problem on field %d, got %u:\n%s", field, problems->len, all);
}

static void
test_valid (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = check (invoice, &open_recipient);
  g_autofree char *all = chorus_deposit_problems_join (problems);

  g_assert_cmpstr (all, ==, "");
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_number (void)
{
  g_assert_true (chorus_deposit_number_is_valid ("FA-2026/0042"));
  g_assert_true (chorus_deposit_number_is_valid ("A+B_C"));
  g_assert_true (chorus_deposit_number_is_valid ("12345678901234567890"));
  g_assert_false (chorus_deposit_number_is_valid ("123456789012345678901"));
  g_assert_false (chorus_deposit_number_is_valid ("FA 42"));
  g_assert_false (chorus_deposit_number_is_valid ("FACTURE-É1"));
  g_assert_false (chorus_deposit_number_is_valid (""));
  g_assert_false (chorus_deposit_number_is_valid (NULL));

  {
    g_autoptr(ChorusInvoice) invoice = valid_deposit ();
    g_autoptr(GPtrArray) problems = NULL;

    chorus_invoice_set_number (invoice, "FACTURE N°42");
    problems = check (invoice, &open_recipient);
    assert_only (problems, CHORUS_DEPOSIT_FIELD_NUMBER);
    g_assert_nonnull (strstr (((ChorusDepositProblem *) problems->pdata[0])->message, "- _ / +"));
  }
  {
    g_autoptr(ChorusInvoice) invoice = valid_deposit ();
    g_autoptr(GPtrArray) problems = NULL;

    chorus_invoice_set_number (invoice, NULL);
    problems = check (invoice, &open_recipient);
    assert_only (problems, CHORUS_DEPOSIT_FIELD_NUMBER);
  }
}

static void
test_date (void)
{
  const char *bad[] = { "2026-02-30", "23/11/2026", "2026-1-01", "2026-11-23x", "" };

  g_assert_true (chorus_deposit_date_is_valid ("2024-02-29"));
  g_assert_false (chorus_deposit_date_is_valid ("2023-02-29"));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ChorusInvoice) invoice = valid_deposit ();
      g_autoptr(GPtrArray) problems = NULL;

      chorus_invoice_set_invoice_date (invoice, bad[i]);
      problems = check (invoice, &open_recipient);
      assert_only (problems, CHORUS_DEPOSIT_FIELD_DATE);
    }
  {
    g_autoptr(ChorusInvoice) invoice = valid_deposit ();
    g_autoptr(GPtrArray) problems = NULL;

    chorus_invoice_set_invoice_date (invoice, "2026-11-24");
    problems = check (invoice, &open_recipient);
    assert_only (problems, CHORUS_DEPOSIT_FIELD_DATE);
    chorus_invoice_set_invoice_date (invoice, TODAY);
    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = check (invoice, &open_recipient);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_recipient (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;
  ChorusRecipientRules rules = open_recipient;

  chorus_invoice_set_recipient_code (invoice, "21750001600018");
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT);
  g_clear_pointer (&problems, g_ptr_array_unref);

  chorus_invoice_set_recipient_code (invoice, RECIPIENT_SIRET);
  rules.active = FALSE;
  problems = check (invoice, &rules);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Without the directory's answer, only the SIRET itself is checked. */
  problems = check (invoice, NULL);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_service_and_engagement (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;
  ChorusRecipientRules rules = open_recipient;

  /* Service required. */
  rules.service_required = TRUE;
  chorus_invoice_set_service_code (invoice, NULL);
  problems = check (invoice, &rules);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_SERVICE);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Unknown service. */
  chorus_invoice_set_service_code (invoice, "NOPE");
  rules.service_found = FALSE;
  problems = check (invoice, &rules);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_SERVICE);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Engagement required by the structure. */
  rules = open_recipient;
  rules.engagement_required = TRUE;
  chorus_invoice_set_service_code (invoice, "SERV01");
  chorus_invoice_set_engagement_number (invoice, "");
  problems = check (invoice, &rules);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Engagement required by the service only. */
  rules = open_recipient;
  rules.service_engagement_required = TRUE;
  problems = check (invoice, &rules);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT);
  g_assert_nonnull (strstr (((ChorusDepositProblem *) problems->pdata[0])->message, "service"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Either one: a service suffices; nothing fails. */
  rules = open_recipient;
  rules.engagement_or_service = TRUE;
  problems = check (invoice, &rules);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  chorus_invoice_set_service_code (invoice, NULL);
  problems = check (invoice, &rules);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_ENGAGEMENT);
}

static void
test_amounts (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;

  /* HT + TVA ≠ TTC. */
  chorus_invoice_set_amount_ttc (invoice, 120001);
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TTC);
  g_assert_nonnull (strstr (((ChorusDepositProblem *) problems->pdata[0])->message, "1\u202f200,01"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Net à payer above TTC; below is fine (retenue de garantie, advance already paid). */
  chorus_invoice_set_amount_ttc (invoice, 120000);
  chorus_invoice_set_amount_to_pay (invoice, 120001);
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY);
  g_clear_pointer (&problems, g_ptr_array_unref);
  chorus_invoice_set_amount_to_pay (invoice, 114000);
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Exempt: no VAT. */
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_EXONERATION);
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_VAT);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Already paid (A2): nothing to pay. */
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A2);
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY);
  g_clear_pointer (&problems, g_ptr_array_unref);
  chorus_invoice_set_amount_to_pay (invoice, 0);
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_vat_lines (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;
  GPtrArray *lines = chorus_invoice_get_vat_lines (invoice);
  ChorusVatLine *first = g_ptr_array_index (lines, 0);
  ChorusVatLine *second = g_new0 (ChorusVatLine, 1);

  /* Two rates: 800 € at 20 % and 200 € at 5,5 % = 160 + 11 = 171 € of VAT. */
  first->base_ht = 80000;
  first->vat_amount = 16000;
  second->rate_code = g_strdup ("TVA5");
  second->rate = 5.5;
  second->base_ht = 20000;
  second->vat_amount = 1100;
  g_ptr_array_add (lines, second);
  chorus_invoice_set_amount_vat (invoice, 17100);
  chorus_invoice_set_amount_ttc (invoice, 117100);
  chorus_invoice_set_amount_to_pay (invoice, 117100);
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A wrong line amount: its own message, and the total no longer matches. */
  second->vat_amount = 1200;
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (((ChorusDepositProblem *) problems->pdata[0])->message, "5,5"));
  g_assert_cmpint (((ChorusDepositProblem *) problems->pdata[1])->field, ==, CHORUS_DEPOSIT_FIELD_VAT_LINES);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Bases not adding up to HT. */
  second->vat_amount = 1100;
  second->base_ht = 20001;
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES);
}

static void
test_lines (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  ChorusInvoiceLine *line = g_new0 (ChorusInvoiceLine, 1);

  line->label = g_strdup ("Journée de formation");
  line->quantity = 4;
  line->unit_price_ht = 25000;
  line->total_ht = 100000;
  g_ptr_array_add (lines, line);
  chorus_invoice_set_lines (invoice, lines);
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  line = g_ptr_array_index (chorus_invoice_get_lines (invoice), 0);
  line->discount_ht = 1000;
  problems = check (invoice, &open_recipient);
  /* The line's own total is wrong, and the lines no longer add up to HT. */
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((ChorusDepositProblem *) problems->pdata[0])->field, ==, CHORUS_DEPOSIT_FIELD_LINES);
  g_clear_pointer (&problems, g_ptr_array_unref);

  line->total_ht = 99000;
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_LINES);
}

static void
test_credit_note (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;

  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_AVOIR);
  chorus_invoice_set_number (invoice, "AV-2026-7");
  problems = check (invoice, &open_recipient);
  /* A payment mode and no original invoice: two problems. */
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_PAYMENT_MODE));
  g_assert_nonnull (chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER));
  g_clear_pointer (&problems, g_ptr_array_unref);

  chorus_invoice_set_payment_mode (invoice, NULL);
  chorus_invoice_set_original_number (invoice, "AV-2026-7");
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER);
  g_clear_pointer (&problems, g_ptr_array_unref);

  chorus_invoice_set_original_number (invoice, "FA-2026/0042");
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_cadre (void)
{
  g_autoptr(ChorusInvoice) invoice = valid_deposit ();
  g_autoptr(GPtrArray) problems = NULL;
  ChorusDepositContext context = supplier_context;

  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_UNKNOWN);
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_CADRE);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Works pieces are deposited from the works workspace, never with factures/v1/soumettre. */
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A4);
  problems = check (invoice, &open_recipient);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_CADRE);
  g_clear_pointer (&problems, g_ptr_array_unref);
  context.role = CHORUS_ROLE_MOE;
  context.previous_cadre = CHORUS_CADRE_A4;
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A15);
  problems = chorus_deposit_check (invoice, &open_recipient, &context);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_CADRE);
  g_clear_pointer (&problems, g_ptr_array_unref);
  context.role = CHORUS_ROLE_FOURNISSEUR;
  context.previous_cadre = CHORUS_CADRE_UNKNOWN;

  /* A subcontractor's invoice names the main contractor who validates it first: a real SIRET,
   * another company's. An ordinary invoice asks for none. */
  chorus_invoice_set_supplier_code (invoice, "40814076343116");
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A9);
  /* None, a wrong check digit, the supplier itself. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *const wrong[] = { NULL, "40814076343117", "40814076343116" };

      chorus_invoice_set_validator_code (invoice, wrong[i]);
      problems = check (invoice, &open_recipient);
      assert_only (problems, CHORUS_DEPOSIT_FIELD_VALIDATOR);
      g_clear_pointer (&problems, g_ptr_array_unref);
    }
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A12);
  chorus_invoice_set_validator_code (invoice, RECIPIENT_SIRET);
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_true (chorus_deposit_cadre_has_validator (CHORUS_CADRE_A9));
  g_assert_false (chorus_deposit_cadre_has_validator (CHORUS_CADRE_A1));
  g_assert_false (chorus_deposit_cadre_has_validator (CHORUS_CADRE_A10));
  chorus_invoice_set_validator_code (invoice, NULL);

  /* PDF mode without the uploaded PDF. */
  context.needs_attachment = TRUE;
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  problems = chorus_deposit_check (invoice, &open_recipient, &context);
  assert_only (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT);
  g_clear_pointer (&problems, g_ptr_array_unref);
  chorus_invoice_set_main_attachment_id (invoice, 77);
  problems = chorus_deposit_check (invoice, &open_recipient, &context);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Every message of a completely empty deposit is in French under the French locale. */
static void
test_french (void)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  g_autoptr(GPtrArray) problems = NULL;
  const ChorusDepositProblem *number;

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("fr_FR.UTF-8 locale not available");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  problems = check (invoice, &open_recipient);
  g_assert_cmpuint (problems->len, >=, 5);
  number = chorus_deposit_problems_find (problems, CHORUS_DEPOSIT_FIELD_NUMBER);
  g_assert_nonnull (number);
  g_assert_cmpstr (number->message, ==, "Le numéro de facture est obligatoire.");
  setlocale (LC_ALL, "C");
}

int
main (int argc, char *argv[])
{
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CHORUS_DESK_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deposit/valid", test_valid);
  g_test_add_func ("/deposit/number", test_number);
  g_test_add_func ("/deposit/date", test_date);
  g_test_add_func ("/deposit/recipient", test_recipient);
  g_test_add_func ("/deposit/service-engagement", test_service_and_engagement);
  g_test_add_func ("/deposit/amounts", test_amounts);
  g_test_add_func ("/deposit/vat-lines", test_vat_lines);
  g_test_add_func ("/deposit/lines", test_lines);
  g_test_add_func ("/deposit/credit-note", test_credit_note);
  g_test_add_func ("/deposit/cadre", test_cadre);
  g_test_add_func ("/deposit/french", test_french);
  return g_test_run ();
}
