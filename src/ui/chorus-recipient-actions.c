/* chorus-recipient-actions.c: status changes from the menus, the detail's buttons and the keys, through
 * the outbox: held for an undo, then followed until Chorus Pro answers. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "chorus-action-mark.h"
#include "chorus-plain-text.h"
#include "chorus-recipient-actions.h"
#include "chorus-status.h"
#include "chorus-team-ui.h"

/* The selection's statuses are read for at most this many invoices; beyond, every action stays
 * enabled and the dialog sorts the invoices out. */
#define MAX_CHECKED_SELECTION 1000
/* Answers arriving together are told in one toast. */
#define ANSWER_TOAST_DELAY_MS 400
/* The badge's list: open actions and those answered in the last hours. */
#define RECENT_HOURS 12
#define RECENT_LIMIT 50

/* Every status change a recipient makes, in the order of the menus. */
static const struct {
  const char   *name;
  ChorusStatus  target;
  const char   *label;
} process_actions[] = {
  { "service-fait", CHORUS_STATUS_SERVICE_FAIT, N_("_Service Rendered") },
  { "reject", CHORUS_STATUS_REJETEE, N_("_Reject…") },
  { "suspend", CHORUS_STATUS_SUSPENDUE, N_("Sus_pend…") },
  { "recycle", CHORUS_STATUS_A_RECYCLER, N_("Send Back for Re_cycling…") },
  { "mandate", CHORUS_STATUS_MANDATEE, N_("_Mandate…") },
  { "to-accountant", CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE, N_("Make Available to the _Accountant…") },
  { "book", CHORUS_STATUS_COMPTABILISEE, N_("_Book…") },
  { "pay", CHORUS_STATUS_MISE_EN_PAIEMENT, N_("_Issue the Payment…") },
  { "cancel-service-fait", CHORUS_STATUS_MISE_A_DISPOSITION, N_("Cancel Service _Rendered") },
};

/* The accelerators the workspace binds (help-overlay.ui lists them too). */
static const char *const process_accels[] = { "s", "x", "u", "<Shift>r", "<Shift>m", "<Shift>d", "<Shift>c",
                                              "<Shift>p", NULL };

typedef struct {
  guint   id;
  GArray *actions;    /* gint64 outbox ids */
  gint64  until;      /* end of the hold, g_get_real_time() */
} Batch;

struct _ChorusRecipientActions
{
  GObject              parent_instance;

  GtkWidget           *host;          /* weak */
  GSimpleActionGroup  *group;
  GSettings           *settings;
  ChorusStore         *store;
  ChorusSync          *sync;
  ChorusTransitions   *transitions;
  GArray              *selection;     /* gint64 */
  ChorusProcessDialog *dialog;        /* weak */
  GMenu               *menu;

  GHashTable          *batches;       /* guint id -> Batch */
  guint                next_batch;
  guint                last_batch;

  GArray              *answers;       /* gint64 action ids answered since the last toast */
  guint                answer_toast_id;
  char                *last_toast;
  char                *session_start; /* ISO UTC: the badge lists what was answered since */

  GtkWidget           *badge;         /* GtkMenuButton */
  GtkListBox          *badge_list;
  guint                badge_timer_id;

  ChorusTeamSync      *team;          /* team mode: ask before processing what a colleague holds */
  gboolean             confirmed;     /* the user said to go on anyway, for this request */
};

G_DEFINE_FINAL_TYPE (ChorusRecipientActions, chorus_recipient_actions, G_TYPE_OBJECT)

enum {
  SIGNAL_QUEUED,
  SIGNAL_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh_badge (ChorusRecipientActions *self);
static void update_enabled (ChorusRecipientActions *self);

static void
batch_free (Batch *batch)
{
  g_array_unref (batch->actions);
  g_free (batch);
}

const char *
chorus_recipient_actions_name_for (ChorusStatus target)
{
  static char names[G_N_ELEMENTS (process_actions)][40];

  for (gsize i = 0; i < G_N_ELEMENTS (process_actions); i++)
    if (process_actions[i].target == target)
      {
        if (names[i][0] == '\0')
          g_snprintf (names[i], sizeof names[i], "process.%s", process_actions[i].name);
        return names[i];
      }
  return NULL;
}

/* Invoice numbers and Chorus Pro's sentences are plain text, never markup. */
static AdwToast *
new_toast (ChorusRecipientActions *self,
           const char             *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  return chorus_toast_new_plain (text);
}

static void
show_toast (ChorusRecipientActions *self,
            AdwToast               *toast)
{
  GtkWidget *overlay = self->host ? gtk_widget_get_ancestor (self->host, ADW_TYPE_TOAST_OVERLAY) : NULL;

  if (overlay != NULL)
    {
      /* A toast's button looks its action up from the overlay, above the host. */
      if (g_object_get_data (G_OBJECT (overlay), "chorus-process-group") != self->group)
        {
          gtk_widget_insert_action_group (overlay, "process", G_ACTION_GROUP (self->group));
          g_object_set_data (G_OBJECT (overlay), "chorus-process-group", self->group);
        }
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}

/* Short: what follows (the next action's undo, an answer) must not wait behind it. */
static void
show_text (ChorusRecipientActions *self,
           const char             *text)
{
  AdwToast *toast = new_toast (self, text);

  adw_toast_set_timeout (toast, 3);
  show_toast (self, toast);
}

static GtkWindow *
parent_window (ChorusRecipientActions *self)
{
  GtkNative *native = self->host ? gtk_widget_get_native (self->host) : NULL;

  return GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL;
}

guint
chorus_recipient_actions_get_hold_seconds (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), 0);
  return g_settings_get_uint (self->settings, "action-hold-seconds");
}

static void
apply_hold_setting (ChorusRecipientActions *self)
{
  if (self->sync != NULL)
    chorus_sync_set_hold_time (self->sync, chorus_recipient_actions_get_hold_seconds (self) * 1000);
}

/* Queueing ------------------------------------------------------------------------------------- */

static char *
invoice_number (ChorusRecipientActions *self,
                gint64                  id)
{
  g_autoptr(ChorusInvoice) invoice = self->store ? chorus_store_load_invoice (self->store, id, NULL) : NULL;

  if (invoice == NULL || chorus_invoice_get_number (invoice) == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return g_strdup (chorus_invoice_get_number (invoice));
}

/* Writes the actions (held when the setting says so) and offers to undo them while they are. */
static gboolean
queue (ChorusRecipientActions  *self,
       GArray                  *ids,
       ChorusStatus             target,
       const char              *motif,
       const char              *mandate_number,
       GError                 **error)
{
  g_autoptr(GArray) actions = NULL;
  g_autofree char *title = NULL;
  guint hold = chorus_recipient_actions_get_hold_seconds (self);
  AdwToast *toast;

  if (self->sync != NULL)
    actions = chorus_sync_queue_process (self->sync, (const gint64 *) (gpointer) ids->data, ids->len, target, motif,
                                         mandate_number, error);
  else
    /* No connection open: the actions wait in the outbox for the next session. */
    actions = chorus_store_outbox_add_process (self->store, (const gint64 *) (gpointer) ids->data, ids->len, target,
                                               motif, mandate_number, error);
  if (actions == NULL)
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_QUEUED], 0, actions->len);
  refresh_badge (self);
  if (actions->len == 0)
    return TRUE;

  if (ids->len == 1)
    {
      g_autofree char *number = invoice_number (self, g_array_index (ids, gint64, 0));
      /* TRANSLATORS: "Service rendered → FA-2026-000123" */
      title = g_strdup_printf (_("%s → %s"), chorus_action_mark_label (target), number);
    }
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s → %u invoice", "%s → %u invoices", actions->len),
                             chorus_action_mark_label (target), actions->len);

  if (self->sync == NULL)
    {
      /* No connection open: it waits in the outbox. */
      g_free (title);
      title = g_strdup (_("Saved: it will be sent to Chorus Pro at the next connection"));
    }
  toast = new_toast (self, title);
  if (self->sync != NULL && hold > 0)
    {
      Batch *batch = g_new0 (Batch, 1);

      batch->id = ++self->next_batch;
      batch->actions = g_array_ref (actions);
      batch->until = g_get_real_time () + (gint64) hold * G_USEC_PER_SEC;
      g_hash_table_insert (self->batches, GUINT_TO_POINTER (batch->id), batch);
      self->last_batch = batch->id;
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "process.undo");
      adw_toast_set_action_target_value (toast, g_variant_new_uint32 (batch->id));
      adw_toast_set_timeout (toast, hold);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  show_toast (self, toast);
  return TRUE;
}

static gboolean
undo_batch (ChorusRecipientActions *self,
            guint                   batch_id)
{
  Batch *batch = g_hash_table_lookup (self->batches, GUINT_TO_POINTER (batch_id));
  guint undone = 0, late = 0;

  if (batch == NULL || self->sync == NULL)
    {
      show_text (self, _("Nothing to undo"));
      return FALSE;
    }
  for (guint i = 0; i < batch->actions->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (chorus_sync_cancel_action (self->sync, g_array_index (batch->actions, gint64, i), &error))
        undone++;
      else if (g_error_matches (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_NOT_FOUND))
        late++;
      else
        g_warning ("Could not undo an action: %s", error->message);
    }
  g_hash_table_remove (self->batches, GUINT_TO_POINTER (batch_id));
  if (undone > 0 && late == 0)
    show_text (self, _("Undone: nothing was sent to Chorus Pro"));
  else if (undone > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%u undone; %u already on their way to Chorus Pro"), undone, late);
      show_text (self, text);
    }
  else
    show_text (self, _("Too late to undo: the action is already on its way to Chorus Pro."));
  g_signal_emit (self, signals[SIGNAL_QUEUED], 0, 0);
  refresh_badge (self);
  return undone > 0;
}

gboolean
chorus_recipient_actions_undo_last (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), FALSE);
  return undo_batch (self, self->last_batch);
}

static void
dialog_apply_cb (ChorusRecipientActions *self,
                 ChorusProcessDialog    *dialog)
{
  g_autoptr(GArray) ids = chorus_process_dialog_get_allowed (dialog);
  g_autoptr(GError) error = NULL;

  if (!queue (self, ids, chorus_process_dialog_get_target (dialog), chorus_process_dialog_get_motif (dialog),
              chorus_process_dialog_get_mandate_number (dialog), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Nothing was queued: %s"), error->message);
      show_text (self, text);
    }
}

static gboolean
claimed_by_other (ChorusRecipientActions *self)
{
  for (guint i = 0; self->team != NULL && i < self->selection->len; i++)
    if (chorus_team_sync_is_claimed_by_other (self->team, g_array_index (self->selection, gint64, i)))
      return TRUE;
  return FALSE;
}

typedef struct {
  ChorusRecipientActions *self;
  ChorusStatus            target;
} ConfirmRequest;

static void
processing_confirmed_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ConfirmRequest *request = user_data;

  if (chorus_team_confirm_processing_finish (result, NULL))
    {
      request->self->confirmed = TRUE;
      chorus_recipient_actions_process (request->self, request->target);
    }
  g_object_unref (request->self);
  g_free (request);
}

void
chorus_recipient_actions_set_team (ChorusRecipientActions *self,
                                   ChorusTeamSync         *team)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self));
  g_return_if_fail (team == NULL || CHORUS_IS_TEAM_SYNC (team));

  g_set_object (&self->team, team);
}

void
chorus_recipient_actions_process (ChorusRecipientActions *self,
                                  ChorusStatus            target)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self));

  if (self->store == NULL)
    return;
  if (self->selection->len == 0)
    {
      show_text (self, _("Select at least one invoice first"));
      return;
    }
  /* A colleague is processing one of them: ask first (and come back here if the answer is yes). */
  if (!self->confirmed && claimed_by_other (self))
    {
      ConfirmRequest *request = g_new0 (ConfirmRequest, 1);

      request->self = g_object_ref (self);
      request->target = target;
      chorus_team_confirm_processing_async (parent_window (self), self->team,
                                            (const gint64 *) (gpointer) self->selection->data, self->selection->len,
                                            NULL, processing_confirmed_cb, request);
      return;
    }
  self->confirmed = FALSE;

  /* One invoice and nothing to ask: the triage goes on without a dialog, with an undo. */
  if (self->selection->len == 1 && !chorus_process_needs_dialog (target))
    {
      g_autoptr(ChorusInvoice) invoice = chorus_store_load_invoice (self->store, g_array_index (self->selection, gint64, 0),
                                                                    &error);
      if (invoice == NULL)
        {
          show_text (self, error->message);
          return;
        }
      if (!chorus_transitions_allows (self->transitions, chorus_invoice_get_status (invoice), target))
        {
          g_autofree char *text = g_strdup_printf (_("“%s” is not possible for an invoice in “%s”"),
                                                   chorus_action_mark_label (target),
                                                   chorus_status_code_label (chorus_invoice_get_status_code (invoice)));
          show_text (self, text);
          return;
        }
      {
        /* A copy: queueing moves the selection on to the next invoice, which rewrites the array. */
        g_autoptr(GArray) ids = g_array_copy (self->selection);

        if (!queue (self, ids, target, NULL, NULL, &error))
          show_text (self, error->message);
      }
      return;
    }

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = chorus_process_dialog_new (parent_window (self), self->store, self->transitions, self->selection,
                                            target);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "apply", G_CALLBACK (dialog_apply_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

/* Answers --------------------------------------------------------------------------------------- */

static gboolean
answer_toast_cb (gpointer data)
{
  ChorusRecipientActions *self = data;
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_action_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_action_free);
  g_autofree char *text = NULL;
  AdwToast *toast;

  self->answer_toast_id = 0;
  for (guint i = 0; self->store != NULL && i < self->answers->len; i++)
    {
      ChorusAction *action = chorus_store_outbox_get (self->store, g_array_index (self->answers, gint64, i), NULL);

      if (action == NULL || action->kind != CHORUS_ACTION_KIND_PROCESS)
        chorus_action_free (action);
      else
        g_ptr_array_add (action->state == CHORUS_ACTION_DONE ? done : refused, action);
    }
  g_array_set_size (self->answers, 0);
  if (done->len + refused->len == 0)
    return G_SOURCE_REMOVE;

  if (refused->len == 0 && done->len == 1)
    {
      ChorusAction *action = g_ptr_array_index (done, 0);
      g_autofree char *number = invoice_number (self, action->invoice_id);

      /* TRANSLATORS: "Service rendered sent to Chorus Pro ✓ (FA-2026-000123)" */
      text = g_strdup_printf (_("%s sent to Chorus Pro ✓ (%s)"), chorus_action_mark_label (action->target), number);
    }
  else if (refused->len == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action received by Chorus Pro ✓",
                                         "%u actions received by Chorus Pro ✓", done->len), done->len);
  else if (refused->len == 1 && done->len == 0)
    {
      ChorusAction *action = g_ptr_array_index (refused, 0);
      g_autofree char *number = invoice_number (self, action->invoice_id);

      text = g_strdup_printf (_("Chorus Pro refused “%s” for %s: %s"), chorus_action_mark_label (action->target), number,
                              action->message ? action->message : _("no reason given"));
    }
  else
    {
      ChorusAction *action = g_ptr_array_index (refused, 0);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u received by Chorus Pro, %u refused: %s",
                                           "%u received by Chorus Pro, %u refused: %s", done->len),
                              done->len, refused->len, action->message ? action->message : _("no reason given"));
    }
  toast = new_toast (self, text);
  if (refused->len > 0)
    {
      /* A refusal must be read: it stays until dismissed, with the list at hand. */
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "process.show-actions");
    }
  show_toast (self, toast);
  return G_SOURCE_REMOVE;
}

static void
outbox_action_finished_cb (ChorusRecipientActions *self,
                           gint64                  action_id,
                           gboolean                ok,
                           const char             *message)
{
  g_array_append_val (self->answers, action_id);
  if (self->answer_toast_id == 0)
    self->answer_toast_id = g_timeout_add (ANSWER_TOAST_DELAY_MS, answer_toast_cb, self);
  refresh_badge (self);
}

static void
action_finished_cb (ChorusRecipientActions *self,
                    gint64                  invoice_id,
                    gboolean                ok,
                    const char             *message)
{
  g_signal_emit (self, signals[SIGNAL_ANSWERED], 0, invoice_id, ok);
}

/* The badge ------------------------------------------------------------------------------------ */

static void
undo_row_clicked_cb (GtkButton              *button,
                     ChorusRecipientActions *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "chorus-action-id");
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL)
    return;
  if (chorus_sync_cancel_action (self->sync, id, &error))
    show_text (self, _("Undone: nothing was sent to Chorus Pro"));
  else
    show_text (self, error->message);
  g_signal_emit (self, signals[SIGNAL_QUEUED], 0, 0);
  refresh_badge (self);
}

static char *
action_state_text (ChorusRecipientActions *self,
                   ChorusAction           *action)
{
  g_autofree char *created = chorus_action_mark_format_time (action->created_at);
  g_autofree char *finished = chorus_action_mark_format_time (action->finished_at);
  gint64 left = action->not_before - g_get_real_time ();

  switch (action->state)
    {
    case CHORUS_ACTION_PENDING:
      if (chorus_action_is_held (action, g_get_real_time ()))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Can still be undone for %d second",
                                             "Can still be undone for %d seconds", (int) (left / G_USEC_PER_SEC) + 1),
                                (int) (left / G_USEC_PER_SEC) + 1);
      /* Chorus Pro asked to wait, or the sender will take it at the next flush. */
      if (action->message != NULL)
        return g_strdup (action->message);
      return g_strdup_printf (_("Asked on %s, waiting to be sent"), created);
    case CHORUS_ACTION_SENDING:
      return g_strdup_printf (_("Asked on %s, being sent"), created);
    case CHORUS_ACTION_DONE:
      return g_strdup_printf (_("Received by Chorus Pro on %s"), finished ? finished : "");
    case CHORUS_ACTION_FAILED:
    default:
      return g_strdup_printf (_("Refused on %s: %s"), finished ? finished : "",
                              action->message ? action->message : _("no reason given"));
    }
}

static gboolean
badge_tick_cb (gpointer data)
{
  ChorusRecipientActions *self = data;

  self->badge_timer_id = 0;
  refresh_badge (self);
  return G_SOURCE_REMOVE;
}

static void
refresh_badge (ChorusRecipientActions *self)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *label = NULL;
  GtkWidget *child;
  guint open = 0, refused = 0;
  gboolean held = FALSE;

  g_clear_handle_id (&self->badge_timer_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badge_list))) != NULL)
    gtk_list_box_remove (self->badge_list, child);
  if (self->store != NULL)
    actions = chorus_store_outbox_list_recent (self->store, self->session_start, RECENT_LIMIT, NULL);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (actions, i);
      GtkWidget *row;
      g_autofree char *number = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (action->kind != CHORUS_ACTION_KIND_PROCESS)
        {
          open += action->state < CHORUS_ACTION_DONE;
          continue;
        }
      open += action->state < CHORUS_ACTION_DONE;
      refused += action->state == CHORUS_ACTION_FAILED;
      number = invoice_number (self, action->invoice_id);
      title = g_strdup_printf ("%s · %s", number, chorus_action_mark_label (action->target));
      subtitle = action_state_text (self, action);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (action->state == CHORUS_ACTION_FAILED)
        gtk_widget_add_css_class (row, "error");
      if (chorus_action_is_held (action, g_get_real_time ()))
        {
          GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo"));

          held = TRUE;
          gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (undo), "chorus-action-id", g_memdup2 (&action->id, sizeof action->id),
                                  g_free);
          g_signal_connect_object (undo, "clicked", G_CALLBACK (undo_row_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), undo);
        }
      gtk_list_box_append (self->badge_list, row);
    }

  if (open > 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action waiting", "%u actions waiting", open), open);
  else if (refused > 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action refused", "%u actions refused", refused), refused);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->badge), label ? label : "");
  gtk_widget_set_visible (self->badge, label != NULL);
  if (refused > 0 && open == 0)
    gtk_widget_add_css_class (self->badge, "error");
  else
    gtk_widget_remove_css_class (self->badge, "error");
  /* The countdown of held actions, while the list is open. */
  if (held && gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->badge)))))
    self->badge_timer_id = g_timeout_add_seconds (1, badge_tick_cb, self);
}

static void
sync_state_changed_cb (ChorusRecipientActions *self)
{
  refresh_badge (self);
}

static GtkWidget *
build_badge (ChorusRecipientActions *self)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Actions Sent to Chorus Pro"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  self->badge_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->badge_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge_list), "boxed-list");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->badge_list));
  gtk_widget_set_size_request (scrolled, 380, -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_tooltip_text (button, _("What was sent to Chorus Pro, and what waits"));
  gtk_widget_add_css_class (button, "pending-actions");
  gtk_widget_set_visible (button, FALSE);
  g_signal_connect_object (popover, "show", G_CALLBACK (refresh_badge), self, G_CONNECT_SWAPPED);
  return button;
}

/* Actions -------------------------------------------------------------------------------------- */

static void
process_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  ChorusRecipientActions *self = data;
  const char *name = g_action_get_name (G_ACTION (action));

  for (gsize i = 0; i < G_N_ELEMENTS (process_actions); i++)
    if (g_str_equal (process_actions[i].name, name))
      chorus_recipient_actions_process (self, process_actions[i].target);
}

static void
undo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  undo_batch (data, g_variant_get_uint32 (parameter));
}

static void
show_actions_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       data)
{
  ChorusRecipientActions *self = data;

  refresh_badge (self);
  if (gtk_widget_get_visible (self->badge))
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->badge));
}

/* Enabled when the platform allows the change for at least one selected invoice. */
static void
update_enabled (ChorusRecipientActions *self)
{
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean check = self->store != NULL && self->selection->len > 0 && self->selection->len <= MAX_CHECKED_SELECTION;

  if (check)
    invoices = chorus_store_load_invoices (self->store, (const gint64 *) (gpointer) self->selection->data,
                                           self->selection->len, NULL);
  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    g_hash_table_add (statuses, GINT_TO_POINTER (chorus_invoice_get_status (g_ptr_array_index (invoices, i))));

  for (gsize a = 0; a < G_N_ELEMENTS (process_actions); a++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->group), process_actions[a].name);
      gboolean enabled = self->store != NULL && self->selection->len > MAX_CHECKED_SELECTION;
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, statuses);
      while (!enabled && g_hash_table_iter_next (&iter, &key, NULL))
        enabled = chorus_transitions_allows (self->transitions, (ChorusStatus) GPOINTER_TO_INT (key),
                                             process_actions[a].target);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

static GMenu *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (process_actions); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (g_dgettext (GETTEXT_PACKAGE, process_actions[i].label),
                                                   chorus_recipient_actions_name_for (process_actions[i].target));

      /* Forward steps, then sending back, then taking back. */
      if (i == 0 || i == 1 || i == 4 || i == G_N_ELEMENTS (process_actions) - 1)
        {
          if (section != NULL)
            g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
          g_clear_object (&section);
          section = g_menu_new ();
        }
      if (i < G_N_ELEMENTS (process_accels) && process_accels[i] != NULL)
        g_menu_item_set_attribute (item, "accel", "s", process_accels[i]);
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);
  return menu;
}

/* Object --------------------------------------------------------------------------------------- */

static void
chorus_recipient_actions_dispose (GObject *object)
{
  ChorusRecipientActions *self = CHORUS_RECIPIENT_ACTIONS (object);

  g_clear_handle_id (&self->answer_toast_id, g_source_remove);
  g_clear_handle_id (&self->badge_timer_id, g_source_remove);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  if (self->transitions != NULL)
    g_signal_handlers_disconnect_by_data (self->transitions, self);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  if (self->host != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->host), (gpointer *) &self->host);
  self->host = NULL;
  g_clear_object (&self->sync);
  g_clear_object (&self->team);
  g_clear_object (&self->store);
  g_clear_object (&self->transitions);
  g_clear_object (&self->group);
  g_clear_object (&self->settings);
  g_clear_object (&self->menu);
  g_clear_object (&self->badge);
  g_clear_pointer (&self->selection, g_array_unref);
  g_clear_pointer (&self->batches, g_hash_table_unref);
  g_clear_pointer (&self->answers, g_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->session_start, g_free);
  G_OBJECT_CLASS (chorus_recipient_actions_parent_class)->dispose (object);
}

static void
chorus_recipient_actions_class_init (ChorusRecipientActionsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_recipient_actions_dispose;

  signals[SIGNAL_QUEUED] = g_signal_new ("queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
chorus_recipient_actions_init (ChorusRecipientActions *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GActionEntry entries[G_N_ELEMENTS (process_actions) + 2] = { { 0 } };

  for (gsize i = 0; i < G_N_ELEMENTS (process_actions); i++)
    {
      entries[i].name = process_actions[i].name;
      entries[i].activate = process_activated;
    }
  entries[G_N_ELEMENTS (process_actions)] = (GActionEntry) { "undo", undo_activated, "u", NULL, NULL, { 0 } };
  entries[G_N_ELEMENTS (process_actions) + 1] = (GActionEntry) { "show-actions", show_actions_activated, NULL, NULL,
                                                                 NULL, { 0 } };
  self->group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->group), entries, G_N_ELEMENTS (entries), self);
  self->settings = g_settings_new (APP_ID);
  self->selection = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->batches = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) batch_free);
  self->answers = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->session_start = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.000Z");
  self->menu = build_menu ();
  self->badge = g_object_ref_sink (build_badge (self));
  g_signal_connect_object (self->settings, "changed::action-hold-seconds", G_CALLBACK (apply_hold_setting), self,
                           G_CONNECT_SWAPPED);
}

ChorusRecipientActions *
chorus_recipient_actions_new (GtkWidget *host)
{
  ChorusRecipientActions *self;

  g_return_val_if_fail (GTK_IS_WIDGET (host), NULL);

  self = g_object_new (CHORUS_TYPE_RECIPIENT_ACTIONS, NULL);
  self->host = host;
  g_object_add_weak_pointer (G_OBJECT (host), (gpointer *) &self->host);
  gtk_widget_insert_action_group (host, "process", G_ACTION_GROUP (self->group));
  update_enabled (self);
  return self;
}

static void
reset_transitions (ChorusRecipientActions *self)
{
  if (self->transitions != NULL)
    g_signal_handlers_disconnect_by_data (self->transitions, self);
  g_clear_object (&self->transitions);
  if (self->store != NULL)
    {
      /* A new session asks the platform again; the store keeps the last answers meanwhile. */
      self->transitions = chorus_transitions_new (self->store, self->sync ? chorus_sync_get_client (self->sync) : NULL);
      g_signal_connect_object (self->transitions, "changed", G_CALLBACK (update_enabled), self, G_CONNECT_SWAPPED);
    }
  update_enabled (self);
}

void
chorus_recipient_actions_set_store (ChorusRecipientActions *self,
                                    ChorusStore            *store)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self));
  g_return_if_fail (store == NULL || CHORUS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_array_set_size (self->selection, 0);
  g_hash_table_remove_all (self->batches);
  reset_transitions (self);
  refresh_badge (self);
}

void
chorus_recipient_actions_set_sync (ChorusRecipientActions *self,
                                   ChorusSync             *sync)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "outbox-action-finished", G_CALLBACK (outbox_action_finished_cb), self);
      g_signal_connect_swapped (sync, "action-finished", G_CALLBACK (action_finished_cb), self);
      g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (sync_state_changed_cb), self);
      apply_hold_setting (self);
      /* Actions held when the app last closed go out once their hold is over. */
      chorus_sync_schedule_held (sync);
    }
  reset_transitions (self);
  refresh_badge (self);
}

void
chorus_recipient_actions_set_selection (ChorusRecipientActions *self,
                                        GArray                 *ids)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self));
  g_return_if_fail (ids != NULL);

  g_array_set_size (self->selection, 0);
  g_array_append_vals (self->selection, ids->data, ids->len);
  update_enabled (self);
}

ChorusProcessDialog *
chorus_recipient_actions_get_dialog (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), NULL);
  return self->dialog;
}

ChorusTransitions *
chorus_recipient_actions_get_transitions (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), NULL);
  return self->transitions;
}

GMenuModel *
chorus_recipient_actions_get_menu (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), NULL);
  return G_MENU_MODEL (self->menu);
}

GtkWidget *
chorus_recipient_actions_get_badge (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), NULL);
  return self->badge;
}

const char *
chorus_recipient_actions_get_last_toast (ChorusRecipientActions *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), NULL);
  return self->last_toast;
}

gboolean
chorus_recipient_actions_is_enabled (ChorusRecipientActions *self,
                                     ChorusStatus            target)
{
  const char *name = chorus_recipient_actions_name_for (target);

  g_return_val_if_fail (CHORUS_IS_RECIPIENT_ACTIONS (self), FALSE);

  return name != NULL && g_action_group_get_action_enabled (G_ACTION_GROUP (self->group),
                                                            name + strlen ("process."));
}
