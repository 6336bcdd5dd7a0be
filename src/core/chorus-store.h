/* chorus-store.h: the local SQLite cache of invoices, structures, local fields and the outbox. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chorus-client-types.h"
#include "chorus-deadline.h"
#include "chorus-invoice.h"
#include "chorus-status.h"
#include "chorus-structure.h"

G_BEGIN_DECLS

#define CHORUS_STORE_ERROR (chorus_store_error_quark ())
typedef enum {
  CHORUS_STORE_ERROR_OPEN,       /* the database could not be opened or is newer than this app */
  CHORUS_STORE_ERROR_SQL,        /* SQLite reported an error */
  CHORUS_STORE_ERROR_NOT_FOUND,  /* no such invoice, filter or action */
  CHORUS_STORE_ERROR_INVALID,    /* bad input (e.g. a malformed saved filter) */
  CHORUS_STORE_ERROR_IO,         /* a cached file could not be written or read */
} ChorusStoreError;
GQuark chorus_store_error_quark (void);

typedef enum {
  CHORUS_SORT_RECIPIENT,
  CHORUS_SORT_SUPPLIER_TYPE,
  CHORUS_SORT_SUPPLIER,
  CHORUS_SORT_NUMBER,
  CHORUS_SORT_INVOICE_DATE,
  CHORUS_SORT_DEPOSIT_DATE,
  CHORUS_SORT_AMOUNT_HT,
  CHORUS_SORT_AMOUNT_TTC,
  CHORUS_SORT_AMOUNT_TO_PAY,
  CHORUS_SORT_STATUS,
  CHORUS_SORT_SERVICE,
  CHORUS_SORT_SIRET,
  CHORUS_SORT_ENGAGEMENT,
  CHORUS_SORT_INTERNAL_REFERENCE,
  CHORUS_SORT_GESTIONNAIRE,
  CHORUS_SORT_DAYS_LEFT,          /* running clocks first, then by deposit date (chorus-deadline) */
  CHORUS_SORT_STATUS_DATE,
  CHORUS_SORT_RENVOI,             /* sent back by the supplier after a suspension: by status */
  CHORUS_SORT_LAST
} ChorusSortColumn;

/* Where an invoice to validate stands, for the validator's tabs and counts. */
typedef enum {
  CHORUS_VALIDATION_STAGE_ANY = 0,
  CHORUS_VALIDATION_STAGE_LEVEL_1,    /* waits for its first-level validator (A_VALIDER_1) */
  CHORUS_VALIDATION_STAGE_LEVEL_2,    /* waits for its second-level validator (A_VALIDER_2) */
  CHORUS_VALIDATION_STAGE_DECIDED,    /* waits for no validator any more */
  CHORUS_VALIDATION_STAGE_LAST
} ChorusValidationStage;

/* The strings are borrowed: the filter never owns them. */
typedef struct {
  ChorusDirection    direction;
  ChorusStatusGroup  group;
  guint              group_mask;         /* several groups, bit 1 << group; 0: use @group */
  const char        *date_from;          /* invoice date, YYYY-MM-DD, inclusive; NULL = none */
  const char        *date_to;
  ChorusIdType       supplier_type;      /* UNKNOWN = any */
  const char        *supplier_contains;  /* case-insensitive substring of the supplier name */
  const char        *recipient_contains; /* the same for the recipient (issued invoices) */
  const char        *gestionnaire;       /* exact name, any case */
  gboolean           unassigned;         /* only invoices nobody handles (gestionnaire ignored) */
  const char        *service_code;
  gint64             amount_min;         /* TTC, cents, inclusive; -1 = none */
  gint64             amount_max;
  const char        *text;               /* full text: supplier, number, SIRET, references */
  gboolean           duplicates_only;    /* only invoices with a likely duplicate (same supplier and
                                          * number, or same amount a few days apart) */
  ChorusValidationStage validation_stage; /* invoices to validate: the level they wait at */
} ChorusInvoiceFilter;

void      chorus_invoice_filter_init        (ChorusInvoiceFilter       *filter);
/* A stable text form for saved filter sets. */
char     *chorus_invoice_filter_serialize   (const ChorusInvoiceFilter *filter);
/* Strings of the result are interned (g_intern_string) so the filter can outlive @text. */
gboolean  chorus_invoice_filter_deserialize (const char                *text,
                                             ChorusInvoiceFilter       *filter,
                                             GError                   **error);

typedef enum {
  CHORUS_ACTION_PENDING = 0,  /* written, never sent */
  CHORUS_ACTION_SENDING,      /* may have reached the server: check before resending */
  CHORUS_ACTION_DONE,
  CHORUS_ACTION_FAILED,
  CHORUS_ACTION_TO_CHECK,     /* may have been applied, and the server could not tell: the user decides */
} ChorusActionState;

typedef enum {
  CHORUS_ACTION_KIND_PROCESS = 0,  /* traiter/recue: set a recipient status */
  CHORUS_ACTION_KIND_DEPOSIT_PDF,  /* deposer/pdf then soumettre; payload: a deposit draft */
  CHORUS_ACTION_KIND_DEPOSIT_FLOW, /* deposer/flux; payload: a deposit draft with its syntax */
  CHORUS_ACTION_KIND_COMPLETE,     /* ajouter/fichier for each file, then completer;
                                    * payload: {"comment", "files": [{"path", "name"}]} */
  CHORUS_ACTION_KIND_RECYCLE,      /* recycler; payload: {"recipient", "service", "engagement", "comment"} */
  /* Works pieces (facturesTravaux) are not invoices of the cache: invoice_id stays 0 and the
   * payload names the piece ("pieceId"). */
  CHORUS_ACTION_KIND_WORKS_SUBMIT,       /* ajouter/fichier then soumettre; payload: a ChorusWorksDeposit */
  CHORUS_ACTION_KIND_WORKS_SUSPEND,      /* payload: {"pieceId", "comment"} */
  CHORUS_ACTION_KIND_WORKS_REFUSE,       /* payload: {"pieceId", "comment"} */
  CHORUS_ACTION_KIND_WORKS_ASK_RECYCLE,  /* payload: {"pieceId"} */
  CHORUS_ACTION_KIND_WORKS_RECYCLE,      /* payload: {"pieceId", "comment"} */
  CHORUS_ACTION_KIND_WORKS_COMPLETE,     /* ajouter/fichier per file, then completer; payload: {"pieceId", "comment", "files"} */
  CHORUS_ACTION_KIND_WORKS_COMPLETE_MOE, /* the same with completermoe */
  /* Stored as numbers: a new kind goes at the end. */
  CHORUS_ACTION_KIND_READ_PDF,     /* deposer/pdf alone, before a deposit, for what the platform reads
                                    * in the PDF; payload: {"path", "name"}; result: {"attachmentId",
                                    * "read": a deposit draft of the fields read} */
  /* traiter/factureAValider: a validator's decision, with an optimistic status like PROCESS;
   * motif is the refusal motif, payload {"action", "level", "motifLabel", "complement", "validatorId"}. */
  CHORUS_ACTION_KIND_VALIDATE,
} ChorusActionKind;

typedef struct {
  gint64             id;
  ChorusActionKind   kind;
  ChorusActionState  state;
  gint64             invoice_id;     /* the invoice's row key; 0 for a deposit */
  gint64             chorus_id;      /* that invoice's Chorus Pro id (read, not stored) */
  ChorusStatus       target;
  const char        *target_code;    /* the raw target code, known to the app or not (interned) */
  ChorusStatus       previous;
  const char        *previous_code;  /* the raw code to restore on failure (interned) */
  char              *previous_comment;
  char              *motif;
  char              *mandate_number;
  int                attempts;
  char              *message;        /* the server's message on failure */
  char              *payload;        /* supplier kinds: what to send, JSON */
  char              *result;         /* supplier kinds: what the server answered, JSON */
  gint64             not_before;     /* g_get_real_time() before which it is not sent; 0 = now. A new
                                      * action held for the user's undo has one too (and no attempt) */
  char              *created_at;     /* ISO 8601 UTC */
  char              *finished_at;    /* ISO 8601 UTC, when the server answered; NULL while open */
} ChorusAction;

#define CHORUS_TYPE_ACTION    (chorus_action_get_type ())
GType            chorus_action_get_type    (void) G_GNUC_CONST;
ChorusAction    *chorus_action_copy        (const ChorusAction    *action);
void             chorus_action_free        (ChorusAction          *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusAction, chorus_action_free)

#define CHORUS_TYPE_STORE (chorus_store_get_type ())
G_DECLARE_FINAL_TYPE (ChorusStore, chorus_store, CHORUS, STORE, GObject)

/* The database and the cached files live in @dir (created if needed). Thread-safe: every call
 * may come from any thread; reads use their own connection and never wait for a write. */
ChorusStore *chorus_store_open                (const char                *dir,
                                               GError                   **error);
const char  *chorus_store_get_dir             (ChorusStore               *self);

/* Invoices are addressed by their row key (chorus_invoice_get_key()): one per direction and
 * Chorus id. Element type gint64 = row key, in display order. */
GArray      *chorus_store_query_ids           (ChorusStore               *self,
                                               const ChorusInvoiceFilter *filter,
                                               ChorusSortColumn           sort,
                                               gboolean                   descending,
                                               GError                   **error);
/* The group field of @filter is ignored; counts[ALL] is every invoice matching the rest. */
gboolean     chorus_store_count_groups        (ChorusStore               *self,
                                               const ChorusInvoiceFilter *filter,
                                               guint                      counts[CHORUS_STATUS_GROUP_LAST],
                                               GError                   **error);
/* The same per validation stage (the validation_stage field of @filter is ignored); counts[ANY]
 * is every invoice matching the rest. */
gboolean     chorus_store_count_validation_stages (ChorusStore           *self,
                                               const ChorusInvoiceFilter *filter,
                                               guint                      counts[CHORUS_VALIDATION_STAGE_LAST],
                                               GError                   **error);
/* The list's query: the ids of chorus_store_query_ids() and, with @count, the counters of
 * chorus_store_count_groups(), read on a connection of their own (the UI's reads never wait
 * behind it): on the calling thread when the side is small enough for the answer to come sooner
 * than a worker would start, otherwise in a worker. An answer that comes within @wait_ms is returned at once;
 * otherwise NULL, and @callback gets it from chorus_store_query_finish() (which gives NULL and
 * no error when the answer was returned at once). Cancelling @cancellable stops the query where
 * it is: a newer keystroke replaces an older search at once. */
typedef struct {
  GArray  *ids;
  gboolean counted;
  guint    counts[CHORUS_STATUS_GROUP_LAST];
} ChorusQueryResult;

ChorusQueryResult *chorus_store_query_start  (ChorusStore               *self,
                                              const ChorusInvoiceFilter *filter,
                                              ChorusSortColumn           sort,
                                              gboolean                   descending,
                                              gboolean                   count,
                                              guint                      wait_ms,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
ChorusQueryResult *chorus_store_query_finish (ChorusStore               *self,
                                              GAsyncResult              *result,
                                              GError                   **error);
void               chorus_query_result_free  (ChorusQueryResult         *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusQueryResult, chorus_query_result_free)

/* List fields only, same order as @ids; an unknown id gives an error. */
GPtrArray   *chorus_store_load_invoices       (ChorusStore               *self,
                                               const gint64              *ids,
                                               guint                      n_ids,
                                               GError                   **error);
/* Invoices of @direction and their amount TTC (cents) per status group; [ALL] is the total. */
gboolean     chorus_store_sum_groups          (ChorusStore               *self,
                                               ChorusDirection            direction,
                                               guint                      counts[CHORUS_STATUS_GROUP_LAST],
                                               gint64                     amounts[CHORUS_STATUS_GROUP_LAST],
                                               GError                   **error);
/* Ids of the invoices of @direction whose status is one of @codes (API codes; with @except, none
 * of them: codes this version does not know are then included) and, when @status_since is set
 * (YYYY-MM-DD…), whose status dates from then on; oldest deposit first. */
GArray      *chorus_store_ids_with_statuses   (ChorusStore               *self,
                                               ChorusDirection            direction,
                                               const char * const        *codes,
                                               gboolean                   except,
                                               const char                *status_since,
                                               GError                   **error);
/* Rows that may duplicate @invoice, for chorus_duplicates_find(): same direction and supplier,
 * another key and Chorus id, and the same amount TTC, the same number (any case or separators) or an invoice date
 * within CHORUS_DUPLICATE_DAYS_WINDOW days. A superset (at most 500 rows, list fields only). */
GPtrArray   *chorus_store_find_duplicate_candidates (ChorusStore         *self,
                                                     ChorusInvoice       *invoice,
                                                     GError             **error);
/* The recipient structures of the invoices of @direction (ChorusStructure: identifier and name). */
GPtrArray   *chorus_store_list_recipients     (ChorusStore               *self,
                                               ChorusDirection            direction,
                                               GError                   **error);
/* TRUE when the invoices of @direction go to more than one recipient structure. */
gboolean     chorus_store_has_several_recipients (ChorusStore           *self,
                                               ChorusDirection            direction);
/* Every field, with lines, VAT, history and attachments when the detail was cached. */
ChorusInvoice *chorus_store_load_invoice      (ChorusStore               *self,
                                               gint64                     id,
                                               GError                   **error);
gboolean     chorus_store_has_detail          (ChorusStore               *self,
                                               gint64                     id);
/* A number that changes with every write committed to the store (SQLite's data_version, as the
 * UI's reader sees the writer's commits): what was read while it had a value is current while it
 * keeps it. */
gint64       chorus_store_get_data_version    (ChorusStore               *self);
gint64       chorus_store_count_invoices      (ChorusStore               *self,
                                               ChorusDirection            direction);
/* The row key of the invoice with Chorus Pro id @chorus_id on side @direction; 0 when absent. */
gint64       chorus_store_find_invoice        (ChorusStore               *self,
                                               ChorusDirection            direction,
                                               gint64                     chorus_id);

/* One transaction. Keeps local fields, detail-only fields the list lacks, and the optimistic
 * status of invoices that have actions in the outbox. Rows are matched by direction and
 * Chorus id (an invoice both received and issued by the account's structures is kept once on
 * each side); each invoice gets its row key. */
gboolean     chorus_store_upsert_invoices     (ChorusStore               *self,
                                               GPtrArray                 *invoices,
                                               GError                   **error);
/* The same, also setting a state key in that transaction (e.g. the page a pull reached);
 * @value NULL removes the key. */
gboolean     chorus_store_upsert_invoices_with_state (ChorusStore        *self,
                                               GPtrArray                 *invoices,
                                               const char                *key,
                                               const char                *value,
                                               GError                   **error);
/* First load of an empty store: drops the secondary indexes and triggers of the invoices
 * (their SQL is kept in the database) so that rows go in several times faster; end rebuilds
 * them, the full-text index and the statistics. Meanwhile queries work but scan, and full text
 * misses the new rows. A store opened after a crash in between ends it itself. Begin returns
 * FALSE without error when the store is not empty. */
/* The legal delays the "Time left" sort follows (the default ones until set); delays other than
 * those the rows were written with write every row's sort key again, in one transaction, and set
 * @rewritten. */
gboolean     chorus_store_set_delay_policy    (ChorusStore               *self,
                                               ChorusDelayPolicy         *policy,
                                               gboolean                  *rewritten,
                                               GError                   **error);
gboolean     chorus_store_begin_bulk_load     (ChorusStore               *self,
                                               GError                   **error);
gboolean     chorus_store_end_bulk_load       (ChorusStore               *self,
                                               GError                   **error);
/* While a bulk load runs and its writer has time: restores one thing it dropped (an index; last,
 * the triggers with the full-text rebuild), kept up row by row from then on, so that the end has
 * less left to do. @steps_left: what is left after it (0 also when no load is on). */
gboolean     chorus_store_bulk_load_step      (ChorusStore               *self,
                                               guint                     *steps_left,
                                               GError                   **error);
guint        chorus_store_bulk_load_steps_left (ChorusStore              *self);
/* Deletes the invoices of @direction that are of none of the @n (structure, service) pairs of the
 * account's scope (structure = recipient when received, supplier when issued; service 0 = the whole
 * structure), except those with actions still to send. */
gboolean     chorus_store_delete_outside_scope (ChorusStore            *self,
                                               ChorusDirection            direction,
                                               const gint64              *structure_ids,
                                               const gint64              *service_ids,
                                               guint                      n,
                                               GError                   **error);
/* Detail fields and parts (lines, VAT, history, attachments), replacing the cached ones; the
 * row is found by direction and Chorus id, and @invoice gets its key. */
gboolean     chorus_store_save_detail         (ChorusStore               *self,
                                               ChorusInvoice             *invoice,
                                               GError                   **error);
gboolean     chorus_store_set_local_fields    (ChorusStore               *self,
                                               gint64                     id,
                                               const char                *gestionnaire,
                                               const char                *internal_reference,
                                               const char                *notes,
                                               GError                   **error);

/* Cached files (PDFs) under <dir>/files; NULL without error when not cached. */
gboolean     chorus_store_cache_file          (ChorusStore               *self,
                                               gint64                     invoice_id,
                                               const char                *kind,
                                               GBytes                    *bytes,
                                               GError                   **error);
GBytes      *chorus_store_load_cached_file    (ChorusStore               *self,
                                               gint64                     invoice_id,
                                               const char                *kind,
                                               GError                   **error);
/* The same with the name the file is shown under (e.g. an attachment unpacked from the ZIP of
 * telecharger/groupe); chorus_store_cache_file() keeps none. */
gboolean     chorus_store_cache_named_file    (ChorusStore               *self,
                                               gint64                     invoice_id,
                                               const char                *kind,
                                               const char                *name_shown,
                                               GBytes                    *bytes,
                                               GError                   **error);
typedef struct {
  char   *kind;       /* e.g. "pdf", "attachment-2" */
  char   *name;       /* the name shown, NULL when none was given */
  gint64  size;
} ChorusCachedFile;
void         chorus_cached_file_free          (ChorusCachedFile          *file);
/* The cached files of an invoice (ChorusCachedFile), by kind. */
GPtrArray   *chorus_store_list_cached_files   (ChorusStore               *self,
                                               gint64                     invoice_id,
                                               GError                   **error);
/* The cache policy chorus_store_cache_file() applies after each download: at most this much on
 * disk, and nothing kept longer than this after its download (re-downloaded when viewed again). */
#define CHORUS_STORE_CACHE_MAX_BYTES   ((guint64) 1024 * 1024 * 1024)
#define CHORUS_STORE_CACHE_MAX_AGE_S   ((gint64) 90 * 24 * 3600)
/* Removes cached files, oldest download first, until they fit in @max_bytes, and every file
 * downloaded more than @max_age_s seconds ago, but never a file of an invoice with an open outbox
 * action. Also removes files of <dir>/files that no row knows any more (left by a crash or a
 * deleted invoice). Returns how many files went, or -1 with @error. */
int          chorus_store_purge_cache         (ChorusStore               *self,
                                               guint64                    max_bytes,
                                               gint64                     max_age_s,
                                               GError                   **error);

/* Structures the account is attached to (ChorusStructure); their `services` arrays, when set,
 * replace the cached services of that structure. Listed structures carry no services. */
gboolean     chorus_store_upsert_structures   (ChorusStore               *self,
                                               GPtrArray                 *structures,
                                               GError                   **error);
GPtrArray   *chorus_store_list_structures     (ChorusStore               *self,
                                               GError                   **error);
/* Replaces the services of one (already stored) structure. */
gboolean     chorus_store_set_services        (ChorusStore               *self,
                                               gint64                     structure_id,
                                               GPtrArray                 *services,
                                               GError                   **error);
/* @structure_id 0 = every structure. */
GPtrArray   *chorus_store_list_services       (ChorusStore               *self,
                                               gint64                     structure_id,
                                               GError                   **error);

/* Reference lists the server sends (CHORUS_STORE_LIST_*: payment modes, VAT rates, a
 * structure's bank details), kept so that forms work offline with the last known values.
 * Setting replaces the list; @structure_id is 0 for lists that belong to no structure. */
#define CHORUS_STORE_LIST_PAYMENT_MODES "payment-modes"
#define CHORUS_STORE_LIST_VAT_RATES     "vat-rates"
#define CHORUS_STORE_LIST_BANK_DETAILS  "bank-details"
gboolean     chorus_store_set_reference_items (ChorusStore               *self,
                                               const char                *list,
                                               gint64                     structure_id,
                                               GPtrArray                 *items,
                                               GError                   **error);
/* ChorusReferenceItem in the server's order; empty when never fetched. */
GPtrArray   *chorus_store_list_reference_items (ChorusStore              *self,
                                                const char               *list,
                                                gint64                    structure_id,
                                                GError                  **error);

/* Saved filter sets: name -> chorus_invoice_filter_serialize() text. */
gboolean     chorus_store_save_filter         (ChorusStore               *self,
                                               const char                *name,
                                               const ChorusInvoiceFilter *filter,
                                               GError                   **error);
gboolean     chorus_store_load_filter         (ChorusStore               *self,
                                               const char                *name,
                                               ChorusInvoiceFilter       *filter,
                                               GError                   **error);
gboolean     chorus_store_delete_filter       (ChorusStore               *self,
                                               const char                *name,
                                               GError                   **error);
GStrv        chorus_store_list_filters        (ChorusStore               *self,
                                               GError                   **error);

/* Managed gestionnaires, sorted by name. A change emits "gestionnaires-changed". */
gboolean     chorus_store_add_gestionnaire    (ChorusStore               *self,
                                               const char                *name,
                                               GError                   **error);
gboolean     chorus_store_remove_gestionnaire (ChorusStore               *self,
                                               const char                *name,
                                               GError                   **error);
GStrv        chorus_store_list_gestionnaires  (ChorusStore               *self,
                                               GError                   **error);
/* Renames a managed gestionnaire and every invoice assigned to @old_name, in one transaction. */
gboolean     chorus_store_rename_gestionnaire (ChorusStore               *self,
                                               const char                *old_name,
                                               const char                *new_name,
                                               GError                   **error);
/* Assigns @gestionnaire (NULL or "": nobody) to every invoice of @ids, in one transaction; the
 * other local fields are kept. */
gboolean     chorus_store_assign_gestionnaire (ChorusStore               *self,
                                               const gint64              *ids,
                                               guint                      n_ids,
                                               const char                *gestionnaire,
                                               GError                   **error);

/* The statuses Chorus Pro allows from @current (recuperer/etats/traitement), as last fetched. */
gboolean     chorus_store_set_status_targets  (ChorusStore               *self,
                                               ChorusStatus               current,
                                               const ChorusStatus        *targets,
                                               guint                      n_targets,
                                               GError                   **error);
/* GArray of ChorusStatus, NULL when never fetched; @fetched_at (nullable) gets the ISO UTC time. */
GArray      *chorus_store_get_status_targets  (ChorusStore               *self,
                                               ChorusStatus               current,
                                               char                     **fetched_at);

/* The user's frequent motifs, per kind of status change, in their order. The first use fills
 * each list with common ones, which the user may remove. */
typedef enum {
  CHORUS_MOTIF_REJECTION,   /* REJETEE */
  CHORUS_MOTIF_SUSPENSION,  /* SUSPENDUE */
  CHORUS_MOTIF_RECYCLING,   /* A_RECYCLER */
} ChorusMotifKind;

GStrv        chorus_store_list_motifs         (ChorusStore               *self,
                                               ChorusMotifKind            kind,
                                               GError                   **error);
/* Appends @text (trimmed) unless it is there already. */
gboolean     chorus_store_add_motif           (ChorusStore               *self,
                                               ChorusMotifKind            kind,
                                               const char                *text,
                                               GError                   **error);
gboolean     chorus_store_remove_motif        (ChorusStore               *self,
                                               ChorusMotifKind            kind,
                                               const char                *text,
                                               GError                   **error);

/* Small key/value state (last sync times, account ids). NULL when unset. */
char        *chorus_store_get_state           (ChorusStore               *self,
                                               const char                *key);
gboolean     chorus_store_set_state           (ChorusStore               *self,
                                               const char                *key,
                                               const char                *value,
                                               GError                   **error);

/* Outbox. Adding writes the actions and the optimistic status in one transaction and returns
 * the action ids (gint64). Invoices already in @target are skipped. */
GArray      *chorus_store_outbox_add_process  (ChorusStore               *self,
                                               const gint64              *invoice_ids,
                                               guint                      n_ids,
                                               ChorusStatus               target,
                                               const char                *motif,
                                               const char                *mandate_number,
                                               GError                   **error);
/* The same, each action held until @not_before (g_get_real_time() microseconds; 0 = not held):
 * the sender leaves it alone until then, and chorus_store_outbox_cancel() may take it back. */
GArray      *chorus_store_outbox_add_process_held (ChorusStore           *self,
                                               const gint64              *invoice_ids,
                                               guint                      n_ids,
                                               ChorusStatus               target,
                                               const char                *motif,
                                               const char                *mandate_number,
                                               gint64                     not_before,
                                               GError                   **error);
/* Whether @action changes the invoice's status at once, before Chorus Pro answers: a recipient's
 * processing or a validator's decision. */
gboolean     chorus_action_is_status_change   (const ChorusAction        *action);
/* Whether @action is a processing or validation action held for the user's undo at @now: never
 * tried yet, its not_before still ahead (an action Chorus Pro asked to postpone has been tried). */
gboolean     chorus_action_is_held            (const ChorusAction        *action,
                                               gint64                     now);
/* Takes back a held processing (or validation) action, and the later held ones of its invoice that were built on
 * it: they are deleted and the invoice gets back the status it had before. Fails with NOT_FOUND
 * once the hold is over at @now (the sender may have it) or the action is no longer open. */
gboolean     chorus_store_outbox_cancel       (ChorusStore               *self,
                                               gint64                     action_id,
                                               gint64                     now,
                                               GError                   **error);
/* The last processing or validation action of each of @ids that has one, in one query: invoice id (gint64*) ->
 * ChorusAction. */
GHashTable  *chorus_store_outbox_last_actions (ChorusStore               *self,
                                               const gint64              *ids,
                                               guint                      n_ids,
                                               GError                   **error);
/* Open actions and those answered since @since (ISO 8601 UTC; NULL: none), newest first, at
 * most @limit. */
GPtrArray   *chorus_store_outbox_list_recent  (ChorusStore               *self,
                                               const char                *since,
                                               guint                      limit,
                                               GError                   **error);
/* A supplier action (any kind but PROCESS): no optimistic status; @invoice_id 0 when the
 * invoice does not exist yet (a deposit). Returns the action id, 0 on error. */
gint64       chorus_store_outbox_add          (ChorusStore               *self,
                                               ChorusActionKind           kind,
                                               gint64                     invoice_id,
                                               const char                *payload,
                                               GError                   **error);
/* Records what the server answered (JSON), e.g. the attachment id between the two steps of a
 * deposit, or the deposited invoice. */
gboolean     chorus_store_outbox_set_result   (ChorusStore               *self,
                                               gint64                     action_id,
                                               const char                *result,
                                               GError                   **error);
ChorusAction *chorus_store_outbox_get         (ChorusStore               *self,
                                               gint64                     action_id,
                                               GError                   **error);
/* Every action of @kind, any state, oldest first. */
GPtrArray   *chorus_store_outbox_list_kind    (ChorusStore               *self,
                                               ChorusActionKind           kind,
                                               GError                   **error);
/* Actions still to send (PENDING or SENDING), oldest first. */
GPtrArray   *chorus_store_outbox_list_open    (ChorusStore               *self,
                                               GError                   **error);
GPtrArray   *chorus_store_outbox_list_for_invoice (ChorusStore           *self,
                                               gint64                     invoice_id,
                                               GError                   **error);
/* Every change of the outbox is committed durably (synchronous=FULL): it survives a power cut,
 * not only a crash of the app. */
/* Marks an action as possibly sent; committed before the request leaves. */
gboolean     chorus_store_outbox_mark_sending (ChorusStore               *self,
                                               gint64                     action_id,
                                               GError                   **error);
/* Success: the action is done and the invoice keeps the target status (@status_date from the
 * server if known). Failure: the action and the later open ones of the same invoice fail with
 * @message and the invoice gets back the status it had before them. */
gboolean     chorus_store_outbox_finish       (ChorusStore               *self,
                                               gint64                     action_id,
                                               gboolean                   ok,
                                               const char                *message,
                                               const char                *status_date,
                                               GError                   **error);
/* The same, recording @result (the server's answer, JSON) in that very commit: an action is never
 * seen with its answer but still open, nor done without its answer. */
gboolean     chorus_store_outbox_finish_with_result (ChorusStore         *self,
                                               gint64                     action_id,
                                               gboolean                   ok,
                                               const char                *message,
                                               const char                *status_date,
                                               const char                *result,
                                               GError                   **error);
/* Holds an open action back until @not_before (g_get_real_time()), with @message (may be NULL)
 * saying why; it stays open. */
gboolean     chorus_store_outbox_postpone     (ChorusStore               *self,
                                               gint64                     action_id,
                                               gint64                     not_before,
                                               const char                *message,
                                               GError                   **error);
/* The action may have been applied and the server could not tell: it stops in TO_CHECK with
 * @message until the user resolves it. */
gboolean     chorus_store_outbox_set_to_check (ChorusStore               *self,
                                               gint64                     action_id,
                                               const char                *message,
                                               GError                   **error);
/* The user's answer for an action TO_CHECK: send it again (back to PENDING, with @result as
 * its new result JSON), or take it as done (DONE with @message). */
gboolean     chorus_store_outbox_resolve      (ChorusStore               *self,
                                               gint64                     action_id,
                                               gboolean                   resend,
                                               const char                *result,
                                               const char                *message,
                                               GError                   **error);
/* Every action TO_CHECK, oldest first. */
GPtrArray   *chorus_store_outbox_list_to_check (ChorusStore              *self,
                                               GError                   **error);
/* The earliest not_before of the open actions still held back, 0 when none is. */
gint64       chorus_store_outbox_next_attempt (ChorusStore               *self);
/* Open actions of one invoice (0 when none). */
guint        chorus_store_count_open_actions_for_invoice (ChorusStore *self,
                                                          gint64       invoice_id);
guint        chorus_store_count_open_actions  (ChorusStore               *self);
guint        chorus_store_count_actions_to_check (ChorusStore            *self);

G_END_DECLS
