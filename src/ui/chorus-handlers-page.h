/* chorus-handlers-page.h: the preferences page of the handlers: the team's list, the user's own name
 * and the name of the internal reference. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_HANDLERS_PAGE (chorus_handlers_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusHandlersPage, chorus_handlers_page, CHORUS, HANDLERS_PAGE, AdwPreferencesPage)

/* @store (nullable) keeps the list; without one only the settings show. */
GtkWidget *chorus_handlers_page_new (ChorusStore *store);

G_END_DECLS
