/* chorus-sim-structures.c: the directory: structures/v1/rechercher, consulter, rechercher/services and
 * consulter/service, and the recipients' search of transverses/v1/rechercher/destinataire.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-handlers.h"

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

/* The page asked of the structures matching @where: each row of @columns becomes an item made by
 * @item, listed under @list_key; TRA_MSG_00.015 when none matches. */
static JsonObject *
structures_page (SimCtx *ctx, const char *where, GPtrArray *binds, const SimPaging *paging, const char *columns,
                 JsonObject *(*item) (sqlite3_stmt *row), const char *list_key)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT COUNT(*) FROM structures WHERE %s", where);
  gint64 total = sim_count (ctx, count_sql, binds);
  JsonObject *answer = total ? sim_ok () : sim_fail_no_result ();
  g_autofree char *page = sim_page_clause (paging, ", id", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM structures WHERE %s%s", columns, where, page);
  JsonArray *items = json_array_new ();
  sqlite3_stmt *stmt;

  sim_set_page_info (answer, paging, total);
  stmt = sim_prepare (ctx, sql, binds);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_object_element (items, item (stmt));
  sqlite3_finalize (stmt);
  json_object_set_array_member (answer, list_key, items);
  return answer;
}

static JsonObject *
structure_item (sqlite3_stmt *row)
{
  JsonObject *s = json_object_new ();

  json_object_set_int_member (s, "idStructureCPP", sqlite3_column_int64 (row, 0));
  json_object_set_string_member (s, "identifiantStructure", (const char *) sqlite3_column_text (row, 1));
  json_object_set_string_member (s, "designationStructure", (const char *) sqlite3_column_text (row, 2));
  json_object_set_string_member (s, "typeIdentifiantStructure", (const char *) sqlite3_column_text (row, 3));
  json_object_set_string_member (s, "statut", sqlite3_column_int (row, 4) ? "ACTIVE" : "INACTIVE");
  return s;
}

JsonObject *
sim_structures_rechercher (SimCtx *ctx, JsonObject *req, int variant)
{
  JsonObject *crit = sim_req_obj (ctx, req, "structure");
  gboolean restrict_private = sim_req_bool (ctx, req, "restreindreStructuresPrivees", TRUE);
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  const char *ident, *type_id, *statut;
  SimPaging paging;

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

  return structures_page (ctx, where->str, binds, &paging, "id, identifiant, designation, type_identifiant, actif",
                          structure_item, "listeStructures");
}

/* A public structure, or one of the account's. */
static SimStructure *
load_visible (SimCtx *ctx, gint64 id)
{
  SimStructure *s = sim_structure_load (ctx->ds, id);

  if (s != NULL && !s->is_public && !sim_account_has (ctx, id, NULL))
    g_clear_pointer (&s, sim_structure_free);
  return s;
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

JsonObject *
sim_structures_consulter (SimCtx *ctx, JsonObject *req, int variant)
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
    return sim_fail_missing ("idStructureCPP");
  if ((s = load_visible (ctx, id)) == NULL)
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

JsonObject *
sim_structures_rechercher_services (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "idStructure", 0);
  g_autoptr(SimStructure) s = NULL;
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *sql = NULL;
  g_autofree char *page = NULL;
  SimPaging paging;
  JsonObject *answer;
  JsonArray *items;
  sqlite3_stmt *stmt;
  gint64 total;

  if (ctx->error || !sim_read_paging (ctx, sim_req_obj (ctx, req, "parametresRechercherServicesStructure"), 10,
                                      service_sort_columns, G_N_ELEMENTS (service_sort_columns), "code", FALSE, &paging))
    return NULL;
  if (id <= 0)
    return sim_fail_missing ("idStructure");
  if ((s = load_visible (ctx, id)) == NULL)
    return sim_fail (SIM_CODE_NOT_FOUND, "La structure %" G_GINT64_FORMAT " n'existe pas ou n'est pas accessible", id);

  sim_bind_int (binds, id);
  total = sim_count (ctx, "SELECT COUNT(*) FROM services WHERE structure_id = ?", binds);
  answer = total ? sim_ok () : sim_fail_no_result ();
  sim_set_page_info (answer, &paging, total);
  items = json_array_new ();
  page = sim_page_clause (&paging, ", id", NULL);
  sql = g_strdup_printf ("SELECT id, code, libelle, actif, date_debut FROM services WHERE structure_id = ?%s", page);
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

JsonObject *
sim_structures_consulter_service (SimCtx *ctx, JsonObject *req, int variant)
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

static const SimSortColumn destinataire_sort_columns[] = {
  { "Siret", "identifiant" },
  { "NomDestinataire", "designation" },
  { "AdresseVille", "ville" },
};

static JsonObject *
destinataire_item (sqlite3_stmt *row)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "idStructureCPP", sqlite3_column_int64 (row, 0));
  json_object_set_string_member (o, "siret", (const char *) sqlite3_column_text (row, 1));
  json_object_set_string_member (o, "nomDestinataire", (const char *) sqlite3_column_text (row, 2));
  json_object_set_string_member (o, "adresseCodePostal", (const char *) sqlite3_column_text (row, 3));
  json_object_set_string_member (o, "adresseVille", (const char *) sqlite3_column_text (row, 4));
  return o;
}

JsonObject *
sim_transverses_rechercher_destinataire (SimCtx *ctx, JsonObject *req, int variant)
{
  const char *ident = sim_req_str (ctx, req, "identifiant", NULL);
  const char *ville = sim_req_str (ctx, req, "nomVilleCodePostal", NULL);
  const char *type = sim_req_str (ctx, req, "typeStructure", NULL);
  g_autoptr(GString) where = g_string_new ("is_public = 1");
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  SimPaging paging;

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
  return structures_page (ctx, where->str, binds, &paging, "id, identifiant, designation, code_postal, ville",
                          destinataire_item, "listeDestinataires");
}
