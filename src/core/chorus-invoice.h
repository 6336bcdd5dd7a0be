/* chorus-invoice.h: an invoice as the app knows it: list fields, detail, and local fields. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chorus-status.h"
#include "chorus-types.h"

G_BEGIN_DECLS

/* Which side of the invoice we are on. */
typedef enum {
  CHORUS_DIRECTION_RECEIVED = 0,   /* we are the recipient (rechercher/recipiendaire) */
  CHORUS_DIRECTION_ISSUED   = 1,   /* we are the supplier (rechercher/fournisseur) */
  CHORUS_DIRECTION_TO_VALIDATE = 2, /* we are its validator (rechercher/valideur) */
} ChorusDirection;

/* A stable name for saved filters and sync state ("received", "issued", "to-validate"), and
 * back; anything else reads as RECEIVED. */
const char        *chorus_direction_to_string       (ChorusDirection    direction);
ChorusDirection    chorus_direction_from_string     (const char        *name);
ChorusDirection    chorus_direction_from_int        (int                value);

/* String fields: (getter/setter suffix). Every one is nullable. */
#define CHORUS_INVOICE_STRING_FIELDS(X)                                              \
  X (number)                 /* numeroFacture */                                    \
  X (request_type)           /* typeDemandePaiement: FACTURE, FACTURE_TRAVAUX */    \
  X (invoice_date)           /* dateFacture, YYYY-MM-DD */                          \
  X (deposit_date)           /* dateDepot, YYYY-MM-DD */                            \
  X (status_date)            /* dateHeureEtatCourant, as sent */                    \
  X (status_comment)         /* commentaireEtatCourant: motif of the last status */ \
  X (currency)               /* devise, e.g. EUR */                                 \
  X (recipient_code)         /* codeDestinataire: SIRET of the recipient */         \
  X (recipient_name)         /* designationDestinataire */                          \
  X (service_code)           /* codeServiceExecutant */                             \
  X (service_name)           /* nomServiceExecutant */                              \
  X (supplier_code)          /* codeFournisseur: SIRET or other identifier */       \
  X (supplier_name)          /* designationFournisseur */                           \
  X (supplier_service_code)  /* codeServiceFournisseur */                           \
  X (engagement_number)      /* numeroBonCommande (engagement juridique) */         \
  X (market_number)          /* numeroMarche */                                     \
  X (deposit_mode)           /* modeDepot */                                        \
  X (flow_number)            /* numeroFluxDepot */                                  \
  X (original_number)        /* numeroFactureOrigine, for credit notes */           \
  X (payment_mode)           /* references.modePaiement */                          \
  X (due_date)               /* references.dateEcheancePaiement */                  \
  X (mandate_number)         /* numeroDpMandat */                                   \
  X (validator_name)         /* designationValideur: who it waits for (validators) */ \
  X (gestionnaire)           /* local: who handles it */                            \
  X (internal_reference)     /* local: e.g. a dossier number */                     \
  X (notes)                  /* local: free notes */

/* String fields a deposit carries that the cache does not keep (same accessors). */
#define CHORUS_INVOICE_DEPOSIT_STRING_FIELDS(X)                                      \
  X (validator_code)         /* cadreDeFacturation.codeStructureValideur: SIRET of  \
                                the main contractor who validates an A9/A12 first */

/* 64-bit integer fields; amounts are in cents. */
#define CHORUS_INVOICE_INT_FIELDS(X)                                                 \
  X (id)                     /* idFacture / identifiantFactureCPP */                \
  X (recipient_id)           /* idDestinataire (idStructureCPP) */                  \
  X (service_id)             /* idServiceExecutant */                               \
  X (supplier_id)            /* idFournisseur */                                    \
  X (supplier_service_id)    /* idServiceFournisseur */                             \
  X (bank_details_id)        /* codeCoordonneesBancairesFournisseur (deposit) */    \
  X (amount_ht)              /* montantHT */                                        \
  X (amount_vat)             /* montantTVA (detail) or TTC - HT */                  \
  X (amount_ttc)             /* montantTTC */                                       \
  X (amount_to_pay)          /* montantAPayer */                                    \
  X (main_attachment_id)     /* pieceJointePrincipale id */                         \
  X (validator_id)           /* idValideur: the structure it waits for (validators) */

typedef struct _ChorusInvoiceLine {
  int     number;
  char   *reference;
  char   *label;
  double  quantity;
  char   *unit;
  gint64  unit_price_ht;     /* cents; the API allows 6 decimals, we keep 2 for display */
  gint64  discount_ht;
  char   *vat_rate_code;     /* e.g. TVA1 */
  double  vat_rate;          /* percent */
  gint64  total_ht;
} ChorusInvoiceLine;

typedef struct _ChorusVatLine {
  char   *rate_code;
  double  rate;              /* percent */
  gint64  base_ht;
  gint64  vat_amount;
} ChorusVatLine;

typedef struct _ChorusStatusEvent {
  ChorusStatus  status;      /* UNKNOWN for a code the app does not know: see code */
  const char   *code;        /* histoStatutCode as sent, interned */
  char         *date;        /* histoStatutDatePassage, as sent */
  char         *comment;
  char         *user;
} ChorusStatusEvent;

/* historiquesDesActionsUtilisateurs.histoAction: what a user did besides changing the status
 * (downloaded the invoice, acknowledged a rejection…). */
typedef struct _ChorusUserAction {
  char         *code;        /* histoActionCode as sent, e.g. TELECHARGEMENT_FACTURE */
  char         *date;        /* histoActionDateHeure, as sent */
  char         *user;
} ChorusUserAction;

typedef struct _ChorusAttachment {
  gint64  id;                /* pieceJointeId */
  char   *name;              /* designation */
  char   *extension;         /* e.g. PDF */
  char   *type_code;         /* pieceJointeTypeCode */
  gboolean is_main;
} ChorusAttachment;

#define CHORUS_TYPE_INVOICE_LINE   (chorus_invoice_line_get_type ())
#define CHORUS_TYPE_VAT_LINE       (chorus_vat_line_get_type ())
#define CHORUS_TYPE_STATUS_EVENT   (chorus_status_event_get_type ())
#define CHORUS_TYPE_ATTACHMENT     (chorus_attachment_get_type ())
#define CHORUS_TYPE_USER_ACTION    (chorus_user_action_get_type ())
GType              chorus_invoice_line_get_type (void) G_GNUC_CONST;
GType              chorus_vat_line_get_type     (void) G_GNUC_CONST;
GType              chorus_status_event_get_type (void) G_GNUC_CONST;
GType              chorus_attachment_get_type   (void) G_GNUC_CONST;
GType              chorus_user_action_get_type  (void) G_GNUC_CONST;
ChorusInvoiceLine *chorus_invoice_line_copy     (const ChorusInvoiceLine *line);
void               chorus_invoice_line_free     (ChorusInvoiceLine       *line);
ChorusVatLine     *chorus_vat_line_copy         (const ChorusVatLine     *line);
void               chorus_vat_line_free         (ChorusVatLine           *line);
ChorusStatusEvent *chorus_status_event_copy     (const ChorusStatusEvent *event);
void               chorus_status_event_free     (ChorusStatusEvent       *event);
ChorusAttachment  *chorus_attachment_copy       (const ChorusAttachment  *attachment);
void               chorus_attachment_free       (ChorusAttachment        *attachment);
ChorusUserAction  *chorus_user_action_copy      (const ChorusUserAction  *action);
void               chorus_user_action_free      (ChorusUserAction        *action);
/* "Facture téléchargée" for TELECHARGEMENT_FACTURE; an unknown code made readable. */
char              *chorus_user_action_label     (const char              *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusInvoiceLine, chorus_invoice_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusVatLine, chorus_vat_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusStatusEvent, chorus_status_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusAttachment, chorus_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusUserAction, chorus_user_action_free)

#define CHORUS_TYPE_INVOICE (chorus_invoice_get_type ())
G_DECLARE_FINAL_TYPE (ChorusInvoice, chorus_invoice, CHORUS, INVOICE, GObject)

ChorusInvoice     *chorus_invoice_new            (void);
ChorusInvoice     *chorus_invoice_copy           (ChorusInvoice     *self);

#define CHORUS_INVOICE_DECLARE_STRING(name)                                          \
  const char *chorus_invoice_get_##name (ChorusInvoice *self);                     \
  void        chorus_invoice_set_##name (ChorusInvoice *self, const char *value);
#define CHORUS_INVOICE_DECLARE_INT(name)                                             \
  gint64      chorus_invoice_get_##name (ChorusInvoice *self);                     \
  void        chorus_invoice_set_##name (ChorusInvoice *self, gint64 value);
CHORUS_INVOICE_STRING_FIELDS (CHORUS_INVOICE_DECLARE_STRING)
CHORUS_INVOICE_DEPOSIT_STRING_FIELDS (CHORUS_INVOICE_DECLARE_STRING)
CHORUS_INVOICE_INT_FIELDS (CHORUS_INVOICE_DECLARE_INT)

/* The local store's row key: one per direction and Chorus id, so an invoice the account both
 * issued and received is kept once on each side; 0 until stored. Lists, selections and the
 * outbox hold keys; Chorus Pro is always addressed by the id. */
gint64             chorus_invoice_get_key           (ChorusInvoice     *self);
void               chorus_invoice_set_key           (ChorusInvoice     *self,
                                                     gint64             key);
ChorusDirection    chorus_invoice_get_direction     (ChorusInvoice     *self);
void               chorus_invoice_set_direction     (ChorusInvoice     *self,
                                                     ChorusDirection    direction);
/* The status as an enum (UNKNOWN for a code the app does not know) and as the raw code sent by
 * Chorus Pro, which is what the cache keeps and what labels are made from. */
ChorusStatus       chorus_invoice_get_status        (ChorusInvoice     *self);
void               chorus_invoice_set_status        (ChorusInvoice     *self,
                                                     ChorusStatus       status);
const char        *chorus_invoice_get_status_code   (ChorusInvoice     *self);
void               chorus_invoice_set_status_code   (ChorusInvoice     *self,
                                                     const char        *code);
/* typeFacture, cadreFacturation, typeIdentifiantFournisseur and typeTva: the enum (UNKNOWN for
 * a code the app does not know) and the raw code as sent, which the cache keeps. */
ChorusInvoiceType  chorus_invoice_get_invoice_type  (ChorusInvoice     *self);
void               chorus_invoice_set_invoice_type  (ChorusInvoice     *self,
                                                     ChorusInvoiceType  type);
ChorusCadre        chorus_invoice_get_cadre         (ChorusInvoice     *self);
void               chorus_invoice_set_cadre         (ChorusInvoice     *self,
                                                     ChorusCadre        cadre);
ChorusIdType       chorus_invoice_get_supplier_id_type (ChorusInvoice  *self);
void               chorus_invoice_set_supplier_id_type (ChorusInvoice  *self,
                                                        ChorusIdType    type);
ChorusVatType      chorus_invoice_get_vat_type      (ChorusInvoice     *self);
void               chorus_invoice_set_vat_type      (ChorusInvoice     *self,
                                                     ChorusVatType      type);
const char        *chorus_invoice_get_invoice_type_code     (ChorusInvoice *self);
void               chorus_invoice_set_invoice_type_code     (ChorusInvoice *self,
                                                            const char    *code);
const char        *chorus_invoice_get_cadre_code            (ChorusInvoice *self);
void               chorus_invoice_set_cadre_code            (ChorusInvoice *self,
                                                            const char    *code);
const char        *chorus_invoice_get_supplier_id_type_code (ChorusInvoice *self);
void               chorus_invoice_set_supplier_id_type_code (ChorusInvoice *self,
                                                            const char    *code);
const char        *chorus_invoice_get_vat_type_code         (ChorusInvoice *self);
void               chorus_invoice_set_vat_type_code         (ChorusInvoice *self,
                                                            const char    *code);
gboolean           chorus_invoice_get_downloaded    (ChorusInvoice     *self);
void               chorus_invoice_set_downloaded    (ChorusInvoice     *self,
                                                     gboolean           downloaded);

/* Detail parts; NULL until the invoice was consulted. Arrays own their elements. */
GPtrArray         *chorus_invoice_get_lines         (ChorusInvoice     *self);
void               chorus_invoice_set_lines         (ChorusInvoice     *self,
                                                     GPtrArray         *lines);
GPtrArray         *chorus_invoice_get_vat_lines     (ChorusInvoice     *self);
void               chorus_invoice_set_vat_lines     (ChorusInvoice     *self,
                                                     GPtrArray         *vat_lines);
GPtrArray         *chorus_invoice_get_history       (ChorusInvoice     *self);
void               chorus_invoice_set_history       (ChorusInvoice     *self,
                                                     GPtrArray         *history);
/* ChorusUserAction, oldest first. */
GPtrArray         *chorus_invoice_get_user_actions  (ChorusInvoice     *self);
void               chorus_invoice_set_user_actions  (ChorusInvoice     *self,
                                                     GPtrArray         *actions);
GPtrArray         *chorus_invoice_get_attachments   (ChorusInvoice     *self);
void               chorus_invoice_set_attachments   (ChorusInvoice     *self,
                                                     GPtrArray         *attachments);

G_END_DECLS
