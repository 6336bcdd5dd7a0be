/* chorus-journal-window.c: the "Exchanges Journal" window: every exchange with Chorus Pro, for the user and the support. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-journal-window-private.h"
#include "chorus-plain-text.h"

/* Copied when nothing is selected: the newest of the listed exchanges. */
#define COPY_WITHOUT_SELECTION 50

struct _ChorusJournalWindow
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkSearchEntry     *search_entry;
  GtkCheckButton     *errors_check;
  GtkLabel           *count_label;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkColumnView      *column_view;
  GtkStack           *detail_stack;
  GtkLabel           *detail_title;
  GtkLabel           *detail_summary;
  GtkTextView        *request_view;
  GtkTextView        *response_view;

  ChorusJournal      *journal;
  char               *environment;
  char               *portal_url;    /* where the support's "Nous contacter" is */
  GListStore         *rows;          /* GtkStringObject holding the entry's id */
  GtkMultiSelection  *selection;
  GHashTable         *entries;       /* id (gint64*) -> ChorusJournalEntry, without bodies */
  gint64              shown_id;
};

G_DEFINE_FINAL_TYPE (ChorusJournalWindow, chorus_journal_window, ADW_TYPE_WINDOW)

typedef enum {
  COLUMN_TIME,
  COLUMN_OPERATION,
  COLUMN_HTTP,
  COLUMN_CODE,
  COLUMN_DURATION,
} Column;

static void
toast (ChorusJournalWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, chorus_toast_new_plain (text));
}

static char *
format_time (gint64 time, const char *format)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return when != NULL ? g_date_time_format (when, format) : g_strdup ("");
}

static ChorusJournalEntry *
entry_of_item (ChorusJournalWindow *self, gpointer item)
{
  gint64 id = g_ascii_strtoll (gtk_string_object_get_string (item), NULL, 10);

  return g_hash_table_lookup (self->entries, &id);
}

static char *
column_text (const ChorusJournalEntry *entry, Column column)
{
  switch (column)
    {
    case COLUMN_TIME:
      return format_time (entry->time, "%d/%m %H:%M:%S");
    case COLUMN_OPERATION:
      return g_strdup (entry->operation);
    case COLUMN_HTTP:
      /* Translators: no HTTP answer came (timeout, network) */
      return entry->http_status != 0 ? g_strdup_printf ("%u", entry->http_status) : g_strdup (_("none"));
    case COLUMN_CODE:
      return entry->has_code ? g_strdup_printf ("%" G_GINT64_FORMAT, entry->code) : g_strdup ("");
    case COLUMN_DURATION:
    default:
      /* Translators: a duration in milliseconds */
      return g_strdup_printf (_("%u ms"), entry->duration_ms);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The end of a path says the most: "…/rechercher/fournisseur". */
  gtk_label_set_ellipsize (GTK_LABEL (label), column == COLUMN_OPERATION ? PANGO_ELLIPSIZE_START : PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, ChorusJournalWindow *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  ChorusJournalEntry *entry = entry_of_item (self, gtk_list_item_get_item (item));
  g_autofree char *text = entry != NULL ? column_text (entry, column) : NULL;

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  if (entry != NULL && chorus_journal_entry_is_error (entry) && column != COLUMN_TIME)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
add_column (ChorusJournalWindow *self, const char *title, Column column, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

/* ---- detail ---- */

/* JSON laid out for reading; anything else (a cut body, an HTML page) as it is. */
static char *
readable_body (const char *body)
{
  g_autoptr(JsonNode) node = NULL;

  if (body == NULL || *body == '\0')
    return g_strdup (_("(empty)"));
  node = json_from_string (body, NULL);
  if (node == NULL)
    return g_strdup (body);
  return json_to_string (node, TRUE);
}

static char *
summary_text (const ChorusJournalEntry *entry)
{
  g_autofree char *when = format_time (entry->time, "%d/%m/%Y %H:%M:%S");
  g_autofree char *summary = chorus_journal_entry_summary (entry);

  if (entry->error != NULL)
    return g_strdup_printf ("%s · %s\n%s", when, summary, entry->error);
  return g_strdup_printf ("%s · %s", when, summary);
}

static void
show_entry (ChorusJournalWindow *self, gint64 id)
{
  g_autoptr(ChorusJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL, *summary = NULL, *request = NULL, *response = NULL;

  self->shown_id = id;
  if (id == 0 || (entry = chorus_journal_get (self->journal, id, &error)) == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  title = g_strdup_printf ("%s %s", entry->method != NULL ? entry->method : "", entry->operation);
  summary = summary_text (entry);
  request = readable_body (entry->request);
  response = readable_body (entry->response);
  gtk_label_set_text (self->detail_title, title);
  gtk_label_set_text (self->detail_summary, summary);
  if (chorus_journal_entry_is_error (entry))
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_summary), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_summary), "error");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->request_view), request, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->response_view), response, -1);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

/* The ids of the selected rows, newest first. */
static GArray *
selected_ids (ChorusJournalWindow *self)
{
  g_autoptr(GtkBitset) bits = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, bits, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
      gint64 id = g_ascii_strtoll (gtk_string_object_get_string (item), NULL, 10);

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
selection_changed_cb (GtkSelectionModel *model, guint position, guint n_items, ChorusJournalWindow *self)
{
  g_autoptr(GArray) ids = selected_ids (self);

  show_entry (self, ids->len > 0 ? g_array_index (ids, gint64, 0) : 0);
}

/* ---- the list ---- */

static void
reload (ChorusJournalWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keep = selected_ids (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *count = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean errors_only = gtk_check_button_get_active (self->errors_check);
  guint total = chorus_journal_count (self->journal);

  entries = chorus_journal_list (self->journal, errors_only, text, CHORUS_JOURNAL_MAX_ENTRIES, FALSE, &error);
  if (entries == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_hash_table_remove_all (self->entries);
  for (guint i = 0; i < entries->len; i++)
    {
      ChorusJournalEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);

      g_ptr_array_add (items, gtk_string_object_new (id));
      g_hash_table_insert (self->entries, g_memdup2 (&entry->id, sizeof entry->id), g_steal_pointer (&g_ptr_array_index (entries, i)));
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);

  /* The selection stays on the same exchanges. */
  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = g_ascii_strtoll (gtk_string_object_get_string (g_ptr_array_index (items, i)), NULL, 10);

      for (guint k = 0; k < keep->len; k++)
        if (g_array_index (keep, gint64, k) == id)
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, FALSE);
    }
  if (keep->len == 0 || !g_hash_table_contains (self->entries, &self->shown_id))
    show_entry (self, 0);

  if (entries->len == total)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exchange", "%u exchanges", total), total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u exchange", "%u of %u exchanges", total),
                             entries->len, total);
  gtk_label_set_text (self->count_label, count);
  if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.copy", entries->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.export", entries->len > 0);
}

static void
filters_changed_cb (ChorusJournalWindow *self)
{
  reload (self);
}

guint
chorus_journal_window_get_n_rows (ChorusJournalWindow *self)
{
  g_return_val_if_fail (CHORUS_IS_JOURNAL_WINDOW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

/* ---- for the support ---- */

/* The exchanges with their bodies: @ids, or the first @limit listed when @ids is empty. */
static GPtrArray *
entries_with_bodies (ChorusJournalWindow *self, GArray *ids, guint limit)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) chorus_journal_entry_free);
  guint n = ids->len > 0 ? ids->len : MIN (limit, g_list_model_get_n_items (G_LIST_MODEL (self->rows)));

  for (guint i = 0; i < n; i++)
    {
      gint64 id;
      ChorusJournalEntry *entry;

      if (ids->len > 0)
        id = g_array_index (ids, gint64, i);
      else
        {
          g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

          id = g_ascii_strtoll (gtk_string_object_get_string (item), NULL, 10);
        }
      entry = chorus_journal_get (self->journal, id, NULL);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }
  return entries;
}

char *
chorus_journal_window_support_text (ChorusJournalWindow *self)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (CHORUS_IS_JOURNAL_WINDOW (self), NULL);

  ids = selected_ids (self);
  entries = entries_with_bodies (self, ids, COPY_WITHOUT_SELECTION);
  return chorus_journal_format_for_support (entries, PACKAGE_VERSION, self->environment);
}

static void
copy_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusJournalWindow *self = CHORUS_JOURNAL_WINDOW (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  g_autofree char *text = chorus_journal_window_support_text (self);
  guint n = ids->len > 0 ? ids->len : MIN (COPY_WITHOUT_SELECTION, chorus_journal_window_get_n_rows (self));
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u exchange copied, without passwords, tokens or files",
                                                           "%u exchanges copied, without passwords, tokens or files",
                                                           n), n);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast (self, message);
}

/* A sollicitation is entered on the portal (no confirmed API operation): the window says where
 * and what to give, copies the exchanges and opens the portal. */
static void
sollicitation_response_cb (AdwMessageDialog *dialog, const char *response, ChorusJournalWindow *self)
{
  if (g_strcmp0 (response, "copy") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "journal.copy", NULL);
  else if (g_strcmp0 (response, "portal") == 0)
    gtk_show_uri (GTK_WINDOW (self), self->portal_url, GDK_CURRENT_TIME);
}

static void
sollicitation_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusJournalWindow *self = CHORUS_JOURNAL_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Ask the Chorus Pro Support"),
                                   _("Questions about your account, a structure or a blocked invoice go to the Chorus Pro support as a “sollicitation”: on the portal, menu “Support”, then “Nous contacter”. Give the invoice number, the recipient’s SIRET and the deposit date, and paste the copy of the exchanges: it shows what Chorus Pro answered, without passwords, tokens or files."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), "copy", _("_Copy the Exchanges"),
                                    "portal", _("_Open the Portal"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "portal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "portal");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sollicitation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
chorus_journal_window_set_portal_url (ChorusJournalWindow *self,
                                      const char          *url)
{
  g_return_if_fail (CHORUS_IS_JOURNAL_WINDOW (self));
  g_return_if_fail (url != NULL);

  g_free (self->portal_url);
  self->portal_url = g_strdup (url);
}

static void
export_response_cb (GtkNativeDialog *dialog, int response, ChorusJournalWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;
  /* The whole list as shown, filters included. */
  entries = entries_with_bodies (self, none, G_MAXUINT);
  text = chorus_journal_format_for_support (entries, PACKAGE_VERSION, self->environment);
  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    message = g_strdup_printf (_("The journal could not be saved: %s"), error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (file);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exchange saved in “%s”",
                                              "%u exchanges saved in “%s”", entries->len), entries->len, name);
    }
  toast (self, message);
}

static void
export_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ChorusJournalWindow *self = CHORUS_JOURNAL_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M");
  /* Translators: the name offered when saving the journal; keep it a valid file name */
  g_autofree char *name = g_strdup_printf (_("chorus-desk-exchanges-%s.txt"), stamp);

  dialog = gtk_file_chooser_native_new (_("Export the Exchanges Journal"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
find_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CHORUS_JOURNAL_WINDOW (widget)->search_entry));
}

/* ---- object ---- */

static void
chorus_journal_window_dispose (GObject *object)
{
  ChorusJournalWindow *self = CHORUS_JOURNAL_WINDOW (object);

  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_clear_object (&self->journal);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_JOURNAL_WINDOW);
  G_OBJECT_CLASS (chorus_journal_window_parent_class)->dispose (object);
}

static void
chorus_journal_window_finalize (GObject *object)
{
  ChorusJournalWindow *self = CHORUS_JOURNAL_WINDOW (object);

  g_clear_object (&self->rows);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_free (self->environment);
  g_free (self->portal_url);
  G_OBJECT_CLASS (chorus_journal_window_parent_class)->finalize (object);
}

static void
chorus_journal_window_class_init (ChorusJournalWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_journal_window_dispose;
  object_class->finalize = chorus_journal_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-journal-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, errors_check);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, detail_summary);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, request_view);
  gtk_widget_class_bind_template_child (widget_class, ChorusJournalWindow, response_view);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);

  gtk_widget_class_install_action (widget_class, "journal.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "journal.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "journal.find", NULL, find_activated);
  gtk_widget_class_install_action (widget_class, "journal.sollicitation", NULL, sollicitation_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "journal.find", NULL);
}

static void
chorus_journal_window_init (ChorusJournalWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->portal_url = g_strdup (CHORUS_PORTAL_URL);
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) chorus_journal_entry_free);
  self->rows = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  add_column (self, _("Time"), COLUMN_TIME, FALSE);
  add_column (self, _("Operation"), COLUMN_OPERATION, TRUE);
  add_column (self, _("HTTP"), COLUMN_HTTP, FALSE);
  add_column (self, _("Return Code"), COLUMN_CODE, FALSE);
  add_column (self, _("Duration"), COLUMN_DURATION, FALSE);
}

GtkWidget *
chorus_journal_window_new (GtkWindow     *parent,
                           ChorusJournal *journal,
                           const char    *environment)
{
  ChorusJournalWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CHORUS_IS_JOURNAL (journal), NULL);

  self = g_object_new (CHORUS_TYPE_JOURNAL_WINDOW, "transient-for", parent, NULL);
  self->journal = g_object_ref (journal);
  self->environment = g_strdup (environment);
  adw_window_title_set_subtitle (self->window_title, environment != NULL ? environment : "");
  g_signal_connect_swapped (journal, "changed", G_CALLBACK (reload), self);
  reload (self);
  return GTK_WIDGET (self);
}
