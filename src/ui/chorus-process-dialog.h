/* chorus-process-dialog.h: asks what a status change needs (motif, payment order number) and follows
 * each invoice of the selection until Chorus Pro answers. */
#pragma once

#include <adwaita.h>

#include "chorus-store.h"

G_BEGIN_DECLS

typedef enum {
  CHORUS_PROCESS_WAITING,    /* checked, not queued yet */
  CHORUS_PROCESS_REFUSED,    /* not allowed from its current status: never queued */
  CHORUS_PROCESS_QUEUED,     /* in the outbox */
  CHORUS_PROCESS_DONE,
  CHORUS_PROCESS_FAILED,
} ChorusProcessResult;

#define CHORUS_TYPE_PROCESS_DIALOG (chorus_process_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChorusProcessDialog, chorus_process_dialog, CHORUS, PROCESS_DIALOG, AdwWindow)

/* Checks each invoice of @ids against @target; invoices that cannot take it are shown as refused. */
ChorusProcessDialog *chorus_process_dialog_new         (GtkWindow           *parent,
                                                        ChorusStore         *store,
                                                        GArray              *ids,
                                                        ChorusStatus         target);
ChorusStatus         chorus_process_dialog_get_target  (ChorusProcessDialog *self);
/* The invoices that may take the target (to queue when "apply" is emitted). */
GArray              *chorus_process_dialog_get_allowed (ChorusProcessDialog *self);
const char          *chorus_process_dialog_get_motif   (ChorusProcessDialog *self);
const char          *chorus_process_dialog_get_mandate_number (ChorusProcessDialog *self);
void                 chorus_process_dialog_set_motif   (ChorusProcessDialog *self,
                                                        const char          *motif);
void                 chorus_process_dialog_set_mandate_number (ChorusProcessDialog *self,
                                                        const char          *number);
gboolean             chorus_process_dialog_can_apply   (ChorusProcessDialog *self);
/* Presses "Apply" as the user would. */
void                 chorus_process_dialog_apply       (ChorusProcessDialog *self);
void                 chorus_process_dialog_set_result  (ChorusProcessDialog *self,
                                                        gint64               id,
                                                        ChorusProcessResult  result,
                                                        const char          *message);
ChorusProcessResult  chorus_process_dialog_get_result  (ChorusProcessDialog *self,
                                                        gint64               id);
/* Finished (done, failed or refused) over all invoices, 0 to 1. */
double               chorus_process_dialog_get_progress (ChorusProcessDialog *self);

G_END_DECLS
