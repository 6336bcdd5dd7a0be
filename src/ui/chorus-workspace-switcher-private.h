/* chorus-workspace-switcher-private.h: what the tests read of ChorusWorkspaceSwitcher beyond its public API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chorus-workspace-switcher.h"

G_BEGIN_DECLS

/* Accessors for the tests. */
/* The page names offered, in their order. */
GStrv       chorus_workspace_switcher_get_pages (ChorusWorkspaceSwitcher *self);

G_END_DECLS
