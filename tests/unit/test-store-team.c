/* test-store-team.c: team mode in the local store, without a server: edits queued by every writer in
 * their own transaction, the team's values applied (pending local edits kept), acknowledgements,
 * lost edits, first-join seeds, claims, "changed by", and a restart in the middle. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "chorus-status.h"
#include "chorus-store-private.h"
#include "chorus-store-team.h"
#include "chorus-test-util.h"

typedef struct {
  char               *dir;
  ChorusStore        *store;
  ChorusTeamIdentity *me;
  guint               queued;
} Fixture;

static void
on_queued (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->queued++;
}

static ChorusInvoice *
make_invoice (gint64 id, const char *recipient_code)
{
  ChorusInvoice *invoice = chorus_invoice_new ();

  chorus_invoice_set_id (invoice, id);
  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
  chorus_invoice_set_number (invoice, "F-1");
  chorus_invoice_set_recipient_code (invoice, recipient_code);
  chorus_invoice_set_recipient_id (invoice, 164);
  chorus_invoice_set_supplier_name (invoice, "Organisme A");
  chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
  return invoice;
}

static void
add_invoices (ChorusStore *store, gint64 first, guint n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, make_invoice (first + i, "26440002200015"));
  g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("chorus-store-team-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->me = chorus_team_identity_new ("marie", "Marie Curie");
  add_invoices (fixture->store, 1, 5);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  chorus_team_identity_free (fixture->me);
  chorus_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static void
enable (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  chorus_store_team_enable (fixture->store, fixture->me, on_queued, fixture, &error);
  g_assert_no_error (error);
}

static ChorusTeamEdit *
pending_at (ChorusStore *store, guint index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = chorus_store_team_list_pending (store, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (index, <, pending->len);
  return g_ptr_array_steal_index (pending, index);
}

static ChorusTeamChange *
field_change (gint64 version, gint64 invoice_id, const char *field, const char *value, const char *login,
              const char *name)
{
  ChorusTeamChange *change = chorus_team_change_new (CHORUS_TEAM_CHANGE_FIELD);

  change->version = version;
  change->structure = g_strdup ("26440002200015");
  change->invoice_id = invoice_id;
  change->field = g_strdup (field);
  change->value = g_strdup (value);
  change->author_login = g_strdup (login);
  change->author_name = g_strdup (name);
  change->changed_at = g_strdup ("2026-03-05T09:42:00.000Z");
  return change;
}

static void
apply (Fixture *fixture, ChorusTeamApplied *applied, ChorusTeamChange *change)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_change_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (changes, change);
  g_assert_true (chorus_store_team_apply (fixture->store, changes, fixture->me, TRUE, applied, &error));
  g_assert_no_error (error);
}

static char *
gestionnaire_of (ChorusStore *store, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (store, id, &error);

  g_assert_no_error (error);
  return g_strdup (chorus_invoice_get_gestionnaire (invoice));
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void
test_off_queues_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Without team mode the store is as before: no queue, no callback. */
  g_assert_true (chorus_store_set_local_fields (fixture->store, 1, "Paul", "DOS-1", "vu", &error));
  g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Paul", &error));
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);
  g_assert_cmpuint (fixture->queued, ==, 0);

  /* Off again after being on: the same. */
  enable (fixture);
  chorus_store_team_disable (fixture->store);
  g_assert_true (chorus_store_set_local_fields (fixture->store, 1, "Sophie", NULL, NULL, &error));
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);
}

static void
test_edits_are_queued (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  ChorusTeamEdit *edit;

  enable (fixture);
  g_assert_true (chorus_store_set_local_fields (fixture->store, 2, "Paul", "DOS-2", NULL, &error));
  g_assert_no_error (error);
  /* Same values again: nothing new; a change of case is a change. */
  g_assert_true (chorus_store_set_local_fields (fixture->store, 2, "Paul", "DOS-2", NULL, &error));
  g_assert_true (chorus_store_set_local_fields (fixture->store, 2, "paul", "DOS-2", NULL, &error));
  g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Paul", &error));
  g_assert_true (chorus_store_remove_gestionnaire (fixture->store, "Paul", &error));
  {
    ChorusInvoiceFilter filter;

    chorus_invoice_filter_init (&filter);
    filter.gestionnaire = "Paul";
    g_assert_true (chorus_store_save_filter (fixture->store, "Dossiers de Paul", &filter, &error));
    g_assert_true (chorus_store_save_filter (fixture->store, "Dossiers de Paul", &filter, &error));
    g_assert_true (chorus_store_delete_filter (fixture->store, "Dossiers de Paul", &error));
  }
  g_assert_no_error (error);

  pending = chorus_store_team_list_pending (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 8);
  g_assert_cmpuint (fixture->queued, ==, 8);

  edit = g_ptr_array_index (pending, 0);
  g_assert_cmpstr (edit->kind, ==, "field");
  g_assert_cmpint (edit->invoice_id, ==, 2);
  g_assert_cmpstr (edit->structure, ==, "26440002200015");
  g_assert_cmpstr (edit->name, ==, "gestionnaire");
  g_assert_cmpstr (edit->value, ==, "Paul");
  g_assert_cmpint (edit->base_version, ==, 0);
  g_assert_cmpstr (edit->author_login, ==, "marie");
  g_assert_cmpstr (edit->author_name, ==, "Marie Curie");
  g_assert_cmpuint (strlen (edit->edit_id), ==, 32);
  edit = g_ptr_array_index (pending, 1);
  g_assert_cmpstr (edit->name, ==, "internal_reference");
  g_assert_cmpstr (edit->value, ==, "DOS-2");
  edit = g_ptr_array_index (pending, 2);
  g_assert_cmpstr (edit->value, ==, "paul");
  edit = g_ptr_array_index (pending, 3);
  g_assert_cmpstr (edit->kind, ==, "gestionnaire");
  g_assert_cmpstr (edit->name, ==, "Paul");
  g_assert_false (edit->deleted);
  edit = g_ptr_array_index (pending, 4);
  g_assert_true (edit->deleted);
  edit = g_ptr_array_index (pending, 5);
  g_assert_cmpstr (edit->kind, ==, "filter");
  g_assert_nonnull (strstr (edit->value, "Paul"));
  g_assert_true (((ChorusTeamEdit *) g_ptr_array_index (pending, 7))->deleted);

  /* The queue is in the database: a restart keeps it. */
  g_clear_object (&fixture->store);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 8);
}

static void
test_remote_values (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autoptr(ChorusTeamFieldInfo) info = NULL;

  enable (fixture);

  /* A colleague's value shows here, with who and when, and is not queued back. */
  apply (fixture, &applied, field_change (10, 3, "gestionnaire", "Sophie", "sophie", "Sophie Bernard"));
  g_assert_cmpuint (applied.invoice_ids->len, ==, 1);
  chorus_team_applied_clear (&applied);
  value = gestionnaire_of (fixture->store, 3);
  g_assert_cmpstr (value, ==, "Sophie");
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);
  g_assert_cmpint (chorus_store_team_get_cursor (fixture->store), ==, 10);
  info = chorus_store_team_get_field_info (fixture->store, 3, "gestionnaire");
  g_assert_nonnull (info);
  g_assert_cmpstr (info->author_name, ==, "Sophie Bernard");
  g_assert_cmpint (g_date_time_get_hour (info->changed_at), ==, 9);
  g_assert_false (info->pending);
  g_assert_null (chorus_store_team_get_field_info (fixture->store, 3, "notes"));

  /* Our edit is queued on top of version 10; a colleague's later one arrives before it is sent:
   * ours stays on screen (it will reach the team later, and win). */
  g_assert_true (chorus_store_set_local_fields (fixture->store, 3, "Marie", NULL, NULL, &error));
  {
    g_autoptr(ChorusTeamEdit) edit = pending_at (fixture->store, 0);
    g_assert_cmpint (edit->base_version, ==, 10);
  }
  apply (fixture, &applied, field_change (11, 3, "gestionnaire", "Paul", "paul", "Paul Durand"));
  chorus_team_applied_clear (&applied);
  g_clear_pointer (&value, g_free);
  value = gestionnaire_of (fixture->store, 3);
  g_assert_cmpstr (value, ==, "Marie");
  g_clear_pointer (&info, chorus_team_field_info_free);
  info = chorus_store_team_get_field_info (fixture->store, 3, "gestionnaire");
  g_assert_true (info->pending);

  /* Acknowledged as version 12: ours is the team's value now. */
  {
    g_autoptr(ChorusTeamEdit) edit = pending_at (fixture->store, 0);
    ChorusTeamAck ack = { 12, TRUE, "Marie", "marie", "Marie Curie", "2026-03-05T10:42:00.000Z" };
    gboolean changed = TRUE;

    g_assert_true (chorus_store_team_acknowledge (fixture->store, edit, &ack, &changed, &error));
    g_assert_no_error (error);
    g_assert_false (changed);
  }
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);
  g_clear_pointer (&info, chorus_team_field_info_free);
  info = chorus_store_team_get_field_info (fixture->store, 3, "gestionnaire");
  g_assert_cmpstr (info->author_login, ==, "marie");
  g_assert_false (info->pending);

  /* The feed brings our own change back later: nothing moves. */
  apply (fixture, &applied, field_change (12, 3, "gestionnaire", "Marie", "marie", "Marie Curie"));
  chorus_team_applied_clear (&applied);
  g_clear_pointer (&value, g_free);
  value = gestionnaire_of (fixture->store, 3);
  g_assert_cmpstr (value, ==, "Marie");

  /* An older version arriving late never goes back. */
  apply (fixture, &applied, field_change (11, 3, "gestionnaire", "Paul", "paul", "Paul Durand"));
  chorus_team_applied_clear (&applied);
  g_clear_pointer (&value, g_free);
  value = gestionnaire_of (fixture->store, 3);
  g_assert_cmpstr (value, ==, "Marie");

  /* History: every version once, in order. */
  {
    g_autoptr(GPtrArray) history = chorus_store_team_list_history (fixture->store, 3, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 3);
    g_assert_cmpstr (((ChorusTeamHistoryEntry *) g_ptr_array_index (history, 1))->author_name, ==, "Paul Durand");
    g_assert_cmpstr (((ChorusTeamHistoryEntry *) g_ptr_array_index (history, 2))->new_value, ==, "Marie");
  }
}

static void
test_seed_kept_by_team (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gboolean reset = FALSE;

  /* Alone, this desktop assigned invoice 4 and kept a list. */
  g_assert_true (chorus_store_set_local_fields (fixture->store, 4, "Chloé", NULL, "à relancer", &error));
  g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Chloé", &error));
  enable (fixture);
  g_assert_true (chorus_store_team_bind_database (fixture->store, "db-A", &reset, &error));
  g_assert_no_error (error);
  g_assert_true (reset);
  /* Field seeds (gestionnaire, notes) and the list item, all marked as seeds. */
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 3);
  {
    g_autoptr(ChorusTeamEdit) edit = pending_at (fixture->store, 0);
    g_assert_cmpint (edit->base_version, ==, -1);
    g_assert_cmpstr (edit->author_login, ==, "marie");
  }
  /* The same database again: nothing more. */
  g_assert_true (chorus_store_team_bind_database (fixture->store, "db-A", &reset, &error));
  g_assert_false (reset);
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 3);

  /* The team had its own gestionnaire for invoice 4: the seed is not applied, the team's shows. */
  {
    g_autoptr(ChorusTeamEdit) edit = pending_at (fixture->store, 0);
    ChorusTeamAck ack = { 7, FALSE, "Paul", "paul", "Paul Durand", "2026-03-01T08:00:00.000Z" };
    gboolean changed = FALSE;

    g_assert_cmpstr (edit->name, ==, "gestionnaire");
    g_assert_true (chorus_store_team_acknowledge (fixture->store, edit, &ack, &changed, &error));
    g_assert_true (changed);
  }
  value = gestionnaire_of (fixture->store, 4);
  g_assert_cmpstr (value, ==, "Paul");
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 2);

  /* Another database: the team cache and cursor restart, and pending edits are kept. */
  {
    ChorusTeamApplied applied = { 0 };

    apply (fixture, &applied, field_change (20, 5, "notes", "x", "paul", "Paul"));
    chorus_team_applied_clear (&applied);
  }
  g_assert_cmpint (chorus_store_team_get_cursor (fixture->store), ==, 20);
  g_assert_true (chorus_store_team_bind_database (fixture->store, "db-B", &reset, &error));
  g_assert_true (reset);
  g_assert_cmpint (chorus_store_team_get_cursor (fixture->store), ==, 0);
  /* What the old team had is now this desktop's, offered to the new team as a seed. */
  {
    g_autoptr(ChorusTeamFieldInfo) info = chorus_store_team_get_field_info (fixture->store, 5, "notes");

    g_assert_nonnull (info);
    g_assert_true (info->pending);
    g_assert_null (info->author_login);
  }
}

static void
test_lost_edit_reported (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  ChorusTeamChange *change;
  ChorusTeamLostEdit *lost;

  enable (fixture);
  change = field_change (30, 2, "internal_reference", "DAPEC 2026/83", "paul", "Paul Durand");
  change->concurrent = TRUE;
  change->old_value = g_strdup ("DAPEC 2026/14");
  change->replaced_login = g_strdup ("marie");
  change->replaced_name = g_strdup ("Marie Curie");
  apply (fixture, &applied, change);
  g_assert_cmpuint (applied.lost->len, ==, 1);
  lost = g_ptr_array_index (applied.lost, 0);
  g_assert_cmpint (lost->invoice_id, ==, 2);
  g_assert_cmpstr (lost->field, ==, "internal_reference");
  g_assert_cmpstr (lost->lost_value, ==, "DAPEC 2026/14");
  g_assert_cmpstr (lost->winner_value, ==, "DAPEC 2026/83");
  g_assert_cmpstr (lost->winner_name, ==, "Paul Durand");
  chorus_team_applied_clear (&applied);

  /* Someone else's loss is not ours to hear about. */
  change = field_change (31, 2, "internal_reference", "DAPEC 2026/84", "paul", "Paul Durand");
  change->concurrent = TRUE;
  change->replaced_login = g_strdup ("sophie");
  apply (fixture, &applied, change);
  g_assert_cmpuint (applied.lost->len, ==, 0);
  chorus_team_applied_clear (&applied);
}

static void
test_arriving_invoice_gets_team_values (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;

  enable (fixture);
  /* The team assigned invoice 500 before this desktop ever synced it. */
  apply (fixture, &applied, field_change (40, 500, "gestionnaire", "Sophie", "sophie", "Sophie"));
  g_assert_cmpuint (applied.invoice_ids->len, ==, 0);
  chorus_team_applied_clear (&applied);
  add_invoices (fixture->store, 500, 1);
  value = gestionnaire_of (fixture->store, 500);
  g_assert_cmpstr (value, ==, "Sophie");
  /* Taking the team's value is not an edit. */
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);
  /* And a later sync of the same invoice keeps it. */
  add_invoices (fixture->store, 500, 1);
  g_clear_pointer (&value, g_free);
  value = gestionnaire_of (fixture->store, 500);
  g_assert_cmpstr (value, ==, "Sophie");
  g_assert_no_error (error);
}

static void
test_remote_lists (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  ChorusTeamChange *change;
  ChorusInvoiceFilter filter;

  enable (fixture);
  change = chorus_team_change_new (CHORUS_TEAM_CHANGE_LIST);
  change->version = 50;
  change->list = g_strdup ("gestionnaire");
  change->name = g_strdup ("Sophie Bernard");
  apply (fixture, &applied, change);
  g_assert_cmpuint (applied.lists->len, ==, 1);
  chorus_team_applied_clear (&applied);
  names = chorus_store_list_gestionnaires (fixture->store, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "Sophie Bernard");

  change = chorus_team_change_new (CHORUS_TEAM_CHANGE_LIST);
  change->version = 51;
  change->list = g_strdup ("filter");
  change->name = g_strdup ("Rejetées du service");
  change->value = g_strdup ("{'direction': <'received'>, 'service_code': <'ANFH_FORMATION'>}");
  apply (fixture, &applied, change);
  chorus_team_applied_clear (&applied);
  g_assert_true (chorus_store_load_filter (fixture->store, "Rejetées du service", &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);

  change = chorus_team_change_new (CHORUS_TEAM_CHANGE_LIST);
  change->version = 52;
  change->list = g_strdup ("gestionnaire");
  change->name = g_strdup ("Sophie Bernard");
  change->deleted = TRUE;
  apply (fixture, &applied, change);
  chorus_team_applied_clear (&applied);
  g_clear_pointer (&names, g_strfreev);
  names = chorus_store_list_gestionnaires (fixture->store, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

/* The motifs table as the recipient's actions keep it (kind, position, text); made here when this
 * build does not have it. */
static void
ensure_motifs_table (ChorusStore *store)
{
  g_autofree char *path = g_build_filename (chorus_store_get_dir (store), "chorus.db", NULL);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE IF NOT EXISTS motifs (kind INTEGER NOT NULL, position INTEGER NOT NULL,"
                                     " text TEXT NOT NULL, PRIMARY KEY (kind, text)) WITHOUT ROWID", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
count_rows (ChorusStore *store, const char *sql)
{
  g_autofree char *path = g_build_filename (chorus_store_get_dir (store), "chorus.db", NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
exec_on (ChorusStore *store, const char *sql)
{
  g_autofree char *path = g_build_filename (chorus_store_get_dir (store), "chorus.db", NULL);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_remote_motifs (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  g_autoptr(GError) error = NULL;
  ChorusTeamChange *change;

  ensure_motifs_table (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  enable (fixture);

  /* A colleague's rejection motif arrives, at the end of the list of its kind. */
  exec_on (fixture->store, "INSERT INTO motifs VALUES (0, 0, 'Doublon')");
  chorus_store_team_disable (fixture->store);
  enable (fixture);
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);
  change = chorus_team_change_new (CHORUS_TEAM_CHANGE_LIST);
  change->version = 70;
  change->list = g_strdup ("motif");
  change->name = g_strdup ("0:Service non fait");
  apply (fixture, &applied, change);
  g_assert_cmpuint (applied.lists->len, ==, 1);
  chorus_team_applied_clear (&applied);
  g_assert_cmpint (count_rows (fixture->store, "SELECT position FROM motifs WHERE kind = 0 AND text = 'Service non fait'"),
                   ==, 1);
  change = chorus_team_change_new (CHORUS_TEAM_CHANGE_LIST);
  change->version = 71;
  change->list = g_strdup ("motif");
  change->name = g_strdup ("0:Doublon");
  change->deleted = TRUE;
  apply (fixture, &applied, change);
  chorus_team_applied_clear (&applied);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM motifs"), ==, 1);
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 0);

}

static void
count_signal (ChorusStore *store, guint *count)
{
  (*count)++;
}

static void
test_bulk_and_renames (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  const gint64 ids[] = { 1, 2, 3 };
  ChorusTeamChange *change;
  guint notified = 0;

  enable (fixture);
  /* One gestionnaire for a selection: one edit per invoice, each with its own base. */
  g_assert_true (chorus_store_assign_gestionnaire (fixture->store, ids, G_N_ELEMENTS (ids), "Claire", &error));
  g_assert_no_error (error);
  pending = chorus_store_team_list_pending (fixture->store, 0, &error);
  g_assert_cmpuint (pending->len, ==, 3);
  g_assert_cmpstr (((ChorusTeamEdit *) g_ptr_array_index (pending, 2))->value, ==, "Claire");
  g_clear_pointer (&pending, g_ptr_array_unref);

  /* Renaming a handler: the old name leaves the team's list, the new one joins, and every
   * invoice follows. */
  g_assert_true (chorus_store_add_gestionnaire (fixture->store, "Claire", &error));
  g_assert_true (chorus_store_rename_gestionnaire (fixture->store, "Claire", "Claire Martin", &error));
  g_assert_no_error (error);
  pending = chorus_store_team_list_pending (fixture->store, 0, &error);
  g_assert_cmpuint (pending->len, ==, 3 + 1 + 2 + 3);
  g_assert_cmpstr (((ChorusTeamEdit *) g_ptr_array_index (pending, 4))->name, ==, "Claire");
  g_assert_true (((ChorusTeamEdit *) g_ptr_array_index (pending, 4))->deleted);
  g_assert_cmpstr (((ChorusTeamEdit *) g_ptr_array_index (pending, 5))->name, ==, "Claire Martin");
  g_assert_false (((ChorusTeamEdit *) g_ptr_array_index (pending, 5))->deleted);
  g_assert_cmpstr (((ChorusTeamEdit *) g_ptr_array_index (pending, 8))->value, ==, "Claire Martin");

  /* A colleague's new handler reaches whoever follows the store's list of handlers. */
  g_signal_connect (fixture->store, "gestionnaires-changed", G_CALLBACK (count_signal), &notified);
  change = chorus_team_change_new (CHORUS_TEAM_CHANGE_LIST);
  change->version = 80;
  change->list = g_strdup ("gestionnaire");
  change->name = g_strdup ("Sophie Bernard");
  apply (fixture, &applied, change);
  chorus_team_applied_clear (&applied);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_claims (Fixture *fixture, gconstpointer data)
{
  ChorusTeamApplied applied = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 ("2026-03-05T10:45:00Z", NULL);
  g_autoptr(GDateTime) after = g_date_time_new_from_iso8601 ("2026-03-05T10:52:00.001Z", NULL);
  ChorusTeamChange *change = chorus_team_change_new (CHORUS_TEAM_CHANGE_CLAIM);

  enable (fixture);
  change->version = 60;
  change->invoice_id = 2;
  change->structure = g_strdup ("26440002200015");
  change->author_login = g_strdup ("paul");
  change->author_name = g_strdup ("Paul Durand");
  change->changed_at = g_strdup ("2026-03-05T10:42:00.000Z");
  change->expires_at = g_strdup ("2026-03-05T10:52:00.000Z");
  apply (fixture, &applied, change);
  g_assert_cmpuint (applied.claim_ids->len, ==, 1);
  chorus_team_applied_clear (&applied);

  /* Alive until its server-side expiry, gone after, with no one removing it. */
  claims = chorus_store_team_list_claims (fixture->store, before, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (((ChorusTeamClaim *) g_ptr_array_index (claims, 0))->holder_name, ==, "Paul Durand");
  g_clear_pointer (&claims, g_ptr_array_unref);
  claims = chorus_store_team_list_claims (fixture->store, after, &error);
  g_assert_cmpuint (claims->len, ==, 0);
}

static void
test_refused_edit_kept (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusTeamEdit) edit = NULL;

  enable (fixture);
  g_assert_true (chorus_store_set_local_fields (fixture->store, 1, NULL, NULL, "note", &error));
  edit = pending_at (fixture->store, 0);
  g_assert_true (chorus_store_team_set_refused (fixture->store, edit->id, "trop long", &error));
  g_assert_cmpuint (chorus_store_team_count_pending (fixture->store), ==, 1);
  g_assert_cmpuint (chorus_store_team_count_refused (fixture->store), ==, 1);
  g_clear_pointer (&edit, chorus_team_edit_free);
  edit = pending_at (fixture->store, 0);
  g_assert_cmpint (edit->attempts, ==, 1);
  g_assert_cmpstr (edit->message, ==, "trop long");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store-team/off-queues-nothing", test_off_queues_nothing);
  ADD ("/store-team/edits-are-queued", test_edits_are_queued);
  ADD ("/store-team/remote-values", test_remote_values);
  ADD ("/store-team/seed-kept-by-team", test_seed_kept_by_team);
  ADD ("/store-team/lost-edit-reported", test_lost_edit_reported);
  ADD ("/store-team/arriving-invoice-gets-team-values", test_arriving_invoice_gets_team_values);
  ADD ("/store-team/remote-lists", test_remote_lists);
  ADD ("/store-team/claims", test_claims);
  ADD ("/store-team/bulk-and-renames", test_bulk_and_renames);
  ADD ("/store-team/remote-motifs", test_remote_motifs);
  ADD ("/store-team/refused-edit-kept", test_refused_edit_kept);
#undef ADD

  return g_test_run ();
}
