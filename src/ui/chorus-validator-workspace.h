/* chorus-validator-workspace.h: the validator's screen: invoices waiting at each level, the invoice and its PDF, the decisions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-session.h"
#include "chorus-store.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_VALIDATOR_WORKSPACE (chorus_validator_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusValidatorWorkspace, chorus_validator_workspace, CHORUS, VALIDATOR_WORKSPACE, GtkWidget)

/* Properties:
 *   "session" (ChorusSession, read-write): the invoices to validate come from its store, the
 *     decisions go through its sync's outbox. NULL: nothing shown. Set again, the same session is
 *     read again (a reset gives it a new store and sync).
 *   "busy" (gboolean, read-only): the session's sync is reading Chorus Pro's invoices.
 *   "waiting" (guint, read-only): invoices waiting for a decision of the account, both levels,
 *     whatever the search.
 * Actions (validator.*): refresh (F5, Ctrl+R), next (j), previous (k), validate (v), refuse (r),
 *   validate-with-details, pay, recycle, suspend, reject. */
GtkWidget     *chorus_validator_workspace_new         (void);
void           chorus_validator_workspace_set_session (ChorusValidatorWorkspace *self,
                                                       ChorusSession            *session);
ChorusSession *chorus_validator_workspace_get_session (ChorusValidatorWorkspace *self);
gboolean       chorus_validator_workspace_get_busy    (ChorusValidatorWorkspace *self);
guint          chorus_validator_workspace_get_waiting (ChorusValidatorWorkspace *self);

G_END_DECLS
