/* chorus-works-workspace-private.h: what the tests ask of the works workspace beyond its properties and actions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-works-piece.h"
#include "chorus-works-workspace.h"

G_BEGIN_DECLS

void                    chorus_works_workspace_set_role       (ChorusWorksWorkspace *self,
                                                               ChorusRole            role);
ChorusRole              chorus_works_workspace_get_role       (ChorusWorksWorkspace *self);
/* Loads the list again (the Synthèse or the search), every page, as works.refresh does. */
void                    chorus_works_workspace_refresh        (ChorusWorksWorkspace *self);
/* The pieces listed, in the list's order. */
guint                   chorus_works_workspace_get_n_pieces   (ChorusWorksWorkspace *self);
const ChorusWorksPiece *chorus_works_workspace_get_piece      (ChorusWorksWorkspace *self,
                                                               guint                 position);
/* Opens the piece with its billing file, as a click on its row does. */
void                    chorus_works_workspace_open_piece     (ChorusWorksWorkspace *self,
                                                               gint64                piece_id);
/* "list", "piece" or "deposit". */
const char             *chorus_works_workspace_get_page       (ChorusWorksWorkspace *self);
/* The text of the last toast the workspace showed (the piece view keeps its own). */
const char             *chorus_works_workspace_get_last_toast (ChorusWorksWorkspace *self);
/* Today for the checks and the payment clock, YYYY-MM-DD; NULL: the real today. */
void                    chorus_works_workspace_set_today      (ChorusWorksWorkspace *self,
                                                               const char           *today);
/* "Exporter les résultats": the pieces listed, with the portal's columns, as CSV. */
gboolean                chorus_works_workspace_export_csv     (ChorusWorksWorkspace *self,
                                                               const char           *path,
                                                               GError              **error);

G_END_DECLS
