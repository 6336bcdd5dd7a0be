/* chorus-password-banner.c: the password expiry warning; its button opens the connection editor (app.edit-connection). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-password-banner-private.h"
#include "chorus-types.h"

struct _ChorusPasswordBanner
{
  AdwBin       parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *dismiss_button;
};

G_DEFINE_FINAL_TYPE (ChorusPasswordBanner, chorus_password_banner, ADW_TYPE_BIN)

static void
dismiss_cb (ChorusPasswordBanner *self)
{
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

static void
chorus_password_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CHORUS_TYPE_PASSWORD_BANNER);
  G_OBJECT_CLASS (chorus_password_banner_parent_class)->dispose (object);
}

static void
chorus_password_banner_class_init (ChorusPasswordBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_password_banner_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-password-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusPasswordBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, ChorusPasswordBanner, label);
  gtk_widget_class_bind_template_child (widget_class, ChorusPasswordBanner, dismiss_button);
}

static void
chorus_password_banner_init (ChorusPasswordBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->dismiss_button, "clicked", G_CALLBACK (dismiss_cb), self);
}

GtkWidget *
chorus_password_banner_new (void)
{
  return g_object_new (CHORUS_TYPE_PASSWORD_BANNER, NULL);
}

void
chorus_password_banner_set_expiry (ChorusPasswordBanner *self,
                                   const char           *iso_date,
                                   int                   days)
{
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CHORUS_IS_PASSWORD_BANNER (self));

  if (iso_date == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  date = chorus_date_format (iso_date);
  if (days < 0)
    text = g_strdup_printf (_("The technical-account password expired on %s: Chorus Pro refuses the connection until you set a new one in the portal."),
                            date);
  else if (days == 0)
    text = g_strdup (_("The technical-account password expires today. Change it in the Chorus Pro portal, then here."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The technical-account password expires on %s, in %d day. Change it in the Chorus Pro portal, then here.",
                                         "The technical-account password expires on %s, in %d days. Change it in the Chorus Pro portal, then here.",
                                         days),
                            date, days);
  gtk_label_set_text (self->label, text);
  if (days <= 3)
    gtk_widget_add_css_class (GTK_WIDGET (self), "urgent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "urgent");
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

gboolean
chorus_password_banner_is_shown (ChorusPasswordBanner *self)
{
  g_return_val_if_fail (CHORUS_IS_PASSWORD_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
chorus_password_banner_get_text (ChorusPasswordBanner *self)
{
  g_return_val_if_fail (CHORUS_IS_PASSWORD_BANNER (self), NULL);
  return gtk_label_get_text (self->label);
}
