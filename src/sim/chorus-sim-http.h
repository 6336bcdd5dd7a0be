/* chorus-sim-http.h: the HTTP replies the simulator sends: JSON bodies, codeRetour errors and
 * OAuth errors. SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Takes @body. */
void  sim_http_set_json_body     (SoupServerMessage *msg,
                                  guint              status,
                                  char              *body);
char *sim_http_object_to_string  (JsonObject        *o);
/* Takes @o. */
void  sim_http_reply_object      (SoupServerMessage *msg,
                                  guint              status,
                                  JsonObject        *o);
/* {codeRetour, libelle}, as the API answers its errors. */
void  sim_http_reply_code        (SoupServerMessage *msg,
                                  guint              status,
                                  int                code,
                                  const char        *libelle);
/* {error, error_description}, as OAuth and the gateway answer theirs. */
void  sim_http_reply_oauth_error (SoupServerMessage *msg,
                                  guint              status,
                                  const char        *error,
                                  const char        *description);

G_END_DECLS
