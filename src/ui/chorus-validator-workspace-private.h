/* chorus-validator-workspace-private.h: what the tests ask of the validator workspace beyond its properties and actions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-split-view.h"
#include "chorus-validation-dialog.h"
#include "chorus-validator-workspace.h"

G_BEGIN_DECLS

/* Re-runs the query of the tab shown from the store, keeping the selection (no pull). */
void                    chorus_validator_workspace_reload         (ChorusValidatorWorkspace *self);
/* The tab: the invoices waiting at level 1, at level 2, or those decided. */
ChorusValidationStage   chorus_validator_workspace_get_stage      (ChorusValidatorWorkspace *self);
void                    chorus_validator_workspace_set_stage      (ChorusValidatorWorkspace *self,
                                                                   ChorusValidationStage     stage);
/* What the buttons do for the invoice selected: a validation goes at once, the decisions that
 * take a motif or cannot be taken back open the dialog. */
void                    chorus_validator_workspace_decide         (ChorusValidatorWorkspace *self,
                                                                   ChorusValidationAction    action,
                                                                   gboolean                  with_dialog);
/* The open decision dialog, if any. */
ChorusValidationDialog *chorus_validator_workspace_get_dialog     (ChorusValidatorWorkspace *self);
ChorusInvoiceList      *chorus_validator_workspace_get_list       (ChorusValidatorWorkspace *self);
ChorusInvoiceDetail    *chorus_validator_workspace_get_detail     (ChorusValidatorWorkspace *self);
ChorusInvoiceModel     *chorus_validator_workspace_get_model      (ChorusValidatorWorkspace *self);
ChorusSplitView        *chorus_validator_workspace_get_split_view (ChorusValidatorWorkspace *self);
/* The text of the last toast shown. */
const char             *chorus_validator_workspace_get_last_toast (ChorusValidatorWorkspace *self);

G_END_DECLS
