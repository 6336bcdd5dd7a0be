/* chorus-deposit-wizard-sent.c: the deposit wizard's outcome: the deposit certificate, the flux receipt or the refusal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-api-labels.h"
#include "chorus-deposit-wizard-private.h"
#include "chorus-format.h"
#include "chorus-plain-text.h"
#include "chorus-status.h"

static void
clear_certificate (ChorusDepositWizard *self)
{
  clear_list (self->certificate_list);
}

static void
add_certificate_row (ChorusDepositWizard *self, const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->certificate_list, row);
}

/* Once sent, the draft has done its job. */
static void
finish_sending (ChorusDepositWizard *self)
{
  self->sending = FALSE;
  if (self->draft_id != NULL)
    chorus_deposit_draft_delete (self->drafts_dir, self->draft_id, NULL);
  g_clear_pointer (&self->draft_id, g_free);
  _chorus_deposit_wizard_fill_drafts (self);
  chorus_deposit_wizard_show_page (self, "sent");
}

void
chorus_deposit_wizard_show_certificate (ChorusDepositWizard *self,
                                        const char          *invoice_number,
                                        const char          *deposit_date,
                                        ChorusStatus         status,
                                        const char          *certificate)
{
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autofree char *date = chorus_date_format (deposit_date);
  g_autofree char *description = NULL;
  g_autofree char *ht = NULL;
  g_autofree char *vat = NULL;
  g_autofree char *ttc = NULL;
  g_autofree char *to_pay = NULL;
  g_autofree char *readable_certificate = NULL;
  g_autofree char *recipient = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  invoice = _chorus_deposit_wizard_collect_invoice (self, NULL);
  readable_certificate = chorus_format_certificate (certificate);
  {
    g_autofree char *siret = chorus_format_siret (chorus_invoice_get_recipient_code (invoice));

    /* "CH de Vallon-sur-Loire (261 762 998 63330)" rather than a bare number. */
    recipient = chorus_invoice_get_recipient_name (invoice) != NULL && siret != NULL
                ? g_strdup_printf ("%s (%s)", chorus_invoice_get_recipient_name (invoice), siret)
                : g_strdup (siret ? siret : chorus_invoice_get_recipient_name (invoice));
  }
  ht = chorus_amount_format (chorus_invoice_get_amount_ht (invoice), chorus_invoice_get_currency (invoice));
  vat = chorus_amount_format (chorus_invoice_get_amount_vat (invoice), chorus_invoice_get_currency (invoice));
  ttc = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice), chorus_invoice_get_currency (invoice));
  to_pay = chorus_amount_format (chorus_invoice_get_amount_to_pay (invoice), chorus_invoice_get_currency (invoice));
  description = g_strdup_printf (_("Invoice %s was deposited; it is on its way to %s."),
                                 invoice_number ? invoice_number : "",
                                 chorus_invoice_get_recipient_name (invoice) ? chorus_invoice_get_recipient_name (invoice) : "");
  adw_status_page_set_title (self->sent_page, _("Deposit Certificate"));
  chorus_status_page_set_plain_description (self->sent_page, description);
  clear_certificate (self);
  add_certificate_row (self, _("Certificate number"), readable_certificate);
  add_certificate_row (self, _("Deposit date"), date);
  add_certificate_row (self, _("Status"), chorus_status_label (status));
  add_certificate_row (self, _("Recipient"), recipient);
  add_certificate_row (self, _("Amount excluding VAT"), ht);
  add_certificate_row (self, _("VAT amount"), vat);
  add_certificate_row (self, _("Amount including VAT"), ttc);
  add_certificate_row (self, _("Net amount to pay"), to_pay);
  finish_sending (self);
}

void
chorus_deposit_wizard_show_flux_receipt (ChorusDepositWizard *self,
                                         const char          *flux_number,
                                         const char          *deposit_date,
                                         const char          *syntax)
{
  g_autofree char *date = chorus_date_format (deposit_date);
  g_autofree char *base = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  base = self->file_path ? g_path_get_basename (self->file_path) : NULL;
  adw_status_page_set_title (self->sent_page, _("Flux Deposited"));
  adw_status_page_set_description (self->sent_page,
                                   _("The platform integrates the flux; follow its report in the issued invoices."));
  clear_certificate (self);
  add_certificate_row (self, _("Flux number"), flux_number);
  add_certificate_row (self, _("Deposit date"), date);
  add_certificate_row (self, _("Format"), chorus_flow_syntax_label (syntax));
  add_certificate_row (self, _("File"), base);
  finish_sending (self);
}

void
chorus_deposit_wizard_show_send_error (ChorusDepositWizard *self,
                                       const char          *message)
{
  GtkWidget *row;
  GtkWidget *icon;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  /* Nothing is lost: the form stays as it was, with the platform's answer on top. */
  self->sending = FALSE;
  chorus_deposit_wizard_show_page (self, "check");
  row = adw_action_row_new ();
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_add_css_class (icon, "error");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The platform refused the deposit"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_prepend (self->problems_list, row);
  gtk_label_set_label (self->step_label, _("Not sent"));
}

