/* chorus-sim-facturx-read.c: what deposer/pdf reads back from an uploaded PDF, with a reader of
 * the simulator's own: the CII of its Factur-X attachment (a few XPaths), else its text as the
 * simulator draws its invoices. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"

#define FACTURX_NAME "factur-x.xml"

/* ---- what deposer/pdf reads from a PDF -------------------------------------------------------- */

static const char *const read_fields[] = {
  "numeroFacture", "dateFacture", "codeDestinataire", "codeServiceExecutant", "codeFournisseur",
  "codeDeviseFacture", "typeFacture", "typeTva", "numeroBonCommande", "montantTtcAvantRemiseGlobalTTC",
  "montantAPayer", "montantHtTotal", "montantTVA",
};

static gboolean
collect (const gchar *buf, gsize count, gpointer data, GError **error)
{
  GByteArray *sink = data;

  if (sink->len + count > 8 * 1024 * 1024)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "attachment too large");
      return FALSE;
    }
  g_byte_array_append (sink, (const guint8 *) buf, (guint) count);
  return TRUE;
}

static char *
xpath_text (xmlXPathContextPtr xp, const char *expr)
{
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expr, xp);
  char *text = NULL;

  if (result != NULL && result->nodesetval != NULL && result->nodesetval->nodeNr > 0)
    {
      xmlChar *content = xmlNodeGetContent (result->nodesetval->nodeTab[0]);
      text = content ? g_strstrip (g_strdup ((const char *) content)) : NULL;
      xmlFree (content);
    }
  xmlXPathFreeObject (result);
  return text;
}

static void
set_amount_text (JsonObject *answer, const char *key, const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return;
  value = g_ascii_strtod (text, &end);
  if (end != text && *end == '\0')
    sim_set_amount (answer, key, (gint64) (value * 100.0 + (value < 0 ? -0.5 : 0.5)));
}

/* The CII invoice of a Factur-X attachment (the sim's own reading: a few XPaths). */
static gboolean
read_cii (const guint8 *xml, gsize len, JsonObject *answer)
{
  static const struct { const char *key; const char *path; } texts[] = {
    { "numeroFacture", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID" },
    { "codeServiceExecutant", "//ram:ApplicableHeaderTradeAgreement/ram:BuyerReference" },
    { "codeDeviseFacture", "//ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode" },
    { "numeroBonCommande", "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID" },
    { "codeFournisseur", "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID" },
    { "codeDestinataire", "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID" },
  };
  static const struct { const char *key; const char *path; } amounts[] = {
    { "montantHtTotal", "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxBasisTotalAmount" },
    { "montantTVA", "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount" },
    { "montantTtcAvantRemiseGlobalTTC", "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount" },
    { "montantAPayer", "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount" },
  };
  xmlDocPtr doc = xmlReadMemory ((const char *) xml, (int) len, FACTURX_NAME, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlXPathContextPtr xp;
  gboolean ok;

  if (doc == NULL)
    return FALSE;
  xp = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xp, (const xmlChar *) "rsm",
                      (const xmlChar *) "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
  xmlXPathRegisterNs (xp, (const xmlChar *) "ram",
                      (const xmlChar *) "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
  xmlXPathRegisterNs (xp, (const xmlChar *) "udt",
                      (const xmlChar *) "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");
  {
    g_autofree char *number = xpath_text (xp, texts[0].path);
    ok = number != NULL;
  }
  for (gsize k = 0; ok && k < G_N_ELEMENTS (texts); k++)
    {
      g_autofree char *value = xpath_text (xp, texts[k].path);
      if (value != NULL)
        json_object_set_string_member (answer, texts[k].key, value);
    }
  for (gsize k = 0; ok && k < G_N_ELEMENTS (amounts); k++)
    {
      g_autofree char *value = xpath_text (xp, amounts[k].path);
      set_amount_text (answer, amounts[k].key, value);
    }
  if (ok)
    {
      g_autofree char *issue = xpath_text (xp, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString");
      g_autofree char *type = xpath_text (xp, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode");
      g_autofree char *category = xpath_text (xp, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode");
      g_autofree char *due = xpath_text (xp, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:DueDateTypeCode");

      if (issue != NULL && strlen (issue) == 8)
        {
          g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2s", issue, issue + 4, issue + 6);
          json_object_set_string_member (answer, "dateFacture", iso);
        }
      json_object_set_string_member (answer, "typeFacture", g_strcmp0 (type, "381") == 0 ? "AVOIR" : "FACTURE");
      if (g_strcmp0 (category, "E") == 0)
        json_object_set_string_member (answer, "typeTva", "EXONERATION");
      else if (g_strcmp0 (category, "AE") == 0 || g_strcmp0 (category, "O") == 0)
        json_object_set_string_member (answer, "typeTva", "SANS_TVA");
      else if (category != NULL)
        json_object_set_string_member (answer, "typeTva", g_strcmp0 (due, "72") == 0 ? "TVA_SUR_ENCAISSEMENT"
                                                                                      : "TVA_SUR_DEBIT");
    }
  xmlXPathFreeContext (xp);
  xmlFreeDoc (doc);
  return ok;
}

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

/* The page's text, with a space where two pieces of one line stand apart: poppler joins an
 * engagement number and the recipient's name printed further right on the same line. */
static char *
spaced_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  guint n = 0;
  GString *out;
  const char *p;

  /* One rectangle per character of the text, or the layout is of no use. */
  if (text == NULL || !poppler_page_get_text_layout (page, &rects, &n) || n != (guint) g_utf8_strlen (text, -1))
    return g_steal_pointer (&text);
  out = g_string_new (NULL);
  p = text;
  for (guint i = 0; *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      if (i > 0 && i < n && *p != '\n' && p[-1] != '\n' && p[-1] != ' ' &&
          ABS (rects[i].y2 - rects[i - 1].y2) < 2.0 &&
          rects[i].x1 - rects[i - 1].x2 > 2.0 * (rects[i - 1].y2 - rects[i - 1].y1))
        g_string_append_c (out, ' ');
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
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
      g_autofree char *page_text = page ? spaced_text (page) : NULL;

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

void
sim_pdf_read_fields (GBytes *pdf, JsonObject *answer)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  gboolean structured = FALSE;

  for (gsize k = 0; k < G_N_ELEMENTS (read_fields); k++)
    json_object_set_null_member (answer, read_fields[k]);
  json_object_set_string_member (answer, "typeFacture", "FACTURE");

  document = poppler_document_new_from_bytes (pdf, NULL, &error);
  if (document == NULL)
    return;
  if (poppler_document_has_attachments (document))
    {
      GList *attachments = poppler_document_get_attachments (document);

      for (GList *l = attachments; l != NULL && !structured; l = l->next)
        {
          PopplerAttachment *a = l->data;
          g_autoptr(GByteArray) sink = g_byte_array_new ();

          if (a->name == NULL || !g_str_has_suffix (a->name, ".xml"))
            continue;
          if (poppler_attachment_save_to_callback (a, collect, sink, NULL))
            structured = read_cii (sink->data, sink->len, answer);
        }
      g_list_free_full (attachments, g_object_unref);
    }
  if (!structured)
    read_text (document, answer);
  g_object_unref (document);
}
