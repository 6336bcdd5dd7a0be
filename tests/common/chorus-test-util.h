/* chorus-test-util.h: small helpers shared by the unit, simulator and UI tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @dir and everything under it; a missing directory is not an error. */
void chorus_test_remove_dir (const char *dir);

G_END_DECLS
