/* chorus-sim-referentiel.c: structures/v1, utilisateurs/v1 and transverses/v1 endpoints. */
#include "config.h"

#include <string.h>

#include "chorus-sim-private.h"
#include "chorus-sim-rules.h"

/* ---- structures ------------------------------------------------------------------------- */

static const SimSortColumn structure_sort_columns[] = {
  { "IdentifiantStructure", "identifiant" },
  { "RaisonSociale", "designation" },
  { "DesignationStructure", "designation" },
  { "IdStructureCPP", "id" },
  { "TypeIdentifiantStructure", "type_identifiant" },
};

/* A LIKE pattern matching @value literally (its % and _ are not wildcards) with @before and
 * @after around it ("%" for "contains"); used with ESCAPE '\\'. */
static char *
like_pattern (const char *before, const char *value, const char *after)
{
  GString *p = g_string_new (before);

  for (const char *c = value; *c; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (p, '\\');
      g_string_append_c (p, *c);
    }
  g_string_append (p, after);
  return g_string_free (p, FALSE);
}

static void
add_like (GString *where, GPtrArray *binds, const char *column, const char *value)
{
  g_autofree char *pattern = NULL;

  if (value == NULL || *value == '\0')
    return;
  pattern = like_pattern ("%", value, "%");
  g_string_append_printf (where, " AND %s LIKE ? ESCAPE '\\'", column);
  sim_bind_text (binds, pattern);
}

static JsonObject *
structures_rechercher (SimCtx *ctx, JsonObject *req)
{
  JsonObject *crit = sim_req_obj (ctx, req, "structure");
  gboolean restrict_private = sim_req_bool (ctx, req, "restreindreStructuresPrivees", TRUE);
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *count_sql = NULL;
  g_autofree char *sql = NULL;
  const char *ident, *type_id, *statut;
  SimPaging paging;
  JsonObject *answer, *ret;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  ident = sim_req_str (ctx, crit, "identifiantStructure", NULL);
  type_id = sim_req_str (ctx, crit, "typeIdentifiantStructure", NULL);
  statut = sim_req_str (ctx, crit, "statutStructure", NULL);
  if (ident && *ident)
    {
      g_string_append (where, " AND identifiant = ?");
      sim_bind_text (binds, ident);
    }
  if (type_id && *type_id)
    {
      if (!sim_vocabulary_has (SIM_VOCAB_TYPE_IDENTIFIANT, type_id))
        return ctx->error ? NULL : sim_fail (SIM_CODE_INVALID_VALUE, "typeIdentifiantStructure « %s » inconnu", type_id);
      g_string_append (where, " AND type_identifiant = ?");
      sim_bind_text (binds, type_id);
    }
  add_like (where, binds, "designation", sim_req_str (ctx, crit, "raisonSocialeStructure", NULL));
  add_like (where, binds, "designation", sim_req_str (ctx, crit, "libelleStructure", NULL));
  add_like (where, binds, "code_postal", sim_req_str (ctx, crit, "adresseCodePostal", NULL));
  add_like (where, binds, "ville", sim_req_str (ctx, crit, "adresseVille", NULL));
  if (sim_has (crit, "estMOA") && sim_req_bool (ctx, crit, "estMOA", FALSE))
    g_string_append (where, " AND est_moa = 1");
  /* The filter says ACTIF/INACTIF, the answer ACTIVE/INACTIVE (the Structures swagger, §0.6). */
  if (statut && *statut)
    {
      if (g_strcmp0 (statut, "ACTIF") != 0 && g_strcmp0 (statut, "INACTIF") != 0)
        return ctx->error ? NULL : sim_fail (SIM_CODE_INVALID_VALUE, "statutStructure « %s » inconnu (ACTIF ou INACTIF)", statut);
      g_string_append_printf (where, " AND actif = %d", g_strcmp0 (statut, "ACTIF") == 0);
    }
  if (restrict_private)
    g_string_append (where, " AND (is_public = 1 OR id IN (SELECT structure_id FROM rattachements))");

  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "parametres"), 10, structure_sort_columns,
                                      G_N_ELEMENTS (structure_sort_columns), "designation", FALSE, &paging))
    return NULL;

  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM structures WHERE %s", where->str);
  total = sim_count (ctx, count_sql, binds);
  answer = total ? sim_ok () : sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
  ret = json_object_new ();
  sim_write_paging (ret, &paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
  items = json_array_new ();
  sql = g_strdup_printf ("SELECT id, identifiant, designation, type_identifiant, actif FROM structures WHERE %s"
                         " ORDER BY %s %s, id LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         where->str, paging.column, paging.descending ? "DESC" : "ASC", paging.per_page,
                         (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *s = json_object_new ();

      json_object_set_int_member (s, "idStructureCPP", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (s, "identifiantStructure", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (s, "designationStructure", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (s, "typeIdentifiantStructure", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (s, "statut", sqlite3_column_int (stmt, 4) ? "ACTIVE" : "INACTIVE");
      json_array_add_object_element (items, s);
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeStructures", items);
  return answer;
}

/* The postal address block of consulter (adressePostaleDuSiege) and consulter/service (adressePostale). */
static JsonObject *
postal_address (const SimStructure *s)
{
  JsonObject *addr = json_object_new ();

  sim_set_str (addr, "adresse", s->adresse);
  json_object_set_null_member (addr, "complementAdresse1");
  json_object_set_null_member (addr, "complementAdresse2");
  sim_set_str (addr, "codePostal", s->code_postal);
  sim_set_str (addr, "ville", s->ville);
  sim_set_str (addr, "pays", s->pays);
  json_object_set_string_member (addr, "telephone", "0102030405");
  json_object_set_string_member (addr, "indicatifTelephone", "+33");
  json_object_set_null_member (addr, "fax");
  json_object_set_null_member (addr, "indicatifFax");
  return addr;
}

static JsonObject *
structures_consulter (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idStructureCPP", 0);
  g_autoptr(SimStructure) s = NULL;
  JsonObject *answer, *info, *params;
  JsonArray *dup;

  if (!sim_has (req, "idStructureCPP"))
    id = sim_req_int (ctx, req, "idStructure", 0);
  sim_req_str (ctx, req, "codeLangue", NULL);
  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idStructureCPP est obligatoire");
  s = sim_structure_load (ctx->ds, id);
  if (s == NULL || (!s->is_public && !sim_account_has (ctx, id, NULL)))
    return sim_fail (SIM_CODE_NOT_FOUND, "La structure %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

  answer = sim_ok ();
  info = json_object_new ();
  json_object_set_int_member (info, "idStructureCPP", s->id);
  json_object_set_string_member (info, "identifiantStructure", s->identifiant);
  json_object_set_string_member (info, "typeIdentifiantStructure", s->type_identifiant);
  json_object_set_string_member (info, "libelleStructure", s->designation);
  json_object_set_string_member (info, "raisonSocialeStructure", s->designation);
  json_object_set_null_member (info, "nomStructure");
  json_object_set_null_member (info, "prenomStructure");
  sim_set_str (info, "emailStructure", s->email);
  sim_set_str (info, "numeroRcsStructure", s->rcs);
  sim_set_str (info, "numeroTVA", s->numero_tva);
  json_object_set_string_member (info, "structurePriveePublique", s->is_public ? "PUBLIQUE" : "PRIVEE");
  json_object_set_boolean_member (info, "estValideurDeleguee", FALSE);
  json_object_set_null_member (info, "idStructureOrigine");
  dup = json_array_new ();
  json_object_set_array_member (info, "listeStructureDupliquees", dup);
  if (sim_account_has (ctx, id, NULL))
    json_object_set_string_member (info, "dateExpirationMotPasseCompteTech", "2027-03-31");
  else
    json_object_set_null_member (info, "dateExpirationMotPasseCompteTech");
  json_object_set_object_member (answer, "informationGenerales", info);

  params = json_object_new ();
  json_object_set_boolean_member (params, "codeServiceDoitEtreRenseigne", s->service_required);
  json_object_set_boolean_member (params, "numeroEJDoitEtreRenseigne", s->ej_required);
  json_object_set_boolean_member (params, "gestionNumeroEJOuCodeService", s->ej_or_service);
  json_object_set_boolean_member (params, "connexionEDI", FALSE);
  json_object_set_boolean_member (params, "estMoaUniquement", FALSE);
  json_object_set_boolean_member (params, "estValideurDelegue", FALSE);
  json_object_set_boolean_member (params, "getaMoa", s->est_moa);
  json_object_set_boolean_member (params, "nonDiffusibleInsee", FALSE);
  json_object_set_boolean_member (params, "recevoirDonneesViaEDI", FALSE);
  json_object_set_boolean_member (params, "statutMiseEnPaiementNestPasRemonte", FALSE);
  json_object_set_object_member (answer, "parametres", params);

  json_object_set_object_member (answer, "adressePostaleDuSiege", postal_address (s));
  return answer;
}

static const SimSortColumn service_sort_columns[] = {
  { "CodeService", "code" },
  { "LibelleService", "libelle" },
  { "IdService", "id" },
};

static JsonObject *
structures_rechercher_services (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idStructure", 0);
  g_autoptr(SimStructure) s = NULL;
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *sql = NULL;
  SimPaging paging;
  JsonObject *answer, *ret;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "parametresRechercherServicesStructure"), 10,
                                      service_sort_columns, G_N_ELEMENTS (service_sort_columns), "code", FALSE, &paging))
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idStructure est obligatoire");
  s = sim_structure_load (ctx->ds, id);
  if (s == NULL || (!s->is_public && !sim_account_has (ctx, id, NULL)))
    return sim_fail (SIM_CODE_NOT_FOUND, "La structure %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

  sim_bind_int (binds, id);
  total = sim_count (ctx, "SELECT COUNT(*) FROM services WHERE structure_id = ?", binds);
  answer = total ? sim_ok () : sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
  ret = json_object_new ();
  sim_write_paging (ret, &paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
  items = json_array_new ();
  sql = g_strdup_printf ("SELECT id, code, libelle, actif, date_debut FROM services WHERE structure_id = ?"
                         " ORDER BY %s %s, id LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         paging.column, paging.descending ? "DESC" : "ASC", paging.per_page,
                         (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();
      gboolean actif = sqlite3_column_int (stmt, 3);

      json_object_set_int_member (o, "idService", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (o, "codeService", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "libelleService", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_boolean_member (o, "estActif", actif);
      json_object_set_string_member (o, "statutService", actif ? "ACTIF" : "INACTIF");
      json_object_set_string_member (o, "dateDbtService", (const char *) sqlite3_column_text (stmt, 4));
      if (actif)
        json_object_set_null_member (o, "dateFinService");
      else
        json_object_set_string_member (o, "dateFinService", "2023-12-31 23:59");
      json_array_add_object_element (items, o);
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeServices", items);
  return answer;
}

static JsonObject *
structures_consulter_service (SimCtx *ctx, JsonObject *req)
{
  gint64 structure_id = sim_req_int (ctx, req, "idStructure", 0);
  gint64 service_id = sim_req_int (ctx, req, "idService", 0);
  g_autoptr(SimService) svc = NULL;
  g_autoptr(SimStructure) s = NULL;
  JsonObject *answer, *info, *params;

  sim_req_str (ctx, req, "codeLangue", NULL);
  if (ctx->error)
    return NULL;
  if (structure_id <= 0 || service_id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs idStructure et idService sont obligatoires");
  svc = sim_service_load (ctx->ds, service_id);
  s = sim_structure_load (ctx->ds, structure_id);
  if (svc == NULL || s == NULL || svc->structure_id != structure_id)
    return sim_fail (SIM_CODE_NOT_FOUND, "Le service %" G_GINT64_FORMAT " n'existe pas pour la structure %" G_GINT64_FORMAT,
                     service_id, structure_id);

  answer = sim_ok ();
  info = json_object_new ();
  json_object_set_string_member (info, "codeService", svc->code);
  json_object_set_string_member (info, "nomService", svc->libelle);
  json_object_set_string_member (info, "descriptionService", svc->libelle);
  json_object_set_object_member (answer, "informationsGenerales", info);

  params = json_object_new ();
  json_object_set_string_member (params, "dateCreation", "2017-01-01T09:00:00+01:00");
  json_object_set_string_member (params, "dateDebutValidite", "2017-01-01T00:00:00+01:00");
  if (svc->actif)
    json_object_set_null_member (params, "dateFinValidite");
  else
    json_object_set_string_member (params, "dateFinValidite", "2023-12-31T23:59:59+01:00");
  json_object_set_string_member (params, "dateModification", "2024-06-12T14:22:05+02:00");
  json_object_set_boolean_member (params, "numeroEngagement", svc->ej_required);
  json_object_set_boolean_member (params, "miseEnPaiement", FALSE);
  json_object_set_object_member (answer, "parametres", params);

  json_object_set_object_member (answer, "adressePostale", postal_address (s));
  return answer;
}

/* ---- utilisateurs ----------------------------------------------------------------------- */

static JsonObject *
rattachements (SimCtx *ctx, JsonObject *req)
{
  SimPaging paging;
  static const SimSortColumn cols[] = { { "IdStructure", "r.structure_id" } };
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *sql = NULL;
  JsonObject *answer, *ret;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  if (!sim_read_paging (ctx, sim_req_obj (ctx, req, "parametresRecherche"), 100, cols, G_N_ELEMENTS (cols),
                        "r.rowid", FALSE, &paging))
    return NULL;
  /* One row per structure and role, as the portal lists them; the validator rows tell which
   * structures' invoices the account validates (idStructureValideur). */
  total = sim_count (ctx, "SELECT COUNT(*) FROM rattachements", NULL);
  answer = sim_ok ();
  ret = json_object_new ();
  sim_write_paging (ret, &paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
  items = json_array_new ();
  sql = g_strdup_printf ("SELECT r.structure_id, r.role, s.identifiant, s.type_identifiant, s.designation"
                         " FROM rattachements r JOIN structures s ON s.id = r.structure_id"
                         " ORDER BY %s %s LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         paging.column, paging.descending ? "DESC" : "ASC", paging.per_page,
                         (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();
      JsonArray *services = json_array_new ();
      gint64 sid = sqlite3_column_int64 (stmt, 0);
      g_autoptr(GPtrArray) sb = sim_binds_new ();
      sqlite3_stmt *q;

      json_object_set_int_member (o, "idStructure", sid);
      json_object_set_string_member (o, "identifiantStructure", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (o, "typeIdentifiantStructure", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (o, "designationStructure", (const char *) sqlite3_column_text (stmt, 4));
      json_object_set_string_member (o, "roleUtilisateur", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "statutUtilisateur", "ACTIF");
      json_object_set_string_member (o, "statutRattachementStructure", "ACTIF");
      json_object_set_int_member (o, "idRattachementStructure", 900000 + sid % 100000);
      sim_bind_int (sb, sid);
      q = sim_prepare (ctx, "SELECT id, code, libelle, actif, date_debut FROM services WHERE structure_id = ? AND actif = 1"
                            " ORDER BY code", sb);
      while (q && sqlite3_step (q) == SQLITE_ROW)
        {
          JsonObject *svc = json_object_new ();

          json_object_set_int_member (svc, "idService", sqlite3_column_int64 (q, 0));
          json_object_set_string_member (svc, "codeService", (const char *) sqlite3_column_text (q, 1));
          json_object_set_string_member (svc, "libelleService", (const char *) sqlite3_column_text (q, 2));
          json_object_set_boolean_member (svc, "estActif", sqlite3_column_int (q, 3));
          json_object_set_string_member (svc, "dateDbtService", (const char *) sqlite3_column_text (q, 4));
          json_object_set_null_member (svc, "dateFinService");
          json_array_add_object_element (services, svc);
        }
      sqlite3_finalize (q);
      json_object_set_array_member (o, "listeServicesRattache", services);
      json_array_add_object_element (items, o);
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeStructureRattachement", items);
  return answer;
}

/* ---- transverses ------------------------------------------------------------------------ */

static gboolean
check_langue (SimCtx *ctx, JsonObject *req, JsonObject **fail)
{
  const char *lang = sim_req_str (ctx, req, "codeLangue", "FR");

  if (ctx->error)
    return FALSE;
  if (g_ascii_strcasecmp (lang, "FR") != 0 && g_ascii_strcasecmp (lang, "EN") != 0)
    {
      *fail = sim_fail (SIM_CODE_INVALID_VALUE, "codeLangue « %s » inconnu", lang);
      return FALSE;
    }
  return TRUE;
}

/* The statuses a recipient may set from @statutCourant: the same table traiter/recue enforces. */
static JsonObject *
etats_traitement (SimCtx *ctx, JsonObject *req)
{
  const char *current = sim_req_str (ctx, req, "statutCourant", NULL);
  const char *const *targets;
  gsize n;
  JsonObject *answer;
  JsonArray *items;

  if (ctx->error)
    return NULL;
  if (current == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ statutCourant est obligatoire");
  if (sim_status_find (current) == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Statut « %s » inconnu", current);
  targets = sim_recipient_targets (current, &n);
  answer = n ? sim_ok () : sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
  items = json_array_new ();
  for (gsize k = 0; k < n; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "statutPossiblePourTraitement", targets[k]);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (answer, "listeStatutsPossiblesPourTraitement", items);
  return answer;
}

static JsonObject *
tauxtva (SimCtx *ctx, JsonObject *req)
{
  JsonObject *fail = NULL;
  JsonArray *items = json_array_new ();
  const SimVatRate *rates;
  gsize n;
  JsonObject *answer;

  if (!check_langue (ctx, req, &fail))
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

static JsonObject *
devises (SimCtx *ctx, JsonObject *req)
{
  static const char *const list[][2] = {
    { "EUR", "Euro" }, { "USD", "Dollar des États-Unis" }, { "GBP", "Livre sterling" }, { "CHF", "Franc suisse" },
    { "XPF", "Franc CFP" },
  };
  JsonObject *fail = NULL;
  JsonObject *answer;
  JsonArray *items;

  if (!check_langue (ctx, req, &fail))
    return fail;
  items = json_array_new ();
  for (gsize k = 0; k < G_N_ELEMENTS (list); k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "codeDevise", list[k][0]);
      json_object_set_string_member (o, "libelleDevise", list[k][1]);
      json_array_add_object_element (items, o);
    }
  answer = sim_ok ();
  json_object_set_array_member (answer, "listeDevises", items);
  return answer;
}

static JsonObject *
string_list_answer (const char *list_key, const char *item_key, const char *const *values, gsize n)
{
  JsonObject *answer = sim_ok ();
  JsonArray *items = json_array_new ();

  for (gsize k = 0; k < n; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, item_key, values[k]);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (answer, list_key, items);
  return answer;
}

static JsonObject *
vocabulary_answer (SimVocabulary which, const char *list_key, const char *item_key)
{
  gsize n;
  const char *const *values = sim_vocabulary (which, &n);

  return string_list_answer (list_key, item_key, values, n);
}

static JsonObject *
modereglements (SimCtx *ctx, JsonObject *req)
{
  return vocabulary_answer (SIM_VOCAB_MODE_PAIEMENT, "listeModePaiement", "modePaiement");
}

static JsonObject *
modedepot (SimCtx *ctx, JsonObject *req)
{
  return vocabulary_answer (SIM_VOCAB_MODE_DEPOT, "listeModeDepot", "modeDepot");
}

/* FACTURE: the cadres an invoice is deposited under; FACTURE_TRAVAUX: those of works pieces. */
static JsonObject *
cadrefacturation (SimCtx *ctx, JsonObject *req)
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
  return string_list_answer ("listeCadreFacturation", "codeCadreFacturation", (const char *const *) codes->pdata,
                             codes->len);
}

static JsonObject *
typedp (SimCtx *ctx, JsonObject *req)
{
  return vocabulary_answer (SIM_VOCAB_TYPE_DEMANDE_PAIEMENT, "listeTypeDemandePaiement", "typeDemandePaiement");
}

static JsonObject *
typeidentifiant (SimCtx *ctx, JsonObject *req)
{
  return vocabulary_answer (SIM_VOCAB_TYPE_IDENTIFIANT, "listeTypeIdentifiant", "typeIdentifiantStructure");
}

static JsonObject *
formatflux (SimCtx *ctx, JsonObject *req)
{
  return vocabulary_answer (SIM_VOCAB_SYNTAXE_FLUX, "listeFormatFlux", "formatFlux");
}

static JsonObject *
pays (SimCtx *ctx, JsonObject *req)
{
  static const char *const list[][2] = {
    { "FR", "France" }, { "BE", "Belgique" }, { "DE", "Allemagne" }, { "ES", "Espagne" }, { "IT", "Italie" },
    { "LU", "Luxembourg" }, { "CH", "Suisse" }, { "GB", "Royaume-Uni" }, { "NC", "Nouvelle-Calédonie" },
    { "PF", "Polynésie française" },
  };
  JsonObject *fail = NULL;
  JsonObject *answer;
  JsonArray *items;

  if (!check_langue (ctx, req, &fail))
    return fail;
  items = json_array_new ();
  for (gsize k = 0; k < G_N_ELEMENTS (list); k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "codePays", list[k][0]);
      json_object_set_string_member (o, "libellePays", list[k][1]);
      json_array_add_object_element (items, o);
    }
  answer = sim_ok ();
  json_object_set_array_member (answer, "listePays", items);
  return answer;
}

static JsonObject *
motifs_exoneration (SimCtx *ctx, JsonObject *req)
{
  static const char *const list[][2] = {
    { "EXO_ART_261", "Exonération de TVA, article 261 du CGI" },
    { "EXO_ART_262", "Exonération de TVA, article 262 du CGI (exportations)" },
    { "EXO_ART_293B", "TVA non applicable, article 293 B du CGI (franchise en base)" },
    { "AUTOLIQUIDATION", "Autoliquidation : TVA due par le preneur (article 283-2 du CGI)" },
  };
  JsonObject *fail = NULL;
  JsonObject *answer;
  JsonArray *items;

  if (!check_langue (ctx, req, &fail))
    return fail;
  items = json_array_new ();
  for (gsize k = 0; k < G_N_ELEMENTS (list); k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "codeMotifExonerationTva", list[k][0]);
      json_object_set_string_member (o, "libelleMotifExonerationTva", list[k][1]);
      json_array_add_object_element (items, o);
    }
  answer = sim_ok ();
  json_object_set_array_member (answer, "listeMotifsExonerationTva", items);
  return answer;
}

/* The valid bank details of a structure the account is attached to (the dataset's). */
static JsonObject *
coordbanc_valides (SimCtx *ctx, JsonObject *req)
{
  gint64 id = sim_req_int (ctx, req, "idStructure", 0);
  g_autoptr(GPtrArray) accounts = NULL;
  JsonObject *answer;
  JsonArray *items;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ idStructure est obligatoire");
  if (!sim_account_has (ctx, id, NULL))
    return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure %" G_GINT64_FORMAT, id);
  accounts = sim_bank_accounts (ctx->ds, id, TRUE);
  answer = accounts->len ? sim_ok () : sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
  items = json_array_new ();
  for (guint k = 0; k < accounts->len; k++)
    {
      SimBankAccount *a = g_ptr_array_index (accounts, k);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "idCoordonneeBancaire", a->id);
      json_object_set_string_member (o, "nomCoordonneeBancaire", a->nom);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (answer, "listeCoordonneeBancaire", items);
  return answer;
}

static JsonObject *
typefacturetravaux (SimCtx *ctx, JsonObject *req)
{
  return vocabulary_answer (SIM_VOCAB_TYPE_FACTURE_TRAVAUX, "listeTypeFactureTravaux", "typeFactureTravaux");
}

static JsonObject *
etat_typedp (SimCtx *ctx, JsonObject *req)
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
  return string_list_answer ("listeEtatDemandePaiement", "etatDemandePaiement", (const char *const *) states->pdata,
                             states->len);
}

/* The reasons a validator may give for refusing (recuperer/motifs/refus/Facture/AValider),
 * for the cadres that go through validators. */
static JsonObject *
motifs_refus (SimCtx *ctx, JsonObject *req)
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
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ codeCadreFacturationAValider est obligatoire");
  rule = sim_cadre_find (cadre);
  if (rule == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Cadre de facturation « %s » inconnu", cadre);
  if (rule->use != SIM_CADRE_VALIDATED)
    return sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
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

static JsonObject *
typespj (SimCtx *ctx, JsonObject *req)
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

  if (!check_langue (ctx, req, &fail))
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

static JsonObject *
structures_actives (SimCtx *ctx, const char *role)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;
  JsonObject *answer = sim_ok ();
  JsonArray *items = json_array_new ();

  sim_bind_text (binds, role);
  stmt = sim_prepare (ctx, "SELECT s.id, s.identifiant, s.designation FROM rattachements r"
                           " JOIN structures s ON s.id = r.structure_id WHERE r.role = ? ORDER BY s.id", binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();
      json_object_set_int_member (o, "idStructureCPP", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (o, "identifiant", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "designationStructure", (const char *) sqlite3_column_text (stmt, 2));
      json_array_add_object_element (items, o);
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeStructures", items);
  return answer;
}

static JsonObject *
actives_fournisseur (SimCtx *ctx, JsonObject *req)
{
  return structures_actives (ctx, "FOURNISSEUR");
}

static JsonObject *
actives_destinataire (SimCtx *ctx, JsonObject *req)
{
  return structures_actives (ctx, "DESTINATAIRE");
}

static JsonObject *
actives_facturetravaux (SimCtx *ctx, JsonObject *req)
{
  JsonObject *answer = sim_ok ();
  JsonArray *items = json_array_new ();
  const char *roles[] = { "FOURNISSEUR", "MOE", "MOA" };

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(JsonObject) part = structures_actives (ctx, roles[r]);
      JsonArray *list = json_object_get_array_member (part, "listeStructures");

      for (guint k = 0; k < json_array_get_length (list); k++)
        json_array_add_object_element (items, json_object_ref (json_array_get_object_element (list, k)));
    }
  json_object_set_array_member (answer, "listeStructures", items);
  return answer;
}

static const SimSortColumn destinataire_sort_columns[] = {
  { "Siret", "identifiant" },
  { "NomDestinataire", "designation" },
  { "AdresseVille", "ville" },
};

static JsonObject *
rechercher_destinataire (SimCtx *ctx, JsonObject *req)
{
  const char *ident = sim_req_str (ctx, req, "identifiant", NULL);
  const char *ville = sim_req_str (ctx, req, "nomVilleCodePostal", NULL);
  const char *type = sim_req_str (ctx, req, "typeStructure", NULL);
  g_autoptr(GString) where = g_string_new ("is_public = 1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *count_sql = NULL;
  g_autofree char *sql = NULL;
  SimPaging paging;
  JsonObject *answer, *ret;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "parametresRecherche"), 10, destinataire_sort_columns,
                                      G_N_ELEMENTS (destinataire_sort_columns), "designation", FALSE, &paging))
    return NULL;
  if (type && *type && g_strcmp0 (type, "PUBLIQUE") != 0 && g_strcmp0 (type, "PRIVEE") != 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "typeStructure « %s » inconnu", type);
  if (g_strcmp0 (type, "PRIVEE") == 0)
    g_string_append (where, " AND 0");
  if (ident && *ident)
    {
      g_autofree char *prefix = like_pattern ("", ident, "%");
      g_autofree char *contains = like_pattern ("%", ident, "%");

      g_string_append (where, " AND (identifiant LIKE ? ESCAPE '\\' OR designation LIKE ? ESCAPE '\\')");
      sim_bind_text (binds, prefix);
      sim_bind_text (binds, contains);
    }
  if (ville && *ville)
    {
      g_autofree char *pattern = like_pattern ("%", ville, "%");
      g_string_append (where, " AND (ville LIKE ? ESCAPE '\\' OR code_postal LIKE ? ESCAPE '\\')");
      sim_bind_text (binds, pattern);
      sim_bind_text (binds, pattern);
    }
  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM structures WHERE %s", where->str);
  total = sim_count (ctx, count_sql, binds);
  answer = total ? sim_ok () : sim_fail (SIM_CODE_NO_RESULT, "TRA_MSG_00.015");
  ret = json_object_new ();
  sim_write_paging (ret, &paging, total, "");
  json_object_set_object_member (answer, "parametresRetour", ret);
  items = json_array_new ();
  sql = g_strdup_printf ("SELECT id, identifiant, designation, code_postal, ville FROM structures WHERE %s"
                         " ORDER BY %s %s, id LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         where->str, paging.column, paging.descending ? "DESC" : "ASC", paging.per_page,
                         (paging.page - 1) * paging.per_page);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();
      json_object_set_int_member (o, "idStructureCPP", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (o, "siret", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "nomDestinataire", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (o, "adresseCodePostal", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (o, "adresseVille", (const char *) sqlite3_column_text (stmt, 4));
      json_array_add_object_element (items, o);
    }
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, "listeDestinataires", items);
  return answer;
}

gint64
sim_store_attachment (SimCtx *ctx, const char *name, const char *extension, const char *mime, GBytes *data,
                      gint64 invoice_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = sim_dataset_next_id (ctx->ds, "attachments");

  /* Attachment ids live apart from invoice ids, which serve as the ids of drawn PDFs. */
  id = MAX (id, 90000000);
  sqlite3_prepare_v2 (ctx->db, "INSERT INTO attachments (id, nom, extension, mime, data, invoice_id)"
                               " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, extension, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, mime, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 5, g_bytes_get_data (data, NULL), (int) g_bytes_get_size (data), SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, invoice_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    id = 0;
  sqlite3_finalize (stmt);
  return id;
}

static const char *const allowed_extensions[] = {
  "BMP", "GIF", "FAX", "ODT", "PPT", "TIFF", "XLS", "BZ2", "GZ", "JPEG", "P7S", "RTF", "TXT", "XML", "CSV",
  "GZIP", "JPG", "PDF", "SVG", "XHTML", "XLSX", "DOC", "HTM", "ODP", "PNG", "TGZ", "XLC", "ZIP", "DOCX",
  "HTML", "ODS", "PPTX", "TIF",
};

gboolean
sim_extension_allowed (const char *ext)
{
  for (gsize k = 0; k < G_N_ELEMENTS (allowed_extensions); k++)
    if (ext && g_ascii_strcasecmp (ext, allowed_extensions[k]) == 0)
      return TRUE;
  return FALSE;
}

#define MAX_ATTACHMENT_BYTES (10 * 1024 * 1024)

static JsonObject *
ajouter_fichier (SimCtx *ctx, JsonObject *req)
{
  const char *b64 = sim_req_str (ctx, req, "pieceJointeFichier", NULL);
  const char *name = sim_req_str (ctx, req, "pieceJointeNom", NULL);
  const char *mime = sim_req_str (ctx, req, "pieceJointeTypeMime", "application/octet-stream");
  const char *ext = sim_req_str (ctx, req, "pieceJointeExtension", NULL);
  g_autofree guchar *raw = NULL;
  g_autoptr(GBytes) data = NULL;
  gsize len = 0;
  gint64 id;
  JsonObject *answer;

  if (ctx->error)
    return NULL;
  if (b64 == NULL || name == NULL || ext == NULL)
    return sim_fail (SIM_CODE_MISSING_FIELD, "Les champs pieceJointeFichier, pieceJointeNom et pieceJointeExtension sont obligatoires");
  if (g_utf8_strlen (name, -1) > 50 || strchr (name, '.') == NULL)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le nom du fichier doit comporter une extension et au plus 50 caractères");
  if (!sim_extension_allowed (ext))
    return sim_fail (SIM_CODE_INVALID_VALUE, "L'extension « %s » n'est pas autorisée", ext);
  raw = g_base64_decode (b64, &len);
  if (len == 0)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier est vide ou mal encodé en base64");
  if (len > MAX_ATTACHMENT_BYTES)
    return sim_fail (SIM_CODE_INVALID_VALUE, "Le fichier dépasse 10 Mo");
  data = g_bytes_new_take (g_steal_pointer (&raw), len);
  id = sim_store_attachment (ctx, name, ext, mime, data, 0);
  answer = sim_ok ();
  json_object_set_int_member (answer, "pieceJointeId", id);
  return answer;
}

static JsonObject *
consulter_cr_common (SimCtx *ctx, JsonObject *req, gboolean detailed)
{
  const char *numero = sim_req_str (ctx, req, "numeroFluxDepot", NULL);
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autoptr(GArray) suppliers = sim_dataset_attached (ctx->ds, "FOURNISSEUR");
  g_autofree char *in = sim_in_list (suppliers);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  JsonObject *answer = NULL;

  if (ctx->error)
    return NULL;
  if (numero == NULL || *numero == '\0')
    return sim_fail (SIM_CODE_MISSING_FIELD, "Le champ numeroFluxDepot est obligatoire");
  sim_bind_text (binds, numero);
  sql = g_strdup_printf ("SELECT numero, nom_fichier, syntaxe, date_depot, date_etat, etat, erreurs_json FROM flux"
                         " WHERE numero = ? AND supplier_id IN %s", in);
  stmt = sim_prepare (ctx, sql, binds);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *etat = (const char *) sqlite3_column_text (stmt, 5);
      const char *errors = (const char *) sqlite3_column_text (stmt, 6);

      answer = sim_ok ();
      if (detailed)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonArray *dp = NULL;
          JsonArray *technical = NULL;

          json_object_set_string_member (answer, "etatCourantDepotFlux", etat);
          json_object_set_string_member (answer, "dateDepotFlux", (const char *) sqlite3_column_text (stmt, 3));
          json_object_set_string_member (answer, "dateHeureEtatCourantFlux", (const char *) sqlite3_column_text (stmt, 4));
          json_object_set_string_member (answer, "codeInterfaceDepotFlux", (const char *) sqlite3_column_text (stmt, 2));
          json_object_set_string_member (answer, "nomFichier", (const char *) sqlite3_column_text (stmt, 1));
          /* Kept as {"dp": […], "technique": […]}; flux stored before that are a bare array. */
          if (errors && json_parser_load_from_data (parser, errors, -1, NULL))
            {
              JsonNode *root = json_parser_get_root (parser);

              if (JSON_NODE_HOLDS_ARRAY (root))
                dp = json_array_ref (json_node_get_array (root));
              else if (JSON_NODE_HOLDS_OBJECT (root))
                {
                  JsonObject *lists = json_node_get_object (root);

                  if (json_object_has_member (lists, "dp"))
                    dp = json_array_ref (json_object_get_array_member (lists, "dp"));
                  if (json_object_has_member (lists, "technique"))
                    technical = json_array_ref (json_object_get_array_member (lists, "technique"));
                }
            }
          json_object_set_array_member (answer, "listeErreurDP", dp ? dp : json_array_new ());
          json_object_set_array_member (answer, "listeErreurTechnique", technical ? technical : json_array_new ());
        }
      else
        {
          g_autofree char *cr = g_strdup_printf ("Compte rendu du flux %s : %s\n", numero, etat);
          g_autofree char *b64 = g_base64_encode ((const guchar *) cr, strlen (cr));

          json_object_set_string_member (answer, "numeroFluxDepot", numero);
          json_object_set_string_member (answer, "nomFichierFlux", (const char *) sqlite3_column_text (stmt, 1));
          json_object_set_string_member (answer, "dateDepotFlux", (const char *) sqlite3_column_text (stmt, 3));
          json_object_set_string_member (answer, "etatCourantFlux", etat);
          json_object_set_string_member (answer, "dateHeureEtatCourantFlux", (const char *) sqlite3_column_text (stmt, 4));
          json_object_set_string_member (answer, "codeInterfaceFlux", (const char *) sqlite3_column_text (stmt, 2));
          json_object_set_string_member (answer, "codeAppliPartenaire", "CHORUS_DESK");
          json_object_set_string_member (answer, "designationPartenaire", "Chorus Desk");
          json_object_set_string_member (answer, "fichierCR", b64);
        }
    }
  sqlite3_finalize (stmt);
  return answer ? answer : sim_fail (SIM_CODE_NOT_FOUND, "Le flux %s n'existe pas ou n'est pas accessible", numero);
}

static JsonObject *
consulter_cr (SimCtx *ctx, JsonObject *req)
{
  return consulter_cr_common (ctx, req, FALSE);
}

static JsonObject *
consulter_cr_detaille (SimCtx *ctx, JsonObject *req)
{
  return consulter_cr_common (ctx, req, TRUE);
}

static const SimRoute routes[] = {
  { "structures/v1/rechercher", structures_rechercher },
  { "structures/v1/consulter", structures_consulter },
  { "structures/v1/rechercher/services", structures_rechercher_services },
  { "structures/v1/consulter/service", structures_consulter_service },
  { "utilisateurs/v1/monCompte/recuperer/rattachements", rattachements },
  { "transverses/v1/recuperer/etats/traitement", etats_traitement },
  { "transverses/v1/recuperer/tauxtva", tauxtva },
  { "transverses/v1/recuperer/devises", devises },
  { "transverses/v1/recuperer/modereglements", modereglements },
  { "transverses/v1/recuperer/modedepot", modedepot },
  { "transverses/v1/recuperer/cadrefacturation", cadrefacturation },
  { "transverses/v1/recuperer/typedp", typedp },
  { "transverses/v1/recuperer/typeidentifiant/structure", typeidentifiant },
  { "transverses/v1/recuperer/formatflux", formatflux },
  { "transverses/v1/recuperer/pays", pays },
  { "transverses/v1/recuperer/motifs/exonerationtva", motifs_exoneration },
  { "transverses/v1/recuperer/coordbanc/valides", coordbanc_valides },
  { "transverses/v1/recuperer/typefacturetravaux", typefacturetravaux },
  { "transverses/v1/recuperer/etat/typedp", etat_typedp },
  { "transverses/v1/recuperer/typespj", typespj },
  { "transverses/v1/recuperer/motifs/refus/Facture/AValider", motifs_refus },
  { "transverses/v1/recuperer/structures/actives/fournisseur", actives_fournisseur },
  { "transverses/v1/recuperer/structures/actives/destinataire", actives_destinataire },
  { "transverses/v1/recuperer/structures/actives/facturetravaux", actives_facturetravaux },
  { "transverses/v1/rechercher/destinataire", rechercher_destinataire },
  { "transverses/v1/ajouter/fichier", ajouter_fichier },
  { "transverses/v1/consulterCR", consulter_cr },
  { "transverses/v1/consulterCRDetaille", consulter_cr_detaille },
};

const SimRoute *
sim_referentiel_routes (gsize *n)
{
  *n = G_N_ELEMENTS (routes);
  return routes;
}
