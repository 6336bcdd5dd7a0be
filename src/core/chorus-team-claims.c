/* chorus-team-claims.c: "being processed by …" claims: take, renew while held, release; live ones by the server's clock.
 *
 * A claim lives on the server with an expiry set by the server's clock; the holder renews it a
 * few times per lifetime while the invoice stays open. A desktop that crashes or loses the
 * network simply stops renewing, and its claims lapse by themselves: nobody has to clean up. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-team-sync-private.h"

static void
emit_claims_changed (ChorusTeamSync *self,
                     GArray         *ids)
{
  if (ids != NULL && ids->len > 0)
    g_signal_emit (self, chorus_team_sync_signals[CHORUS_TEAM_SYNC_SIGNAL_CLAIMS_CHANGED], 0, ids);
}

static gboolean
is_live (ChorusTeamSync        *self,
         const ChorusTeamClaim *claim)
{
  g_autoptr(GDateTime) now = chorus_team_sync_get_server_now (self);

  return claim != NULL && claim->expires_at != NULL && g_date_time_compare (claim->expires_at, now) > 0;
}

static gboolean
expiry_cb (gpointer user_data)
{
  ChorusTeamSync *self = user_data;

  self->expiry_id = 0;
  chorus_team_sync_refresh_claims (self, NULL);
  return G_SOURCE_REMOVE;
}

/* Wakes up when the next claim lapses, so that lists stop showing it then. */
static void
arm_expiry (ChorusTeamSync *self)
{
  g_autoptr(GDateTime) now = chorus_team_sync_get_server_now (self);
  GHashTableIter iter;
  ChorusTeamClaim *claim;
  GTimeSpan soonest = G_MAXINT64;

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->claims);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &claim))
    soonest = MIN (soonest, g_date_time_difference (claim->expires_at, now));
  if (soonest == G_MAXINT64)
    return;
  self->expiry_id = g_timeout_add ((guint) CLAMP (soonest / 1000 + 50, 50, G_MAXINT), expiry_cb, self);
}

static void
add_unique (GArray *ids,
            gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

void
chorus_team_sync_refresh_claims (ChorusTeamSync *self,
                                 GArray         *ids)
{
  g_autoptr(GDateTime) now = chorus_team_sync_get_server_now (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = chorus_store_team_list_claims (self->store, now, &error);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gint64 *key;

  if (live == NULL)
    {
      g_warning ("claims not read: %s", error->message);
      return;
    }
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    add_unique (changed, g_array_index (ids, gint64, i));
  /* Those that lapsed since the last look. */
  g_hash_table_iter_init (&iter, self->claims);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      gboolean still = FALSE;

      for (guint i = 0; i < live->len && !still; i++)
        still = ((ChorusTeamClaim *) g_ptr_array_index (live, i))->invoice_id == *key;
      if (!still)
        add_unique (changed, *key);
    }
  g_hash_table_remove_all (self->claims);
  for (guint i = 0; i < live->len; i++)
    {
      ChorusTeamClaim *claim = g_ptr_array_index (live, i);

      g_hash_table_insert (self->claims, chorus_team_sync_id_key (claim->invoice_id), chorus_team_claim_copy (claim));
    }
  arm_expiry (self);
  emit_claims_changed (self, changed);
}

/* Taking and renewing ------------------------------------------------------------------------------ */

static void arm_renewal (ChorusTeamSync *self);

#define CLAIM_SQL "SELECT * FROM team_claim ($1, $2, $3, $4, $5, $6)"

static ChorusTeamClaim *
claim_from_result (ChorusTeamSync *self,
                   PGresult       *result,
                   gint64          invoice_id)
{
  ChorusTeamClaim *claim;
  const char *claimed_at, *expires_at;

  if (PQntuples (result) != 1)
    return NULL;
  chorus_team_sync_note_server_time (self, chorus_team_sync_value (result, 0, 5));
  claim = g_new0 (ChorusTeamClaim, 1);
  claim->invoice_id = invoice_id;
  claim->holder_login = g_strdup (chorus_team_sync_value (result, 0, 1));
  claim->holder_name = g_strdup (chorus_team_sync_value (result, 0, 2));
  claimed_at = chorus_team_sync_value (result, 0, 3);
  expires_at = chorus_team_sync_value (result, 0, 4);
  claim->claimed_at = claimed_at != NULL ? g_date_time_new_from_iso8601 (claimed_at, NULL) : NULL;
  claim->expires_at = expires_at != NULL ? g_date_time_new_from_iso8601 (expires_at, NULL) : NULL;
  return claim;
}

static gboolean
is_mine (ChorusTeamSync        *self,
         const ChorusTeamClaim *claim)
{
  return claim != NULL && g_strcmp0 (claim->holder_login, self->identity->login) == 0;
}

/* Keeps the answer in the live claims at once; the feed confirms it a moment later. */
static void
remember (ChorusTeamSync  *self,
          ChorusTeamClaim *claim)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (ids, claim->invoice_id);
  g_hash_table_insert (self->claims, chorus_team_sync_id_key (claim->invoice_id), chorus_team_claim_copy (claim));
  arm_expiry (self);
  emit_claims_changed (self, ids);
}

/* One claim or renewal in flight; a renewal has no task (nobody waits for it). */
typedef struct {
  gint64  invoice_id;
  GTask  *task;
} ClaimCall;

static void
claimed (ChorusTeamSync *self,
         PGresult       *result,
         const GError   *error,
         gpointer        data)
{
  ClaimCall *call = data;
  GTask *task = call->task;
  gint64 invoice_id = call->invoice_id;
  ChorusTeamClaim *claim;

  if (result == NULL)
    {
      if (task != NULL)
        g_task_return_error (task, g_error_copy (error));
      chorus_team_sync_connection_failed (self, error);
      return;
    }
  claim = claim_from_result (self, result, invoice_id);
  if (claim == NULL)
    {
      if (task != NULL)
        g_task_return_new_error (task, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_SERVER,
                                 _("The team database did not answer the claim."));
      return;
    }
  /* Held by someone else now (ours lapsed while we were away): stop renewing it. */
  if (is_mine (self, claim))
    g_hash_table_add (self->held, chorus_team_sync_id_key (invoice_id));
  else
    g_hash_table_remove (self->held, &invoice_id);
  arm_renewal (self);
  remember (self, claim);
  if (task != NULL)
    g_task_return_pointer (task, claim, (GDestroyNotify) chorus_team_claim_free);
  else
    chorus_team_claim_free (claim);
}

static void
claim_call_free (gpointer data)
{
  ClaimCall *call = data;

  /* A claim dropped with its connection still owes its caller an answer. */
  if (call->task != NULL && !g_task_get_completed (call->task))
    g_task_return_new_error (call->task, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED,
                             _("The team database is not connected."));
  g_clear_object (&call->task);
  g_free (call);
}

static void
send_claim (ChorusTeamSync *self,
            gint64          invoice_id,
            GTask          *task)
{
  g_autofree char *structure = chorus_store_team_get_structure (self->store, invoice_id);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, invoice_id);
  g_autofree char *seconds = g_strdup_printf ("%u", self->claim_seconds);
  const char *params[] = { structure, id, self->identity->login, self->identity->name, self->origin, seconds };
  ClaimCall *call;

  if (structure == NULL)
    {
      if (task != NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("Invoice %lld is not in the local database."), (long long) invoice_id);
      g_clear_object (&task);
      return;
    }
  call = g_new0 (ClaimCall, 1);
  call->invoice_id = invoice_id;
  call->task = task;
  chorus_team_sync_call (self, CLAIM_SQL, G_N_ELEMENTS (params), params, claimed, call, claim_call_free);
}

static gboolean
renew_cb (gpointer user_data)
{
  ChorusTeamSync *self = user_data;
  GHashTableIter iter;
  gint64 *key;

  if (!self->online)
    return G_SOURCE_CONTINUE;
  g_hash_table_iter_init (&iter, self->held);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    send_claim (self, *key, NULL);
  return G_SOURCE_CONTINUE;
}

static void
arm_renewal (ChorusTeamSync *self)
{
  if (g_hash_table_size (self->held) == 0)
    {
      g_clear_handle_id (&self->renew_id, g_source_remove);
      return;
    }
  /* Three renewals per lifetime: one lost packet never lets a held claim lapse. */
  if (self->renew_id == 0)
    self->renew_id = g_timeout_add (MAX (self->claim_seconds * 1000 / 3, 200), renew_cb, self);
}

void
chorus_team_sync_claim_async (ChorusTeamSync      *self,
                              gint64               invoice_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));

  /* No source object: a pending claim must not keep the synchroniser alive. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_team_sync_claim_async);
  if (!self->online)
    {
      g_task_return_new_error (task, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED,
                               _("The team database cannot be reached: colleagues will not see that you are "
                                 "processing this invoice."));
      g_object_unref (task);
      return;
    }
  send_claim (self, invoice_id, task);
}

ChorusTeamClaim *
chorus_team_sync_claim_finish (ChorusTeamSync  *self,
                               GAsyncResult    *result,
                               gboolean        *granted,
                               GError         **error)
{
  ChorusTeamClaim *claim;

  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  claim = g_task_propagate_pointer (G_TASK (result), error);
  if (granted != NULL)
    *granted = is_mine (self, claim);
  return claim;
}

static void
released (ChorusTeamSync *self,
          PGresult       *result,
          const GError   *error,
          gpointer        data)
{
  if (result == NULL)
    chorus_team_sync_connection_failed (self, error);
}

static void
send_release (ChorusTeamSync *self,
              gint64          invoice_id)
{
  g_autofree char *structure = chorus_store_team_get_structure (self->store, invoice_id);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, invoice_id);
  const char *params[] = { structure, id, self->identity->login };

  if (structure != NULL && self->online)
    chorus_team_sync_call (self, "SELECT * FROM team_release ($1, $2, $3)", G_N_ELEMENTS (params), params,
                           released, NULL, NULL);
}

void
chorus_team_sync_release (ChorusTeamSync *self,
                          gint64          invoice_id)
{
  g_autoptr(GArray) ids = NULL;
  ChorusTeamClaim *claim;

  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));

  if (!g_hash_table_remove (self->held, &invoice_id))
    return;
  arm_renewal (self);
  send_release (self, invoice_id);
  claim = g_hash_table_lookup (self->claims, &invoice_id);
  if (is_mine (self, claim))
    {
      g_hash_table_remove (self->claims, &invoice_id);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, invoice_id);
      emit_claims_changed (self, ids);
    }
}

const ChorusTeamClaim *
chorus_team_sync_get_claim (ChorusTeamSync *self,
                            gint64          invoice_id)
{
  ChorusTeamClaim *claim;

  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (self), NULL);

  claim = g_hash_table_lookup (self->claims, &invoice_id);
  return is_live (self, claim) ? claim : NULL;
}

gboolean
chorus_team_sync_is_claimed_by_other (ChorusTeamSync *self,
                                      gint64          invoice_id)
{
  const ChorusTeamClaim *claim = chorus_team_sync_get_claim (self, invoice_id);

  return claim != NULL && !is_mine (self, claim);
}

void
chorus_team_sync_set_claim_duration (ChorusTeamSync *self,
                                     guint           seconds)
{
  g_return_if_fail (CHORUS_IS_TEAM_SYNC (self));
  self->claim_seconds = MAX (seconds, 1);
}

void
chorus_team_sync_claims_online (ChorusTeamSync *self)
{
  renew_cb (self);
  chorus_team_sync_refresh_claims (self, NULL);
}

void
chorus_team_sync_claims_dispose (ChorusTeamSync *self)
{
  GHashTableIter iter;
  gint64 *key;

  g_clear_handle_id (&self->renew_id, g_source_remove);
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  /* Best effort: colleagues need not wait for the claims to lapse. */
  g_hash_table_iter_init (&iter, self->held);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    send_release (self, *key);
  g_hash_table_remove_all (self->held);
}
