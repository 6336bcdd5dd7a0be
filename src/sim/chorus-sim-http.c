/* chorus-sim-http.c: the HTTP replies the simulator sends: JSON bodies, codeRetour errors and
 * OAuth errors. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-http.h"

void
sim_http_set_json_body (SoupServerMessage *msg, guint status, char *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=utf-8", SOUP_MEMORY_TAKE, body, strlen (body));
}

char *
sim_http_object_to_string (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

void
sim_http_reply_object (SoupServerMessage *msg, guint status, JsonObject *o)
{
  sim_http_set_json_body (msg, status, sim_http_object_to_string (o));
  json_object_unref (o);
}

void
sim_http_reply_code (SoupServerMessage *msg, guint status, int code, const char *libelle)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "codeRetour", code);
  json_object_set_string_member (o, "libelle", libelle);
  sim_http_reply_object (msg, status, o);
}

void
sim_http_reply_oauth_error (SoupServerMessage *msg, guint status, const char *error, const char *description)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "error", error);
  json_object_set_string_member (o, "error_description", description);
  sim_http_reply_object (msg, status, o);
}
