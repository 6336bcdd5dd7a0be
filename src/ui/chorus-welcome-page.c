/* chorus-welcome-page.c: the first-run page; its buttons trigger app.demo and app.connect. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-welcome-page.h"

struct _ChorusWelcomePage
{
  AdwBin  parent_instance;
};

G_DEFINE_FINAL_TYPE (ChorusWelcomePage, chorus_welcome_page, ADW_TYPE_BIN)

static void
chorus_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CHORUS_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (chorus_welcome_page_parent_class)->dispose (object);
}

static void
chorus_welcome_page_class_init (ChorusWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_welcome_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-welcome-page.ui");
}

static void
chorus_welcome_page_init (ChorusWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
chorus_welcome_page_new (void)
{
  return g_object_new (CHORUS_TYPE_WELCOME_PAGE, NULL);
}
