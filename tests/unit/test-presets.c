/* test-presets.c: establishment deployment: a vendor override of the schema's defaults and a presets file
 * fill a new profile, locked keys hold on existing profiles and read as not writable, odd lines are skipped. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "chorus-presets.h"
#include "chorus-profile.h"
#include "chorus-test-util.h"

static char *dir;

static const char presets_text[] =
  "# Written by the IT department of the CHU\n"
  "[Profile]\n"
  "name=CHU — factures reçues\n"
  "environment=production\n"
  "structures=26440002200015; 26440002200023\n"
  "services=ANFH_FORMATION;PHARMACIE\n"
  "roles=DESTINATAIRE;VALIDATEUR\n"
  "team-host=pg.chu-exemple.fr\n"
  "team-tls=require\n"
  "team-port=not-a-port\n"
  "unknown-key=1\n"
  "[Lock]\n"
  "keys=environment;team-host;team-tls;nonsense\n";

static void
test_vendor_and_presets_fill_new_profile (void)
{
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  const ChorusTeamConfig *team = chorus_profile_get_team_config (profile);

  /* From the presets file. */
  g_assert_cmpstr (chorus_profile_get_name (profile), ==, "CHU — factures reçues");
  g_assert_cmpstr (chorus_profile_get_environment (profile), ==, "production");
  g_assert_cmpstr (team->host, ==, "pg.chu-exemple.fr");
  g_assert_cmpint (team->tls, ==, CHORUS_TEAM_TLS_REQUIRE);
  g_assert_true (chorus_profile_has_role (profile, "VALIDATEUR"));
  /* From the vendor override where the presets say nothing (the invalid port is skipped). */
  g_assert_cmpstr (chorus_profile_get_client_id (profile), ==, "piste-chu-exemple");
  g_assert_cmpstr (team->database, ==, "suivi_factures");
  g_assert_cmpuint (team->port, ==, 5433);
}

static void
test_locks_hold (void)
{
  g_autoptr(ChorusProfile) profile = chorus_profile_new ();
  g_autoptr(ChorusProfile) loaded = NULL;
  g_autoptr(ChorusTeamConfig) team = chorus_team_config_copy (chorus_profile_get_team_config (profile));
  g_autoptr(GSettings) settings = NULL;

  /* Whatever a user (or an older version) wrote, a locked key comes back as IT set it. */
  chorus_profile_set_environment (profile, CHORUS_PROFILE_QUALIFICATION);
  chorus_profile_set_name (profile, "Mon profil");
  g_free (team->host);
  team->host = g_strdup ("autre-serveur");
  g_free (team->database);
  team->database = g_strdup ("ma_base");
  chorus_profile_set_team_config (profile, team);
  g_assert_cmpstr (chorus_profile_get_team_config (profile)->host, ==, "pg.chu-exemple.fr");
  g_assert_cmpstr (chorus_profile_get_team_config (profile)->database, ==, "ma_base");
  chorus_profile_save (profile);

  settings = chorus_profile_settings_new (chorus_profile_get_id (profile));
  g_settings_set_string (settings, "environment", "qualification");
  g_settings_set_string (settings, "team-host", "contourne");
  loaded = chorus_profile_load (chorus_profile_get_id (profile));
  g_assert_cmpstr (chorus_profile_get_environment (loaded), ==, "production");
  g_assert_cmpstr (chorus_profile_get_team_config (loaded)->host, ==, "pg.chu-exemple.fr");
  /* Unlocked keys are the user's. */
  g_assert_cmpstr (chorus_profile_get_name (loaded), ==, "Mon profil");
  g_assert_cmpstr (chorus_profile_get_team_config (loaded)->database, ==, "ma_base");

  /* And the UI asks before offering a field. */
  g_assert_false (chorus_settings_is_writable (settings, "environment"));
  g_assert_false (chorus_profile_key_is_writable (loaded, "team-tls"));
  g_assert_true (chorus_settings_is_writable (settings, "name"));
  g_assert_true (chorus_profile_key_is_writable (loaded, "team-database"));
  g_assert_nonnull (chorus_settings_lock_reason ());
}

static void
test_presets_file (void)
{
  ChorusPresets *presets = chorus_presets_get_default ();
  g_auto(GStrv) structures = chorus_presets_get_list (presets, "structures");
  g_auto(GStrv) services = chorus_presets_get_list (presets, "services");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChorusPresets) missing = NULL;

  g_assert_true (chorus_presets_has_profile (presets));
  g_assert_nonnull (g_strrstr (chorus_presets_get_path (presets), "presets.ini"));
  g_assert_cmpuint (g_strv_length (structures), ==, 2);
  g_assert_cmpstr (structures[1], ==, "26440002200023");
  g_assert_cmpuint (g_strv_length (services), ==, 2);
  g_assert_null (chorus_presets_get (presets, "team-port"));
  g_assert_null (chorus_presets_get (presets, "unknown-key"));
  g_assert_true (chorus_presets_is_locked (presets, "team-host"));
  g_assert_false (chorus_presets_is_locked (presets, "team-database"));
  g_assert_false (chorus_presets_is_locked (presets, "nonsense"));

  missing = chorus_presets_load ("/nonexistent/presets.ini", &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int argc, char **argv)
{
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The presets are read once per process: the file must be in place first. */
  dir = g_dir_make_tmp ("chorus-presets-XXXXXX", NULL);
  path = g_build_filename (dir, "presets.ini", NULL);
  g_assert_true (g_file_set_contents (path, presets_text, -1, NULL));
  g_setenv ("CHORUS_DESK_PRESETS", path, TRUE);
  g_test_expect_message ("ChorusCore", G_LOG_LEVEL_WARNING, "*team-port=not-a-port ignored*");
  g_test_expect_message ("ChorusCore", G_LOG_LEVEL_WARNING, "*unknown-key=1 ignored*");
  g_test_expect_message ("ChorusCore", G_LOG_LEVEL_WARNING, "*nonsense ignored*");
  chorus_presets_get_default ();
  g_test_assert_expected_messages ();

  g_test_add_func ("/presets/file", test_presets_file);
  g_test_add_func ("/presets/vendor-and-presets-fill-new-profile", test_vendor_and_presets_fill_new_profile);
  g_test_add_func ("/presets/locks-hold", test_locks_hold);
  status = g_test_run ();
  chorus_test_remove_dir (dir);
  g_free (dir);
  return status;
}
