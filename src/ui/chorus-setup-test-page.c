/* chorus-setup-test-page.c: the setup wizard's connection test, step by step (token, account, structures).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-setup-test-page.h"

struct _ChorusSetupTestPage
{
  AdwPreferencesPage     parent_instance;

  /* Template widgets */
  AdwActionRow          *token_step_row;
  GtkStack              *token_step_state;
  AdwActionRow          *account_step_row;
  GtkStack              *account_step_state;
  AdwActionRow          *structure_step_row;
  GtkStack              *structure_step_state;
  GtkButton             *retest_button;

  /* State */
  ChorusConnectionCheck *check;    /* of the last test; NULL before */
  gboolean               tested;   /* the last test passed with the current credentials */
  gboolean               testing;
};

G_DEFINE_FINAL_TYPE (ChorusSetupTestPage, chorus_setup_test_page, ADW_TYPE_PREFERENCES_PAGE)

enum { SIGNAL_CHANGED, SIGNAL_RETEST, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
step_widgets (ChorusSetupTestPage  *self,
              ChorusCheckStep       step,
              AdwActionRow        **row,
              GtkStack            **state)
{
  switch (step)
    {
    case CHORUS_CHECK_STEP_TOKEN:
      *row = self->token_step_row;
      *state = self->token_step_state;
      break;
    case CHORUS_CHECK_STEP_ACCOUNT:
      *row = self->account_step_row;
      *state = self->account_step_state;
      break;
    case CHORUS_CHECK_STEP_STRUCTURE:
    case CHORUS_CHECK_N_STEPS:
    default:
      *row = self->structure_step_row;
      *state = self->structure_step_state;
      break;
    }
}

static void
step_changed_cb (ChorusConnectionCheck *check,
                 guint                  step,
                 ChorusSetupTestPage   *self)
{
  static const char * const state_names[] = { "pending", "running", "ok", "failed" };
  ChorusCheckState state = chorus_connection_check_get_state (check, step);
  const char *message = chorus_connection_check_get_message (check, step);
  const char *fix = chorus_connection_check_get_fix (check, step);
  g_autofree char *subtitle = NULL;
  AdwActionRow *row;
  GtkStack *stack;

  step_widgets (self, step, &row, &stack);
  gtk_stack_set_visible_child_name (stack, state_names[state]);
  if (message == NULL)
    subtitle = g_strdup (_("Not run yet"));
  else if (fix != NULL)
    subtitle = g_strdup_printf (_("%s\nWhat to do: %s"), message, fix);
  else
    subtitle = g_strdup (message);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChorusSetupTestPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = chorus_connection_check_run_finish (CHORUS_CONNECTION_CHECK (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (CHORUS_CONNECTION_CHECK (source) != self->check)
    return;

  self->testing = FALSE;
  self->tested = ok;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retest_button), TRUE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
retest_clicked_cb (ChorusSetupTestPage *self)
{
  g_signal_emit (self, signals[SIGNAL_RETEST], 0);
}

static void
chorus_setup_test_page_dispose (GObject *object)
{
  ChorusSetupTestPage *self = CHORUS_SETUP_TEST_PAGE (object);

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  G_OBJECT_CLASS (chorus_setup_test_page_parent_class)->dispose (object);
}

static void
chorus_setup_test_page_class_init (ChorusSetupTestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chorus_setup_test_page_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RETEST] = g_signal_new ("retest", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-test-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ChorusSetupTestPage, name)
  BIND (token_step_row);
  BIND (token_step_state);
  BIND (account_step_row);
  BIND (account_step_state);
  BIND (structure_step_row);
  BIND (structure_step_state);
  BIND (retest_button);
#undef BIND
}

static void
chorus_setup_test_page_init (ChorusSetupTestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->retest_button, "clicked", G_CALLBACK (retest_clicked_cb), self);
}

void
chorus_setup_test_page_run (ChorusSetupTestPage   *self,
                            ChorusConnectionCheck *check,
                            GCancellable          *cancellable)
{
  g_return_if_fail (CHORUS_IS_SETUP_TEST_PAGE (self));
  g_return_if_fail (CHORUS_IS_CONNECTION_CHECK (check));

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_set_object (&self->check, check);
  g_signal_connect (self->check, "step-changed", G_CALLBACK (step_changed_cb), self);
  for (guint step = 0; step < CHORUS_CHECK_N_STEPS; step++)
    step_changed_cb (self->check, step, self);

  self->testing = TRUE;
  self->tested = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retest_button), FALSE);
  chorus_connection_check_run_async (self->check, cancellable, test_done_cb, g_object_ref (self));
}

void
chorus_setup_test_page_stop (ChorusSetupTestPage *self)
{
  g_return_if_fail (CHORUS_IS_SETUP_TEST_PAGE (self));
  self->testing = FALSE;
}

void
chorus_setup_test_page_invalidate (ChorusSetupTestPage *self)
{
  g_return_if_fail (CHORUS_IS_SETUP_TEST_PAGE (self));
  self->tested = FALSE;
}

gboolean
chorus_setup_test_page_is_tested (ChorusSetupTestPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_TEST_PAGE (self), FALSE);
  return self->tested;
}

gboolean
chorus_setup_test_page_is_testing (ChorusSetupTestPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_TEST_PAGE (self), FALSE);
  return self->testing;
}

ChorusConnectionCheck *
chorus_setup_test_page_get_check (ChorusSetupTestPage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_TEST_PAGE (self), NULL);
  return self->check;
}
