/* chorus-invoice-detail.c: fills the detail pane from a ChorusInvoice and saves the internal follow-up. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-attachments-list.h"
#include "chorus-duplicates-list.h"
#include "chorus-history-list.h"
#include "chorus-invoice-columns.h"
#include "chorus-followup-form.h"
#include "chorus-status.h"
#include "chorus-tab-strip.h"
#include "chorus-format.h"
#include "chorus-invoice-detail-private.h"
#include "chorus-plain-text.h"
#include "chorus-structured-data-view.h"

struct _ChorusInvoiceDetail
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkStack       *outer_stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *amount_label;
  GtkLabel       *days_left_label;
  GtkLabel       *status_label;
  GtkLabel       *pending_label;
  GtkWidget      *switcher;
  GtkStack       *stack;
  ChorusFollowupForm *followup_form;
  GtkWidget      *deadlines_heading;
  GtkListBox     *deadlines_list;
  GtkGrid        *fields_grid;
  GtkGrid        *lines_grid;
  GtkGrid        *vat_grid;
  ChorusHistoryList *history_list;
  ChorusAttachmentsList *attachments_list;
  ChorusDuplicatesList *duplicates_list;
  GtkWidget      *process_box;
  GtkDropDown    *document_dropdown;
  ChorusPdfView  *pdf_view;
  ChorusStructuredDataView *structured_view;

  /* Owned references */
  ChorusStore    *store;
  ChorusInvoice  *invoice;
  GArray         *documents;        /* gint64 attachment ids of document_dropdown, 0 = main */
  GPtrArray      *local_actions;    /* ChorusAction of the invoice shown, from the outbox */

  ChorusDelayPolicy *delays;
  ChorusDirection    direction;
  gboolean        filling;
};

G_DEFINE_FINAL_TYPE (ChorusInvoiceDetail, chorus_invoice_detail, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DOCUMENT_REQUESTED,
  SIGNAL_LOCAL_FIELDS_SAVED,
  SIGNAL_OPEN_INVOICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else if (GTK_IS_GRID (container))
        gtk_grid_remove (GTK_GRID (container), child);
      else
        gtk_widget_unparent (child);
    }
}

static GtkWidget *
value_label (const char *text,
             float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, xalign == 0);
  return label;
}

static void
add_field (ChorusInvoiceDetail *self,
           int                 *row,
           const char          *name,
           const char          *value)
{
  GtkWidget *key;

  if (value == NULL || *value == '\0')
    return;
  key = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_grid_attach (self->fields_grid, key, 0, *row, 1, 1);
  gtk_grid_attach (self->fields_grid, value_label (value, 0), 1, *row, 1, 1);
  (*row)++;
}

static void
add_amount_field (ChorusInvoiceDetail *self,
                  int                 *row,
                  const char          *name,
                  gint64               cents)
{
  g_autofree char *text = chorus_amount_format (cents, chorus_invoice_get_currency (self->invoice));

  add_field (self, row, name, text);
}

static void
add_date_field (ChorusInvoiceDetail *self,
                int                 *row,
                const char          *name,
                const char          *iso)
{
  g_autofree char *text = chorus_date_format (iso);

  add_field (self, row, name, text);
}

static GtkWidget *two_line_row (const char *title,
                                const char *subtitle);

/* The two deadlines side by side, named and explained: the law's and the supplier's. */
static void
fill_deadlines (ChorusInvoiceDetail *self)
{
  ChorusInvoice *inv = self->invoice;
  const char *code = chorus_invoice_get_recipient_code (inv);
  const char *name = chorus_invoice_get_recipient_name (inv);
  ChorusPayerKind guessed, kind;
  gboolean chosen;
  ChorusDeadline deadline;
  g_autofree char *due = NULL;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  g_autofree char *events = NULL;
  g_autofree char *status = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  clear_container (GTK_WIDGET (self->deadlines_list));
  kind = chorus_delay_policy_get_kind (self->delays, code, name, &chosen);
  chorus_deadline_compute (&deadline, inv, chorus_delay_policy_get_kind_days (self->delays, kind), NULL);

  /* "Échéance légale : 09/01/2027"  34 jours restants
   * "50 jours après la réception le 20/11/2026 — établissement public de santé, d'après…" */
  due = chorus_deadline_format_date (&deadline.legal_due);
  title = due != NULL ? g_strdup_printf (_("Legal deadline: %s"), due) : g_strdup (_("Legal payment deadline"));
  count = chorus_deadline_describe_count (&deadline);
  if (chosen)
    origin = g_strdup_printf (_("%s, as chosen for this recipient in Preferences › Payment Deadlines"),
                              chorus_payer_kind_label (kind));
  else if (chorus_payer_kind_guess (name, &guessed))
    origin = g_strdup_printf (_("%s, from the recipient’s name (Preferences › Payment Deadlines if it is wrong)"),
                              chorus_payer_kind_label (kind));
  else
    origin = g_strdup_printf (_("%s, the default delay (set this recipient’s in Preferences › Payment Deadlines)"),
                              chorus_payer_kind_label (kind));
  events = chorus_deadline_describe_events (&deadline);
  subtitle = count != NULL ? g_strjoin ("\n", count, origin, events, NULL)
                           : g_strjoin ("\n", _("The deposit date is not known: the legal deadline cannot be counted."),
                                        origin, NULL);
  row = two_line_row (title, subtitle);
  gtk_widget_set_name (row, "legal-deadline");
  status = chorus_deadline_format_status (&deadline);
  if (status != NULL)
    {
      GtkWidget *label = gtk_label_new (status);

      if (deadline.state == CHORUS_CLOCK_RUNNING && deadline.days_left < 0)
        gtk_widget_add_css_class (label, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (self->deadlines_list, row);

  if (deadline.has_stated_due)
    {
      /* The date is in the title: below, what it means. */
      const char *text = _("Payment is due by the legal deadline at the latest; the supplier’s date may come sooner.");
      g_autofree char *stated_due = chorus_deadline_format_date (&deadline.stated_due);
      g_autofree char *stated_title = g_strdup_printf (_("Due date stated by the supplier: %s"), stated_due);
      g_autofree char *stated_status = chorus_deadline_format_stated_status (&deadline);

      row = two_line_row (stated_title, text);
      if (stated_status != NULL)
        {
          GtkWidget *label = gtk_label_new (stated_status);

          /* Past the supplier's date is worth a look, not an alarm: the law's date is the one that binds. */
          if (deadline.stated_days_left < 0)
            gtk_widget_add_css_class (label, "warning");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
    }
  else
    {
      g_autofree char *stated = chorus_deadline_describe_stated (&deadline);

      row = two_line_row (_("Due date stated by the supplier"), stated);
    }
  gtk_widget_set_name (row, "stated-deadline");
  gtk_list_box_append (self->deadlines_list, row);
}

static void
fill_fields (ChorusInvoiceDetail *self)
{
  ChorusInvoice *inv = self->invoice;
  g_autofree char *supplier_id = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *service = NULL;
  g_autofree char *chorus_id = g_strdup_printf ("%" G_GINT64_FORMAT, chorus_invoice_get_id (inv));
  int row = 0;

  clear_container (GTK_WIDGET (self->fields_grid));

  g_autofree char *status_date = chorus_format_datetime (chorus_invoice_get_status_date (inv));

  if (chorus_invoice_get_supplier_code (inv) != NULL)
    {
      g_autofree char *grouped = chorus_format_siret (chorus_invoice_get_supplier_code (inv));

      supplier_id = g_strdup_printf ("%s (%s)", grouped,
                                     chorus_id_type_label (chorus_invoice_get_supplier_id_type (inv)));
    }
  if (chorus_invoice_get_recipient_code (inv) != NULL)
    {
      g_autofree char *grouped = chorus_format_siret (chorus_invoice_get_recipient_code (inv));

      recipient = chorus_invoice_get_recipient_name (inv) != NULL
                  ? g_strdup_printf ("%s (%s)", chorus_invoice_get_recipient_name (inv), grouped)
                  : g_steal_pointer (&grouped);
    }
  if (chorus_invoice_get_service_code (inv) != NULL)
    service = g_strdup_printf ("%s — %s", chorus_invoice_get_service_code (inv),
                               chorus_invoice_get_service_name (inv) ?: "");

  add_field (self, &row, _("Invoice number"), chorus_invoice_get_number (inv));
  /* A value the data does not give is left out rather than shown as "unknown". */
  if (chorus_invoice_get_invoice_type (inv) != CHORUS_INVOICE_TYPE_UNKNOWN)
    add_field (self, &row, _("Invoice type"), chorus_invoice_type_label (chorus_invoice_get_invoice_type (inv)));
  if (chorus_invoice_get_cadre (inv) != CHORUS_CADRE_UNKNOWN)
    add_field (self, &row, _("Billing framework"), chorus_cadre_label (chorus_invoice_get_cadre (inv)));
  add_date_field (self, &row, _("Invoice date"), chorus_invoice_get_invoice_date (inv));
  add_date_field (self, &row, _("Deposit date"), chorus_invoice_get_deposit_date (inv));
  add_field (self, &row, _("Deposit mode"), chorus_format_deposit_mode (chorus_invoice_get_deposit_mode (inv)));
  add_field (self, &row, _("Supplier"), chorus_invoice_get_supplier_name (inv));
  add_field (self, &row, _("Supplier identifier"), supplier_id);
  add_field (self, &row, _("Supplier service"), chorus_invoice_get_supplier_service_code (inv));
  add_field (self, &row, _("Recipient"), recipient);
  add_field (self, &row, _("Service"), service);
  add_field (self, &row, _("Commitment number"), chorus_invoice_get_engagement_number (inv));
  /* An invoice to validate says which structure it waits for. */
  add_field (self, &row, _("Validator"), chorus_invoice_get_validator_name (inv));
  add_field (self, &row, _("Contract number"), chorus_invoice_get_market_number (inv));
  add_amount_field (self, &row, _("Amount excl. VAT"), chorus_invoice_get_amount_ht (inv));
  add_amount_field (self, &row, _("VAT"), chorus_invoice_get_amount_vat (inv));
  add_amount_field (self, &row, _("Amount incl. VAT"), chorus_invoice_get_amount_ttc (inv));
  add_amount_field (self, &row, _("Amount to pay"), chorus_invoice_get_amount_to_pay (inv));
  add_field (self, &row, _("VAT type"), chorus_invoice_get_vat_type (inv) ? chorus_vat_type_label (chorus_invoice_get_vat_type (inv)) : NULL);
  add_field (self, &row, _("Payment mode"), chorus_format_payment_mode (chorus_invoice_get_payment_mode (inv)));
  add_field (self, &row, _("Original invoice"), chorus_invoice_get_original_number (inv));
  add_field (self, &row, _("Payment order number"), chorus_invoice_get_mandate_number (inv));
  add_field (self, &row, _("Status"), chorus_status_code_label (chorus_invoice_get_status_code (inv)));
  add_field (self, &row, _("Status date"), status_date);
  add_field (self, &row, _("Status comment"), chorus_invoice_get_status_comment (inv));
  add_field (self, &row, _("Flow number"), chorus_invoice_get_flow_number (inv));
  add_field (self, &row, _("Chorus Pro identifier"), chorus_id);
}

static void
grid_header (GtkGrid     *grid,
             const char **titles,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = gtk_label_new (titles[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 1 ? 0 : 1);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (grid, label, (int) i, 0, 1, 1);
    }
}

/* The platform's own code stays at hand for whoever needs it, out of the way of the rest. */
static void
set_code_tooltip (GtkWidget  *cell,
                  const char *code)
{
  g_autofree char *text = g_strdup_printf (_("Chorus Pro code: %s"), code);

  gtk_widget_set_tooltip_text (cell, text);
}

static void
fill_lines (ChorusInvoiceDetail *self)
{
  GPtrArray *lines = chorus_invoice_get_lines (self->invoice);
  GPtrArray *vat = chorus_invoice_get_vat_lines (self->invoice);
  const char *currency = chorus_invoice_get_currency (self->invoice);
  const char *line_titles[] = { "#", _("Item"), _("Quantity"), _("Unit price excl. VAT"), _("VAT rate"), _("Total excl. VAT") };
  const char *vat_titles[] = { _("Rate"), _("Base excl. VAT"), _("VAT amount") };

  clear_container (GTK_WIDGET (self->lines_grid));
  clear_container (GTK_WIDGET (self->vat_grid));

  if (lines == NULL || lines->len == 0)
    gtk_grid_attach (self->lines_grid, value_label (_("The lines of this invoice are not in the data sent by Chorus Pro; see the PDF."), 0), 0, 0, 1, 1);
  else
    {
      grid_header (self->lines_grid, line_titles, G_N_ELEMENTS (line_titles));
      for (guint i = 0; i < lines->len; i++)
        {
          ChorusInvoiceLine *line = g_ptr_array_index (lines, i);
          g_autofree char *number = g_strdup_printf ("%d", line->number);
          g_autofree char *label = line->reference ? g_strdup_printf ("%s — %s", line->reference, line->label ?: "")
                                                   : g_strdup (line->label);
          g_autofree char *quantity = chorus_format_quantity (line->quantity, line->unit);
          g_autofree char *price = chorus_amount_format (line->unit_price_ht, currency);
          g_autofree char *rate = chorus_format_vat_rate (line->vat_rate_code, line->vat_rate);
          g_autofree char *total = chorus_amount_format (line->total_ht, currency);
          const char *cells[] = { number, label, quantity, price, rate, total };

          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              GtkWidget *cell = value_label (cells[c], c == 1 ? 0 : 1);

              gtk_grid_attach (self->lines_grid, cell, (int) c, (int) i + 1, 1, 1);
              if (c == 4 && line->vat_rate_code != NULL)
                set_code_tooltip (cell, line->vat_rate_code);
            }
        }
    }

  if (vat == NULL || vat->len == 0)
    gtk_grid_attach (self->vat_grid, value_label (_("No VAT breakdown was sent with this invoice."), 0), 0, 0, 1, 1);
  else
    {
      grid_header (self->vat_grid, vat_titles, G_N_ELEMENTS (vat_titles));
      for (guint i = 0; i < vat->len; i++)
        {
          ChorusVatLine *line = g_ptr_array_index (vat, i);
          g_autofree char *rate = chorus_format_vat_rate (line->rate_code, line->rate);
          g_autofree char *base = chorus_amount_format (line->base_ht, currency);
          g_autofree char *amount = chorus_amount_format (line->vat_amount, currency);
          const char *cells[] = { rate, base, amount };

          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              GtkWidget *cell = value_label (cells[c], 1);

              gtk_grid_attach (self->vat_grid, cell, (int) c, (int) i + 1, 1, 1);
              if (c == 0 && line->rate_code != NULL)
                set_code_tooltip (cell, line->rate_code);
            }
        }
    }
}

static GtkWidget *
two_line_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
fill_history (ChorusInvoiceDetail *self)
{
  GPtrArray *attachments = chorus_invoice_get_attachments (self->invoice);
  g_autoptr(GtkStringList) documents = gtk_string_list_new (NULL);

  chorus_history_list_set (self->history_list, self->invoice, self->local_actions);
  chorus_attachments_list_set_invoice (self->attachments_list, self->invoice);
  g_array_set_size (self->documents, 0);

  gtk_string_list_append (documents, _("Invoice PDF"));
  g_array_append_val (self->documents, (gint64) { 0 });
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      ChorusAttachment *attachment = g_ptr_array_index (attachments, i);

      if (!attachment->is_main)
        {
          gtk_string_list_append (documents, attachment->name ?: _("Attachment"));
          g_array_append_val (self->documents, attachment->id);
        }
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->document_dropdown, G_LIST_MODEL (documents));
  gtk_drop_down_set_selected (self->document_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->document_dropdown), self->documents->len > 1);
  self->filling = FALSE;
}

/* Under the header: the last action the user asked for, while it waits or when it was refused. */
static void
update_action_state (ChorusInvoiceDetail *self)
{
  const ChorusAction *last = NULL;
  g_autofree char *text = NULL;
  ChorusActionMark mark = CHORUS_ACTION_MARK_NONE;

  for (guint i = 0; self->local_actions != NULL && i < self->local_actions->len; i++)
    {
      ChorusAction *action = g_ptr_array_index (self->local_actions, i);

      if (chorus_action_is_status_change (action))
        last = action;
    }
  if (self->invoice != NULL)
    mark = chorus_action_mark_for (self->invoice, last, &text);
  for (ChorusActionMark m = CHORUS_ACTION_MARK_HELD; m <= CHORUS_ACTION_MARK_REFUSED; m++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->pending_label), chorus_action_mark_css_class (m));
  gtk_widget_remove_css_class (GTK_WIDGET (self->pending_label), "error");
  if (mark == CHORUS_ACTION_MARK_REFUSED)
    gtk_widget_add_css_class (GTK_WIDGET (self->pending_label), "error");
  else if (mark != CHORUS_ACTION_MARK_NONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->pending_label), chorus_action_mark_css_class (mark));
  if (text != NULL)
    {
      g_autofree char *with_sign = g_strdup_printf ("%s %s", chorus_action_mark_symbol (mark), text);
      gtk_label_set_text (self->pending_label, with_sign);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), text != NULL);
}

static void
fill_header (ChorusInvoiceDetail *self)
{
  ChorusInvoice *inv = self->invoice;
  ChorusStatus status = chorus_invoice_get_status (inv);
  g_autofree char *amount = chorus_amount_format (chorus_invoice_get_amount_ttc (inv), chorus_invoice_get_currency (inv));
  g_autofree char *date = chorus_date_format (chorus_invoice_get_invoice_date (inv));
  g_autofree char *subtitle = g_strdup_printf (_("No. %s of %s"), chorus_invoice_get_number (inv) ?: "—", date ?: "—");
  ChorusDeadline deadline;
  g_autofree char *days_text = NULL;
  g_autofree char *legal = NULL;
  g_autofree char *stated = NULL;
  g_autofree char *tooltip = NULL;
  static const char *classes[] = { "to-process", "sent-back", "processed", "other" };
  const char *css;

  /* The supplier's own invoices are told apart by where they went. */
  if (self->direction == CHORUS_DIRECTION_ISSUED)
    gtk_label_set_text (self->title_label, chorus_invoice_get_recipient_name (inv) ?: _("Unknown recipient"));
  else
    gtk_label_set_text (self->title_label, chorus_invoice_get_supplier_name (inv) ?: _("Unknown supplier"));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->amount_label, amount);
  gtk_label_set_text (self->status_label, chorus_status_code_label (chorus_invoice_get_status_code (inv)));

  switch (chorus_status_get_group (status))
    {
    case CHORUS_STATUS_GROUP_TO_PROCESS: css = classes[0]; break;
    case CHORUS_STATUS_GROUP_SENT_BACK: css = classes[1]; break;
    case CHORUS_STATUS_GROUP_PROCESSED: css = classes[2]; break;
    case CHORUS_STATUS_GROUP_ALL:
    case CHORUS_STATUS_GROUP_LAST:
    default: css = classes[3]; break;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css);

  /* No countdown on a rejected or recycled invoice; the tooltip names both deadlines. */
  chorus_deadline_compute (&deadline, inv, chorus_delay_policy_days_for_invoice (self->delays, inv), NULL);
  days_text = chorus_deadline_format_status (&deadline);
  legal = chorus_deadline_describe_legal (&deadline);
  stated = chorus_deadline_describe_stated (&deadline);
  tooltip = g_strjoin ("\n", legal ? legal : stated, legal ? stated : NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->days_left_label), days_text != NULL && self->direction != CHORUS_DIRECTION_TO_VALIDATE);
  gtk_label_set_text (self->days_left_label, days_text ?: "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->days_left_label), tooltip);
  if (deadline.state == CHORUS_CLOCK_RUNNING && deadline.days_left < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->days_left_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->days_left_label), "error");
}

static void
followup_saved_cb (ChorusInvoiceDetail *self,
                   gint64               id)
{
  g_signal_emit (self, signals[SIGNAL_LOCAL_FIELDS_SAVED], 0, id);
}

/* A PDF from the attachments list: the viewer shows it, chosen in the PDF tab's list. */
static void
attachment_show_cb (ChorusInvoiceDetail *self,
                    gint64               attachment_id)
{
  for (guint i = 0; i < self->documents->len; i++)
    if (g_array_index (self->documents, gint64, i) == attachment_id)
      {
        chorus_invoice_detail_show_page (self, "pdf");
        if (gtk_drop_down_get_selected (self->document_dropdown) == i)
          g_signal_emit (self, signals[SIGNAL_DOCUMENT_REQUESTED], 0, attachment_id);
        else
          gtk_drop_down_set_selected (self->document_dropdown, i);
      }
}

static void
duplicate_open_cb (ChorusInvoiceDetail *self,
                   gint64               id)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_INVOICE], 0, id);
}

static void
document_selected_cb (ChorusInvoiceDetail *self)
{
  if (self->filling || self->invoice == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_DOCUMENT_REQUESTED], 0, chorus_invoice_detail_get_document (self));
}

static void
pdf_pressed_cb (ChorusInvoiceDetail *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *pdf = GTK_WIDGET (self->pdf_view);

  if (focus == NULL || (focus != pdf && !gtk_widget_is_ancestor (focus, pdf)))
    gtk_widget_grab_focus (pdf);
}

static void
chorus_invoice_detail_dispose (GObject *object)
{
  ChorusInvoiceDetail *self = CHORUS_INVOICE_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_INVOICE_DETAIL);
  g_clear_object (&self->store);
  g_clear_object (&self->invoice);
  g_clear_pointer (&self->documents, g_array_unref);
  g_clear_pointer (&self->local_actions, g_ptr_array_unref);
  g_clear_pointer (&self->delays, chorus_delay_policy_unref);
  G_OBJECT_CLASS (chorus_invoice_detail_parent_class)->dispose (object);
}

static void
chorus_invoice_detail_class_init (ChorusInvoiceDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_invoice_detail_dispose;

  /* The user picked a document in the PDF tab: 0 is the invoice, else an attachment id. */
  signals[SIGNAL_DOCUMENT_REQUESTED] = g_signal_new ("document-requested", G_TYPE_FROM_CLASS (klass),
                                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                     G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_LOCAL_FIELDS_SAVED] = g_signal_new ("local-fields-saved", G_TYPE_FROM_CLASS (klass),
                                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                     G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The user asked to see another invoice (a likely duplicate of this one). */
  signals[SIGNAL_OPEN_INVOICE] = g_signal_new ("open-invoice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CHORUS_TYPE_FOLLOWUP_FORM);
  g_type_ensure (CHORUS_TYPE_TAB_STRIP);
  g_type_ensure (CHORUS_TYPE_PDF_VIEW);
  g_type_ensure (CHORUS_TYPE_STRUCTURED_DATA_VIEW);
  g_type_ensure (CHORUS_TYPE_HISTORY_LIST);
  g_type_ensure (CHORUS_TYPE_ATTACHMENTS_LIST);
  g_type_ensure (CHORUS_TYPE_DUPLICATES_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-invoice-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, amount_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, days_left_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, pending_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, switcher);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, followup_form);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, deadlines_heading);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, deadlines_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, lines_grid);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, vat_grid);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, history_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, attachments_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, duplicates_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, process_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, document_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, pdf_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusInvoiceDetail, structured_view);
  gtk_widget_class_bind_template_callback (widget_class, followup_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, attachment_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, duplicate_open_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_selected_cb);
}

static void
chorus_invoice_detail_init (ChorusInvoiceDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->delays = chorus_delay_policy_new ();
  self->documents = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* A click in the PDF gives it the focus, so Ctrl+F then finds in the document. */
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (click, "pressed", G_CALLBACK (pdf_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->pdf_view), GTK_EVENT_CONTROLLER (click));
    gtk_widget_set_focusable (GTK_WIDGET (self->pdf_view), TRUE);
  }
}

GtkWidget *
chorus_invoice_detail_new (void)
{
  return g_object_new (CHORUS_TYPE_INVOICE_DETAIL, NULL);
}

void
chorus_invoice_detail_set_store (ChorusInvoiceDetail *self,
                                 ChorusStore         *store)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  g_return_if_fail (!store || CHORUS_IS_STORE (store));

  g_set_object (&self->store, store);
  chorus_followup_form_set_store (self->followup_form, store);
}

void
chorus_invoice_detail_set_delay_policy (ChorusInvoiceDetail *self,
                                        ChorusDelayPolicy   *delays)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  g_return_if_fail (delays != NULL);

  chorus_delay_policy_ref (delays);
  g_clear_pointer (&self->delays, chorus_delay_policy_unref);
  self->delays = delays;
  if (self->invoice != NULL)
    {
      fill_header (self);
      fill_deadlines (self);
    }
}

void
chorus_invoice_detail_set_direction (ChorusInvoiceDetail *self,
                                     ChorusDirection      direction)
{
  gboolean deadlines;

  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));

  /* The payment clock runs once the recipient has the invoice, not while it is validated; the
   * recipient's status changes are neither the validator's (whose decisions have their own bar)
   * nor the supplier's; a handler is assigned to received invoices only (the validator's list has
   * no handler column either). */
  self->direction = direction;
  deadlines = direction != CHORUS_DIRECTION_TO_VALIDATE;
  gtk_widget_set_visible (self->deadlines_heading, deadlines);
  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_list), deadlines);
  gtk_widget_set_visible (self->process_box, direction == CHORUS_DIRECTION_RECEIVED);
  chorus_followup_form_set_show_handler (self->followup_form, direction == CHORUS_DIRECTION_RECEIVED);
  if (self->invoice != NULL)
    fill_header (self);
}

void
chorus_invoice_detail_reload_gestionnaires (ChorusInvoiceDetail *self)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  chorus_followup_form_reload_gestionnaires (self->followup_form);
}

void
chorus_invoice_detail_set_invoice (ChorusInvoiceDetail *self,
                                   ChorusInvoice       *invoice)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  g_return_if_fail (!invoice || CHORUS_IS_INVOICE (invoice));

  /* Another invoice: its own actions come with chorus_invoice_detail_set_local_actions(). */
  if (invoice == NULL || self->invoice == NULL || chorus_invoice_get_id (invoice) != chorus_invoice_get_id (self->invoice))
    g_clear_pointer (&self->local_actions, g_ptr_array_unref);
  g_set_object (&self->invoice, invoice);
  /* What was typed in the follow-up of the invoice shown until now is saved first. */
  chorus_followup_form_set_invoice (self->followup_form, invoice);
  if (invoice == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("No Invoice Selected"));
      adw_status_page_set_description (self->empty_page, _("Select an invoice in the list to see its details and its PDF."));
      gtk_stack_set_visible_child_name (self->outer_stack, "empty");
      return;
    }

  fill_header (self);
  fill_deadlines (self);
  fill_fields (self);
  fill_lines (self);
  fill_history (self);
  chorus_duplicates_list_set (self->duplicates_list, self->store, invoice);
  update_action_state (self);
  gtk_stack_set_visible_child_name (self->outer_stack, "invoice");
}

ChorusInvoice *
chorus_invoice_detail_get_invoice (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return self->invoice;
}

void
chorus_invoice_detail_show_selection (ChorusInvoiceDetail *self,
                                      guint                n_selected)
{
  g_autofree char *title = NULL;

  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));

  g_clear_object (&self->invoice);
  chorus_followup_form_set_invoice (self->followup_form, NULL);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Invoice Selected", "%u Invoices Selected", n_selected),
                           n_selected);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page,
                                   _("Process them together with the Process button or the keyboard shortcuts."));
  gtk_stack_set_visible_child_name (self->outer_stack, "empty");
}

void
chorus_invoice_detail_set_local_actions (ChorusInvoiceDetail *self,
                                         GPtrArray           *actions)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));

  g_clear_pointer (&self->local_actions, g_ptr_array_unref);
  self->local_actions = actions ? g_ptr_array_ref (actions) : NULL;
  if (self->invoice == NULL)
    return;
  chorus_history_list_set (self->history_list, self->invoice, self->local_actions);
  update_action_state (self);
}

void
chorus_invoice_detail_set_sync (ChorusInvoiceDetail *self,
                                ChorusSync          *sync)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  chorus_attachments_list_set_sync (self->attachments_list, sync);
}

ChorusAttachmentsList *
chorus_invoice_detail_get_attachments_list (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return self->attachments_list;
}

ChorusDuplicatesList *
chorus_invoice_detail_get_duplicates_list (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return self->duplicates_list;
}

ChorusHistoryList *
chorus_invoice_detail_get_history_list (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return self->history_list;
}

const char *
chorus_invoice_detail_get_action_state (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->pending_label)) ? gtk_label_get_text (self->pending_label) : NULL;
}

void
chorus_invoice_detail_set_invoice_pdf (ChorusInvoiceDetail *self,
                                       GBytes              *pdf)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  /* The embedded Factur-X/CII data, checked against what Chorus Pro sent. */
  chorus_structured_data_view_set_document (self->structured_view, pdf, self->invoice);
}

ChorusPdfView *
chorus_invoice_detail_get_pdf_view (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return self->pdf_view;
}

gint64
chorus_invoice_detail_get_document (ChorusInvoiceDetail *self)
{
  guint selected;

  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), 0);

  selected = gtk_drop_down_get_selected (self->document_dropdown);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->documents->len)
    return 0;
  return g_array_index (self->documents, gint64, selected);
}

void
chorus_invoice_detail_show_page (ChorusInvoiceDetail *self,
                                 const char          *name)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  gtk_stack_set_visible_child_name (self->stack, name);
}

const char *
chorus_invoice_detail_get_page (ChorusInvoiceDetail *self)
{
  g_return_val_if_fail (CHORUS_IS_INVOICE_DETAIL (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
chorus_invoice_detail_set_team (ChorusInvoiceDetail *self,
                                ChorusTeamSync      *team)
{
  g_return_if_fail (CHORUS_IS_INVOICE_DETAIL (self));
  chorus_followup_form_set_team (self->followup_form, team);
}
