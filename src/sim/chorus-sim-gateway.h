/* chorus-sim-gateway.h: the PISTE gateway in front of the API: the OAuth2 token endpoint and the
 * tokens it gave, the bearer token and the cpro-account header of each call.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The access tokens given and their expiry; thread-safe. */
typedef struct _SimTokens SimTokens;

SimTokens *sim_tokens_new            (void);
void       sim_tokens_free           (SimTokens         *tokens);
/* Revokes every token: the next call of each client gets a 401. */
void       sim_tokens_expire_all     (SimTokens         *tokens);

/* Answers POST /api/oauth/token (client credentials, in the form or as HTTP Basic). */
void       sim_gateway_token         (SimTokens         *tokens,
                                      SoupServerMessage *msg);
/* The call carries a valid bearer token; otherwise the gateway's 401 is set on @msg. */
gboolean   sim_gateway_admits_token  (SimTokens         *tokens,
                                      SoupServerMessage *msg);
/* The call names the technical account (cpro-account); otherwise its refusal is set on @msg. */
gboolean   sim_gateway_admits_account (SoupServerMessage *msg);

G_END_DECLS
