/* chorus-test-ui.h: helpers shared by the UI tests (main loop waits, widget lookup, screenshots). */
#pragma once

#include <gtk/gtk.h>

#include "chorus-test-util.h"

G_BEGIN_DECLS

/* Iterates the default main context until @condition returns TRUE or @timeout_ms passes. */
gboolean   chorus_test_wait_until      (gboolean (*condition) (gpointer data),
                                        gpointer   data,
                                        guint      timeout_ms);
/* Iterates the main context for @ms milliseconds, so layouts and frames settle. */
void       chorus_test_settle          (guint      ms);
/* First descendant of @root of type @type whose name/label/title matches @text (NULL: any). */
GtkWidget *chorus_test_find_widget     (GtkWidget *root,
                                        GType      type,
                                        const char *text);
/* Renders @widget to <CHORUS_SCREENSHOT_DIR>/<name>.png and returns the path. */
char      *chorus_test_screenshot      (GtkWidget *widget,
                                        const char *name);

G_END_DECLS
