/* chorus-count-tab.c: the content of the status tabs of the recipient's and the validator's lists. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-count-tab.h"

GtkLabel *
chorus_count_tab_fill (GtkButton   *button,
                       const char  *title,
                       GtkLabel   **name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *count = gtk_label_new (NULL);

  g_return_val_if_fail (GTK_IS_BUTTON (button), NULL);

  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (count), 4);
  gtk_label_set_xalign (GTK_LABEL (count), 0);
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_button_set_child (button, box);
  if (name != NULL)
    *name = GTK_LABEL (title_label);
  return GTK_LABEL (count);
}
