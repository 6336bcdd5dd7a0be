/* chorus-journal.c: the API journal: every exchange with Chorus Pro, secrets removed, kept per profile.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "chorus-journal.h"
#include "chorus-store-sql.h"

#define SCHEMA_VERSION 1

/* ------------------------------------------------------------------ redaction */

/* Members whose value is a secret wherever they appear. */
static const char *const secret_keys[] = {
  "access_token", "refresh_token", "id_token", "client_secret", "password", "motDePasse",
  "cpro-account", "Authorization",
};

/* Members that carry a file as base64 (reference §6.5): kept as their size and first bytes. */
static const char *const file_keys[] = {
  "fichierFlux", "fichierFacture", "pieceJointeFichier", "fichierResultat", "fichierCR", "pieceJointe",
};

static gboolean
key_in (const char *key, const char *const *keys, gsize n_keys)
{
  for (gsize i = 0; i < n_keys; i++)
    if (g_ascii_strcasecmp (key, keys[i]) == 0)
      return TRUE;
  return FALSE;
}

static ChorusJsonFilterAction
journal_key_action (const char *key,
                    guint       depth,
                    gpointer    user_data)
{
  if (key_in (key, secret_keys, G_N_ELEMENTS (secret_keys)))
    return CHORUS_JSON_FILTER_MASK;
  if (key_in (key, file_keys, G_N_ELEMENTS (file_keys)))
    return CHORUS_JSON_FILTER_SUMMARY;
  return CHORUS_JSON_FILTER_KEEP;
}

static const char *
mask_text (void)
{
  /* Translators: what replaces a password or a token in the exchanges journal */
  return _("[hidden]");
}

ChorusJsonFilter *
chorus_journal_body_filter_new (void)
{
  ChorusJsonFilter *filter = chorus_json_filter_new (journal_key_action, NULL, CHORUS_JOURNAL_BODY_MAX, mask_text ());

  chorus_json_filter_set_stop_when_cut (filter, TRUE);
  return filter;
}

/* Replaces every occurrence of each of @secrets (6 characters or more) in @text. */
static char *
chorus_journal_scrub (const char         *text,
                      const char * const *secrets)
{
  GString *out = g_string_new (text);

  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    if (strlen (secrets[i]) >= 6)
      g_string_replace (out, secrets[i], mask_text (), 0);
  return g_string_free (out, FALSE);
}

char *
chorus_journal_body_text (ChorusJsonFilter   *filter,
                          gsize               total,
                          const char * const *secrets)
{
  gsize length = 0;
  const char *output = chorus_json_filter_get_output (filter, &length);
  g_autofree char *valid = g_utf8_make_valid (output, (gssize) length);
  g_autoptr(GString) text = g_string_new (valid);

  if (chorus_json_filter_is_truncated (filter))
    {
      g_autofree char *size = g_format_size (total);

      /* Translators: %s is the full size of a request or answer, e.g. “1,2 Mo” */
      g_string_append_printf (text, _("\n… [cut here: %s in all]"), size);
    }
  return chorus_journal_scrub (text->str, secrets);
}

char *
chorus_journal_redact_form (const char         *form,
                            gsize               length,
                            const char * const *secrets)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *p = form, *end = form + length;

  while (p < end)
    {
      const char *amp = memchr (p, '&', (gsize) (end - p));
      const char *pair_end = amp != NULL ? amp : end;
      const char *eq = memchr (p, '=', (gsize) (pair_end - p));

      if (out->len > 0)
        g_string_append_c (out, '&');
      if (eq != NULL)
        {
          g_autofree char *key = g_strndup (p, (gsize) (eq - p));

          g_string_append_len (out, p, eq - p + 1);
          if (key_in (key, secret_keys, G_N_ELEMENTS (secret_keys)))
            g_string_append (out, mask_text ());
          else
            g_string_append_len (out, eq + 1, pair_end - eq - 1);
        }
      else
        g_string_append_len (out, p, pair_end - p);
      p = pair_end + 1;
    }
  valid = g_utf8_make_valid (out->str, (gssize) out->len);
  return chorus_journal_scrub (valid, secrets);
}

/* ------------------------------------------------------------------ entries */

ChorusJournalEntry *
chorus_journal_entry_copy (const ChorusJournalEntry *entry)
{
  ChorusJournalEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->method = g_strdup (entry->method);
  copy->operation = g_strdup (entry->operation);
  copy->libelle = g_strdup (entry->libelle);
  copy->error = g_strdup (entry->error);
  copy->request = g_strdup (entry->request);
  copy->response = g_strdup (entry->response);
  return copy;
}

void
chorus_journal_entry_free (ChorusJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->method);
  g_free (entry->operation);
  g_free (entry->libelle);
  g_free (entry->error);
  g_free (entry->request);
  g_free (entry->response);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (ChorusJournalEntry, chorus_journal_entry, chorus_journal_entry_copy,
                     chorus_journal_entry_free)

/* "No result" (20000 for invoices, 20007 for works) is an answer, not an error. */
static gboolean
code_is_error (gint64 code)
{
  return code != 0 && code != 20000 && code != 20007;
}

char *
chorus_journal_entry_summary (const ChorusJournalEntry *entry)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->http_status != 0)
    g_string_append_printf (text, _("HTTP %u"), entry->http_status);
  else
    g_string_append (text, _("no answer"));
  if (entry->has_code)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, _("codeRetour %lld"), (long long) entry->code);
      if (entry->libelle != NULL && *entry->libelle != '\0')
        g_string_append_printf (text, " (%s)", entry->libelle);
    }
  g_string_append (text, " · ");
  g_string_append_printf (text, _("%u ms"), entry->duration_ms);
  return g_string_free (text, FALSE);
}

gboolean
chorus_journal_entry_is_error (const ChorusJournalEntry *entry)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  return entry->http_status == 0 || entry->http_status >= 300 || entry->error != NULL ||
         (entry->has_code && code_is_error (entry->code));
}

/* ------------------------------------------------------------------ the journal */

struct _ChorusJournal
{
  GObject       parent_instance;

  GMutex        lock;
  sqlite3      *db;
  guint         count;
  gint64        bytes;
  GMainContext *context;          /* where "changed" goes */
  gint          changed_pending;  /* atomic */
};

G_DEFINE_FINAL_TYPE (ChorusJournal, chorus_journal, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
chorus_journal_finalize (GObject *object)
{
  ChorusJournal *self = CHORUS_JOURNAL (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (chorus_journal_parent_class)->finalize (object);
}

static void
chorus_journal_class_init (ChorusJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chorus_journal_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
chorus_journal_init (ChorusJournal *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
set_sql_error (ChorusJournal *self, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("The exchanges journal could not be written or read: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (ChorusJournal *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sql_error (self, error);
  return TRUE;
}

ChorusJournal *
chorus_journal_open (const char  *dir,
                     GError     **error)
{
  g_autoptr(ChorusJournal) self = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  g_return_val_if_fail (dir != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  self = g_object_new (CHORUS_TYPE_JOURNAL, NULL);
  self->context = g_main_context_ref_thread_default ();
  path = g_build_filename (dir, "journal.db", NULL);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not open the exchanges journal “%s”: %s"),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  g_chmod (path, 0600);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  /* A lost journal entry after a power cut costs nothing: no fsync per exchange. */
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA trusted_schema = OFF;",
             error))
    return NULL;
  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The exchanges journal was written by a newer version of Chorus Desk."));
      return NULL;
    }
  if (version < 1 &&
      !exec (self,
             "BEGIN IMMEDIATE;"
             "CREATE TABLE IF NOT EXISTS exchanges ("
             "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
             "  time INTEGER NOT NULL, method TEXT, operation TEXT NOT NULL,"
             "  http_status INTEGER NOT NULL DEFAULT 0, code INTEGER, libelle TEXT,"
             "  duration_ms INTEGER NOT NULL DEFAULT 0, error TEXT,"
             "  request TEXT, response TEXT, size INTEGER NOT NULL DEFAULT 0);"
             "PRAGMA user_version = 1;"
             "COMMIT;", error))
    return NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*), coalesce(sum(size), 0) FROM exchanges", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      set_sql_error (self, error);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      self->count = (guint) sqlite3_column_int (stmt, 0);
      self->bytes = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&self);
}

static gboolean
emit_changed (gpointer user_data)
{
  ChorusJournal *self = user_data;

  g_atomic_int_set (&self->changed_pending, 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
queue_changed (ChorusJournal *self)
{
  if (g_atomic_int_compare_and_exchange (&self->changed_pending, 0, 1))
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT_IDLE, emit_changed,
                                g_object_ref (self), g_object_unref);
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Drops the oldest entries beyond the bounds. The lock is held. */
static gboolean
trim_locked (ChorusJournal *self, GError **error)
{
  sqlite3_stmt *oldest = NULL, *drop = NULL;
  gboolean ok = TRUE;

  if (self->count <= CHORUS_JOURNAL_MAX_ENTRIES && self->bytes <= CHORUS_JOURNAL_MAX_BYTES)
    return TRUE;
  if (sqlite3_prepare_v2 (self->db, "SELECT id, size FROM exchanges ORDER BY id", -1, &oldest, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "DELETE FROM exchanges WHERE id <= ?", -1, &drop, NULL) != SQLITE_OK)
    ok = set_sql_error (self, error);
  else
    {
      gint64 last = -1;
      guint count = self->count;
      gint64 bytes = self->bytes;

      while ((count > CHORUS_JOURNAL_MAX_ENTRIES || bytes > CHORUS_JOURNAL_MAX_BYTES) &&
             sqlite3_step (oldest) == SQLITE_ROW)
        {
          last = sqlite3_column_int64 (oldest, 0);
          bytes -= sqlite3_column_int64 (oldest, 1);
          count--;
        }
      sqlite3_reset (oldest);
      if (last >= 0)
        {
          sqlite3_bind_int64 (drop, 1, last);
          if (sqlite3_step (drop) != SQLITE_DONE)
            ok = set_sql_error (self, error);
          else
            {
              self->count = count;
              self->bytes = bytes;
            }
        }
    }
  sqlite3_finalize (oldest);
  sqlite3_finalize (drop);
  return ok;
}

gboolean
chorus_journal_add (ChorusJournal               *self,
                    const ChorusClientExchange  *exchange,
                    GError                     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 size;
  int rc;

  g_return_val_if_fail (CHORUS_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (exchange != NULL && exchange->operation != NULL, FALSE);

  size = (gint64) (strlen (exchange->operation) + (exchange->libelle ? strlen (exchange->libelle) : 0) +
                   (exchange->error ? strlen (exchange->error) : 0) +
                   (exchange->request ? strlen (exchange->request) : 0) +
                   (exchange->response ? strlen (exchange->response) : 0) + 64);
  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO exchanges (time, method, operation, http_status, code, libelle,"
                          " duration_ms, error, request, response, size) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sql_error (self, error);
  sqlite3_bind_int64 (stmt, 1, exchange->time);
  bind_text (stmt, 2, exchange->method);
  bind_text (stmt, 3, exchange->operation);
  sqlite3_bind_int (stmt, 4, (int) exchange->http_status);
  if (exchange->has_code)
    sqlite3_bind_int64 (stmt, 5, exchange->code);
  else
    sqlite3_bind_null (stmt, 5);
  bind_text (stmt, 6, exchange->libelle);
  sqlite3_bind_int64 (stmt, 7, exchange->duration_ms);
  bind_text (stmt, 8, exchange->error);
  bind_text (stmt, 9, exchange->request);
  bind_text (stmt, 10, exchange->response);
  sqlite3_bind_int64 (stmt, 11, size);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sql_error (self, error);
  self->count++;
  self->bytes += size;
  if (!trim_locked (self, error))
    return FALSE;
  g_clear_pointer (&locker, g_mutex_locker_free);
  queue_changed (self);
  return TRUE;
}

void
chorus_journal_record_exchange (const ChorusClientExchange *exchange,
                                gpointer                    journal)
{
  g_autoptr(GError) error = NULL;

  if (!chorus_journal_add (CHORUS_JOURNAL (journal), exchange, &error))
    g_warning ("Exchange with Chorus Pro not journaled: %s", error->message);
}

void
chorus_journal_attach (ChorusJournal *self,
                       ChorusClient  *client)
{
  g_return_if_fail (CHORUS_IS_JOURNAL (self));
  g_return_if_fail (CHORUS_IS_CLIENT (client));

  chorus_client_set_exchange_func (client, chorus_journal_record_exchange, g_object_ref (self), g_object_unref);
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static ChorusJournalEntry *
entry_from_row (sqlite3_stmt *stmt, gboolean with_bodies)
{
  ChorusJournalEntry *entry = g_new0 (ChorusJournalEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time = sqlite3_column_int64 (stmt, 1);
  entry->method = column_dup (stmt, 2);
  entry->operation = column_dup (stmt, 3);
  entry->http_status = (guint) sqlite3_column_int (stmt, 4);
  entry->has_code = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
  entry->code = sqlite3_column_int64 (stmt, 5);
  entry->libelle = column_dup (stmt, 6);
  entry->duration_ms = (guint) sqlite3_column_int64 (stmt, 7);
  entry->error = column_dup (stmt, 8);
  if (with_bodies)
    {
      entry->request = column_dup (stmt, 9);
      entry->response = column_dup (stmt, 10);
    }
  return entry;
}

#define ENTRY_COLUMNS "id, time, method, operation, http_status, code, libelle, duration_ms, error, request, response"

GPtrArray *
chorus_journal_list (ChorusJournal  *self,
                     gboolean        errors_only,
                     const char     *text,
                     guint           limit,
                     gboolean        with_bodies,
                     GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_journal_entry_free);
  g_autofree char *pattern = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CHORUS_IS_JOURNAL (self), NULL);

  if (*stripped != '\0')
    pattern = chorus_sql_like_pattern (stripped);
  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT " ENTRY_COLUMNS " FROM exchanges"
                          " WHERE (?1 = 0 OR http_status = 0 OR http_status >= 300 OR error IS NOT NULL"
                          "        OR (code IS NOT NULL AND code NOT IN (0, 20000, 20007)))"
                          "   AND (?2 IS NULL OR operation LIKE ?2 ESCAPE '\\' OR libelle LIKE ?2 ESCAPE '\\'"
                          "        OR error LIKE ?2 ESCAPE '\\' OR request LIKE ?2 ESCAPE '\\'"
                          "        OR response LIKE ?2 ESCAPE '\\' OR CAST (code AS TEXT) = ?3"
                          "        OR CAST (http_status AS TEXT) = ?3)"
                          " ORDER BY id DESC LIMIT ?4",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (self, error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, errors_only ? 1 : 0);
  bind_text (stmt, 2, pattern);
  bind_text (stmt, 3, pattern != NULL ? stripped : NULL);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt, with_bodies));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

ChorusJournalEntry *
chorus_journal_get (ChorusJournal  *self,
                    gint64          id,
                    GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  ChorusJournalEntry *entry = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (CHORUS_IS_JOURNAL (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT " ENTRY_COLUMNS " FROM exchanges WHERE id = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      set_sql_error (self, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    entry = entry_from_row (stmt, TRUE);
  sqlite3_finalize (stmt);
  if (entry == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This exchange is no longer in the journal."));
  return entry;
}

guint
chorus_journal_count (ChorusJournal *self)
{
  guint count;

  g_return_val_if_fail (CHORUS_IS_JOURNAL (self), 0);

  g_mutex_lock (&self->lock);
  count = self->count;
  g_mutex_unlock (&self->lock);
  return count;
}

gboolean
chorus_journal_clear (ChorusJournal  *self,
                      GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (CHORUS_IS_JOURNAL (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = exec (self, "DELETE FROM exchanges", error);
  if (ok)
    {
      self->count = 0;
      self->bytes = 0;
    }
  g_mutex_unlock (&self->lock);
  queue_changed (self);
  return ok;
}

static void
append_body (GString *out, const char *title, const char *body)
{
  g_string_append_printf (out, "  %s\n", title);
  if (body == NULL || *body == '\0')
    {
      /* Translators: in the text for the support, a request or answer without body */
      g_string_append_printf (out, "    %s\n", _("(empty)"));
      return;
    }
  for (const char *line = body; line != NULL && *line != '\0'; )
    {
      const char *end = strchr (line, '\n');

      g_string_append (out, "    ");
      g_string_append_len (out, line, end != NULL ? end - line : (gssize) strlen (line));
      g_string_append_c (out, '\n');
      line = end != NULL ? end + 1 : NULL;
    }
}

char *
chorus_journal_format_for_support (GPtrArray  *entries,
                                   const char *app_version,
                                   const char *environment)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%d/%m/%Y %H:%M:%S");

  g_return_val_if_fail (entries != NULL, NULL);

  g_string_append_printf (out, _("Chorus Desk %s: exchanges with Chorus Pro"), app_version);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Environment: %s"), environment != NULL ? environment : "?");
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Copied on %s; passwords, tokens and files are left out."), when);
  g_string_append (out, "\n");

  for (guint i = 0; i < entries->len; i++)
    {
      const ChorusJournalEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (entry->time / G_USEC_PER_SEC);
      g_autofree char *at = time != NULL ? g_date_time_format (time, "%d/%m/%Y %H:%M:%S") : g_strdup ("?");
      g_autofree char *summary = chorus_journal_entry_summary (entry);

      g_string_append_printf (out, "\n[%u] %s  %s %s\n  %s\n", i + 1, at, entry->method ? entry->method : "",
                              entry->operation, summary);
      if (entry->error != NULL)
        g_string_append_printf (out, "  %s\n", entry->error);
      append_body (out, _("Request:"), entry->request);
      append_body (out, _("Answer:"), entry->response);
    }
  return g_string_free (out, FALSE);
}
