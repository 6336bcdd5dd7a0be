/* chorus-setup-environment-page.c: the setup wizard's first page: the profile's name and its environment.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-client.h"
#include "chorus-setup-environment-page.h"
#include "chorus-setup-rows.h"

struct _ChorusSetupEnvironmentPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwEntryRow        *name_row;
  GtkCheckButton     *qualification_check;
  AdwActionRow       *qualification_row;
  GtkCheckButton     *production_check;
  AdwActionRow       *production_row;
  GtkCheckButton     *local_check;
  AdwActionRow       *local_row;
  GtkCheckButton     *training_check;
  AdwActionRow       *training_row;
  GtkLabel           *environment_error;

  /* State */
  char               *local_url;
  char               *auto_name;   /* the name we filled in, replaced while untouched */
};

G_DEFINE_FINAL_TYPE (ChorusSetupEnvironmentPage, chorus_setup_environment_page, ADW_TYPE_PREFERENCES_PAGE)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_environment_subtitle (AdwActionRow      *row,
                          ChorusEnvironment  env,
                          const char        *local_url)
{
  g_autofree char *api = chorus_environment_api_url (env, local_url);
  g_autofree char *token = chorus_environment_token_url (env, local_url);
  g_autofree char *subtitle = NULL;

  if (api == NULL || token == NULL)
    return;
  subtitle = g_strdup_printf (_("API: %s\nToken: %s"), api, token);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
follow_environment (ChorusSetupEnvironmentPage *self)
{
  g_autofree char *name = chorus_setup_entry_text (self->name_row);
  const char *label = chorus_profile_environment_label (chorus_setup_environment_page_get_environment (self));

  /* Follow the environment with the name as long as the user did not type their own. */
  if (*name == '\0' || g_strcmp0 (name, self->auto_name) == 0)
    {
      g_free (self->auto_name);
      self->auto_name = g_strdup (label);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), label);
    }
}

static void
environment_toggled_cb (ChorusSetupEnvironmentPage *self)
{
  follow_environment (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
chorus_setup_environment_page_finalize (GObject *object)
{
  ChorusSetupEnvironmentPage *self = CHORUS_SETUP_ENVIRONMENT_PAGE (object);

  g_free (self->local_url);
  g_free (self->auto_name);
  G_OBJECT_CLASS (chorus_setup_environment_page_parent_class)->finalize (object);
}

static void
chorus_setup_environment_page_class_init (ChorusSetupEnvironmentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_setup_environment_page_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-environment-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusSetupEnvironmentPage, name)
  BIND (name_row);
  BIND (qualification_check);
  BIND (qualification_row);
  BIND (production_check);
  BIND (production_row);
  BIND (local_check);
  BIND (local_row);
  BIND (training_check);
  BIND (training_row);
  BIND (environment_error);
#undef BIND
}

static void
chorus_setup_environment_page_init (ChorusSetupEnvironmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->local_url = g_strdup ("");
  set_environment_subtitle (self->qualification_row, CHORUS_ENVIRONMENT_QUALIFICATION, NULL);
  set_environment_subtitle (self->production_row, CHORUS_ENVIRONMENT_PRODUCTION, NULL);
  gtk_check_button_set_active (self->qualification_check, TRUE);
  follow_environment (self);

  g_signal_connect_swapped (self->qualification_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->production_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->local_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect_swapped (self->training_check, "toggled", G_CALLBACK (environment_toggled_cb), self);
  g_signal_connect (self->name_row, "changed", G_CALLBACK (chorus_setup_field_changed_cb), self->environment_error);
}

const char *
chorus_setup_environment_page_get_environment (ChorusSetupEnvironmentPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self), NULL);

  if (gtk_check_button_get_active (self->production_check))
    return CHORUS_PROFILE_PRODUCTION;
  if (gtk_check_button_get_active (self->local_check))
    return CHORUS_PROFILE_LOCAL;
  if (gtk_check_button_get_active (self->training_check))
    return CHORUS_PROFILE_TRAINING;
  return CHORUS_PROFILE_QUALIFICATION;
}

void
chorus_setup_environment_page_select (ChorusSetupEnvironmentPage *self,
                                      const char                 *environment,
                                      const char                 *local_url)
{
  g_return_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self));

  if (chorus_environment_is_training (environment))
    gtk_check_button_set_active (self->training_check, TRUE);
  else if (chorus_environment_from_name (environment) == CHORUS_ENVIRONMENT_LOCAL)
    chorus_setup_environment_page_set_local_url (self, local_url);
  else if (chorus_environment_from_name (environment) == CHORUS_ENVIRONMENT_PRODUCTION)
    gtk_check_button_set_active (self->production_check, TRUE);
}

char *
chorus_setup_environment_page_dup_name (ChorusSetupEnvironmentPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self), NULL);
  return chorus_setup_entry_text (self->name_row);
}

void
chorus_setup_environment_page_set_name (ChorusSetupEnvironmentPage *self,
                                        const char                 *name)
{
  g_return_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

const char *
chorus_setup_environment_page_get_local_url (ChorusSetupEnvironmentPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self), NULL);
  return self->local_url;
}

void
chorus_setup_environment_page_set_local_url (ChorusSetupEnvironmentPage *self,
                                             const char                 *base_url)
{
  g_return_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self));
  g_return_if_fail (base_url != NULL);

  g_free (self->local_url);
  self->local_url = g_strdup (base_url);
  set_environment_subtitle (self->local_row, CHORUS_ENVIRONMENT_LOCAL, base_url);
  gtk_widget_set_visible (GTK_WIDGET (self->local_row), TRUE);
  gtk_check_button_set_active (self->local_check, TRUE);
}

void
chorus_setup_environment_page_apply_locks (ChorusSetupEnvironmentPage *self,
                                           ChorusProfile              *profile)
{
  g_return_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self));

  if (!chorus_profile_key_is_writable (profile, "name"))
    chorus_setup_lock_row (GTK_WIDGET (self->name_row));
  if (!chorus_profile_key_is_writable (profile, "environment"))
    {
      chorus_setup_lock_row (GTK_WIDGET (self->qualification_row));
      chorus_setup_lock_row (GTK_WIDGET (self->production_row));
      chorus_setup_lock_row (GTK_WIDGET (self->local_row));
    }
}

gboolean
chorus_setup_environment_page_validate (ChorusSetupEnvironmentPage *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (CHORUS_IS_SETUP_ENVIRONMENT_PAGE (self), FALSE);

  name = chorus_setup_entry_text (self->name_row);
  chorus_setup_mark_invalid (self->name_row, *name == '\0');
  if (*name == '\0')
    {
      chorus_setup_show_error (self->environment_error, _("Give the profile a name, for example “Qualification”."));
      return FALSE;
    }
  chorus_setup_show_error (self->environment_error, NULL);
  return TRUE;
}
