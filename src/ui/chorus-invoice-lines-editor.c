/* chorus-invoice-lines-editor.c: the deposit form's VAT breakdown and invoice lines, typed row by row.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "chorus-client-types.h"
#include "chorus-deposit-text.h"
#include "chorus-format.h"
#include "chorus-invoice-lines-editor.h"
#include "chorus-plain-text.h"

struct _ChorusInvoiceLinesEditor
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *vat_group;
  GtkListBox          *vat_lines_list;
  GtkListBox          *lines_list;

  /* State */
  GPtrArray           *vat_rates;   /* ChorusReferenceItem: the platform's rate codes */
};

G_DEFINE_FINAL_TYPE (ChorusInvoiceLinesEditor, chorus_invoice_lines_editor, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const vat_keys[] = { "rate", "base", "vat", NULL };
static const char * const line_keys[] = { "label", "quantity", "price", "rate", NULL };

/* Rates as typed -------------------------------------------------------------------------- */

/* "5,5" or "20" to a rate; FALSE when it is not a number between 0 and 100. */
static gboolean
parse_rate (const char *text,
            double     *rate)
{
  g_autofree char *clean = chorus_deposit_text_strip (text);
  char *end = NULL;

  if (clean == NULL)
    return FALSE;
  g_strdelimit (clean, ",", '.');
  if (g_str_has_suffix (clean, "%"))
    clean[strlen (clean) - 1] = '\0';
  g_strstrip (clean);
  *rate = g_ascii_strtod (clean, &end);
  return end != clean && *end == '\0' && *rate >= 0.0 && *rate <= 100.0;
}

static char *
format_rate (double rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%g", rate);
  g_strdelimit (buf, ".", ',');
  return g_strdup (buf);
}

/* The platform's code of a VAT rate (recuperer/tauxtva), or NULL when it has none for @rate. */
static const char *
rate_code_for (ChorusInvoiceLinesEditor *self,
               double                    rate)
{
  for (guint i = 0; self->vat_rates != NULL && i < self->vat_rates->len; i++)
    {
      const ChorusReferenceItem *item = g_ptr_array_index (self->vat_rates, i);

      if (fabs (item->value - rate) < 0.0001)
        return item->code;
    }
  return NULL;
}

/* "20 %, 10 %, 5,5 %, 2,1 %, 0 %": the rates the platform offers, for the user. */
static char *
known_rates_text (ChorusInvoiceLinesEditor *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->vat_rates != NULL && i < self->vat_rates->len; i++)
    {
      const ChorusReferenceItem *item = g_ptr_array_index (self->vat_rates, i);
      g_autofree char *rate = format_rate (item->value);

      if (g_strstr_len (text->str, -1, rate) != NULL && text->len > 0)
        continue;   /* two codes for 0 % (franchise, exonération) read the same */
      g_string_append_printf (text, "%s%s %%", text->len > 0 ? ", " : "", rate);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Sends the rate as the platform's code when it has one; a rate it does not offer is a problem. */
static void
set_rate_code (ChorusInvoiceLinesEditor *self,
               double                    rate,
               char                    **code,
               ChorusDepositField        field,
               guint                     index,
               GPtrArray                *problems)
{
  const char *known = rate_code_for (self, rate);

  *code = g_strdup (known);
  if (known == NULL && self->vat_rates != NULL && self->vat_rates->len > 0 && problems != NULL)
    {
      g_autofree char *rate_text = format_rate (rate);
      g_autofree char *rates = known_rates_text (self);

      if (field == CHORUS_DEPOSIT_FIELD_LINES)
        chorus_deposit_problems_add (problems, field, _("Line %u: %s %% is not a VAT rate of Chorus Pro (%s)."),
                                     index, rate_text, rates);
      else
        chorus_deposit_problems_add (problems, field, _("VAT line %u: %s %% is not a VAT rate of Chorus Pro (%s)."),
                                     index, rate_text, rates);
    }
}

/* Rows ------------------------------------------------------------------------------------ */

static GtkWidget *
small_entry (const char *placeholder,
             int         width_chars,
             gboolean    numeric)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  if (numeric)
    gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  return entry;
}

static void
entry_changed_cb (GtkEditable              *editable,
                  ChorusInvoiceLinesEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
remove_row_clicked_cb (GtkButton                *button,
                       ChorusInvoiceLinesEditor *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *list = gtk_widget_get_parent (row);

  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* A row of entries named by @keys; each entry is kept on the row under its key. */
static GtkWidget *
add_entries_row (ChorusInvoiceLinesEditor *self,
                 GtkListBox               *list,
                 const char * const       *keys,
                 const char * const       *placeholders,
                 const int                *widths,
                 const char * const       *values)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  for (int i = 0; keys[i] != NULL; i++)
    {
      GtkWidget *entry = small_entry (placeholders[i], widths[i], i > 0);

      if (widths[i] > 12)
        gtk_widget_set_hexpand (entry, TRUE);
      if (values != NULL && values[i] != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), values[i]);
      g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
      g_object_set_data (G_OBJECT (row), keys[i], entry);
      gtk_box_append (GTK_BOX (box), entry);
    }
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_row_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
  return row;
}

static const char *
row_entry_text (GtkWidget  *row,
                const char *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (row), key)));
}

/* Removes the rows, not the placeholder. */
static void
clear_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* Actions --------------------------------------------------------------------------------- */

static void
add_vat_line_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  chorus_invoice_lines_editor_add_vat_line (CHORUS_INVOICE_LINES_EDITOR (widget), NULL);
  g_signal_emit (widget, signals[SIGNAL_CHANGED], 0);
}

static void
add_line_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  chorus_invoice_lines_editor_add_line (CHORUS_INVOICE_LINES_EDITOR (widget), NULL);
  g_signal_emit (widget, signals[SIGNAL_CHANGED], 0);
}

/* GObject --------------------------------------------------------------------------------- */

static void
chorus_invoice_lines_editor_dispose (GObject *object)
{
  ChorusInvoiceLinesEditor *self = CHORUS_INVOICE_LINES_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_INVOICE_LINES_EDITOR);
  /* Children without an id are not unparented by the template. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->vat_rates, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_invoice_lines_editor_parent_class)->dispose (object);
}

static void
chorus_invoice_lines_editor_class_init (ChorusInvoiceLinesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_invoice_lines_editor_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-invoice-lines-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceLinesEditor, vat_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceLinesEditor, vat_lines_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceLinesEditor, lines_list);

  gtk_widget_class_install_action (widget_class, "lines.add-vat-line", NULL, add_vat_line_action);
  gtk_widget_class_install_action (widget_class, "lines.add-line", NULL, add_line_action);
}

static void
chorus_invoice_lines_editor_init (ChorusInvoiceLinesEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API ------------------------------------------------------------------------------ */

GtkWidget *
chorus_invoice_lines_editor_new (void)
{
  return g_object_new (CHORUS_TYPE_INVOICE_LINES_EDITOR, NULL);
}

void
chorus_invoice_lines_editor_set_vat_rates (ChorusInvoiceLinesEditor *self,
                                           GPtrArray                *vat_rates)
{
  g_autofree char *rates = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self));

  g_clear_pointer (&self->vat_rates, g_ptr_array_unref);
  self->vat_rates = chorus_reference_items_copy (vat_rates);
  rates = known_rates_text (self);
  description = *rates != '\0'
                ? g_strdup_printf (_("Required when the invoice has several VAT rates. Rates of Chorus Pro: %s."), rates)
                : g_strdup (_("Required when the invoice has several VAT rates."));
  chorus_preferences_group_set_plain_description (self->vat_group, description);
}

void
chorus_invoice_lines_editor_add_vat_line (ChorusInvoiceLinesEditor *self,
                                          const ChorusVatLine      *line)
{
  const char *placeholders[] = { _("Rate %"), _("Base excl. VAT"), _("VAT") };
  const int widths[] = { 6, 10, 10 };
  g_autofree char *rate = line ? format_rate (line->rate) : NULL;
  g_autofree char *base = line ? chorus_deposit_text_from_cents (line->base_ht) : NULL;
  g_autofree char *vat = line ? chorus_deposit_text_from_cents (line->vat_amount) : NULL;
  const char *values[] = { rate, base, vat };

  g_return_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self));
  add_entries_row (self, self->vat_lines_list, vat_keys, placeholders, widths, values);
}

void
chorus_invoice_lines_editor_add_line (ChorusInvoiceLinesEditor *self,
                                      const ChorusInvoiceLine  *line)
{
  const char *placeholders[] = { _("Description"), _("Quantity"), _("Unit price excl. VAT"), _("Rate %") };
  const int widths[] = { 16, 6, 10, 6 };
  g_autofree char *quantity = NULL;
  g_autofree char *price = line ? chorus_deposit_text_from_cents (line->unit_price_ht) : NULL;
  g_autofree char *rate = line ? format_rate (line->vat_rate) : NULL;
  const char *values[] = { line ? line->label : NULL, NULL, price, rate };

  g_return_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self));
  if (line != NULL)
    values[1] = quantity = format_rate (line->quantity);
  add_entries_row (self, self->lines_list, line_keys, placeholders, widths, values);
}

void
chorus_invoice_lines_editor_clear (ChorusInvoiceLinesEditor *self)
{
  g_return_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self));
  clear_rows (self->vat_lines_list);
  clear_rows (self->lines_list);
}

GPtrArray *
chorus_invoice_lines_editor_collect_vat_lines (ChorusInvoiceLinesEditor *self,
                                               GPtrArray                *problems)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  guint index = 0;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self), lines);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->vat_lines_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ChorusVatLine *line;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      index++;
      line = g_new0 (ChorusVatLine, 1);
      if (!parse_rate (row_entry_text (row, "rate"), &line->rate))
        {
          if (problems != NULL)
            chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                                         _("VAT line %u: the rate is not a percentage."), index);
        }
      else
        set_rate_code (self, line->rate, &line->rate_code, CHORUS_DEPOSIT_FIELD_VAT_LINES, index, problems);
      if ((!chorus_amount_parse (row_entry_text (row, "base"), &line->base_ht) ||
           !chorus_amount_parse (row_entry_text (row, "vat"), &line->vat_amount)) && problems != NULL)
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                                     _("VAT line %u: the base and the VAT must be amounts."), index);
      g_ptr_array_add (lines, line);
    }
  return lines;
}

GPtrArray *
chorus_invoice_lines_editor_collect_lines (ChorusInvoiceLinesEditor *self,
                                           GPtrArray                *problems)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  guint index = 0;

  g_return_val_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self), lines);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ChorusInvoiceLine *line;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      index++;
      line = g_new0 (ChorusInvoiceLine, 1);
      line->number = (int) index;
      line->label = chorus_deposit_text_strip (row_entry_text (row, "label"));
      if (!parse_rate (row_entry_text (row, "quantity"), &line->quantity) && problems != NULL)
        {
          /* parse_rate caps at 100: quantities may be larger. */
          g_autofree char *clean = chorus_deposit_text_strip (row_entry_text (row, "quantity"));
          char *end = NULL;

          if (clean != NULL)
            {
              g_strdelimit (clean, ",", '.');
              line->quantity = g_ascii_strtod (clean, &end);
            }
          if (clean == NULL || end == clean || *end != '\0')
            chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES,
                                         _("Line %u: the quantity is not a number."), index);
        }
      if (!chorus_amount_parse (row_entry_text (row, "price"), &line->unit_price_ht) && problems != NULL)
        chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES,
                                     _("Line %u: the unit price is not an amount."), index);
      if (*row_entry_text (row, "rate") != '\0' && !parse_rate (row_entry_text (row, "rate"), &line->vat_rate))
        {
          if (problems != NULL)
            chorus_deposit_problems_add (problems, CHORUS_DEPOSIT_FIELD_LINES,
                                         _("Line %u: the VAT rate is not a percentage."), index);
        }
      else
        set_rate_code (self, line->vat_rate, &line->vat_rate_code, CHORUS_DEPOSIT_FIELD_LINES, index, problems);
      line->total_ht = (gint64) (line->quantity * (double) line->unit_price_ht + (line->quantity >= 0 ? 0.5 : -0.5));
      g_ptr_array_add (lines, line);
    }
  return lines;
}

GtkWidget *
chorus_invoice_lines_editor_get_list (ChorusInvoiceLinesEditor *self,
                                      ChorusDepositField        field)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_LINES_EDITOR (self), NULL);
  return GTK_WIDGET (field == CHORUS_DEPOSIT_FIELD_VAT_LINES ? self->vat_lines_list : self->lines_list);
}
