/* chorus-followup-form.c: the internal follow-up of one invoice. Each change is written to the store
 * after a short quiet time, at once when the user moves to another invoice, and when the form goes
 * away; a failure says so and keeps what was typed. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-followup-form.h"
#include "chorus-plain-text.h"

struct _ChorusFollowupForm
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkDropDown   *gestionnaire_dropdown;
  GtkLabel      *reference_label;
  GtkEntry      *reference_entry;
  GtkTextView   *notes_view;
  GtkLabel      *state_label;

  ChorusStore   *store;
  ChorusInvoice *invoice;
  GSettings     *settings;
  GtkStringList *gestionnaires;    /* first item: "nobody" */
  guint          save_id;
  gboolean       dirty;
  gboolean       filling;
};

G_DEFINE_FINAL_TYPE (ChorusFollowupForm, chorus_followup_form, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (ChorusFollowupForm *self,
            const char         *text)
{
  /* Never lost: without a window to show it in, it goes to the log. */
  if (!chorus_toast_show_plain (GTK_WIDGET (self), text))
    g_warning ("%s", text);
}

static void
set_state (ChorusFollowupForm *self,
           const char         *text,
           gboolean            error)
{
  gtk_label_set_text (self->state_label, text ? text : "");
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
}

static void
update_reference_label (ChorusFollowupForm *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "internal-reference-label");
  g_autofree char *label = NULL;

  /* The team's own name for its file number, "N° Dapec" in seed 000. */
  g_strstrip (name);
  label = *name != '\0' ? g_strdup_printf ("_%s", name) : g_strdup (_("_File No."));
  gtk_label_set_text_with_mnemonic (self->reference_label, label);
}

gboolean
chorus_followup_form_save_now (ChorusFollowupForm *self)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *notes = NULL;
  g_autofree char *reference = NULL;
  const char *gestionnaire = NULL;
  guint selected;

  g_return_val_if_fail (CHORUS_IS_FOLLOWUP_FORM (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty || self->invoice == NULL || self->store == NULL)
    return TRUE;

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_entry))));
  selected = gtk_drop_down_get_selected (self->gestionnaire_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    gestionnaire = gtk_string_list_get_string (self->gestionnaires, selected);

  if (!chorus_store_set_local_fields (self->store, chorus_invoice_get_id (self->invoice), gestionnaire,
                                      *reference ? reference : NULL, *notes ? notes : NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
      g_autofree char *toast = g_strdup_printf (_("The follow-up of invoice %s could not be saved: %s"),
                                                chorus_invoice_get_number (self->invoice) ?: "",
                                                error->message);

      /* What was typed stays in the form (and dirty): the next change or move tries again. */
      set_state (self, text, TRUE);
      show_toast (self, toast);
      return FALSE;
    }
  chorus_invoice_set_gestionnaire (self->invoice, gestionnaire);
  chorus_invoice_set_internal_reference (self->invoice, *reference ? reference : NULL);
  chorus_invoice_set_notes (self->invoice, *notes ? notes : NULL);
  self->dirty = FALSE;
  set_state (self, _("Saved"), FALSE);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, chorus_invoice_get_id (self->invoice));
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer data)
{
  ChorusFollowupForm *self = data;

  self->save_id = 0;
  chorus_followup_form_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
changed_cb (ChorusFollowupForm *self)
{
  if (self->filling || self->invoice == NULL)
    return;
  self->dirty = TRUE;
  set_state (self, _("Saving…"), FALSE);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (CHORUS_FOLLOWUP_SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
fill (ChorusFollowupForm *self)
{
  const char *gestionnaire = self->invoice ? chorus_invoice_get_gestionnaire (self->invoice) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires));
  guint selected = 0;

  self->filling = TRUE;
  /* A name set elsewhere (another machine, an import) stays selectable. */
  if (gestionnaire != NULL && *gestionnaire != '\0')
    {
      for (guint i = 1; i < n; i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->gestionnaires, i), gestionnaire) == 0)
          selected = i;
      if (selected == 0)
        {
          gtk_string_list_append (self->gestionnaires, gestionnaire);
          selected = n;
        }
    }
  gtk_drop_down_set_selected (self->gestionnaire_dropdown, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->reference_entry),
                         self->invoice ? chorus_invoice_get_internal_reference (self->invoice) ?: "" : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            self->invoice ? chorus_invoice_get_notes (self->invoice) ?: "" : "", -1);
  self->filling = FALSE;
}

static void
chorus_followup_form_unmap (GtkWidget *widget)
{
  /* Leaving the tab, the invoice or the window: nothing typed waits behind. */
  chorus_followup_form_save_now (CHORUS_FOLLOWUP_FORM (widget));
  GTK_WIDGET_CLASS (chorus_followup_form_parent_class)->unmap (widget);
}

static void
chorus_followup_form_dispose (GObject *object)
{
  ChorusFollowupForm *self = CHORUS_FOLLOWUP_FORM (object);
  GtkWidget *child;

  if (self->dirty)
    chorus_followup_form_save_now (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_FOLLOWUP_FORM);
  /* The template's box is not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->invoice);
  g_clear_object (&self->settings);
  g_clear_object (&self->gestionnaires);
  G_OBJECT_CLASS (chorus_followup_form_parent_class)->dispose (object);
}

static void
chorus_followup_form_class_init (ChorusFollowupFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_followup_form_dispose;
  widget_class->unmap = chorus_followup_form_unmap;

  /* The follow-up of the invoice with this id was written to the store. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-followup-form.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, gestionnaire_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, reference_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, notes_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusFollowupForm, state_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
chorus_followup_form_init (ChorusFollowupForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->gestionnaires = gtk_string_list_new (NULL);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->gestionnaire_dropdown, G_LIST_MODEL (self->gestionnaires));
  self->filling = FALSE;
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::internal-reference-label", G_CALLBACK (update_reference_label),
                           self, G_CONNECT_SWAPPED);
  update_reference_label (self);
  chorus_followup_form_reload_gestionnaires (self);
}

GtkWidget *
chorus_followup_form_new (void)
{
  return g_object_new (CHORUS_TYPE_FOLLOWUP_FORM, NULL);
}

void
chorus_followup_form_set_store (ChorusFollowupForm *self,
                                ChorusStore        *store)
{
  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));
  g_return_if_fail (!store || CHORUS_IS_STORE (store));

  chorus_followup_form_save_now (self);
  g_set_object (&self->store, store);
  chorus_followup_form_reload_gestionnaires (self);
}

void
chorus_followup_form_set_invoice (ChorusFollowupForm *self,
                                  ChorusInvoice      *invoice)
{
  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));
  g_return_if_fail (!invoice || CHORUS_IS_INVOICE (invoice));

  /* The same invoice read again (a new copy after a sync): what is being typed stays. */
  if (invoice != NULL && self->invoice != NULL && self->dirty &&
      chorus_invoice_get_id (invoice) == chorus_invoice_get_id (self->invoice))
    {
      g_set_object (&self->invoice, invoice);
      return;
    }
  chorus_followup_form_save_now (self);
  g_set_object (&self->invoice, invoice);
  self->dirty = FALSE;
  set_state (self, NULL, FALSE);
  fill (self);
}

gboolean
chorus_followup_form_get_dirty (ChorusFollowupForm *self)
{
  g_return_val_if_fail (CHORUS_IS_FOLLOWUP_FORM (self), FALSE);
  return self->dirty;
}

void
chorus_followup_form_reload_gestionnaires (ChorusFollowupForm *self)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *kept = NULL;
  guint n, selected;
  gboolean filling;

  g_return_if_fail (CHORUS_IS_FOLLOWUP_FORM (self));

  if (self->store != NULL)
    names = chorus_store_list_gestionnaires (self->store, NULL);
  selected = gtk_drop_down_get_selected (self->gestionnaire_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    kept = g_strdup (gtk_string_list_get_string (self->gestionnaires, selected));
  filling = self->filling;
  self->filling = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires));
  gtk_string_list_splice (self->gestionnaires, 0, n, NULL);
  gtk_string_list_append (self->gestionnaires, _("Nobody"));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    gtk_string_list_append (self->gestionnaires, names[i]);
  if (self->dirty)
    {
      /* A choice not saved yet stays chosen. */
      selected = 0;
      for (guint i = 1; kept != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->gestionnaires, i), kept) == 0)
          selected = i;
      if (kept != NULL && selected == 0)
        {
          gtk_string_list_append (self->gestionnaires, kept);
          selected = g_list_model_get_n_items (G_LIST_MODEL (self->gestionnaires)) - 1;
        }
      gtk_drop_down_set_selected (self->gestionnaire_dropdown, selected);
    }
  self->filling = filling;
  if (!self->dirty)
    fill (self);
}
