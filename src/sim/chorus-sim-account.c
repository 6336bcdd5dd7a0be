/* chorus-sim-account.c: what the technical account is attached to: its rattachements
 * (utilisateurs/v1/monCompte/recuperer/rattachements), the structures active for it by role and
 * their valid bank details (transverses/v1/recuperer/…). SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-handlers.h"

JsonObject *
sim_utilisateurs_rattachements (SimCtx *ctx, JsonObject *req, int variant)
{
  SimPaging paging;
  static const SimSortColumn cols[] = { { "IdStructure", "r.structure_id" } };
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  g_autofree char *sql = NULL;
  g_autofree char *page = NULL;
  JsonObject *answer;
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
  sim_set_page_info (answer, &paging, total);
  items = json_array_new ();
  page = sim_page_clause (&paging, NULL, NULL);
  sql = g_strdup_printf ("SELECT r.structure_id, r.role, s.identifiant, s.type_identifiant, s.designation"
                         " FROM rattachements r JOIN structures s ON s.id = r.structure_id%s", page);
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

/* The valid bank details of a structure the account is attached to (the dataset's). */
JsonObject *
sim_transverses_coordbanc_valides (SimCtx *ctx, JsonObject *req, int variant)
{
  gint64 id = sim_req_int (ctx, req, "idStructure", 0);
  g_autoptr(GPtrArray) accounts = NULL;
  JsonObject *answer;
  JsonArray *items;

  if (ctx->error)
    return NULL;
  if (id <= 0)
    return sim_fail_missing ("idStructure");
  if (!sim_account_has (ctx, id, NULL))
    return sim_fail (SIM_CODE_FORBIDDEN, "L'utilisateur n'est pas rattaché à la structure %" G_GINT64_FORMAT, id);
  accounts = sim_bank_accounts (ctx->ds, id, TRUE);
  answer = accounts->len ? sim_ok () : sim_fail_no_result ();
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

/* The account's structures of @role, as the actives lists name them. */
static void
add_actives (SimCtx *ctx, const char *role, JsonArray *items)
{
  g_autoptr(GPtrArray) binds = sim_binds_new ();
  sqlite3_stmt *stmt;

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
}

JsonObject *
sim_transverses_structures_actives (SimCtx *ctx, JsonObject *req, int variant)
{
  static const char *const works_roles[] = { "FOURNISSEUR", "MOE", "MOA" };
  JsonObject *answer = sim_ok ();
  JsonArray *items = json_array_new ();

  switch ((SimActiveStructures) variant)
    {
    case SIM_ACTIVE_SUPPLIERS:
      add_actives (ctx, "FOURNISSEUR", items);
      break;
    case SIM_ACTIVE_RECIPIENTS:
      add_actives (ctx, "DESTINATAIRE", items);
      break;
    case SIM_ACTIVE_WORKS:
    default:
      for (gsize r = 0; r < G_N_ELEMENTS (works_roles); r++)
        add_actives (ctx, works_roles[r], items);
      break;
    }
  json_object_set_array_member (answer, "listeStructures", items);
  return answer;
}
