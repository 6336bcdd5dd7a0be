/* chorus-detail-loader.h: fills an invoice detail pane: the cached invoice and the actions on it at
 * once, its detail and documents from Chorus Pro when missing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-invoice-detail.h"
#include "chorus-invoice-list.h"
#include "chorus-split-view.h"
#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DETAIL_LOADER (chorus_detail_loader_get_type ())
G_DECLARE_FINAL_TYPE (ChorusDetailLoader, chorus_detail_loader, CHORUS, DETAIL_LOADER, GObject)

/* Fills @detail (not owned: the loader stops when it goes), and loads the documents it asks for. */
ChorusDetailLoader *chorus_detail_loader_new           (ChorusInvoiceDetail *detail);
void                chorus_detail_loader_set_store     (ChorusDetailLoader  *self,
                                                        ChorusStore         *store);
/* Nullable: without a sync, only what the store holds is shown. A new one forgets the invoice
 * shown, so that the next show fetches what the store lacks. */
void                chorus_detail_loader_set_sync      (ChorusDetailLoader  *self,
                                                        ChorusSync          *sync);
/* Shows invoice @id as the store has it, then its PDF, and its detail and history from Chorus Pro
 * when they were never read. The same invoice again is shown again only with @force (its row
 * changed). FALSE with @error when the store cannot read it; the pane is then emptied. */
gboolean            chorus_detail_loader_show          (ChorusDetailLoader  *self,
                                                        gint64               id,
                                                        gboolean             force,
                                                        GError             **error);
/* @list beside the detail in @split_view (neither owned): Enter or a double click on a row opens its
 * PDF, a click opens the detail page of a narrow window, and back on the list the selected invoice
 * is in view. */
void                chorus_detail_loader_pair_list     (ChorusDetailLoader  *self,
                                                        ChorusInvoiceList   *list,
                                                        ChorusSplitView     *split_view);
/* The paired list's selection: its one invoice (as chorus_detail_loader_show()), or none or a
 * summary of several; then "selection-shown". */
void                chorus_detail_loader_show_selection (ChorusDetailLoader *self,
                                                         gboolean            force);
/* The same after a short delay, with the selection as it is then; an invoice shown meanwhile
 * (chorus_detail_loader_show()) cancels it. */
void                chorus_detail_loader_show_selection_later (ChorusDetailLoader *self);
/* A delayed show still to come is done now (an action on the invoice must not wait for it). */
void                chorus_detail_loader_flush         (ChorusDetailLoader  *self);
/* No invoice (@n_selected 0), or a summary of several. */
void                chorus_detail_loader_show_none     (ChorusDetailLoader  *self,
                                                        guint                n_selected);
/* Chorus Pro answered an action on @invoice_id (@ok: accepted): the invoice shown is read again
 * for its history, and a few refused ones for the status they have now. */
void                chorus_detail_loader_answered      (ChorusDetailLoader  *self,
                                                        gint64               invoice_id,
                                                        gboolean             ok);
/* The invoice's PDF (0) or one of its attachments, in the detail's viewer. */
void                chorus_detail_loader_load_document (ChorusDetailLoader  *self,
                                                        gint64               attachment_id);

G_END_DECLS
