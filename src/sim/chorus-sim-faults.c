/* chorus-sim-faults.c: draws, per request, which injected fault (if any) it suffers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-faults.h"

struct _SimFaults {
  GMutex          lock;
  ChorusSimFaults config;
  GRand          *rand;
};

SimFaults *
sim_faults_new (void)
{
  SimFaults *self = g_new0 (SimFaults, 1);

  g_mutex_init (&self->lock);
  self->rand = g_rand_new_with_seed (0);
  return self;
}

void
sim_faults_free (SimFaults *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
sim_faults_set (SimFaults *self, const ChorusSimFaults *faults)
{
  g_mutex_lock (&self->lock);
  if (faults != NULL)
    self->config = *faults;
  else
    memset (&self->config, 0, sizeof self->config);
  g_rand_set_seed (self->rand, self->config.seed);
  g_mutex_unlock (&self->lock);
}

void
sim_faults_draw (SimFaults *self, SimFaultDraw *out)
{
  SimFaultKind enabled[8];
  guint n = 0;
  ChorusSimFaults *c = &self->config;

  memset (out, 0, sizeof *out);
  g_mutex_lock (&self->lock);
  out->latency_ms = c->latency_ms;
  out->retry_after_s = c->retry_after_s > 0 ? c->retry_after_s : 1;
  out->quirks = c->quirks;
  out->odd_item = c->odd_item;
  if (c->http_429)
    enabled[n++] = SIM_FAULT_429;
  if (c->http_5xx)
    enabled[n++] = SIM_FAULT_5XX;
  if (c->timeouts)
    enabled[n++] = SIM_FAULT_TIMEOUT;
  if (c->malformed_json)
    enabled[n++] = SIM_FAULT_MALFORMED;
  if (c->truncated_json)
    enabled[n++] = SIM_FAULT_TRUNCATED;
  if (c->expire_tokens)
    enabled[n++] = SIM_FAULT_EXPIRE_TOKENS;
  if (c->drop_after_apply)
    enabled[n++] = SIM_FAULT_DROP_AFTER_APPLY;
  if (c->cut_after_apply)
    enabled[n++] = SIM_FAULT_CUT_AFTER_APPLY;
  if (n > 0 && (c->failure_rate <= 0.0 || g_rand_double (self->rand) < c->failure_rate))
    {
      static const guint statuses[] = { 500, 502, 503 };

      out->kind = enabled[g_rand_int_range (self->rand, 0, (gint32) n)];
      out->http_status = statuses[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (statuses))];
    }
  g_mutex_unlock (&self->lock);
}
