/* chorus-client-works.h: the facturesTravaux operations of ChorusClient: their paths, bodies and results. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client.h"
#include "chorus-works-deposit.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

/* The operations, each with its path in one table (chorus-client-ops.c). */
typedef enum {
  CHORUS_WORKS_OP_SEARCH = 0,     /* rechercher: confirmed on PISTE */
  CHORUS_WORKS_OP_CONSULT,
  CHORUS_WORKS_OP_DOSSIER,        /* consulter/dossierfacturation */
  CHORUS_WORKS_OP_SUBMIT,         /* soumettre: a first piece, or the next one (idPiecePrecedente) */
  CHORUS_WORKS_OP_SUSPEND,        /* suspendre/demander/completer/factureTravaux */
  CHORUS_WORKS_OP_REFUSE,
  CHORUS_WORKS_OP_ASK_RECYCLE,    /* demander/recyclage */
  CHORUS_WORKS_OP_RECYCLE,
  CHORUS_WORKS_OP_COMPLETE,
  CHORUS_WORKS_OP_COMPLETE_MOE,   /* completermoe */
  CHORUS_WORKS_OP_DOWNLOAD,       /* the piece's PDF */
  CHORUS_WORKS_OP_LAST
} ChorusWorksOp;

/* The path after /cpro/ of @op, and whether a source confirmed it on PISTE. */
const char *chorus_client_works_path            (ChorusWorksOp    op);
gboolean    chorus_client_works_path_confirmed  (ChorusWorksOp    op);

/* The search criteria of facturesTravaux/v1/rechercher (reference §2.2, with COMM's). The
 * strings are borrowed. */
typedef struct {
  ChorusRole          role;               /* roleUtilisateur, required */
  gint64              structure_id;       /* idStructureFournisseur / idStructureMoe / idStructureMoa, per role */
  gint64              recipient_id;       /* idDestinataire */
  gint64              service_id;         /* idServiceExecutant: the recipient's service */
  ChorusWorksType     type;               /* listeTypeFactureTravaux (one) */
  ChorusCadre         cadre;              /* cadreFacturation */
  const ChorusStatus *statuses;           /* listeStatutCourant */
  guint               n_statuses;
  const char         *number;             /* numeroFactureTravaux: a piece's or its billing file's */
  const char         *market_number;      /* numeroMarche */
  const char         *engagement_number;  /* numeroBonCommande */
  const char         *deposit_from;       /* periodeDateDepotDu/Au, YYYY-MM-DD */
  const char         *deposit_to;
  const char         *invoice_date_from;  /* periodeDateFactureTravauxDu/Au */
  const char         *invoice_date_to;
  gint64              amount_ht_min;      /* montantHTMin/Max, cents; -1: none */
  gint64              amount_ht_max;
  gboolean            without_next;       /* uniquementSansPieceSuivante */
  int                 downloaded;         /* flagTelecharge: -1 any, 0 not yet, 1 downloaded */
  guint               page;               /* 1-based */
  guint               page_size;
} ChorusWorksQuery;

void        chorus_works_query_init             (ChorusWorksQuery *query);

/* What a facturesTravaux write answered. */
typedef struct {
  gint64  piece_id;      /* idFactureTravaux */
  gint64  previous_id;   /* idPiecePrecedente (demander/recyclage, an associated deposit) */
  char   *number;        /* numeroFactureTravaux */
  char   *dossier;       /* numeroDossierFacturation */
  char   *status_code;   /* statutFactureTravaux */
  char   *date;          /* dateDepot / dateTraitement */
  char   *certificate;   /* empreinteCertificatDepot */
} ChorusWorksResult;

/* Any facturesTravaux write answer, liberally: the suspension's {codeRetour, libelle} as well
 * as demander/recyclage's ids or soumettre's certificate. */
ChorusWorksResult *chorus_works_result_from_json (JsonObject *response,
                                                  GError    **error);
void        chorus_works_result_free            (ChorusWorksResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusWorksResult, chorus_works_result_free)

/* Request bodies, for the operations and for the tests that compare them with real requests. */
JsonObject *chorus_works_build_search           (const ChorusWorksQuery *query);
/* {idFactureTravaux} (consulter, dossier, demander/recyclage). */
JsonObject *chorus_works_build_piece            (gint64                  piece_id);
/* {idFactureTravaux, commentaire} (suspendre, refuser, recycler). */
JsonObject *chorus_works_build_comment          (gint64                  piece_id,
                                                 const char             *comment);
/* {idFactureTravaux, commentaire, pieceJointeComplementaire[]} (completer, completermoe):
 * @attachment_ids and @names (NULL-terminated) are the files uploaded with ajouter/fichier. */
JsonObject *chorus_works_build_complete         (gint64                  piece_id,
                                                 const char             *comment,
                                                 const gint64           *attachment_ids,
                                                 const char * const     *names,
                                                 guint                   n_attachments);

#define CHORUS_WORKS_OP_DECLARE(verb, Ret, ...)                                                          \
  void chorus_client_##verb##_async  (ChorusClient *self, __VA_ARGS__, GCancellable *cancellable,    \
                                      GAsyncReadyCallback callback, gpointer user_data);            \
  Ret  chorus_client_##verb##_finish (ChorusClient *self, GAsyncResult *result, GError **error);   \
  Ret  chorus_client_##verb##_sync   (ChorusClient *self, __VA_ARGS__, GCancellable *cancellable,    \
                                      GError **error);

/* A page of pieces; "no result" (20007) is an empty page. */
CHORUS_WORKS_OP_DECLARE (works_search, ChorusWorksPage *, const ChorusWorksQuery *query)
CHORUS_WORKS_OP_DECLARE (works_consult, ChorusWorksPiece *, gint64 piece_id)
/* Every piece of the billing file of @piece_id, as listed (chorus_works_order_dossier() orders them). */
CHORUS_WORKS_OP_DECLARE (works_dossier, ChorusWorksPage *, gint64 piece_id)
CHORUS_WORKS_OP_DECLARE (works_submit, ChorusWorksResult *, const ChorusWorksDeposit *deposit, gint64 attachment_id)
CHORUS_WORKS_OP_DECLARE (works_suspend, ChorusWorksResult *, gint64 piece_id, const char *comment)
CHORUS_WORKS_OP_DECLARE (works_refuse, ChorusWorksResult *, gint64 piece_id, const char *comment)
CHORUS_WORKS_OP_DECLARE (works_ask_recycle, ChorusWorksResult *, gint64 piece_id)
CHORUS_WORKS_OP_DECLARE (works_recycle, ChorusWorksResult *, gint64 piece_id, const char *comment)
CHORUS_WORKS_OP_DECLARE (works_complete, ChorusWorksResult *, gint64 piece_id, gboolean by_moe, const char *comment,
                         const gint64 *attachment_ids, const char * const *names, guint n_attachments)
/* The piece's PDF. */
CHORUS_WORKS_OP_DECLARE (works_download, GBytes *, gint64 piece_id)

#undef CHORUS_WORKS_OP_DECLARE

G_END_DECLS
