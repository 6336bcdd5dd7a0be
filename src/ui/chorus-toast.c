/* chorus-toast.c: widgets tell the user through the nearest AdwToastOverlay above them, as plain text. */
#include "config.h"

#include <adwaita.h>

#include "chorus-plain-text.h"
#include "chorus-toast.h"

void
chorus_show_toast (GtkWidget  *widget,
                   const char *text)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), chorus_toast_new_plain (text));
  else
    g_message ("%s", text);
}
