/* chorus-deposit-wizard-drafts.c: the deposit wizard's drafts, saved, listed and resumed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-api-labels.h"
#include "chorus-deposit-text.h"
#include "chorus-deposit-wizard-private.h"
#include "chorus-format.h"
#include "chorus-plain-text.h"

/* --- drafts ------------------------------------------------------------------------ */

static void
draft_open_clicked_cb (GtkButton *button, ChorusDepositWizard *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "draft-id");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusDepositDraft) draft = chorus_deposit_draft_load (self->drafts_dir, id, &error);

  if (draft == NULL)
    {
      chorus_preferences_group_set_plain_description (self->drafts_group, error->message);
      return;
    }
  chorus_deposit_wizard_load_draft (self, draft);
}

static void
draft_delete_clicked_cb (GtkButton *button, ChorusDepositWizard *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "draft-id");
  g_autoptr(GError) error = NULL;

  if (!chorus_deposit_draft_delete (self->drafts_dir, id, &error))
    chorus_preferences_group_set_plain_description (self->drafts_group, error->message);
  _chorus_deposit_wizard_fill_drafts (self);
}

void
_chorus_deposit_wizard_fill_drafts (ChorusDepositWizard *self)
{
  g_autoptr(GPtrArray) drafts = chorus_deposit_draft_list (self->drafts_dir);

  clear_list (self->drafts_list);
  for (guint i = 0; i < drafts->len; i++)
    {
      const ChorusDepositDraft *draft = g_ptr_array_index (drafts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_label (_("Resume"));
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      const char *number = chorus_invoice_get_number (draft->invoice);
      const char *recipient = chorus_invoice_get_recipient_name (draft->invoice);
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", recipient ? recipient : "",
                                                   recipient && draft->saved_at ? " · " : "",
                                                   draft->saved_at ? draft->saved_at : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number ? number : _("Invoice without a number"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (open), "draft-id", g_strdup (draft->id), g_free);
      g_object_set_data_full (G_OBJECT (remove), "draft-id", g_strdup (draft->id), g_free);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Delete the draft"));
      g_signal_connect (open, "clicked", G_CALLBACK (draft_open_clicked_cb), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (draft_delete_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->drafts_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->drafts_group), drafts->len > 0);
}

ChorusDepositDraft *
chorus_deposit_wizard_get_draft (ChorusDepositWizard *self)
{
  ChorusDepositDraft *draft;
  guint syntax;

  g_return_val_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self), NULL);

  draft = chorus_deposit_draft_new ();
  g_clear_object (&draft->invoice);
  draft->invoice = _chorus_deposit_wizard_collect_invoice (self, NULL);
  /* The upload made to read the PDF (deposer/pdf) is reused by the deposit. */
  chorus_invoice_set_main_attachment_id (draft->invoice, self->read_attachment_id);
  draft->id = g_strdup (self->draft_id);
  draft->pdf_path = g_strdup (self->file_path);
  if (self->attachment_paths->len > 0)
    {
      g_ptr_array_add (self->attachment_paths, NULL);
      draft->attachment_paths = g_strdupv ((char **) self->attachment_paths->pdata);
      g_ptr_array_remove_index (self->attachment_paths, self->attachment_paths->len - 1);
    }
  draft->previous_piece_id = self->previous_piece_id;
  draft->previous_cadre = self->previous_cadre;
  syntax = adw_combo_row_get_selected (self->syntax_row);
  if (_chorus_deposit_wizard_is_flux_mode (self) && syntax < g_strv_length ((char **) chorus_flow_syntaxes ()))
    draft->flux_syntax = g_strdup (chorus_flow_syntaxes ()[syntax]);
  return draft;
}

void
_chorus_deposit_wizard_save_draft_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusDepositWizard *self = CHORUS_DEPOSIT_WIZARD (widget);
  g_autoptr(ChorusDepositDraft) draft = chorus_deposit_wizard_get_draft (self);
  g_autoptr(GError) error = NULL;

  /* An upload on the platform is not kept for later: a resumed draft reads its PDF again. */
  chorus_invoice_set_main_attachment_id (draft->invoice, 0);
  if (!chorus_deposit_draft_save (draft, self->drafts_dir, &error))
    {
      gtk_label_set_label (self->step_label, error->message);
      return;
    }
  g_free (self->draft_id);
  self->draft_id = g_strdup (draft->id);
  gtk_label_set_label (self->step_label, _("Draft saved"));
  _chorus_deposit_wizard_fill_drafts (self);
}

void
chorus_deposit_wizard_load_draft (ChorusDepositWizard      *self,
                                  const ChorusDepositDraft *draft)
{
  ChorusInvoice *invoice;
  GPtrArray *array;
  g_autofree char *date = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));
  g_return_if_fail (draft != NULL && CHORUS_IS_INVOICE (draft->invoice));

  chorus_deposit_wizard_reset (self);
  invoice = draft->invoice;
  self->draft_id = g_strdup (draft->id);
  self->previous_piece_id = draft->previous_piece_id;
  self->previous_cadre = draft->previous_cadre;
  _chorus_deposit_wizard_fill_cadres (self);

  self->filling = TRUE;
  set_row_text (self->number_row, chorus_invoice_get_number (invoice));
  date = chorus_date_format (chorus_invoice_get_invoice_date (invoice));
  set_row_text (self->date_row, date);
  set_row_text (self->currency_row, chorus_invoice_get_currency (invoice) ? chorus_invoice_get_currency (invoice) : "EUR");
  chorus_recipient_picker_set_engagement (self->recipient_picker, chorus_invoice_get_engagement_number (invoice));
  set_row_text (self->market_row, chorus_invoice_get_market_number (invoice));
  set_row_text (self->validator_row, chorus_invoice_get_validator_code (invoice));
  set_row_text (self->original_row, chorus_invoice_get_original_number (invoice));
  for (guint i = 0; i < G_N_ELEMENTS (invoice_types); i++)
    if (invoice_types[i] == chorus_invoice_get_invoice_type (invoice))
      adw_combo_row_set_selected (self->type_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (vat_types); i++)
    if (vat_types[i] == chorus_invoice_get_vat_type (invoice))
      adw_combo_row_set_selected (self->vat_type_row, i);
  _chorus_deposit_wizard_select_payment_mode (self, chorus_invoice_get_payment_mode (invoice));
  _chorus_deposit_wizard_select_bank_details (self, chorus_invoice_get_bank_details_id (invoice));
  for (guint i = 0; self->suppliers != NULL && self->suppliers->len > 1 && i < self->suppliers->len; i++)
    if (((ChorusStructure *) g_ptr_array_index (self->suppliers, i))->id == chorus_invoice_get_supplier_id (invoice))
      adw_combo_row_set_selected (self->issuer_row, i + 1);
  _chorus_deposit_wizard_select_cadre (self, chorus_invoice_get_cadre (invoice));
  {
    g_autofree char *ht = chorus_deposit_text_from_cents (chorus_invoice_get_amount_ht (invoice));
    g_autofree char *vat = chorus_deposit_text_from_cents (chorus_invoice_get_amount_vat (invoice));
    g_autofree char *ttc = chorus_deposit_text_from_cents (chorus_invoice_get_amount_ttc (invoice));
    g_autofree char *to_pay = chorus_deposit_text_from_cents (chorus_invoice_get_amount_to_pay (invoice));

    set_row_text (self->ht_row, ht);
    set_row_text (self->vat_row, vat);
    set_row_text (self->ttc_row, ttc);
    set_row_text (self->to_pay_row, to_pay);
  }
  array = chorus_invoice_get_vat_lines (invoice);
  for (guint i = 0; array != NULL && i < array->len; i++)
    chorus_invoice_lines_editor_add_vat_line (self->lines_editor, g_ptr_array_index (array, i));
  array = chorus_invoice_get_lines (invoice);
  for (guint i = 0; array != NULL && i < array->len; i++)
    chorus_invoice_lines_editor_add_line (self->lines_editor, g_ptr_array_index (array, i));
  if (draft->flux_syntax != NULL)
    {
      adw_combo_row_set_selected (self->mode_row, MODE_FLUX);
      _chorus_deposit_wizard_select_syntax (self, draft->flux_syntax);
    }
  self->filling = FALSE;
  _chorus_deposit_wizard_fill_supplier_services (self, chorus_invoice_get_supplier_service_id (invoice));
  for (guint i = 0; draft->attachment_paths != NULL && draft->attachment_paths[i] != NULL; i++)
    g_ptr_array_add (self->attachment_paths, g_strdup (draft->attachment_paths[i]));
  _chorus_deposit_wizard_fill_attachments (self);

  if (chorus_invoice_get_recipient_code (invoice) != NULL)
    {
      ChorusStructure structure = {
        .id = chorus_invoice_get_recipient_id (invoice),
        .identifier = (char *) chorus_invoice_get_recipient_code (invoice),
        .id_type = CHORUS_ID_TYPE_SIRET,
        .name = (char *) chorus_invoice_get_recipient_name (invoice),
      };

      chorus_recipient_picker_choose (self->recipient_picker, &structure, chorus_invoice_get_service_code (invoice));
      chorus_recipient_picker_search (self->recipient_picker, structure.identifier);
    }
  if (draft->pdf_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (draft->pdf_path);

      chorus_deposit_wizard_open_file (self, file);
    }
  _chorus_deposit_wizard_refresh (self);
}

