/* chorus-setup-piste-page.c: the setup wizard's page for the PISTE application (client ID and secret).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-plain-text.h"
#include "chorus-setup-piste-page.h"
#include "chorus-setup-rows.h"
#include "chorus-sim.h"

struct _ChorusSetupPistePage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *piste_group;
  AdwEntryRow         *client_id_row;
  AdwPasswordEntryRow *client_secret_row;
  GtkLabel            *piste_error;

  /* State */
  char                *description;  /* the group's own, when not in training */
};

G_DEFINE_FINAL_TYPE (ChorusSetupPistePage, chorus_setup_piste_page, ADW_TYPE_PREFERENCES_PAGE)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
credentials_changed_cb (ChorusSetupPistePage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
chorus_setup_piste_page_finalize (GObject *object)
{
  ChorusSetupPistePage *self = CHORUS_SETUP_PISTE_PAGE (object);

  g_free (self->description);
  G_OBJECT_CLASS (chorus_setup_piste_page_parent_class)->finalize (object);
}

static void
chorus_setup_piste_page_class_init (ChorusSetupPistePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = chorus_setup_piste_page_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/chorus-setup-piste-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupPistePage, piste_group);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupPistePage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupPistePage, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, ChorusSetupPistePage, piste_error);
}

static void
chorus_setup_piste_page_init (ChorusSetupPistePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->description = g_strdup (adw_preferences_group_get_description (self->piste_group));
  g_signal_connect_swapped (self->client_id_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect_swapped (self->client_secret_row, "changed", G_CALLBACK (credentials_changed_cb), self);
  g_signal_connect (self->client_id_row, "changed", G_CALLBACK (chorus_setup_field_changed_cb), self->piste_error);
  g_signal_connect (self->client_secret_row, "changed", G_CALLBACK (chorus_setup_field_changed_cb), self->piste_error);
}

char *
chorus_setup_piste_page_dup_client_id (ChorusSetupPistePage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self), NULL);
  return chorus_setup_entry_text (self->client_id_row);
}

const char *
chorus_setup_piste_page_get_secret (ChorusSetupPistePage *self)
{
  g_return_val_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row));
}

void
chorus_setup_piste_page_set_client_id (ChorusSetupPistePage *self,
                                       const char           *client_id)
{
  g_return_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);
}

void
chorus_setup_piste_page_load_secret (ChorusSetupPistePage *self,
                                     ChorusProfile        *profile,
                                     GCancellable         *cancellable)
{
  g_return_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self));
  chorus_setup_load_secret (chorus_profile_get_id (profile), CHORUS_SECRET_CLIENT_SECRET,
                            GTK_EDITABLE (self->client_secret_row), cancellable);
}

void
chorus_setup_piste_page_set_training (ChorusSetupPistePage *self,
                                      gboolean              training)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self));

  if (training)
    description = g_strdup_printf (_("Training environment: type the client ID “%s” and the client secret “%s”, as you would copy them from your PISTE application."),
                                   CHORUS_SIM_CLIENT_ID, CHORUS_SIM_CLIENT_SECRET);
  chorus_preferences_group_set_plain_description (self->piste_group, training ? description : self->description);
}

void
chorus_setup_piste_page_apply_locks (ChorusSetupPistePage *self,
                                     ChorusProfile        *profile)
{
  g_return_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self));
  if (!chorus_profile_key_is_writable (profile, "client-id"))
    chorus_setup_lock_row (GTK_WIDGET (self->client_id_row));
}

gboolean
chorus_setup_piste_page_validate (ChorusSetupPistePage *self)
{
  g_autofree char *client_id = NULL;
  const char *secret;
  const char *message = NULL;

  g_return_val_if_fail (CHORUS_IS_SETUP_PISTE_PAGE (self), FALSE);

  client_id = chorus_setup_entry_text (self->client_id_row);
  secret = gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row));
  chorus_setup_mark_invalid (self->client_id_row, *client_id == '\0' || chorus_setup_has_whitespace (client_id));
  chorus_setup_mark_invalid (self->client_secret_row, *secret == '\0');
  if (*client_id == '\0' && *secret == '\0')
    message = _("Enter the client ID and the client secret of your PISTE application (piste.gouv.fr › My applications).");
  else if (*client_id == '\0')
    message = _("Enter the client ID of your PISTE application.");
  else if (chorus_setup_has_whitespace (client_id))
    message = _("The client ID contains a space: copy it again from PISTE, without spaces or line breaks.");
  else if (*secret == '\0')
    message = _("Enter the client secret of your PISTE application. It is shown next to the client ID in PISTE.");
  chorus_setup_show_error (self->piste_error, message);
  return message == NULL;
}
