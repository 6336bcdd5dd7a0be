/* test-team-sync.c: two desktops (two stores, two synchronisers) on one real PostgreSQL team database: each
 * sees the other's assignments within a second, offline edits survive a restart, concurrent edits
 * resolve (later wins, history kept, loser told), claims expire, and a connection dropped in the
 * middle of a transaction, or a server stopped, loses nothing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "chorus-status.h"
#include "chorus-store-team.h"
#include "chorus-team-check.h"
#include "chorus-team-schema.h"
#include "chorus-team-sync-private.h"
#include "chorus-test-pg.h"
#include "chorus-test-util.h"

#define OWNER "equipe"
#define OWNER_PASSWORD "equipe-secret"
#define N_INVOICES 300
#define STRUCTURE "26440002200015"

static ChorusTestPg *pg;
static char *skip_reason;

#define REQUIRE_PG() G_STMT_START { if (pg == NULL) { g_test_skip (skip_reason); return; } } G_STMT_END

typedef struct {
  char               *dir;
  char               *database;
  ChorusStore        *store;
  ChorusTeamSync     *sync;
  ChorusTeamIdentity *me;
  GPtrArray          *lost;          /* ChorusTeamLostEdit */
  GArray             *changed;       /* invoice ids from invoices-changed */
  GPtrArray          *lists;         /* list names from lists-changed */
  GArray             *claims;        /* invoice ids from claims-changed */
  gint64              changed_at;    /* monotonic time of the last invoices-changed */
} Desktop;

/* ---- helpers ---------------------------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition, gpointer data, guint seconds, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u s waiting for: %s", seconds, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_online (gpointer data)
{
  return chorus_team_sync_get_state (((Desktop *) data)->sync) == CHORUS_TEAM_STATE_ONLINE;
}

static gboolean
nothing_pending (gpointer data)
{
  Desktop *desktop = data;

  return chorus_team_sync_get_state (desktop->sync) == CHORUS_TEAM_STATE_ONLINE &&
         chorus_store_team_count_pending (desktop->store) == 0;
}

static void
on_lost (ChorusTeamSync *sync, ChorusTeamLostEdit *lost, Desktop *desktop)
{
  g_ptr_array_add (desktop->lost, chorus_team_lost_edit_copy (lost));
}

static void
on_changed (ChorusTeamSync *sync, GArray *ids, Desktop *desktop)
{
  g_array_append_vals (desktop->changed, ids->data, ids->len);
  desktop->changed_at = g_get_monotonic_time ();
}

static void
on_list (ChorusTeamSync *sync, const char *list, Desktop *desktop)
{
  g_ptr_array_add (desktop->lists, g_strdup (list));
}

static void
on_claims (ChorusTeamSync *sync, GArray *ids, Desktop *desktop)
{
  g_array_append_vals (desktop->claims, ids->data, ids->len);
}

static gboolean
array_has (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
fill (ChorusStore *store, guint n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= n; i++)
    {
      ChorusInvoice *invoice = chorus_invoice_new ();
      g_autofree char *number = g_strdup_printf ("FA-2026-%04u", i);

      chorus_invoice_set_id (invoice, i);
      chorus_invoice_set_number (invoice, number);
      chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_RECEIVED);
      chorus_invoice_set_recipient_code (invoice, STRUCTURE);
      chorus_invoice_set_supplier_name (invoice, "Organisme A");
      chorus_invoice_set_status (invoice, CHORUS_STATUS_MISE_A_DISPOSITION);
      g_ptr_array_add (batch, invoice);
    }
  g_assert_true (chorus_store_upsert_invoices (store, batch, &error));
  g_assert_no_error (error);
}

static void
desktop_open_sync (Desktop *desktop)
{
  g_autoptr(ChorusTeamConfig) config = chorus_test_pg_config (pg, desktop->database, OWNER);
  g_autoptr(GError) error = NULL;

  desktop->sync = chorus_team_sync_new (desktop->store, config, desktop->me, &error);
  g_assert_no_error (error);
  chorus_team_sync_set_password (desktop->sync, OWNER_PASSWORD);
  chorus_team_sync_set_retry_delays (desktop->sync, 100, 500);
  g_signal_connect (desktop->sync, "edit-lost", G_CALLBACK (on_lost), desktop);
  g_signal_connect (desktop->sync, "invoices-changed", G_CALLBACK (on_changed), desktop);
  g_signal_connect (desktop->sync, "lists-changed", G_CALLBACK (on_list), desktop);
  g_signal_connect (desktop->sync, "claims-changed", G_CALLBACK (on_claims), desktop);
}

static Desktop *
desktop_new (const char *database, const char *login, const char *name)
{
  Desktop *desktop = g_new0 (Desktop, 1);
  g_autoptr(GError) error = NULL;

  desktop->dir = g_dir_make_tmp ("chorus-team-desk-XXXXXX", &error);
  g_assert_no_error (error);
  desktop->database = g_strdup (database);
  desktop->store = chorus_store_open (desktop->dir, &error);
  g_assert_no_error (error);
  fill (desktop->store, N_INVOICES);
  desktop->me = chorus_team_identity_new (login, name);
  desktop->lost = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_team_lost_edit_free);
  desktop->changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  desktop->lists = g_ptr_array_new_with_free_func (g_free);
  desktop->claims = g_array_new (FALSE, FALSE, sizeof (gint64));
  desktop_open_sync (desktop);
  return desktop;
}

static void
desktop_start (Desktop *desktop)
{
  chorus_team_sync_start (desktop->sync);
  wait_until (is_online, desktop, 30, "online");
}

/* Quits the app (no clean-up message to the server) and starts it again on the same store folder. */
static void
desktop_restart (Desktop *desktop)
{
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (desktop->sync, desktop);
  g_clear_object (&desktop->sync);
  g_clear_object (&desktop->store);
  desktop->store = chorus_store_open (desktop->dir, &error);
  g_assert_no_error (error);
  desktop_open_sync (desktop);
}

static void
desktop_free (Desktop *desktop)
{
  if (desktop->sync != NULL)
    g_signal_handlers_disconnect_by_data (desktop->sync, desktop);
  g_clear_object (&desktop->sync);
  g_clear_object (&desktop->store);
  chorus_test_remove_dir (desktop->dir);
  g_free (desktop->dir);
  g_free (desktop->database);
  chorus_team_identity_free (desktop->me);
  g_ptr_array_unref (desktop->lost);
  g_array_unref (desktop->changed);
  g_ptr_array_unref (desktop->lists);
  g_array_unref (desktop->claims);
  g_free (desktop);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desktop, desktop_free)

static char *
field_of (Desktop *desktop, gint64 id, const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (desktop->store, id, &error);

  g_assert_no_error (error);
  if (g_str_equal (field, "gestionnaire"))
    return g_strdup (chorus_invoice_get_gestionnaire (invoice));
  if (g_str_equal (field, "internal_reference"))
    return g_strdup (chorus_invoice_get_internal_reference (invoice));
  return g_strdup (chorus_invoice_get_notes (invoice));
}

typedef struct {
  Desktop    *desktop;
  gint64      id;
  const char *field;
  const char *value;
} Expect;

static gboolean
shows (gpointer data)
{
  Expect *expect = data;
  g_autofree char *value = field_of (expect->desktop, expect->id, expect->field);

  return g_strcmp0 (value, expect->value) == 0;
}

static void
wait_shows (Desktop *desktop, gint64 id, const char *field, const char *value, guint seconds)
{
  Expect expect = { desktop, id, field, value };
  g_autofree char *what = g_strdup_printf ("%s of invoice %" G_GINT64_FORMAT " = %s on %s", field, id, value,
                                           desktop->me->login);

  wait_until (shows, &expect, seconds, what);
}

static void
set_field (Desktop *desktop, gint64 id, const char *gestionnaire, const char *reference, const char *notes)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (chorus_store_set_local_fields (desktop->store, id, gestionnaire, reference, notes, &error));
  g_assert_no_error (error);
}

static gboolean
history_complete (gpointer data)
{
  Desktop *desktop = data;
  g_autoptr(GPtrArray) entries = chorus_store_team_list_history (desktop->store, 42, NULL);

  return entries != NULL && entries->len == 3;
}

static char *
server_value (const char *database, const char *sql)
{
  return chorus_test_pg_query_value (pg, database, sql);
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void
test_two_desktops (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(Desktop) paul = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desktop_new (database, "marie", "Marie Curie");
  paul = desktop_new (database, "paul", "Paul Durand");
  desktop_start (marie);
  desktop_start (paul);

  /* Marie assigns an invoice to Paul: Paul's desktop shows it within a second, with who did it. */
  start = g_get_monotonic_time ();
  set_field (marie, 42, "Paul Durand", "DAPEC 2026/14", NULL);
  while (!array_has (paul->changed, 42))
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      g_main_context_iteration (NULL, TRUE);
    }
  elapsed = paul->changed_at - start;
  g_test_message ("assignment visible on the other desktop after %.1f ms", elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  wait_shows (paul, 42, "gestionnaire", "Paul Durand", 5);
  wait_shows (paul, 42, "internal_reference", "DAPEC 2026/14", 5);
  {
    g_autoptr(ChorusTeamFieldInfo) info = chorus_store_team_get_field_info (paul->store, 42, "gestionnaire");

    g_assert_nonnull (info);
    g_assert_cmpstr (info->author_name, ==, "Marie Curie");
    g_assert_false (info->pending);
  }
  /* Taking the team's value is not an edit of Paul's. */
  g_assert_cmpuint (chorus_store_team_count_pending (paul->store), ==, 0);

  /* Paul answers on the notes; Marie sees it, and both have the same history. */
  set_field (paul, 42, "Paul Durand", "DAPEC 2026/14", "Relancé le fournisseur");
  wait_shows (marie, 42, "notes", "Relancé le fournisseur", 5);
  wait_until (nothing_pending, paul, 10, "Paul's queue empty");
  /* His own change comes back to him through the feed, like everyone's. */
  wait_until (history_complete, paul, 10, "Paul's history");
  {
    g_autoptr(GPtrArray) a = chorus_store_team_list_history (marie->store, 42, &error);
    g_autoptr(GPtrArray) b = chorus_store_team_list_history (paul->store, 42, &error);

    g_assert_cmpuint (a->len, ==, 3);
    g_assert_cmpuint (b->len, ==, 3);
    g_assert_cmpstr (((ChorusTeamHistoryEntry *) g_ptr_array_index (a, 2))->author_name, ==, "Paul Durand");
    g_assert_cmpstr (((ChorusTeamHistoryEntry *) g_ptr_array_index (b, 0))->new_value, ==, "Paul Durand");
  }

  /* The team's lists: a gestionnaire and a filter set made by one appear on the other. */
  g_assert_true (chorus_store_add_gestionnaire (marie->store, "Sophie Bernard", &error));
  {
    ChorusInvoiceFilter filter;

    chorus_invoice_filter_init (&filter);
    filter.gestionnaire = "Sophie Bernard";
    g_assert_true (chorus_store_save_filter (marie->store, "Dossiers de Sophie", &filter, &error));
  }
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    g_auto(GStrv) names = NULL;
    ChorusInvoiceFilter loaded;

    while (paul->lists->len < 2 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    names = chorus_store_list_gestionnaires (paul->store, &error);
    g_assert_true (g_strv_contains ((const char * const *) names, "Sophie Bernard"));
    g_assert_true (chorus_store_load_filter (paul->store, "Dossiers de Sophie", &loaded, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (loaded.gestionnaire, ==, "Sophie Bernard");
  }

  /* Many at once (a bulk assignment) go in batches and all arrive. */
  for (gint64 id = 100; id < 250; id++)
    set_field (marie, id, "Sophie Bernard", NULL, NULL);
  wait_shows (paul, 249, "gestionnaire", "Sophie Bernard", 20);
  wait_shows (paul, 100, "gestionnaire", "Sophie Bernard", 5);
  g_assert_cmpuint (paul->lost->len, ==, 0);
  g_assert_cmpuint (marie->lost->len, ==, 0);
}

static void
test_offline_edits_survive_restart (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(Desktop) paul = NULL;
  g_autofree char *value = NULL;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desktop_new (database, "marie", "Marie Curie");
  paul = desktop_new (database, "paul", "Paul Durand");
  desktop_start (paul);
  desktop_start (marie);

  /* The server goes away; Marie keeps working on her cache. */
  chorus_test_pg_stop (pg);
  set_field (marie, 7, "Marie Curie", "DOS-7", "hors ligne");
  g_assert_true (chorus_store_add_gestionnaire (marie->store, "Claire Martin", NULL));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (chorus_team_sync_get_state (marie->sync) == CHORUS_TEAM_STATE_ONLINE && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpint (chorus_team_sync_get_state (marie->sync), ==, CHORUS_TEAM_STATE_OFFLINE);
  g_assert_nonnull (chorus_team_sync_get_message (marie->sync));
  g_assert_cmpuint (chorus_team_sync_get_pending (marie->sync), ==, 4);

  /* She quits and comes back the next morning: the edits are still there and still hers. */
  desktop_restart (marie);
  g_assert_cmpuint (chorus_team_sync_get_pending (marie->sync), ==, 4);
  value = field_of (marie, 7, "notes");
  g_assert_cmpstr (value, ==, "hors ligne");
  chorus_team_sync_start (marie->sync);

  /* The server is back: everything reaches it, and Paul's desktop. */
  chorus_test_pg_resume (pg);
  wait_until (nothing_pending, marie, 30, "Marie's queue empty");
  g_clear_pointer (&value, g_free);
  value = server_value (database, "SELECT value FROM team_invoice_fields WHERE invoice_id = 7 AND field = 'notes'");
  g_assert_cmpstr (value, ==, "hors ligne");
  wait_shows (paul, 7, "internal_reference", "DOS-7", 30);
  wait_shows (paul, 7, "notes", "hors ligne", 5);
  {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) names = NULL;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    do
      {
        g_clear_pointer (&names, g_strfreev);
        g_main_context_iteration (NULL, FALSE);
        names = chorus_store_list_gestionnaires (paul->store, &error);
      }
    while (!g_strv_contains ((const char * const *) names, "Claire Martin") && g_get_monotonic_time () < deadline);
    g_assert_true (g_strv_contains ((const char * const *) names, "Claire Martin"));
  }
}

static void
test_concurrent_edits (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(Desktop) paul = NULL;
  g_autofree char *value = NULL;
  g_autofree char *history = NULL;
  g_autoptr(GError) error = NULL;
  ChorusTeamLostEdit *lost;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desktop_new (database, "marie", "Marie Curie");
  paul = desktop_new (database, "paul", "Paul Durand");
  desktop_start (marie);
  desktop_start (paul);

  /* Both start from the same value. */
  set_field (marie, 5, NULL, "DAPEC 2026/1", NULL);
  wait_shows (paul, 5, "internal_reference", "DAPEC 2026/1", 5);

  /* Paul is cut off and edits; meanwhile Marie edits the same field, online. */
  chorus_team_sync_stop (paul->sync);
  set_field (paul, 5, NULL, "DAPEC 2026/83", NULL);
  set_field (marie, 5, NULL, "DAPEC 2026/14", NULL);
  wait_until (nothing_pending, marie, 10, "Marie's edit sent");

  /* Paul's comes back later: by the server's order it is the later one, and it wins. */
  chorus_team_sync_start (paul->sync);
  wait_until (nothing_pending, paul, 20, "Paul's edit sent");
  wait_shows (marie, 5, "internal_reference", "DAPEC 2026/83", 10);
  value = server_value (database, "SELECT value FROM team_invoice_fields WHERE invoice_id = 5 AND field = 'internal_reference'");
  g_assert_cmpstr (value, ==, "DAPEC 2026/83");
  g_clear_pointer (&value, g_free);
  value = field_of (paul, 5, "internal_reference");
  g_assert_cmpstr (value, ==, "DAPEC 2026/83");

  /* Marie's stays in the history, and she is told hers was replaced without being seen. */
  history = server_value (database, "SELECT string_agg (new_value || ':' || concurrent, ',' ORDER BY version)"
                                    " FROM team_field_history WHERE invoice_id = 5");
  g_assert_cmpstr (history, ==, "DAPEC 2026/1:false,DAPEC 2026/14:false,DAPEC 2026/83:true");
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (marie->lost->len == 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (marie->lost->len, ==, 1);
  lost = g_ptr_array_index (marie->lost, 0);
  g_assert_cmpint (lost->invoice_id, ==, 5);
  g_assert_cmpstr (lost->field, ==, "internal_reference");
  g_assert_cmpstr (lost->lost_value, ==, "DAPEC 2026/14");
  g_assert_cmpstr (lost->winner_name, ==, "Paul Durand");
  g_assert_cmpstr (lost->winner_value, ==, "DAPEC 2026/83");
  g_assert_cmpuint (paul->lost->len, ==, 0);
  {
    g_autoptr(GPtrArray) entries = chorus_store_team_list_history (marie->store, 5, &error);

    g_assert_cmpuint (entries->len, ==, 3);
    g_assert_true (((ChorusTeamHistoryEntry *) g_ptr_array_index (entries, 2))->concurrent);
    g_assert_cmpstr (((ChorusTeamHistoryEntry *) g_ptr_array_index (entries, 2))->replaced_name, ==, "Marie Curie");
  }

  /* A later edit by someone who had seen the value is an ordinary one: nobody is told. */
  set_field (marie, 5, NULL, "DAPEC 2026/99", NULL);
  wait_shows (paul, 5, "internal_reference", "DAPEC 2026/99", 10);
  g_assert_cmpuint (paul->lost->len, ==, 0);
}

typedef struct {
  Desktop *desktop;
  gint64   id;
  gboolean claimed;
} ClaimWait;

static gboolean
claim_seen (gpointer data)
{
  ClaimWait *wait = data;

  return (chorus_team_sync_get_claim (wait->desktop->sync, wait->id) != NULL) == wait->claimed;
}

static ChorusTeamClaim *
claim (Desktop *desktop, gint64 id, gboolean *granted, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_team_sync_claim_async (desktop->sync, id, NULL, chorus_test_store_result, &result);
  return chorus_team_sync_claim_finish (desktop->sync, chorus_test_wait_result (&result), granted, error);
}

static void
test_claims (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(Desktop) paul = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusTeamClaim) mine = NULL;
  g_autoptr(ChorusTeamClaim) refused = NULL;
  g_autoptr(ChorusTeamClaim) taken = NULL;
  ClaimWait wait;
  gboolean granted = FALSE;
  gint64 held_until;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desktop_new (database, "marie", "Marie Curie");
  paul = desktop_new (database, "paul", "Paul Durand");
  chorus_team_sync_set_claim_duration (marie->sync, 3);
  chorus_team_sync_set_claim_duration (paul->sync, 3);
  desktop_start (marie);
  desktop_start (paul);

  /* Marie starts on invoice 9: Paul's list shows who, and Paul cannot take it. */
  mine = claim (marie, 9, &granted, &error);
  g_assert_no_error (error);
  g_assert_true (granted);
  g_assert_cmpstr (mine->holder_name, ==, "Marie Curie");
  wait = (ClaimWait) { paul, 9, TRUE };
  wait_until (claim_seen, &wait, 5, "Paul sees Marie's claim");
  g_assert_true (chorus_team_sync_is_claimed_by_other (paul->sync, 9));
  g_assert_false (chorus_team_sync_is_claimed_by_other (marie->sync, 9));
  g_assert_true (array_has (paul->claims, 9));
  refused = claim (paul, 9, &granted, &error);
  g_assert_no_error (error);
  g_assert_false (granted);
  g_assert_cmpstr (refused->holder_name, ==, "Marie Curie");

  /* While she works, it is renewed: after three lifetimes it is still hers. */
  held_until = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < held_until)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_true (chorus_team_sync_is_claimed_by_other (paul->sync, 9));

  /* Her desktop dies: nobody releases the claim, yet it expires by itself. */
  chorus_team_sync_stop (marie->sync);
  wait = (ClaimWait) { paul, 9, FALSE };
  wait_until (claim_seen, &wait, 10, "the claim expires");
  taken = claim (paul, 9, &granted, &error);
  g_assert_no_error (error);
  g_assert_true (granted);

  /* Releasing shows at once on the other desktop. */
  chorus_team_sync_start (marie->sync);
  wait_until (is_online, marie, 20, "Marie back");
  wait = (ClaimWait) { marie, 9, TRUE };
  wait_until (claim_seen, &wait, 5, "Marie sees Paul's claim");
  chorus_team_sync_release (paul->sync, 9);
  wait = (ClaimWait) { marie, 9, FALSE };
  wait_until (claim_seen, &wait, 5, "Marie sees the release");

  /* Offline, a claim cannot be taken, and says so. */
  chorus_team_sync_stop (marie->sync);
  g_clear_pointer (&mine, chorus_team_claim_free);
  mine = claim (marie, 10, &granted, &error);
  g_assert_null (mine);
  g_assert_error (error, CHORUS_TEAM_ERROR, CHORUS_TEAM_ERROR_DISCONNECTED);
}

static gboolean
backend_waiting (gpointer data)
{
  const char *database = data;
  g_autofree char *waiting = server_value (database, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                                     " AND query LIKE '%team_set_fields%'");

  return g_strcmp0 (waiting, "1") == 0;
}

static void
test_dropped_connection (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(Desktop) paul = NULL;
  g_autofree char *count = NULL;
  g_autofree char *value = NULL;
  PGconn *blocker;
  PGresult *result;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desktop_new (database, "marie", "Marie Curie");
  paul = desktop_new (database, "paul", "Paul Durand");
  desktop_start (marie);
  desktop_start (paul);

  /* Another session holds the team clock: Marie's push starts its transaction and waits inside it. */
  blocker = chorus_test_pg_connect (pg, database);
  result = PQexec (blocker, "BEGIN; SELECT * FROM team_clock FOR UPDATE");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  PQclear (result);
  set_field (marie, 11, "Marie Curie", "DOS-11", NULL);
  wait_until (backend_waiting, database, 10, "Marie's push waiting inside its transaction");

  /* Her backend is killed there: the transaction is rolled back, she goes offline. */
  chorus_test_pg_exec (pg, database, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                                     " WHERE query LIKE '%team_set_fields%' AND pid <> pg_backend_pid ()");
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (chorus_team_sync_get_state (marie->sync) == CHORUS_TEAM_STATE_ONLINE && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (chorus_store_team_count_pending (marie->store), ==, 2);

  /* The clock is free again: she reconnects and resends; the edits are in, exactly once. */
  result = PQexec (blocker, "COMMIT");
  PQclear (result);
  PQfinish (blocker);
  wait_until (nothing_pending, marie, 30, "Marie's queue empty after the drop");
  count = server_value (database, "SELECT count(*) FROM team_field_history WHERE invoice_id = 11");
  g_assert_cmpstr (count, ==, "2");
  wait_shows (paul, 11, "internal_reference", "DOS-11", 10);

  /* An edit the server committed but whose answer was lost (the desktop quit): the resend is
   * recognised by its edit id, not applied twice. */
  chorus_team_sync_stop (marie->sync);
  set_field (marie, 12, NULL, NULL, "une fois");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pending = chorus_store_team_list_pending (marie->store, 0, &error);
    ChorusTeamEdit *edit = g_ptr_array_index (pending, 0);
    g_autofree char *origin = chorus_store_team_get_origin (marie->store);
    g_autofree char *sql = g_strdup_printf ("SELECT * FROM team_set_field ('%s', '%s', 12, 'notes', 'une fois', 0,"
                                            " 'marie', 'Marie Curie', '%s')", edit->edit_id, STRUCTURE, origin);

    chorus_test_pg_exec (pg, database, sql);
  }
  chorus_team_sync_start (marie->sync);
  wait_until (nothing_pending, marie, 30, "the resend acknowledged");
  g_clear_pointer (&count, g_free);
  count = server_value (database, "SELECT count(*) FROM team_field_history WHERE invoice_id = 12");
  g_assert_cmpstr (count, ==, "1");

  /* The whole server stops in the middle of a batch: nothing is lost either. */
  for (gint64 id = 20; id < 60; id++)
    set_field (marie, id, "Paul Durand", NULL, NULL);
  chorus_test_pg_stop (pg);
  chorus_test_pg_resume (pg);
  wait_until (nothing_pending, marie, 30, "Marie's queue empty after the restart");
  g_clear_pointer (&count, g_free);
  count = server_value (database, "SELECT count(*) FROM team_invoice_fields WHERE field = 'gestionnaire'"
                                  " AND value = 'Paul Durand'");
  g_assert_cmpstr (count, ==, "40");
  wait_shows (paul, 59, "gestionnaire", "Paul Durand", 30);
  value = field_of (paul, 20, "gestionnaire");
  g_assert_cmpstr (value, ==, "Paul Durand");
}

static void
test_first_join (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(Desktop) paul = NULL;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);
  marie = desktop_new (database, "marie", "Marie Curie");
  paul = desktop_new (database, "paul", "Paul Durand");
  /* Before the team database existed, each worked alone (the app as it was). */
  chorus_team_sync_stop (marie->sync);
  g_clear_object (&marie->sync);
  g_clear_object (&paul->sync);
  set_field (marie, 3, "Marie Curie", NULL, NULL);
  set_field (paul, 3, "Paul Durand", NULL, "à voir");
  desktop_open_sync (marie);
  desktop_open_sync (paul);

  /* Marie joins first: her assignments become the team's. */
  desktop_start (marie);
  wait_until (nothing_pending, marie, 10, "Marie's seeds sent");
  /* Paul joins: the team keeps Marie's gestionnaire; his note, which the team lacked, is shared. */
  desktop_start (paul);
  wait_until (nothing_pending, paul, 10, "Paul's seeds sent");
  wait_shows (paul, 3, "gestionnaire", "Marie Curie", 10);
  wait_shows (marie, 3, "notes", "à voir", 10);
  g_assert_cmpuint (marie->lost->len, ==, 0);
  g_assert_cmpuint (paul->lost->len, ==, 0);
}

static void
test_failures_explained (void)
{
  g_autofree char *database = NULL;
  g_autoptr(Desktop) marie = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusTeamConfig) config = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChorusTeamCheckResult) check = NULL;
  g_autofree char *description = NULL;
  gint64 deadline;

  REQUIRE_PG ();
  database = chorus_test_pg_create_database (pg, OWNER, OWNER_PASSWORD);

  /* The connection test creates the tables and says so. */
  config = chorus_test_pg_config (pg, database, OWNER);
  chorus_team_check_async (config, OWNER_PASSWORD, NULL, chorus_test_store_result, &result);
  check = chorus_team_check_finish (chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->schema_before, ==, 0);
  g_assert_cmpuint (check->schema_version, ==, chorus_team_schema_version ());
  description = chorus_team_check_result_describe (check);
  g_assert_nonnull (strstr (description, "PostgreSQL"));

  /* A newer schema: the desktop stops with an explanation and keeps working alone. */
  chorus_test_pg_exec (pg, database, "UPDATE team_schema_version SET version = 42");
  marie = desktop_new (database, "marie", "Marie Curie");
  chorus_team_sync_start (marie->sync);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (chorus_team_sync_get_state (marie->sync) != CHORUS_TEAM_STATE_FAILED && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (chorus_team_sync_get_state (marie->sync), ==, CHORUS_TEAM_STATE_FAILED);
  g_assert_nonnull (strstr (chorus_team_sync_get_message (marie->sync), "42"));
  set_field (marie, 1, "Marie Curie", NULL, NULL);
  g_assert_cmpuint (chorus_team_sync_get_pending (marie->sync), ==, 1);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  chorus_test_init_locale ("C.UTF-8");
  pg = chorus_test_pg_start (&skip_reason);

  g_test_add_func ("/team/sync/two-desktops", test_two_desktops);
  g_test_add_func ("/team/sync/offline-edits-survive-restart", test_offline_edits_survive_restart);
  g_test_add_func ("/team/sync/concurrent-edits", test_concurrent_edits);
  g_test_add_func ("/team/sync/claims", test_claims);
  g_test_add_func ("/team/sync/dropped-connection", test_dropped_connection);
  g_test_add_func ("/team/sync/first-join", test_first_join);
  g_test_add_func ("/team/sync/failures-explained", test_failures_explained);

  status = g_test_run ();
  g_clear_pointer (&pg, chorus_test_pg_free);
  g_free (skip_reason);
  return status;
}
