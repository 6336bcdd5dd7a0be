/* fuzz-client-json.c: libFuzzer target over the Chorus Pro answer decoders (h/client), one path per input. */
#include "config.h"

#include <stdint.h>

#include "chorus-client-decode.h"

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
  "facturesTravaux/v1/consulter/dossierfacturation",
  "facturesTravaux/v1/soumettre",
  "facturesTravaux/v1/demander/recyclage",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  const char *json;

  if (size < 1)
    return 0;
  json = (const char *) data + 1;

  if (data[0] == 0xff)
    {
      ChorusInvoicePage *page = chorus_client_decode_invoice_page (json, size - 1, &error);

      g_assert ((page == NULL) == (error != NULL));
      if (page != NULL)
        chorus_invoice_page_free (page);
      return 0;
    }
  if (!chorus_client_decode_for_path (paths[data[0] % G_N_ELEMENTS (paths)], json, size - 1, &error))
    g_assert (error != NULL && error->message != NULL);
  else
    g_assert (error == NULL);
  return 0;
}
