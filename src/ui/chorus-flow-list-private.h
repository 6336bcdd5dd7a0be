/* chorus-flow-list-private.h: what the tests read of ChorusFlowList beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-flow-list.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The explained lines shown for @action_id (ChorusFlowAdvice), for tests; NULL before a report. */
GPtrArray *chorus_flow_list_get_advice (ChorusFlowList *self,
                                        gint64          action_id);

G_END_DECLS
