/* chorus-sync.c: pulls (paged, resumable, download overlapped with writes) and the outbox sender. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-deposit-draft.h"
#include "chorus-json.h"
#include "chorus-sync-private.h"

G_DEFINE_QUARK (chorus-sync-error-quark, chorus_sync_error)

/* Pages fetched ahead of the one being written. */
#define PREFETCH_PAGES 2
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
  /* Not g_main_context_invoke(): from a worker thread with no context of its own it runs the
   * handler right there whenever it can acquire the main context between two iterations, and the
   * handlers touch widgets. */
  if (g_main_context_is_owner (self->context))
    {
      emit_in_context (e);
      emission_free (e);
    }
  else
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_in_context, e, emission_free);
      g_source_set_name (source, "[chorus-sync] emit");
      g_source_attach (source, self->context);
    }
}

void
chorus_sync_set_online (ChorusSync *self, gboolean online)
{
  if (g_atomic_int_exchange (&self->online, online ? 1 : 0) != (online ? 1 : 0))
    chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
}

gboolean
chorus_sync_is_offline_error (const GError *error)
{
  return chorus_client_error_is_transient (error) ||
         g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
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
  self->directions = CHORUS_SYNC_RECEIVED | CHORUS_SYNC_ISSUED;
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
  return self;
}

ChorusStore *
chorus_sync_get_store (ChorusSync *self)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  return self->store;
}

void
chorus_sync_set_directions (ChorusSync *self, ChorusSyncDirections directions)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  self->directions = directions;
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
} FetchedPage;

typedef struct {
  ChorusSync        *self;
  ChorusDirection    direction;
  const char        *since;
  guint              first_page;
  GCancellable      *cancellable;
  Channel            channel;
} Fetcher;

static void
fetched_page_free (FetchedPage *fetched)
{
  g_clear_pointer (&fetched->page, chorus_invoice_page_free);
  g_clear_error (&fetched->error);
  g_free (fetched);
}

static ChorusInvoicePage *
search (ChorusSync *self, ChorusDirection direction, const char *since, guint page, GCancellable *cancellable,
        GError **error)
{
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.status_changed_from = since;
  query.page = page;
  query.page_size = self->page_size;
  /* Deposit order: a status change during the pull does not move an invoice across pages. */
  query.sort_column = "DateDepot";
  if (direction == CHORUS_DIRECTION_ISSUED)
    return chorus_client_search_issued_sync (self->client, &query, cancellable, error);
  return chorus_client_search_received_sync (self->client, &query, cancellable, error);
}

/* The pages to fetch, from the server's count, but never more than its total allows: a gateway
 * answering pages: 2147483647 with empty lists must not keep the pull going. */
static guint
pull_page_count (const ChorusInvoicePage *page, guint page_size)
{
  guint pages = page->pages;

  if (page->total > 0 && page_size > 0)
    pages = MIN (pages, page->total / page_size + 2);
  return pages;
}

static gpointer
fetch_thread (gpointer data)
{
  Fetcher *fetcher = data;
  Channel *channel = &fetcher->channel;
  guint pages = G_MAXUINT;

  for (guint number = fetcher->first_page; number <= pages; number++)
    {
      FetchedPage *fetched = g_new0 (FetchedPage, 1);
      gboolean last;

      g_mutex_lock (&channel->lock);
      while (!channel->stop && g_queue_get_length (&channel->pages) >= PREFETCH_PAGES)
        g_cond_wait (&channel->cond, &channel->lock);
      if (channel->stop)
        {
          g_mutex_unlock (&channel->lock);
          g_free (fetched);
          break;
        }
      g_mutex_unlock (&channel->lock);

      fetched->number = number;
      fetched->page = search (fetcher->self, fetcher->direction, fetcher->since, number, fetcher->cancellable,
                              &fetched->error);
      if (fetched->page != NULL)
        pages = pull_page_count (fetched->page, fetcher->self->page_size);
      /* An empty page after the first ends the pull whatever the page count says. */
      last = fetched->page == NULL || number >= pages ||
             (number > fetcher->first_page && fetched->page->invoices->len == 0);

      g_mutex_lock (&channel->lock);
      g_queue_push_tail (&channel->pages, fetched);
      channel->done = last;
      g_cond_broadcast (&channel->cond);
      g_mutex_unlock (&channel->lock);
      if (last)
        break;
    }

  g_mutex_lock (&channel->lock);
  channel->done = TRUE;
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);
  return NULL;
}

static FetchedPage *
channel_pop (Channel *channel)
{
  FetchedPage *fetched;

  g_mutex_lock (&channel->lock);
  while (g_queue_is_empty (&channel->pages) && !channel->done)
    g_cond_wait (&channel->cond, &channel->lock);
  fetched = g_queue_pop_head (&channel->pages);
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);
  return fetched;
}

static const char *
direction_name (ChorusDirection direction)
{
  return direction == CHORUS_DIRECTION_ISSUED ? "issued" : "received";
}

/* Resume marker "<page> <max status date>|<since>": the pull with the same @since went that far. */
static gboolean
parse_resume (const char *text, const char *since, guint *page, char **max_seen)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *head = NULL;
  const char *bar;
  guint64 n;

  if (text == NULL || (bar = strchr (text, '|')) == NULL || g_strcmp0 (bar + 1, since ? since : "") != 0)
    return FALSE;
  head = g_strndup (text, bar - text);
  parts = g_strsplit (head, " ", 2);
  if (parts[0] == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT, &n, NULL))
    return FALSE;
  *page = (guint) n;
  *max_seen = g_strdup (parts[1] != NULL && parts[1][0] != '\0' ? parts[1] : NULL);
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

static gboolean
pull_direction (ChorusSync      *self,
                ChorusDirection  direction,
                double           base,
                double           share,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autofree char *since_key = g_strdup_printf ("pull-%s-since", direction_name (direction));
  g_autofree char *resume_key = g_strdup_printf ("pull-%s-resume", direction_name (direction));
  g_autofree char *since = chorus_store_get_state (self->store, since_key);
  g_autofree char *resume = chorus_store_get_state (self->store, resume_key);
  g_autofree char *max_seen = NULL;
  g_autofree char *next_since = NULL;
  g_autoptr(GDateTime) pull_start = g_date_time_new_now_utc ();
  Fetcher fetcher = { 0 };
  GThread *thread;
  FetchedPage *fetched;
  gboolean ok = TRUE;
  guint done_page = 0;

  if (!parse_resume (resume, since, &done_page, &max_seen))
    done_page = 0;

  fetcher.self = self;
  fetcher.direction = direction;
  fetcher.since = since;
  fetcher.first_page = done_page + 1;
  fetcher.cancellable = cancellable;
  g_mutex_init (&fetcher.channel.lock);
  g_cond_init (&fetcher.channel.cond);
  g_queue_init (&fetcher.channel.pages);
  thread = g_thread_new ("chorus-pull", fetch_thread, &fetcher);

  while (ok && (fetched = channel_pop (&fetcher.channel)) != NULL)
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

          for (guint i = 0; i < page->invoices->len; i++)
            {
              const char *date = chorus_invoice_get_status_date (g_ptr_array_index (page->invoices, i));
              if (date != NULL && g_strcmp0 (date, max_seen) > 0)
                {
                  g_free (max_seen);
                  max_seen = g_strdup (date);
                }
            }
          marker = g_strdup_printf ("%u %s|%s", fetched->number, max_seen ? max_seen : "", since ? since : "");
          ok = chorus_store_upsert_invoices_with_state (self->store, page->invoices, resume_key, marker, error);
          if (ok)
            {
              guint pages = MAX (page->pages, 1);

              message = g_strdup_printf (direction == CHORUS_DIRECTION_ISSUED
                                           ? _("Issued invoices: page %u of %u")
                                           : _("Received invoices: page %u of %u"),
                                         MIN (fetched->number, pages), pages);
              chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, base + share * MIN (fetched->number, pages) / pages, 0, FALSE, message);
              if (page->invoices->len > 0)
                chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
            }
        }
      fetched_page_free (fetched);
    }

  g_mutex_lock (&fetcher.channel.lock);
  fetcher.channel.stop = TRUE;
  g_cond_broadcast (&fetcher.channel.cond);
  g_mutex_unlock (&fetcher.channel.lock);
  g_thread_join (thread);
  g_queue_clear_full (&fetcher.channel.pages, (GDestroyNotify) fetched_page_free);
  g_mutex_clear (&fetcher.channel.lock);
  g_cond_clear (&fetcher.channel.cond);

  if (!ok)
    return FALSE;
  next_since = next_since_value (max_seen, since, pull_start);
  return chorus_store_set_state (self->store, since_key, next_since, error) &&
         chorus_store_set_state (self->store, resume_key, NULL, error);
}

static void
pull_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  ChorusDirection directions[2];
  gboolean bulk;
  guint n = 0;

  if (self->directions & CHORUS_SYNC_RECEIVED)
    directions[n++] = CHORUS_DIRECTION_RECEIVED;
  if (self->directions & CHORUS_SYNC_ISSUED)
    directions[n++] = CHORUS_DIRECTION_ISSUED;

  /* First pull into an empty store: load without the secondary indexes, build them once at
   * the end (several times faster than maintaining them row by row). */
  bulk = chorus_store_begin_bulk_load (self->store, &error);
  for (guint i = 0; i < n && error == NULL; i++)
    if (!pull_direction (self, directions[i], (double) i / n, 1.0 / n, cancellable, &error) &&
        chorus_sync_is_offline_error (error))
      chorus_sync_set_online (self, FALSE);
  if (bulk)
    {
      g_autoptr(GError) end_error = NULL;

      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, 1.0, 0, FALSE, _("Indexing the invoices"));
      if (!chorus_store_end_bulk_load (self->store, &end_error) && error == NULL)
        error = g_steal_pointer (&end_error);
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
    }

  if (error == NULL)
    {
      chorus_sync_set_online (self, TRUE);
      now = g_date_time_new_now_utc ();
      stamp = g_date_time_format_iso8601 (now);
      if (chorus_store_set_state (self->store, "last-sync", stamp, &error))
        chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_PROGRESS, 1.0, 0, FALSE, _("Up to date"));
    }

  g_atomic_int_set (&self->pulling, 0);
  chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_STATE_CHANGED, 0, 0, FALSE, NULL);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
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
/* Detail and PDF ------------------------------------------------------------------------------- */

static void
detail_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 id = *(gint64 *) task_data;
  g_autoptr(ChorusInvoice) cached = NULL;
  g_autoptr(ChorusInvoice) detail = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 chorus_id;

  cached = chorus_store_load_invoice (self->store, id, &error);
  if (cached == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  chorus_id = chorus_invoice_get_id (cached);
  detail = chorus_client_consult_invoice_sync (self->client, chorus_invoice_get_direction (cached), chorus_id,
                                               cancellable, &error);
  if (detail != NULL)
    history = chorus_client_get_history_sync (self->client, chorus_id, cancellable, &error);
  if (detail == NULL || history == NULL)
    {
      if (chorus_sync_is_offline_error (error))
        chorus_sync_set_online (self, FALSE);
      /* Offline (or refused): the cached detail is better than nothing. */
      if (chorus_sync_is_offline_error (error) && chorus_store_has_detail (self->store, id))
        g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  chorus_sync_set_online (self, TRUE);
  chorus_invoice_set_id (detail, chorus_id);
  chorus_invoice_set_direction (detail, chorus_invoice_get_direction (cached));
  chorus_invoice_set_history (detail, history->events);
  if (!chorus_store_save_detail (self->store, detail, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&cached);
  cached = chorus_store_load_invoice (self->store, id, &error);
  if (cached == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      chorus_sync_emit (self, CHORUS_SYNC_SIGNAL_INVOICES_CHANGED, 0, 0, FALSE, NULL);
      g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
    }
}

void
chorus_sync_fetch_detail_async (ChorusSync          *self,
                                gint64               invoice_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_fetch_detail_async);
  g_task_set_task_data (task, g_memdup2 (&invoice_id, sizeof invoice_id), g_free);
  g_task_run_in_thread (task, detail_thread);
}

ChorusInvoice *
chorus_sync_fetch_detail_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pdf_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 id = *(gint64 *) task_data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  pdf = chorus_store_load_cached_file (self->store, id, "pdf", &error);
  if (pdf == NULL && error == NULL)
    {
      g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (self->store, id, &error);
      gint64 chorus_id = invoice != NULL ? chorus_invoice_get_id (invoice) : 0;

      if (invoice != NULL)
        pdf = chorus_client_download_sync (self->client, &chorus_id, 1, CHORUS_DOWNLOAD_PDF, FALSE, cancellable,
                                           &error);
      if (pdf == NULL && chorus_sync_is_offline_error (error))
        {
          chorus_sync_set_online (self, FALSE);
          g_clear_error (&error);
          g_set_error (&error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                       _("Chorus Pro cannot be reached and this PDF was never downloaded."));
        }
      if (pdf != NULL && !chorus_store_cache_file (self->store, id, "pdf", pdf, &error))
        g_clear_pointer (&pdf, g_bytes_unref);
    }
  if (pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&pdf), (GDestroyNotify) g_bytes_unref);
}

void
chorus_sync_fetch_pdf_async (ChorusSync          *self,
                             gint64               invoice_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_fetch_pdf_async);
  g_task_set_task_data (task, g_memdup2 (&invoice_id, sizeof invoice_id), g_free);
  g_task_run_in_thread (task, pdf_thread);
}

GBytes *
chorus_sync_fetch_pdf_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}


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
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_refresh_references_async);
  g_task_set_task_data (task, g_memdup2 (&structure_id, sizeof structure_id), g_free);
  g_task_run_in_thread (task, references_thread);
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
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_sync_fetch_flow_report_async);
  g_task_set_task_data (task, g_memdup2 (&action_id, sizeof action_id), g_free);
  g_task_run_in_thread (task, flow_report_thread);
}

ChorusFlowReport *
chorus_sync_fetch_flow_report_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
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
