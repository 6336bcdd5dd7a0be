/* chorus-sim-factures.c: the factures/v1 endpoints: searches, consults, processing, deposits. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-sim-zip.h"
#include "chorus-types.h"

typedef enum {
  SIDE_RECIPIENT,
  SIDE_SUPPLIER,
  SIDE_VALIDATOR,
} Side;

/* ---- lookups ---------------------------------------------------------------------------- */

typedef struct {
  SimCtx     *ctx;
  GHashTable *structures;  /* id → SimStructure */
  GHashTable *services;    /* id → SimService */
} Cache;

static void
cache_init (Cache *c, SimCtx *ctx)
{
  c->ctx = ctx;
  c->structures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) sim_structure_free);
  c->services = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) sim_service_free);
}

static void
cache_clear (Cache *c)
{
  g_clear_pointer (&c->structures, g_hash_table_unref);
  g_clear_pointer (&c->services, g_hash_table_unref);
}

static SimStructure *
cache_structure (Cache *c, gint64 id)
{
  SimStructure *s = g_hash_table_lookup (c->structures, &id);

  if (s == NULL && id != 0)
    {
      s = sim_structure_load (c->ctx->ds, id);
      if (s != NULL)
        g_hash_table_insert (c->structures, g_memdup2 (&id, sizeof id), s);
    }
  return s;
}

static SimService *
cache_service (Cache *c, gint64 id)
{
  SimService *s = g_hash_table_lookup (c->services, &id);

  if (s == NULL && id != 0)
    {
      s = sim_service_load (c->ctx->ds, id);
      if (s != NULL)
        g_hash_table_insert (c->services, g_memdup2 (&id, sizeof id), s);
    }
  return s;
}

static const char *
role_of_side (Side side)
{
  switch (side)
    {
    case SIDE_SUPPLIER:
      return "FOURNISSEUR";
    case SIDE_VALIDATOR:
      return "VALIDATEUR";
    case SIDE_RECIPIENT:
    default:
      return "DESTINATAIRE";
    }
}

static gboolean
invoice_visible (SimCtx *ctx, const SimInvoice *inv, Side side)
{
  switch (side)
    {
    case SIDE_SUPPLIER:
      return sim_account_has (ctx, inv->supplier_id, "FOURNISSEUR");
    case SIDE_VALIDATOR:
      return inv->valideur_id != 0 && sim_account_has (ctx, inv->valideur_id, "VALIDATEUR");
    case SIDE_RECIPIENT:
    default:
      /* Invoices still waiting for validation are not yet with the recipient. */
      return sim_account_has (ctx, inv->recipient_id, "DESTINATAIRE") &&
             g_strcmp0 (inv->statut, "A_VALIDER") != 0 && g_strcmp0 (inv->statut, "REFUSEE") != 0;
    }
}

static gboolean
valid_date (const char *s)
{
  int y, m, d;
  return s != NULL && strlen (s) >= 10 && sscanf (s, "%4d-%2d-%2d", &y, &m, &d) == 3 && s[4] == '-' && s[7] == '-' &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* "2026-01-07T10:11:47.823Z" or "2026-01-07" → "2026-01-07 10:11", comparable with date_etat. */
static char *
datetime_key (const char *s, gboolean end_of_day)
{
  if (strlen (s) >= 16 && (s[10] == 'T' || s[10] == ' '))
    return g_strdup_printf ("%.10s %.5s", s, s + 11);
  return g_strdup_printf ("%.10s %s", s, end_of_day ? "23:59" : "00:00");
}

static gboolean
blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* ---- searches --------------------------------------------------------------------------- */

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
  { "DesignationFournisseur", "(SELECT designation FROM structures WHERE id = i.supplier_id)" },
  { "CodeFournisseur", "(SELECT identifiant FROM structures WHERE id = i.supplier_id)" },
  { "DesignationDestinataire", "(SELECT designation FROM structures WHERE id = i.recipient_id)" },
  { "CodeDestinataire", "(SELECT identifiant FROM structures WHERE id = i.recipient_id)" },
  { "CodeServiceExecutant", "(SELECT code FROM services WHERE id = i.service_id)" },
};

static void
add_range (SimCtx *ctx, GString *where, GPtrArray *binds, JsonObject *req, const char *min_key,
           const char *max_key, const char *column)
{
  gboolean present;
  gint64 v = sim_req_amount (ctx, req, min_key, 0, &present);

  if (present)
    {
      g_string_append_printf (where, " AND %s >= ?", column);
      sim_bind_int (binds, v);
    }
  v = sim_req_amount (ctx, req, max_key, 0, &present);
  if (present)
    {
      g_string_append_printf (where, " AND %s <= ?", column);
      sim_bind_int (binds, v);
    }
}

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
      if (!valid_date (v))
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

      if (chorus_status_from_api (s) == CHORUS_STATUS_UNKNOWN)
        {
          sim_bad_request (ctx, "statut « %s » inconnu", s);
          return;
        }
      g_string_append (where, k ? ",?" : "?");
      sim_bind_text (binds, s);
    }
  g_string_append_c (where, ')');
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

static JsonObject *
list_item (Cache *c, const SimInvoice *inv, Side side)
{
  JsonObject *o = json_object_new ();
  SimStructure *sup = cache_structure (c, inv->supplier_id);
  SimStructure *rec = cache_structure (c, inv->recipient_id);
  SimService *svc = cache_service (c, inv->service_id);
  SimService *sup_svc = cache_service (c, inv->supplier_service_id);

  json_object_set_int_member (o, side == SIDE_SUPPLIER ? "identifiantFactureCPP" : "idFacture", inv->id);
  json_object_set_string_member (o, "numeroFacture", inv->numero);
  json_object_set_string_member (o, "statut", inv->statut);
  json_object_set_string_member (o, "typeDemandePaiement", "FACTURE");
  json_object_set_string_member (o, "typeFacture", inv->type_facture);
  json_object_set_null_member (o, "typeFactureTravaux");
  json_object_set_string_member (o, "cadreFacturation", inv->cadre);
  json_object_set_string_member (o, "dateDepot", inv->date_depot);
  json_object_set_string_member (o, "dateFacture", inv->date_facture);
  json_object_set_string_member (o, "dateHeureEtatCourant", inv->date_etat);
  sim_set_amount (o, "montantHT", inv->ht);
  sim_set_amount (o, "montantTTC", inv->ttc);
  sim_set_amount (o, "montantAPayer", inv->a_payer);
  json_object_set_string_member (o, "devise", inv->devise);
  json_object_set_int_member (o, "idDestinataire", inv->recipient_id);
  sim_set_str (o, "codeDestinataire", rec ? rec->identifiant : NULL);
  sim_set_str (o, "designationDestinataire", rec ? rec->designation : NULL);
  if (svc)
    json_object_set_int_member (o, "idServiceExecutant", svc->id);
  else
    json_object_set_null_member (o, "idServiceExecutant");
  sim_set_str (o, "codeServiceExecutant", svc ? svc->code : NULL);
  sim_set_str (o, "nomServiceExecutant", svc ? svc->libelle : NULL);
  json_object_set_int_member (o, "idFournisseur", inv->supplier_id);
  sim_set_str (o, "codeFournisseur", sup ? sup->identifiant : NULL);
  sim_set_str (o, "designationFournisseur", sup ? sup->designation : NULL);
  sim_set_str (o, "typeIdentifiantFournisseur", sup ? sup->type_identifiant : NULL);
  sim_set_str (o, "codeServiceFournisseur", sup_svc ? sup_svc->code : NULL);
  sim_set_str (o, "nomServiceFournisseur", sup_svc ? sup_svc->libelle : NULL);
  sim_set_str (o, "numeroMarche", inv->numero_marche);
  sim_set_str (o, "numeroBonCommande", inv->numero_bc);
  sim_set_str (o, "commentaireEtatCourant", inv->commentaire_etat);
  json_object_set_int_member (o, "taille", 40000 + (inv->lines_seed % 50000) + inv->n_lines * 900);
  if (side == SIDE_SUPPLIER)
    {
      sim_set_str (o, "modeDepot", inv->mode_depot);
      sim_set_str (o, "numeroFluxDepot", inv->numero_flux);
      sim_set_str (o, "numeroFactureOrigine", inv->numero_origine);
      json_object_set_boolean_member (o, "rejetTraite", FALSE);
    }
  else
    json_object_set_boolean_member (o, "factureTelechargeeParDestinataire", inv->telechargee);
  if (side == SIDE_VALIDATOR)
    {
      SimStructure *val = cache_structure (c, inv->valideur_id);
      sim_set_str (o, "codeValideur1", val ? val->identifiant : NULL);
      sim_set_str (o, "raisonSocialeValideur1", val ? val->designation : NULL);
    }
  return o;
}

static JsonObject *
search_invoices (SimCtx *ctx, JsonObject *req, Side side)
{
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autoptr(GArray) attached = sim_dataset_attached (ctx->ds, role_of_side (side));
  g_autofree char *in = sim_in_list (attached);
  g_autofree char *count_sql = NULL;
  g_autofree char *sql = NULL;
  const char *paging_key;
  JsonObject *paging_obj;
  SimPaging paging;
  JsonObject *answer;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;
  const char *type_dp;
  Cache cache;

  switch (side)
    {
    case SIDE_SUPPLIER:
      paging_key = "rechercheFactureParFournisseur";
      g_string_append_printf (where, " AND i.supplier_id IN %s", in);
      if (sim_has (req, "idFournisseur"))
        {
          gint64 id = sim_req_int (ctx, req, "idFournisseur", 0);
          if (!ctx->error && !sim_account_has (ctx, id, "FOURNISSEUR"))
            return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure fournisseur %" G_GINT64_FORMAT, id);
          g_string_append (where, " AND i.supplier_id = ?");
          sim_bind_int (binds, id);
        }
      if (sim_has (req, "idServiceFournisseur"))
        {
          g_string_append (where, " AND i.supplier_service_id = ?");
          sim_bind_int (binds, sim_req_int (ctx, req, "idServiceFournisseur", 0));
        }
      add_id_list (ctx, where, sim_req_array (ctx, req, "listeDestinataire"), "idDestinataire", "i.recipient_id");
      add_text (ctx, where, binds, req, "numeroFluxDepot", "i.numero_flux");
      add_text (ctx, where, binds, req, "typeFacture", "i.type_facture");
      add_text (ctx, where, binds, req, "modeDepot", "i.mode_depot");
      add_text (ctx, where, binds, req, "numeroFactureOrigine", "i.numero_origine");
      break;
    case SIDE_VALIDATOR:
      paging_key = "pagination";
      g_string_append_printf (where, " AND i.valideur_id IN %s", in);
      add_text (ctx, where, binds, req, "typeFacture", "i.type_facture");
      break;
    case SIDE_RECIPIENT:
    default:
      paging_key = "paramRecherche";
      g_string_append_printf (where, " AND i.recipient_id IN %s AND i.statut NOT IN ('A_VALIDER', 'REFUSEE')", in);
      if (sim_has (req, "idDestinataire"))
        {
          gint64 id = sim_req_int (ctx, req, "idDestinataire", 0);
          if (!ctx->error && !sim_account_has (ctx, id, "DESTINATAIRE"))
            return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure destinataire %" G_GINT64_FORMAT, id);
          g_string_append (where, " AND i.recipient_id = ?");
          sim_bind_int (binds, id);
        }
      if (sim_has (req, "idServiceExecutant"))
        {
          g_string_append (where, " AND i.service_id = ?");
          sim_bind_int (binds, sim_req_int (ctx, req, "idServiceExecutant", 0));
        }
      add_id_list (ctx, where, sim_req_array (ctx, req, "listeFournisseurs"), "idFournisseur", "i.supplier_id");
      {
        g_autoptr(GPtrArray) types = sim_req_str_list (ctx, req, "listeTypeFacture");
        if (types->len > 0)
          {
            g_string_append (where, " AND i.type_facture IN (");
            for (guint k = 0; k < types->len; k++)
              {
                g_string_append (where, k ? ",?" : "?");
                sim_bind_text (binds, g_ptr_array_index (types, k));
              }
            g_string_append_c (where, ')');
          }
      }
      if (sim_has (req, "factureTelechargeeParDestinataire"))
        {
          g_string_append (where, " AND i.telechargee = ?");
          sim_bind_int (binds, sim_req_bool (ctx, req, "factureTelechargeeParDestinataire", FALSE));
        }
      break;
    }

  type_dp = sim_req_str (ctx, req, "typeDemandePaiement", NULL);
  if (type_dp != NULL && g_strcmp0 (type_dp, "FACTURE") != 0 && g_strcmp0 (type_dp, "FACTURE_TRAVAUX") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeDemandePaiement « %s » inconnu", type_dp);
  if (g_strcmp0 (type_dp, "FACTURE_TRAVAUX") == 0)
    g_string_append (where, " AND 0");  /* works pieces are searched with facturesTravaux/v1/rechercher */

  add_text (ctx, where, binds, req, "numeroFacture", "i.numero");
  add_text (ctx, where, binds, req, "numeroMarche", "i.numero_marche");
  add_text (ctx, where, binds, req, "numeroBonCommande", "i.numero_bc");
  add_text (ctx, where, binds, req, "cadreFacturation", "i.cadre");
  add_statuses (ctx, where, binds, req, "statutCourant");
  add_period (ctx, where, binds, req, "periodeDateDepotDu", "periodeDateDepotAu", "i.date_depot", FALSE);
  add_period (ctx, where, binds, req, "periodeDateFactureDu", "periodeDateFactureAu", "i.date_facture", FALSE);
  add_period (ctx, where, binds, req, "periodeDateHeureEtatCourantDu", "periodeDateHeureEtatCourantAu", "i.date_etat", TRUE);
  add_range (ctx, where, binds, req, "montantHTMin", "montantHTMax", "i.ht");
  add_range (ctx, where, binds, req, "montantTTCMin", "montantTTCMax", "i.ttc");
  if (side == SIDE_VALIDATOR)
    add_range (ctx, where, binds, req, "montantAPayerMin", "montantAPayerMax", "i.a_payer");
  else
    add_range (ctx, where, binds, req, "montantApayerMin", "montantApayerMax", "i.a_payer");

  paging_obj = sim_req_obj (ctx, req, paging_key);
  if (ctx->error ||
      !sim_read_paging (ctx, paging_obj, side == SIDE_SUPPLIER ? 10 : 50, invoice_sort_columns,
                        G_N_ELEMENTS (invoice_sort_columns), "i.date_depot", TRUE, &paging))
    return NULL;

  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM invoices i WHERE %s", where->str);
  total = sim_count (ctx, count_sql, binds);
  if (total == 0)
    {
      answer = sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
      json_object_set_array_member (answer, "listeFactures", json_array_new ());
    }
  else
    answer = sim_ok ();

  if (side == SIDE_RECIPIENT)
    sim_write_paging (answer, &paging, total, "");
  else
    {
      JsonObject *ret = json_object_new ();
      sim_write_paging (ret, &paging, total, "");
      json_object_set_object_member (answer, "parametresRetour", ret);
    }
  if (total == 0)
    return answer;

  sql = g_strdup_printf ("SELECT " SIM_INVOICE_COLUMNS " FROM invoices i WHERE %s ORDER BY %s %s, i.id %s"
                         " LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         where->str, paging.column, paging.descending ? "DESC" : "ASC",
                         paging.descending ? "DESC" : "ASC", paging.per_page, (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  items = json_array_new ();
  cache_init (&cache, ctx);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SimInvoice) inv = sim_invoice_from_row (stmt);
      json_array_add_object_element (items, list_item (&cache, inv, side));
    }
  cache_clear (&cache);
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeFactures", items);
  return answer;
}

static JsonObject *
rechercher_recipiendaire (SimCtx *ctx, JsonObject *req)
{
  return search_invoices (ctx, req, SIDE_RECIPIENT);
}

static JsonObject *
rechercher_fournisseur (SimCtx *ctx, JsonObject *req)
{
  return search_invoices (ctx, req, SIDE_SUPPLIER);
}

static JsonObject *
rechercher_valideur (SimCtx *ctx, JsonObject *req)
{
  return search_invoices (ctx, req, SIDE_VALIDATOR);
}

/* ---- consult ---------------------------------------------------------------------------- */

static JsonObject *
address_object (const SimStructure *s, const char *prefix)
{
  JsonObject *a = json_object_new ();
  g_autofree char *k_detail = g_strconcat (prefix, "Detail", NULL);
  g_autofree char *k_cp = g_strconcat (prefix, "CodePostal", NULL);
  g_autofree char *k_ville = g_strconcat (prefix, "Ville", NULL);
  g_autofree char *k_pays = g_strconcat (prefix, "CodePays", NULL);
  g_autofree char *k_lpays = g_strconcat (prefix, "LibellePays", NULL);

  sim_set_str (a, k_detail, s ? s->adresse : NULL);
  sim_set_str (a, k_cp, s ? s->code_postal : NULL);
  sim_set_str (a, k_ville, s ? s->ville : NULL);
  sim_set_str (a, k_pays, s ? s->pays : NULL);
  sim_set_str (a, k_lpays, s && g_strcmp0 (s->pays, "FR") == 0 ? "France" : s ? s->pays : NULL);
  return a;
}

static GPtrArray *
invoice_attachments (SimCtx *ctx, const SimInvoice *inv)
{
  /* id, name, extension, type: as JsonObjects in the pieceJointe shape. */
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *main = json_object_new ();
  g_autofree char *name = g_strdup_printf ("%s.pdf", inv->numero);
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) binds = sim_binds_new ();

  json_object_set_int_member (main, "pieceJointeId", inv->main_pj_id ? inv->main_pj_id : inv->id);
  json_object_set_int_member (main, "pieceJointeIdLiaison", inv->id);
  json_object_set_string_member (main, "pieceJointeDesignation", name);
  json_object_set_string_member (main, "pieceJointeExtension", "PDF");
  json_object_set_null_member (main, "pieceJointeNumeroLigneFacture");
  json_object_set_string_member (main, "pieceJointeTypeCode", "FACTURE");
  json_object_set_string_member (main, "pieceJointeTypeLibelle", "Facture");
  g_ptr_array_add (out, main);

  sim_bind_int (binds, inv->id);
  sim_bind_int (binds, inv->main_pj_id);
  stmt = sim_prepare (ctx, "SELECT id, nom, extension, type_code, numero_ligne FROM attachments"
                           " WHERE invoice_id = ? AND id != ? ORDER BY id", binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *pj = json_object_new ();

      json_object_set_int_member (pj, "pieceJointeId", sqlite3_column_int64 (stmt, 0));
      json_object_set_int_member (pj, "pieceJointeIdLiaison", inv->id);
      json_object_set_string_member (pj, "pieceJointeDesignation", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (pj, "pieceJointeExtension", (const char *) sqlite3_column_text (stmt, 2));
      if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        json_object_set_null_member (pj, "pieceJointeNumeroLigneFacture");
      else
        json_object_set_int_member (pj, "pieceJointeNumeroLigneFacture", sqlite3_column_int (stmt, 4));
      json_object_set_string_member (pj, "pieceJointeTypeCode", "PJ_COMPLEMENTAIRE");
      json_object_set_string_member (pj, "pieceJointeTypeLibelle", "Pièce jointe complémentaire");
      g_ptr_array_add (out, pj);
    }
  sqlite3_finalize (stmt);
  return out;
}

static JsonObject *
facture_detail (SimCtx *ctx, const SimInvoice *inv, SimPaging *lines_paging, SimPaging *pj_paging)
{
  Cache cache;
  JsonObject *f = json_object_new ();
  JsonObject *o;
  JsonArray *arr;
  SimStructure *sup, *rec, *val;
  SimService *svc, *sup_svc;
  g_autoptr(GPtrArray) lines = sim_invoice_lines (inv);
  g_autoptr(GPtrArray) vat = sim_vat_summary (lines);
  g_autoptr(GPtrArray) pjs = invoice_attachments (ctx, inv);
  const char *creation_time = inv->date_etat && strlen (inv->date_etat) >= 16 ? inv->date_etat + 11 : "09:00";

  cache_init (&cache, ctx);
  sup = cache_structure (&cache, inv->supplier_id);
  rec = cache_structure (&cache, inv->recipient_id);
  val = cache_structure (&cache, inv->valideur_id);
  svc = cache_service (&cache, inv->service_id);
  sup_svc = cache_service (&cache, inv->supplier_service_id);

  json_object_set_int_member (f, "identifiantFactureCPP", inv->id);
  json_object_set_string_member (f, "numeroFacture", inv->numero);
  json_object_set_string_member (f, "statutFacture", inv->statut);
  sim_set_str (f, "modeDepot", inv->mode_depot);
  sim_set_str (f, "commentaire", inv->commentaire);
  sim_set_str (f, "commentaireEtatCourant", inv->commentaire_etat);

  o = json_object_new ();
  json_object_set_string_member (o, "codeCadreFacturation", inv->cadre);
  sim_set_str (o, "codeStructureValideur", val ? val->identifiant : NULL);
  sim_set_str (o, "designationStructureValideur", val ? val->designation : NULL);
  json_object_set_object_member (f, "cadreDeFacturation", o);

  o = json_object_new ();
  sim_set_str (o, "codeDestinataire", rec ? rec->identifiant : NULL);
  json_object_set_int_member (o, "idDestinataire", inv->recipient_id);
  sim_set_str (o, "libelleDestinataire", rec ? rec->designation : NULL);
  json_object_set_string_member (o, "destinataireEtat", "ACTIF");
  sim_set_str (o, "codeServiceExecutant", svc ? svc->code : NULL);
  if (svc)
    json_object_set_int_member (o, "idServiceExecutant", svc->id);
  else
    json_object_set_null_member (o, "idServiceExecutant");
  sim_set_str (o, "libelleServiceExecutant", svc ? svc->libelle : NULL);
  json_object_set_object_member (o, "adresseDestinataire", address_object (rec, "adresseDestinataire"));
  json_object_set_object_member (f, "destinataire", o);

  o = json_object_new ();
  json_object_set_int_member (o, "idFournisseur", inv->supplier_id);
  sim_set_str (o, "codeFournisseur", sup ? sup->identifiant : NULL);
  sim_set_str (o, "typeIdentifiantFournisseur", sup ? sup->type_identifiant : NULL);
  sim_set_str (o, "designationFournisseur", sup ? sup->designation : NULL);
  sim_set_str (o, "numeroRcsFournisseur", sup ? sup->rcs : NULL);
  if (sup_svc)
    json_object_set_int_member (o, "idServiceFournisseur", sup_svc->id);
  else
    json_object_set_null_member (o, "idServiceFournisseur");
  sim_set_str (o, "codeServiceFournisseur", sup_svc ? sup_svc->code : NULL);
  sim_set_str (o, "libelleServiceFournisseur", sup_svc ? sup_svc->libelle : NULL);
  json_object_set_object_member (o, "adresseFournisseur", address_object (sup, "adresseFournisseur"));
  {
    JsonObject *cb = json_object_new ();
    g_autofree char *iban = g_strdup_printf ("FR76%010u%013u", (guint) (inv->supplier_id % 1000000000u),
                                             (guint) ((inv->supplier_id * 7919u) % 1000000000u));
    json_object_set_string_member (cb, "CodePays", "FR");
    json_object_set_string_member (cb, "CompteBancaire", iban);
    json_object_set_string_member (cb, "NomCb", "Compte principal");
    json_object_set_object_member (o, "coordBancairesFournisseur", cb);
  }
  json_object_set_object_member (f, "fournisseur", o);

  o = json_object_new ();
  json_object_set_string_member (o, "typeFacture", inv->type_facture);
  json_object_set_null_member (o, "typeFactureTravaux");
  sim_set_str (o, "typeTva", inv->type_tva);
  json_object_set_string_member (o, "codeDeviseFacture", inv->devise);
  json_object_set_string_member (o, "libelleDeviseFacture", g_strcmp0 (inv->devise, "EUR") == 0 ? "Euro" : inv->devise);
  json_object_set_string_member (o, "dateFacture", inv->date_facture);
  json_object_set_string_member (o, "dateDepot", inv->date_depot);
  {
    g_autofree char *creation = g_strdup_printf ("%s %.5s", inv->date_depot, creation_time);
    json_object_set_string_member (o, "dateCreationFacture", creation);
  }
  sim_set_str (o, "dateEcheancePaiement", inv->date_echeance);
  sim_set_str (o, "modePaiement", inv->mode_paiement);
  sim_set_str (o, "motifExonerationTva", inv->motif_exoneration ? "EXO_ART_261" : NULL);
  sim_set_str (o, "libelleMotifExonerationTva", inv->motif_exoneration);
  sim_set_str (o, "numeroMarche", inv->numero_marche);
  sim_set_str (o, "numeroBonCommande", inv->numero_bc);
  sim_set_str (o, "numeroFactureOrigine", inv->numero_origine);
  sim_set_str (o, "numeroDpMandat", inv->numero_mandat);
  json_object_set_int_member (o, "tailleTotalePiecesJointes", 40000 + (inv->lines_seed % 50000) + inv->n_lines * 900);
  json_object_set_object_member (f, "references", o);

  o = json_object_new ();
  sim_set_amount (o, "montantHtTotal", inv->ht);
  sim_set_amount (o, "montantTVA", inv->tva);
  sim_set_amount (o, "montantTtcTotal", inv->ttc);
  sim_set_amount (o, "montantRemiseGlobaleTTC", 0);
  json_object_set_null_member (o, "motifRemiseGlobaleTTC");
  sim_set_amount (o, "montantTtcAvantRemiseGlobalTTC", inv->ttc);
  sim_set_amount (o, "montantAPayer", inv->a_payer);
  json_object_set_object_member (f, "montantTotal", o);

  o = json_object_new ();
  arr = json_array_new ();
  for (gint64 k = (lines_paging->page - 1) * lines_paging->per_page;
       k < (gint64) lines->len && k < lines_paging->page * lines_paging->per_page; k++)
    {
      SimLine *l = g_ptr_array_index (lines, k);
      JsonObject *lo = json_object_new ();
      gint64 total_ht = sim_line_total_ht (l);
      gint64 line_vat = (gint64) ((double) total_ht * l->taux_bp / 10000.0 + (total_ht >= 0 ? 0.5 : -0.5));
      const char *unit_label = sim_unit_label (l->unite);

      json_object_set_int_member (lo, "lignePosteNumero", l->numero);
      sim_set_str (lo, "lignePosteReference", l->reference);
      sim_set_str (lo, "lignePosteDenomination", l->denomination);
      json_object_set_double_member (lo, "lignePosteQuantite", l->quantite);
      sim_set_str (lo, "lignePosteUnite", l->unite);
      sim_set_str (lo, "lignePosteUniteCode", l->unite);
      sim_set_str (lo, "lignePosteUniteLibelle", unit_label);
      sim_set_amount (lo, "lignePosteMontantUnitaireHT", l->pu_ht);
      sim_set_amount (lo, "lignePosteMontantRemiseHT", l->remise_ht);
      sim_set_str (lo, "lignePosteTauxTva", l->taux_code);
      json_object_set_double_member (lo, "lignePosteTauxTvaManuel", l->taux_bp / 100.0);
      sim_set_amount (lo, "lignePosteMontantHtApresRemise", total_ht);
      sim_set_amount (lo, "lignePosteMontantTva", line_vat);
      sim_set_amount (lo, "lignePosteMontantTtcApresRemise", total_ht + line_vat);
      json_array_add_object_element (arr, lo);
    }
  json_object_set_array_member (o, "lignePoste", arr);
  sim_write_paging (o, lines_paging, lines->len, "LignesPoste");
  json_object_set_object_member (f, "lignesDePoste", o);

  o = json_object_new ();
  arr = json_array_new ();
  for (guint k = 0; k < vat->len; k++)
    {
      SimVatLine *v = g_ptr_array_index (vat, k);
      const SimVatRate *rate = sim_vat_rate_find (v->taux_code);
      JsonObject *vo = json_object_new ();

      sim_set_str (vo, "ligneTvaTauxRefCode", v->taux_code);
      json_object_set_int_member (vo, "ligneTvaTauxRefId", rate ? (gint64) (rate - sim_vat_rates (&(gsize){0})) + 1 : 0);
      sim_set_str (vo, "ligneTvaTauxRefLibelle", rate ? rate->libelle : NULL);
      json_object_set_double_member (vo, "ligneTvaTauxRefValeur", v->taux_bp / 100.0);
      json_object_set_double_member (vo, "ligneTvaTauxManuel", v->taux_bp / 100.0);
      sim_set_amount (vo, "ligneTvaMontantBaseHtParTaux", v->base_ht);
      sim_set_amount (vo, "ligneTvaMontantTvaParTaux", g_strcmp0 (inv->type_tva, "EXONERATION") == 0 ? 0 : v->tva);
      json_array_add_object_element (arr, vo);
    }
  json_object_set_array_member (o, "ligneTva", arr);
  {
    SimPaging all = { 1, MAX (1, (gint64) vat->len), NULL, FALSE };
    sim_write_paging (o, &all, vat->len, "LignesRecapitulativesTVA");
  }
  json_object_set_object_member (f, "recapitulatifDeTva", o);

  o = json_object_new ();
  arr = json_array_new ();
  for (gint64 k = (pj_paging->page - 1) * pj_paging->per_page;
       k < (gint64) pjs->len && k < pj_paging->page * pj_paging->per_page; k++)
    json_array_add_object_element (arr, json_object_ref (g_ptr_array_index (pjs, k)));
  json_object_set_array_member (o, "pieceJointe", arr);
  sim_write_paging (o, pj_paging, pjs->len, "ListePiecesJointe");
  json_object_set_object_member (f, "listeDesPiecesJointes", o);

  o = json_object_new ();
  json_object_set_int_member (o, "idPieceJointePrincipale", inv->main_pj_id ? inv->main_pj_id : inv->id);
  json_object_set_int_member (o, "idLiaisonPieceJointePrincipale", inv->id);
  json_object_set_object_member (f, "pieceJointePrincipale", o);

  cache_clear (&cache);
  return f;
}

static JsonObject *
consulter (SimCtx *ctx, JsonObject *req, Side side)
{
  gint64 id = sim_req_int (ctx, req, "identifiantFactureCPP", 0);
  const char *lang = sim_req_str (ctx, req, "codeLangue", "FR");
  g_autoptr(SimInvoice) inv = NULL;
  SimPaging lines_paging, pj_paging;
  JsonObject *answer;

  if (side == SIDE_VALIDATOR && !sim_has (req, "identifiantFactureCPP"))
    id = sim_req_int (ctx, req, "idFacture", 0);
  if (side == SIDE_SUPPLIER)
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
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ identifiantFactureCPP est obligatoire");

  inv = sim_invoice_load (ctx->ds, id);
  if (inv == NULL || !invoice_visible (ctx, inv, side))
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

  answer = sim_ok ();
  json_object_set_object_member (answer, "facture", facture_detail (ctx, inv, &lines_paging, &pj_paging));
  return answer;
}

static JsonObject *
consulter_recipiendaire (SimCtx *ctx, JsonObject *req)
{
  return consulter (ctx, req, SIDE_RECIPIENT);
}

static JsonObject *
consulter_fournisseur (SimCtx *ctx, JsonObject *req)
{
  return consulter (ctx, req, SIDE_SUPPLIER);
}

static JsonObject *
consulter_valideur (SimCtx *ctx, JsonObject *req)
{
  return consulter (ctx, req, SIDE_VALIDATOR);
}

/* Any side the account is on may read the history and download. */
static SimInvoice *
load_any_side (SimCtx *ctx, gint64 id)
{
  SimInvoice *inv = id > 0 ? sim_invoice_load (ctx->ds, id) : NULL;

  if (inv != NULL && (invoice_visible (ctx, inv, SIDE_RECIPIENT) || invoice_visible (ctx, inv, SIDE_SUPPLIER) ||
                      invoice_visible (ctx, inv, SIDE_VALIDATOR)))
    return inv;
  sim_invoice_free (inv);
  return NULL;
}

static JsonObject *
consulter_historique (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  g_autoptr(SimInvoice) inv = NULL;
  g_autoptr(GPtrArray) history = NULL;
  JsonObject *answer, *o, *last;
  JsonArray *arr;
  SimPaging paging;

  sim_read_sub_paging (ctx, sim_req_obj (ctx, req, "paramRechercheHistoStatuts"), "HistoStatut", &paging);
  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idFacture est obligatoire");
  inv = load_any_side (ctx, id);
  if (inv == NULL)
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

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
  for (gint64 k = (paging.page - 1) * paging.per_page; k < (gint64) history->len && k < paging.page * paging.per_page; k++)
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

/* ---- processing ------------------------------------------------------------------------- */

static JsonObject *
traiter_recue (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  const char *target_api = sim_req_str (ctx, req, "nouveauStatut", NULL);
  const char *motif = sim_req_str (ctx, req, "motif", NULL);
  const char *mandat = sim_req_str (ctx, req, "numeroDPMandat", NULL);
  ChorusStatus target, current, allowed[16];
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  gsize n_allowed;
  gboolean ok = FALSE;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idFacture est obligatoire");
  if (target_api == NULL || *target_api == '\0')
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ nouveauStatut est obligatoire");
  target = chorus_status_from_api (target_api);
  if (!chorus_status_is_recipient_target (target))
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le statut « %s » ne peut pas être positionné par un destinataire", target_api);

  inv = sim_invoice_load (ctx->ds, id);
  if (inv == NULL || !invoice_visible (ctx, inv, SIDE_RECIPIENT))
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

  current = chorus_status_from_api (inv->statut);
  n_allowed = chorus_status_recipient_targets (current, allowed, G_N_ELEMENTS (allowed));
  for (gsize k = 0; k < n_allowed; k++)
    ok |= allowed[k] == target;
  if (!ok)
    return sim_fail (SIM_CODE_TRANSITION, "Le passage du statut %s au statut %s n'est pas autorisé", inv->statut, target_api);
  if (chorus_status_needs_motif (target) && blank (motif))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, "Le motif est obligatoire pour le statut %s", target_api);
  if (motif != NULL && g_utf8_strlen (motif, -1) > 255)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le motif ne doit pas dépasser 255 caractères");

  when = sim_invoice_set_status (ctx->ds, inv->id, target_api, motif && *motif ? motif : NULL);
  if (target == CHORUS_STATUS_MANDATEE && mandat != NULL && *mandat != '\0')
    {
      g_autoptr(GPtrArray) binds = sim_binds_new ();
      sqlite3_stmt *stmt;

      sim_bind_text (binds, mandat);
      sim_bind_int (binds, inv->id);
      stmt = sim_prepare (ctx, "UPDATE invoices SET numero_mandat = ? WHERE id = ?", binds);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }

  answer = sim_ok ();
  json_object_set_int_member (answer, "idFacture", inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  json_object_set_string_member (answer, "dateTraitement", when);
  json_object_set_string_member (answer, "nouveauStatut", target_api);
  return answer;
}

/* ---- download --------------------------------------------------------------------------- */

#define MAX_DOWNLOAD_BYTES (120 * 1024 * 1024)

static void
mark_downloaded (SimCtx *ctx, const SimInvoice *inv)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;

  if (!invoice_visible (ctx, inv, SIDE_RECIPIENT))
    return;
  sim_bind_int (binds, inv->id);
  stmt = sim_prepare (ctx, "UPDATE invoices SET telechargee = 1 WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static char *
pivot_xml (SimCtx *ctx, GPtrArray *invoices)
{
  GString *x = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CPPFactures>\n");

  for (guint k = 0; k < invoices->len; k++)
    {
      SimInvoice *inv = g_ptr_array_index (invoices, k);
      g_autoptr(GBytes) pdf = sim_invoice_pdf (ctx, inv);
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
      g_autofree char *numero = g_markup_escape_text (inv->numero, -1);

      g_string_append_printf (x, "  <CPPFacturePivotUnitaire>\n    <Id>%" G_GINT64_FORMAT "</Id>\n"
                                 "    <NumeroFacture>%s</NumeroFacture>\n    <Statut>%s</Statut>\n"
                                 "    <DateFacture>%s</DateFacture>\n    <MontantHT>%.2f</MontantHT>\n"
                                 "    <MontantTTC>%.2f</MontantTTC>\n"
                                 "    <PieceJointe nom=\"%s.pdf\" type=\"FACTURE\">%s</PieceJointe>\n"
                                 "  </CPPFacturePivotUnitaire>\n",
                              inv->id, numero, inv->statut, inv->date_facture, sim_cents_to_json (inv->ht),
                              sim_cents_to_json (inv->ttc), numero, b64);
    }
  g_string_append (x, "</CPPFactures>\n");
  return g_string_free (x, FALSE);
}

static JsonObject *
telecharger_groupe (SimCtx *ctx, JsonObject *req)
{
  JsonArray *list = sim_req_array (ctx, req, "listeFacture");
  const char *format = sim_req_str (ctx, req, "format", NULL);
  const char *with_pj = sim_req_str (ctx, req, "avecPiecesJointesComplementaires", "Non");
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_invoice_free);
  g_autoptr(GBytes) result = NULL;
  g_autofree char *b64 = NULL;
  JsonObject *answer;
  gboolean attachments;

  if (ctx->error)
    return NULL;
  if (list == NULL || json_array_get_length (list) == 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "La liste des factures à télécharger est vide");
  if (format == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ format est obligatoire");
  if (g_strcmp0 (format, "PDF") != 0 && g_strcmp0 (format, "PIVOT") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le format « %s » n'est pas reconnu (PDF ou PIVOT)", format);
  if (g_strcmp0 (with_pj, "Oui") != 0 && g_strcmp0 (with_pj, "Non") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "avecPiecesJointesComplementaires doit valoir « Oui » ou « Non »");
  attachments = g_strcmp0 (with_pj, "Oui") == 0;

  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonNode *e = json_array_get_element (list, k);
      gint64 id;
      SimInvoice *inv;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          sim_bad_request (ctx, "listeFacture doit contenir des objets {idFacture}");
          return NULL;
        }
      id = sim_req_int (ctx, json_node_get_object (e), "idFacture", 0);
      if (ctx->error)
        return NULL;
      inv = load_any_side (ctx, id);
      if (inv == NULL)
        return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
      g_ptr_array_add (invoices, inv);
    }
  /* Each drawn PDF is ~10–60 kB: the 120 MB cap is reached long before this in practice. */
  if (invoices->len > 2000)
    return sim_fail (413, "Le volume du téléchargement dépasse 120 Mo");

  if (g_strcmp0 (format, "PIVOT") == 0)
    {
      char *xml = pivot_xml (ctx, invoices);
      result = g_bytes_new_take (xml, strlen (xml));
    }
  else
    {
      g_autoptr(GPtrArray) pjs = NULL;
      gboolean single = invoices->len == 1;

      if (single)
        {
          pjs = invoice_attachments (ctx, g_ptr_array_index (invoices, 0));
          single = !attachments || pjs->len == 1;
        }
      if (single)
        result = sim_invoice_pdf (ctx, g_ptr_array_index (invoices, 0));
      else
        {
          g_autoptr(SimZip) zip = sim_zip_new ();

          for (guint k = 0; k < invoices->len; k++)
            {
              SimInvoice *inv = g_ptr_array_index (invoices, k);
              g_autoptr(GBytes) pdf = sim_invoice_pdf (ctx, inv);
              g_autofree char *folder = invoices->len > 1 ? g_strdup_printf ("%s/", inv->numero) : g_strdup ("");
              g_autofree char *name = g_strdup_printf ("%s%s.pdf", folder, inv->numero);

              sim_zip_add (zip, name, pdf);
              if (attachments)
                {
                  g_autoptr(GPtrArray) list_pj = invoice_attachments (ctx, inv);

                  for (guint p = 1; p < list_pj->len; p++)
                    {
                      JsonObject *pj = g_ptr_array_index (list_pj, p);
                      g_autofree char *pj_name = NULL;
                      g_autofree char *pj_ext = NULL;
                      g_autoptr(GBytes) data = sim_attachment_data (ctx, json_object_get_int_member (pj, "pieceJointeId"),
                                                                    &pj_name, &pj_ext);
                      g_autofree char *path = NULL;

                      if (data == NULL)
                        continue;
                      path = g_strdup_printf ("%s%s", folder, pj_name);
                      sim_zip_add (zip, path, data);
                    }
                }
            }
          result = sim_zip_finish (zip);
        }
    }

  if (g_bytes_get_size (result) > MAX_DOWNLOAD_BYTES)
    return sim_fail (413, "Le volume du téléchargement dépasse 120 Mo");
  for (guint k = 0; k < invoices->len; k++)
    mark_downloaded (ctx, g_ptr_array_index (invoices, k));

  b64 = g_base64_encode (g_bytes_get_data (result, NULL), g_bytes_get_size (result));
  answer = sim_ok ();
  json_object_set_string_member (answer, "fichierResultat", b64);
  return answer;
}

/* ---- routes ----------------------------------------------------------------------------- */

static const SimRoute routes[] = {
  { "factures/v1/rechercher/recipiendaire", rechercher_recipiendaire },
  { "factures/v1/rechercher/fournisseur", rechercher_fournisseur },
  { "factures/v1/rechercher/valideur", rechercher_valideur },
  { "factures/v1/consulter/recipiendaire", consulter_recipiendaire },
  { "factures/v1/consulter/fournisseur", consulter_fournisseur },
  { "factures/v1/consulter/valideur", consulter_valideur },
  { "factures/v1/consulter/historique", consulter_historique },
  { "factures/v1/traiter/recue", traiter_recue },
  { "factures/v1/telecharger/groupe", telecharger_groupe },
};

const SimRoute *
sim_factures_routes (gsize *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
