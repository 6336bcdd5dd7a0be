/* chorus-sync.c: pulls (paged, resumable, download overlapped with writes) and the outbox sender. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-deposit-draft.h"
#include "chorus-json.h"
#include "chorus-sync-private.h"
#include "chorus-zip.h"

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
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_in_context, e, emission_free);
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

  g_clear_object (&self->client);
  g_clear_object (&self->store);
  if (self->hold_timer != NULL)
    g_source_destroy (self->hold_timer);
  g_clear_pointer (&self->hold_timer, g_source_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->flush_lock);
  g_mutex_clear (&self->hold_lock);
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
  g_mutex_init (&self->hold_lock);
  g_mutex_init (&self->scope_lock);
  self->scope_structures = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->scope_services = g_array_new (FALSE, FALSE, sizeof (ChorusSyncScopeService));
  self->directions = CHORUS_SYNC_RECEIVED | CHORUS_SYNC_ISSUED;
  self->page_size = 1000;
  self->parallel_sends = 4;
  self->online = 1;
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

/* One search the pull runs to the end: a direction, a type of payment request, and when the
 * account's scope is set, one structure (and service) of it. */
typedef struct {
  ChorusDirection  direction;
  const char      *request_type;   /* NULL = the client's default (FACTURE) */
  gint64           structure_id;   /* idDestinataire / idFournisseur; 0 = any */
  gint64           service_id;     /* idServiceExecutant; 0 = any */
} PullTarget;

typedef struct {
  ChorusSync        *self;
  const PullTarget  *target;
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
search (ChorusSync *self, const PullTarget *target, const char *since, guint page, GCancellable *cancellable,
        GError **error)
{
  ChorusInvoiceQuery query;

  chorus_invoice_query_init (&query);
  query.status_changed_from = since;
  query.page = page;
  query.page_size = self->page_size;
  query.request_type = target->request_type;
  if (target->direction == CHORUS_DIRECTION_ISSUED)
    query.supplier_id = target->structure_id;
  else
    query.recipient_id = target->structure_id;
  query.service_id = target->service_id;
  /* Deposit order: a status change during the pull does not move an invoice across pages. */
  query.sort_column = "DateDepot";
  if (target->direction == CHORUS_DIRECTION_ISSUED)
    return chorus_client_search_issued_sync (self->client, &query, cancellable, error);
  return chorus_client_search_received_sync (self->client, &query, cancellable, error);
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
      fetched->page = search (fetcher->self, fetcher->target, fetcher->since, number, fetcher->cancellable,
                              &fetched->error);
      if (fetched->page != NULL)
        pages = fetched->page->pages;
      last = fetched->page == NULL || number >= pages;

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

/* The state keys of a target: the unscoped invoice search keeps the names it always had. */
static char *
target_key (const PullTarget *target, const char *what)
{
  g_autoptr(GString) key = g_string_new ("pull-");

  g_string_append (key, target->direction == CHORUS_DIRECTION_ISSUED ? "issued" : "received");
  if (target->request_type != NULL && g_strcmp0 (target->request_type, "FACTURE") != 0)
    g_string_append_printf (key, "-%s", target->request_type);
  if (target->structure_id != 0)
    g_string_append_printf (key, "-s%" G_GINT64_FORMAT, target->structure_id);
  if (target->service_id != 0)
    g_string_append_printf (key, "-v%" G_GINT64_FORMAT, target->service_id);
  g_string_append_printf (key, "-%s", what);
  return g_string_free (g_steal_pointer (&key), FALSE);
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
pull_target (ChorusSync        *self,
             const PullTarget  *target,
             double             base,
             double             share,
             GCancellable      *cancellable,
             GError           **error)
{
  ChorusDirection direction = target->direction;
  g_autofree char *since_key = target_key (target, "since");
  g_autofree char *resume_key = target_key (target, "resume");
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
  fetcher.target = target;
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

/* Received invoices of both kinds of payment request: works invoices come to recipients too. */
static const char *const received_request_types[] = { "FACTURE", "FACTURE_TRAVAUX" };

static void
add_targets (GArray          *targets,
             ChorusDirection  direction,
             gint64           structure_id,
             gint64           service_id)
{
  if (direction == CHORUS_DIRECTION_ISSUED)
    {
      PullTarget target = { direction, NULL, structure_id, 0 };
      g_array_append_val (targets, target);
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (received_request_types); i++)
    {
      PullTarget target = { direction, received_request_types[i], structure_id, service_id };
      g_array_append_val (targets, target);
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

/* What a pull searches, and the scope's signature; NULL with @error when the account's structures
 * cannot be read. */
static GArray *
pull_targets (ChorusSync    *self,
              char         **signature,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (PullTarget));
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
      if (self->directions & CHORUS_SYNC_RECEIVED)
        add_targets (targets, CHORUS_DIRECTION_RECEIVED, 0, 0);
      if (self->directions & CHORUS_SYNC_ISSUED)
        add_targets (targets, CHORUS_DIRECTION_ISSUED, 0, 0);
      *signature = g_strdup ("");
      return g_steal_pointer (&targets);
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
              add_targets (targets, CHORUS_DIRECTION_RECEIVED, id, service->service_id);
              g_string_append_printf (sig, "r%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ";", id, service->service_id);
              chosen++;
            }
          if (chosen == 0)
            {
              add_targets (targets, CHORUS_DIRECTION_RECEIVED, id, 0);
              g_string_append_printf (sig, "r%" G_GINT64_FORMAT ";", id);
            }
        }
      if ((self->directions & CHORUS_SYNC_ISSUED) && (mask & (1u << CHORUS_ROLE_FOURNISSEUR)))
        {
          add_targets (targets, CHORUS_DIRECTION_ISSUED, id, 0);
          g_string_append_printf (sig, "i%" G_GINT64_FORMAT ";", id);
        }
    }
  *signature = g_string_free (g_steal_pointer (&sig), FALSE);
  return g_steal_pointer (&targets);
}

/* A new scope: what lies outside goes, and every target starts over from its first page. */
static gboolean
apply_scope_change (ChorusSync  *self,
                    GArray      *targets,
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
      gboolean scoped = *signature != '\0';

      for (guint i = 0; i < targets->len; i++)
        {
          PullTarget *target = &g_array_index (targets, PullTarget, i);

          if ((int) target->direction != direction || target->structure_id == 0)
            continue;
          g_array_append_val (structure_ids, target->structure_id);
          g_array_append_val (service_ids, target->service_id);
        }
      if (scoped && !chorus_store_delete_outside_scope (self->store, (ChorusDirection) direction,
                                                        (const gint64 *) (gpointer) structure_ids->data,
                                                        (const gint64 *) (gpointer) service_ids->data,
                                                        structure_ids->len, error))
        return FALSE;
    }
  for (guint i = 0; i < targets->len; i++)
    {
      g_autofree char *since_key = target_key (&g_array_index (targets, PullTarget, i), "since");
      g_autofree char *resume_key = target_key (&g_array_index (targets, PullTarget, i), "resume");

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
  g_autoptr(GArray) targets = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *signature = NULL;
  gboolean bulk = FALSE;

  targets = pull_targets (self, &signature, cancellable, &error);
  if (targets != NULL && !apply_scope_change (self, targets, signature, &error))
    g_clear_pointer (&targets, g_array_unref);

  /* First pull into an empty store: load without the secondary indexes, build them once at
   * the end (several times faster than maintaining them row by row). */
  if (targets != NULL)
    bulk = chorus_store_begin_bulk_load (self->store, &error);
  for (guint i = 0; targets != NULL && i < targets->len && error == NULL; i++)
    pull_target (self, &g_array_index (targets, PullTarget, i), (double) i / targets->len, 1.0 / targets->len,
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

  cached = chorus_store_load_invoice (self->store, id, &error);
  if (cached == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  detail = chorus_client_consult_invoice_sync (self->client, chorus_invoice_get_direction (cached), id,
                                               cancellable, &error);
  if (detail != NULL)
    history = chorus_client_get_history_sync (self->client, id, cancellable, &error);
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
  chorus_invoice_set_id (detail, id);
  chorus_invoice_set_direction (detail, chorus_invoice_get_direction (cached));
  chorus_invoice_set_history (detail, history->events);
  chorus_invoice_set_user_actions (detail, history->actions);
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

/* One invoice's read in a worker thread; the task data is its id. */
static void
run_for_invoice (ChorusSync          *self,
                 gint64               invoice_id,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag,
                 GTaskThreadFunc      thread)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_memdup2 (&invoice_id, sizeof invoice_id), g_free);
  g_task_run_in_thread (task, thread);
}

void
chorus_sync_fetch_detail_async (ChorusSync          *self,
                                gint64               invoice_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  run_for_invoice (self, invoice_id, cancellable, callback, user_data, chorus_sync_fetch_detail_async, detail_thread);
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
      pdf = chorus_client_download_sync (self->client, &id, 1, CHORUS_DOWNLOAD_PDF, FALSE, cancellable, &error);
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
  g_return_if_fail (CHORUS_IS_SYNC (self));
  run_for_invoice (self, invoice_id, cancellable, callback, user_data, chorus_sync_fetch_pdf_async, pdf_thread);
}

GBytes *
chorus_sync_fetch_pdf_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}


/* Attachments ---------------------------------------------------------------------------------- */

/* Chorus Pro refuses a download over 120 MB (HTTP 413): nothing larger can come. */
#define MAX_ARCHIVE_BYTES   (120 * 1024 * 1024)
#define MAX_ARCHIVE_ENTRIES 1000

void
chorus_attachment_file_free (ChorusAttachmentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_free (file);
}

static char *
attachment_kind (gint64 attachment_id)
{
  return g_strdup_printf ("attachment-%" G_GINT64_FORMAT, attachment_id);
}

/* The file name an attachment gets: its designation, with its extension when it has none. */
static char *
attachment_file_name (const ChorusAttachment *attachment)
{
  g_autofree char *base = chorus_zip_safe_name (attachment->name ? attachment->name : "");
  g_autofree char *ext = attachment->extension ? g_ascii_strdown (attachment->extension, -1) : NULL;

  if (ext != NULL && *ext != '\0' && strchr (base, '.') == NULL)
    return g_strdup_printf ("%s.%s", base, ext);
  return g_steal_pointer (&base);
}

/* The archive names members after their designation; compare without case or extension. */
static gboolean
entry_matches (const ChorusZipEntry *entry, const ChorusAttachment *attachment)
{
  g_autofree char *wanted = attachment_file_name (attachment);
  g_autofree char *a = g_utf8_casefold (entry->name, -1);
  g_autofree char *b = g_utf8_casefold (wanted, -1);
  char *dot;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  if ((dot = strrchr (a, '.')) != NULL)
    *dot = '\0';
  if ((dot = strrchr (b, '.')) != NULL)
    *dot = '\0';
  return g_strcmp0 (a, b) == 0;
}

static ChorusAttachmentFile *
attachment_file_new (gint64 id, const char *name, GBytes *bytes)
{
  ChorusAttachmentFile *file = g_new0 (ChorusAttachmentFile, 1);

  file->attachment_id = id;
  file->name = g_strdup (name);
  file->bytes = g_bytes_ref (bytes);
  return file;
}

static void
attachments_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ChorusSync *self = source;
  gint64 id = *(gint64 *) task_data;
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_attachment_file_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GBytes) download = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *used = NULL;
  GPtrArray *attachments;
  gboolean all_cached = TRUE;

  invoice = chorus_store_load_invoice (self->store, id, &error);
  if (invoice == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  attachments = chorus_invoice_get_attachments (invoice);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *kind = attachment_kind (attachment->id);
      g_autofree char *name = attachment_file_name (attachment);
      g_autoptr(GBytes) cached = NULL;

      if (attachment->is_main)
        continue;
      cached = chorus_store_load_cached_file (self->store, id, kind, NULL);
      if (cached == NULL)
        {
          all_cached = FALSE;
          break;
        }
      g_ptr_array_add (files, attachment_file_new (attachment->id, name, cached));
    }
  if (all_cached)
    {
      g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  g_ptr_array_set_size (files, 0);

  download = chorus_client_download_sync (self->client, &id, 1, CHORUS_DOWNLOAD_PDF, TRUE, cancellable, &error);
  if (download == NULL)
    {
      if (chorus_sync_is_offline_error (error))
        {
          chorus_sync_set_online (self, FALSE);
          g_clear_error (&error);
          g_set_error (&error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE,
                       _("Chorus Pro cannot be reached and these attachments were never downloaded."));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  chorus_sync_set_online (self, TRUE);
  /* One file only: the invoice's own PDF, there is nothing else to show. */
  if (chorus_bytes_is_pdf (download))
    {
      g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (!chorus_bytes_is_zip (download))
    {
      g_task_return_new_error (task, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED,
                               _("Chorus Pro sent the attachments in a form Chorus Desk cannot read."));
      return;
    }
  entries = chorus_zip_read (download, MAX_ARCHIVE_BYTES, MAX_ARCHIVE_BYTES, MAX_ARCHIVE_ENTRIES, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  used = g_new0 (gboolean, entries->len);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (attachments, i);

      if (attachment->is_main)
        continue;
      for (guint e = 0; e < entries->len; e++)
        {
          ChorusZipEntry *entry = g_ptr_array_index (entries, e);
          g_autofree char *kind = NULL;
          g_autofree char *name = NULL;

          if (used[e] || !entry_matches (entry, attachment))
            continue;
          used[e] = TRUE;
          kind = attachment_kind (attachment->id);
          name = attachment_file_name (attachment);
          if (!chorus_store_cache_file (self->store, id, kind, entry->data, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          g_ptr_array_add (files, attachment_file_new (attachment->id, name, entry->data));
          break;
        }
    }
  /* The rest of the archive, but the invoice's own PDF (a member named after its number). */
  for (guint e = 0; e < entries->len; e++)
    {
      ChorusZipEntry *entry = g_ptr_array_index (entries, e);
      g_autofree char *main_name = g_strdup_printf ("%s.pdf", chorus_invoice_get_number (invoice) ?: "");

      if (!used[e] && g_ascii_strcasecmp (entry->name, main_name) != 0)
        g_ptr_array_add (files, attachment_file_new (0, entry->name, entry->data));
    }
  g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
}

void
chorus_sync_fetch_attachments_async (ChorusSync          *self,
                                     gint64               invoice_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CHORUS_IS_SYNC (self));
  run_for_invoice (self, invoice_id, cancellable, callback, user_data, chorus_sync_fetch_attachments_async, attachments_thread);
}

GPtrArray *
chorus_sync_fetch_attachments_finish (ChorusSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
