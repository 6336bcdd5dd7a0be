/* test-deposit-draft.c: drafts survive a JSON round trip and the drafts folder; damaged files are refused. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "chorus-deposit-draft.h"

static ChorusDepositDraft *
sample_draft (void)
{
  ChorusDepositDraft *draft = chorus_deposit_draft_new ();
  g_autoptr(GPtrArray) vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  ChorusVatLine vat = { (char *) "TVA5", 5.5, 20000, 1100 };
  ChorusInvoiceLine line = { 1, (char *) "R1", (char *) "Stage « sécurité »", 2.5, (char *) "jour", 8000, 0,
                             (char *) "TVA5", 5.5, 20000 };

  draft->pdf_path = g_strdup ("/tmp/facture été.pdf");
  draft->previous_piece_id = 4242;
  draft->flux_syntax = g_strdup ("IN_DP_E2_CII_FACTURX");
  draft->previous_cadre = CHORUS_CADRE_A4;
  chorus_invoice_set_number (draft->invoice, "FA-1");
  chorus_invoice_set_recipient_code (draft->invoice, "21750001600019");
  chorus_invoice_set_validator_code (draft->invoice, "40814076343116");
  chorus_invoice_set_cadre (draft->invoice, CHORUS_CADRE_A15);
  chorus_invoice_set_invoice_type (draft->invoice, CHORUS_INVOICE_TYPE_AVOIR);
  chorus_invoice_set_vat_type (draft->invoice, CHORUS_VAT_TYPE_SUR_ENCAISSEMENT);
  chorus_invoice_set_amount_ht (draft->invoice, 20000);
  chorus_invoice_set_amount_ttc (draft->invoice, G_GINT64_CONSTANT (900719925474099300));
  g_ptr_array_add (vat_lines, chorus_vat_line_copy (&vat));
  g_ptr_array_add (lines, chorus_invoice_line_copy (&line));
  chorus_invoice_set_vat_lines (draft->invoice, vat_lines);
  chorus_invoice_set_lines (draft->invoice, lines);
  return draft;
}

static void
assert_same (ChorusDepositDraft *a, ChorusDepositDraft *b)
{
  const ChorusVatLine *vat;
  const ChorusInvoiceLine *line;

  g_assert_cmpstr (a->pdf_path, ==, b->pdf_path);
  g_assert_cmpint (a->previous_piece_id, ==, b->previous_piece_id);
  g_assert_cmpstr (a->flux_syntax, ==, b->flux_syntax);
  g_assert_cmpint (a->previous_cadre, ==, b->previous_cadre);
  g_assert_cmpstr (chorus_invoice_get_number (a->invoice), ==, chorus_invoice_get_number (b->invoice));
  g_assert_cmpstr (chorus_invoice_get_recipient_code (a->invoice), ==, chorus_invoice_get_recipient_code (b->invoice));
  /* Not a cached field, but the deposit in the outbox needs it. */
  g_assert_cmpstr (chorus_invoice_get_validator_code (b->invoice), ==, "40814076343116");
  g_assert_cmpint (chorus_invoice_get_cadre (b->invoice), ==, CHORUS_CADRE_A15);
  g_assert_cmpint (chorus_invoice_get_invoice_type (b->invoice), ==, CHORUS_INVOICE_TYPE_AVOIR);
  g_assert_cmpint (chorus_invoice_get_vat_type (b->invoice), ==, CHORUS_VAT_TYPE_SUR_ENCAISSEMENT);
  g_assert_cmpint (chorus_invoice_get_amount_ttc (b->invoice), ==, G_GINT64_CONSTANT (900719925474099300));
  g_assert_cmpint (chorus_invoice_get_amount_vat (b->invoice), ==, 0);
  g_assert_null (chorus_invoice_get_service_code (b->invoice));
  vat = g_ptr_array_index (chorus_invoice_get_vat_lines (b->invoice), 0);
  g_assert_cmpstr (vat->rate_code, ==, "TVA5");
  g_assert_cmpfloat (vat->rate, ==, 5.5);
  g_assert_cmpint (vat->vat_amount, ==, 1100);
  line = g_ptr_array_index (chorus_invoice_get_lines (b->invoice), 0);
  g_assert_cmpstr (line->label, ==, "Stage « sécurité »");
  g_assert_cmpfloat (line->quantity, ==, 2.5);
  g_assert_cmpint (line->total_ht, ==, 20000);
}

static void
test_round_trip (void)
{
  g_autoptr(ChorusDepositDraft) draft = sample_draft ();
  g_autoptr(JsonNode) node = chorus_deposit_draft_to_json (draft);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusDepositDraft) back = chorus_deposit_draft_from_json (node, &error);

  g_assert_no_error (error);
  assert_same (draft, back);
}

static void
test_damaged (void)
{
  const char *bodies[] = {
    "[]",
    "{\"invoice\": 3}",
    "{\"invoice\": {\"number\": 42}}",
    "{\"invoice\": {\"amount_ht\": \"12\"}}",
    "{\"invoice\": {\"vatLines\": {}}}",
    "{\"invoice\": {\"vatLines\": [1]}}",
    "{\"invoice\": {\"lines\": [{\"quantity\": \"x\"}]}}",
    "{\"pdfPath\": [], \"invoice\": {}}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(ChorusDepositDraft) draft = NULL;

      g_assert_true (json_parser_load_from_data (parser, bodies[i], -1, NULL));
      draft = chorus_deposit_draft_from_json (json_parser_get_root (parser), &error);
      g_assert_null (draft);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("chorus-drafts-XXXXXX", NULL);
  g_autoptr(ChorusDepositDraft) first = sample_draft ();
  g_autoptr(ChorusDepositDraft) second = sample_draft ();
  g_autoptr(ChorusDepositDraft) loaded = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_build_filename (dir, "junk.json", NULL);

  g_assert_true (chorus_deposit_draft_save (first, dir, &error));
  g_assert_no_error (error);
  g_assert_nonnull (first->id);
  g_usleep (2000);
  chorus_invoice_set_number (second->invoice, "FA-2");
  g_assert_true (chorus_deposit_draft_save (second, dir, &error));
  g_assert_true (g_file_set_contents (junk, "{not json", -1, NULL));

  drafts = chorus_deposit_draft_list (dir);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpstr (chorus_invoice_get_number (((ChorusDepositDraft *) drafts->pdata[0])->invoice), ==, "FA-2");

  loaded = chorus_deposit_draft_load (dir, first->id, &error);
  g_assert_no_error (error);
  assert_same (first, loaded);

  /* Ids are file names we made: anything else is refused. */
  g_assert_null (chorus_deposit_draft_load (dir, "../etc/passwd", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);

  g_assert_true (chorus_deposit_draft_delete (dir, first->id, &error));
  g_assert_true (chorus_deposit_draft_delete (dir, second->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = chorus_deposit_draft_list (dir);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_unlink (junk);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deposit-draft/round-trip", test_round_trip);
  g_test_add_func ("/deposit-draft/damaged", test_damaged);
  g_test_add_func ("/deposit-draft/folder", test_folder);
  return g_test_run ();
}
