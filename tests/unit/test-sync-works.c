/* test-sync-works.c: works actions through the outbox against the simulator: each kind once, an answer lost after
 * the server applied it (a proxy drops the connection), a restart mid-send, offline queueing; and the app's works
 * rules checked against the simulator's own on every piece of its dataset. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "chorus-json.h"
#include "chorus-sim.h"
#include "chorus-sync-works.h"
#include "chorus-test-sim.h"
#include "chorus-test-util.h"

/* --- a proxy that can drop answers ------------------------------------------------------------- */

/* Forwards everything to the simulator; for the paths listed in @drop_once it forwards the
 * request, lets the simulator apply it, then closes the connection instead of answering ("applied,
 * then the connection dropped"). @down drops every request unforwarded (offline). */
typedef struct {
  SoupServer   *server;
  SoupSession  *session;
  char         *target;
  char         *url;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         ready;
  GHashTable   *drop_once;   /* path after /cpro/ -> remaining drops (GUINT_TO_POINTER) */
  GHashTable   *forwarded;   /* path after /cpro/ -> requests the simulator received */
  gboolean      down;
  guint         dropped;
} Proxy;

static void
drop_connection (SoupServerMessage *msg)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static void
proxy_handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Proxy *p = data;
  g_autofree char *url = g_strconcat (p->target, path, NULL);
  g_autoptr(SoupMessage) out = soup_message_new (soup_server_message_get_method (msg), url);
  SoupMessageHeaders *in_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *in_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (in_body);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  gboolean drop = FALSE, down;

  g_mutex_lock (&p->lock);
  down = p->down;
  if (!down && g_str_has_prefix (path, "/cpro/"))
    {
      guint left = GPOINTER_TO_UINT (g_hash_table_lookup (p->drop_once, path + 6));

      if (left > 0)
        {
          drop = TRUE;
          g_hash_table_insert (p->drop_once, g_strdup (path + 6), GUINT_TO_POINTER (left - 1));
        }
    }
  if (down || drop)
    p->dropped++;
  if (!down && g_str_has_prefix (path, "/cpro/"))
    g_hash_table_insert (p->forwarded, g_strdup (path + 6),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (p->forwarded, path + 6)) + 1));
  g_mutex_unlock (&p->lock);
  if (down)
    {
      drop_connection (msg);
      return;
    }

  soup_message_headers_iter_init (&iter, in_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0)
      soup_message_headers_append (soup_message_get_request_headers (out), name, value);
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (out, soup_message_headers_get_content_type (in_headers, NULL), body);
  answer = soup_session_send_and_read (p->session, out, NULL, &error);
  if (answer == NULL || drop)
    {
      drop_connection (msg);
      return;
    }
  soup_server_message_set_status (msg, soup_message_get_status (out), NULL);
  soup_server_message_set_response (msg, soup_message_headers_get_content_type (soup_message_get_response_headers (out), NULL)
                                         ?: "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static gpointer
proxy_thread (gpointer data)
{
  Proxy *p = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (p->context);
  p->session = soup_session_new_with_options ("timeout", 30, NULL);
  p->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (p->server, NULL, proxy_handler, p, NULL);
  g_assert_true (soup_server_listen_local (p->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (p->server);
  g_mutex_lock (&p->lock);
  p->url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (p->url, "/"))
    p->url[strlen (p->url) - 1] = '\0';
  g_cond_signal (&p->ready);
  g_mutex_unlock (&p->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (p->loop);
  soup_server_disconnect (p->server);
  g_clear_object (&p->server);
  g_clear_object (&p->session);
  g_main_context_pop_thread_default (p->context);
  return NULL;
}

static Proxy *
proxy_start (const char *target)
{
  Proxy *p = g_new0 (Proxy, 1);

  p->target = g_strdup (target);
  if (g_str_has_suffix (p->target, "/"))
    p->target[strlen (p->target) - 1] = '\0';
  p->context = g_main_context_new ();
  p->loop = g_main_loop_new (p->context, FALSE);
  p->drop_once = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->forwarded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&p->lock);
  g_cond_init (&p->ready);
  g_mutex_lock (&p->lock);
  p->thread = g_thread_new ("proxy", proxy_thread, p);
  while (p->url == NULL)
    g_cond_wait (&p->ready, &p->lock);
  g_mutex_unlock (&p->lock);
  return p;
}

static void
proxy_stop (Proxy *p)
{
  g_main_loop_quit (p->loop);
  g_thread_join (p->thread);
  g_main_loop_unref (p->loop);
  g_main_context_unref (p->context);
  g_hash_table_unref (p->drop_once);
  g_hash_table_unref (p->forwarded);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->ready);
  g_free (p->target);
  g_free (p->url);
  g_free (p);
}

static void
proxy_drop_once (Proxy *p, const char *path)
{
  g_mutex_lock (&p->lock);
  g_hash_table_insert (p->drop_once, g_strdup (path), GUINT_TO_POINTER (1));
  g_mutex_unlock (&p->lock);
}

static guint
proxy_forwarded (Proxy *p, const char *path)
{
  guint n;

  g_mutex_lock (&p->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (p->forwarded, path));
  g_mutex_unlock (&p->lock);
  return n;
}

static void
proxy_set_down (Proxy *p, gboolean down)
{
  g_mutex_lock (&p->lock);
  p->down = down;
  g_mutex_unlock (&p->lock);
}

/* --- fixture ------------------------------------------------------------------------------------ */

typedef struct {
  ChorusSim    *sim;
  Proxy        *proxy;
  char         *dir;
  char         *pdf_path;
  char         *doc_path;
  char         *moa_siret;
  ChorusClient *client;     /* through the proxy */
  ChorusClient *direct;     /* straight to the simulator, for looking */
  ChorusStore  *store;
  ChorusSync   *sync;
  /* The simulator's own faults while the outbox sends (off while the test looks). */
  const ChorusSimFaults *faults;
} Fixture;

static ChorusClient *
client_for (const char *url)
{
  ChorusClient *client = chorus_client_new (CHORUS_ENVIRONMENT_LOCAL, url);

  chorus_client_set_credentials (client, CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET, CHORUS_SIM_TECH_LOGIN,
                                 CHORUS_SIM_TECH_PASSWORD);
  chorus_client_set_timeout (client, 5);
  chorus_client_set_retry_policy (client, 0, 10, 10, 10);
  return client;
}

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  f->store = chorus_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->sync = chorus_sync_new (f->client, f->store);
}

static GPtrArray *
search (Fixture *f, ChorusRole role, const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusWorksPage) page = NULL;
  ChorusWorksQuery query;

  chorus_works_query_init (&query);
  query.role = role;
  query.number = number;
  query.page_size = 1000;
  page = chorus_client_works_search_sync (f->direct, &query, NULL, &error);
  g_assert_no_error (error);
  return g_ptr_array_ref (page->pieces);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  ChorusSimConfig config = { .seed = 9, .n_invoices = 60 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moa = NULL;

  f->sim = chorus_sim_new (&config, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_sim_start (f->sim, 0, &error));
  f->proxy = proxy_start (chorus_sim_get_base_url (f->sim));
  f->dir = g_dir_make_tmp ("chorus-sync-works-XXXXXX", &error);
  g_assert_no_error (error);
  f->pdf_path = g_build_filename (f->dir, "projet-decompte.pdf", NULL);
  f->doc_path = g_build_filename (f->dir, "situation-travaux.pdf", NULL);
  chorus_test_write_tiny_pdf (f->pdf_path);
  chorus_test_write_tiny_pdf (f->doc_path);
  f->client = client_for (f->proxy->url);
  f->direct = client_for (chorus_sim_get_base_url (f->sim));
  moa = search (f, CHORUS_ROLE_MOA, NULL);
  f->moa_siret = g_strdup (((ChorusWorksPiece *) g_ptr_array_index (moa, 0))->moa.identifier);
  open_store (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->direct);
  proxy_stop (f->proxy);
  chorus_sim_stop (f->sim);
  g_clear_object (&f->sim);
  chorus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->pdf_path);
  g_free (f->doc_path);
  g_free (f->moa_siret);
}

static void
flush_all (Fixture *f)
{
  guint rounds = 0;

  if (f->faults != NULL)
    chorus_sim_set_faults (f->sim, f->faults);
  while (chorus_store_count_open_actions (f->store) > 0)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (++rounds, <, 30);
      if (!chorus_test_flush_outbox (f->sync, &error))
        g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (f->faults != NULL)
    chorus_sim_set_faults (f->sim, NULL);
}

static ChorusWorksDeposit *
first_piece (Fixture *f, ChorusCadre cadre, const char *number)
{
  return chorus_test_works_first_deposit (cadre, number, chorus_sim_get_supplier_id (f->sim), chorus_sim_get_moe_id (f->sim),
                                          chorus_sim_get_moa_id (f->sim), f->moa_siret, f->pdf_path);
}

static ChorusWorksDeposit *
next_piece (Fixture *f, const ChorusWorksPiece *previous, ChorusRole role, const char *number)
{
  ChorusWorksDeposit *deposit = chorus_works_deposit_new_next (previous, role);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  deposit->number = g_strdup (number);
  deposit->invoice_date = g_date_time_format (now, "%Y-%m-%d");
  deposit->pdf_path = g_strdup (f->pdf_path);
  return deposit;
}

static ChorusWorksPiece *
server_piece (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  ChorusWorksPiece *piece = chorus_client_works_consult_sync (f->direct, id, NULL, &error);

  g_assert_no_error (error);
  return piece;
}

static ChorusAction *
action (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  ChorusAction *a = chorus_store_outbox_get (f->store, id, &error);

  g_assert_no_error (error);
  return a;
}

static gint64
result_piece (ChorusAction *a)
{
  g_autoptr(JsonObject) result = chorus_json_parse_object (a->result, -1, NULL);

  g_assert_nonnull (result);
  return json_object_get_int_member_with_default (result, "pieceId", 0);
}

static guint
count_number (Fixture *f, ChorusRole role, const char *number)
{
  g_autoptr(GPtrArray) found = search (f, role, number);
  guint n = 0;

  for (guint i = 0; i < found->len; i++)
    n += g_strcmp0 (((ChorusWorksPiece *) g_ptr_array_index (found, i))->number, number) == 0;
  return n;
}

static gint64
enqueue_deposit (Fixture *f, ChorusWorksDeposit *deposit)
{
  g_autoptr(GError) error = NULL;
  gint64 id = chorus_sync_enqueue_works_deposit (f->sync, deposit, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
enqueue (Fixture *f, ChorusWorksAction what, gint64 piece, const char *comment, const char * const *files)
{
  g_autoptr(GError) error = NULL;
  gint64 id = chorus_sync_enqueue_works_action (f->sync, what, piece, comment, files, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The whole course once: every kind, each applied once, the pieces as the server then has them.
 * @drop: each write's answer is lost after the server applied it. Returns the actions. */
static GArray *
run_course (Fixture *f, gboolean drop)
{
  g_autoptr(ChorusWorksDeposit) a4 = first_piece (f, CHORUS_CADRE_A4, drop ? "D-PDM-1" : "C-PDM-1");
  g_autoptr(ChorusWorksDeposit) other = first_piece (f, CHORUS_CADRE_A4, drop ? "D-PDM-2" : "C-PDM-2");
  g_autoptr(ChorusWorksDeposit) a15 = NULL;
  g_autoptr(ChorusWorksPiece) p4 = NULL, p15 = NULL, p4b = NULL;
  g_autoptr(ChorusAction) a = NULL;
  const char *two_files[] = { f->doc_path, f->pdf_path, NULL };
  const char *one_file[] = { f->doc_path, NULL };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id, piece4, piece15, piece4b;
#define RUN(expr)                              \
  G_STMT_START {                               \
    id = (expr);                               \
    g_array_append_val (ids, id);              \
    flush_all (f);                             \
    g_clear_pointer (&a, chorus_action_free);  \
    a = action (f, id);                        \
    g_assert_cmpint (a->state, ==, CHORUS_ACTION_DONE); \
  } G_STMT_END
#define DROP(path) G_STMT_START { if (drop) proxy_drop_once (f->proxy, path); } G_STMT_END

  /* The supplier's first piece; the MOE takes it into account with the next one. */
  DROP ("facturesTravaux/v1/soumettre");
  RUN (enqueue_deposit (f, a4));
  piece4 = result_piece (a);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_FOURNISSEUR, a4->number), ==, 1);
  p4 = server_piece (f, piece4);
  g_assert_cmpint (p4->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
  a15 = next_piece (f, p4, CHORUS_ROLE_MOE, drop ? "D-EA-1" : "C-EA-1");
  DROP ("facturesTravaux/v1/soumettre");
  RUN (enqueue_deposit (f, a15));
  piece15 = result_piece (a);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_MOE, a15->number), ==, 1);
  g_clear_pointer (&p4, chorus_works_piece_free);
  p4 = server_piece (f, piece4);
  g_assert_cmpint (p4->status, ==, CHORUS_STATUS_ASSOCIEE);
  g_assert_cmpint (p4->next_id, ==, piece15);

  /* The MOA suspends the état d'acompte; the MOE completes it with a document. */
  DROP ("facturesTravaux/v1/suspendre/demander/completer/factureTravaux");
  RUN (enqueue (f, CHORUS_WORKS_ACTION_SUSPEND, piece15, "Le détail du lot 02 manque", NULL));
  p15 = server_piece (f, piece15);
  g_assert_cmpint (p15->status, ==, CHORUS_STATUS_SUSPENDUE);
  g_assert_cmpstr (p15->status_comment, ==, "Le détail du lot 02 manque");
  DROP ("facturesTravaux/v1/completermoe");
  DROP ("transverses/v1/ajouter/fichier");
  RUN (enqueue (f, CHORUS_WORKS_ACTION_COMPLETE_MOE, piece15, "Détail ajouté", one_file));
  g_clear_pointer (&p15, chorus_works_piece_free);
  p15 = server_piece (f, piece15);
  g_assert_cmpint (p15->status, ==, CHORUS_STATUS_COMPLETEE);
  g_assert_cmpuint (p15->attachments->len, ==, 1);

  /* The MOA sends the supplier's piece back; the supplier recycles it. */
  DROP ("facturesTravaux/v1/demander/recyclage");
  RUN (enqueue (f, CHORUS_WORKS_ACTION_ASK_RECYCLE, piece15, NULL, NULL));
  g_clear_pointer (&p4, chorus_works_piece_free);
  p4 = server_piece (f, piece4);
  g_assert_cmpint (p4->status, ==, CHORUS_STATUS_A_RECYCLER);
  DROP ("facturesTravaux/v1/recycler");
  RUN (enqueue (f, CHORUS_WORKS_ACTION_RECYCLE, piece4, "Engagement corrigé", NULL));
  g_clear_pointer (&p4, chorus_works_piece_free);
  g_clear_pointer (&p15, chorus_works_piece_free);
  p4 = server_piece (f, piece4);
  p15 = server_piece (f, piece15);
  g_assert_cmpint (p4->status, ==, CHORUS_STATUS_ASSOCIEE);
  g_assert_cmpint (p15->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOA);

  /* A routing error: refused. */
  DROP ("facturesTravaux/v1/refuser");
  RUN (enqueue (f, CHORUS_WORKS_ACTION_REFUSE, piece15, "Ce marché relève d'une autre maîtrise d'ouvrage", NULL));
  g_clear_pointer (&p15, chorus_works_piece_free);
  p15 = server_piece (f, piece15);
  g_assert_cmpint (p15->status, ==, CHORUS_STATUS_ERREUR_MOE_SUR_MOA);

  /* Another projet: the MOE suspends it, the supplier answers with two documents. */
  RUN (enqueue_deposit (f, other));
  piece4b = result_piece (a);
  RUN (enqueue (f, CHORUS_WORKS_ACTION_SUSPEND, piece4b, "Il manque la situation de travaux", NULL));
  DROP ("facturesTravaux/v1/completer");
  RUN (enqueue (f, CHORUS_WORKS_ACTION_COMPLETE, piece4b, NULL, two_files));
  p4b = server_piece (f, piece4b);
  g_assert_cmpint (p4b->status, ==, CHORUS_STATUS_COMPLETEE);
  /* Each document once, even when an upload's answer was lost: the other upload was kept. */
  g_assert_cmpuint (p4b->attachments->len, ==, 2);
#undef RUN
#undef DROP
  return ids;
}

/* Each write reached the simulator exactly as often as the course asked for it. */
static void
assert_writes_once (Fixture *f)
{
  static const struct { const char *path; guint times; } writes[] = {
    { "facturesTravaux/v1/soumettre", 3 },
    { "facturesTravaux/v1/suspendre/demander/completer/factureTravaux", 2 },
    { "facturesTravaux/v1/completermoe", 1 },
    { "facturesTravaux/v1/demander/recyclage", 1 },
    { "facturesTravaux/v1/recycler", 1 },
    { "facturesTravaux/v1/refuser", 1 },
    { "facturesTravaux/v1/completer", 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (writes); i++)
    if (proxy_forwarded (f->proxy, writes[i].path) != writes[i].times)
      g_error ("%s reached the server %u times, %u expected", writes[i].path,
               proxy_forwarded (f->proxy, writes[i].path), writes[i].times);
}

static void
test_each_kind_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) ids = run_course (f, FALSE);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ChorusAction) a = action (f, g_array_index (ids, gint64, i));

      g_assert_cmpint (a->attempts, ==, 1);
      g_assert_cmpint (chorus_sync_works_action_of_kind (a->kind), !=, CHORUS_WORKS_ACTION_LAST);
    }
  assert_writes_once (f);
  /* One upload per PDF and per document: 3 deposits, 1 + 2 documents. */
  g_assert_cmpuint (proxy_forwarded (f->proxy, "transverses/v1/ajouter/fichier"), ==, 6);
}

static void
test_answer_lost (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) ids = run_course (f, TRUE);

  g_test_message ("%u answers dropped after the server applied the request; lost 0, duplicated 0",
                  f->proxy->dropped);
  g_assert_cmpuint (f->proxy->dropped, ==, 9);
  /* Every lost answer was checked on the server, never sent again: no write twice. */
  assert_writes_once (f);
  /* An upload whose answer was lost is done again (it changes nothing visible); the piece
   * still has its one document. */
  g_assert_cmpuint (proxy_forwarded (f->proxy, "transverses/v1/ajouter/fichier"), ==, 7);
}

/* The simulator's own faults after apply (the connection closed unanswered, or cut after part
 * of the answer) on a third of the requests, reads included: still every write reaches it once. */
static void
test_simulator_faults (Fixture *f, gconstpointer data)
{
  static const ChorusSimFaults faults = {
    .failure_rate = 0.33, .drop_after_apply = TRUE, .cut_after_apply = TRUE, .seed = 11,
  };
  g_autoptr(GArray) ids = NULL;
  guint retried = 0;

  f->faults = &faults;
  ids = run_course (f, FALSE);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ChorusAction) a = action (f, g_array_index (ids, gint64, i));

      retried += a->attempts > 1;
    }
  g_test_message ("%u of %u actions met a fault after apply; lost 0, duplicated 0", retried, ids->len);
  g_assert_cmpuint (retried, >, 0);
  assert_writes_once (f);
}

/* The simulator's answer quirks (ids and amounts as numeric strings, one-element lists as
 * objects): the works reads give the same pieces. */
static void
test_quirks (Fixture *f, gconstpointer data)
{
  static const ChorusSimFaults quirks = { .quirks = TRUE };
  const ChorusRole roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };
  guint compared = 0;

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(GPtrArray) plain = search (f, roles[r], NULL);
      g_autoptr(GPtrArray) quirky = NULL;

      chorus_sim_set_faults (f->sim, &quirks);
      quirky = search (f, roles[r], NULL);
      chorus_sim_set_faults (f->sim, NULL);
      g_assert_cmpuint (quirky->len, ==, plain->len);
      for (guint i = 0; i < plain->len; i++)
        {
          const ChorusWorksPiece *a = g_ptr_array_index (plain, i);
          const ChorusWorksPiece *b = g_ptr_array_index (quirky, i);
          g_autoptr(ChorusWorksPiece) full = NULL, full_quirky = NULL;
          g_autoptr(ChorusWorksPage) dossier = NULL, dossier_quirky = NULL;
          g_autoptr(GError) error = NULL;

          g_assert_cmpint (a->id, ==, b->id);
          g_assert_cmpint (a->amount_ht, ==, b->amount_ht);
          g_assert_cmpint (a->amount_to_pay, ==, b->amount_to_pay);
          g_assert_cmpint (a->status, ==, b->status);
          g_assert_cmpint (a->recipient.id, ==, b->recipient.id);
          g_assert_cmpint (a->downloaded, ==, b->downloaded);
          if (i % 7 != 0)
            continue;
          full = chorus_client_works_consult_sync (f->direct, a->id, NULL, &error);
          g_assert_no_error (error);
          dossier = chorus_client_works_dossier_sync (f->direct, a->id, NULL, &error);
          g_assert_no_error (error);
          chorus_sim_set_faults (f->sim, &quirks);
          full_quirky = chorus_client_works_consult_sync (f->direct, a->id, NULL, &error);
          g_assert_no_error (error);
          dossier_quirky = chorus_client_works_dossier_sync (f->direct, a->id, NULL, &error);
          g_assert_no_error (error);
          chorus_sim_set_faults (f->sim, NULL);
          g_assert_cmpint (full->cadre, ==, full_quirky->cadre);
          g_assert_cmpint (full->previous_id, ==, full_quirky->previous_id);
          g_assert_cmpint (full->next_id, ==, full_quirky->next_id);
          g_assert_cmpint (full->moe.id, ==, full_quirky->moe.id);
          g_assert_cmpint (full->amount_vat, ==, full_quirky->amount_vat);
          g_assert_cmpuint (full->attachments ? full->attachments->len : 0, ==,
                            full_quirky->attachments ? full_quirky->attachments->len : 0);
          g_assert_cmpuint (dossier->pieces->len, ==, dossier_quirky->pieces->len);
          g_assert_cmpuint (dossier_quirky->unreadable->len, ==, 0);
          compared++;
        }
    }
  g_test_message ("%u pieces consulted with and without the quirks", compared);
  g_assert_cmpuint (compared, >, 3);
}

/* A first piece deposited straight to the simulator; its id. */
static gint64
deposited (Fixture *f, ChorusWorksDeposit *deposit)
{
  g_autoptr(GBytes) pdf = chorus_test_tiny_pdf ();
  g_autoptr(ChorusActionResult) upload = NULL;
  g_autoptr(ChorusWorksResult) submitted = NULL;
  g_autoptr(GError) error = NULL;

  upload = chorus_client_add_file_sync (f->direct, pdf, "projet-decompte.pdf", "PDF", "application/pdf", NULL, &error);
  g_assert_no_error (error);
  submitted = chorus_client_works_submit_sync (f->direct, deposit, upload->attachment_id, NULL, &error);
  g_assert_no_error (error);
  return submitted->piece_id;
}

/* Found by the soak: completing a piece that is not suspended, or recycling one that is not to
 * recycle, is refused by the platform, and the outbox took it as done ("no longer suspended"
 * looked like "ours went through"); the same when the refusal's answer was lost. The outbox now
 * compares with where the piece stood before the first send. */
static void
test_refused_processing_fails (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusWorksDeposit) one = first_piece (f, CHORUS_CADRE_A4, "N-PDM-1");
  g_autoptr(ChorusWorksDeposit) two = first_piece (f, CHORUS_CADRE_A4, "N-PDM-2");
  g_autoptr(ChorusAction) complete = NULL, recycle = NULL, lost = NULL;
  g_autoptr(ChorusWorksPiece) after = NULL;
  gint64 piece1 = deposited (f, one), piece2 = deposited (f, two);
  gint64 complete_id, recycle_id, lost_id;

  complete_id = enqueue (f, CHORUS_WORKS_ACTION_COMPLETE, piece1, "Situation jointe", NULL);
  recycle_id = enqueue (f, CHORUS_WORKS_ACTION_RECYCLE, piece2, "Engagement corrigé", NULL);
  flush_all (f);
  complete = action (f, complete_id);
  recycle = action (f, recycle_id);
  g_assert_cmpint (complete->state, ==, CHORUS_ACTION_FAILED);
  g_assert_nonnull (strstr (complete->message, "suspendue"));
  g_assert_cmpint (recycle->state, ==, CHORUS_ACTION_FAILED);
  g_assert_nonnull (strstr (recycle->message, "recycler"));

  /* The refusal's answer lost: the check before resending must not see "done". */
  proxy_drop_once (f->proxy, "facturesTravaux/v1/completer");
  lost_id = enqueue (f, CHORUS_WORKS_ACTION_COMPLETE, piece2, "Situation jointe", NULL);
  flush_all (f);
  lost = action (f, lost_id);
  g_assert_cmpint (lost->state, ==, CHORUS_ACTION_FAILED);
  g_assert_cmpuint (proxy_forwarded (f->proxy, "facturesTravaux/v1/completer"), ==, 3);
  after = server_piece (f, piece2);
  g_assert_cmpint (after->status, ==, CHORUS_STATUS_MISE_A_DISPOSITION_MOE);
}

/* Actions an earlier run left behind: one the server applied before the app died, one never
 * sent. A new store and sync on the same folder finish both, the first without a second call. */
static void
test_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusWorksDeposit) sent = first_piece (f, CHORUS_CADRE_A7, "R-PDF-1");
  g_autoptr(ChorusWorksDeposit) unsent = first_piece (f, CHORUS_CADRE_A4, "R-PDM-1");
  g_autoptr(ChorusActionResult) upload = NULL;
  g_autoptr(ChorusWorksResult) submitted = NULL;
  g_autoptr(ChorusWorksResult) suspended = NULL;
  g_autoptr(ChorusAction) first = NULL, second = NULL, third = NULL;
  g_autoptr(GBytes) pdf = chorus_test_tiny_pdf ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL, *result = NULL;
  gint64 id_sent, id_unsent, id_suspend, piece;

  /* What a crash between soumettre and recording its answer leaves. */
  node = chorus_works_deposit_to_json (sent);
  payload = json_to_string (node, FALSE);
  id_sent = chorus_store_outbox_add (f->store, CHORUS_ACTION_KIND_WORKS_SUBMIT, 0, payload, &error);
  g_assert_no_error (error);
  g_assert_true (chorus_store_outbox_mark_sending (f->store, id_sent, &error));
  upload = chorus_client_add_file_sync (f->direct, pdf, "projet-decompte.pdf", "PDF", "application/pdf", NULL, &error);
  g_assert_no_error (error);
  result = g_strdup_printf ("{\"attachmentId\": %" G_GINT64_FORMAT "}", upload->attachment_id);
  g_assert_true (chorus_store_outbox_set_result (f->store, id_sent, result, &error));
  submitted = chorus_client_works_submit_sync (f->direct, sent, upload->attachment_id, NULL, &error);
  g_assert_no_error (error);
  piece = submitted->piece_id;
  /* …and one suspension sent before the crash, its answer never recorded. */
  {
    g_autofree char *suspend = g_strdup_printf ("{\"pieceId\":%" G_GINT64_FORMAT ",\"comment\":\"Pièces manquantes\"}",
                                                piece);

    id_suspend = chorus_store_outbox_add (f->store, CHORUS_ACTION_KIND_WORKS_SUSPEND, 0, suspend, &error);
  }
  g_assert_true (chorus_store_outbox_mark_sending (f->store, id_suspend, &error));
  suspended = chorus_client_works_suspend_sync (f->direct, piece, "Pièces manquantes", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&payload, g_free);
  g_clear_pointer (&node, json_node_unref);
  node = chorus_works_deposit_to_json (unsent);
  payload = json_to_string (node, FALSE);
  id_unsent = chorus_store_outbox_add (f->store, CHORUS_ACTION_KIND_WORKS_SUBMIT, 0, payload, &error);

  open_store (f);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 3);
  g_assert_true (chorus_test_flush_outbox (f->sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 0);
  first = action (f, id_sent);
  second = action (f, id_suspend);
  third = action (f, id_unsent);
  g_assert_cmpint (first->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpint (second->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpint (third->state, ==, CHORUS_ACTION_DONE);
  /* Recognised on the server, not sent again. */
  g_assert_cmpint (first->attempts, ==, 1);
  g_assert_cmpint (second->attempts, ==, 1);
  g_assert_cmpint (result_piece (first), ==, piece);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_FOURNISSEUR, "R-PDF-1"), ==, 1);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_FOURNISSEUR, "R-PDM-1"), ==, 1);
}

/* Offline, actions wait in the outbox ("en attente"); back online, they go, once. */
static void
test_offline_queue (Fixture *f, gconstpointer data)
{
  g_autoptr(ChorusWorksDeposit) a4 = first_piece (f, CHORUS_CADRE_A4, "O-PDM-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusAction) waiting = NULL, done = NULL;
  gint64 id;

  proxy_set_down (f->proxy, TRUE);
  id = enqueue_deposit (f, a4);
  g_assert_false (chorus_test_flush_outbox (f->sync, &error));
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  waiting = action (f, id);
  g_assert_cmpint (waiting->state, <, CHORUS_ACTION_DONE);
  g_assert_cmpuint (chorus_store_count_open_actions (f->store), ==, 1);
  g_assert_false (chorus_sync_get_online (f->sync));
  /* Bad input is refused before anything is queued, in French. */
  g_assert_cmpint (chorus_sync_enqueue_works_action (f->sync, CHORUS_WORKS_ACTION_SUSPEND, 42, "  ", NULL, &error), ==, 0);
  g_assert_error (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_INVALID);
  g_clear_error (&error);

  proxy_set_down (f->proxy, FALSE);
  flush_all (f);
  done = action (f, id);
  g_assert_cmpint (done->state, ==, CHORUS_ACTION_DONE);
  g_assert_cmpuint (count_number (f, CHORUS_ROLE_FOURNISSEUR, "O-PDM-1"), ==, 1);
}

typedef struct {
  GPtrArray *structures;
  gboolean   done;
} StructuresWait;

static void
structures_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  StructuresWait *wait = data;

  wait->structures = chorus_sync_fetch_structures_finish (CHORUS_SYNC (source), result, NULL);
  wait->done = TRUE;
}

/* The account's MOA structure with its services, as fetch_structures gives it. */
static GPtrArray *
moa_services (Fixture *f)
{
  StructuresWait wait = { NULL, FALSE };
  g_autoptr(GPtrArray) structures = NULL;
  GPtrArray *services = NULL;

  chorus_sync_fetch_structures_async (f->sync, NULL, structures_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  structures = wait.structures;
  g_assert_nonnull (structures);
  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);

      if (structure->id == chorus_sim_get_moa_id (f->sim) && structure->role == CHORUS_ROLE_MOA)
        services = structure->services != NULL ? g_ptr_array_ref (structure->services) : NULL;
    }
  return services;
}

/* The works search offers the MOA's services from the account's structures: offline, the kept
 * structures come with the services their attachments gave. */
static void
test_structures_keep_services (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) online = moa_services (f);
  g_autoptr(GPtrArray) offline = NULL;

  g_assert_nonnull (online);
  g_assert_cmpuint (online->len, >, 0);
  proxy_set_down (f->proxy, TRUE);
  offline = moa_services (f);
  g_assert_false (chorus_sync_get_online (f->sync));
  g_assert_nonnull (offline);
  g_assert_cmpuint (offline->len, ==, online->len);
  for (guint i = 0; i < online->len; i++)
    {
      const ChorusService *a = g_ptr_array_index (online, i);
      gboolean found = FALSE;

      for (guint k = 0; k < offline->len; k++)
        found |= ((const ChorusService *) g_ptr_array_index (offline, k))->id == a->id &&
                 g_strcmp0 (((const ChorusService *) g_ptr_array_index (offline, k))->code, a->code) == 0;
      g_assert_true (found);
    }
}

/* The app's rules (src/core) and the simulator's (src/sim) are separate tables: on every piece
 * of the dataset, what the app offers some role the simulator accepts, and what it offers no
 * role the simulator refuses. The account holds all three roles, so "some role" is the test. */
static void
test_rules_agree (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const ChorusRole roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };
  g_autoptr(GBytes) pdf = chorus_test_tiny_pdf ();
  guint checked = 0, refused = 0, done = 0;

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(GPtrArray) found = search (f, roles[r], NULL);

      for (guint i = 0; i < found->len; i++)
        {
          ChorusWorksPiece *listed = g_ptr_array_index (found, i);

          if (g_hash_table_contains (seen, &listed->id))
            continue;
          g_hash_table_add (seen, g_memdup2 (&listed->id, sizeof listed->id));
          g_array_append_val (ids, listed->id);
        }
    }
  g_assert_cmpuint (ids->len, >, 20);

  for (guint i = 0; i < ids->len; i++)
    {
      /* As the server has it now (earlier actions change neighbours); consulter gives the
       * exact cadre and the previous piece's. */
      g_autoptr(ChorusWorksPiece) piece = server_piece (f, g_array_index (ids, gint64, i));
      ChorusWorksAction allowed_action = CHORUS_WORKS_ACTION_LAST;

      g_assert_true (piece->cadre_certain);
      for (ChorusWorksAction act = CHORUS_WORKS_ACTION_SUSPEND; act < CHORUS_WORKS_ACTION_LAST; act++)
        {
          gboolean allowed = FALSE;
          g_autoptr(ChorusWorksResult) answer = NULL;
          g_autoptr(GError) error = NULL;

          for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
            allowed |= chorus_works_check_action (act, roles[r], piece->cadre, piece->status, piece->previous_cadre,
                                                  "motif", FALSE, NULL);
          if (allowed)
            {
              if (allowed_action == CHORUS_WORKS_ACTION_LAST)
                allowed_action = act;
              continue;
            }
          /* Refused by the app: the simulator refuses it too, and the piece does not change. */
          switch (act)
            {
            case CHORUS_WORKS_ACTION_SUSPEND:
              answer = chorus_client_works_suspend_sync (f->direct, piece->id, "motif", NULL, &error);
              break;
            case CHORUS_WORKS_ACTION_REFUSE:
              answer = chorus_client_works_refuse_sync (f->direct, piece->id, "motif", NULL, &error);
              break;
            case CHORUS_WORKS_ACTION_ASK_RECYCLE:
              answer = chorus_client_works_ask_recycle_sync (f->direct, piece->id, NULL, &error);
              break;
            case CHORUS_WORKS_ACTION_RECYCLE:
              answer = chorus_client_works_recycle_sync (f->direct, piece->id, "motif", NULL, &error);
              break;
            case CHORUS_WORKS_ACTION_COMPLETE:
            case CHORUS_WORKS_ACTION_COMPLETE_MOE:
              answer = chorus_client_works_complete_sync (f->direct, piece->id, act == CHORUS_WORKS_ACTION_COMPLETE_MOE,
                                                          "motif", NULL, NULL, 0, NULL, &error);
              break;
            case CHORUS_WORKS_ACTION_ASSOCIATE:
            case CHORUS_WORKS_ACTION_LAST:
            default:
              g_assert_not_reached ();
            }
          if (answer != NULL)
            g_error ("the app refuses %s on %s (%s, %s) but the simulator accepted it",
                     chorus_works_action_label (act), piece->number, chorus_cadre_short_code (piece->cadre),
                     piece->status_code);
          g_assert_error (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_API);
          refused++;
        }

      /* The next pieces: what the app offers, the simulator takes; nothing else. */
      for (ChorusCadre next = CHORUS_CADRE_A1; next < CHORUS_CADRE_LAST; next++)
        {
          ChorusRole depositor = chorus_works_cadre_depositor (next);
          ChorusCadre offered[CHORUS_CADRE_LAST];
          gsize n;
          gboolean allowed = FALSE;
          g_autoptr(ChorusWorksDeposit) deposit = NULL;
          g_autoptr(ChorusWorksResult) answer = NULL;
          g_autoptr(ChorusActionResult) upload = NULL;
          g_autoptr(GError) error = NULL;

          if (!chorus_works_cadre_is_piece (next))
            continue;
          if (chorus_works_check_action (CHORUS_WORKS_ACTION_ASSOCIATE, depositor, piece->cadre, piece->status,
                                         piece->previous_cadre, NULL, FALSE, NULL))
            {
              n = chorus_works_next_cadres (piece->cadre, depositor, CHORUS_DEPOSIT_CHANNEL_SERVICE, offered,
                                            G_N_ELEMENTS (offered));
              for (gsize k = 0; k < n; k++)
                allowed |= offered[k] == next;
            }
          if (allowed)
            continue;
          deposit = chorus_works_deposit_new_next (piece, depositor);
          deposit->cadre = next;
          deposit->number = g_strdup_printf ("X%u-%u", i, next);
          deposit->invoice_date = g_strdup ("2026-11-20");
          upload = chorus_client_add_file_sync (f->direct, pdf, "x.pdf", "PDF", "application/pdf", NULL, &error);
          g_assert_no_error (error);
          answer = chorus_client_works_submit_sync (f->direct, deposit, upload->attachment_id, NULL, &error);
          if (answer != NULL)
            g_error ("the app offers no %s after %s (%s, %s) but the simulator accepted it", chorus_cadre_short_code (next),
                     piece->number, chorus_cadre_short_code (piece->cadre), piece->status_code);
          refused++;
        }

      /* Then one thing the app allows: the simulator accepts it. */
      if (allowed_action != CHORUS_WORKS_ACTION_LAST && allowed_action != CHORUS_WORKS_ACTION_COMPLETE &&
          allowed_action != CHORUS_WORKS_ACTION_COMPLETE_MOE)
        {
          g_autoptr(ChorusWorksResult) answer = NULL;
          g_autoptr(GError) error = NULL;

          if (allowed_action == CHORUS_WORKS_ACTION_SUSPEND)
            answer = chorus_client_works_suspend_sync (f->direct, piece->id, "motif", NULL, &error);
          else if (allowed_action == CHORUS_WORKS_ACTION_REFUSE)
            answer = chorus_client_works_refuse_sync (f->direct, piece->id, "motif", NULL, &error);
          else if (allowed_action == CHORUS_WORKS_ACTION_ASK_RECYCLE)
            answer = chorus_client_works_ask_recycle_sync (f->direct, piece->id, NULL, &error);
          else
            answer = chorus_client_works_recycle_sync (f->direct, piece->id, "motif", NULL, &error);
          if (answer == NULL)
            g_error ("the app allows %s on %s (%s, %s) but the simulator refused: %s",
                     chorus_works_action_label (allowed_action), piece->number, chorus_cadre_short_code (piece->cadre),
                     piece->status_code, error->message);
          done++;
        }
      checked++;
    }
  g_test_message ("%u pieces: %u refusals agreed, %u accepted actions agreed", checked, refused, done);
  g_assert_cmpuint (done, >, 5);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("fr_FR.UTF-8");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-works/each-kind-once", test_each_kind_once);
  ADD ("/sync-works/answer-lost-after-apply", test_answer_lost);
  ADD ("/sync-works/simulator-faults-after-apply", test_simulator_faults);
  ADD ("/sync-works/answer-quirks", test_quirks);
  ADD ("/sync-works/restart-mid-send", test_restart);
  ADD ("/sync-works/refused-processing-fails", test_refused_processing_fails);
  ADD ("/sync-works/offline-queue", test_offline_queue);
  ADD ("/sync-works/structures-keep-services", test_structures_keep_services);
  ADD ("/sync-works/rules-agree", test_rules_agree);
#undef ADD
  return g_test_run ();
}
