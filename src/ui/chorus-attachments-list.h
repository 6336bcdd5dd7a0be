/* chorus-attachments-list.h: an invoice's documents: its PDF and every attachment, shown in the viewer
 * when they are PDFs, opened with the system's application otherwise, or saved. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-sync.h"

G_BEGIN_DECLS

/* Opens @uri (a file in the cache) with the system's application; tests replace it. */
typedef gboolean (*ChorusLaunchFunc) (const char  *uri,
                                      gpointer     user_data,
                                      GError     **error);

#define CHORUS_TYPE_ATTACHMENTS_LIST (chorus_attachments_list_get_type ())
G_DECLARE_FINAL_TYPE (ChorusAttachmentsList, chorus_attachments_list, CHORUS, ATTACHMENTS_LIST, GtkWidget)

/* "show-document" (gint64 attachment_id): show this PDF in the viewer (0 = the invoice's own). */
GtkWidget *chorus_attachments_list_new          (void);
/* Nullable: without it, only what the cache holds opens. */
void       chorus_attachments_list_set_sync     (ChorusAttachmentsList *self,
                                                 ChorusSync            *sync);
/* @invoice with its detail (attachments), or NULL. */
void       chorus_attachments_list_set_invoice  (ChorusAttachmentsList *self,
                                                 ChorusInvoice         *invoice);
/* As the row's button: a PDF goes to the viewer, anything else to the system's application. */
void       chorus_attachments_list_open         (ChorusAttachmentsList *self,
                                                 gint64                 attachment_id);

G_END_DECLS
