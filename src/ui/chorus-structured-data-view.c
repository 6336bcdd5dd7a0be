/* chorus-structured-data-view.c: shows the structured data of an invoice PDF, grouped, with its checks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-plain-text.h"
#include "chorus-structured-data-view-private.h"
#include "chorus-types.h"

struct _ChorusStructuredDataView
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkStack              *stack;
  AdwStatusPage         *status_page;
  GtkSpinner            *spinner;
  GtkLabel              *profile_label;
  GtkLabel              *source_label;
  GtkBox                *groups_box;

  /* Owned references */
  ChorusFacturxDocument *document;
  ChorusInvoice         *chorus_data;
  GPtrArray             *duplicates;
  GCancellable          *cancellable;
};

G_DEFINE_FINAL_TYPE (ChorusStructuredDataView, chorus_structured_data_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------------------------------- */
/* Building rows */

static GtkWidget *
add_group (ChorusStructuredDataView *self,
           const char               *title,
           const char               *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  chorus_preferences_group_set_plain_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    chorus_preferences_group_set_plain_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->groups_box, group);
  return group;
}

/* A row "title … value"; file contents are never read as markup. Long values go under the title. */
static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (value != NULL && subtitle == NULL && g_utf8_strlen (value, -1) > 32)
    {
      subtitle = value;
      value = NULL;
    }
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* Adds the row only when the file gives the value. */
static void
add_field (GtkWidget  *group,
           const char *title,
           const char *value)
{
  if (value != NULL)
    add_row (group, title, NULL, value);
}

static void
add_amount (ChorusStructuredDataView *self,
            GtkWidget                *group,
            ChorusFacturxAmount       which)
{
  gint64 cents;
  g_autofree char *text = NULL;

  if (!chorus_facturx_document_get_amount (self->document, which, &cents))
    return;
  text = chorus_amount_format (cents, chorus_facturx_document_get_currency (self->document));
  add_row (group, chorus_facturx_amount_label (which), NULL, text);
}

static void
add_date (GtkWidget  *group,
          const char *title,
          const char *iso_date)
{
  g_autofree char *text = chorus_date_format (iso_date);

  add_field (group, title, text);
}

static void
check_icon (ChorusFacturxSeverity   severity,
            const char            **icon_name,
            const char            **css_class,
            const char            **tooltip)
{
  switch (severity)
    {
    case CHORUS_FACTURX_SEVERITY_OK:
      *icon_name = "emblem-ok-symbolic";
      *css_class = "success";
      *tooltip = _("Consistent");
      break;
    case CHORUS_FACTURX_SEVERITY_INFO:
      *icon_name = "dialog-information-symbolic";
      *css_class = "accent";
      *tooltip = _("Information");
      break;
    case CHORUS_FACTURX_SEVERITY_WARNING:
      *icon_name = "dialog-warning-symbolic";
      *css_class = "warning";
      *tooltip = _("Warning");
      break;
    case CHORUS_FACTURX_SEVERITY_ERROR:
    default:
      *icon_name = "dialog-error-symbolic";
      *css_class = "error";
      *tooltip = _("Mismatch");
      break;
    }
}

static GtkWidget *
check_image (ChorusFacturxSeverity severity)
{
  const char *icon_name, *css_class, *tooltip;
  GtkWidget *icon;

  check_icon (severity, &icon_name, &css_class, &tooltip);
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (icon, css_class);
  gtk_widget_set_tooltip_text (icon, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return icon;
}

static GtkWidget *
check_row (ChorusFacturxCheck *check)
{
  GtkWidget *row = adw_action_row_new ();

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check_image (check->severity));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
fill_checks (ChorusStructuredDataView *self)
{
  g_autoptr(GPtrArray) checks = chorus_facturx_cross_check (self->document, self->chorus_data);
  g_autofree char *summary = NULL;
  guint problems = 0;
  guint n_passed = 0;
  GtkWidget *passed = NULL;
  GtkWidget *group;

  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      problems += check->severity >= CHORUS_FACTURX_SEVERITY_WARNING;
    }

  if (problems == 0)
    summary = g_strdup (self->chorus_data ? _("The structured data agree with Chorus Pro and with themselves.")
                                          : _("The structured data are consistent."));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point needs attention.",
                                            "%u points need attention.", problems), problems);

  group = add_group (self, _("Checks"), summary);
  /* Problems one by one; what agrees folds into one row so the problems stay in sight. */
  for (guint i = 0; i < checks->len; i++)
    {
      ChorusFacturxCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *row;

      if (check->severity == CHORUS_FACTURX_SEVERITY_OK)
        {
          if (passed == NULL)
            {
              passed = adw_expander_row_new ();
              adw_expander_row_add_prefix (ADW_EXPANDER_ROW (passed), check_image (CHORUS_FACTURX_SEVERITY_OK));
              adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), passed);
            }
          n_passed++;
          row = check_row (check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (passed), row);
        }
      else
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), check_row (check));
    }
  if (passed != NULL)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u check passes",
                                                             "%u checks pass", n_passed), n_passed);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (passed), title);
    }
}

static void
fill_duplicates (ChorusStructuredDataView *self)
{
  GtkWidget *group;

  if (self->duplicates == NULL || self->duplicates->len == 0)
    return;
  group = add_group (self, _("Possible duplicates"),
                     _("Invoices of the same supplier already in Chorus Desk that look like this one."));
  for (guint i = 0; i < self->duplicates->len; i++)
    {
      ChorusDuplicateMatch *match = g_ptr_array_index (self->duplicates, i);
      ChorusFacturxSeverity severity = match->kind == CHORUS_DUPLICATE_EXACT ? CHORUS_FACTURX_SEVERITY_ERROR
                                                                             : CHORUS_FACTURX_SEVERITY_WARNING;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf (_("Invoice %s"), match->number ? match->number : "—");

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check_image (severity));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), match->reason);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
fill_party (ChorusStructuredDataView *self,
            const char               *title,
            const char               *name,
            const char               *siret,
            const char               *siren,
            const char               *vat)
{
  GtkWidget *group;

  if (name == NULL && siret == NULL && siren == NULL && vat == NULL)
    return;
  group = add_group (self, title, NULL);
  add_field (group, _("Name"), name);
  add_field (group, _("SIRET"), siret);
  add_field (group, _("SIREN"), siren);
  add_field (group, _("VAT number"), vat);
}

static void
fill_vat (ChorusStructuredDataView *self)
{
  GPtrArray *vat_lines = chorus_facturx_document_get_vat_lines (self->document);
  const char *currency = chorus_facturx_document_get_currency (self->document);
  GtkWidget *group;

  if (vat_lines->len == 0)
    return;
  group = add_group (self, _("VAT breakdown"), NULL);
  for (guint i = 0; i < vat_lines->len; i++)
    {
      ChorusVatLine *vat = g_ptr_array_index (vat_lines, i);
      g_autofree char *rate = g_strdup_printf ("%.2f", vat->rate);
      g_autofree char *title = NULL;
      g_autofree char *base = chorus_amount_format (vat->base_ht, currency);
      g_autofree char *subtitle = g_strdup_printf (_("Base %s"), base);
      g_autofree char *amount = chorus_amount_format (vat->vat_amount, currency);

      /* French writes the decimal comma in rates too. */
      g_strdelimit (rate, ".", ',');
      title = vat->rate_code ? g_strdup_printf (_("VAT %s %% (category %s)"), rate, vat->rate_code)
                             : g_strdup_printf (_("VAT %s %%"), rate);
      add_row (group, title, subtitle, amount);
    }
}

static void
fill_lines (ChorusStructuredDataView *self)
{
  GPtrArray *lines = chorus_facturx_document_get_lines (self->document);
  ChorusFacturxProfile profile = chorus_facturx_document_get_profile (self->document);
  const char *currency = chorus_facturx_document_get_currency (self->document);
  GtkWidget *group;

  if (lines->len == 0)
    {
      if (!chorus_facturx_profile_has_lines (profile))
        {
          g_autofree char *text = g_strdup_printf (_("Profile %s carries no lines: see the PDF for the detail."),
                                                   chorus_facturx_profile_label (profile));
          add_group (self, _("Lines"), text);
        }
      return;
    }

  group = add_group (self, _("Lines"), NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      ChorusInvoiceLine *line = g_ptr_array_index (lines, i);
      g_autofree char *title = g_strdup_printf ("%d · %s", line->number, line->label ? line->label : "—");
      g_autofree char *price = chorus_amount_format (line->unit_price_ht, currency);
      g_autofree char *rate = g_strdup_printf ("%.2f", line->vat_rate);
      g_autofree char *subtitle = NULL;
      g_autofree char *total = chorus_amount_format (line->total_ht, currency);
      g_autofree char *quantity = g_strdup_printf ("%g", line->quantity);

      g_strdelimit (rate, ".", ',');
      g_strdelimit (quantity, ".", ',');
      subtitle = g_strdup_printf (_("%s × %s excluding VAT · VAT %s %%"), quantity, price, rate);
      add_row (group, title, subtitle, total);
    }
}

static void
clear_groups (ChorusStructuredDataView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static void
show_document (ChorusStructuredDataView *self)
{
  ChorusFacturxDocument *doc = self->document;
  ChorusFacturxSyntax syntax = chorus_facturx_document_get_syntax (doc);
  g_autofree char *profile = NULL;
  g_autofree char *type = NULL;
  const char *source;
  const char *attachment = chorus_facturx_document_get_attachment_name (doc);
  GtkWidget *group;

  clear_groups (self);

  switch (syntax)
    {
    case CHORUS_FACTURX_SYNTAX_ZUGFERD1: source = "ZUGFeRD 1.0"; break;
    case CHORUS_FACTURX_SYNTAX_UBL_INVOICE:
    case CHORUS_FACTURX_SYNTAX_UBL_CREDIT_NOTE: source = "UBL 2.1"; break;
    case CHORUS_FACTURX_SYNTAX_CII:
    default:
      source = chorus_facturx_document_get_from_pdf (doc) ? "Factur-X" : "CII D16B";
      break;
    }
  profile = g_strdup_printf (_("Profile %s"), chorus_facturx_profile_label (chorus_facturx_document_get_profile (doc)));
  gtk_label_set_text (self->profile_label, profile);
  if (attachment != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s, attachment “%s”"), source, attachment);
      gtk_label_set_text (self->source_label, text);
    }
  else
    gtk_label_set_text (self->source_label, source);

  fill_checks (self);
  fill_duplicates (self);

  group = add_group (self, _("Document"), NULL);
  add_field (group, _("Invoice number"), chorus_facturx_document_get_number (doc));
  if (chorus_facturx_document_get_type_code (doc) != NULL)
    {
      type = g_strdup_printf ("%s · %s", chorus_facturx_document_get_type_code (doc),
                              chorus_facturx_type_code_label (chorus_facturx_document_get_type_code (doc)));
      add_field (group, _("Document type"), type);
    }
  add_date (group, _("Issue date"), chorus_facturx_document_get_issue_date (doc));
  add_field (group, _("Currency"), chorus_facturx_document_get_currency (doc));
  add_field (group, _("Business process"), chorus_facturx_document_get_business_process (doc));
  add_field (group, _("Note"), chorus_facturx_document_get_note (doc));

  fill_party (self, _("Seller"), chorus_facturx_document_get_seller_name (doc),
              chorus_facturx_document_get_seller_siret (doc), chorus_facturx_document_get_seller_siren (doc),
              chorus_facturx_document_get_seller_vat (doc));
  fill_party (self, _("Buyer"), chorus_facturx_document_get_buyer_name (doc),
              chorus_facturx_document_get_buyer_siret (doc), chorus_facturx_document_get_buyer_siren (doc),
              chorus_facturx_document_get_buyer_vat (doc));

  group = add_group (self, _("References"), NULL);
  add_field (group, _("Service code"), chorus_facturx_document_get_buyer_reference (doc));
  add_field (group, _("Engagement number"), chorus_facturx_document_get_order_reference (doc));
  add_field (group, _("Contract"), chorus_facturx_document_get_contract_reference (doc));
  add_field (group, _("Invoice corrected"), chorus_facturx_document_get_preceding_invoice (doc));
  if (chorus_facturx_document_get_buyer_reference (doc) == NULL &&
      chorus_facturx_document_get_order_reference (doc) == NULL &&
      chorus_facturx_document_get_contract_reference (doc) == NULL &&
      chorus_facturx_document_get_preceding_invoice (doc) == NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("The file gives no reference."));

  group = add_group (self, _("Amounts"), NULL);
  for (ChorusFacturxAmount which = 0; which < CHORUS_FACTURX_AMOUNT_LAST; which++)
    add_amount (self, group, which);

  fill_vat (self);
  fill_lines (self);

  if (chorus_facturx_document_get_due_date (doc) || chorus_facturx_document_get_payment_terms (doc) ||
      chorus_facturx_document_get_iban (doc) || chorus_facturx_document_get_payment_means (doc))
    {
      group = add_group (self, _("Payment"), NULL);
      add_date (group, _("Due date"), chorus_facturx_document_get_due_date (doc));
      add_field (group, _("Payment terms"), chorus_facturx_document_get_payment_terms (doc));
      if (chorus_facturx_document_get_payment_means (doc) != NULL)
        {
          const char *code = chorus_facturx_document_get_payment_means (doc);
          const char *label = chorus_facturx_payment_means_label (code);
          g_autofree char *means = label ? g_strdup_printf ("%s · %s", code, label) : g_strdup (code);

          add_field (group, _("Payment means"), means);
        }
      add_field (group, _("IBAN"), chorus_facturx_document_get_iban (doc));
    }

  gtk_stack_set_visible_child_name (self->stack, "data");
}

static void
show_message (ChorusStructuredDataView *self,
              const char               *icon_name,
              const char               *title,
              const char               *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  chorus_status_page_set_plain_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_error (ChorusStructuredDataView *self,
            const GError             *error)
{
  if (g_error_matches (error, CHORUS_FACTURX_ERROR, CHORUS_FACTURX_ERROR_NO_XML))
    show_message (self, "x-office-document-symbolic", _("No structured data"), error->message);
  else
    show_message (self, "dialog-warning-symbolic", _("Unreadable structured data"), error->message);
}

/* ---------------------------------------------------------------------------------------------- */
/* Loading */

static void
set_loading (ChorusStructuredDataView *self,
             gboolean                  loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  ChorusFacturxDocument *doc = chorus_facturx_read_pdf (task_data, &error);

  if (doc != NULL)
    g_task_return_pointer (task, doc, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ChorusStructuredDataView *self = CHORUS_STRUCTURED_DATA_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFacturxDocument) doc = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer document replaced this one, or the view went away: the result does not belong here. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  if (doc == NULL)
    {
      show_error (self, error);
      return;
    }
  self->document = g_steal_pointer (&doc);
  show_document (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
reset (ChorusStructuredDataView *self,
       ChorusInvoice            *chorus_data)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_set_object (&self->chorus_data, chorus_data);
  clear_groups (self);
}

void
chorus_structured_data_view_set_document (ChorusStructuredDataView *self,
                                          GBytes                   *pdf,
                                          ChorusInvoice            *chorus_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHORUS_IS_STRUCTURED_DATA_VIEW (self));
  g_return_if_fail (chorus_data == NULL || CHORUS_IS_INVOICE (chorus_data));

  reset (self, chorus_data);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  if (pdf == NULL)
    {
      show_message (self, "x-office-document-symbolic", _("No structured data"),
                    _("Open an invoice to see the data embedded in its PDF."));
      set_loading (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, read_done, NULL);
  g_task_set_source_tag (task, chorus_structured_data_view_set_document);
  g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);
  g_task_set_return_on_cancel (task, FALSE);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, read_in_thread);
}

void
chorus_structured_data_view_set_duplicates (ChorusStructuredDataView *self,
                                            GPtrArray                *matches)
{
  g_return_if_fail (CHORUS_IS_STRUCTURED_DATA_VIEW (self));

  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  if (matches != NULL)
    self->duplicates = g_ptr_array_ref (matches);
  if (self->document != NULL)
    show_document (self);
}

ChorusFacturxDocument *
chorus_structured_data_view_get_facturx (ChorusStructuredDataView *self)
{
  g_return_val_if_fail (CHORUS_IS_STRUCTURED_DATA_VIEW (self), NULL);
  return self->document;
}

gboolean
chorus_structured_data_view_get_loading (ChorusStructuredDataView *self)
{
  g_return_val_if_fail (CHORUS_IS_STRUCTURED_DATA_VIEW (self), FALSE);
  return self->cancellable != NULL;
}

GtkWidget *
chorus_structured_data_view_new (void)
{
  return g_object_new (CHORUS_TYPE_STRUCTURED_DATA_VIEW, NULL);
}

/* ---------------------------------------------------------------------------------------------- */

static void
chorus_structured_data_view_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  ChorusStructuredDataView *self = CHORUS_STRUCTURED_DATA_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, chorus_structured_data_view_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_structured_data_view_dispose (GObject *object)
{
  ChorusStructuredDataView *self = CHORUS_STRUCTURED_DATA_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->chorus_data);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_STRUCTURED_DATA_VIEW);
  G_OBJECT_CLASS (chorus_structured_data_view_parent_class)->dispose (object);
}

static void
chorus_structured_data_view_class_init (ChorusStructuredDataViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_structured_data_view_dispose;
  object_class->get_property = chorus_structured_data_view_get_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, CHORUS_TYPE_FACTURX_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-structured-data-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusStructuredDataView, stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusStructuredDataView, status_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusStructuredDataView, spinner);
  gtk_widget_class_bind_template_child (widget_class, ChorusStructuredDataView, profile_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusStructuredDataView, source_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusStructuredDataView, groups_box);
}

static void
chorus_structured_data_view_init (ChorusStructuredDataView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
