/* chorus-validator-workspace.h: the validator's screen: invoices waiting at each level, the invoice and its PDF, the decisions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-split-view.h"
#include "chorus-store.h"
#include "chorus-sync.h"
#include "chorus-validation-dialog.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_VALIDATOR_WORKSPACE (chorus_validator_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusValidatorWorkspace, chorus_validator_workspace, CHORUS, VALIDATOR_WORKSPACE, GtkWidget)

GtkWidget              *chorus_validator_workspace_new           (void);
void                    chorus_validator_workspace_set_store     (ChorusValidatorWorkspace *self,
                                                                  ChorusStore              *store);
/* Follows @sync (nullable): decisions go through its outbox, details and PDFs are fetched, and
 * Chorus Pro's answers show as toasts. */
void                    chorus_validator_workspace_set_sync      (ChorusValidatorWorkspace *self,
                                                                  ChorusSync               *sync);
/* Re-runs the query of the tab shown, keeping the selection. */
void                    chorus_validator_workspace_reload        (ChorusValidatorWorkspace *self);
/* The tab: the invoices waiting at level 1, at level 2, or those decided. */
ChorusValidationStage   chorus_validator_workspace_get_stage     (ChorusValidatorWorkspace *self);
void                    chorus_validator_workspace_set_stage     (ChorusValidatorWorkspace *self,
                                                                  ChorusValidationStage     stage);
/* Invoices waiting for a decision of the account, both levels (the "waiting" property). */
guint                   chorus_validator_workspace_get_waiting   (ChorusValidatorWorkspace *self);
/* What the buttons do for the invoice selected: a validation goes at once, the decisions that
 * take a motif or cannot be taken back open the dialog. */
void                    chorus_validator_workspace_decide        (ChorusValidatorWorkspace *self,
                                                                  ChorusValidationAction    action,
                                                                  gboolean                  with_dialog);
/* The open decision dialog, if any. */
ChorusValidationDialog *chorus_validator_workspace_get_dialog    (ChorusValidatorWorkspace *self);
ChorusInvoiceList      *chorus_validator_workspace_get_list      (ChorusValidatorWorkspace *self);
ChorusInvoiceDetail    *chorus_validator_workspace_get_detail    (ChorusValidatorWorkspace *self);
ChorusInvoiceModel     *chorus_validator_workspace_get_model     (ChorusValidatorWorkspace *self);
ChorusSplitView        *chorus_validator_workspace_get_split_view (ChorusValidatorWorkspace *self);
/* The text of the last toast shown, for tests. */
const char             *chorus_validator_workspace_get_last_toast (ChorusValidatorWorkspace *self);

G_END_DECLS
