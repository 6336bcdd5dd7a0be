/* chorus-validator-workspace.c: the valideur's list (rechercher/valideur) and its two decisions. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-validator-workspace.h"

struct _ChorusValidatorWorkspace
{
  GtkWidget            parent_instance;

  GtkWidget           *paned;
  GtkListBox          *list;
  AdwStatusPage       *empty_page;
  AdwPreferencesGroup *detail_group;
  AdwActionRow        *detail_row;
  AdwEntryRow         *motif_row;
  GtkLabel            *message_label;

  ChorusClient        *client;
  GCancellable        *cancellable;
  GPtrArray           *invoices;
  ChorusInvoice       *current;
  guint                busy;
};

G_DEFINE_FINAL_TYPE (ChorusValidatorWorkspace, chorus_validator_workspace, GTK_TYPE_WIDGET)

static void
set_message (ChorusValidatorWorkspace *self, const char *message, gboolean is_error)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusValidatorWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusInvoicePage) page = chorus_client_search_to_validate_finish (CHORUS_CLIENT (source), result, &error);
  GtkListBoxRow *row;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->busy--;
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  g_clear_pointer (&self->invoices, g_ptr_array_unref);
  if (page == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Invoices Cannot Be Loaded"));
      chorus_status_page_set_plain_description (self->empty_page, error->message);
      g_object_unref (self);
      return;
    }
  /* Only what still waits for a decision; the others are in the history of the invoice. */
  self->invoices = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->invoices->len; i++)
    {
      ChorusStatus status = chorus_invoice_get_status (g_ptr_array_index (page->invoices, i));

      if (status == CHORUS_STATUS_A_VALIDER_1 || status == CHORUS_STATUS_A_VALIDER_2)
        g_ptr_array_add (self->invoices, g_object_ref (g_ptr_array_index (page->invoices, i)));
    }
  for (guint i = 0; i < self->invoices->len; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (self->invoices, i);
      GtkWidget *line = adw_action_row_new ();
      g_autofree char *amount = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice),
                                                      chorus_invoice_get_currency (invoice));
      g_autofree char *subtitle = g_strdup_printf ("%s → %s · %s · %s", chorus_invoice_get_supplier_name (invoice) ?: "",
                                                   chorus_invoice_get_recipient_name (invoice) ?: "", amount,
                                                   chorus_status_code_label (chorus_invoice_get_status_code (invoice)));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (line), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), chorus_invoice_get_number (invoice) ?: "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (line), TRUE);
      gtk_list_box_append (self->list, line);
    }
  g_object_unref (self);
}

void
chorus_validator_workspace_refresh (ChorusValidatorWorkspace *self)
{
  ChorusInvoiceQuery query;

  g_return_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self));

  if (self->client == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  chorus_invoice_query_init (&query);
  query.page_size = 200;
  self->busy = 1;
  chorus_client_search_to_validate_async (self->client, &query, self->cancellable, search_cb, g_object_ref (self));
}

GPtrArray *
chorus_validator_workspace_get_invoices (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);

  return self->invoices;
}

void
chorus_validator_workspace_select (ChorusValidatorWorkspace *self,
                                   gint64                    invoice_id)
{
  g_return_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self));

  for (guint i = 0; self->invoices != NULL && i < self->invoices->len; i++)
    {
      ChorusInvoice *invoice = g_ptr_array_index (self->invoices, i);
      g_autofree char *title = NULL;
      g_autofree char *amount = NULL;

      if (chorus_invoice_get_id (invoice) != invoice_id)
        continue;
      g_set_object (&self->current, invoice);
      gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, (int) i));
      amount = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice), chorus_invoice_get_currency (invoice));
      title = g_strdup_printf ("%s · %s", chorus_invoice_get_number (invoice) ?: "", amount);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->detail_row), title);
      adw_action_row_set_subtitle (self->detail_row, chorus_invoice_get_supplier_name (invoice) ?: "");
      gtk_editable_set_text (GTK_EDITABLE (self->motif_row), "");
      set_message (self, NULL, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->detail_group), TRUE);
    }
}

static void
row_activated_cb (GtkListBox *list, GtkListBoxRow *row, ChorusValidatorWorkspace *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->invoices != NULL && index >= 0 && (guint) index < self->invoices->len)
    chorus_validator_workspace_select (self, chorus_invoice_get_id (g_ptr_array_index (self->invoices, index)));
}

static void
decided_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ChorusValidatorWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusActionResult) answer = chorus_client_validate_finish (CHORUS_CLIENT (source), result, &error);

  self->busy--;
  if (answer == NULL)
    set_message (self, error->message, TRUE);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Done: the invoice is now “%s”."),
                                               answer->status != CHORUS_STATUS_UNKNOWN ? chorus_status_label (answer->status)
                                                                                      : answer->status_code);
      set_message (self, text, FALSE);
      chorus_validator_workspace_refresh (self);
    }
  g_object_unref (self);
}

void
chorus_validator_workspace_decide (ChorusValidatorWorkspace *self,
                                   gboolean                  validate,
                                   const char               *motif)
{
  g_autofree char *clean = g_strstrip (g_strdup (motif ? motif : ""));
  ChorusValidationAction action;

  g_return_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self));

  if (self->current == NULL || self->client == NULL)
    return;
  action = validate ? CHORUS_VALIDATION_VALIDATE : CHORUS_VALIDATION_REFUSE;
  if (chorus_status_validation_needs_motif (action) && *clean == '\0')
    {
      set_message (self, _("A reason is required to refuse an invoice."), TRUE);
      return;
    }
  self->busy++;
  chorus_client_validate_async (self->client, chorus_invoice_get_id (self->current), action,
                                *clean ? clean : NULL, NULL, decided_cb, g_object_ref (self));
}

static void
validate_clicked_cb (GtkButton *button, ChorusValidatorWorkspace *self)
{
  chorus_validator_workspace_decide (self, TRUE, gtk_editable_get_text (GTK_EDITABLE (self->motif_row)));
}

static void
refuse_clicked_cb (GtkButton *button, ChorusValidatorWorkspace *self)
{
  chorus_validator_workspace_decide (self, FALSE, gtk_editable_get_text (GTK_EDITABLE (self->motif_row)));
}

const char *
chorus_validator_workspace_get_message (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);

  return gtk_label_get_label (self->message_label);
}

gboolean
chorus_validator_workspace_is_busy (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), FALSE);

  return self->busy > 0;
}

void
chorus_validator_workspace_set_client (ChorusValidatorWorkspace *self,
                                       ChorusClient             *client)
{
  g_return_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self));
  g_return_if_fail (client == NULL || CHORUS_IS_CLIENT (client));

  g_set_object (&self->client, client);
  chorus_validator_workspace_refresh (self);
}

static void
chorus_validator_workspace_dispose (GObject *object)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->client);
  g_clear_object (&self->current);
  g_clear_pointer (&self->invoices, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_validator_workspace_parent_class)->dispose (object);
}

static void
chorus_validator_workspace_class_init (ChorusValidatorWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chorus_validator_workspace_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
chorus_validator_workspace_init (ChorusValidatorWorkspace *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *validate = gtk_button_new_with_mnemonic (_("_Validate"));
  GtkWidget *refuse = gtk_button_new_with_mnemonic (_("_Refuse"));

  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (self->empty_page, _("No Invoices to Validate"));
  adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
  gtk_list_box_set_placeholder (self->list, GTK_WIDGET (self->empty_page));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_size_request (scroller, 360, -1);

  self->detail_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->detail_group, _("Invoice to validate"));
  self->detail_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->detail_row), FALSE);
  self->motif_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->motif_row), _("Reason (required to refuse)"));
  adw_preferences_group_add (self->detail_group, GTK_WIDGET (self->detail_row));
  adw_preferences_group_add (self->detail_group, GTK_WIDGET (self->motif_row));
  gtk_widget_add_css_class (validate, "suggested-action");
  gtk_widget_add_css_class (refuse, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), validate);
  gtk_box_append (GTK_BOX (buttons), refuse);
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->detail_group));
  gtk_box_append (GTK_BOX (side), buttons);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->message_label));
  gtk_widget_set_margin_start (side, 12);
  gtk_widget_set_margin_end (side, 12);
  gtk_widget_set_margin_top (side, 12);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_group), FALSE);
  gtk_paned_set_start_child (GTK_PANED (self->paned), scroller);
  gtk_paned_set_end_child (GTK_PANED (self->paned), side);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect (validate, "clicked", G_CALLBACK (validate_clicked_cb), self);
  g_signal_connect (refuse, "clicked", G_CALLBACK (refuse_clicked_cb), self);
}

GtkWidget *
chorus_validator_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_VALIDATOR_WORKSPACE, NULL);
}
