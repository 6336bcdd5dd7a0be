/* sim-test.h: a running simulator and a libsoup client for the conformance tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "chorus-sim.h"

G_BEGIN_DECLS

typedef struct {
  ChorusSim   *sim;
  SoupSession *session;
  char        *token;
} SimFixture;

#define SIM_TEST_INVOICES 400
#define SIM_TEST_SEED     4242

void        sim_fixture_setup    (SimFixture *f, gconstpointer data);
void        sim_fixture_teardown (SimFixture *f, gconstpointer data);
char       *sim_fetch_token      (SimFixture *f);
/* POSTs @body to /cpro/@path with the right headers; returns the HTTP status and the body. */
guint       sim_call             (SimFixture *f, const char *path, const char *body, GBytes **out);
/* The same, asserting HTTP 200 and a JSON object; printf-style body. */
JsonObject *sim_post             (SimFixture *f, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);
/* Asserts HTTP 200 and codeRetour 0. */
JsonObject *sim_post_ok          (SimFixture *f, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);
JsonObject *sim_parse_object     (GBytes *body);
guint       sim_send             (SimFixture *f, const char *method, const char *url, const char *content_type,
                                  const char *body, const char *const *headers, GBytes **out,
                                  SoupMessageHeaders **response_headers);
gint64      sim_code             (JsonObject *o);
/* The first invoice of the recipient (or supplier) search having @statut; 0 when none. */
gint64      sim_find_invoice     (SimFixture *f, gboolean received, const char *statut);

/* The current status of an invoice (consulter/historique), valid until the next call. */
const char *sim_status_of        (SimFixture *f, gint64 id);
/* Its status history, most recent first (histoStatutCode of each entry). */
GPtrArray  *sim_history_codes    (SimFixture *f, gint64 id);

/* A deposit (factures/v1/soumettre) by the account's supplier of one line of 100 € + 20 % VAT;
 * NULL members take a valid default (SAISIE_API, the hospital's DRH service, cadre A1…). */
typedef struct {
  const char *numero;
  const char *mode;
  const char *siret;
  const char *service;
  const char *engagement;
  const char *cadre;
  const char *valideur;
  const char *type;
  const char *tva;
  const char *paiement;
  gint64      bank;
} SimDeposit;

/* The new invoice's identifiantFactureCPP, or minus the codeRetour of the refusal. */
gint64      sim_deposit          (SimFixture *f, const SimDeposit *d, char **libelle);

G_END_DECLS
