/* chorus-delays-group.c: a combo row per recipient structure: "automatic" (its name, or the default
 * kind, decides) or the kind the user chooses, saved in payment-delay-structures. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "chorus-deadline.h"
#include "chorus-delay-settings.h"
#include "chorus-delays-group.h"

struct _ChorusDelaysGroup
{
  AdwPreferencesGroup  parent_instance;

  GSettings           *settings;
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (ChorusDelaysGroup, chorus_delays_group, ADW_TYPE_PREFERENCES_GROUP)

/* Row items: 0 automatic, then one per ChorusPayerKind. */
static void
kind_selected_cb (AdwComboRow       *row,
                  GParamSpec        *pspec,
                  ChorusDelaysGroup *self)
{
  const char *identifier = g_object_get_data (G_OBJECT (row), "chorus-identifier");
  guint selected = adw_combo_row_get_selected (row);

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;
  chorus_delay_settings_set_structure_kind (self->settings, identifier,
                                            selected > 0 ? (ChorusPayerKind) (selected - 1) : CHORUS_PAYER_STATE,
                                            selected == 0);
}

static GtkWidget *
structure_row (ChorusDelaysGroup *self,
               ChorusStructure   *structure,
               ChorusDelayPolicy *delays)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *automatic = NULL;
  ChorusPayerKind kind;
  gboolean chosen;
  GtkWidget *row = adw_combo_row_new ();

  /* What "automatic" means here, so the user sees what the app assumed. */
  if (chorus_payer_kind_guess (structure->name, &kind))
    automatic = g_strdup_printf (_("From its name: %s"), chorus_payer_kind_label (kind));
  else
    automatic = g_strdup (_("The default delay"));
  gtk_string_list_append (choices, automatic);
  for (guint i = 0; i < CHORUS_PAYER_LAST; i++)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u day)", "%s (%u days)",
                                                             chorus_delay_policy_get_kind_days (delays, i)),
                                                chorus_payer_kind_label (i), chorus_delay_policy_get_kind_days (delays, i));

      gtk_string_list_append (choices, label);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), structure->name ? structure->name : structure->identifier);
  if (structure->identifier != NULL)
    {
      g_autofree char *siret = g_strdup_printf ("SIRET %s", structure->identifier);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), siret);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  kind = chorus_delay_policy_get_kind (delays, structure->identifier, structure->name, &chosen);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), chosen ? kind + 1 : 0);
  g_object_set_data_full (G_OBJECT (row), "chorus-identifier", g_strdup (structure->identifier), g_free);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (kind_selected_cb), self, 0);
  return row;
}

static void
chorus_delays_group_dispose (GObject *object)
{
  ChorusDelaysGroup *self = CHORUS_DELAYS_GROUP (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (chorus_delays_group_parent_class)->dispose (object);
}

static void
chorus_delays_group_class_init (ChorusDelaysGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chorus_delays_group_dispose;
}

static void
chorus_delays_group_init (ChorusDelaysGroup *self)
{
  self->settings = g_settings_new (APP_ID);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Recipient Structures"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("The delay of each structure your invoices go to. Automatic follows the structure’s name (“Centre hospitalier…” is a public hospital), else the deadline above."));
}

GtkWidget *
chorus_delays_group_new (ChorusStore *store)
{
  ChorusDelaysGroup *self = g_object_new (CHORUS_TYPE_DELAYS_GROUP, NULL);
  g_autoptr(ChorusDelayPolicy) delays = chorus_delay_settings_read (self->settings);
  g_autoptr(GPtrArray) recipients = NULL;

  g_return_val_if_fail (!store || CHORUS_IS_STORE (store), GTK_WIDGET (self));

  if (store != NULL)
    recipients = chorus_store_list_recipients (store, CHORUS_DIRECTION_RECEIVED, NULL);
  self->filling = TRUE;
  for (guint i = 0; recipients != NULL && i < recipients->len; i++)
    {
      ChorusStructure *structure = g_ptr_array_index (recipients, i);

      if (structure->identifier != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), structure_row (self, structure, delays));
    }
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), recipients != NULL && recipients->len > 0);
  return GTK_WIDGET (self);
}
