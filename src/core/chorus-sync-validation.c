/* chorus-sync-validation.c: the validator's side of the sync: invoices to validate pulled level by level, decisions sent exactly once. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-json.h"
#include "chorus-status.h"
#include "chorus-store-unreadable.h"
#include "chorus-store-validation.h"
#include "chorus-sync-private.h"
#include "chorus-sync-validation.h"

#define VALIDATOR_STRUCTURES_KEY "validator-structures"
/* The reference list of a cadre's refusal motifs, kept for offline use: this prefix + the cadre. */
#define REFUSAL_MOTIFS_LIST      "refusal-motifs/"

/* Pull ----------------------------------------------------------------------------------------- */

/* The account's validator structures (monCompte/recuperer/rattachements), kept as "id,id,…" so that
 * the screen can tell an invoice waiting for another validator from one waiting for us. */
static gboolean
refresh_validator_structures (ChorusSync *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint page = 1;; page++)
    {
      g_autoptr(ChorusPage) attachments = chorus_client_get_user_attachments_sync (self->client, page, 100,
                                                                                  cancellable, error);

      if (attachments == NULL)
        return FALSE;
      for (guint i = 0; i < attachments->items->len; i++)
        {
          ChorusStructure *structure = g_ptr_array_index (attachments->items, i);

          if (structure->role == CHORUS_ROLE_VALIDATEUR && structure->id > 0)
            g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? "," : "", structure->id);
        }
      if (page >= attachments->pages || attachments->items->len == 0)
        break;
    }
  return chorus_store_set_state (self->store, VALIDATOR_STRUCTURES_KEY, ids->str, error);
}

/* Every page of the invoices waiting at @status; their ids go in @seen. */
static gboolean
pull_level (ChorusSync   *self,
            ChorusStatus  status,
            GHashTable   *seen,
            double        base,
            double        share,
            guint        *n_unreadable,
            GCancellable *cancellable,
            GError      **error)
{
  guint pages = 1;

  for (guint number = 1; number <= pages; number++)
    {
      g_autoptr(ChorusInvoicePage) page = NULL;
      g_autofree char *message = NULL;
      ChorusInvoiceQuery query;

      chorus_invoice_query_init (&query);
      query.status = status;
      query.page = number;
      query.page_size = self->page_size;
      page = chorus_client_search_to_validate_sync (self->client, &query, cancellable, error);
      if (page == NULL)
        return FALSE;
      /* A list that stops short of its announced pages (the set shrank while we paged) ends here;
       * what moved is caught by the check of stale invoices. */
      pages = page->invoices->len > 0 ? MAX (page->pages, 1) : number;
      for (guint i = 0; i < page->invoices->len; i++)
        {
          gint64 *id = g_new (gint64, 1);

          *id = chorus_invoice_get_id (g_ptr_array_index (page->invoices, i));
          g_hash_table_add (seen, id);
        }
      /* An item no decoder can read is kept raw; the rest of the page is stored. */
      *n_unreadable += page->unreadable->len;
      if (!chorus_store_upsert_invoices (self->store, page->invoices, error) ||
          !chorus_store_add_unreadable_items (self->store, CHORUS_DIRECTION_TO_VALIDATE, page->unreadable, error) ||
          !chorus_store_resolve_unreadable_items (self->store, CHORUS_DIRECTION_TO_VALIDATE, page->invoices, error))
        return FALSE;
      message = g_strdup_printf (status == CHORUS_STATUS_A_VALIDER_2 ? _("Invoices to validate (level 2): page %u of %u")
                                                                     : _("Invoices to validate (level 1): page %u of %u"),
                                 MIN (number, pages), pages);
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, base + share * MIN (number, pages) / pages, 0, FALSE, message);
      if (page->invoices->len > 0)
        chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
    }
  return TRUE;
}

/* An invoice still waiting in the store that neither list gave any more was decided elsewhere
 * (another validator of the structure, the portal, a deadline): read where it is now. */
static gboolean
refresh_stale (ChorusSync *self, GHashTable *seen, GCancellable *cancellable, GError **error)
{
  /* Chorus ids, as the lists give them. */
  g_autoptr(GArray) waiting = chorus_store_list_waiting_validation (self->store, error);
  gboolean changed = FALSE;

  if (waiting == NULL)
    return FALSE;
  for (guint i = 0; i < waiting->len; i++)
    {
      gint64 id = g_array_index (waiting, gint64, i);
      g_autoptr(ChorusInvoice) invoice = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_hash_table_contains (seen, &id))
        continue;
      invoice = chorus_client_consult_invoice_sync (self->client, CHORUS_DIRECTION_TO_VALIDATE, id, cancellable,
                                                    &local_error);
      if (invoice != NULL)
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();

          chorus_invoice_set_id (invoice, id);
          g_ptr_array_add (one, invoice);
          if (!chorus_store_upsert_invoices (self->store, one, error))
            return FALSE;
        }
      else if (g_error_matches (local_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API))
        {
          /* No longer shown to this validator at all. */
          if (!chorus_store_forget_to_validate (self->store, id, error))
            return FALSE;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      changed = TRUE;
    }
  if (changed)
    chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
  return TRUE;
}

gboolean
chorus_sync_pull_to_validate (ChorusSync    *self,
                              double         base,
                              double         share,
                              guint         *n_unreadable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Both levels are listed in full at every pull: the validator's search has no status-change
   * period to ask only for what moved, and the lists are short. */
  return refresh_validator_structures (self, cancellable, error) &&
         pull_level (self, CHORUS_STATUS_A_VALIDER_1, seen, base, share / 2, n_unreadable, cancellable, error) &&
         pull_level (self, CHORUS_STATUS_A_VALIDER_2, seen, base + share / 2, share / 2, n_unreadable, cancellable,
                     error) &&
         refresh_stale (self, seen, cancellable, error);
}

gboolean
chorus_sync_validator_can_decide (ChorusSync    *self,
                                  ChorusInvoice *invoice)
{
  g_autofree char *ids = NULL;
  g_auto(GStrv) parts = NULL;
  gint64 validator_id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), FALSE);

  if (chorus_invoice_get_direction (invoice) != CHORUS_DIRECTION_TO_VALIDATE ||
      chorus_status_validation_level (chorus_invoice_get_status (invoice)) == 0)
    return FALSE;
  /* Without the platform naming the validator, or before the first pull, let it decide. */
  validator_id = chorus_invoice_get_validator_id (invoice);
  ids = chorus_store_get_state (self->store, VALIDATOR_STRUCTURES_KEY);
  if (validator_id <= 0 || ids == NULL)
    return TRUE;
  parts = g_strsplit (ids, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strtoll (parts[i], NULL, 10) == validator_id)
      return TRUE;
  return FALSE;
}

/* Decisions ------------------------------------------------------------------------------------ */

static ChorusValidationAction
action_of (ChorusAction *action, JsonObject **payload, GError **error)
{
  g_autofree char *api = NULL;
  ChorusValidationAction decision;

  *payload = chorus_json_parse_object (action->payload != NULL ? action->payload : "{}", -1, error);
  if (*payload == NULL || !chorus_json_get_string (*payload, "action", &api, error))
    return CHORUS_VALIDATION_LAST;
  decision = chorus_validation_action_from_api (api);
  if (decision == CHORUS_VALIDATION_LAST)
    g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                 _("The pending decision “%s” is not one Chorus Desk knows."), api != NULL ? api : "");
  return decision;
}

/* Whether the invoice's history shows @outcome since its last arrival at @waiting_code (the level
 * the decision was taken at): the decision's own status, which a decision of another kind at that
 * level (a colleague's, a deadline) does not give. While it still waits there, nothing happened. */
static gboolean
history_shows_decision (ChorusHistory *history, const char *waiting_code, ChorusStatus outcome)
{
  gboolean seen = FALSE;

  if (g_strcmp0 (history->current_status_code, waiting_code) == 0)
    return FALSE;
  for (guint i = history->events->len; i > 0; i--)
    {
      ChorusStatusEvent *event = g_ptr_array_index (history->events, i - 1);

      if (g_strcmp0 (event->code, waiting_code) == 0)
        return seen;
      seen |= event->status == outcome;
    }
  /* The history does not go back that far: the invoice left the level, which only a decision does. */
  return TRUE;
}

gboolean
chorus_sync_validation_took_effect (ChorusSync    *self,
                                    ChorusAction  *action,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  ChorusValidationAction decision = action_of (action, &payload, error);
  ChorusStatus outcome;

  if (decision == CHORUS_VALIDATION_LAST)
    return FALSE;
  history = chorus_client_get_history_sync (self->client, action->chorus_id, cancellable, error);
  if (history == NULL)
    return FALSE;
  outcome = chorus_validation_action_outcome (decision, chorus_status_validation_level (action->previous));
  /* Another decision at that level is not ours: sending ours gets the platform's refusal, which
   * is what the user must read. */
  if (!history_shows_decision (history, action->previous_code, outcome))
    return FALSE;
  return history->current_status_code == NULL ||
         chorus_store_outbox_set_target (self->store, action->id, history->current_status_code, error);
}

ChorusActionResult *
chorus_sync_validation_send (ChorusSync    *self,
                             ChorusAction  *action,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(ChorusActionResult) result = NULL;
  g_autofree char *complement = NULL;
  ChorusValidationAction decision = action_of (action, &payload, error);
  gint64 validator_id = 0;

  if (decision == CHORUS_VALIDATION_LAST ||
      !chorus_json_get_string (payload, "complement", &complement, error) ||
      !chorus_json_get_int (payload, "validatorId", &validator_id, error))
    return NULL;
  result = chorus_client_validate_sync (self->client, action->chorus_id, decision, action->motif, complement,
                                        validator_id, cancellable, error);
  if (result == NULL)
    return NULL;
  /* Where the invoice ended (A_VALIDER_2, MISE_A_DISPOSITION…) becomes its status once finished. */
  if (result->status_code != NULL && !chorus_store_outbox_set_target (self->store, action->id, result->status_code, error))
    return NULL;
  return g_steal_pointer (&result);
}

gint64
chorus_sync_enqueue_validation (ChorusSync             *self,
                                gint64                  invoice_id,
                                ChorusValidationAction  action,
                                const char             *motif,
                                const char             *motif_label,
                                const char             *complement,
                                GError                **error)
{
  g_autofree char *clean_complement = g_strstrip (g_strdup (complement != NULL ? complement : ""));
  gint64 not_before;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (invoice_id > 0, 0);
  g_return_val_if_fail ((guint) action < CHORUS_VALIDATION_LAST, 0);

  if (chorus_status_validation_needs_motif (action) && (motif == NULL || *motif == '\0'))
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("Choose the reason for “%s”."), chorus_validation_action_label (action));
      return 0;
    }
  not_before = self->hold_us > 0 ? g_get_real_time () + self->hold_us : 0;
  id = chorus_store_outbox_add_validation (self->store, invoice_id, action,
                                           chorus_status_validation_needs_motif (action) ? motif : NULL,
                                           chorus_status_validation_needs_motif (action) ? motif_label : NULL,
                                           clean_complement, not_before, error);
  if (id == 0)
    return 0;
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  /* Held for the user's undo as a processing action is: sent by the flush due when the hold ends. */
  if (not_before != 0)
    chorus_sync_schedule_held (self);
  else
    chorus_sync_start_flush (self);
  return id;
}

/* Refusal motifs ------------------------------------------------------------------------------- */

static void
motifs_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  const char *cadre = task_data;
  g_autofree char *list = g_strconcat (REFUSAL_MOTIFS_LIST, cadre, NULL);
  g_autoptr(ChorusPage) page = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GError) error = NULL;

  page = chorus_client_get_references_sync (self->client, CHORUS_REFERENCE_REFUSAL_MOTIFS, cadre, cancellable, &error);
  if (page != NULL)
    {
      g_autoptr(GError) store_error = NULL;

      chorus_sync_set_online (self, TRUE);
      if (!chorus_store_set_reference_items (self->store, list, 0, page->items, &store_error))
        g_warning ("The refusal motifs could not be kept: %s", store_error->message);
      g_task_return_pointer (task, g_ptr_array_ref (page->items), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  /* Offline: the list last read, so that a refusal can still be queued. */
  if (chorus_sync_is_offline_error (error))
    {
      chorus_sync_set_online (self, FALSE);
      cached = chorus_store_list_reference_items (self->store, list, 0, NULL);
      if (cached != NULL && cached->len > 0)
        {
          g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      g_clear_error (&error);
      g_set_error_literal (&error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                           _("Chorus Pro cannot be reached and its list of refusal reasons was never downloaded."));
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

void
chorus_sync_get_refusal_motifs_async (ChorusSync          *self,
                                      const char          *cadre,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));
  g_return_if_fail (cadre != NULL && *cadre != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_get_refusal_motifs_async);
  g_task_set_task_data (task, g_strdup (cadre), g_free);
  g_task_run_in_thread (task, motifs_thread);
}

GPtrArray *
chorus_sync_get_refusal_motifs_finish (ChorusSync    *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
