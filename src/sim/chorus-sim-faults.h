/* chorus-sim-faults.h: the fault-injection state, shared by the server thread and its callers
 * (chorus-sim-faults.c), and the answer quirks (chorus-sim-quirks.c). SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "chorus-sim.h"

G_BEGIN_DECLS

typedef enum {
  SIM_FAULT_NONE = 0,
  SIM_FAULT_429,
  SIM_FAULT_5XX,
  SIM_FAULT_TIMEOUT,
  SIM_FAULT_MALFORMED,
  SIM_FAULT_TRUNCATED,
  SIM_FAULT_EXPIRE_TOKENS,
  SIM_FAULT_DROP_AFTER_APPLY,
  SIM_FAULT_CUT_AFTER_APPLY,
} SimFaultKind;

typedef struct {
  SimFaultKind kind;
  guint        latency_ms;
  guint        retry_after_s;
  guint        http_status;   /* for SIM_FAULT_5XX */
  gboolean     quirks;
  gboolean     odd_item;
} SimFaultDraw;

typedef struct _SimFaults SimFaults;

SimFaults *sim_faults_new   (void);
void       sim_faults_free  (SimFaults             *self);
void       sim_faults_set   (SimFaults             *self,
                             const ChorusSimFaults *faults);
/* Decides the fate of one request; thread-safe. */
void       sim_faults_draw  (SimFaults             *self,
                             SimFaultDraw          *out);

/* Ids and amounts as numeric strings; a one-element list of objects as its object. */
void       sim_quirks_apply          (JsonObject *answer);
/* The second item of each top-level list of two objects or more becomes a list of its first
 * values: not an object where one is expected. */
void       sim_quirks_spoil_one_item (JsonObject *answer);

G_END_DECLS
