/* chorus-setup-services-page.c: the setup wizard's choice of services, in each chosen structure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-setup-rows.h"
#include "chorus-setup-services-page.h"

struct _ChorusSetupServicesPage
{
  AdwPreferencesPage     parent_instance;

  /* State */
  ChorusConnectionCheck *check;             /* of the last test; NULL before */
  GCancellable          *cancellable;       /* the wizard's, for this test */
  GHashTable            *services;          /* idStructureCPP -> GPtrArray of ChorusService */
  GHashTable            *checked_services;  /* "structure:service" set chosen so far */
  GHashTable            *preset_seen;       /* "structure:service" the presets already ticked */
  GPtrArray             *service_groups;    /* AdwPreferencesGroup on the page */
};

G_DEFINE_FINAL_TYPE (ChorusSetupServicesPage, chorus_setup_services_page, ADW_TYPE_PREFERENCES_PAGE)

static char *
service_key (gint64 structure_id,
             gint64 service_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, structure_id, service_id);
}

static void
service_toggled_cb (GtkCheckButton          *check,
                    ChorusSetupServicesPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (check), "key");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->checked_services, g_strdup (key));
  else
    g_hash_table_remove (self->checked_services, key);
}

static void
fill_service_group (ChorusSetupServicesPage *self,
                    AdwPreferencesGroup     *group,
                    gint64                   structure_id,
                    GPtrArray               *services,
                    const GError            *error,
                    gboolean                 editing)
{
  GtkWidget *child;
  guint shown = 0;

  /* Drop the "Loading…" row. */
  child = g_object_get_data (G_OBJECT (group), "placeholder");
  if (child != NULL)
    {
      adw_preferences_group_remove (group, child);
      g_object_set_data (G_OBJECT (group), "placeholder", NULL);
    }

  if (error != NULL)
    {
      AdwActionRow *row = chorus_setup_new_plain_row (_("The services could not be read"), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_group_add (group, GTK_WIDGET (row));
      return;
    }

  for (guint i = 0; i < services->len; i++)
    {
      ChorusService *service = g_ptr_array_index (services, i);
      g_autofree char *key = service_key (structure_id, service->id);
      g_autofree char *title = NULL;
      gboolean listed = FALSE, locked = FALSE;
      GtkCheckButton *check;
      AdwActionRow *row;

      if (!service->active)
        continue;
      title = g_strdup_printf ("%s — %s", service->code ? service->code : "", service->name ? service->name : "");
      /* The preset ticks once; the user's later choices stand (unless locked). */
      if (!editing && chorus_setup_preset_lists ("services", service->code, &listed, &locked) &&
          (locked || g_hash_table_add (self->preset_seen, g_strdup (key))))
        {
          if (listed)
            g_hash_table_add (self->checked_services, g_strdup (key));
          else
            g_hash_table_remove (self->checked_services, key);
        }
      row = chorus_setup_new_check_row (title, NULL, g_hash_table_contains (self->checked_services, key), &check);
      if (locked)
        gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
      g_object_set_data_full (G_OBJECT (check), "key", g_steal_pointer (&key), g_free);
      g_object_set_data (G_OBJECT (check), "service", service);
      g_signal_connect (check, "toggled", G_CALLBACK (service_toggled_cb), self);
      adw_preferences_group_add (group, GTK_WIDGET (row));
      shown++;
    }
  if (shown == 0)
    adw_preferences_group_add (group, GTK_WIDGET (chorus_setup_new_plain_row (_("No active service"),
                                                                              _("Invoices are addressed to the structure as a whole."))));
}

typedef struct {
  ChorusSetupServicesPage *self;
  AdwPreferencesGroup     *group;
  gint64                   structure_id;
  gboolean                 editing;
} ServicesRequest;

static void
services_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ServicesRequest *request = user_data;
  g_autoptr(ChorusSetupServicesPage) self = request->self;
  g_autoptr(AdwPreferencesGroup) group = request->group;
  g_autoptr(GError) error = NULL;
  GPtrArray *services;

  services = chorus_connection_check_list_services_finish (CHORUS_CONNECTION_CHECK (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_ptr_array_find (self->service_groups, group, NULL))
    {
      if (services != NULL)
        g_hash_table_insert (self->services, chorus_setup_int64_key (request->structure_id), g_ptr_array_ref (services));
      fill_service_group (self, group, request->structure_id, services, error, request->editing);
    }
  g_clear_pointer (&services, g_ptr_array_unref);
  g_free (request);
}

static void
chorus_setup_services_page_dispose (GObject *object)
{
  ChorusSetupServicesPage *self = CHORUS_SETUP_SERVICES_PAGE (object);

  g_clear_object (&self->check);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (chorus_setup_services_page_parent_class)->dispose (object);
}

static void
chorus_setup_services_page_finalize (GObject *object)
{
  ChorusSetupServicesPage *self = CHORUS_SETUP_SERVICES_PAGE (object);

  g_hash_table_unref (self->services);
  g_hash_table_unref (self->checked_services);
  g_hash_table_unref (self->preset_seen);
  g_ptr_array_unref (self->service_groups);
  G_OBJECT_CLASS (chorus_setup_services_page_parent_class)->finalize (object);
}

static void
chorus_setup_services_page_class_init (ChorusSetupServicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_setup_services_page_dispose;
  object_class->finalize = chorus_setup_services_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-services-page.ui");
}

static void
chorus_setup_services_page_init (ChorusSetupServicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->services = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->checked_services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->preset_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->service_groups = g_ptr_array_new ();
}

void
chorus_setup_services_page_restart (ChorusSetupServicesPage *self,
                                    ChorusConnectionCheck   *check,
                                    GCancellable            *cancellable)
{
  g_return_if_fail (CHORUS_IS_SETUP_SERVICES_PAGE (self));

  g_set_object (&self->check, check);
  g_set_object (&self->cancellable, cancellable);
  g_hash_table_remove_all (self->services);
}

void
chorus_setup_services_page_fill (ChorusSetupServicesPage *self,
                                 GPtrArray               *structures,
                                 gboolean                 editing)
{
  g_return_if_fail (CHORUS_IS_SETUP_SERVICES_PAGE (self));

  for (guint i = 0; i < self->service_groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self), g_ptr_array_index (self->service_groups, i));
  g_ptr_array_set_size (self->service_groups, 0);

  for (guint i = 0; i < structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (structures, i);
      g_autofree char *description = NULL;
      AdwPreferencesGroup *group;
      GPtrArray *services;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      chorus_preferences_group_set_plain_title (group, structure->name ? structure->name : structure->identifier);
      description = g_strdup_printf (_("SIRET %s"), structure->identifier ? structure->identifier : "—");
      chorus_preferences_group_set_plain_description (group, description);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
      g_ptr_array_add (self->service_groups, group);

      services = g_hash_table_lookup (self->services, &structure->id);
      if (services != NULL)
        fill_service_group (self, group, structure->id, services, NULL, editing);
      else
        {
          AdwActionRow *row = chorus_setup_new_plain_row (_("Loading the services…"), NULL);
          GtkWidget *spinner = gtk_spinner_new ();
          ServicesRequest *request = g_new0 (ServicesRequest, 1);

          gtk_spinner_start (GTK_SPINNER (spinner));
          adw_action_row_add_suffix (row, spinner);
          adw_preferences_group_add (group, GTK_WIDGET (row));
          g_object_set_data (G_OBJECT (group), "placeholder", row);

          request->self = g_object_ref (self);
          request->group = g_object_ref (group);
          request->structure_id = structure->id;
          request->editing = editing;
          chorus_connection_check_list_services_async (self->check, structure->id, self->cancellable,
                                                       services_done_cb, request);
        }
    }
}

void
chorus_setup_services_page_check_service (ChorusSetupServicesPage *self,
                                          gint64                   structure_id,
                                          gint64                   service_id)
{
  g_return_if_fail (CHORUS_IS_SETUP_SERVICES_PAGE (self));
  g_hash_table_add (self->checked_services, service_key (structure_id, service_id));
}

void
chorus_setup_services_page_add_to_profile (ChorusSetupServicesPage *self,
                                           ChorusProfile           *profile,
                                           const ChorusStructure   *structure)
{
  GPtrArray *services;

  g_return_if_fail (CHORUS_IS_SETUP_SERVICES_PAGE (self));

  services = g_hash_table_lookup (self->services, &structure->id);
  for (guint j = 0; services != NULL && j < services->len; j++)
    {
      ChorusService *service = g_ptr_array_index (services, j);
      g_autofree char *key = service_key (structure->id, service->id);

      if (g_hash_table_contains (self->checked_services, key))
        chorus_profile_add_service (profile, structure->id, service->id, service->code, service->name);
    }
}
