/* chorus-deadline.c: the legal payment delay (code de la commande publique, R2192-10 to R2192-36) and
 * the invoice's own due date. Every rule about when an invoice must be paid lives here. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chorus-deadline.h"
#include "chorus-status.h"

/* Payer kinds -------------------------------------------------------------------------------- */

static const struct {
  const char *id;
  const char *label;
  guint       days;
} payer_kinds[CHORUS_PAYER_LAST] = {
  [CHORUS_PAYER_STATE] = { "state", N_("State service or public body"), 30 },
  [CHORUS_PAYER_LOCAL_AUTHORITY] = { "local-authority", N_("Local authority"), 30 },
  [CHORUS_PAYER_HOSPITAL] = { "hospital", N_("Public hospital"), 50 },
};

guint
chorus_payer_kind_legal_days (ChorusPayerKind kind)
{
  g_return_val_if_fail (kind < CHORUS_PAYER_LAST, 30);
  return payer_kinds[kind].days;
}

const char *
chorus_payer_kind_label (ChorusPayerKind kind)
{
  g_return_val_if_fail (kind < CHORUS_PAYER_LAST, NULL);
  return g_dgettext (GETTEXT_PACKAGE, payer_kinds[kind].label);
}

const char *
chorus_payer_kind_to_string (ChorusPayerKind kind)
{
  g_return_val_if_fail (kind < CHORUS_PAYER_LAST, NULL);
  return payer_kinds[kind].id;
}

gboolean
chorus_payer_kind_from_string (const char      *text,
                               ChorusPayerKind *kind)
{
  for (guint i = 0; i < CHORUS_PAYER_LAST; i++)
    if (g_strcmp0 (text, payer_kinds[i].id) == 0)
      {
        if (kind != NULL)
          *kind = (ChorusPayerKind) i;
        return TRUE;
      }
  return FALSE;
}

/* Whole words of structure names, without accents, in lower case. Hospitals come first: "Centre
 * hospitalier de la ville de …" is a hospital. */
static const struct {
  ChorusPayerKind kind;
  const char     *words;
} name_words[] = {
  { CHORUS_PAYER_HOSPITAL, "centre hospitalier" },
  { CHORUS_PAYER_HOSPITAL, "groupe hospitalier" },
  { CHORUS_PAYER_HOSPITAL, "groupement hospitalier" },
  { CHORUS_PAYER_HOSPITAL, "hopital" },
  { CHORUS_PAYER_HOSPITAL, "hopitaux" },
  { CHORUS_PAYER_HOSPITAL, "hospices civils" },
  { CHORUS_PAYER_HOSPITAL, "assistance publique" },
  { CHORUS_PAYER_HOSPITAL, "etablissement public de sante" },
  { CHORUS_PAYER_HOSPITAL, "chu" },
  { CHORUS_PAYER_HOSPITAL, "chr" },
  { CHORUS_PAYER_HOSPITAL, "chru" },
  { CHORUS_PAYER_HOSPITAL, "chs" },
  { CHORUS_PAYER_HOSPITAL, "epsm" },
  { CHORUS_PAYER_HOSPITAL, "ap hp" },
  { CHORUS_PAYER_STATE, "ministere" },
  { CHORUS_PAYER_STATE, "prefecture" },
  { CHORUS_PAYER_STATE, "direction departementale" },
  { CHORUS_PAYER_STATE, "direction regionale" },
  { CHORUS_PAYER_STATE, "rectorat" },
  { CHORUS_PAYER_STATE, "tribunal" },
  { CHORUS_PAYER_STATE, "gendarmerie" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "commune" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "mairie" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "ville" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "departement" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "conseil departemental" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "region" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "conseil regional" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "communaute de communes" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "communaute d agglomeration" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "communaute urbaine" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "metropole" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "syndicat intercommunal" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "ccas" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "sdis" },
  { CHORUS_PAYER_LOCAL_AUTHORITY, "collectivite" },
};

gboolean
chorus_payer_kind_guess (const char      *structure_name,
                         ChorusPayerKind *kind)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) words = g_string_new (" ");

  if (structure_name == NULL || !g_utf8_validate (structure_name, -1, NULL))
    return FALSE;

  /* " centre hospitalier de vallon sur loire ": words between single spaces. */
  ascii = g_str_to_ascii (structure_name, "C");
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (words, g_ascii_tolower (*p));
      else if (words->str[words->len - 1] != ' ')
        g_string_append_c (words, ' ');
    }
  if (words->str[words->len - 1] != ' ')
    g_string_append_c (words, ' ');

  for (gsize i = 0; i < G_N_ELEMENTS (name_words); i++)
    {
      g_autofree char *needle = g_strconcat (" ", name_words[i].words, " ", NULL);

      if (strstr (words->str, needle) != NULL)
        {
          if (kind != NULL)
            *kind = name_words[i].kind;
          return TRUE;
        }
    }
  return FALSE;
}

/* Delay policy ------------------------------------------------------------------------------- */

struct _ChorusDelayPolicy {
  gatomicrefcount  ref_count;
  guint            days[CHORUS_PAYER_LAST];
  ChorusPayerKind  default_kind;
  GHashTable      *kinds;          /* identifier -> GINT_TO_POINTER (kind + 1) */
};

G_DEFINE_BOXED_TYPE (ChorusDelayPolicy, chorus_delay_policy, chorus_delay_policy_ref, chorus_delay_policy_unref)

ChorusDelayPolicy *
chorus_delay_policy_new (void)
{
  ChorusDelayPolicy *policy = g_new0 (ChorusDelayPolicy, 1);

  g_atomic_ref_count_init (&policy->ref_count);
  for (guint i = 0; i < CHORUS_PAYER_LAST; i++)
    policy->days[i] = payer_kinds[i].days;
  policy->default_kind = CHORUS_PAYER_HOSPITAL;
  policy->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return policy;
}

ChorusDelayPolicy *
chorus_delay_policy_ref (ChorusDelayPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);
  g_atomic_ref_count_inc (&policy->ref_count);
  return policy;
}

void
chorus_delay_policy_unref (ChorusDelayPolicy *policy)
{
  g_return_if_fail (policy != NULL);
  if (!g_atomic_ref_count_dec (&policy->ref_count))
    return;
  g_hash_table_unref (policy->kinds);
  g_free (policy);
}

void
chorus_delay_policy_set_kind_days (ChorusDelayPolicy *policy,
                                   ChorusPayerKind    kind,
                                   guint              days)
{
  g_return_if_fail (policy != NULL);
  g_return_if_fail (kind < CHORUS_PAYER_LAST);
  g_return_if_fail (days > 0);
  policy->days[kind] = days;
}

guint
chorus_delay_policy_get_kind_days (ChorusDelayPolicy *policy,
                                   ChorusPayerKind    kind)
{
  g_return_val_if_fail (policy != NULL, 30);
  g_return_val_if_fail (kind < CHORUS_PAYER_LAST, 30);
  return policy->days[kind];
}

void
chorus_delay_policy_set_default_kind (ChorusDelayPolicy *policy,
                                      ChorusPayerKind    kind)
{
  g_return_if_fail (policy != NULL);
  g_return_if_fail (kind < CHORUS_PAYER_LAST);
  policy->default_kind = kind;
}

void
chorus_delay_policy_set_structure_kind (ChorusDelayPolicy *policy,
                                        const char        *identifier,
                                        ChorusPayerKind    kind)
{
  g_return_if_fail (policy != NULL);
  g_return_if_fail (identifier != NULL);
  g_return_if_fail (kind < CHORUS_PAYER_LAST);
  g_hash_table_insert (policy->kinds, g_strdup (identifier), GINT_TO_POINTER (kind + 1));
}

ChorusPayerKind
chorus_delay_policy_get_kind (ChorusDelayPolicy *policy,
                              const char        *identifier,
                              const char        *name,
                              gboolean          *chosen)
{
  gpointer value = NULL;
  ChorusPayerKind kind;

  g_return_val_if_fail (policy != NULL, CHORUS_PAYER_STATE);

  if (chosen != NULL)
    *chosen = FALSE;
  if (identifier != NULL && g_hash_table_lookup_extended (policy->kinds, identifier, NULL, &value))
    {
      if (chosen != NULL)
        *chosen = TRUE;
      return (ChorusPayerKind) (GPOINTER_TO_INT (value) - 1);
    }
  if (chorus_payer_kind_guess (name, &kind))
    return kind;
  return policy->default_kind;
}

guint
chorus_delay_policy_get_days (ChorusDelayPolicy *policy,
                              const char        *identifier,
                              const char        *name)
{
  g_return_val_if_fail (policy != NULL, 30);
  return policy->days[chorus_delay_policy_get_kind (policy, identifier, name, NULL)];
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
chorus_delay_policy_signature (ChorusDelayPolicy *policy)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree gpointer *identifiers = NULL;
  guint n = 0;

  g_return_val_if_fail (policy != NULL, NULL);

  for (guint i = 0; i < CHORUS_PAYER_LAST; i++)
    g_string_append_printf (text, "%u ", policy->days[i]);
  g_string_append (text, payer_kinds[policy->default_kind].id);
  identifiers = g_hash_table_get_keys_as_array (policy->kinds, &n);
  qsort (identifiers, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      const char *identifier = identifiers[i];
      int kind = GPOINTER_TO_INT (g_hash_table_lookup (policy->kinds, identifier)) - 1;

      g_string_append_printf (text, " %s=%s", identifier, payer_kinds[kind].id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

guint
chorus_delay_policy_days_for_invoice (ChorusDelayPolicy *policy,
                                      ChorusInvoice     *invoice)
{
  g_return_val_if_fail (policy != NULL, 30);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), 30);
  return chorus_delay_policy_get_days (policy, chorus_invoice_get_recipient_code (invoice),
                                       chorus_invoice_get_recipient_name (invoice));
}

/* Clock -------------------------------------------------------------------------------------- */

ChorusClockState
chorus_deadline_clock_for_status (ChorusStatus status)
{
  switch (status)
    {
    case CHORUS_STATUS_SUSPENDUE:
      return CHORUS_CLOCK_SUSPENDED;
    case CHORUS_STATUS_MISE_EN_PAIEMENT:
      return CHORUS_CLOCK_PAID;
    case CHORUS_STATUS_UNKNOWN:
      /* A code this version does not know yet: better a countdown too many than a missed one. */
      return CHORUS_CLOCK_RUNNING;
    default:
      break;
    }
  switch (chorus_status_get_group (status))
    {
    case CHORUS_STATUS_GROUP_SENT_BACK:   /* rejected, to recycle, refused, routing errors */
    case CHORUS_STATUS_GROUP_OTHER:       /* abandoned, deleted, replaced */
      return CHORUS_CLOCK_CLOSED;
    default:
      /* Mise à disposition, complétée, service fait, mandatée, comptabilisée, in validation…:
       * still to be paid, so the clock runs. */
      return CHORUS_CLOCK_RUNNING;
    }
}

static int
clock_rank (ChorusClockState clock)
{
  switch (clock)
    {
    case CHORUS_CLOCK_RUNNING:
      return 0;
    case CHORUS_CLOCK_SUSPENDED:
      return 1;
    case CHORUS_CLOCK_PAID:
      return 2;
    case CHORUS_CLOCK_CLOSED:
    case CHORUS_CLOCK_NONE:
    default:
      return 3;
    }
}

int
chorus_deadline_sort_rank (ChorusStatus status)
{
  return clock_rank (chorus_deadline_clock_for_status (status));
}

const char *
chorus_deadline_sort_rank_sql (void)
{
  static gsize sql;

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new ("CASE status");

      /* Every known status whose clock does not run; any other code runs (rank 0). */
      for (guint status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
        {
          int rank = chorus_deadline_sort_rank ((ChorusStatus) status);

          if (rank != 0)
            g_string_append_printf (text, " WHEN '%s' THEN %d", chorus_status_to_api ((ChorusStatus) status), rank);
        }
      g_string_append (text, " ELSE 0 END");
      g_once_init_leave (&sql, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) sql;
}

/* The YYYY-MM-DD prefix of a date or a date-time, by hand: g_date_set_parse() follows the locale. */
static gboolean
read_date (const char *text,
           GDate      *date)
{
  int y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static void
read_today (const char *today,
            GDate      *date)
{
  if (today == NULL || !read_date (today, date))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
    }
}

static int
compare_event_dates (gconstpointer a,
                     gconstpointer b)
{
  const ChorusStatusEvent *first = *(ChorusStatusEvent * const *) a;
  const ChorusStatusEvent *second = *(ChorusStatusEvent * const *) b;

  return g_strcmp0 (first->date, second->date);
}

/* Only the first interruption suspends the delay (R2192-27): the first SUSPENDUE of the history and
 * the next event after it, when the supplier completed the invoice. Chorus Pro lists the history
 * newest first: it is read in date order. */
static gboolean
find_interruption (GPtrArray *history,
                   GDate     *suspended,
                   GDate     *resumed)
{
  g_autoptr(GPtrArray) events = NULL;

  g_date_clear (suspended, 1);
  g_date_clear (resumed, 1);
  if (history == NULL)
    return FALSE;
  /* A copy of the pointers only: the copy must not free the invoice's events. */
  events = g_ptr_array_copy (history, NULL, NULL);
  g_ptr_array_set_free_func (events, NULL);
  g_ptr_array_sort (events, compare_event_dates);
  for (guint i = 0; i < events->len; i++)
    {
      ChorusStatusEvent *event = g_ptr_array_index (events, i);

      if (!g_date_valid (suspended))
        {
          if (event->status == CHORUS_STATUS_SUSPENDUE)
            read_date (event->date, suspended);
        }
      else if (event->status != CHORUS_STATUS_SUSPENDUE && read_date (event->date, resumed))
        break;
    }
  return g_date_valid (suspended);
}

static gboolean
history_date_of (GPtrArray    *history,
                 ChorusStatus  status,
                 GDate        *date)
{
  g_date_clear (date, 1);
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      ChorusStatusEvent *event = g_ptr_array_index (history, i);

      if (event->status == status && read_date (event->date, date))
        return TRUE;
    }
  return FALSE;
}

static void
add_days (GDate *date,
          int    days)
{
  if (days >= 0)
    g_date_add_days (date, (guint) days);
  else
    g_date_subtract_days (date, (guint) -days);
}

/* Completed, suspension date not known (no history): the new delay ends at the earliest 30 days
 * after completion, and never before the first deadline. */
static void
move_to_completion (GDate       *legal_due,
                    const GDate *completed)
{
  GDate earliest = *completed;

  g_date_add_days (&earliest, CHORUS_DEADLINE_DAYS_AFTER_INTERRUPTION);
  if (g_date_compare (&earliest, legal_due) > 0)
    *legal_due = earliest;
}

char *
chorus_deadline_sort_key (const char   *deposit_date,
                          ChorusStatus  status,
                          const char   *status_date,
                          guint         legal_days)
{
  GDate due, completed;

  if (chorus_deadline_clock_for_status (status) != CHORUS_CLOCK_RUNNING || !read_date (deposit_date, &due))
    return deposit_date != NULL ? g_strndup (deposit_date, 10) : NULL;
  /* What chorus_deadline_compute() finds for a list row, which has no history. */
  g_date_add_days (&due, legal_days);
  if (status == CHORUS_STATUS_COMPLETEE && read_date (status_date, &completed))
    move_to_completion (&due, &completed);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&due), (guint) g_date_get_month (&due),
                          g_date_get_day (&due));
}

void
chorus_deadline_compute (ChorusDeadline *deadline,
                         ChorusInvoice  *invoice,
                         guint           legal_days,
                         const char     *today)
{
  ChorusStatus status;
  GPtrArray *history;
  GDate now, status_date, suspended, resumed;
  gboolean has_interruption;

  g_return_if_fail (deadline != NULL);
  g_return_if_fail (CHORUS_IS_INVOICE (invoice));

  memset (deadline, 0, sizeof *deadline);
  g_date_clear (&deadline->received, 1);
  g_date_clear (&deadline->legal_due, 1);
  g_date_clear (&deadline->stopped, 1);
  g_date_clear (&deadline->resumed, 1);
  g_date_clear (&deadline->stated_due, 1);
  deadline->legal_days = legal_days;
  deadline->paid_after = -1;

  read_today (today, &now);
  if (read_date (chorus_invoice_get_due_date (invoice), &deadline->stated_due))
    {
      deadline->has_stated_due = TRUE;
      deadline->stated_days_left = g_date_days_between (&now, &deadline->stated_due);
    }
  if (!read_date (chorus_invoice_get_deposit_date (invoice), &deadline->received))
    {
      deadline->state = CHORUS_CLOCK_NONE;
      return;
    }

  status = chorus_invoice_get_status (invoice);
  history = chorus_invoice_get_history (invoice);
  deadline->state = chorus_deadline_clock_for_status (status);
  read_date (chorus_invoice_get_status_date (invoice), &status_date);
  deadline->legal_due = deadline->received;
  g_date_add_days (&deadline->legal_due, legal_days);

  has_interruption = find_interruption (history, &suspended, &resumed);
  if (!has_interruption && deadline->state == CHORUS_CLOCK_SUSPENDED && g_date_valid (&status_date))
    suspended = status_date;

  if (g_date_valid (&suspended) && g_date_valid (&resumed))
    {
      /* A new delay opens on completion: 30 days, or what was left if that is longer (R2192-29). */
      int left = g_date_days_between (&suspended, &deadline->legal_due);

      deadline->resumed = resumed;
      deadline->legal_due = resumed;
      add_days (&deadline->legal_due, MAX (CHORUS_DEADLINE_DAYS_AFTER_INTERRUPTION, left));
      deadline->interruption_known = TRUE;
    }
  else if (!has_interruption && status == CHORUS_STATUS_COMPLETEE && g_date_valid (&status_date))
    {
      deadline->resumed = status_date;
      move_to_completion (&deadline->legal_due, &status_date);
    }

  switch (deadline->state)
    {
    case CHORUS_CLOCK_SUSPENDED:
      /* Suspended again after a completion: the law knows one interruption only, the clock ran
       * until this suspension. */
      deadline->stopped = g_date_valid (&resumed) ? status_date : suspended;
      deadline->days_left = g_date_days_between (g_date_valid (&deadline->stopped) ? &deadline->stopped : &now,
                                                 &deadline->legal_due);
      break;
    case CHORUS_CLOCK_PAID:
      if (!history_date_of (history, CHORUS_STATUS_MISE_EN_PAIEMENT, &deadline->stopped))
        deadline->stopped = status_date;
      if (g_date_valid (&deadline->stopped))
        {
          deadline->paid_after = g_date_days_between (&deadline->received, &deadline->stopped);
          deadline->days_left = g_date_days_between (&deadline->stopped, &deadline->legal_due);
        }
      break;
    case CHORUS_CLOCK_CLOSED:
      deadline->stopped = status_date;
      break;
    case CHORUS_CLOCK_RUNNING:
    case CHORUS_CLOCK_NONE:
    default:
      deadline->days_left = g_date_days_between (&now, &deadline->legal_due);
      break;
    }
}

int
chorus_deadline_days_late (const ChorusDeadline *deadline)
{
  g_return_val_if_fail (deadline != NULL, 0);

  switch (deadline->state)
    {
    case CHORUS_CLOCK_RUNNING:
    case CHORUS_CLOCK_SUSPENDED:
      return MAX (0, -deadline->days_left);
    case CHORUS_CLOCK_PAID:
      return deadline->paid_after >= 0 ? MAX (0, -deadline->days_left) : 0;
    case CHORUS_CLOCK_CLOSED:
    case CHORUS_CLOCK_NONE:
    default:
      return 0;
    }
}

/* Texts -------------------------------------------------------------------------------------- */

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (date), (guint) g_date_get_month (date),
                          g_date_get_year (date));
}

char *
chorus_deadline_format_short (const ChorusDeadline *deadline)
{
  g_return_val_if_fail (deadline != NULL, NULL);

  switch (deadline->state)
    {
    case CHORUS_CLOCK_RUNNING:
      if (deadline->days_left < 0)
        /* TRANSLATORS: days past the legal payment deadline, in a narrow list column. */
        return g_strdup_printf (_("+%d d"), -deadline->days_left);
      /* TRANSLATORS: days left before the legal payment deadline ("J-34" in French). */
      return g_strdup_printf (_("D-%d"), deadline->days_left);
    case CHORUS_CLOCK_SUSPENDED:
      return g_strdup (_("suspended"));
    case CHORUS_CLOCK_PAID:
      if (deadline->paid_after < 0)
        return g_strdup (_("paid"));
      /* TRANSLATORS: the invoice was paid this many days after its reception. */
      return g_strdup_printf (_("paid in %d d"), deadline->paid_after);
    case CHORUS_CLOCK_CLOSED:
      return g_strdup ("—");
    case CHORUS_CLOCK_NONE:
    default:
      return NULL;
    }
}

/* "34 days left", "Due today", "12 days late". */
static char *
days_text (int days)
{
  if (days == 0)
    return g_strdup (_("Due today"));
  if (days < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day late", "%d days late", (gulong) -days), -days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", (gulong) days), days);
}

char *
chorus_deadline_format_stated_status (const ChorusDeadline *deadline)
{
  g_return_val_if_fail (deadline != NULL, NULL);

  /* Only while the invoice waits for its payment: a stopped clock has nothing left to count. */
  if (!deadline->has_stated_due || deadline->state != CHORUS_CLOCK_RUNNING)
    return NULL;
  return days_text (deadline->stated_days_left);
}

char *
chorus_deadline_format_status (const ChorusDeadline *deadline)
{
  int days;

  g_return_val_if_fail (deadline != NULL, NULL);

  days = deadline->days_left;
  switch (deadline->state)
    {
    case CHORUS_CLOCK_RUNNING:
      return days_text (days);
    case CHORUS_CLOCK_SUSPENDED:
      return g_strdup (_("Delay interrupted"));
    case CHORUS_CLOCK_PAID:
      if (deadline->paid_after < 0)
        return g_strdup (_("Paid"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paid in %d day", "Paid in %d days",
                                           (gulong) deadline->paid_after), deadline->paid_after);
    case CHORUS_CLOCK_CLOSED:
    case CHORUS_CLOCK_NONE:
    default:
      return NULL;
    }
}

char *
chorus_deadline_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return NULL;
  return date_text (date);
}

char *
chorus_deadline_describe_count (const ChorusDeadline *deadline)
{
  g_autofree char *received = NULL;

  g_return_val_if_fail (deadline != NULL, NULL);

  if (deadline->state == CHORUS_CLOCK_NONE)
    return NULL;
  received = date_text (&deadline->received);
  /* TRANSLATORS: "50 days after reception on 20/11/2026" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day after reception on %s", "%u days after reception on %s",
                                       deadline->legal_days),
                          deadline->legal_days, received);
}

char *
chorus_deadline_describe_events (const ChorusDeadline *deadline)
{
  g_autoptr(GString) text = NULL;
  int days;

  g_return_val_if_fail (deadline != NULL, NULL);

  if (deadline->state == CHORUS_CLOCK_NONE)
    return NULL;
  days = deadline->days_left;
  text = g_string_new (NULL);
  if (g_date_valid (&deadline->resumed))
    {
      g_autofree char *resumed = date_text (&deadline->resumed);

      if (deadline->interruption_known)
        g_string_append_printf (text, _("The delay was interrupted by a suspension; a new delay started when the supplier completed the invoice on %s."),
                                resumed);
      else
        g_string_append_printf (text, _("The supplier completed the invoice on %s after a suspension: the new delay ends 30 days after that date at the earliest."),
                                resumed);
    }

  switch (deadline->state)
    {
    case CHORUS_CLOCK_SUSPENDED:
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (g_date_valid (&deadline->stopped))
        {
          g_autofree char *stopped = date_text (&deadline->stopped);

          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     "Suspended on %s with %d day left: the delay is interrupted.",
                                                     "Suspended on %s with %d days left: the delay is interrupted.",
                                                     (gulong) ABS (days)),
                                  stopped, days);
        }
      else
        g_string_append (text, _("Suspended: the delay is interrupted."));
      g_string_append_c (text, ' ');
      g_string_append (text, _("When the supplier completes the invoice, a new delay of 30 days starts, or of the days that were left if that is longer."));
      break;
    case CHORUS_CLOCK_PAID:
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (deadline->paid_after >= 0)
        {
          g_autofree char *paid = date_text (&deadline->stopped);

          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Payment issued on %s, %d day after reception",
                                                     "Payment issued on %s, %d days after reception",
                                                     (gulong) deadline->paid_after),
                                  paid, deadline->paid_after);
          if (days >= 0)
            g_string_append (text, _(", within the delay."));
          else
            g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %d day late.", ", %d days late.",
                                                       (gulong) -days), -days);
        }
      else
        g_string_append (text, _("Payment issued: the clock stopped."));
      break;
    case CHORUS_CLOCK_CLOSED:
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, _("No payment is due: the invoice was rejected or sent back to the supplier."));
      break;
    case CHORUS_CLOCK_RUNNING:
    case CHORUS_CLOCK_NONE:
    default:
      break;
    }
  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
chorus_deadline_describe_legal (const ChorusDeadline *deadline)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *received = NULL;
  g_autofree char *due = NULL;
  g_autofree char *events = NULL;

  g_return_val_if_fail (deadline != NULL, NULL);

  if (deadline->state == CHORUS_CLOCK_NONE)
    return NULL;

  received = date_text (&deadline->received);
  due = date_text (&deadline->legal_due);
  text = g_string_new (NULL);
  /* TRANSLATORS: "Legal payment deadline (50 days after reception on 20/11/2026): 09/01/2027". */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Legal payment deadline (%u day after reception on %s): %s",
                                             "Legal payment deadline (%u days after reception on %s): %s",
                                             deadline->legal_days),
                          deadline->legal_days, received, due);
  if (deadline->state == CHORUS_CLOCK_RUNNING)
    {
      g_autofree char *status = chorus_deadline_format_status (deadline);

      g_string_append_printf (text, " — %s.", status);
    }
  else
    g_string_append_c (text, '.');
  events = chorus_deadline_describe_events (deadline);
  if (events != NULL)
    g_string_append_printf (text, "\n%s", events);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
chorus_deadline_describe_stated (const ChorusDeadline *deadline)
{
  g_autofree char *due = NULL;

  g_return_val_if_fail (deadline != NULL, NULL);

  if (!deadline->has_stated_due)
    return g_strdup (_("The invoice states no due date of its own."));
  due = date_text (&deadline->stated_due);
  return g_strdup_printf (_("Due date stated on the invoice by the supplier: %s."), due);
}
