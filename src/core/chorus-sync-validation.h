/* chorus-sync-validation.h: what the validator's screen asks of the sync: decisions through the outbox, refusal motifs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-status.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

/* Queues a validator's decision on an invoice to validate (traiter/factureAValider) with its
 * optimistic status, then starts sending, after the hold time (chorus_sync_set_hold_time()) during
 * which chorus_sync_cancel_action() takes it back. @motif (the refusal motif's code, with its @motif_label
 * for display) is required for the actions that need one and ignored for the others; @complement
 * is free text for the supplier (complementInfo). Returns the action id, 0 on error (a missing
 * motif, an invoice that waits for no validation or has a decision queued already). The action
 * reports through "outbox-action-finished"; a refusal restores the invoice's status. */
gint64     chorus_sync_enqueue_validation        (ChorusSync             *self,
                                                  gint64                  invoice_id,
                                                  ChorusValidationAction  action,
                                                  const char             *motif,
                                                  const char             *motif_label,
                                                  const char             *complement,
                                                  GError                **error);
/* Whether one of the account's validator structures is the one @invoice waits for (TRUE too when
 * the platform did not say which, or before the first pull told the account's structures). */
gboolean   chorus_sync_validator_can_decide      (ChorusSync             *self,
                                                  ChorusInvoice          *invoice);
/* The refusal motifs of @cadre (a cadre code such as A9_FACTURE_SOUSTRAITANT): a GPtrArray of
 * ChorusReferenceItem (code, label), read from Chorus Pro and kept, or the kept list when offline. */
void       chorus_sync_get_refusal_motifs_async  (ChorusSync             *self,
                                                  const char             *cadre,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
GPtrArray *chorus_sync_get_refusal_motifs_finish (ChorusSync             *self,
                                                  GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
