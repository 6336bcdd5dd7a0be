/* chorus-unreadable-banner.c: tells that list items could not be read, and shows them raw with their reason. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-store-unreadable.h"
#include "chorus-unreadable-banner.h"

struct _ChorusUnreadableBanner
{
  AdwBin           parent_instance;

  GtkRevealer     *revealer;
  GtkLabel        *label;

  ChorusDirection  direction;
  ChorusSync      *sync;
  GtkWindow       *window;     /* the list of items, while open */
  GtkBox          *items_box;
};

G_DEFINE_FINAL_TYPE (ChorusUnreadableBanner, chorus_unreadable_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DIRECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static ChorusStore *
get_store (ChorusUnreadableBanner *self)
{
  return self->sync != NULL ? chorus_sync_get_store (self->sync) : NULL;
}

void
chorus_unreadable_banner_refresh (ChorusUnreadableBanner *self)
{
  ChorusStore *store;
  guint count;
  g_autofree char *text = NULL;

  g_return_if_fail (CHORUS_IS_UNREADABLE_BANNER (self));

  store = get_store (self);
  count = store != NULL ? chorus_store_count_unreadable_items (store, self->direction) : 0;
  if (count > 0)
    {
      text = g_strdup_printf (ngettext ("%u invoice could not be read: Chorus Pro sent it in a form "
                                        "the app does not understand. The others were updated.",
                                        "%u invoices could not be read: Chorus Pro sent them in a "
                                        "form the app does not understand. The others were updated.",
                                        count),
                              count);
      gtk_label_set_text (self->label, text);
    }
  gtk_revealer_set_reveal_child (self->revealer, count > 0);
}

/* --- the window listing the items ---------------------------------------------------- */

static char *
pretty_json (const char *raw)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;

  if (raw == NULL || !json_parser_load_from_data (parser, raw, -1, NULL))
    return g_strdup (raw ? raw : "");
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/* What "Copier" puts on the clipboard: enough for the support to see what Chorus Pro sent. */
static char *
support_text (const ChorusStoredUnreadable *stored)
{
  g_autofree char *json = pretty_json (stored->item->raw_json);

  return g_strdup_printf (_("Reason: %s\nOperation: %s (%s)\nSeen: %s\n\n%s\n"),
                          stored->item->reason, stored->item->operation,
                          stored->item->list ? stored->item->list : "", stored->last_seen, json);
}

static char *
seen_text (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (local == NULL)
    return g_strdup (iso ? iso : "");
  day = g_date_time_format (local, "%d/%m/%Y");
  time = g_date_time_format (local, "%H:%M");
  /* Translators: last seen on <day> at <time> */
  return g_strdup_printf (_("Last sent on %s at %s"), day, time);
}

static void fill_items (ChorusUnreadableBanner *self);

static void
copy_clicked_cb (GtkButton *button, gpointer data)
{
  const char *text = g_object_get_data (G_OBJECT (button), "support-text");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  gtk_button_set_label (button, _("Copied"));
}

static void
forget_clicked_cb (GtkButton *button, ChorusUnreadableBanner *self)
{
  gint64 rowid = *(gint64 *) g_object_get_data (G_OBJECT (button), "rowid");
  g_autoptr(GError) error = NULL;
  ChorusStore *store = get_store (self);

  if (store != NULL && !chorus_store_forget_unreadable_item (store, rowid, &error))
    g_warning ("Could not remove an unreadable item: %s", error->message);
  fill_items (self);
  chorus_unreadable_banner_refresh (self);
}

static GtkWidget *
wrapped_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The reason can be selected and copied; the title needs not. */
  gtk_label_set_selectable (GTK_LABEL (label), g_strcmp0 (css_class, "heading") != 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* One item: what it is, why it could not be read, when, what was sent, and its two actions. */
static GtkWidget *
item_box (ChorusUnreadableBanner *self, ChorusStoredUnreadable *stored)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy"));
  GtkWidget *forget = gtk_button_new_with_mnemonic (_("_Remove"));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  g_autofree char *title = NULL;
  g_autofree char *seen = seen_text (stored->last_seen);
  g_autofree char *json = pretty_json (stored->item->raw_json);

  if (stored->item->number != NULL)
    title = g_strdup_printf (_("Invoice %s"), stored->item->number);
  else if (stored->item->id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, stored->item->id);

      title = g_strdup_printf (_("Invoice with Chorus Pro id %s"), id);
    }
  else
    title = g_strdup (_("Item without a number"));
  gtk_box_append (GTK_BOX (box), wrapped_label (title, "heading"));
  gtk_box_append (GTK_BOX (box), wrapped_label (stored->item->reason, NULL));
  gtk_box_append (GTK_BOX (box), wrapped_label (seen, "dim-label"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), json, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What Chorus Pro sent"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_set_margin_top (frame, 6);
  gtk_box_append (GTK_BOX (box), frame);

  gtk_widget_set_tooltip_text (copy, _("Copy the reason and what Chorus Pro sent, for the support"));
  g_object_set_data_full (G_OBJECT (copy), "support-text", support_text (stored), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  gtk_widget_set_tooltip_text (forget, _("Hide it until Chorus Pro sends it again"));
  g_object_set_data_full (G_OBJECT (forget), "rowid", g_memdup2 (&stored->rowid, sizeof stored->rowid), g_free);
  g_signal_connect (forget, "clicked", G_CALLBACK (forget_clicked_cb), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), forget);
  gtk_box_append (GTK_BOX (buttons), copy);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

static void
fill_items (ChorusUnreadableBanner *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  ChorusStore *store = get_store (self);
  GtkWidget *child;

  if (self->items_box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_box))) != NULL)
    gtk_box_remove (self->items_box, child);
  if (store != NULL)
    items = chorus_store_list_unreadable_items (store, self->direction, &error);
  if (items == NULL || items->len == 0)
    {
      GtkWidget *empty = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Every Invoice Could Be Read"));
      if (error != NULL)
        chorus_status_page_set_plain_description (ADW_STATUS_PAGE (empty), error->message);
      gtk_box_append (self->items_box, empty);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    gtk_box_append (self->items_box, item_box (self, g_ptr_array_index (items, i)));
}

/* Whether @window is still open: a window destroyed elsewhere may outlive its "destroy". */
static gboolean
is_open (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return TRUE;
    }
  return FALSE;
}

static void
window_destroyed_cb (ChorusUnreadableBanner *self)
{
  g_clear_weak_pointer (&self->window);
  self->items_box = NULL;
}

void
chorus_unreadable_banner_show_items (ChorusUnreadableBanner *self)
{
  GtkWidget *content, *header, *scroller, *clamp, *intro;
  GtkRoot *root;

  g_return_if_fail (CHORUS_IS_UNREADABLE_BANNER (self));

  if (self->window != NULL && is_open (self->window))
    {
      fill_items (self);
      gtk_window_present (self->window);
      return;
    }
  g_set_weak_pointer (&self->window, GTK_WINDOW (adw_window_new ()));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (self->window, GTK_WINDOW (root));
  gtk_window_set_modal (self->window, TRUE);
  gtk_window_set_title (self->window, _("Unreadable Invoices"));
  gtk_window_set_default_size (self->window, 720, 560);
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (window_destroyed_cb), self, G_CONNECT_SWAPPED);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (content), header);
  self->items_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_widget_set_margin_top (GTK_WIDGET (self->items_box), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->items_box), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->items_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->items_box), 12);
  intro = gtk_label_new (_("Chorus Pro sent these items in a form the app could not read, even "
                           "leniently. Nothing else was held back: the other invoices of the same "
                           "answer were updated. Copy an item to send it to the support."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  {
    GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

    gtk_widget_set_margin_top (intro, 18);
    gtk_widget_set_margin_start (intro, 12);
    gtk_widget_set_margin_end (intro, 12);
    gtk_box_append (GTK_BOX (column), intro);
    gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->items_box));
    adw_clamp_set_child (ADW_CLAMP (clamp), column);
  }
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self->window), content);
  fill_items (self);
  gtk_window_present (self->window);
}

static void
show_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  chorus_unreadable_banner_show_items (CHORUS_UNREADABLE_BANNER (widget));
}

/* --- object ------------------------------------------------------------------------- */

static void
pull_state_cb (ChorusUnreadableBanner *self)
{
  if (self->sync != NULL && !chorus_sync_get_pulling (self->sync))
    chorus_unreadable_banner_refresh (self);
}

void
chorus_unreadable_banner_set_sync (ChorusUnreadableBanner *self,
                                   ChorusSync             *sync)
{
  g_return_if_fail (CHORUS_IS_UNREADABLE_BANNER (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_swapped (sync, "state-changed", G_CALLBACK (pull_state_cb), self);
  chorus_unreadable_banner_refresh (self);
}

static void
chorus_unreadable_banner_dispose (GObject *object)
{
  ChorusUnreadableBanner *self = CHORUS_UNREADABLE_BANNER (object);

  if (self->window != NULL && is_open (self->window))
    gtk_window_destroy (self->window);
  g_clear_weak_pointer (&self->window);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  /* AdwBin unparents its child, the template's revealer: no gtk_widget_dispose_template(). */
  G_OBJECT_CLASS (chorus_unreadable_banner_parent_class)->dispose (object);
}

static void
chorus_unreadable_banner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ChorusUnreadableBanner *self = CHORUS_UNREADABLE_BANNER (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_int (value, self->direction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_unreadable_banner_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ChorusUnreadableBanner *self = CHORUS_UNREADABLE_BANNER (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      self->direction = chorus_direction_from_int (g_value_get_int (value));
      chorus_unreadable_banner_refresh (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chorus_unreadable_banner_class_init (ChorusUnreadableBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_unreadable_banner_dispose;
  object_class->get_property = chorus_unreadable_banner_get_property;
  object_class->set_property = chorus_unreadable_banner_set_property;

  /* 0 = received (the recipient's list), 1 = issued (the supplier's), 2 = to validate. */
  properties[PROP_DIRECTION] = g_param_spec_int ("direction", NULL, NULL, 0, 2, 0,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-unreadable-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusUnreadableBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, ChorusUnreadableBanner, label);
  gtk_widget_class_install_action (widget_class, "unreadable.show", NULL, show_action);
}

static void
chorus_unreadable_banner_init (ChorusUnreadableBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
chorus_unreadable_banner_new (ChorusDirection direction)
{
  return g_object_new (CHORUS_TYPE_UNREADABLE_BANNER, "direction", (int) direction, NULL);
}
