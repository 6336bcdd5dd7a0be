/* chorus-tab-strip.h: the tabs of a GtkStack that wrap onto a second line when the pane is narrow. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_TAB_STRIP (chorus_tab_strip_get_type ())
G_DECLARE_FINAL_TYPE (ChorusTabStrip, chorus_tab_strip, CHORUS, TAB_STRIP, GtkWidget)

GtkWidget *chorus_tab_strip_new       (void);
/* One toggle button per visible page, titled like the page; property "stack". */
void       chorus_tab_strip_set_stack (ChorusTabStrip *self,
                                       GtkStack       *stack);

G_END_DECLS
