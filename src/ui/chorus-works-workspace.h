/* chorus-works-workspace.h: works invoices as in the portal: the Synthèse, the search, the billing file, the deposit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-directory.h"
#include "chorus-sync.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_WORKSPACE (chorus_works_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksWorkspace, chorus_works_workspace, CHORUS, WORKS_WORKSPACE, GtkWidget)

GtkWidget              *chorus_works_workspace_new           (void);
/* Reads go through @sync's fetch functions, every write through its outbox. NULL: closed. */
void                    chorus_works_workspace_set_sync      (ChorusWorksWorkspace *self,
                                                              ChorusSync           *sync);
/* Where the parties of a first piece are looked up by SIRET. */
void                    chorus_works_workspace_set_directory (ChorusWorksWorkspace *self,
                                                              ChorusDirectory      *directory);
void                    chorus_works_workspace_set_role      (ChorusWorksWorkspace *self,
                                                              ChorusRole            role);
ChorusRole              chorus_works_workspace_get_role      (ChorusWorksWorkspace *self);
/* Loads the list again (the Synthèse or the search), every page. */
void                    chorus_works_workspace_refresh       (ChorusWorksWorkspace *self);
/* TRUE while pages, a billing file or a PDF are being fetched. */
gboolean                chorus_works_workspace_is_busy       (ChorusWorksWorkspace *self);
/* The pieces listed, in the list's order. */
guint                   chorus_works_workspace_get_n_pieces  (ChorusWorksWorkspace *self);
const ChorusWorksPiece *chorus_works_workspace_get_piece     (ChorusWorksWorkspace *self,
                                                              guint                 position);
/* Opens the piece with its billing file, as a click on its row does. */
void                    chorus_works_workspace_open_piece    (ChorusWorksWorkspace *self,
                                                              gint64                piece_id);
/* "list", "piece" or "deposit". */
const char             *chorus_works_workspace_get_page      (ChorusWorksWorkspace *self);
/* The line above the list (offline, refused…), "" when none. */
const char             *chorus_works_workspace_get_message   (ChorusWorksWorkspace *self);
/* Today for the checks and the payment clock, YYYY-MM-DD; NULL: the real today. */
void                    chorus_works_workspace_set_today     (ChorusWorksWorkspace *self,
                                                              const char           *today);

/* "Exporter les résultats": the pieces listed (Synthèse after its options, or the search), with the
 * portal's columns, as CSV. */
gboolean                chorus_works_workspace_export_csv    (ChorusWorksWorkspace *self,
                                                              const char           *path,
                                                              GError              **error);

G_END_DECLS
