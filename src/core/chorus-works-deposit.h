/* chorus-works-deposit.h: a works piece to deposit (first piece or next one), its checks, its body and its certificate. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-deposit-rules.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

typedef struct {
  ChorusRole     role;               /* who deposits: FOURNISSEUR, MOE or MOA */
  ChorusCadre    cadre;
  gint64         previous_id;        /* association: the piece this one follows; 0 for a first piece */
  char          *previous_number;
  ChorusCadre    previous_cadre;
  char          *dossier;            /* the billing file's number, when known */
  char          *number;             /* numeroFactureSaisi */
  char          *invoice_date;       /* YYYY-MM-DD */
  char          *currency;
  ChorusVatType  vat_type;
  gint64         amount_ht;          /* cents */
  gint64         amount_vat;
  gint64         amount_ttc;
  gint64         amount_to_pay;
  char          *market_number;
  char          *engagement_number;  /* numeroBonCommande */
  gint64         supplier_id;        /* fournisseur.idFournisseur */
  char          *supplier_name;
  char          *recipient_code;     /* destinataire.codeDestinataire: SIRET of the structure that pays */
  char          *recipient_name;
  char          *service_code;       /* destinataire.codeServiceExecutant */
  gint64         moe_id;             /* cadreDeFacturation.idMoe */
  char          *moe_name;
  gint64         moa_id;             /* cadreDeFacturation.idMoa */
  char          *moa_name;
  char          *comment;
  char          *pdf_path;           /* the piece's PDF */
} ChorusWorksDeposit;

#define CHORUS_TYPE_WORKS_DEPOSIT (chorus_works_deposit_get_type ())
GType               chorus_works_deposit_get_type     (void) G_GNUC_CONST;
ChorusWorksDeposit *chorus_works_deposit_new          (void);
ChorusWorksDeposit *chorus_works_deposit_copy         (const ChorusWorksDeposit *deposit);
void                chorus_works_deposit_free         (ChorusWorksDeposit       *deposit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusWorksDeposit, chorus_works_deposit_free)

/* The next piece after @previous by @role: the parties, the contract and engagement numbers,
 * the currency and the amounts carried over, as the portal does ("certaines données ont été
 * reprises de la pièce précédente"); the first cadre @role may associate. */
ChorusWorksDeposit *chorus_works_deposit_new_next     (const ChorusWorksPiece   *previous,
                                                       ChorusRole                role);

/* The outbox payload. */
JsonNode           *chorus_works_deposit_to_json      (const ChorusWorksDeposit *deposit);
ChorusWorksDeposit *chorus_works_deposit_from_json    (JsonNode                 *node,
                                                       GError                  **error);

/* Everything to correct before sending, in form order, as ChorusDepositProblem (the parties
 * are CHORUS_DEPOSIT_FIELD_RECIPIENT, the PDF CHORUS_DEPOSIT_FIELD_ATTACHMENT); empty when
 * it may be sent. @today: YYYY-MM-DD, NULL for today. (transfer full) */
GPtrArray          *chorus_works_deposit_check        (const ChorusWorksDeposit *deposit,
                                                       const char               *today);

/* The facturesTravaux/v1/soumettre body, the PDF uploaded as @attachment_id. */
JsonObject         *chorus_works_build_submit         (const ChorusWorksDeposit *deposit,
                                                       gint64                    attachment_id);

/* The deposit certificate as the portal's récapitulatif ("Certificat de dépôt n°…"), one A4
 * page of PDF. @certificate is empreinteCertificatDepot; @deposit_date YYYY-MM-DD. */
GBytes             *chorus_works_certificate_pdf      (const ChorusWorksDeposit *deposit,
                                                       const char               *piece_number,
                                                       const char               *deposit_date,
                                                       const char               *certificate,
                                                       GError                  **error);

G_END_DECLS
