/* chorus-process-dialog.c: one row per invoice, what the status needs, the user's frequent motifs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-format.h"
#include "chorus-process-dialog-private.h"
#include "chorus-status.h"

typedef struct {
  gint64               id;
  ChorusProcessResult  result;
} Entry;

struct _ChorusProcessDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *apply_button;
  GtkLabel       *summary_label;
  GtkLabel       *warning_label;
  GtkWidget      *form_box;
  GtkWidget      *mandate_label;
  GtkEntry       *mandate_entry;
  GtkLabel       *motif_label;
  GtkMenuButton  *motifs_button;
  GtkPopover     *motifs_popover;
  GtkListBox     *motifs_list;
  GtkTextView    *motif_view;
  GtkLabel       *motif_hint;
  GtkListBox     *results_list;

  ChorusStore    *store;
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

gboolean
chorus_process_motif_kind (ChorusStatus     target,
                           ChorusMotifKind *kind)
{
  ChorusMotifKind k;

  if (!chorus_status_takes_motif (target))
    return FALSE;
  switch (target)
    {
    case CHORUS_STATUS_REJETEE:
      k = CHORUS_MOTIF_REJECTION;
      break;
    case CHORUS_STATUS_SUSPENDUE:
      k = CHORUS_MOTIF_SUSPENSION;
      break;
    case CHORUS_STATUS_A_RECYCLER:
      k = CHORUS_MOTIF_RECYCLING;
      break;
    default:
      return FALSE;
    }
  if (kind != NULL)
    *kind = k;
  return TRUE;
}

gboolean
chorus_process_needs_dialog (ChorusStatus target)
{
  return chorus_status_needs_motif (target) || chorus_status_takes_motif (target) ||
         chorus_status_needs_mandate_number (target) || chorus_status_is_irreversible (target);
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
  g_autofree char *hint = g_strdup_printf (_("%ld of %d characters"), length, CHORUS_STATUS_MOTIF_MAX_CHARS);

  gtk_label_set_text (self->motif_hint, hint);
  if (length > CHORUS_STATUS_MOTIF_MAX_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->motif_hint), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->motif_hint), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), chorus_process_dialog_can_apply (self));
}

static void fill_motifs (ChorusProcessDialog *self);

static void
remove_motif_clicked_cb (GtkButton           *button,
                         ChorusProcessDialog *self)
{
  const char *text = g_object_get_data (G_OBJECT (button), "chorus-motif");
  ChorusMotifKind kind;
  g_autoptr(GError) error = NULL;

  if (!chorus_process_motif_kind (self->target, &kind))
    return;
  if (!chorus_store_remove_motif (self->store, kind, text, &error))
    g_warning ("Could not remove the motif: %s", error->message);
  fill_motifs (self);
}

static void
fill_motifs (ChorusProcessDialog *self)
{
  g_auto(GStrv) motifs = chorus_process_dialog_get_motifs (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->motifs_list))) != NULL)
    gtk_list_box_remove (self->motifs_list, child);
  for (guint i = 0; motifs[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), motifs[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "chorus-motif", g_strdup (motifs[i]), g_free);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this motif from the list"));
      g_object_set_data_full (G_OBJECT (remove), "chorus-motif", g_strdup (motifs[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_motif_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->motifs_list, row);
    }
  if (motifs[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No frequent motif yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Type a motif, then keep it here for next time."));
      gtk_list_box_append (self->motifs_list, row);
    }
}

static void
motif_activated_cb (ChorusProcessDialog *self,
                    GtkListBoxRow       *row)
{
  const char *text = g_object_get_data (G_OBJECT (row), "chorus-motif");

  if (text == NULL)
    return;
  chorus_process_dialog_use_motif (self, text);
  gtk_popover_popdown (self->motifs_popover);
}

static void
save_motif_clicked_cb (ChorusProcessDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!chorus_process_dialog_save_motif (self, &error))
    gtk_label_set_text (self->motif_hint, error->message);
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
  g_clear_object (&self->store);
  g_free (self->motif);
  G_OBJECT_CLASS (chorus_process_dialog_parent_class)->finalize (object);
}

static void
chorus_process_dialog_class_init (ChorusProcessDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_process_dialog_finalize;

  /* The user confirmed: queue chorus_process_dialog_get_allowed(); the dialog closes after. */
  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-process-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, mandate_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, mandate_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motif_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motifs_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motifs_popover);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motifs_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motif_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, motif_hint);
  gtk_widget_class_bind_template_child (widget_class, ChorusProcessDialog, results_list);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, motif_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_motif_clicked_cb);

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

/* What the dialog asks is named after what the user does, not after the status reached. */
static const char *
action_title (ChorusStatus target)
{
  switch (target)
    {
    case CHORUS_STATUS_SERVICE_FAIT:
      return _("Service Rendered");
    case CHORUS_STATUS_REJETEE:
      return _("Reject");
    case CHORUS_STATUS_SUSPENDUE:
      return _("Suspend");
    case CHORUS_STATUS_A_RECYCLER:
      return _("Send Back for Recycling");
    case CHORUS_STATUS_MANDATEE:
      return _("Mandate");
    case CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE:
      return _("Make Available to the Accountant");
    case CHORUS_STATUS_COMPTABILISEE:
      return _("Book");
    case CHORUS_STATUS_MISE_EN_PAIEMENT:
      return _("Issue the Payment");
    case CHORUS_STATUS_MISE_A_DISPOSITION:
      return _("Cancel Service Rendered");
    default:
      return chorus_status_label (target);
    }
}

static GtkWidget *
invoice_row (ChorusInvoice *invoice,
             gint64         id,
             gboolean       possible,
             GtkWidget    **state_label)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (invoice != NULL)
    {
      amount = chorus_amount_format (chorus_invoice_get_amount_ttc (invoice), chorus_invoice_get_currency (invoice));
      title = g_strdup_printf ("%s — %s", chorus_invoice_get_number (invoice) ?: "?",
                               chorus_invoice_get_supplier_name (invoice) ?: "?");
      if (possible)
        subtitle = g_strdup_printf (_("%s · now “%s”"), amount,
                                    chorus_status_code_label (chorus_invoice_get_status_code (invoice)));
      else
        subtitle = g_strdup_printf (_("%s · not possible from “%s”"), amount,
                                    chorus_status_code_label (chorus_invoice_get_status_code (invoice)));
    }
  else
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      title = g_strdup_printf (_("Invoice %s"), id_text);
      subtitle = g_strdup (_("This invoice is no longer in the local cache"));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  *state_label = gtk_label_new (possible ? _("Ready") : _("Not possible"));
  gtk_widget_add_css_class (*state_label, possible ? "dim-label" : "error");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *state_label);
  return row;
}

/* Typing goes into the form at once, never to the list behind. */
static void
set_first_focus (ChorusProcessDialog *self)
{
  GtkWidget *first;

  if (chorus_status_needs_mandate_number (self->target))
    first = GTK_WIDGET (self->mandate_entry);
  else if (chorus_process_motif_kind (self->target, NULL))
    first = GTK_WIDGET (self->motif_view);
  else
    first = GTK_WIDGET (self->apply_button);
  gtk_window_set_focus (GTK_WINDOW (self), first);
}

ChorusProcessDialog *
chorus_process_dialog_new (GtkWindow         *parent,
                           ChorusStore       *store,
                           ChorusTransitions *transitions,
                           GArray            *ids,
                           ChorusStatus       target)
{
  ChorusProcessDialog *self;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint allowed = 0;

  g_return_val_if_fail (CHORUS_IS_STORE (store), NULL);
  g_return_val_if_fail (transitions == NULL || CHORUS_IS_TRANSITIONS (transitions), NULL);
  g_return_val_if_fail (ids != NULL && ids->len > 0, NULL);

  self = g_object_new (CHORUS_TYPE_PROCESS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->target = target;
  adw_window_title_set_title (self->window_title, action_title (target));
  adw_window_title_set_subtitle (self->window_title, NULL);

  invoices = chorus_store_load_invoices (store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  for (guint i = 0; i < ids->len; i++)
    {
      Entry entry = { g_array_index (ids, gint64, i), CHORUS_PROCESS_WAITING };
      ChorusInvoice *invoice = invoices && i < invoices->len ? g_ptr_array_index (invoices, i) : NULL;
      gboolean possible = FALSE;
      GtkWidget *state_label;

      if (invoice != NULL)
        {
          ChorusStatus current = chorus_invoice_get_status (invoice);

          possible = chorus_transitions_allows (transitions, current, target);
        }
      entry.result = possible ? CHORUS_PROCESS_WAITING : CHORUS_PROCESS_REFUSED;
      allowed += possible;
      gtk_list_box_append (self->results_list, invoice_row (invoice, entry.id, possible, &state_label));
      g_array_append_val (self->entries, entry);
    }

  if (allowed == ids->len)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice will get the status “%s”.",
                                            "%u invoices will get the status “%s”.", allowed),
                               allowed, chorus_status_label (target));
  else
    summary = g_strdup_printf (_("%u of the %u selected invoices can get the status “%s”; the others are marked below."),
                               allowed, ids->len, chorus_status_label (target));
  gtk_label_set_text (self->summary_label, summary);
  if (chorus_status_is_irreversible (target))
    {
      gtk_label_set_text (self->warning_label,
                          _("Once Chorus Pro has it, this status cannot be taken back: check the invoices below."));
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
    }
  if (target == CHORUS_STATUS_REJETEE)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->apply_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->apply_button), "destructive-action");
    }

  gtk_widget_set_visible (self->mandate_label, chorus_status_needs_mandate_number (target));
  gtk_widget_set_visible (GTK_WIDGET (self->mandate_entry), chorus_status_needs_mandate_number (target));
  gtk_widget_set_visible (GTK_WIDGET (self->motifs_button), chorus_process_motif_kind (target, NULL));
  gtk_label_set_text_with_mnemonic (self->motif_label, chorus_status_needs_motif (target)
                                                       ? _("_Reason, sent to the supplier (required)")
                                                       : _("_Comment (optional)"));
  fill_motifs (self);
  form_changed_cb (self);
  set_first_focus (self);
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

  if (!chorus_status_needs_mandate_number (self->target))
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

GStrv
chorus_process_dialog_get_motifs (ChorusProcessDialog *self)
{
  ChorusMotifKind kind;
  g_autoptr(GError) error = NULL;
  GStrv motifs = NULL;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), NULL);

  if (chorus_process_motif_kind (self->target, &kind))
    motifs = chorus_store_list_motifs (self->store, kind, &error);
  if (error != NULL)
    g_warning ("Could not read the frequent motifs: %s", error->message);
  return motifs != NULL ? motifs : g_new0 (char *, 1);
}

void
chorus_process_dialog_use_motif (ChorusProcessDialog *self,
                                 const char          *motif)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (CHORUS_IS_PROCESS_DIALOG (self));
  g_return_if_fail (motif != NULL);

  chorus_process_dialog_set_motif (self, motif);
  /* The user may complete it: the cursor waits at its end. */
  buffer = gtk_text_view_get_buffer (self->motif_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->motif_view));
}

gboolean
chorus_process_dialog_save_motif (ChorusProcessDialog  *self,
                                  GError              **error)
{
  g_autofree char *text = NULL;
  ChorusMotifKind kind;

  g_return_val_if_fail (CHORUS_IS_PROCESS_DIALOG (self), FALSE);

  text = motif_text (self);
  if (!chorus_process_motif_kind (self->target, &kind))
    return TRUE;
  if (*text == '\0')
    {
      g_set_error_literal (error, CHORUS_STORE_ERROR, CHORUS_STORE_ERROR_INVALID,
                           _("Type the motif first, then keep it in the list."));
      return FALSE;
    }
  if (!chorus_store_add_motif (self->store, kind, text, error))
    return FALSE;
  fill_motifs (self);
  return TRUE;
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
  if (allowed->len == 0 || length > CHORUS_STATUS_MOTIF_MAX_CHARS)
    return FALSE;
  if (chorus_status_needs_motif (self->target) && length == 0)
    return FALSE;
  if (chorus_status_needs_mandate_number (self->target) && chorus_process_dialog_get_mandate_number (self) == NULL)
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
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
  /* What follows shows in the main window: the undo toast, then Chorus Pro's answer. */
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}
