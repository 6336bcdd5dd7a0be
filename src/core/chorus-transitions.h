/* chorus-transitions.h: which statuses a recipient may set from each status, as Chorus Pro says
 * (recuperer/etats/traitement), cached in the store; the local table only when never fetched.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client.h"
#include "chorus-status.h"
#include "chorus-store.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_TRANSITIONS_SERVER,  /* fetched from Chorus Pro in this session */
  CHORUS_TRANSITIONS_CACHED,  /* fetched in an earlier session */
  CHORUS_TRANSITIONS_LOCAL,   /* never fetched: the app's own table */
} ChorusTransitionsSource;

#define CHORUS_TYPE_TRANSITIONS (chorus_transitions_get_type ())
G_DECLARE_FINAL_TYPE (ChorusTransitions, chorus_transitions, CHORUS, TRANSITIONS, GObject)

/* "changed" () is emitted when an answer from Chorus Pro changed what lookup() gives.
 * @client may be NULL (no connection: the cache and the local table only). */
ChorusTransitions *chorus_transitions_new     (ChorusStore            *store,
                                               ChorusClient           *client);
/* The statuses allowed from @current, in the server's order. The first lookup of a status in a
 * session asks Chorus Pro in the background; meanwhile the cached answer (or the local table)
 * stands. Returns the number written to @targets (at most @max_targets). */
gsize              chorus_transitions_lookup  (ChorusTransitions      *self,
                                               ChorusStatus            current,
                                               ChorusStatus           *targets,
                                               gsize                   max_targets,
                                               ChorusTransitionsSource *source);
/* Whether @target is in lookup()'s answer for @current. @self may be NULL (no session): the app's
 * own table then answers alone (chorus_status_can_process()). */
gboolean           chorus_transitions_allows  (ChorusTransitions      *self,
                                               ChorusStatus            current,
                                               ChorusStatus            target);
/* Asks Chorus Pro now for each of @statuses not asked yet in this session. */
void               chorus_transitions_prefetch (ChorusTransitions     *self,
                                                const ChorusStatus    *statuses,
                                                gsize                  n_statuses);
/* Requests sent and not answered yet. */
guint              chorus_transitions_get_pending (ChorusTransitions  *self);

G_END_DECLS
