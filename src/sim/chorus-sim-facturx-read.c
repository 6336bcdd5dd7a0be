/* chorus-sim-facturx-read.c: the simulator's own reading of uploaded invoices, never the client's:
 * CII (Factur-X, D16B) and UBL XML read with a few XPaths behind a parser that refuses DTDs and
 * entities, the Factur-X XML attached to a PDF, and, for deposer/pdf, the text of a PDF without
 * structured data as the simulator draws its invoices. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"

#define NS_CII_RSM "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
#define NS_CII_RAM "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
#define NS_CII_UDT "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
#define NS_UBL_INVOICE "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_UBL_CREDIT_NOTE "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_UBL_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define NS_UBL_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"

/* Real invoices are far below these. */
#define MAX_XML_BYTES (8 * 1024 * 1024)
#define MAX_LINES 10000

void
sim_facturx_invoice_free (SimFacturxInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->number);
  g_free (invoice->type_code);
  g_free (invoice->issue_date);
  g_free (invoice->seller_id);
  g_free (invoice->buyer_id);
  g_free (invoice->buyer_reference);
  g_free (invoice->order_reference);
  g_free (invoice->contract_reference);
  g_free (invoice->preceding_invoice);
  g_free (invoice->currency);
  g_free (invoice->vat_category);
  g_free (invoice->vat_due_code);
  g_clear_pointer (&invoice->lines, g_ptr_array_unref);
  g_free (invoice);
}

/* ---- parsing without DTDs --------------------------------------------------------------------- */

/* Invoices never declare a document type or entities: stop there, before anything is expanded. */
static void
stop_at_doctype (void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
  xmlParserCtxtPtr parser = data;

  *(gboolean *) parser->_private = TRUE;
  xmlStopParser (parser);
}

static void
stop_at_entity (void *data, const xmlChar *name, int type, const xmlChar *public_id, const xmlChar *system_id,
                xmlChar *content)
{
  xmlParserCtxtPtr parser = data;

  *(gboolean *) parser->_private = TRUE;
  xmlStopParser (parser);
}

static void
ignore_message (void *data, const char *message, ...)
{
}

static xmlDocPtr
parse_safely (const guint8 *xml, gsize len, GError **error)
{
  gboolean hostile = FALSE;
  xmlParserCtxtPtr parser = xmlNewParserCtxt ();
  xmlDocPtr doc;

  if (parser == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Le lecteur XML n'a pas pu démarrer");
      return NULL;
    }
  parser->_private = &hostile;
  parser->sax->internalSubset = stop_at_doctype;
  parser->sax->externalSubset = stop_at_doctype;
  parser->sax->entityDecl = stop_at_entity;
  {
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_data = xmlGenericErrorContext;

    /* Some conversion errors go to the generic handler even with XML_PARSE_NOERROR (per thread). */
    xmlSetGenericErrorFunc (NULL, ignore_message);
    doc = xmlCtxtReadMemory (parser, (const char *) xml, (int) len, NULL, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    xmlSetGenericErrorFunc (saved_data, saved);
  }
  if (hostile || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "Le fichier XML déclare un type de document ou des entités, ce qu'une facture ne fait "
                           "jamais : il est refusé");
    }
  else if (doc == NULL || !parser->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (parser);

      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Le fichier XML est endommagé (ligne %d) : il n'est pas bien formé", last ? last->line : 0);
    }
  xmlFreeParserCtxt (parser);
  return doc;
}

/* ---- XPath reading ------------------------------------------------------------------------------ */

/* The trimmed text of the first node @expr selects under @node (NULL: the document); NULL when
 * there is none or it is empty. */
static char *
text_at (xmlXPathContextPtr xp, xmlNodePtr node, const char *expr)
{
  xmlXPathObjectPtr result;
  char *text = NULL;

  xp->node = node;
  result = xmlXPathEvalExpression ((const xmlChar *) expr, xp);
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

static GPtrArray *
nodes_at (xmlXPathContextPtr xp, xmlNodePtr node, const char *expr)
{
  GPtrArray *nodes = g_ptr_array_new ();
  xmlXPathObjectPtr result;

  xp->node = node;
  result = xmlXPathEvalExpression ((const xmlChar *) expr, xp);
  if (result != NULL && result->nodesetval != NULL)
    for (int k = 0; k < result->nodesetval->nodeNr; k++)
      g_ptr_array_add (nodes, result->nodesetval->nodeTab[k]);
  xmlXPathFreeObject (result);
  return nodes;
}

/* The first identifier among @exprs, white space removed (SIRETs are often written grouped). */
static char *
identifier_at (xmlXPathContextPtr xp, xmlNodePtr node, const char *const *exprs, gsize n)
{
  for (gsize k = 0; k < n; k++)
    {
      g_autofree char *text = text_at (xp, node, exprs[k]);
      GString *id;

      if (text == NULL)
        continue;
      id = g_string_new (NULL);
      for (const char *p = text; *p; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (id, *p);
      return g_string_free (id, FALSE);
    }
  return NULL;
}

/* A decimal amount in cents; FALSE when it is not one, or beyond any invoice. */
static gboolean
cents_of (const char *text, gint64 *cents)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || fabs (value) > 1e12)
    return FALSE;
  *cents = (gint64) llround (value * 100.0);
  return TRUE;
}

static gboolean
amount_at (xmlXPathContextPtr xp, xmlNodePtr node, const char *expr, gint64 *cents)
{
  g_autofree char *text = text_at (xp, node, expr);

  return cents_of (text, cents);
}

static double
number_at (xmlXPathContextPtr xp, xmlNodePtr node, const char *expr, double def)
{
  g_autofree char *text = text_at (xp, node, expr);
  char *end = NULL;
  double value;

  if (text == NULL)
    return def;
  value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (value) && fabs (value) < 1e12 ? value : def;
}

/* "20260131" (format 102) or "2026-01-31" → "2026-01-31"; NULL when it is not a real date. */
static char *
date_at (xmlXPathContextPtr xp, xmlNodePtr node, const char *expr)
{
  g_autofree char *text = text_at (xp, node, expr);
  g_autofree char *iso = NULL;

  if (text == NULL)
    return NULL;
  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    iso = g_strdup_printf ("%.4s-%.2s-%.2s", text, text + 4, text + 6);
  else
    iso = g_strdup (text);
  return sim_is_day (iso) ? g_steal_pointer (&iso) : NULL;
}

/* Where each field is, for one syntax: document paths, then paths relative to a line. */
typedef struct {
  const char *number, *type_code, *issue_date, *buyer_reference, *order_reference, *contract_reference;
  const char *preceding_invoice, *currency, *vat_category, *vat_due_code;
  const char *seller_ids[2], *buyer_ids[2];
  const char *tax_basis, *tax_total, *grand_total, *due_payable;
  const char *lines;
  const char *line_id, *line_reference, *line_name, *line_quantity, *line_unit, *line_price, *line_price_basis;
  const char *line_rate;
} Paths;

#define CII_DOC "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/"
#define CII_DEAL "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/"
#define CII_AGREEMENT CII_DEAL "ram:ApplicableHeaderTradeAgreement/"
#define CII_SETTLEMENT CII_DEAL "ram:ApplicableHeaderTradeSettlement/"
#define CII_TOTALS CII_SETTLEMENT "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"

static const Paths cii_paths = {
  CII_DOC "ram:ID", CII_DOC "ram:TypeCode", CII_DOC "ram:IssueDateTime/udt:DateTimeString",
  CII_AGREEMENT "ram:BuyerReference", CII_AGREEMENT "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
  CII_AGREEMENT "ram:ContractReferencedDocument/ram:IssuerAssignedID",
  CII_SETTLEMENT "ram:InvoiceReferencedDocument/ram:IssuerAssignedID", CII_SETTLEMENT "ram:InvoiceCurrencyCode",
  CII_SETTLEMENT "ram:ApplicableTradeTax/ram:CategoryCode", CII_SETTLEMENT "ram:ApplicableTradeTax/ram:DueDateTypeCode",
  { CII_AGREEMENT "ram:SellerTradeParty/ram:GlobalID[@schemeID='0009']",
    CII_AGREEMENT "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID" },
  { CII_AGREEMENT "ram:BuyerTradeParty/ram:GlobalID[@schemeID='0009']",
    CII_AGREEMENT "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID" },
  CII_TOTALS "ram:TaxBasisTotalAmount", CII_TOTALS "ram:TaxTotalAmount", CII_TOTALS "ram:GrandTotalAmount",
  CII_TOTALS "ram:DuePayableAmount",
  CII_DEAL "ram:IncludedSupplyChainTradeLineItem",
  "ram:AssociatedDocumentLineDocument/ram:LineID", "ram:SpecifiedTradeProduct/ram:SellerAssignedID",
  "ram:SpecifiedTradeProduct/ram:Name", "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
  "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode",
  "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
  "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity",
  "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent",
};

/* UBL: the same for Invoice and CreditNote but for the names that carry the document's kind. */
#define UBL_PATHS(type_code, line, quantity)                                                              \
  {                                                                                                       \
    "/*/cbc:ID", "/*/cbc:" type_code, "/*/cbc:IssueDate", "/*/cbc:BuyerReference",                        \
    "/*/cac:OrderReference/cbc:ID", "/*/cac:ContractDocumentReference/cbc:ID",                            \
    "/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", "/*/cbc:DocumentCurrencyCode",         \
    "/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", NULL,                                        \
    { "/*/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='0009']",          \
      "/*/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID" },                     \
    { "/*/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='0009']",          \
      "/*/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID" },                     \
    "/*/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "/*/cac:TaxTotal/cbc:TaxAmount",                  \
    "/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "/*/cac:LegalMonetaryTotal/cbc:PayableAmount",     \
    "/*/cac:" line,                                                                                       \
    "cbc:ID", "cac:Item/cac:SellersItemIdentification/cbc:ID", "cac:Item/cbc:Name", "cbc:" quantity,       \
    "cbc:" quantity "/@unitCode", "cac:Price/cbc:PriceAmount", "cac:Price/cbc:BaseQuantity",                \
    "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",                                                     \
  }

static const Paths ubl_invoice_paths = UBL_PATHS ("InvoiceTypeCode", "InvoiceLine", "InvoicedQuantity");
static const Paths ubl_credit_note_paths = UBL_PATHS ("CreditNoteTypeCode", "CreditNoteLine", "CreditedQuantity");

/* The type codes of credit notes (UNTDID 1001): 381, and the self-billed and factored ones. */
static gboolean
is_credit_type (const char *type_code)
{
  static const char *const credit[] = { "381", "261", "262", "396" };

  for (gsize k = 0; type_code != NULL && k < G_N_ELEMENTS (credit); k++)
    if (g_str_equal (type_code, credit[k]))
      return TRUE;
  return FALSE;
}

static void
read_lines (xmlXPathContextPtr xp, const Paths *paths, SimFacturxInvoice *invoice)
{
  g_autoptr(GPtrArray) items = nodes_at (xp, NULL, paths->lines);

  for (guint k = 0; k < items->len && k < MAX_LINES; k++)
    {
      xmlNodePtr item = g_ptr_array_index (items, k);
      g_autofree char *line_id = text_at (xp, item, paths->line_id);
      SimLine *l = g_new0 (SimLine, 1);
      double price = number_at (xp, item, paths->line_price, 0);
      double basis = number_at (xp, item, paths->line_price_basis, 1);

      l->numero = line_id && g_ascii_isdigit (*line_id) ? (int) CLAMP (g_ascii_strtoll (line_id, NULL, 10), 0, G_MAXINT)
                                                        : (int) k + 1;
      l->reference = text_at (xp, item, paths->line_reference);
      l->denomination = text_at (xp, item, paths->line_name);
      l->quantite = number_at (xp, item, paths->line_quantity, 0);
      l->unite = text_at (xp, item, paths->line_unit);
      /* The price may be given for a basis quantity (BT-149): 30 € for 3. */
      l->pu_ht = (gint64) llround (price / (basis > 0 ? basis : 1) * 100.0);
      l->taux_bp = (int) (number_at (xp, item, paths->line_rate, 0) * 100 + 0.5);
      g_ptr_array_add (invoice->lines, l);
    }
}

static void
read_invoice (xmlXPathContextPtr xp, const Paths *paths, SimFacturxInvoice *invoice)
{
  invoice->number = text_at (xp, NULL, paths->number);
  invoice->type_code = text_at (xp, NULL, paths->type_code);
  invoice->issue_date = date_at (xp, NULL, paths->issue_date);
  invoice->buyer_reference = text_at (xp, NULL, paths->buyer_reference);
  invoice->order_reference = text_at (xp, NULL, paths->order_reference);
  invoice->contract_reference = text_at (xp, NULL, paths->contract_reference);
  invoice->preceding_invoice = text_at (xp, NULL, paths->preceding_invoice);
  invoice->currency = text_at (xp, NULL, paths->currency);
  invoice->vat_category = text_at (xp, NULL, paths->vat_category);
  invoice->vat_due_code = paths->vat_due_code ? text_at (xp, NULL, paths->vat_due_code) : NULL;
  invoice->seller_id = identifier_at (xp, NULL, paths->seller_ids, G_N_ELEMENTS (paths->seller_ids));
  invoice->buyer_id = identifier_at (xp, NULL, paths->buyer_ids, G_N_ELEMENTS (paths->buyer_ids));
  invoice->has_tax_basis = amount_at (xp, NULL, paths->tax_basis, &invoice->tax_basis);
  invoice->has_grand_total = amount_at (xp, NULL, paths->grand_total, &invoice->grand_total);
  invoice->has_due_payable = amount_at (xp, NULL, paths->due_payable, &invoice->due_payable);
  /* The total VAT may be given twice (invoice and accounting currencies): take the invoice's. */
  if (invoice->currency != NULL && strchr (invoice->currency, '\'') == NULL)
    {
      g_autofree char *expr = g_strdup_printf ("%s[@currencyID='%s' or not(@currencyID)]", paths->tax_total,
                                               invoice->currency);
      invoice->has_tax_total = amount_at (xp, NULL, expr, &invoice->tax_total);
    }
  else
    invoice->has_tax_total = amount_at (xp, NULL, paths->tax_total, &invoice->tax_total);
  invoice->credit_note = paths == &ubl_credit_note_paths || is_credit_type (invoice->type_code);
  read_lines (xp, paths, invoice);
}

SimFacturxInvoice *
sim_facturx_read_xml (const guint8 *xml, gsize len, GError **error)
{
  g_autoptr(SimFacturxInvoice) invoice = NULL;
  xmlDocPtr doc;
  xmlNodePtr root;
  xmlXPathContextPtr xp;
  const char *ns;
  const Paths *paths = NULL;

  if (len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Le fichier XML est vide");
      return NULL;
    }
  if (len > MAX_XML_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "Le fichier XML dépasse %d Mo",
                   MAX_XML_BYTES / (1024 * 1024));
      return NULL;
    }
  doc = parse_safely (xml, len, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  ns = root != NULL && root->ns != NULL ? (const char *) root->ns->href : "";
  if (root != NULL && g_str_equal ((const char *) root->name, "CrossIndustryInvoice") && g_str_equal (ns, NS_CII_RSM))
    paths = &cii_paths;
  else if (root != NULL && g_str_equal ((const char *) root->name, "Invoice") && g_str_equal (ns, NS_UBL_INVOICE))
    paths = &ubl_invoice_paths;
  else if (root != NULL && g_str_equal ((const char *) root->name, "CreditNote") && g_str_equal (ns, NS_UBL_CREDIT_NOTE))
    paths = &ubl_credit_note_paths;
  if (paths == NULL)
    {
      g_autofree char *name = g_utf8_make_valid (root ? (const char *) root->name : "", -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Ce fichier XML n'est pas une facture (son élément "
                   "racine est « %s ») : les factures CII (Factur-X) et UBL sont lues", name);
      xmlFreeDoc (doc);
      return NULL;
    }

  invoice = g_new0 (SimFacturxInvoice, 1);
  invoice->ubl = paths != &cii_paths;
  invoice->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  xp = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xp, BAD_CAST "rsm", BAD_CAST NS_CII_RSM);
  xmlXPathRegisterNs (xp, BAD_CAST "ram", BAD_CAST NS_CII_RAM);
  xmlXPathRegisterNs (xp, BAD_CAST "udt", BAD_CAST NS_CII_UDT);
  xmlXPathRegisterNs (xp, BAD_CAST "cbc", BAD_CAST NS_UBL_CBC);
  xmlXPathRegisterNs (xp, BAD_CAST "cac", BAD_CAST NS_UBL_CAC);
  read_invoice (xp, paths, invoice);
  xmlXPathFreeContext (xp);
  xmlFreeDoc (doc);

  if (invoice->number == NULL && !invoice->has_grand_total && !invoice->has_due_payable)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "La facture n'a ni numéro ni montants : elle ne peut pas être lue");
      return NULL;
    }
  return g_steal_pointer (&invoice);
}

/* ---- Factur-X: the XML attached to a PDF -------------------------------------------------------- */

static gboolean
collect (const gchar *buf, gsize count, gpointer data, GError **error)
{
  GByteArray *sink = data;

  if (sink->len + count > MAX_XML_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "La pièce jointe XML dépasse %d Mo",
                   MAX_XML_BYTES / (1024 * 1024));
      return FALSE;
    }
  g_byte_array_append (sink, (const guint8 *) buf, (guint) count);
  return TRUE;
}

/* The first of the PDF's XML attachments that reads as an invoice; NULL with the first reason. */
static SimFacturxInvoice *
read_attachments (PopplerDocument *document, GError **error)
{
  GList *attachments = poppler_document_has_attachments (document) ? poppler_document_get_attachments (document) : NULL;
  g_autoptr(GError) first_error = NULL;
  SimFacturxInvoice *invoice = NULL;

  for (GList *l = attachments; l != NULL && invoice == NULL; l = l->next)
    {
      PopplerAttachment *a = l->data;
      g_autoptr(GByteArray) sink = g_byte_array_new ();
      g_autofree char *lower = a->name ? g_ascii_strdown (a->name, -1) : NULL;
      g_autoptr(GError) local_error = NULL;

      if (lower == NULL || !g_str_has_suffix (lower, ".xml"))
        continue;
      if (poppler_attachment_save_to_callback (a, collect, sink, &local_error))
        invoice = sim_facturx_read_xml (sink->data, sink->len, &local_error);
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }
  g_list_free_full (attachments, g_object_unref);
  if (invoice == NULL)
    {
      if (first_error != NULL)
        g_propagate_error (error, g_steal_pointer (&first_error));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Ce PDF ne porte pas de facture structurée "
                             "(aucune pièce jointe XML) : ce n'est pas une facture Factur-X");
    }
  return invoice;
}

SimFacturxInvoice *
sim_facturx_read_pdf (GBytes *pdf, GError **error)
{
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, NULL);
  SimFacturxInvoice *invoice;

  if (document == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Le PDF ne peut pas être ouvert (endommagé, ou protégé par un mot de passe)");
      return NULL;
    }
  invoice = read_attachments (document, error);
  g_object_unref (document);
  return invoice;
}

/* ---- what deposer/pdf reads from a PDF ------------------------------------------------------------ */

static const char *const answered_fields[] = {
  "numeroFacture", "dateFacture", "codeDestinataire", "codeServiceExecutant", "codeFournisseur",
  "codeDeviseFacture", "typeFacture", "typeTva", "numeroBonCommande", "montantTtcAvantRemiseGlobalTTC",
  "montantAPayer", "montantHtTotal", "montantTVA",
};

/* The word after @label in @text ("N° F-2026-001" → "F-2026-001"), starting at @from. */
static char *
word_after (const char *text, const char *label, const char **from)
{
  const char *p = strstr (*from, label);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (label);
  while (*p == ' ')
    p++;
  for (end = p; *end && !g_ascii_isspace (*end); end++)
    ;
  *from = end;
  return end > p ? g_strndup (p, (gsize) (end - p)) : NULL;
}

/* The French amount ("1 234,56 €") at @p, in cents; FALSE when there is none. */
static gboolean
read_french_amount (const char *p, gint64 *cents)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char *end = NULL;
  double value;

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (*p) || *p == '-')
        g_string_append_c (digits, *p);
      else if (*p == ',')
        g_string_append_c (digits, '.');
      else if (c != ' ' && c != 0x00a0 && c != 0x202f)
        break;
    }
  value = g_ascii_strtod (digits->str, &end);
  if (digits->len == 0 || end == digits->str || *end != '\0')
    return FALSE;
  *cents = (gint64) (value * 100.0 + (value < 0 ? -0.5 : 0.5));
  return TRUE;
}

/* The first amount after the last @label of @text (blank lines between them). */
static void
amount_after (const char *text, const char *label, JsonObject *answer, const char *key)
{
  const char *p = g_strrstr (text, label);
  gint64 cents;

  if (p == NULL)
    return;
  for (p += strlen (label); *p == ' ' || *p == '\n'; p++)
    ;
  if (read_french_amount (p, &cents))
    sim_set_amount (answer, key, cents);
}

/* The total before VAT: the sum of the bases of the VAT lines ("TVA 20 % sur 1 234,56 €"), which
 * the text keeps whole however its columns come out. */
static void
vat_bases (const char *text, JsonObject *answer, const char *key)
{
  gint64 total = 0, cents;
  gboolean found = FALSE;

  for (const char *p = strstr (text, "% sur "); p != NULL; p = strstr (p + 1, "% sur "))
    if (read_french_amount (p + strlen ("% sur "), &cents))
      {
        total += cents;
        found = TRUE;
      }
  if (found)
    sim_set_amount (answer, key, total);
}

/* What a PDF without structured data shows, read as the simulator draws its invoices: the
 * supplier's identifier in its header, the routing data in the DESTINATAIRE box. */
static void
read_text (PopplerDocument *document, JsonObject *answer)
{
  g_autoptr(GString) all = g_string_new (NULL);
  const char *text;
  const char *box;
  const char *from;
  g_autofree char *numero = NULL;
  g_autofree char *date = NULL;
  g_autofree char *supplier = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *service = NULL;
  g_autofree char *engagement = NULL;

  /* The routing data are on the first page, the totals on the last (five pages at most). */
  for (int k = 0; k < MIN (poppler_document_get_n_pages (document), 5); k++)
    {
      PopplerPage *page = poppler_document_get_page (document, k);
      g_autofree char *page_text = page ? poppler_page_get_text (page) : NULL;

      g_clear_object (&page);
      if (page_text != NULL)
        g_string_append_printf (all, "%s\n", page_text);
    }
  text = all->str;
  box = strstr (text, "DESTINATAIRE");
  /* "N° F-2026-001", not "N° TVA intracommunautaire". */
  from = text;
  while ((numero = word_after (from, "N° ", &from)) != NULL && g_str_equal (numero, "TVA"))
    g_clear_pointer (&numero, g_free);
  from = text;
  date = word_after (text, "Date : ", &from);
  from = text;
  if (box == NULL || (strstr (text, "SIRET : ") != NULL && strstr (text, "SIRET : ") < box))
    supplier = word_after (text, "SIRET : ", &from);
  if (box != NULL)
    {
      from = box;
      recipient = word_after (box, "SIRET : ", &from);
    }
  from = text;
  service = word_after (text, "Service exécutant : ", &from);
  from = text;
  engagement = word_after (text, "Engagement (bon de commande) : ", &from);

  if (numero != NULL && sim_invoice_number_valid (numero))
    json_object_set_string_member (answer, "numeroFacture", numero);
  if (date != NULL && strlen (date) == 10 && date[2] == '/' && date[5] == '/')
    {
      g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2s", date + 6, date + 3, date);
      json_object_set_string_member (answer, "dateFacture", iso);
    }
  if (supplier != NULL && strlen (supplier) == 14)
    json_object_set_string_member (answer, "codeFournisseur", supplier);
  if (recipient != NULL && strlen (recipient) == 14)
    json_object_set_string_member (answer, "codeDestinataire", recipient);
  if (service != NULL)
    json_object_set_string_member (answer, "codeServiceExecutant", service);
  if (engagement != NULL && g_ascii_isalnum (*engagement))
    json_object_set_string_member (answer, "numeroBonCommande", engagement);
  vat_bases (text, answer, "montantHtTotal");
  amount_after (text, "Total TTC", answer, "montantTtcAvantRemiseGlobalTTC");
  amount_after (text, "Net à payer", answer, "montantAPayer");
  if (strstr (text, "€") != NULL)
    json_object_set_string_member (answer, "codeDeviseFacture", "EUR");
  if (strstr (text, "AVOIR") != NULL)
    json_object_set_string_member (answer, "typeFacture", "AVOIR");
}

/* The fields of a structured invoice as deposer/pdf answers them. */
static void
set_read_fields (const SimFacturxInvoice *invoice, JsonObject *answer)
{
  const struct { const char *key; const char *value; } texts[] = {
    { "numeroFacture", invoice->number }, { "codeServiceExecutant", invoice->buyer_reference },
    { "codeDeviseFacture", invoice->currency }, { "numeroBonCommande", invoice->order_reference },
    { "codeFournisseur", invoice->seller_id }, { "codeDestinataire", invoice->buyer_id },
    { "dateFacture", invoice->issue_date },
  };
  const struct { const char *key; gboolean given; gint64 cents; } amounts[] = {
    { "montantHtTotal", invoice->has_tax_basis, invoice->tax_basis },
    { "montantTVA", invoice->has_tax_total, invoice->tax_total },
    { "montantTtcAvantRemiseGlobalTTC", invoice->has_grand_total, invoice->grand_total },
    { "montantAPayer", invoice->has_due_payable, invoice->due_payable },
  };
  const char *category = invoice->vat_category;

  for (gsize k = 0; k < G_N_ELEMENTS (texts); k++)
    if (texts[k].value != NULL)
      json_object_set_string_member (answer, texts[k].key, texts[k].value);
  for (gsize k = 0; k < G_N_ELEMENTS (amounts); k++)
    if (amounts[k].given)
      sim_set_amount (answer, amounts[k].key, amounts[k].cents);
  json_object_set_string_member (answer, "typeFacture", invoice->credit_note ? "AVOIR" : "FACTURE");
  if (g_strcmp0 (category, "E") == 0)
    json_object_set_string_member (answer, "typeTva", "EXONERATION");
  else if (g_strcmp0 (category, "AE") == 0 || g_strcmp0 (category, "O") == 0)
    json_object_set_string_member (answer, "typeTva", "SANS_TVA");
  else if (category != NULL)
    json_object_set_string_member (answer, "typeTva", g_strcmp0 (invoice->vat_due_code, "72") == 0
                                                      ? "TVA_SUR_ENCAISSEMENT" : "TVA_SUR_DEBIT");
}

void
sim_pdf_read_fields (GBytes *pdf, JsonObject *answer)
{
  g_autoptr(SimFacturxInvoice) invoice = NULL;
  PopplerDocument *document;

  for (gsize k = 0; k < G_N_ELEMENTS (answered_fields); k++)
    json_object_set_null_member (answer, answered_fields[k]);
  json_object_set_string_member (answer, "typeFacture", "FACTURE");

  document = poppler_document_new_from_bytes (pdf, NULL, NULL);
  if (document == NULL)
    return;
  /* Its Factur-X XML when it has a number, else what its pages show. */
  invoice = read_attachments (document, NULL);
  if (invoice != NULL && invoice->number != NULL)
    set_read_fields (invoice, answer);
  else
    read_text (document, answer);
  g_object_unref (document);
}
