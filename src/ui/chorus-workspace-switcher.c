/* chorus-workspace-switcher.c: a drop-down of the workspaces the roles open; the first is shown. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-workspace-switcher-private.h"

/* Each page and the roles that open it, in the order of the drop-down. The button in the header bar
 * says the short name (a 1024-pixel window leaves it about 150 pixels); the list says the whole one. */
static const struct {
  const char *page;
  const char *label;
  const char *short_label;
  const char *roles[4];
} pages[] = {
  { "recipient", N_("Received Invoices"), NC_("workspace", "Received"), { "DESTINATAIRE", NULL } },
  { "summary", N_("Payment Overview"), NC_("workspace", "Payments"), { "DESTINATAIRE", NULL } },
  { "supplier", N_("Issued Invoices"), NC_("workspace", "Issued"), { "FOURNISSEUR", NULL } },
  { "works", N_("Works Invoices"), NC_("workspace", "Works"), { "FOURNISSEUR", "MOE", "MOA", NULL } },
  { "validator", N_("Invoices to Validate"), NC_("workspace", "To Validate"), { "VALIDATEUR", NULL } },
};

struct _ChorusWorkspaceSwitcher
{
  GtkWidget     parent_instance;

  GtkDropDown  *dropdown;
  GtkStack     *stack;    /* weak */
  GPtrArray    *shown;    /* page names (static strings) offered */
  guint         counts[G_N_ELEMENTS (pages)]; /* what waits in each page; 0 = no count shown */
  gboolean      filling;
};

G_DEFINE_FINAL_TYPE (ChorusWorkspaceSwitcher, chorus_workspace_switcher, GTK_TYPE_WIDGET)

static void
selected_cb (ChorusWorkspaceSwitcher *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);
  const char *page;

  if (self->filling || self->stack == NULL || selected >= self->shown->len)
    return;
  page = g_ptr_array_index (self->shown, selected);
  if (gtk_stack_get_child_by_name (self->stack, page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, page);
}

static gboolean
role_opens (const char * const *roles,
            gsize               page)
{
  if (roles == NULL || roles[0] == NULL)
    return TRUE;
  for (gsize r = 0; pages[page].roles[r] != NULL; r++)
    if (g_strv_contains (roles, pages[page].roles[r]))
      return TRUE;
  return FALSE;
}

/* "Invoices to Validate (8)", or "To Validate (8)" when @whole is FALSE. */
static char *
page_label (ChorusWorkspaceSwitcher *self,
            gsize                    page,
            gboolean                 whole)
{
  const char *label = whole ? g_dgettext (GETTEXT_PACKAGE, pages[page].label)
                            : g_dpgettext2 (GETTEXT_PACKAGE, "workspace", pages[page].short_label);
  g_autofree char *count = NULL;

  if (self->counts[page] == 0)
    return g_strdup (label);
  count = chorus_format_count (self->counts[page]);
  /* TRANSLATORS: a workspace and how many invoices wait in it, "Invoices to Validate (8)" */
  return g_strdup_printf (_("%s (%s)"), label, count);
}

static gsize
page_index (const char *page)
{
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].page, page) == 0)
      return i;
  return G_N_ELEMENTS (pages);
}

void
chorus_workspace_switcher_set_roles (ChorusWorkspaceSwitcher *self,
                                     const char * const      *roles)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *current = chorus_workspace_switcher_get_selected (self);
  guint keep = 0;

  g_return_if_fail (CHORUS_IS_WORKSPACE_SWITCHER (self));

  g_ptr_array_set_size (self->shown, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    if (role_opens (roles, i))
      {
        if (g_strcmp0 (current, pages[i].page) == 0)
          keep = self->shown->len;
        g_autofree char *label = page_label (self, i, FALSE);

        g_ptr_array_add (self->shown, (gpointer) pages[i].page);
        gtk_string_list_append (labels, label);
      }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (labels));
  self->filling = FALSE;
  gtk_drop_down_set_selected (self->dropdown, keep);
  selected_cb (self);
  /* One workspace: nothing to switch. */
  gtk_widget_set_visible (GTK_WIDGET (self->dropdown), self->shown->len > 1);
}

void
chorus_workspace_switcher_set_count (ChorusWorkspaceSwitcher *self,
                                     const char              *page,
                                     guint                    count)
{
  gsize index = page_index (page);

  g_return_if_fail (CHORUS_IS_WORKSPACE_SWITCHER (self));
  g_return_if_fail (index < G_N_ELEMENTS (pages));

  if (self->counts[index] == count)
    return;
  self->counts[index] = count;
  for (guint i = 0; i < self->shown->len; i++)
    if (g_ptr_array_index (self->shown, i) == pages[index].page)
      {
        GtkStringList *labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->dropdown));
        guint selected = gtk_drop_down_get_selected (self->dropdown);
        g_autofree char *label = page_label (self, index, FALSE);
        const char *additions[] = { label, NULL };

        /* Replacing the row moves the selection: put it back without switching pages. */
        self->filling = TRUE;
        gtk_string_list_splice (labels, i, 1, additions);
        gtk_drop_down_set_selected (self->dropdown, selected);
        self->filling = FALSE;
      }
}

GStrv
chorus_workspace_switcher_get_pages (ChorusWorkspaceSwitcher *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CHORUS_IS_WORKSPACE_SWITCHER (self), NULL);
  for (guint i = 0; i < self->shown->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->shown, i));
  return g_strv_builder_end (builder);
}

gboolean
chorus_workspace_switcher_select (ChorusWorkspaceSwitcher *self,
                                  const char              *page)
{
  g_return_val_if_fail (CHORUS_IS_WORKSPACE_SWITCHER (self), FALSE);

  for (guint i = 0; i < self->shown->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->shown, i), page) == 0)
      {
        gtk_drop_down_set_selected (self->dropdown, i);
        selected_cb (self);
        return TRUE;
      }
  return FALSE;
}

const char *
chorus_workspace_switcher_get_selected (ChorusWorkspaceSwitcher *self)
{
  guint selected;

  g_return_val_if_fail (CHORUS_IS_WORKSPACE_SWITCHER (self), NULL);

  selected = gtk_drop_down_get_selected (self->dropdown);
  return selected < self->shown->len ? g_ptr_array_index (self->shown, selected) : NULL;
}

static void
chorus_workspace_switcher_dispose (GObject *object)
{
  ChorusWorkspaceSwitcher *self = CHORUS_WORKSPACE_SWITCHER (object);

  g_clear_pointer ((GtkWidget **) &self->dropdown, gtk_widget_unparent);
  if (self->stack != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->stack), (gpointer *) &self->stack);
  self->stack = NULL;
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_workspace_switcher_parent_class)->dispose (object);
}

static void
chorus_workspace_switcher_class_init (ChorusWorkspaceSwitcherClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_workspace_switcher_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
item_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
    }
  gtk_list_item_set_child (item, label);
}

/* The button: the model's short name. */
static void
item_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

/* The list: the whole name of the page at that row. */
static void
list_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   ChorusWorkspaceSwitcher  *self)
{
  guint position = gtk_list_item_get_position (item);
  g_autofree char *label = NULL;

  if (position < self->shown->len)
    label = page_label (self, page_index (g_ptr_array_index (self->shown, position)), TRUE);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      label ? label : gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static GtkListItemFactory *
item_factory (ChorusWorkspaceSwitcher *self,
              gboolean                 whole)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (item_setup_cb), GINT_TO_POINTER (!whole));
  if (whole)
    g_signal_connect (factory, "bind", G_CALLBACK (list_item_bind_cb), self);
  else
    g_signal_connect (factory, "bind", G_CALLBACK (item_bind_cb), NULL);
  return factory;
}

static void
chorus_workspace_switcher_init (ChorusWorkspaceSwitcher *self)
{
  g_autoptr(GtkListItemFactory) list_factory = item_factory (self, TRUE);
  g_autoptr(GtkListItemFactory) button_factory = item_factory (self, FALSE);

  self->shown = g_ptr_array_new ();
  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  /* The button says the short name (ellipsized on a narrower window still); the list the whole one. */
  gtk_drop_down_set_list_factory (self->dropdown, list_factory);
  gtk_drop_down_set_factory (self->dropdown, button_factory);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->dropdown), _("Workspace"));
  gtk_widget_set_parent (GTK_WIDGET (self->dropdown), GTK_WIDGET (self));
  g_signal_connect_object (self->dropdown, "notify::selected", G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
chorus_workspace_switcher_new (GtkStack *stack)
{
  ChorusWorkspaceSwitcher *self = g_object_new (CHORUS_TYPE_WORKSPACE_SWITCHER, NULL);

  g_return_val_if_fail (GTK_IS_STACK (stack), NULL);
  self->stack = stack;
  g_object_add_weak_pointer (G_OBJECT (stack), (gpointer *) &self->stack);
  chorus_workspace_switcher_set_roles (self, NULL);
  return GTK_WIDGET (self);
}
