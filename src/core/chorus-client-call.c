/* chorus-client-call.c: a call of the client: the PISTE token (one request for every call waiting on
 * it), the API request with its headers and body, the answer's codeRetour, and the blocking form.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "chorus-client-decode.h"
#include "chorus-client-internal.h"
#include "chorus-json.h"

#define TOKEN_MARGIN_USEC      (240 * G_USEC_PER_SEC)   /* renew 240 s before expiry */
#define DEFAULT_TOKEN_LIFETIME 3600

static gint64
now_usec (ChorusClient *self)
{
  return self->clock (self->clock_data);
}


typedef struct {
  char            *path;
  char            *url;
  const char      *method;
  GBytes          *body;          /* JSON; NULL for GET */
  ChorusCallPolicy policy;
  const char      *download_key;  /* answer member decoded as it arrives (static string) */
  GBytes          *download;      /* what it held */
  gboolean         token_renewed; /* the one retry after a 401 was used */
  char            *token;         /* the token the last attempt carried */
} Call;

static void
call_free (Call *call)
{
  g_free (call->path);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->download, g_bytes_unref);
  _chorus_client_wipe_string (&call->token);
  g_free (call);
}

static void call_start (GTask *task);

/* The cached token when still valid for TOKEN_MARGIN_USEC, else NULL. */
static char *
dup_fresh_token (ChorusClient *self)
{
  char *token = NULL;

  g_mutex_lock (&self->lock);
  if (self->access_token != NULL && now_usec (self) + TOKEN_MARGIN_USEC < self->token_expiry)
    token = g_strdup (self->access_token);
  g_mutex_unlock (&self->lock);
  return token;
}

static SoupMessage *
build_token_message (ChorusClient  *self,
                     gpointer       data,
                     GBytes       **body_out,
                     GError       **error)
{
  SoupMessage *message;
  char *form = NULL;
  GBytes *body;

  g_mutex_lock (&self->lock);
  if (self->client_id == NULL || *self->client_id == '\0' || self->client_secret == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_BAD_CLIENT,
                           _("The PISTE client ID and client secret are not set. "
                             "Enter them in the preferences."));
      return NULL;
    }
  form = soup_form_encode ("grant_type", "client_credentials",
                           "client_id", self->client_id,
                           "client_secret", _chorus_client_secret_text (self->client_secret),
                           "scope", "openid",
                           NULL);
  g_mutex_unlock (&self->lock);

  /* Wiped when libsoup and the journal are done with it. */
  body = _chorus_client_secret_bytes_new_take (form, strlen (form));
  message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (message == NULL)
    {
      g_bytes_unref (body);
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                           _("The Chorus Pro address is not valid."));
      return NULL;
    }
  soup_message_headers_append (soup_message_get_request_headers (message), "Accept",
                               "application/json");
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  *body_out = body;
  return message;
}

/* Reads the token answer and caches the token; wipes the token's copy in the JSON tree. */
static gboolean
store_token (ChorusClient  *self,
             Response      *response,
             char         **token_out,
             GError       **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *token = NULL;
  gint64 expires_in = 0;
  gsize size = 0;
  const char *data;
  JsonNode *member;

  if (response->status != 200)
    {
      g_propagate_error (error, _chorus_client_error_from_http (response->status,
                                                                response->headers,
                                                                response->body, TRUE));
      return FALSE;
    }
  data = g_bytes_get_data (response->body, &size);
  object = chorus_json_parse_object (data, (gssize) size, error);
  if (object == NULL)
    return FALSE;
  token = chorus_decode_token (object, &expires_in, error);
  /* The parsed answer keeps its own copy of the token: wipe it too. */
  member = json_object_get_member (object, "access_token");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      char *copy = (char *) json_node_get_string (member);

      explicit_bzero (copy, strlen (copy));
    }
  if (token == NULL)
    return FALSE;
  if (expires_in <= 0)
    expires_in = DEFAULT_TOKEN_LIFETIME;

  g_mutex_lock (&self->lock);
  _chorus_client_wipe_string (&self->access_token);
  self->access_token = g_strdup (token);
  self->token_expiry = now_usec (self) + MIN (expires_in, (gint64) 7 * 24 * 3600) * G_USEC_PER_SEC;
  g_mutex_unlock (&self->lock);

  g_debug ("token obtained, valid %" G_GINT64_FORMAT " s", expires_in);
  *token_out = g_steal_pointer (&token);
  return TRUE;
}

static SoupMessage *
build_api_message (ChorusClient  *self,
                   gpointer       data,
                   GBytes       **body_out,
                   GError       **error)
{
  Call *call = data;
  SoupMessage *message;
  SoupMessageHeaders *headers;
  g_autofree char *bearer = NULL;

  message = soup_message_new (call->method, call->url);
  if (message == NULL)
    {
      g_set_error_literal (error, CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                           _("The Chorus Pro address is not valid."));
      return NULL;
    }
  headers = soup_message_get_request_headers (message);
  bearer = g_strconcat ("Bearer ", call->token, NULL);
  soup_message_headers_replace (headers, "Authorization", bearer);
  explicit_bzero (bearer, strlen (bearer));

  g_mutex_lock (&self->lock);
  if (self->account_header != NULL)
    soup_message_headers_replace (headers, "cpro-account", _chorus_client_secret_text (self->account_header));
  g_mutex_unlock (&self->lock);

  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_headers_append (headers, "Accept-Charset", "utf-8");
  if (call->body != NULL)
    {
      soup_message_set_request_body_from_bytes (message, "application/json;charset=utf-8",
                                                call->body);
      *body_out = g_bytes_ref (call->body);
    }
  return message;
}

/* The error of a non-2xx answer, with the wait the server asked for when it gave one. */
static GError *
error_from_response (Response *response,
                     gboolean  token_request)
{
  GError *error = _chorus_client_error_from_http (response->status, response->headers,
                                                  response->body, token_request);

  if (response->retry_after_ms >= 0)
    chorus_client_error_set_retry_at (error, g_get_real_time () + response->retry_after_ms * 1000);
  /* A 502 or 504 is the gateway giving up on an API that may well have acted. */
  if (response->status >= 500)
    _chorus_client_error_set_outcome_unknown (error);
  return error;
}

/* Ends a call with @object or @error (taken), in the caller's context: the network thread
 * gives up its reference there, so the client is never finalized in the network thread. */
typedef struct {
  GTask      *task;
  JsonObject *object;
  GError     *error;
} CallOutcome;

static gboolean
deliver_outcome (gpointer user_data)
{
  CallOutcome *outcome = user_data;

  if (outcome->error != NULL)
    g_task_return_error (outcome->task, outcome->error);
  else
    g_task_return_pointer (outcome->task, outcome->object, (GDestroyNotify) json_object_unref);
  g_object_unref (outcome->task);
  g_free (outcome);
  return G_SOURCE_REMOVE;
}

/* Takes @task, @object and @error. */
static void
call_return (GTask      *task,
             JsonObject *object,
             GError     *error)
{
  CallOutcome *outcome = g_new0 (CallOutcome, 1);
  /* Held across the invoke: its source is unreffed after it is attached, and by then the caller
   * may have had the answer, ended its thread and dropped the last reference to the context it
   * waited on (a blocking call's, see blocking_begin()). */
  g_autoptr(GMainContext) context = g_main_context_ref (g_task_get_context (task));

  outcome->task = task;
  outcome->object = object;
  outcome->error = error;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, deliver_outcome, outcome, NULL);
}

/* The result of one API exchange: the answer object, or NULL with @error. */
static JsonObject *
api_answer (Call      *call,
            Response  *response,
            GError   **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *data;
  gsize size = 0;

  data = g_bytes_get_data (response->body, &size);
  if (response->status == 400 && size > 0)
    {
      /* Functional errors may come as HTTP 400 with {codeRetour, libelle}. */
      object = chorus_json_parse_object (data, (gssize) size, NULL);
      if (object != NULL && !_chorus_client_check_code_retour (object, 400, error))
        return NULL;
      g_clear_pointer (&object, json_object_unref);
    }
  if (response->status < 200 || response->status >= 300)
    {
      g_propagate_error (error, error_from_response (response, FALSE));
      return NULL;
    }
  object = chorus_json_parse_object (data, (gssize) size, error);
  /* The raw answer is no longer needed: free it before anything is decoded from the tree. */
  g_clear_pointer (&response->body, g_bytes_unref);
  if (object == NULL)
    {
      /* A 2xx came: the API acted, only its answer is unreadable. */
      if (error != NULL && *error != NULL)
        _chorus_client_error_set_outcome_unknown (*error);
      return NULL;
    }
  if (!_chorus_client_check_code_retour (object, response->status, error))
    return NULL;
  call->download = g_steal_pointer (&response->blob);
  return g_steal_pointer (&object);
}

static void
api_exchange_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  JsonObject *object;
  GError *error = NULL;

  response = _chorus_client_exchange_finish (result, &error);
  if (response == NULL)
    {
      call_return (task, NULL, error);
      return;
    }
  if (response->status == 401 && !call->token_renewed)
    {
      /* An expired or revoked token: drop it (unless another call already replaced it)
       * and try once more with a new one. A second 401 is the technical account. */
      call->token_renewed = TRUE;
      g_mutex_lock (&self->lock);
      if (g_strcmp0 (self->access_token, call->token) == 0)
        _chorus_client_wipe_string (&self->access_token);
      g_mutex_unlock (&self->lock);
      call_start (task);
      return;
    }
  object = api_answer (call, response, &error);
  call_return (task, object, error);
}

static void
send_api_request (GTask *task)
{
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  _chorus_client_exchange_async (self, call->path, call->method, &call->policy, call->download_key, FALSE,
                                 build_api_message, call, g_task_get_cancellable (task), api_exchange_cb, task);
}

/* Carries on with @task now that a token (or an error) is there. Takes the task. */
static void
call_token_ready (GTask        *task,
                  const char   *token,
                  const GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (error != NULL)
    {
      /* The call that fetched was cancelled, not this one: fetch for ourselves. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          call_start (task);
          return;
        }
      call_return (task, NULL, g_error_copy (error));
      return;
    }
  if (call->url == NULL)
    {
      /* check_token: the token is all we wanted. */
      call_return (task, json_object_new (), NULL);
      return;
    }
  _chorus_client_wipe_string (&call->token);
  call->token = g_strdup (token);
  send_api_request (task);
}

static void
token_exchange_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  ChorusClient *self = g_task_get_source_object (G_TASK (user_data));
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  response = _chorus_client_exchange_finish (result, &error);
  if (response != NULL && !store_token (self, response, &token, &error) &&
      response->retry_after_ms >= 0 && error->domain == CHORUS_CLIENT_ERROR)
    chorus_client_error_set_retry_at (error, g_get_real_time () + response->retry_after_ms * 1000);

  g_mutex_lock (&self->lock);
  self->token_pending = FALSE;
  waiters = g_steal_pointer (&self->token_waiters);
  self->token_waiters = g_ptr_array_new ();
  g_mutex_unlock (&self->lock);

  /* Everything runs in the network thread: the waiting calls simply go on. */
  for (guint i = 0; i < waiters->len; i++)
    call_token_ready (g_ptr_array_index (waiters, i), token, error);
  call_token_ready (task, token, error);
  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

/* The token request: replaying it changes nothing on the server. */
static const ChorusCallPolicy token_policy = {
  .kind = CHORUS_CALL_REFERENCE, .replayable = TRUE, .max_answer = 64 * 1024, .long_deadline = FALSE,
};

/* Takes the task's reference. */
static void
call_start (GTask *task)
{
  ChorusClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gboolean fetch;

  _chorus_client_wipe_string (&call->token);
  call->token = dup_fresh_token (self);
  if (call->token != NULL && call->url != NULL)
    {
      send_api_request (task);
      return;
    }

  /* One token request at a time: concurrent calls wait for it instead of asking too. */
  g_mutex_lock (&self->lock);
  fetch = !self->token_pending;
  if (fetch)
    self->token_pending = TRUE;
  else
    g_ptr_array_add (self->token_waiters, task);
  g_mutex_unlock (&self->lock);
  if (!fetch)
    return;

  _chorus_client_exchange_async (self, "oauth/token", SOUP_METHOD_POST, &token_policy, NULL, TRUE,
                                 build_token_message, NULL, g_task_get_cancellable (task), token_exchange_cb, task);
}

/* In the network thread; takes the task's reference. */
static gboolean
start_call (gpointer task)
{
  call_start (task);
  return G_SOURCE_REMOVE;
}

/* The JSON of @body with @key: the base64 of @upload as its first member, encoded straight into
 * the one buffer that is sent: a 100 MB file costs its 133 MB of base64 once, not three times. */
static GBytes *
body_with_upload (JsonObject *body,
                  const char *key,
                  GBytes     *upload)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *rest = NULL;
  gsize size = 0, rest_length, key_length = strlen (key), capacity;
  const guchar *data = g_bytes_get_data (upload, &size);
  char *buffer, *p;
  int state = 0, save = 0;

  json_node_set_object (node, body);
  rest = json_to_string (node, FALSE);
  rest_length = strlen (rest);
  /* {"key":"<base64>", then the rest without its "{"; base64 is 4/3 of the size, plus slack. */
  capacity = rest_length + key_length + (size / 3 + 2) * 4 + 16;
  buffer = p = g_malloc (capacity);
  *p++ = '{';
  *p++ = '"';
  memcpy (p, key, key_length);
  p += key_length;
  memcpy (p, "\":\"", 3);
  p += 3;
  p += g_base64_encode_step (data, size, FALSE, p, &state, &save);
  p += g_base64_encode_close (FALSE, p, &state, &save);
  *p++ = '"';
  if (rest_length > 2)
    *p++ = ',';
  memcpy (p, rest + 1, rest_length - 1);
  p += rest_length - 1;
  g_assert ((gsize) (p - buffer) <= capacity);
  return g_bytes_new_take (buffer, (gsize) (p - buffer));
}

static GError *
refused_url_error (ChorusClient *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->refused_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : self->refused_url;

  return g_error_new (CHORUS_CLIENT_ERROR, CHORUS_CLIENT_ERROR_NETWORK,
                      _("The local environment points at %s, which is not this computer. Chorus Desk "
                        "sends a profile's secrets only to a simulator on this computer (127.0.0.1 or "
                        "localhost); a developer can allow another address by starting it with %s=1."),
                      host, ALLOW_REMOTE_LOCAL_ENV);
}

/* Starts @request in the network thread; the task's source tag is @source_tag. */
static void
call_async_internal (ChorusClient            *self,
                     const ChorusCallRequest *request,
                     gpointer                 source_tag,
                     GCancellable            *cancellable,
                     GAsyncReadyCallback      callback,
                     gpointer                 user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);
  const char *path = request->path;
  const char *method = request->method != NULL ? request->method : SOUP_METHOD_POST;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call->method = method;
  call->download_key = request->download_key;
  if (self->refused_url != NULL)
    {
      g_task_return_error (task, refused_url_error (self));
      g_object_unref (task);
      return;
    }
  if (path != NULL)
    {
      while (*path == '/')
        path++;
      call->path = g_strdup (path);
      call->url = g_strconcat (self->api_url, path, NULL);
      _chorus_client_call_policy (path, &call->policy);
    }
  if (path != NULL && g_strcmp0 (method, SOUP_METHOD_POST) == 0)
    {
      g_autoptr(JsonObject) empty = request->body == NULL ? json_object_new () : NULL;
      JsonObject *body = request->body != NULL ? request->body : empty;

      if (request->upload != NULL)
        call->body = body_with_upload (body, request->upload_key, request->upload);
      else
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          char *text;

          json_node_set_object (node, body);
          text = json_to_string (node, FALSE);
          call->body = g_bytes_new_take (text, strlen (text));
        }
    }
  /* A token request alone is a check of the PISTE identifiers: never the cached token. */
  if (path == NULL)
    chorus_client_forget_token (self);
  g_main_context_invoke_full (self->net_context, G_PRIORITY_DEFAULT, start_call, task, NULL);
}

void
chorus_client_call_async (ChorusClient        *self,
                          const char          *path,
                          JsonObject          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ChorusCallRequest request = { .path = path, .body = body };

  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call_async_internal (self, &request, chorus_client_call_async, cancellable, callback, user_data);
}

JsonObject *
chorus_client_call_finish (ChorusClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_chorus_client_call_full_async (ChorusClient            *self,
                                const ChorusCallRequest *request,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_return_if_fail (CHORUS_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail ((request->upload_key == NULL) == (request->upload == NULL));

  call_async_internal (self, request, _chorus_client_call_full_async, cancellable, callback, user_data);
}

JsonObject *
_chorus_client_call_full_finish (ChorusClient  *self,
                                 GAsyncResult  *result,
                                 GBytes       **download,
                                 GError       **error)
{
  JsonObject *object;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  object = g_task_propagate_pointer (G_TASK (result), error);
  if (object != NULL && download != NULL)
    {
      Call *call = g_task_get_task_data (G_TASK (result));

      *download = g_steal_pointer (&call->download);
    }
  return object;
}

/* Blocking calls ------------------------------------------------------------------------------- */

/* Runs an async operation to completion on a private main context of the calling thread:
 * begin, start the operation with blocking_callback and &wait, then wait. */
typedef struct {
  GAsyncResult *result;
} ChorusBlockingCall;

static void
blocking_callback (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ChorusBlockingCall *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Each thread keeps one context for its sync calls (libsoup runs a message's I/O in the
 * context of the thread that sent it); the connections are the session's, shared. */
static GPrivate blocking_context_key = G_PRIVATE_INIT ((GDestroyNotify) g_main_context_unref);

static GMainContext *
blocking_begin (void)
{
  GMainContext *context = g_private_get (&blocking_context_key);

  if (context == NULL)
    {
      context = g_main_context_new ();
      g_private_set (&blocking_context_key, context);
    }
  g_main_context_push_thread_default (context);
  return g_main_context_ref (context);
}

/* Returns the result (owned) and drops the context. */
static GAsyncResult *
blocking_wait (GMainContext       *context,
               ChorusBlockingCall *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return wait->result;
}

JsonObject *
_chorus_client_call_full_sync (ChorusClient             *self,
                               const ChorusCallRequest  *request,
                               GBytes                  **download,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  ChorusBlockingCall wait = { NULL };
  GMainContext *context;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CHORUS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  context = blocking_begin ();
  _chorus_client_call_full_async (self, request, cancellable, blocking_callback, &wait);
  result = blocking_wait (context, &wait);
  return _chorus_client_call_full_finish (self, result, download, error);
}

JsonObject *
chorus_client_call_sync (ChorusClient  *self,
                         const char    *path,
                         JsonObject    *body,
                         GCancellable  *cancellable,
                         GError       **error)
{
  ChorusCallRequest request = { .path = path, .body = body };

  g_return_val_if_fail (path != NULL, NULL);

  return _chorus_client_call_full_sync (self, &request, NULL, cancellable, error);
}
