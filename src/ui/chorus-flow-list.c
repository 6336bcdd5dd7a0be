/* chorus-flow-list.c: one expander per flux deposit: where it stands, then each refused invoice with what to fix. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chorus-flow-list-private.h"
#include "chorus-flow-report.h"
#include "chorus-format.h"
#include "chorus-json.h"

struct _ChorusFlowList
{
  GtkWidget     parent_instance;

  GtkListBox   *list;

  ChorusSync   *sync;
  GCancellable *cancellable;
  GHashTable   *rows;      /* action id (gint64 *) -> AdwExpanderRow, borrowed */
  GHashTable   *advice;    /* action id (gint64 *) -> GPtrArray of ChorusFlowAdvice */
  guint         busy;
};

G_DEFINE_FINAL_TYPE (ChorusFlowList, chorus_flow_list, GTK_TYPE_WIDGET)

static void fetch_report (ChorusFlowList *self, gint64 action_id);

static GtkWidget *
text_row (const char *title, const char *subtitle, const char *icon, const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      if (css_class != NULL)
        gtk_widget_add_css_class (image, css_class);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }
  return row;
}

static void
refresh_clicked_cb (GtkButton *button, ChorusFlowList *self)
{
  fetch_report (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "action-id"));
}

/* Rows under a deposit: the summary, each error explained, and the button that asks again. */
static void
fill_report (ChorusFlowList *self, AdwExpanderRow *expander, gint64 action_id, const ChorusFlowReport *report,
             const char *problem)
{
  GPtrArray *children = g_object_get_data (G_OBJECT (expander), "report-rows");
  GtkWidget *refresh;
  GtkWidget *row;

  for (guint i = 0; children != NULL && i < children->len; i++)
    adw_expander_row_remove (expander, g_ptr_array_index (children, i));
  children = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (expander), "report-rows", children, (GDestroyNotify) g_ptr_array_unref);

  if (report != NULL)
    {
      g_autofree char *summary = chorus_flow_report_summary (report);
      GPtrArray *explained = chorus_flow_report_explain (report);
      gboolean errors = chorus_flow_report_has_errors (report);

      row = text_row (summary, NULL, errors ? "dialog-warning-symbolic" : "emblem-ok-symbolic",
                      errors ? "warning" : "success");
      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (children, row);
      for (guint i = 0; i < explained->len; i++)
        {
          const ChorusFlowAdvice *advice = g_ptr_array_index (explained, i);
          g_autofree char *subtitle = g_strdup_printf ("%s\n→ %s", advice->detail, advice->advice);

          row = text_row (advice->title, subtitle, "dialog-error-symbolic", "error");
          adw_expander_row_add_row (expander, row);
          g_ptr_array_add (children, row);
        }
      g_hash_table_insert (self->advice, g_memdup2 (&action_id, sizeof action_id), explained);
      adw_expander_row_set_subtitle (expander, summary);
    }
  else if (problem != NULL)
    {
      row = text_row (problem, NULL, "dialog-information-symbolic", NULL);
      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (children, row);
    }

  refresh = gtk_button_new_with_mnemonic (_("_Ask Chorus Pro for the Report Again"));
  gtk_widget_set_halign (refresh, GTK_ALIGN_END);
  gtk_widget_set_valign (refresh, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (refresh, self->sync != NULL);
  g_object_set_data_full (G_OBJECT (refresh), "action-id", g_memdup2 (&action_id, sizeof action_id), g_free);
  g_signal_connect (refresh, "clicked", G_CALLBACK (refresh_clicked_cb), self);
  row = adw_action_row_new ();
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), refresh);
  adw_expander_row_add_row (expander, row);
  g_ptr_array_add (children, row);
}

typedef struct {
  ChorusFlowList *self;
  gint64          action_id;
} Fetch;

static void
report_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;
  ChorusFlowList *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusFlowReport) report = chorus_sync_fetch_flow_report_finish (CHORUS_SYNC (source), result, &error);
  AdwExpanderRow *expander;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->busy--;
      expander = g_hash_table_lookup (self->rows, &fetch->action_id);
      if (expander != NULL)
        {
          g_autofree char *problem = report == NULL
                                     ? g_strdup_printf (_("The report cannot be read now: %s"), error->message)
                                     : NULL;

          fill_report (self, expander, fetch->action_id, report, problem);
        }
    }
  g_object_unref (fetch->self);
  g_free (fetch);
}

static void
fetch_report (ChorusFlowList *self, gint64 action_id)
{
  Fetch *fetch;

  if (self->sync == NULL)
    return;
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->action_id = action_id;
  self->busy++;
  chorus_sync_fetch_flow_report_async (self->sync, action_id, self->cancellable, report_cb, fetch);
}

static void
add_deposit (ChorusFlowList *self, ChorusAction *action)
{
  g_autoptr(JsonObject) payload = chorus_json_parse_object (action->payload != NULL ? action->payload : "{}", -1, NULL);
  g_autoptr(JsonObject) result = chorus_json_parse_object (action->result != NULL ? action->result : "{}", -1, NULL);
  g_autofree char *path = NULL, *flow = NULL, *date = NULL;
  g_autofree char *base = NULL, *when = NULL, *subtitle = NULL;
  g_autoptr(ChorusFlowReport) report = NULL;
  GtkWidget *expander = adw_expander_row_new ();

  if (payload != NULL)
    chorus_json_get_string (payload, "pdfPath", &path, NULL);
  if (result != NULL)
    {
      chorus_json_get_string (result, "flowNumber", &flow, NULL);
      chorus_json_get_string (result, "date", &date, NULL);
    }
  base = path != NULL ? g_path_get_basename (path) : g_strdup (_("Flux"));
  when = chorus_date_format (date);
  if (action->state == CHORUS_ACTION_FAILED)
    subtitle = g_strdup_printf (_("Refused at the deposit: %s"), action->message ?: "");
  else if (flow == NULL)
    subtitle = g_strdup (_("Waiting to be sent to Chorus Pro…"));
  else
    subtitle = g_strdup_printf (_("Deposited on %s · flux %s"), when ?: "—", flow);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), base);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  gtk_list_box_append (self->list, expander);
  g_hash_table_insert (self->rows, g_memdup2 (&action->id, sizeof action->id), expander);

  if (flow != NULL && self->sync != NULL)
    report = chorus_sync_get_saved_flow_report (self->sync, action->id);
  if (flow != NULL)
    {
      g_autofree char *deposited = g_strdup_printf (_("Deposited on %s · flux %s"), when ?: "—", flow);

      fill_report (self, ADW_EXPANDER_ROW (expander), action->id, report,
                   report == NULL ? _("The report was not asked for yet.") : NULL);
      /* The state under the title, the deposit itself in the first line. */
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), deposited);
    }
}

void
chorus_flow_list_reload (ChorusFlowList *self)
{
  g_autoptr(GPtrArray) actions = NULL;
  GtkListBoxRow *row;

  g_return_if_fail (CHORUS_IS_FLOW_LIST (self));

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  g_hash_table_remove_all (self->rows);
  if (self->sync == NULL)
    return;
  actions = chorus_store_outbox_list_kind (chorus_sync_get_store (self->sync), CHORUS_ACTION_KIND_DEPOSIT_FLOW, NULL);
  for (guint i = actions != NULL ? actions->len : 0; i > 0; i--)
    add_deposit (self, g_ptr_array_index (actions, i - 1));
}

void
chorus_flow_list_show (ChorusFlowList *self,
                       gint64          action_id)
{
  AdwExpanderRow *expander;

  g_return_if_fail (CHORUS_IS_FLOW_LIST (self));

  if (action_id != 0 && !g_hash_table_contains (self->rows, &action_id))
    chorus_flow_list_reload (self);
  expander = g_hash_table_lookup (self->rows, &action_id);
  if (expander == NULL)
    return;
  adw_expander_row_set_expanded (expander, TRUE);
  fetch_report (self, action_id);
}

gboolean
chorus_flow_list_is_busy (ChorusFlowList *self)
{
  g_return_val_if_fail (CHORUS_IS_FLOW_LIST (self), FALSE);
  return self->busy > 0;
}

GPtrArray *
chorus_flow_list_get_advice (ChorusFlowList *self,
                             gint64          action_id)
{
  g_return_val_if_fail (CHORUS_IS_FLOW_LIST (self), NULL);
  return g_hash_table_lookup (self->advice, &action_id);
}

void
chorus_flow_list_set_sync (ChorusFlowList *self,
                           ChorusSync     *sync)
{
  g_return_if_fail (CHORUS_IS_FLOW_LIST (self));
  g_return_if_fail (sync == NULL || CHORUS_IS_SYNC (sync));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  g_set_object (&self->sync, sync);
  g_hash_table_remove_all (self->advice);
  chorus_flow_list_reload (self);
}

static void
chorus_flow_list_dispose (GObject *object)
{
  ChorusFlowList *self = CHORUS_FLOW_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHORUS_TYPE_FLOW_LIST);
  /* Children without an id are not unparented by the template. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->advice, g_hash_table_unref);
  G_OBJECT_CLASS (chorus_flow_list_parent_class)->dispose (object);
}

static void
chorus_flow_list_class_init (ChorusFlowListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_flow_list_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-flow-list.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusFlowList, list);
}

static void
chorus_flow_list_init (ChorusFlowList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->advice = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
chorus_flow_list_new (void)
{
  return g_object_new (CHORUS_TYPE_FLOW_LIST, NULL);
}
