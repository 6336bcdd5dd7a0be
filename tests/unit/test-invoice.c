/* test-invoice.c: the invoice object and its copies (deadlines: test-deadline.c). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-invoice.h"
#include "chorus-status.h"

static void
test_fields_and_copy (void)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  g_autoptr(ChorusInvoice) copy = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  ChorusInvoiceLine line = { 1, (char *) "REF", (char *) "Formation", 2.0, (char *) "jour", 45000, 0, (char *) "TVA5", 20.0, 90000 };

  chorus_invoice_set_number (invoice, "F-2026-001");
  chorus_invoice_set_amount_ttc (invoice, 108000);
  chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_ptr_array_add (lines, chorus_invoice_line_copy (&line));
  chorus_invoice_set_lines (invoice, lines);

  copy = chorus_invoice_copy (invoice);
  chorus_invoice_set_number (invoice, "changed");
  g_assert_cmpstr (chorus_invoice_get_number (copy), ==, "F-2026-001");
  g_assert_cmpint (chorus_invoice_get_amount_ttc (copy), ==, 108000);
  g_assert_cmpint (chorus_invoice_get_status (copy), ==, CHORUS_STATUS_MISE_A_DISPOSITION);
  g_assert_cmpuint (chorus_invoice_get_lines (copy)->len, ==, 1);
  g_assert_true (g_ptr_array_index (chorus_invoice_get_lines (copy), 0) != g_ptr_array_index (lines, 0));
  g_assert_cmpstr (((ChorusInvoiceLine *) g_ptr_array_index (chorus_invoice_get_lines (copy), 0))->label, ==, "Formation");
  g_assert_null (chorus_invoice_get_history (copy));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/invoice/fields-and-copy", test_fields_and_copy);
  return g_test_run ();
}
