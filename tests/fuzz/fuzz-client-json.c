/* fuzz-client-json.c: libFuzzer target over the Chorus Pro answer decoders, one path per input, and
 * over the liberal field readers themselves. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The first byte picks the operation whose answer the rest of the input pretends to be. */
static const char *const paths[] = {
  "factures/v1/rechercher/recipiendaire",
  "factures/v1/rechercher/fournisseur",
  "factures/v1/rechercher/valideur",
  "facturesTravaux/v1/rechercher",
  "facturesTravaux/v1/consulter",
  "factures/v1/consulter/historique",
  "factures/v1/consulter/recipiendaire",
  "factures/v1/consulter/fournisseur",
  "factures/v1/telecharger/groupe",
  "factures/v1/recuperer/etats/traitement",
  "structures/v1/rechercher",
  "structures/v1/consulter",
  "structures/v1/rechercher/services",
  "structures/v1/consulter/service",
  "utilisateurs/v1/recuperer/rattachements",
  "transverses/v1/recuperer/tauxtva",
  "flux/v1/consulterCRDetaille",
  "factures/v1/traiter/recue",
  "api/oauth/token",
  "facturesTravaux/v1/consulter/dossierfacturation",
  "facturesTravaux/v1/soumettre",
  "facturesTravaux/v1/demander/recyclage",
};

/* Every reader on every member: whatever the value, an answer or an error, never both. */
static void
read_every_field (const char *json, gsize length)
{
  g_autoptr(JsonObject) object = chorus_json_parse_object (json, (gssize) MIN (length, (gsize) G_MAXSSIZE), NULL);
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return;
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autoptr(JsonArray) list = NULL;
      JsonObject *child = NULL;
      gint64 number = 0, cents = 0;
      double real = 0;
      gboolean flag = FALSE;

      if (!chorus_json_get_string (object, key, &text, &error))
        g_assert (error != NULL && text == NULL);
      g_clear_error (&error);
      if (!chorus_json_get_int (object, key, &number, &error))
        g_assert (error != NULL);
      g_clear_error (&error);
      if (chorus_json_get_amount (object, key, &cents, &error))
        g_assert (cents <= 100000000000000000 && cents >= -100000000000000000);
      g_clear_error (&error);
      if (!chorus_json_get_double (object, key, &real, &error))
        g_assert (error != NULL);
      g_clear_error (&error);
      if (!chorus_json_get_bool (object, key, &flag, &error))
        g_assert (error != NULL);
      g_clear_error (&error);
      g_clear_pointer (&text, g_free);
      if (chorus_json_get_datetime (object, key, &text, &error) && text != NULL)
        g_assert (g_utf8_validate (text, -1, NULL) && strlen (text) >= 10);
      g_clear_error (&error);
      if (chorus_json_get_list (object, key, &list, &error) && list != NULL)
        for (guint i = 0; i < json_array_get_length (list); i++)
          if (chorus_json_array_get_object (list, i, key, &error) == NULL)
            g_clear_error (&error);
      g_clear_error (&error);
      if (!chorus_json_get_object (object, key, &child, &error))
        g_assert (child == NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  const char *json;

  if (size < 1)
    return 0;
  json = (const char *) data + 1;

  if (data[0] == 0xfe)
    {
      read_every_field (json, size - 1);
      return 0;
    }
  if (data[0] == 0xff)
    {
      ChorusInvoicePage *page = chorus_client_decode_invoice_page (json, size - 1, &error);

      g_assert ((page == NULL) == (error != NULL));
      if (page != NULL)
        {
          /* An odd item is kept whole, with why, and counted. */
          g_assert (page->total >= page->invoices->len + page->unreadable->len);
          for (guint i = 0; i < page->unreadable->len; i++)
            {
              ChorusUnreadableItem *item = g_ptr_array_index (page->unreadable, i);

              g_assert (item->raw_json != NULL && item->reason != NULL && *item->reason != '\0');
            }
          for (guint i = 0; i < page->invoices->len; i++)
            g_assert (chorus_invoice_get_id (g_ptr_array_index (page->invoices, i)) > 0);
          chorus_invoice_page_free (page);
        }
      return 0;
    }
  if (!chorus_client_decode_for_path (paths[data[0] % G_N_ELEMENTS (paths)], json, size - 1, &error))
    g_assert (error != NULL && error->message != NULL);
  else
    g_assert (error == NULL);
  return 0;
}
