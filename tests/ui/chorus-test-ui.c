/* chorus-test-ui.c: helpers shared by the UI tests. */
#include "chorus-test-ui.h"

#include <glib/gstdio.h>

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
