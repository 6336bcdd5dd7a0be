/* chorus-deposit-wizard.c: the deposit form, checked live with the platform's own rules. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chorus-api-labels.h"
#include "chorus-deposit-wizard.h"
#include "chorus-file-choice.h"
#include "chorus-facturx.h"
#include "chorus-format.h"
#include "chorus-pdf-view.h"
#include "chorus-recipient-picker.h"
#include "chorus-plain-text.h"

static const char * const page_order[] = { "file", "recipient", "invoice", "check", NULL };

/* Order of the type, VAT type and payment combo rows. */
static const ChorusInvoiceType invoice_types[] = { CHORUS_INVOICE_TYPE_FACTURE, CHORUS_INVOICE_TYPE_AVOIR };
static const ChorusVatType vat_types[] = {
  CHORUS_VAT_TYPE_SUR_DEBIT, CHORUS_VAT_TYPE_SUR_ENCAISSEMENT, CHORUS_VAT_TYPE_EXONERATION, CHORUS_VAT_TYPE_SANS_TVA,
};
/* Until the server's list (recuperer/modereglements) is known: VIREMENT, the one the sources confirm. */
static const char * const default_payment_modes[] = { "VIREMENT", NULL };

enum { MODE_PDF, MODE_FLUX };

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
  AdwPreferencesGroup  *vat_group;
  AdwEntryRow          *market_row;
  AdwEntryRow          *validator_row;
  AdwEntryRow          *ht_row;
  AdwEntryRow          *vat_row;
  AdwEntryRow          *ttc_row;
  AdwEntryRow          *to_pay_row;
  GtkListBox           *vat_lines_list;
  GtkListBox           *lines_list;
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
  GPtrArray            *vat_rates;        /* ChorusReferenceItem: the platform's rate codes */
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

G_DEFINE_FINAL_TYPE (ChorusDepositWizard, chorus_deposit_wizard, GTK_TYPE_WIDGET)

enum { SIGNAL_SUBMIT, SIGNAL_FILE_CHOSEN, SIGNAL_SUPPLIER_CHANGED, SIGNAL_FOLLOW, N_SIGNALS };
static guint signals[N_SIGNALS];

static void refresh (ChorusDepositWizard *self);
static void update_read_marks (ChorusDepositWizard *self);

/* --- small helpers ------------------------------------------------------- */

/* Removes the rows, not the placeholder. */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_row_text (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static char *
stripped (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* "23/11/2026" or "2026-11-23" to ISO; anything else is passed on for the rules to reject. */
static char *
date_to_iso (const char *text)
{
  g_autofree char *clean = stripped (text);
  unsigned d, m, y;
  int consumed = 0;

  if (clean == NULL)
    return NULL;
  if (sscanf (clean, "%2u/%2u/%4u%n", &d, &m, &y, &consumed) == 3 && consumed == (int) strlen (clean) && y >= 1000)
    return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
  return g_steal_pointer (&clean);
}

/* "5,5" or "20" to a rate; FALSE when it is not a number between 0 and 100. */
static gboolean
parse_rate (const char *text, double *rate)
{
  g_autofree char *clean = stripped (text);
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

static char *
format_cents_plain (gint64 cents)
{
  /* Without the currency sign, so the user can edit it. */
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ",%02d", cents < 0 ? "-" : "", ABS (cents) / 100, (int) (ABS (cents) % 100));
}

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
  g_autofree char *text = stripped (row_text (row));
  gint64 cents = 0;

  if (text == NULL)
    return 0;
  if (!chorus_amount_parse (text, &cents) && problems != NULL)
    add_problem (problems, field,
                 g_strdup_printf (_("%s: “%s” is not an amount (for example 1 234,56)."),
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text));
  return cents;
}

static gboolean
is_flux_mode (ChorusDepositWizard *self)
{
  return adw_combo_row_get_selected (self->mode_row) == MODE_FLUX;
}

/* --- cadres offered ----------------------------------------------------------- */

static void
fill_cadres (ChorusDepositWizard *self)
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

static ChorusCadre
selected_cadre (ChorusDepositWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->cadre_row);

  return selected < self->n_cadres ? self->cadres[selected] : CHORUS_CADRE_UNKNOWN;
}

static void
select_cadre (ChorusDepositWizard *self, ChorusCadre cadre)
{
  for (gsize i = 0; i < self->n_cadres; i++)
    if (self->cadres[i] == cadre)
      adw_combo_row_set_selected (self->cadre_row, (guint) i);
}

/* --- VAT lines and lines ------------------------------------------------------ */

static GtkWidget *
small_entry (const char *placeholder, int width_chars, gboolean numeric)
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
entry_changed_cb (GtkEditable *editable, ChorusDepositWizard *self)
{
  refresh (self);
}

static void
remove_row_clicked_cb (GtkButton *button, ChorusDepositWizard *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *list = gtk_widget_get_parent (row);

  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  refresh (self);
}

/* A row of entries named by @keys; each entry is kept on the row under its key. */
static GtkWidget *
add_entries_row (ChorusDepositWizard *self, GtkListBox *list, const char * const *keys,
                 const char * const *placeholders, const int *widths, const char * const *values)
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

static const char * const vat_keys[] = { "rate", "base", "vat", NULL };
static const char * const line_keys[] = { "label", "quantity", "price", "rate", NULL };

static void
add_vat_line (ChorusDepositWizard *self, const ChorusVatLine *line)
{
  const char *placeholders[] = { _("Rate %"), _("Base excl. VAT"), _("VAT") };
  const int widths[] = { 6, 10, 10 };
  g_autofree char *rate = line ? format_rate (line->rate) : NULL;
  g_autofree char *base = line ? format_cents_plain (line->base_ht) : NULL;
  g_autofree char *vat = line ? format_cents_plain (line->vat_amount) : NULL;
  const char *values[] = { rate, base, vat };

  add_entries_row (self, self->vat_lines_list, vat_keys, placeholders, widths, values);
}

static void
add_line (ChorusDepositWizard *self, const ChorusInvoiceLine *line)
{
  const char *placeholders[] = { _("Description"), _("Quantity"), _("Unit price excl. VAT"), _("Rate %") };
  const int widths[] = { 16, 6, 10, 6 };
  g_autofree char *quantity = NULL;
  g_autofree char *price = line ? format_cents_plain (line->unit_price_ht) : NULL;
  g_autofree char *rate = line ? format_rate (line->vat_rate) : NULL;
  const char *values[] = { line ? line->label : NULL, NULL, price, rate };

  if (line != NULL)
    values[1] = quantity = format_rate (line->quantity);
  add_entries_row (self, self->lines_list, line_keys, placeholders, widths, values);
}

/* The platform's code of a VAT rate (recuperer/tauxtva), or NULL when it has none for @rate. */
static const char *
rate_code_for (ChorusDepositWizard *self, double rate)
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
known_rates_text (ChorusDepositWizard *self)
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
set_rate_code (ChorusDepositWizard *self, double rate, char **code, ChorusDepositField field, guint index,
               GPtrArray *problems)
{
  const char *known = rate_code_for (self, rate);

  *code = g_strdup (known);
  if (known == NULL && self->vat_rates != NULL && self->vat_rates->len > 0 && problems != NULL)
    {
      g_autofree char *rate_text = format_rate (rate);
      g_autofree char *rates = known_rates_text (self);

      add_problem (problems, field,
                   field == CHORUS_DEPOSIT_FIELD_LINES
                   ? g_strdup_printf (_("Line %u: %s %% is not a VAT rate of Chorus Pro (%s)."), index, rate_text, rates)
                   : g_strdup_printf (_("VAT line %u: %s %% is not a VAT rate of Chorus Pro (%s)."), index, rate_text, rates));
    }
}

static const char *
row_entry_text (GtkWidget *row, const char *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (row), key)));
}

static GPtrArray *
collect_vat_lines (ChorusDepositWizard *self, GPtrArray *problems)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_vat_line_free);
  guint index = 0;

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
            add_problem (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                         g_strdup_printf (_("VAT line %u: the rate is not a percentage."), index));
        }
      else
        set_rate_code (self, line->rate, &line->rate_code, CHORUS_DEPOSIT_FIELD_VAT_LINES, index, problems);
      if ((!chorus_amount_parse (row_entry_text (row, "base"), &line->base_ht) ||
           !chorus_amount_parse (row_entry_text (row, "vat"), &line->vat_amount)) && problems != NULL)
        add_problem (problems, CHORUS_DEPOSIT_FIELD_VAT_LINES,
                     g_strdup_printf (_("VAT line %u: the base and the VAT must be amounts."), index));
      g_ptr_array_add (lines, line);
    }
  return lines;
}

static GPtrArray *
collect_lines (ChorusDepositWizard *self, GPtrArray *problems)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_invoice_line_free);
  guint index = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ChorusInvoiceLine *line;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      index++;
      line = g_new0 (ChorusInvoiceLine, 1);
      line->number = (int) index;
      line->label = stripped (row_entry_text (row, "label"));
      if (!parse_rate (row_entry_text (row, "quantity"), &line->quantity) && problems != NULL)
        {
          /* parse_rate caps at 100: quantities may be larger. */
          g_autofree char *clean = stripped (row_entry_text (row, "quantity"));
          char *end = NULL;

          if (clean != NULL)
            {
              g_strdelimit (clean, ",", '.');
              line->quantity = g_ascii_strtod (clean, &end);
            }
          if (clean == NULL || end == clean || *end != '\0')
            add_problem (problems, CHORUS_DEPOSIT_FIELD_LINES,
                         g_strdup_printf (_("Line %u: the quantity is not a number."), index));
        }
      if (!chorus_amount_parse (row_entry_text (row, "price"), &line->unit_price_ht) && problems != NULL)
        add_problem (problems, CHORUS_DEPOSIT_FIELD_LINES,
                     g_strdup_printf (_("Line %u: the unit price is not an amount."), index));
      if (*row_entry_text (row, "rate") != '\0' && !parse_rate (row_entry_text (row, "rate"), &line->vat_rate))
        {
          if (problems != NULL)
            add_problem (problems, CHORUS_DEPOSIT_FIELD_LINES,
                         g_strdup_printf (_("Line %u: the VAT rate is not a percentage."), index));
        }
      else
        set_rate_code (self, line->vat_rate, &line->vat_rate_code, CHORUS_DEPOSIT_FIELD_LINES, index, problems);
      line->total_ht = (gint64) (line->quantity * (double) line->unit_price_ht + (line->quantity >= 0 ? 0.5 : -0.5));
      g_ptr_array_add (lines, line);
    }
  return lines;
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

static void
fill_supplier_services (ChorusDepositWizard *self, gint64 keep_service_id)
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

static const char *
selected_payment_mode (ChorusDepositWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->payment_row);

  /* Position 0 is "none", for a credit note. */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->payment_codes->len)
    return NULL;
  return g_ptr_array_index (self->payment_codes, selected - 1);
}

static void
select_payment_mode (ChorusDepositWizard *self, const char *code)
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

static void
select_bank_details (ChorusDepositWizard *self, gint64 id)
{
  adw_combo_row_set_selected (self->bank_row, 0);
  for (guint i = 0; id != 0 && self->bank_details != NULL && i < self->bank_details->len; i++)
    if (g_ascii_strtoll (((ChorusReferenceItem *) g_ptr_array_index (self->bank_details, i))->code, NULL, 10) == id)
      adw_combo_row_set_selected (self->bank_row, i + 1);
}

/* --- the form as an invoice --------------------------------------------------- */

/* The form's data; UI-level problems (text that is not an amount…) go to @problems if given. */
static ChorusInvoice *
collect_invoice (ChorusDepositWizard *self, GPtrArray *problems)
{
  ChorusInvoice *invoice = chorus_invoice_new ();
  g_autoptr(GPtrArray) vat_lines = collect_vat_lines (self, problems);
  g_autoptr(GPtrArray) lines = collect_lines (self, problems);
  g_autofree char *number = stripped (row_text (self->number_row));
  g_autofree char *date = date_to_iso (row_text (self->date_row));
  g_autofree char *currency = stripped (row_text (self->currency_row));
  g_autofree char *engagement = chorus_recipient_picker_get_engagement (self->recipient_picker);
  g_autofree char *market = stripped (row_text (self->market_row));
  g_autofree char *original = stripped (row_text (self->original_row));
  guint type_index = adw_combo_row_get_selected (self->type_row);
  guint vat_index = adw_combo_row_get_selected (self->vat_type_row);
  ChorusInvoiceType type = type_index < G_N_ELEMENTS (invoice_types) ? invoice_types[type_index] : CHORUS_INVOICE_TYPE_UNKNOWN;
  const ChorusStructure *recipient = chorus_recipient_picker_get_recipient (self->recipient_picker);
  const ChorusService *service = chorus_recipient_picker_get_service (self->recipient_picker);
  const ChorusStructure *supplier = selected_supplier (self);
  const ChorusService *supplier_service = selected_supplier_service (self);

  chorus_invoice_set_direction (invoice, CHORUS_DIRECTION_ISSUED);
  chorus_invoice_set_number (invoice, number);
  chorus_invoice_set_invoice_date (invoice, date);
  chorus_invoice_set_currency (invoice, currency);
  chorus_invoice_set_engagement_number (invoice, engagement);
  chorus_invoice_set_market_number (invoice, market);
  chorus_invoice_set_invoice_type (invoice, type);
  chorus_invoice_set_cadre (invoice, selected_cadre (self));
  if (chorus_deposit_cadre_has_validator (selected_cadre (self)))
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
  chorus_invoice_set_payment_mode (invoice, selected_payment_mode (self));
  if (g_strcmp0 (selected_payment_mode (self), "VIREMENT") == 0)
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

  if (is_flux_mode (self))
    {
      problems = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_deposit_problem_free);
      if (self->file_path == NULL)
        add_problem (problems, CHORUS_DEPOSIT_FIELD_ATTACHMENT, g_strdup (_("Choose the flux file to deposit.")));
      return problems;
    }

  invoice = collect_invoice (self, ui_problems);
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

/* --- live refresh ---------------------------------------------------------------- */

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
    case CHORUS_DEPOSIT_FIELD_VAT_LINES: return GTK_WIDGET (self->vat_lines_list);
    case CHORUS_DEPOSIT_FIELD_LINES: return GTK_WIDGET (self->lines_list);
    case CHORUS_DEPOSIT_FIELD_LAST:
    default:
      return NULL;
    }
}

static void
update_summary (ChorusDepositWizard *self)
{
  g_autoptr(ChorusInvoice) invoice = collect_invoice (self, NULL);
  g_autofree char *recipient = NULL;
  g_autofree char *date = chorus_date_format (chorus_invoice_get_invoice_date (invoice));
  g_autofree char *number_line = NULL;
  g_autofree char *ht = chorus_amount_format (chorus_invoice_get_amount_ht (invoice), chorus_invoice_get_currency (invoice));
  g_autofree char *ttc = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice), chorus_invoice_get_currency (invoice));
  g_autofree char *to_pay = chorus_amount_format (chorus_invoice_get_amount_to_pay (invoice), chorus_invoice_get_currency (invoice));
  g_autofree char *amounts = NULL;

  if (is_flux_mode (self))
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

static void
refresh (ChorusDepositWizard *self)
{
  if (self->filling)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->original_row),
                          adw_combo_row_get_selected (self->type_row) < G_N_ELEMENTS (invoice_types) &&
                          invoice_types[adw_combo_row_get_selected (self->type_row)] == CHORUS_INVOICE_TYPE_AVOIR);
  gtk_widget_set_visible (GTK_WIDGET (self->syntax_row), is_flux_mode (self));
  gtk_widget_set_visible (GTK_WIDGET (self->validator_row), chorus_deposit_cadre_has_validator (selected_cadre (self)));
  /* Bank details go with a transfer only. */
  gtk_widget_set_visible (GTK_WIDGET (self->bank_row), g_strcmp0 (selected_payment_mode (self), "VIREMENT") == 0);
  update_read_marks (self);
  update_summary (self);
  update_problems (self);
  update_buttons (self);
}

/* TTC follows HT + TVA as long as both read as amounts; the net to pay follows TTC until edited. */
static void
amounts_changed_cb (GtkEditable *editable, ChorusDepositWizard *self)
{
  gint64 ht, vat, old_ttc = 0, to_pay = 0;
  gboolean to_pay_follows;

  if (self->filling)
    return;
  if (chorus_amount_parse (row_text (self->ht_row), &ht) && chorus_amount_parse (row_text (self->vat_row), &vat))
    {
      g_autofree char *ttc = format_cents_plain (ht + vat);

      to_pay_follows = *row_text (self->to_pay_row) == '\0' ||
                       (chorus_amount_parse (row_text (self->ttc_row), &old_ttc) &&
                        chorus_amount_parse (row_text (self->to_pay_row), &to_pay) && old_ttc == to_pay);
      self->filling = TRUE;
      set_row_text (self->ttc_row, ttc);
      if (to_pay_follows)
        set_row_text (self->to_pay_row, ttc);
      self->filling = FALSE;
    }
  refresh (self);
}

/* --- recipient and issuer ------------------------------------------------------- */

static void
recipient_changed_cb (ChorusDepositWizard *self)
{
  refresh (self);
}

static void
issuer_selected_cb (ChorusDepositWizard *self)
{
  const ChorusStructure *supplier;

  if (self->filling)
    return;
  supplier = selected_supplier (self);
  fill_supplier_services (self, 0);
  /* Its bank details are its own: the workspace brings them. */
  g_signal_emit (self, signals[SIGNAL_SUPPLIER_CHANGED], 0, supplier != NULL ? supplier->id : (gint64) 0);
  refresh (self);
}

/* --- file ------------------------------------------------------------------------- */

static void
select_syntax (ChorusDepositWizard *self, const char *syntax)
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
static void
update_read_marks (ChorusDepositWizard *self)
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
  g_autofree char *ht = format_cents_plain (chorus_invoice_get_amount_ht (read));
  g_autofree char *vat = format_cents_plain (chorus_invoice_get_amount_vat (read));
  g_autofree char *to_pay = format_cents_plain (chorus_invoice_get_amount_to_pay (read));
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
                                      : format_cents_plain (chorus_invoice_get_amount_ttc (read) - chorus_invoice_get_amount_ht (read));

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
  amounts_changed_cb (NULL, self);
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
      refresh (self);
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
        select_syntax (self, parsed->syntax);
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
  if (!is_flux_mode (self) && self->file_path != NULL)
    g_signal_emit (self, signals[SIGNAL_FILE_CHOSEN], 0, self->file_path);
  refresh (self);
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
      refresh (self);
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
  refresh (self);
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
fill_attachments (ChorusDepositWizard *self);

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
  fill_attachments (self);
  refresh (self);
}

static void
fill_attachments (ChorusDepositWizard *self)
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
  fill_attachments (self);
  refresh (self);
}

static void
attachment_chosen (GtkWidget *owner, const char *path)
{
  chorus_deposit_wizard_add_attachment (CHORUS_DEPOSIT_WIZARD (owner), path);
}

static void
add_attachment_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
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
  refresh (self);
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

static void
choose_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
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

/* --- drafts ------------------------------------------------------------------------ */

static void fill_drafts (ChorusDepositWizard *self);

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
  fill_drafts (self);
}

static void
fill_drafts (ChorusDepositWizard *self)
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
  draft->invoice = collect_invoice (self, NULL);
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
  if (is_flux_mode (self) && syntax < g_strv_length ((char **) chorus_flow_syntaxes ()))
    draft->flux_syntax = g_strdup (chorus_flow_syntaxes ()[syntax]);
  return draft;
}

static void
save_draft_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
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
  fill_drafts (self);
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
  fill_cadres (self);

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
  select_payment_mode (self, chorus_invoice_get_payment_mode (invoice));
  select_bank_details (self, chorus_invoice_get_bank_details_id (invoice));
  for (guint i = 0; self->suppliers != NULL && self->suppliers->len > 1 && i < self->suppliers->len; i++)
    if (((ChorusStructure *) g_ptr_array_index (self->suppliers, i))->id == chorus_invoice_get_supplier_id (invoice))
      adw_combo_row_set_selected (self->issuer_row, i + 1);
  select_cadre (self, chorus_invoice_get_cadre (invoice));
  {
    g_autofree char *ht = format_cents_plain (chorus_invoice_get_amount_ht (invoice));
    g_autofree char *vat = format_cents_plain (chorus_invoice_get_amount_vat (invoice));
    g_autofree char *ttc = format_cents_plain (chorus_invoice_get_amount_ttc (invoice));
    g_autofree char *to_pay = format_cents_plain (chorus_invoice_get_amount_to_pay (invoice));

    set_row_text (self->ht_row, ht);
    set_row_text (self->vat_row, vat);
    set_row_text (self->ttc_row, ttc);
    set_row_text (self->to_pay_row, to_pay);
  }
  array = chorus_invoice_get_vat_lines (invoice);
  for (guint i = 0; array != NULL && i < array->len; i++)
    add_vat_line (self, g_ptr_array_index (array, i));
  array = chorus_invoice_get_lines (invoice);
  for (guint i = 0; array != NULL && i < array->len; i++)
    add_line (self, g_ptr_array_index (array, i));
  if (draft->flux_syntax != NULL)
    {
      adw_combo_row_set_selected (self->mode_row, MODE_FLUX);
      select_syntax (self, draft->flux_syntax);
    }
  self->filling = FALSE;
  fill_supplier_services (self, chorus_invoice_get_supplier_service_id (invoice));
  for (guint i = 0; draft->attachment_paths != NULL && draft->attachment_paths[i] != NULL; i++)
    g_ptr_array_add (self->attachment_paths, g_strdup (draft->attachment_paths[i]));
  fill_attachments (self);

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
  refresh (self);
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
  refresh (self);
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
  if (is_flux_mode (self) && (index == 1 || index == 2))
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
  fill_drafts (self);
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

  invoice = collect_invoice (self, NULL);
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
  select_payment_mode (self, "VIREMENT");
  select_bank_details (self, 0);
  clear_list (self->vat_lines_list);
  clear_list (self->lines_list);
  g_ptr_array_set_size (self->attachment_paths, 0);
  fill_attachments (self);
  self->filling = FALSE;
  chorus_recipient_picker_choose (self->recipient_picker, NULL, NULL);
  update_read_marks (self);
  fill_cadres (self);
  fill_drafts (self);
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

static void
add_vat_line_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  add_vat_line (CHORUS_DEPOSIT_WIZARD (widget), NULL);
  refresh (CHORUS_DEPOSIT_WIZARD (widget));
}

static void
add_line_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  add_line (CHORUS_DEPOSIT_WIZARD (widget), NULL);
  refresh (CHORUS_DEPOSIT_WIZARD (widget));
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
  fill_supplier_services (self, 0);
  refresh (self);
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
  g_autofree char *rates = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  kept = g_strdup (selected_payment_mode (self));
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
  select_payment_mode (self, kept != NULL ? kept : "VIREMENT");
  self->filling = FALSE;

  g_clear_pointer (&self->vat_rates, g_ptr_array_unref);
  self->vat_rates = chorus_reference_items_copy (vat_rates);
  rates = known_rates_text (self);
  description = *rates != '\0'
                ? g_strdup_printf (_("Required when the invoice has several VAT rates. Rates of Chorus Pro: %s."), rates)
                : g_strdup (_("Required when the invoice has several VAT rates."));
  chorus_preferences_group_set_plain_description (self->vat_group, description);
  refresh (self);
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
  select_bank_details (self, kept);
  self->filling = FALSE;
  refresh (self);
}

void
chorus_deposit_wizard_set_role (ChorusDepositWizard *self,
                                ChorusRole           role)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  self->role = role == CHORUS_ROLE_UNKNOWN ? CHORUS_ROLE_FOURNISSEUR : role;
  fill_cadres (self);
  refresh (self);
}

void
chorus_deposit_wizard_set_drafts_dir (ChorusDepositWizard *self,
                                      const char          *dir)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  g_free (self->drafts_dir);
  self->drafts_dir = g_strdup (dir);
  fill_drafts (self);
}

void
chorus_deposit_wizard_set_today (ChorusDepositWizard *self,
                                 const char          *iso_date)
{
  g_return_if_fail (CHORUS_IS_DEPOSIT_WIZARD (self));

  g_free (self->today);
  self->today = g_strdup (iso_date);
  refresh (self);
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
  g_clear_pointer (&self->vat_rates, g_ptr_array_unref);
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
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-deposit-wizard.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusDepositWizard, name)
  BIND (paned); BIND (pages); BIND (previous_group); BIND (previous_row); BIND (file_row); BIND (mode_row);
  BIND (mode_model); BIND (syntax_row); BIND (syntax_model); BIND (drafts_group); BIND (drafts_list);
  BIND (read_row); BIND (attachments_list); BIND (issuer_group); BIND (issuer_row); BIND (issuer_model);
  BIND (issuer_service_row); BIND (issuer_service_model); BIND (recipient_picker); BIND (bank_row);
  BIND (bank_model); BIND (vat_group); BIND (cadre_row); BIND (cadre_model); BIND (type_row); BIND (type_model); BIND (number_row); BIND (date_row); BIND (original_row);
  BIND (currency_row); BIND (vat_type_row); BIND (vat_type_model); BIND (payment_row); BIND (payment_model);
  BIND (market_row); BIND (validator_row); BIND (ht_row); BIND (vat_row); BIND (ttc_row); BIND (to_pay_row); BIND (vat_lines_list);
  BIND (lines_list); BIND (summary_recipient_row); BIND (summary_invoice_row); BIND (summary_amounts_row);
  BIND (problems_group); BIND (problems_list); BIND (sent_page); BIND (certificate_list); BIND (back_button);
  BIND (save_button); BIND (step_label); BIND (next_button); BIND (send_button); BIND (pdf_view);
#undef BIND

  gtk_widget_class_install_action (widget_class, "wizard.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "wizard.save-draft", NULL, save_draft_action);
  gtk_widget_class_install_action (widget_class, "wizard.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-vat-line", NULL, add_vat_line_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-line", NULL, add_line_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-attachment", NULL, add_attachment_action);
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
  g_signal_connect (self->ht_row, "changed", G_CALLBACK (amounts_changed_cb), self);
  g_signal_connect (self->vat_row, "changed", G_CALLBACK (amounts_changed_cb), self);
  g_signal_connect (self->ttc_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (self->to_pay_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->cadre_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->vat_type_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->payment_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->syntax_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->bank_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->issuer_service_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->issuer_row, "notify::selected", G_CALLBACK (issuer_selected_cb), self);
  g_signal_connect_swapped (self->recipient_picker, "changed", G_CALLBACK (recipient_changed_cb), self);

  chorus_deposit_wizard_reset (self);
}

GtkWidget *
chorus_deposit_wizard_new (void)
{
  return g_object_new (CHORUS_TYPE_DEPOSIT_WIZARD, NULL);
}
