/* chorus-filter-bar.c: turns what the user typed into a ChorusInvoiceFilter; input that does not parse
 * is marked in red and left out of the filter rather than silently changing its meaning. Every filter
 * that narrows the list shows as a removable chip, and the Filtres button counts them, so nothing
 * hides behind a closed panel. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "chorus-count-tab.h"
#include "chorus-filter-bar-private.h"
#include "chorus-format.h"
#include "chorus-plain-text.h"
#include "chorus-status.h"

#define DEBOUNCE_MS 250

/* Fixed entries at the top of the handler drop-down, then the managed names. */
G_DEFINE_FINAL_TYPE (ChorusFilterBar, chorus_filter_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_chorus_filter_bar_show_toast (ChorusFilterBar *self,
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

static GtkToggleButton *
group_button (ChorusFilterBar   *self,
              ChorusStatusGroup  group)
{
  switch (group)
    {
    case CHORUS_STATUS_GROUP_ALL:
      return self->group_all;
    case CHORUS_STATUS_GROUP_TO_PROCESS:
      return self->group_to_process;
    case CHORUS_STATUS_GROUP_SENT_BACK:
      return self->group_sent_back;
    case CHORUS_STATUS_GROUP_PROCESSED:
      return self->group_processed;
    default:
      return NULL;   /* a group without a tab of its own here */
    }
}

/* Only when it changes: in GTK 4.8 each gtk_widget_set_tooltip_text() asks the X server where the
 * pointer is, and the filter is read on every change. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
update_group_labels (ChorusFilterBar *self)
{
  for (guint group = 0; group < CHORUS_STATUS_GROUP_LAST; group++)
    {
      g_autofree char *count = NULL;
      g_autofree char *tooltip = NULL;
      guint mask = tab_mask (self, group);
      guint total = 0;

      if (self->tab_counts[group] == NULL)
        continue;
      /* An issued-invoice tab may gather several groups (see tab_mask). */
      if (mask == 0)
        total = self->counts[group];
      for (guint member = 0; mask != 0 && member < CHORUS_STATUS_GROUP_LAST; member++)
        if (mask & (1u << member))
          total += self->counts[member];
      gtk_label_set_text (self->tab_names[group], tab_label (self, group));
      count = chorus_format_count (total);
      gtk_label_set_text (self->tab_counts[group], count);
      tooltip = g_strdup_printf ("%s (%u)", tab_label (self, group), total);
      set_tooltip (GTK_WIDGET (group_button (self, group)), tooltip);
    }
}

static void
build_tab (ChorusFilterBar   *self,
           ChorusStatusGroup  group)
{
  self->tab_counts[group] = chorus_count_tab_fill (GTK_BUTTON (group_button (self, group)),
                                                   chorus_status_group_label (group), &self->tab_names[group]);
}

static void
mark_entry (GtkEntry *entry,
            gboolean  valid)
{
  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      set_tooltip (GTK_WIDGET (entry), NULL);
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
    set_tooltip (GTK_WIDGET (entry), _("Type a date as dd/mm/yyyy, e.g. 23/11/2026"));
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
      set_tooltip (GTK_WIDGET (entry), _("Type an amount in euros, e.g. 1 234,56"));
      return -1;
    }
  mark_entry (entry, TRUE);
  return cents;
}

gboolean
_chorus_filter_bar_emit_changed (gpointer data)
{
  ChorusFilterBar *self = data;

  self->changed_id = 0;
  _chorus_filter_bar_update_chips (self);
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
  self->changed_id = g_timeout_add (DEBOUNCE_MS, _chorus_filter_bar_emit_changed, self);
}

static void
group_toggled_cb (ChorusFilterBar *self,
                  GtkToggleButton *button)
{
  if (self->applying || !gtk_toggle_button_get_active (button))
    return;
  g_clear_handle_id (&self->changed_id, g_source_remove);
  _chorus_filter_bar_emit_changed (self);
}

static void
clear_clicked_cb (ChorusFilterBar *self)
{
  chorus_filter_bar_clear (self, FALSE);
}

/* Drop-down choices --------------------------------------------------------------------------- */

char *
_chorus_filter_bar_my_name (ChorusFilterBar *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "my-gestionnaire");

  g_strstrip (name);
  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

const char *
_chorus_filter_bar_selected_gestionnaire (ChorusFilterBar *self,
                                          guint           *kind)
{
  guint selected = gtk_drop_down_get_selected (self->gestionnaire_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->gestionnaire_names->len)
    selected = GESTIONNAIRE_ANY;
  *kind = MIN (selected, GESTIONNAIRE_FIRST_NAME);
  return g_ptr_array_index (self->gestionnaire_names, selected);
}

static const char *
selected_service (ChorusFilterBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->service_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->service_codes->len)
    return NULL;
  return g_ptr_array_index (self->service_codes, selected);
}

static gboolean
same_text (const char *a,
           const char *b,
           gboolean    nocase)
{
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  if (!nocase)
    return g_strcmp0 (a, b) == 0;
  /* Handlers are one person in any case, as in the store. */
  folded_a = g_utf8_casefold (a, -1);
  folded_b = g_utf8_casefold (b, -1);
  return g_str_equal (folded_a, folded_b);
}

static guint
find_string (GPtrArray  *strings,
             const char *value,
             gboolean    nocase)
{
  for (guint i = 0; value != NULL && i < strings->len; i++)
    {
      const char *candidate = g_ptr_array_index (strings, i);

      if (candidate != NULL && same_text (candidate, value, nocase))
        return i;
    }
  return G_MAXUINT;
}

static void
add_gestionnaire_choice (ChorusFilterBar *self,
                         const char      *label,
                         const char      *name)
{
  gtk_string_list_append (self->gestionnaire_labels, label);
  g_ptr_array_add (self->gestionnaire_names, g_strdup (name));
}

static void
add_service_choice (ChorusFilterBar *self,
                    const char      *label,
                    const char      *code)
{
  gtk_string_list_append (self->service_labels, label);
  g_ptr_array_add (self->service_codes, g_strdup (code));
}

/* Re-reads the handlers and services, keeping what is selected. */
static void
fill_choices (ChorusFilterBar *self)
{
  g_autofree char *me = _chorus_filter_bar_my_name (self);
  g_autofree char *me_label = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autofree char *kept_name = NULL;
  g_autofree char *kept_service = NULL;
  guint kept_kind = GESTIONNAIRE_ANY, n, position;
  gboolean applying = self->applying;

  if (self->gestionnaire_names->len > 0)
    kept_name = g_strdup (_chorus_filter_bar_selected_gestionnaire (self, &kept_kind));
  kept_service = g_strdup (selected_service (self));
  if (self->store != NULL)
    {
      names = chorus_store_list_gestionnaires (self->store, NULL);
      services = chorus_store_list_services (self->store, 0, NULL);
    }

  self->applying = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaire_labels));
  gtk_string_list_splice (self->gestionnaire_labels, 0, n, NULL);
  g_ptr_array_set_size (self->gestionnaire_names, 0);
  add_gestionnaire_choice (self, _("Any handler"), NULL);
  add_gestionnaire_choice (self, _("Not assigned"), NULL);
  me_label = me != NULL ? g_strdup_printf (_("Me (%s)"), me) : g_strdup (_("Me (set your name in the preferences)"));
  add_gestionnaire_choice (self, me_label, me);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    add_gestionnaire_choice (self, names[i], names[i]);
  if (kept_kind < GESTIONNAIRE_FIRST_NAME)
    position = kept_kind;
  else if ((position = find_string (self->gestionnaire_names, kept_name, TRUE)) == G_MAXUINT || position < GESTIONNAIRE_FIRST_NAME)
    {
      /* A name no longer in the list (a saved filter set, a removed handler) stays selectable. */
      add_gestionnaire_choice (self, kept_name, kept_name);
      position = self->gestionnaire_names->len - 1;
    }
  gtk_drop_down_set_selected (self->gestionnaire_dropdown, position);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->service_labels));
  gtk_string_list_splice (self->service_labels, 0, n, NULL);
  g_ptr_array_set_size (self->service_codes, 0);
  add_service_choice (self, _("Any service"), NULL);
  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      ChorusService *service = g_ptr_array_index (services, i);
      g_autofree char *label = NULL;

      if (service->code == NULL || find_string (self->service_codes, service->code, FALSE) != G_MAXUINT)
        continue;
      label = service->name != NULL && g_strcmp0 (service->name, service->code) != 0
              ? g_strdup_printf ("%s — %s", service->code, service->name) : g_strdup (service->code);
      add_service_choice (self, label, service->code);
    }
  position = 0;
  if (kept_service != NULL && (position = find_string (self->service_codes, kept_service, FALSE)) == G_MAXUINT)
    {
      add_service_choice (self, kept_service, kept_service);
      position = self->service_codes->len - 1;
    }
  gtk_drop_down_set_selected (self->service_dropdown, position);
  self->applying = applying;
}


/* Object -------------------------------------------------------------------------------------- */

static void
my_name_changed_cb (ChorusFilterBar *self)
{
  fill_choices (self);
  filter_changed_cb (self);
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
  g_clear_object (&self->settings);
  g_clear_object (&self->gestionnaire_labels);
  g_clear_object (&self->service_labels);
  g_clear_pointer (&self->gestionnaire_names, g_ptr_array_unref);
  g_clear_pointer (&self->service_codes, g_ptr_array_unref);
  g_clear_pointer (&self->date_from, g_free);
  g_clear_pointer (&self->date_to, g_free);
  g_clear_pointer (&self->gestionnaire, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, active_count_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, saved_popover);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, saved_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, save_summary_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, save_name_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, fields_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, date_from_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, date_to_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, supplier_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, supplier_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, recipient_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, gestionnaire_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, service_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, amount_min_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, amount_max_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, duplicates_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, chips_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChorusFilterBar, chips_box);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  _chorus_filter_bar_class_saved_init (widget_class);
}

/* Shows or hides a field of the "more filters" box with its caption. */
static void
show_field (GtkWidget *field,
            gboolean   visible)
{
  GtkWidget *box = gtk_widget_get_parent (field);

  gtk_widget_set_visible (GTK_IS_FLOW_BOX_CHILD (gtk_widget_get_parent (box)) ? gtk_widget_get_parent (box) : box,
                          visible);
}

static void
chorus_filter_bar_init (ChorusFilterBar *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->gestionnaire_labels = gtk_string_list_new (NULL);
  self->gestionnaire_names = g_ptr_array_new_with_free_func (g_free);
  self->service_labels = gtk_string_list_new (NULL);
  self->service_codes = g_ptr_array_new_with_free_func (g_free);

  self->applying = TRUE;
  for (guint group = 0; group < CHORUS_STATUS_GROUP_LAST; group++)
    if (group_button (self, group) != NULL)
      build_tab (self, group);
  gtk_string_list_append (types, _("Any supplier type"));
  for (guint type = CHORUS_ID_TYPE_UNKNOWN + 1; type < CHORUS_ID_TYPE_LAST; type++)
    gtk_string_list_append (types, chorus_id_type_label (type));
  gtk_drop_down_set_model (self->supplier_type_dropdown, G_LIST_MODEL (types));
  gtk_drop_down_set_model (self->gestionnaire_dropdown, G_LIST_MODEL (self->gestionnaire_labels));
  gtk_drop_down_set_model (self->service_dropdown, G_LIST_MODEL (self->service_labels));
  fill_choices (self);
  self->applying = FALSE;

  /* GtkFlowBox wraps each field in a child that takes the focus on Tab: what was typed next then
   * went nowhere. The fields themselves take it instead. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  /* Received invoices first: the recipient's name is the account's own there. */
  show_field (GTK_WIDGET (self->recipient_entry), FALSE);

  g_signal_connect_object (self->settings, "changed::my-gestionnaire", G_CALLBACK (my_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
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
  /* On the issued side the supplier is always the user's own structure: filter by recipient;
   * handlers are the recipient's team. */
  show_field (GTK_WIDGET (self->supplier_type_dropdown), received);
  show_field (GTK_WIDGET (self->supplier_entry), received);
  show_field (GTK_WIDGET (self->gestionnaire_dropdown), received);
  show_field (GTK_WIDGET (self->recipient_entry), !received);
  g_object_set (self->search_entry, "placeholder-text",
                received ? _("Supplier, number, SIRET, commitment…") : _("Recipient, number, SIRET, commitment…"), NULL);
  update_group_labels (self);
}

void
chorus_filter_bar_set_store (ChorusFilterBar *self,
                             ChorusStore     *store)
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));

  g_set_object (&self->store, store);
  fill_choices (self);
}

void
chorus_filter_bar_reload_choices (ChorusFilterBar *self)
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  fill_choices (self);
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
  guint type, kind;
  const char *text;
  const char *name;

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

  name = _chorus_filter_bar_selected_gestionnaire (self, &kind);
  g_free (self->gestionnaire);
  self->gestionnaire = g_strdup (kind != GESTIONNAIRE_UNASSIGNED ? name : NULL);
  filter->gestionnaire = self->gestionnaire;
  filter->unassigned = kind == GESTIONNAIRE_UNASSIGNED;
  filter->service_code = selected_service (self);

  filter->amount_min = parse_amount_entry (self->amount_min_entry);
  filter->amount_max = parse_amount_entry (self->amount_max_entry);
  filter->duplicates_only = gtk_check_button_get_active (self->duplicates_check);
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

static void
select_gestionnaire (ChorusFilterBar           *self,
                     const ChorusInvoiceFilter *filter)
{
  g_autofree char *me = _chorus_filter_bar_my_name (self);
  guint position = GESTIONNAIRE_ANY;

  if (filter->unassigned)
    position = GESTIONNAIRE_UNASSIGNED;
  else if (filter->gestionnaire != NULL && me != NULL && g_ascii_strcasecmp (filter->gestionnaire, me) == 0)
    position = GESTIONNAIRE_ME;
  else if (filter->gestionnaire != NULL)
    {
      position = find_string (self->gestionnaire_names, filter->gestionnaire, TRUE);
      if (position == G_MAXUINT || position < GESTIONNAIRE_FIRST_NAME)
        {
          add_gestionnaire_choice (self, filter->gestionnaire, filter->gestionnaire);
          position = self->gestionnaire_names->len - 1;
        }
    }
  gtk_drop_down_set_selected (self->gestionnaire_dropdown, position);
}

static void
select_service (ChorusFilterBar *self,
                const char      *code)
{
  guint position = 0;

  if (code != NULL && (position = find_string (self->service_codes, code, FALSE)) == G_MAXUINT)
    {
      add_service_choice (self, code, code);
      position = self->service_codes->len - 1;
    }
  gtk_drop_down_set_selected (self->service_dropdown, position);
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
  select_gestionnaire (self, filter);
  select_service (self, filter->service_code);
  set_amount_entry (self->amount_min_entry, filter->amount_min);
  set_amount_entry (self->amount_max_entry, filter->amount_max);
  gtk_check_button_set_active (self->duplicates_check, filter->duplicates_only);
  more = filter->date_from || filter->date_to || filter->supplier_type || filter->supplier_contains ||
         filter->recipient_contains || filter->gestionnaire || filter->unassigned || filter->service_code ||
         filter->amount_min >= 0 || filter->amount_max >= 0 || filter->duplicates_only;
  if (more)
    gtk_toggle_button_set_active (self->more_button, TRUE);
  self->applying = FALSE;

  g_clear_handle_id (&self->changed_id, g_source_remove);
  _chorus_filter_bar_emit_changed (self);
}

void
chorus_filter_bar_set_counts (ChorusFilterBar *self,
                              const guint      counts[CHORUS_STATUS_GROUP_LAST])
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));

  memcpy (self->counts, counts, sizeof self->counts);
  update_group_labels (self);
}

guint
chorus_filter_bar_get_count (ChorusFilterBar   *self,
                             ChorusStatusGroup  group)
{
  g_return_val_if_fail (CHORUS_IS_FILTER_BAR (self), 0);
  g_return_val_if_fail (group < CHORUS_STATUS_GROUP_LAST, 0);
  return self->counts[group];
}

void
chorus_filter_bar_set_group (ChorusFilterBar   *self,
                             ChorusStatusGroup  group)
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  g_return_if_fail (group < CHORUS_STATUS_GROUP_LAST);

  if (group_button (self, group) != NULL)
    gtk_toggle_button_set_active (group_button (self, group), TRUE);
}

void
chorus_filter_bar_clear (ChorusFilterBar *self,
                         gboolean         search_too)
{
  ChorusInvoiceFilter filter;
  ChorusStatusGroup group;
  g_autofree char *text = NULL;

  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));

  chorus_filter_bar_get_filter (self, &filter);
  group = filter.group;
  text = g_strdup (filter.text);
  chorus_invoice_filter_init (&filter);
  filter.group = group;
  filter.text = search_too ? NULL : text;
  chorus_filter_bar_set_filter (self, &filter);
}

guint
chorus_filter_bar_get_active_count (ChorusFilterBar *self)
{
  guint n = 0;

  g_return_val_if_fail (CHORUS_IS_FILTER_BAR (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

void
chorus_filter_bar_focus_search (ChorusFilterBar *self)
{
  g_return_if_fail (CHORUS_IS_FILTER_BAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
