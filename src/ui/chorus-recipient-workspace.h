/* chorus-recipient-workspace.h: the recipient's main screen: filters, invoice list, detail, processing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-filter-bar.h"
#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-process-dialog.h"
#include "chorus-split-view.h"
#include "chorus-store.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_RECIPIENT_WORKSPACE (chorus_recipient_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusRecipientWorkspace, chorus_recipient_workspace, CHORUS, RECIPIENT_WORKSPACE, GtkWidget)

GtkWidget           *chorus_recipient_workspace_new             (void);
void                 chorus_recipient_workspace_set_store       (ChorusRecipientWorkspace *self,
                                                                 ChorusStore              *store);
ChorusStore         *chorus_recipient_workspace_get_store       (ChorusRecipientWorkspace *self);
/* Follows @sync (nullable): actions go through its outbox, PDFs and details are fetched, its
 * progress and state show in the status widget, new invoices are notified. Without a sync,
 * actions wait in the store's outbox. */
void                 chorus_recipient_workspace_set_sync        (ChorusRecipientWorkspace *self,
                                                                 ChorusSync               *sync);
/* Sync state for the header bar: last sync, progress, offline, and a refresh button. */
GtkWidget           *chorus_recipient_workspace_get_status_widget (ChorusRecipientWorkspace *self);
/* Pulls from Chorus Pro, then sends the outbox. */
void                 chorus_recipient_workspace_synchronize     (ChorusRecipientWorkspace *self);
/* Re-runs the current query, keeping the selection. */
void                 chorus_recipient_workspace_reload          (ChorusRecipientWorkspace *self);
/* Whether the list's query is on its way (the list shows the previous rows meanwhile), or only
 * the first rows of a long list are shown yet (the rest come after their frame). */
gboolean             chorus_recipient_workspace_get_loading     (ChorusRecipientWorkspace *self);
/* Queues @target for the selected invoices; opens the dialog when it needs input or for a bulk. */
void                 chorus_recipient_workspace_process         (ChorusRecipientWorkspace *self,
                                                                 ChorusStatus              target);
/* The open processing dialog, if any. */
ChorusProcessDialog *chorus_recipient_workspace_get_process_dialog (ChorusRecipientWorkspace *self);
/* Shows invoice @id: selected in the list when the filters keep it there, else in the detail alone. */
void                 chorus_recipient_workspace_show_invoice    (ChorusRecipientWorkspace *self,
                                                                 gint64                    id);
typedef struct _ChorusRecipientActions ChorusRecipientActions;
/* The status changes of the selection: menus, keys, undo, answers. */
ChorusRecipientActions *chorus_recipient_workspace_get_actions (ChorusRecipientWorkspace *self);
/* The CSV of the current list with the visible columns. */
GBytes              *chorus_recipient_workspace_export_csv      (ChorusRecipientWorkspace *self,
                                                                 GError                  **error);
ChorusFilterBar     *chorus_recipient_workspace_get_filter_bar  (ChorusRecipientWorkspace *self);
ChorusInvoiceList   *chorus_recipient_workspace_get_list        (ChorusRecipientWorkspace *self);
ChorusInvoiceDetail *chorus_recipient_workspace_get_detail      (ChorusRecipientWorkspace *self);
ChorusInvoiceModel  *chorus_recipient_workspace_get_model       (ChorusRecipientWorkspace *self);
/* The list beside the invoice, folding into pages on a narrow window. */
ChorusSplitView     *chorus_recipient_workspace_get_split_view  (ChorusRecipientWorkspace *self);

typedef struct _ChorusTeamSync ChorusTeamSync;
/* Team mode (NULL: none): colleagues' changes and claims show in the rows and the detail as they
 * arrive; the invoice open in the detail is claimed while it stays open. */
void                 chorus_recipient_workspace_set_team        (ChorusRecipientWorkspace *self,
                                                                 ChorusTeamSync           *team);

G_END_DECLS
