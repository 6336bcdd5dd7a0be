/* chorus-sim-factures.c: the factures/v1 endpoints: searches, consults, processing, deposits. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-facturx.h"
#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"
#include "chorus-sim-zip.h"

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

/* The second-level validator sees an invoice once the first level validated it. */
static gboolean
second_validator_sees (const SimInvoice *inv)
{
  return inv->valideur2_id != 0 && inv->date_validation1 != NULL;
}

static gboolean
invoice_visible (SimCtx *ctx, const SimInvoice *inv, Side side)
{
  switch (side)
    {
    case SIDE_SUPPLIER:
      return sim_account_has (ctx, inv->supplier_id, "FOURNISSEUR");
    case SIDE_VALIDATOR:
      return (inv->valideur_id != 0 && sim_account_has (ctx, inv->valideur_id, "VALIDATEUR")) ||
             (second_validator_sees (inv) && sim_account_has (ctx, inv->valideur2_id, "VALIDATEUR"));
    case SIDE_RECIPIENT:
    default:
      /* Invoices still with their validators (or sent back by them) never reached the recipient. */
      return sim_account_has (ctx, inv->recipient_id, "DESTINATAIRE") && inv->niveau_validation == 0 &&
             !sim_status_hidden_from_recipient (inv->statut);
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
  { "DesignationFournisseur", "i.supplier_rank" },
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

  if (values->len == 0)
    return;
  g_string_append_printf (where, " AND %s IN (", column);
  for (guint k = 0; k < values->len; k++)
    {
      g_string_append (where, k ? ",?" : "?");
      sim_bind_text (binds, g_ptr_array_index (values, k));
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

static void
set_id (JsonObject *o, const char *key, gint64 id)
{
  if (id != 0)
    json_object_set_int_member (o, key, id);
  else
    json_object_set_null_member (o, key);
}

static gint64
invoice_size (const SimInvoice *inv)
{
  return 40000 + (inv->lines_seed % 50000) + inv->n_lines * 900;
}

/* A structure named by its id, identifier, name and identifier type: the keys are @id, @code,
 * @name and @type followed by @suffix ("codeValideur" + "1"); a NULL prefix leaves that one out. */
static void
set_party (JsonObject *o, const SimStructure *s, const char *suffix, const char *id, const char *code,
           const char *name, const char *type)
{
  const char *prefixes[] = { id, code, name, type };
  const char *values[] = { NULL, s ? s->identifiant : NULL, s ? s->designation : NULL, s ? s->type_identifiant : NULL };

  for (gsize k = 0; k < G_N_ELEMENTS (prefixes); k++)
    {
      g_autofree char *key = prefixes[k] ? g_strconcat (prefixes[k], suffix, NULL) : NULL;

      if (key == NULL)
        continue;
      if (k == 0)
        set_id (o, key, s ? s->id : 0);
      else
        sim_set_str (o, key, values[k]);
    }
}

/* The MOA and MOE of a works invoice, as the recipient's list names them (codeMOA …). */
static void
set_works_parties (Cache *c, JsonObject *o, const SimInvoice *inv)
{
  set_party (o, cache_structure (c, inv->moa_id), "MOA", NULL, "code", "designation", "typeIdentifiant");
  set_party (o, cache_structure (c, inv->moe_id), "MOE", NULL, "code", "designation", "typeIdentifiant");
}

/* The validator of the level the invoice waits at (or went through last). */
static gint64
current_validator (const SimInvoice *inv)
{
  return second_validator_sees (inv) ? inv->valideur2_id : inv->valideur_id;
}

/* An item of the three searches; each names its fields as the platform does (reference §2.1,
 * the recipient sample, GO's FactureParValideur). */
static JsonObject *
list_item (Cache *c, const SimInvoice *inv, Side side)
{
  JsonObject *o = json_object_new ();
  SimStructure *sup = cache_structure (c, inv->supplier_id);
  SimStructure *rec = cache_structure (c, inv->recipient_id);
  SimService *svc = cache_service (c, inv->service_id);
  SimService *sup_svc = cache_service (c, inv->supplier_service_id);
  gboolean validator = side == SIDE_VALIDATOR;

  json_object_set_int_member (o, side == SIDE_SUPPLIER ? "identifiantFactureCPP" : "idFacture", inv->id);
  json_object_set_string_member (o, "numeroFacture", inv->numero);
  json_object_set_string_member (o, "statut", inv->statut);
  json_object_set_string_member (o, "typeDemandePaiement", inv->type_dp);
  json_object_set_string_member (o, "typeFacture", inv->type_facture);
  if (side != SIDE_SUPPLIER)
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
  set_id (o, "idServiceExecutant", svc ? svc->id : 0);
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
    case SIDE_RECIPIENT:
      json_object_set_boolean_member (o, "factureTelechargeeParDestinataire", inv->telechargee);
      sim_set_str (o, "commentaireEtatCourant", inv->commentaire_etat);
      json_object_set_int_member (o, "taille", invoice_size (inv));
      if (inv->type_facture_travaux != NULL)
        set_works_parties (c, o, inv);
      break;
    case SIDE_SUPPLIER:
      {
        SimStructure *val1 = cache_structure (c, inv->valideur_id);
        SimStructure *val2 = cache_structure (c, inv->valideur2_id);

        sim_set_str (o, "modeDepot", inv->mode_depot);
        sim_set_str (o, "numeroFluxDepot", inv->numero_flux);
        sim_set_str (o, "numeroFactureOrigine", inv->numero_origine);
        sim_set_str (o, "commentaireEtatCourant", inv->commentaire_etat);
        json_object_set_boolean_member (o, "rejetTraite", FALSE);
        json_object_set_int_member (o, "taille", invoice_size (inv));
        set_party (o, val1, "1", NULL, "codeValideur", "raisonSocialeValideur", "typeIdentifiantValideur");
        sim_set_str (o, "dateValidation1", inv->date_validation1);
        set_party (o, val2, "2", NULL, "codeValideur", "raisonSocialeValideur", "typeIdentifiantValideur");
        sim_set_str (o, "dateValidation2", inv->date_validation2);
      }
      break;
    case SIDE_VALIDATOR:
    default:
      {
        sim_set_str (o, "typeIdentifiantDestinataire", rec ? rec->type_identifiant : NULL);
        set_party (o, cache_structure (c, current_validator (inv)), "Valideur", "id", "identifiant", "designation",
                   "typeIdentifiant");
      }
      break;
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
      g_string_append_printf (where, " AND (i.valideur_id IN %s OR (i.valideur2_id IN %s AND i.date_validation1 IS NOT NULL))",
                              in, in);
      if (sim_has (req, "idStructureValideur"))
        {
          gint64 id = sim_req_int (ctx, req, "idStructureValideur", 0);
          if (!ctx->error && !sim_account_has (ctx, id, "VALIDATEUR"))
            return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas valideur pour la structure %" G_GINT64_FORMAT, id);
          g_string_append (where, " AND (i.valideur_id = ? OR (i.valideur2_id = ? AND i.date_validation1 IS NOT NULL))");
          sim_bind_int (binds, id);
          sim_bind_int (binds, id);
        }
      if (sim_has (req, "idFournisseur"))
        {
          g_string_append (where, " AND i.supplier_id = ?");
          sim_bind_int (binds, sim_req_int (ctx, req, "idFournisseur", 0));
        }
      if (sim_has (req, "idDestinataire"))
        {
          g_string_append (where, " AND i.recipient_id = ?");
          sim_bind_int (binds, sim_req_int (ctx, req, "idDestinataire", 0));
        }
      add_text (ctx, where, binds, req, "numeroEngagement", "i.numero_bc");
      add_str_list (ctx, where, binds, req, "listeTypeFacture", "i.type_facture");
      add_str_list (ctx, where, binds, req, "listeTypeFactureTravaux", "i.type_facture_travaux");
      break;
    case SIDE_RECIPIENT:
    default:
      paging_key = "paramRecherche";
      g_string_append_printf (where, " AND i.queue_id IN %s", in);
      if (sim_has (req, "idDestinataire"))
        {
          gint64 id = sim_req_int (ctx, req, "idDestinataire", 0);
          if (!ctx->error && !sim_account_has (ctx, id, "DESTINATAIRE"))
            return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure destinataire %" G_GINT64_FORMAT, id);
          g_string_append (where, " AND i.queue_id = ?");
          sim_bind_int (binds, id);
        }
      if (sim_has (req, "idServiceExecutant"))
        {
          g_string_append (where, " AND i.service_id = ?");
          sim_bind_int (binds, sim_req_int (ctx, req, "idServiceExecutant", 0));
        }
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

  /* A recipient asks for one type at a time (Pastell searches FACTURE, then FACTURE_TRAVAUX);
   * UNCONFIRMED: without the field, the simulator answers the ordinary invoices. */
  type_dp = sim_req_str (ctx, req, "typeDemandePaiement", NULL);
  if (type_dp != NULL && !sim_vocabulary_has (SIM_VOCAB_TYPE_DEMANDE_PAIEMENT, type_dp))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeDemandePaiement « %s » inconnu", type_dp);
  if (type_dp != NULL || side == SIDE_RECIPIENT)
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

  /* The page's ids come from the index alone; only those rows are then read. */
  {
    const char *dir = paging.descending ? "DESC" : "ASC";

    sql = g_strdup_printf ("SELECT " SIM_INVOICE_COLUMNS " FROM invoices i JOIN"
                           " (SELECT i.id AS page_id FROM invoices i WHERE %s ORDER BY %s %s, i.id %s"
                           " LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT ") page ON i.id = page.page_id"
                           " ORDER BY %s %s, i.id %s",
                           where->str, paging.column, dir, dir, paging.per_page, (paging.page - 1) * paging.per_page,
                           paging.column, dir, dir);
  }
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
        set_id (o, key, s ? 100000 + s->id % 900000 : 0);
      else
        sim_set_str (o, key, values[k]);
    }
}

/* The validator and works fields of cadreDeFacturation{} (GO's CadreDeFacturation). */
static void
set_cadre_parties (Cache *c, JsonObject *o, const SimInvoice *inv)
{
  set_party (o, cache_structure (c, inv->valideur_id), "1", "idValideur", "codeValideur", "raisonSocialeValideur",
             "typeIdentifiantValideur");
  sim_set_str (o, "dateValidation1", inv->date_validation1);
  set_party (o, cache_structure (c, inv->valideur2_id), "2", "idValideur", "codeValideur", "raisonSocialeValideur",
             "typeIdentifiantValideur");
  sim_set_str (o, "dateValidation2", inv->date_validation2);
  set_party (o, cache_structure (c, inv->moa_id), "Moa", "id", "identifiant", "raisonSociale", "typeIdentifiant");
  set_party (o, cache_structure (c, inv->moe_id), "Moe", "id", "identifiant", "raisonSociale", "typeIdentifiant");
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

  if (sim_generated_attachment_kind (inv) != NULL)
    {
      JsonObject *pj = json_object_new ();
      g_autofree char *pj_name = g_strdup_printf ("%s_%s.pdf", sim_generated_attachment_kind (inv), inv->numero);

      json_object_set_int_member (pj, "pieceJointeId", SIM_GENERATED_ATTACHMENT_BASE + inv->id);
      json_object_set_int_member (pj, "pieceJointeIdLiaison", inv->id);
      json_object_set_string_member (pj, "pieceJointeDesignation", pj_name);
      json_object_set_string_member (pj, "pieceJointeExtension", "PDF");
      json_object_set_null_member (pj, "pieceJointeNumeroLigneFacture");
      json_object_set_string_member (pj, "pieceJointeTypeCode", "PJ_COMPLEMENTAIRE");
      json_object_set_string_member (pj, "pieceJointeTypeLibelle", "Pièce jointe complémentaire");
      g_ptr_array_add (out, pj);
    }

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

SimBankAccount *
sim_invoice_bank_account (SimCtx *ctx, const SimInvoice *inv)
{
  g_autoptr(GPtrArray) accounts = sim_bank_accounts (ctx->ds, inv->supplier_id, FALSE);
  SimBankAccount *drawn;

  for (guint k = 0; k < accounts->len; k++)
    {
      SimBankAccount *a = g_ptr_array_index (accounts, k);
      if ((inv->coord_banc_id != 0 && a->id == inv->coord_banc_id) || (inv->coord_banc_id == 0 && a->valide))
        return g_ptr_array_steal_index (accounts, k);
    }
  drawn = g_new0 (SimBankAccount, 1);
  drawn->structure_id = inv->supplier_id;
  drawn->nom = g_strdup ("Compte principal");
  drawn->iban = g_strdup_printf ("FR76%010u%013u", (guint) (inv->supplier_id % 1000000000u),
                                 (guint) ((inv->supplier_id * 7919u) % 1000000000u));
  drawn->valide = TRUE;
  return drawn;
}

static void
set_bank_details (SimCtx *ctx, JsonObject *o, const SimInvoice *inv)
{
  g_autoptr(SimBankAccount) bank = sim_invoice_bank_account (ctx, inv);

  set_id (o, "coordBancairesFournisseurId", bank->id);
  json_object_set_string_member (o, "coordBancairesFournisseurType", "IBAN");
  json_object_set_string_member (o, "coordBancairesFournisseurLibelle", bank->nom);
  json_object_set_string_member (o, "coordBancairesFournisseurCodePays", "FR");
  json_object_set_string_member (o, "coordBancairesFournisseurCompteBancaire", bank->iban);
  sim_set_str (o, "coordBancairesBicSwift", bank->bic);
}

static JsonObject *
facture_detail (SimCtx *ctx, const SimInvoice *inv, SimPaging *lines_paging, SimPaging *pj_paging)
{
  Cache cache;
  JsonObject *f = json_object_new ();
  JsonObject *o;
  JsonArray *arr;
  SimStructure *sup, *rec;
  SimService *svc, *sup_svc;
  g_autoptr(GPtrArray) lines = sim_invoice_lines (inv);
  g_autoptr(GPtrArray) vat = sim_vat_summary (lines);
  g_autoptr(GPtrArray) pjs = invoice_attachments (ctx, inv);
  const char *creation_time = inv->date_etat && strlen (inv->date_etat) >= 16 ? inv->date_etat + 11 : "09:00";

  cache_init (&cache, ctx);
  sup = cache_structure (&cache, inv->supplier_id);
  rec = cache_structure (&cache, inv->recipient_id);
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
  set_cadre_parties (&cache, o, inv);
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
  set_address (o, rec, "adresseDestinataire");
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
  set_address (o, sup, "adresseFournisseur");
  set_bank_details (ctx, o, inv);
  json_object_set_object_member (f, "fournisseur", o);

  o = json_object_new ();
  json_object_set_string_member (o, "typeFacture", inv->type_facture);
  sim_set_str (o, "typeFactureTravaux", inv->type_facture_travaux);
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
  json_object_set_int_member (o, "tailleTotalePiecesJointes", invoice_size (inv));
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

/* A date-only answer field (dateTraitement) from a "YYYY-MM-DD HH:MM" datetime. */
static void
set_date (JsonObject *o, const char *key, const char *datetime)
{
  g_autofree char *day = g_strndup (datetime, 10);
  json_object_set_string_member (o, key, day);
}

/* The portal's sentence for a refused status change (Pastell's fixture), with the codes. */
#define TRANSITION_LIBELLE "Incohérence au niveau du statut d'origine ou de destination de la facture"

static JsonObject *
traiter_recue (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  const char *target = sim_req_str (ctx, req, "nouveauStatut", NULL);
  const char *motif = sim_req_str (ctx, req, "motif", NULL);
  const char *mandat = sim_req_str (ctx, req, "numeroDPMandat", NULL);
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idFacture est obligatoire");
  if (target == NULL || *target == '\0')
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ nouveauStatut est obligatoire");
  if (!sim_recipient_target_known (target))
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le statut « %s » ne peut pas être positionné par un destinataire", target);

  inv = sim_invoice_load (ctx->ds, id);
  if (inv == NULL || !invoice_visible (ctx, inv, SIDE_RECIPIENT))
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
  if (!sim_recipient_may_set (inv->statut, target))
    return sim_fail (SIM_CODE_TRANSITION, TRANSITION_LIBELLE " : passage de %s à %s non autorisé", inv->statut, target);
  if (sim_recipient_needs_motif (target) && sim_blank (motif))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, "Le motif est obligatoire pour le statut %s", target);
  if (motif != NULL && g_utf8_strlen (motif, -1) > SIM_MOTIF_MAX_CHARS)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le motif ne doit pas dépasser %d caractères", SIM_MOTIF_MAX_CHARS);
  if (sim_recipient_needs_mandate (target) && sim_blank (mandat))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le numéro de mandat (numeroDPMandat) est obligatoire pour le statut %s", target);

  when = sim_invoice_set_status (ctx->ds, inv->id, target, sim_blank (motif) ? NULL : motif);
  if (sim_recipient_needs_mandate (target))
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
  set_date (answer, "dateTraitement", when);
  json_object_set_string_member (answer, "nouveauStatut", target);
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
      if (inv == NULL && json_array_get_length (list) == 1)
        {
          /* A works piece is a demande de paiement too: its PDF comes the same way. */
          g_autoptr(GBytes) works_pdf = sim_travaux_download (ctx, id);

          if (works_pdf != NULL)
            {
              b64 = g_base64_encode (g_bytes_get_data (works_pdf, NULL), g_bytes_get_size (works_pdf));
              answer = sim_ok ();
              json_object_set_string_member (answer, "fichierResultat", b64);
              return answer;
            }
        }
      if (inv == NULL)
        return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
      g_ptr_array_add (invoices, inv);
    }
  /* Each drawn PDF is ~10–60 kB: the 120 MB cap is reached long before this in practice. */
  if (invoices->len > 2000)
    return sim_fail (SIM_CODE_DOWNLOAD_TOO_LARGE, "Le volume du téléchargement dépasse 120 Mo");

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
              /* An invoice number may hold "/": one path element per invoice all the same. */
              g_autofree char *numero = g_strdelimit (g_strdup (inv->numero), "/\\", '_');
              g_autofree char *folder = invoices->len > 1 ? g_strdup_printf ("%s/", numero) : g_strdup ("");
              g_autofree char *name = g_strdup_printf ("%s%s.pdf", folder, numero);

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
                      /* The uploader named it: keep its last path element only. */
                      g_autofree char *base = g_path_get_basename (g_strdelimit (pj_name, "\\", '/'));

                      path = g_strdup_printf ("%s%s", folder, base);
                      sim_zip_add (zip, path, data);
                    }
                }
            }
          result = sim_zip_finish (zip);
        }
    }

  if (result == NULL || g_bytes_get_size (result) > MAX_DOWNLOAD_BYTES)
    return sim_fail (SIM_CODE_DOWNLOAD_TOO_LARGE, "Le volume du téléchargement dépasse 120 Mo");
  for (guint k = 0; k < invoices->len; k++)
    mark_downloaded (ctx, g_ptr_array_index (invoices, k));

  b64 = g_base64_encode (g_bytes_get_data (result, NULL), g_bytes_get_size (result));
  answer = sim_ok ();
  json_object_set_string_member (answer, "fichierResultat", b64);
  return answer;
}


/* ---- deposits --------------------------------------------------------------------------- */

/* The routing rules of a recipient: it must exist, be public and active; its parametres and the
 * service's numeroEngagement decide whether a service code and an engagement are required. */
static JsonObject *
check_routing (SimCtx *ctx, const char *code_dest, const char *code_service, const char *engagement,
               SimStructure **rec_out, SimService **svc_out)
{
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  SimRoutingFacts facts = { 0 };

  if (code_dest == NULL || *code_dest == '\0')
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ destinataire.codeDestinataire est obligatoire");
  rec = sim_structure_find (ctx->ds, code_dest);
  if (rec == NULL || !rec->is_public)
    return sim_fail (SIM_CODE_NOT_FOUND, "Destinataire %s non trouvé ou inactif", code_dest);
  if (!rec->actif)
    return sim_fail (SIM_CODE_RECIPIENT_INACTIVE, "Le destinataire %s (%s) est inactif : il ne reçoit plus de factures",
                     code_dest, rec->designation);
  facts.has_service = !sim_blank (code_service);
  facts.has_engagement = !sim_blank (engagement);
  if (facts.has_service)
    {
      svc = sim_service_find (ctx->ds, rec->id, code_service);
      if (svc == NULL || !svc->actif)
        return sim_fail (SIM_CODE_NOT_FOUND, "Le service exécutant %s n'existe pas ou n'est pas actif pour le destinataire %s",
                         code_service, code_dest);
    }
  if (facts.has_engagement && g_utf8_strlen (engagement, -1) > SIM_ENGAGEMENT_MAX_CHARS)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le numéro d'engagement dépasse %d caractères", SIM_ENGAGEMENT_MAX_CHARS);
  facts.service_required = rec->service_required;
  facts.engagement_required = rec->ej_required;
  facts.engagement_or_service = rec->ej_or_service;
  facts.service_engagement = svc != NULL && svc->ej_required;
  switch (sim_routing_verdict (&facts))
    {
    case SIM_ROUTING_SERVICE_MISSING:
      return sim_fail (SIM_CODE_SERVICE_REQUIRED, "Le service exécutant est obligatoire pour le destinataire %s", code_dest);
    case SIM_ROUTING_SERVICE_OR_ENGAGEMENT_MISSING:
      return sim_fail (SIM_CODE_SERVICE_REQUIRED,
                       "Le code service ou le numéro d'engagement est obligatoire pour le destinataire %s", code_dest);
    case SIM_ROUTING_ENGAGEMENT_MISSING:
      return sim_fail (SIM_CODE_EJ_REQUIRED, "Le numéro d'engagement est obligatoire pour le destinataire %s%s%s", code_dest,
                       facts.service_engagement ? " et le service " : "", facts.service_engagement ? svc->code : "");
    case SIM_ROUTING_OK:
    default:
      break;
    }
  *rec_out = g_steal_pointer (&rec);
  *svc_out = g_steal_pointer (&svc);
  return NULL;
}

static gboolean
attachment_exists (SimCtx *ctx, gint64 id)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();

  sim_bind_int (binds, id);
  return id > 0 && sim_count (ctx, "SELECT COUNT(*) FROM attachments WHERE id = ?", binds) == 1;
}

static void
link_attachment (SimCtx *ctx, gint64 id, gint64 invoice_id, gint64 line)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;

  sim_bind_int (binds, invoice_id);
  sim_bind_int (binds, line);
  sim_bind_int (binds, id);
  stmt = sim_prepare (ctx, "UPDATE attachments SET invoice_id = ?, numero_ligne = NULLIF(?, 0) WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
add_history_now (SimCtx *ctx, gint64 invoice_id, const char *statut, const char *when)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;

  sim_bind_int (binds, invoice_id);
  sim_bind_text (binds, statut);
  sim_bind_text (binds, when);
  stmt = sim_prepare (ctx, "INSERT INTO history (invoice_id, statut, date, commentaire) VALUES (?, ?, ?, NULL)", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
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

typedef struct {
  gint64        id;
  const char   *numero;
  gint64        supplier_id;
  gint64        supplier_service_id;
  SimStructure *rec;
  SimService   *svc;
  SimStructure *valideur;
  const char   *type_facture, *type_tva, *cadre, *mode_depot, *date_facture, *devise;
  const char   *numero_marche, *numero_bc, *numero_origine, *mode_paiement, *commentaire, *motif_exo;
  const char   *numero_flux;
  gint64        ht, tva, ttc, a_payer, main_pj_id, coord_banc_id;
  GPtrArray    *lines;
} NewInvoice;

/* Stores a deposited invoice (soumettre, deposer/flux) with its first statuses; NULL or the refusal.
 * It goes to its validator first when its cadre has one, else on to its recipient. */
static JsonObject *
store_invoice (SimCtx *ctx, const NewInvoice *n)
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
    link_attachment (ctx, n->main_pj_id, n->id, 0);

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

static JsonObject *
soumettre (SimCtx *ctx, JsonObject *req)
{
  const char *mode = sim_req_str (ctx, req, "modeDepot", NULL);
  const char *numero_saisi = sim_req_str (ctx, req, "numeroFactureSaisi", NULL);
  const char *date_facture = sim_req_str (ctx, req, "dateFacture", NULL);
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  JsonObject *dest = sim_req_obj (ctx, req, "destinataire");
  JsonObject *four = sim_req_obj (ctx, req, "fournisseur");
  JsonObject *cadre_obj = sim_req_obj (ctx, req, "cadreDeFacturation");
  JsonObject *refs = sim_req_obj (ctx, req, "references");
  JsonObject *totals = sim_req_obj (ctx, req, "montantTotal");
  JsonArray *main_pj = sim_req_array (ctx, req, "pieceJointePrincipale");
  JsonArray *extra_pj = sim_req_array (ctx, req, "pieceJointeComplementaire");
  JsonArray *line_arr = sim_req_array (ctx, req, "lignePoste");
  const char *code_dest = sim_req_str (ctx, dest, "codeDestinataire", NULL);
  const char *code_service = sim_req_str (ctx, dest, "codeServiceExecutant", NULL);
  gint64 id_fournisseur = sim_req_int (ctx, four, "idFournisseur", 0);
  gint64 id_service_fournisseur = sim_req_int (ctx, four, "idServiceFournisseur", 0);
  const char *cadre = sim_req_str (ctx, cadre_obj, "codeCadreFacturation", NULL);
  const char *code_valideur = sim_req_str (ctx, cadre_obj, "codeStructureValideur", NULL);
  const char *devise = sim_req_str (ctx, refs, "deviseFacture", NULL);
  const char *type_facture = sim_req_str (ctx, refs, "typeFacture", "FACTURE");
  const char *type_tva = sim_req_str (ctx, refs, "typeTva", NULL);
  const char *mode_paiement = sim_req_str (ctx, refs, "modePaiement", NULL);
  const char *motif_exo = sim_req_str (ctx, refs, "motifExonerationTva", NULL);
  const char *numero_marche = sim_req_str (ctx, refs, "numeroMarche", NULL);
  const char *numero_bc = sim_req_str (ctx, refs, "numeroBonCommande", NULL);
  const char *numero_origine = sim_req_str (ctx, refs, "numeroFactureOrigine", NULL);
  gboolean has_ht, has_tva, has_ttc, has_pay;
  /* Read for its type only: a global discount is already in the totals the supplier sends. */
  G_GNUC_UNUSED gint64 remise = sim_req_amount (ctx, totals, "montantRemiseGlobaleTTC", 0, NULL);
  gint64 ht = sim_req_amount (ctx, totals, "montantHtTotal", 0, &has_ht);
  gint64 tva = sim_req_amount (ctx, totals, "montantTVA", 0, &has_tva);
  gint64 ttc = sim_req_amount (ctx, totals, "montantTtcTotal", 0, &has_ttc);
  gint64 a_payer = sim_req_amount (ctx, totals, "montantAPayer", 0, &has_pay);
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(SimStructure) valideur = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *numero = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree char *fingerprint = NULL;
  gint64 coord_banc = sim_req_int (ctx, four, "codeCoordonneesBancairesFournisseur", 0);
  gint64 main_pj_id = 0;
  gint64 id;
  gboolean pdf_mode;
  const SimCadre *cadre_rule;
  JsonObject *fail = NULL;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (mode == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ modeDepot est obligatoire");
  /* The API deposit modes of the modeDepot enum; the others are the portal's and EDI's. */
  if (g_strcmp0 (mode, "SAISIE_API") != 0 && g_strcmp0 (mode, "DEPOT_PDF_API") != 0 &&
      g_strcmp0 (mode, "DEPOT_PDF_SIGNE_API") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, sim_vocabulary_has (SIM_VOCAB_MODE_DEPOT, mode)
                                               ? "modeDepot « %s » n'est pas un mode de dépôt par API (SAISIE_API, DEPOT_PDF_API, DEPOT_PDF_SIGNE_API)"
                                               : "modeDepot « %s » inconnu", mode);
  pdf_mode = g_strcmp0 (mode, "SAISIE_API") != 0;

  if (id_fournisseur <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ fournisseur.idFournisseur est obligatoire");
  if (!sim_account_has (ctx, id_fournisseur, "FOURNISSEUR"))
    return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure fournisseur %" G_GINT64_FORMAT,
                     id_fournisseur);
  if (id_service_fournisseur)
    {
      g_autoptr(SimService) own = sim_service_load (ctx->ds, id_service_fournisseur);
      if (own == NULL || own->structure_id != id_fournisseur)
        return sim_fail (SIM_CODE_NOT_FOUND, "Le service fournisseur %" G_GINT64_FORMAT " n'existe pas", id_service_fournisseur);
    }

  if (coord_banc != 0)
    {
      g_autoptr(GPtrArray) accounts = sim_bank_accounts (ctx->ds, id_fournisseur, TRUE);
      gboolean found = FALSE;

      for (guint k = 0; k < accounts->len; k++)
        found |= ((SimBankAccount *) g_ptr_array_index (accounts, k))->id == coord_banc;
      if (!found)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Les coordonnées bancaires %" G_GINT64_FORMAT
                         " ne sont pas des coordonnées valides du fournisseur", coord_banc);
    }

  if (cadre == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ cadreDeFacturation.codeCadreFacturation est obligatoire");
  cadre_rule = sim_cadre_find (cadre);
  if (cadre_rule == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Cadre de facturation « %s » inconnu", cadre);
  if (cadre_rule->use == SIM_CADRE_WORKS)
    return sim_fail (SIM_CODE_CADRE_NOT_ALLOWED, "Le cadre de facturation %s est celui d'une pièce de marché de travaux : "
                     "elle se dépose dans l'espace Factures de travaux (facturesTravaux/v1/soumettre), pas comme une facture",
                     cadre);
  if (cadre_rule->use == SIM_CADRE_OTHER_SPACE)
    return sim_fail (SIM_CODE_CADRE_NOT_ALLOWED, "Le cadre de facturation %s ne se dépose pas comme une facture : "
                     "il a son propre espace sur le portail", cadre);
  if (cadre_rule->use == SIM_CADRE_VALIDATED)
    {
      if (sim_blank (code_valideur) || (valideur = sim_structure_find (ctx->ds, code_valideur)) == NULL)
        return sim_fail (SIM_CODE_MISSING_FIELD, "La structure valideur (codeStructureValideur) est obligatoire "
                         "pour le cadre %s", cadre);
    }

  fail = check_routing (ctx, code_dest, code_service, numero_bc, &rec, &svc);
  if (fail)
    return fail;

  if (date_facture == NULL || !valid_date (date_facture))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ dateFacture (AAAA-MM-JJ) est obligatoire");
  if (strncmp (date_facture, today, 10) > 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "La date de facture ne peut pas être postérieure à la date de dépôt");
  if (devise == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ references.deviseFacture est obligatoire");
  if (strlen (devise) != 3)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Devise « %s » inconnue", devise);
  if (!sim_vocabulary_has (SIM_VOCAB_TYPE_FACTURE, type_facture))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeFacture « %s » refusé : seuls FACTURE et AVOIR sont acceptés", type_facture);
  if (type_tva == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ references.typeTva est obligatoire");
  if (!sim_vocabulary_has (SIM_VOCAB_TYPE_TVA, type_tva))
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeTva « %s » inconnu", type_tva);
  if (g_strcmp0 (type_facture, "AVOIR") == 0 && !sim_blank (mode_paiement))
    return sim_fail (SIM_CODE_INVALID_VALUE, "Un avoir ne doit pas comporter de mode de paiement");
  if (!sim_blank (mode_paiement) && !sim_vocabulary_has (SIM_VOCAB_MODE_PAIEMENT, mode_paiement))
    return sim_fail (SIM_CODE_INVALID_VALUE, "modePaiement « %s » inconnu", mode_paiement);
  if (!has_ht || !has_tva || !has_ttc || !has_pay)
    return sim_fail (SIM_CODE_MISSING_FIELD,
                     "montantTotal doit comporter montantHtTotal, montantTVA, montantTtcTotal et montantAPayer");
  if (llabs (ht + tva - ttc) > 1)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : HT + TVA ≠ TTC");
  if (ht < 0 || ttc < 0 || a_payer < 0 || a_payer > ttc)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Montants incohérents : montants négatifs ou montant à payer supérieur au TTC");

  lines = read_lines (ctx, line_arr, &fail);
  if (ctx->error)
    return NULL;
  if (fail)
    return fail;
  if (!pdf_mode && lines->len == 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Au moins une ligne de poste est obligatoire en mode SAISIE_API");
  if (lines->len > 0)
    {
      gint64 lines_ht = 0;

      for (guint k = 0; k < lines->len; k++)
        lines_ht += sim_line_total_ht (g_ptr_array_index (lines, k));
      if (llabs (lines_ht - ht) > (gint64) lines->len)
        return sim_fail (SIM_CODE_INVALID_VALUE, "Le total HT des lignes (%.2f) diffère du montant HT total (%.2f)",
                         lines_ht / 100.0, ht / 100.0);
    }

  if (pdf_mode)
    {
      JsonNode *first;

      if (main_pj == NULL || json_array_get_length (main_pj) == 0)
        return sim_fail (SIM_CODE_MISSING_FIELD, "La pièce jointe principale est obligatoire en mode %s", mode);
      first = json_array_get_element (main_pj, 0);
      if (!JSON_NODE_HOLDS_OBJECT (first))
        {
          sim_bad_request (ctx, "pieceJointePrincipale doit contenir des objets");
          return NULL;
        }
      main_pj_id = sim_req_int (ctx, json_node_get_object (first), "pieceJointePrincipaleId", 0);
      if (ctx->error)
        return NULL;
      if (!attachment_exists (ctx, main_pj_id))
        return sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", main_pj_id);
      if (!sim_invoice_number_valid (numero_saisi))
        return sim_fail (SIM_CODE_INVALID_VALUE,
                         "numeroFactureSaisi est obligatoire : 20 caractères au plus, lettres, chiffres et - _ / +");
      numero = g_strdup (numero_saisi);
    }
  else if (numero_saisi != NULL && *numero_saisi != '\0')
    {
      if (!sim_invoice_number_valid (numero_saisi))
        return sim_fail (SIM_CODE_INVALID_VALUE, "numeroFactureSaisi : 20 caractères au plus, lettres, chiffres et - _ / +");
      numero = g_strdup (numero_saisi);
    }

  id = sim_dataset_next_id (ctx->ds, "invoices");
  if (numero == NULL)
    numero = g_strdup_printf ("CPP%.4s%08" G_GINT64_FORMAT, today, id % 100000000);

  {
    NewInvoice n = {
      .id = id, .numero = numero, .supplier_id = id_fournisseur, .supplier_service_id = id_service_fournisseur,
      .rec = rec, .svc = svc, .valideur = valideur, .type_facture = type_facture, .type_tva = type_tva,
      .cadre = cadre, .mode_depot = mode, .date_facture = date_facture, .devise = devise,
      .numero_marche = numero_marche, .numero_bc = numero_bc, .numero_origine = numero_origine,
      .mode_paiement = mode_paiement, .commentaire = commentaire, .motif_exo = motif_exo,
      .ht = ht, .tva = tva, .ttc = ttc, .a_payer = a_payer, .main_pj_id = main_pj_id, .lines = lines,
      .coord_banc_id = coord_banc,
    };
    fail = store_invoice (ctx, &n);
    if (fail)
      return fail;
  }

  for (guint k = 0; extra_pj && k < json_array_get_length (extra_pj); k++)
    {
      JsonNode *e = json_array_get_element (extra_pj, k);
      gint64 pj;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      pj = sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireId", 0);
      if (attachment_exists (ctx, pj))
        link_attachment (ctx, pj, id, sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireNumeroLigneFacture", 0));
    }
  g_clear_error (&ctx->error);  /* the invoice is in: a bad optional attachment entry is ignored */

  {
    g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", id, numero, now);
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
    fingerprint = g_base64_encode ((const guchar *) sha, 32);
  }
  answer = sim_ok ();
  json_object_set_int_member (answer, "identifiantFactureCPP", id);
  json_object_set_string_member (answer, "numeroFacture", numero);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "statutFacture", "DEPOSEE");
  {
    g_autoptr(SimStructure) sup = sim_structure_load (ctx->ds, id_fournisseur);
    sim_set_str (answer, "identifiantStructure", sup ? sup->identifiant : NULL);
  }
  json_object_set_string_member (answer, "empreinteCertificatDepot", fingerprint);
  return answer;
}

#define MAX_FILE_BYTES (10 * 1024 * 1024)

static JsonObject *
deposer_pdf (SimCtx *ctx, JsonObject *req)
{
  const char *b64 = sim_req_str (ctx, req, "fichierFacture", NULL);
  const char *name = sim_req_str (ctx, req, "nomFichier", NULL);
  const char *format = sim_req_str (ctx, req, "formatDepot", "PDF_NON_SIGNE");
  g_autofree guchar *raw = NULL;
  g_autoptr(GBytes) data = NULL;
  gsize len = 0;
  gint64 id;
  JsonObject *answer;

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
  if (len > MAX_FILE_BYTES)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier dépasse 10 Mo");
  data = g_bytes_new_take (g_steal_pointer (&raw), len);
  id = sim_store_attachment (ctx, name, "PDF", "application/pdf", data, 0);

  answer = sim_ok ();
  json_object_set_int_member (answer, "pieceJointeId", id);
  /* What the platform reads from the PDF: its Factur-X data, else its text (null when unread). */
  sim_pdf_read_fields (data, answer);
  return answer;
}

static JsonObject *
completer (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "identifiantFactureCPP", 0);
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  JsonArray *extra_pj = sim_req_array (ctx, req, "pieceJointeComplementaire");
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ identifiantFactureCPP est obligatoire");
  inv = sim_invoice_load (ctx->ds, id);
  if (inv == NULL || !invoice_visible (ctx, inv, SIDE_SUPPLIER))
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
  if (g_strcmp0 (inv->statut, "SUSPENDUE") != 0)
    return sim_fail (SIM_CODE_TRANSITION, "Seule une facture suspendue peut être complétée (statut actuel : %s)", inv->statut);
  if (sim_blank (commentaire) && (extra_pj == NULL || json_array_get_length (extra_pj) == 0))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Un commentaire ou une pièce jointe complémentaire est obligatoire");

  for (guint k = 0; extra_pj && k < json_array_get_length (extra_pj); k++)
    {
      JsonNode *e = json_array_get_element (extra_pj, k);
      gint64 pj;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          sim_bad_request (ctx, "pieceJointeComplementaire doit contenir des objets");
          return NULL;
        }
      pj = sim_req_int (ctx, json_node_get_object (e), "pieceJointeComplementaireId", 0);
      if (ctx->error)
        return NULL;
      if (!attachment_exists (ctx, pj))
        return sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", pj);
      link_attachment (ctx, pj, inv->id, 0);
    }

  when = sim_invoice_set_status (ctx->ds, inv->id, "COMPLETEE", sim_blank (commentaire) ? NULL : commentaire);
  /* Suspended by a validator: the completed invoice goes back to that validator. */
  if (inv->niveau_validation > 0)
    g_free (sim_invoice_set_status (ctx->ds, inv->id, inv->niveau_validation == 1 ? "A_VALIDER_1" : "A_VALIDER_2", NULL));
  answer = sim_ok ();
  json_object_set_int_member (answer, "identifiantFactureCPP", inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  set_date (answer, "dateTraitement", when);
  return answer;
}

static JsonObject *
recycler (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "identifiantFactureCPP", 0);
  JsonObject *dest = sim_req_obj (ctx, req, "destinataire");
  JsonObject *refs = sim_req_obj (ctx, req, "reference");
  const char *code_dest = sim_req_str (ctx, dest, "codeDestinataire", NULL);
  const char *code_service = sim_req_str (ctx, dest, "codeServiceExecutant", NULL);
  const char *numero_bc = sim_req_str (ctx, refs, "numeroBonCommande", NULL);
  const char *numero_marche = sim_req_str (ctx, refs, "numeroMarche", NULL);
  const char *commentaire = sim_req_str (ctx, req, "commentaire", NULL);
  g_autoptr(SimInvoice) inv = NULL;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *when = NULL;
  JsonObject *fail;
  JsonObject *answer;
  sqlite3_stmt *stmt;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ identifiantFactureCPP est obligatoire");
  inv = sim_invoice_load (ctx->ds, id);
  if (inv == NULL || !invoice_visible (ctx, inv, SIDE_SUPPLIER))
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);
  if (g_strcmp0 (inv->statut, "A_RECYCLER") != 0)
    return sim_fail (SIM_CODE_TRANSITION, "Seule une facture à recycler peut être recyclée (statut actuel : %s)", inv->statut);
  if (numero_bc == NULL)
    numero_bc = inv->numero_bc;
  if (code_dest == NULL)
    {
      /* The same recipient: its service too, unless another is given. */
      g_autoptr(SimStructure) current = sim_structure_load (ctx->ds, inv->recipient_id);
      g_autoptr(SimService) current_svc = code_service == NULL ? sim_service_load (ctx->ds, inv->service_id) : NULL;

      fail = check_routing (ctx, current ? current->identifiant : NULL, current_svc ? current_svc->code : code_service,
                            numero_bc, &rec, &svc);
    }
  else
    fail = check_routing (ctx, code_dest, code_service, numero_bc, &rec, &svc);
  if (fail)
    return fail;

  sim_bind_int (binds, rec->id);
  sim_bind_int (binds, svc ? svc->id : 0);
  sim_bind_text (binds, numero_bc ? numero_bc : "");
  sim_bind_text (binds, numero_marche ? numero_marche : "");
  sim_bind_int (binds, inv->id);
  stmt = sim_prepare (ctx, "UPDATE invoices SET recipient_id = ?, service_id = ?, numero_bc = NULLIF(?, ''),"
                           " numero_marche = COALESCE(NULLIF(?, ''), numero_marche), telechargee = 0 WHERE id = ?", binds);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  g_free (sim_invoice_set_status (ctx->ds, inv->id, "EN_COURS_ACHEMINEMENT", sim_blank (commentaire) ? NULL : commentaire));
  /* Sent back by a validator: the recycled invoice goes through its validation again. */
  if (inv->niveau_validation > 0)
    sim_invoice_set_validation (ctx->ds, inv->id, 1, 0);
  when = sim_invoice_set_status (ctx->ds, inv->id, inv->niveau_validation > 0 ? "A_VALIDER_1" : "MISE_A_DISPOSITION", NULL);

  answer = sim_ok ();
  json_object_set_int_member (answer, "identifiantFactureCPP", inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  json_object_set_string_member (answer, "dateDepot", inv->date_depot);
  json_object_set_string_member (answer, "statutFacture", inv->niveau_validation > 0 ? "A_VALIDER_1" : "MISE_A_DISPOSITION");
  return answer;
}

/* traiterFactureAValider: the validator of the level the invoice waits at decides (rules in
 * chorus-sim-rules.c). A validation at the first level sends it to the second validator when
 * there is one, else on to its recipient. */
static JsonObject *
traiter_a_valider (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idFacture", 0);
  const char *action_code = sim_req_str (ctx, req, "action", NULL);
  const char *motif = sim_req_str (ctx, req, "motifRefus", NULL);
  const char *info = sim_req_str (ctx, req, "complementInfo", NULL);
  gint64 id_valideur = sim_req_int (ctx, req, "idValideur", 0);
  gint64 id_pj = sim_req_int (ctx, req, "idPieceJointe", 0);
  const SimValidationAction *action;
  g_autoptr(SimInvoice) inv = NULL;
  g_autofree char *when = NULL;
  const char *steps[4];
  gsize n_steps;
  int level;
  gint64 validator;
  JsonObject *answer;

  sim_req_str (ctx, req, "typeValideur", NULL);
  if (ctx->error)
    return NULL;
  if (id <= 0 || sim_blank (action_code))
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs idFacture et action sont obligatoires");
  action = sim_validation_action_find (action_code);
  if (action == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Action « %s » inconnue (REFUS, VALIDATION, MISE_EN_PAIEMENT, "
                     "MISE_EN_RECYCLAGE, SUSPENSION ou REJET)", action_code);
  inv = sim_invoice_load (ctx->ds, id);
  if (inv == NULL || !invoice_visible (ctx, inv, SIDE_VALIDATOR))
    return sim_fail (SIM_CODE_NOT_FOUND, "La facture %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

  level = sim_validation_level (inv->statut);
  if (level == 0)
    return sim_fail (SIM_CODE_TRANSITION, "La facture %s au statut %s n'attend pas de validation", inv->numero, inv->statut);
  validator = level == 1 ? inv->valideur_id : inv->valideur2_id;
  if (!sim_account_has (ctx, validator, "VALIDATEUR") || (id_valideur != 0 && id_valideur != validator))
    return sim_fail (SIM_CODE_FORBIDDEN, "La facture %s attend son valideur de niveau %d : l'utilisateur n'en fait pas partie",
                     inv->numero, level);
  n_steps = sim_validation_outcome (action, level, inv->valideur2_id != 0, steps, G_N_ELEMENTS (steps));
  if (n_steps == 0)
    return sim_fail (SIM_CODE_TRANSITION, "L'action %s n'est possible qu'au dernier niveau de validation "
                     "(la facture attend le niveau %d sur 2)", action_code, level);
  if (action->needs_motif && sim_blank (motif))
    return sim_fail (SIM_CODE_MOTIF_REQUIRED, "Le motif (motifRefus) est obligatoire pour l'action %s", action_code);
  if (motif != NULL && g_utf8_strlen (motif, -1) > SIM_MOTIF_MAX_CHARS)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le motif ne doit pas dépasser %d caractères", SIM_MOTIF_MAX_CHARS);
  if (id_pj != 0 && !attachment_exists (ctx, id_pj))
    return sim_fail (SIM_CODE_NOT_FOUND, "La pièce jointe %" G_GINT64_FORMAT " n'existe pas", id_pj);
  if (id_pj != 0)
    link_attachment (ctx, id_pj, inv->id, 0);

  for (gsize k = 0; k < n_steps; k++)
    {
      const char *step = steps[k];
      gboolean last = k + 1 == n_steps;
      const char *comment = g_str_has_prefix (step, "VALIDEE") ? info : action->needs_motif && last ? motif : NULL;

      if (g_str_has_prefix (step, "VALIDEE"))
        sim_invoice_set_validation (ctx->ds, inv->id, level, level);
      else if (g_strcmp0 (step, "A_VALIDER_2") == 0)
        sim_invoice_set_validation (ctx->ds, inv->id, 2, 0);
      else if (g_strcmp0 (step, "EN_COURS_ACHEMINEMENT") == 0 || g_strcmp0 (step, "MISE_EN_PAIEMENT") == 0)
        sim_invoice_set_validation (ctx->ds, inv->id, 0, 0);
      g_free (when);
      when = sim_invoice_set_status (ctx->ds, inv->id, step, sim_blank (comment) ? NULL : comment);
    }
  answer = sim_ok ();
  json_object_set_int_member (answer, "idFacture", inv->id);
  json_object_set_string_member (answer, "numeroFacture", inv->numero);
  set_date (answer, "dateTraitement", when);
  json_object_set_string_member (answer, "statutFacture", steps[n_steps - 1]);
  return answer;
}

/* ---- flows (deposer/flux) --------------------------------------------------------------- */

#define MAX_FLUX_BYTES (120 * 1024 * 1024)

static void
add_flux_error (JsonArray *errors, const char *numero, const char *supplier, const char *recipient, const char *message)
{
  JsonObject *e = json_object_new ();

  sim_set_str (e, "numeroDP", numero);
  sim_set_str (e, "identifiantFournisseur", supplier);
  sim_set_str (e, "identifiantDestinataire", recipient);
  json_object_set_string_member (e, "libelleErreurDP", message);
  json_array_add_object_element (errors, e);
}

/* A problem with the file itself, not with one of its invoices (listeErreurTechnique). */
static void
add_flux_technical_error (JsonArray *errors, const char *code, const char *message)
{
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "codeErreur", code);
  json_object_set_string_member (e, "libelleErreur", message);
  json_object_set_string_member (e, "natureErreur", "BLOQUANTE");
  json_array_add_object_element (errors, e);
}

/* Integrates one invoice read from a flow; on refusal, appends why to @errors. */
static void
integrate_flux_invoice (SimCtx *ctx, ChorusFacturxDocument *doc, const char *numero_flux, gint64 main_pj_id,
                        JsonArray *errors)
{
  const char *numero = chorus_facturx_document_get_number (doc);
  const char *seller = chorus_facturx_document_get_seller_siret (doc);
  const char *buyer = chorus_facturx_document_get_buyer_siret (doc);
  const char *date = chorus_facturx_document_get_issue_date (doc);
  g_autoptr(SimStructure) sup = seller ? sim_structure_find (ctx->ds, seller) : NULL;
  g_autoptr(SimStructure) rec = NULL;
  g_autoptr(SimService) svc = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_line_free);
  GPtrArray *doc_lines = chorus_facturx_document_get_lines (doc);
  gint64 ht = 0, tva = 0, ttc = 0, a_payer = 0;
  JsonObject *fail;
  ChorusInvoiceType type = chorus_facturx_document_get_invoice_type (doc);
  const char *currency = chorus_facturx_document_get_currency (doc);

  if (!sim_invoice_number_valid (numero))
    {
      add_flux_error (errors, numero, seller, buyer, "Numéro de facture absent ou invalide (20 caractères au plus)");
      return;
    }
  if (sup == NULL || !sim_account_has (ctx, sup->id, "FOURNISSEUR"))
    {
      add_flux_error (errors, numero, seller, buyer, "Le fournisseur n'est pas une structure rattachée au compte déposant");
      return;
    }
  fail = check_routing (ctx, buyer, chorus_facturx_document_get_buyer_reference (doc),
                        chorus_facturx_document_get_order_reference (doc), &rec, &svc);
  if (fail)
    {
      add_flux_error (errors, numero, seller, buyer, json_object_get_string_member (fail, "libelle"));
      json_object_unref (fail);
      return;
    }
  if (date == NULL || !valid_date (date))
    {
      add_flux_error (errors, numero, seller, buyer, "Date de facture absente ou invalide");
      return;
    }
  if (!chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_TAX_BASIS, &ht) ||
      !chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_GRAND_TOTAL, &ttc))
    {
      add_flux_error (errors, numero, seller, buyer, "Montants totaux HT et TTC obligatoires");
      return;
    }
  if (!chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_TAX_TOTAL, &tva))
    tva = ttc - ht;
  if (!chorus_facturx_document_get_amount (doc, CHORUS_FACTURX_AMOUNT_DUE_PAYABLE, &a_payer))
    a_payer = ttc;
  if (llabs (ht + tva - ttc) > 1)
    {
      add_flux_error (errors, numero, seller, buyer, "Montants incohérents : HT + TVA ≠ TTC");
      return;
    }

  for (guint k = 0; doc_lines && k < doc_lines->len; k++)
    {
      ChorusInvoiceLine *dl = g_ptr_array_index (doc_lines, k);
      SimLine *l = g_new0 (SimLine, 1);

      l->numero = dl->number > 0 ? dl->number : (int) k + 1;
      l->reference = g_strdup (dl->reference);
      l->denomination = g_strdup (dl->label ? dl->label : "");
      l->quantite = dl->quantity > 0 ? dl->quantity : 1;
      l->unite = g_strdup (dl->unit);
      l->pu_ht = dl->unit_price_ht;
      l->remise_ht = dl->discount_ht;
      l->taux_bp = (int) (dl->vat_rate * 100 + 0.5);
      l->taux_code = g_strdup (l->taux_bp == 2000 ? "TVA5" : l->taux_bp == 1000 ? "TVA4" : l->taux_bp == 550 ? "TVA3"
                               : l->taux_bp == 210 ? "TVA2" : l->taux_bp == 0 ? "TVA1" : "MANUEL");
      g_ptr_array_add (lines, l);
    }

  {
    NewInvoice n = {
      .id = sim_dataset_next_id (ctx->ds, "invoices"), .numero = numero, .supplier_id = sup->id,
      .rec = rec, .svc = svc, .type_facture = type == CHORUS_INVOICE_TYPE_AVOIR ? "AVOIR" : "FACTURE",
      .type_tva = tva == 0 ? "EXONERATION" : "TVA_SUR_DEBIT", .cadre = "A1_FACTURE_FOURNISSEUR",
      .mode_depot = "UPLOAD_API", .date_facture = date, .devise = currency ? currency : "EUR",
      .numero_marche = chorus_facturx_document_get_contract_reference (doc),
      .numero_bc = chorus_facturx_document_get_order_reference (doc),
      .numero_origine = chorus_facturx_document_get_preceding_invoice (doc),
      .mode_paiement = type == CHORUS_INVOICE_TYPE_AVOIR ? NULL : "VIREMENT", .numero_flux = numero_flux,
      .ht = ht, .tva = tva, .ttc = ttc, .a_payer = a_payer, .main_pj_id = main_pj_id, .lines = lines,
    };

    fail = store_invoice (ctx, &n);
    if (fail)
      {
        add_flux_error (errors, numero, seller, buyer, json_object_get_string_member (fail, "libelle"));
        json_object_unref (fail);
      }
  }
}

static JsonObject *
deposer_flux (SimCtx *ctx, JsonObject *req)
{
  const char *b64 = sim_req_str (ctx, req, "fichierFlux", NULL);
  const char *name = sim_req_str (ctx, req, "nomFichier", NULL);
  const char *syntaxe = sim_req_str (ctx, req, "syntaxeFlux", NULL);
  gboolean signature = sim_req_bool (ctx, req, "avecSignature", FALSE);
  g_autoptr(GArray) suppliers = sim_dataset_attached (ctx->ds, "FOURNISSEUR");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(JsonArray) technical = json_array_new ();
  g_autoptr(JsonObject) all_errors = json_object_new ();
  g_autoptr(JsonNode) errors_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *errors_json = NULL;
  g_autofree char *numero = NULL;
  g_autofree char *now = sim_now_datetime ();
  g_autofree char *today = sim_today ();
  g_autofree guchar *raw = NULL;
  gint64 main_pj_id = 0;
  gsize len = 0;
  sqlite3_stmt *stmt;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (b64 == NULL || name == NULL || syntaxe == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs fichierFlux, nomFichier et syntaxeFlux sont obligatoires");
  if (!sim_vocabulary_has (SIM_VOCAB_SYNTAXE_FLUX, syntaxe))
    return sim_fail (SIM_CODE_INVALID_VALUE, "syntaxeFlux « %s » inconnue", syntaxe);
  if (signature)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Les flux signés ne sont pas acceptés par l'API (avecSignature doit valoir false)");
  raw = g_base64_decode (b64, &len);
  if (len == 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier du flux est vide ou mal encodé en base64");
  if (len > MAX_FLUX_BYTES)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le flux dépasse 120 Mo");
  data = g_bytes_new_take (g_steal_pointer (&raw), len);

  numero = g_strdup_printf ("CPP%013" G_GINT64_FORMAT, 4200000001 + sim_count (ctx, "SELECT COUNT(*) FROM flux", NULL));
  if (g_strcmp0 (syntaxe, "IN_DP_E2_CII_FACTURX") == 0)
    {
      doc = chorus_facturx_read_pdf (data, &error);
      if (doc != NULL)
        main_pj_id = sim_store_attachment (ctx, name, "PDF", "application/pdf", data, 0);
    }
  else if (g_strcmp0 (syntaxe, "IN_DP_E2_CPP_FACTURE_MIN") == 0 || g_strcmp0 (syntaxe, "IN_DP_E1_XCBL") == 0)
    add_flux_technical_error (technical, "SYNTAXE_NON_TRAITEE",
                              "Syntaxe non prise en charge par le simulateur (CPP_FACTURE_MIN, XCBL)");
  else
    doc = chorus_facturx_read_xml (g_bytes_get_data (data, NULL), len, &error);

  /* What keeps the whole file from being read is a technical error; what is wrong with one
   * invoice in it is that invoice's error. */
  if (doc == NULL && error != NULL)
    add_flux_technical_error (technical, "FICHIER_ILLISIBLE", error->message);
  else if (doc != NULL)
    {
      ChorusFacturxSyntax found = chorus_facturx_document_get_syntax (doc);
      gboolean ubl_declared = strstr (syntaxe, "UBL") != NULL;
      gboolean ubl_found = found == CHORUS_FACTURX_SYNTAX_UBL_INVOICE || found == CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE;

      if (ubl_declared != ubl_found)
        add_flux_technical_error (technical, "SYNTAXE_INCOHERENTE",
                                  "Le contenu du fichier ne correspond pas à la syntaxe déclarée");
      else
        integrate_flux_invoice (ctx, doc, numero, main_pj_id, errors);
    }

  json_object_set_array_member (all_errors, "dp", json_array_ref (errors));
  json_object_set_array_member (all_errors, "technique", json_array_ref (technical));
  json_node_set_object (errors_node, all_errors);
  errors_json = json_to_string (errors_node, FALSE);
  sqlite3_prepare_v2 (ctx->db, "INSERT INTO flux (numero, nom_fichier, syntaxe, date_depot, date_etat, etat, erreurs_json,"
                               " supplier_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, numero, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, syntaxe, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, json_array_get_length (errors) + json_array_get_length (technical) ? "IN_REJETE" : "IN_INTEGRE",
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, errors_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, suppliers->len ? g_array_index (suppliers, gint64, 0) : 0);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  /* Like the platform, the deposit itself succeeds; integration problems are in consulterCRDetaille. */
  answer = sim_ok ();
  json_object_set_string_member (answer, "numeroFluxDepot", numero);
  json_object_set_string_member (answer, "dateDepot", today);
  json_object_set_string_member (answer, "syntaxeFlux", syntaxe);
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
  { "factures/v1/soumettre", soumettre },
  { "factures/v1/deposer/pdf", deposer_pdf },
  { "factures/v1/deposer/flux", deposer_flux },
  { "factures/v1/completer", completer },
  { "factures/v1/recycler", recycler },
  { "factures/v1/traiter/factureAValider", traiter_a_valider },
};

const SimRoute *
sim_factures_routes (gsize *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
