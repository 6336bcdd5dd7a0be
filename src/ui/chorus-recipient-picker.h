/* chorus-recipient-picker.h: finds an invoice's recipient in the directory, with its service, engagement and obligations. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-directory.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_RECIPIENT_PICKER (chorus_recipient_picker_get_type ())
G_DECLARE_FINAL_TYPE (ChorusRecipientPicker, chorus_recipient_picker, CHORUS, RECIPIENT_PICKER, GtkWidget)

/* Emits "changed" whenever the recipient, its description (services, obligations), the service
 * or the engagement number change. */
GtkWidget             *chorus_recipient_picker_new            (void);
void                   chorus_recipient_picker_set_directory  (ChorusRecipientPicker *self,
                                                               ChorusDirectory       *directory);
/* Picks @structure (NULL: none) as if chosen in the list, looks up its obligations and services,
 * then selects @service_code among them (NULL: none). */
void                   chorus_recipient_picker_choose         (ChorusRecipientPicker *self,
                                                               const ChorusStructure *structure,
                                                               const char            *service_code);
/* Types @text in the search entry (a SIRET read from a file, for instance). */
void                   chorus_recipient_picker_search         (ChorusRecipientPicker *self,
                                                               const char            *text);
/* Searches @identifier and, when the directory has a structure with exactly that identifier,
 * chooses it with @service_code (NULL: none). */
void                   chorus_recipient_picker_find           (ChorusRecipientPicker *self,
                                                               const char            *identifier,
                                                               const char            *service_code);
const char            *chorus_recipient_picker_get_search     (ChorusRecipientPicker *self);
const ChorusStructure *chorus_recipient_picker_get_recipient  (ChorusRecipientPicker *self);
/* The chosen service, or NULL. */
const ChorusService   *chorus_recipient_picker_get_service    (ChorusRecipientPicker *self);
/* The engagement number typed, trimmed; NULL when empty. */
char                  *chorus_recipient_picker_get_engagement (ChorusRecipientPicker *self);
void                   chorus_recipient_picker_set_engagement (ChorusRecipientPicker *self,
                                                               const char            *engagement);
/* The recipient's obligations with the chosen service; FALSE until the directory answered. */
gboolean               chorus_recipient_picker_get_rules      (ChorusRecipientPicker *self,
                                                               ChorusRecipientRules  *rules);
/* The row that shows a field, to mark it when it is wrong: "search", "service" or "engagement". */
GtkWidget             *chorus_recipient_picker_get_row        (ChorusRecipientPicker *self,
                                                               const char            *field);

G_END_DECLS
