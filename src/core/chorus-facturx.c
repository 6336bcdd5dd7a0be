/* chorus-facturx.c: reads CII/UBL invoice XML (bare or embedded in a PDF) safely, checks it. */
#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <string.h>

#include "chorus-facturx.h"

G_DEFINE_QUARK (chorus-facturx-error-quark, chorus_facturx_error)

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

struct _ChorusFacturxDocument
{
  GObject               parent_instance;

#define DEFINE_STRING(name) char *name;
  CHORUS_FACTURX_STRING_FIELDS (DEFINE_STRING)
#undef DEFINE_STRING

  ChorusFacturxSyntax   syntax;
  ChorusFacturxProfile  profile;
  gboolean              from_pdf;
  gint64                amounts[CHORUS_FACTURX_AMOUNT_LAST];
  gboolean              has_amount[CHORUS_FACTURX_AMOUNT_LAST];
  GPtrArray            *vat_lines;
  GPtrArray            *lines;
  /* Findings made while reading (encoding, profile identifier, line prices). */
  GPtrArray            *notes;
};

G_DEFINE_FINAL_TYPE (ChorusFacturxDocument, chorus_facturx_document, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (ChorusFacturxCheck, chorus_facturx_check, chorus_facturx_check_copy, chorus_facturx_check_free)
G_DEFINE_BOXED_TYPE (ChorusDuplicateMatch, chorus_duplicate_match, chorus_duplicate_match_copy, chorus_duplicate_match_free)

static void
chorus_facturx_document_finalize (GObject *object)
{
  ChorusFacturxDocument *self = CHORUS_FACTURX_DOCUMENT (object);

#define FREE_STRING(name) g_free (self->name);
  CHORUS_FACTURX_STRING_FIELDS (FREE_STRING)
#undef FREE_STRING
  g_clear_pointer (&self->vat_lines, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_facturx_document_parent_class)->finalize (object);
}

static void
chorus_facturx_document_class_init (ChorusFacturxDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_facturx_document_finalize;
}

static void
chorus_facturx_document_init (ChorusFacturxDocument *self)
{
  self->vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_facturx_check_free);
}

#define DEFINE_GETTER(name)                                                   \
  const char *                                                                \
  chorus_facturx_document_get_##name (ChorusFacturxDocument *self)           \
  {                                                                           \
    g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);           \
    return self->name;                                                        \
  }
CHORUS_FACTURX_STRING_FIELDS (DEFINE_GETTER)
#undef DEFINE_GETTER

ChorusFacturxSyntax
chorus_facturx_document_get_syntax (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), CHORUS_FACTURX_SYNTAX_CII);
  return self->syntax;
}

ChorusFacturxProfile
chorus_facturx_document_get_profile (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), CHORUS_FACTURX_PROFILE_UNKNOWN);
  return self->profile;
}

gboolean
chorus_facturx_document_get_from_pdf (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), FALSE);
  return self->from_pdf;
}

gboolean
chorus_facturx_document_get_amount (ChorusFacturxDocument *self,
                                    ChorusFacturxAmount    which,
                                    gint64                *cents)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), FALSE);
  g_return_val_if_fail (which < CHORUS_FACTURX_AMOUNT_LAST, FALSE);

  if (cents != NULL)
    *cents = self->has_amount[which] ? self->amounts[which] : 0;
  return self->has_amount[which];
}

GPtrArray *
chorus_facturx_document_get_vat_lines (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  return self->vat_lines;
}

GPtrArray *
chorus_facturx_document_get_lines (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  return self->lines;
}

static gboolean
type_code_is_credit (const char *type_code)
{
  return g_strcmp0 (type_code, "381") == 0 || g_strcmp0 (type_code, "261") == 0 ||
         g_strcmp0 (type_code, "262") == 0 || g_strcmp0 (type_code, "396") == 0;
}

ChorusInvoiceType
chorus_facturx_document_get_invoice_type (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), CHORUS_INVOICE_TYPE_UNKNOWN);

  if (self->syntax == CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE || type_code_is_credit (self->type_code))
    return CHORUS_INVOICE_TYPE_AVOIR;
  if (g_strcmp0 (self->type_code, "386") == 0)
    return CHORUS_INVOICE_TYPE_ACOMPTE;
  if (self->type_code == NULL)
    return CHORUS_INVOICE_TYPE_UNKNOWN;
  return CHORUS_INVOICE_TYPE_FACTURE;
}

const char *
chorus_facturx_document_get_flux_syntax (ChorusFacturxDocument *self)
{
  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);

  switch (self->syntax)
    {
    case CHORUS_FACTURX_SYNTAX_CII:
      return self->from_pdf ? "IN_DP_E2_CII_FACTURX" : "IN_DP_E1_CII_16B";
    case CHORUS_FACTURX_SYNTAX_UBL_INVOICE:
    case CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE:
      /* Chorus Pro takes UBL as a bare XML flux only. */
      return self->from_pdf ? NULL : "IN_DP_E1_UBL_INVOICE";
    case CHORUS_FACTURX_SYNTAX_ZUGFERD1:
    default:
      return NULL;
    }
}

const char *
chorus_facturx_profile_label (ChorusFacturxProfile profile)
{
  switch (profile)
    {
    case CHORUS_FACTURX_PROFILE_MINIMUM: return "MINIMUM";
    case CHORUS_FACTURX_PROFILE_BASIC_WL: return "BASIC WL";
    case CHORUS_FACTURX_PROFILE_BASIC: return "BASIC";
    case CHORUS_FACTURX_PROFILE_EN16931: return "EN 16931";
    case CHORUS_FACTURX_PROFILE_EXTENDED: return "EXTENDED";
    case CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR: return "EXTENDED-CTC-FR";
    case CHORUS_FACTURX_PROFILE_XRECHNUNG: return "XRechnung";
    case CHORUS_FACTURX_PROFILE_UNKNOWN:
    case CHORUS_FACTURX_PROFILE_LAST:
    default:
      return _("Unknown profile");
    }
}

gboolean
chorus_facturx_profile_has_lines (ChorusFacturxProfile profile)
{
  return profile != CHORUS_FACTURX_PROFILE_MINIMUM && profile != CHORUS_FACTURX_PROFILE_BASIC_WL;
}

const char *
chorus_facturx_type_code_label (const char *type_code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "380", N_("Commercial invoice") },
    { "381", N_("Credit note") },
    { "384", N_("Corrected invoice") },
    { "386", N_("Prepayment invoice") },
    { "389", N_("Self-billed invoice") },
    { "261", N_("Self-billed credit note") },
    { "262", N_("Self-billed credit note") },
    { "751", N_("Invoice information for accounting") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (type_code, labels[i].code) == 0)
      return _(labels[i].label);
  return _("Unknown document type");
}

const char *
chorus_facturx_payment_means_label (const char *code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "10", N_("Cash") },
    { "20", N_("Cheque") },
    { "30", N_("Credit transfer") },
    { "31", N_("Debit transfer") },
    { "42", N_("Payment to bank account") },
    { "48", N_("Bank card") },
    { "49", N_("Direct debit") },
    { "57", N_("Standing agreement") },
    { "58", N_("SEPA credit transfer") },
    { "59", N_("SEPA direct debit") },
    { "97", N_("Clearing between partners") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (code, labels[i].code) == 0)
      return _(labels[i].label);
  return NULL;
}

const char *
chorus_facturx_amount_label (ChorusFacturxAmount which)
{
  switch (which)
    {
    case CHORUS_FACTURX_AMOUNT_LINE_TOTAL: return _("Sum of lines");
    case CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL: return _("Charges");
    case CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL: return _("Allowances");
    case CHORUS_FACTURX_AMOUNT_TAX_BASIS: return _("Total excluding VAT");
    case CHORUS_FACTURX_AMOUNT_TAX_TOTAL: return _("VAT");
    case CHORUS_FACTURX_AMOUNT_GRAND_TOTAL: return _("Total including VAT");
    case CHORUS_FACTURX_AMOUNT_PREPAID: return _("Already paid");
    case CHORUS_FACTURX_AMOUNT_ROUNDING: return _("Rounding");
    case CHORUS_FACTURX_AMOUNT_DUE_PAYABLE: return _("Amount due");
    case CHORUS_FACTURX_AMOUNT_LAST:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Checks */

static char *fmt_amount (ChorusFacturxDocument *self,
                         gint64                 cents);

ChorusFacturxCheck *
chorus_facturx_check_copy (const ChorusFacturxCheck *check)
{
  ChorusFacturxCheck *copy = g_memdup2 (check, sizeof *check);

  copy->field = g_strdup (check->field);
  copy->message = g_strdup (check->message);
  return copy;
}

void
chorus_facturx_check_free (ChorusFacturxCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->field);
  g_free (check->message);
  g_free (check);
}

static void add_check (GPtrArray             *checks,
                       ChorusFacturxSeverity  severity,
                       const char            *field,
                       const char            *format,
                       ...) G_GNUC_PRINTF (4, 5);

static void
add_check (GPtrArray             *checks,
           ChorusFacturxSeverity  severity,
           const char            *field,
           const char            *format,
           ...)
{
  ChorusFacturxCheck *check = g_new0 (ChorusFacturxCheck, 1);
  va_list args;

  va_start (args, format);
  check->severity = severity;
  check->field = g_strdup (field);
  check->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (checks, check);
}

ChorusFacturxSeverity
chorus_facturx_checks_worst (GPtrArray *checks)
{
  ChorusFacturxSeverity worst = CHORUS_FACTURX_SEVERITY_OK;

  g_return_val_if_fail (checks != NULL, CHORUS_FACTURX_SEVERITY_OK);
  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      worst = MAX (worst, check->severity);
    }
  return worst;
}

ChorusFacturxCheck *
chorus_facturx_checks_find (GPtrArray  *checks,
                            const char *field)
{
  g_return_val_if_fail (checks != NULL, NULL);
  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      if (g_strcmp0 (check->field, field) == 0)
        return check;
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Value parsing */

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
  unsigned year, month, day;
  char tail;

  if (text == NULL)
    return NULL;
  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    {
      if (sscanf (text, "%4u%2u%2u", &year, &month, &day) != 3)
        return NULL;
    }
  else if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 || strlen (text) != 10)
    return NULL;
  if (year < 1900 || year > 2999 || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* Identifier without spaces (SIRET, VAT, IBAN are often written grouped). */
static char *
compact (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  if (out->len == 0)
    return (g_string_free (out, TRUE), NULL);
  return g_string_free (out, FALSE);
}

/* Amounts beyond a thousand billion are not invoices; the bound keeps every sum inside 64 bits. */
#define MAX_CENTS G_GINT64_CONSTANT (100000000000000)

static gboolean
cents_from_double (double  value,
                   gint64 *cents)
{
  if (!isfinite (value) || value * 100.0 > (double) MAX_CENTS || value * 100.0 < -(double) MAX_CENTS)
    return FALSE;
  *cents = chorus_amount_from_double (value);
  return TRUE;
}

/* |a − b| ≤ one cent, without overflowing on any input. */
static gboolean
within_cent (gint64 a,
             gint64 b)
{
  guint64 diff = a > b ? (guint64) a - (guint64) b : (guint64) b - (guint64) a;

  return diff <= 1;
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  return text != NULL && strlen (text) == len && strspn (text, "0123456789") == len;
}

/* ---------------------------------------------------------------------------------------------- */
/* Safe XML parsing */

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
      add_check (self->notes, CHORUS_FACTURX_SEVERITY_ERROR, "amounts",
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
    add_check (self->notes, CHORUS_FACTURX_SEVERITY_ERROR, "dates",
               _("The %s “%s” is not a valid date."), what, text);
  return date;
}

/* Sets SIRET/SIREN from one identifier of a party, whatever scheme carried it. */
static void
take_company_id (const char  *raw,
                 char       **siret,
                 char       **siren)
{
  g_autofree char *id = compact (raw);

  if (id == NULL)
    return;
  if (*siret == NULL && all_digits (id, 14))
    *siret = g_strdup (id);
  else if (*siren == NULL && all_digits (id, 9))
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
      add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "profile",
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
    add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "profile",
               _("The profile “%s” is not a Factur-X, ZUGFeRD, UBL or XRechnung profile."), self->profile_id);
  else if (!standard)
    add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "profile_id",
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
  if (!cents_from_double (line->quantity * price / base, &expected))
    return;
  expected += adjustment;
  if (!within_cent (expected, line->total_ht))
    {
      g_autofree char *price_str = chorus_amount_format (chorus_amount_from_double (price / base), self->currency);
      g_autofree char *expected_str = chorus_amount_format (expected, self->currency);
      g_autofree char *total_str = chorus_amount_format (line->total_ht, self->currency);
      g_autofree char *qty = g_strdup_printf ("%g", line->quantity);

      add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "line_price",
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
  if (!cents_from_double (price / base, &cents))
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
      char *compacted = compact (*vat);
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
      self->iban = compact (iban);
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
            add_check (self->notes, CHORUS_FACTURX_SEVERITY_ERROR, "vat_lines",
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

      line->number = line_id && g_ascii_isdigit (*line_id) ? (int) CLAMP (g_ascii_strtoll (line_id, NULL, 10), 0, G_MAXINT)
                                                           : (int) i + 1;
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
  *vat = compact (vat_raw);
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
  self->iban = compact (iban);
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
            add_check (self->notes, CHORUS_FACTURX_SEVERITY_ERROR, "vat_lines",
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

      line->number = line_id && g_ascii_isdigit (*line_id) ? (int) CLAMP (g_ascii_strtoll (line_id, NULL, 10), 0, G_MAXINT)
                                                           : (int) i + 1;
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
    add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "encoding",
               _("The XML declares the character encoding “%s”, which does not exist; it was read as UTF-8. "
                 "Validators reject such a file."), declared_encoding);
  xmlFreeDoc (doc);
  return self;
}

/* ---------------------------------------------------------------------------------------------- */
/* PDF */

typedef struct {
  GByteArray *data;
  gboolean    too_large;
} AttachmentSink;

static gboolean
collect_attachment (const gchar  *buf,
                    gsize         count,
                    gpointer      user_data,
                    GError      **error)
{
  AttachmentSink *sink = user_data;

  if (sink->data->len + count > CHORUS_FACTURX_MAX_XML_SIZE)
    {
      sink->too_large = TRUE;
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE, "too large");
      return FALSE;
    }
  g_byte_array_append (sink->data, (const guint8 *) buf, count);
  return TRUE;
}

static gboolean
name_looks_xml (const char *name)
{
  g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, ".xml");
}

/* The value of the XMP property @name (any prefix, element or attribute form), or NULL. */
static char *
xmp_property (const char *xmp,
              const char *name)
{
  g_autofree char *element = g_strconcat (name, ">", NULL);
  g_autofree char *attribute = g_strconcat (name, "=\"", NULL);
  const char *start = NULL;
  const char *end;

  if ((start = strstr (xmp, element)) != NULL && start > xmp && start[-1] == ':')
    {
      start += strlen (element);
      end = strchr (start, '<');
    }
  else if ((start = strstr (xmp, attribute)) != NULL && start > xmp && start[-1] == ':')
    {
      start += strlen (attribute);
      end = strchr (start, '"');
    }
  else
    return NULL;
  if (end == NULL || end - start > 200)
    return NULL;
  return g_strstrip (g_strndup (start, end - start));
}

/* XMP says which profile and file name the PDF claims; they should match what is attached. */
static void
check_pdf_metadata (ChorusFacturxDocument *self,
                    PopplerDocument       *document)
{
  g_autofree char *xmp = poppler_document_get_metadata (document);
  g_autofree char *level = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *lower = NULL;
  ChorusFacturxProfile declared = CHORUS_FACTURX_PROFILE_UNKNOWN;
  ChorusFacturxProfile actual = self->profile;

  level = xmp && g_utf8_validate (xmp, -1, NULL) ? xmp_property (xmp, "ConformanceLevel") : NULL;
  if (level == NULL)
    {
      add_check (self->notes, CHORUS_FACTURX_SEVERITY_INFO, "pdf_metadata",
                 _("The PDF metadata (XMP) do not declare it as a Factur-X invoice; the attached XML was "
                   "found anyway."));
      return;
    }
  file_name = xmp_property (xmp, "DocumentFileName");
  lower = g_ascii_strdown (level, -1);
  if (g_str_equal (lower, "minimum"))
    declared = CHORUS_FACTURX_PROFILE_MINIMUM;
  else if (g_str_equal (lower, "basic wl"))
    declared = CHORUS_FACTURX_PROFILE_BASIC_WL;
  else if (g_str_equal (lower, "basic"))
    declared = CHORUS_FACTURX_PROFILE_BASIC;
  else if (g_str_equal (lower, "en 16931") || g_str_equal (lower, "comfort"))
    declared = CHORUS_FACTURX_PROFILE_EN16931;
  else if (g_str_equal (lower, "extended"))
    declared = CHORUS_FACTURX_PROFILE_EXTENDED;
  else if (g_str_equal (lower, "xrechnung"))
    declared = CHORUS_FACTURX_PROFILE_XRECHNUNG;
  if (actual == CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR)
    actual = CHORUS_FACTURX_PROFILE_EXTENDED;

  if (declared != actual)
    add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "pdf_profile",
               _("The PDF metadata announce the profile “%s”, but the attached XML follows %s."),
               level, chorus_facturx_profile_label (self->profile));
  if (file_name != NULL && self->attachment_name != NULL && g_strcmp0 (file_name, self->attachment_name) != 0)
    add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "pdf_attachment",
               _("The PDF metadata name the invoice file “%s”, but it is attached as “%s”."),
               file_name, self->attachment_name);
}

/* Text without any kind of space, ASCII letters folded: "N° F-2026 0023" and "n°f-20260023" compare equal. */
static char *
squeeze_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00a0 || c == 0x202f || c == 0x2009)
        continue;
      g_string_append_unichar (out, c < 128 ? (gunichar) g_ascii_tolower ((char) c) : c);
    }
  return g_string_free (out, FALSE);
}

/* "2076,76", "2.076,76", "2,076.76", "2'076.76" … */
static gboolean
text_has_amount (const char *text,
                 gint64      cents)
{
  static const char *const groups[] = { "", ".", ",", "'" };
  static const char *const decimals[] = { ",", "." };
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;
  g_autofree char *units = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  gsize len = strlen (units);

  for (gsize g = 0; g < G_N_ELEMENTS (groups); g++)
    for (gsize d = 0; d < G_N_ELEMENTS (decimals); d++)
      {
        g_autoptr(GString) variant = g_string_new (NULL);

        if (g_str_equal (groups[g], decimals[d]) || (len <= 3 && g > 0))
          continue;
        for (gsize i = 0; i < len; i++)
          {
            if (i > 0 && (len - i) % 3 == 0)
              g_string_append (variant, groups[g]);
            g_string_append_c (variant, units[i]);
          }
        g_string_append_printf (variant, "%s%02u", decimals[d], (guint) (magnitude % 100));
        if (strstr (text, variant->str) != NULL)
          return TRUE;
      }
  return FALSE;
}

/* The visible invoice should show the number and total of its XML: a mismatch means two different invoices. */
static void
check_pdf_text (ChorusFacturxDocument *self,
                PopplerDocument       *document)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *squeezed = NULL;
  int n_pages = MIN (poppler_document_get_n_pages (document), 5);

  for (int i = 0; i < n_pages && text->len < 1024 * 1024; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = page ? poppler_page_get_text (page) : NULL;

      if (page_text != NULL && g_utf8_validate (page_text, -1, NULL))
        g_string_append (text, page_text);
      g_clear_object (&page);
    }
  squeezed = squeeze_text (text->str);
  if (*squeezed == '\0')
    {
      add_check (self->notes, CHORUS_FACTURX_SEVERITY_INFO, "pdf_text",
                 _("The PDF has no text to compare with the structured data (a scan?)."));
      return;
    }

  if (self->number != NULL)
    {
      g_autofree char *number = squeeze_text (self->number);

      if (strstr (squeezed, number) != NULL)
        add_check (self->notes, CHORUS_FACTURX_SEVERITY_OK, "pdf_number",
                   _("The PDF shows the same invoice number, %s."), self->number);
      else
        add_check (self->notes, CHORUS_FACTURX_SEVERITY_ERROR, "pdf_number",
                   _("The invoice number %s of the structured data does not appear in the PDF: the PDF and "
                     "its XML may be two different invoices."), self->number);
    }
  if (self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL])
    {
      g_autofree char *total = fmt_amount (self, self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL]);

      if (text_has_amount (squeezed, self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL]))
        add_check (self->notes, CHORUS_FACTURX_SEVERITY_OK, "pdf_total",
                   _("The PDF shows the same total including VAT, %s."), total);
      else
        add_check (self->notes, CHORUS_FACTURX_SEVERITY_WARNING, "pdf_total",
                   _("The total including VAT %s of the structured data does not appear in the PDF."), total);
    }
}

ChorusFacturxDocument *
chorus_facturx_read_poppler (PopplerDocument  *document,
                             GError          **error)
{
  g_autoptr(GError) first_error = NULL;
  ChorusFacturxDocument *result = NULL;
  GList *attachments;
  guint xml_count = 0;

  g_return_val_if_fail (POPPLER_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  attachments = poppler_document_has_attachments (document) ? poppler_document_get_attachments (document) : NULL;
  for (GList *l = attachments; l != NULL && result == NULL; l = l->next)
    {
      PopplerAttachment *attachment = l->data;
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GError) local_error = NULL;
      AttachmentSink sink = { data, FALSE };

      g_autofree char *name = NULL;

      if (!name_looks_xml (attachment->name))
        continue;
      /* PDF strings need not be UTF-8; the name ends up in messages and labels. */
      name = g_utf8_make_valid (attachment->name, -1);
      xml_count++;
      if (!poppler_attachment_save_to_callback (attachment, collect_attachment, &sink, &local_error))
        {
          if (sink.too_large)
            {
              g_clear_error (&local_error);
              g_set_error (&local_error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE,
                           _("The attachment “%s” is too large (at most %d MB are read)."),
                           name, CHORUS_FACTURX_MAX_XML_SIZE / (1024 * 1024));
            }
          else
            {
              g_clear_error (&local_error);
              g_set_error (&local_error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_BAD_PDF,
                           _("The attachment “%s” could not be extracted from the PDF."), name);
            }
        }
      else
        {
          result = chorus_facturx_read_xml ((const char *) data->data, data->len, &local_error);
          if (result != NULL)
            {
              result->from_pdf = TRUE;
              result->attachment_name = g_steal_pointer (&name);
            }
        }
      /* A hostile or oversized attachment is reported as such even when another one reads fine. */
      if (local_error != NULL && (first_error == NULL ||
                                  (first_error->code == CHORUS_FACTURX_ERROR_NOT_AN_INVOICE &&
                                   local_error->code != CHORUS_FACTURX_ERROR_NOT_AN_INVOICE)))
        {
          g_clear_error (&first_error);
          first_error = g_steal_pointer (&local_error);
        }
    }
  g_list_free_full (attachments, g_object_unref);

  if (result != NULL && first_error != NULL &&
      (first_error->code == CHORUS_FACTURX_ERROR_HOSTILE || first_error->code == CHORUS_FACTURX_ERROR_TOO_LARGE))
    {
      g_clear_object (&result);
    }
  if (result != NULL)
    {
      check_pdf_metadata (result, document);
      check_pdf_text (result, document);
      return result;
    }

  if (first_error != NULL)
    {
      if (first_error->code == CHORUS_FACTURX_ERROR_NOT_AN_INVOICE)
        g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NOT_AN_INVOICE,
                     _("The PDF carries XML, but no invoice: %s"), first_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&first_error));
    }
  else
    g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NO_XML,
                         xml_count == 0 ? _("This PDF carries no structured invoice data (no XML attachment): "
                                            "it is not a Factur-X invoice.")
                                        : _("The XML attached to this PDF could not be read."));
  return NULL;
}

ChorusFacturxDocument *
chorus_facturx_read_pdf (GBytes  *pdf,
                         GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  ChorusFacturxDocument *result;
  gsize size;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = g_bytes_get_size (pdf);
  if (size > CHORUS_FACTURX_MAX_PDF_SIZE)
    {
      g_set_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_TOO_LARGE,
                   _("The PDF is too large (%u MB; at most %d MB are read)."),
                   (guint) MIN (size / (1024 * 1024), G_MAXUINT), CHORUS_FACTURX_MAX_PDF_SIZE / (1024 * 1024));
      return NULL;
    }
  if (size < 5 || memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_BAD_PDF,
                           _("This file is not a PDF."));
      return NULL;
    }
  document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_ENCRYPTED,
                             _("The PDF is protected by a password: its invoice data cannot be read."));
      else
        g_set_error_literal (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_BAD_PDF,
                             _("The PDF is damaged and cannot be opened."));
      return NULL;
    }
  result = chorus_facturx_read_poppler (document, error);
  g_object_unref (document);
  return result;
}

/* ---------------------------------------------------------------------------------------------- */
/* Deposit */

ChorusInvoice *
chorus_facturx_to_invoice (ChorusFacturxDocument *self,
                           ChorusInvoice         *invoice)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) vat_lines = NULL;
  ChorusInvoiceType type;
  gint64 value;
  int sign = 1;

  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  g_return_val_if_fail (invoice == NULL || CHORUS_IS_INVOICE (invoice), NULL);

  if (invoice == NULL)
    invoice = chorus_invoice_new ();
  type = chorus_facturx_document_get_invoice_type (self);
  /* A credit note typed 380 with negative amounts is deposited as AVOIR with positive amounts. */
  if (type == CHORUS_INVOICE_TYPE_FACTURE && self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] &&
      self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] < 0)
    {
      type = CHORUS_INVOICE_TYPE_AVOIR;
      sign = -1;
    }

  chorus_invoice_set_invoice_type (invoice, type);
  chorus_invoice_set_number (invoice, self->number);
  chorus_invoice_set_invoice_date (invoice, self->issue_date);
  chorus_invoice_set_recipient_code (invoice, self->buyer_siret);
  chorus_invoice_set_recipient_name (invoice, self->buyer_name);
  chorus_invoice_set_supplier_code (invoice, self->seller_siret);
  chorus_invoice_set_supplier_name (invoice, self->seller_name);
  if (chorus_siret_is_valid (self->seller_siret))
    chorus_invoice_set_supplier_id_type (invoice, CHORUS_ID_TYPE_SIRET);
  chorus_invoice_set_service_code (invoice, self->buyer_reference);
  chorus_invoice_set_engagement_number (invoice, self->order_reference);
  chorus_invoice_set_market_number (invoice, self->contract_reference);
  chorus_invoice_set_original_number (invoice, self->preceding_invoice);
  chorus_invoice_set_currency (invoice, self->currency ? self->currency : "EUR");
  chorus_invoice_set_due_date (invoice, self->due_date);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_TAX_BASIS, &value))
    chorus_invoice_set_amount_ht (invoice, sign * value);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, &value))
    chorus_invoice_set_amount_vat (invoice, sign * value);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, &value))
    chorus_invoice_set_amount_ttc (invoice, sign * value);
  if (chorus_facturx_document_get_amount (self, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, &value))
    chorus_invoice_set_amount_to_pay (invoice, sign * value);

  vat_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  for (guint i = 0; i < self->vat_lines->len; i++)
    {
      ChorusVatLine *copy = chorus_vat_line_copy (g_ptr_array_index (self->vat_lines, i));
      copy->base_ht *= sign;
      copy->vat_amount *= sign;
      g_ptr_array_add (vat_lines, copy);
    }
  chorus_invoice_set_vat_lines (invoice, vat_lines);

  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  for (guint i = 0; i < self->lines->len; i++)
    {
      ChorusInvoiceLine *copy = chorus_invoice_line_copy (g_ptr_array_index (self->lines, i));
      copy->quantity *= sign;
      copy->total_ht *= sign;
      g_ptr_array_add (lines, copy);
    }
  chorus_invoice_set_lines (invoice, lines);
  return invoice;
}

/* ---------------------------------------------------------------------------------------------- */
/* Cross-checks */

static char *
fmt_amount (ChorusFacturxDocument *self,
            gint64                 cents)
{
  return chorus_amount_format (cents, self->currency ? self->currency : "EUR");
}

static void
check_arithmetic (ChorusFacturxDocument *self,
                  GPtrArray             *checks)
{
  gint64 *a = self->amounts;
  gboolean *has = self->has_amount;

  if (has[CHORUS_FACTURX_AMOUNT_TAX_BASIS] && has[CHORUS_FACTURX_AMOUNT_TAX_TOTAL] &&
      has[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL])
    {
      gint64 sum = a[CHORUS_FACTURX_AMOUNT_TAX_BASIS] + a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL];
      g_autofree char *ht = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]);
      g_autofree char *tva = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL]);
      g_autofree char *ttc = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL]);

      if (!within_cent (sum, a[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "total_arithmetic",
                   _("Total excluding VAT %s + VAT %s does not make the total including VAT %s."), ht, tva, ttc);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "total_arithmetic",
                   _("Total excluding VAT %s + VAT %s = total including VAT %s."), ht, tva, ttc);
    }

  /* MINIMUM cannot state what was already paid (BT-113), so its amount due may differ from the total. */
  if (has[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] && has[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE] &&
      (self->profile != CHORUS_FACTURX_PROFILE_MINIMUM || has[CHORUS_FACTURX_AMOUNT_PREPAID]))
    {
      gint64 due = a[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] - a[CHORUS_FACTURX_AMOUNT_PREPAID] +
                   a[CHORUS_FACTURX_AMOUNT_ROUNDING];
      g_autofree char *expected = fmt_amount (self, due);
      g_autofree char *given = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE]);

      if (!within_cent (due, a[CHORUS_FACTURX_AMOUNT_DUE_PAYABLE]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "due_arithmetic",
                   _("The amount due %s should be %s (total including VAT minus what was already paid)."),
                   given, expected);
    }

  if (has[CHORUS_FACTURX_AMOUNT_LINE_TOTAL] && has[CHORUS_FACTURX_AMOUNT_TAX_BASIS])
    {
      gint64 basis = a[CHORUS_FACTURX_AMOUNT_LINE_TOTAL] - a[CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL] +
                     a[CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL];
      g_autofree char *expected = fmt_amount (self, basis);
      g_autofree char *given = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]);

      if (!within_cent (basis, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "basis_arithmetic",
                   _("The total excluding VAT %s should be %s (sum of lines minus allowances plus charges)."),
                   given, expected);
    }

  if (self->lines->len > 0 && has[CHORUS_FACTURX_AMOUNT_LINE_TOTAL])
    {
      gint64 sum = 0;
      g_autofree char *sum_str = NULL;
      g_autofree char *given = NULL;

      for (guint i = 0; i < self->lines->len; i++)
        sum += ((ChorusInvoiceLine *) g_ptr_array_index (self->lines, i))->total_ht;
      sum_str = fmt_amount (self, sum);
      given = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_LINE_TOTAL]);
      if (!within_cent (sum, a[CHORUS_FACTURX_AMOUNT_LINE_TOTAL]))
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "line_sum",
                   _("The %u lines add up to %s, but the file states a sum of lines of %s."),
                   self->lines->len, sum_str, given);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "line_sum",
                   _("The %u lines add up to the stated %s."), self->lines->len, given);
    }

  if (self->vat_lines->len > 0)
    {
      gint64 bases = 0, amounts = 0;
      gboolean rates_ok = TRUE;

      for (guint i = 0; i < self->vat_lines->len; i++)
        {
          ChorusVatLine *vat = g_ptr_array_index (self->vat_lines, i);
          gint64 expected = 0;
          gboolean computable = cents_from_double ((double) vat->base_ht * vat->rate / 10000.0, &expected);

          bases += vat->base_ht;
          amounts += vat->vat_amount;
          if (computable && !within_cent (expected, vat->vat_amount))
            {
              g_autofree char *base = fmt_amount (self, vat->base_ht);
              g_autofree char *want = fmt_amount (self, expected);
              g_autofree char *given = fmt_amount (self, vat->vat_amount);
              g_autofree char *rate = g_strdup_printf ("%.2f", vat->rate);

              rates_ok = FALSE;
              add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "vat_rate",
                         _("VAT at %s %%: %s × rate makes %s, but the file says %s."), rate, base, want, given);
            }
        }
      if (rates_ok)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "vat_rate",
                   _("Each VAT amount matches its base and rate."));
      if (has[CHORUS_FACTURX_AMOUNT_TAX_TOTAL] &&
          !within_cent (amounts, a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL]))
        {
          g_autofree char *sum = fmt_amount (self, amounts);
          g_autofree char *total = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_TOTAL]);
          add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "vat_sum",
                     _("The VAT breakdown adds up to %s, but the VAT total is %s."), sum, total);
        }
      if (has[CHORUS_FACTURX_AMOUNT_TAX_BASIS] &&
          !within_cent (bases, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]))
        {
          g_autofree char *sum = fmt_amount (self, bases);
          g_autofree char *total = fmt_amount (self, a[CHORUS_FACTURX_AMOUNT_TAX_BASIS]);
          add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "vat_sum",
                     _("The VAT bases add up to %s, but the total excluding VAT is %s."), sum, total);
        }
    }
}

static void
check_document (ChorusFacturxDocument *self,
                GPtrArray             *checks)
{
  gboolean negative = self->has_amount[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] &&
                      self->amounts[CHORUS_FACTURX_AMOUNT_GRAND_TOTAL] < 0;

  if (self->number == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "number", _("The invoice number (BT-1) is missing."));
  if (self->issue_date == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "invoice_date", _("The issue date (BT-2) is missing."));

  if (self->type_code == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "type_code", _("The document type code (BT-3) is missing."));
  else if (negative && !type_code_is_credit (self->type_code) &&
           self->syntax != CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "type_code",
               _("This is a credit note disguised as an invoice: type %s (%s) with a negative total. A credit "
                 "note must use type 381 with positive amounts."),
               self->type_code, chorus_facturx_type_code_label (self->type_code));
  else if (negative)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "type_code",
               _("This credit note has a negative total: credit note amounts are expected to be positive."));

  if (!chorus_facturx_profile_has_lines (self->profile))
    add_check (checks, CHORUS_FACTURX_SEVERITY_INFO, "profile",
               _("Profile %s carries no invoice lines: it is not a complete EN 16931 invoice, the PDF "
                 "remains the reference for details."), chorus_facturx_profile_label (self->profile));
  else if (self->lines->len == 0)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "lines",
               _("Profile %s should carry invoice lines, but the file has none."),
               chorus_facturx_profile_label (self->profile));

  if (self->seller_siret != NULL && !chorus_siret_is_valid (self->seller_siret))
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "seller_siret",
               _("The seller's SIRET %s is not a valid SIRET number."), self->seller_siret);
  if (self->buyer_siret != NULL && !chorus_siret_is_valid (self->buyer_siret))
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "buyer_siret",
               _("The buyer's SIRET %s is not a valid SIRET number."), self->buyer_siret);
}

/* Chorus amounts are positive for credit notes; a file may carry them negative. */
static gboolean
amounts_match (gint64   file_value,
               gint64   chorus_value,
               gboolean credit)
{
  if (within_cent (file_value, chorus_value))
    return TRUE;
  /* File amounts are bounded by MAX_CENTS, so negating them is safe; the Chorus one may be anything. */
  return credit && chorus_value != G_MININT64 && within_cent (ABS (file_value), ABS (chorus_value));
}

static void
compare_amount (ChorusFacturxDocument *self,
                GPtrArray             *checks,
                ChorusFacturxAmount    which,
                gint64                 chorus_value,
                gboolean               credit,
                const char            *field,
                const char            *label)
{
  g_autofree char *file_str = NULL;
  g_autofree char *chorus_str = NULL;

  /* Zero in a Chorus row means the list did not give that amount. */
  if (!self->has_amount[which] || chorus_value == 0)
    return;
  file_str = fmt_amount (self, self->amounts[which]);
  chorus_str = fmt_amount (self, chorus_value);
  if (amounts_match (self->amounts[which], chorus_value, credit))
    add_check (checks, CHORUS_FACTURX_SEVERITY_OK, field, _("%s: %s, as in Chorus Pro."), label, file_str);
  else
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, field,
               _("%s: the file says %s, Chorus Pro says %s."), label, file_str, chorus_str);
}

static void
compare_siret (GPtrArray  *checks,
               const char *field,
               const char *who,
               const char *file_siret,
               const char *file_siren,
               const char *chorus_code)
{
  g_autofree char *code = compact (chorus_code);

  if (code == NULL || !all_digits (code, 14))
    return;
  if (file_siret == NULL && file_siren == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, field,
               _("%s: the file gives no SIRET or SIREN; Chorus Pro says %s."), who, code);
  else if (g_strcmp0 (file_siret, code) == 0)
    add_check (checks, CHORUS_FACTURX_SEVERITY_OK, field, _("%s: SIRET %s, as in Chorus Pro."), who, code);
  else if (file_siren != NULL && strncmp (file_siren, code, 9) == 0)
    {
      if (file_siret == NULL)
        add_check (checks, CHORUS_FACTURX_SEVERITY_INFO, field,
                   _("%s: the file gives only the SIREN %s, which matches the SIRET %s in Chorus Pro."),
                   who, file_siren, code);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, field,
                   _("%s: same company but another establishment: the file says SIRET %s, Chorus Pro %s."),
                   who, file_siret, code);
    }
  else
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, field,
               _("%s: the file says %s, Chorus Pro says SIRET %s: not the same company."),
               who, file_siret ? file_siret : file_siren, code);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *x = a ? g_utf8_casefold (a, -1) : NULL;
  g_autofree char *y = b ? g_utf8_casefold (b, -1) : NULL;

  return x && y && g_strcmp0 (g_strstrip (x), g_strstrip (y)) == 0;
}

static void
compare_reference (GPtrArray  *checks,
                   const char *field,
                   const char *label,
                   const char *file_value,
                   const char *chorus_value)
{
  if (chorus_value == NULL || *chorus_value == '\0')
    return;
  if (file_value == NULL)
    add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, field,
               _("%s: missing from the file; Chorus Pro says “%s”."), label, chorus_value);
  else if (same_text (file_value, chorus_value))
    add_check (checks, CHORUS_FACTURX_SEVERITY_OK, field, _("%s: “%s”, as in Chorus Pro."), label, file_value);
  else
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, field,
               _("%s: the file says “%s”, Chorus Pro says “%s”."), label, file_value, chorus_value);
}

static void
check_against_chorus (ChorusFacturxDocument *self,
                      ChorusInvoice         *chorus,
                      GPtrArray             *checks)
{
  ChorusInvoiceType file_type = chorus_facturx_document_get_invoice_type (self);
  ChorusInvoiceType chorus_type = chorus_invoice_get_invoice_type (chorus);
  gboolean credit = file_type == CHORUS_INVOICE_TYPE_AVOIR || chorus_type == CHORUS_INVOICE_TYPE_AVOIR;
  const char *number = chorus_invoice_get_number (chorus);
  const char *date = chorus_invoice_get_invoice_date (chorus);
  const char *currency = chorus_invoice_get_currency (chorus);

  if (number != NULL && self->number != NULL)
    {
      g_autofree char *a = chorus_facturx_normalize_number (number);
      g_autofree char *b = chorus_facturx_normalize_number (self->number);

      if (g_strcmp0 (number, self->number) == 0)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "number",
                   _("Invoice number %s, as in Chorus Pro."), number);
      else if (g_strcmp0 (a, b) == 0)
        add_check (checks, CHORUS_FACTURX_SEVERITY_WARNING, "number",
                   _("Invoice number written differently: the file says “%s”, Chorus Pro says “%s”."),
                   self->number, number);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "number",
                   _("Invoice number: the file says “%s”, Chorus Pro says “%s”."), self->number, number);
    }

  if (date != NULL && self->issue_date != NULL)
    {
      g_autofree char *file_date = chorus_date_format (self->issue_date);
      g_autofree char *chorus_date = chorus_date_format (date);

      if (strncmp (date, self->issue_date, 10) == 0)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "invoice_date",
                   _("Invoice date %s, as in Chorus Pro."), file_date);
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "invoice_date",
                   _("Invoice date: the file says %s, Chorus Pro says %s."), file_date, chorus_date);
    }

  if (currency != NULL && self->currency != NULL && g_ascii_strcasecmp (currency, self->currency) != 0)
    add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "currency",
               _("Currency: the file says %s, Chorus Pro says %s."), self->currency, currency);

  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_TAX_BASIS, chorus_invoice_get_amount_ht (chorus), credit,
                  "amount_ht", _("Total excluding VAT"));
  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, chorus_invoice_get_amount_vat (chorus), credit,
                  "amount_vat", _("VAT"));
  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, chorus_invoice_get_amount_ttc (chorus), credit,
                  "amount_ttc", _("Total including VAT"));
  compare_amount (self, checks, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, chorus_invoice_get_amount_to_pay (chorus), credit,
                  "amount_to_pay", _("Amount due"));

  compare_siret (checks, "seller_siret", _("Supplier"), self->seller_siret, self->seller_siren,
                 chorus_invoice_get_supplier_code (chorus));
  compare_siret (checks, "buyer_siret", _("Recipient"), self->buyer_siret, self->buyer_siren,
                 chorus_invoice_get_recipient_code (chorus));
  compare_reference (checks, "service_code", _("Service code"), self->buyer_reference,
                     chorus_invoice_get_service_code (chorus));
  compare_reference (checks, "engagement_number", _("Engagement number"), self->order_reference,
                     chorus_invoice_get_engagement_number (chorus));

  if (chorus_type != CHORUS_INVOICE_TYPE_UNKNOWN && self->type_code != NULL)
    {
      gboolean file_credit = file_type == CHORUS_INVOICE_TYPE_AVOIR;
      gboolean chorus_credit = chorus_type == CHORUS_INVOICE_TYPE_AVOIR;

      if (file_credit == chorus_credit)
        add_check (checks, CHORUS_FACTURX_SEVERITY_OK, "invoice_type",
                   _("Document type %s (%s), consistent with Chorus Pro (%s)."), self->type_code,
                   chorus_facturx_type_code_label (self->type_code), chorus_invoice_type_label (chorus_type));
      else
        add_check (checks, CHORUS_FACTURX_SEVERITY_ERROR, "invoice_type",
                   _("Document type %s (%s) in the file, but Chorus Pro has it as “%s”."), self->type_code,
                   chorus_facturx_type_code_label (self->type_code), chorus_invoice_type_label (chorus_type));
    }
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const ChorusFacturxCheck *x = *(ChorusFacturxCheck *const *) a;
  const ChorusFacturxCheck *y = *(ChorusFacturxCheck *const *) b;

  return (int) y->severity - (int) x->severity;
}

GPtrArray *
chorus_facturx_cross_check (ChorusFacturxDocument *self,
                            ChorusInvoice         *chorus_data)
{
  GPtrArray *checks;

  g_return_val_if_fail (CHORUS_IS_FACTURX_DOCUMENT (self), NULL);
  g_return_val_if_fail (chorus_data == NULL || CHORUS_IS_INVOICE (chorus_data), NULL);

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_facturx_check_free);
  for (guint i = 0; i < self->notes->len; i++)
    g_ptr_array_add (checks, chorus_facturx_check_copy (g_ptr_array_index (self->notes, i)));
  check_document (self, checks);
  check_arithmetic (self, checks);
  if (chorus_data != NULL)
    check_against_chorus (self, chorus_data, checks);
  /* GLib's sort is a stable merge sort: the reading order stays within a severity. */
  g_ptr_array_sort (checks, compare_severity);
  return checks;
}

/* ---------------------------------------------------------------------------------------------- */
/* Duplicates */

ChorusDuplicateMatch *
chorus_duplicate_match_copy (const ChorusDuplicateMatch *match)
{
  ChorusDuplicateMatch *copy = g_memdup2 (match, sizeof *match);

  copy->number = g_strdup (match->number);
  copy->reason = g_strdup (match->reason);
  return copy;
}

void
chorus_duplicate_match_free (ChorusDuplicateMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->number);
  g_free (match->reason);
  g_free (match);
}

char *
chorus_facturx_normalize_number (const char *number)
{
  g_autoptr(GString) compacted = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  g_autofree char *folded = NULL;

  if (number == NULL)
    return g_string_free (out, FALSE);
  folded = g_utf8_casefold (number, -1);
  for (const char *p = folded; *p; p++)
    if (!g_ascii_isspace (*p) && strchr ("-_./\\", *p) == NULL)
      g_string_append_c (compacted, *p);
  /* Leading zeros of every digit run: "F-0012" and "F12" are the same number. */
  for (gsize i = 0; i < compacted->len; i++)
    {
      const char *p = compacted->str + i;
      gboolean run_start = i == 0 || !g_ascii_isdigit (p[-1]);

      if (*p == '0' && g_ascii_isdigit (p[1]) && (run_start || (out->len > 0 && !g_ascii_isdigit (out->str[out->len - 1]))))
        continue;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
iso_to_gdate (const char *iso,
              GDate      *date)
{
  g_autofree char *checked = parse_date (iso);
  unsigned year, month, day;

  g_date_clear (date, 1);
  if (checked == NULL || sscanf (checked, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* Days between two dates, -1 when one is not a date. */
static int
days_apart (const char *a,
            const char *b)
{
  GDate da, db;

  if (!iso_to_gdate (a, &da) || !iso_to_gdate (b, &db))
    return -1;
  return ABS (g_date_days_between (&da, &db));
}

ChorusDuplicateKind
chorus_facturx_compare_duplicate (ChorusInvoice  *invoice,
                                  ChorusInvoice  *candidate,
                                  char          **reason)
{
  const char *supplier_a, *supplier_b, *number_a, *number_b;
  g_autofree char *norm_a = NULL;
  g_autofree char *norm_b = NULL;
  g_autofree char *amount = NULL;
  gboolean same_amount;
  int days;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), CHORUS_DUPLICATE_NONE);
  g_return_val_if_fail (CHORUS_IS_INVOICE (candidate), CHORUS_DUPLICATE_NONE);

  if (reason != NULL)
    *reason = NULL;
  if (invoice == candidate ||
      (chorus_invoice_get_id (invoice) != 0 && chorus_invoice_get_id (invoice) == chorus_invoice_get_id (candidate)))
    return CHORUS_DUPLICATE_NONE;

  supplier_a = chorus_invoice_get_supplier_code (invoice);
  supplier_b = chorus_invoice_get_supplier_code (candidate);
  if (supplier_a == NULL || supplier_b == NULL || !same_text (supplier_a, supplier_b))
    return CHORUS_DUPLICATE_NONE;

  number_a = chorus_invoice_get_number (invoice);
  number_b = chorus_invoice_get_number (candidate);
  norm_a = chorus_facturx_normalize_number (number_a);
  norm_b = chorus_facturx_normalize_number (number_b);
  same_amount = chorus_invoice_get_amount_ttc (invoice) == chorus_invoice_get_amount_ttc (candidate);
  amount = chorus_amount_format (chorus_invoice_get_amount_ttc (candidate), chorus_invoice_get_currency (candidate));

  if (number_a != NULL && g_strcmp0 (number_a, number_b) == 0)
    {
      if (same_amount)
        {
          if (reason)
            *reason = g_strdup_printf (_("Same supplier, same number %s and same amount %s."), number_b, amount);
          return CHORUS_DUPLICATE_EXACT;
        }
      if (reason)
        *reason = g_strdup_printf (_("Same supplier and same number %s, but another amount (%s)."), number_b, amount);
      return CHORUS_DUPLICATE_NEAR;
    }
  if (*norm_a != '\0' && g_strcmp0 (norm_a, norm_b) == 0)
    {
      if (reason)
        *reason = g_strdup_printf (_("Same supplier and almost the same number (%s, written differently), "
                                     "amount %s."), number_b, amount);
      return CHORUS_DUPLICATE_NEAR;
    }
  days = days_apart (chorus_invoice_get_invoice_date (invoice), chorus_invoice_get_invoice_date (candidate));
  if (same_amount && chorus_invoice_get_amount_ttc (invoice) != 0 &&
      chorus_invoice_get_invoice_type (invoice) == chorus_invoice_get_invoice_type (candidate) &&
      days >= 0 && days <= CHORUS_DUPLICATE_DAYS_WINDOW)
    {
      g_autofree char *date = chorus_date_format (chorus_invoice_get_invoice_date (candidate));

      if (reason && days == 0)
        *reason = g_strdup_printf (_("Same supplier and same amount %s on the same day (invoice %s of %s)."),
                                   amount, number_b ? number_b : "—", date);
      else if (reason)
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Same supplier and same amount %s, %d day apart (invoice %s of %s).",
                                                "Same supplier and same amount %s, %d days apart (invoice %s of %s).",
                                                days),
                                   amount, days, number_b ? number_b : "—", date);
      return CHORUS_DUPLICATE_NEAR;
    }
  return CHORUS_DUPLICATE_NONE;
}

static void
consider_candidate (ChorusInvoice *invoice,
                    ChorusInvoice *candidate,
                    GPtrArray     *matches)
{
  g_autofree char *reason = NULL;
  ChorusDuplicateKind kind = chorus_facturx_compare_duplicate (invoice, candidate, &reason);
  ChorusDuplicateMatch *match;

  if (kind == CHORUS_DUPLICATE_NONE)
    return;
  match = g_new0 (ChorusDuplicateMatch, 1);
  /* The store's key opens it in the list; an invoice not from the store has only its Chorus id. */
  match->id = chorus_invoice_get_key (candidate) != 0 ? chorus_invoice_get_key (candidate) : chorus_invoice_get_id (candidate);
  match->number = g_strdup (chorus_invoice_get_number (candidate));
  match->kind = kind;
  match->reason = g_steal_pointer (&reason);
  g_ptr_array_add (matches, match);
}

static int
compare_match (gconstpointer a,
               gconstpointer b)
{
  const ChorusDuplicateMatch *x = *(ChorusDuplicateMatch *const *) a;
  const ChorusDuplicateMatch *y = *(ChorusDuplicateMatch *const *) b;

  if (x->kind != y->kind)
    return (int) y->kind - (int) x->kind;
  return (x->id > y->id) - (x->id < y->id);
}

GPtrArray *
chorus_facturx_find_duplicates (ChorusInvoice *invoice,
                                GPtrArray     *candidates)
{
  GPtrArray *matches;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail (candidates != NULL, NULL);

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_duplicate_match_free);
  for (guint i = 0; i < candidates->len; i++)
    consider_candidate (invoice, g_ptr_array_index (candidates, i), matches);
  g_ptr_array_sort (matches, compare_match);
  return matches;
}

GPtrArray *
chorus_facturx_find_duplicates_iter (ChorusInvoice          *invoice,
                                     ChorusDuplicateNextFunc next,
                                     gpointer                user_data)
{
  GPtrArray *matches;
  ChorusInvoice *candidate;

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail (next != NULL, NULL);

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_duplicate_match_free);
  while ((candidate = next (user_data)) != NULL)
    {
      consider_candidate (invoice, candidate, matches);
      g_object_unref (candidate);
    }
  g_ptr_array_sort (matches, compare_match);
  return matches;
}

gboolean
chorus_facturx_duplicate_window (ChorusInvoice  *invoice,
                                 char          **date_from,
                                 char          **date_to)
{
  const char *date;
  GDate day;
  char buf[16];

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), FALSE);
  g_return_val_if_fail (date_from != NULL && date_to != NULL, FALSE);

  *date_from = *date_to = NULL;
  date = chorus_invoice_get_invoice_date (invoice);
  if (date == NULL || !iso_to_gdate (date, &day))
    return FALSE;
  g_date_subtract_days (&day, CHORUS_DUPLICATE_DAYS_WINDOW);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &day);
  *date_from = g_strdup (buf);
  g_date_add_days (&day, 2 * CHORUS_DUPLICATE_DAYS_WINDOW);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &day);
  *date_to = g_strdup (buf);
  return TRUE;
}
