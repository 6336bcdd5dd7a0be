/* chorus-complete-dialog.h: answers a suspended issued invoice with documents and a comment. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-invoice.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_COMPLETE_DIALOG (chorus_complete_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChorusCompleteDialog, chorus_complete_dialog, CHORUS, COMPLETE_DIALOG, AdwWindow)

/* "apply" is emitted once what was entered passes the platform's rules (a document or a
 * comment; each document of a type and size it takes); the handler queues the action and
 * closes the dialog, or shows why it could not with chorus_complete_dialog_set_error(). */
ChorusCompleteDialog *chorus_complete_dialog_new         (GtkWindow            *parent,
                                                          ChorusInvoice        *invoice);
void                  chorus_complete_dialog_add_file    (ChorusCompleteDialog *self,
                                                          const char           *path);
/* NULL-terminated paths of the documents, in the order added. */
const char * const   *chorus_complete_dialog_get_files   (ChorusCompleteDialog *self);
const char           *chorus_complete_dialog_get_comment (ChorusCompleteDialog *self);
void                  chorus_complete_dialog_set_error   (ChorusCompleteDialog *self,
                                                          const char           *message);
/* Presses "Complete", as the user would. */
void                  chorus_complete_dialog_apply       (ChorusCompleteDialog *self);

G_END_DECLS
