/* chorus-recipient-actions.h: the recipient's processing of the selected invoices: which statuses the
 * platform allows, what needs a dialog, the undo toast while an action is held, Chorus Pro's answer
 * as a toast, and the badge of actions waiting. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-process-dialog.h"
#include "chorus-status.h"
#include "chorus-store.h"
#include "chorus-sync.h"
#include "chorus-transitions.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_RECIPIENT_ACTIONS (chorus_recipient_actions_get_type ())
G_DECLARE_FINAL_TYPE (ChorusRecipientActions, chorus_recipient_actions, CHORUS, RECIPIENT_ACTIONS, GObject)

/* Inserts the "process" action group on @host (process.service-fait, process.reject, …, one per
 * status change, enabled when the platform allows it for the selection; process.undo(x)); toasts
 * go to @host's toast overlay and dialogs to its window.
 *   "queued" (guint n_actions): actions were written to the outbox; the triage may move on.
 *   "answered" (gint64 invoice_id, gboolean ok): Chorus Pro answered one of them. */
ChorusRecipientActions *chorus_recipient_actions_new        (GtkWidget              *host);
void                chorus_recipient_actions_set_store      (ChorusRecipientActions *self,
                                                             ChorusStore            *store);
/* Nullable: without a sync, actions wait in the store's outbox for the next session. */
void                chorus_recipient_actions_set_sync       (ChorusRecipientActions *self,
                                                             ChorusSync             *sync);
/* The invoices the actions apply to (gint64, display order). */
void                chorus_recipient_actions_set_selection  (ChorusRecipientActions *self,
                                                             GArray                 *ids);
/* What the user asked for @target: at once with an undo toast (Service fait, and its
 * cancellation, for one invoice), or through the dialog (motif, mandate number, confirmation of
 * what cannot be taken back, several invoices). */
void                chorus_recipient_actions_process        (ChorusRecipientActions *self,
                                                             ChorusStatus            target);
/* Takes back the actions of the last toast still held; FALSE when too late or nothing to undo. */
gboolean            chorus_recipient_actions_undo_last      (ChorusRecipientActions *self);
ChorusProcessDialog *chorus_recipient_actions_get_dialog    (ChorusRecipientActions *self);
ChorusTransitions  *chorus_recipient_actions_get_transitions (ChorusRecipientActions *self);
/* Every status change, for the list's "Process" button. */
GMenuModel         *chorus_recipient_actions_get_menu       (ChorusRecipientActions *self);
/* The badge for the header bar: "N actions waiting", opening the list of open and recent actions. */
GtkWidget          *chorus_recipient_actions_get_badge      (ChorusRecipientActions *self);
/* The action name of @target in the "process" group, e.g. "process.reject"; NULL if none. */
const char         *chorus_recipient_actions_name_for       (ChorusStatus            target);
/* Whether the menus and buttons offer @target for the selection now. */
gboolean            chorus_recipient_actions_is_enabled     (ChorusRecipientActions *self,
                                                             ChorusStatus            target);
/* The hold before an action may be sent, from the "action-hold-seconds" setting. */
guint               chorus_recipient_actions_get_hold_seconds (ChorusRecipientActions *self);
typedef struct _ChorusTeamSync ChorusTeamSync;
/* Team mode (NULL: none): processing an invoice a colleague holds asks first. */
void                chorus_recipient_actions_set_team       (ChorusRecipientActions *self,
                                                             ChorusTeamSync         *team);
/* The text of the last toast shown, for tests. */
const char         *chorus_recipient_actions_get_last_toast (ChorusRecipientActions *self);

G_END_DECLS
