/* chorus-works-workspace.h: works invoices: the Synthèse by role, the dossier chain, processing and association. */
#pragma once

#include <adwaita.h>

#include "chorus-client.h"
#include "chorus-works-piece.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_WORKSPACE (chorus_works_workspace_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksWorkspace, chorus_works_workspace, CHORUS, WORKS_WORKSPACE, GtkWidget)

GtkWidget  *chorus_works_workspace_new         (void);
/* Loads the pieces of the current role through @client. */
void        chorus_works_workspace_set_client  (ChorusWorksWorkspace *self,
                                                ChorusClient         *client);
void        chorus_works_workspace_set_role    (ChorusWorksWorkspace *self,
                                                ChorusRole            role);
ChorusRole  chorus_works_workspace_get_role    (ChorusWorksWorkspace *self);
void        chorus_works_workspace_refresh     (ChorusWorksWorkspace *self);
/* The pieces listed (ChorusWorksPiece), borrowed. */
GPtrArray  *chorus_works_workspace_get_pieces  (ChorusWorksWorkspace *self);
/* Selects the piece and loads its dossier. */
void        chorus_works_workspace_select      (ChorusWorksWorkspace *self,
                                                gint64                piece_id);
/* As if the user clicked @action on the selected piece, with @motif in the entry. */
void        chorus_works_workspace_run_action  (ChorusWorksWorkspace *self,
                                                ChorusWorksAction     action,
                                                ChorusWorksRefusal    refusal,
                                                const char           *motif);
/* The last message shown under the actions (an error or a confirmation). */
const char *chorus_works_workspace_get_message (ChorusWorksWorkspace *self);
/* TRUE while a request is running. */
gboolean    chorus_works_workspace_is_busy     (ChorusWorksWorkspace *self);

G_END_DECLS
