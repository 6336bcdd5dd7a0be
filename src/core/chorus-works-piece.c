/* chorus-works-piece.c: decoding works pieces and building the facturesTravaux request bodies. */
#include "config.h"

#include "chorus-client-error.h"
#include "chorus-json.h"
#include "chorus-works-piece.h"

G_DEFINE_BOXED_TYPE (ChorusWorksPiece, chorus_works_piece, chorus_works_piece_copy, chorus_works_piece_free)

#define PIECE_STRINGS(X) \
  X (number) X (status_code) X (status_date) X (status_comment) X (deposit_date) X (invoice_date) \
  X (currency) X (supplier_code) X (supplier_name) X (moe_code) X (moe_name) X (moa_code) X (moa_name) \
  X (market_number) X (engagement_number) X (dossier)

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

void
chorus_works_piece_free (ChorusWorksPiece *piece)
{
  if (piece == NULL)
    return;
#define FREE(name) g_free (piece->name);
  PIECE_STRINGS (FREE)
#undef FREE
  g_free (piece);
}

ChorusWorksPiece *
chorus_works_piece_from_json (JsonObject  *item,
                              GError     **error)
{
  g_autoptr(ChorusWorksPiece) piece = g_new0 (ChorusWorksPiece, 1);
  g_autofree char *cadre = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  if (!chorus_json_get_int (item, "idFactureTravaux", &piece->id, error) ||
      !chorus_json_get_string (item, "numeroFactureTravaux", &piece->number, error) ||
      !chorus_json_get_string (item, "cadreFacturation", &cadre, error) ||
      !chorus_json_get_string (item, "statut", &piece->status_code, error) ||
      !chorus_json_get_datetime (item, "dateHeureEtatCourant", &piece->status_date, error) ||
      !chorus_json_get_string (item, "commentaireEtatCourant", &piece->status_comment, error) ||
      !chorus_json_get_date (item, "dateDepot", &piece->deposit_date, error) ||
      !chorus_json_get_date (item, "dateFactureTravaux", &piece->invoice_date, error) ||
      !chorus_json_get_amount (item, "montantHT", &piece->amount_ht, error) ||
      !chorus_json_get_amount (item, "montantTVA", &piece->amount_vat, error) ||
      !chorus_json_get_amount (item, "montantTTC", &piece->amount_ttc, error) ||
      !chorus_json_get_amount (item, "montantAPayer", &piece->amount_to_pay, error) ||
      !chorus_json_get_string (item, "devise", &piece->currency, error) ||
      !chorus_json_get_int (item, "idFournisseur", &piece->supplier_id, error) ||
      !chorus_json_get_string (item, "codeFournisseur", &piece->supplier_code, error) ||
      !chorus_json_get_string (item, "designationFournisseur", &piece->supplier_name, error) ||
      !chorus_json_get_int (item, "idMOE", &piece->moe_id, error) ||
      !chorus_json_get_string (item, "codeMOE", &piece->moe_code, error) ||
      !chorus_json_get_string (item, "designationMOE", &piece->moe_name, error) ||
      !chorus_json_get_int (item, "idMOA", &piece->moa_id, error) ||
      !chorus_json_get_string (item, "codeMOA", &piece->moa_code, error) ||
      !chorus_json_get_string (item, "designationMOA", &piece->moa_name, error) ||
      !chorus_json_get_string (item, "numeroMarche", &piece->market_number, error) ||
      !chorus_json_get_string (item, "numeroEngagement", &piece->engagement_number, error) ||
      !chorus_json_get_string (item, "numeroDossierFacturation", &piece->dossier, error) ||
      !chorus_json_get_int (item, "idPiecePrecedente", &piece->previous_id, error) ||
      !chorus_json_get_int (item, "idPieceSuivante", &piece->next_id, error))
    return NULL;
  piece->cadre = chorus_cadre_from_api (cadre);
  piece->status = chorus_works_status_from_api (piece->status_code);
  return g_steal_pointer (&piece);
}

GPtrArray *
chorus_works_pieces_from_json (JsonObject  *response,
                               const char  *member,
                               GError     **error)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);
  JsonArray *array = NULL;

  g_return_val_if_fail (response != NULL && member != NULL, NULL);

  if (!chorus_json_get_array (response, member, &array, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = chorus_json_array_get_object (array, i, member, error);
      ChorusWorksPiece *piece;

      if (item == NULL || (piece = chorus_works_piece_from_json (item, error)) == NULL)
        return NULL;
      g_ptr_array_add (pieces, piece);
    }
  return g_steal_pointer (&pieces);
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
  /* The public entity paying the works is the maîtrise d'ouvrage. */
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

static void
set_paging (JsonObject *body, const char *key, guint page, guint page_size)
{
  JsonObject *paging = json_object_new ();

  json_object_set_int_member (paging, "pageResultatDemandee", page > 0 ? page : 1);
  json_object_set_int_member (paging, "nbResultatsParPage", page_size > 0 ? page_size : 100);
  json_object_set_string_member (paging, "triColonne", "DateDepot");
  json_object_set_string_member (paging, "triSens", "Descendant");
  json_object_set_object_member (body, key, paging);
}

JsonObject *
chorus_works_build_search (ChorusRole role,
                           guint      page,
                           guint      page_size)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "roleUtilisateur",
                                 chorus_role_to_api (role != CHORUS_ROLE_UNKNOWN ? role : CHORUS_ROLE_FOURNISSEUR));
  set_paging (body, "rechercheFactureTravaux", page, page_size);
  return body;
}

JsonObject *
chorus_works_build_process (gint64              piece_id,
                            ChorusWorksAction   action,
                            ChorusWorksRefusal  refusal,
                            const char         *motif)
{
  JsonObject *body = json_object_new ();

  g_return_val_if_fail (action == CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT || action == CHORUS_WORKS_ACTION_SUSPEND ||
                        action == CHORUS_WORKS_ACTION_REFUSE, body);

  json_object_set_int_member (body, "idFactureTravaux", piece_id);
  json_object_set_string_member (body, "action", action == CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT ? "PRISE_EN_COMPTE"
                                                 : action == CHORUS_WORKS_ACTION_SUSPEND ? "SUSPENSION" : "REFUS");
  if (action == CHORUS_WORKS_ACTION_REFUSE)
    json_object_set_string_member (body, "typeRefus", refusal == CHORUS_WORKS_REFUSAL_ROUTING_ERROR
                                                      ? "ERREUR_ACHEMINEMENT" : "AUTRE_MOTIF");
  if (motif != NULL)
    json_object_set_string_member (body, "motif", motif);
  return body;
}

JsonObject *
chorus_works_build_complete (gint64      piece_id,
                             const char *comment)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "idFactureTravaux", piece_id);
  if (comment != NULL)
    json_object_set_string_member (body, "commentaire", comment);
  return body;
}

static void
set_string_if (JsonObject *body, const char *key, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (body, key, value);
}

JsonObject *
chorus_works_build_submit (const ChorusWorksPiece *previous,
                           ChorusInvoice          *deposit,
                           gint64                  moe_id,
                           gint64                  attachment_id)
{
  JsonObject *body = json_object_new ();
  JsonArray *main_pj = json_array_new ();
  JsonObject *pj = json_object_new ();

  g_return_val_if_fail (CHORUS_IS_INVOICE (deposit), body);

  json_object_set_string_member (body, "cadreFacturation", chorus_cadre_to_api (chorus_invoice_get_cadre (deposit)));
  if (previous != NULL)
    json_object_set_int_member (body, "idPiecePrecedente", previous->id);
  else
    {
      json_object_set_int_member (body, "idStructureFournisseur", chorus_invoice_get_supplier_id (deposit));
      if (moe_id > 0)
        json_object_set_int_member (body, "idStructureMoe", moe_id);
      json_object_set_int_member (body, "idStructureMoa", chorus_invoice_get_recipient_id (deposit));
    }
  set_string_if (body, "numeroFactureTravaux", chorus_invoice_get_number (deposit));
  set_string_if (body, "dateFactureTravaux", chorus_invoice_get_invoice_date (deposit));
  set_string_if (body, "numeroMarche", chorus_invoice_get_market_number (deposit));
  set_string_if (body, "numeroEngagement", chorus_invoice_get_engagement_number (deposit));
  set_string_if (body, "devise", chorus_invoice_get_currency (deposit));
  set_string_if (body, "typeTva", chorus_vat_type_to_api (chorus_invoice_get_vat_type (deposit)));
  json_object_set_double_member (body, "montantHT", chorus_amount_to_double (chorus_invoice_get_amount_ht (deposit)));
  json_object_set_double_member (body, "montantTVA", chorus_amount_to_double (chorus_invoice_get_amount_vat (deposit)));
  json_object_set_double_member (body, "montantTTC", chorus_amount_to_double (chorus_invoice_get_amount_ttc (deposit)));
  json_object_set_double_member (body, "montantAPayer", chorus_amount_to_double (chorus_invoice_get_amount_to_pay (deposit)));
  json_object_set_string_member (pj, "pieceJointePrincipaleDesignation", "Facture");
  json_object_set_int_member (pj, "pieceJointePrincipaleId", attachment_id);
  json_array_add_object_element (main_pj, pj);
  json_object_set_array_member (body, "pieceJointePrincipale", main_pj);
  return body;
}
