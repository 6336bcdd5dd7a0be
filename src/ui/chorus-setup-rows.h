/* chorus-setup-rows.h: rows, error labels and presets the setup wizard's pages share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-secrets.h"

G_BEGIN_DECLS

/* Shows @message under a page (NULL hides it). */
void          chorus_setup_show_error        (GtkLabel        *label,
                                              const char      *message);
void          chorus_setup_mark_invalid      (gpointer         widget,
                                              gboolean         invalid);
/* The text of an editable, trimmed. */
char         *chorus_setup_entry_text        (gpointer         editable);
gboolean      chorus_setup_has_whitespace    (const char      *text);
/* For "changed" of a field: typing takes its error away; Next checks again. */
void          chorus_setup_field_changed_cb  (GtkEditable     *field,
                                              GtkLabel        *error_label);
/* A row whose title and subtitle are plain text (they come from the user or the server). */
AdwActionRow *chorus_setup_new_plain_row     (const char      *title,
                                              const char      *subtitle);
/* A check row whose check button is returned through @check. */
AdwActionRow *chorus_setup_new_check_row     (const char      *title,
                                              const char      *subtitle,
                                              gboolean         active,
                                              GtkCheckButton **check);
gint64       *chorus_setup_int64_key         (gint64           value);
/* TRUE when IT's presets list @key (structures, services); then @listed says whether @value is
 * in the list and @locked whether it stays as set. */
gboolean      chorus_setup_preset_lists      (const char      *key,
                                              const char      *value,
                                              gboolean        *listed,
                                              gboolean        *locked);
/* Fills @row, when still empty, with the secret @kind of profile @profile_id from the keyring;
 * a keyring that cannot be read says so in a toast. */
void          chorus_setup_load_secret       (const char      *profile_id,
                                              ChorusSecretKind kind,
                                              GtkEditable     *row,
                                              GCancellable    *cancellable);
/* A row IT locked: shown, not offered. */
void          chorus_setup_lock_row          (GtkWidget       *row);

G_END_DECLS
