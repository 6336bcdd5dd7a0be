/* chorus-tab-strip.c: a GtkStackSwitcher that never widens its pane. GtkStackSwitcher keeps its tabs on
 * one line, so a narrow detail pane either grows or hides the last tabs; here the toggle buttons sit in a
 * flow box and the ones that do not fit go to a second line, every tab in sight. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-tab-strip.h"

struct _ChorusTabStrip
{
  GtkWidget   parent_instance;

  GtkWidget  *flow;
  GtkStack   *stack;
  GtkSelectionModel *pages;
  GPtrArray  *watched;       /* GtkStackPage: visible and title rebuild the tabs */
  GPtrArray  *buttons;       /* GtkToggleButton, one per page, NULL for a hidden page */
  gboolean    syncing;
};

G_DEFINE_FINAL_TYPE (ChorusTabStrip, chorus_tab_strip, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sync_buttons (ChorusTabStrip *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);

      if (button != NULL)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                      gtk_selection_model_is_selected (self->pages, i));
    }
  self->syncing = FALSE;
}

static void
button_toggled_cb (GtkToggleButton *button,
                   ChorusTabStrip  *self)
{
  guint index;

  if (self->syncing || self->pages == NULL)
    return;
  if (!g_ptr_array_find (self->buttons, button, &index))
    return;
  if (gtk_toggle_button_get_active (button))
    gtk_selection_model_select_item (self->pages, index, TRUE);
  else if (gtk_selection_model_is_selected (self->pages, index))
    {
      /* A tab is not switched off by clicking it again. */
      self->syncing = TRUE;
      gtk_toggle_button_set_active (button, TRUE);
      self->syncing = FALSE;
    }
}

static void rebuild (ChorusTabStrip *self);

static void
page_changed_cb (ChorusTabStrip *self)
{
  rebuild (self);
}

static void
unwatch_pages (ChorusTabStrip *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i), page_changed_cb, self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
rebuild (ChorusTabStrip *self)
{
  GtkToggleButton *group = NULL;
  GtkWidget *child;
  guint n;

  unwatch_pages (self);
  while ((child = gtk_widget_get_first_child (self->flow)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->flow), child);
  g_ptr_array_set_size (self->buttons, 0);
  if (self->pages == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      GtkWidget *button = NULL;

      g_signal_connect_swapped (page, "notify::visible", G_CALLBACK (page_changed_cb), self);
      g_signal_connect_swapped (page, "notify::title", G_CALLBACK (page_changed_cb), self);
      g_ptr_array_add (self->watched, g_object_ref (page));
      if (gtk_stack_page_get_visible (page) && gtk_stack_page_get_title (page) != NULL)
        {
          GtkWidget *flow_child = gtk_flow_box_child_new ();

          button = gtk_toggle_button_new_with_mnemonic (gtk_stack_page_get_title (page));
          gtk_widget_add_css_class (button, "flat");
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page), -1);
          if (group != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
          else
            group = GTK_TOGGLE_BUTTON (button);
          g_signal_connect (button, "toggled", G_CALLBACK (button_toggled_cb), self);
          /* The buttons take the focus, not the flow box's children around them. */
          gtk_widget_set_focusable (flow_child, FALSE);
          gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (flow_child), button);
          gtk_flow_box_append (GTK_FLOW_BOX (self->flow), flow_child);
        }
      g_ptr_array_add (self->buttons, button);
    }
  sync_buttons (self);
}

static void
items_changed_cb (ChorusTabStrip *self)
{
  rebuild (self);
}

static void
selection_changed_cb (ChorusTabStrip *self)
{
  sync_buttons (self);
}

void
chorus_tab_strip_set_stack (ChorusTabStrip *self,
                            GtkStack       *stack)
{
  g_return_if_fail (CHORUS_IS_TAB_STRIP (self));
  g_return_if_fail (stack == NULL || GTK_IS_STACK (stack));

  if (self->stack == stack)
    return;
  unwatch_pages (self);
  if (self->pages != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pages, self);
      g_clear_object (&self->pages);
    }
  g_set_object (&self->stack, stack);
  if (stack != NULL)
    {
      self->pages = gtk_stack_get_pages (stack);
      g_signal_connect_swapped (self->pages, "items-changed", G_CALLBACK (items_changed_cb), self);
      g_signal_connect_swapped (self->pages, "selection-changed", G_CALLBACK (selection_changed_cb), self);
    }
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
}

GtkWidget *
chorus_tab_strip_new (void)
{
  return g_object_new (CHORUS_TYPE_TAB_STRIP, NULL);
}

static void
chorus_tab_strip_dispose (GObject *object)
{
  ChorusTabStrip *self = CHORUS_TAB_STRIP (object);

  chorus_tab_strip_set_stack (self, NULL);
  g_clear_pointer (&self->flow, gtk_widget_unparent);
  G_OBJECT_CLASS (chorus_tab_strip_parent_class)->dispose (object);
}

static void
chorus_tab_strip_finalize (GObject *object)
{
  ChorusTabStrip *self = CHORUS_TAB_STRIP (object);

  g_ptr_array_unref (self->watched);
  g_ptr_array_unref (self->buttons);
  G_OBJECT_CLASS (chorus_tab_strip_parent_class)->finalize (object);
}

static void
chorus_tab_strip_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ChorusTabStrip *self = CHORUS_TAB_STRIP (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_tab_strip_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ChorusTabStrip *self = CHORUS_TAB_STRIP (object);

  switch (prop_id)
    {
    case PROP_STACK:
      chorus_tab_strip_set_stack (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_tab_strip_class_init (ChorusTabStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_tab_strip_dispose;
  object_class->finalize = chorus_tab_strip_finalize;
  object_class->get_property = chorus_tab_strip_get_property;
  object_class->set_property = chorus_tab_strip_set_property;

  properties[PROP_STACK] = g_param_spec_object ("stack", NULL, NULL, GTK_TYPE_STACK,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tabstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
chorus_tab_strip_init (ChorusTabStrip *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->buttons = g_ptr_array_new ();
  self->flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->flow), FALSE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 2);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 2);
  gtk_widget_set_parent (self->flow, GTK_WIDGET (self));
}
