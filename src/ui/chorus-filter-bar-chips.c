/* chorus-filter-bar-chips.c: ChorusFilterBar's chips: every filter that narrows the list shows as a
 * removable chip, and the Filtres button counts them, so nothing hides behind a closed panel.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-filter-bar-private.h"
#include "chorus-format.h"

typedef enum {
  CHIP_DATE_FROM,
  CHIP_DATE_TO,
  CHIP_SUPPLIER_TYPE,
  CHIP_SUPPLIER,
  CHIP_RECIPIENT,
  CHIP_GESTIONNAIRE,
  CHIP_SERVICE,
  CHIP_AMOUNT_MIN,
  CHIP_AMOUNT_MAX,
  CHIP_DUPLICATES,
} ChipKind;

static void
chip_clicked_cb (GtkButton       *button,
                 ChorusFilterBar *self)
{
  ChipKind kind = (ChipKind) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "chorus-chip"));

  switch (kind)
    {
    case CHIP_DATE_FROM:
      gtk_editable_set_text (GTK_EDITABLE (self->date_from_entry), "");
      break;
    case CHIP_DATE_TO:
      gtk_editable_set_text (GTK_EDITABLE (self->date_to_entry), "");
      break;
    case CHIP_SUPPLIER_TYPE:
      gtk_drop_down_set_selected (self->supplier_type_dropdown, 0);
      break;
    case CHIP_SUPPLIER:
      gtk_editable_set_text (GTK_EDITABLE (self->supplier_entry), "");
      break;
    case CHIP_RECIPIENT:
      gtk_editable_set_text (GTK_EDITABLE (self->recipient_entry), "");
      break;
    case CHIP_GESTIONNAIRE:
      gtk_drop_down_set_selected (self->gestionnaire_dropdown, GESTIONNAIRE_ANY);
      break;
    case CHIP_SERVICE:
      gtk_drop_down_set_selected (self->service_dropdown, 0);
      break;
    case CHIP_AMOUNT_MIN:
      gtk_editable_set_text (GTK_EDITABLE (self->amount_min_entry), "");
      break;
    case CHIP_AMOUNT_MAX:
      gtk_editable_set_text (GTK_EDITABLE (self->amount_max_entry), "");
      break;
    case CHIP_DUPLICATES:
      gtk_check_button_set_active (self->duplicates_check, FALSE);
      break;
    default:
      break;
    }
  /* At once: the chip goes away under the pointer, the list follows. */
  g_clear_handle_id (&self->changed_id, g_source_remove);
  _chorus_filter_bar_emit_changed (self);
}

static void
add_chip (ChorusFilterBar *self,
          ChipKind         kind,
          const char      *text)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *child;

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "filter-chip");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Remove this filter"));
  g_object_set_data (G_OBJECT (button), "chorus-chip", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (button), "chorus-chip-text", g_strdup (text), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (chip_clicked_cb), self, 0);
  gtk_flow_box_append (self->chips_box, button);
  /* The chip's button takes the focus, not the flow box's child around it. */
  child = gtk_widget_get_parent (button);
  gtk_widget_set_focusable (child, FALSE);
}

static char *
amount_text (gint64 cents)
{
  return chorus_amount_format (cents, NULL);
}

void
_chorus_filter_bar_update_chips (ChorusFilterBar *self)
{
  ChorusInvoiceFilter filter;
  GtkWidget *child;
  guint n = 0;
  guint kind;
  const char *name;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))) != NULL)
    gtk_flow_box_remove (self->chips_box, child);

  chorus_filter_bar_get_filter (self, &filter);
#define CHIP(k, ...)                                             \
  G_STMT_START {                                                 \
    g_autofree char *chip_text = g_strdup_printf (__VA_ARGS__);  \
    add_chip (self, k, chip_text);                               \
    n++;                                                         \
  } G_STMT_END
  if (filter.date_from != NULL)
    {
      g_autofree char *date = chorus_date_format (filter.date_from);
      CHIP (CHIP_DATE_FROM, _("Invoice date from %s"), date);
    }
  if (filter.date_to != NULL)
    {
      g_autofree char *date = chorus_date_format (filter.date_to);
      CHIP (CHIP_DATE_TO, _("Invoice date until %s"), date);
    }
  if (filter.supplier_type != CHORUS_ID_TYPE_UNKNOWN)
    CHIP (CHIP_SUPPLIER_TYPE, _("Supplier type: %s"), chorus_id_type_label (filter.supplier_type));
  if (filter.supplier_contains != NULL)
    CHIP (CHIP_SUPPLIER, _("Supplier contains “%s”"), filter.supplier_contains);
  if (filter.recipient_contains != NULL)
    CHIP (CHIP_RECIPIENT, _("Recipient contains “%s”"), filter.recipient_contains);
  name = _chorus_filter_bar_selected_gestionnaire (self, &kind);
  if (kind == GESTIONNAIRE_UNASSIGNED)
    CHIP (CHIP_GESTIONNAIRE, "%s", _("Not assigned"));
  else if (kind == GESTIONNAIRE_ME && name != NULL)
    CHIP (CHIP_GESTIONNAIRE, _("My invoices (%s)"), name);
  else if (filter.gestionnaire != NULL)
    CHIP (CHIP_GESTIONNAIRE, _("Handler: %s"), filter.gestionnaire);
  if (filter.service_code != NULL)
    CHIP (CHIP_SERVICE, _("Service: %s"), filter.service_code);
  if (filter.amount_min >= 0)
    {
      g_autofree char *amount = amount_text (filter.amount_min);
      CHIP (CHIP_AMOUNT_MIN, _("Incl. VAT ≥ %s"), amount);
    }
  if (filter.amount_max >= 0)
    {
      g_autofree char *amount = amount_text (filter.amount_max);
      CHIP (CHIP_AMOUNT_MAX, _("Incl. VAT ≤ %s"), amount);
    }
  if (filter.duplicates_only)
    CHIP (CHIP_DUPLICATES, "%s", _("Possible duplicates"));
#undef CHIP

  gtk_revealer_set_reveal_child (self->chips_revealer, n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->active_count_label), n > 0);
  if (n > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", n);
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filter narrows the list",
                                                               "%u filters narrow the list", n), n);

      gtk_label_set_text (self->active_count_label, count);
      gtk_widget_add_css_class (GTK_WIDGET (self->more_button), "filters-active");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_button), tooltip);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->more_button), "filters-active");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_button), _("More Filters"));
    }
}
