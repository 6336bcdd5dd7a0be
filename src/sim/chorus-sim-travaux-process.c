/* chorus-sim-travaux-process.c: the processing of works pieces: suspending (asking to complete),
 * refusing for a routing error, asking a supplier to recycle, and the depositor's answers, recycler,
 * completer and completermoe; who may do what is in chorus-sim-rules-travaux.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-travaux-private.h"

/* Who calls: the holder for the receiver's processing, the depositor for its answers; the
 * operation must be theirs, on a piece of theirs. NULL (with @caller) or the refusal. */
static JsonObject *
check_caller (SimCtx *ctx, const SimWorks *w, const SimWorksOperation *op, const char **caller)
{
  const SimWorksCadre *rule = sim_works_cadre_find (w->cadre);
  SimWorksHolding holding = SIM_WORKS_HELD_NAMED;
  const char *holder = sim_works_holder (w->cadre, w->statut, &holding);

  if (op->kind == SIM_WORKS_OP_RECYCLE || op->kind == SIM_WORKS_OP_COMPLETE)
    {
      if (holder == NULL || (op->kind == SIM_WORKS_OP_RECYCLE ? holding != SIM_WORKS_TO_RECYCLE : holding != SIM_WORKS_TO_COMPLETE))
        return sim_fail (SIM_CODE_TRANSITION, op->kind == SIM_WORKS_OP_RECYCLE
                         ? "Seule une pièce à recycler peut être recyclée (statut actuel : %s)"
                         : "Seule une pièce suspendue peut être complétée (statut actuel : %s)", w->statut);
      *caller = rule->depositor;
    }
  else
    {
      if (holder == NULL || (holding != SIM_WORKS_HELD_NAMED && holding != SIM_WORKS_HELD_BY_RECEIVER))
        return sim_fail (SIM_CODE_TRANSITION, "La pièce au statut %s ne peut plus être traitée", w->statut);
      *caller = holder;
    }
  if (!sim_works_role_in (*caller, op->callers) || !sim_works_role_in (rule->depositor, op->depositors))
    return sim_fail (SIM_CODE_FORBIDDEN, "L'acteur %s ne peut pas faire « %s » sur une pièce du cadre %s", *caller,
                     op->path, w->cadre);
  if (!sim_works_account_is (ctx, w, *caller))
    return sim_fail (SIM_CODE_FORBIDDEN, "Seul l'acteur %s de la pièce peut faire « %s »", *caller, op->path);
  return NULL;
}

/* Sends the supplier's piece before @w back to be recycled; NULL (with it in @prev) or the refusal. */
static JsonObject *
ask_recycle (SimCtx *ctx, const SimWorks *w, const char *commentaire, SimWorks **prev)
{
  const SimWorksCadre *prev_rule;

  *prev = w->prev_id ? sim_works_load (ctx->ds, w->prev_id) : NULL;
  prev_rule = *prev ? sim_works_cadre_find ((*prev)->cadre) : NULL;
  if (prev_rule == NULL)
    return sim_fail (SIM_CODE_TRANSITION, "La pièce %s n'a pas de pièce précédente", w->numero);
  if (!g_str_equal (prev_rule->depositor, "FOURNISSEUR"))
    return sim_fail (SIM_CODE_TRANSITION, "Seule une pièce déposée par le fournisseur peut être renvoyée en recyclage");
  sim_works_set_status (ctx, (*prev)->id, "A_RECYCLER", commentaire);
  sim_works_set_status (ctx, w->id, "EN_ATTENTE_RECYCLAGE_FOURNISSEUR", NULL);
  return NULL;
}

/* Corrected in place: the piece waiting for it goes back to its receiver. */
static void
recycle (SimCtx *ctx, const SimWorks *w, const char *commentaire)
{
  g_autoptr(SimWorks) next = w->next_id ? sim_works_load (ctx->ds, w->next_id) : NULL;

  sim_works_set_status (ctx, w->id, next ? "ASSOCIEE" : sim_works_holder_status (w->cadre), commentaire);
  if (next != NULL && g_str_equal (next->statut, "EN_ATTENTE_RECYCLAGE_FOURNISSEUR"))
    sim_works_set_status (ctx, next->id, sim_works_holder_status (next->cadre), NULL);
}

JsonObject *
sim_travaux_traiter (SimCtx *ctx, JsonObject *req, int variant)
{
  const SimWorksOperation *op = sim_works_operation ((SimWorksOperationId) variant);
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  JsonArray *complements = sim_req_array (ctx, req, "pieceJointeComplementaire");
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = sim_works_load_visible (ctx, req, &fail);
  g_autoptr(SimWorks) prev = NULL;
  const char *caller = NULL;
  JsonObject *answer;

  if (w == NULL)
    return fail;
  if ((fail = check_caller (ctx, w, op, &caller)) != NULL)
    return fail;
  if (op->needs_comment && sim_blank (commentaire))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, op->kind == SIM_WORKS_OP_SUSPEND ? "Le motif de la suspension est obligatoire"
                                                                               : "Le motif du refus est obligatoire");
  if (op->kind == SIM_WORKS_OP_COMPLETE && (fail = sim_check_complement (commentaire, complements)) != NULL)
    return fail;

  switch (op->kind)
    {
    case SIM_WORKS_OP_SUSPEND:
      sim_works_set_status (ctx, w->id, "SUSPENDUE", commentaire);
      break;
    case SIM_WORKS_OP_REFUSE:
      {
        const char *statut = sim_works_refusal_status (sim_works_cadre_find (w->cadre)->depositor, caller);

        if (statut == NULL)
          return sim_fail (SIM_CODE_TRANSITION, "Une pièce du cadre %s ne peut pas être refusée par l'acteur %s", w->cadre, caller);
        sim_works_set_status (ctx, w->id, statut, commentaire);
        break;
      }
    case SIM_WORKS_OP_ASK_RECYCLE:
      if ((fail = ask_recycle (ctx, w, commentaire, &prev)) != NULL)
        return fail;
      break;
    case SIM_WORKS_OP_RECYCLE:
      recycle (ctx, w, commentaire);
      break;
    case SIM_WORKS_OP_COMPLETE:
      if (!sim_attachments_link_list (ctx, complements, w->id, &fail))
        return fail;
      sim_works_set_status (ctx, w->id, "COMPLETEE", commentaire);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  /* The samples: the suspension answers {codeRetour, libelle}; demander/recyclage adds the two ids. */
  answer = sim_ok ();
  if (op->kind != SIM_WORKS_OP_SUSPEND)
    json_object_set_int_member (answer, "idFactureTravaux", w->id);
  if (op->kind == SIM_WORKS_OP_ASK_RECYCLE)
    json_object_set_int_member (answer, "idPiecePrecedente", prev->id);
  return answer;
}
