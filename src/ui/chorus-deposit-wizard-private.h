/* chorus-deposit-wizard-private.h: what the files of ChorusDepositWizard share (its fields, its form's helpers).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "chorus-deposit-wizard.h"
#include "chorus-invoice-lines-editor.h"
#include "chorus-pdf-view.h"
#include "chorus-recipient-picker.h"

G_BEGIN_DECLS

/* The pages, in the order the wizard goes through them. */
static const char * const page_order[] = { "file", "recipient", "invoice", "check", NULL };
/* Order of the type, VAT type and payment combo rows. */
static const ChorusInvoiceType invoice_types[] = { CHORUS_INVOICE_TYPE_FACTURE, CHORUS_INVOICE_TYPE_AVOIR };
static const ChorusVatType vat_types[] = {
  CHORUS_VAT_TYPE_SUR_DEBIT, CHORUS_VAT_TYPE_SUR_ENCAISSEMENT, CHORUS_VAT_TYPE_EXONERATION, CHORUS_VAT_TYPE_SANS_TVA,
};

struct _ChorusDepositWizard
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *paned;
  GtkStack             *pages;
  AdwPreferencesGroup  *previous_group;
  AdwActionRow         *previous_row;
  AdwActionRow         *file_row;
  AdwComboRow          *mode_row;
  GtkStringList        *mode_model;
  AdwComboRow          *syntax_row;
  GtkStringList        *syntax_model;
  AdwPreferencesGroup  *drafts_group;
  GtkListBox           *drafts_list;
  AdwActionRow         *read_row;
  GtkListBox           *attachments_list;
  AdwPreferencesGroup  *issuer_group;
  AdwComboRow          *issuer_row;
  GtkStringList        *issuer_model;
  AdwComboRow          *issuer_service_row;
  GtkStringList        *issuer_service_model;
  ChorusRecipientPicker *recipient_picker;
  AdwComboRow          *cadre_row;
  GtkStringList        *cadre_model;
  AdwComboRow          *type_row;
  GtkStringList        *type_model;
  AdwEntryRow          *number_row;
  AdwEntryRow          *date_row;
  AdwEntryRow          *original_row;
  AdwEntryRow          *currency_row;
  AdwComboRow          *vat_type_row;
  GtkStringList        *vat_type_model;
  AdwComboRow          *payment_row;
  GtkStringList        *payment_model;
  AdwComboRow          *bank_row;
  GtkStringList        *bank_model;
  AdwEntryRow          *market_row;
  AdwEntryRow          *validator_row;
  AdwEntryRow          *ht_row;
  AdwEntryRow          *vat_row;
  AdwEntryRow          *ttc_row;
  AdwEntryRow          *to_pay_row;
  ChorusInvoiceLinesEditor *lines_editor;
  AdwActionRow         *summary_recipient_row;
  AdwActionRow         *summary_invoice_row;
  AdwActionRow         *summary_amounts_row;
  AdwPreferencesGroup  *problems_group;
  GtkListBox           *problems_list;
  AdwStatusPage        *sent_page;
  GtkListBox           *certificate_list;
  GtkButton            *back_button;
  GtkButton            *save_button;
  GtkLabel             *step_label;
  GtkButton            *next_button;
  GtkButton            *send_button;
  ChorusPdfView        *pdf_view;

  /* State */
  ChorusDirectory      *directory;
  GCancellable         *file_cancellable;
  GPtrArray            *suppliers;        /* ChorusStructure the account issues from, with services */
  GPtrArray            *payment_codes;    /* modePaiement codes of payment_row after "none" (char *) */
  GPtrArray            *bank_details;     /* ChorusReferenceItem of bank_row after "the default ones" */
  gint64                bank_structure_id;/* whose bank details these are */
  GPtrArray            *attachment_paths; /* the other documents (char *) */
  gint64                read_attachment_id; /* deposer/pdf of file_path, reused by the deposit */
  ChorusRole            role;
  ChorusCadre           cadres[CHORUS_CADRE_LAST];
  gsize                 n_cadres;
  char                 *drafts_dir;
  char                 *today;
  char                 *draft_id;
  char                 *file_path;
  gboolean              reading_file;
  gint64                previous_piece_id;
  ChorusCadre           previous_cadre;
  gboolean              sending;
  gboolean              filling;          /* programmatic changes: no recomputation */
};

/* Removes the rows, not the placeholder. */
static inline void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static inline const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static inline void
set_row_text (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

enum { MODE_PDF, MODE_FLUX };

/* chorus-deposit-wizard.c: the form and its rows */
gboolean       _chorus_deposit_wizard_is_flux_mode           (ChorusDepositWizard *self);
void           _chorus_deposit_wizard_fill_cadres            (ChorusDepositWizard *self);
ChorusCadre    _chorus_deposit_wizard_selected_cadre         (ChorusDepositWizard *self);
const char    *_chorus_deposit_wizard_selected_payment_mode  (ChorusDepositWizard *self);
void           _chorus_deposit_wizard_select_cadre           (ChorusDepositWizard *self,
                                                              ChorusCadre          cadre);
void           _chorus_deposit_wizard_fill_supplier_services (ChorusDepositWizard *self,
                                                              gint64               keep_service_id);
void           _chorus_deposit_wizard_select_payment_mode    (ChorusDepositWizard *self,
                                                              const char          *code);
void           _chorus_deposit_wizard_select_bank_details    (ChorusDepositWizard *self,
                                                              gint64               id);
/* The form's data; UI-level problems (text that is not an amount…) go to @problems if given. */
ChorusInvoice *_chorus_deposit_wizard_collect_invoice        (ChorusDepositWizard *self,
                                                              GPtrArray           *problems);

/* chorus-deposit-wizard-refresh.c: the summary, problems and buttons after each change */
void           _chorus_deposit_wizard_refresh                (ChorusDepositWizard *self);
/* TTC follows HT + TVA as long as both read as amounts; the net to pay follows TTC until edited. */
void           _chorus_deposit_wizard_amounts_changed_cb     (GtkEditable         *editable,
                                                              ChorusDepositWizard *self);

/* chorus-deposit-wizard-file.c: the file read, and the other documents */
void           _chorus_deposit_wizard_select_syntax          (ChorusDepositWizard *self,
                                                              const char          *syntax);
/* Marks stay while the text is still the one read. */
void           _chorus_deposit_wizard_update_read_marks      (ChorusDepositWizard *self);
void           _chorus_deposit_wizard_fill_attachments       (ChorusDepositWizard *self);
void           _chorus_deposit_wizard_add_attachment_action  (GtkWidget           *widget,
                                                              const char          *action_name,
                                                              GVariant            *parameter);
void           _chorus_deposit_wizard_choose_file_action     (GtkWidget           *widget,
                                                              const char          *action_name,
                                                              GVariant            *parameter);

/* chorus-deposit-wizard-drafts.c: drafts saved, listed and resumed */
void           _chorus_deposit_wizard_fill_drafts            (ChorusDepositWizard *self);
void           _chorus_deposit_wizard_save_draft_action      (GtkWidget           *widget,
                                                              const char          *action_name,
                                                              GVariant            *parameter);

G_END_DECLS
