/* chorus-test-ui.c: helpers shared by the UI tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "chorus-pdf-view-private.h"
#include "chorus-profile.h"

static gboolean
timeout_reached_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
chorus_test_wait_until (gboolean (*condition) (gpointer data),
                        gpointer   data,
                        guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_reached_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
chorus_test_settle (guint ms)
{
  chorus_test_wait_until (never, NULL, ms);
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_WINDOW (widget))
    return gtk_window_get_title (GTK_WINDOW (widget));
  return gtk_widget_get_name (widget);
}

GtkWidget *
chorus_test_find_widget (GtkWidget  *root,
                         GType       type,
                         const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (text == NULL || g_strcmp0 (widget_text (root), text) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = chorus_test_find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
toast_shows (GtkWidget  *root,
             GType       toast_type,
             const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, toast_type) && chorus_test_find_widget (root, GTK_TYPE_LABEL, text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (toast_shows (child, toast_type, text))
      return TRUE;
  return FALSE;
}

typedef struct {
  GtkWidget  *window;
  const char *text;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *wait = data;

  return toast_shows (wait->window, g_type_from_name ("AdwToastWidget"), wait->text);
}

gboolean
chorus_test_wait_toast (GtkWidget  *window,
                        const char *text,
                        guint       timeout_ms)
{
  ToastWait wait = { window, text };

  g_assert_true (g_type_from_name ("AdwToastWidget") != 0);
  return chorus_test_wait_until (toast_shown, &wait, timeout_ms);
}

GtkWidget *
chorus_test_find_named (GtkWidget  *root,
                        const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = chorus_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
chorus_test_template_child (GtkWidget  *root,
                            const char *id)
{
  GObject *object = gtk_widget_get_template_child (root, G_OBJECT_TYPE (root), id);

  if (object != NULL)
    return GTK_WIDGET (object);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = chorus_test_template_child (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

char *
chorus_test_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv ("CHORUS_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path;
  GskRenderer *renderer;
  int width = 0, height = 0;

  /* A widget has nothing to paint until its first frame; on a loaded machine that can take a
   * while, so wait for one (up to 10 s) rather than fail on timing. */
  for (guint tries = 0; node == NULL && tries < 200; tries++)
    {
      GtkSnapshot *snapshot;

      if (tries > 0)
        chorus_test_settle (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0 || !gtk_widget_get_mapped (widget))
        continue;
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (dir == NULL)
    dir = ".";
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

static gboolean
stall_tick (gpointer data)
{
  ChorusTestStallProbe *probe = data;
  gint64 now = g_get_monotonic_time ();

  probe->longest = MAX (probe->longest, now - probe->last);
  probe->last = now;
  return G_SOURCE_CONTINUE;
}

void
chorus_test_stall_probe_start (ChorusTestStallProbe *probe)
{
  probe->last = g_get_monotonic_time ();
  probe->longest = 0;
  probe->id = g_timeout_add (5, stall_tick, probe);
}

gint64
chorus_test_stall_probe_stop (ChorusTestStallProbe *probe)
{
  g_clear_handle_id (&probe->id, g_source_remove);
  stall_tick (probe);
  return probe->longest / 1000;
}

gboolean
chorus_test_pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
chorus_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
chorus_test_pdf_ready (gpointer data)
{
  return chorus_pdf_view_get_state (data) == CHORUS_PDF_VIEW_READY && chorus_pdf_view_page_is_sharp (data, 0);
}

gboolean
chorus_test_no_pending_action (gpointer data)
{
  ChorusTestActionWait *wait = data;

  return chorus_store_count_open_actions_for_invoice (wait->store, wait->id) == 0;
}

GtkWidget *
chorus_test_toast_button (GtkWidget  *window,
                          const char *label)
{
  GType toast_type = g_type_from_name ("AdwToastWidget");
  GtkWidget *toast;

  g_assert_true (toast_type != 0);
  toast = chorus_test_find_widget (window, toast_type, NULL);
  return toast ? chorus_test_find_widget (toast, GTK_TYPE_BUTTON, label) : NULL;
}

typedef struct {
  ChorusTestAppCheck  check;
  gpointer            data;
  gboolean            done;
} RunState;

static gboolean
window_is_shown (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_widget_get_width (GTK_WIDGET (window)) > 0;
}

const char *
chorus_test_press_shortcut (GtkWidget       *widget,
                            guint            keyval,
                            GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) pressed = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), pressed) ||
              !GTK_IS_NAMED_ACTION (action))
            continue;
          g_assert_true (gtk_shortcut_action_activate (action, 0, widget, gtk_shortcut_get_arguments (shortcut)));
          return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

static void
busy_notified (GObject *object, GParamSpec *pspec, gpointer data)
{
  gboolean busy;

  g_object_get (object, "busy", &busy, NULL);
  g_array_append_val ((GArray *) data, busy);
}

gulong
chorus_test_record_busy (gpointer  object,
                         GArray   *seen)
{
  return g_signal_connect (object, "notify::busy", G_CALLBACK (busy_notified), seen);
}

gboolean
chorus_test_busy_went_and_came_back (gpointer data)
{
  GArray *seen = data;

  return seen->len >= 2 && g_array_index (seen, gboolean, 0) && !g_array_index (seen, gboolean, seen->len - 1);
}

GtkWindow *
chorus_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
activated_cb (GApplication *app,
              RunState     *state)
{
  GtkWindow *dialog;

  g_assert_true (chorus_test_wait_until (window_is_shown, app, 10000));
  state->check (app, gtk_application_get_active_window (GTK_APPLICATION (app)), state->data);
  /* No error popped up that the check did not expect (and close). */
  chorus_test_settle (200);
  dialog = chorus_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  if (dialog != NULL)
    g_error ("unexpected dialog: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  state->done = TRUE;
  g_application_quit (app);
}

void
chorus_test_run_app (GApplication       *app,
                     const char         *arg,
                     ChorusTestAppCheck  check,
                     gpointer            data)
{
  RunState state = { check, data, FALSE };
  char *argv[] = { (char *) "chorus-desk", (char *) arg, NULL };
  gulong handler;

  g_application_set_flags (app, G_APPLICATION_NON_UNIQUE);
  handler = g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), &state);
  g_application_run (app, arg ? 2 : 1, argv);
  g_signal_handler_disconnect (app, handler);
  g_assert_true (state.done);
}

/* A notification server on the test's session bus, recording what the app sends. */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  GPtrArray *bodies = user_data;

  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      const char *body = NULL;

      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", bodies->len));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(['body', 'actions'],)"));
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "chorus", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

GPtrArray *
chorus_test_start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (bus);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, g_ptr_array_ref (bodies), (GDestroyNotify) g_ptr_array_unref, NULL);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                NULL, NULL, NULL, NULL);
  return bodies;
}

void
chorus_test_forget_profiles (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) ids = chorus_profile_list_ids ();

  for (guint i = 0; ids[i] != NULL; i++)
    chorus_profile_delete (ids[i]);
  g_settings_reset (settings, "current-profile");
}
