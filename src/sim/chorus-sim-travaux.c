/* chorus-sim-travaux.c: facturesTravaux/v1: works pieces along the dossier de facturation.
 *
 * The rules come from the AIFE webinar on works invoices: which cadre each actor deposits,
 * whether it may start a dossier ("dépôt initial") or only follow a piece ("association"),
 * and the chains A4 → A15 → A19 and A7 → A17 → A20 → A8 (plus the tacit procedure). A piece
 * may be refused only for a routing error, except a décompte général, which its recipient
 * may refuse for another reason. PISTE paths beyond rechercher are unconfirmed: these use
 * the pre-PISTE operation names under facturesTravaux/v1/. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-deposit-rules.h"
#include "chorus-types.h"
#include "chorus-works.h"

/* typeFactureTravaux of each cadre. Who deposits what, after what, and what each actor may do
 * with a piece are chorus-works, the rules the app checks too. */
typedef struct {
  const char *prefix;      /* "A4_" */
  const char *type;
} WorksType;

static const WorksType types[] = {
  { "A4_", "PROJET_DECOMPTE_MENSUEL" }, { "A5_", "ETAT_ACOMPTE" }, { "A6_", "ETAT_ACOMPTE_VALIDE" },
  { "A7_", "PROJET_DECOMPTE_FINAL" }, { "A8_", "DECOMPTE_GENERAL_DEFINITIF" },
  { "A10_", "PROJET_DECOMPTE_MENSUEL" }, { "A11_", "PROJET_DECOMPTE_FINAL" },
  { "A13_", "PROJET_DECOMPTE_MENSUEL" }, { "A14_", "PROJET_DECOMPTE_FINAL" }, { "A15_", "ETAT_ACOMPTE" },
  { "A16_", "ETAT_ACOMPTE_VALIDE" }, { "A17_", "PROJET_DECOMPTE_GENERAL" }, { "A18_", "DECOMPTE_GENERAL" },
  { "A19_", "ETAT_ACOMPTE_VALIDE" }, { "A20_", "DECOMPTE_GENERAL" }, { "A22_", "PROJET_DECOMPTE_GENERAL" },
  { "A23_", "DECOMPTE_GENERAL_DEFINITIF" }, { "A24_", "DECOMPTE_GENERAL_DEFINITIF" },
  { "A25_", "DECOMPTE_GENERAL_DEFINITIF" },
};

static const char *
type_of (const char *cadre)
{
  for (gsize k = 0; cadre != NULL && k < G_N_ELEMENTS (types); k++)
    if (g_str_has_prefix (cadre, types[k].prefix))
      return types[k].type;
  return NULL;
}

/* CHORUS_ROLE_UNKNOWN when @cadre is not a piece of a works dossier. */
static ChorusRole
depositor_of (const char *cadre)
{
  return cadre ? chorus_works_cadre_depositor (chorus_cadre_from_api (cadre)) : CHORUS_ROLE_UNKNOWN;
}

gboolean
sim_works_cadre_is_deposable (const char *cadre)
{
  return depositor_of (cadre) != CHORUS_ROLE_UNKNOWN;
}

static gboolean
may_follow (ChorusCadre cadre, ChorusRole role, const char *previous_cadre)
{
  ChorusCadre next[CHORUS_CADRE_LAST];
  gsize n = chorus_works_next_cadres (chorus_cadre_from_api (previous_cadre), role, CHORUS_DEPOSIT_CHANNEL_SERVICE,
                                      next, G_N_ELEMENTS (next));

  for (gsize k = 0; k < n; k++)
    if (next[k] == cadre)
      return TRUE;
  return FALSE;
}

static gint64
structure_of_role (const SimWorks *w, const char *role)
{
  if (g_strcmp0 (role, "MOE") == 0)
    return w->moe_id;
  if (g_strcmp0 (role, "MOA") == 0)
    return w->moa_id;
  return w->supplier_id;
}

/* The actor the piece is with: from MISE_A_DISPOSITION_<X>, or the one it was sent to. */
static const char *
holder_role (const SimWorks *w)
{
  const char *status = sim_works_holder_status (w->cadre);

  if (g_str_has_suffix (status, "_MOE"))
    return "MOE";
  if (g_str_has_suffix (status, "_MOA"))
    return "MOA";
  return "FOURNISSEUR";
}

static gboolean
account_holds (SimCtx *ctx, const SimWorks *w)
{
  const char *role = holder_role (w);
  return sim_account_has (ctx, structure_of_role (w, role), role);
}

static gboolean
works_visible (SimCtx *ctx, const SimWorks *w)
{
  return sim_account_has (ctx, w->supplier_id, "FOURNISSEUR") || sim_account_has (ctx, w->moe_id, "MOE") ||
         sim_account_has (ctx, w->moa_id, "MOA");
}

static gboolean
blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
set_party (JsonObject *o, SimDataset *ds, gint64 id, const char *suffix)
{
  g_autoptr(SimStructure) s = sim_structure_load (ds, id);
  g_autofree char *k_id = g_strconcat ("id", suffix, NULL);
  g_autofree char *k_code = g_strconcat ("code", suffix, NULL);
  g_autofree char *k_name = g_strconcat ("designation", suffix, NULL);
  g_autofree char *k_type = g_strconcat ("typeIdentifiant", suffix, NULL);

  json_object_set_int_member (o, k_id, id);
  sim_set_str (o, k_code, s ? s->identifiant : NULL);
  sim_set_str (o, k_name, s ? s->designation : NULL);
  sim_set_str (o, k_type, s ? s->type_identifiant : NULL);
}

static JsonObject *
works_item (SimCtx *ctx, const SimWorks *w)
{
  JsonObject *o = json_object_new ();
  json_object_set_int_member (o, "idFactureTravaux", w->id);
  json_object_set_string_member (o, "numeroFactureTravaux", w->numero);
  json_object_set_string_member (o, "cadreFacturation", w->cadre);
  sim_set_str (o, "typeFactureTravaux", type_of (w->cadre));
  json_object_set_string_member (o, "statut", w->statut);
  json_object_set_string_member (o, "dateDepot", w->date_depot);
  json_object_set_string_member (o, "dateFactureTravaux", w->date_facture);
  json_object_set_string_member (o, "dateHeureEtatCourant", w->date_etat);
  sim_set_amount (o, "montantHT", w->ht);
  sim_set_amount (o, "montantTVA", w->tva);
  sim_set_amount (o, "montantTTC", w->ttc);
  sim_set_amount (o, "montantAPayer", w->a_payer);
  json_object_set_string_member (o, "devise", "EUR");
  set_party (o, ctx->ds, w->supplier_id, "Fournisseur");
  set_party (o, ctx->ds, w->moe_id, "MOE");
  set_party (o, ctx->ds, w->moa_id, "MOA");
  sim_set_str (o, "numeroMarche", w->numero_marche);
  sim_set_str (o, "numeroEngagement", w->numero_engagement);
  json_object_set_string_member (o, "numeroDossierFacturation", w->dossier);
  if (w->prev_id)
    json_object_set_int_member (o, "idPiecePrecedente", w->prev_id);
  else
    json_object_set_null_member (o, "idPiecePrecedente");
  if (w->next_id)
    json_object_set_int_member (o, "idPieceSuivante", w->next_id);
  else
    json_object_set_null_member (o, "idPieceSuivante");
  sim_set_str (o, "commentaireEtatCourant", w->motif);
  sim_set_str (o, "modeDepot", w->mode_depot);
  json_object_set_boolean_member (o, "factureTelechargee", w->telechargee);
  return o;
}

static JsonObject *
no_works (void)
{
  return sim_fail (SIM_CODE_NO_RESULT_WORKS, "GFT_MSG_01.075");
}

/* ---- rechercher ------------------------------------------------------------------------- */

static const SimSortColumn works_sort_columns[] = {
  { "DateDepot", "date_depot" },
  { "DateFactureTravaux", "date_facture" },
  { "NumeroFactureTravaux", "numero" },
  { "MontantHT", "ht" },
  { "MontantTTC", "ttc" },
  { "Statut", "statut" },
  { "DateHeureEtatCourant", "date_etat" },
  { "CadreFacturation", "cadre" },
  { "IdFactureTravaux", "id" },
};

static JsonObject *
rechercher (SimCtx *ctx, JsonObject *req)
{
  const char *role = sim_req_str (ctx, req, "roleUtilisateur", NULL);
  const char *cadre = sim_req_str (ctx, req, "cadreFacturation", NULL);
  const char *numero = sim_req_str (ctx, req, "numeroFactureTravaux", NULL);
  const char *du = sim_req_str (ctx, req, "periodeDateHeureEtatCourantDu", NULL);
  const char *au = sim_req_str (ctx, req, "periodeDateHeureEtatCourantAu", NULL);
  gboolean without_next = sim_req_bool (ctx, req, "uniquementSansPieceSuivante", FALSE);
  g_autoptr(GPtrArray) statuses = sim_req_str_list (ctx, req, "listeStatutCourant");
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autoptr(GArray) attached = NULL;
  g_autofree char *in = NULL;
  g_autofree char *sql = NULL;
  const char *column;
  SimPaging paging;
  JsonObject *answer, *ret;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "rechercheFactureTravaux"), 20, works_sort_columns,
                                      G_N_ELEMENTS (works_sort_columns), "date_depot", TRUE, &paging))
    return NULL;
  if (role == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ roleUtilisateur est obligatoire");
  if (chorus_role_from_api (role) == CHORUS_ROLE_UNKNOWN)
    return sim_fail (SIM_CODE_INVALID_VALUE, "roleUtilisateur « %s » inconnu", role);
  if (g_strcmp0 (role, "VALIDATEUR") == 0)
    return no_works ();
  column = g_strcmp0 (role, "MOE") == 0 ? "moe_id"
           : g_strcmp0 (role, "MOA") == 0 || g_strcmp0 (role, "DESTINATAIRE") == 0 ? "moa_id" : "supplier_id";
  attached = sim_dataset_attached (ctx->ds, g_strcmp0 (role, "DESTINATAIRE") == 0 ? "MOA" : role);
  in = sim_in_list (attached);
  g_string_append_printf (where, " AND %s IN %s", column, in);

  if (sim_has (req, "idDestinataire"))
    {
      g_string_append (where, " AND moa_id = ?");
      sim_bind_int (binds, sim_req_int (ctx, req, "idDestinataire", 0));
    }
  if (cadre && *cadre)
    {
      g_string_append (where, " AND cadre = ?");
      sim_bind_text (binds, cadre);
    }
  if (numero && *numero)
    {
      g_string_append (where, " AND (numero = ? OR dossier = ?)");
      sim_bind_text (binds, numero);
      sim_bind_text (binds, numero);
    }
  if (sim_has (req, "flagTelecharge"))
    {
      g_string_append (where, " AND telechargee = ?");
      sim_bind_int (binds, sim_req_bool (ctx, req, "flagTelecharge", FALSE));
    }
  if (without_next)
    g_string_append (where, " AND next_id = 0");
  if (du && *du)
    {
      g_string_append (where, " AND date_etat >= ?");
      sim_bind_text (binds, du);
    }
  if (au && *au)
    {
      g_autofree char *end = g_strdup_printf ("%.10s 23:59", au);
      g_string_append (where, " AND date_etat <= ?");
      sim_bind_text (binds, end);
    }
  for (guint k = 0; k < statuses->len; k++)
    {
      if (chorus_works_status_from_api (g_ptr_array_index (statuses, k)) == CHORUS_WORKS_STATUS_UNKNOWN)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Statut « %s » inconnu", (const char *) g_ptr_array_index (statuses, k));
      g_string_append (where, k == 0 ? " AND statut IN (?" : ",?");
      sim_bind_text (binds, g_ptr_array_index (statuses, k));
      if (k + 1 == statuses->len)
        g_string_append_c (where, ')');
    }
  if (ctx->error)
    return NULL;

  sql = g_strdup_printf ("SELECT COUNT(*) FROM works WHERE %s", where->str);
  total = sim_count (ctx, sql, binds);
  answer = total ? sim_ok () : no_works ();
  ret = json_object_new ();
  sim_write_paging (ret, &paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
  items = json_array_new ();
  g_free (sql);
  sql = g_strdup_printf ("SELECT " SIM_WORKS_COLUMNS " FROM works WHERE %s ORDER BY %s %s, id %s"
                         " LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         where->str, paging.column, paging.descending ? "DESC" : "ASC",
                         paging.descending ? "DESC" : "ASC", paging.per_page, (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimWorks) w = sim_works_from_row (stmt);
      json_array_add_object_element (items, works_item (ctx, w));
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeFacturesTravaux", items);
  return answer;
}

static SimWorks *
load_visible (SimCtx *ctx, JsonObject *req, JsonObject **fail)
{
  gint64 id = sim_req_int (ctx, req, "idFactureTravaux", 0);
  SimWorks *w;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    {
      *fail = sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idFactureTravaux est obligatoire");
      return NULL;
    }
  w = sim_works_load (ctx->ds, id);
  if (w == NULL || !works_visible (ctx, w))
    {
      sim_works_free (w);
      *fail = sim_fail (SIM_CODE_NOT_FOUND, "La facture de travaux %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
      return NULL;
    }
  return w;
}

static JsonObject *
consulter (SimCtx *ctx, JsonObject *req)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  JsonObject *answer;

  if (w == NULL)
    return fail;
  answer = sim_ok ();
  json_object_set_object_member (answer, "factureTravaux", works_item (ctx, w));
  return answer;
}

static JsonObject *
consulter_dossier (SimCtx *ctx, JsonObject *req)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  JsonObject *answer;
  JsonArray *items;
  sqlite3_stmt *stmt;

  if (w == NULL)
    return fail;
  sim_bind_text (binds, w->dossier);
  stmt = sim_prepare (ctx, "SELECT " SIM_WORKS_COLUMNS " FROM works WHERE dossier = ? ORDER BY date_depot, id", binds);
  items = json_array_new ();
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimWorks) piece = sim_works_from_row (stmt);
      json_array_add_object_element (items, works_item (ctx, piece));
    }
  sqlite3_finalize (stmt);
  answer = sim_ok ();
  json_object_set_string_member (answer, "numeroDossierFacturation", w->dossier);
  sim_set_str (answer, "numeroMarche", w->numero_marche);
  json_object_set_array_member (answer, "listePieces", items);
  return answer;
}

/* ---- soumettre -------------------------------------------------------------------------- */

static void
works_set_status (SimCtx *ctx, gint64 id, const char *statut, const char *motif)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *now = sim_now_datetime ();
  sqlite3_stmt *stmt;

  sim_bind_text (binds, statut);
  sim_bind_text (binds, now);
  sim_bind_text (binds, motif ? motif : "");
  sim_bind_int (binds, id);
  stmt = sim_prepare (ctx, "UPDATE works SET statut = ?, date_etat = ?, motif = NULLIF(?, '') WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static JsonObject *
soumettre (SimCtx *ctx, JsonObject *req)
{
  JsonObject *cadre_obj = sim_req_obj (ctx, req, "cadreDeFacturation");
  const char *cadre = sim_has (req, "cadreFacturation") ? sim_req_str (ctx, req, "cadreFacturation", NULL)
                                                        : sim_req_str (ctx, cadre_obj, "codeCadreFacturation", NULL);
  gint64 prev_id = sim_req_int (ctx, req, "idPiecePrecedente", 0);
  const char *numero = sim_req_str (ctx, req, "numeroFactureTravaux", NULL);
  const char *date = sim_req_str (ctx, req, "dateFactureTravaux", NULL);
  const char *marche = sim_req_str (ctx, req, "numeroMarche", NULL);
  const char *engagement = sim_req_str (ctx, req, "numeroEngagement", NULL);
  gint64 supplier = sim_req_int (ctx, req, "idStructureFournisseur", 0);
  gint64 moe = sim_req_int (ctx, req, "idStructureMoe", 0);
  gint64 moa = sim_req_int (ctx, req, "idStructureMoa", 0);
  JsonArray *main_pj = sim_req_array (ctx, req, "pieceJointePrincipale");
  gboolean has_ht, has_tva, has_ttc, has_pay;
  gint64 ht = sim_req_amount (ctx, req, "montantHT", 0, &has_ht);
  gint64 tva = sim_req_amount (ctx, req, "montantTVA", 0, &has_tva);
  gint64 ttc = sim_req_amount (ctx, req, "montantTTC", 0, &has_ttc);
  gint64 a_payer = sim_req_amount (ctx, req, "montantAPayer", 0, &has_pay);
  g_autoptr(SimWorks) prev = NULL;
  g_autoptr(GPtrArray) binds = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree char *dossier = NULL;
  ChorusCadre cadre_value;
  ChorusRole role_value;
  const char *role;
  gint64 main_pj_id = 0;
  gint64 id, depositor;
  const char *statut;
  JsonObject *answer;
  sqlite3_stmt *stmt;

  if (ctx->error)
    return NULL;
  if (cadre == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le cadre de facturation est obligatoire");
  cadre_value = chorus_cadre_from_api (cadre);
  role_value = depositor_of (cadre);
  role = chorus_role_to_api (role_value);
  if (role_value == CHORUS_ROLE_UNKNOWN)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre « %s » n'est pas un cadre de facture de travaux", cadre);

  if (prev_id > 0)
    {
      prev = sim_works_load (ctx->ds, prev_id);
      if (prev == NULL || !works_visible (ctx, prev))
        return sim_fail (SIM_CODE_NOT_FOUND, "La pièce précédente %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", prev_id);
      if (!chorus_works_cadre_can_deposit (cadre_value, CHORUS_DEPOSIT_CHANNEL_SERVICE, TRUE))
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne peut pas être associé à une pièce existante", cadre);
      if (!may_follow (cadre_value, role_value, prev->cadre))
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne peut pas suivre une pièce du cadre %s", cadre, prev->cadre);
      if (prev->next_id != 0)
        return sim_fail (SIM_CODE_TRANSITION, "La pièce %s a déjà une pièce suivante", prev->numero);
      if (!chorus_works_check_action (CHORUS_WORKS_ACTION_ASSOCIATE, role_value, chorus_cadre_from_api (prev->cadre),
                                      chorus_works_status_from_api (prev->statut), CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                                      NULL, NULL))
        return sim_fail (SIM_CODE_TRANSITION, "La pièce %s au statut %s ne peut pas recevoir de pièce suivante",
                         prev->numero, prev->statut);
      supplier = prev->supplier_id;
      moe = prev->moe_id;
      moa = prev->moa_id;
      dossier = g_strdup (prev->dossier);
      if (marche == NULL)
        marche = prev->numero_marche;
      if (engagement == NULL)
        engagement = prev->numero_engagement;
    }
  else
    {
      if (!chorus_works_cadre_can_deposit (cadre_value, CHORUS_DEPOSIT_CHANNEL_SERVICE, FALSE))
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le cadre %s ne peut être déposé qu'à partir d'une pièce existante", cadre);
      if (supplier <= 0 || moa <= 0 || (moe <= 0 && cadre_value != CHORUS_CADRE_A6))
        return sim_fail (SIM_CODE_MISSING_FIELD,
                         "idStructureFournisseur, idStructureMoe et idStructureMoa sont obligatoires pour un dépôt initial");
      {
        g_autoptr(SimStructure) s1 = sim_structure_load (ctx->ds, supplier);
        g_autoptr(SimStructure) s3 = sim_structure_load (ctx->ds, moa);
        g_autoptr(SimStructure) s2 = moe > 0 ? sim_structure_load (ctx->ds, moe) : NULL;

        if (s1 == NULL || s3 == NULL || (moe > 0 && s2 == NULL))
          return sim_fail (SIM_CODE_NOT_FOUND, "Une des structures du dossier n'existe pas");
        if (!s3->is_public)
          return sim_fail (SIM_CODE_INVALID_VALUE, "La maîtrise d'ouvrage doit être une structure publique");
      }
    }

  depositor = role_value == CHORUS_ROLE_MOE ? moe : role_value == CHORUS_ROLE_MOA ? moa : supplier;
  if (!sim_account_has (ctx, depositor, role))
    return sim_fail (SIM_CODE_FORBIDDEN, "Le cadre %s est déposé par l'acteur %s : l'utilisateur n'est pas rattaché à cette structure avec ce rôle",
                     cadre, role);
  if (!chorus_deposit_number_is_valid (numero))
    return sim_fail (SIM_CODE_MISSING_FIELD, "numeroFactureTravaux est obligatoire (20 caractères au plus)");
  if (!chorus_deposit_date_is_valid (date))
    return sim_fail (SIM_CODE_MISSING_FIELD, "dateFactureTravaux (AAAA-MM-JJ) est obligatoire");
  if (!has_ht || !has_tva || !has_ttc || !has_pay)
    return sim_fail (SIM_CODE_MISSING_FIELD, "montantHT, montantTVA, montantTTC et montantAPayer sont obligatoires");
  if (llabs (ht + tva - ttc) > 1 || ht < 0 || a_payer < 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : HT + TVA ≠ TTC");
  if (main_pj == NULL || json_array_get_length (main_pj) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (main_pj, 0)))
    return sim_fail (SIM_CODE_MISSING_FIELD, "La pièce jointe principale (PDF) est obligatoire");
  main_pj_id = sim_req_int (ctx, json_array_get_object_element (main_pj, 0), "pieceJointePrincipaleId", 0);
  if (ctx->error)
    return NULL;
  binds = sim_binds_new ();
  sim_bind_int (binds, main_pj_id);
  if (sim_count (ctx, "SELECT COUNT(*) FROM attachments WHERE id = ?", binds) != 1)
    return sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", main_pj_id);

  id = sim_dataset_next_id (ctx->ds, "works");
  if (dossier == NULL)
    dossier = g_strdup (numero);
  statut = sim_works_holder_status (cadre);
  sqlite3_prepare_v2 (ctx->db, "INSERT INTO works (" SIM_WORKS_COLUMNS ") VALUES "
                      "(?,?,?,?,?,?,?,0,?,?,?,?,?,?,?,?,?,?,0,?,NULL,'DEPOT_PDF_API',0,0,?)", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, numero, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cadre, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, statut, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, supplier);
  sqlite3_bind_int64 (stmt, 6, moe);
  sqlite3_bind_int64 (stmt, 7, moa);
  sqlite3_bind_text (stmt, 8, marche, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, engagement, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 13, ht);
  sqlite3_bind_int64 (stmt, 14, tva);
  sqlite3_bind_int64 (stmt, 15, ttc);
  sqlite3_bind_int64 (stmt, 16, a_payer);
  sqlite3_bind_int64 (stmt, 17, prev ? prev->id : 0);
  sqlite3_bind_text (stmt, 18, dossier, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 19, main_pj_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      return sim_fail (SIM_CODE_INVALID_VALUE, "Dépôt impossible : %s", sqlite3_errmsg (ctx->db));
    }
  sqlite3_finalize (stmt);

  if (prev)
    {
      g_autoptr(GPtrArray) b = sim_binds_new ();

      works_set_status (ctx, prev->id, "ASSOCIEE", NULL);
      sim_bind_int (b, id);
      sim_bind_int (b, prev->id);
      stmt = sim_prepare (ctx, "UPDATE works SET next_id = ? WHERE id = ?", b);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }

  answer = sim_ok ();
  json_object_set_int_member (answer, "idFactureTravaux", id);
  json_object_set_string_member (answer, "numeroFactureTravaux", numero);
  json_object_set_string_member (answer, "numeroDossierFacturation", dossier);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "statut", statut);
  if (prev)
    json_object_set_int_member (answer, "idPiecePrecedente", prev->id);
  return answer;
}

/* ---- traiter / completer ---------------------------------------------------------------- */

static JsonObject *
traiter (SimCtx *ctx, JsonObject *req)
{
  const char *action = sim_req_str (ctx, req, "action", NULL);
  const char *motif = sim_req_str (ctx, req, "motif", NULL);
  const char *type_refus = sim_req_str (ctx, req, "typeRefus", NULL);
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(GError) rule_error = NULL;
  ChorusWorksAction works_action;
  ChorusWorksRefusal refusal = CHORUS_WORKS_REFUSAL_ROUTING_ERROR;
  ChorusCadre cadre_value;
  const char *statut;
  JsonObject *answer;

  if (w == NULL)
    return fail;
  cadre_value = chorus_cadre_from_api (w->cadre);
  if (action == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ action est obligatoire (PRISE_EN_COMPTE, SUSPENSION ou REFUS)");
  if (!account_holds (ctx, w))
    return sim_fail (SIM_CODE_FORBIDDEN, "Seul l'acteur à qui la pièce est mise à disposition peut la traiter");

  if (g_strcmp0 (action, "PRISE_EN_COMPTE") == 0)
    works_action = CHORUS_WORKS_ACTION_TAKE_INTO_ACCOUNT;
  else if (g_strcmp0 (action, "SUSPENSION") == 0)
    works_action = CHORUS_WORKS_ACTION_SUSPEND;
  else if (g_strcmp0 (action, "REFUS") == 0)
    works_action = CHORUS_WORKS_ACTION_REFUSE;
  else
    return sim_fail (SIM_CODE_INVALID_VALUE, "Action « %s » inconnue (PRISE_EN_COMPTE, SUSPENSION ou REFUS)", action);
  if (works_action == CHORUS_WORKS_ACTION_REFUSE && g_strcmp0 (type_refus, "ERREUR_ACHEMINEMENT") != 0)
    refusal = CHORUS_WORKS_REFUSAL_OTHER;

  /* What the holder may do is chorus-works; the answers keep the platform's own wording. */
  if (!chorus_works_check_action (works_action, chorus_works_cadre_receiver (cadre_value), cadre_value,
                                  chorus_works_status_from_api (w->statut), refusal, motif, &rule_error))
    {
      if (g_error_matches (rule_error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_MOTIF))
        return sim_fail (SIM_CODE_MOTIF_REQUIRED, works_action == CHORUS_WORKS_ACTION_SUSPEND
                                                  ? "Le motif de la suspension est obligatoire"
                                                  : "Le motif du refus est obligatoire");
      if (g_error_matches (rule_error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_REFUSAL))
        return sim_fail (SIM_CODE_INVALID_VALUE,
                         "Une pièce ne peut être refusée qu'en cas d'erreur dans les données d'acheminement "
                         "(typeRefus ERREUR_ACHEMINEMENT) ; un désaccord sur les montants se traite par la pièce suivante");
      if (g_error_matches (rule_error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_ROLE))
        return sim_fail (SIM_CODE_FORBIDDEN, "Seul l'acteur à qui la pièce est mise à disposition peut la traiter");
      return sim_fail (SIM_CODE_TRANSITION, "La pièce au statut %s ne peut plus être traitée", w->statut);
    }
  statut = chorus_works_status_to_api (chorus_works_status_after_action (works_action, cadre_value,
                                                                         chorus_works_status_from_api (w->statut)));

  works_set_status (ctx, w->id, statut, blank (motif) ? NULL : motif);
  answer = sim_ok ();
  json_object_set_int_member (answer, "idFactureTravaux", w->id);
  json_object_set_string_member (answer, "numeroFactureTravaux", w->numero);
  json_object_set_string_member (answer, "statut", statut);
  {
    g_autofree char *now = sim_now_datetime ();
    json_object_set_string_member (answer, "dateTraitement", now);
  }
  return answer;
}

static JsonObject *
completer (SimCtx *ctx, JsonObject *req)
{
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(GError) rule_error = NULL;
  ChorusRole role;
  JsonObject *answer;

  if (w == NULL)
    return fail;
  role = depositor_of (w->cadre);
  if (role == CHORUS_ROLE_UNKNOWN || !sim_account_has (ctx, structure_of_role (w, chorus_role_to_api (role)), chorus_role_to_api (role)))
    return sim_fail (SIM_CODE_FORBIDDEN, "Seul l'auteur de la pièce peut la compléter");
  if (!chorus_works_check_action (CHORUS_WORKS_ACTION_COMPLETE, role, chorus_cadre_from_api (w->cadre),
                                  chorus_works_status_from_api (w->statut), CHORUS_WORKS_REFUSAL_ROUTING_ERROR,
                                  commentaire, &rule_error))
    {
      if (g_error_matches (rule_error, CHORUS_WORKS_ERROR, CHORUS_WORKS_ERROR_MOTIF))
        return sim_fail (SIM_CODE_MISSING_FIELD, "Le commentaire est obligatoire");
      return sim_fail (SIM_CODE_TRANSITION, "Seule une pièce suspendue peut être complétée (statut actuel : %s)", w->statut);
    }
  works_set_status (ctx, w->id, "COMPLETEE", commentaire);
  answer = sim_ok ();
  json_object_set_int_member (answer, "idFactureTravaux", w->id);
  json_object_set_string_member (answer, "numeroFactureTravaux", w->numero);
  json_object_set_string_member (answer, "statut", "COMPLETEE");
  return answer;
}

static JsonObject *
telecharger (SimCtx *ctx, JsonObject *req)
{
  JsonObject *fail = NULL;
  g_autoptr(SimWorks) w = load_visible (ctx, req, &fail);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *b64 = NULL;
  sqlite3_stmt *stmt;
  JsonObject *answer;

  if (w == NULL)
    return fail;
  if (w->main_pj_id != 0)
    pdf = sim_attachment_data (ctx, w->main_pj_id, NULL, NULL);
  if (pdf == NULL)
    pdf = sim_works_pdf (ctx, w);
  sim_bind_int (binds, w->id);
  stmt = sim_prepare (ctx, "UPDATE works SET telechargee = 1 WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  b64 = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  answer = sim_ok ();
  json_object_set_string_member (answer, "fichierResultat", b64);
  return answer;
}

static const SimRoute routes[] = {
  { "facturesTravaux/v1/rechercher", rechercher },
  { "facturesTravaux/v1/consulter", consulter },
  { "facturesTravaux/v1/consulter/dossierfacturation", consulter_dossier },
  { "facturesTravaux/v1/soumettre", soumettre },
  { "facturesTravaux/v1/traiter", traiter },
  { "facturesTravaux/v1/completer", completer },
  { "facturesTravaux/v1/telecharger", telecharger },
};

const SimRoute *
sim_travaux_routes (gsize *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
