/* chorus-flow-list.h: the flux deposits sent from this computer, each with its report explained. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_FLOW_LIST (chorus_flow_list_get_type ())
G_DECLARE_FINAL_TYPE (ChorusFlowList, chorus_flow_list, CHORUS, FLOW_LIST, GtkWidget)

GtkWidget *chorus_flow_list_new      (void);
void       chorus_flow_list_set_sync (ChorusFlowList *self,
                                      ChorusSync     *sync);
/* The deposits again from the outbox, newest first, with the reports last kept. */
void       chorus_flow_list_reload   (ChorusFlowList *self);
/* Opens the deposit of outbox action @action_id and asks Chorus Pro for its report. */
void       chorus_flow_list_show     (ChorusFlowList *self,
                                      gint64          action_id);
/* A report is being asked for. */
gboolean   chorus_flow_list_is_busy  (ChorusFlowList *self);

G_END_DECLS
