/* chorus-sync-works.c: reading works pieces on worker threads, queueing works actions in the outbox,
 * and sending them (called by the outbox's sender, chorus-sync-outbox.c). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-private.h"
#include "chorus-deposit-file.h"
#include "chorus-json.h"
#include "chorus-sync-private.h"
#include "chorus-sync-works.h"

/* --- reads ------------------------------------------------------------------------------- */

/* An offline error as the user reads it; other errors pass unchanged. */
static void
return_read_error (ChorusSync *self, GTask *task, GError *error, const char *offline_message)
{
  g_task_return_error (task, chorus_sync_read_error (self, error, offline_message));
}

/* The query with its own copies of the strings and statuses, for the worker thread. */
typedef struct {
  ChorusWorksQuery  query;
  GStrv             strings;
  ChorusStatus     *statuses;
} QueryCopy;

static void
query_copy_free (QueryCopy *copy)
{
  g_strfreev (copy->strings);
  g_free (copy->statuses);
  g_free (copy);
}

static QueryCopy *
query_copy_new (const ChorusWorksQuery *query)
{
  QueryCopy *copy = g_new0 (QueryCopy, 1);
  const char **fields[] = {
    &copy->query.number, &copy->query.market_number, &copy->query.engagement_number, &copy->query.deposit_from,
    &copy->query.deposit_to, &copy->query.invoice_date_from, &copy->query.invoice_date_to,
  };

  copy->query = *query;
  copy->strings = g_new0 (char *, G_N_ELEMENTS (fields) + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      copy->strings[i] = g_strdup (*fields[i]);
      *fields[i] = copy->strings[i];
    }
  copy->statuses = g_memdup2 (query->statuses, sizeof (ChorusStatus) * query->n_statuses);
  copy->query.statuses = copy->statuses;
  return copy;
}

static void
page_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  QueryCopy *copy = task_data;
  GError *error = NULL;
  ChorusWorksPage *page = chorus_client_works_search_sync (self->client, &copy->query, cancellable, &error);

  if (page == NULL)
    {
      return_read_error (self, task, error, _("Chorus Pro cannot be reached: the works pieces cannot be listed."));
      return;
    }
  chorus_sync_set_online (self, TRUE);
  g_task_return_pointer (task, page, (GDestroyNotify) chorus_works_page_free);
}

void
chorus_sync_fetch_works_page_async (ChorusSync             *self,
                                    const ChorusWorksQuery *query,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  g_return_if_fail (query != NULL);

  chorus_sync_run_task (self, chorus_sync_fetch_works_page_async, query_copy_new (query), (GDestroyNotify) query_copy_free,
                        page_thread, cancellable, callback, user_data);
}

ChorusWorksPage *
chorus_sync_fetch_works_page_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

static void
dossier_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 piece_id = *(gint64 *) task_data;
  GError *error = NULL;
  g_autoptr(ChorusWorksPage) page = chorus_client_works_dossier_sync (self->client, piece_id, cancellable, &error);
  g_autoptr(ChorusWorksPiece) detail = NULL;

  if (page == NULL)
    {
      return_read_error (self, task, error, _("Chorus Pro cannot be reached: the billing file cannot be shown."));
      return;
    }
  chorus_sync_set_online (self, TRUE);
  /* consulter knows the exact cadre and the piece's files; without it the list still stands. */
  detail = chorus_client_works_consult_sync (self->client, piece_id, cancellable, NULL);
  for (guint i = 0; detail != NULL && i < page->pieces->len; i++)
    if (((ChorusWorksPiece *) g_ptr_array_index (page->pieces, i))->id == piece_id)
      {
        ChorusWorksPiece *listed = g_ptr_array_index (page->pieces, i);

        /* The dossier's links win over a detail that does not give them. */
        if (detail->previous_id == 0)
          detail->previous_id = listed->previous_id;
        if (detail->next_id == 0)
          detail->next_id = listed->next_id;
        if (detail->dossier == NULL)
          detail->dossier = g_strdup (listed->dossier);
        g_ptr_array_index (page->pieces, i) = g_steal_pointer (&detail);
        chorus_works_piece_free (listed);
      }
  g_task_return_pointer (task, chorus_works_order_dossier (page->pieces), (GDestroyNotify) g_ptr_array_unref);
}

void
chorus_sync_fetch_works_dossier_async (ChorusSync          *self,
                                       gint64               piece_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_works_dossier_async, g_memdup2 (&piece_id, sizeof piece_id), g_free,
                        dossier_thread, cancellable, callback, user_data);
}

GPtrArray *
chorus_sync_fetch_works_dossier_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

/* Works pieces have no row in the invoices table, which the file cache
 * hangs on: their PDF is fetched each time it is shown. */
static void
pdf_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 piece_id = *(gint64 *) task_data;
  GError *error = NULL;
  g_autoptr(GBytes) pdf = chorus_client_works_download_sync (self->client, piece_id, cancellable, &error);

  if (pdf == NULL)
    {
      return_read_error (self, task, error, _("Chorus Pro cannot be reached: the PDF of this piece is not kept on this computer."));
      return;
    }
  chorus_sync_set_online (self, TRUE);
  g_task_return_pointer (task, g_steal_pointer (&pdf), (GDestroyNotify) g_bytes_unref);
}

void
chorus_sync_fetch_works_pdf_async (ChorusSync          *self,
                                   gint64               piece_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_works_pdf_async, g_memdup2 (&piece_id, sizeof piece_id), g_free,
                        pdf_thread, cancellable, callback, user_data);
}

GBytes *
chorus_sync_fetch_works_pdf_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

static void
structures_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  GError *error = NULL;

  for (guint page_number = 1;; page_number++)
    {
      g_autoptr(ChorusPage) page = chorus_client_get_user_attachments_sync (self->client, page_number, 100,
                                                                            cancellable, &error);

      if (page == NULL)
        {
          g_autoptr(GPtrArray) stored = NULL;

          if (!chorus_sync_is_offline_error (error))
            {
              g_task_return_error (task, error);
              return;
            }
          /* Offline: the structures kept from the last time. */
          chorus_sync_set_online (self, FALSE);
          g_clear_error (&error);
          stored = chorus_store_list_structures (self->store, &error);
          if (stored == NULL)
            {
              g_task_return_error (task, error);
              return;
            }
          /* With the services the attachments gave (the works search offers the MOA's). */
          for (guint i = 0; i < stored->len; i++)
            {
              ChorusStructure *structure = g_ptr_array_index (stored, i);

              structure->services = chorus_store_list_services (self->store, structure->id, NULL);
            }
          g_task_return_pointer (task, g_steal_pointer (&stored), (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (all, chorus_structure_copy (g_ptr_array_index (page->items, i)));
      if (page->items->len == 0 || page_number >= page->pages)
        break;
    }
  chorus_sync_set_online (self, TRUE);
  if (!chorus_store_upsert_structures (self->store, all, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&all), (GDestroyNotify) g_ptr_array_unref);
}

void
chorus_sync_fetch_structures_async (ChorusSync          *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));

  chorus_sync_run_task (self, chorus_sync_fetch_structures_async, NULL, NULL, structures_thread, cancellable, callback,
                        user_data);
}

GPtrArray *
chorus_sync_fetch_structures_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  return chorus_sync_task_finish (self, result, error);
}

/* --- writes ------------------------------------------------------------------------------ */

static const struct {
  ChorusWorksAction action;
  ChorusActionKind  kind;
} kinds[] = {
  { CHORUS_WORKS_ACTION_ASSOCIATE, CHORUS_ACTION_KIND_WORKS_SUBMIT },
  { CHORUS_WORKS_ACTION_SUSPEND, CHORUS_ACTION_KIND_WORKS_SUSPEND },
  { CHORUS_WORKS_ACTION_REFUSE, CHORUS_ACTION_KIND_WORKS_REFUSE },
  { CHORUS_WORKS_ACTION_ASK_RECYCLE, CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE },
  { CHORUS_WORKS_ACTION_RECYCLE, CHORUS_ACTION_KIND_WORKS_RECYCLE },
  { CHORUS_WORKS_ACTION_COMPLETE, CHORUS_ACTION_KIND_WORKS_COMPLETE },
  { CHORUS_WORKS_ACTION_COMPLETE_MOE, CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE },
};

gint64
chorus_sync_works_action_piece (const ChorusAction *action)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *payload;

  if (action == NULL || chorus_sync_works_action_of_kind (action->kind) == CHORUS_WORKS_ACTION_LAST)
    return 0;
  node = json_from_string (action->payload, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  payload = json_node_get_object (node);
  /* A deposit is about the piece it follows. */
  return json_object_get_int_member_with_default (payload, action->kind == CHORUS_ACTION_KIND_WORKS_SUBMIT ? "previousId"
                                                                                                          : "pieceId", 0);
}

GHashTable *
chorus_sync_works_pending (ChorusSync *self)
{
  g_autoptr(GPtrArray) open = NULL;
  GHashTable *pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_return_val_if_fail (CHORUS_IS_SYNC (self), pending);

  open = chorus_store_outbox_list_open (self->store, NULL);
  for (guint i = 0; open != NULL && i < open->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (open, i);
      gint64 piece = chorus_sync_works_action_piece (action);

      if (piece != 0)
        g_hash_table_insert (pending, g_memdup2 (&piece, sizeof piece),
                             GINT_TO_POINTER (chorus_sync_works_action_of_kind (action->kind)));
    }
  return pending;
}

ChorusWorksAction
chorus_sync_works_action_of_kind (ChorusActionKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].action;
  return CHORUS_WORKS_ACTION_LAST;
}

static gint64
enqueue (ChorusSync *self, ChorusActionKind kind, JsonNode *payload, GError **error)
{
  g_autofree char *text = json_to_string (payload, FALSE);
  gint64 id = chorus_store_outbox_add (self->store, kind, 0, text, error);

  if (id != 0)
    {
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
      chorus_sync_start_flush (self);
    }
  return id;
}

gint64
chorus_sync_enqueue_works_deposit (ChorusSync               *self,
                                   const ChorusWorksDeposit *deposit,
                                   GError                  **error)
{
  g_autoptr(ChorusWorksDeposit) copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (deposit != NULL, 0);

  problems = chorus_works_deposit_check (deposit, NULL);
  if (problems->len > 0)
    {
      g_autofree char *text = chorus_deposit_problems_join (problems);

      g_set_error_literal (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, text);
      return 0;
    }
  copy = chorus_works_deposit_copy (deposit);
  g_free (copy->pdf_path);
  copy->pdf_path = chorus_sync_keep_file (self, deposit->pdf_path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error);
  if (copy->pdf_path == NULL)
    return 0;
  node = chorus_works_deposit_to_json (copy);
  return enqueue (self, CHORUS_ACTION_KIND_WORKS_SUBMIT, node, error);
}

gint64
chorus_sync_enqueue_works_action (ChorusSync          *self,
                                  ChorusWorksAction    action,
                                  gint64               piece_id,
                                  const char          *comment,
                                  const char * const  *files,
                                  GError             **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *clean = g_strstrip (g_strdup (comment != NULL ? comment : ""));
  JsonObject *payload = json_object_new ();
  gboolean completes = action == CHORUS_WORKS_ACTION_COMPLETE || action == CHORUS_WORKS_ACTION_COMPLETE_MOE;
  ChorusActionKind kind = 0;

  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail (piece_id > 0, 0);
  g_return_val_if_fail (action != CHORUS_WORKS_ACTION_ASSOCIATE && action < CHORUS_WORKS_ACTION_LAST, 0);

  json_node_take_object (node, payload);
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].action == action)
      kind = kinds[i].kind;

  if ((action == CHORUS_WORKS_ACTION_SUSPEND || action == CHORUS_WORKS_ACTION_REFUSE) && *clean == '\0')
    {
      g_set_error_literal (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                           action == CHORUS_WORKS_ACTION_SUSPEND
                           ? _("Say what is missing: the depositor reads it to complete the piece.")
                           : _("Say which routing data is wrong (recipient, project manager, contracting authority or service)."));
      return 0;
    }
  if (completes && *clean == '\0' && (files == NULL || files[0] == NULL))
    {
      g_set_error_literal (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID,
                           _("Add the missing documents or say what you changed."));
      return 0;
    }
  json_object_set_int_member (payload, "pieceId", piece_id);
  if (*clean != '\0')
    json_object_set_string_member (payload, "comment", clean);
  if (completes && files != NULL && files[0] != NULL)
    {
      JsonArray *kept = json_array_new ();

      json_object_set_array_member (payload, "files", kept);
      for (guint i = 0; files[i] != NULL; i++)
        {
          g_autofree char *copy = chorus_sync_keep_file (self, files[i], CHORUS_DEPOSIT_MAX_FILE_BYTES, error);

          if (copy == NULL)
            return 0;
          json_array_add_string_element (kept, copy);
        }
    }
  return enqueue (self, kind, node, error);
}

/* Works actions ---------------------------------------------------------------------------------- */

gboolean
chorus_sync_is_works_kind (ChorusActionKind kind)
{
  return chorus_sync_works_action_of_kind (kind) != CHORUS_WORKS_ACTION_LAST;
}

/* The piece as the server now has it: consulter, else its line in its billing file. */
ChorusWorksPiece *
chorus_sync_server_piece (ChorusSync *self, gint64 piece_id, GCancellable *cancellable, GError **error)
{
  g_autoptr(ChorusWorksPage) dossier = NULL;
  GError *local = NULL;
  ChorusWorksPiece *piece = chorus_client_works_consult_sync (self->client, piece_id, cancellable, &local);

  if (piece != NULL || chorus_sync_is_offline_error (local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return piece;
    }
  g_clear_error (&local);
  dossier = chorus_client_works_dossier_sync (self->client, piece_id, cancellable, error);
  for (guint i = 0; dossier != NULL && i < dossier->pieces->len; i++)
    if (((ChorusWorksPiece *) g_ptr_array_index (dossier->pieces, i))->id == piece_id)
      return chorus_works_piece_copy (g_ptr_array_index (dossier->pieces, i));
  if (dossier != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, piece_id);

      g_set_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID, _("The works piece %s is no longer visible."), id);
    }
  return NULL;
}

static ChorusWorksDeposit *
action_works_deposit (ChorusAction *action, GError **error)
{
  g_autoptr(JsonNode) node = json_from_string (action->payload, error);

  return node != NULL ? chorus_works_deposit_from_json (node, error) : NULL;
}

static void
works_result_put (JsonObject *result, const ChorusWorksResult *answer)
{
  if (answer->piece_id != 0)
    json_object_set_int_member (result, "pieceId", answer->piece_id);
  if (answer->previous_id != 0)
    json_object_set_int_member (result, "previousId", answer->previous_id);
#define PUT(key, field) if (answer->field != NULL) json_object_set_string_member (result, key, answer->field);
  PUT ("number", number) PUT ("dossier", dossier) PUT ("status", status_code) PUT ("date", date)
  PUT ("certificate", certificate)
#undef PUT
}

static void
works_piece_put (JsonObject *result, const ChorusWorksPiece *piece)
{
  json_object_set_int_member (result, "pieceId", piece->id);
  if (piece->number != NULL)
    json_object_set_string_member (result, "number", piece->number);
  if (piece->status_code != NULL)
    json_object_set_string_member (result, "status", piece->status_code);
  if (piece->deposit_date != NULL && !json_object_has_member (result, "date"))
    json_object_set_string_member (result, "date", piece->deposit_date);
}

/* A deposit reached the server when its depositor's search finds a piece with its number,
 * type and amount; for a next piece, the previous piece must name it as its next one. */
static gboolean
works_deposit_applied (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable,
                       GError **error)
{
  g_autoptr(ChorusWorksDeposit) deposit = action_works_deposit (action, error);
  g_autoptr(ChorusWorksPage) page = NULL;
  g_autoptr(ChorusWorksPiece) previous = NULL;
  ChorusWorksQuery query;

  if (deposit == NULL)
    return FALSE;
  /* The upload's id is recorded before soumettre leaves: without it, soumettre never did. */
  if (chorus_sync_result_int (result, "attachmentId") == 0)
    return FALSE;
  if (deposit->previous_id != 0)
    {
      previous = chorus_sync_server_piece (self, deposit->previous_id, cancellable, error);
      if (previous == NULL)
        return FALSE;
      if (previous->next_id == 0)
        return FALSE;
    }
  chorus_works_query_init (&query);
  query.role = deposit->role;
  query.number = deposit->number;
  query.page_size = 100;
  page = chorus_client_works_search_sync (self->client, &query, cancellable, error);
  if (page == NULL)
    return FALSE;
  for (guint i = 0; i < page->pieces->len; i++)
    {
      ChorusWorksPiece *found = g_ptr_array_index (page->pieces, i);

      if (g_strcmp0 (found->number, deposit->number) != 0 || found->amount_ht != deposit->amount_ht ||
          found->type != chorus_works_cadre_type (deposit->cadre))
        continue;
      if (previous != NULL && previous->next_id != found->id)
        continue;
      works_piece_put (result, found);
      return TRUE;
    }
  return FALSE;
}

gboolean
chorus_sync_works_action_applied (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable,
                      GError **error)
{
  ChorusWorksAction works_action = chorus_sync_works_action_of_kind (action->kind);
  g_autoptr(ChorusWorksPiece) piece = NULL;

  if (action->kind == CHORUS_ACTION_KIND_WORKS_SUBMIT)
    return works_deposit_applied (self, action, result, cancellable, error);
  piece = chorus_sync_server_piece (self, chorus_sync_works_action_piece (action), cancellable, error);
  if (piece == NULL || !chorus_works_action_took_effect (works_action, piece->status))
    return FALSE;
  /* If the piece already looked processed before the first send (or could not be read), the
   * server refused ours: what it shows now is someone else's doing. */
  if (json_object_has_member (result, "before") &&
      (chorus_sync_before_status (result) == CHORUS_STATUS_UNKNOWN ||
       chorus_works_action_took_effect (works_action, chorus_sync_before_status (result))))
    return FALSE;
  works_piece_put (result, piece);
  if (piece->previous_id != 0 && works_action == CHORUS_WORKS_ACTION_ASK_RECYCLE)
    json_object_set_int_member (result, "previousId", piece->previous_id);
  return TRUE;
}

/* Uploads @path with ajouter/fichier, within the platform's size for one file; its id cites it. */
static gint64
upload_file (ChorusSync *self, const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr(ChorusActionResult) upload = NULL;
  g_autoptr(GBytes) bytes = chorus_deposit_file_map (path, CHORUS_DEPOSIT_MAX_FILE_BYTES, error);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *content_type = g_content_type_guess (name, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (content_type);
  g_autofree char *extension = NULL;
  const char *dot = strrchr (name, '.');

  if (bytes == NULL)
    return 0;
  extension = g_ascii_strup (dot != NULL ? dot + 1 : "PDF", -1);
  upload = chorus_client_add_file_sync (self->client, bytes, name, extension, mime, cancellable, error);
  return upload != NULL ? upload->attachment_id : 0;
}

gboolean
chorus_sync_works_action_send (ChorusSync *self, ChorusAction *action, JsonObject *result, GCancellable *cancellable,
                   GError **error)
{
  g_autoptr(ChorusWorksResult) answer = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *comment = NULL;
  gint64 piece_id = chorus_sync_works_action_piece (action);

  if (action->kind == CHORUS_ACTION_KIND_WORKS_SUBMIT)
    {
      g_autoptr(ChorusWorksDeposit) deposit = action_works_deposit (action, error);
      gint64 attachment_id = chorus_sync_result_int (result, "attachmentId");

      if (deposit == NULL)
        return FALSE;
      /* An upload alone changes nothing visible; its id is kept so a retry does not upload again. */
      if (attachment_id == 0)
        {
          attachment_id = upload_file (self, deposit->pdf_path, cancellable, error);
          if (attachment_id == 0)
            return FALSE;
          json_object_set_int_member (result, "attachmentId", attachment_id);
          if (!chorus_sync_save_result (self, action, result, error))
            return FALSE;
        }
      answer = chorus_client_works_submit_sync (self->client, deposit, attachment_id, cancellable, error);
    }
  else
    {
      payload = chorus_sync_parse_result (action->payload, error);
      if (payload == NULL || !chorus_json_get_string (payload, "comment", &comment, error))
        return FALSE;
      switch (action->kind)
        {
        case CHORUS_ACTION_KIND_WORKS_SUSPEND:
          answer = chorus_client_works_suspend_sync (self->client, piece_id, comment, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_REFUSE:
          answer = chorus_client_works_refuse_sync (self->client, piece_id, comment, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE:
          answer = chorus_client_works_ask_recycle_sync (self->client, piece_id, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_RECYCLE:
          answer = chorus_client_works_recycle_sync (self->client, piece_id, comment, cancellable, error);
          break;
        case CHORUS_ACTION_KIND_WORKS_COMPLETE:
        case CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE:
          {
            JsonArray *files = NULL;
            JsonArray *ids = NULL;
            g_autoptr(GArray) id_values = g_array_new (FALSE, FALSE, sizeof (gint64));
            g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

            if (!chorus_json_get_array (payload, "files", &files, error))
              return FALSE;
            if (!json_object_has_member (result, "attachmentIds"))
              json_object_set_array_member (result, "attachmentIds", json_array_new ());
            ids = json_object_get_array_member (result, "attachmentIds");
            /* Each upload is recorded at once: a retry sends only the files still missing. */
            for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
              {
                const char *path = json_array_get_string_element (files, i);
                gint64 id = i < json_array_get_length (ids) ? json_array_get_int_element (ids, i) : 0;

                if (id == 0)
                  {
                    id = upload_file (self, path, cancellable, error);
                    if (id == 0)
                      return FALSE;
                    json_array_add_int_element (ids, id);
                    if (!chorus_sync_save_result (self, action, result, error))
                      return FALSE;
                  }
                g_array_append_val (id_values, id);
                g_ptr_array_add (names, g_path_get_basename (path));
              }
            g_ptr_array_add (names, NULL);
            answer = chorus_client_works_complete_sync (self->client, piece_id,
                                                        action->kind == CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE,
                                                        comment, (const gint64 *) (gpointer) id_values->data,
                                                        (const char * const *) names->pdata, id_values->len,
                                                        cancellable, error);
            break;
          }
        case CHORUS_ACTION_KIND_PROCESS:
        case CHORUS_ACTION_KIND_DEPOSIT_PDF:
        case CHORUS_ACTION_KIND_DEPOSIT_FLOW:
        case CHORUS_ACTION_KIND_COMPLETE:
        case CHORUS_ACTION_KIND_RECYCLE:
        case CHORUS_ACTION_KIND_WORKS_SUBMIT:
        default:
          g_return_val_if_reached (FALSE);
        }
    }
  if (answer == NULL)
    return FALSE;
  works_result_put (result, answer);
  return TRUE;
}
