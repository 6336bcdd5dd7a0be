/* chorus-works-search-form.h: the works search's criteria as the portal offers them (type, cadre, state, recipient and its service, numbers, dates). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-client-works.h"
#include "chorus-directory.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_WORKS_SEARCH_FORM (chorus_works_search_form_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWorksSearchForm, chorus_works_search_form, CHORUS, WORKS_SEARCH_FORM, GtkWidget)

/* Properties:
 *   "busy" (gboolean, read-only): the services of the recipient typed are being read.
 * Its Search and Reset buttons activate works.search and works.reset-search. */
GtkWidget *chorus_works_search_form_new                (void);
/* Where the recipient typed and its services are looked up (NULL: nowhere; what was offered goes). */
void       chorus_works_search_form_set_directory      (ChorusWorksSearchForm *self,
                                                        ChorusDirectory       *directory);
/* Who searches: as contracting authority, the services offered with no recipient typed are those
 * of @structure_id (0: all of the role's) among @structures (ChorusStructure, nullable). */
void       chorus_works_search_form_set_account        (ChorusWorksSearchForm *self,
                                                        GPtrArray             *structures,
                                                        ChorusRole             role,
                                                        gint64                 structure_id);
gboolean   chorus_works_search_form_get_busy           (ChorusWorksSearchForm *self);
/* FALSE with a French message when the recipient typed cannot be a SIRET. */
gboolean   chorus_works_search_form_check              (ChorusWorksSearchForm *self,
                                                        GError               **error);
/* The recipient typed, by its SIRET: the request wants its Chorus Pro id. Done at once when none
 * is typed. Fails with G_IO_ERROR_NOT_FOUND when Chorus Pro has no structure with that SIRET. */
void       chorus_works_search_form_find_recipient_async  (ChorusWorksSearchForm *self,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean   chorus_works_search_form_find_recipient_finish (ChorusWorksSearchForm *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
/* Puts the criteria into @query: @statuses (ChorusStatus) and @strings (4, freed by the caller)
 * hold what it points to. */
void       chorus_works_search_form_fill_query         (ChorusWorksSearchForm *self,
                                                        ChorusWorksQuery      *query,
                                                        GArray                *statuses,
                                                        char                 **strings);
/* Every criterion back to "any". */
void       chorus_works_search_form_reset              (ChorusWorksSearchForm *self);

G_END_DECLS
