/* chorus-sim-rows.c: the store's rows as structs (structures, services, invoices, works pieces,
 * bank details), read one at a time through sim_load_one, and the writes an invoice takes: its
 * insertion, a status change and its validation level. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-sim-dataset-private.h"
#include "chorus-sim-rules.h"

typedef gpointer (*RowReader) (sqlite3_stmt *stmt);

/* The first row @sql selects, read by @read; NULL when there is none. @id is bound first when not
 * NULL, @text after it when not NULL. @cached keeps the statement prepared across calls (each page
 * of results loads dozens of structures); NULL prepares it for this call only. */
static gpointer
sim_load_one (SimDataset    *self,
              sqlite3_stmt **cached,
              const char    *sql,
              const gint64  *id,
              const char    *text,
              RowReader      read)
{
  sqlite3_stmt *stmt = cached != NULL ? *cached : NULL;
  gpointer row = NULL;
  int column = 1;

  if (stmt == NULL &&
      sqlite3_prepare_v3 (self->db, sql, -1, cached != NULL ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (cached != NULL)
    *cached = stmt;
  sqlite3_reset (stmt);
  if (id != NULL)
    sqlite3_bind_int64 (stmt, column++, *id);
  if (text != NULL)
    sim_sql_bind_text (stmt, column, text);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row = read (stmt);
  if (cached != NULL)
    sqlite3_reset (stmt);
  else
    sqlite3_finalize (stmt);
  return row;
}

/* ---- structures and services ------------------------------------------------------------------ */

#define STRUCTURE_COLUMNS \
  "id, identifiant, type_identifiant, designation, is_public, est_moa, service_required, ej_required," \
  " ej_or_service, adresse, code_postal, ville, pays, email, numero_tva, rcs, actif"

static SimStructure *
structure_from_stmt (sqlite3_stmt *stmt)
{
  SimStructure *s = g_new0 (SimStructure, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->identifiant = sim_sql_column_text (stmt, 1);
  s->type_identifiant = sim_sql_column_text (stmt, 2);
  s->designation = sim_sql_column_text (stmt, 3);
  s->is_public = sqlite3_column_int (stmt, 4);
  s->est_moa = sqlite3_column_int (stmt, 5);
  s->service_required = sqlite3_column_int (stmt, 6);
  s->ej_required = sqlite3_column_int (stmt, 7);
  s->ej_or_service = sqlite3_column_int (stmt, 8);
  s->adresse = sim_sql_column_text (stmt, 9);
  s->code_postal = sim_sql_column_text (stmt, 10);
  s->ville = sim_sql_column_text (stmt, 11);
  s->pays = sim_sql_column_text (stmt, 12);
  s->email = sim_sql_column_text (stmt, 13);
  s->numero_tva = sim_sql_column_text (stmt, 14);
  s->rcs = sim_sql_column_text (stmt, 15);
  s->actif = sqlite3_column_int (stmt, 16);
  return s;
}

SimStructure *
sim_structure_load (SimDataset *self, gint64 id)
{
  return sim_load_one (self, &self->structure_stmt, "SELECT " STRUCTURE_COLUMNS " FROM structures WHERE id = ?",
                       &id, NULL, (RowReader) structure_from_stmt);
}

SimStructure *
sim_structure_find (SimDataset *self, const char *identifiant)
{
  return sim_load_one (self, NULL, "SELECT " STRUCTURE_COLUMNS " FROM structures WHERE identifiant = ? LIMIT 1",
                       NULL, identifiant, (RowReader) structure_from_stmt);
}

gint64
sim_structure_name_rank (SimDataset *self, gint64 id)
{
  return sim_dataset_query_int (self, "SELECT name_rank FROM structures WHERE id = ?", id, 0);
}

void
sim_structure_free (SimStructure *s)
{
  if (s == NULL)
    return;
  g_free (s->identifiant);
  g_free (s->type_identifiant);
  g_free (s->designation);
  g_free (s->adresse);
  g_free (s->code_postal);
  g_free (s->ville);
  g_free (s->pays);
  g_free (s->email);
  g_free (s->numero_tva);
  g_free (s->rcs);
  g_free (s);
}

#define SERVICE_COLUMNS "id, structure_id, code, libelle, actif, ej_required, date_debut"

static SimService *
service_from_stmt (sqlite3_stmt *stmt)
{
  SimService *s = g_new0 (SimService, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->structure_id = sqlite3_column_int64 (stmt, 1);
  s->code = sim_sql_column_text (stmt, 2);
  s->libelle = sim_sql_column_text (stmt, 3);
  s->actif = sqlite3_column_int (stmt, 4);
  s->ej_required = sqlite3_column_int (stmt, 5);
  s->date_debut = sim_sql_column_text (stmt, 6);
  return s;
}

SimService *
sim_service_load (SimDataset *self, gint64 id)
{
  return sim_load_one (self, &self->service_stmt, "SELECT " SERVICE_COLUMNS " FROM services WHERE id = ?",
                       &id, NULL, (RowReader) service_from_stmt);
}

SimService *
sim_service_find (SimDataset *self, gint64 structure_id, const char *code)
{
  return sim_load_one (self, NULL, "SELECT " SERVICE_COLUMNS " FROM services WHERE structure_id = ? AND code = ?",
                       &structure_id, code, (RowReader) service_from_stmt);
}

void
sim_service_free (SimService *s)
{
  if (s == NULL)
    return;
  g_free (s->code);
  g_free (s->libelle);
  g_free (s->date_debut);
  g_free (s);
}

/* ---- invoices ---------------------------------------------------------------------------------- */

SimInvoice *
sim_invoice_from_row (sqlite3_stmt *stmt)
{
  SimInvoice *inv = g_new0 (SimInvoice, 1);

  inv->id = sqlite3_column_int64 (stmt, 0);
  inv->numero = sim_sql_column_text (stmt, 1);
  inv->supplier_id = sqlite3_column_int64 (stmt, 2);
  inv->recipient_id = sqlite3_column_int64 (stmt, 3);
  inv->service_id = sqlite3_column_int64 (stmt, 4);
  inv->supplier_service_id = sqlite3_column_int64 (stmt, 5);
  inv->statut = sim_sql_column_text (stmt, 6);
  inv->type_facture = sim_sql_column_text (stmt, 7);
  inv->type_tva = sim_sql_column_text (stmt, 8);
  inv->cadre = sim_sql_column_text (stmt, 9);
  inv->mode_depot = sim_sql_column_text (stmt, 10);
  inv->date_depot = sim_sql_column_text (stmt, 11);
  inv->date_facture = sim_sql_column_text (stmt, 12);
  inv->date_etat = sim_sql_column_text (stmt, 13);
  inv->ht = sqlite3_column_int64 (stmt, 14);
  inv->tva = sqlite3_column_int64 (stmt, 15);
  inv->ttc = sqlite3_column_int64 (stmt, 16);
  inv->a_payer = sqlite3_column_int64 (stmt, 17);
  inv->devise = sim_sql_column_text (stmt, 18);
  inv->numero_marche = sim_sql_column_text (stmt, 19);
  inv->numero_bc = sim_sql_column_text (stmt, 20);
  inv->numero_origine = sim_sql_column_text (stmt, 21);
  inv->mode_paiement = sim_sql_column_text (stmt, 22);
  inv->commentaire_etat = sim_sql_column_text (stmt, 23);
  inv->telechargee = sqlite3_column_int (stmt, 24);
  inv->numero_flux = sim_sql_column_text (stmt, 25);
  inv->numero_mandat = sim_sql_column_text (stmt, 26);
  inv->lines_seed = (guint32) sqlite3_column_int64 (stmt, 27);
  inv->n_lines = sqlite3_column_int (stmt, 28);
  inv->generated = sqlite3_column_int (stmt, 29);
  inv->main_pj_id = sqlite3_column_int64 (stmt, 30);
  inv->commentaire = sim_sql_column_text (stmt, 31);
  inv->lines_json = sim_sql_column_text (stmt, 32);
  inv->valideur_id = sqlite3_column_int64 (stmt, 33);
  inv->motif_exoneration = sim_sql_column_text (stmt, 34);
  inv->date_echeance = sim_sql_column_text (stmt, 35);
  inv->type_dp = sim_sql_column_text (stmt, 36);
  inv->type_facture_travaux = sim_sql_column_text (stmt, 37);
  inv->valideur2_id = sqlite3_column_int64 (stmt, 38);
  inv->niveau_validation = sqlite3_column_int (stmt, 39);
  inv->date_validation1 = sim_sql_column_text (stmt, 40);
  inv->date_validation2 = sim_sql_column_text (stmt, 41);
  inv->facturx = sqlite3_column_int (stmt, 42);
  inv->moe_id = sqlite3_column_int64 (stmt, 43);
  inv->moa_id = sqlite3_column_int64 (stmt, 44);
  inv->coord_banc_id = sqlite3_column_int64 (stmt, 45);
  return inv;
}

SimInvoice *
sim_invoice_load (SimDataset *self, gint64 id)
{
  return sim_load_one (self, NULL, "SELECT " SIM_INVOICE_COLUMNS " FROM invoices WHERE id = ?", &id, NULL,
                       (RowReader) sim_invoice_from_row);
}

void
sim_invoice_free (SimInvoice *inv)
{
  if (inv == NULL)
    return;
  g_free (inv->numero);
  g_free (inv->statut);
  g_free (inv->type_facture);
  g_free (inv->type_tva);
  g_free (inv->cadre);
  g_free (inv->mode_depot);
  g_free (inv->date_depot);
  g_free (inv->date_facture);
  g_free (inv->date_etat);
  g_free (inv->devise);
  g_free (inv->numero_marche);
  g_free (inv->numero_bc);
  g_free (inv->numero_origine);
  g_free (inv->mode_paiement);
  g_free (inv->commentaire_etat);
  g_free (inv->numero_flux);
  g_free (inv->numero_mandat);
  g_free (inv->commentaire);
  g_free (inv->lines_json);
  g_free (inv->motif_exoneration);
  g_free (inv->date_echeance);
  g_free (inv->type_dp);
  g_free (inv->type_facture_travaux);
  g_free (inv->date_validation1);
  g_free (inv->date_validation2);
  g_free (inv);
}

/* The recipient an invoice is with (queue_id), 0 while a validator holds it or it is a draft. */
#define QUEUE_SQL "CASE WHEN niveau_validation > 0 OR statut IN (%s) THEN 0 ELSE recipient_id END"

static char *
queue_expression (void)
{
  g_autoptr(GString) hidden = g_string_new (NULL);
  const SimStatusInfo *all;
  gsize n;

  all = sim_statuses (&n);
  for (gsize k = 0; k < n; k++)
    if (sim_status_hidden_from_recipient (all[k].code))
      g_string_append_printf (hidden, "%s'%s'", hidden->len ? "," : "", all[k].code);
  return g_strdup_printf (QUEUE_SQL, hidden->str);
}

char *
sim_invoice_set_status (SimDataset *self, gint64 invoice_id, const char *statut, const char *commentaire)
{
  sqlite3_stmt *stmt = NULL;
  char *now = sim_now_datetime ();
  g_autofree char *queue = queue_expression ();
  g_autofree char *sql = NULL;

  /* Before the first change of a generated invoice, keep where its generated walk ended. */
  sqlite3_prepare_v2 (self->db,
                      "UPDATE invoices SET gen_statut = statut, gen_date = date_etat, gen_commentaire = commentaire_etat"
                      " WHERE id = ? AND generated = 1 AND gen_statut IS NULL", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (self->db, "UPDATE invoices SET statut = ?, date_etat = ?, commentaire_etat = ? WHERE id = ?",
                      -1, &stmt, NULL);
  sim_sql_bind_text (stmt, 1, statut);
  sim_sql_bind_text (stmt, 2, now);
  sim_sql_bind_text (stmt, 3, commentaire);
  sqlite3_bind_int64 (stmt, 4, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sql = g_strdup_printf ("UPDATE invoices SET queue_id = %s WHERE id = ?", queue);
  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (self->db, "INSERT INTO history (invoice_id, statut, date, commentaire) VALUES (?, ?, ?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sim_sql_bind_text (stmt, 2, statut);
  sim_sql_bind_text (stmt, 3, now);
  sim_sql_bind_text (stmt, 4, commentaire);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return now;
}

void
sim_invoice_set_validation (SimDataset *self, gint64 invoice_id, int niveau, int validated_level)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *today = sim_today ();

  sqlite3_prepare_v2 (self->db,
                      "UPDATE invoices SET niveau_validation = ?1,"
                      " date_validation1 = CASE WHEN ?2 = 1 THEN ?3 ELSE date_validation1 END,"
                      " date_validation2 = CASE WHEN ?2 = 2 THEN ?3 ELSE date_validation2 END WHERE id = ?4",
                      -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, niveau);
  sqlite3_bind_int (stmt, 2, validated_level);
  sim_sql_bind_text (stmt, 3, today);
  sqlite3_bind_int64 (stmt, 4, invoice_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

gboolean
sim_invoice_insert (SimDataset *self, const SimInvoice *inv, gint64 supplier_rank)
{
  sqlite3_stmt *s;
  gboolean hidden = inv->niveau_validation > 0 || sim_status_hidden_from_recipient (inv->statut);
  int c = 1;

  if (self->insert_stmt == NULL &&
      sqlite3_prepare_v3 (self->db, "INSERT INTO invoices (" SIM_INVOICE_COLUMNS ", queue_id, supplier_rank) VALUES "
                          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          -1, SQLITE_PREPARE_PERSISTENT, &self->insert_stmt, NULL) != SQLITE_OK)
    {
      g_warning ("chorus-sim: invoice insert: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  s = self->insert_stmt;
  sqlite3_reset (s);
  sqlite3_bind_int64 (s, c++, inv->id);
  sim_sql_bind_text (s, c++, inv->numero);
  sqlite3_bind_int64 (s, c++, inv->supplier_id);
  sqlite3_bind_int64 (s, c++, inv->recipient_id);
  sqlite3_bind_int64 (s, c++, inv->service_id);
  sqlite3_bind_int64 (s, c++, inv->supplier_service_id);
  sim_sql_bind_text (s, c++, inv->statut);
  sim_sql_bind_text (s, c++, inv->type_facture);
  sim_sql_bind_text (s, c++, inv->type_tva);
  sim_sql_bind_text (s, c++, inv->cadre);
  sim_sql_bind_text (s, c++, inv->mode_depot);
  sim_sql_bind_text (s, c++, inv->date_depot);
  sim_sql_bind_text (s, c++, inv->date_facture);
  sim_sql_bind_text (s, c++, inv->date_etat);
  sqlite3_bind_int64 (s, c++, inv->ht);
  sqlite3_bind_int64 (s, c++, inv->tva);
  sqlite3_bind_int64 (s, c++, inv->ttc);
  sqlite3_bind_int64 (s, c++, inv->a_payer);
  sim_sql_bind_text (s, c++, inv->devise);
  sim_sql_bind_text (s, c++, inv->numero_marche);
  sim_sql_bind_text (s, c++, inv->numero_bc);
  sim_sql_bind_text (s, c++, inv->numero_origine);
  sim_sql_bind_text (s, c++, inv->mode_paiement);
  sim_sql_bind_text (s, c++, inv->commentaire_etat);
  sqlite3_bind_int (s, c++, inv->telechargee);
  sim_sql_bind_text (s, c++, inv->numero_flux);
  sim_sql_bind_text (s, c++, inv->numero_mandat);
  sqlite3_bind_int64 (s, c++, inv->lines_seed);
  sqlite3_bind_int (s, c++, inv->n_lines);
  sqlite3_bind_int (s, c++, inv->generated);
  sqlite3_bind_int64 (s, c++, inv->main_pj_id);
  sim_sql_bind_text (s, c++, inv->commentaire);
  sim_sql_bind_text (s, c++, inv->lines_json);
  sqlite3_bind_int64 (s, c++, inv->valideur_id);
  sim_sql_bind_text (s, c++, inv->motif_exoneration);
  sim_sql_bind_text (s, c++, inv->date_echeance);
  sim_sql_bind_text (s, c++, inv->type_dp ? inv->type_dp : "FACTURE");
  sim_sql_bind_text (s, c++, inv->type_facture_travaux);
  sqlite3_bind_int64 (s, c++, inv->valideur2_id);
  sqlite3_bind_int (s, c++, inv->niveau_validation);
  sim_sql_bind_text (s, c++, inv->date_validation1);
  sim_sql_bind_text (s, c++, inv->date_validation2);
  sqlite3_bind_int (s, c++, inv->facturx);
  sqlite3_bind_int64 (s, c++, inv->moe_id);
  sqlite3_bind_int64 (s, c++, inv->moa_id);
  sqlite3_bind_int64 (s, c++, inv->coord_banc_id);
  sqlite3_bind_int64 (s, c++, hidden ? 0 : inv->recipient_id);
  sqlite3_bind_int64 (s, c++, supplier_rank);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      g_warning ("chorus-sim: invoice insert failed: %s", sqlite3_errmsg (self->db));
      sqlite3_reset (s);
      return FALSE;
    }
  sqlite3_reset (s);
  return TRUE;
}

/* ---- bank details -------------------------------------------------------------------------------- */

GPtrArray *
sim_bank_accounts (SimDataset *self, gint64 structure_id, gboolean valid_only)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_bank_account_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT id, structure_id, nom, iban, bic, valide FROM coordonnees_bancaires"
                                " WHERE structure_id = ? AND (valide = 1 OR ? = 0) ORDER BY id", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, structure_id);
  sqlite3_bind_int (stmt, 2, valid_only);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SimBankAccount *a = g_new0 (SimBankAccount, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->structure_id = sqlite3_column_int64 (stmt, 1);
      a->nom = sim_sql_column_text (stmt, 2);
      a->iban = sim_sql_column_text (stmt, 3);
      a->bic = sim_sql_column_text (stmt, 4);
      a->valide = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (out, a);
    }
  sqlite3_finalize (stmt);
  return out;
}

void
sim_bank_account_free (SimBankAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->nom);
  g_free (account->iban);
  g_free (account->bic);
  g_free (account);
}

SimBankAccount *
sim_invoice_bank_account (SimDataset *self, const SimInvoice *inv)
{
  g_autoptr(GPtrArray) accounts = sim_bank_accounts (self, inv->supplier_id, FALSE);
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

/* ---- works pieces -------------------------------------------------------------------------------- */

SimWorks *
sim_works_from_row (sqlite3_stmt *stmt)
{
  SimWorks *w = g_new0 (SimWorks, 1);

  w->id = sqlite3_column_int64 (stmt, 0);
  w->numero = sim_sql_column_text (stmt, 1);
  w->cadre = sim_sql_column_text (stmt, 2);
  w->statut = sim_sql_column_text (stmt, 3);
  w->supplier_id = sqlite3_column_int64 (stmt, 4);
  w->moe_id = sqlite3_column_int64 (stmt, 5);
  w->moa_id = sqlite3_column_int64 (stmt, 6);
  w->service_id = sqlite3_column_int64 (stmt, 7);
  w->numero_marche = sim_sql_column_text (stmt, 8);
  w->numero_engagement = sim_sql_column_text (stmt, 9);
  w->date_depot = sim_sql_column_text (stmt, 10);
  w->date_facture = sim_sql_column_text (stmt, 11);
  w->date_etat = sim_sql_column_text (stmt, 12);
  w->ht = sqlite3_column_int64 (stmt, 13);
  w->tva = sqlite3_column_int64 (stmt, 14);
  w->ttc = sqlite3_column_int64 (stmt, 15);
  w->a_payer = sqlite3_column_int64 (stmt, 16);
  w->prev_id = sqlite3_column_int64 (stmt, 17);
  w->next_id = sqlite3_column_int64 (stmt, 18);
  w->dossier = sim_sql_column_text (stmt, 19);
  w->motif = sim_sql_column_text (stmt, 20);
  w->mode_depot = sim_sql_column_text (stmt, 21);
  w->telechargee = sqlite3_column_int (stmt, 22);
  w->lines_seed = (guint32) sqlite3_column_int64 (stmt, 23);
  w->main_pj_id = sqlite3_column_int64 (stmt, 24);
  return w;
}

SimWorks *
sim_works_load (SimDataset *self, gint64 id)
{
  return sim_load_one (self, NULL, "SELECT " SIM_WORKS_COLUMNS " FROM works WHERE id = ?", &id, NULL,
                       (RowReader) sim_works_from_row);
}

void
sim_works_free (SimWorks *w)
{
  if (w == NULL)
    return;
  g_free (w->numero);
  g_free (w->cadre);
  g_free (w->statut);
  g_free (w->numero_marche);
  g_free (w->numero_engagement);
  g_free (w->date_depot);
  g_free (w->date_facture);
  g_free (w->date_etat);
  g_free (w->dossier);
  g_free (w->motif);
  g_free (w->mode_depot);
  g_free (w);
}

gboolean
sim_works_insert (SimDataset *self, const SimWorks *w)
{
  sqlite3_stmt *s;
  int c = 1;

  if (self->works_insert_stmt == NULL &&
      sqlite3_prepare_v3 (self->db, "INSERT INTO works (" SIM_WORKS_COLUMNS ") VALUES "
                          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          -1, SQLITE_PREPARE_PERSISTENT, &self->works_insert_stmt, NULL) != SQLITE_OK)
    {
      g_warning ("chorus-sim: works insert: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  s = self->works_insert_stmt;
  sqlite3_reset (s);
  sqlite3_bind_int64 (s, c++, w->id);
  sim_sql_bind_text (s, c++, w->numero);
  sim_sql_bind_text (s, c++, w->cadre);
  sim_sql_bind_text (s, c++, w->statut);
  sqlite3_bind_int64 (s, c++, w->supplier_id);
  sqlite3_bind_int64 (s, c++, w->moe_id);
  sqlite3_bind_int64 (s, c++, w->moa_id);
  sqlite3_bind_int64 (s, c++, w->service_id);
  sim_sql_bind_text (s, c++, w->numero_marche);
  sim_sql_bind_text (s, c++, w->numero_engagement);
  sim_sql_bind_text (s, c++, w->date_depot);
  sim_sql_bind_text (s, c++, w->date_facture);
  sim_sql_bind_text (s, c++, w->date_etat);
  sqlite3_bind_int64 (s, c++, w->ht);
  sqlite3_bind_int64 (s, c++, w->tva);
  sqlite3_bind_int64 (s, c++, w->ttc);
  sqlite3_bind_int64 (s, c++, w->a_payer);
  sqlite3_bind_int64 (s, c++, w->prev_id);
  sqlite3_bind_int64 (s, c++, w->next_id);
  sim_sql_bind_text (s, c++, w->dossier);
  sim_sql_bind_text (s, c++, w->motif);
  sim_sql_bind_text (s, c++, w->mode_depot);
  sqlite3_bind_int (s, c++, w->telechargee);
  sqlite3_bind_int64 (s, c++, w->lines_seed);
  sqlite3_bind_int64 (s, c++, w->main_pj_id);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      g_warning ("chorus-sim: works insert failed: %s", sqlite3_errmsg (self->db));
      sqlite3_reset (s);
      return FALSE;
    }
  sqlite3_reset (s);
  return TRUE;
}
