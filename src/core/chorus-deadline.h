/* chorus-deadline.h: the two payment deadlines of an invoice, without GTK: the legal payment delay
 * counted from its reception, and the due date the invoice states itself (dateEcheancePaiement). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "chorus-invoice.h"
#include "chorus-status.h"

G_BEGIN_DECLS

/* Who pays decides the legal payment delay (code de la commande publique, R2192-10 and R2192-11). */
typedef enum {
  CHORUS_PAYER_STATE = 0,          /* services de l'État and its établissements publics: 30 days */
  CHORUS_PAYER_LOCAL_AUTHORITY,    /* collectivités territoriales, their établissements publics: 30 days */
  CHORUS_PAYER_HOSPITAL,           /* établissements publics de santé: 50 days */
  CHORUS_PAYER_LAST
} ChorusPayerKind;

/* After an interruption (a suspension), the new delay is this many days, or what was left when the
 * delay was interrupted when that is longer (R2192-29). */
#define CHORUS_DEADLINE_DAYS_AFTER_INTERRUPTION 30

/* The legal delay the law sets for @kind: 30, 30 or 50 days. */
guint            chorus_payer_kind_legal_days   (ChorusPayerKind     kind);
/* "Public hospital (50 days)"-like labels, translated; without the days. */
const char      *chorus_payer_kind_label        (ChorusPayerKind     kind);
/* "state", "local-authority", "hospital": the value kept in settings. */
const char      *chorus_payer_kind_to_string    (ChorusPayerKind     kind);
gboolean         chorus_payer_kind_from_string  (const char         *text,
                                                 ChorusPayerKind    *kind);
/* The kind a structure's name tells ("Centre hospitalier de …", "Commune de …", "Préfecture de …");
 * FALSE when the name says nothing about it. */
gboolean         chorus_payer_kind_guess        (const char         *structure_name,
                                                 ChorusPayerKind    *kind);

/* Which legal delay applies to which recipient structure: the user's choice per structure, else the
 * kind its name tells, else a default kind. Immutable once shared: safe to read from any thread. */
typedef struct _ChorusDelayPolicy ChorusDelayPolicy;

#define CHORUS_TYPE_DELAY_POLICY (chorus_delay_policy_get_type ())
GType              chorus_delay_policy_get_type      (void) G_GNUC_CONST;
/* The law's delays, and CHORUS_PAYER_HOSPITAL for structures whose kind is unknown. */
ChorusDelayPolicy *chorus_delay_policy_new           (void);
ChorusDelayPolicy *chorus_delay_policy_ref           (ChorusDelayPolicy *policy);
void               chorus_delay_policy_unref         (ChorusDelayPolicy *policy);
/* The days of a kind, when a contract or a text sets other values than the law's. */
void               chorus_delay_policy_set_kind_days (ChorusDelayPolicy *policy,
                                                      ChorusPayerKind    kind,
                                                      guint              days);
guint              chorus_delay_policy_get_kind_days (ChorusDelayPolicy *policy,
                                                      ChorusPayerKind    kind);
void               chorus_delay_policy_set_default_kind (ChorusDelayPolicy *policy,
                                                      ChorusPayerKind    kind);
/* The user's choice for the structure with this identifier (its SIRET, codeDestinataire). */
void               chorus_delay_policy_set_structure_kind (ChorusDelayPolicy *policy,
                                                      const char        *identifier,
                                                      ChorusPayerKind    kind);
/* @chosen (nullable) tells whether the kind is the user's choice rather than a guess or the default. */
ChorusPayerKind    chorus_delay_policy_get_kind      (ChorusDelayPolicy *policy,
                                                      const char        *identifier,
                                                      const char        *name,
                                                      gboolean          *chosen);
guint              chorus_delay_policy_get_days      (ChorusDelayPolicy *policy,
                                                      const char        *identifier,
                                                      const char        *name);
/* The delay that applies to @invoice's recipient. */
/* Every setting of @policy in one text: two policies with the same text give every invoice the
 * same delay. */
char              *chorus_delay_policy_signature     (ChorusDelayPolicy *policy);
guint              chorus_delay_policy_days_for_invoice (ChorusDelayPolicy *policy,
                                                      ChorusInvoice     *invoice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusDelayPolicy, chorus_delay_policy_unref)

/* Where the legal clock of an invoice stands, from its status. */
typedef enum {
  CHORUS_CLOCK_NONE = 0,   /* no reception date: nothing can be counted */
  CHORUS_CLOCK_RUNNING,    /* waiting for payment */
  CHORUS_CLOCK_SUSPENDED,  /* suspended: the delay is interrupted until the supplier completes it */
  CHORUS_CLOCK_PAID,       /* mise en paiement: the clock stopped at the payment */
  CHORUS_CLOCK_CLOSED,     /* rejected, sent for recycling, abandoned: no payment is due */
} ChorusClockState;

typedef struct {
  ChorusClockState state;
  guint     legal_days;         /* the delay that applies (30, 50…) */
  GDate     received;           /* dateDepot: Chorus Pro makes the invoice available that day */
  GDate     legal_due;          /* the legal deadline, moved by an interruption when there was one */
  /* RUNNING: days from today to legal_due (negative: late). SUSPENDED: days that were left when the
   * delay was interrupted. PAID: days from the payment to legal_due (negative: paid late). */
  int       days_left;
  GDate     stopped;            /* SUSPENDED, PAID, CLOSED: the status date; invalid when unknown */
  GDate     resumed;            /* the supplier completed a suspended invoice that day; else invalid */
  /* TRUE when the suspension dates come from the history, FALSE when legal_due is only the earliest
   * possible date (a completed invoice whose suspension date is not known yet). */
  gboolean  interruption_known;
  int       paid_after;         /* PAID: days from reception to payment; -1 when unknown */
  gboolean  has_stated_due;
  GDate     stated_due;         /* the due date written on the invoice */
  int       stated_days_left;   /* from today to stated_due (negative: passed) */
} ChorusDeadline;

/* The clock of a status on its own (no dates): RUNNING for anything that still waits for payment,
 * unknown statuses included. */
ChorusClockState chorus_deadline_clock_for_status (ChorusStatus          status);
/* A rank for sorting the most urgent first: running 0, suspended 1, paid 2, closed 3. */
int              chorus_deadline_sort_rank       (ChorusStatus          status);
/* The same rank as an SQL expression over a column named "status" holding API codes, for queries
 * and indexes of the store; plain SQL, so any SQLite tool can read and check those indexes. */
const char      *chorus_deadline_sort_rank_sql   (void);

/* Fills @deadline for @invoice with a legal delay of @legal_days, as of @today (YYYY-MM-DD; NULL =
 * today). Uses the status history when the invoice has it, to count an interruption exactly. */
void             chorus_deadline_compute         (ChorusDeadline       *deadline,
                                                  ChorusInvoice        *invoice,
                                                  guint                 legal_days,
                                                  const char           *today);
/* What the list's "Time left" column sorts on within a rank, so that the order follows the figure
 * shown: the legal due date (YYYY-MM-DD) of a running clock as a list row computes it (no
 * history: a completed invoice's delay runs again from its status date), else the reception date;
 * NULL without one. */
char            *chorus_deadline_sort_key        (const char           *deposit_date,
                                                  ChorusStatus          status,
                                                  const char           *status_date,
                                                  guint                 legal_days);
/* Days past the legal deadline: as of today while running, at the payment once paid; 0 otherwise. */
int              chorus_deadline_days_late       (const ChorusDeadline *deadline);
/* For a list cell: "D-34", "D-0", "+12 d" (late), "paid in 23 d", "suspended", "—" (translated);
 * NULL when nothing can be counted. */
char            *chorus_deadline_format_short    (const ChorusDeadline *deadline);
/* For a header: "34 days left", "12 days late", "paid in 23 days"…; NULL when there is nothing to say. */
char            *chorus_deadline_format_status   (const ChorusDeadline *deadline);
/* The legal deadline in one sentence: "Legal deadline (50 days after reception on 20/11/2026):
 * 09/01/2027", with the interruption or payment when there was one; NULL without reception date. */
char            *chorus_deadline_describe_legal  (const ChorusDeadline *deadline);
/* "50 days after reception on 20/11/2026"; NULL without reception date. */
char            *chorus_deadline_describe_count  (const ChorusDeadline *deadline);
/* What stopped or moved the clock (a suspension, the completion, the payment, a rejection), one
 * sentence a line; NULL when nothing did. */
char            *chorus_deadline_describe_events (const ChorusDeadline *deadline);
/* "09/01/2027"; NULL for an invalid date. */
char            *chorus_deadline_format_date     (const GDate          *date);
/* Like chorus_deadline_format_status(), for the invoice's own due date: NULL when it states none
 * or the clock does not run. */
char            *chorus_deadline_format_stated_status (const ChorusDeadline *deadline);
/* The invoice's own due date in one sentence; says so when the invoice states none. */
char            *chorus_deadline_describe_stated (const ChorusDeadline *deadline);

G_END_DECLS
