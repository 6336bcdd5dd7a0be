/* chorus-action-mark.h: what a row and the detail say about an invoice's last action sent to Chorus Pro:
 * waiting, confirmed, or refused with the server's reason. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-status.h"
#include "chorus-store.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_ACTION_MARK_NONE,
  CHORUS_ACTION_MARK_HELD,      /* written, still within its undo delay */
  CHORUS_ACTION_MARK_PENDING,   /* waiting to be sent, or on its way */
  CHORUS_ACTION_MARK_SENT,      /* Chorus Pro accepted it and the invoice still has that status */
  CHORUS_ACTION_MARK_REFUSED,   /* Chorus Pro refused it; the invoice got its status back */
} ChorusActionMark;

/* The mark of @invoice given its last action (NULL: none); @tooltip (nullable) gets a sentence
 * with the action, its date and time, and the server's reason for a refusal. */
ChorusActionMark  chorus_action_mark_for        (ChorusInvoice       *invoice,
                                                 const ChorusAction  *action,
                                                 char               **tooltip);
/* A short sign after the status ("⏱", "⇡", "✓", "⚠"); "" for none. */
const char       *chorus_action_mark_symbol     (ChorusActionMark     mark);
/* "held", "pending", "sent", "failed"; NULL for none. */
const char       *chorus_action_mark_css_class  (ChorusActionMark     mark);
/* "06/12/2026 04:22" in local time from an ISO 8601 time (UTC when it says so, else local); NULL stays NULL. */
char             *chorus_action_mark_format_time (const char          *iso);
/* What the user did, as a verb phrase: "Service fait", "Rejet", "Mandatement"… */
const char       *chorus_action_mark_label      (ChorusStatus         target);
/* The same for @action, a validator's decision included ("Validation", "Refus"…). */
const char       *chorus_action_mark_describe   (const ChorusAction  *action);

G_END_DECLS
