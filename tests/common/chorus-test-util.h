/* chorus-test-util.h: small helpers shared by the unit, simulator and UI tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Removes @dir and everything under it; a missing directory is not an error. */
void chorus_test_remove_dir  (const char *dir);
/* setlocale (LC_ALL, @locale) and the app's translations from the build tree
 * (CHORUS_DESK_LOCALEDIR), as main() does in the program. */
void chorus_test_init_locale (const char *locale);

/* A one-page PDF that poppler opens, as bytes or written to @path. */
GBytes *chorus_test_tiny_pdf      (void);
void    chorus_test_write_tiny_pdf (const char *path);
/* A GAsyncReadyCallback that keeps a reference to the result in *(GAsyncResult **) @user_data,
 * and the wait for it (iterating the thread-default main context). */
void          chorus_test_store_result (GObject       *source,
                                        GAsyncResult  *result,
                                        gpointer       user_data);
GAsyncResult *chorus_test_wait_result  (GAsyncResult **slot);

/* The path of a Factur-X sample under CHORUS_SAMPLES_DIR (e.g. "akretion/invoice_EN16931.pdf"),
 * newly allocated. The samples are read in place; a missing folder or file ends the test with
 * an error, never a skip. */
char         *chorus_test_sample_path  (const char     *relative);
/* The same sample's content. */
GBytes       *chorus_test_sample_bytes (const char     *relative);

G_END_DECLS
