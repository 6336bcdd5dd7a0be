/* chorus-works-chain.c: one card per piece (A4 → A15 → A19 …), arrows between, who acts next, click to select. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-works-chain.h"

struct _ChorusWorksChain
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkWidget *box;
  GPtrArray *pieces;      /* ordered, owned */
  gint64     selected_id;
};

G_DEFINE_FINAL_TYPE (ChorusWorksChain, chorus_works_chain, GTK_TYPE_WIDGET)

enum { SIGNAL_PIECE_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A style class per status family, so colours follow the meaning. */
static const char *
status_class (const ChorusWorksPiece *piece)
{
  if (chorus_status_works_standing (piece->status) == CHORUS_WORKS_STANDING_REFUSED)
    return "error";
  if (chorus_status_works_is_sent_back (piece->status))
    return "warning";
  if (chorus_works_piece_holder (piece) != CHORUS_ROLE_UNKNOWN)
    return "accent";
  return "success";
}

static void
card_clicked_cb (GtkButton *button, ChorusWorksChain *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "piece-id");

  self->selected_id = id;
  for (GtkWidget *child = gtk_widget_get_first_child (self->box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      {
        gint64 *child_id = g_object_get_data (G_OBJECT (child), "piece-id");

        if (*child_id == id)
          gtk_widget_add_css_class (child, "selected-piece");
        else
          gtk_widget_remove_css_class (child, "selected-piece");
      }
  g_signal_emit (self, signals[SIGNAL_PIECE_SELECTED], 0, chorus_works_chain_get_selected (self));
}

static GtkWidget *
label_new (const char *text, const char *css_class, int lines)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_width_chars (GTK_LABEL (label), 22);
  /* Long labels ("Mise à disposition de la maîtrise d'ouvrage") wrap rather than cut. */
  if (lines > 1)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), lines);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
card_new (ChorusWorksChain *self, const ChorusWorksPiece *piece)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *status;
  g_autofree char *title = g_strdup_printf ("%s · %s", chorus_cadre_short_code (piece->cadre), piece->number ? piece->number : "");
  g_autofree char *amount = chorus_amount_format (piece->amount_ht, piece->currency);
  g_autofree char *amount_line = g_strdup_printf (_("%s excl. VAT"), amount);
  g_autofree char *date = chorus_date_format (piece->deposit_date);
  g_autofree char *date_line = date ? g_strdup_printf (_("Deposited on %s"), date) : NULL;
  g_autofree char *depositor = g_strdup_printf (_("By: %s"), chorus_role_label (chorus_works_cadre_depositor (piece->cadre)));
  ChorusRole holder = chorus_works_piece_holder (piece);
  gint64 *id = g_new (gint64, 1);

  *id = piece->id;
  g_object_set_data_full (G_OBJECT (button), "piece-id", id, g_free);
  gtk_box_append (GTK_BOX (box), label_new (title, "heading", 1));
  gtk_box_append (GTK_BOX (box), label_new (chorus_works_type_label (piece->type), "caption", 2));
  gtk_box_append (GTK_BOX (box), label_new (depositor, "dim-label", 1));
  gtk_box_append (GTK_BOX (box), label_new (amount_line, NULL, 1));
  if (date_line != NULL)
    gtk_box_append (GTK_BOX (box), label_new (date_line, "dim-label", 1));
  status = label_new (chorus_works_piece_status_label (piece), status_class (piece), 2);
  gtk_widget_add_css_class (status, "caption-heading");
  gtk_box_append (GTK_BOX (box), status);
  if (piece->status_comment != NULL && g_strcmp0 (status_class (piece), "success") != 0)
    gtk_box_append (GTK_BOX (box), label_new (piece->status_comment, "caption", 3));
  if (holder != CHORUS_ROLE_UNKNOWN)
    {
      /* Who holds the next step of the dossier. */
      g_autofree char *next = g_strdup_printf (_("Next step: %s"), chorus_role_label (holder));

      gtk_box_append (GTK_BOX (box), label_new (next, "accent", 2));
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "works-piece");
  if (piece->id == self->selected_id)
    gtk_widget_add_css_class (button, "selected-piece");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (card_clicked_cb), self);
  return button;
}

void
chorus_works_chain_set_pieces (ChorusWorksChain *self,
                               GPtrArray        *pieces,
                               gint64            selected_id)
{
  GtkWidget *child;

  g_return_if_fail (CHORUS_IS_WORKS_CHAIN (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_clear_pointer (&self->pieces, g_ptr_array_unref);
  self->selected_id = selected_id;
  self->pieces = pieces ? chorus_works_order_dossier (pieces)
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_works_piece_free);

  for (guint i = 0; i < self->pieces->len; i++)
    {
      const ChorusWorksPiece *piece = g_ptr_array_index (self->pieces, i);

      if (i > 0)
        {
          GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

          gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (arrow, "dim-label");
          gtk_box_append (GTK_BOX (self->box), arrow);
        }
      gtk_box_append (GTK_BOX (self->box), card_new (self, piece));
    }
}

GPtrArray *
chorus_works_chain_get_pieces (ChorusWorksChain *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_CHAIN (self), NULL);

  return self->pieces;
}

const ChorusWorksPiece *
chorus_works_chain_get_selected (ChorusWorksChain *self)
{
  g_return_val_if_fail (CHORUS_IS_WORKS_CHAIN (self), NULL);

  for (guint i = 0; self->pieces != NULL && i < self->pieces->len; i++)
    if (((ChorusWorksPiece *) g_ptr_array_index (self->pieces, i))->id == self->selected_id)
      return g_ptr_array_index (self->pieces, i);
  return NULL;
}

static void
chorus_works_chain_dispose (GObject *object)
{
  ChorusWorksChain *self = CHORUS_WORKS_CHAIN (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->pieces, g_ptr_array_unref);
  G_OBJECT_CLASS (chorus_works_chain_parent_class)->dispose (object);
}

static void
chorus_works_chain_class_init (ChorusWorksChainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_works_chain_dispose;

  /**
   * ChorusWorksChain::piece-selected:
   * @piece: (type ChorusWorksPiece): the piece clicked
   */
  signals[SIGNAL_PIECE_SELECTED] = g_signal_new ("piece-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                                 CHORUS_TYPE_WORKS_PIECE | G_SIGNAL_TYPE_STATIC_SCOPE);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "workschain");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
chorus_works_chain_init (ChorusWorksChain *self)
{
  self->scroller = gtk_scrolled_window_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
chorus_works_chain_new (void)
{
  return g_object_new (CHORUS_TYPE_WORKS_CHAIN, NULL);
}
