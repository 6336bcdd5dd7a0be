/* chorus-store-team.h: the local side of team mode: edits queued for the team database, its last known values, claims. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-store.h"
#include "chorus-team-config.h"

G_BEGIN_DECLS

/* The invoice fields a team shares, named as the store's columns. */
#define CHORUS_TEAM_FIELD_GESTIONNAIRE       "gestionnaire"
#define CHORUS_TEAM_FIELD_INTERNAL_REFERENCE "internal_reference"
#define CHORUS_TEAM_FIELD_NOTES              "notes"

/* The team's lists, named as in the team database. */
#define CHORUS_TEAM_LIST_GESTIONNAIRES "gestionnaire"
#define CHORUS_TEAM_LIST_MOTIFS        "motif"
#define CHORUS_TEAM_LIST_FILTERS       "filter"

/* One edit written here and not yet acknowledged by the team database. */
typedef struct {
  gint64    id;
  char     *edit_id;       /* makes a resend idempotent */
  char     *kind;          /* "field" or a list */
  gint64    invoice_id;    /* fields */
  char     *structure;     /* fields: the invoice's structure (its recipient's identifier) */
  char     *name;          /* the field, or the list item */
  char     *value;         /* NULL: cleared */
  gboolean  deleted;       /* lists: the item was removed */
  gint64    base_version;  /* the team version its author saw; -1 for a first-join seed */
  char     *author_login;
  char     *author_name;
  int       attempts;
  char     *message;       /* why the team database refused it last time */
} ChorusTeamEdit;

void chorus_team_edit_free (ChorusTeamEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamEdit, chorus_team_edit_free)

/* One row of the team database's change feed. */
typedef enum {
  CHORUS_TEAM_CHANGE_FIELD,
  CHORUS_TEAM_CHANGE_LIST,
  CHORUS_TEAM_CHANGE_CLAIM,
} ChorusTeamChangeKind;

typedef struct {
  ChorusTeamChangeKind  kind;
  gint64                version;
  char                 *structure;
  gint64                invoice_id;
  char                 *field;           /* FIELD */
  char                 *list;            /* LIST */
  char                 *name;            /* LIST: the item */
  char                 *value;           /* FIELD: the new value; LIST: the item's value */
  char                 *old_value;       /* FIELD */
  gboolean              deleted;         /* LIST */
  char                 *author_login;    /* CLAIM: the holder */
  char                 *author_name;
  char                 *changed_at;      /* ISO 8601 UTC, server time; CLAIM: since when */
  gboolean              concurrent;      /* FIELD: replaced a value its author had not seen */
  char                 *replaced_login;
  char                 *replaced_name;
  char                 *expires_at;      /* CLAIM */
} ChorusTeamChange;

ChorusTeamChange *chorus_team_change_new  (ChorusTeamChangeKind kind);
void              chorus_team_change_free (ChorusTeamChange    *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamChange, chorus_team_change_free)

/* An edit of ours that a colleague replaced without having seen it. */
typedef struct {
  gint64  invoice_id;
  char   *field;
  char   *lost_value;     /* ours, as the team database had it */
  char   *winner_value;
  char   *winner_login;
  char   *winner_name;
  char   *changed_at;     /* ISO 8601 UTC */
} ChorusTeamLostEdit;

#define CHORUS_TYPE_TEAM_LOST_EDIT (chorus_team_lost_edit_get_type ())
GType               chorus_team_lost_edit_get_type (void) G_GNUC_CONST;
ChorusTeamLostEdit *chorus_team_lost_edit_copy     (const ChorusTeamLostEdit *lost);
void                chorus_team_lost_edit_free     (ChorusTeamLostEdit       *lost);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamLostEdit, chorus_team_lost_edit_free)

/* What the team database answered to one edit. */
typedef struct {
  gint64       version;
  gboolean     applied;       /* FALSE: a seed where the team had a value, or no change */
  const char  *value;         /* the field's value now */
  const char  *author_login;
  const char  *author_name;
  const char  *changed_at;
} ChorusTeamAck;

/* What applying changes did here. */
typedef struct {
  GArray    *invoice_ids;     /* gint64: invoices whose shared fields or their "changed by" changed */
  GArray    *claim_ids;       /* gint64: invoices whose claim changed */
  GPtrArray *lists;           /* char *: lists that changed */
  GPtrArray *lost;            /* ChorusTeamLostEdit */
} ChorusTeamApplied;

void chorus_team_applied_clear (ChorusTeamApplied *applied);

/* "Changed by … at …" for one shared field of one invoice. */
typedef struct {
  char      *author_login;
  char      *author_name;
  GDateTime *changed_at;      /* server time, UTC */
  gboolean   pending;         /* a local edit is waiting to reach the team database */
} ChorusTeamFieldInfo;

void chorus_team_field_info_free (ChorusTeamFieldInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamFieldInfo, chorus_team_field_info_free)

typedef struct {
  gint64     version;
  char      *field;
  char      *old_value;
  char      *new_value;
  char      *author_login;
  char      *author_name;
  GDateTime *changed_at;
  gboolean   concurrent;
  char      *replaced_name;
} ChorusTeamHistoryEntry;

void chorus_team_history_entry_free (ChorusTeamHistoryEntry *entry);

typedef struct {
  gint64     invoice_id;
  char      *holder_login;
  char      *holder_name;
  GDateTime *claimed_at;      /* server time, UTC */
  GDateTime *expires_at;
} ChorusTeamClaim;

#define CHORUS_TYPE_TEAM_CLAIM (chorus_team_claim_get_type ())
GType            chorus_team_claim_get_type (void) G_GNUC_CONST;
ChorusTeamClaim *chorus_team_claim_copy     (const ChorusTeamClaim *claim);
void             chorus_team_claim_free     (ChorusTeamClaim       *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusTeamClaim, chorus_team_claim_free)

/* Called (from the writing thread, inside its transaction) whenever an edit is queued. */
typedef void (*ChorusStoreTeamQueuedFunc) (gpointer user_data);

/* Team mode on: from now on every change of a shared field or list through any store call is
 * queued in the same transaction, as @identity. Off: nothing more is queued (the queue stays). */
gboolean     chorus_store_team_enable           (ChorusStore               *self,
                                                 const ChorusTeamIdentity  *identity,
                                                 ChorusStoreTeamQueuedFunc  queued,
                                                 gpointer                   user_data,
                                                 GError                   **error);
void         chorus_store_team_disable          (ChorusStore               *self);
/* This desktop's identifier in the team database (random, kept in the store). */
char        *chorus_store_team_get_origin       (ChorusStore               *self);
/* The invoice's structure as the team database keys it; NULL when the invoice is unknown. */
char        *chorus_store_team_get_structure    (ChorusStore               *self,
                                                 gint64                     invoice_id);
/* The last team version applied here (0 before the first load). */
gint64       chorus_store_team_get_cursor       (ChorusStore               *self);

/* Ties the store to one team database. A different one than last time: the cached team data and
 * cursor are reset, queued edits are rebased, and what this desktop had alone is queued as
 * first-join seeds (shared unless the team has its own value). TRUE in @reset when so. */
gboolean     chorus_store_team_bind_database    (ChorusStore               *self,
                                                 const char                *database_id,
                                                 gboolean                  *reset,
                                                 GError                   **error);

/* Queued edits, oldest first (at most @limit; 0 = all). */
GPtrArray   *chorus_store_team_list_pending     (ChorusStore               *self,
                                                 guint                      limit,
                                                 GError                   **error);
guint        chorus_store_team_count_pending    (ChorusStore               *self);
/* Edits the team database refused (kept, retried at the next connection). */
guint        chorus_store_team_count_refused    (ChorusStore               *self);
/* The edit reached the team database. TRUE in @display_changed when the shown value changed
 * (e.g. the team kept its value over a seed). */
gboolean     chorus_store_team_acknowledge      (ChorusStore               *self,
                                                 const ChorusTeamEdit      *edit,
                                                 const ChorusTeamAck       *ack,
                                                 gboolean                  *display_changed,
                                                 GError                   **error);
/* The team database refused the edit: kept with @message, retried later. */
gboolean     chorus_store_team_set_refused      (ChorusStore               *self,
                                                 gint64                     edit_row,
                                                 const char                *message,
                                                 GError                   **error);

/* Applies changes from the feed, in version order, in one transaction: a field shows the team's
 * value unless a local edit of it is queued; lists and claims follow. Lost edits of
 * @identity's login are reported when @report_lost. */
gboolean     chorus_store_team_apply            (ChorusStore               *self,
                                                 GPtrArray                 *changes,
                                                 const ChorusTeamIdentity  *identity,
                                                 gboolean                   report_lost,
                                                 ChorusTeamApplied         *applied,
                                                 GError                   **error);

/* NULL when the field never went through the team database. */
ChorusTeamFieldInfo *chorus_store_team_get_field_info (ChorusStore         *self,
                                                       gint64               invoice_id,
                                                       const char          *field);
/* Every team change of the invoice's shared fields, oldest first (ChorusTeamHistoryEntry). */
GPtrArray   *chorus_store_team_list_history     (ChorusStore               *self,
                                                 gint64                     invoice_id,
                                                 GError                   **error);
/* Claims not expired at @server_now (ChorusTeamClaim). */
GPtrArray   *chorus_store_team_list_claims      (ChorusStore               *self,
                                                 GDateTime                 *server_now,
                                                 GError                   **error);

G_END_DECLS
