/* chorus-welcome-page.h: the first-run page offering the demo or a Chorus Pro connection. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_WELCOME_PAGE (chorus_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (ChorusWelcomePage, chorus_welcome_page, CHORUS, WELCOME_PAGE, AdwBin)

GtkWidget *chorus_welcome_page_new (void);

G_END_DECLS
