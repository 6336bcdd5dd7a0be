/* test-facturx.c: the Factur-X/CII/UBL reader on every public sample, on hostile files, and the checks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "chorus-duplicates.h"
#include "chorus-facturx.h"
#include "chorus-store.h"
#include "chorus-test-util.h"

/* ---------------------------------------------------------------------------------------------- */
/* Samples: read in place from the shared folder; a missing folder is a failure, not a skip. */

static ChorusFacturxDocument *
read_sample (const char *relative)
{
  g_autoptr(GBytes) bytes = chorus_test_sample_bytes (relative);
  g_autoptr(GError) error = NULL;
  ChorusFacturxDocument *doc;

  if (g_str_has_suffix (relative, ".pdf"))
    doc = chorus_facturx_read_pdf (bytes, &error);
  else
    doc = chorus_facturx_read_xml (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static gint64
amount (ChorusFacturxDocument *doc,
        ChorusFacturxAmount    which)
{
  gint64 cents = 0;

  g_assert_true (chorus_facturx_document_get_amount (doc, which, &cents));
  return cents;
}

static ChorusFacturxSeverity
severity_of (GPtrArray  *checks,
             const char *field)
{
  ChorusFacturxCheck *check = chorus_facturx_checks_find (checks, field);

  g_assert_nonnull (check);
  g_assert_nonnull (check->message);
  return check->severity;
}

/* ---------------------------------------------------------------------------------------------- */
/* A small PDF writer: one blank page and embedded files in the /EmbeddedFiles name tree. */

typedef struct {
  const char *name;
  const char *data;
  gsize       len;
} Embedded;

static GBytes *
build_pdf_with_xmp (const Embedded *files,
                    guint           n_files,
                    gboolean        encrypted,
                    const char     *xmp)
{
  GString *pdf = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) names = g_string_new (NULL);
  guint n_objects = 3 + 2 * n_files + (encrypted ? 1 : 0) + (xmp ? 1 : 0);
  guint xmp_object = 3 + 2 * n_files + 1;
  gsize xref;

  /* Objects: 1 catalog, 2 pages, 3 page, then per file a filespec and its stream, then /Encrypt. */
  for (guint i = 0; i < n_files; i++)
    g_string_append_printf (names, "(%s) %u 0 R ", files[i].name, 4 + 2 * i);

  g_array_append_val (offsets, pdf->len);
  g_string_append_printf (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [%s] >> >>",
                          names->str);
  if (xmp != NULL)
    g_string_append_printf (pdf, " /Metadata %u 0 R", xmp_object);
  g_string_append (pdf, " >>\nendobj\n");
  g_array_append_val (offsets, pdf->len);
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  g_array_append_val (offsets, pdf->len);
  g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n");
  for (guint i = 0; i < n_files; i++)
    {
      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj\n<< /Type /Filespec /F (%s) /UF (%s) /AFRelationship /Data "
                              "/EF << /F %u 0 R >> >>\nendobj\n",
                              4 + 2 * i, files[i].name, files[i].name, 5 + 2 * i);
      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %" G_GSIZE_FORMAT
                              " >>\nstream\n", 5 + 2 * i, files[i].len);
      g_string_append_len (pdf, files[i].data, files[i].len);
      g_string_append (pdf, "\nendstream\nendobj\n");
    }
  if (xmp != NULL)
    {
      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj\n<< /Type /Metadata /Subtype /XML /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                              xmp_object, strlen (xmp));
      g_string_append (pdf, xmp);
      g_string_append (pdf, "\nendstream\nendobj\n");
    }
  if (encrypted)
    {
      /* Standard security handler with an owner/user key no empty password opens. */
      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj\n<< /Filter /Standard /V 1 /R 2 /P -44 /O <%s> /U <%s> >>\nendobj\n",
                              n_objects,
                              "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                              "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", n_objects + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R", n_objects + 1);
  if (encrypted)
    g_string_append_printf (pdf, " /Encrypt %u 0 R /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]",
                            n_objects);
  g_string_append_printf (pdf, " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

static GBytes *
build_pdf (const Embedded *files,
           guint           n_files,
           gboolean        encrypted)
{
  return build_pdf_with_xmp (files, n_files, encrypted, NULL);
}

static GBytes *
pdf_with_xml (const char *name,
              const char *xml,
              gsize       len)
{
  Embedded file = { name, xml, len };

  return build_pdf (&file, 1, FALSE);
}

static void
assert_error_in_french (GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  /* The translated catalogue is loaded in main(): messages must not come back in English. */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strstr (error->message, "The "));
  g_assert_null (strstr (error->message, "This "));
}

/* ---------------------------------------------------------------------------------------------- */
/* Real samples */

static void
test_akretion_pdf (void)
{
  g_autoptr(ChorusFacturxDocument) doc = read_sample ("akretion/invoice_EN16931.pdf");
  g_autoptr(GPtrArray) checks = NULL;
  GPtrArray *lines, *vat;
  ChorusInvoiceLine *line;

  g_assert_true (chorus_facturx_document_get_from_pdf (doc));
  g_assert_cmpstr (chorus_facturx_document_get_attachment_name (doc), ==, "factur-x.xml");
  g_assert_cmpint (chorus_facturx_document_get_syntax (doc), ==, CHORUS_FACTURX_SYNTAX_CII);
  g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, CHORUS_FACTURX_PROFILE_EN16931);
  g_assert_cmpstr (chorus_facturx_document_get_flux_syntax (doc), ==, "IN_DP_E2_CII_FACTURX");
  g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, "F20260023");
  g_assert_cmpstr (chorus_facturx_document_get_type_code (doc), ==, "380");
  g_assert_cmpstr (chorus_facturx_document_get_issue_date (doc), ==, "2026-01-31");
  g_assert_cmpstr (chorus_facturx_document_get_business_process (doc), ==, "S1");
  g_assert_cmpstr (chorus_facturx_document_get_seller_name (doc), ==, "LE FOURNISSEUR");
  g_assert_cmpstr (chorus_facturx_document_get_seller_siret (doc), ==, "12345678200077");
  g_assert_cmpstr (chorus_facturx_document_get_seller_siren (doc), ==, "123456782");
  g_assert_cmpstr (chorus_facturx_document_get_seller_vat (doc), ==, "FR11123456782");
  g_assert_cmpstr (chorus_facturx_document_get_buyer_name (doc), ==, "LE CLIENT");
  g_assert_null (chorus_facturx_document_get_buyer_siret (doc));
  g_assert_cmpstr (chorus_facturx_document_get_buyer_siren (doc), ==, "987654321");
  g_assert_cmpstr (chorus_facturx_document_get_buyer_vat (doc), ==, "FR05987654321");
  g_assert_cmpstr (chorus_facturx_document_get_buyer_reference (doc), ==, "SERVEXEC");
  g_assert_cmpstr (chorus_facturx_document_get_order_reference (doc), ==, "PO201925478");
  g_assert_cmpstr (chorus_facturx_document_get_contract_reference (doc), ==, "CT2018120802");
  g_assert_cmpstr (chorus_facturx_document_get_currency (doc), ==, "EUR");
  g_assert_cmpstr (chorus_facturx_document_get_iban (doc), ==, "FR2012542547256985425874698");
  g_assert_cmpstr (chorus_facturx_document_get_payment_terms (doc), ==, "PAIEMENT 30 JOURS NET");
  g_assert_nonnull (chorus_facturx_document_get_due_date (doc));
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_LINE_TOTAL), ==, 9500);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL), ==, 1400);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL), ==, 900);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_BASIS), ==, 10000);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL), ==, 490);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL), ==, 10490);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE), ==, 10490);

  lines = chorus_facturx_document_get_lines (doc);
  g_assert_cmpuint (lines->len, ==, 3);
  line = g_ptr_array_index (lines, 0);
  g_assert_cmpint (line->total_ht, ==, 6000);
  g_assert_cmpstr (line->label, ==, "PRESTATION SUPPORT");
  line = g_ptr_array_index (lines, 1);
  g_assert_cmpint (line->total_ht, ==, 2800);
  g_assert_cmpstr (line->label, ==, "FOURNITURES PAPIER");

  vat = chorus_facturx_document_get_vat_lines (doc);
  g_assert_cmpuint (vat->len, ==, 4);

  /* A clean EN 16931 file: its own arithmetic holds. */
  checks = chorus_facturx_cross_check (doc, NULL);
  g_assert_cmpint (chorus_facturx_checks_worst (checks), <, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "total_arithmetic"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "line_sum"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "vat_rate"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_null (chorus_facturx_checks_find (checks, "basis_arithmetic"));
  g_assert_null (chorus_facturx_checks_find (checks, "vat_sum"));
}

typedef struct {
  const char           *file;
  ChorusFacturxProfile  profile;
  const char           *number;
  const char           *type_code;
  const char           *date;
  gint64                ht, tva, ttc, due;
  const char           *seller_siret;
  const char           *buyer_siret;
  const char           *order;
  guint                 n_lines;
} CorrectSample;

static const CorrectSample correct_samples[] = {
  { "zugferd-corpus/correct/Avoir_FR_type381_BASIC.pdf", CHORUS_FACTURX_PROFILE_BASIC, "AV-2017-0005", "381",
    "2017-11-16", 21848, 1499, 23347, 23347, "99999999800010", "78787878400035", "PO445", 2 },
  { "zugferd-corpus/correct/Facture_DOM_BASICWL.pdf", CHORUS_FACTURX_PROFILE_BASIC_WL, "FA-2017-0009", "380",
    "2017-11-05", 53075, 0, 53075, 38375, "99999999800010", "34343434600010", "BC543", 0 },
  { "zugferd-corpus/correct/Facture_DOM_MINIMUM.pdf", CHORUS_FACTURX_PROFILE_MINIMUM, "FA-2017-0009", "380",
    "2017-11-05", 53075, 0, 53075, 38375, "99999999800010", "34343434600010", "BC543", 0 },
  { "zugferd-corpus/correct/Facture_FR_BASICWL.pdf", CHORUS_FACTURX_PROFILE_BASIC_WL, "FA-2017-0010", "380",
    "2017-11-13", 62490, 4625, 67115, 47015, "99999999800010", "78787878400035", "PO445", 0 },
  { "zugferd-corpus/correct/Facture_FR_MINIMUM.pdf", CHORUS_FACTURX_PROFILE_MINIMUM, "FA-2017-0010", "380",
    "2017-11-13", 62490, 4625, 67115, 47015, "99999999800010", "78787878400035", "PO445", 0 },
  { "zugferd-corpus/correct/Facture_UE_BASICWL.pdf", CHORUS_FACTURX_PROFILE_BASIC_WL, "FA-2017-0008", "380",
    "2017-11-03", 207676, 0, 207676, 145376, "99999999800010", NULL, "COMPRA0832", 0 },
  { "zugferd-corpus/correct/Facture_UE_MINIMUM.pdf", CHORUS_FACTURX_PROFILE_MINIMUM, "FA-2017-0008", "380",
    "2017-11-03", 207676, 0, 207676, 145376, "99999999800010", NULL, "COMPRA0832", 0 },
};

static void
test_correct_samples (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (correct_samples); i++)
    {
      const CorrectSample *s = &correct_samples[i];
      g_autoptr(ChorusFacturxDocument) doc = read_sample (s->file);
      g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);

      g_test_message ("%s", s->file);
      g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, s->profile);
      g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, s->number);
      g_assert_cmpstr (chorus_facturx_document_get_type_code (doc), ==, s->type_code);
      g_assert_cmpstr (chorus_facturx_document_get_issue_date (doc), ==, s->date);
      g_assert_cmpstr (chorus_facturx_document_get_seller_name (doc), ==, "Au bon moulin");
      g_assert_cmpstr (chorus_facturx_document_get_seller_siret (doc), ==, s->seller_siret);
      g_assert_cmpstr (chorus_facturx_document_get_seller_siren (doc), ==, "999999998");
      g_assert_cmpstr (chorus_facturx_document_get_seller_vat (doc), ==, "FR11999999998");
      g_assert_cmpstr (chorus_facturx_document_get_buyer_siret (doc), ==, s->buyer_siret);
      g_assert_cmpstr (chorus_facturx_document_get_order_reference (doc), ==, s->order);
      g_assert_cmpstr (chorus_facturx_document_get_currency (doc), ==, "EUR");
      g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_BASIS), ==, s->ht);
      g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL), ==, s->tva);
      g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL), ==, s->ttc);
      g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE), ==, s->due);
      g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, ==, s->n_lines);

      /* Accepted files have no error; the reduced profiles say that they carry no lines. */
      g_assert_cmpint (chorus_facturx_checks_worst (checks), <, CHORUS_FACTURX_SEVERITY_ERROR);
      g_assert_cmpint (severity_of (checks, "total_arithmetic"), ==, CHORUS_FACTURX_SEVERITY_OK);
      if (!chorus_facturx_profile_has_lines (s->profile))
        g_assert_cmpint (severity_of (checks, "profile"), ==, CHORUS_FACTURX_SEVERITY_INFO);
    }

  /* The BASIC credit note writes its profile the old way: read as BASIC, but said. */
  {
    g_autoptr(ChorusFacturxDocument) doc = read_sample ("zugferd-corpus/correct/Avoir_FR_type381_BASIC.pdf");
    g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);

    g_assert_cmpint (severity_of (checks, "profile_id"), ==, CHORUS_FACTURX_SEVERITY_WARNING);
    g_assert_cmpstr (chorus_facturx_document_get_preceding_invoice (doc), ==, "FA-2017-0010");
    g_assert_cmpint (chorus_facturx_document_get_invoice_type (doc), ==, CHORUS_INVOICE_TYPE_AVOIR);
  }
}

static void
test_fail_samples (void)
{
  static const char *const type380[] = {
    "zugferd-corpus/fail/Avoir_FR_type380_BASIC.pdf",
    "zugferd-corpus/fail/Avoir_FR_type380_EN16931.pdf",
    "zugferd-corpus/fail/Avoir_FR_type380_MINIMUM.pdf",
  };

  /* Credit notes typed 380 with negative totals. */
  for (gsize i = 0; i < G_N_ELEMENTS (type380); i++)
    {
      g_autoptr(ChorusFacturxDocument) doc = read_sample (type380[i]);
      g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);
      g_autoptr(ChorusInvoice) deposit = NULL;

      g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, "AV-2017-0005");
      g_assert_cmpstr (chorus_facturx_document_get_type_code (doc), ==, "380");
      g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL), ==, -23347);
      g_assert_cmpint (severity_of (checks, "type_code"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
      g_assert_cmpint (chorus_facturx_checks_worst (checks), ==, CHORUS_FACTURX_SEVERITY_ERROR);
      /* Deposited as what it really is. */
      deposit = chorus_facturx_to_invoice (doc, NULL);
      g_assert_cmpint (chorus_invoice_get_invoice_type (deposit), ==, CHORUS_INVOICE_TYPE_AVOIR);
      g_assert_cmpint (chorus_invoice_get_amount_ttc (deposit), ==, 23347);
    }

  /* Credit notes in the reduced profiles: not complete invoices, and said so. */
  {
    g_autoptr(ChorusFacturxDocument) doc = read_sample ("zugferd-corpus/fail/Avoir_FR_type381_BASICWL.pdf");
    g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);

    g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, CHORUS_FACTURX_PROFILE_BASIC_WL);
    g_assert_cmpint (severity_of (checks, "profile"), ==, CHORUS_FACTURX_SEVERITY_INFO);
    g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL), ==, 23347);
  }
  {
    g_autoptr(ChorusFacturxDocument) doc = read_sample ("zugferd-corpus/fail/Avoir_FR_type381_MINIMUM.pdf");
    g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);

    g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, CHORUS_FACTURX_PROFILE_MINIMUM);
    g_assert_cmpint (severity_of (checks, "profile"), ==, CHORUS_FACTURX_SEVERITY_INFO);
    g_assert_cmpint (chorus_facturx_document_get_invoice_type (doc), ==, CHORUS_INVOICE_TYPE_AVOIR);
  }
  /* The EN 16931 credit note: 5 × 4,10 € is not the 20,48 € of its first line. */
  {
    g_autoptr(ChorusFacturxDocument) doc = read_sample ("zugferd-corpus/fail/Avoir_FR_type381_EN16931.pdf");
    g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);
    ChorusFacturxCheck *check = chorus_facturx_checks_find (checks, "line_price");

    g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, ==, 2);
    g_assert_nonnull (check);
    g_assert_cmpint (check->severity, ==, CHORUS_FACTURX_SEVERITY_WARNING);
    g_assert_nonnull (strstr (check->message, "20,50"));
    g_assert_nonnull (strstr (check->message, "20,48"));
  }
  /* encoding="UTF-8-W/O-BOM": still read, and the wrong declaration is reported. */
  {
    g_autoptr(ChorusFacturxDocument) doc = read_sample ("zugferd-corpus/fail/factur-x-invalid-xml-encoding-attribute.pdf");
    g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);
    ChorusInvoiceLine *line;

    g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, "RE-20201121/508");
    g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, CHORUS_FACTURX_PROFILE_EN16931);
    g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL), ==, 57104);
    g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL), ==, 7504);
    g_assert_cmpint (severity_of (checks, "encoding"), ==, CHORUS_FACTURX_SEVERITY_WARNING);
    g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, ==, 3);
    /* Non-ASCII text survives the UTF-8 fallback. */
    line = g_ptr_array_index (chorus_facturx_document_get_lines (doc), 2);
    g_assert_nonnull (strstr (line->label, "heiße Luft"));
  }
}

static void
test_akretion_xml (void)
{
  static const struct {
    const char           *file;
    ChorusFacturxProfile  profile;
    ChorusFacturxSyntax   syntax;
    const char           *number;
    gint64                ttc;
    guint                 n_lines;
    const char           *flux;
  } samples[] = {
    { "akretion/factur-x-minimum.xml", CHORUS_FACTURX_PROFILE_MINIMUM, CHORUS_FACTURX_SYNTAX_CII, "F20260023", 10490, 0, "IN_DP_E1_CII_16B" },
    { "akretion/factur-x-basicwl.xml", CHORUS_FACTURX_PROFILE_BASIC_WL, CHORUS_FACTURX_SYNTAX_CII, "F20260023", 10490, 0, "IN_DP_E1_CII_16B" },
    { "akretion/factur-x-basic.xml", CHORUS_FACTURX_PROFILE_BASIC, CHORUS_FACTURX_SYNTAX_CII, "F20260023", 10490, 3, "IN_DP_E1_CII_16B" },
    { "akretion/factur-x-en16931.xml", CHORUS_FACTURX_PROFILE_EN16931, CHORUS_FACTURX_SYNTAX_CII, "F20260023", 10490, 3, "IN_DP_E1_CII_16B" },
    { "akretion/factur-x-extended.xml", CHORUS_FACTURX_PROFILE_EXTENDED, CHORUS_FACTURX_SYNTAX_CII, "F20260023", 10490, 3, "IN_DP_E1_CII_16B" },
    { "akretion/zugferd-basic.xml", CHORUS_FACTURX_PROFILE_BASIC, CHORUS_FACTURX_SYNTAX_ZUGFERD1, "471102", 23562, 1, NULL },
    { "akretion/zugferd-comfort.xml", CHORUS_FACTURX_PROFILE_EN16931, CHORUS_FACTURX_SYNTAX_ZUGFERD1, "471102", 52987, 2, NULL },
    { "akretion/zugferd-extended.xml", CHORUS_FACTURX_PROFILE_EXTENDED, CHORUS_FACTURX_SYNTAX_ZUGFERD1, "KR87654321012", 125670, 0, NULL },
    { "akretion/ubl-21-en16931.xml", CHORUS_FACTURX_PROFILE_EN16931, CHORUS_FACTURX_SYNTAX_UBL_INVOICE, "F124212", 30803, 0, "IN_DP_E1_UBL_INVOICE" },
    { "akretion/ubl-21-extended-ctc-fr.xml", CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR, CHORUS_FACTURX_SYNTAX_UBL_INVOICE, "F124212", 30803, 0, "IN_DP_E1_UBL_INVOICE" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(ChorusFacturxDocument) doc = read_sample (samples[i].file);
      g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);

      g_test_message ("%s", samples[i].file);
      g_assert_false (chorus_facturx_document_get_from_pdf (doc));
      g_assert_cmpint (chorus_facturx_document_get_syntax (doc), ==, samples[i].syntax);
      g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, samples[i].profile);
      g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, samples[i].number);
      g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL), ==, samples[i].ttc);
      if (samples[i].n_lines > 0)
        g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, ==, samples[i].n_lines);
      g_assert_cmpstr (chorus_facturx_document_get_flux_syntax (doc), ==, samples[i].flux);
      g_assert_nonnull (chorus_facturx_checks_find (checks, "total_arithmetic"));
    }
}

static void
test_ubl_fields (void)
{
  g_autoptr(ChorusFacturxDocument) doc = read_sample ("akretion/ubl-21-en16931.xml");
  g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, NULL);

  g_assert_cmpstr (chorus_facturx_document_get_issue_date (doc), ==, "2026-06-17");
  g_assert_cmpstr (chorus_facturx_document_get_type_code (doc), ==, "380");
  g_assert_cmpstr (chorus_facturx_document_get_buyer_reference (doc), ==, "120943");
  g_assert_cmpstr (chorus_facturx_document_get_order_reference (doc), ==, "PO1242");
  g_assert_cmpstr (chorus_facturx_document_get_seller_siren (doc), ==, "999999998");
  g_assert_cmpstr (chorus_facturx_document_get_buyer_siren (doc), ==, "787878784");
  g_assert_cmpstr (chorus_facturx_document_get_seller_vat (doc), ==, "FR11999999998");
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_BASIS), ==, 27300);
  /* Two TaxTotal elements (EUR and accounting currency): the EUR one. */
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL), ==, 3503);
  g_assert_cmpint (amount (doc, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE), ==, 20803);
  g_assert_cmpuint (chorus_facturx_document_get_vat_lines (doc)->len, ==, 2);
  g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, >, 0);
  g_assert_cmpint (severity_of (checks, "total_arithmetic"), ==, CHORUS_FACTURX_SEVERITY_OK);
}

static void
test_profile_identifiers (void)
{
  static const struct {
    const char           *id;
    ChorusFacturxProfile  profile;
    gboolean              standard;
  } cases[] = {
    { "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", CHORUS_FACTURX_PROFILE_EN16931, TRUE },
    { "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", CHORUS_FACTURX_PROFILE_XRECHNUNG, TRUE },
    { "urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr", CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR, TRUE },
    { "urn:zugferd.de:2p0:basicwl", CHORUS_FACTURX_PROFILE_BASIC_WL, TRUE },
    { "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:basic", CHORUS_FACTURX_PROFILE_BASIC, FALSE },
    { "urn:example:something-else", CHORUS_FACTURX_PROFILE_UNKNOWN, FALSE },
  };
  g_autoptr(GBytes) bytes = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  g_autofree char *xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) edited = g_string_new (xml);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChorusFacturxDocument) doc = NULL;
      g_autoptr(GPtrArray) checks = NULL;
      g_autofree char *replacement = g_strdup_printf ("<ram:ID>%s</ram:ID>", cases[i].id);

      g_assert_cmpuint (g_string_replace (edited, "<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", replacement, 1), ==, 1);
      doc = chorus_facturx_read_xml (edited->str, edited->len, &error);
      g_assert_no_error (error);
      checks = chorus_facturx_cross_check (doc, NULL);
      g_assert_cmpint (chorus_facturx_document_get_profile (doc), ==, cases[i].profile);
      /* The identifier is kept as written, whatever profile it reads as. */
      g_assert_cmpstr (chorus_facturx_document_get_profile_id (doc), ==, cases[i].id);
      if (cases[i].profile == CHORUS_FACTURX_PROFILE_UNKNOWN)
        g_assert_nonnull (chorus_facturx_checks_find (checks, "profile"));
      else if (cases[i].standard)
        g_assert_null (chorus_facturx_checks_find (checks, "profile_id"));
      else
        g_assert_nonnull (chorus_facturx_checks_find (checks, "profile_id"));
    }
}

/* A UBL credit note, made from the UBL invoice sample by renaming its credit-note elements. */
static void
test_ubl_credit_note (void)
{
  g_autoptr(GBytes) bytes = chorus_test_sample_bytes ("akretion/ubl-21-en16931.xml");
  g_autoptr(GString) xml = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = NULL;
  g_autoptr(ChorusInvoice) deposit = NULL;

  g_assert_cmpuint (g_string_replace (xml, "<Invoice ", "<CreditNote ", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (xml, "</Invoice>", "</CreditNote>", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (xml, "xsd:Invoice-2", "xsd:CreditNote-2", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (xml, "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
                                      "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (xml, "cac:InvoiceLine>", "cac:CreditNoteLine>", 0), >, 0);
  g_assert_cmpuint (g_string_replace (xml, "cbc:InvoicedQuantity", "cbc:CreditedQuantity", 0), >, 0);

  doc = chorus_facturx_read_xml (xml->str, xml->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chorus_facturx_document_get_syntax (doc), ==, CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE);
  g_assert_cmpstr (chorus_facturx_document_get_type_code (doc), ==, "381");
  g_assert_cmpint (chorus_facturx_document_get_invoice_type (doc), ==, CHORUS_INVOICE_TYPE_AVOIR);
  g_assert_cmpuint (chorus_facturx_document_get_lines (doc)->len, ==, 2);
  g_assert_cmpstr (chorus_facturx_document_get_flux_syntax (doc), ==, "IN_DP_E1_UBL_INVOICE");
  deposit = chorus_facturx_to_invoice (doc, NULL);
  g_assert_cmpint (chorus_invoice_get_invoice_type (deposit), ==, CHORUS_INVOICE_TYPE_AVOIR);
  g_assert_cmpint (chorus_invoice_get_amount_ttc (deposit), ==, 30803);
}

/* Every file of the shared sample folders is one the tests above know: a new sample must get checks. */
static void
test_every_sample_is_covered (void)
{
  static const char *const known[] = {
    "akretion/LICENSE.txt", "akretion/invoice_EN16931.pdf",
    "akretion/factur-x-minimum.xml", "akretion/factur-x-basicwl.xml", "akretion/factur-x-basic.xml",
    "akretion/factur-x-en16931.xml", "akretion/factur-x-extended.xml",
    "akretion/zugferd-basic.xml", "akretion/zugferd-comfort.xml", "akretion/zugferd-extended.xml",
    "akretion/ubl-21-en16931.xml", "akretion/ubl-21-extended-ctc-fr.xml",
    "akretion/order-x-basic.xml", "akretion/order-x-comfort.xml",
    "zugferd-corpus/correct/Avoir_FR_type381_BASIC.pdf", "zugferd-corpus/correct/Facture_DOM_BASICWL.pdf",
    "zugferd-corpus/correct/Facture_DOM_MINIMUM.pdf", "zugferd-corpus/correct/Facture_FR_BASICWL.pdf",
    "zugferd-corpus/correct/Facture_FR_MINIMUM.pdf", "zugferd-corpus/correct/Facture_UE_BASICWL.pdf",
    "zugferd-corpus/correct/Facture_UE_MINIMUM.pdf",
    "zugferd-corpus/fail/Avoir_FR_type380_BASIC.pdf", "zugferd-corpus/fail/Avoir_FR_type380_EN16931.pdf",
    "zugferd-corpus/fail/Avoir_FR_type380_MINIMUM.pdf", "zugferd-corpus/fail/Avoir_FR_type381_BASICWL.pdf",
    "zugferd-corpus/fail/Avoir_FR_type381_EN16931.pdf", "zugferd-corpus/fail/Avoir_FR_type381_MINIMUM.pdf",
    "zugferd-corpus/fail/factur-x-invalid-xml-encoding-attribute.pdf",
  };
  const char *folders[] = { "akretion", "zugferd-corpus/correct", "zugferd-corpus/fail" };
  guint seen = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *dir = chorus_test_sample_path (folders[f]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *relative = g_build_filename (folders[f], name, NULL);
          gboolean found = FALSE;

          for (gsize i = 0; i < G_N_ELEMENTS (known) && !found; i++)
            found = g_str_equal (known[i], relative);
          if (!found)
            g_error ("sample %s is not covered by test-facturx", relative);
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (known));
}

static void
test_order_x_is_not_an_invoice (void)
{
  const char *files[] = { "akretion/order-x-basic.xml", "akretion/order-x-comfort.xml" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = chorus_test_sample_bytes (files[i]);
      g_autoptr(GBytes) pdf = pdf_with_xml ("order-x.xml", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GError) error = NULL;
      g_autoptr(ChorusFacturxDocument) doc = NULL;

      doc = chorus_facturx_read_xml (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
      g_assert_null (doc);
      g_assert_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NOT_AN_INVOICE);
      assert_error_in_french (error);
      g_clear_error (&error);

      doc = chorus_facturx_read_pdf (pdf, &error);
      g_assert_null (doc);
      g_assert_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NOT_AN_INVOICE);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Built PDFs */

static void
test_pdf_writer_and_names (void)
{
  g_autoptr(GBytes) xml = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  static const char not_xml[] = "%PDF-1.4 this is a delivery note, not XML";
  /* A delivery note first, then the invoice under a name no standard uses: found by its root. */
  Embedded files[] = {
    { "annexe.xml", not_xml, sizeof not_xml - 1 },
    { "invoice-data.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml) },
  };
  g_autoptr(GBytes) pdf = build_pdf (files, G_N_ELEMENTS (files), FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = chorus_facturx_read_pdf (pdf, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (chorus_facturx_document_get_attachment_name (doc), ==, "invoice-data.xml");
  g_assert_cmpstr (chorus_facturx_document_get_number (doc), ==, "F20260023");

  /* Every conventional name works too. */
  {
    const char *names[] = { "factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml" };

    for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(GBytes) one = pdf_with_xml (names[i], g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
        g_autoptr(ChorusFacturxDocument) read = chorus_facturx_read_pdf (one, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (chorus_facturx_document_get_attachment_name (read), ==, names[i]);
      }
  }
}

/* The visible PDF and its metadata against the attached XML. */
static void
test_pdf_against_xml (void)
{
  g_autoptr(GBytes) xml = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  static const char xmp[] =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
    "<rdf:Description xmlns:fx=\"urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#\">"
    "<fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>"
    "<fx:Version>1.0</fx:Version><fx:ConformanceLevel>BASIC</fx:ConformanceLevel>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>";
  Embedded file = { "invoice.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml) };
  g_autoptr(GBytes) pdf = build_pdf_with_xmp (&file, 1, FALSE, xmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = chorus_facturx_read_pdf (pdf, &error);
  g_autoptr(GPtrArray) checks = NULL;

  g_assert_no_error (error);
  checks = chorus_facturx_cross_check (doc, NULL);
  /* XMP says BASIC and factur-x.xml; the file is EN 16931 named invoice.xml; the page is blank. */
  g_assert_cmpint (severity_of (checks, "pdf_profile"), ==, CHORUS_FACTURX_SEVERITY_WARNING);
  g_assert_cmpint (severity_of (checks, "pdf_attachment"), ==, CHORUS_FACTURX_SEVERITY_WARNING);
  g_assert_cmpint (severity_of (checks, "pdf_text"), ==, CHORUS_FACTURX_SEVERITY_INFO);
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_object (&doc);

  /* The real samples: the akretion PDF shows its number and total; the ZUGFeRD fail file shows
   * invoice RE-20190610/507 while its XML is RE-20201121/508. */
  doc = read_sample ("akretion/invoice_EN16931.pdf");
  checks = chorus_facturx_cross_check (doc, NULL);
  g_assert_cmpint (severity_of (checks, "pdf_number"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "pdf_total"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_null (chorus_facturx_checks_find (checks, "pdf_profile"));
  g_assert_null (chorus_facturx_checks_find (checks, "pdf_metadata"));
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_object (&doc);

  doc = read_sample ("zugferd-corpus/fail/factur-x-invalid-xml-encoding-attribute.pdf");
  checks = chorus_facturx_cross_check (doc, NULL);
  g_assert_cmpint (severity_of (checks, "pdf_number"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "pdf_total"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_object (&doc);

  /* Thousands separators as the UE sample writes them: "2,076.76 €". */
  doc = read_sample ("zugferd-corpus/correct/Facture_UE_MINIMUM.pdf");
  checks = chorus_facturx_cross_check (doc, NULL);
  g_assert_cmpint (severity_of (checks, "pdf_total"), ==, CHORUS_FACTURX_SEVERITY_OK);
}

static void
expect_pdf_error (GBytes *pdf,
                  int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = chorus_facturx_read_pdf (pdf, &error);

  g_assert_null (doc);
  g_assert_error (error, CHORUS_FACTURX_ERROR, code);
  assert_error_in_french (error);
}

static void
expect_xml_error (const char *xml,
                  gsize       len,
                  int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = chorus_facturx_read_xml (xml, len, &error);
  g_autoptr(GBytes) pdf = NULL;

  g_assert_null (doc);
  g_assert_error (error, CHORUS_FACTURX_ERROR, code);
  assert_error_in_french (error);

  /* The same inside a PDF. */
  pdf = pdf_with_xml ("factur-x.xml", xml, len);
  expect_pdf_error (pdf, code);
}

static void
test_hostile_xml (void)
{
  g_autofree char *secret_path = g_build_filename (g_get_tmp_dir (), "chorus-facturx-secret.txt", NULL);
  g_autofree char *xxe_file = NULL;
  g_autoptr(GString) laughs = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
  const char *xxe_url =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY x SYSTEM \"http://127.0.0.1:9/evil.dtd\"> ]>\n"
    "<rsm:CrossIndustryInvoice xmlns:rsm=\"" "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    "\" xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\">"
    "<rsm:ExchangedDocument><ram:ID>&x;</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>";
  const char *external_dtd =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n<r/>";

  g_assert_true (g_file_set_contents (secret_path, "TOP-SECRET", -1, NULL));
  xxe_file = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY x SYSTEM \"file://%s\"> ]>\n"
    "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" "
    "xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\">"
    "<rsm:ExchangedDocument><ram:ID>&x;</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>",
    secret_path);
  for (int i = 1; i < 10; i++)
    {
      g_string_append_printf (laughs, " <!ENTITY lol%d \"", i);
      for (int j = 0; j < 10; j++)
        {
          if (i == 1)
            g_string_append (laughs, "&lol;");
          else
            g_string_append_printf (laughs, "&lol%d;", i - 1);
        }
      g_string_append (laughs, "\">\n");
    }
  g_string_append (laughs, "]>\n<lolz>&lol9;</lolz>");

  expect_xml_error (xxe_file, strlen (xxe_file), CHORUS_FACTURX_ERROR_HOSTILE);
  expect_xml_error (xxe_url, strlen (xxe_url), CHORUS_FACTURX_ERROR_HOSTILE);
  expect_xml_error (external_dtd, strlen (external_dtd), CHORUS_FACTURX_ERROR_HOSTILE);
  expect_xml_error (laughs->str, laughs->len, CHORUS_FACTURX_ERROR_HOSTILE);
  g_unlink (secret_path);
}

static void
test_broken_xml (void)
{
  g_autoptr(GBytes) xml = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  const char *data = g_bytes_get_data (xml, NULL);
  gsize len = g_bytes_get_size (xml);
  g_autoptr(GString) huge = g_string_new ("<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice xmlns:rsm=\""
                                          "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">");
  const char *wrong_root = "<?xml version=\"1.0\"?><html><body>Facture</body></html>";
  const char *empty_invoice = "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:"
                              "CrossIndustryInvoice:100\"/>";
  const char *not_xml = "Ceci n'est pas du XML, juste du texte.";

  expect_xml_error (data, len / 2, CHORUS_FACTURX_ERROR_MALFORMED);
  expect_xml_error (wrong_root, strlen (wrong_root), CHORUS_FACTURX_ERROR_NOT_AN_INVOICE);
  expect_xml_error (empty_invoice, strlen (empty_invoice), CHORUS_FACTURX_ERROR_MALFORMED);
  expect_xml_error (not_xml, strlen (not_xml), CHORUS_FACTURX_ERROR_MALFORMED);
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (chorus_facturx_read_xml ("", 0, &error));
    g_assert_error (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_MALFORMED);
  }

  while (huge->len <= CHORUS_FACTURX_MAX_XML_SIZE)
    g_string_append (huge, "<!-- padding padding padding padding padding padding padding padding -->\n");
  g_string_append (huge, "</rsm:CrossIndustryInvoice>");
  expect_xml_error (huge->str, huge->len, CHORUS_FACTURX_ERROR_TOO_LARGE);
}

static void
test_broken_pdf (void)
{
  g_autoptr(GBytes) no_attachment = build_pdf (NULL, 0, FALSE);
  g_autoptr(GBytes) xml = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  Embedded file = { "factur-x.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml) };
  g_autoptr(GBytes) encrypted = build_pdf (&file, 1, TRUE);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", 44);
  g_autoptr(GBytes) not_pdf = g_bytes_new_static ("PK\x03\x04 not a pdf", 15);
  g_autoptr(GBytes) full = chorus_test_sample_bytes ("akretion/invoice_EN16931.pdf");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (full, 0, 2000);
  static const char binary[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
  g_autoptr(GBytes) png_named_xml = pdf_with_xml ("factur-x.xml", binary, sizeof binary - 1);

  expect_pdf_error (no_attachment, CHORUS_FACTURX_ERROR_NO_XML);
  expect_pdf_error (encrypted, CHORUS_FACTURX_ERROR_ENCRYPTED);
  expect_pdf_error (garbage, CHORUS_FACTURX_ERROR_BAD_PDF);
  expect_pdf_error (not_pdf, CHORUS_FACTURX_ERROR_BAD_PDF);
  expect_pdf_error (truncated, CHORUS_FACTURX_ERROR_BAD_PDF);
  expect_pdf_error (png_named_xml, CHORUS_FACTURX_ERROR_MALFORMED);
}

/* ---------------------------------------------------------------------------------------------- */
/* Cross-checks, deposit, duplicates */

static ChorusInvoice *
chorus_row_for_akretion (void)
{
  ChorusInvoice *invoice = chorus_invoice_new ();

  chorus_invoice_set_number (invoice, "F20260023");
  chorus_invoice_set_invoice_date (invoice, "2026-01-31");
  chorus_invoice_set_supplier_code (invoice, "12345678200077");
  chorus_invoice_set_recipient_code (invoice, "98765432100029");
  chorus_invoice_set_service_code (invoice, "SERVEXEC");
  chorus_invoice_set_engagement_number (invoice, "PO201925478");
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_amount_ht (invoice, 10000);
  chorus_invoice_set_amount_vat (invoice, 490);
  chorus_invoice_set_amount_ttc (invoice, 10490);
  chorus_invoice_set_amount_to_pay (invoice, 10490);
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  return invoice;
}

static void
test_cross_check_chorus (void)
{
  g_autoptr(ChorusFacturxDocument) doc = read_sample ("akretion/invoice_EN16931.pdf");
  g_autoptr(ChorusInvoice) row = chorus_row_for_akretion ();
  g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (doc, row);
  ChorusFacturxCheck *check;

  g_assert_cmpint (severity_of (checks, "number"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "invoice_date"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "amount_ht"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "amount_vat"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "amount_ttc"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "amount_to_pay"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "seller_siret"), ==, CHORUS_FACTURX_SEVERITY_OK);
  /* The file gives only the buyer's SIREN: matched on its 9 digits. */
  g_assert_cmpint (severity_of (checks, "buyer_siret"), ==, CHORUS_FACTURX_SEVERITY_INFO);
  g_assert_cmpint (severity_of (checks, "service_code"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "engagement_number"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "invoice_type"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Now everything Chorus Pro says differs. */
  chorus_invoice_set_number (row, "f-2026-0023");
  chorus_invoice_set_invoice_date (row, "2026-02-01");
  chorus_invoice_set_amount_ttc (row, 10491);
  chorus_invoice_set_amount_ht (row, 10002);
  chorus_invoice_set_supplier_code (row, "12345678200099");
  chorus_invoice_set_recipient_code (row, "55555555500010");
  chorus_invoice_set_service_code (row, "AUTRE");
  chorus_invoice_set_engagement_number (row, "EJ999");
  chorus_invoice_set_invoice_type (row, CHORUS_INVOICE_TYPE_AVOIR);
  checks = chorus_facturx_cross_check (doc, row);

  g_assert_cmpint (severity_of (checks, "number"), ==, CHORUS_FACTURX_SEVERITY_WARNING);
  g_assert_cmpint (severity_of (checks, "invoice_date"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  /* One cent is within tolerance, two are not. */
  g_assert_cmpint (severity_of (checks, "amount_ttc"), ==, CHORUS_FACTURX_SEVERITY_OK);
  g_assert_cmpint (severity_of (checks, "amount_ht"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "seller_siret"), ==, CHORUS_FACTURX_SEVERITY_WARNING);
  g_assert_cmpint (severity_of (checks, "buyer_siret"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "service_code"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "engagement_number"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "invoice_type"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  /* Worst first, and written in French. */
  check = g_ptr_array_index (checks, 0);
  g_assert_cmpint (check->severity, ==, CHORUS_FACTURX_SEVERITY_ERROR);
  check = chorus_facturx_checks_find (checks, "invoice_date");
  g_assert_nonnull (strstr (check->message, "31/01/2026"));
  g_assert_nonnull (strstr (check->message, "01/02/2026"));
  check = chorus_facturx_checks_find (checks, "amount_ht");
  g_assert_nonnull (strstr (check->message, "100,00"));
  g_assert_nonnull (strstr (check->message, "100,02"));
}

static void
test_arithmetic_errors (void)
{
  g_autoptr(GBytes) bytes = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  g_autofree char *xml = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GString) edited = g_string_new (xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  /* TTC off by 10 €, one VAT amount off by 1 €. */
  g_assert_cmpuint (g_string_replace (edited, "<ram:GrandTotalAmount>104.90<", "<ram:GrandTotalAmount>114.90<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edited, "<ram:CalculatedAmount>2.70<", "<ram:CalculatedAmount>3.70<", 1), ==, 1);
  doc = chorus_facturx_read_xml (edited->str, edited->len, &error);
  g_assert_no_error (error);
  checks = chorus_facturx_cross_check (doc, NULL);
  g_assert_cmpint (severity_of (checks, "total_arithmetic"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "due_arithmetic"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "vat_rate"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
  g_assert_cmpint (severity_of (checks, "vat_sum"), ==, CHORUS_FACTURX_SEVERITY_ERROR);
}

/* BT-110 twice: in the accounting currency first, then in the invoice currency. */
static void
test_tax_total_currency (void)
{
  g_autoptr(GBytes) bytes = chorus_test_sample_bytes ("akretion/factur-x-en16931.xml");
  g_autoptr(GString) xml = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = NULL;
  gint64 tax = 0;

  g_assert_cmpuint (g_string_replace (xml, "<ram:TaxTotalAmount currencyID=\"EUR\">",
                                      "<ram:TaxTotalAmount currencyID=\"USD\">5.50</ram:TaxTotalAmount>"
                                      "<ram:TaxTotalAmount currencyID=\"EUR\">", 1), ==, 1);
  doc = chorus_facturx_read_xml (xml->str, xml->len, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, &tax));
  g_assert_cmpint (tax, ==, 490);
}

static void
test_to_invoice (void)
{
  g_autoptr(ChorusFacturxDocument) doc = read_sample ("akretion/invoice_EN16931.pdf");
  g_autoptr(ChorusInvoice) invoice = chorus_facturx_to_invoice (doc, NULL);
  g_autoptr(ChorusFacturxDocument) credit = read_sample ("zugferd-corpus/correct/Avoir_FR_type381_BASIC.pdf");
  g_autoptr(ChorusInvoice) credit_invoice = chorus_facturx_to_invoice (credit, NULL);

  g_assert_cmpstr (chorus_invoice_get_number (invoice), ==, "F20260023");
  g_assert_cmpstr (chorus_invoice_get_invoice_date (invoice), ==, "2026-01-31");
  g_assert_cmpstr (chorus_invoice_get_service_code (invoice), ==, "SERVEXEC");
  g_assert_cmpstr (chorus_invoice_get_engagement_number (invoice), ==, "PO201925478");
  g_assert_cmpstr (chorus_invoice_get_market_number (invoice), ==, "CT2018120802");
  g_assert_cmpstr (chorus_invoice_get_supplier_code (invoice), ==, "12345678200077");
  g_assert_cmpstr (chorus_invoice_get_currency (invoice), ==, "EUR");
  g_assert_cmpint (chorus_invoice_get_amount_ht (invoice), ==, 10000);
  g_assert_cmpint (chorus_invoice_get_amount_vat (invoice), ==, 490);
  g_assert_cmpint (chorus_invoice_get_amount_ttc (invoice), ==, 10490);
  g_assert_cmpint (chorus_invoice_get_amount_to_pay (invoice), ==, 10490);
  g_assert_cmpint (chorus_invoice_get_invoice_type (invoice), ==, CHORUS_INVOICE_TYPE_FACTURE);
  g_assert_cmpuint (chorus_invoice_get_lines (invoice)->len, ==, 3);
  g_assert_cmpuint (chorus_invoice_get_vat_lines (invoice)->len, ==, 4);

  g_assert_cmpint (chorus_invoice_get_invoice_type (credit_invoice), ==, CHORUS_INVOICE_TYPE_AVOIR);
  g_assert_cmpstr (chorus_invoice_get_recipient_code (credit_invoice), ==, "78787878400035");
  g_assert_cmpstr (chorus_invoice_get_original_number (credit_invoice), ==, "FA-2017-0010");
  g_assert_cmpint (chorus_invoice_get_amount_ttc (credit_invoice), ==, 23347);
}

static ChorusInvoice *
row (gint64      id,
     const char *supplier,
     const char *number,
     gint64      ttc,
     const char *date)
{
  ChorusInvoice *invoice = chorus_invoice_new ();

  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_supplier_code (invoice, supplier);
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_amount_ttc (invoice, ttc);
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_currency (invoice, "EUR");
  chorus_invoice_set_invoice_type (invoice, CHORUS_INVOICE_TYPE_FACTURE);
  return invoice;
}

typedef struct {
  GPtrArray *rows;
  guint      next;
} RowIter;

static ChorusInvoice *
next_row (gpointer data)
{
  RowIter *iter = data;

  if (iter->next >= iter->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (iter->rows, iter->next++));
}

static void
test_duplicates (void)
{
  g_autoptr(ChorusInvoice) invoice = row (1, "12345678200077", "F-2026-0012", 10490, "2026-01-31");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) iter_matches = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  RowIter iter;
  ChorusDuplicateMatch *match;

  g_ptr_array_add (rows, g_object_ref (invoice));                                       /* itself */
  g_ptr_array_add (rows, row (2, "12345678200077", "F-2026-0012", 10490, "2026-01-31")); /* exact */
  g_ptr_array_add (rows, row (3, "12345678200077", "f 2026 0012", 99900, "2025-03-01"));  /* near: number */
  g_ptr_array_add (rows, row (4, "12345678200077", "F-2026-0099", 10490, "2026-02-04")); /* near: amount+days */
  g_ptr_array_add (rows, row (5, "12345678200077", "F-2026-0100", 10490, "2026-03-31")); /* too far apart */
  g_ptr_array_add (rows, row (6, "99999999800010", "F-2026-0012", 10490, "2026-01-31")); /* other supplier */
  g_ptr_array_add (rows, row (7, "12345678200077", "F-2026-0013", 10400, "2026-01-31")); /* other invoice */
  g_ptr_array_add (rows, row (8, "12345678200077", "F-2026-0012", 20000, "2026-01-31")); /* same number, other amount */

  matches = chorus_duplicates_find (invoice, rows);
  g_assert_cmpuint (matches->len, ==, 4);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpint (match->id, ==, 2);
  g_assert_cmpint (match->kind, ==, CHORUS_DUPLICATE_EXACT);
  g_assert_nonnull (match->reason);
  for (guint i = 1; i < matches->len; i++)
    {
      match = g_ptr_array_index (matches, i);
      g_assert_cmpint (match->kind, ==, CHORUS_DUPLICATE_NEAR);
      g_assert_true (match->id == 3 || match->id == 4 || match->id == 8);
    }

  iter = (RowIter) { rows, 0 };
  iter_matches = chorus_duplicates_find_iter (invoice, next_row, &iter);
  g_assert_cmpuint (iter_matches->len, ==, matches->len);

  g_assert_true (chorus_duplicates_window (invoice, &from, &to));
  g_assert_cmpstr (from, ==, "2026-01-24");
  g_assert_cmpstr (to, ==, "2026-02-07");

  {
    g_autofree char *a = chorus_duplicates_normalize_number (" F-2026/0012 ");
    g_autofree char *b = chorus_duplicates_normalize_number ("f20260012");
    g_autofree char *c = chorus_duplicates_normalize_number ("F-2026-0120");
    g_autofree char *d = chorus_duplicates_normalize_number ("F-00012");
    g_autofree char *e = chorus_duplicates_normalize_number ("f12");
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (a, !=, c);
    g_assert_cmpstr (d, ==, e);
  }
}

/* The store finds the candidates in SQL, the pure function decides. */
static void
test_duplicates_in_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("chorus-facturx-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusStore) store = chorus_store_open (dir, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ChorusInvoice) incoming = row (100, "12345678200077", "F-2026-0012", 10490, "2026-01-31");
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) matches = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (rows, row (2, "12345678200077", "F-2026-0012", 10490, "2026-01-31"));  /* exact */
  g_ptr_array_add (rows, row (3, "12345678200077", "f 2026 0012", 99900, "2025-03-01"));  /* number */
  g_ptr_array_add (rows, row (4, "12345678200077", "F-2026-0099", 10490, "2026-02-04"));  /* amount + days */
  g_ptr_array_add (rows, row (5, "12345678200077", "F-2026-0100", 55500, "2025-06-30"));  /* unrelated */
  g_ptr_array_add (rows, row (6, "99999999800010", "F-2026-0012", 10490, "2026-01-31"));  /* other supplier */
  g_ptr_array_add (rows, row (100, "12345678200077", "F-2026-0012", 10490, "2026-01-31")); /* itself */
  g_assert_true (chorus_store_upsert_invoices (store, rows, &error));
  g_assert_no_error (error);

  candidates = chorus_store_find_duplicate_candidates (store, incoming, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 3);
  matches = chorus_duplicates_find (incoming, candidates);
  g_assert_cmpuint (matches->len, ==, 3);
  g_assert_cmpint (((ChorusDuplicateMatch *) g_ptr_array_index (matches, 0))->kind, ==, CHORUS_DUPLICATE_EXACT);
  g_assert_cmpint (((ChorusDuplicateMatch *) g_ptr_array_index (matches, 0))->id, ==, 2);

  g_clear_object (&store);
  chorus_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "fr", TRUE);
  setlocale (LC_ALL, "fr_FR.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CHORUS_DESK_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/facturx/samples/akretion-pdf", test_akretion_pdf);
  g_test_add_func ("/facturx/samples/correct", test_correct_samples);
  g_test_add_func ("/facturx/samples/fail", test_fail_samples);
  g_test_add_func ("/facturx/samples/akretion-xml", test_akretion_xml);
  g_test_add_func ("/facturx/samples/ubl", test_ubl_fields);
  g_test_add_func ("/facturx/samples/order-x", test_order_x_is_not_an_invoice);
  g_test_add_func ("/facturx/profiles", test_profile_identifiers);
  g_test_add_func ("/facturx/samples/ubl-credit-note", test_ubl_credit_note);
  g_test_add_func ("/facturx/samples/all-covered", test_every_sample_is_covered);
  g_test_add_func ("/facturx/pdf/attachment-names", test_pdf_writer_and_names);
  g_test_add_func ("/facturx/pdf/against-xml", test_pdf_against_xml);
  g_test_add_func ("/facturx/hostile/xml", test_hostile_xml);
  g_test_add_func ("/facturx/hostile/broken-xml", test_broken_xml);
  g_test_add_func ("/facturx/hostile/broken-pdf", test_broken_pdf);
  g_test_add_func ("/facturx/check/chorus", test_cross_check_chorus);
  g_test_add_func ("/facturx/check/arithmetic", test_arithmetic_errors);
  g_test_add_func ("/facturx/deposit", test_to_invoice);
  g_test_add_func ("/facturx/tax-total-currency", test_tax_total_currency);
  g_test_add_func ("/facturx/duplicates", test_duplicates);
  g_test_add_func ("/facturx/duplicates-in-store", test_duplicates_in_store);
  return g_test_run ();
}
