/* chorus-plain-text.h: text from Chorus Pro, files and error messages shown as it is, never read as Pango markup. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* libadwaita 1.2 reads toast titles, status page descriptions and preferences group titles and
 * descriptions as markup: a supplier named "Dupont & Fils" would give an empty toast, and
 * "<span size='xx-large'>" would restyle it. These escape first. */
AdwToast *chorus_toast_new_plain                        (const char          *text);
/* Shows @text as a toast in the overlay or preferences window around @widget; FALSE when there is
 * none. */
gboolean  chorus_toast_show_plain                       (GtkWidget           *widget,
                                                         const char          *text);
void      chorus_status_page_set_plain_description      (AdwStatusPage       *page,
                                                         const char          *text);
void      chorus_preferences_group_set_plain_title       (AdwPreferencesGroup *group,
                                                         const char          *text);
void      chorus_preferences_group_set_plain_description (AdwPreferencesGroup *group,
                                                         const char          *text);

G_END_DECLS
