/* chorus-sim-factures-validate.c: factures/v1/traiter/factureAValider: the validator of the level an
 * invoice waits at decides, by the validation rules of chorus-sim-rules.c. A validation at the
 * first level sends it to the second validator when there is one, else on to its recipient.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-factures-private.h"

JsonObject *
sim_factures_traiter_a_valider (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  const char *action_code = sim_req_str (ctx, req, "action", NULL);
  const char *motif = sim_req_str (ctx, req, "motifRefus", NULL);
  const char *info = sim_req_str (ctx, req, "complementInfo", NULL);
  gint64 id_valideur = sim_req_int (ctx, req, "idValideur", 0);
  gint64 id_pj = sim_req_int (ctx, req, "idPieceJointe", 0);
  const SimValidationAction *action;
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  const char *steps[4];
  gsize n_steps;
  int level;
  gint64 validator;
  JsonObject *fail;
  JsonObject *answer;

  sim_req_str (ctx, req, "typeValideur", NULL);
  if (ctx->error)
    return NULL;
  if (id <= 0 || sim_blank (action_code))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs idFacture et action sont obligatoires");
  action = sim_validation_action_find (action_code);
  if (action == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Action « %s » inconnue (REFUS, VALIDATION, MISE_EN_PAIEMENT, "
                     "MISE_EN_RECYCLAGE, SUSPENSION ou REJET)", action_code);
  inv = sim_invoice_load_visible (ctx, id, SIM_SIDE_VALIDATOR, FALSE);
  if (inv == NULL)
    return sim_fail_invoice_unknown (id);

  level = sim_validation_level (inv->statut);
  if (level == 0)
    return sim_fail (SIM_CODE_TRANSITION, "La facture %s au statut %s n'attend pas de validation", inv->numero, inv->statut);
  validator = level == 1 ? inv->valideur_id : inv->valideur2_id;
  if (!sim_account_has (ctx, validator, "VALIDATEUR") || (id_valideur != 0 && id_valideur != validator))
    return sim_fail (SIM_CODE_FORBIDDEN, "La facture %s attend son valideur de niveau %d : l'utilisateur n'en fait pas partie",
                     inv->numero, level);
  n_steps = sim_validation_outcome (action, level, inv->valideur2_id != 0, steps, G_N_ELEMENTS (steps));
  if (n_steps == 0)
    return sim_fail (SIM_CODE_TRANSITION, "L'action %s n'est possible qu'au dernier niveau de validation "
                     "(la facture attend le niveau %d sur 2)", action_code, level);
  if (action->needs_motif && sim_blank (motif))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, "Le motif (motifRefus) est obligatoire pour l'action %s", action_code);
  if ((fail = sim_check_motif_length (motif)) != NULL)
    return fail;
  if (id_pj != 0 && !sim_attachment_exists (ctx, id_pj))
    return sim_fail_attachment_unknown (id_pj);
  if (id_pj != 0)
    sim_attachment_link (ctx, id_pj, inv->id, 0);

  for (gsize k = 0; k < n_steps; k++)
    {
      const char *step = steps[k];
      gboolean last = k + 1 == n_steps;
      const char *comment = g_str_has_prefix (step, "VALIDEE") ? info : action->needs_motif && last ? motif : NULL;

      if (g_str_has_prefix (step, "VALIDEE"))
        sim_invoice_set_validation (ctx->ds, inv->id, level, level);
      else if (g_strcmp0 (step, "A_VALIDER_2") == 0)
        sim_invoice_set_validation (ctx->ds, inv->id, 2, 0);
      else if (g_strcmp0 (step, "EN_COURS_ACHEMINEMENT") == 0 || g_strcmp0 (step, "MISE_EN_PAIEMENT") == 0)
        sim_invoice_set_validation (ctx->ds, inv->id, 0, 0);
      g_free (when);
      when = sim_invoice_set_status (ctx->ds, inv->id, step, sim_blank (comment) ? NULL : comment);
    }
  answer = sim_invoice_processed_answer ("idFacture", inv, when);
  json_object_set_string_member (answer, "statutFacture", steps[n_steps - 1]);
  return answer;
}
