/* chorus-supplier-workspace-private.h: the supplier workspace's state, shared by its three files, and what the
 * tests reach. */
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
#include "chorus-invoice-model.h"
#include "chorus-recycle-dialog.h"
#include "chorus-split-view.h"
#include "chorus-supplier-workspace.h"
#include "chorus-sync.h"
#include "chorus-unreadable-banner.h"

G_BEGIN_DECLS

struct _ChorusSupplierWorkspace
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *pages;
  ChorusSplitView     *split_view;
  ChorusFilterBar     *filter_bar;
  GtkStack            *list_stack;
  ChorusInvoiceList   *invoice_list;
  AdwStatusPage       *empty_page;
  GtkLabel            *count_label;
  GtkMenuButton       *columns_button;
  GtkRevealer         *action_revealer;
  GtkLabel            *action_title;
  GtkLabel            *action_text;
  GtkWidget           *correct_button;
  GtkWidget           *complete_button;
  GtkWidget           *recycle_button;
  ChorusInvoiceDetail *detail;
  ChorusDepositWizard *wizard;
  ChorusFlowList      *flow_list;
  AdwPreferencesGroup *to_check_group;     /* deposits that may have reached Chorus Pro */
  ChorusUnreadableBanner *unreadable_banner;

  /* Owned references */
  ChorusSession       *session;
  GSettings           *settings;
  ChorusClient        *client;
  ChorusDirectory     *directory;
  ChorusSync          *sync;
  ChorusStore         *store;
  ChorusInvoiceModel  *model;
  GCancellable        *cancellable;        /* pulls, detail and PDF fetches of this session */
  GCancellable        *document_cancellable;
  GArray              *structure_ids;      /* gint64: the profile's structures, empty: all */
  GPtrArray           *suppliers;          /* ChorusStructure (FOURNISSEUR) with their services */
  GHashTable          *waiting;            /* action id (gint64 *) -> ChorusActionKind sent from here */
  GHashTable          *read_paths;         /* READ_PDF action id (gint64 *) -> the PDF it reads */
  GHashTable          *failures;           /* row key (gint64 *) -> message of the last refused action */
  GPtrArray           *to_check_rows;
  gint64               shown_key;
  ChorusSupplierStep   step;               /* what the invoice shown waits for from the supplier */
  gint64               deposited_id;       /* Chorus id of the last deposit, for "Follow this invoice" */
  gint64               deposited_flow;     /* its outbox action when it was a flux */
  guint                loads;              /* lookups and fetches on their way */
  gboolean             busy;
  guint                sent_back;          /* the "Renvoyées" group's count under the current filters */
  guint                reload_id;
};


/* chorus-supplier-workspace.c */
void      _chorus_supplier_workspace_busy_start        (ChorusSupplierWorkspace *self);
void      _chorus_supplier_workspace_busy_done         (ChorusSupplierWorkspace *self);
/* Follows outbox action @action_id of @kind sent from here; FALSE when @action_id is 0. */
gboolean  _chorus_supplier_workspace_track             (ChorusSupplierWorkspace *self,
                                                        gint64                   action_id,
                                                        ChorusActionKind         kind);
/* What the supplier can do now with @invoice (NULL: none shown), said plainly above the detail. */
void      _chorus_supplier_workspace_update_action_box (ChorusSupplierWorkspace *self,
                                                        ChorusInvoice           *invoice);

/* chorus-supplier-workspace-invoice.c */
void      _chorus_supplier_workspace_invoice_class_init (GtkWidgetClass         *widget_class);
void      _chorus_supplier_workspace_selection_changed (ChorusSupplierWorkspace *self);
/* Shows the selected invoice from the store; @fetch also asks Chorus Pro for its detail and
 * history and its PDF. */
void      _chorus_supplier_workspace_show_invoice      (ChorusSupplierWorkspace *self,
                                                        gboolean                 fetch);

/* chorus-supplier-workspace-deposit.c */
void      _chorus_supplier_workspace_deposit_class_init (GtkWidgetClass         *widget_class);
void      _chorus_supplier_workspace_deposit_attach    (ChorusSupplierWorkspace *self);
void      _chorus_supplier_workspace_refresh_to_check  (ChorusSupplierWorkspace *self);
gboolean  _chorus_supplier_workspace_deposit_finished  (ChorusSupplierWorkspace *self,
                                                        ChorusActionKind         kind,
                                                        ChorusAction            *action,
                                                        gboolean                 ok,
                                                        const char              *message);

/* Pulls from Chorus Pro (both directions), then lists again. */
void           _chorus_supplier_workspace_refresh       (ChorusSupplierWorkspace *self);
/* Lists the store's issued invoices again with the current filters. */
void           _chorus_supplier_workspace_reload        (ChorusSupplierWorkspace *self);
/* For the tests. Selects the issued invoice of row key @key (if listed) and shows it. */
void                  _chorus_supplier_workspace_select      (ChorusSupplierWorkspace *self,
                                                              gint64                   key);
/* The invoice shown, or NULL. */
ChorusInvoice        *_chorus_supplier_workspace_get_current (ChorusSupplierWorkspace *self);
/* "issued", "deposit" or "flows". */
void                  _chorus_supplier_workspace_show_page   (ChorusSupplierWorkspace *self,
                                                              const char              *name);
const char           *_chorus_supplier_workspace_get_page    (ChorusSupplierWorkspace *self);
/* Opens the dialog answering the shown suspended invoice, or the one recycling the shown
 * invoice sent back; NULL when it is not in that status. The dialog is owned by its window. */
ChorusCompleteDialog *_chorus_supplier_workspace_complete    (ChorusSupplierWorkspace *self);
ChorusRecycleDialog  *_chorus_supplier_workspace_recycle     (ChorusSupplierWorkspace *self);

static inline ChorusDepositWizard *
_chorus_supplier_workspace_get_wizard (ChorusSupplierWorkspace *self)
{
  return self->wizard;
}

static inline ChorusFilterBar *
_chorus_supplier_workspace_get_filter_bar (ChorusSupplierWorkspace *self)
{
  return self->filter_bar;
}

static inline ChorusInvoiceList *
_chorus_supplier_workspace_get_list (ChorusSupplierWorkspace *self)
{
  return self->invoice_list;
}

static inline ChorusInvoiceDetail *
_chorus_supplier_workspace_get_detail (ChorusSupplierWorkspace *self)
{
  return self->detail;
}

static inline ChorusFlowList *
_chorus_supplier_workspace_get_flow_list (ChorusSupplierWorkspace *self)
{
  return self->flow_list;
}

G_END_DECLS
