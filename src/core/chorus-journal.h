/* chorus-journal.h: the API journal: every exchange with Chorus Pro, secrets removed, kept per profile. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-client.h"
#include "chorus-json-filter.h"

G_BEGIN_DECLS

/* The journal keeps the newest exchanges: at most this many, and at most this many bytes. */
#define CHORUS_JOURNAL_MAX_ENTRIES 1000
#define CHORUS_JOURNAL_MAX_BYTES   (20 * 1024 * 1024)
/* Each request or answer body is cut after this many bytes. */
#define CHORUS_JOURNAL_BODY_MAX    (64 * 1024)

typedef struct {
  gint64    id;
  gint64    time;          /* when the request left: microseconds since the epoch (UTC) */
  char     *method;
  char     *operation;     /* the path below /cpro/, or "oauth/token" */
  guint     http_status;   /* 0 when no answer came */
  gboolean  has_code;
  gint64    code;          /* codeRetour */
  char     *libelle;
  guint     duration_ms;
  char     *error;         /* what went wrong on our side (timeout, network), translated */
  char     *request;       /* redacted body; NULL when the list was asked without bodies */
  char     *response;
} ChorusJournalEntry;

#define CHORUS_TYPE_JOURNAL_ENTRY (chorus_journal_entry_get_type ())
GType               chorus_journal_entry_get_type (void) G_GNUC_CONST;
ChorusJournalEntry *chorus_journal_entry_copy     (const ChorusJournalEntry *entry);
void                chorus_journal_entry_free     (ChorusJournalEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusJournalEntry, chorus_journal_entry_free)
/* "HTTP 200 · codeRetour 0 (TRA_MSG_00.000) · 245 ms", in the user's language. */
char               *chorus_journal_entry_summary  (const ChorusJournalEntry *entry);
/* An HTTP error, a codeRetour other than 0, or no answer at all. */
gboolean            chorus_journal_entry_is_error (const ChorusJournalEntry *entry);

#define CHORUS_TYPE_JOURNAL (chorus_journal_get_type ())
G_DECLARE_FINAL_TYPE (ChorusJournal, chorus_journal, CHORUS, JOURNAL, GObject)

/* The journal of the profile whose data lives in @dir (journal.db there, created if needed).
 * Thread-safe. "changed" is emitted in the thread-default main context of the caller of open,
 * at most once per main-loop turn. */
ChorusJournal      *chorus_journal_open           (const char          *dir,
                                                   GError             **error);
/* A ChorusClientExchangeFunc: pass the journal as user data (see chorus_journal_attach). */
void                chorus_journal_record_exchange (const ChorusClientExchange *exchange,
                                                   gpointer             journal);
/* Records every exchange of @client from now on. */
void                chorus_journal_attach         (ChorusJournal       *self,
                                                   ChorusClient        *client);
gboolean            chorus_journal_add            (ChorusJournal       *self,
                                                   const ChorusClientExchange *exchange,
                                                   GError             **error);
/* Newest first. @text (may be NULL) is searched in the operation, libelle, error and bodies.
 * With @with_bodies FALSE the entries have NULL request and response.
 * Returns: (transfer full) (element-type ChorusJournalEntry) */
GPtrArray          *chorus_journal_list           (ChorusJournal       *self,
                                                   gboolean             errors_only,
                                                   const char          *text,
                                                   guint                limit,
                                                   gboolean             with_bodies,
                                                   GError             **error);
ChorusJournalEntry *chorus_journal_get            (ChorusJournal       *self,
                                                   gint64               id,
                                                   GError             **error);
guint               chorus_journal_count          (ChorusJournal       *self);
gboolean            chorus_journal_clear          (ChorusJournal       *self,
                                                   GError             **error);

/* A plain-text block for the support: the app's version, the environment, then each entry
 * (which must have its bodies) with its bodies. Holds nothing the journal does not hold. */
char               *chorus_journal_format_for_support (GPtrArray       *entries,
                                                   const char          *app_version,
                                                   const char          *environment);

/* ---- redaction, used by the client before anything reaches a journal ---- */

/* A filter for a JSON (or any text) body: secret members masked, base64 files summarised,
 * cut after CHORUS_JOURNAL_BODY_MAX bytes. */
ChorusJsonFilter   *chorus_journal_body_filter_new (void);
/* The filter's text, completed: a note when cut (@total is the body's full size), any of
 * @secrets (NULL-terminated; may be NULL) replaced, valid UTF-8. Frees nothing. */
char               *chorus_journal_body_text      (ChorusJsonFilter    *filter,
                                                   gsize                total,
                                                   const char * const  *secrets);
/* A form-urlencoded body (the token request) with client_secret and password values masked. */
char               *chorus_journal_redact_form    (const char          *form,
                                                   gsize                length,
                                                   const char * const  *secrets);

G_END_DECLS
