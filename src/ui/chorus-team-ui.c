/* chorus-team-ui.c: what the workspace says about team follow-up (changed by, being processed by, lost edits), and the ask-first before processing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-team-ui.h"

const char *
chorus_team_field_label (const char *field)
{
  if (g_strcmp0 (field, CHORUS_TEAM_FIELD_GESTIONNAIRE) == 0)
    return _("gestionnaire");
  if (g_strcmp0 (field, CHORUS_TEAM_FIELD_INTERNAL_REFERENCE) == 0)
    return _("internal reference");
  return _("notes");
}

/* "at 10:42", "yesterday at 10:42", "on 03/03/2026 at 10:42", in local time. */
static char *
describe_when (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: "[changed by Marie] at 10:42" */
    return g_strdup_printf (_("at %s"), time);
  if (g_date_time_get_year (local) == g_date_time_get_year (yesterday) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (yesterday))
    return g_strdup_printf (_("yesterday at %s"), time);
  {
    g_autofree char *date = g_date_time_format (local, "%d/%m/%Y");

    /* Translators: "[changed by Marie] on 03/03/2026 at 10:42" */
    return g_strdup_printf (_("on %s at %s"), date, time);
  }
}

static gboolean
is_me (ChorusTeamSync *team,
       const char     *login)
{
  return g_strcmp0 (login, chorus_team_sync_get_identity (team)->login) == 0;
}

char *
chorus_team_describe_change (ChorusTeamSync *team,
                             gint64          invoice_id,
                             const char     *field)
{
  g_autoptr(ChorusTeamFieldInfo) info = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (team), NULL);

  info = chorus_store_team_get_field_info (chorus_team_sync_get_store (team), invoice_id, field);
  if (info == NULL)
    return NULL;
  if (info->pending)
    return g_strdup (_("Saved here, waiting to reach the team database"));
  if (info->changed_at == NULL)
    return NULL;
  when = describe_when (info->changed_at);
  if (is_me (team, info->author_login))
    /* Translators: "Changed by you at 10:42" */
    return g_strdup_printf (_("Changed by you %s"), when);
  /* Translators: "Changed by Marie Curie at 10:42" */
  return g_strdup_printf (_("Changed by %s %s"), info->author_name, when);
}

/* "10:42", "yesterday at 10:42", "03/03/2026 at 10:42", for "since …". */
static char *
describe_since (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *time = g_date_time_format (local, "%H:%M");

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_steal_pointer (&time);
  if (g_date_time_get_year (local) == g_date_time_get_year (yesterday) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (yesterday))
    /* Translators: "[since] yesterday at 16:05" */
    return g_strdup_printf (_("yesterday at %s"), time);
  {
    g_autofree char *date = g_date_time_format (local, "%d/%m/%Y");

    /* Translators: "[since] 03/03/2026 at 10:42" */
    return g_strdup_printf (_("%s at %s"), date, time);
  }
}

char *
chorus_team_describe_claim (ChorusTeamSync *team,
                            gint64          invoice_id)
{
  const ChorusTeamClaim *claim;
  g_autofree char *since = NULL;

  g_return_val_if_fail (CHORUS_IS_TEAM_SYNC (team), NULL);

  claim = chorus_team_sync_get_claim (team, invoice_id);
  if (claim == NULL)
    return NULL;
  if (is_me (team, claim->holder_login))
    return g_strdup (_("You are processing this invoice: colleagues see it"));
  if (claim->claimed_at == NULL)
    /* Translators: "Being processed by Marie Curie" */
    return g_strdup_printf (_("Being processed by %s"), claim->holder_name);
  since = describe_since (claim->claimed_at);
  /* Translators: "Being processed by Marie Curie since 10:42" */
  return g_strdup_printf (_("Being processed by %s since %s"), claim->holder_name, since);
}

char *
chorus_team_describe_lost (const ChorusTeamLostEdit *lost,
                           const char               *invoice_number)
{
  const char *field = chorus_team_field_label (lost->field);
  const char *winner = lost->winner_value != NULL && lost->winner_value[0] != '\0' ? lost->winner_value : _("nothing");
  const char *yours = lost->lost_value != NULL && lost->lost_value[0] != '\0' ? lost->lost_value : _("nothing");

  /* Translators: "Paul Durand replaced “DAPEC 14” with “DAPEC 83” (internal reference of invoice
   * FA-0097)": the first value was ours; it stays in the history */
  return g_strdup_printf (_("%s replaced “%s” with “%s” (%s of invoice %s)"),
                          lost->winner_name ? lost->winner_name : lost->winner_login, yours, winner, field,
                          invoice_number != NULL ? invoice_number : "?");
}

/* Asking before processing ----------------------------------------------------------------------- */

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;

  /* Closing the dialog after an answer would answer again ("cancel"): once is enough. */
  g_signal_handlers_disconnect_by_func (dialog, confirm_response_cb, user_data);
  g_task_return_boolean (task, g_strcmp0 (response, "process") == 0);
}

void
chorus_team_confirm_processing_async (GtkWindow          *parent,
                                      ChorusTeamSync     *team,
                                      const gint64       *ids,
                                      guint               n_ids,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (g_free);
  const ChorusTeamClaim *first = NULL;
  guint claimed = 0;
  AdwMessageDialog *dialog;

  g_task_set_source_tag (task, chorus_team_confirm_processing_async);
  for (guint i = 0; team != NULL && i < n_ids; i++)
    if (chorus_team_sync_is_claimed_by_other (team, ids[i]))
      {
        const ChorusTeamClaim *claim = chorus_team_sync_get_claim (team, ids[i]);
        gboolean known = FALSE;

        claimed++;
        first = first != NULL ? first : claim;
        for (guint j = 0; j < holders->len; j++)
          known |= g_strcmp0 (g_ptr_array_index (holders, j), claim->holder_name) == 0;
        if (!known)
          g_ptr_array_add (holders, g_strdup (claim->holder_name));
      }
  if (claimed == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("A Colleague Is Processing It"), NULL));
  if (n_ids == 1)
    {
      g_autofree char *since = chorus_team_describe_claim (team, first->invoice_id);

      adw_message_dialog_format_body (dialog, _("%s. Process it anyway? Two people processing one invoice may send "
                                                "Chorus Pro two different answers."), since);
    }
  else
    {
      g_ptr_array_add (holders, NULL);
      {
        g_autofree char *names = g_strjoinv (", ", (char **) holders->pdata);

        adw_message_dialog_format_body (dialog,
                                        g_dngettext (GETTEXT_PACKAGE,
                                                     "%u of the selected invoices is being processed by %s. Process "
                                                     "the selection anyway?",
                                                     "%u of the selected invoices are being processed by %s. Process "
                                                     "the selection anyway?", claimed),
                                        claimed, names);
      }
    }
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "process", _("_Process Anyway"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "process", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), g_steal_pointer (&task));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
chorus_team_confirm_processing_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
