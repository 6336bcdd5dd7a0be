/* chorus-toast.h: a short message in the toast overlay above a widget (the log when it has none). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void chorus_show_toast (GtkWidget  *widget,
                        const char *text);

G_END_DECLS
