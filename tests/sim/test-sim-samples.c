/* test-sim-samples.c: the simulator answers with the keys and nesting of the real answers in
 * ../shared/samples/chorus-api (CHORUS_API_SAMPLES_DIR): for each operation with a response
 * sample, every key of the sample (recursively, objects and list items) is in the simulator's
 * answer, and the answer has no key beyond them but those the reference lists. One row per
 * sample in the table below. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-test.h"

typedef char *(*SampleBody) (SimFixture *f);

typedef struct {
  const char        *sample;       /* file name in the samples folder */
  const char        *operation;    /* after /cpro/; NULL: the PISTE token endpoint */
  SampleBody         body;         /* the request; NULL: {} */
  const char *const *extras;       /* keys the reference lists beyond the sample: "a.b", "liste[].c" */
} SampleCase;

/* ---- requests -------------------------------------------------------------------------------- */

static char *
received_invoice (SimFixture *f)
{
  return g_strdup_printf ("{\"idFacture\":%" G_GINT64_FORMAT "}", sim_find_invoice (f, TRUE, "MISE_EN_PAIEMENT"));
}

static char *
received_search (SimFixture *f)
{
  return g_strdup ("{\"typeDemandePaiement\":\"FACTURE\",\"paramRecherche\":{\"nbResultatsParPage\":30}}");
}

static char *
received_works_search (SimFixture *f)
{
  return g_strdup ("{\"typeDemandePaiement\":\"FACTURE_TRAVAUX\",\"paramRecherche\":{\"nbResultatsParPage\":30}}");
}

static char *
hospital_services (SimFixture *f)
{
  return g_strdup_printf ("{\"idStructure\":%" G_GINT64_FORMAT "}", chorus_sim_get_recipient_id (f->sim));
}

static char *
hospital_service (SimFixture *f)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "structures/v1/rechercher/services", "{\"idStructure\":%" G_GINT64_FORMAT "}",
                                         chorus_sim_get_recipient_id (f->sim));
  JsonObject *first = json_array_get_object_element (json_object_get_array_member (o, "listeServices"), 0);

  return g_strdup_printf ("{\"idStructure\":%" G_GINT64_FORMAT ",\"idService\":%" G_GINT64_FORMAT ",\"codeLangue\":\"FR\"}",
                          chorus_sim_get_recipient_id (f->sim), json_object_get_int_member (first, "idService"));
}

static char *
hospital_structure (SimFixture *f)
{
  return g_strdup_printf ("{\"structure\":{\"identifiantStructure\":\"%s\",\"typeIdentifiantStructure\":\"SIRET\"}}",
                          chorus_sim_get_recipient_siret (f->sim));
}

static char *
language (SimFixture *f)
{
  return g_strdup ("{\"codeLangue\":\"FR\"}");
}

static char *
service_fait (SimFixture *f)
{
  return g_strdup_printf ("{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SERVICE_FAIT\"}",
                          sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION"));
}

static char *
incoherent_change (SimFixture *f)
{
  return g_strdup_printf ("{\"idFacture\":%" G_GINT64_FORMAT ",\"nouveauStatut\":\"SERVICE_FAIT\"}",
                          sim_find_invoice (f, TRUE, "REJETEE"));
}

static char *
download (SimFixture *f)
{
  return g_strdup_printf ("{\"listeFacture\":[{\"idFacture\":%" G_GINT64_FORMAT "}],\"format\":\"PDF\"}",
                          sim_find_invoice (f, TRUE, "MISE_A_DISPOSITION"));
}

/* A flow is deposited first (one the platform rejects: the report has its error list too). */
static char *
flow_report (SimFixture *f)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "<pas-une-facture/>", 18);
  g_autoptr(JsonObject) o = sim_post_ok (f, "factures/v1/deposer/flux", "{\"fichierFlux\":\"%s\",\"nomFichier\":\"lot.xml\","
                                         "\"syntaxeFlux\":\"IN_DP_E1_CII_16B\",\"avecSignature\":false}", b64);

  return g_strdup_printf ("{\"numeroFluxDepot\":\"%s\"}", json_object_get_string_member (o, "numeroFluxDepot"));
}

/* facturesTravaux: the MOE's pieces; the first one waiting for it, to suspend; an état d'acompte
 * made from a supplier's piece and waiting for the MOA, whose previous piece it sends back. */
static char *
works_search (SimFixture *f)
{
  return g_strdup ("{\"roleUtilisateur\":\"MOE\",\"rechercheFactureTravaux\":{\"pageResultatDemandee\":1,"
                   "\"nbResultatsParPage\":20}}");
}

static gint64
works_piece (SimFixture *f, const char *role, const char *status, const char *type, gboolean with_previous)
{
  g_autoptr(JsonObject) o = sim_post_ok (f, "facturesTravaux/v1/rechercher", "{\"roleUtilisateur\":\"%s\","
                                         "\"listeStatutCourant\":[\"%s\"],\"listeTypeFactureTravaux\":[\"%s\"],"
                                         "\"rechercheFactureTravaux\":{\"nbResultatsParPage\":100}}", role, status, type);
  JsonArray *items = json_object_get_array_member (o, "listeFacturesTravaux");

  for (guint k = 0; k < json_array_get_length (items); k++)
    {
      JsonObject *item = json_array_get_object_element (items, k);

      gint64 id = json_object_get_int_member (item, "idFactureTravaux");
      g_autoptr(JsonObject) full = NULL;

      if (!with_previous)
        return id;
      /* The links are consulter's, not the list's. */
      full = sim_post_ok (f, "facturesTravaux/v1/consulter", "{\"idFactureTravaux\":%" G_GINT64_FORMAT "}", id);
      if (json_object_get_int_member_with_default (json_object_get_object_member (json_object_get_object_member (full, "factureTravaux"),
                                                                     "piecePrecedente"), "idPiecePrecedente", 0) > 0)
        return id;
    }
  g_error ("no %s piece %s for the %s in the dataset", type, status, role);
}

static char *
works_suspend (SimFixture *f)
{
  return g_strdup_printf ("{\"idFactureTravaux\":%" G_GINT64_FORMAT ",\"commentaire\":\"Il manque la situation de "
                          "travaux\"}", works_piece (f, "MOE", "MISE_A_DISPOSITION_MOE", "PROJET_DECOMPTE_MENSUEL", FALSE));
}

static char *
works_ask_recycle (SimFixture *f)
{
  return g_strdup_printf ("{\"idFactureTravaux\":%" G_GINT64_FORMAT "}",
                          works_piece (f, "MOA", "MISE_A_DISPOSITION_MOA", "ETAT_ACOMPTE", TRUE));
}

/* ---- what the reference lists beyond each sample --------------------------------------------- */

static const char *const envelope[] = { "codeRetour", "libelle", NULL };

/* §2.1 rechercher/recipiendaire, item fields; the works ones when the invoice is one. */
static const char *const received_extras[] = {
  "listeFactures[].commentaireEtatCourant", "listeFactures[].taille", "listeFactures[].dateHeureEtatCourant",
  "listeFactures[].codeMOA", "listeFactures[].designationMOA", "listeFactures[].typeIdentifiantMOA",
  "listeFactures[].codeMOE", "listeFactures[].designationMOE", "listeFactures[].typeIdentifiantMOE",
  "listeFactures[].idServiceExecutant", "listeFactures[].codeServiceExecutant", "listeFactures[].nomServiceExecutant",
  "listeFactures[].codeServiceFournisseur", "listeFactures[].nomServiceFournisseur", "listeFactures[].numeroMarche",
  "listeFactures[].numeroBonCommande", "listeFactures[].typeFactureTravaux",
  /* sample 2 is Pastell's wrapper of the list alone: the envelope and paging are the API's */
  "codeRetour", "libelle", "pageCourante", "pages", "nbResultatsParPage", "total", NULL,
};

/* §0.2 item 2: the keys of the real item (sample 2, PASTELL-FIX) and COMM's service codes; §2.1's
 * works keys of the recipient search (state comment, contract, engagement, MOE and MOA); the paging. */
static const char *const works_search_extras[] = {
  "listeFacturesTravaux[].numeroFactureTravaux", "listeFacturesTravaux[].statutFactureTravaux",
  "listeFacturesTravaux[].typeFactureTravaux", "listeFacturesTravaux[].typeDemandePaiement",
  "listeFacturesTravaux[].identifiantFournisseur", "listeFacturesTravaux[].designationFournisseur",
  "listeFacturesTravaux[].typeIdentifiantFournisseur", "listeFacturesTravaux[].identifiantDestinataire",
  "listeFacturesTravaux[].idDestinataire", "listeFacturesTravaux[].designationDestinataire",
  "listeFacturesTravaux[].dateDepot", "listeFacturesTravaux[].dateFactureTravaux",
  "listeFacturesTravaux[].dateHeureEtatCourant", "listeFacturesTravaux[].devise", "listeFacturesTravaux[].montantHT",
  "listeFacturesTravaux[].montantTTC", "listeFacturesTravaux[].montantAPayer",
  "listeFacturesTravaux[].factureTelechargeeParDestinataire",
  "listeFacturesTravaux[].codeServiceExecutant", "listeFacturesTravaux[].codeServiceFournisseur",
  "listeFacturesTravaux[].codeServiceMoa", "listeFacturesTravaux[].codeServiceMoe",
  "listeFacturesTravaux[].commentaireEtatCourant", "listeFacturesTravaux[].numeroMarche",
  "listeFacturesTravaux[].numeroBonCommande", "listeFacturesTravaux[].codeMOA", "listeFacturesTravaux[].designationMOA",
  "listeFacturesTravaux[].typeIdentifiantMOA", "listeFacturesTravaux[].codeMOE", "listeFacturesTravaux[].designationMOE",
  "listeFacturesTravaux[].typeIdentifiantMOE",
  "parametresRetour.nbResultatsParPage", "parametresRetour.total", NULL,
};

/* §2.1 consulter/historique. */
static const char *const history_extras[] = {
  "codeRetour", "libelle", "idFacture", "numeroFacture", "modeDepot", "derniereAction",
  "historiquesDesActionsUtilisateurs", "historiquesDesEvenementsComplementaires",
  "historiquesDesStatuts.pageCouranteHistoStatut", "historiquesDesStatuts.pagesHistoStatut",
  "historiquesDesStatuts.nbResultatsParPageHistoStatut", "historiquesDesStatuts.totalHistoStatut",
  "historiquesDesStatuts.histoStatut[].histoStatutUtilisateurEmail",
  "historiquesDesStatuts.histoStatut[].histoStatutUtilisateurTelephone", NULL,
};

/* §2.3 consulter/service. */
static const char *const service_extras[] = {
  "parametres.dateFinValidite", "parametres.dateModification", "parametres.miseEnPaiement", NULL,
};

/* §2.3 rechercher/services. */
static const char *const services_extras[] = {
  "listeServices[].statutService", "listeServices[].dateFinService", NULL,
};

/* §2.3 rechercher. */
static const char *const structures_extras[] = {
  "listeStructures[].typeIdentifiantStructure", "parametresRetour", NULL,
};

/* §2.4 consulterCRDetaille. */
static const char *const flow_extras[] = { "listeErreurDP", "listeErreurTechnique", NULL };

static const SampleCase cases[] = {
  { "oauthToken-response-1.json", NULL, NULL, NULL },
  { "oauthToken-response-3.json", NULL, NULL, NULL },
  { "consulterCRDetaille-response-1.json", "transverses/v1/consulterCRDetaille", flow_report, flow_extras },
  { "consulterHistoriqueFacture-response-1.json", "factures/v1/consulter/historique", received_invoice, history_extras },
  { "consulterServiceStructure-response-1.json", "structures/v1/consulter/service", hospital_service, service_extras },
  { "rechercherFactureParRecipiendaire-response-1.json", "factures/v1/rechercher/recipiendaire", received_search,
    received_extras },
  { "rechercherFactureParRecipiendaire-response-1.json", "factures/v1/rechercher/recipiendaire", received_works_search,
    received_extras },
  { "rechercherFactureParRecipiendaire-response-2.json", "factures/v1/rechercher/recipiendaire", received_search,
    received_extras },
  { "rechercherServicesStructure-response-1.json", "structures/v1/rechercher/services", hospital_services, services_extras },
  { "rechercherServicesStructure-response-2.json", "structures/v1/rechercher/services", hospital_services, services_extras },
  { "rechercherStructure-response-1.json", "structures/v1/rechercher", hospital_structure, structures_extras },
  { "recupererTauxTva-response-1.json", "transverses/v1/recuperer/tauxtva", language, NULL },
  { "telechargerGroupeFacture-response-1.json", "factures/v1/telecharger/groupe", download, NULL },
  { "traiterFactureRecue-response-1.json", "factures/v1/traiter/recue", service_fait, NULL },
  /* A refusal is {codeRetour, libelle} and nothing else. */
  { "traiterFactureRecue-response-2.json", "factures/v1/traiter/recue", incoherent_change, NULL },
  /* facturesTravaux (§0.2, §2.2). */
  { "rechercherFactureTravaux-response-1.json", "facturesTravaux/v1/rechercher", works_search, works_search_extras },
  { "suspendreOuDemanderCompleterFactureTravaux-response-1.json",
    "facturesTravaux/v1/suspendre/demander/completer/factureTravaux", works_suspend, NULL },
  { "demanderRecyclagePiecePrecedente-response-1.json", "facturesTravaux/v1/demander/recyclage", works_ask_recycle, NULL },
};

/* Sample 2 of rechercherFactureTravaux is Pastell's wrapper of the list (listeFactures): its items are
 * compared in test-sim-travaux; sample 1 has the API's own envelope and is compared here. */
static const char *const works_samples[] = {
  "rechercherFactureTravaux-response-2.json",
};

/* ---- comparison ------------------------------------------------------------------------------ */

static gboolean
listed (const char *const *extras, const char *path)
{
  for (; extras != NULL && *extras != NULL; extras++)
    if (g_str_equal (*extras, path))
      return TRUE;
  for (const char *const *e = envelope; *e != NULL; e++)
    if (g_str_equal (*e, path))
      return TRUE;
  return FALSE;
}

static char *
child_path (const char *path, const char *key)
{
  return *path ? g_strdup_printf ("%s.%s", path, key) : g_strdup (key);
}

/* The members of every object item of @array in one object (the first value of each key). */
static JsonObject *
union_of_items (JsonArray *array)
{
  JsonObject *all = json_object_new ();

  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      JsonNode *item = json_array_get_element (array, k);
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      members = json_object_get_members (json_node_get_object (item));
      for (GList *m = members; m != NULL; m = m->next)
        if (!json_object_has_member (all, m->data) ||
            JSON_NODE_HOLDS_NULL (json_object_get_member (all, m->data)))
          json_object_set_member (all, m->data, json_node_copy (json_object_get_member (json_node_get_object (item), m->data)));
    }
  return all;
}

static void compare_node (const char *path, JsonNode *sample, JsonNode *answer, const char *const *extras, GString *problems);

static void
compare_object (const char *path, JsonObject *sample, JsonObject *answer, const char *const *extras, GString *problems)
{
  g_autoptr(GList) wanted = json_object_get_members (sample);
  g_autoptr(GList) given = json_object_get_members (answer);

  for (GList *m = wanted; m != NULL; m = m->next)
    {
      g_autofree char *where = child_path (path, m->data);

      if (!json_object_has_member (answer, m->data))
        g_string_append_printf (problems, "  missing key %s\n", where);
      else
        compare_node (where, json_object_get_member (sample, m->data), json_object_get_member (answer, m->data), extras,
                      problems);
    }
  for (GList *m = given; m != NULL; m = m->next)
    {
      g_autofree char *where = child_path (path, m->data);

      if (!json_object_has_member (sample, m->data) && !listed (extras, where))
        g_string_append_printf (problems, "  key %s is in no sample and not listed by the reference\n", where);
    }
}

static void
compare_node (const char *path, JsonNode *sample, JsonNode *answer, const char *const *extras, GString *problems)
{
  if (JSON_NODE_HOLDS_OBJECT (sample))
    {
      if (!JSON_NODE_HOLDS_OBJECT (answer))
        g_string_append_printf (problems, "  %s should be an object\n", path);
      else
        compare_object (path, json_node_get_object (sample), json_node_get_object (answer), extras, problems);
    }
  else if (JSON_NODE_HOLDS_ARRAY (sample))
    {
      g_autoptr(JsonObject) wanted = union_of_items (json_node_get_array (sample));
      g_autofree char *items = g_strconcat (path, "[]", NULL);
      JsonArray *given;

      if (!JSON_NODE_HOLDS_ARRAY (answer))
        {
          g_string_append_printf (problems, "  %s should be a list\n", path);
          return;
        }
      given = json_node_get_array (answer);
      if (json_object_get_size (wanted) > 0 && json_array_get_length (given) == 0)
        g_string_append_printf (problems, "  %s is empty: no item to compare\n", path);
      for (guint k = 0; k < json_array_get_length (given); k++)
        {
          JsonNode *item = json_array_get_element (given, k);

          if (!JSON_NODE_HOLDS_OBJECT (item))
            g_string_append_printf (problems, "  %s item %u should be an object\n", path, k);
          else if (json_object_get_size (wanted) > 0)
            compare_object (items, wanted, json_node_get_object (item), extras, problems);
        }
    }
  else if (!JSON_NODE_HOLDS_NULL (sample) && (JSON_NODE_HOLDS_OBJECT (answer) || JSON_NODE_HOLDS_ARRAY (answer)))
    g_string_append_printf (problems, "  %s should be a plain value\n", path);
}

/* ---- the test -------------------------------------------------------------------------------- */

static const char *
samples_dir (void)
{
  const char *dir = g_getenv ("CHORUS_API_SAMPLES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("CHORUS_API_SAMPLES_DIR (%s) is not a folder: the Chorus Pro API samples are required", dir ? dir : "unset");
  return dir;
}

static JsonNode *
read_sample (const char *name)
{
  g_autofree char *path = g_build_filename (samples_dir (), name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("sample %s: %s", name, error->message);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
call_simulator (SimFixture *f, const SampleCase *c)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status;

  if (c->operation == NULL)
    {
      g_autofree char *url = g_strconcat (chorus_sim_get_base_url (f->sim), "/api/oauth/token", NULL);

      status = sim_send (f, "POST", url, "application/x-www-form-urlencoded",
                         "grant_type=client_credentials&client_id=" CHORUS_SIM_CLIENT_ID "&client_secret="
                         CHORUS_SIM_CLIENT_SECRET "&scope=openid", NULL, &out, NULL);
    }
  else
    {
      g_autofree char *body = c->body ? c->body (f) : g_strdup ("{}");
      status = sim_call (f, c->operation, body, &out);
    }
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (out, NULL), (gssize) g_bytes_get_size (out), NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_answers_match_samples (SimFixture *f, gconstpointer data)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(JsonNode) sample = read_sample (cases[k].sample);
      g_autoptr(JsonNode) answer = call_simulator (f, &cases[k]);
      g_autoptr(GString) found = g_string_new (NULL);

      compare_node ("", sample, answer, cases[k].extras, found);
      if (found->len > 0)
        g_string_append_printf (problems, "%s (%s):\n%s", cases[k].sample,
                                cases[k].operation ? cases[k].operation : "api/oauth/token", found->str);
    }
  if (problems->len > 0)
    g_error ("the simulator's answers differ from the samples:\n%s", problems->str);
}

/* Every response sample of the folder has its row (or is a works one, added with the works side). */
static void
test_every_sample_covered (void)
{
  g_autoptr(GDir) dir = g_dir_open (samples_dir (), 0, NULL);
  const char *name;
  guint responses = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean covered = FALSE;

      if (strstr (name, "-response-") == NULL || !g_str_has_suffix (name, ".json"))
        continue;
      responses++;
      for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
        covered |= g_str_equal (cases[k].sample, name);
      for (gsize k = 0; k < G_N_ELEMENTS (works_samples); k++)
        covered |= g_str_has_prefix (name, works_samples[k]);
      /* The token answer with no usable token is a client's refusal case, not an answer shape. */
      covered |= g_str_equal (name, "oauthToken-response-2.json");
      if (!covered)
        g_error ("the response sample %s has no row in test-sim-samples", name);
    }
  g_assert_cmpuint (responses, >=, G_N_ELEMENTS (cases));
}

/* The comparison itself catches a missing key, a wrong nesting and an unlisted key. */
static void
test_comparison_catches (void)
{
  static const char *const sample = "{\"a\":1,\"liste\":[{\"x\":1},{\"y\":null}],\"o\":{\"p\":1}}";
  static const struct { const char *answer; gboolean ok; } answers[] = {
    { "{\"a\":2,\"liste\":[{\"x\":\"1\",\"y\":3}],\"o\":{\"p\":null},\"codeRetour\":0}", TRUE },
    { "{\"a\":2,\"liste\":[{\"x\":1}],\"o\":{\"p\":1}}", FALSE },            /* y missing in an item */
    { "{\"a\":2,\"liste\":{\"x\":1,\"y\":1},\"o\":{\"p\":1}}", FALSE },      /* an object, not a list */
    { "{\"a\":2,\"liste\":[{\"x\":1,\"y\":1}],\"o\":{\"p\":1,\"q\":1}}", FALSE }, /* o.q listed nowhere */
    { "{\"a\":2,\"liste\":[],\"o\":{\"p\":1}}", FALSE },                     /* nothing to compare */
  };
  g_autoptr(JsonParser) sp = json_parser_new ();

  g_assert_true (json_parser_load_from_data (sp, sample, -1, NULL));
  for (gsize k = 0; k < G_N_ELEMENTS (answers); k++)
    {
      g_autoptr(JsonParser) ap = json_parser_new ();
      g_autoptr(GString) problems = g_string_new (NULL);

      g_assert_true (json_parser_load_from_data (ap, answers[k].answer, -1, NULL));
      compare_node ("", json_parser_get_root (sp), json_parser_get_root (ap), NULL, problems);
      g_assert_cmpint (problems->len == 0, ==, answers[k].ok);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/samples/comparison-catches", test_comparison_catches);
  g_test_add_func ("/sim/samples/every-sample-covered", test_every_sample_covered);
  g_test_add ("/sim/samples/answers-match", SimFixture, NULL, sim_fixture_setup, test_answers_match_samples,
              sim_fixture_teardown);
  return g_test_run ();
}
