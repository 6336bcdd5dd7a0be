/* chorus-transitions.c: asks recuperer/etats/traitement once per status and session, keeps the answer
 * in the store, and falls back to chorus_status_recipient_targets() only for a status never fetched.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-status.h"
#include "chorus-transitions.h"

/* After a failed request (offline), the next lookup asks again no sooner than this. */
#define RETRY_US (60 * G_USEC_PER_SEC)

struct _ChorusTransitions
{
  GObject        parent_instance;

  ChorusStore   *store;
  ChorusClient  *client;
  GCancellable  *cancellable;
  GHashTable    *asked;     /* ChorusStatus -> gint64 time of the request (0 = answered) */
  guint          pending;
};

G_DEFINE_FINAL_TYPE (ChorusTransitions, chorus_transitions, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
chorus_transitions_dispose (GObject *object)
{
  ChorusTransitions *self = CHORUS_TRANSITIONS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_pointer (&self->asked, g_hash_table_unref);
  G_OBJECT_CLASS (chorus_transitions_parent_class)->dispose (object);
}

static void
chorus_transitions_class_init (ChorusTransitionsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_transitions_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
chorus_transitions_init (ChorusTransitions *self)
{
  self->cancellable = g_cancellable_new ();
  self->asked = g_hash_table_new (g_direct_hash, g_direct_equal);
}

ChorusTransitions *
chorus_transitions_new (ChorusStore  *store,
                        ChorusClient *client)
{
  ChorusTransitions *self;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || CHORUS_IS_CLIENT (client), NULL);

  self = g_object_new (CHORUS_TYPE_TRANSITIONS, NULL);
  self->store = g_object_ref (store);
  self->client = client ? g_object_ref (client) : NULL;
  return self;
}

typedef struct {
  ChorusTransitions *self;
  ChorusStatus       current;
} Request;

static void
targets_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Request *request = user_data;
  ChorusTransitions *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) targets = chorus_client_get_status_targets_finish (CHORUS_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;
  self->pending--;
  /* A refusal is an answer too: no change is allowed from a status the platform rejects here
   * (codeRetour 20000, "no result", is the plain empty list). */
  if (targets == NULL && g_error_matches (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API))
    targets = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
  if (targets == NULL)
    {
      g_debug ("recuperer/etats/traitement %s: %s", chorus_status_to_api (request->current), error->message);
      goto out;
    }
  g_hash_table_insert (self->asked, GINT_TO_POINTER (request->current), GINT_TO_POINTER (0));
  if (!chorus_store_set_status_targets (self->store, request->current, (const ChorusStatus *) (gpointer) targets->data,
                                        targets->len, &error))
    g_warning ("Could not keep the allowed status changes: %s", error->message);
  /* Even an identical answer matters: the source is now the server. */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);

out:
  g_object_unref (request->self);
  g_free (request);
}

static void
ask (ChorusTransitions *self,
     ChorusStatus       current)
{
  gpointer value;
  gint64 now = g_get_monotonic_time ();
  Request *request;

  if (self->client == NULL || chorus_status_to_api (current) == NULL)
    return;
  if (g_hash_table_lookup_extended (self->asked, GINT_TO_POINTER (current), NULL, &value))
    {
      gint64 when = (gint64) GPOINTER_TO_SIZE (value);

      /* Answered, or asked a moment ago (still waiting, or offline). */
      if (when == 0 || now - when < RETRY_US)
        return;
    }
  g_hash_table_insert (self->asked, GINT_TO_POINTER (current), GSIZE_TO_POINTER ((gsize) MAX (now, 1)));
  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->current = current;
  self->pending++;
  chorus_client_get_status_targets_async (self->client, current, self->cancellable, targets_fetched_cb, request);
}

gsize
chorus_transitions_lookup (ChorusTransitions       *self,
                           ChorusStatus             current,
                           ChorusStatus            *targets,
                           gsize                    max_targets,
                           ChorusTransitionsSource *source)
{
  g_autoptr(GArray) cached = NULL;
  gpointer value;
  gsize n;

  g_return_val_if_fail (CHORUS_IS_TRANSITIONS (self), 0);
  g_return_val_if_fail (targets != NULL || max_targets == 0, 0);

  ask (self, current);
  cached = chorus_store_get_status_targets (self->store, current, NULL);
  if (cached == NULL)
    {
      if (source != NULL)
        *source = CHORUS_TRANSITIONS_LOCAL;
      return chorus_status_recipient_targets (current, targets, max_targets);
    }
  if (source != NULL)
    *source = g_hash_table_lookup_extended (self->asked, GINT_TO_POINTER (current), NULL, &value) && value == NULL
              ? CHORUS_TRANSITIONS_SERVER : CHORUS_TRANSITIONS_CACHED;
  n = MIN (cached->len, max_targets);
  for (gsize i = 0; i < n; i++)
    targets[i] = g_array_index (cached, ChorusStatus, i);
  return n;
}

gboolean
chorus_transitions_allows (ChorusTransitions *self,
                           ChorusStatus       current,
                           ChorusStatus       target)
{
  ChorusStatus targets[CHORUS_STATUS_LAST];
  gsize n;

  g_return_val_if_fail (self == NULL || CHORUS_IS_TRANSITIONS (self), FALSE);

  if (self == NULL)
    return chorus_status_can_process (current, target);
  n = chorus_transitions_lookup (self, current, targets, G_N_ELEMENTS (targets), NULL);
  for (gsize i = 0; i < n; i++)
    if (targets[i] == target)
      return TRUE;
  return FALSE;
}

void
chorus_transitions_prefetch (ChorusTransitions  *self,
                             const ChorusStatus *statuses,
                             gsize               n_statuses)
{
  g_return_if_fail (CHORUS_IS_TRANSITIONS (self));

  for (gsize i = 0; i < n_statuses; i++)
    ask (self, statuses[i]);
}

guint
chorus_transitions_get_pending (ChorusTransitions *self)
{
  g_return_val_if_fail (CHORUS_IS_TRANSITIONS (self), 0);
  return self->pending;
}
