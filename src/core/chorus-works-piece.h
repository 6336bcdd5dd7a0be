/* chorus-works-piece.h: a piece of a works billing file (facture de travaux), read from any facturesTravaux answer. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-status.h"
#include "chorus-works.h"

G_BEGIN_DECLS

/* One party of a piece: a structure and, when given, its service. */
typedef struct {
  gint64  id;            /* idStructureCPP (idFournisseur, idDestinataire, idMoe, idMoa) */
  char   *identifier;    /* identifiantFournisseur … : a SIRET */
  char   *name;          /* designation… / raisonSociale… */
  char   *service_code;  /* codeService… */
} ChorusWorksParty;

typedef struct {
  gint64            id;                 /* idFactureTravaux */
  char             *number;             /* numeroFactureTravaux */
  char             *dossier;            /* numeroDossierFacturation: the first piece's number */
  ChorusWorksType   type;
  char             *type_code;          /* typeFactureTravaux as sent, for types the app does not know */
  ChorusCadre       cadre;              /* as sent, else derived from the type and status */
  gboolean          cadre_certain;      /* FALSE when the type alone left a choice (see chorus_works_guess_cadre) */
  ChorusStatus      status;
  char             *status_code;        /* statutFactureTravaux as sent */
  char             *status_date;        /* dateHeureEtatCourant */
  char             *status_comment;     /* commentaireEtatCourant: the motif of a suspension or refusal */
  char             *deposit_date;
  char             *invoice_date;       /* dateFactureTravaux */
  char             *deposit_mode;       /* modeDepot */
  gint64            amount_ht;          /* cents */
  gint64            amount_vat;
  gint64            amount_ttc;
  gint64            amount_to_pay;
  char             *currency;
  ChorusWorksParty  supplier;
  ChorusWorksParty  recipient;          /* destinataire: the public structure that pays */
  ChorusWorksParty  moe;
  ChorusWorksParty  moa;
  char             *market_number;      /* numeroMarche */
  char             *engagement_number;  /* numeroBonCommande (numeroEngagement in older answers) */
  gint64            previous_id;        /* idPiecePrecedente, 0 for the first piece */
  char             *previous_number;
  ChorusCadre       previous_cadre;
  gint64            next_id;            /* idPieceSuivante, 0 while none */
  char             *next_number;
  gint64            main_attachment_id; /* the piece's PDF */
  gboolean          downloaded;         /* factureTelechargeeParDestinataire */
  GPtrArray        *attachments;        /* char *: designations of the complementary files (consulter) */
} ChorusWorksPiece;

#define CHORUS_TYPE_WORKS_PIECE (chorus_works_piece_get_type ())
GType             chorus_works_piece_get_type   (void) G_GNUC_CONST;
ChorusWorksPiece *chorus_works_piece_new        (void);
ChorusWorksPiece *chorus_works_piece_copy       (const ChorusWorksPiece *piece);
void              chorus_works_piece_free       (ChorusWorksPiece       *piece);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusWorksPiece, chorus_works_piece_free)

/* The status label of the piece as the portal words it: the known code's label, or the raw
 * code made readable. */
const char       *chorus_works_piece_status_label (const ChorusWorksPiece *piece);
/* Who must act on the piece now (see chorus_works_holder()). */
ChorusRole        chorus_works_piece_holder     (const ChorusWorksPiece *piece);


/* A page of pieces. Items that cannot be read are kept as their raw JSON, so one odd piece
 * never hides the others. */
typedef struct {
  GPtrArray *pieces;       /* ChorusWorksPiece */
  GPtrArray *unreadable;   /* char *: the raw JSON of each item that could not be read */
  guint      page;
  guint      pages;        /* 0 when not given */
  guint      total;        /* 0 when not given */
} ChorusWorksPage;

void              chorus_works_page_free        (ChorusWorksPage        *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusWorksPage, chorus_works_page_free)

/* The list of @response: listeFacturesTravaux (rechercher), listeFactureTravaux (dossier),
 * or listeFactures (a wrapper seen in client fixtures); paging from parametresRetour or the
 * top level. NULL with an error only when the envelope itself is unusable. */
ChorusWorksPage  *chorus_works_page_from_json   (JsonObject             *response,
                                                 GError                **error);
/* consulter: the piece, from factureTravaux (or the answer itself). */
ChorusWorksPiece *chorus_works_piece_from_consult (JsonObject           *response,
                                                   GError              **error);

/* The dossier's pieces from the first to the last along the previous/next links; pieces not
 * linked come last. Fills the previous cadre of each piece from its neighbour and settles a
 * cadre left uncertain by its type when the chain tells it. (transfer full) */
GPtrArray        *chorus_works_order_dossier    (GPtrArray              *pieces);

/* The date (YYYY-MM-DD) the 30-day payment clock started for the dossier of @pieces, as
 * ordered by chorus_works_order_dossier(): the deposit of the first payment request made
 * available to the MOE, else the first piece's. NULL when no date is known. */
char             *chorus_works_clock_start      (GPtrArray              *pieces);
/* Days elapsed since @start (YYYY-MM-DD) on @today (NULL: today, local time); -1 when
 * @start is not a date. */
int               chorus_works_clock_days       (const char             *start,
                                                 const char             *today);

G_END_DECLS
