/* soak-validation.c: the soak's row for the validator's decisions (traiter/factureAValider) at both levels, through the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-store-validation.h"
#include "chorus-sync-validation.h"
#include "soak.h"

/* The world these decisions act on: the account's company deposits a subcontractor's invoice
 * (cadre A9) naming itself, the titulaire, as its validator (codeStructureValideur): Chorus Pro
 * holds it at A_VALIDER_1 for the account, which is VALIDATEUR of that structure. The deposit
 * names one validator; a second one (the maîtrise d'œuvre, A_VALIDER_2 once the first has
 * validated) comes from the contract, which the API does not carry: the simulator's dataset
 * draws it for its own invoices, and the setup writes it in the simulator's data for the soak's,
 * as that dataset does. One invoice per decision, so that each shows exactly one. */

#define VALIDATED_CADRE CHORUS_CADRE_A9

typedef struct {
  ChorusValidationAction action;
  int                    level;        /* the level the invoice waits at when decided */
  gboolean               two_levels;
  gboolean               refused;      /* by the simulator's rules */
} Decision;

static const Decision decisions[] = {
  { CHORUS_VALIDATION_VALIDATE, 1, FALSE, FALSE },
  { CHORUS_VALIDATION_REFUSE, 1, FALSE, FALSE },
  { CHORUS_VALIDATION_VALIDATE, 1, TRUE, FALSE },
  { CHORUS_VALIDATION_REFUSE, 1, TRUE, FALSE },
  { CHORUS_VALIDATION_VALIDATE, 2, TRUE, FALSE },
  { CHORUS_VALIDATION_REFUSE, 2, TRUE, FALSE },
  /* Payment closes the validation: allowed to the last validator only. */
  { CHORUS_VALIDATION_PAYMENT, 2, TRUE, FALSE },
  { CHORUS_VALIDATION_PAYMENT, 1, TRUE, TRUE },
  /* The validator's other decisions, a motif for those that take one. */
  { CHORUS_VALIDATION_SUSPEND, 1, FALSE, FALSE },
  { CHORUS_VALIDATION_REJECT, 2, TRUE, FALSE },
  { CHORUS_VALIDATION_RECYCLE, 1, TRUE, FALSE },
};

/* Setup: the contract names the maîtrise d'œuvre as the invoice's second validator. */
static gboolean
name_second_validator (SoakSetup *setup, gint64 invoice_id, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (setup->sim_db, "UPDATE invoices SET valideur2_id = ? WHERE id = ? AND valideur2_id = 0"
                           " AND statut = 'A_VALIDER_1'", -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, json_object_get_int_member (setup->facts, "moeId"));
      sqlite3_bind_int64 (stmt, 2, invoice_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE && sqlite3_changes (setup->sim_db) == 1;
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "invoice %" G_GINT64_FORMAT ": no second validator: %s",
                 invoice_id, sqlite3_errmsg (setup->sim_db));
  sqlite3_finalize (stmt);
  return ok;
}

/* Setup: an invoice waiting for the account's decision at @d's level. Its Chorus id, 0 with @error. */
static gint64
setup_waiting (SoakSetup *setup, const Decision *d, GError **error)
{
  g_autoptr(ChorusInvoice) invoice = chorus_invoice_new ();
  g_autoptr(ChorusActionResult) deposit = NULL;
  g_autoptr(ChorusActionResult) first = NULL;
  g_autofree char *number = soak_next_number (setup, 'V');
  JsonObject *facts = setup->facts;

  soak_fill_invoice (invoice, facts, number, json_object_get_string_member (facts, "recipient"),
                     json_object_get_string_member (facts, "service"));
  chorus_invoice_set_cadre (invoice, VALIDATED_CADRE);
  chorus_invoice_set_validator_code (invoice, json_object_get_string_member (facts, "supplier"));
  deposit = chorus_client_submit_sync (setup->client, invoice, NULL, error);
  if (deposit == NULL || (d->two_levels && !name_second_validator (setup, deposit->invoice_id, error)))
    return 0;
  if (d->level == 1)
    return deposit->invoice_id;
  first = chorus_client_validate_sync (setup->client, deposit->invoice_id, CHORUS_VALIDATION_VALIDATE, NULL,
                                       "Visée par le titulaire", 0, NULL, error);
  if (first == NULL)
    return 0;
  if (g_strcmp0 (first->status_code, "A_VALIDER_2") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "invoice %" G_GINT64_FORMAT " went to %s, not to its second "
                   "validator", deposit->invoice_id, first->status_code);
      return 0;
    }
  return deposit->invoice_id;
}

static char *
decision_key (gint64 invoice_id, ChorusValidationAction action)
{
  return g_strdup_printf ("validate:%" G_GINT64_FORMAT ":%s", invoice_id, chorus_validation_action_to_api (action));
}

static gboolean
validation_plan (SoakSetup *setup, guint n, GPtrArray *items, GError **error)
{
  g_autoptr(ChorusPage) motifs = chorus_client_get_references_sync (setup->client, CHORUS_REFERENCE_REFUSAL_MOTIFS,
                                                                    chorus_cadre_to_api (VALIDATED_CADRE), NULL,
                                                                    error);

  if (motifs == NULL)
    return FALSE;
  if (motifs->items->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no refusal motif for %s", chorus_cadre_to_api (VALIDATED_CADRE));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const Decision *d = &decisions[g_rand_int_range (setup->rand, 0, (gint32) G_N_ELEMENTS (decisions))];
      gint64 id = setup_waiting (setup, d, error);
      ChorusStatus outcome = chorus_validation_action_outcome (d->action, d->level);
      g_autofree char *key = NULL;
      g_autofree char *complement = NULL;
      JsonObject *item;
      JsonObject *effect;

      if (id == 0)
        return FALSE;
      key = decision_key (id, d->action);
      complement = g_strdup_printf ("Soak %u : contrôlée", ++setup->serial);
      item = soak_item_new (&soak_validation_kind, key, !d->refused);
      json_object_set_int_member (item, "invoice", id);
      json_object_set_string_member (item, "action", chorus_validation_action_to_api (d->action));
      json_object_set_string_member (item, "complement", complement);
      effect = soak_item_add_effect (item, "decisions", d->refused ? 0 : 1);
      json_object_set_int_member (effect, "invoice", id);
      if (d->refused)
        {
          /* Nothing moves: still waiting at its level, for another decision. */
          soak_add_history_effect (item, id, "MISE_EN_PAIEMENT", 0);
          g_ptr_array_add (items, item);
          continue;
        }
      if (d->action == CHORUS_VALIDATION_RECYCLE)
        {
          /* Sent back to its supplier, with no comment of its own. */
          soak_add_history_effect (item, id, chorus_status_to_api (outcome), 1);
          g_ptr_array_add (items, item);
          continue;
        }
      effect = soak_item_add_effect (item, "decision", 1);
      json_object_set_int_member (effect, "invoice", id);
      if (chorus_status_validation_needs_motif (d->action))
        {
          ChorusReferenceItem *motif = g_ptr_array_index (motifs->items,
                                                          g_rand_int_range (setup->rand, 0, (gint32) motifs->items->len));

          json_object_set_string_member (item, "motif", motif->code);
          json_object_set_string_member (item, "motifLabel", motif->label != NULL ? motif->label : motif->code);
          /* A refusal (a suspension, a rejection) carries its motif. */
          json_object_set_string_member (effect, "status", chorus_status_to_api (outcome));
          json_object_set_string_member (effect, "comment", motif->code);
        }
      else
        {
          /* A validation (a payment too) is the level's VALIDEE with the validator's complement,
           * then where the invoice goes: to the second validator, to its recipient, or paid. */
          json_object_set_string_member (effect, "status", d->level == 2 ? "VALIDEE_2" : "VALIDEE_1");
          json_object_set_string_member (effect, "comment", complement);
          soak_add_history_effect (item, id,
                                   d->action == CHORUS_VALIDATION_PAYMENT ? "MISE_EN_PAIEMENT"
                                   : d->level == 1 && d->two_levels   ? "A_VALIDER_2"
                                                                      : "MISE_A_DISPOSITION",
                                   1);
        }
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

/* As the validator's screen does, on the row the pull brought to validate. */
static gboolean
validation_enqueue (SoakWorker *worker, JsonObject *item, GError **error)
{
  gint64 id = soak_item_row_key (worker, item, CHORUS_DIRECTION_TO_VALIDATE, error);

  return id != 0 &&
         chorus_sync_enqueue_validation (worker->sync, id,
                                         chorus_validation_action_from_api (json_object_get_string_member (item, "action")),
                                         json_object_get_string_member_with_default (item, "motif", NULL),
                                         json_object_get_string_member_with_default (item, "motifLabel", NULL),
                                         json_object_get_string_member (item, "complement"), error) != 0;
}

static char *
validation_key (const ChorusAction *action)
{
  return decision_key (action->chorus_id, chorus_action_get_validation (action));
}

const SoakKind soak_validation_kind = {
  "validate", CHORUS_ACTION_KIND_VALIDATE, 8, FALSE, validation_plan, validation_enqueue, validation_key
};
