/* chorus-validator-workspace-private.h: what the tests ask of the validator workspace beyond its properties and actions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-split-view.h"
#include "chorus-validation-dialog.h"
#include "chorus-validator-workspace.h"

G_BEGIN_DECLS

/* The open decision dialog, if any. */
ChorusValidationDialog *chorus_validator_workspace_get_dialog     (ChorusValidatorWorkspace *self);
ChorusInvoiceList      *chorus_validator_workspace_get_list       (ChorusValidatorWorkspace *self);
ChorusInvoiceDetail    *chorus_validator_workspace_get_detail     (ChorusValidatorWorkspace *self);
ChorusInvoiceModel     *chorus_validator_workspace_get_model      (ChorusValidatorWorkspace *self);
ChorusSplitView        *chorus_validator_workspace_get_split_view (ChorusValidatorWorkspace *self);
/* The text of the last toast shown. */
const char             *chorus_validator_workspace_get_last_toast (ChorusValidatorWorkspace *self);

G_END_DECLS
