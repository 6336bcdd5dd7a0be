/* test-workspace-session.c: the recipient and supplier workspaces wired from one ChorusSession: F5 and
 * Ctrl+R refresh, "busy" around a pull, the counts against what the list shows, detaching and re-reading the
 * session (also after the demo's data were reset). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "chorus-filter-bar.h"
#include "chorus-invoice-list.h"
#include "chorus-recipient-workspace.h"
#include "chorus-session.h"
#include "chorus-supplier-workspace.h"
#include "chorus-sync.h"
#include "chorus-test-invoices.h"
#include "chorus-test-ui.h"

typedef struct {
  ChorusSession *session;
  GtkWidget     *window;
  GtkWidget     *workspace;
  GArray        *busy_changes;    /* gboolean: each "busy" value notified */
} Fixture;

static void
busy_cb (GObject    *workspace,
         GParamSpec *pspec,
         Fixture    *fixture)
{
  gboolean busy;

  g_object_get (workspace, "busy", &busy, NULL);
  g_array_append_val (fixture->busy_changes, busy);
}

static void
show (Fixture   *fixture,
      GtkWidget *workspace)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  g_autoptr(GError) error = NULL;

  fixture->session = chorus_session_new_demo (300, &error);
  g_assert_no_error (error);
  fixture->busy_changes = g_array_new (FALSE, FALSE, sizeof (gboolean));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 860);
  fixture->workspace = workspace;
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), workspace);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  g_signal_connect (workspace, "notify::busy", G_CALLBACK (busy_cb), fixture);
  g_object_set (workspace, "session", fixture->session, NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  chorus_test_settle (100);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->busy_changes, g_array_unref);
}

/* The shortcut of @widget's class triggered by @accel, or NULL. */
static GtkShortcut *
class_shortcut (GtkWidget  *widget,
                const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return g_steal_pointer (&shortcut);
        }
    }
  return NULL;
}

static gboolean
not_busy (gpointer data)
{
  gboolean busy;

  g_object_get (data, "busy", &busy, NULL);
  return !busy;
}

/* @accel is bound to @action_name; triggering it runs a pull from the simulator, with "busy" TRUE
 * then FALSE around it. */
static void
assert_refresh_key (Fixture    *fixture,
                    const char *accel,
                    const char *action_name)
{
  g_autoptr(GtkShortcut) shortcut = class_shortcut (fixture->workspace, accel);
  GtkShortcutAction *action;
  ChorusSync *sync = chorus_session_get_sync (fixture->session);
  g_autofree char *before = chorus_sync_get_last_sync (sync);
  g_autofree char *after = NULL;

  g_assert_nonnull (shortcut);
  action = gtk_shortcut_get_action (shortcut);
  g_assert_true (GTK_IS_NAMED_ACTION (action));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, action_name);

  g_assert_true (chorus_test_wait_until (not_busy, fixture->workspace, 60000));
  g_array_set_size (fixture->busy_changes, 0);
  g_assert_true (gtk_shortcut_action_activate (action, GTK_SHORTCUT_ACTION_EXCLUSIVE, fixture->workspace,
                                               gtk_shortcut_get_arguments (shortcut)));
  g_assert_cmpuint (fixture->busy_changes->len, >=, 1);
  g_assert_true (g_array_index (fixture->busy_changes, gboolean, 0));
  g_assert_true (chorus_test_wait_until (not_busy, fixture->workspace, 60000));
  g_assert_false (g_array_index (fixture->busy_changes, gboolean, fixture->busy_changes->len - 1));
  /* The pull did reach the simulator. */
  after = chorus_sync_get_last_sync (sync);
  g_assert_nonnull (after);
  g_assert_cmpstr (after, !=, before);
}

typedef struct {
  GListModel *rows;
  guint       min;
} RowsWait;

static gboolean
rows_at_least (gpointer data)
{
  RowsWait *wait = data;

  return g_list_model_get_n_items (wait->rows) >= wait->min;
}

static guint
count_property (GtkWidget  *workspace,
                const char *name)
{
  guint count;

  g_object_get (workspace, name, &count, NULL);
  return count;
}

/* Shows @group of @bar; once loaded, @count_name equals the rows of the list and the count the
 * filter bar shows on the group's tab. */
static void
assert_count_matches (Fixture           *fixture,
                      ChorusFilterBar   *bar,
                      ChorusInvoiceList *list,
                      ChorusStatusGroup  group,
                      const char        *count_name)
{
  GListModel *rows = G_LIST_MODEL (chorus_invoice_list_get_selection (list));

  chorus_filter_bar_set_group (bar, group);
  g_assert_true (chorus_test_wait_until (not_busy, fixture->workspace, 20000));
  chorus_test_settle (200);
  g_assert_cmpuint (count_property (fixture->workspace, count_name), >, 0);
  g_assert_cmpuint (count_property (fixture->workspace, count_name), ==, g_list_model_get_n_items (rows));
  g_assert_cmpuint (count_property (fixture->workspace, count_name), ==, chorus_filter_bar_get_count (bar, group));
}

/* NULL: nothing of the session shows; the same session again: its rows come back. */
static void
assert_detach_and_back (Fixture           *fixture,
                        ChorusInvoiceList *list,
                        const char        *count_name,
                        const char        *refresh)
{
  GListModel *rows = G_LIST_MODEL (chorus_invoice_list_get_selection (list));
  guint shown = g_list_model_get_n_items (rows);
  RowsWait wait = { rows, shown };

  g_assert_cmpuint (shown, >, 0);
  g_object_set (fixture->workspace, "session", NULL, NULL);
  {
    ChorusSession *now = NULL;

    g_object_get (fixture->workspace, "session", &now, NULL);
    g_assert_null (now);
  }
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpuint (count_property (fixture->workspace, count_name), ==, 0);
  /* Nothing to refresh without a session: the action starts no pull. */
  g_array_set_size (fixture->busy_changes, 0);
  gtk_widget_activate_action (fixture->workspace, refresh, NULL);
  chorus_test_settle (100);
  g_assert_cmpuint (fixture->busy_changes->len, ==, 0);
  g_assert_true (not_busy (fixture->workspace));

  g_object_set (fixture->workspace, "session", fixture->session, NULL);
  g_assert_true (chorus_test_wait_until (rows_at_least, &wait, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, shown);
  g_assert_cmpuint (count_property (fixture->workspace, count_name), >, 0);
}

/* After a reset the session holds a new, empty store: set again, the workspace shows it, and its
 * refresh fills it from the new simulator data. */
static void
assert_follows_reset (Fixture           *fixture,
                      ChorusInvoiceList *list,
                      const char        *refresh)
{
  GListModel *rows = G_LIST_MODEL (chorus_invoice_list_get_selection (list));
  ChorusStore *old_store = chorus_session_get_store (fixture->session);
  g_autoptr(GError) error = NULL;
  RowsWait wait = { rows, 1 };

  g_object_set (fixture->workspace, "session", NULL, NULL);
  g_assert_true (chorus_session_reset_simulated_data (fixture->session, &error));
  g_assert_no_error (error);
  g_assert_true (chorus_session_get_store (fixture->session) != old_store);
  g_object_set (fixture->workspace, "session", fixture->session, NULL);
  g_assert_true (chorus_test_wait_until (not_busy, fixture->workspace, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_true (gtk_widget_activate_action (fixture->workspace, refresh, NULL));
  g_assert_true (chorus_test_wait_until (rows_at_least, &wait, 60000));
}

/* What differs between the workspaces under test. */
typedef struct {
  GtkWidget         *(*new_workspace) (void);
  const char         *refresh;       /* the action F5 and Ctrl+R trigger */
  const char         *count;         /* the property counting what waits there */
  ChorusStatusGroup   group;         /* the filter bar's group it counts */
} WorkspaceKind;

static const WorkspaceKind recipient = {
  chorus_recipient_workspace_new, "recipient.refresh", "to-process", CHORUS_STATUS_GROUP_TO_PROCESS
};
static const WorkspaceKind supplier = {
  chorus_supplier_workspace_new, "supplier.refresh", "sent-back", CHORUS_STATUS_GROUP_SENT_BACK
};

static void
test_workspace (Fixture       *fixture,
                gconstpointer  data)
{
  const WorkspaceKind *kind = data;
  GtkWidget *workspace = kind->new_workspace ();
  ChorusInvoiceList *list = CHORUS_INVOICE_LIST (chorus_test_template_child (workspace, "invoice_list"));
  ChorusFilterBar *bar = CHORUS_FILTER_BAR (chorus_test_template_child (workspace, "filter_bar"));
  g_autoptr(ChorusSession) shown = NULL;

  show (fixture, workspace);
  g_object_get (workspace, "session", &shown, NULL);
  g_assert_true (shown == fixture->session);
  assert_refresh_key (fixture, "F5", kind->refresh);
  assert_refresh_key (fixture, "<Control>r", kind->refresh);
  assert_count_matches (fixture, bar, list, kind->group, kind->count);
  /* The count stays the group's while every invoice is shown. */
  chorus_filter_bar_set_group (bar, CHORUS_STATUS_GROUP_ALL);
  g_assert_true (chorus_test_wait_until (not_busy, workspace, 20000));
  chorus_test_settle (200);
  g_assert_cmpuint (count_property (workspace, kind->count), ==, chorus_filter_bar_get_count (bar, kind->group));
  g_assert_cmpuint (count_property (workspace, kind->count), <,
                    g_list_model_get_n_items (G_LIST_MODEL (chorus_invoice_list_get_selection (list))));
  assert_detach_and_back (fixture, list, kind->count, kind->refresh);
  assert_follows_reset (fixture, list, kind->refresh);
}

int
main (int argc, char *argv[])
{
  chorus_test_init_locale ("");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  chorus_test_load_style ();

  g_test_add ("/workspace-session/recipient", Fixture, &recipient, NULL, test_workspace, fixture_tear_down);
  g_test_add ("/workspace-session/supplier", Fixture, &supplier, NULL, test_workspace, fixture_tear_down);
  return g_test_run ();
}
