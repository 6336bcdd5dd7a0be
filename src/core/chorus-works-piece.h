/* chorus-works-piece.h: what the app does with a works piece (ChorusWorksPiece, from the client):
 * copies, the invoice it starts the next piece from, and the submission of that next piece. */
#pragma once

#include "chorus-client-types.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_PIECE (chorus_works_piece_get_type ())
GType             chorus_works_piece_get_type   (void) G_GNUC_CONST;
ChorusWorksPiece *chorus_works_piece_copy       (const ChorusWorksPiece *piece);

/* The contract's parties and references as an invoice: what the next piece of the dossier
 * starts from (the MOA, which pays, is the recipient). */
ChorusInvoice    *chorus_works_piece_to_invoice (const ChorusWorksPiece *piece);
/* facturesTravaux/v1/soumettre for @deposit: after @previous, or a first piece (then the
 * parties are @deposit's supplier_id and recipient_id as MOA, and @moe_id). Strings are
 * borrowed from @deposit. */
void              chorus_works_submission_init  (ChorusWorksSubmission  *submission,
                                                 const ChorusWorksPiece *previous,
                                                 ChorusInvoice          *deposit,
                                                 gint64                  moe_id,
                                                 gint64                  attachment_id);

G_END_DECLS
