/* chorus-csv.h: CSV as French spreadsheets read it (';', decimal comma, dd/mm/yyyy, UTF-8 BOM). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ChorusCsvWriter ChorusCsvWriter;

/* A new document; it starts with the UTF-8 byte order mark so Excel detects the encoding. */
ChorusCsvWriter *chorus_csv_writer_new           (void);
void             chorus_csv_writer_free          (ChorusCsvWriter *writer);
/* Cells of the current row; NULL text gives an empty cell. Text starting with =, +, -, @, a tab or
 * a carriage return gets a leading ' so spreadsheets never run it as a formula (CWE-1236): texts
 * come from the other party (supplier names, numbers, comments). Amounts, dates and integers are
 * written by the functions below from values, so they stay numbers a spreadsheet can sum. */
void             chorus_csv_writer_add_text      (ChorusCsvWriter *writer,
                                                  const char      *text);
/* "1234,56": no grouping and no currency, so spreadsheets read a number. */
void             chorus_csv_writer_add_amount    (ChorusCsvWriter *writer,
                                                  gint64           cents);
/* "23/11/2026" from "2026-11-23" (a longer ISO date-time keeps its date part). */
void             chorus_csv_writer_add_date      (ChorusCsvWriter *writer,
                                                  const char      *iso_date);
void             chorus_csv_writer_add_integer   (ChorusCsvWriter *writer,
                                                  gint64           value);
/* Ends the current row with CRLF, as RFC 4180 and spreadsheets expect. */
void             chorus_csv_writer_end_row       (ChorusCsvWriter *writer);
/* The finished document; frees @writer. */
GBytes          *chorus_csv_writer_free_to_bytes (ChorusCsvWriter *writer);

/* The cell texts on their own, for callers that need them. */
char            *chorus_csv_format_amount        (gint64           cents);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusCsvWriter, chorus_csv_writer_free)

G_END_DECLS
