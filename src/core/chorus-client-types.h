/* chorus-client-types.h: the queries and results of the Chorus Pro client's typed operations. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chorus-invoice.h"
#include "chorus-status.h"
#include "chorus-types.h"

G_BEGIN_DECLS

/* Filters of an invoice search. Strings are borrowed: they only need to live until the
 * _async/_sync call returns. Zero / NULL means "no filter". Dates are "YYYY-MM-DD";
 * status_changed_* also take an ISO datetime. Amounts are in cents, < 0 = no bound. */
typedef struct {
  ChorusStatus  status;
  const char   *deposit_from;
  const char   *deposit_to;
  const char   *invoice_date_from;
  const char   *invoice_date_to;
  const char   *status_changed_from;
  const char   *status_changed_to;
  gint64        amount_ttc_min;
  gint64        amount_ttc_max;
  gint64        recipient_id;       /* idDestinataire (received: our structure) */
  gint64        service_id;         /* idServiceExecutant */
  gint64        supplier_id;        /* idFournisseur (issued: our structure) */
  const char   *invoice_number;
  const char   *flow_number;        /* issued only: numeroFluxDepot */
  const char   *request_type;       /* typeDemandePaiement; NULL = FACTURE */
  guint         page;               /* 1-based; 0 = 1 */
  guint         page_size;          /* 0 = 100 */
  /* A documented PascalCase column (e.g. "FactureTelechargeeParDestinataire"); NULL sends no
   * triColonne and no triSens: the invoice searches have no documented sort value (§0.8), so
   * the app sorts in its cache. */
  const char   *sort_column;
  gboolean      sort_descending;
  gint64        validator_id;       /* validator search only: idStructureValideur */
} ChorusInvoiceQuery;

/* Sets the "no bound" amounts; the rest is zero. */
void chorus_invoice_query_init (ChorusInvoiceQuery *query);

/* An item of a list that could not be read even liberally: kept with its raw JSON so the
 * user can see it and nothing is silently lost (the rest of its page is read). */
typedef struct {
  char   *operation;    /* the API path it came from, e.g. factures/v1/rechercher/recipiendaire */
  char   *list;         /* the list key, e.g. listeFactures */
  char   *raw_json;     /* the item as sent */
  char   *reason;       /* why it could not be read, in the user's language */
  gint64  id;           /* its id when one could be read (idFacture…), else 0 */
  char   *number;       /* its number when one could be read (numeroFacture…) */
} ChorusUnreadableItem;

void                  chorus_unreadable_item_free (ChorusUnreadableItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusUnreadableItem, chorus_unreadable_item_free)

/* One page of invoices; `invoices` holds ChorusInvoice objects, `unreadable` the
 * ChorusUnreadableItem of the items that could not be read. */
typedef struct {
  GPtrArray *invoices;
  GPtrArray *unreadable;
  guint      page;
  guint      pages;
  guint      total;
  guint      page_size;
  gboolean   total_known;   /* the answer said how many there are (COMM shows null) */
} ChorusInvoicePage;

ChorusInvoicePage *chorus_invoice_page_new   (void);
void               chorus_invoice_page_free  (ChorusInvoicePage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusInvoicePage, chorus_invoice_page_free)

/* One page of anything else (structures, services, reference items). */
typedef struct {
  GPtrArray *items;
  GPtrArray *unreadable;   /* ChorusUnreadableItem */
  guint      page;
  guint      pages;
  guint      total;
} ChorusPage;

ChorusPage        *chorus_page_new           (GDestroyNotify     item_free);
void               chorus_page_free          (ChorusPage        *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusPage, chorus_page_free)

/* consulter/historique. `events` holds ChorusStatusEvent, oldest first. */
typedef struct {
  gint64        invoice_id;
  char         *invoice_number;
  ChorusStatus  current_status;
  char         *current_status_code;   /* as sent, for statuses the app does not know */
  GPtrArray    *events;
  GPtrArray    *actions;               /* ChorusUserAction (histoAction), oldest first */
} ChorusHistory;

void               chorus_history_free       (ChorusHistory     *history);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusHistory, chorus_history_free)

/* What a write operation (traiter, soumettre, deposer, completer, recycler…) answered. */
typedef struct {
  gint64        invoice_id;       /* idFacture / identifiantFactureCPP / idFactureTravaux */
  char         *invoice_number;
  char         *status_code;      /* nouveauStatut / statutFacture, as sent */
  ChorusStatus  status;
  char         *date;             /* dateTraitement / dateDepot */
  gint64        attachment_id;    /* deposer/pdf: pieceJointeId */
  gint64        previous_piece_id; /* facturesTravaux demander/recyclage: idPiecePrecedente */
  char         *flow_number;      /* deposer/flux: numeroFluxDepot */
  char         *certificate;      /* soumettre: empreinteCertificatDepot, the deposit certificate's fingerprint */
  char         *libelle;
  /* deposer/pdf: what the platform read in the PDF (number, date, recipient and service codes,
   * supplier code, currency, invoice and VAT types, engagement, amounts); NULL otherwise. */
  ChorusInvoice *read;
} ChorusActionResult;

void               chorus_action_result_free (ChorusActionResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusActionResult, chorus_action_result_free)

/* An error of a flow's report: about one invoice (listeErreurDP) or the file (listeErreurTechnique). */
typedef struct {
  gboolean  technical;
  char     *invoice_number;      /* numeroDP */
  char     *supplier_id;         /* identifiantFournisseur */
  char     *recipient_id;        /* identifiantDestinataire */
  char     *code;                /* codeErreur */
  char     *nature;              /* natureErreur */
  char     *message;             /* libelleErreurDP / libelleErreur, as sent */
} ChorusFlowError;

void               chorus_flow_error_free    (ChorusFlowError   *error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusFlowError, chorus_flow_error_free)

/* consulterCRDetaille: the processing report of a deposited flow. */
typedef struct {
  char      *state;              /* etatCourantDepotFlux as sent, e.g. IN_INTEGRE, IN_REJETE */
  char      *deposit_date;
  char      *state_date;
  char      *file_name;
  char      *interface_code;     /* codeInterfaceDepotFlux, e.g. FSO1113A */
  GPtrArray *errors;             /* strings, one per rejected invoice or technical error */
  GPtrArray *details;            /* ChorusFlowError, the same errors field by field */
} ChorusFlowReport;

void               chorus_flow_report_free   (ChorusFlowReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusFlowReport, chorus_flow_report_free)

/* Reference lists of the Transverses API. */
typedef enum {
  CHORUS_REFERENCE_VAT_RATES,      /* recuperer/tauxtva */
  CHORUS_REFERENCE_CURRENCIES,     /* recuperer/devises */
  CHORUS_REFERENCE_PAYMENT_MODES,  /* recuperer/modereglements */
  CHORUS_REFERENCE_CADRES,         /* recuperer/cadrefacturation */
  CHORUS_REFERENCE_BANK_DETAILS,   /* recuperer/coordbanc/valides (chorus_client_get_bank_details()):
                                    * code = idCoordonneeBancaire, label = its name */
  CHORUS_REFERENCE_REFUSAL_MOTIFS, /* recuperer/motifs/refus/Facture/AValider, for one cadre */
} ChorusReferenceKind;

typedef struct {
  char   *code;     /* codeTauxTva, codeDevise, modePaiement, codeCadreFacturation, codeMotif */
  char   *label;    /* libelle when the list has one */
  double  value;    /* valeurTauxTva (percent) */
} ChorusReferenceItem;

void               chorus_reference_item_free (ChorusReferenceItem *item);
ChorusReferenceItem *chorus_reference_item_copy (const ChorusReferenceItem *item);
/* A deep copy of an array of them (NULL gives an empty array). */
GPtrArray         *chorus_reference_items_copy (GPtrArray          *items);

typedef enum {
  CHORUS_DOWNLOAD_PDF,
  CHORUS_DOWNLOAD_PIVOT,
} ChorusDownloadFormat;

/* A validator's decisions (ChorusValidationAction, chorus-status.h). */
const char            *chorus_validation_action_to_api   (ChorusValidationAction action);
/* CHORUS_VALIDATION_LAST for a code that is not an action. */
ChorusValidationAction chorus_validation_action_from_api (const char            *api);
/* "Validate", "Refuse"…, translated. */
const char            *chorus_validation_action_label    (ChorusValidationAction action);
/* What the invoice becomes, as far as the app can tell before the platform answers, when the
 * action is taken at validation @level (1 or 2): VALIDEE_n for a validation, REFUSEE_n… */
ChorusStatus           chorus_validation_action_outcome  (ChorusValidationAction action,
                                                          int                    level);

G_END_DECLS
