/* chorus-sim-travaux.c: facturesTravaux/v1: works pieces along the dossier de facturation. */
#include "config.h"

#include "chorus-sim-private.h"

static const SimRoute routes[] = {
  { NULL, NULL },
};

const SimRoute *
sim_travaux_routes (gsize *n)
{
  *n = 0;
  return routes;
}
