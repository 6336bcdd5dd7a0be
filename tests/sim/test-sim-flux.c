/* test-sim-flux.c: deposer/flux with CII, UBL and Factur-X files, then consulterCR(Detaille)
 * and the supplier search by numeroFluxDepot, as OCA and PASTELL follow a flow. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-test-sim.h"
#include "sim-test.h"

static char *
deposit (SimFixture *f, const char *xml, const char *syntaxe)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) xml, strlen (xml));
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/deposer/flux", "{\"fichierFlux\":\"%s\",\"nomFichier\":\"flux.xml\","
                                         "\"syntaxeFlux\":\"%s\",\"avecSignature\":false}", b64, syntaxe);

  g_assert_cmpstr (json_object_get_string_member (o, "syntaxeFlux"), ==, syntaxe);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "dateDepot")), ==, 10);
  return g_strdup (json_object_get_string_member (o, "numeroFluxDepot"));
}

static void
test_cii_integrated (SimFixture *f, gconstpointer data)
{
  g_autofree char *xml = chorus_test_cii_invoice ("FLUX-0001", "FORMATION", chorus_sim_get_supplier_siret (f->sim),
                                                  chorus_sim_get_recipient_siret (f->sim), NULL);
  g_autofree char *numero = deposit (f, xml, "IN_DP_E1_CII_16B");
  g_autoptr(JsonObject) cr = sim_post_ok (f, "transverses/v1/consulterCRDetaille", "{\"numeroFluxDepot\":\"%s\"}", numero);
  g_autoptr(JsonObject) simple = sim_post_ok (f, "transverses/v1/consulterCR", "{\"numeroFluxDepot\":\"%s\"}", numero);
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(JsonObject) consult = NULL;
  JsonObject *item;

  g_assert_cmpstr (json_object_get_string_member (cr, "etatCourantDepotFlux"), ==, "IN_INTEGRE");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cr, "listeErreurDP")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (simple, "etatCourantFlux"), ==, "IN_INTEGRE");
  g_assert_nonnull (json_object_get_string_member (simple, "fichierCR"));

  found = sim_post_ok (f, "factures/v1/rechercher/fournisseur", "{\"numeroFluxDepot\":\"%s\"}", numero);
  item = json_array_get_object_element (json_object_get_array_member (found, "listeFactures"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "numeroFacture"), ==, "FLUX-0001");
  g_assert_cmpstr (json_object_get_string_member (item, "numeroFluxDepot"), ==, numero);
  g_assert_cmpfloat (json_object_get_double_member (item, "montantTTC"), ==, 120.0);
  g_assert_cmpstr (json_object_get_string_member (item, "codeServiceExecutant"), ==, "FORMATION");
  consult = sim_post_ok (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}",
                         json_object_get_int_member (item, "identifiantFactureCPP"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (consult, "facture"),
                                                                              "lignesDePoste"), "totalLignesPoste"), ==, 1);
}

static void
test_rejections (SimFixture *f, gconstpointer data)
{
  /* The hospital demands a service code: a flow without BuyerReference is rejected, with the reason per invoice. */
  g_autofree char *no_service = chorus_test_cii_invoice ("FLUX-0002", "", chorus_sim_get_supplier_siret (f->sim),
                                                         chorus_sim_get_recipient_siret (f->sim), NULL);
  g_autofree char *foreign_seller = chorus_test_cii_invoice ("FLUX-0003", "FORMATION", "73282932000074",
                                                             chorus_sim_get_recipient_siret (f->sim), NULL);
  const char *cases[][2] = {
    { no_service, "IN_DP_E1_CII_16B" },
    { foreign_seller, "IN_DP_E1_CII_16B" },
    { no_service, "IN_DP_E1_UBL_INVOICE" },                         /* CII declared as UBL */
    { "<?xml version=\"1.0\"?><Order/>", "IN_DP_E1_UBL_INVOICE" },  /* not an invoice */
    { "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", "IN_DP_E1_CII_16B" },
    { "not even xml", "IN_DP_E1_CII_16B" },
    { "%PDF-1.4 broken", "IN_DP_E2_CII_FACTURX" },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *numero = deposit (f, cases[k][0], cases[k][1]);
      g_autoptr(JsonObject) cr = sim_post_ok (f, "transverses/v1/consulterCRDetaille", "{\"numeroFluxDepot\":\"%s\"}", numero);
      JsonArray *errors = json_object_get_array_member (cr, "listeErreurDP");
      JsonArray *technical = json_object_get_array_member (cr, "listeErreurTechnique");

      /* A reason per invoice (listeErreurDP) when the invoices could be read, otherwise one
       * about the file itself (listeErreurTechnique). */
      g_assert_cmpstr (json_object_get_string_member (cr, "etatCourantDepotFlux"), ==, "IN_REJETE");
      g_assert_cmpuint (json_array_get_length (errors) + json_array_get_length (technical), >=, 1);
      if (json_array_get_length (errors) > 0)
        g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (errors, 0), "libelleErreurDP"));
      else
        g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (technical, 0), "libelleErreur"));
      /* The two business rejections are about the invoices, the others about the file. */
      g_assert_cmpuint (json_array_get_length (errors), ==, k < 2 ? 1 : 0);
    }
}

static void
test_request_errors (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) bad_syntax = sim_post (f, "factures/v1/deposer/flux", "{\"fichierFlux\":\"PHg+\",\"nomFichier\":\"f.xml\","
                                               "\"syntaxeFlux\":\"IN_DP_E9_WORD\"}");
  g_autoptr(JsonObject) missing = sim_post (f, "factures/v1/deposer/flux", "{\"nomFichier\":\"f.xml\"}");
  g_autoptr(JsonObject) unknown = sim_post (f, "transverses/v1/consulterCRDetaille", "{\"numeroFluxDepot\":\"CPP000\"}");

  g_assert_cmpint (sim_code (bad_syntax), ==, 20008);
  g_assert_cmpint (sim_code (missing), ==, 20004);
  g_assert_cmpint (sim_code (unknown), ==, 20001);
}

static void
test_samples (SimFixture *f, gconstpointer data)
{
  const char *samples = g_getenv ("CHORUS_SAMPLES_DIR");
  g_autofree char *dir = samples ? g_build_filename (samples, "akretion", NULL) : NULL;
  g_autoptr(GDir) d = dir ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;
  int tried = 0;

  if (d == NULL)
    {
      g_test_skip ("CHORUS_SAMPLES_DIR not available");
      return;
    }
  /* Real Factur-X samples: their parties are not in the dataset, so each flow is read and
   * rejected with a reason, never a crash. */
  while ((name = g_dir_read_name (d)) != NULL && tried < 3)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_str_has_suffix (name, ".pdf") || !g_file_get_contents (path, &contents, &len, NULL))
        continue;
      {
        g_autofree char *b64 = g_base64_encode ((const guchar *) contents, len);
        g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/deposer/flux", "{\"fichierFlux\":\"%s\",\"nomFichier\":\"facturx.pdf\","
                                               "\"syntaxeFlux\":\"IN_DP_E2_CII_FACTURX\"}", b64);
        g_autoptr(JsonObject) cr = sim_post_ok (f, "transverses/v1/consulterCRDetaille", "{\"numeroFluxDepot\":\"%s\"}",
                                                json_object_get_string_member (o, "numeroFluxDepot"));
        g_assert_cmpstr (json_object_get_string_member (cr, "etatCourantDepotFlux"), ==, "IN_REJETE");
        tried++;
      }
    }
  if (tried == 0)
    g_test_skip ("no PDF sample found");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/flux/cii-integrated", test_cii_integrated);
  ADD ("/sim/flux/rejections", test_rejections);
  ADD ("/sim/flux/request-errors", test_request_errors);
  ADD ("/sim/flux/samples", test_samples);
  return g_test_run ();
}
