/* chorus-plain-text.c: text from Chorus Pro, files and error messages shown as it is, never read as Pango markup. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-plain-text.h"

static char *
escape (const char *text)
{
  return text != NULL ? g_markup_escape_text (text, -1) : NULL;
}

AdwToast *
chorus_toast_new_plain (const char *text)
{
  g_autofree char *escaped = escape (text != NULL ? text : "");

  return adw_toast_new (escaped);
}

gboolean
chorus_toast_show_plain (GtkWidget  *widget,
                         const char *text)
{
  GtkWidget *overlay, *window;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if ((overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY)) != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), chorus_toast_new_plain (text));
  else if ((window = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW)) != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), chorus_toast_new_plain (text));
  else
    return FALSE;
  return TRUE;
}

void
chorus_status_page_set_plain_description (AdwStatusPage *page,
                                          const char    *text)
{
  g_autofree char *escaped = escape (text);

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));
  adw_status_page_set_description (page, escaped);
}

void
chorus_preferences_group_set_plain_title (AdwPreferencesGroup *group,
                                          const char          *text)
{
  g_autofree char *escaped = escape (text);

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  adw_preferences_group_set_title (group, escaped != NULL ? escaped : "");
}

void
chorus_preferences_group_set_plain_description (AdwPreferencesGroup *group,
                                                const char          *text)
{
  g_autofree char *escaped = escape (text);

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  adw_preferences_group_set_description (group, escaped);
}
