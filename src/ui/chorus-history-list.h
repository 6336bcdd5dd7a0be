/* chorus-history-list.h: the invoice's history, newest first: the statuses and user actions Chorus Pro
 * records, and the user's own actions from the outbox until Chorus Pro has them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_HISTORY_LIST (chorus_history_list_get_type ())
G_DECLARE_FINAL_TYPE (ChorusHistoryList, chorus_history_list, CHORUS, HISTORY_LIST, GtkWidget)

GtkWidget *chorus_history_list_new          (void);
/* @invoice (nullable) with its history and user actions; @local_actions (nullable) its outbox
 * actions (ChorusAction), any state. */
void       chorus_history_list_set          (ChorusHistoryList *self,
                                             ChorusInvoice     *invoice,
                                             GPtrArray         *local_actions);

G_END_DECLS
