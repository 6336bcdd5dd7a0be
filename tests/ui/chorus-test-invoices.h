/* chorus-test-invoices.h: a store filled with predictable received invoices, for UI tests and benchmarks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-status.h"
#include "chorus-store.h"
#include "chorus-test-util.h"

G_BEGIN_DECLS

/* Statuses cycle through this list: invoice i has chorus_test_status (i). */
ChorusStatus chorus_test_status         (guint        i);
const char  *chorus_test_supplier       (guint        i);
/* Invoice ids are 1000 + i; amounts TTC are chorus_test_amount (i) cents. */
gint64       chorus_test_amount         (guint        i);
/* Upserts @n invoices in pages of 10,000 (one transaction each). */
void         chorus_test_fill_store     (ChorusStore *store,
                                         guint        n);
/* A fresh store in a new temporary directory (see chorus_test_remove_dir). */
ChorusStore *chorus_test_open_store     (char       **dir);
/* The application's style.css, which AdwApplication loads by itself in the real program. */
void         chorus_test_load_style     (void);

G_END_DECLS
