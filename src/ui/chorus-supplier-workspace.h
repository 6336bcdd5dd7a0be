/* chorus-supplier-workspace.h: the supplier's side: issued invoices (search, status tabs, detail, history,
 * complete, recycle), the deposit wizard and the flux deposits with their reports. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-client.h"
#include "chorus-complete-dialog.h"
#include "chorus-deposit-wizard.h"
#include "chorus-filter-bar.h"
#include "chorus-flow-list.h"
#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-recycle-dialog.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SUPPLIER_WORKSPACE (chorus_supplier_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSupplierWorkspace, chorus_supplier_workspace, CHORUS, SUPPLIER_WORKSPACE, GtkWidget)

GtkWidget           *chorus_supplier_workspace_new          (void);
/* The connection: the recipient directory, and the account's supplier structures (its
 * FOURNISSEUR attachments, kept in the store for offline use). */
void                 chorus_supplier_workspace_set_client   (ChorusSupplierWorkspace *self,
                                                             ChorusClient            *client);
/* The structures the connection profile was set up for (idStructureCPP); none: every supplier
 * structure of the account. With several, the deposit asks which one issues the invoice. */
void                 chorus_supplier_workspace_set_structure_ids (ChorusSupplierWorkspace *self,
                                                             const gint64            *ids,
                                                             guint                    n_ids);
/* The store's issued invoices; deposits, readings of a PDF, completions and recyclings go
 * through @sync's outbox and show as pending until the server took them. */
void                 chorus_supplier_workspace_set_sync     (ChorusSupplierWorkspace *self,
                                                             ChorusSync              *sync);
/* Pulls from Chorus Pro (both directions), then lists again. */
void                 chorus_supplier_workspace_refresh      (ChorusSupplierWorkspace *self);
/* Lists the store's issued invoices again with the current filters. */
void                 chorus_supplier_workspace_reload       (ChorusSupplierWorkspace *self);
/* Selects the issued invoice of row key @key (if listed) and shows it. */
void                 chorus_supplier_workspace_select       (ChorusSupplierWorkspace *self,
                                                             gint64                   key);
/* The invoice shown, or NULL. */
ChorusInvoice       *chorus_supplier_workspace_get_current  (ChorusSupplierWorkspace *self);
/* "issued", "deposit" or "flows". */
void                 chorus_supplier_workspace_show_page    (ChorusSupplierWorkspace *self,
                                                             const char              *name);
const char          *chorus_supplier_workspace_get_page     (ChorusSupplierWorkspace *self);
/* Opens the dialog answering the shown suspended invoice, or the one recycling the shown
 * invoice sent back; NULL when it is not in that status. The dialog is owned by its window. */
ChorusCompleteDialog *chorus_supplier_workspace_complete    (ChorusSupplierWorkspace *self);
ChorusRecycleDialog *chorus_supplier_workspace_recycle      (ChorusSupplierWorkspace *self);
ChorusDepositWizard *chorus_supplier_workspace_get_wizard   (ChorusSupplierWorkspace *self);
ChorusFilterBar     *chorus_supplier_workspace_get_filter_bar (ChorusSupplierWorkspace *self);
ChorusInvoiceList   *chorus_supplier_workspace_get_list     (ChorusSupplierWorkspace *self);
ChorusInvoiceDetail *chorus_supplier_workspace_get_detail   (ChorusSupplierWorkspace *self);
ChorusFlowList      *chorus_supplier_workspace_get_flow_list (ChorusSupplierWorkspace *self);
/* The last message shown (also as a toast), for what just happened. */
const char          *chorus_supplier_workspace_get_message  (ChorusSupplierWorkspace *self);
/* Loading, or actions sent from here still in the outbox. */
gboolean             chorus_supplier_workspace_is_busy      (ChorusSupplierWorkspace *self);

G_END_DECLS
