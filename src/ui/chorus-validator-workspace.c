/* chorus-validator-workspace.c: the invoices to validate from the store, one tab per level, the shared list,
 * detail and PDF, and the decisions through the outbox. The store changes optimistically when a
 * decision is queued: the invoice leaves its tab, and the next one takes its place. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-action-mark.h"
#include "chorus-count-tab.h"
#include "chorus-detail-loader.h"
#include "chorus-format.h"
#include "chorus-plain-text.h"
#include "chorus-store-validation.h"
#include "chorus-sync-validation.h"
#include "chorus-unreadable-banner.h"
#include "chorus-validator-workspace-private.h"


struct _ChorusValidatorWorkspace
{
  GtkWidget               parent_instance;

  /* Template widgets */
  ChorusSplitView        *split_view;
  GtkToggleButton        *level1_button;
  GtkToggleButton        *level2_button;
  GtkToggleButton        *decided_button;
  GtkSearchEntry         *search_entry;
  ChorusUnreadableBanner *unreadable_banner;
  GtkStack               *list_stack;
  ChorusInvoiceList      *invoice_list;
  AdwStatusPage          *empty_page;
  GtkLabel               *count_label;
  GtkMenuButton          *columns_button;
  ChorusInvoiceDetail    *detail;
  GtkWidget              *decision_bar;
  GtkLabel               *waiting_label;

  /* Owned references */
  ChorusSession          *session;
  GCancellable           *cancellable;    /* the pull the user asked for */
  ChorusStore            *store;
  ChorusSync             *sync;
  ChorusInvoiceModel     *model;
  ChorusDetailLoader     *loader;
  GtkLabel               *tab_counts[CHORUS_VALIDATION_STAGE_LAST];
  char                   *last_toast;

  /* Borrowed references */
  ChorusValidationDialog *dialog;

  ChorusValidationStage   stage;
  guint                   waiting;
  guint                   reload_idle_id;
  gboolean                busy;
};

G_DEFINE_FINAL_TYPE (ChorusValidatorWorkspace, chorus_validator_workspace, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The decisions of the "validator" action group, and whether each asks first. */
static const struct {
  const char             *name;
  ChorusValidationAction  action;
  gboolean                with_dialog;
} decisions[] = {
  { "validator.validate", CHORUS_VALIDATION_VALIDATE, FALSE },
  { "validator.validate-with-details", CHORUS_VALIDATION_VALIDATE, TRUE },
  { "validator.refuse", CHORUS_VALIDATION_REFUSE, TRUE },
  { "validator.pay", CHORUS_VALIDATION_PAYMENT, TRUE },
  { "validator.recycle", CHORUS_VALIDATION_RECYCLE, TRUE },
  { "validator.suspend", CHORUS_VALIDATION_SUSPEND, TRUE },
  { "validator.reject", CHORUS_VALIDATION_REJECT, TRUE },
};

/* Invoice numbers and Chorus Pro's sentences are plain text, never markup. */
static AdwToast *
new_toast (ChorusValidatorWorkspace *self,
           const char               *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  return chorus_toast_new_plain (text);
}

static void
add_toast (ChorusValidatorWorkspace *self,
           AdwToast                 *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}

/* Short: what follows (the next decision's undo, an answer) must not wait behind it. */
static void
show_toast (ChorusValidatorWorkspace *self,
            const char               *text)
{
  AdwToast *toast = new_toast (self, text);

  adw_toast_set_timeout (toast, 3);
  add_toast (self, toast);
}

static char *
invoice_number (ChorusValidatorWorkspace *self,
                gint64                    id)
{
  g_autoptr(ChorusInvoice) invoice = self->store ? chorus_store_load_invoice (self->store, id, NULL) : NULL;

  if (invoice == NULL || chorus_invoice_get_number (invoice) == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return g_strdup (chorus_invoice_get_number (invoice));
}

static GtkWindow *
parent_window (ChorusValidatorWorkspace *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The invoice selected alone, as the store has it now; NULL for none or several. */
static ChorusInvoice *
selected_invoice (ChorusValidatorWorkspace *self)
{
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);

  if (self->store == NULL || ids->len != 1)
    return NULL;
  return chorus_store_load_invoice (self->store, g_array_index (ids, gint64, 0), NULL);
}

/* A decision is possible on the invoice selected when it waits at a level the account validates
 * and no decision of the user is on its way already; the list moves and reloads once a store is read. */
static void
validator_workspace_actions_update (ChorusValidatorWorkspace *self)
{
  g_autoptr(ChorusInvoice) invoice = selected_invoice (self);
  g_autofree char *text = NULL;
  gboolean possible = FALSE;
  int level = 0;

  if (invoice != NULL)
    {
      const char *validator = chorus_invoice_get_validator_name (invoice);
      gboolean ours = self->sync == NULL || chorus_sync_validator_can_decide (self->sync, invoice);

      level = chorus_status_validation_level (chorus_invoice_get_status (invoice));
      possible = level > 0 && ours && chorus_store_count_open_actions_for_invoice (self->store, chorus_invoice_get_key (invoice)) == 0;
      if (level > 0 && !ours)
        text = g_strdup_printf (_("Waits for another validator: %s"), validator != NULL ? validator : _("unknown"));
      else if (level > 0)
        text = g_strdup_printf (_("Validation level %d"), level);
      else
        text = g_strdup_printf (_("No longer waits for a validation: %s"),
                                chorus_status_code_label (chorus_invoice_get_status_code (invoice)));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (decisions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), decisions[i].name, possible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validator.refresh", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validator.next", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validator.previous", self->store != NULL);
  gtk_label_set_text (self->waiting_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->waiting_label), text);
  gtk_widget_set_visible (self->decision_bar, invoice != NULL);
}

static void
update_detail (ChorusValidatorWorkspace *self,
               gboolean                  force)
{
  chorus_detail_loader_show_selection (self->loader, force);
}

/* The decisions follow the invoice shown. */
static void
selection_shown_cb (ChorusValidatorWorkspace *self,
                    const char               *error_message)
{
  if (error_message != NULL)
    show_toast (self, error_message);
  validator_workspace_actions_update (self);
}

static void
selection_changed_cb (ChorusValidatorWorkspace *self)
{
  chorus_detail_loader_show_selection_later (self->loader);
}

static void
set_waiting (ChorusValidatorWorkspace *self,
             guint                     waiting)
{
  if (self->waiting == waiting)
    return;
  self->waiting = waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

static void
update_counts (ChorusValidatorWorkspace *self,
               const ChorusInvoiceFilter *filter)
{
  ChorusInvoiceFilter all = *filter;
  guint counts[CHORUS_VALIDATION_STAGE_LAST] = { 0 };
  guint everything[CHORUS_VALIDATION_STAGE_LAST] = { 0 };

  if (chorus_store_count_validation_stages (self->store, filter, counts, NULL))
    for (guint stage = CHORUS_VALIDATION_STAGE_LEVEL_1; stage < CHORUS_VALIDATION_STAGE_LAST; stage++)
      {
        g_autofree char *text = chorus_format_count (counts[stage]);

        gtk_label_set_text (self->tab_counts[stage], text);
      }
  /* The switcher counts what waits, whatever is typed in the search. */
  all.text = NULL;
  if (chorus_store_count_validation_stages (self->store, &all, everything, NULL))
    set_waiting (self, everything[CHORUS_VALIDATION_STAGE_LEVEL_1] + everything[CHORUS_VALIDATION_STAGE_LEVEL_2]);
}

static void
reload_list (ChorusValidatorWorkspace *self,
             gboolean                  recount)
{
  ChorusInvoiceFilter filter;
  ChorusSortColumn sort;
  gboolean descending;
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count_text = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  double offset;
  guint n;

  if (self->store == NULL)
    return;

  selected = chorus_invoice_list_get_selected_ids (self->invoice_list);
  offset = chorus_invoice_list_get_scroll_offset (self->invoice_list);
  gtk_selection_model_unselect_all (chorus_invoice_list_get_selection (self->invoice_list));
  chorus_invoice_list_scroll_to_top (self->invoice_list);

  chorus_invoice_filter_init (&filter);
  filter.direction = CHORUS_DIRECTION_TO_VALIDATE;
  filter.validation_stage = self->stage;
  filter.text = *text != '\0' ? text : NULL;
  chorus_invoice_list_set_validation_stage (self->invoice_list, self->stage);
  sort = chorus_invoice_list_get_sort (self->invoice_list, &descending);
  if (!chorus_invoice_model_query (self->model, &filter, sort, descending, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The invoice list could not be read: %s"), error->message);
      show_toast (self, message);
      return;
    }
  if (recount)
    update_counts (self, &filter);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n), n);
  gtk_label_set_text (self->count_label, count_text);
  if (n == 0)
    {
      if (filter.text != NULL)
        {
          adw_status_page_set_title (self->empty_page, _("No Invoices Found"));
          adw_status_page_set_description (self->empty_page, _("No invoice of this tab matches the search."));
        }
      else if (self->stage == CHORUS_VALIDATION_STAGE_DECIDED)
        {
          adw_status_page_set_title (self->empty_page, _("No Decisions Yet"));
          adw_status_page_set_description (self->empty_page,
                                           _("The invoices you validated, refused or sent back are listed here."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Invoices to Validate"));
          adw_status_page_set_description (self->empty_page,
                                           _("Invoices waiting for your validation appear here after each "
                                             "synchronization with Chorus Pro."));
        }
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  chorus_invoice_list_select_ids (self->invoice_list, selected);
  {
    g_autoptr(GArray) kept = chorus_invoice_list_get_selected_ids (self->invoice_list);

    chorus_invoice_list_restore_scroll (self->invoice_list, kept->len > 0 ? offset : 0);
  }
  selection_changed_cb (self);
}

/* Busy while the sync reads Chorus Pro's invoices, ours or the window's pull: the list follows. */
static void
update_busy (ChorusValidatorWorkspace *self)
{
  gboolean busy = self->sync != NULL && chorus_sync_get_pulling (self->sync);

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
pull_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ChorusValidatorWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chorus_sync_pull_finish (CHORUS_SYNC (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Busy: a pull was already running (the window's); its end reloads the list too. */
  if (error != NULL && !g_error_matches (error, CHORUS_SYNC_ERROR, CHORUS_SYNC_ERROR_BUSY))
    {
      g_autofree char *text = g_strdup_printf (_("Synchronization failed: %s"), error->message);

      show_toast (self, text);
    }
  update_busy (self);
  reload_list (self, TRUE);
}

/* F5: what the store holds at once, then Chorus Pro's lists of invoices to validate. */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (widget);

  reload_list (self, TRUE);
  if (self->sync == NULL)
    return;
  chorus_sync_pull_async (self->sync, self->cancellable, pull_cb, g_object_ref (self));
  update_busy (self);
}

/* After a decision the invoice has left its tab: the one that takes its place is selected, so the
 * validator goes on to the next invoice. */
static void
reload_keeping_position (ChorusValidatorWorkspace *self,
                         guint                     position)
{
  reload_list (self, TRUE);
  chorus_invoice_list_select_near (self->invoice_list, position);
  update_detail (self, TRUE);
}

static gboolean
reload_idle_cb (gpointer data)
{
  ChorusValidatorWorkspace *self = data;

  self->reload_idle_id = 0;
  reload_list (self, TRUE);
  update_detail (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (ChorusValidatorWorkspace *self)
{
  if (self->reload_idle_id == 0)
    self->reload_idle_id = g_idle_add (reload_idle_cb, self);
}

/* Takes back a decision still held: the invoice waits at its level again, selected. */
static void
undo_clicked_cb (AdwToast                 *toast,
                 ChorusValidatorWorkspace *self)
{
  gint64 action_id = *(gint64 *) g_object_get_data (G_OBJECT (toast), "chorus-action-id");
  gint64 invoice_id = *(gint64 *) g_object_get_data (G_OBJECT (toast), "chorus-invoice-id");
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL)
    return;
  if (!chorus_sync_cancel_action (self->sync, action_id, &error))
    {
      show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Undone: nothing was sent to Chorus Pro"));
  reload_list (self, TRUE);
  if (chorus_invoice_list_select_id (self->invoice_list, invoice_id))
    {
      update_detail (self, TRUE);
    }
}

/* Writes the decision to the outbox; the list shows it at once, and the sync sends it once the
 * hold for an undo is over, as it does the recipient's actions. */
static gboolean
queue_decision (ChorusValidatorWorkspace *self,
                ChorusInvoice            *invoice,
                ChorusValidationAction    action,
                const char               *motif,
                const char               *motif_label,
                const char               *complement)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusAction) queued = NULL;
  g_autofree char *text = NULL;
  guint position = chorus_invoice_list_get_first_selected (self->invoice_list);
  gint64 invoice_id = chorus_invoice_get_key (invoice);
  gint64 id;
  AdwToast *toast;

  if (self->sync != NULL)
    id = chorus_sync_enqueue_validation (self->sync, invoice_id, action, motif, motif_label, complement, &error);
  else
    /* No connection open: the decision waits in the outbox for the next session. */
    id = chorus_store_outbox_add_validation (self->store, invoice_id, action, motif, motif_label, complement, 0,
                                             &error);
  if (id == 0)
    {
      show_toast (self, error->message);
      return FALSE;
    }
  queued = chorus_store_outbox_get (self->store, id, NULL);
  if (self->sync == NULL || !chorus_sync_get_online (self->sync))
    text = g_strdup (_("Saved: it will be sent to Chorus Pro at the next connection"));
  else
    /* TRANSLATORS: "Validation → FA-2026-000123" */
    text = g_strdup_printf (_("%s → %s"), queued != NULL ? chorus_action_mark_describe (queued) : "",
                            chorus_invoice_get_number (invoice) ?: "");
  toast = new_toast (self, text);
  if (queued != NULL && chorus_action_is_held (queued, g_get_real_time ()))
    {
      g_object_set_data_full (G_OBJECT (toast), "chorus-action-id", g_memdup2 (&id, sizeof id), g_free);
      g_object_set_data_full (G_OBJECT (toast), "chorus-invoice-id", g_memdup2 (&invoice_id, sizeof invoice_id),
                              g_free);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, (guint) MAX ((queued->not_before - g_get_real_time ()) / G_USEC_PER_SEC, 1));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
    }
  add_toast (self, toast);
  reload_keeping_position (self, position);
  return TRUE;
}

static void
dialog_apply_cb (ChorusValidatorWorkspace *self,
                 ChorusValidationDialog   *dialog)
{
  g_autoptr(ChorusInvoice) invoice = NULL;
  g_autofree char *complement = chorus_validation_dialog_get_complement (dialog);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  invoice = chorus_store_load_invoice (self->store, chorus_validation_dialog_get_invoice_key (dialog), &error);
  if (invoice == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  queue_decision (self, invoice, chorus_validation_dialog_get_action (dialog),
                  chorus_validation_dialog_get_motif_code (dialog), chorus_validation_dialog_get_motif_label (dialog),
                  complement);
}

/* What the buttons do for the invoice selected: a validation goes at once, the decisions that
 * take a motif or cannot be taken back open the dialog. */
static void
decide (ChorusValidatorWorkspace *self,
        ChorusValidationAction    action,
        gboolean                  with_dialog)
{
  g_autoptr(ChorusInvoice) invoice = NULL;

  g_return_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self));
  g_return_if_fail ((guint) action < CHORUS_VALIDATION_LAST);

  invoice = selected_invoice (self);
  if (invoice == NULL)
    {
      show_toast (self, _("Select an invoice to validate first"));
      return;
    }
  /* A motif to choose, or a step that cannot be taken back: the dialog asks first. */
  if (!with_dialog && !chorus_status_validation_needs_motif (action) && action == CHORUS_VALIDATION_VALIDATE)
    {
      queue_decision (self, invoice, action, NULL, NULL, NULL);
      return;
    }
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = chorus_validation_dialog_new (parent_window (self), self->sync, invoice, action);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "apply", G_CALLBACK (dialog_apply_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
decision_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (widget);

  for (gsize i = 0; i < G_N_ELEMENTS (decisions); i++)
    if (g_str_equal (action_name, decisions[i].name))
      decide (self, decisions[i].action, decisions[i].with_dialog);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (widget);

  chorus_invoice_list_move (self->invoice_list, g_str_equal (action_name, "validator.next") ? 1 : -1);
}

/* Chorus Pro answered a decision: say so as the recipient's side does, and show where the invoice
 * is now. A refusal stays until dismissed: it must be read. */
static void
outbox_finished_cb (ChorusValidatorWorkspace *self,
                    gint64                    action_id,
                    gboolean                  ok,
                    const char               *message)
{
  g_autoptr(ChorusAction) action = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (self->store == NULL || (action = chorus_store_outbox_get (self->store, action_id, NULL)) == NULL ||
      action->kind != CHORUS_ACTION_KIND_VALIDATE)
    return;
  number = invoice_number (self, action->invoice_id);
  if (ok)
    /* TRANSLATORS: "Service rendered sent to Chorus Pro ✓ (FA-2026-000123)" */
    text = g_strdup_printf (_("%s sent to Chorus Pro ✓ (%s)"), chorus_action_mark_describe (action), number);
  else
    text = g_strdup_printf (_("Chorus Pro refused “%s” for %s: %s"), chorus_action_mark_describe (action), number,
                            message != NULL ? message : _("no reason given"));
  toast = new_toast (self, text);
  if (!ok)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  add_toast (self, toast);
  schedule_reload (self);
  chorus_detail_loader_answered (self->loader, action->invoice_id, ok);
}

static void
stage_toggled_cb (ChorusValidatorWorkspace *self,
                  GtkToggleButton          *button)
{
  ChorusValidationStage stage;

  if (!gtk_toggle_button_get_active (button))
    return;
  stage = button == self->level2_button ? CHORUS_VALIDATION_STAGE_LEVEL_2
          : button == self->decided_button ? CHORUS_VALIDATION_STAGE_DECIDED : CHORUS_VALIDATION_STAGE_LEVEL_1;
  if (stage == self->stage)
    return;
  self->stage = stage;
  gtk_selection_model_unselect_all (chorus_invoice_list_get_selection (self->invoice_list));
  reload_list (self, FALSE);
}

static void
search_changed_cb (ChorusValidatorWorkspace *self)
{
  reload_list (self, TRUE);
}

static void
sort_changed_cb (ChorusValidatorWorkspace *self)
{
  reload_list (self, FALSE);
}

static void
chorus_validator_workspace_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_validator_workspace_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      chorus_validator_workspace_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_validator_workspace_dispose (GObject *object)
{
  ChorusValidatorWorkspace *self = CHORUS_VALIDATOR_WORKSPACE (object);

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->session);
  g_clear_object (&self->loader);
  g_clear_object (&self->store);
  g_clear_object (&self->model);
  g_clear_pointer (&self->last_toast, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_VALIDATOR_WORKSPACE);
  G_OBJECT_CLASS (chorus_validator_workspace_parent_class)->dispose (object);
}

static void
chorus_validator_workspace_class_init (ChorusValidatorWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_validator_workspace_dispose;
  object_class->get_property = chorus_validator_workspace_get_property;
  object_class->set_property = chorus_validator_workspace_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CHORUS_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING] = g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CHORUS_TYPE_SPLIT_VIEW);
  g_type_ensure (CHORUS_TYPE_INVOICE_LIST);
  g_type_ensure (CHORUS_TYPE_INVOICE_DETAIL);
  g_type_ensure (CHORUS_TYPE_UNREADABLE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/chorusdesk/ChorusDesk/ui/chorus-validator-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, split_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, level1_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, level2_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, decided_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, unreadable_banner);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, invoice_list);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, columns_button);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, detail);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, ChorusValidatorWorkspace, waiting_label);
  gtk_widget_class_bind_template_callback (widget_class, stage_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);

  for (gsize i = 0; i < G_N_ELEMENTS (decisions); i++)
    gtk_widget_class_install_action (widget_class, decisions[i].name, NULL, decision_action);
  gtk_widget_class_install_action (widget_class, "validator.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "validator.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "validator.refresh", NULL, refresh_action);
  /* As every workspace; the keys of the recipient's triage, and the frequent decisions (also in
   * help-overlay.ui). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "validator.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "validator.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "validator.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "validator.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "validator.validate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "validator.refuse", NULL);
}

static void
chorus_validator_workspace_init (ChorusValidatorWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->stage = CHORUS_VALIDATION_STAGE_LEVEL_1;
  self->loader = chorus_detail_loader_new (self->detail);
  chorus_detail_loader_pair_list (self->loader, self->invoice_list, self->split_view);
  g_signal_connect_object (self->loader, "selection-shown", G_CALLBACK (selection_shown_cb), self, G_CONNECT_SWAPPED);
  self->tab_counts[CHORUS_VALIDATION_STAGE_LEVEL_1] = chorus_count_tab_fill (GTK_BUTTON (self->level1_button),
                                                                               _("Level 1"), NULL);
  self->tab_counts[CHORUS_VALIDATION_STAGE_LEVEL_2] = chorus_count_tab_fill (GTK_BUTTON (self->level2_button),
                                                                               _("Level 2"), NULL);
  self->tab_counts[CHORUS_VALIDATION_STAGE_DECIDED] = chorus_count_tab_fill (GTK_BUTTON (self->decided_button),
                                                                               _("Decided"), NULL);
  chorus_invoice_list_set_direction (self->invoice_list, CHORUS_DIRECTION_TO_VALIDATE);
  chorus_invoice_detail_set_direction (self->detail, CHORUS_DIRECTION_TO_VALIDATE);
  gtk_menu_button_set_popover (self->columns_button, chorus_invoice_list_create_columns_popover (self->invoice_list));
  g_signal_connect_object (chorus_invoice_list_get_selection (self->invoice_list), "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  validator_workspace_actions_update (self);
}

GtkWidget *
chorus_validator_workspace_new (void)
{
  return g_object_new (CHORUS_TYPE_VALIDATOR_WORKSPACE, NULL);
}

/* Shows what @store holds (NULL: nothing). */
static void
attach_store (ChorusValidatorWorkspace *self,
              ChorusStore              *store)
{
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  chorus_invoice_detail_set_store (self->detail, store);
  chorus_detail_loader_set_store (self->loader, store);
  self->model = store != NULL ? chorus_invoice_model_new (store) : NULL;
  chorus_invoice_list_set_model (self->invoice_list, self->model);
  set_waiting (self, 0);
  for (guint stage = CHORUS_VALIDATION_STAGE_LEVEL_1; stage < CHORUS_VALIDATION_STAGE_LAST; stage++)
    gtk_label_set_text (self->tab_counts[stage], "");
  if (store != NULL)
    reload_list (self, TRUE);
  else
    {
      gtk_label_set_text (self->count_label, "");
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      chorus_detail_loader_show_none (self->loader, 0);
    }
  validator_workspace_actions_update (self);
}

/* Follows @sync (nullable): decisions go through its outbox, details and PDFs are fetched, and
 * Chorus Pro's answers show as toasts. */
static void
attach_sync (ChorusValidatorWorkspace *self,
             ChorusSync               *sync)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  chorus_detail_loader_set_sync (self->loader, sync);
  chorus_invoice_detail_set_sync (self->detail, sync);
  chorus_unreadable_banner_set_sync (self->unreadable_banner, sync);
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "invoices-changed", G_CALLBACK (schedule_reload), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "outbox-action-finished", G_CALLBACK (outbox_finished_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "state-changed", G_CALLBACK (update_busy), self, G_CONNECT_SWAPPED);
    }
  update_busy (self);
  /* The detail and PDF of the invoice shown may now be fetched. */
  update_detail (self, TRUE);
}

void
chorus_validator_workspace_set_session (ChorusValidatorWorkspace *self,
                                        ChorusSession            *session)
{
  g_return_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self));
  g_return_if_fail (session == NULL || CHORUS_IS_SESSION (session));

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  /* The same session again is read again: after a reset of the simulated data it holds a new store and sync. */
  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  attach_sync (self, session != NULL ? chorus_session_get_sync (session) : NULL);
  attach_store (self, session != NULL ? chorus_session_get_store (session) : NULL);
}

ChorusSession *
chorus_validator_workspace_get_session (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->session;
}

gboolean
chorus_validator_workspace_get_busy (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), FALSE);
  return self->busy;
}

guint
chorus_validator_workspace_get_waiting (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), 0);
  return self->waiting;
}

ChorusValidationDialog *
chorus_validator_workspace_get_dialog (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->dialog;
}

ChorusInvoiceList *
chorus_validator_workspace_get_list (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->invoice_list;
}

ChorusInvoiceDetail *
chorus_validator_workspace_get_detail (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->detail;
}

ChorusInvoiceModel *
chorus_validator_workspace_get_model (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->model;
}

ChorusSplitView *
chorus_validator_workspace_get_split_view (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->split_view;
}

const char *
chorus_validator_workspace_get_last_toast (ChorusValidatorWorkspace *self)
{
  g_return_val_if_fail (CHORUS_IS_VALIDATOR_WORKSPACE (self), NULL);
  return self->last_toast;
}
