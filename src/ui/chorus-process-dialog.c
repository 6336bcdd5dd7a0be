/* chorus-process-dialog.c: one row per invoice; the rows change as the outbox reports results. */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-process-dialog.h"

#define MOTIF_MAX_CHARS 255   /* Chorus Pro clients cut the motif at 255 characters */

typedef struct {
  gint64               id;
  ChorusProcessResult  result;
  GtkWidget           *row;
  GtkWidget           *state_label;
} Entry;

struct _ChorusProcessDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *apply_button;
  GtkLabel       *summary_label;
  GtkWidget      *form_box;
  GtkWidget      *mandate_label;
  GtkEntry       *mandate_entry;
  GtkLabel       *motif_label;
  GtkTextView    *motif_view;
  GtkLabel       *motif_hint;
  GtkProgressBar *progress_bar;
  GtkListBox     *results_list;

  ChorusStatus    target;
  GArray         *entries;     /* Entry */
  char           *motif;
  gboolean        applied;
};

G_DEFINE_FINAL_TYPE (ChorusProcessDialog, chorus_process_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Entry *
find_entry (ChorusProcessDialog *self,
            gint64               id)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).id == id)
      return &g_array_index (self->entries, Entry, i);
  return NULL;
}

static void
update_progress (ChorusProcessDialog *self)
{
  guint finished = 0, failed = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      ChorusProcessResult result = g_array_index (self->entries, Entry, i).result;

      if (result == CHORUS_PROCESS_DONE || result == CHORUS_PROCESS_FAILED || result == CHORUS_PROCESS_REFUSED)
        finished++;
      if (result == CHORUS_PROCESS_FAILED || result == CHORUS_PROCESS_REFUSED)
        failed++;
    }
  text = g_strdup_printf (_("%u of %u answered, %u not done"), finished, self->entries->len, failed);
  gtk_progress_bar_set_fraction (self->progress_bar, chorus_process_dialog_get_progress (self));
  gtk_progress_bar_set_text (self->progress_bar, text);
  if (finished == self->entries->len && self->applied)
    gtk_button_set_label (self->cancel_button, _("_Close"));
}

static char *
motif_text (ChorusProcessDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->motif_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (g_steal_pointer (&text));
}

static void
form_changed_cb (ChorusProcessDialog *self)
{
  g_autofree char *motif = motif_text (self);
  glong length = g_utf8_strlen (motif, -1);
  g_autofree char *hint = g_strdup_printf (_("%ld of %d characters"), length, MOTIF_MAX_CHARS);

  gtk_label_set_text (self->motif_hint, hint);
  if (length > MOTIF_MAX_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->motif_hint), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->motif_hint), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), chorus_process_dialog_can_apply (self));
}

static void
cancel_clicked_cb (ChorusProcessDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply_clicked_cb (ChorusProcessDialog *self)
{
  chorus_process_dialog_apply (self);
}

static void
chorus_process_dialog_finalize (GObject *object)
{
  ChorusProcessDialog *self = CHORUS_PROCESS_DIALOG (object);

  g_clear_pointer (&self->entries, g_array_unref);
  g_free (self->motif);
  G_OBJECT_CLASS (chorus_process_dialog_parent_class)->finalize (object);
}

static void
chorus_process_dialog_class_init (ChorusProcessDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_process_dialog_finalize;

  /* The user confirmed: queue chorus_process_dialog_get_allowed() and report with set_result(). */
  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-process-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, mandate_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, mandate_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motif_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motif_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motif_hint);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, results_list);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
chorus_process_dialog_init (ChorusProcessDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_signal_connect_object (gtk_text_view_get_buffer (self->motif_view), "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
}

static const char *
result_text (ChorusProcessResult result)
{
  switch (result)
    {
    case CHORUS_PROCESS_WAITING:
      return _("Ready");
    case CHORUS_PROCESS_QUEUED:
      return _("Waiting for Chorus Pro…");
    case CHORUS_PROCESS_DONE:
      return _("Done");
    case CHORUS_PROCESS_FAILED:
      return _("Refused by Chorus Pro");
    case CHORUS_PROCESS_REFUSED:
    default:
      return _("Not possible");
    }
}

ChorusProcessDialog *
chorus_process_dialog_new (GtkWindow    *parent,
                           ChorusStore  *store,
                           GArray       *ids,
                           ChorusStatus  target)
{
  ChorusProcessDialog *self;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  guint allowed = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL && ids->len > 0, NULL);

  self = g_object_new (CHORUS_TYPE_PROCESS_DIALOG, "transient-for", parent, NULL);
  self->target = target;

  title = g_strdup_printf (_("Set “%s”"), chorus_status_label (target));
  adw_window_title_set_title (self->window_title, title);

  invoices = chorus_store_load_invoices (store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  for (guint i = 0; i < ids->len; i++)
    {
      Entry entry = { g_array_index (ids, gint64, i), CHORUS_PROCESS_WAITING, NULL, NULL };
      ChorusInvoice *invoice = invoices && i < invoices->len ? g_ptr_array_index (invoices, i) : NULL;
      ChorusStatus targets[CHORUS_STATUS_LAST];
      gsize n_targets = 0;
      gboolean possible = FALSE;
      g_autofree char *title_text = NULL;
      const char *refusal = NULL;

      if (invoice != NULL)
        {
          n_targets = chorus_status_recipient_targets (chorus_invoice_get_status (invoice), targets, G_N_ELEMENTS (targets));
          for (gsize t = 0; t < n_targets; t++)
            possible |= targets[t] == target;
          title_text = g_strdup_printf ("%s — %s", chorus_invoice_get_number (invoice) ?: "?",
                                        chorus_invoice_get_supplier_name (invoice) ?: "?");
          if (!possible)
            refusal = chorus_status_code_label (chorus_invoice_get_status_code (invoice));
        }
      else
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, entry.id);
          title_text = g_strdup_printf (_("Invoice %s"), id_text);
        }

      entry.row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry.row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry.row), title_text);
      entry.state_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (entry.state_label), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (entry.row), entry.state_label);
      gtk_list_box_append (self->results_list, entry.row);
      g_array_append_val (self->entries, entry);

      if (possible)
        {
          allowed++;
          chorus_process_dialog_set_result (self, entry.id, CHORUS_PROCESS_WAITING, NULL);
        }
      else
        {
          g_autofree char *why = refusal ? g_strdup_printf (_("Not possible from “%s”"), refusal)
                                         : g_strdup (_("This invoice is no longer in the local cache"));
          chorus_process_dialog_set_result (self, entry.id, CHORUS_PROCESS_REFUSED, why);
        }
    }

  if (allowed == ids->len)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice will get the status “%s”.",
                                            "%u invoices will get the status “%s”.", allowed),
                               allowed, chorus_status_label (target));
  else
    summary = g_strdup_printf (_("%u of the %u selected invoices can get the status “%s”; the others are marked below."),
                               allowed, ids->len, chorus_status_label (target));
  gtk_label_set_text (self->summary_label, summary);

  gtk_widget_set_visible (self->mandate_label, target == CHORUS_STATUS_MANDATEE);
  gtk_widget_set_visible (GTK_WIDGET (self->mandate_entry), target == CHORUS_STATUS_MANDATEE);
  gtk_label_set_text_with_mnemonic (self->motif_label, chorus_status_needs_motif (target)
                                                       ? _("_Reason, sent to the supplier (required)")
                                                       : _("_Comment (optional)"));
  form_changed_cb (self);
  return self;
}

ChorusStatus
chorus_process_dialog_get_target (ChorusProcessDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), CHORUS_STATUS_UNKNOWN);
  return self->target;
}

GArray *
chorus_process_dialog_get_allowed (ChorusProcessDialog *self)
{
  GArray *ids;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->result != CHORUS_PROCESS_REFUSED)
        g_array_append_val (ids, entry->id);
    }
  return ids;
}

const char *
chorus_process_dialog_get_motif (ChorusProcessDialog *self)
{
  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), NULL);

  g_free (self->motif);
  self->motif = motif_text (self);
  return *self->motif ? self->motif : NULL;
}

const char *
chorus_process_dialog_get_mandate_number (ChorusProcessDialog *self)
{
  const char *text;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), NULL);

  if (self->target != CHORUS_STATUS_MANDATEE)
    return NULL;
  text = gtk_editable_get_text (GTK_EDITABLE (self->mandate_entry));
  return *text ? text : NULL;
}

void
chorus_process_dialog_set_motif (ChorusProcessDialog *self,
                                 const char          *motif)
{
  g_return_if_fail (CHORUS_IS_PROCESS_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->motif_view), motif ? motif : "", -1);
}

void
chorus_process_dialog_set_mandate_number (ChorusProcessDialog *self,
                                          const char          *number)
{
  g_return_if_fail (CHORUS_IS_PROCESS_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->mandate_entry), number ? number : "");
}

gboolean
chorus_process_dialog_can_apply (ChorusProcessDialog *self)
{
  g_autofree char *motif = NULL;
  g_autoptr(GArray) allowed = NULL;
  glong length;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), FALSE);

  if (self->applied)
    return FALSE;
  allowed = chorus_process_dialog_get_allowed (self);
  motif = motif_text (self);
  length = g_utf8_strlen (motif, -1);
  if (allowed->len == 0 || length > MOTIF_MAX_CHARS)
    return FALSE;
  if (chorus_status_needs_motif (self->target) && length == 0)
    return FALSE;
  if (self->target == CHORUS_STATUS_MANDATEE && chorus_process_dialog_get_mandate_number (self) == NULL)
    return FALSE;
  return TRUE;
}

void
chorus_process_dialog_apply (ChorusProcessDialog *self)
{
  g_return_if_fail (CHORUS_IS_PROCESS_DIALOG (self));

  if (!chorus_process_dialog_can_apply (self))
    return;
  self->applied = TRUE;
  gtk_widget_set_sensitive (self->form_box, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  update_progress (self);
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

void
chorus_process_dialog_set_result (ChorusProcessDialog *self,
                                  gint64               id,
                                  ChorusProcessResult  result,
                                  const char          *message)
{
  Entry *entry;
  static const char *classes[] = { "success", "error", "dim-label" };

  g_return_if_fail (CHORUS_IS_PROCESS_DIALOG (self));

  entry = find_entry (self, id);
  if (entry == NULL)
    return;
  entry->result = result;
  /* The state stays short on the right; the server's or our explanation goes under the title. */
  gtk_label_set_text (GTK_LABEL (entry->state_label), result_text (result));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (entry->row), message ? message : "");
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (entry->state_label, classes[i]);
  if (result == CHORUS_PROCESS_DONE)
    gtk_widget_add_css_class (entry->state_label, "success");
  else if (result == CHORUS_PROCESS_FAILED || result == CHORUS_PROCESS_REFUSED)
    gtk_widget_add_css_class (entry->state_label, "error");
  else
    gtk_widget_add_css_class (entry->state_label, "dim-label");
  update_progress (self);
}

ChorusProcessResult
chorus_process_dialog_get_result (ChorusProcessDialog *self,
                                  gint64               id)
{
  Entry *entry;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), CHORUS_PROCESS_REFUSED);

  entry = find_entry (self, id);
  return entry ? entry->result : CHORUS_PROCESS_REFUSED;
}

double
chorus_process_dialog_get_progress (ChorusProcessDialog *self)
{
  guint finished = 0;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    {
      ChorusProcessResult result = g_array_index (self->entries, Entry, i).result;

      finished += result == CHORUS_PROCESS_DONE || result == CHORUS_PROCESS_FAILED || result == CHORUS_PROCESS_REFUSED;
    }
  return self->entries->len ? (double) finished / self->entries->len : 1.0;
}
