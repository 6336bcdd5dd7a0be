/* test-profile.c: connection profiles saved to and loaded from GSettings (memory backend). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "chorus-profile.h"

static void
test_round_trip (void)
{
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  g_autoptr(ChorusProfile) loaded = NULL;
  g_autoptr(ChorusProfile) second = NULL;
  g_auto(GStrv) ids = NULL;
  const char *roles[] = { "DESTINATAIRE", "VALIDATEUR", NULL };
  const char *gestionnaires[] = { "Claire Martin", "Paul Durand", NULL };
  ChorusProfileStructure *structure;
  ChorusProfileService *service;
  g_autofree char *id = NULL;

  chorus_profile_set_name (profile, "CHU qualification");
  chorus_profile_set_environment (profile, CHORUS_PROFILE_PRODUCTION);
  chorus_profile_set_client_id (profile, "  client-42 \n");
  chorus_profile_set_tech_login (profile, "TECH_1_abc@cpro.fr");
  chorus_profile_set_password_expiry (profile, "2026-12-08 00:00");
  chorus_profile_add_structure (profile, 25478, "26730030200016", "CHU de Savoie");
  chorus_profile_add_structure (profile, 25478, "26730030200016", "duplicate ignored");
  chorus_profile_add_service (profile, 25478, 901, "FIN-01", "Finances");
  chorus_profile_set_roles (profile, roles);
  chorus_profile_set_gestionnaires (profile, gestionnaires);
  id = g_strdup (chorus_profile_get_id (profile));

  /* Unsaved profiles are not listed. */
  g_assert_null (chorus_profile_load (id));
  chorus_profile_save (profile);
  ids = chorus_profile_list_ids ();
  g_assert_true (g_strv_contains ((const char * const *) ids, id));

  loaded = chorus_profile_load (id);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (chorus_profile_get_name (loaded), ==, "CHU qualification");
  g_assert_true (chorus_profile_is_production (loaded));
  g_assert_cmpstr (chorus_profile_get_client_id (loaded), ==, "client-42");
  g_assert_cmpstr (chorus_profile_get_tech_login (loaded), ==, "TECH_1_abc@cpro.fr");
  g_assert_cmpstr (chorus_profile_get_password_expiry (loaded), ==, "2026-12-08");
  g_assert_cmpuint (chorus_profile_get_structures (loaded)->len, ==, 1);
  structure = g_ptr_array_index (chorus_profile_get_structures (loaded), 0);
  g_assert_cmpint (structure->id, ==, 25478);
  g_assert_cmpstr (structure->siret, ==, "26730030200016");
  g_assert_cmpstr (structure->designation, ==, "CHU de Savoie");
  g_assert_cmpuint (chorus_profile_get_services (loaded)->len, ==, 1);
  service = g_ptr_array_index (chorus_profile_get_services (loaded), 0);
  g_assert_cmpint (service->structure_id, ==, 25478);
  g_assert_cmpint (service->id, ==, 901);
  g_assert_cmpstr (service->code, ==, "FIN-01");
  g_assert_true (chorus_profile_has_role (loaded, "VALIDATEUR"));
  g_assert_false (chorus_profile_has_role (loaded, "FOURNISSEUR"));
  g_assert_cmpstrv (chorus_profile_get_gestionnaires (loaded), gestionnaires);

  /* A second new profile never reuses a listed identifier. */
  second = chorus_profile_new ();
  g_assert_cmpstr (chorus_profile_get_id (second), !=, id);
  g_assert_true (chorus_profile_has_role (second, "DESTINATAIRE"));
}

static void
test_delete (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ChorusProfile) a = chorus_profile_new ();
  g_autoptr(ChorusProfile) b = NULL;
  g_autoptr(ChorusProfile) reloaded = NULL;
  g_autoptr(GSettings) profile_settings = NULL;
  g_autofree char *current = NULL;
  g_autofree char *name = NULL;

  chorus_profile_set_name (a, "A");
  chorus_profile_save (a);
  b = chorus_profile_new ();
  chorus_profile_set_name (b, "B");
  chorus_profile_save (b);
  g_settings_set_string (settings, "current-profile", chorus_profile_get_id (a));

  chorus_profile_delete (chorus_profile_get_id (a));
  g_assert_null (chorus_profile_load (chorus_profile_get_id (a)));
  reloaded = chorus_profile_load (chorus_profile_get_id (b));
  g_assert_cmpstr (chorus_profile_get_name (reloaded), ==, "B");
  /* The current profile moves to a remaining one, and the deleted keys are reset. */
  current = g_settings_get_string (settings, "current-profile");
  g_assert_cmpstr (current, !=, chorus_profile_get_id (a));
  profile_settings = chorus_profile_settings_new (chorus_profile_get_id (a));
  name = g_settings_get_string (profile_settings, "name");
  g_assert_cmpstr (name, ==, "");
}

static void
test_expiry (void)
{
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 23, 10, 0, 0);
  int days = 0;

  g_assert_false (chorus_profile_days_to_expiry (profile, today, &days));
  chorus_profile_set_password_expiry (profile, "2026-12-08");
  g_assert_true (chorus_profile_days_to_expiry (profile, today, &days));
  g_assert_cmpint (days, ==, 15);
  chorus_profile_set_password_expiry (profile, "2026-11-20T12:00:00+01:00");
  g_assert_true (chorus_profile_days_to_expiry (profile, today, &days));
  g_assert_cmpint (days, ==, -3);
  /* Garbage from the server leaves the date unknown rather than wrong. */
  chorus_profile_set_password_expiry (profile, "2026-02-30");
  g_assert_null (chorus_profile_get_password_expiry (profile));
  chorus_profile_set_password_expiry (profile, "soon");
  g_assert_null (chorus_profile_get_password_expiry (profile));
}

/* The summary lines the setup wizard's last page and the preferences show. */
static void
test_describe (void)
{
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 23, 10, 0, 0);
  const char *roles[] = { "DESTINATAIRE", "VALIDATEUR", NULL };
  const char *no_role[] = { NULL };
  g_autofree char *unknown = NULL;
  g_autofree char *coming = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *no_structures = NULL;
  g_autofree char *structures = NULL;
  g_autofree char *no_roles = NULL;
  g_autofree char *role_labels = NULL;
  g_autofree char *expected_roles = NULL;

  unknown = chorus_profile_describe_password_expiry (profile, today);
  g_assert_null (unknown);
  chorus_profile_set_password_expiry (profile, "2026-12-08");
  coming = chorus_profile_describe_password_expiry (profile, today);
  g_assert_cmpstr (coming, ==, "08/12/2026, in 15 days");
  chorus_profile_set_password_expiry (profile, "2026-11-24");
  tomorrow = chorus_profile_describe_password_expiry (profile, today);
  g_assert_cmpstr (tomorrow, ==, "24/11/2026, in 1 day");
  chorus_profile_set_password_expiry (profile, "2026-11-20");
  expired = chorus_profile_describe_password_expiry (profile, today);
  g_assert_cmpstr (expired, ==, "Expired on 20/11/2026: change it in the Chorus Pro portal");

  no_structures = chorus_profile_describe_structures (profile);
  g_assert_cmpstr (no_structures, ==, "");
  chorus_profile_add_structure (profile, 25478, "26730030200016", "CHU de Savoie");
  chorus_profile_add_structure (profile, 25479, "21730065600014", "Mairie de Chambéry");
  structures = chorus_profile_describe_structures (profile);
  g_assert_cmpstr (structures, ==, "CHU de Savoie (26730030200016)\nMairie de Chambéry (21730065600014)");

  chorus_profile_set_roles (profile, no_role);
  no_roles = chorus_profile_describe_roles (profile);
  g_assert_cmpstr (no_roles, ==, "");
  chorus_profile_set_roles (profile, roles);
  role_labels = chorus_profile_describe_roles (profile);
  expected_roles = g_strdup_printf ("%s, %s", chorus_role_label (CHORUS_ROLE_DESTINATAIRE),
                                    chorus_role_label (CHORUS_ROLE_VALIDATEUR));
  g_assert_cmpstr (role_labels, ==, expected_roles);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profile/round-trip", test_round_trip);
  g_test_add_func ("/profile/delete", test_delete);
  g_test_add_func ("/profile/expiry", test_expiry);
  g_test_add_func ("/profile/describe", test_describe);
  return g_test_run ();
}
