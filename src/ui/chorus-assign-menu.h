/* chorus-assign-menu.h: the menus that act on invoices of the list ("Attribuer à…", a row's menu) and
 * what their actions do beyond the workspace. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-store.h"

G_BEGIN_DECLS

/* Fills @menu (emptied first) with one item per managed handler, then "Nobody", each activating
 * @action (a string-parameter action) with the name, "" for nobody. */
void        chorus_assign_menu_fill     (GMenu       *menu,
                                         ChorusStore *store,
                                         const char  *action);
/* The menu of one row: open, assign to (@assign_menu as its submenu), copy the number, download the
 * PDF; the actions are the recipient workspace's. */
GMenuModel *chorus_assign_menu_new_row_menu (GMenuModel *assign_menu);
/* Assigns the invoices @ids to @name ("" for nobody) and returns what to tell the user, done or
 * not ("3 invoices assigned to Claire Martin"). */
char       *chorus_assign_invoices      (ChorusStore  *store,
                                         const GArray *ids,
                                         const char   *name);
/* The numbers of the invoices @ids, one a line, for the clipboard; NULL when none has one. */
char       *chorus_assign_menu_numbers  (ChorusStore  *store,
                                         const GArray *ids);

G_END_DECLS
