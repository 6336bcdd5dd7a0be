/* chorus-history-list.c: merges the server's status and action logs with the local outbox, by time. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-history-list-private.h"
#include "chorus-status.h"

/* A local action is shown until the server's history has its status from about when it was sent. */
#define SAME_EVENT_SLACK_US (10 * G_TIME_SPAN_MINUTE)

struct _ChorusHistoryList
{
  GtkWidget   parent_instance;

  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (ChorusHistoryList, chorus_history_list, GTK_TYPE_WIDGET)

typedef struct {
  GDateTime *when;       /* nullable: sorts last */
  char      *title;
  char      *subtitle;
  const char *mark_class;
  const char *mark_symbol;
  char      *mark_tooltip;
} Line;

static void
line_free (Line *line)
{
  g_clear_pointer (&line->when, g_date_time_unref);
  g_free (line->title);
  g_free (line->subtitle);
  g_free (line->mark_tooltip);
  g_free (line);
}

static GDateTime *
parse_time (const char *iso)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  return iso != NULL ? g_date_time_new_from_iso8601 (iso, local) : NULL;
}

/* Newest first; undated lines at the end. */
static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const Line *x = *(const Line **) a;
  const Line *y = *(const Line **) b;

  if (x->when == NULL || y->when == NULL)
    return (x->when == NULL) - (y->when == NULL);
  return g_date_time_compare (y->when, x->when);
}

/* The non-empty parts, separated by " · ". */
static char *
join_parts (const char *const *parts,
            gsize              n)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, parts[i]);
    }
  return g_string_free (out, FALSE);
}

#define JOIN(...) join_parts ((const char *const []) { __VA_ARGS__ }, \
                              sizeof ((const char *const []) { __VA_ARGS__ }) / sizeof (const char *))

/* "14/01/2025 08:42 · Marie Dupont", then the motif on its own line. */
static char *
with_motif (char       *first_line,
            const char *motif)
{
  char *text;

  if (motif == NULL || *motif == '\0')
    return first_line;
  text = *first_line != '\0' ? g_strconcat (first_line, "\n", motif, NULL) : g_strdup (motif);
  g_free (first_line);
  return text;
}

/* Whether the server's history already tells what @action did. */
static gboolean
server_has (GPtrArray *history, const ChorusAction *action)
{
  g_autoptr(GDateTime) asked = NULL;

  if (history == NULL || action->created_at == NULL)
    return FALSE;
  asked = parse_time (action->created_at);
  for (guint i = 0; asked != NULL && i < history->len; i++)
    {
      ChorusStatusEvent *event = g_ptr_array_index (history, i);
      g_autoptr(GDateTime) when = parse_time (event->date);

      if (event->status == action->target && when != NULL &&
          g_date_time_difference (when, asked) >= -SAME_EVENT_SLACK_US)
        return TRUE;
    }
  return FALSE;
}

static Line *
local_line (ChorusInvoice *invoice, const ChorusAction *action)
{
  Line *line = g_new0 (Line, 1);
  g_autofree char *asked = chorus_action_mark_format_time (action->created_at);
  g_autofree char *answered = chorus_action_mark_format_time (action->finished_at);
  g_autofree char *state = NULL;
  g_autofree char *mandate = action->mandate_number ? g_strdup_printf (_("payment order %s"), action->mandate_number)
                                                    : NULL;
  ChorusActionMark mark;

  switch (action->state)
    {
    case CHORUS_ACTION_PENDING:
      state = g_strdup_printf (chorus_action_is_held (action, g_get_real_time ())
                               ? _("asked by you on %s, can still be undone")
                               : _("asked by you on %s, waiting to be sent"), asked);
      mark = chorus_action_is_held (action, g_get_real_time ()) ? CHORUS_ACTION_MARK_HELD : CHORUS_ACTION_MARK_PENDING;
      break;
    case CHORUS_ACTION_SENDING:
      state = g_strdup_printf (_("asked by you on %s, being sent"), asked);
      mark = CHORUS_ACTION_MARK_PENDING;
      break;
    case CHORUS_ACTION_DONE:
      state = g_strdup_printf (_("sent by you, received by Chorus Pro on %s"), answered ? answered : "");
      mark = CHORUS_ACTION_MARK_SENT;
      break;
    case CHORUS_ACTION_FAILED:
    default:
      state = g_strdup_printf (_("refused by Chorus Pro on %s: %s"), answered ? answered : "",
                               action->message ? action->message : _("no reason given"));
      mark = CHORUS_ACTION_MARK_REFUSED;
      break;
    }
  line->when = parse_time (action->finished_at ? action->finished_at : action->created_at);
  line->title = g_strdup (chorus_action_mark_describe (action));
  line->subtitle = with_motif (JOIN (state, mandate), action->motif);
  line->mark_class = chorus_action_mark_css_class (mark);
  line->mark_symbol = chorus_action_mark_symbol (mark);
  (void) invoice;
  return line;
}

void
chorus_history_list_set (ChorusHistoryList *self,
                         ChorusInvoice     *invoice,
                         GPtrArray         *local_actions)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  GPtrArray *history = invoice ? chorus_invoice_get_history (invoice) : NULL;
  GPtrArray *user_actions = invoice ? chorus_invoice_get_user_actions (invoice) : NULL;
  GtkWidget *child;

  g_return_if_fail (CHORUS_IS_HISTORY_LIST (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      ChorusStatusEvent *event = g_ptr_array_index (history, i);
      g_autofree char *when = chorus_action_mark_format_time (event->date);
      Line *line = g_new0 (Line, 1);

      line->when = parse_time (event->date);
      line->title = g_strdup (event->code != NULL ? chorus_status_code_label (event->code)
                                                  : chorus_status_label (event->status));
      line->subtitle = with_motif (JOIN (when, event->user), event->comment);
      g_ptr_array_add (lines, line);
    }
  for (guint i = 0; user_actions != NULL && i < user_actions->len; i++)
    {
      ChorusUserAction *action = g_ptr_array_index (user_actions, i);
      g_autofree char *when = chorus_action_mark_format_time (action->date);
      Line *line = g_new0 (Line, 1);

      line->when = parse_time (action->date);
      line->title = chorus_user_action_label (action->code);
      line->subtitle = JOIN (when, action->user);
      g_ptr_array_add (lines, line);
    }
  for (guint i = 0; local_actions != NULL && i < local_actions->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (local_actions, i);

      if (!chorus_action_is_status_change (action) ||
          (action->state == CHORUS_ACTION_DONE && server_has (history, action)))
        continue;
      g_ptr_array_add (lines, local_line (invoice, action));
    }
  g_ptr_array_sort (lines, compare_lines);

  if (lines->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No status history yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("It comes with the invoice detail from Chorus Pro."));
      gtk_list_box_append (self->list, row);
      return;
    }
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->title);
      if (line->subtitle != NULL && *line->subtitle != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->subtitle);
      if (line->mark_class != NULL)
        {
          GtkWidget *mark = gtk_label_new (line->mark_symbol);

          gtk_widget_add_css_class (mark, "action-mark");
          gtk_widget_add_css_class (mark, line->mark_class);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
        }
      gtk_list_box_append (self->list, row);
    }
}

GStrv
chorus_history_list_get_lines (ChorusHistoryList *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CHORUS_IS_HISTORY_LIST (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *text = NULL;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      text = g_strdup_printf ("%s — %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) ?: "");
      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

static void
chorus_history_list_dispose (GObject *object)
{
  ChorusHistoryList *self = CHORUS_HISTORY_LIST (object);

  g_clear_pointer ((GtkWidget **) &self->list, gtk_widget_unparent);
  G_OBJECT_CLASS (chorus_history_list_parent_class)->dispose (object);
}

static void
chorus_history_list_class_init (ChorusHistoryListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_history_list_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
chorus_history_list_init (ChorusHistoryList *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

GtkWidget *
chorus_history_list_new (void)
{
  return g_object_new (CHORUS_TYPE_HISTORY_LIST, NULL);
}
