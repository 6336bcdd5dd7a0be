/* chorus-count-tab.h: what a status tab shows: its name, which may shorten on a narrow window, and a counter. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes @title and a counter of fixed width (so that no tab moves as counts change) the child of
 * @button. Returns the counter; @name (nullable) gets the name's label. Both belong to @button. */
GtkLabel *chorus_count_tab_fill (GtkButton   *button,
                                 const char  *title,
                                 GtkLabel   **name);

G_END_DECLS
