/* chorus-sim.c: the simulator object: its server thread, and the way each request goes through the
 * gateway, the size caps, the faults and the operation's handler. SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How this works. chorus_sim_start() runs a SoupServer on 127.0.0.1 in a thread of its own, with its
 * own GMainContext; the caller waits until it listens. Everything a request touches (the dataset,
 * the delayed answers) belongs to that thread: chorus_sim_reset() runs there, between two requests,
 * and only the tokens (chorus-sim-gateway.c) and the fault settings (chorus-sim-faults.c) are shared
 * under locks. The dataset is one SQLite file (chorus-sim-dataset.c), generated from its seed on the
 * first start and kept while the seed and size stay the same. A request is first measured against
 * its operation's caps (a body announced too large is refused before it is read), then drawn its
 * fate among the enabled faults (429, 5xx, a hang, a broken body, revoked tokens, a connection
 * dropped after the write was committed); the gateway checks its token and account; its handler
 * (chorus-sim-routes.c) runs in one transaction, rolled back unless the answer says codeRetour 0;
 * the answer may then take the quirks real answers have, and is refused when over its cap. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "chorus-json.h"
#include "chorus-sim.h"
#include "chorus-sim-faults.h"
#include "chorus-sim-gateway.h"
#include "chorus-sim-http.h"
#include "chorus-sim-private.h"

#define MB ((gsize) 1024 * 1024)

struct _ChorusSim {
  GObject       parent_instance;

  SimDataset   *dataset;
  char         *data_dir;
  gboolean      own_data_dir;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint16       requested_port;
  char         *base_url;
  char         *token_url;
  GList        *delayed;       /* Delayed*, server thread only */

  GMutex        lock;          /* guards ready, start_error and path_counts */
  GCond         cond;
  gboolean      ready;
  GError       *start_error;

  SimTokens    *tokens;
  SimFaults    *faults;
  GHashTable   *routes;        /* path after /cpro/ → SimRoute */
  guint         request_count; /* atomic */
  GHashTable   *path_counts;   /* request path → requests received, as GUINT_TO_POINTER */
  gsize         max_answer_bytes;
};

G_DEFINE_FINAL_TYPE (ChorusSim, chorus_sim, G_TYPE_OBJECT)

typedef struct {
  ChorusSim         *self;
  SoupServerMessage *msg;
  GSource           *source;
  gulong             finished_id;
  guint              late_status; /* hang: the answer sent if the client is still there */
} Delayed;

static void
remove_dir_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
chorus_sim_finalize (GObject *object)
{
  ChorusSim *self = CHORUS_SIM (object);

  chorus_sim_stop (self);
  g_clear_pointer (&self->dataset, sim_dataset_free);
  if (self->own_data_dir && self->data_dir)
    remove_dir_files (self->data_dir);
  g_free (self->data_dir);
  g_free (self->base_url);
  g_free (self->token_url);
  g_clear_pointer (&self->tokens, sim_tokens_free);
  g_clear_pointer (&self->routes, g_hash_table_unref);
  g_clear_pointer (&self->path_counts, g_hash_table_unref);
  g_clear_pointer (&self->faults, sim_faults_free);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (chorus_sim_parent_class)->finalize (object);
}

static void
chorus_sim_class_init (ChorusSimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_sim_finalize;
}

static void
chorus_sim_init (ChorusSim *self)
{
  gsize n;
  const SimRoute *routes = sim_routes (&n);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->tokens = sim_tokens_new ();
  self->faults = sim_faults_new ();
  self->routes = g_hash_table_new (g_str_hash, g_str_equal);
  self->path_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize k = 0; k < n; k++)
    g_hash_table_insert (self->routes, (gpointer) routes[k].path, (gpointer) &routes[k]);
}

ChorusSim *
chorus_sim_new (const ChorusSimConfig *config, GError **error)
{
  g_autoptr(ChorusSim) self = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CHORUS_TYPE_SIM, NULL);
  if (config->data_dir != NULL)
    {
      if (g_mkdir_with_parents (config->data_dir, 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not create %s", config->data_dir);
          return NULL;
        }
      self->data_dir = g_strdup (config->data_dir);
    }
  else
    {
      self->data_dir = g_dir_make_tmp ("chorus-sim-XXXXXX", error);
      if (self->data_dir == NULL)
        return NULL;
      self->own_data_dir = TRUE;
    }

  self->max_answer_bytes = config->max_answer_bytes;
  db_path = g_build_filename (self->data_dir, "chorus-sim.db", NULL);
  self->dataset = sim_dataset_open (db_path, config->seed, config->n_invoices, error);
  if (self->dataset == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- sizes ------------------------------------------------------------------------------ */

/* What each operation may receive and answer (security review L11 and M8): the deposits carry a
 * file in base64 (10 MB for a PDF or an attachment, 120 MB for a flow: +33 %), the group download
 * answers up to 120 MB in base64; everything else is small JSON. */
typedef struct {
  const char *operation;
  gsize       request_cap;
  gsize       answer_cap;
} SimCaps;

#define DEFAULT_REQUEST_CAP (1 * MB)
#define DEFAULT_ANSWER_CAP  (16 * MB)

static const SimCaps caps[] = {
  { "factures/v1/deposer/flux", 170 * MB, DEFAULT_ANSWER_CAP },
  { "factures/v1/deposer/pdf", 15 * MB, DEFAULT_ANSWER_CAP },
  { "transverses/v1/ajouter/fichier", 15 * MB, DEFAULT_ANSWER_CAP },
  { "factures/v1/soumettre", 8 * MB, DEFAULT_ANSWER_CAP },
  { "factures/v1/telecharger/groupe", DEFAULT_REQUEST_CAP, 170 * MB },
};

static const SimCaps *
caps_of (const char *operation)
{
  static const SimCaps defaults = { NULL, DEFAULT_REQUEST_CAP, DEFAULT_ANSWER_CAP };

  for (gsize k = 0; operation != NULL && k < G_N_ELEMENTS (caps); k++)
    if (g_str_equal (caps[k].operation, operation))
      return &caps[k];
  return &defaults;
}

static const char *
operation_of (const char *path)
{
  return g_str_has_prefix (path, "/cpro/") ? path + strlen ("/cpro/") : NULL;
}

static void
reply_too_large (SoupServerMessage *msg, int code, const char *what, gsize cap)
{
  g_autofree char *libelle = g_strdup_printf ("%s dépasse la taille maximale autorisée pour cette opération (%.1f Mo)",
                                              what, (double) cap / MB);

  sim_http_reply_code (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, code, libelle);
}

/* A chunked body has no length to check up front: stop keeping it past the cap. */
static void
request_got_chunk (SoupServerMessage *msg, GBytes *chunk, gpointer cap)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if ((gsize) body->length > GPOINTER_TO_SIZE (cap))
    {
      soup_message_body_set_accumulate (body, FALSE);
      g_object_set_data (G_OBJECT (msg), "chorus-sim-too-large", GINT_TO_POINTER (TRUE));
    }
}

/* Runs once the headers are read, before the body: a body announced over the cap is refused
 * without being read. */
static void
early_handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  const SimCaps *c = caps_of (operation_of (path));
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  if (length > 0 && (gsize) length > c->request_cap)
    reply_too_large (msg, SIM_CODE_REQUEST_TOO_LARGE, "La requête", c->request_cap);
  else
    g_signal_connect (msg, "got-chunk", G_CALLBACK (request_got_chunk), GSIZE_TO_POINTER (c->request_cap));
}

/* ---- API dispatch ------------------------------------------------------------------------ */

static void
handle_health (SoupServerMessage *msg)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "body", "Le service est opérationnel");
  json_object_set_string_member (o, "statusCode", "OK");
  json_object_set_int_member (o, "statusCodeValue", 200);
  sim_http_reply_object (msg, SOUP_STATUS_OK, o);
}

/* Runs a handler as one transaction: a refused or malformed request changes nothing. */
static JsonObject *
run_handler (SimCtx *ctx, const SimRoute *route, JsonObject *request)
{
  JsonObject *answer;
  gboolean keep;

  sim_dataset_exec (ctx->ds, "BEGIN IMMEDIATE");
  answer = route->handler (ctx, request, route->variant);
  keep = ctx->error == NULL && answer != NULL &&
         json_object_get_int_member_with_default (answer, "codeRetour", 0) == SIM_CODE_OK;
  sim_dataset_exec (ctx->ds, keep ? "COMMIT" : "ROLLBACK");
  return answer;
}

static void
handle_api (ChorusSim *self, SoupServerMessage *msg, const char *path, const SimFaultDraw *fault)
{
  const char *method = soup_server_message_get_method (msg);
  const char *operation = operation_of (path);
  const SimCaps *c = caps_of (operation);
  gboolean is_health = g_strcmp0 (operation, "transverses/v1/health-check") == 0;
  const SimRoute *route = g_hash_table_lookup (self->routes, operation);
  SoupMessageBody *body;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize answer_cap = self->max_answer_bytes ? self->max_answer_bytes : c->answer_cap;
  JsonObject *request;
  JsonObject *answer;
  SimCtx ctx = { self, self->dataset, sim_dataset_db (self->dataset), NULL };

  if (route == NULL && !is_health)
    {
      sim_http_reply_code (msg, SOUP_STATUS_NOT_FOUND, 404, "Ressource inconnue");
      return;
    }
  if (g_strcmp0 (method, is_health ? "GET" : "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", is_health ? "GET" : "POST");
      sim_http_reply_code (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, 405, "Méthode HTTP non autorisée");
      return;
    }
  if (!sim_gateway_admits_token (self->tokens, msg))
    return;
  if (is_health)
    {
      handle_health (msg);
      return;
    }
  if (!sim_gateway_admits_account (msg))
    return;

  body = soup_server_message_get_request_body (msg);
  if (g_object_get_data (G_OBJECT (msg), "chorus-sim-too-large") != NULL || (gsize) body->length > c->request_cap)
    {
      reply_too_large (msg, SIM_CODE_REQUEST_TOO_LARGE, "La requête", c->request_cap);
      return;
    }
  if (body->length == 0)
    request = json_object_new ();
  /* The same reader as the client's, with its nesting pre-check: a deeply nested body must not
   * overflow the stack of the app that runs the simulator in-process (demo mode). */
  else if ((request = chorus_json_parse_object (body->data, (gssize) body->length, &error)) == NULL)
    {
      sim_http_reply_code (msg, SOUP_STATUS_BAD_REQUEST, SIM_CODE_BAD_REQUEST,
                  "Requête invalide : le corps n'est pas un objet JSON valide (mal formé, coupé ou trop imbriqué)");
      return;
    }

  answer = run_handler (&ctx, route, request);
  json_object_unref (request);
  if (ctx.error != NULL)
    {
      g_autofree char *libelle = g_strdup_printf ("Requête invalide : %s", ctx.error->message);

      g_clear_pointer (&answer, json_object_unref);
      g_clear_error (&ctx.error);
      sim_http_reply_code (msg, SOUP_STATUS_BAD_REQUEST, SIM_CODE_BAD_REQUEST, libelle);
      return;
    }
  g_assert (answer != NULL);
  if (fault->odd_item)
    sim_quirks_spoil_one_item (answer);
  if (fault->quirks)
    sim_quirks_apply (answer);
  text = sim_http_object_to_string (answer);
  /* Downloads over 120 MB are refused with HTTP 413, the only functional error that is not a 200. */
  if (json_object_get_int_member_with_default (answer, "codeRetour", 0) == SIM_CODE_DOWNLOAD_TOO_LARGE)
    sim_http_set_json_body (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, g_steal_pointer (&text));
  else if (strlen (text) > answer_cap)
    reply_too_large (msg, SIM_CODE_ANSWER_TOO_LARGE, "La réponse", answer_cap);
  else
    sim_http_set_json_body (msg, SOUP_STATUS_OK, g_steal_pointer (&text));
  json_object_unref (answer);
}

/* ---- faults and delays -------------------------------------------------------------------- */

static void
delayed_free (Delayed *d)
{
  if (d->finished_id)
    g_signal_handler_disconnect (d->msg, d->finished_id);
  if (d->source)
    {
      g_source_destroy (d->source);
      g_source_unref (d->source);
    }
  d->self->delayed = g_list_remove (d->self->delayed, d);
  g_object_unref (d->msg);
  g_free (d);
}

static gboolean
delayed_fire (gpointer data)
{
  Delayed *d = data;
  SoupServerMessage *msg = d->msg;

  if (d->late_status)
    sim_http_reply_code (msg, d->late_status, (int) d->late_status, "Délai de traitement dépassé");
  g_object_ref (msg);
  g_source_unref (d->source);
  d->source = NULL;
  delayed_free (d);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
delayed_finished (SoupServerMessage *msg, Delayed *d)
{
  d->finished_id = 0;
  delayed_free (d);
}

static void
delay_reply (ChorusSim *self, SoupServerMessage *msg, guint ms, guint late_status)
{
  Delayed *d = g_new0 (Delayed, 1);

  d->self = self;
  d->msg = g_object_ref (msg);
  d->late_status = late_status;
  d->source = g_timeout_source_new (ms);
  g_source_set_callback (d->source, delayed_fire, d, NULL);
  g_source_attach (d->source, self->context);
  d->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished), d);
  self->delayed = g_list_prepend (self->delayed, d);
  soup_server_message_pause (msg);
}

/* Broken bodies as a faulty proxy would send them: cut in the middle, or not JSON at all. */
static void
mangle_body (SoupServerMessage *msg, SimFaultKind kind)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *copy = NULL;

  if (kind == SIM_FAULT_TRUNCATED)
    copy = g_strndup (data, len / 2);
  else
    copy = g_strdup ("{\"codeRetour\":0,\"libelle\":\"TRA_MSG_00.000\",\"liste\":[{\"id\":"
                     "<html><body>Erreur interne du proxy</body></html>");
  soup_message_body_truncate (body);
  len = strlen (copy);
  soup_message_body_append_take (body, (guchar *) g_steal_pointer (&copy), len);
}

/* "Applied, then the connection dropped": the request was handled and committed; the client
 * gets nothing, or the start of the answer with its whole length announced. */
static void
drop_connection (SoupServerMessage *msg, gboolean send_part)
{
  g_autoptr(GIOStream) stream = NULL;

  if (send_part)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      gsize len = g_bytes_get_size (bytes);
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/json;charset=utf-8\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                                               soup_server_message_get_status (msg),
                                               soup_status_get_phrase (soup_server_message_get_status (msg)), len);

      stream = soup_server_message_steal_connection (msg);
      if (stream != NULL)
        {
          GOutputStream *out = g_io_stream_get_output_stream (stream);

          g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
          g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), len / 2, NULL, NULL, NULL);
          g_output_stream_flush (out, NULL, NULL);
        }
    }
  else
    stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ChorusSim *self = user_data;
  SimFaultDraw fault;

  g_atomic_int_inc (&self->request_count);
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->path_counts, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->path_counts, path)) + 1));
  g_mutex_unlock (&self->lock);
  /* Refused before its body was read (over its size cap). */
  if (soup_server_message_get_status (msg) != 0)
    return;
  sim_faults_draw (self->faults, &fault);

  switch (fault.kind)
    {
    case SIM_FAULT_429:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", fault.retry_after_s);
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
        sim_http_reply_oauth_error (msg, 429 /* Too Many Requests */, "rate_limited", "Quota de requêtes dépassé");
      }
      break;
    case SIM_FAULT_5XX:
      sim_http_reply_code (msg, fault.http_status, (int) fault.http_status,
                  fault.http_status == 503 ? "Service temporairement indisponible" : "Erreur technique");
      break;
    case SIM_FAULT_TIMEOUT:
      delay_reply (self, msg, CHORUS_SIM_HANG_SECONDS * 1000, SOUP_STATUS_GATEWAY_TIMEOUT);
      return;
    case SIM_FAULT_EXPIRE_TOKENS:
      chorus_sim_expire_tokens (self);
      G_GNUC_FALLTHROUGH;
    case SIM_FAULT_NONE:
    case SIM_FAULT_MALFORMED:
    case SIM_FAULT_TRUNCATED:
    case SIM_FAULT_DROP_AFTER_APPLY:
    case SIM_FAULT_CUT_AFTER_APPLY:
    default:
      if (g_strcmp0 (path, "/api/oauth/token") == 0)
        sim_gateway_token (self->tokens, msg);
      else if (g_str_has_prefix (path, "/cpro/"))
        handle_api (self, msg, path, &fault);
      else
        sim_http_reply_code (msg, SOUP_STATUS_NOT_FOUND, 404, "Ressource inconnue");
      break;
    }

  if (fault.kind == SIM_FAULT_DROP_AFTER_APPLY || fault.kind == SIM_FAULT_CUT_AFTER_APPLY)
    {
      drop_connection (msg, fault.kind == SIM_FAULT_CUT_AFTER_APPLY);
      return;
    }
  if ((fault.kind == SIM_FAULT_MALFORMED || fault.kind == SIM_FAULT_TRUNCATED) &&
      soup_server_message_get_status (msg) == SOUP_STATUS_OK)
    mangle_body (msg, fault.kind);

  if (fault.latency_ms > 0)
    delay_reply (self, msg, fault.latency_ms, 0);
}

/* ---- thread ----------------------------------------------------------------------------- */

static gpointer
server_thread (gpointer data)
{
  ChorusSim *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "chorus-sim", NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);

  if (soup_server_listen_local (self->server, self->requested_port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (self->server);
      if (uris != NULL)
        {
          GUri *uri = uris->data;

          /* A restarted simulator may get another port. */
          g_free (self->base_url);
          g_free (self->token_url);
          self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
          self->token_url = g_strconcat (self->base_url, "/api/oauth/token", NULL);
        }
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->lock);
  self->start_error = g_steal_pointer (&error);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->start_error == NULL)
    g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  while (self->delayed != NULL)
    delayed_free (self->delayed->data);
  g_clear_object (&self->server);
  /* Let the closed connections finish on this context before it is dropped. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
chorus_sim_start (ChorusSim *self, guint16 port, GError **error)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->thread != NULL)
    return TRUE;

  self->requested_port = port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->ready = FALSE;
  self->thread = g_thread_new ("chorus-sim", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      chorus_sim_stop (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

void
chorus_sim_stop (ChorusSim *self)
{
  g_return_if_fail (CHORUS_IS_SIM (self));

  if (self->thread == NULL)
    return;
  /* Quit from inside the loop: a quit sent before the thread reached g_main_loop_run() would be lost. */
  {
    GSource *idle = g_idle_source_new ();

    g_source_set_callback (idle, quit_loop, self->loop, NULL);
    g_source_attach (idle, self->context);
    g_source_unref (idle);
  }
  g_thread_join (self->thread);
  self->thread = NULL;
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

guint
chorus_sim_count_requests (ChorusSim  *self,
                           const char *operation)
{
  g_autofree char *path = NULL;
  guint n;

  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  path = g_strconcat ("/cpro/", operation, NULL);
  g_mutex_lock (&self->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->path_counts, path));
  g_mutex_unlock (&self->lock);
  return n;
}

const char *
chorus_sim_get_base_url (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), NULL);
  return self->base_url;
}

const char *
chorus_sim_get_token_url (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), NULL);
  return self->token_url;
}

void
chorus_sim_set_faults (ChorusSim *self, const ChorusSimFaults *faults)
{
  g_return_if_fail (CHORUS_IS_SIM (self));
  sim_faults_set (self->faults, faults);
}

void
chorus_sim_expire_tokens (ChorusSim *self)
{
  g_return_if_fail (CHORUS_IS_SIM (self));
  sim_tokens_expire_all (self->tokens);
}

typedef struct {
  ChorusSim *self;
  GMutex     lock;
  GCond      cond;
  gboolean   done;
  gboolean   ok;
  GError    *error;
} ResetCall;

static gboolean
reset_in_server (gpointer data)
{
  ResetCall *call = data;
  gboolean ok = sim_dataset_reset (call->self->dataset, &call->error);

  g_mutex_lock (&call->lock);
  call->ok = ok;
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

gboolean
chorus_sim_reset (ChorusSim *self, GError **error)
{
  ResetCall call = { self };

  g_return_val_if_fail (CHORUS_IS_SIM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The server thread owns the dataset while it runs: reset it there, between two requests. */
  if (self->thread == NULL)
    return sim_dataset_reset (self->dataset, error);
  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_main_context_invoke (self->context, reset_in_server, &call);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
  if (!call.ok)
    g_propagate_error (error, call.error);
  return call.ok;
}

guint
chorus_sim_get_request_count (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return (guint) g_atomic_int_get (&self->request_count);
}

const char *
chorus_sim_get_recipient_siret (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), NULL);
  return sim_dataset_well_known (self->dataset)->recipient_siret;
}

gint64
chorus_sim_get_recipient_id (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->recipient_id;
}

const char *
chorus_sim_get_supplier_siret (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), NULL);
  return sim_dataset_well_known (self->dataset)->supplier_siret;
}

gint64
chorus_sim_get_supplier_id (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->supplier_id;
}

gint64
chorus_sim_get_moe_id (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->moe_id;
}

gint64
chorus_sim_get_moa_id (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->moa_id;
}

const char *
chorus_sim_get_strict_recipient_siret (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), NULL);
  return sim_dataset_well_known (self->dataset)->strict_recipient_siret;
}

guint
chorus_sim_count_received (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->n_received;
}

const char *
chorus_sim_get_inactive_recipient_siret (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), NULL);
  return sim_dataset_well_known (self->dataset)->inactive_recipient_siret;
}

guint
chorus_sim_count_received_works (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->n_received_works;
}

guint
chorus_sim_count_issued (ChorusSim *self)
{
  g_return_val_if_fail (CHORUS_IS_SIM (self), 0);
  return sim_dataset_well_known (self->dataset)->n_issued;
}
