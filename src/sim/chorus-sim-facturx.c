/* chorus-sim-facturx.c: the simulator's invoices as Factur-X: CII XML (EN 16931 profile) embedded
 * in the drawn PDF with its XMP, as an incremental update of that PDF. Reading uploaded invoices
 * is chorus-sim-facturx-read.c. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"

#define FACTURX_NAME "factur-x.xml"

/* ---- the CII invoice (EN 16931 profile) ------------------------------------------------------ */

static char *
amount_text (gint64 cents)
{
  guint64 abs = (guint64) (cents < 0 ? -cents : cents);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "", abs / 100, (guint) (abs % 100));
}

static char *
rate_text (int bp)
{
  return g_strdup_printf ("%d.%02d", bp / 100, bp % 100);
}

/* UN/ECE recommendation 20 codes of the generated lines' units. */
static const char *
unit_code (const char *unite)
{
  static const char *const codes[][2] = {
    { "JOUR", "DAY" }, { "HEURE", "HUR" }, { "KG", "KGM" }, { "M2", "MTK" },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (codes); k++)
    if (g_strcmp0 (unite, codes[k][0]) == 0)
      return codes[k][1];
  return "C62";
}

/* VAT category (UNTDID 5305): exempt training, reverse charge abroad, else standard. */
static const char *
vat_category (const SimInvoice *inv, int bp)
{
  if (g_strcmp0 (inv->type_tva, "SANS_TVA") == 0)
    return "AE";
  if (g_strcmp0 (inv->type_tva, "EXONERATION") == 0 || bp == 0)
    return "E";
  return "S";
}

static void
append_escaped (GString *out, const char *open, const char *text, const char *close)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append_printf (out, "%s%s%s", open, escaped, close);
}

static void
append_party (GString *out, const char *element, const SimStructure *s)
{
  g_string_append_printf (out, "      <ram:%s>\n", element);
  append_escaped (out, "        <ram:Name>", s ? s->designation : NULL, "</ram:Name>\n");
  if (s && g_strcmp0 (s->type_identifiant, "SIRET") == 0)
    append_escaped (out, "        <ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0002\">", s->identifiant,
                    "</ram:ID></ram:SpecifiedLegalOrganization>\n");
  g_string_append (out, "        <ram:PostalTradeAddress>\n");
  append_escaped (out, "          <ram:PostcodeCode>", s ? s->code_postal : NULL, "</ram:PostcodeCode>\n");
  append_escaped (out, "          <ram:LineOne>", s ? s->adresse : NULL, "</ram:LineOne>\n");
  append_escaped (out, "          <ram:CityName>", s ? s->ville : NULL, "</ram:CityName>\n");
  append_escaped (out, "          <ram:CountryID>", s && s->pays ? s->pays : "FR", "</ram:CountryID>\n");
  g_string_append (out, "        </ram:PostalTradeAddress>\n");
  if (s && s->numero_tva)
    append_escaped (out, "        <ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">", s->numero_tva,
                    "</ram:ID></ram:SpecifiedTaxRegistration>\n");
  g_string_append_printf (out, "      </ram:%s>\n", element);
}

static char *
date_102 (const char *iso)
{
  return g_strdup_printf ("%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

char *
sim_facturx_cii (SimCtx *ctx, const SimInvoice *inv, GPtrArray *lines)
{
  g_autoptr(SimStructure) supplier = sim_structure_load (ctx->ds, inv->supplier_id);
  g_autoptr(SimStructure) recipient = sim_structure_load (ctx->ds, inv->recipient_id);
  g_autoptr(SimService) service = inv->service_id ? sim_service_load (ctx->ds, inv->service_id) : NULL;
  g_autoptr(SimBankAccount) bank = sim_invoice_bank_account (ctx->ds, inv);
  g_autoptr(GPtrArray) vat = sim_vat_summary (lines);
  g_autofree char *issue = date_102 (inv->date_facture);
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  gint64 line_total = 0;
  gboolean credit = g_strcmp0 (inv->type_facture, "AVOIR") == 0;

  g_string_append (out,
    "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\""
    " xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\""
    " xmlns:qdt=\"urn:un:unece:uncefact:data:standard:QualifiedDataType:100\""
    " xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">\n"
    "  <rsm:ExchangedDocumentContext>\n"
    "    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID>"
    "</ram:GuidelineSpecifiedDocumentContextParameter>\n"
    "  </rsm:ExchangedDocumentContext>\n  <rsm:ExchangedDocument>\n");
  append_escaped (out, "    <ram:ID>", inv->numero, "</ram:ID>\n");
  g_string_append_printf (out, "    <ram:TypeCode>%s</ram:TypeCode>\n", credit ? "381" : "380");
  g_string_append_printf (out, "    <ram:IssueDateTime><udt:DateTimeString format=\"102\">%s</udt:DateTimeString>"
                               "</ram:IssueDateTime>\n", issue);
  if (inv->motif_exoneration)
    append_escaped (out, "    <ram:IncludedNote><ram:Content>", inv->motif_exoneration, "</ram:Content></ram:IncludedNote>\n");
  g_string_append (out, "  </rsm:ExchangedDocument>\n  <rsm:SupplyChainTradeTransaction>\n");

  for (guint k = 0; k < lines->len; k++)
    {
      SimLine *l = g_ptr_array_index (lines, k);
      gint64 total = sim_line_total_ht (l);
      g_autofree char *price = amount_text (l->pu_ht);
      g_autofree char *sum = amount_text (total);
      g_autofree char *rate = rate_text (l->taux_bp);
      char qty[G_ASCII_DTOSTR_BUF_SIZE];

      line_total += total;
      g_ascii_dtostr (qty, sizeof qty, l->quantite);
      g_string_append_printf (out, "    <ram:IncludedSupplyChainTradeLineItem>\n"
                                   "      <ram:AssociatedDocumentLineDocument><ram:LineID>%d</ram:LineID>"
                                   "</ram:AssociatedDocumentLineDocument>\n      <ram:SpecifiedTradeProduct>\n", l->numero);
      if (l->reference)
        append_escaped (out, "        <ram:SellerAssignedID>", l->reference, "</ram:SellerAssignedID>\n");
      append_escaped (out, "        <ram:Name>", l->denomination, "</ram:Name>\n");
      g_string_append_printf (out, "      </ram:SpecifiedTradeProduct>\n"
                                   "      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>"
                                   "<ram:ChargeAmount>%s</ram:ChargeAmount></ram:NetPriceProductTradePrice>"
                                   "</ram:SpecifiedLineTradeAgreement>\n"
                                   "      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"%s\">%s"
                                   "</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>\n"
                                   "      <ram:SpecifiedLineTradeSettlement>\n"
                                   "        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>"
                                   "<ram:CategoryCode>%s</ram:CategoryCode><ram:RateApplicablePercent>%s"
                                   "</ram:RateApplicablePercent></ram:ApplicableTradeTax>\n",
                              price, unit_code (l->unite), qty, vat_category (inv, l->taux_bp), rate);
      if (l->remise_ht != 0)
        {
          g_autofree char *discount = amount_text (l->remise_ht);
          g_string_append_printf (out, "        <ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>"
                                       "false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>%s</ram:ActualAmount>"
                                       "</ram:SpecifiedTradeAllowanceCharge>\n", discount);
        }
      g_string_append_printf (out, "        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>%s"
                                   "</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>\n"
                                   "      </ram:SpecifiedLineTradeSettlement>\n"
                                   "    </ram:IncludedSupplyChainTradeLineItem>\n", sum);
    }

  g_string_append (out, "    <ram:ApplicableHeaderTradeAgreement>\n");
  if (service)
    append_escaped (out, "      <ram:BuyerReference>", service->code, "</ram:BuyerReference>\n");
  append_party (out, "SellerTradeParty", supplier);
  append_party (out, "BuyerTradeParty", recipient);
  if (inv->numero_bc)
    append_escaped (out, "      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>", inv->numero_bc,
                    "</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>\n");
  if (inv->numero_marche)
    append_escaped (out, "      <ram:ContractReferencedDocument><ram:IssuerAssignedID>", inv->numero_marche,
                    "</ram:IssuerAssignedID></ram:ContractReferencedDocument>\n");
  g_string_append (out, "    </ram:ApplicableHeaderTradeAgreement>\n    <ram:ApplicableHeaderTradeDelivery/>\n"
                        "    <ram:ApplicableHeaderTradeSettlement>\n");
  append_escaped (out, "      <ram:InvoiceCurrencyCode>", inv->devise, "</ram:InvoiceCurrencyCode>\n");
  if (inv->mode_paiement != NULL)
    {
      const char *means = g_strcmp0 (inv->mode_paiement, "CHEQUE") == 0 ? "20"
                          : g_strcmp0 (inv->mode_paiement, "PRELEVEMENT") == 0 ? "59" : "58";

      g_string_append_printf (out, "      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>%s</ram:TypeCode>", means);
      if (g_str_equal (means, "58"))
        append_escaped (out, "<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>", bank->iban,
                        "</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>");
      g_string_append (out, "</ram:SpecifiedTradeSettlementPaymentMeans>\n");
    }
  for (guint k = 0; k < vat->len; k++)
    {
      SimVatLine *v = g_ptr_array_index (vat, k);
      g_autofree char *tax = amount_text (inv->tva == 0 ? 0 : v->tva);
      g_autofree char *base = amount_text (v->base_ht);
      g_autofree char *rate = rate_text (v->taux_bp);
      const char *category = vat_category (inv, v->taux_bp);

      g_string_append_printf (out, "      <ram:ApplicableTradeTax><ram:CalculatedAmount>%s</ram:CalculatedAmount>"
                                   "<ram:TypeCode>VAT</ram:TypeCode>", tax);
      if (!g_str_equal (category, "S"))
        append_escaped (out, "<ram:ExemptionReason>", inv->motif_exoneration ? inv->motif_exoneration : "Exonération",
                        "</ram:ExemptionReason>");
      g_string_append_printf (out, "<ram:BasisAmount>%s</ram:BasisAmount><ram:CategoryCode>%s</ram:CategoryCode>", base,
                              category);
      /* When VAT is due: on the invoice date (débits) or on payment (encaissements). */
      if (g_str_equal (category, "S"))
        g_string_append_printf (out, "<ram:DueDateTypeCode>%s</ram:DueDateTypeCode>",
                                g_strcmp0 (inv->type_tva, "TVA_SUR_ENCAISSEMENT") == 0 ? "72" : "5");
      g_string_append_printf (out, "<ram:RateApplicablePercent>%s</ram:RateApplicablePercent></ram:ApplicableTradeTax>\n",
                              rate);
    }
  if (inv->date_echeance)
    {
      g_autofree char *due = date_102 (inv->date_echeance);
      g_string_append_printf (out, "      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString "
                                   "format=\"102\">%s</udt:DateTimeString></ram:DueDateDateTime>"
                                   "</ram:SpecifiedTradePaymentTerms>\n", due);
    }
  {
    g_autofree char *lt = amount_text (line_total);
    g_autofree char *ht = amount_text (inv->ht);
    g_autofree char *tva = amount_text (inv->tva);
    g_autofree char *ttc = amount_text (inv->ttc);
    g_autofree char *pay = amount_text (inv->a_payer);

    g_string_append_printf (out, "      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>\n"
                                 "        <ram:LineTotalAmount>%s</ram:LineTotalAmount>\n"
                                 "        <ram:TaxBasisTotalAmount>%s</ram:TaxBasisTotalAmount>\n"
                                 "        <ram:TaxTotalAmount currencyID=\"%s\">%s</ram:TaxTotalAmount>\n"
                                 "        <ram:GrandTotalAmount>%s</ram:GrandTotalAmount>\n"
                                 "        <ram:DuePayableAmount>%s</ram:DuePayableAmount>\n"
                                 "      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>\n",
                            lt, ht, inv->devise, tva, ttc, pay);
  }
  if (inv->numero_origine)
    append_escaped (out, "      <ram:InvoiceReferencedDocument><ram:IssuerAssignedID>", inv->numero_origine,
                    "</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>\n");
  g_string_append (out, "    </ram:ApplicableHeaderTradeSettlement>\n  </rsm:SupplyChainTradeTransaction>\n"
                        "</rsm:CrossIndustryInvoice>\n");
  return g_string_free (out, FALSE);
}

/* ---- embedding the XML into the drawn PDF ---------------------------------------------------- */

/* The last @needle in the @len bytes of @data, which may hold NULs (binary streams). */
static const char *
find_last (const char *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize k = len >= n ? len - n + 1 : 0; k-- > 0;)
    if (memcmp (data + k, needle, n) == 0)
      return data + k;
  return NULL;
}

/* The value after @key in the last trailer (e.g. "/Root 12 0 R" → 12). */
static gboolean
trailer_int (const char *trailer, const char *key, gint64 *out)
{
  const char *p = g_strrstr (trailer, key);
  char *end = NULL;

  if (p == NULL)
    return FALSE;
  *out = g_ascii_strtoll (p + strlen (key), &end, 10);
  return end != p + strlen (key);
}

/* The dictionary text of object @num, located through the classic xref table at @xref. */
static char *
object_dictionary (const char *pdf, gsize len, gint64 xref, gint64 num)
{
  const char *p = pdf + xref;
  gint64 first, count, offset;
  const char *start, *open, *close;
  int depth = 0;

  if (xref < 0 || (gsize) xref + 4 >= len || strncmp (p, "xref", 4) != 0)
    return NULL;
  p += 4;
  /* One subsection "0 N" is what cairo writes. */
  first = g_ascii_strtoll (p, (char **) &p, 10);
  count = g_ascii_strtoll (p, (char **) &p, 10);
  while (*p == '\r' || *p == '\n' || *p == ' ')
    p++;
  if (num < first || num >= first + count || (gsize) (p - pdf) + (gsize) (num - first + 1) * 20 > len)
    return NULL;
  offset = g_ascii_strtoll (p + (num - first) * 20, NULL, 10);
  if (offset <= 0 || (gsize) offset >= len)
    return NULL;
  start = pdf + offset;
  /* "N 0 obj" then the dictionary. */
  for (open = start; (gsize) (open - pdf) + 1 < len && open - start < 64 && !(open[0] == '<' && open[1] == '<'); open++)
    ;
  if ((gsize) (open - pdf) + 1 >= len || open - start >= 64)
    return NULL;
  for (close = open; (gsize) (close - pdf) + 1 < len; close++)
    {
      if (close[0] == '<' && close[1] == '<')
        depth++, close++;
      else if (close[0] == '>' && close[1] == '>')
        {
          close++;
          if (--depth == 0)
            return g_strndup (open + 2, (gsize) (close - 1 - (open + 2)));
        }
    }
  return NULL;
}

static const char xmp_template[] =
  "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
  "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
  " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
  "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
  "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Facture %s</rdf:li></rdf:Alt></dc:title>\n"
  "  </rdf:Description>\n"
  "  <rdf:Description rdf:about=\"\" xmlns:fx=\"urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#\">\n"
  "   <fx:DocumentType>INVOICE</fx:DocumentType>\n"
  "   <fx:DocumentFileName>" FACTURX_NAME "</fx:DocumentFileName>\n"
  "   <fx:Version>1.0</fx:Version>\n"
  "   <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>\n"
  "  </rdf:Description>\n"
  " </rdf:RDF>\n"
  "</x:xmpmeta>\n"
  "<?xpacket end=\"w\"?>";

/* Adds to cairo's PDF, as an incremental update, the XML as the embedded file factur-x.xml (with
 * /AF and the Factur-X XMP metadata), so that PDF readers list it as an attachment. Cairo cannot
 * attach files itself. Returns a new reference to @pdf unchanged when its structure is not the
 * one expected. */
GBytes *
sim_facturx_embed (GBytes *pdf, const char *xml, const char *numero)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (pdf, &len);
  g_autofree char *text = g_malloc (len + 1);  /* NUL-terminated, for the searches */
  g_autofree char *catalog = NULL;
  g_autofree char *escaped_numero = g_markup_escape_text (numero ? numero : "", -1);
  g_autofree char *xmp = NULL;
  const char *startxref, *trailer;
  gint64 old_xref, size, root, info = 0;
  gsize xml_len = strlen (xml);
  GString *out;
  gsize offsets[4];

  memcpy (text, data, len);
  text[len] = '\0';
  startxref = find_last (text, len, "startxref");
  trailer = find_last (text, len, "trailer");
  if (startxref == NULL || trailer == NULL || trailer > startxref ||
      (old_xref = g_ascii_strtoll (startxref + strlen ("startxref"), NULL, 10)) <= 0 ||
      !trailer_int (trailer, "/Size", &size) || !trailer_int (trailer, "/Root", &root) ||
      (catalog = object_dictionary (text, len, old_xref, root)) == NULL ||
      strstr (catalog, "/Names") != NULL || strstr (catalog, "/AF") != NULL || strstr (catalog, "/Metadata") != NULL)
    return g_bytes_ref (pdf);
  trailer_int (trailer, "/Info", &info);
  xmp = g_strdup_printf (xmp_template, escaped_numero);

  out = g_string_new_len (data, (gssize) len);
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  /* size: the embedded file, size + 1: its file specification, size + 2: the XMP, then the catalog. */
  offsets[0] = out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %"
                               G_GSIZE_FORMAT " /Params << /Size %" G_GSIZE_FORMAT " >> >>\nstream\n",
                          size, xml_len, xml_len);
  g_string_append_len (out, xml, (gssize) xml_len);
  g_string_append (out, "\nendstream\nendobj\n");
  offsets[1] = out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /Type /Filespec /F (" FACTURX_NAME ") /UF ("
                               FACTURX_NAME ") /Desc (Factur-X) /AFRelationship /Data /EF << /F %" G_GINT64_FORMAT
                               " 0 R /UF %" G_GINT64_FORMAT " 0 R >> >>\nendobj\n", size + 1, size, size);
  offsets[2] = out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /Type /Metadata /Subtype /XML /Length %" G_GSIZE_FORMAT
                               " >>\nstream\n%s\nendstream\nendobj\n", size + 2, strlen (xmp), xmp);
  offsets[3] = out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<<%s /Names << /EmbeddedFiles << /Names [(" FACTURX_NAME
                               ") %" G_GINT64_FORMAT " 0 R] >> >> /AF [%" G_GINT64_FORMAT " 0 R] /Metadata %"
                               G_GINT64_FORMAT " 0 R >>\nendobj\n", root, catalog, size + 1, size + 1, size + 2);

  {
    gsize xref = out->len;

    g_string_append_printf (out, "xref\n0 1\n0000000000 65535 f \n%" G_GINT64_FORMAT " 1\n%010" G_GSIZE_FORMAT
                                 " 00000 n \n%" G_GINT64_FORMAT " 3\n", root, offsets[3], size);
    for (gsize k = 0; k < 3; k++)
      g_string_append_printf (out, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[k]);
    g_string_append_printf (out, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root %" G_GINT64_FORMAT " 0 R", size + 3, root);
    if (info > 0)
      g_string_append_printf (out, " /Info %" G_GINT64_FORMAT " 0 R", info);
    g_string_append_printf (out, " /Prev %" G_GINT64_FORMAT " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                            old_xref, xref);
  }
  return g_string_free_to_bytes (out);
}
