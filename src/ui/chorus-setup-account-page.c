/* chorus-setup-account-page.c: the setup wizard's page for the Chorus Pro technical account (login and password).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-plain-text.h"
#include "chorus-setup-account-page.h"
#include "chorus-setup-rows.h"
#include "chorus-sim.h"

struct _ChorusSetupAccountPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *account_group;
  AdwEntryRow         *login_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *account_error;

  /* State */
  char                *description;  /* the group's own, when not in training */
};

G_DEFINE_FINAL_TYPE (ChorusSetupAccountPage, chorus_setup_account_page, ADW_TYPE_PREFERENCES_PAGE)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
credentials_changed_cb (ChorusSetupAccountPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
chorus_setup_account_page_finalize (GObject *object)
{
  ChorusSetupAccountPage *self = CHORUS_SETUP_ACCOUNT_PAGE (object);

  g_free (self->description);
  G_OBJECT_CLASS (chorus_setup_account_page_parent_class)->finalize (object);
}

static void
chorus_setup_account_page_class_init (ChorusSetupAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_setup_account_page_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupAccountPage, account_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupAccountPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupAccountPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupAccountPage, account_error);
}

static void
chorus_setup_account_page_init (ChorusSetupAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->description = g_strdup (adw_preferences_group_get_description (self->account_group));
  g_signal_connect_swapped (self->login_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect (self->login_row, "changed", G_CALLBACK (chorus_setup_field_changed_cb), self->account_error);
  g_signal_connect (self->password_row, "changed", G_CALLBACK (chorus_setup_field_changed_cb), self->account_error);
}

char *
chorus_setup_account_page_dup_login (ChorusSetupAccountPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self), NULL);
  return chorus_setup_entry_text (self->login_row);
}

const char *
chorus_setup_account_page_get_password (ChorusSetupAccountPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

void
chorus_setup_account_page_set_login (ChorusSetupAccountPage *self,
                                     const char             *login)
{
  g_return_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
}

void
chorus_setup_account_page_load_secret (ChorusSetupAccountPage *self,
                                       ChorusProfile          *profile,
                                       GCancellable           *cancellable)
{
  g_return_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self));
  chorus_setup_load_secret (chorus_profile_get_id (profile), CHORUS_SECRET_TECH_PASSWORD,
                            GTK_EDITABLE (self->password_row), cancellable);
}

void
chorus_setup_account_page_set_training (ChorusSetupAccountPage *self,
                                        gboolean                training)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self));

  if (training)
    description = g_strdup_printf (_("Training environment: type the login “%s” and the password “%s” of the course's technical account."),
                                   CHORUS_SIM_TECH_LOGIN, CHORUS_SIM_TECH_PASSWORD);
  chorus_preferences_group_set_plain_description (self->account_group, training ? description : self->description);
}

void
chorus_setup_account_page_apply_locks (ChorusSetupAccountPage *self,
                                       ChorusProfile          *profile)
{
  g_return_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self));
  if (!chorus_profile_key_is_writable (profile, "tech-login"))
    chorus_setup_lock_row (GTK_WIDGET (self->login_row));
}

gboolean
chorus_setup_account_page_validate (ChorusSetupAccountPage *self)
{
  g_autofree char *login = NULL;
  const char *password;
  const char *message = NULL;
  gboolean bad_login;

  g_return_val_if_fail (CHORUS_IS_SETUP_ACCOUNT_PAGE (self), FALSE);

  login = chorus_setup_entry_text (self->login_row);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  bad_login = *login == '\0' || chorus_setup_has_whitespace (login) || strchr (login, '@') == NULL;
  chorus_setup_mark_invalid (self->login_row, bad_login);
  chorus_setup_mark_invalid (self->password_row, *password == '\0');
  if (*login == '\0')
    message = _("Enter the login of the technical account, such as TECH_1_…@cpro.fr.");
  else if (bad_login)
    message = _("A technical-account login is an e-mail address without spaces, such as TECH_1_…@cpro.fr. Check it in the Chorus Pro portal.");
  else if (*password == '\0')
    message = _("Enter the password of the technical account.");
  chorus_setup_show_error (self->account_error, message);
  return message == NULL;
}
