/* chorus-sim.h: a local Chorus Pro API (PISTE OAuth2 + /cpro endpoints) on a loopback port.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CHORUS_SIM_CLIENT_ID       "chorus-desk-demo"
#define CHORUS_SIM_CLIENT_SECRET   "demo-secret-2026"
#define CHORUS_SIM_TECH_LOGIN      "TECH_1_demo@cpro.fr"
#define CHORUS_SIM_TECH_PASSWORD   "Demo-2026!"

#define CHORUS_TYPE_SIM (chorus_sim_get_type ())
G_DECLARE_FINAL_TYPE (ChorusSim, chorus_sim, CHORUS, SIM, GObject)

typedef struct {
  guint32     seed;
  guint       n_invoices;    /* 40 or more to hold every case the seeds teach */
  const char *data_dir;      /* NULL: private temp dir removed on finalize */
  gsize       max_answer_bytes; /* 0: each operation's own cap (16 MB for JSON pages) */
} ChorusSimConfig;

/* A request is hit by one of the enabled faults with probability failure_rate
 * (0 or less: every request, as soon as one kind is enabled). Latency applies to all, and so
 * do the answer quirks, which are not faults but shapes real answers take. */
typedef struct {
  double   failure_rate;
  guint    latency_ms;
  gboolean http_429;
  guint    retry_after_s;    /* Retry-After of the 429 answers; 0 means 1 */
  gboolean http_5xx;         /* 500, 502 or 503 */
  gboolean timeouts;         /* hang CHORUS_SIM_HANG_SECONDS, longer than any client timeout */
  gboolean malformed_json;
  gboolean truncated_json;   /* a complete HTTP answer whose JSON is cut */
  gboolean expire_tokens;    /* revoke every token, the call gets a 401 */
  gboolean drop_after_apply; /* the request is applied and committed, then the connection closes unanswered */
  gboolean cut_after_apply;  /* the same, after sending part of the answer (its length announced whole) */
  guint32  seed;
  /* Answer quirks: ids and amounts as numeric strings, one-element lists as objects (as in
   * rechercherFactureParRecipiendaire-response-2.json and COMM's examples). */
  gboolean quirks;
  /* The second item of every list of two or more is not an object (a page one odd item must
   * not sink). */
  gboolean odd_item;
} ChorusSimFaults;

#define CHORUS_SIM_HANG_SECONDS 120

ChorusSim  *chorus_sim_new                   (const ChorusSimConfig *config,
                                              GError               **error);
gboolean    chorus_sim_start                 (ChorusSim            *self,
                                              guint16               port,
                                              GError              **error);
void        chorus_sim_stop                  (ChorusSim            *self);
const char *chorus_sim_get_base_url          (ChorusSim            *self);
const char *chorus_sim_get_token_url         (ChorusSim            *self);
void        chorus_sim_set_faults            (ChorusSim            *self,
                                              const ChorusSimFaults *faults);
void        chorus_sim_expire_tokens         (ChorusSim            *self);
/* Brings the dataset back to what its seed generates, as on the first start (the demo's
 * "Réinitialiser la démonstration"); tokens stay valid. Safe while the server runs. */
gboolean    chorus_sim_reset                 (ChorusSim            *self,
                                              GError              **error);
guint       chorus_sim_get_request_count     (ChorusSim            *self);
/* Requests received (since the simulator was made, across restarts) for @operation, the path
 * below /cpro/ such as "facturesTravaux/v1/refuser": the server's own log of what reached it. */
guint       chorus_sim_count_requests        (ChorusSim            *self,
                                              const char           *operation);

/* The structures the technical account is attached to (monCompte/recuperer/rattachements). */
const char *chorus_sim_get_recipient_siret   (ChorusSim            *self);
gint64      chorus_sim_get_recipient_id      (ChorusSim            *self);
const char *chorus_sim_get_supplier_siret    (ChorusSim            *self);
gint64      chorus_sim_get_supplier_id       (ChorusSim            *self);
gint64      chorus_sim_get_moe_id            (ChorusSim            *self);
gint64      chorus_sim_get_moa_id            (ChorusSim            *self);
/* A public recipient that demands a service code and an engagement number on soumettre. */
const char *chorus_sim_get_strict_recipient_siret (ChorusSim       *self);
/* A public recipient closed since: every deposit to it is refused. */
const char *chorus_sim_get_inactive_recipient_siret (ChorusSim     *self);
/* Invoices the attached recipient received (typeDemandePaiement FACTURE, then FACTURE_TRAVAUX),
 * and the ones the attached supplier issued. */
guint       chorus_sim_count_received        (ChorusSim            *self);
guint       chorus_sim_count_received_works  (ChorusSim            *self);
guint       chorus_sim_count_issued          (ChorusSim            *self);

G_END_DECLS
