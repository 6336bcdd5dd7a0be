/* chorus-test-sim.c: a running simulator and a client logged in to it, for tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-test-sim.h"
#include "chorus-works.h"

/* A minimal CII D16B invoice: one line of 2 × 50 € HT at 20 % VAT, 120 € TTC. */
static const char cii_invoice[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\""
  " xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\""
  " xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">"
  "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>"
  "<ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>"
  "<rsm:ExchangedDocument><ram:ID>%s</ram:ID><ram:TypeCode>380</ram:TypeCode>"
  "<ram:IssueDateTime><udt:DateTimeString format=\"102\">20261102</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>"
  "<rsm:SupplyChainTradeTransaction>"
  "<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>"
  "<ram:SpecifiedTradeProduct><ram:Name>Formation hygiène</ram:Name></ram:SpecifiedTradeProduct>"
  "<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>"
  "<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>"
  "<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>"
  "<ram:RateApplicablePercent>20</ram:RateApplicablePercent></ram:ApplicableTradeTax>"
  "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>"
  "</ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>"
  "<ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>%s</ram:BuyerReference>"
  "<ram:SellerTradeParty><ram:Name>Vendeur</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0009\">%s</ram:ID>"
  "</ram:SpecifiedLegalOrganization></ram:SellerTradeParty>"
  "<ram:BuyerTradeParty><ram:Name>Acheteur</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0009\">%s</ram:ID>"
  "</ram:SpecifiedLegalOrganization></ram:BuyerTradeParty>%s</ram:ApplicableHeaderTradeAgreement>"
  "<ram:ApplicableHeaderTradeDelivery/><ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>"
  "<ram:ApplicableTradeTax><ram:CalculatedAmount>20.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>"
  "<ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent></ram:ApplicableTradeTax>"
  "<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount>"
  "<ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID=\"EUR\">20.00</ram:TaxTotalAmount>"
  "<ram:GrandTotalAmount>120.00</ram:GrandTotalAmount><ram:DuePayableAmount>120.00</ram:DuePayableAmount>"
  "</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>"
  "</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>\n";

ChorusSim *
chorus_test_sim_start (guint seed, guint n_invoices)
{
  ChorusSimConfig config = { .seed = seed, .n_invoices = n_invoices, .data_dir = NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusSim) sim = chorus_sim_new (&config, &error);

  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (sim, 0, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&sim);
}

ChorusClient *
chorus_test_sim_client (ChorusSim *sim)
{
  ChorusClient *client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, chorus_sim_get_base_url (sim));

  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET,
                                 CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  return client;
}

char *
chorus_test_cii_invoice (const char *number,
                         const char *service_code,
                         const char *seller_siret,
                         const char *buyer_siret,
                         const char *engagement)
{
  g_autofree char *order = engagement != NULL
    ? g_strdup_printf ("<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>%s</ram:IssuerAssignedID>"
                       "</ram:BuyerOrderReferencedDocument>", engagement)
    : g_strdup ("");

  return g_strdup_printf (cii_invoice, number, service_code, seller_siret, buyer_siret, order);
}

static void
keep_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

gboolean
chorus_test_flush_outbox (ChorusSync *sync, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_flush_outbox_async (sync, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return chorus_sync_flush_outbox_finish (sync, result, error);
}

void
chorus_test_fill_invoice (ChorusInvoice *invoice,
                          const char    *number,
                          const char    *recipient_siret,
                          const char    *service_code,
                          gint64         supplier_id)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  g_autoptr(GPtrArray) vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  ChorusInvoiceLine line = { 1, (char *) "FORM-1", (char *) "Formation", 2.0, (char *) "jour", 5000, 0, NULL,
                             20.0, 10000 };
  ChorusVatLine vat = { NULL, 20.0, 10000, 2000 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  g_ptr_array_add (lines, chorus_invoice_line_copy (&line));
  g_ptr_array_add (vat_lines, chorus_vat_line_copy (&vat));
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_recipient_code (invoice, recipient_siret);
  chorus_invoice_set_service_code (invoice, service_code);
  chorus_invoice_set_supplier_id (invoice, supplier_id);
  chorus_invoice_set_cadre (invoice, CHORUS_CADRE_A1);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  chorus_invoice_set_vat_type (invoice, CHORUS_VAT_TYPE_SUR_DEBIT);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_payment_mode (invoice, "VIREMENT");
  chorus_invoice_set_engagement_number (invoice, "EJ-2026-0042");
  chorus_invoice_set_lines (invoice, lines);
  chorus_invoice_set_vat_lines (invoice, vat_lines);
  chorus_invoice_set_amount_ht (invoice, 10000);
  chorus_invoice_set_amount_vat (invoice, 2000);
  chorus_invoice_set_amount_ttc (invoice, 12000);
  chorus_invoice_set_amount_to_pay (invoice, 12000);
}

ChorusWorksDeposit *
chorus_test_works_first_deposit (ChorusCadre  cadre,
                                 const char  *number,
                                 gint64       supplier_id,
                                 gint64       moe_id,
                                 gint64       moa_id,
                                 const char  *moa_siret,
                                 const char  *pdf_path)
{
  ChorusWorksDeposit *deposit = chorus_works_deposit_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  deposit->role = chorus_works_cadre_depositor (cadre);
  deposit->cadre = cadre;
  deposit->number = g_strdup (number);
  deposit->invoice_date = g_date_time_format (now, "%Y-%m-%d");
  deposit->amount_ht = 1500000;
  deposit->amount_vat = 300000;
  deposit->amount_ttc = 1800000;
  deposit->amount_to_pay = 1800000;
  deposit->market_number = g_strdup ("MT-2026-042");
  deposit->supplier_id = supplier_id;
  deposit->recipient_code = g_strdup (moa_siret);
  deposit->moe_id = moe_id;
  deposit->moa_id = moa_id;
  deposit->pdf_path = g_strdup (pdf_path);
  return deposit;
}
