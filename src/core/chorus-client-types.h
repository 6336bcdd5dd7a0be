/* chorus-client-types.h: the queries and results of the Chorus Pro client's typed operations. */
#pragma once

#include <glib-object.h>

#include "chorus-invoice.h"
#include "chorus-types.h"
#include "chorus-works.h"

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
  ChorusRole    role;               /* works search: roleUtilisateur; 0 = FOURNISSEUR */
  guint         page;               /* 1-based; 0 = 1 */
  guint         page_size;          /* 0 = 100 */
  const char   *sort_column;        /* PascalCase API column, e.g. "DateDepot" */
  gboolean      sort_descending;
} ChorusInvoiceQuery;

/* Sets the "no bound" amounts; the rest is zero. */
void chorus_invoice_query_init (ChorusInvoiceQuery *query);

/* One page of invoices; `invoices` holds ChorusInvoice objects. */
typedef struct {
  GPtrArray *invoices;
  guint      page;
  guint      pages;
  guint      total;
  guint      page_size;
} ChorusInvoicePage;

ChorusInvoicePage *chorus_invoice_page_new   (void);
void               chorus_invoice_page_free  (ChorusInvoicePage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusInvoicePage, chorus_invoice_page_free)

/* One page of anything else (structures, services, reference items). */
typedef struct {
  GPtrArray *items;
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
  char         *flow_number;      /* deposer/flux: numeroFluxDepot */
  char         *libelle;
} ChorusActionResult;

void               chorus_action_result_free (ChorusActionResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusActionResult, chorus_action_result_free)

/* consulterCRDetaille: the processing report of a deposited flow. */
typedef struct {
  char      *state;              /* etatCourantDepotFlux, e.g. IN_INTEGRE, IN_REJETE */
  char      *deposit_date;
  char      *state_date;
  char      *file_name;
  GPtrArray *errors;             /* strings, one per rejected invoice or technical error */
} ChorusFlowReport;

void               chorus_flow_report_free   (ChorusFlowReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusFlowReport, chorus_flow_report_free)

/* Reference lists of the Transverses API. */
typedef enum {
  CHORUS_REFERENCE_VAT_RATES,      /* recuperer/tauxtva */
  CHORUS_REFERENCE_CURRENCIES,     /* recuperer/devises */
  CHORUS_REFERENCE_PAYMENT_MODES,  /* recuperer/modereglements */
  CHORUS_REFERENCE_CADRES,         /* recuperer/cadrefacturation */
} ChorusReferenceKind;

typedef struct {
  char   *code;     /* codeTauxTva, codeDevise, modePaiement, codeCadreFacturation */
  char   *label;    /* libelle when the list has one */
  double  value;    /* valeurTauxTva (percent) */
} ChorusReferenceItem;

void               chorus_reference_item_free (ChorusReferenceItem *item);

typedef enum {
  CHORUS_DOWNLOAD_PDF,
  CHORUS_DOWNLOAD_PIVOT,
} ChorusDownloadFormat;

/* Actions of a validator on an invoice (traiter/factureAValider). */
typedef enum {
  CHORUS_VALIDATION_VALIDATE,
  CHORUS_VALIDATION_REFUSE,
  CHORUS_VALIDATION_PAYMENT,
  CHORUS_VALIDATION_RECYCLE,
  CHORUS_VALIDATION_SUSPEND,
  CHORUS_VALIDATION_REJECT,
} ChorusValidationAction;

const char *chorus_validation_action_to_api (ChorusValidationAction action);

/* A piece of a works billing folder (facture de travaux, cadres A4 … A25). */
typedef struct {
  gint64             id;                  /* idFactureTravaux */
  char              *number;              /* numeroFactureTravaux */
  ChorusCadre        cadre;
  ChorusWorksStatus  status;
  char              *status_code;         /* statut as sent */
  char              *deposit_date;
  char              *invoice_date;        /* dateFactureTravaux */
  char              *status_date;
  char              *status_comment;
  gint64             amount_ht;           /* cents */
  gint64             amount_vat;
  gint64             amount_ttc;
  gint64             amount_to_pay;
  char              *currency;
  gint64             supplier_id;
  char              *supplier_code;
  char              *supplier_name;
  gint64             moe_id;              /* maîtrise d'œuvre */
  char              *moe_code;
  char              *moe_name;
  gint64             moa_id;              /* maîtrise d'ouvrage */
  char              *moa_code;
  char              *moa_name;
  char              *market_number;
  char              *engagement_number;
  char              *folder_number;       /* numeroDossierFacturation */
  gint64             previous_id;         /* idPiecePrecedente, 0 for the first piece */
  gint64             next_id;             /* idPieceSuivante, 0 while there is none */
  char              *deposit_mode;
  gboolean           downloaded;
} ChorusWorksPiece;

void chorus_works_piece_free (ChorusWorksPiece *piece);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusWorksPiece, chorus_works_piece_free)

/* What facturesTravaux/v1/soumettre needs. Strings are borrowed. With previous_id set, the
 * parties, market and engagement come from the previous piece ("associate the next piece"). */
typedef struct {
  ChorusCadre  cadre;
  gint64       previous_id;
  const char  *number;               /* ≤ 20 characters */
  const char  *invoice_date;         /* YYYY-MM-DD */
  const char  *market_number;
  const char  *engagement_number;
  gint64       supplier_id;          /* initial piece only */
  gint64       moe_id;
  gint64       moa_id;
  gint64       amount_ht;            /* cents */
  gint64       amount_vat;
  gint64       amount_ttc;
  gint64       amount_to_pay;
  gint64       main_attachment_id;   /* from chorus_client_add_file / deposit_pdf */
} ChorusWorksSubmission;

/* Decisions on a works piece made available to us (facturesTravaux/v1/traiter): the
 * ChorusWorksAction of chorus-works (TAKE_INTO_ACCOUNT, SUSPEND, REFUSE); NULL for the others. */
const char *chorus_works_action_to_api (ChorusWorksAction action);

G_END_DECLS
