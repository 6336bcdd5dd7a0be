/* chorus-validation-dialog.h: asks what a validator's decision needs (the platform's refusal motif, details for the supplier) before it is queued. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-status.h"
#include "chorus-sync-validation.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_VALIDATION_DIALOG (chorus_validation_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChorusValidationDialog, chorus_validation_dialog, CHORUS, VALIDATION_DIALOG, AdwWindow)

/* For @action on @invoice (its cadre gives the refusal motifs, read through @sync, or the kept list
 * offline). "apply" is emitted when the user confirms, then the dialog closes: the caller queues
 * the decision from the handler with the getters below. */
ChorusValidationDialog *chorus_validation_dialog_new            (GtkWindow              *parent,
                                                                 ChorusSync             *sync,
                                                                 ChorusInvoice          *invoice,
                                                                 ChorusValidationAction  action);
ChorusValidationAction  chorus_validation_dialog_get_action     (ChorusValidationDialog *self);
/* The invoice's row key in the store. */
gint64                  chorus_validation_dialog_get_invoice_key (ChorusValidationDialog *self);
/* The motif chosen (code and label), NULL when the action takes none or none is chosen. */
const char             *chorus_validation_dialog_get_motif_code (ChorusValidationDialog *self);
const char             *chorus_validation_dialog_get_motif_label (ChorusValidationDialog *self);
/* The details typed for the supplier, trimmed; "" when none. */
char                   *chorus_validation_dialog_get_complement (ChorusValidationDialog *self);
/* Picks the motif at @index as the user would in the list. */
void                    chorus_validation_dialog_choose_motif   (ChorusValidationDialog *self,
                                                                 guint                   index);
void                    chorus_validation_dialog_set_complement (ChorusValidationDialog *self,
                                                                 const char             *text);
gboolean                chorus_validation_dialog_can_apply      (ChorusValidationDialog *self);
/* Presses the confirmation button as the user would. */
void                    chorus_validation_dialog_apply          (ChorusValidationDialog *self);

G_END_DECLS
