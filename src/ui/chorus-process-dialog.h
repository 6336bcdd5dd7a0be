/* chorus-process-dialog.h: asks what a status change needs (motif, payment order number, or a plain
 * confirmation for the steps Chorus Pro cannot take back) and which invoices of the selection can
 * take it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-status.h"
#include "chorus-store.h"
#include "chorus-transitions.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_PROCESS_WAITING,    /* may take the target: queued when the user applies */
  CHORUS_PROCESS_REFUSED,    /* not allowed from its current status: never queued */
} ChorusProcessResult;

#define CHORUS_TYPE_PROCESS_DIALOG (chorus_process_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChorusProcessDialog, chorus_process_dialog, CHORUS, PROCESS_DIALOG, AdwWindow)

/* Checks each invoice of @ids against @target with @transitions (NULL: the local table); invoices
 * that cannot take it are shown as refused. "apply" is emitted when the user confirms, then the
 * dialog closes: the caller queues get_allowed() from the handler. */
ChorusProcessDialog *chorus_process_dialog_new         (GtkWindow           *parent,
                                                        ChorusStore         *store,
                                                        ChorusTransitions   *transitions,
                                                        GArray              *ids,
                                                        ChorusStatus         target);
ChorusStatus         chorus_process_dialog_get_target  (ChorusProcessDialog *self);
/* The invoices that may take the target. */
GArray              *chorus_process_dialog_get_allowed (ChorusProcessDialog *self);
const char          *chorus_process_dialog_get_motif   (ChorusProcessDialog *self);
const char          *chorus_process_dialog_get_mandate_number (ChorusProcessDialog *self);
void                 chorus_process_dialog_set_motif   (ChorusProcessDialog *self,
                                                        const char          *motif);
void                 chorus_process_dialog_set_mandate_number (ChorusProcessDialog *self,
                                                        const char          *number);
/* Picks a frequent motif as the user would in the list. */
void                 chorus_process_dialog_use_motif   (ChorusProcessDialog *self,
                                                        const char          *motif);
/* Adds the motif typed to the frequent ones. */
gboolean             chorus_process_dialog_save_motif  (ChorusProcessDialog *self,
                                                        GError             **error);
/* Presses "Apply" as the user would. */
void                 chorus_process_dialog_apply       (ChorusProcessDialog *self);
/* Whether @target needs the user's confirmation before it is queued: it takes input, or Chorus
 * Pro cannot take it back once set. */
gboolean             chorus_process_needs_dialog       (ChorusStatus         target);
/* The kind of frequent motifs of @target; FALSE when it takes no motif list. */
gboolean             chorus_process_motif_kind         (ChorusStatus         target,
                                                        ChorusMotifKind     *kind);

G_END_DECLS
