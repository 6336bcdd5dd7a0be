/* chorus-test-util.h: small helpers shared by the unit, simulator and UI tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @dir and everything under it; a missing directory is not an error. */
void chorus_test_remove_dir  (const char *dir);
/* setlocale (LC_ALL, @locale) and the app's translations from the build tree
 * (CHORUS_DESK_LOCALEDIR), as main() does in the program. */
void chorus_test_init_locale (const char *locale);

/* A one-page PDF that poppler opens, as bytes or written to @path. */
GBytes *chorus_test_tiny_pdf      (void);
void    chorus_test_write_tiny_pdf (const char *path);

G_END_DECLS
