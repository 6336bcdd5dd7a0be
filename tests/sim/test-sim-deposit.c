/* test-sim-deposit.c: supplier deposits (deposer/pdf, ajouter/fichier, soumettre), the recipient's
 * service and engagement obligations, completer and recycler. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <string.h>

#include "sim-test.h"

static cairo_status_t
append (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF in base64, as a supplier's accounting software would make. */
static char *
small_pdf_base64 (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append, out, 595, 842);
  cairo_t *cr = cairo_create (surface);
  char *b64;

  cairo_move_to (cr, 50, 50);
  cairo_show_text (cr, "Facture F-TEST-001");
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  b64 = g_base64_encode (out->data, out->len);
  g_byte_array_unref (out);
  return b64;
}

static gint64
upload_pdf_keeping (SimFixture *f, char **uploaded)
{
  g_autofree char *b64 = small_pdf_base64 ();
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/deposer/pdf",
                                         "{\"fichierFacture\":\"%s\",\"nomFichier\":\"facture.pdf\",\"formatDepot\":\"PDF_NON_SIGNE\"}", b64);

  g_assert_true (json_object_has_member (o, "numeroFacture"));
  g_assert_cmpstr (json_object_get_string_member (o, "typeFacture"), ==, "FACTURE");
  if (uploaded)
    *uploaded = g_strdup (b64);
  return json_object_get_int_member (o, "pieceJointeId");
}

static gint64
upload_pdf (SimFixture *f)
{
  return upload_pdf_keeping (f, NULL);
}

/* A soumettre body to @siret, with @service and @ej (NULL: left out). */
static char *
soumettre_body (SimFixture *f, const char *numero, const char *siret, const char *service, const char *ej, gint64 pj)
{
  g_autofree char *dest_service = service ? g_strdup_printf (",\"codeServiceExecutant\":\"%s\"", service) : g_strdup ("");
  g_autofree char *bc = ej ? g_strdup_printf (",\"numeroBonCommande\":\"%s\"", ej) : g_strdup ("");

  return g_strdup_printf (
    "{\"modeDepot\":\"DEPOT_PDF_API\",\"numeroFactureSaisi\":\"%s\",\"dateFacture\":\"2026-11-02\","
    "\"destinataire\":{\"codeDestinataire\":\"%s\"%s},"
    "\"fournisseur\":{\"idFournisseur\":%" G_GINT64_FORMAT "},"
    "\"cadreDeFacturation\":{\"codeCadreFacturation\":\"A1_FACTURE_FOURNISSEUR\"},"
    "\"references\":{\"deviseFacture\":\"EUR\",\"typeFacture\":\"FACTURE\",\"typeTva\":\"TVA_SUR_DEBIT\","
    "\"modePaiement\":\"VIREMENT\"%s},"
    "\"lignePoste\":[{\"lignePosteNumero\":1,\"lignePosteDenomination\":\"Formation AFGSU\",\"lignePosteQuantite\":2,"
    "\"lignePosteUnite\":\"JOUR\",\"lignePosteMontantUnitaireHT\":450.5,\"lignePosteTauxTva\":\"TVA5\"},"
    "{\"lignePosteNumero\":2,\"lignePosteDenomination\":\"Livres\",\"lignePosteQuantite\":3,"
    "\"lignePosteMontantUnitaireHT\":20,\"lignePosteTauxTvaManuel\":5.5}],"
    "\"ligneTva\":[{\"ligneTvaTaux\":\"TVA5\",\"ligneTvaMontantBaseHtParTaux\":901,\"ligneTvaMontantTvaParTaux\":180.2}],"
    "\"montantTotal\":{\"montantHtTotal\":961,\"montantTVA\":183.5,\"montantTtcTotal\":1144.5,\"montantAPayer\":1144.5},"
    "\"pieceJointePrincipale\":[{\"pieceJointePrincipaleDesignation\":\"facture.pdf\",\"pieceJointePrincipaleId\":%" G_GINT64_FORMAT "}]}",
    numero, siret, dest_service, chorus_sim_get_supplier_id (f->sim), bc, pj);
}

static void
test_soumettre (SimFixture *f, gconstpointer data)
{
  g_autofree char *uploaded = NULL;
  gint64 pj = upload_pdf_keeping (f, &uploaded);
  g_autofree char *body = soumettre_body (f, "F-TEST-001", chorus_sim_get_recipient_siret (f->sim), "ANFH_FORMATION", NULL, pj);
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/soumettre", "%s", body);
  gint64 id = json_object_get_int_member (o, "identifiantFactureCPP");
  g_autoptr(JsonObject) issued = NULL;
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(JsonObject) consult = NULL;
  g_autoptr(JsonObject) dup = NULL;
  g_autoptr(JsonObject) download = NULL;
  JsonObject *item;
  gsize len = 0;
  g_autofree guchar *raw = NULL;

  g_assert_cmpstr (json_object_get_string_member (o, "statutFacture"), ==, "DEPOSEE");
  g_assert_cmpstr (json_object_get_string_member (o, "numeroFacture"), ==, "F-TEST-001");
  g_assert_cmpstr (json_object_get_string_member (o, "identifiantStructure"), ==, chorus_sim_get_supplier_siret (f->sim));
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "dateDepot")), ==, 10);
  g_assert_nonnull (json_object_get_string_member (o, "empreinteCertificatDepot"));

  issued = sim_post_ok (f, "factures/v1/rechercher/fournisseur", "{\"numeroFacture\":\"F-TEST-001\"}");
  item = json_array_get_object_element (json_object_get_array_member (issued, "listeFactures"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "identifiantFactureCPP"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (item, "modeDepot"), ==, "DEPOT_PDF_API");

  received = sim_post_ok (f, "factures/v1/rechercher/recipiendaire", "{\"numeroFacture\":\"F-TEST-001\"}");
  item = json_array_get_object_element (json_object_get_array_member (received, "listeFactures"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "statut"), ==, "MISE_A_DISPOSITION");
  g_assert_cmpstr (json_object_get_string_member (item, "codeServiceExecutant"), ==, "ANFH_FORMATION");
  g_assert_cmpfloat (json_object_get_double_member (item, "montantTTC"), ==, 1144.5);

  consult = sim_post_ok (f, "factures/v1/consulter/fournisseur", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (consult, "facture"),
                                                                              "lignesDePoste"), "totalLignesPoste"), ==, 2);

  /* The deposited PDF is what the recipient downloads. */
  download = sim_post_ok (f, "factures/v1/telecharger/groupe", "{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PDF\"}", id);
  raw = g_base64_decode (json_object_get_string_member (download, "fichierResultat"), &len);
  {
    gsize mine_len = 0;
    g_autofree guchar *mine = g_base64_decode (uploaded, &mine_len);

    g_assert_cmpmem (raw, len, mine, mine_len);
  }

  /* The same number again from the same supplier is refused. */
  g_free (body);
  body = soumettre_body (f, "F-TEST-001", chorus_sim_get_recipient_siret (f->sim), "ANFH_FORMATION", NULL, upload_pdf (f));
  dup = sim_post (f, "factures/v1/soumettre", "%s", body);
  g_assert_cmpint (sim_code (dup), ==, 20009);
}

static void
test_soumettre_obligations (SimFixture *f, gconstpointer data)
{
  const char *strict = chorus_sim_get_strict_recipient_siret (f->sim);
  gint64 pj = upload_pdf (f);
  struct { const char *siret, *service, *ej; gint64 code; } cases[] = {
    { chorus_sim_get_recipient_siret (f->sim), NULL, NULL, 20005 },     /* hospital: service required */
    { chorus_sim_get_recipient_siret (f->sim), "INCONNU", NULL, 20001 },
    { chorus_sim_get_recipient_siret (f->sim), "ANCIEN_SERVICE", NULL, 20001 }, /* inactive service */
    { chorus_sim_get_recipient_siret (f->sim), "PHARMACIE", NULL, 20006 }, /* this service needs an EJ */
    { strict, NULL, "1300000001", 20005 },
    { strict, "DIR_FINANCES", NULL, 20006 },
    { "12345678901234", NULL, NULL, 20001 },
    { chorus_sim_get_supplier_siret (f->sim), NULL, NULL, 20001 },      /* private: not a recipient */
    { strict, "DIR_FINANCES", "1300000001", 0 },
    { chorus_sim_get_recipient_siret (f->sim), "PHARMACIE", "1300000002", 0 },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *numero = g_strdup_printf ("OBL-%" G_GSIZE_FORMAT, k);
      g_autofree char *body = soumettre_body (f, numero, cases[k].siret, cases[k].service, cases[k].ej, pj);
      g_autoptr(JsonObject) o = sim_post (f, "factures/v1/soumettre", "%s", body);

      if (sim_code (o) != cases[k].code)
        g_error ("case %" G_GSIZE_FORMAT ": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT " %s", k, cases[k].code,
                 sim_code (o), json_object_get_string_member (o, "libelle"));
      if (cases[k].code == 0)
        pj = upload_pdf (f);
    }
}

static void
test_structure_parameters (SimFixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) found = sim_post_ok (f, "structures/v1/rechercher", "{\"structure\":{\"identifiantStructure\":\"%s\","
                                             "\"typeIdentifiantStructure\":\"SIRET\"}}", chorus_sim_get_strict_recipient_siret (f->sim));
  gint64 id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (found, "listeStructures"), 0),
                                          "idStructureCPP");
  g_autoptr(JsonObject) s = sim_post_ok (f, "structures/v1/consulter", "{\"idStructureCPP\":%" G_GINT64_FORMAT ",\"codeLangue\":\"FR\"}", id);
  JsonObject *params = json_object_get_object_member (s, "parametres");
  g_autoptr(JsonObject) services = sim_post_ok (f, "structures/v1/rechercher/services", "{\"idStructure\":%" G_GINT64_FORMAT "}", id);
  gint64 service_id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (services, "listeServices"), 0),
                                                  "idService");
  g_autoptr(JsonObject) svc = sim_post_ok (f, "structures/v1/consulter/service", "{\"idStructure\":%" G_GINT64_FORMAT
                                           ",\"idService\":%" G_GINT64_FORMAT "}", id, service_id);

  g_assert_true (json_object_get_boolean_member (params, "codeServiceDoitEtreRenseigne"));
  g_assert_true (json_object_get_boolean_member (params, "numeroEJDoitEtreRenseigne"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (svc, "parametres"), "numeroEngagement"));
}

static void
test_bad_pdf (SimFixture *f, gconstpointer data)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "not a pdf", 9);
  g_autoptr(JsonObject) o = sim_post (f, "factures/v1/deposer/pdf", "{\"fichierFacture\":\"%s\",\"nomFichier\":\"f.pdf\"}", b64);
  g_autoptr(JsonObject) o2 = sim_post (f, "factures/v1/deposer/pdf", "{\"fichierFacture\":\"%s\",\"nomFichier\":\"f.pdf\","
                                       "\"formatDepot\":\"WORD\"}", b64);
  g_autoptr(JsonObject) o3 = NULL;
  g_autoptr(JsonObject) missing_pj = NULL;
  g_autofree char *body = soumettre_body (f, "NOPJ-1", chorus_sim_get_recipient_siret (f->sim), "DRH", NULL, 999);

  g_assert_cmpint (sim_code (o), ==, 20008);
  g_assert_cmpint (sim_code (o2), ==, 20008);
  o3 = sim_post (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\",\"pieceJointeNom\":\"note.exe\","
                 "\"pieceJointeExtension\":\"EXE\",\"pieceJointeTypeMime\":\"application/octet-stream\"}", b64);
  g_assert_cmpint (sim_code (o3), ==, 20008);
  missing_pj = sim_post (f, "factures/v1/soumettre", "%s", body);
  g_assert_cmpint (sim_code (missing_pj), ==, 20001);
}

#define SAISIE_BODY \
    "{\"modeDepot\":\"SAISIE_API\",\"dateFacture\":\"%s\",\"destinataire\":{\"codeDestinataire\":\"%s\"," \
    "\"codeServiceExecutant\":\"DRH\"},\"fournisseur\":{\"idFournisseur\":%" G_GINT64_FORMAT "}," \
    "\"cadreDeFacturation\":{\"codeCadreFacturation\":\"%s\"},\"references\":{\"deviseFacture\":\"EUR\"," \
    "\"typeFacture\":\"%s\",\"typeTva\":\"TVA_SUR_DEBIT\"%s}," \
    "\"lignePoste\":[{\"lignePosteNumero\":1,\"lignePosteDenomination\":\"Audit\",\"lignePosteQuantite\":1," \
    "\"lignePosteMontantUnitaireHT\":100,\"lignePosteTauxTva\":\"TVA5\"}]," \
    "\"montantTotal\":{\"montantHtTotal\":%s,\"montantTVA\":20,\"montantTtcTotal\":120,\"montantAPayer\":120}}"

static void
test_saisie_api_checks (SimFixture *f, gconstpointer data)
{
  struct { const char *date, *cadre, *type, *extra, *ht; gint64 code; } cases[] = {
    { "2026-11-02", "A1_FACTURE_FOURNISSEUR", "FACTURE", "", "100", 0 },
    { "2026-11-02", "A1_FACTURE_FOURNISSEUR", "FACTURE", "", "90", 20008 },            /* HT + TVA != TTC */
    { "2099-01-01", "A1_FACTURE_FOURNISSEUR", "FACTURE", "", "100", 20008 },           /* in the future */
    { "2026-11-02", "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "FACTURE", "", "100", 20011 }, /* works: other API */
    { "2026-11-02", "A99_NIMPORTE", "FACTURE", "", "100", 20008 },
    { "2026-11-02", "A1_FACTURE_FOURNISSEUR", "AVOIR", ",\"modePaiement\":\"VIREMENT\"", "100", 20008 },
    { "2026-11-02", "A1_FACTURE_FOURNISSEUR", "AVOIR", ",\"numeroFactureOrigine\":\"F-1\"", "100", 0 },
    { "2026-11-02", "A9_FACTURE_SOUSTRAITANT", "FACTURE", "", "100", 20004 },          /* no validator */
  };

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(JsonObject) o = sim_post (f, "factures/v1/soumettre", SAISIE_BODY, cases[k].date,
                                          chorus_sim_get_recipient_siret (f->sim), chorus_sim_get_supplier_id (f->sim),
                                          cases[k].cadre, cases[k].type, cases[k].extra, cases[k].ht);
      if (sim_code (o) != cases[k].code)
        g_error ("case %" G_GSIZE_FORMAT ": expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT " %s", k, cases[k].code,
                 sim_code (o), json_object_get_string_member (o, "libelle"));
      if (cases[k].code == 0)
        g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "numeroFacture"), "CPP"));
    }
}

static void
test_completer (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, FALSE, "SUSPENDUE");
  gint64 other = sim_find_invoice (f, FALSE, "MANDATEE");
  g_autoptr(JsonObject) empty = sim_post (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);
  g_autoptr(JsonObject) wrong = sim_post (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                          ",\"commentaire\":\"x\"}", other);
  g_autoptr(JsonObject) ok = NULL;
  g_autoptr(JsonObject) h = NULL;
  g_autoptr(JsonObject) pj = NULL;
  g_autofree char *b64 = g_base64_encode ((const guchar *) "Feuille d'émargement", strlen ("Feuille d'émargement"));

  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (sim_code (empty), ==, 20004);
  g_assert_cmpint (sim_code (wrong), ==, 20002);
  pj = sim_post_ok (f, "transverses/v1/ajouter/fichier", "{\"pieceJointeFichier\":\"%s\",\"pieceJointeNom\":\"emargement.txt\","
                    "\"pieceJointeExtension\":\"TXT\",\"pieceJointeTypeMime\":\"text/plain\"}", b64);
  ok = sim_post_ok (f, "factures/v1/completer", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT ",\"commentaire\":\"Feuille jointe\","
                    "\"pieceJointeComplementaire\":[{\"pieceJointeComplementaireId\":%" G_GINT64_FORMAT "}]}", id,
                    json_object_get_int_member (pj, "pieceJointeId"));
  g_assert_cmpint (json_object_get_int_member (ok, "identifiantFactureCPP"), ==, id);
  h = sim_post_ok (f, "factures/v1/consulter/historique", "{\"idFacture\":%" G_GINT64_FORMAT "}", id);
  g_assert_cmpstr (json_object_get_string_member (h, "statutCourantCode"), ==, "COMPLETEE");
}

static void
test_recycler (SimFixture *f, gconstpointer data)
{
  gint64 id = sim_find_invoice (f, FALSE, "A_RECYCLER");
  g_autoptr(JsonObject) bad = sim_post (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                        ",\"destinataire\":{\"codeDestinataire\":\"%s\"}}", id, chorus_sim_get_recipient_siret (f->sim));
  g_autoptr(JsonObject) ok = sim_post_ok (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT
                                          ",\"destinataire\":{\"codeDestinataire\":\"%s\",\"codeServiceExecutant\":\"FORMATION\"}}",
                                          id, chorus_sim_get_recipient_siret (f->sim));
  g_autoptr(JsonObject) again = sim_post (f, "factures/v1/recycler", "{\"identifiantFactureCPP\":%" G_GINT64_FORMAT "}", id);

  g_assert_cmpint (sim_code (bad), ==, 20005);
  g_assert_cmpstr (json_object_get_string_member (ok, "statutFacture"), ==, "MISE_A_DISPOSITION");
  g_assert_cmpint (sim_code (again), ==, 20002);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, SimFixture, NULL, sim_fixture_setup, fn, sim_fixture_teardown)
  ADD ("/sim/deposit/soumettre", test_soumettre);
  ADD ("/sim/deposit/obligations", test_soumettre_obligations);
  ADD ("/sim/deposit/structure-parameters", test_structure_parameters);
  ADD ("/sim/deposit/bad-pdf", test_bad_pdf);
  ADD ("/sim/deposit/saisie-api", test_saisie_api_checks);
  ADD ("/sim/deposit/completer", test_completer);
  ADD ("/sim/deposit/recycler", test_recycler);
  return g_test_run ();
}
