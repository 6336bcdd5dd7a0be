/* chorus-sim-main.c: the chorus-sim program, a Chorus Pro API on 127.0.0.1 for demos and tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-sim.h"

typedef struct {
  gint     invoices;
  gint     port;
  gint     seed;
  char    *data_dir;
  gint     latency;
  double   failure_rate;
  gboolean fault_429;
  gint     retry_after;
  gboolean fault_5xx;
  gboolean fault_timeout;
  gboolean fault_malformed;
  gboolean fault_truncated;
  gboolean fault_drop_after_apply;
  gboolean fault_cut_after_apply;
  gboolean quirks;
  gboolean odd_item;
  gint     expire_every;
} Options;

static int
env_int (const char *name, int def)
{
  const char *v = g_getenv (name);
  return v && *v ? atoi (v) : def;
}

static gboolean
env_bool (const char *name)
{
  const char *v = g_getenv (name);
  return v && *v && g_strcmp0 (v, "0") != 0 && g_ascii_strcasecmp (v, "false") != 0;
}

static gboolean
on_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_expire (gpointer sim)
{
  chorus_sim_expire_tokens (sim);
  g_print ("chorus-sim: all access tokens revoked\n");
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  Options o = {
    .invoices = env_int ("CHORUS_SIM_INVOICES", 1000),
    .port = env_int ("CHORUS_SIM_PORT", 8443),
    .seed = env_int ("CHORUS_SIM_SEED", 2026),
    .data_dir = g_strdup (g_getenv ("CHORUS_SIM_DATA_DIR")),
    .latency = env_int ("CHORUS_SIM_LATENCY", 0),
    .failure_rate = g_getenv ("CHORUS_SIM_FAILURE_RATE") ? g_ascii_strtod (g_getenv ("CHORUS_SIM_FAILURE_RATE"), NULL) : -1,
    .fault_429 = env_bool ("CHORUS_SIM_FAULT_429"),
    .retry_after = env_int ("CHORUS_SIM_RETRY_AFTER", 2),
    .fault_5xx = env_bool ("CHORUS_SIM_FAULT_5XX"),
    .fault_timeout = env_bool ("CHORUS_SIM_FAULT_TIMEOUT"),
    .fault_malformed = env_bool ("CHORUS_SIM_FAULT_MALFORMED"),
    .fault_truncated = env_bool ("CHORUS_SIM_FAULT_TRUNCATED"),
    .fault_drop_after_apply = env_bool ("CHORUS_SIM_FAULT_DROP_AFTER_APPLY"),
    .fault_cut_after_apply = env_bool ("CHORUS_SIM_FAULT_CUT_AFTER_APPLY"),
    .quirks = env_bool ("CHORUS_SIM_QUIRKS"),
    .odd_item = env_bool ("CHORUS_SIM_ODD_ITEM"),
    .expire_every = env_int ("CHORUS_SIM_EXPIRE_TOKENS_EVERY", 0),
  };
  GOptionEntry entries[] = {
    { "invoices", 'n', 0, G_OPTION_ARG_INT, &o.invoices, "Invoices to generate (10 to 1000000)", "N" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &o.port, "Port on 127.0.0.1 (0: any free port)", "P" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &o.seed, "Seed of the dataset", "S" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o.data_dir, "Keep the dataset there and reuse it", "DIR" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &o.latency, "Delay every answer", "MS" },
    { "failure-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o.failure_rate, "Share of calls hit by an enabled fault (default 0.1)", "F" },
    { "fault-429", 0, 0, G_OPTION_ARG_NONE, &o.fault_429, "Answer HTTP 429 with Retry-After", NULL },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &o.retry_after, "Retry-After of the 429 answers", "S" },
    { "fault-5xx", 0, 0, G_OPTION_ARG_NONE, &o.fault_5xx, "Answer HTTP 500, 502 or 503", NULL },
    { "fault-timeout", 0, 0, G_OPTION_ARG_NONE, &o.fault_timeout, "Hang longer than any client timeout", NULL },
    { "fault-malformed", 0, 0, G_OPTION_ARG_NONE, &o.fault_malformed, "Send bodies that are not JSON", NULL },
    { "fault-truncated", 0, 0, G_OPTION_ARG_NONE, &o.fault_truncated, "Send JSON cut in the middle", NULL },
    { "fault-drop-after-apply", 0, 0, G_OPTION_ARG_NONE, &o.fault_drop_after_apply,
      "Apply and commit the request, then close the connection without an answer", NULL },
    { "fault-cut-after-apply", 0, 0, G_OPTION_ARG_NONE, &o.fault_cut_after_apply,
      "Apply and commit the request, then close the connection in the middle of the answer", NULL },
    { "quirks", 0, 0, G_OPTION_ARG_NONE, &o.quirks,
      "Answer ids and amounts as numeric strings and one-element lists as objects", NULL },
    { "odd-item", 0, 0, G_OPTION_ARG_NONE, &o.odd_item, "Make the second item of every list unreadable", NULL },
    { "expire-tokens-every", 0, 0, G_OPTION_ARG_INT, &o.expire_every, "Revoke every access token each S seconds", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a local Chorus Pro API for Chorus Desk");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusSim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *account = NULL;
  ChorusSimConfig config = { 0 };
  ChorusSimFaults faults = { 0 };
  gint64 started;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Every option has an environment equivalent: CHORUS_SIM_INVOICES, CHORUS_SIM_PORT, CHORUS_SIM_SEED,\n"
    "CHORUS_SIM_DATA_DIR, CHORUS_SIM_LATENCY, CHORUS_SIM_FAILURE_RATE, CHORUS_SIM_FAULT_429,\n"
    "CHORUS_SIM_RETRY_AFTER, CHORUS_SIM_FAULT_5XX, CHORUS_SIM_FAULT_TIMEOUT, CHORUS_SIM_FAULT_MALFORMED,\n"
    "CHORUS_SIM_FAULT_TRUNCATED, CHORUS_SIM_FAULT_DROP_AFTER_APPLY, CHORUS_SIM_FAULT_CUT_AFTER_APPLY,\n"
    "CHORUS_SIM_QUIRKS, CHORUS_SIM_ODD_ITEM, CHORUS_SIM_EXPIRE_TOKENS_EVERY.\n"
    "Faults hit a share of the calls (--failure-rate); quirks and the odd item shape every answer.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("chorus-sim: %s\n", error->message);
      return 2;
    }
  if (o.invoices < 10 || o.invoices > 1000000 || o.port < 0 || o.port > 65535 || o.latency < 0 ||
      o.retry_after < 0 || o.expire_every < 0 || o.failure_rate > 1.0)
    {
      g_printerr ("chorus-sim: invalid option value (see --help)\n");
      return 2;
    }

  config.seed = (guint32) o.seed;
  config.n_invoices = (guint) o.invoices;
  config.data_dir = o.data_dir;
  g_print ("chorus-sim: preparing %d invoices (seed %d)…\n", o.invoices, o.seed);
  started = g_get_monotonic_time ();
  sim = chorus_sim_new (&config, &error);
  if (sim == NULL)
    {
      g_printerr ("chorus-sim: %s\n", error->message);
      return 1;
    }
  g_print ("chorus-sim: dataset ready in %.1f s\n", (g_get_monotonic_time () - started) / 1e6);

  faults.latency_ms = (guint) o.latency;
  faults.http_429 = o.fault_429;
  faults.retry_after_s = (guint) o.retry_after;
  faults.http_5xx = o.fault_5xx;
  faults.timeouts = o.fault_timeout;
  faults.malformed_json = o.fault_malformed;
  faults.truncated_json = o.fault_truncated;
  faults.drop_after_apply = o.fault_drop_after_apply;
  faults.cut_after_apply = o.fault_cut_after_apply;
  faults.quirks = o.quirks;
  faults.odd_item = o.odd_item;
  faults.failure_rate = o.failure_rate >= 0 ? o.failure_rate : 0.1;
  faults.seed = (guint32) o.seed;
  chorus_sim_set_faults (sim, &faults);

  if (!chorus_sim_start (sim, (guint16) o.port, &error))
    {
      g_printerr ("chorus-sim: %s\n", error->message);
      return 1;
    }

  account = g_base64_encode ((const guchar *) CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD,
                             strlen (CHORUS_SIM_TECH_LOGIN ":" CHORUS_SIM_TECH_PASSWORD));
  g_print ("\nChorus Pro simulator listening on %s\n"
           "  token URL      %s (grant_type=client_credentials, scope=openid)\n"
           "  API base       %s/cpro/{factures,structures,transverses,utilisateurs,facturesTravaux}/v1/…\n"
           "  client_id      %s\n"
           "  client_secret  %s\n"
           "  technical login %s / password %s\n"
           "  cpro-account   %s\n"
           "  recipient      SIRET %s (idStructureCPP %" G_GINT64_FORMAT "), %u invoices received\n"
           "  supplier       SIRET %s (idStructureCPP %" G_GINT64_FORMAT "), %u invoices issued\n"
           "Press Ctrl+C to stop.\n",
           chorus_sim_get_base_url (sim), chorus_sim_get_token_url (sim), chorus_sim_get_base_url (sim),
           CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET, CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD, account,
           chorus_sim_get_recipient_siret (sim), chorus_sim_get_recipient_id (sim), chorus_sim_count_received (sim),
           chorus_sim_get_supplier_siret (sim), chorus_sim_get_supplier_id (sim), chorus_sim_count_issued (sim));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  if (o.expire_every > 0)
    g_timeout_add_seconds ((guint) o.expire_every, on_expire, sim);
  g_main_loop_run (loop);

  chorus_sim_stop (sim);
  g_free (o.data_dir);
  return 0;
}
