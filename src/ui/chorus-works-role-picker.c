/* chorus-works-role-picker.c: the works role the user looks as (supplier, project manager, contracting authority) and which of its structures. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-works-role-picker.h"

static const ChorusRole all_roles[] = { CHORUS_ROLE_FOURNISSEUR, CHORUS_ROLE_MOE, CHORUS_ROLE_MOA };

struct _ChorusWorksRolePicker
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *box;
  GtkDropDown   *role_dropdown;
  GtkStringList *role_model;
  GtkDropDown   *structure_dropdown;
  GtkStringList *structure_model;

  GPtrArray     *structures;   /* ChorusStructure */
  ChorusRole     roles[G_N_ELEMENTS (all_roles)];
  guint          n_roles;
};

G_DEFINE_FINAL_TYPE (ChorusWorksRolePicker, chorus_works_role_picker, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

ChorusRole
chorus_works_role_picker_get_role (ChorusWorksRolePicker *self)
{
  guint selected;

  g_return_val_if_fail (CHORUS_IS_WORKS_ROLE_PICKER (self), CHORUS_ROLE_UNKNOWN);

  selected = gtk_drop_down_get_selected (self->role_dropdown);
  return selected < self->n_roles ? self->roles[selected] : CHORUS_ROLE_FOURNISSEUR;
}

gint64
chorus_works_role_picker_get_structure (ChorusWorksRolePicker *self)
{
  guint selected, n = 0;
  ChorusRole role;

  g_return_val_if_fail (CHORUS_IS_WORKS_ROLE_PICKER (self), 0);

  selected = gtk_drop_down_get_selected (self->structure_dropdown);
  role = chorus_works_role_picker_get_role (self);
  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);

      if (structure->role == role && ++n == selected)
        return structure->id;
    }
  return 0;
}

/* The role's structures, "all" first; the user's choices only signal "changed". */
static void
fill_structures (ChorusWorksRolePicker *self)
{
  ChorusRole role = chorus_works_role_picker_get_role (self);

  g_signal_handlers_block_matched (self->structure_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->structure_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->structure_model)), NULL);
  gtk_string_list_append (self->structure_model, _("All structures"));
  for (guint i = 0; self->structures != NULL && i < self->structures->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (self->structures, i);
      g_autofree char *label = NULL;

      if (structure->role != role)
        continue;
      label = g_strdup_printf ("%s – %s", structure->identifier ? structure->identifier : "",
                               structure->name ? structure->name : "");
      gtk_string_list_append (self->structure_model, label);
    }
  gtk_drop_down_set_selected (self->structure_dropdown, 0);
  g_signal_handlers_unblock_matched (self->structure_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

void
chorus_works_role_picker_set_structures (ChorusWorksRolePicker *self,
                                         GPtrArray             *structures)
{
  ChorusRole current;

  g_return_if_fail (CHORUS_IS_WORKS_ROLE_PICKER (self));

  current = chorus_works_role_picker_get_role (self);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  self->structures = structures != NULL ? g_ptr_array_ref (structures) : NULL;
  self->n_roles = 0;
  for (gsize r = 0; r < G_N_ELEMENTS (all_roles); r++)
    {
      gboolean held = self->structures == NULL || self->structures->len == 0;

      for (guint i = 0; !held && i < self->structures->len; i++)
        held = ((ChorusStructure *) g_ptr_array_index (self->structures, i))->role == all_roles[r];
      if (held)
        self->roles[self->n_roles++] = all_roles[r];
    }
  /* An account with none of the works roles can still look at what it received. */
  if (self->n_roles == 0)
    for (gsize r = 0; r < G_N_ELEMENTS (all_roles); r++)
      self->roles[self->n_roles++] = all_roles[r];
  g_signal_handlers_block_matched (self->role_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->role_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->role_model)), NULL);
  for (guint i = 0; i < self->n_roles; i++)
    gtk_string_list_append (self->role_model, chorus_role_label (self->roles[i]));
  gtk_drop_down_set_selected (self->role_dropdown, 0);
  for (guint i = 0; i < self->n_roles; i++)
    if (self->roles[i] == current)
      gtk_drop_down_set_selected (self->role_dropdown, i);
  g_signal_handlers_unblock_matched (self->role_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  fill_structures (self);
}

void
chorus_works_role_picker_set_role (ChorusWorksRolePicker *self,
                                   ChorusRole             role)
{
  g_return_if_fail (CHORUS_IS_WORKS_ROLE_PICKER (self));

  for (guint i = 0; i < self->n_roles; i++)
    if (self->roles[i] == role)
      gtk_drop_down_set_selected (self->role_dropdown, i);
}

static void
role_changed_cb (ChorusWorksRolePicker *self)
{
  fill_structures (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
structure_changed_cb (ChorusWorksRolePicker *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
chorus_works_role_picker_dispose (GObject *object)
{
  ChorusWorksRolePicker *self = CHORUS_WORKS_ROLE_PICKER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_WORKS_ROLE_PICKER);
  g_clear_pointer (&self->structures, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_works_role_picker_parent_class)->dispose (object);
}

static void
chorus_works_role_picker_class_init (ChorusWorksRolePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_role_picker_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-works-role-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusWorksRolePicker, box);
  gtk_widget_class_bind_template_child (widget_class, ChorusWorksRolePicker, role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusWorksRolePicker, role_model);
  gtk_widget_class_bind_template_child (widget_class, ChorusWorksRolePicker, structure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusWorksRolePicker, structure_model);
  gtk_widget_class_bind_template_callback (widget_class, role_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, structure_changed_cb);
}

static void
chorus_works_role_picker_init (ChorusWorksRolePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  chorus_works_role_picker_set_structures (self, NULL);
}

GtkWidget *
chorus_works_role_picker_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_ROLE_PICKER, NULL);
}
