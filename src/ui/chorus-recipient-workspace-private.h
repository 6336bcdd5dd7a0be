/* chorus-recipient-workspace-private.h: the recipient workspace's parts, for its own files and the tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-filter-bar.h"
#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-invoice-model.h"
#include "chorus-process-dialog.h"
#include "chorus-recipient-workspace.h"
#include "chorus-split-view.h"
#include "chorus-store.h"
#include "chorus-sync.h"
#include "chorus-unreadable-banner.h"

G_BEGIN_DECLS

typedef struct _ChorusRecipientActions ChorusRecipientActions;
typedef struct _ChorusTeamSync ChorusTeamSync;
typedef struct _ChorusDetailLoader ChorusDetailLoader;
typedef struct _ChorusSyncStatus ChorusSyncStatus;

/* Re-runs the current query, keeping the selection. */
void           _chorus_recipient_workspace_reload            (ChorusRecipientWorkspace *self);
/* Queues @target for the selected invoices; opens the dialog when it needs input or for a bulk. */
void           _chorus_recipient_workspace_process           (ChorusRecipientWorkspace *self,
                                                             ChorusStatus              target);
/* Whether the list's query is on its way (the list shows the previous rows meanwhile), or only
 * the first rows of a long list are shown yet (the rest come after their frame). */
gboolean                _chorus_recipient_workspace_get_loading        (ChorusRecipientWorkspace  *self);
/* The open processing dialog, if any. */
ChorusProcessDialog    *_chorus_recipient_workspace_get_process_dialog (ChorusRecipientWorkspace  *self);
/* The status changes of the selection: menus, keys, undo, answers. */
ChorusRecipientActions *_chorus_recipient_workspace_get_actions        (ChorusRecipientWorkspace  *self);
/* The CSV of the current list with the visible columns. */
GBytes                 *_chorus_recipient_workspace_export_csv         (ChorusRecipientWorkspace  *self,
                                                                        GError                   **error);
ChorusInvoiceModel     *_chorus_recipient_workspace_get_model          (ChorusRecipientWorkspace  *self);
/* A team other than the session's (two desks of one team in one test). */
void                    _chorus_recipient_workspace_set_team           (ChorusRecipientWorkspace  *self,
                                                                        ChorusTeamSync            *team);

/* Shared by chorus-recipient-workspace.c and chorus-recipient-workspace-actions.c. */
struct _ChorusRecipientWorkspace
{
  GtkWidget            parent_instance;

  /* Template widgets */
  ChorusSplitView     *split_view;
  ChorusFilterBar     *filter_bar;
  ChorusUnreadableBanner *unreadable_banner;
  GtkStack            *list_stack;
  ChorusInvoiceList   *invoice_list;
  AdwStatusPage       *empty_page;
  GtkRevealer         *progress_revealer;
  GtkProgressBar      *progress_bar;
  GtkMenuButton       *process_button;
  GtkMenuButton       *assign_button;
  GtkLabel            *count_label;
  GtkButton           *clear_filters_button;
  GtkMenuButton       *columns_button;
  ChorusInvoiceDetail *detail;

  /* Owned references */
  ChorusSession       *session;
  ChorusStore         *store;
  ChorusSync          *sync;
  ChorusTeamSync      *team;
  ChorusSyncStatus    *sync_status;      /* for the header bar: the window packs it */
  GCancellable        *cancellable;      /* fetches of this session's data */
  ChorusInvoiceModel  *model;
  GSettings           *settings;
  ChorusRecipientActions *actions;       /* status changes: menus, keys, undo, answers */
  GMenu               *assign_menu;      /* the handlers, for "Attribuer à…" and the row menu */
  ChorusDetailLoader  *loader;           /* the detail pane's invoice, documents and history */
  GCancellable        *query_cancellable;  /* the list's query on its way, if any */

  guint                writing_delays;    /* the store is writing the "Time left" sort keys again */
  guint                reload_idle_id;
  guint                to_process;        /* the "À traiter" group's count under the current filters */
  gboolean             busy;
  gboolean             recount_pending;   /* a query that was to recount the groups was replaced */
  GArray              *rest_ids;          /* the whole list, shown after the frame of its first rows */
  GdkFrameClock       *rest_clock;
  gulong               rest_paint_id;
  gulong               rest_realize_id;
  guint                rest_idle_id;      /* the rest, once the frame of the first rows is done */
};

/* chorus-recipient-workspace-actions.c: installs the actions with their keys, fills the menus. */
void _chorus_recipient_workspace_class_add_actions (GtkWidgetClass           *widget_class);
void _chorus_recipient_workspace_init_menus        (ChorusRecipientWorkspace *self);

/* The template's parts. */
static inline ChorusFilterBar *
_chorus_recipient_workspace_get_filter_bar (ChorusRecipientWorkspace *self)
{
  return CHORUS_FILTER_BAR (gtk_widget_get_template_child (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_WORKSPACE,
                                                           "filter_bar"));
}

static inline ChorusInvoiceList *
_chorus_recipient_workspace_get_list (ChorusRecipientWorkspace *self)
{
  return CHORUS_INVOICE_LIST (gtk_widget_get_template_child (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_WORKSPACE,
                                                             "invoice_list"));
}

static inline ChorusInvoiceDetail *
_chorus_recipient_workspace_get_detail (ChorusRecipientWorkspace *self)
{
  return CHORUS_INVOICE_DETAIL (gtk_widget_get_template_child (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_WORKSPACE,
                                                               "detail"));
}

static inline ChorusSplitView *
_chorus_recipient_workspace_get_split_view (ChorusRecipientWorkspace *self)
{
  return CHORUS_SPLIT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_WORKSPACE,
                                                           "split_view"));
}

G_END_DECLS
