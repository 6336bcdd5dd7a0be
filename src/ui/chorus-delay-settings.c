/* chorus-delay-settings.c: reads the legal payment delays from GSettings into a ChorusDelayPolicy. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-delay-settings.h"

static const char * const delay_keys[] = {
  "payment-delay-kind", "payment-delay-state", "payment-delay-hospital", "payment-delay-structures",
};

ChorusDelayPolicy *
chorus_delay_settings_read (GSettings *settings)
{
  ChorusDelayPolicy *policy = chorus_delay_policy_new ();
  g_autofree char *kind = NULL;
  g_autoptr(GVariant) structures = NULL;
  GVariantIter iter;
  const char *identifier, *name;
  ChorusPayerKind chosen;
  guint state_days, hospital_days;

  g_return_val_if_fail (G_IS_SETTINGS (settings), policy);

  state_days = g_settings_get_uint (settings, "payment-delay-state");
  hospital_days = g_settings_get_uint (settings, "payment-delay-hospital");
  chorus_delay_policy_set_kind_days (policy, CHORUS_PAYER_STATE, state_days);
  chorus_delay_policy_set_kind_days (policy, CHORUS_PAYER_LOCAL_AUTHORITY, state_days);
  chorus_delay_policy_set_kind_days (policy, CHORUS_PAYER_HOSPITAL, hospital_days);
  kind = g_settings_get_string (settings, "payment-delay-kind");
  chorus_delay_policy_set_default_kind (policy, g_strcmp0 (kind, "state") == 0 ? CHORUS_PAYER_STATE
                                                                                : CHORUS_PAYER_HOSPITAL);
  structures = g_settings_get_value (settings, "payment-delay-structures");
  g_variant_iter_init (&iter, structures);
  while (g_variant_iter_next (&iter, "{&s&s}", &identifier, &name))
    if (chorus_payer_kind_from_string (name, &chosen))
      chorus_delay_policy_set_structure_kind (policy, identifier, chosen);
  return policy;
}

void
chorus_delay_settings_connect (GSettings *settings,
                               GCallback  callback,
                               gpointer   object)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  for (gsize i = 0; i < G_N_ELEMENTS (delay_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", delay_keys[i], NULL);

      g_signal_connect_object (settings, signal, callback, object, G_CONNECT_SWAPPED);
    }
}

void
chorus_delay_settings_set_structure_kind (GSettings       *settings,
                                          const char      *identifier,
                                          ChorusPayerKind  kind,
                                          gboolean         automatic)
{
  g_autoptr(GVariant) structures = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (identifier != NULL);

  structures = g_settings_get_value (settings, "payment-delay-structures");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, structures);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, identifier))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (!automatic)
    g_variant_builder_add (&builder, "{ss}", identifier, chorus_payer_kind_to_string (kind));
  g_settings_set_value (settings, "payment-delay-structures", g_variant_builder_end (&builder));
}
