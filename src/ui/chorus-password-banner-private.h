/* chorus-password-banner-private.h: what the tests read of ChorusPasswordBanner beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-password-banner.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
gboolean   chorus_password_banner_is_shown   (ChorusPasswordBanner *self);
const char *chorus_password_banner_get_text  (ChorusPasswordBanner *self);

G_END_DECLS
