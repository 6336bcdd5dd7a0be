/* chorus-works-piece.h: a piece of a works billing file (facture de travaux) and the facturesTravaux bodies. */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-invoice.h"
#include "chorus-works.h"

G_BEGIN_DECLS

typedef struct {
  gint64             id;             /* idFactureTravaux */
  char              *number;         /* numeroFactureTravaux */
  ChorusCadre        cadre;
  ChorusWorksStatus  status;
  char              *status_code;    /* statut as sent, for statuses the app does not know */
  char              *status_date;    /* dateHeureEtatCourant */
  char              *status_comment; /* commentaireEtatCourant: motif of a suspension or refusal */
  char              *deposit_date;
  char              *invoice_date;
  gint64             amount_ht;      /* cents */
  gint64             amount_vat;
  gint64             amount_ttc;
  gint64             amount_to_pay;
  char              *currency;
  gint64             supplier_id;
  char              *supplier_code;
  char              *supplier_name;
  gint64             moe_id;
  char              *moe_code;
  char              *moe_name;
  gint64             moa_id;
  char              *moa_code;
  char              *moa_name;
  char              *market_number;
  char              *engagement_number;
  char              *dossier;        /* numeroDossierFacturation */
  gint64             previous_id;    /* idPiecePrecedente, 0 for the first piece */
  gint64             next_id;        /* idPieceSuivante, 0 while none */
} ChorusWorksPiece;

#define CHORUS_TYPE_WORKS_PIECE (chorus_works_piece_get_type ())
GType             chorus_works_piece_get_type  (void) G_GNUC_CONST;
ChorusWorksPiece *chorus_works_piece_copy      (const ChorusWorksPiece *piece);
void              chorus_works_piece_free      (ChorusWorksPiece       *piece);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusWorksPiece, chorus_works_piece_free)

/* One item of listeFacturesTravaux / listePieces. Strict types; unknown fields ignored. */
ChorusWorksPiece *chorus_works_piece_from_json (JsonObject             *item,
                                                GError                **error);
/* The pieces of @response's array @member (e.g. "listePieces"), in order.
 * Returns: (transfer full) (element-type ChorusWorksPiece) */
GPtrArray        *chorus_works_pieces_from_json (JsonObject            *response,
                                                 const char            *member,
                                                 GError               **error);
/* The receiver of the piece (MOE, MOA or supplier) as a recipient, with the contract's
 * references: what the next piece of the dossier starts from. */
ChorusInvoice    *chorus_works_piece_to_invoice (const ChorusWorksPiece *piece);

/* Request bodies of facturesTravaux/v1/…: rechercher, traiter, completer, soumettre. */
JsonObject       *chorus_works_build_search    (ChorusRole              role,
                                                guint                   page,
                                                guint                   page_size);
JsonObject       *chorus_works_build_process   (gint64                  piece_id,
                                                ChorusWorksAction       action,
                                                ChorusWorksRefusal      refusal,
                                                const char             *motif);
JsonObject       *chorus_works_build_complete  (gint64                  piece_id,
                                                const char             *comment);
/* The next piece after @previous; or a first piece when @previous is NULL, whose parties are
 * @deposit's supplier_id, @moe_id and @deposit's recipient_id (the MOA). */
JsonObject       *chorus_works_build_submit    (const ChorusWorksPiece *previous,
                                                ChorusInvoice          *deposit,
                                                gint64                  moe_id,
                                                gint64                  attachment_id);

G_END_DECLS
