/* chorus-workspace-switcher.h: the header's choice of workspace, limited to what the account's roles
 * allow (the roles chosen in the connection wizard). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKSPACE_SWITCHER (chorus_workspace_switcher_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorkspaceSwitcher, chorus_workspace_switcher, CHORUS, WORKSPACE_SWITCHER, GtkWidget)

/* Shows the pages of @stack named "recipient" (received invoices), "summary", "supplier", "works"
 * and "validator" that the roles allow; the user's pick becomes the stack's visible page. */
GtkWidget  *chorus_workspace_switcher_new       (GtkStack                *stack);
/* API role strings (DESTINATAIRE, FOURNISSEUR, MOE, MOA, VALIDATEUR); NULL or empty: every page. */
void        chorus_workspace_switcher_set_roles (ChorusWorkspaceSwitcher *self,
                                                 const char * const      *roles);
/* Shows "(@count)" after @page's name (0: nothing), what waits there, seen from any workspace. */
void        chorus_workspace_switcher_set_count (ChorusWorkspaceSwitcher *self,
                                                 const char              *page,
                                                 guint                    count);
/* Shows @page if offered; FALSE otherwise. */
gboolean    chorus_workspace_switcher_select    (ChorusWorkspaceSwitcher *self,
                                                 const char              *page);
const char *chorus_workspace_switcher_get_selected (ChorusWorkspaceSwitcher *self);

G_END_DECLS
