/* chorus-sim-travaux-deposit.c: facturesTravaux/v1/soumettre: a works piece deposited on its own or
 * after another one of its billing file, by the rules of chorus-sim-rules-travaux.c (who deposits
 * which cadre, which piece may follow which, in which status). SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "chorus-sim-travaux-private.h"

/* Refuses a number the depositor's structure already used (a resend must not slip through). */
static gboolean
number_taken (SimCtx *ctx, const char *column, gint64 structure_id, const char *numero)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM works WHERE %s = ? AND numero = ?", column);

  sim_bind_int (binds, structure_id);
  sim_bind_text (binds, numero);
  return sim_count (ctx, sql, binds) > 0;
}

/* What soumettre reads, in the order it reads it, and what it then decides. */
typedef struct {
  const char *cadre;
  gint64      prev_id;
  const char *numero, *date, *mode, *marche, *engagement, *type, *code_dest, *code_service;
  gint64      supplier, moe, moa;
  JsonArray  *main_pj;
  gboolean    has_ht, has_tva, has_ttc, has_pay;
  gint64      ht, tva, ttc, a_payer;
  /* decided */
  const SimWorksCadre *rule;
  const SimWorksLink  *link;
  SimWorks            *prev;
  gint64               service_id;
  char                *dossier;
} Piece;

static void
read_piece (SimCtx *ctx, JsonObject *req, Piece *p)
{
  JsonObject *cadre_obj = sim_req_obj (ctx, req, "cadreDeFacturation");
  JsonObject *dest = sim_req_obj (ctx, req, "destinataire");
  JsonObject *four = sim_req_obj (ctx, req, "fournisseur");
  JsonObject *refs = sim_req_obj (ctx, req, "references");
  JsonObject *totals = sim_req_obj (ctx, req, "montantTotal");

  p->cadre = sim_req_str (ctx, cadre_obj, "codeCadreFacturation", NULL);
  p->prev_id = sim_req_int (ctx, req, "idPiecePrecedente", 0);
  p->numero = sim_req_str (ctx, req, "numeroFactureSaisi", NULL);
  p->date = sim_req_str (ctx, req, "dateFacture", NULL);
  p->mode = sim_req_str (ctx, req, "modeDepot", NULL);
  p->marche = sim_req_str (ctx, refs, "numeroMarche", NULL);
  p->engagement = sim_req_str (ctx, refs, "numeroBonCommande", NULL);
  p->type = sim_req_str (ctx, refs, "typeFactureTravaux", NULL);
  p->code_dest = sim_req_str (ctx, dest, "codeDestinataire", NULL);
  p->code_service = sim_req_str (ctx, dest, "codeServiceExecutant", NULL);
  p->supplier = sim_req_int (ctx, four, "idFournisseur", 0);
  p->moe = sim_req_int (ctx, cadre_obj, "idMoe", 0);
  p->moa = sim_req_int (ctx, cadre_obj, "idMoa", 0);
  p->main_pj = sim_req_array (ctx, req, "pieceJointePrincipale");
  p->ht = sim_req_amount (ctx, totals, "montantHtTotal", 0, &p->has_ht);
  p->tva = sim_req_amount (ctx, totals, "montantTVA", 0, &p->has_tva);
  p->ttc = sim_req_amount (ctx, totals, "montantTtcTotal", 0, &p->has_ttc);
  p->a_payer = sim_req_amount (ctx, totals, "montantAPayer", 0, &p->has_pay);
}

/* A piece following another: the link must exist and its holder (or its silence) allow it; the
 * parties and references come from the previous piece. NULL or the refusal. */
static JsonObject *
check_following (SimCtx *ctx, Piece *p)
{
  SimWorksHolding holding = SIM_WORKS_HELD_NAMED;
  const char *holder;

  p->prev = sim_works_load (ctx->ds, p->prev_id);
  if (p->prev == NULL || !sim_works_visible (ctx, p->prev))
    return sim_fail (SIM_CODE_NOT_FOUND, "La pièce précédente %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible",
                     p->prev_id);
  if (!p->rule->next)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne se dépose pas à partir d'une pièce existante", p->cadre);
  p->link = sim_works_link_find (p->prev->cadre, p->cadre, p->rule->depositor);
  if (p->link == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne peut pas suivre une pièce du cadre %s", p->cadre, p->prev->cadre);
  if (p->prev->next_id != 0)
    return sim_fail (SIM_CODE_TRANSITION, "La pièce %s a déjà une pièce suivante", p->prev->numero);
  holder = sim_works_holder (p->prev->cadre, p->prev->statut, &holding);
  if (holder == NULL || (holding != SIM_WORKS_HELD_NAMED && holding != SIM_WORKS_HELD_BY_RECEIVER) ||
      (!g_str_equal (holder, p->rule->depositor) && !p->link->on_silence))
    return sim_fail (SIM_CODE_TRANSITION, "La pièce %s au statut %s ne peut pas recevoir de pièce suivante de la part de l'acteur %s",
                     p->prev->numero, p->prev->statut, p->rule->depositor);
  p->supplier = p->prev->supplier_id;
  p->moe = p->prev->moe_id;
  p->moa = p->prev->moa_id;
  p->service_id = p->prev->service_id;
  p->dossier = g_strdup (p->prev->dossier);
  if (p->marche == NULL)
    p->marche = p->prev->numero_marche;
  if (p->engagement == NULL)
    p->engagement = p->prev->numero_engagement;
  return NULL;
}

/* A first piece: its parties must exist, its recipient be its MOA. NULL or the refusal. */
static JsonObject *
check_initial (SimCtx *ctx, Piece *p)
{
  g_autoptr(SimStructure) s_supplier = NULL, s_moe = NULL, s_moa = NULL, s_dest = NULL;

  if (!p->rule->first)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne se dépose qu'à partir d'une pièce existante (association)",
                     p->cadre);
  if (p->supplier <= 0 || p->moa <= 0 || p->code_dest == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "fournisseur.idFournisseur, destinataire.codeDestinataire et "
                     "cadreDeFacturation.idMoa sont obligatoires pour un dépôt initial");
  if (p->moe <= 0 && (g_str_equal (p->rule->sent_to, "MOE") || g_str_equal (p->rule->depositor, "MOE")))
    return sim_fail (SIM_CODE_MISSING_FIELD, "cadreDeFacturation.idMoe est obligatoire pour le cadre %s", p->cadre);
  s_supplier = sim_structure_load (ctx->ds, p->supplier);
  s_moa = sim_structure_load (ctx->ds, p->moa);
  s_moe = p->moe > 0 ? sim_structure_load (ctx->ds, p->moe) : NULL;
  s_dest = sim_structure_find (ctx->ds, p->code_dest);
  if (s_supplier == NULL || s_moa == NULL || (p->moe > 0 && s_moe == NULL))
    return sim_fail (SIM_CODE_NOT_FOUND, "Une des structures du marché n'existe pas");
  if (s_dest == NULL || !s_dest->is_public)
    return sim_fail (SIM_CODE_NOT_FOUND, "Destinataire non trouvé ou inactif : %s", p->code_dest);
  /* Here the financial recipient is the MOA itself (no delegated MOA in this dataset). */
  if (s_dest->id != p->moa)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le destinataire %s n'est pas la maîtrise d'ouvrage du marché", p->code_dest);
  if (p->code_service != NULL && *p->code_service != '\0')
    {
      g_autoptr(SimService) service = sim_service_find (ctx->ds, p->moa, p->code_service);

      if (service == NULL)
        return sim_fail (SIM_CODE_NOT_FOUND, "Le service %s n'existe pas pour le destinataire %s", p->code_service,
                         p->code_dest);
      p->service_id = service->id;
    }
  return NULL;
}

/* The depositor, its number, the date, the amounts and the uploaded PDF. NULL (with the PDF's
 * id) or the refusal, or NULL and a 400. */
static JsonObject *
check_deposit (SimCtx *ctx, const Piece *p, gint64 depositor, gint64 *main_pj_id)
{
  const char *depositor_column = g_str_equal (p->rule->depositor, "MOE") ? "moe_id"
                                 : g_str_equal (p->rule->depositor, "MOA") ? "moa_id" : "supplier_id";

  if (!sim_account_has (ctx, depositor, p->rule->depositor))
    return sim_fail (SIM_CODE_FORBIDDEN, "Le cadre %s est déposé par l'acteur %s : l'utilisateur n'est pas rattaché à cette structure avec ce rôle",
                     p->cadre, p->rule->depositor);
  if (!sim_invoice_number_valid (p->numero))
    return sim_fail (SIM_CODE_MISSING_FIELD, "numeroFactureSaisi est obligatoire (20 caractères au plus : lettres, chiffres, - _ / +)");
  if (!sim_is_day (p->date))
    return sim_fail (SIM_CODE_MISSING_FIELD, "dateFacture (AAAA-MM-JJ) est obligatoire");
  if (!p->has_ht || !p->has_tva || !p->has_ttc || !p->has_pay)
    return sim_fail (SIM_CODE_MISSING_FIELD, "montantTotal : montantHtTotal, montantTVA, montantTtcTotal et montantAPayer sont obligatoires");
  if (llabs (p->ht + p->tva - p->ttc) > 1 || p->ht < 0 || p->tva < 0 || p->a_payer < 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : HT + TVA ≠ TTC");
  if (p->main_pj == NULL || json_array_get_length (p->main_pj) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (p->main_pj, 0)))
    return sim_fail (SIM_CODE_MISSING_FIELD, "La pièce jointe principale (PDF) est obligatoire");
  *main_pj_id = sim_req_int (ctx, json_array_get_object_element (p->main_pj, 0), "pieceJointePrincipaleId", 0);
  if (ctx->error)
    return NULL;
  if (!sim_attachment_exists (ctx, *main_pj_id))
    return sim_fail_attachment_unknown (*main_pj_id);
  if (number_taken (ctx, depositor_column, depositor, p->numero))
    return sim_fail (SIM_CODE_DUPLICATE, "Le numéro %s est déjà utilisé par une pièce de cette structure", p->numero);
  return NULL;
}

JsonObject *
sim_travaux_soumettre (SimCtx *ctx, JsonObject *req, int variant)
{
  Piece p = { 0 };
  g_autoptr(SimWorks) prev = NULL;
  g_autofree char *dossier = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree char *fingerprint = NULL;
  SimWorks w = { 0 };
  gint64 main_pj_id = 0;
  gint64 depositor;
  JsonObject *fail;
  JsonObject *answer;

  read_piece (ctx, req, &p);
  if (ctx->error)
    return NULL;
  if (p.cadre == NULL)
    return sim_fail_missing ("cadreDeFacturation.codeCadreFacturation");
  p.rule = sim_works_cadre_find (p.cadre);
  if (p.rule == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre « %s » n'est pas un cadre de facture de travaux", p.cadre);
  if (p.mode != NULL && !g_str_equal (p.mode, "DEPOT_PDF_API") && !g_str_equal (p.mode, "DEPOT_PDF_SIGNE_API"))
    return sim_fail (SIM_CODE_INVALID_VALUE, "modeDepot « %s » : une facture de travaux se dépose en PDF", p.mode);
  if (p.type != NULL && !g_str_equal (p.type, p.rule->type))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeFactureTravaux « %s » ne correspond pas au cadre %s", p.type, p.cadre);

  fail = p.prev_id > 0 ? check_following (ctx, &p) : check_initial (ctx, &p);
  prev = p.prev;
  dossier = p.dossier;
  if (fail != NULL)
    return fail;
  depositor = g_str_equal (p.rule->depositor, "MOE") ? p.moe : g_str_equal (p.rule->depositor, "MOA") ? p.moa : p.supplier;
  fail = check_deposit (ctx, &p, depositor, &main_pj_id);
  if (ctx->error)
    return NULL;
  if (fail != NULL)
    return fail;

  w.id = sim_dataset_next_id (ctx->ds, "works");
  if (dossier == NULL)
    dossier = g_strdup (p.numero);
  w.numero = (char *) p.numero;
  w.cadre = (char *) p.cadre;
  w.statut = (char *) sim_works_holder_status (p.cadre);
  w.supplier_id = p.supplier;
  w.moe_id = p.moe;
  w.moa_id = p.moa;
  w.service_id = p.service_id;
  w.numero_marche = (char *) p.marche;
  w.numero_engagement = (char *) p.engagement;
  w.date_depot = today;
  w.date_facture = (char *) p.date;
  w.date_etat = now;
  w.ht = p.ht;
  w.tva = p.tva;
  w.ttc = p.ttc;
  w.a_payer = p.a_payer;
  w.prev_id = prev ? prev->id : 0;
  w.dossier = dossier;
  w.mode_depot = (char *) (p.mode != NULL ? p.mode : "DEPOT_PDF_API");
  w.main_pj_id = main_pj_id;
  if (!sim_works_insert (ctx->ds, &w))
    return sim_fail (SIM_CODE_INVALID_VALUE, "Dépôt impossible : %s", sqlite3_errmsg (ctx->db));
  /* The uploaded PDF now belongs to the piece. */
  sim_attachment_link (ctx, main_pj_id, w.id, 0);
  if (prev)
    {
      g_autoptr(GPtrArray) binds = sim_binds_new ();

      sim_works_set_status (ctx, prev->id, p.link->previous_becomes, NULL);
      sim_bind_int (binds, w.id);
      sim_bind_int (binds, prev->id);
      sim_exec (ctx, "UPDATE works SET next_id = ? WHERE id = ?", binds);
    }

  fingerprint = sim_deposit_fingerprint (w.id, p.numero, now);
  answer = sim_ok ();
  json_object_set_int_member (answer, "idFactureTravaux", w.id);
  json_object_set_string_member (answer, "numeroFactureTravaux", p.numero);
  json_object_set_string_member (answer, "numeroDossierFacturation", dossier);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "statutFactureTravaux", w.statut);
  json_object_set_string_member (answer, "empreinteCertificatDepot", fingerprint);
  if (prev)
    json_object_set_int_member (answer, "idPiecePrecedente", prev->id);
  return answer;
}
