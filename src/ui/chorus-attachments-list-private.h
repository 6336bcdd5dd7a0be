/* chorus-attachments-list-private.h: what the tests read of ChorusAttachmentsList beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-attachments-list.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
void       chorus_attachments_list_set_launcher (ChorusAttachmentsList *self,
                                                 ChorusLaunchFunc       launch,
                                                 gpointer               user_data);
/* The file last handed to the system's application, NULL if none. */
const char *chorus_attachments_list_get_last_opened (ChorusAttachmentsList *self);
/* Rows listed (the invoice's PDF first). */
guint      chorus_attachments_list_get_n_rows   (ChorusAttachmentsList *self);

G_END_DECLS
