/* chorus-setup-summary-page.c: the setup wizard's last page: the profile as it will be saved.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-setup-rows.h"
#include "chorus-setup-summary-page.h"

struct _ChorusSetupSummaryPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *summary_group;
  GtkLabel            *summary_error;

  /* State */
  GPtrArray           *summary_rows;  /* AdwActionRow */
};

G_DEFINE_FINAL_TYPE (ChorusSetupSummaryPage, chorus_setup_summary_page, ADW_TYPE_PREFERENCES_PAGE)

static void
add_summary_row (ChorusSetupSummaryPage *self,
                 const char             *title,
                 const char             *value)
{
  AdwActionRow *row = chorus_setup_new_plain_row (title, value);

  adw_preferences_group_add (self->summary_group, GTK_WIDGET (row));
  g_ptr_array_add (self->summary_rows, row);
}

static void
chorus_setup_summary_page_finalize (GObject *object)
{
  ChorusSetupSummaryPage *self = CHORUS_SETUP_SUMMARY_PAGE (object);

  g_ptr_array_unref (self->summary_rows);
  G_OBJECT_CLASS (chorus_setup_summary_page_parent_class)->finalize (object);
}

static void
chorus_setup_summary_page_class_init (ChorusSetupSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_setup_summary_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupSummaryPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupSummaryPage, summary_error);
}

static void
chorus_setup_summary_page_init (ChorusSetupSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->summary_rows = g_ptr_array_new ();
}

void
chorus_setup_summary_page_show_profile (ChorusSetupSummaryPage *self,
                                        ChorusProfile          *profile)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expiry = NULL;
  g_autofree char *structures = NULL;
  g_autofree char *roles = NULL;
  const char * const *strv;
  GPtrArray *list;

  g_return_if_fail (CHORUS_IS_SETUP_SUMMARY_PAGE (self));

  for (guint i = 0; i < self->summary_rows->len; i++)
    adw_preferences_group_remove (self->summary_group, g_ptr_array_index (self->summary_rows, i));
  g_ptr_array_set_size (self->summary_rows, 0);

  add_summary_row (self, _("Profile"), chorus_profile_get_name (profile));
  add_summary_row (self, _("Environment"), chorus_profile_environment_label (chorus_profile_get_environment (profile)));
  add_summary_row (self, _("PISTE client ID"), chorus_profile_get_client_id (profile));
  add_summary_row (self, _("Technical account"), chorus_profile_get_tech_login (profile));

  expiry = chorus_profile_describe_password_expiry (profile, now);
  add_summary_row (self, _("Password expires"), expiry != NULL ? expiry : _("Chorus Pro did not give the date"));
  structures = chorus_profile_describe_structures (profile);
  add_summary_row (self, _("Structures"), structures);

  list = chorus_profile_get_services (profile);
  for (guint i = 0; i < list->len; i++)
    {
      ChorusProfileService *s = g_ptr_array_index (list, i);
      g_string_append_printf (text, "%s%s — %s", i ? "\n" : "", s->code, s->label);
    }
  add_summary_row (self, _("Services"), text->len ? text->str : _("All services of the structures"));

  roles = chorus_profile_describe_roles (profile);
  add_summary_row (self, _("Roles"), roles);

  strv = chorus_profile_get_gestionnaires (profile);
  if (strv[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) strv);
      add_summary_row (self, _("Gestionnaires"), joined);
    }
  else
    add_summary_row (self, _("Gestionnaires"), _("None yet"));

  {
    g_autofree char *team = chorus_team_config_describe (chorus_profile_get_team_config (profile));
    add_summary_row (self, _("Team database"), team);
  }
}

void
chorus_setup_summary_page_show_error (ChorusSetupSummaryPage *self,
                                      const char             *message)
{
  g_return_if_fail (CHORUS_IS_SETUP_SUMMARY_PAGE (self));
  chorus_setup_show_error (self->summary_error, message);
}
