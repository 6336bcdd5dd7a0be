/* chorus-filter-bar.c: turns what the user typed into a ChorusInvoiceFilter; input that does not parse
 * is marked in red and left out of the filter rather than silently changing its meaning. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "chorus-filter-bar.h"
#include "chorus-plain-text.h"

#define DEBOUNCE_MS 250

struct _ChorusFilterBar
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkToggleButton *group_to_process;
  GtkToggleButton *group_sent_back;
  GtkToggleButton *group_processed;
  GtkToggleButton *group_all;
  GtkSearchEntry  *search_entry;
  GtkToggleButton *more_button;
  GtkPopover      *saved_popover;
  GtkListBox      *saved_list;
  GtkEntry        *save_name_entry;
  GtkEntry        *date_from_entry;
  GtkEntry        *date_to_entry;
  GtkDropDown     *supplier_type_dropdown;
  GtkEntry        *supplier_entry;
  GtkEntry        *recipient_entry;
  GtkEntry        *gestionnaire_entry;
  GtkEntry        *service_entry;
  GtkEntry        *amount_min_entry;
  GtkEntry        *amount_max_entry;

  ChorusStore     *store;
  ChorusDirection  direction;
  guint            counts[CHORUS_STATUS_GROUP_LAST];
  /* Parsed values the filter points to. */
  char            *date_from;
  char            *date_to;
  guint            changed_id;
  gboolean         applying;
};

G_DEFINE_FINAL_TYPE (ChorusFilterBar, chorus_filter_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (ChorusFilterBar *self,
            const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), chorus_toast_new_plain (text));
}

/* The supplier follows an issued invoice through three stages, each a set of status groups:
 * still on its way or with the recipient, sent back for a correction, and processed. */
static const guint issued_in_progress = (1u << CHORUS_STATUS_GROUP_IN_TRANSIT) | (1u << CHORUS_STATUS_GROUP_IN_VALIDATION) |
                                        (1u << CHORUS_STATUS_GROUP_TO_PROCESS) | (1u << CHORUS_STATUS_GROUP_WORKS);

static guint
tab_mask (ChorusFilterBar *self, ChorusStatusGroup group)
{
  if (self->direction != CHORUS_DIRECTION_ISSUED || group == CHORUS_STATUS_GROUP_ALL)
    return 0;
  return group == CHORUS_STATUS_GROUP_TO_PROCESS ? issued_in_progress : 1u << group;
}

static const char *
tab_label (ChorusFilterBar *self, ChorusStatusGroup group)
{
  if (self->direction == CHORUS_DIRECTION_ISSUED)
    switch (group)
      {
      case CHORUS_STATUS_GROUP_TO_PROCESS:
        return C_("issued invoices", "In progress");
      case CHORUS_STATUS_GROUP_SENT_BACK:
        return C_("issued invoices", "To correct");
      case CHORUS_STATUS_GROUP_ALL:
      case CHORUS_STATUS_GROUP_PROCESSED:
      case CHORUS_STATUS_GROUP_IN_VALIDATION:
      case CHORUS_STATUS_GROUP_WORKS:
      case CHORUS_STATUS_GROUP_IN_TRANSIT:
      case CHORUS_STATUS_GROUP_OTHER:
      case CHORUS_STATUS_GROUP_LAST:
      default:
        break;
      }
  return chorus_status_group_label (group);
}

static void
update_group_labels (ChorusFilterBar *self)
{
  GtkToggleButton *buttons[CHORUS_STATUS_GROUP_LAST] = {
    self->group_all, self->group_to_process, self->group_sent_back, self->group_processed,
  };

  for (guint group = 0; group < CHORUS_STATUS_GROUP_LAST; group++)
    {
      g_autofree char *label = NULL;
      guint mask = tab_mask (self, group);
      guint count = 0;

      if (buttons[group] == NULL)
        continue;   /* a group without a tab of its own here */
      if (mask == 0)
        count = self->counts[group];
      for (guint member = 0; mask != 0 && member < CHORUS_STATUS_GROUP_LAST; member++)
        if (mask & (1u << member))
          count += self->counts[member];
      label = g_strdup_printf ("%s  %u", tab_label (self, group), count);
      gtk_button_set_label (GTK_BUTTON (buttons[group]), label);
    }
}

static void
mark_entry (GtkEntry *entry,
            gboolean  valid)
{
  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static char *
parse_date_entry (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  char *iso;

  if (*text == '\0')
    {
      mark_entry (entry, TRUE);
      return NULL;
    }
  iso = chorus_date_parse (text);
  mark_entry (entry, iso != NULL);
  if (iso == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (entry), _("Type a date as dd/mm/yyyy, e.g. 23/11/2026"));
  return iso;
}

static gint64
parse_amount_entry (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gint64 cents;

  if (*text == '\0')
    {
      mark_entry (entry, TRUE);
      return -1;
    }
  if (!chorus_amount_parse (text, &cents) || cents < 0)
    {
      mark_entry (entry, FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), _("Type an amount in euros, e.g. 1 234,56"));
      return -1;
    }
  mark_entry (entry, TRUE);
  return cents;
}

static gboolean
emit_changed (gpointer data)
{
  ChorusFilterBar *self = data;

  self->changed_id = 0;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
filter_changed_cb (ChorusFilterBar *self)
{
  if (self->applying)
    return;
  /* Typing in several fields gives one query, not one per key. */
  g_clear_handle_id (&self->changed_id, g_source_remove);
  self->changed_id = g_timeout_add (DEBOUNCE_MS, emit_changed, self);
}

static void
group_toggled_cb (ChorusFilterBar *self,
                  GtkToggleButton *button)
{
  if (self->applying || !gtk_toggle_button_get_active (button))
    return;
  g_clear_handle_id (&self->changed_id, g_source_remove);
  emit_changed (self);
}

static void
clear_clicked_cb (ChorusFilterBar *self)
{
  ChorusInvoiceFilter filter;
  ChorusStatusGroup group;

  chorus_filter_bar_get_filter (self, &filter);
  group = filter.group;
  chorus_invoice_filter_init (&filter);
  filter.group = group;
  chorus_filter_bar_set_filter (self, &filter);
}

static void
delete_saved_cb (GtkButton       *button,
                 ChorusFilterBar *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "chorus-name");
  g_autoptr(GError) error = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (!chorus_store_delete_filter (self->store, name, &error))
    {
      show_toast (self, error->message);
      return;
    }
  gtk_list_box_remove (self->saved_list, row);
}

static void
saved_popover_show_cb (ChorusFilterBar *self)
{
  g_auto(GStrv) names = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list))) != NULL)
    gtk_list_box_remove (self->saved_list, child);
  if (self->store == NULL)
    return;

  names = chorus_store_list_filters (self->store, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "chorus-name", g_strdup (names[i]), g_free);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Delete this saved filter"));
      g_object_set_data_full (G_OBJECT (remove), "chorus-name", g_strdup (names[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (delete_saved_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->saved_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->saved_list), names != NULL && names[0] != NULL);
}

static void
saved_row_activated_cb (ChorusFilterBar *self,
                        GtkListBoxRow   *row)
{
  g_autoptr(GError) error = NULL;

  if (!chorus_filter_bar_apply_saved (self, g_object_get_data (G_OBJECT (row), "chorus-name"), &error))
    show_toast (self, error->message);
  gtk_popover_popdown (self->saved_popover);
}

static void
save_filter_cb (ChorusFilterBar *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->save_name_entry))));
  g_autoptr(GError) error = NULL;
  ChorusInvoiceFilter filter;

  if (*name == '\0' || self->store == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->save_name_entry));
      return;
    }
  chorus_filter_bar_get_filter (self, &filter);
  if (!chorus_store_save_filter (self->store, name, &filter, &error))
    {
      show_toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->save_name_entry), "");
  gtk_popover_popdown (self->saved_popover);
  show_toast (self, _("Filters saved"));
}

static void
chorus_filter_bar_dispose (GObject *object)
{
  ChorusFilterBar *self = CHORUS_FILTER_BAR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->changed_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_FILTER_BAR);
  /* Children of the template that are not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_pointer (&self->date_from, g_free);
  g_clear_pointer (&self->date_to, g_free);
  G_OBJECT_CLASS (chorus_filter_bar_parent_class)->dispose (object);
}

static void
chorus_filter_bar_class_init (ChorusFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_filter_bar_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, group_to_process);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, group_sent_back);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, group_processed);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, group_all);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, more_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, saved_popover);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, saved_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, save_name_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, date_from_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, date_to_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, supplier_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, supplier_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, recipient_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, gestionnaire_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, service_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, amount_min_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, amount_max_entry);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_filter_cb);
}

static void
chorus_filter_bar_init (ChorusFilterBar *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (types, _("Any supplier type"));
  for (guint type = CHORUS_ID_TYPE_UNKNOWN + 1; type < CHORUS_ID_TYPE_LAST; type++)
    gtk_string_list_append (types, chorus_id_type_label (type));
  self->applying = TRUE;
  gtk_drop_down_set_model (self->supplier_type_dropdown, G_LIST_MODEL (types));
  self->applying = FALSE;
  update_group_labels (self);
}

GtkWidget *
chorus_filter_bar_new (void)
{
  return g_object_new (CHORUS_TYPE_FILTER_BAR, NULL);
}

void
chorus_filter_bar_set_direction (ChorusFilterBar *self,
                                 ChorusDirection  direction)
{
  gboolean received = direction == CHORUS_DIRECTION_RECEIVED;

  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));

  self->direction = direction;
  /* On the issued side the supplier is always the user's own structure: filter by recipient. */
  gtk_widget_set_visible (GTK_WIDGET (self->supplier_type_dropdown), received);
  gtk_widget_set_visible (GTK_WIDGET (self->supplier_entry), received);
  gtk_widget_set_visible (GTK_WIDGET (self->gestionnaire_entry), received);
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_entry), !received);
  g_object_set (self->search_entry, "placeholder-text",
                received ? _("Search supplier, number, SIRET, reference…")
                         : _("Search recipient, number, engagement, reference…"), NULL);
  update_group_labels (self);
}

void
chorus_filter_bar_set_store (ChorusFilterBar *self,
                             ChorusStore     *store)
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  g_set_object (&self->store, store);
}

static const char *
entry_text_or_null (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return *text != '\0' ? text : NULL;
}

void
chorus_filter_bar_get_filter (ChorusFilterBar     *self,
                              ChorusInvoiceFilter *filter)
{
  guint type;
  const char *text;

  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  g_return_if_fail (filter != NULL);

  chorus_invoice_filter_init (filter);
  filter->direction = self->direction;

  if (gtk_toggle_button_get_active (self->group_to_process))
    filter->group = CHORUS_STATUS_GROUP_TO_PROCESS;
  else if (gtk_toggle_button_get_active (self->group_sent_back))
    filter->group = CHORUS_STATUS_GROUP_SENT_BACK;
  else if (gtk_toggle_button_get_active (self->group_processed))
    filter->group = CHORUS_STATUS_GROUP_PROCESSED;
  else
    filter->group = CHORUS_STATUS_GROUP_ALL;
  filter->group_mask = tab_mask (self, filter->group);

  g_free (self->date_from);
  self->date_from = parse_date_entry (self->date_from_entry);
  g_free (self->date_to);
  self->date_to = parse_date_entry (self->date_to_entry);
  filter->date_from = self->date_from;
  filter->date_to = self->date_to;

  type = gtk_drop_down_get_selected (self->supplier_type_dropdown);
  filter->supplier_type = type == GTK_INVALID_LIST_POSITION ? CHORUS_ID_TYPE_UNKNOWN : (ChorusIdType) type;
  if (self->direction == CHORUS_DIRECTION_RECEIVED)
    filter->supplier_contains = entry_text_or_null (self->supplier_entry);
  else
    filter->recipient_contains = entry_text_or_null (self->recipient_entry);
  filter->gestionnaire = entry_text_or_null (self->gestionnaire_entry);
  filter->service_code = entry_text_or_null (self->service_entry);
  filter->amount_min = parse_amount_entry (self->amount_min_entry);
  filter->amount_max = parse_amount_entry (self->amount_max_entry);
  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter->text = *text != '\0' ? text : NULL;
}

static void
set_amount_entry (GtkEntry *entry,
                  gint64    cents)
{
  g_autofree char *text = NULL;

  if (cents >= 0)
    text = g_strdup_printf ("%" G_GINT64_FORMAT ",%02d", cents / 100, (int) (cents % 100));
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

static void
set_date_entry (GtkEntry   *entry,
                const char *iso)
{
  g_autofree char *text = chorus_date_format (iso);

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

void
chorus_filter_bar_set_filter (ChorusFilterBar           *self,
                              const ChorusInvoiceFilter *filter)
{
  gboolean more;

  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  g_return_if_fail (filter != NULL);

  self->applying = TRUE;
  chorus_filter_bar_set_group (self, filter->group);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), filter->text ? filter->text : "");
  set_date_entry (self->date_from_entry, filter->date_from);
  set_date_entry (self->date_to_entry, filter->date_to);
  gtk_drop_down_set_selected (self->supplier_type_dropdown, filter->supplier_type);
  gtk_editable_set_text (GTK_EDITABLE (self->supplier_entry), filter->supplier_contains ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_entry), filter->recipient_contains ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->gestionnaire_entry), filter->gestionnaire ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->service_entry), filter->service_code ?: "");
  set_amount_entry (self->amount_min_entry, filter->amount_min);
  set_amount_entry (self->amount_max_entry, filter->amount_max);
  more = filter->date_from || filter->date_to || filter->supplier_type || filter->supplier_contains ||
         filter->recipient_contains ||
         filter->gestionnaire || filter->service_code || filter->amount_min >= 0 || filter->amount_max >= 0;
  if (more)
    gtk_toggle_button_set_active (self->more_button, TRUE);
  self->applying = FALSE;

  g_clear_handle_id (&self->changed_id, g_source_remove);
  emit_changed (self);
}

void
chorus_filter_bar_set_counts (ChorusFilterBar *self,
                              const guint      counts[CHORUS_STATUS_GROUP_LAST])
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));

  memcpy (self->counts, counts, sizeof self->counts);
  update_group_labels (self);
}

void
chorus_filter_bar_set_group (ChorusFilterBar   *self,
                             ChorusStatusGroup  group)
{
  GtkToggleButton *buttons[CHORUS_STATUS_GROUP_LAST] = {
    self->group_all, self->group_to_process, self->group_sent_back, self->group_processed,
  };

  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  g_return_if_fail (group < CHORUS_STATUS_GROUP_LAST);

  if (buttons[group] != NULL)
    gtk_toggle_button_set_active (buttons[group], TRUE);
}

gboolean
chorus_filter_bar_apply_saved (ChorusFilterBar  *self,
                               const char       *name,
                               GError          **error)
{
  ChorusInvoiceFilter filter;

  g_return_val_if_fail (CHORUS_IS_FILTER_BAR (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->store == NULL || !chorus_store_load_filter (self->store, name, &filter, error))
    return FALSE;
  chorus_filter_bar_set_filter (self, &filter);
  return TRUE;
}

void
chorus_filter_bar_focus_search (ChorusFilterBar *self)
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
