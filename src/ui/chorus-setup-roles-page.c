/* chorus-setup-roles-page.c: the setup wizard's choice of roles (recipient, supplier, works, validator).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-presets.h"
#include "chorus-setup-roles-page.h"
#include "chorus-setup-rows.h"
#include "chorus-structure.h"

struct _ChorusSetupRolesPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  GtkCheckButton     *role_recipient_check;
  GtkCheckButton     *role_supplier_check;
  GtkCheckButton     *role_moe_check;
  GtkCheckButton     *role_moa_check;
  GtkCheckButton     *role_validator_check;
  GtkLabel           *roles_error;

  /* State */
  gboolean            initialized;
};

G_DEFINE_FINAL_TYPE (ChorusSetupRolesPage, chorus_setup_roles_page, ADW_TYPE_PREFERENCES_PAGE)

static GtkCheckButton *
role_check (ChorusSetupRolesPage *self,
            ChorusRole            role)
{
  switch (role)
    {
    case CHORUS_ROLE_FOURNISSEUR:
      return self->role_supplier_check;
    case CHORUS_ROLE_MOE:
      return self->role_moe_check;
    case CHORUS_ROLE_MOA:
      return self->role_moa_check;
    case CHORUS_ROLE_VALIDATEUR:
      return self->role_validator_check;
    case CHORUS_ROLE_DESTINATAIRE:
      return self->role_recipient_check;
    case CHORUS_ROLE_UNKNOWN:
    case CHORUS_ROLE_LAST:
    default:
      return NULL;
    }
}

static void
chorus_setup_roles_page_class_init (ChorusSetupRolesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-roles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupRolesPage, role_recipient_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupRolesPage, role_supplier_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupRolesPage, role_moe_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupRolesPage, role_moa_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupRolesPage, role_validator_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupRolesPage, roles_error);
}

static void
chorus_setup_roles_page_init (ChorusSetupRolesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
chorus_setup_roles_page_init_roles (ChorusSetupRolesPage *self,
                                    ChorusProfile        *profile,
                                    gboolean              editing,
                                    GPtrArray            *structures)
{
  gboolean any = FALSE;

  g_return_if_fail (CHORUS_IS_SETUP_ROLES_PAGE (self));

  if (self->initialized)
    return;
  self->initialized = TRUE;

  /* An existing profile keeps its roles, as does one IT preset; a new one starts from the
   * account's attachments. */
  if (editing || chorus_presets_get (chorus_presets_get_default (), "roles") != NULL)
    {
      const char * const *roles = chorus_profile_get_roles (profile);

      for (guint i = 0; roles[i] != NULL; i++)
        {
          GtkCheckButton *check = role_check (self, chorus_role_from_api (roles[i]));
          if (check != NULL)
            gtk_check_button_set_active (check, any = TRUE);
        }
    }
  else
    {
      for (guint i = 0; i < structures->len; i++)
        {
          ChorusStructure *structure = g_ptr_array_index (structures, i);
          GtkCheckButton *check = role_check (self, structure->role);

          if (check != NULL)
            gtk_check_button_set_active (check, any = TRUE);
        }
    }
  if (!any)
    gtk_check_button_set_active (self->role_recipient_check, TRUE);
}

GStrv
chorus_setup_roles_page_dup_roles (ChorusSetupRolesPage *self)
{
  g_autoptr(GStrvBuilder) roles = g_strv_builder_new ();

  g_return_val_if_fail (CHORUS_IS_SETUP_ROLES_PAGE (self), NULL);

  for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role < CHORUS_ROLE_LAST; role++)
    if (gtk_check_button_get_active (role_check (self, role)))
      g_strv_builder_add (roles, chorus_role_to_api (role));
  return g_strv_builder_end (roles);
}

void
chorus_setup_roles_page_apply_locks (ChorusSetupRolesPage *self,
                                     ChorusProfile        *profile)
{
  g_return_if_fail (CHORUS_IS_SETUP_ROLES_PAGE (self));

  if (!chorus_profile_key_is_writable (profile, "roles"))
    for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role < CHORUS_ROLE_LAST; role++)
      if (role_check (self, role) != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (role_check (self, role)), FALSE);
}

gboolean
chorus_setup_roles_page_validate (ChorusSetupRolesPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_ROLES_PAGE (self), FALSE);

  for (ChorusRole role = CHORUS_ROLE_FOURNISSEUR; role < CHORUS_ROLE_LAST; role++)
    if (gtk_check_button_get_active (role_check (self, role)))
      {
        chorus_setup_show_error (self->roles_error, NULL);
        return TRUE;
      }
  chorus_setup_show_error (self->roles_error, _("Tick at least one role, for example “Recipient” to process the invoices you receive."));
  return FALSE;
}
