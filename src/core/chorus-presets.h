/* chorus-presets.h: what an establishment's IT sets for every desktop: a presets file read at first start, locked keys. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The presets file, an .ini with a [Profile] group of connection-profile keys (as in the
 * GSettings schema: name, environment, client-id, structures, services, team-host, team-port,
 * team-database, team-user, team-tls, team-ca-file) and a [Lock] group whose "keys" lists the
 * ones users may not change. Looked for in $CHORUS_DESK_PRESETS, then
 * <sysconfdir>/chorus-desk/presets.ini (/etc for Debian packages, /app/etc in the Flatpak, where
 * an extension provides it), then /etc/chorus-desk/presets.ini. */
typedef struct _ChorusPresets ChorusPresets;

/* Read once; never NULL (empty when there is no file, or a broken one, which is logged). */
ChorusPresets *chorus_presets_get_default      (void);
/* A given file: for tests, and for a preview of a file IT is writing. */
ChorusPresets *chorus_presets_load             (const char    *path,
                                                GError       **error);
void           chorus_presets_free             (ChorusPresets *presets);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChorusPresets, chorus_presets_free)

/* The file they came from; NULL when none. */
const char    *chorus_presets_get_path         (ChorusPresets *presets);
/* Some profile key is preset. */
gboolean       chorus_presets_has_profile      (ChorusPresets *presets);
/* The preset text of a profile key, NULL when not preset. Lists (structures, services) are
 * separated by ';'. */
const char    *chorus_presets_get              (ChorusPresets *presets,
                                                const char    *key);
GStrv          chorus_presets_get_list         (ChorusPresets *presets,
                                                const char    *key);
gboolean       chorus_presets_is_locked        (ChorusPresets *presets,
                                                const char    *key);

/* FALSE when the key is locked by the system (dconf lockdown, g_settings_is_writable) or by the
 * default presets; the UI shows such fields insensitive, with chorus_settings_lock_reason(). */
gboolean       chorus_settings_is_writable     (GSettings     *settings,
                                                const char    *key);
/* Why a key cannot be changed, for the user. */
const char    *chorus_settings_lock_reason     (void);

G_END_DECLS
