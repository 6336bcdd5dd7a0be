/* chorus-deposit-wizard-refresh.c: the deposit form checked live: after each change the summary,
 * the list of problems (each pointing at its row) and the buttons follow the platform's rules.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-api-labels.h"
#include "chorus-deposit-rules.h"
#include "chorus-deposit-text.h"
#include "chorus-deposit-wizard-private.h"
#include "chorus-format.h"

static GtkWidget *
row_for_field (ChorusDepositWizard *self, ChorusDepositField field)
{
  switch (field)
    {
    case CHORUS_DEPOSIT_FIELD_NUMBER: return GTK_WIDGET (self->number_row);
    case CHORUS_DEPOSIT_FIELD_DATE: return GTK_WIDGET (self->date_row);
    case CHORUS_DEPOSIT_FIELD_SERVICE: return chorus_recipient_picker_get_row (self->recipient_picker, "service");
    case CHORUS_DEPOSIT_FIELD_ENGAGEMENT: return chorus_recipient_picker_get_row (self->recipient_picker, "engagement");
    case CHORUS_DEPOSIT_FIELD_CADRE: return GTK_WIDGET (self->cadre_row);
    case CHORUS_DEPOSIT_FIELD_INVOICE_TYPE: return GTK_WIDGET (self->type_row);
    case CHORUS_DEPOSIT_FIELD_CURRENCY: return GTK_WIDGET (self->currency_row);
    case CHORUS_DEPOSIT_FIELD_VAT_TYPE: return GTK_WIDGET (self->vat_type_row);
    case CHORUS_DEPOSIT_FIELD_AMOUNT_HT: return GTK_WIDGET (self->ht_row);
    case CHORUS_DEPOSIT_FIELD_AMOUNT_VAT: return GTK_WIDGET (self->vat_row);
    case CHORUS_DEPOSIT_FIELD_AMOUNT_TTC: return GTK_WIDGET (self->ttc_row);
    case CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY: return GTK_WIDGET (self->to_pay_row);
    case CHORUS_DEPOSIT_FIELD_PAYMENT_MODE: return GTK_WIDGET (self->payment_row);
    case CHORUS_DEPOSIT_FIELD_ORIGINAL_NUMBER: return GTK_WIDGET (self->original_row);
    case CHORUS_DEPOSIT_FIELD_RECIPIENT: return chorus_recipient_picker_get_row (self->recipient_picker, "search");
    case CHORUS_DEPOSIT_FIELD_ATTACHMENT: return GTK_WIDGET (self->file_row);
    case CHORUS_DEPOSIT_FIELD_SUPPLIER: return GTK_WIDGET (self->issuer_row);
    case CHORUS_DEPOSIT_FIELD_VALIDATOR: return GTK_WIDGET (self->validator_row);
    case CHORUS_DEPOSIT_FIELD_VAT_LINES: return chorus_invoice_lines_editor_get_list (self->lines_editor, field);
    case CHORUS_DEPOSIT_FIELD_LINES: return chorus_invoice_lines_editor_get_list (self->lines_editor, field);
    case CHORUS_DEPOSIT_FIELD_LAST:
    default:
      return NULL;
    }
}

static void
update_summary (ChorusDepositWizard *self)
{
  g_autoptr(ChorusInvoice) invoice = _chorus_deposit_wizard_collect_invoice (self, NULL);
  g_autofree char *recipient = NULL;
  g_autofree char *date = chorus_date_format (chorus_invoice_get_invoice_date (invoice));
  g_autofree char *number_line = NULL;
  g_autofree char *ht = chorus_amount_format (chorus_invoice_get_amount_ht (invoice), chorus_invoice_get_currency (invoice));
  g_autofree char *ttc = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice), chorus_invoice_get_currency (invoice));
  g_autofree char *to_pay = chorus_amount_format (chorus_invoice_get_amount_to_pay (invoice), chorus_invoice_get_currency (invoice));
  g_autofree char *amounts = NULL;

  if (_chorus_deposit_wizard_is_flux_mode (self))
    {
      g_autofree char *base = self->file_path ? g_path_get_basename (self->file_path) : NULL;
      guint syntax = adw_combo_row_get_selected (self->syntax_row);
      const char *const *syntaxes = chorus_flow_syntaxes ();

      adw_action_row_set_subtitle (self->summary_recipient_row, _("Read by the platform from the flux"));
      adw_action_row_set_subtitle (self->summary_invoice_row, base ? base : _("No file chosen"));
      adw_action_row_set_subtitle (self->summary_amounts_row,
                                   syntax < g_strv_length ((char **) syntaxes)
                                   ? chorus_flow_syntax_label (syntaxes[syntax]) : "");
      return;
    }

  if (chorus_invoice_get_recipient_code (invoice) != NULL)
    recipient = g_strdup_printf ("%s – %s%s%s", chorus_invoice_get_recipient_code (invoice),
                                 chorus_invoice_get_recipient_name (invoice) ?: "",
                                 chorus_invoice_get_service_code (invoice) ? " · " : "",
                                 chorus_invoice_get_service_code (invoice) ?: "");
  number_line = g_strdup_printf ("%s %s · %s · %s", chorus_invoice_type_label (chorus_invoice_get_invoice_type (invoice)),
                                 chorus_invoice_get_number (invoice) ? chorus_invoice_get_number (invoice) : "—",
                                 date ? date : "—", chorus_cadre_short_code (chorus_invoice_get_cadre (invoice)));
  amounts = g_strdup_printf (_("%s excl. VAT · %s incl. VAT · %s to pay"), ht, ttc, to_pay);
  if (recipient != NULL && chorus_invoice_get_validator_code (invoice) != NULL)
    {
      char *routed = g_strdup_printf (_("%s, after the validation of the main contractor %s"), recipient,
                                      chorus_invoice_get_validator_code (invoice));

      g_free (recipient);
      recipient = routed;
    }
  adw_action_row_set_subtitle (self->summary_recipient_row, recipient ? recipient : _("No recipient chosen"));
  adw_action_row_set_subtitle (self->summary_invoice_row, number_line);
  adw_action_row_set_subtitle (self->summary_amounts_row, amounts);
}

static void
update_problems (ChorusDepositWizard *self)
{
  g_autoptr(GPtrArray) problems = chorus_deposit_wizard_check (self);
  GtkWidget *marked[CHORUS_DEPOSIT_FIELD_LAST] = { NULL };

  clear_list (self->problems_list);
  for (int f = 0; f < CHORUS_DEPOSIT_FIELD_LAST; f++)
    {
      GtkWidget *row = row_for_field (self, (ChorusDepositField) f);

      if (row != NULL)
        gtk_widget_remove_css_class (row, "error");
    }

  for (guint i = 0; i < problems->len; i++)
    {
      const ChorusDepositProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->problems_list, row);
      marked[problem->field] = row_for_field (self, problem->field);
    }
  /* Mark the fields once the user has seen the list, not while still typing the first time. */
  if (g_object_get_data (G_OBJECT (self), "checked") != NULL)
    for (int f = 0; f < CHORUS_DEPOSIT_FIELD_LAST; f++)
      if (marked[f] != NULL)
        gtk_widget_add_css_class (marked[f], "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), problems->len == 0 && !self->sending);
}

static void
update_buttons (ChorusDepositWizard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);
  gboolean sent = g_strcmp0 (page, "sent") == 0;
  gboolean check = g_strcmp0 (page, "check") == 0;
  guint index = 0;
  g_autofree char *step = NULL;

  for (guint i = 0; page_order[i] != NULL; i++)
    if (g_strcmp0 (page_order[i], page) == 0)
      index = i;

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !sent && !check);
  gtk_widget_set_visible (GTK_WIDGET (self->send_button), check);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !sent);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), !sent);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), index > 0 && !self->sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !self->sending);
  if (!sent)
    step = g_strdup_printf (_("Step %u of %u"), index + 1, (guint) g_strv_length ((char **) page_order));
  gtk_label_set_label (self->step_label, step ? step : "");
}

void
_chorus_deposit_wizard_refresh (ChorusDepositWizard *self)
{
  if (self->filling)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->original_row),
                          adw_combo_row_get_selected (self->type_row) < G_N_ELEMENTS (invoice_types) &&
                          invoice_types[adw_combo_row_get_selected (self->type_row)] == CHORUS_INVOICE_TYPE_AVOIR);
  gtk_widget_set_visible (GTK_WIDGET (self->syntax_row), _chorus_deposit_wizard_is_flux_mode (self));
  gtk_widget_set_visible (GTK_WIDGET (self->validator_row), chorus_deposit_cadre_has_validator (_chorus_deposit_wizard_selected_cadre (self)));
  /* Bank details go with a transfer only. */
  gtk_widget_set_visible (GTK_WIDGET (self->bank_row), g_strcmp0 (_chorus_deposit_wizard_selected_payment_mode (self), "VIREMENT") == 0);
  _chorus_deposit_wizard_update_read_marks (self);
  update_summary (self);
  update_problems (self);
  update_buttons (self);
}

/* TTC follows HT + TVA as long as both read as amounts; the net to pay follows TTC until edited. */
void
_chorus_deposit_wizard_amounts_changed_cb (GtkEditable *editable, ChorusDepositWizard *self)
{
  gint64 ht, vat, old_ttc = 0, to_pay = 0;
  gboolean to_pay_follows;

  if (self->filling)
    return;
  if (chorus_amount_parse (row_text (self->ht_row), &ht) && chorus_amount_parse (row_text (self->vat_row), &vat))
    {
      g_autofree char *ttc = chorus_deposit_text_from_cents (ht + vat);

      to_pay_follows = *row_text (self->to_pay_row) == '\0' ||
                       (chorus_amount_parse (row_text (self->ttc_row), &old_ttc) &&
                        chorus_amount_parse (row_text (self->to_pay_row), &to_pay) && old_ttc == to_pay);
      self->filling = TRUE;
      set_row_text (self->ttc_row, ttc);
      if (to_pay_follows)
        set_row_text (self->to_pay_row, ttc);
      self->filling = FALSE;
    }
  _chorus_deposit_wizard_refresh (self);
}
