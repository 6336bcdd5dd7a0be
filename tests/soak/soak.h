/* soak.h: the exactly-once soak's table: one row per outbox kind, and how the simulator shows each effect. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "chorus-sync.h"

G_BEGIN_DECLS

/* What the soak knows of the simulator's account, written into the plan as its "facts":
 * recipient (SIRET), recipientId, service (a service code of the recipient), supplier (SIRET),
 * supplierId, inactive (SIRET of a closed recipient), moa (SIRET of the works contracts'
 * maîtrise d'ouvrage, which pays them), moeId, moaId. */

/* Setup runs against the simulator before any fault is switched on. */
typedef struct {
  ChorusClient *client;
  GRand        *rand;
  const char   *files_dir;   /* the files the deposits send */
  JsonObject   *facts;
  guint         serial;      /* for invoice numbers unique in the run */
  /* The simulator's database, for the little of the world its API cannot set (the second
   * validator a contract names, see soak-validation.c). */
  sqlite3      *sim_db;
} SoakSetup;

/* The worker: the app's core, wired as chorus-session.c wires it. */
typedef struct {
  ChorusSync  *sync;
  JsonObject  *facts;
  const char  *files_dir;
} SoakWorker;

/* One row per outbox kind. A plan item is a JsonObject with
 *   "kind"     the row's name,
 *   "key"      what action_key() gives for the action queued for it,
 *   "expect"   "apply", or "refuse" when the simulator's rules refuse it,
 *   "effects"  what the simulator must hold afterwards: a list of objects, each with "read" (a
 *              reader's name), its parameters and "times" (how many times the item puts it there;
 *              0 for an effect that must not appear),
 * and the row's own members. */
typedef struct {
  const char       *name;
  ChorusActionKind  kind;
  guint             weight;        /* its share of the actions */
  gboolean          may_ask_user;  /* may stop "à vérifier" (its effect then 0 or 1 time) */
  /* Prepares on the simulator what @n actions of this kind act on, and appends their items. */
  gboolean (*plan)       (SoakSetup   *setup,
                          guint        n,
                          GPtrArray   *items,
                          GError     **error);
  /* Queues @item through the sync, as the user's click does. */
  gboolean (*enqueue)    (SoakWorker  *worker,
                          JsonObject  *item,
                          GError     **error);
  char    *(*action_key) (const ChorusAction *action);
} SoakKind;

/* Every row, in the order of the printed table. */
const SoakKind *soak_kinds     (guint      *n);
const SoakKind *soak_kind_find (const char *name);

/* For the rows' plan(): a new item, an effect added to it (to fill with its parameters), and a
 * choice of one in @every at random. */
JsonObject     *soak_item_new        (const SoakKind *row,
                                      const char     *key,
                                      gboolean        apply);
JsonObject     *soak_item_add_effect (JsonObject     *item,
                                      const char     *reader,
                                      guint           times);
gboolean        soak_one_in          (SoakSetup      *setup,
                                      guint           every);
/* "SK-@letter-00042": an invoice number unique in the run. */
char           *soak_next_number     (SoakSetup      *setup,
                                      char            letter);
/* An invoice of 2 × 50 € HT at 20 % from the account's supplier to its recipient's service,
 * cadre A1 (no validator). */
void            soak_fill_invoice    (ChorusInvoice  *invoice,
                                      JsonObject     *facts,
                                      const char     *number,
                                      const char     *recipient,
                                      const char     *service);
/* A "history" effect: @status among the invoice's new statuses @times times. */
void            soak_add_history_effect (JsonObject  *item,
                                      gint64          invoice_id,
                                      const char     *status,
                                      guint           times);
/* The store's row key of the item's invoice ("invoice": its Chorus id) on side @direction; 0
 * with @error when the pull has not brought it. */
gint64          soak_item_row_key    (SoakWorker     *worker,
                                      JsonObject     *item,
                                      ChorusDirection direction,
                                      GError        **error);

/* The row of the validator's decisions (soak-validation.c). */
extern const SoakKind soak_validation_kind;

/* The rows of works pieces (soak-works.c). */
#define SOAK_N_WORKS_KINDS 7
extern const SoakKind soak_works_kinds[SOAK_N_WORKS_KINDS];

/* How an effect reads in the simulator's database: one count. The SQL's named parameters
 * (":name") come from the effect's members, then from the baselines (the same queries run before
 * the soak, so that only what the soak did counts), then from the facts. */
typedef struct {
  const char *name;
  const char *sql;
} SoakQuery;

const SoakQuery *soak_readers   (guint *n);
const SoakQuery *soak_baselines (guint *n);

/* ---- the plan and its folder ---- */

/* The soak's folder holds plan.json (the facts and the items), app/ (the worker's store),
 * sim/ (the simulator's data), files/ (what the deposits send) and the logs. */
char           *soak_path_in         (const char     *dir,
                                      const char     *name);
JsonObject     *soak_load_plan       (const char     *dir,
                                      GError        **error);
guint           soak_env_uint        (const char     *name,
                                      guint           fallback);

/* ---- the worker (soak-worker.c) ---- */

/* The worker process: opens the store of @dir/app, answers for the actions à vérifier listed in
 * @decisions ("ID:resend" or "ID:done", comma-separated; may be NULL), queues what the plan has
 * not queued yet and sends until the outbox holds no open action. Its exit status. */
int             soak_worker_main     (const char     *dir,
                                      const char     *base_url,
                                      const char     *decisions);

/* ---- the check (soak-check.c) ---- */

typedef struct {
  guint  queued, sent, done, failed, asked, to_check, open;
  guint  lost, duplicated, wrong, retries;
  /* From queued to the server's final answer, over the kind's finished actions (the user's
   * time to answer an action à vérifier included), in seconds. */
  double median_s, max_s;
} SoakCounts;

/* The simulator's database in @dir, read-only (the simulator may be running). */
sqlite3        *soak_open_sim_db     (const char     *dir);
/* One count; the SQL's named parameters from @sources, the first that has them. */
gint64          soak_count           (sqlite3        *db,
                                      const char     *sql,
                                      JsonObject    **sources,
                                      guint           n_sources);
/* The baselines' values now, before the soak. */
JsonObject     *soak_read_baselines  (const char     *dir);
/* What the user answers for the actions à vérifier (the worker is not running): "ID:done,ID:resend…"
 * from what the simulator holds, NULL when none waits; each answer is told in @asked. */
char           *soak_user_decisions  (const char     *dir,
                                      JsonObject     *plan,
                                      JsonObject     *baselines,
                                      GString        *asked);
/* Compares the outbox and the simulator with the plan: @counts (one per row, in soak_kinds()
 * order), @notes (what went wrong), @to_check (actions still à vérifier). */
void            soak_check           (const char     *dir,
                                      JsonObject     *plan,
                                      JsonObject     *baselines,
                                      SoakCounts     *counts,
                                      GString        *notes,
                                      GString        *to_check);

G_END_DECLS
