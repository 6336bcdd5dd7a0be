/* chorus-sim-factures-deposit.c: deposits of single invoices: factures/v1/soumettre (keyed in, or
 * with an uploaded PDF) checked against the deposit rules of chorus-sim-rules.c, deposer/pdf
 * (the upload, with what the platform reads from it), and storing a deposited invoice with its
 * first statuses. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chorus-sim-factures-private.h"

static void
add_history_now (SimCtx *ctx, gint64 invoice_id, const char *statut, const char *when)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();

  sim_bind_int (binds, invoice_id);
  sim_bind_text (binds, statut);
  sim_bind_text (binds, when);
  sim_exec (ctx, "INSERT INTO history (invoice_id, statut, date, commentaire) VALUES (?, ?, ?, NULL)", binds);
}

/* Reads lignePoste[] into SimLines; NULL (with an answer in @fail) when a line is wrong. */
static GPtrArray *
read_lines (SimCtx *ctx, JsonArray *arr, JsonObject **fail)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);

  for (guint k = 0; arr && k < json_array_get_length (arr); k++)
    {
      JsonNode *e = json_array_get_element (arr, k);
      JsonObject *o;
      SimLine *l;
      const char *taux;
      const SimVatRate *rate;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          sim_bad_request (ctx, "lignePoste doit contenir des objets");
          break;
        }
      o = json_node_get_object (e);
      l = g_new0 (SimLine, 1);
      g_ptr_array_add (lines, l);
      l->numero = (int) sim_req_int (ctx, o, "lignePosteNumero", k + 1);
      l->reference = g_strdup (sim_req_str (ctx, o, "lignePosteReference", NULL));
      l->denomination = g_strdup (sim_req_str (ctx, o, "lignePosteDenomination", NULL));
      l->quantite = sim_req_double (ctx, o, "lignePosteQuantite", 1);
      l->unite = g_strdup (sim_req_str (ctx, o, "lignePosteUnite", "UNITE"));
      l->pu_ht = sim_req_amount (ctx, o, "lignePosteMontantUnitaireHT", 0, NULL);
      l->remise_ht = sim_req_amount (ctx, o, "lignePosteMontantRemiseHT", 0, NULL);
      taux = sim_req_str (ctx, o, "lignePosteTauxTva", NULL);
      if (ctx->error)
        break;
      rate = sim_vat_rate_find (taux);
      if (taux != NULL && rate == NULL)
        {
          *fail = sim_fail (SIM_CODE_INVALID_VALUE, "Ligne %d : taux de TVA « %s » inconnu", l->numero, taux);
          break;
        }
      if (rate != NULL)
        {
          l->taux_code = g_strdup (rate->code);
          l->taux_bp = rate->bp;
        }
      else
        {
          double manual = sim_req_double (ctx, o, "lignePosteTauxTvaManuel", -1);
          if (manual < 0 || manual > 100)
            {
              *fail = sim_fail (SIM_CODE_MISSING_FIELD, "Ligne %d : le taux de TVA est obligatoire", l->numero);
              break;
            }
          l->taux_code = g_strdup ("MANUEL");
          l->taux_bp = (int) (manual * 100 + 0.5);
        }
      if (l->denomination == NULL || *l->denomination == '\0')
        {
          *fail = sim_fail (SIM_CODE_MISSING_FIELD, "Ligne %d : la dénomination est obligatoire", l->numero);
          break;
        }
      if (l->quantite <= 0 || l->pu_ht < 0)
        {
          *fail = sim_fail (SIM_CODE_INVALID_VALUE, "Ligne %d : quantité et prix unitaire doivent être positifs", l->numero);
          break;
        }
    }
  if (ctx->error || *fail)
    {
      g_ptr_array_unref (lines);
      return NULL;
    }
  return lines;
}

JsonObject *
sim_store_deposit (SimCtx *ctx, const SimNewInvoice *n)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *lines_json = sim_lines_to_json (n->lines);
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  SimInvoice inv = { 0 };

  sim_bind_text (binds, n->numero);
  sim_bind_int (binds, n->supplier_id);
  if (sim_count (ctx, "SELECT COUNT(*) FROM invoices WHERE numero = ? AND supplier_id = ? AND statut != 'REJETEE'", binds) > 0)
    return sim_fail (SIM_CODE_DUPLICATE, "Le numéro de facture %s a déjà été utilisé par ce fournisseur", n->numero);

  inv.id = n->id;
  inv.numero = (char *) n->numero;
  inv.supplier_id = n->supplier_id;
  inv.recipient_id = n->rec->id;
  inv.service_id = n->svc ? n->svc->id : 0;
  inv.supplier_service_id = n->supplier_service_id;
  inv.statut = n->valideur ? "A_VALIDER_1" : "MISE_A_DISPOSITION";
  inv.niveau_validation = n->valideur ? 1 : 0;
  inv.valideur_id = n->valideur ? n->valideur->id : 0;
  inv.type_facture = (char *) n->type_facture;
  inv.type_tva = (char *) n->type_tva;
  inv.cadre = (char *) n->cadre;
  inv.mode_depot = (char *) n->mode_depot;
  inv.date_depot = today;
  inv.date_facture = g_strndup (n->date_facture, 10);
  inv.date_etat = now;
  inv.ht = n->ht;
  inv.tva = n->tva;
  inv.ttc = n->ttc;
  inv.a_payer = n->a_payer;
  inv.devise = (char *) n->devise;
  inv.numero_marche = (char *) n->numero_marche;
  inv.numero_bc = (char *) n->numero_bc;
  inv.numero_origine = (char *) n->numero_origine;
  inv.mode_paiement = (char *) n->mode_paiement;
  inv.numero_flux = (char *) n->numero_flux;
  inv.n_lines = (int) n->lines->len;
  inv.main_pj_id = n->main_pj_id;
  inv.commentaire = (char *) n->commentaire;
  inv.lines_json = lines_json;
  inv.motif_exoneration = (char *) n->motif_exo;
  inv.type_dp = "FACTURE";
  inv.coord_banc_id = n->coord_banc_id;
  if (!sim_invoice_insert (ctx->ds, &inv, sim_structure_name_rank (ctx->ds, n->supplier_id)))
    {
      g_free (inv.date_facture);
      return sim_fail (SIM_CODE_INVALID_VALUE, "Dépôt impossible : %s", sqlite3_errmsg (ctx->db));
    }
  g_free (inv.date_facture);
  if (n->main_pj_id)
    sim_attachment_link (ctx, n->main_pj_id, n->id, 0);

  add_history_now (ctx, n->id, "DEPOSEE", now);
  if (n->valideur)
    add_history_now (ctx, n->id, "A_VALIDER_1", now);
  else
    {
      add_history_now (ctx, n->id, "EN_COURS_ACHEMINEMENT", now);
      add_history_now (ctx, n->id, "MISE_A_DISPOSITION", now);
    }
  return NULL;
}

/* What soumettre reads, in the order it reads it (the first malformed member names the 400). */
typedef struct {
  const char *mode, *numero_saisi, *date_facture, *commentaire;
  JsonArray  *main_pj, *extra_pj, *line_arr;
  const char *code_dest, *code_service;
  gint64      id_fournisseur, id_service_fournisseur;
  const char *cadre, *code_valideur;
  const char *devise, *type_facture, *type_tva, *mode_paiement, *motif_exo;
  const char *numero_marche, *numero_bc, *numero_origine;
  gboolean    has_ht, has_tva, has_ttc, has_pay;
  gint64      ht, tva, ttc, a_payer;
  gint64      coord_banc;
} Submission;

static void
read_submission (SimCtx *ctx, JsonObject *req, Submission *d)
{
  JsonObject *dest, *four, *cadre_obj, *refs, *totals;

  d->mode = sim_req_str (ctx, req, "modeDepot", NULL);
  d->numero_saisi = sim_req_str (ctx, req, "numeroFactureSaisi", NULL);
  d->date_facture = sim_req_str (ctx, req, "dateFacture", NULL);
  d->commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  dest = sim_req_obj (ctx, req, "destinataire");
  four = sim_req_obj (ctx, req, "fournisseur");
  cadre_obj = sim_req_obj (ctx, req, "cadreDeFacturation");
  refs = sim_req_obj (ctx, req, "references");
  totals = sim_req_obj (ctx, req, "montantTotal");
  d->main_pj = sim_req_array (ctx, req, "pieceJointePrincipale");
  d->extra_pj = sim_req_array (ctx, req, "pieceJointeComplementaire");
  d->line_arr = sim_req_array (ctx, req, "lignePoste");
  d->code_dest = sim_req_str (ctx, dest, "codeDestinataire", NULL);
  d->code_service = sim_req_str (ctx, dest, "codeServiceExecutant", NULL);
  d->id_fournisseur = sim_req_int (ctx, four, "idFournisseur", 0);
  d->id_service_fournisseur = sim_req_int (ctx, four, "idServiceFournisseur", 0);
  d->cadre = sim_req_str (ctx, cadre_obj, "codeCadreFacturation", NULL);
  d->code_valideur = sim_req_str (ctx, cadre_obj, "codeStructureValideur", NULL);
  d->devise = sim_req_str (ctx, refs, "deviseFacture", NULL);
  d->type_facture = sim_req_str (ctx, refs, "typeFacture", "FACTURE");
  d->type_tva = sim_req_str (ctx, refs, "typeTva", NULL);
  d->mode_paiement = sim_req_str (ctx, refs, "modePaiement", NULL);
  d->motif_exo = sim_req_str (ctx, refs, "motifExonerationTva", NULL);
  d->numero_marche = sim_req_str (ctx, refs, "numeroMarche", NULL);
  d->numero_bc = sim_req_str (ctx, refs, "numeroBonCommande", NULL);
  d->numero_origine = sim_req_str (ctx, refs, "numeroFactureOrigine", NULL);
  /* Read for its type only: a global discount is already in the totals the supplier sends. */
  sim_req_amount (ctx, totals, "montantRemiseGlobaleTTC", 0, NULL);
  d->ht = sim_req_amount (ctx, totals, "montantHtTotal", 0, &d->has_ht);
  d->tva = sim_req_amount (ctx, totals, "montantTVA", 0, &d->has_tva);
  d->ttc = sim_req_amount (ctx, totals, "montantTtcTotal", 0, &d->has_ttc);
  d->a_payer = sim_req_amount (ctx, totals, "montantAPayer", 0, &d->has_pay);
  d->coord_banc = sim_req_int (ctx, four, "codeCoordonneesBancairesFournisseur", 0);
}

/* The depositing supplier: the account's, with its own service and valid bank details. */
static JsonObject *
check_supplier (SimCtx *ctx, const Submission *d)
{
  if (d->id_fournisseur <= 0)
    return sim_fail_missing ("fournisseur.idFournisseur");
  if (!sim_account_has (ctx, d->id_fournisseur, "FOURNISSEUR"))
    return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure fournisseur %" G_GINT64_FORMAT,
                     d->id_fournisseur);
  if (d->id_service_fournisseur)
    {
      g_autoptr(SimService) own = sim_service_load (ctx->ds, d->id_service_fournisseur);
      if (own == NULL || own->structure_id != d->id_fournisseur)
        return sim_fail (SIM_CODE_NOT_FOUND, "Le service fournisseur %" G_GINT64_FORMAT " n'existe pas",
                         d->id_service_fournisseur);
    }
  if (d->coord_banc != 0)
    {
      g_autoptr(GPtrArray) accounts = sim_bank_accounts (ctx->ds, d->id_fournisseur, TRUE);
      gboolean found = FALSE;

      for (guint k = 0; k < accounts->len; k++)
        found |= ((SimBankAccount *) g_ptr_array_index (accounts, k))->id == d->coord_banc;
      if (!found)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Les coordonnées bancaires %" G_GINT64_FORMAT
                         " ne sont pas des coordonnées valides du fournisseur", d->coord_banc);
    }
  return NULL;
}

/* The cadre: an invoice's, not a works piece's nor one of another space; the validator it needs. */
static JsonObject *
check_cadre (SimCtx *ctx, const Submission *d, SimStructure **valideur)
{
  const SimCadre *cadre_rule;

  if (d->cadre == NULL)
    return sim_fail_missing ("cadreDeFacturation.codeCadreFacturation");
  cadre_rule = sim_cadre_find (d->cadre);
  if (cadre_rule == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Cadre de facturation « %s » inconnu", d->cadre);
  if (cadre_rule->use == SIM_CADRE_WORKS)
    return sim_fail (SIM_CODE_CADRE_NOT_ALLOWED, "Le cadre de facturation %s est celui d'une pièce de marché de travaux : "
                     "elle se dépose dans l'espace Factures de travaux (facturesTravaux/v1/soumettre), pas comme une facture",
                     d->cadre);
  if (cadre_rule->use == SIM_CADRE_OTHER_SPACE)
    return sim_fail (SIM_CODE_CADRE_NOT_ALLOWED, "Le cadre de facturation %s ne se dépose pas comme une facture : "
                     "il a son propre espace sur le portail", d->cadre);
  if (cadre_rule->use == SIM_CADRE_VALIDATED &&
      (sim_blank (d->code_valideur) || (*valideur = sim_structure_find (ctx->ds, d->code_valideur)) == NULL))
    return sim_fail (SIM_CODE_MISSING_FIELD, "La structure valideur (codeStructureValideur) est obligatoire "
                     "pour le cadre %s", d->cadre);
  return NULL;
}

/* The date, the vocabularies of references{} and the arithmetic of montantTotal{}. */
static JsonObject *
check_references (const Submission *d, const char *today)
{
  if (d->date_facture == NULL || !sim_is_date (d->date_facture))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ dateFacture (AAAA-MM-JJ) est obligatoire");
  if (strncmp (d->date_facture, today, 10) > 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "La date de facture ne peut pas être postérieure à la date de dépôt");
  if (d->devise == NULL)
    return sim_fail_missing ("references.deviseFacture");
  if (strlen (d->devise) != 3)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Devise « %s » inconnue", d->devise);
  if (!sim_vocabulary_has (SIM_VOCAB_TYPE_FACTURE, d->type_facture))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeFacture « %s » refusé : seuls FACTURE et AVOIR sont acceptés",
                     d->type_facture);
  if (d->type_tva == NULL)
    return sim_fail_missing ("references.typeTva");
  if (!sim_vocabulary_has (SIM_VOCAB_TYPE_TVA, d->type_tva))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeTva « %s » inconnu", d->type_tva);
  if (g_strcmp0 (d->type_facture, "AVOIR") == 0 && !sim_blank (d->mode_paiement))
    return sim_fail (SIM_CODE_INVALID_VALUE, "Un avoir ne doit pas comporter de mode de paiement");
  if (!sim_blank (d->mode_paiement) && !sim_vocabulary_has (SIM_VOCAB_MODE_PAIEMENT, d->mode_paiement))
    return sim_fail (SIM_CODE_INVALID_VALUE, "modePaiement « %s » inconnu", d->mode_paiement);
  if (!d->has_ht || !d->has_tva || !d->has_ttc || !d->has_pay)
    return sim_fail (SIM_CODE_MISSING_FIELD,
                     "montantTotal doit comporter montantHtTotal, montantTVA, montantTtcTotal et montantAPayer");
  if (llabs (d->ht + d->tva - d->ttc) > 1)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : HT + TVA ≠ TTC");
  if (d->ht < 0 || d->ttc < 0 || d->a_payer < 0 || d->a_payer > d->ttc)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : montants négatifs ou montant à payer supérieur au TTC");
  return NULL;
}

/* The lines, whose total must be the invoice's; NULL with the refusal in @fail, or a 400. */
static GPtrArray *
check_lines (SimCtx *ctx, const Submission *d, gboolean pdf_mode, JsonObject **fail)
{
  g_autoptr(GPtrArray) lines = read_lines (ctx, d->line_arr, fail);
  gint64 lines_ht = 0;

  if (lines == NULL)
    return NULL;
  if (!pdf_mode && lines->len == 0)
    {
      *fail = sim_fail (SIM_CODE_MISSING_FIELD, "Au moins une ligne de poste est obligatoire en mode SAISIE_API");
      return NULL;
    }
  for (guint k = 0; k < lines->len; k++)
    lines_ht += sim_line_total_ht (g_ptr_array_index (lines, k));
  if (lines->len > 0 && llabs (lines_ht - d->ht) > (gint64) lines->len)
    {
      *fail = sim_fail (SIM_CODE_INVALID_VALUE, "Le total HT des lignes (%.2f) diffère du montant HT total (%.2f)",
                        lines_ht / 100.0, d->ht / 100.0);
      return NULL;
    }
  return g_steal_pointer (&lines);
}

/* The uploaded PDF and the supplier's number, which a PDF deposit must give; NULL or the refusal
 * (or NULL and a 400). */
static JsonObject *
check_number (SimCtx *ctx, const Submission *d, gboolean pdf_mode, gint64 *main_pj_id, char **numero)
{
  if (pdf_mode)
    {
      JsonNode *first;

      if (d->main_pj == NULL || json_array_get_length (d->main_pj) == 0)
        return sim_fail (SIM_CODE_MISSING_FIELD, "La pièce jointe principale est obligatoire en mode %s", d->mode);
      first = json_array_get_element (d->main_pj, 0);
      if (!JSON_NODE_HOLDS_OBJECT (first))
        {
          sim_bad_request (ctx, "pieceJointePrincipale doit contenir des objets");
          return NULL;
        }
      *main_pj_id = sim_req_int (ctx, json_node_get_object (first), "pieceJointePrincipaleId", 0);
      if (ctx->error)
        return NULL;
      if (!sim_attachment_exists (ctx, *main_pj_id))
        return sim_fail_attachment_unknown (*main_pj_id);
      if (!sim_invoice_number_valid (d->numero_saisi))
        return sim_fail (SIM_CODE_INVALID_VALUE,
                         "numeroFactureSaisi est obligatoire : 20 caractères au plus, lettres, chiffres et - _ / +");
      *numero = g_strdup (d->numero_saisi);
    }
  else if (d->numero_saisi != NULL && *d->numero_saisi != '\0')
    {
      if (!sim_invoice_number_valid (d->numero_saisi))
        return sim_fail (SIM_CODE_INVALID_VALUE, "numeroFactureSaisi : 20 caractères au plus, lettres, chiffres et - _ / +");
      *numero = g_strdup (d->numero_saisi);
    }
  return NULL;
}

/* Complementary attachments, each on its line: the invoice is in, so a bad entry is ignored. */
static void
link_extra_attachments (SimCtx *ctx, JsonArray *extra_pj, gint64 id)
{
  for (guint k = 0; extra_pj && k < json_array_get_length (extra_pj); k++)
    {
      JsonNode *e = json_array_get_element (extra_pj, k);
      gint64 pj;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      pj = sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireId", 0);
      if (sim_attachment_exists (ctx, pj))
        sim_attachment_link (ctx, pj, id,
                             sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireNumeroLigneFacture", 0));
    }
  g_clear_error (&ctx->error);
}

JsonObject *
sim_factures_soumettre (SimCtx *ctx, JsonObject *req, int variant)
{
  Submission d = { 0 };
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(SimStructure) valideur = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(SimStructure) sup = NULL;
  g_autofree char *numero = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree char *fingerprint = NULL;
  gint64 main_pj_id = 0;
  gint64 id;
  gboolean pdf_mode;
  JsonObject *fail = NULL;
  JsonObject *answer;

  read_submission (ctx, req, &d);
  if (ctx->error)
    return NULL;
  if (d.mode == NULL)
    return sim_fail_missing ("modeDepot");
  /* The API deposit modes of the modeDepot enum; the others are the portal's and EDI's. */
  if (g_strcmp0 (d.mode, "SAISIE_API") != 0 && g_strcmp0 (d.mode, "DEPOT_PDF_API") != 0 &&
      g_strcmp0 (d.mode, "DEPOT_PDF_SIGNE_API") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, sim_vocabulary_has (SIM_VOCAB_MODE_DEPOT, d.mode)
                                               ? "modeDepot « %s » n'est pas un mode de dépôt par API (SAISIE_API, DEPOT_PDF_API, DEPOT_PDF_SIGNE_API)"
                                               : "modeDepot « %s » inconnu", d.mode);
  pdf_mode = g_strcmp0 (d.mode, "SAISIE_API") != 0;

  if ((fail = check_supplier (ctx, &d)) != NULL || (fail = check_cadre (ctx, &d, &valideur)) != NULL ||
      (fail = sim_check_routing (ctx, d.code_dest, d.code_service, d.numero_bc, &rec, &svc)) != NULL ||
      (fail = check_references (&d, today)) != NULL)
    return fail;
  lines = check_lines (ctx, &d, pdf_mode, &fail);
  if (ctx->error)
    return NULL;
  if (fail)
    return fail;
  fail = check_number (ctx, &d, pdf_mode, &main_pj_id, &numero);
  if (ctx->error)
    return NULL;
  if (fail)
    return fail;

  id = sim_dataset_next_id (ctx->ds, "invoices");
  if (numero == NULL)
    numero = g_strdup_printf ("CPP%.4s%08" G_GINT64_FORMAT, today, id % 100000000);
  {
    SimNewInvoice n = {
      .id = id, .numero = numero, .supplier_id = d.id_fournisseur, .supplier_service_id = d.id_service_fournisseur,
      .rec = rec, .svc = svc, .valideur = valideur, .type_facture = d.type_facture, .type_tva = d.type_tva,
      .cadre = d.cadre, .mode_depot = d.mode, .date_facture = d.date_facture, .devise = d.devise,
      .numero_marche = d.numero_marche, .numero_bc = d.numero_bc, .numero_origine = d.numero_origine,
      .mode_paiement = d.mode_paiement, .commentaire = d.commentaire, .motif_exo = d.motif_exo,
      .ht = d.ht, .tva = d.tva, .ttc = d.ttc, .a_payer = d.a_payer, .main_pj_id = main_pj_id, .lines = lines,
      .coord_banc_id = d.coord_banc,
    };

    if ((fail = sim_store_deposit (ctx, &n)) != NULL)
      return fail;
  }
  link_extra_attachments (ctx, d.extra_pj, id);

  fingerprint = sim_deposit_fingerprint (id, numero, now);
  sup = sim_structure_load (ctx->ds, d.id_fournisseur);
  answer = sim_ok ();
  json_object_set_int_member (answer, "identifiantFactureCPP", id);
  json_object_set_string_member (answer, "numeroFacture", numero);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "statutFacture", "DEPOSEE");
  sim_set_str (answer, "identifiantStructure", sup ? sup->identifiant : NULL);
  json_object_set_string_member (answer, "empreinteCertificatDepot", fingerprint);
  return answer;
}

JsonObject *
sim_factures_deposer_pdf (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *b64 = sim_req_str (ctx, req, "fichierFacture", NULL);
  const char *name = sim_req_str (ctx, req, "nomFichier", NULL);
  const char *format = sim_req_str (ctx, req, "formatDepot", "PDF_NON_SIGNE");
  g_autofree guchar *raw = NULL;
  g_autoptr(GBytes) data = NULL;
  gsize len = 0;
  gint64 id;
  JsonObject *answer;
  JsonObject *fail;

  if (ctx->error)
    return NULL;
  if (b64 == NULL || name == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs fichierFacture et nomFichier sont obligatoires");
  if (!sim_vocabulary_has (SIM_VOCAB_FORMAT_DEPOT, format))
    return sim_fail (SIM_CODE_INVALID_VALUE, "formatDepot « %s » inconnu", format);
  if (g_utf8_strlen (name, -1) > 50 || strlen (name) < 5 || g_ascii_strcasecmp (name + strlen (name) - 4, ".pdf") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le nom du fichier doit se terminer par .pdf et compter au plus 50 caractères");
  raw = g_base64_decode (b64, &len);
  if (len < 5 || memcmp (raw, "%PDF-", 5) != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier déposé n'est pas un PDF");
  if ((fail = sim_check_upload_size (len)) != NULL)
    return fail;
  data = g_bytes_new_take (g_steal_pointer (&raw), len);
  id = sim_store_attachment (ctx, name, "PDF", "application/pdf", data, 0);

  answer = sim_ok ();
  json_object_set_int_member (answer, "pieceJointeId", id);
  /* What the platform reads from the PDF: its Factur-X data, else its text (null when unread). */
  sim_pdf_read_fields (data, answer);
  return answer;
}
