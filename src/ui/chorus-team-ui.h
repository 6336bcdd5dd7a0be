/* chorus-team-ui.h: what the workspace says about team follow-up (changed by, being processed by, lost edits), and the ask-first before processing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-team-sync.h"

G_BEGIN_DECLS

/* "Changed by Marie at 10:42", "… yesterday at …", "… on 03/03/2026 at …", "Changed by you …",
 * or "Waiting to reach the team database"; NULL when the team never had the field. Times are
 * shown in local time. */
char     *chorus_team_describe_change   (ChorusTeamSync             *team,
                                         gint64                      invoice_id,
                                         const char                 *field);
/* "Being processed by Marie since 10:42" or "You are processing this invoice"; NULL when free. */
char     *chorus_team_describe_claim    (ChorusTeamSync             *team,
                                         gint64                      invoice_id);
/* The toast for an edit of ours a colleague replaced. */
char     *chorus_team_describe_lost     (const ChorusTeamLostEdit   *lost,
                                         const char                 *invoice_number);
/* "gestionnaire", "internal reference", "notes", translated. */
const char *chorus_team_field_label     (const char                 *field);

/* Before processing @ids: if a colleague holds the claim on any, asks whether to go on anyway.
 * Finishes TRUE to go on (at once when no one else holds them, or without a team). */
void      chorus_team_confirm_processing_async  (GtkWindow          *parent,
                                                 ChorusTeamSync     *team,
                                                 const gint64       *ids,
                                                 guint               n_ids,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean  chorus_team_confirm_processing_finish (GAsyncResult       *result,
                                                 GError            **error);

G_END_DECLS
