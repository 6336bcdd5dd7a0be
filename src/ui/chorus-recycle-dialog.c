/* chorus-recycle-dialog.c: the corrected routing of an invoice sent back, checked against the recipient's obligations. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-deposit-rules.h"
#include "chorus-recipient-picker.h"
#include "chorus-recycle-dialog-private.h"

struct _ChorusRecycleDialog
{
  AdwWindow              parent_instance;

  /* Template widgets */
  AdwWindowTitle        *window_title;
  AdwActionRow          *reason_row;
  AdwActionRow          *current_row;
  ChorusRecipientPicker *picker;
  AdwEntryRow           *comment_row;
  GtkLabel              *error_label;
};

G_DEFINE_FINAL_TYPE (ChorusRecycleDialog, chorus_recycle_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_APPLY, N_SIGNALS };
static guint signals[N_SIGNALS];

void
chorus_recycle_dialog_set_error (ChorusRecycleDialog *self,
                                 const char          *message)
{
  g_return_if_fail (CHORUS_IS_RECYCLE_DIALOG (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

GtkWidget *
chorus_recycle_dialog_get_picker (ChorusRecycleDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_RECYCLE_DIALOG (self), NULL);
  return GTK_WIDGET (self->picker);
}

const char *
chorus_recycle_dialog_get_recipient (ChorusRecycleDialog *self)
{
  const ChorusStructure *recipient;

  g_return_val_if_fail (CHORUS_IS_RECYCLE_DIALOG (self), NULL);

  recipient = chorus_recipient_picker_get_recipient (self->picker);
  return recipient != NULL ? recipient->identifier : NULL;
}

const char *
chorus_recycle_dialog_get_service (ChorusRecycleDialog *self)
{
  const ChorusService *service;

  g_return_val_if_fail (CHORUS_IS_RECYCLE_DIALOG (self), NULL);

  service = chorus_recipient_picker_get_service (self->picker);
  return service != NULL ? service->code : NULL;
}

char *
chorus_recycle_dialog_get_engagement (ChorusRecycleDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_RECYCLE_DIALOG (self), NULL);
  return chorus_recipient_picker_get_engagement (self->picker);
}

const char *
chorus_recycle_dialog_get_comment (ChorusRecycleDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_RECYCLE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
}

static void
picker_changed_cb (ChorusRecycleDialog *self)
{
  chorus_recycle_dialog_set_error (self, NULL);
}

void
chorus_recycle_dialog_apply (ChorusRecycleDialog *self)
{
  g_autoptr(ChorusInvoice) routing = chorus_invoice_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *engagement = NULL;
  ChorusRecipientRules rules;
  gboolean known;

  g_return_if_fail (CHORUS_IS_RECYCLE_DIALOG (self));

  if (chorus_recipient_picker_get_recipient (self->picker) == NULL)
    {
      chorus_recycle_dialog_set_error (self, _("Choose the recipient the invoice must go to."));
      return;
    }
  known = chorus_recipient_picker_get_rules (self->picker, &rules);
  if (!known)
    {
      chorus_recycle_dialog_set_error (self, _("The recipient's obligations are not known yet: wait for the directory or choose it again."));
      return;
    }
  /* The same rules as a deposit's routing, so the platform does not send it back again. */
  engagement = chorus_recycle_dialog_get_engagement (self);
  chorus_invoice_set_recipient_code (routing, chorus_recycle_dialog_get_recipient (self));
  chorus_invoice_set_service_code (routing, chorus_recycle_dialog_get_service (self));
  chorus_invoice_set_engagement_number (routing, engagement);
  problems = chorus_deposit_check_routing (routing, &rules);
  if (problems->len > 0)
    {
      g_autofree char *text = chorus_deposit_problems_join (problems);

      chorus_recycle_dialog_set_error (self, text);
      return;
    }
  chorus_recycle_dialog_set_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

static void
apply_clicked_cb (ChorusRecycleDialog *self)
{
  chorus_recycle_dialog_apply (self);
}

static void
cancel_clicked_cb (ChorusRecycleDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
chorus_recycle_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CHORUS_TYPE_RECYCLE_DIALOG);
  G_OBJECT_CLASS (chorus_recycle_dialog_parent_class)->dispose (object);
}

static void
chorus_recycle_dialog_class_init (ChorusRecycleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_recycle_dialog_dispose;

  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);

  g_type_ensure (CHORUS_TYPE_RECIPIENT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-recycle-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusRecycleDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecycleDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecycleDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecycleDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecycleDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusRecycleDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
chorus_recycle_dialog_init (ChorusRecycleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ChorusRecycleDialog *
chorus_recycle_dialog_new (GtkWindow       *parent,
                           ChorusInvoice   *invoice,
                           ChorusDirectory *directory)
{
  ChorusRecycleDialog *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *current = NULL;
  const char *motif;
  ChorusStructure recipient = { 0 };

  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);

  self = g_object_new (CHORUS_TYPE_RECYCLE_DIALOG, "transient-for", parent, NULL);
  subtitle = g_strdup_printf (_("Invoice %s"), chorus_invoice_get_number (invoice) ?: "—");
  adw_window_title_set_subtitle (self->window_title, subtitle);
  motif = chorus_invoice_get_status_comment (invoice);
  adw_action_row_set_subtitle (self->reason_row, motif != NULL && *motif != '\0' ? motif : _("No reason was given."));
  current = g_strdup_printf ("%s (%s)%s%s%s%s", chorus_invoice_get_recipient_name (invoice) ?: "",
                             chorus_invoice_get_recipient_code (invoice) ?: "—",
                             chorus_invoice_get_service_code (invoice) ? " · " : "",
                             chorus_invoice_get_service_code (invoice) ?: "",
                             chorus_invoice_get_engagement_number (invoice) ? " · " : "",
                             chorus_invoice_get_engagement_number (invoice) ?: "");
  adw_action_row_set_subtitle (self->current_row, current);

  /* It starts from where the invoice went: often only the service or the engagement is wrong. */
  chorus_recipient_picker_set_directory (self->picker, directory);
  recipient.id = chorus_invoice_get_recipient_id (invoice);
  recipient.identifier = (char *) chorus_invoice_get_recipient_code (invoice);
  recipient.name = (char *) chorus_invoice_get_recipient_name (invoice);
  recipient.id_type = CHORUS_ID_TYPE_SIRET;
  if (recipient.identifier != NULL && recipient.id > 0)
    chorus_recipient_picker_choose (self->picker, &recipient, chorus_invoice_get_service_code (invoice));
  else if (recipient.identifier != NULL)
    chorus_recipient_picker_find (self->picker, recipient.identifier, chorus_invoice_get_service_code (invoice));
  chorus_recipient_picker_set_engagement (self->picker, chorus_invoice_get_engagement_number (invoice));
  return self;
}
