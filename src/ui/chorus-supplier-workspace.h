/* chorus-supplier-workspace.h: the supplier's side: issued invoices (search, status tabs, detail, history,
 * complete, recycle), the deposit wizard and the flux deposits with their reports. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _ChorusSession ChorusSession;

#define CHORUS_TYPE_SUPPLIER_WORKSPACE (chorus_supplier_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSupplierWorkspace, chorus_supplier_workspace, CHORUS, SUPPLIER_WORKSPACE, GtkWidget)

GtkWidget     *chorus_supplier_workspace_new           (void);
/* The "session" property: its store's issued invoices; deposits, readings of a PDF, completions
 * and recyclings go through its sync's outbox and show as pending until the server took them; its
 * client looks up the recipients and the account's supplier structures (kept in the store for
 * offline use), of which its profile's are offered. NULL lets go of everything; the same session
 * again is read again. */
void           chorus_supplier_workspace_set_session   (ChorusSupplierWorkspace *self,
                                                        ChorusSession           *session);
ChorusSession *chorus_supplier_workspace_get_session   (ChorusSupplierWorkspace *self);
/* The "busy" property: loading, or actions sent from here still in the outbox. */
gboolean       chorus_supplier_workspace_get_busy      (ChorusSupplierWorkspace *self);
/* The "sent-back" property: issued invoices in the "Renvoyées" group (suspended, to recycle,
 * rejected…) under the current filters: those that wait for the supplier. */
guint          chorus_supplier_workspace_get_sent_back (ChorusSupplierWorkspace *self);

G_END_DECLS
