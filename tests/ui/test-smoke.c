/* test-smoke.c: starts the real application, checks its main window and menu, takes a screenshot. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chorus-application.h"
#include "chorus-test-ui.h"
#include "chorus-window.h"

typedef struct {
  ChorusApplication *app;
  gboolean           checked;
} SmokeState;

static gboolean
window_is_shown (gpointer data)
{
  SmokeState *state = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (state->app));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         gtk_widget_get_width (GTK_WIDGET (window)) > 0;
}

static void
check_window (SmokeState *state)
{
  GtkWindow *window;
  g_autofree char *shot = NULL;
  const char *expected_description = g_getenv ("CHORUS_EXPECT_DESCRIPTION");

  g_assert_true (chorus_test_wait_until (window_is_shown, state, 10000));
  window = gtk_application_get_active_window (GTK_APPLICATION (state->app));
  g_assert_true (CHORUS_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Chorus Desk");

  /* The app menu's actions must all be live, not greyed-out entries. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (state->app), "about"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (state->app), "quit"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));

  if (expected_description != NULL)
    g_assert_nonnull (chorus_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, expected_description));

  chorus_test_settle (300);
  shot = chorus_test_screenshot (GTK_WIDGET (window), g_getenv ("CHORUS_SCREENSHOT_NAME") ?: "main-window");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  state->checked = TRUE;
}

static void
activated_cb (GApplication *app,
              SmokeState   *state)
{
  check_window (state);
  g_application_quit (app);
}

static void
test_main_window (void)
{
  SmokeState state = { 0 };
  char *argv[] = { (char *) "chorus-desk", NULL };

  state.app = chorus_application_new ();
  g_application_set_flags (G_APPLICATION (state.app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (state.app, "activate", G_CALLBACK (activated_cb), &state);
  g_application_run (G_APPLICATION (state.app), 1, argv);
  g_assert_true (state.checked);
  g_clear_object (&state.app);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/smoke/main-window", test_main_window);
  return g_test_run ();
}
