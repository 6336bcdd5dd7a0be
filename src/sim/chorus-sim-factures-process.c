/* chorus-sim-factures-process.c: what happens to an invoice once deposited: the recipient's
 * processing (factures/v1/traiter/recue, by the transition table of chorus-sim-rules.c) and the
 * supplier's answers to it, completer (a suspension) and recycler (a routing error).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-factures-private.h"

/* The portal's sentence for a refused status change (Pastell's fixture), with the codes. */
#define TRANSITION_LIBELLE "Incohérence au niveau du statut d'origine ou de destination de la facture"

JsonObject *
sim_factures_traiter_recue (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  const char *target = sim_req_str (ctx, req, "nouveauStatut", NULL);
  const char *motif = sim_req_str (ctx, req, "motif", NULL);
  const char *mandat = sim_req_str (ctx, req, "numeroDPMandat", NULL);
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  JsonObject *fail;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail_missing ("idFacture");
  if (target == NULL || *target == '\0')
    return sim_fail_missing ("nouveauStatut");
  if (!sim_recipient_target_known (target))
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le statut « %s » ne peut pas être positionné par un destinataire", target);

  inv = sim_invoice_load_visible (ctx, id, SIM_SIDE_RECIPIENT, FALSE);
  if (inv == NULL)
    return sim_fail_invoice_unknown (id);
  if (!sim_recipient_may_set (inv->statut, target))
    return sim_fail (SIM_CODE_TRANSITION, TRANSITION_LIBELLE " : passage de %s à %s non autorisé", inv->statut, target);
  if (sim_recipient_needs_motif (target) && sim_blank (motif))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, "Le motif est obligatoire pour le statut %s", target);
  if ((fail = sim_check_motif_length (motif)) != NULL)
    return fail;
  if (sim_recipient_needs_mandate (target) && sim_blank (mandat))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le numéro de mandat (numeroDPMandat) est obligatoire pour le statut %s", target);

  when = sim_invoice_set_status (ctx->ds, inv->id, target, sim_blank (motif) ? NULL : motif);
  if (sim_recipient_needs_mandate (target))
    {
      g_autoptr(GPtrArray) binds = sim_binds_new ();

      sim_bind_text (binds, mandat);
      sim_bind_int (binds, inv->id);
      sim_exec (ctx, "UPDATE invoices SET numero_mandat = ? WHERE id = ?", binds);
    }

  answer = sim_invoice_processed_answer ("idFacture", inv, when);
  json_object_set_string_member (answer, "nouveauStatut", target);
  return answer;
}

/* The supplier's invoice @id when it stands in @statut (completer, recycler); NULL with the refusal
 * in @fail, or with a 400 recorded. */
static SimInvoice *
load_supplier_invoice_in (SimCtx *ctx, gint64 id, const char *statut, const char *refusal, JsonObject **fail)
{
  g_autoptr(SimInvoice) inv = NULL;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    {
      *fail = sim_fail_missing ("identifiantFactureCPP");
      return NULL;
    }
  inv = sim_invoice_load_visible (ctx, id, SIM_SIDE_SUPPLIER, FALSE);
  if (inv == NULL)
    *fail = sim_fail_invoice_unknown (id);
  else if (g_strcmp0 (inv->statut, statut) != 0)
    *fail = sim_fail (SIM_CODE_TRANSITION, "%s (statut actuel : %s)", refusal, inv->statut);
  else
    return g_steal_pointer (&inv);
  return NULL;
}

JsonObject *
sim_factures_completer (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "identifiantFactureCPP", 0);
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  JsonArray *extra_pj = sim_req_array (ctx, req, "pieceJointeComplementaire");
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  JsonObject *fail = NULL;

  inv = load_supplier_invoice_in (ctx, id, "SUSPENDUE", "Seule une facture suspendue peut être complétée", &fail);
  if (inv == NULL)
    return fail;
  if ((fail = sim_check_complement (commentaire, extra_pj)) != NULL)
    return fail;

  if (!sim_attachments_link_list (ctx, extra_pj, inv->id, &fail))
    return fail;

  when = sim_invoice_set_status (ctx->ds, inv->id, "COMPLETEE", sim_blank (commentaire) ? NULL : commentaire);
  /* Suspended by a validator: the completed invoice goes back to that validator. */
  if (inv->niveau_validation > 0)
    g_free (sim_invoice_set_status (ctx->ds, inv->id, inv->niveau_validation == 1 ? "A_VALIDER_1" : "A_VALIDER_2", NULL));
  return sim_invoice_processed_answer ("identifiantFactureCPP", inv, when);
}

JsonObject *
sim_factures_recycler (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "identifiantFactureCPP", 0);
  JsonObject *dest = sim_req_obj (ctx, req, "destinataire");
  JsonObject *refs = sim_req_obj (ctx, req, "reference");
  const char *code_dest = sim_req_str (ctx, dest, "codeDestinataire", NULL);
  const char *code_service = sim_req_str (ctx, dest, "codeServiceExecutant", NULL);
  const char *numero_bc = sim_req_str (ctx, refs, "numeroBonCommande", NULL);
  const char *numero_marche = sim_req_str (ctx, refs, "numeroMarche", NULL);
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  g_autoptr(SimInvoice) inv = NULL;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *when = NULL;
  JsonObject *fail = NULL;
  JsonObject *answer;

  inv = load_supplier_invoice_in (ctx, id, "A_RECYCLER", "Seule une facture à recycler peut être recyclée", &fail);
  if (inv == NULL)
    return fail;
  if (numero_bc == NULL)
    numero_bc = inv->numero_bc;
  if (code_dest == NULL)
    {
      /* The same recipient: its service too, unless another is given. */
      g_autoptr(SimStructure) current = sim_structure_load (ctx->ds, inv->recipient_id);
      g_autoptr(SimService) current_svc = code_service == NULL ? sim_service_load (ctx->ds, inv->service_id) : NULL;

      fail = sim_check_routing (ctx, current ? current->identifiant : NULL, current_svc ? current_svc->code : code_service,
                                numero_bc, &rec, &svc);
    }
  else
    fail = sim_check_routing (ctx, code_dest, code_service, numero_bc, &rec, &svc);
  if (fail)
    return fail;

  sim_bind_int (binds, rec->id);
  sim_bind_int (binds, svc ? svc->id : 0);
  sim_bind_text (binds, numero_bc ? numero_bc : "");
  sim_bind_text (binds, numero_marche ? numero_marche : "");
  sim_bind_int (binds, inv->id);
  sim_exec (ctx, "UPDATE invoices SET recipient_id = ?, service_id = ?, numero_bc = NULLIF(?, ''),"
                           " numero_marche = COALESCE(NULLIF(?, ''), numero_marche), telechargee = 0 WHERE id = ?", binds);
  g_free (sim_invoice_set_status (ctx->ds, inv->id, "EN_COURS_ACHEMINEMENT", sim_blank (commentaire) ? NULL : commentaire));
  /* Sent back by a validator: the recycled invoice goes through its validation again. */
  if (inv->niveau_validation > 0)
    sim_invoice_set_validation (ctx->ds, inv->id, 1, 0);
  when = sim_invoice_set_status (ctx->ds, inv->id, inv->niveau_validation > 0 ? "A_VALIDER_1" : "MISE_A_DISPOSITION", NULL);

  answer = sim_ok ();
  json_object_set_int_member (answer, "identifiantFactureCPP", inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  json_object_set_string_member (answer, "dateDepot", inv->date_depot);
  json_object_set_string_member (answer, "statutFacture", inv->niveau_validation > 0 ? "A_VALIDER_1" : "MISE_A_DISPOSITION");
  return answer;
}
