/* chorus-works-piece.c: copies of works pieces, and the next piece built from the previous one. */
#include "config.h"

#include "chorus-works-piece.h"

G_DEFINE_BOXED_TYPE (ChorusWorksPiece, chorus_works_piece, chorus_works_piece_copy, chorus_works_piece_free)

#define PIECE_STRINGS(X) \
  X (number) X (status_code) X (deposit_date) X (invoice_date) X (status_date) X (status_comment) \
  X (currency) X (supplier_code) X (supplier_name) X (moe_code) X (moe_name) X (moa_code) X (moa_name) \
  X (market_number) X (engagement_number) X (folder_number) X (deposit_mode)

ChorusWorksPiece *
chorus_works_piece_copy (const ChorusWorksPiece *piece)
{
  ChorusWorksPiece *copy;

  g_return_val_if_fail (piece != NULL, NULL);

  copy = g_memdup2 (piece, sizeof *piece);
#define COPY(name) copy->name = g_strdup (piece->name);
  PIECE_STRINGS (COPY)
#undef COPY
  return copy;
}

ChorusInvoice *
chorus_works_piece_to_invoice (const ChorusWorksPiece *piece)
{
  ChorusInvoice *invoice;

  g_return_val_if_fail (piece != NULL, NULL);

  invoice = chorus_invoice_new ();
  chorus_invoice_set_id (invoice, piece->id);
  chorus_invoice_set_request_type (invoice, "FACTURE_TRAVAUX");
  chorus_invoice_set_number (invoice, piece->number);
  chorus_invoice_set_cadre (invoice, piece->cadre);
  chorus_invoice_set_invoice_date (invoice, piece->invoice_date);
  chorus_invoice_set_deposit_date (invoice, piece->deposit_date);
  chorus_invoice_set_currency (invoice, piece->currency);
  chorus_invoice_set_supplier_id (invoice, piece->supplier_id);
  chorus_invoice_set_supplier_code (invoice, piece->supplier_code);
  chorus_invoice_set_supplier_name (invoice, piece->supplier_name);
  chorus_invoice_set_recipient_id (invoice, piece->moa_id);
  chorus_invoice_set_recipient_code (invoice, piece->moa_code);
  chorus_invoice_set_recipient_name (invoice, piece->moa_name);
  chorus_invoice_set_market_number (invoice, piece->market_number);
  chorus_invoice_set_engagement_number (invoice, piece->engagement_number);
  chorus_invoice_set_amount_ht (invoice, piece->amount_ht);
  chorus_invoice_set_amount_vat (invoice, piece->amount_vat);
  chorus_invoice_set_amount_ttc (invoice, piece->amount_ttc);
  chorus_invoice_set_amount_to_pay (invoice, piece->amount_to_pay);
  chorus_invoice_set_status_comment (invoice, piece->status_comment);
  return invoice;
}

void
chorus_works_submission_init (ChorusWorksSubmission  *submission,
                              const ChorusWorksPiece *previous,
                              ChorusInvoice          *deposit,
                              gint64                  moe_id,
                              gint64                  attachment_id)
{
  g_return_if_fail (submission != NULL);
  g_return_if_fail (CHORUS_IS_INVOICE (deposit));

  *submission = (ChorusWorksSubmission) {
    .cadre = chorus_invoice_get_cadre (deposit),
    .previous_id = previous ? previous->id : 0,
    .number = chorus_invoice_get_number (deposit),
    .invoice_date = chorus_invoice_get_invoice_date (deposit),
    .market_number = chorus_invoice_get_market_number (deposit),
    .engagement_number = chorus_invoice_get_engagement_number (deposit),
    .supplier_id = previous ? 0 : chorus_invoice_get_supplier_id (deposit),
    .moe_id = previous ? 0 : moe_id,
    .moa_id = previous ? 0 : chorus_invoice_get_recipient_id (deposit),
    .amount_ht = chorus_invoice_get_amount_ht (deposit),
    .amount_vat = chorus_invoice_get_amount_vat (deposit),
    .amount_ttc = chorus_invoice_get_amount_ttc (deposit),
    .amount_to_pay = chorus_invoice_get_amount_to_pay (deposit),
    .main_attachment_id = attachment_id,
  };
}
