/* chorus-delays-group.h: the legal payment delay of each recipient structure, in the preferences. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-store.h"

G_BEGIN_DECLS

#define CHORUS_TYPE_DELAYS_GROUP (chorus_delays_group_get_type ())
G_DECLARE_FINAL_TYPE (ChorusDelaysGroup, chorus_delays_group, CHORUS, DELAYS_GROUP, AdwPreferencesGroup)

/* One row per recipient structure of @store's received invoices (nullable: none). */
GtkWidget *chorus_delays_group_new (ChorusStore *store);

G_END_DECLS
