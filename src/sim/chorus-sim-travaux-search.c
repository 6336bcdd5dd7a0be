/* chorus-sim-travaux-search.c: facturesTravaux/v1/rechercher: the pieces the account sees in the
 * role it asks for, with the filters and sort columns the samples use. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-travaux-private.h"

static const SimSortColumn works_sort_columns[] = {
  { "TypeDemandePaiement", "date_depot" },   /* the only value a source shows: every piece has the same */
  { "DateDepot", "date_depot" },
  { "NumeroFactureTravaux", "numero" },
  { "MontantHT", "ht" },
  { "DateHeureEtatCourant", "date_etat" },
};

/* A period on the day of @column (from and to included). */
static void
add_period (SimCtx *ctx, JsonObject *req, GString *where, GPtrArray *binds, const char *column, const char *from_key,
            const char *to_key)
{
  const char *from = sim_req_str (ctx, req, from_key, NULL);
  const char *to = sim_req_str (ctx, req, to_key, NULL);

  if (!sim_blank (from))
    {
      g_string_append_printf (where, " AND substr(%s, 1, 10) >= ?", column);
      sim_bind_text (binds, from);
    }
  if (!sim_blank (to))
    {
      g_autofree char *day = g_strndup (to, 10);

      g_string_append_printf (where, " AND substr(%s, 1, 10) <= ?", column);
      sim_bind_text (binds, day);
    }
}

/* What rechercher reads before anything is checked, in the order it reads it. */
typedef struct {
  const char *role, *cadre, *numero, *marche, *engagement, *mode, *flux, *avec_sans;
  gboolean    without_next;
  GPtrArray  *statuses, *types;
} Query;

/* " AND @column = ?" for a text given (blank: no filter). */
static void
add_text (GString *where, GPtrArray *binds, const char *column, const char *value)
{
  if (sim_blank (value))
    return;
  g_string_append_printf (where, " AND %s = ?", column);
  sim_bind_text (binds, value);
}

/* The cadres of the typeFactureTravaux asked for; NULL or the refusal. */
static JsonObject *
add_types (GString *where, GPtrArray *binds, GPtrArray *types)
{
  g_autoptr(GPtrArray) cadres = g_ptr_array_new ();
  gsize n;
  const SimWorksCadre *all = sim_works_cadres (&n);

  for (guint k = 0; k < types->len; k++)
    {
      gboolean known = FALSE;

      for (gsize c = 0; c < n; c++)
        if (g_str_equal (all[c].type, g_ptr_array_index (types, k)))
          {
            g_ptr_array_add (cadres, (gpointer) all[c].code);
            known = TRUE;
          }
      if (!known)
        return sim_fail (SIM_CODE_INVALID_VALUE, "typeFactureTravaux « %s » inconnu", (const char *) g_ptr_array_index (types, k));
    }
  sim_where_in (where, binds, "cadre", cadres);
  return NULL;
}

/* Every filter but the role's; NULL or the refusal. */
static JsonObject *
add_filters (SimCtx *ctx, JsonObject *req, const Query *q, GString *where, GPtrArray *binds)
{
  static const struct { const char *key, *column; } ids[] = {
    { "idStructureFournisseur", "supplier_id" }, { "idStructureMoe", "moe_id" }, { "idStructureMoa", "moa_id" },
    { "idDestinataire", "moa_id" }, { "idServiceExecutant", "service_id" }, { "idServiceMoa", "service_id" },
  };
  JsonObject *fail;

  for (gsize k = 0; k < G_N_ELEMENTS (ids); k++)
    if (sim_has (req, ids[k].key))
      {
        g_string_append_printf (where, " AND %s = ?", ids[k].column);
        sim_bind_int (binds, sim_req_int (ctx, req, ids[k].key, 0));
      }
  /* Suppliers and MOEs have no services in this dataset; validators no works. */
  if (sim_has (req, "idServiceFournisseur") || sim_has (req, "idServiceMoe") || sim_has (req, "idStructureValideur") ||
      !sim_blank (q->flux))
    g_string_append (where, " AND 0");
  if (!sim_blank (q->cadre) && sim_works_cadre_find (q->cadre) == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "cadreFacturation « %s » n'est pas un cadre de facture de travaux", q->cadre);
  add_text (where, binds, "cadre", q->cadre);
  if ((fail = add_types (where, binds, q->types)) != NULL)
    return fail;
  for (guint k = 0; k < q->statuses->len; k++)
    if (sim_status_find (g_ptr_array_index (q->statuses, k)) == NULL)
      return sim_fail (SIM_CODE_INVALID_VALUE, "Statut « %s » inconnu", (const char *) g_ptr_array_index (q->statuses, k));
  sim_where_in (where, binds, "statut", q->statuses);
  if (!sim_blank (q->numero))
    {
      /* A piece's number or its billing file's. */
      g_string_append (where, " AND (numero = ? OR dossier = ?)");
      sim_bind_text (binds, q->numero);
      sim_bind_text (binds, q->numero);
    }
  add_text (where, binds, "numero_marche", q->marche);
  add_text (where, binds, "numero_engagement", q->engagement);
  add_text (where, binds, "mode_depot", q->mode);
  if (g_strcmp0 (q->avec_sans, "AVEC_SERVICE") == 0)
    g_string_append (where, " AND service_id != 0");
  else if (g_strcmp0 (q->avec_sans, "SANS_SERVICE") == 0)
    g_string_append (where, " AND service_id = 0");
  if (sim_has (req, "flagTelecharge"))
    {
      g_string_append (where, " AND telechargee = ?");
      sim_bind_int (binds, sim_req_bool (ctx, req, "flagTelecharge", FALSE));
    }
  if (q->without_next)
    g_string_append (where, " AND next_id = 0");
  add_period (ctx, req, where, binds, "date_depot", "periodeDateDepotDu", "periodeDateDepotAu");
  add_period (ctx, req, where, binds, "date_facture", "periodeDateFactureTravauxDu", "periodeDateFactureTravauxAu");
  add_period (ctx, req, where, binds, "date_etat", "periodeDateHeureEtatCourantDu", "periodeDateHeureEtatCourantAu");
  sim_where_amounts (ctx, where, binds, req, "montantHTMin", "montantHTMax", "ht");
  sim_where_amounts (ctx, where, binds, req, "montantTTCMin", "montantTTCMax", "ttc");
  sim_where_amounts (ctx, where, binds, req, "montantAPayerMin", "montantAPayerMax", "a_payer");
  return NULL;
}

static JsonArray *
page_items (SimCtx *ctx, const char *where, GPtrArray *binds, const SimPaging *paging)
{
  g_autofree char *page = sim_page_clause (paging, NULL, "id");
  g_autofree char *sql = g_strdup_printf ("SELECT " SIM_WORKS_COLUMNS " FROM works WHERE %s%s", where, page);
  sqlite3_stmt *stmt = sim_prepare (ctx, sql, binds);
  JsonArray *items = json_array_new ();

  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimWorks) w = sim_works_from_row (stmt);
      json_array_add_object_element (items, sim_works_item (ctx, w, SIM_WORKS_ITEM_LISTED));
    }
  sqlite3_finalize (stmt);
  return items;
}

JsonObject *
sim_travaux_rechercher (SimCtx *ctx, JsonObject *req, int variant)
{
  Query q = { 0 };
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autoptr(GArray) attached = NULL;
  g_autofree char *in = NULL;
  g_autofree char *count_sql = NULL;
  const char *column;
  SimPaging paging;
  JsonObject *answer;
  JsonObject *fail;
  gint64 total;

  q.role = sim_req_str (ctx, req, "roleUtilisateur", NULL);
  q.cadre = sim_req_str (ctx, req, "cadreFacturation", NULL);
  q.numero = sim_req_str (ctx, req, "numeroFactureTravaux", NULL);
  q.marche = sim_req_str (ctx, req, "numeroMarche", NULL);
  q.engagement = sim_req_str (ctx, req, "numeroBonCommande", NULL);
  q.mode = sim_req_str (ctx, req, "modeDepot", NULL);
  q.flux = sim_req_str (ctx, req, "numeroFluxDepot", NULL);
  q.avec_sans = sim_req_str (ctx, req, "avecSansService", NULL);
  q.without_next = sim_req_bool (ctx, req, "uniquementSansPieceSuivante", FALSE);
  q.statuses = statuses = sim_req_str_list (ctx, req, "listeStatutCourant");
  q.types = types = sim_req_str_list (ctx, req, "listeTypeFactureTravaux");
  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "rechercheFactureTravaux"), 10, works_sort_columns,
                                      G_N_ELEMENTS (works_sort_columns), "date_depot", TRUE, &paging))
    return NULL;
  if (q.role == NULL)
    return sim_fail_missing ("roleUtilisateur");
  if (!sim_works_role_in (q.role, "FOURNISSEUR MOE MOA VALIDATEUR DESTINATAIRE"))
    return sim_fail (SIM_CODE_INVALID_VALUE, "roleUtilisateur « %s » inconnu", q.role);
  /* Validators and financial services see works invoices through the factures searches. */
  if (g_str_equal (q.role, "VALIDATEUR") || g_str_equal (q.role, "DESTINATAIRE"))
    return sim_works_no_result ();
  column = g_str_equal (q.role, "MOE") ? "moe_id" : g_str_equal (q.role, "MOA") ? "moa_id" : "supplier_id";
  attached = sim_dataset_attached (ctx->ds, q.role);
  in = sim_in_list (attached);
  g_string_append_printf (where, " AND %s IN %s", column, in);
  if ((fail = add_filters (ctx, req, &q, where, binds)) != NULL)
    return fail;
  if (ctx->error)
    return NULL;

  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM works WHERE %s", where->str);
  total = sim_count (ctx, count_sql, binds);
  if (total == 0)
    return sim_works_no_result ();
  answer = sim_ok ();
  sim_set_page_info (answer, &paging, total);
  json_object_set_array_member (answer, "listeFacturesTravaux", page_items (ctx, where->str, binds, &paging));
  return answer;
}
