/* chorus-duplicates-list.c: an expander under the invoice's header, listing its likely duplicates. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-duplicates-list-private.h"
#include "chorus-duplicates.h"
#include "chorus-format.h"
#include "chorus-status.h"

struct _ChorusDuplicatesList
{
  GtkWidget    parent_instance;

  GtkListBox  *list;
  GtkWidget   *expander;   /* AdwExpanderRow */
  GPtrArray   *matches;
  GPtrArray   *rows;       /* the expander's rows, to remove them */
};

G_DEFINE_FINAL_TYPE (ChorusDuplicatesList, chorus_duplicates_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN_INVOICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
open_clicked_cb (GtkButton            *button,
                 ChorusDuplicatesList *self)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_INVOICE], 0, *(gint64 *) g_object_get_data (G_OBJECT (button), "chorus-id"));
}

void
chorus_duplicates_list_set (ChorusDuplicatesList *self,
                            ChorusStore          *store,
                            ChorusInvoice        *invoice)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (CHORUS_IS_DUPLICATES_LIST (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self->expander), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  if (store != NULL && invoice != NULL)
    candidates = chorus_store_find_duplicate_candidates (store, invoice, &error);
  if (candidates == NULL)
    {
      if (error != NULL)
        g_debug ("Duplicates of invoice %" G_GINT64_FORMAT ": %s", chorus_invoice_get_id (invoice), error->message);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  self->matches = chorus_duplicates_find (invoice, candidates);
  gtk_widget_set_visible (GTK_WIDGET (self), self->matches->len > 0);
  if (self->matches->len == 0)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u possible duplicate", "%u possible duplicates",
                                        self->matches->len), self->matches->len);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->expander),
                                 ((ChorusDuplicateMatch *) g_ptr_array_index (self->matches, 0))->reason);
  for (guint i = 0; i < self->matches->len; i++)
    {
      ChorusDuplicateMatch *match = g_ptr_array_index (self->matches, i);
      ChorusInvoice *candidate = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
      g_autofree char *row_title = NULL;
      g_autofree char *date = NULL;
      g_autofree char *amount = NULL;

      for (guint c = 0; c < candidates->len && candidate == NULL; c++)
        if (chorus_invoice_get_key (g_ptr_array_index (candidates, c)) == match->id)
          candidate = g_ptr_array_index (candidates, c);
      if (candidate != NULL)
        {
          date = chorus_date_format (chorus_invoice_get_invoice_date (candidate));
          amount = chorus_amount_format (chorus_invoice_get_amount_ttc (candidate),
                                         chorus_invoice_get_currency (candidate));
          /* TRANSLATORS: "FA-2026-0012 of 03/11/2026 · 1 234,56 € · Service fait" */
          row_title = g_strdup_printf (_("%s of %s · %s · %s"), match->number ? match->number : "—", date ? date : "—",
                                       amount, chorus_status_code_label (chorus_invoice_get_status_code (candidate)));
        }
      else
        row_title = g_strdup (match->number ? match->number : "—");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), match->reason);
      if (match->kind == CHORUS_DUPLICATE_EXACT)
        gtk_widget_add_css_class (row, "error");
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (open), "chorus-id", g_memdup2 (&match->id, sizeof match->id), g_free);
      g_signal_connect_object (open, "clicked", G_CALLBACK (open_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self->expander), row);
      g_ptr_array_add (self->rows, row);
    }
}

GPtrArray *
chorus_duplicates_list_get_matches (ChorusDuplicatesList *self)
{
  g_return_val_if_fail (CHORUS_IS_DUPLICATES_LIST (self), NULL);
  return self->matches;
}

static void
chorus_duplicates_list_dispose (GObject *object)
{
  ChorusDuplicatesList *self = CHORUS_DUPLICATES_LIST (object);

  g_clear_pointer ((GtkWidget **) &self->list, gtk_widget_unparent);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_duplicates_list_parent_class)->dispose (object);
}

static void
chorus_duplicates_list_class_init (ChorusDuplicatesListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_duplicates_list_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_OPEN_INVOICE] = g_signal_new ("open-invoice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
chorus_duplicates_list_init (ChorusDuplicatesList *self)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  self->rows = g_ptr_array_new ();
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  self->expander = adw_expander_row_new ();
  /* The reason quotes the supplier's invoice number: plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->expander), FALSE);
  gtk_widget_add_css_class (icon, "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (self->expander), icon);
  gtk_list_box_append (self->list, self->expander);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
chorus_duplicates_list_new (void)
{
  return g_object_new (CHORUS_TYPE_DUPLICATES_LIST, NULL);
}
