/* chorus-unreadable-banner.h: "1 facture illisible" above an invoice list, and the dialog that shows them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-sync.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_UNREADABLE_BANNER (chorus_unreadable_banner_get_type ())
G_DECLARE_FINAL_TYPE (ChorusUnreadableBanner, chorus_unreadable_banner, CHORUS, UNREADABLE_BANNER, AdwBin)

/* @direction: which list it stands above (the "direction" property, 0 received, 1 issued, 2 to
 * validate). */
GtkWidget *chorus_unreadable_banner_new        (ChorusDirection          direction);
/* Follows the pulls of @sync and counts in its store; NULL hides the banner. */
void       chorus_unreadable_banner_set_sync   (ChorusUnreadableBanner *self,
                                                ChorusSync             *sync);
/* Counts again (the banner does it after each pull by itself). */
void       chorus_unreadable_banner_refresh    (ChorusUnreadableBanner *self);
/* The window listing the items, each with its reason, its raw JSON and "Copier". */
void       chorus_unreadable_banner_show_items (ChorusUnreadableBanner *self);

G_END_DECLS
