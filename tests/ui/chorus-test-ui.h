/* chorus-test-ui.h: helpers shared by the UI tests (main loop waits, widget lookup, screenshots). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chorus-store.h"

#include "chorus-test-util.h"

G_BEGIN_DECLS

/* Iterates the default main context until @condition returns TRUE or @timeout_ms passes. */
gboolean   chorus_test_wait_until      (gboolean (*condition) (gpointer data),
                                        gpointer   data,
                                        guint      timeout_ms);
/* Conditions for chorus_test_wait_until(): *(gpointer *) @data is set; *(gboolean *) @data is TRUE. */
gboolean   chorus_test_pointer_is_set  (gpointer   data);
gboolean   chorus_test_flag_is_set     (gpointer   data);
/* The ChorusPdfView @data shows its first page, sharp. */
gboolean   chorus_test_pdf_ready       (gpointer   data);
/* The invoice of the ChorusTestActionWait @data has no action left to send. */
typedef struct {
  ChorusStore *store;
  gint64       id;
} ChorusTestActionWait;
gboolean   chorus_test_no_pending_action (gpointer data);
/* Iterates the main context for @ms milliseconds, so layouts and frames settle. */
void       chorus_test_settle          (guint      ms);
/* First descendant of @root of type @type whose name/label/title matches @text (NULL: any). */
GtkWidget *chorus_test_find_widget     (GtkWidget *root,
                                        GType      type,
                                        const char *text);
/* The button labelled @label of the toast shown in @window (other buttons may have that label). */
GtkWidget *chorus_test_toast_button    (GtkWidget  *window,
                                        const char *label);
/* Waits until a toast of @window shows @text (toasts wait their turn); FALSE after @timeout_ms. */
gboolean   chorus_test_wait_toast      (GtkWidget  *window,
                                        const char *text,
                                        guint       timeout_ms);
/* First descendant of @root (or @root) whose widget name (gtk_widget_set_name) is @name. */
GtkWidget *chorus_test_find_named      (GtkWidget  *root,
                                        const char *name);
/* The template child @id of @root or, when @root's template has none, of a descendant built from
 * a template of its own (a wizard's pages). */
GtkWidget *chorus_test_template_child  (GtkWidget  *root,
                                        const char *id);
/* Measures the longest time the main loop went without running a 5 ms timer: what a user feels
 * as a frozen window. */
typedef struct {
  gint64 last;
  gint64 longest;
  guint  id;
} ChorusTestStallProbe;

void       chorus_test_stall_probe_start (ChorusTestStallProbe *probe);
/* In milliseconds. */
gint64     chorus_test_stall_probe_stop  (ChorusTestStallProbe *probe);
/* Runs @app (with one command-line argument @arg, or none), calls @check once its active window
 * is shown, then quits it; fails when a message dialog is left open that @check did not close. */
typedef void (*ChorusTestAppCheck) (GApplication *app,
                                    GtkWindow    *window,
                                    gpointer      data);
void       chorus_test_run_app         (GApplication       *app,
                                        const char         *arg,
                                        ChorusTestAppCheck  check,
                                        gpointer            data);
/* Owns org.freedesktop.Notifications on the session bus; returns the array (char *) it adds
 * the body of every notification to. Needs a session bus. */
GPtrArray *chorus_test_start_notification_server (void);
/* No saved profile and none current: the application starts on its welcome page. */
void       chorus_test_forget_profiles (void);
/* Presses @keyval with @modifiers on @widget as far as its class shortcuts go: the action bound to
 * the key is activated on @widget and its name returned; NULL when no shortcut of the class takes it. */
const char *chorus_test_press_shortcut (GtkWidget       *widget,
                                        guint            keyval,
                                        GdkModifierType  modifiers);
/* Appends each value the gboolean property "busy" of @object takes to @seen (gboolean); the
 * handler's id. */
gulong      chorus_test_record_busy    (gpointer         object,
                                        GArray          *seen);
/* Condition on such a GArray: "busy" went TRUE first and is FALSE last. */
gboolean    chorus_test_busy_went_and_came_back (gpointer data);
/* A visible toplevel window of @type, or NULL. */
GtkWindow *chorus_test_find_toplevel   (GType      type);
/* Renders @widget to <CHORUS_SCREENSHOT_DIR>/<name>.png and returns the path. */
char      *chorus_test_screenshot      (GtkWidget *widget,
                                        const char *name);

G_END_DECLS
