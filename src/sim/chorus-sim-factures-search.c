/* chorus-sim-factures-search.c: factures/v1/rechercher/{recipiendaire,fournisseur,valideur}: the
 * three searches, their filters and sort columns, and the items each one lists (reference §2.1,
 * the recipient sample, GO's FactureParValideur). SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sim-factures-private.h"

/* "2026-01-07T10:11:47.823Z" or "2026-01-07" → "2026-01-07 10:11", comparable with date_etat. */
static char *
datetime_key (const char *s, gboolean end_of_day)
{
  if (strlen (s) >= 16 && (s[10] == 'T' || s[10] == ' '))
    return g_strdup_printf ("%.10s %.5s", s, s + 11);
  return g_strdup_printf ("%.10s %s", s, end_of_day ? "23:59" : "00:00");
}

static const SimSortColumn invoice_sort_columns[] = {
  { "DateDepot", "i.date_depot" },
  { "DateFacture", "i.date_facture" },
  { "NumeroFacture", "i.numero" },
  { "MontantTTC", "i.ttc" },
  { "MontantHT", "i.ht" },
  { "MontantAPayer", "i.a_payer" },
  { "Statut", "i.statut" },
  { "StatutCourant", "i.statut" },
  { "DateHeureEtatCourant", "i.date_etat" },
  { "FactureTelechargeeParDestinataire", "i.telechargee" },
  { "TypeDemandePaiement", "i.cadre" },
  { "TypeFacture", "i.type_facture" },
  { "IdFacture", "i.id" },
  { "IdentifiantFactureCPP", "i.id" },
  { "NumeroBonCommande", "i.numero_bc" },
  { "NumeroMarche", "i.numero_marche" },
  { "DesignationFournisseur", "i.supplier_rank" },
  { "CodeFournisseur", "(SELECT identifiant FROM structures WHERE id = i.supplier_id)" },
  { "DesignationDestinataire", "(SELECT designation FROM structures WHERE id = i.recipient_id)" },
  { "CodeDestinataire", "(SELECT identifiant FROM structures WHERE id = i.recipient_id)" },
  { "CodeServiceExecutant", "(SELECT code FROM services WHERE id = i.service_id)" },
};

static void
add_period (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *from_key,
            const char *to_key, const char *column, gboolean datetime)
{
  const char *keys[] = { from_key, to_key };

  for (int k = 0; k < 2; k++)
    {
      const char *v = sim_req_str (ctx, req, keys[k], NULL);

      if (v == NULL || *v == '\0')
        continue;
      if (!sim_is_date (v))
        {
          sim_bad_request (ctx, "le champ « %s » doit être une date AAAA-MM-JJ", keys[k]);
          return;
        }
      g_string_append_printf (where, " AND %s %s ?", column, k == 0 ? ">=" : "<=");
      if (datetime)
        {
          g_autofree char *key = datetime_key (v, k == 1);
          sim_bind_text (binds, key);
        }
      else
        {
          g_autofree char *day = g_strndup (v, 10);
          sim_bind_text (binds, day);
        }
    }
}

static void
add_text (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *key, const char *column)
{
  const char *v = sim_req_str (ctx, req, key, NULL);

  if (v != NULL && *v != '\0')
    {
      g_string_append_printf (where, " AND %s = ?", column);
      sim_bind_text (binds, v);
    }
}

static void
add_statuses (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *key)
{
  g_autoptr(GPtrArray) list = sim_req_str_list (ctx, req, key);

  if (list->len == 0)
    return;
  g_string_append (where, " AND i.statut IN (");
  for (guint k = 0; k < list->len; k++)
    {
      const char *s = g_ptr_array_index (list, k);

      if (sim_status_find (s) == NULL)
        {
          sim_bad_request (ctx, "statut « %s » inconnu", s);
          return;
        }
      g_string_append (where, k ? ",?" : "?");
      sim_bind_text (binds, s);
    }
  g_string_append_c (where, ')');
}

/* A list of codes given as one string or a list (listeTypeFacture …). */
static void
add_str_list (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *key, const char *column)
{
  g_autoptr(GPtrArray) values = sim_req_str_list (ctx, req, key);

  sim_where_in (where, binds, column, values);
}

static void
add_id_list (SimCtx *ctx, GString *where, JsonArray *arr, const char *member_key, const char *column)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *in = NULL;

  if (arr == NULL || json_array_get_length (arr) == 0)
    return;
  for (guint k = 0; k < json_array_get_length (arr); k++)
    {
      JsonNode *e = json_array_get_element (arr, k);
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          sim_bad_request (ctx, "les éléments de la liste doivent être des objets");
          return;
        }
      id = sim_req_int (ctx, json_node_get_object (e), member_key, 0);
      g_array_append_val (ids, id);
    }
  in = sim_in_list (ids);
  g_string_append_printf (where, " AND %s IN %s", column, in);
}

/* The MOA and MOE of a works invoice, as the recipient's list names them (codeMOA …). */
static void
set_works_parties (SimCache *c, JsonObject *o, const SimInvoice *inv)
{
  sim_set_party (o, sim_cache_structure (c, inv->moa_id), "MOA", NULL, "code", "designation", "typeIdentifiant");
  sim_set_party (o, sim_cache_structure (c, inv->moe_id), "MOE", NULL, "code", "designation", "typeIdentifiant");
}

/* The validator of the level the invoice waits at (or went through last). */
static gint64
current_validator (const SimInvoice *inv)
{
  return sim_invoice_at_second_level (inv) ? inv->valideur2_id : inv->valideur_id;
}

/* An item of the three searches; each names its fields as the platform does (reference §2.1,
 * the recipient sample, GO's FactureParValideur). */
static JsonObject *
list_item (SimCache *c, const SimInvoice *inv, SimSide side)
{
  JsonObject *o = json_object_new ();
  SimStructure *sup = sim_cache_structure (c, inv->supplier_id);
  SimStructure *rec = sim_cache_structure (c, inv->recipient_id);
  SimService *svc = sim_cache_service (c, inv->service_id);
  SimService *sup_svc = sim_cache_service (c, inv->supplier_service_id);
  gboolean validator = side == SIM_SIDE_VALIDATOR;

  json_object_set_int_member (o, side == SIM_SIDE_SUPPLIER ? "identifiantFactureCPP" : "idFacture", inv->id);
  json_object_set_string_member (o, "numeroFacture", inv->numero);
  json_object_set_string_member (o, "statut", inv->statut);
  json_object_set_string_member (o, "typeDemandePaiement", inv->type_dp);
  json_object_set_string_member (o, "typeFacture", inv->type_facture);
  if (side != SIM_SIDE_SUPPLIER)
    sim_set_str (o, "typeFactureTravaux", inv->type_facture_travaux);
  json_object_set_string_member (o, "dateDepot", inv->date_depot);
  json_object_set_string_member (o, "dateFacture", inv->date_facture);
  if (!validator)
    json_object_set_string_member (o, "dateHeureEtatCourant", inv->date_etat);
  sim_set_amount (o, "montantHT", inv->ht);
  sim_set_amount (o, "montantTTC", inv->ttc);
  sim_set_amount (o, "montantAPayer", inv->a_payer);
  json_object_set_string_member (o, "devise", inv->devise);
  json_object_set_int_member (o, "idDestinataire", inv->recipient_id);
  sim_set_str (o, validator ? "identifiantDestinataire" : "codeDestinataire", rec ? rec->identifiant : NULL);
  sim_set_str (o, "designationDestinataire", rec ? rec->designation : NULL);
  sim_set_id (o, "idServiceExecutant", svc ? svc->id : 0);
  sim_set_str (o, "codeServiceExecutant", svc ? svc->code : NULL);
  sim_set_str (o, "nomServiceExecutant", svc ? svc->libelle : NULL);
  if (validator)
    {
      json_object_set_int_member (o, "idFournisseur", inv->supplier_id);
      sim_set_str (o, "identifiantFournisseur", sup ? sup->identifiant : NULL);
    }
  else
    sim_set_str (o, "codeFournisseur", sup ? sup->identifiant : NULL);
  sim_set_str (o, "designationFournisseur", sup ? sup->designation : NULL);
  sim_set_str (o, "typeIdentifiantFournisseur", sup ? sup->type_identifiant : NULL);
  sim_set_str (o, "codeServiceFournisseur", sup_svc ? sup_svc->code : NULL);
  sim_set_str (o, "nomServiceFournisseur", sup_svc ? sup_svc->libelle : NULL);
  sim_set_str (o, "numeroMarche", inv->numero_marche);
  sim_set_str (o, validator ? "numeroEngagement" : "numeroBonCommande", inv->numero_bc);

  switch (side)
    {
    case SIM_SIDE_RECIPIENT:
      json_object_set_boolean_member (o, "factureTelechargeeParDestinataire", inv->telechargee);
      sim_set_str (o, "commentaireEtatCourant", inv->commentaire_etat);
      json_object_set_int_member (o, "taille", sim_invoice_size (inv));
      if (inv->type_facture_travaux != NULL)
        set_works_parties (c, o, inv);
      break;
    case SIM_SIDE_SUPPLIER:
      {
        SimStructure *val1 = sim_cache_structure (c, inv->valideur_id);
        SimStructure *val2 = sim_cache_structure (c, inv->valideur2_id);

        sim_set_str (o, "modeDepot", inv->mode_depot);
        sim_set_str (o, "numeroFluxDepot", inv->numero_flux);
        sim_set_str (o, "numeroFactureOrigine", inv->numero_origine);
        sim_set_str (o, "commentaireEtatCourant", inv->commentaire_etat);
        json_object_set_boolean_member (o, "rejetTraite", FALSE);
        json_object_set_int_member (o, "taille", sim_invoice_size (inv));
        sim_set_party (o, val1, "1", NULL, "codeValideur", "raisonSocialeValideur", "typeIdentifiantValideur");
        sim_set_str (o, "dateValidation1", inv->date_validation1);
        sim_set_party (o, val2, "2", NULL, "codeValideur", "raisonSocialeValideur", "typeIdentifiantValideur");
        sim_set_str (o, "dateValidation2", inv->date_validation2);
      }
      break;
    case SIM_SIDE_VALIDATOR:
    default:
      {
        sim_set_str (o, "typeIdentifiantDestinataire", rec ? rec->type_identifiant : NULL);
        sim_set_party (o, sim_cache_structure (c, current_validator (inv)), "Valideur", "id", "identifiant", "designation",
                   "typeIdentifiant");
      }
      break;
    }
  return o;
}

/* " AND @column = ?" with @key's id, when given. */
static void
add_id (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *key, const char *column)
{
  if (!sim_has (req, key))
    return;
  g_string_append_printf (where, " AND %s = ?", column);
  sim_bind_int (binds, sim_req_int (ctx, req, key, 0));
}

/* One of the account's structures named by @key, which must have @role there; NULL or the refusal. */
static JsonObject *
check_own_structure (SimCtx *ctx, JsonObject *req, const char *key, const char *role, const char *refusal,
                     gint64 *id)
{
  *id = sim_req_int (ctx, req, key, 0);
  if (!ctx->error && !sim_account_has (ctx, *id, role))
    return sim_fail (SIM_CODE_FORBIDDEN, "%s %" G_GINT64_FORMAT, refusal, *id);
  return NULL;
}

/* What each side searches in, and its own filters; NULL or the refusal. */
static JsonObject *
filter_side (SimCtx *ctx, JsonObject *req, SimSide side, GString *where, GPtrArray *binds)
{
  g_autoptr(GArray) attached = sim_dataset_attached (ctx->ds, sim_role_of_side (side));
  g_autofree char *in = sim_in_list (attached);
  JsonObject *fail = NULL;
  gint64 id;

  switch (side)
    {
    case SIM_SIDE_SUPPLIER:
      g_string_append_printf (where, " AND i.supplier_id IN %s", in);
      if (sim_has (req, "idFournisseur"))
        {
          if ((fail = check_own_structure (ctx, req, "idFournisseur", "FOURNISSEUR",
                                           "L'utilisateur n'est pas rattaché à la structure fournisseur", &id)))
            return fail;
          g_string_append (where, " AND i.supplier_id = ?");
          sim_bind_int (binds, id);
        }
      add_id (ctx, where, binds, req, "idServiceFournisseur", "i.supplier_service_id");
      add_id_list (ctx, where, sim_req_array (ctx, req, "listeDestinataire"), "idDestinataire", "i.recipient_id");
      add_text (ctx, where, binds, req, "numeroFluxDepot", "i.numero_flux");
      add_text (ctx, where, binds, req, "typeFacture", "i.type_facture");
      add_text (ctx, where, binds, req, "modeDepot", "i.mode_depot");
      add_text (ctx, where, binds, req, "numeroFactureOrigine", "i.numero_origine");
      break;
    case SIM_SIDE_VALIDATOR:
      g_string_append_printf (where, " AND (i.valideur_id IN %s OR (i.valideur2_id IN %s AND i.date_validation1 IS NOT NULL))",
                              in, in);
      if (sim_has (req, "idStructureValideur"))
        {
          if ((fail = check_own_structure (ctx, req, "idStructureValideur", "VALIDATEUR",
                                           "L'utilisateur n'est pas valideur pour la structure", &id)))
            return fail;
          g_string_append (where, " AND (i.valideur_id = ? OR (i.valideur2_id = ? AND i.date_validation1 IS NOT NULL))");
          sim_bind_int (binds, id);
          sim_bind_int (binds, id);
        }
      add_id (ctx, where, binds, req, "idFournisseur", "i.supplier_id");
      add_id (ctx, where, binds, req, "idDestinataire", "i.recipient_id");
      add_text (ctx, where, binds, req, "numeroEngagement", "i.numero_bc");
      add_str_list (ctx, where, binds, req, "listeTypeFacture", "i.type_facture");
      add_str_list (ctx, where, binds, req, "listeTypeFactureTravaux", "i.type_facture_travaux");
      break;
    case SIM_SIDE_RECIPIENT:
    default:
      g_string_append_printf (where, " AND i.queue_id IN %s", in);
      if (sim_has (req, "idDestinataire"))
        {
          if ((fail = check_own_structure (ctx, req, "idDestinataire", "DESTINATAIRE",
                                           "L'utilisateur n'est pas rattaché à la structure destinataire", &id)))
            return fail;
          g_string_append (where, " AND i.queue_id = ?");
          sim_bind_int (binds, id);
        }
      add_id (ctx, where, binds, req, "idServiceExecutant", "i.service_id");
      add_id_list (ctx, where, sim_req_array (ctx, req, "listeFournisseurs"), "idFournisseur", "i.supplier_id");
      add_str_list (ctx, where, binds, req, "listeTypeFacture", "i.type_facture");
      add_str_list (ctx, where, binds, req, "listeTypeFactureTravaux", "i.type_facture_travaux");
      if (sim_has (req, "factureTelechargeeParDestinataire"))
        {
          g_string_append (where, " AND i.telechargee = ?");
          sim_bind_int (binds, sim_req_bool (ctx, req, "factureTelechargeeParDestinataire", FALSE));
        }
      break;
    }
  return NULL;
}

/* The filters every side has; NULL or the refusal. */
static JsonObject *
filter_common (SimCtx *ctx, JsonObject *req, SimSide side, GString *where, GPtrArray *binds)
{
  /* A recipient asks for one type at a time (Pastell searches FACTURE, then FACTURE_TRAVAUX);
   * UNCONFIRMED: without the field, the simulator answers the ordinary invoices. */
  const char *type_dp = sim_req_str (ctx, req, "typeDemandePaiement", NULL);

  if (type_dp != NULL && !sim_vocabulary_has (SIM_VOCAB_TYPE_DEMANDE_PAIEMENT, type_dp))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeDemandePaiement « %s » inconnu", type_dp);
  if (type_dp != NULL || side == SIM_SIDE_RECIPIENT)
    {
      g_string_append (where, " AND i.type_dp = ?");
      sim_bind_text (binds, type_dp ? type_dp : "FACTURE");
    }

  add_text (ctx, where, binds, req, "numeroFacture", "i.numero");
  add_text (ctx, where, binds, req, "numeroMarche", "i.numero_marche");
  add_text (ctx, where, binds, req, "numeroBonCommande", "i.numero_bc");
  add_text (ctx, where, binds, req, "cadreFacturation", "i.cadre");
  add_statuses (ctx, where, binds, req, "statutCourant");
  add_period (ctx, where, binds, req, "periodeDateDepotDu", "periodeDateDepotAu", "i.date_depot", FALSE);
  add_period (ctx, where, binds, req, "periodeDateFactureDu", "periodeDateFactureAu", "i.date_facture", FALSE);
  add_period (ctx, where, binds, req, "periodeDateHeureEtatCourantDu", "periodeDateHeureEtatCourantAu", "i.date_etat", TRUE);
  sim_where_amounts (ctx, where, binds, req, "montantHTMin", "montantHTMax", "i.ht");
  sim_where_amounts (ctx, where, binds, req, "montantTTCMin", "montantTTCMax", "i.ttc");
  if (side == SIM_SIDE_VALIDATOR)
    sim_where_amounts (ctx, where, binds, req, "montantAPayerMin", "montantAPayerMax", "i.a_payer");
  else
    sim_where_amounts (ctx, where, binds, req, "montantApayerMin", "montantApayerMax", "i.a_payer");
  return NULL;
}

/* The page's items: their ids come from the index alone, then only those rows are read. */
static JsonArray *
page_items (SimCtx *ctx, SimSide side, const char *where, GPtrArray *binds, const SimPaging *paging)
{
  g_autofree char *page = sim_page_clause (paging, NULL, "i.id");
  const char *dir = paging->descending ? "DESC" : "ASC";
  g_autofree char *sql = g_strdup_printf ("SELECT " SIM_INVOICE_COLUMNS " FROM invoices i JOIN"
                                          " (SELECT i.id AS page_id FROM invoices i WHERE %s%s) page"
                                          " ON i.id = page.page_id ORDER BY %s %s, i.id %s",
                                          where, page, paging->column, dir, dir);
  sqlite3_stmt *stmt = sim_prepare (ctx, sql, binds);
  JsonArray *items = json_array_new ();
  SimCache cache;

  sim_cache_init (&cache, ctx);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimInvoice) inv = sim_invoice_from_row (stmt);
      json_array_add_object_element (items, list_item (&cache, inv, side));
    }
  sim_cache_clear (&cache);
  sqlite3_finalize (stmt);
  return items;
}

JsonObject *
sim_factures_rechercher (SimCtx *ctx, JsonObject *req, int variant)
{
  static const char *const paging_keys[] = {
    [SIM_SIDE_RECIPIENT] = "paramRecherche",
    [SIM_SIDE_SUPPLIER] = "rechercheFactureParFournisseur",
    [SIM_SIDE_VALIDATOR] = "pagination",
  };
  SimSide side = (SimSide) variant;
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *count_sql = NULL;
  JsonObject *fail;
  JsonObject *answer;
  SimPaging paging;
  gint64 total;

  if ((fail = filter_side (ctx, req, side, where, binds)) != NULL ||
      (fail = filter_common (ctx, req, side, where, binds)) != NULL)
    return fail;
  if (ctx->error ||
      !sim_read_paging (ctx, sim_req_obj (ctx, req, paging_keys[side]), side == SIM_SIDE_SUPPLIER ? 10 : 50,
                        invoice_sort_columns, G_N_ELEMENTS (invoice_sort_columns), "i.date_depot", TRUE, &paging))
    return NULL;

  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM invoices i WHERE %s", where->str);
  total = sim_count (ctx, count_sql, binds);
  answer = total ? sim_ok () : sim_fail_no_result ();
  if (total == 0)
    json_object_set_array_member (answer, "listeFactures", json_array_new ());
  /* The recipient's search gives its paging at the top, the others in parametresRetour{}. */
  if (side == SIM_SIDE_RECIPIENT)
    sim_write_paging (answer, &paging, total, "");
  else
    sim_set_page_info (answer, &paging, total);
  if (total > 0)
    json_object_set_array_member (answer, "listeFactures", page_items (ctx, side, where->str, binds, &paging));
  return answer;
}
