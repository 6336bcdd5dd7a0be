/* chorus-sync.c: the synchroniser object and its signals, and the pull (paged, resumable, download
 * overlapped with writes). Reads on demand are in chorus-sync-fetch.c, the supplier's lists and flux
 * reports in chorus-sync-supplier-reads.c, the supplier's actions in chorus-sync-supplier.c, the
 * outbox sender in chorus-sync-outbox.c, when a first pull's bulk load restores its indexes in
 * chorus-sync-bulk.c. Just over 1,100 lines: the pull (~850 of them) is one piece whose fetching
 * thread, queues and resumable cursor share the private types above it.
 *
 * How it works: every exchange with Chorus Pro runs on a worker thread with the client's blocking
 * calls (GTask threads for reads, a fetching and a writing thread per pull, parallel sender threads
 * for the outbox), and every store write is one transaction on the store's writer connection.
 * Signals never run on those threads: chorus_sync_emit() carries them to the main context the sync
 * was made in, where widgets may handle them. A pull fetches ahead of the page it writes through a
 * bounded queue, and records after each page where a restart resumes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-deposit-draft.h"
#include "chorus-json.h"
#include "chorus-store-unreadable.h"
#include "chorus-sync-bulk.h"
#include "chorus-sync-private.h"
#include "chorus-zip-reader.h"

G_DEFINE_QUARK (chorus-sync-error-quark, chorus_sync_error)

/* Pages decoded and waiting for the writer (who takes them all at once when it fell behind). */
#define PREFETCH_PAGES 4
/* Searches on their way at once during a pull. PISTE publishes no rate limit (§4): a few, as a
 * browser would open, hide the latency of the line without looking like a flood. */
#define PAGES_IN_FLIGHT 3
G_DEFINE_FINAL_TYPE (ChorusSync, chorus_sync, G_TYPE_OBJECT)

static guint signals[CHORUS_SYNC_N_SIGNALS];

/* Signals from worker threads ------------------------------------------------------------------ */

typedef struct {
  ChorusSync *self;
  guint       signal;
  double      fraction;
  gint64      invoice_id;
  gboolean    ok;
  char       *message;
} Emission;

static gboolean
emit_in_context (gpointer data)
{
  Emission *e = data;

  switch (e->signal)
    {
    case CHORUS_SYNC_SIGNAL_PROGRESS:
      g_signal_emit (e->self, signals[CHORUS_SYNC_SIGNAL_PROGRESS], 0, e->fraction, e->message);
      break;
    case CHORUS_SYNC_SIGNAL_ACTION_FINISHED:
    case CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED:
      /* For outbox-action-finished the id is the action's. */
      g_signal_emit (e->self, signals[e->signal], 0, e->invoice_id, e->ok, e->message);
      break;
    default:
      g_signal_emit (e->self, signals[e->signal], 0);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *e = data;

  g_object_unref (e->self);
  g_free (e->message);
  g_free (e);
}
void
chorus_sync_emit (ChorusSync *self, guint signal, double fraction, gint64 invoice_id, gboolean ok, const char *message)
{
  Emission *e = g_new0 (Emission, 1);

  e->self = g_object_ref (self);
  e->signal = signal;
  e->fraction = fraction;
  e->invoice_id = invoice_id;
  e->ok = ok;
  e->message = g_strdup (message);
  /* Not g_main_context_invoke(): from a worker thread it runs the handler right there
   * whenever the context is free to acquire (a test iterating the loop by hand,
   * between two iterations), and the handlers touch widgets. */
  if (g_main_context_is_owner (self->context))
    {
      emit_in_context (e);
      emission_free (e);
    }
  else if (g_thread_self () == self->thread && g_main_context_acquire (self->context))
    {
      emit_in_context (e);
      emission_free (e);
      g_main_context_release (self->context);
    }
  else
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_in_context, e, emission_free);
      g_source_set_static_name (source, "[chorus-sync] emission");
      g_source_attach (source, self->context);
    }
}

void
chorus_sync_set_online (ChorusSync *self, gboolean online)
{
  if (g_atomic_int_exchange (&self->online, online ? 1 : 0) == (online ? 1 : 0))
    return;
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  /* Back online (a pull or a detail got through): what waited in the outbox goes now, not at the
   * next timer. */
  if (online && chorus_store_count_open_actions (self->store) > 0)
    chorus_sync_start_flush (self);
}

gboolean
chorus_sync_is_offline_error (const GError *error)
{
  return chorus_client_error_is_transient (error) ||
         g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

GError *
chorus_sync_read_error (ChorusSync *self, GError *error, const char *offline_message)
{
  if (!chorus_sync_is_offline_error (error))
    return error;
  chorus_sync_set_online (self, FALSE);
  g_error_free (error);
  return g_error_new (CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE, "%s", offline_message);
}

void
chorus_sync_run_task (ChorusSync         *self,
                      gpointer            source_tag,
                      gpointer            data,
                      GDestroyNotify      free_data,
                      GTaskThreadFunc     thread,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, free_data);
  g_task_run_in_thread (task, thread);
}

gpointer
chorus_sync_task_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
/* Object --------------------------------------------------------------------------------------- */

static void
chorus_sync_finalize (GObject *object)
{
  ChorusSync *self = CHORUS_SYNC (object);

  chorus_sync_cancel_scheduled_flush (self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->flush_lock);
  g_mutex_clear (&self->timer_lock);
  g_mutex_clear (&self->scope_lock);
  g_clear_pointer (&self->scope_structures, g_array_unref);
  g_clear_pointer (&self->scope_services, g_array_unref);

  G_OBJECT_CLASS (chorus_sync_parent_class)->finalize (object);
}

static void
chorus_sync_class_init (ChorusSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chorus_sync_finalize;

  signals[CHORUS_SYNC_SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
  signals[CHORUS_SYNC_SIGNAL_INVOICES_CHANGED] =
    g_signal_new ("invoices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[CHORUS_SYNC_SIGNAL_ACTION_FINISHED] =
    g_signal_new ("action-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[CHORUS_SYNC_SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[CHORUS_SYNC_SIGNAL_OUTBOX_FINISHED] =
    g_signal_new ("outbox-action-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
chorus_sync_init (ChorusSync *self)
{
  g_mutex_init (&self->flush_lock);
  g_mutex_init (&self->timer_lock);
  g_mutex_init (&self->scope_lock);
  self->scope_structures = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->scope_services = g_array_new (FALSE, FALSE, sizeof (ChorusSyncScopeService));
  self->directions = CHORUS_SYNC_RECEIVED | CHORUS_SYNC_ISSUED | CHORUS_SYNC_TO_VALIDATE;
  self->page_size = 1000;
  self->parallel_sends = 4;
  self->online = 1;
  self->flow_lookups = 6;
  self->flow_lookup_interval_s = 300;
}

ChorusSync *
chorus_sync_new (ChorusClient *client, ChorusStore *store)
{
  ChorusSync *self;

  g_return_val_if_fail (CHORUS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);

  self = g_object_new (CHORUS_TYPE_SYNC, NULL);
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();
  return self;
}

ChorusStore *
chorus_sync_get_store (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  return self->store;
}

ChorusClient *
chorus_sync_get_client (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  return self->client;
}

void
chorus_sync_set_directions (ChorusSync *self, ChorusSyncDirections directions)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  self->directions = directions;
}

void
chorus_sync_set_scope (ChorusSync                   *self,
                       const gint64                 *structure_ids,
                       guint                         n_structures,
                       const ChorusSyncScopeService *services,
                       guint                         n_services)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  g_return_if_fail (structure_ids != NULL || n_structures == 0);
  g_return_if_fail (services != NULL || n_services == 0);

  g_mutex_lock (&self->scope_lock);
  g_array_set_size (self->scope_structures, 0);
  g_array_append_vals (self->scope_structures, structure_ids, n_structures);
  g_array_set_size (self->scope_services, 0);
  g_array_append_vals (self->scope_services, services, n_services);
  g_mutex_unlock (&self->scope_lock);
}

void
chorus_sync_set_page_size (ChorusSync *self, guint page_size)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  g_return_if_fail (page_size > 0);
  self->page_size = page_size;
}

void
chorus_sync_set_parallel_sends (ChorusSync *self, guint n_parallel)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  self->parallel_sends = CLAMP (n_parallel, 1, 32);
}

char *
chorus_sync_get_last_sync (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  return chorus_store_get_state (self->store, "last-sync");
}

gboolean
chorus_sync_get_online (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  return g_atomic_int_get (&self->online) != 0;
}

gboolean
chorus_sync_get_pulling (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  return g_atomic_int_get (&self->pulling) != 0;
}

gboolean
chorus_sync_get_flushing (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  return g_atomic_int_get (&self->flushing) != 0;
}

/* Pull ----------------------------------------------------------------------------------------- */

/* One search the pull runs. Received invoices are searched once per typeDemandePaiement (§0.9,
 * as Pastell does); the state keys of the first stream of each side keep their old names. When
 * the account's scope is set, each chosen structure (and service) has its own streams. */
typedef struct {
  ChorusDirection  direction;
  const char      *request_type;   /* typeDemandePaiement; NULL: the supplier search has none */
  const char      *state_name;     /* pull-<state_name>-since, pull-<state_name>-resume */
  gint64           structure_id;   /* idDestinataire / idFournisseur; 0 = any */
  gint64           service_id;     /* idServiceExecutant; 0 = any */
} PullStream;

static const PullStream pull_streams[] = {
  { CHORUS_DIRECTION_RECEIVED, "FACTURE", "received" },
  { CHORUS_DIRECTION_RECEIVED, "FACTURE_TRAVAUX", "received-travaux" },
  { CHORUS_DIRECTION_ISSUED, NULL, "issued" },
};

/* Where a pull is within its window, in the server's own order (no documented triColonne for
 * the invoice searches, §0.8). The window is every status change since the last pull
 * (periodeDateHeureEtatCourantDu), fixed for the whole pull and kept across a restart, so the
 * pages keep their meaning. No upper bound: the seeded or skewed status times of a server may
 * lie ahead of our clock, and such an invoice would never be read. The set can grow while the
 * pull runs (a deposit, a status change): the items already read then move down and come
 * twice, which costs nothing, and what changed comes again with the next pull anyway. It can
 * shrink (an invoice withdrawn): the items below move up and one could slip past a page
 * boundary, so a smaller total moves the cursor back by as many items and that page is read
 * again. */
typedef struct {
  guint   position;      /* every item before this one in the current order was read */
  gint64  expected;      /* the total of the last answer; -1 when the server gave none */
  guint   page_size;     /* the server's page size (it may cap the one asked) */
} PullCursor;

/* Pages travel from the fetching thread to the writing one through this bounded queue. */
typedef struct {
  GMutex             lock;
  GCond              cond;
  GQueue             pages;      /* FetchedPage */
  gboolean           stop;       /* the writer gave up */
  gboolean           done;       /* the fetcher has nothing more */
} Channel;

typedef struct {
  ChorusInvoicePage *page;
  GError            *error;
  guint              number;
  PullCursor         cursor;     /* after this page: what a restart resumes from */
} FetchedPage;

/* One stream of a pull: where it starts, and the queue its pages come through. */
typedef struct {
  ChorusSync        *self;
  const PullStream  *stream;
  char              *since;
  char              *max_seen;   /* the newest status time the pages written so far had */
  PullCursor         start;
  Channel            channel;
} Fetcher;

/* The streams of a pull, fetched one after the other by one thread: the next stream's first
 * pages are asked as soon as the previous stream's last answer came, while the writer still
 * writes it. */
typedef struct {
  Fetcher           *fetchers;
  guint              n_fetchers;
  GCancellable      *cancellable;
} FetchPlan;

static void
fetched_page_free (FetchedPage *fetched)
{
  g_clear_pointer (&fetched->page, chorus_invoice_page_free);
  g_clear_error (&fetched->error);
  g_free (fetched);
}

/* One search on its way: answers are taken in page order, whatever order they arrive in. */
typedef struct {
  guint              number;
  ChorusDirection    direction;
  gboolean           done;
  ChorusInvoicePage *page;
  GError            *error;
} PendingPage;

static void
pending_page_free (PendingPage *pending)
{
  g_clear_pointer (&pending->page, chorus_invoice_page_free);
  g_clear_error (&pending->error);
  g_free (pending);
}

static void
search_done (GObject *source, GAsyncResult *result, gpointer data)
{
  PendingPage *pending = data;

  if (pending->direction == CHORUS_DIRECTION_ISSUED)
    pending->page = chorus_client_search_issued_finish (CHORUS_CLIENT (source), result, &pending->error);
  else
    pending->page = chorus_client_search_received_finish (CHORUS_CLIENT (source), result, &pending->error);
  pending->done = TRUE;
}

/* Starts the search of page @number; the answer is decoded in the calling thread's context. */
static PendingPage *
search_start (Fetcher *fetcher, guint number, GCancellable *cancellable)
{
  PendingPage *pending = g_new0 (PendingPage, 1);
  ChorusInvoiceQuery query;

  pending->number = number;
  pending->direction = fetcher->stream->direction;
  chorus_invoice_query_init (&query);
  query.status_changed_from = fetcher->since;
  query.request_type = fetcher->stream->request_type;
  if (fetcher->stream->direction == CHORUS_DIRECTION_ISSUED)
    query.supplier_id = fetcher->stream->structure_id;
  else
    query.recipient_id = fetcher->stream->structure_id;
  query.service_id = fetcher->stream->service_id;
  query.page = number;
  query.page_size = fetcher->self->page_size;
  if (fetcher->stream->direction == CHORUS_DIRECTION_ISSUED)
    chorus_client_search_issued_async (fetcher->self->client, &query, cancellable, search_done, pending);
  else
    chorus_client_search_received_async (fetcher->self->client, &query, cancellable, search_done, pending);
  return pending;
}

/* Moves @cursor past an answer to page @number; FALSE when the window is read to its end. */
static gboolean
pull_cursor_advance (PullCursor *cursor, guint number, const ChorusInvoicePage *page)
{
  guint items = page->invoices->len + page->unreadable->len;
  guint start;

  if (page->page_size > 0)
    cursor->page_size = page->page_size;
  /* Fewer items than asked though more are said to follow: that is the server's page size. */
  else if (page->total_known && items > 0 && items < cursor->page_size &&
           (number - 1) * (guint64) cursor->page_size + items < page->total)
    cursor->page_size = items;
  start = (number - 1) * cursor->page_size;

  if (cursor->expected >= 0 && page->total_known && page->total < cursor->expected)
    {
      guint gone = (guint) (cursor->expected - page->total);

      cursor->position = cursor->position > gone ? cursor->position - gone : 0;
    }
  if (start <= cursor->position)
    cursor->position = MAX (cursor->position, start + items);
  cursor->expected = page->total_known ? (gint64) page->total : -1;

  if (items == 0)
    return FALSE;
  if (page->total_known)
    return cursor->position < page->total;
  return items >= cursor->page_size;
}

static void
cancel_linked (GCancellable *source, gpointer linked)
{
  g_cancellable_cancel (linked);
}

/* Frees the dropped searches whose answer came. */
static void
sweep_stale (GQueue *stale)
{
  GList *l = stale->head;

  while (l != NULL)
    {
      GList *next = l->next;

      if (((PendingPage *) l->data)->done)
        {
          pending_page_free (l->data);
          g_queue_delete_link (stale, l);
        }
      l = next;
    }
}

/* Whether page @number may be asked before the answers in front of it are read: after the first
 * answer (it tells the server's page size), and not past a known total. */
static gboolean
may_ask_ahead (const PullCursor *cursor, gboolean answered, guint number)
{
  if (!answered)
    return FALSE;
  if (cursor->expected >= 0)
    return (number - 1) * (guint64) MAX (cursor->page_size, 1) < (guint64) cursor->expected;
  return TRUE;
}

/* Asks for the pages ahead, PAGES_IN_FLIGHT at a time, and hands the answers to the writer in page
 * order through the cursor. A page asked ahead only counts when the cursor arrives at its number;
 * when the answers change the plan (the set shrank, the server's page size is not the one asked)
 * the ones in flight are dropped when they come and the pages asked again from the cursor.
 * FALSE when the pull stops here (the writer gave up, or the stream ended on an error). */
static gboolean
fetch_stream (Fetcher *fetcher, GMainContext *context, GCancellable *cancellable)
{
  Channel *channel = &fetcher->channel;
  PullCursor cursor = fetcher->start;
  GQueue in_flight = G_QUEUE_INIT;   /* PendingPage, by page number */
  GQueue stale = G_QUEUE_INIT;       /* dropped, waiting for their answer */
  guint next = cursor.position / MAX (cursor.page_size, 1) + 1;
  guint requests = 0;
  gboolean answered = FALSE, go_on = TRUE;

  for (;;)
    {
      FetchedPage *fetched;
      PendingPage *head;
      gboolean last, stop;

      if (g_queue_is_empty (&in_flight))
        g_queue_push_tail (&in_flight, search_start (fetcher, next++, cancellable));
      while (g_queue_get_length (&in_flight) < PAGES_IN_FLIGHT && may_ask_ahead (&cursor, answered, next))
        g_queue_push_tail (&in_flight, search_start (fetcher, next++, cancellable));

      head = g_queue_peek_head (&in_flight);
      while (!head->done)
        g_main_context_iteration (context, TRUE);
      g_queue_pop_head (&in_flight);
      sweep_stale (&stale);
      answered = TRUE;

      fetched = g_new0 (FetchedPage, 1);
      fetched->number = head->number;
      fetched->page = g_steal_pointer (&head->page);
      fetched->error = g_steal_pointer (&head->error);
      pending_page_free (head);
      last = fetched->page == NULL || !pull_cursor_advance (&cursor, fetched->number, fetched->page);
      /* A server that keeps shrinking (or lies) cannot keep the pull going forever. */
      if (++requests > 4 * (cursor.expected > 0 ? (guint) cursor.expected / MAX (cursor.page_size, 1) : 0) + 64)
        last = TRUE;
      fetched->cursor = cursor;
      if (fetched->error != NULL)
        go_on = FALSE;

      next = cursor.position / MAX (cursor.page_size, 1) + 1;
      head = g_queue_peek_head (&in_flight);
      if (last || (head != NULL && head->number != next))
        while ((head = g_queue_pop_head (&in_flight)) != NULL)
          g_queue_push_tail (&stale, head);
      else if (head != NULL)
        next = ((PendingPage *) g_queue_peek_tail (&in_flight))->number + 1;

      g_mutex_lock (&channel->lock);
      while (!channel->stop && g_queue_get_length (&channel->pages) >= PREFETCH_PAGES)
        g_cond_wait (&channel->cond, &channel->lock);
      stop = channel->stop;
      if (!stop)
        {
          g_queue_push_tail (&channel->pages, fetched);
          channel->done = last;
          g_cond_broadcast (&channel->cond);
        }
      g_mutex_unlock (&channel->lock);
      if (stop)
        {
          fetched_page_free (fetched);
          go_on = FALSE;
        }
      if (stop || last)
        break;
    }

  /* The answers still on their way to this stream are awaited before the next one starts (the
   * last page is known, so none is expected: they come at once, cancelled or not). */
  while (!g_queue_is_empty (&in_flight))
    g_queue_push_tail (&stale, g_queue_pop_head (&in_flight));
  if (!g_queue_is_empty (&stale))
    g_cancellable_cancel (cancellable);
  for (sweep_stale (&stale); !g_queue_is_empty (&stale); sweep_stale (&stale))
    g_main_context_iteration (context, TRUE);
  return go_on;
}

static gpointer
fetch_thread (gpointer data)
{
  FetchPlan *plan = data;
  GMainContext *context = g_main_context_new ();
  gulong linked = 0;

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < plan->n_fetchers; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      gboolean go_on;

      /* Each stream its own: dropping one stream's stale answers cancels nothing of the next. */
      if (plan->cancellable != NULL)
        linked = g_cancellable_connect (plan->cancellable, G_CALLBACK (cancel_linked), g_object_ref (cancellable),
                                        g_object_unref);
      go_on = fetch_stream (&plan->fetchers[i], context, cancellable);
      g_cancellable_disconnect (plan->cancellable, linked);
      if (!go_on)
        break;
    }
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);

  /* Whatever was not fetched, its writer waits for nothing. */
  for (guint i = 0; i < plan->n_fetchers; i++)
    {
      Channel *channel = &plan->fetchers[i].channel;

      g_mutex_lock (&channel->lock);
      channel->done = TRUE;
      g_cond_broadcast (&channel->cond);
      g_mutex_unlock (&channel->lock);
    }
  return NULL;
}

/* The next page for the writer and, when the writer fell behind, the clean pages queued behind
 * it, merged into one: one transaction for several pages costs less than one each. While none
 * is there, the writer restores what the bulk load dropped when @pacer says it is time. */
static FetchedPage *
channel_pop (Channel *channel, ChorusBulkPacer *pacer)
{
  FetchedPage *fetched, *next;
  GPtrArray *behind = g_ptr_array_new ();

  g_mutex_lock (&channel->lock);
  while (g_queue_is_empty (&channel->pages) && !channel->done)
    {
      if (chorus_bulk_pacer_due (pacer))
        {
          g_mutex_unlock (&channel->lock);
          chorus_bulk_pacer_step (pacer);
          g_mutex_lock (&channel->lock);
          continue;
        }
      g_cond_wait (&channel->cond, &channel->lock);
    }
  fetched = g_queue_pop_head (&channel->pages);
  while (fetched != NULL && fetched->error == NULL && (next = g_queue_peek_head (&channel->pages)) != NULL &&
         next->error == NULL)
    g_ptr_array_add (behind, g_queue_pop_head (&channel->pages));
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);

  chorus_bulk_pacer_page_came (pacer);
  for (guint i = 0; i < behind->len; i++)
    {
      next = g_ptr_array_index (behind, i);
      g_ptr_array_extend_and_steal (fetched->page->invoices, g_steal_pointer (&next->page->invoices));
      g_ptr_array_extend_and_steal (fetched->page->unreadable, g_steal_pointer (&next->page->unreadable));
      fetched->cursor = next->cursor;
      fetched->number = next->number;
      fetched_page_free (next);
    }
  g_ptr_array_free (behind, TRUE);
  return fetched;
}

static void
channel_stop (Channel *channel)
{
  g_mutex_lock (&channel->lock);
  channel->stop = TRUE;
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);
}

/* Resume marker "2 <position> <expected> <page size> <max status date>|<since>": the pull with
 * the same @since went that far. Any other marker (an older version's) starts it over. */
static gboolean
parse_resume (const char *text, const char *since, PullCursor *cursor, char **max_seen)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) head = NULL;
  guint64 position, page_size;
  gint64 expected;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "|", 2);
  if (g_strv_length (parts) != 2 || g_strcmp0 (parts[1], since ? since : "") != 0)
    return FALSE;
  head = g_strsplit (parts[0], " ", 5);
  if (g_strv_length (head) < 4 || g_strcmp0 (head[0], "2") != 0 ||
      !g_ascii_string_to_unsigned (head[1], 10, 0, G_MAXUINT, &position, NULL) ||
      !g_ascii_string_to_signed (head[2], 10, -1, G_MAXINT, &expected, NULL) ||
      !g_ascii_string_to_unsigned (head[3], 10, 1, G_MAXUINT, &page_size, NULL))
    return FALSE;
  cursor->position = (guint) position;
  cursor->expected = expected;
  cursor->page_size = (guint) page_size;
  *max_seen = g_strdup (head[4] != NULL && head[4][0] != '\0' ? head[4] : NULL);
  return TRUE;
}

/* Where the next incremental pull starts: the newest status time seen (inclusive, so changes in
 * the same minute come again rather than being missed), but never later than a day before this
 * pull began: the server's times are French local times, and a status time ahead of the clock
 * (bad data, skew) must not hide the changes made in between. */
static char *
next_since_value (const char *max_seen, const char *since, GDateTime *pull_start)
{
  g_autoptr(GDateTime) bound = g_date_time_add_days (pull_start, -1);
  g_autofree char *bound_text = g_date_time_format (bound, "%Y-%m-%dT%H:%M:00");
  const char *newest = max_seen != NULL ? max_seen : since;

  if (newest == NULL)
    return NULL;
  return g_strdup (strcmp (newest, bound_text) < 0 ? newest : bound_text);
}

/* Stores the items of a page no decoder could read, and forgets those that now read. */
static gboolean
store_unreadable (ChorusSync *self, const PullStream *stream, ChorusInvoicePage *page, guint *n_unreadable,
                  GError **error)
{
  *n_unreadable += page->unreadable->len;
  return chorus_store_add_unreadable_items (self->store, stream->direction, page->unreadable, error) &&
         chorus_store_resolve_unreadable_items (self->store, stream->direction, page->invoices, error);
}

static char *
pull_progress_message (const PullStream *stream, guint done, guint total)
{
  if (stream->direction == CHORUS_DIRECTION_ISSUED)
    return g_strdup_printf (_("Issued invoices: %u of %u"), done, total);
  if (g_strcmp0 (stream->request_type, "FACTURE_TRAVAUX") == 0)
    return g_strdup_printf (_("Received works invoices: %u of %u"), done, total);
  return g_strdup_printf (_("Received invoices: %u of %u"), done, total);
}

/* Where @stream starts: its window and the point a pull stopped at within it. */
static void
fetcher_init (Fetcher *fetcher, ChorusSync *self, const PullStream *stream)
{
  g_autofree char *since_key = g_strdup_printf ("pull-%s-since", stream->state_name);
  g_autofree char *resume_key = g_strdup_printf ("pull-%s-resume", stream->state_name);
  g_autofree char *resume = chorus_store_get_state (self->store, resume_key);

  fetcher->self = self;
  fetcher->stream = stream;
  fetcher->since = chorus_store_get_state (self->store, since_key);
  if (!parse_resume (resume, fetcher->since, &fetcher->start, &fetcher->max_seen))
    {
      fetcher->start.position = 0;
      fetcher->start.expected = -1;
      fetcher->start.page_size = self->page_size;
    }
  g_mutex_init (&fetcher->channel.lock);
  g_cond_init (&fetcher->channel.cond);
  g_queue_init (&fetcher->channel.pages);
}

static void
fetcher_clear (Fetcher *fetcher)
{
  g_queue_clear_full (&fetcher->channel.pages, (GDestroyNotify) fetched_page_free);
  g_mutex_clear (&fetcher->channel.lock);
  g_cond_clear (&fetcher->channel.cond);
  g_clear_pointer (&fetcher->since, g_free);
  g_clear_pointer (&fetcher->max_seen, g_free);
}

/* Writes the pages of one stream as they come, and records where it got to after each. */
static gboolean
pull_stream (Fetcher          *fetcher,
             ChorusBulkPacer  *pacer,
             double            base,
             double            share,
             guint            *n_unreadable,
             GCancellable     *cancellable,
             GError          **error)
{
  ChorusSync *self = fetcher->self;
  const PullStream *stream = fetcher->stream;
  const char *since = fetcher->since;
  g_autofree char *since_key = g_strdup_printf ("pull-%s-since", stream->state_name);
  g_autofree char *resume_key = g_strdup_printf ("pull-%s-resume", stream->state_name);
  g_autofree char *next_since = NULL;
  g_autoptr(GDateTime) pull_start = g_date_time_new_now_utc ();
  FetchedPage *fetched;
  gboolean ok = TRUE;
  double fraction = base;

  chorus_bulk_pacer_start_stream (pacer);
  while (ok && (fetched = channel_pop (&fetcher->channel, pacer)) != NULL)
    {
      ChorusInvoicePage *page = fetched->page;

      if (fetched->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&fetched->error));
          ok = FALSE;
        }
      else if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        {
          g_autofree char *marker = NULL;
          g_autofree char *message = NULL;
          guint total = MAX (fetched->cursor.expected, (gint64) fetched->cursor.position);
          gint64 writing;

          for (guint i = 0; i < page->invoices->len; i++)
            {
              ChorusInvoice *invoice = g_ptr_array_index (page->invoices, i);
              const char *date = chorus_invoice_get_status_date (invoice);

              /* An item that does not say its kind is of the kind searched for. */
              if (chorus_invoice_get_request_type (invoice) == NULL && stream->request_type != NULL)
                chorus_invoice_set_request_type (invoice, stream->request_type);
              if (date != NULL && g_strcmp0 (date, fetcher->max_seen) > 0)
                {
                  g_free (fetcher->max_seen);
                  fetcher->max_seen = g_strdup (date);
                }
            }
          marker = g_strdup_printf ("2 %u %" G_GINT64_FORMAT " %u %s|%s", fetched->cursor.position,
                                    fetched->cursor.expected, fetched->cursor.page_size,
                                    fetcher->max_seen ? fetcher->max_seen : "", since ? since : "");
          writing = g_get_monotonic_time ();
          ok = store_unreadable (self, stream, page, n_unreadable, error) &&
               chorus_store_upsert_invoices_with_state (self->store, page->invoices, resume_key, marker, error);
          if (ok)
            {
              guint done = MIN (fetched->cursor.position, total);

              chorus_bulk_pacer_wrote (pacer, page->invoices->len, g_get_monotonic_time () - writing,
                                       total > 0 ? (double) done / total : 0);
              /* A step back (the server's set shrank) is not shown as going backwards. */
              fraction = MAX (fraction, base + share * (total > 0 ? (double) done / total : 1.0));
              message = pull_progress_message (stream, done, total);
              chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, fraction, 0, FALSE, message);
              if (page->invoices->len > 0)
                chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
            }
        }
      fetched_page_free (fetched);
    }

  if (!ok)
    return FALSE;
  next_since = next_since_value (fetcher->max_seen, since, pull_start);
  return chorus_store_set_state (self->store, since_key, next_since, error) &&
         chorus_store_set_state (self->store, resume_key, NULL, error);
}

/* The streams of one structure (and service) of the scope; their state names are kept in @names. */
static void
add_scoped_streams (GArray          *streams,
                    GPtrArray       *names,
                    ChorusDirection  direction,
                    gint64           structure_id,
                    gint64           service_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (pull_streams); i++)
    {
      PullStream stream = pull_streams[i];
      char *name;

      if (stream.direction != direction)
        continue;
      name = service_id != 0
             ? g_strdup_printf ("%s-s%" G_GINT64_FORMAT "-v%" G_GINT64_FORMAT, stream.state_name, structure_id, service_id)
             : g_strdup_printf ("%s-s%" G_GINT64_FORMAT, stream.state_name, structure_id);
      g_ptr_array_add (names, name);
      stream.state_name = name;
      stream.structure_id = structure_id;
      stream.service_id = direction == CHORUS_DIRECTION_RECEIVED ? service_id : 0;
      g_array_append_val (streams, stream);
    }
}

/* The roles the account holds in each structure, from its attachments (kept in the store too). */
static GHashTable *
account_roles (ChorusSync    *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) structures = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  guint pages = 1;

  for (guint page = 1; page <= pages; page++)
    {
      g_autoptr(ChorusPage) answer = chorus_client_get_user_attachments_sync (self->client, page, 100, cancellable,
                                                                              error);
      if (answer == NULL)
        return NULL;
      pages = MIN (answer->pages, 100);
      for (guint i = 0; i < answer->items->len; i++)
        {
          ChorusStructure *structure = g_ptr_array_index (answer->items, i);
          guint mask = GPOINTER_TO_UINT (g_hash_table_lookup (roles, &structure->id));

          g_hash_table_insert (roles, g_memdup2 (&structure->id, sizeof structure->id),
                               GUINT_TO_POINTER (mask | (1u << structure->role)));
          g_ptr_array_add (structures, chorus_structure_copy (structure));
        }
    }
  if (!chorus_store_upsert_structures (self->store, structures, error))
    return NULL;
  return g_steal_pointer (&roles);
}

/* What a pull searches (PullStream, their state names in @names), and the scope's signature;
 * NULL with @error when the account's structures cannot be read. */
static GArray *
pull_plan (ChorusSync    *self,
           GPtrArray     *names,
           char         **signature,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GArray) streams = g_array_new (FALSE, FALSE, sizeof (PullStream));
  g_autoptr(GArray) structures = NULL;
  g_autoptr(GArray) services = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GString) sig = g_string_new ("scope:");

  g_mutex_lock (&self->scope_lock);
  structures = g_array_copy (self->scope_structures);
  services = g_array_copy (self->scope_services);
  g_mutex_unlock (&self->scope_lock);

  if (structures->len == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (pull_streams); i++)
        if (self->directions & (pull_streams[i].direction == CHORUS_DIRECTION_ISSUED ? CHORUS_SYNC_ISSUED
                                                                                    : CHORUS_SYNC_RECEIVED))
          g_array_append_val (streams, pull_streams[i]);
      *signature = g_strdup ("");
      return g_steal_pointer (&streams);
    }

  roles = account_roles (self, cancellable, error);
  if (roles == NULL)
    return NULL;
  for (guint i = 0; i < structures->len; i++)
    {
      gint64 id = g_array_index (structures, gint64, i);
      guint mask = GPOINTER_TO_UINT (g_hash_table_lookup (roles, &id));
      guint chosen = 0;

      if ((self->directions & CHORUS_SYNC_RECEIVED) && (mask & (1u << CHORUS_ROLE_DESTINATAIRE)))
        {
          for (guint j = 0; j < services->len; j++)
            {
              ChorusSyncScopeService *service = &g_array_index (services, ChorusSyncScopeService, j);

              if (service->structure_id != id)
                continue;
              add_scoped_streams (streams, names, CHORUS_DIRECTION_RECEIVED, id, service->service_id);
              g_string_append_printf (sig, "r%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ";", id, service->service_id);
              chosen++;
            }
          if (chosen == 0)
            {
              add_scoped_streams (streams, names, CHORUS_DIRECTION_RECEIVED, id, 0);
              g_string_append_printf (sig, "r%" G_GINT64_FORMAT ";", id);
            }
        }
      if ((self->directions & CHORUS_SYNC_ISSUED) && (mask & (1u << CHORUS_ROLE_FOURNISSEUR)))
        {
          add_scoped_streams (streams, names, CHORUS_DIRECTION_ISSUED, id, 0);
          g_string_append_printf (sig, "i%" G_GINT64_FORMAT ";", id);
        }
    }
  *signature = g_string_free (g_steal_pointer (&sig), FALSE);
  return g_steal_pointer (&streams);
}

/* A new scope: what lies outside goes, and every stream starts over from its first page. */
static gboolean
apply_scope_change (ChorusSync  *self,
                    GArray      *streams,
                    const char  *signature,
                    GError     **error)
{
  g_autofree char *previous = chorus_store_get_state (self->store, "pull-scope");

  if (g_strcmp0 (previous ? previous : "", signature) == 0)
    return TRUE;
  for (int direction = CHORUS_DIRECTION_RECEIVED; direction <= CHORUS_DIRECTION_ISSUED; direction++)
    {
      g_autoptr(GArray) structure_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) service_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < streams->len; i++)
        {
          PullStream *stream = &g_array_index (streams, PullStream, i);

          if ((int) stream->direction != direction || stream->structure_id == 0)
            continue;
          g_array_append_val (structure_ids, stream->structure_id);
          g_array_append_val (service_ids, stream->service_id);
        }
      if (*signature != '\0' &&
          !chorus_store_delete_outside_scope (self->store, (ChorusDirection) direction,
                                              (const gint64 *) (gpointer) structure_ids->data,
                                              (const gint64 *) (gpointer) service_ids->data,
                                              structure_ids->len, error))
        return FALSE;
    }
  for (guint i = 0; i < streams->len; i++)
    {
      const char *name = g_array_index (streams, PullStream, i).state_name;
      g_autofree char *since_key = g_strdup_printf ("pull-%s-since", name);
      g_autofree char *resume_key = g_strdup_printf ("pull-%s-resume", name);

      if (!chorus_store_set_state (self->store, since_key, NULL, error) ||
          !chorus_store_set_state (self->store, resume_key, NULL, error))
        return FALSE;
    }
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
  return chorus_store_set_state (self->store, "pull-scope", signature, error);
}

static void
pull_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) streams = NULL;
  guint unreadable[G_N_ELEMENTS (self->last_unreadable)] = { 0 };
  gboolean bulk = FALSE, to_validate = (self->directions & CHORUS_SYNC_TO_VALIDATE) != 0;
  ChorusBulkPacer pacer;
  guint n = 0, steps;

  streams = pull_plan (self, names, &signature, cancellable, &error);
  if (streams != NULL && !apply_scope_change (self, streams, signature, &error))
    g_clear_pointer (&streams, g_array_unref);
  if (streams != NULL)
    n = streams->len;
  steps = MAX (n + (to_validate ? 1 : 0), 1);

  /* First pull into an empty store: load without the secondary indexes, build them once at
   * the end (several times faster than maintaining them row by row), or while the writer waits
   * for pages. */
  if (streams != NULL)
    bulk = chorus_store_begin_bulk_load (self->store, &error);
  chorus_bulk_pacer_init (&pacer, bulk ? self->store : NULL);
  if (n > 0 && error == NULL)
    {
      FetchPlan plan = { g_new0 (Fetcher, n), n, cancellable };
      GThread *thread;

      for (guint i = 0; i < n; i++)
        fetcher_init (&plan.fetchers[i], self, &g_array_index (streams, PullStream, i));
      thread = g_thread_new ("chorus-pull", fetch_thread, &plan);
      for (guint i = 0; i < n && error == NULL; i++)
        pull_stream (&plan.fetchers[i], &pacer, (double) i / steps, 1.0 / steps,
                     &unreadable[plan.fetchers[i].stream->direction], cancellable, &error);
      for (guint i = 0; i < n; i++)
        channel_stop (&plan.fetchers[i].channel);
      g_thread_join (thread);
      for (guint i = 0; i < n; i++)
        fetcher_clear (&plan.fetchers[i]);
      g_free (plan.fetchers);
    }
  /* The validator's lists last: they are short and listed in full every time. */
  if (streams != NULL && to_validate && error == NULL)
    chorus_sync_pull_to_validate (self, (double) n / steps, 1.0 / steps, &unreadable[CHORUS_DIRECTION_TO_VALIDATE],
                                  cancellable, &error);
  if (error != NULL && chorus_sync_is_offline_error (error))
    chorus_sync_set_online (self, FALSE);
  if (bulk)
    {
      g_autoptr(GError) end_error = NULL;

      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, 1.0, 0, FALSE, _("Indexing the invoices"));
      if (!chorus_store_end_bulk_load (self->store, &end_error) && error == NULL)
        error = g_steal_pointer (&end_error);
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
    }

  for (guint d = 0; d < G_N_ELEMENTS (unreadable); d++)
    g_atomic_int_set (&self->last_unreadable[d], (gint) unreadable[d]);
  if (error == NULL)
    {
      chorus_sync_set_online (self, TRUE);
      now = g_date_time_new_now_utc ();
      stamp = g_date_time_format_iso8601 (now);
      if (chorus_store_set_state (self->store, "last-sync", stamp, &error))
        {
          guint odd = unreadable[0] + unreadable[1] + unreadable[2];
          g_autofree char *message = NULL;

          if (odd > 0)
            message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Up to date; %u invoice could not be read",
                                                    "Up to date; %u invoices could not be read", odd),
                                       odd);
          chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, 1.0, 0, FALSE, odd > 0 ? message : _("Up to date"));
        }
    }

  g_atomic_int_set (&self->pulling, 0);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

guint
chorus_sync_get_last_unreadable_count (ChorusSync *self, ChorusDirection direction)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), 0);
  g_return_val_if_fail ((guint) direction < G_N_ELEMENTS (self->last_unreadable), 0);
  return (guint) g_atomic_int_get (&self->last_unreadable[direction]);
}

void
chorus_sync_pull_async (ChorusSync          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_pull_async);
  if (!g_atomic_int_compare_and_exchange (&self->pulling, 0, 1))
    {
      g_task_return_new_error (task, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY,
                               _("The invoices are already being updated."));
      return;
    }
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  g_task_run_in_thread (task, pull_thread);
}

gboolean
chorus_sync_pull_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
