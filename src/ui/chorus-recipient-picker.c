/* chorus-recipient-picker.c: the directory search, the chosen recipient's services and what it requires. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "chorus-recipient-picker.h"

struct _ChorusRecipientPicker
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkSearchEntry       *recipient_search;
  GtkListBox           *recipient_list;
  GtkLabel             *recipient_placeholder;
  AdwPreferencesGroup  *service_group;
  AdwComboRow          *service_row;
  GtkStringList        *service_model;
  AdwEntryRow          *engagement_row;
  AdwActionRow         *obligations_row;

  /* State */
  ChorusDirectory      *directory;
  GCancellable         *search_cancellable;
  GCancellable         *describe_cancellable;
  GPtrArray            *structures;       /* ChorusStructure, the search results */
  ChorusStructure      *recipient;        /* the chosen one */
  GPtrArray            *services;         /* ChorusService of the recipient */
  char                 *pending_service;  /* to select once the services are known */
  char                 *wanted;           /* identifier to choose when the search finds it */
  char                 *wanted_service;
  ChorusRecipientRules  rules;
  gboolean              rules_known;
  gboolean              filling;
};

G_DEFINE_FINAL_TYPE (ChorusRecipientPicker, chorus_recipient_picker, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
emit_changed (ChorusRecipientPicker *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Removes the rows, not the placeholder. */
static void
clear_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

const ChorusService *
chorus_recipient_picker_get_service (ChorusRecipientPicker *self)
{
  guint selected;

  g_return_val_if_fail (CHORUS_IS_RECIPIENT_PICKER (self), NULL);

  selected = adw_combo_row_get_selected (self->service_row);
  /* Position 0 is "no service". */
  if (self->services == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->services->len)
    return NULL;
  return g_ptr_array_index (self->services, selected - 1);
}

static void
update_obligations (ChorusRecipientPicker *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const ChorusService *service = chorus_recipient_picker_get_service (self);
  gboolean engagement = FALSE;

  if (!self->rules_known)
    {
      adw_action_row_set_subtitle (self->obligations_row, self->recipient ? _("Looking up the recipient…") : "");
      return;
    }
  chorus_recipient_rules_set_service (&self->rules, self->services, service != NULL ? service->code : NULL);
  if (self->rules.service_required)
    g_string_append_printf (text, "%s\n", _("Service code required"));
  if (self->rules.engagement_required)
    {
      g_string_append_printf (text, "%s\n", _("Engagement number required"));
      engagement = TRUE;
    }
  if (self->rules.engagement_or_service)
    g_string_append_printf (text, "%s\n", _("Service code or engagement number required"));
  if (self->rules.service_engagement_required)
    {
      g_string_append_printf (text, "%s\n", _("The chosen service requires an engagement number"));
      engagement = TRUE;
    }
  if (text->len == 0)
    g_string_append (text, _("No service code or engagement number required"));
  else
    g_string_truncate (text, text->len - 1);
  adw_action_row_set_subtitle (self->obligations_row, text->str);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->engagement_row),
                                 engagement ? _("Engagement number (required)") : _("Engagement number"));
}

static void
describe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusRecipientPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  ChorusRecipientRules rules = { 0 };
  g_autoptr(GPtrArray) services = chorus_directory_describe_finish (CHORUS_DIRECTORY (source), result, &rules, &error);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (services == NULL)
    {
      adw_action_row_set_subtitle (self->obligations_row, error->message);
      return;
    }

  g_clear_pointer (&self->services, g_ptr_array_unref);
  self->services = g_ptr_array_ref (services);
  self->rules = rules;
  self->rules_known = TRUE;

  g_ptr_array_add (labels, g_strdup (_("No service")));
  for (guint i = 0; i < services->len; i++)
    {
      const ChorusService *service = g_ptr_array_index (services, i);

      g_ptr_array_add (labels, service->active
                               ? g_strdup_printf ("%s – %s", service->code, service->name)
                               : g_strdup_printf (_("%s – %s (inactive)"), service->code, service->name));
    }
  g_ptr_array_add (labels, NULL);
  self->filling = TRUE;
  gtk_string_list_splice (self->service_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->service_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->service_row, 0);
  for (guint i = 0; self->pending_service != NULL && i < services->len; i++)
    if (g_strcmp0 (((ChorusService *) g_ptr_array_index (services, i))->code, self->pending_service) == 0)
      adw_combo_row_set_selected (self->service_row, i + 1);
  self->filling = FALSE;
  g_clear_pointer (&self->pending_service, g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_group), TRUE);
  update_obligations (self);
  emit_changed (self);
}

void
chorus_recipient_picker_choose (ChorusRecipientPicker *self,
                                const ChorusStructure *structure,
                                const char            *service_code)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_PICKER (self));

  g_clear_pointer (&self->recipient, chorus_structure_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_free (self->pending_service);
  self->pending_service = g_strdup (service_code);
  self->rules_known = FALSE;
  memset (&self->rules, 0, sizeof self->rules);
  if (structure != NULL)
    self->recipient = chorus_structure_copy (structure);

  self->filling = TRUE;
  gtk_string_list_splice (self->service_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->service_model)), NULL);
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_group), FALSE);
  g_cancellable_cancel (self->describe_cancellable);
  g_clear_object (&self->describe_cancellable);
  if (self->recipient != NULL && self->directory != NULL)
    {
      self->describe_cancellable = g_cancellable_new ();
      chorus_directory_describe_async (self->directory, self->recipient->id, self->describe_cancellable,
                                       describe_cb, g_object_ref (self));
    }
  update_obligations (self);
  emit_changed (self);
}

static void
row_activated_cb (ChorusRecipientPicker *self, GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->structures == NULL || index < 0 || (guint) index >= self->structures->len)
    return;
  chorus_recipient_picker_choose (self, g_ptr_array_index (self->structures, index), NULL);
}

static void
show_structures (ChorusRecipientPicker *self)
{
  clear_rows (self->recipient_list);

  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", structure->identifier,
                                                   structure->address ? " · " : "",
                                                   structure->address ? structure->address : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), structure->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->recipient_list, row);
      if (self->recipient != NULL && self->recipient->id == structure->id)
        gtk_list_box_select_row (self->recipient_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ChorusRecipientPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) structures = chorus_directory_search_finish (CHORUS_DIRECTORY (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  if (structures == NULL)
    gtk_label_set_label (self->recipient_placeholder, error->message);
  else
    {
      self->structures = g_ptr_array_ref (structures);
      gtk_label_set_label (self->recipient_placeholder, _("No recipient matches this search"));
    }
  show_structures (self);
  /* A SIRET read from the file: the structure that has it exactly is the one. */
  for (guint i = 0; self->wanted != NULL && self->structures != NULL && i < self->structures->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (self->structures, i);

      if (g_strcmp0 (structure->identifier, self->wanted) == 0)
        {
          g_autofree char *service = g_steal_pointer (&self->wanted_service);

          g_clear_pointer (&self->wanted, g_free);
          chorus_recipient_picker_choose (self, structure, service);
          show_structures (self);
          break;
        }
    }
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->wanted_service, g_free);
}

static void
search_changed_cb (ChorusRecipientPicker *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_search))));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  if (self->wanted != NULL && g_strcmp0 (self->wanted, query) != 0)
    g_clear_pointer (&self->wanted, g_free);
  if (g_utf8_strlen (query, -1) < 3 || self->directory == NULL)
    {
      gtk_label_set_label (self->recipient_placeholder,
                           self->directory ? _("Type at least three characters") : _("The directory is not available"));
      show_structures (self);
      return;
    }
  gtk_label_set_label (self->recipient_placeholder, _("Searching…"));
  show_structures (self);
  self->search_cancellable = g_cancellable_new ();
  chorus_directory_search_async (self->directory, query, self->search_cancellable, search_cb, g_object_ref (self));
}

static void
service_selected_cb (ChorusRecipientPicker *self)
{
  if (self->filling)
    return;
  update_obligations (self);
  emit_changed (self);
}

static void
engagement_changed_cb (ChorusRecipientPicker *self)
{
  emit_changed (self);
}

void
chorus_recipient_picker_set_directory (ChorusRecipientPicker *self,
                                       ChorusDirectory       *directory)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_PICKER (self));
  g_return_if_fail (directory == NULL || CHORUS_IS_DIRECTORY (directory));

  g_set_object (&self->directory, directory);
}

void
chorus_recipient_picker_search (ChorusRecipientPicker *self,
                                const char            *text)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_PICKER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_search), text != NULL ? text : "");
}

void
chorus_recipient_picker_find (ChorusRecipientPicker *self,
                              const char            *identifier,
                              const char            *service_code)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_PICKER (self));
  g_return_if_fail (identifier != NULL);

  g_free (self->wanted_service);
  self->wanted_service = g_strdup (service_code);
  chorus_recipient_picker_search (self, identifier);
  /* Set after the search started: the search clears nothing of it. */
  g_free (self->wanted);
  self->wanted = g_strdup (identifier);
}

const char *
chorus_recipient_picker_get_search (ChorusRecipientPicker *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_PICKER (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->recipient_search));
}

const ChorusStructure *
chorus_recipient_picker_get_recipient (ChorusRecipientPicker *self)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_PICKER (self), NULL);
  return self->recipient;
}

char *
chorus_recipient_picker_get_engagement (ChorusRecipientPicker *self)
{
  char *text;

  g_return_val_if_fail (CHORUS_IS_RECIPIENT_PICKER (self), NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->engagement_row))));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
chorus_recipient_picker_set_engagement (ChorusRecipientPicker *self,
                                        const char            *engagement)
{
  g_return_if_fail (CHORUS_IS_RECIPIENT_PICKER (self));

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->engagement_row), engagement != NULL ? engagement : "");
  self->filling = FALSE;
}

gboolean
chorus_recipient_picker_get_rules (ChorusRecipientPicker *self,
                                   ChorusRecipientRules  *rules)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_PICKER (self), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  if (!self->rules_known)
    return FALSE;
  *rules = self->rules;
  return TRUE;
}

GtkWidget *
chorus_recipient_picker_get_row (ChorusRecipientPicker *self,
                                 const char            *field)
{
  g_return_val_if_fail (CHORUS_IS_RECIPIENT_PICKER (self), NULL);

  if (g_strcmp0 (field, "service") == 0)
    return GTK_WIDGET (self->service_row);
  if (g_strcmp0 (field, "engagement") == 0)
    return GTK_WIDGET (self->engagement_row);
  return GTK_WIDGET (self->recipient_search);
}

static void
chorus_recipient_picker_dispose (GObject *object)
{
  ChorusRecipientPicker *self = CHORUS_RECIPIENT_PICKER (object);

  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->describe_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->describe_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_RECIPIENT_PICKER);
  /* Children without an id are not unparented by the template. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->recipient, chorus_structure_free);
  g_clear_pointer (&self->pending_service, g_free);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->wanted_service, g_free);
  G_OBJECT_CLASS (chorus_recipient_picker_parent_class)->dispose (object);
}

static void
chorus_recipient_picker_class_init (ChorusRecipientPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_recipient_picker_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-recipient-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, recipient_search);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, recipient_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, recipient_placeholder);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, service_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, service_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, service_model);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecipientPicker, obligations_row);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, engagement_changed_cb);
}

static void
chorus_recipient_picker_init (ChorusRecipientPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->service_row, "notify::selected", G_CALLBACK (service_selected_cb), self);
}

GtkWidget *
chorus_recipient_picker_new (void)
{
  return g_object_new (CHORUS_TYPE_RECIPIENT_PICKER, NULL);
}
