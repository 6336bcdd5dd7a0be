/* chorus-recycle-dialog.h: sends an invoice back for recycling to a corrected recipient, service or engagement. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-directory.h"
#include "chorus-invoice.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_RECYCLE_DIALOG (chorus_recycle_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChorusRecycleDialog, chorus_recycle_dialog, CHORUS, RECYCLE_DIALOG, AdwWindow)

/* Starts on the invoice's own recipient and service; "apply" is emitted once the routing
 * passes the new recipient's obligations (service code, engagement number). */
ChorusRecycleDialog *chorus_recycle_dialog_new            (GtkWindow           *parent,
                                                           ChorusInvoice       *invoice,
                                                           ChorusDirectory     *directory);
const char          *chorus_recycle_dialog_get_recipient  (ChorusRecycleDialog *self);
/* NULL when no service. */
const char          *chorus_recycle_dialog_get_service    (ChorusRecycleDialog *self);
char                *chorus_recycle_dialog_get_engagement (ChorusRecycleDialog *self);
const char          *chorus_recycle_dialog_get_comment    (ChorusRecycleDialog *self);
void                 chorus_recycle_dialog_set_error      (ChorusRecycleDialog *self,
                                                           const char          *message);
/* Presses "Recycle", as the user would. */
void                 chorus_recycle_dialog_apply          (ChorusRecycleDialog *self);

G_END_DECLS
