/* chorus-recipient-workspace-actions.c: the recipient workspace's actions and their keys: triage, moves,
 * search, assignment, exports, refresh. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-assign-menu.h"
#include "chorus-detail-loader.h"
#include "chorus-plain-text.h"
#include "chorus-recipient-actions.h"
#include "chorus-recipient-export.h"
#include "chorus-recipient-workspace-private.h"
#include "chorus-sync-status.h"

/* The triage keys (also in help-overlay.ui): single keys for the frequent changes that are easy to
 * undo or that open a dialog; Shift for the steps Chorus Pro cannot take back, which ask first. */
static const struct {
  ChorusStatus    status;
  guint           key;
  GdkModifierType modifiers;
} process_keys[] = {
  { CHORUS_STATUS_SERVICE_FAIT, GDK_KEY_s, 0 },
  { CHORUS_STATUS_REJETEE, GDK_KEY_x, 0 },
  { CHORUS_STATUS_SUSPENDUE, GDK_KEY_u, 0 },
  { CHORUS_STATUS_A_RECYCLER, GDK_KEY_R, GDK_SHIFT_MASK },
  { CHORUS_STATUS_MANDATEE, GDK_KEY_M, GDK_SHIFT_MASK },
  { CHORUS_STATUS_MISE_A_DISPOSITION_COMPTABLE, GDK_KEY_D, GDK_SHIFT_MASK },
  { CHORUS_STATUS_COMPTABILISEE, GDK_KEY_C, GDK_SHIFT_MASK },
  { CHORUS_STATUS_MISE_EN_PAIEMENT, GDK_KEY_P, GDK_SHIFT_MASK },
};

/* The letters these used to be on alone: a slip of the keyboard only earns a hint. */
static const struct {
  guint       key;
  const char *hint;
} guarded_keys[] = {
  { GDK_KEY_r, N_("To send back for recycling, press Shift+R") },
  { GDK_KEY_m, N_("To mandate, press Shift+M") },
  { GDK_KEY_d, N_("To make available to the accountant, press Shift+D") },
  { GDK_KEY_c, N_("To book, press Shift+C") },
  { GDK_KEY_p, N_("To issue the payment, press Shift+P") },
};

/* Actions ------------------------------------------------------------------------------------------ */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_sync_status_synchronize (self->sync_status);
}

static void
process_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _chorus_recipient_workspace_process (CHORUS_RECIPIENT_WORKSPACE (widget), (ChorusStatus) g_variant_get_int32 (parameter));
}

static void
key_hint_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  guint key = g_variant_get_uint32 (parameter);

  for (gsize i = 0; i < G_N_ELEMENTS (guarded_keys); i++)
    if (guarded_keys[i].key == key)
      chorus_toast_show_plain (widget, _(guarded_keys[i].hint));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_invoice_list_move (self->invoice_list, g_str_equal (action_name, "recipient.next") ? 1 : -1);
}

static void
open_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_detail_loader_flush (self->loader);
  chorus_invoice_detail_show_page (self->detail, "pdf");
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  GtkWidget *pdf = GTK_WIDGET (chorus_invoice_detail_get_pdf_view (self->detail));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Ctrl+F finds in the PDF while the PDF has the focus, in the list otherwise. */
  if (focus != NULL && (focus == pdf || gtk_widget_is_ancestor (focus, pdf)))
    gtk_widget_activate_action (pdf, "pdf.find", NULL);
  else
    chorus_filter_bar_focus_search (self->filter_bar);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_filter_bar_clear (self->filter_bar, TRUE);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;
  text = chorus_assign_invoices (self->store, ids, g_variant_get_string (parameter, NULL));
  chorus_toast_show_plain (widget, text);
  _chorus_recipient_workspace_reload (self);
  chorus_detail_loader_show_selection (self->loader, TRUE);
}

static void
open_invoice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_detail_loader_flush (self->loader);
  chorus_invoice_detail_show_page (self->detail, "summary");
  chorus_split_view_show_detail (self->split_view);
}

static void
copy_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);
  g_autofree char *numbers = NULL;

  if (self->store == NULL || (numbers = chorus_assign_menu_numbers (self->store, ids)) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), numbers);
  chorus_toast_show_plain (widget, ids->len == 1 ? _("Invoice number copied") : _("Invoice numbers copied"));
}

static void
refill_assign_menu (ChorusRecipientWorkspace *self)
{
  chorus_assign_menu_fill (self->assign_menu, self->store, "recipient.assign");
}

static void
refill_assign_menu_cb (GtkMenuButton *button,
                       gpointer       data)
{
  ChorusRecipientWorkspace *self = data;

  refill_assign_menu (self);
  /* The create-popup function replaces the popover: it is built again from the menu. */
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (self->assign_menu));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);

  chorus_recipient_export_csv_to_file (widget, self->invoice_list, self->model, self->store);
}

static void
download_pdfs_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ChorusRecipientWorkspace *self = CHORUS_RECIPIENT_WORKSPACE (widget);
  g_autoptr(GArray) ids = chorus_invoice_list_get_selected_ids (self->invoice_list);

  chorus_recipient_export_pdfs_to_folder (widget, self->store, self->sync, ids, self->cancellable);
}

void
_chorus_recipient_workspace_init_menus (ChorusRecipientWorkspace *self)
{
  gtk_menu_button_set_menu_model (self->process_button, chorus_recipient_actions_get_menu (self->actions));
  self->assign_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->assign_button, G_MENU_MODEL (self->assign_menu));
  /* The handlers may have changed since: the menus are filled as they open. */
  gtk_menu_button_set_create_popup_func (self->assign_button, refill_assign_menu_cb, self, NULL);
  g_signal_connect_object (self->invoice_list, "row-menu-requested", G_CALLBACK (refill_assign_menu), self,
                           G_CONNECT_SWAPPED);
  {
    g_autoptr(GMenuModel) row_menu = chorus_assign_menu_new_row_menu (G_MENU_MODEL (self->assign_menu));
    g_autoptr(GMenu) process = g_menu_new ();

    /* The same status changes as the "Traiter" button, enabled as Chorus Pro allows. */
    g_menu_append_submenu (process, _("_Process"), chorus_recipient_actions_get_menu (self->actions));
    g_menu_insert_section (G_MENU (row_menu), 1, NULL, G_MENU_MODEL (process));
    chorus_invoice_list_set_row_menu (self->invoice_list, row_menu);
  }
}

void
_chorus_recipient_workspace_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "recipient.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "recipient.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "recipient.refresh", NULL);
  gtk_widget_class_install_action (widget_class, "recipient.next", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "recipient.next", NULL);
  gtk_widget_class_install_action (widget_class, "recipient.previous", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "recipient.previous", NULL);
  gtk_widget_class_install_action (widget_class, "recipient.open-pdf", NULL, open_pdf_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "recipient.open-pdf", NULL);
  gtk_widget_class_install_action (widget_class, "recipient.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "recipient.find", NULL);
  gtk_widget_class_install_action (widget_class, "recipient.export-csv", NULL, export_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "recipient.export-csv", NULL);
  gtk_widget_class_install_action (widget_class, "recipient.download-pdfs", NULL, download_pdfs_action);
  gtk_widget_class_install_action (widget_class, "recipient.assign", "s", assign_action);
  gtk_widget_class_install_action (widget_class, "recipient.open-invoice", NULL, open_invoice_action);
  gtk_widget_class_install_action (widget_class, "recipient.copy-number", NULL, copy_number_action);
  gtk_widget_class_install_action (widget_class, "recipient.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "recipient.process", "i", process_action);
  for (gsize i = 0; i < G_N_ELEMENTS (process_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, process_keys[i].key, process_keys[i].modifiers,
                                         "recipient.process", "i", (gint32) process_keys[i].status);
  gtk_widget_class_install_action (widget_class, "recipient.key-hint", "u", key_hint_action);
  for (gsize i = 0; i < G_N_ELEMENTS (guarded_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, guarded_keys[i].key, 0, "recipient.key-hint", "u",
                                         guarded_keys[i].key);
}
