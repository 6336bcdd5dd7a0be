/* chorus-sim-history.c: an invoice's status history: the path a generated invoice walked to the
 * status it was generated in (drawn again when asked, dated between its deposit and that status),
 * then every change recorded since. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "chorus-sim-dataset-private.h"

static const char *const processing_steps[] = {
  "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE", "COMPTABILISEE", "MISE_EN_PAIEMENT",
};

/* The path an invoice walked to reach @statut through @levels validators (0, 1 or 2); the last
 * element is @statut itself. */
gsize
sim_status_path (const char *statut, int levels, const char **path)
{
  static const char *const waiting[] = { "A_VALIDER_1", "A_VALIDER_2" };
  static const char *const refused[] = { "REFUSEE_1", "REFUSEE_2" };
  static const char *const validated[] = { "VALIDEE_1", "VALIDEE_2" };
  gsize n = 0;

  path[n++] = "DEPOSEE";
  if (g_strcmp0 (statut, "DEPOSEE") == 0)
    return n;
  if (g_strcmp0 (statut, "INTERPRETEE_OCR") == 0)
    {
      /* Read by the portal's OCR, it waits for its supplier to confirm the data. */
      path[n++] = statut;
      return n;
    }
  for (int level = 0; level < levels && level < 2; level++)
    {
      path[n++] = waiting[level];
      if (g_strcmp0 (statut, waiting[level]) == 0)
        return n;
      if (g_strcmp0 (statut, refused[level]) == 0)
        {
          path[n++] = refused[level];
          return n;
        }
      path[n++] = validated[level];
    }
  path[n++] = "EN_COURS_ACHEMINEMENT";
  if (g_strcmp0 (statut, "EN_COURS_ACHEMINEMENT") == 0)
    return n;
  if (g_strcmp0 (statut, "TECHNIQUE_INCONNU") == 0)
    {
      path[n++] = statut;
      return n;
    }
  path[n++] = "MISE_A_DISPOSITION";
  if (g_strcmp0 (statut, "MISE_A_DISPOSITION") == 0)
    return n;
  if (g_strcmp0 (statut, "COMPLETEE") == 0)
    {
      path[n++] = "SUSPENDUE";
      path[n++] = "COMPLETEE";
      return n;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (processing_steps); i++)
    {
      if (g_strcmp0 (statut, processing_steps[i]) == 0)
        {
          /* COMPTABILISEE follows MANDATEE or MISE_A_DISPOSITION_COMPTABLE, not both. */
          for (gsize j = 0; j <= i; j++)
            if (!(i == 3 && j == 2))
              path[n++] = processing_steps[j];
          return n;
        }
    }
  path[n++] = statut;
  return n;
}

int
sim_invoice_validation_levels (const SimInvoice *inv)
{
  return inv->valideur_id == 0 ? 0 : inv->valideur2_id == 0 ? 1 : 2;
}

void
sim_history_entry_free (SimHistoryEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->statut);
  g_free (e->date);
  g_free (e->commentaire);
  g_free (e);
}

GPtrArray *
sim_invoice_history (SimDataset *self, const SimInvoice *inv)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_history_entry_free);
  sqlite3_stmt *stmt = NULL;

  if (inv->generated)
    {
      const char *path[16];
      g_autofree char *gen_statut = NULL;
      g_autofree char *gen_date = NULL;
      g_autofree char *gen_commentaire = NULL;
      gsize n;
      int y, m, d;
      guint32 from, to;

      /* The generated walk ends where the invoice stood when generated; what happened
       * since is in the history table. */
      sqlite3_prepare_v2 (self->db, "SELECT gen_statut, gen_date, gen_commentaire FROM invoices WHERE id = ?", -1,
                          &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, inv->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gen_statut = sim_sql_column_text (stmt, 0);
          gen_date = sim_sql_column_text (stmt, 1);
          gen_commentaire = sim_sql_column_text (stmt, 2);
        }
      sqlite3_finalize (stmt);
      n = sim_status_path (gen_statut ? gen_statut : inv->statut, sim_invoice_validation_levels (inv), path);

      from = to = sim_julian_of (2024, 1, 1);
      if (sscanf (inv->date_depot, "%d-%d-%d", &y, &m, &d) == 3)
        from = to = sim_julian_of (y, m, d);
      if (sscanf (gen_date ? gen_date : inv->date_etat, "%d-%d-%d", &y, &m, &d) == 3)
        to = MAX (from, sim_julian_of (y, m, d));
      for (gsize i = 0; i < n; i++)
        {
          SimHistoryEntry *e = g_new0 (SimHistoryEntry, 1);
          char day[11];
          guint32 j = n > 1 ? from + (guint32) ((guint64) (to - from) * i / (n - 1)) : from;

          sim_format_julian (j, day);
          e->statut = g_strdup (path[i]);
          /* One step an hour at most, so that same-day steps stay in order. */
          e->date = g_strdup_printf ("%s %02u:%02u", day, (guint) MIN (8 + i, 22),
                                     (guint) ((inv->lines_seed >> 3) + i * 7) % 60);
          /* The last generated step keeps its comment (a suspension's reason) after a change. */
          if (i == n - 1 && gen_statut == NULL && inv->commentaire_etat && *inv->commentaire_etat)
            e->commentaire = g_strdup (inv->commentaire_etat);
          else if (i == n - 1 && gen_commentaire != NULL && *gen_commentaire != '\0')
            e->commentaire = g_strdup (gen_commentaire);
          g_ptr_array_add (out, e);
        }
    }

  sqlite3_prepare_v2 (self->db, "SELECT statut, date, commentaire FROM history WHERE invoice_id = ? ORDER BY seq",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, inv->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SimHistoryEntry *e = g_new0 (SimHistoryEntry, 1);
      e->statut = sim_sql_column_text (stmt, 0);
      e->date = sim_sql_column_text (stmt, 1);
      e->commentaire = sim_sql_column_text (stmt, 2);
      g_ptr_array_add (out, e);
    }
  sqlite3_finalize (stmt);
  return out;
}
