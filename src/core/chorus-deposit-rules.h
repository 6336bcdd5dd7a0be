/* chorus-deposit-rules.h: the checks the platform applies to a deposited invoice, shared by app and simulator. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chorus-invoice.h"
#include "chorus-works.h"

G_BEGIN_DECLS

/* The form field a problem is about, so the wizard can point at it. */
typedef enum {
  CHORUS_DEPOSIT_FIELD_NUMBER = 0,
  CHORUS_DEPOSIT_FIELD_DATE,
  CHORUS_DEPOSIT_FIELD_RECIPIENT,
  CHORUS_DEPOSIT_FIELD_SERVICE,
  CHORUS_DEPOSIT_FIELD_ENGAGEMENT,
  CHORUS_DEPOSIT_FIELD_CADRE,
  CHORUS_DEPOSIT_FIELD_INVOICE_TYPE,
  CHORUS_DEPOSIT_FIELD_CURRENCY,
  CHORUS_DEPOSIT_FIELD_VAT_TYPE,
  CHORUS_DEPOSIT_FIELD_AMOUNT_HT,
  CHORUS_DEPOSIT_FIELD_AMOUNT_VAT,
  CHORUS_DEPOSIT_FIELD_AMOUNT_TTC,
  CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY,
  CHORUS_DEPOSIT_FIELD_VAT_LINES,
  CHORUS_DEPOSIT_FIELD_LINES,
  CHORUS_DEPOSIT_FIELD_PAYMENT_MODE,
  CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER,
  CHORUS_DEPOSIT_FIELD_ATTACHMENT,
  CHORUS_DEPOSIT_FIELD_SUPPLIER,        /* which of the account's structures issues it */
  CHORUS_DEPOSIT_FIELD_VALIDATOR,       /* the main contractor who validates an A9/A12 first */
  CHORUS_DEPOSIT_FIELD_LAST
} ChorusDepositField;

/* What the structure directory says about the recipient and the chosen service. */
typedef struct {
  gboolean found;                        /* the SIRET is a structure of the directory */
  gboolean active;                       /* statut ACTIVE */
  gboolean service_required;             /* parametres.codeServiceDoitEtreRenseigne */
  gboolean engagement_required;          /* parametres.numeroEJDoitEtreRenseigne */
  gboolean engagement_or_service;        /* parametres.gestionNumeroEJOuCodeService */
  gboolean service_found;                /* the service code is one of the structure's */
  gboolean service_active;
  gboolean service_engagement_required;  /* the service's parametres.numeroEngagement */
} ChorusRecipientRules;

/* How the invoice is deposited. */
typedef struct {
  ChorusRole            role;            /* who deposits; FOURNISSEUR for ordinary invoices */
  ChorusDepositChannel  channel;
  ChorusCadre           previous_cadre;  /* works: the piece this one is associated to, or UNKNOWN */
  gboolean              needs_attachment;/* PDF mode: main_attachment_id must be set */
  const char           *today;           /* YYYY-MM-DD; NULL = today */
} ChorusDepositContext;

typedef struct {
  ChorusDepositField  field;
  char               *message;           /* French (translated), for the user */
} ChorusDepositProblem;

#define CHORUS_TYPE_DEPOSIT_PROBLEM (chorus_deposit_problem_get_type ())
GType                 chorus_deposit_problem_get_type   (void) G_GNUC_CONST;
ChorusDepositProblem *chorus_deposit_problem_copy       (const ChorusDepositProblem *problem);
void                  chorus_deposit_problem_free       (ChorusDepositProblem       *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusDepositProblem, chorus_deposit_problem_free)

/* Appends a problem about @field to @problems. */
void                  chorus_deposit_problems_add       (GPtrArray                  *problems,
                                                         ChorusDepositField          field,
                                                         const char                 *format,
                                                         ...) G_GNUC_PRINTF (3, 4);
/* TRUE for the cadres whose invoice the main contractor (titulaire or mandataire) validates
 * before it reaches the recipient: a subcontractor's (A9) or a co-contractor's (A12). */
gboolean              chorus_deposit_cadre_has_validator (ChorusCadre               cadre);

/* NULL, empty or only spaces. */
gboolean              chorus_deposit_text_is_blank      (const char                 *text);

/* Longest numeroFactureSaisi the platform accepts. */
#define CHORUS_INVOICE_NUMBER_MAX 20

/* Letters, digits and - _ / +, at most 20 characters. */
gboolean              chorus_deposit_number_is_valid    (const char                 *number);
/* A real calendar date written YYYY-MM-DD. */
gboolean              chorus_deposit_date_is_valid      (const char                 *iso_date);

/* An attachment (pièce jointe) the platform takes: at most 10 MB, a name of at most 50
 * characters with one of its extensions. */
#define CHORUS_ATTACHMENT_MAX_BYTES (10 * 1024 * 1024)
#define CHORUS_ATTACHMENT_NAME_MAX  50
/* The name @file_name gets on the platform (shortened to 50 characters, extension kept) and its
 * extension in capitals ("PDF"); FALSE with a French message when the platform would refuse it. */
gboolean              chorus_attachment_check           (const char                 *file_name,
                                                         goffset                     size,
                                                         char                      **platform_name,
                                                         char                      **extension,
                                                         GError                    **error);

/* Every problem of @deposit, in form order; an empty array when it may be sent.
 * @rules may be NULL when the recipient was not looked up yet (then only its SIRET is checked).
 * Returns: (transfer full) (element-type ChorusDepositProblem) */
GPtrArray            *chorus_deposit_check              (ChorusInvoice              *deposit,
                                                         const ChorusRecipientRules *rules,
                                                         const ChorusDepositContext *context);
/* Only the routing part of chorus_deposit_check(): recipient, service code and engagement number
 * against @rules (recycling an invoice changes nothing else).
 * Returns: (transfer full) (element-type ChorusDepositProblem) */
GPtrArray            *chorus_deposit_check_routing      (ChorusInvoice              *invoice,
                                                         const ChorusRecipientRules *rules);
/* The first problem about @field, or NULL. */
const ChorusDepositProblem *chorus_deposit_problems_find (GPtrArray                 *problems,
                                                          ChorusDepositField         field);
/* All messages joined by newlines, for an error body or a dialog. */
char                 *chorus_deposit_problems_join      (GPtrArray                  *problems);

G_END_DECLS
