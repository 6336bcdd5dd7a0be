/* test-sync-fidelity.c: the pull and the detail against a scripted server that behaves like the
 * real one where the simulator is kind: no sort, a set that shrinks during the pull, odd items,
 * numeric strings, lists of one as objects, cut sub-lists, and a ZIP for the PDF. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "chorus-json.h"
#include "chorus-store-unreadable.h"
#include "chorus-sync.h"
#include "chorus-test-util.h"
#include "chorus-test-zip.h"

#define N_RECEIVED   91
#define N_WORKS      3
#define N_LINES      450
#define N_HISTORY    250
#define SERVER_PAGE  200   /* the most a sub-list page holds on this server */

typedef struct {
  SoupServer   *server;
  char         *base_url;
  GPtrArray    *received;        /* JsonObject* items in the server's order, FACTURE */
  GPtrArray    *works;           /* FACTURE_TRAVAUX */
  guint         searches;
  guint         shrink_after;    /* after this many FACTURE searches, drop the first items */
  guint         shrink_by;
  GPtrArray    *bodies;          /* every request body, as text */
  /* Hold mode: searches answered only once PAGES_HELD are waiting (or after a pause), the
   * latest first, so that answers arrive out of order; the most seen waiting at once. */
  gboolean      hold_searches;
  GPtrArray    *held;            /* SoupServerMessage* */
  guint         max_held;
  guint         release_id;
  GBytes       *download;        /* what telecharger/groupe answers */
  char         *dir;
  ChorusClient *client;
  ChorusStore  *store;
  ChorusSync   *sync;
} Fixture;

static void
reply_json (SoupServerMessage *msg, JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

/* A number sent as a numeric string. */
static void
set_number_text (JsonObject *object, const char *key, gint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  json_object_set_string_member (object, key, text);
}

static JsonObject *
ok_answer (void)
{
  JsonObject *answer = json_object_new ();

  json_object_set_int_member (answer, "codeRetour", 0);
  json_object_set_string_member (answer, "libelle", "GCU_MSG_01_000");
  return answer;
}

static gint64
member_int (JsonObject *object, const char *key, gint64 fallback)
{
  gint64 value = fallback;

  if (object == NULL || !json_object_has_member (object, key) ||
      !chorus_json_get_int (object, key, &value, NULL))
    return fallback;
  return value;
}

/* rechercher/recipiendaire over an in-memory list, in the list's own order (no sort). */
static void
search_received (Fixture *fixture, JsonObject *request, SoupServerMessage *msg)
{
  const char *type = json_object_get_string_member_with_default (request, "typeDemandePaiement", "");
  JsonObject *paging = json_object_get_object_member (request, "paramRecherche");
  GPtrArray *list = g_str_equal (type, "FACTURE_TRAVAUX") ? fixture->works : fixture->received;
  gint64 page = member_int (paging, "pageResultatDemandee", 1);
  gint64 size = member_int (paging, "nbResultatsParPage", 10);
  g_autoptr(JsonObject) answer = ok_answer ();
  JsonArray *items = json_array_new ();
  gint64 first = (page - 1) * size;

  /* No undocumented sort value on the invoice searches (§0.8). */
  g_assert_false (json_object_has_member (paging, "triColonne"));
  g_assert_false (json_object_has_member (paging, "triSens"));
  g_assert_true (g_str_equal (type, "FACTURE") || g_str_equal (type, "FACTURE_TRAVAUX"));

  if (list == fixture->received && fixture->searches++ == fixture->shrink_after)
    g_ptr_array_remove_range (fixture->received, 0, fixture->shrink_by);
  for (gint64 i = first; i < first + size && i < (gint64) list->len; i++)
    json_array_add_object_element (items, json_object_ref (g_ptr_array_index (list, i)));
  json_object_set_int_member (answer, "pageCourante", page);
  json_object_set_int_member (answer, "pages", ((gint64) list->len + size - 1) / size);
  json_object_set_int_member (answer, "nbResultatsParPage", size);
  json_object_set_int_member (answer, "total", list->len);
  /* A page of one comes as the object itself, as Pastell's fixtures show. */
  if (json_array_get_length (items) == 1)
    {
      json_object_set_object_member (answer, "listeFactures",
                                     json_object_ref (json_array_get_object_element (items, 0)));
      json_array_unref (items);
    }
  else
    json_object_set_array_member (answer, "listeFactures", items);
  reply_json (msg, answer);
}

/* Writes {list: [...], pageCourante<suffix>, pages<suffix>, total<suffix>, nbResultatsParPage<suffix>}. */
static JsonObject *
paged_list (const char *items_key, const char *suffix, gint64 total, gint64 page, gint64 size,
            JsonObject *(*make) (gint64 index))
{
  JsonObject *wrapper = json_object_new ();
  JsonArray *items = json_array_new ();
  g_autofree char *k1 = g_strconcat ("pageCourante", suffix, NULL);
  g_autofree char *k2 = g_strconcat ("pages", suffix, NULL);
  g_autofree char *k3 = g_strconcat ("total", suffix, NULL);
  g_autofree char *k4 = g_strconcat ("nbResultatsParPage", suffix, NULL);

  size = MIN (size, SERVER_PAGE);
  for (gint64 i = (page - 1) * size; i < page * size && i < total; i++)
    json_array_add_object_element (items, make (i));
  json_object_set_array_member (wrapper, items_key, items);
  json_object_set_int_member (wrapper, k1, page);
  json_object_set_int_member (wrapper, k2, (total + size - 1) / size);
  /* Totals as numeric strings, to keep the reader honest. */
  set_number_text (wrapper, k3, total);
  json_object_set_int_member (wrapper, k4, size);
  return wrapper;
}

static JsonObject *
make_line (gint64 i)
{
  JsonObject *line = json_object_new ();

  json_object_set_int_member (line, "lignePosteNumero", i + 1);
  json_object_set_string_member (line, "lignePosteDenomination", "Ligne");
  json_object_set_string_member (line, "lignePosteQuantite", "1");
  json_object_set_string_member (line, "lignePosteMontantUnitaireHT", "1.50");
  return line;
}

static JsonObject *
make_event (gint64 i)
{
  JsonObject *event = json_object_new ();
  g_autofree char *date = g_strdup_printf ("2026-%02d-%02d 10:%02d", (int) (12 - i / 28 % 12),
                                           (int) (28 - i % 28), (int) (i % 60));

  json_object_set_int_member (event, "histoStatutId", 10000 - i);
  json_object_set_string_member (event, "histoStatutCode", i % 2 ? "SUSPENDUE" : "MISE_A_DISPOSITION");
  json_object_set_string_member (event, "histoStatutDatePassage", date);
  return event;
}

static JsonObject *
make_attachment (gint64 i)
{
  JsonObject *pj = json_object_new ();

  set_number_text (pj, "pieceJointeId", 500 + i);
  json_object_set_string_member (pj, "pieceJointeDesignation", "pj.pdf");
  return pj;
}

static JsonObject *
sub_paging (JsonObject *request, const char *wrapper, const char *page_key, const char *size_key,
            gint64 *page, gint64 *size)
{
  JsonObject *paging = json_object_has_member (request, wrapper)
                       ? json_object_get_object_member (request, wrapper) : NULL;

  *page = member_int (paging, page_key, 1);
  *size = member_int (paging, size_key, 10);
  return paging;
}

static void
consult (Fixture *fixture, JsonObject *request, SoupServerMessage *msg)
{
  g_autoptr(JsonObject) answer = ok_answer ();
  JsonObject *facture = json_object_new ();
  gint64 page, size;

  json_object_set_int_member (facture, "identifiantFactureCPP",
                              json_object_get_int_member (request, "identifiantFactureCPP"));
  json_object_set_string_member (facture, "numeroFacture", "F-0007");
  sub_paging (request, "rechercheLignePoste", "pageResultatDemandeeLignesPoste",
              "nbResultatsParPageLignesPoste", &page, &size);
  json_object_set_object_member (facture, "lignesDePoste",
                                 paged_list ("lignePoste", "LignesPoste", N_LINES, page, size, make_line));
  sub_paging (request, "recherchePj", "pageResultatDemandeeListePieceJointe",
              "nbResultatsParPageListePieceJointe", &page, &size);
  json_object_set_object_member (facture, "listeDesPiecesJointes",
                                 paged_list ("pieceJointe", "ListePiecesJointe", 3, page, size,
                                             make_attachment));
  json_object_set_object_member (answer, "facture", facture);
  reply_json (msg, answer);
}

static void
history (Fixture *fixture, JsonObject *request, SoupServerMessage *msg)
{
  g_autoptr(JsonObject) answer = ok_answer ();
  gint64 page, size;

  json_object_set_int_member (answer, "idFacture", json_object_get_int_member (request, "idFacture"));
  json_object_set_string_member (answer, "statutCourantCode", "MISE_A_DISPOSITION");
  sub_paging (request, "paramRechercheHistoStatuts", "pageResultatDemandeeListeHistoStatut",
              "nbResultatsParPageListeHistoStatut", &page, &size);
  json_object_set_object_member (answer, "historiquesDesStatuts",
                                 paged_list ("histoStatut", "HistoStatut", N_HISTORY, page, size, make_event));
  reply_json (msg, answer);
}

#define PAGES_HELD 3

static gboolean
release_held (gpointer data)
{
  Fixture *fixture = data;

  /* The latest first: the pull must put the pages back in order. */
  while (fixture->held->len > 0)
    {
      SoupServerMessage *msg = g_ptr_array_steal_index (fixture->held, fixture->held->len - 1);

      soup_server_message_unpause (msg);
      g_object_unref (msg);
    }
  fixture->release_id = 0;
  return G_SOURCE_REMOVE;
}

static void
hold (Fixture *fixture, SoupServerMessage *msg)
{
  g_ptr_array_add (fixture->held, g_object_ref (msg));
  soup_server_message_pause (msg);
  fixture->max_held = MAX (fixture->max_held, fixture->held->len);
  g_clear_handle_id (&fixture->release_id, g_source_remove);
  /* All that the pull asks at once came, or nothing more comes (the last pages). */
  if (fixture->held->len >= PAGES_HELD)
    fixture->release_id = g_idle_add (release_held, fixture);
  else
    fixture->release_id = g_timeout_add (300, release_held, fixture);
}

static void
handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GBytes) flat = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonObject) request = NULL;

  if (g_str_equal (path, "/api/oauth/token"))
    {
      static const char token[] = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, token, strlen (token));
      return;
    }
  g_ptr_array_add (fixture->bodies, g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat)));
  request = chorus_json_parse_object (g_bytes_get_data (flat, NULL), (gssize) g_bytes_get_size (flat), NULL);
  g_assert_nonnull (request);
  if (g_str_has_suffix (path, "rechercher/recipiendaire"))
    {
      search_received (fixture, request, msg);
      if (fixture->hold_searches)
        hold (fixture, msg);
    }
  else if (g_str_has_suffix (path, "consulter/recipiendaire"))
    consult (fixture, request, msg);
  else if (g_str_has_suffix (path, "consulter/historique"))
    history (fixture, request, msg);
  else if (g_str_has_suffix (path, "telecharger/groupe"))
    {
      g_autoptr(JsonObject) answer = ok_answer ();
      gsize size = 0;
      const guchar *bytes = g_bytes_get_data (fixture->download, &size);
      g_autofree char *encoded = g_base64_encode (bytes, size);

      json_object_set_string_member (answer, "fichierResultat", encoded);
      reply_json (msg, answer);
    }
  else
    {
      g_autoptr(JsonObject) answer = json_object_new ();

      json_object_set_int_member (answer, "codeRetour", 20000);
      json_object_set_string_member (answer, "libelle", "TRA_MSG_00.015");
      reply_json (msg, answer);
    }
}

static JsonObject *
received_item (guint i)
{
  JsonObject *item = json_object_new ();
  g_autofree char *number = g_strdup_printf ("F-%04u", i);
  g_autofree char *date = g_strdup_printf ("2026-11-%02u 09:%02u", 1 + i % 28, i % 60);

  /* Ids and amounts as numeric strings on odd items, as in Pastell's fixtures. */
  if (i % 2)
    {
      set_number_text (item, "idFacture", i);
      json_object_set_string_member (item, "montantTTC", "9822.50");
    }
  else
    {
      json_object_set_int_member (item, "idFacture", i);
      json_object_set_double_member (item, "montantTTC", 9822.5);
    }
  json_object_set_string_member (item, "numeroFacture", number);
  json_object_set_string_member (item, "statut", "MISE_A_DISPOSITION");
  json_object_set_string_member (item, "dateHeureEtatCourant", date);
  json_object_set_string_member (item, "typeDemandePaiement", "FACTURE");
  return item;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->received = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  fixture->works = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  fixture->bodies = g_ptr_array_new_with_free_func (g_free);
  fixture->held = g_ptr_array_new ();
  for (guint i = 1; i <= N_RECEIVED; i++)
    g_ptr_array_add (fixture->received, received_item (i));
  /* One odd item: its amount is no number at all. */
  json_object_set_string_member (g_ptr_array_index (fixture->received, 49), "montantTTC", "beaucoup");
  for (guint i = 1; i <= N_WORKS; i++)
    {
      JsonObject *item = received_item (1000 + i);

      json_object_set_string_member (item, "typeDemandePaiement", "FACTURE_TRAVAUX");
      json_object_set_string_member (item, "typeFactureTravaux", "PROJET_DECOMPTE_MENSUEL");
      g_ptr_array_add (fixture->works, item);
    }
  fixture->shrink_after = G_MAXUINT;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handle, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (fixture->server);
  fixture->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, fixture->base_url);
  chorus_client_set_credentials (fixture->client, "id", "secret", "TECH_1_x@cpro.fr", "pw");
  fixture->dir = g_dir_make_tmp ("chorus-fidelity-XXXXXX", &error);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->sync = chorus_sync_new (fixture->client, fixture->store);
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_RECEIVED);
  chorus_sync_set_page_size (fixture->sync, 10);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
  chorus_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->base_url);
  g_clear_pointer (&fixture->download, g_bytes_unref);
  g_ptr_array_unref (fixture->received);
  g_ptr_array_unref (fixture->works);
  g_ptr_array_unref (fixture->bodies);
  g_clear_handle_id (&fixture->release_id, g_source_remove);
  g_ptr_array_unref (fixture->held);
}

static gboolean
pull (Fixture *fixture, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_pull_async (fixture->sync, NULL, chorus_test_store_result, &result);
  return chorus_sync_pull_finish (fixture->sync, chorus_test_wait_result (&result), error);
}

/* Every item the server still lists is in the store, except the odd one, kept raw. */
static void
assert_everything_stored (Fixture *fixture)
{
  GPtrArray *lists[] = { fixture->received, fixture->works };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        JsonObject *item = g_ptr_array_index (lists[l], i);
        gint64 id = member_int (item, "idFacture", 0);
        g_autoptr(ChorusInvoice) local = chorus_store_load_invoice (fixture->store, id, NULL);

        if (id == 50)
          {
            g_assert_null (local);
            continue;
          }
        if (local == NULL)
          g_error ("invoice %" G_GINT64_FORMAT " listed by the server is not in the store", id);
        g_assert_cmpint (chorus_invoice_get_amount_ttc (local), ==, 982250);
        g_assert_cmpstr (chorus_invoice_get_request_type (local), ==,
                         lists[l] == fixture->works ? "FACTURE_TRAVAUX" : "FACTURE");
      }
}

static void
test_pull_both_kinds_and_odd_item (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) odd = NULL;
  ChorusStoredUnreadable *stored;
  guint works_searches = 0;

  g_assert_true (pull (fixture, &error));
  g_assert_no_error (error);
  assert_everything_stored (fixture);
  for (guint i = 0; i < fixture->bodies->len; i++)
    works_searches += strstr (g_ptr_array_index (fixture->bodies, i), "FACTURE_TRAVAUX") != NULL;
  g_assert_cmpuint (works_searches, ==, 1);

  /* The odd one is told, kept raw with its reason, and counted for this pull. */
  g_assert_cmpuint (chorus_sync_get_last_unreadable_count (fixture->sync, CHORUS_DIRECTION_RECEIVED), ==, 1);
  g_assert_cmpuint (chorus_store_count_unreadable_items (fixture->store, CHORUS_DIRECTION_RECEIVED), ==, 1);
  odd = chorus_store_list_unreadable_items (fixture->store, CHORUS_DIRECTION_RECEIVED, &error);
  stored = g_ptr_array_index (odd, 0);
  g_assert_cmpint (stored->item->id, ==, 50);
  g_assert_cmpstr (stored->item->number, ==, "F-0050");
  g_assert_cmpstr (stored->item->operation, ==, "factures/v1/rechercher/recipiendaire");
  g_assert_nonnull (strstr (stored->item->raw_json, "beaucoup"));
  g_assert_nonnull (strstr (stored->item->reason, "montantTTC"));

  /* Fixed on the server: the next pull reads it and the odd copy goes. */
  json_object_set_string_member (g_ptr_array_index (fixture->received, 49), "montantTTC", "9822,50");
  json_object_set_string_member (g_ptr_array_index (fixture->received, 49), "dateHeureEtatCourant",
                                 "2026-12-31T23:00:00.000+01:00");
  g_assert_true (pull (fixture, &error));
  g_assert_cmpuint (chorus_store_count_unreadable_items (fixture->store, CHORUS_DIRECTION_RECEIVED), ==, 0);
  g_assert_cmpuint (chorus_sync_get_last_unreadable_count (fixture->sync, CHORUS_DIRECTION_RECEIVED), ==, 0);
}

/* Items leave the server's set while the pages are read: the rest is still read in full. */
static void
test_pull_survives_a_shrinking_set (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->shrink_after = 3;   /* after pages 1 to 3 were served */
  fixture->shrink_by = 4;
  g_assert_true (pull (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->received->len, ==, N_RECEIVED - 4);
  assert_everything_stored (fixture);
}

/* Several pages are asked at once, never more than a few, and answers that come back out of
 * order are stored in the server's order all the same (with the shrinking set too). */
static void
test_pull_pages_in_flight (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->hold_searches = TRUE;
  g_assert_true (pull (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->max_held, ==, PAGES_HELD);
  assert_everything_stored (fixture);

  /* From an empty store again, the set shrinking while three pages are on their way. */
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  chorus_test_remove_dir (fixture->dir);
  fixture->store = chorus_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->sync = chorus_sync_new (fixture->client, fixture->store);
  chorus_sync_set_directions (fixture->sync, CHORUS_SYNC_RECEIVED);
  chorus_sync_set_page_size (fixture->sync, 10);
  fixture->searches = 0;
  fixture->shrink_after = 4;
  fixture->shrink_by = 7;
  fixture->max_held = 0;
  g_assert_true (pull (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->max_held, ==, PAGES_HELD);
  g_assert_cmpuint (fixture->received->len, ==, N_RECEIVED - 7);
  assert_everything_stored (fixture);
}

static void
cancel_on_progress (ChorusSync *sync, double fraction, const char *message, gpointer data)
{
  if (fraction > 0.15)
    g_cancellable_cancel (data);
}

/* A pull cut short resumes from its cursor, and still reads everything. */
static void
test_pull_resumes_without_sort (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;
  guint searches_before;
  gulong handler;

  handler = g_signal_connect (fixture->sync, "progress", G_CALLBACK (cancel_on_progress), cancellable);
  chorus_sync_pull_async (fixture->sync, cancellable, chorus_test_store_result, &result);
  g_assert_false (chorus_sync_pull_finish (fixture->sync, chorus_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_signal_handler_disconnect (fixture->sync, handler);
  marker = chorus_store_get_state (fixture->store, "pull-received-resume");
  g_assert_nonnull (marker);
  g_assert_true (g_str_has_prefix (marker, "2 "));

  /* Meanwhile the server drops invoices the first run had read. */
  fixture->shrink_after = fixture->searches;
  fixture->shrink_by = 5;
  searches_before = fixture->searches;
  g_assert_true (pull (fixture, &error));
  g_assert_no_error (error);
  assert_everything_stored (fixture);
  /* It resumed: far fewer searches than a whole new pull of 10 pages. */
  g_assert_cmpuint (fixture->searches - searches_before, <, 10);
}

/* The blocking calls run in a thread while this one serves the requests. */
typedef struct {
  Fixture       *fixture;
  ChorusInvoice *invoice;
  ChorusHistory *history;
  GError        *error;
  gint           done;
} BlockingCalls;

static gpointer
blocking_calls_thread (gpointer data)
{
  BlockingCalls *calls = data;
  ChorusClient *client = calls->fixture->client;

  calls->invoice = chorus_client_consult_invoice_sync (client, CHORUS_DIRECTION_RECEIVED, 7, NULL, &calls->error);
  if (calls->invoice != NULL)
    calls->history = chorus_client_get_history_sync (client, 7, NULL, &calls->error);
  g_atomic_int_set (&calls->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Sub-lists longer than a page are fetched to the end, each through its own paging keys. */
static void
test_detail_sub_lists_complete (Fixture *fixture, gconstpointer data)
{
  BlockingCalls calls = { fixture };
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autoptr(ChorusHistory) history = NULL;
  GThread *thread = g_thread_new ("blocking-calls", blocking_calls_thread, &calls);
  GPtrArray *lines;
  guint line_requests = 0;

  while (!g_atomic_int_get (&calls.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_assert_no_error (calls.error);
  invoice = calls.invoice;
  history = calls.history;
  lines = chorus_invoice_get_lines (invoice);
  g_assert_cmpuint (lines->len, ==, N_LINES);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpint (((ChorusInvoiceLine *) g_ptr_array_index (lines, i))->number, ==, i + 1);
  g_assert_cmpuint (chorus_invoice_get_attachments (invoice)->len, ==, 3);
  for (guint i = 0; i < fixture->bodies->len; i++)
    line_requests += strstr (g_ptr_array_index (fixture->bodies, i), "\"pageResultatDemandeeLignesPoste\":3") != NULL;
  g_assert_cmpuint (line_requests, ==, 1);

  g_assert_cmpuint (history->events->len, ==, N_HISTORY);
  /* Oldest first once joined. */
  for (guint i = 1; i < history->events->len; i++)
    g_assert_cmpstr (((ChorusStatusEvent *) g_ptr_array_index (history->events, i - 1))->date, <=,
                     ((ChorusStatusEvent *) g_ptr_array_index (history->events, i))->date);
}

static void
consult_done (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_detail_sub_lists_complete_async (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoice) invoice = NULL;

  chorus_client_consult_invoice_async (fixture->client, CHORUS_DIRECTION_RECEIVED, 7, NULL, consult_done, &result);
  invoice = chorus_client_consult_invoice_finish (fixture->client, chorus_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_invoice_get_lines (invoice)->len, ==, N_LINES);
}

static gboolean
fetch_pdf (Fixture *fixture, gint64 id, GBytes **pdf, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  chorus_sync_fetch_pdf_async (fixture->sync, id, NULL, chorus_test_store_result, &result);
  *pdf = chorus_sync_fetch_pdf_finish (fixture->sync, chorus_test_wait_result (&result), error);
  return *pdf != NULL;
}

/* telecharger/groupe sniffed: a ZIP is unpacked into the invoice's files. */
static void
test_download_zip_unpacked (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GBytes) main_pdf = g_bytes_new_static ("%PDF-1.4 facture F-0002", 23);
  g_autoptr(GBytes) other_pdf = g_bytes_new_static ("%PDF-1.4 bon", 12);
  g_autoptr(GBytes) xml = g_bytes_new_static ("<pj/>", 5);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  ChorusTestZipEntry entries[] = {
    chorus_test_zip_entry ("2/bon de livraison.pdf", other_pdf, TRUE),
    chorus_test_zip_entry ("2/F-0002.pdf", main_pdf, TRUE),
    chorus_test_zip_entry ("2/../../annexe.xml", xml, FALSE),
  };

  g_assert_true (pull (fixture, &error));
  fixture->download = chorus_test_zip_write (entries, G_N_ELEMENTS (entries), -1);
  g_assert_true (fetch_pdf (fixture, 2, &pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pdf, main_pdf));
  files = chorus_store_list_cached_files (fixture->store, 2, &error);
  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpstr (((ChorusCachedFile *) g_ptr_array_index (files, 0))->name, ==, "2/bon de livraison.pdf");
  g_assert_cmpstr (((ChorusCachedFile *) g_ptr_array_index (files, 1))->name, ==, "2/annexe.xml");
  g_assert_cmpstr (((ChorusCachedFile *) g_ptr_array_index (files, 2))->kind, ==, "pdf");
  g_clear_pointer (&pdf, g_bytes_unref);

  /* A plain PDF is a PDF; a bomb is refused with a French message and nothing cached. */
  g_clear_pointer (&fixture->download, g_bytes_unref);
  fixture->download = g_bytes_ref (main_pdf);
  g_assert_true (fetch_pdf (fixture, 4, &pdf, &error));
  g_assert_true (g_bytes_equal (pdf, main_pdf));
  g_clear_pointer (&pdf, g_bytes_unref);
  {
    g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (8 * 1024 * 1024), 8 * 1024 * 1024);
    ChorusTestZipEntry bomb = chorus_test_zip_entry ("F-0006.pdf", zeros, TRUE);
    g_autoptr(GPtrArray) none = NULL;

    g_clear_pointer (&fixture->download, g_bytes_unref);
    fixture->download = chorus_test_zip_write (&bomb, 1, -1);
    g_assert_false (fetch_pdf (fixture, 6, &pdf, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    none = chorus_store_list_cached_files (fixture->store, 6, NULL);
    g_assert_cmpuint (none->len, ==, 0);
  }
  /* Neither a PDF nor a ZIP. */
  g_clear_pointer (&fixture->download, g_bytes_unref);
  fixture->download = g_bytes_new_static ("<html>maintenance</html>", 24);
  g_assert_false (fetch_pdf (fixture, 8, &pdf, &error));
  g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_MALFORMED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-fidelity/pull-both-kinds-and-odd-item", test_pull_both_kinds_and_odd_item);
  ADD ("/sync-fidelity/pull-survives-a-shrinking-set", test_pull_survives_a_shrinking_set);
  ADD ("/sync-fidelity/pull-pages-in-flight", test_pull_pages_in_flight);
  ADD ("/sync-fidelity/pull-resumes-without-sort", test_pull_resumes_without_sort);
  ADD ("/sync-fidelity/detail-sub-lists-complete", test_detail_sub_lists_complete);
  ADD ("/sync-fidelity/detail-sub-lists-complete-async", test_detail_sub_lists_complete_async);
  ADD ("/sync-fidelity/download-zip-unpacked", test_download_zip_unpacked);
#undef ADD
  return g_test_run ();
}
