/* chorus-sync-bulk.c: the pacing of a first pull's bulk load: which step of its end the writer
 * takes while it waits for pages, and when (see chorus-sync-bulk.h). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "chorus-sync-bulk.h"



/* Guesses until measured: an index over 100,000 rows in ~0.13 s; writing a page of 1,000 rows
 * without the indexes in ~30 ms. */
#define RESTORE_STEP_US_PER_ROW 1.3
#define RESTORE_WRITE_US_PER_ROW 30.0
/* In index builds: keeping an index up, per row; the last step (the triggers with the full-text
 * rebuild and the supplier names), built and kept up. */
#define RESTORE_INDEX_UPKEEP 4
#define RESTORE_TRIGGERS_BUILD 4
#define RESTORE_TRIGGERS_UPKEEP 150

/* The machine's idle and total CPU time so far (in clock ticks, all cores), from the kernel's
 * first "cpu" line; FALSE where there is no /proc/stat. */
static gboolean
machine_cpu_ticks (guint64 *idle, guint64 *total)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  char *end;

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL) || !g_str_has_prefix (text, "cpu "))
    return FALSE;
  if ((end = strchr (text, '\n')) != NULL)
    *end = '\0';
  fields = g_strsplit_set (text + 4, " ", -1);
  *idle = *total = 0;
  /* user nice system idle iowait irq softirq steal (guest time is in user already) */
  for (guint i = 0, n = 0; fields[i] != NULL && n < 8; i++)
    {
      guint64 value;

      if (fields[i][0] == '\0')
        continue;
      value = g_ascii_strtoull (fields[i], NULL, 10);
      *total += value;
      if (n == 3 || n == 4)   /* idle, iowait */
        *idle += value;
      n++;
    }
  return *total > 0;
}

/* Whether the machine had at least half a core idle since the stream's first page. */
static gboolean
has_free_core (const ChorusBulkPacer *pacer)
{
  guint64 idle, total;

  if (!pacer->ticks_known || !machine_cpu_ticks (&idle, &total) || total <= pacer->total_ticks)
    return FALSE;
  return (double) (idle - pacer->idle_ticks) / (total - pacer->total_ticks) * g_get_num_processors () >= 0.5;
}

gboolean
chorus_bulk_pacer_due (const ChorusBulkPacer *pacer)
{
  double pace, spare, rows_to_come, build, upkeep;

  /* One step between two pages, and none before a few pages tell the pace and the cost. */
  if (pacer->store == NULL || pacer->steps_left == 0 || pacer->stepped || pacer->pages < 4 || pacer->rows == 0 ||
      pacer->fraction <= 0 || pacer->fraction >= 1)
    return FALSE;
  /* Only with CPU to spare: when the machine keeps every core busy, the pages are slow for want
   * of CPU rather than of network, and a step now would take it from them. */
  if (!has_free_core (pacer))
    return FALSE;
  /* Rows came at this pace so far; what writing does not use of it is spare. */
  pace = (double) (g_get_monotonic_time () - pacer->started) / pacer->rows;
  spare = pace - pacer->write_us_per_row;
  rows_to_come = pacer->rows * (1 - pacer->fraction) / pacer->fraction;
  build = (pacer->rows_before + pacer->rows) * pacer->step_us_per_row;
  /* An index's upkeep as measured on the rows written since the first one came back, when more
   * than guessed. */
  upkeep = pacer->step_us_per_row * RESTORE_INDEX_UPKEEP;
  if (pacer->restored > 0)
    upkeep = MAX (upkeep, (pacer->write_us_per_row - pacer->write_before) / pacer->restored);
  if (pacer->steps_left == 1)
    {
      build *= RESTORE_TRIGGERS_BUILD;
      upkeep = pacer->step_us_per_row * RESTORE_TRIGGERS_UPKEEP;
    }
  /* Each commit writes every page of an index it touched, and the index grows: the rows to come
   * cost more each than the rows so far (by half the growth to come, at most three times). */
  upkeep *= MIN ((1 + 1 / pacer->fraction) / 2, 3);
  return spare * rows_to_come >= upkeep * rows_to_come + build;
}

/* One restore step; what it cost per row teaches the next estimate. */
void
chorus_bulk_pacer_step (ChorusBulkPacer *pacer)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 rows = pacer->rows_before + pacer->rows;   /* what the step reads */
  gboolean triggers = pacer->steps_left == 1;

  pacer->stepped = TRUE;
  if (pacer->restored++ == 0)
    pacer->write_before = pacer->write_us_per_row;
  if (!chorus_store_bulk_load_step (pacer->store, &pacer->steps_left, &error))
    {
      /* The end of the load runs it again and reports what fails. */
      g_debug ("bulk load step: %s", error->message);
      pacer->steps_left = 0;
      return;
    }
  g_debug ("bulk load: a step restored while waiting for pages (%" G_GINT64_FORMAT " rows, %.0f %% of the stream,"
           " %.1f µs a row written, %.0f ms), %u left", rows, pacer->fraction * 100, pacer->write_us_per_row,
           (g_get_monotonic_time () - start) / 1e3, pacer->steps_left);
  if (rows >= 10000 && !triggers)
    pacer->step_us_per_row = (double) (g_get_monotonic_time () - start) / rows;
}

void
chorus_bulk_pacer_wrote (ChorusBulkPacer *pacer, guint rows, gint64 us, double fraction)
{
  if (rows > 0)
    pacer->write_us_per_row = 0.7 * pacer->write_us_per_row + 0.3 * ((double) us / rows);
  pacer->rows += rows;
  pacer->fraction = fraction;
  pacer->pages++;
  pacer->stepped = FALSE;
}

void
chorus_bulk_pacer_init (ChorusBulkPacer *pacer, ChorusStore *store)
{
  memset (pacer, 0, sizeof *pacer);
  pacer->step_us_per_row = RESTORE_STEP_US_PER_ROW;
  pacer->write_us_per_row = RESTORE_WRITE_US_PER_ROW;
  pacer->store = store;
  if (store != NULL)
    pacer->steps_left = chorus_store_bulk_load_steps_left (store);
}

void
chorus_bulk_pacer_start_stream (ChorusBulkPacer *pacer)
{
  pacer->rows_before += pacer->rows;
  pacer->rows = 0;
  pacer->started = 0;
  pacer->fraction = 0;
  pacer->pages = 0;
}

void
chorus_bulk_pacer_page_came (ChorusBulkPacer *pacer)
{
  if (pacer->started != 0)
    return;
  pacer->started = g_get_monotonic_time ();
  pacer->ticks_known = machine_cpu_ticks (&pacer->idle_ticks, &pacer->total_ticks);
}
