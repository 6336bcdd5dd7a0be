/* chorus-sim-travaux.c: what the facturesTravaux/v1 operations share: which pieces the account sees,
 * a piece as the operations answer it, its status changes, and its PDF (which telecharger/groupe
 * serves too). The rules are chorus-sim-rules-travaux.c; the operations chorus-sim-travaux-<verb>.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-travaux-private.h"

gint64
sim_works_party (const SimWorks *w, const char *role)
{
  if (g_strcmp0 (role, "MOE") == 0)
    return w->moe_id;
  if (g_strcmp0 (role, "MOA") == 0)
    return w->moa_id;
  return w->supplier_id;
}

gboolean
sim_works_account_is (SimCtx *ctx, const SimWorks *w, const char *role)
{
  return role != NULL && sim_account_has (ctx, sim_works_party (w, role), role);
}

gboolean
sim_works_visible (SimCtx *ctx, const SimWorks *w)
{
  return sim_works_account_is (ctx, w, "FOURNISSEUR") || sim_works_account_is (ctx, w, "MOE") || sim_works_account_is (ctx, w, "MOA");
}

void
sim_works_set_party (JsonObject *o, SimDataset *ds, gint64 id, const char *id_key, const char *code_key,
                     const char *name_key, const char *type_key)
{
  g_autoptr(SimStructure) s = id ? sim_structure_load (ds, id) : NULL;

  if (id_key != NULL)
    json_object_set_int_member (o, id_key, id);
  sim_set_party (o, s, "", NULL, code_key, name_key, type_key);
}

JsonObject *
sim_works_item (SimCtx *ctx, const SimWorks *w, SimWorksItemKind kind)
{
  JsonObject *o = json_object_new ();
  const SimWorksCadre *c = sim_works_cadre_find (w->cadre);
  g_autoptr(SimService) service = w->service_id ? sim_service_load (ctx->ds, w->service_id) : NULL;

  json_object_set_int_member (o, "idFactureTravaux", w->id);
  json_object_set_string_member (o, "numeroFactureTravaux", w->numero);
  json_object_set_string_member (o, "typeDemandePaiement", "FACTURE_TRAVAUX");
  sim_set_str (o, "typeFactureTravaux", c ? c->type : NULL);
  json_object_set_string_member (o, "statutFactureTravaux", w->statut);
  json_object_set_string_member (o, "dateDepot", w->date_depot);
  json_object_set_string_member (o, "dateFactureTravaux", w->date_facture);
  {
    /* The platform's datetime form ("2019-07-11T15:45:39.674+02:00"). */
    g_autofree char *etat = g_strdup_printf ("%.10sT%s:00.000+01:00", w->date_etat,
                                             strlen (w->date_etat) >= 16 ? w->date_etat + 11 : "00:00");
    json_object_set_string_member (o, "dateHeureEtatCourant", etat);
  }
  sim_set_str (o, "commentaireEtatCourant", w->motif);
  json_object_set_string_member (o, "devise", "EUR");
  sim_set_amount (o, "montantHT", w->ht);
  sim_set_amount (o, "montantTTC", w->ttc);
  sim_set_amount (o, "montantAPayer", w->a_payer);
  sim_works_set_party (o, ctx->ds, w->supplier_id, kind == SIM_WORKS_ITEM_FULL ? "idFournisseur" : NULL, "identifiantFournisseur",
             "designationFournisseur", "typeIdentifiantFournisseur");
  json_object_set_null_member (o, "codeServiceFournisseur");
  sim_works_set_party (o, ctx->ds, w->moa_id, "idDestinataire", "identifiantDestinataire", "designationDestinataire", NULL);
  sim_set_str (o, "codeServiceExecutant", service ? service->code : NULL);
  if (kind == SIM_WORKS_ITEM_FULL)
    {
      sim_works_set_party (o, ctx->ds, w->moe_id, "idMoe", "identifiantMoe", "designationMoe", NULL);
      sim_works_set_party (o, ctx->ds, w->moa_id, "idMoa", "identifiantMoa", "designationMoa", NULL);
    }
  else
    {
      sim_works_set_party (o, ctx->ds, w->moe_id, NULL, "codeMOE", "designationMOE", "typeIdentifiantMOE");
      sim_works_set_party (o, ctx->ds, w->moa_id, NULL, "codeMOA", "designationMOA", "typeIdentifiantMOA");
    }
  json_object_set_null_member (o, "codeServiceMoe");
  sim_set_str (o, "codeServiceMoa", service ? service->code : NULL);
  sim_set_str (o, "numeroMarche", w->numero_marche);
  sim_set_str (o, "numeroBonCommande", w->numero_engagement);
  json_object_set_boolean_member (o, "factureTelechargeeParDestinataire", w->telechargee);
  if (kind == SIM_WORKS_ITEM_LISTED)
    return o;
  json_object_set_string_member (o, "numeroDossierFacturation", w->dossier);
  if (w->prev_id)
    json_object_set_int_member (o, "idPiecePrecedente", w->prev_id);
  else
    json_object_set_null_member (o, "idPiecePrecedente");
  if (w->next_id)
    json_object_set_int_member (o, "idPieceSuivante", w->next_id);
  else
    json_object_set_null_member (o, "idPieceSuivante");
  sim_set_str (o, "modeDepot", w->mode_depot);
  return o;
}

JsonObject *
sim_works_no_result (void)
{
  return sim_fail (SIM_CODE_NO_RESULT_WORKS, "GFT_MSG_01.075");
}

SimWorks *
sim_works_load_visible (SimCtx *ctx, JsonObject *req, JsonObject **fail)
{
  gint64 id = sim_req_int (ctx, req, "idFactureTravaux", 0);
  SimWorks *w;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    {
      *fail = sim_fail_missing ("idFactureTravaux");
      return NULL;
    }
  w = sim_works_load (ctx->ds, id);
  if (w == NULL || !sim_works_visible (ctx, w))
    {
      sim_works_free (w);
      *fail = sim_fail (SIM_CODE_NOT_FOUND, "La facture de travaux %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
      return NULL;
    }
  return w;
}

void
sim_works_set_status (SimCtx *ctx, gint64 id, const char *statut, const char *motif)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *now = sim_now_datetime ();
  sqlite3_stmt *stmt;

  sim_bind_text (binds, statut);
  sim_bind_text (binds, now);
  sim_bind_text (binds, motif ? motif : "");
  sim_bind_int (binds, id);
  stmt = sim_prepare (ctx, "UPDATE works SET statut = ?, date_etat = ?, motif = NULLIF(?, '') WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

GBytes *
sim_travaux_download (SimCtx *ctx, gint64 id)
{
  g_autoptr(SimWorks) w = sim_works_load (ctx->ds, id);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  GBytes *pdf = NULL;
  sqlite3_stmt *stmt;

  if (w == NULL || !sim_works_visible (ctx, w))
    return NULL;
  if (w->main_pj_id != 0)
    pdf = sim_attachment_data (ctx, w->main_pj_id, NULL, NULL);
  if (pdf == NULL)
    pdf = sim_works_pdf (ctx, w);
  sim_bind_int (binds, w->id);
  stmt = sim_prepare (ctx, "UPDATE works SET telechargee = 1 WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return pdf;
}
