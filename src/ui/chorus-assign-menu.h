/* chorus-assign-menu.h: the menus that act on invoices of the list: "Attribuer à…" and a row's menu. */
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

G_END_DECLS
