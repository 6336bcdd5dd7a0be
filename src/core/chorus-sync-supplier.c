/* chorus-sync-supplier.c: the supplier side of the sync: the reference lists a deposit needs (kept
 * for offline use), the reports of deposited flows, and the deposits, completions and recyclings
 * queued in the outbox (sent by chorus-sync-outbox.c). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-deposit-draft.h"
#include "chorus-deposit-file.h"
#include "chorus-deposit-rules.h"
#include "chorus-json.h"
#include "chorus-store-unreadable.h"
#include "chorus-sync-private.h"
#include "chorus-zip-reader.h"

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

/* Supplier actions queued ---------------------------------------------------------------------- */

/* Checks each file against the platform's attachment rules and keeps a copy of it:
 * [{"path": copy, "name": its name}], or NULL with a French error naming the file. */
static JsonArray *
keep_attachments (ChorusSync *self, const char * const *paths, GError **error)
{
  g_autoptr(JsonArray) files = json_array_new ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     NULL, error);
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *platform_name = NULL;
      g_autofree char *extension = NULL;
      g_autofree char *kept = NULL;
      JsonObject *item;

      if (info == NULL ||
          !chorus_attachment_check (base, g_file_info_get_size (info), &platform_name, &extension, error) ||
          (kept = chorus_sync_keep_file (self, paths[i], CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL)
        return NULL;
      item = json_object_new ();
      json_object_set_string_member (item, "path", kept);
      json_object_set_string_member (item, "name", base);
      json_array_add_object_element (files, item);
    }
  return g_steal_pointer (&files);
}

gint64
chorus_sync_enqueue_deposit (ChorusSync               *self,
                             const ChorusDepositDraft *draft,
                             GError                  **error)
{
  g_autoptr(ChorusDepositDraft) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) files = NULL;
  g_autoptr(GStrvBuilder) kept_paths = g_strv_builder_new ();
  g_autofree char *payload = NULL;
  g_autofree char *kept = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (draft != NULL && draft->invoice != NULL, 0);

  if (draft->pdf_path == NULL)
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("Choose the PDF of the invoice."));
      return 0;
    }
  /* A flux carries all the invoice's files, a PDF is one. */
  if ((kept = chorus_sync_keep_file (self, draft->pdf_path,
                         draft->flux_syntax != NULL ? CHORUS_DEPOSIT_MAX_TOTAL_BYTES : CHORUS_DEPOSIT_MAX_FILE_BYTES,
                         error)) == NULL)
    return 0;
  files = keep_attachments (self, (const char * const *) draft->attachment_paths, error);
  if (files == NULL)
    return 0;
  for (guint i = 0; i < json_array_get_length (files); i++)
    g_strv_builder_add (kept_paths, json_object_get_string_member (json_array_get_object_element (files, i), "path"));

  copy = chorus_deposit_draft_copy (draft);
  g_free (copy->pdf_path);
  copy->pdf_path = g_strdup (kept);
  g_strfreev (copy->attachment_paths);
  copy->attachment_paths = json_array_get_length (files) > 0 ? g_strv_builder_end (kept_paths) : NULL;
  /* The upload already made to read the PDF is the deposit's: soumettre names it. */
  chorus_invoice_set_main_attachment_id (copy->invoice, 0);
  node = chorus_deposit_draft_to_json (copy);
  payload = json_to_string (node, FALSE);
  id = chorus_store_outbox_add (self->store,
                                draft->flux_syntax != NULL ? CHORUS_ACTION_KIND_DEPOSIT_FLOW
                                                           : CHORUS_ACTION_KIND_DEPOSIT_PDF,
                                0, payload, error);
  if (id != 0 && draft->flux_syntax == NULL && chorus_invoice_get_main_attachment_id (draft->invoice) > 0)
    {
      g_autofree char *seed = g_strdup_printf ("{\"attachmentId\": %" G_GINT64_FORMAT "}",
                                               chorus_invoice_get_main_attachment_id (draft->invoice));

      if (!chorus_store_outbox_set_result (self->store, id, seed, error))
        return 0;
    }
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

gint64
chorus_sync_enqueue_read_pdf (ChorusSync  *self,
                              const char  *pdf_path,
                              GError     **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *kept = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (pdf_path != NULL, 0);

  if ((kept = chorus_sync_keep_file (self, pdf_path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL)
    return 0;
  base = g_path_get_basename (pdf_path);
  json_object_set_string_member (payload, "path", kept);
  json_object_set_string_member (payload, "name", base);
  text = chorus_sync_json_to_string (payload);
  id = chorus_store_outbox_add (self->store, CHORUS_ACTION_KIND_READ_PDF, 0, text, error);
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

gint64
chorus_sync_enqueue_complete (ChorusSync         *self,
                              gint64              invoice_id,
                              const char         *comment,
                              const char * const *file_paths,
                              GError            **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonArray) files = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (comment != NULL ? comment : ""));
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (invoice_id != 0, 0);

  if (*clean == '\0' && (file_paths == NULL || file_paths[0] == NULL))
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                   _("Add the missing documents, or say what you added to complete the invoice."));
      return 0;
    }
  files = keep_attachments (self, file_paths, error);
  if (files == NULL)
    return 0;
  if (*clean != '\0')
    json_object_set_string_member (payload, "comment", clean);
  json_object_set_array_member (payload, "files", g_steal_pointer (&files));
  text = chorus_sync_json_to_string (payload);
  id = chorus_store_outbox_add (self->store, CHORUS_ACTION_KIND_COMPLETE, invoice_id, text, error);
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}

gint64
chorus_sync_enqueue_recycle (ChorusSync  *self,
                             gint64       invoice_id,
                             const char  *recipient_code,
                             const char  *service_code,
                             const char  *engagement_number,
                             const char  *comment,
                             GError     **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (invoice_id != 0, 0);

  if (recipient_code == NULL || *recipient_code == '\0')
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("The recipient is missing."));
      return 0;
    }
  json_object_set_string_member (payload, "recipient", recipient_code);
  if (service_code != NULL && *service_code != '\0')
    json_object_set_string_member (payload, "service", service_code);
  if (engagement_number != NULL && *engagement_number != '\0')
    json_object_set_string_member (payload, "engagement", engagement_number);
  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (payload, "comment", comment);
  text = chorus_sync_json_to_string (payload);
  id = chorus_store_outbox_add (self->store, CHORUS_ACTION_KIND_RECYCLE, invoice_id, text, error);
  if (id != 0)
    chorus_sync_start_flush (self);
  return id;
}
