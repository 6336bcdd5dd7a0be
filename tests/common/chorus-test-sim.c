/* chorus-test-sim.c: a running simulator and a client logged in to it, for tests. */
#include "config.h"

#include "chorus-test-sim.h"

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
