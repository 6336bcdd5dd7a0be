/* chorus-split-view.h: a list beside its detail that folds into two pages on a narrow window. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Below this width the list and the detail are pages of their own, with a back button. */
#define CHORUS_SPLIT_VIEW_FOLD_WIDTH 1200

#define CHORUS_TYPE_SPLIT_VIEW (chorus_split_view_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSplitView, chorus_split_view, CHORUS, SPLIT_VIEW, GtkWidget)

GtkWidget  *chorus_split_view_new           (void);
/* In a template: <child type="list"> and <child type="detail">. */
void        chorus_split_view_set_list      (ChorusSplitView *self,
                                             GtkWidget       *child);
void        chorus_split_view_set_detail    (ChorusSplitView *self,
                                             GtkWidget       *child);
/* Folded: which page shows. Unfolded, both do and these only remember the choice. */
void        chorus_split_view_show_detail   (ChorusSplitView *self);
void        chorus_split_view_show_list     (ChorusSplitView *self);
gboolean    chorus_split_view_get_showing_detail (ChorusSplitView *self);
/* The share of the width the list takes when unfolded (property "list-fraction", 0.6 by default);
 * dragging the divider changes it and notifies once the drag ends. */
void        chorus_split_view_set_list_fraction (ChorusSplitView *self,
                                             double           fraction);

G_END_DECLS
