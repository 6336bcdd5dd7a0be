/* chorus-file-choice.h: the native choosers: documents joined to an invoice or a works piece, where to save a file. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Called with each file chosen. */
typedef void (*ChorusFileChosenFunc) (GtkWidget  *owner,
                                      const char *path);

/* Opens a native chooser of one or several files, modal over @owner's window, titled @title;
 * calls @chosen with each local path chosen, as long as @owner is still there. */
void chorus_choose_files (GtkWidget            *owner,
                          const char           *title,
                          ChorusFileChosenFunc  chosen);

/* Opens a native chooser of where to save a file, suggesting @name, its button @accept; calls
 * @chosen with the local path, as long as @owner is still there. */
void chorus_choose_save_path (GtkWidget            *owner,
                              const char           *title,
                              const char           *accept,
                              const char           *name,
                              ChorusFileChosenFunc  chosen);

/* Told how the saving went: @error is NULL once the file is written. */
typedef void (*ChorusBytesSavedFunc) (GtkWidget    *owner,
                                      const GError *error);

/* Opens the same chooser, then writes @bytes (a reference is kept) where the user chose, and calls
 * @saved with the outcome, as long as @owner is still there. */
void chorus_save_bytes (GtkWidget            *owner,
                        const char           *title,
                        const char           *accept,
                        const char           *name,
                        GBytes               *bytes,
                        ChorusBytesSavedFunc  saved);

/* A row for a document to send: its name, its size (or that it cannot be read) and a button that
 * removes it, whose "clicked" calls @removed with @data; the button carries @path as its "path"
 * data. */
GtkWidget *chorus_file_row_new (const char *path,
                                GCallback   removed,
                                gpointer    data);

G_END_DECLS
