/* chorus-deposit-wizard-file.c: the deposit wizard's file, read in a worker thread to fill the form, and the other documents.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chorus-api-labels.h"
#include "chorus-deposit-text.h"
#include "chorus-deposit-wizard-private.h"
#include "chorus-facturx.h"
#include "chorus-file-choice.h"
#include "chorus-format.h"
#include "chorus-plain-text.h"

/* --- file ------------------------------------------------------------------------- */

void
_chorus_deposit_wizard_select_syntax (ChorusDepositWizard *self, const char *syntax)
{
  const char *const *syntaxes = chorus_flow_syntaxes ();

  for (guint i = 0; syntaxes[i] != NULL; i++)
    if (g_strcmp0 (syntaxes[i], syntax) == 0)
      adw_combo_row_set_selected (self->syntax_row, i);
}

/* A field filled from what was read in the file carries a mark saying so, until it is edited. */
static void
mark_read (AdwEntryRow *row, const char *mark)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "read-mark");

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_entry_row_add_suffix (row, label);
      g_object_set_data (G_OBJECT (row), "read-mark", label);
    }
  gtk_label_set_label (GTK_LABEL (label), mark);
  g_object_set_data_full (G_OBJECT (row), "read-value", g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))), g_free);
  gtk_widget_set_visible (label, TRUE);
}

/* Marks stay while the text is still the one read. */
void
_chorus_deposit_wizard_update_read_marks (ChorusDepositWizard *self)
{
  AdwEntryRow *rows[] = { self->number_row, self->date_row, self->market_row, self->currency_row, self->ht_row,
                          self->vat_row, self->ttc_row, self->to_pay_row,
                          ADW_ENTRY_ROW (chorus_recipient_picker_get_row (self->recipient_picker, "engagement")) };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *label = g_object_get_data (G_OBJECT (rows[i]), "read-mark");
      const char *value = g_object_get_data (G_OBJECT (rows[i]), "read-value");

      if (label != NULL)
        gtk_widget_set_visible (label, value != NULL && g_strcmp0 (value, row_text (rows[i])) == 0);
    }
}

static gboolean
fill_if_empty (AdwEntryRow *row, const char *text, const char *mark)
{
  if (text == NULL || *text == '\0' || *row_text (row) != '\0')
    return FALSE;
  set_row_text (row, text);
  mark_read (row, mark);
  return TRUE;
}

/* What was read in the file (its structured data, or the platform's reading of the PDF) goes in
 * the fields the user has not typed yet, each marked with @mark; returns the fields filled, for
 * a summary ("number, date, amounts"). */
static char *
prefill (ChorusDepositWizard *self, ChorusInvoice *read, const char *mark)
{
  g_autofree char *date = chorus_date_format (chorus_invoice_get_invoice_date (read));
  g_autofree char *ht = chorus_deposit_text_from_cents (chorus_invoice_get_amount_ht (read));
  g_autofree char *vat = chorus_deposit_text_from_cents (chorus_invoice_get_amount_vat (read));
  g_autofree char *to_pay = chorus_deposit_text_from_cents (chorus_invoice_get_amount_to_pay (read));
  const char *siret = chorus_invoice_get_recipient_code (read);
  const char *supplier = chorus_invoice_get_supplier_code (read);
  AdwEntryRow *engagement_row = ADW_ENTRY_ROW (chorus_recipient_picker_get_row (self->recipient_picker, "engagement"));
  g_autoptr(GPtrArray) filled = g_ptr_array_new ();

  self->filling = TRUE;
  if (fill_if_empty (self->number_row, chorus_invoice_get_number (read), mark))
    g_ptr_array_add (filled, _("number"));
  if (fill_if_empty (self->date_row, date, mark))
    g_ptr_array_add (filled, _("date"));
  if (fill_if_empty (engagement_row, chorus_invoice_get_engagement_number (read), mark))
    g_ptr_array_add (filled, _("engagement"));
  fill_if_empty (self->market_row, chorus_invoice_get_market_number (read), mark);
  if (chorus_invoice_get_currency (read) != NULL && g_strcmp0 (chorus_invoice_get_currency (read), row_text (self->currency_row)) != 0)
    {
      set_row_text (self->currency_row, chorus_invoice_get_currency (read));
      mark_read (self->currency_row, mark);
    }
  if ((chorus_invoice_get_amount_ttc (read) != 0 || chorus_invoice_get_amount_ht (read) != 0) &&
      *row_text (self->ht_row) == '\0')
    {
      set_row_text (self->ht_row, ht);
      mark_read (self->ht_row, mark);
      if (chorus_invoice_get_amount_vat (read) != 0 || chorus_invoice_get_amount_ttc (read) != 0)
        {
          g_autofree char *vat_text = chorus_invoice_get_amount_vat (read) != 0
                                      ? g_strdup (vat)
                                      : chorus_deposit_text_from_cents (chorus_invoice_get_amount_ttc (read) - chorus_invoice_get_amount_ht (read));

          set_row_text (self->vat_row, vat_text);
          mark_read (self->vat_row, mark);
        }
      if (chorus_invoice_get_amount_to_pay (read) != 0)
        {
          set_row_text (self->to_pay_row, to_pay);
          mark_read (self->to_pay_row, mark);
        }
      g_ptr_array_add (filled, _("amounts"));
    }
  self->filling = FALSE;
  /* TTC follows HT + VAT. */
  _chorus_deposit_wizard_amounts_changed_cb (NULL, self);
  if (chorus_invoice_get_amount_ttc (read) != 0 && *row_text (self->ttc_row) != '\0')
    mark_read (self->ttc_row, mark);

  for (guint i = 0; i < G_N_ELEMENTS (invoice_types); i++)
    if (invoice_types[i] == chorus_invoice_get_invoice_type (read))
      adw_combo_row_set_selected (self->type_row, i);
  for (guint i = 0; chorus_invoice_get_vat_type (read) != CHORUS_VAT_TYPE_UNKNOWN && i < G_N_ELEMENTS (vat_types); i++)
    if (vat_types[i] == chorus_invoice_get_vat_type (read))
      adw_combo_row_set_selected (self->vat_type_row, i);
  /* Issued from one of the account's structures: that one. */
  for (guint i = 0; supplier != NULL && self->suppliers != NULL && self->suppliers->len > 1 && i < self->suppliers->len; i++)
    if (g_strcmp0 (((ChorusStructure *) g_ptr_array_index (self->suppliers, i))->identifier, supplier) == 0)
      adw_combo_row_set_selected (self->issuer_row, i + 1);
  if (chorus_recipient_picker_get_recipient (self->recipient_picker) == NULL && siret != NULL &&
      *chorus_recipient_picker_get_search (self->recipient_picker) == '\0')
    {
      chorus_recipient_picker_find (self->recipient_picker, siret, chorus_invoice_get_service_code (read));
      g_ptr_array_add (filled, _("recipient"));
    }
  g_ptr_array_add (filled, NULL);
  return g_strjoinv (", ", (char **) filled->pdata);
}

/* What a chosen file holds, read in a worker thread: poppler and libxml2 on a 64 MB file must not
 * freeze the window. */
typedef struct {
  GBytes        *bytes;
  gboolean       xml;
  ChorusInvoice *invoice;
  char          *syntax;
  GError        *error;
} ParsedFile;

static void
parsed_file_free (ParsedFile *parsed)
{
  g_clear_pointer (&parsed->bytes, g_bytes_unref);
  g_clear_object (&parsed->invoice);
  g_free (parsed->syntax);
  g_clear_error (&parsed->error);
  g_free (parsed);
}

static void
parse_file_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ParsedFile *parsed = task_data;
  g_autoptr(ChorusFacturxDocument) document = NULL;

  if (parsed->xml)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (parsed->bytes, &size);

      document = chorus_facturx_read_xml (data, size, &parsed->error);
    }
  else
    document = chorus_facturx_read_pdf (parsed->bytes, NULL);
  if (document != NULL)
    {
      parsed->invoice = chorus_facturx_to_invoice (document, NULL);
      parsed->syntax = g_strdup (chorus_facturx_document_get_flux_syntax (document));
    }
  g_task_return_boolean (task, TRUE);
}

static void
file_parsed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ChorusDepositWizard *self = CHORUS_DEPOSIT_WIZARD (source);
  ParsedFile *parsed = g_task_get_task_data (G_TASK (result));

  /* Another file was chosen meanwhile. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  self->reading_file = FALSE;
  if (parsed->xml && parsed->invoice == NULL)
    {
      chorus_pdf_view_show_message (self->pdf_view, _("This file is not an invoice"),
                                    parsed->error != NULL ? parsed->error->message : NULL);
      _chorus_deposit_wizard_refresh (self);
      return;
    }
  if (parsed->xml)
    {
      chorus_pdf_view_show_message (self->pdf_view, _("Structured invoice file"),
                                    _("The platform reads the invoice data from this file."));
      adw_combo_row_set_selected (self->mode_row, MODE_FLUX);
    }
  if (parsed->invoice != NULL)
    {
      g_autofree char *filled = NULL;

      if (parsed->syntax != NULL)
        _chorus_deposit_wizard_select_syntax (self, parsed->syntax);
      filled = prefill (self, parsed->invoice, _("read from the file's data"));
      if (*filled != '\0')
        {
          g_autofree char *text = g_strdup_printf (_("From its structured data (Factur-X, UBL or CII): %s. Check them before sending."),
                                                   filled);

          adw_action_row_set_subtitle (self->read_row, text);
          gtk_widget_set_visible (GTK_WIDGET (self->read_row), TRUE);
        }
    }
  /* A PDF is also read by the platform (deposer/pdf): the workspace asks it and answers with
   * chorus_deposit_wizard_apply_read(). */
  if (!_chorus_deposit_wizard_is_flux_mode (self) && self->file_path != NULL)
    g_signal_emit_by_name (self, "file-chosen", self->file_path);
  _chorus_deposit_wizard_refresh (self);
}

static void
file_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusDepositWizard *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autoptr(GTask) task = NULL;
  ParsedFile *parsed;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (bytes == NULL)
    {
      self->reading_file = FALSE;
      chorus_pdf_view_show_message (self->pdf_view, _("The file cannot be read"), error->message);
      g_clear_pointer (&self->file_path, g_free);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("No file chosen"));
      _chorus_deposit_wizard_refresh (self);
      g_object_unref (self);
      return;
    }

  /* A Factur-X PDF or a CII/UBL file: its data fill the form's empty fields, and it may also
   * be deposited as a flux; a bare XML file can only be. */
  parsed = g_new0 (ParsedFile, 1);
  parsed->bytes = g_bytes_ref (bytes);
  parsed->xml = g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".XML");
  if (!parsed->xml)
    chorus_pdf_view_load_bytes (self->pdf_view, bytes, name);
  task = g_task_new (self, self->file_cancellable, file_parsed_cb, NULL);
  g_task_set_task_data (task, parsed, (GDestroyNotify) parsed_file_free);
  g_task_run_in_thread (task, parse_file_thread);
  g_object_unref (self);
}

void
chorus_deposit_wizard_apply_read (ChorusDepositWizard *self,
                                  const char          *pdf_path,
                                  ChorusInvoice       *read,
                                  gint64               attachment_id)
{
  g_autofree char *filled = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));
  g_return_if_fail (read == NULL || CHORUS_IS_INVOICE (read));

  /* A late answer about a file the user has since replaced changes nothing. */
  if (pdf_path == NULL || g_strcmp0 (pdf_path, self->file_path) != 0)
    return;
  self->read_attachment_id = attachment_id;
  if (read != NULL)
    filled = prefill (self, read, _("read from the PDF"));
  if (filled != NULL && *filled != '\0')
    text = g_strdup_printf (_("Chorus Pro read in the PDF: %s. The fields marked “read from the PDF” came from it: check them before sending."),
                            filled);
  else
    text = g_strdup (_("Chorus Pro could not read the invoice's data in this PDF: type them below."));
  adw_action_row_set_subtitle (self->read_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->read_row), TRUE);
  _chorus_deposit_wizard_refresh (self);
}

void
chorus_deposit_wizard_show_read_progress (ChorusDepositWizard *self,
                                          const char          *pdf_path,
                                          const char          *message)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  if (pdf_path == NULL || g_strcmp0 (pdf_path, self->file_path) != 0)
    return;
  adw_action_row_set_subtitle (self->read_row, message);
  gtk_widget_set_visible (GTK_WIDGET (self->read_row), message != NULL);
}

/* --- other documents --------------------------------------------------------------- */

static void
remove_attachment_cb (GtkButton *button, ChorusDepositWizard *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  for (guint i = 0; i < self->attachment_paths->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->attachment_paths, i), path) == 0)
      {
        g_ptr_array_remove_index (self->attachment_paths, i);
        break;
      }
  _chorus_deposit_wizard_fill_attachments (self);
  _chorus_deposit_wizard_refresh (self);
}

void
_chorus_deposit_wizard_fill_attachments (ChorusDepositWizard *self)
{
  clear_list (self->attachments_list);
  for (guint i = 0; i < self->attachment_paths->len; i++)
    gtk_list_box_append (self->attachments_list, chorus_file_row_new (g_ptr_array_index (self->attachment_paths, i),
                                                                      G_CALLBACK (remove_attachment_cb), self));
}

void
chorus_deposit_wizard_add_attachment (ChorusDepositWizard *self,
                                      const char          *path)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));
  g_return_if_fail (path != NULL);

  for (guint i = 0; i < self->attachment_paths->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->attachment_paths, i), path) == 0)
      return;
  g_ptr_array_add (self->attachment_paths, g_strdup (path));
  _chorus_deposit_wizard_fill_attachments (self);
  _chorus_deposit_wizard_refresh (self);
}

static void
attachment_chosen (GtkWidget *owner, const char *path)
{
  chorus_deposit_wizard_add_attachment (CHORUS_DEPOSIT_WIZARD (owner), path);
}

void
_chorus_deposit_wizard_add_attachment_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_choose_files (widget, _("Add Documents"), attachment_chosen);
}

void
chorus_deposit_wizard_open_file (ChorusDepositWizard *self,
                                 GFile               *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));
  g_return_if_fail (G_IS_FILE (file));

  g_free (self->file_path);
  self->file_path = g_file_get_path (file);
  self->read_attachment_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->read_row), FALSE);
  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_action_row_set_subtitle (self->file_row, self->file_path);
  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  self->file_cancellable = g_cancellable_new ();
  chorus_pdf_view_show_loading (self->pdf_view);
  self->reading_file = TRUE;
  g_file_load_bytes_async (file, self->file_cancellable, file_loaded_cb, g_object_ref (self));
  _chorus_deposit_wizard_refresh (self);
}

gboolean
chorus_deposit_wizard_is_reading_file (ChorusDepositWizard *self)
{
  g_return_val_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self), FALSE);
  return self->reading_file;
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, ChorusDepositWizard *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        chorus_deposit_wizard_open_file (self, file);
    }
  g_object_unref (dialog);
}

void
_chorus_deposit_wizard_choose_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusDepositWizard *self = CHORUS_DEPOSIT_WIZARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) invoices = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Invoice"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (invoices, _("Invoices (PDF, XML)"));
  gtk_file_filter_add_mime_type (invoices, "application/pdf");
  gtk_file_filter_add_mime_type (invoices, "application/xml");
  gtk_file_filter_add_mime_type (invoices, "text/xml");
  gtk_file_filter_add_suffix (invoices, "pdf");
  gtk_file_filter_add_suffix (invoices, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), invoices);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

