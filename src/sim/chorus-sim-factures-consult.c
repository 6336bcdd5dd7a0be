/* chorus-sim-factures-consult.c: factures/v1/consulter/{recipiendaire,fournisseur,valideur}, the
 * whole invoice as GO's Facture nests it (cadre, parties with addresses and bank details,
 * references, totals, paged lines, VAT summary, paged attachments), and consulter/historique.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-factures-private.h"

/* adresseDestinataireDetail … flat in destinataire{} (GO's Destinataire, COMM's "adresseDestinataire*"). */
static void
set_address (JsonObject *o, const SimStructure *s, const char *prefix)
{
  static const char *const suffixes[] = {
    "Id", "Detail", "Complement1", "Complement2", "CodePostal", "Ville", "CodePays", "LibellePays",
  };
  const char *values[] = {
    NULL, s ? s->adresse : NULL, NULL, NULL, s ? s->code_postal : NULL, s ? s->ville : NULL, s ? s->pays : NULL,
    s && g_strcmp0 (s->pays, "FR") == 0 ? "France" : s ? s->pays : NULL,
  };

  for (gsize k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *key = g_strconcat (prefix, suffixes[k], NULL);

      if (k == 0)
        sim_set_id (o, key, s ? 100000 + s->id % 900000 : 0);
      else
        sim_set_str (o, key, values[k]);
    }
}

/* The validator and works fields of cadreDeFacturation{} (GO's CadreDeFacturation). */
static void
set_cadre_parties (SimCache *c, JsonObject *o, const SimInvoice *inv)
{
  sim_set_party (o, sim_cache_structure (c, inv->valideur_id), "1", "idValideur", "codeValideur", "raisonSocialeValideur",
             "typeIdentifiantValideur");
  sim_set_str (o, "dateValidation1", inv->date_validation1);
  sim_set_party (o, sim_cache_structure (c, inv->valideur2_id), "2", "idValideur", "codeValideur", "raisonSocialeValideur",
             "typeIdentifiantValideur");
  sim_set_str (o, "dateValidation2", inv->date_validation2);
  sim_set_party (o, sim_cache_structure (c, inv->moa_id), "Moa", "id", "identifiant", "raisonSociale", "typeIdentifiant");
  sim_set_party (o, sim_cache_structure (c, inv->moe_id), "Moe", "id", "identifiant", "raisonSociale", "typeIdentifiant");
}

/* One attachment of @invoice_id in the pieceJointe shape (@line: 0 for the whole invoice). */
static JsonObject *
attachment_item (gint64 id, gint64 invoice_id, const char *name, const char *extension, gint64 line, gboolean main)
{
  JsonObject *pj = json_object_new ();

  json_object_set_int_member (pj, "pieceJointeId", id);
  json_object_set_int_member (pj, "pieceJointeIdLiaison", invoice_id);
  json_object_set_string_member (pj, "pieceJointeDesignation", name);
  json_object_set_string_member (pj, "pieceJointeExtension", extension);
  if (line == 0)
    json_object_set_null_member (pj, "pieceJointeNumeroLigneFacture");
  else
    json_object_set_int_member (pj, "pieceJointeNumeroLigneFacture", line);
  json_object_set_string_member (pj, "pieceJointeTypeCode", main ? "FACTURE" : "PJ_COMPLEMENTAIRE");
  json_object_set_string_member (pj, "pieceJointeTypeLibelle", main ? "Facture" : "Pièce jointe complémentaire");
  return pj;
}

GPtrArray *
sim_invoice_attachments (SimCtx *ctx, const SimInvoice *inv)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *name = g_strdup_printf ("%s.pdf", inv->numero);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;

  g_ptr_array_add (out, attachment_item (inv->main_pj_id ? inv->main_pj_id : inv->id, inv->id, name, "PDF", 0, TRUE));
  if (sim_generated_attachment_kind (inv) != NULL)
    {
      g_autofree char *pj_name = g_strdup_printf ("%s_%s.pdf", sim_generated_attachment_kind (inv), inv->numero);

      g_ptr_array_add (out, attachment_item (SIM_GENERATED_ATTACHMENT_BASE + inv->id, inv->id, pj_name, "PDF", 0, FALSE));
    }

  sim_bind_int (binds, inv->id);
  sim_bind_int (binds, inv->main_pj_id);
  stmt = sim_prepare (ctx, "SELECT id, nom, extension, type_code, numero_ligne FROM attachments"
                           " WHERE invoice_id = ? AND id != ? ORDER BY id", binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, attachment_item (sqlite3_column_int64 (stmt, 0), inv->id,
                                           (const char *) sqlite3_column_text (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2),
                                           sqlite3_column_int (stmt, 4), FALSE));
  sqlite3_finalize (stmt);
  return out;
}

static void
set_bank_details (SimCtx *ctx, JsonObject *o, const SimInvoice *inv)
{
  g_autoptr(SimBankAccount) bank = sim_invoice_bank_account (ctx->ds, inv);

  sim_set_id (o, "coordBancairesFournisseurId", bank->id);
  json_object_set_string_member (o, "coordBancairesFournisseurType", "IBAN");
  json_object_set_string_member (o, "coordBancairesFournisseurLibelle", bank->nom);
  json_object_set_string_member (o, "coordBancairesFournisseurCodePays", "FR");
  json_object_set_string_member (o, "coordBancairesFournisseurCompteBancaire", bank->iban);
  sim_set_str (o, "coordBancairesBicSwift", bank->bic);
}

static JsonObject *
recipient_object (SimCache *cache, const SimInvoice *inv)
{
  JsonObject *o = json_object_new ();
  SimStructure *rec = sim_cache_structure (cache, inv->recipient_id);
  SimService *svc = sim_cache_service (cache, inv->service_id);

  sim_set_str (o, "codeDestinataire", rec ? rec->identifiant : NULL);
  json_object_set_int_member (o, "idDestinataire", inv->recipient_id);
  sim_set_str (o, "libelleDestinataire", rec ? rec->designation : NULL);
  json_object_set_string_member (o, "destinataireEtat", "ACTIF");
  sim_set_str (o, "codeServiceExecutant", svc ? svc->code : NULL);
  sim_set_id (o, "idServiceExecutant", svc ? svc->id : 0);
  sim_set_str (o, "libelleServiceExecutant", svc ? svc->libelle : NULL);
  set_address (o, rec, "adresseDestinataire");
  return o;
}

static JsonObject *
supplier_object (SimCache *cache, const SimInvoice *inv)
{
  JsonObject *o = json_object_new ();
  SimStructure *sup = sim_cache_structure (cache, inv->supplier_id);
  SimService *sup_svc = sim_cache_service (cache, inv->supplier_service_id);

  json_object_set_int_member (o, "idFournisseur", inv->supplier_id);
  sim_set_str (o, "codeFournisseur", sup ? sup->identifiant : NULL);
  sim_set_str (o, "typeIdentifiantFournisseur", sup ? sup->type_identifiant : NULL);
  sim_set_str (o, "designationFournisseur", sup ? sup->designation : NULL);
  sim_set_str (o, "numeroRcsFournisseur", sup ? sup->rcs : NULL);
  sim_set_id (o, "idServiceFournisseur", sup_svc ? sup_svc->id : 0);
  sim_set_str (o, "codeServiceFournisseur", sup_svc ? sup_svc->code : NULL);
  sim_set_str (o, "libelleServiceFournisseur", sup_svc ? sup_svc->libelle : NULL);
  set_address (o, sup, "adresseFournisseur");
  set_bank_details (cache->ctx, o, inv);
  return o;
}

static JsonObject *
references_object (const SimInvoice *inv)
{
  JsonObject *o = json_object_new ();
  const char *creation_time = inv->date_etat && strlen (inv->date_etat) >= 16 ? inv->date_etat + 11 : "09:00";
  g_autofree char *creation = g_strdup_printf ("%s %.5s", inv->date_depot, creation_time);

  json_object_set_string_member (o, "typeFacture", inv->type_facture);
  sim_set_str (o, "typeFactureTravaux", inv->type_facture_travaux);
  sim_set_str (o, "typeTva", inv->type_tva);
  json_object_set_string_member (o, "codeDeviseFacture", inv->devise);
  json_object_set_string_member (o, "libelleDeviseFacture", g_strcmp0 (inv->devise, "EUR") == 0 ? "Euro" : inv->devise);
  json_object_set_string_member (o, "dateFacture", inv->date_facture);
  json_object_set_string_member (o, "dateDepot", inv->date_depot);
  json_object_set_string_member (o, "dateCreationFacture", creation);
  sim_set_str (o, "dateEcheancePaiement", inv->date_echeance);
  sim_set_str (o, "modePaiement", inv->mode_paiement);
  sim_set_str (o, "motifExonerationTva", inv->motif_exoneration ? "EXO_ART_261" : NULL);
  sim_set_str (o, "libelleMotifExonerationTva", inv->motif_exoneration);
  sim_set_str (o, "numeroMarche", inv->numero_marche);
  sim_set_str (o, "numeroBonCommande", inv->numero_bc);
  sim_set_str (o, "numeroFactureOrigine", inv->numero_origine);
  sim_set_str (o, "numeroDpMandat", inv->numero_mandat);
  json_object_set_int_member (o, "tailleTotalePiecesJointes", sim_invoice_size (inv));
  return o;
}

static JsonObject *
totals_object (const SimInvoice *inv)
{
  JsonObject *o = json_object_new ();

  sim_set_amount (o, "montantHtTotal", inv->ht);
  sim_set_amount (o, "montantTVA", inv->tva);
  sim_set_amount (o, "montantTtcTotal", inv->ttc);
  sim_set_amount (o, "montantRemiseGlobaleTTC", 0);
  json_object_set_null_member (o, "motifRemiseGlobaleTTC");
  sim_set_amount (o, "montantTtcAvantRemiseGlobalTTC", inv->ttc);
  sim_set_amount (o, "montantAPayer", inv->a_payer);
  return o;
}

static JsonObject *
line_item (gconstpointer line)
{
  const SimLine *l = line;
  JsonObject *lo = json_object_new ();
  gint64 total_ht = sim_line_total_ht (l);
  gint64 line_vat = (gint64) ((double) total_ht * l->taux_bp / 10000.0 + (total_ht >= 0 ? 0.5 : -0.5));

  json_object_set_int_member (lo, "lignePosteNumero", l->numero);
  sim_set_str (lo, "lignePosteReference", l->reference);
  sim_set_str (lo, "lignePosteDenomination", l->denomination);
  json_object_set_double_member (lo, "lignePosteQuantite", l->quantite);
  sim_set_str (lo, "lignePosteUnite", l->unite);
  sim_set_str (lo, "lignePosteUniteCode", l->unite);
  sim_set_str (lo, "lignePosteUniteLibelle", sim_unit_label (l->unite));
  sim_set_amount (lo, "lignePosteMontantUnitaireHT", l->pu_ht);
  sim_set_amount (lo, "lignePosteMontantRemiseHT", l->remise_ht);
  sim_set_str (lo, "lignePosteTauxTva", l->taux_code);
  json_object_set_double_member (lo, "lignePosteTauxTvaManuel", l->taux_bp / 100.0);
  sim_set_amount (lo, "lignePosteMontantHtApresRemise", total_ht);
  sim_set_amount (lo, "lignePosteMontantTva", line_vat);
  sim_set_amount (lo, "lignePosteMontantTtcApresRemise", total_ht + line_vat);
  return lo;
}

static JsonObject *
vat_item (const SimInvoice *inv, const SimVatLine *v)
{
  JsonObject *vo = json_object_new ();
  gsize n_rates;
  const SimVatRate *rates = sim_vat_rates (&n_rates);
  const SimVatRate *rate = sim_vat_rate_find (v->taux_code);

  sim_set_str (vo, "ligneTvaTauxRefCode", v->taux_code);
  json_object_set_int_member (vo, "ligneTvaTauxRefId", rate ? (gint64) (rate - rates) + 1 : 0);
  sim_set_str (vo, "ligneTvaTauxRefLibelle", rate ? rate->libelle : NULL);
  json_object_set_double_member (vo, "ligneTvaTauxRefValeur", v->taux_bp / 100.0);
  json_object_set_double_member (vo, "ligneTvaTauxManuel", v->taux_bp / 100.0);
  sim_set_amount (vo, "ligneTvaMontantBaseHtParTaux", v->base_ht);
  sim_set_amount (vo, "ligneTvaMontantTvaParTaux", g_strcmp0 (inv->type_tva, "EXONERATION") == 0 ? 0 : v->tva);
  return vo;
}

/* {@array_key: [the page of @items], paging keys with @suffix}; items are JsonObjects, or built by @item. */
static JsonObject *
paged_list (const char *array_key, GPtrArray *items, JsonObject *(*item) (gconstpointer), const SimPaging *paging,
            const char *suffix)
{
  JsonObject *o = json_object_new ();
  JsonArray *arr = json_array_new ();
  gsize first, end;

  sim_page_bounds (paging, items->len, &first, &end);
  for (gsize k = first; k < end; k++)
    json_array_add_object_element (arr, item ? item (g_ptr_array_index (items, k))
                                             : json_object_ref (g_ptr_array_index (items, k)));
  json_object_set_array_member (o, array_key, arr);
  sim_write_paging (o, paging, items->len, suffix);
  return o;
}

static JsonObject *
facture_detail (SimCtx *ctx, const SimInvoice *inv, SimPaging *lines_paging, SimPaging *pj_paging)
{
  SimCache cache;
  JsonObject *f = json_object_new ();
  JsonObject *o;
  g_autoptr(GPtrArray) lines = sim_invoice_lines (inv);
  g_autoptr(GPtrArray) vat = sim_vat_summary (lines);
  g_autoptr(GPtrArray) pjs = sim_invoice_attachments (ctx, inv);

  sim_cache_init (&cache, ctx);
  json_object_set_int_member (f, "identifiantFactureCPP", inv->id);
  json_object_set_string_member (f, "numeroFacture", inv->numero);
  json_object_set_string_member (f, "statutFacture", inv->statut);
  sim_set_str (f, "modeDepot", inv->mode_depot);
  sim_set_str (f, "commentaire", inv->commentaire);
  sim_set_str (f, "commentaireEtatCourant", inv->commentaire_etat);

  o = json_object_new ();
  json_object_set_string_member (o, "codeCadreFacturation", inv->cadre);
  set_cadre_parties (&cache, o, inv);
  json_object_set_object_member (f, "cadreDeFacturation", o);
  json_object_set_object_member (f, "destinataire", recipient_object (&cache, inv));
  json_object_set_object_member (f, "fournisseur", supplier_object (&cache, inv));
  json_object_set_object_member (f, "references", references_object (inv));
  json_object_set_object_member (f, "montantTotal", totals_object (inv));
  json_object_set_object_member (f, "lignesDePoste", paged_list ("lignePoste", lines, line_item, lines_paging,
                                                                 "LignesPoste"));

  o = json_object_new ();
  {
    JsonArray *arr = json_array_new ();
    SimPaging all = { 1, MAX (1, (gint64) vat->len), NULL, FALSE };

    for (guint k = 0; k < vat->len; k++)
      json_array_add_object_element (arr, vat_item (inv, g_ptr_array_index (vat, k)));
    json_object_set_array_member (o, "ligneTva", arr);
    sim_write_paging (o, &all, vat->len, "LignesRecapitulativesTVA");
  }
  json_object_set_object_member (f, "recapitulatifDeTva", o);
  json_object_set_object_member (f, "listeDesPiecesJointes", paged_list ("pieceJointe", pjs, NULL, pj_paging,
                                                                         "ListePiecesJointe"));

  o = json_object_new ();
  json_object_set_int_member (o, "idPieceJointePrincipale", inv->main_pj_id ? inv->main_pj_id : inv->id);
  json_object_set_int_member (o, "idLiaisonPieceJointePrincipale", inv->id);
  json_object_set_object_member (f, "pieceJointePrincipale", o);

  sim_cache_clear (&cache);
  return f;
}

JsonObject *
sim_factures_consulter (SimCtx *ctx, JsonObject *req, int variant)
{
  SimSide side = (SimSide) variant;
  gint64 id = sim_req_int (ctx, req, "identifiantFactureCPP", 0);
  const char *lang = sim_req_str (ctx, req, "codeLangue", "FR");
  g_autoptr(SimInvoice) inv = NULL;
  SimPaging lines_paging, pj_paging;
  JsonObject *answer;

  if (side == SIM_SIDE_VALIDATOR && !sim_has (req, "identifiantFactureCPP"))
    id = sim_req_int (ctx, req, "idFacture", 0);
  if (side == SIM_SIDE_SUPPLIER)
    {
      sim_read_sub_paging (ctx, sim_req_obj (ctx, req, "pLignesPoste"), "LignesPoste", &lines_paging);
      sim_read_sub_paging (ctx, sim_req_obj (ctx, req, "pListePiecesJointes"), "ListePieceJointe", &pj_paging);
    }
  else
    {
      sim_read_sub_paging (ctx, sim_req_obj (ctx, req, "rechercheLignePoste"), "LignesPoste", &lines_paging);
      sim_read_sub_paging (ctx, sim_req_obj (ctx, req, "recherchePj"), "ListePieceJointe", &pj_paging);
    }
  if (ctx->error)
    return NULL;
  if (g_ascii_strcasecmp (lang, "FR") != 0 && g_ascii_strcasecmp (lang, "EN") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "codeLangue « %s » inconnu", lang);
  if (id <= 0)
    return sim_fail_missing ("identifiantFactureCPP");
  inv = sim_invoice_load_visible (ctx, id, side, FALSE);
  if (inv == NULL)
    return sim_fail_invoice_unknown (id);

  answer = sim_ok ();
  json_object_set_object_member (answer, "facture", facture_detail (ctx, inv, &lines_paging, &pj_paging));
  return answer;
}

JsonObject *
sim_factures_consulter_historique (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  g_autoptr(SimInvoice) inv = NULL;
  g_autoptr(GPtrArray) history = NULL;
  JsonObject *answer, *o, *last;
  JsonArray *arr;
  SimPaging paging;
  gsize first, end;

  sim_read_sub_paging (ctx, sim_req_obj (ctx, req, "paramRechercheHistoStatuts"), "HistoStatut", &paging);
  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail_missing ("idFacture");
  /* Any side the account is on may read the history. */
  inv = sim_invoice_load_visible (ctx, id, 0, TRUE);
  if (inv == NULL)
    return sim_fail_invoice_unknown (id);

  history = sim_invoice_history (ctx->ds, inv);
  answer = sim_ok ();
  json_object_set_int_member (answer, "idFacture", inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  sim_set_str (answer, "modeDepot", inv->mode_depot);
  json_object_set_string_member (answer, "statutCourantCode", inv->statut);

  last = json_object_new ();
  json_object_set_string_member (last, "derniereActionCode", "CHANGEMENT_STATUT");
  json_object_set_int_member (last, "derniereActionId", (gint64) history->len);
  json_object_set_object_member (answer, "derniereAction", last);

  o = json_object_new ();
  arr = json_array_new ();
  /* Most recent first, as the portal lists them. */
  sim_page_bounds (&paging, history->len, &first, &end);
  for (gsize k = first; k < end; k++)
    {
      SimHistoryEntry *e = g_ptr_array_index (history, history->len - 1 - k);
      JsonObject *h = json_object_new ();

      json_object_set_int_member (h, "histoStatutId", inv->id * 100 + (gint64) (history->len - k));
      json_object_set_string_member (h, "histoStatutCode", e->statut);
      json_object_set_string_member (h, "histoStatutDatePassage", e->date);
      sim_set_str (h, "histoStatutCommentaire", e->commentaire);
      json_object_set_string_member (h, "histoStatutUtilisateurNom", "TECHNIQUE");
      json_object_set_string_member (h, "histoStatutUtilisateurPrenom", "Compte");
      json_array_add_object_element (arr, h);
    }
  json_object_set_array_member (o, "histoStatut", arr);
  sim_write_paging (o, &paging, history->len, "HistoStatut");
  json_object_set_object_member (answer, "historiquesDesStatuts", o);

  o = json_object_new ();
  json_object_set_array_member (o, "histoAction", json_array_new ());
  json_object_set_object_member (answer, "historiquesDesActionsUtilisateurs", o);
  o = json_object_new ();
  json_object_set_array_member (o, "evenement", json_array_new ());
  json_object_set_object_member (answer, "historiquesDesEvenementsComplementaires", o);
  return answer;
}
