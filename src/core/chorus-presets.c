/* chorus-presets.c: what an establishment's IT sets for every desktop: a presets file read at first start, locked keys. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "chorus-presets.h"

#define PROFILE_GROUP "Profile"
#define LOCK_GROUP    "Lock"

/* The profile keys a presets file may set, with how each is checked. */
typedef enum { PRESET_TEXT, PRESET_PORT, PRESET_LIST, PRESET_CHOICE } PresetKind;

typedef struct {
  const char *key;
  PresetKind  kind;
  const char *choices;   /* PRESET_CHOICE: ';'-separated */
} PresetKey;

static const PresetKey preset_keys[] = {
  { "name", PRESET_TEXT, NULL },
  { "environment", PRESET_CHOICE, "qualification;production" },
  { "client-id", PRESET_TEXT, NULL },
  { "tech-login", PRESET_TEXT, NULL },
  { "structures", PRESET_LIST, NULL },     /* SIRETs */
  { "services", PRESET_LIST, NULL },       /* service codes */
  { "roles", PRESET_LIST, NULL },          /* DESTINATAIRE, FOURNISSEUR, … */
  { "team-host", PRESET_TEXT, NULL },
  { "team-port", PRESET_PORT, NULL },
  { "team-database", PRESET_TEXT, NULL },
  { "team-user", PRESET_TEXT, NULL },
  { "team-tls", PRESET_CHOICE, "verify-full;require" },
  { "team-ca-file", PRESET_TEXT, NULL },
};

struct _ChorusPresets
{
  char       *path;
  GHashTable *values;    /* key -> text */
  GHashTable *locked;    /* key set */
};

static ChorusPresets *
presets_new (void)
{
  ChorusPresets *presets = g_new0 (ChorusPresets, 1);

  presets->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  presets->locked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return presets;
}

void
chorus_presets_free (ChorusPresets *presets)
{
  if (presets == NULL)
    return;
  g_free (presets->path);
  g_hash_table_unref (presets->values);
  g_hash_table_unref (presets->locked);
  g_free (presets);
}

static const PresetKey *
find_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (preset_keys); i++)
    if (g_strcmp0 (key, preset_keys[i].key) == 0)
      return &preset_keys[i];
  return NULL;
}

static gboolean
check_value (const PresetKey *spec, const char *value)
{
  if (spec->kind == PRESET_PORT)
    {
      guint64 port = 0;

      return g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL);
    }
  if (spec->kind == PRESET_CHOICE)
    {
      g_auto(GStrv) choices = g_strsplit (spec->choices, ";", -1);

      return g_strv_contains ((const char * const *) choices, value);
    }
  return g_utf8_validate (value, -1, NULL);
}

ChorusPresets *
chorus_presets_load (const char  *path,
                     GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) locked = NULL;
  ChorusPresets *presets;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("The presets file “%s” could not be read: "), path);
      return NULL;
    }
  presets = presets_new ();
  presets->path = g_strdup (path);
  keys = g_key_file_get_keys (file, PROFILE_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const PresetKey *spec = find_key (keys[i]);
      g_autofree char *value = g_key_file_get_string (file, PROFILE_GROUP, keys[i], NULL);

      if (value != NULL)
        g_strstrip (value);
      /* One odd line never sinks the others: it is reported and skipped. */
      if (spec == NULL || value == NULL || !check_value (spec, value))
        {
          g_warning ("%s: [%s] %s=%s ignored (unknown key or invalid value)", path, PROFILE_GROUP, keys[i],
                     value != NULL ? value : "");
          continue;
        }
      g_hash_table_insert (presets->values, g_strdup (keys[i]), g_steal_pointer (&value));
    }
  locked = g_key_file_get_string_list (file, LOCK_GROUP, "keys", NULL, NULL);
  for (guint i = 0; locked != NULL && locked[i] != NULL; i++)
    {
      g_strstrip (locked[i]);
      if (find_key (locked[i]) == NULL)
        {
          g_warning ("%s: [%s] %s ignored (unknown key)", path, LOCK_GROUP, locked[i]);
          continue;
        }
      g_hash_table_add (presets->locked, g_strdup (locked[i]));
    }
  return presets;
}

ChorusPresets *
chorus_presets_get_default (void)
{
  static ChorusPresets *presets;

  if (g_once_init_enter (&presets))
    {
      const char *env = g_getenv ("CHORUS_DESK_PRESETS");
      g_autofree char *installed = g_build_filename (SYSCONFDIR, "chorus-desk", "presets.ini", NULL);
      const char *candidates[] = { env, installed, "/etc/chorus-desk/presets.ini" };
      ChorusPresets *found = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (candidates) && found == NULL; i++)
        {
          g_autoptr(GError) error = NULL;

          if (candidates[i] == NULL || candidates[i][0] == '\0' || !g_file_test (candidates[i], G_FILE_TEST_EXISTS))
            continue;
          found = chorus_presets_load (candidates[i], &error);
          if (found == NULL)
            g_warning ("%s", error->message);
        }
      g_once_init_leave (&presets, found != NULL ? found : presets_new ());
    }
  return presets;
}

const char *
chorus_presets_get_path (ChorusPresets *presets)
{
  g_return_val_if_fail (presets != NULL, NULL);
  return presets->path;
}

gboolean
chorus_presets_has_profile (ChorusPresets *presets)
{
  g_return_val_if_fail (presets != NULL, FALSE);
  return g_hash_table_size (presets->values) > 0;
}

const char *
chorus_presets_get (ChorusPresets *presets,
                    const char    *key)
{
  g_return_val_if_fail (presets != NULL, NULL);
  return g_hash_table_lookup (presets->values, key);
}

GStrv
chorus_presets_get_list (ChorusPresets *presets,
                         const char    *key)
{
  const char *text = chorus_presets_get (presets, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;
  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

gboolean
chorus_presets_is_locked (ChorusPresets *presets,
                          const char    *key)
{
  g_return_val_if_fail (presets != NULL, FALSE);
  return key != NULL && g_hash_table_contains (presets->locked, key);
}

gboolean
chorus_settings_is_writable (GSettings  *settings,
                             const char *key)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return g_settings_is_writable (settings, key) && !chorus_presets_is_locked (chorus_presets_get_default (), key);
}

const char *
chorus_settings_lock_reason (void)
{
  return _("Set by your IT department for every computer of the establishment");
}
