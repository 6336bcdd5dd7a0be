/* chorus-client-consult.c: consulter and consulter/historique, asked again page by page until every
 * sub-list (lines, VAT lines, attachments, history) is complete. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-client-decode.h"
#include "chorus-client-ops-private.h"

/* Follow-up requests for the rest of an invoice's sub-lists: 100 pages of 200 lines. */
#define MAX_FOLLOW_UPS 100

/* consulter and consulter/historique answer their sub-lists a page at a time (at most 200 by
 * default, §0.11). A list shorter than its total is noticed and its next pages asked for, one
 * request per page, the items appended in order. */
typedef struct {
  gboolean        is_history;
  ChorusDirection direction;
  gint64          id;
  gpointer        result;                          /* ChorusInvoice* or ChorusHistory* */
  guint           have[CHORUS_SUB_LIST_N];         /* items so far */
  guint           next_page[CHORUS_SUB_LIST_N];    /* 0 = complete */
  guint           page_size[CHORUS_SUB_LIST_N];
  ChorusSubList   pending;                         /* the list of the request in flight */
  guint           follow_ups;
} Completion;

static void
completion_free (Completion *c)
{
  if (c->result != NULL)
    {
      if (c->is_history)
        chorus_history_free (c->result);
      else
        g_object_unref (c->result);
    }
  g_free (c);
}

static Completion *
completion_new (gboolean is_history, ChorusDirection direction, gint64 id)
{
  Completion *c = g_new0 (Completion, 1);

  c->is_history = is_history;
  c->direction = direction;
  c->id = id;
  return c;
}

static JsonObject *
completion_first_body (Completion *c)
{
  return c->is_history ? chorus_client_build_history (c->id)
                       : chorus_client_build_consult (c->direction, c->id);
}

/* The sub-lists an answer of this kind carries. */
static gsize
completion_lists (Completion *c, const ChorusSubList **lists)
{
  static const ChorusSubList invoice_lists[] = { CHORUS_SUB_LIST_LINES, CHORUS_SUB_LIST_VAT,
                                                 CHORUS_SUB_LIST_ATTACHMENTS };
  static const ChorusSubList history_lists[] = { CHORUS_SUB_LIST_HISTORY };

  *lists = c->is_history ? history_lists : invoice_lists;
  return c->is_history ? G_N_ELEMENTS (history_lists) : G_N_ELEMENTS (invoice_lists);
}

/* The items of @list in a decoded answer, and how to copy one. */
static GPtrArray *
completion_items (gpointer result, ChorusSubList list, GBoxedCopyFunc *copy)
{
  switch (list)
    {
    case CHORUS_SUB_LIST_LINES:
      *copy = (GBoxedCopyFunc) chorus_invoice_line_copy;
      return chorus_invoice_get_lines (result);
    case CHORUS_SUB_LIST_VAT:
      *copy = (GBoxedCopyFunc) chorus_vat_line_copy;
      return chorus_invoice_get_vat_lines (result);
    case CHORUS_SUB_LIST_ATTACHMENTS:
      *copy = (GBoxedCopyFunc) chorus_attachment_copy;
      return chorus_invoice_get_attachments (result);
    case CHORUS_SUB_LIST_HISTORY:
    case CHORUS_SUB_LIST_N:
    default:
      *copy = (GBoxedCopyFunc) chorus_status_event_copy;
      return ((ChorusHistory *) result)->events;
    }
}

/* Records what @paging says of @list after a page asked as @asked_page brought @added items. */
static void
completion_note (Completion *c, ChorusSubList list, const ChorusSubListPaging *paging,
                 guint asked_page, guint added)
{
  guint page = paging->page > 0 ? paging->page : asked_page;
  gboolean more;

  c->next_page[list] = 0;
  if (!paging->present || added == 0)
    return;
  c->have[list] += added;
  if (asked_page == 1)
    c->page_size[list] = paging->page_size > 0 ? paging->page_size : added;
  if (paging->total > 0)
    more = c->have[list] < paging->total;
  else
    more = paging->pages > page;
  if (more)
    c->next_page[list] = page + 1;
}

/* Takes a decoded answer: the result itself for the first, one more page of c->pending after. */
static gboolean
completion_absorb (Completion *c, JsonObject *response, GError **error)
{
  const ChorusSubList *lists;
  gsize n_lists = completion_lists (c, &lists);
  gpointer page;

  page = c->is_history ? (gpointer) chorus_decode_history_page (response, error)
                       : (gpointer) chorus_decode_invoice (response, c->direction, error);
  if (page == NULL)
    return FALSE;

  if (c->result == NULL)
    {
      c->result = page;
      for (gsize i = 0; i < n_lists; i++)
        {
          ChorusSubListPaging paging;
          GBoxedCopyFunc copy;
          GPtrArray *items = completion_items (c->result, lists[i], &copy);

          chorus_decode_sub_list_paging (response, lists[i], &paging);
          completion_note (c, lists[i], &paging, 1, items != NULL ? items->len : 0);
        }
      return TRUE;
    }

  {
    ChorusSubListPaging paging;
    GBoxedCopyFunc copy;
    GPtrArray *more = completion_items (page, c->pending, &copy);
    GPtrArray *items = completion_items (c->result, c->pending, &copy);
    guint asked = c->next_page[c->pending];

    chorus_decode_sub_list_paging (response, c->pending, &paging);
    if (paging.page > 0 && paging.page != asked)
      {
        /* A server ignoring the page asked sends the first one again: stop there. */
        g_message ("%s: page %u asked, page %u sent; the list stays at %u items",
                   chorus_sub_list_keys (c->pending)->wrapper, asked, paging.page,
                   c->have[c->pending]);
        c->next_page[c->pending] = 0;
      }
    else
      {
        for (guint i = 0; items != NULL && more != NULL && i < more->len; i++)
          g_ptr_array_add (items, copy (g_ptr_array_index (more, i)));
        completion_note (c, c->pending, &paging, asked, more != NULL ? more->len : 0);
      }
  }
  if (c->is_history)
    chorus_history_free (page);
  else
    g_object_unref (page);
  return TRUE;
}

/* The request for the next missing page, or NULL when every list is complete. */
static JsonObject *
completion_next_body (Completion *c)
{
  const ChorusSubList *lists;
  gsize n_lists = completion_lists (c, &lists);

  if (c->follow_ups >= MAX_FOLLOW_UPS)
    return NULL;
  for (gsize i = 0; i < n_lists; i++)
    {
      ChorusSubList list = lists[i];

      if (c->next_page[list] == 0)
        continue;
      c->pending = list;
      c->follow_ups++;
      return c->is_history
             ? _chorus_client_build_history_page (c->id, c->next_page[list], c->page_size[list])
             : _chorus_client_build_consult_page (c->direction, c->id, list, c->next_page[list],
                                                  c->page_size[list]);
    }
  return NULL;
}

/* The finished result: the main attachment flagged, the history in date order. */
static gpointer
completion_steal_result (Completion *c)
{
  gpointer result = g_steal_pointer (&c->result);

  if (c->is_history)
    chorus_history_sort_events (result);
  else
    {
      GPtrArray *attachments = chorus_invoice_get_attachments (result);
      gint64 main_id = chorus_invoice_get_main_attachment_id (result);

      for (guint i = 0; attachments != NULL && i < attachments->len; i++)
        {
          ChorusAttachment *attachment = g_ptr_array_index (attachments, i);

          attachment->is_main = attachment->id != 0 && attachment->id == main_id;
        }
    }
  return result;
}

static const char *
completion_path (Completion *c)
{
  if (c->is_history)
    return "factures/v1/consulter/historique";
  switch (c->direction)
    {
    case CHORUS_DIRECTION_ISSUED:
      return "factures/v1/consulter/fournisseur";
    case CHORUS_DIRECTION_TO_VALIDATE:
      return "factures/v1/consulter/valideur";
    case CHORUS_DIRECTION_RECEIVED:
    default:
      return "factures/v1/consulter/recipiendaire";
    }
}

static void completion_step (GTask *task, JsonObject *body);

static void
completion_call_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Completion *c = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;

  response = chorus_client_call_finish (CHORUS_CLIENT (source), result, &error);
  if (response == NULL || !completion_absorb (c, response, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  completion_step (task, completion_next_body (c));
}

/* Sends @body (taken), or returns the result when there is nothing left to ask. */
static void
completion_step (GTask *task, JsonObject *body)
{
  Completion *c = g_task_get_task_data (task);

  if (body == NULL)
    {
      g_task_return_pointer (task, completion_steal_result (c),
                             c->is_history ? (GDestroyNotify) chorus_history_free : g_object_unref);
      g_object_unref (task);
      return;
    }
  chorus_client_call_async (g_task_get_source_object (task), completion_path (c), body,
                            g_task_get_cancellable (task), completion_call_cb, task);
  json_object_unref (body);
}

static void
completion_run_async (ChorusClient        *self,
                      Completion          *c,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, c, (GDestroyNotify) completion_free);
  completion_step (task, completion_first_body (c));
}

static gpointer
completion_run_sync (ChorusClient  *self,
                     Completion    *c,
                     GCancellable  *cancellable,
                     GError       **error)
{
  JsonObject *body = completion_first_body (c);
  gpointer result = NULL;

  while (body != NULL)
    {
      g_autoptr(JsonObject) owned = body;
      g_autoptr(JsonObject) response = chorus_client_call_sync (self, completion_path (c), owned,
                                                                cancellable, error);

      if (response == NULL || !completion_absorb (c, response, error))
        {
          completion_free (c);
          return NULL;
        }
      body = completion_next_body (c);
    }
  result = completion_steal_result (c);
  completion_free (c);
  return result;
}

#define CHECK_ID (invoice_id > 0)

void
chorus_client_consult_invoice_async (ChorusClient *self, ChorusDirection direction,
                                     gint64 invoice_id, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (CHECK_ID);
  completion_run_async (self, completion_new (FALSE, direction, invoice_id),
                        chorus_client_consult_invoice_async, cancellable, callback, user_data);
}

ChorusInvoice *
chorus_client_consult_invoice_finish (ChorusClient *self, GAsyncResult *result, GError **error)
{
  return _chorus_client_op_finish (self, result, chorus_client_consult_invoice_async, error);
}

ChorusInvoice *
chorus_client_consult_invoice_sync (ChorusClient *self, ChorusDirection direction,
                                    gint64 invoice_id, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (CHECK_ID, NULL);
  return completion_run_sync (self, completion_new (FALSE, direction, invoice_id), cancellable,
                              error);
}

ChorusHistory *
chorus_client_get_history_sync (ChorusClient *self, gint64 invoice_id, GCancellable *cancellable,
                                GError **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (CHECK_ID, NULL);
  return completion_run_sync (self, completion_new (TRUE, CHORUS_DIRECTION_RECEIVED, invoice_id),
                              cancellable, error);
}
