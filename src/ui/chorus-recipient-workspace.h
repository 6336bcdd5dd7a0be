/* chorus-recipient-workspace.h: the recipient's main screen: filters, invoice list, detail, processing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>


G_BEGIN_DECLS

typedef struct _ChorusSession ChorusSession;

#define CHORUS_TYPE_RECIPIENT_WORKSPACE (chorus_recipient_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusRecipientWorkspace, chorus_recipient_workspace, CHORUS, RECIPIENT_WORKSPACE, GtkWidget)

GtkWidget     *chorus_recipient_workspace_new               (void);
/* The "session" property: its store's received invoices, its sync (actions sent, PDFs fetched,
 * progress, new invoices notified) and its team; NULL lets go of everything. The same session
 * again is read again (after a reset of the demo it holds a new store). */
void           chorus_recipient_workspace_set_session       (ChorusRecipientWorkspace *self,
                                                             ChorusSession            *session);
ChorusSession *chorus_recipient_workspace_get_session       (ChorusRecipientWorkspace *self);
/* Sync state for the header bar: last sync, progress, offline, and a refresh button. */
GtkWidget     *chorus_recipient_workspace_get_status_widget (ChorusRecipientWorkspace *self);
/* The "busy" property: the list's query runs, or a pull or the outbox. */
gboolean       chorus_recipient_workspace_get_busy          (ChorusRecipientWorkspace *self);
/* The "to-process" property: invoices in the "À traiter" group under the current filters. */
guint          chorus_recipient_workspace_get_to_process    (ChorusRecipientWorkspace *self);
/* Shows invoice @id: selected in the list when the filters keep it there, else in the detail alone. */
void           chorus_recipient_workspace_show_invoice      (ChorusRecipientWorkspace *self,
                                                             gint64                    id);

G_END_DECLS
