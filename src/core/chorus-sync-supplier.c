/* chorus-sync-supplier.c: the supplier's actions: deposits, PDF reads, completions and recyclings,
 * queued in the outbox, then sent for the outbox's sender (chorus-sync-outbox.c), with the check
 * of whether one already went through. The reference lists a deposit needs and the reports of
 * deposited flows are read in chorus-sync-supplier-reads.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-private.h"
#include "chorus-deposit-draft.h"
#include "chorus-deposit-file.h"
#include "chorus-deposit-rules.h"
#include "chorus-json.h"
#include "chorus-status.h"
#include "chorus-store-unreadable.h"
#include "chorus-sync-outbox-private.h"
#include "chorus-sync-private.h"
#include "chorus-sync-works.h"
#include "chorus-zip-reader.h"

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

/* Supplier actions sent ------------------------------------------------------------------------ */

static void
result_put (JsonObject *result, const ChorusActionResult *answer)
{
  if (answer->invoice_id != 0)
    json_object_set_int_member (result, "invoiceId", answer->invoice_id);
  if (answer->invoice_number != NULL)
    json_object_set_string_member (result, "invoiceNumber", answer->invoice_number);
  if (answer->status_code != NULL)
    json_object_set_string_member (result, "status", answer->status_code);
  if (answer->date != NULL)
    json_object_set_string_member (result, "date", answer->date);
  if (answer->flow_number != NULL)
    json_object_set_string_member (result, "flowNumber", answer->flow_number);
  if (answer->certificate != NULL)
    json_object_set_string_member (result, "certificate", answer->certificate);
}

/* The files an action sends first ({"path", "name"} items), uploaded with ajouter/fichier unless
 * already: each id goes to @result's "uploads" (committed) before the next file, so a retry
 * sends only what is missing. Returns the uploaded attachments (id and platform name). */
static GPtrArray *
upload_files (ChorusSync    *self,
              ChorusAction  *action,
              JsonObject    *result,
              JsonArray     *files,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_attachment_free);
  JsonArray *uploads = NULL;

  if (!chorus_json_get_array (result, "uploads", &uploads, error))
    return NULL;
  if (uploads == NULL)
    {
      json_object_set_array_member (result, "uploads", json_array_new ());
      uploads = json_object_get_array_member (result, "uploads");
    }
  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      JsonObject *file = chorus_json_array_get_object (files, i, "files", error);
      g_autoptr(ChorusAttachment) attachment = g_new0 (ChorusAttachment, 1);
      g_autofree char *path = NULL;
      g_autofree char *extension = NULL;

      if (file == NULL || !chorus_json_get_string (file, "path", &path, error) ||
          !chorus_json_get_string (file, "name", &attachment->name, error))
        return NULL;
      if (i < json_array_get_length (uploads))
        attachment->id = json_array_get_int_element (uploads, i);
      if (attachment->id == 0)
        {
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(ChorusActionResult) upload = NULL;
          g_autofree char *text = NULL;
          g_autofree char *platform_name = NULL;
          g_autofree char *mime = NULL;

          if (path == NULL ||
              (bytes = chorus_deposit_file_map (path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL ||
              !chorus_attachment_check (attachment->name, (goffset) g_bytes_get_size (bytes), &platform_name,
                                        &extension, error))
            return NULL;
          mime = g_content_type_guess (attachment->name, NULL, 0, NULL);
          upload = chorus_client_add_file_sync (self->client, bytes, platform_name, extension, mime, cancellable, error);
          if (upload == NULL)
            return NULL;
          attachment->id = upload->attachment_id;
          while (json_array_get_length (uploads) < i)
            json_array_add_int_element (uploads, 0);
          /* In place: the ids stay in the order of the files they stand for. */
          if (i < json_array_get_length (uploads))
            json_node_set_int (json_array_get_element (uploads, i), attachment->id);
          else
            json_array_add_int_element (uploads, attachment->id);
          text = chorus_sync_json_to_string (result);
          if (!chorus_store_outbox_set_result (self->store, action->id, text, error))
            return NULL;
        }
      g_ptr_array_add (attachments, g_steal_pointer (&attachment));
    }
  return g_steal_pointer (&attachments);
}

static gboolean
result_flag (JsonObject *result, const char *key)
{
  JsonNode *node = json_object_get_member (result, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* YYYY-MM-DD, @days from the ISO 8601 time @iso (now when NULL or unreadable). */
static char *
date_around (const char *iso, int days)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) moved = g_date_time_add_days (when != NULL ? when : now, days);

  return g_date_time_format (moved, "%Y-%m-%d");
}

/* Issued invoices of the draft's supplier numbered like it; within the days around the flux's
 * sending when @sent_at is set (the supplier's numbers are unique: one of those is ours). */
static ChorusInvoice *
find_issued (ChorusSync          *self,
             ChorusDepositDraft  *draft,
             const char          *sent_at,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(ChorusInvoicePage) page = NULL;
  g_autofree char *from = NULL, *to = NULL;
  const char *number = chorus_invoice_get_number (draft->invoice);
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.supplier_id = chorus_invoice_get_supplier_id (draft->invoice);
  query.invoice_number = number;
  if (sent_at != NULL)
    {
      from = date_around (sent_at, -1);
      to = date_around (NULL, 1);
      query.deposit_from = from;
      query.deposit_to = to;
    }
  page = chorus_client_search_issued_sync (self->client, &query, cancellable, error);
  if (page == NULL)
    return NULL;
  for (guint i = 0; i < page->invoices->len; i++)
    {
      ChorusInvoice *found = g_ptr_array_index (page->invoices, i);

      if (g_strcmp0 (chorus_invoice_get_number (found), number) == 0)
        return g_object_ref (found);
    }
  return NULL;
}

/* Looks a flux up on the server: by its numeroFluxDepot when the answer brought one, else by its
 * invoice's number around the day it was sent (Chorus integrates a flux asynchronously: its
 * invoice may show up only later). TRUE when found, with @result filled. */
static gboolean
flow_found (ChorusSync    *self,
            ChorusAction  *action,
            JsonObject    *result,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(ChorusDepositDraft) draft = NULL;
  g_autoptr(ChorusInvoice) found = NULL;
  const char *flow_number = chorus_sync_result_string (result, "flowNumber");
  const char *number;

  if (flow_number != NULL)
    {
      g_autoptr(GError) report_error = NULL;
      g_autoptr(ChorusFlowReport) report = chorus_client_get_flow_report_sync (self->client, flow_number,
                                                                                 cancellable, &report_error);

      if (report != NULL)
        {
          if (report->state != NULL)
            json_object_set_string_member (result, "flowState", report->state);
          return TRUE;
        }
      /* Unknown to the compte-rendu service (yet): the invoice search may still find it. */
      if (!g_error_matches (report_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API))
        {
          g_propagate_error (error, g_steal_pointer (&report_error));
          return FALSE;
        }
    }
  draft = chorus_sync_action_draft (action, error);
  if (draft == NULL)
    return FALSE;
  number = chorus_invoice_get_number (draft->invoice);
  if (number == NULL || *number == '\0')
    return FALSE;
  found = find_issued (self, draft, chorus_sync_result_string (result, "sentAt"), cancellable, error);
  if (found == NULL)
    return FALSE;
  chorus_sync_result_put_invoice (result, found);
  return TRUE;
}

/* Whether @status is one the action takes the invoice out of: suspended for a completion, to
 * recycle for a recycling. */
static gboolean
action_leaves (ChorusActionKind kind, ChorusStatus status)
{
  return kind == CHORUS_ACTION_KIND_COMPLETE ? chorus_status_can_complete (status) : chorus_status_can_recycle (status);
}

static gint64
count_events (ChorusHistory *history, ChorusStatus status)
{
  gint64 n = 0;

  for (guint i = 0; i < history->events->len; i++)
    n += ((ChorusStatusEvent *) g_ptr_array_index (history->events, i))->status == status;
  return n;
}

/* The kinds whose "already applied?" check reads the status of what they act on: completing,
 * recycling, and the processing of a works piece. */
static gboolean
checks_status (ChorusActionKind kind)
{
  return kind == CHORUS_ACTION_KIND_COMPLETE || kind == CHORUS_ACTION_KIND_RECYCLE ||
         (chorus_sync_is_works_kind (kind) && kind != CHORUS_ACTION_KIND_WORKS_SUBMIT);
}

/* Before the first send of such an action, where its subject stands on the server: its status
 * and, for an invoice, how many times it has been in that status. Only against that can a later
 * check tell "ours went through" from "it was never suspended (to recycle, to process) and the
 * server refused ours": the status alone says the same in both. */
static gboolean
record_before (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(ChorusWorksPiece) piece = NULL;
  JsonObject *before;
  const char *status = NULL;
  gint64 times = 0;

  if (chorus_sync_is_works_kind (action->kind))
    {
      piece = chorus_sync_server_piece (self, chorus_sync_works_action_piece (action), cancellable, &local_error);
      if (piece != NULL)
        status = piece->status_code != NULL ? piece->status_code : chorus_status_to_api (piece->status);
    }
  else
    {
      history = chorus_client_get_history_sync (self->client, action->chorus_id, cancellable, &local_error);
      if (history != NULL)
        {
          status = history->current_status_code != NULL ? history->current_status_code
                                                         : chorus_status_to_api (history->current_status);
          times = count_events (history, history->current_status);
        }
    }
  /* Not to be had now (offline, cancelled, refused credentials): the caller waits. Refused by
   * the server (not visible): the action will be refused too, and taken as such. */
  if (piece == NULL && history == NULL && !g_error_matches (local_error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API) &&
      !g_error_matches (local_error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  before = json_object_new ();
  json_object_set_string_member (before, "status", status != NULL ? status : "");
  if (history != NULL)
    json_object_set_int_member (before, "times", times);
  json_object_set_object_member (result, "before", before);
  return chorus_sync_save_result (self, action, result, error);
}

/* Whether the action already took effect on the server, from its current state; fills
 * @result with what the server holds. FALSE with @error when that cannot be told now. */
static gboolean
supplier_action_applied (ChorusSync    *self,
                         ChorusAction  *action,
                         JsonObject    *result,
                         GCancellable  *cancellable,
                         GError       **error)
{
  switch (action->kind)
    {
    case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
      return flow_found (self, action, result, cancellable, error);
    case CHORUS_ACTION_KIND_DEPOSIT_PDF:
      {
        g_autoptr(ChorusDepositDraft) draft = chorus_sync_action_draft (action, error);
        g_autoptr(ChorusInvoice) found = NULL;
        g_autoptr(ChorusInvoice) full = NULL;
        gint64 attachment_id = chorus_sync_result_int (result, "attachmentId");
        const char *number;

        if (draft == NULL)
          return FALSE;
        number = chorus_invoice_get_number (draft->invoice);
        /* The upload's id is recorded before soumettre leaves: without it, soumettre never did. */
        if (number == NULL || *number == '\0' || attachment_id == 0)
          return FALSE;
        /* The supplier's invoices are unique by number: one with ours means it went through. */
        found = find_issued (self, draft, NULL, cancellable, error);
        if (found == NULL)
          return FALSE;
        /* Same number, but is it ours? Our upload is its main attachment. An earlier invoice with
         * this number means the server rightly refused a duplicate. */
        full = chorus_client_consult_invoice_sync (self->client, CHORUS_DIRECTION_ISSUED,
                                                   chorus_invoice_get_id (found), cancellable, error);
        if (full == NULL || chorus_invoice_get_main_attachment_id (full) != attachment_id)
          return FALSE;
        chorus_sync_result_put_invoice (result, found);
        return TRUE;
      }
    case CHORUS_ACTION_KIND_COMPLETE:
    case CHORUS_ACTION_KIND_RECYCLE:
      {
        g_autoptr(ChorusHistory) history = chorus_client_get_history_sync (self->client, action->chorus_id,
                                                                           cancellable, error);
        JsonNode *node = json_object_get_member (result, "before");
        JsonObject *before = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

        if (history == NULL)
          return FALSE;
        if (before != NULL)
          {
            /* Not suspended (to recycle) before the first send: the server refuses it, nothing of
             * ours went through. It was: ours went through if the invoice left that status since,
             * even if it came back to it. */
            ChorusStatus was = chorus_sync_before_status (result);

            if (!action_leaves (action->kind, was))
              return FALSE;
            if (history->current_status == was &&
                count_events (history, was) <= json_object_get_int_member_with_default (before, "times", 0))
              return FALSE;
          }
        else if (action_leaves (action->kind, history->current_status))
          return FALSE;  /* queued by an earlier version, without its "before": still there = not applied */
        json_object_set_int_member (result, "invoiceId", action->chorus_id);
        json_object_set_string_member (result, "status", history->current_status_code != NULL
                                                         ? history->current_status_code
                                                         : chorus_status_to_api (history->current_status));
        return TRUE;
      }
    case CHORUS_ACTION_KIND_READ_PDF:
      /* An upload alone changes nothing the user sees: uploading again is harmless. */
      return FALSE;
    case CHORUS_ACTION_KIND_WORKS_SUBMIT:
    case CHORUS_ACTION_KIND_WORKS_SUSPEND:
    case CHORUS_ACTION_KIND_WORKS_REFUSE:
    case CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE:
    case CHORUS_ACTION_KIND_WORKS_RECYCLE:
    case CHORUS_ACTION_KIND_WORKS_COMPLETE:
    case CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE:
      return chorus_sync_works_action_applied (self, action, result, cancellable, error);
    case CHORUS_ACTION_KIND_PROCESS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The outbox's copy of the deposited file, mapped, within what Chorus Pro accepts for it. */
static GBytes *
deposit_file (ChorusAction *action, ChorusDepositDraft *draft, GError **error)
{
  if (draft->pdf_path == NULL)
    {
      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("The invoice file is missing."));
      return NULL;
    }
  return chorus_deposit_file_map (draft->pdf_path,
                                  action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW ? CHORUS_DEPOSIT_MAX_TOTAL_BYTES
                                                                                  : CHORUS_DEPOSIT_MAX_FILE_BYTES,
                                  error);
}

/* Sends the action once; the answer goes in @result. */
static gboolean
supplier_action_send (ChorusSync    *self,
                      ChorusAction  *action,
                      JsonObject    *result,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(ChorusActionResult) answer = NULL;

  if (action->kind == CHORUS_ACTION_KIND_READ_PDF)
    {
      g_autoptr(ChorusDepositDraft) read = chorus_deposit_draft_new ();
      g_autoptr(JsonNode) read_node = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *path = NULL, *name = NULL;

      payload = chorus_sync_parse_result (action->payload, error);
      if (payload == NULL || !chorus_json_get_string (payload, "path", &path, error) ||
          !chorus_json_get_string (payload, "name", &name, error) || path == NULL ||
          (bytes = chorus_deposit_file_map (path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error)) == NULL)
        return FALSE;
      answer = chorus_client_deposit_pdf_sync (self->client, bytes, name, cancellable, error);
      if (answer == NULL)
        return FALSE;
      json_object_set_int_member (result, "attachmentId", answer->attachment_id);
      if (answer->read != NULL)
        g_set_object (&read->invoice, answer->read);
      read_node = chorus_deposit_draft_to_json (read);
      json_object_set_member (result, "read", g_steal_pointer (&read_node));
      return TRUE;
    }
  if (chorus_sync_is_works_kind (action->kind))
    return chorus_sync_works_action_send (self, action, result, cancellable, error);
  if (action->kind == CHORUS_ACTION_KIND_DEPOSIT_PDF || action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW)
    {
      g_autoptr(ChorusDepositDraft) draft = chorus_sync_action_draft (action, error);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      gint64 attachment_id;

      if (draft == NULL || (bytes = deposit_file (action, draft, error)) == NULL)
        return FALSE;
      name = g_path_get_basename (draft->pdf_path);
      if (action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW)
        answer = chorus_client_deposit_flow_sync (self->client, bytes, name, draft->flux_syntax, cancellable, error);
      else
        {
          /* An upload alone changes nothing visible: redoing it is harmless, but its id is kept
           * so that a retry does not upload again. */
          attachment_id = chorus_sync_result_int (result, "attachmentId");
          if (attachment_id == 0)
            {
              g_autoptr(ChorusActionResult) upload = chorus_client_deposit_pdf_sync (self->client, bytes, name,
                                                                                     cancellable, error);

              if (upload == NULL)
                return FALSE;
              attachment_id = upload->attachment_id;
              json_object_set_int_member (result, "attachmentId", attachment_id);
              if (!chorus_sync_save_result (self, action, result, error))
                return FALSE;
            }
          chorus_invoice_set_main_attachment_id (draft->invoice, attachment_id);
          /* The other documents, uploaded first, go with it as pièces jointes complémentaires. */
          if (draft->attachment_paths != NULL)
            {
              g_autoptr(JsonArray) files = json_array_new ();
              g_autoptr(GPtrArray) attachments = NULL;

              for (guint i = 0; draft->attachment_paths[i] != NULL; i++)
                {
                  JsonObject *file = json_object_new ();
                  g_autofree char *base = g_path_get_basename (draft->attachment_paths[i]);

                  json_object_set_string_member (file, "path", draft->attachment_paths[i]);
                  json_object_set_string_member (file, "name", base);
                  json_array_add_object_element (files, file);
                }
              attachments = upload_files (self, action, result, files, cancellable, error);
              if (attachments == NULL)
                return FALSE;
              chorus_invoice_set_attachments (draft->invoice, attachments);
            }
          answer = chorus_client_submit_sync (self->client, draft->invoice, cancellable, error);
        }
    }
  else
    {
      g_autofree char *comment = NULL;

      payload = chorus_sync_parse_result (action->payload, error);
      if (payload == NULL || !chorus_json_get_string (payload, "comment", &comment, error))
        return FALSE;
      if (action->kind == CHORUS_ACTION_KIND_COMPLETE)
        {
          JsonArray *files = NULL;
          g_autoptr(GPtrArray) attachments = NULL;

          /* The documents first, then one completer naming them all. */
          if (!chorus_json_get_array (payload, "files", &files, error) ||
              (attachments = upload_files (self, action, result, files, cancellable, error)) == NULL)
            return FALSE;
          answer = chorus_client_complete_sync (self->client, action->chorus_id, comment, attachments, cancellable,
                                                error);
        }
      else
        {
          g_autofree char *recipient = NULL, *service = NULL, *engagement = NULL;

          if (!chorus_json_get_string (payload, "recipient", &recipient, error) ||
              !chorus_json_get_string (payload, "service", &service, error) ||
              !chorus_json_get_string (payload, "engagement", &engagement, error))
            return FALSE;
          answer = chorus_client_recycle_sync (self->client, action->chorus_id, recipient, service, engagement,
                                               comment, cancellable, error);
        }
    }
  if (answer == NULL)
    return FALSE;
  result_put (result, answer);
  return TRUE;
}

/* The invoice as the server now has it, into the store at once, so that lists show the new or
 * changed invoice before the next pull; the pull would bring it anyway, so failures are ignored. */
static void
store_server_invoice (ChorusSync *self, JsonObject *result)
{
  gint64 invoice_id = chorus_sync_result_int (result, "invoiceId");
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(GPtrArray) one = NULL;

  if (invoice_id == 0)
    return;
  invoice = chorus_client_consult_invoice_sync (self->client, CHORUS_DIRECTION_ISSUED, invoice_id, NULL, NULL);
  if (invoice == NULL)
    return;
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_ISSUED);
  one = g_ptr_array_new ();
  g_ptr_array_add (one, invoice);
  chorus_store_upsert_invoices (self->store, one, NULL);
}

static void
finish_supplier (ChorusSync *self, ChorusAction *action, JsonObject *result, gboolean ok, const char *message)
{
  g_autofree char *text = NULL;

  if (ok)
    store_server_invoice (self, result);
  /* Found by the soak: the answer saved first (its "may be there" mark gone), then the outcome:
   * killed in between, a flux was still open without the mark, and sent again. One commit now. */
  json_object_remove_member (result, "pendingCheck");
  text = chorus_sync_json_to_string (result);
  chorus_sync_finish_action (self, action, ok, message, NULL, text);
}

/* A flux that may have reached Chorus Pro and was not found there (yet): looked up again later
 * while Chorus integrates it; after the last lookup, the user decides. Never sent again here. */
static ChorusSendOutcome
flow_not_found (ChorusSyncSender *sender, ChorusAction *action, JsonObject *result)
{
  ChorusSync *self = sender->self;
  g_autoptr(ChorusDepositDraft) draft = chorus_sync_action_draft (action, NULL);
  const char *number = draft != NULL ? chorus_invoice_get_number (draft->invoice) : NULL;
  gboolean searchable = (number != NULL && *number != '\0') || chorus_sync_result_string (result, "flowNumber") != NULL;
  guint lookups = (guint) chorus_sync_result_int (result, "lookups") + 1;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = draft != NULL && draft->pdf_path != NULL ? g_path_get_basename (draft->pdf_path)
                                                                     : g_strdup ("?");
  g_autofree char *message = NULL;

  json_object_set_int_member (result, "lookups", lookups);
  if (!chorus_sync_save_result (self, action, result, &error))
    g_warning ("Could not record the lookups of action %" G_GINT64_FORMAT ": %s", action->id, error->message);

  if (searchable && lookups < self->flow_lookups)
    {
      gint64 when = g_get_real_time () + (gint64) self->flow_lookup_interval_s * G_USEC_PER_SEC;
      g_autofree char *at = chorus_sync_format_local_time (when);

      message = g_strdup_printf (_("The answer to this flux was lost; Chorus Pro may still be integrating it. "
                                   "Looked up again at %s."), at);
      if (!chorus_store_outbox_postpone (self->store, action->id, when, message, &error))
        g_warning ("Could not postpone action %" G_GINT64_FORMAT ": %s", action->id, error->message);
      action->not_before = when;
      chorus_sync_schedule_flush (self, when);
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
      return CHORUS_SEND_LATER;
    }

  if (searchable)
    message = g_strdup_printf (_("The flux “%s” may have reached Chorus Pro, but its invoice %s could not be "
                                 "found there. Look for it in the Chorus Pro portal (deposited flows), then "
                                 "send it again or mark it as deposited."), file, number != NULL ? number : "");
  else
    message = g_strdup_printf (_("The flux “%s” may have reached Chorus Pro, and without its invoice number "
                                 "Chorus Desk cannot look for it. Look for it in the Chorus Pro portal "
                                 "(deposited flows), then send it again or mark it as deposited."), file);
  if (!chorus_store_outbox_set_to_check (self->store, action->id, message, &error))
    g_warning ("Could not record action %" G_GINT64_FORMAT " as to check: %s", action->id, error->message);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED, 0, action->id, FALSE, message);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  return CHORUS_SEND_DONE;
}

/* Before a flux leaves: "it may be there" is on disk, with the time it left (the lookup's
 * window). Only a failure that proves it never arrived clears it. */
static gboolean
mark_flow_sending (ChorusSync *self, ChorusAction *action, JsonObject *result, GError **error)
{
  if (!json_object_has_member (result, "sentAt"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *iso = g_date_time_format_iso8601 (now);

      json_object_set_string_member (result, "sentAt", iso);
    }
  json_object_set_boolean_member (result, "pendingCheck", TRUE);
  return chorus_sync_save_result (self, action, result, error);
}

ChorusSendOutcome
chorus_sync_send_supplier_action (ChorusSyncSender *sender, ChorusAction *action)
{
  ChorusSync *self = sender->self;
  GCancellable *cancellable = sender->cancellable;
  g_autoptr(JsonObject) result = chorus_sync_parse_result (action->result, NULL);
  gboolean flow = action->kind == CHORUS_ACTION_KIND_DEPOSIT_FLOW;

  if (result == NULL)
    result = json_object_new ();

  for (guint attempt = 0; attempt < CHORUS_SYNC_MAX_SEND_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) error = NULL;
      ChorusReadFailure failure;
      gboolean refused;

      if (chorus_sync_sender_stopped (sender))
        return CHORUS_SEND_STOP;
      if (attempt > 0 && !chorus_sync_sender_sleep (sender, _chorus_client_retry_delay_ms (self->client, attempt - 1)))
        return CHORUS_SEND_STOP;

      /* It may have reached the server already: ask first, never apply it twice. A flux that
       * may be there is never sent again on a guess. */
      if (flow ? result_flag (result, "pendingCheck") ||
                 /* answered, then stopped before it was recorded done (an earlier version's two commits) */
                 (action->state == CHORUS_ACTION_SENDING && chorus_sync_result_string (result, "flowNumber") != NULL)
               : action->state == CHORUS_ACTION_SENDING || action->attempts > 0)
        {
          if (supplier_action_applied (self, action, result, cancellable, &error))
            {
              chorus_sync_set_online (self, TRUE);
              finish_supplier (self, action, result, TRUE, NULL);
              return CHORUS_SEND_DONE;
            }
          failure = chorus_sync_read_failure (sender, action, &error);
          if (failure == CHORUS_READ_STOPPED)
            return CHORUS_SEND_STOP;
          if (failure == CHORUS_READ_AGAIN)
            continue;
          if (flow)
            {
              chorus_sync_set_online (self, TRUE);
              return flow_not_found (sender, action, result);
            }
          g_clear_error (&error);
        }

      /* Nothing of this action left yet: where the invoice stands now is what a later check
       * compares with. */
      if (checks_status (action->kind) && action->state == CHORUS_ACTION_PENDING && action->attempts == 0 &&
          !record_before (self, action, result, cancellable, &error))
        {
          failure = chorus_sync_read_failure (sender, action, &error);
          if (failure == CHORUS_READ_STOPPED)
            return CHORUS_SEND_STOP;
          if (failure == CHORUS_READ_AGAIN)
            continue;
          return chorus_sync_sender_stop (sender, g_steal_pointer (&error));
        }
      if (flow && !mark_flow_sending (self, action, result, &error))
        return chorus_sync_sender_stop (sender, g_steal_pointer (&error));
      if (!chorus_store_outbox_mark_sending (self->store, action->id, &error))
        return chorus_sync_sender_stop (sender, g_steal_pointer (&error));
      action->state = CHORUS_ACTION_SENDING;

      if (supplier_action_send (self, action, result, cancellable, &error))
        {
          chorus_sync_set_online (self, TRUE);
          finish_supplier (self, action, result, TRUE, NULL);
          return CHORUS_SEND_DONE;
        }
      if (flow && !chorus_client_error_outcome_unknown (error))
        {
          /* Refused, or never left: it is not on the server. */
          g_autoptr(GError) save_error = NULL;

          json_object_set_boolean_member (result, "pendingCheck", FALSE);
          if (!chorus_sync_save_result (self, action, result, &save_error))
            g_warning ("Could not record action %" G_GINT64_FORMAT ": %s", action->id, save_error->message);
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return chorus_sync_sender_stop (sender, g_steal_pointer (&error));

      refused = g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
      if (!refused && (error->domain == CHORUS_SYNC_ERROR || error->domain == G_FILE_ERROR ||
                       error->domain == JSON_PARSER_ERROR ||
                       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE) ||
                       (g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_TOO_LARGE) &&
                        !chorus_client_error_outcome_unknown (error))))
        {
          /* Our own input is unusable (the file was removed or is too large, the payload is
           * damaged): it fails alone, the rest goes on. */
          finish_supplier (self, action, result, FALSE, error->message);
          return CHORUS_SEND_DONE;
        }
      if (chorus_sync_must_postpone (error))
        return chorus_sync_postpone (sender, action, error);
      if (!refused && !chorus_sync_is_offline_error (error))
        return chorus_sync_sender_stop (sender, g_steal_pointer (&error));

      if (refused)
        {
          /* A refusal may mean an earlier attempt of this very action went through (e.g. "this
           * number already exists"): the server's state tells. */
          g_autoptr(GError) check_error = NULL;
          gboolean applied = supplier_action_applied (self, action, result, cancellable, &check_error);

          chorus_sync_set_online (self, TRUE);
          if (applied)
            finish_supplier (self, action, result, TRUE, NULL);
          else if (check_error != NULL && chorus_sync_is_offline_error (check_error))
            continue;
          else
            {
              const char *libelle = chorus_client_error_get_libelle (error);
              finish_supplier (self, action, result, FALSE, libelle != NULL && *libelle ? libelle : error->message);
            }
          return CHORUS_SEND_DONE;
        }
      /* Lost, timed out, throttled or garbled: loop, and check before sending again. */
    }

  chorus_sync_set_online (self, FALSE);
  return chorus_sync_sender_stop (sender, g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                                           _("Chorus Pro cannot be reached. The pending actions will be sent later.")));
}
