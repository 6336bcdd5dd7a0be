/* chorus-deposit-wizard.c: the deposit form, checked live with the platform's own rules.
 *
 * The file read and the other documents are in chorus-deposit-wizard-file.c, the drafts in
 * chorus-deposit-wizard-drafts.c, the live refresh of the summary, problems and buttons in
 * chorus-deposit-wizard-refresh.c, the outcome of a deposit in chorus-deposit-wizard-sent.c; what
 * they share is in chorus-deposit-wizard-private.h. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-api-labels.h"
#include "chorus-deposit-wizard-private.h"
#include "chorus-deposit-text.h"
#include "chorus-format.h"
#include "chorus-invoice-lines-editor.h"
#include "chorus-pdf-view.h"
#include "chorus-recipient-picker.h"
#include "chorus-plain-text.h"


/* Until the server's list (recuperer/modereglements) is known: VIREMENT, the one the sources confirm. */
static const char * const default_payment_modes[] = { "VIREMENT", NULL };


G_DEFINE_FINAL_TYPE (ChorusDepositWizard, chorus_deposit_wizard, GTK_TYPE_WIDGET)

enum { SIGNAL_SUBMIT, SIGNAL_FILE_CHOSEN, SIGNAL_SUPPLIER_CHANGED, SIGNAL_FOLLOW, N_SIGNALS };
static guint signals[N_SIGNALS];


/* --- small helpers ------------------------------------------------------- */

static void
add_problem (GPtrArray *problems, ChorusDepositField field, char *message)
{
  ChorusDepositProblem *problem = g_new0 (ChorusDepositProblem, 1);

  problem->field = field;
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* Reads an amount row: empty is zero, text that is not an amount is a problem. */
static gint64
read_amount (AdwEntryRow *row, ChorusDepositField field, GPtrArray *problems)
{
  g_autofree char *text = chorus_deposit_text_strip (row_text (row));
  gint64 cents = 0;

  if (text == NULL)
    return 0;
  if (!chorus_amount_parse (text, &cents) && problems != NULL)
    add_problem (problems, field,
                 g_strdup_printf (_("%s: “%s” is not an amount (for example 1 234,56)."),
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text));
  return cents;
}

gboolean
_chorus_deposit_wizard_is_flux_mode (ChorusDepositWizard *self)
{
  return adw_combo_row_get_selected (self->mode_row) == MODE_FLUX;
}

/* --- cadres offered ----------------------------------------------------------- */

void
_chorus_deposit_wizard_fill_cadres (ChorusDepositWizard *self)
{
  ChorusCadre previous_choice = CHORUS_CADRE_UNKNOWN;
  guint selected = adw_combo_row_get_selected (self->cadre_row);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  if (selected != GTK_INVALID_LIST_POSITION && selected < self->n_cadres)
    previous_choice = self->cadres[selected];

  /* Works pieces (A4 … A25) have a deposit of their own in the works workspace. */
  self->n_cadres = 0;
  if (self->role == CHORUS_ROLE_FOURNISSEUR)
    {
      self->cadres[self->n_cadres++] = CHORUS_CADRE_A1;
      self->cadres[self->n_cadres++] = CHORUS_CADRE_A2;
      self->cadres[self->n_cadres++] = CHORUS_CADRE_A3;
      /* Deposited by a subcontractor or a co-contractor, validated first by the main contractor. */
      self->cadres[self->n_cadres++] = CHORUS_CADRE_A9;
      self->cadres[self->n_cadres++] = CHORUS_CADRE_A12;
    }

  for (gsize i = 0; i < self->n_cadres; i++)
    g_ptr_array_add (labels, g_strdup_printf ("%s – %s", chorus_cadre_short_code (self->cadres[i]),
                                              chorus_cadre_label (self->cadres[i])));
  g_ptr_array_add (labels, NULL);

  self->filling = TRUE;
  gtk_string_list_splice (self->cadre_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cadre_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->cadre_row, 0);
  for (gsize i = 0; i < self->n_cadres; i++)
    if (self->cadres[i] == previous_choice)
      adw_combo_row_set_selected (self->cadre_row, (guint) i);
  self->filling = FALSE;
}

ChorusCadre
_chorus_deposit_wizard_selected_cadre (ChorusDepositWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->cadre_row);

  return selected < self->n_cadres ? self->cadres[selected] : CHORUS_CADRE_UNKNOWN;
}

void
_chorus_deposit_wizard_select_cadre (ChorusDepositWizard *self, ChorusCadre cadre)
{
  for (gsize i = 0; i < self->n_cadres; i++)
    if (self->cadres[i] == cadre)
      adw_combo_row_set_selected (self->cadre_row, (guint) i);
}

/* --- issuer, payment and bank details ------------------------------------------ */

/* The structure the invoice is issued from: the only one, or the one chosen among several. */
static const ChorusStructure *
selected_supplier (ChorusDepositWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->issuer_row);

  if (self->suppliers == NULL || self->suppliers->len == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (self->suppliers->len == 1)
    return g_ptr_array_index (self->suppliers, 0);
  /* Position 0 is "choose…": never silently the first. */
  return selected > 0 && selected <= self->suppliers->len ? g_ptr_array_index (self->suppliers, selected - 1) : NULL;
}

static const ChorusService *
selected_supplier_service (ChorusDepositWizard *self)
{
  const ChorusStructure *supplier = selected_supplier (self);
  guint selected = adw_combo_row_get_selected (self->issuer_service_row);

  if (supplier == NULL || supplier->services == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > supplier->services->len)
    return NULL;
  return g_ptr_array_index (supplier->services, selected - 1);
}

void
_chorus_deposit_wizard_fill_supplier_services (ChorusDepositWizard *self, gint64 keep_service_id)
{
  const ChorusStructure *supplier = selected_supplier (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_add (labels, g_strdup (_("No service")));
  for (guint i = 0; supplier != NULL && supplier->services != NULL && i < supplier->services->len; i++)
    {
      const ChorusService *service = g_ptr_array_index (supplier->services, i);

      g_ptr_array_add (labels, g_strdup_printf ("%s – %s", service->code ?: "", service->name ?: ""));
      if (service->id == keep_service_id)
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);
  self->filling = TRUE;
  gtk_string_list_splice (self->issuer_service_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->issuer_service_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->issuer_service_row, selected);
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->issuer_service_row), labels->len > 2);
}

const char *
_chorus_deposit_wizard_selected_payment_mode (ChorusDepositWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->payment_row);

  /* Position 0 is "none", for a credit note. */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->payment_codes->len)
    return NULL;
  return g_ptr_array_index (self->payment_codes, selected - 1);
}

void
_chorus_deposit_wizard_select_payment_mode (ChorusDepositWizard *self, const char *code)
{
  adw_combo_row_set_selected (self->payment_row, 0);
  for (guint i = 0; code != NULL && i < self->payment_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->payment_codes, i), code) == 0)
      adw_combo_row_set_selected (self->payment_row, i + 1);
}

static gint64
selected_bank_details (ChorusDepositWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->bank_row);
  const ChorusReferenceItem *item;

  /* Position 0 is the structure's own default: nothing is sent. */
  if (self->bank_details == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > self->bank_details->len)
    return 0;
  item = g_ptr_array_index (self->bank_details, selected - 1);
  return g_ascii_strtoll (item->code, NULL, 10);
}

void
_chorus_deposit_wizard_select_bank_details (ChorusDepositWizard *self, gint64 id)
{
  adw_combo_row_set_selected (self->bank_row, 0);
  for (guint i = 0; id != 0 && self->bank_details != NULL && i < self->bank_details->len; i++)
    if (g_ascii_strtoll (((ChorusReferenceItem *) g_ptr_array_index (self->bank_details, i))->code, NULL, 10) == id)
      adw_combo_row_set_selected (self->bank_row, i + 1);
}

/* --- the form as an invoice --------------------------------------------------- */

/* The form's data; UI-level problems (text that is not an amount…) go to @problems if given. */
ChorusInvoice *
_chorus_deposit_wizard_collect_invoice (ChorusDepositWizard *self, GPtrArray *problems)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  g_autoptr(GPtrArray) vat_lines = chorus_invoice_lines_editor_collect_vat_lines (self->lines_editor, problems);
  g_autoptr(GPtrArray) lines = chorus_invoice_lines_editor_collect_lines (self->lines_editor, problems);
  g_autofree char *number = chorus_deposit_text_strip (row_text (self->number_row));
  g_autofree char *typed_date = chorus_deposit_text_strip (row_text (self->date_row));
  g_autofree char *iso_date = chorus_date_parse (typed_date);
  g_autofree char *currency = chorus_deposit_text_strip (row_text (self->currency_row));
  g_autofree char *engagement = chorus_recipient_picker_get_engagement (self->recipient_picker);
  g_autofree char *market = chorus_deposit_text_strip (row_text (self->market_row));
  g_autofree char *original = chorus_deposit_text_strip (row_text (self->original_row));
  guint type_index = adw_combo_row_get_selected (self->type_row);
  guint vat_index = adw_combo_row_get_selected (self->vat_type_row);
  ChorusInvoiceType type = type_index < G_N_ELEMENTS (invoice_types) ? invoice_types[type_index] : CHORUS_INVOICE_TYPE_UNKNOWN;
  const ChorusStructure *recipient = chorus_recipient_picker_get_recipient (self->recipient_picker);
  const ChorusService *service = chorus_recipient_picker_get_service (self->recipient_picker);
  const ChorusStructure *supplier = selected_supplier (self);
  const ChorusService *supplier_service = selected_supplier_service (self);

  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_set_number (invoice, number);
  /* A date that does not read as one goes on as typed, for the rules to say so. */
  chorus_invoice_set_invoice_date (invoice, iso_date != NULL ? iso_date : typed_date);
  chorus_invoice_set_currency (invoice, currency);
  chorus_invoice_set_engagement_number (invoice, engagement);
  chorus_invoice_set_market_number (invoice, market);
  chorus_invoice_set_invoice_type (invoice, type);
  chorus_invoice_set_cadre (invoice, _chorus_deposit_wizard_selected_cadre (self));
  if (chorus_deposit_cadre_has_validator (_chorus_deposit_wizard_selected_cadre (self)))
    {
      g_autoptr(GString) validator = g_string_new (NULL);

      /* A SIRET is often written in groups: "408 140 763 43116". */
      for (const char *c = row_text (self->validator_row); *c != '\0'; c++)
        if (!g_ascii_isspace (*c))
          g_string_append_c (validator, *c);
      chorus_invoice_set_validator_code (invoice, validator->len > 0 ? validator->str : NULL);
    }
  chorus_invoice_set_vat_type (invoice, vat_index < G_N_ELEMENTS (vat_types) ? vat_types[vat_index] : CHORUS_VAT_TYPE_UNKNOWN);
  if (type == CHORUS_INVOICE_TYPE_AVOIR)
    chorus_invoice_set_original_number (invoice, original);
  chorus_invoice_set_payment_mode (invoice, _chorus_deposit_wizard_selected_payment_mode (self));
  if (g_strcmp0 (_chorus_deposit_wizard_selected_payment_mode (self), "VIREMENT") == 0)
    chorus_invoice_set_bank_details_id (invoice, selected_bank_details (self));
  if (supplier != NULL)
    {
      chorus_invoice_set_supplier_id (invoice, supplier->id);
      chorus_invoice_set_supplier_code (invoice, supplier->identifier);
      chorus_invoice_set_supplier_name (invoice, supplier->name);
    }
  if (supplier_service != NULL)
    {
      chorus_invoice_set_supplier_service_id (invoice, supplier_service->id);
      chorus_invoice_set_supplier_service_code (invoice, supplier_service->code);
    }
  if (recipient != NULL)
    {
      chorus_invoice_set_recipient_id (invoice, recipient->id);
      chorus_invoice_set_recipient_code (invoice, recipient->identifier);
      chorus_invoice_set_recipient_name (invoice, recipient->name);
    }
  if (service != NULL)
    {
      chorus_invoice_set_service_code (invoice, service->code);
      chorus_invoice_set_service_id (invoice, service->id);
      chorus_invoice_set_service_name (invoice, service->name);
    }
  chorus_invoice_set_amount_ht (invoice, read_amount (self->ht_row, CHORUS_DEPOSIT_FIELD_AMOUNT_HT, problems));
  chorus_invoice_set_amount_vat (invoice, read_amount (self->vat_row, CHORUS_DEPOSIT_FIELD_AMOUNT_VAT, problems));
  chorus_invoice_set_amount_ttc (invoice, read_amount (self->ttc_row, CHORUS_DEPOSIT_FIELD_AMOUNT_TTC, problems));
  chorus_invoice_set_amount_to_pay (invoice, read_amount (self->to_pay_row, CHORUS_DEPOSIT_FIELD_AMOUNT_TO_PAY, problems));
  chorus_invoice_set_vat_lines (invoice, vat_lines->len > 0 ? vat_lines : NULL);
  chorus_invoice_set_lines (invoice, lines->len > 0 ? lines : NULL);
  return invoice;
}

GPtrArray *
chorus_deposit_wizard_check (ChorusDepositWizard *self)
{
  g_autoptr(GPtrArray) ui_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_problem_free);
  g_autoptr(ChorusInvoice) invoice = NULL;
  GPtrArray *problems;
  ChorusDepositContext context = { 0 };
  ChorusRecipientRules rules;
  gboolean rules_known;

  g_return_val_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self), NULL);

  if (_chorus_deposit_wizard_is_flux_mode (self))
    {
      problems = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_problem_free);
      if (self->file_path == NULL)
        add_problem (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, g_strdup (_("Choose the flux file to deposit.")));
      return problems;
    }

  invoice = _chorus_deposit_wizard_collect_invoice (self, ui_problems);
  rules_known = chorus_recipient_picker_get_rules (self->recipient_picker, &rules);
  context.role = self->role;
  context.channel = CHORUS_DEPOSIT_CHANNEL_SERVICE;
  context.previous_cadre = self->previous_cadre;
  context.today = self->today;
  problems = chorus_deposit_check (invoice, rules_known ? &rules : NULL, &context);
  if (self->file_path == NULL)
    add_problem (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, g_strdup (_("Choose the PDF of the invoice.")));
  for (guint i = 0; self->attachment_paths != NULL && i < self->attachment_paths->len; i++)
    {
      const char *path = g_ptr_array_index (self->attachment_paths, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     NULL, NULL);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = NULL, *extension = NULL;
      g_autoptr(GError) error = NULL;

      if (info == NULL)
        add_problem (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT,
                     g_strdup_printf (_("The document “%s” cannot be read any more."), base));
      else if (!chorus_attachment_check (base, g_file_info_get_size (info), &name, &extension, &error))
        add_problem (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, g_strdup (error->message));
    }
  if (self->suppliers != NULL && self->suppliers->len > 1 && selected_supplier (self) == NULL)
    add_problem (problems, CHORUS_DEPOSIT_FIELD_SUPPLIER,
                 g_strdup (_("Choose which of your structures issues the invoice.")));
  if (chorus_recipient_picker_get_recipient (self->recipient_picker) != NULL && !rules_known)
    add_problem (problems, CHORUS_DEPOSIT_FIELD_RECIPIENT,
                 g_strdup (_("The recipient's obligations are not known yet: wait for the directory or choose it again.")));
  /* Text that could not be read replaces the rules' view of the same field. */
  for (guint i = 0; i < ui_problems->len; i++)
    g_ptr_array_add (problems, chorus_deposit_problem_copy (g_ptr_array_index (ui_problems, i)));
  return problems;
}

/* --- recipient and issuer ------------------------------------------------------- */

static void
entry_changed_cb (GtkEditable *editable, ChorusDepositWizard *self)
{
  _chorus_deposit_wizard_refresh (self);
}

static void
recipient_changed_cb (ChorusDepositWizard *self)
{
  _chorus_deposit_wizard_refresh (self);
}

static void
lines_changed_cb (ChorusDepositWizard *self)
{
  _chorus_deposit_wizard_refresh (self);
}

static void
issuer_selected_cb (ChorusDepositWizard *self)
{
  const ChorusStructure *supplier;

  if (self->filling)
    return;
  supplier = selected_supplier (self);
  _chorus_deposit_wizard_fill_supplier_services (self, 0);
  /* Its bank details are its own: the workspace brings them. */
  g_signal_emit (self, signals[SIGNAL_SUPPLIER_CHANGED], 0, supplier != NULL ? supplier->id : (gint64) 0);
  _chorus_deposit_wizard_refresh (self);
}

/* --- navigation and sending ----------------------------------------------------------- */

void
chorus_deposit_wizard_show_page (ChorusDepositWizard *self,
                                 const char          *page)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->pages, page) != NULL);

  if (g_strcmp0 (page, "check") == 0)
    g_object_set_data (G_OBJECT (self), "checked", GINT_TO_POINTER (TRUE));
  gtk_stack_set_visible_child_name (self->pages, page);
  _chorus_deposit_wizard_refresh (self);
}

const char *
chorus_deposit_wizard_get_page (ChorusDepositWizard *self)
{
  g_return_val_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
}

static void
step (ChorusDepositWizard *self, int delta)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);
  int index = 0, n = (int) g_strv_length ((char **) page_order);

  for (int i = 0; i < n; i++)
    if (g_strcmp0 (page_order[i], page) == 0)
      index = i;
  index = CLAMP (index + delta, 0, n - 1);
  /* A flux carries its own recipient and data: straight from the file to the check. */
  if (_chorus_deposit_wizard_is_flux_mode (self) && (index == 1 || index == 2))
    index = delta > 0 ? 3 : 0;
  chorus_deposit_wizard_show_page (self, page_order[index]);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  step (CHORUS_DEPOSIT_WIZARD (widget), -1);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  step (CHORUS_DEPOSIT_WIZARD (widget), +1);
}

static void
send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusDepositWizard *self = CHORUS_DEPOSIT_WIZARD (widget);
  g_autoptr(GPtrArray) problems = chorus_deposit_wizard_check (self);
  g_autoptr(ChorusDepositDraft) draft = NULL;

  if (problems->len > 0 || self->sending)
    {
      chorus_deposit_wizard_show_page (self, "check");
      return;
    }
  draft = chorus_deposit_wizard_get_draft (self);
  self->sending = TRUE;
  gtk_label_set_label (self->step_label, _("Sending…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), FALSE);
  g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, draft);
}

void
chorus_deposit_wizard_reset (ChorusDepositWizard *self)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  self->filling = TRUE;
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_pointer (&self->file_path, g_free);
  self->previous_piece_id = 0;
  self->previous_cadre = CHORUS_CADRE_UNKNOWN;
  self->sending = FALSE;
  g_object_set_data (G_OBJECT (self), "checked", NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("No file chosen"));
  adw_action_row_set_subtitle (self->file_row, "");
  chorus_pdf_view_show_message (self->pdf_view, _("No file chosen"), _("Choose the PDF of the invoice to see it here."));
  adw_combo_row_set_selected (self->mode_row, MODE_PDF);
  gtk_widget_set_visible (GTK_WIDGET (self->previous_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->read_row), FALSE);
  self->read_attachment_id = 0;
  chorus_recipient_picker_search (self->recipient_picker, "");
  for (AdwEntryRow **row = (AdwEntryRow *[]) { self->number_row, self->date_row, self->original_row,
                                               self->market_row, self->validator_row, self->ht_row, self->vat_row,
                                               self->ttc_row, self->to_pay_row, NULL };
       *row != NULL; row++)
    set_row_text (*row, "");
  chorus_recipient_picker_set_engagement (self->recipient_picker, NULL);
  set_row_text (self->currency_row, "EUR");
  adw_combo_row_set_selected (self->type_row, 0);
  adw_combo_row_set_selected (self->vat_type_row, 0);
  _chorus_deposit_wizard_select_payment_mode (self, "VIREMENT");
  _chorus_deposit_wizard_select_bank_details (self, 0);
  chorus_invoice_lines_editor_clear (self->lines_editor);
  g_ptr_array_set_size (self->attachment_paths, 0);
  _chorus_deposit_wizard_fill_attachments (self);
  self->filling = FALSE;
  chorus_recipient_picker_choose (self->recipient_picker, NULL, NULL);
  _chorus_deposit_wizard_update_read_marks (self);
  _chorus_deposit_wizard_fill_cadres (self);
  _chorus_deposit_wizard_fill_drafts (self);
  chorus_deposit_wizard_show_page (self, "file");
}

static void
follow_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_FOLLOW], 0);
}

static void
new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_deposit_wizard_reset (CHORUS_DEPOSIT_WIZARD (widget));
}

/* --- setters --------------------------------------------------------------------------- */

void
chorus_deposit_wizard_set_directory (ChorusDepositWizard *self,
                                     ChorusDirectory     *directory)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));
  g_return_if_fail (directory == NULL || CHORUS_IS_DIRECTORY (directory));

  g_set_object (&self->directory, directory);
  chorus_recipient_picker_set_directory (self->recipient_picker, directory);
}

void
chorus_deposit_wizard_set_suppliers (ChorusDepositWizard *self,
                                     GPtrArray           *structures,
                                     gint64               selected_id)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  self->suppliers = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_structure_free);
  for (guint i = 0; structures != NULL && i < structures->len; i++)
    g_ptr_array_add (self->suppliers, chorus_structure_copy (g_ptr_array_index (structures, i)));

  /* With several, the first item asks for a choice: never silently the first structure. */
  if (self->suppliers->len > 1)
    g_ptr_array_add (labels, g_strdup (_("Choose…")));
  for (guint i = 0; i < self->suppliers->len; i++)
    {
      const ChorusStructure *structure = g_ptr_array_index (self->suppliers, i);

      g_ptr_array_add (labels, g_strdup_printf ("%s – %s", structure->name ?: "", structure->identifier ?: ""));
      if (structure->id == selected_id && self->suppliers->len > 1)
        selected = i + 1;
    }
  if (self->suppliers->len == 0)
    g_ptr_array_add (labels, g_strdup (_("Not known yet")));
  g_ptr_array_add (labels, NULL);
  self->filling = TRUE;
  gtk_string_list_splice (self->issuer_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->issuer_model)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->issuer_row, selected);
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->issuer_row), self->suppliers->len > 1);
  _chorus_deposit_wizard_fill_supplier_services (self, 0);
  _chorus_deposit_wizard_refresh (self);
}

gint64
chorus_deposit_wizard_get_supplier (ChorusDepositWizard *self)
{
  const ChorusStructure *supplier;

  g_return_val_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self), 0);

  supplier = selected_supplier (self);
  return supplier != NULL ? supplier->id : 0;
}

void
chorus_deposit_wizard_set_references (ChorusDepositWizard *self,
                                      GPtrArray           *payment_modes,
                                      GPtrArray           *vat_rates)
{
  g_autofree char *kept = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  kept = g_strdup (_chorus_deposit_wizard_selected_payment_mode (self));
  g_ptr_array_set_size (self->payment_codes, 0);
  for (guint i = 0; payment_modes != NULL && i < payment_modes->len; i++)
    g_ptr_array_add (self->payment_codes, g_strdup (((ChorusReferenceItem *) g_ptr_array_index (payment_modes, i))->code));
  if (self->payment_codes->len == 0)
    for (guint i = 0; default_payment_modes[i] != NULL; i++)
      g_ptr_array_add (self->payment_codes, g_strdup (default_payment_modes[i]));
  self->filling = TRUE;
  gtk_string_list_splice (self->payment_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->payment_model)), NULL);
  gtk_string_list_append (self->payment_model, _("None (credit note)"));
  for (guint i = 0; i < self->payment_codes->len; i++)
    gtk_string_list_append (self->payment_model, chorus_format_payment_mode (g_ptr_array_index (self->payment_codes, i)));
  _chorus_deposit_wizard_select_payment_mode (self, kept != NULL ? kept : "VIREMENT");
  self->filling = FALSE;

  chorus_invoice_lines_editor_set_vat_rates (self->lines_editor, vat_rates);
  _chorus_deposit_wizard_refresh (self);
}

void
chorus_deposit_wizard_set_bank_details (ChorusDepositWizard *self,
                                        gint64               structure_id,
                                        GPtrArray           *details)
{
  gint64 kept;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  kept = structure_id == self->bank_structure_id ? selected_bank_details (self) : 0;
  g_clear_pointer (&self->bank_details, g_ptr_array_unref);
  self->bank_details = chorus_reference_items_copy (details);
  self->bank_structure_id = structure_id;
  self->filling = TRUE;
  gtk_string_list_splice (self->bank_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->bank_model)), NULL);
  gtk_string_list_append (self->bank_model, _("The structure's default ones"));
  for (guint i = 0; i < self->bank_details->len; i++)
    {
      const ChorusReferenceItem *item = g_ptr_array_index (self->bank_details, i);

      gtk_string_list_append (self->bank_model, item->label != NULL ? item->label : item->code);
    }
  _chorus_deposit_wizard_select_bank_details (self, kept);
  self->filling = FALSE;
  _chorus_deposit_wizard_refresh (self);
}

void
chorus_deposit_wizard_set_role (ChorusDepositWizard *self,
                                ChorusRole           role)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  self->role = role == CHORUS_ROLE_UNKNOWN ? CHORUS_ROLE_FOURNISSEUR : role;
  _chorus_deposit_wizard_fill_cadres (self);
  _chorus_deposit_wizard_refresh (self);
}

void
chorus_deposit_wizard_set_drafts_dir (ChorusDepositWizard *self,
                                      const char          *dir)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  g_free (self->drafts_dir);
  self->drafts_dir = g_strdup (dir);
  _chorus_deposit_wizard_fill_drafts (self);
}

void
chorus_deposit_wizard_set_today (ChorusDepositWizard *self,
                                 const char          *iso_date)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  g_free (self->today);
  self->today = g_strdup (iso_date);
  _chorus_deposit_wizard_refresh (self);
}

/* --- GObject ------------------------------------------------------------------------------ */

static void
chorus_deposit_wizard_dispose (GObject *object)
{
  ChorusDepositWizard *self = CHORUS_DEPOSIT_WIZARD (object);

  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_DEPOSIT_WIZARD);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  g_clear_pointer (&self->payment_codes, g_ptr_array_unref);
  g_clear_pointer (&self->bank_details, g_ptr_array_unref);
  g_clear_pointer (&self->attachment_paths, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_deposit_wizard_parent_class)->dispose (object);
}

static void
chorus_deposit_wizard_finalize (GObject *object)
{
  ChorusDepositWizard *self = CHORUS_DEPOSIT_WIZARD (object);

  g_free (self->drafts_dir);
  g_free (self->today);
  g_free (self->draft_id);
  g_free (self->file_path);
  G_OBJECT_CLASS (chorus_deposit_wizard_parent_class)->finalize (object);
}

static void
chorus_deposit_wizard_class_init (ChorusDepositWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_deposit_wizard_dispose;
  object_class->finalize = chorus_deposit_wizard_finalize;

  /**
   * ChorusDepositWizard::submit:
   * @draft: (type ChorusDepositDraft): the deposit to send
   *
   * The user confirmed a deposit that passed every local check. The handler sends it and
   * answers with chorus_deposit_wizard_show_certificate(), _show_flux_receipt() or _show_send_error().
   */
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, CHORUS_TYPE_DEPOSIT_DRAFT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * ChorusDepositWizard::file-chosen:
   * @path: the chosen PDF
   *
   * A PDF to deposit was chosen: the handler may have the platform read it (deposer/pdf) and
   * answer with chorus_deposit_wizard_apply_read().
   */
  signals[SIGNAL_FILE_CHOSEN] = g_signal_new ("file-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * ChorusDepositWizard::supplier-changed:
   * @structure_id: the structure now issuing the invoice (0: none chosen)
   *
   * The handler answers with that structure's bank details (chorus_deposit_wizard_set_bank_details()).
   */
  signals[SIGNAL_SUPPLIER_CHANGED] = g_signal_new ("supplier-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* "Follow this invoice" on the certificate: the handler shows the deposited invoice. */
  signals[SIGNAL_FOLLOW] = g_signal_new ("follow", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);

  g_type_ensure (CHORUS_TYPE_PDF_VIEW);
  g_type_ensure (CHORUS_TYPE_RECIPIENT_PICKER);
  g_type_ensure (CHORUS_TYPE_INVOICE_LINES_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-deposit-wizard.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusDepositWizard, name)
  BIND (paned); BIND (pages); BIND (previous_group); BIND (previous_row); BIND (file_row); BIND (mode_row);
  BIND (mode_model); BIND (syntax_row); BIND (syntax_model); BIND (drafts_group); BIND (drafts_list);
  BIND (read_row); BIND (attachments_list); BIND (issuer_group); BIND (issuer_row); BIND (issuer_model);
  BIND (issuer_service_row); BIND (issuer_service_model); BIND (recipient_picker); BIND (bank_row);
  BIND (bank_model); BIND (cadre_row); BIND (cadre_model); BIND (type_row); BIND (type_model); BIND (number_row); BIND (date_row); BIND (original_row);
  BIND (currency_row); BIND (vat_type_row); BIND (vat_type_model); BIND (payment_row); BIND (payment_model);
  BIND (market_row); BIND (validator_row); BIND (ht_row); BIND (vat_row); BIND (ttc_row); BIND (to_pay_row); BIND (lines_editor);
  BIND (summary_recipient_row); BIND (summary_invoice_row); BIND (summary_amounts_row);
  BIND (problems_group); BIND (problems_list); BIND (sent_page); BIND (certificate_list); BIND (back_button);
  BIND (save_button); BIND (step_label); BIND (next_button); BIND (send_button); BIND (pdf_view);
#undef BIND

  gtk_widget_class_install_action (widget_class, "wizard.choose-file", NULL, _chorus_deposit_wizard_choose_file_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "wizard.save-draft", NULL, _chorus_deposit_wizard_save_draft_action);
  gtk_widget_class_install_action (widget_class, "wizard.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-attachment", NULL, _chorus_deposit_wizard_add_attachment_action);
  gtk_widget_class_install_action (widget_class, "wizard.follow", NULL, follow_action);
}

static void
chorus_deposit_wizard_init (ChorusDepositWizard *self)
{
  AdwEntryRow *entries[6];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->role = CHORUS_ROLE_FOURNISSEUR;
  self->payment_codes = g_ptr_array_new_with_free_func (g_free);
  self->attachment_paths = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (self->mode_model, _("PDF with the data typed here"));
  gtk_string_list_append (self->mode_model, _("Structured flux (Factur-X, UBL, CII)"));
  for (const char *const *syntax = chorus_flow_syntaxes (); *syntax != NULL; syntax++)
    gtk_string_list_append (self->syntax_model, chorus_flow_syntax_label (*syntax));
  for (guint i = 0; i < G_N_ELEMENTS (invoice_types); i++)
    gtk_string_list_append (self->type_model, chorus_invoice_type_label (invoice_types[i]));
  for (guint i = 0; i < G_N_ELEMENTS (vat_types); i++)
    gtk_string_list_append (self->vat_type_model, chorus_vat_type_label (vat_types[i]));
  chorus_deposit_wizard_set_references (self, NULL, NULL);
  chorus_deposit_wizard_set_bank_details (self, 0, NULL);
  chorus_deposit_wizard_set_suppliers (self, NULL, 0);

  entries[0] = self->number_row; entries[1] = self->date_row; entries[2] = self->original_row;
  entries[3] = self->currency_row; entries[4] = self->market_row; entries[5] = self->validator_row;
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    g_signal_connect (entries[i], "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (self->ht_row, "changed", G_CALLBACK (_chorus_deposit_wizard_amounts_changed_cb), self);
  g_signal_connect (self->vat_row, "changed", G_CALLBACK (_chorus_deposit_wizard_amounts_changed_cb), self);
  g_signal_connect (self->ttc_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (self->to_pay_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->cadre_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->vat_type_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->payment_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->syntax_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->bank_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->issuer_service_row, "notify::selected", G_CALLBACK (_chorus_deposit_wizard_refresh), self);
  g_signal_connect_swapped (self->issuer_row, "notify::selected", G_CALLBACK (issuer_selected_cb), self);
  g_signal_connect_swapped (self->recipient_picker, "changed", G_CALLBACK (recipient_changed_cb), self);
  g_signal_connect_swapped (self->lines_editor, "changed", G_CALLBACK (lines_changed_cb), self);

  chorus_deposit_wizard_reset (self);
}

GtkWidget *
chorus_deposit_wizard_new (void)
{
  return g_object_new (CHORUS_TYPE_DEPOSIT_WIZARD, NULL);
}
