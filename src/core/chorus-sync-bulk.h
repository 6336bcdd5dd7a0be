/* chorus-sync-bulk.h: when the writer of a first pull restores what its bulk load dropped (private
 * to the pull). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-store.h"

G_BEGIN_DECLS

/* The end of a first pull's bulk load, done while the writer waits for pages. An index restored
 * early is kept up row by row by the pages after it, which costs more than building it once at
 * the end (measured on 75,000 invoices: 4 to 8 times for an index; the full-text triggers over a
 * hundred times their rebuild). So a step is taken when the machine has a core to spare and the
 * writer's spare time per row (the pace the pages come at, less what writing a row costs now,
 * upkeep of the steps taken included) pays the upkeep of one more step for the rows still to
 * come, and its build now. A slow network with an idle CPU gets indexes restored while the pages
 * come and the end has less left; a writer, or a machine, that is never idle restores nothing
 * until the end, as before. */
typedef struct {
  ChorusStore *store;          /* NULL: no bulk load */
  guint        steps_left;
  gint64       started;        /* this stream's first page came (µs); 0 before */
  gboolean     ticks_known;    /* the machine's CPU times then: */
  guint64      idle_ticks;
  guint64      total_ticks;
  gint64       rows_before;    /* rows written by the streams before this one */
  gint64       rows;           /* rows written by this one */
  double       fraction;       /* of this stream written (0 until its total is known) */
  double       write_us_per_row;   /* what writing a row costs now (moving average) */
  double       step_us_per_row;    /* what building an index costs per row */
  guint        pages;          /* written by this stream */
  guint        restored;       /* index steps taken */
  double       write_before;   /* write_us_per_row before the first of them */
  gboolean     stepped;        /* a step since the last page: its upkeep is not measured yet */
} ChorusBulkPacer;

/* @store NULL: no bulk load runs, nothing is ever due. */
void     chorus_bulk_pacer_init         (ChorusBulkPacer *pacer,
                                         ChorusStore     *store);
/* A stream's pages start coming (rows, pace and progress start over). */
void     chorus_bulk_pacer_start_stream (ChorusBulkPacer *pacer);
/* The writer took a page of the stream (the first one starts its clock). */
void     chorus_bulk_pacer_page_came    (ChorusBulkPacer *pacer);
/* The writer wrote @rows in @us, and @fraction of the stream is written. */
void     chorus_bulk_pacer_wrote        (ChorusBulkPacer *pacer,
                                         guint            rows,
                                         gint64           us,
                                         double           fraction);
/* Whether the writer, waiting for a page, should restore one thing now. */
gboolean chorus_bulk_pacer_due          (const ChorusBulkPacer *pacer);
void     chorus_bulk_pacer_step         (ChorusBulkPacer *pacer);

G_END_DECLS
