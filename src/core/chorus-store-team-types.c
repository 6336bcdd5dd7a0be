/* chorus-store-team-types.c: the team mode's value types (edits, changes, lost edits, field
 * information, history entries, claims): their copies and frees. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-store-team.h"

void
chorus_team_edit_free (ChorusTeamEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->edit_id);
  g_free (edit->kind);
  g_free (edit->structure);
  g_free (edit->name);
  g_free (edit->value);
  g_free (edit->author_login);
  g_free (edit->author_name);
  g_free (edit->message);
  g_free (edit);
}

ChorusTeamChange *
chorus_team_change_new (ChorusTeamChangeKind kind)
{
  ChorusTeamChange *change = g_new0 (ChorusTeamChange, 1);

  change->kind = kind;
  return change;
}

void
chorus_team_change_free (ChorusTeamChange *change)
{
  if (change == NULL)
    return;
  g_free (change->structure);
  g_free (change->field);
  g_free (change->list);
  g_free (change->name);
  g_free (change->value);
  g_free (change->old_value);
  g_free (change->author_login);
  g_free (change->author_name);
  g_free (change->changed_at);
  g_free (change->replaced_login);
  g_free (change->replaced_name);
  g_free (change->expires_at);
  g_free (change);
}

G_DEFINE_BOXED_TYPE (ChorusTeamLostEdit, chorus_team_lost_edit, chorus_team_lost_edit_copy, chorus_team_lost_edit_free)

ChorusTeamLostEdit *
chorus_team_lost_edit_copy (const ChorusTeamLostEdit *lost)
{
  ChorusTeamLostEdit *copy = g_new0 (ChorusTeamLostEdit, 1);

  copy->invoice_id = lost->invoice_id;
  copy->field = g_strdup (lost->field);
  copy->lost_value = g_strdup (lost->lost_value);
  copy->winner_value = g_strdup (lost->winner_value);
  copy->winner_login = g_strdup (lost->winner_login);
  copy->winner_name = g_strdup (lost->winner_name);
  copy->changed_at = g_strdup (lost->changed_at);
  return copy;
}

void
chorus_team_lost_edit_free (ChorusTeamLostEdit *lost)
{
  if (lost == NULL)
    return;
  g_free (lost->field);
  g_free (lost->lost_value);
  g_free (lost->winner_value);
  g_free (lost->winner_login);
  g_free (lost->winner_name);
  g_free (lost->changed_at);
  g_free (lost);
}

void
chorus_team_applied_clear (ChorusTeamApplied *applied)
{
  g_clear_pointer (&applied->invoice_ids, g_array_unref);
  g_clear_pointer (&applied->claim_ids, g_array_unref);
  g_clear_pointer (&applied->lists, g_ptr_array_unref);
  g_clear_pointer (&applied->lost, g_ptr_array_unref);
}

void
chorus_team_field_info_free (ChorusTeamFieldInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->author_login);
  g_free (info->author_name);
  g_clear_pointer (&info->changed_at, g_date_time_unref);
  g_free (info);
}

void
chorus_team_history_entry_free (ChorusTeamHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry->author_login);
  g_free (entry->author_name);
  g_clear_pointer (&entry->changed_at, g_date_time_unref);
  g_free (entry->replaced_name);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (ChorusTeamClaim, chorus_team_claim, chorus_team_claim_copy, chorus_team_claim_free)

ChorusTeamClaim *
chorus_team_claim_copy (const ChorusTeamClaim *claim)
{
  ChorusTeamClaim *copy = g_new0 (ChorusTeamClaim, 1);

  copy->invoice_id = claim->invoice_id;
  copy->holder_login = g_strdup (claim->holder_login);
  copy->holder_name = g_strdup (claim->holder_name);
  copy->claimed_at = claim->claimed_at ? g_date_time_ref (claim->claimed_at) : NULL;
  copy->expires_at = claim->expires_at ? g_date_time_ref (claim->expires_at) : NULL;
  return copy;
}

void
chorus_team_claim_free (ChorusTeamClaim *claim)
{
  if (claim == NULL)
    return;
  g_free (claim->holder_login);
  g_free (claim->holder_name);
  g_clear_pointer (&claim->claimed_at, g_date_time_unref);
  g_clear_pointer (&claim->expires_at, g_date_time_unref);
  g_free (claim);
}
