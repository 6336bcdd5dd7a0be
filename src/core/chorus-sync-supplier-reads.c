/* chorus-sync-supplier-reads.c: what the supplier side reads from Chorus Pro: the reference lists a
 * deposit needs (payment modes, VAT rates, bank details; kept for offline use) and the reports of
 * deposited flows (the last one read kept with its outbox action).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-json.h"
#include "chorus-sync-outbox-private.h"
#include "chorus-sync-private.h"

/* Reference lists -------------------------------------------------------------------------------- */

static gboolean
refresh_list (ChorusSync *self, const char *list, gint64 structure_id, ChorusPage *page, GError *fetch_error,
              GError **error)
{
  if (page == NULL)
    {
      if (chorus_sync_is_offline_error (fetch_error))
        chorus_sync_set_online (self, FALSE);
      g_propagate_error (error, fetch_error);
      return FALSE;
    }
  chorus_sync_set_online (self, TRUE);
  return chorus_store_set_reference_items (self->store, list, structure_id, page->items, error);
}

static void
references_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 structure_id = *(gint64 *) task_data;
  g_autoptr(GError) error = NULL;
  GError *fetch_error = NULL;
  g_autoptr(ChorusPage) modes = chorus_client_get_references_sync (self->client, CHORUS_REFERENCE_PAYMENT_MODES, NULL,
                                                                   cancellable, &fetch_error);
  gboolean ok = refresh_list (self, CHORUS_STORE_LIST_PAYMENT_MODES, 0, modes, fetch_error, &error);

  /* Each list is kept as soon as it comes: one that fails leaves the last known one. */
  if (ok || !chorus_sync_is_offline_error (error))
    {
      g_autoptr(ChorusPage) rates = NULL;

      fetch_error = NULL;
      rates = chorus_client_get_references_sync (self->client, CHORUS_REFERENCE_VAT_RATES, NULL, cancellable,
                                                 &fetch_error);
      ok = refresh_list (self, CHORUS_STORE_LIST_VAT_RATES, 0, rates, fetch_error, error ? NULL : &error) && ok;
    }
  if (structure_id > 0 && (ok || !chorus_sync_is_offline_error (error)))
    {
      g_autoptr(ChorusPage) banks = NULL;

      fetch_error = NULL;
      banks = chorus_client_get_bank_details_sync (self->client, structure_id, cancellable, &fetch_error);
      ok = refresh_list (self, CHORUS_STORE_LIST_BANK_DETAILS, structure_id, banks, fetch_error,
                         error ? NULL : &error) && ok;
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
chorus_sync_refresh_references_async (ChorusSync          *self,
                                      gint64               structure_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_refresh_references_async, g_memdup2 (&structure_id, sizeof structure_id),
                        g_free, references_thread, cancellable, callback, user_data);
}

gboolean
chorus_sync_refresh_references_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Flux reports ----------------------------------------------------------------------------------- */

/* The report saved in the action's result ("report"), or NULL. */
static JsonObject *
saved_report (ChorusAction *action)
{
  g_autoptr(JsonObject) result = chorus_json_parse_object (action->result != NULL ? action->result : "{}", -1, NULL);
  JsonObject *report = NULL;

  if (result != NULL && chorus_json_get_object (result, "report", &report, NULL) && report != NULL)
    return json_object_ref (report);
  return NULL;
}

static void
flow_report_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 action_id = *(gint64 *) task_data;
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flow_number = NULL;
  ChorusFlowReport *report;

  action = chorus_store_outbox_get (self->store, action_id, &error);
  if (action == NULL || (result = chorus_json_parse_object (action->result != NULL ? action->result : "{}", -1,
                                                            &error)) == NULL ||
      !chorus_json_get_string (result, "flowNumber", &flow_number, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (flow_number == NULL)
    {
      g_task_return_new_error (task, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                               _("This flux was not accepted by Chorus Pro: it has no report."));
      return;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "numeroFluxDepot", flow_number);
  answer = chorus_client_call_sync (self->client, "transverses/v1/consulterCRDetaille", body, cancellable, &error);
  if (answer == NULL)
    {
      /* Offline: the last report read is still worth showing. */
      if (chorus_sync_is_offline_error (error))
        chorus_sync_set_online (self, FALSE);
      saved = chorus_sync_is_offline_error (error) ? saved_report (action) : NULL;
      report = saved != NULL ? chorus_decode_flow_report (saved, NULL) : NULL;
      if (report != NULL)
        g_task_return_pointer (task, report, (GDestroyNotify) chorus_flow_report_free);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  chorus_sync_set_online (self, TRUE);
  report = chorus_decode_flow_report (answer, &error);
  if (report == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
    g_autofree char *text = NULL;

    json_object_set_object_member (result, "report", json_object_ref (answer));
    json_node_set_object (node, result);
    text = json_to_string (node, FALSE);
    if (!chorus_store_outbox_set_result (self->store, action_id, text, &error))
      g_warning ("Could not keep the report of flux %s: %s", flow_number, error->message);
  }
  g_task_return_pointer (task, report, (GDestroyNotify) chorus_flow_report_free);
}

void
chorus_sync_fetch_flow_report_async (ChorusSync          *self,
                                     gint64               action_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_flow_report_async, g_memdup2 (&action_id, sizeof action_id), g_free,
                        flow_report_thread, cancellable, callback, user_data);
}

ChorusFlowReport *
chorus_sync_fetch_flow_report_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

ChorusFlowReport *
chorus_sync_get_saved_flow_report (ChorusSync *self, gint64 action_id)
{
  g_autoptr(ChorusAction) action = NULL;
  g_autoptr(JsonObject) saved = NULL;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);

  action = chorus_store_outbox_get (self->store, action_id, NULL);
  saved = action != NULL ? saved_report (action) : NULL;
  return saved != NULL ? chorus_decode_flow_report (saved, NULL) : NULL;
}
