/* chorus-facturx.h: structured invoice data (Factur-X PDF, CII, UBL) and its cross-checks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <poppler.h>

#include "chorus-invoice.h"

G_BEGIN_DECLS

#define CHORUS_FACTURX_ERROR (chorus_facturx_error_quark ())
GQuark chorus_facturx_error_quark (void);

typedef enum {
  CHORUS_FACTURX_ERROR_NO_XML,          /* the PDF carries no invoice XML */
  CHORUS_FACTURX_ERROR_NOT_AN_INVOICE,  /* well-formed XML, but not CII/UBL (e.g. Order-X) */
  CHORUS_FACTURX_ERROR_MALFORMED,       /* not well-formed, truncated, missing essentials */
  CHORUS_FACTURX_ERROR_HOSTILE,         /* DTD, entities: refused before anything is expanded */
  CHORUS_FACTURX_ERROR_TOO_LARGE,
  CHORUS_FACTURX_ERROR_BAD_PDF,
  CHORUS_FACTURX_ERROR_ENCRYPTED,
} ChorusFacturxError;

/* Limits: real invoices are far below them. */
#define CHORUS_FACTURX_MAX_XML_SIZE  (8 * 1024 * 1024)
#define CHORUS_FACTURX_MAX_PDF_SIZE  (64 * 1024 * 1024)
#define CHORUS_FACTURX_MAX_LINES     10000

typedef enum {
  CHORUS_FACTURX_SYNTAX_CII = 0,      /* CrossIndustryInvoice D16B (Factur-X, ZUGFeRD 2) */
  CHORUS_FACTURX_SYNTAX_ZUGFERD1,     /* CrossIndustryDocument (ZUGFeRD 1.0) */
  CHORUS_FACTURX_SYNTAX_UBL_INVOICE,
  CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE,
} ChorusFacturxSyntax;

typedef enum {
  CHORUS_FACTURX_PROFILE_UNKNOWN = 0,
  CHORUS_FACTURX_PROFILE_MINIMUM,
  CHORUS_FACTURX_PROFILE_BASIC_WL,
  CHORUS_FACTURX_PROFILE_BASIC,
  CHORUS_FACTURX_PROFILE_EN16931,
  CHORUS_FACTURX_PROFILE_EXTENDED,
  CHORUS_FACTURX_PROFILE_EXTENDED_CTC_FR,
  CHORUS_FACTURX_PROFILE_XRECHNUNG,
  CHORUS_FACTURX_PROFILE_LAST
} ChorusFacturxProfile;

/* Document totals (BG-22). Each may be absent from the file. */
typedef enum {
  CHORUS_FACTURX_AMOUNT_LINE_TOTAL = 0,   /* BT-106 */
  CHORUS_FACTURX_AMOUNT_CHARGE_TOTAL,     /* BT-108 */
  CHORUS_FACTURX_AMOUNT_ALLOWANCE_TOTAL,  /* BT-107 */
  CHORUS_FACTURX_AMOUNT_TAX_BASIS,        /* BT-109, HT */
  CHORUS_FACTURX_AMOUNT_TAX_TOTAL,        /* BT-110, in the invoice currency */
  CHORUS_FACTURX_AMOUNT_GRAND_TOTAL,      /* BT-112, TTC */
  CHORUS_FACTURX_AMOUNT_PREPAID,          /* BT-113 */
  CHORUS_FACTURX_AMOUNT_ROUNDING,         /* BT-114 */
  CHORUS_FACTURX_AMOUNT_DUE_PAYABLE,      /* BT-115, à payer */
  CHORUS_FACTURX_AMOUNT_LAST
} ChorusFacturxAmount;

/* String fields read from the XML (getter suffix). Every one is nullable. */
#define CHORUS_FACTURX_STRING_FIELDS(X)                                               \
  X (profile_id)          /* BT-24 as written */                                    \
  X (attachment_name)     /* name of the PDF attachment it came from */             \
  X (number)              /* BT-1 */                                                \
  X (type_code)           /* BT-3: 380, 381, 384, 386 … */                          \
  X (issue_date)          /* BT-2, YYYY-MM-DD */                                    \
  X (business_process)    /* BT-23: cadre de facturation under the reform */        \
  X (note)                /* BT-22, first note */                                   \
  X (seller_name)         /* BT-27 */                                               \
  X (seller_siret)        /* BT-29/BT-30 when 14 digits */                          \
  X (seller_siren)        /* first 9 digits of the SIRET, or BT-30 as SIREN */      \
  X (seller_vat)          /* BT-31 */                                               \
  X (buyer_name)          /* BT-44 */                                               \
  X (buyer_siret)         /* BT-46/BT-47 when 14 digits */                          \
  X (buyer_siren)                                                                   \
  X (buyer_vat)           /* BT-48 */                                               \
  X (buyer_reference)     /* BT-10 = Chorus service code */                         \
  X (order_reference)     /* BT-13 = engagement juridique */                        \
  X (contract_reference)  /* BT-12 = numéro de marché */                            \
  X (preceding_invoice)   /* BT-25, for credit notes */                             \
  X (currency)            /* BT-5 */                                                \
  X (payment_means)       /* BT-81 code */                                          \
  X (payment_terms)       /* BT-20 */                                               \
  X (due_date)            /* BT-9, YYYY-MM-DD */                                    \
  X (iban)                /* BT-84, spaces removed */

#define CHORUS_TYPE_FACTURX_DOCUMENT (chorus_facturx_document_get_type ())
G_DECLARE_FINAL_TYPE (ChorusFacturxDocument, chorus_facturx_document, CHORUS, FACTURX_DOCUMENT, GObject)

#define CHORUS_FACTURX_DECLARE_STRING(name) \
  const char *chorus_facturx_document_get_##name (ChorusFacturxDocument *self);
CHORUS_FACTURX_STRING_FIELDS (CHORUS_FACTURX_DECLARE_STRING)
#undef CHORUS_FACTURX_DECLARE_STRING

ChorusFacturxSyntax  chorus_facturx_document_get_syntax    (ChorusFacturxDocument *self);
ChorusFacturxProfile chorus_facturx_document_get_profile   (ChorusFacturxDocument *self);
/* TRUE when it came out of a PDF (Factur-X / ZUGFeRD) rather than a bare XML file. */
gboolean             chorus_facturx_document_get_from_pdf  (ChorusFacturxDocument *self);
/* TRUE and *cents set when the file gives that total. */
gboolean             chorus_facturx_document_get_amount    (ChorusFacturxDocument *self,
                                                            ChorusFacturxAmount    which,
                                                            gint64                *cents);
/* VAT breakdown (BG-23): ChorusVatLine, rate_code holds the category code (S, E, Z…). */
GPtrArray           *chorus_facturx_document_get_vat_lines (ChorusFacturxDocument *self);
/* Lines (BG-25): ChorusInvoiceLine. Empty for MINIMUM and BASIC WL. */
GPtrArray           *chorus_facturx_document_get_lines     (ChorusFacturxDocument *self);
/* The Chorus type this document stands for: 381/261/262 → AVOIR, 386 → ACOMPTE, else FACTURE. */
ChorusInvoiceType    chorus_facturx_document_get_invoice_type (ChorusFacturxDocument *self);
/* The syntaxeFlux for deposer/flux: IN_DP_E2_CII_FACTURX, IN_DP_E1_UBL_INVOICE, IN_DP_E1_CII_16B… */
const char          *chorus_facturx_document_get_flux_syntax (ChorusFacturxDocument *self);

const char          *chorus_facturx_profile_label          (ChorusFacturxProfile   profile);
/* MINIMUM and BASIC WL are not complete EN 16931 invoices. */
gboolean             chorus_facturx_profile_has_lines      (ChorusFacturxProfile   profile);
const char          *chorus_facturx_type_code_label        (const char            *type_code);
/* UNTDID 4461 payment means (BT-81): "30" → "Credit transfer"; NULL for codes we do not name. */
const char          *chorus_facturx_payment_means_label (const char       *code);
const char          *chorus_facturx_amount_label           (ChorusFacturxAmount    which);

/* Readers. The PDF one scans every .xml attachment and keeps the first whose root is an invoice. */
ChorusFacturxDocument *chorus_facturx_read_pdf     (GBytes           *pdf,
                                                    GError          **error);
ChorusFacturxDocument *chorus_facturx_read_xml     (const char       *data,
                                                    gsize             len,
                                                    GError          **error);

/* Fills @invoice (a new one when NULL) with what a deposit form needs. Returns @invoice or the new one. */
ChorusInvoice       *chorus_facturx_to_invoice     (ChorusFacturxDocument *self,
                                                    ChorusInvoice         *invoice);

/* Cross-checks */
typedef enum {
  CHORUS_FACTURX_SEVERITY_OK = 0,
  CHORUS_FACTURX_SEVERITY_INFO,
  CHORUS_FACTURX_SEVERITY_WARNING,
  CHORUS_FACTURX_SEVERITY_ERROR,
} ChorusFacturxSeverity;

typedef struct _ChorusFacturxCheck {
  ChorusFacturxSeverity  severity;
  char                  *field;     /* stable key: "amount_ttc", "seller_siret", "vat_arithmetic"… */
  char                  *message;   /* translated sentence */
} ChorusFacturxCheck;

#define CHORUS_TYPE_FACTURX_CHECK (chorus_facturx_check_get_type ())
GType               chorus_facturx_check_get_type (void) G_GNUC_CONST;
ChorusFacturxCheck *chorus_facturx_check_copy     (const ChorusFacturxCheck *check);
void                chorus_facturx_check_free     (ChorusFacturxCheck       *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusFacturxCheck, chorus_facturx_check_free)

/* Checks of the file itself (arithmetic, type code, profile, reading notes) and, when @chorus_data is
 * given, of the file against the Chorus Pro data. Returns ChorusFacturxCheck, worst first. */
GPtrArray           *chorus_facturx_cross_check    (ChorusFacturxDocument *self,
                                                    ChorusInvoice         *chorus_data);
/* Highest severity in @checks. */
ChorusFacturxSeverity chorus_facturx_checks_worst  (GPtrArray             *checks);
/* The check about @field, or NULL. */
ChorusFacturxCheck  *chorus_facturx_checks_find    (GPtrArray             *checks,
                                                    const char            *field);

G_END_DECLS
