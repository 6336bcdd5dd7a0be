/* chorus-store-processing.c: what processing needs besides the outbox: the platform's allowed status
 * changes as last fetched, and the user's frequent motifs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-status.h"
#include "chorus-store-internal.h"

/* Allowed status changes ------------------------------------------------------------------------ */

gboolean
chorus_store_set_status_targets (ChorusStore         *self,
                                 ChorusStatus         current,
                                 const ChorusStatus  *targets,
                                 guint                n_targets,
                                 GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) codes = g_string_new (NULL);
  const char *current_api = chorus_status_to_api (current);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (targets != NULL || n_targets == 0, FALSE);
  g_return_val_if_fail (current_api != NULL, FALSE);

  for (guint i = 0; i < n_targets; i++)
    {
      const char *api = chorus_status_to_api (targets[i]);

      if (api == NULL)
        continue;
      if (codes->len > 0)
        g_string_append_c (codes, ' ');
      g_string_append (codes, api);
    }
  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "INSERT OR REPLACE INTO status_targets (current, targets, fetched_at)"
                                    " VALUES (?, ?, strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'))", error);
  if (stmt == NULL)
    return FALSE;
  chorus_sql_bind_text (stmt, 1, current_api);
  chorus_sql_bind_text (stmt, 2, codes->str);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

GArray *
chorus_store_get_status_targets (ChorusStore   *self,
                                 ChorusStatus   current,
                                 char         **fetched_at)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(GStrv) codes = NULL;
  GArray *targets = NULL;
  const char *current_api = chorus_status_to_api (current);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  if (fetched_at != NULL)
    *fetched_at = NULL;
  if (current_api == NULL)
    return NULL;
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT targets, fetched_at FROM status_targets WHERE current = ?", NULL);
  if (stmt == NULL)
    return NULL;
  chorus_sql_bind_text (stmt, 1, current_api);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      codes = g_strsplit (chorus_sql_column_text (stmt, 0) ?: "", " ", -1);
      if (fetched_at != NULL)
        *fetched_at = g_strdup (chorus_sql_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (codes == NULL)
    return NULL;

  targets = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
  for (guint i = 0; codes[i] != NULL; i++)
    {
      ChorusStatus status = chorus_status_from_api (codes[i]);

      if (codes[i][0] != '\0' && status != CHORUS_STATUS_UNKNOWN)
        g_array_append_val (targets, status);
    }
  return targets;
}

/* Frequent motifs ------------------------------------------------------------------------------- */

#define MOTIFS_SEEDED_KEY "motifs-seeded"

/* What recipients most often write; the user edits the list from there. */
static const struct {
  ChorusMotifKind  kind;
  const char      *text;
} default_motifs[] = {
  { CHORUS_MOTIF_REJECTION, N_("Missing or wrong commitment number") },
  { CHORUS_MOTIF_REJECTION, N_("Wrong executing service") },
  { CHORUS_MOTIF_REJECTION, N_("Duplicate of an invoice already received") },
  { CHORUS_MOTIF_REJECTION, N_("Wrong amount") },
  { CHORUS_MOTIF_REJECTION, N_("Service not ordered or not delivered") },
  { CHORUS_MOTIF_SUSPENSION, N_("Supporting document missing (delivery note, attendance sheet)") },
  { CHORUS_MOTIF_SUSPENSION, N_("Bank details to be confirmed") },
  { CHORUS_MOTIF_SUSPENSION, N_("Commitment number missing") },
  { CHORUS_MOTIF_RECYCLING, N_("Invoice addressed to the wrong service") },
  { CHORUS_MOTIF_RECYCLING, N_("Invoice addressed to the wrong recipient") },
};

static gboolean
insert_motif_locked (ChorusStore      *self,
                     ChorusMotifKind   kind,
                     const char       *text,
                     GError          **error)
{
  sqlite3_stmt *stmt = chorus_sql_prepare_static (&self->writer, "INSERT OR IGNORE INTO motifs (kind, position, text)"
                                                  " VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM motifs"
                                                  " WHERE kind = ?1), ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, kind);
  chorus_sql_bind_text (stmt, 2, text);
  return chorus_sql_step_done (&self->writer, stmt, error);
}

/* The first time, in the user's language; a list the user emptied stays empty. */
static gboolean
seed_motifs (ChorusStore  *self,
             GError      **error)
{
  g_autofree char *seeded = chorus_store_get_state (self, MOTIFS_SEEDED_KEY);
  g_autoptr(GMutexLocker) locker = NULL;

  if (seeded != NULL)
    return TRUE;
  locker = g_mutex_locker_new (&self->writer.lock);
  if (!chorus_sql_begin (&self->writer, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (default_motifs); i++)
    if (!insert_motif_locked (self, default_motifs[i].kind, g_dgettext (GETTEXT_PACKAGE, default_motifs[i].text), error))
      {
        chorus_sql_rollback (&self->writer);
        return FALSE;
      }
  if (!chorus_sql_commit (&self->writer, error))
    {
      chorus_sql_rollback (&self->writer);
      return FALSE;
    }
  g_clear_pointer (&locker, g_mutex_locker_free);
  return chorus_store_set_state (self, MOTIFS_SEEDED_KEY, "1", error);
}

GStrv
chorus_store_list_motifs (ChorusStore      *self,
                          ChorusMotifKind   kind,
                          GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CHORUS_IS_STORE (self), NULL);

  if (!seed_motifs (self, error))
    return NULL;
  locker = g_mutex_locker_new (&self->reader.lock);
  stmt = chorus_sql_prepare_static (&self->reader, "SELECT text FROM motifs WHERE kind = ? ORDER BY position, text", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, kind);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, chorus_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      chorus_sql_set_error (error, self->reader.db, "motifs");
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
chorus_store_add_motif (ChorusStore      *self,
                        ChorusMotifKind   kind,
                        const char       *text,
                        GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  clean = g_strstrip (g_strdup (text));
  if (*clean == '\0')
    {
      g_set_error_literal (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID, _("The motif is empty."));
      return FALSE;
    }
  if (!seed_motifs (self, error))
    return FALSE;
  locker = g_mutex_locker_new (&self->writer.lock);
  return insert_motif_locked (self, kind, clean, error);
}

gboolean
chorus_store_remove_motif (ChorusStore      *self,
                           ChorusMotifKind   kind,
                           const char       *text,
                           GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CHORUS_IS_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!seed_motifs (self, error))
    return FALSE;
  locker = g_mutex_locker_new (&self->writer.lock);
  stmt = chorus_sql_prepare_static (&self->writer, "DELETE FROM motifs WHERE kind = ? AND text = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, kind);
  chorus_sql_bind_text (stmt, 2, text);
  return chorus_sql_step_done (&self->writer, stmt, error);
}
