/* fuzz-facturx-xml.c: libFuzzer target over the invoice XML reader, its checks and the deposit mapping. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>

#include "chorus-duplicates.h"
#include "chorus-facturx.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = NULL;
  g_autoptr(ChorusInvoice) chorus = NULL;
  g_autoptr(ChorusInvoice) deposit = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *normalized = NULL;

  doc = chorus_facturx_read_xml ((const char *) data, size, &error);
  if (doc == NULL)
    {
      /* Every refusal is a clean error of our domain with a message. */
      g_assert (error != NULL && error->domain == CHORUS_FACTURX_ERROR && error->message != NULL);
      return 0;
    }

  chorus = chorus_invoice_new ();
  chorus_invoice_set_number (chorus, "F-0001");
  chorus_invoice_set_invoice_date (chorus, "2026-01-31");
  chorus_invoice_set_supplier_code (chorus, "12345678200077");
  chorus_invoice_set_recipient_code (chorus, "98765432100029");
  chorus_invoice_set_service_code (chorus, "SERVEXEC");
  chorus_invoice_set_engagement_number (chorus, "PO1");
  chorus_invoice_set_amount_ttc (chorus, 10490);
  chorus_invoice_set_amount_ht (chorus, 10000);
  chorus_invoice_set_invoice_type (chorus, CHORUS_INVOICE_TYPE_FACTURE);

  checks = chorus_facturx_cross_check (doc, chorus);
  g_assert (checks != NULL);
  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      g_assert (check->message != NULL && g_utf8_validate (check->message, -1, NULL));
    }
  deposit = chorus_facturx_to_invoice (doc, NULL);
  normalized = chorus_duplicates_normalize_number (chorus_facturx_document_get_number (doc));
  (void) chorus_duplicates_compare (chorus, deposit, NULL);
  (void) chorus_facturx_document_get_flux_syntax (doc);
  return 0;
}
