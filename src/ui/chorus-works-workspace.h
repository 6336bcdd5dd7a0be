/* chorus-works-workspace.h: works invoices as in the portal: the Synthèse, the search, the billing file, the deposit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-directory.h"
#include "chorus-session.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_WORKSPACE (chorus_works_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksWorkspace, chorus_works_workspace, CHORUS, WORKS_WORKSPACE, GtkWidget)

/* Properties:
 *   "session" (ChorusSession, read-write): where the pieces are read (its sync's fetches), sent
 *     (its outbox) and the parties looked up (its client). NULL: nothing shown. Set again, the
 *     same session is read again (a reset gives it a new store and sync).
 *   "busy" (gboolean, read-only): pages, the account's structures, a billing file or a PDF are
 *     being fetched.
 *   "to-act" (guint, read-only): the pieces listed on which the role chosen has something to do.
 * Actions (works.*): refresh (F5, Ctrl+R), back (Escape), deposit, search, reset-search, export,
 *   show-unreadable. */
GtkWidget     *chorus_works_workspace_new         (void);
void           chorus_works_workspace_set_session (ChorusWorksWorkspace *self,
                                                   ChorusSession        *session);
ChorusSession *chorus_works_workspace_get_session (ChorusWorksWorkspace *self);
gboolean       chorus_works_workspace_get_busy    (ChorusWorksWorkspace *self);
guint          chorus_works_workspace_get_to_act  (ChorusWorksWorkspace *self);

G_END_DECLS
