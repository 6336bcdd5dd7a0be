/* chorus-store-validation.h: the store's part for the validator: decisions in the outbox, stale invoices to validate. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-client-types.h"
#include "chorus-status.h"
#include "chorus-store.h"

G_BEGIN_DECLS

/* Queues a decision on an invoice to validate (direction TO_VALIDATE) in one transaction with its
 * optimistic status (chorus_validation_action_outcome() at the level it waits at) and comment
 * (@motif_label, then @complement). @motif is the refusal motif's code, sent as motifRefus. Fails
 * when the invoice waits for no validation any more, which is also the case while an earlier
 * decision is queued. Held until @not_before (g_get_real_time(); 0 = none) as a processing action
 * is, for the user's undo (chorus_store_outbox_cancel()). Returns the action id, 0 on error. */
gint64   chorus_store_outbox_add_validation    (ChorusStore             *self,
                                                gint64                   invoice_id,
                                                ChorusValidationAction   action,
                                                const char              *motif,
                                                const char              *motif_label,
                                                const char              *complement,
                                                gint64                   not_before,
                                                GError                 **error);
/* The decision of a validation action (from its payload); CHORUS_VALIDATION_LAST for another kind. */
ChorusValidationAction chorus_action_get_validation (const ChorusAction *action);
/* What the platform says the invoice became, so that finishing the action sets it. */
gboolean chorus_store_outbox_set_target        (ChorusStore             *self,
                                                gint64                   action_id,
                                                const char              *status_code,
                                                GError                 **error);
/* Invoices to validate that still wait (A_VALIDER_1 or _2) and have no open action: their Chorus
 * ids (gint64). */
GArray  *chorus_store_list_waiting_validation  (ChorusStore             *self,
                                                GError                 **error);
/* Removes the invoice to validate of Chorus id @chorus_id, which the platform no longer shows its
 * validator (never one with an open action). */
gboolean chorus_store_forget_to_validate       (ChorusStore             *self,
                                                gint64                   chorus_id,
                                                GError                 **error);

G_END_DECLS
