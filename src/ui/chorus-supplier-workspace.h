/* chorus-supplier-workspace.h: the supplier's side: deposit wizard and issued invoices (complete, recycle). */
#pragma once

#include <adwaita.h>

#include "chorus-client.h"
#include "chorus-deposit-wizard.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_SUPPLIER_WORKSPACE (chorus_supplier_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSupplierWorkspace, chorus_supplier_workspace, CHORUS, SUPPLIER_WORKSPACE, GtkWidget)

GtkWidget           *chorus_supplier_workspace_new         (void);
/* @supplier_id: our structure's idStructureCPP (fournisseur.idFournisseur); 0 to look it up
 * among the technical account's attachments. */
void                 chorus_supplier_workspace_set_client  (ChorusSupplierWorkspace *self,
                                                            ChorusClient            *client,
                                                            gint64                   supplier_id);
/* Deposits, completions and recyclings go through @sync's outbox: they show as pending until
 * the server took them, then with the server's answer or refusal. */
void                 chorus_supplier_workspace_set_sync    (ChorusSupplierWorkspace *self,
                                                            ChorusSync              *sync);
ChorusDepositWizard *chorus_supplier_workspace_get_wizard  (ChorusSupplierWorkspace *self);
void                 chorus_supplier_workspace_refresh     (ChorusSupplierWorkspace *self);
/* The issued invoices listed (ChorusInvoice), borrowed. */
GPtrArray           *chorus_supplier_workspace_get_issued  (ChorusSupplierWorkspace *self);
void                 chorus_supplier_workspace_select      (ChorusSupplierWorkspace *self,
                                                            gint64                   invoice_id);
/* Queues the completion of the selected suspended invoice with @comment, or recycles the selected one sent
 * back, to @service_code / @engagement_number (NULL keeps them). */
void                 chorus_supplier_workspace_complete    (ChorusSupplierWorkspace *self,
                                                            const char              *comment);
void                 chorus_supplier_workspace_recycle     (ChorusSupplierWorkspace *self,
                                                            const char              *service_code,
                                                            const char              *engagement_number);
const char          *chorus_supplier_workspace_get_message (ChorusSupplierWorkspace *self);
/* Loading, or actions sent from here still in the outbox. */
gboolean             chorus_supplier_workspace_is_busy     (ChorusSupplierWorkspace *self);

G_END_DECLS
