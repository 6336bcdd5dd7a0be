/* chorus-password-banner.h: a strip above the workspace warning that the technical-account password expires. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHORUS_TYPE_PASSWORD_BANNER (chorus_password_banner_get_type ())
G_DECLARE_FINAL_TYPE (ChorusPasswordBanner, chorus_password_banner, CHORUS, PASSWORD_BANNER, AdwBin)

GtkWidget *chorus_password_banner_new        (void);
/* Shows the warning for an expiry on @iso_date, @days from today (negative once expired);
 * a NULL date hides the banner. */
void       chorus_password_banner_set_expiry (ChorusPasswordBanner *self,
                                              const char           *iso_date,
                                              int                   days);

G_END_DECLS
