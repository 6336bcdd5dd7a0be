/* chorus-validation-dialog.c: the decision form: the platform's motifs for the invoice's cadre, details, one confirmation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-status.h"
#include "chorus-validation-dialog-private.h"

#define COMPLEMENT_MAX_CHARS 255   /* what the client sends of complementInfo */

struct _ChorusValidationDialog
{
  AdwWindow               parent_instance;

  /* Template widgets */
  AdwWindowTitle         *window_title;
  GtkButton              *apply_button;
  GtkLabel               *summary_label;
  GtkLabel               *explanation_label;
  GtkWidget              *motif_box;
  GtkListBox             *motif_list;
  GtkTextView            *complement_view;
  GtkLabel               *status_label;

  ChorusSync             *sync;
  ChorusInvoice          *invoice;
  ChorusValidationAction  action;
  GPtrArray              *motifs;       /* ChorusReferenceItem; NULL until read */
  GPtrArray              *motif_checks; /* GtkCheckButton per motif, same order */
  GCancellable           *cancellable;
  gboolean                loading;
};

G_DEFINE_FINAL_TYPE (ChorusValidationDialog, chorus_validation_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the decision does, in the user's words. */
static const char *
explanation (ChorusValidationAction action)
{
  switch (action)
    {
    case CHORUS_VALIDATION_VALIDATE:
      return _("The invoice goes on to its next validator, or to its recipient after the last level.");
    case CHORUS_VALIDATION_REFUSE:
      return _("The invoice goes back to its supplier with this reason.");
    case CHORUS_VALIDATION_PAYMENT:
      return _("The invoice is validated and put into payment at once. This is possible only at the last "
               "validation level.");
    case CHORUS_VALIDATION_RECYCLE:
      return _("The invoice goes back to its supplier, who can send it to the right recipient or service.");
    case CHORUS_VALIDATION_SUSPEND:
      return _("The invoice goes back to its supplier, who must complete it: say what is missing.");
    case CHORUS_VALIDATION_REJECT:
      return _("The invoice is rejected for good: the supplier has to deposit a new one.");
    case CHORUS_VALIDATION_LAST:
    default:
      return "";
    }
}

static ChorusReferenceItem *
chosen_motif (ChorusValidationDialog *self)
{
  for (guint i = 0; self->motifs != NULL && i < self->motif_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->motif_checks, i)))
      return g_ptr_array_index (self->motifs, i);
  return NULL;
}

gboolean
chorus_validation_dialog_can_apply (ChorusValidationDialog *self)
{
  g_autofree char *complement = NULL;

  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), FALSE);

  complement = chorus_validation_dialog_get_complement (self);
  if (g_utf8_strlen (complement, -1) > COMPLEMENT_MAX_CHARS)
    return FALSE;
  return !chorus_status_validation_needs_motif (self->action) || chosen_motif (self) != NULL;
}

static void
set_status (ChorusValidationDialog *self,
            const char             *text,
            gboolean                is_error)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
form_changed_cb (ChorusValidationDialog *self)
{
  g_autofree char *complement = chorus_validation_dialog_get_complement (self);
  glong length = g_utf8_strlen (complement, -1);

  if (length > COMPLEMENT_MAX_CHARS)
    {
      g_autofree char *text = g_strdup_printf (_("The details are too long: %ld characters, %d at most."),
                                               length, COMPLEMENT_MAX_CHARS);
      set_status (self, text, TRUE);
    }
  else if (!self->loading && self->motifs != NULL)
    set_status (self, NULL, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), chorus_validation_dialog_can_apply (self));
}

static void
motifs_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ChorusValidationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) motifs = chorus_sync_get_refusal_motifs_finish (CHORUS_SYNC (source), result, &error);
  GtkCheckButton *group = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (motifs == NULL || motifs->len == 0)
    {
      set_status (self, motifs == NULL ? error->message
                                       : _("Chorus Pro gives no refusal reason for this kind of invoice."), TRUE);
      form_changed_cb (self);
      return;
    }
  /* One row each, none chosen: the validator picks the reason, nothing is preset. */
  for (guint i = 0; i < motifs->len; i++)
    {
      ChorusReferenceItem *motif = g_ptr_array_index (motifs, i);
      GtkWidget *check = gtk_check_button_new_with_label (motif->label != NULL && *motif->label ? motif->label
                                                                                               : motif->code);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_set_margin_top (check, 6);
      gtk_widget_set_margin_bottom (check, 6);
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_end (check, 6);
      gtk_widget_set_name (check, motif->code);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), check);
      gtk_list_box_append (self->motif_list, row);
      g_ptr_array_add (self->motif_checks, check);
    }
  self->motifs = g_steal_pointer (&motifs);
  set_status (self, NULL, FALSE);
  form_changed_cb (self);
}

static void
motif_activated_cb (ChorusValidationDialog *self,
                    GtkListBoxRow          *row)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_list_box_row_get_child (row)), TRUE);
}

static void
load_motifs (ChorusValidationDialog *self)
{
  ChorusCadre cadre = chorus_invoice_get_cadre (self->invoice);

  if (cadre == CHORUS_CADRE_UNKNOWN || self->sync == NULL)
    {
      set_status (self, _("The refusal reasons depend on the invoice’s billing framework, which is not known yet: "
                          "open the invoice once while connected to Chorus Pro."), TRUE);
      return;
    }
  self->loading = TRUE;
  set_status (self, _("Reading the refusal reasons of Chorus Pro…"), FALSE);
  chorus_sync_get_refusal_motifs_async (self->sync, chorus_cadre_to_api (cadre), self->cancellable, motifs_cb,
                                        g_object_ref (self));
}

static void
cancel_clicked_cb (ChorusValidationDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply_clicked_cb (ChorusValidationDialog *self)
{
  if (!chorus_validation_dialog_can_apply (self))
    return;
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
  gtk_window_close (GTK_WINDOW (self));
}

void
chorus_validation_dialog_apply (ChorusValidationDialog *self)
{
  g_return_if_fail (CHORUS_IS_VALIDATION_DIALOG (self));
  apply_clicked_cb (self);
}

ChorusValidationAction
chorus_validation_dialog_get_action (ChorusValidationDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), CHORUS_VALIDATION_LAST);
  return self->action;
}

gint64
chorus_validation_dialog_get_invoice_key (ChorusValidationDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), 0);
  return chorus_invoice_get_key (self->invoice);
}

const char *
chorus_validation_dialog_get_motif_code (ChorusValidationDialog *self)
{
  ChorusReferenceItem *motif;

  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), NULL);
  motif = chorus_status_validation_needs_motif (self->action) ? chosen_motif (self) : NULL;
  return motif != NULL ? motif->code : NULL;
}

const char *
chorus_validation_dialog_get_motif_label (ChorusValidationDialog *self)
{
  ChorusReferenceItem *motif;

  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), NULL);
  motif = chorus_status_validation_needs_motif (self->action) ? chosen_motif (self) : NULL;
  return motif != NULL ? motif->label : NULL;
}

char *
chorus_validation_dialog_get_complement (ChorusValidationDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->complement_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

guint
chorus_validation_dialog_get_n_motifs (ChorusValidationDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), 0);
  return self->motifs != NULL ? self->motifs->len : 0;
}

void
chorus_validation_dialog_choose_motif (ChorusValidationDialog *self,
                                       guint                   index)
{
  g_return_if_fail (CHORUS_IS_VALIDATION_DIALOG (self));
  g_return_if_fail (self->motifs != NULL && index < self->motifs->len);
  gtk_check_button_set_active (g_ptr_array_index (self->motif_checks, index), TRUE);
}

void
chorus_validation_dialog_set_complement (ChorusValidationDialog *self,
                                         const char             *text)
{
  g_return_if_fail (CHORUS_IS_VALIDATION_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->complement_view), text != NULL ? text : "", -1);
}

gboolean
chorus_validation_dialog_is_loading (ChorusValidationDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATION_DIALOG (self), FALSE);
  return self->loading;
}

static void
chorus_validation_dialog_dispose (GObject *object)
{
  ChorusValidationDialog *self = CHORUS_VALIDATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->invoice);
  g_clear_pointer (&self->motifs, g_ptr_array_unref);
  g_clear_pointer (&self->motif_checks, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_validation_dialog_parent_class)->dispose (object);
}

static void
chorus_validation_dialog_class_init (ChorusValidationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_validation_dialog_dispose;

  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/chorusdesk/ChorusDesk/ui/chorus-validation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, motif_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, motif_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, complement_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidationDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, motif_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
chorus_validation_dialog_init (ChorusValidationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->motif_checks = g_ptr_array_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->complement_view), "changed", G_CALLBACK (form_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

ChorusValidationDialog *
chorus_validation_dialog_new (GtkWindow              *parent,
                              ChorusSync             *sync,
                              ChorusInvoice          *invoice,
                              ChorusValidationAction  action)
{
  ChorusValidationDialog *self;
  g_autofree char *amount = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *apply_label = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (sync == NULL || CHORUS_IS_SYNC (sync), NULL);
  g_return_val_if_fail (CHORUS_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail ((guint) action < CHORUS_VALIDATION_LAST, NULL);

  self = g_object_new (CHORUS_TYPE_VALIDATION_DIALOG, "transient-for", parent, NULL);
  self->sync = sync != NULL ? g_object_ref (sync) : NULL;
  self->invoice = g_object_ref (invoice);
  self->action = action;

  amount = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice), chorus_invoice_get_currency (invoice));
  /* Translators: invoice number · supplier · amount · status. */
  summary = g_strdup_printf (_("%s · %s · %s · %s"), chorus_invoice_get_number (invoice) ?: "",
                             chorus_invoice_get_supplier_name (invoice) ?: "", amount,
                             chorus_status_code_label (chorus_invoice_get_status_code (invoice)));
  adw_window_title_set_title (self->window_title, chorus_validation_action_label (action));
  adw_window_title_set_subtitle (self->window_title, chorus_invoice_get_number (invoice));
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->explanation_label, explanation (action));
  /* The button says what happens; the ones that send the invoice back are in red. */
  apply_label = g_strdup_printf ("_%s", chorus_validation_action_label (action));
  gtk_button_set_label (self->apply_button, apply_label);
  gtk_widget_add_css_class (GTK_WIDGET (self->apply_button),
                            chorus_status_validation_needs_motif (action) ? "destructive-action" : "suggested-action");

  gtk_widget_set_visible (self->motif_box, chorus_status_validation_needs_motif (action));
  if (chorus_status_validation_needs_motif (action))
    load_motifs (self);
  form_changed_cb (self);
  return self;
}
