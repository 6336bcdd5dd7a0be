/* chorus-sim-factures.c: what the factures/v1 operations share: which invoices the account sees
 * from each side, the structures a page names, the size of an invoice's files, the routing rules
 * every deposit and recycling passes, and the answer to a processed invoice. The operations are in chorus-sim-factures-<verb>.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-factures-private.h"

void
sim_cache_init (SimCache *c, SimCtx *ctx)
{
  c->ctx = ctx;
  c->structures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) sim_structure_free);
  c->services = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) sim_service_free);
}

void
sim_cache_clear (SimCache *c)
{
  g_clear_pointer (&c->structures, g_hash_table_unref);
  g_clear_pointer (&c->services, g_hash_table_unref);
}

SimStructure *
sim_cache_structure (SimCache *c, gint64 id)
{
  SimStructure *s = g_hash_table_lookup (c->structures, &id);

  if (s == NULL && id != 0)
    {
      s = sim_structure_load (c->ctx->ds, id);
      if (s != NULL)
        g_hash_table_insert (c->structures, g_memdup2 (&id, sizeof id), s);
    }
  return s;
}

SimService *
sim_cache_service (SimCache *c, gint64 id)
{
  SimService *s = g_hash_table_lookup (c->services, &id);

  if (s == NULL && id != 0)
    {
      s = sim_service_load (c->ctx->ds, id);
      if (s != NULL)
        g_hash_table_insert (c->services, g_memdup2 (&id, sizeof id), s);
    }
  return s;
}

const char *
sim_role_of_side (SimSide side)
{
  switch (side)
    {
    case SIM_SIDE_SUPPLIER:
      return "FOURNISSEUR";
    case SIM_SIDE_VALIDATOR:
      return "VALIDATEUR";
    case SIM_SIDE_RECIPIENT:
    default:
      return "DESTINATAIRE";
    }
}

gboolean
sim_invoice_at_second_level (const SimInvoice *inv)
{
  return inv->valideur2_id != 0 && inv->date_validation1 != NULL;
}

gboolean
sim_invoice_visible (SimCtx *ctx, const SimInvoice *inv, SimSide side)
{
  switch (side)
    {
    case SIM_SIDE_SUPPLIER:
      return sim_account_has (ctx, inv->supplier_id, "FOURNISSEUR");
    case SIM_SIDE_VALIDATOR:
      return (inv->valideur_id != 0 && sim_account_has (ctx, inv->valideur_id, "VALIDATEUR")) ||
             (sim_invoice_at_second_level (inv) && sim_account_has (ctx, inv->valideur2_id, "VALIDATEUR"));
    case SIM_SIDE_RECIPIENT:
    default:
      /* Invoices still with their validators (or sent back by them) never reached the recipient. */
      return sim_account_has (ctx, inv->recipient_id, "DESTINATAIRE") && inv->niveau_validation == 0 &&
             !sim_status_hidden_from_recipient (inv->statut);
    }
}

SimInvoice *
sim_invoice_load_visible (SimCtx *ctx, gint64 id, SimSide side, gboolean any)
{
  SimInvoice *inv = id > 0 ? sim_invoice_load (ctx->ds, id) : NULL;

  if (inv != NULL && (any ? sim_invoice_visible (ctx, inv, SIM_SIDE_RECIPIENT) || sim_invoice_visible (ctx, inv, SIM_SIDE_SUPPLIER) ||
                              sim_invoice_visible (ctx, inv, SIM_SIDE_VALIDATOR)
                          : sim_invoice_visible (ctx, inv, side)))
    return inv;
  sim_invoice_free (inv);
  return NULL;
}

gint64
sim_invoice_size (const SimInvoice *inv)
{
  return 40000 + (inv->lines_seed % 50000) + inv->n_lines * 900;
}

JsonObject *
sim_check_routing (SimCtx *ctx, const char *code_dest, const char *code_service, const char *engagement,
               SimStructure **rec_out, SimService **svc_out)
{
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  SimRoutingFacts facts = { 0 };

  if (code_dest == NULL || *code_dest == '\0')
    return sim_fail_missing ("destinataire.codeDestinataire");
  rec = sim_structure_find (ctx->ds, code_dest);
  if (rec == NULL || !rec->is_public)
    return sim_fail (SIM_CODE_NOT_FOUND, "Destinataire %s non trouvé ou inactif", code_dest);
  if (!rec->actif)
    return sim_fail (SIM_CODE_RECIPIENT_INACTIVE, "Le destinataire %s (%s) est inactif : il ne reçoit plus de factures",
                     code_dest, rec->designation);
  facts.has_service = !sim_blank (code_service);
  facts.has_engagement = !sim_blank (engagement);
  if (facts.has_service)
    {
      svc = sim_service_find (ctx->ds, rec->id, code_service);
      if (svc == NULL || !svc->actif)
        return sim_fail (SIM_CODE_NOT_FOUND, "Le service exécutant %s n'existe pas ou n'est pas actif pour le destinataire %s",
                         code_service, code_dest);
    }
  if (facts.has_engagement && g_utf8_strlen (engagement, -1) > SIM_ENGAGEMENT_MAX_CHARS)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le numéro d'engagement dépasse %d caractères", SIM_ENGAGEMENT_MAX_CHARS);
  facts.service_required = rec->service_required;
  facts.engagement_required = rec->ej_required;
  facts.engagement_or_service = rec->ej_or_service;
  facts.service_engagement = svc != NULL && svc->ej_required;
  switch (sim_routing_verdict (&facts))
    {
    case SIM_ROUTING_SERVICE_MISSING:
      return sim_fail (SIM_CODE_SERVICE_REQUIRED, "Le service exécutant est obligatoire pour le destinataire %s", code_dest);
    case SIM_ROUTING_SERVICE_OR_ENGAGEMENT_MISSING:
      return sim_fail (SIM_CODE_SERVICE_REQUIRED,
                       "Le code service ou le numéro d'engagement est obligatoire pour le destinataire %s", code_dest);
    case SIM_ROUTING_ENGAGEMENT_MISSING:
      return sim_fail (SIM_CODE_EJ_REQUIRED, "Le numéro d'engagement est obligatoire pour le destinataire %s%s%s", code_dest,
                       facts.service_engagement ? " et le service " : "", facts.service_engagement ? svc->code : "");
    case SIM_ROUTING_OK:
    default:
      break;
    }
  *rec_out = g_steal_pointer (&rec);
  *svc_out = g_steal_pointer (&svc);
  return NULL;
}

JsonObject *
sim_invoice_processed_answer (const char *id_key, const SimInvoice *inv, const char *when)
{
  JsonObject *answer = sim_ok ();

  json_object_set_int_member (answer, id_key, inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  sim_set_day (answer, "dateTraitement", when);
  return answer;
}
