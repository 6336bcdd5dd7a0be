/* chorus-test-workspace.h: a recipient workspace on a real store in a window, for the UI tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-recipient-workspace-private.h"
#include "chorus-session.h"

G_BEGIN_DECLS

typedef struct {
  char                     *dir;
  ChorusStore              *store;
  ChorusSession            *session;    /* over the store alone: no client, no sync */
  GtkWidget                *window;
  ChorusRecipientWorkspace *workspace;
  ChorusInvoiceList        *list;
  ChorusInvoiceModel       *model;
  ChorusFilterBar          *bar;
  ChorusSplitView          *split;
} ChorusTestWorkspace;

/* Puts back the defaults of every setting the list and its filters keep (columns, sorts, divider,
 * the user's handler name, delays). */
void   chorus_test_workspace_reset_settings (void);
/* Opens a store in a new temporary folder with @n_invoices test invoices, and a session over it. */
void   chorus_test_workspace_open_store     (ChorusTestWorkspace *fixture,
                                             guint                n_invoices);
/* Shows the workspace on a session over the fixture's store in a @width × @height window, under a
 * toast overlay. */
void   chorus_test_workspace_show           (ChorusTestWorkspace *fixture,
                                             int                  width,
                                             int                  height);
/* Closes the window, the session and the store, removes the folder. */
void   chorus_test_workspace_close          (ChorusTestWorkspace *fixture);
guint  chorus_test_workspace_n_rows         (ChorusTestWorkspace *fixture);
/* Waits until the list's query came back (10 s at most). */
void   chorus_test_workspace_wait_loaded    (ChorusTestWorkspace *fixture);
/* Waits until the list's query came back with @expected rows; fails the test after @timeout_ms. */
void   chorus_test_workspace_wait_rows      (ChorusTestWorkspace *fixture,
                                             guint                expected,
                                             guint                timeout_ms);
/* Waits until the detail pane shows the invoice @id; fails the test after @timeout_ms. */
void   chorus_test_workspace_wait_detail    (ChorusTestWorkspace *fixture,
                                             gint64               id,
                                             guint                timeout_ms);
/* A screenshot of the whole window once it has settled. */
void   chorus_test_workspace_shot           (ChorusTestWorkspace *fixture,
                                             const char          *name);

G_END_DECLS
