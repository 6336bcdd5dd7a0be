/* chorus-sim-quirks.c: shapes real answers take that a client must read all the same: ids and
 * amounts as numeric strings, a one-element list as its object (rechercherFactureParRecipiendaire-
 * response-2.json, COMM's examples), and one odd item in a list. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-faults.h"

static gboolean
quirk_is_number_key (const char *key)
{
  return (g_str_has_prefix (key, "id") && g_ascii_isupper (key[2])) || g_str_equal (key, "identifiantFactureCPP") ||
         g_str_equal (key, "pieceJointeId") || g_str_has_prefix (key, "montant");
}

static void quirk_node (JsonNode *node);

/* Ids and amounts as numeric strings; a one-element list of objects as its object. */
static void
quirk_object (JsonObject *o)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *m = members; m != NULL; m = m->next)
    {
      /* Setting a member frees its old key, the one in @members. */
      g_autofree char *key = g_strdup (m->data);
      JsonNode *node = json_object_get_member (o, key);

      if (JSON_NODE_HOLDS_VALUE (node) && quirk_is_number_key (key))
        {
          GType t = json_node_get_value_type (node);
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (t == G_TYPE_INT64)
            g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, json_node_get_int (node));
          else if (t == G_TYPE_DOUBLE)
            g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node));
          else
            continue;
          json_object_set_string_member (o, key, buf);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 1 &&
               JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), 0)))
        {
          JsonObject *only = json_object_ref (json_array_get_object_element (json_node_get_array (node), 0));

          json_object_set_object_member (o, key, only);
          quirk_object (only);
        }
      else
        quirk_node (node);
    }
}

static void
quirk_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    quirk_object (json_node_get_object (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
      quirk_node (json_array_get_element (json_node_get_array (node), k));
}

void
sim_quirks_spoil_one_item (JsonObject *answer)
{
  g_autoptr(GList) members = json_object_get_members (answer);

  for (GList *m = members; m != NULL; m = m->next)
    {
      g_autofree char *key = g_strdup (m->data);
      JsonNode *node = json_object_get_member (answer, key);
      JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonArray *rebuilt;

      if (list == NULL || json_array_get_length (list) < 2 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (list, 1)))
        continue;
      rebuilt = json_array_new ();
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          if (k == 1)
            {
              JsonArray *odd = json_array_new ();
              g_autoptr(GList) values = json_object_get_values (json_array_get_object_element (list, 1));

              for (GList *v = values; v != NULL && json_array_get_length (odd) < 3; v = v->next)
                json_array_add_element (odd, json_node_copy (v->data));
              json_array_add_array_element (rebuilt, odd);
            }
          else
            json_array_add_element (rebuilt, json_node_copy (json_array_get_element (list, k)));
        }
      json_object_set_array_member (answer, key, rebuilt);
    }
}

void
sim_quirks_apply (JsonObject *answer)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), answer);

  quirk_node (root);
}
