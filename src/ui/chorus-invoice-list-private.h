/* chorus-invoice-list-private.h: what the files of ChorusInvoiceList share (its fields, its helpers).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-invoice-columns.h"
#include "chorus-invoice-list.h"
#include "chorus-status.h"
#include "chorus-team-sync.h"

G_BEGIN_DECLS

typedef struct {
  ChorusInvoiceList *list;
  ChorusSortColumn   column;
} Probe;

struct _ChorusInvoiceList
{
  GtkWidget             parent_instance;

  GtkWidget            *scrolled;
  GtkColumnView        *column_view;
  GtkMultiSelection    *selection;
  ChorusInvoiceModel   *model;
  GtkColumnViewColumn  *columns[CHORUS_SORT_LAST];
  GtkColumnViewColumn  *action_column;   /* a menu button per row; not data, never saved or exported */
  Probe                 probes[CHORUS_SORT_LAST];
  GSettings            *settings;
  gboolean              validator;       /* the validator's list: its own layout, no recipient-only columns */
  GObject              *sentinels[2];

  int                   probed;          /* column hit by the last probe, -1 = none */
  ChorusSortColumn      sort;
  gboolean              descending;
  ChorusDelayPolicy    *delays;
  GMenuModel           *row_menu;
  GtkWidget            *row_popover;     /* the row menu, parented to the list */
  char                 *sort_context;    /* the status tab: each keeps its own sort */
  gboolean              several_recipients;
  gboolean              issued;          /* the supplier's list: its own layout, no own-company columns */
  gboolean              excluded[CHORUS_SORT_LAST]; /* columns that make no sense on this side */
  guint                 bind_serial;     /* bumped when cells must show something new for the same invoice */
  gboolean              applying;        /* our own changes must not be saved back or re-emitted */
  gboolean              saving;          /* GSettings reports our own writes: not to be applied again */
  guint                 save_idle_id;
  guint                 tooltips_idle_id;
  double                pending_offset;  /* where the view goes back to after a reload, -1: nowhere */
  GdkFrameClock        *scroll_clock;    /* the clock whose next after-paint scrolls, while one waits */
  gulong                scroll_handler;
  ChorusTeamSync       *team;            /* team mode: the number cell shows who processes the invoice */
};

/* chorus-invoice-list.c */
gboolean            _chorus_invoice_list_is_received             (ChorusInvoiceList   *self);
void                _chorus_invoice_list_set_column_shown        (GtkColumnViewColumn *column,
                                                                  gboolean             shown);
void                _chorus_invoice_list_apply_sort              (ChorusInvoiceList   *self);

/* chorus-invoice-list-cells.c: a factory drawing the cells of the column @info. */
GtkListItemFactory *_chorus_invoice_list_cell_factory_new        (ChorusInvoiceList         *self,
                                                                  const ChorusInvoiceColumn *info);

/* chorus-invoice-list-selection.c */
GtkWidget          *_chorus_invoice_list_inner_view              (ChorusInvoiceList   *self);
void                _chorus_invoice_list_select_position         (ChorusInvoiceList   *self,
                                                                  guint                position);
void                _chorus_invoice_list_stop_waiting_for_paint  (ChorusInvoiceList   *self);

/* Accessors for the tests. */
GtkColumnView     *chorus_invoice_list_get_column_view    (ChorusInvoiceList  *self);

G_END_DECLS
