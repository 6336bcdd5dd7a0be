/* chorus-facturx-xml.c: reads invoice XML: the one hardened libxml2 parse (no DTD, no entities, no
 * network), then the CII (Factur-X, ZUGFeRD 1 and 2) or UBL (Invoice, CreditNote) reader its root asks for.
 * Just over 1,000 lines: the two readers share the value parsing, the XPath helpers and the line
 * checks above them; each alone would need them in a header.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chorus-facturx-private.h"
#include "chorus-format.h"

#define NS_CII_RSM  "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
#define NS_CII_RAM  "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
#define NS_CII_UDT  "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
#define NS_CII_QDT  "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
#define NS_ZF1_RSM  "urn:ferd:CrossIndustryDocument:invoice:1p0"
#define NS_ZF1_RAM  "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
#define NS_ZF1_UDT  "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15"
#define NS_UBL_INV  "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_UBL_CN   "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_UBL_CBC  "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define NS_UBL_CAC  "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"

/* ---------------------------------------------------------------------------------------------- */
/* Reading values */

/* Decimal text to cents, rounding half away from zero; FALSE when it is not a plain decimal. */
static gboolean
parse_cents (const char *text,
             gint64     *cents)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 units = 0;
  int digits = 0;
  int decimals = 0;
  int third = 0;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-' || *p == '+')
    negative = (*p++ == '-');
  for (; g_ascii_isdigit (*p); p++)
    {
      if (++digits > 12)
        return FALSE;
      units = units * 10 + (*p - '0');
    }
  units *= 100;
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, decimals++)
        {
          if (decimals == 0)
            units += (*p - '0') * 10;
          else if (decimals == 1)
            units += (*p - '0');
          else if (decimals == 2)
            third = *p - '0';
        }
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || (digits == 0 && decimals == 0))
    return FALSE;
  if (third >= 5)
    units++;
  *cents = negative ? -units : units;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* "20260131" (format 102) or "2026-01-31" → "2026-01-31"; NULL when it is not a real date. */
static char *
parse_date (const char *text)
{
  GDate date;

  if (!chorus_format_read_date (text, &date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                          (guint) g_date_get_day (&date));
}

/* ---------------------------------------------------------------------------------------------- */
/* Safe XML parsing: every invoice XML goes through safe_parse() */

typedef struct {
  gboolean saw_dtd;
} SafeParse;

/* Invoices never carry a DTD: stop at the DOCTYPE, before any entity can be declared or loaded. */
static void
refuse_internal_subset (void          *ctx,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;
  SafeParse *state = ctxt->_private;

  state->saw_dtd = TRUE;
  xmlStopParser (ctxt);
}

static void
refuse_entity_decl (void          *ctx,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;
  SafeParse *state = ctxt->_private;

  state->saw_dtd = TRUE;
  xmlStopParser (ctxt);
}

/* libxml2 reports some conversion errors through the generic handler even with XML_PARSE_NOERROR. */
static void
ignore_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

static xmlDocPtr
safe_parse (const char  *data,
            gsize        len,
            const char  *encoding,
            int          extra_options,
            int         *error_code,
            GError     **error)
{
  SafeParse state = { FALSE };
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  /* No XML_PARSE_NOENT, no DTD loading or validation: entities are never substituted. */
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                XML_PARSE_NOBLANKS | extra_options;

  *error_code = 0;
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_MALFORMED,
                           _("The XML reader could not start."));
      return NULL;
    }
  ctxt->_private = &state;
  ctxt->sax->internalSubset = refuse_internal_subset;
  ctxt->sax->entityDecl = refuse_entity_decl;
  ctxt->sax->externalSubset = refuse_internal_subset;

  {
    xmlGenericErrorFunc saved_handler = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;

    /* Per-thread state in libxml2: this does not affect other threads. */
    xmlSetGenericErrorFunc (NULL, ignore_generic_error);
    doc = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, encoding, options);
    xmlSetGenericErrorFunc (saved_context, saved_handler);
  }
  if (state.saw_dtd || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_HOSTILE,
                           _("The invoice XML declares a document type or entities, which invoices never "
                             "do; it was refused for safety."));
    }
  else if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);

      g_clear_pointer (&doc, xmlFreeDoc);
      *error_code = last != NULL ? last->code : XML_ERR_INTERNAL_ERROR;
      g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_MALFORMED,
                   _("The invoice XML is damaged (line %d): it is not well-formed."),
                   last != NULL ? last->line : 0);
    }
  xmlFreeParserCtxt (ctxt);
  return doc;
}

/* ---------------------------------------------------------------------------------------------- */
/* XPath helpers */

typedef struct {
  xmlXPathContextPtr xp;
} Reader;

static xmlXPathObjectPtr
xp_eval (Reader     *reader,
         xmlNodePtr  node,
         const char *expr)
{
  reader->xp->node = node;
  return xmlXPathEvalExpression ((const xmlChar *) expr, reader->xp);
}

/* Trimmed text of the first node @expr selects under @node; NULL when absent or empty. */
static char *
xp_text (Reader     *reader,
         xmlNodePtr  node,
         const char *expr)
{
  xmlXPathObjectPtr result = xp_eval (reader, node, expr);
  char *text = NULL;

  if (result != NULL && result->nodesetval != NULL && result->nodesetval->nodeNr > 0)
    {
      xmlChar *content = xmlNodeGetContent (result->nodesetval->nodeTab[0]);

      if (content != NULL)
        {
          text = g_strstrip (g_strdup ((const char *) content));
          xmlFree (content);
          if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
            g_clear_pointer (&text, g_free);
        }
    }
  xmlXPathFreeObject (result);
  return text;
}

/* Nodes @expr selects under @node (never NULL; free with g_ptr_array_unref). */
static GPtrArray *
xp_nodes (Reader     *reader,
          xmlNodePtr  node,
          const char *expr)
{
  xmlXPathObjectPtr result = xp_eval (reader, node, expr);
  GPtrArray *nodes = g_ptr_array_new ();

  if (result != NULL && result->nodesetval != NULL)
    for (int i = 0; i < result->nodesetval->nodeNr; i++)
      g_ptr_array_add (nodes, result->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (result);
  return nodes;
}

static void
read_amount (ChorusFacturxDocument *self,
             Reader                *reader,
             xmlNodePtr             node,
             const char            *expr,
             ChorusFacturxAmount    which)
{
  g_autofree char *text = xp_text (reader, node, expr);
  gint64 cents;

  if (text == NULL)
    return;
  if (!parse_cents (text, &cents))
    {
      _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_ERROR, "amounts",
                            _("The amount “%s” (%s) is not a number."), text, chorus_facturx_amount_label (which));
      return;
    }
  self->amounts[which] = cents;
  self->has_amount[which] = TRUE;
}

static char *
read_date (ChorusFacturxDocument *self,
           Reader                *reader,
           xmlNodePtr             node,
           const char            *expr,
           const char            *what)
{
  g_autofree char *text = xp_text (reader, node, expr);
  char *date = parse_date (text);

  if (text != NULL && date == NULL)
    _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_ERROR, "dates",
                          _("The %s “%s” is not a valid date."), what, text);
  return date;
}

/* Sets SIRET/SIREN from one identifier of a party, whatever scheme carried it. */
static void
take_company_id (const char  *raw,
                 char       **siret,
                 char       **siren)
{
  g_autofree char *id = _chorus_facturx_compact (raw);

  if (id == NULL)
    return;
  if (*siret == NULL && _chorus_facturx_all_digits (id, 14))
    *siret = g_strdup (id);
  else if (*siren == NULL && _chorus_facturx_all_digits (id, 9))
    *siren = g_strdup (id);
}

static void
finish_siren (char **siret,
              char **siren)
{
  if (*siren == NULL && *siret != NULL)
    *siren = g_strndup (*siret, 9);
}

static void
profile_from_id (ChorusFacturxDocument *self)
{
  static const char *const standard_ids[] = {
    "urn:factur-x.eu:1p0:minimum",
    "urn:factur-x.eu:1p0:basicwl",
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
    "urn:cen.eu:en16931:2017",
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
    "urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr",
    "urn:ferd:CrossIndustryDocument:invoice:1p0:basic",
    "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort",
    "urn:ferd:CrossIndustryDocument:invoice:1p0:extended",
    "urn:zugferd.de:2p0:minimum",
    "urn:zugferd.de:2p0:basicwl",
    "urn:zugferd.de:2p0:extended",
  };
  g_autofree char *id = NULL;
  gboolean standard = FALSE;

  if (self->profile_id == NULL)
    {
      _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "profile",
                            _("The file does not say which profile it follows (BT-24)."));
      return;
    }
  id = g_ascii_strdown (self->profile_id, -1);
  if (strstr (id, "xrechnung") != NULL)
    self->profile = CHORUS_FACTURX_PROFILE_XRECHNUNG;
  else if (strstr (id, "extended-ctc-fr") != NULL)
    self->profile = CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR;
  else if (strstr (id, "extended") != NULL)
    self->profile = CHORUS_FACTURX_PROFILE_EXTENDED;
  else if (strstr (id, "basicwl") != NULL || strstr (id, "basic-wl") != NULL)
    self->profile = CHORUS_FACTURX_PROFILE_BASIC_WL;
  else if (strstr (id, "minimum") != NULL)
    self->profile = CHORUS_FACTURX_PROFILE_MINIMUM;
  else if (strstr (id, "basic") != NULL)
    self->profile = CHORUS_FACTURX_PROFILE_BASIC;
  else if (strstr (id, "comfort") != NULL || g_str_has_prefix (id, "urn:cen.eu:en16931:2017"))
    self->profile = CHORUS_FACTURX_PROFILE_EN16931;

  for (gsize i = 0; i < G_N_ELEMENTS (standard_ids); i++)
    standard |= g_ascii_strcasecmp (self->profile_id, standard_ids[i]) == 0;
  /* CIUS and extensions (XRechnung, Peppol BIS…) name themselves after the EN 16931 identifier. */
  standard |= g_str_has_prefix (self->profile_id, "urn:cen.eu:en16931:2017#compliant#") ||
              g_str_has_prefix (self->profile_id, "urn:cen.eu:en16931:2017#conformant#");

  if (self->profile == CHORUS_FACTURX_PROFILE_UNKNOWN)
    _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "profile",
                          _("The profile “%s” is not a Factur-X, ZUGFeRD, UBL or XRechnung profile."),
                          self->profile_id);
  else if (!standard)
    _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "profile_id",
                          _("The profile identifier “%s” is not written the standard way; it was read as %s, but "
                            "validators reject it."),
                          self->profile_id, chorus_facturx_profile_label (self->profile));
}

/* Net price × quantity against the line amount: a wrong line is easier to spot than a wrong total. */
static void
check_line_price (ChorusFacturxDocument *self,
                  ChorusInvoiceLine     *line,
                  const char            *price_text,
                  const char            *base_text,
                  gint64                 adjustment)
{
  double price, base = 1.0;
  gint64 expected;

  if (!parse_number (price_text, &price) || line->quantity == 0)
    return;
  if (base_text != NULL && (!parse_number (base_text, &base) || base <= 0))
    return;
  if (!_chorus_facturx_cents_from_double (line->quantity * price / base, &expected))
    return;
  expected += adjustment;
  if (!_chorus_facturx_within_cent (expected, line->total_ht))
    {
      g_autofree char *price_str = chorus_amount_format (chorus_amount_from_double (price / base), self->currency);
      g_autofree char *expected_str = chorus_amount_format (expected, self->currency);
      g_autofree char *total_str = chorus_amount_format (line->total_ht, self->currency);
      g_autofree char *qty = g_strdup_printf ("%g", line->quantity);

      _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "line_price",
                            _("Line %d: %s × %s makes %s, but the line amount is %s."),
                            line->number, qty, price_str, expected_str, total_str);
    }
}

/* Net price per unit: the price may be given for a basis quantity (BT-149), e.g. 30 € per 3. */
static gint64
unit_price (const char *price_text,
            const char *base_text)
{
  double price, base = 1.0;
  gint64 cents = 0;

  if (!parse_number (price_text, &price))
    return 0;

  if (base_text != NULL && (!parse_number (base_text, &base) || base <= 0))
    base = 1.0;
  if (!_chorus_facturx_cents_from_double (price / base, &cents))
    return 0;
  return cents;
}

/* Line charges minus line allowances (BT-141 − BT-136), in cents. */
static gint64
line_adjustment (Reader     *reader,
                 xmlNodePtr  node,
                 const char *expr,
                 const char *indicator_expr,
                 const char *amount_expr)
{
  g_autoptr(GPtrArray) items = node ? xp_nodes (reader, node, expr) : g_ptr_array_new ();
  gint64 total = 0;

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *indicator = xp_text (reader, g_ptr_array_index (items, i), indicator_expr);
      g_autofree char *value = xp_text (reader, g_ptr_array_index (items, i), amount_expr);
      gint64 cents;

      if (value == NULL || !parse_cents (value, &cents))
        continue;
      total += g_strcmp0 (indicator, "true") == 0 ? cents : -cents;
    }
  return total;
}

/* A line's number (BT-126) when it is one, else its place in the file (from 1). */
static int
line_number (const char *line_id,
             guint       index)
{
  if (line_id != NULL && g_ascii_isdigit (*line_id))
    return (int) CLAMP (g_ascii_strtoll (line_id, NULL, 10), 0, G_MAXINT);
  return (int) index + 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* CII: Factur-X and ZUGFeRD 2 (D16B), ZUGFeRD 1 */

/* Paths that differ between CII D16B and ZUGFeRD 1. */
typedef struct {
  const char *context;
  const char *header;
  const char *transaction;
  const char *agreement;
  const char *settlement;
  const char *summation;
  const char *line_agreement;
  const char *line_delivery;
  const char *line_settlement;
  const char *line_summation;
  const char *rate;
  const char *order_id;
  const char *contract_id;
  const char *preceding_id;
} CiiPaths;

static const CiiPaths cii_paths = {
  "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext",
  "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument",
  "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction",
  "ram:ApplicableHeaderTradeAgreement",
  "ram:ApplicableHeaderTradeSettlement",
  "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
  "ram:SpecifiedLineTradeAgreement",
  "ram:SpecifiedLineTradeDelivery",
  "ram:SpecifiedLineTradeSettlement",
  "ram:SpecifiedTradeSettlementLineMonetarySummation",
  "ram:RateApplicablePercent",
  "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
  "ram:ContractReferencedDocument/ram:IssuerAssignedID",
  "ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
};

static const CiiPaths zugferd1_paths = {
  "/rsm:CrossIndustryDocument/rsm:SpecifiedExchangedDocumentContext",
  "/rsm:CrossIndustryDocument/rsm:HeaderExchangedDocument",
  "/rsm:CrossIndustryDocument/rsm:SpecifiedSupplyChainTradeTransaction",
  "ram:ApplicableSupplyChainTradeAgreement",
  "ram:ApplicableSupplyChainTradeSettlement",
  "ram:SpecifiedTradeSettlementMonetarySummation",
  "ram:SpecifiedSupplyChainTradeAgreement",
  "ram:SpecifiedSupplyChainTradeDelivery",
  "ram:SpecifiedSupplyChainTradeSettlement",
  "ram:SpecifiedTradeSettlementMonetarySummation",
  "ram:ApplicablePercent",
  "ram:BuyerOrderReferencedDocument/ram:ID",
  "ram:ContractReferencedDocument/ram:ID",
  "ram:InvoiceReferencedDocument/ram:ID",
};

static xmlNodePtr
first_node (Reader     *reader,
            xmlNodePtr  node,
            const char *expr)
{
  g_autoptr(GPtrArray) nodes = xp_nodes (reader, node, expr);

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

static void
read_cii_party (ChorusFacturxDocument *self,
                Reader                *reader,
                xmlNodePtr             party,
                char                 **name,
                char                 **siret,
                char                 **siren,
                char                 **vat)
{
  g_autofree char *legal = NULL;
  g_autofree char *global = NULL;

  if (party == NULL)
    return;
  *name = xp_text (reader, party, "ram:Name");
  /* SIRET under GlobalID 0009 (FNFE samples) or under the legal ID 0002 (OCA); 0002 may be a SIREN. */
  global = xp_text (reader, party, "ram:GlobalID[@schemeID='0009']");
  legal = xp_text (reader, party, "ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002' or @schemeID='0009' or not(@schemeID)]");
  take_company_id (global, siret, siren);
  take_company_id (legal, siret, siren);
  finish_siren (siret, siren);
  *vat = xp_text (reader, party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']");
  if (*vat != NULL)
    {
      char *compacted = _chorus_facturx_compact (*vat);
      g_free (*vat);
      *vat = compacted;
    }
}

static void
read_cii (ChorusFacturxDocument *self,
          Reader                *reader,
          const CiiPaths        *paths)
{
  xmlNodePtr context = first_node (reader, NULL, paths->context);
  xmlNodePtr header = first_node (reader, NULL, paths->header);
  xmlNodePtr transaction = first_node (reader, NULL, paths->transaction);
  xmlNodePtr agreement = transaction ? first_node (reader, transaction, paths->agreement) : NULL;
  xmlNodePtr settlement = transaction ? first_node (reader, transaction, paths->settlement) : NULL;
  xmlNodePtr summation = settlement ? first_node (reader, settlement, paths->summation) : NULL;
  g_autoptr(GPtrArray) taxes = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *tax_expr = NULL;

  if (context != NULL)
    {
      self->profile_id = xp_text (reader, context, "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID");
      self->business_process = xp_text (reader, context, "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID");
    }
  if (header != NULL)
    {
      self->number = xp_text (reader, header, "ram:ID");
      self->type_code = xp_text (reader, header, "ram:TypeCode");
      self->issue_date = read_date (self, reader, header, "ram:IssueDateTime/udt:DateTimeString", _("issue date"));
      self->note = xp_text (reader, header, "ram:IncludedNote/ram:Content");
    }
  if (agreement != NULL)
    {
      read_cii_party (self, reader, first_node (reader, agreement, "ram:SellerTradeParty"),
                      &self->seller_name, &self->seller_siret, &self->seller_siren, &self->seller_vat);
      read_cii_party (self, reader, first_node (reader, agreement, "ram:BuyerTradeParty"),
                      &self->buyer_name, &self->buyer_siret, &self->buyer_siren, &self->buyer_vat);
      self->buyer_reference = xp_text (reader, agreement, "ram:BuyerReference");
      self->order_reference = xp_text (reader, agreement, paths->order_id);
      self->contract_reference = xp_text (reader, agreement, paths->contract_id);
    }
  if (settlement != NULL)
    {
      g_autofree char *iban = NULL;

      self->currency = xp_text (reader, settlement, "ram:InvoiceCurrencyCode");
      self->preceding_invoice = xp_text (reader, settlement, paths->preceding_id);
      self->payment_means = xp_text (reader, settlement, "ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode");
      iban = xp_text (reader, settlement,
                      "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID");
      self->iban = _chorus_facturx_compact (iban);
      self->payment_terms = xp_text (reader, settlement, "ram:SpecifiedTradePaymentTerms/ram:Description");
      self->due_date = read_date (self, reader, settlement,
                                  "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
                                  _("due date"));

      taxes = xp_nodes (reader, settlement, "ram:ApplicableTradeTax");
      for (guint i = 0; i < taxes->len && i < CHORUS_FACTURX_MAX_LINES; i++)
        {
          xmlNodePtr tax = g_ptr_array_index (taxes, i);
          g_autofree char *basis = xp_text (reader, tax, "ram:BasisAmount");
          g_autofree char *amount = xp_text (reader, tax, "ram:CalculatedAmount");
          g_autofree char *rate = xp_text (reader, tax, paths->rate);
          ChorusVatLine *vat = g_new0 (ChorusVatLine, 1);

          vat->rate_code = xp_text (reader, tax, "ram:CategoryCode");
          if ((basis && !parse_cents (basis, &vat->base_ht)) || (amount && !parse_cents (amount, &vat->vat_amount)) ||
              (rate && !parse_number (rate, &vat->rate)))
            _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_ERROR, "vat_lines",
                                  _("VAT breakdown %u holds a value that is not a number."), i + 1);
          g_ptr_array_add (self->vat_lines, vat);
        }
    }
  if (summation != NULL)
    {
      read_amount (self, reader, summation, "ram:LineTotalAmount", CHORUS_FACTURX_AMOUNT_LINE_TOTAL);
      read_amount (self, reader, summation, "ram:ChargeTotalAmount", CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL);
      read_amount (self, reader, summation, "ram:AllowanceTotalAmount", CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL);
      read_amount (self, reader, summation, "ram:TaxBasisTotalAmount", CHORUS_FACTURX_AMOUNT_TAX_BASIS);
      read_amount (self, reader, summation, "ram:GrandTotalAmount", CHORUS_FACTURX_AMOUNT_GRAND_TOTAL);
      read_amount (self, reader, summation, "ram:TotalPrepaidAmount", CHORUS_FACTURX_AMOUNT_PREPAID);
      read_amount (self, reader, summation, "ram:RoundingAmount", CHORUS_FACTURX_AMOUNT_ROUNDING);
      read_amount (self, reader, summation, "ram:DuePayableAmount", CHORUS_FACTURX_AMOUNT_DUE_PAYABLE);
      /* BT-110 may be given twice (invoice and accounting currency): take the invoice currency's. */
      if (self->currency != NULL && strchr (self->currency, '\'') == NULL)
        tax_expr = g_strdup_printf ("ram:TaxTotalAmount[@currencyID='%s' or not(@currencyID)]", self->currency);
      read_amount (self, reader, summation, tax_expr ? tax_expr : "ram:TaxTotalAmount",
                   CHORUS_FACTURX_AMOUNT_TAX_TOTAL);
    }

  if (transaction == NULL)
    return;
  items = xp_nodes (reader, transaction, "ram:IncludedSupplyChainTradeLineItem");
  for (guint i = 0; i < items->len && i < CHORUS_FACTURX_MAX_LINES; i++)
    {
      xmlNodePtr item = g_ptr_array_index (items, i);
      xmlNodePtr line_agreement = first_node (reader, item, paths->line_agreement);
      xmlNodePtr line_delivery = first_node (reader, item, paths->line_delivery);
      xmlNodePtr line_settlement = first_node (reader, item, paths->line_settlement);
      g_autofree char *line_id = xp_text (reader, item, "ram:AssociatedDocumentLineDocument/ram:LineID");
      g_autofree char *price = NULL;
      g_autofree char *price_base = NULL;
      g_autofree char *quantity = NULL;
      g_autofree char *rate = NULL;
      g_autofree char *total = NULL;
      ChorusInvoiceLine *line = g_new0 (ChorusInvoiceLine, 1);
      gint64 cents;

      line->number = line_number (line_id, i);
      line->reference = xp_text (reader, item, "ram:SpecifiedTradeProduct/ram:SellerAssignedID");
      line->label = xp_text (reader, item, "ram:SpecifiedTradeProduct/ram:Name");
      if (line_agreement != NULL)
        {
          price = xp_text (reader, line_agreement, "ram:NetPriceProductTradePrice/ram:ChargeAmount");
          price_base = xp_text (reader, line_agreement, "ram:NetPriceProductTradePrice/ram:BasisQuantity");
        }
      line->unit_price_ht = unit_price (price, price_base);
      if (line_delivery != NULL)
        {
          quantity = xp_text (reader, line_delivery, "ram:BilledQuantity");
          line->unit = xp_text (reader, line_delivery, "ram:BilledQuantity/@unitCode");
          if (quantity)
            parse_number (quantity, &line->quantity);
        }
      if (line_settlement != NULL)
        {
          g_autofree char *rate_expr = g_strdup_printf ("ram:ApplicableTradeTax/%s", paths->rate);

          rate = xp_text (reader, line_settlement, rate_expr);
          line->vat_rate_code = xp_text (reader, line_settlement, "ram:ApplicableTradeTax/ram:CategoryCode");
          if (rate)
            parse_number (rate, &line->vat_rate);
          total = xp_text (reader, line_settlement,
                           paths == &cii_paths ? "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"
                                               : "ram:SpecifiedTradeSettlementMonetarySummation/ram:LineTotalAmount");
          if (total && parse_cents (total, &cents))
            line->total_ht = cents;
        }
      check_line_price (self, line, price, price_base,
                        line_adjustment (reader, line_settlement, "ram:SpecifiedTradeAllowanceCharge",
                                         "ram:ChargeIndicator/udt:Indicator", "ram:ActualAmount"));
      g_ptr_array_add (self->lines, line);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* UBL: Invoice and CreditNote */

static void
read_ubl_party (Reader      *reader,
                xmlNodePtr   party,
                char       **name,
                char       **siret,
                char       **siren,
                char       **vat)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *vat_raw = NULL;

  if (party == NULL)
    return;
  *name = xp_text (reader, party, "cac:PartyLegalEntity/cbc:RegistrationName");
  if (*name == NULL)
    *name = xp_text (reader, party, "cac:PartyName/cbc:Name");
  ids = xp_nodes (reader, party,
                  "cac:PartyIdentification/cbc:ID[@schemeID='0009' or @schemeID='0002'] | "
                  "cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002' or @schemeID='0009' or not(@schemeID)]");
  for (guint i = 0; i < ids->len; i++)
    {
      xmlChar *content = xmlNodeGetContent (g_ptr_array_index (ids, i));
      take_company_id ((const char *) content, siret, siren);
      xmlFree (content);
    }
  finish_siren (siret, siren);
  vat_raw = xp_text (reader, party, "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID");
  *vat = _chorus_facturx_compact (vat_raw);
}

static void
read_ubl (ChorusFacturxDocument *self,
          Reader                *reader)
{
  gboolean credit = self->syntax == CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE;
  xmlNodePtr root = first_node (reader, NULL, "/*");
  xmlNodePtr total = first_node (reader, root, "cac:LegalMonetaryTotal");
  g_autoptr(GPtrArray) tax_totals = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *iban = NULL;
  xmlNodePtr tax_total = NULL;

  self->profile_id = xp_text (reader, root, "cbc:CustomizationID");
  self->business_process = xp_text (reader, root, "cbc:ProfileID");
  self->number = xp_text (reader, root, "cbc:ID");
  self->type_code = xp_text (reader, root, credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode");
  self->issue_date = read_date (self, reader, root, "cbc:IssueDate", _("issue date"));
  self->note = xp_text (reader, root, "cbc:Note");
  self->currency = xp_text (reader, root, "cbc:DocumentCurrencyCode");
  self->buyer_reference = xp_text (reader, root, "cbc:BuyerReference");
  self->order_reference = xp_text (reader, root, "cac:OrderReference/cbc:ID");
  self->contract_reference = xp_text (reader, root, "cac:ContractDocumentReference/cbc:ID");
  self->preceding_invoice = xp_text (reader, root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID");
  self->due_date = read_date (self, reader, root, "cbc:DueDate", _("due date"));
  if (self->due_date == NULL)
    self->due_date = read_date (self, reader, root, "cac:PaymentMeans/cbc:PaymentDueDate", _("due date"));
  self->payment_means = xp_text (reader, root, "cac:PaymentMeans/cbc:PaymentMeansCode");
  iban = xp_text (reader, root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID");
  self->iban = _chorus_facturx_compact (iban);
  self->payment_terms = xp_text (reader, root, "cac:PaymentTerms/cbc:Note");

  read_ubl_party (reader, first_node (reader, root, "cac:AccountingSupplierParty/cac:Party"),
                  &self->seller_name, &self->seller_siret, &self->seller_siren, &self->seller_vat);
  read_ubl_party (reader, first_node (reader, root, "cac:AccountingCustomerParty/cac:Party"),
                  &self->buyer_name, &self->buyer_siret, &self->buyer_siren, &self->buyer_vat);

  if (total != NULL)
    {
      read_amount (self, reader, total, "cbc:LineExtensionAmount", CHORUS_FACTURX_AMOUNT_LINE_TOTAL);
      read_amount (self, reader, total, "cbc:ChargeTotalAmount", CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL);
      read_amount (self, reader, total, "cbc:AllowanceTotalAmount", CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL);
      read_amount (self, reader, total, "cbc:TaxExclusiveAmount", CHORUS_FACTURX_AMOUNT_TAX_BASIS);
      read_amount (self, reader, total, "cbc:TaxInclusiveAmount", CHORUS_FACTURX_AMOUNT_GRAND_TOTAL);
      read_amount (self, reader, total, "cbc:PrepaidAmount", CHORUS_FACTURX_AMOUNT_PREPAID);
      read_amount (self, reader, total, "cbc:PayableRoundingAmount", CHORUS_FACTURX_AMOUNT_ROUNDING);
      read_amount (self, reader, total, "cbc:PayableAmount", CHORUS_FACTURX_AMOUNT_DUE_PAYABLE);
    }

  /* One TaxTotal per currency; the one with subtotals is in the document currency. */
  tax_totals = xp_nodes (reader, root, "cac:TaxTotal");
  for (guint i = 0; i < tax_totals->len && tax_total == NULL; i++)
    {
      xmlNodePtr candidate = g_ptr_array_index (tax_totals, i);
      g_autofree char *currency = xp_text (reader, candidate, "cbc:TaxAmount/@currencyID");

      if (currency == NULL || self->currency == NULL || g_strcmp0 (currency, self->currency) == 0)
        tax_total = candidate;
    }
  if (tax_total != NULL)
    {
      g_autoptr(GPtrArray) subtotals = xp_nodes (reader, tax_total, "cac:TaxSubtotal");

      read_amount (self, reader, tax_total, "cbc:TaxAmount", CHORUS_FACTURX_AMOUNT_TAX_TOTAL);
      for (guint i = 0; i < subtotals->len && i < CHORUS_FACTURX_MAX_LINES; i++)
        {
          xmlNodePtr sub = g_ptr_array_index (subtotals, i);
          g_autofree char *basis = xp_text (reader, sub, "cbc:TaxableAmount");
          g_autofree char *amount = xp_text (reader, sub, "cbc:TaxAmount");
          g_autofree char *rate = xp_text (reader, sub, "cac:TaxCategory/cbc:Percent");
          ChorusVatLine *vat = g_new0 (ChorusVatLine, 1);

          vat->rate_code = xp_text (reader, sub, "cac:TaxCategory/cbc:ID");
          if ((basis && !parse_cents (basis, &vat->base_ht)) || (amount && !parse_cents (amount, &vat->vat_amount)) ||
              (rate && !parse_number (rate, &vat->rate)))
            _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_ERROR, "vat_lines",
                                  _("VAT breakdown %u holds a value that is not a number."), i + 1);
          g_ptr_array_add (self->vat_lines, vat);
        }
    }

  items = xp_nodes (reader, root, credit ? "cac:CreditNoteLine" : "cac:InvoiceLine");
  for (guint i = 0; i < items->len && i < CHORUS_FACTURX_MAX_LINES; i++)
    {
      xmlNodePtr item = g_ptr_array_index (items, i);
      g_autofree char *line_id = xp_text (reader, item, "cbc:ID");
      g_autofree char *quantity = xp_text (reader, item, credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity");
      g_autofree char *total_text = xp_text (reader, item, "cbc:LineExtensionAmount");
      g_autofree char *price = xp_text (reader, item, "cac:Price/cbc:PriceAmount");
      g_autofree char *price_base = xp_text (reader, item, "cac:Price/cbc:BaseQuantity");
      g_autofree char *rate = xp_text (reader, item, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent");
      ChorusInvoiceLine *line = g_new0 (ChorusInvoiceLine, 1);
      gint64 cents;

      line->number = line_number (line_id, i);
      line->reference = xp_text (reader, item, "cac:Item/cac:SellersItemIdentification/cbc:ID");
      line->label = xp_text (reader, item, "cac:Item/cbc:Name");
      line->unit = xp_text (reader, item, credit ? "cbc:CreditedQuantity/@unitCode" : "cbc:InvoicedQuantity/@unitCode");
      line->vat_rate_code = xp_text (reader, item, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID");
      if (quantity)
        parse_number (quantity, &line->quantity);
      if (rate)
        parse_number (rate, &line->vat_rate);
      line->unit_price_ht = unit_price (price, price_base);
      if (total_text && parse_cents (total_text, &cents))
        line->total_ht = cents;
      check_line_price (self, line, price, price_base,
                        line_adjustment (reader, item, "cac:AllowanceCharge", "cbc:ChargeIndicator", "cbc:Amount"));
      g_ptr_array_add (self->lines, line);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Which reader: the root element says */

static gboolean
root_syntax (xmlNodePtr           root,
             ChorusFacturxSyntax *syntax)
{
  const char *name = (const char *) root->name;
  const char *ns = root->ns ? (const char *) root->ns->href : "";

  if (g_str_equal (name, "CrossIndustryInvoice") && g_str_equal (ns, NS_CII_RSM))
    *syntax = CHORUS_FACTURX_SYNTAX_CII;
  else if (g_str_equal (name, "CrossIndustryDocument") && g_str_equal (ns, NS_ZF1_RSM))
    *syntax = CHORUS_FACTURX_SYNTAX_ZUGFERD1;
  else if (g_str_equal (name, "Invoice") && g_str_equal (ns, NS_UBL_INV))
    *syntax = CHORUS_FACTURX_SYNTAX_UBL_INVOICE;
  else if (g_str_equal (name, "CreditNote") && g_str_equal (ns, NS_UBL_CN))
    *syntax = CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE;
  else
    return FALSE;
  return TRUE;
}

static ChorusFacturxDocument *
read_parsed (xmlDocPtr   doc,
             GError    **error)
{
  g_autoptr(ChorusFacturxDocument) self = NULL;
  xmlNodePtr root = xmlDocGetRootElement (doc);
  ChorusFacturxSyntax syntax;
  Reader reader = { NULL };

  if (root == NULL || !root_syntax (root, &syntax))
    {
      g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NOT_AN_INVOICE,
                   _("This XML is not an invoice (its root element is “%s”); Factur-X, ZUGFeRD, CII and UBL "
                     "invoices are read."), root ? (const char *) root->name : "");
      return NULL;
    }

  self = g_object_new (CHORUS_TYPE_FACTURX_DOCUMENT, NULL);
  self->syntax = syntax;
  reader.xp = xmlXPathNewContext (doc);
  if (syntax == CHORUS_FACTURX_SYNTAX_ZUGFERD1)
    {
      xmlXPathRegisterNs (reader.xp, BAD_CAST "rsm", BAD_CAST NS_ZF1_RSM);
      xmlXPathRegisterNs (reader.xp, BAD_CAST "ram", BAD_CAST NS_ZF1_RAM);
      xmlXPathRegisterNs (reader.xp, BAD_CAST "udt", BAD_CAST NS_ZF1_UDT);
      read_cii (self, &reader, &zugferd1_paths);
    }
  else if (syntax == CHORUS_FACTURX_SYNTAX_CII)
    {
      xmlXPathRegisterNs (reader.xp, BAD_CAST "rsm", BAD_CAST NS_CII_RSM);
      xmlXPathRegisterNs (reader.xp, BAD_CAST "ram", BAD_CAST NS_CII_RAM);
      xmlXPathRegisterNs (reader.xp, BAD_CAST "udt", BAD_CAST NS_CII_UDT);
      xmlXPathRegisterNs (reader.xp, BAD_CAST "qdt", BAD_CAST NS_CII_QDT);
      read_cii (self, &reader, &cii_paths);
    }
  else
    {
      xmlXPathRegisterNs (reader.xp, BAD_CAST "cbc", BAD_CAST NS_UBL_CBC);
      xmlXPathRegisterNs (reader.xp, BAD_CAST "cac", BAD_CAST NS_UBL_CAC);
      read_ubl (self, &reader);
    }
  xmlXPathFreeContext (reader.xp);

  if (self->number == NULL && !self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] &&
      !self->has_amount[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE])
    {
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_MALFORMED,
                           _("The invoice XML has neither an invoice number nor totals: it cannot be read."));
      return NULL;
    }
  profile_from_id (self);
  return g_steal_pointer (&self);
}

static gboolean
is_encoding_name (const char *name)
{
  static const char *const known[] = { "utf-8", "utf8", "iso-8859-1", "iso-8859-15", "latin1", "us-ascii",
                                       "ascii", "utf-16", "windows-1252", "cp1252" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (lower, known[i]))
      return TRUE;
  return FALSE;
}

/* When the XML declaration names an encoding that does not exist, a copy with that declaration blanked
 * out (same length, so line numbers stay); *declared gets the name. NULL otherwise. */
static char *
without_bad_declaration (const char  *data,
                         gsize        len,
                         char       **declared)
{
  gsize start = 0, end, value_start, value_end;
  const char *limit;
  char *copy;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  if (len < start + 6 || memcmp (data + start, "<?xml", 5) != 0)
    return NULL;
  limit = memchr (data + start, '>', MIN (len - start, 256));
  if (limit == NULL)
    return NULL;
  end = (gsize) (limit - data) + 1;
  for (value_start = start; value_start + 10 < end; value_start++)
    if (memcmp (data + value_start, "encoding=", 9) == 0)
      break;
  if (value_start + 10 >= end)
    return NULL;
  value_start += 10;
  for (value_end = value_start; value_end < end && data[value_end] != data[value_start - 1]; value_end++)
    ;
  if (value_end >= end)
    return NULL;
  *declared = g_strndup (data + value_start, value_end - value_start);
  if (is_encoding_name (*declared) || !g_utf8_validate (*declared, -1, NULL))
    {
      g_clear_pointer (declared, g_free);
      return NULL;
    }
  copy = g_memdup2 (data, len);
  memset (copy + start, ' ', end - start);
  return copy;
}

ChorusFacturxDocument *
chorus_facturx_read_xml (const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  ChorusFacturxDocument *self;
  g_autofree char *declared_encoding = NULL;
  xmlDocPtr doc;
  int code = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > CHORUS_FACTURX_MAX_XML_SIZE)
    {
      g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE,
                   _("The invoice XML is too large (%u MB; at most %d MB are read)."),
                   (guint) MIN (len / (1024 * 1024), G_MAXUINT), CHORUS_FACTURX_MAX_XML_SIZE / (1024 * 1024));
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_MALFORMED,
                           _("The invoice XML is empty."));
      return NULL;
    }

  doc = safe_parse (data, len, NULL, 0, &code, &local_error);
  /* Some producers write an encoding name no parser knows ("UTF-8-W/O-BOM"): read it as UTF-8 and say so. */
  if (doc == NULL && !g_error_matches (local_error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_HOSTILE))
    {
      g_autofree char *repaired = without_bad_declaration (data, len, &declared_encoding);

      if (repaired != NULL)
        {
          g_autoptr(GError) retry_error = NULL;

          doc = safe_parse (repaired, len, "UTF-8", XML_PARSE_IGNORE_ENC, &code, &retry_error);
          if (doc != NULL)
            g_clear_error (&local_error);
          else if (g_error_matches (retry_error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_HOSTILE))
            {
              g_clear_error (&local_error);
              g_propagate_error (&local_error, g_steal_pointer (&retry_error));
            }
          else
            g_clear_pointer (&declared_encoding, g_free);
        }
    }
  if (doc == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = read_parsed (doc, error);
  if (self != NULL && declared_encoding != NULL)
    _chorus_facturx_note (self, CHORUS_FACTURX_SEVERITY_WARNING, "encoding",
                          _("The XML declares the character encoding “%s”, which does not exist; it was read "
                            "as UTF-8. Validators reject such a file."), declared_encoding);
  xmlFreeDoc (doc);
  return self;
}
