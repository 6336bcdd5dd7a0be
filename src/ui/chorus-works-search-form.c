/* chorus-works-search-form.c: the works search's criteria as the portal offers them (type, cadre, state, recipient and its service, numbers, dates). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-works-search-form.h"

struct _ChorusWorksSearchForm
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *criteria_box;
  GtkDropDown     *type_dropdown;
  GtkStringList   *type_model;
  GtkDropDown     *cadre_dropdown;
  GtkStringList   *cadre_model;
  GtkDropDown     *status_dropdown;
  GtkStringList   *status_model;
  GtkEntry        *recipient_entry;
  GtkDropDown     *service_dropdown;
  GtkStringList   *service_model;
  GtkEntry        *number_entry;
  GtkEntry        *market_entry;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;

  ChorusDirectory *directory;
  GPtrArray       *structures;     /* the account's (ChorusStructure), with their services */
  ChorusRole       role;
  gint64           structure_id;
  GArray          *cadres;         /* ChorusCadre of cadre_dropdown, after "all" */
  GArray          *statuses;       /* ChorusStatus of status_dropdown, after "all" */
  gint64           recipient_id;   /* the recipient typed, once looked up; 0: any */
  GPtrArray       *services;       /* ChorusService of service_dropdown, after "any" */
  char            *services_siret; /* the recipient SIRET whose services are offered or coming */
  GCancellable    *services_cancellable;
  gboolean         services_busy;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (ChorusWorksSearchForm, chorus_works_search_form, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
update_busy (ChorusWorksSearchForm *self)
{
  if (self->services_busy == self->busy)
    return;
  self->busy = self->services_busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
typed_siret (ChorusWorksSearchForm *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_entry))));
}

/* The structure of @found whose identifier is exactly @siret, or NULL. */
static const ChorusStructure *
structure_with_siret (GPtrArray *found, const char *siret)
{
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (found, i);

      if (g_strcmp0 (structure->identifier, siret) == 0)
        return structure;
    }
  return NULL;
}

/* --- the recipient's service (idServiceExecutant) ---------------------------------------------- */

/* The chosen service's idService; 0 for "Any service". */
static gint64
selected_service (ChorusWorksSearchForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->service_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->services->len)
    return 0;
  return ((const ChorusService *) g_ptr_array_index (self->services, selected - 1))->id;
}

/* Offers @services (NULL: none but "Any service"), keeping the chosen one while it is among them. */
static void
set_services (ChorusWorksSearchForm *self, GPtrArray *services)
{
  gint64 kept = selected_service (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint position = 0;

  g_ptr_array_set_size (self->services, 0);
  g_ptr_array_add (labels, g_strdup (_("Any service")));
  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      const ChorusService *service = g_ptr_array_index (services, i);
      const char *name = service->name != NULL ? service->name : "";

      g_ptr_array_add (self->services, chorus_service_copy (service));
      g_ptr_array_add (labels, service->active ? g_strdup_printf ("%s – %s", service->code, name)
                                               : g_strdup_printf (_("%s – %s (inactive)"), service->code, name));
      if (service->id == kept)
        position = self->services->len;
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->service_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->service_model)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->service_dropdown, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_dropdown), self->services->len > 0);
}

static void
recipient_described_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksSearchForm) self = user_data;
  g_autoptr(GError) error = NULL;
  ChorusRecipientRules rules;
  g_autoptr(GPtrArray) services = chorus_directory_describe_finish (CHORUS_DIRECTORY (source), result, &rules, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->services_busy = FALSE;
  update_busy (self);
  if (services == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The recipient's services could not be read: %s"), error->message);

      /* Tried again when the search form opens next. */
      g_clear_pointer (&self->services_siret, g_free);
      chorus_toast_show_plain (GTK_WIDGET (self), text);
    }
  set_services (self, services);
}

static void
recipient_of_services_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusWorksSearchForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = chorus_directory_search_finish (CHORUS_DIRECTORY (source), result, &error);
  const ChorusStructure *recipient;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  recipient = structure_with_siret (found, self->services_siret);
  if (recipient == NULL)
    {
      /* The search says why when it runs; nothing to offer meanwhile. */
      self->services_busy = FALSE;
      update_busy (self);
      g_clear_pointer (&self->services_siret, g_free);
      return;
    }
  chorus_directory_describe_async (CHORUS_DIRECTORY (source), recipient->id, self->services_cancellable,
                                   recipient_described_cb, g_object_ref (self));
}

/* The services the search offers: those of the recipient typed (its SIRET, from the directory),
 * else, as contracting authority (the recipient of works pieces), those of the chosen structure,
 * kept with the account's structures. */
static void
load_services (ChorusWorksSearchForm *self)
{
  g_autofree char *siret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_entry))));
  g_autoptr(GPtrArray) own = NULL;
  gint64 structure_id;

  if (*siret != '\0' && g_strcmp0 (siret, self->services_siret) == 0)
    return;
  g_cancellable_cancel (self->services_cancellable);
  g_clear_object (&self->services_cancellable);
  g_clear_pointer (&self->services_siret, g_free);
  self->services_busy = FALSE;
  update_busy (self);
  if (*siret != '\0')
    {
      set_services (self, NULL);
      if (self->directory == NULL || !chorus_siret_is_valid (siret))
        return;
      self->services_siret = g_steal_pointer (&siret);
      self->services_cancellable = g_cancellable_new ();
      self->services_busy = TRUE;
      update_busy (self);
      chorus_directory_search_async (self->directory, self->services_siret, self->services_cancellable,
                                     recipient_of_services_cb, g_object_ref (self));
      return;
    }
  own = g_ptr_array_new ();
  structure_id = self->structure_id;
  for (guint i = 0; self->role == CHORUS_ROLE_MOA && self->structures != NULL &&
                    i < self->structures->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (self->structures, i);

      if (structure->role != CHORUS_ROLE_MOA || (structure_id != 0 && structure->id != structure_id))
        continue;
      for (guint k = 0; structure->services != NULL && k < structure->services->len; k++)
        g_ptr_array_add (own, g_ptr_array_index (structure->services, k));
    }
  set_services (self, own);
}

/* --- the recipient --------------------------------------------------------------------------- */

gboolean
chorus_works_search_form_check (ChorusWorksSearchForm  *self,
                                GError                **error)
{
  g_autofree char *siret = NULL;

  g_return_val_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self), FALSE);

  siret = typed_siret (self);
  if (*siret == '\0' || chorus_siret_is_valid (siret))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a SIRET: the recipient is searched by its 14 digits."), siret);
  return FALSE;
}

static void
recipient_found_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ChorusWorksSearchForm *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = chorus_directory_search_finish (CHORUS_DIRECTORY (source), result, &error);
  const char *siret = g_task_get_task_data (task);
  const ChorusStructure *recipient = structure_with_siret (found, siret);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (recipient != NULL)
    {
      self->recipient_id = recipient->id;
      g_task_return_boolean (task, TRUE);
    }
  else if (error != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The recipient could not be looked up: %s"),
                             error->message);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No structure of Chorus Pro has the SIRET “%s”."),
                             siret);
}

void
chorus_works_search_form_find_recipient_async (ChorusWorksSearchForm *self,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  char *siret;

  g_return_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chorus_works_search_form_find_recipient_async);
  self->recipient_id = 0;
  siret = typed_siret (self);
  g_task_set_task_data (task, siret, g_free);
  if (!chorus_works_search_form_check (self, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (*siret == '\0' || self->directory == NULL)
    g_task_return_boolean (task, TRUE);
  else
    chorus_directory_search_async (self->directory, siret, cancellable, recipient_found_cb, g_steal_pointer (&task));
}

gboolean
chorus_works_search_form_find_recipient_finish (ChorusWorksSearchForm  *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the criteria ---------------------------------------------------------------------------- */

void
chorus_works_search_form_fill_query (ChorusWorksSearchForm *self,
                                     ChorusWorksQuery      *query,
                                     GArray                *statuses,
                                     char                 **strings)
{
  guint type, cadre, status;

  g_return_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self));

  type = gtk_drop_down_get_selected (self->type_dropdown);
  cadre = gtk_drop_down_get_selected (self->cadre_dropdown);
  status = gtk_drop_down_get_selected (self->status_dropdown);
  if (type > 0 && type < CHORUS_WORKS_TYPE_LAST)
    query->type = (ChorusWorksType) type;
  if (cadre > 0 && cadre <= self->cadres->len)
    query->cadre = g_array_index (self->cadres, ChorusCadre, cadre - 1);
  if (status > 0 && status <= self->statuses->len)
    g_array_append_val (statuses, g_array_index (self->statuses, ChorusStatus, status - 1));
  strings[0] = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry))));
  strings[1] = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->market_entry))));
  strings[2] = chorus_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
  strings[3] = chorus_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
  query->recipient_id = self->recipient_id;
  query->service_id = selected_service (self);
  query->number = strings[0];
  query->market_number = strings[1];
  query->deposit_from = strings[2];
  query->deposit_to = strings[3];
}

void
chorus_works_search_form_reset (ChorusWorksSearchForm *self)
{
  GtkEntry *entries[] = { self->recipient_entry, self->number_entry, self->market_entry, self->from_entry,
                          self->to_entry };

  g_return_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self));

  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_text (GTK_EDITABLE (entries[i]), "");
  gtk_drop_down_set_selected (self->type_dropdown, 0);
  gtk_drop_down_set_selected (self->cadre_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->service_dropdown, 0);
  self->recipient_id = 0;
}

void
chorus_works_search_form_set_directory (ChorusWorksSearchForm *self,
                                        ChorusDirectory       *directory)
{
  g_return_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self));

  g_cancellable_cancel (self->services_cancellable);
  g_clear_object (&self->services_cancellable);
  g_clear_pointer (&self->services_siret, g_free);
  self->services_busy = FALSE;
  update_busy (self);
  g_set_object (&self->directory, directory);
  self->recipient_id = 0;
  set_services (self, NULL);
}

void
chorus_works_search_form_set_account (ChorusWorksSearchForm *self,
                                      GPtrArray             *structures,
                                      ChorusRole             role,
                                      gint64                 structure_id)
{
  g_return_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self));

  if (structures != self->structures)
    {
      g_clear_pointer (&self->structures, g_ptr_array_unref);
      self->structures = structures != NULL ? g_ptr_array_ref (structures) : NULL;
    }
  self->role = role;
  self->structure_id = structure_id;
  load_services (self);
}

gboolean
chorus_works_search_form_get_busy (ChorusWorksSearchForm *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_SEARCH_FORM (self), FALSE);

  return self->busy;
}

/* --- object ---------------------------------------------------------------------------------- */

static void
fill_criteria (ChorusWorksSearchForm *self)
{
  gtk_string_list_append (self->type_model, _("All types of piece"));
  for (ChorusWorksType type = CHORUS_WORKS_TYPE_UNKNOWN + 1; type < CHORUS_WORKS_TYPE_LAST; type++)
    gtk_string_list_append (self->type_model, chorus_works_type_label (type));
  gtk_string_list_append (self->cadre_model, _("All billing frameworks"));
  for (ChorusCadre cadre = CHORUS_CADRE_A1; cadre < CHORUS_CADRE_LAST; cadre++)
    if (chorus_works_cadre_is_piece (cadre))
      {
        g_autofree char *label = g_strdup_printf ("%s – %s", chorus_cadre_short_code (cadre), chorus_cadre_label (cadre));

        gtk_string_list_append (self->cadre_model, label);
        g_array_append_val (self->cadres, cadre);
      }
  gtk_string_list_append (self->status_model, _("All states"));
  for (ChorusStatus status = CHORUS_STATUS_UNKNOWN + 1; status < CHORUS_STATUS_LAST; status++)
    if (chorus_status_is_works_piece_status (status))
      {
        gtk_string_list_append (self->status_model, chorus_status_label (status));
        g_array_append_val (self->statuses, status);
      }
}

static void
chorus_works_search_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ChorusWorksSearchForm *self = CHORUS_WORKS_SEARCH_FORM (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_works_search_form_dispose (GObject *object)
{
  ChorusWorksSearchForm *self = CHORUS_WORKS_SEARCH_FORM (object);

  g_cancellable_cancel (self->services_cancellable);
  g_clear_object (&self->services_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_SEARCH_FORM);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_clear_pointer (&self->cadres, g_array_unref);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->services_siret, g_free);
  G_OBJECT_CLASS (chorus_works_search_form_parent_class)->dispose (object);
}

static void
chorus_works_search_form_class_init (ChorusWorksSearchFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_search_form_dispose;
  object_class->get_property = chorus_works_search_form_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-search-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusWorksSearchForm, name)
  BIND (criteria_box); BIND (type_dropdown); BIND (type_model); BIND (cadre_dropdown); BIND (cadre_model);
  BIND (status_dropdown); BIND (status_model); BIND (recipient_entry); BIND (service_dropdown); BIND (service_model);
  BIND (number_entry); BIND (market_entry); BIND (from_entry); BIND (to_entry);
#undef BIND
}

static void
chorus_works_search_form_init (ChorusWorksSearchForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->role = CHORUS_ROLE_FOURNISSEUR;
  self->cadres = g_array_new (FALSE, FALSE, sizeof (ChorusCadre));
  self->statuses = g_array_new (FALSE, FALSE, sizeof (ChorusStatus));
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_service_free);
  fill_criteria (self);
  set_services (self, NULL);
  g_signal_connect_swapped (self->recipient_entry, "changed", G_CALLBACK (load_services), self);
}

GtkWidget *
chorus_works_search_form_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_SEARCH_FORM, NULL);
}
