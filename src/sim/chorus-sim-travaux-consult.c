/* chorus-sim-travaux-consult.c: facturesTravaux/v1/consulter (a piece with its cadre, linked pieces
 * and files) and consulter/dossierfacturation (every piece of its billing file).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-travaux-private.h"

static JsonObject *
link_object (SimCtx *ctx, gint64 id, const char *suffix)
{
  g_autoptr(SimWorks) other = id ? sim_works_load (ctx->ds, id) : NULL;
  JsonObject *o = json_object_new ();
  g_autofree char *id_key = g_strconcat ("idPiece", suffix, NULL);
  g_autofree char *number_key = g_strconcat ("numeroPiece", suffix, NULL);
  g_autofree char *cadre_key = g_strconcat ("cadreFacturationPiece", suffix, NULL);

  if (other == NULL)
    return o;
  json_object_set_int_member (o, id_key, other->id);
  json_object_set_string_member (o, number_key, other->numero);
  json_object_set_string_member (o, cadre_key, other->cadre);
  return o;
}

/* The factureTravaux object: the search item plus, as factures/v1/consulter nests them
 * (GO's types), the cadre with its parties, the linked pieces and the attached files. */
JsonObject *
sim_travaux_consulter (SimCtx *ctx, JsonObject *req, int variant)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = sim_works_load_visible (ctx, req, &fail);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  JsonObject *answer, *piece, *cadre, *main_pj, *holder;
  JsonArray *pjs;
  sqlite3_stmt *stmt;

  if (w == NULL)
    return fail;
  piece = sim_works_item (ctx, w, SIM_WORKS_ITEM_FULL);
  cadre = json_object_new ();
  json_object_set_string_member (cadre, "codeCadreFacturation", w->cadre);
  sim_works_set_party (cadre, ctx->ds, w->moe_id, "idMoe", "identifiantMoe", "designationMoe", "typeIdentifiantMoe");
  sim_works_set_party (cadre, ctx->ds, w->moa_id, "idMoa", "identifiantMoa", "designationMoa", "typeIdentifiantMoa");
  json_object_set_object_member (piece, "cadreDeFacturation", cadre);
  json_object_set_object_member (piece, "piecePrecedente", link_object (ctx, w->prev_id, "Precedente"));
  json_object_set_object_member (piece, "pieceSuivante", link_object (ctx, w->next_id, "Suivante"));
  main_pj = json_object_new ();
  json_object_set_int_member (main_pj, "idPieceJointePrincipale", w->main_pj_id);
  json_object_set_object_member (piece, "pieceJointePrincipale", main_pj);
  pjs = json_array_new ();
  sim_bind_int (binds, w->id);
  sim_bind_int (binds, w->main_pj_id);
  stmt = sim_prepare (ctx, "SELECT id, nom, extension FROM attachments WHERE invoice_id = ? AND id != ? ORDER BY id", binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *pj = json_object_new ();

      json_object_set_int_member (pj, "pieceJointeId", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (pj, "pieceJointeDesignation", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (pj, "pieceJointeExtension", (const char *) sqlite3_column_text (stmt, 2));
      json_array_add_object_element (pjs, pj);
    }
  sqlite3_finalize (stmt);
  holder = json_object_new ();
  json_object_set_array_member (holder, "pieceJointe", pjs);
  json_object_set_object_member (piece, "listeDesPiecesJointes", holder);
  answer = sim_ok ();
  json_object_set_object_member (answer, "factureTravaux", piece);
  return answer;
}

JsonObject *
sim_travaux_consulter_dossier (SimCtx *ctx, JsonObject *req, int variant)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = sim_works_load_visible (ctx, req, &fail);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  JsonObject *answer;
  JsonArray *items;
  sqlite3_stmt *stmt;

  if (w == NULL)
    return fail;
  sim_bind_text (binds, w->dossier);
  stmt = sim_prepare (ctx, "SELECT " SIM_WORKS_COLUMNS " FROM works WHERE dossier = ? ORDER BY date_depot, id", binds);
  items = json_array_new ();
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimWorks) piece = sim_works_from_row (stmt);
      json_array_add_object_element (items, sim_works_item (ctx, piece, SIM_WORKS_ITEM_FULL));
    }
  sqlite3_finalize (stmt);
  answer = sim_ok ();
  json_object_set_string_member (answer, "numeroDossierFacturation", w->dossier);
  json_object_set_array_member (answer, "listeFactureTravaux", items);
  return answer;
}
