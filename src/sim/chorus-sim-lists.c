/* chorus-sim-lists.c: the reference lists of transverses/v1/recuperer/…: the statuses a recipient
 * may set, VAT rates, currencies, countries, exemption reasons, the deposit rules' vocabularies,
 * cadres, statuses by type, attachment types and validators' refusal reasons.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-handlers.h"

/* The statuses a recipient may set from @statutCourant: the same table traiter/recue enforces. */
JsonObject *
sim_transverses_etats_traitement (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *current = sim_req_str (ctx, req, "statutCourant", NULL);
  const char *const *targets;
  gsize n;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (current == NULL)
    return sim_fail_missing ("statutCourant");
  if (sim_status_find (current) == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Statut « %s » inconnu", current);
  targets = sim_recipient_targets (current, &n);
  if (n == 0)
    {
      answer = sim_fail_no_result ();
      json_object_set_array_member (answer, "listeStatutsPossiblesPourTraitement", json_array_new ());
      return answer;
    }
  return sim_string_list_answer ("listeStatutsPossiblesPourTraitement", "statutPossiblePourTraitement", targets, n);
}

JsonObject *
sim_transverses_tauxtva (SimCtx *ctx, JsonObject *req, int variant)
{
  JsonObject *fail = NULL;
  JsonArray *items = json_array_new ();
  const SimVatRate *rates;
  gsize n;
  JsonObject *answer;

  if (!sim_read_langue (ctx, req, &fail))
    {
      json_array_unref (items);
      return fail;
    }
  rates = sim_vat_rates (&n);
  for (gsize k = 0; k < n; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "codeTauxTva", rates[k].code);
      json_object_set_string_member (o, "libelleTauxTva", rates[k].libelle);
      json_object_set_double_member (o, "valeurTauxTva", rates[k].bp / 100.0);
      json_array_add_object_element (items, o);
    }
  answer = sim_ok ();
  json_object_set_array_member (answer, "listeTauxTva", items);
  return answer;
}

/* FACTURE: the cadres an invoice is deposited under; FACTURE_TRAVAUX: those of works pieces. */
JsonObject *
sim_transverses_cadrefacturation (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *type = sim_req_str (ctx, req, "typeDemandePaiement", "FACTURE");
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  const SimCadre *cadres;
  gsize n;

  if (ctx->error)
    return NULL;
  if (!sim_vocabulary_has (SIM_VOCAB_TYPE_DEMANDE_PAIEMENT, type))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeDemandePaiement « %s » inconnu", type);
  cadres = sim_cadres (&n);
  for (gsize k = 0; k < n; k++)
    if ((cadres[k].use == SIM_CADRE_WORKS) == (g_strcmp0 (type, "FACTURE_TRAVAUX") == 0) &&
        cadres[k].use != SIM_CADRE_OTHER_SPACE)
      g_ptr_array_add (codes, (gpointer) cadres[k].code);
  return sim_string_list_answer ("listeCadreFacturation", "codeCadreFacturation", (const char *const *) codes->pdata,
                             codes->len);
}

JsonObject *
sim_transverses_etat_typedp (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *type = sim_req_str (ctx, req, "typeDemandePaiement", "FACTURE");
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  SimStatusFlags wanted = g_strcmp0 (type, "FACTURE_TRAVAUX") == 0 ? SIM_STATUS_WORKS : SIM_STATUS_INVOICE;
  const SimStatusInfo *all;
  gsize n;

  if (ctx->error)
    return NULL;
  if (!sim_vocabulary_has (SIM_VOCAB_TYPE_DEMANDE_PAIEMENT, type))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeDemandePaiement « %s » inconnu", type);
  all = sim_statuses (&n);
  for (gsize k = 0; k < n; k++)
    if (all[k].flags & wanted)
      g_ptr_array_add (states, (gpointer) all[k].code);
  return sim_string_list_answer ("listeEtatDemandePaiement", "etatDemandePaiement", (const char *const *) states->pdata,
                             states->len);
}

/* The reasons a validator may give for refusing (recuperer/motifs/refus/Facture/AValider),
 * for the cadres that go through validators. */
JsonObject *
sim_transverses_motifs_refus (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *cadre = sim_req_str (ctx, req, "codeCadreFacturationAValider", NULL);
  const SimCadre *rule;
  const SimRefusalMotif *motifs;
  JsonObject *answer;
  JsonArray *items;
  gsize n;

  if (ctx->error)
    return NULL;
  if (sim_blank (cadre))
    return sim_fail_missing ("codeCadreFacturationAValider");
  rule = sim_cadre_find (cadre);
  if (rule == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Cadre de facturation « %s » inconnu", cadre);
  if (rule->use != SIM_CADRE_VALIDATED)
    return sim_fail_no_result ();
  answer = sim_ok ();
  items = json_array_new ();
  motifs = sim_refusal_motifs (&n);
  for (gsize k = 0; k < n; k++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "idMotif", motifs[k].id);
      json_object_set_string_member (o, "codeMotif", motifs[k].code);
      json_object_set_string_member (o, "libelleMotif", motifs[k].libelle);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (answer, "listeMotifRefusFactureAValider", items);
  return answer;
}

JsonObject *
sim_transverses_typespj (SimCtx *ctx, JsonObject *req, int variant)
{
  static const char *const list[][2] = {
    { "FACTURE", "Facture" }, { "PJ_COMPLEMENTAIRE", "Pièce jointe complémentaire" },
    { "BON_DE_COMMANDE", "Bon de commande" }, { "BON_DE_LIVRAISON", "Bon de livraison" },
    { "FEUILLE_EMARGEMENT", "Feuille d'émargement" }, { "AUTRE", "Autre" },
  };
  JsonObject *fail = NULL;
  JsonObject *answer;
  JsonArray *items;
  const char *objet = sim_req_str (ctx, req, "typeObjet", "FACTURE");

  if (!sim_read_langue (ctx, req, &fail))
    return fail;
  items = json_array_new ();
  for (gsize k = 0; k < G_N_ELEMENTS (list); k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_int_member (o, "idTypePieceJointe", (gint64) k + 1);
      json_object_set_string_member (o, "codeTypePieceJointe", list[k][0]);
      json_object_set_string_member (o, "libelleTypePieceJointe", list[k][1]);
      json_object_set_string_member (o, "typeObjet", objet);
      json_array_add_object_element (items, o);
    }
  answer = sim_ok ();
  json_object_set_array_member (answer, "listeTypePieceJointe", items);
  return answer;
}

/* The vocabularies of the deposit rules, each under its list's keys. */
JsonObject *
sim_transverses_vocabulary (SimCtx *ctx, JsonObject *req, int variant)
{
  static const struct {
    const char *list_key;
    const char *item_key;
  } keys[SIM_VOCAB_LAST] = {
    [SIM_VOCAB_MODE_PAIEMENT] = { "listeModePaiement", "modePaiement" },
    [SIM_VOCAB_MODE_DEPOT] = { "listeModeDepot", "modeDepot" },
    [SIM_VOCAB_TYPE_DEMANDE_PAIEMENT] = { "listeTypeDemandePaiement", "typeDemandePaiement" },
    [SIM_VOCAB_TYPE_IDENTIFIANT] = { "listeTypeIdentifiant", "typeIdentifiantStructure" },
    [SIM_VOCAB_SYNTAXE_FLUX] = { "listeFormatFlux", "formatFlux" },
    [SIM_VOCAB_TYPE_FACTURE_TRAVAUX] = { "listeTypeFactureTravaux", "typeFactureTravaux" },
  };
  SimVocabulary which = (SimVocabulary) variant;
  gsize n;
  const char *const *values = sim_vocabulary (which, &n);

  g_return_val_if_fail (keys[which].list_key != NULL, NULL);
  return sim_string_list_answer (keys[which].list_key, keys[which].item_key, values, n);
}

static const char *const devises[][2] = {
  { "EUR", "Euro" }, { "USD", "Dollar des États-Unis" }, { "GBP", "Livre sterling" }, { "CHF", "Franc suisse" },
  { "XPF", "Franc CFP" },
};

static const char *const pays[][2] = {
  { "FR", "France" }, { "BE", "Belgique" }, { "DE", "Allemagne" }, { "ES", "Espagne" }, { "IT", "Italie" },
  { "LU", "Luxembourg" }, { "CH", "Suisse" }, { "GB", "Royaume-Uni" }, { "NC", "Nouvelle-Calédonie" },
  { "PF", "Polynésie française" },
};

static const char *const motifs_exoneration[][2] = {
  { "EXO_ART_261", "Exonération de TVA, article 261 du CGI" },
  { "EXO_ART_262", "Exonération de TVA, article 262 du CGI (exportations)" },
  { "EXO_ART_293B", "TVA non applicable, article 293 B du CGI (franchise en base)" },
  { "AUTOLIQUIDATION", "Autoliquidation : TVA due par le preneur (article 283-2 du CGI)" },
};

/* Fixed lists of codes and labels: currencies, countries, VAT exemption reasons. */
JsonObject *
sim_transverses_code_list (SimCtx *ctx, JsonObject *req, int variant)
{
  static const struct {
    const char          *list_key, *code_key, *label_key;
    const char *const  (*pairs)[2];
    gsize                n;
  } lists[] = {
    [SIM_CODE_LIST_DEVISES] = { "listeDevises", "codeDevise", "libelleDevise", devises, G_N_ELEMENTS (devises) },
    [SIM_CODE_LIST_PAYS] = { "listePays", "codePays", "libellePays", pays, G_N_ELEMENTS (pays) },
    [SIM_CODE_LIST_MOTIFS_EXONERATION] = { "listeMotifsExonerationTva", "codeMotifExonerationTva",
                                           "libelleMotifExonerationTva", motifs_exoneration,
                                           G_N_ELEMENTS (motifs_exoneration) },
  };
  JsonObject *fail = NULL;

  g_return_val_if_fail ((gsize) variant < G_N_ELEMENTS (lists), NULL);
  if (!sim_read_langue (ctx, req, &fail))
    return fail;
  return sim_code_label_list_answer (lists[variant].list_key, lists[variant].code_key, lists[variant].label_key,
                                     lists[variant].pairs, lists[variant].n);
}
