/* chorus-sim-random.h: the generator's random numbers (splitmix64): tiny, fast and the same on
 * every platform, so that a seed always gives the same dataset. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s;
} SimRng;

static inline guint64
sim_rng_next (SimRng *r)
{
  guint64 z = (r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* 0 … @n − 1 (0 when @n is 0). */
static inline guint32
sim_rng_range (SimRng *r, guint32 n)
{
  return n == 0 ? 0 : (guint32) (sim_rng_next (r) % n);
}

/* [0, 1) */
static inline double
sim_rng_double (SimRng *r)
{
  return (double) (sim_rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline const char *
sim_rng_pick (SimRng *r, const char *const *items, gsize n)
{
  return items[sim_rng_range (r, (guint32) n)];
}

#define SIM_PICK(r, arr) sim_rng_pick ((r), (arr), G_N_ELEMENTS (arr))

G_END_DECLS
